/* req: one HTTP request as the responder sees it, read from the FastCGI
 * environment and body into the request's arena. Also holds the answer
 * being built (resp.h) so one struct owns all of a request's state.
 *
 * JSON ownership, one rule for lib/ and the handlers: every json_object a
 * request makes is handed to its arena when it is made (req_json, req_obj,
 * req_arr) and put when the request ends; everyone else borrows, so no
 * handler calls json_object_put. A place that stores an object (r->data,
 * r->form_values, r->errors, r->page, a parent object or array) takes a
 * reference of its own: req_set_data / req_set_form_values, or
 * json_object_object_add(parent, key, json_object_get(child)) for an
 * arena-owned child (a fresh json_object_new_string child is simply given). */
#ifndef HEARTH_REQ_H
#define HEARTH_REQ_H

#include <stddef.h>
#include <json-c/json.h>
#include "arena.h"
#include "buf.h"
#include "herr.h"

enum http_method { HM_GET, HM_HEAD, HM_POST, HM_PUT, HM_PATCH, HM_DELETE, HM_OPTIONS, HM_OTHER };
enum req_format { FMT_HTML, FMT_JSON, FMT_CSV };

struct kv { const char *key; const char *val; };
struct kvlist { struct kv *v; size_t n, cap; };

/* A file from a multipart body, spooled to disk while it was read. */
struct upload {
	const char *field;
	const char *filename;      /* as sent, path stripped */
	const char *content_type;
	const char *path;          /* spool file; removed when the request ends */
	size_t      size;
	char        sha256[65];
};

/* Who is asking. user_id 0: nobody signed in. */
struct principal {
	long long    user_id;
	const char  *email;
	const char  *name;
	const char  *role;
	const char  *session_id;   /* NULL for bearer tokens */
	const char **perms;        /* "customers:write", ... */
	size_t       nperms;
	int          via_bearer;   /* no cookie, no CSRF */
	/* Bearer principals (lib/auth.c): the scopes that narrow perms (a
	 * bearer without any is allowed nothing), the personal token's id, or
	 * the OAuth client's id (client_id; NULL for a personal token). */
	const char **scopes;       /* "customers:read", ... */
	size_t       nscopes;
	long long    token_id;
	const char  *client_id;
	int          must_change_password;  /* only the password change answers (app.c) */
	int          totp_enabled;          /* two-factor sign-in is on (sql/009) */
	int          totp_required;         /* their role requires it: held at /auth/2fa until on (app.c) */
	/* What pages may ask (HDF can.*), worked out by auth_view_prepare
	 * before rendering, so the view never asks auth: HDF keys, whole
	 * ("can.customers_write", ...) */
	const char **can;
	size_t       ncan;
};

struct route;

struct request {
	struct arena     *arena;

	/* -- what came in -- */
	enum http_method  method;
	const char       *method_name;
	const char       *path;          /* decoded, no query */
	const char       *uri;           /* as sent (for next= links) */
	const char       *query_string;
	const char       *content_type;  /* media type only, lower case */
	const char       *request_id;
	const char       *client_ip;
	const char       *user_agent;
	int               https;
	struct kvlist     headers;       /* HTTP_* names, e.g. "HTTP_IF_MATCH" */
	struct kvlist     query;
	struct kvlist     form;          /* urlencoded or multipart fields */
	struct kvlist     cookies;
	struct kvlist     params;        /* route :params */
	json_object      *json;          /* JSON body (object) or NULL */
	const char       *raw_body;      /* a JSON body's exact bytes (a signature covers them), or NULL */
	size_t            raw_len;
	json_object      *input;         /* req_input() of a form body, made once */
	struct upload    *uploads;
	size_t            nuploads;
	enum req_format   format;        /* negotiated from Accept / ?format= */
	int               from_form;     /* body was a browser form */

	struct principal  principal;
	const struct route *route;
	const char       *family;

	/* -- the answer being built (resp.h) -- */
	int               status;        /* 0 until set */
	struct kvlist     out_headers;
	struct buf        body;
	const char       *template;      /* HTML page template, e.g. "customers/show.cs" */
	json_object      *data;          /* the handler's answer: JSON as is, HDF "data." */
	json_object      *form_values;   /* values to show again in a form (HDF "form.") */
	json_object      *errors;        /* field -> message (HDF "errors.", problem "errors") */
	json_object      *page;          /* extra HDF "page." values: title, crumbs, ... */
	const char *const *csv_columns;  /* list handlers: the CSV columns of data.items */
	const char       *csv_filename;
	const char       *problem_detail;
	int               no_etag;
	int               body_ready;    /* the handler wrote r->body and its Content-Type itself (a CSV it built) */
	/* A streamed answer (resp_stream_begin): the headers and the body went
	 * out as they were made; nothing is rendered or written afterwards. */
	void            (*stream_fn)(void *ctx, const char *p, size_t n);
	void             *stream_ctx;
	int               streamed;
	const char       *csrf;          /* the form token pages embed (auth_view_prepare) */

	/* -- accounting -- */
	double            t_start;
	double            db_ms;
	int               db_queries;
	int               retries;
	int               in_txn;
};

/* Limits (also config: max_body, max_upload). */
#define REQ_MAX_BODY_DEFAULT    (1u << 20)       /* urlencoded / JSON */
#define REQ_MAX_UPLOAD_DEFAULT  (25u << 20)      /* multipart */

/* Read the body: the FastCGI stream in production, a string in tests. */
typedef long (*req_read_fn)(void *ctx, char *dst, size_t n);

/* Fill r from a CGI environment and body. Returns HE_BAD_REQUEST,
 * HE_TOO_LARGE or HE_UNSUPPORTED for input it refuses, HE_OK otherwise.
 * spool_dir is where multipart files go (NULL: $TMPDIR). */
enum herr req_parse(struct request *r, char *const *envp, req_read_fn rd, void *ctx,
                    const char *spool_dir) __attribute__((warn_unused_result));
void req_init(struct request *r, struct arena *a);
void req_cleanup(struct request *r);   /* frees body buffer and json (arena does the rest) */

/* Lookups; NULL when absent. */
const char *req_env(char *const *envp, const char *name);
const char *kv_get(const struct kvlist *l, const char *key);
void kv_add(struct arena *a, struct kvlist *l, const char *key, const char *val);
void kv_set(struct arena *a, struct kvlist *l, const char *key, const char *val);
const char *req_param(const struct request *r, const char *name);  /* route :param */
const char *req_query(const struct request *r, const char *name);
const char *req_cookie(const struct request *r, const char *name);
const char *req_header(const struct request *r, const char *http_name); /* "HTTP_ACCEPT" */
const struct upload *req_upload(const struct request *r, const char *field);
/* Route :param as a positive id; 0 if it is not one. */
long long req_param_id(const struct request *r, const char *name);

/* obj (may be NULL) belongs to r's arena from now on; returns obj. */
json_object *req_json(struct request *r, json_object *obj);
/* A new arena-owned object / array. */
json_object *req_obj(struct request *r);
json_object *req_arr(struct request *r);
/* r->data / r->form_values = obj (may be NULL), a reference of their own. */
void req_set_data(struct request *r, json_object *obj);
void req_set_form_values(struct request *r, json_object *obj);
/* r->page ("page." values), made on first use. */
json_object *req_page(struct request *r);

/* The body's fields as one JSON object, whatever the content type: form
 * fields as strings, JSON as sent. Never NULL. */
json_object *req_input(struct request *r);

/* Parsing pieces, exposed for the unit tests. */
enum herr req_parse_urlencoded(struct arena *a, struct kvlist *out, const char *s, size_t n) __attribute__((warn_unused_result));
enum herr req_parse_cookies(struct arena *a, struct kvlist *out, const char *s) __attribute__((warn_unused_result));
char *req_urldecode(struct arena *a, const char *s, size_t n, int plus_is_space);
enum req_format req_negotiate(const char *accept, const char *format_param);
int req_is_safe_method(enum http_method m);

#endif
