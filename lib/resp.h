/* resp: building the answer. Handlers set r->data/template/status or call
 * one of these; app.c renders by the negotiated format and sends it whole.
 * Objects passed in are borrowed (req.h's rule): r->data takes its own reference. */
#ifndef HEARTH_RESP_H
#define HEARTH_RESP_H

#include "headers.h"      /* resp_header, resp_cookie, resp_flash, no_store, safe_next */
#include "req.h"

/* 303 (or status) to location; for JSON clients a 201 with Location is
 * usually what you want: see resp_created. */
__attribute__((warn_unused_result))
enum herr resp_redirect(struct request *r, int status, const char *location);
/* A created resource: JSON → 201 + Location + body; HTML form → 303 there. */
__attribute__((warn_unused_result))
enum herr resp_created(struct request *r, const char *location, json_object *obj);
/* The answer is this object: JSON as is, HTML through template. */
__attribute__((warn_unused_result))
enum herr resp_ok(struct request *r, const char *template, json_object *obj);
/* Field error: adds errors[field] = message (the first message per field wins). */
void resp_field_error(struct request *r, const char *field, const char *message);
/* Render r (status, data, errors) to headers + body per r->format, and the
 * error e if it is not HE_OK. Fills r->body and r->out_headers. */
void resp_render(struct request *r, enum herr e);
/* Write the rendered answer: to the FastCGI stream, or to a buf in tests. */
typedef void (*resp_write_fn)(void *ctx, const char *p, size_t n);
void resp_write(struct request *r, resp_write_fn wr, void *ctx);
/* An answer too long to build in memory (the whole catalog as CSV), sent
 * as it is made: status 200, the headers set so far, Vary, Cache-Control
 * and content_type go out now, then each resp_stream_put (nothing for
 * HEAD). HE_INTERNAL where the responder cannot stream (unit tests). A
 * failure after this cannot change the status: log it and stop; the
 * answer ends short. */
enum herr resp_stream_begin(struct request *r, const char *content_type) __attribute__((warn_unused_result));
void resp_stream_put(struct request *r, const char *p, size_t n);
/* Weak ETag over the body, W/"<hash>"; for a record (r->data with an
 * integer "version") W/"v<version>-<hash>", which If-Match takes back
 * (form_version). 1 if the request's If-None-Match matches it. */
int resp_etag(struct request *r);

#endif
