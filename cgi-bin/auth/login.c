/* login.c: password sign-in to a revocable session, sign-out. */
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "audit.h"
#include "auth.h"
#include "auth_family.h"
#include "password.h"
#include "resp.h"

#define LOGIN_MAX_FAILURES 10   /* then locked for LOGIN_LOCK_MINUTES */
#define LOGIN_LOCK_MINUTES "15"

static enum herr
login_page(struct request *r, const char *email, const char *next, const char *error)
{
	json_object *d = req_obj(r);
	json_object_object_add(d, "next", json_object_new_string(safe_next(next, "/customers")));
	if (error != NULL)
		json_object_object_add(d, "error", json_object_new_string(error));
	auth_oidc_login_link(r, d, next);      /* "Sign in with …" when single sign-on is on */
	json_object *fv = req_obj(r);
	json_object_object_add(fv, "email", json_object_new_string(email ? email : ""));
	req_set_form_values(r, fv);
	record_crumbs(r, "Sign in", NULL);
	return resp_ok(r, "auth/login.cs", d);
}

/* GET /auth/login (?next) → 200 the form; signed in already → 303 to next. */
enum herr
auth_login_form(struct request *r)
{
	const char *next = req_query(r, "next");
	if (r->principal.user_id != 0)
		return resp_redirect(r, 303, safe_next(next, "/customers"));
	/* nginx sends a browser here when its sign-in rate limit refused the
	 * POST (@hearth_login_429 in the nginx configurations): say why, not raw JSON. */
	const char *throttled = req_query(r, "throttled");
	return login_page(r, "", next, throttled != NULL && strcmp(throttled, "1") == 0 ?
	    "Too many sign-in attempts from this address. Wait a minute, then try again." : NULL);
}

DB_STMT(login_user_get,
    "SELECT id, email, name, role, password_hash, active,"
    " coalesce(locked_until > now(), false) AS locked"
    " FROM auth.users WHERE lower(email) = lower($1)");
DB_STMT(login_failed_note,
    "UPDATE auth.users SET failed_logins = failed_logins + 1,"
    " locked_until = CASE WHEN failed_logins + 1 >= $2::int THEN now() + interval '" LOGIN_LOCK_MINUTES " minutes'"
    " ELSE locked_until END WHERE id = $1");
DB_STMT(login_ok_note,
    "UPDATE auth.users SET failed_logins = 0, locked_until = NULL,"
    " password_hash = coalesce($2, password_hash) WHERE id = $1");
DB_STMT(session_create,
    "INSERT INTO auth.sessions (user_id, expires_at, client_ip, user_agent)"
    " VALUES ($1, now() + make_interval(secs => $2::int), $3, left($4, 300)) RETURNING id");

/* A hash to verify against when the email is unknown, so that answer
 * takes as long as a wrong password (no account probing by timing). */
static const char *
dummy_hash(void)
{
	static char *h;
	if (h == NULL)
		h = password_hash("not-a-real-password-at-all");
	return h ? h : "";
}

static enum herr
login_refused(struct request *r, const char *email, const char *next, long long uid, const char *why)
{
	/* One message whatever the reason: it must not tell whether the account exists. */
	const char *msg = "Email or password is not right, or the account is locked. "
	    "After repeated failures, sign-in is paused for " LOGIN_LOCK_MINUTES " minutes.";
	audit_refusal(r, "auth.login_failed", "user", uid, NULL);
	(void)why;
	r->problem_detail = msg;
	if (r->format != FMT_HTML)
		return HE_UNAUTHORIZED;
	r->status = 401;
	return login_page(r, email, next, msg);
}

/* After a successful sign-in (password or OIDC), inside the caller's
 * transaction: a new session, the auth.login audit row (detail, may
 * be NULL, as its "after"), COMMIT, then the session cookie. */
enum herr
auth_session_begin(struct request *r, long long uid, const char *email, json_object *detail)
{
	PGresult *s = db_q(r, &session_create, db_int(r, uid), db_int(r, AUTH_SESSION_TTL), r->client_ip,
	    r->user_agent);
	if (s == NULL)
		return db_fail(r);
	const char *sid = arena_strdup(r->arena, PQgetvalue(s, 0, 0));
	r->principal.user_id = uid;
	r->principal.email = arena_strdup(r->arena, email);
	enum herr e = audit_log(r, "auth.login", "user", uid, NULL, detail);
	if (e != HE_OK || (e = db_commit(r)) != HE_OK)
		return e;
	time_t now = time(NULL);
	char *jwt = auth_session_jwt(sid, uid, now, now + AUTH_SESSION_TTL);
	if (jwt == NULL)
		return HE_INTERNAL;
	auth_set_session_cookie(r, jwt);
	free(jwt);
	resp_cookie(r, AUTH_PRE_COOKIE, "", 0, COOKIE_HTTPONLY);
	return HE_OK;
}

/* POST /auth/login (email, password, next, _csrf) → 303 to next with the
 * session cookie (JSON: 200 {user}); 401 the form again with one message. */
enum herr
auth_login(struct request *r)
{
	json_object *in = req_input(r), *v;
	const char *email = json_object_object_get_ex(in, "email", &v) ? json_object_get_string(v) : "";
	const char *pw = json_object_object_get_ex(in, "password", &v) ? json_object_get_string(v) : "";
	const char *next = json_object_object_get_ex(in, "next", &v) ? json_object_get_string(v) : NULL;
	if (email == NULL)
		email = "";
	if (pw == NULL)
		pw = "";
	if (*email == '\0' || *pw == '\0' || strlen(email) > 254 || strlen(pw) > 1024) {
		if (*email == '\0')
			resp_field_error(r, "email", "Required.");
		if (*pw == '\0')
			resp_field_error(r, "password", "Required.");
		if (r->format != FMT_HTML)
			return HE_INVALID;
		r->status = 422;
		return login_page(r, email, next, NULL);
	}
	/* Too many failures from this address (sessions.c): refused before
	 * any password is checked, in the same words as a wrong password;
	 * 429 (HTML: the form again, with that status). */
	int throttled;
	enum herr te = auth_address_throttled(r, &throttled);
	if (te != HE_OK)
		return te;
	if (throttled) {
		te = login_refused(r, email, next, 0, "address");
		r->status = 429;
		return te == HE_UNAUTHORIZED ? HE_RATE_LIMITED : te;
	}
	PGresult *res = db_q(r, &login_user_get, email);
	if (res == NULL)
		return db_fail(r);
	if (PQntuples(res) == 0) {
		password_verify(pw, dummy_hash());
		auth_address_failed(r, 0);
		return login_refused(r, email, next, 0, "unknown");
	}
	long long uid = strtoll(PQgetvalue(res, 0, 0), NULL, 10);
	const char *hash = PQgetvalue(res, 0, 4);
	int active = PQgetvalue(res, 0, 5)[0] == 't';
	int locked = PQgetvalue(res, 0, 6)[0] == 't';
	int ok = password_verify(pw, hash);
	if (!ok || !active || locked) {
		if (!ok)
			db_q(r, &login_failed_note, db_int(r, uid), db_int(r, LOGIN_MAX_FAILURES));
		auth_address_failed(r, uid);
		return login_refused(r, email, next, uid, !ok ? "password" : !active ? "inactive" : "locked");
	}
	enum herr tf_e;
	if (twofactor_login_gate(r, uid, next, &tf_e))   /* two-factor on: the code step, no session yet */
		return tf_e;
	char *rehash = password_needs_rehash(hash) ? password_hash(pw) : NULL;
	enum herr e = db_begin(r);
	if (e != HE_OK) {
		free(rehash);
		return e;
	}
	const char *rh = rehash ? arena_strdup(r->arena, rehash) : NULL;
	free(rehash);
	if (db_q(r, &login_ok_note, db_int(r, uid), rh) == NULL)
		return db_fail(r);
	int must_change;      /* an admin-set temporary password: change it first */
	if ((e = auth_address_succeeded(r, uid, &must_change)) != HE_OK)
		return e;
	if ((e = auth_session_begin(r, uid, PQgetvalue(res, 0, 1), NULL)) != HE_OK)
		return e;
	if (must_change && r->format == FMT_HTML) {
		resp_flash(r, "info", "Choose a new password to continue: the one you signed in with was temporary.");
		return resp_redirect(r, 303, "/auth/password");
	}
	if (r->format == FMT_HTML)
		return resp_redirect(r, 303, safe_next(next, "/customers"));
	json_object *u = json_object_new_object();
	json_object_object_add(u, "id", json_object_new_int64(uid));
	json_object_object_add(u, "email", json_object_new_string(PQgetvalue(res, 0, 1)));
	json_object_object_add(u, "name", json_object_new_string(PQgetvalue(res, 0, 2)));
	json_object_object_add(u, "role", json_object_new_string(PQgetvalue(res, 0, 3)));
	json_object_object_add(u, "must_change_password", json_object_new_boolean(must_change));
	json_object *out = req_obj(r);
	json_object_object_add(out, "user", u);
	return resp_ok(r, NULL, out);
}

DB_STMT(session_revoke,
    "UPDATE auth.sessions SET revoked_at = now() WHERE id = $1::uuid AND revoked_at IS NULL");

/* POST /auth/logout → the session is revoked at once (a copied cookie is
 * refused on its next use); 303 to the sign-in page (JSON: 204). */
enum herr
auth_logout(struct request *r)
{
	enum herr e = db_begin(r);
	if (e != HE_OK)
		return e;
	if (r->principal.session_id != NULL && db_q(r, &session_revoke, r->principal.session_id) == NULL)
		return db_fail(r);
	if ((e = audit_log(r, "auth.logout", "user", r->principal.user_id, NULL, NULL)) != HE_OK)
		return e;
	if ((e = db_commit(r)) != HE_OK)
		return e;
	auth_clear_session_cookie(r);
	if (r->format == FMT_HTML) {
		resp_flash(r, "info", "You are signed out.");
		return resp_redirect(r, 303, "/auth/login");
	}
	r->status = 204;
	return HE_OK;
}

/* GET /auth/me → 200 {id, email, name, role, permissions}. */
enum herr
auth_me(struct request *r)
{
	json_object *o = req_obj(r);
	json_object_object_add(o, "id", json_object_new_int64(r->principal.user_id));
	json_object_object_add(o, "email", json_object_new_string(r->principal.email));
	json_object_object_add(o, "name", json_object_new_string(r->principal.name));
	json_object_object_add(o, "role", json_object_new_string(r->principal.role));
	json_object *p = json_object_new_array();
	for (size_t i = 0; i < r->principal.nperms; i++)
		json_object_array_add(p, json_object_new_string(r->principal.perms[i]));
	json_object_object_add(o, "permissions", p);
	r->template = NULL;
	if (r->format == FMT_HTML)
		r->format = FMT_JSON;
	return resp_ok(r, NULL, o);
}
