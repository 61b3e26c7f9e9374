/* auth: who is asking (session JWT cookie or bearer token), what they may
 * do (permissions from the route table), and CSRF for cookie sessions.
 * libjwt 1.10 checks neither algorithm nor expiry: we do (LIBRARY-NOTES). */
#ifndef HEARTH_AUTH_H
#define HEARTH_AUTH_H

#include <time.h>
#include "req.h"

#define AUTH_COOKIE      "hearth_session"
#define AUTH_PRE_COOKIE  "hearth_pre"      /* signed-out CSRF seed */
#define AUTH_SESSION_TTL (12 * 3600)

/* Secret from config (jwt_secret, hex, ≥ 32 bytes). 0 ok. */
int auth_init(void);
/* At worker exit: the principal cache freed. */
void auth_shutdown(void);
/* Fill r->principal from the cookie or Authorization header. An invalid
 * or revoked session cookie is treated as signed out (HE_OK); HE_DB_DOWN
 * when the credential cannot be checked.
 * "Authorization: Bearer hth_…" is a personal API token, any other bearer
 * an OAuth access token (a JWT). A bearer request (via_bearer) never needs
 * CSRF and never gets a cookie; a bearer that fails is HE_UNAUTHORIZED as
 * problem+json with WWW-Authenticate: Bearer error="invalid_token", never
 * a silent signed-out answer (a script must learn that its token is bad). */
__attribute__((warn_unused_result))
enum herr auth_load(struct request *r);
/* perm "family:level": held if the principal's role has that level or
 * higher AND, for a bearer principal, one of its scopes allows it too
 * (scopes narrow, never widen). PERM_SIGNED_IN: any signed-in principal;
 * for a bearer on an unsafe method, only with the scope auth:write. */
int auth_has(const struct request *r, const char *perm);
/* The CSRF token for this request's session (or signed-out seed). */
const char *auth_csrf_token(struct request *r);
/* 1 if an unsafe request carries the right token (_csrf or X-CSRF-Token). */
int auth_csrf_ok(struct request *r);
/* Make a session JWT (HS256) for session sid; malloc'd, NULL on failure. */
char *auth_session_jwt(const char *sid, long long user_id, time_t now, time_t exp);
/* Decode and check a session JWT: signature, HS256, exp, nbf. Writes the
 * session id into sid (37 bytes). 0 ok, -1 refused. */
int auth_session_check(const char *token, time_t now, char sid[37], long long *user_id);
void auth_set_session_cookie(struct request *r, const char *jwt);
void auth_clear_session_cookie(struct request *r);
/* Ensure a signed-out visitor has a CSRF seed cookie. */
void auth_ensure_pre(struct request *r);
/* What an HTML page shows from auth, worked out once before rendering (so
 * view.c needs nothing from here): r->principal.can ("can.customers_write"
 * for each family and level held) and r->csrf. */
void auth_view_prepare(struct request *r);

/* OAuth2 access tokens (client credentials): HS256 JWTs under a key
 * DERIVED from jwt_secret (HMAC(secret, "oauth-access-v1")), so a session
 * cookie never passes as an access token nor an access token as a session.
 * Claims: iss (public_url), sub (client id), aud "hearth", scope (space-
 * separated), iat, exp, jti. */
#define AUTH_ACCESS_TTL  3600
#define AUTH_ACCESS_AUD  "hearth"
/* Make one; jti (out, 23 bytes) names it for the audit log. malloc'd, NULL on failure. */
char *auth_access_jwt(const char *client_id, const char *scope, time_t now, time_t exp, char jti[23]);
/* Decode and check one: signature under the derived key, HS256 pinned,
 * exp, nbf and iat against now, aud, iss, sub, scope. Copies sub into
 * client_id and scope into scope. 0 ok, -1 refused. */
int auth_access_check(const char *token, time_t now, char *client_id, size_t idcap,
                      char *scope, size_t scopecap);
/* 1 for a request that carries its own credential and relies on no
 * cookie (its route is flagged ROUTE_NO_CSRF: the OAuth token endpoint):
 * no CSRF check and no CSRF seed cookie. */
int auth_self_authenticating(const struct request *r);

#endif
