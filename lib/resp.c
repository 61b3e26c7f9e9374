/* resp.c: building, rendering and writing the answer. One handler, every
 * representation: r->data is the JSON answer, the HTML page's data and the
 * CSV rows alike. */
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include "config.h"
#include "csv.h"
#include "log.h"
#include "resp.h"
#include "view.h"

enum herr
resp_redirect(struct request *r, int status, const char *location)
{
	r->status = status;
	resp_header(r, "Location", location);
	return HE_OK;
}

enum herr
resp_created(struct request *r, const char *location, json_object *obj)
{
	if (r->format == FMT_HTML)
		return resp_redirect(r, 303, location);
	req_set_data(r, obj);
	r->status = 201;
	resp_header(r, "Location", location);
	return HE_OK;
}

enum herr
resp_ok(struct request *r, const char *template, json_object *obj)
{
	req_set_data(r, obj);
	r->template = template;
	if (!r->status)
		r->status = 200;
	return HE_OK;
}

void
resp_field_error(struct request *r, const char *field, const char *message)
{
	if (r->errors == NULL)
		r->errors = json_object_new_object();
	if (!json_object_object_get_ex(r->errors, field, NULL))
		json_object_object_add(r->errors, field, json_object_new_string(message));
}

static const char *
reason(int status)
{
	switch (status) {
	case 200: return "OK";
	case 201: return "Created";
	case 204: return "No Content";
	case 302: return "Found";
	case 303: return "See Other";
	case 304: return "Not Modified";
	case 400: return "Bad Request";
	case 401: return "Unauthorized";
	case 403: return "Forbidden";
	case 404: return "Not Found";
	case 405: return "Method Not Allowed";
	case 406: return "Not Acceptable";
	case 409: return "Conflict";
	case 412: return "Precondition Failed";
	case 413: return "Payload Too Large";
	case 415: return "Unsupported Media Type";
	case 422: return "Unprocessable Entity";
	case 429: return "Too Many Requests";
	case 503: return "Service Unavailable";
	default:  return status >= 500 ? "Internal Server Error" : "OK";
	}
}

static const char *
default_detail(enum herr e)
{
	switch (e) {
	case HE_BAD_REQUEST:  return "The request could not be read.";
	case HE_UNAUTHORIZED: return "Sign in to continue.";
	case HE_FORBIDDEN:    return "Your role does not allow this, or the form expired: reload the page and try again.";
	case HE_NOT_FOUND:    return "There is nothing at this address.";
	case HE_METHOD:       return "This address does not answer that method.";
	case HE_NOT_ACCEPTABLE: return "This address has no answer in the format asked for.";
	case HE_CONFLICT:     return "Someone else changed this record since you read it.";
	case HE_TOO_LARGE:    return "The request is larger than allowed.";
	case HE_UNSUPPORTED:  return "Send application/json, a urlencoded form or multipart/form-data.";
	case HE_INVALID:      return "Some fields need attention.";
	case HE_RATE_LIMITED: return "Too many requests: wait a moment.";
	case HE_DB_DOWN:      return "The database is not reachable right now. Try again in a few seconds.";
	default:              return "Something went wrong on our side. It has been logged.";
	}
}

static void
render_problem(struct request *r, enum herr e)
{
	json_object *p = req_obj(r);
	int status = herr_status(e);
	json_object_object_add(p, "type", json_object_new_string("about:blank"));
	json_object_object_add(p, "title", json_object_new_string(herr_title(e)));
	json_object_object_add(p, "status", json_object_new_int(status));
	json_object_object_add(p, "detail", json_object_new_string(
	    r->problem_detail ? r->problem_detail : default_detail(e)));
	if (r->errors != NULL)
		json_object_object_add(p, "errors", json_object_get(r->errors));
	if (e == HE_CONFLICT && r->data != NULL)
		json_object_object_add(p, "current", json_object_get(r->data));
	if (r->request_id && *r->request_id)
		json_object_object_add(p, "request_id", json_object_new_string(r->request_id));
	buf_reset(&r->body);
	buf_puts(&r->body, json_object_to_json_string_ext(p, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE));
	resp_header(r, "Content-Type", "application/problem+json");
}

static void
render_error_page(struct request *r, enum herr e)
{
	json_object *d = req_obj(r);
	json_object_object_add(d, "detail", json_object_new_string(
	    r->problem_detail ? r->problem_detail : default_detail(e)));
	req_set_data(r, d);
	json_object_object_add(req_page(r), "title", json_object_new_string(herr_title(e)));
	r->template = "error.cs";
	buf_reset(&r->body);
	if (view_render(r, 1, &r->body) != HE_OK) {
		buf_reset(&r->body);
		buf_printf(&r->body, "<!doctype html><title>%d</title><h1>%d %s</h1>\n", r->status, r->status,
		    herr_title(e));
	}
	resp_header(r, "Content-Type", "text/html; charset=utf-8");
}

static void
render_error(struct request *r, enum herr e)
{
	r->status = herr_status(e);
	if (e == HE_DB_DOWN || e == HE_RETRY)
		resp_header(r, "Retry-After", "5");
	if (e == HE_UNAUTHORIZED && r->format == FMT_HTML) {
		struct buf b;
		buf_init(&b);
		buf_puts(&b, "/auth/login?next=");
		buf_urlenc(&b, req_is_safe_method(r->method) ? r->uri : "/");
		r->status = 303;
		resp_header(r, "Location", arena_strdup(r->arena, b.data));
		buf_free(&b);
		return;
	}
	if (r->format != FMT_HTML) {
		render_problem(r, e);
		return;
	}
	/* A form with errors, or refused as stale, is shown again with the
	 * user's values kept (r->form_values) and each message by its field. */
	if ((e == HE_INVALID || e == HE_CONFLICT) && r->template != NULL) {
		if (e == HE_CONFLICT)
			json_object_object_add(req_page(r), "conflict", json_object_new_string("1"));
		buf_reset(&r->body);
		if (view_render(r, 1, &r->body) == HE_OK) {
			resp_header(r, "Content-Type", "text/html; charset=utf-8");
			return;
		}
		r->status = 500;
		e = HE_INTERNAL;
	}
	render_error_page(r, e);
}

enum herr
resp_stream_begin(struct request *r, const char *content_type)
{
	if (r->stream_fn == NULL)
		return HE_INTERNAL;
	r->status = 200;
	resp_header(r, "Content-Type", content_type);
	resp_header(r, "Vary", "Accept, Cookie");
	if (kv_get(&r->out_headers, "Cache-Control") == NULL)
		resp_header(r, "Cache-Control", "private, no-cache");
	struct buf h;
	buf_init(&h);
	buf_puts(&h, "Status: 200 OK\r\n");
	for (size_t i = 0; i < r->out_headers.n; i++)
		buf_printf(&h, "%s: %s\r\n", r->out_headers.v[i].key, r->out_headers.v[i].val);
	buf_puts(&h, "\r\n");
	r->stream_fn(r->stream_ctx, h.data, h.len);
	buf_free(&h);
	r->streamed = 1;
	r->no_etag = 1;
	return HE_OK;
}

void
resp_stream_put(struct request *r, const char *p, size_t n)
{
	if (r->streamed && r->method != HM_HEAD && n > 0)
		r->stream_fn(r->stream_ctx, p, n);
}

void
resp_render(struct request *r, enum herr e)
{
	if (r->streamed)            /* sent already (resp_stream_begin) */
		return;
	resp_header(r, "Vary", "Accept, Cookie");
	/* A handler may have asked for more (no-store on an answer with a secret). */
	if (kv_get(&r->out_headers, "Cache-Control") == NULL)
		resp_header(r, "Cache-Control", "private, no-cache");
	if (e != HE_OK) {
		render_error(r, e);
		return;
	}
	if (!r->status)
		r->status = 200;
	if (r->status == 204 || (r->status >= 300 && r->status < 400))
		return;
	/* Headers only: nginx sends the body from its internal location
	 * (X-Accel-Redirect, e.g. a document download); the handler set the
	 * Content-Type and r->no_etag. */
	if (kv_get(&r->out_headers, "X-Accel-Redirect") != NULL)
		return;
	if (r->body_ready)
		return;
	switch (r->format) {
	case FMT_JSON:
		buf_puts(&r->body, r->data ? json_object_to_json_string_ext(r->data,
		    JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE) : "{}");
		resp_header(r, "Content-Type", "application/json");
		return;
	case FMT_CSV: {
		json_object *items = NULL;
		if (r->csv_columns == NULL || r->data == NULL ||
		    !json_object_object_get_ex(r->data, "items", &items)) {
			render_error(r, HE_NOT_ACCEPTABLE);
			return;
		}
		csv_items(&r->body, items, r->csv_columns);
		resp_header(r, "Content-Type", "text/csv; charset=utf-8");
		resp_header(r, "Content-Disposition", arena_printf(r->arena, "attachment; filename=\"%s.csv\"",
		    r->csv_filename ? r->csv_filename : "export"));
		return;
	}
	case FMT_HTML:
		if (r->template == NULL) {
			render_error(r, HE_NOT_ACCEPTABLE);
			return;
		}
		if (view_render(r, 1, &r->body) != HE_OK) {
			render_error(r, HE_INTERNAL);
			return;
		}
		resp_header(r, "Content-Type", "text/html; charset=utf-8");
		return;
	}
}

/* A fast 64-bit hash of the body, 8 bytes a step: an ETag only has to
 * change when the body does, and SHA-256 of a 70 KB page cost more than
 * rendering it (callgrind). */
static unsigned long long
body_hash(const unsigned char *p, size_t n)
{
	unsigned long long h = 0xcbf29ce484222325ull ^ n;
	size_t i = 0;
	for (; i + 8 <= n; i += 8) {
		unsigned long long w;
		memcpy(&w, p + i, 8);
		h = (h ^ w) * 0x9e3779b97f4a7c15ull;
		h ^= h >> 29;
	}
	for (; i < n; i++)
		h = (h ^ p[i]) * 0x100000001b3ull;
	h ^= h >> 32;
	return h;
}

int
resp_etag(struct request *r)
{
	unsigned long long h = body_hash((const unsigned char *)(r->body.data ? r->body.data : ""), r->body.len);
	/* A record's tag names its version too, so the tag can come back as
	 * If-Match on an update (form_version reads it). */
	json_object *v = NULL;
	char *etag = r->data != NULL && json_object_object_get_ex(r->data, "version", &v) &&
	    json_object_is_type(v, json_type_int) ?
	    arena_printf(r->arena, "W/\"v%lld-%016llx\"", (long long)json_object_get_int64(v), h) :
	    arena_printf(r->arena, "W/\"%016llx\"", h);
	resp_header(r, "ETag", etag);
	const char *inm = req_header(r, "HTTP_IF_NONE_MATCH");
	if (inm != NULL && (strstr(inm, etag) != NULL || strstr(inm, etag + 2) != NULL)) {
		r->status = 304;
		buf_reset(&r->body);
		return 1;
	}
	return 0;
}

void
resp_write(struct request *r, resp_write_fn wr, void *ctx)
{
	if (r->streamed)
		return;
	struct buf h;
	buf_init(&h);
	buf_printf(&h, "Status: %d %s\r\n", r->status, reason(r->status));
	for (size_t i = 0; i < r->out_headers.n; i++)
		buf_printf(&h, "%s: %s\r\n", r->out_headers.v[i].key, r->out_headers.v[i].val);
	if (r->status != 304 && r->status != 204)
		buf_printf(&h, "Content-Length: %lu\r\n", (unsigned long)r->body.len);
	buf_puts(&h, "\r\n");
	wr(ctx, h.data, h.len);
	if (r->method != HM_HEAD && r->body.len > 0 && r->status != 304)
		wr(ctx, r->body.data, r->body.len);
	buf_free(&h);
}
