/* valid.c: per-field input checks with messages people can act on. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "buf.h"
#include "resp.h"
#include "utf8.h"
#include "valid.h"

static void
put_json(void *p)
{
	json_object_put(p);
}

void
form_begin(struct form *f, struct request *r, json_object *base)
{
	f->r = r;
	f->in = req_input(r);
	f->base = base;
	f->out = json_object_new_object();
	arena_defer(r->arena, put_json, f->out);
	f->nerr = 0;
	f->read = NULL;
	f->nread = f->capread = 0;
}

static int
form_was_read(const struct form *f, const char *field)
{
	for (size_t i = 0; i < f->nread; i++)
		if (strcmp(f->read[i], field) == 0)
			return 1;
	return 0;
}

void
form_allow(struct form *f, const char *field)
{
	if (form_was_read(f, field))
		return;
	if (f->nread == f->capread) {
		size_t cap = f->capread ? f->capread * 2 : 16;
		const char **v = arena_alloc(f->r->arena, cap * sizeof(*v));
		if (f->nread)
			memcpy(v, f->read, f->nread * sizeof(*v));
		f->read = v;
		f->capread = cap;
	}
	f->read[f->nread++] = arena_strdup(f->r->arena, field);
}

void
form_error(struct form *f, const char *field, const char *message)
{
	resp_field_error(f->r, field, message);
	f->nerr++;
}

/* Keys every body may carry besides its fields. */
static int
form_meta_key(const char *key)
{
	return strcmp(key, "version") == 0 || strcmp(key, "_method") == 0 || strcmp(key, "_csrf") == 0;
}

/* A JSON body's keys that nothing read: a typo would otherwise be dropped
 * without a word. Safe to run again (a field is reported once). */
static void
form_refuse_unread(struct form *f)
{
	if (f->r->json == NULL || !json_object_is_type(f->in, json_type_object))
		return;
	json_object_object_foreach(f->in, key, val) {
		if (form_meta_key(key) || form_was_read(f, key) ||
		    json_object_object_get_ex(f->r->errors, key, NULL))
			continue;
		json_object *cur = NULL;
		if (f->base != NULL && json_object_object_get_ex(f->base, key, &cur)) {
			if (json_object_equal(cur, val))
				continue;             /* a GET's read-only field sent back unchanged */
			form_error(f, key, "Read-only.");
		} else {
			form_error(f, key, "Unknown field.");
		}
	}
}

int
form_ok(struct form *f)
{
	form_refuse_unread(f);
	return f->nerr == 0;
}

/* The value for field: sent, else the base record's (PATCH), else NULL.
 * *sent tells which. */
static json_object *
raw(struct form *f, const char *field, int *sent)
{
	json_object *v = NULL;
	form_allow(f, field);
	*sent = json_object_object_get_ex(f->in, field, &v);
	if (!*sent && f->base != NULL)
		json_object_object_get_ex(f->base, field, &v);
	return v;
}

char *
valid_trim(struct arena *a, const char *s)
{
	while (isspace((unsigned char)*s))
		s++;
	size_t n = strlen(s);
	while (n > 0 && isspace((unsigned char)s[n - 1]))
		n--;
	return arena_strndup(a, s, n);
}

static void
out_set(struct form *f, const char *field, const char *v)
{
	json_object_object_add(f->out, field, v ? json_object_new_string(v) : NULL);
}

/* Text value of a scalar, or NULL with an error for objects/arrays. */
static const char *
scalar_text(struct form *f, const char *field, json_object *v)
{
	if (v == NULL)
		return NULL;
	if (json_object_is_type(v, json_type_object) || json_object_is_type(v, json_type_array)) {
		form_error(f, field, "Must be a single value.");
		return NULL;
	}
	const char *s = json_object_get_string(v);
	size_t n = (size_t)json_object_get_string_len(v);
	if (json_object_is_type(v, json_type_string) && !utf8_text_ok(s, n)) {
		form_error(f, field, "Contains characters that are not allowed.");
		return NULL;
	}
	return s;
}

const char *
form_text(struct form *f, const char *field, int flags, size_t maxlen)
{
	int sent;
	json_object *v = raw(f, field, &sent);
	const char *s = scalar_text(f, field, v);
	if (v != NULL && s == NULL)
		return NULL;                  /* refused (error given), not empty */
	char *t = s ? valid_trim(f->r->arena, s) : NULL;
	if (t == NULL || *t == '\0') {
		if (flags & V_REQUIRED) {
			if (!json_object_object_get_ex(f->r->errors, field, NULL))
				form_error(f, field, "Required.");
			return NULL;
		}
		out_set(f, field, (flags & V_NULLABLE) ? NULL : "");
		return (flags & V_NULLABLE) ? NULL : "";
	}
	if (utf8_chars(t) > maxlen) {
		char msg[64];
		snprintf(msg, sizeof(msg), "At most %zu characters.", maxlen);
		form_error(f, field, msg);
		return NULL;
	}
	out_set(f, field, t);
	return t;
}

int
valid_email(const char *s)
{
	const char *at = strchr(s, '@');
	if (at == NULL || at == s || strchr(at + 1, '@') != NULL || strlen(s) > 254)
		return 0;
	const char *dot = strrchr(at, '.');
	if (dot == NULL || dot == at + 1 || dot[1] == '\0')
		return 0;
	for (const char *p = s; *p; p++)
		if (isspace((unsigned char)*p) || *p == '<' || *p == '>' || *p == ',' || *p == ';')
			return 0;
	return 1;
}

const char *
form_email(struct form *f, const char *field, int flags)
{
	const char *s = form_text(f, field, flags, 254);
	if (s != NULL && *s && !valid_email(s)) {
		form_error(f, field, "Enter an email address like name@example.com.");
		return NULL;
	}
	return s;
}

const char *
form_phone(struct form *f, const char *field, int flags)
{
	const char *s = form_text(f, field, flags, 40);
	if (s == NULL || *s == '\0')
		return s;
	int digits = 0;
	for (const char *p = s; *p; p++) {
		if (isdigit((unsigned char)*p))
			digits++;
		else if (!strchr(" +-().x/ext", *p)) {
			form_error(f, field, "Use digits, spaces and + - ( ) only.");
			return NULL;
		}
	}
	if (digits < 5) {
		form_error(f, field, "Too short for a phone number.");
		return NULL;
	}
	return s;
}

const char *
form_enum(struct form *f, const char *field, int flags, const char *const *choices, const char *def)
{
	int sent;
	json_object *v = raw(f, field, &sent);
	const char *s = scalar_text(f, field, v);
	if (v != NULL && s == NULL)
		return NULL;                  /* refused (error given), not the default */
	if (s == NULL || *s == '\0') {
		if (flags & V_REQUIRED) {
			form_error(f, field, "Required.");
			return NULL;
		}
		out_set(f, field, def);
		return def;
	}
	for (size_t i = 0; choices[i]; i++) {
		if (strcmp(s, choices[i]) == 0) {
			out_set(f, field, choices[i]);
			return choices[i];
		}
	}
	struct buf b;
	buf_init(&b);
	buf_puts(&b, "Choose one of: ");
	for (size_t i = 0; choices[i]; i++)
		buf_printf(&b, "%s%s", i ? ", " : "", choices[i]);
	buf_puts(&b, ".");
	form_error(f, field, arena_strdup(f->r->arena, b.data));
	buf_free(&b);
	return NULL;
}

long long
form_int(struct form *f, const char *field, int flags, long long min, long long max, int *ok)
{
	int sent;
	json_object *v = raw(f, field, &sent);
	*ok = 0;
	if (v == NULL || (json_object_is_type(v, json_type_string) && *valid_trim(f->r->arena,
	    json_object_get_string(v)) == '\0')) {
		if (flags & V_REQUIRED)
			form_error(f, field, "Required.");
		else
			out_set(f, field, NULL);
		return 0;
	}
	long long n;
	if (json_object_is_type(v, json_type_int)) {
		n = json_object_get_int64(v);
	} else if (json_object_is_type(v, json_type_string)) {
		const char *s = valid_trim(f->r->arena, json_object_get_string(v));
		char *end;
		n = strtoll(s, &end, 10);
		if (*end != '\0' || strlen(s) > 19) {
			form_error(f, field, "Must be a whole number.");
			return 0;
		}
	} else {
		form_error(f, field, "Must be a whole number.");
		return 0;
	}
	if (n < min || n > max) {
		char msg[96];
		snprintf(msg, sizeof(msg), "Must be between %lld and %lld.", min, max);
		form_error(f, field, msg);
		return 0;
	}
	json_object_object_add(f->out, field, json_object_new_int64(n));
	*ok = 1;
	return n;
}

int
form_bool(struct form *f, const char *field)
{
	int sent;
	json_object *v = raw(f, field, &sent);
	int b = 0;
	if (v != NULL) {
		if (json_object_is_type(v, json_type_boolean))
			b = json_object_get_boolean(v);
		else {
			const char *s = json_object_get_string(v);
			b = strcmp(s, "on") == 0 || strcmp(s, "1") == 0 || strcmp(s, "true") == 0 || strcmp(s, "yes") == 0;
		}
	} else if (sent == 0 && f->base == NULL) {
		b = 0;
	}
	/* An HTML form leaves an unchecked box out: on a PATCH from a form
	 * that means false, not "keep". The form sends a hidden "0" first. */
	json_object_object_add(f->out, field, json_object_new_boolean(b));
	return b;
}

static int
digits_at(const char *s, int n)
{
	for (int i = 0; i < n; i++)
		if (!isdigit((unsigned char)s[i]))
			return 0;
	return 1;
}

static int
date_ok(const char *s)
{
	if (strlen(s) < 10 || !digits_at(s, 4) || s[4] != '-' || !digits_at(s + 5, 2) || s[7] != '-' ||
	    !digits_at(s + 8, 2))
		return 0;
	int y = atoi(s), m = atoi(s + 5), d = atoi(s + 8);
	static const int mdays[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	if (y < 1900 || y > 2200 || m < 1 || m > 12 || d < 1 || d > mdays[m - 1])
		return 0;
	if (m == 2 && d == 29 && !((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 0;
	return 1;
}

const char *
form_date(struct form *f, const char *field, int flags)
{
	const char *s = form_text(f, field, flags | V_NULLABLE, 10);
	if (s == NULL)
		return NULL;
	if (strlen(s) != 10 || !date_ok(s)) {
		form_error(f, field, "Use a date like 2026-03-14.");
		return NULL;
	}
	return s;
}

const char *
form_datetime(struct form *f, const char *field, int flags)
{
	const char *s = form_text(f, field, flags | V_NULLABLE, 40);
	if (s == NULL)
		return NULL;
	/* YYYY-MM-DDTHH:MM[:SS[.frac]][Z|±HH:MM] */
	size_t n = strlen(s);
	int ok = n >= 16 && date_ok(s) && (s[10] == 'T' || s[10] == ' ') && digits_at(s + 11, 2) &&
	    s[13] == ':' && digits_at(s + 14, 2) && atoi(s + 11) < 24 && atoi(s + 14) < 60;
	size_t i = 16;
	if (ok && i < n && s[i] == ':') {
		ok = digits_at(s + i + 1, 2) && atoi(s + i + 1) < 60;
		i += 3;
		if (ok && i < n && s[i] == '.') {
			i++;
			while (i < n && isdigit((unsigned char)s[i]))
				i++;
		}
	}
	int has_offset = 0;
	if (ok && i < n) {
		has_offset = 1;
		if (s[i] == 'Z' && i + 1 == n)
			i++;
		else if ((s[i] == '+' || s[i] == '-') && n - i == 6 && digits_at(s + i + 1, 2) && s[i + 3] == ':' &&
		    digits_at(s + i + 4, 2))
			i = n;
		else
			ok = 0;
	}
	if (!ok) {
		form_error(f, field, "Use a date and time like 2026-03-14T09:30.");
		return NULL;
	}
	/* Without an offset (a browser's datetime-local) the time is the
	 * company's: the responder's TZ (view_init). Stored as UTC. */
	if (!has_offset) {
		const char *utc = valid_local_to_utc(f->r->arena, s);
		json_object_object_add(f->out, field, json_object_new_string(utc));
		return utc;
	}
	return s;
}

const char *
valid_local_to_utc(struct arena *a, const char *s)
{
	struct tm tm;
	memset(&tm, 0, sizeof(tm));
	int sec = 0;
	if (sscanf(s, "%4d-%2d-%2d%*c%2d:%2d:%2d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &tm.tm_hour,
	    &tm.tm_min, &sec) < 5)
		return s;
	tm.tm_sec = sec;
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	tm.tm_isdst = -1;
	time_t t = mktime(&tm);
	struct tm u;
	gmtime_r(&t, &u);
	return arena_printf(a, "%04d-%02d-%02dT%02d:%02d:%02dZ", u.tm_year + 1900, u.tm_mon + 1, u.tm_mday,
	    u.tm_hour, u.tm_min, u.tm_sec);
}

const char *
valid_utc_to_local_input(struct arena *a, const char *utc)
{
	struct tm tm;
	memset(&tm, 0, sizeof(tm));
	if (utc == NULL || sscanf(utc, "%4d-%2d-%2dT%2d:%2d:%2d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday,
	    &tm.tm_hour, &tm.tm_min, &tm.tm_sec) != 6)
		return utc;
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	time_t t = timegm(&tm);
	struct tm l;
	localtime_r(&t, &l);
	return arena_printf(a, "%04d-%02d-%02dT%02d:%02d", l.tm_year + 1900, l.tm_mon + 1, l.tm_mday,
	    l.tm_hour, l.tm_min);
}

/* Quote one element for a PostgreSQL array literal. */
static void
pg_array_item(struct buf *b, const char *s)
{
	buf_putc(b, '"');
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			buf_putc(b, '\\');
		buf_putc(b, *s);
	}
	buf_putc(b, '"');
}

char *
valid_pg_array(struct arena *a, json_object *arr)
{
	struct buf b;
	buf_init(&b);
	buf_putc(&b, '{');
	size_t n = arr ? json_object_array_length(arr) : 0;
	for (size_t i = 0; i < n; i++) {
		if (i)
			buf_putc(&b, ',');
		pg_array_item(&b, json_object_get_string(json_object_array_get_idx(arr, i)));
	}
	buf_putc(&b, '}');
	char *s = arena_strdup(a, b.data);
	buf_free(&b);
	return s;
}

const char *
form_list(struct form *f, const char *field, size_t max_items, size_t maxlen)
{
	int sent;
	json_object *v = raw(f, field, &sent);
	json_object *items = json_object_new_array();
	int bad = 0;
	if (v != NULL && json_object_is_type(v, json_type_array)) {
		size_t n = json_object_array_length(v);
		for (size_t i = 0; i < n; i++) {
			json_object *e = json_object_array_get_idx(v, i);
			if (!json_object_is_type(e, json_type_string)) {
				bad = 1;
				break;
			}
			char *t = valid_trim(f->r->arena, json_object_get_string(e));
			if (*t)
				json_object_array_add(items, json_object_new_string(t));
		}
	} else if (v != NULL && json_object_is_type(v, json_type_string)) {
		char *s = arena_strdup(f->r->arena, json_object_get_string(v)), *save = NULL;
		for (char *tok = strtok_r(s, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
			char *t = valid_trim(f->r->arena, tok);
			if (*t)
				json_object_array_add(items, json_object_new_string(t));
		}
	} else if (v != NULL) {
		bad = 1;
	}
	size_t n = json_object_array_length(items);
	for (size_t i = 0; i < n && !bad; i++) {
		const char *t = json_object_get_string(json_object_array_get_idx(items, i));
		if (!utf8_text_ok(t, strlen(t)) || utf8_chars(t) > maxlen)
			bad = 1;
	}
	if (bad || n > max_items) {
		char msg[96];
		snprintf(msg, sizeof(msg), "A list of at most %zu items of at most %zu characters each.", max_items, maxlen);
		form_error(f, field, msg);
		json_object_put(items);
		return NULL;
	}
	char *lit = valid_pg_array(f->r->arena, items);
	json_object_object_add(f->out, field, items);
	return lit;
}

/* The version an entity tag names: 5 from "5", W/"5", "v5-<hash>" or
 * W/"v5-<hash>" (resp_etag's record tags); 0 if it names none. *p moves
 * past the tag. */
static long
etag_version(const char **p)
{
	const char *s = *p;
	if (strncmp(s, "W/", 2) == 0)
		s += 2;
	if (*s++ != '"')
		return 0;
	const char *end = strchr(s, '"');
	if (end == NULL)
		return 0;
	*p = end + 1;
	if (*s == 'v')
		s++;
	char *stop;
	long n = isdigit((unsigned char)*s) ? strtol(s, &stop, 10) : 0;
	if (n <= 0 || n >= 2147483647 || stop - s > 10)
		return 0;
	/* digits alone, or a record tag's "-<hash>" after them (resp_etag:
	 * 16 lower-case hex digits) */
	if (stop == end || (*stop == '-' && s[-1] == 'v' && end - stop == 17 &&
	    strspn(stop + 1, "0123456789abcdef") == 16))
		return n;
	return 0;
}

/* If-Match: a list of entity tags that all name one version (a bare
 * number is taken too, as earlier clients sent it). */
static int
if_match_version(const char *s)
{
	long version = 0;
	while (*s == ' ' || *s == '\t')
		s++;
	if (strcmp(s, "*") == 0)
		return 0;                            /* "exists": no version read */
	if (*s != '\0' && strspn(s, "0123456789") == strlen(s)) {
		long n = strlen(s) <= 10 ? strtol(s, NULL, 10) : 0;
		return (n > 0 && n < 2147483647) ? (int)n : FORM_VERSION_BAD;
	}
	for (;;) {
		long n = etag_version(&s);
		if (n == 0 || (version != 0 && n != version))
			return FORM_VERSION_BAD;
		version = n;
		while (*s == ' ' || *s == '\t')
			s++;
		if (*s == '\0')
			return (int)version;
		if (*s++ != ',')
			return FORM_VERSION_BAD;
		while (*s == ' ' || *s == '\t')
			s++;
	}
}

int
form_version(struct form *f)
{
	json_object *v = NULL;
	const char *s = NULL;
	form_allow(f, "version");
	if (json_object_object_get_ex(f->in, "version", &v) && v != NULL)
		s = json_object_get_string(v);
	if (s == NULL || *s == '\0') {
		const char *im = req_header(f->r, "HTTP_IF_MATCH");
		return im != NULL ? if_match_version(im) : 0;
	}
	/* The field: a positive number, as a JSON number or text. */
	char *end;
	s = valid_trim(f->r->arena, s);
	long n = strtol(s, &end, 10);
	return (*end == '\0' && n > 0 && n < 2147483647) ? (int)n : 0;
}

const char *
form_get(const struct form *f, const char *field)
{
	json_object *v = NULL;
	if (!json_object_object_get_ex(f->out, field, &v) || v == NULL)
		return NULL;
	if (json_object_is_type(v, json_type_boolean))
		return json_object_get_boolean(v) ? "true" : "false";
	return json_object_get_string(v);
}
