/* herr: the one result type. Every handler and lib call that can fail
 * returns one; HE_OK is 0. herr_status() maps each to its HTTP status, in
 * one place (kcgi's KCGI_OK). */
#ifndef HEARTH_HERR_H
#define HEARTH_HERR_H

enum herr {
	HE_OK = 0,
	HE_BAD_REQUEST,     /* 400 malformed input */
	HE_UNAUTHORIZED,    /* 401 not signed in (HTML: 303 to sign-in) */
	HE_FORBIDDEN,       /* 403 signed in, not allowed; bad CSRF */
	HE_NOT_FOUND,       /* 404 */
	HE_METHOD,          /* 405 */
	HE_NOT_ACCEPTABLE,  /* 406 */
	HE_CONFLICT,        /* 409 stale version, duplicate */
	HE_PRECONDITION,    /* 412 If-Match names no version (RFC 9110 13.1.1) */
	HE_TOO_LARGE,       /* 413 */
	HE_UNSUPPORTED,     /* 415 wrong content type */
	HE_INVALID,         /* 422 field errors in r->errors */
	HE_RATE_LIMITED,    /* 429 */
	HE_INTERNAL,        /* 500 */
	HE_DB_DOWN,         /* 503 + Retry-After */
	HE_RETRY,           /* serialization failure: the app runs the handler again */
	HE__MAX
};

int herr_status(enum herr e);
const char *herr_title(enum herr e);

#endif
