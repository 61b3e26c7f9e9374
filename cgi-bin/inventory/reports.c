/* reports.c: the inventory analytics (GET /stock/reports/...): stock
 * value at cost by location and category, turnover and days of stock
 * over a period, dead stock, low stock. Each is a page, JSON and CSV at
 * one URL. None sums the ledger or the levels per request: they read
 * sql/044's summaries (report_cells per location, category and month;
 * product_months per product and month; stock_totals.last_move_at with
 * its partial index), each statement checked with EXPLAIN ANALYZE at
 * 50k products x 20 locations x 1M moves (docs/inventory-reports.md). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "inventory.h"
#include "resp.h"

#define DEAD_DAYS_DEFAULT "180"

static void
report_page(struct request *r, const char *title)
{
	if (r->format != FMT_HTML)
		return;
	record_crumbs(r, title, "Reports", "/stock/reports", title, NULL, NULL);
	json_object_object_add(req_page(r), "family", json_object_new_string("inventory"));
}

/* GET /stock/reports → 200 the reports there are, each with its url. */
enum herr
inventory_report_index(struct request *r)
{
	static const char *const reports[][3] = {
		{ "value", "Stock value", "What the stock is worth at cost, by location and by category." },
		{ "turnover", "Turnover", "How fast stock is used (consumed and written off) against what is held, and how many days it lasts." },
		{ "dead", "Dead stock", "What is held but has not moved in a number of days." },
		{ "low", "Low stock", "Products whose available stock is at or under their reorder point, and where it is." },
	};
	json_object *items = req_arr(r);
	for (size_t i = 0; i < sizeof(reports) / sizeof(reports[0]); i++) {
		json_object *o = json_object_new_object();
		json_object_object_add(o, "name", json_object_new_string(reports[i][0]));
		json_object_object_add(o, "title", json_object_new_string(reports[i][1]));
		json_object_object_add(o, "description", json_object_new_string(reports[i][2]));
		json_object_object_add(o, "url", json_object_new_string(arena_printf(r->arena, "/stock/reports/%s",
		    reports[i][0])));
		json_object_array_add(items, o);
	}
	json_object *out = req_obj(r);
	json_object_object_add(out, "items", json_object_get(items));
	if (r->format == FMT_HTML) {
		record_crumbs(r, "Reports", "Reports", NULL, NULL);
		json_object_object_add(req_page(r), "family", json_object_new_string("inventory"));
	}
	return resp_ok(r, "inventory/reports.cs", out);
}

/* A query filter that must be one of choices (NULL when absent). */
static const char *
report_choice(struct request *r, const char *name, const char *const *choices, const char *message)
{
	const char *v = req_query(r, name);
	if (v == NULL || *v == '\0')
		return NULL;
	if (!inventory_choice_ok(choices, v)) {
		resp_field_error(r, name, message);
		return NULL;
	}
	return v;
}

static const char *
report_id(struct request *r, const char *name)
{
	const char *v = req_query(r, name);
	if (v == NULL || *v == '\0')
		return NULL;
	if (!inventory_id_ok(v)) {
		resp_field_error(r, name, "Not a valid id.");
		return NULL;
	}
	return v;
}

/* The deltas the moves appended, added to their cells (one folder at a
 * time; the others read cells and deltas, which is as exact). */
DB_STMT(report_fold, "SELECT inventory.report_fold()");

DB_STMT(report_location_choices,
    "SELECT coalesce(json_agg(json_build_object('id', o.id, 'name', o.name, 'kind', o.kind)"
    " ORDER BY o.kind <> 'warehouse', lower(o.name), o.id), '[]') FROM inventory.locations o");

/* ---- stock value ---- */

/* The cells (a few thousand rows: locations x categories x months) summed
 * per location and category, then per location, per category and in all,
 * as one JSON object. $1 location kind, $2 category, $3 location. */
DB_STMT_PLANNED(report_value,
    "WITH cells AS ("
    "  SELECT c.location_id, o.name AS location_name, o.kind, c.category, sum(c.d_units)::bigint AS units,"
    "         sum(c.d_value)::bigint AS value_cents"
    "    FROM inventory.report_cells_now c JOIN inventory.locations o ON o.id = c.location_id"
    "   WHERE ($1::text IS NULL OR o.kind = $1) AND ($2::text IS NULL OR c.category = $2)"
    "     AND ($3::bigint IS NULL OR c.location_id = $3)"
    "   GROUP BY 1, 2, 3, 4 HAVING sum(c.d_units) <> 0 OR sum(c.d_value) <> 0"
    "), total AS (SELECT coalesce(sum(units), 0)::bigint AS units, coalesce(sum(value_cents), 0)::bigint AS value_cents"
    "   FROM cells)"
    " SELECT json_build_object("
    "  'items', coalesce((SELECT json_agg(json_build_object('location_id', location_id, 'location_name', location_name,"
    "     'kind', kind, 'category', category, 'units', units, 'value_cents', value_cents)"
    "     ORDER BY lower(location_name), location_id, category) FROM cells), '[]'),"
    "  'by_location', coalesce((SELECT json_agg(json_build_object('location_id', l.location_id,"
    "     'location_name', l.location_name, 'kind', l.kind, 'url', '/locations/' || l.location_id, 'units', l.units,"
    "     'value_cents', l.value_cents,"
    "     'share', CASE WHEN t.value_cents > 0 THEN round(100.0 * l.value_cents / t.value_cents)::int ELSE 0 END)"
    "     ORDER BY l.value_cents DESC, l.location_id)"
    "     FROM (SELECT location_id, location_name, kind, sum(units)::bigint AS units,"
    "             sum(value_cents)::bigint AS value_cents FROM cells GROUP BY 1, 2, 3) l, total t), '[]'),"
    "  'by_category', coalesce((SELECT json_agg(json_build_object('category', k.category, 'units', k.units,"
    "     'value_cents', k.value_cents,"
    "     'share', CASE WHEN t.value_cents > 0 THEN round(100.0 * k.value_cents / t.value_cents)::int ELSE 0 END)"
    "     ORDER BY k.value_cents DESC, k.category)"
    "     FROM (SELECT category, sum(units)::bigint AS units, sum(value_cents)::bigint AS value_cents FROM cells"
    "            GROUP BY 1) k, total t), '[]'),"
    "  'total', (SELECT json_build_object('units', units, 'value_cents', value_cents) FROM total))");
static const char *const value_csv_columns[] = {
	"location_id", "location_name", "kind", "category", "units", "value_cents", NULL,
};

/* GET /stock/reports/value (?kind, category, location_id; format=json|csv)
 * → 200 {items: per location and category, by_location, by_category,
 * total} (units and value_cents at today's cost; CSV: the items); 422 a
 * bad filter. */
enum herr
inventory_report_value(struct request *r)
{
	const char *kind = report_choice(r, "kind", inventory_location_kinds, "Choose warehouse, van or site.");
	const char *cat = report_choice(r, "category", inventory_categories, "Choose a category of the catalog.");
	const char *loc = report_id(r, "location_id");
	report_page(r, "Stock value");
	json_object *out = NULL;
	if (r->errors == NULL) {
		if (db_q0(r, &report_fold) == NULL)
			return db_fail(r);
		PGresult *res = db_q(r, &report_value, kind, cat, loc);
		if (res == NULL)
			return db_fail(r);
		out = req_json(r, json_tokener_parse(PQgetvalue(res, 0, 0)));
	} else {
		out = req_obj(r);
	}
	if (r->format == FMT_HTML) {
		if (kind) json_object_object_add(out, "kind", json_object_new_string(kind));
		if (cat) json_object_object_add(out, "category", json_object_new_string(cat));
		if (loc) json_object_object_add(out, "location_id", json_object_new_string(loc));
		enum herr ce = inventory_choices(r, &report_location_choices, "locations", out);
		(void)ce;
	}
	r->csv_columns = value_csv_columns;
	r->csv_filename = "stock-value";
	if (r->errors != NULL) {
		r->template = "inventory/report_value.cs";
		req_set_data(r, out);
		return HE_INVALID;
	}
	return resp_ok(r, "inventory/report_value.cs", out);
}

/* ---- turnover and days of stock ---- */

/* The period: whole months from..to (YYYY-MM), by default the last 12
 * months to this one; to may not be in the future, from not after to,
 * and at most 36 months. $1 from, $2 to as dates, or NULL for defaults. */
DB_STMT(report_period,
    "WITH p AS (SELECT coalesce($1::date, inventory.month_of(now()) - interval '11 months')::date AS f,"
    "                  coalesce($2::date, inventory.month_of(now()))::date AS t)"
    " SELECT to_char(f, 'YYYY-MM'), to_char(t, 'YYYY-MM'), f, t,"
    "   (12 * (extract(year FROM t) - extract(year FROM f)) + extract(month FROM t) - extract(month FROM f) + 1)::int,"
    "   greatest(1, ceil(extract(epoch FROM least(now(), t + interval '1 month') - f) / 86400))::int,"
    "   t > inventory.month_of(now())"
    " FROM p");

/* Per category, at cost (units of different products do not add up):
 * (figures as float8: a numeric reaches JSON as text in a list's rows)
 * outflow (consumed + written off) in the period, and the average stock
 * value: the mean of the opening value and each month's closing value,
 * closing(m) = the sum of the cells' changes up to m, so in one pass:
 * opening + sum over period months k of change(k) x (months from k to
 * the end + 1) / (months + 1). Turnover = outflow / average; days of
 * stock = average / outflow x the period's days. $1 from, $2 to, $3
 * months, $4 days, $5 category, $6 location, $7 kind. */
#define TURNOVER_FIGURES(out, avg) \
	" round(" out "::numeric / nullif(" avg ", 0)::numeric, 2)::float8 AS turnover," \
	" CASE WHEN " out " > 0 THEN round(" avg "::numeric * $4::int / " out ")::bigint END AS days_of_stock"
#define MONTHS_TO_END(m) \
	"(12 * (extract(year FROM $2::date) - extract(year FROM " m ")) + extract(month FROM $2::date)" \
	" - extract(month FROM " m ") + 1)"
DB_STMT_PLANNED(report_turnover_categories,
    "WITH k AS ("
    "  SELECT c.category,"
    "    coalesce(sum(c.out_value) FILTER (WHERE c.month >= $1::date), 0)::bigint AS out_value_cents,"
    "    coalesce(sum(c.out_units) FILTER (WHERE c.month >= $1::date), 0)::bigint AS out_units,"
    "    round(coalesce(sum(c.d_value) FILTER (WHERE c.month < $1::date), 0)"
    "      + coalesce(sum(c.d_value * " MONTHS_TO_END("c.month") ") FILTER (WHERE c.month >= $1::date), 0)"
    "        / ($3::int + 1))::bigint AS avg_value_cents"
    "    FROM inventory.report_cells_now c JOIN inventory.locations o ON o.id = c.location_id"
    "   WHERE c.month <= $2::date AND ($5::text IS NULL OR c.category = $5)"
    "     AND ($6::bigint IS NULL OR c.location_id = $6) AND ($7::text IS NULL OR o.kind = $7)"
    "   GROUP BY ROLLUP (1))"
    " SELECT json_build_object("
    "  'categories', coalesce((SELECT json_agg(json_build_object('category', category, 'out_units', out_units,"
    "     'out_value_cents', out_value_cents, 'avg_value_cents', avg_value_cents, 'turnover', turnover,"
    "     'days_of_stock', days_of_stock) ORDER BY category)"
    "     FROM (SELECT *," TURNOVER_FIGURES("out_value_cents", "avg_value_cents") " FROM k WHERE category IS NOT NULL) x),"
    "     '[]'),"
    "  'total', coalesce((SELECT json_build_object('out_units', out_units, 'out_value_cents', out_value_cents,"
    "     'avg_value_cents', avg_value_cents, 'turnover', turnover, 'days_of_stock', days_of_stock)"
    "     FROM (SELECT *," TURNOVER_FIGURES("out_value_cents", "avg_value_cents") " FROM k WHERE category IS NULL) x),"
    "     json_build_object('out_units', 0, 'out_value_cents', 0, 'avg_value_cents', 0, 'turnover', NULL,"
    "       'days_of_stock', NULL)))");

/* Per product, in units, the same arithmetic over its product_months
 * (at most a row a month, read by its primary key): a page of products
 * by name (products_name_idx, or products_category_idx with a
 * category), each with its months. $1-$4 as above, $5 category, $6 like
 * (lower), $7/$8 cursor, $9 limit+1. */
DB_STMT_PLANNED(report_turnover_products,
    "SELECT p.id, p.sku, p.name, p.unit, p.category, t.on_hand, x.out_units, x.avg_units,"
    TURNOVER_FIGURES("x.out_units", "x.avg_units") ", lower(p.name) AS sort_key"
    " FROM inventory.products p JOIN inventory.stock_totals t ON t.product_id = p.id"
    " CROSS JOIN LATERAL (SELECT coalesce(sum(m.out_units) FILTER (WHERE m.month >= $1::date), 0)::bigint AS out_units,"
    "   round(coalesce(sum(m.net_units) FILTER (WHERE m.month < $1::date), 0)"
    "     + coalesce(sum(m.net_units * " MONTHS_TO_END("m.month") ") FILTER (WHERE m.month >= $1::date), 0)"
    "       / ($3::int + 1), 1)::float8 AS avg_units"
    "   FROM inventory.product_months m WHERE m.product_id = p.id AND m.month <= $2::date) x"
    " WHERE p.archived_at IS NULL AND ($5::text IS NULL OR p.category = $5)"
    "   AND ($6::text IS NULL OR p.search_text LIKE $6)"
    "   AND ($7::text IS NULL OR (lower(p.name), p.id) > ($7, $8::bigint))"
    " ORDER BY lower(p.name), p.id LIMIT $9");
static const struct list_sort turnover_sorts[] = {
	{ "name", "Name", "sort_key" },
	{ NULL, NULL, NULL },
};
static const char *const turnover_csv_columns[] = {
	"id", "sku", "name", "unit", "category", "on_hand", "out_units", "avg_units", "turnover", "days_of_stock", NULL,
};

/* YYYY-MM as the first day of that month, or NULL (absent; a bad one is
 * a field error). */
static const char *
report_month(struct request *r, const char *name)
{
	const char *v = req_query(r, name);
	if (v == NULL || *v == '\0')
		return NULL;
	int y, m;
	char tail;
	if (strlen(v) != 7 || sscanf(v, "%4d-%2d%c", &y, &m, &tail) != 2 || y < 2000 || y > 2999 || m < 1 || m > 12) {
		resp_field_error(r, name, "A month as YYYY-MM.");
		return NULL;
	}
	return arena_printf(r->arena, "%04d-%02d-01", y, m);
}

/* GET /stock/reports/turnover (?from, to: YYYY-MM; category, location_id,
 * kind: the categories' figures; q, limit, after: the products; format=
 * json|csv) → 200 {period, categories, total, items, next}: outflow
 * (consumption + write-offs), average stock, turnover and days of stock
 * per category at cost and per product in units (CSV: the products);
 * 422 a bad month or filter, a period in the future, reversed or longer
 * than 36 months. */
enum herr
inventory_report_turnover(struct request *r)
{
	const char *from = report_month(r, "from"), *to = report_month(r, "to");
	const char *cat = report_choice(r, "category", inventory_categories, "Choose a category of the catalog.");
	const char *kind = report_choice(r, "kind", inventory_location_kinds, "Choose warehouse, van or site.");
	const char *loc = report_id(r, "location_id");
	struct list_query lq;
	enum herr e = list_parse(r, turnover_sorts, &lq);
	report_page(r, "Turnover");
	json_object *out = req_obj(r);
	PGresult *per = NULL;
	if (r->errors == NULL) {
		per = db_q(r, &report_period, from, to);
		if (per == NULL)
			return db_fail(r);
		if (PQgetvalue(per, 0, 6)[0] == 't')
			resp_field_error(r, "to", "The period cannot end in the future.");
		else if (atoi(PQgetvalue(per, 0, 4)) < 1)
			resp_field_error(r, "from", "The period starts after it ends.");
		else if (atoi(PQgetvalue(per, 0, 4)) > 36)
			resp_field_error(r, "from", "At most 36 months.");
	}
	if (per != NULL) {
		json_object *p = json_object_new_object();
		json_object_object_add(p, "from", json_object_new_string(PQgetvalue(per, 0, 0)));
		json_object_object_add(p, "to", json_object_new_string(PQgetvalue(per, 0, 1)));
		json_object_object_add(p, "months", json_object_new_int(atoi(PQgetvalue(per, 0, 4))));
		json_object_object_add(p, "days", json_object_new_int(atoi(PQgetvalue(per, 0, 5))));
		json_object_object_add(out, "period", p);
	}
	if (r->format == FMT_HTML) {
		const char *keys[][2] = { { "from", req_query(r, "from") }, { "to", req_query(r, "to") }, { "category", cat },
		    { "kind", kind }, { "location_id", loc } };
		for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
			if (keys[i][1] != NULL && *keys[i][1])
				json_object_object_add(out, keys[i][0], json_object_new_string(keys[i][1]));
		enum herr ce = inventory_choices(r, &report_location_choices, "locations", out);
		(void)ce;
	}
	r->csv_columns = turnover_csv_columns;
	r->csv_filename = "turnover";
	if (e != HE_OK || r->errors != NULL) {
		r->template = "inventory/report_turnover.cs";
		req_set_data(r, out);
		return HE_INVALID;
	}
	const char *f = PQgetvalue(per, 0, 2), *t = PQgetvalue(per, 0, 3), *months = PQgetvalue(per, 0, 4),
	    *days = PQgetvalue(per, 0, 5);
	if (db_q0(r, &report_fold) == NULL)
		return db_fail(r);
	PGresult *k = db_q(r, &report_turnover_categories, f, t, months, days, cat, loc, kind);
	if (k == NULL)
		return db_fail(r);
	json_object *figures = req_json(r, json_tokener_parse(PQgetvalue(k, 0, 0)));
	json_object_object_foreach(figures, key, val)
		json_object_object_add(out, key, json_object_get(val));
	const char *like = lq.like ? arena_strdup(r->arena, lq.like) : NULL;
	for (char *c = (char *)like; c && *c; c++)
		if (*c >= 'A' && *c <= 'Z')
			*c = (char)(*c - 'A' + 'a');
	PGresult *rows = db_q(r, &report_turnover_products, f, t, months, days, cat, like, lq.after_key, lq.after_id,
	    lq.limit_plus_one);
	if (rows == NULL)
		return db_fail(r);
	json_object *list = req_json(r, list_answer_as_is(r, &lq, rows));
	json_object_object_foreach(list, lk, lv)
		json_object_object_add(out, lk, json_object_get(lv));
	json_object *items = NULL;
	if (json_object_object_get_ex(out, "items", &items))
		db_rows_link(items, "/products");
	return resp_ok(r, "inventory/report_turnover.cs", out);
}

/* ---- dead stock ---- */

/* What is held and has not moved since the cutoff, the longest idle
 * first: stock_totals_idle_idx (last_move_at, product_id WHERE on_hand >
 * 0) walked from its start to the cutoff, each product by its key.
 * $1 days, $2 category, $3/$4 cursor (last_move_at as text, id), $5 limit+1. */
DB_STMT_PLANNED(report_dead,
    "SELECT p.id, p.sku, p.manufacturer, p.name, p.unit, p.category, t.on_hand, t.allocated, p.cost_cents,"
    " (t.on_hand * p.cost_cents)::bigint AS value_cents, t.last_move_at,"
    " (current_date - (t.last_move_at AT TIME ZONE 'UTC')::date) AS idle_days, t.last_move_at::text AS sort_key"
    " FROM inventory.stock_totals t JOIN inventory.products p ON p.id = t.product_id"
    " WHERE t.on_hand > 0 AND t.last_move_at < now() - $1::int * interval '1 day'"
    "   AND ($2::text IS NULL OR p.category = $2)"
    "   AND ($3::text IS NULL OR (t.last_move_at, t.product_id) > ($3::timestamptz, $4::bigint))"
    " ORDER BY t.last_move_at, t.product_id LIMIT $5");
/* The first page's sums over the whole dead set: the same index range
 * (what is dead, not the whole table). $1 days, $2 category. */
DB_STMT_PLANNED(report_dead_sum,
    "SELECT count(*) AS products, coalesce(sum(t.on_hand), 0)::bigint AS units,"
    " coalesce(sum(t.on_hand * p.cost_cents), 0)::bigint AS value_cents"
    " FROM inventory.stock_totals t JOIN inventory.products p ON p.id = t.product_id"
    " WHERE t.on_hand > 0 AND t.last_move_at < now() - $1::int * interval '1 day'"
    "   AND ($2::text IS NULL OR p.category = $2)");
static struct db_stmt *const dead_stmts[] = { &report_dead };
static const struct list_sort dead_sorts[] = {
	{ "idle", "Longest idle", "sort_key" },
	{ NULL, NULL, NULL },
};
static const struct res_filter dead_filters[] = {
	FILTER_TEXT("days", 4),
	FILTER_CHOICE("category", inventory_categories, "Choose a category of the catalog."),
	FILTER_END,
};
static const enum res_lparam dead_params[] = {
	LP_FILTER(0), LP_FILTER(1), LP_AFTER_KEY, LP_AFTER_ID, LP_LIMIT1, LP_END,
};
static const char *const dead_csv_columns[] = {
	"id", "sku", "manufacturer", "name", "unit", "category", "on_hand", "allocated", "cost_cents", "value_cents",
	"last_move_at", "idle_days", NULL,
};
static const struct res_field dead_read_fields[] = {
	FIELD_TEXT("sku", V_REQUIRED, 64), FIELD_TEXT("manufacturer", V_REQUIRED, 100), FIELD_TEXT("name", V_REQUIRED, 200),
	FIELD_ENUM("unit", V_REQUIRED, inventory_product_units, NULL),
	FIELD_ENUM("category", V_REQUIRED, inventory_categories, NULL),
	INVENTORY_COUNT("on_hand"), INVENTORY_COUNT("allocated"), INVENTORY_COUNT("cost_cents"),
	INVENTORY_COUNT("value_cents"), FIELD_DATETIME("last_move_at", V_REQUIRED), INVENTORY_COUNT("idle_days"),
	FIELD_END,
};
static const struct resource dead_resource = {
	.name = "dead_stock", .label = "Dead stock", .plural = "Dead stock", .path = "/products",
	.family = "inventory", .title_field = "name", .tpl_list = "inventory/report_dead.cs",
	.read_fields = dead_read_fields, .sorts = dead_sorts, .list_stmts = dead_stmts, .list_params = dead_params,
	.filters = dead_filters, .csv_columns = dead_csv_columns, .csv_filename = "dead-stock",
};

/* GET /stock/reports/dead (?days: idle at least this many days, 1-3650,
 * default 180; category; limit, after; format=json|csv) → 200 the
 * products held that have not moved since (a reservation is not a
 * move), longest idle first, with on hand and value at cost; the first
 * page's HTML also their sums; 422 a bad filter. */
enum herr
inventory_report_dead(struct request *r)
{
	const char *days = req_query(r, "days");
	if (days != NULL && *days != '\0' && (strspn(days, "0123456789") != strlen(days) || strlen(days) > 4 ||
	    atoi(days) < 1 || atoi(days) > 3650))
		resp_field_error(r, "days", "A whole number of days from 1 to 3650.");
	struct res_list_ctx lc;
	enum herr e = res_list_begin(r, &dead_resource, &lc);
	if (e != HE_OK)
		return e;
	if (lc.filter_values[0] == NULL)
		lc.filter_values[0] = DEAD_DAYS_DEFAULT;
	const char *vals[8];
	int n = res_list_params(r, &dead_resource, &lc, vals, 8);
	PGresult *rows = db_exec(r, &report_dead, n, vals);
	if (rows == NULL)
		return db_fail(r);
	json_object *sum = NULL;
	if (r->format == FMT_HTML && lc.lq.after_id == NULL) {
		PGresult *s = db_q(r, &report_dead_sum, lc.filter_values[0], lc.filter_values[1]);
		if (s == NULL)
			return db_fail(r);
		sum = req_json(r, db_row_json(s, 0));
	}
	e = res_list_answer(r, &dead_resource, &lc, rows);
	if (e == HE_OK && r->data != NULL && sum != NULL)     /* the page's only: the list contract stays */
		json_object_object_add(r->data, "sum", json_object_get(sum));
	return e;
}
RES_API(inventory_report_dead, res_list, dead_resource)

/* ---- low stock ---- */

/* Products whose available stock over every location is at or under
 * their reorder point, by name, each with where its stock is
 * (stock_levels by its key). The low set first (stock_totals_low_idx),
 * each product by its key (a lateral fenced by OFFSET 0: as a join the
 * planner hashed a scan of every product, 130 ms), then a top-N sort by
 * name: work in proportion to what is low. Left to itself the planner walked products_name_idx
 * until a page of low ones was found: 1,168 products for 51 at 4% low,
 * the whole catalog when almost nothing is. Where the stock is, only
 * for the page's rows (outside the LIMIT, or it is built for every low
 * product before the sort). $1 category, $2/$3 cursor, $4 limit+1. */
DB_STMT_PLANNED(report_low,
    "SELECT w.id, w.sku, w.manufacturer, w.name, w.unit, w.category, w.on_hand, w.allocated, w.available,"
    " w.reorder_point, w.reorder_qty, w.suggested_qty,"
    " (SELECT coalesce(json_agg(json_build_object('location_id', l.location_id, 'location_name', o.name,"
    "    'on_hand', l.on_hand, 'allocated', l.allocated, 'available', l.on_hand - l.allocated)"
    "    ORDER BY l.on_hand - l.allocated DESC, lower(o.name)), '[]')"
    "   FROM inventory.stock_levels l JOIN inventory.locations o ON o.id = l.location_id"
    "   WHERE l.product_id = w.id AND (l.on_hand > 0 OR l.allocated > 0)) AS locations, w.sort_key"
    " FROM (SELECT p.id, p.sku, p.manufacturer, p.name, p.unit, p.category, t.on_hand, t.allocated,"
    "   t.on_hand - t.allocated AS available, p.reorder_point, p.reorder_qty,"
    "   greatest(p.reorder_qty, p.reorder_point - (t.on_hand - t.allocated)) AS suggested_qty,"
    "   lower(p.name) AS sort_key"
    "   FROM inventory.stock_totals t"
    "   CROSS JOIN LATERAL (SELECT y.* FROM inventory.products y WHERE y.id = t.product_id OFFSET 0) p"
    "   WHERE t.low AND p.archived_at IS NULL AND ($1::text IS NULL OR p.category = $1)"
    "     AND ($2::text IS NULL OR (lower(p.name), p.id) > ($2, $3::bigint))"
    "   ORDER BY lower(p.name), p.id LIMIT $4) w"
    " ORDER BY w.sort_key, w.id");
static struct db_stmt *const low_stmts[] = { &report_low };
static const struct list_sort low_sorts[] = {
	{ "name", "Name", "sort_key" },
	{ NULL, NULL, NULL },
};
static const struct res_filter low_filters[] = {
	FILTER_CHOICE("category", inventory_categories, "Choose a category of the catalog."),
	FILTER_END,
};
static const enum res_lparam low_params[] = { LP_FILTER(0), LP_AFTER_KEY, LP_AFTER_ID, LP_LIMIT1, LP_END };
static const char *const low_csv_columns[] = {
	"id", "sku", "manufacturer", "name", "unit", "category", "on_hand", "allocated", "available", "reorder_point",
	"reorder_qty", "suggested_qty", NULL,
};
static const struct res_field low_read_fields[] = {
	FIELD_TEXT("sku", V_REQUIRED, 64), FIELD_TEXT("manufacturer", V_REQUIRED, 100), FIELD_TEXT("name", V_REQUIRED, 200),
	FIELD_ENUM("unit", V_REQUIRED, inventory_product_units, NULL),
	FIELD_ENUM("category", V_REQUIRED, inventory_categories, NULL),
	INVENTORY_COUNT("on_hand"), INVENTORY_COUNT("allocated"), INVENTORY_COUNT("available"),
	INVENTORY_COUNT("reorder_point"), INVENTORY_COUNT("reorder_qty"), INVENTORY_COUNT("suggested_qty"),
	FIELD_ROWS("locations", NULL),
	FIELD_END,
};
static const struct resource low_resource = {
	.name = "low_stock", .label = "Low stock", .plural = "Low stock", .path = "/products",
	.family = "inventory", .title_field = "name", .tpl_list = "inventory/report_low.cs",
	.read_fields = low_read_fields, .sorts = low_sorts, .list_stmts = low_stmts, .list_params = low_params,
	.filters = low_filters, .csv_columns = low_csv_columns, .csv_filename = "low-stock",
};

/* GET /stock/reports/low (?category, limit, after; format=json|csv) →
 * 200 the products at or under their reorder point (available over all
 * locations), by name, with a suggested order quantity and each
 * location's on hand, reserved and available; 422 a bad filter. */
RES_HANDLER(inventory_report_low, res_list, low_resource)
