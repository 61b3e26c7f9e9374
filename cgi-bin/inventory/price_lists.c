/* price_lists.c: a distributor's price list from a CSV file, the import
 * kind 'price_list' (docs/catalog.md). Each import is one supplier's (the
 * kind's scope: chosen at the upload, and the column mapping is
 * remembered per supplier). The descriptor, its row rules and the page
 * of what changed are the family's; lib/import.c does the upload,
 * mapping, preview, apply's start and cancel; sql/043's
 * inventory.price_list_apply runs in hearth-worker, a batch at a time. */
#include <stdlib.h>
#include <string.h>
#include "csv.h"
#include "import.h"
#include "inventory.h"
#include "record.h"
#include "resp.h"

/* The order is the template CSV's. Aliases are what distributors' files
 * call them (lower case, spaces for _ - .). */
static const struct import_column price_list_columns[] = {
	{ "sku", "SKU", "our sku|product sku|item|item number|part number|part no|mpn|manufacturer part number|"
	  "artikelnummer", 1, IMPORT_TEXT, 64, NULL, NULL, "VSN-TV65-OLED" },
	{ "supplier_sku", "Supplier SKU", "supplier part number|distributor sku|vendor sku|their sku|order code|"
	  "catalogue number|catalog number", 0, IMPORT_TEXT, 64, NULL, NULL, "SI-746128" },
	{ "name", "Name", "description|short description|product name|item name|title", 0, IMPORT_TEXT, 200, NULL, NULL,
	  "65 in OLED television" },
	{ "manufacturer", "Manufacturer", "brand|make|maker|vendor", 0, IMPORT_TEXT, 100, NULL, NULL, "Visionne" },
	{ "model", "Model", "model number|model no", 0, IMPORT_TEXT, 100, NULL, NULL, "TV65-OLED" },
	{ "category", "Category", "product category|group", 0, IMPORT_CHOICE, 0, inventory_categories, NULL, "video" },
	{ "unit", "Unit", "uom|unit of measure|sales unit", 0, IMPORT_CHOICE, 0, inventory_product_units, NULL, "each" },
	{ "cost", "Cost", "dealer price|net price|trade price|your price|buy price|cost price|dealer", 1, IMPORT_NUMBER,
	  0, NULL, NULL, "1249.00" },
	{ "price", "List price", "msrp|rrp|srp|retail price|list|sell price|price", 0, IMPORT_NUMBER, 0, NULL, NULL,
	  "1899.00" },
	{ "pack_size", "Pack size", "pack|pack qty|case qty|multiple|order multiple", 0, IMPORT_NUMBER, 0, NULL, NULL,
	  "1" },
	{ "description", "Long description", "full description|details|notes|long text", 0, IMPORT_NOTE, 10000, NULL, NULL, "" },
	{ NULL, NULL, NULL, 0, IMPORT_TEXT, 0, NULL, NULL, NULL },
};

/* Money: at least 0, at most two decimals, under a billion; a pack size
 * a whole number from 1 to 100000; a SKU as a product's (products.c). */
static void
price_money(const struct import_kind *k, struct import_row *row, const char *field)
{
	const char *v = import_value(k, row, field);
	if (v == NULL)
		return;
	const char *dot = strchr(v, '.');
	if (*v == '-')
		import_row_error(row, field, "Must not be negative.");
	else if (dot != NULL && strlen(dot + 1) > 2)
		import_row_error(row, field, "At most two decimals (cents).");
	else if (strtod(v, NULL) >= 1e9)
		import_row_error(row, field, "Too large.");
}

static void
price_list_check(const struct import_kind *k, struct import_row *row)
{
	const char *sku = import_value(k, row, "sku");
	for (const char *c = sku; c && *c; c++)
		if (!((*c >= 'A' && *c <= 'Z') || (*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') ||
		    (c > sku && (*c == '.' || *c == '_' || *c == '/' || *c == '-')))) {
			import_row_error(row, "sku", "Use letters, digits and . _ / - only, starting with a letter or digit.");
			break;
		}
	price_money(k, row, "cost");
	price_money(k, row, "price");
	const char *pack = import_value(k, row, "pack_size");
	if (pack != NULL && (strspn(pack, "0123456789") != strlen(pack) || atol(pack) < 1 || atol(pack) > 100000))
		import_row_error(row, "pack_size", "A whole number from 1 to 100000.");
}

/* The suppliers a list can be for (the upload's choice). */
DB_STMT(price_list_suppliers,
    "SELECT s.id::text, s.name FROM inventory.suppliers s WHERE s.archived_at IS NULL ORDER BY lower(s.name), s.id"
    " LIMIT 500");

static const char *const price_list_preview[] = { "sku", "name", "cost", "price", NULL };

static const struct import_kind price_list_import = {
	.kind = "price_list", .family = "inventory", .label = "price list rows",
	.path = "/products/imports", .done_path = "/products",
	.columns = price_list_columns, .preview = price_list_preview,
	.duplicate_field = "sku", .check_row = price_list_check,
	.scope_field = "supplier_id", .scope_label = "Supplier", .scope_choices = &price_list_suppliers,
	.result_link = "changes", .result_label = "The price changes", .done_label = "Products",
	.duplicate_note = "a SKU on an earlier line: skipped, the first line counts; imported, the last one does",
};

#define IMPORT_HANDLER(name, fn) enum herr name(struct request *r) { return fn(r, &price_list_import); }

/* GET /products/imports → 200 the price lists imported (newest 50), the suppliers and the upload form. */
IMPORT_HANDLER(inventory_price_list_list, import_list)
/* POST /products/imports (multipart: supplier_id, file) → 201 + Location
 * (HTML: 303) to the import; 413; 422 no supplier, or a file empty,
 * unreadable or past the limits. */
IMPORT_HANDLER(inventory_price_list_upload, import_upload)
/* GET /products/imports/template → text/csv: the columns and an example row (JSON: the columns). */
IMPORT_HANDLER(inventory_price_list_template, import_template)
/* GET /products/imports/:id (?show=problems|all, after) → 200 the import, mapping and preview rows; 404. */
IMPORT_HANDLER(inventory_price_list_show, import_show)
/* POST /products/imports/:id (version, encoding, delimiter, col_N | mapping)
 * → 200 the preview (HTML: 303); 409 stale or applying; 422 mapping errors. */
IMPORT_HANDLER(inventory_price_list_preview, import_preview)
/* POST /products/imports/:id/apply (version) → 202 applying (HTML: 303);
 * 409 not previewed or applied already; 422 nothing to import. */
IMPORT_HANDLER(inventory_price_list_apply, import_apply)
/* POST /products/imports/:id/cancel → 200 cancelled (HTML: 303 to the list); 409 once applying. */
IMPORT_HANDLER(inventory_price_list_cancel, import_cancel)
/* GET /products/imports/:id/errors → text/csv of the rows with problems (JSON: items); 404. */
IMPORT_HANDLER(inventory_price_list_errors, import_errors)

/* ---- what it changed ---- */

DB_STMT(price_list_import_get,
    "SELECT i.id, i.status, i.file_name, i.scope, s.name AS supplier_name, i.applied_rows, i.applied_at,"
    " core.rfc3339(i.applied_at) AS applied_at_text"
    " FROM core.imports i LEFT JOIN inventory.suppliers s ON s.id::text = i.scope"
    " WHERE i.id = $1 AND i.kind = 'price_list'");
/* A page of the changes by line ($2 after line, $3 limit+1; all: $3 NULL). */
DB_STMT(price_list_changes,
    "SELECT c.line_no, c.product_id, p.sku, p.name, c.created, c.old_cost_cents, c.new_cost_cents,"
    " c.old_price_cents, c.new_price_cents, c.old_cost_cents IS NULL AS supplier_new,"
    " '/products/' || c.product_id AS product_url"
    " FROM inventory.price_list_changes c JOIN inventory.products p ON p.id = c.product_id"
    " WHERE c.import_id = $1 AND c.line_no > $2 ORDER BY c.line_no LIMIT $3");
DB_STMT(price_list_change_counts,
    "SELECT count(*) FILTER (WHERE c.created) AS created,"
    " count(*) FILTER (WHERE NOT c.created AND c.old_cost_cents IS DISTINCT FROM c.new_cost_cents) AS costs_changed,"
    " count(*) FILTER (WHERE NOT c.created AND c.old_price_cents <> c.new_price_cents) AS prices_changed"
    " FROM inventory.price_list_changes c WHERE c.import_id = $1");

static const char *const change_csv_columns[] = {
	"line_no", "product_id", "sku", "name", "created", "old_cost_cents", "new_cost_cents", "old_price_cents",
	"new_price_cents", NULL,
};
#define CHANGES_PAGE 100

/* GET /products/imports/:id/changes (?after=<line>; format=csv: every
 * change) → 200 what the applied price list changed, line by line:
 * product created, supplier cost old → new, list price old → new, with
 * the counts; 404 not a price list. Empty until applied. */
enum herr
inventory_price_list_changes(struct request *r)
{
	long long id = req_param_id(r, "id");
	json_object *imp;
	enum herr e = record_get(r, &price_list_import_get, id, &imp);
	if (e != HE_OK)
		return e;
	long long after = 0;
	const char *a = req_query(r, "after");
	if (a != NULL && *a != '\0') {
		char *end;
		after = strtoll(a, &end, 10);
		if (*end != '\0' || after < 0 || after > 100000000) {
			resp_field_error(r, "after", "Not a line number.");
			return HE_INVALID;
		}
	}
	int csv = r->format == FMT_CSV;
	PGresult *res = db_q(r, &price_list_changes, db_int(r, id), db_int(r, csv ? 0 : after),
	    csv ? NULL : db_int(r, CHANGES_PAGE + 1));
	PGresult *cnt = res ? db_q(r, &price_list_change_counts, db_int(r, id)) : NULL;
	if (res == NULL || cnt == NULL)
		return db_fail(r);
	int n = PQntuples(res), more = !csv && n > CHANGES_PAGE;
	json_object *out = req_obj(r);
	json_object_object_add(out, "import", json_object_get(imp));
	json_object *counts = db_row_json(cnt, 0);
	json_object_object_add(out, "counts", counts);
	json_object_object_add(out, "items", db_rows_lazy(r, res, more ? CHANGES_PAGE : n, NULL));
	json_object_object_add(out, "next", more ? json_object_new_string(PQgetvalue(res, CHANGES_PAGE - 1, 0)) : NULL);
	r->csv_columns = change_csv_columns;
	r->csv_filename = arena_printf(r->arena, "price-list-%lld-changes", id);
	const char *title = "Price changes";
	record_crumbs(r, title, "Products", "/products", "Price lists", "/products/imports",
	    record_str(imp, "file_name"), arena_printf(r->arena, "/products/imports/%lld", id), title,
	    NULL, NULL);
	json_object_object_add(req_page(r), "family", json_object_new_string("inventory"));
	return resp_ok(r, "inventory/price_changes.cs", out);
}
