/* hearth-sales: the sales family's whole surface. Every route names the
 * permission it needs; app.c checks it before the handler runs. Order
 * matters where patterns overlap: /leads/new before /leads/:id. */
#include "app.h"
#include "sales.h"

static const struct route sales_routes[] = {
	/* leads */
	{ "GET",    "/leads",                  sales_lead_list,         "sales:read" },
	{ "POST",   "/leads",                  sales_lead_create,       "sales:write" },
	{ "GET",    "/leads/new",              sales_lead_new,          "sales:write" },
	/* web-form capture: public, the form's key and signature or honeypot are the checks (capture.c) */
	{ "POST",   "/leads/capture",          sales_lead_capture,      PERM_PUBLIC, ROUTE_NO_CSRF },
	{ "GET",    "/leads/:id",              sales_lead_show,         "sales:read" },
	{ "PATCH",  "/leads/:id",              sales_lead_update,       "sales:write" },
	{ "DELETE", "/leads/:id",              sales_lead_archive,      "sales:write" },
	{ "GET",    "/leads/:id/edit",         sales_lead_edit,         "sales:write" },
	{ "POST",   "/leads/:id/restore",      sales_lead_restore,      "sales:write" },
	/* what was said and done with a lead: calls, emails, meetings, notes (lead_comms.c) */
	{ "GET",    "/leads/:id/communications", sales_lead_comm_list,  "sales:read" },
	{ "POST",   "/leads/:id/communications", sales_lead_comm_create, "sales:write" },
	/* converting a lead: customer (new or picked among duplicates), contact, property and deal */
	{ "GET",    "/leads/:id/convert",      sales_lead_convert_form, "sales:write" },
	{ "POST",   "/leads/:id/convert",      sales_lead_convert,      "sales:write" },
	/* deals: the pipeline's records */
	{ "GET",    "/deals",                  sales_deal_list,         "sales:read" },
	{ "POST",   "/deals",                  sales_deal_create,       "sales:write" },
	{ "GET",    "/deals/new",              sales_deal_new,          "sales:write" },
	{ "GET",    "/deals/board",            sales_deal_board,        "sales:read" },
	{ "GET",    "/deals/:id",              sales_deal_show,         "sales:read" },
	{ "PATCH",  "/deals/:id",              sales_deal_update,       "sales:write" },
	{ "DELETE", "/deals/:id",              sales_deal_archive,      "sales:write" },
	{ "GET",    "/deals/:id/edit",         sales_deal_edit,         "sales:write" },
	{ "POST",   "/deals/:id/restore",      sales_deal_restore,      "sales:write" },
	/* capture forms: their keys, secrets and snippets (sales admins) */
	{ "GET",    "/sales/forms",            sales_capture_form_list,    "sales:admin" },
	{ "POST",   "/sales/forms",            sales_capture_form_create,  "sales:admin" },
	{ "GET",    "/sales/forms/new",        sales_capture_form_new,     "sales:admin" },
	{ "GET",    "/sales/forms/:id",        sales_capture_form_show,    "sales:admin" },
	{ "PATCH",  "/sales/forms/:id",        sales_capture_form_update,  "sales:admin" },
	{ "DELETE", "/sales/forms/:id",        sales_capture_form_archive, "sales:admin" },
	{ "GET",    "/sales/forms/:id/edit",   sales_capture_form_edit,    "sales:admin" },
	{ "POST",   "/sales/forms/:id/restore", sales_capture_form_restore, "sales:admin" },
	{ "POST",   "/sales/forms/:id/secret", sales_capture_form_secret,  "sales:admin" },
	/* the forecast: weighted pipeline and won revenue by month (forecast.c) */
	{ "GET",    "/sales/forecast",         sales_forecast,          "sales:read" },
	/* the pipeline's stages: rename, reorder, probabilities, add, archive (stages.c) */
	{ "GET",    "/sales/stages",           sales_stage_list,        "sales:admin" },
	{ "POST",   "/sales/stages",           sales_stage_create,      "sales:admin" },
	{ "GET",    "/sales/stages/:id",       sales_stage_show,        "sales:admin" },
	{ "PATCH",  "/sales/stages/:id",       sales_stage_update,      "sales:admin" },
	{ "DELETE", "/sales/stages/:id",       sales_stage_archive,     "sales:admin" },
	{ "POST",   "/sales/stages/:id/move",  sales_stage_move,        "sales:admin" },
	/* campaigns: what leads and deals are attributed to */
	{ "GET",    "/campaigns",              sales_campaign_list,     "sales:read" },
	{ "POST",   "/campaigns",              sales_campaign_create,   "sales:write" },
	{ "GET",    "/campaigns/new",          sales_campaign_new,      "sales:write" },
	{ "GET",    "/campaigns/:id",          sales_campaign_show,     "sales:read" },
	{ "PATCH",  "/campaigns/:id",          sales_campaign_update,   "sales:write" },
	{ "DELETE", "/campaigns/:id",          sales_campaign_archive,  "sales:write" },
	{ "GET",    "/campaigns/:id/edit",     sales_campaign_edit,     "sales:write" },
	{ "POST",   "/campaigns/:id/restore",  sales_campaign_restore,  "sales:write" },
};

static const struct app sales_app = {
	.family  = "sales",
	.routes  = sales_routes,
	.nroutes = sizeof(sales_routes) / sizeof(sales_routes[0]),
	.init    = NULL,
};

int
main(int argc, char **argv)
{
	return app_main(&sales_app, argc, argv);
}
