/* test_search: the exact → fuzzy steps of a list's search (lib/search.c).
 * The database is a fake executor: a sorted list of exact matches and a
 * longer one of exact and fuzzy matches (and a walk that sees walk_seen
 * exact matches past its cursor), paged by a cursor that is the
 * position of the last row shown, so every step's statement, cursor and
 * limit can be checked without a server. */
#include "fixtures.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "search.h"

DB_STMT(exact_stmt, "exact");
DB_STMT(fuzzy_stmt, "fuzzy");
DB_STMT(walk_stmt, "walk");
DB_STMT(walk_after_stmt, "walk after");
static const struct search_steps steps = { &exact_stmt, &fuzzy_stmt };
static const struct search_steps walked = { &exact_stmt, &fuzzy_stmt, &walk_stmt, &walk_after_stmt };

/* The fake database and what was asked of it. */
static int exact_total, all_total, walk_seen, fail_call;   /* walk_seen: exact matches within a walk's reach */
static int ncalls;
static struct call { struct db_stmt *st; int after; int limit; } calls[8];

static PGresult *
fake_exec(struct request *r, struct db_stmt *st, int n, const char *const *vals)
{
	assert_int_equal(n, 4);
	assert_string_equal(vals[0], "q");      /* parameters before the cursor pass as they are */
	int after = vals[1] ? atoi(vals[1]) : 0, limit = atoi(vals[3]);
	assert_true(ncalls < 8);
	calls[ncalls++] = (struct call){ st, vals[1] ? after : -1, limit };
	if (ncalls == fail_call)
		return NULL;
	int total = st == &exact_stmt ? exact_total : st == &fuzzy_stmt ? all_total : after + walk_seen;
	int rows = total - after < limit ? total - after : limit;
	PGresult *res = PQmakeEmptyPGresult(NULL, PGRES_TUPLES_OK);
	PGresAttDesc col = { .name = "id", .typid = 20, .typlen = 8, .atttypmod = -1 };
	assert_true(PQsetResultAttrs(res, 1, &col));
	for (int i = 0; i < rows; i++) {
		char id[16];
		snprintf(id, sizeof(id), "%d", after + i + 1);
		assert_true(PQsetvalue(res, i, 0, id, (int)strlen(id)));
	}
	arena_defer(r->arena, (void (*)(void *))PQclear, res);
	return res;
}

/* A fresh fixture and a fresh fake database log. */
static int
setup(void **state)
{
	ncalls = 0;
	fail_call = 0;
	return fx_setup(state);
}

/* One page of limit rows after position after (0: the first page). */
static PGresult *
page_of(const struct search_steps *st, struct fx *f, int limit, int after, int fuzzy)
{
	f->lq.limit = limit;
	f->lq.after_key = after ? arena_printf(f->a, "%d", after) : NULL;
	f->lq.after_id = after ? "1" : NULL;
	const char *vals[] = { "q", f->lq.after_key, f->lq.after_id, arena_printf(f->a, "%d", limit + 1) };
	return search_run_with(fake_exec, &f->r, st, &f->lq, fuzzy, 4, vals);
}

static PGresult *
page(struct fx *f, int limit, int after, int fuzzy)
{
	return page_of(&steps, f, limit, after, fuzzy);
}

/* A walk that fills the page (limit+1 rows) is the answer, on the first
 * page and after a cursor (its own statement); one that finds fewer hands
 * over to the exact step, which decides as before. */
static void
a_walk_that_fills_the_page_is_the_answer(void **state)
{
	struct fx *f = *state;
	exact_total = 500;
	all_total = 900;
	walk_seen = 60;
	PGresult *res = page_of(&walked, f, 50, 0, 1);
	assert_int_equal(PQntuples(res), 51);
	assert_int_equal(ncalls, 1);
	assert_ptr_equal(calls[0].st, &walk_stmt);
	assert_int_equal(calls[0].limit, 51);

	ncalls = 0;
	res = page_of(&walked, f, 50, 50, 1);
	assert_int_equal(PQntuples(res), 51);
	assert_int_equal(ncalls, 1);
	assert_ptr_equal(calls[0].st, &walk_after_stmt);
	assert_int_equal(calls[0].after, 50);
	assert_string_equal(PQgetvalue(res, 0, 0), "51");
}

static void
a_walk_that_finds_too_few_hands_over_to_the_exact_step(void **state)
{
	struct fx *f = *state;
	exact_total = 120;
	all_total = 900;
	walk_seen = 50;                            /* a page, but not a row more: is there a next page? */
	PGresult *res = page_of(&walked, f, 50, 0, 1);
	assert_int_equal(PQntuples(res), 51);
	assert_int_equal(ncalls, 2);
	assert_ptr_equal(calls[0].st, &walk_stmt);
	assert_ptr_equal(calls[1].st, &exact_stmt);

	ncalls = 0;                                /* a rare term: walk, exact, then fuzzy */
	exact_total = 3;
	all_total = 80;
	walk_seen = 1;
	res = page_of(&walked, f, 50, 0, 1);
	assert_int_equal(PQntuples(res), 51);
	assert_int_equal(ncalls, 3);
	assert_ptr_equal(calls[2].st, &fuzzy_stmt);

	ncalls = 0;
	fail_call = 1;                             /* a failing walk is a failure */
	assert_null(page_of(&walked, f, 50, 0, 1));
	assert_int_equal(ncalls, 1);
}

static void
common_term_is_answered_by_the_exact_step_alone(void **state)
{
	struct fx *f = *state;
	exact_total = 500;
	all_total = 900;
	PGresult *res = page(f, 50, 0, 1);
	assert_int_equal(PQntuples(res), 51);      /* a full page and one more: there is a next page */
	assert_int_equal(ncalls, 1);
	assert_ptr_equal(calls[0].st, &exact_stmt);
	assert_int_equal(calls[0].limit, 51);
}

static void
a_later_page_of_a_common_term_stays_exact(void **state)
{
	struct fx *f = *state;
	exact_total = 120;
	all_total = 900;
	PGresult *res = page(f, 50, 100, 1);       /* the last, short page of the exact matches */
	assert_int_equal(PQntuples(res), 20);
	assert_int_equal(ncalls, 2);
	assert_ptr_equal(calls[1].st, &exact_stmt);
	assert_int_equal(calls[1].after, -1);      /* counted from the start, not the cursor */
	assert_int_equal(calls[1].limit, 50);
}

static void
too_few_exact_matches_are_filled_with_fuzzy_ones(void **state)
{
	struct fx *f = *state;
	exact_total = 3;
	all_total = 80;
	PGresult *res = page(f, 50, 0, 1);
	assert_int_equal(PQntuples(res), 51);
	assert_int_equal(ncalls, 2);
	assert_ptr_equal(calls[1].st, &fuzzy_stmt);
	assert_int_equal(calls[1].after, -1);
	assert_int_equal(calls[1].limit, 51);

	/* ... and its next page comes from the same set */
	ncalls = 0;
	res = page(f, 50, 50, 1);
	assert_int_equal(PQntuples(res), 30);
	assert_int_equal(ncalls, 3);
	assert_ptr_equal(calls[1].st, &exact_stmt);
	assert_int_equal(calls[1].after, -1);
	assert_ptr_equal(calls[2].st, &fuzzy_stmt);
	assert_int_equal(calls[2].after, 50);
}

static void
exactly_a_page_of_exact_matches_needs_no_fuzzy_step(void **state)
{
	struct fx *f = *state;
	exact_total = 50;
	all_total = 80;
	assert_int_equal(PQntuples(page(f, 50, 0, 1)), 50);
	assert_int_equal(ncalls, 1);
}

static void
no_fuzzy_step_when_it_is_turned_off(void **state)
{
	struct fx *f = *state;
	exact_total = 0;
	all_total = 80;
	assert_int_equal(PQntuples(page(f, 50, 0, 0)), 0);   /* a phone number: exact digits or nothing */
	assert_int_equal(PQntuples(page(f, 50, 10, 0)), 0);
	assert_int_equal(ncalls, 2);
}

static void
a_failure_at_any_step_is_a_failure(void **state)
{
	struct fx *f = *state;
	exact_total = 3;
	all_total = 80;
	for (int step = 1; step <= 3; step++) {
		ncalls = 0;
		fail_call = step;
		assert_null(page(f, 50, 2, 1));
		assert_int_equal(ncalls, step);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(common_term_is_answered_by_the_exact_step_alone, setup, fx_teardown),
		cmocka_unit_test_setup_teardown(a_later_page_of_a_common_term_stays_exact, setup, fx_teardown),
		cmocka_unit_test_setup_teardown(too_few_exact_matches_are_filled_with_fuzzy_ones, setup, fx_teardown),
		cmocka_unit_test_setup_teardown(exactly_a_page_of_exact_matches_needs_no_fuzzy_step, setup, fx_teardown),
		cmocka_unit_test_setup_teardown(no_fuzzy_step_when_it_is_turned_off, setup, fx_teardown),
		cmocka_unit_test_setup_teardown(a_failure_at_any_step_is_a_failure, setup, fx_teardown),
		cmocka_unit_test_setup_teardown(a_walk_that_fills_the_page_is_the_answer, setup, fx_teardown),
		cmocka_unit_test_setup_teardown(a_walk_that_finds_too_few_hands_over_to_the_exact_step, setup, fx_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
