/* twofactor_verify.c: checking a two-factor code, for the sign-in step and
 * for the enrolment and management pages alike: the TOTP secret at rest
 * (AES-256-GCM, the user id as associated data), a code in a ±1 step
 * window and each time step once (auth.user_totp.last_step), a recovery
 * code instead, and a wrong code counted toward the account's lockout. */
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "audit.h"
#include "auth.h"
#include "auth_family.h"
#include "crypto.h"
#include "log.h"
#include "resp.h"
#include "totp.h"
#include "twofactor.h"

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
const char *
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
long
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

/* The first value among fields of the input (the code step sends code;
 * scripts may say totp or recovery_code). */
const char *
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
const char *
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
enum herr
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
enum herr
tf_failed(struct request *r, long long uid, const char *where, int *locked)
{
	json_object *after = req_obj(r);
	json_object_object_add(after, "step", json_object_new_string(where));
	enum herr e = audit_log(r, "auth.2fa_failed", "user", uid, NULL, after);
	if (e != HE_OK)
		return e;
	PGresult *res = db_q(r, &tf_fail_note, db_int(r, uid), db_int(r, TF_MAX_FAILURES));
	if (res == NULL)
		return db_fail(r);
	if (locked != NULL)
		*locked = PQntuples(res) == 1 && PQgetvalue(res, 0, 0)[0] == 't';
	return HE_OK;
}

/* A string field of the body (JSON or form), or NULL. */
const char *
tf_input_str(struct request *r, const char *field)
{
	json_object *v;
	if (!json_object_object_get_ex(req_input(r), field, &v) || v == NULL)
		return NULL;
	return json_object_get_string(v);
}
