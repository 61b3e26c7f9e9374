/* worker.c: the background work, for admins (sql/015-017): the outbox
 * queue, the events set aside after their tries ran out (with a retry),
 * the consumers and the timed jobs with their last runs. */
#include "auth_family.h"
#include "record.h"
#include "resp.h"

#define DEAD_SHOWN 50            /* events set aside on the page, newest first */
#define TEXT_(x)   #x
#define TEXT(x)    TEXT_(x)

DB_STMT(worker_queue_stmt, "SELECT pending, due, oldest_pending_at, dead FROM core.worker_queue()");
DB_STMT(worker_dead_stmt, "SELECT * FROM core.worker_dead($1::int)");
DB_STMT(worker_consumers_stmt,
    "SELECT name, event_pattern, handler::text AS handler, enabled FROM core.consumers ORDER BY name");
DB_STMT(worker_jobs_stmt,
    "SELECT name, extract(epoch FROM every)::bigint AS every_seconds, handler::text AS handler, enabled,"
    " next_run_at, runs, last_started_at, round(last_duration_ms::numeric, 1)::float8 AS last_duration_ms,"
    " last_ok_at, last_error FROM core.jobs ORDER BY name");
DB_STMT(worker_retry_stmt, "SELECT * FROM core.worker_retry($1)");

/* GET /auth/worker → {queue: {pending, due, oldest_pending_at, dead},
 * dead: [{id, event, entity_id, created_at, attempts, last_error,
 * dead_at}] (the 50 newest), consumers: [{name, event_pattern, handler,
 * enabled}], jobs: [{name, every_seconds, handler, enabled, next_run_at,
 * runs, last_started_at, last_duration_ms, last_ok_at, last_error}]}.
 * auth:admin. */
enum herr
auth_worker_show(struct request *r)
{
	static const struct { const char *key; struct db_stmt *st; const char *param; } lists[] = {
		{ "dead", &worker_dead_stmt, TEXT(DEAD_SHOWN) },
		{ "consumers", &worker_consumers_stmt, NULL },
		{ "jobs", &worker_jobs_stmt, NULL },
	};
	PGresult *q = db_q0(r, &worker_queue_stmt);
	if (q == NULL || PQntuples(q) != 1)
		return db_fail(r);
	json_object *out = req_obj(r);
	json_object_object_add(out, "queue", db_row_json(q, 0));
	for (size_t i = 0; i < sizeof(lists) / sizeof(lists[0]); i++) {
		PGresult *res = db_exec(r, lists[i].st, lists[i].param ? 1 : 0, &lists[i].param);
		if (res == NULL)
			return db_fail(r);
		json_object_object_add(out, lists[i].key, db_rows_json(res));
	}
	if (r->format == FMT_HTML) {
		record_crumbs(r, "Background work", NULL);
		json_object_object_add(r->page, "family", json_object_new_string("worker"));
	}
	return resp_ok(r, "auth/worker.cs", out);
}

/* POST /auth/worker/events/:id/retry: an event set aside goes back in the
 * queue, due now (audit "outbox.retry") → the event; HTML: 303 back with a
 * flash. Not set aside (any more) → 409 problem, or the page with a
 * notice. auth:admin. */
enum herr
auth_worker_retry(struct request *r)
{
	long long id;
	PGresult *res;
	enum herr e = record_begin_by_id(r, &worker_retry_stmt, &id, &res);
	if (e != HE_OK)
		return e;
	if (PQntuples(res) == 0) {
		db_rollback(r);
		if (r->format == FMT_HTML)
			return record_done(r, 0, "/auth/worker", "That event is not set aside (any more).", NULL);
		r->problem_detail = "That event is not set aside: it is queued, done or unknown.";
		return HE_CONFLICT;
	}
	json_object *ev = req_json(r, db_row_json(res, 0));
	if ((e = record_commit(r, "outbox.retry", "outbox_event", id, NULL, ev, NULL)) != HE_OK)
		return e;
	return record_done(r, 0, "/auth/worker", "The event is back in the queue.", ev);
}
