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
/* Fill r->principal from the cookie or Authorization header. An invalid
 * or revoked credential is treated as signed out (HE_OK); HE_DB_DOWN when the
 * session cannot be checked. */
enum herr auth_load(struct request *r);
/* perm "family:level": held if the principal has that level or higher. */
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

#endif
