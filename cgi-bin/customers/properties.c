/* properties.c: a customer's homes and sites: where the technicians go,
 * how they get in (gate codes, pets, parking) and the rooms being fitted. */
#include "customers.h"
#include "resource.h"

#define PROPERTY_COLS \
	"p.id, p.customer_id, (SELECT c.name FROM customers.customers c WHERE c.id = p.customer_id)" \
	" AS customer_name, p.name, p.type, p.line1, p.line2, p.city, p.region, p.postal_code, p.country," \
	" p.access_notes, p.rooms, p.archived_at, p.version, p.created_at, p.updated_at"

static const char *const property_types[] = {
	"house", "apartment", "condo", "office", "retail", "hospitality", "other", NULL
};

/* Insert and update parameters follow this order. Rooms: a JSON array or
 * comma-separated. */
static const struct res_field property_fields[] = {
	FIELD_TEXT("name", V_REQUIRED, 200),
	FIELD_ENUM("type", 0, property_types, "house"),
	FIELD_TEXT("line1", 0, 200),
	FIELD_TEXT("line2", 0, 200),
	FIELD_TEXT("city", 0, 100),
	FIELD_TEXT("region", 0, 100),
	FIELD_TEXT("postal_code", 0, 20),
	FIELD_TEXT("country", 0, 60),
	FIELD_TEXT("access_notes", 0, 5000),
	FIELD_LIST("rooms", 100, 60),
	FIELD_END,
};

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

DB_STMT(property_insert,
    "INSERT INTO customers.properties AS p (customer_id, name, type, line1, line2, city, region,"
    " postal_code, country, access_notes, rooms)"
    " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11::text[]) RETURNING " PROPERTY_COLS);
DB_STMT(property_update,
    "UPDATE customers.properties p SET name = $3, type = $4, line1 = $5, line2 = $6, city = $7,"
    " region = $8, postal_code = $9, country = $10, access_notes = $11, rooms = $12::text[],"
    " version = p.version + 1, updated_at = now()"
    " WHERE p.id = $1 AND p.version = $2 RETURNING " PROPERTY_COLS);
DB_STMT(property_archived_set,
    "UPDATE customers.properties p SET archived_at = CASE WHEN $2 THEN now() ELSE NULL END,"
    " version = p.version + 1, updated_at = now()"
    " WHERE p.id = $1 AND (p.archived_at IS NULL) = $2 RETURNING " PROPERTY_COLS);

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
static struct db_stmt *const property_list_stmts[] = { &property_list_name, &property_list_created };
static const enum res_lparam property_list_params[] = {
	LP_PARENT, LP_LIKE, LP_Q_IF_LETTERS, LP_FILTER(0), LP_ARCHIVED, LP_AFTER_KEY, LP_AFTER_ID, LP_LIMIT1,
	LP_END,
};
static const struct res_filter property_filters[] = {
	FILTER_CHOICE("type", property_types, "Choose house, apartment, condo, office, retail, hospitality or other."),
	FILTER_END,
};

static const char *const property_csv_columns[] = {
	"id", "customer_id", "customer_name", "name", "type", "line1", "line2", "city", "region",
	"postal_code", "country", "access_notes", "rooms", "archived_at", "created_at", "updated_at", NULL,
};

/* ---- the resource ---- */

/* What property_get_full adds to the record. */
static const char *const property_show_fields[] = { "communications", "documents", NULL };
static const struct res_field property_read_fields[] = {
	FIELD_ROWS("communications", "/communications"), FIELD_ROWS("documents", "/documents"), FIELD_END,
};

static const struct resource property_resource = {
	.name = "property", .label = "Property", .plural = "Properties", .path = "/properties",
	.family = "customers", .title_field = "name",
	.tpl_list = "properties/list.cs", .tpl_show = "properties/show.cs", .tpl_form = "properties/form.cs",
	.parent = &customers_parent_of_child, .back_to_parent = RES_BACK_ALL,
	.fields = property_fields,
	.get = &property_get, .get_full = &property_get_full, .get_for_update = &property_get_for_update,
	.show_fields = property_show_fields, .read_fields = property_read_fields,
	.insert = &property_insert, .update = &property_update, .set_archived = &property_archived_set,
	.sorts = property_sorts, .list_stmts = property_list_stmts, .list_params = property_list_params,
	.filters = property_filters, .csv_columns = property_csv_columns, .csv_filename = "properties",
	.created_flash = "Property added.", .saved_flash = "Property saved.",
};

/* GET /customers/:id/properties (one customer's) and GET /properties (all)
 * (?q, type, archived, sort, limit, after; format=json|csv) → 200 list;
 * 404 no such customer; 422 bad type/sort/limit/cursor. */
RES_HANDLER(customers_property_list, res_list, property_resource)
/* GET /properties/:id → 200 the property with its latest communications
 * and documents; 404. */
RES_HANDLER(customers_property_show, res_show, property_resource)
/* GET /customers/:id/properties/new → 200 the empty form; 404. */
RES_HANDLER(customers_property_new, res_new, property_resource)
/* GET /properties/:id/edit → 200 the form filled from the record; 404. */
RES_HANDLER(customers_property_edit, res_edit, property_resource)
/* POST /customers/:id/properties (form or JSON) → 201 + Location
 * /properties/:id (HTML: 303 to the customer); 404 no such customer; 422
 * field errors (HTML: the form again, values kept). */
RES_HANDLER(customers_property_create, res_create, property_resource)
/* PATCH /properties/:id (JSON: any subset of fields + version or If-Match;
 * form: _method=PATCH) → 200 the record (HTML: 303 to the customer); 404;
 * 409 stale version with the current record; 422 field errors. */
RES_HANDLER(customers_property_update, res_update, property_resource)
/* DELETE /properties/:id → 200 the archived record (HTML: 303 to the
 * customer); 404. Archiving an archived property changes nothing. */
RES_HANDLER(customers_property_archive, res_archive, property_resource)
/* POST /properties/:id/restore → 200 the record (HTML: 303 to it); 404;
 * 422 while its customer is archived. */
RES_HANDLER(customers_property_restore, res_restore, property_resource)
