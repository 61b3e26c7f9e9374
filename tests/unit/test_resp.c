/* test_resp: rendering and writing the answer (lib/resp.c). HTML error
 * pages use the project's templates: $HEARTH_SRCDIR/templates (set by
 * make check), else ../../templates or ./templates. */
#include "fixtures.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "config.h"
#include "resp.h"
#include "view.h"

static int
group_setup(void **state)
{
	(void)state;
	char dir[4096];
	const char *src = getenv("HEARTH_SRCDIR");
	if (src != NULL && *src)
		snprintf(dir, sizeof(dir), "%s/templates", src);
	else if (access("../../templates/layout.cs", R_OK) == 0)
		snprintf(dir, sizeof(dir), "../../templates");
	else
		snprintf(dir, sizeof(dir), "templates");
	return view_init(dir);
}

static int
group_teardown(void **state)
{
	(void)state;
	view_shutdown();
	return 0;
}

static int
teardown(void **state)
{
	config_clear();
	return fx_teardown(state);
}

static const char *
header(const struct request *r, const char *name)
{
	return kv_get(&r->out_headers, name);
}

/* Headers called name, in order, joined with "\n". */
static const char *
headers_all(struct request *r, const char *name)
{
	struct buf b;
	buf_init(&b);
	buf_puts(&b, "");
	for (size_t i = 0; i < r->out_headers.n; i++)
		if (strcmp(r->out_headers.v[i].key, name) == 0)
			buf_printf(&b, "%s%s", b.len ? "\n" : "", r->out_headers.v[i].val);
	char *s = arena_strdup(r->arena, b.data);
	buf_free(&b);
	return s;
}

static json_object *
body_json(struct request *r)
{
	json_object *o = json_tokener_parse(r->body.data);
	assert_non_null(o);
	return o;
}

/* An arena-owned object, as handlers make them (req.h). */
static json_object *
parsed(struct request *r, const char *json)
{
	json_object *o = req_json(r, json_tokener_parse(json));
	assert_non_null(o);
	return o;
}

static const char *
jstr(json_object *o, const char *key)
{
	json_object *v;
	if (!json_object_object_get_ex(o, key, &v) || v == NULL)
		return NULL;
	return json_object_get_string(v);
}

/* A JSON answer: 200, the data as sent (slashes unescaped), JSON type,
 * never cached by shared caches, varying by Accept and Cookie. */
static void
json_ok(void **state)
{
	struct fx *f = *state;
	f->r.format = FMT_JSON;
	assert_int_equal(resp_ok(&f->r, NULL, parsed(&f->r, "{\"id\":1,\"url\":\"/customers/1\",\"name\":\"<b>\"}")), HE_OK);
	resp_render(&f->r, HE_OK);
	assert_int_equal(f->r.status, 200);
	assert_string_equal(f->r.body.data, "{\"id\":1,\"url\":\"/customers/1\",\"name\":\"<b>\"}");
	assert_string_equal(header(&f->r, "Content-Type"), "application/json");
	assert_string_equal(header(&f->r, "Cache-Control"), "private, no-cache");
	assert_string_equal(header(&f->r, "Vary"), "Accept, Cookie");
}

/* A 422 for a JSON client is problem+json with every field error. */
static void
problem_json_with_errors(void **state)
{
	struct fx *f = *state;
	f->r.format = FMT_JSON;
	f->r.request_id = "req-7";
	resp_field_error(&f->r, "name", "Required.");
	resp_field_error(&f->r, "email", "Enter an email address like name@example.com.");
	resp_field_error(&f->r, "name", "second message is dropped");
	resp_render(&f->r, HE_INVALID);
	assert_int_equal(f->r.status, 422);
	assert_string_equal(header(&f->r, "Content-Type"), "application/problem+json");
	json_object *p = body_json(&f->r);
	assert_string_equal(jstr(p, "title"), "Some fields need attention");
	assert_string_equal(jstr(p, "status"), "422");
	assert_string_equal(jstr(p, "type"), "about:blank");
	assert_string_equal(jstr(p, "request_id"), "req-7");
	assert_non_null(jstr(p, "detail"));
	json_object *errs;
	assert_true(json_object_object_get_ex(p, "errors", &errs));
	assert_string_equal(jstr(errs, "name"), "Required.");
	assert_string_equal(jstr(errs, "email"), "Enter an email address like name@example.com.");
	assert_int_equal(json_object_object_length(errs), 2);
	json_object_put(p);
}

/* Each error kind has its status; a 409 carries the current record;
 * a handler's detail replaces the default one. */
static void
problem_statuses(void **state)
{
	struct fx *f = *state;
	static const struct { enum herr e; int status; } t[] = {
		{ HE_BAD_REQUEST, 400 }, { HE_FORBIDDEN, 403 }, { HE_NOT_FOUND, 404 },
		{ HE_METHOD, 405 }, { HE_NOT_ACCEPTABLE, 406 }, { HE_TOO_LARGE, 413 },
		{ HE_UNSUPPORTED, 415 }, { HE_RATE_LIMITED, 429 }, { HE_INTERNAL, 500 },
	};
	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		req_cleanup(&f->r);
		req_init(&f->r, f->a);
		f->r.format = FMT_JSON;
		resp_render(&f->r, t[i].e);
		assert_int_equal(f->r.status, t[i].status);
		json_object *p = body_json(&f->r);
		json_object *st;
		assert_true(json_object_object_get_ex(p, "status", &st));
		assert_int_equal(json_object_get_int(st), t[i].status);
		assert_null(jstr(p, "errors"));
		json_object_put(p);
	}
	req_cleanup(&f->r);
	req_init(&f->r, f->a);
	f->r.format = FMT_JSON;
	f->r.data = json_tokener_parse("{\"id\":3,\"version\":5}");
	f->r.problem_detail = "Changed by someone else.";
	resp_render(&f->r, HE_CONFLICT);
	assert_int_equal(f->r.status, 409);
	json_object *p = body_json(&f->r);
	assert_string_equal(jstr(p, "detail"), "Changed by someone else.");
	json_object *cur;
	assert_true(json_object_object_get_ex(p, "current", &cur));
	assert_string_equal(jstr(cur, "version"), "5");
	json_object_put(p);
}

/* 503 (database down, or still busy after retries) asks to retry. */
static void
unavailable_retry_after(void **state)
{
	struct fx *f = *state;
	f->r.format = FMT_JSON;
	resp_render(&f->r, HE_DB_DOWN);
	assert_int_equal(f->r.status, 503);
	assert_string_equal(header(&f->r, "Retry-After"), "5");
	req_cleanup(&f->r);
	req_init(&f->r, f->a);
	f->r.format = FMT_HTML;
	resp_render(&f->r, HE_RETRY);
	assert_int_equal(f->r.status, 503);
	assert_string_equal(header(&f->r, "Retry-After"), "5");
	/* and nothing else does */
	req_cleanup(&f->r);
	req_init(&f->r, f->a);
	f->r.format = FMT_JSON;
	resp_render(&f->r, HE_INTERNAL);
	assert_null(header(&f->r, "Retry-After"));
}

/* A signed-out browser is sent to sign in, coming back to the page it
 * asked for (URL-encoded); after an unsafe request, back to /. A JSON
 * client gets a plain 401. */
static void
unauthorized_html_redirects(void **state)
{
	struct fx *f = *state;
	f->r.format = FMT_HTML;
	f->r.method = HM_GET;
	f->r.uri = "/customers?q=a b&sort=-name";
	resp_render(&f->r, HE_UNAUTHORIZED);
	assert_int_equal(f->r.status, 303);
	assert_string_equal(header(&f->r, "Location"), "/auth/login?next=%2Fcustomers%3Fq%3Da%20b%26sort%3D-name");
	assert_int_equal(f->r.body.len, 0);

	req_cleanup(&f->r);
	req_init(&f->r, f->a);
	f->r.format = FMT_HTML;
	f->r.method = HM_POST;
	f->r.uri = "/customers/5";
	resp_render(&f->r, HE_UNAUTHORIZED);
	assert_int_equal(f->r.status, 303);
	assert_string_equal(header(&f->r, "Location"), "/auth/login?next=%2F");

	req_cleanup(&f->r);
	req_init(&f->r, f->a);
	f->r.format = FMT_JSON;
	resp_render(&f->r, HE_UNAUTHORIZED);
	assert_int_equal(f->r.status, 401);
	assert_null(header(&f->r, "Location"));
	assert_string_equal(header(&f->r, "Content-Type"), "application/problem+json");
}

/* An HTML error is a page (error.cs inside the layout) with the
 * status, the title, and the handler's detail HTML-escaped. */
static void
html_error_page(void **state)
{
	struct fx *f = *state;
	f->r.format = FMT_HTML;
	f->r.problem_detail = "No customer <script>alert(1)</script> here";
	resp_render(&f->r, HE_NOT_FOUND);
	assert_int_equal(f->r.status, 404);
	assert_string_equal(header(&f->r, "Content-Type"), "text/html; charset=utf-8");
	assert_non_null(f->r.body.data);
	assert_non_null(strstr(f->r.body.data, "Not found"));
	assert_non_null(strstr(f->r.body.data, "404"));
	assert_null(strstr(f->r.body.data, "<script>alert"));
	assert_non_null(strstr(f->r.body.data, "No customer &lt;script&gt;alert(1)&lt;/script&gt; here"));
}

/* HTML without a template to show is a 406 page; CSV of something that
 * is not a list is a 406 too. */
static void
not_acceptable(void **state)
{
	struct fx *f = *state;
	f->r.format = FMT_HTML;
	assert_int_equal(resp_ok(&f->r, NULL, req_obj(&f->r)), HE_OK);
	resp_render(&f->r, HE_OK);
	assert_int_equal(f->r.status, 406);
	req_cleanup(&f->r);
	req_init(&f->r, f->a);
	f->r.format = FMT_CSV;
	assert_int_equal(resp_ok(&f->r, NULL, parsed(&f->r, "{\"id\":1}")), HE_OK);
	resp_render(&f->r, HE_OK);
	assert_int_equal(f->r.status, 406);
	assert_string_equal(header(&f->r, "Content-Type"), "application/problem+json");
}

/* A list as CSV: its columns, a download name, text/csv. */
static void
csv_list(void **state)
{
	struct fx *f = *state;
	static const char *const cols[] = { "id", "name", NULL };
	f->r.format = FMT_CSV;
	f->r.csv_columns = cols;
	f->r.csv_filename = "customers";
	assert_int_equal(resp_ok(&f->r, NULL, parsed(&f->r, "{\"items\":[{\"id\":1,\"name\":\"=Ann\"}],\"next\":null}")), HE_OK);
	resp_render(&f->r, HE_OK);
	assert_int_equal(f->r.status, 200);
	assert_string_equal(f->r.body.data, "id,name\r\n1,\"'=Ann\"\r\n");
	assert_string_equal(header(&f->r, "Content-Type"), "text/csv; charset=utf-8");
	assert_string_equal(header(&f->r, "Content-Disposition"), "attachment; filename=\"customers.csv\"");
}

/* Redirects and 204s have no body; a created resource is 201 + Location
 * for JSON and 303 there for a browser. */
static void
redirect_and_created(void **state)
{
	struct fx *f = *state;
	f->r.format = FMT_JSON;
	assert_int_equal(resp_created(&f->r, "/customers/9", parsed(&f->r, "{\"id\":9}")), HE_OK);
	resp_render(&f->r, HE_OK);
	assert_int_equal(f->r.status, 201);
	assert_string_equal(header(&f->r, "Location"), "/customers/9");
	assert_string_equal(f->r.body.data, "{\"id\":9}");

	req_cleanup(&f->r);
	req_init(&f->r, f->a);
	f->r.format = FMT_HTML;
	assert_int_equal(resp_created(&f->r, "/customers/9", parsed(&f->r, "{\"id\":9}")), HE_OK);
	resp_render(&f->r, HE_OK);
	assert_int_equal(f->r.status, 303);
	assert_string_equal(header(&f->r, "Location"), "/customers/9");
	assert_int_equal(f->r.body.len, 0);
	assert_null(f->r.data);
}

/* resp_ok and resp_created borrow: r->data takes a reference of its own,
 * so the caller's object outlives the answer and the caller puts it once
 * (ASan and the leak checker hold both sides to account). The object
 * r->data already holds can be given again. */
static void
ok_and_created_borrow(void **state)
{
	struct fx *f = *state;
	json_object *o = json_tokener_parse("{\"id\":9}");
	f->r.format = FMT_JSON;
	assert_int_equal(resp_ok(&f->r, NULL, o), HE_OK);
	assert_ptr_equal(f->r.data, o);
	assert_int_equal(resp_ok(&f->r, NULL, f->r.data), HE_OK);
	assert_int_equal(resp_created(&f->r, "/customers/9", o), HE_OK);
	assert_ptr_equal(f->r.data, o);
	req_cleanup(&f->r);
	req_init(&f->r, f->a);
	assert_string_equal(jstr(o, "id"), "9");
	f->r.format = FMT_HTML;
	assert_int_equal(resp_created(&f->r, "/customers/9", o), HE_OK);
	assert_null(f->r.data);
	json_object_put(o);
}

/* The ETag of a body, as resp_etag gives it (a fresh request). */
static char *
etag_of(struct fx *f, const char *body)
{
	req_cleanup(&f->r);
	req_init(&f->r, f->a);
	buf_puts(&f->r.body, body);
	f->r.status = 200;
	assert_int_equal(resp_etag(&f->r), 0);
	const char *t = header(&f->r, "ETag");
	assert_non_null(t);
	return arena_strdup(f->a, t);
}

/* The ETag is a weak tag over the body: W/"hex", the same for the same
 * body, another for another body (even one byte or one length apart). */
static void
etag_follows_body(void **state)
{
	struct fx *f = *state;
	char *t = etag_of(f, "hello");
	assert_int_equal(strncmp(t, "W/\"", 3), 0);
	assert_int_equal(t[strlen(t) - 1], '"');
	assert_true(strlen(t) >= 3 + 16 + 1);
	for (const char *p = t + 3; p < t + strlen(t) - 1; p++)
		assert_non_null(strchr("0123456789abcdef", *p));
	assert_string_equal(etag_of(f, "hello"), t);
	assert_string_not_equal(etag_of(f, "hellp"), t);
	assert_string_not_equal(etag_of(f, "hello "), t);
	assert_string_not_equal(etag_of(f, ""), t);
	char *x = etag_of(f, "0123456789abcdefX");
	assert_string_not_equal(etag_of(f, "0123456789abcdefY"), x);
	x = etag_of(f, "0123456789abcdef");
	assert_string_not_equal(etag_of(f, "0123456789abcdeF"), x);
	assert_int_equal(f->r.status, 200);                 /* no If-None-Match: untouched */
	assert_string_equal(f->r.body.data, "0123456789abcdeF");
}

/* A matching If-None-Match (weak, strong, or in a list) turns the
 * answer into a bodiless 304; another tag does not. */
static void
etag_304(void **state)
{
	struct fx *f = *state;
	char *t = etag_of(f, "hello");
	const char *matching[] = { t, t + 2, arena_printf(f->a, "\"abc\", %s", t) };
	for (size_t i = 0; i < 3; i++) {
		req_cleanup(&f->r);
		req_init(&f->r, f->a);
		kv_add(f->a, &f->r.headers, "HTTP_IF_NONE_MATCH", matching[i]);
		buf_puts(&f->r.body, "hello");
		f->r.status = 200;
		assert_int_equal(resp_etag(&f->r), 1);
		assert_int_equal(f->r.status, 304);
		assert_int_equal(f->r.body.len, 0);
	}
	char *other = etag_of(f, "hello!");
	req_cleanup(&f->r);
	req_init(&f->r, f->a);
	kv_add(f->a, &f->r.headers, "HTTP_IF_NONE_MATCH", other);
	buf_puts(&f->r.body, "hello");
	f->r.status = 200;
	assert_int_equal(resp_etag(&f->r), 0);
	assert_int_equal(f->r.status, 200);
	assert_string_equal(f->r.body.data, "hello");
}

static void
collect(void *ctx, const char *p, size_t n)
{
	buf_append(ctx, p, n);
}

/* The CGI answer: Status line, headers in order, Content-Length, blank
 * line, body; HEAD gets the headers only; a 304 has neither length nor body. */
static void
write_output(void **state)
{
	struct fx *f = *state;
	struct buf out;
	buf_init(&out);
	f->r.status = 200;
	resp_header(&f->r, "Content-Type", "text/plain");
	resp_header(&f->r, "X-A", "1");
	buf_puts(&f->r.body, "hello");
	resp_write(&f->r, collect, &out);
	assert_string_equal(out.data, "Status: 200 OK\r\nContent-Type: text/plain\r\nX-A: 1\r\n"
	    "Content-Length: 5\r\n\r\nhello");

	buf_reset(&out);
	f->r.method = HM_HEAD;
	resp_write(&f->r, collect, &out);
	assert_string_equal(out.data, "Status: 200 OK\r\nContent-Type: text/plain\r\nX-A: 1\r\n"
	    "Content-Length: 5\r\n\r\n");

	buf_reset(&out);
	f->r.method = HM_GET;
	f->r.status = 304;
	resp_write(&f->r, collect, &out);
	assert_string_equal(out.data, "Status: 304 Not Modified\r\nContent-Type: text/plain\r\nX-A: 1\r\n\r\n");

	buf_reset(&out);
	f->r.status = 422;
	resp_write(&f->r, collect, &out);
	assert_int_equal(strncmp(out.data, "Status: 422 Unprocessable Entity\r\n", 34), 0);
	buf_free(&out);
}

/* A streamed answer (the catalog export): nothing without a writer; the
 * status and headers at once, then each piece as put, without a length;
 * HEAD gets the headers only; afterwards render and write add nothing. */
static void
stream_output(void **state)
{
	struct fx *f = *state;
	struct buf out;
	buf_init(&out);
	assert_int_equal(resp_stream_begin(&f->r, "text/csv"), HE_INTERNAL);
	assert_false(f->r.streamed);
	f->r.stream_fn = collect;
	f->r.stream_ctx = &out;
	resp_header(&f->r, "Content-Disposition", "attachment; filename=\"x.csv\"");
	assert_int_equal(resp_stream_begin(&f->r, "text/csv"), HE_OK);
	assert_true(f->r.streamed);
	assert_string_equal(out.data, "Status: 200 OK\r\nContent-Disposition: attachment; filename=\"x.csv\"\r\n"
	    "Content-Type: text/csv\r\nVary: Accept, Cookie\r\nCache-Control: private, no-cache\r\n\r\n");
	resp_stream_put(&f->r, "a,b\n", 4);
	resp_stream_put(&f->r, "1,2\n", 4);
	assert_non_null(strstr(out.data, "\r\n\r\na,b\n1,2\n"));
	size_t len = out.len;
	resp_render(&f->r, HE_OK);
	resp_write(&f->r, collect, &out);
	assert_int_equal(out.len, len);
	assert_null(strstr(out.data, "Content-Length"));
	f->r.method = HM_HEAD;
	resp_stream_put(&f->r, "3,4\n", 4);
	assert_int_equal(out.len, len);
	buf_free(&out);
}

/* Cookies: Path=/ and SameSite=Lax always; HttpOnly when asked; Secure
 * over https or when configured; Max-Age unless a session cookie. */
static void
cookie_flags(void **state)
{
	struct fx *f = *state;
	resp_cookie(&f->r, "a", "1", 3600, COOKIE_HTTPONLY);
	resp_cookie(&f->r, "b", "2", 60, 0);
	resp_cookie(&f->r, "c", "3", 0, COOKIE_HTTPONLY | COOKIE_SESSION);
	assert_string_equal(headers_all(&f->r, "Set-Cookie"),
	    "a=1; Path=/; SameSite=Lax; HttpOnly; Max-Age=3600\n"
	    "b=2; Path=/; SameSite=Lax; Max-Age=60\n"
	    "c=3; Path=/; SameSite=Lax; HttpOnly");

	req_cleanup(&f->r);
	req_init(&f->r, f->a);
	f->r.https = 1;
	resp_cookie(&f->r, "a", "1", 10, COOKIE_HTTPONLY);
	assert_string_equal(header(&f->r, "Set-Cookie"), "a=1; Path=/; SameSite=Lax; HttpOnly; Secure; Max-Age=10");

	req_cleanup(&f->r);
	req_init(&f->r, f->a);
	config_set("secure_cookies", "1");
	resp_cookie(&f->r, "a", "1", 10, 0);
	assert_string_equal(header(&f->r, "Set-Cookie"), "a=1; Path=/; SameSite=Lax; Secure; Max-Age=10");
}

/* A flash message travels URL-encoded in a short-lived HttpOnly cookie. */
static void
flash_cookie(void **state)
{
	struct fx *f = *state;
	resp_flash(&f->r, "success", "Saved \"Ann\"; done");
	assert_string_equal(header(&f->r, "Set-Cookie"),
	    "hearth_flash=success%3ASaved%20%22Ann%22%3B%20done; Path=/; SameSite=Lax; HttpOnly; Max-Age=60");
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, fx_setup, teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		T(json_ok),
		T(problem_json_with_errors),
		T(problem_statuses),
		T(unavailable_retry_after),
		T(unauthorized_html_redirects),
		T(html_error_page),
		T(not_acceptable),
		T(csv_list),
		T(redirect_and_created),
		T(ok_and_created_borrow),
		T(etag_follows_body),
		T(etag_304),
		T(write_output),
		T(stream_output),
		T(cookie_flags),
		T(flash_cookie),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
