/* The inventory family: the catalog (products, suppliers, who sells
 * what), locations, the stock ledger and levels, and allocations to
 * projects and tickets (docs/inventory.md). Each handler's comment says
 * what it reads and answers. */
#ifndef HEARTH_INVENTORY_H
#define HEARTH_INVENTORY_H

#include <string.h>
#include "record.h"
#include "resource.h"
#include "route.h"

/* A count of units or products as a read-only column (levels, totals,
 * sums): never negative (sql/031's CHECKs), an integer in JSON. */
#define INVENTORY_COUNT(n_) FIELD_INT(n_, V_REQUIRED, 0, 9007199254740991LL)

/* products.c */
extern const char *const inventory_product_units[];
extern const char *const inventory_categories[];
enum herr inventory_product_list(struct request *r);
enum herr inventory_product_new(struct request *r);
enum herr inventory_product_create(struct request *r);
enum herr inventory_product_show(struct request *r);
enum herr inventory_product_edit(struct request *r);
enum herr inventory_product_update(struct request *r);
enum herr inventory_product_archive(struct request *r);
enum herr inventory_product_restore(struct request *r);

/* suppliers.c */
enum herr inventory_supplier_list(struct request *r);
enum herr inventory_supplier_new(struct request *r);
enum herr inventory_supplier_create(struct request *r);
enum herr inventory_supplier_show(struct request *r);
enum herr inventory_supplier_edit(struct request *r);
enum herr inventory_supplier_update(struct request *r);
enum herr inventory_supplier_archive(struct request *r);
enum herr inventory_supplier_restore(struct request *r);

/* product_suppliers.c */
enum herr inventory_product_supplier_list(struct request *r);
enum herr inventory_product_supplier_new(struct request *r);
enum herr inventory_product_supplier_create(struct request *r);
enum herr inventory_product_supplier_show(struct request *r);
enum herr inventory_product_supplier_edit(struct request *r);
enum herr inventory_product_supplier_update(struct request *r);
enum herr inventory_product_supplier_archive(struct request *r);
enum herr inventory_product_supplier_restore(struct request *r);

/* locations.c */
extern const char *const inventory_location_kinds[];
enum herr inventory_location_list(struct request *r);
enum herr inventory_location_new(struct request *r);
enum herr inventory_location_create(struct request *r);
enum herr inventory_location_show(struct request *r);
enum herr inventory_location_edit(struct request *r);
enum herr inventory_location_update(struct request *r);
enum herr inventory_location_archive(struct request *r);
enum herr inventory_location_restore(struct request *r);
enum herr inventory_location_stock(struct request *r);

/* stock.c */
enum herr inventory_move_list(struct request *r);
enum herr inventory_move_new(struct request *r);
enum herr inventory_move_create(struct request *r);
enum herr inventory_move_show(struct request *r);
enum herr inventory_allocation_list(struct request *r);
enum herr inventory_allocation_show(struct request *r);
enum herr inventory_allocation_create(struct request *r);
enum herr inventory_allocation_release(struct request *r);
enum herr inventory_allocation_consume(struct request *r);
/* counts.c */
enum herr inventory_count_sheet(struct request *r);
enum herr inventory_count_create(struct request *r);
enum herr inventory_count_show(struct request *r);

/* reports.c */
enum herr inventory_report_index(struct request *r);
enum herr inventory_report_value(struct request *r);
enum herr inventory_report_turnover(struct request *r);
enum herr inventory_report_dead(struct request *r);
enum herr inventory_report_low(struct request *r);

/* A form's choices: st (no parameters) answers one JSON value, added to
 * data as key (the page shows without it when it cannot be read). */
enum herr inventory_choices(struct request *r, struct db_stmt *st, const char *key, json_object *data);

/* v is one of choices (NULL-terminated). */
static inline int
inventory_choice_ok(const char *const *choices, const char *v)
{
	for (int i = 0; choices[i]; i++)
		if (strcmp(choices[i], v) == 0)
			return 1;
	return 0;
}

/* v is a positive id in decimal (a preselection from the query string). */
static inline int
inventory_id_ok(const char *v)
{
	size_t n = strlen(v);
	return n > 0 && n <= 18 && strspn(v, "0123456789") == n && strspn(v, "0") < n;
}

#endif
