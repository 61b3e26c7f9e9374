/* lead_comms.c: the follow-up history of a lead: calls, emails, meetings
 * and notes recorded on it (sales.lead_communications, sql/057) by the
 * signed-in user, listed on the lead's page newest first (leads.c's
 * lead_get_full) and at GET /leads/:id/communications. Recording one on a
 * lead that is still new moves it to contacted, in the same transaction.
 * Communications are only added (a record of what happened): no edit,
 * so no version to check; a converted lead keeps them on its page. */
#include <string.h>
#include "audit.h"
#include "resp.h"
#include "sales.h"

static const char *const comm_kinds[] = { "call", "email", "meeting", "note", NULL };
static const char *const comm_directions[] = { "in", "out", NULL };
/* The flash per kind (comm_kinds' order). */
static const char *const comm_recorded[] = { "Call recorded.", "Email recorded.", "Meeting recorded.", "Note added." };

#define COMM_COLS \
	"m.id, m.lead_id, l.name AS lead_name, l.status AS lead_status, m.kind, m.direction, m.summary," \
	" m.occurred_at, m.user_id, (SELECT u.name FROM auth.user_names u WHERE u.id = m.user_id) AS user_name," \
	" m.created_at, '/leads/' || m.lead_id AS lead_url"

DB_STMT(comm_lead_lock, "SELECT " SALES_LEAD_COLS " FROM sales.leads l WHERE l.id = $1 FOR UPDATE");
DB_STMT(comm_lead_exists, "SELECT 1 FROM sales.leads l WHERE l.id = $1");
/* The lead answers the first communication: new → contacted. */
DB_STMT(comm_lead_contacted,
    "UPDATE sales.leads l SET status = 'contacted', version = l.version + 1, updated_at = now()"
    " WHERE l.id = $1 AND l.status = 'new' RETURNING " SALES_LEAD_COLS);
/* $1 lead, $2 kind, $3 direction, $4 summary, $5 occurred_at (NULL: now), $6 user. */
DB_STMT(comm_insert,
    "WITH m AS (INSERT INTO sales.lead_communications (lead_id, kind, direction, summary, occurred_at, user_id)"
    " VALUES ($1, $2, $3, $4, coalesce($5::timestamptz, now()), $6) RETURNING *)"
    " SELECT " COMM_COLS " FROM m JOIN sales.leads l ON l.id = m.lead_id");
/* A page of them, newest first (lead_communications_lead_idx). $1 lead,
 * $2/$3 cursor (occurred_at, id), $4 limit + 1. */
DB_STMT(comm_list,
    "SELECT " COMM_COLS ", m.occurred_at AS sort_key FROM sales.lead_communications m"
    " JOIN sales.leads l ON l.id = m.lead_id WHERE m.lead_id = $1"
    " AND ($2::text IS NULL OR (m.occurred_at, m.id) < ($2::timestamptz, $3::bigint))"
    " ORDER BY m.occurred_at DESC, m.id DESC LIMIT $4");

static const struct list_sort comm_sorts[] = {
	{ "-occurred_at", "Newest first", "sort_key" },
	{ NULL, NULL, NULL },
};

/* GET /leads/:id/communications (?limit, after) → 200 {items: [{id,
 * lead_id, lead_name, lead_status, kind, direction, summary, occurred_at,
 * user_id, user_name, created_at, lead_url}], next}, newest first; 404 no
 * such lead. A browser is sent to the lead's page, where they are listed. */
enum herr
sales_lead_comm_list(struct request *r)
{
	long long id = req_param_id(r, "id");
	if (id <= 0)
		return HE_NOT_FOUND;
	if (r->format == FMT_HTML)
		return resp_redirect(r, 303, arena_printf(r->arena, "/leads/%lld#communications", id));
	struct list_query lq;
	enum herr e = list_parse(r, comm_sorts, &lq);
	if (e != HE_OK)
		return e;
	PGresult *q = db_q(r, &comm_lead_exists, db_int(r, id));
	if (q == NULL)
		return db_fail(r);
	if (PQntuples(q) == 0)
		return HE_NOT_FOUND;
	PGresult *rows = db_q(r, &comm_list, db_int(r, id), lq.after_key, lq.after_id, lq.limit_plus_one);
	if (rows == NULL)
		return db_fail(r);
	return resp_ok(r, NULL, req_json(r, list_answer_as_is(r, &lq, rows)));
}

/* The lead's page again with the form's messages and values (HTML), or
 * the problem (JSON). */
static enum herr
comm_form_again(struct request *r, long long id, enum herr e)
{
	json_object *lead = NULL;
	if (r->format == FMT_HTML) {
		enum herr ge = sales_lead_page_record(r, id, &lead);
		if (ge != HE_OK)
			return ge;
		record_crumbs(r, record_str(lead, "name"), "Leads", "/leads", record_str(lead, "name"), NULL, NULL);
	}
	return record_form_again(r, e, "sales/lead_show.cs", lead);
}

/* POST /leads/:id/communications {kind: call|email|meeting|note,
 * direction: in|out (default out), summary, occurred_at (RFC 3339 or the
 * browser's local date-time; default now)} → 201 the communication +
 * Location of the lead (HTML: 303 to the lead's page with "Call
 * recorded." etc.); 404 no such lead; 422 field errors, or lead_id when
 * the lead is archived. By the signed-in user; a lead still new becomes
 * contacted (audit lead.update, event sales.lead_updated). Audit
 * lead_communication.create, event sales.lead_communication_added. */
enum herr
sales_lead_comm_create(struct request *r)
{
	long long id;
	PGresult *res;
	enum herr e = record_begin_by_id(r, &comm_lead_lock, &id, &res);
	if (e != HE_OK)
		return e;
	if (PQntuples(res) == 0) {
		db_rollback(r);
		return HE_NOT_FOUND;
	}
	json_object *lead = req_json(r, db_row_json(res, 0));
	struct form f;
	form_begin(&f, r, NULL);
	const char *kind = form_enum(&f, "kind", V_REQUIRED, comm_kinds, NULL);
	const char *direction = form_enum(&f, "direction", 0, comm_directions, "out");
	const char *summary = form_text(&f, "summary", V_REQUIRED, 5000);
	const char *occurred = form_datetime(&f, "occurred_at", V_NULLABLE);
	if (record_str(lead, "archived_at") != NULL)
		form_error(&f, "lead_id", "This lead is archived: restore it to record on it.");
	if (!form_ok(&f)) {
		db_rollback(r);
		return comm_form_again(r, id, HE_INVALID);
	}
	const char *lid = db_int(r, id);
	if ((res = db_q(r, &comm_lead_contacted, lid)) == NULL)
		goto fail;
	if (PQntuples(res) == 1) {
		json_object *after = req_json(r, db_row_json(res, 0));
		if ((e = audit_log(r, "lead.update", "lead", id, lead, after)) != HE_OK ||
		    (e = outbox_emit(r, "sales.lead_updated", id, after)) != HE_OK) {
			db_rollback(r);
			return e;
		}
	}
	if ((res = db_q(r, &comm_insert, lid, kind, direction, summary, occurred,
	    r->principal.user_id > 0 ? db_int(r, r->principal.user_id) : NULL)) == NULL)
		goto fail;
	json_object *comm = req_json(r, db_row_json(res, 0));
	long long cid = record_int(comm, "id");
	if ((e = record_commit(r, "lead_communication.create", "lead_communication", cid, NULL, comm,
	    "sales.lead_communication_added")) != HE_OK)
		return e;
	int k = 0;
	while (comm_kinds[k] && strcmp(comm_kinds[k], kind) != 0)
		k++;
	return record_done(r, 1, arena_printf(r->arena, r->format == FMT_HTML ? "/leads/%lld#communications" : "/leads/%lld",
	    id), comm_recorded[k], comm);
fail:
	return db_fail(r);
}
