/* suppliers.c: the distributors an integrator buys from: who to call,
 * the account number, payment terms and how long an order takes. Each
 * product names its suppliers in product_suppliers.c. */
#include "inventory.h"
#include "resource.h"
#include "search.h"

#define SUPPLIER_COLS \
	"s.id, s.name, s.contact_name, s.email, s.phone, s.website, s.account_number, s.payment_terms," \
	" s.lead_time_days, s.address, s.notes, s.archived_at, s.version, s.created_at, s.updated_at"

/* Insert and update parameters follow this order. */
static const struct res_field supplier_fields[] = {
	FIELD_TEXT("name", V_REQUIRED, 200),
	FIELD_TEXT("contact_name", 0, 200),
	FIELD_EMAIL("email", 0),
	FIELD_PHONE("phone", 0),
	FIELD_TEXT("website", 0, 200),
	FIELD_TEXT("account_number", 0, 64),
	FIELD_TEXT("payment_terms", 0, 100),
	FIELD_INT("lead_time_days", 0, 0, 365),
	FIELD_TEXT("address", 0, 1000),
	FIELD_TEXT("notes", 0, 10000),
	FIELD_END,
};

DB_STMT(supplier_get, "SELECT " SUPPLIER_COLS " FROM inventory.suppliers s WHERE s.id = $1");
DB_STMT(supplier_get_for_update, "SELECT " SUPPLIER_COLS " FROM inventory.suppliers s WHERE s.id = $1 FOR UPDATE");
/* The supplier page: the record and the products bought from them. */
DB_STMT(supplier_get_full,
    "SELECT " SUPPLIER_COLS ","
    " (SELECT coalesce(json_agg(x), '[]') FROM (SELECT ps.id, ps.product_id, p.sku, p.name, ps.supplier_sku,"
    "    ps.cost_cents, ps.pack_size, ps.preferred"
    "    FROM inventory.product_suppliers ps JOIN inventory.products p ON p.id = ps.product_id"
    "    WHERE ps.supplier_id = s.id AND ps.archived_at IS NULL"
    "    ORDER BY ps.id LIMIT 100) x) AS products"
    " FROM inventory.suppliers s WHERE s.id = $1");
DB_STMT(supplier_insert,
    "INSERT INTO inventory.suppliers AS s (name, contact_name, email, phone, website, account_number,"
    " payment_terms, lead_time_days, address, notes)"
    " VALUES ($1, $2, $3, $4, $5, $6, $7, coalesce($8::int, 0), $9, $10) RETURNING " SUPPLIER_COLS);
DB_STMT(supplier_update,
    "UPDATE inventory.suppliers s SET name = $3, contact_name = $4, email = $5, phone = $6, website = $7,"
    " account_number = $8, payment_terms = $9, lead_time_days = coalesce($10::int, 0), address = $11, notes = $12,"
    " version = s.version + 1, updated_at = now()"
    " WHERE s.id = $1 AND s.version = $2 RETURNING " SUPPLIER_COLS);
DB_STMT(supplier_archived_set,
    "UPDATE inventory.suppliers s SET archived_at = CASE WHEN $2 THEN now() ELSE NULL END,"
    " version = s.version + 1, updated_at = now()"
    " WHERE s.id = $1 AND (s.archived_at IS NULL) = $2 RETURNING " SUPPLIER_COLS);

/* ---- list ---- */

/* A few dozen suppliers at most: suppliers_name_idx, suppliers_trgm_idx
 * when searching. $1 like (lower), $2 include archived, $3/$4 cursor,
 * $5 limit+1. */
DB_STMT_PLANNED(supplier_list_name,
    "SELECT " SUPPLIER_COLS ", lower(s.name) AS sort_key FROM inventory.suppliers s"
    " WHERE ($1::text IS NULL OR s.search_text LIKE $1) AND ($2::boolean OR s.archived_at IS NULL)"
    "   AND ($3::text IS NULL OR (lower(s.name), s.id) > ($3, $4::bigint))"
    " ORDER BY lower(s.name), s.id LIMIT $5");
static struct db_stmt *const supplier_list_stmts[] = { &supplier_list_name };
static const struct list_sort supplier_sorts[] = {
	{ "name", "Name", "sort_key" },
	{ NULL, NULL, NULL },
};
static const enum res_lparam supplier_list_params[] = {
	LP_LIKE_LOWER, LP_ARCHIVED, LP_AFTER_KEY, LP_AFTER_ID, LP_LIMIT1, LP_END,
};
static const char *const supplier_csv_columns[] = {
	"id", "name", "contact_name", "email", "phone", "website", "account_number", "payment_terms",
	"lead_time_days", "address", "archived_at", "created_at", "updated_at", NULL,
};

static const char *const supplier_show_fields[] = { "products", NULL };
/* Its products are the product-supplier rows (each its url). */
static const struct res_field supplier_read_fields[] = { FIELD_ROWS("products", "/product-suppliers"), FIELD_END };

static const struct resource supplier_resource = {
	.name = "supplier", .label = "Supplier", .plural = "Suppliers", .path = "/suppliers",
	.family = "inventory", .title_field = "name",
	.tpl_list = "inventory/suppliers_list.cs", .tpl_show = "inventory/supplier_show.cs",
	.tpl_form = "inventory/supplier_form.cs",
	.fields = supplier_fields,
	.get = &supplier_get, .get_full = &supplier_get_full, .get_for_update = &supplier_get_for_update,
	.show_fields = supplier_show_fields, .read_fields = supplier_read_fields,
	.insert = &supplier_insert, .update = &supplier_update, .set_archived = &supplier_archived_set,
	.sorts = supplier_sorts, .list_stmts = supplier_list_stmts, .list_params = supplier_list_params,
	.csv_columns = supplier_csv_columns, .csv_filename = "suppliers",
	.created_flash = "Supplier created.", .saved_flash = "Supplier saved.",
	.event_prefix = "inventory.supplier_",
};

/* GET /suppliers (?q, archived, limit, after; format=json|csv) → 200 list. */
RES_HANDLER(inventory_supplier_list, res_list, supplier_resource)
/* GET /suppliers/:id → 200 the supplier with the products bought there; 404. */
RES_HANDLER(inventory_supplier_show, res_show, supplier_resource)
/* GET /suppliers/new → 200 the empty form. */
RES_HANDLER(inventory_supplier_new, res_new, supplier_resource)
/* GET /suppliers/:id/edit → 200 the form; 404. */
RES_HANDLER(inventory_supplier_edit, res_edit, supplier_resource)
/* POST /suppliers → 201 + Location (HTML: 303); 422 field errors. */
RES_HANDLER(inventory_supplier_create, res_create, supplier_resource)
/* PATCH /suppliers/:id → 200; 404; 409 stale version; 422. */
RES_HANDLER(inventory_supplier_update, res_update, supplier_resource)
/* DELETE /suppliers/:id → 200 archived; 404. */
RES_HANDLER(inventory_supplier_archive, res_archive, supplier_resource)
/* POST /suppliers/:id/restore → 200; 404. */
RES_HANDLER(inventory_supplier_restore, res_restore, supplier_resource)

/* The suppliers in use to choose from, [{id, name}] by name: the supplier
 * choice of a product's supplier form, a PO's form and the product list's
 * filter. */
DB_STMT(supplier_choices,
    "SELECT coalesce(json_agg(json_build_object('id', s.id, 'name', s.name) ORDER BY lower(s.name), s.id), '[]')"
    " FROM inventory.suppliers s WHERE s.archived_at IS NULL");

enum herr
inventory_supplier_choices(struct request *r, json_object *data)
{
	return inventory_choices(r, &supplier_choices, "suppliers", data);
}
