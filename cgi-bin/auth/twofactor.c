/* twofactor.c: two-factor sign-in with TOTP (RFC 6238).
 *
 * Enrolment: GET /auth/2fa keeps a fresh secret pending (sealed with
 * AES-256-GCM, the user id as associated data) and shows it as a QR code
 * and a typed key; a right code confirms it and the ten recovery codes are
 * shown once (stored as HMAC-SHA256 under a key derived from secret_key).
 *
 * Sign-in: after a right password, login.c asks twofactor_login_gate().
 * With two-factor on, no session yet: a signed cookie (hearth_mfa: HS256
 * under a key derived from jwt_secret, user id, five minutes, a nonce)
 * carries the user to the code step, POST /auth/login/2fa. Codes count in a
 * ±1 step window, each time step once (auth.user_totp.last_step); a wrong
 * code counts toward the account's lockout and is audited. "Remember this
 * device" (off unless ticked) is a second signed cookie naming a random
 * device id whose hash is in auth.trusted_devices: forgotten when
 * two-factor is turned off or the password changes (a trigger, sql/009).
 *
 * Policy: admins choose the roles that must use two-factor; lib/app.c
 * holds such a user without it at /auth/2fa until they enrol. */
#include <errno.h>
#include <jwt.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "audit.h"
#include "auth.h"
#include "auth_family.h"
#include "config.h"
#include "crypto.h"
#include "log.h"
#include "password.h"
#include "qr.h"
#include "resp.h"
#include "totp.h"

#define MFA_COOKIE        "hearth_mfa"      /* password was right; the code is pending */
#define MFA_TTL           300
#define DEVICE_COOKIE     "hearth_device"   /* this browser may skip the code step */
#define DEVICE_TTL        (30 * 86400)
#define RECOVERY_COUNT    10
#define RECOVERY_LEN      10                /* characters, shown as xxxxx-xxxxx: 50 bits */
#define PENDING_KEEP      "1 hour"          /* a pending secret is shown again for this long */
#define TF_MAX_FAILURES   10                /* as login.c: then the account is locked */
#define TF_LOCK_MINUTES   "15"

/* ---- keys and tokens --------------------------------------------------------- */

/* HMAC-SHA256(jwt_secret, purpose): one key per kind of token, so a
 * token of one kind is never accepted as another (or as a session). */
static int
tf_token_key(const char *purpose, unsigned char out[32])
{
	unsigned char secret[64];
	int n = crypto_unhex(secret, sizeof(secret), config_get("jwt_secret", ""));
	if (n < 32)
		return -1;
	crypto_hmac_sha256(secret, (size_t)n, purpose, strlen(purpose), out);
	explicit_bzero(secret, sizeof(secret));
	return 0;
}

/* An HS256 token for uid with one extra claim; malloc'd, NULL on failure. */
static char *
tf_token_make(const char *purpose, long long uid, const char *claim, const char *value, time_t exp)
{
	unsigned char key[32];
	jwt_t *jwt = NULL;
	char *out = NULL, sub[24];
	if (tf_token_key(purpose, key) != 0 || jwt_new(&jwt) != 0)
		return NULL;
	snprintf(sub, sizeof(sub), "%lld", uid);
	if (jwt_add_grant(jwt, "sub", sub) == 0 && jwt_add_grant(jwt, claim, value) == 0 &&
	    jwt_add_grant_int(jwt, "exp", (long)exp) == 0 &&
	    jwt_set_alg(jwt, JWT_ALG_HS256, key, sizeof(key)) == 0)
		out = jwt_encode_str(jwt);
	jwt_free(jwt);
	explicit_bzero(key, sizeof(key));
	return out;
}

/* Check a token of this purpose: signature with our key (never a NULL
 * key: libjwt would skip the check), HS256 pinned, exp checked by us
 * (libjwt 1.10 does not). Copies the claim into value. 0 ok, -1 refused. */
static int
tf_token_check(const char *purpose, const char *token, const char *claim, long long *uid,
               char *value, size_t cap)
{
	unsigned char key[32];
	jwt_t *jwt = NULL;
	int rc = -1;
	if (token == NULL || *token == '\0' || strlen(token) > 2048 || tf_token_key(purpose, key) != 0)
		return -1;
	int bad = jwt_decode(&jwt, token, key, sizeof(key)) != 0 || jwt == NULL;
	explicit_bzero(key, sizeof(key));
	if (bad)
		return -1;
	if (jwt_get_alg(jwt) != JWT_ALG_HS256)
		goto out;
	errno = 0;
	long exp = jwt_get_grant_int(jwt, "exp");
	if (errno == ENOENT || exp <= (long)time(NULL))
		goto out;
	const char *sub = jwt_get_grant(jwt, "sub");
	const char *v = jwt_get_grant(jwt, claim);
	if (sub == NULL || v == NULL || strlen(v) >= cap)
		goto out;
	*uid = strtoll(sub, NULL, 10);
	memcpy(value, v, strlen(v) + 1);
	rc = *uid > 0 ? 0 : -1;
out:
	jwt_free(jwt);
	return rc;
}

static const char *
random_b64(struct request *r, size_t n)
{
	unsigned char rnd[32];
	char out[48];
	if (n > sizeof(rnd) || crypto_random(rnd, n) != 0)
		return NULL;
	crypto_b64url(out, rnd, n);
	return arena_strdup(r->arena, out);
}

/* ---- the secret at rest ---------------------------------------------------------- */

static const char *
bytea_param(struct request *r, const unsigned char *p, size_t n)
{
	char *s = arena_alloc(r->arena, 2 * n + 3);
	s[0] = '\\';
	s[1] = 'x';
	crypto_hex(s + 2, p, n);
	return s;
}

/* A secret sealed for uid, as a bytea parameter; NULL on failure (logged). */
static const char *
tf_seal(struct request *r, long long uid, const unsigned char *secret, size_t n)
{
	unsigned char key[32], out[TOTP_SECRET_BYTES + CRYPTO_SEAL_OVERHEAD];
	if (crypto_secret_key(key) != 0) {
		log_error(r, "secret_key (64 hex digits) is missing from the configuration: "
		    "tools/hearth up adds one");
		return NULL;
	}
	const char *aad = db_int(r, uid);
	long len = n <= TOTP_SECRET_BYTES ? crypto_seal(key, aad, strlen(aad), secret, n, out, sizeof(out)) : -1;
	explicit_bzero(key, sizeof(key));
	return len < 0 ? NULL : bytea_param(r, out, (size_t)len);
}

/* Open a sealed secret (PostgreSQL's \x... text of a bytea): its length, or -1. */
static long
tf_open(struct request *r, long long uid, const char *sealed, unsigned char secret[TOTP_SECRET_BYTES])
{
	unsigned char key[32], in[TOTP_SECRET_BYTES + CRYPTO_SEAL_OVERHEAD];
	if (sealed == NULL || sealed[0] != '\\' || sealed[1] != 'x')
		return -1;
	int n = crypto_unhex(in, sizeof(in), sealed + 2);
	if (n < 0)
		return -1;
	if (crypto_secret_key(key) != 0) {
		log_error(r, "secret_key (64 hex digits) is missing from the configuration");
		return -1;
	}
	const char *aad = db_int(r, uid);
	long len = crypto_open(key, aad, strlen(aad), in, (size_t)n, secret, TOTP_SECRET_BYTES);
	explicit_bzero(key, sizeof(key));
	if (len < 0)
		log_error(r, "two-factor secret of user %lld does not open (secret_key changed?)", uid);
	return len;
}

/* ---- recovery codes ---------------------------------------------------------------- */

static const char RECOVERY_ALPHABET[] = "abcdefghijklmnopqrstuvwxyz234567";   /* 32: no bias */

/* The code as typed → its canonical form (lower case, no dashes or
 * spaces) in out[RECOVERY_LEN + 1]; 0 if it is not shaped like one. */
static int
recovery_normalize(const char *in, char out[RECOVERY_LEN + 1])
{
	size_t n = 0;
	for (const char *p = in; *p; p++) {
		char c = *p;
		if (c == '-' || c == ' ' || c == '\t')
			continue;
		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		if (strchr(RECOVERY_ALPHABET, c) == NULL || c == '\0' || n >= RECOVERY_LEN)
			return 0;
		out[n++] = c;
	}
	out[n] = '\0';
	return n == RECOVERY_LEN;
}

/* HMAC-SHA256 under a key derived from secret_key, over "uid:code", hex:
 * useless without the server's key, and bound to its user. */
static const char *
recovery_hash(struct request *r, long long uid, const char *code)
{
	unsigned char master[32], key[32], mac[32];
	char hex[65];
	if (crypto_secret_key(master) != 0) {
		log_error(r, "secret_key (64 hex digits) is missing from the configuration");
		return NULL;
	}
	crypto_hmac_sha256(master, sizeof(master), "recovery-code-v1", 16, key);
	const char *msg = arena_printf(r->arena, "%lld:%s", uid, code);
	crypto_hmac_sha256(key, sizeof(key), msg, strlen(msg), mac);
	explicit_bzero(master, sizeof(master));
	explicit_bzero(key, sizeof(key));
	crypto_hex(hex, mac, sizeof(mac));
	return arena_strdup(r->arena, hex);
}

DB_STMT(tf_codes_clear, "DELETE FROM auth.recovery_codes WHERE user_id = $1");
DB_STMT(tf_codes_add,
    "INSERT INTO auth.recovery_codes (user_id, code_hash) SELECT $1, unnest($2::text[])");

/* Inside a transaction: RECOVERY_COUNT new codes replace the old ones.
 * The codes as shown (xxxxx-xxxxx) go to *shown, a new array. */
static enum herr
recovery_replace(struct request *r, long long uid, json_object **shown)
{
	json_object *codes = json_object_new_array();
	json_object *hashes = json_object_new_array();
	for (int i = 0; i < RECOVERY_COUNT; i++) {
		unsigned char rnd[RECOVERY_LEN];
		char code[RECOVERY_LEN + 1], pretty[RECOVERY_LEN + 2];
		if (crypto_random(rnd, sizeof(rnd)) != 0) {
			json_object_put(codes);
			json_object_put(hashes);
			return HE_INTERNAL;
		}
		for (int j = 0; j < RECOVERY_LEN; j++)
			code[j] = RECOVERY_ALPHABET[rnd[j] & 31];
		code[RECOVERY_LEN] = '\0';
		snprintf(pretty, sizeof(pretty), "%.5s-%s", code, code + 5);
		const char *h = recovery_hash(r, uid, code);
		if (h == NULL) {
			json_object_put(codes);
			json_object_put(hashes);
			return HE_INTERNAL;
		}
		json_object_array_add(codes, json_object_new_string(pretty));
		json_object_array_add(hashes, json_object_new_string(h));
	}
	const char *arr = valid_pg_array(r->arena, hashes);
	json_object_put(hashes);
	if (db_q(r, &tf_codes_clear, db_int(r, uid)) == NULL || db_q(r, &tf_codes_add, db_int(r, uid), arr) == NULL) {
		json_object_put(codes);
		return db_fail(r);
	}
	*shown = codes;
	return HE_OK;
}

/* ---- checking a code ----------------------------------------------------------------- */

DB_STMT(tf_step_use,
    "UPDATE auth.user_totp SET last_step = $2, updated_at = now()"
    " WHERE user_id = $1 AND enabled_at IS NOT NULL AND last_step < $2");
DB_STMT(tf_code_use,
    "UPDATE auth.recovery_codes SET used_at = now()"
    " WHERE user_id = $1 AND code_hash = $2 AND used_at IS NULL RETURNING id");
DB_STMT(tf_fail_note,
    "UPDATE auth.users SET failed_logins = failed_logins + 1,"
    " locked_until = CASE WHEN failed_logins + 1 >= $2::int"
    "   THEN now() + interval '" TF_LOCK_MINUTES " minutes' ELSE locked_until END"
    " WHERE id = $1 RETURNING coalesce(locked_until > now(), false)");

enum tf_kind { TF_WRONG = 0, TF_TOTP, TF_RECOVERY };

/* The first value among fields of the input (the code step sends code;
 * scripts may say totp or recovery_code). */
static const char *
tf_input_code(struct request *r)
{
	static const char *const fields[] = { "code", "totp", "recovery_code", NULL };
	json_object *in = req_input(r), *v;
	for (int i = 0; fields[i]; i++) {
		if (json_object_object_get_ex(in, fields[i], &v) && v != NULL) {
			const char *s = json_object_get_string(v);
			if (s != NULL && *s != '\0' && strlen(s) < 64)
				return s;
		}
	}
	return NULL;
}

/* The field the code came in (errors go next to it): the disable form
 * says totp, other forms code. */
static const char *
tf_code_field(struct request *r)
{
	json_object *v;
	if (!json_object_object_get_ex(req_input(r), "code", &v) &&
	    json_object_object_get_ex(req_input(r), "totp", &v))
		return "totp";
	return "code";
}

/* Check code against uid's confirmed secret (sealed, last_step as read)
 * and, when allow_recovery, the unused recovery codes. A right code is
 * used up at once (the step recorded, the recovery code marked), so the
 * same code never works twice, even in two requests at the same moment. */
static enum herr
tf_check(struct request *r, long long uid, const char *sealed, long long last_step, const char *code,
         int allow_recovery, enum tf_kind *kind)
{
	*kind = TF_WRONG;
	if (code == NULL)
		return HE_OK;
	char rc[RECOVERY_LEN + 1];
	if (allow_recovery && recovery_normalize(code, rc)) {
		const char *h = recovery_hash(r, uid, rc);
		if (h == NULL)
			return HE_INTERNAL;
		PGresult *res = db_q(r, &tf_code_use, db_int(r, uid), h);
		if (res == NULL)
			return db_fail(r);
		if (PQntuples(res) == 1)
			*kind = TF_RECOVERY;
		return HE_OK;
	}
	unsigned char secret[TOTP_SECRET_BYTES];
	long n = tf_open(r, uid, sealed, secret);
	if (n < 0)
		return HE_INTERNAL;
	long long step = totp_verify(secret, (size_t)n, code, time(NULL), TOTP_WINDOW, last_step);
	explicit_bzero(secret, sizeof(secret));
	if (step < 0)
		return HE_OK;
	PGresult *res = db_q(r, &tf_step_use, db_int(r, uid), db_int(r, step));
	if (res == NULL)
		return db_fail(r);
	if (strcmp(PQcmdTuples(res), "1") == 0)       /* 0: another request used this step first */
		*kind = TF_TOTP;
	return HE_OK;
}

/* A wrong code: audited, and counted toward the lockout like a wrong
 * password. *locked says whether the account is locked now. */
static enum herr
tf_failed(struct request *r, long long uid, const char *where, int *locked)
{
	json_object *after = json_object_new_object();
	json_object_object_add(after, "step", json_object_new_string(where));
	enum herr e = audit_log(r, "auth.2fa_failed", "user", uid, NULL, after);
	json_object_put(after);
	if (e != HE_OK)
		return e;
	PGresult *res = db_q(r, &tf_fail_note, db_int(r, uid), db_int(r, TF_MAX_FAILURES));
	if (res == NULL)
		return db_fail(r);
	if (locked != NULL)
		*locked = PQntuples(res) == 1 && PQgetvalue(res, 0, 0)[0] == 't';
	return HE_OK;
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
	if (tf_token_check("remember-device-v1", req_cookie(r, DEVICE_COOKIE), "did", &cuid, did,
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
	const char *did = random_b64(r, 32);
	char hash[65];
	if (did == NULL)
		return HE_INTERNAL;
	crypto_sha256_hex(did, strlen(did), hash);
	if (db_q(r, &tf_device_add, db_int(r, uid), hash, r->user_agent ? r->user_agent : "",
	    db_int(r, DEVICE_TTL)) == NULL)
		return db_fail(r);
	char *tok = tf_token_make("remember-device-v1", uid, "did", did, time(NULL) + DEVICE_TTL);
	if (tok == NULL)
		return HE_INTERNAL;
	resp_cookie(r, DEVICE_COOKIE, tok, DEVICE_TTL, COOKIE_HTTPONLY);
	free(tok);
	return HE_OK;
}

/* ---- sign-in: the second step ------------------------------------------------------------- */

/* Where to go after sign-in: a local path only (as login.c). */
static const char *
tf_safe_next(const char *next)
{
	if (next == NULL || next[0] != '/' || next[1] == '/' || next[1] == '\\' || strlen(next) > 1000)
		return "/customers";
	for (const char *p = next; *p; p++)
		if ((unsigned char)*p < 0x20)
			return "/customers";
	return next;
}

static const char *
tf_input_str(struct request *r, const char *field)
{
	json_object *v;
	if (!json_object_object_get_ex(req_input(r), field, &v) || v == NULL)
		return NULL;
	return json_object_get_string(v);
}

#define TF_WRONG_CODE "That code is not right, or it was used already. Codes change every 30 seconds: " \
	"type the one your app shows now, or one of your recovery codes."
#define TF_LOCKED "Email or password is not right, or the account is locked. After repeated failures, " \
	"sign-in is paused for " TF_LOCK_MINUTES " minutes."

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
	json_object *d = json_object_new_object();
	json_object_object_add(d, "next", json_object_new_string(tf_safe_next(next)));
	json_object_object_add(d, "totp_required", json_object_new_boolean(1));
	if (code_error != NULL)
		resp_field_error(r, "code", code_error);
	json_object_put(r->form_values);
	r->form_values = json_object_new_object();     /* remember stays off unless ticked again */
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
	buf_urlenc(&b, tf_safe_next(next));
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
	const char *nonce = random_b64(r, 16);
	char *tok = nonce ? tf_token_make("mfa-pending-v1", uid, "nonce", nonce, time(NULL) + MFA_TTL) : NULL;
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
	if (tf_token_check("mfa-pending-v1", req_cookie(r, MFA_COOKIE), "nonce", &uid, nonce, sizeof(nonce)) != 0)
		return tf_restart(r, next, "Your sign-in expired or was not started: sign in with your email "
		    "and password again.");
	PGresult *res = db_q(r, &tf_login_state, db_int(r, uid));
	if (res == NULL)
		return db_fail(r);
	if (PQntuples(res) != 1 || PQgetvalue(res, 0, 3)[0] != 't' || PQgetvalue(res, 0, 4)[0] == 't') {
		audit_log(r, "auth.login_failed", "user", uid, NULL, NULL);
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
	json_object *detail = json_object_new_object();
	json_object_object_add(detail, "second_factor", json_object_new_string(kind == TF_TOTP ? "totp" : "recovery_code"));
	json_object_object_add(detail, "remember_device", json_object_new_boolean(remember));
	if ((e = auth_session_begin(r, uid, email, detail)) != HE_OK)     /* login.c: session, audit, COMMIT, cookie */
		return e;
	resp_cookie(r, MFA_COOKIE, "", 0, COOKIE_HTTPONLY);
	if (kind == TF_RECOVERY)
		resp_flash(r, "info", "You signed in with a recovery code: it will not work again. "
		    "Make new codes on the two-factor page when few are left.");
	if (r->format == FMT_HTML)
		return resp_redirect(r, 303, tf_safe_next(next));
	json_object *u = json_object_new_object();
	json_object_object_add(u, "id", json_object_new_int64(uid));
	json_object_object_add(u, "email", json_object_new_string(email));
	json_object_object_add(u, "name", json_object_new_string(name));
	json_object_object_add(u, "role", json_object_new_string(role));
	json_object *out = json_object_new_object();
	json_object_object_add(out, "user", u);
	return resp_ok(r, NULL, out);
}

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
		json_object *row = db_row_json(res, 0);
		json_object *at;
		if (json_object_object_get_ex(row, "enabled_at", &at) && at)
			st->enabled_at = arena_strdup(r->arena, json_object_get_string(at));
		json_object_put(row);
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
 * there is none (or it is older than PENDING_KEEP). New object in *out. */
static enum herr
tf_page_data(struct request *r, struct tf_state *st, json_object **out)
{
	*out = NULL;
	json_object *d = json_object_new_object();
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
		if (crypto_random(secret, sizeof(secret)) != 0) {
			json_object_put(d);
			return HE_INTERNAL;
		}
		n = TOTP_SECRET_BYTES;
		const char *sealed = tf_seal(r, uid, secret, sizeof(secret));
		if (sealed == NULL) {
			explicit_bzero(secret, sizeof(secret));
			json_object_put(d);
			return HE_INTERNAL;
		}
		if (db_q(r, &tf_pending_set, db_int(r, uid), sealed) == NULL) {
			explicit_bzero(secret, sizeof(secret));
			json_object_put(d);
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
		json_object_put(d);
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

/* Pages that show a secret or codes: never stored by a browser or proxy. */
static void
tf_no_store(struct request *r)
{
	resp_header(r, "Cache-Control", "no-store");
	r->no_etag = 1;
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
	json_object_put(r->form_values);
	r->form_values = json_object_new_object();    /* codes and passwords are never shown again */
	record_crumbs(r, "Two-factor sign-in", NULL);
	tf_no_store(r);
	json_object_put(r->data);
	r->data = d;
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
	tf_no_store(r);
	return resp_ok(r, "auth/twofactor.cs", d);
}

/* The recovery codes, shown once (HTML page or JSON). */
static enum herr
tf_codes_answer(struct request *r, json_object *codes, int just_enabled)
{
	json_object *d = json_object_new_object();
	json_object_object_add(d, "enabled", json_object_new_boolean(1));
	json_object_object_add(d, "just_enabled", json_object_new_boolean(just_enabled));
	json_object_object_add(d, "recovery_codes", codes);
	record_crumbs(r, "Recovery codes", "Two-factor sign-in", "/auth/2fa", "Recovery codes", NULL, NULL);
	tf_no_store(r);
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
	if (db_q(r, &tf_devices_clear, db_int(r, uid)) == NULL) {
		json_object_put(codes);
		return db_fail(r);
	}
	if ((e = record_commit(r, "auth.2fa_enabled", "user", uid, NULL, NULL, NULL)) != HE_OK) {
		json_object_put(codes);
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
	if ((e = record_commit(r, "auth.2fa_recovery_codes_replaced", "user", uid, NULL, NULL, NULL)) != HE_OK) {
		json_object_put(codes);
		return e;
	}
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
		tf_no_store(r);
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
	if (db_q(r, &tf_disable, db_int(r, uid)) == NULL || db_q(r, &tf_codes_clear, db_int(r, uid)) == NULL ||
	    db_q(r, &tf_devices_clear, db_int(r, uid)) == NULL)
		return db_fail(r);
	if ((e = record_commit(r, "auth.2fa_disabled", "user", uid, NULL, NULL, NULL)) != HE_OK)
		return e;
	resp_cookie(r, DEVICE_COOKIE, "", 0, COOKIE_HTTPONLY);
	json_object *d = json_object_new_object();
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
	if (db_q(r, &tf_devices_clear, db_int(r, uid)) == NULL)
		return db_fail(r);
	if ((e = record_commit(r, "auth.2fa_devices_forgotten", "user", uid, NULL, NULL, NULL)) != HE_OK)
		return e;
	resp_cookie(r, DEVICE_COOKIE, "", 0, COOKIE_HTTPONLY);
	json_object *d = json_object_new_object();
	json_object_object_add(d, "remembered_devices", json_object_new_int(0));
	return record_done(r, 0, "/auth/2fa", "Every browser will ask for a code again.", d);
}

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

/* The roles as data.roles, and the policy's version. */
static enum herr
tf_policy_data(struct request *r, json_object **out)
{
	PGresult *res = db_q0(r, &tf_policy_list);
	if (res == NULL)
		return db_fail(r);
	json_object *roles = db_rows_json(res);
	PGresult *names = db_q0(r, &tf_policy_read);
	if (names == NULL) {
		json_object_put(roles);
		return db_fail(r);
	}
	json_object *d = json_object_new_object();
	json_object_object_add(d, "roles", roles);
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
	json_object *want = json_object_new_array();
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
		json_object_put(want);
		json_object *d = NULL;
		if ((e = tf_policy_data(r, &d)) != HE_OK)
			return e;
		return record_form_again(r, HE_INVALID, "auth/twofactor_policy.cs", d);
	}
	if ((e = db_begin(r)) != HE_OK) {
		json_object_put(want);
		return e;
	}
	PGresult *lock = db_q0(r, &tf_policy_lock);
	if (lock == NULL) {
		json_object_put(want);
		return db_fail(r);
	}
	json_object *before = json_object_new_array();
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
		json_object_put(want);
		json_object_put(before);
		r->problem_detail = "Someone else changed the policy since you read it. Nothing was saved; "
		    "the current policy is shown.";
		json_object *d = NULL;
		if ((e = tf_policy_data(r, &d)) != HE_OK)
			return e;
		json_object_put(r->data);
		r->data = d;
		return record_form_again(r, HE_CONFLICT, "auth/twofactor_policy.cs", NULL);
	}
	if (!form_ok(&f)) {
		db_rollback(r);
		json_object_put(want);
		json_object_put(before);
		json_object *d = NULL;
		if ((e = tf_policy_data(r, &d)) != HE_OK)
			return e;
		return record_form_again(r, HE_INVALID, "auth/twofactor_policy.cs", d);
	}
	const char *arr = valid_pg_array(r->arena, want);
	if (db_q(r, &tf_policy_set, arr) == NULL) {
		json_object_put(want);
		json_object_put(before);
		return db_fail(r);
	}
	json_object *b = json_object_new_object(), *a = json_object_new_object();
	json_object_object_add(b, "require_2fa", before);
	json_object_object_add(a, "require_2fa", want);
	e = record_commit(r, "auth.2fa_policy", "roles", 0, b, a, NULL);
	json_object_put(b);
	json_object_put(a);
	if (e != HE_OK)
		return e;
	if (r->format == FMT_HTML)
		return record_done(r, 0, "/auth/2fa/policy", "Two-factor policy saved.", NULL);
	json_object *d = NULL;
	if ((e = tf_policy_data(r, &d)) != HE_OK)
		return e;
	return resp_ok(r, NULL, d);
}
