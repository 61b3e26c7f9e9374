/* valid: input checked at the boundary, every field, not the first error
 * only. A form reads from req_input(); for PATCH it starts from the current
 * record so absent fields keep their values. Clean values go to f->out,
 * messages to r->errors. */
#ifndef HEARTH_VALID_H
#define HEARTH_VALID_H

#include "req.h"

#define V_REQUIRED 1
#define V_NULLABLE 2      /* empty → JSON null (optional references, dates) */

struct form {
	struct request *r;
	json_object    *in;     /* what was sent (borrowed) */
	json_object    *base;   /* current record for PATCH, or NULL (borrowed) */
	json_object    *out;    /* cleaned values (owned by r via arena) */
	int             nerr;
	const char    **read;   /* fields the form read or allowed (arena) */
	size_t          nread, capread;
};

void form_begin(struct form *f, struct request *r, json_object *base);
/* Trimmed text of at most maxlen characters. Returns the clean value or NULL. */
const char *form_text(struct form *f, const char *field, int flags, size_t maxlen);
const char *form_email(struct form *f, const char *field, int flags);
const char *form_phone(struct form *f, const char *field, int flags);
/* One of choices (NULL-terminated); def when absent and not required. */
const char *form_enum(struct form *f, const char *field, int flags,
                      const char *const *choices, const char *def);
/* Integer in [min, max]; *ok is 0 when absent or bad. */
long long form_int(struct form *f, const char *field, int flags, long long min, long long max, int *ok);
int form_bool(struct form *f, const char *field);          /* "on","1","true",true */
/* YYYY-MM-DD, or a date-time (RFC 3339 or the browser's YYYY-MM-DDTHH:MM,
 * which is in the company's time zone; form_datetime gives back UTC). */
const char *form_date(struct form *f, const char *field, int flags);
const char *form_datetime(struct form *f, const char *field, int flags);
/* A list: JSON array of strings, or a comma-separated string. Returns a
 * PostgreSQL array literal ({"a","b"}) for a text[] parameter. */
const char *form_list(struct form *f, const char *field, size_t max_items, size_t maxlen);
/* The version the client read: field "version", else If-Match. 0 if
 * neither (or If-Match: *); FORM_VERSION_BAD when If-Match names no
 * version (malformed, or an ETag that is not a record's: 412). If-Match
 * takes what GET sent (W/"v<version>-<hash>", see resp_etag), "<version>",
 * W/"<version>", or a list of those (all naming one version). */
#define FORM_VERSION_BAD (-1)
int form_version(struct form *f);
void form_error(struct form *f, const char *field, const char *message);
/* A field the handler reads itself (not through a form_* call), so
 * form_ok does not refuse it as unknown. */
void form_allow(struct form *f, const char *field);
/* No field errors. For a JSON body it first refuses every key no form_*
 * call read and no form_allow named (except version, _method, _csrf):
 * "Unknown field.", or "Read-only." for a key of the current record sent
 * with another value (the same value, echoed from a GET, is fine). HTML
 * forms are not checked: browsers send submit buttons and hidden helpers. */
int  form_ok(struct form *f);
/* Clean value of field as text (for SQL parameters); NULL if null/absent. */
const char *form_get(const struct form *f, const char *field);

/* Helpers that also serve outside forms. */
int valid_email(const char *s);
char *valid_trim(struct arena *a, const char *s);
/* A PostgreSQL array literal from a JSON array of strings. */
char *valid_pg_array(struct arena *a, json_object *arr);
/* Company-local "YYYY-MM-DDTHH:MM[:SS]" → UTC "…Z" (TZ is the company's). */
const char *valid_local_to_utc(struct arena *a, const char *local);
/* UTC "…Z" → company-local "YYYY-MM-DDTHH:MM" for <input type=datetime-local>. */
const char *valid_utc_to_local_input(struct arena *a, const char *utc);

#endif
