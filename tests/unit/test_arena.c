/* test_arena: the per-request allocator (lib/arena.c). */
#include "fixtures.h"
#include <string.h>
#include "arena.h"

static int
is_zero(const unsigned char *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (p[i] != 0)
			return 0;
	return 1;
}

/* Thousands of allocations spill over many blocks; each is zeroed,
 * 16-aligned, and none overlaps another (every pattern survives). */
static void
many_allocations_across_blocks(void **state)
{
	(void)state;
	enum { N = 2000 };
	struct arena *a = arena_new();
	unsigned char *p[N];
	size_t sz[N], total = 0;
	for (int i = 0; i < N; i++) {
		sz[i] = (size_t)(1 + (i * 37) % 300);
		p[i] = arena_alloc(a, sz[i]);
		assert_non_null(p[i]);
		assert_int_equal((uintptr_t)p[i] % 16, 0);
		assert_true(is_zero(p[i], sz[i]));
		memset(p[i], i & 0xff, sz[i]);
		total += sz[i];
	}
	assert_true(total > 4 * 16384);          /* really crossed blocks */
	for (int i = 0; i < N; i++)
		for (size_t k = 0; k < sz[i]; k++)
			assert_int_equal(p[i][k], i & 0xff);
	assert_true(arena_used(a) >= total);
	arena_free(a);
}

/* An allocation larger than a block gets a block of its own. */
static void
allocation_larger_than_block(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	char *small = arena_alloc(a, 10);
	unsigned char *big = arena_alloc(a, 100000);
	assert_int_equal((uintptr_t)big % 16, 0);
	assert_true(is_zero(big, 100000));
	memset(big, 0xAB, 100000);
	char *after = arena_alloc(a, 10);
	memset(after, 0x11, 10);
	assert_int_equal(big[0], 0xAB);
	assert_int_equal(big[99999], 0xAB);
	assert_int_equal(small[0], 0);
	arena_free(a);
}

/* Odd sizes, and even zero, give distinct 16-aligned pointers. */
static void
alignment_and_zero_size(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	size_t sizes[] = { 0, 1, 3, 15, 16, 17, 31, 33, 0 };
	void *prev = NULL;
	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		void *q = arena_alloc(a, sizes[i]);
		assert_int_equal((uintptr_t)q % 16, 0);
		assert_ptr_not_equal(q, prev);
		prev = q;
	}
	arena_free(a);
}

static char order[16];
static size_t norder;

static void
record(void *p)
{
	order[norder++] = *(const char *)p;
	order[norder] = '\0';
}

/* Cleanup hooks run last-registered first on reset, exactly once, and
 * again (for new ones) on free. */
static void
cleanups_run_in_reverse(void **state)
{
	(void)state;
	static const char ids[] = "abcde";
	struct arena *a = arena_new();
	norder = 0;
	order[0] = '\0';
	arena_defer(a, record, (void *)&ids[0]);
	arena_defer(a, record, (void *)&ids[1]);
	arena_defer(a, record, (void *)&ids[2]);
	arena_reset(a);
	assert_string_equal(order, "cba");
	arena_reset(a);                            /* nothing left to run */
	assert_string_equal(order, "cba");
	arena_defer(a, record, (void *)&ids[3]);
	arena_defer(a, record, (void *)&ids[4]);
	arena_free(a);
	assert_string_equal(order, "cbaed");
}

static struct arena *hook_arena;

static void
hook_that_allocates(void *p)
{
	/* A hook may still use the arena (it is unlinked before it runs). */
	char *s = arena_strdup(hook_arena, "x");
	assert_string_equal(s, "x");
	record(p);
}

/* A cleanup hook that allocates from the arena it belongs to is safe. */
static void
cleanup_may_allocate(void **state)
{
	(void)state;
	static const char id = 'h';
	hook_arena = arena_new();
	norder = 0;
	arena_defer(hook_arena, hook_that_allocates, (void *)&id);
	arena_reset(hook_arena);
	assert_string_equal(order, "h");
	arena_free(hook_arena);
	assert_string_equal(order, "h");
}

/* Reset keeps the first block: the next allocation reuses its memory,
 * and the accounting starts again from zero. */
static void
reset_reuses_first_block(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	char *first = arena_alloc(a, 64);
	for (int i = 0; i < 100; i++)
		arena_alloc(a, 1000);               /* several more blocks */
	assert_true(arena_used(a) >= 100 * 1000);
	arena_reset(a);
	assert_int_equal(arena_used(a), 0);
	char *again = arena_alloc(a, 64);
	assert_ptr_equal(first, again);
	assert_true(is_zero((unsigned char *)again, 64));
	arena_free(a);
}

/* strdup/strndup copy into the arena; NULL stays NULL; strndup stops at n. */
static void
string_copies(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	char src[] = "hello world";
	char *d = arena_strdup(a, src);
	assert_string_equal(d, "hello world");
	assert_ptr_not_equal(d, src);
	src[0] = 'J';
	assert_string_equal(d, "hello world");
	assert_string_equal(arena_strndup(a, src, 5), "Jello");
	assert_string_equal(arena_strndup(a, src, 0), "");
	assert_null(arena_strdup(a, NULL));
	assert_null(arena_strndup(a, NULL, 3));
	arena_free(a);
}

/* printf formats like snprintf, including output longer than a block. */
static void
printf_formats(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	assert_string_equal(arena_printf(a, "%s-%d-%05.1f", "id", 42, 3.14159), "id-42-003.1");
	assert_string_equal(arena_printf(a, "%s", ""), "");
	static char big[40000];
	memset(big, 'z', sizeof(big) - 1);
	char *s = arena_printf(a, "<%s>", big);
	assert_int_equal(strlen(s), sizeof(big) - 1 + 2);
	assert_int_equal(s[0], '<');
	assert_int_equal(s[1], 'z');
	assert_int_equal(s[sizeof(big)], '>');
	arena_free(a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(many_allocations_across_blocks),
		cmocka_unit_test(allocation_larger_than_block),
		cmocka_unit_test(alignment_and_zero_size),
		cmocka_unit_test(cleanups_run_in_reverse),
		cmocka_unit_test(cleanup_may_allocate),
		cmocka_unit_test(reset_reuses_first_block),
		cmocka_unit_test(string_copies),
		cmocka_unit_test(printf_formats),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
