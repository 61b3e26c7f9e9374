/* deals.c: the pipeline's records: a customer's possible sale, its value,
 * stage (sales.stages, configurable, each with the probability a deal in
 * it starts with), expected close and owner. Each stage change is kept
 * (sales.deal_stage_changes, by trigger) besides the update's audit row. */
#include <string.h>
#include "resp.h"
#include "sales.h"


/* Insert and update parameters follow this order. */
static const struct res_field deal_fields[] = {
	FIELD_TEXT("title", V_REQUIRED, 200),
	FIELD_ID("customer_id", V_REQUIRED),
	FIELD_ID("property_id", V_NULLABLE),
	SALES_CENTS("value_cents", 0),
	FIELD_TEXT("stage", V_REQUIRED, 40),
	FIELD_INT("probability", V_NULLABLE, 0, 100),
	FIELD_DATE("expected_close", V_NULLABLE),
	FIELD_ID("owner_id", V_NULLABLE),
	FIELD_ID("campaign_id", V_NULLABLE),
	FIELD_TEXT("lost_reason", 0, 500),
	FIELD_TEXT("notes", 0, 10000),
	FIELD_END,
};

DB_STMT(deal_get, "SELECT " SALES_DEAL_COLS SALES_DEAL_FROM " WHERE d.id = $1");
DB_STMT(deal_get_for_update, "SELECT " SALES_DEAL_COLS SALES_DEAL_FROM " WHERE d.id = $1 FOR UPDATE OF d");
/* The deal page: the record, the lead it came from and its stage history. */
DB_STMT(deal_get_full,
    "SELECT " SALES_DEAL_COLS ","
    " (SELECT l.name FROM sales.leads l WHERE l.id = d.lead_id) AS lead_name,"
    " (SELECT coalesce(json_agg(x ORDER BY x.at DESC, x.id DESC), '[]') FROM (SELECT h.id, " SALES_JSON_TIME("h.at") " AS at, h.from_stage, h.to_stage,"
    "    f.label AS from_label, t.label AS to_label FROM sales.deal_stage_changes h"
    "    LEFT JOIN sales.stages f ON f.key = h.from_stage LEFT JOIN sales.stages t ON t.key = h.to_stage"
    "    WHERE h.deal_id = d.id ORDER BY h.at DESC, h.id DESC LIMIT 50) x) AS stage_changes"
    SALES_DEAL_FROM " WHERE d.id = $1");
/* A probability left empty is the stage's own. On a stage change, a
 * probability sent unchanged (a PATCH of the stage alone keeps the other
 * fields) follows the stage too: it takes the new stage's default. */
DB_STMT(deal_insert,
    "WITH n AS (INSERT INTO sales.deals (title, customer_id, property_id, value_cents, stage, probability,"
    "  expected_close, owner_id, campaign_id, lost_reason, notes)"
    " VALUES ($1, $2, $3, coalesce($4::bigint, 0), $5, coalesce($6::int,"
    "  (SELECT s.probability FROM sales.stages s WHERE s.key = $5)), $7, $8, $9, $10, $11) RETURNING *)"
    " SELECT " SALES_DEAL_COLS " FROM n d JOIN sales.stages s ON s.key = d.stage");
DB_STMT(deal_update,
    "WITH n AS (UPDATE sales.deals d SET title = $3, customer_id = $4, property_id = $5,"
    " value_cents = coalesce($6::bigint, 0), stage = $7, probability = CASE"
    "  WHEN d.stage <> $7 AND ($8::int IS NULL OR $8::int = d.probability)"
    "   THEN (SELECT s.probability FROM sales.stages s WHERE s.key = $7)"
    "  ELSE coalesce($8::int, (SELECT s.probability FROM sales.stages s WHERE s.key = $7)) END,"
    " expected_close = $9, owner_id = $10, campaign_id = $11, lost_reason = $12, notes = $13,"
    " version = d.version + 1, updated_at = now()"
    " WHERE d.id = $1 AND d.version = $2 RETURNING d.*)"
    " SELECT " SALES_DEAL_COLS " FROM n d JOIN sales.stages s ON s.key = d.stage");
DB_STMT(deal_archived_set,
    "WITH n AS (UPDATE sales.deals d SET archived_at = CASE WHEN $2 THEN now() ELSE NULL END,"
    " version = d.version + 1, updated_at = now()"
    " WHERE d.id = $1 AND (d.archived_at IS NULL) = $2 RETURNING d.*)"
    " SELECT " SALES_DEAL_COLS " FROM n d JOIN sales.stages s ON s.key = d.stage");

/* ---- list ---- */

/* $1 like (lower), $2 stage, $3 owner, $4 campaign, $5 customer,
 * $6 include archived, $7/$8 cursor, $9 limit+1, $10 close month
 * (YYYY-MM, checked by sales_deal_list). Each sort walks its index
 * (deals_created_idx, deals_close_idx, deals_value_idx). */
#define DEAL_LIST_WHERE \
	" WHERE ($1::text IS NULL OR d.search_text LIKE $1) AND ($2::text IS NULL OR d.stage = $2)" \
	"   AND ($3::bigint IS NULL OR d.owner_id = $3) AND ($4::bigint IS NULL OR d.campaign_id = $4)" \
	"   AND ($5::bigint IS NULL OR d.customer_id = $5) AND ($6::boolean OR d.archived_at IS NULL)" \
	"   AND ($10::text IS NULL OR (d.expected_close >= ($10 || '-01')::date" \
	"     AND d.expected_close < (($10 || '-01')::date + interval '1 month')::date))"
DB_STMT_PLANNED(deal_list_newest,
    "SELECT " SALES_DEAL_COLS ", d.created_at AS sort_key" SALES_DEAL_FROM DEAL_LIST_WHERE
    "   AND ($7::text IS NULL OR (d.created_at, d.id) < ($7::timestamptz, $8::bigint))"
    " ORDER BY d.created_at DESC, d.id DESC LIMIT $9");
DB_STMT_PLANNED(deal_list_close,
    "SELECT " SALES_DEAL_COLS ", coalesce(d.expected_close, 'infinity'::date) AS sort_key" SALES_DEAL_FROM DEAL_LIST_WHERE
    "   AND ($7::text IS NULL OR (coalesce(d.expected_close, 'infinity'::date), d.id) > ($7::date, $8::bigint))"
    " ORDER BY coalesce(d.expected_close, 'infinity'::date), d.id LIMIT $9");
DB_STMT_PLANNED(deal_list_value,
    "SELECT " SALES_DEAL_COLS ", d.value_cents AS sort_key" SALES_DEAL_FROM DEAL_LIST_WHERE
    "   AND ($7::text IS NULL OR (d.value_cents, d.id) < ($7::bigint, $8::bigint))"
    " ORDER BY d.value_cents DESC, d.id DESC LIMIT $9");
static struct db_stmt *const deal_list_stmts[] = { &deal_list_newest, &deal_list_close, &deal_list_value };
static const struct list_sort deal_sorts[] = {
	{ "-created_at", "Newest first", "sort_key" },
	{ "expected_close", "Expected close", "sort_key" },
	{ "-value_cents", "Largest first", "sort_key" },
	{ NULL, NULL, NULL },
};
static const struct res_filter deal_filters[] = {
	FILTER_TEXT("stage", 40),
	FILTER_ID("owner_id"),
	FILTER_ID("campaign_id"),
	FILTER_ID("customer_id"),
	FILTER_TEXT("close_month", 7),
	FILTER_END,
};
static const enum res_lparam deal_list_params[] = {
	LP_LIKE_LOWER, LP_FILTER(0), LP_FILTER(1), LP_FILTER(2), LP_FILTER(3), LP_ARCHIVED,
	LP_AFTER_KEY, LP_AFTER_ID, LP_LIMIT1, LP_FILTER(4), LP_END,
};
static const char *const deal_csv_columns[] = {
	"id", "title", "customer_id", "customer_name", "property_id", "property_name", "value_cents", "stage",
	"stage_label", "probability", "weighted_cents", "expected_close", "owner_id", "owner_name", "campaign_id",
	"campaign_name", "lead_id", "lost_reason", "closed_at", "archived_at", "created_at", "updated_at", NULL,
};

/* ---- checks and choices ---- */

/* An archived stage (stages.c) is no choice. */
DB_STMT(deal_stage_outcome, "SELECT s.outcome FROM sales.stages s WHERE s.key = $1 AND s.archived_at IS NULL");
DB_STMT(deal_customer_ok, "SELECT c.archived_at IS NULL FROM customers.customers c WHERE c.id = $1");
DB_STMT(deal_property_ok, "SELECT p.customer_id = $2::bigint FROM customers.properties p WHERE p.id = $1");
DB_STMT(deal_stage_choices,
    "SELECT coalesce(json_agg(json_build_object('key', s.key, 'label', s.label, 'probability', s.probability,"
    " 'outcome', s.outcome) ORDER BY s.position, s.key), '[]') FROM sales.stages s WHERE s.archived_at IS NULL");
DB_STMT(deal_customer_properties,
    "SELECT json_build_object('name', c.name, 'properties', (SELECT coalesce(json_agg(json_build_object('id', p.id,"
    " 'name', p.name) ORDER BY lower(p.name), p.id), '[]') FROM customers.properties p"
    " WHERE p.customer_id = c.id AND p.archived_at IS NULL)) FROM customers.customers c WHERE c.id = $1");

enum herr
sales_deal_stage_check(struct request *r, struct form *f, int new_deal)
{
	const char *stage = form_get(f, "stage");
	if (stage == NULL)
		return HE_OK;
	PGresult *q = db_q(r, &deal_stage_outcome, stage);
	if (q == NULL)
		return db_fail(r);
	if (PQntuples(q) == 0)
		form_error(f, "stage", "Choose one of the stages.");
	else if (strcmp(PQgetvalue(q, 0, 0), "lost") == 0 && new_deal)
		form_error(f, "stage", "A deal made from a lead cannot start lost.");
	else if (strcmp(PQgetvalue(q, 0, 0), "lost") == 0 && sales_blank(form_get(f, "lost_reason")))
		form_error(f, "lost_reason", "Say why the deal was lost.");
	return HE_OK;
}

enum herr
sales_deal_stage_choices(struct request *r, json_object *data)
{
	return sales_choices(r, &deal_stage_choices, "stages", data, NULL);
}

/* The stage is one of sales.stages (a lost one needs a reason); the
 * customer exists and is not archived; the property is the customer's. */
static enum herr
deal_check(struct request *r, const struct resource *res, struct form *f, long long parent_id)
{
	const char *cust = form_get(f, "customer_id"), *prop = form_get(f, "property_id");
	PGresult *q;
	enum herr e = sales_deal_stage_check(r, f, 0);
	if (e != HE_OK)
		return e;
	if (cust != NULL) {
		if ((q = db_q(r, &deal_customer_ok, cust)) == NULL)
			return db_fail(r);
		if (PQntuples(q) == 0 || strcmp(PQgetvalue(q, 0, 0), "t") != 0)
			form_error(f, "customer_id", "Choose a customer that exists and is not archived.");
		else if (prop != NULL) {
			if ((q = db_q(r, &deal_property_ok, prop, cust)) == NULL)
				return db_fail(r);
			if (PQntuples(q) == 0 || strcmp(PQgetvalue(q, 0, 0), "t") != 0)
				form_error(f, "property_id", "Choose one of this customer's properties.");
		}
	}
	e = sales_check_owner(r, f, "owner_id");
	if (e == HE_OK)
		e = sales_check_campaign(r, f, "campaign_id");
	return e;
}

/* The form's choices: stages, owners, campaigns, and for the customer
 * chosen (the record's, or ?customer_id on a new deal) its name and
 * properties. Customers are too many for a select: the form takes the
 * customer's number, and a deal usually starts from a lead's conversion. */
static enum herr
deal_form_data(struct request *r, long long parent_id, json_object *record, json_object *data)
{
	enum herr e = sales_deal_stage_choices(r, data);
	if (e == HE_OK)
		e = sales_owner_campaign_choices(r, data);
	json_object *c;
	const char *cust = record && json_object_object_get_ex(record, "customer_id", &c)
	    ? json_object_get_string(c) : req_query(r, "customer_id");
	if (e == HE_OK && cust != NULL && cust[0] >= '1' && cust[0] <= '9' && strlen(cust) < 19)
		e = sales_choices(r, &deal_customer_properties, "customer", data, cust);
	return e;
}

static enum herr
deal_new_form(struct request *r, long long parent_id, json_object *form_values)
{
	const char *cust = req_query(r, "customer_id");
	if (cust != NULL)
		json_object_object_add(form_values, "customer_id", json_object_new_string(cust));
	json_object_object_add(form_values, "stage", json_object_new_string("enquiry"));
	if (r->principal.user_id > 0)
		json_object_object_add(form_values, "owner_id", json_object_new_string(db_int(r, r->principal.user_id)));
	return HE_OK;
}

static void
deal_list_data(struct request *r, long long parent_id, json_object *out)
{
	if (sales_deal_stage_choices(r, out) == HE_OK)
		(void)sales_owner_campaign_choices(r, out);
}

static const struct res_hooks deal_hooks = {
	.check = deal_check, .form_data = deal_form_data, .new_form = deal_new_form, .list_data = deal_list_data,
};

static const char *const deal_show_fields[] = { "lead_name", "stage_changes", NULL };
static const struct res_field deal_read_fields[] = {
	FIELD_TEXT("customer_name", 0, 200), FIELD_TEXT("property_name", 0, 200), FIELD_TEXT("stage_label", 0, 60),
	FIELD_TEXT("outcome", 0, 10), SALES_CENTS("weighted_cents", V_REQUIRED), FIELD_TEXT("owner_name", 0, 200),
	FIELD_TEXT("campaign_name", 0, 200), FIELD_ID("lead_id", V_NULLABLE), FIELD_DATETIME("closed_at", V_NULLABLE),
	FIELD_TEXT("lead_name", 0, 200), FIELD_ROWS("stage_changes", NULL),
	FIELD_END,
};

const struct resource sales_deal_resource = {
	.name = "deal", .label = "Deal", .plural = "Deals", .path = "/deals",
	.family = "sales", .title_field = "title",
	.tpl_list = "sales/deals_list.cs", .tpl_show = "sales/deal_show.cs", .tpl_form = "sales/deal_form.cs",
	.fields = deal_fields,
	.get = &deal_get, .get_full = &deal_get_full, .get_for_update = &deal_get_for_update,
	.show_fields = deal_show_fields, .read_fields = deal_read_fields,
	.insert = &deal_insert, .update = &deal_update, .set_archived = &deal_archived_set,
	.sorts = deal_sorts, .list_stmts = deal_list_stmts, .list_params = deal_list_params,
	.filters = deal_filters, .csv_columns = deal_csv_columns, .csv_filename = "deals",
	.created_flash = "Deal created.", .saved_flash = "Deal saved.",
	.hooks = &deal_hooks, .event_prefix = "sales.deal_",
};

/* GET /deals (?q, stage, owner_id, campaign_id, customer_id, close_month=YYYY-MM
 * (expected close in that month, as the board's), sort, archived, limit, after;
 * format=json|csv) → 200 list; 422 bad filter. */
enum herr
sales_deal_list(struct request *r)
{
	const char *m = req_query(r, "close_month");
	int y, mo;
	if (m != NULL && *m != '\0' && !sales_month(m, &y, &mo))
		resp_field_error(r, "close_month", "A month as YYYY-MM.");
	return res_list(r, &sales_deal_resource);   /* with an error: the list page again, 422 */
}
RES_API(sales_deal_list, res_list, sales_deal_resource)
/* GET /deals/:id → 200 the deal with its stage history; 404. */
RES_HANDLER(sales_deal_show, res_show, sales_deal_resource)
/* GET /deals/new (?customer_id) → 200 the empty form. */
RES_HANDLER(sales_deal_new, res_new, sales_deal_resource)
/* GET /deals/:id/edit → 200 the form; 404. */
RES_HANDLER(sales_deal_edit, res_edit, sales_deal_resource)
/* POST /deals → 201 + Location (HTML: 303); 422 field errors. */
RES_HANDLER(sales_deal_create, res_create, sales_deal_resource)
/* PATCH /deals/:id → 200; 404; 409 stale version; 422. A browser sent
 * from the pipeline board (?back=/deals/board…) goes back there (board.c). */
enum herr
sales_deal_update(struct request *r)
{
	return sales_board_after_move(r, res_update(r, &sales_deal_resource));
}
RES_API(sales_deal_update, res_update, sales_deal_resource)
/* DELETE /deals/:id → 200 archived; 404. */
RES_HANDLER(sales_deal_archive, res_archive, sales_deal_resource)
/* POST /deals/:id/restore → 200; 404. */
RES_HANDLER(sales_deal_restore, res_restore, sales_deal_resource)
