/* forecast.c: the sales forecast (GET /sales/forecast): per month of a
 * range, the weighted pipeline (open deals by expected-close month, each
 * deal's value × probability rounded half up in cents, summed) and the
 * won revenue (deals in the won stage by the month they closed, UTC).
 * One statement over two partial covering indexes (sql/057:
 * deals_open_close_idx, deals_closed_idx), so it reads the deals of the
 * range only, never the whole table. The page draws the months as a bar
 * chart (lib/svgchart) with the same numbers in a table; JSON and CSV at
 * the same URL. Recurring monthly revenue joins when quotes (their
 * accepted recurring lines) land: docs/sales-forecast.md. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "resp.h"
#include "sales.h"
#include "svgchart.h"

#define FORECAST_MAX_MONTHS 36

/* $1 first month, $2 last month (first days), $3 owner or NULL. Open
 * deals: closed_at IS NULL (sql/050's trigger: exactly the deals of an
 * open stage) within the range's expected-close dates; won deals: a won
 * stage, closed within the range. Every month of the range is a row. */
#define FORECAST_OWNER " AND ($3::bigint IS NULL OR d.owner_id = $3)"
#define FORECAST_OPEN \
	" FROM sales.deals d WHERE d.closed_at IS NULL AND d.archived_at IS NULL" FORECAST_OWNER \
	" AND d.stage IN (SELECT s.key FROM sales.stages s WHERE s.outcome = 'open')"
DB_STMT(forecast_months,
    "WITH m AS (SELECT g::date AS month FROM generate_series($1::date, $2::date, interval '1 month') g),"
    " w AS (SELECT date_trunc('month', d.expected_close)::date AS month, count(*) AS n, sum(d.value_cents) AS v,"
    "   sum((d.value_cents * d.probability + 50) / 100) AS w" FORECAST_OPEN
    "   AND d.expected_close >= $1::date AND d.expected_close < ($2::date + interval '1 month')::date GROUP BY 1),"
    " won AS (SELECT date_trunc('month', d.closed_at AT TIME ZONE 'UTC')::date AS month, count(*) AS n,"
    "   sum(d.value_cents) AS v FROM sales.deals d WHERE d.closed_at IS NOT NULL AND d.archived_at IS NULL" FORECAST_OWNER
    "   AND d.closed_at >= ($1::date::timestamp AT TIME ZONE 'UTC')"
    "   AND d.closed_at < (($2::date + interval '1 month')::timestamp AT TIME ZONE 'UTC')"
    "   AND d.stage IN (SELECT s.key FROM sales.stages s WHERE s.outcome = 'won') GROUP BY 1),"
    " rows AS (SELECT m.month, coalesce(w.n, 0) AS open_deals, coalesce(w.v, 0) AS pipeline_cents,"
    "   coalesce(w.w, 0) AS weighted_cents, coalesce(won.n, 0) AS won_deals, coalesce(won.v, 0) AS won_cents"
    "   FROM m LEFT JOIN w ON w.month = m.month LEFT JOIN won ON won.month = m.month)"
    " SELECT json_build_object("
    "  'items', (SELECT json_agg(json_build_object('month', to_char(x.month, 'YYYY-MM'), 'open_deals', x.open_deals,"
    "    'pipeline_cents', x.pipeline_cents, 'weighted_cents', x.weighted_cents, 'won_deals', x.won_deals,"
    "    'won_cents', x.won_cents) ORDER BY x.month) FROM rows x),"
    "  'totals', (SELECT json_build_object('open_deals', sum(x.open_deals), 'pipeline_cents', sum(x.pipeline_cents),"
    "    'weighted_cents', sum(x.weighted_cents), 'won_deals', sum(x.won_deals), 'won_cents', sum(x.won_cents))"
    "    FROM rows x),"
    "  'undated', (SELECT json_build_object('open_deals', count(*), 'pipeline_cents', coalesce(sum(d.value_cents), 0),"
    "    'weighted_cents', coalesce(sum((d.value_cents * d.probability + 50) / 100), 0))"
    FORECAST_OPEN " AND d.expected_close IS NULL))");

static const char *const forecast_csv_columns[] = {
	"month", "open_deals", "pipeline_cents", "weighted_cents", "won_deals", "won_cents", NULL,
};

static const char *const month_names[] = {
	"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
};

/* ?name=YYYY-MM as a month number (year × 12 + month − 1), or def when
 * absent; a field error and def when it is not a month. */
static int
forecast_month(struct request *r, const char *name, int def)
{
	const char *v = req_query(r, name);
	int y, m;
	if (v == NULL || *v == '\0')
		return def;
	if (!sales_month(v, &y, &m)) {
		resp_field_error(r, name, "A month as YYYY-MM.");
		return def;
	}
	return y * 12 + m - 1;
}

static const char *
month_text(struct request *r, int n, int day)
{
	return day ? arena_printf(r->arena, "%04d-%02d-01", n / 12, n % 12 + 1)
	    : arena_printf(r->arena, "%04d-%02d", n / 12, n % 12 + 1);
}

static long long
item_int(json_object *o, const char *k)
{
	json_object *v;
	return json_object_object_get_ex(o, k, &v) ? json_object_get_int64(v) : 0;
}

/* Money as text ("$1,234.50", as the chart's tooltips): written here, as
 * a total passes the 32-bit numbers templates count with. */
static void
add_money_text(struct request *r, json_object *o, const char *k)
{
	char text[48];
	svgchart_full(text, sizeof(text), item_int(o, k), 1);
	json_object_object_add(o, arena_printf(r->arena, "%s_text", k), json_object_new_string(text));
}

/* The page's extras: each month's label and money as text, and the chart
 * (page.chart_svg: only numbers and escaped labels, svgchart.h). */
static void
forecast_html(struct request *r, json_object *out, int from)
{
	json_object *items, *totals;
	if (!json_object_object_get_ex(out, "items", &items))
		return;
	size_t n = json_object_array_length(items);
	const char **labels = arena_alloc(r->arena, (n + 1) * sizeof(*labels));
	const char **subs = arena_alloc(r->arena, (n + 1) * sizeof(*subs));
	long long *weighted = arena_alloc(r->arena, (n + 1) * sizeof(*weighted));
	long long *won = arena_alloc(r->arena, (n + 1) * sizeof(*won));
	for (size_t i = 0; i < n; i++) {
		json_object *it = json_object_array_get_idx(items, i);
		int mn = from + (int)i;
		labels[i] = month_names[mn % 12];
		subs[i] = i == 0 || mn % 12 == 0 ? arena_printf(r->arena, "%d", mn / 12) : NULL;
		weighted[i] = item_int(it, "weighted_cents");
		won[i] = item_int(it, "won_cents");
		json_object_object_add(it, "label", json_object_new_string(arena_printf(r->arena, "%s %d",
		    month_names[mn % 12], mn / 12)));
		add_money_text(r, it, "pipeline_cents");
		add_money_text(r, it, "weighted_cents");
		add_money_text(r, it, "won_cents");
	}
	if (json_object_object_get_ex(out, "totals", &totals)) {
		add_money_text(r, totals, "pipeline_cents");
		add_money_text(r, totals, "weighted_cents");
		add_money_text(r, totals, "won_cents");
	}
	if (json_object_object_get_ex(out, "undated", &totals))
		add_money_text(r, totals, "weighted_cents");
	const struct svgchart_series series[] = {
		{ "Weighted pipeline", "chart-s0", weighted },
		{ "Won revenue", "chart-s1", won },
	};
	struct svgchart c = {
		.id = "forecast-chart", .title = "Sales forecast by month",
		.desc = "Bars per month: the weighted pipeline of open deals by expected close (value × probability) "
		    "and the revenue of deals won in that month, in dollars. The table below has the same numbers.",
		.labels = labels, .sublabels = subs, .ngroups = n, .series = series, .nseries = 2, .money = 1,
		.width = 760, .height = 300,
	};
	struct buf svg;
	buf_init(&svg);
	svgchart_bars(&svg, &c);
	json_object_object_add(req_page(r), "chart_svg", json_object_new_string(svg.data));
	buf_free(&svg);
}

/* GET /sales/forecast (?from, to: YYYY-MM, by default six months back to
 * six ahead of this one, at most 36 months; owner_id; format=json|csv)
 * → 200 {from, to, owner_id, items: [{month, open_deals, pipeline_cents,
 * weighted_cents, won_deals, won_cents}] (every month of the range, the
 * CSV's rows), totals, undated (open deals without an expected close)};
 * 422 a bad month, a range reversed or too long, a bad owner_id. */
enum herr
sales_forecast(struct request *r)
{
	time_t now = time(NULL);
	struct tm tm;
	gmtime_r(&now, &tm);
	int this_month = (tm.tm_year + 1900) * 12 + tm.tm_mon;
	int from = forecast_month(r, "from", this_month - 6), to = forecast_month(r, "to", this_month + 6);
	const char *owner = req_query(r, "owner_id");
	if (owner != NULL && *owner == '\0')
		owner = NULL;
	if (owner != NULL && (strspn(owner, "0123456789") != strlen(owner) || strlen(owner) > 18 || owner[0] == '0'))
		resp_field_error(r, "owner_id", "Choose one of the users.");
	if (r->errors == NULL && from > to)
		resp_field_error(r, "to", "The range ends before it starts.");
	else if (r->errors == NULL && to - from + 1 > FORECAST_MAX_MONTHS)
		resp_field_error(r, "to", "At most 36 months.");

	json_object *out = req_obj(r);
	json_object_object_add(out, "from", json_object_new_string(month_text(r, from, 0)));
	json_object_object_add(out, "to", json_object_new_string(month_text(r, to, 0)));
	json_object_object_add(out, "owner_id", owner && r->errors == NULL ? json_object_new_int64(atoll(owner)) : NULL);
	if (r->format == FMT_HTML) {
		record_crumbs(r, "Forecast", "Deals", "/deals", "Forecast", NULL, NULL);
		(void)sales_owner_campaign_choices(r, out);
	}
	r->csv_columns = forecast_csv_columns;
	r->csv_filename = "sales-forecast";
	if (r->errors != NULL) {
		r->template = "sales/forecast.cs";
		req_set_data(r, out);
		return HE_INVALID;
	}
	PGresult *q = db_q(r, &forecast_months, month_text(r, from, 1), month_text(r, to, 1), owner);
	if (q == NULL)
		return db_fail(r);
	json_object *fig = req_json(r, json_tokener_parse(PQgetvalue(q, 0, 0)));
	json_object_object_foreach(fig, k, v)
		json_object_object_add(out, k, json_object_get(v));
	if (r->format == FMT_HTML)
		forecast_html(r, out, from);
	return resp_ok(r, "sales/forecast.cs", out);
}
