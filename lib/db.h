/* db: one libpq connection per worker. Every statement is a static
 * db_stmt next to the handler that runs it, prepared on first use per
 * connection (and again after a reconnect). Results are cleared with the
 * request's arena. */
#ifndef HEARTH_DB_H
#define HEARTH_DB_H

#include <stdio.h>
#include <libpq-fe.h>
#include <json-c/json.h>
#include "req.h"

struct db_stmt {
	const char *name;
	const char *sql;
	unsigned    gen;   /* connection generation it was prepared on */
	int         planned_each_time;
	const char *kept_channel;   /* DB_STMT_KEPT: its answers are kept until a NOTIFY on it */
};
/* Each statement also leaves a pointer to itself in the section
 * hearth_stmts, so a program can list every statement linked into it
 * (db_stmts_linked) and `--statements` finds two with one name at build
 * time (tests/unit/statements_check.sh), not at the first PREPARE. */
#define DB_STMT_REGISTER_(var) \
	static struct db_stmt *var##_registered_ \
	    __attribute__((used, section("hearth_stmts"))) = &var
#define DB_STMT(var, text) static struct db_stmt var = { #var, text, 0, 0, NULL }; \
	DB_STMT_REGISTER_(var)
/* A prepared statement whose answers a worker keeps (lib/kept.h), by its
 * parameters, until a NOTIFY on channel: it must read only tables whose
 * triggers notify that channel on every change (sql/). Outside a
 * transaction only. */
#define DB_STMT_KEPT(var, channel, text) static struct db_stmt var = { #var, text, 0, 0, channel }; \
	DB_STMT_REGISTER_(var)
/* A statement whose best plan depends on its values: searches and lists
 * with optional filters ($1 IS NULL OR ...). It is sent unnamed, so it is
 * planned for the values at hand every time; a generic plan of a search
 * walks the whole name index (1.4 s at 100k customers, measured). Every
 * other statement is prepared once; PostgreSQL keeps planning it per
 * request unless its generic plan looks as cheap as a custom one (a
 * lookup by id does; a list with a LIMIT $n needs DB_PARAM below). */
#define DB_STMT_PLANNED(var, text) static struct db_stmt var = { #var, text, 0, 1, NULL }; \
	DB_STMT_REGISTER_(var)

/* A parameter read through an InitPlan: "(SELECT $4::text)". PostgreSQL's
 * auto plan mode plans a prepared statement for its values whenever its
 * generic plan looks dearer than the custom ones, and a LIMIT $n or a
 * `$1 IS NULL OR ...` always does (the generic plan guesses 10% of the
 * rows for the limit): so a list statement was planned on every request
 * (0.1-0.45 ms of 0.5-1.5). A value behind an InitPlan is as unknown to a
 * custom plan as to the generic one, so their costs are equal and after
 * five executions auto mode keeps the generic plan (0.01 ms; the
 * InitPlans cost nothing). For hot statements whose generic plan is good
 * for every value set, checked with EXPLAIN at scale: a cursor read this
 * way is still an index condition. */
#define DB_PARAM(n, type) "(SELECT $" #n "::" #type ")"

/* Every statement linked into this program, in link order (*n of them). */
struct db_stmt *const *db_stmts_linked(size_t *n);
/* 0 when the n statements' names are unique; else 1, each shared name
 * reported on err ("statement name \"x\" is used 2 times"). */
int db_stmts_check_names(struct db_stmt *const *list, size_t n, FILE *err);
/* `RESPONDER --statements [--prepare]`: print every statement's name and
 * kind, one a line, and fail (1) on a shared name. With --prepare, also
 * PREPARE each on the database in $HEARTH_TEST_DATABASE and fail naming
 * those PostgreSQL refuses. */
int db_statements_main(int argc, char **argv);

/* At worker start: remember conninfo and try to connect (a failure is not
 * fatal; requests get 503 until the database answers). */
int db_init(const char *conninfo);
void db_close(void);
int db_ok(void);                    /* connected now (reconnects if needed) */
PGconn *db_conn(void);
/* Which connection this is: changes on every (re)connect, so state kept
 * on a connection (prepared statements, LISTEN) can tell it is gone. */
unsigned db_generation(void);

/* Run st with n text parameters (NULL is SQL NULL). Returns the result (tuples
 * or command OK), or NULL on failure with the failure kept for db_fail(). */
PGresult *db_exec(struct request *r, struct db_stmt *st, int n, const char *const *vals);
#define DB_NARGS_(...) (int)(sizeof((const char *[]){__VA_ARGS__}) / sizeof(const char *))
#define db_q(r, st, ...) db_exec((r), (st), DB_NARGS_(__VA_ARGS__), (const char *[]){__VA_ARGS__})
#define db_q0(r, st) db_exec((r), (st), 0, NULL)
/* Plain SQL without parameters (BEGIN, COMMIT, SET ...). */
PGresult *db_simple(struct request *r, const char *sql);

/* db_begin opens a transaction and, in the same round trip, sets who is
 * asking for its duration: hearth.user_id (the principal's id, "" signed
 * out) and hearth.role (their role). db_as_user does the same for a
 * read-only request that needs it (BEGIN READ ONLY; app.c ends it after
 * the handler); it is a no-op inside a transaction. Requests that call
 * neither pay nothing.
 *
 * Resource-level rules ("technicians see only the work assigned to them")
 * live in PostgreSQL, at one point per table, not in handlers. SQL reads
 * the settings through auth.current_user_id() and auth.current_role()
 * (sql/010; NULL when unset). A family's migration gives a table a policy:
 *
 *   ALTER TABLE service.tickets ENABLE ROW LEVEL SECURITY;
 *   CREATE POLICY tickets_assigned ON service.tickets TO hearth_service
 *     USING (auth.current_role() <> 'technician'
 *            OR assignee_id = auth.current_user_id());
 *
 * and every handler that reads or writes that table runs inside db_begin
 * or db_as_user. The policy fails closed: outside them both functions
 * give NULL and no row is visible. A row the policy hides simply is not
 * there, so a technician guessing another's ticket id gets 404, not 403
 * (nothing tells them it exists). List one policy per responder role that
 * reads the table (hearth_analytics too); the owner (hearthctl, the worker)
 * is not subject to policies. tests/unit/test_rls.c proves the mechanism. */
enum herr db_begin(struct request *r) __attribute__((warn_unused_result));
enum herr db_as_user(struct request *r) __attribute__((warn_unused_result));
enum herr db_commit(struct request *r) __attribute__((warn_unused_result));
void db_rollback(struct request *r);     /* no-op outside a transaction */

/* The last failure as a herr: HE_DB_DOWN (connection), HE_RETRY (40001,
 * 40P01), HE_CONFLICT (23505), HE_INVALID (23503/23514/22xxx), else HE_INTERNAL. */
enum herr db_fail(struct request *r) __attribute__((warn_unused_result));
const char *db_sqlstate(void);           /* of the last failure, or "" */
const char *db_constraint(void);         /* constraint name of the last failure, or "" */
const char *db_message(void);

/* Rows as JSON: ints, bools, numerics as numbers where exact, json/jsonb
 * parsed, arrays of text as arrays, timestamptz as RFC 3339 UTC, NULL as null. */
json_object *db_row_json(PGresult *res, int row);
json_object *db_rows_json(PGresult *res);
/* The first nrows rows as a JSON array written straight into b, with the
 * same types as db_row_json, leaving out column skip (may be NULL). For
 * answers that go out as JSON as they are: no json-c objects on the way. */
void db_rows_json_text(struct buf *b, PGresult *res, int nrows, const char *skip);
/* The same, each row with "url": link "/" id (link NULL: none). */
void db_rows_json_text_linked(struct buf *b, PGresult *res, int nrows, const char *skip, const char *link);
/* Rows answered as they are: an array whose JSON text is written straight
 * from res (db_rows_json_text) and whose page HDF view.c builds straight
 * from res, with no json-c object per row (it holds nrows nulls, so its
 * length is right). res must live as long as the
 * answer (results are cleared with the request's arena). */
struct db_rows {
	PGresult       *res;
	int             nrows;     /* the first nrows rows */
	const char     *skip;      /* a column left out (keyset plumbing), or NULL */
	const char *const *only;   /* a page's data: only these columns (NULL: all) */
	const char *row_template;  /* a page renders each row with it (view.c), or NULL */
	const char *link;          /* JSON rows carry "url": link/id (db_rows_link), or NULL */
	struct db_rows *next;
};
json_object *db_rows_lazy(struct request *r, PGresult *res, int nrows, const char *skip);
/* The rows behind an array made by db_rows_lazy (this request), or NULL. */
const struct db_rows *db_rows_of(json_object *arr);
/* A page shows only these columns of arr's rows (NULL-terminated): each
 * value a template never reads still costs a node of the page's data.
 * JSON and CSV answers keep every column. */
void db_rows_only(json_object *arr, const char *const *only);
/* A page shows arr's rows each rendered by row_template, a template that
 * sees the row as row.* and the worker's constants only (view.c keeps
 * each row's HTML by its values), where the page template prints
 * uvar:rendered.<key>. */
void db_rows_row_template(json_object *arr, const char *row_template);
/* The JSON text of arr's rows gives each one "url": path "/" its id
 * (a resource's list: lib/resource.c). */
void db_rows_link(json_object *arr, const char *path);
/* How a column's text turns into a page value (the same mapping as JSON). */
enum db_shape { DB_TEXT, DB_BOOL, DB_FLOAT, DB_TIME, DB_TEXTARRAY, DB_JSON };
enum db_shape db_col_shape(const PGresult *res, int col);
/* "2026-11-23 21:53:52.123+00" → "2026-11-23T21:53:52Z" (the session is
 * UTC; whole seconds, as core.rfc3339() gives inside json_agg); 0 when v
 * has another shape. */
int db_timestamp_text(const char *v, char out[24]);
/* fn(ctx, i, item) for each item of a text[] value ({"a","b c"}); item is
 * NULL for a NULL element. */
void db_text_array_each(const char *v, void (*fn)(void *ctx, int i, const char *item), void *ctx);
/* Format a long long into the arena (for parameters). */
const char *db_int(struct request *r, long long v);

#endif
