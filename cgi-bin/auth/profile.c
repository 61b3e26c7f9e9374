/* profile.c: the signed-in user's own profile (name), and their password
 * change: the current password, the new one twice, the policy
 * (lib/password_policy.c); on success the other sessions are revoked and
 * a forced change (must_change_password) is cleared. */
#include <stdlib.h>
#include <string.h>
#include "auth.h"
#include "auth_family.h"
#include "buf.h"
#include "password.h"
#include "password_policy.h"
#include "resp.h"

DB_STMT(profile_get, "SELECT " AUTH_USER_COLS " FROM auth.users u WHERE u.id = $1");
DB_STMT(profile_get_for_update, "SELECT " AUTH_USER_COLS " FROM auth.users u WHERE u.id = $1 FOR UPDATE");

/* The principal's permissions as a JSON array. */
static json_object *
profile_permissions(struct request *r)
{
	json_object *p = json_object_new_array();
	for (size_t i = 0; i < r->principal.nperms; i++)
		json_object_array_add(p, json_object_new_string(r->principal.perms[i]));
	return p;
}

static void
profile_page(struct request *r, const char *title)
{
	if (title == NULL)
		record_crumbs(r, "Your profile", "Your profile", NULL, NULL);
	else
		record_crumbs(r, title, "Your profile", "/auth/profile", title, NULL, NULL);
	json_object_object_add(r->page, "family", json_object_new_string("profile"));
}

/* GET /auth/profile → 200 {id, email, name, role, active,
 * must_change_password, locked, version, created_at, updated_at,
 * permissions}. */
enum herr
auth_profile_show(struct request *r)
{
	json_object *u;
	enum herr e = record_get(r, &profile_get, r->principal.user_id, &u);
	if (e != HE_OK)
		return e;
	json_object_object_add(u, "permissions", profile_permissions(r));
	profile_page(r, NULL);
	req_set_form_values(r, record_as_form(r, u));
	return resp_ok(r, "auth/profile.cs", u);
}

DB_STMT(profile_update,
    "UPDATE auth.users u SET name = $3, version = u.version + 1, updated_at = now()"
    " WHERE u.id = $1 AND u.version = $2 RETURNING " AUTH_USER_COLS);

/* PATCH /auth/profile (name, version or If-Match; form: POST with
 * _method=PATCH) → 200 the profile (HTML: 303 back to it); 409 stale
 * version with the current record; 422 field errors, also for fields
 * only an admin may change (email, role, active). */
enum herr
auth_profile_update(struct request *r)
{
	long long id = r->principal.user_id;
	enum herr e = db_begin(r);
	if (e != HE_OK)
		return e;
	json_object *cur;
	if ((e = record_get(r, &profile_get_for_update, id, &cur)) != HE_OK)
		return e;
	struct form f;
	form_begin(&f, r, cur);
	form_text(&f, "name", V_REQUIRED, 200);
	static const char *const admin_only[] = { "email", "role", "active", "must_change_password", NULL };
	for (size_t i = 0; admin_only[i]; i++)
		if (json_object_object_get_ex(f.in, admin_only[i], NULL))
			form_error(&f, admin_only[i], "Only an administrator can change this.");
	e = form_ok(&f) ? record_version_check(r, &f, cur) : HE_INVALID;
	if (e != HE_OK) {
		db_rollback(r);
		profile_page(r, NULL);
		json_object_object_add(cur, "permissions", profile_permissions(r));
		return record_form_again(r, e, "auth/profile.cs", cur);
	}
	PGresult *res = db_q(r, &profile_update, db_int(r, id), db_int(r, record_int(cur, "version")),
	    form_get(&f, "name"));
	if (res == NULL)
		return db_fail(r);
	json_object *u = req_json(r, db_row_json(res, 0));
	e = record_commit(r, "user.update", "user", id, cur, u, NULL);
	if (e != HE_OK)
		return e;
	json_object_object_add(u, "permissions", profile_permissions(r));
	return record_done(r, 0, "/auth/profile", "Profile saved.", u);
}

/* ---- password ---- */

int
auth_password_policy_error(struct request *r, const char *field, const char *pw, const char *email,
                           const char *name)
{
	unsigned broken = password_policy_check(pw, email, name);
	if (broken == 0)
		return 0;
	char msg[512];
	password_policy_explain(broken, msg, sizeof(msg));
	resp_field_error(r, field, arena_strdup(r->arena, msg));
	return 1;
}

static json_object *
password_policy_json(void)
{
	json_object *p = json_object_new_object();
	json_object_object_add(p, "min_characters", json_object_new_int(PASSWORD_POLICY_MIN_CHARS));
	json_object_object_add(p, "max_bytes", json_object_new_int(PASSWORD_POLICY_MAX_BYTES));
	json_object_object_add(p, "not_containing", json_object_new_string("your name or email"));
	json_object_object_add(p, "not_common", json_object_new_int((int)password_common_count));
	return p;
}

static json_object *
password_page(struct request *r)
{
	json_object *d = req_obj(r);
	json_object_object_add(d, "must_change_password",
	    json_object_new_boolean(r->principal.must_change_password));
	json_object_object_add(d, "policy", password_policy_json());
	profile_page(r, "Change password");
	no_store(r);
	r->no_etag = 1;
	return d;
}

/* GET /auth/password → 200 the form {must_change_password, policy}. */
enum herr
auth_password_form(struct request *r)
{
	return resp_ok(r, "auth/password.cs", password_page(r));
}

DB_STMT(password_user_get,
    "SELECT u.password_hash, u.email, u.name FROM auth.users u WHERE u.id = $1 AND u.active");
DB_STMT(password_set_own,
    "UPDATE auth.users u SET password_hash = $2, must_change_password = false, failed_logins = 0,"
    " locked_until = NULL, version = u.version + 1, updated_at = now() WHERE u.id = $1");

static const char *
input_str(json_object *in, const char *field)
{
	json_object *v = NULL;
	if (!json_object_object_get_ex(in, field, &v) || v == NULL ||
	    !json_object_is_type(v, json_type_string))
		return "";
	return json_object_get_string(v);
}

/* POST /auth/password (current_password, password, password_confirm) →
 * 200 {changed, sessions_revoked} (HTML: 303 on, with a flash); 422 with
 * every message at once (wrong current password, each broken rule, the
 * two new ones differ, same as the current one); 429 when the address has
 * too many failed password checks (sign-in's throttle). On success the
 * password is hashed anew, a forced change is cleared, and every other
 * session of the user is revoked (this one stays). */
enum herr
auth_password_change(struct request *r)
{
	long long id = r->principal.user_id;
	json_object *in = req_input(r);
	const char *cur_pw = input_str(in, "current_password");
	const char *pw = input_str(in, "password");
	const char *pw2 = input_str(in, "password_confirm");
	int refused;
	enum herr e = auth_address_throttled(r, &refused);
	if (e != HE_OK)
		return e;
	if (refused) {
		r->problem_detail = "Too many wrong passwords from your address: wait 15 minutes and try again.";
		return HE_RATE_LIMITED;
	}
	PGresult *res = db_q(r, &password_user_get, db_int(r, id));
	if (res == NULL)
		return db_fail(r);
	if (PQntuples(res) != 1)
		return HE_UNAUTHORIZED;
	const char *hash = arena_strdup(r->arena, PQgetvalue(res, 0, 0));
	const char *email = arena_strdup(r->arena, PQgetvalue(res, 0, 1));
	const char *name = arena_strdup(r->arena, PQgetvalue(res, 0, 2));

	int current_ok = 0;
	if (*cur_pw == '\0')
		resp_field_error(r, "current_password", "Required.");
	else if (strlen(cur_pw) > PASSWORD_POLICY_MAX_BYTES || !(current_ok = password_verify(cur_pw, hash))) {
		resp_field_error(r, "current_password", "This is not your current password.");
		auth_address_failed(r, id);
	}
	/* Every message about the new password in one text: the policy's, then
	 * the ones only this form knows. */
	struct buf msg;
	buf_init(&msg);
	if (*pw == '\0') {
		buf_puts(&msg, "Required.");
	} else {
		unsigned broken = password_policy_check(pw, email, name);
		char text[512];
		if (broken && password_policy_explain(broken, text, sizeof(text)) > 0)
			buf_puts(&msg, text);
		if (current_ok && !(broken & PW_RULE_LONG) && password_verify(pw, hash))
			buf_printf(&msg, "%sChoose a password different from your current one.", msg.len ? " " : "");
	}
	if (msg.len)
		resp_field_error(r, "password", arena_strdup(r->arena, msg.data));
	buf_free(&msg);
	if (*pw != '\0' && strcmp(pw, pw2) != 0)
		resp_field_error(r, "password_confirm", "The two new passwords differ.");
	if (r->errors != NULL) {
		r->template = "auth/password.cs";
		req_set_data(r, password_page(r));
		return HE_INVALID;
	}

	const char *nh = password_hash_in(r->arena, pw);
	if (nh == NULL)
		return HE_INTERNAL;
	if ((e = db_begin(r)) != HE_OK)
		return e;
	if (db_q(r, &password_set_own, db_int(r, id), nh) == NULL)
		return db_fail(r);
	long long revoked = 0;
	if ((e = auth_sessions_revoke_user(r, id, r->principal.session_id, &revoked)) != HE_OK)
		return e;
	json_object *after = req_obj(r);
	json_object_object_add(after, "must_change_password", json_object_new_boolean(0));
	json_object_object_add(after, "other_sessions_revoked", json_object_new_int64(revoked));
	if ((e = record_commit(r, "user.password_change", "user", id, NULL, after, NULL)) != HE_OK)
		return e;
	if (r->format == FMT_HTML) {
		resp_flash(r, "success", revoked == 0 ? "Password changed." :
		    revoked == 1 ? "Password changed. Your other session was signed out." :
		    arena_printf(r->arena, "Password changed. Your %lld other sessions were signed out.", revoked));
		return resp_redirect(r, 303, auth_has(r, "customers:read") ? "/customers" : "/auth/profile");
	}
	json_object *out = req_obj(r);
	json_object_object_add(out, "changed", json_object_new_boolean(1));
	json_object_object_add(out, "sessions_revoked", json_object_new_int64(revoked));
	return resp_ok(r, NULL, out);
}
