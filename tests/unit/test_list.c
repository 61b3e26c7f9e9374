/* test_list: the collection contract, ?q ?sort ?limit ?after and the
 * {"items","next"} answer (lib/list.c). Result sets are built in memory
 * with libpq's PQmakeEmptyPGresult, so no database is needed. */
#include "fixtures.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "list.h"

static const struct list_sort sorts[] = {
	{ "name", "Name", "name" },
	{ "-created_at", "Newest first", "created_at" },
	{ NULL, NULL, NULL },
};

/* A fresh request with these query parameters (name, value, ..., NULL),
 * parsed by list_parse. */
static enum herr
parse(struct fx *f, ...)
{
	fx_fresh(f);
	va_list ap;
	va_start(ap, f);
	for (;;) {
		const char *k = va_arg(ap, const char *);
		if (k == NULL)
			break;
		kv_add(f->a, &f->r.query, k, va_arg(ap, const char *));
	}
	va_end(ap);
	return list_parse(&f->r, sorts, &f->lq);
}

static const char *
err(struct fx *f, const char *field)
{
	json_object *v;
	if (f->r.errors == NULL || !json_object_object_get_ex(f->r.errors, field, &v))
		return NULL;
	return json_object_get_string(v);
}

/* No parameters: first sort, limit 50 (fetch 51), no search, first page. */
static void
defaults(void **state)
{
	struct fx *f = *state;
	assert_int_equal(parse(f, NULL), HE_OK);
	assert_ptr_equal(f->lq.sort, &sorts[0]);
	assert_int_equal(f->lq.sort_index, 0);
	assert_ptr_equal(f->lq.sorts, sorts);
	assert_int_equal(f->lq.limit, LIST_LIMIT_DEFAULT);
	assert_string_equal(f->lq.limit_plus_one, "51");
	assert_null(f->lq.q);
	assert_null(f->lq.like);
	assert_null(f->lq.after_key);
	assert_null(f->lq.after_id);
	assert_null(f->r.errors);
	/* empty values are the same as absent */
	assert_int_equal(parse(f, "q", "   ", "sort", "", "limit", "", "after", "", NULL), HE_OK);
	assert_null(f->lq.q);
	assert_int_equal(f->lq.limit, 50);
}

/* The search text is trimmed and becomes a LIKE pattern with % _ \
 * escaped (so they match themselves). */
static void
search_and_like_escape(void **state)
{
	struct fx *f = *state;
	assert_int_equal(parse(f, "q", "  Ann  ", NULL), HE_OK);
	assert_string_equal(f->lq.q, "Ann");
	assert_string_equal(f->lq.like, "%Ann%");
	assert_int_equal(parse(f, "q", "50%_off\\now", NULL), HE_OK);
	assert_string_equal(f->lq.like, "%50\\%\\_off\\\\now%");
	assert_string_equal(list_like_escape(f->a, ""), "%%");
	assert_string_equal(list_like_escape(f->a, "%%__\\\\"), "%\\%\\%\\_\\_\\\\\\\\%");
	assert_string_equal(list_like_escape(f->a, "caf\xc3\xa9 o'brien"), "%caf\xc3\xa9 o'brien%");
}

/* Search text is limited to 200 characters (not bytes). */
static void
search_length(void **state)
{
	struct fx *f = *state;
	char q[512] = "";
	for (int i = 0; i < 200; i++)
		strcat(q, "\xc3\xa9");                               /* 200 chars, 400 bytes */
	assert_int_equal(parse(f, "q", q, NULL), HE_OK);
	strcat(q, "x");
	assert_int_equal(parse(f, "q", q, NULL), HE_INVALID);
	assert_non_null(err(f, "q"));
}

/* limit: 1..200; anything else is a field error. */
static void
limit_bounds(void **state)
{
	struct fx *f = *state;
	assert_int_equal(parse(f, "limit", "1", NULL), HE_OK);
	assert_int_equal(f->lq.limit, 1);
	assert_string_equal(f->lq.limit_plus_one, "2");
	assert_int_equal(parse(f, "limit", "200", NULL), HE_OK);
	assert_int_equal(f->lq.limit, 200);
	assert_string_equal(f->lq.limit_plus_one, "201");
	const char *bad[] = { "0", "201", "-1", "abc", "10x", "1e2", "99999999999999999999" };
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(parse(f, "limit", bad[i], NULL), HE_INVALID);
		assert_string_equal(err(f, "limit"), "Between 1 and 200.");
		assert_int_equal(f->lq.limit, LIST_LIMIT_DEFAULT);
	}
}

/* sort: only names from the whitelist. */
static void
sort_whitelist(void **state)
{
	struct fx *f = *state;
	assert_int_equal(parse(f, "sort", "-created_at", NULL), HE_OK);
	assert_ptr_equal(f->lq.sort, &sorts[1]);
	assert_int_equal(f->lq.sort_index, 1);
	const char *bad[] = { "created_at", "password_hash", "name; DROP TABLE x", "NAME", "-name" };
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(parse(f, "sort", bad[i], NULL), HE_INVALID);
		assert_string_equal(err(f, "sort"), "Not a sort this list offers.");
		assert_ptr_equal(f->lq.sort, &sorts[0]);
	}
}

/* Every bad parameter is reported at once. */
static void
all_errors(void **state)
{
	struct fx *f = *state;
	assert_int_equal(parse(f, "sort", "x", "limit", "0", "after", "!!", NULL), HE_INVALID);
	assert_non_null(err(f, "sort"));
	assert_non_null(err(f, "limit"));
	assert_non_null(err(f, "after"));
}

/* A cursor made by list_cursor parses back to its key and id; it is
 * URL-safe as is. */
static void
cursor_round_trip(void **state)
{
	struct fx *f = *state;
	const char *keys[] = { "Smith, Ann", "J\xc3\xb6rg \xe2\x82\xac", "", "2026-03-14T09:30:00Z", "a=b&c" };
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		char *c = list_cursor(&f->r, keys[i], "123");
		assert_int_equal(strspn(c, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"), strlen(c));
		c = arena_strdup(f->a, c);
		assert_int_equal(parse(f, "after", c, NULL), HE_OK);
		assert_string_equal(f->lq.after_key, keys[i]);
		assert_string_equal(f->lq.after_id, "123");
	}
}

/* Cursors that were not made by list_cursor, or were changed into
 * something unusable, are refused with a field error. */
static void
cursor_tampered(void **state)
{
	struct fx *f = *state;
	const char *bad[6];
	bad[0] = arena_strdup(f->a, list_cursor(&f->r, "key", "12a"));        /* id not a number */
	bad[1] = arena_strdup(f->a, list_cursor(&f->r, "key", ""));           /* no id */
	bad[2] = arena_strdup(f->a, list_cursor(&f->r, "key", "1234567890123456789"));   /* 19 digits */
	bad[3] = arena_strdup(f->a, list_cursor(&f->r, "a\x01", "1"));        /* control char */
	bad[4] = arena_strdup(f->a, list_cursor(&f->r, "\xc3\x28", "1"));     /* not UTF-8 */
	bad[5] = arena_strdup(f->a, list_cursor(&f->r, "-1 OR 1=1", "1 OR 1=1"));
	for (size_t i = 0; i < 6; i++) {
		assert_int_equal(parse(f, "after", bad[i], NULL), HE_INVALID);
		assert_string_equal(err(f, "after"), "This page link has expired: start from the first page.");
		assert_null(f->lq.after_id);
	}
	const char *junk[] = { "!!!!", "YWJj" /* "abc": no separator */, "a", "YWJj=x" };
	for (size_t i = 0; i < sizeof(junk) / sizeof(junk[0]); i++)
		assert_int_equal(parse(f, "after", junk[i], NULL), HE_INVALID);
	char *huge = arena_alloc(f->a, 1100);
	memset(huge, 'A', 1099);
	assert_int_equal(parse(f, "after", huge, NULL), HE_INVALID);
	/* A truncated good cursor loses its id: refused. */
	char *good = arena_strdup(f->a, list_cursor(&f->r, "Smith", "42"));
	good[strlen(good) - 3] = '\0';
	assert_int_equal(parse(f, "after", good, NULL), HE_INVALID);
}

/* ---- list_answer over an in-memory result ---- */

#define OID_INT8 20
#define OID_TEXT 25
#define OID_TIMESTAMPTZ 1184

static PGresult *
result(int nrows)
{
	PGresult *res = PQmakeEmptyPGresult(NULL, PGRES_TUPLES_OK);
	PGresAttDesc cols[3] = {
		{ .name = "id", .typid = OID_INT8, .typlen = 8, .atttypmod = -1 },
		{ .name = "name", .typid = OID_TEXT, .typlen = -1, .atttypmod = -1 },
		{ .name = "created_at", .typid = OID_TIMESTAMPTZ, .typlen = 8, .atttypmod = -1 },
	};
	assert_true(PQsetResultAttrs(res, 3, cols));
	static const char *const names[] = { "Ann", "Bob, Jr.", "Cy" };
	static const char *const times[] = { "2026-01-01 10:00:00+00", "2026-01-02 11:30:00.25+00",
	                                     "2026-01-03 12:00:00+00" };
	for (int i = 0; i < nrows; i++) {
		char id[8];
		snprintf(id, sizeof(id), "%d", i + 1);
		assert_true(PQsetvalue(res, i, 0, id, (int)strlen(id)));
		assert_true(PQsetvalue(res, i, 1, (char *)names[i], (int)strlen(names[i])));
		assert_true(PQsetvalue(res, i, 2, (char *)times[i], (int)strlen(times[i])));
	}
	return res;
}

/* A JSON answer as a client receives it: its items are written straight
 * from the result when printed, so print (while the result lives) and
 * parse back. Takes out. */
static json_object *
as_sent(json_object *out)
{
	json_object *sent = json_tokener_parse(json_object_to_json_string_ext(out,
	    JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE));
	json_object_put(out);
	assert_non_null(sent);
	return sent;
}

/* One more row than the limit: limit items, and a next cursor made of
 * the last shown row's sort key and id (which parses back). */
static void
answer_with_next(void **state)
{
	struct fx *f = *state;
	assert_int_equal(parse(f, "limit", "2", NULL), HE_OK);
	f->r.format = FMT_JSON;
	PGresult *res = result(3);
	json_object *out = as_sent(list_answer(&f->r, &f->lq, res));
	PQclear(res);
	json_object *items, *next, *v;
	assert_true(json_object_object_get_ex(out, "items", &items));
	assert_int_equal(json_object_array_length(items), 2);
	json_object *second = json_object_array_get_idx(items, 1);
	assert_true(json_object_object_get_ex(second, "id", &v));
	assert_true(json_object_is_type(v, json_type_int));
	assert_int_equal(json_object_get_int64(v), 2);
	assert_true(json_object_object_get_ex(second, "name", &v));
	assert_string_equal(json_object_get_string(v), "Bob, Jr.");
	assert_true(json_object_object_get_ex(second, "created_at", &v));
	assert_string_equal(json_object_get_string(v), "2026-01-02T11:30:00Z");
	assert_true(json_object_object_get_ex(out, "next", &next));
	assert_non_null(next);
	/* JSON clients get items and next only */
	assert_int_equal(json_object_object_length(out), 2);
	char *c = arena_strdup(f->a, json_object_get_string(next));
	json_object_put(out);
	assert_int_equal(parse(f, "after", c, NULL), HE_OK);
	assert_string_equal(f->lq.after_key, "Bob, Jr.");
	assert_string_equal(f->lq.after_id, "2");
	/* the cursor follows the chosen sort's key column */
	assert_int_equal(parse(f, "limit", "1", "sort", "-created_at", NULL), HE_OK);
	res = result(3);
	out = list_answer(&f->r, &f->lq, res);
	PQclear(res);
	assert_true(json_object_object_get_ex(out, "next", &next));
	c = arena_strdup(f->a, json_object_get_string(next));
	json_object_put(out);
	assert_int_equal(parse(f, "after", c, NULL), HE_OK);
	assert_string_equal(f->lq.after_key, "2026-01-01 10:00:00+00");
	assert_string_equal(f->lq.after_id, "1");
}

/* No more rows than the limit: next is null (present, as null). */
static void
answer_last_page(void **state)
{
	struct fx *f = *state;
	assert_int_equal(parse(f, "limit", "3", NULL), HE_OK);
	f->r.format = FMT_JSON;
	PGresult *res = result(3);
	json_object *out = as_sent(list_answer(&f->r, &f->lq, res));
	PQclear(res);
	json_object *items, *next = (json_object *)1;
	assert_true(json_object_object_get_ex(out, "items", &items));
	assert_int_equal(json_object_array_length(items), 3);
	assert_true(json_object_object_get_ex(out, "next", &next));
	assert_null(next);
	json_object_put(out);
	res = result(0);
	out = as_sent(list_answer(&f->r, &f->lq, res));
	PQclear(res);
	assert_true(json_object_object_get_ex(out, "items", &items));
	assert_int_equal(json_object_array_length(items), 0);
	json_object_put(out);
}

/* For an HTML page the answer also carries q, sort, limit, paged and the
 * sorts on offer (name, label) for the controls. */
static void
answer_for_html(void **state)
{
	struct fx *f = *state;
	char *c = arena_strdup(f->a, list_cursor(&f->r, "Ann", "1"));
	assert_int_equal(parse(f, "q", " ann ", "sort", "-created_at", "limit", "10", "after", c, NULL), HE_OK);
	f->r.format = FMT_HTML;
	PGresult *res = result(1);
	json_object *out = list_answer(&f->r, &f->lq, res);
	PQclear(res);
	json_object *v;
	assert_true(json_object_object_get_ex(out, "q", &v));
	assert_string_equal(json_object_get_string(v), "ann");
	assert_true(json_object_object_get_ex(out, "sort", &v));
	assert_string_equal(json_object_get_string(v), "-created_at");
	assert_true(json_object_object_get_ex(out, "limit", &v));
	assert_int_equal(json_object_get_int(v), 10);
	assert_true(json_object_object_get_ex(out, "paged", &v));
	assert_true(json_object_get_boolean(v));
	assert_true(json_object_object_get_ex(out, "sorts", &v));
	assert_int_equal(json_object_array_length(v), 2);
	json_object *s1 = json_object_array_get_idx(v, 1), *lbl;
	assert_true(json_object_object_get_ex(s1, "label", &lbl));
	assert_string_equal(json_object_get_string(lbl), "Newest first");
	json_object_put(out);
}

#define T(fn) FX_TEST(fn)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		T(defaults),
		T(search_and_like_escape),
		T(search_length),
		T(limit_bounds),
		T(sort_whitelist),
		T(all_errors),
		T(cursor_round_trip),
		T(cursor_tampered),
		T(answer_with_next),
		T(answer_last_page),
		T(answer_for_html),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
