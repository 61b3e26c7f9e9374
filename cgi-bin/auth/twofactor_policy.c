/* twofactor_policy.c: admins choose the roles that must use two-factor;
 * lib/app.c holds such a user without it at /auth/2fa until they enrol
 * (routes flagged ROUTE_OPEN_2FA_PENDING still answer). */
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "auth.h"
#include "auth_family.h"
#include "crypto.h"
#include "resp.h"
#include "twofactor.h"

/* ---- policy: roles that must use two-factor ----------------------------------------------- */

DB_STMT(tf_policy_list,
    "SELECT r.name, r.description, r.require_2fa,"
    " count(u.id) AS users, count(u.id) FILTER (WHERE t.enabled_at IS NULL) AS users_without_2fa"
    " FROM auth.roles r LEFT JOIN auth.users u ON u.role = r.name AND u.active"
    " LEFT JOIN auth.user_totp t ON t.user_id = u.id"
    " GROUP BY r.name"
    " ORDER BY array_position(ARRAY['admin','manager','sales','technician','office','viewer'], r.name)"
    " NULLS LAST, r.name");
DB_STMT(tf_policy_read, "SELECT name, require_2fa FROM auth.roles ORDER BY name");
DB_STMT(tf_policy_lock, "SELECT name, require_2fa FROM auth.roles ORDER BY name FOR UPDATE");
DB_STMT(tf_policy_set,
    "UPDATE auth.roles SET require_2fa = (name = ANY ($1::text[]))"
    " WHERE require_2fa IS DISTINCT FROM (name = ANY ($1::text[]))");

/* The policy's version: a number from the set of roles that require
 * two-factor (sorted names), so a form read before someone else changed
 * the policy is refused (409) instead of undoing their change. */
static int
tf_policy_version(PGresult *res, int name_col, int req_col)
{
	struct buf b;
	buf_init(&b);
	buf_putc(&b, '|');
	for (int i = 0; i < PQntuples(res); i++)
		if (PQgetvalue(res, i, req_col)[0] == 't')
			buf_printf(&b, "%s|", PQgetvalue(res, i, name_col));
	unsigned char d[32];
	crypto_sha256(b.data, b.len, d);
	buf_free(&b);
	unsigned long v = (unsigned long)d[0] << 24 | (unsigned long)d[1] << 16 | (unsigned long)d[2] << 8 | d[3];
	return (int)(v % 2147483645UL) + 1;
}

/* The roles as data.roles, and the policy's version (*out arena-owned). */
static enum herr
tf_policy_data(struct request *r, json_object **out)
{
	PGresult *res = db_q0(r, &tf_policy_list);
	if (res == NULL)
		return db_fail(r);
	json_object *roles = req_json(r, db_rows_json(res));
	PGresult *names = db_q0(r, &tf_policy_read);
	if (names == NULL)
		return db_fail(r);
	json_object *d = req_obj(r);
	json_object_object_add(d, "roles", json_object_get(roles));
	json_object_object_add(d, "version", json_object_new_int(tf_policy_version(names, 0, 1)));
	*out = d;
	return HE_OK;
}

/* GET /auth/2fa/policy → 200 {roles: [{name, description, require_2fa,
 * users, users_without_2fa}], version}. */
enum herr
twofactor_policy_show(struct request *r)
{
	json_object *d = NULL;
	enum herr e = tf_policy_data(r, &d);
	if (e != HE_OK)
		return e;
	record_crumbs(r, "Two-factor policy", "Two-factor sign-in", "/auth/2fa", "Policy", NULL, NULL);
	return resp_ok(r, "auth/twofactor_policy.cs", d);
}

/* POST /auth/2fa/policy (require_2fa: the role names that must use
 * two-factor — repeated form fields or a JSON array; version) → 303 to
 * the page (JSON: 200 the policy); unknown role → 422; stale version → 409
 * with the current policy. */
enum herr
twofactor_policy_update(struct request *r)
{
	json_object *want = req_arr(r);
	int sent = 0;
	if (r->json != NULL) {
		json_object *v;
		if (json_object_object_get_ex(r->json, "require_2fa", &v) && json_object_is_type(v, json_type_array)) {
			sent = 1;
			for (size_t i = 0; i < json_object_array_length(v); i++) {
				json_object *s = json_object_array_get_idx(v, i);
				if (s != NULL && json_object_is_type(s, json_type_string))
					json_object_array_add(want, json_object_get(s));
				else
					sent = -1;
			}
		}
	} else {
		sent = 1;       /* a form leaves every unticked box out: none ticked is a choice too */
		for (size_t i = 0; i < r->form.n; i++)
			if (strcmp(r->form.v[i].key, "require_2fa") == 0 && *r->form.v[i].val != '\0')
				json_object_array_add(want, json_object_new_string(r->form.v[i].val));
	}
	struct form f;
	form_begin(&f, r, NULL);
	form_allow(&f, "require_2fa");          /* read above */
	if (sent != 1)
		form_error(&f, "require_2fa", "Send an array of role names.");
	int version = form_version(&f);
	if (version == 0)
		form_error(&f, "version", "Send the version you read (field \"version\" or If-Match).");
	enum herr e = HE_OK;
	if (!form_ok(&f)) {
		json_object *d = NULL;
		if ((e = tf_policy_data(r, &d)) != HE_OK)
			return e;
		return record_form_again(r, HE_INVALID, "auth/twofactor_policy.cs", d);
	}
	if ((e = db_begin(r)) != HE_OK) {
		return e;
	}
	PGresult *lock = db_q0(r, &tf_policy_lock);
	if (lock == NULL)
		return db_fail(r);
	json_object *before = req_arr(r);
	for (int i = 0; i < PQntuples(lock); i++)
		if (PQgetvalue(lock, i, 1)[0] == 't')
			json_object_array_add(before, json_object_new_string(PQgetvalue(lock, i, 0)));
	for (size_t i = 0; i < json_object_array_length(want); i++) {
		const char *name = json_object_get_string(json_object_array_get_idx(want, i));
		int known = 0;
		for (int j = 0; j < PQntuples(lock) && !known; j++)
			known = strcmp(PQgetvalue(lock, j, 0), name) == 0;
		if (!known)
			form_error(&f, "require_2fa", "There is no such role.");
	}
	if (form_ok(&f) && version != tf_policy_version(lock, 0, 1)) {
		db_rollback(r);
		r->problem_detail = "Someone else changed the policy since you read it. Nothing was saved; "
		    "the current policy is shown.";
		json_object *d = NULL;
		if ((e = tf_policy_data(r, &d)) != HE_OK)
			return e;
		req_set_data(r, d);
		return record_form_again(r, HE_CONFLICT, "auth/twofactor_policy.cs", NULL);
	}
	if (!form_ok(&f)) {
		db_rollback(r);
		json_object *d = NULL;
		if ((e = tf_policy_data(r, &d)) != HE_OK)
			return e;
		return record_form_again(r, HE_INVALID, "auth/twofactor_policy.cs", d);
	}
	const char *arr = valid_pg_array(r->arena, want);
	if (db_q(r, &tf_policy_set, arr) == NULL)
		return db_fail(r);
	json_object *b = req_obj(r), *a = req_obj(r);
	json_object_object_add(b, "require_2fa", json_object_get(before));
	json_object_object_add(a, "require_2fa", json_object_get(want));
	if ((e = record_commit(r, "auth.2fa_policy", "roles", 0, b, a, NULL)) != HE_OK)
		return e;
	if (r->format == FMT_HTML)
		return record_done(r, 0, "/auth/2fa/policy", "Two-factor policy saved.", NULL);
	json_object *d = NULL;
	if ((e = tf_policy_data(r, &d)) != HE_OK)
		return e;
	return resp_ok(r, NULL, d);
}
