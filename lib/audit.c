/* audit.c: audit and outbox rows, inside the caller's transaction. */
#include "audit.h"
#include "db.h"
#include "log.h"

DB_STMT(audit_insert_stmt,
    "INSERT INTO core.audit (user_id, actor, client_ip, request_id, action, entity, entity_id, before, after) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9::jsonb)");

DB_STMT(outbox_insert_stmt,
    "INSERT INTO core.outbox (event, entity_id, payload) VALUES ($1, $2, $3::jsonb)");

static const char *
json_text(json_object *o)
{
	return o ? json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN) : NULL;
}

enum herr
audit_log(struct request *r, const char *action, const char *entity, long long entity_id,
          json_object *before, json_object *after)
{
	const char *uid = r->principal.user_id ? db_int(r, r->principal.user_id) : NULL;
	const char *eid = entity_id ? db_int(r, entity_id) : NULL;
	if (db_q(r, &audit_insert_stmt, uid, r->principal.email ? r->principal.email : "",
	    r->client_ip, r->request_id, action, entity, eid, json_text(before), json_text(after)) == NULL)
		return db_fail(r);
	return HE_OK;
}

void
audit_refusal(struct request *r, const char *action, const char *entity, long long entity_id,
              json_object *after)
{
	if (audit_log(r, action, entity, entity_id, NULL, after) != HE_OK)
		log_error(r, "audit: %s not recorded: %s", action, db_message());
}

enum herr
outbox_emit(struct request *r, const char *event, long long entity_id, json_object *payload)
{
	if (db_q(r, &outbox_insert_stmt, event, entity_id ? db_int(r, entity_id) : NULL,
	    payload ? json_text(payload) : "{}") == NULL)
		return db_fail(r);
	return HE_OK;
}
