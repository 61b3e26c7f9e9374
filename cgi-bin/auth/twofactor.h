/* twofactor.h: what the two-factor files share (inside cgi-bin/auth). */
#ifndef HEARTH_TWOFACTOR_H
#define HEARTH_TWOFACTOR_H

#include "auth_family.h"
#include "req.h"
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
#define TF_WRONG_CODE "That code is not right, or it was used already. Codes change every 30 seconds: " \
	"type the one your app shows now, or one of your recovery codes."
#define TF_LOCKED "Email or password is not right, or the account is locked. After repeated failures, " \
	"sign-in is paused for " TF_LOCK_MINUTES " minutes."

/* ---- the secret at rest, checking a code (twofactor_verify.c) ---- */
/* The secret sealed for the database (bytea text), or NULL. */
const char *tf_seal(struct request *r, long long uid, const unsigned char *secret, size_t n);
/* Open a sealed secret: its length, or -1 (logged). */
long tf_open(struct request *r, long long uid, const char *sealed, unsigned char secret[TOTP_SECRET_BYTES]);
const char *tf_input_code(struct request *r);
const char *tf_input_str(struct request *r, const char *field);
const char *tf_code_field(struct request *r);
/* What a code turned out to be. */
enum tf_kind { TF_WRONG = 0, TF_TOTP, TF_RECOVERY };
AUTH_MUST_USE enum herr tf_check(struct request *r, long long uid, const char *sealed, long long last_step,
                                 const char *code, int allow_recovery, enum tf_kind *kind);
AUTH_MUST_USE enum herr tf_failed(struct request *r, long long uid, const char *where, int *locked);

/* ---- recovery codes (twofactor_recovery.c) ---- */
int recovery_normalize(const char *in, char out[RECOVERY_LEN + 1]);
const char *recovery_hash(struct request *r, long long uid, const char *code);
AUTH_MUST_USE enum herr recovery_replace(struct request *r, long long uid, json_object **shown);
int tf_recovery_clear(struct request *r, long long uid);          /* 0, or -1 (db_fail) */

/* ---- remembered devices (twofactor_login.c) ---- */
int tf_devices_forget(struct request *r, long long uid);          /* 0, or -1 (db_fail) */

#endif
