/* hearth-inventory: the inventory family's whole surface. Every route
 * names the permission it needs; app.c checks it before the handler runs.
 * Order matters where patterns overlap: /products/new before /products/:id. */
#include "app.h"
#include "inventory.h"

static const struct route inventory_routes[] = {
	/* products */
	{ "GET",    "/products",                          inventory_product_list,      "inventory:read" },
	{ "POST",   "/products",                          inventory_product_create,    "inventory:write" },
	{ "GET",    "/products/new",                      inventory_product_new,       "inventory:write" },
	{ "GET",    "/products/export",                   inventory_catalog_export,    "inventory:read" },
	/* distributor price lists (before /products/:id, which would take "imports" as an id) */
	{ "GET",    "/products/imports",                  inventory_price_list_list,   "inventory:write" },
	{ "POST",   "/products/imports",                  inventory_price_list_upload, "inventory:write" },
	{ "GET",    "/products/imports/template",         inventory_price_list_template, "inventory:write" },
	{ "GET",    "/products/imports/:id",              inventory_price_list_show,   "inventory:write" },
	{ "POST",   "/products/imports/:id",              inventory_price_list_preview, "inventory:write" },
	{ "POST",   "/products/imports/:id/apply",        inventory_price_list_apply,  "inventory:write" },
	{ "POST",   "/products/imports/:id/cancel",       inventory_price_list_cancel, "inventory:write" },
	{ "GET",    "/products/imports/:id/errors",       inventory_price_list_errors, "inventory:write" },
	{ "GET",    "/products/imports/:id/changes",      inventory_price_list_changes, "inventory:write" },
	{ "GET",    "/products/:id",                      inventory_product_show,      "inventory:read" },
	{ "PATCH",  "/products/:id",                      inventory_product_update,    "inventory:write" },
	{ "DELETE", "/products/:id",                      inventory_product_archive,   "inventory:write" },
	{ "GET",    "/products/:id/edit",                 inventory_product_edit,      "inventory:write" },
	{ "POST",   "/products/:id/restore",              inventory_product_restore,   "inventory:write" },
	/* the catalog's structure: accessories, kits, what adding a product brings, its image */
	{ "GET",    "/products/:id/accessories",          inventory_accessory_list,    "inventory:read" },
	{ "POST",   "/products/:id/accessories",          inventory_accessory_add,     "inventory:write" },
	{ "DELETE", "/products/:id/accessories/:aid",     inventory_accessory_remove,  "inventory:write" },
	{ "GET",    "/products/:id/kit",                  inventory_kit_show,          "inventory:read" },
	{ "POST",   "/products/:id/kit",                  inventory_kit_set,           "inventory:write" },
	{ "DELETE", "/products/:id/kit",                  inventory_kit_unset,         "inventory:write" },
	{ "POST",   "/products/:id/kit/parts",            inventory_kit_part_set,      "inventory:write" },
	{ "DELETE", "/products/:id/kit/parts/:pid",       inventory_kit_part_remove,   "inventory:write" },
	{ "GET",    "/products/:id/expand",               inventory_product_expand,    "inventory:read" },
	{ "GET",    "/products/:id/image",                inventory_product_image,     "inventory:read" },
	{ "POST",   "/products/:id/image",                inventory_product_image_set, "inventory:write" },
	{ "DELETE", "/products/:id/image",                inventory_product_image_remove, "inventory:write" },
	/* where it sits inside a location (a shelf label) */
	{ "POST",   "/products/:id/bins",                 inventory_bin_set,           "inventory:write" },
	/* who sells a product */
	{ "GET",    "/products/:id/suppliers",            inventory_product_supplier_list,   "inventory:read" },
	{ "POST",   "/products/:id/suppliers",            inventory_product_supplier_create, "inventory:write" },
	{ "GET",    "/products/:id/suppliers/new",        inventory_product_supplier_new,    "inventory:write" },
	{ "GET",    "/product-suppliers/:id",             inventory_product_supplier_show,   "inventory:read" },
	{ "PATCH",  "/product-suppliers/:id",             inventory_product_supplier_update, "inventory:write" },
	{ "DELETE", "/product-suppliers/:id",             inventory_product_supplier_archive, "inventory:write" },
	{ "GET",    "/product-suppliers/:id/edit",        inventory_product_supplier_edit,   "inventory:write" },
	{ "POST",   "/product-suppliers/:id/restore",     inventory_product_supplier_restore, "inventory:write" },
	/* suppliers */
	{ "GET",    "/suppliers",                         inventory_supplier_list,     "inventory:read" },
	{ "POST",   "/suppliers",                         inventory_supplier_create,   "inventory:write" },
	{ "GET",    "/suppliers/new",                     inventory_supplier_new,      "inventory:write" },
	{ "GET",    "/suppliers/:id",                     inventory_supplier_show,     "inventory:read" },
	{ "PATCH",  "/suppliers/:id",                     inventory_supplier_update,   "inventory:write" },
	{ "DELETE", "/suppliers/:id",                     inventory_supplier_archive,  "inventory:write" },
	{ "GET",    "/suppliers/:id/edit",                inventory_supplier_edit,     "inventory:write" },
	{ "POST",   "/suppliers/:id/restore",             inventory_supplier_restore,  "inventory:write" },
	/* locations: warehouses, vans, sites; what each holds */
	{ "GET",    "/locations",                         inventory_location_list,     "inventory:read" },
	{ "POST",   "/locations",                         inventory_location_create,   "inventory:admin" },
	{ "GET",    "/locations/new",                     inventory_location_new,      "inventory:admin" },
	{ "GET",    "/locations/:id",                     inventory_location_show,     "inventory:read" },
	{ "PATCH",  "/locations/:id",                     inventory_location_update,   "inventory:admin" },
	{ "DELETE", "/locations/:id",                     inventory_location_archive,  "inventory:admin" },
	{ "GET",    "/locations/:id/edit",                inventory_location_edit,     "inventory:admin" },
	{ "POST",   "/locations/:id/restore",             inventory_location_restore,  "inventory:admin" },
	{ "GET",    "/locations/:id/stock",               inventory_location_stock,    "inventory:read" },
	/* stock-takes: a location's count sheet, a count applied, what it changed */
	{ "GET",    "/locations/:id/count",               inventory_count_sheet,       "inventory:read" },
	{ "POST",   "/locations/:id/count",               inventory_count_create,      "inventory:write" },
	{ "GET",    "/stock/counts/:id",                  inventory_count_show,        "inventory:read" },
	/* analytics */
	{ "GET",    "/stock/reports",                     inventory_report_index,      "inventory:read" },
	{ "GET",    "/stock/reports/value",               inventory_report_value,      "inventory:read" },
	{ "GET",    "/stock/reports/turnover",            inventory_report_turnover,   "inventory:read" },
	{ "GET",    "/stock/reports/dead",                inventory_report_dead,       "inventory:read" },
	{ "GET",    "/stock/reports/low",                 inventory_report_low,        "inventory:read" },
	/* the ledger */
	{ "GET",    "/stock/moves",                       inventory_move_list,         "inventory:read" },
	{ "POST",   "/stock/moves",                       inventory_move_create,       "inventory:write" },
	{ "GET",    "/stock/moves/new",                   inventory_move_new,          "inventory:write" },
	{ "GET",    "/stock/moves/:id",                   inventory_move_show,         "inventory:read" },
	/* allocations to projects and tickets */
	{ "GET",    "/allocations",                       inventory_allocation_list,   "inventory:read" },
	{ "POST",   "/allocations",                       inventory_allocation_create, "inventory:write" },
	{ "GET",    "/allocations/:id",                   inventory_allocation_show,   "inventory:read" },
	{ "POST",   "/allocations/:id/release",           inventory_allocation_release, "inventory:write" },
	{ "POST",   "/allocations/:id/consume",           inventory_allocation_consume, "inventory:write" },
	/* purchasing: purchase orders, receiving, reorder suggestions, materials for projects and tickets */
	{ "GET",    "/purchase-orders",                   inventory_po_list,           "inventory:read" },
	{ "POST",   "/purchase-orders",                   inventory_po_create,         "inventory:write" },
	{ "GET",    "/purchase-orders/new",               inventory_po_new,            "inventory:write" },
	{ "GET",    "/purchase-orders/reorder",           inventory_reorder_list,      "inventory:read" },
	{ "POST",   "/purchase-orders/reorder",           inventory_reorder_create,    "inventory:write" },
	{ "GET",    "/purchase-orders/to-order",          inventory_to_order_list,     "inventory:read" },
	{ "POST",   "/purchase-orders/to-order",          inventory_to_order_create,   "inventory:write" },
	{ "GET",    "/purchase-orders/:id",               inventory_po_show,           "inventory:read" },
	{ "PATCH",  "/purchase-orders/:id",               inventory_po_update,         "inventory:write" },
	{ "GET",    "/purchase-orders/:id/edit",          inventory_po_edit,           "inventory:write" },
	{ "GET",    "/purchase-orders/:id/print",         inventory_po_print,          "inventory:read" },
	{ "POST",   "/purchase-orders/:id/send",          inventory_po_send,           "inventory:write" },
	{ "POST",   "/purchase-orders/:id/cancel",        inventory_po_cancel,         "inventory:write" },
	{ "POST",   "/purchase-orders/:id/close",         inventory_po_close,          "inventory:write" },
	{ "POST",   "/purchase-orders/:id/lines",         inventory_po_line_add,       "inventory:write" },
	{ "PATCH",  "/purchase-orders/:id/lines/:line_id", inventory_po_line_update,   "inventory:write" },
	{ "DELETE", "/purchase-orders/:id/lines/:line_id", inventory_po_line_delete,   "inventory:write" },
	{ "GET",    "/purchase-orders/:id/receive",       inventory_po_receive_form,   "inventory:write" },
	{ "POST",   "/purchase-orders/:id/receive",       inventory_po_receive,        "inventory:write" },
	{ "GET",    "/materials",                         inventory_material_list,     "inventory:read" },
	{ "POST",   "/materials",                         inventory_material_create,   "inventory:write" },
	/* serial numbers and MACs of serialised products */
	{ "GET",    "/serials",                           inventory_serial_list,       "inventory:read" },
	{ "GET",    "/serials/:id",                       inventory_serial_show,       "inventory:read" },
};

static const struct app inventory_app = {
	.family  = "inventory",
	.routes  = inventory_routes,
	.nroutes = sizeof(inventory_routes) / sizeof(inventory_routes[0]),
	.init    = NULL,
};

int
main(int argc, char **argv)
{
	return app_main(&inventory_app, argc, argv);
}
