/* properties.c: a customer's homes and sites: where the technicians go,
 * how they get in (gate codes, pets, parking) and the rooms being fitted. */
#include <ctype.h>
#include <string.h>
#include "customers.h"
#include "list.h"
#include "resp.h"

#define PROPERTY_COLS \
	"p.id, p.customer_id, (SELECT c.name FROM customers.customers c WHERE c.id = p.customer_id)" \
	" AS customer_name, p.name, p.type, p.line1, p.line2, p.city, p.region, p.postal_code, p.country," \
	" p.access_notes, p.rooms, p.archived_at, p.version, p.created_at, p.updated_at"

static const char *const property_types[] = {
	"house", "apartment", "condo", "office", "retail", "hospitality", "other", NULL
};

static const char *
property_href(struct request *r, long long id)
{
	return arena_printf(r->arena, "/properties/%lld", id);
}

static const char *
property_customer_href(struct request *r, long long customer_id)
{
	return arena_printf(r->arena, "/customers/%lld", customer_id);
}

static void
property_family(struct request *r)
{
	if (r->page == NULL)
		r->page = json_object_new_object();
	json_object_object_add(r->page, "family", json_object_new_string("customers"));
}

static void
property_put_json(void *p)
{
	json_object_put(p);
}

/* After a change: a browser goes back to the customer's page, a script
 * gets the record (201 + Location on create). */
static enum herr
property_done(struct request *r, int created, long long id, long long customer_id, const char *flash,
              json_object *p)
{
	const char *loc = r->format == FMT_HTML ? property_customer_href(r, customer_id) : property_href(r, id);
	return record_done(r, created, loc, flash, p);
}

/* ---- list ---- */

/* One customer's properties ($1 set: properties_customer_idx /
 * properties_customer_created_idx) or all ($1 NULL: properties_name_idx /
 * properties_created_idx, or properties_trgm_idx when searching). Plans are
 * custom per execution (db.c), so the NULL tests fold away.
 * $1 customer, $2 like (NULL: no search), $3 q for word similarity (NULL
 * when q has no letters: "78704" should find that postal code, not every
 * similar number), $4 type, $5 include archived, $6/$7 cursor, $8 limit+1.
 * Without archived=1 the all-properties list also leaves out archived
 * customers' properties. */
#define PROPERTY_LIST_SELECT \
	"SELECT p.id, p.customer_id, c.name AS customer_name, p.name, p.type, p.line1, p.line2, p.city," \
	" p.region, p.postal_code, p.country, p.access_notes, p.rooms, p.archived_at, p.version," \
	" p.created_at, p.updated_at" \
	" FROM customers.properties p JOIN customers.customers c ON c.id = p.customer_id" \
	" WHERE ($1::bigint IS NULL OR p.customer_id = $1)" \
	"   AND ($2::text IS NULL OR p.search_text LIKE lower($2)" \
	"        OR ($3::text IS NOT NULL AND lower($3) <% p.search_text))" \
	"   AND ($4::text IS NULL OR p.type = $4)" \
	"   AND ($5::boolean OR (p.archived_at IS NULL AND ($1::bigint IS NOT NULL OR c.archived_at IS NULL)))"

DB_STMT_PLANNED(property_list_name,
    PROPERTY_LIST_SELECT
    "   AND ($6::text IS NULL OR (lower(p.name), p.id) > (lower($6), $7::bigint))"
    " ORDER BY lower(p.name), p.id LIMIT $8");
DB_STMT_PLANNED(property_list_created,
    PROPERTY_LIST_SELECT
    "   AND ($6::text IS NULL OR (p.created_at, p.id) < ($6::timestamptz, $7::bigint))"
    " ORDER BY p.created_at DESC, p.id DESC LIMIT $8");

static const struct list_sort property_sorts[] = {
	{ "name",        "Name",   "name" },
	{ "-created_at", "Newest", "created_at" },
	{ NULL, NULL, NULL },
};
static struct db_stmt *const property_sort_stmts[] = { &property_list_name, &property_list_created };

static const char *const property_csv_columns[] = {
	"id", "customer_id", "customer_name", "name", "type", "line1", "line2", "city", "region",
	"postal_code", "country", "access_notes", "rooms", "archived_at", "created_at", "updated_at", NULL,
};

/* Does s (UTF-8) hold a letter? Bytes >= 0x80 count: non-ASCII text is
 * words, not numbers. */
static int
property_has_letters(const char *s)
{
	for (; s != NULL && *s; s++)
		if (isalpha((unsigned char)*s) || (unsigned char)*s >= 0x80)
			return 1;
	return 0;
}

static int
query_flag(struct request *r, const char *name)
{
	const char *v = req_query(r, name);
	return v != NULL && (strcmp(v, "1") == 0 || strcmp(v, "true") == 0 || strcmp(v, "on") == 0);
}

/* GET /customers/:id/properties (one customer's) and GET /properties (all)
 * (?q, type, archived, sort, limit, after; format=json|csv) → 200 list;
 * 404 no such customer; 422 bad type/sort/limit/cursor. */
enum herr
customers_property_list(struct request *r)
{
	json_object *parent = NULL;
	long long cid = 0;
	if (req_param(r, "id") != NULL) {
		cid = req_param_id(r, "id");
		enum herr pe = customers_parent(r, cid, &parent);
		if (pe != HE_OK)
			return pe;
		arena_defer(r->arena, property_put_json, parent);
	}
	struct list_query lq;
	enum herr e = list_parse(r, property_sorts, &lq);
	const char *type = req_query(r, "type");
	if (type != NULL && *type == '\0')
		type = NULL;
	if (type != NULL) {
		int known = 0;
		for (size_t i = 0; property_types[i]; i++)
			known |= strcmp(type, property_types[i]) == 0;
		if (!known) {
			resp_field_error(r, "type", "Choose house, apartment, condo, office, retail, hospitality or other.");
			e = HE_INVALID;
		}
	}
	int with_archived = query_flag(r, "archived");
	if (r->format == FMT_HTML) {
		property_family(r);
		if (parent != NULL)
			record_crumbs(r, arena_printf(r->arena, "Properties · %s", record_str(parent, "name")),
			    "Customers", "/customers", record_str(parent, "name"), property_customer_href(r, cid),
			    "Properties", NULL, NULL);
		else
			record_crumbs(r, "Properties", "Properties", NULL, NULL);
	}
	if (e != HE_OK) {
		r->template = "properties/list.cs";
		json_object_put(r->data);
		r->data = json_object_new_object();
		if (parent != NULL)
			json_object_object_add(r->data, "customer", json_object_get(parent));
		return HE_INVALID;
	}
	PGresult *res = db_q(r, property_sort_stmts[lq.sort_index], cid ? db_int(r, cid) : NULL, lq.like,
	    property_has_letters(lq.q) ? lq.q : NULL, type, with_archived ? "true" : "false", lq.after_key, lq.after_id, lq.limit_plus_one);
	if (res == NULL)
		return db_fail(r);
	json_object *out = list_answer(r, &lq, res);
	if (r->format == FMT_HTML) {
		if (parent != NULL)
			json_object_object_add(out, "customer", json_object_get(parent));
		if (type)
			json_object_object_add(out, "type", json_object_new_string(type));
		if (with_archived)
			json_object_object_add(out, "archived", json_object_new_string("1"));
	}
	r->csv_columns = property_csv_columns;
	r->csv_filename = "properties";
	return resp_ok(r, "properties/list.cs", out);
}

/* ---- one property ---- */

DB_STMT(property_get, "SELECT " PROPERTY_COLS " FROM customers.properties p WHERE p.id = $1");
DB_STMT(property_get_for_update,
    "SELECT " PROPERTY_COLS " FROM customers.properties p WHERE p.id = $1 FOR UPDATE");

/* The property page: the record, the latest communications about it (site
 * visits) and its documents (plans, photos, manuals). */
DB_STMT(property_get_full,
    "SELECT " PROPERTY_COLS ","
    " (SELECT coalesce(json_agg(x), '[]') FROM (SELECT m.id, m.kind, m.direction,"
    "    core.rfc3339(m.occurred_at) AS occurred_at, m.subject, left(m.body, 280) AS body,"
    "    u.name AS user_name, t.name AS contact_name"
    "    FROM customers.communications m"
    "    LEFT JOIN auth.user_names u ON u.id = m.user_id"
    "    LEFT JOIN customers.contacts t ON t.id = m.contact_id"
    "    WHERE m.customer_id = p.customer_id AND m.property_id = p.id AND m.archived_at IS NULL"
    "    ORDER BY m.occurred_at DESC, m.id DESC LIMIT 10) x) AS communications,"
    " (SELECT coalesce(json_agg(x), '[]') FROM (SELECT d.id, d.title, d.filename, d.content_type,"
    "    d.size_bytes, core.rfc3339(d.created_at) AS created_at"
    "    FROM customers.documents d"
    "    WHERE d.customer_id = p.customer_id AND d.property_id = p.id AND d.archived_at IS NULL"
    "    ORDER BY d.created_at DESC, d.id DESC LIMIT 20) x) AS documents"
    " FROM customers.properties p WHERE p.id = $1");

/* GET /properties/:id → 200 the property with its latest communications
 * and documents; 404. */
enum herr
customers_property_show(struct request *r)
{
	json_object *p;
	enum herr e = record_get(r, &property_get_full, req_param_id(r, "id"), &p);
	if (e != HE_OK)
		return e;
	if (r->format == FMT_HTML) {
		property_family(r);
		record_crumbs(r, record_str(p, "name"), "Customers", "/customers", record_str(p, "customer_name"),
		    property_customer_href(r, record_int(p, "customer_id")), record_str(p, "name"), NULL, NULL);
	}
	return resp_ok(r, "properties/show.cs", p);
}

/* A new property's page data: the customer it will belong to. */
static json_object *
property_new_data(json_object *parent)
{
	json_object *d = json_object_new_object();
	json_object_object_add(d, "customer_id", json_object_new_int64(record_int(parent, "id")));
	json_object_object_add(d, "customer_name", json_object_new_string(record_str(parent, "name")));
	return d;
}

static void
property_new_crumbs(struct request *r, json_object *parent)
{
	property_family(r);
	record_crumbs(r, "New property", "Customers", "/customers", record_str(parent, "name"),
	    property_customer_href(r, record_int(parent, "id")), "New property", NULL, NULL);
}

/* GET /customers/:id/properties/new → 200 the empty form; 404. */
enum herr
customers_property_new(struct request *r)
{
	json_object *parent;
	enum herr e = customers_parent(r, req_param_id(r, "id"), &parent);
	if (e != HE_OK)
		return e;
	property_new_crumbs(r, parent);
	r->form_values = json_object_new_object();
	json_object_object_add(r->form_values, "type", json_object_new_string("house"));
	json_object *d = property_new_data(parent);
	json_object_put(parent);
	return resp_ok(r, "properties/form.cs", d);
}

/* GET /properties/:id/edit → 200 the form filled from the record; 404. */
enum herr
customers_property_edit(struct request *r)
{
	json_object *p;
	enum herr e = record_get(r, &property_get, req_param_id(r, "id"), &p);
	if (e != HE_OK)
		return e;
	property_family(r);
	record_crumbs(r, "Edit property", "Customers", "/customers", record_str(p, "customer_name"),
	    property_customer_href(r, record_int(p, "customer_id")), record_str(p, "name"),
	    property_href(r, record_int(p, "id")), "Edit", NULL, NULL);
	r->form_values = record_as_form(p);
	return resp_ok(r, "properties/form.cs", p);
}

/* The fields a property form carries, checked; for PATCH, base is the
 * current record so absent fields keep their values. Returns the rooms as
 * a PostgreSQL array literal. */
static const char *
property_fields(struct form *f)
{
	form_text(f, "name", V_REQUIRED, 200);
	form_enum(f, "type", 0, property_types, "house");
	form_text(f, "line1", 0, 200);
	form_text(f, "line2", 0, 200);
	form_text(f, "city", 0, 100);
	form_text(f, "region", 0, 100);
	form_text(f, "postal_code", 0, 20);
	form_text(f, "country", 0, 60);
	form_text(f, "access_notes", 0, 5000);
	return form_list(f, "rooms", 100, 60);
}

DB_STMT(property_insert,
    "INSERT INTO customers.properties AS p (customer_id, name, type, line1, line2, city, region,"
    " postal_code, country, access_notes, rooms)"
    " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11::text[]) RETURNING " PROPERTY_COLS);

/* POST /customers/:id/properties (form or JSON; rooms: JSON array or
 * comma-separated) → 201 + Location /properties/:id (HTML: 303 to the
 * customer); 404 no such customer; 422 field errors (HTML: the form
 * again, values kept). */
enum herr
customers_property_create(struct request *r)
{
	long long cid = req_param_id(r, "id");
	enum herr e = db_begin(r);
	if (e != HE_OK)
		return e;
	json_object *parent;
	if ((e = customers_parent(r, cid, &parent)) != HE_OK)
		return e;
	struct form f;
	form_begin(&f, r, NULL);
	const char *rooms = property_fields(&f);
	if (!form_ok(&f)) {
		db_rollback(r);
		property_new_crumbs(r, parent);
		json_object *d = property_new_data(parent);
		json_object_put(parent);
		return record_form_again(r, HE_INVALID, "properties/form.cs", d);
	}
	json_object_put(parent);
	PGresult *res = db_q(r, &property_insert, db_int(r, cid), form_get(&f, "name"), form_get(&f, "type"),
	    form_get(&f, "line1"), form_get(&f, "line2"), form_get(&f, "city"), form_get(&f, "region"),
	    form_get(&f, "postal_code"), form_get(&f, "country"), form_get(&f, "access_notes"), rooms);
	if (res == NULL)
		return db_fail(r);
	json_object *p = db_row_json(res, 0);
	long long id = record_int(p, "id");
	e = record_commit(r, "property.create", "property", id, NULL, p, "property.created");
	if (e != HE_OK) {
		json_object_put(p);
		return e;
	}
	return property_done(r, 1, id, cid, "Property added.", p);
}

DB_STMT(property_update,
    "UPDATE customers.properties p SET name = $3, type = $4, line1 = $5, line2 = $6, city = $7,"
    " region = $8, postal_code = $9, country = $10, access_notes = $11, rooms = $12::text[],"
    " version = p.version + 1, updated_at = now()"
    " WHERE p.id = $1 AND p.version = $2 RETURNING " PROPERTY_COLS);

/* PATCH /properties/:id (JSON: any subset of fields + version or If-Match;
 * form: _method=PATCH) → 200 the record (HTML: 303 to the customer); 404;
 * 409 stale version with the current record; 422 field errors. */
enum herr
customers_property_update(struct request *r)
{
	long long id = req_param_id(r, "id");
	enum herr e = db_begin(r);
	if (e != HE_OK)
		return e;
	json_object *cur;
	if ((e = record_get(r, &property_get_for_update, id, &cur)) != HE_OK)
		return e;
	long long cid = record_int(cur, "customer_id");
	struct form f;
	form_begin(&f, r, cur);
	const char *rooms = property_fields(&f);
	e = form_ok(&f) ? record_version_check(r, &f, cur) : HE_INVALID;
	if (e != HE_OK) {
		db_rollback(r);
		property_family(r);
		record_crumbs(r, "Edit property", "Customers", "/customers", record_str(cur, "customer_name"),
		    property_customer_href(r, cid), record_str(cur, "name"), property_href(r, id), "Edit", NULL, NULL);
		return record_form_again(r, e, "properties/form.cs", cur);
	}
	PGresult *res = db_q(r, &property_update, db_int(r, id), db_int(r, record_int(cur, "version")),
	    form_get(&f, "name"), form_get(&f, "type"), form_get(&f, "line1"), form_get(&f, "line2"),
	    form_get(&f, "city"), form_get(&f, "region"), form_get(&f, "postal_code"), form_get(&f, "country"),
	    form_get(&f, "access_notes"), rooms);
	if (res == NULL) {
		json_object_put(cur);
		return db_fail(r);
	}
	json_object *p = db_row_json(res, 0);
	e = record_commit(r, "property.update", "property", id, cur, p, "property.updated");
	json_object_put(cur);
	if (e != HE_OK) {
		json_object_put(p);
		return e;
	}
	return property_done(r, 0, id, cid, "Property saved.", p);
}

DB_STMT(property_archived_set,
    "UPDATE customers.properties p SET archived_at = CASE WHEN $2 THEN now() ELSE NULL END,"
    " version = p.version + 1, updated_at = now()"
    " WHERE p.id = $1 AND (p.archived_at IS NULL) = $2 RETURNING " PROPERTY_COLS);
/* The customer of property $1, locked against being archived meanwhile. */
DB_STMT(property_customer_lock,
    "SELECT c.id, c.archived_at FROM customers.customers c"
    " WHERE c.id = (SELECT p.customer_id FROM customers.properties p WHERE p.id = $1) FOR SHARE");

/* Archive (DELETE) or restore: history stays; an archived property leaves
 * lists. Already so: nothing changes. A restore locks the customer first
 * (customer, then property) and refuses while the customer is archived.
 * A browser goes to the customer after an archive, to the property after a
 * restore. */
static enum herr
property_set_archived(struct request *r, int archive)
{
	long long id = req_param_id(r, "id");
	enum herr e = db_begin(r);
	if (e != HE_OK)
		return e;
	json_object *owner = NULL, *cur;
	if (!archive && (e = record_get(r, &property_customer_lock, id, &owner)) != HE_OK)
		return e;
	if ((e = record_get(r, &property_get_for_update, id, &cur)) != HE_OK) {
		json_object_put(owner);
		return e;
	}
	long long cid = record_int(cur, "customer_id");
	int refused = !archive && record_str(cur, "archived_at") != NULL && record_str(owner, "archived_at") != NULL;
	json_object_put(owner);
	if (refused) {
		db_rollback(r);
		json_object_put(cur);
		r->problem_detail = "This property's customer is archived. Restore the customer first.";
		return HE_INVALID;
	}
	const char *loc = archive && r->format == FMT_HTML ? property_customer_href(r, cid) : property_href(r, id);
	return record_set_archived(r, &property_archived_set, "property", "Property", id, archive, cur, loc);
}

/* DELETE /properties/:id → 200 the archived record (HTML: 303 to the
 * customer); 404. Archiving an archived property changes nothing. */
enum herr
customers_property_archive(struct request *r)
{
	return property_set_archived(r, 1);
}

/* POST /properties/:id/restore → 200 the record (HTML: 303 to it); 404;
 * 422 while its customer is archived. Restoring an active property
 * changes nothing. */
enum herr
customers_property_restore(struct request *r)
{
	return property_set_archived(r, 0);
}
