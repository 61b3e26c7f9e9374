/* headers: the answer's headers and cookies, below the view and the
 * renderer (resp.c renders through view.c; view.c and auth.c set cookies
 * here), so no module needs the one above it. Also the two checks every
 * sensitive answer shares: safe_next for redirect targets taken from
 * input, no_store for answers that hold a secret. */
#ifndef HEARTH_HEADERS_H
#define HEARTH_HEADERS_H

#include "req.h"

#define COOKIE_HTTPONLY 1
#define COOKIE_SESSION  2   /* no Max-Age: dies with the browser */

/* Add a header. A request with a bearer token never gets a cookie. */
void resp_header(struct request *r, const char *name, const char *value);
void resp_cookie(struct request *r, const char *name, const char *value, long max_age, int flags);
/* Show a message on the next HTML page (a short-lived cookie). */
void resp_flash(struct request *r, const char *kind, const char *message);
/* Cache-Control: no-store (and Pragma: no-cache for old caches) on an
 * answer with a secret in it: a new token, a recovery code, a session list. */
void no_store(struct request *r);
/* A local path to send a browser to: next if it is one (one leading '/',
 * not '//' or '/\' which browsers read as another host, no control
 * characters or DEL, at most 1000 bytes), else fallback. Every ?next= and
 * redirect target that comes from input goes through it. */
const char *safe_next(const char *next, const char *fallback);

#endif
