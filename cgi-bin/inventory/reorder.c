/* reorder.c: reorder suggestions (products at or under their reorder
 * point over the chosen locations, by preferred supplier) turned into
 * draft POs in one action, and the step both that and the "to order"
 * page of materials.c share: rows of (supplier, product, qty, cost,
 * document) become one draft PO per supplier. */
#include <stdlib.h>
#include <string.h>
#include "audit.h"
#include "inventory.h"
#include "record.h"
#include "resource.h"
#include "resp.h"

#define ID_MAX 999999999999999999LL
#define MAX_IDS 2000

/* ---- draft POs from rows ---- */

/* Creating drafts runs one at a time: a second click while the first is
 * still at work sees its lines and does not order twice. */
DB_STMT(drafts_lock, "SELECT pg_advisory_xact_lock(hashtext('inventory.po_drafts'))");
DB_STMT(drafts_po_insert,
    "INSERT INTO inventory.purchase_orders (supplier_id, created_by, notes) VALUES ($1, $2, $3) RETURNING id");
DB_STMT(drafts_line_insert,
    "INSERT INTO inventory.po_lines (po_id, product_id, qty, unit_cost_cents, doc_type, doc_id)"
    " VALUES ($1, $2, $3, $4, coalesce($5, ''), $6)");
DB_STMT(drafts_po_get, "SELECT " PO_COLS " FROM inventory.purchase_orders o WHERE o.id = $1");

enum herr
inventory_drafts_lock(struct request *r)
{
	return db_q0(r, &drafts_lock) ? HE_OK : db_fail(r);
}

/* rows: supplier_id, product_id, qty, unit_cost_cents, doc_type ("" or
 * NULL for stock), doc_id, ordered by supplier_id. One draft per
 * supplier, its lines in row order; audit purchase_order.create and the
 * event inventory.po_created for each (inside the caller's transaction).
 * The drafts are appended to created. */
enum herr
inventory_po_drafts(struct request *r, PGresult *rows, const char *notes, json_object *created)
{
	const char *user = r->principal.user_id > 0 ? db_int(r, r->principal.user_id) : NULL;
	int n = PQntuples(rows);
	for (int i = 0; i < n;) {
		const char *sid = PQgetvalue(rows, i, 0);
		PGresult *po = db_q(r, &drafts_po_insert, sid, user, notes);
		if (po == NULL)
			return db_fail(r);
		const char *po_id = PQgetvalue(po, 0, 0);
		for (; i < n && strcmp(PQgetvalue(rows, i, 0), sid) == 0; i++) {
			const char *dt = PQgetisnull(rows, i, 4) ? NULL : PQgetvalue(rows, i, 4);
			const char *di = PQgetisnull(rows, i, 5) ? NULL : PQgetvalue(rows, i, 5);
			if (db_q(r, &drafts_line_insert, po_id, PQgetvalue(rows, i, 1), PQgetvalue(rows, i, 2),
			    PQgetvalue(rows, i, 3), dt, di) == NULL)
				return db_fail(r);
		}
		PGresult *got = db_q(r, &drafts_po_get, po_id);
		if (got == NULL)
			return db_fail(r);
		json_object *rec = req_json(r, db_row_json(got, 0));
		long long id = atoll(po_id);
		enum herr e = audit_log(r, "purchase_order.create", "purchase_order", id, NULL, rec);
		if (e == HE_OK)
			e = outbox_emit(r, "inventory.po_created", id, rec);
		if (e != HE_OK)
			return e;
		json_object_array_add(created, json_object_get(rec));
	}
	return HE_OK;
}

/* A refused change: JSON 422 with r->errors; a browser goes to location
 * with the first message (fallback when there is none) as an error flash. */
enum herr
inventory_refused(struct request *r, const char *location, const char *fallback)
{
	db_rollback(r);
	if (r->format != FMT_HTML)
		return HE_INVALID;
	const char *msg = fallback;
	if (r->errors != NULL) {
		json_object_object_foreach(r->errors, k, v) {
			(void)k;
			msg = json_object_get_string(v);
			break;
		}
	}
	resp_flash(r, "error", msg);
	return resp_redirect(r, 303, location);
}

/* The answer after drafts were made: JSON 201 {items: the drafts}; HTML
 * 303 to the open POs with their numbers. */
enum herr
inventory_drafts_done(struct request *r, json_object *created)
{
	enum herr e = db_commit(r);
	if (e != HE_OK)
		return e;
	size_t n = json_object_array_length(created);
	struct buf b;
	buf_init(&b);
	for (size_t i = 0; i < n; i++) {
		json_object *po = json_object_array_get_idx(created, i);
		buf_printf(&b, "%s%s", i ? ", " : "", record_str(po, "number"));
		res_links(r, &inventory_po_resource, po);
	}
	const char *flash = arena_printf(r->arena, "Draft%s created: %s.", n == 1 ? "" : "s", b.data ? b.data : "");
	buf_free(&b);
	json_object *out = req_obj(r);
	json_object_object_add(out, "items", json_object_get(created));
	json_object_object_add(out, "next", NULL);
	return record_done(r, 1, "/purchase-orders?status=draft", flash, out);
}

/* The ids a request names: JSON key (an array of ids), or a form's
 * repeated field (checkboxes). A bad one is an error on key. Returns a
 * PostgreSQL array literal, "{}" for none. */
const char *
inventory_ids_param(struct request *r, const char *key, const char *form_key)
{
	struct buf b;
	buf_init(&b);
	buf_printf(&b, "{");
	int n = 0, bad = 0;
	if (r->json != NULL) {
		json_object *arr = NULL;
		if (json_object_object_get_ex(r->json, key, &arr) && json_object_is_type(arr, json_type_array)) {
			size_t len = json_object_array_length(arr);
			for (size_t i = 0; i < len && n < MAX_IDS; i++) {
				json_object *v = json_object_array_get_idx(arr, i);
				if (v == NULL || !json_object_is_type(v, json_type_int) || json_object_get_int64(v) < 1) {
					bad = 1;
					continue;
				}
				buf_printf(&b, "%s%lld", n++ ? "," : "", (long long)json_object_get_int64(v));
			}
		} else if (arr != NULL) {
			bad = 1;
		}
	} else {
		const struct kvlist *l = req_is_safe_method(r->method) ? &r->query : &r->form;
		for (size_t i = 0; i < l->n && n < MAX_IDS; i++) {
			if (strcmp(l->v[i].key, form_key) != 0)
				continue;
			if (!inventory_id_ok(l->v[i].val)) {
				bad = 1;
				continue;
			}
			buf_printf(&b, "%s%s", n++ ? "," : "", l->v[i].val);
		}
	}
	buf_printf(&b, "}");
	const char *out = arena_strdup(r->arena, b.data);
	buf_free(&b);
	if (bad)
		resp_field_error(r, key, "Each is a positive id.");
	return out;
}

/* ---- reorder suggestions ---- */

#define REORDER_COLS \
	"x.product_id, x.sku, x.product_name, x.unit, x.available, x.reorder_point, x.reorder_qty, x.supplier_id," \
	" x.supplier_name, x.supplier_sku, x.pack_size, x.unit_cost_cents, x.suggested_qty," \
	" x.suggested_qty::bigint * x.unit_cost_cents AS line_cents, x.on_order, x.open_pos"
/* $1 locations (NULL: warehouses and vans), $2 include those on order. */
DB_STMT(reorder_rows,
    "SELECT " REORDER_COLS " FROM inventory.reorder_suggestions($1::bigint[]) x"
    " WHERE $2::boolean OR x.on_order = 0 LIMIT 2000");
DB_STMT(reorder_location_choices,
    "SELECT coalesce(json_agg(json_build_object('id', o.id, 'name', o.name, 'kind', o.kind)"
    " ORDER BY o.kind <> 'warehouse', o.kind, lower(o.name), o.id), '[]')"
    " FROM inventory.locations o WHERE o.archived_at IS NULL");
/* The chosen products' suggestions as draft rows: with a supplier, not
 * on order (unless asked), $3 the product ids. */
DB_STMT(reorder_draft_rows,
    "SELECT x.supplier_id, x.product_id, x.suggested_qty, x.unit_cost_cents, NULL::text, NULL::bigint"
    " FROM inventory.reorder_suggestions($1::bigint[]) x"
    " WHERE x.supplier_id IS NOT NULL AND ($2::boolean OR x.on_order = 0) AND x.product_id = ANY ($3::bigint[])"
    " ORDER BY x.supplier_id, lower(x.sku), x.product_id");

static const char *const reorder_csv_columns[] = {
	"product_id", "sku", "product_name", "available", "reorder_point", "reorder_qty", "supplier_id",
	"supplier_name", "supplier_sku", "pack_size", "unit_cost_cents", "suggested_qty", "line_cents", "on_order",
	"open_pos", NULL,
};

/* The locations the request chose (location_id, repeated), NULL for the
 * default; a bad one is an error. */
static const char *
reorder_locations(struct request *r)
{
	const char *ids = inventory_ids_param(r, "location_ids", "location_id");
	return strcmp(ids, "{}") == 0 ? NULL : ids;
}

/* GET /purchase-orders/reorder (?location_id, repeated: the locations
 * whose available stock counts, default every warehouse and van;
 * on_order=1: also products open POs already bring; format=json|csv) →
 * 200 {items, next: null}: each product at or under its reorder point
 * with its preferred supplier (none: supplier_id null), the suggested
 * quantity (reorder_qty rounded up to the pack size), what is on order;
 * ordered by supplier. 422 a bad location id. */
enum herr
inventory_reorder_list(struct request *r)
{
	const char *locs = reorder_locations(r);
	int on_order = res_query_flag(r, "on_order");
	json_object *d = req_obj(r);
	record_crumbs(r, "Reorder", "Purchase orders", "/purchase-orders", "Reorder", NULL, NULL);
	json_object_object_add(req_page(r), "family", json_object_new_string("inventory"));
	if (r->errors && json_object_object_length(r->errors) > 0) {
		r->template = "inventory/reorder.cs";
		req_set_data(r, d);
		return HE_INVALID;
	}
	PGresult *rows = db_q(r, &reorder_rows, locs, on_order ? "true" : "false");
	if (rows == NULL)
		return db_fail(r);
	json_object_object_add(d, "items", json_object_get(req_json(r, db_rows_json(rows))));
	json_object_object_add(d, "next", NULL);
	r->csv_columns = reorder_csv_columns;
	r->csv_filename = "reorder-suggestions";
	if (r->format == FMT_HTML) {
		enum herr e = inventory_choices(r, &reorder_location_choices, "locations", d);
		(void)e;
		json_object *chosen = req_obj(r);
		for (size_t i = 0; i < r->query.n; i++)
			if (strcmp(r->query.v[i].key, "location_id") == 0)
				json_object_object_add(chosen, r->query.v[i].val, json_object_new_string("1"));
		json_object_object_add(d, "chosen", json_object_get(chosen));
		json_object_object_add(d, "on_order", json_object_new_string(on_order ? "1" : ""));
	}
	return resp_ok(r, "inventory/reorder.cs", d);
}

/* POST /purchase-orders/reorder {product_ids: [...] (form: product_id,
 * repeated), location_ids (form: location_id), include_on_order} → 201
 * {items: one draft PO per preferred supplier, next: null} (HTML: 303 to
 * the drafts); products without a preferred supplier, and those already
 * on an open PO (unless include_on_order), are left out, so a second
 * click orders nothing twice; 422 product_ids when none is left. Events
 * inventory.po_created. */
enum herr
inventory_reorder_create(struct request *r)
{
	enum herr e = db_begin(r);
	if (e != HE_OK)
		return e;
	struct form f;
	form_begin(&f, r, NULL);
	form_allow(&f, "product_ids");
	form_allow(&f, "location_ids");
	int include = form_bool(&f, "include_on_order");
	const char *ids = inventory_ids_param(r, "product_ids", "product_id");
	const char *locs = reorder_locations(r);
	if (!form_ok(&f) || (r->errors && json_object_object_length(r->errors) > 0))
		goto refused;
	if ((e = inventory_drafts_lock(r)) != HE_OK)
		return e;
	PGresult *rows = db_q(r, &reorder_draft_rows, locs, include ? "true" : "false", ids);
	if (rows == NULL)
		return db_fail(r);
	if (PQntuples(rows) == 0) {
		resp_field_error(r, "product_ids", "Nothing to order: choose products with a preferred supplier"
		    " that are not already on an open purchase order.");
		goto refused;
	}
	json_object *created = req_arr(r);
	if ((e = inventory_po_drafts(r, rows, "From reorder suggestions.", created)) != HE_OK)
		return e;
	return inventory_drafts_done(r, created);
refused:
	return inventory_refused(r, "/purchase-orders/reorder", "Nothing was ordered.");
}
