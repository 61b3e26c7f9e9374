/* leads.c: enquiries, from the first call or web form until they are
 * converted into a customer and a deal (convert.c) or lost. A lead's
 * status moves new → contacted → qualified by its form; "converted" is
 * only ever set by the conversion, and stays. */
#include <string.h>
#include "sales.h"

const char *const sales_lead_sources[] = {
	"web_form", "referral", "showroom", "phone", "partner", "campaign", NULL,
};
const char *const sales_lead_statuses[] = { "new", "contacted", "qualified", "converted", "lost", NULL };

/* Insert and update parameters follow this order. */
static const struct res_field lead_fields[] = {
	FIELD_TEXT("name", V_REQUIRED, 200),
	FIELD_TEXT("company", 0, 200),
	FIELD_EMAIL("email", 0),
	FIELD_PHONE("phone", 0),
	FIELD_TEXT("line1", 0, 200),
	FIELD_TEXT("city", 0, 100),
	FIELD_TEXT("region", 0, 100),
	FIELD_TEXT("postal_code", 0, 20),
	FIELD_ENUM("source", 0, sales_lead_sources, "phone"),
	FIELD_ID("campaign_id", V_NULLABLE),
	FIELD_ID("owner_id", V_NULLABLE),
	FIELD_ENUM("status", 0, sales_lead_statuses, "new"),
	FIELD_TEXT("lost_reason", 0, 500),
	FIELD_TEXT("notes", 0, 10000),
	FIELD_DATE("next_action_on", V_NULLABLE),
	FIELD_END,
};

DB_STMT(lead_get, "SELECT " SALES_LEAD_COLS " FROM sales.leads l WHERE l.id = $1");
DB_STMT(lead_get_for_update, "SELECT " SALES_LEAD_COLS " FROM sales.leads l WHERE l.id = $1 FOR UPDATE");
/* The lead page: the record, once converted the names of what it made,
 * and its communications (lead_comms.c), newest first: the latest
 * SALES_LEAD_COMMS_SHOWN, read by lead_communications_lead_idx. */
DB_STMT(lead_get_full,
    "SELECT " SALES_LEAD_COLS ","
    " (SELECT c.name FROM customers.customers c WHERE c.id = l.customer_id) AS customer_name,"
    " (SELECT p.name FROM customers.properties p WHERE p.id = l.property_id) AS property_name,"
    " (SELECT d.title FROM sales.deals d WHERE d.id = l.deal_id) AS deal_title,"
    " (SELECT coalesce(json_agg(json_build_object('id', x.id, 'kind', x.kind, 'direction', x.direction,"
    "   'summary', x.summary, 'occurred_at', " SALES_JSON_TIME("x.occurred_at") ", 'user_id', x.user_id,"
    "   'user_name', x.user_name) ORDER BY x.occurred_at DESC, x.id DESC), '[]')"
    "  FROM (SELECT m.*, u.name AS user_name FROM sales.lead_communications m"
    "   LEFT JOIN auth.user_names u ON u.id = m.user_id WHERE m.lead_id = l.id"
    "   ORDER BY m.occurred_at DESC, m.id DESC LIMIT " SALES_LEAD_COMMS_SHOWN ") x) AS communications"
    " FROM sales.leads l WHERE l.id = $1");
DB_STMT(lead_insert,
    "INSERT INTO sales.leads AS l (name, company, email, phone, line1, city, region, postal_code, source,"
    " campaign_id, owner_id, status, lost_reason, notes, next_action_on)"
    " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) RETURNING " SALES_LEAD_COLS);
DB_STMT(lead_update,
    "UPDATE sales.leads l SET name = $3, company = $4, email = $5, phone = $6, line1 = $7, city = $8,"
    " region = $9, postal_code = $10, source = $11, campaign_id = $12, owner_id = $13, status = $14,"
    " lost_reason = $15, notes = $16, next_action_on = $17, version = l.version + 1, updated_at = now()"
    " WHERE l.id = $1 AND l.version = $2 RETURNING " SALES_LEAD_COLS);
DB_STMT(lead_archived_set,
    "UPDATE sales.leads l SET archived_at = CASE WHEN $2 THEN now() ELSE NULL END,"
    " version = l.version + 1, updated_at = now()"
    " WHERE l.id = $1 AND (l.archived_at IS NULL) = $2 RETURNING " SALES_LEAD_COLS);

/* ---- list ---- */

/* Hundreds to thousands of leads: each sort walks its index
 * (leads_created_idx, leads_name_idx, leads_next_idx), a filter its own
 * (leads_status_idx, leads_owner_idx, leads_campaign_idx), a search the
 * trigram index. $1 like (lower), $2 status, $3 owner, $4 source,
 * $5 campaign, $6 include archived, $7/$8 cursor, $9 limit+1. */
#define LEAD_LIST_WHERE \
	" WHERE ($1::text IS NULL OR l.search_text LIKE $1) AND ($2::text IS NULL OR l.status = $2)" \
	"   AND ($3::bigint IS NULL OR l.owner_id = $3) AND ($4::text IS NULL OR l.source = $4)" \
	"   AND ($5::bigint IS NULL OR l.campaign_id = $5) AND ($6::boolean OR l.archived_at IS NULL)"
DB_STMT_PLANNED(lead_list_newest,
    "SELECT " SALES_LEAD_COLS ", l.created_at AS sort_key FROM sales.leads l" LEAD_LIST_WHERE
    "   AND ($7::text IS NULL OR (l.created_at, l.id) < ($7::timestamptz, $8::bigint))"
    " ORDER BY l.created_at DESC, l.id DESC LIMIT $9");
DB_STMT_PLANNED(lead_list_name,
    "SELECT " SALES_LEAD_COLS ", lower(l.name) AS sort_key FROM sales.leads l" LEAD_LIST_WHERE
    "   AND ($7::text IS NULL OR (lower(l.name), l.id) > ($7, $8::bigint))"
    " ORDER BY lower(l.name), l.id LIMIT $9");
/* Follow-ups due first; leads without a next action last. */
DB_STMT_PLANNED(lead_list_next,
    "SELECT " SALES_LEAD_COLS ", coalesce(l.next_action_on, 'infinity'::date) AS sort_key FROM sales.leads l" LEAD_LIST_WHERE
    "   AND ($7::text IS NULL OR (coalesce(l.next_action_on, 'infinity'::date), l.id) > ($7::date, $8::bigint))"
    " ORDER BY coalesce(l.next_action_on, 'infinity'::date), l.id LIMIT $9");
static struct db_stmt *const lead_list_stmts[] = { &lead_list_newest, &lead_list_name, &lead_list_next };
static const struct list_sort lead_sorts[] = {
	{ "-created_at", "Newest first", "sort_key" },
	{ "name", "Name", "sort_key" },
	{ "next_action_on", "Next action", "sort_key" },
	{ NULL, NULL, NULL },
};
static const struct res_filter lead_filters[] = {
	FILTER_CHOICE("status", sales_lead_statuses, "Choose one of the statuses."),
	FILTER_ID("owner_id"),
	FILTER_CHOICE("source", sales_lead_sources, "Choose one of the sources."),
	FILTER_ID("campaign_id"),
	FILTER_END,
};
static const enum res_lparam lead_list_params[] = {
	LP_LIKE_LOWER, LP_FILTER(0), LP_FILTER(1), LP_FILTER(2), LP_FILTER(3), LP_ARCHIVED,
	LP_AFTER_KEY, LP_AFTER_ID, LP_LIMIT1, LP_END,
};
static const char *const lead_csv_columns[] = {
	"id", "name", "company", "email", "phone", "line1", "city", "region", "postal_code", "source",
	"campaign_id", "campaign_name", "owner_id", "owner_name", "status", "lost_reason", "next_action_on",
	"customer_id", "property_id", "deal_id", "converted_at", "archived_at", "created_at", "updated_at", NULL,
};

DB_STMT(lead_status_now, "SELECT l.status FROM sales.leads l WHERE l.id = $1");

/* A lost lead says why; "converted" is the conversion's (convert.c) and
 * a converted lead stays converted; owner and campaign must be usable. */
static enum herr
lead_check(struct request *r, const struct resource *res, struct form *f, long long parent_id)
{
	const char *status = form_get(f, "status"), *reason = form_get(f, "lost_reason");
	long long id = req_param_id(r, "id");
	int was_converted = 0;
	if (id > 0) {
		PGresult *q = db_q(r, &lead_status_now, db_int(r, id));
		if (q == NULL)
			return db_fail(r);
		was_converted = PQntuples(q) == 1 && strcmp(PQgetvalue(q, 0, 0), "converted") == 0;
	}
	if (status != NULL && strcmp(status, "converted") == 0 && !was_converted)
		form_error(f, "status", "A lead becomes converted by converting it (Convert on its page).");
	else if (was_converted && (status == NULL || strcmp(status, "converted") != 0))
		form_error(f, "status", "This lead is converted; its status stays.");
	if (status != NULL && strcmp(status, "lost") == 0 && sales_blank(reason))
		form_error(f, "lost_reason", "Say why the lead was lost.");
	enum herr e = sales_check_owner(r, f, "owner_id");
	if (e == HE_OK)
		e = sales_check_campaign(r, f, "campaign_id");
	return e;
}

static enum herr
lead_form_data(struct request *r, long long parent_id, json_object *record, json_object *data)
{
	return sales_owner_campaign_choices(r, data);
}

static void
lead_list_data(struct request *r, long long parent_id, json_object *out)
{
	(void)sales_owner_campaign_choices(r, out);
}

/* A new lead is the signed-in user's to follow up. */
static enum herr
lead_new_form(struct request *r, long long parent_id, json_object *form_values)
{
	if (r->principal.user_id > 0)
		json_object_object_add(form_values, "owner_id", json_object_new_string(db_int(r, r->principal.user_id)));
	return HE_OK;
}

static const struct res_hooks lead_hooks = {
	.check = lead_check, .form_data = lead_form_data, .list_data = lead_list_data, .new_form = lead_new_form,
};

static const char *const lead_show_fields[] = { "customer_name", "property_name", "deal_title", "communications", NULL };
static const struct res_field lead_read_fields[] = {
	FIELD_TEXT("campaign_name", 0, 200), FIELD_TEXT("owner_name", 0, 200),
	FIELD_ID("customer_id", V_NULLABLE), FIELD_ID("property_id", V_NULLABLE), FIELD_ID("deal_id", V_NULLABLE),
	FIELD_DATETIME("converted_at", V_NULLABLE),
	FIELD_TEXT("customer_name", 0, 200), FIELD_TEXT("property_name", 0, 200), FIELD_TEXT("deal_title", 0, 200),
	FIELD_ROWS("communications", NULL),
	FIELD_END,
};

const struct resource sales_lead_resource = {
	.name = "lead", .label = "Lead", .plural = "Leads", .path = "/leads",
	.family = "sales", .title_field = "name",
	.tpl_list = "sales/leads_list.cs", .tpl_show = "sales/lead_show.cs", .tpl_form = "sales/lead_form.cs",
	.fields = lead_fields,
	.get = &lead_get, .get_full = &lead_get_full, .get_for_update = &lead_get_for_update,
	.show_fields = lead_show_fields, .read_fields = lead_read_fields,
	.insert = &lead_insert, .update = &lead_update, .set_archived = &lead_archived_set,
	.sorts = lead_sorts, .list_stmts = lead_list_stmts, .list_params = lead_list_params,
	.filters = lead_filters, .csv_columns = lead_csv_columns, .csv_filename = "leads",
	.created_flash = "Lead added.", .saved_flash = "Lead saved.",
	.hooks = &lead_hooks, .event_prefix = "sales.lead_",
};

/* GET /leads (?q, status, owner_id, source, campaign_id, sort, archived, limit, after;
 * format=json|csv) → 200 list; 422 bad filter. */
RES_HANDLER(sales_lead_list, res_list, sales_lead_resource)
enum herr
sales_lead_page_record(struct request *r, long long id, json_object **out)
{
	return record_get(r, &lead_get_full, id, out);
}

/* GET /leads/:id → 200 the lead (what its conversion made, its latest
 * communications); 404. */
RES_HANDLER(sales_lead_show, res_show, sales_lead_resource)
/* GET /leads/new → 200 the empty form (owner: the signed-in user). */
RES_HANDLER(sales_lead_new, res_new, sales_lead_resource)
/* GET /leads/:id/edit → 200 the form; 404. */
RES_HANDLER(sales_lead_edit, res_edit, sales_lead_resource)
/* POST /leads → 201 + Location (HTML: 303); 422 field errors. */
RES_HANDLER(sales_lead_create, res_create, sales_lead_resource)
/* PATCH /leads/:id → 200; 404; 409 stale version; 422 (status converted, lost without a reason). */
RES_HANDLER(sales_lead_update, res_update, sales_lead_resource)
/* DELETE /leads/:id → 200 archived; 404. */
RES_HANDLER(sales_lead_archive, res_archive, sales_lead_resource)
/* POST /leads/:id/restore → 200; 404. */
RES_HANDLER(sales_lead_restore, res_restore, sales_lead_resource)
