/* hearth-customers: the customers family's whole surface. Every route
 * names the permission it needs; app.c checks it before the handler runs.
 * Order matters where patterns overlap: /customers/new before /customers/:id. */
#include "app.h"
#include "customers.h"

static const struct route customers_routes[] = {
	/* imports (before /customers/:id, which would take "imports" as an id) */
	{ "GET",    "/customers/imports",                 customers_import_list,        "customers:write" },
	{ "POST",   "/customers/imports",                 customers_import_upload,      "customers:write" },
	{ "GET",    "/customers/imports/template",        customers_import_template,    "customers:write" },
	{ "GET",    "/customers/imports/:id",             customers_import_show,        "customers:write" },
	{ "POST",   "/customers/imports/:id",             customers_import_preview,     "customers:write" },
	{ "POST",   "/customers/imports/:id/apply",       customers_import_apply,       "customers:write" },
	{ "POST",   "/customers/imports/:id/cancel",      customers_import_cancel,      "customers:write" },
	{ "POST",   "/customers/imports/:id/undo",        customers_import_undo,        "customers:write" },
	{ "GET",    "/customers/imports/:id/errors",      customers_import_errors,      "customers:write" },
	/* customers */
	{ "GET",    "/customers",                         customers_customer_list,      "customers:read" },
	{ "POST",   "/customers",                         customers_customer_create,    "customers:write" },
	{ "GET",    "/customers/new",                     customers_customer_new,       "customers:write" },
	{ "GET",    "/customers/:id",                     customers_customer_show,      "customers:read" },
	{ "PATCH",  "/customers/:id",                     customers_customer_update,    "customers:write" },
	{ "DELETE", "/customers/:id",                     customers_customer_archive,   "customers:write" },
	{ "GET",    "/customers/:id/edit",                customers_customer_edit,      "customers:write" },
	{ "POST",   "/customers/:id/restore",             customers_customer_restore,   "customers:write" },
	/* contacts */
	{ "GET",    "/customers/:id/contacts",            customers_contact_list,       "customers:read" },
	{ "POST",   "/customers/:id/contacts",            customers_contact_create,     "customers:write" },
	{ "GET",    "/customers/:id/contacts/new",        customers_contact_new,        "customers:write" },
	{ "GET",    "/contacts",                          customers_contact_list,       "customers:read" },
	{ "GET",    "/contacts/:id",                      customers_contact_show,       "customers:read" },
	{ "PATCH",  "/contacts/:id",                      customers_contact_update,     "customers:write" },
	{ "DELETE", "/contacts/:id",                      customers_contact_archive,    "customers:write" },
	{ "GET",    "/contacts/:id/edit",                 customers_contact_edit,       "customers:write" },
	{ "POST",   "/contacts/:id/restore",              customers_contact_restore,    "customers:write" },
	/* properties */
	{ "GET",    "/customers/:id/properties",          customers_property_list,      "customers:read" },
	{ "POST",   "/customers/:id/properties",          customers_property_create,    "customers:write" },
	{ "GET",    "/customers/:id/properties/new",      customers_property_new,       "customers:write" },
	{ "GET",    "/properties",                        customers_property_list,      "customers:read" },
	{ "GET",    "/properties/:id",                    customers_property_show,      "customers:read" },
	{ "PATCH",  "/properties/:id",                    customers_property_update,    "customers:write" },
	{ "DELETE", "/properties/:id",                    customers_property_archive,   "customers:write" },
	{ "GET",    "/properties/:id/edit",               customers_property_edit,      "customers:write" },
	{ "POST",   "/properties/:id/restore",            customers_property_restore,   "customers:write" },
	/* communications */
	{ "GET",    "/customers/:id/communications",      customers_communication_list, "customers:read" },
	{ "POST",   "/customers/:id/communications",      customers_communication_create, "customers:write" },
	{ "GET",    "/customers/:id/communications/new",  customers_communication_new,  "customers:write" },
	{ "GET",    "/communications",                    customers_communication_list, "customers:read" },
	{ "GET",    "/communications/:id",                customers_communication_show, "customers:read" },
	{ "PATCH",  "/communications/:id",                customers_communication_update, "customers:write" },
	{ "DELETE", "/communications/:id",                customers_communication_archive, "customers:write" },
	{ "GET",    "/communications/:id/edit",           customers_communication_edit, "customers:write" },
	{ "POST",   "/communications/:id/restore",        customers_communication_restore, "customers:write" },
	/* documents */
	{ "GET",    "/customers/:id/documents",           customers_document_list,      "customers:read" },
	{ "POST",   "/customers/:id/documents",           customers_document_create,    "customers:write" },
	{ "GET",    "/documents",                         customers_document_list,      "customers:read" },
	{ "GET",    "/documents/:id",                     customers_document_show,      "customers:read" },
	{ "GET",    "/documents/:id/download",            customers_document_download,  "customers:read" },
	{ "PATCH",  "/documents/:id",                     customers_document_update,    "customers:write" },
	{ "DELETE", "/documents/:id",                     customers_document_archive,   "customers:write" },
	{ "POST",   "/documents/:id/restore",             customers_document_restore,   "customers:write" },
};

static const struct app customers_app = {
	.family  = "customers",
	.routes  = customers_routes,
	.nroutes = sizeof(customers_routes) / sizeof(customers_routes[0]),
	.init    = NULL,
};

int
main(int argc, char **argv)
{
	return app_main(&customers_app, argc, argv);
}
