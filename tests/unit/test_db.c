/* test_db: the worker's PostgreSQL connection (lib/db.c).
 *
 * Two groups. "db_offline" always runs: rows → JSON over result sets
 * built in memory (PQmakeEmptyPGresult). "db_live" needs a server:
 * HEARTH_TEST_DATABASE is a libpq conninfo (e.g. "host=/path/to/socket
 * port=5432 dbname=hearth user=hearth"); it works in TEMP tables only,
 * so any database the user may connect to will do and nothing is left
 * behind. Without the variable every live test calls skip(), and the
 * program exits 77 so make check reports SKIP rather than PASS. */
#include "fixtures.h"
#include <fcntl.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include "config.h"
#include "db.h"
#include "hash.h"
#include "kept.h"
#include "notify.h"

static json_object *
get(json_object *o, const char *key)
{
	json_object *v = NULL;
	assert_true(json_object_object_get_ex(o, key, &v));
	return v;
}

static const char *
str(json_object *o, const char *key)
{
	json_object *v = get(o, key);
	assert_non_null(v);
	return json_object_get_string(v);
}

/* ---- offline: db_row_json over in-memory results ---- */

struct col { const char *name; unsigned typid; const char *value; /* NULL: SQL NULL */ };

static PGresult *
one_row(const struct col *cols, int n)
{
	PGresult *res = PQmakeEmptyPGresult(NULL, PGRES_TUPLES_OK);
	PGresAttDesc d[32];
	memset(d, 0, sizeof(d));
	for (int i = 0; i < n; i++) {
		d[i].name = (char *)cols[i].name;
		d[i].typid = cols[i].typid;
		d[i].typlen = -1;
		d[i].atttypmod = -1;
	}
	assert_true(PQsetResultAttrs(res, n, d));
	for (int i = 0; i < n; i++) {
		if (cols[i].value == NULL)
			assert_true(PQsetvalue(res, 0, i, NULL, -1));
		else
			assert_true(PQsetvalue(res, 0, i, (char *)cols[i].value, (int)strlen(cols[i].value)));
	}
	return res;
}

/* Each PostgreSQL type becomes the JSON type a client expects. */
static void
row_json_types(void **state)
{
	(void)state;
	static const struct col cols[] = {
		{ "i2", 21, "-7" }, { "i4", 23, "42" }, { "i8", 20, "9007199254740993" },
		{ "t", 16, "t" }, { "f", 16, "f" }, { "d", 701, "1.5" },
		{ "j", 114, "{\"a\":[1,2]}" }, { "jb", 3802, "{\"b\": null}" },
		{ "at", 1184, "2026-03-14 07:30:15.5+00" }, { "inf", 1184, "infinity" },
		{ "nul", 25, NULL }, { "nul_int", 23, NULL }, { "txt", 25, "plain <text>" },
		{ "num", 1700, "12.50" },
	};
	PGresult *res = one_row(cols, (int)(sizeof(cols) / sizeof(cols[0])));
	json_object *o = db_row_json(res, 0);
	PQclear(res);
	assert_true(json_object_is_type(get(o, "i2"), json_type_int));
	assert_int_equal(json_object_get_int64(get(o, "i2")), -7);
	assert_int_equal(json_object_get_int64(get(o, "i4")), 42);
	assert_int_equal(json_object_get_int64(get(o, "i8")), 9007199254740993LL);
	assert_true(json_object_is_type(get(o, "t"), json_type_boolean));
	assert_true(json_object_get_boolean(get(o, "t")));
	assert_false(json_object_get_boolean(get(o, "f")));
	assert_true(json_object_is_type(get(o, "d"), json_type_double));
	assert_true(json_object_get_double(get(o, "d")) == 1.5);
	json_object *j = get(o, "j");
	assert_true(json_object_is_type(j, json_type_object));
	assert_int_equal(json_object_array_length(get(j, "a")), 2);
	assert_true(json_object_is_type(get(o, "jb"), json_type_object));
	assert_null(get(get(o, "jb"), "b"));
	assert_string_equal(str(o, "at"), "2026-03-14T07:30:15Z");
	assert_string_equal(str(o, "inf"), "infinity");
	assert_null(get(o, "nul"));
	assert_null(get(o, "nul_int"));
	assert_string_equal(str(o, "txt"), "plain <text>");
	assert_string_equal(str(o, "num"), "12.50");        /* numeric stays exact, as text */
	json_object_put(o);
}

/* text[] in PostgreSQL's output syntax: quoting, escapes, NULL versus
 * the string "NULL", empty strings and the empty array. */
static void
row_json_text_arrays(void **state)
{
	(void)state;
	static const struct col cols[] = {
		{ "a", 1009, "{x,\"y z\",\"q\\\"uote\",\"back\\\\slash\",NULL,\"NULL\",\"\",\"a,b\",\"{}\"}" },
		{ "empty", 1009, "{}" },
		{ "none", 1009, NULL },
	};
	PGresult *res = one_row(cols, 3);
	json_object *o = db_row_json(res, 0);
	PQclear(res);
	json_object *a = get(o, "a");
	assert_true(json_object_is_type(a, json_type_array));
	assert_string_equal(json_object_to_json_string_ext(a, JSON_C_TO_STRING_PLAIN),
	    "[\"x\",\"y z\",\"q\\\"uote\",\"back\\\\slash\",null,\"NULL\",\"\",\"a,b\",\"{}\"]");
	assert_int_equal(json_object_array_length(get(o, "empty")), 0);
	assert_null(get(o, "none"));
	json_object_put(o);
}

/* The JSON text of a list (db_rows_json_text) says what db_row_json says,
 * for every type, and escapes strings wherever the character falls in
 * them (it copies eight plain bytes at a time). */
static void
rows_json_text_matches_row_json(void **state)
{
	(void)state;
	static const struct col cols[] = {
		{ "i2", 21, "-7" }, { "i8", 20, "9007199254740993" }, { "t", 16, "t" }, { "f", 16, "f" },
		{ "d", 701, "1.5" }, { "nan", 701, "NaN" }, { "j", 114, "{\"a\":[1,2]}" },
		{ "at", 1184, "2026-03-14 07:30:15.5+00" }, { "inf", 1184, "infinity" }, { "nul", 25, NULL },
		{ "num", 1700, "12.50" }, { "short", 25, "a\"b" }, { "plain16", 25, "0123456789abcdef" },
		{ "late", 25, "0123456789abcd\"ef\\gh\n" }, { "ctl", 25, "tab\there\x01\x1f end of it" },
		{ "utf8", 25, "Zoë Ångström — 東京 ✓ and more text" }, { "empty", 25, "" },
		{ "arr", 1009, "{x,\"y z\",\"q\\\"uote\",NULL,\"NULL\",\"\",\"a,b\"}" }, { "none", 1009, "{}" },
		{ "skipme", 25, "not shown" },
	};
	int n = (int)(sizeof(cols) / sizeof(cols[0]));
	PGresult *res = one_row(cols, n);
	struct buf b;
	buf_init(&b);
	db_rows_json_text(&b, res, 1, "skipme");
	json_object *text = json_tokener_parse(b.data);
	assert_non_null(text);
	json_object *want = db_row_json(res, 0);
	json_object_object_del(want, "skipme");
	json_object_object_add(want, "nan", NULL);     /* NaN is not JSON: null in the text */
	json_object *got = json_object_array_get_idx(text, 0);
	if (!json_object_equal(got, want))
		fail_msg("%s\nwanted %s", b.data, json_object_to_json_string(want));
	assert_null(strstr(b.data, "skipme"));
	json_object_put(want);
	json_object_put(text);
	buf_free(&b);
	PQclear(res);
}

/* A resource's list gives each row its "url" (db_rows_link): the link and
 * the id's digits, after the columns; not without an integer id, nor
 * without a link. */
static void
rows_json_text_links(void **state)
{
	(void)state;
	static const struct col cols[] = { { "id", 20, "42" }, { "name", 25, "Zoë \"Q\"" }, { "sort_key", 25, "z" } };
	PGresult *res = one_row(cols, 3);
	struct buf b;
	buf_init(&b);
	db_rows_json_text_linked(&b, res, 1, "sort_key", "/widgets");
	assert_string_equal(b.data, "[{\"id\":42,\"name\":\"Zoë \\\"Q\\\"\",\"url\":\"/widgets/42\"}]");
	buf_reset(&b);
	db_rows_json_text_linked(&b, res, 1, "sort_key", NULL);
	struct buf plain;
	buf_init(&plain);
	db_rows_json_text(&plain, res, 1, "sort_key");
	assert_string_equal(b.data, plain.data);
	PQclear(res);
	static const struct col textid[] = { { "id", 25, "abc" } };
	res = one_row(textid, 1);
	buf_reset(&b);
	db_rows_json_text_linked(&b, res, 1, NULL, "/sessions");
	assert_string_equal(b.data, "[{\"id\":\"abc\"}]");
	PQclear(res);
	buf_free(&plain);
	buf_free(&b);
}

/* db_rows_json: one object per row, in order; db_int formats ids. */
static void
rows_json_and_int(void **state)
{
	struct fx *f = *state;
	PGresult *res = PQmakeEmptyPGresult(NULL, PGRES_TUPLES_OK);
	PGresAttDesc d[1];
	memset(d, 0, sizeof(d));
	d[0].name = "id";
	d[0].typid = 20;
	d[0].typlen = 8;
	d[0].atttypmod = -1;
	assert_true(PQsetResultAttrs(res, 1, d));
	for (int i = 0; i < 3; i++) {
		char v[4];
		snprintf(v, sizeof(v), "%d", 10 + i);
		assert_true(PQsetvalue(res, i, 0, v, (int)strlen(v)));
	}
	json_object *rows = db_rows_json(res);
	PQclear(res);
	assert_string_equal(json_object_to_json_string_ext(rows, JSON_C_TO_STRING_PLAIN),
	    "[{\"id\":10},{\"id\":11},{\"id\":12}]");
	json_object_put(rows);
	assert_string_equal(db_int(&f->r, 0), "0");
	assert_string_equal(db_int(&f->r, -9223372036854775807LL - 1), "-9223372036854775808");
	assert_string_equal(db_int(&f->r, 123456789012345LL), "123456789012345");
}

/* ---- live ---- */

#define CREATE_SQL \
    "SET client_min_messages = warning;" \
    "CREATE TEMP TABLE IF NOT EXISTS hb_parent (id int PRIMARY KEY);" \
    "CREATE TEMP TABLE IF NOT EXISTS hb_t (id bigserial PRIMARY KEY, name text NOT NULL UNIQUE," \
    " n int CHECK (n >= 0), flag bool, tags text[], at timestamptz, doc jsonb, note text," \
    " parent int REFERENCES hb_parent (id));" \
    "INSERT INTO hb_parent VALUES (1) ON CONFLICT DO NOTHING"
DB_STMT(t_insert,
    "INSERT INTO hb_t (name, n, flag, tags, at, doc, note, parent)"
    " VALUES ($1, $2::int, $3::bool, $4::text[], $5::timestamptz, $6::jsonb, $7, $8::int)"
    " RETURNING id, name, n, flag, tags, at, doc, note");
DB_STMT(t_by_name, "SELECT id, name, note FROM hb_t WHERE name = $1");
DB_STMT(t_count, "SELECT count(*)::int AS n FROM hb_t WHERE name LIKE $1");
DB_STMT(t_echo, "SELECT $1::text AS v, $1::text IS NULL AS is_null, length($1::text) AS len");
DB_STMT(t_types,
    "SELECT 1::int2 AS i2, 2::int4 AS i4, 9007199254740993::int8 AS i8, true AS t, false AS f,"
    " 1.5::float8 AS d, '{\"a\":[1,2]}'::json AS j, '{\"b\":null}'::jsonb AS jb,"
    " ARRAY['x','y z','q\"uote','back\\slash',NULL,'NULL','']::text[] AS arr, '{}'::text[] AS empty_arr,"
    " '2026-03-14 09:30:15.5+02'::timestamptz AS at, NULL::text AS nul, 'plain'::text AS txt");
DB_STMT(t_bad_sql, "SELEC 1");
/* Planned for its values every time (sent unnamed): same answers, same errors. */
DB_STMT_PLANNED(t_planned_echo, "SELECT $1::text AS v, ($1::text IS NULL OR $1 = '') AS empty");
DB_STMT_PLANNED(t_planned_bad, "SELEC $1");
DB_STMT(t_limit_plain, "SELECT x FROM generate_series(1, 100000) x ORDER BY x LIMIT $1");
DB_STMT(t_limit_param, "SELECT x FROM generate_series(1, 100000) x ORDER BY x LIMIT " DB_PARAM(1, int));
DB_STMT(t_plans, "SELECT generic_plans, custom_plans FROM pg_prepared_statements WHERE name = $1");

static int
live_setup(void **state)
{
	(void)state;
	return fx_db_open("test_db", NULL);
}

/* A request, and the TEMP tables (again after a reconnect). */
static int
live_each(void **state)
{
	if (fx_setup(state) != 0)
		return -1;
	struct fx *f = *state;
	if (fx_db_conninfo() == NULL)
		return 0;                           /* the test skips */
	return db_simple(&f->r, CREATE_SQL) != NULL ? 0 : -1;
}

static PGresult *
insert(struct fx *f, const char *name, const char *n, const char *parent)
{
	return db_q(&f->r, &t_insert, name, n, "true", "{a,\"b c\"}", "2026-03-14T09:30:15+02:00",
	    "{\"k\":[1,\"two\"]}", NULL, parent);
}

static int
count_like(struct fx *f, const char *pattern)
{
	PGresult *res = db_q(&f->r, &t_count, pattern);
	assert_non_null(res);
	return atoi(PQgetvalue(res, 0, 0));
}

/* Parameters travel as values: NULL is SQL NULL, and SQL metacharacters
 * in a value are just characters (the table is still there after). */
static void
params_and_null(void **state)
{
	FX_NEED_DB();
	struct fx *f = *state;
	PGresult *res = db_q(&f->r, &t_echo, NULL);
	assert_non_null(res);
	assert_true(PQgetisnull(res, 0, 0));
	assert_string_equal(PQgetvalue(res, 0, 1), "t");
	const char *evil[] = { "'); DROP TABLE hb_t; --", "\" OR 1=1 --", "$1", "\\'", "caf\xc3\xa9 \xe2\x82\xac", "" };
	for (size_t i = 0; i < sizeof(evil) / sizeof(evil[0]); i++) {
		res = db_q(&f->r, &t_echo, evil[i]);
		assert_non_null(res);
		assert_string_equal(PQgetvalue(res, 0, 0), evil[i]);
		assert_string_equal(PQgetvalue(res, 0, 1), "f");
	}
	res = insert(f, "'); DROP TABLE hb_t; --", "1", NULL);
	assert_non_null(res);
	res = db_q(&f->r, &t_by_name, "'); DROP TABLE hb_t; --");
	assert_non_null(res);
	assert_int_equal(PQntuples(res), 1);
	assert_string_equal(PQgetvalue(res, 0, 1), "'); DROP TABLE hb_t; --");
	assert_true(PQgetisnull(res, 0, 2));                   /* note was NULL */
	assert_int_equal(count_like(f, "'); DROP%"), 1);      /* table still there */
	assert_true(f->r.db_queries >= 9);
	assert_true(f->r.db_ms >= 0);
}

/* DB_STMT_PLANNED statements take parameters like the prepared ones
 * (metacharacters stay data) and fail the same way. */
static void
planned_statements(void **state)
{
	FX_NEED_DB();
	struct fx *f = *state;
	PGresult *res = db_q(&f->r, &t_planned_echo, "'); DROP TABLE hb_t; --");
	assert_non_null(res);
	assert_string_equal(PQgetvalue(res, 0, 0), "'); DROP TABLE hb_t; --");
	assert_string_equal(PQgetvalue(res, 0, 1), "f");
	res = db_q(&f->r, &t_planned_echo, NULL);
	assert_non_null(res);
	assert_true(PQgetisnull(res, 0, 0));
	assert_string_equal(PQgetvalue(res, 0, 1), "t");
	assert_null(db_q(&f->r, &t_planned_bad, "1"));
	assert_string_equal(db_sqlstate(), "42601");
	assert_int_equal(db_fail(&f->r), HE_INTERNAL);
	res = db_q(&f->r, &t_echo, "still here");                    /* the connection still works */
	assert_non_null(res);
	assert_string_equal(PQgetvalue(res, 0, 0), "still here");
}

/* DB_STMT_KEPT: an answer is kept by its parameters until its channel is
 * heard: a write to its table (the trigger notifies), from this connection
 * or another; never inside a transaction, whose own writes nobody heard. */
DB_STMT_KEPT(t_kept_count, "hearth_test_kept", "SELECT count(*)::int AS n FROM hb_k WHERE n > $1::int");
DB_STMT(t_kept_insert, "INSERT INTO hb_k VALUES ($1::int)");
#define KEPT_SQL \
	"CREATE TEMP TABLE hb_k (n int);" \
	"CREATE FUNCTION pg_temp.hb_k_changed() RETURNS trigger LANGUAGE plpgsql AS" \
	" $$ BEGIN PERFORM pg_notify('hearth_test_kept', ''); RETURN NULL; END $$;" \
	"CREATE TRIGGER hb_k_changed AFTER INSERT OR UPDATE OR DELETE ON hb_k" \
	" FOR EACH STATEMENT EXECUTE FUNCTION pg_temp.hb_k_changed()"

/* The count of rows above `above`, and whether it came from what was kept. */
static void
kept_count_is(struct fx *f, const char *above, const char *n, int kept)
{
	unsigned long now, given0, given;
	kept_counts(&now, &given0);
	PGresult *res = db_q(&f->r, &t_kept_count, above);
	assert_non_null(res);
	assert_string_equal(PQgetvalue(res, 0, 0), n);
	kept_counts(&now, &given);
	assert_int_equal(given - given0, kept ? 1 : 0);
}

static void
kept_answers_until_their_table_changes(void **state)
{
	FX_NEED_DB();
	struct fx *f = *state;
	kept_init(60);
	assert_non_null(db_simple(&f->r, KEPT_SQL));
	kept_count_is(f, "0", "0", 0);
	kept_count_is(f, "0", "0", 1);
	kept_count_is(f, "5", "0", 0);                       /* other parameters: their own answer */
	kept_count_is(f, "5", "0", 1);
	assert_non_null(db_q(&f->r, &t_kept_insert, "3"));   /* this connection writes */
	kept_count_is(f, "0", "1", 0);
	kept_count_is(f, "5", "0", 0);                       /* every answer of the channel went */
	kept_count_is(f, "0", "1", 1);

	PGconn *other = PQconnectdb(fx_db_conninfo());       /* another connection says it changed */
	assert_int_equal(PQstatus(other), CONNECTION_OK);
	PQclear(PQexec(other, "NOTIFY hearth_test_kept"));
	PQfinish(other);
	usleep(100 * 1000);                                  /* delivered at its commit, read at the next use */
	kept_count_is(f, "0", "1", 0);

	assert_int_equal(db_begin(&f->r), HE_OK);            /* in a transaction: never kept, never keeps */
	assert_non_null(db_q(&f->r, &t_kept_insert, "7"));
	kept_count_is(f, "0", "2", 0);
	db_rollback(&f->r);
	kept_count_is(f, "0", "1", 1);                       /* the answer from before still holds */

	kept_init(0);                                        /* off */
	kept_count_is(f, "0", "1", 0);
	kept_count_is(f, "0", "1", 0);
	kept_init(60);
}

/* notify: a NOTIFY drops only the keepers of its channel; a new
 * connection drops them all, and nothing is trusted until LISTEN again. */
static int drops_a, drops_b, drops_all;

static void
drop_a(const char *channel)
{
	if (channel == NULL)
		drops_all++;
	else
		drops_a++;
}

static void
drop_b(const char *channel)
{
	if (channel != NULL)
		drops_b++;
}

static void
notify_drops_the_keepers_of_the_channel_heard(void **state)
{
	FX_NEED_DB();
	struct fx *f = *state;
	notify_keeper("hearth_test_a", drop_a);
	notify_keeper("hearth_test_b", drop_b);
	assert_int_equal(notify_ready(), 0);                 /* not listening yet: nothing is trusted */
	assert_int_equal(notify_listen(&f->r), 1);
	drops_a = drops_b = drops_all = 0;
	assert_int_equal(notify_ready(), 1);
	assert_non_null(db_simple(&f->r, "NOTIFY hearth_test_b"));
	assert_int_equal(notify_ready(), 1);
	assert_int_equal(drops_b, 1);
	assert_int_equal(drops_a, 0);
	assert_non_null(db_simple(&f->r, "NOTIFY hearth_test_a; NOTIFY hearth_test_a, 'x'"));
	assert_int_equal(notify_ready(), 1);
	assert_int_equal(drops_a, 2);
	assert_int_equal(drops_b, 1);
	assert_int_equal(db_init(fx_db_conninfo()), 0);     /* a new connection */
	assert_int_equal(notify_ready(), 0);
	assert_int_equal(drops_all, 1);
	assert_int_equal(notify_listening(), 0);
	assert_int_equal(notify_listen(&f->r), 1);
}

/* The host's change counts: a change this worker commits and heard
 * itself NOTIFY is counted in the shared file before the COMMIT returns;
 * a count moved by another worker drops the channel's keepers at the next
 * notify_ready(), NOTIFY or not; another session's NOTIFY is not counted
 * (its writer counts it). */
static int drops_c;

static void
drop_c(const char *channel)
{
	if (channel != NULL)
		drops_c++;
}

static void
host_counts_changes_for_every_worker(void **state)
{
	FX_NEED_DB();
	struct fx *f = *state;
	notify_keeper("hearth_test_c", drop_c);
	assert_int_equal(notify_listen(&f->r), 1);
	int fd = open(config_get("changes_file", ""), O_RDWR);
	assert_true(fd >= 0);
	_Atomic uint64_t *counts = mmap(NULL, 64 * sizeof(uint64_t), PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	close(fd);
	assert_true(counts != MAP_FAILED);
	_Atomic uint64_t *c = &counts[hash_bytes(HASH_SEED, "hearth_test_c", strlen("hearth_test_c")) % 64];
	drops_c = 0;
	assert_int_equal(notify_ready(), 1);
	assert_int_equal(drops_c, 0);
	atomic_fetch_add(c, 1);                                   /* another worker's change */
	assert_int_equal(notify_ready(), 1);
	assert_int_equal(drops_c, 1);
	assert_int_equal(notify_ready(), 1);
	assert_int_equal(drops_c, 1);                            /* once */
	uint64_t before = atomic_load(c);
	assert_int_equal(db_begin(&f->r), HE_OK);                /* this worker's change */
	assert_non_null(db_simple(&f->r, "NOTIFY hearth_test_c"));
	assert_int_equal(db_commit(&f->r), HE_OK);
	assert_int_equal(atomic_load(c), before + 1);
	assert_int_equal(drops_c, 2);
	assert_int_equal(notify_ready(), 1);
	assert_int_equal(drops_c, 2);                            /* its own count drops nothing again */
	PGconn *other = PQconnectdb(fx_db_conninfo());           /* another session's NOTIFY */
	assert_int_equal(PQstatus(other), CONNECTION_OK);
	PQclear(PQexec(other, "NOTIFY hearth_test_c"));
	PQfinish(other);
	for (int i = 0; i < 100 && drops_c == 2; i++) {
		usleep(10000);
		assert_int_equal(notify_ready(), 1);
	}
	assert_int_equal(drops_c, 3);
	assert_int_equal(atomic_load(c), before + 1);            /* heard, not counted here */
	munmap(counts, 64 * sizeof(uint64_t));
}

/* Why DB_PARAM: a LIMIT $1 keeps a prepared statement on custom plans (it
 * is planned on every execution), the same LIMIT read through DB_PARAM
 * settles on the generic plan after PostgreSQL's five custom ones; both
 * answer the same. */
static void
db_param_settles_on_the_generic_plan(void **state)
{
	FX_NEED_DB();
	struct fx *f = *state;
	for (int i = 0; i < 8; i++) {
		PGresult *a = db_q(&f->r, &t_limit_plain, "3"), *b = db_q(&f->r, &t_limit_param, "3");
		assert_non_null(a);
		assert_non_null(b);
		assert_int_equal(PQntuples(a), 3);
		assert_int_equal(PQntuples(b), 3);
		assert_string_equal(PQgetvalue(b, 2, 0), "3");
	}
	PGresult *plain = db_q(&f->r, &t_plans, "t_limit_plain"), *param = db_q(&f->r, &t_plans, "t_limit_param");
	assert_non_null(plain);
	assert_non_null(param);
	assert_string_equal(PQgetvalue(plain, 0, 0), "0");       /* generic plans */
	assert_string_equal(PQgetvalue(plain, 0, 1), "8");       /* custom plans: one an execution */
	assert_string_equal(PQgetvalue(param, 0, 0), "3");
	assert_string_equal(PQgetvalue(param, 0, 1), "5");
}

/* A real row as JSON: every column type as the offline tests expect,
 * timestamps converted to UTC with 'Z'. */
static void
row_json_from_server(void **state)
{
	FX_NEED_DB();
	struct fx *f = *state;
	PGresult *res = db_q0(&f->r, &t_types);
	assert_non_null(res);
	json_object *o = db_row_json(res, 0);
	assert_int_equal(json_object_get_int64(get(o, "i2")), 1);
	assert_int_equal(json_object_get_int64(get(o, "i8")), 9007199254740993LL);
	assert_true(json_object_get_boolean(get(o, "t")));
	assert_false(json_object_get_boolean(get(o, "f")));
	assert_true(json_object_is_type(get(o, "f"), json_type_boolean));
	assert_true(json_object_get_double(get(o, "d")) == 1.5);
	assert_true(json_object_is_type(get(o, "j"), json_type_object));
	assert_true(json_object_is_type(get(o, "jb"), json_type_object));
	assert_string_equal(json_object_to_json_string_ext(get(o, "arr"), JSON_C_TO_STRING_PLAIN),
	    "[\"x\",\"y z\",\"q\\\"uote\",\"back\\\\slash\",null,\"NULL\",\"\"]");
	assert_int_equal(json_object_array_length(get(o, "empty_arr")), 0);
	assert_string_equal(str(o, "at"), "2026-03-14T07:30:15Z");
	assert_null(get(o, "nul"));
	assert_string_equal(str(o, "txt"), "plain");
	json_object_put(o);
	/* and a row inserted with parameters, back through RETURNING */
	res = insert(f, "typed", "3", "1");
	assert_non_null(res);
	o = db_row_json(res, 0);
	assert_int_equal(json_object_get_int64(get(o, "n")), 3);
	assert_string_equal(json_object_to_json_string_ext(get(o, "tags"), JSON_C_TO_STRING_PLAIN), "[\"a\",\"b c\"]");
	assert_string_equal(str(o, "at"), "2026-03-14T07:30:15Z");
	assert_string_equal(json_object_to_json_string_ext(get(o, "doc"), JSON_C_TO_STRING_PLAIN), "{\"k\":[1,\"two\"]}");
	assert_null(get(o, "note"));
	json_object_put(o);
}

/* Constraint failures map to results: unique → 409, check, foreign key
 * and bad input → 422, with SQLSTATE and constraint name kept. */
static void
constraint_failures(void **state)
{
	FX_NEED_DB();
	struct fx *f = *state;
	assert_non_null(insert(f, "dup", "1", NULL));
	assert_null(insert(f, "dup", "1", NULL));
	assert_int_equal(db_fail(&f->r), HE_CONFLICT);
	assert_string_equal(db_sqlstate(), "23505");
	assert_string_equal(db_constraint(), "hb_t_name_key");

	assert_null(insert(f, "negative", "-1", NULL));
	assert_int_equal(db_fail(&f->r), HE_INVALID);
	assert_string_equal(db_sqlstate(), "23514");
	assert_string_equal(db_constraint(), "hb_t_n_check");

	assert_null(insert(f, "orphan", "1", "99"));
	assert_int_equal(db_fail(&f->r), HE_INVALID);
	assert_string_equal(db_sqlstate(), "23503");

	assert_null(insert(f, "notanumber", "abc", NULL));
	assert_int_equal(db_fail(&f->r), HE_INVALID);
	assert_string_equal(db_sqlstate(), "22P02");

	/* a statement that does not even prepare is a 500 */
	assert_null(db_q0(&f->r, &t_bad_sql));
	assert_int_equal(db_fail(&f->r), HE_INTERNAL);
	assert_string_equal(db_sqlstate(), "42601");

	/* and the connection is fine afterwards */
	assert_non_null(db_q(&f->r, &t_echo, "ok"));
	assert_int_equal(count_like(f, "dup"), 1);
}

/* Transactions: rollback forgets, commit keeps; a failure inside a
 * transaction rolls it all back (db_fail) and leaves the connection usable. */
static void
transactions(void **state)
{
	FX_NEED_DB();
	struct fx *f = *state;
	assert_int_equal(db_begin(&f->r), HE_OK);
	assert_true(f->r.in_txn);
	assert_non_null(insert(f, "txn-rolled-back", "1", NULL));
	assert_int_equal(count_like(f, "txn-rolled-back"), 1);   /* visible inside */
	db_rollback(&f->r);
	assert_false(f->r.in_txn);
	assert_int_equal(count_like(f, "txn-rolled-back"), 0);

	assert_int_equal(db_begin(&f->r), HE_OK);
	assert_non_null(insert(f, "txn-committed", "1", NULL));
	assert_int_equal(db_commit(&f->r), HE_OK);
	assert_false(f->r.in_txn);
	db_rollback(&f->r);                                      /* no-op now */
	assert_int_equal(count_like(f, "txn-committed"), 1);

	assert_int_equal(db_begin(&f->r), HE_OK);
	assert_non_null(insert(f, "txn-first", "1", NULL));
	assert_null(insert(f, "txn-committed", "1", NULL));      /* duplicate */
	assert_int_equal(db_fail(&f->r), HE_CONFLICT);
	assert_false(f->r.in_txn);
	assert_int_equal(count_like(f, "txn-first"), 0);
	assert_non_null(db_q(&f->r, &t_echo, "still usable"));
}

/* A statement is prepared once and reused; after the connection is
 * closed and opened again it is prepared again on the new one. */
static void
prepared_again_after_reconnect(void **state)
{
	FX_NEED_DB();
	struct fx *f = *state;
	assert_non_null(db_q(&f->r, &t_echo, "one"));
	unsigned gen = t_echo.gen;
	assert_true(gen != 0);
	assert_non_null(db_q(&f->r, &t_echo, "two"));
	assert_int_equal(t_echo.gen, gen);
	assert_true(db_ok());
	db_close();
	assert_false(db_ok());                         /* closed, nothing to reconnect to */
	assert_int_equal(db_init(fx_db_conninfo()), 0);
	PGresult *res = db_q(&f->r, &t_echo, "three");
	assert_non_null(res);
	assert_string_equal(PQgetvalue(res, 0, 0), "three");
	/* temp tables went with the old connection: make them again for later tests */
	assert_non_null(db_simple(&f->r, CREATE_SQL));
}

int
main(void)
{
	const struct CMUnitTest offline[] = {
		FX_TEST(row_json_types),
		FX_TEST(row_json_text_arrays),
		FX_TEST(rows_json_and_int),
		FX_TEST(rows_json_text_matches_row_json),
		FX_TEST(rows_json_text_links),
	};
	const struct CMUnitTest live[] = {
		cmocka_unit_test_setup_teardown(params_and_null, live_each, fx_teardown),
		cmocka_unit_test_setup_teardown(planned_statements, live_each, fx_teardown),
		cmocka_unit_test_setup_teardown(db_param_settles_on_the_generic_plan, live_each, fx_teardown),
		cmocka_unit_test_setup_teardown(kept_answers_until_their_table_changes, live_each, fx_teardown),
		cmocka_unit_test_setup_teardown(notify_drops_the_keepers_of_the_channel_heard, live_each, fx_teardown),
		cmocka_unit_test_setup_teardown(host_counts_changes_for_every_worker, live_each, fx_teardown),
		cmocka_unit_test_setup_teardown(row_json_from_server, live_each, fx_teardown),
		cmocka_unit_test_setup_teardown(constraint_failures, live_each, fx_teardown),
		cmocka_unit_test_setup_teardown(transactions, live_each, fx_teardown),
		cmocka_unit_test_setup_teardown(prepared_again_after_reconnect, live_each, fx_teardown),
	};
	char changes[64];                                         /* the host's change counts: a file of this run's */
	snprintf(changes, sizeof(changes), "/tmp/hearth-test-changes-%d", (int)getpid());
	config_set("changes_file", changes);
	int failed = cmocka_run_group_tests_name("db_offline", offline, NULL, NULL);
	failed += cmocka_run_group_tests_name("db_live", live, live_setup, fx_db_close);
	unlink(changes);
	return fx_db_exit(failed);
}
