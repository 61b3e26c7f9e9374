/* stock.c: the ledger (GET /stock/moves), moves made by people (receipt,
 * transfer, adjustment, write-off, return: POST /stock/moves) and
 * allocations of stock to projects and tickets (reserve, release,
 * consume). Every change is one call of sql/031's functions, which keep
 * the levels and the ledger in step and refuse what would take more than
 * is there; this file reads input, maps a refusal to its field, and
 * writes the audit row and the event in the same transaction. */
#include <stdlib.h>
#include <string.h>
#include "inventory.h"
#include "record.h"
#include "resource.h"
#include "resp.h"
#include "serial_input.h"

static const char *const move_kinds[] = { "receipt", "transfer", "adjustment", "write_off", "return", NULL };
static const char *const all_move_kinds[] = {
	"receipt", "transfer", "adjustment", "write_off", "return", "allocation", "release", "consumption", NULL
};
static const char *const doc_types[] = { "project", "ticket", NULL };
#define QTY_MAX 1000000

/* ---- shared ---- */

enum herr
inventory_choices(struct request *r, struct db_stmt *st, const char *key, json_object *data)
{
	PGresult *res = db_q0(r, st);
	if (res == NULL || PQntuples(res) != 1)
		return HE_OK;             /* the page shows without choices */
	json_object_object_add(data, key, json_tokener_parse(PQgetvalue(res, 0, 0)));
	return HE_OK;
}

/* A refusal from sql/031 (23514, the field as constraint name) becomes the
 * field's message (422); any other failure is the database's. */
static enum herr
stock_refusal(struct request *r)
{
	static const char *const fields[] = {
		"qty", "product_id", "from_location_id", "to_location_id", "location_id", "reason", "kind",
		"doc_type", "doc_id", "allocation_id", "serials", NULL
	};
	if (strcmp(db_sqlstate(), "23514") == 0)
		for (int i = 0; fields[i]; i++)
			if (strcmp(db_constraint(), fields[i]) == 0) {
				resp_field_error(r, fields[i], db_message());
				return HE_INVALID;
			}
	if (strcmp(db_sqlstate(), "23514") == 0) {   /* a stock table's own CHECK: the backstop */
		resp_field_error(r, "qty", "There is not enough stock for this change.");
		return HE_INVALID;
	}
	return db_fail(r);
}

/* sql/040's deferred check (a serialised product's stock has its serials)
 * now rather than at COMMIT, so its refusal is the serials field's. */
DB_STMT(stock_serials_check_now, "SELECT inventory.serials_check_now()");

static int
serials_checked(struct request *r)
{
	return db_q0(r, &stock_serials_check_now) != NULL;
}

/* product_id, or a product by its sku (scanners and people type SKUs). */
DB_STMT(stock_product_by_sku, "SELECT p.id FROM inventory.products p WHERE lower(p.sku) = lower($1)");

static const char *
read_product(struct request *r, struct form *f)
{
	int ok, errors = f->nerr;
	long long id = form_int(f, "product_id", V_NULLABLE, 1, 999999999999999999LL, &ok);
	const char *sku = form_text(f, "sku", 0, 64);
	if (ok)
		return db_int(r, id);
	if (f->nerr > errors)
		return NULL;
	if (sku == NULL || *sku == '\0') {
		form_error(f, "product_id", "Choose a product (its id or its SKU).");
		return NULL;
	}
	PGresult *res = db_q(r, &stock_product_by_sku, sku);
	if (res == NULL || PQntuples(res) == 0) {
		form_error(f, "sku", "No product has this SKU.");
		return NULL;
	}
	return PQgetvalue(res, 0, 0);
}

DB_STMT(stock_location_choices,
    "SELECT coalesce(json_agg(json_build_object('id', o.id, 'name', o.name, 'kind', o.kind)"
    " ORDER BY o.kind <> 'warehouse', lower(o.name), o.id), '[]')"
    " FROM inventory.locations o WHERE o.archived_at IS NULL");
DB_STMT(stock_product_brief,
    "SELECT p.id, p.sku, p.name, p.unit, p.serialised, p.archived_at FROM inventory.products p WHERE p.id = $1");

/* The move form's page data: the locations, and the product when known. */
static json_object *
move_page_data(struct request *r, const char *product_id)
{
	json_object *d = req_obj(r);
	enum herr e = inventory_choices(r, &stock_location_choices, "locations", d);
	(void)e;
	if (product_id != NULL) {
		PGresult *res = db_q(r, &stock_product_brief, product_id);
		if (res != NULL && PQntuples(res) == 1)
			json_object_object_add(d, "product", db_row_json(res, 0));
	}
	return d;
}

/* ---- the ledger ---- */

/* Newest first by id (ids grow with time). $1 product, $2 location, $3
 * kind, $4/$5 cursor (the id twice), $6 limit+1. Without a location:
 * stock_moves_product_idx for a product, else the primary key, walked
 * backward. A location is where a move comes from or goes to: one
 * bounded walk of each of stock_moves_from_idx and _to_idx, merged (as
 * one OR the planner walked the primary key: 0.8 s at 2.3M moves; a move
 * never has one location on both sides, so nothing is counted twice). */
#define MOVE_COLS \
	"m.id, m.at, m.kind, m.product_id, p.sku, p.name AS product_name, p.unit, m.qty," \
	" m.from_location_id, fl.name AS from_name, m.to_location_id, tl.name AS to_name, m.reason, m.doc_type," \
	" m.doc_id, m.doc_ref, m.user_id, u.name AS user_name"
#define MOVE_LIST_COLS MOVE_COLS ", m.id AS sort_key"
#define MOVE_LIST_JOINS \
	" JOIN inventory.products p ON p.id = m.product_id" \
	" LEFT JOIN inventory.locations fl ON fl.id = m.from_location_id" \
	" LEFT JOIN inventory.locations tl ON tl.id = m.to_location_id" \
	" LEFT JOIN auth.user_names u ON u.id = m.user_id"
#define MOVE_LIST_WHERE \
	"($1::bigint IS NULL OR m.product_id = $1) AND ($3::text IS NULL OR m.kind = $3)" \
	" AND ($4::text IS NULL OR m.id < $5::bigint)"
DB_STMT_PLANNED(move_list,
    "SELECT " MOVE_LIST_COLS " FROM inventory.stock_moves m" MOVE_LIST_JOINS
    " WHERE " MOVE_LIST_WHERE " AND ($2::bigint IS NULL OR true)"
    " ORDER BY m.id DESC LIMIT $6");
#define MOVE_SIDE(col) \
	"(SELECT m.* FROM inventory.stock_moves m WHERE m." col " = $2 AND " MOVE_LIST_WHERE \
	" ORDER BY m.id DESC LIMIT $6)"
DB_STMT_PLANNED(move_list_location,
    "SELECT " MOVE_LIST_COLS " FROM (" MOVE_SIDE("from_location_id") " UNION ALL " MOVE_SIDE("to_location_id")
    ") m" MOVE_LIST_JOINS " ORDER BY m.id DESC LIMIT $6");
static struct db_stmt *const move_list_stmts[] = { &move_list };
static const struct list_sort move_sorts[] = {
	{ "-at", "Newest", "sort_key" },
	{ NULL, NULL, NULL },
};
static const struct res_filter move_filters[] = {
	FILTER_ID("product_id"),
	FILTER_ID("location_id"),
	FILTER_CHOICE("kind", all_move_kinds,
	    "Choose receipt, transfer, adjustment, write_off, return, allocation, release or consumption."),
	FILTER_END,
};
static const enum res_lparam move_list_params[] = {
	LP_FILTER(0), LP_FILTER(1), LP_FILTER(2), LP_AFTER_KEY, LP_AFTER_ID, LP_LIMIT1, LP_END,
};
static const char *const move_csv_columns[] = {
	"id", "at", "kind", "product_id", "sku", "product_name", "qty", "from_location_id", "from_name",
	"to_location_id", "to_name", "reason", "doc_type", "doc_id", "doc_ref", "user_id", "user_name", NULL,
};
static const char *const move_doc_types[] = { "", "delivery", "po", "project", "ticket", "count", NULL };
/* A ledger row's columns (all read only), for the API contract. */
static const struct res_field move_read_fields[] = {
	FIELD_DATETIME("at", V_REQUIRED), FIELD_ENUM("kind", V_REQUIRED, all_move_kinds, NULL),
	FIELD_ID("product_id", V_REQUIRED), FIELD_TEXT("sku", V_REQUIRED, 64), FIELD_TEXT("product_name", V_REQUIRED, 200),
	FIELD_ENUM("unit", V_REQUIRED, inventory_product_units, NULL), FIELD_INT("qty", V_REQUIRED, 1, QTY_MAX),
	FIELD_ID("from_location_id", V_NULLABLE), FIELD_TEXT("from_name", 0, 200),
	FIELD_ID("to_location_id", V_NULLABLE), FIELD_TEXT("to_name", 0, 200),
	FIELD_TEXT("reason", V_REQUIRED, 500), FIELD_ENUM("doc_type", V_REQUIRED, move_doc_types, NULL),
	FIELD_ID("doc_id", V_NULLABLE), FIELD_TEXT("doc_ref", V_REQUIRED, 100),
	FIELD_ID("user_id", V_NULLABLE), FIELD_TEXT("user_name", 0, 200),
	FIELD_ROWS("serials", "/serials"),
	FIELD_END,
};
static const struct resource move_resource = {
	.name = "stock_move", .label = "Stock move", .plural = "Stock moves", .path = "/stock/moves",
	.family = "inventory", .title_field = "kind",
	.tpl_list = "inventory/moves_list.cs", .read_fields = move_read_fields,
	.sorts = move_sorts, .list_stmts = move_list_stmts, .list_params = move_list_params,
	.filters = move_filters, .csv_columns = move_csv_columns, .csv_filename = "stock-moves",
};

/* GET /stock/moves (?product_id, location_id, kind, limit, after;
 * format=json|csv) → 200 the ledger, newest first; 422 bad filter. A
 * location runs its own statement (above). */
enum herr
inventory_move_list(struct request *r)
{
	struct res_list_ctx lc;
	enum herr e = res_list_begin(r, &move_resource, &lc);
	if (e != HE_OK)
		return e;
	const char *vals[8];
	int n = res_list_params(r, &move_resource, &lc, vals, 8);
	PGresult *rows = db_exec(r, lc.filter_values[1] ? &move_list_location : &move_list, n, vals);
	if (rows == NULL)
		return db_fail(r);
	return res_list_answer(r, &move_resource, &lc, rows);
}
RES_API(inventory_move_list, res_list, move_resource)

/* One move, with the serials it moved (sql/040), by serial. */
DB_STMT(move_get, "SELECT " MOVE_COLS ","
    " (SELECT coalesce(json_agg(json_build_object('id', s.id, 'serial', s.serial, 'mac', s.mac::text)"
    "    ORDER BY lower(s.serial) COLLATE \"C\", s.id), '[]')"
    "  FROM inventory.serial_moves sm JOIN inventory.serials s ON s.id = sm.serial_id WHERE sm.move_id = m.id) AS serials"
    " FROM inventory.stock_moves m" MOVE_LIST_JOINS " WHERE m.id = $1");

/* GET /stock/moves/:id → 200 one ledger row as the ledger lists it, with
 * its url (what a list item and POST /stock/moves link to); 404. A move
 * is never changed, so it has no version and no form. */
enum herr
inventory_move_show(struct request *r)
{
	long long id = req_param_id(r, "id");
	if (id <= 0)
		return HE_NOT_FOUND;
	json_object *m;
	enum herr e = record_get(r, &move_get, id, &m);
	if (e != HE_OK)
		return e;
	res_links(r, &move_resource, m);
	const char *title = arena_printf(r->arena, "Stock move %lld", id);
	record_crumbs(r, title, "Stock moves", "/stock/moves", title, NULL, NULL);
	json_object_object_add(req_page(r), "family", json_object_new_string("inventory"));
	return resp_ok(r, "inventory/move_show.cs", m);
}

/* GET /stock/moves/new (?kind, product_id, from_location_id) → 200 the form. */
enum herr
inventory_move_new(struct request *r)
{
	const char *pid = req_query(r, "product_id");
	json_object *fv = req_obj(r);
	const char *kind = req_query(r, "kind");
	json_object_object_add(fv, "kind", json_object_new_string(kind && inventory_choice_ok(move_kinds, kind)
	    ? kind : "transfer"));
	if (pid != NULL && inventory_id_ok(pid))
		json_object_object_add(fv, "product_id", json_object_new_string(pid));
	else
		pid = NULL;
	const char *from = req_query(r, "from_location_id");
	if (from != NULL && inventory_id_ok(from))
		json_object_object_add(fv, "from_location_id", json_object_new_string(from));
	req_set_form_values(r, fv);
	record_crumbs(r, "Move stock", "Stock moves", "/stock/moves", "Move stock", NULL, NULL);
	json_object_object_add(req_page(r), "family", json_object_new_string("inventory"));
	return resp_ok(r, "inventory/move_form.cs", move_page_data(r, pid));
}

DB_STMT(stock_move_stmt,
    "SELECT m.id, m.at, m.kind, m.product_id, m.qty, m.from_location_id, m.to_location_id, m.reason,"
    " m.doc_type, m.doc_id, m.doc_ref, m.user_id FROM inventory.move($1, $2, $3, $4, $5, $6, $7, NULL, $8) m");

/* POST /stock/moves {kind: receipt|transfer|adjustment|write_off|return,
 * product_id or sku, qty (whole, >= 1), from_location_id, to_location_id,
 * reason (adjustment, write-off), doc_ref (delivery note...)} → 201 the
 * ledger row (HTML: 303 to the product); 422 with the field at fault
 * (more than available, a location missing or archived, no reason...;
 * HTML: the form again). Audit stock_move.create, event
 * inventory.stock_moved; inventory.stock_low when the product just got low. */
enum herr
inventory_move_create(struct request *r)
{
	enum herr e = db_begin(r);
	if (e != HE_OK)
		return e;
	struct form f;
	int ok;
	form_begin(&f, r, NULL);
	const char *kind = form_enum(&f, "kind", V_REQUIRED, move_kinds, NULL);
	const char *pid = read_product(r, &f);
	form_int(&f, "qty", V_REQUIRED, 1, QTY_MAX, &ok);
	form_int(&f, "from_location_id", V_NULLABLE, 1, 999999999999999999LL, &ok);
	form_int(&f, "to_location_id", V_NULLABLE, 1, 999999999999999999LL, &ok);
	form_text(&f, "reason", 0, 500);
	form_text(&f, "doc_ref", 0, 100);
	struct serial_input serials;
	inventory_serials_field(&f, "serials", &serials);
	PGresult *res = NULL;
	if (form_ok(&f)) {
		const char *ref = form_get(&f, "doc_ref");
		res = db_q(r, &stock_move_stmt, kind, pid, form_get(&f, "qty"), form_get(&f, "from_location_id"),
		    form_get(&f, "to_location_id"), form_get(&f, "reason"),
		    ref && *ref && strcmp(kind, "receipt") == 0 ? "delivery" : "", ref);
		/* a serialised product's units, one serial each (sql/040 checks the
		 * count and where each one is; a product without serials takes none) */
		if (res != NULL && (inventory_serials_attach(r, atoll(PQgetvalue(res, 0, 0)), &serials) != HE_OK ||
		    !serials_checked(r)))
			res = NULL;
		if (res == NULL && (e = stock_refusal(r)) != HE_INVALID)
			return e;
	}
	if (res == NULL) {
		db_rollback(r);
		record_crumbs(r, "Move stock", "Stock moves", "/stock/moves", "Move stock", NULL, NULL);
		json_object_object_add(req_page(r), "family", json_object_new_string("inventory"));
		return record_form_again(r, HE_INVALID, "inventory/move_form.cs", move_page_data(r, pid));
	}
	json_object *m = req_json(r, db_row_json(res, 0));
	long long id = record_int(m, "id");
	if ((e = record_commit(r, "stock_move.create", "stock_move", id, NULL, m, "inventory.stock_moved")) != HE_OK)
		return e;
	res_links(r, &move_resource, m);      /* after the event: its data stays the ledger row */
	static const char *const done[] = {
		"Stock received.", "Stock transferred.", "Stock adjusted.", "Stock written off.", "Return recorded.",
	};
	int k = 0;
	while (move_kinds[k] && strcmp(move_kinds[k], kind) != 0)
		k++;
	return record_done(r, 1, arena_printf(r->arena, "/products/%lld", record_int(m, "product_id")),
	    done[k < 5 ? k : 0], m);
}

/* ---- allocations ---- */

#define ALLOCATION_COLS \
	"a.id, a.product_id, p.sku, p.name AS product_name, a.location_id, o.name AS location_name, a.doc_type," \
	" a.doc_id, a.qty, a.consumed, a.version, a.created_at, a.updated_at"
#define ALLOCATION_FROM \
	" FROM inventory.allocations a JOIN inventory.products p ON p.id = a.product_id" \
	" JOIN inventory.locations o ON o.id = a.location_id"

DB_STMT(allocation_get, "SELECT " ALLOCATION_COLS ALLOCATION_FROM " WHERE a.id = $1");
/* Each returns the allocation as allocation_get shows it. */
DB_STMT(allocation_reserve,
    "SELECT " ALLOCATION_COLS " FROM inventory.allocate($1, $2, $3, $4, $5, $6) a"
    " JOIN inventory.products p ON p.id = a.product_id JOIN inventory.locations o ON o.id = a.location_id");
DB_STMT(allocation_release,
    "SELECT " ALLOCATION_COLS " FROM inventory.release($1, $2, $3) a"
    " JOIN inventory.products p ON p.id = a.product_id JOIN inventory.locations o ON o.id = a.location_id");
DB_STMT(allocation_consume,
    "SELECT " ALLOCATION_COLS " FROM inventory.consume($1, $2, $3) a"
    " JOIN inventory.products p ON p.id = a.product_id JOIN inventory.locations o ON o.id = a.location_id");

/* The same with named serials (sql/040): reserve these serials, or
 * consume or release them; qty is their count. */
DB_STMT(allocation_reserve_serials,
    "SELECT " ALLOCATION_COLS " FROM inventory.allocate_serials($1::bigint, $2::bigint, $3, $4::bigint, $5::text[], $6) a"
    " JOIN inventory.products p ON p.id = a.product_id JOIN inventory.locations o ON o.id = a.location_id");
DB_STMT(allocation_release_serials,
    "SELECT " ALLOCATION_COLS " FROM inventory.release_serials($1, $2::text[], $3) a"
    " JOIN inventory.products p ON p.id = a.product_id JOIN inventory.locations o ON o.id = a.location_id");
DB_STMT(allocation_consume_serials,
    "SELECT " ALLOCATION_COLS " FROM inventory.consume_serials($1, $2::text[], $3) a"
    " JOIN inventory.products p ON p.id = a.product_id JOIN inventory.locations o ON o.id = a.location_id");

/* qty and the serials field of an allocation change: with serials, qty
 * may be left out and otherwise must be their count. The count, or 0
 * after a field error. */
static long long
allocation_qty(struct form *f, struct serial_input *serials)
{
	int ok;
	if (inventory_serials_field(f, "serials", serials) != 0)
		return 0;
	long long qty = form_int(f, "qty", serials->n ? V_NULLABLE : V_REQUIRED, 1, QTY_MAX, &ok);
	if (serials->n == 0)
		return ok ? qty : 0;
	if (ok && qty != (long long)serials->n) {
		form_error(f, "qty", "Leave the quantity out, or make it the number of serials listed.");
		return 0;
	}
	return (long long)serials->n;
}

/* allocations_doc_idx for a document, allocations_product_idx for a
 * product, else the primary key; newest first. $1 doc_type, $2 doc_id, $3
 * product, $4 open only, $5/$6 cursor, $7 limit+1. */
DB_STMT_PLANNED(allocation_list,
    "SELECT " ALLOCATION_COLS ", a.id AS sort_key" ALLOCATION_FROM
    " WHERE ($1::text IS NULL OR a.doc_type = $1) AND ($2::bigint IS NULL OR a.doc_id = $2)"
    "   AND ($3::bigint IS NULL OR a.product_id = $3) AND ($4::text IS NULL OR a.qty > 0)"
    "   AND ($5::text IS NULL OR a.id < $6::bigint)"
    " ORDER BY a.id DESC LIMIT $7");
static struct db_stmt *const allocation_list_stmts[] = { &allocation_list };
static const struct list_sort allocation_sorts[] = {
	{ "-created_at", "Newest", "sort_key" },
	{ NULL, NULL, NULL },
};
static const char *const open_only[] = { "1", NULL };
static const struct res_filter allocation_filters[] = {
	FILTER_CHOICE("doc_type", doc_types, "Choose project or ticket."),
	FILTER_ID("doc_id"),
	FILTER_ID("product_id"),
	FILTER_CHOICE("open", open_only, "Use open=1 for allocations with something still reserved."),
	FILTER_END,
};
static const enum res_lparam allocation_list_params[] = {
	LP_FILTER(0), LP_FILTER(1), LP_FILTER(2), LP_FILTER(3), LP_AFTER_KEY, LP_AFTER_ID, LP_LIMIT1, LP_END,
};
static const char *const allocation_csv_columns[] = {
	"id", "product_id", "sku", "product_name", "location_id", "location_name", "doc_type", "doc_id", "qty",
	"consumed", "created_at", "updated_at", NULL,
};
/* The product's and location's names beside the ids, for the API contract. */
static const struct res_field allocation_read_fields[] = {
	FIELD_ID("product_id", V_REQUIRED), FIELD_TEXT("sku", V_REQUIRED, 64), FIELD_TEXT("product_name", V_REQUIRED, 200),
	FIELD_ID("location_id", V_REQUIRED), FIELD_TEXT("location_name", V_REQUIRED, 200),
	FIELD_ENUM("doc_type", V_REQUIRED, doc_types, NULL), FIELD_ID("doc_id", V_REQUIRED),
	INVENTORY_COUNT("qty"), INVENTORY_COUNT("consumed"),
	FIELD_END,
};
static const struct resource allocation_resource = {
	.name = "allocation", .label = "Allocation", .plural = "Allocations", .path = "/allocations",
	.family = "inventory", .title_field = "product_name",
	.tpl_list = "inventory/allocations_list.cs", .tpl_show = "inventory/allocation_show.cs",
	.get = &allocation_get, .read_fields = allocation_read_fields,
	.sorts = allocation_sorts, .list_stmts = allocation_list_stmts, .list_params = allocation_list_params,
	.filters = allocation_filters, .csv_columns = allocation_csv_columns, .csv_filename = "allocations",
};

/* GET /allocations (?doc_type, doc_id, product_id, open=1, limit, after;
 * format=json|csv) → 200 list, newest first; 422 bad filter. */
RES_HANDLER(inventory_allocation_list, res_list, allocation_resource)
/* GET /allocations/:id → 200 the allocation; 404. */
RES_HANDLER(inventory_allocation_show, res_show, allocation_resource)

/* Where a browser goes after an allocation change: the product page. */
static const char *
allocation_back(struct request *r, json_object *a)
{
	return arena_printf(r->arena, "/products/%lld", record_int(a, "product_id"));
}

/* A refused allocation change: JSON 422 with the field; a browser goes
 * back to the product page with the message as a flash. */
static enum herr
allocation_refused(struct request *r, const char *product_id)
{
	db_rollback(r);
	if (r->format != FMT_HTML || product_id == NULL)
		return HE_INVALID;
	json_object *errs = r->errors;
	const char *msg = "This change was refused.";
	json_object_object_foreach(errs, k, v) {
		(void)k;
		msg = json_object_get_string(v);
		break;
	}
	return record_done(r, 0, arena_printf(r->arena, "/products/%s", product_id), msg, NULL);
}

/* POST /allocations {product_id or sku, location_id, qty, doc_type:
 * project|ticket, doc_id, reason} → 201 the allocation (the document's
 * allocation of that product at that location, grown by qty; HTML: 303
 * to the product); 422 naming the field: qty when less is available
 * (of 100 parallel requests for the last 10 units, 10 succeed). Audit
 * allocation.reserve, event inventory.stock_allocated. */
enum herr
inventory_allocation_create(struct request *r)
{
	enum herr e = db_begin(r);
	if (e != HE_OK)
		return e;
	struct form f;
	int ok;
	form_begin(&f, r, NULL);
	const char *pid = read_product(r, &f);
	form_int(&f, "location_id", V_REQUIRED, 1, 999999999999999999LL, &ok);
	struct serial_input serials;
	long long qty = allocation_qty(&f, &serials);
	form_enum(&f, "doc_type", V_REQUIRED, doc_types, NULL);
	form_int(&f, "doc_id", V_REQUIRED, 1, 999999999999999999LL, &ok);
	form_text(&f, "reason", 0, 500);
	if (!form_ok(&f))
		return allocation_refused(r, pid);
	PGresult *res = serials.n
	    ? db_q(r, &allocation_reserve_serials, pid, form_get(&f, "location_id"), form_get(&f, "doc_type"),
	        form_get(&f, "doc_id"), serial_input_pg_serials(r->arena, &serials), form_get(&f, "reason"))
	    : db_q(r, &allocation_reserve, pid, form_get(&f, "location_id"), form_get(&f, "qty"),
	        form_get(&f, "doc_type"), form_get(&f, "doc_id"), form_get(&f, "reason"));
	if (res == NULL || !serials_checked(r))
		return (e = stock_refusal(r)) == HE_INVALID ? allocation_refused(r, pid) : e;
	json_object *a = req_json(r, db_row_json(res, 0));
	long long id = record_int(a, "id");
	json_object *change = req_obj(r);
	json_object_object_add(change, "reserved", json_object_new_int64(qty));
	json_object_object_add(change, "allocation", json_object_get(a));
	if ((e = record_commit(r, "allocation.reserve", "allocation", id, NULL, change, "inventory.stock_allocated"))
	    != HE_OK)
		return e;
	if (r->format == FMT_HTML)
		return record_done(r, 0, allocation_back(r, a), "Stock reserved.", a);
	res_links(r, &allocation_resource, a);
	return record_done(r, 1, res_href(r, &allocation_resource, id), NULL, a);
}

/* release (consume 0) or consume (1) qty of allocation :id. */
static enum herr
allocation_take(struct request *r, int consume)
{
	long long id = req_param_id(r, "id");
	if (id <= 0)
		return HE_NOT_FOUND;
	enum herr e = db_begin(r);
	if (e != HE_OK)
		return e;
	json_object *cur;
	if ((e = record_get(r, &allocation_get, id, &cur)) != HE_OK)
		return e;
	const char *pid = db_int(r, record_int(cur, "product_id"));
	struct form f;
	form_begin(&f, r, NULL);
	struct serial_input serials;
	allocation_qty(&f, &serials);
	form_text(&f, "reason", 0, 500);
	if (!form_ok(&f))
		return allocation_refused(r, pid);
	PGresult *res = serials.n
	    ? db_q(r, consume ? &allocation_consume_serials : &allocation_release_serials, db_int(r, id),
	        serial_input_pg_serials(r->arena, &serials), form_get(&f, "reason"))
	    : db_q(r, consume ? &allocation_consume : &allocation_release, db_int(r, id),
	        form_get(&f, "qty"), form_get(&f, "reason"));
	if (res == NULL || !serials_checked(r))
		return (e = stock_refusal(r)) == HE_INVALID ? allocation_refused(r, pid) : e;
	json_object *a = req_json(r, db_row_json(res, 0));
	if ((e = record_commit(r, consume ? "allocation.consume" : "allocation.release", "allocation", id, cur, a,
	    consume ? "inventory.stock_consumed" : "inventory.stock_released")) != HE_OK)
		return e;
	res_links(r, &allocation_resource, a);
	return record_done(r, 0, allocation_back(r, a), consume ? "Stock used." : "Reservation released.", a);
}

/* POST /allocations/:id/release {qty, reason} → 200 the allocation (HTML:
 * 303 to the product); 404; 422 qty more than is reserved. Event
 * inventory.stock_released. */
enum herr
inventory_allocation_release(struct request *r)
{
	return allocation_take(r, 0);
}

/* POST /allocations/:id/consume {qty, reason} → 200 the allocation (the
 * units leave the stock on hand; HTML: 303 to the product); 404; 422 qty
 * more than is reserved. Event inventory.stock_consumed. */
enum herr
inventory_allocation_consume(struct request *r)
{
	return allocation_take(r, 1);
}
