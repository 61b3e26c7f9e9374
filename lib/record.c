/* record.c: shared resource steps (fetch, version check, audit+commit, answer). */
#include <stdarg.h>
#include <string.h>
#include "audit.h"
#include "record.h"
#include "resp.h"

enum herr
record_get(struct request *r, struct db_stmt *st, long long id, json_object **out)
{
	*out = NULL;
	if (id <= 0)
		return HE_NOT_FOUND;
	PGresult *res = db_q(r, st, db_int(r, id));
	if (res == NULL)
		return db_fail(r);
	if (PQntuples(res) == 0)
		return HE_NOT_FOUND;
	*out = req_json(r, db_row_json(res, 0));
	return HE_OK;
}

long long
record_int(json_object *rec, const char *field)
{
	json_object *v = NULL;
	return json_object_object_get_ex(rec, field, &v) && v ? json_object_get_int64(v) : 0;
}

const char *
record_str(json_object *rec, const char *field)
{
	json_object *v = NULL;
	return json_object_object_get_ex(rec, field, &v) && v ? json_object_get_string(v) : NULL;
}

enum herr
record_version_check(struct request *r, struct form *f, json_object *current)
{
	int v = form_version(f);
	if (v == FORM_VERSION_BAD) {
		r->problem_detail = "If-Match names no version of this record: send the ETag a GET gave, or \"<version>\".";
		return HE_PRECONDITION;
	}
	if (v == 0) {
		form_error(f, "version", "Send the version you read (field \"version\" or If-Match).");
		return HE_INVALID;
	}
	if (v != record_int(current, "version")) {
		req_set_data(r, current);
		r->problem_detail = "Someone else changed this record since you read it. "
		    "Your changes were not saved; the current record is included.";
		return HE_CONFLICT;
	}
	return HE_OK;
}

enum herr
record_commit(struct request *r, const char *action, const char *entity, long long id,
              json_object *before, json_object *after, const char *event)
{
	enum herr e = audit_log(r, action, entity, id, before, after);
	if (e == HE_OK && event != NULL)
		e = outbox_emit(r, event, id, after);
	if (e == HE_OK)
		e = db_commit(r);
	return e;
}

enum herr
record_done(struct request *r, int created, const char *location, const char *flash, json_object *obj)
{
	if (r->format == FMT_HTML) {
		if (flash != NULL)
			resp_flash(r, "success", flash);
		return resp_redirect(r, 303, location);
	}
	if (created)
		return resp_created(r, location, obj);
	return resp_ok(r, NULL, obj);
}

enum herr
record_form_again(struct request *r, enum herr e, const char *template, json_object *data)
{
	if (r->format != FMT_HTML)
		return e;
	r->template = template;
	/* On a conflict r->data already holds the current record (record_version_check). */
	if (data != NULL && e != HE_CONFLICT)
		req_set_data(r, data);
	req_set_form_values(r, req_input(r));
	return e;
}

json_object *
record_as_form(struct request *r, json_object *rec)
{
	json_object *out = req_obj(r);
	json_object_object_foreach(rec, key, val) {
		if (val != NULL && json_object_is_type(val, json_type_array)) {
			struct buf b;
			buf_init(&b);
			size_t n = json_object_array_length(val);
			for (size_t i = 0; i < n; i++) {
				json_object *e = json_object_array_get_idx(val, i);
				if (e == NULL || json_object_is_type(e, json_type_object))
					continue;
				buf_printf(&b, "%s%s", b.len ? ", " : "", json_object_get_string(e));
			}
			json_object_object_add(out, key, json_object_new_string(b.data ? b.data : ""));
			buf_free(&b);
		} else {
			json_object_object_add(out, key, json_object_get(val));
		}
	}
	return out;
}

void
record_crumbs(struct request *r, const char *title, ...)
{
	json_object_object_add(req_page(r), "title", json_object_new_string(title));
	json_object *crumbs = json_object_new_array();
	va_list ap;
	va_start(ap, title);
	for (;;) {
		const char *label = va_arg(ap, const char *);
		if (label == NULL)
			break;
		const char *href = va_arg(ap, const char *);
		json_object *c = json_object_new_object();
		json_object_object_add(c, "label", json_object_new_string(label));
		if (href != NULL)
			json_object_object_add(c, "href", json_object_new_string(href));
		json_object_array_add(crumbs, c);
	}
	va_end(ap);
	json_object_object_add(r->page, "crumbs", crumbs);
}

enum herr
record_set_archived(struct request *r, struct db_stmt *set, const char *entity, const char *label,
                    long long id, int archive, json_object *cur, const char *location, const char *event)
{
	PGresult *res = db_q(r, set, db_int(r, id), archive ? "true" : "false");
	if (res == NULL)
		return db_fail(r);
	if (PQntuples(res) == 0) {             /* already so: nothing to change */
		db_rollback(r);
		return record_done(r, 0, location, NULL, cur);
	}
	json_object *after = req_json(r, db_row_json(res, 0));
	const char *verb = archive ? "archive" : "restore";
	enum herr e = record_commit(r, arena_printf(r->arena, "%s.%s", entity, verb), entity, id, cur, after,
	    event ? event : arena_printf(r->arena, "%s.%sd", entity, verb));
	if (e != HE_OK)
		return e;
	return record_done(r, 0, location, arena_printf(r->arena, "%s %sd.", label, verb), after);
}

enum herr
record_begin_by_id(struct request *r, struct db_stmt *st, long long *id, PGresult **res)
{
	*res = NULL;
	if ((*id = req_param_id(r, "id")) <= 0)
		return HE_NOT_FOUND;
	enum herr e = db_begin(r);
	if (e != HE_OK)
		return e;
	if ((*res = db_q(r, st, db_int(r, *id))) == NULL)
		return db_fail(r);
	return HE_OK;
}
