/* product_suppliers.c: who sells a product: the supplier's own SKU, their
 * cost, the pack size they sell in, and which supplier is preferred (the
 * one reorders go to). A child of the product. */
#include <string.h>
#include "audit.h"
#include "inventory.h"
#include "resource.h"

#define PS_COLS \
	"ps.id, ps.product_id, (SELECT p.name FROM inventory.products p WHERE p.id = ps.product_id) AS product_name," \
	" ps.supplier_id, (SELECT s.name FROM inventory.suppliers s WHERE s.id = ps.supplier_id) AS supplier_name," \
	" ps.supplier_sku, ps.cost_cents, ps.pack_size, ps.preferred, ps.archived_at, ps.version, ps.created_at," \
	" ps.updated_at"

/* Insert and update parameters follow this order. */
static const struct res_field ps_fields[] = {
	FIELD_ID("supplier_id", V_REQUIRED),
	FIELD_TEXT("supplier_sku", 0, 64),
	FIELD_INT("cost_cents", 0, 0, 100000000000LL),
	FIELD_INT("pack_size", 0, 1, 100000),
	FIELD_BOOL("preferred"),
	FIELD_END,
};

DB_STMT(ps_get, "SELECT " PS_COLS " FROM inventory.product_suppliers ps WHERE ps.id = $1");
DB_STMT(ps_get_for_update, "SELECT " PS_COLS " FROM inventory.product_suppliers ps WHERE ps.id = $1 FOR UPDATE");
DB_STMT(ps_insert,
    "INSERT INTO inventory.product_suppliers AS ps (product_id, supplier_id, supplier_sku, cost_cents,"
    " pack_size, preferred) VALUES ($1, $2, $3, coalesce($4::bigint, 0), coalesce($5::int, 1), $6)"
    " RETURNING " PS_COLS);
DB_STMT(ps_update,
    "UPDATE inventory.product_suppliers ps SET supplier_id = $3, supplier_sku = $4,"
    " cost_cents = coalesce($5::bigint, 0), pack_size = coalesce($6::int, 1), preferred = $7,"
    " version = ps.version + 1, updated_at = now()"
    " WHERE ps.id = $1 AND ps.version = $2 RETURNING " PS_COLS);
DB_STMT(ps_archived_set,
    "UPDATE inventory.product_suppliers ps SET archived_at = CASE WHEN $2 THEN now() ELSE NULL END,"
    " preferred = ps.preferred AND NOT $2, version = ps.version + 1, updated_at = now()"
    " WHERE ps.id = $1 AND (ps.archived_at IS NULL) = $2 RETURNING " PS_COLS);

/* One product's suppliers (product_suppliers_product_idx): a handful. $1
 * product, $2 include archived, $3/$4 cursor, $5 limit+1. */
DB_STMT_PLANNED(ps_list,
    "SELECT ps.id, ps.product_id, ps.supplier_id, s.name AS supplier_name, ps.supplier_sku, ps.cost_cents,"
    " ps.pack_size, ps.preferred, s.lead_time_days, ps.archived_at, ps.version, ps.created_at, ps.updated_at,"
    " ps.id AS sort_key"
    " FROM inventory.product_suppliers ps JOIN inventory.suppliers s ON s.id = ps.supplier_id"
    " WHERE ps.product_id = $1 AND ($2::boolean OR ps.archived_at IS NULL)"
    "   AND ($3::text IS NULL OR ps.id > $4::bigint)"
    " ORDER BY ps.id LIMIT $5");
static struct db_stmt *const ps_list_stmts[] = { &ps_list };
static const struct list_sort ps_sorts[] = {
	{ "added", "Added", "sort_key" },
	{ NULL, NULL, NULL },
};
static const enum res_lparam ps_list_params[] = {
	LP_PARENT, LP_ARCHIVED, LP_AFTER_KEY, LP_AFTER_ID, LP_LIMIT1, LP_END,
};
static const char *const ps_csv_columns[] = {
	"id", "product_id", "supplier_id", "supplier_name", "supplier_sku", "cost_cents", "pack_size", "preferred",
	"lead_time_days", "archived_at", NULL,
};

/* ---- the product as parent ---- */

DB_STMT(ps_product_get, "SELECT p.id, p.name, p.archived_at FROM inventory.products p WHERE p.id = $1");
DB_STMT(ps_product_lock,
    "SELECT p.id, p.name, p.archived_at FROM inventory.products p WHERE p.id = $1 FOR NO KEY UPDATE");
static const struct res_parent ps_parent = {
	.param = "id", .field = "product_id", .name_field = "product_name", .data_key = "product",
	.label = "Products", .path = "/products", .singular = "product",
	.get = &ps_product_get, .lock = &ps_product_lock,
};

/* ---- hooks ---- */

/* The supplier must exist and be in use; a product names a supplier once. */
DB_STMT(ps_supplier_state,
    "SELECT s.archived_at IS NOT NULL AS archived,"
    " EXISTS (SELECT 1 FROM inventory.product_suppliers x WHERE x.product_id = $2 AND x.supplier_id = s.id"
    "   AND x.archived_at IS NULL AND x.id <> coalesce($3::bigint, 0)) AS taken"
    " FROM inventory.suppliers s WHERE s.id = $1");

static enum herr
ps_check(struct request *r, const struct resource *res, struct form *f, long long product_id)
{
	const char *sid = form_get(f, "supplier_id");
	if (sid == NULL)
		return HE_OK;
	long long self = f->base ? record_int(f->base, "id") : 0;
	if (product_id == 0 && f->base)
		product_id = record_int(f->base, "product_id");
	PGresult *q = db_q(r, &ps_supplier_state, sid, db_int(r, product_id), self ? db_int(r, self) : NULL);
	if (q == NULL)
		return db_fail(r);
	if (PQntuples(q) == 0)
		form_error(f, "supplier_id", "Choose a supplier.");
	else if (strcmp(PQgetvalue(q, 0, 0), "t") == 0)
		form_error(f, "supplier_id", "This supplier is archived.");
	else if (strcmp(PQgetvalue(q, 0, 1), "t") == 0)
		form_error(f, "supplier_id", "This supplier is already listed for the product.");
	return HE_OK;
}

/* One preferred supplier per product: the others lose the flag, each
 * change audited and announced. The product's row, locked by the layer
 * first, serialises this. */
DB_STMT(ps_unset_preferred,
    "UPDATE inventory.product_suppliers ps SET preferred = false, version = ps.version + 1, updated_at = now()"
    " WHERE ps.product_id = $1 AND ps.id <> $2 AND ps.preferred RETURNING " PS_COLS);

static enum herr
ps_clear_preferred(struct request *r, struct form *f, long long product_id, long long keep_id)
{
	const char *pref = form_get(f, "preferred");
	if (pref == NULL || strcmp(pref, "true") != 0)
		return HE_OK;
	if (product_id == 0 && f->base)
		product_id = record_int(f->base, "product_id");
	PGresult *res = db_q(r, &ps_unset_preferred, db_int(r, product_id), db_int(r, keep_id));
	if (res == NULL)
		return db_fail(r);
	for (int i = 0; i < PQntuples(res); i++) {
		json_object *after = req_json(r, db_row_json(res, i));
		json_object *before = req_obj(r);
		json_object_object_add(before, "preferred", json_object_new_boolean(1));
		long long oid = record_int(after, "id");
		enum herr e = audit_log(r, "product_supplier.update", "product_supplier", oid, before, after);
		if (e == HE_OK)
			e = outbox_emit(r, "inventory.product_supplier_updated", oid, after);
		if (e != HE_OK)
			return e;
	}
	return HE_OK;
}

static enum herr
ps_form_data(struct request *r, long long product_id, json_object *record, json_object *data)
{
	return inventory_supplier_choices(r, data);
}

static const struct res_hooks ps_hooks = {
	.check = ps_check, .before_write = ps_clear_preferred, .form_data = ps_form_data,
};

/* The supplier's name (record and list), its lead time (list). */
static const struct res_field ps_read_fields[] = {
	FIELD_TEXT("supplier_name", V_REQUIRED, 200), FIELD_INT("lead_time_days", V_REQUIRED, 0, 365), FIELD_END,
};

static const struct resource ps_resource = {
	.name = "product_supplier", .label = "Supplier", .plural = "Suppliers", .path = "/product-suppliers",
	.family = "inventory", .title_field = "supplier_name",
	.tpl_list = "inventory/product_suppliers_list.cs", .tpl_show = "inventory/product_supplier_show.cs",
	.tpl_form = "inventory/product_supplier_form.cs",
	.parent = &ps_parent, .back_to_parent = RES_BACK_ALL,
	.fields = ps_fields, .read_fields = ps_read_fields,
	.get = &ps_get, .get_for_update = &ps_get_for_update,
	.insert = &ps_insert, .update = &ps_update, .set_archived = &ps_archived_set,
	.sorts = ps_sorts, .list_stmts = ps_list_stmts, .list_params = ps_list_params,
	.csv_columns = ps_csv_columns, .csv_filename = "product-suppliers",
	.created_flash = "Supplier added to the product.", .saved_flash = "Supplier details saved.",
	.hooks = &ps_hooks, .event_prefix = "inventory.product_supplier_",
};

/* GET /products/:id/suppliers (?archived, limit, after; format=json|csv)
 * → 200 list; 404 no such product. */
RES_HANDLER(inventory_product_supplier_list, res_list, ps_resource)
/* GET /products/:id/suppliers/new → 200 the form; 404. */
RES_HANDLER(inventory_product_supplier_new, res_new, ps_resource)
/* POST /products/:id/suppliers → 201 + Location (HTML: 303 to the product);
 * 404; 422 (unknown, archived or repeated supplier, bad cost or pack size). */
RES_HANDLER(inventory_product_supplier_create, res_create, ps_resource)
/* GET /product-suppliers/:id → 200; 404. */
RES_HANDLER(inventory_product_supplier_show, res_show, ps_resource)
/* GET /product-suppliers/:id/edit → 200 the form; 404. */
RES_HANDLER(inventory_product_supplier_edit, res_edit, ps_resource)
/* PATCH /product-suppliers/:id → 200 (HTML: 303 to the product); 404; 409; 422. */
RES_HANDLER(inventory_product_supplier_update, res_update, ps_resource)
/* DELETE /product-suppliers/:id → 200 archived (no longer preferred); 404. */
RES_HANDLER(inventory_product_supplier_archive, res_archive, ps_resource)
/* POST /product-suppliers/:id/restore → 200; 404; 422 while the product is archived. */
RES_HANDLER(inventory_product_supplier_restore, res_restore, ps_resource)
