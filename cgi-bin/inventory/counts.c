/* counts.c: stock-takes. GET /locations/:id/count is the count sheet of a
 * location (every product with a level there, what is expected on hand,
 * a field for what was counted), POST applies a count, GET
 * /stock/counts/:id shows what a count changed. The differences are
 * booked by sql/044's inventory.stock_count as adjustments (doc_type
 * 'count') in one transaction with the audit row and the event; a line
 * whose on hand moved since the sheet was read (its expected value is no
 * longer true) is refused, never overwritten (docs/inventory-reports.md). */
#include <stdlib.h>
#include <string.h>
#include "inventory.h"
#include "resp.h"
#include "utf8.h"

#define COUNT_MAX 1000000
#define COUNT_LINES_MAX 5000
#define COUNT_ADD_ROWS 3           /* "found, not on the sheet" rows of the page */

/* ---- the count sheet ---- */

DB_STMT(count_location_get, "SELECT o.id, o.name, o.kind, o.archived_at FROM inventory.locations o WHERE o.id = $1");
static const struct res_parent count_parent = {
	.param = "id", .field = "location_id", .name_field = "location_name", .data_key = "location",
	.label = "Locations", .path = "/locations", .singular = "location",
	.get = &count_location_get, .lock = &count_location_get,
};

/* Every product with a level at the location (held now, or held once: a
 * count confirms the zero), by SKU: products_sku_idx walked in order,
 * each probed in stock_levels_pkey, until the page is full (as a
 * location's stock list; EXPLAIN at scale in docs/inventory-reports.md).
 * $1 location, $2 like (lower), $3 category, $4/$5 cursor, $6 limit+1. */
#define COUNT_SHEET_COLS \
	"p.id, p.sku, p.manufacturer, p.name, p.unit, p.category, p.serialised, p.cost_cents, l.location_id," \
	" l.on_hand AS expected, l.allocated"
#define COUNT_SHEET_WHERE \
	" ($2::text IS NULL OR p.search_text LIKE $2) AND ($3::text IS NULL OR p.category = $3)"
DB_STMT_PLANNED(count_sheet_sku,
    "SELECT " COUNT_SHEET_COLS ", b.bin, lower(p.sku) AS sort_key"
    " FROM inventory.products p JOIN inventory.stock_levels l ON l.product_id = p.id AND l.location_id = $1"
    " LEFT JOIN inventory.product_bins b ON b.product_id = p.id AND b.location_id = $1"
    " WHERE" COUNT_SHEET_WHERE
    "   AND ($4::text IS NULL OR (lower(p.sku), p.id) > ($4, $5::bigint))"
    " ORDER BY lower(p.sku), p.id LIMIT $6");
/* sort=bin, the order a counter walks the shelves: the products with a
 * bin here by bin (then id), product_bins_location_idx walked in order,
 * each probed in stock_levels; then, only when those did not fill the
 * page, the ones without a bin by SKU (the walk above, skipping the
 * binned). The key is '0' || bin or '1' || lower(sku), which orders the
 * two parts bytewise (the cluster is C.UTF-8, tools/hearth), and the
 * cursor's first character says which part it is in. EXPLAIN at scale in
 * docs/inventory.md ("Bins"). Parameters as count_sheet_sku. */
DB_STMT_PLANNED(count_sheet_bin,
    "WITH binned AS MATERIALIZED ("
    " SELECT " COUNT_SHEET_COLS ", b.bin, '0' || b.bin AS sort_key"
    "  FROM inventory.product_bins b"
    "  JOIN inventory.stock_levels l ON l.product_id = b.product_id AND l.location_id = b.location_id"
    "  JOIN inventory.products p ON p.id = b.product_id"
    "  WHERE b.location_id = $1 AND" COUNT_SHEET_WHERE
    "    AND ($4::text IS NULL OR (left($4, 1) = '0' AND (b.bin, b.product_id) > (substr($4, 2), $5::bigint)))"
    "  ORDER BY b.bin, b.product_id LIMIT $6)"
    " SELECT x.* FROM (SELECT * FROM binned UNION ALL"
    " (SELECT " COUNT_SHEET_COLS ", NULL::text, '1' || lower(p.sku)"
    "  FROM inventory.products p JOIN inventory.stock_levels l ON l.product_id = p.id AND l.location_id = $1"
    "  WHERE (SELECT count(*) FROM binned) < $6"
    "    AND NOT EXISTS (SELECT 1 FROM inventory.product_bins b WHERE b.product_id = p.id AND b.location_id = $1)"
    "    AND" COUNT_SHEET_WHERE
    "    AND ($4::text IS NULL OR left($4, 1) = '0' OR (lower(p.sku), p.id) > (substr($4, 2), $5::bigint))"
    "  ORDER BY lower(p.sku), p.id LIMIT $6)"
    ") x ORDER BY x.sort_key, x.id LIMIT $6");
static struct db_stmt *const count_sheet_stmts[] = { &count_sheet_sku, &count_sheet_bin };
static const struct list_sort count_sheet_sorts[] = {
	{ "sku", "SKU", "sort_key" },
	{ "bin", "Bin", "sort_key" },
	{ NULL, NULL, NULL },
};
static const struct res_filter count_sheet_filters[] = {
	FILTER_CHOICE("category", inventory_categories, "Choose a category of the catalog."),
	FILTER_END,
};
static const enum res_lparam count_sheet_params[] = {
	LP_PARENT, LP_LIKE_LOWER, LP_FILTER(0), LP_AFTER_KEY, LP_AFTER_ID, LP_LIMIT1, LP_END,
};
/* The CSV is a printable count sheet: counted left empty to fill in. */
static const char *const count_sheet_csv[] = {
	"id", "sku", "bin", "manufacturer", "name", "unit", "category", "serialised", "expected", "allocated", "counted",
	NULL,
};
static const struct res_field count_sheet_read_fields[] = {
	FIELD_TEXT("sku", V_REQUIRED, 64), FIELD_TEXT("manufacturer", V_REQUIRED, 100), FIELD_TEXT("name", V_REQUIRED, 200),
	FIELD_ENUM("unit", V_REQUIRED, inventory_product_units, NULL),
	FIELD_ENUM("category", V_REQUIRED, inventory_categories, NULL), FIELD_BOOL("serialised"),
	INVENTORY_COUNT("cost_cents"), INVENTORY_COUNT("expected"), INVENTORY_COUNT("allocated"),
	FIELD_TEXT("bin", V_NULLABLE, 20),
	FIELD_END,
};
static const struct resource count_sheet_resource = {
	.name = "count_line", .label = "Count line", .plural = "Stock-take", .path = "/products",
	.family = "inventory", .title_field = "name",
	.tpl_list = "inventory/count_sheet.cs",
	.parent = &count_parent, .read_fields = count_sheet_read_fields,
	.sorts = count_sheet_sorts, .list_stmts = count_sheet_stmts, .list_params = count_sheet_params,
	.filters = count_sheet_filters, .csv_columns = count_sheet_csv, .csv_filename = "count-sheet",
};

/* GET /locations/:id/count (?q, category, sort=sku|bin, limit, after;
 * format=json|csv) → 200 the count sheet: each product with a level
 * there, its bin there (or null), expected (on hand now) and allocated; 404 no such location; 422 bad filter. */
RES_HANDLER(inventory_count_sheet, res_list, count_sheet_resource)

/* ---- applying a count ---- */

/* A count or expected value: a whole number in [0, COUNT_MAX], from a
 * form (text) or JSON (an integer or its text). -1 with *msg when bad. */
static long long
count_value(json_object *v, const char **msg)
{
	if (v == NULL || json_object_is_type(v, json_type_null)) {
		*msg = "Enter what was counted.";
		return -1;
	}
	if (json_object_is_type(v, json_type_double)) {
		*msg = "Must be a whole number.";
		return -1;
	}
	long long n;
	if (json_object_is_type(v, json_type_int)) {
		n = json_object_get_int64(v);
	} else {
		const char *s = json_object_get_string(v);
		size_t len = strlen(s);
		if (len > 0 && s[0] == '-' && strspn(s + 1, "0123456789") == len - 1 && len > 1) {
			*msg = "Must be 0 or more.";
			return -1;
		}
		if (len == 0 || len > 9 || strspn(s, "0123456789") != len) {
			*msg = "Must be a whole number.";
			return -1;
		}
		n = atoll(s);
	}
	if (n < 0) {
		*msg = "Must be 0 or more.";
		return -1;
	}
	if (n > COUNT_MAX) {
		*msg = "Must be at most 1000000.";
		return -1;
	}
	return n;
}

DB_STMT(count_product_by_sku, "SELECT p.id FROM inventory.products p WHERE lower(p.sku) = lower($1)");

/* A line to apply: the product, the error key its messages go under
 * (HTML: its field; JSON: lines.<i>). */
struct count_line { const char *pid, *key; };
struct count_input {
	json_object *lines;          /* [{product_id, expected, counted}] for stock_count() */
	struct count_line *at;       /* by product id, to put a result back on its field */
	int n, cap;
};

static void
count_add(struct request *r, struct count_input *in, const char *pid, long long expected, long long counted,
          const char *key)
{
	if (in->n == in->cap) {
		int cap = in->cap ? in->cap * 2 : 64;
		struct count_line *a = arena_alloc(r->arena, sizeof(*a) * (size_t)cap);
		if (in->n)
			memcpy(a, in->at, sizeof(*a) * (size_t)in->n);
		in->at = a;
		in->cap = cap;
	}
	in->at[in->n++] = (struct count_line){ pid, key };
	json_object *o = json_object_new_object();
	json_object_object_add(o, "product_id", json_object_new_int64(atoll(pid)));
	json_object_object_add(o, "expected", json_object_new_int64(expected));
	json_object_object_add(o, "counted", json_object_new_int64(counted));
	json_object_array_add(in->lines, o);
}

/* The product named by a SKU, or NULL with the message under key. */
static const char *
count_sku(struct request *r, const char *sku, const char *key)
{
	PGresult *res = db_q(r, &count_product_by_sku, sku);
	if (res != NULL && PQntuples(res) == 1)
		return PQgetvalue(res, 0, 0);
	resp_field_error(r, key, "No product has this SKU.");
	return NULL;
}

/* A browser's sheet: c_<product id> (counted; empty: not counted) with
 * e_<product id> (the expected it showed), and add_sku_<n>/add_qty_<n>
 * for what was found that the sheet did not list (expected 0). */
static void
count_read_form(struct request *r, json_object *body, struct count_input *in)
{
	json_object_object_foreach(body, k, v) {
		if (strncmp(k, "c_", 2) != 0 || !inventory_id_ok(k + 2))
			continue;
		const char *s = json_object_get_string(v);
		if (s == NULL || *s == '\0')
			continue;                              /* not counted */
		const char *msg;
		long long counted = count_value(v, &msg);
		json_object *ev = NULL;
		json_object_object_get_ex(body, arena_printf(r->arena, "e_%s", k + 2), &ev);
		const char *emsg;
		long long expected = count_value(ev, &emsg);
		if (counted < 0)
			resp_field_error(r, k, msg);
		else if (expected < 0)
			resp_field_error(r, k, "The sheet lost this line's expected value: reload it.");
		else
			count_add(r, in, k + 2, expected, counted, k);
	}
	for (int i = 1; i <= COUNT_ADD_ROWS; i++) {
		json_object *sv = NULL, *qv = NULL;
		const char *sk = arena_printf(r->arena, "add_sku_%d", i), *qk = arena_printf(r->arena, "add_qty_%d", i);
		json_object_object_get_ex(body, sk, &sv);
		json_object_object_get_ex(body, qk, &qv);
		const char *sku = sv ? valid_trim(r->arena, json_object_get_string(sv)) : "";
		const char *qs = qv ? json_object_get_string(qv) : "";
		if (*sku == '\0' && (qs == NULL || *qs == '\0'))
			continue;
		if (*sku == '\0') {
			resp_field_error(r, sk, "Scan or type the SKU of what you found.");
			continue;
		}
		const char *msg;
		long long counted = count_value(qv, &msg);
		if (counted < 0) {
			resp_field_error(r, qk, msg);
			continue;
		}
		const char *pid = count_sku(r, sku, sk);
		if (pid != NULL)
			count_add(r, in, pid, 0, counted, sk);
	}
}

/* A script's count: {"lines": [{product_id or sku, expected, counted}]}. */
static void
count_read_json(struct request *r, json_object *body, struct count_input *in)
{
	json_object *lines = NULL;
	json_object_object_foreach(body, k, v) {
		(void)v;
		if (strcmp(k, "lines") != 0 && strcmp(k, "reason") != 0)
			resp_field_error(r, k, "Unknown field.");
	}
	if (!json_object_object_get_ex(body, "lines", &lines) || !json_object_is_type(lines, json_type_array)) {
		resp_field_error(r, "lines", "Send lines: [{product_id or sku, expected, counted}].");
		return;
	}
	size_t n = json_object_array_length(lines);
	if (n > COUNT_LINES_MAX) {
		resp_field_error(r, "lines", "At most 5000 lines a count: send the rest as another count.");
		return;
	}
	for (size_t i = 0; i < n; i++) {
		json_object *l = json_object_array_get_idx(lines, i), *pv = NULL, *sv = NULL, *ev = NULL, *cv = NULL;
		const char *key = arena_printf(r->arena, "lines.%zu", i);
		if (!json_object_is_type(l, json_type_object)) {
			resp_field_error(r, key, "Each line is {product_id or sku, expected, counted}.");
			continue;
		}
		json_object_object_get_ex(l, "product_id", &pv);
		json_object_object_get_ex(l, "sku", &sv);
		json_object_object_get_ex(l, "expected", &ev);
		json_object_object_get_ex(l, "counted", &cv);
		const char *msg, *emsg;
		long long counted = count_value(cv, &msg), expected = count_value(ev, &emsg);
		if (counted < 0) {
			resp_field_error(r, arena_printf(r->arena, "%s.counted", key), msg);
			continue;
		}
		if (expected < 0) {
			resp_field_error(r, arena_printf(r->arena, "%s.expected", key),
			    ev == NULL ? "Send the on hand the count sheet showed (expected)." : emsg);
			continue;
		}
		const char *pid = NULL;
		if (pv != NULL && !json_object_is_type(pv, json_type_null)) {
			const char *s = json_object_get_string(pv);
			if (!inventory_id_ok(s)) {
				resp_field_error(r, arena_printf(r->arena, "%s.product_id", key), "Not a valid id.");
				continue;
			}
			pid = s;
		} else if (sv != NULL && json_object_is_type(sv, json_type_string)) {
			pid = count_sku(r, json_object_get_string(sv), arena_printf(r->arena, "%s.sku", key));
		} else {
			resp_field_error(r, key, "Name the product: product_id or sku.");
		}
		if (pid != NULL)
			count_add(r, in, pid, expected, counted, key);
	}
}

DB_STMT(count_apply,
    "SELECT count_id, product_id, sku, name, unit, cost_cents, expected, on_hand, counted, diff, value_cents,"
    " status, move_id FROM inventory.stock_count($1, $2::jsonb, $3)");
#define COUNT_COLS \
	"c.id, c.location_id, o.name AS location_name, c.user_id, u.name AS user_name, c.at, c.reason, c.lines," \
	" c.adjusted, c.units_delta, c.value_delta_cents, c.changes"
#define COUNT_FROM \
	" FROM inventory.stock_counts c JOIN inventory.locations o ON o.id = c.location_id" \
	" LEFT JOIN auth.user_names u ON u.id = c.user_id"
DB_STMT(count_get, "SELECT " COUNT_COLS COUNT_FROM " WHERE c.id = $1");

/* The record the path's :id names (st: $1 id); HE_NOT_FOUND if none. */
static enum herr
count_by_path(struct request *r, struct db_stmt *st, long long *id, json_object **out)
{
	*id = req_param_id(r, "id");
	return *id <= 0 ? HE_NOT_FOUND : record_get(r, st, *id, out);
}

/* A refused line's message, by its status (sql/044's stock_count). */
static const char *
count_line_message(struct request *r, PGresult *res, int i)
{
	const char *status = PQgetvalue(res, i, 11);
	if (strcmp(status, "stale") == 0)
		return arena_printf(r->arena, "Moved since the sheet was read: %s expected now, not %s. Check the count and"
		    " submit again.", PQgetvalue(res, i, 7), PQgetvalue(res, i, 6));
	if (strcmp(status, "reserved") == 0)
		return "More than this is reserved here: release the reservations first.";
	if (strcmp(status, "serialised") == 0)
		return arena_printf(r->arena, "Serialised: %s expected, so the difference is booked unit by unit with the"
		    " serials missing or found, not by a count.", PQgetvalue(res, i, 7));
	return "No such product.";
}

/* The count sheet again with the refusals by their lines (HTML), the
 * values typed kept; the sheet's page comes from the POST's query. */
static enum herr
count_again(struct request *r, enum herr why)
{
	json_object *errs = r->errors;
	r->errors = NULL;
	enum herr e = res_list(r, &count_sheet_resource);
	if (e != HE_OK && e != HE_INVALID)
		return e;
	if (r->errors == NULL)
		r->errors = errs;
	req_set_form_values(r, req_input(r));
	return why;
}

/* POST /locations/:id/count {reason, lines: [{product_id or sku,
 * expected, counted}]} (a form: c_<id>/e_<id> per sheet line, add_sku_<n>/
 * add_qty_<n>) → 201 the count with what changed (HTML: 303 to it); 404 no
 * such location; 409 a line moved since the sheet was read (nothing is
 * applied; JSON: current holds every line with its on hand now); 422 a
 * count that is not a whole number >= 0, an unknown product or SKU, a
 * count under what is reserved, a serialised product counted otherwise
 * than expected (its difference goes by serial), nothing counted, an
 * archived location.
 * Audit stock_count.create, event inventory.stock_counted (and
 * inventory.stock_low for a product the count made low). */
enum herr
inventory_count_create(struct request *r)
{
	long long loc;
	json_object *location;
	enum herr e = count_by_path(r, &count_location_get, &loc, &location);
	if (e != HE_OK)
		return e;
	struct count_input in = { .lines = req_arr(r) };
	json_object *body = req_input(r), *rv = NULL;
	const char *reason = "";
	if (json_object_object_get_ex(body, "reason", &rv) && rv != NULL) {
		reason = valid_trim(r->arena, json_object_get_string(rv));
		if (utf8_chars(reason) > 500)
			resp_field_error(r, "reason", "At most 500 characters.");
	}
	if (r->json != NULL)
		count_read_json(r, body, &in);
	else
		count_read_form(r, body, &in);
	if (in.n == 0 && r->errors == NULL)
		resp_field_error(r, "lines", "Count at least one product: fill in what you counted.");
	if (r->errors != NULL)
		return r->format == FMT_HTML ? count_again(r, HE_INVALID) : HE_INVALID;
	if ((e = db_begin(r)) != HE_OK)
		return e;
	PGresult *res = db_q(r, &count_apply, db_int(r, loc),
	    json_object_to_json_string_ext(in.lines, JSON_C_TO_STRING_PLAIN), reason);
	if (res == NULL) {
		if (strcmp(db_sqlstate(), "23514") != 0)
			return db_fail(r);
		resp_field_error(r, strcmp(db_constraint(), "location_id") == 0 ? "location_id" : "lines", db_message());
		db_rollback(r);
		return r->format == FMT_HTML ? count_again(r, HE_INVALID) : HE_INVALID;
	}
	int stale = 0, refused = 0, nrows = PQntuples(res);
	for (int i = 0; i < nrows; i++) {
		const char *status = PQgetvalue(res, i, 11);
		if (strcmp(status, "adjusted") == 0 || strcmp(status, "unchanged") == 0)
			continue;
		stale |= strcmp(status, "stale") == 0;
		refused = 1;
		const char *pid = PQgetvalue(res, i, 1);
		for (int k = 0; k < in.n; k++)
			if (strcmp(in.at[k].pid, pid) == 0)
				resp_field_error(r, in.at[k].key, strncmp(in.at[k].key, "add_", 4) == 0 && status[0] == 's'
				    ? arena_printf(r->arena, "Already held here (%s expected): count it on its line of the sheet.",
				    PQgetvalue(res, i, 7)) : count_line_message(r, res, i));
	}
	if (refused) {
		json_object *lines = db_rows_json(res);
		db_rollback(r);
		r->problem_detail = stale ? "Some lines moved since the count sheet was read: nothing was applied."
		    : "Some lines cannot be applied: nothing was applied.";
		if (r->format == FMT_HTML)
			return count_again(r, stale ? HE_CONFLICT : HE_INVALID);
		json_object *cur = req_obj(r);
		json_object_object_add(cur, "lines", json_object_get(req_json(r, lines)));
		req_set_data(r, cur);
		return stale ? HE_CONFLICT : HE_INVALID;
	}
	long long id = atoll(PQgetvalue(res, 0, 0));
	json_object *count;
	if ((e = record_get(r, &count_get, id, &count)) != HE_OK)
		return e;
	if ((e = record_commit(r, "stock_count.create", "stock_count", id, NULL, count, "inventory.stock_counted"))
	    != HE_OK)
		return e;
	const char *href = arena_printf(r->arena, "/stock/counts/%lld", id);
	json_object_object_add(count, "url", json_object_new_string(href));
	long long adjusted = record_int(count, "adjusted");
	return record_done(r, 1, href, adjusted == 0 ? "Counted: everything was where it should be."
	    : arena_printf(r->arena, "Count applied: %lld line%s adjusted.", adjusted, adjusted == 1 ? "" : "s"), count);
}

/* GET /stock/counts/:id → 200 the count: who, when, where, why, how many
 * lines were counted and adjusted, and each change (expected, counted,
 * difference, value at cost, its ledger row); 404. */
enum herr
inventory_count_show(struct request *r)
{
	long long id;
	json_object *c;
	enum herr e = count_by_path(r, &count_get, &id, &c);
	if (e != HE_OK)
		return e;
	json_object_object_add(c, "url", json_object_new_string(arena_printf(r->arena, "/stock/counts/%lld", id)));
	const char *title = arena_printf(r->arena, "Count %lld", id);
	const char *loc = arena_printf(r->arena, "/locations/%lld", record_int(c, "location_id"));
	record_crumbs(r, title, "Locations", "/locations", record_str(c, "location_name"), loc, title, NULL, NULL);
	json_object_object_add(req_page(r), "family", json_object_new_string("inventory"));
	return resp_ok(r, "inventory/count_show.cs", c);
}
