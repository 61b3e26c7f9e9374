/* capture.c: leads from the integrator's own website, without a session
 * (POST /leads/capture?key=<form key>), and the capture forms sales
 * admins manage (/sales/forms). A submission is either
 *  - JSON signed with the form's secret: Hearth-Signature: t=<unix
 *    seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>, refused when
 *    the signature is wrong, older or newer than CAPTURE_TOLERANCE, or
 *    seen before within that window (a replay); or
 *  - a plain HTML form post, refused when its honeypot field ("website",
 *    hidden from people) is filled or its Origin is not the form's.
 * Both are limited per form and client IP (rate_per_hour accepted
 * submissions). A refusal is a 4xx that stores nothing. docs/sales.md. */
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "config.h"
#include "crypto.h"
#include "resp.h"
#include "sales.h"
#include "sealed.h"

#define CAPTURE_TOLERANCE 300                  /* seconds either side of now */
#define CAPTURE_SECRET_AAD "sales.capture_forms.secret"

/* ---- the forms (sales admins) ---- */

#define FORM_COLS \
	"f.id, f.name, f.form_key, f.allowed_origin, f.campaign_id," \
	" (SELECT c.name FROM sales.campaigns c WHERE c.id = f.campaign_id) AS campaign_name, f.owner_id," \
	" (SELECT u.name FROM auth.user_names u WHERE u.id = f.owner_id) AS owner_name, f.rate_per_hour," \
	" f.secret_sealed <> '' AS has_secret, f.secret_set_at, f.archived_at, f.version, f.created_at, f.updated_at"

/* Insert and update parameters follow this order. */
static const struct res_field form_fields[] = {
	FIELD_TEXT("name", V_REQUIRED, 200),
	FIELD_TEXT("allowed_origin", 0, 200),
	FIELD_ID("campaign_id", V_NULLABLE),
	FIELD_ID("owner_id", V_NULLABLE),
	FIELD_INT("rate_per_hour", 0, 1, 1000),
	FIELD_END,
};

DB_STMT(capture_form_get, "SELECT " FORM_COLS " FROM sales.capture_forms f WHERE f.id = $1");
DB_STMT(capture_form_get_for_update, "SELECT " FORM_COLS " FROM sales.capture_forms f WHERE f.id = $1 FOR UPDATE");
DB_STMT(form_insert,
    "INSERT INTO sales.capture_forms AS f (name, allowed_origin, campaign_id, owner_id, rate_per_hour)"
    " VALUES ($1, $2, $3, $4, coalesce($5::int, 10)) RETURNING " FORM_COLS);
DB_STMT(form_update,
    "UPDATE sales.capture_forms f SET name = $3, allowed_origin = $4, campaign_id = $5, owner_id = $6,"
    " rate_per_hour = coalesce($7::int, 10), version = f.version + 1, updated_at = now()"
    " WHERE f.id = $1 AND f.version = $2 RETURNING " FORM_COLS);
DB_STMT(form_archived_set,
    "UPDATE sales.capture_forms f SET archived_at = CASE WHEN $2 THEN now() ELSE NULL END,"
    " version = f.version + 1, updated_at = now()"
    " WHERE f.id = $1 AND (f.archived_at IS NULL) = $2 RETURNING " FORM_COLS);
/* A handful of forms: capture_forms_name_idx. $1 like, $2 archived, $3/$4 cursor, $5 limit+1. */
DB_STMT_PLANNED(form_list_name,
    "SELECT " FORM_COLS ", lower(f.name) AS sort_key FROM sales.capture_forms f"
    " WHERE ($1::text IS NULL OR lower(f.name) LIKE $1) AND ($2::boolean OR f.archived_at IS NULL)"
    "   AND ($3::text IS NULL OR (lower(f.name), f.id) > ($3, $4::bigint))"
    " ORDER BY lower(f.name), f.id LIMIT $5");
static struct db_stmt *const form_list_stmts[] = { &form_list_name };
static const struct list_sort form_sorts[] = { { "name", "Name", "sort_key" }, { NULL, NULL, NULL } };
static const enum res_lparam form_list_params[] = {
	LP_LIKE_LOWER, LP_ARCHIVED, LP_AFTER_KEY, LP_AFTER_ID, LP_LIMIT1, LP_END,
};
static const char *const form_csv_columns[] = {
	"id", "name", "form_key", "allowed_origin", "campaign_id", "campaign_name", "owner_id", "owner_name",
	"rate_per_hour", "has_secret", "secret_set_at", "archived_at", "created_at", "updated_at", NULL,
};

/* The origin a browser sends: scheme://host[:port], nothing after. */
static int
origin_ok(const char *s)
{
	const char *h = strncmp(s, "https://", 8) == 0 ? s + 8 : strncmp(s, "http://", 7) == 0 ? s + 7 : NULL;
	return h != NULL && *h != '\0' && strpbrk(h, "/?# ") == NULL;
}

static enum herr
form_check(struct request *r, const struct resource *res, struct form *f, long long parent_id)
{
	const char *origin = form_get(f, "allowed_origin");
	if (!sales_blank(origin) && !origin_ok(origin))
		form_error(f, "allowed_origin", "An origin is https://host (or http://host), nothing after the host.");
	enum herr e = sales_check_owner(r, f, "owner_id");
	if (e == HE_OK)
		e = sales_check_campaign(r, f, "campaign_id");
	return e;
}

static enum herr
form_form_data(struct request *r, long long parent_id, json_object *record, json_object *data)
{
	return sales_owner_campaign_choices(r, data);
}

/* The page's snippets post to public_url (hearth.conf) + /leads/capture. */
static enum herr
form_show_data(struct request *r, json_object *record)
{
	const char *base = config_get("public_url", "");
	size_t bl = strlen(base);
	while (bl > 0 && base[bl - 1] == '/')
		bl--;
	json_object_object_add(record, "capture_url", json_object_new_string(arena_printf(r->arena,
	    "%.*s/leads/capture?key=%s", (int)bl, base, record_str(record, "form_key"))));
	return HE_OK;
}

static const struct res_hooks form_hooks = { .check = form_check, .form_data = form_form_data,
	.show_data = form_show_data };
static const struct res_field form_read_fields[] = {
	FIELD_TEXT("form_key", 0, 64), FIELD_TEXT("campaign_name", 0, 200), FIELD_TEXT("owner_name", 0, 200),
	FIELD_BOOL("has_secret"), FIELD_DATETIME("secret_set_at", V_NULLABLE),
	FIELD_END,
};

static const struct resource form_resource = {
	.name = "capture_form", .label = "Capture form", .plural = "Capture forms", .path = "/sales/forms",
	.family = "sales", .title_field = "name",
	.tpl_list = "sales/capture_forms_list.cs", .tpl_show = "sales/capture_form_show.cs",
	.tpl_form = "sales/capture_form_form.cs",
	.fields = form_fields, .read_fields = form_read_fields,
	.get = &capture_form_get, .get_for_update = &capture_form_get_for_update,
	.insert = &form_insert, .update = &form_update, .set_archived = &form_archived_set,
	.sorts = form_sorts, .list_stmts = form_list_stmts, .list_params = form_list_params,
	.csv_columns = form_csv_columns, .csv_filename = "capture-forms",
	.created_flash = "Form created: make its secret to take signed submissions.", .saved_flash = "Form saved.",
	.hooks = &form_hooks, .event_prefix = "sales.capture_form_",
};

/* GET /sales/forms → 200 list. */
RES_HANDLER(sales_capture_form_list, res_list, form_resource)
/* GET /sales/forms/:id → 200 the form with its key and the snippets to copy; 404. */
RES_HANDLER(sales_capture_form_show, res_show, form_resource)
/* GET /sales/forms/new → 200 the empty form. */
RES_HANDLER(sales_capture_form_new, res_new, form_resource)
/* GET /sales/forms/:id/edit → 200; 404. */
RES_HANDLER(sales_capture_form_edit, res_edit, form_resource)
/* POST /sales/forms → 201 + Location (HTML: 303); 422. */
RES_HANDLER(sales_capture_form_create, res_create, form_resource)
/* PATCH /sales/forms/:id → 200; 404; 409; 422. */
RES_HANDLER(sales_capture_form_update, res_update, form_resource)
/* DELETE /sales/forms/:id → 200 archived (its submissions are refused); 404. */
RES_HANDLER(sales_capture_form_archive, res_archive, form_resource)
/* POST /sales/forms/:id/restore → 200; 404. */
RES_HANDLER(sales_capture_form_restore, res_restore, form_resource)

DB_STMT(form_secret_set,
    "UPDATE sales.capture_forms f SET secret_sealed = $2, secret_set_at = now(), version = f.version + 1,"
    " updated_at = now() WHERE f.id = $1 RETURNING " FORM_COLS);

/* POST /sales/forms/:id/secret → 200 {form, secret}: a new HMAC secret,
 * shown this once (stored sealed; the old one stops working at once);
 * HTML: the page that shows it. 404. Event sales.capture_form_updated
 * (without the secret). */
enum herr
sales_capture_form_secret(struct request *r)
{
	long long id;
	PGresult *res;
	enum herr e = record_begin_by_id(r, &capture_form_get_for_update, &id, &res);
	if (e != HE_OK)
		return e;
	if (PQntuples(res) == 0) {
		db_rollback(r);
		return HE_NOT_FOUND;
	}
	json_object *before = req_json(r, db_row_json(res, 0));
	unsigned char raw[32];
	char secret[65];
	if (crypto_random(raw, sizeof(raw)) != 0) {
		db_rollback(r);
		return HE_INTERNAL;
	}
	crypto_hex(secret, raw, sizeof(raw));
	const char *sealed = sealed_seal(r->arena, CAPTURE_SECRET_AAD, secret);
	if (sealed == NULL) {
		db_rollback(r);
		return HE_INTERNAL;
	}
	if ((res = db_q(r, &form_secret_set, db_int(r, id), sealed)) == NULL)
		return db_fail(r);
	json_object *after = req_json(r, db_row_json(res, 0));
	if ((e = record_commit(r, "capture_form.secret", "capture_form", id, before, after,
	    "sales.capture_form_updated")) != HE_OK)
		return e;
	no_store(r);
	res_links(r, &form_resource, after);
	json_object *out = req_obj(r);
	json_object_object_add(out, "form", json_object_get(after));
	json_object_object_add(out, "secret", json_object_new_string(secret));
	const char *name = record_str(after, "name");
	record_crumbs(r, "Secret", "Capture forms", "/sales/forms", name, res_href(r, &form_resource, id), "Secret",
	    NULL, NULL);
	json_object_object_add(req_page(r), "family", json_object_new_string("sales"));
	return resp_ok(r, "sales/capture_secret.cs", out);
}

/* ---- the capture ---- */

DB_STMT(capture_form_by_key,
    "SELECT f.id, f.secret_sealed, f.allowed_origin, f.campaign_id, f.owner_id, f.rate_per_hour"
    " FROM sales.capture_forms f WHERE f.form_key = $1 AND f.archived_at IS NULL");
DB_STMT(capture_recent,
    "SELECT count(*) >= $3::int FROM sales.capture_log g"
    " WHERE g.form_id = $1 AND g.ip = $2 AND g.at > now() - interval '1 hour'");
DB_STMT(capture_seen,
    "INSERT INTO sales.capture_signatures (form_id, signature) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING 1");
DB_STMT(capture_seen_forget,
    "DELETE FROM sales.capture_signatures s WHERE s.form_id = $1 AND s.at < now() - interval '10 minutes'");
DB_STMT(capture_lead_insert,
    "INSERT INTO sales.leads AS l (name, company, email, phone, line1, city, region, postal_code, source,"
    " campaign_id, owner_id, status, notes)"
    " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'web_form', $9, $10, 'new', $11) RETURNING " SALES_LEAD_COLS);
DB_STMT(capture_logged, "INSERT INTO sales.capture_log (form_id, ip, lead_id) VALUES ($1, $2, $3)");

/* A refusal: rolled back, the status and a detail that says why. */
static enum herr
capture_refuse(struct request *r, enum herr e, const char *detail)
{
	db_rollback(r);
	r->problem_detail = detail;
	return e;
}

/* Hearth-Signature: t=<unix seconds>,v1=<64 hex>, checked against the
 * body and the form's secret. NULL when good, else why not. */
static const char *
capture_signature_bad(struct request *r, const char *sealed, const char **sig_out)
{
	const char *h = req_header(r, "HTTP_HEARTH_SIGNATURE");
	if (h == NULL)
		return "A JSON submission is signed: send Hearth-Signature: t=<unix time>,v1=<hex HMAC-SHA256>.";
	const char *tp = strstr(h, "t="), *vp = strstr(h, "v1=");
	if (tp == NULL || vp == NULL || (tp != h && tp[-1] != ',' && tp[-1] != ' '))
		return "Hearth-Signature is t=<unix time>,v1=<hex HMAC-SHA256>.";
	char *end;
	long long t = strtoll(tp + 2, &end, 10);
	if (end == tp + 2 || (*end != ',' && *end != '\0'))
		return "Hearth-Signature's t is the unix time in seconds.";
	long long now = (long long)time(NULL);
	if (t < now - CAPTURE_TOLERANCE || t > now + CAPTURE_TOLERANCE)
		return "The signature's time is more than 5 minutes from now: sign each submission when it is sent.";
	char given[65];
	size_t n = strspn(vp + 3, "0123456789abcdef");
	if (n != 64)
		return "Hearth-Signature's v1 is 64 lower-case hex digits.";
	memcpy(given, vp + 3, 64);
	given[64] = '\0';
	const char *secret = sealed_open(r->arena, CAPTURE_SECRET_AAD, sealed);
	if (secret[0] == '\0')
		return "This form has no secret yet: a sales admin makes one on its page.";
	const char *msg = arena_printf(r->arena, "%lld.%.*s", t, (int)r->raw_len, r->raw_body ? r->raw_body : "");
	unsigned char mac[32];
	char want[65];
	crypto_hmac_sha256(secret, strlen(secret), msg, strlen(msg), mac);
	crypto_hex(want, mac, sizeof(mac));
	if (!crypto_streq(want, given))
		return "The signature does not match this body and this form's secret.";
	*sig_out = arena_strdup(r->arena, given);
	return NULL;
}

/* POST /leads/capture?key=<form key> (public; no session, no CSRF token:
 * the form's key and signature or honeypot are the checks). JSON (signed)
 * or a urlencoded form: name, email and/or phone, company, line1, city,
 * region, postal_code, message. → 201 {"status": "received"} (HTML: 200
 * a thank-you page); 404 unknown or archived key; 401 signature missing,
 * wrong or outside the 5-minute window; 409 a signature seen before;
 * 403 a browser post from another origin; 422 fields, or the honeypot
 * filled; 429 the form's rate per IP and hour reached (Retry-After).
 * Event sales.lead_created (audit lead.capture, no user). */
enum herr
sales_lead_capture(struct request *r)
{
	if (r->json != NULL)
		r->format = FMT_JSON;      /* a script's submission is answered in JSON whatever it accepts */
	const char *key = req_query(r, "key");
	if (key == NULL)
		key = req_header(r, "HTTP_HEARTH_FORM_KEY");
	if (key == NULL || strlen(key) > 64)
		return capture_refuse(r, HE_NOT_FOUND, "No form has this key: copy the form's snippet again.");
	enum herr e = db_begin(r);
	if (e != HE_OK)
		return e;
	PGresult *res = db_q(r, &capture_form_by_key, key);
	if (res == NULL)
		return db_fail(r);
	if (PQntuples(res) == 0)
		return capture_refuse(r, HE_NOT_FOUND, "No form has this key: copy the form's snippet again.");
	const char *form_id = arena_strdup(r->arena, PQgetvalue(res, 0, 0));
	const char *sealed = arena_strdup(r->arena, PQgetvalue(res, 0, 1));
	const char *allowed = arena_strdup(r->arena, PQgetvalue(res, 0, 2));
	const char *campaign = PQgetisnull(res, 0, 3) ? NULL : arena_strdup(r->arena, PQgetvalue(res, 0, 3));
	const char *owner = PQgetisnull(res, 0, 4) ? NULL : arena_strdup(r->arena, PQgetvalue(res, 0, 4));
	const char *rate = arena_strdup(r->arena, PQgetvalue(res, 0, 5));

	if (r->json != NULL) {
		const char *sig = NULL, *bad = capture_signature_bad(r, sealed, &sig);
		if (bad != NULL)
			return capture_refuse(r, HE_UNAUTHORIZED, bad);
		if ((res = db_q(r, &capture_seen_forget, form_id)) == NULL)
			return db_fail(r);
		if ((res = db_q(r, &capture_seen, form_id, sig)) == NULL)
			return db_fail(r);
		if (PQntuples(res) == 0)
			return capture_refuse(r, HE_CONFLICT, "This signature was used already: sign each submission anew.");
	} else if (r->from_form) {
		const char *origin = req_header(r, "HTTP_ORIGIN");
		if (allowed[0] != '\0' && origin != NULL && strcmp(origin, allowed) != 0)
			return capture_refuse(r, HE_FORBIDDEN, "This form takes submissions from its own website only.");
	} else {
		return capture_refuse(r, HE_UNSUPPORTED, "Send JSON (signed) or a urlencoded form.");
	}
	const char *ip = r->client_ip ? r->client_ip : "";
	if ((res = db_q(r, &capture_recent, form_id, ip, rate)) == NULL)
		return db_fail(r);
	if (PQgetvalue(res, 0, 0)[0] == 't') {
		resp_header(r, "Retry-After", "3600");
		return capture_refuse(r, HE_RATE_LIMITED, "Too many submissions from this address: try again later.");
	}

	struct form f;
	form_begin(&f, r, NULL);
	const char *name = form_text(&f, "name", V_REQUIRED, 200);
	const char *company = form_text(&f, "company", 0, 200);
	const char *email = form_email(&f, "email", 0), *phone = form_phone(&f, "phone", 0);
	const char *line1 = form_text(&f, "line1", 0, 200), *city = form_text(&f, "city", 0, 100);
	const char *region = form_text(&f, "region", 0, 100), *postal = form_text(&f, "postal_code", 0, 20);
	const char *message = form_text(&f, "message", 0, 5000);
	const char *honeypot = form_text(&f, "website", 0, 1000);
	if (!sales_blank(honeypot))
		form_error(&f, "website", "Leave this field empty.");
	if (sales_blank(email) && sales_blank(phone) && !f.nerr)
		form_error(&f, "email", "Give an email or a phone number.");
	if (!form_ok(&f))
		return capture_refuse(r, HE_INVALID, "Some fields need attention.");
	res = db_q(r, &capture_lead_insert, name, company ? company : "", email ? email : "", phone ? phone : "",
	    line1 ? line1 : "", city ? city : "", region ? region : "", postal ? postal : "", campaign, owner,
	    message ? message : "");
	if (res == NULL)
		return db_fail(r);
	json_object *lead = req_json(r, db_row_json(res, 0));
	long long id = record_int(lead, "id");
	if (db_q(r, &capture_logged, form_id, ip, db_int(r, id)) == NULL)
		return db_fail(r);
	if ((e = record_commit(r, "lead.capture", "lead", id, NULL, lead, "sales.lead_created")) != HE_OK)
		return e;
	json_object *out = req_obj(r);
	json_object_object_add(out, "status", json_object_new_string("received"));
	if (r->format == FMT_HTML)
		return resp_ok(r, "sales/capture_thanks.cs", out);
	r->status = 201;
	return resp_ok(r, NULL, out);
}
