/* communications.c: what was said and done with a customer (calls, emails,
 * meetings, texts, site visits, notes): a timeline per customer and across
 * all customers, logged by the signed-in user, edited with optimistic
 * concurrency, archived (never deleted: history stays). */
#include <string.h>
#include <time.h>
#include "customers.h"
#include "resource.h"

#define COMM_COLS \
	"m.id, m.customer_id, (SELECT c.name FROM customers.customers c WHERE c.id = m.customer_id)" \
	" AS customer_name, m.contact_id, m.property_id, m.kind, m.direction, m.occurred_at, " \
	"m.subject, m.body, m.user_id, m.archived_at, m.version, m.created_at, m.updated_at"

static const char *const comm_kinds[] = { "call", "email", "meeting", "sms", "site_visit", "note", NULL };
static const char *const comm_directions[] = { "inbound", "outbound", "internal", NULL };

/* Label, flash message and new-form title per kind (same order as comm_kinds). */
static const char *const comm_labels[] = { "Call", "Email", "Meeting", "SMS", "Site visit", "Note" };
static const char *const comm_logged[] = { "Call logged.", "Email logged.", "Meeting logged.", "SMS logged.",
	"Site visit logged.", "Note added." };
static const char *const comm_new_titles[] = { "Log a call", "Log an email", "Log a meeting", "Log an SMS",
	"Log a site visit", "Add a note" };

static int
comm_kind_index(const char *kind)
{
	for (int i = 0; kind != NULL && comm_kinds[i]; i++)
		if (strcmp(kind, comm_kinds[i]) == 0)
			return i;
	return -1;
}

/* Insert and update parameters follow this order. occurred_at: RFC 3339
 * from scripts, or the browser's datetime-local value (company time);
 * empty: now (create) or unchanged (edit). Direction defaults to
 * "internal" for a note (comm_check). */
static const struct res_field comm_fields[] = {
	FIELD_ID("contact_id", V_NULLABLE),
	FIELD_ID("property_id", V_NULLABLE),
	FIELD_ENUM("kind", V_REQUIRED, comm_kinds, NULL),
	FIELD_ENUM("direction", 0, comm_directions, "outbound"),
	FIELD_DATETIME("occurred_at", 0),
	FIELD_TEXT("subject", V_REQUIRED, 300),
	FIELD_TEXT("body", 0, 20000),
	FIELD_END,
};

DB_STMT(comm_get, "SELECT " COMM_COLS " FROM customers.communications m WHERE m.id = $1");
DB_STMT(comm_get_for_update,
    "SELECT " COMM_COLS " FROM customers.communications m WHERE m.id = $1 FOR UPDATE");
DB_STMT(comm_get_full,
    "SELECT " COMM_COLS ", t.name AS contact_name, p.name AS property_name, u.name AS user_name"
    " FROM customers.communications m"
    " LEFT JOIN customers.contacts t ON t.id = m.contact_id"
    " LEFT JOIN customers.properties p ON p.id = m.property_id"
    " LEFT JOIN auth.user_names u ON u.id = m.user_id"
    " WHERE m.id = $1");
/* $9: who logged it (the signed-in user). */
DB_STMT(comm_insert,
    "INSERT INTO customers.communications AS m (customer_id, contact_id, property_id, kind, direction,"
    " occurred_at, subject, body, user_id)"
    " VALUES ($1, $2, $3, $4, $5, coalesce($6::timestamptz, now()), $7, $8, $9) RETURNING " COMM_COLS);
DB_STMT(comm_update,
    "UPDATE customers.communications m SET contact_id = $3, property_id = $4, kind = $5, direction = $6,"
    " occurred_at = coalesce($7::timestamptz, m.occurred_at), subject = $8, body = $9,"
    " version = m.version + 1, updated_at = now()"
    " WHERE m.id = $1 AND m.version = $2 RETURNING " COMM_COLS);
DB_STMT(comm_archived_set,
    "UPDATE customers.communications m SET archived_at = CASE WHEN $2 THEN now() ELSE NULL END,"
    " version = m.version + 1, updated_at = now()"
    " WHERE m.id = $1 AND (m.archived_at IS NULL) = $2 RETURNING " COMM_COLS);

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
static struct db_stmt *const comm_list_stmts[] = { &comm_list_newest, &comm_list_oldest };
static const enum res_lparam comm_list_params[] = {
	LP_PARENT, LP_Q, LP_FILTER(0), LP_FILTER(1), LP_FILTER(2), LP_ARCHIVED, LP_AFTER_KEY, LP_AFTER_ID, LP_LIMIT1,
	LP_END,
};
static const struct res_filter comm_filters[] = {
	FILTER_CHOICE("kind", comm_kinds, "Choose call, email, meeting, sms, site_visit or note."),
	FILTER_ID("contact_id"),
	FILTER_ID("property_id"),
	FILTER_END,
};

static const char *const comm_csv_columns[] = {
	"id", "customer_id", "customer_name", "kind", "direction", "occurred_at", "subject", "excerpt",
	"contact_name", "property_name", "user_name", "archived_at", "created_at", NULL,
};

/* ---- hooks ---- */

/* What the form needs besides the values: the choices for contact and
 * property (active ones, plus the current ones if they were archived
 * since). $1 customer, $2 current contact, $3 current property. */
DB_STMT(comm_form_choices,
    "SELECT (SELECT coalesce(json_agg(x), '[]') FROM (SELECT t.id, t.name FROM customers.contacts t"
    "    WHERE t.customer_id = $1 AND (t.archived_at IS NULL OR t.id = $2)"
    "    ORDER BY lower(t.name), t.id LIMIT 500) x) AS contacts,"
    " (SELECT coalesce(json_agg(x), '[]') FROM (SELECT p.id, p.name FROM customers.properties p"
    "    WHERE p.customer_id = $1 AND (p.archived_at IS NULL OR p.id = $3)"
    "    ORDER BY lower(p.name), p.id LIMIT 500) x) AS properties");

/* The value of field in the form shown (sent or preselected), else the record's. */
static const char *
shown_value(struct request *r, json_object *record, const char *field)
{
	const char *v = record_str(r->form_values, field);
	if (v != NULL && *v)
		return v;
	return record ? record_str(record, field) : NULL;
}

static enum herr
comm_form_data(struct request *r, long long customer_id, json_object *record, json_object *data)
{
	PGresult *res = db_q(r, &comm_form_choices, db_int(r, customer_id),
	    shown_value(r, record, "contact_id"), shown_value(r, record, "property_id"));
	if (res == NULL || PQntuples(res) == 0)
		return HE_OK;           /* the page shows without choices */
	json_object *choices = req_json(r, db_row_json(res, 0));
	json_object_object_foreach(choices, key, val)
		json_object_object_add(data, key, json_object_get(val));
	return HE_OK;
}

/* A positive id from the query string, or NULL. */
static const char *
query_id(struct request *r, const char *name)
{
	const char *s = req_query(r, name);
	if (s == NULL || *s == '\0' || strlen(s) > 18 || strspn(s, "0123456789") != strlen(s) ||
	    strspn(s, "0") == strlen(s))
		return NULL;
	return s;
}

/* ?kind=call preselects the kind (a note otherwise); ?contact_id and
 * ?property_id preselect those; a bad preselection is just ignored. The
 * time is now, as the browser's datetime-local input shows it. */
static enum herr
comm_new_form(struct request *r, long long customer_id, json_object *fv)
{
	(void)customer_id;
	const char *kind = req_query(r, "kind");
	json_object_object_add(fv, "kind", json_object_new_string(comm_kind_index(kind) >= 0 ? kind : "note"));
	time_t t = time(NULL);
	struct tm tm;
	char now[32];
	localtime_r(&t, &tm);
	strftime(now, sizeof(now), "%Y-%m-%dT%H:%M", &tm);
	json_object_object_add(fv, "occurred_at", json_object_new_string(now));
	static const char *const preselect[] = { "contact_id", "property_id", NULL };
	for (size_t i = 0; preselect[i]; i++)
		if (query_id(r, preselect[i]) != NULL)
			json_object_object_add(fv, preselect[i], json_object_new_string(query_id(r, preselect[i])));
	return HE_OK;
}

static const char *
comm_new_title(struct request *r, json_object *fv)
{
	(void)r;
	int k = comm_kind_index(record_str(fv, "kind"));
	return k >= 0 ? comm_new_titles[k] : "Log a communication";
}

/* Contact and property must belong to the communication's customer. */
DB_STMT(comm_refs_check,
    "SELECT ($2::bigint IS NULL OR EXISTS (SELECT 1 FROM customers.contacts t"
    "          WHERE t.id = $2 AND t.customer_id = $1)) AS contact_ok,"
    "       ($3::bigint IS NULL OR EXISTS (SELECT 1 FROM customers.properties p"
    "          WHERE p.id = $3 AND p.customer_id = $1)) AS property_ok");

static enum herr
comm_check(struct request *r, const struct resource *res, struct form *f, long long customer_id)
{
	(void)res;
	json_object *sent;
	const char *kind = form_get(f, "kind");
	if (f->base == NULL && kind != NULL && strcmp(kind, "note") == 0 &&
	    !json_object_object_get_ex(f->in, "direction", &sent))
		json_object_object_add(f->out, "direction", json_object_new_string("internal"));
	const char *contact_id = form_get(f, "contact_id"), *property_id = form_get(f, "property_id");
	if (contact_id == NULL && property_id == NULL)
		return HE_OK;
	PGresult *rows = db_q(r, &comm_refs_check, db_int(r, customer_id), contact_id, property_id);
	if (rows == NULL)
		return db_fail(r);
	if (PQgetvalue(rows, 0, 0)[0] != 't')
		form_error(f, "contact_id", "Choose a contact of this customer.");
	if (PQgetvalue(rows, 0, 1)[0] != 't')
		form_error(f, "property_id", "Choose a property of this customer.");
	return HE_OK;
}

/* The edit form shows the time to the minute: sent back unchanged, it
 * must not wipe the seconds (NULL keeps the stored value). */
static enum herr
comm_before_write(struct request *r, struct form *f, long long customer_id, long long id)
{
	(void)r;
	(void)customer_id;
	const char *occurred = form_get(f, "occurred_at");
	const char *stored = id && f->base ? record_str(f->base, "occurred_at") : NULL;
	if (occurred != NULL && stored != NULL && strlen(occurred) >= 16 && strncmp(occurred, stored, 16) == 0)
		json_object_object_add(f->out, "occurred_at", NULL);
	return HE_OK;
}

static const char *
comm_created_flash(struct request *r, json_object *record)
{
	(void)r;
	int k = comm_kind_index(record_str(record, "kind"));
	return k >= 0 ? comm_logged[k] : "Saved.";
}

static enum herr
comm_show_data(struct request *r, json_object *record)
{
	(void)r;
	int k = comm_kind_index(record_str(record, "kind"));
	json_object_object_add(record, "kind_label", json_object_new_string(k >= 0 ? comm_labels[k] : "Entry"));
	return HE_OK;
}

static const struct res_hooks comm_hooks = {
	.check         = comm_check,
	.before_write  = comm_before_write,
	.new_form      = comm_new_form,
	.new_title     = comm_new_title,
	.form_data     = comm_form_data,
	.created_flash = comm_created_flash,
	.show_data     = comm_show_data,
};

/* ---- the resource ---- */

/* What comm_get_full adds to the record. */
static const char *const comm_show_fields[] = { "contact_name", "property_name", "user_name", NULL };
/* The columns besides the fields: who logged it; the names the show page
 * and the list join; the list's excerpt of the body. */
static const struct res_field comm_read_fields[] = {
	FIELD_ID("user_id", V_NULLABLE),
	FIELD_TEXT("contact_name", V_NULLABLE, 200), FIELD_TEXT("property_name", V_NULLABLE, 200),
	FIELD_TEXT("user_name", V_NULLABLE, 200),
	FIELD_TEXT("excerpt", V_NULLABLE, 280), FIELD_BOOL("excerpt_truncated"),
	FIELD_END,
};

static const struct resource comm_resource = {
	.name = "communication", .label = "Communication", .plural = "Communications", .path = "/communications",
	.family = "customers", .title_field = "subject",
	.tpl_list = "communications/list.cs", .tpl_show = "communications/show.cs",
	.tpl_form = "communications/form.cs",
	.parent = &customers_parent_of_child, .back_to_parent = RES_BACK_CREATE | RES_BACK_ARCHIVE,
	.insert_creator = 1,
	.fields = comm_fields,
	.get = &comm_get, .get_full = &comm_get_full, .get_for_update = &comm_get_for_update,
	.show_fields = comm_show_fields, .read_fields = comm_read_fields,
	.insert = &comm_insert, .update = &comm_update, .set_archived = &comm_archived_set,
	.sorts = comm_sorts, .list_stmts = comm_list_stmts, .list_params = comm_list_params,
	.filters = comm_filters, .csv_columns = comm_csv_columns, .csv_filename = "communications",
	.saved_flash = "Saved.",
	.hooks = &comm_hooks,
};

/* GET /customers/:id/communications and GET /communications
 * (?q, kind, contact_id, property_id, archived, sort, limit, after;
 * format=json|csv) → 200 the timeline, newest first; 404 no such customer;
 * 422 bad filter/sort/limit/cursor. */
RES_HANDLER(customers_communication_list, res_list, comm_resource)
/* GET /communications/:id → 200 the communication with its customer,
 * contact, property and who logged it; 404. */
RES_HANDLER(customers_communication_show, res_show, comm_resource)
/* GET /customers/:id/communications/new (?kind=call preselects the kind;
 * ?contact_id, ?property_id preselect those) → 200 the empty form; 404. */
RES_HANDLER(customers_communication_new, res_new, comm_resource)
/* GET /communications/:id/edit → 200 the form filled from the record; 404. */
RES_HANDLER(customers_communication_edit, res_edit, comm_resource)
/* POST /customers/:id/communications (form or JSON: kind, direction,
 * occurred_at, subject, body, contact_id, property_id) → 201 + Location
 * /communications/<id> (HTML: 303 to the customer with "Call logged." etc.);
 * 404 no such customer; 422 field errors (HTML: the form again). */
RES_HANDLER(customers_communication_create, res_create, comm_resource)
/* PATCH /communications/:id (JSON: any subset of the fields + version or
 * If-Match; form: _method=PATCH) → 200 the record (HTML: 303 to it); 404;
 * 409 stale version with the current record; 422 field errors. */
RES_HANDLER(customers_communication_update, res_update, comm_resource)
/* DELETE /communications/:id → 200 the archived record (HTML: 303 to the
 * customer); 404. It leaves the timeline; the row and its audit stay. */
RES_HANDLER(customers_communication_archive, res_archive, comm_resource)
/* POST /communications/:id/restore → 200 the record (HTML: 303 to it);
 * 404; 422 while its customer is archived. */
RES_HANDLER(customers_communication_restore, res_restore, comm_resource)
