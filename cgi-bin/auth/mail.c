/* mail.c: outgoing mail, for admins (sql/019, docs/mail.md): the sent-mail
 * log (every message, its status, tries and the server's reply; a message
 * page with both parts as source; a retry), the mail server settings (the
 * password sealed and never shown back) and a test message. */
#include <stdlib.h>
#include <string.h>
#include "auth_family.h"
#include "http.h"
#include "list.h"
#include "mail.h"
#include "resp.h"
#include "sealed.h"

#define MAIL_PASSWORD_AAD "core.mail_settings.password"   /* as tools/worker_mail.c opens it */

static const char *const mail_statuses[] = { "queued", "retrying", "sent", "dead", NULL };
static const char *const mail_securities[] = { "starttls", "tls", "none", NULL };

static void
mail_page(struct request *r)
{
	json_object_object_add(r->page, "family", json_object_new_string("mail"));
}

static const char *
message_href(struct request *r, long long id)
{
	return arena_printf(r->arena, "/auth/mail/%lld", id);
}

/* ---- settings (one row) ---- */

#define MAIL_SETTINGS_COLS \
	"host, port, security, username, password <> '' AS password_set, from_address, from_name, reply_to," \
	" ca_pem, version, updated_at"
DB_STMT(mail_settings_get, "SELECT " MAIL_SETTINGS_COLS ", password FROM core.mail_settings WHERE id");
DB_STMT(mail_settings_update,
    "UPDATE core.mail_settings SET host = $2, port = $3::int, security = $4, username = $5, password = $6,"
    " from_address = $7, from_name = $8, reply_to = $9, ca_pem = $10, version = version + 1, updated_at = now()"
    " WHERE id AND version = $1 RETURNING " MAIL_SETTINGS_COLS ", password");

/* The settings as shown (no password: password_set says whether one is
 * stored); *stored the password column as it is (sealed). */
static enum herr
mail_settings_load(struct request *r, json_object **rec, const char **stored)
{
	PGresult *res = db_q0(r, &mail_settings_get);
	if (res == NULL)
		return db_fail(r);
	if (PQntuples(res) != 1)
		return HE_INTERNAL;             /* sql/019 inserts the row */
	*rec = req_json(r, db_row_json(res, 0));
	json_object_object_del(*rec, "password");
	if (stored)
		*stored = arena_strdup(r->arena, PQgetvalue(res, 0, PQfnumber(res, "password")));
	return HE_OK;
}

static void
settings_crumbs(struct request *r)
{
	record_crumbs(r, "Mail settings", "Mail", "/auth/mail", "Settings", NULL, NULL);
	mail_page(r);
}

/* GET /auth/mail/settings → 200 {host, port, security, username,
 * password_set, from_address, from_name, reply_to, ca_pem, version,
 * updated_at}; the password never. auth:admin. */
enum herr
auth_mail_settings_show(struct request *r)
{
	json_object *rec;
	enum herr e = mail_settings_load(r, &rec, NULL);
	if (e != HE_OK)
		return e;
	settings_crumbs(r);
	req_set_form_values(r, record_as_form(r, rec));
	r->no_etag = 1;
	return resp_ok(r, "auth/mail_settings.cs", rec);
}

static int
host_ok(const char *h)
{
	size_t n = strlen(h);
	return n <= 253 && strspn(h, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-:") == n;
}

/* A host name as the settings hold it ("::1" without brackets). */
static int
host_loopback(const char *h)
{
	return strcmp(h, "::1") == 0 || http_host_is_loopback(h);
}

/* A header value typed into a form: no line break (form_text lets them
 * through for notes and addresses). */
static void
no_line_break(struct form *f, const char *field, const char *v)
{
	if (v != NULL && !mail_header_ok(v))
		form_error(f, field, "Line breaks and control characters are not allowed here.");
}

/* POST /auth/mail/settings (form or JSON: host, port, security
 * starttls|tls|none, username, password (empty keeps the stored one),
 * password_clear, from_address, from_name, reply_to, ca_pem, version) →
 * 200 the settings (HTML: 303 back with a message); 409 stale version;
 * 422 field errors (none is for a loopback host only; a host needs a from
 * address). Audited without the password (password_changed says if it
 * changed). auth:admin. */
enum herr
auth_mail_settings_update(struct request *r)
{
	json_object *cur;
	const char *stored;
	enum herr e = mail_settings_load(r, &cur, &stored);
	if (e != HE_OK)
		return e;
	struct form f;
	form_begin(&f, r, cur);
	const char *host = form_text(&f, "host", 0, 253);
	int port_ok;
	long long port = form_int(&f, "port", V_REQUIRED, 1, 65535, &port_ok);
	const char *security = form_enum(&f, "security", V_REQUIRED, mail_securities, NULL);
	const char *username = form_text(&f, "username", 0, 255);
	const char *password = form_text(&f, "password", 0, 1000);
	int clear = form_bool(&f, "password_clear");
	const char *from = form_email(&f, "from_address", 0);
	const char *from_name = form_text(&f, "from_name", 0, 100);
	const char *reply_to = form_email(&f, "reply_to", 0);
	const char *ca_pem = form_text(&f, "ca_pem", 0, 50000);
	no_line_break(&f, "username", username);
	no_line_break(&f, "from_name", from_name);
	no_line_break(&f, "password", password);
	if (host != NULL && !host_ok(host))
		form_error(&f, "host", "A host name or IP address, like smtp.example.com.");
	if (host != NULL && *host && from != NULL && *from == '\0')
		form_error(&f, "from_address", "Required to send mail: the address messages come from.");
	if (host != NULL && security != NULL && strcmp(security, "none") == 0 && *host && !host_loopback(host))
		form_error(&f, "security", "Without TLS only to a server on this machine (localhost, 127.0.0.1): "
		    "a password and every message would cross the network in clear.");
	if (ca_pem != NULL && *ca_pem && strstr(ca_pem, "-----BEGIN CERTIFICATE-----") == NULL)
		form_error(&f, "ca_pem", "Paste PEM certificates (-----BEGIN CERTIFICATE----- …), or leave it empty "
		    "to trust the system's authorities.");
	e = form_ok(&f) ? record_version_check(r, &f, cur) : HE_INVALID;
	if (e != HE_OK) {
		settings_crumbs(r);
		return record_form_again(r, e, "auth/mail_settings.cs", cur);
	}
	int changed = clear || (password != NULL && *password);
	const char *new_stored = clear ? "" : changed ? sealed_seal(r->arena, MAIL_PASSWORD_AAD, password) : stored;
	if (new_stored == NULL)
		return HE_INTERNAL;
	if ((e = db_begin(r)) != HE_OK)
		return e;
	PGresult *res = db_q(r, &mail_settings_update, db_int(r, record_int(cur, "version")), host,
	    db_int(r, port), security, username, new_stored, from, from_name, reply_to, ca_pem);
	if (res == NULL)
		return db_fail(r);
	if (PQntuples(res) != 1) {           /* changed between our read and this write */
		db_rollback(r);
		if ((e = mail_settings_load(r, &cur, NULL)) != HE_OK)
			return e;
		req_set_data(r, cur);
		r->problem_detail = "Someone else changed these settings since you read them. Your changes were not "
		    "saved; the current settings are included.";
		settings_crumbs(r);
		return record_form_again(r, HE_CONFLICT, "auth/mail_settings.cs", cur);
	}
	json_object *after = req_json(r, db_row_json(res, 0));
	json_object_object_del(after, "password");
	json_object *audit_after = req_obj(r);
	json_object_object_foreach(after, k, v)
		json_object_object_add(audit_after, k, json_object_get(v));
	if (changed)
		json_object_object_add(audit_after, "password_changed", json_object_new_boolean(1));
	if ((e = record_commit(r, "mail_settings.update", "mail_settings", 1, cur, audit_after, NULL)) != HE_OK)
		return e;
	return record_done(r, 0, "/auth/mail/settings", "Mail settings saved.", after);
}

/* ---- the log ---- */

/* $1 status or NULL, $2 cursor id or NULL, $3 limit+1. Newest first: the
 * primary key backwards, or (status, id DESC) for one status. */
DB_STMT_PLANNED(mail_list_stmt,
    "SELECT m.id, m.kind, m.to_address, m.to_name, m.subject, m.status, m.attempts, m.next_attempt_at,"
    " m.last_error, m.created_at, m.sent_at, m.id::text AS sort_key"
    " FROM core.mail_messages m"
    " WHERE ($1::text IS NULL OR m.status = $1) AND ($2::bigint IS NULL OR m.id < $2)"
    " ORDER BY m.id DESC LIMIT $3");
DB_STMT(mail_settings_brief, "SELECT host, port, security, from_address, from_name FROM core.mail_settings WHERE id");

static const struct list_sort mail_sorts[] = {
	{ "-id", "Newest first", "sort_key" },
	{ NULL, NULL, NULL },
};

static const char *const mail_csv_columns[] = {
	"id", "kind", "to_address", "subject", "status", "attempts", "last_error", "created_at", "sent_at", NULL,
};

/* The page's side: the server in brief and the test form's defaults. */
static enum herr
mail_list_side(struct request *r, json_object *out)
{
	PGresult *res = db_q0(r, &mail_settings_brief);
	if (res == NULL)
		return db_fail(r);
	json_object_object_add(out, "server", db_row_json(res, 0));
	if (r->form_values == NULL) {
		json_object *fv = req_obj(r);
		json_object_object_add(fv, "to", json_object_new_string(r->principal.email ? r->principal.email : ""));
		json_object_object_add(fv, "subject", json_object_new_string("Hearth test message"));
		req_set_form_values(r, fv);
	}
	record_crumbs(r, "Mail", "Mail", NULL, NULL);
	mail_page(r);
	return HE_OK;
}

/* GET /auth/mail (?status queued|retrying|sent|dead, limit, after;
 * format=json|csv) → 200 {items: [{id, kind, to_address, to_name,
 * subject, status, attempts, next_attempt_at, last_error, created_at,
 * sent_at}], next} newest first; 422 a bad filter. auth:admin. */
enum herr
auth_mail_list(struct request *r)
{
	struct list_query lq;
	enum herr e = list_parse(r, mail_sorts, &lq);
	const char *status = req_query(r, "status");
	if (status != NULL && *status == '\0')
		status = NULL;
	int known = 0;
	for (size_t i = 0; status != NULL && mail_statuses[i]; i++)
		known |= strcmp(status, mail_statuses[i]) == 0;
	if (status != NULL && !known)
		resp_field_error(r, "status", "One of queued, retrying, sent, dead.");
	if (e != HE_OK || r->errors != NULL) {
		json_object *out = req_obj(r);
		json_object_object_add(out, "items", json_object_new_array());
		if (r->format == FMT_HTML && (e = mail_list_side(r, out)) != HE_OK)
			return e;
		req_set_data(r, out);
		r->template = "auth/mail_list.cs";
		if (r->format == FMT_CSV)
			r->format = FMT_JSON;
		return HE_INVALID;
	}
	PGresult *res = db_q(r, &mail_list_stmt, status, lq.after_id, lq.limit_plus_one);
	if (res == NULL)
		return db_fail(r);
	json_object *out = req_json(r, list_answer(r, &lq, res));
	if (r->format == FMT_HTML) {
		if (status)
			json_object_object_add(out, "status", json_object_new_string(status));
		if ((e = mail_list_side(r, out)) != HE_OK)
			return e;
	}
	r->csv_columns = mail_csv_columns;
	r->csv_filename = "mail";
	return resp_ok(r, "auth/mail_list.cs", out);
}

/* ---- one message ---- */

DB_STMT(mail_get,
    "SELECT m.id, m.kind, m.to_address, m.to_name, m.subject, m.status, m.attempts, m.next_attempt_at,"
    " m.last_error, m.smtp_reply, m.message_id, m.created_at, m.give_up_at, m.sent_at, m.created_by,"
    " u.name AS created_by_name, m.entity, m.entity_id, m.body_text, m.body_html"
    " FROM core.mail_messages m LEFT JOIN auth.users u ON u.id = m.created_by WHERE m.id = $1");

/* GET /auth/mail/:id → 200 the message with both parts (body_text,
 * body_html: the page shows the HTML part as escaped source, never as
 * HTML); 404. auth:admin. */
enum herr
auth_mail_show(struct request *r)
{
	json_object *m;
	enum herr e = record_get(r, &mail_get, req_param_id(r, "id"), &m);
	if (e != HE_OK)
		return e;
	if (r->format == FMT_HTML) {
		record_crumbs(r, record_str(m, "subject"), "Mail", "/auth/mail",
		    arena_printf(r->arena, "Message %lld", record_int(m, "id")), NULL, NULL);
		mail_page(r);
	}
	no_store(r);
	return resp_ok(r, "auth/mail_show.cs", m);
}

DB_STMT(mail_retry_stmt, "SELECT * FROM core.mail_retry($1)");

/* POST /auth/mail/:id/retry: a dead message (or one waiting to retry) is
 * due now, with a new day of retries (audit "mail.retry") → the message;
 * HTML: 303 to it with a flash. 409 (or the page with a notice) when it
 * is queued or sent; 404. auth:admin. */
enum herr
auth_mail_retry(struct request *r)
{
	long long id = req_param_id(r, "id");
	if (id <= 0)
		return HE_NOT_FOUND;
	json_object *m;
	enum herr e = record_get(r, &mail_get, id, &m);
	if (e != HE_OK)
		return e;
	if ((e = db_begin(r)) != HE_OK)
		return e;
	PGresult *res = db_q(r, &mail_retry_stmt, db_int(r, id));
	if (res == NULL)
		return db_fail(r);
	if (PQntuples(res) == 0) {
		db_rollback(r);
		if (r->format == FMT_HTML)
			return record_done(r, 0, message_href(r, id), "That message is not waiting for a retry: it is "
			    "queued or sent.", NULL);
		r->problem_detail = "Only a dead message, or one waiting to retry, can be retried: this one is queued or sent.";
		return HE_CONFLICT;
	}
	json_object *after = req_json(r, db_row_json(res, 0));
	if ((e = record_commit(r, "mail.retry", "mail_message", id, NULL, after, NULL)) != HE_OK)
		return e;
	return record_done(r, 0, message_href(r, id), "The message is queued to be sent again.", after);
}

/* ---- a test message ---- */

/* POST /auth/mail/test (to, subject) → 201 + Location, the queued
 * message {id, status}; HTML: 303 to it. Sent by the worker as any other
 * (audit "mail.test"). 422 a bad address or subject. auth:admin. */
enum herr
auth_mail_test(struct request *r)
{
	struct form f;
	form_begin(&f, r, NULL);
	const char *to = form_email(&f, "to", V_REQUIRED);
	const char *subject = form_text(&f, "subject", V_REQUIRED, 200);
	no_line_break(&f, "subject", subject);
	if (!form_ok(&f)) {
		json_object *out = req_obj(r);
		json_object_object_add(out, "items", json_object_new_array());
		enum herr e = mail_list_side(r, out);
		if (e != HE_OK)
			return e;
		return record_form_again(r, HE_INVALID, "auth/mail_list.cs", out);
	}
	json_object *d = req_obj(r);
	json_object_object_add(d, "sent_by", json_object_new_string(r->principal.name ? r->principal.name : ""));
	json_object_object_add(d, "subject", json_object_new_string(subject));
	struct mail m = { .kind = "auth.mail_test", .to = to, .subject = subject, .template = "mail/test", .data = d };
	long long id = 0;
	enum herr e = db_begin(r);
	if (e != HE_OK || (e = mail_queue(r, &m, &id)) != HE_OK)
		return e;
	json_object *out = req_obj(r);
	json_object_object_add(out, "id", json_object_new_int64(id));
	json_object_object_add(out, "status", json_object_new_string("queued"));
	json_object_object_add(out, "to_address", json_object_new_string(to));
	json_object_object_add(out, "subject", json_object_new_string(subject));
	if ((e = record_commit(r, "mail.test", "mail_message", id, NULL, out, NULL)) != HE_OK)
		return e;
	return record_done(r, 1, message_href(r, id), "Test message queued: it shows as sent here once the "
	    "mail server took it.", out);
}
