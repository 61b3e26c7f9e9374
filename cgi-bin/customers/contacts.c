/* contacts.c: the people at a customer: who to call, how and when, and
 * who must not be contacted. One contact per customer is the primary one. */
#include <string.h>
#include "audit.h"
#include "customers.h"
#include "resource.h"
#include "search.h"

/* The contact as every answer shows it (customer_name for the page's links). */
#define CONTACT_COLS \
	"t.id, t.customer_id, (SELECT c.name FROM customers.customers c WHERE c.id = t.customer_id)" \
	" AS customer_name, t.name, t.title, t.email, t.phone, t.preferred_channel, t.do_not_contact," \
	" t.best_time, t.is_primary, t.notes, t.archived_at, t.version, t.created_at, t.updated_at"

static const char *const contact_channels[] = { "email", "phone", "sms", "any", NULL };

/* Insert and update parameters follow this order. */
static const struct res_field contact_fields[] = {
	FIELD_TEXT("name", V_REQUIRED, 200),
	FIELD_TEXT("title", 0, 100),
	FIELD_EMAIL("email", 0),
	FIELD_PHONE("phone", 0),
	FIELD_ENUM("preferred_channel", 0, contact_channels, "email"),
	FIELD_BOOL("do_not_contact"),
	FIELD_TEXT("best_time", 0, 200),
	FIELD_BOOL("is_primary"),
	FIELD_TEXT("notes", 0, 10000),
	FIELD_END,
};

DB_STMT(contact_get, "SELECT " CONTACT_COLS " FROM customers.contacts t WHERE t.id = $1");
DB_STMT(contact_get_for_update,
    "SELECT " CONTACT_COLS " FROM customers.contacts t WHERE t.id = $1 FOR UPDATE");

/* The contact page: the record and the latest communications with them. */
DB_STMT(contact_get_full,
    "SELECT " CONTACT_COLS ","
    " (SELECT coalesce(json_agg(x), '[]') FROM (SELECT m.id, m.kind, m.direction,"
    "    core.rfc3339(m.occurred_at) AS occurred_at, m.subject, left(m.body, 280) AS body,"
    "    u.name AS user_name"
    "    FROM customers.communications m"
    "    LEFT JOIN auth.user_names u ON u.id = m.user_id"
    "    WHERE m.customer_id = t.customer_id AND m.contact_id = t.id AND m.archived_at IS NULL"
    "    ORDER BY m.occurred_at DESC, m.id DESC LIMIT 10) x) AS communications"
    " FROM customers.contacts t WHERE t.id = $1");

DB_STMT(contact_insert,
    "INSERT INTO customers.contacts AS t (customer_id, name, title, email, phone, preferred_channel,"
    " do_not_contact, best_time, is_primary, notes)"
    " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING " CONTACT_COLS);
DB_STMT(contact_update,
    "UPDATE customers.contacts t SET name = $3, title = $4, email = $5, phone = $6, preferred_channel = $7,"
    " do_not_contact = $8, best_time = $9, is_primary = $10, notes = $11, version = t.version + 1,"
    " updated_at = now()"
    " WHERE t.id = $1 AND t.version = $2 RETURNING " CONTACT_COLS);
DB_STMT(contact_archived_set,
    "UPDATE customers.contacts t SET archived_at = CASE WHEN $2 THEN now() ELSE NULL END,"
    " version = t.version + 1, updated_at = now()"
    " WHERE t.id = $1 AND (t.archived_at IS NULL) = $2 RETURNING " CONTACT_COLS);

/* ---- list ---- */

/* One customer's contacts ($1 set: contacts_customer_idx /
 * contacts_customer_created_idx) or everyone's ($1 NULL: contacts_name_idx /
 * contacts_created_idx, or contacts_trgm_idx when searching). Plans are
 * custom per execution (db.c), so the NULL tests fold away. Exact matches
 * (substring, phone digits) first; the fuzzy statement adds similar words
 * only when they are fewer than a page (lib/search.h).
 * $1 customer, $2 like (NULL: no search), $3 q for word similarity, $4
 * digits like, $5 include archived, $6/$7 cursor, $8 limit+1. Without
 * archived=1 the all-contacts list also leaves out archived customers'
 * contacts. The exact statement has no use for $3 but must give it a type
 * (an untyped parameter is an error): ($3::text IS NULL OR true). */
#define CONTACT_MATCH_EXACT \
	"t.search_text LIKE lower($2) OR ($4::text IS NOT NULL AND t.search_text LIKE $4)" \
	" OR (($3::text IS NULL OR true) AND false)"
#define CONTACT_MATCH_FUZZY CONTACT_MATCH_EXACT " OR ($3::text IS NOT NULL AND lower($3) <% t.search_text)"
#define CONTACT_LIST_SELECT(match) \
	"SELECT t.id, t.customer_id, c.name AS customer_name, t.name, t.title, t.email, t.phone," \
	" t.preferred_channel, t.do_not_contact, t.best_time, t.is_primary, t.archived_at, t.version," \
	" t.created_at, t.updated_at" \
	" FROM customers.contacts t JOIN customers.customers c ON c.id = t.customer_id" \
	" WHERE ($1::bigint IS NULL OR t.customer_id = $1)" \
	"   AND ($2::text IS NULL OR " match ")" \
	"   AND ($5::boolean OR (t.archived_at IS NULL AND ($1::bigint IS NOT NULL OR c.archived_at IS NULL)))"
#define CONTACT_LIST_BY_NAME(match) \
	CONTACT_LIST_SELECT(match) \
	"   AND ($6::text IS NULL OR (lower(t.name), t.id) > (lower($6), $7::bigint))" \
	" ORDER BY lower(t.name), t.id LIMIT $8"
#define CONTACT_LIST_BY_CREATED(match) \
	CONTACT_LIST_SELECT(match) \
	"   AND ($6::text IS NULL OR (t.created_at, t.id) < ($6::timestamptz, $7::bigint))" \
	" ORDER BY t.created_at DESC, t.id DESC LIMIT $8"

DB_STMT_PLANNED(contact_list_name, CONTACT_LIST_BY_NAME(CONTACT_MATCH_EXACT));
DB_STMT_PLANNED(contact_list_name_fuzzy, CONTACT_LIST_BY_NAME(CONTACT_MATCH_FUZZY));
DB_STMT_PLANNED(contact_list_created, CONTACT_LIST_BY_CREATED(CONTACT_MATCH_EXACT));
DB_STMT_PLANNED(contact_list_created_fuzzy, CONTACT_LIST_BY_CREATED(CONTACT_MATCH_FUZZY));

static const struct list_sort contact_sorts[] = {
	{ "name",        "Name",   "name" },
	{ "-created_at", "Newest", "created_at" },
	{ NULL, NULL, NULL },
};
static struct db_stmt *const contact_list_stmts[] = { &contact_list_name, &contact_list_created };
static const struct search_steps contact_search_steps[] = {
	{ &contact_list_name, &contact_list_name_fuzzy },
	{ &contact_list_created, &contact_list_created_fuzzy },
};
static const enum res_lparam contact_list_params[] = {
	LP_PARENT, LP_LIKE, LP_Q_UNLESS_PHONE, LP_PHONE_LIKE, LP_ARCHIVED, LP_AFTER_KEY, LP_AFTER_ID, LP_LIMIT1,
	LP_END,
};

static const char *const contact_csv_columns[] = {
	"id", "customer_id", "customer_name", "name", "title", "email", "phone", "preferred_channel",
	"do_not_contact", "best_time", "is_primary", "archived_at", "created_at", "updated_at", NULL,
};

/* ---- the primary contact ---- */

DB_STMT(contact_has_primary,
    "SELECT EXISTS (SELECT 1 FROM customers.contacts t"
    " WHERE t.customer_id = $1 AND t.is_primary AND t.archived_at IS NULL) AS has_primary");

/* The new form ticks "primary" when the customer has no primary contact yet. */
static enum herr
contact_new_form(struct request *r, long long customer_id, json_object *form_values)
{
	PGresult *res = db_q(r, &contact_has_primary, db_int(r, customer_id));
	if (res == NULL)
		return db_fail(r);
	int has_primary = PQntuples(res) > 0 && strcmp(PQgetvalue(res, 0, 0), "t") == 0;
	json_object_object_add(form_values, "is_primary", json_object_new_string(has_primary ? "0" : "1"));
	return HE_OK;
}

/* Only one primary contact per customer: the others lose the flag, each
 * change audited and announced like any other update. The customer's row,
 * locked by the layer before any contact row, serialises this. */
DB_STMT(contact_unset_primary,
    "UPDATE customers.contacts t SET is_primary = false, version = t.version + 1, updated_at = now()"
    " WHERE t.customer_id = $1 AND t.id <> $2 AND t.is_primary RETURNING " CONTACT_COLS);

static enum herr
contact_clear_primary(struct request *r, struct form *f, long long customer_id, long long keep_id)
{
	if (strcmp(form_get(f, "is_primary"), "true") != 0)
		return HE_OK;
	PGresult *res = db_q(r, &contact_unset_primary, db_int(r, customer_id), db_int(r, keep_id));
	if (res == NULL)
		return db_fail(r);
	for (int i = 0; i < PQntuples(res); i++) {
		json_object *after = req_json(r, db_row_json(res, i));
		json_object *before = req_obj(r);
		json_object_object_add(before, "is_primary", json_object_new_boolean(1));
		json_object_object_add(before, "version", json_object_new_int64(record_int(after, "version") - 1));
		long long oid = record_int(after, "id");
		enum herr e = audit_log(r, "contact.update", "contact", oid, before, after);
		if (e == HE_OK)
			e = outbox_emit(r, "contact.updated", oid, after);
		if (e != HE_OK)
			return e;
	}
	return HE_OK;
}

static const struct res_hooks contact_hooks = {
	.new_form     = contact_new_form,
	.before_write = contact_clear_primary,
};

/* ---- the resource ---- */

/* What contact_get_full adds to the record. */
static const char *const contact_show_fields[] = { "communications", NULL };
static const struct res_field contact_read_fields[] = { FIELD_ROWS("communications", "/communications"), FIELD_END };

static const struct resource contact_resource = {
	.name = "contact", .label = "Contact", .plural = "Contacts", .path = "/contacts",
	.family = "customers", .title_field = "name",
	.tpl_list = "contacts/list.cs", .tpl_show = "contacts/show.cs", .tpl_form = "contacts/form.cs",
	.parent = &customers_parent_of_child, .back_to_parent = RES_BACK_ALL,
	.fields = contact_fields,
	.get = &contact_get, .get_full = &contact_get_full, .get_for_update = &contact_get_for_update,
	.show_fields = contact_show_fields, .read_fields = contact_read_fields,
	.insert = &contact_insert, .update = &contact_update, .set_archived = &contact_archived_set,
	.sorts = contact_sorts, .list_stmts = contact_list_stmts, .list_params = contact_list_params,
	.search = contact_search_steps,
	.csv_columns = contact_csv_columns, .csv_filename = "contacts",
	.created_flash = "Contact added.", .saved_flash = "Contact saved.",
	.hooks = &contact_hooks,
};

/* GET /customers/:id/contacts (one customer's) and GET /contacts (everyone's)
 * (?q, archived, sort, limit, after; format=json|csv) → 200 list; 404 no
 * such customer; 422 bad sort/limit/cursor. */
RES_HANDLER(customers_contact_list, res_list, contact_resource)
/* GET /contacts/:id → 200 the contact with its latest communications; 404. */
RES_HANDLER(customers_contact_show, res_show, contact_resource)
/* GET /customers/:id/contacts/new → 200 the empty form (primary ticked
 * when the customer has none yet); 404. */
RES_HANDLER(customers_contact_new, res_new, contact_resource)
/* GET /contacts/:id/edit → 200 the form filled from the record; 404. */
RES_HANDLER(customers_contact_edit, res_edit, contact_resource)
/* POST /customers/:id/contacts (form or JSON) → 201 + Location /contacts/:id
 * (HTML: 303 to the customer); 404 no such customer; 422 field errors
 * (HTML: the form again, values kept). */
RES_HANDLER(customers_contact_create, res_create, contact_resource)
/* PATCH /contacts/:id (JSON: any subset of fields + version or If-Match;
 * form: _method=PATCH) → 200 the record (HTML: 303 to the customer); 404;
 * 409 stale version with the current record; 422 field errors. */
RES_HANDLER(customers_contact_update, res_update, contact_resource)
/* DELETE /contacts/:id → 200 the archived record (HTML: 303 to the
 * customer); 404. Archiving an archived contact changes nothing. */
RES_HANDLER(customers_contact_archive, res_archive, contact_resource)
/* POST /contacts/:id/restore → 200 the record (HTML: 303 to it); 404; 422
 * while its customer is archived. Primary flags need no care: making a
 * contact primary clears the flag on every other contact, archived ones
 * too, so a restored primary is the only one. */
RES_HANDLER(customers_contact_restore, res_restore, contact_resource)
