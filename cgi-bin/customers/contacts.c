/* contacts.c: the people at a customer: who to call, how and when, and
 * who must not be contacted. One contact per customer is the primary one. */
#include <string.h>
#include "audit.h"
#include "customers.h"
#include "list.h"
#include "resp.h"
#include "search.h"

/* The contact as every answer shows it (customer_name for the page's links). */
#define CONTACT_COLS \
	"t.id, t.customer_id, (SELECT c.name FROM customers.customers c WHERE c.id = t.customer_id)" \
	" AS customer_name, t.name, t.title, t.email, t.phone, t.preferred_channel, t.do_not_contact," \
	" t.best_time, t.is_primary, t.notes, t.archived_at, t.version, t.created_at, t.updated_at"

static const char *const contact_channels[] = { "email", "phone", "sms", "any", NULL };

static const char *
contact_href(struct request *r, long long id)
{
	return arena_printf(r->arena, "/contacts/%lld", id);
}

static const char *
contact_customer_href(struct request *r, long long customer_id)
{
	return arena_printf(r->arena, "/customers/%lld", customer_id);
}

static void
contact_family(struct request *r)
{
	if (r->page == NULL)
		r->page = json_object_new_object();
	json_object_object_add(r->page, "family", json_object_new_string("customers"));
}

/* After a change: a browser goes back to the customer's page (where the
 * contact is listed), a script gets the record (201 + Location on create). */
static enum herr
contact_done(struct request *r, int created, long long id, long long customer_id, const char *flash,
             json_object *c)
{
	const char *loc = r->format == FMT_HTML ? contact_customer_href(r, customer_id) : contact_href(r, id);
	return record_done(r, created, loc, flash, c);
}

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
static const struct search_steps contact_search_steps[] = {
	{ &contact_list_name, &contact_list_name_fuzzy },
	{ &contact_list_created, &contact_list_created_fuzzy },
};

static const char *const contact_csv_columns[] = {
	"id", "customer_id", "customer_name", "name", "title", "email", "phone", "preferred_channel",
	"do_not_contact", "best_time", "is_primary", "archived_at", "created_at", "updated_at", NULL,
};

static void
contact_put_json(void *p)
{
	json_object_put(p);
}

static int
query_flag(struct request *r, const char *name)
{
	const char *v = req_query(r, name);
	return v != NULL && (strcmp(v, "1") == 0 || strcmp(v, "true") == 0 || strcmp(v, "on") == 0);
}

/* GET /customers/:id/contacts (one customer's) and GET /contacts (everyone's)
 * (?q, archived, sort, limit, after; format=json|csv) → 200 list;
 * 404 no such customer; 422 bad sort/limit/cursor. */
enum herr
customers_contact_list(struct request *r)
{
	json_object *parent = NULL;
	long long cid = 0;
	if (req_param(r, "id") != NULL) {
		cid = req_param_id(r, "id");
		enum herr pe = customers_parent(r, cid, &parent);
		if (pe != HE_OK)
			return pe;
		arena_defer(r->arena, contact_put_json, parent);
	}
	struct list_query lq;
	enum herr e = list_parse(r, contact_sorts, &lq);
	int with_archived = query_flag(r, "archived");
	if (r->format == FMT_HTML) {
		contact_family(r);
		if (parent != NULL)
			record_crumbs(r, arena_printf(r->arena, "Contacts · %s", record_str(parent, "name")),
			    "Customers", "/customers", record_str(parent, "name"), contact_customer_href(r, cid),
			    "Contacts", NULL, NULL);
		else
			record_crumbs(r, "Contacts", "Contacts", NULL, NULL);
	}
	if (e != HE_OK) {
		r->template = "contacts/list.cs";
		json_object_put(r->data);
		r->data = json_object_new_object();
		if (parent != NULL)
			json_object_object_add(r->data, "customer", json_object_get(parent));
		return HE_INVALID;
	}
	/* A phone number is "similar" to every number: no fuzzy step for one. */
	const char *digits = lq.q ? search_digits_like(r->arena, lq.q) : NULL;
	const char *vals[] = { cid ? db_int(r, cid) : NULL, lq.like, digits ? NULL : lq.q, digits,
		with_archived ? "true" : "false", lq.after_key, lq.after_id, lq.limit_plus_one };
	PGresult *res = search_run(r, &contact_search_steps[lq.sort_index], &lq, lq.q != NULL && digits == NULL,
	    (int)(sizeof(vals) / sizeof(vals[0])), vals);
	if (res == NULL)
		return db_fail(r);
	json_object *out = list_answer(r, &lq, res);
	if (r->format == FMT_HTML) {
		if (parent != NULL)
			json_object_object_add(out, "customer", json_object_get(parent));
		if (with_archived)
			json_object_object_add(out, "archived", json_object_new_string("1"));
	}
	r->csv_columns = contact_csv_columns;
	r->csv_filename = "contacts";
	return resp_ok(r, "contacts/list.cs", out);
}

/* ---- one contact ---- */

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

/* GET /contacts/:id → 200 the contact with its latest communications; 404. */
enum herr
customers_contact_show(struct request *r)
{
	json_object *c;
	enum herr e = record_get(r, &contact_get_full, req_param_id(r, "id"), &c);
	if (e != HE_OK)
		return e;
	if (r->format == FMT_HTML) {
		contact_family(r);
		record_crumbs(r, record_str(c, "name"), "Customers", "/customers", record_str(c, "customer_name"),
		    contact_customer_href(r, record_int(c, "customer_id")), record_str(c, "name"), NULL, NULL);
	}
	return resp_ok(r, "contacts/show.cs", c);
}

/* A new contact's page data: the customer it will belong to. */
static json_object *
contact_new_data(json_object *parent)
{
	json_object *d = json_object_new_object();
	json_object_object_add(d, "customer_id", json_object_new_int64(record_int(parent, "id")));
	json_object_object_add(d, "customer_name", json_object_new_string(record_str(parent, "name")));
	return d;
}

static void
contact_new_crumbs(struct request *r, json_object *parent)
{
	contact_family(r);
	record_crumbs(r, "New contact", "Customers", "/customers", record_str(parent, "name"),
	    contact_customer_href(r, record_int(parent, "id")), "New contact", NULL, NULL);
}

DB_STMT(contact_has_primary,
    "SELECT EXISTS (SELECT 1 FROM customers.contacts t"
    " WHERE t.customer_id = $1 AND t.is_primary AND t.archived_at IS NULL) AS has_primary");

/* GET /customers/:id/contacts/new → 200 the empty form (primary ticked
 * when the customer has no primary contact yet); 404. */
enum herr
customers_contact_new(struct request *r)
{
	json_object *parent;
	long long cid = req_param_id(r, "id");
	enum herr e = customers_parent(r, cid, &parent);
	if (e != HE_OK)
		return e;
	PGresult *res = db_q(r, &contact_has_primary, db_int(r, cid));
	if (res == NULL) {
		json_object_put(parent);
		return db_fail(r);
	}
	int has_primary = PQntuples(res) > 0 && strcmp(PQgetvalue(res, 0, 0), "t") == 0;
	contact_new_crumbs(r, parent);
	r->form_values = json_object_new_object();
	json_object_object_add(r->form_values, "preferred_channel", json_object_new_string("email"));
	json_object_object_add(r->form_values, "is_primary", json_object_new_string(has_primary ? "0" : "1"));
	json_object *d = contact_new_data(parent);
	json_object_put(parent);
	return resp_ok(r, "contacts/form.cs", d);
}

/* GET /contacts/:id/edit → 200 the form filled from the record; 404. */
enum herr
customers_contact_edit(struct request *r)
{
	json_object *c;
	enum herr e = record_get(r, &contact_get, req_param_id(r, "id"), &c);
	if (e != HE_OK)
		return e;
	contact_family(r);
	record_crumbs(r, "Edit contact", "Customers", "/customers", record_str(c, "customer_name"),
	    contact_customer_href(r, record_int(c, "customer_id")), record_str(c, "name"),
	    contact_href(r, record_int(c, "id")), "Edit", NULL, NULL);
	r->form_values = record_as_form(c);
	return resp_ok(r, "contacts/form.cs", c);
}

/* The fields a contact form carries, checked; for PATCH, base is the
 * current record so absent fields keep their values. */
static void
contact_fields(struct form *f)
{
	form_text(f, "name", V_REQUIRED, 200);
	form_text(f, "title", 0, 100);
	form_email(f, "email", 0);
	form_phone(f, "phone", 0);
	form_enum(f, "preferred_channel", 0, contact_channels, "email");
	form_bool(f, "do_not_contact");
	form_text(f, "best_time", 0, 200);
	form_bool(f, "is_primary");
	form_text(f, "notes", 0, 10000);
}

/* The customer row is the lock that serialises changes to a customer's
 * contacts, so two requests cannot both make a primary contact. Always
 * taken before any contact row (customer, then contacts: no deadlock).
 * NO KEY UPDATE: new contacts/properties (FK KEY SHARE) are not blocked. */
DB_STMT(contact_customer_lock,
    "SELECT c.id, c.name, c.archived_at FROM customers.customers c WHERE c.id = $1 FOR NO KEY UPDATE");
DB_STMT(contact_customer_of, "SELECT t.customer_id AS id FROM customers.contacts t WHERE t.id = $1");

/* Only one primary contact per customer: the others lose the flag, each
 * change audited and announced like any other update. */
DB_STMT(contact_unset_primary,
    "UPDATE customers.contacts t SET is_primary = false, version = t.version + 1, updated_at = now()"
    " WHERE t.customer_id = $1 AND t.id <> $2 AND t.is_primary RETURNING " CONTACT_COLS);

static enum herr
contact_clear_primary(struct request *r, long long customer_id, long long keep_id)
{
	PGresult *res = db_q(r, &contact_unset_primary, db_int(r, customer_id), db_int(r, keep_id));
	if (res == NULL)
		return db_fail(r);
	for (int i = 0; i < PQntuples(res); i++) {
		json_object *after = db_row_json(res, i);
		json_object *before = json_object_new_object();
		json_object_object_add(before, "is_primary", json_object_new_boolean(1));
		json_object_object_add(before, "version", json_object_new_int64(record_int(after, "version") - 1));
		long long oid = record_int(after, "id");
		enum herr e = audit_log(r, "contact.update", "contact", oid, before, after);
		if (e == HE_OK)
			e = outbox_emit(r, "contact.updated", oid, after);
		json_object_put(before);
		json_object_put(after);
		if (e != HE_OK)
			return e;
	}
	return HE_OK;
}

DB_STMT(contact_insert,
    "INSERT INTO customers.contacts AS t (customer_id, name, title, email, phone, preferred_channel,"
    " do_not_contact, best_time, is_primary, notes)"
    " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING " CONTACT_COLS);

/* POST /customers/:id/contacts (form or JSON) → 201 + Location /contacts/:id
 * (HTML: 303 to the customer); 404 no such customer; 422 field errors
 * (HTML: the form again, values kept). */
enum herr
customers_contact_create(struct request *r)
{
	long long cid = req_param_id(r, "id");
	enum herr e = db_begin(r);
	if (e != HE_OK)
		return e;
	json_object *parent;
	if ((e = record_get(r, &contact_customer_lock, cid, &parent)) != HE_OK)
		return e;
	struct form f;
	form_begin(&f, r, NULL);
	contact_fields(&f);
	if (!form_ok(&f)) {
		db_rollback(r);
		contact_new_crumbs(r, parent);
		json_object *d = contact_new_data(parent);
		json_object_put(parent);
		return record_form_again(r, HE_INVALID, "contacts/form.cs", d);
	}
	json_object_put(parent);
	if (strcmp(form_get(&f, "is_primary"), "true") == 0 && (e = contact_clear_primary(r, cid, 0)) != HE_OK)
		return e;
	PGresult *res = db_q(r, &contact_insert, db_int(r, cid), form_get(&f, "name"), form_get(&f, "title"),
	    form_get(&f, "email"), form_get(&f, "phone"), form_get(&f, "preferred_channel"),
	    form_get(&f, "do_not_contact"), form_get(&f, "best_time"), form_get(&f, "is_primary"),
	    form_get(&f, "notes"));
	if (res == NULL)
		return db_fail(r);
	json_object *c = db_row_json(res, 0);
	long long id = record_int(c, "id");
	e = record_commit(r, "contact.create", "contact", id, NULL, c, "contact.created");
	if (e != HE_OK) {
		json_object_put(c);
		return e;
	}
	return contact_done(r, 1, id, cid, "Contact added.", c);
}

DB_STMT(contact_update,
    "UPDATE customers.contacts t SET name = $3, title = $4, email = $5, phone = $6, preferred_channel = $7,"
    " do_not_contact = $8, best_time = $9, is_primary = $10, notes = $11, version = t.version + 1,"
    " updated_at = now()"
    " WHERE t.id = $1 AND t.version = $2 RETURNING " CONTACT_COLS);

/* PATCH /contacts/:id (JSON: any subset of fields + version or If-Match;
 * form: _method=PATCH) → 200 the record (HTML: 303 to the customer); 404;
 * 409 stale version with the current record; 422 field errors. */
enum herr
customers_contact_update(struct request *r)
{
	long long id = req_param_id(r, "id");
	enum herr e = db_begin(r);
	if (e != HE_OK)
		return e;
	json_object *owner, *cur;
	if ((e = record_get(r, &contact_customer_of, id, &owner)) != HE_OK)
		return e;
	long long cid = record_int(owner, "id");
	json_object_put(owner);
	if ((e = record_get(r, &contact_customer_lock, cid, &owner)) != HE_OK)
		return e;
	json_object_put(owner);
	if ((e = record_get(r, &contact_get_for_update, id, &cur)) != HE_OK)
		return e;
	struct form f;
	form_begin(&f, r, cur);
	contact_fields(&f);
	e = form_ok(&f) ? record_version_check(r, &f, cur) : HE_INVALID;
	if (e != HE_OK) {
		db_rollback(r);
		contact_family(r);
		record_crumbs(r, "Edit contact", "Customers", "/customers", record_str(cur, "customer_name"),
		    contact_customer_href(r, cid), record_str(cur, "name"), contact_href(r, id), "Edit", NULL, NULL);
		return record_form_again(r, e, "contacts/form.cs", cur);
	}
	if (strcmp(form_get(&f, "is_primary"), "true") == 0 && (e = contact_clear_primary(r, cid, id)) != HE_OK) {
		json_object_put(cur);
		return e;
	}
	PGresult *res = db_q(r, &contact_update, db_int(r, id), db_int(r, record_int(cur, "version")),
	    form_get(&f, "name"), form_get(&f, "title"), form_get(&f, "email"), form_get(&f, "phone"),
	    form_get(&f, "preferred_channel"), form_get(&f, "do_not_contact"), form_get(&f, "best_time"),
	    form_get(&f, "is_primary"), form_get(&f, "notes"));
	if (res == NULL) {
		json_object_put(cur);
		return db_fail(r);
	}
	json_object *c = db_row_json(res, 0);
	e = record_commit(r, "contact.update", "contact", id, cur, c, "contact.updated");
	json_object_put(cur);
	if (e != HE_OK) {
		json_object_put(c);
		return e;
	}
	return contact_done(r, 0, id, cid, "Contact saved.", c);
}

DB_STMT(contact_archived_set,
    "UPDATE customers.contacts t SET archived_at = CASE WHEN $2 THEN now() ELSE NULL END,"
    " version = t.version + 1, updated_at = now()"
    " WHERE t.id = $1 AND (t.archived_at IS NULL) = $2 RETURNING " CONTACT_COLS);

/* Archive (DELETE) or restore: history stays; an archived contact leaves
 * lists. Already so: nothing changes. A restore takes the customer's lock
 * first (customer, then contact, as update does), so the customer cannot be
 * archived meanwhile, and refuses while the customer is archived. Primary
 * flags need no care: making a contact primary clears the flag on every
 * other contact, archived ones too, so a restored primary is the only one.
 * A browser goes to the customer after an archive, to the contact after a
 * restore. */
static enum herr
contact_set_archived(struct request *r, int archive)
{
	long long id = req_param_id(r, "id");
	enum herr e = db_begin(r);
	if (e != HE_OK)
		return e;
	json_object *owner = NULL, *cur;
	if (!archive) {
		if ((e = record_get(r, &contact_customer_of, id, &owner)) != HE_OK)
			return e;
		long long owner_id = record_int(owner, "id");
		json_object_put(owner);
		if ((e = record_get(r, &contact_customer_lock, owner_id, &owner)) != HE_OK)
			return e;
	}
	if ((e = record_get(r, &contact_get_for_update, id, &cur)) != HE_OK) {
		json_object_put(owner);
		return e;
	}
	long long cid = record_int(cur, "customer_id");
	int refused = !archive && record_str(cur, "archived_at") != NULL && record_str(owner, "archived_at") != NULL;
	json_object_put(owner);
	if (refused) {
		db_rollback(r);
		json_object_put(cur);
		r->problem_detail = "This contact's customer is archived. Restore the customer first.";
		return HE_INVALID;
	}
	const char *loc = archive && r->format == FMT_HTML ? contact_customer_href(r, cid) : contact_href(r, id);
	return record_set_archived(r, &contact_archived_set, "contact", "Contact", id, archive, cur, loc);
}

/* DELETE /contacts/:id → 200 the archived record (HTML: 303 to the
 * customer); 404. Archiving an archived contact changes nothing. */
enum herr
customers_contact_archive(struct request *r)
{
	return contact_set_archived(r, 1);
}

/* POST /contacts/:id/restore → 200 the record (HTML: 303 to it); 404; 422
 * while its customer is archived. Restoring an active contact changes
 * nothing. */
enum herr
customers_contact_restore(struct request *r)
{
	return contact_set_archived(r, 0);
}
