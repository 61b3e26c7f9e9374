/* campaigns.c: what leads and deals are attributed to (a web ad, a home
 * show, a partner's referrals), with its channel, dates and cost, and on
 * its page what it brought: leads, conversion rate, won revenue, ROI. */
#include <string.h>
#include "sales.h"

#define CAMPAIGN_COLS \
	"c.id, c.name, c.channel, c.starts_on, c.ends_on, c.cost_cents, c.notes, c.archived_at, c.version," \
	" c.created_at, c.updated_at"

const char *const sales_campaign_channels[] = {
	"web", "search", "social", "email", "print", "radio", "event", "showroom", "referral", "partner", "other", NULL,
};

/* Insert and update parameters follow this order. */
static const struct res_field campaign_fields[] = {
	FIELD_TEXT("name", V_REQUIRED, 200),
	FIELD_ENUM("channel", 0, sales_campaign_channels, "web"),
	FIELD_DATE("starts_on", V_NULLABLE),
	FIELD_DATE("ends_on", V_NULLABLE),
	SALES_CENTS("cost_cents", 0),
	FIELD_TEXT("notes", 0, 10000),
	FIELD_END,
};

DB_STMT(campaign_get, "SELECT " CAMPAIGN_COLS " FROM sales.campaigns c WHERE c.id = $1");
DB_STMT(campaign_get_for_update, "SELECT " CAMPAIGN_COLS " FROM sales.campaigns c WHERE c.id = $1 FOR UPDATE");
/* The campaign page: the record, what it brought (leads and how many
 * converted; deals and the value of those won) and its latest leads.
 * conversion_pct = converted / leads, roi_pct = (won - cost) / cost, both
 * whole percents rounded half away from zero; roi_pct null without a cost. */
DB_STMT(campaign_get_full,
    "SELECT " CAMPAIGN_COLS ", l.leads, l.converted,"
    " CASE WHEN l.leads > 0 THEN round(100.0 * l.converted / l.leads)::int END AS conversion_pct,"
    " d.deals, d.won_deals, d.won_cents,"
    " CASE WHEN c.cost_cents > 0 THEN round(100.0 * (d.won_cents - c.cost_cents) / c.cost_cents)::int END AS roi_pct,"
    " (SELECT coalesce(json_agg(x), '[]') FROM (SELECT e.id, e.name, e.company, e.status, e.source, " SALES_JSON_TIME("e.created_at") " AS created_at,"
    "    (SELECT u.name FROM auth.user_names u WHERE u.id = e.owner_id) AS owner_name"
    "    FROM sales.leads e WHERE e.campaign_id = c.id AND e.archived_at IS NULL"
    "    ORDER BY e.created_at DESC, e.id DESC LIMIT 50) x) AS recent_leads"
    " FROM sales.campaigns c"
    " CROSS JOIN LATERAL (SELECT count(*)::int AS leads, (count(*) FILTER (WHERE e.status = 'converted'))::int AS converted"
    "   FROM sales.leads e WHERE e.campaign_id = c.id AND e.archived_at IS NULL) l"
    " CROSS JOIN LATERAL (SELECT count(*)::int AS deals, (count(*) FILTER (WHERE s.outcome = 'won'))::int AS won_deals,"
    "   coalesce(sum(d.value_cents) FILTER (WHERE s.outcome = 'won'), 0)::bigint AS won_cents"
    "   FROM sales.deals d JOIN sales.stages s ON s.key = d.stage"
    "   WHERE d.campaign_id = c.id AND d.archived_at IS NULL) d"
    " WHERE c.id = $1");
DB_STMT(campaign_insert,
    "INSERT INTO sales.campaigns AS c (name, channel, starts_on, ends_on, cost_cents, notes)"
    " VALUES ($1, $2, $3, $4, coalesce($5::bigint, 0), $6) RETURNING " CAMPAIGN_COLS);
DB_STMT(campaign_update,
    "UPDATE sales.campaigns c SET name = $3, channel = $4, starts_on = $5, ends_on = $6,"
    " cost_cents = coalesce($7::bigint, 0), notes = $8, version = c.version + 1, updated_at = now()"
    " WHERE c.id = $1 AND c.version = $2 RETURNING " CAMPAIGN_COLS);
DB_STMT(campaign_archived_set,
    "UPDATE sales.campaigns c SET archived_at = CASE WHEN $2 THEN now() ELSE NULL END,"
    " version = c.version + 1, updated_at = now()"
    " WHERE c.id = $1 AND (c.archived_at IS NULL) = $2 RETURNING " CAMPAIGN_COLS);

/* ---- list ---- */

/* Tens of campaigns a year: campaigns_starts_idx / campaigns_name_idx.
 * $1 like (lower), $2 channel, $3 include archived, $4/$5 cursor, $6 limit+1. */
#define CAMPAIGN_LIST_WHERE \
	" WHERE ($1::text IS NULL OR lower(c.name) LIKE $1) AND ($2::text IS NULL OR c.channel = $2)" \
	"   AND ($3::boolean OR c.archived_at IS NULL)"
DB_STMT_PLANNED(campaign_list_newest,
    "SELECT " CAMPAIGN_COLS ", coalesce(c.starts_on, '-infinity'::date) AS sort_key FROM sales.campaigns c"
    CAMPAIGN_LIST_WHERE
    "   AND ($4::text IS NULL OR (coalesce(c.starts_on, '-infinity'::date), c.id) < ($4::date, $5::bigint))"
    " ORDER BY coalesce(c.starts_on, '-infinity'::date) DESC, c.id DESC LIMIT $6");
DB_STMT_PLANNED(campaign_list_name,
    "SELECT " CAMPAIGN_COLS ", lower(c.name) AS sort_key FROM sales.campaigns c"
    CAMPAIGN_LIST_WHERE
    "   AND ($4::text IS NULL OR (lower(c.name), c.id) > ($4, $5::bigint))"
    " ORDER BY lower(c.name), c.id LIMIT $6");
static struct db_stmt *const campaign_list_stmts[] = { &campaign_list_newest, &campaign_list_name };
static const struct list_sort campaign_sorts[] = {
	{ "-starts_on", "Newest first", "sort_key" },
	{ "name", "Name", "sort_key" },
	{ NULL, NULL, NULL },
};
static const struct res_filter campaign_filters[] = {
	FILTER_CHOICE("channel", sales_campaign_channels, "Choose one of the channels."),
	FILTER_END,
};
static const enum res_lparam campaign_list_params[] = {
	LP_LIKE_LOWER, LP_FILTER(0), LP_ARCHIVED, LP_AFTER_KEY, LP_AFTER_ID, LP_LIMIT1, LP_END,
};
static const char *const campaign_csv_columns[] = {
	"id", "name", "channel", "starts_on", "ends_on", "cost_cents", "archived_at", "created_at", "updated_at", NULL,
};

static enum herr
campaign_check(struct request *r, const struct resource *res, struct form *f, long long parent_id)
{
	const char *from = form_get(f, "starts_on"), *to = form_get(f, "ends_on");
	if (from != NULL && to != NULL && strcmp(to, from) < 0)   /* YYYY-MM-DD compare as text */
		form_error(f, "ends_on", "The end is before the start.");
	return HE_OK;
}
static const struct res_hooks campaign_hooks = { .check = campaign_check };

static const char *const campaign_show_fields[] = {
	"leads", "converted", "conversion_pct", "deals", "won_deals", "won_cents", "roi_pct", "recent_leads", NULL,
};
static const struct res_field campaign_read_fields[] = {
	FIELD_INT("leads", V_REQUIRED, 0, 2147483647), FIELD_INT("converted", V_REQUIRED, 0, 2147483647),
	FIELD_INT("conversion_pct", V_NULLABLE, 0, 100), FIELD_INT("deals", V_REQUIRED, 0, 2147483647),
	FIELD_INT("won_deals", V_REQUIRED, 0, 2147483647), SALES_CENTS("won_cents", V_REQUIRED),
	FIELD_INT("roi_pct", V_NULLABLE, -100, 2147483647), FIELD_ROWS("recent_leads", "/leads"),
	FIELD_END,
};

static const struct resource campaign_resource = {
	.name = "campaign", .label = "Campaign", .plural = "Campaigns", .path = "/campaigns",
	.family = "sales", .title_field = "name",
	.tpl_list = "sales/campaigns_list.cs", .tpl_show = "sales/campaign_show.cs",
	.tpl_form = "sales/campaign_form.cs",
	.fields = campaign_fields,
	.get = &campaign_get, .get_full = &campaign_get_full, .get_for_update = &campaign_get_for_update,
	.show_fields = campaign_show_fields, .read_fields = campaign_read_fields,
	.insert = &campaign_insert, .update = &campaign_update, .set_archived = &campaign_archived_set,
	.sorts = campaign_sorts, .list_stmts = campaign_list_stmts, .list_params = campaign_list_params,
	.filters = campaign_filters, .csv_columns = campaign_csv_columns, .csv_filename = "campaigns",
	.created_flash = "Campaign created.", .saved_flash = "Campaign saved.",
	.hooks = &campaign_hooks, .event_prefix = "sales.campaign_",
};

/* GET /campaigns (?q, channel, sort, archived, limit, after; format=json|csv) → 200 list; 422. */
RES_HANDLER(sales_campaign_list, res_list, campaign_resource)
/* GET /campaigns/:id → 200 the campaign with its leads, conversion, won revenue and ROI; 404. */
RES_HANDLER(sales_campaign_show, res_show, campaign_resource)
/* GET /campaigns/new → 200 the empty form. */
RES_HANDLER(sales_campaign_new, res_new, campaign_resource)
/* GET /campaigns/:id/edit → 200 the form; 404. */
RES_HANDLER(sales_campaign_edit, res_edit, campaign_resource)
/* POST /campaigns → 201 + Location (HTML: 303); 422 field errors. */
RES_HANDLER(sales_campaign_create, res_create, campaign_resource)
/* PATCH /campaigns/:id → 200; 404; 409 stale version; 422. */
RES_HANDLER(sales_campaign_update, res_update, campaign_resource)
/* DELETE /campaigns/:id → 200 archived (it can no longer be chosen); 404. */
RES_HANDLER(sales_campaign_archive, res_archive, campaign_resource)
/* POST /campaigns/:id/restore → 200; 404. */
RES_HANDLER(sales_campaign_restore, res_restore, campaign_resource)
