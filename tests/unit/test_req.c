/* test_req: reading a request from a CGI environment and a body
 * (lib/req.c, lib/multipart.c). The body comes from a string, handed
 * over a few bytes at a time like a slow FastCGI stream. */
#include "fixtures.h"
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "config.h"
#include "crypto.h"
#include "req.h"

struct src { const char *p; size_t n, off, chunk; };

static long
read_src(void *ctx, char *dst, size_t n)
{
	struct src *s = ctx;
	size_t k = s->n - s->off;
	if (k > n)
		k = n;
	if (k > s->chunk)
		k = s->chunk;
	memcpy(dst, s->p + s->off, k);
	s->off += k;
	return (long)k;
}

/* f->dir: the spool directory for multipart (arena_free removes the
 * spool files, fx_teardown the directory). */
static int
setup(void **state)
{
	if (fx_setup(state) != 0)
		return -1;
	struct fx *f = *state;
	return fx_tmpdir(f->dir, sizeof(f->dir), "req");
}

static int
teardown(void **state)
{
	config_clear();
	return fx_teardown(state);
}

/* Files left in the spool directory. */
static int
spool_count(const char *dir)
{
	DIR *d = opendir(dir);
	int n = 0;
	struct dirent *e;
	while ((e = readdir(d)) != NULL)
		if (e->d_name[0] != '.')
			n++;
	closedir(d);
	return n;
}

/* Parse with an environment and a body (NULL: none). */
static enum herr
parse(struct fx *f, char **env, const char *body, size_t n)
{
	struct src s = { body ? body : "", body ? n : 0, 0, 7 };
	return req_parse(&f->r, env, read_src, &s, f->dir);
}

static enum herr
parse_query(struct fx *f, const char *qs)
{
	char q[512];
	snprintf(q, sizeof(q), "QUERY_STRING=%s", qs);
	char *env[] = { "REQUEST_METHOD=GET", "REQUEST_URI=/x", q, NULL };
	return parse(f, env, NULL, 0);
}

/* The basics from the environment: method, path from nginx's
 * DOCUMENT_URI, uri as sent, HTTP_* headers, https, client. */
static void
environment_basics(void **state)
{
	struct fx *f = *state;
	char *env[] = { "REQUEST_METHOD=PATCH", "DOCUMENT_URI=/customers/42",
	    "REQUEST_URI=/customers/42?x=1", "QUERY_STRING=x=1", "HTTPS=on", "REMOTE_ADDR=10.0.0.7",
	    "REQUEST_ID=abc123", "HTTP_IF_MATCH=W/\"3\"", "HTTP_USER_AGENT=curl/8", NULL };
	assert_int_equal(parse(f, env, NULL, 0), HE_OK);
	assert_int_equal(f->r.method, HM_PATCH);
	assert_string_equal(f->r.method_name, "PATCH");
	assert_string_equal(f->r.path, "/customers/42");
	assert_string_equal(f->r.uri, "/customers/42?x=1");
	assert_string_equal(req_header(&f->r, "HTTP_IF_MATCH"), "W/\"3\"");
	assert_string_equal(f->r.user_agent, "curl/8");
	assert_string_equal(f->r.client_ip, "10.0.0.7");
	assert_string_equal(f->r.request_id, "abc123");
	assert_true(f->r.https);
	assert_null(req_header(&f->r, "HTTP_ACCEPT"));
	assert_false(req_is_safe_method(f->r.method));
}

/* An unknown method is HM_OTHER; without DOCUMENT_URI the path is the
 * decoded REQUEST_URI without its query. */
static void
method_and_path_fallback(void **state)
{
	struct fx *f = *state;
	char *env[] = { "REQUEST_METHOD=BREW", "REQUEST_URI=/customers/a%20b/c?q=1", NULL };
	assert_int_equal(parse(f, env, NULL, 0), HE_OK);
	assert_int_equal(f->r.method, HM_OTHER);
	assert_string_equal(f->r.path, "/customers/a b/c");
	assert_false(f->r.https);
}

/* A path carrying %00 or a control character is refused. */
static void
bad_path_refused(void **state)
{
	struct fx *f = *state;
	char *env[] = { "REQUEST_URI=/customers/a%00b", NULL };
	assert_int_equal(parse(f, env, NULL, 0), HE_BAD_REQUEST);
	char *env2[] = { "DOCUMENT_URI=/a\x01", NULL };
	fx_fresh(f);
	assert_int_equal(parse(f, env2, NULL, 0), HE_BAD_REQUEST);
}

/* Query decoding: + is a space, %xx bytes (UTF-8 reassembled), ; as a
 * separator, a key without = has "", empty keys are dropped, the last of
 * a repeated key wins, malformed escapes stay literal. */
static void
query_decoding(void **state)
{
	struct fx *f = *state;
	assert_int_equal(parse_query(f,
	    "name=J%C3%B6rg+M%C3%BCller&plus=a%2Bb&empty=&flag&=orphan;k=1&k=2&pct=100%25&bad=%ZZ%4"),
	    HE_OK);
	assert_string_equal(req_query(&f->r, "name"), "J\xc3\xb6rg M\xc3\xbcller");
	assert_string_equal(req_query(&f->r, "plus"), "a+b");
	assert_string_equal(req_query(&f->r, "empty"), "");
	assert_string_equal(req_query(&f->r, "flag"), "");
	assert_string_equal(req_query(&f->r, "k"), "2");
	assert_string_equal(req_query(&f->r, "pct"), "100%");
	assert_string_equal(req_query(&f->r, "bad"), "%ZZ%4");
	assert_null(req_query(&f->r, ""));
	assert_null(req_query(&f->r, "missing"));
	assert_int_equal(f->r.query.n, 8);
}

/* %00, invalid UTF-8 and control characters in the query are a 400. */
static void
query_refusals(void **state)
{
	struct fx *f = *state;
	const char *bad[] = { "a=x%00y", "a%00=1", "a=%C3%28", "a=%C0%AF", "a=%ED%A0%80",
	                      "a=%FF", "a=%01", "a=%1B", "a=%7F" };
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		fx_fresh(f);
		assert_int_equal(parse_query(f, bad[i]), HE_BAD_REQUEST);
	}
	fx_fresh(f);
	assert_int_equal(parse_query(f, "a=line%0Anext%09tab"), HE_OK);   /* LF, tab: fine */
}

/* req_urldecode directly: plus handling is the caller's choice. */
static void
urldecode_plus_choice(void **state)
{
	struct fx *f = *state;
	assert_string_equal(req_urldecode(f->a, "a+b%20c", 7, 1), "a b c");
	assert_string_equal(req_urldecode(f->a, "a+b%20c", 7, 0), "a+b c");
	assert_string_equal(req_urldecode(f->a, "%41%4a%4A", 9, 0), "AJJ");
	assert_null(req_urldecode(f->a, "%00", 3, 0));
}

/* Cookies: pairs split on ';', quotes stripped, = inside a value kept,
 * nameless and =-less pieces ignored. */
static void
cookies(void **state)
{
	struct fx *f = *state;
	char *env[] = { "HTTP_COOKIE=a=1; b=\"two\"; c=x=y;d=;=bad; noeq;  e=5", NULL };
	assert_int_equal(parse(f, env, NULL, 0), HE_OK);
	assert_string_equal(req_cookie(&f->r, "a"), "1");
	assert_string_equal(req_cookie(&f->r, "b"), "two");
	assert_string_equal(req_cookie(&f->r, "c"), "x=y");
	assert_string_equal(req_cookie(&f->r, "d"), "");
	assert_string_equal(req_cookie(&f->r, "e"), "5");
	assert_null(req_cookie(&f->r, "noeq"));
	assert_int_equal(f->r.cookies.n, 5);
}

/* A urlencoded form body fills r->form (media type matched whatever its
 * case and parameters) and marks the request as from a form. */
static void
urlencoded_form(void **state)
{
	struct fx *f = *state;
	const char *body = "name=Ann+Lee&note=a%26b%3Dc&_csrf=tok&city=K%C3%B6ln";
	char len[48];
	snprintf(len, sizeof(len), "CONTENT_LENGTH=%zu", strlen(body));
	char *env[] = { "REQUEST_METHOD=POST", "CONTENT_TYPE=Application/X-WWW-Form-Urlencoded; charset=UTF-8",
	    len, NULL };
	assert_int_equal(parse(f, env, body, strlen(body)), HE_OK);
	assert_string_equal(f->r.content_type, "application/x-www-form-urlencoded");
	assert_true(f->r.from_form);
	assert_string_equal(kv_get(&f->r.form, "name"), "Ann Lee");
	assert_string_equal(kv_get(&f->r.form, "note"), "a&b=c");
	assert_string_equal(kv_get(&f->r.form, "city"), "K\xc3\xb6ln");
	assert_string_equal(kv_get(&f->r.form, "_csrf"), "tok");
	assert_null(f->r.json);
}

/* A form body with invalid UTF-8 is a 400 like the query. */
static void
urlencoded_form_bad_utf8(void **state)
{
	struct fx *f = *state;
	const char *body = "name=%E2%82";
	char *env[] = { "REQUEST_METHOD=POST", "CONTENT_TYPE=application/x-www-form-urlencoded",
	    "CONTENT_LENGTH=11", NULL };
	assert_int_equal(parse(f, env, body, strlen(body)), HE_BAD_REQUEST);
}

static enum herr
parse_json(struct fx *f, const char *ctype, const char *body, size_t n)
{
	char len[48], ct[96];
	snprintf(len, sizeof(len), "CONTENT_LENGTH=%zu", n);
	snprintf(ct, sizeof(ct), "CONTENT_TYPE=%s", ctype);
	char *env[] = { "REQUEST_METHOD=POST", ct, len, NULL };
	fx_fresh(f);
	return parse(f, env, body, n);
}

/* A JSON object body (also as merge-patch, with trailing whitespace)
 * becomes r->json. */
static void
json_object_body(void **state)
{
	struct fx *f = *state;
	const char *body = "{\"name\":\"Ann\",\"tags\":[\"a\"],\"n\":3} \r\n";
	assert_int_equal(parse_json(f, "application/json; charset=utf-8", body, strlen(body)), HE_OK);
	assert_non_null(f->r.json);
	json_object *v;
	assert_true(json_object_object_get_ex(f->r.json, "name", &v));
	assert_string_equal(json_object_get_string(v), "Ann");
	assert_false(f->r.from_form);
	assert_int_equal(parse_json(f, "application/merge-patch+json", "{}", 2), HE_OK);
	assert_non_null(f->r.json);
}

/* Refused JSON: not an object, trailing garbage, truncated, lenient
 * forms (trailing comma, True, 01), invalid
 * UTF-8 (a bad sequence, a raw surrogate, a NUL), nesting deeper than
 * 32, whitespace only. (Escapes like \u0000 decode to strings that
 * valid.c refuses per field: see test_valid.) */
static void
json_refusals(void **state)
{
	struct fx *f = *state;
	const char *bad[] = {
		"[1,2]", "\"text\"", "42", "null", "{} x", "{}{}", "{\"a\":",
		"{\"a\":1,}", "{\"a\":[1,]}", "{\"a\":True}", "{\"a\":01}",     /* not JSON (strict) */
		"{\"a\":\"\xc3\x28\"}", "{\"a\":\"\xed\xa0\x80\"}", "   ",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(parse_json(f, "application/json", bad[i], strlen(bad[i])), HE_BAD_REQUEST);
		assert_null(f->r.json);
	}
	char deep[400] = "";
	for (int i = 0; i < 40; i++)
		strcat(deep, "{\"a\":");
	strcat(deep, "1");
	for (int i = 0; i < 40; i++)
		strcat(deep, "}");
	assert_int_equal(parse_json(f, "application/json", deep, strlen(deep)), HE_BAD_REQUEST);
	/* A NUL inside the declared length. */
	assert_int_equal(parse_json(f, "application/json", "{\"a\":1}\0", 8), HE_BAD_REQUEST);
}

/* Content-Length over max_body is refused before the body is read;
 * exactly the limit is fine. */
static void
body_too_large(void **state)
{
	struct fx *f = *state;
	config_set("max_body", "100");
	char body[102];
	memset(body, 'a', sizeof(body));
	memcpy(body, "a=", 2);
	body[101] = '\0';
	assert_int_equal(parse_json(f, "application/x-www-form-urlencoded", body, 101), HE_TOO_LARGE);
	assert_int_equal(parse_json(f, "application/x-www-form-urlencoded", body, 100), HE_OK);
	assert_int_equal(strlen(kv_get(&f->r.form, "a")), 98);
}

/* A body shorter than its Content-Length, or a bad Content-Length, is a 400. */
static void
bad_content_length(void **state)
{
	struct fx *f = *state;
	char *env[] = { "REQUEST_METHOD=POST", "CONTENT_TYPE=application/json", "CONTENT_LENGTH=50", NULL };
	assert_int_equal(parse(f, env, "{}", 2), HE_BAD_REQUEST);
	const char *lens[] = { "CONTENT_LENGTH=-1", "CONTENT_LENGTH=12abc", "CONTENT_LENGTH=0x10" };
	for (size_t i = 0; i < 3; i++) {
		char *env2[] = { "REQUEST_METHOD=POST", "CONTENT_TYPE=application/json", (char *)lens[i], NULL };
		fx_fresh(f);
		assert_int_equal(parse(f, env2, "{}", 2), HE_BAD_REQUEST);
	}
}

/* A body of a type we do not read is a 415; no body at all is fine
 * whatever the type says. */
static void
unsupported_type(void **state)
{
	struct fx *f = *state;
	assert_int_equal(parse_json(f, "text/plain", "hello", 5), HE_UNSUPPORTED);
	assert_int_equal(parse_json(f, "application/xml", "<a/>", 4), HE_UNSUPPORTED);
	assert_int_equal(parse_json(f, "", "x=1", 3), HE_UNSUPPORTED);
	assert_int_equal(parse_json(f, "text/plain", "", 0), HE_OK);
}

/* ---- multipart ---- */

#define BND "----hbTestBoundary7MA4"

static enum herr
parse_multipart(struct fx *f, const char *ctype, const char *body, size_t n)
{
	char len[48], ct[160];
	snprintf(len, sizeof(len), "CONTENT_LENGTH=%zu", n);
	snprintf(ct, sizeof(ct), "CONTENT_TYPE=%s", ctype);
	char *env[] = { "REQUEST_METHOD=POST", ct, len, NULL };
	return parse(f, env, body, n);
}

static void
read_file_into(const char *path, struct buf *b)
{
	FILE *fp = fopen(path, "rb");
	assert_non_null(fp);
	char chunk[4096];
	size_t k;
	while ((k = fread(chunk, 1, sizeof(chunk), fp)) > 0)
		buf_append(b, chunk, k);
	fclose(fp);
}

/* A field and two files: the field lands in r->form; each file is
 * spooled to its own file in the spool directory with the right bytes,
 * size and SHA-256 (binary content, NULs and near-boundaries included),
 * its name stripped of any path; an empty file input is skipped; all
 * spool files are gone when the request's arena is freed. */
static void
multipart_field_and_files(void **state)
{
	struct fx *f = *state;
	enum { BIG = 200000 };
	unsigned char *bin = malloc(BIG);
	for (size_t i = 0; i < BIG; i++)
		bin[i] = (unsigned char)((i * 131) ^ (i >> 7));
	memcpy(bin + 1000, "\r\n----hbTestBoundary7MA", 23);     /* near miss: boundary less its last char */
	memcpy(bin + 5000, "\r\n--", 4);

	struct buf b;
	buf_init(&b);
	buf_puts(&b, "preamble to ignore\r\n--" BND "\r\n"
	    "Content-Disposition: form-data; name=\"title\"\r\n\r\n"
	    "Quarterly report, \xc3\xa9t\xc3\xa9\r\n--" BND "\r\n"
	    "Content-Disposition: form-data; name=\"doc\"; filename=\"C:\\Users\\ann\\report.bin\"\r\n"
	    "Content-Type: application/octet-stream\r\n\r\n");
	buf_append(&b, bin, BIG);
	buf_puts(&b, "\r\n--" BND "\r\n"
	    "content-disposition: form-data; name=\"note\"; filename=\"../../etc/hello.txt\"\r\n"
	    "Content-Type: text/plain\r\n\r\n"
	    "hello world\n"
	    "\r\n--" BND "\r\n"
	    "Content-Disposition: form-data; name=\"empty\"; filename=\"\"\r\n"
	    "Content-Type: application/octet-stream\r\n\r\n"
	    "\r\n--" BND "--\r\n");

	assert_int_equal(parse_multipart(f, "multipart/form-data; boundary=" BND, b.data, b.len), HE_OK);
	assert_true(f->r.from_form);
	assert_string_equal(kv_get(&f->r.form, "title"), "Quarterly report, \xc3\xa9t\xc3\xa9");
	assert_int_equal(f->r.nuploads, 2);
	assert_null(req_upload(&f->r, "empty"));

	const struct upload *u = req_upload(&f->r, "doc");
	assert_non_null(u);
	assert_string_equal(u->filename, "report.bin");
	assert_string_equal(u->content_type, "application/octet-stream");
	assert_int_equal(u->size, BIG);
	assert_int_equal(strncmp(u->path, f->dir, strlen(f->dir)), 0);
	struct stat st;
	assert_int_equal(stat(u->path, &st), 0);
	assert_int_equal(st.st_size, BIG);
	struct buf got;
	buf_init(&got);
	read_file_into(u->path, &got);
	assert_int_equal(got.len, BIG);
	assert_memory_equal(got.data, bin, BIG);
	char want[65];
	crypto_sha256_hex(bin, BIG, want);
	assert_string_equal(u->sha256, want);
	buf_free(&got);

	const struct upload *h = req_upload(&f->r, "note");
	assert_non_null(h);
	assert_string_equal(h->filename, "hello.txt");
	assert_string_equal(h->content_type, "text/plain");
	assert_int_equal(h->size, 12);
	assert_string_equal(h->sha256, "a948904f2f0f479b8f8197694b30184b0d2ed1c1cd2a1ec0fb85d299a192a447");

	assert_true(spool_count(f->dir) >= 2);
	req_cleanup(&f->r);
	arena_reset(f->a);
	assert_int_equal(spool_count(f->dir), 0);
	req_init(&f->r, f->a);
	buf_free(&b);
	free(bin);
}

/* A file without Content-Type is application/octet-stream. */
static void
multipart_default_type(void **state)
{
	struct fx *f = *state;
	const char *body = "--" BND "\r\n"
	    "Content-Disposition: form-data; name=\"f\"; filename=\"a.txt\"\r\n\r\n"
	    "abc\r\n--" BND "--";
	assert_int_equal(parse_multipart(f, "multipart/form-data; boundary=\"" BND "\"", body, strlen(body)), HE_OK);
	const struct upload *u = req_upload(&f->r, "f");
	assert_non_null(u);
	assert_string_equal(u->content_type, "application/octet-stream");
	assert_int_equal(u->size, 3);
}

/* Malformed multipart bodies are a 400, and leave no spool file behind. */
static void
multipart_malformed(void **state)
{
	struct fx *f = *state;
	static const char *const bodies[] = {
		/* no closing delimiter */
		"--" BND "\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nvalue",
		/* part without a name */
		"--" BND "\r\nContent-Disposition: form-data\r\n\r\nvalue\r\n--" BND "--\r\n",
		/* part without the blank line after its headers */
		"--" BND "\r\nContent-Disposition: form-data; name=\"a\"\r\nvalue\r\n--" BND "--\r\n",
		/* boundary never appears */
		"Content-Disposition: form-data; name=\"a\"\r\n\r\nvalue\r\n",
		/* garbage after a delimiter */
		"--" BND "xx\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nv\r\n--" BND "--\r\n",
		/* field that is not UTF-8 */
		"--" BND "\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n\xc3\x28\r\n--" BND "--\r\n",
		/* field name with a control character */
		"--" BND "\r\nContent-Disposition: form-data; name=\"a\x01\"\r\n\r\nv\r\n--" BND "--\r\n",
	};
	for (size_t i = 0; i < sizeof(bodies) / sizeof(bodies[0]); i++) {
		fx_fresh_reset(f);
		assert_int_equal(parse_multipart(f, "multipart/form-data; boundary=" BND, bodies[i],
		    strlen(bodies[i])), HE_BAD_REQUEST);
	}
	/* No boundary parameter, an empty one, one longer than 70. */
	const char *ok = "--" BND "\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nv\r\n--" BND "--\r\n";
	char longct[128] = "multipart/form-data; boundary=";
	memset(longct + strlen(longct), 'a', 71);
	const char *cts[] = { "multipart/form-data", "multipart/form-data; boundary=", longct };
	for (size_t i = 0; i < 3; i++) {
		fx_fresh(f);
		assert_int_equal(parse_multipart(f, cts[i], ok, strlen(ok)), HE_BAD_REQUEST);
	}
	/* Too short a body for its Content-Length. */
	char *env[] = { "REQUEST_METHOD=POST", "CONTENT_TYPE=multipart/form-data; boundary=" BND,
	    "CONTENT_LENGTH=5000", NULL };
	fx_fresh(f);
	assert_int_equal(parse(f, env, ok, strlen(ok)), HE_BAD_REQUEST);
	/* The control: the same well-formed body parses. */
	fx_fresh(f);
	assert_int_equal(parse_multipart(f, "multipart/form-data; boundary=" BND, ok, strlen(ok)), HE_OK);
	assert_string_equal(kv_get(&f->r.form, "a"), "v");
	fx_fresh_reset(f);
	assert_int_equal(spool_count(f->dir), 0);
}

/* An upload over max_upload is a 413 before anything is read or spooled. */
static void
multipart_too_large(void **state)
{
	struct fx *f = *state;
	config_set("max_upload", "50");
	const char *ok = "--" BND "\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nvalue value value\r\n--" BND "--\r\n";
	assert_true(strlen(ok) > 50);
	assert_int_equal(parse_multipart(f, "multipart/form-data; boundary=" BND, ok, strlen(ok)), HE_TOO_LARGE);
	assert_int_equal(spool_count(f->dir), 0);
}

/* Negotiation: ?format= wins; else whichever of HTML, JSON (or
 * problem+json), CSV the Accept header names first; HTML by default. */
static void
negotiate(void **state)
{
	(void)state;
	assert_int_equal(req_negotiate(NULL, NULL), FMT_HTML);
	assert_int_equal(req_negotiate("*/*", NULL), FMT_HTML);
	assert_int_equal(req_negotiate("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", NULL), FMT_HTML);
	assert_int_equal(req_negotiate("application/json", NULL), FMT_JSON);
	assert_int_equal(req_negotiate("application/problem+json", NULL), FMT_JSON);
	assert_int_equal(req_negotiate("application/json, text/html;q=0.5", NULL), FMT_JSON);
	assert_int_equal(req_negotiate("text/html, application/json", NULL), FMT_HTML);
	assert_int_equal(req_negotiate("text/csv", NULL), FMT_CSV);
	assert_int_equal(req_negotiate("text/html, text/csv", NULL), FMT_HTML);
	assert_int_equal(req_negotiate("text/html", "json"), FMT_JSON);
	assert_int_equal(req_negotiate("application/json", "csv"), FMT_CSV);
	assert_int_equal(req_negotiate("application/json", "html"), FMT_HTML);
	assert_int_equal(req_negotiate("application/json", "xml"), FMT_HTML);
}

/* req_parse negotiates from the Accept header and ?format=. */
static void
negotiate_in_parse(void **state)
{
	struct fx *f = *state;
	char *env[] = { "HTTP_ACCEPT=application/json", "QUERY_STRING=format=csv", NULL };
	assert_int_equal(parse(f, env, NULL, 0), HE_OK);
	assert_int_equal(f->r.format, FMT_CSV);
	char *env2[] = { "HTTP_ACCEPT=application/json", NULL };
	fx_fresh(f);
	assert_int_equal(parse(f, env2, NULL, 0), HE_OK);
	assert_int_equal(f->r.format, FMT_JSON);
}

/* req_input of a form: its fields as strings, transport fields (_csrf,
 * _method) left out, the last of a repeated field, made once. */
static void
input_from_form(void **state)
{
	struct fx *f = *state;
	const char *body = "name=Ann&_csrf=t&_method=PATCH&k=1&k=2&tags=a%2Cb";
	assert_int_equal(parse_json(f, "application/x-www-form-urlencoded", body, strlen(body)), HE_OK);
	json_object *in = req_input(&f->r);
	assert_non_null(in);
	assert_ptr_equal(req_input(&f->r), in);
	json_object *v;
	assert_true(json_object_object_get_ex(in, "name", &v));
	assert_string_equal(json_object_get_string(v), "Ann");
	assert_true(json_object_is_type(v, json_type_string));
	assert_true(json_object_object_get_ex(in, "k", &v));
	assert_string_equal(json_object_get_string(v), "2");
	assert_true(json_object_object_get_ex(in, "tags", &v));
	assert_string_equal(json_object_get_string(v), "a,b");
	assert_false(json_object_object_get_ex(in, "_csrf", NULL));
	assert_false(json_object_object_get_ex(in, "_method", NULL));
	assert_int_equal(json_object_object_length(in), 3);
}

/* req_input of a JSON body is the body itself; of nothing, {}. */
static void
input_from_json_and_nothing(void **state)
{
	struct fx *f = *state;
	const char *body = "{\"name\":\"Ann\",\"n\":5}";
	assert_int_equal(parse_json(f, "application/json", body, strlen(body)), HE_OK);
	assert_ptr_equal(req_input(&f->r), f->r.json);
	fx_fresh(f);
	json_object *in = req_input(&f->r);
	assert_non_null(in);
	assert_int_equal(json_object_object_length(in), 0);
}

/* Route ids: positive decimal only, at most 18 digits. */
static void
param_ids(void **state)
{
	struct fx *f = *state;
	kv_add(f->a, &f->r.params, "id", "42");
	kv_add(f->a, &f->r.params, "neg", "-1");
	kv_add(f->a, &f->r.params, "mixed", "12a");
	kv_add(f->a, &f->r.params, "long", "1234567890123456789");
	kv_add(f->a, &f->r.params, "max", "999999999999999999");
	kv_add(f->a, &f->r.params, "empty", "");
	assert_int_equal(req_param_id(&f->r, "id"), 42);
	assert_int_equal(req_param_id(&f->r, "neg"), 0);
	assert_int_equal(req_param_id(&f->r, "mixed"), 0);
	assert_int_equal(req_param_id(&f->r, "long"), 0);
	assert_int_equal(req_param_id(&f->r, "max"), 999999999999999999LL);
	assert_int_equal(req_param_id(&f->r, "empty"), 0);
	assert_int_equal(req_param_id(&f->r, "absent"), 0);
	kv_set(f->a, &f->r.params, "id", "7");
	assert_int_equal(req_param_id(&f->r, "id"), 7);
	assert_int_equal(f->r.params.n, 6);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		T(environment_basics),
		T(method_and_path_fallback),
		T(bad_path_refused),
		T(query_decoding),
		T(query_refusals),
		T(urldecode_plus_choice),
		T(cookies),
		T(urlencoded_form),
		T(urlencoded_form_bad_utf8),
		T(json_object_body),
		T(json_refusals),
		T(body_too_large),
		T(bad_content_length),
		T(unsupported_type),
		T(multipart_field_and_files),
		T(multipart_default_type),
		T(multipart_malformed),
		T(multipart_too_large),
		T(negotiate),
		T(negotiate_in_parse),
		T(input_from_form),
		T(input_from_json_and_nothing),
		T(param_ids),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
