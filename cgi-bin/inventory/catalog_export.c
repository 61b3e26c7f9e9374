/* catalog_export.c: the whole active catalog as one CSV file, for a
 * spreadsheet, an accountant or another system. GET /products?format=csv
 * is one page of the list (limit at most 200, like every list); this is
 * every product, streamed: PostgreSQL's COPY sends the rows one at a time
 * and each goes to nginx as it comes (lib/resp.h's resp_stream_*), so the
 * responder holds one row, never the catalog (50,000 products are some
 * 12 MB of CSV). COPY reads one snapshot: the file is the catalog at one
 * instant. Text cells that a spreadsheet would run as a formula carry an
 * apostrophe first, as lib/csv.c does (sql/042's inventory.csv_cell). */
#include <string.h>
#include "db.h"
#include "inventory.h"
#include "log.h"
#include "resp.h"

/* One row per active product, by SKU: every column of the product, its
 * kit rule, its preferred supplier (else the first by name) with their SKU,
 * cost and pack size and how many suppliers it has, and its stock over
 * every location. No parameter: COPY takes none. */
#define C(x) "inventory.csv_cell(" x ")"
static const char catalog_copy[] =
    "COPY (SELECT p.id, p.sku, " C("p.manufacturer") " AS manufacturer, " C("p.model") " AS model, "
    C("p.name") " AS name, p.category, " C("p.description") " AS description, p.unit, p.cost_cents, p.price_cents,"
    " p.labour_minutes, p.serialised::text AS serialised, p.reorder_point, p.reorder_qty, " C("array_to_string(p.tags, '; ')") " AS tags,"
    " (k.product_id IS NOT NULL)::text AS is_kit, k.price_rule AS kit_price_rule,"
    " s.supplier_id, " C("s.supplier_name") " AS supplier_name, " C("s.supplier_sku") " AS supplier_sku,"
    " s.cost_cents AS supplier_cost_cents, s.pack_size AS supplier_pack_size, s.preferred::text AS supplier_preferred,"
    " (SELECT count(*) FROM inventory.product_suppliers c WHERE c.product_id = p.id AND c.archived_at IS NULL)"
    "   AS supplier_count,"
    " coalesce(t.on_hand, 0) AS on_hand, coalesce(t.allocated, 0) AS allocated,"
    " coalesce(t.on_hand - t.allocated, 0) AS available, coalesce(t.low, false)::text AS low,"
    " (p.image_sha256 IS NOT NULL)::text AS has_image, core.rfc3339(p.created_at) AS created_at,"
    " core.rfc3339(p.updated_at) AS updated_at"
    " FROM inventory.products p"
    " LEFT JOIN inventory.stock_totals t ON t.product_id = p.id"
    " LEFT JOIN inventory.kits k ON k.product_id = p.id"
    " LEFT JOIN LATERAL (SELECT ps.supplier_id, su.name AS supplier_name, ps.supplier_sku, ps.cost_cents,"
    "   ps.pack_size, ps.preferred FROM inventory.product_suppliers ps"
    "   JOIN inventory.suppliers su ON su.id = ps.supplier_id"
    "   WHERE ps.product_id = p.id AND ps.archived_at IS NULL"
    "   ORDER BY ps.preferred DESC, lower(su.name), ps.id LIMIT 1) s ON true"
    " WHERE p.archived_at IS NULL ORDER BY lower(p.sku), p.id) TO STDOUT WITH (FORMAT csv, HEADER)";
#undef C

/* GET /products/export → 200 text/csv, every active product (above),
 * streamed; 503 when the database cannot start it. Whatever the Accept
 * header: the route is the file. */
enum herr
inventory_catalog_export(struct request *r)
{
	if (!db_ok())
		return HE_DB_DOWN;
	PGconn *c = db_conn();
	double t0 = log_now_ms();
	PGresult *res = PQexec(c, catalog_copy);
	if (PQresultStatus(res) != PGRES_COPY_OUT) {
		log_error(r, "catalog export: %s", PQerrorMessage(c));
		PQclear(res);
		return HE_INTERNAL;
	}
	PQclear(res);
	resp_header(r, "Content-Disposition", "attachment; filename=\"catalog.csv\"");
	enum herr e = resp_stream_begin(r, "text/csv; charset=utf-8");
	char *row;
	int n;
	long rows = 0;
	while ((n = PQgetCopyData(c, &row, 0)) > 0) {
		if (e == HE_OK)
			resp_stream_put(r, row, (size_t)n);
		PQfreemem(row);
		rows++;
	}
	if (n == -2)
		log_error(r, "catalog export: cut short after %ld rows: %s", rows, PQerrorMessage(c));
	while ((res = PQgetResult(c)) != NULL) {
		if (PQresultStatus(res) != PGRES_COMMAND_OK)
			log_error(r, "catalog export: cut short after %ld rows: %s", rows, PQresultErrorMessage(res));
		PQclear(res);
	}
	r->db_ms += log_now_ms() - t0;
	r->db_queries++;
	return e;
}
