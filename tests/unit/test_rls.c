/* test_rls: resource-level rules at one point (lib/db.h). db_begin and
 * db_as_user set hearth.user_id / hearth.role for the transaction; a
 * row-level-security policy written as lib/db.h describes, on a TEMP
 * table, shows a technician only the rows assigned to them, everyone else
 * every row, and nobody anything outside such a transaction.
 *
 * Needs a server: HEARTH_TEST_DATABASE is a libpq conninfo for the stack's
 * database as its owner (the policy functions come from sql/010, and SET
 * ROLE hearth_customers needs the owner). Everything happens in one
 * session's TEMP table, so nothing is left behind. Without the variable
 * the tests skip and the program exits 77 (SKIP). */
#include "fixtures.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "db.h"

/* The table and its policy, as a family's migration would write them
 * (TO hearth_customers: the role these tests act as). */
static const char SETUP_SQL[] =
    "CREATE TEMP TABLE rls_work (id bigint PRIMARY KEY, assignee_id bigint, title text NOT NULL);"
    "INSERT INTO rls_work VALUES (1, 101, 'first tech''s visit'), (2, 102, 'second tech''s visit'),"
    " (3, NULL, 'unassigned');"
    "ALTER TABLE rls_work ENABLE ROW LEVEL SECURITY;"
    "CREATE POLICY rls_work_assigned ON rls_work TO hearth_customers"
    " USING (auth.current_role() <> 'technician' OR assignee_id = auth.current_user_id());"
    "GRANT SELECT, UPDATE ON rls_work TO hearth_customers;"
    "SET ROLE hearth_customers";

DB_STMT(rls_ids, "SELECT coalesce(string_agg(id::text, ',' ORDER BY id), '') FROM rls_work");
DB_STMT(rls_one, "SELECT id, title FROM rls_work WHERE id = $1");
DB_STMT(rls_rename, "UPDATE rls_work SET title = title || ' (seen)' WHERE id = $1");
DB_STMT(rls_read_only, "SELECT current_setting('transaction_read_only')");
DB_STMT(rls_who, "SELECT auth.current_user_id()::text, auth.current_role(), current_user::text");

static int
group_setup(void **state)
{
	(void)state;
	return fx_db_open("test_rls", SETUP_SQL);
}

static void
as(struct fx *f, long long user_id, const char *role)
{
	f->r.principal.user_id = user_id;
	f->r.principal.role = role;
}

static const char *
ids(struct fx *f)
{
	PGresult *res = db_q0(&f->r, &rls_ids);
	assert_non_null(res);
	return PQgetvalue(res, 0, 0);
}

static int
visible(struct fx *f, const char *id)
{
	PGresult *res = db_q(&f->r, &rls_one, id);
	assert_non_null(res);
	return PQntuples(res);
}

/* A transaction begun as (user_id, role). */
static void
begin_as(struct fx *f, long long user_id, const char *role)
{
	as(f, user_id, role);
	assert_int_equal(db_begin(&f->r), HE_OK);
}

/* (user_id, role), in a transaction of their own, see exactly want. */
static void
sees(struct fx *f, long long user_id, const char *role, const char *want)
{
	begin_as(f, user_id, role);
	assert_string_equal(ids(f), want);
	db_rollback(&f->r);
}

/* The settings and the session's role, as rls_who reads them. */
static PGresult *
who(struct fx *f)
{
	PGresult *res = db_q0(&f->r, &rls_who);
	assert_non_null(res);
	return res;
}

/* transaction_read_only: "on" or "off". */
static const char *
read_only(struct fx *f)
{
	PGresult *res = db_q0(&f->r, &rls_read_only);
	assert_non_null(res);
	return PQgetvalue(res, 0, 0);
}

/* The session really is hearth_customers, and db_begin sets both values
 * for its transaction only. */
static void
settings_per_transaction(void **state)
{
	FX_NEED_DB();
	struct fx *f = *state;
	begin_as(f, 101, "technician");
	PGresult *res = who(f);
	assert_string_equal(PQgetvalue(res, 0, 0), "101");
	assert_string_equal(PQgetvalue(res, 0, 1), "technician");
	assert_string_equal(PQgetvalue(res, 0, 2), "hearth_customers");
	assert_int_equal(db_commit(&f->r), HE_OK);
	/* After the transaction: gone (the next request on this connection
	 * must not inherit them). */
	res = who(f);
	assert_true(PQgetisnull(res, 0, 0));
	assert_true(PQgetisnull(res, 0, 1));
}

/* A technician sees and changes only the work assigned to them; another's
 * row is simply not there (the handler answers 404, not 403). */
static void
technician_sees_own_rows(void **state)
{
	FX_NEED_DB();
	struct fx *f = *state;
	begin_as(f, 101, "technician");
	assert_string_equal(ids(f), "1");
	assert_int_equal(visible(f, "1"), 1);
	assert_int_equal(visible(f, "2"), 0);              /* another technician's: not found */
	assert_int_equal(visible(f, "3"), 0);              /* unassigned: not theirs either */
	PGresult *res = db_q(&f->r, &rls_rename, "2");
	assert_non_null(res);
	assert_string_equal(PQcmdTuples(res), "0");        /* cannot touch it by guessing the id */
	res = db_q(&f->r, &rls_rename, "1");
	assert_non_null(res);
	assert_string_equal(PQcmdTuples(res), "1");
	db_rollback(&f->r);

	sees(f, 102, "technician", "2");
}

/* Other roles see everything. */
static void
other_roles_see_all(void **state)
{
	FX_NEED_DB();
	struct fx *f = *state;
	static const char *const roles[] = { "admin", "manager", "office", "viewer", NULL };
	for (int i = 0; roles[i]; i++)
		sees(f, 7, roles[i], "1,2,3");
}

/* db_as_user: the same for a read-only request, in a READ ONLY
 * transaction (app.c ends it after the handler). Inside db_begin's
 * transaction it changes nothing. */
static void
as_user_for_reads(void **state)
{
	FX_NEED_DB();
	struct fx *f = *state;
	as(f, 102, "technician");
	assert_int_equal(db_as_user(&f->r), HE_OK);
	assert_true(f->r.in_txn);
	assert_string_equal(ids(f), "2");
	assert_string_equal(read_only(f), "on");           /* (TEMP tables stay writable) */
	db_rollback(&f->r);

	begin_as(f, 101, "technician");
	assert_int_equal(db_as_user(&f->r), HE_OK);        /* no-op inside a transaction */
	assert_string_equal(ids(f), "1");
	assert_string_equal(read_only(f), "off");          /* still db_begin's writable one */
	db_rollback(&f->r);
}

/* Fail closed: a handler that forgot db_begin/db_as_user, or a signed-out
 * request, sees no row of a table with a policy. */
static void
fails_closed(void **state)
{
	FX_NEED_DB();
	struct fx *f = *state;
	as(f, 101, "technician");
	assert_string_equal(ids(f), "");                   /* no transaction: nothing set */
	sees(f, 0, NULL, "");
}

/* A role name is a parameter, not SQL: quotes in it are data. */
static void
values_are_parameters(void **state)
{
	FX_NEED_DB();
	struct fx *f = *state;
	begin_as(f, 5, "x', true); SELECT 1; --");
	assert_string_equal(PQgetvalue(who(f), 0, 1), "x', true); SELECT 1; --");
	assert_string_equal(ids(f), "1,2,3");             /* not "technician": every row */
	db_rollback(&f->r);
}

/* A failed statement inside the transaction leaves the connection usable
 * and the next db_begin works (the pipeline was left cleanly). */
static void
begin_after_failure(void **state)
{
	FX_NEED_DB();
	struct fx *f = *state;
	begin_as(f, 101, "technician");
	assert_null(db_simple(&f->r, "SELECT 1/0"));
	assert_int_equal(db_fail(&f->r), HE_INVALID);
	assert_false(f->r.in_txn);
	for (int i = 0; i < 3; i++) {
		assert_int_equal(db_begin(&f->r), HE_OK);
		assert_string_equal(ids(f), "1");
		assert_int_equal(db_commit(&f->r), HE_OK);
	}
}

/* A connection that died while idle (PostgreSQL restarted): db_begin
 * reconnects once and the transaction still gets its settings. Last: the
 * new session has no TEMP table (and is not hearth_customers). */
static void
begin_after_lost_connection(void **state)
{
	FX_NEED_DB();
	struct fx *f = *state;
	PGconn *other = PQconnectdb(fx_db_conninfo());
	assert_int_equal(PQstatus(other), CONNECTION_OK);
	char sql[64];
	snprintf(sql, sizeof(sql), "SELECT pg_terminate_backend(%d)", PQbackendPID(db_conn()));
	PGresult *k = PQexec(other, sql);
	assert_int_equal(PQresultStatus(k), PGRES_TUPLES_OK);
	PQclear(k);
	PQfinish(other);
	begin_as(f, 101, "technician");
	PGresult *res = who(f);
	assert_string_equal(PQgetvalue(res, 0, 0), "101");
	assert_string_equal(PQgetvalue(res, 0, 1), "technician");
	assert_int_equal(db_commit(&f->r), HE_OK);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		FX_TEST(settings_per_transaction),
		FX_TEST(technician_sees_own_rows),
		FX_TEST(other_roles_see_all),
		FX_TEST(as_user_for_reads),
		FX_TEST(fails_closed),
		FX_TEST(values_are_parameters),
		FX_TEST(begin_after_failure),
		FX_TEST(begin_after_lost_connection),
	};
	int failed = cmocka_run_group_tests_name("rls", tests, group_setup, fx_db_close);
	return fx_db_exit(failed);
}
