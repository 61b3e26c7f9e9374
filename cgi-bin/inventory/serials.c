/* serials.c: serial numbers and MACs of serialised products (sql/040,
 * docs/serials.md): the list (GET /serials: by serial or MAC, product,
 * location, state), one serial with its whole history (GET /serials/:id:
 * every ledger row it took part in), and the serials field other pages
 * read (the stock move form, allocations, purchase-order receiving):
 * parsed by serial_input.c, attached by sql/040's functions. */
#include <stdlib.h>
#include <string.h>
#include "inventory.h"
#include "resp.h"
#include "serial_input.h"

const char *const inventory_serial_states[] = {
	"in_stock", "allocated", "consumed", "written_off", "removed", NULL
};

/* ---- the field ---- */

const char *
inventory_serials_text(struct arena *a, json_object *v)
{
	if (json_object_is_type(v, json_type_string))
		return json_object_get_string(v);
	if (!json_object_is_type(v, json_type_array))
		return NULL;
	/* a JSON array: each item one line (a serial, a range or "SERIAL MAC") */
	struct buf b;
	buf_init(&b);
	size_t n = json_object_array_length(v);
	for (size_t i = 0; i < n; i++) {
		json_object *e = json_object_array_get_idx(v, i);
		if (!json_object_is_type(e, json_type_string)) {
			buf_free(&b);
			return NULL;
		}
		buf_puts(&b, json_object_get_string(e));
		buf_puts(&b, "\n");
	}
	const char *text = arena_strdup(a, b.data ? b.data : "");
	buf_free(&b);
	return text;
}

int
inventory_serials_field(struct form *f, const char *field, struct serial_input *in)
{
	json_object *v = NULL;
	memset(in, 0, sizeof(*in));
	form_allow(f, field);
	if (!json_object_object_get_ex(f->in, field, &v) || v == NULL)
		return 0;
	const char *text = inventory_serials_text(f->r->arena, v);
	if (text == NULL) {
		form_error(f, field, INVENTORY_SERIALS_TYPE_ERROR);
		return -1;
	}
	if (serial_input_parse(f->r->arena, text, SERIAL_INPUT_MAX, in) != 0) {
		form_error(f, field, in->error);
		return -1;
	}
	return 0;
}

DB_STMT(serials_attach, "SELECT inventory.move_serials($1, $2::text[], $3::text[])");

enum herr
inventory_serials_attach(struct request *r, long long move_id, const struct serial_input *in)
{
	PGresult *res = db_q(r, &serials_attach, db_int(r, move_id), serial_input_pg_serials(r->arena, in),
	    serial_input_pg_macs(r->arena, in));
	return res == NULL ? HE_INVALID : HE_OK;
}

/* ---- the list ---- */

/* Ordered by serial (C collation, lower case), then id. $1 q (a serial's
 * beginning, or a MAC's hex digits typed with or without separators), $2
 * product, $3 location, $4 state, $5/$6 cursor, $7 limit+1. Planned per
 * value set. Two bounded walks merged, as the ledger's location list
 * does: serials by their beginning (serials_serial_idx, or the product's,
 * location's or state's index, stopping at the limit), and, when q is hex
 * digits, serials by MAC (serials_mac_hex_idx, its matches sorted). As one
 * OR the planner walked the whole serial index for a MAC: 160 ms at 110k
 * serials, now 1 ms; a broad prefix ("b2", 100k matches) stays 1 ms. */
#define SERIAL_COLS \
	"s.id, s.serial, s.mac::text AS mac, s.state, s.product_id, p.sku, p.name AS product_name," \
	" s.location_id, o.name AS location_name, o.kind AS location_kind, s.allocation_id, a.doc_type, a.doc_id," \
	" s.version, s.created_at, s.updated_at"
#define SERIAL_FROM \
	" FROM inventory.serials s JOIN inventory.products p ON p.id = s.product_id" \
	" LEFT JOIN inventory.locations o ON o.id = s.location_id" \
	" LEFT JOIN inventory.allocations a ON a.id = s.allocation_id"
#define SERIAL_Q_LIKE "replace(replace(replace(lower($1), '\\', '\\\\'), '%', '\\%'), '_', '\\_') || '%'"
#define SERIAL_Q_HEX "lower(regexp_replace($1, '[-:. ]', '', 'g'))"
#define SERIAL_KEY "lower(x.serial) COLLATE \"C\""
#define SERIAL_WALK(cond) \
	"(SELECT x.* FROM inventory.serials x WHERE " cond \
	"   AND ($2::bigint IS NULL OR x.product_id = $2) AND ($3::bigint IS NULL OR x.location_id = $3)" \
	"   AND ($4::text IS NULL OR x.state = $4)" \
	"   AND ($5::text IS NULL OR (" SERIAL_KEY ", x.id) > ($5 COLLATE \"C\", $6::bigint))" \
	" ORDER BY " SERIAL_KEY ", x.id LIMIT $7)"
DB_STMT_PLANNED(serial_list,
    "SELECT " SERIAL_COLS ", lower(s.serial) COLLATE \"C\" AS sort_key FROM ("
    SERIAL_WALK("($1::text IS NULL OR " SERIAL_KEY " LIKE " SERIAL_Q_LIKE ")")
    " UNION "
    SERIAL_WALK("$1::text IS NOT NULL AND " SERIAL_Q_HEX " ~ '^[0-9a-f]{4,12}$'"
        " AND replace(x.mac::text, ':', '') COLLATE \"C\" LIKE " SERIAL_Q_HEX " || '%'")
    ") s JOIN inventory.products p ON p.id = s.product_id"
    " LEFT JOIN inventory.locations o ON o.id = s.location_id"
    " LEFT JOIN inventory.allocations a ON a.id = s.allocation_id"
    " ORDER BY lower(s.serial) COLLATE \"C\", s.id LIMIT $7");
static struct db_stmt *const serial_list_stmts[] = { &serial_list };
static const struct list_sort serial_sorts[] = {
	{ "serial", "Serial", "sort_key" },
	{ NULL, NULL, NULL },
};
static const struct res_filter serial_filters[] = {
	FILTER_ID("product_id"),
	FILTER_ID("location_id"),
	FILTER_CHOICE("state", inventory_serial_states,
	    "Choose in_stock, allocated, consumed, written_off or removed."),
	FILTER_END,
};
static const enum res_lparam serial_list_params[] = {
	LP_Q, LP_FILTER(0), LP_FILTER(1), LP_FILTER(2), LP_AFTER_KEY, LP_AFTER_ID, LP_LIMIT1, LP_END,
};
static const char *const serial_csv_columns[] = {
	"id", "serial", "mac", "state", "product_id", "sku", "product_name", "location_id", "location_name",
	"allocation_id", "doc_type", "doc_id", "created_at", "updated_at", NULL,
};
static const char *const serial_doc_types[] = { "project", "ticket", NULL };
static const char *const serial_location_kinds[] = { "warehouse", "van", "site", NULL };

/* The serial's page: the record and every ledger row it took part in,
 * oldest first, with the document each came from (a PO, a delivery, a
 * project or ticket) and the van's driver where a van was on either side. */
DB_STMT(serial_get, "SELECT " SERIAL_COLS SERIAL_FROM " WHERE s.id = $1");
DB_STMT(serial_get_full,
    "SELECT " SERIAL_COLS ","
    " (SELECT coalesce(json_agg(x ORDER BY x.id), '[]') FROM (SELECT m.id, core.rfc3339(m.at) AS at, m.kind,"
    "    m.from_location_id, fl.name AS from_name, fl.kind AS from_kind, ft.name AS from_technician,"
    "    m.to_location_id, tl.name AS to_name, tl.kind AS to_kind, tt.name AS to_technician,"
    "    m.reason, m.doc_type, m.doc_id, m.doc_ref, u.name AS user_name"
    "    FROM inventory.serial_moves sm JOIN inventory.stock_moves m ON m.id = sm.move_id"
    "    LEFT JOIN inventory.locations fl ON fl.id = m.from_location_id"
    "    LEFT JOIN auth.user_names ft ON ft.id = fl.technician_id"
    "    LEFT JOIN inventory.locations tl ON tl.id = m.to_location_id"
    "    LEFT JOIN auth.user_names tt ON tt.id = tl.technician_id"
    "    LEFT JOIN auth.user_names u ON u.id = m.user_id"
    "    WHERE sm.serial_id = s.id ORDER BY m.id LIMIT 500) x) AS history"
    SERIAL_FROM " WHERE s.id = $1");

static const struct res_field serial_read_fields[] = {
	FIELD_TEXT("serial", V_REQUIRED, 64), FIELD_TEXT("mac", V_NULLABLE, 17),
	FIELD_ENUM("state", V_REQUIRED, inventory_serial_states, NULL),
	FIELD_ID("product_id", V_REQUIRED), FIELD_TEXT("sku", V_REQUIRED, 64), FIELD_TEXT("product_name", V_REQUIRED, 200),
	FIELD_ID("location_id", V_NULLABLE), FIELD_TEXT("location_name", V_NULLABLE, 200),
	FIELD_ENUM("location_kind", V_NULLABLE, serial_location_kinds, NULL),
	FIELD_ID("allocation_id", V_NULLABLE), FIELD_ENUM("doc_type", V_NULLABLE, serial_doc_types, NULL),
	FIELD_ID("doc_id", V_NULLABLE),
	FIELD_ROWS("history", "/stock/moves"),
	FIELD_END,
};
static const char *const serial_show_fields[] = { "history", NULL };

static const struct resource serial_resource = {
	.name = "serial", .label = "Serial", .plural = "Serials", .path = "/serials",
	.family = "inventory", .title_field = "serial",
	.tpl_list = "inventory/serials_list.cs", .tpl_show = "inventory/serial_show.cs",
	.get = &serial_get, .get_full = &serial_get_full, .show_fields = serial_show_fields,
	.read_fields = serial_read_fields,
	.sorts = serial_sorts, .list_stmts = serial_list_stmts, .list_params = serial_list_params,
	.filters = serial_filters, .csv_columns = serial_csv_columns, .csv_filename = "serials",
};

/* GET /serials (?q: a serial's beginning or a MAC with or without
 * separators; product_id, location_id, state, limit, after; format=json|csv)
 * → 200 the serials by serial; 422 bad filter. */
RES_HANDLER(inventory_serial_list, res_list, serial_resource)
/* GET /serials/:id → 200 the serial and its history (each ledger row:
 * when, who, kind, from → to, the document); 404. */
RES_HANDLER(inventory_serial_show, res_show, serial_resource)
