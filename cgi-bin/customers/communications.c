/* communications.c: what was said and done with a customer (calls, emails,
 * meetings, texts, site visits, notes): a timeline per customer and across
 * all customers, logged by the signed-in user, edited with optimistic
 * concurrency, archived (never deleted: history stays). */
#include <stdio.h>
#include <string.h>
#include <time.h>
#include "customers.h"
#include "list.h"
#include "resp.h"

#define COMM_COLS \
	"m.id, m.customer_id, m.contact_id, m.property_id, m.kind, m.direction, m.occurred_at, " \
	"m.subject, m.body, m.user_id, m.archived_at, m.version, m.created_at, m.updated_at"

static const char *const comm_kinds[] = { "call", "email", "meeting", "sms", "site_visit", "note", NULL };
static const char *const comm_directions[] = { "inbound", "outbound", "internal", NULL };

/* Label and flash message per kind (same order as comm_kinds). */
static const char *const comm_labels[] = { "Call", "Email", "Meeting", "SMS", "Site visit", "Note" };
static const char *const comm_logged[] = { "Call logged.", "Email logged.", "Meeting logged.", "SMS logged.",
	"Site visit logged.", "Note added." };
static const char *const comm_new_titles[] = { "Log a call", "Log an email", "Log a meeting", "Log an SMS",
	"Log a site visit", "Add a note" };

static void
put_json(void *p)
{
	json_object_put(p);
}

static int
comm_kind_index(const char *kind)
{
	for (int i = 0; kind != NULL && comm_kinds[i]; i++)
		if (strcmp(kind, comm_kinds[i]) == 0)
			return i;
	return -1;
}

static const char *
comm_href(struct request *r, long long id)
{
	return arena_printf(r->arena, "/communications/%lld", id);
}

static const char *
customer_href(struct request *r, long long id)
{
	return arena_printf(r->arena, "/customers/%lld", id);
}

static void
set_family(struct request *r)
{
	json_object_object_add(r->page, "family", json_object_new_string("customers"));
}

/* A positive id from the query string, or NULL (absent, empty, or not
 * one: then also a field error). */
static const char *
query_id(struct request *r, const char *name)
{
	const char *s = req_query(r, name);
	if (s == NULL || *s == '\0')
		return NULL;
	if (strlen(s) > 18 || strspn(s, "0123456789") != strlen(s) || strspn(s, "0") == strlen(s)) {
		resp_field_error(r, name, "Not a valid id.");
		return NULL;
	}
	return s;
}

/* ---- list ---- */

/* $1 customer id (NULL: all customers), $2 q (websearch syntax over
 * subject and body), $3 kind, $4 contact id, $5 property id, $6 include
 * archived, $7/$8 cursor, $9 limit+1. Indexes: communications_customer_idx
 * (scoped), communications_occurred_idx (all), communications_tsv_idx (q),
 * and 005's kind/contact/property indexes for the filters. */
/* The page is chosen from communications alone (filters, order, limit on
 * the table and its indexes), then the names are joined to those rows only:
 * a join before the LIMIT made the planner hash whole tables for a rare ?q. */
#define COMM_LIST_SELECT \
	"SELECT m.id, m.customer_id, c.name AS customer_name, m.contact_id, t.name AS contact_name," \
	" m.property_id, p.name AS property_name, m.kind, m.direction, m.occurred_at, m.subject," \
	" left(m.body, 280) AS excerpt, length(m.body) > 280 AS excerpt_truncated," \
	" m.user_id, u.name AS user_name, m.archived_at, m.version, m.created_at, m.updated_at," \
	" m.occurred_at AS sort_key" \
	" FROM (SELECT * FROM customers.communications m" \
	" WHERE ($1::bigint IS NULL OR m.customer_id = $1)" \
	"   AND ($2::text IS NULL OR m.search_tsv @@ websearch_to_tsquery('simple', $2))" \
	"   AND ($3::text IS NULL OR m.kind = $3)" \
	"   AND ($4::bigint IS NULL OR m.contact_id = $4)" \
	"   AND ($5::bigint IS NULL OR m.property_id = $5)" \
	"   AND ($6::boolean OR m.archived_at IS NULL)"
#define COMM_LIST_JOIN \
	" JOIN customers.customers c ON c.id = m.customer_id" \
	" LEFT JOIN customers.contacts t ON t.id = m.contact_id" \
	" LEFT JOIN customers.properties p ON p.id = m.property_id" \
	" LEFT JOIN auth.user_names u ON u.id = m.user_id"

DB_STMT_PLANNED(comm_list_newest,
    COMM_LIST_SELECT
    "   AND ($7::text IS NULL OR (m.occurred_at, m.id) < ($7::timestamptz, $8::bigint))"
    " ORDER BY m.occurred_at DESC, m.id DESC LIMIT $9) m" COMM_LIST_JOIN
    " ORDER BY m.occurred_at DESC, m.id DESC");
DB_STMT_PLANNED(comm_list_oldest,
    COMM_LIST_SELECT
    "   AND ($7::text IS NULL OR (m.occurred_at, m.id) > ($7::timestamptz, $8::bigint))"
    " ORDER BY m.occurred_at, m.id LIMIT $9) m" COMM_LIST_JOIN
    " ORDER BY m.occurred_at, m.id");

static const struct list_sort comm_sorts[] = {
	{ "-occurred_at", "Newest first", "sort_key" },
	{ "occurred_at",  "Oldest first", "sort_key" },
	{ NULL, NULL, NULL },
};
static struct db_stmt *const comm_sort_stmts[] = { &comm_list_newest, &comm_list_oldest };

static const char *const comm_csv_columns[] = {
	"id", "customer_id", "customer_name", "kind", "direction", "occurred_at", "subject", "excerpt",
	"contact_name", "property_name", "user_name", "archived_at", "created_at", NULL,
};

/* GET /customers/:id/communications and GET /communications
 * (?q, kind, contact_id, property_id, archived, sort, limit, after;
 * format=json|csv) → 200 the timeline, newest first; 404 no such customer;
 * 422 bad filter/sort/limit/cursor. */
enum herr
customers_communication_list(struct request *r)
{
	int scoped = req_param(r, "id") != NULL;
	long long cid = req_param_id(r, "id");
	json_object *parent = NULL;
	if (scoped) {
		enum herr e = customers_parent(r, cid, &parent);
		if (e != HE_OK)
			return e;
		arena_defer(r->arena, put_json, parent);
	}
	struct list_query lq;
	enum herr e = list_parse(r, comm_sorts, &lq);
	const char *kind = req_query(r, "kind");
	if (kind != NULL && *kind == '\0')
		kind = NULL;
	if (kind != NULL && comm_kind_index(kind) < 0)
		resp_field_error(r, "kind", "Choose call, email, meeting, sms, site_visit or note.");
	const char *contact_id = query_id(r, "contact_id");
	const char *property_id = query_id(r, "property_id");
	const char *archived = req_query(r, "archived");
	int with_archived = archived != NULL && (strcmp(archived, "1") == 0 || strcmp(archived, "true") == 0 ||
	    strcmp(archived, "on") == 0);
	if (e != HE_OK || r->errors != NULL) {
		r->template = "communications/list.cs";
		return HE_INVALID;
	}
	PGresult *res = db_q(r, comm_sort_stmts[lq.sort_index], scoped ? db_int(r, cid) : NULL, lq.q, kind,
	    contact_id, property_id, with_archived ? "true" : "false", lq.after_key, lq.after_id,
	    lq.limit_plus_one);
	if (res == NULL)
		return db_fail(r);
	json_object *out = list_answer(r, &lq, res);
	if (r->format == FMT_HTML) {
		if (kind)
			json_object_object_add(out, "kind", json_object_new_string(kind));
		if (contact_id)
			json_object_object_add(out, "contact_id", json_object_new_string(contact_id));
		if (property_id)
			json_object_object_add(out, "property_id", json_object_new_string(property_id));
		if (with_archived)
			json_object_object_add(out, "archived", json_object_new_string("1"));
		if (scoped) {
			json_object_object_add(out, "customer", json_object_get(parent));
			const char *name = record_str(parent, "name");
			record_crumbs(r, arena_printf(r->arena, "Communications: %s", name), "Customers", "/customers",
			    name, customer_href(r, cid), "Communications", NULL, NULL);
		} else {
			record_crumbs(r, "Communications", "Communications", NULL, NULL);
		}
		set_family(r);
	}
	r->csv_columns = comm_csv_columns;
	r->csv_filename = "communications";
	return resp_ok(r, "communications/list.cs", out);
}

/* ---- one communication ---- */

DB_STMT(comm_get, "SELECT " COMM_COLS " FROM customers.communications m WHERE m.id = $1");
DB_STMT(comm_get_for_update,
    "SELECT " COMM_COLS " FROM customers.communications m WHERE m.id = $1 FOR UPDATE");
DB_STMT(comm_get_full,
    "SELECT " COMM_COLS ", c.name AS customer_name, t.name AS contact_name, p.name AS property_name,"
    " u.name AS user_name"
    " FROM customers.communications m"
    " JOIN customers.customers c ON c.id = m.customer_id"
    " LEFT JOIN customers.contacts t ON t.id = m.contact_id"
    " LEFT JOIN customers.properties p ON p.id = m.property_id"
    " LEFT JOIN auth.user_names u ON u.id = m.user_id"
    " WHERE m.id = $1");

/* What the form needs besides the values: the customer and the choices
 * for contact and property (active ones, plus the current ones if they
 * were archived since). $1 customer, $2 current contact, $3 current property. */
DB_STMT(comm_form_ctx,
    "SELECT c.id AS customer_id, c.name AS customer_name,"
    " (SELECT coalesce(json_agg(x), '[]') FROM (SELECT t.id, t.name FROM customers.contacts t"
    "    WHERE t.customer_id = c.id AND (t.archived_at IS NULL OR t.id = $2)"
    "    ORDER BY lower(t.name), t.id LIMIT 500) x) AS contacts,"
    " (SELECT coalesce(json_agg(x), '[]') FROM (SELECT p.id, p.name FROM customers.properties p"
    "    WHERE p.customer_id = c.id AND (p.archived_at IS NULL OR p.id = $3)"
    "    ORDER BY lower(p.name), p.id LIMIT 500) x) AS properties"
    " FROM customers.customers c WHERE c.id = $1");

/* Contact and property must belong to the communication's customer. */
DB_STMT(comm_refs_check,
    "SELECT ($2::bigint IS NULL OR EXISTS (SELECT 1 FROM customers.contacts t"
    "          WHERE t.id = $2 AND t.customer_id = $1)) AS contact_ok,"
    "       ($3::bigint IS NULL OR EXISTS (SELECT 1 FROM customers.properties p"
    "          WHERE p.id = $3 AND p.customer_id = $1)) AS property_ok");

/* The form's context object for customer cid (new object), or NULL when
 * the query fails (the page then shows without choices). */
static json_object *
comm_form_context(struct request *r, long long cid, const char *contact_id, const char *property_id)
{
	PGresult *res = db_q(r, &comm_form_ctx, db_int(r, cid), contact_id, property_id);
	if (res == NULL || PQntuples(res) == 0)
		return json_object_new_object();
	return db_row_json(res, 0);
}

/* Copies every field of src into dst (references, not copies). */
static void
merge_into(json_object *dst, json_object *src)
{
	json_object_object_foreach(src, key, val)
		json_object_object_add(dst, key, json_object_get(val));
}

/* GET /communications/:id → 200 the communication with its customer,
 * contact, property and who logged it; 404. */
enum herr
customers_communication_show(struct request *r)
{
	json_object *m;
	enum herr e = record_get(r, &comm_get_full, req_param_id(r, "id"), &m);
	if (e != HE_OK)
		return e;
	if (r->format == FMT_HTML) {
		int k = comm_kind_index(record_str(m, "kind"));
		json_object_object_add(m, "kind_label", json_object_new_string(k >= 0 ? comm_labels[k] : "Entry"));
		record_crumbs(r, record_str(m, "subject"), "Customers", "/customers", record_str(m, "customer_name"),
		    customer_href(r, record_int(m, "customer_id")), "Communications",
		    arena_printf(r->arena, "/customers/%lld/communications", record_int(m, "customer_id")),
		    record_str(m, "subject"), NULL, NULL);
		set_family(r);
	}
	return resp_ok(r, "communications/show.cs", m);
}

/* Now as the browser's datetime-local value (company time, minutes). */
static const char *
now_local_value(struct request *r)
{
	time_t t = time(NULL);
	struct tm tm;
	char s[32];
	localtime_r(&t, &tm);
	strftime(s, sizeof(s), "%Y-%m-%dT%H:%M", &tm);
	return arena_strdup(r->arena, s);
}

/* "2026-11-23T20:30:00Z" → "2026-11-23T14:30" (company time) for
 * <input type=datetime-local>. */
static void
form_local_datetime(struct request *r, json_object *form, const char *field)
{
	json_object *v = NULL;
	if (!json_object_object_get_ex(form, field, &v) || v == NULL || !json_object_is_type(v, json_type_string))
		return;
	const char *s = json_object_get_string(v);
	if (strlen(s) == 20 && s[19] == 'Z')
		json_object_object_add(form, field, json_object_new_string(valid_utc_to_local_input(r->arena, s)));
}

static void
new_crumbs(struct request *r, long long cid, const char *customer_name, const char *kind)
{
	int k = comm_kind_index(kind);
	record_crumbs(r, k >= 0 ? comm_new_titles[k] : "Log a communication", "Customers", "/customers", customer_name ? customer_name : "Customer",
	    customer_href(r, cid), "Communications", arena_printf(r->arena, "/customers/%lld/communications", cid),
	    k == 5 ? "New note" : "Log", NULL, NULL);
	set_family(r);
}

/* GET /customers/:id/communications/new (?kind=call preselects the kind;
 * ?contact_id, ?property_id preselect those) → 200 the empty form; 404. */
enum herr
customers_communication_new(struct request *r)
{
	long long cid = req_param_id(r, "id");
	json_object *parent;
	enum herr e = customers_parent(r, cid, &parent);
	if (e != HE_OK)
		return e;
	const char *kind = req_query(r, "kind");
	if (comm_kind_index(kind) < 0)
		kind = "note";
	const char *contact_id = query_id(r, "contact_id");
	const char *property_id = query_id(r, "property_id");
	json_object_put(r->errors);         /* a bad preselection is just ignored */
	r->errors = NULL;
	json_object *data = comm_form_context(r, cid, contact_id, property_id);
	new_crumbs(r, cid, record_str(parent, "name"), kind);
	json_object_put(parent);
	r->form_values = json_object_new_object();
	json_object_object_add(r->form_values, "kind", json_object_new_string(kind));
	json_object_object_add(r->form_values, "occurred_at", json_object_new_string(now_local_value(r)));
	if (contact_id)
		json_object_object_add(r->form_values, "contact_id", json_object_new_string(contact_id));
	if (property_id)
		json_object_object_add(r->form_values, "property_id", json_object_new_string(property_id));
	return resp_ok(r, "communications/form.cs", data);
}

/* GET /communications/:id/edit → 200 the form filled from the record; 404. */
enum herr
customers_communication_edit(struct request *r)
{
	json_object *m;
	enum herr e = record_get(r, &comm_get, req_param_id(r, "id"), &m);
	if (e != HE_OK)
		return e;
	long long id = record_int(m, "id"), cid = record_int(m, "customer_id");
	json_object *ctx = comm_form_context(r, cid, record_str(m, "contact_id"), record_str(m, "property_id"));
	merge_into(m, ctx);
	json_object_put(ctx);
	record_crumbs(r, "Edit communication", "Customers", "/customers", record_str(m, "customer_name"),
	    customer_href(r, cid), record_str(m, "subject"), comm_href(r, id), "Edit", NULL, NULL);
	set_family(r);
	r->form_values = record_as_form(m);
	form_local_datetime(r, r->form_values, "occurred_at");
	return resp_ok(r, "communications/form.cs", m);
}

/* The fields of a communication, checked; for PATCH, base is the current
 * record so absent fields keep their values. Also checks that contact and
 * property belong to customer cid. HE_OK, or HE_INVALID with field errors,
 * or a database failure. */
static enum herr
comm_fields(struct form *f, long long cid)
{
	struct request *r = f->r;
	const char *kind = form_enum(f, "kind", V_REQUIRED, comm_kinds, NULL);
	form_enum(f, "direction", 0, comm_directions,
	    kind != NULL && strcmp(kind, "note") == 0 ? "internal" : "outbound");
	/* occurred_at: RFC 3339 from scripts, or the browser's datetime-local
	 * value (2026-11-23T14:30, no offset), which is company time and comes
	 * back from form_datetime as UTC. Empty: now (create) or unchanged (edit). */
	form_datetime(f, "occurred_at", 0);
	form_text(f, "subject", V_REQUIRED, 300);
	form_text(f, "body", 0, 20000);
	int ok;
	form_int(f, "contact_id", V_NULLABLE, 1, 999999999999999999LL, &ok);
	form_int(f, "property_id", V_NULLABLE, 1, 999999999999999999LL, &ok);
	const char *contact_id = form_get(f, "contact_id"), *property_id = form_get(f, "property_id");
	if (contact_id != NULL || property_id != NULL) {
		PGresult *res = db_q(r, &comm_refs_check, db_int(r, cid), contact_id, property_id);
		if (res == NULL)
			return db_fail(r);
		if (PQgetvalue(res, 0, 0)[0] != 't')
			form_error(f, "contact_id", "Choose a contact of this customer.");
		if (PQgetvalue(res, 0, 1)[0] != 't')
			form_error(f, "property_id", "Choose a property of this customer.");
	}
	return form_ok(f) ? HE_OK : HE_INVALID;
}

DB_STMT(comm_insert,
    "INSERT INTO customers.communications AS m (customer_id, contact_id, property_id, kind, direction,"
    " occurred_at, subject, body, user_id)"
    " VALUES ($1, $2, $3, $4, $5, coalesce($6::timestamptz, now()), $7, $8, $9) RETURNING " COMM_COLS);

/* POST /customers/:id/communications (form or JSON: kind, direction,
 * occurred_at, subject, body, contact_id, property_id) → 201 + Location
 * /communications/<id> (HTML: 303 to the customer with "Call logged." etc.);
 * 404 no such customer; 422 field errors (HTML: the form again). */
enum herr
customers_communication_create(struct request *r)
{
	long long cid = req_param_id(r, "id");
	json_object *parent;
	enum herr e = customers_parent(r, cid, &parent);
	if (e != HE_OK)
		return e;
	arena_defer(r->arena, put_json, parent);
	struct form f;
	form_begin(&f, r, NULL);
	e = comm_fields(&f, cid);
	if (e == HE_INVALID) {
		new_crumbs(r, cid, record_str(parent, "name"), form_get(&f, "kind"));
		return record_form_again(r, e, "communications/form.cs", r->format == FMT_HTML ?
		    comm_form_context(r, cid, form_get(&f, "contact_id"), form_get(&f, "property_id")) : NULL);
	}
	if (e != HE_OK)
		return e;
	if ((e = db_begin(r)) != HE_OK)
		return e;
	long long uid = r->principal.user_id;
	PGresult *res = db_q(r, &comm_insert, db_int(r, cid), form_get(&f, "contact_id"),
	    form_get(&f, "property_id"), form_get(&f, "kind"), form_get(&f, "direction"),
	    form_get(&f, "occurred_at"), form_get(&f, "subject"), form_get(&f, "body"),
	    uid > 0 ? db_int(r, uid) : NULL);
	if (res == NULL)
		return db_fail(r);
	json_object *m = db_row_json(res, 0);
	long long id = record_int(m, "id");
	e = record_commit(r, "communication.create", "communication", id, NULL, m, "communication.created");
	if (e != HE_OK) {
		json_object_put(m);
		return e;
	}
	if (r->format == FMT_HTML) {
		json_object_put(m);
		resp_flash(r, "success", comm_logged[comm_kind_index(form_get(&f, "kind"))]);
		return resp_redirect(r, 303, customer_href(r, cid));
	}
	return resp_created(r, comm_href(r, id), m);
}

DB_STMT(comm_update,
    "UPDATE customers.communications m SET contact_id = $3, property_id = $4, kind = $5, direction = $6,"
    " occurred_at = coalesce($7::timestamptz, m.occurred_at), subject = $8, body = $9,"
    " version = m.version + 1, updated_at = now()"
    " WHERE m.id = $1 AND m.version = $2 RETURNING " COMM_COLS);

/* PATCH /communications/:id (JSON: any subset of the fields + version or
 * If-Match; form: _method=PATCH) → 200 the record (HTML: 303 to it); 404;
 * 409 stale version with the current record; 422 field errors. */
enum herr
customers_communication_update(struct request *r)
{
	long long id = req_param_id(r, "id");
	enum herr e = db_begin(r);
	if (e != HE_OK)
		return e;
	json_object *cur;
	if ((e = record_get(r, &comm_get_for_update, id, &cur)) != HE_OK)
		return e;
	long long cid = record_int(cur, "customer_id");
	struct form f;
	form_begin(&f, r, cur);
	e = comm_fields(&f, cid);
	if (e == HE_OK)
		e = record_version_check(r, &f, cur);
	if (e == HE_INVALID || e == HE_CONFLICT) {
		db_rollback(r);
		if (r->format == FMT_HTML) {
			json_object *ctx = comm_form_context(r, cid, form_get(&f, "contact_id") ?
			    form_get(&f, "contact_id") : record_str(cur, "contact_id"),
			    form_get(&f, "property_id") ? form_get(&f, "property_id") : record_str(cur, "property_id"));
			merge_into(cur, ctx);   /* on 409 cur is also r->data: the page's choices */
			json_object_put(ctx);
			/* the saved time as the form shows it, so "saved now" compares alike */
			form_local_datetime(r, cur, "occurred_at");
			record_crumbs(r, "Edit communication", "Customers", "/customers", record_str(cur, "customer_name"),
			    customer_href(r, cid), record_str(cur, "subject"), comm_href(r, id), "Edit", NULL, NULL);
			set_family(r);
		}
		e = record_form_again(r, e, "communications/form.cs", cur);
		if (r->format == FMT_HTML)
			form_local_datetime(r, r->form_values, "occurred_at");
		return e;
	}
	if (e != HE_OK) {
		json_object_put(cur);
		return e;
	}
	/* The edit form shows the time to the minute: sent back unchanged, it
	 * must not wipe the seconds (NULL keeps the stored value). */
	const char *occurred = form_get(&f, "occurred_at"), *stored = record_str(cur, "occurred_at");
	if (occurred != NULL && stored != NULL && strlen(occurred) >= 16 && strncmp(occurred, stored, 16) == 0)
		occurred = NULL;
	PGresult *res = db_q(r, &comm_update, db_int(r, id), db_int(r, record_int(cur, "version")),
	    form_get(&f, "contact_id"), form_get(&f, "property_id"), form_get(&f, "kind"),
	    form_get(&f, "direction"), occurred, form_get(&f, "subject"), form_get(&f, "body"));
	if (res == NULL) {
		json_object_put(cur);
		return db_fail(r);
	}
	json_object *m = db_row_json(res, 0);
	e = record_commit(r, "communication.update", "communication", id, cur, m, "communication.updated");
	json_object_put(cur);
	if (e != HE_OK) {
		json_object_put(m);
		return e;
	}
	return record_done(r, 0, comm_href(r, id), "Saved.", m);
}

DB_STMT(comm_archived_set,
    "UPDATE customers.communications m SET archived_at = CASE WHEN $2 THEN now() ELSE NULL END,"
    " version = m.version + 1, updated_at = now()"
    " WHERE m.id = $1 AND (m.archived_at IS NULL) = $2 RETURNING " COMM_COLS);
/* The customer of communication $1, locked against being archived meanwhile. */
DB_STMT(comm_customer_lock,
    "SELECT c.id, c.archived_at FROM customers.customers c"
    " WHERE c.id = (SELECT m.customer_id FROM customers.communications m WHERE m.id = $1) FOR SHARE");

/* Archive (DELETE) or restore: the row and its audit stay; an archived
 * entry leaves the timeline. Already so: nothing changes. A restore locks
 * the customer first (customer, then communication) and refuses while the
 * customer is archived. A browser goes to the customer after an archive,
 * to the communication after a restore. */
static enum herr
comm_set_archived(struct request *r, int archive)
{
	long long id = req_param_id(r, "id");
	enum herr e = db_begin(r);
	if (e != HE_OK)
		return e;
	json_object *owner = NULL, *cur;
	if (!archive && (e = record_get(r, &comm_customer_lock, id, &owner)) != HE_OK)
		return e;
	if ((e = record_get(r, &comm_get_for_update, id, &cur)) != HE_OK) {
		json_object_put(owner);
		return e;
	}
	long long cid = record_int(cur, "customer_id");
	int refused = !archive && record_str(cur, "archived_at") != NULL && record_str(owner, "archived_at") != NULL;
	json_object_put(owner);
	if (refused) {
		db_rollback(r);
		json_object_put(cur);
		r->problem_detail = "This communication's customer is archived. Restore the customer first.";
		return HE_INVALID;
	}
	const char *loc = archive ? customer_href(r, cid) : comm_href(r, id);
	return record_set_archived(r, &comm_archived_set, "communication", "Communication", id, archive, cur, loc);
}

/* DELETE /communications/:id → 200 the archived record (HTML: 303 to the
 * customer); 404. It leaves the timeline; the row and its audit stay. */
enum herr
customers_communication_archive(struct request *r)
{
	return comm_set_archived(r, 1);
}

/* POST /communications/:id/restore → 200 the record (HTML: 303 to it);
 * 404; 422 while its customer is archived. Restoring an active entry
 * changes nothing. */
enum herr
customers_communication_restore(struct request *r)
{
	return comm_set_archived(r, 0);
}
