/* audit.c: browsing the audit log (admins): filters, keyset pages newest
 * first on (at, id), CSV export, and one row with its before/after diff.
 * The log itself is append-only and hash-chained (sql/001, sql/010);
 * `hearthctl audit verify` checks the chain. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include "auth_family.h"
#include "config.h"
#include "list.h"
#include "resp.h"

#define AUDIT_CSV_MAX 10000      /* rows in one CSV export (a Link header points on) */

/* Where an audited entity lives, for the link on each row. Families add
 * their entities here. */
#define AUDIT_ENTITY_HREF \
	"CASE a.entity" \
	" WHEN 'customer' THEN '/customers/' || a.entity_id" \
	" WHEN 'contact' THEN '/contacts/' || a.entity_id" \
	" WHEN 'property' THEN '/properties/' || a.entity_id" \
	" WHEN 'communication' THEN '/communications/' || a.entity_id" \
	" WHEN 'document' THEN '/documents/' || a.entity_id" \
	" WHEN 'user' THEN '/auth/users/' || a.entity_id" \
	" WHEN 'role' THEN '/auth/roles/' || coalesce(a.after ->> 'name', a.before ->> 'name')" \
	" END"

/* $1 user id, $2 actor (text, any case), $3 action LIKE prefix, $4 entity,
 * $5 entity id, $6/$7 from/to dates (company days, to inclusive), $8 the
 * company's time zone, $9/$10 cursor (at, id), $11 limit+1, $12 with
 * before/after (CSV, JSON). */
DB_STMT_PLANNED(audit_list,
    "SELECT a.id, a.at, a.user_id, a.actor, u.name AS user_name, a.client_ip, a.request_id,"
    " a.action, a.entity, a.entity_id, " AUDIT_ENTITY_HREF " AS entity_href,"
    " CASE WHEN $12 THEN a.before END AS before, CASE WHEN $12 THEN a.after END AS after,"
    " a.at::text AS sort_key"
    " FROM core.audit a LEFT JOIN auth.users u ON u.id = a.user_id"
    " WHERE ($1::bigint IS NULL OR a.user_id = $1)"
    "   AND ($2::text IS NULL OR lower(a.actor) = lower($2))"
    "   AND ($3::text IS NULL OR a.action LIKE $3)"
    "   AND ($4::text IS NULL OR a.entity = $4)"
    "   AND ($5::bigint IS NULL OR a.entity_id = $5)"
    "   AND ($6::date IS NULL OR a.at >= ($6::date::timestamp AT TIME ZONE $8))"
    "   AND ($7::date IS NULL OR a.at < (($7::date + 1)::timestamp AT TIME ZONE $8))"
    "   AND ($9::timestamptz IS NULL OR (a.at, a.id) < ($9::timestamptz, $10::bigint))"
    " ORDER BY a.at DESC, a.id DESC LIMIT $11");

DB_STMT(audit_user_by_email, "SELECT id FROM auth.users WHERE lower(email) = lower($1)");

static const struct list_sort audit_sorts[] = {
	{ "-at", "Newest first", "sort_key" },
	{ NULL, NULL, NULL },
};

static const char *const audit_csv_columns[] = {
	"id", "at", "user_id", "actor", "user_name", "client_ip", "request_id", "action", "entity",
	"entity_id", "before", "after", NULL,
};

static int
all_digits(const char *s, size_t max)
{
	size_t n = strlen(s);
	return n > 0 && n <= max && strspn(s, "0123456789") == n;
}

/* YYYY-MM-DD that is a real date (the database checks the calendar). */
static int
date_shape(const char *s)
{
	static const char shape[] = "dddd-dd-dd";
	if (strlen(s) != 10)
		return 0;
	for (int i = 0; i < 10; i++)
		if (shape[i] == 'd' ? !isdigit((unsigned char)s[i]) : s[i] != shape[i])
			return 0;
	int m = (s[5] - '0') * 10 + (s[6] - '0'), d = (s[8] - '0') * 10 + (s[9] - '0');
	return m >= 1 && m <= 12 && d >= 1 && d <= 31;
}

/* A query parameter, trimmed; NULL when absent or empty. */
static const char *
filter(struct request *r, const char *name)
{
	const char *v = req_query(r, name);
	if (v == NULL)
		return NULL;
	char *t = valid_trim(r->arena, v);
	return *t ? t : NULL;
}

/* "auth.login" → "auth.login%" with LIKE's metacharacters escaped. */
static const char *
action_prefix(struct request *r, const char *a)
{
	size_t n = strlen(a);
	char *out = arena_alloc(r->arena, 2 * n + 2), *o = out;
	for (; *a; a++) {
		if (*a == '%' || *a == '_' || *a == '\\')
			*o++ = '\\';
		*o++ = *a;
	}
	*o++ = '%';
	*o = '\0';
	return out;
}

struct audit_filters {
	const char *user, *user_id, *actor, *action, *action_like, *entity, *entity_id, *from, *to;
};

/* Reads and checks the filters; field errors for bad ones. */
static void
audit_filters_parse(struct request *r, struct audit_filters *af)
{
	memset(af, 0, sizeof(*af));
	af->user = filter(r, "user");
	af->action = filter(r, "action");
	af->entity = filter(r, "entity");
	af->entity_id = filter(r, "entity_id");
	af->from = filter(r, "from");
	af->to = filter(r, "to");
	if (af->user != NULL) {
		if (all_digits(af->user, 18))
			af->user_id = af->user;
		else if (strlen(af->user) > 254)
			resp_field_error(r, "user", "An email address, a user id, or a name like \"hearthctl (root)\".");
		else
			af->actor = af->user;
	}
	if (af->action != NULL) {
		if (strlen(af->action) > 100 || strspn(af->action,
		    "abcdefghijklmnopqrstuvwxyz0123456789._-") != strlen(af->action))
			resp_field_error(r, "action", "Letters, digits, dots, dashes and underscores, like \"customer.\" or \"auth.login\".");
		else
			af->action_like = action_prefix(r, af->action);
	}
	if (af->entity != NULL && (strlen(af->entity) > 40 ||
	    strspn(af->entity, "abcdefghijklmnopqrstuvwxyz_") != strlen(af->entity)))
		resp_field_error(r, "entity", "An entity name like \"customer\" or \"user\".");
	if (af->entity_id != NULL && (!all_digits(af->entity_id, 18) || atoll(af->entity_id) <= 0))
		resp_field_error(r, "entity_id", "A record id (a whole number).");
	if (af->from != NULL && !date_shape(af->from))
		resp_field_error(r, "from", "A date like 2026-01-31.");
	if (af->to != NULL && !date_shape(af->to))
		resp_field_error(r, "to", "A date like 2026-01-31.");
	if (af->from != NULL && af->to != NULL && date_shape(af->from) && date_shape(af->to) &&
	    strcmp(af->from, af->to) > 0)
		resp_field_error(r, "to", "The end date comes before the start date.");
}

/* Readable labels for the action codes on the HTML pages (JSON and CSV
 * keep the codes). Actions whose words do not say it well are named
 * here; the rest read as "<entity> <verb>ed" (customer.update →
 * "Customer updated"), and a code nothing matches is shown as it is. */
static const struct { const char *code, *label; } audit_action_labels[] = {
	{ "auth.login",                       "Signed in" },
	{ "auth.login_failed",                "Sign-in failed" },
	{ "auth.logout",                      "Signed out" },
	{ "auth.token_use",                   "API token used" },
	{ "auth.oauth_token",                 "OAuth token issued" },
	{ "auth.oauth_failed",                "OAuth token refused" },
	{ "auth.2fa_enabled",                 "Two-factor sign-in turned on" },
	{ "auth.2fa_disabled",                "Two-factor sign-in turned off" },
	{ "auth.2fa_failed",                  "Two-factor code refused" },
	{ "auth.2fa_policy",                  "Two-factor policy changed" },
	{ "auth.2fa_recovery_used",           "Recovery code used" },
	{ "auth.2fa_recovery_codes_replaced", "Recovery codes replaced" },
	{ "auth.oidc_settings.update",        "Single sign-on settings changed" },
	{ "user.password_change",             "Password changed" },
	{ "user.password_reset",              "Password reset" },
	{ "user.session_revoke",              "Session ended" },
	{ "user.sessions_revoke",             "Sessions ended" },
};

/* Entities whose names are not one plain word. */
static const struct { const char *entity, *label; } audit_entity_labels[] = {
	{ "api_token",    "API token" },
	{ "oauth_client", "OAuth client" },
};

/* Verbs as past participles ("update" → "updated"). */
static const struct { const char *verb, *done; } audit_verbs[] = {
	{ "create", "created" }, { "update", "updated" }, { "archive", "archived" },
	{ "restore", "restored" }, { "delete", "deleted" }, { "revoke", "revoked" },
	{ "deactivate", "deactivated" }, { "reveal", "revealed" }, { "replay", "replayed" },
};

static const char *
audit_action_label(struct arena *a, const char *code)
{
	for (size_t i = 0; i < sizeof(audit_action_labels) / sizeof(audit_action_labels[0]); i++)
		if (strcmp(code, audit_action_labels[i].code) == 0)
			return audit_action_labels[i].label;
	const char *dot = strchr(code, '.');
	if (dot == NULL || strchr(dot + 1, '.') != NULL)
		return code;
	const char *done = NULL;
	for (size_t i = 0; i < sizeof(audit_verbs) / sizeof(audit_verbs[0]) && done == NULL; i++)
		if (strcmp(dot + 1, audit_verbs[i].verb) == 0)
			done = audit_verbs[i].done;
	if (done == NULL)
		return code;
	char *entity = arena_strndup(a, code, (size_t)(dot - code));
	for (size_t i = 0; i < sizeof(audit_entity_labels) / sizeof(audit_entity_labels[0]); i++)
		if (strcmp(entity, audit_entity_labels[i].entity) == 0)
			return arena_printf(a, "%s %s", audit_entity_labels[i].label, done);
	for (char *c = entity; *c; c++)
		if (*c == '_')
			*c = ' ';
	entity[0] = (char)toupper((unsigned char)entity[0]);
	return arena_printf(a, "%s %s", entity, done);
}

/* action_label beside action, for the pages. */
static void
audit_label_row(struct request *r, json_object *row)
{
	const char *code = record_str(row, "action");
	if (code != NULL)
		json_object_object_add(row, "action_label",
		    json_object_new_string(audit_action_label(r->arena, code)));
}

/* The filters as they were sent, for the form and the page links. */
static void
audit_filters_echo(json_object *out, const struct audit_filters *af)
{
	const char *names[] = { "user", "action", "entity", "entity_id", "from", "to" };
	const char *vals[] = { af->user, af->action, af->entity, af->entity_id, af->from, af->to };
	json_object *f = json_object_new_object();
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (vals[i] != NULL)
			json_object_object_add(f, names[i], json_object_new_string(vals[i]));
	json_object_object_add(out, "filters", f);
}

/* GET /auth/audit (?user = id, email or actor; action = prefix; entity,
 * entity_id; from, to = company dates, inclusive; limit, after;
 * format=json|csv) → 200 {items, next} newest first; CSV: up to 10000
 * rows with before/after (Link: rel=next when there are more); 422 bad
 * filters. */
enum herr
auth_audit_list(struct request *r)
{
	struct list_query lq;
	enum herr e = list_parse(r, audit_sorts, &lq);
	struct audit_filters af;
	audit_filters_parse(r, &af);
	if (e != HE_OK || r->errors != NULL) {
		json_object *out = req_obj(r);
		audit_filters_echo(out, &af);
		json_object_object_add(out, "items", json_object_new_array());
		record_crumbs(r, "Audit log", "Audit log", NULL, NULL);
		json_object_object_add(r->page, "family", json_object_new_string("audit"));
		req_set_data(r, out);
		r->template = "auth/audit_list.cs";
		if (r->format == FMT_CSV)
			r->format = FMT_JSON;
		return HE_INVALID;
	}
	if (r->format == FMT_CSV && req_query(r, "limit") == NULL) {
		lq.limit = AUDIT_CSV_MAX;
		lq.limit_plus_one = arena_printf(r->arena, "%d", lq.limit + 1);
	}
	/* An email names the user it belongs to now; other text matches the
	 * actor recorded on the row (hearthctl's "hearthctl (root)", ...). */
	if (af.actor != NULL && strchr(af.actor, '@') != NULL) {
		PGresult *u = db_q(r, &audit_user_by_email, af.actor);
		if (u == NULL)
			return db_fail(r);
		if (PQntuples(u) == 1) {
			af.user_id = arena_strdup(r->arena, PQgetvalue(u, 0, 0));
			af.actor = NULL;
		}
	}
	int with_changes = r->format != FMT_HTML;
	PGresult *res = db_q(r, &audit_list, af.user_id, af.actor, af.action_like, af.entity, af.entity_id,
	    af.from, af.to, config_get("timezone", "UTC"), lq.after_key, lq.after_id, lq.limit_plus_one,
	    with_changes ? "true" : "false");
	if (res == NULL)
		return db_fail(r);
	json_object *out = req_json(r, list_answer(r, &lq, res));
	json_object *next = NULL;
	if (r->format == FMT_CSV && json_object_object_get_ex(out, "next", &next) && next != NULL) {
		/* The same query (filters kept) with the new cursor. */
		struct buf b;
		buf_init(&b);
		buf_printf(&b, "<%s?", r->path);
		for (size_t i = 0; i < r->query.n; i++) {
			if (strcmp(r->query.v[i].key, "after") == 0)
				continue;
			buf_urlenc(&b, r->query.v[i].key);
			buf_putc(&b, '=');
			buf_urlenc(&b, r->query.v[i].val);
			buf_putc(&b, '&');
		}
		buf_puts(&b, "after=");
		buf_urlenc(&b, json_object_get_string(next));
		buf_puts(&b, ">; rel=\"next\"");
		resp_header(r, "Link", arena_strdup(r->arena, b.data));
		buf_free(&b);
	}
	if (r->format == FMT_HTML) {
		json_object *items = NULL;
		json_object_object_get_ex(out, "items", &items);
		for (size_t i = 0; items != NULL && i < json_object_array_length(items); i++)
			audit_label_row(r, json_object_array_get_idx(items, i));
		audit_filters_echo(out, &af);
		record_crumbs(r, "Audit log", "Audit log", NULL, NULL);
		json_object_object_add(r->page, "family", json_object_new_string("audit"));
	}
	r->csv_columns = audit_csv_columns;
	r->csv_filename = "audit";
	return resp_ok(r, "auth/audit_list.cs", out);
}

/* One row with everything, and its diff: for each top-level key of before
 * or after, both values (JSON text; strings as they are; JSON null as
 * absent) and whether it changed, the changed keys first. */
DB_STMT(audit_get,
    "SELECT a.id, a.at, a.user_id, a.actor, u.name AS user_name, u.email AS user_email, a.client_ip,"
    " a.request_id, a.action, a.entity, a.entity_id, " AUDIT_ENTITY_HREF " AS entity_href,"
    " a.before, a.after, jsonb_pretty(a.before) AS before_pretty, jsonb_pretty(a.after) AS after_pretty,"
    " encode(a.prev_hash, 'hex') AS prev_hash, encode(a.hash, 'hex') AS hash,"
    " (SELECT coalesce(json_agg(json_build_object('field', k.k,"
    "     'before', a.before ->> k.k, 'after', a.after ->> k.k,"
    "     'in_before', coalesce(a.before ? k.k, false), 'in_after', coalesce(a.after ? k.k, false),"
    "     'changed', (a.before -> k.k) IS DISTINCT FROM (a.after -> k.k))"
    "     ORDER BY (a.before -> k.k) IS DISTINCT FROM (a.after -> k.k) DESC, k.k), '[]')"
    "   FROM (SELECT jsonb_object_keys(CASE WHEN jsonb_typeof(a.before) = 'object' THEN a.before ELSE '{}' END)"
    "         UNION SELECT jsonb_object_keys(CASE WHEN jsonb_typeof(a.after) = 'object' THEN a.after ELSE '{}' END)"
    "        ) AS k(k)) AS diff"
    " FROM core.audit a LEFT JOIN auth.users u ON u.id = a.user_id WHERE a.id = $1");

/* GET /auth/audit/:id → 200 the row with before, after and diff
 * [{field, before, after, in_before, in_after, changed}]; 404. */
enum herr
auth_audit_show(struct request *r)
{
	json_object *a;
	enum herr e = record_get(r, &audit_get, req_param_id(r, "id"), &a);
	if (e != HE_OK)
		return e;
	if (r->format == FMT_HTML) {
		char *title = arena_printf(r->arena, "Audit entry %lld", record_int(a, "id"));
		record_crumbs(r, title, "Audit log", "/auth/audit", title, NULL, NULL);
		json_object_object_add(r->page, "family", json_object_new_string("audit"));
		audit_label_row(r, a);
		/* The page shows the diff and the pretty JSON, not the raw trees
		 * (HDF would make a node of every nested value). */
		json_object_object_del(a, "before");
		json_object_object_del(a, "after");
	} else {
		json_object_object_del(a, "before_pretty");
		json_object_object_del(a, "after_pretty");
	}
	return resp_ok(r, "auth/audit_show.cs", a);
}
