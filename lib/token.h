/* token: every token Hearth signs, in one place. JWTs are HS256 under a
 * key of their own kind, so a token of one kind never passes as another
 * (a pending 2FA sign-in is not a session, a session is not an OAuth
 * access token). libjwt 1.10 checks neither the algorithm nor any time
 * claim (LIBRARY-NOTES): token_verify does, for every kind:
 *   - a key is configured (jwt_secret ≥ 32 bytes): never a NULL key,
 *   - alg is HS256 (none, HS384, HS512, RS256 ... refused),
 *   - exp is present, numeric and after now; nbf, if present, not after now;
 *     iat, if present, not in the future (60 s of skew), and required for
 *     kinds with a fixed lifetime, which exp - iat may not exceed.
 * CSRF tokens are MACs of the session (or signed-out seed) under the same
 * secret. Claims other than iat/exp/nbf are the caller's to check. */
#ifndef HEARTH_TOKEN_H
#define HEARTH_TOKEN_H

#include <stddef.h>
#include <time.h>

enum token_kind {
	TOKEN_SESSION,      /* hearth_session: sid, sub. Key: jwt_secret itself */
	TOKEN_ACCESS,       /* OAuth access token: iss, sub, aud, scope, jti; ≤ 1 h */
	TOKEN_MFA_PENDING,  /* hearth_mfa: password right, code pending: sub, nonce */
	TOKEN_DEVICE,       /* hearth_device: remembered browser: sub, did */
	TOKEN_OIDC_FLOW,    /* hearth_oidc: state, nonce, PKCE verifier, next */
};

/* Keys from jwt_secret (hex, ≥ 32 bytes). 0 ok; -1 and every token is
 * refused (and none made) until a good secret is given. */
int token_init(const char *secret_hex);

/* A string claim, or a number when str is NULL. */
struct token_claim {
	const char *name;
	const char *str;
	long long   num;
};
/* Sign claims plus iat (now) and exp; malloc'd, NULL on failure. */
char *token_sign(enum token_kind kind, const struct token_claim *claims, size_t n, time_t now,
                 time_t exp);

/* A verified token's claims, until token_done. */
struct token {
	void *jwt;
};
/* 0 and *t filled if token is one of this kind, valid at now; -1 refused
 * (nothing to free). */
__attribute__((warn_unused_result))
int token_verify(enum token_kind kind, const char *token, time_t now, struct token *t);
/* A string claim, or NULL. */
const char *token_str(const struct token *t, const char *name);
/* When a verified token passes token_verify's time checks: from <= now <
 * until (exp, nbf and iat with its skew; the lifetime check does not
 * depend on now). For keeping a verified token and checking it again. */
void token_window(const struct token *t, time_t *from, time_t *until);
void token_done(struct token *t);

/* n (≤ 48) random bytes as base64url in the arena: nonces, ids, the
 * signed-out CSRF seed. NULL when the system gives no randomness. */
struct arena;
const char *token_random(struct arena *a, size_t n);

/* The CSRF token bound to seed ("csrf:<session id>" or "pre:<cookie>"):
 * base64url HMAC, 43 characters into out. -1 without a secret. */
int token_csrf(const char *seed, char out[48]);

#endif
