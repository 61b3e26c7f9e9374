/* The inventory family: the catalog (products, suppliers, who sells
 * what), locations, the stock ledger and levels, and allocations to
 * projects and tickets (docs/inventory.md). Each handler's comment says
 * what it reads and answers. */
#ifndef HEARTH_INVENTORY_H
#define HEARTH_INVENTORY_H

#include <string.h>
#include "record.h"
#include "resource.h"
#include "route.h"

/* A count of units or products as a read-only column (levels, totals,
 * sums): never negative (sql/031's CHECKs), an integer in JSON. */
#define INVENTORY_COUNT(n_) FIELD_INT(n_, V_REQUIRED, 0, 9007199254740991LL)

/* products.c */
extern const char *const inventory_product_units[];
extern const char *const inventory_categories[];
enum herr inventory_product_list(struct request *r);
enum herr inventory_product_new(struct request *r);
enum herr inventory_product_create(struct request *r);
enum herr inventory_product_show(struct request *r);
enum herr inventory_product_edit(struct request *r);
enum herr inventory_product_update(struct request *r);
enum herr inventory_product_archive(struct request *r);
enum herr inventory_product_restore(struct request *r);

/* catalog.c: accessories, kits, expand (sql/042) */
/* What the product page adds for the catalog's structure (in
 * product_get_full, p the product): its image, whether it is a kit and
 * its roll-up, its accessories, its parts, and where it is used. */
#define CATALOG_PRODUCT_EXTRA \
	" CASE WHEN p.image_sha256 IS NOT NULL THEN '/products/' || p.id || '/image?v=' || left(p.image_sha256, 16) END" \
	"   AS image_url," \
	" EXISTS (SELECT 1 FROM inventory.kits k WHERE k.product_id = p.id) AS is_kit," \
	" (SELECT coalesce(json_agg(r), '[]') FROM inventory.kit_rollup(p.id) r) AS kit_rollup," \
	" (SELECT coalesce(json_agg(x ORDER BY x.kind_order, lower(x.sku), x.id), '[]') FROM (SELECT a.id," \
	"    a.accessory_id, q.sku, q.name, q.unit, q.price_cents, a.kind, a.qty," \
	"    CASE a.kind WHEN 'required' THEN 0 WHEN 'recommended' THEN 1 ELSE 2 END AS kind_order," \
	"    q.archived_at IS NOT NULL AS archived, '/products/' || q.id AS product_url" \
	"    FROM inventory.product_accessories a JOIN inventory.products q ON q.id = a.accessory_id" \
	"    WHERE a.product_id = p.id LIMIT 200) x) AS accessories," \
	" (SELECT coalesce(json_agg(x ORDER BY lower(x.sku), x.id), '[]') FROM (SELECT k.id, k.part_id, q.sku, q.name," \
	"    q.unit, k.qty, q.cost_cents, q.price_cents, q.labour_minutes, q.archived_at IS NOT NULL AS archived," \
	"    EXISTS (SELECT 1 FROM inventory.kits n WHERE n.product_id = q.id) AS is_kit, '/products/' || q.id AS product_url" \
	"    FROM inventory.kit_parts k JOIN inventory.products q ON q.id = k.part_id" \
	"    WHERE k.kit_id = p.id LIMIT 500) x) AS kit_parts," \
	" (SELECT coalesce(json_agg(x ORDER BY lower(x.sku), x.id), '[]') FROM (SELECT q.id, q.sku, q.name, 'kit' AS how," \
	"    '/products/' || q.id AS url" \
	"    FROM inventory.kit_parts k JOIN inventory.products q ON q.id = k.kit_id WHERE k.part_id = p.id" \
	"    UNION ALL SELECT q.id, q.sku, q.name, a.kind, '/products/' || q.id" \
	"    FROM inventory.product_accessories a JOIN inventory.products q ON q.id = a.product_id" \
	"    WHERE a.accessory_id = p.id LIMIT 100) x) AS used_in"
#define CATALOG_PRODUCT_EXTRA_FIELDS \
	"image_url", "is_kit", "kit_rollup", "accessories", "kit_parts", \
	"used_in"
#define CATALOG_PRODUCT_EXTRA_READ \
	FIELD_TEXT("image_sha256", V_NULLABLE, 64), FIELD_TEXT("image_type", V_NULLABLE, 20), \
	FIELD_TEXT("image_name", V_NULLABLE, 255), \
	FIELD_TEXT("image_url", V_NULLABLE, 200), FIELD_BOOL("is_kit"), FIELD_ROWS("kit_rollup", NULL), \
	FIELD_ROWS("accessories", NULL), FIELD_ROWS("kit_parts", NULL), FIELD_ROWS("used_in", NULL)
enum herr inventory_accessory_list(struct request *r);
enum herr inventory_accessory_add(struct request *r);
enum herr inventory_accessory_remove(struct request *r);
enum herr inventory_kit_show(struct request *r);
enum herr inventory_kit_set(struct request *r);
enum herr inventory_kit_unset(struct request *r);
enum herr inventory_kit_part_set(struct request *r);
enum herr inventory_kit_part_remove(struct request *r);
enum herr inventory_product_expand(struct request *r);
/* product_image.c */
enum herr inventory_product_image(struct request *r);
enum herr inventory_product_image_set(struct request *r);
enum herr inventory_product_image_remove(struct request *r);
/* catalog_export.c */
enum herr inventory_catalog_export(struct request *r);

/* price_lists.c: the import kind price_list (lib/import.h) */
enum herr inventory_price_list_list(struct request *r);
enum herr inventory_price_list_upload(struct request *r);
enum herr inventory_price_list_template(struct request *r);
enum herr inventory_price_list_show(struct request *r);
enum herr inventory_price_list_preview(struct request *r);
enum herr inventory_price_list_apply(struct request *r);
enum herr inventory_price_list_cancel(struct request *r);
enum herr inventory_price_list_errors(struct request *r);
enum herr inventory_price_list_changes(struct request *r);

/* suppliers.c */
enum herr inventory_supplier_list(struct request *r);
enum herr inventory_supplier_new(struct request *r);
enum herr inventory_supplier_create(struct request *r);
enum herr inventory_supplier_show(struct request *r);
enum herr inventory_supplier_edit(struct request *r);
enum herr inventory_supplier_update(struct request *r);
enum herr inventory_supplier_archive(struct request *r);
enum herr inventory_supplier_restore(struct request *r);

/* product_suppliers.c */
enum herr inventory_product_supplier_list(struct request *r);
enum herr inventory_product_supplier_new(struct request *r);
enum herr inventory_product_supplier_create(struct request *r);
enum herr inventory_product_supplier_show(struct request *r);
enum herr inventory_product_supplier_edit(struct request *r);
enum herr inventory_product_supplier_update(struct request *r);
enum herr inventory_product_supplier_archive(struct request *r);
enum herr inventory_product_supplier_restore(struct request *r);

/* locations.c */
extern const char *const inventory_location_kinds[];
enum herr inventory_location_list(struct request *r);
enum herr inventory_location_new(struct request *r);
enum herr inventory_location_create(struct request *r);
enum herr inventory_location_show(struct request *r);
enum herr inventory_location_edit(struct request *r);
enum herr inventory_location_update(struct request *r);
enum herr inventory_location_archive(struct request *r);
enum herr inventory_location_restore(struct request *r);
enum herr inventory_location_stock(struct request *r);

/* stock.c */
enum herr inventory_move_list(struct request *r);
enum herr inventory_move_new(struct request *r);
enum herr inventory_move_create(struct request *r);
enum herr inventory_move_show(struct request *r);
enum herr inventory_allocation_list(struct request *r);
enum herr inventory_allocation_show(struct request *r);
enum herr inventory_allocation_create(struct request *r);
enum herr inventory_allocation_release(struct request *r);
enum herr inventory_allocation_consume(struct request *r);
/* serials.c */
struct serial_input;
extern const char *const inventory_serial_states[];
enum herr inventory_serial_list(struct request *r);
enum herr inventory_serial_show(struct request *r);
/* The serials field (serial_input.h's syntax; in JSON also an array of
 * such lines) into in: 0, or -1 with the field's message added to f.
 * Absent: 0 and no serials. */
int inventory_serials_field(struct form *f, const char *field, struct serial_input *in);
/* A serials value as one text: a string as it is, an array of strings as
 * its lines; NULL for anything else (then INVENTORY_SERIALS_TYPE_ERROR). */
const char *inventory_serials_text(struct arena *a, json_object *v);
#define INVENTORY_SERIALS_TYPE_ERROR "A list of serials: strings, or one text with a serial a line."
/* inventory.move_serials(move_id, in's serials and MACs) in the open
 * transaction: HE_OK, or HE_INVALID with the database's refusal pending
 * (db_sqlstate 23514, db_constraint "serials": map it to the field). */
enum herr inventory_serials_attach(struct request *r, long long move_id, const struct serial_input *in);

/* bins.c: a product's bin (shelf label) per location (sql/045) */
enum herr inventory_bin_set(struct request *r);

/* counts.c */
enum herr inventory_count_sheet(struct request *r);
enum herr inventory_count_create(struct request *r);
enum herr inventory_count_show(struct request *r);

/* reports.c */
enum herr inventory_report_index(struct request *r);
enum herr inventory_report_value(struct request *r);
enum herr inventory_report_turnover(struct request *r);
enum herr inventory_report_dead(struct request *r);
enum herr inventory_report_low(struct request *r);

/* A form's choices: st (no parameters) answers one JSON value, added to
 * data as key (the page shows without it when it cannot be read). */
enum herr inventory_choices(struct request *r, struct db_stmt *st, const char *key, json_object *data);
/* suppliers.c: the suppliers in use as data.suppliers [{id, name}]. */
enum herr inventory_supplier_choices(struct request *r, json_object *data);

/* purchase_orders.c, po_receive.c, reorder.c, materials.c: purchasing
 * (docs/purchasing.md). A PO as every answer shows it (o: the PO row):
 * its supplier's name, total and line count beside its columns. */
#define PO_COLS \
	"o.id, o.number, o.supplier_id, (SELECT s.name FROM inventory.suppliers s WHERE s.id = o.supplier_id)" \
	" AS supplier_name, o.status, o.expected_on, o.notes," \
	" (SELECT coalesce(sum(l.qty * l.unit_cost_cents), 0) FROM inventory.po_lines l WHERE l.po_id = o.id)::bigint" \
	" AS total_cents, (SELECT count(*) FROM inventory.po_lines l WHERE l.po_id = o.id)::int AS line_count," \
	" o.created_by, o.sent_at, o.received_at, o.closed_at, o.version, o.created_at, o.updated_at"
/* Its lines, in the order they were added, with the supplier's SKU. */
#define PO_LINES_JSON \
	"(SELECT coalesce(json_agg(x ORDER BY x.id), '[]') FROM (SELECT l.id, l.product_id, p.sku," \
	" p.name AS product_name, p.unit, p.serialised, coalesce(ps.supplier_sku, '') AS supplier_sku, l.qty," \
	" l.received, l.qty - l.received AS open_qty, l.unit_cost_cents, l.qty * l.unit_cost_cents AS line_cents," \
	" l.doc_type, l.doc_id FROM inventory.po_lines l JOIN inventory.products p ON p.id = l.product_id" \
	" LEFT JOIN inventory.product_suppliers ps ON ps.product_id = l.product_id" \
	" AND ps.supplier_id = o.supplier_id AND ps.archived_at IS NULL WHERE l.po_id = o.id) x) AS lines"
extern const char *const inventory_po_statuses[];
extern const struct res_field inventory_po_read_fields[];
extern const struct resource inventory_po_resource;
enum herr inventory_po_list(struct request *r);
enum herr inventory_po_new(struct request *r);
enum herr inventory_po_create(struct request *r);
enum herr inventory_po_show(struct request *r);
enum herr inventory_po_edit(struct request *r);
enum herr inventory_po_update(struct request *r);
enum herr inventory_po_send(struct request *r);
enum herr inventory_po_cancel(struct request *r);
enum herr inventory_po_close(struct request *r);
enum herr inventory_po_line_add(struct request *r);
enum herr inventory_po_line_update(struct request *r);
enum herr inventory_po_line_delete(struct request *r);
enum herr inventory_po_print(struct request *r);
enum herr inventory_po_receive_form(struct request *r);
enum herr inventory_po_receive(struct request *r);
enum herr inventory_reorder_list(struct request *r);
enum herr inventory_reorder_create(struct request *r);
enum herr inventory_to_order_list(struct request *r);
enum herr inventory_to_order_create(struct request *r);
enum herr inventory_material_list(struct request *r);
enum herr inventory_material_create(struct request *r);
/* Begin, and the PO of the path's :id locked FOR UPDATE (first, before
 * its lines and any stock). */
enum herr inventory_po_lock(struct request *r, long long *id, json_object **cur);
/* The PO's state forbids a change: 422 naming field (HTML: back to it). */
enum herr inventory_po_refuse(struct request *r, long long id, const char *field, const char *msg);
/* After a change: the PO with its lines (HTML: 303 to it with flash). */
enum herr inventory_po_answer(struct request *r, long long id, const char *flash, int created);
/* reorder.c: draft POs from rows (supplier_id, product_id, qty,
 * unit_cost_cents, doc_type, doc_id; by supplier), one per supplier, under
 * one lock so two clicks do not order twice; then the answer. */
enum herr inventory_drafts_lock(struct request *r);
enum herr inventory_po_drafts(struct request *r, PGresult *rows, const char *notes, json_object *created);
enum herr inventory_drafts_done(struct request *r, json_object *created);
/* A refused change: JSON 422 (r->errors); HTML 303 to location with the
 * first message (or fallback) as an error flash. Rolls back. */
enum herr inventory_refused(struct request *r, const char *location, const char *fallback);
/* The ids a JSON array key or a repeated form/query field names, as a
 * PostgreSQL array literal ("{}": none); a bad one is an error on key. */
const char *inventory_ids_param(struct request *r, const char *key, const char *form_key);

/* v is one of choices (NULL-terminated). */
static inline int
inventory_choice_ok(const char *const *choices, const char *v)
{
	for (int i = 0; choices[i]; i++)
		if (strcmp(choices[i], v) == 0)
			return 1;
	return 0;
}

/* v is a positive id in decimal (a preselection from the query string). */
static inline int
inventory_id_ok(const char *v)
{
	size_t n = strlen(v);
	return n > 0 && n <= 18 && strspn(v, "0123456789") == n && strspn(v, "0") < n;
}

#endif
