/* webhooks.c: webhook subscriptions, for admins (sql/018, docs/webhooks.md):
 * list and create (the secret shown once), a subscription's page (edit
 * with version/409, rotate the secret, send a test event, delete), its
 * delivery log (keyset pages) with each delivery's attempts, and replay.
 * Every change is audited; secrets never reach the audit log or a page
 * after the one that shows them. The URL is checked by lib/netguard (only
 * http(s), no private or loopback host unless webhooks_allow_private);
 * hearth-worker checks the address again when it connects. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "auth_family.h"
#include "config.h"
#include "crypto.h"
#include "list.h"
#include "log.h"
#include "netguard.h"
#include "resp.h"

#define WH_SECRET_PREFIX "whsec_"
#define WH_SECRET_BYTES  32
#define WH_SECRET_LEN    (sizeof(WH_SECRET_PREFIX) - 1 + 43)   /* prefix + base64url of 32 bytes */
#define WH_SECRET_BUF    (sizeof(WH_SECRET_PREFIX) + 48)       /* crypto_b64url writes 4*ceil(n/3)+1 */
#define WH_LOG_SHOWN     "20"                                 /* deliveries on the subscription's page */

#define SUB_COLS \
	"s.id, s.url, s.description, s.events, s.secret_hint, s.active, s.disabled_at, s.disabled_reason," \
	" s.consecutive_failures, s.dead_streak, s.last_success_at, s.last_failure_at, s.version," \
	" s.created_by, s.created_at, s.updated_at"
#define DELIVERY_COLS \
	"d.id, d.subscription_id, d.event_id, d.event_type, d.status, d.attempts, d.next_attempt_at," \
	" d.last_status, d.last_error, round(d.last_ms::numeric, 1)::float8 AS last_ms, d.last_attempt_at," \
	" d.delivered_at, d.dead_at, d.created_at"

static const char *
sub_href(struct request *r, long long id)
{
	return arena_printf(r->arena, "/auth/webhooks/%lld", id);
}

static void
wh_page(struct request *r)
{
	json_object_object_add(r->page, "family", json_object_new_string("webhooks"));
}

/* ---- the event catalogue and the patterns chosen from it ---- */

DB_STMT(wh_types, "SELECT type, description, example FROM core.webhook_event_types ORDER BY type");

/* The catalogue's rows (kept for the request). */
static PGresult *
wh_catalogue(struct request *r)
{
	return db_q0(r, &wh_types);
}

/* Whether pattern names something in the catalogue: '*', a type, or
 * 'entity.*' for an entity that has types. */
static int
pattern_known(PGresult *cat, const char *p)
{
	if (strcmp(p, "*") == 0)
		return 1;
	size_t n = strlen(p);
	int wild = n > 2 && strcmp(p + n - 2, ".*") == 0;
	for (int i = 0; i < PQntuples(cat); i++) {
		const char *t = PQgetvalue(cat, i, 0);
		if (wild ? strncmp(t, p, n - 1) == 0 : strcmp(t, p) == 0)
			return 1;
	}
	return 0;
}

struct patterns {
	const char *v[100];
	size_t      n;
};

static int
patterns_has(const struct patterns *ps, const char *p)
{
	for (size_t i = 0; i < ps->n; i++)
		if (strcmp(ps->v[i], p) == 0)
			return 1;
	return 0;
}

/* Adds the comma-separated patterns of s; -1 (a field error) on an unknown one. */
static int
patterns_add(struct request *r, PGresult *cat, struct patterns *ps, const char *s)
{
	char *copy = arena_strdup(r->arena, s), *save = NULL;
	for (char *t = strtok_r(copy, ", ", &save); t; t = strtok_r(NULL, ", ", &save)) {
		if (!pattern_known(cat, t)) {
			resp_field_error(r, "events", arena_printf(r->arena,
			    "\"%.60s\" is not in the event catalogue: choose event types, \"family.*\" or \"*\".", t));
			return -1;
		}
		if (patterns_has(ps, t))
			continue;
		if (ps->n == sizeof(ps->v) / sizeof(ps->v[0])) {
			resp_field_error(r, "events", "At most 100 event patterns.");
			return -1;
		}
		ps->v[ps->n++] = t;
	}
	return 0;
}

/* The patterns sent as "events": a JSON array of strings (or one string),
 * or one form field per ticked box. required: at least one. 0, or -1 with
 * a field error. */
static int
patterns_input(struct request *r, PGresult *cat, struct patterns *ps, int required)
{
	int rc = 0;
	ps->n = 0;
	if (r->json != NULL) {
		json_object *v = NULL;
		json_object_object_get_ex(r->json, "events", &v);
		if (v != NULL && json_object_is_type(v, json_type_array)) {
			for (size_t i = 0; i < json_object_array_length(v) && rc == 0; i++) {
				json_object *e = json_object_array_get_idx(v, i);
				if (e == NULL || !json_object_is_type(e, json_type_string)) {
					resp_field_error(r, "events", "Send events as strings, e.g. [\"customer.created\"].");
					rc = -1;
				} else {
					rc = patterns_add(r, cat, ps, json_object_get_string(e));
				}
			}
		} else if (v != NULL && json_object_is_type(v, json_type_string)) {
			rc = patterns_add(r, cat, ps, json_object_get_string(v));
		} else if (v != NULL) {
			resp_field_error(r, "events", "Send events as an array of strings, e.g. [\"customer.*\"].");
			rc = -1;
		} else if (!required) {
			return 1;                              /* absent from a PATCH: unchanged */
		}
	} else {
		for (size_t i = 0; i < r->form.n && rc == 0; i++)
			if (strcmp(r->form.v[i].key, "events") == 0 && r->form.v[i].val[0] != '\0')
				rc = patterns_add(r, cat, ps, r->form.v[i].val);
	}
	if (rc == 0 && ps->n == 0) {
		resp_field_error(r, "events", "Choose at least one event type.");
		rc = -1;
	}
	return rc;
}

/* The patterns as a PostgreSQL array literal (each is [a-z0-9_.*]). */
static const char *
patterns_pg(struct request *r, const struct patterns *ps)
{
	struct buf b;
	buf_init(&b);
	buf_puts(&b, "{");
	for (size_t i = 0; i < ps->n; i++) {
		if (i)
			buf_puts(&b, ",");
		buf_puts(&b, "\"");
		buf_puts(&b, ps->v[i]);
		buf_puts(&b, "\"");
	}
	buf_puts(&b, "}");
	const char *s = arena_strdup(r->arena, b.data);
	buf_free(&b);
	return s;
}

/* The choices for the form: '*', then per entity 'entity.*' and its
 * types, each {value, label, description, group, checked}. */
static json_object *
patterns_choices(struct request *r, PGresult *cat, const struct patterns *chosen)
{
	json_object *a = req_arr(r);
	json_object *all = json_object_new_object();
	json_object_object_add(all, "value", json_object_new_string("*"));
	json_object_object_add(all, "label", json_object_new_string("Every event"));
	json_object_object_add(all, "description", json_object_new_string("Including types added later."));
	json_object_object_add(all, "group", json_object_new_boolean(1));
	json_object_object_add(all, "checked", json_object_new_boolean(chosen && patterns_has(chosen, "*")));
	json_object_array_add(a, all);
	char entity[64] = "";
	for (int i = 0; i < PQntuples(cat); i++) {
		const char *t = PQgetvalue(cat, i, 0), *dot = strchr(t, '.');
		size_t n = dot ? (size_t)(dot - t) : strlen(t);
		if (n < sizeof(entity) && (strncmp(entity, t, n) != 0 || entity[n] != '\0')) {
			memcpy(entity, t, n);
			entity[n] = '\0';
			const char *v = arena_printf(r->arena, "%s.*", entity);
			json_object *g = json_object_new_object();
			json_object_object_add(g, "value", json_object_new_string(v));
			json_object_object_add(g, "label", json_object_new_string(v));
			json_object_object_add(g, "description", json_object_new_string(
			    arena_printf(r->arena, "Every %s event.", entity)));
			json_object_object_add(g, "group", json_object_new_boolean(1));
			json_object_object_add(g, "checked", json_object_new_boolean(chosen && patterns_has(chosen, v)));
			json_object_array_add(a, g);
		}
		json_object *o = json_object_new_object();
		json_object_object_add(o, "value", json_object_new_string(t));
		json_object_object_add(o, "label", json_object_new_string(t));
		json_object_object_add(o, "description", json_object_new_string(PQgetvalue(cat, i, 1)));
		json_object_object_add(o, "group", json_object_new_boolean(0));
		json_object_object_add(o, "checked", json_object_new_boolean(chosen && patterns_has(chosen, t)));
		json_object_array_add(a, o);
	}
	return a;
}

/* The patterns of a stored subscription (its "events" array). */
static void
patterns_of(json_object *sub, struct patterns *ps)
{
	json_object *ev = NULL;
	ps->n = 0;
	if (!json_object_object_get_ex(sub, "events", &ev) || !json_object_is_type(ev, json_type_array))
		return;
	for (size_t i = 0; i < json_object_array_length(ev) && ps->n < 100; i++)
		ps->v[ps->n++] = json_object_get_string(json_object_array_get_idx(ev, i));
}

/* ---- the URL and the secret ---- */

/* A field error for a URL that may not receive webhooks; 0 when it may. */
static int
url_check(struct form *f, const char *url)
{
	char why[256];
	if (url == NULL || *url == '\0')
		return -1;                               /* form_text said so */
	if (netguard_url_check(url, netguard_allow_private(), why, sizeof(why)) != 0) {
		form_error(f, "url", arena_strdup(f->r->arena, why));
		return -1;
	}
	return 0;
}

/* A new secret (whsec_ + 43 base64url characters) and its sealed form for
 * subscription id as a bytea parameter; -1 on failure. */
static int
secret_new(struct request *r, long long id, char secret[WH_SECRET_BUF], const char **sealed)
{
	unsigned char raw[WH_SECRET_BYTES], key[32], out[WH_SECRET_LEN + CRYPTO_SEAL_OVERHEAD];
	if (crypto_random(raw, sizeof(raw)) != 0)
		return -1;
	memcpy(secret, WH_SECRET_PREFIX, sizeof(WH_SECRET_PREFIX) - 1);
	crypto_b64url(secret + sizeof(WH_SECRET_PREFIX) - 1, raw, sizeof(raw));
	explicit_bzero(raw, sizeof(raw));
	if (crypto_secret_key(key) != 0) {
		log_error(r, "secret_key (64 hex digits) is missing from the configuration: tools/hearth up adds one");
		return -1;
	}
	const char *aad = arena_printf(r->arena, "webhook:%lld", id);
	long len = crypto_seal(key, aad, strlen(aad), secret, strlen(secret), out, sizeof(out));
	explicit_bzero(key, sizeof(key));
	if (len < 0)
		return -1;
	char *hex = arena_alloc(r->arena, 2 * (size_t)len + 3);
	hex[0] = '\\';
	hex[1] = 'x';
	crypto_hex(hex + 2, out, (size_t)len);
	*sealed = hex;
	return 0;
}

/* ---- the list, and creating ---- */

DB_STMT_PLANNED(wh_list,
    "SELECT " SUB_COLS ", s.id::text AS sort_key FROM core.webhook_subscriptions s"
    " WHERE ($1::bigint IS NULL OR s.id < $1) ORDER BY s.id DESC LIMIT $2");

static const struct list_sort wh_sorts[] = {
	{ "-created_at", "Newest", "sort_key" },
	{ NULL, NULL, NULL },
};

/* The list page's data as r->data: the subscriptions and, for HTML, the
 * create form's choices (chosen: what a form shown again had ticked). */
static enum herr
wh_list_page(struct request *r, PGresult *cat, const struct patterns *chosen)
{
	struct list_query lq;
	enum herr e = list_parse_beside_form(r, wh_sorts, &lq, "auth/webhooks_list.cs");
	if (e != HE_OK)
		return e;
	PGresult *res = db_q(r, &wh_list, lq.after_id, lq.limit_plus_one);
	if (res == NULL)
		return db_fail(r);
	json_object *out = req_json(r, list_answer(r, &lq, res));
	if (r->format == FMT_HTML) {
		if (cat == NULL && (cat = wh_catalogue(r)) == NULL)
			return db_fail(r);
		json_object_object_add(out, "choices", json_object_get(patterns_choices(r, cat, chosen)));
		json_object_object_add(out, "allow_private", json_object_new_boolean(netguard_allow_private()));
		if (r->form_values == NULL) {              /* a new subscription is on */
			json_object *fv = req_obj(r);
			json_object_object_add(fv, "active", json_object_new_string("1"));
			req_set_form_values(r, fv);
		}
		record_crumbs(r, "Webhooks", "Background work", "/auth/worker", "Webhooks", NULL, NULL);
		wh_page(r);
	}
	return resp_ok(r, "auth/webhooks_list.cs", out);
}

/* GET /auth/webhooks (limit, after) → 200 {items, next}: every
 * subscription, newest first, never a secret (HTML: with the form that
 * creates one, the disabled ones flagged). auth:admin. */
enum herr
auth_webhooks_list(struct request *r)
{
	return wh_list_page(r, NULL, NULL);
}

DB_STMT(wh_next_id, "SELECT nextval('core.webhook_subscriptions_id_seq')");
DB_STMT(wh_insert,
    "INSERT INTO core.webhook_subscriptions AS s (id, url, description, events, secret_sealed, secret_hint,"
    " active, created_by) VALUES ($1, $2, $3, $4::text[], $5::bytea, $6, $7::boolean, $8) RETURNING " SUB_COLS);

/* The answer that shows a secret once: JSON the subscription with
 * "secret"; HTML a page with it. */
static enum herr
wh_secret_answer(struct request *r, json_object *sub, const char *secret, const char *title)
{
	json_object_object_add(sub, "secret", json_object_new_string(secret));
	no_store(r);
	if (r->format == FMT_HTML) {
		long long id = record_int(sub, "id");
		record_crumbs(r, title, "Webhooks", "/auth/webhooks", record_str(sub, "url"), sub_href(r, id), title,
		    NULL, NULL);
		wh_page(r);
	}
	return resp_ok(r, "auth/webhooks_secret.cs", sub);
}

/* POST /auth/webhooks (url, description, events: patterns from the
 * catalogue, active) → 201 + Location, the subscription with its secret
 * (shown this once; HTML: a page with it); 422 field errors (a URL that
 * is not http(s), has credentials, or reaches a private or loopback
 * address; unknown events), HTML: the list page with the form again.
 * auth:admin; no-store. */
enum herr
auth_webhooks_create(struct request *r)
{
	PGresult *cat = wh_catalogue(r);
	if (cat == NULL)
		return db_fail(r);
	struct form f;
	struct patterns ps;
	form_begin(&f, r, NULL);
	const char *url = form_text(&f, "url", V_REQUIRED, 2000);
	const char *desc = form_text(&f, "description", 0, 500);
	int active = 1;                                /* JSON: on unless said otherwise */
	if (r->from_form || json_object_object_get_ex(req_input(r), "active", NULL))
		active = form_bool(&f, "active");
	url_check(&f, url);
	form_allow(&f, "events");                      /* read by patterns_input */
	if (patterns_input(r, cat, &ps, 1) != 0)
		f.nerr++;
	if (!form_ok(&f)) {
		if (r->format != FMT_HTML)
			return HE_INVALID;
		r->status = 422;
		req_set_form_values(r, req_input(r));
		enum herr e = wh_list_page(r, cat, &ps);
		return e == HE_OK ? HE_INVALID : e;
	}
	enum herr e = db_begin(r);
	if (e != HE_OK)
		return e;
	PGresult *res = db_q0(r, &wh_next_id);
	if (res == NULL)
		return db_fail(r);
	long long id = strtoll(PQgetvalue(res, 0, 0), NULL, 10);
	char secret[WH_SECRET_BUF];
	const char *sealed;
	if (secret_new(r, id, secret, &sealed) != 0)
		return HE_INTERNAL;
	res = db_q(r, &wh_insert, db_int(r, id), url, desc ? desc : "", patterns_pg(r, &ps), sealed,
	    secret + strlen(secret) - 4, active ? "true" : "false",
	    r->principal.user_id > 0 ? db_int(r, r->principal.user_id) : NULL);
	if (res == NULL) {
		explicit_bzero(secret, sizeof(secret));
		return db_fail(r);
	}
	json_object *sub = req_json(r, db_row_json(res, 0));
	if ((e = record_commit(r, "webhook.create", "webhook", id, NULL, sub, NULL)) != HE_OK) {
		explicit_bzero(secret, sizeof(secret));
		return e;
	}
	resp_header(r, "Location", sub_href(r, id));
	r->status = 201;
	e = wh_secret_answer(r, sub, secret, "Your new webhook");
	explicit_bzero(secret, sizeof(secret));
	return e;
}

/* ---- one subscription ---- */

DB_STMT(wh_get, "SELECT " SUB_COLS " FROM core.webhook_subscriptions s WHERE s.id = $1");
DB_STMT(wh_get_for_update, "SELECT " SUB_COLS " FROM core.webhook_subscriptions s WHERE s.id = $1 FOR UPDATE");
/* A subscription's deliveries, newest first; $2 cursor (the last id shown), $3 limit+1. */
DB_STMT_PLANNED(wh_deliveries,
    "SELECT " DELIVERY_COLS ", d.id::text AS sort_key FROM core.webhook_deliveries d"
    " WHERE d.subscription_id = $1 AND ($2::bigint IS NULL OR d.id < $2) ORDER BY d.id DESC LIMIT $3");

static const struct list_sort wh_delivery_sorts[] = {
	{ "-id", "Newest", "sort_key" },
	{ NULL, NULL, NULL },
};

/* The subscription's page (HTML): the record, the edit form's choices,
 * and a page of its delivery log. r->data is set; e is the answer's herr
 * (HE_OK, or the form error being shown again). */
static enum herr
wh_show_page(struct request *r, json_object *sub, const struct patterns *chosen, enum herr e)
{
	long long id = record_int(sub, "id");
	PGresult *cat = wh_catalogue(r);
	if (cat == NULL)
		return db_fail(r);
	struct patterns stored;
	if (chosen == NULL) {
		patterns_of(sub, &stored);
		chosen = &stored;
	}
	json_object *errors = req_json(r, r->errors);
	r->errors = NULL;
	struct list_query lq;
	enum herr le = list_parse(r, wh_delivery_sorts, &lq);
	r->errors = json_object_get(errors);
	if (le != HE_OK)
		return le;
	PGresult *res = db_q(r, &wh_deliveries, db_int(r, id), lq.after_id, lq.limit_plus_one);
	if (res == NULL)
		return db_fail(r);
	json_object_object_add(sub, "deliveries", json_object_get(req_json(r, list_answer(r, &lq, res))));
	json_object_object_add(sub, "choices", json_object_get(patterns_choices(r, cat, chosen)));
	record_crumbs(r, record_str(sub, "url"), "Webhooks", "/auth/webhooks", record_str(sub, "url"), NULL, NULL);
	wh_page(r);
	if (e != HE_OK)
		return record_form_again(r, e, "auth/webhooks_show.cs", sub);
	if (r->form_values == NULL)
		req_set_form_values(r, record_as_form(r, sub));
	return resp_ok(r, "auth/webhooks_show.cs", sub);
}

/* GET /auth/webhooks/:id → 200 the subscription {id, url, description,
 * events, secret_hint, active, disabled_at, disabled_reason,
 * consecutive_failures, dead_streak, last_success_at, last_failure_at,
 * version, created_by, created_at, updated_at}; HTML: its page with the
 * edit form and the newest deliveries (after: the next page). 404. */
enum herr
auth_webhooks_show(struct request *r)
{
	json_object *sub;
	enum herr e = record_get(r, &wh_get, req_param_id(r, "id"), &sub);
	if (e != HE_OK)
		return e;
	if (r->format != FMT_HTML)
		return resp_ok(r, NULL, sub);
	return wh_show_page(r, sub, NULL, HE_OK);
}

/* GET /auth/webhooks/:id/deliveries (limit, after) → 200 {items, next}:
 * the delivery log, newest first: {id, subscription_id, event_id,
 * event_type, status (pending|retrying|delivered|dead), attempts,
 * next_attempt_at, last_status, last_error, last_ms, last_attempt_at,
 * delivered_at, dead_at, created_at}; HTML: the subscription's page. 404. */
enum herr
auth_webhooks_deliveries(struct request *r)
{
	json_object *sub;
	enum herr e = record_get(r, &wh_get, req_param_id(r, "id"), &sub);
	if (e != HE_OK)
		return e;
	if (r->format == FMT_HTML)
		return wh_show_page(r, sub, NULL, HE_OK);
	struct list_query lq;
	if ((e = list_parse(r, wh_delivery_sorts, &lq)) != HE_OK)
		return e;
	PGresult *res = db_q(r, &wh_deliveries, db_int(r, record_int(sub, "id")), lq.after_id, lq.limit_plus_one);
	if (res == NULL)
		return db_fail(r);
	return resp_ok(r, NULL, req_json(r, list_answer(r, &lq, res)));
}

DB_STMT(wh_delivery_get,
    "SELECT " DELIVERY_COLS ", s.url,"
    " (SELECT coalesce(json_agg(x ORDER BY x.id DESC), '[]') FROM (SELECT a.id, core.rfc3339(a.at) AS at,"
    "    a.status, round(a.ms::numeric, 1) AS ms, a.error, a.response_body, a.worker"
    "    FROM core.webhook_attempts a WHERE a.delivery_id = d.id ORDER BY a.id DESC LIMIT 50) x) AS attempts_log"
    " FROM core.webhook_deliveries d JOIN core.webhook_subscriptions s ON s.id = d.subscription_id"
    " WHERE d.id = $1 AND d.subscription_id = $2");

/* GET /auth/webhooks/:id/deliveries/:did → 200 the delivery with url and
 * attempts_log [{id, at, status, ms, error, response_body (its first
 * 1 KB), worker}] (the 50 newest); 404. */
enum herr
auth_webhooks_delivery_show(struct request *r)
{
	long long id = req_param_id(r, "id"), did = req_param_id(r, "did");
	if (id <= 0 || did <= 0)
		return HE_NOT_FOUND;
	PGresult *res = db_q(r, &wh_delivery_get, db_int(r, did), db_int(r, id));
	if (res == NULL)
		return db_fail(r);
	if (PQntuples(res) != 1)
		return HE_NOT_FOUND;
	json_object *d = req_json(r, db_row_json(res, 0));
	if (r->format == FMT_HTML) {
		const char *title = arena_printf(r->arena, "Delivery %lld", did);
		record_crumbs(r, title, "Webhooks", "/auth/webhooks", record_str(d, "url"), sub_href(r, id), title,
		    NULL, NULL);
		wh_page(r);
	}
	return resp_ok(r, "auth/webhooks_delivery.cs", d);
}

DB_STMT(wh_update,
    "UPDATE core.webhook_subscriptions s SET url = $3, description = $4, events = $5::text[],"
    " active = $6::boolean,"
    " disabled_at = CASE WHEN $6::boolean THEN NULL ELSE s.disabled_at END,"
    " disabled_reason = CASE WHEN $6::boolean THEN NULL ELSE s.disabled_reason END,"
    " dead_streak = CASE WHEN $6::boolean AND NOT s.active THEN 0 ELSE s.dead_streak END,"
    " version = s.version + 1, updated_at = now()"
    " WHERE s.id = $1 AND s.version = $2 RETURNING " SUB_COLS);

/* PATCH /auth/webhooks/:id (url, description, events, active; version or
 * If-Match; form: POST with _method=PATCH) → 200 the subscription (HTML:
 * 303 to it); 404; 409 stale version with the current record; 422 field
 * errors. Switching a disabled subscription on clears its notice; its
 * waiting deliveries then go out. */
enum herr
auth_webhooks_update(struct request *r)
{
	long long id = req_param_id(r, "id");
	PGresult *cat = wh_catalogue(r);
	if (cat == NULL)
		return db_fail(r);
	enum herr e = db_begin(r);
	if (e != HE_OK)
		return e;
	json_object *cur;
	if ((e = record_get(r, &wh_get_for_update, id, &cur)) != HE_OK)
		return e;
	struct form f;
	struct patterns ps;
	form_begin(&f, r, cur);
	const char *url = form_text(&f, "url", V_REQUIRED, 2000);
	const char *desc = form_text(&f, "description", 0, 500);
	int active = form_bool(&f, "active");
	if (url && strcmp(url, record_str(cur, "url")) != 0)
		url_check(&f, url);
	form_allow(&f, "events");
	int pr = patterns_input(r, cat, &ps, r->from_form);
	if (pr < 0)
		f.nerr++;
	else if (pr == 1)
		patterns_of(cur, &ps);
	e = form_ok(&f) ? record_version_check(r, &f, cur) : HE_INVALID;
	if (e != HE_OK) {
		db_rollback(r);
		if (r->format != FMT_HTML)
			return e;
		json_object *shown = e == HE_CONFLICT && r->data ? r->data : cur;
		return wh_show_page(r, shown, pr == 0 && e != HE_CONFLICT ? &ps : NULL, e);
	}
	PGresult *res = db_q(r, &wh_update, db_int(r, id), db_int(r, record_int(cur, "version")), url,
	    desc ? desc : "", patterns_pg(r, &ps), active ? "true" : "false");
	if (res == NULL)
		return db_fail(r);
	json_object *sub = req_json(r, db_row_json(res, 0));
	if ((e = record_commit(r, "webhook.update", "webhook", id, cur, sub, NULL)) != HE_OK)
		return e;
	return record_done(r, 0, sub_href(r, id), "Webhook saved.", sub);
}

DB_STMT(wh_delete, "DELETE FROM core.webhook_subscriptions s WHERE s.id = $1 RETURNING " SUB_COLS);

/* DELETE /auth/webhooks/:id (form: POST with _method=DELETE) → 204
 * (HTML: 303 to the list): the subscription, its deliveries and their
 * log are gone; 404. */
enum herr
auth_webhooks_delete(struct request *r)
{
	long long id;
	PGresult *res;
	enum herr e = record_begin_by_id(r, &wh_delete, &id, &res);
	if (e != HE_OK)
		return e;
	if (PQntuples(res) == 0)
		return HE_NOT_FOUND;
	json_object *before = req_json(r, db_row_json(res, 0));
	if ((e = record_commit(r, "webhook.delete", "webhook", id, before, NULL, NULL)) != HE_OK)
		return e;
	if (r->format == FMT_HTML) {
		resp_flash(r, "success", "Webhook deleted.");
		return resp_redirect(r, 303, "/auth/webhooks");
	}
	r->status = 204;
	return HE_OK;
}

DB_STMT(wh_secret_set,
    "UPDATE core.webhook_subscriptions s SET secret_sealed = $2::bytea, secret_hint = $3,"
    " version = s.version + 1, updated_at = now() WHERE s.id = $1 RETURNING " SUB_COLS);

/* POST /auth/webhooks/:id/secret → 200 the subscription with its new
 * secret, shown this once (HTML: a page with it). The old secret stops
 * signing at once: deliveries from now on carry the new one. 404. */
enum herr
auth_webhooks_rotate(struct request *r)
{
	long long id = req_param_id(r, "id");
	if (id <= 0)
		return HE_NOT_FOUND;
	enum herr e = db_begin(r);
	if (e != HE_OK)
		return e;
	json_object *cur;
	if ((e = record_get(r, &wh_get_for_update, id, &cur)) != HE_OK)
		return e;
	char secret[WH_SECRET_BUF];
	const char *sealed;
	if (secret_new(r, id, secret, &sealed) != 0)
		return HE_INTERNAL;
	PGresult *res = db_q(r, &wh_secret_set, db_int(r, id), sealed, secret + strlen(secret) - 4);
	if (res == NULL) {
		explicit_bzero(secret, sizeof(secret));
		return db_fail(r);
	}
	json_object *sub = req_json(r, db_row_json(res, 0));
	if ((e = record_commit(r, "webhook.secret_rotate", "webhook", id, cur, sub, NULL)) != HE_OK) {
		explicit_bzero(secret, sizeof(secret));
		return e;
	}
	e = wh_secret_answer(r, sub, secret, "New secret");
	explicit_bzero(secret, sizeof(secret));
	return e;
}

/* Opens the transaction of an action that sends something to subscription
 * id: 0 when it is active (go on); 1 when the answer is made and *e is to
 * be returned: 404, or it is off: 409 (HTML: 303 back with a notice). */
static int
wh_begin_active(struct request *r, long long id, const char *purpose, enum herr *e)
{
	json_object *cur, *active = NULL;
	if ((*e = db_begin(r)) != HE_OK || (*e = record_get(r, &wh_get, id, &cur)) != HE_OK)
		return 1;
	json_object_object_get_ex(cur, "active", &active);
	if (json_object_get_boolean(active))
		return 0;
	db_rollback(r);
	const char *why = arena_printf(r->arena, "This webhook is switched off: switch it on (Active) %s.", purpose);
	if (r->format == FMT_HTML) {
		*e = record_done(r, 0, sub_href(r, id), why, NULL);
		return 1;
	}
	r->problem_detail = why;
	*e = HE_CONFLICT;
	return 1;
}

/* POST /auth/webhooks/:id/ping → 202 {event: "webhook.ping",
 * subscription_id}: a test event, through the outbox like any other, to
 * this subscription only (HTML: 303 back with a notice); 409 when it is
 * switched off (nothing would be sent); 404. */
enum herr
auth_webhooks_ping(struct request *r)
{
	long long id = req_param_id(r, "id");
	enum herr e;
	if (wh_begin_active(r, id, "to send a test event", &e))
		return e;
	json_object *out = req_obj(r);
	json_object_object_add(out, "event", json_object_new_string("webhook.ping"));
	json_object_object_add(out, "subscription_id", json_object_new_int64(id));
	if ((e = record_commit(r, "webhook.ping", "webhook", id, NULL, out, "webhook.ping")) != HE_OK)
		return e;
	if (r->format == FMT_HTML) {
		resp_flash(r, "success", "Test event sent: it appears in the delivery log below in a moment.");
		return resp_redirect(r, 303, sub_href(r, id));
	}
	r->status = 202;
	return resp_ok(r, NULL, out);
}

DB_STMT(wh_replay,
    "SELECT d.id, d.subscription_id, d.event_id, d.event_type, d.status, d.attempts, d.next_attempt_at"
    " FROM core.webhook_replay($1, $2) d");

/* POST /auth/webhooks/:id/deliveries/:did/replay → 200 the delivery, due
 * now with a fresh set of attempts (dead, delivered or waiting alike; its
 * log stays); HTML: 303 back with a notice. 409 when the subscription is
 * switched off; 404. */
enum herr
auth_webhooks_replay(struct request *r)
{
	long long id = req_param_id(r, "id"), did = req_param_id(r, "did");
	if (id <= 0 || did <= 0)
		return HE_NOT_FOUND;
	enum herr e;
	if (wh_begin_active(r, id, "to replay a delivery", &e))
		return e;
	PGresult *res = db_q(r, &wh_replay, db_int(r, id), db_int(r, did));
	if (res == NULL)
		return db_fail(r);
	if (PQntuples(res) != 1)
		return HE_NOT_FOUND;
	json_object *d = req_json(r, db_row_json(res, 0));
	if ((e = record_commit(r, "webhook.replay", "webhook_delivery", did, NULL, d, NULL)) != HE_OK)
		return e;
	return record_done(r, 0, sub_href(r, id), arena_printf(r->arena, "Delivery %lld is being sent again.", did), d);
}
