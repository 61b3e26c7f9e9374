/* files: uploaded files, stored once by content (SHA-256) under files_dir
 * and served by nginx (X-Accel-Redirect to /_files/<aa>/<rest>). */
#ifndef HEARTH_FILES_H
#define HEARTH_FILES_H

#include <stddef.h>
#include "req.h"

/* Puts the upload's bytes in place (flushed, renamed in, never partial);
 * the same content already there is kept. HE_INTERNAL (logged) on failure. */
enum herr files_store(struct request *r, const struct upload *u) __attribute__((warn_unused_result));
/* The media type to serve ct as: itself when on the safe list (PDF,
 * images, plain text, CSV), else application/octet-stream (never HTML,
 * SVG or other active content). */
const char *files_safe_type(const char *ct);
/* 1 if s is 64 lower-case hex digits. */
int files_sha256_ok(const char *s);
/* The file name as stored: the sent name without control characters, at
 * most 255 code points; "file" if nothing is left. */
const char *files_filename(struct request *r, const char *name);
/* At most max code points of the valid UTF-8 string s (a new copy). */
char *files_utf8_prefix(struct arena *a, const char *s, size_t max);
/* Content-Disposition: attachment with an ASCII fallback name and the
 * exact name as RFC 5987 UTF-8. */
const char *files_disposition(struct request *r, const char *name);

#endif
