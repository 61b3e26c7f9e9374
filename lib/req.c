/* req.c: read a request from the CGI environment and body into the arena. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "config.h"
#include "req.h"
#include "utf8.h"

/* multipart.c */
enum herr req_parse_multipart(struct request *r, const char *boundary, req_read_fn rd, void *ctx,
                              size_t length, const char *spool_dir);

void
req_init(struct request *r, struct arena *a)
{
	memset(r, 0, sizeof(*r));
	r->arena = a;
	buf_init(&r->body);
	r->format = FMT_HTML;
	r->method_name = "GET";
	r->path = "/";
	r->uri = "/";
	r->request_id = "";
	r->client_ip = "";
	r->user_agent = "";
	r->content_type = "";
	r->query_string = "";
}

void
req_cleanup(struct request *r)
{
	buf_free(&r->body);
	if (r->input != r->json)
		json_object_put(r->input);
	json_object_put(r->json);
	r->input = NULL;
	json_object_put(r->data);
	json_object_put(r->form_values);
	json_object_put(r->errors);
	json_object_put(r->page);
	r->json = r->data = r->form_values = r->errors = r->page = r->input = NULL;
}

static void
json_put(void *p)
{
	json_object_put(p);
}

json_object *
req_json(struct request *r, json_object *obj)
{
	if (obj != NULL)
		arena_defer(r->arena, json_put, obj);
	return obj;
}

json_object *
req_obj(struct request *r)
{
	return req_json(r, json_object_new_object());
}

json_object *
req_arr(struct request *r)
{
	return req_json(r, json_object_new_array());
}

/* Get before put: obj may be the object the field already holds. */
static void
set_ref(json_object **field, json_object *obj)
{
	json_object_get(obj);
	json_object_put(*field);
	*field = obj;
}

void
req_set_data(struct request *r, json_object *obj)
{
	set_ref(&r->data, obj);
}

void
req_set_form_values(struct request *r, json_object *obj)
{
	set_ref(&r->form_values, obj);
}

json_object *
req_page(struct request *r)
{
	if (r->page == NULL)
		r->page = json_object_new_object();
	return r->page;
}

const char *
req_env(char *const *envp, const char *name)
{
	size_t n = strlen(name);
	for (; envp != NULL && *envp != NULL; envp++)
		if (strncmp(*envp, name, n) == 0 && (*envp)[n] == '=')
			return *envp + n + 1;
	return NULL;
}

const char *
kv_get(const struct kvlist *l, const char *key)
{
	/* Last wins: a checkbox after its hidden fallback overrides it. */
	for (size_t i = l->n; i > 0; i--)
		if (strcmp(l->v[i - 1].key, key) == 0)
			return l->v[i - 1].val;
	return NULL;
}

void
kv_add(struct arena *a, struct kvlist *l, const char *key, const char *val)
{
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 8;
		struct kv *v = arena_alloc(a, cap * sizeof(*v));
		if (l->n)
			memcpy(v, l->v, l->n * sizeof(*v));
		l->v = v;
		l->cap = cap;
	}
	l->v[l->n].key = key;
	l->v[l->n].val = val;
	l->n++;
}

void
kv_set(struct arena *a, struct kvlist *l, const char *key, const char *val)
{
	for (size_t i = 0; i < l->n; i++) {
		if (strcmp(l->v[i].key, key) == 0) {
			l->v[i].val = val;
			return;
		}
	}
	kv_add(a, l, key, val);
}

const char *req_param(const struct request *r, const char *name) { return kv_get(&r->params, name); }
const char *req_query(const struct request *r, const char *name) { return kv_get(&r->query, name); }
const char *req_cookie(const struct request *r, const char *name) { return kv_get(&r->cookies, name); }
const char *req_header(const struct request *r, const char *name) { return kv_get(&r->headers, name); }

const struct upload *
req_upload(const struct request *r, const char *field)
{
	for (size_t i = 0; i < r->nuploads; i++)
		if (strcmp(r->uploads[i].field, field) == 0)
			return &r->uploads[i];
	return NULL;
}

long long
req_param_id(const struct request *r, const char *name)
{
	const char *s = req_param(r, name);
	if (s == NULL || *s == '\0' || strlen(s) > 18)
		return 0;
	long long v = 0;
	for (const char *p = s; *p; p++) {
		if (*p < '0' || *p > '9')
			return 0;
		v = v * 10 + (*p - '0');
	}
	return v;
}

static int
hexdigit(int c)
{
	if (c >= '0' && c <= '9') return c - '0';
	c = tolower(c);
	if (c >= 'a' && c <= 'f') return c - 'a' + 10;
	return -1;
}

char *
req_urldecode(struct arena *a, const char *s, size_t n, int plus_is_space)
{
	char *out = arena_alloc(a, n + 1), *o = out;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '%' && i + 2 < n &&
		    hexdigit((unsigned char)s[i + 1]) >= 0 && hexdigit((unsigned char)s[i + 2]) >= 0) {
			*o++ = (char)(hexdigit((unsigned char)s[i + 1]) << 4 | hexdigit((unsigned char)s[i + 2]));
			i += 2;
		} else if (s[i] == '+' && plus_is_space) {
			*o++ = ' ';
		} else {
			*o++ = s[i];
		}
	}
	*o = '\0';
	/* Embedded NUL (%00) cuts the string short: detectable by the caller via
	 * strlen; we refuse it outright. */
	for (char *p = out; p < o; p++)
		if (*p == '\0')
			return NULL;
	return out;
}

enum herr
req_parse_urlencoded(struct arena *a, struct kvlist *out, const char *s, size_t n)
{
	size_t i = 0;
	while (i < n) {
		size_t j = i;
		while (j < n && s[j] != '&' && s[j] != ';')
			j++;
		if (j > i) {
			const char *eq = memchr(s + i, '=', j - i);
			size_t klen = eq ? (size_t)(eq - (s + i)) : j - i;
			char *k = req_urldecode(a, s + i, klen, 1);
			char *v = eq ? req_urldecode(a, eq + 1, (size_t)(s + j - eq - 1), 1) : arena_strdup(a, "");
			if (k == NULL || v == NULL || !utf8_text_ok(k, strlen(k)) || !utf8_text_ok(v, strlen(v)))
				return HE_BAD_REQUEST;
			if (*k)
				kv_add(a, out, k, v);
		}
		i = j + 1;
	}
	return HE_OK;
}

enum herr
req_parse_cookies(struct arena *a, struct kvlist *out, const char *s)
{
	while (s && *s) {
		while (*s == ' ' || *s == ';')
			s++;
		const char *end = strchr(s, ';');
		size_t len = end ? (size_t)(end - s) : strlen(s);
		const char *eq = memchr(s, '=', len);
		if (eq != NULL && eq > s) {
			char *k = arena_strndup(a, s, (size_t)(eq - s));
			const char *v = eq + 1;
			size_t vlen = (size_t)(s + len - v);
			if (vlen >= 2 && v[0] == '"' && v[vlen - 1] == '"') {
				v++;
				vlen -= 2;
			}
			kv_add(a, out, k, arena_strndup(a, v, vlen));
		}
		s += len;
	}
	return HE_OK;
}

int
req_is_safe_method(enum http_method m)
{
	return m == HM_GET || m == HM_HEAD || m == HM_OPTIONS;
}

enum req_format
req_negotiate(const char *accept, const char *format_param)
{
	if (format_param != NULL) {
		if (strcmp(format_param, "json") == 0) return FMT_JSON;
		if (strcmp(format_param, "csv") == 0) return FMT_CSV;
		return FMT_HTML;
	}
	if (accept == NULL)
		return FMT_HTML;
	/* Browsers send text/html first; scripts ask for JSON or CSV. */
	const char *html = strstr(accept, "text/html");
	const char *json = strstr(accept, "application/json");
	if (json == NULL)
		json = strstr(accept, "application/problem+json");
	const char *csv = strstr(accept, "text/csv");
	if (json != NULL && (html == NULL || json < html))
		return FMT_JSON;
	if (csv != NULL && (html == NULL || csv < html))
		return FMT_CSV;
	return FMT_HTML;
}

static enum http_method
method_of(const char *m)
{
	static const struct { const char *name; enum http_method m; } t[] = {
		{ "GET", HM_GET }, { "HEAD", HM_HEAD }, { "POST", HM_POST }, { "PUT", HM_PUT },
		{ "PATCH", HM_PATCH }, { "DELETE", HM_DELETE }, { "OPTIONS", HM_OPTIONS },
	};
	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		if (strcmp(m, t[i].name) == 0)
			return t[i].m;
	return HM_OTHER;
}

/* Media type without parameters, lower case. */
static char *
media_type(struct arena *a, const char *ct)
{
	size_t n = strcspn(ct, ";");
	while (n > 0 && ct[n - 1] == ' ')
		n--;
	char *s = arena_strndup(a, ct, n);
	for (char *p = s; *p; p++)
		*p = (char)tolower((unsigned char)*p);
	return s;
}

static const char *
ct_param(struct arena *a, const char *ct, const char *name)
{
	size_t nl = strlen(name);
	const char *p = strchr(ct, ';');
	while (p != NULL) {
		p++;
		while (*p == ' ')
			p++;
		if (strncasecmp(p, name, nl) == 0 && p[nl] == '=') {
			const char *v = p + nl + 1;
			size_t len;
			if (*v == '"') {
				v++;
				len = strcspn(v, "\"");
			} else {
				len = strcspn(v, "; ");
			}
			return arena_strndup(a, v, len);
		}
		p = strchr(p, ';');
	}
	return NULL;
}

static enum herr
read_body(struct request *r, req_read_fn rd, void *ctx, size_t len, char **out)
{
	char *b = arena_alloc(r->arena, len + 1);
	size_t got = 0;
	while (got < len) {
		long n = rd(ctx, b + got, len - got);
		if (n <= 0)
			return HE_BAD_REQUEST;     /* body shorter than Content-Length */
		got += (size_t)n;
	}
	b[len] = '\0';
	*out = b;
	return HE_OK;
}

static enum herr
parse_json_body(struct request *r, const char *body, size_t len)
{
	if (!utf8_valid(body, len))
		return HE_BAD_REQUEST;
	json_tokener *tok = json_tokener_new_ex(32);
	if (tok == NULL)
		return HE_INTERNAL;
	/* Strict: no trailing commas, leading zeros or True/False/Null. */
	json_tokener_set_flags(tok, JSON_TOKENER_STRICT);
	json_object *obj = json_tokener_parse_ex(tok, body, (int)len);
	enum json_tokener_error err = json_tokener_get_error(tok);
	size_t used = json_tokener_get_parse_end(tok);
	json_tokener_free(tok);
	if (obj == NULL || err != json_tokener_success) {
		json_object_put(obj);
		return HE_BAD_REQUEST;
	}
	for (size_t i = used; i < len; i++) {
		if (!isspace((unsigned char)body[i])) {
			json_object_put(obj);
			return HE_BAD_REQUEST;
		}
	}
	if (!json_object_is_type(obj, json_type_object)) {
		json_object_put(obj);
		return HE_BAD_REQUEST;
	}
	r->json = obj;
	return HE_OK;
}

enum herr
req_parse(struct request *r, char *const *envp, req_read_fn rd, void *ctx, const char *spool_dir)
{
	struct arena *a = r->arena;
	const char *v;

	for (char *const *e = envp; e != NULL && *e != NULL; e++) {
		if (strncmp(*e, "HTTP_", 5) == 0) {
			const char *eq = strchr(*e, '=');
			if (eq != NULL)
				kv_add(a, &r->headers, arena_strndup(a, *e, (size_t)(eq - *e)), arena_strdup(a, eq + 1));
		}
	}
	r->method_name = arena_strdup(a, (v = req_env(envp, "REQUEST_METHOD")) ? v : "GET");
	r->method = method_of(r->method_name);
	r->request_id = arena_strdup(a, (v = req_env(envp, "REQUEST_ID")) ? v : "");
	r->client_ip = arena_strdup(a, (v = req_env(envp, "REMOTE_ADDR")) ? v : "");
	r->user_agent = arena_strdup(a, (v = req_header(r, "HTTP_USER_AGENT")) ? v : "");
	r->https = (v = req_env(envp, "HTTPS")) != NULL && strcasecmp(v, "on") == 0;
	r->uri = arena_strdup(a, (v = req_env(envp, "REQUEST_URI")) ? v : "/");

	/* nginx gives the decoded, normalised path in DOCUMENT_URI. */
	if ((v = req_env(envp, "DOCUMENT_URI")) != NULL && *v) {
		r->path = arena_strdup(a, v);
	} else {
		size_t n = strcspn(r->uri, "?");
		r->path = req_urldecode(a, r->uri, n, 0);
		if (r->path == NULL)
			return HE_BAD_REQUEST;
	}
	if (!utf8_text_ok(r->path, strlen(r->path)))
		return HE_BAD_REQUEST;

	r->query_string = arena_strdup(a, (v = req_env(envp, "QUERY_STRING")) ? v : "");
	if (req_parse_urlencoded(a, &r->query, r->query_string, strlen(r->query_string)) != HE_OK)
		return HE_BAD_REQUEST;
	if (req_parse_cookies(a, &r->cookies, req_header(r, "HTTP_COOKIE")) != HE_OK)
		return HE_BAD_REQUEST;
	r->format = req_negotiate(req_header(r, "HTTP_ACCEPT"), req_query(r, "format"));

	const char *ct = req_env(envp, "CONTENT_TYPE");
	r->content_type = media_type(a, ct ? ct : "");
	v = req_env(envp, "CONTENT_LENGTH");
	size_t len = 0;
	if (v != NULL && *v) {
		char *end;
		unsigned long long n = strtoull(v, &end, 10);
		if (*end || v[0] == '-')
			return HE_BAD_REQUEST;
		len = (size_t)n;
	}
	if (len == 0)
		return HE_OK;

	size_t max_body = (size_t)config_int("max_body", REQ_MAX_BODY_DEFAULT);
	size_t max_upload = (size_t)config_int("max_upload", REQ_MAX_UPLOAD_DEFAULT);
	if (strcmp(r->content_type, "multipart/form-data") == 0) {
		if (len > max_upload)
			return HE_TOO_LARGE;
		const char *boundary = ct_param(a, ct, "boundary");
		if (boundary == NULL || *boundary == '\0' || strlen(boundary) > 70)
			return HE_BAD_REQUEST;
		r->from_form = 1;
		return req_parse_multipart(r, boundary, rd, ctx, len, spool_dir);
	}
	if (len > max_body)
		return HE_TOO_LARGE;
	char *body;
	enum herr e = read_body(r, rd, ctx, len, &body);
	if (e != HE_OK)
		return e;
	if (strcmp(r->content_type, "application/x-www-form-urlencoded") == 0) {
		r->from_form = 1;
		return req_parse_urlencoded(a, &r->form, body, len);
	}
	if (strcmp(r->content_type, "application/json") == 0 ||
	    strcmp(r->content_type, "application/merge-patch+json") == 0) {
		r->raw_body = body;      /* as sent: a signature over the body covers these bytes */
		r->raw_len = len;
		return parse_json_body(r, body, len);
	}
	return HE_UNSUPPORTED;
}

json_object *
req_input(struct request *r)
{
	if (r->json != NULL)
		return r->json;
	if (r->input != NULL)
		return r->input;
	json_object *o = json_object_new_object();
	for (size_t i = 0; i < r->form.n; i++) {
		const char *k = r->form.v[i].key;
		if (k[0] == '_')          /* _csrf, _method: transport, not data */
			continue;
		json_object_object_add(o, k, json_object_new_string(r->form.v[i].val));
	}
	r->input = o;      /* freed by req_cleanup */
	return o;
}
