/* materials.c: what projects and service tickets ask to be ordered
 * (sql/041's inventory.request_material, which those families call), the
 * state of each request (inventory.material_states: to order, ordered,
 * received, delivered to site, installed), and the "to order" page that
 * combines the open requests of several documents into one draft PO per
 * preferred supplier. A PO line is bought for one document: the requests
 * of one project for one product become one line (their quantities
 * summed), so receiving it allocates to that project alone. */
#include <stdlib.h>
#include <string.h>
#include "inventory.h"
#include "record.h"
#include "resource.h"
#include "resp.h"

static const char *const doc_types[] = { "project", "ticket", NULL };

#define MATERIAL_COLS \
	"m.request_id AS id, m.doc_type, m.doc_id, m.product_id, m.sku, m.product_name, m.unit, m.qty, m.needed_by," \
	" m.notes, m.state, m.to_order, m.ordered, m.received, m.delivered, m.installed, m.created_at"
/* $1 doc_type, $2 doc_id: one document's requests, or every open one. */
DB_STMT(material_rows, "SELECT " MATERIAL_COLS " FROM inventory.material_states($1, $2) m LIMIT 5000");
static const char *const material_csv_columns[] = {
	"id", "doc_type", "doc_id", "product_id", "sku", "product_name", "qty", "needed_by", "state", "to_order",
	"ordered", "received", "delivered", "installed", NULL,
};

/* GET /materials (?doc_type=project|ticket&doc_id=N: one document's;
 * without them every open request; format=json|csv) → 200 {items, next:
 * null}: each request with its state and how much of it has reached
 * each stage. 422 a bad doc_type or doc_id. */
enum herr
inventory_material_list(struct request *r)
{
	const char *dt = req_query(r, "doc_type"), *di = req_query(r, "doc_id");
	if ((dt && *dt) || (di && *di)) {
		if (dt == NULL || !inventory_choice_ok(doc_types, dt))
			resp_field_error(r, "doc_type", "Choose project or ticket.");
		if (di == NULL || !inventory_id_ok(di))
			resp_field_error(r, "doc_id", "Not a valid id.");
	} else {
		dt = di = NULL;
	}
	json_object *d = req_obj(r);
	record_crumbs(r, "Materials", "Purchase orders", "/purchase-orders", "Materials", NULL, NULL);
	json_object_object_add(req_page(r), "family", json_object_new_string("inventory"));
	json_object_object_add(d, "doc_type", json_object_new_string(dt ? dt : ""));
	json_object_object_add(d, "doc_id", json_object_new_string(di ? di : ""));
	if (r->errors && json_object_object_length(r->errors) > 0) {
		r->template = "inventory/materials.cs";
		req_set_data(r, d);
		return HE_INVALID;
	}
	PGresult *rows = db_q(r, &material_rows, dt, di);
	if (rows == NULL)
		return db_fail(r);
	json_object_object_add(d, "items", json_object_get(req_json(r, db_rows_json(rows))));
	json_object_object_add(d, "next", NULL);
	if (r->format != FMT_HTML) {
		json_object_object_del(d, "doc_type");
		json_object_object_del(d, "doc_id");
	}
	r->csv_columns = material_csv_columns;
	r->csv_filename = "materials";
	return resp_ok(r, "inventory/materials.cs", d);
}

DB_STMT(material_request,
    "SELECT m.id, m.doc_type, m.doc_id, m.product_id, m.qty, m.needed_by, m.notes, m.user_id, m.created_at"
    " FROM inventory.request_material($1, $2, $3, $4, $5, $6) m");
DB_STMT(material_product_by_sku, "SELECT p.id FROM inventory.products p WHERE lower(p.sku) = lower($1)");

/* POST /materials {doc_type, doc_id, product_id or sku, qty, needed_by,
 * notes} → 201 the request (HTML: 303 to the document's materials): what
 * projects and service do through inventory.request_material, for
 * scripts and until they exist. 422 naming the field. Audit
 * material_request.create; the function writes the event
 * inventory.material_requested. */
enum herr
inventory_material_create(struct request *r)
{
	enum herr e = db_begin(r);
	if (e != HE_OK)
		return e;
	struct form f;
	int ok;
	form_begin(&f, r, NULL);
	const char *dt = form_enum(&f, "doc_type", V_REQUIRED, doc_types, NULL);
	form_int(&f, "doc_id", V_REQUIRED, 1, 999999999999999999LL, &ok);
	form_int(&f, "product_id", V_NULLABLE, 1, 999999999999999999LL, &ok);
	const char *sku = form_text(&f, "sku", 0, 64);
	form_int(&f, "qty", V_REQUIRED, 1, 1000000, &ok);
	form_date(&f, "needed_by", V_NULLABLE);
	form_text(&f, "notes", 0, 1000);
	const char *pid = form_get(&f, "product_id");
	if (pid == NULL && f.nerr == 0) {
		PGresult *p = sku && *sku ? db_q(r, &material_product_by_sku, sku) : NULL;
		if (p != NULL && PQntuples(p) == 1)
			pid = PQgetvalue(p, 0, 0);
		else
			form_error(&f, sku && *sku ? "sku" : "product_id",
			    sku && *sku ? "No product has this SKU." : "Choose a product (its id or its SKU).");
	}
	PGresult *res = NULL;
	if (form_ok(&f)) {
		res = db_q(r, &material_request, dt, form_get(&f, "doc_id"), pid, form_get(&f, "qty"),
		    form_get(&f, "needed_by"), form_get(&f, "notes"));
		if (res == NULL) {
			if (strcmp(db_sqlstate(), "23514") != 0)
				return db_fail(r);
			resp_field_error(r, *db_constraint() ? db_constraint() : "qty", db_message());
		}
	}
	const char *back = dt && form_get(&f, "doc_id")
	    ? arena_printf(r->arena, "/materials?doc_type=%s&doc_id=%s", dt, form_get(&f, "doc_id")) : "/materials";
	if (res == NULL)
		return inventory_refused(r, back, "Check the request.");
	json_object *m = req_json(r, db_row_json(res, 0));
	long long id = record_int(m, "id");
	if ((e = record_commit(r, "material_request.create", "material_request", id, NULL, m, NULL)) != HE_OK)
		return e;
	json_object_object_add(m, "materials_url", json_object_new_string(back));
	return record_done(r, 1, back, "Material requested.", m);
}

/* ---- to order ---- */

/* The open requests' quantities still to order, with the preferred
 * supplier (none: supplier_id null) and its cost (else the product's). */
#define TO_ORDER_SELECT \
	"SELECT m.request_id AS id, m.doc_type, m.doc_id, m.product_id, m.sku, m.product_name, m.unit, m.qty," \
	" m.needed_by, m.to_order, ps.supplier_id, s.name AS supplier_name, coalesce(ps.supplier_sku, '') AS supplier_sku," \
	" coalesce(ps.pack_size, 1) AS pack_size, coalesce(ps.cost_cents, p.cost_cents) AS unit_cost_cents" \
	" FROM inventory.material_states() m JOIN inventory.products p ON p.id = m.product_id" \
	" LEFT JOIN inventory.product_suppliers ps ON ps.product_id = m.product_id AND ps.preferred" \
	"   AND ps.archived_at IS NULL LEFT JOIN inventory.suppliers s ON s.id = ps.supplier_id" \
	" WHERE m.to_order > 0"
DB_STMT(to_order_rows,
    TO_ORDER_SELECT " ORDER BY s.name NULLS LAST, ps.supplier_id, m.doc_type, m.doc_id, lower(m.sku), m.request_id"
    " LIMIT 5000");
/* One line per supplier, document and product: the chosen requests'
 * quantities summed. */
DB_STMT(to_order_draft_rows,
    "SELECT t.supplier_id, t.product_id, sum(t.to_order)::int, min(t.unit_cost_cents), t.doc_type, t.doc_id"
    " FROM (" TO_ORDER_SELECT ") t WHERE t.supplier_id IS NOT NULL AND t.id = ANY ($1::bigint[])"
    " GROUP BY t.supplier_id, t.doc_type, t.doc_id, t.product_id"
    " ORDER BY t.supplier_id, t.doc_type, t.doc_id, t.product_id");
static const char *const to_order_csv_columns[] = {
	"id", "doc_type", "doc_id", "product_id", "sku", "product_name", "qty", "needed_by", "to_order",
	"supplier_id", "supplier_name", "supplier_sku", "pack_size", "unit_cost_cents", NULL,
};

/* GET /purchase-orders/to-order (format=json|csv) → 200 {items, next:
 * null}: every open material request with something still to order,
 * by preferred supplier (none: supplier_id null), then document. */
enum herr
inventory_to_order_list(struct request *r)
{
	PGresult *rows = db_q0(r, &to_order_rows);
	if (rows == NULL)
		return db_fail(r);
	json_object *d = req_obj(r);
	json_object_object_add(d, "items", json_object_get(req_json(r, db_rows_json(rows))));
	json_object_object_add(d, "next", NULL);
	r->csv_columns = to_order_csv_columns;
	r->csv_filename = "materials-to-order";
	record_crumbs(r, "To order", "Purchase orders", "/purchase-orders", "To order", NULL, NULL);
	json_object_object_add(req_page(r), "family", json_object_new_string("inventory"));
	return resp_ok(r, "inventory/to_order.cs", d);
}

/* POST /purchase-orders/to-order {request_ids: [...] (form: request_id,
 * repeated)} → 201 {items: one draft PO per preferred supplier, next:
 * null} (HTML: 303 to the drafts); each line for one document and
 * product; what is already on a PO is not ordered again; 422
 * request_ids when nothing is left to order. Events inventory.po_created. */
enum herr
inventory_to_order_create(struct request *r)
{
	enum herr e = db_begin(r);
	if (e != HE_OK)
		return e;
	struct form f;
	form_begin(&f, r, NULL);
	form_allow(&f, "request_ids");
	const char *ids = inventory_ids_param(r, "request_ids", "request_id");
	if (form_ok(&f) && !(r->errors && json_object_object_length(r->errors) > 0)) {
		if ((e = inventory_drafts_lock(r)) != HE_OK)
			return e;
		PGresult *rows = db_q(r, &to_order_draft_rows, ids);
		if (rows == NULL)
			return db_fail(r);
		if (PQntuples(rows) > 0) {
			json_object *created = req_arr(r);
			if ((e = inventory_po_drafts(r, rows, "Materials for projects and tickets.", created)) != HE_OK)
				return e;
			return inventory_drafts_done(r, created);
		}
		resp_field_error(r, "request_ids", "Nothing to order: choose requests with a preferred supplier"
		    " that are not already on a purchase order.");
	}
	return inventory_refused(r, "/purchase-orders/to-order", "Nothing was ordered.");
}
