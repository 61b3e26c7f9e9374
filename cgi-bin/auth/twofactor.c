/* twofactor.c: enrolment and management of two-factor sign-in (TOTP,
 * RFC 6238). GET /auth/2fa keeps a fresh secret pending and shows it as a
 * QR code and a typed key; a right code confirms it and the recovery codes
 * are shown once; codes can be made anew, two-factor turned off (with the
 * password) and remembered devices forgotten.
 *
 * The other jobs, one file each: the sign-in step (twofactor_login.c),
 * checking a code (twofactor_verify.c), recovery codes
 * (twofactor_recovery.c), which roles must use it (twofactor_policy.c). */
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "auth.h"
#include "auth_family.h"
#include "config.h"
#include "crypto.h"
#include "password.h"
#include "qr.h"
#include "resp.h"
#include "totp.h"
#include "twofactor.h"

/* ---- enrolment and management ----------------------------------------------------------- */

DB_STMT(tf_state,
    "SELECT u.email, r.require_2fa, t.enabled_at, t.secret, t.pending,"
    " coalesce(t.pending_at > now() - interval '" PENDING_KEEP "', false) AS pending_fresh, t.last_step,"
    " (SELECT count(*) FROM auth.recovery_codes c WHERE c.user_id = u.id AND c.used_at IS NULL),"
    " (SELECT count(*) FROM auth.trusted_devices d WHERE d.user_id = u.id AND d.expires_at > now())"
    " FROM auth.users u JOIN auth.roles r ON r.name = u.role"
    " LEFT JOIN auth.user_totp t ON t.user_id = u.id WHERE u.id = $1");
DB_STMT(tf_pending_set,
    "INSERT INTO auth.user_totp (user_id, pending, pending_at) VALUES ($1, $2::bytea, now())"
    " ON CONFLICT (user_id) DO UPDATE SET pending = EXCLUDED.pending, pending_at = now(), updated_at = now()"
    " WHERE auth.user_totp.enabled_at IS NULL");

/* What GET /auth/2fa knows about the signed-in user. */
struct tf_state {
	const char *email;
	int         required;      /* their role must use two-factor */
	int         enabled;
	const char *enabled_at;
	const char *secret;        /* sealed, confirmed */
	const char *pending;       /* sealed, being enrolled; NULL if none */
	int         pending_fresh;
	long long   last_step;
	long long   codes_left;
	long long   devices;
};

static enum herr
tf_state_load(struct request *r, struct tf_state *st)
{
	memset(st, 0, sizeof(*st));
	PGresult *res = db_q(r, &tf_state, db_int(r, r->principal.user_id));
	if (res == NULL)
		return db_fail(r);
	if (PQntuples(res) != 1)
		return HE_NOT_FOUND;
	st->email = arena_strdup(r->arena, PQgetvalue(res, 0, 0));
	st->required = PQgetvalue(res, 0, 1)[0] == 't';
	st->enabled = !PQgetisnull(res, 0, 2) && !PQgetisnull(res, 0, 3);
	if (st->enabled) {
		json_object *row = req_json(r, db_row_json(res, 0));
		json_object *at;
		if (json_object_object_get_ex(row, "enabled_at", &at) && at)
			st->enabled_at = arena_strdup(r->arena, json_object_get_string(at));
		st->secret = arena_strdup(r->arena, PQgetvalue(res, 0, 3));
	}
	if (!PQgetisnull(res, 0, 4))
		st->pending = arena_strdup(r->arena, PQgetvalue(res, 0, 4));
	st->pending_fresh = PQgetvalue(res, 0, 5)[0] == 't';
	st->last_step = PQgetisnull(res, 0, 6) ? 0 : strtoll(PQgetvalue(res, 0, 6), NULL, 10);
	st->codes_left = strtoll(PQgetvalue(res, 0, 7), NULL, 10);
	st->devices = strtoll(PQgetvalue(res, 0, 8), NULL, 10);
	return HE_OK;
}

/* The page's data: status, and for enrolment the pending secret as a key,
 * an otpauth:// URI and its QR code (SVG). Makes a pending secret when
 * there is none (or it is older than PENDING_KEEP). *out is arena-owned. */
static enum herr
tf_page_data(struct request *r, struct tf_state *st, json_object **out)
{
	*out = NULL;
	json_object *d = req_obj(r);
	json_object_object_add(d, "enabled", json_object_new_boolean(st->enabled));
	json_object_object_add(d, "required", json_object_new_boolean(st->required));
	if (st->enabled) {
		json_object_object_add(d, "enabled_at", st->enabled_at ? json_object_new_string(st->enabled_at) : NULL);
		json_object_object_add(d, "recovery_codes_left", json_object_new_int64(st->codes_left));
		json_object_object_add(d, "remembered_devices", json_object_new_int64(st->devices));
		*out = d;
		return HE_OK;
	}
	long long uid = r->principal.user_id;
	unsigned char secret[TOTP_SECRET_BYTES];
	long n = -1;
	if (st->pending != NULL && st->pending_fresh)
		n = tf_open(r, uid, st->pending, secret);
	if (n != TOTP_SECRET_BYTES) {
		/* A fresh secret, kept pending until a code confirms it. */
		if (crypto_random(secret, sizeof(secret)) != 0)
			return HE_INTERNAL;
		n = TOTP_SECRET_BYTES;
		const char *sealed = tf_seal(r, uid, secret, sizeof(secret));
		if (sealed == NULL) {
			explicit_bzero(secret, sizeof(secret));
			return HE_INTERNAL;
		}
		if (db_q(r, &tf_pending_set, db_int(r, uid), sealed) == NULL) {
			explicit_bzero(secret, sizeof(secret));
			return db_fail(r);
		}
		st->pending = sealed;
	}
	char b32[TOTP_B32_MAX], grouped[TOTP_B32_MAX * 2];
	totp_base32_encode(b32, sizeof(b32), secret, (size_t)n);
	explicit_bzero(secret, sizeof(secret));
	totp_base32_group(grouped, sizeof(grouped), b32, 4);
	const char *issuer = config_get("totp_issuer", "Hearth");
	char *uri = totp_uri(issuer, st->email, b32);
	char *svg = uri ? qr_svg(uri, 0) : NULL;      /* 4 px a module: crisp at any version */
	if (svg == NULL) {
		free(uri);
		return HE_INTERNAL;
	}
	json_object_object_add(d, "secret", json_object_new_string(b32));
	json_object_object_add(d, "secret_groups", json_object_new_string(grouped));
	json_object_object_add(d, "otpauth_uri", json_object_new_string(uri));
	json_object_object_add(d, "qr_svg", json_object_new_string(svg));
	json_object_object_add(d, "issuer", json_object_new_string(issuer));
	json_object_object_add(d, "account", json_object_new_string(st->email));
	json_object_object_add(d, "digits", json_object_new_int(TOTP_DIGITS));
	json_object_object_add(d, "period", json_object_new_int(TOTP_PERIOD));
	explicit_bzero(b32, sizeof(b32));
	explicit_bzero(grouped, sizeof(grouped));
	explicit_bzero(uri, strlen(uri));
	free(uri);
	free(svg);
	*out = d;
	return HE_OK;
}

/* The status/enrolment page (again, with errors) for HTML; e for JSON. */
static enum herr
tf_page_again(struct request *r, enum herr e, int status)
{
	if (r->format != FMT_HTML)
		return e;
	struct tf_state st;
	json_object *d = NULL;
	enum herr e2 = tf_state_load(r, &st);
	if (e2 == HE_OK)
		e2 = tf_page_data(r, &st, &d);
	if (e2 != HE_OK)
		return e2;
	req_set_form_values(r, req_obj(r));    /* codes and passwords are never shown again */
	record_crumbs(r, "Two-factor sign-in", NULL);
	no_store(r);
	req_set_data(r, d);
	r->template = "auth/twofactor.cs";
	if (r->problem_detail != NULL)
		json_object_object_add(d, "error", json_object_new_string(r->problem_detail));
	if (e == HE_INVALID)
		return HE_INVALID;            /* the form again, status 422, messages by their fields */
	r->status = status;
	return HE_OK;
}

/* GET /auth/2fa → 200 the status; with two-factor off, a pending secret
 * to enrol: QR code, key, otpauth URI (JSON: the same fields). */
enum herr
twofactor_show(struct request *r)
{
	struct tf_state st;
	json_object *d = NULL;
	enum herr e = tf_state_load(r, &st);
	if (e != HE_OK)
		return e;
	if ((e = tf_page_data(r, &st, &d)) != HE_OK)
		return e;
	record_crumbs(r, "Two-factor sign-in", NULL);
	no_store(r);
	return resp_ok(r, "auth/twofactor.cs", d);
}

/* The recovery codes, shown once (HTML page or JSON). */
static enum herr
tf_codes_answer(struct request *r, json_object *codes, int just_enabled)
{
	json_object *d = req_obj(r);
	json_object_object_add(d, "enabled", json_object_new_boolean(1));
	json_object_object_add(d, "just_enabled", json_object_new_boolean(just_enabled));
	json_object_object_add(d, "recovery_codes", json_object_get(codes));
	record_crumbs(r, "Recovery codes", "Two-factor sign-in", "/auth/2fa", "Recovery codes", NULL, NULL);
	no_store(r);
	return resp_ok(r, "auth/twofactor_recovery.cs", d);
}

DB_STMT(tf_enable,
    "UPDATE auth.user_totp SET secret = pending, pending = NULL, pending_at = NULL, enabled_at = now(),"
    " last_step = $2, updated_at = now()"
    " WHERE user_id = $1 AND enabled_at IS NULL AND pending = $3::bytea");

/* POST /auth/2fa/confirm (code) → 200 the ten recovery codes, shown once
 * (JSON: {enabled, recovery_codes}); a wrong code → 422 the enrolment page
 * again; already on → 409. */
enum herr
twofactor_confirm(struct request *r)
{
	long long uid = r->principal.user_id;
	struct tf_state st;
	enum herr e = tf_state_load(r, &st);
	if (e != HE_OK)
		return e;
	if (st.enabled) {
		r->problem_detail = "Two-factor sign-in is on already.";
		return HE_CONFLICT;
	}
	const char *code = tf_input_code(r);
	unsigned char secret[TOTP_SECRET_BYTES];
	long n = st.pending ? tf_open(r, uid, st.pending, secret) : -1;
	long long step = -1;
	if (n > 0 && code != NULL)
		step = totp_verify(secret, (size_t)n, code, time(NULL), TOTP_WINDOW, 0);
	explicit_bzero(secret, sizeof(secret));
	if (step < 0) {
		resp_field_error(r, "code", code == NULL ? "Type the 6-digit code your app shows." :
		    n <= 0 ? "This key has expired: scan the new QR code and type its code." :
		    "That code is not right: check that your phone's clock is set automatically, "
		    "and type the code shown now.");
		return tf_page_again(r, HE_INVALID, 422);
	}
	if ((e = db_begin(r)) != HE_OK)
		return e;
	PGresult *res = db_q(r, &tf_enable, db_int(r, uid), db_int(r, step), st.pending);
	if (res == NULL)
		return db_fail(r);
	if (strcmp(PQcmdTuples(res), "1") != 0) {
		db_rollback(r);
		r->problem_detail = "The key changed meanwhile (another tab?): scan the QR code shown now.";
		return tf_page_again(r, HE_CONFLICT, 409);
	}
	json_object *codes = NULL;
	if ((e = recovery_replace(r, uid, &codes)) != HE_OK)
		return e;
	if (tf_devices_forget(r, uid) != 0)
		return db_fail(r);
	if ((e = record_commit(r, "auth.2fa_enabled", "user", uid, NULL, NULL, NULL)) != HE_OK) {
		return e;
	}
	return tf_codes_answer(r, codes, 1);
}

/* POST /auth/2fa/recovery-codes (code: a current code from the app) →
 * 200 ten new recovery codes, shown once, the old ones void; a wrong code
 * → 422 the page again (counted toward the lockout); two-factor off → 409. */
enum herr
twofactor_recovery_codes(struct request *r)
{
	long long uid = r->principal.user_id;
	struct tf_state st;
	enum herr e = tf_state_load(r, &st);
	if (e != HE_OK)
		return e;
	if (!st.enabled) {
		r->problem_detail = "Two-factor sign-in is off: there are no recovery codes to replace.";
		return HE_CONFLICT;
	}
	if ((e = db_begin(r)) != HE_OK)
		return e;
	enum tf_kind kind;
	if ((e = tf_check(r, uid, st.secret, st.last_step, tf_input_code(r), 0, &kind)) != HE_OK)
		return e;
	if (kind == TF_WRONG) {
		if ((e = tf_failed(r, uid, "recovery-codes", NULL)) != HE_OK || (e = db_commit(r)) != HE_OK)
			return e;
		resp_field_error(r, "code", tf_input_code(r) == NULL ? "Type the 6-digit code your app shows." : TF_WRONG_CODE);
		return tf_page_again(r, HE_INVALID, 422);
	}
	json_object *codes = NULL;
	if ((e = recovery_replace(r, uid, &codes)) != HE_OK)
		return e;
	if ((e = record_commit(r, "auth.2fa_recovery_codes_replaced", "user", uid, NULL, NULL, NULL)) != HE_OK)
		return e;
	return tf_codes_answer(r, codes, 0);
}

DB_STMT(tf_password, "SELECT password_hash FROM auth.users WHERE id = $1");
DB_STMT(tf_disable, "DELETE FROM auth.user_totp WHERE user_id = $1");

/* POST /auth/2fa/disable (password, code: from the app or a recovery
 * code) → 303 to /auth/2fa (JSON: 200 {enabled: false}); recovery codes
 * and remembered devices go too. Wrong password or code → 422 the page
 * again; the role requires two-factor → 403; off already → 409. */
enum herr
twofactor_disable(struct request *r)
{
	long long uid = r->principal.user_id;
	struct tf_state st;
	enum herr e = tf_state_load(r, &st);
	if (e != HE_OK)
		return e;
	if (!st.enabled) {
		r->problem_detail = "Two-factor sign-in is off already.";
		return HE_CONFLICT;
	}
	if (st.required) {
		r->problem_detail = "Your role requires two-factor sign-in: it cannot be turned off. "
		    "An administrator sets this on the two-factor policy page.";
		if (r->format != FMT_HTML)
			return HE_FORBIDDEN;
		json_object *d = NULL;
		if ((e = tf_page_data(r, &st, &d)) != HE_OK)
			return e;
		json_object_object_add(d, "error", json_object_new_string(r->problem_detail));
		record_crumbs(r, "Two-factor sign-in", NULL);
		no_store(r);
		r->status = 403;
		return resp_ok(r, "auth/twofactor.cs", d);
	}
	const char *pw = tf_input_str(r, "password");
	PGresult *res = db_q(r, &tf_password, db_int(r, uid));
	if (res == NULL)
		return db_fail(r);
	int pw_ok = pw != NULL && *pw != '\0' && strlen(pw) <= 1024 && PQntuples(res) == 1 &&
	    password_verify(pw, PQgetvalue(res, 0, 0));
	if ((e = db_begin(r)) != HE_OK)
		return e;
	enum tf_kind kind = TF_WRONG;
	const char *code = tf_input_code(r);
	/* The code is used up only with the right password. */
	if (pw_ok && (e = tf_check(r, uid, st.secret, st.last_step, code, 1, &kind)) != HE_OK)
		return e;
	if (!pw_ok || kind == TF_WRONG) {
		if (!pw_ok)
			resp_field_error(r, "password", pw == NULL || *pw == '\0' ? "Required." : "Not right.");
		if (code == NULL)
			resp_field_error(r, tf_code_field(r), "Type the 6-digit code your app shows, or a recovery code.");
		else if (pw_ok)
			resp_field_error(r, tf_code_field(r), TF_WRONG_CODE);
		if ((e = tf_failed(r, uid, "disable", NULL)) != HE_OK || (e = db_commit(r)) != HE_OK)
			return e;
		return tf_page_again(r, HE_INVALID, 422);
	}
	if (db_q(r, &tf_disable, db_int(r, uid)) == NULL || tf_recovery_clear(r, uid) != 0 ||
	    tf_devices_forget(r, uid) != 0)
		return db_fail(r);
	if ((e = record_commit(r, "auth.2fa_disabled", "user", uid, NULL, NULL, NULL)) != HE_OK)
		return e;
	resp_cookie(r, DEVICE_COOKIE, "", 0, COOKIE_HTTPONLY);
	json_object *d = req_obj(r);
	json_object_object_add(d, "enabled", json_object_new_boolean(0));
	return record_done(r, 0, "/auth/2fa", "Two-factor sign-in is off.", d);
}

/* POST /auth/2fa/forget-devices → 303 to /auth/2fa (JSON: 200
 * {remembered_devices: 0}): every browser must give a code again. */
enum herr
twofactor_forget_devices(struct request *r)
{
	long long uid = r->principal.user_id;
	enum herr e = db_begin(r);
	if (e != HE_OK)
		return e;
	if (tf_devices_forget(r, uid) != 0)
		return db_fail(r);
	if ((e = record_commit(r, "auth.2fa_devices_forgotten", "user", uid, NULL, NULL, NULL)) != HE_OK)
		return e;
	resp_cookie(r, DEVICE_COOKIE, "", 0, COOKIE_HTTPONLY);
	json_object *d = req_obj(r);
	json_object_object_add(d, "remembered_devices", json_object_new_int(0));
	return record_done(r, 0, "/auth/2fa", "Every browser will ask for a code again.", d);
}
