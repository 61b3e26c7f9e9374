/* http: outgoing HTTP through libcurl, for the few calls a responder makes
 * to another server (OpenID Connect discovery, JWKS, token, userinfo).
 * Each call has a time limit (5 s by default), a cap on the answer's size
 * (1 MiB by default), TLS verification on, no redirects followed, and only
 * http and https. The answer goes into a buf. */
#ifndef HEARTH_HTTP_H
#define HEARTH_HTTP_H

#include <stddef.h>
#include "buf.h"

#define HTTP_TIMEOUT_MS_DEFAULT 5000
#define HTTP_MAX_BYTES_DEFAULT  (1u << 20)

struct http_req {
	const char         *method;        /* "GET" (NULL too) or "POST" */
	const char         *url;
	const char *const  *headers;       /* "Name: value" lines, NULL-terminated; may be NULL */
	const char         *body;          /* POST body, or NULL */
	size_t              body_len;
	const char         *content_type;  /* of the body, e.g. application/x-www-form-urlencoded */
	long                timeout_ms;    /* 0: HTTP_TIMEOUT_MS_DEFAULT (the whole call) */
	size_t              max_bytes;     /* 0: HTTP_MAX_BYTES_DEFAULT */
};

struct http_resp {
	long        status;              /* HTTP status; 0 when no answer came */
	struct buf  body;                /* NUL-terminated; freed by http_resp_free */
	char        content_type[128];   /* media type, lower case, no parameters */
	char        error[256];          /* why the call failed (when it returns -1) */
};

/* Make the call. 0 when an answer came (whatever its status), -1 when none
 * did (refused URL, DNS, connection, TLS, time limit, answer too large),
 * with out->error saying why. Always pair with http_resp_free. */
int http_request(const struct http_req *q, struct http_resp *out);
int http_get(const char *url, const char *const *headers, struct http_resp *out);
void http_resp_free(struct http_resp *out);

/* 1 if url may be called: https://host..., or http:// to the loopback
 * interface only (127.0.0.0/8, localhost, [::1]); no user:password@, no
 * fragment, no spaces or control characters. */
int http_url_allowed(const char *url);
/* 1 if host (as in a URL: "[::1]" for IPv6) is on the loopback interface:
 * localhost, 127.x.y.z, [::1]. */
int http_host_is_loopback(const char *host);

/* "Authorization: Basic …" for an OAuth client (RFC 6749 §2.3.1: id and
 * secret form-urlencoded first). Appends the header line to b. */
void http_basic_auth(struct buf *b, const char *user, const char *password);

#endif
