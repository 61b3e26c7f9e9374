/* purchase_orders.c: purchase orders to suppliers (docs/purchasing.md).
 * The PO's own fields (supplier, expected date, notes) are a resource
 * described to lib/resource.h; its lines (changed only while it is a
 * draft), its status steps (send, cancel, close) and the printable page
 * are handlers of their own. Every change locks the PO row first and
 * carries the version the client read: a line edit on a stale page gets
 * 409, as a stale PATCH does. Receiving is po_receive.c. */
#include <stdlib.h>
#include <string.h>
#include "audit.h"
#include "inventory.h"
#include "record.h"
#include "resource.h"
#include "resp.h"

const char *const inventory_po_statuses[] = {
	"draft", "sent", "partially_received", "received", "closed", "cancelled", NULL
};
static const char *const po_status_filter[] = {
	"open", "draft", "sent", "partially_received", "received", "closed", "cancelled", NULL
};
#define QTY_MAX 1000000
#define CENTS_MAX 100000000000LL

static const struct res_field po_fields[] = {   /* insert/update $n follow this order */
	FIELD_ID("supplier_id", V_REQUIRED),
	FIELD_DATE("expected_on", V_NULLABLE),
	FIELD_TEXT("notes", 0, 10000),
	FIELD_END,
};

DB_STMT(po_get, "SELECT " PO_COLS " FROM inventory.purchase_orders o WHERE o.id = $1");
/* The PO's page: its lines and its receipts (the ledger's rows for it,
 * stock_moves_doc_idx), newest first. */
DB_STMT(po_get_full,
    "SELECT " PO_COLS ", " PO_LINES_JSON ","
    " (SELECT coalesce(json_agg(x ORDER BY x.id DESC), '[]') FROM (SELECT m.id, core.rfc3339(m.at) AS at,"
    "   m.product_id, p.sku, p.name AS product_name, m.qty, m.to_location_id, tl.name AS location_name, u.name AS user_name"
    "   FROM inventory.stock_moves m JOIN inventory.products p ON p.id = m.product_id"
    "   JOIN inventory.locations tl ON tl.id = m.to_location_id LEFT JOIN auth.user_names u ON u.id = m.user_id"
    "   WHERE m.doc_type = 'po' AND m.doc_id = o.id ORDER BY m.id DESC LIMIT 200) x) AS receipts"
    " FROM inventory.purchase_orders o WHERE o.id = $1");
DB_STMT(po_get_for_update, "SELECT " PO_COLS " FROM inventory.purchase_orders o WHERE o.id = $1 FOR UPDATE");
DB_STMT(po_insert,
    "INSERT INTO inventory.purchase_orders AS o (supplier_id, expected_on, notes, created_by)"
    " VALUES ($1, $2, coalesce($3, ''), $4) RETURNING " PO_COLS);
DB_STMT(po_update,
    "UPDATE inventory.purchase_orders o SET supplier_id = $3, expected_on = $4, notes = coalesce($5, ''),"
    " version = o.version + 1, updated_at = now() WHERE o.id = $1 AND o.version = $2 RETURNING " PO_COLS);

/* Newest first (the primary key, or purchase_orders_status_idx /
 * _supplier_idx for a filter; "open" is three statuses). $1 status, $2
 * supplier, $3/$4 cursor, $5 limit+1. */
DB_STMT_PLANNED(po_list,
    "SELECT " PO_COLS ", o.id AS sort_key FROM inventory.purchase_orders o"
    " WHERE ($1::text IS NULL OR o.status = $1"
    "        OR ($1 = 'open' AND o.status IN ('draft','sent','partially_received')))"
    "   AND ($2::bigint IS NULL OR o.supplier_id = $2) AND ($3::text IS NULL OR o.id < $4::bigint)"
    " ORDER BY o.id DESC LIMIT $5");
static struct db_stmt *const po_list_stmts[] = { &po_list };
static const struct list_sort po_sorts[] = {
	{ "-created_at", "Newest", "sort_key" },
	{ NULL, NULL, NULL },
};
static const struct res_filter po_filters[] = {
	FILTER_CHOICE("status", po_status_filter,
	    "Choose open, draft, sent, partially_received, received, closed or cancelled."),
	FILTER_ID("supplier_id"),
	FILTER_END,
};
static const enum res_lparam po_list_params[] = {
	LP_FILTER(0), LP_FILTER(1), LP_AFTER_KEY, LP_AFTER_ID, LP_LIMIT1, LP_END,
};
static const char *const po_csv_columns[] = {
	"id", "number", "supplier_id", "supplier_name", "status", "expected_on", "total_cents", "line_count",
	"sent_at", "received_at", "closed_at", "notes", "created_at", "updated_at", NULL,
};
static const char *const po_show_fields[] = { "lines", "receipts", NULL };
const struct res_field inventory_po_read_fields[] = {
	FIELD_TEXT("number", V_REQUIRED, 20), FIELD_TEXT("supplier_name", V_REQUIRED, 200),
	FIELD_ENUM("status", V_REQUIRED, inventory_po_statuses, NULL),
	FIELD_INT("total_cents", V_REQUIRED, 0, 9007199254740991LL), INVENTORY_COUNT("line_count"),
	FIELD_ID("created_by", V_NULLABLE), FIELD_DATETIME("sent_at", V_NULLABLE),
	FIELD_DATETIME("received_at", V_NULLABLE), FIELD_DATETIME("closed_at", V_NULLABLE),
	FIELD_ROWS("lines", NULL), FIELD_ROWS("receipts", "/stock/moves"),
	FIELD_END,
};
static const struct res_link po_links[] = {
	{ "print_url", "/print" },
	{ "receive_url", "/receive" },
	LINK_END,
};

/* ---- hooks ---- */

DB_STMT(po_supplier_state,
    "SELECT s.name, s.archived_at IS NOT NULL AS archived FROM inventory.suppliers s WHERE s.id = $1");

/* The supplier exists and is in use; a sent PO keeps its supplier; a
 * closed or cancelled one does not change at all. */
static enum herr
po_check(struct request *r, const struct resource *res, struct form *f, long long parent_id)
{
	(void)res;
	(void)parent_id;
	json_object *cur = f->base;
	const char *status = cur ? record_str(cur, "status") : "draft";
	if (status && (strcmp(status, "closed") == 0 || strcmp(status, "cancelled") == 0)) {
		form_error(f, "status", "A closed or cancelled purchase order cannot change.");
		return HE_OK;
	}
	const char *sid = form_get(f, "supplier_id");
	if (sid == NULL)
		return HE_OK;
	int same = cur && record_int(cur, "supplier_id") == atoll(sid);
	if (same)
		return HE_OK;
	if (status && strcmp(status, "draft") != 0) {
		form_error(f, "supplier_id", "The supplier of a sent purchase order cannot change.");
		return HE_OK;
	}
	PGresult *res2 = db_q(r, &po_supplier_state, sid);
	if (res2 == NULL)
		return db_fail(r);
	if (PQntuples(res2) == 0)
		form_error(f, "supplier_id", "Choose a supplier.");
	else if (strcmp(PQgetvalue(res2, 0, 1), "t") == 0)
		form_error(f, "supplier_id", arena_printf(r->arena, "%s is archived.", PQgetvalue(res2, 0, 0)));
	return HE_OK;
}

static enum herr
po_form_data(struct request *r, long long parent_id, json_object *record, json_object *data)
{
	(void)parent_id;
	(void)record;
	return inventory_supplier_choices(r, data);
}

static enum herr
po_new_form(struct request *r, long long parent_id, json_object *fv)
{
	(void)parent_id;
	const char *sid = req_query(r, "supplier_id");
	if (sid != NULL && inventory_id_ok(sid))
		json_object_object_add(fv, "supplier_id", json_object_new_string(sid));
	return HE_OK;
}

DB_STMT(po_supplier_products,
    "SELECT coalesce(json_agg(json_build_object('sku', p.sku, 'name', p.name, 'supplier_sku', ps.supplier_sku)"
    " ORDER BY lower(p.sku)), '[]') FROM (SELECT * FROM inventory.product_suppliers ps WHERE ps.supplier_id = $1"
    " AND ps.archived_at IS NULL ORDER BY ps.id LIMIT 1000) ps JOIN inventory.products p ON p.id = ps.product_id"
    " WHERE p.archived_at IS NULL");

/* A draft's page offers the SKUs this supplier sells (a datalist). */
static enum herr
po_show_data(struct request *r, json_object *rec)
{
	const char *st = record_str(rec, "status");
	if (st == NULL || strcmp(st, "draft") != 0)
		return HE_OK;
	PGresult *res = db_q(r, &po_supplier_products, db_int(r, record_int(rec, "supplier_id")));
	if (res != NULL && PQntuples(res) == 1)
		json_object_object_add(rec, "supplier_products", json_tokener_parse(PQgetvalue(res, 0, 0)));
	return HE_OK;
}

static const char *
po_created_flash(struct request *r, json_object *rec)
{
	return arena_printf(r->arena, "%s created as a draft: add its lines.", record_str(rec, "number"));
}

static const struct res_hooks po_hooks = {
	.check = po_check, .form_data = po_form_data, .new_form = po_new_form, .created_flash = po_created_flash,
	.show_data = po_show_data,
};

const struct resource inventory_po_resource = {
	.name = "purchase_order", .label = "Purchase order", .plural = "Purchase orders",
	.path = "/purchase-orders", .family = "inventory", .title_field = "number",
	.tpl_list = "inventory/po_list.cs", .tpl_show = "inventory/po_show.cs", .tpl_form = "inventory/po_form.cs",
	.insert_creator = 1,
	.fields = po_fields,
	.get = &po_get, .get_full = &po_get_full, .get_for_update = &po_get_for_update,
	.show_fields = po_show_fields, .read_fields = inventory_po_read_fields, .links = po_links,
	.insert = &po_insert, .update = &po_update,
	.sorts = po_sorts, .list_stmts = po_list_stmts, .list_params = po_list_params,
	.filters = po_filters, .csv_columns = po_csv_columns, .csv_filename = "purchase-orders",
	.created_flash = "Purchase order created.", .saved_flash = "Purchase order saved.",
	.hooks = &po_hooks, .event_prefix = "inventory.po_",
};

/* GET /purchase-orders (?status: open|draft|sent|..., supplier_id, limit,
 * after; format=json|csv) → 200 list, newest first; 422 bad filter. */
RES_HANDLER(inventory_po_list, res_list, inventory_po_resource)
/* GET /purchase-orders/:id → 200 the PO with its lines; 404. */
RES_HANDLER(inventory_po_show, res_show, inventory_po_resource)
/* GET /purchase-orders/new (?supplier_id) → 200 the empty form. */
RES_HANDLER(inventory_po_new, res_new, inventory_po_resource)
/* GET /purchase-orders/:id/edit → 200 the form; 404. */
RES_HANDLER(inventory_po_edit, res_edit, inventory_po_resource)
/* POST /purchase-orders {supplier_id, expected_on, notes} → 201 a draft
 * (a new number); HTML 303 to it; 422 fields. Event inventory.po_created. */
RES_HANDLER(inventory_po_create, res_create, inventory_po_resource)
/* PATCH /purchase-orders/:id {supplier_id (draft only), expected_on,
 * notes, version} → 200; 404; 409 stale; 422 (closed, cancelled).
 * Event inventory.po_updated. */
RES_HANDLER(inventory_po_update, res_update, inventory_po_resource)

/* ---- shared by the PO's own handlers ---- */

/* Begin, and the PO of the path's :id locked (every change to a PO or
 * its lines takes this lock first, then the lines, then stock). */
enum herr
inventory_po_lock(struct request *r, long long *id, json_object **cur)
{
	*id = req_param_id(r, "id");
	if (*id <= 0)
		return HE_NOT_FOUND;
	enum herr e = db_begin(r);
	if (e != HE_OK)
		return e;
	return record_get(r, &po_get_for_update, *id, cur);
}

/* A PO's state forbids the change: 422 naming status (HTML: back to the
 * PO with the message). */
enum herr
inventory_po_refuse(struct request *r, long long id, const char *field, const char *msg)
{
	resp_field_error(r, field, msg);
	return inventory_refused(r, res_href(r, &inventory_po_resource, id), msg);
}

/* A stale version or none (e from record_version_check): JSON 409 with
 * the current PO (or 422/412); a browser goes back to the PO with the
 * message. */
static enum herr
po_stale(struct request *r, long long id, enum herr e)
{
	db_rollback(r);
	if (r->format != FMT_HTML)
		return e;
	resp_flash(r, "error", "This purchase order changed since you opened it: check it and try again.");
	return resp_redirect(r, 303, res_href(r, &inventory_po_resource, id));
}

/* The PO as its page shows it (with lines), for an answer. */
enum herr
inventory_po_answer(struct request *r, long long id, const char *flash, int created)
{
	if (r->format == FMT_HTML)
		return record_done(r, 0, res_href(r, &inventory_po_resource, id), flash, NULL);
	json_object *po;
	enum herr e = record_get(r, &po_get_full, id, &po);
	if (e != HE_OK)
		return e;
	res_links(r, &inventory_po_resource, po);
	return record_done(r, created, res_href(r, &inventory_po_resource, id), flash, po);
}

static int
status_is(json_object *po, const char *s)
{
	const char *v = record_str(po, "status");
	return v != NULL && strcmp(v, s) == 0;
}

/* ---- status steps ---- */

DB_STMT(po_set_status,
    "UPDATE inventory.purchase_orders o SET status = $2,"
    " sent_at = CASE WHEN $2 = 'sent' THEN now() ELSE o.sent_at END,"
    " closed_at = CASE WHEN $2 IN ('closed','cancelled') THEN now() ELSE o.closed_at END,"
    " version = o.version + 1, updated_at = now() WHERE o.id = $1 RETURNING " PO_COLS);

struct po_step {
	const char *to;          /* the new status */
	const char *from[3];     /* the statuses it may come from */
	const char *refusal;     /* from any other */
	const char *verb;        /* audit: purchase_order.<verb> */
	const char *event;
	const char *flash;
};
static const struct po_step step_send = {
	"sent", { "draft", NULL, NULL }, "Only a draft can be sent.", "send", "inventory.po_sent",
	"Marked as sent: its lines are fixed now.",
};
static const struct po_step step_cancel = {
	"cancelled", { "draft", "sent", NULL },
	"Only a draft or a sent purchase order with nothing received can be cancelled.", "cancel",
	"inventory.po_cancelled", "Purchase order cancelled.",
};
static const struct po_step step_close = {
	"closed", { "partially_received", "received", NULL },
	"Only a purchase order that has received something can be closed (cancel the others).", "close",
	"inventory.po_closed", "Purchase order closed.",
};

static enum herr
po_step(struct request *r, const struct po_step *s)
{
	long long id;
	json_object *cur;
	enum herr e = inventory_po_lock(r, &id, &cur);
	if (e != HE_OK)
		return e;
	struct form f;
	form_begin(&f, r, NULL);
	if (!form_ok(&f)) {
		db_rollback(r);
		return HE_INVALID;
	}
	if ((e = record_version_check(r, &f, cur)) != HE_OK)
		return po_stale(r, id, e);
	int ok = 0;
	for (int i = 0; i < 3 && s->from[i]; i++)
		ok |= status_is(cur, s->from[i]);
	if (!ok)
		return inventory_po_refuse(r, id, "status", s->refusal);
	if (strcmp(s->to, "sent") == 0 && record_int(cur, "line_count") == 0)
		return inventory_po_refuse(r, id, "status", "Add at least one line before sending.");
	PGresult *res = db_q(r, &po_set_status, db_int(r, id), s->to);
	if (res == NULL)
		return db_fail(r);
	json_object *po = req_json(r, db_row_json(res, 0));
	if ((e = record_commit(r, arena_printf(r->arena, "purchase_order.%s", s->verb), "purchase_order", id, cur, po,
	    s->event)) != HE_OK)
		return e;
	return inventory_po_answer(r, id, s->flash, 0);
}

/* POST /purchase-orders/:id/send {version} → 200 the PO, now sent (HTML:
 * 303 to it); 404; 409 stale; 422 status (not a draft, no lines). Event
 * inventory.po_sent. */
enum herr
inventory_po_send(struct request *r)
{
	return po_step(r, &step_send);
}

/* POST /purchase-orders/:id/cancel {version} → 200 cancelled; 404; 409;
 * 422 status (something received: close it instead). Event
 * inventory.po_cancelled. The number is not reused. */
enum herr
inventory_po_cancel(struct request *r)
{
	return po_step(r, &step_cancel);
}

/* POST /purchase-orders/:id/close {version} → 200 closed (what is still
 * back-ordered is given up); 404; 409; 422 status. Event
 * inventory.po_closed. */
enum herr
inventory_po_close(struct request *r)
{
	return po_step(r, &step_close);
}

/* ---- lines (a draft's only) ---- */

/* The line's unit cost by default: what this supplier charges for the
 * product, else the product's cost. */
DB_STMT(po_line_product,
    "SELECT p.id, p.sku, p.archived_at IS NOT NULL AS archived,"
    " coalesce((SELECT ps.cost_cents FROM inventory.product_suppliers ps WHERE ps.product_id = p.id"
    "   AND ps.supplier_id = $2 AND ps.archived_at IS NULL), p.cost_cents) AS cost_cents"
    " FROM inventory.products p WHERE ($1::bigint IS NOT NULL AND p.id = $1)"
    "   OR ($1::bigint IS NULL AND lower(p.sku) = lower($3))");
DB_STMT(po_line_insert,
    "INSERT INTO inventory.po_lines AS l (po_id, product_id, qty, unit_cost_cents) VALUES ($1, $2, $3, $4)"
    " ON CONFLICT DO NOTHING RETURNING to_jsonb(l.*) AS line");
DB_STMT(po_line_update,
    "UPDATE inventory.po_lines l SET qty = coalesce($3::int, l.qty),"
    " unit_cost_cents = coalesce($4::bigint, l.unit_cost_cents), updated_at = now()"
    " WHERE l.id = $2 AND l.po_id = $1 RETURNING to_jsonb(l.*) AS line");
DB_STMT(po_line_get, "SELECT to_jsonb(l.*) AS line FROM inventory.po_lines l WHERE l.id = $2 AND l.po_id = $1");
DB_STMT(po_line_delete,
    "DELETE FROM inventory.po_lines l WHERE l.id = $2 AND l.po_id = $1 RETURNING to_jsonb(l.*) AS line");
DB_STMT(po_touch,
    "UPDATE inventory.purchase_orders o SET version = o.version + 1, updated_at = now() WHERE o.id = $1"
    " RETURNING " PO_COLS);

/* The path's line (line NULL: none, adding one), then the PO locked and
 * the form begun. */
static enum herr
line_begin(struct request *r, struct form *f, long long *id, json_object **cur, long long *line)
{
	if (line != NULL && (*line = req_param_id(r, "line_id")) <= 0)
		return HE_NOT_FOUND;
	enum herr e = inventory_po_lock(r, id, cur);
	if (e != HE_OK)
		return e;
	form_begin(f, r, NULL);
	return HE_OK;
}

/* The checks every line change makes once the fields are read: the
 * fields, the version, a draft. 1 when the handler answers *e now (for
 * a browser that may be a redirect with HE_OK), 0 to go on. */
static int
line_refused(struct request *r, struct form *f, long long id, json_object *cur, enum herr *e)
{
	if (!form_ok(f)) {
		*e = inventory_refused(r, res_href(r, &inventory_po_resource, id),
		    "Check the line: a quantity is a whole number of at least 1.");
		return 1;
	}
	if ((*e = record_version_check(r, f, cur)) != HE_OK) {
		*e = po_stale(r, id, *e);
		return 1;
	}
	if (!status_is(cur, "draft")) {
		*e = inventory_po_refuse(r, id, "status", "Only a draft's lines can change: this purchase order was sent.");
		return 1;
	}
	return 0;
}

/* The PO's version goes up with every line change (the lines are part of
 * it); audit the line before/after, event inventory.po_updated. */
static enum herr
line_commit(struct request *r, long long id, const char *verb, json_object *before, json_object *after,
            const char *flash, int created)
{
	PGresult *res = db_q(r, &po_touch, db_int(r, id));
	if (res == NULL)
		return db_fail(r);
	json_object *po = req_json(r, db_row_json(res, 0));
	enum herr e = audit_log(r, arena_printf(r->arena, "purchase_order.%s", verb), "purchase_order", id, before, after);
	if (e == HE_OK)
		e = outbox_emit(r, "inventory.po_updated", id, po);
	if (e == HE_OK)
		e = db_commit(r);
	if (e != HE_OK)
		return e;
	return inventory_po_answer(r, id, flash, created);
}

static json_object *
line_json(struct request *r, PGresult *res)
{
	json_object *row = req_json(r, db_row_json(res, 0)), *line = NULL;
	json_object_object_get_ex(row, "line", &line);
	return line;
}

/* st ($1 the PO, $2 the line) run: *out the line (to_jsonb);
 * HE_NOT_FOUND when the PO has no such line. */
static enum herr
line_of_po(struct request *r, struct db_stmt *st, long long id, long long line, json_object **out)
{
	PGresult *res = db_q(r, st, db_int(r, id), db_int(r, line));
	if (res == NULL)
		return db_fail(r);
	if (PQntuples(res) == 0) {
		db_rollback(r);
		return HE_NOT_FOUND;
	}
	*out = line_json(r, res);
	return HE_OK;
}

/* The unit cost: unit_cost_cents (scripts), or unit_cost in dollars
 * ("12", "12.5", "12.50": the page's field). NULL when neither is given. */
static const char *
line_cost(struct request *r, struct form *f)
{
	int ok;
	form_int(f, "unit_cost_cents", V_NULLABLE, 0, CENTS_MAX, &ok);
	const char *c = form_get(f, "unit_cost_cents");
	const char *d = form_text(f, "unit_cost", 0, 20);
	if (c != NULL || d == NULL || *d == '\0')
		return c;
	size_t whole = strspn(d, "0123456789"), frac = 0;
	if (d[whole] == '.')
		frac = strspn(d + whole + 1, "0123456789");
	if (whole == 0 || whole > 9 || frac > 2 || d[whole + (d[whole] == '.' ? 1 + frac : 0)] != '\0') {
		form_error(f, "unit_cost", "Enter an amount such as 129.50.");
		return NULL;
	}
	long long cents = atoll(d) * 100;
	if (frac > 0)
		cents += atoll(d + whole + 1) * (frac == 1 ? 10 : 1);
	return db_int(r, cents);
}

/* POST /purchase-orders/:id/lines {product_id or sku, qty, unit_cost_cents
 * (default: the supplier's cost, else the product's), version} → 201 the
 * PO (HTML: 303 to it); 404; 409 stale; 422 fields, status (not a draft),
 * product_id (archived, already on the PO). */
enum herr
inventory_po_line_add(struct request *r)
{
	long long id;
	json_object *cur;
	struct form f;
	enum herr e = line_begin(r, &f, &id, &cur, NULL);
	if (e != HE_OK)
		return e;
	int ok;
	form_int(&f, "product_id", V_NULLABLE, 1, 999999999999999999LL, &ok);
	const char *sku = form_text(&f, "sku", 0, 64);
	form_int(&f, "qty", V_REQUIRED, 1, QTY_MAX, &ok);
	const char *cost = line_cost(r, &f);
	if (f.nerr == 0 && form_get(&f, "product_id") == NULL && (sku == NULL || *sku == '\0'))
		form_error(&f, "product_id", "Choose a product (its id or its SKU).");
	if (line_refused(r, &f, id, cur, &e))
		return e;
	PGresult *p = db_q(r, &po_line_product, form_get(&f, "product_id"), db_int(r, record_int(cur, "supplier_id")),
	    sku);
	if (p == NULL)
		return db_fail(r);
	if (PQntuples(p) == 0)
		return inventory_po_refuse(r, id, form_get(&f, "product_id") ? "product_id" : "sku",
		    "No such product.");
	if (strcmp(PQgetvalue(p, 0, 2), "t") == 0)
		return inventory_po_refuse(r, id, "product_id",
		    arena_printf(r->arena, "%s is archived.", PQgetvalue(p, 0, 1)));
	PGresult *res = db_q(r, &po_line_insert, db_int(r, id), PQgetvalue(p, 0, 0), form_get(&f, "qty"),
	    cost ? cost : PQgetvalue(p, 0, 3));
	if (res == NULL)
		return db_fail(r);
	if (PQntuples(res) == 0)
		return inventory_po_refuse(r, id, "product_id", arena_printf(r->arena,
		    "%s is already on this purchase order: change its line's quantity.", PQgetvalue(p, 0, 1)));
	return line_commit(r, id, "line_add", NULL, line_json(r, res), "Line added.", 1);
}

/* PATCH /purchase-orders/:id/lines/:line_id {qty, unit_cost_cents,
 * version (the PO's)} → 200 the PO (HTML: 303); 404; 409 stale; 422
 * fields, status (not a draft). */
enum herr
inventory_po_line_update(struct request *r)
{
	long long id;
	json_object *cur;
	struct form f;
	long long line;
	enum herr e = line_begin(r, &f, &id, &cur, &line);
	if (e != HE_OK)
		return e;
	int ok;
	form_int(&f, "qty", V_NULLABLE, 1, QTY_MAX, &ok);
	const char *cost = line_cost(r, &f);
	if (line_refused(r, &f, id, cur, &e))
		return e;
	json_object *before;
	if ((e = line_of_po(r, &po_line_get, id, line, &before)) != HE_OK)
		return e;
	PGresult *res = db_q(r, &po_line_update, db_int(r, id), db_int(r, line), form_get(&f, "qty"), cost);
	if (res == NULL)
		return db_fail(r);
	return line_commit(r, id, "line_update", before, line_json(r, res), "Line saved.", 0);
}

/* DELETE /purchase-orders/:id/lines/:line_id {version} → 200 the PO
 * (HTML: 303); 404; 409 stale; 422 status (not a draft). */
enum herr
inventory_po_line_delete(struct request *r)
{
	long long id;
	json_object *cur;
	struct form f;
	long long line;
	enum herr e = line_begin(r, &f, &id, &cur, &line);
	if (e != HE_OK)
		return e;
	if (line_refused(r, &f, id, cur, &e))
		return e;
	json_object *gone;
	if ((e = line_of_po(r, &po_line_delete, id, line, &gone)) != HE_OK)
		return e;
	return line_commit(r, id, "line_delete", gone, NULL, "Line removed.", 0);
}

/* ---- the printable PO ---- */

DB_STMT(po_print_parties,
    "SELECT json_build_object("
    " 'supplier', (SELECT json_build_object('name', s.name, 'contact_name', s.contact_name, 'email', s.email,"
    "   'phone', s.phone, 'address', s.address, 'account_number', s.account_number,"
    "   'payment_terms', s.payment_terms) FROM inventory.suppliers s WHERE s.id = $1),"
    " 'company', (SELECT json_build_object('name', c.name, 'email', c.email) FROM inventory.company() c),"
    " 'deliver_to', (SELECT json_build_object('name', o.name, 'address', o.address) FROM inventory.locations o"
    "   WHERE o.kind = 'warehouse' AND o.archived_at IS NULL ORDER BY o.id LIMIT 1))");

/* GET /purchase-orders/:id/print → 200 the PO as a document to print or
 * send (A4 print CSS): our name, the supplier, where to deliver, the
 * lines with the supplier's SKUs, the total. JSON: {purchase_order,
 * supplier, company, deliver_to}. 404. */
enum herr
inventory_po_print(struct request *r)
{
	long long id = req_param_id(r, "id");
	if (id <= 0)
		return HE_NOT_FOUND;
	json_object *po;
	enum herr e = record_get(r, &po_get_full, id, &po);
	if (e != HE_OK)
		return e;
	PGresult *res = db_q(r, &po_print_parties, db_int(r, record_int(po, "supplier_id")));
	if (res == NULL)
		return db_fail(r);
	json_object *d = req_json(r, db_row_json(res, 0)), *parties = NULL;
	json_object_object_get_ex(d, "json_build_object", &parties);
	json_object *out = req_obj(r);
	res_links(r, &inventory_po_resource, po);
	json_object_object_add(out, "purchase_order", json_object_get(po));
	json_object_object_foreach(parties, k, v)
		json_object_object_add(out, k, json_object_get(v));
	const char *title = record_str(po, "number");
	record_crumbs(r, arena_printf(r->arena, "%s · Print", title), "Purchase orders", "/purchase-orders", title,
	    res_href(r, &inventory_po_resource, id), "Print", NULL, NULL);
	json_object_object_add(req_page(r), "family", json_object_new_string("inventory"));
	json_object_object_add(req_page(r), "print", json_object_new_string("1"));
	return resp_ok(r, "inventory/po_print.cs", out);
}
