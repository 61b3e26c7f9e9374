/* po_receive.c: what arrived of a purchase order goes into stock. One
 * submit is one transaction: the PO locked first, then per line one
 * receipt move (sql/041's inventory.po_receive_line: inventory.move, the
 * line's received count, and for a project's or ticket's line the
 * allocation to it), then the PO's status, the audit row and the event.
 * A refused line (more than is still open, an archived location) rolls
 * the whole submit back and names the line. */
#include <stdlib.h>
#include <string.h>
#include "audit.h"
#include "inventory.h"
#include "record.h"
#include "resource.h"
#include "resp.h"
#include "serial_input.h"

#define QTY_MAX 1000000
#define ID_MAX 999999999999999999LL
/* A PO has at most this many lines received in one submit. */
#define RECEIVE_MAX_LINES 5000

DB_STMT(receive_po_full, "SELECT " PO_COLS ", " PO_LINES_JSON " FROM inventory.purchase_orders o WHERE o.id = $1");
DB_STMT(receive_locations,
    "SELECT coalesce(json_agg(json_build_object('id', o.id, 'name', o.name, 'kind', o.kind)"
    " ORDER BY o.kind <> 'warehouse', o.id), '[]')"
    " FROM inventory.locations o WHERE o.archived_at IS NULL AND o.kind IN ('warehouse','van')");
/* The page's hint: each open line's bin at the default location (sql/045),
 * by line id; $1 the PO, $2 the location. */
DB_STMT(receive_bins,
    "SELECT coalesce(json_object_agg(l.id, b.bin), '{}') FROM inventory.po_lines l"
    " JOIN inventory.product_bins b ON b.product_id = l.product_id AND b.location_id = $2"
    " WHERE l.po_id = $1 AND l.received < l.qty");
/* The main warehouse: the first one in use. */
DB_STMT(receive_main_location,
    "SELECT o.id FROM inventory.locations o WHERE o.kind = 'warehouse' AND o.archived_at IS NULL"
    " ORDER BY o.id LIMIT 1");
DB_STMT(receive_line, "SELECT x.move_id, x.line_id, x.product_id, x.qty, x.location_id, x.allocation_id,"
    /* scalar subqueries: the product by its key. Joined, the planner took
     * the function's row for 1000 and hashed the whole catalog (even
     * LATERAL was flattened): 25 ms a line at 50k products, 12 s for a
     * 500-line PO. */
    " (SELECT p.sku FROM inventory.products p WHERE p.id = x.product_id) AS sku,"
    " (SELECT p.serialised FROM inventory.products p WHERE p.id = x.product_id) AS serialised"
    " FROM inventory.po_receive_line($1, $2, $3, $4) x");
/* sql/040's deferred check (a serialised product's stock has its serials)
 * before COMMIT, so a refusal is a 422 and not a failed commit. */
DB_STMT(receive_serials_check, "SELECT inventory.serials_check_now()");
DB_STMT(receive_status,
    "UPDATE inventory.purchase_orders o SET status = CASE WHEN EXISTS (SELECT 1 FROM inventory.po_lines l"
    "   WHERE l.po_id = o.id AND l.received < l.qty) THEN 'partially_received' ELSE 'received' END,"
    " received_at = now(), version = o.version + 1, updated_at = now() WHERE o.id = $1 RETURNING " PO_COLS);

static int
status_is(json_object *po, const char *want)
{
	const char *s = record_str(po, "status");
	return s && strcmp(s, want) == 0;
}

static int
receivable(json_object *po)
{
	return status_is(po, "sent") || status_is(po, "partially_received");
}

/* The receive page's data: the PO with its lines, the locations, the
 * default one. */
static enum herr
receive_page(struct request *r, long long id, json_object **out)
{
	json_object *po, *d = req_obj(r);
	enum herr e = record_get(r, &receive_po_full, id, &po);
	if (e != HE_OK)
		return e;
	res_links(r, &inventory_po_resource, po);
	json_object_object_add(d, "purchase_order", json_object_get(po));
	e = inventory_choices(r, &receive_locations, "locations", d);
	PGresult *res = db_q0(r, &receive_main_location);
	const char *def = res != NULL && PQntuples(res) == 1 ? arena_strdup(r->arena, PQgetvalue(res, 0, 0)) : NULL;
	json_object_object_add(d, "default_location_id", def ? json_object_new_int64(atoll(def)) : NULL);
	/* the page only: where each line goes on the default location's shelves */
	if (r->format == FMT_HTML && def != NULL && (res = db_q(r, &receive_bins, db_int(r, id), def)) != NULL
	    && PQntuples(res) == 1)
		json_object_object_add(d, "bins", json_object_get(req_json(r, json_tokener_parse(PQgetvalue(res, 0, 0)))));
	const char *n = record_str(po, "number");
	record_crumbs(r, arena_printf(r->arena, "Receive %s", n), "Purchase orders", "/purchase-orders", n,
	    res_href(r, &inventory_po_resource, id), "Receive", NULL, NULL);
	json_object_object_add(req_page(r), "family", json_object_new_string("inventory"));
	*out = d;
	return e;
}

/* GET /purchase-orders/:id/receive → 200 the form: each open line with
 * its quantity still to come and a location (the main warehouse by
 * default); JSON {purchase_order, locations, default_location_id}. 404. */
enum herr
inventory_po_receive_form(struct request *r)
{
	long long id = req_param_id(r, "id");
	if (id <= 0)
		return HE_NOT_FOUND;
	json_object *d;
	enum herr e = receive_page(r, id, &d);
	if (e != HE_OK)
		return e;
	return resp_ok(r, "inventory/po_receive.cs", d);
}

/* One line to receive, as read from the request. */
struct receive_item {
	const char *line_id, *qty, *location_id;
	const char *serials;   /* the serials field as typed (serial_input.h), or NULL */
	const char *key;   /* its errors' prefix: JSON lines.<index>, the form lines.<line id> */
};

/* A refusal of the database (23514, its constraint the field at fault)
 * as the line's field error; anything else is a failure. */
static enum herr
line_refused(struct request *r, const struct receive_item *it)
{
	if (strcmp(db_sqlstate(), "23514") != 0)
		return db_fail(r);
	const char *c = db_constraint();
	const char *field = strcmp(c, "to_location_id") == 0 ? "location_id"
	    : strcmp(c, "line_id") == 0 ? "line_id" : strcmp(c, "serials") == 0 ? "serials" : "qty";
	resp_field_error(r, arena_printf(r->arena, "%s.%s", it->key, field), db_message());
	return HE_INVALID;
}

/* Receive one line: its receipt move into stock (and the allocation to
 * its project or ticket), the line's received count, and for a
 * serialised product the serials of the units that arrived, attached to
 * that move (inventory.move_serials: as many as arrived, none already in
 * stock). Appends what was received to received; *serialised is set when
 * the product is; HE_INVALID with the line's field error when refused. */
static enum herr
receive_one(struct request *r, long long po_id, const struct receive_item *it, json_object *received,
    int *serialised)
{
	PGresult *res = db_q(r, &receive_line, db_int(r, po_id), it->line_id, it->qty, it->location_id);
	if (res == NULL)
		return line_refused(r, it);
	json_object *row = req_json(r, db_row_json(res, 0));
	int has_serials = it->serials != NULL && it->serials[strspn(it->serials, " \t\r\n")] != '\0';
	json_object *ser = NULL;
	if ((json_object_object_get_ex(row, "serialised", &ser) && json_object_get_boolean(ser)) || has_serials) {
		struct serial_input in;
		if (serial_input_parse(r->arena, it->serials, SERIAL_INPUT_MAX, &in) != 0) {
			resp_field_error(r, arena_printf(r->arena, "%s.serials", it->key), in.error);
			return HE_INVALID;
		}
		if (inventory_serials_attach(r, record_int(row, "move_id"), &in) != HE_OK)
			return line_refused(r, it);
		*serialised = 1;
	}
	json_object_object_del(row, "serialised");
	json_object_array_add(received, json_object_get(row));
	return HE_OK;
}

/* A JSON line's serials as one text (serial_input.h); NULL when absent
 * (an error is added for a value of another type). */
static const char *
json_serials(struct request *r, json_object *o, const char *key)
{
	json_object *v;
	if (!json_object_object_get_ex(o, "serials", &v) || json_object_is_type(v, json_type_null))
		return NULL;
	const char *text = inventory_serials_text(r->arena, v);
	if (text == NULL)
		resp_field_error(r, arena_printf(r->arena, "%s.serials", key), INVENTORY_SERIALS_TYPE_ERROR);
	return text;
}

/* The items of a JSON body: {lines: [{line_id, qty, location_id, serials}]}. */
static int
read_json_items(struct request *r, struct receive_item *items, int cap, const char *def_loc)
{
	json_object *lines = NULL;
	int n = 0;
	if (r->json == NULL || !json_object_object_get_ex(r->json, "lines", &lines) ||
	    !json_object_is_type(lines, json_type_array)) {
		resp_field_error(r, "lines", "Send lines: [{line_id, qty, location_id}].");
		return -1;
	}
	size_t len = json_object_array_length(lines);
	for (size_t i = 0; i < len; i++) {
		json_object *o = json_object_array_get_idx(lines, i), *v;
		const char *key = arena_printf(r->arena, "lines.%zu", i);
		if (o == NULL || !json_object_is_type(o, json_type_object)) {
			resp_field_error(r, key, "Each line is {line_id, qty, location_id}.");
			continue;
		}
		json_object_object_foreach(o, k, kv) {
			(void)kv;
			if (strcmp(k, "line_id") && strcmp(k, "qty") && strcmp(k, "location_id") && strcmp(k, "serials"))
				resp_field_error(r, arena_printf(r->arena, "%s.%s", key, k), "Unknown field.");
		}
		const char *serials = json_serials(r, o, key);
		long long ids[3] = { 0, 0, 0 };
		static const char *const names[3] = { "line_id", "qty", "location_id" };
		for (int f = 0; f < 3; f++) {
			if (!json_object_object_get_ex(o, names[f], &v) || json_object_is_type(v, json_type_null)) {
				if (f != 2)
					resp_field_error(r, arena_printf(r->arena, "%s.%s", key, names[f]), "Required.");
				continue;
			}
			long long max = f == 1 ? QTY_MAX : ID_MAX;
			if (!json_object_is_type(v, json_type_int) || json_object_get_int64(v) < 1 ||
			    json_object_get_int64(v) > max) {
				resp_field_error(r, arena_printf(r->arena, "%s.%s", key, names[f]), f == 1
				    ? "Enter a whole number between 1 and 1000000." : "Not a valid id.");
				continue;
			}
			ids[f] = json_object_get_int64(v);
		}
		if (ids[0] == 0 || ids[1] == 0 || n >= cap)
			continue;
		items[n].line_id = db_int(r, ids[0]);
		items[n].qty = db_int(r, ids[1]);
		items[n].location_id = ids[2] ? db_int(r, ids[2]) : def_loc;
		items[n].serials = serials;
		items[n].key = key;
		n++;
	}
	if (len == 0)
		resp_field_error(r, "lines", "Nothing to receive: name at least one line.");
	return n;
}

/* The items of the form: qty_<line id> and location_<line id> for each
 * open line of the PO (an empty or 0 quantity: nothing arrived). */
static int
read_form_items(struct request *r, json_object *po, struct receive_item *items, int cap, const char *def_loc)
{
	json_object *lines = NULL;
	int n = 0;
	json_object_object_get_ex(po, "lines", &lines);
	size_t len = lines ? json_object_array_length(lines) : 0;
	for (size_t i = 0; i < len && n < cap; i++) {
		long long lid = record_int(json_object_array_get_idx(lines, i), "id");
		const char *q = kv_get(&r->form, arena_printf(r->arena, "qty_%lld", lid));
		const char *loc = kv_get(&r->form, arena_printf(r->arena, "location_%lld", lid));
		const char *serials = kv_get(&r->form, arena_printf(r->arena, "serials_%lld", lid));
		const char *key = arena_printf(r->arena, "lines.%lld", lid);
		if (q == NULL || *q == '\0' || strcmp(q, "0") == 0)
			continue;
		char *end;
		long long v = strtoll(q, &end, 10);
		if (*end != '\0' || v < 1 || v > QTY_MAX || strspn(q, "0123456789") != strlen(q)) {
			resp_field_error(r, arena_printf(r->arena, "%s.qty", key), "Enter a whole number between 0 and 1000000.");
			continue;
		}
		items[n].line_id = db_int(r, lid);
		items[n].qty = db_int(r, v);
		items[n].location_id = loc && inventory_id_ok(loc) ? loc : def_loc;
		items[n].serials = serials;
		items[n].key = key;
		n++;
	}
	if (n == 0 && (r->errors == NULL || json_object_object_length(r->errors) == 0))
		resp_field_error(r, "lines", "Nothing to receive: enter the quantity that arrived on a line.");
	return n;
}

/* The form again with the messages beside their lines. */
static enum herr
receive_again(struct request *r, long long id)
{
	db_rollback(r);
	if (r->format != FMT_HTML)
		return HE_INVALID;
	json_object *d;
	enum herr e = receive_page(r, id, &d);
	if (e != HE_OK)
		return e;
	/* each line's messages beside it: the page's HDF takes no dotted keys */
	json_object *po = NULL, *lines = NULL, *msg;
	json_object_object_get_ex(d, "purchase_order", &po);
	json_object_object_get_ex(po, "lines", &lines);
	for (size_t i = 0; lines && i < json_object_array_length(lines); i++) {
		json_object *l = json_object_array_get_idx(lines, i);
		static const char *const fields[] = { "qty", "location_id", "line_id", "serials" };
		static const char *const keys[] = { "error_qty", "error_location", "error_qty", "error_serials" };
		for (int k = 0; k < 4; k++)
			if (json_object_object_get_ex(r->errors, arena_printf(r->arena, "lines.%lld.%s",
			    record_int(l, "id"), fields[k]), &msg))
				json_object_object_add(l, keys[k], json_object_get(msg));
	}
	json_object_object_add(d, "refused", json_object_new_string("1"));
	req_set_form_values(r, req_input(r));
	r->template = "inventory/po_receive.cs";
	req_set_data(r, d);
	return HE_INVALID;
}

/* POST /purchase-orders/:id/receive: JSON {lines: [{line_id, qty,
 * location_id (default: the main warehouse), serials}], version (optional)}, or
 * the form (qty_<line id>, location_<line id>). → 200 the PO after it
 * (HTML: 303 to it): partially_received while something is still open,
 * else received; 404; 409 stale version (when sent); 422 naming the line
 * (JSON lines.<index>.qty, the form lines.<line id>.qty: more than is
 * still open, the message naming the line; .location_id: archived or
 * unknown) or status (not sent yet, closed, cancelled): nothing is
 * received then. Audit purchase_order.receive, event
 * inventory.po_partially_received or inventory.po_received. */
enum herr
inventory_po_receive(struct request *r)
{
	long long id;
	json_object *cur;
	enum herr e = inventory_po_lock(r, &id, &cur);
	if (e != HE_OK)
		return e;
	if (!receivable(cur))
		return inventory_po_refuse(r, id, "status", status_is(cur, "draft")
		    ? "Mark the purchase order as sent before receiving it."
		    : "This purchase order is no longer open for receiving.");
	struct form f;
	form_begin(&f, r, NULL);
	if (r->json != NULL && json_object_object_get_ex(r->json, "version", NULL) &&
	    (e = record_version_check(r, &f, cur)) != HE_OK) {
		db_rollback(r);
		return e;
	}
	PGresult *loc = db_q0(r, &receive_main_location);
	if (loc == NULL)
		return db_fail(r);
	const char *def_loc = PQntuples(loc) ? PQgetvalue(loc, 0, 0) : NULL;
	struct receive_item *items = arena_alloc(r->arena, sizeof(*items) * RECEIVE_MAX_LINES);
	int n;
	if (r->json != NULL) {
		n = read_json_items(r, items, RECEIVE_MAX_LINES, def_loc);
	} else {
		json_object *full;
		if ((e = record_get(r, &receive_po_full, id, &full)) != HE_OK)
			return e;
		n = read_form_items(r, full, items, RECEIVE_MAX_LINES, def_loc);
	}
	if (n <= 0 || (r->errors && json_object_object_length(r->errors) > 0))
		return receive_again(r, id);
	json_object *received = req_arr(r);
	int serialised = 0;
	for (int i = 0; i < n; i++) {
		if (items[i].location_id == NULL) {
			resp_field_error(r, arena_printf(r->arena, "%s.location_id", items[i].key),
			    "Choose where the stock goes.");
			return receive_again(r, id);
		}
		if ((e = receive_one(r, id, &items[i], received, &serialised)) != HE_OK)
			return e == HE_INVALID ? receive_again(r, id) : e;
	}
	if (serialised && db_q0(r, &receive_serials_check) == NULL) {
		resp_field_error(r, "lines", db_message());
		return strcmp(db_sqlstate(), "23514") == 0 ? receive_again(r, id) : db_fail(r);
	}
	PGresult *res = db_q(r, &receive_status, db_int(r, id));
	if (res == NULL)
		return db_fail(r);
	json_object *po = req_json(r, db_row_json(res, 0));
	int full = status_is(po, "received");
	json_object *change = req_obj(r);
	json_object_object_add(change, "purchase_order", json_object_get(po));
	json_object_object_add(change, "received", json_object_get(received));
	if ((e = record_commit(r, "purchase_order.receive", "purchase_order", id, cur, change,
	    full ? "inventory.po_received" : "inventory.po_partially_received")) != HE_OK)
		return e;
	return inventory_po_answer(r, id, full ? "Received in full." : "Received; the rest stays on order.", 0);
}
