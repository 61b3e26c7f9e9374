/* db.c: the worker's one PostgreSQL connection. Statements are prepared
 * lazily per connection generation; after a reconnect every db_stmt finds
 * its generation stale and is prepared again. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <json-c/printbuf.h>
#include "db.h"
#include "notify.h"
#include "kept.h"
#include "log.h"

#define OID_BOOL        16
#define OID_INT8        20
#define OID_INT2        21
#define OID_INT4        23
#define OID_JSON        114
#define OID_FLOAT4      700
#define OID_FLOAT8      701
#define OID_TEXTARRAY   1009
#define OID_INT8ARRAY   1016
#define OID_TIMESTAMPTZ 1184
#define OID_NUMERIC     1700
#define OID_JSONB       3802

static PGconn  *conn;
static char    *conninfo_saved;
static unsigned conn_gen = 1;
static char     last_state[6];
static char     last_constraint[128];
static char     last_message[512];
static int      last_conn_lost;

static int
db_setup_session(void)
{
	/* plan_cache_mode stays auto: statements that need a plan per value
	 * set are sent unnamed (DB_STMT_PLANNED); the rest settle on generic
	 * plans. No parallel workers for short OLTP queries. */
	PGresult *res = PQexec(conn, "SET TIME ZONE 'UTC'; "
	    "SET max_parallel_workers_per_gather = 0; "
	    "SET statement_timeout = '15s'; SET idle_in_transaction_session_timeout = '60s'");
	int ok = PQresultStatus(res) == PGRES_COMMAND_OK;
	PQclear(res);
	return ok ? 0 : -1;
}

int
db_init(const char *conninfo)
{
	free(conninfo_saved);
	conninfo_saved = strdup(conninfo);
	if (conn != NULL)
		PQfinish(conn);
	conn_gen++;                     /* a new connection: prepare every statement again */
	conn = PQconnectdb(conninfo);
	if (PQstatus(conn) != CONNECTION_OK) {
		log_info("database not reachable yet: %s", PQerrorMessage(conn));
		return -1;
	}
	return db_setup_session();
}

void
db_close(void)
{
	if (conn != NULL)
		PQfinish(conn);
	conn = NULL;
	free(conninfo_saved);
	conninfo_saved = NULL;
}

PGconn *
db_conn(void)
{
	return conn;
}

unsigned
db_generation(void)
{
	return conn_gen;
}

int
db_ok(void)
{
	if (conn != NULL && PQstatus(conn) == CONNECTION_OK)
		return 1;
	if (conn == NULL) {
		if (conninfo_saved == NULL)
			return 0;
		conn = PQconnectdb(conninfo_saved);
	} else {
		PQreset(conn);
	}
	conn_gen++;                     /* every statement is prepared again */
	if (PQstatus(conn) != CONNECTION_OK || db_setup_session() != 0)
		return 0;
	log_info("database connection (re)established");
	return 1;
}

static void
clear_result(void *p)
{
	PQclear(p);
}

static void
keep_failure(PGresult *res)
{
	const char *s = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
	const char *c = res ? PQresultErrorField(res, PG_DIAG_CONSTRAINT_NAME) : NULL;
	const char *m = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) : NULL;
	snprintf(last_state, sizeof(last_state), "%s", s ? s : "");
	snprintf(last_constraint, sizeof(last_constraint), "%s", c ? c : "");
	snprintf(last_message, sizeof(last_message), "%s", m ? m : PQerrorMessage(conn));
	/* Errors made inside libpq carry no SQLSTATE: the connection went. */
	last_conn_lost = (s == NULL) || PQstatus(conn) != CONNECTION_OK;
}

static int
result_ok(PGresult *res)
{
	ExecStatusType st = PQresultStatus(res);
	return st == PGRES_TUPLES_OK || st == PGRES_COMMAND_OK;
}

static PGresult *db_exec_once(struct request *r, struct db_stmt *st, int n, const char *const *vals);

PGresult *
db_exec(struct request *r, struct db_stmt *st, int n, const char *const *vals)
{
	int keep = st->kept_channel != NULL && !r->in_txn;
	if (keep) {
		PGresult *kept = kept_get(r, st, n, vals);
		if (kept != NULL)
			return kept;
		kept_listen(r, st);         /* before the query whose answer is kept */
	}
	PGresult *res = db_exec_once(r, st, n, vals);
	/* A connection that died while idle (PostgreSQL restarted) shows only
	 * on first use: outside a transaction nothing is lost, so try once more. */
	if (res == NULL && last_conn_lost && !r->in_txn && conn != NULL &&
	    PQstatus(conn) != CONNECTION_OK)
		res = db_exec_once(r, st, n, vals);
	if (res != NULL && keep)
		kept_put(st, n, vals, res);
	return res;
}

static PGresult *
db_exec_once(struct request *r, struct db_stmt *st, int n, const char *const *vals)
{
	double t0 = log_now_ms();
	last_state[0] = '\0';
	last_conn_lost = 0;
	if (!db_ok()) {
		/* Mid-transaction the work is lost with the connection: no retry. */
		last_conn_lost = 1;
		snprintf(last_message, sizeof(last_message), "database unavailable");
		r->in_txn = 0;
		return NULL;
	}
	if (st->planned_each_time) {
		PGresult *res = PQexecParams(conn, st->sql, n, NULL, vals, NULL, NULL, 0);
		r->db_ms += log_now_ms() - t0;
		r->db_queries++;
		if (!result_ok(res)) {
			keep_failure(res);
			if (last_state[0] == '4' && last_state[1] == '2')
				log_error(r, "statement %s: %s", st->name, last_message);
			PQclear(res);
			return NULL;
		}
		arena_defer(r->arena, clear_result, res);
		return res;
	}
	if (st->gen != conn_gen) {
		PGresult *p = PQprepare(conn, st->name, st->sql, 0, NULL);
		if (!result_ok(p)) {
			keep_failure(p);
			log_error(r, "prepare %s: %s", st->name, last_message);
			PQclear(p);
			r->db_ms += log_now_ms() - t0;
			return NULL;
		}
		PQclear(p);
		st->gen = conn_gen;
	}
	PGresult *res = PQexecPrepared(conn, st->name, n, vals, NULL, NULL, 0);
	r->db_ms += log_now_ms() - t0;
	r->db_queries++;
	if (!result_ok(res)) {
		keep_failure(res);
		PQclear(res);
		return NULL;
	}
	arena_defer(r->arena, clear_result, res);
	return res;
}

/* ------------------------------------------------------------------ */
/* The statement registry: DB_STMT leaves a pointer in hearth_stmts; GNU
 * ld defines __start_/__stop_ for a section named like a C identifier.
 * Weak, so a program without statements links too (both NULL). */

extern struct db_stmt *__start_hearth_stmts[] __attribute__((weak));
extern struct db_stmt *__stop_hearth_stmts[] __attribute__((weak));

struct db_stmt *const *
db_stmts_linked(size_t *n)
{
	*n = __start_hearth_stmts == NULL ? 0
	    : (size_t)(__stop_hearth_stmts - __start_hearth_stmts);
	return __start_hearth_stmts;
}

static int
stmt_name_cmp(const void *a, const void *b)
{
	return strcmp((*(struct db_stmt *const *)a)->name, (*(struct db_stmt *const *)b)->name);
}

int
db_stmts_check_names(struct db_stmt *const *list, size_t n, FILE *err)
{
	if (n < 2)
		return 0;                                /* nothing can share a name */
	struct db_stmt **sorted = malloc(n * sizeof(*sorted));
	if (sorted == NULL)
		return 1;
	memcpy(sorted, list, n * sizeof(*sorted));
	qsort(sorted, n, sizeof(*sorted), stmt_name_cmp);
	int bad = 0;
	for (size_t i = 0, j; i < n; i = j) {
		for (j = i + 1; j < n && strcmp(sorted[j]->name, sorted[i]->name) == 0; j++)
			;
		if (j - i > 1) {
			fprintf(err, "statement name \"%s\" is used %zu times\n", sorted[i]->name, j - i);
			bad = 1;
		}
	}
	free(sorted);
	return bad;
}

/* PREPARE each statement unnamed (nothing stays behind); 1 if any fails. */
static int
stmts_prepare(struct db_stmt *const *list, size_t n, const char *conninfo)
{
	PGconn *c = PQconnectdb(conninfo);
	if (PQstatus(c) != CONNECTION_OK) {
		fprintf(stderr, "--statements --prepare: cannot connect: %s", PQerrorMessage(c));
		PQfinish(c);
		return 1;
	}
	int bad = 0;
	for (size_t i = 0; i < n; i++) {
		PGresult *res = PQprepare(c, "", list[i]->sql, 0, NULL);
		if (PQresultStatus(res) != PGRES_COMMAND_OK) {
			fprintf(stderr, "statement %s does not prepare: %s", list[i]->name,
			    PQresultErrorMessage(res));
			bad = 1;
		}
		PQclear(res);
	}
	PQfinish(c);
	return bad;
}

int
db_statements_main(int argc, char **argv)
{
	size_t n;
	struct db_stmt *const *list = db_stmts_linked(&n);
	int prepare = 0;
	for (int i = 1; i < argc; i++)
		prepare |= strcmp(argv[i], "--prepare") == 0;
	for (size_t i = 0; i < n; i++)
		printf("%s\t%s\n", list[i]->name, list[i]->planned_each_time ? "planned" : "prepared");
	int bad = db_stmts_check_names(list, n, stderr);
	if (prepare) {
		const char *ci = getenv("HEARTH_TEST_DATABASE");
		if (ci == NULL || *ci == '\0') {
			fprintf(stderr, "--statements --prepare needs HEARTH_TEST_DATABASE (a libpq conninfo)\n");
			return 1;
		}
		bad |= stmts_prepare(list, n, ci);
	}
	return fflush(stdout) == 0 && !bad ? 0 : 1;
}

static PGresult *db_simple_once(struct request *r, const char *sql);

PGresult *
db_simple(struct request *r, const char *sql)
{
	PGresult *res = db_simple_once(r, sql);
	/* As db_exec: a connection lost while idle is retried once, but never
	 * a COMMIT or anything else inside a transaction. */
	if (res == NULL && last_conn_lost && !r->in_txn && strcmp(sql, "COMMIT") != 0 &&
	    conn != NULL && PQstatus(conn) != CONNECTION_OK)
		res = db_simple_once(r, sql);
	return res;
}

static PGresult *
db_simple_once(struct request *r, const char *sql)
{
	double t0 = log_now_ms();
	if (!db_ok()) {
		last_conn_lost = 1;
		return NULL;
	}
	PGresult *res = PQexec(conn, sql);
	r->db_ms += log_now_ms() - t0;
	r->db_queries++;
	if (!result_ok(res)) {
		keep_failure(res);
		PQclear(res);
		return NULL;
	}
	arena_defer(r->arena, clear_result, res);
	return res;
}

/* BEGIN and the principal's settings for row-level security in one round
 * trip (libpq pipeline mode), the values as parameters of a statement
 * prepared once per connection. Measured on the dev stack, BEGIN+ROLLBACK:
 * 27 µs before, 37 µs with the settings pipelined, 47 µs as a second round
 * trip. Returns 0 ok, -1 with the failure kept. */
DB_STMT(db_set_user,
    "SELECT pg_catalog.set_config('hearth.user_id', $1, true), "
    "pg_catalog.set_config('hearth.role', $2, true)");

static int
begin_as_once(struct request *r, const char *begin_sql)
{
	double t0 = log_now_ms();
	last_state[0] = '\0';
	last_conn_lost = 0;
	if (!db_ok()) {
		last_conn_lost = 1;
		snprintf(last_message, sizeof(last_message), "database unavailable");
		return -1;
	}
	const char *vals[2] = {
		r->principal.user_id ? db_int(r, r->principal.user_id) : "",
		r->principal.role ? r->principal.role : "",
	};
	if (db_set_user.gen != conn_gen) {      /* once per connection, as every db_stmt */
		PGresult *p = PQprepare(conn, db_set_user.name, db_set_user.sql, 0, NULL);
		int ok = result_ok(p);
		if (!ok)
			keep_failure(p);
		PQclear(p);
		if (!ok)
			return -1;
		db_set_user.gen = conn_gen;
	}
	int sent = PQenterPipelineMode(conn) == 1;
	sent = sent && PQsendQueryParams(conn, begin_sql, 0, NULL, NULL, NULL, NULL, 0) == 1;
	sent = sent && PQsendQueryPrepared(conn, db_set_user.name, 2, vals, NULL, NULL, 0) == 1;
	sent = sent && PQpipelineSync(conn) == 1;
	int failed = !sent, nulls = 0;
	/* Results: BEGIN's, NULL, set_config's, NULL, then the sync. A lost
	 * connection gives NULLs only: stop after a few. */
	while (sent) {
		PGresult *res = PQgetResult(conn);
		if (res == NULL) {
			if (++nulls > 2 || PQstatus(conn) != CONNECTION_OK) {
				failed = 1;
				break;
			}
			continue;
		}
		ExecStatusType st = PQresultStatus(res);
		if (st == PGRES_PIPELINE_SYNC) {
			PQclear(res);
			break;
		}
		if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
			if (!failed)
				keep_failure(res);       /* the first error; later ones are PIPELINE_ABORTED */
			failed = 1;
		}
		PQclear(res);
	}
	if (!sent || (failed && last_state[0] == '\0'))
		keep_failure(NULL);
	if (PQstatus(conn) != CONNECTION_OK)
		last_conn_lost = 1;             /* the server ended it (57P01 comes with a SQLSTATE) */
	PQexitPipelineMode(conn);
	r->db_ms += log_now_ms() - t0;
	r->db_queries++;
	if (failed && conn != NULL && PQstatus(conn) == CONNECTION_OK &&
	    PQtransactionStatus(conn) != PQTRANS_IDLE)
		PQclear(PQexec(conn, "ROLLBACK"));
	return failed ? -1 : 0;
}

static enum herr
begin_as(struct request *r, const char *begin_sql)
{
	int rc = begin_as_once(r, begin_sql);
	/* As db_simple: a connection lost while idle is tried once more. */
	if (rc != 0 && last_conn_lost && conn != NULL && PQstatus(conn) != CONNECTION_OK)
		rc = begin_as_once(r, begin_sql);
	if (rc != 0)
		return db_fail(r);
	r->in_txn = 1;
	return HE_OK;
}

enum herr
db_begin(struct request *r)
{
	/* listening, so the COMMIT's answer brings this worker's own NOTIFYs
	 * (notify_committed counts them for the host) */
	if (!r->in_txn)
		notify_listen(r);
	return begin_as(r, "BEGIN");
}

enum herr
db_as_user(struct request *r)
{
	if (r->in_txn)
		return HE_OK;                   /* db_begin set it already */
	return begin_as(r, "BEGIN READ ONLY");
}

enum herr
db_commit(struct request *r)
{
	r->in_txn = 0;
	if (db_simple(r, "COMMIT") == NULL)
		return db_fail(r);
	notify_committed();
	return HE_OK;
}

void
db_rollback(struct request *r)
{
	if (!r->in_txn)
		return;
	r->in_txn = 0;
	if (conn != NULL && PQstatus(conn) == CONNECTION_OK)
		PQclear(PQexec(conn, "ROLLBACK"));
}

enum herr
db_fail(struct request *r)
{
	db_rollback(r);
	if (last_conn_lost)
		return HE_DB_DOWN;
	if (strcmp(last_state, "40001") == 0 || strcmp(last_state, "40P01") == 0)
		return HE_RETRY;
	if (strcmp(last_state, "23505") == 0)
		return HE_CONFLICT;
	if (strcmp(last_state, "23503") == 0 || strcmp(last_state, "23514") == 0 ||
	    strncmp(last_state, "22", 2) == 0)
		return HE_INVALID;
	log_error(r, "database error %s: %s", last_state, last_message);
	return HE_INTERNAL;
}

const char *db_sqlstate(void) { return last_state; }
const char *db_constraint(void) { return last_constraint; }
const char *db_message(void) { return last_message; }

const char *
db_int(struct request *r, long long v)
{
	return arena_printf(r->arena, "%lld", v);
}

int
db_timestamp_text(const char *v, char out[24])
{
	if (strlen(v) < 19 || v[10] != ' ')
		return 0;
	memcpy(out, v, 19);
	out[10] = 'T';
	out[19] = 'Z';
	out[20] = '\0';
	return 1;
}

static json_object *
timestamp_json(const char *v)
{
	char out[24];
	return json_object_new_string(db_timestamp_text(v, out) ? out : v);
}

void
db_text_array_each(const char *v, void (*fn)(void *ctx, int i, const char *item), void *ctx)
{
	if (*v != '{')
		return;
	const char *p = v + 1;
	char item[4096];
	for (int i = 0; *p && *p != '}'; i++) {
		size_t o = 0;
		int quoted = 0;
		if (*p == '"') {
			quoted = 1;
			p++;
			while (*p && *p != '"') {
				if (*p == '\\' && p[1])
					p++;
				if (o < sizeof(item) - 1)
					item[o++] = *p;
				p++;
			}
			if (*p == '"')
				p++;
		} else {
			while (*p && *p != ',' && *p != '}') {
				if (o < sizeof(item) - 1)
					item[o++] = *p;
				p++;
			}
		}
		item[o] = '\0';
		fn(ctx, i, !quoted && strcmp(item, "NULL") == 0 ? NULL : item);
		if (*p == ',')
			p++;
	}
}

static void
array_add_item(void *arr, int i, const char *item)
{
	(void)i;
	json_object_array_add(arr, item ? json_object_new_string(item) : NULL);
}

/* {"a","b c"} → ["a","b c"] (text[] output format). */
static json_object *
text_array_json(const char *v)
{
	json_object *arr = json_object_new_array();
	db_text_array_each(v, array_add_item, arr);
	return arr;
}

enum db_shape
db_col_shape(const PGresult *res, int col)
{
	switch (PQftype(res, col)) {
	case OID_BOOL:
		return DB_BOOL;
	case OID_JSON: case OID_JSONB:
		return DB_JSON;
	case OID_TEXTARRAY:
		return DB_TEXTARRAY;
	case OID_TIMESTAMPTZ:
		return DB_TIME;
	case OID_FLOAT4: case OID_FLOAT8:
		return DB_FLOAT;
	default:
		return DB_TEXT;
	}
}

static json_object *
value_json(PGresult *res, int row, int col)
{
	if (PQgetisnull(res, row, col))
		return NULL;
	const char *v = PQgetvalue(res, row, col);
	switch (PQftype(res, col)) {
	case OID_INT2: case OID_INT4: case OID_INT8:
		return json_object_new_int64(strtoll(v, NULL, 10));
	case OID_BOOL:
		return json_object_new_boolean(v[0] == 't');
	case OID_FLOAT4: case OID_FLOAT8:
		return json_object_new_double(strtod(v, NULL));
	case OID_JSON: case OID_JSONB:
		return json_tokener_parse(v);
	case OID_TEXTARRAY:
		return text_array_json(v);
	case OID_TIMESTAMPTZ:
		return timestamp_json(v);
	default:
		return json_object_new_string(v);
	}
}

json_object *
db_row_json(PGresult *res, int row)
{
	json_object *o = json_object_new_object();
	int nf = PQnfields(res);
	for (int c = 0; c < nf; c++)
		json_object_object_add(o, PQfname(res, c), value_json(res, row, c));
	return o;
}

/* JSON string escaping (UTF-8 passes through; input is valid UTF-8).
 * Writes straight into the buffer after one reservation, eight plain
 * bytes at a time (none below 0x20, no quote, no backslash: the usual
 * case): this runs for every text value of every row of a JSON list. */
#define ONES  0x0101010101010101ULL
#define HIGHS 0x8080808080808080ULL
static void
json_str_n(struct buf *b, const char *s, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	buf_reserve(b, 6 * n + 2);
	char *o = b->data + b->len;
	*o++ = '"';
	size_t i = 0;
	while (i < n) {
		for (; i + 8 <= n; i += 8, o += 8) {
			uint64_t x, q, bs;
			memcpy(&x, s + i, 8);
			q = x ^ (ONES * '"');
			bs = x ^ (ONES * '\\');
			if ((((x - ONES * 0x20) & ~x) | ((q - ONES) & ~q) | ((bs - ONES) & ~bs)) & HIGHS)
				break;                      /* one of the 8 needs a look (or a false alarm) */
			memcpy(o, s + i, 8);
		}
		if (i >= n)
			break;
		unsigned char c = (unsigned char)s[i++];
		if (c >= 0x20 && c != '"' && c != '\\') {
			*o++ = (char)c;
			continue;
		}
		*o++ = '\\';
		switch (c) {
		case '"': *o++ = '"'; break;
		case '\\': *o++ = '\\'; break;
		case '\n': *o++ = 'n'; break;
		case '\r': *o++ = 'r'; break;
		case '\t': *o++ = 't'; break;
		default:
			*o++ = 'u';
			*o++ = '0';
			*o++ = '0';
			*o++ = hex[c >> 4];
			*o++ = hex[c & 15];
		}
	}
	*o++ = '"';
	*o = '\0';
	b->len = (size_t)(o - b->data);
}

static void
json_str(struct buf *b, const char *s)
{
	json_str_n(b, s, strlen(s));
}

static void
array_item_text(void *ctx, int i, const char *item)
{
	struct buf *b = ctx;
	if (i > 0)
		buf_putc(b, ',');
	if (item == NULL)
		buf_append(b, "null", 4);
	else
		json_str(b, item);
}

/* How a column's values are written as JSON (the mapping of value_json
 * above), worked out once per result. */
enum json_kind { JK_RAW, JK_FLOAT, JK_BOOL, JK_TIME, JK_TEXTARRAY, JK_STRING };

static enum json_kind
json_kind_of(const PGresult *res, int col)
{
	switch (PQftype(res, col)) {
	case OID_INT2: case OID_INT4: case OID_INT8: case OID_JSON: case OID_JSONB:
		return JK_RAW;
	case OID_FLOAT4: case OID_FLOAT8:
		return JK_FLOAT;
	case OID_BOOL:
		return JK_BOOL;
	case OID_TIMESTAMPTZ:
		return JK_TIME;
	case OID_TEXTARRAY:
		return JK_TEXTARRAY;
	default:
		return JK_STRING;
	}
}

/* One value as JSON text, the same mapping as value_json() above. */
static void
value_text(struct buf *b, PGresult *res, int row, int col, enum json_kind kind)
{
	if (PQgetisnull(res, row, col)) {
		buf_append(b, "null", 4);
		return;
	}
	const char *v = PQgetvalue(res, row, col);
	size_t n = (size_t)PQgetlength(res, row, col);
	switch (kind) {
	case JK_RAW:
		buf_append(b, v, n);
		return;
	case JK_FLOAT:
		if (strchr(v, 'N') || strchr(v, 'n'))      /* NaN, Infinity */
			buf_append(b, "null", 4);
		else
			buf_append(b, v, n);
		return;
	case JK_BOOL:
		if (v[0] == 't')
			buf_append(b, "true", 4);
		else
			buf_append(b, "false", 5);
		return;
	case JK_TIME: {
		char out[24];
		if (db_timestamp_text(v, out))
			json_str_n(b, out, 20);
		else
			json_str_n(b, v, n);
		return;
	}
	case JK_TEXTARRAY:
		buf_putc(b, '[');
		db_text_array_each(v, array_item_text, b);
		buf_putc(b, ']');
		return;
	case JK_STRING:
		json_str_n(b, v, n);
		return;
	}
}

void
db_rows_json_text(struct buf *b, PGresult *res, int nrows, const char *skip)
{
	db_rows_json_text_linked(b, res, nrows, skip, NULL);
}

void
db_rows_json_text_linked(struct buf *b, PGresult *res, int nrows, const char *skip, const char *link)
{
	int nf = PQnfields(res);
	/* The keys, quoted once per result, not once per row. */
	struct buf keys;
	size_t off[nf + 1];
	enum json_kind kind[nf > 0 ? nf : 1];
	buf_init(&keys);
	for (int c = 0; c < nf; c++) {
		off[c] = keys.len;
		kind[c] = json_kind_of(res, c);
		if (skip == NULL || strcmp(PQfname(res, c), skip) != 0) {
			json_str(&keys, PQfname(res, c));
			buf_putc(&keys, ':');
		}
	}
	off[nf] = keys.len;
	/* "url": link + the id's digits, which need no escaping (an int8) */
	int idc = link != NULL ? PQfnumber(res, "id") : -1;
	if (idc >= 0 && json_kind_of(res, idc) != JK_RAW)
		idc = -1;
	struct buf url;
	buf_init(&url);
	if (idc >= 0) {
		buf_append(&url, ",\"url\":", 7);
		json_str(&url, link);
		url.len--;                          /* reopen the string for the id */
		buf_putc(&url, '/');
	}
	buf_reserve(b, (size_t)nrows * 320);
	buf_putc(b, '[');
	for (int i = 0; i < nrows; i++) {
		buf_append(b, i ? ",{" : "{", i ? 2 : 1);
		int first = 1;
		for (int c = 0; c < nf; c++) {
			if (off[c + 1] == off[c])
				continue;                   /* the skipped column */
			if (!first)
				buf_putc(b, ',');
			first = 0;
			buf_append(b, keys.data + off[c], off[c + 1] - off[c]);
			value_text(b, res, i, c, kind[c]);
		}
		if (idc >= 0 && !PQgetisnull(res, i, idc)) {
			/* one append a row: ,"url":"<link>/ then the id's digits and the quote */
			size_t idn = (size_t)PQgetlength(res, i, idc);
			buf_reserve(b, url.len + idn + 1);
			memcpy(b->data + b->len, url.data, url.len);
			memcpy(b->data + b->len + url.len, PQgetvalue(res, i, idc), idn);
			b->len += url.len + idn;
			b->data[b->len++] = '"';
			b->data[b->len] = '\0';
		}
		buf_putc(b, '}');
	}
	buf_putc(b, ']');
	buf_free(&keys);
	buf_free(&url);
}

json_object *
db_rows_json(PGresult *res)
{
	json_object *arr = json_object_new_array_ext(PQntuples(res));
	int n = PQntuples(res);
	for (int i = 0; i < n; i++)
		json_object_array_add(arr, db_row_json(res, i));
	return arr;
}

/* Row sets answered as they are (db_rows_lazy). The live ones are listed
 * so db_rows_of() can tell them from any other array by pointer alone;
 * the list empties with the request's arena. */
static struct db_rows *lazy_rows;

static void
lazy_rows_forget(void *p)
{
	(void)p;
	lazy_rows = NULL;
}

static int
lazy_rows_serializer(json_object *jso, struct printbuf *pb, int level, int flags)
{
	(void)level;
	(void)flags;
	const struct db_rows *rows = json_object_get_userdata(jso);
	struct buf b;
	buf_init(&b);
	db_rows_json_text_linked(&b, rows->res, rows->nrows, rows->skip, rows->link);
	printbuf_memappend(pb, b.data, (int)b.len);
	buf_free(&b);
	return 0;
}

json_object *
db_rows_lazy(struct request *r, PGresult *res, int nrows, const char *skip)
{
	struct db_rows *rows = arena_alloc(r->arena, sizeof(*rows));
	rows->res = res;
	rows->nrows = nrows;
	rows->skip = skip;
	if (lazy_rows == NULL)
		arena_defer(r->arena, lazy_rows_forget, NULL);
	rows->next = lazy_rows;
	lazy_rows = rows;
	json_object *arr = json_object_new_array_ext(nrows > 0 ? nrows : 1);
	/* nulls, so its length is the number of rows */
	if (nrows > 0)
		json_object_array_put_idx(arr, (size_t)nrows - 1, NULL);
	json_object_set_serializer(arr, lazy_rows_serializer, rows, NULL);
	return arr;
}

const struct db_rows *
db_rows_of(json_object *arr)
{
	if (lazy_rows == NULL || !json_object_is_type(arr, json_type_array))
		return NULL;
	const void *u = json_object_get_userdata(arr);
	for (const struct db_rows *rows = lazy_rows; rows; rows = rows->next)
		if (rows == u)
			return rows;
	return NULL;
}

void
db_rows_only(json_object *arr, const char *const *only)
{
	struct db_rows *rows = (struct db_rows *)db_rows_of(arr);
	if (rows != NULL)
		rows->only = only;
}

void
db_rows_link(json_object *arr, const char *path)
{
	struct db_rows *rows = (struct db_rows *)db_rows_of(arr);
	if (rows != NULL)
		rows->link = path;
}

void
db_rows_row_template(json_object *arr, const char *row_template)
{
	struct db_rows *rows = (struct db_rows *)db_rows_of(arr);
	if (rows != NULL)
		rows->row_template = row_template;
}
