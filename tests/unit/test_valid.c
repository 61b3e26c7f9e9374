/* test_valid: field checks at the boundary (lib/valid.c). Input comes as
 * a JSON body (r->json) or as form fields (r->form), as req_parse would
 * leave it. */
#include "fixtures.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "valid.h"

/* A fresh request whose body is this JSON, and a form over it. */
static struct form *
json_form(struct fx *x, const char *json, const char *base)
{
	fx_fresh_reset(x);
	x->r.json = json_tokener_parse(json);
	assert_non_null(x->r.json);
	json_object *b = NULL;
	if (base != NULL) {
		b = json_tokener_parse(base);
		assert_non_null(b);
		x->r.data = b;                   /* owned by the request, freed by req_cleanup */
	}
	form_begin(&x->f, &x->r, b);
	return &x->f;
}

/* A fresh request whose body was a form with these key/value pairs. */
static struct form *
web_form(struct fx *x, const char *const *kv)
{
	fx_fresh_reset(x);
	for (size_t i = 0; kv[i] != NULL; i += 2)
		kv_add(x->a, &x->r.form, kv[i], kv[i + 1]);
	form_begin(&x->f, &x->r, NULL);
	return &x->f;
}

static const char *
err(struct fx *x, const char *field)
{
	json_object *v;
	if (x->r.errors == NULL || !json_object_object_get_ex(x->r.errors, field, &v))
		return NULL;
	return json_object_get_string(v);
}

/* Text is trimmed; required and empty (or blank) is an error; maxlen
 * refuses longer values. */
static void
text_trim_required_maxlen(void **state)
{
	struct fx *x = *state;
	struct form *f = json_form(x, "{\"name\":\"  Ann Lee \\t\\n\",\"blank\":\"   \",\"long\":\"abcdef\"}", NULL);
	assert_string_equal(form_text(f, "name", V_REQUIRED, 200), "Ann Lee");
	assert_string_equal(form_get(f, "name"), "Ann Lee");
	assert_null(form_text(f, "blank", V_REQUIRED, 10));
	assert_string_equal(err(x, "blank"), "Required.");
	assert_null(form_text(f, "missing", V_REQUIRED, 10));
	assert_string_equal(err(x, "missing"), "Required.");
	assert_null(form_text(f, "long", 0, 5));
	assert_string_equal(err(x, "long"), "At most 5 characters.");
	assert_string_equal(form_text(f, "long", 0, 6), "abcdef");
	assert_int_equal(f->nerr, 3);
	assert_false(form_ok(f));
}

/* maxlen counts characters, not bytes. */
static void
text_maxlen_in_characters(void **state)
{
	struct fx *x = *state;
	/* 5 characters, 10 bytes; and 3 characters, 12 bytes */
	struct form *f = json_form(x, "{\"a\":\"\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\","
	    "\"b\":\"\xf0\x9f\x8f\xa0\xf0\x9f\x8f\xa0\xf0\x9f\x8f\xa0\"}", NULL);
	assert_non_null(form_text(f, "a", 0, 5));
	assert_null(form_text(f, "a", 0, 4));
	assert_non_null(form_text(f, "b", 0, 3));
	assert_null(form_text(f, "b", 0, 2));
	assert_int_equal(f->nerr, 2);
}

/* Optional and empty: "" normally, JSON null with V_NULLABLE. */
static void
text_optional_and_nullable(void **state)
{
	struct fx *x = *state;
	struct form *f = json_form(x, "{\"a\":\"\",\"b\":\"  \"}", NULL);
	assert_string_equal(form_text(f, "a", 0, 10), "");
	assert_string_equal(form_get(f, "a"), "");
	assert_null(form_text(f, "b", V_NULLABLE, 10));
	assert_null(form_get(f, "b"));
	json_object *v = (json_object *)1;
	assert_true(json_object_object_get_ex(f->out, "b", &v));
	assert_null(v);                                        /* present, as null */
	assert_null(form_text(f, "c", V_NULLABLE, 10));
	assert_true(form_ok(f));
}

/* Objects, arrays and control characters (also smuggled in as JSON
 * escapes like \u0000) are refused with one message per field, and the
 * refused field gives NULL (not "") even when optional. */
static void
text_refusals(void **state)
{
	struct fx *x = *state;
	struct form *f = json_form(x,
	    "{\"obj\":{\"a\":1},\"arr\":[\"x\"],\"nul\":\"a\\u0000b\",\"esc\":\"\\u001b[31m\",\"bell\":\"\\u0007\","
	    "\"ok\":\"tab\\tand\\nnewline\"}", NULL);
	assert_null(form_text(f, "obj", V_REQUIRED, 10));
	assert_string_equal(err(x, "obj"), "Must be a single value.");
	assert_null(form_text(f, "arr", 0, 10));
	assert_string_equal(err(x, "arr"), "Must be a single value.");
	assert_null(form_text(f, "nul", 0, 10));
	assert_string_equal(err(x, "nul"), "Contains characters that are not allowed.");
	assert_null(form_text(f, "esc", 0, 10));
	assert_non_null(err(x, "esc"));
	assert_null(form_text(f, "bell", V_REQUIRED, 10));
	assert_string_equal(err(x, "bell"), "Contains characters that are not allowed.");
	assert_string_equal(form_text(f, "ok", 0, 100), "tab\tand\nnewline");
	assert_int_equal(f->nerr, 5);                          /* one each, no extra "Required." */
}

/* Email: one @, something before it, a dot in the domain, no spaces or
 * list separators. */
static void
email(void **state)
{
	struct fx *x = *state;
	const char *good[] = { "ann@example.com", "a.b+tag@sub.example.co.uk", "x@y.io" };
	const char *bad[] = { "ann", "ann@example", "@example.com", "ann@@example.com", "a@b@c.com",
	                      "ann@example.", "ann@.com", "ann lee@example.com", "<ann@example.com>",
	                      "ann@example.com,bob@example.com", "ann@example.com;" };
	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++)
		assert_true(valid_email(good[i]));
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_false(valid_email(bad[i]));
	struct form *f = json_form(x, "{\"e\":\" ann@example.com \",\"bad\":\"ann@example\",\"none\":\"\"}", NULL);
	assert_string_equal(form_email(f, "e", V_REQUIRED), "ann@example.com");
	assert_null(form_email(f, "bad", 0));
	assert_string_equal(err(x, "bad"), "Enter an email address like name@example.com.");
	assert_string_equal(form_email(f, "none", 0), "");
	assert_null(form_email(f, "none", V_REQUIRED));
	assert_int_equal(f->nerr, 2);
}

/* Phone: digits and + - ( ) . / x ext and spaces; at least 5 digits. */
static void
phone(void **state)
{
	struct fx *x = *state;
	struct form *f = json_form(x,
	    "{\"a\":\"+1 (555) 010-9999 ext. 12\",\"b\":\"555.0100\",\"short\":\"12-34\","
	    "\"letters\":\"555-CALL-NOW\",\"script\":\"555<0100>\",\"empty\":\"\"}", NULL);
	assert_string_equal(form_phone(f, "a", 0), "+1 (555) 010-9999 ext. 12");
	assert_string_equal(form_phone(f, "b", 0), "555.0100");
	assert_null(form_phone(f, "short", 0));
	assert_string_equal(err(x, "short"), "Too short for a phone number.");
	assert_null(form_phone(f, "letters", 0));
	assert_string_equal(err(x, "letters"), "Use digits, spaces and + - ( ) only.");
	assert_null(form_phone(f, "script", 0));
	assert_string_equal(form_phone(f, "empty", 0), "");
	assert_int_equal(f->nerr, 3);
}

/* Enum: one of the choices exactly (case matters); the default when
 * absent (but not when refused); the error lists the choices. */
static void
enumeration(void **state)
{
	struct fx *x = *state;
	static const char *const kinds[] = { "residential", "commercial", NULL };
	struct form *f = json_form(x, "{\"a\":\"commercial\",\"b\":\"Commercial\",\"c\":\"\",\"arr\":[\"commercial\"]}", NULL);
	const char *v = form_enum(f, "a", 0, kinds, "residential");
	assert_ptr_equal(v, kinds[1]);                         /* the table's own string */
	assert_null(form_enum(f, "b", 0, kinds, "residential"));
	assert_string_equal(err(x, "b"), "Choose one of: residential, commercial.");
	assert_string_equal(form_enum(f, "c", 0, kinds, "residential"), "residential");
	assert_string_equal(form_get(f, "c"), "residential");
	assert_string_equal(form_enum(f, "absent", 0, kinds, "residential"), "residential");
	assert_null(form_enum(f, "absent2", V_REQUIRED, kinds, NULL));
	assert_string_equal(err(x, "absent2"), "Required.");
	assert_null(form_enum(f, "arr", 0, kinds, "residential"));   /* refused, not the default */
	assert_string_equal(err(x, "arr"), "Must be a single value.");
	assert_int_equal(f->nerr, 3);
}

/* Integers: strings (trimmed) and JSON ints within [min, max]; floats,
 * junk, overflow and out-of-range values are refused; absent is no error
 * unless required. */
static void
integers(void **state)
{
	struct fx *x = *state;
	struct form *f = json_form(x,
	    "{\"s\":\"42\",\"sp\":\" 7 \",\"j\":5,\"neg\":\"-5\",\"zero\":\"0\",\"big\":\"101\","
	    "\"junk\":\"12x\",\"frac\":\"1.5\",\"dbl\":1.5,\"bool\":true,\"huge\":\"99999999999999999999\","
	    "\"empty\":\"\"}", NULL);
	int ok;
	assert_int_equal(form_int(f, "s", 0, 1, 100, &ok), 42);
	assert_true(ok);
	assert_string_equal(form_get(f, "s"), "42");
	assert_int_equal(form_int(f, "sp", 0, 1, 100, &ok), 7);
	assert_true(ok);
	assert_int_equal(form_int(f, "j", 0, 1, 100, &ok), 5);
	assert_true(ok);
	assert_int_equal(form_int(f, "neg", 0, -10, 10, &ok), -5);
	assert_true(ok);
	form_int(f, "zero", 0, 1, 100, &ok);
	assert_false(ok);
	assert_string_equal(err(x, "zero"), "Must be between 1 and 100.");
	form_int(f, "big", 0, 1, 100, &ok);
	assert_false(ok);
	const char *bad[] = { "junk", "frac", "dbl", "bool", "huge" };
	for (size_t i = 0; i < 5; i++) {
		form_int(f, bad[i], 0, 0, 1000, &ok);
		assert_false(ok);
		assert_non_null(err(x, bad[i]));
	}
	assert_string_equal(err(x, "junk"), "Must be a whole number.");
	form_int(f, "absent", 0, 0, 10, &ok);
	assert_false(ok);
	assert_null(err(x, "absent"));
	assert_null(form_get(f, "absent"));
	form_int(f, "empty", V_REQUIRED, 0, 10, &ok);
	assert_false(ok);
	assert_string_equal(err(x, "empty"), "Required.");
	assert_int_equal(f->nerr, 8);
}

/* Booleans: on/1/true/yes and JSON true are true, anything else false;
 * an unchecked (absent) box is false. */
static void
booleans(void **state)
{
	struct fx *x = *state;
	static const char *const kv[] = { "a", "on", "b", "1", "c", "true", "d", "yes", "e", "off",
	                                  "f", "0", "g", "", "h", "false", "i", "ON", NULL };
	struct form *f = web_form(x, kv);
	const char *t[] = { "a", "b", "c", "d" }, *fl[] = { "e", "f", "g", "h", "i", "absent" };
	for (size_t i = 0; i < 4; i++) {
		assert_true(form_bool(f, t[i]));
		assert_string_equal(form_get(f, t[i]), "true");
	}
	for (size_t i = 0; i < 6; i++) {
		assert_false(form_bool(f, fl[i]));
		assert_string_equal(form_get(f, fl[i]), "false");
	}
	f = json_form(x, "{\"t\":true,\"f\":false}", NULL);
	assert_true(form_bool(f, "t"));
	assert_false(form_bool(f, "f"));
	assert_true(form_ok(f));
}

/* Dates: YYYY-MM-DD that exist; Feb 29 only in leap years (every 4th,
 * not centuries, but every 400th); empty is null unless required. */
static void
dates(void **state)
{
	struct fx *x = *state;
	const char *good[] = { "2024-02-29", "2000-02-29", "2026-04-30", "2026-12-31", "1900-01-01", "2026-01-01" };
	const char *bad[] = { "2023-02-29", "1900-02-29", "2100-02-29", "2026-02-30", "2026-04-31", "2026-13-01",
	                      "2026-00-10", "2026-01-00", "2026-1-01", "26-01-01", "2026/01/01", "1899-12-31",
	                      "2026-01-01x", "2026-01-01T10:00", "tomorrow", "2026-0a-01" };
	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		char json[64];
		snprintf(json, sizeof(json), "{\"d\":\"%s\"}", good[i]);
		struct form *f = json_form(x, json, NULL);
		const char *v = form_date(f, "d", 0);
		assert_non_null(v);
		assert_string_equal(v, good[i]);
		assert_true(form_ok(f));
	}
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		char json[64];
		snprintf(json, sizeof(json), "{\"d\":\"%s\"}", bad[i]);
		struct form *f = json_form(x, json, NULL);
		assert_null(form_date(f, "d", 0));
		assert_false(form_ok(f));
		assert_non_null(err(x, "d"));
	}
	struct form *f = json_form(x, "{\"d\":\"\"}", NULL);
	assert_null(form_date(f, "d", 0));
	assert_true(form_ok(f));
	assert_null(form_get(f, "d"));
	assert_null(form_date(f, "d", V_REQUIRED));
	assert_string_equal(err(x, "d"), "Required.");
	f = json_form(x, "{\"d\":\"2026-02-30\"}", NULL);
	form_date(f, "d", 0);
	assert_string_equal(err(x, "d"), "Use a date like 2026-03-14.");
}

/* Date-times with an offset (Z or ±HH:MM, with seconds and fractions
 * or not) are kept as sent; anything else is refused. */
static void
datetimes(void **state)
{
	struct fx *x = *state;
	const char *good[] = { "2026-03-14T09:30:15.123456Z", "2026-03-14T09:30:15+05:30", "2026-03-14T09:30-08:00",
	                       "2024-02-29T00:00Z", "2026-12-31T23:59:59Z", "2026-03-14 09:30Z" };
	const char *bad[] = { "2026-03-14", "2026-03-14T24:00", "2026-03-14T09:60", "2026-03-14T09:30:60",
	                      "2026-03-14T9:30", "2026-03-14T09:30Zx", "2026-03-14T09:30+0530", "2023-02-29T10:00",
	                      "2026-03-14X09:30", "2026-03-14T09:30:1", "2026-03-14T09:30+05", "2026-03-14T09:30 PM",
	                      "2026-03-14T09:30:15Z+01:00", "now" };
	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		char json[96];
		snprintf(json, sizeof(json), "{\"t\":\"%s\"}", good[i]);
		struct form *f = json_form(x, json, NULL);
		const char *v = form_datetime(f, "t", V_REQUIRED);
		assert_non_null(v);
		assert_string_equal(v, good[i]);
		assert_string_equal(form_get(f, "t"), good[i]);
		assert_true(form_ok(f));
	}
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		char json[96];
		snprintf(json, sizeof(json), "{\"t\":\"%s\"}", bad[i]);
		struct form *f = json_form(x, json, NULL);
		assert_null(form_datetime(f, "t", 0));
		assert_false(form_ok(f));
	}
	struct form *f = json_form(x, "{\"t\":\"2026-03-14T25:00\"}", NULL);
	form_datetime(f, "t", 0);
	assert_string_equal(err(x, "t"), "Use a date and time like 2026-03-14T09:30.");
}

/* A date-time without an offset (the browser's datetime-local) is in
 * the company's zone (TZ) and comes back, and goes to out, as UTC: in
 * Chicago 09:30 is 15:30Z in winter (CST) and 14:30Z once daylight
 * saving has begun (8 March 2026). */
static void
datetimes_local_to_utc(void **state)
{
	struct fx *x = *state;
	static const struct { const char *in, *utc; } t[] = {
		{ "2026-01-15T09:30", "2026-01-15T15:30:00Z" },
		{ "2026-03-14T09:30", "2026-03-14T14:30:00Z" },
		{ "2026-03-14 09:30:15", "2026-03-14T14:30:15Z" },
		{ "2026-12-31T23:30", "2027-01-01T05:30:00Z" },
	};
	setenv("TZ", "America/Chicago", 1);
	tzset();
	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		char json[96];
		snprintf(json, sizeof(json), "{\"t\":\"%s\"}", t[i].in);
		struct form *f = json_form(x, json, NULL);
		assert_string_equal(form_datetime(f, "t", 0), t[i].utc);
		assert_string_equal(form_get(f, "t"), t[i].utc);
		assert_true(form_ok(f));
	}
	/* and back for <input type=datetime-local> */
	assert_string_equal(valid_utc_to_local_input(x->a, "2026-11-23T21:53:52Z"), "2026-11-23T15:53");
	assert_string_equal(valid_utc_to_local_input(x->a, "2026-07-01T12:00:00Z"), "2026-07-01T07:00");
	assert_string_equal(valid_local_to_utc(x->a, "2026-07-01T07:00"), "2026-07-01T12:00:00Z");
	assert_string_equal(valid_utc_to_local_input(x->a, "not a time"), "not a time");
	assert_null(valid_utc_to_local_input(x->a, NULL));
	assert_string_equal(valid_local_to_utc(x->a, "garbage"), "garbage");
	setenv("TZ", "UTC", 1);
	tzset();
	struct form *f = json_form(x, "{\"t\":\"2026-03-14T09:30\"}", NULL);
	assert_string_equal(form_datetime(f, "t", 0), "2026-03-14T09:30:00Z");
}

/* A list from a comma-separated form field: items trimmed, empties
 * dropped, as a PostgreSQL array literal and a JSON array in out. */
static void
list_from_comma_string(void **state)
{
	struct fx *x = *state;
	static const char *const kv[] = { "tags", " vip, north,, south ,", NULL };
	struct form *f = web_form(x, kv);
	assert_string_equal(form_list(f, "tags", 10, 20), "{\"vip\",\"north\",\"south\"}");
	json_object *out;
	assert_true(json_object_object_get_ex(f->out, "tags", &out));
	assert_string_equal(json_object_to_json_string_ext(out, JSON_C_TO_STRING_PLAIN), "[\"vip\",\"north\",\"south\"]");
	assert_true(form_ok(f));
}

/* A list from a JSON array: quotes and backslashes are escaped for the
 * array literal, commas and braces inside items stay inside their item. */
static void
list_from_json_array(void **state)
{
	struct fx *x = *state;
	struct form *f = json_form(x,
	    "{\"tags\":[\"say \\\"hi\\\"\",\"back\\\\slash\",\" a,b \",\"{}\",\"\",\"NULL\"],\"none\":[]}", NULL);
	assert_string_equal(form_list(f, "tags", 10, 20),
	    "{\"say \\\"hi\\\"\",\"back\\\\slash\",\"a,b\",\"{}\",\"NULL\"}");
	assert_string_equal(form_list(f, "none", 10, 20), "{}");
	assert_string_equal(form_list(f, "absent", 10, 20), "{}");
	assert_true(form_ok(f));
	json_object *arr = json_tokener_parse("[\"x\\\"\",\"y\"]");
	assert_string_equal(valid_pg_array(x->a, arr), "{\"x\\\"\",\"y\"}");
	json_object_put(arr);
	assert_string_equal(valid_pg_array(x->a, NULL), "{}");
}

/* Lists refused: too many items, an item too long (in characters), an
 * item that is not a string, an object, control characters. */
static void
list_refusals(void **state)
{
	struct fx *x = *state;
	struct form *f = json_form(x,
	    "{\"many\":[\"a\",\"b\",\"c\"],\"long\":[\"abcde\"],\"chars\":[\"\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\"],"
	    "\"num\":[\"a\",1],\"obj\":{\"a\":\"b\"},\"ctl\":[\"a\\u0001\"],\"str\":\"a,b,c\"}", NULL);
	assert_null(form_list(f, "many", 2, 10));
	assert_string_equal(err(x, "many"), "A list of at most 2 items of at most 10 characters each.");
	assert_null(form_list(f, "long", 5, 4));
	assert_non_null(form_list(f, "chars", 5, 4));          /* 4 characters, 8 bytes: fine */
	assert_null(form_list(f, "num", 5, 10));
	assert_null(form_list(f, "obj", 5, 10));
	assert_null(form_list(f, "ctl", 5, 10));
	assert_null(form_list(f, "str", 2, 10));               /* 3 items from the string */
	assert_int_equal(f->nerr, 6);
}

/* The version read: field "version" (string or number), else If-Match
 * (3, "3" or W/"3"); 0 when none or not a positive number. */
static void
version(void **state)
{
	struct fx *x = *state;
	struct form *f = json_form(x, "{\"version\":3}", NULL);
	assert_int_equal(form_version(f), 3);
	static const char *const kv[] = { "version", "4", NULL };
	f = web_form(x, kv);
	assert_int_equal(form_version(f), 4);
	const char *im[] = { "5", "\"5\"", "W/\"5\"" };
	for (size_t i = 0; i < 3; i++) {
		f = json_form(x, "{}", NULL);
		kv_add(x->a, &x->r.headers, "HTTP_IF_MATCH", im[i]);
		assert_int_equal(form_version(f), 5);
	}
	f = json_form(x, "{\"version\":\"6\"}", NULL);           /* the field wins */
	kv_add(x->a, &x->r.headers, "HTTP_IF_MATCH", "7");
	assert_int_equal(form_version(f), 6);
	f = json_form(x, "{\"version\":\"\"}", NULL);            /* empty field: If-Match */
	kv_add(x->a, &x->r.headers, "HTTP_IF_MATCH", "8");
	assert_int_equal(form_version(f), 8);
	const char *none[] = { "{}", "{\"version\":0}", "{\"version\":\"abc\"}", "{\"version\":null}",
	                       "{\"version\":\"99999999999\"}" };
	for (size_t i = 0; i < sizeof(none) / sizeof(none[0]); i++) {
		f = json_form(x, none[i], NULL);
		assert_int_equal(form_version(f), 0);
	}
}

/* If-Match takes back what GET sent: a record's W/"v<version>-<hash>"
 * (resp_etag: the hash is 16 lower-case hex digits), weak or strong, and
 * "<version>"; a list naming one version.
 * Anything else names no version: FORM_VERSION_BAD (412), never a number
 * picked out of the text (W/"31247732a55e1ab7", a body hash, once read as
 * version 31247732). "*" and absence are "no version" (0). */
static void
version_from_etag(void **state)
{
	struct fx *x = *state;
	const char *good[] = { "W/\"v12-31247732a55e1ab7\"", "\"v12-31247732a55e1ab7\"", "\"12\"", "W/\"12\"",
	                       " \"12\" ", "\"12\", W/\"v12-00ff00ff00ff00ff\"", "12" };
	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		struct form *f = json_form(x, "{}", NULL);
		kv_add(x->a, &x->r.headers, "HTTP_IF_MATCH", good[i]);
		assert_int_equal(form_version(f), 12);
	}
	const char *bad[] = { "W/\"31247732a55e1ab7\"", "garbage", "\"abc\"", "W/\"v-3\"", "\"12", "\"12-ab\"",
	                      "\"v12-ab\" junk", "\"12\", \"13\"", "\"0\"", "\"v99999999999-ab\"", "W/",
	                      "\"12\",", "99999999999", "", "W/\"v12-00ff\"", "\"v5-x\"", "\"v5-\"",
	                      "\"v12-31247732A55E1AB7\"" };
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct form *f = json_form(x, "{}", NULL);
		kv_add(x->a, &x->r.headers, "HTTP_IF_MATCH", bad[i]);
		assert_int_equal(form_version(f), FORM_VERSION_BAD);
	}
	struct form *f = json_form(x, "{}", NULL);
	kv_add(x->a, &x->r.headers, "HTTP_IF_MATCH", "*");
	assert_int_equal(form_version(f), 0);
	f = json_form(x, "{\"version\":4}", NULL);                /* the field wins over a bad header */
	kv_add(x->a, &x->r.headers, "HTTP_IF_MATCH", "garbage");
	assert_int_equal(form_version(f), 4);
}

/* A JSON body's keys that no form_* call read are refused by form_ok, each
 * by name: unknown ones ("nmae") and, on a PATCH, read-only ones of the
 * record sent with another value. version, _method, _csrf, fields a form
 * allowed, and read-only fields echoed unchanged pass. */
static void
unknown_fields(void **state)
{
	struct fx *x = *state;
	struct form *f = json_form(x, "{\"name\":\"x\",\"nmae\":\"y\",\"colour\":1,\"version\":2,"
	    "\"_csrf\":\"t\",\"_method\":\"PATCH\",\"scopes\":[]}", NULL);
	form_text(f, "name", V_REQUIRED, 10);
	form_allow(f, "scopes");
	assert_false(form_ok(f));
	assert_int_equal(f->nerr, 2);
	assert_string_equal(err(x, "nmae"), "Unknown field.");
	assert_string_equal(err(x, "colour"), "Unknown field.");
	assert_null(err(x, "name"));
	assert_null(err(x, "version"));
	assert_null(err(x, "scopes"));
	assert_false(form_ok(f));                                /* asked again: reported once */
	assert_int_equal(f->nerr, 2);

	const char *base = "{\"id\":7,\"name\":\"Old\",\"created_at\":\"2026-01-02T03:04:05Z\",\"version\":3}";
	f = json_form(x, "{\"id\":7,\"name\":\"New\",\"created_at\":\"2026-01-02T03:04:05Z\",\"version\":3}", base);
	form_text(f, "name", V_REQUIRED, 10);
	assert_true(form_ok(f));                                 /* a GET sent back, changed where it may be */
	f = json_form(x, "{\"id\":8,\"name\":\"New\"}", base);
	form_text(f, "name", V_REQUIRED, 10);
	assert_false(form_ok(f));
	assert_string_equal(err(x, "id"), "Read-only.");
	/* a handler's own message for a field wins over the generic one */
	f = json_form(x, "{\"email\":\"a@b.cd\"}", NULL);
	form_error(f, "email", "Cannot be changed.");
	assert_false(form_ok(f));
	assert_int_equal(f->nerr, 1);
	assert_string_equal(err(x, "email"), "Cannot be changed.");
}

/* HTML forms are not checked: browsers send submit buttons and helpers. */
static void
unknown_fields_form_body(void **state)
{
	struct fx *x = *state;
	static const char *const kv[] = { "name", "x", "commit", "Save", NULL };
	struct form *f = web_form(x, kv);
	form_text(f, "name", V_REQUIRED, 10);
	assert_true(form_ok(f));
}

/* PATCH: fields not sent keep the current record's values (text, email,
 * bool, int, list); a field sent as null is cleared; without a base the
 * same input leaves them empty. */
static void
patch_base_semantics(void **state)
{
	struct fx *x = *state;
	const char *base = "{\"name\":\"Old\",\"email\":\"old@example.com\",\"phone\":\"555-0100\","
	    "\"active\":true,\"n\":5,\"tags\":[\"a\",\"b\"],\"due\":\"2026-01-02\"}";
	const char *in = "{\"name\":\" New \",\"phone\":null,\"due\":null}";
	struct form *f = json_form(x, in, base);
	int ok;
	assert_string_equal(form_text(f, "name", V_REQUIRED, 100), "New");
	assert_string_equal(form_email(f, "email", 0), "old@example.com");
	assert_string_equal(form_phone(f, "phone", 0), "");
	assert_null(form_date(f, "due", 0));
	assert_true(form_bool(f, "active"));
	assert_int_equal(form_int(f, "n", 0, 0, 10, &ok), 5);
	assert_true(ok);
	assert_string_equal(form_list(f, "tags", 5, 10), "{\"a\",\"b\"}");
	assert_true(form_ok(f));
	assert_string_equal(form_get(f, "email"), "old@example.com");
	assert_null(form_get(f, "due"));

	f = json_form(x, in, NULL);
	assert_string_equal(form_email(f, "email", 0), "");
	assert_false(form_bool(f, "active"));
	form_int(f, "n", 0, 0, 10, &ok);
	assert_false(ok);
	assert_string_equal(form_list(f, "tags", 5, 10), "{}");
	/* and a required field the PATCH leaves out is still satisfied by the base */
	f = json_form(x, "{}", base);
	assert_string_equal(form_text(f, "name", V_REQUIRED, 100), "Old");
	assert_true(form_ok(f));
}

/* Every bad field is reported, not the first only. */
static void
all_errors_collected(void **state)
{
	struct fx *x = *state;
	struct form *f = json_form(x, "{\"name\":\"\",\"email\":\"nope\",\"n\":\"x\",\"d\":\"2026-02-31\"}", NULL);
	int ok;
	form_text(f, "name", V_REQUIRED, 10);
	form_email(f, "email", 0);
	form_int(f, "n", 0, 0, 10, &ok);
	form_date(f, "d", 0);
	form_error(f, "custom", "Handler's own check.");
	assert_int_equal(f->nerr, 5);
	assert_false(form_ok(f));
	assert_int_equal(json_object_object_length(x->r.errors), 5);
	assert_string_equal(err(x, "custom"), "Handler's own check.");
}

/* valid_trim: leading and trailing whitespace of every kind goes. */
static void
trim(void **state)
{
	struct fx *x = *state;
	assert_string_equal(valid_trim(x->a, " \t\r\n a b \n\t "), "a b");
	assert_string_equal(valid_trim(x->a, "   "), "");
	assert_string_equal(valid_trim(x->a, ""), "");
	assert_string_equal(valid_trim(x->a, "x"), "x");
}

#define T(fn) FX_TEST(fn)

int
main(void)
{
	setenv("TZ", "UTC", 1);             /* the company's zone, until a test says otherwise */
	tzset();
	const struct CMUnitTest tests[] = {
		T(text_trim_required_maxlen),
		T(text_maxlen_in_characters),
		T(text_optional_and_nullable),
		T(text_refusals),
		T(email),
		T(phone),
		T(enumeration),
		T(integers),
		T(booleans),
		T(dates),
		T(datetimes),
		T(datetimes_local_to_utc),
		T(list_from_comma_string),
		T(list_from_json_array),
		T(list_refusals),
		T(version),
		T(version_from_etag),
		T(unknown_fields),
		T(unknown_fields_form_body),
		T(patch_base_semantics),
		T(all_errors_collected),
		T(trim),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
