/* locations.c: where stock is kept: warehouses, each technician's van,
 * job sites; and each location's stock (GET /locations/:id/stock). */
#include <string.h>
#include "inventory.h"
#include "resource.h"

#define LOCATION_COLS \
	"o.id, o.name, o.kind, o.technician_id, (SELECT u.name FROM auth.user_names u WHERE u.id = o.technician_id)" \
	" AS technician_name, o.address, o.notes, o.archived_at, o.version, o.created_at, o.updated_at"

const char *const inventory_location_kinds[] = { "warehouse", "van", "site", NULL };

/* Insert and update parameters follow this order. */
static const struct res_field location_fields[] = {
	FIELD_TEXT("name", V_REQUIRED, 200),
	FIELD_ENUM("kind", 0, inventory_location_kinds, "warehouse"),
	FIELD_ID("technician_id", V_NULLABLE),
	FIELD_TEXT("address", 0, 1000),
	FIELD_TEXT("notes", 0, 10000),
	FIELD_END,
};

DB_STMT(location_get, "SELECT " LOCATION_COLS " FROM inventory.locations o WHERE o.id = $1");
DB_STMT(location_get_for_update, "SELECT " LOCATION_COLS " FROM inventory.locations o WHERE o.id = $1 FOR UPDATE");
/* The location page: the record and what it holds in sum (at cost). */
DB_STMT(location_get_full,
    "SELECT " LOCATION_COLS ", s.products, s.units, s.allocated, s.value_cents"
    " FROM inventory.locations o CROSS JOIN LATERAL (SELECT count(*) AS products,"
    "   coalesce(sum(l.on_hand), 0) AS units, coalesce(sum(l.allocated), 0) AS allocated,"
    "   coalesce(sum(l.on_hand::bigint * p.cost_cents), 0)::bigint AS value_cents"
    "   FROM inventory.stock_levels l JOIN inventory.products p ON p.id = l.product_id"
    "   WHERE l.location_id = o.id AND l.on_hand > 0) s WHERE o.id = $1");
DB_STMT(location_insert,
    "INSERT INTO inventory.locations AS o (name, kind, technician_id, address, notes)"
    " VALUES ($1, $2, $3, $4, $5) RETURNING " LOCATION_COLS);
DB_STMT(location_update,
    "UPDATE inventory.locations o SET name = $3, kind = $4, technician_id = $5, address = $6, notes = $7,"
    " version = o.version + 1, updated_at = now()"
    " WHERE o.id = $1 AND o.version = $2 RETURNING " LOCATION_COLS);
DB_STMT(location_archived_set,
    "UPDATE inventory.locations o SET archived_at = CASE WHEN $2 THEN now() ELSE NULL END,"
    " version = o.version + 1, updated_at = now()"
    " WHERE o.id = $1 AND (o.archived_at IS NULL) = $2 RETURNING " LOCATION_COLS);

/* A few dozen locations: locations_name_idx / locations_kind_idx. $1 like,
 * $2 kind, $3 include archived, $4/$5 cursor, $6 limit+1. */
DB_STMT_PLANNED(location_list_name,
    "SELECT " LOCATION_COLS ", lower(o.name) AS sort_key FROM inventory.locations o"
    " WHERE ($1::text IS NULL OR lower(o.name) LIKE $1) AND ($2::text IS NULL OR o.kind = $2)"
    "   AND ($3::boolean OR o.archived_at IS NULL)"
    "   AND ($4::text IS NULL OR (lower(o.name), o.id) > ($4, $5::bigint))"
    " ORDER BY lower(o.name), o.id LIMIT $6");
static struct db_stmt *const location_list_stmts[] = { &location_list_name };
static const struct list_sort location_sorts[] = {
	{ "name", "Name", "sort_key" },
	{ NULL, NULL, NULL },
};
static const struct res_filter location_filters[] = {
	FILTER_CHOICE("kind", inventory_location_kinds, "Choose warehouse, van or site."),
	FILTER_END,
};
static const enum res_lparam location_list_params[] = {
	LP_LIKE_LOWER, LP_FILTER(0), LP_ARCHIVED, LP_AFTER_KEY, LP_AFTER_ID, LP_LIMIT1, LP_END,
};
static const char *const location_csv_columns[] = {
	"id", "name", "kind", "technician_id", "technician_name", "address", "archived_at", "created_at",
	"updated_at", NULL,
};

/* A van is driven by a technician (an active user); other places have none. */
DB_STMT(location_technician_ok, "SELECT u.active FROM auth.user_names u WHERE u.id = $1");

static enum herr
location_check(struct request *r, const struct resource *res, struct form *f, long long parent_id)
{
	const char *kind = form_get(f, "kind"), *tech = form_get(f, "technician_id");
	if (kind == NULL)
		return HE_OK;
	if (strcmp(kind, "van") != 0) {
		if (tech != NULL)
			form_error(f, "technician_id", "Only a van has a technician.");
		return HE_OK;
	}
	if (tech == NULL) {
		form_error(f, "technician_id", "Choose the technician who drives this van.");
		return HE_OK;
	}
	PGresult *q = db_q(r, &location_technician_ok, tech);
	if (q == NULL)
		return db_fail(r);
	if (PQntuples(q) == 0 || strcmp(PQgetvalue(q, 0, 0), "t") != 0)
		form_error(f, "technician_id", "Choose an active user.");
	return HE_OK;
}

DB_STMT(location_user_choices,
    "SELECT coalesce(json_agg(json_build_object('id', u.id, 'name', u.name, 'role', u.role)"
    " ORDER BY u.role <> 'technician', lower(u.name), u.id), '[]')"
    " FROM auth.user_names u WHERE u.active");

static enum herr
location_form_data(struct request *r, long long parent_id, json_object *record, json_object *data)
{
	return inventory_choices(r, &location_user_choices, "technicians", data);
}

static const struct res_hooks location_hooks = { .check = location_check, .form_data = location_form_data };

static const char *const location_show_fields[] = { "products", "units", "allocated", "value_cents", NULL };
/* The van's driver's name, and the page's sums at cost (value_cents a
 * bigint: the sum of products is numeric, which JSON would get as text). */
static const struct res_field location_read_fields[] = {
	FIELD_TEXT("technician_name", 0, 200), INVENTORY_COUNT("products"), INVENTORY_COUNT("units"),
	INVENTORY_COUNT("allocated"), INVENTORY_COUNT("value_cents"),
	FIELD_END,
};
/* Where a script goes next from a location: what it holds. */
static const struct res_link location_links[] = { { "stock_url", "/stock" }, LINK_END };

static const struct resource location_resource = {
	.name = "location", .label = "Location", .plural = "Locations", .path = "/locations",
	.family = "inventory", .title_field = "name",
	.tpl_list = "inventory/locations_list.cs", .tpl_show = "inventory/location_show.cs",
	.tpl_form = "inventory/location_form.cs",
	.fields = location_fields,
	.get = &location_get, .get_full = &location_get_full, .get_for_update = &location_get_for_update,
	.show_fields = location_show_fields, .read_fields = location_read_fields, .links = location_links,
	.insert = &location_insert, .update = &location_update, .set_archived = &location_archived_set,
	.sorts = location_sorts, .list_stmts = location_list_stmts, .list_params = location_list_params,
	.filters = location_filters, .csv_columns = location_csv_columns, .csv_filename = "locations",
	.created_flash = "Location created.", .saved_flash = "Location saved.",
	.hooks = &location_hooks, .event_prefix = "inventory.location_",
};

/* GET /locations (?q, kind, archived, limit, after; format=json|csv) → 200. */
RES_HANDLER(inventory_location_list, res_list, location_resource)
/* GET /locations/:id → 200 the location with its stock in sum; 404. */
RES_HANDLER(inventory_location_show, res_show, location_resource)
/* GET /locations/new → 200 the empty form. */
RES_HANDLER(inventory_location_new, res_new, location_resource)
/* GET /locations/:id/edit → 200 the form; 404. */
RES_HANDLER(inventory_location_edit, res_edit, location_resource)
/* POST /locations → 201 + Location (HTML: 303); 422 (a van without an
 * active technician, a technician on a warehouse...). */
RES_HANDLER(inventory_location_create, res_create, location_resource)
/* PATCH /locations/:id → 200; 404; 409 stale version; 422. */
RES_HANDLER(inventory_location_update, res_update, location_resource)
/* DELETE /locations/:id → 200 archived (no stock moves in or out any more); 404. */
RES_HANDLER(inventory_location_archive, res_archive, location_resource)
/* POST /locations/:id/restore → 200; 404. */
RES_HANDLER(inventory_location_restore, res_restore, location_resource)

/* ---- a location's stock ---- */

DB_STMT(level_location_get, "SELECT o.id, o.name, o.archived_at FROM inventory.locations o WHERE o.id = $1");
static const struct res_parent level_parent = {
	.param = "id", .field = "location_id", .name_field = "location_name", .data_key = "location",
	.label = "Locations", .path = "/locations", .singular = "location",
	.get = &level_location_get, .lock = &level_location_get,
};

/* The products a location holds, by SKU: products_sku_idx walked in
 * order, each probed in stock_levels by its primary key, until a page is
 * full (a location holding one product in ten reads ~500 products for a
 * page of 50; EXPLAIN at 50k products x 20 locations in docs/inventory.md).
 * $1 location, $2 like (lower), $3 low only, $4/$5 cursor, $6 limit+1. */
DB_STMT_PLANNED(level_list_sku,
    "SELECT p.id, p.sku, p.manufacturer, p.name, p.unit, p.cost_cents, p.reorder_point, l.location_id,"
    " l.on_hand, l.allocated, l.on_hand - l.allocated AS available, l.updated_at, b.bin, lower(p.sku) AS sort_key"
    " FROM inventory.products p JOIN inventory.stock_levels l ON l.product_id = p.id AND l.location_id = $1"
    " LEFT JOIN inventory.product_bins b ON b.product_id = p.id AND b.location_id = $1"
    " WHERE (l.on_hand > 0 OR l.allocated > 0) AND ($2::text IS NULL OR p.search_text LIKE $2)"
    "   AND ($3::text IS NULL OR l.on_hand - l.allocated <= p.reorder_point)"
    "   AND ($4::text IS NULL OR (lower(p.sku), p.id) > ($4, $5::bigint))"
    " ORDER BY lower(p.sku), p.id LIMIT $6");
static struct db_stmt *const level_list_stmts[] = { &level_list_sku };
static const struct list_sort level_sorts[] = {
	{ "sku", "SKU", "sort_key" },
	{ NULL, NULL, NULL },
};
static const char *const level_low[] = { "1", NULL };
static const struct res_filter level_filters[] = {
	FILTER_CHOICE("low", level_low, "Use low=1 for products at or under their reorder point."),
	FILTER_END,
};
static const enum res_lparam level_list_params[] = {
	LP_PARENT, LP_LIKE_LOWER, LP_FILTER(0), LP_AFTER_KEY, LP_AFTER_ID, LP_LIMIT1, LP_END,
};
static const char *const level_csv_columns[] = {
	"id", "sku", "manufacturer", "name", "unit", "location_id", "on_hand", "allocated", "available",
	"reorder_point", "cost_cents", "updated_at", "bin", NULL,
};
/* A level row is the product's (its url /products/:id) at this location. */
static const struct res_field level_read_fields[] = {
	FIELD_TEXT("sku", V_REQUIRED, 64), FIELD_TEXT("manufacturer", V_REQUIRED, 100), FIELD_TEXT("name", V_REQUIRED, 200),
	FIELD_ENUM("unit", V_REQUIRED, inventory_product_units, NULL), INVENTORY_COUNT("cost_cents"),
	INVENTORY_COUNT("reorder_point"), INVENTORY_COUNT("on_hand"), INVENTORY_COUNT("allocated"),
	INVENTORY_COUNT("available"), FIELD_TEXT("bin", V_NULLABLE, 20),
	FIELD_END,
};
static const struct resource level_resource = {
	.name = "stock_level", .label = "Stock", .plural = "Stock", .path = "/products",
	.family = "inventory", .title_field = "name",
	.tpl_list = "inventory/levels_list.cs",
	.parent = &level_parent, .read_fields = level_read_fields,
	.sorts = level_sorts, .list_stmts = level_list_stmts, .list_params = level_list_params,
	.filters = level_filters, .csv_columns = level_csv_columns, .csv_filename = "stock",
};

/* GET /locations/:id/stock (?q, low=1, limit, after; format=json|csv) →
 * 200 the products held there with on_hand, allocated, available and
 * their bin there (null: none); 404. */
RES_HANDLER(inventory_location_stock, res_list, level_resource)
