/* twofactor_login.c: the second sign-in step. After a right password,
 * login.c asks twofactor_login_gate(). With two-factor on, no session yet:
 * a signed cookie (hearth_mfa: a TOKEN_MFA_PENDING, user id, five
 * minutes, a nonce) carries the user to the code step, POST
 * /auth/login/2fa. "Remember this device" (off unless ticked) is a second
 * signed cookie (TOKEN_DEVICE) naming a random device id whose hash is in
 * auth.trusted_devices: forgotten when two-factor is turned off or the
 * password changes (a trigger, sql/009). */
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "audit.h"
#include "auth.h"
#include "auth_family.h"
#include "crypto.h"
#include "resp.h"
#include "token.h"
#include "totp.h"
#include "twofactor.h"

/* ---- keys and tokens --------------------------------------------------------- */

/* A token of this kind for uid with one extra claim (token.c signs it
 * under the kind's own key); malloc'd, NULL on failure. */
static char *
tf_token_make(enum token_kind kind, long long uid, const char *claim, const char *value, time_t exp)
{
	char sub[24];
	snprintf(sub, sizeof(sub), "%lld", uid);
	const struct token_claim c[] = { { "sub", sub, 0 }, { claim, value, 0 } };
	return token_sign(kind, c, 2, time(NULL), exp);
}

/* Check a token of this kind (key, HS256, times: token.c) and copy its
 * claim into value. 0 ok, -1 refused. */
static int
tf_token_check(enum token_kind kind, const char *token, const char *claim, long long *uid,
               char *value, size_t cap)
{
	struct token t;
	if (token_verify(kind, token, time(NULL), &t) != 0)
		return -1;
	const char *sub = token_str(&t, "sub"), *v = token_str(&t, claim);
	int rc = -1;
	if (sub != NULL && v != NULL && strlen(v) < cap) {
		*uid = strtoll(sub, NULL, 10);
		memcpy(value, v, strlen(v) + 1);
		rc = *uid > 0 ? 0 : -1;
	}
	token_done(&t);
	return rc;
}

/* ---- remembered devices ------------------------------------------------------------------ */

DB_STMT(tf_device_add,
    "INSERT INTO auth.trusted_devices (user_id, device_hash, user_agent, expires_at)"
    " VALUES ($1, $2, left($3, 300), now() + make_interval(secs => $4::int))");
DB_STMT(tf_device_use,
    "UPDATE auth.trusted_devices SET last_used_at = now()"
    " WHERE user_id = $1 AND device_hash = $2 AND expires_at > now() RETURNING id");
DB_STMT(tf_devices_clear, "DELETE FROM auth.trusted_devices WHERE user_id = $1");

/* 1 if this browser's device cookie is live for uid. */
static int
tf_device_known(struct request *r, long long uid)
{
	char did[64], hash[65];
	long long cuid = 0;
	if (tf_token_check(TOKEN_DEVICE, req_cookie(r, DEVICE_COOKIE), "did", &cuid, did,
	    sizeof(did)) != 0 || cuid != uid)
		return 0;
	crypto_sha256_hex(did, strlen(did), hash);
	PGresult *res = db_q(r, &tf_device_use, db_int(r, uid), hash);
	return res != NULL && PQntuples(res) == 1;
}

/* Inside a transaction: remember this browser for uid (row + cookie). */
static enum herr
tf_device_remember(struct request *r, long long uid)
{
	const char *did = token_random(r->arena, 32);
	char hash[65];
	if (did == NULL)
		return HE_INTERNAL;
	crypto_sha256_hex(did, strlen(did), hash);
	if (db_q(r, &tf_device_add, db_int(r, uid), hash, r->user_agent ? r->user_agent : "",
	    db_int(r, DEVICE_TTL)) == NULL)
		return db_fail(r);
	char *tok = tf_token_make(TOKEN_DEVICE, uid, "did", did, time(NULL) + DEVICE_TTL);
	if (tok == NULL)
		return HE_INTERNAL;
	resp_cookie(r, DEVICE_COOKIE, tok, DEVICE_TTL, COOKIE_HTTPONLY);
	free(tok);
	return HE_OK;
}

int
tf_devices_forget(struct request *r, long long uid)
{
	return db_q(r, &tf_devices_clear, db_int(r, uid)) != NULL ? 0 : -1;
}

/* ---- sign-in: the second step ------------------------------------------------------------- */

/* The code step: auth/login.cs with data.totp_required (status as set). */
static enum herr
tf_step_page(struct request *r, const char *next, const char *code_error)
{
	if (r->format != FMT_HTML) {
		r->problem_detail = code_error ? code_error
		    : "Two-factor code required: POST /auth/login/2fa with code (the hearth_mfa cookie is set), "
		      "or send totp with the password.";
		resp_field_error(r, "code", code_error ? code_error : "Required.");
		return HE_UNAUTHORIZED;
	}
	json_object *d = req_obj(r);
	json_object_object_add(d, "next", json_object_new_string(safe_next(next, "/customers")));
	json_object_object_add(d, "totp_required", json_object_new_boolean(1));
	if (code_error != NULL)
		resp_field_error(r, "code", code_error);
	req_set_form_values(r, req_obj(r));     /* remember stays off unless ticked again */
	record_crumbs(r, "Two-factor sign-in", NULL);
	r->no_etag = 1;
	return resp_ok(r, "auth/login.cs", d);
}

/* The sign-in took too long or the account went away: back to the start. */
static enum herr
tf_restart(struct request *r, const char *next, const char *msg)
{
	resp_cookie(r, MFA_COOKIE, "", 0, COOKIE_HTTPONLY);
	r->problem_detail = msg;
	if (r->format != FMT_HTML)
		return HE_UNAUTHORIZED;
	resp_flash(r, "error", msg);
	struct buf b;
	buf_init(&b);
	buf_puts(&b, "/auth/login?next=");
	buf_urlenc(&b, safe_next(next, "/customers"));
	const char *loc = arena_strdup(r->arena, b.data);
	buf_free(&b);
	return resp_redirect(r, 303, loc);
}

DB_STMT(tf_login_state,
    "SELECT u.email, u.name, u.role, u.active, coalesce(u.locked_until > now(), false) AS locked,"
    " t.secret, t.last_step"
    " FROM auth.users u LEFT JOIN auth.user_totp t ON t.user_id = u.id AND t.enabled_at IS NOT NULL"
    " WHERE u.id = $1");

int
twofactor_login_gate(struct request *r, long long uid, const char *next, enum herr *e)
{
	*e = HE_OK;
	PGresult *res = db_q(r, &tf_login_state, db_int(r, uid));
	if (res == NULL) {
		*e = db_fail(r);
		return 1;
	}
	if (PQntuples(res) != 1 || PQgetisnull(res, 0, 5))
		return 0;                                  /* two-factor is off */
	if (tf_device_known(r, uid))
		return 0;
	const char *sealed = arena_strdup(r->arena, PQgetvalue(res, 0, 5));
	long long last_step = strtoll(PQgetvalue(res, 0, 6), NULL, 10);
	const char *code = tf_input_code(r);
	if (code != NULL) {
		/* A script may send the code with the password: one step. */
		enum tf_kind kind;
		if ((*e = tf_check(r, uid, sealed, last_step, code, 1, &kind)) != HE_OK)
			return 1;
		if (kind != TF_WRONG)
			return 0;
		int locked = 0;
		if ((*e = tf_failed(r, uid, "password+code", &locked)) != HE_OK)
			return 1;
		if (locked) {
			*e = tf_restart(r, next, TF_LOCKED);
			return 1;
		}
	}
	/* No session yet: the signed pending cookie carries the user to the code step. */
	const char *nonce = token_random(r->arena, 16);
	char *tok = nonce ? tf_token_make(TOKEN_MFA_PENDING, uid, "nonce", nonce, time(NULL) + MFA_TTL) : NULL;
	if (tok == NULL) {
		*e = HE_INTERNAL;
		return 1;
	}
	resp_cookie(r, MFA_COOKIE, tok, MFA_TTL, COOKIE_HTTPONLY);
	free(tok);
	*e = tf_step_page(r, next, code != NULL ? TF_WRONG_CODE : NULL);
	return 1;
}

DB_STMT(tf_login_ok, "UPDATE auth.users SET failed_logins = 0, locked_until = NULL WHERE id = $1");

/* POST /auth/login/2fa (code: 6 digits or a recovery code, remember,
 * next, _csrf; the hearth_mfa cookie) → 303 to next with the session
 * cookie (JSON: 200 {user}); a wrong code → the code step again, 401
 * (JSON: 401 problem with errors.code); no or an expired pending cookie →
 * 303 to /auth/login (JSON: 401). */
enum herr
twofactor_login(struct request *r)
{
	const char *next = tf_input_str(r, "next");
	char nonce[64];
	long long uid = 0;
	if (tf_token_check(TOKEN_MFA_PENDING, req_cookie(r, MFA_COOKIE), "nonce", &uid, nonce, sizeof(nonce)) != 0)
		return tf_restart(r, next, "Your sign-in expired or was not started: sign in with your email "
		    "and password again.");
	PGresult *res = db_q(r, &tf_login_state, db_int(r, uid));
	if (res == NULL)
		return db_fail(r);
	if (PQntuples(res) != 1 || PQgetvalue(res, 0, 3)[0] != 't' || PQgetvalue(res, 0, 4)[0] == 't') {
		audit_refusal(r, "auth.login_failed", "user", uid, NULL);
		return tf_restart(r, next, TF_LOCKED);
	}
	if (PQgetisnull(res, 0, 5))       /* two-factor was turned off meanwhile */
		return tf_restart(r, next, "Sign in with your email and password again.");
	const char *email = arena_strdup(r->arena, PQgetvalue(res, 0, 0));
	const char *name = arena_strdup(r->arena, PQgetvalue(res, 0, 1));
	const char *role = arena_strdup(r->arena, PQgetvalue(res, 0, 2));
	const char *sealed = arena_strdup(r->arena, PQgetvalue(res, 0, 5));
	long long last_step = strtoll(PQgetvalue(res, 0, 6), NULL, 10);
	const char *code = tf_input_code(r);
	json_object *in = req_input(r), *v;
	int remember = json_object_object_get_ex(in, "remember", &v) && v != NULL &&
	    (json_object_is_type(v, json_type_boolean) ? json_object_get_boolean(v)
	     : strcmp(json_object_get_string(v), "1") == 0 || strcmp(json_object_get_string(v), "on") == 0 ||
	       strcmp(json_object_get_string(v), "true") == 0);

	if (code == NULL) {                 /* nothing typed: ask again, no failure counted */
		r->status = 422;
		return tf_step_page(r, next, "Type the code your app shows, or a recovery code.");
	}
	enum herr e = db_begin(r);
	if (e != HE_OK)
		return e;
	enum tf_kind kind;
	if ((e = tf_check(r, uid, sealed, last_step, code, 1, &kind)) != HE_OK)
		return e;
	if (kind == TF_WRONG) {
		int locked = 0;
		if ((e = tf_failed(r, uid, "code", &locked)) != HE_OK || (e = db_commit(r)) != HE_OK)
			return e;
		if (locked)
			return tf_restart(r, next, TF_LOCKED);
		r->status = 401;
		return tf_step_page(r, next, TF_WRONG_CODE);
	}
	if (db_q(r, &tf_login_ok, db_int(r, uid)) == NULL)
		return db_fail(r);
	if (remember && (e = tf_device_remember(r, uid)) != HE_OK)
		return e;
	if (kind == TF_RECOVERY && (e = audit_log(r, "auth.2fa_recovery_used", "user", uid, NULL, NULL)) != HE_OK)
		return e;
	json_object *detail = req_obj(r);
	json_object_object_add(detail, "second_factor", json_object_new_string(kind == TF_TOTP ? "totp" : "recovery_code"));
	json_object_object_add(detail, "remember_device", json_object_new_boolean(remember));
	if ((e = auth_session_begin(r, uid, email, detail)) != HE_OK)     /* login.c: session, audit, COMMIT, cookie */
		return e;
	resp_cookie(r, MFA_COOKIE, "", 0, COOKIE_HTTPONLY);
	if (kind == TF_RECOVERY)
		resp_flash(r, "info", "You signed in with a recovery code: it will not work again. "
		    "Make new codes on the two-factor page when few are left.");
	if (r->format == FMT_HTML)
		return resp_redirect(r, 303, safe_next(next, "/customers"));
	json_object *u = json_object_new_object();
	json_object_object_add(u, "id", json_object_new_int64(uid));
	json_object_object_add(u, "email", json_object_new_string(email));
	json_object_object_add(u, "name", json_object_new_string(name));
	json_object_object_add(u, "role", json_object_new_string(role));
	json_object *out = req_obj(r);
	json_object_object_add(out, "user", u);
	return resp_ok(r, NULL, out);
}
