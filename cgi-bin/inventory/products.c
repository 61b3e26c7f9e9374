/* products.c: the catalog: what an integrator sells and installs, with
 * its cost, price, labour and reorder rules; list/search (sku,
 * manufacturer, model, name), show with stock per location and
 * suppliers, create, edit with optimistic concurrency, archive, restore. */
#include "inventory.h"
#include "resource.h"
#include "search.h"

#define PRODUCT_COLS \
	"p.id, p.sku, p.manufacturer, p.model, p.name, p.category, p.description, p.unit, p.cost_cents," \
	" p.price_cents, p.labour_minutes, p.serialised, p.reorder_point, p.reorder_qty, p.tags, p.archived_at," \
	" p.version, p.created_at, p.updated_at, p.image_sha256, p.image_type, p.image_name"

const char *const inventory_categories[] = {
	"control", "audio", "video", "lighting", "networking", "security", "cabling", "power", "mounting", "other", NULL
};
const char *const inventory_product_units[] = { "each", "metre", "box", NULL };
static const char *const product_low[] = { "1", NULL };

/* ---- list ---- */

/* $1 q, $2 lower like, $3 category, $4 manufacturer, $5 low, $6 include
 * archived, $7/$8 cursor, $9 limit+1, $10 supplier (who sells it, by
 * product_suppliers_supplier_idx). Stock comes from stock_totals (its
 * primary key, one probe a row). Search as customers.c (lib/search.h):
 * exact matches (full text, substring of sku/manufacturer/model/name)
 * from the GIN indexes behind OFFSET 0, then sorted; fuzzy (word
 * similarity) only when they are fewer than a page. Without q, one
 * statement per sort planned for the values at hand: a category walks
 * products_category_idx, a manufacturer products_maker_idx, low stock the
 * partial stock_totals_low_idx (few rows, then sorted). Low is a semi-join
 * whose condition folds ("lt.low OR $5 IS NULL"): written as "$5 IS NULL
 * OR EXISTS (...)" the OR kept the planner from making it a join, and it
 * walked the whole name index for the 200 low products (0.4 s at 110k). Those list
 * statements run without q only: $1 and $2 are typed and fold away. */
#define PRODUCT_LIST_SELECT \
	"SELECT p.id, p.sku, p.manufacturer, p.model, p.name, p.category, p.unit, p.cost_cents, p.price_cents," \
	" p.serialised, p.reorder_point, p.tags, p.archived_at, p.version, p.created_at, p.updated_at," \
	" p.image_sha256, "
#define PRODUCT_STOCK_COLS \
	"coalesce(t.on_hand, 0) AS on_hand, coalesce(t.on_hand - t.allocated, 0) AS available," \
	" coalesce(t.low, false) AS low"
#define PRODUCT_MATCH_EXACT \
	"$1::text IS NULL OR p.search_tsv @@ websearch_to_tsquery('simple', $1) OR p.search_text LIKE $2"
#define PRODUCT_MATCH_FUZZY PRODUCT_MATCH_EXACT " OR lower($1) <% p.search_text"
#define PRODUCT_FILTERS_BUT_LOW \
	"($3::text IS NULL OR p.category = $3) AND ($4::text IS NULL OR lower(p.manufacturer) = lower($4))" \
	" AND ($6::boolean OR p.archived_at IS NULL) AND ($10::bigint IS NULL OR p.id IN (SELECT ps.product_id" \
	" FROM inventory.product_suppliers ps WHERE ps.supplier_id = $10 AND ps.archived_at IS NULL))"
/* a search's matches are few: each is probed for low */
#define PRODUCT_FILTERS PRODUCT_FILTERS_BUT_LOW \
	" AND ($5::text IS NULL OR EXISTS (SELECT 1 FROM inventory.stock_totals lt WHERE lt.product_id = p.id AND lt.low))"
/* a list without q: low drives the plan from stock_totals_low_idx */
#define PRODUCT_FILTERS_LIST PRODUCT_FILTERS_BUT_LOW \
	" AND p.id IN (SELECT lt.product_id FROM inventory.stock_totals lt WHERE lt.low OR $5::text IS NULL)"
/* The stock of the page's rows only: sorted and cut in the subquery,
 * then joined (joined first, all 7,000 matches of "dimmer" were probed). */
#define PRODUCT_SEARCH_SORTED(match, key, after, order) \
	"SELECT x.*, " PRODUCT_STOCK_COLS " FROM (SELECT * FROM (" PRODUCT_LIST_SELECT key " AS sort_key" \
	" FROM inventory.products p WHERE (" match ") AND " PRODUCT_FILTERS \
	" AND ($7::text IS NULL OR " after ") OFFSET 0) y ORDER BY " order " LIMIT $9) x" \
	" LEFT JOIN inventory.stock_totals t ON t.product_id = x.id ORDER BY " order
#define PRODUCT_SEARCH_EXACT(key, after, order) PRODUCT_SEARCH_SORTED(PRODUCT_MATCH_EXACT, key, after, order)
#define PRODUCT_SEARCH_FUZZY(key, after, order) PRODUCT_SEARCH_SORTED(PRODUCT_MATCH_FUZZY, key, after, order)
#define PRODUCT_LIST(key, after, order) \
	PRODUCT_LIST_SELECT key " AS sort_key, " PRODUCT_STOCK_COLS " FROM inventory.products p" \
	" LEFT JOIN inventory.stock_totals t ON t.product_id = p.id WHERE " PRODUCT_FILTERS_LIST \
	" AND ($7::text IS NULL OR " after ") AND ($1::text IS NULL OR $2::text IS NULL OR true)" \
	" ORDER BY " order " LIMIT $9"
#define PRODUCT_BY_NAME(step) \
	step("lower(p.name)", "(lower(p.name), p.id) > ($7, $8::bigint)", "sort_key, id")
#define PRODUCT_BY_SKU(step) \
	step("lower(p.sku)", "(lower(p.sku), p.id) > ($7, $8::bigint)", "sort_key, id")
#define PRODUCT_BY_CREATED(step) \
	step("p.created_at", "(p.created_at, p.id) < ($7::timestamptz, $8::bigint)", "sort_key DESC, id DESC")

DB_STMT_PLANNED(product_search_name_exact, PRODUCT_BY_NAME(PRODUCT_SEARCH_EXACT));
DB_STMT_PLANNED(product_search_name_fuzzy, PRODUCT_BY_NAME(PRODUCT_SEARCH_FUZZY));
DB_STMT_PLANNED(product_search_sku_exact, PRODUCT_BY_SKU(PRODUCT_SEARCH_EXACT));
DB_STMT_PLANNED(product_search_sku_fuzzy, PRODUCT_BY_SKU(PRODUCT_SEARCH_FUZZY));
DB_STMT_PLANNED(product_search_created_exact, PRODUCT_BY_CREATED(PRODUCT_SEARCH_EXACT));
DB_STMT_PLANNED(product_search_created_fuzzy, PRODUCT_BY_CREATED(PRODUCT_SEARCH_FUZZY));
DB_STMT_PLANNED(product_list_name, PRODUCT_BY_NAME(PRODUCT_LIST));
DB_STMT_PLANNED(product_list_sku, PRODUCT_BY_SKU(PRODUCT_LIST));
DB_STMT_PLANNED(product_list_created, PRODUCT_BY_CREATED(PRODUCT_LIST));

/* The walks (lib/search.h step 0): the exact matches among the next 20
 * pages (1000 rows at least) of the list in its order, read from the
 * sort's index, on generic plans (every value through DB_PARAM, the
 * tsquery an InitPlan): a common word fills its page after a few hundred
 * rows where the exact step sorted every match (q=dimmer at 110k
 * products: 7,000 matches, 100 ms). The first page's statement has no
 * cursor ($7 and $8 in a one-time filter), the later pages' has it bare. */
#define PRODUCT_MATCH_WALK \
	DB_PARAM(1, text) " IS NULL OR p.search_text LIKE " DB_PARAM(2, text) \
	" OR p.search_tsv @@ (SELECT websearch_to_tsquery('simple', $1))"
#define PRODUCT_WALK_FILTERS \
	"(" DB_PARAM(3, text) " IS NULL OR p.category = " DB_PARAM(3, text) ")" \
	" AND (" DB_PARAM(4, text) " IS NULL OR lower(p.manufacturer) = lower(" DB_PARAM(4, text) "))" \
	" AND (" DB_PARAM(5, text) " IS NULL OR EXISTS (SELECT 1 FROM inventory.stock_totals lt" \
	" WHERE lt.product_id = p.id AND lt.low))" \
	" AND (" DB_PARAM(10, bigint) " IS NULL OR EXISTS (SELECT 1 FROM inventory.product_suppliers ps" \
	" WHERE ps.product_id = p.id AND ps.supplier_id = " DB_PARAM(10, bigint) " AND ps.archived_at IS NULL))"
#define PRODUCT_WALK(key, cursor, order) \
	PRODUCT_LIST_SELECT "p.sort_key, " PRODUCT_STOCK_COLS " FROM (" PRODUCT_LIST_SELECT "p.search_text, p.search_tsv, " \
	key " AS sort_key FROM inventory.products p WHERE (" DB_PARAM(6, boolean) " OR p.archived_at IS NULL) AND " \
	cursor " ORDER BY " order " LIMIT (SELECT greatest(1000, 20 * $9::int))) p" \
	" LEFT JOIN inventory.stock_totals t ON t.product_id = p.id" \
	" WHERE (" PRODUCT_MATCH_WALK ") AND " PRODUCT_WALK_FILTERS " ORDER BY " order " LIMIT " DB_PARAM(9, int)
#define PRODUCT_NO_CURSOR "(SELECT $7::text IS NULL AND $8::bigint IS NULL)"
DB_STMT(product_walk_name, PRODUCT_WALK("lower(p.name)", PRODUCT_NO_CURSOR, "sort_key, p.id"));
DB_STMT(product_walk_name_after, PRODUCT_WALK("lower(p.name)",
    "(lower(p.name), p.id) > (" DB_PARAM(7, text) ", " DB_PARAM(8, bigint) ")", "sort_key, p.id"));
DB_STMT(product_walk_sku, PRODUCT_WALK("lower(p.sku)", PRODUCT_NO_CURSOR, "sort_key, p.id"));
DB_STMT(product_walk_sku_after, PRODUCT_WALK("lower(p.sku)",
    "(lower(p.sku), p.id) > (" DB_PARAM(7, text) ", " DB_PARAM(8, bigint) ")", "sort_key, p.id"));
DB_STMT(product_walk_created, PRODUCT_WALK("p.created_at", PRODUCT_NO_CURSOR, "sort_key DESC, p.id DESC"));
DB_STMT(product_walk_created_after, PRODUCT_WALK("p.created_at",
    "(p.created_at, p.id) < (" DB_PARAM(7, timestamptz) ", " DB_PARAM(8, bigint) ")", "sort_key DESC, p.id DESC"));

/* Browsing (no q, no filter), the list most people open: prepared once,
 * every value through DB_PARAM (lib/db.h) so they settle on their generic
 * plans, the cursor an index condition on the sort's index. A category
 * is not among them: on a generic plan it was a filter on the name walk
 * (0.4 s for a category whose names start late in the alphabet); the
 * planned list statement walks products_category_idx. $1 include
 * archived, [$2/$3 cursor], limit+1. */
#define PRODUCT_BROWSE(key, cursor, order, lim) \
	PRODUCT_LIST_SELECT key " AS sort_key, " PRODUCT_STOCK_COLS " FROM inventory.products p" \
	" LEFT JOIN inventory.stock_totals t ON t.product_id = p.id" \
	" WHERE (" DB_PARAM(1, boolean) " OR p.archived_at IS NULL)" cursor " ORDER BY " order " LIMIT " lim
DB_STMT(product_browse_name, PRODUCT_BROWSE("lower(p.name)", "", "lower(p.name), p.id", DB_PARAM(2, int)));
DB_STMT(product_browse_name_after, PRODUCT_BROWSE("lower(p.name)",
    " AND (lower(p.name), p.id) > (" DB_PARAM(2, text) ", " DB_PARAM(3, bigint) ")", "lower(p.name), p.id",
    DB_PARAM(4, int)));
DB_STMT(product_browse_sku, PRODUCT_BROWSE("lower(p.sku)", "", "lower(p.sku), p.id", DB_PARAM(2, int)));
DB_STMT(product_browse_sku_after, PRODUCT_BROWSE("lower(p.sku)",
    " AND (lower(p.sku), p.id) > (" DB_PARAM(2, text) ", " DB_PARAM(3, bigint) ")", "lower(p.sku), p.id",
    DB_PARAM(4, int)));
DB_STMT(product_browse_created, PRODUCT_BROWSE("p.created_at", "", "p.created_at DESC, p.id DESC",
    DB_PARAM(2, int)));
DB_STMT(product_browse_created_after, PRODUCT_BROWSE("p.created_at",
    " AND (p.created_at, p.id) < (" DB_PARAM(2, timestamptz) ", " DB_PARAM(3, bigint) ")",
    "p.created_at DESC, p.id DESC", DB_PARAM(4, int)));
static struct db_stmt *const product_browse_stmts[][2] = {
	{ &product_browse_name, &product_browse_name_after },
	{ &product_browse_sku, &product_browse_sku_after },
	{ &product_browse_created, &product_browse_created_after },
};

static const struct list_sort product_sorts[] = {
	{ "name",        "Name",   "sort_key" },
	{ "sku",         "SKU",    "sort_key" },
	{ "-created_at", "Newest", "sort_key" },
	{ NULL, NULL, NULL },
};
static const struct search_steps product_search_steps[] = {
	{ &product_search_name_exact, &product_search_name_fuzzy, &product_walk_name, &product_walk_name_after },
	{ &product_search_sku_exact, &product_search_sku_fuzzy, &product_walk_sku, &product_walk_sku_after },
	{ &product_search_created_exact, &product_search_created_fuzzy, &product_walk_created,
	  &product_walk_created_after },
};
static struct db_stmt *const product_list_stmts[] = {
	&product_list_name, &product_list_sku, &product_list_created,
};
static const struct res_filter product_filters[] = {
	FILTER_CHOICE("category", inventory_categories,
	    "Choose control, audio, video, lighting, networking, security, cabling, power, mounting or other."),
	FILTER_TEXT("manufacturer", 100),
	FILTER_CHOICE("low", product_low, "Use low=1 for products at or under their reorder point."),
	FILTER_ID("supplier_id"),
	FILTER_END,
};
static const enum res_lparam product_list_params[] = {
	LP_Q, LP_LIKE_LOWER, LP_FILTER(0), LP_FILTER(1), LP_FILTER(2), LP_ARCHIVED, LP_AFTER_KEY, LP_AFTER_ID,
	LP_LIMIT1, LP_FILTER(3), LP_END,
};
static const enum res_lparam product_browse_params[] = {
	LP_ARCHIVED, LP_AFTER_KEY, LP_AFTER_ID, LP_LIMIT1, LP_END,
};
static const char *const product_csv_columns[] = {
	"id", "sku", "manufacturer", "model", "name", "category", "unit", "cost_cents", "price_cents",
	"serialised", "reorder_point", "on_hand", "available", "tags", "archived_at", "created_at", "updated_at", NULL,
};
static const char *const product_html_columns[] = {
	"id", "sku", "manufacturer", "model", "name", "category", "unit", "price_cents", "on_hand", "available",
	"low", "archived_at", "image_sha256", NULL,
};

/* ---- one product ---- */

/* Insert and update parameters follow this order. */
static const struct res_field product_fields[] = {
	FIELD_TEXT("sku", V_REQUIRED, 64),
	FIELD_TEXT("manufacturer", 0, 100),
	FIELD_TEXT("model", 0, 100),
	FIELD_TEXT("name", V_REQUIRED, 200),
	FIELD_ENUM("category", 0, inventory_categories, "other"),
	FIELD_TEXT("description", 0, 10000),
	FIELD_ENUM("unit", 0, inventory_product_units, "each"),
	FIELD_INT("cost_cents", 0, 0, 100000000000LL),
	FIELD_INT("price_cents", 0, 0, 100000000000LL),
	FIELD_INT("labour_minutes", 0, 0, 100000),
	FIELD_BOOL("serialised"),
	FIELD_INT("reorder_point", 0, 0, 1000000),
	FIELD_INT("reorder_qty", 0, 0, 1000000),
	FIELD_LIST("tags", 20, 40),
	FIELD_END,
};

DB_STMT(product_get, "SELECT " PRODUCT_COLS " FROM inventory.products p WHERE p.id = $1");
DB_STMT(product_get_for_update, "SELECT " PRODUCT_COLS " FROM inventory.products p WHERE p.id = $1 FOR UPDATE");

/* The product page in one round trip: the record, its totals, its stock
 * per location (at most one row per location), its suppliers, its
 * allocations with something reserved and its latest moves. */
DB_STMT(product_get_full,
    "SELECT " PRODUCT_COLS ","
    " coalesce(t.on_hand, 0) AS on_hand, coalesce(t.allocated, 0) AS allocated,"
    " coalesce(t.on_hand - t.allocated, 0) AS available, coalesce(t.low, false) AS low,"
    " (SELECT coalesce(json_agg(x), '[]') FROM (SELECT l.location_id, o.name AS location_name, o.kind,"
    "    l.on_hand, l.allocated, l.on_hand - l.allocated AS available, b.bin"
    "    FROM inventory.stock_levels l JOIN inventory.locations o ON o.id = l.location_id"
    "    LEFT JOIN inventory.product_bins b ON b.product_id = l.product_id AND b.location_id = l.location_id"
    "    WHERE l.product_id = p.id AND (l.on_hand > 0 OR l.allocated > 0)"
    "    ORDER BY o.kind, lower(o.name), o.id LIMIT 200) x) AS levels,"
    /* where a bin can be set (sql/045): the active warehouses, where it is held, where it has one */
    " (SELECT coalesce(json_agg(x), '[]') FROM (SELECT o.id AS location_id, o.name AS location_name, o.kind, b.bin,"
    "    coalesce(b.version, 0) AS version"
    "    FROM inventory.locations o LEFT JOIN inventory.product_bins b ON b.location_id = o.id AND b.product_id = p.id"
    "    WHERE o.archived_at IS NULL AND (o.kind = 'warehouse' OR b.bin IS NOT NULL OR EXISTS (SELECT 1"
    "      FROM inventory.stock_levels l WHERE l.product_id = p.id AND l.location_id = o.id AND l.on_hand > 0))"
    "    ORDER BY o.kind, lower(o.name), o.id LIMIT 100) x) AS bins,"
    " (SELECT coalesce(json_agg(x), '[]') FROM (SELECT ps.id, ps.supplier_id, s.name AS supplier_name,"
    "    ps.supplier_sku, ps.cost_cents, ps.pack_size, ps.preferred, s.lead_time_days"
    "    FROM inventory.product_suppliers ps JOIN inventory.suppliers s ON s.id = ps.supplier_id"
    "    WHERE ps.product_id = p.id AND ps.archived_at IS NULL"
    "    ORDER BY ps.preferred DESC, lower(s.name), ps.id LIMIT 50) x) AS suppliers,"
    " (SELECT coalesce(json_agg(x), '[]') FROM (SELECT a.id, a.location_id, o.name AS location_name,"
    "    a.doc_type, a.doc_id, a.qty, a.consumed"
    "    FROM inventory.allocations a JOIN inventory.locations o ON o.id = a.location_id"
    "    WHERE a.product_id = p.id AND a.qty > 0 ORDER BY a.id DESC LIMIT 50) x) AS allocations,"
    " (SELECT coalesce(json_agg(x), '[]') FROM (SELECT m.id, m.kind, m.qty, core.rfc3339(m.at) AS at,"
    "    fl.name AS from_name, tl.name AS to_name, m.reason, m.doc_type, m.doc_id, m.doc_ref,"
    "    u.name AS user_name"
    "    FROM inventory.stock_moves m"
    "    LEFT JOIN inventory.locations fl ON fl.id = m.from_location_id"
    "    LEFT JOIN inventory.locations tl ON tl.id = m.to_location_id"
    "    LEFT JOIN auth.user_names u ON u.id = m.user_id"
    "    WHERE m.product_id = p.id ORDER BY m.id DESC LIMIT 10) x) AS moves,"
    /* a serialised product's units in stock: per location, how many and the first few (sql/040) */
    " (SELECT coalesce(json_agg(x ORDER BY x.kind, lower(x.location_name), x.location_id), '[]') FROM ("
    "    SELECT o.id AS location_id, o.name AS location_name, o.kind, sc.n AS count, sc.first AS serials"
    "    FROM inventory.locations o, LATERAL (SELECT count(*) AS n, (SELECT json_agg(f) FROM (SELECT s2.id, s2.serial,"
    "        s2.mac::text AS mac, s2.state FROM inventory.serials s2 WHERE s2.product_id = p.id AND s2.location_id = o.id"
    "        ORDER BY lower(s2.serial) COLLATE \"C\", s2.id LIMIT 5) f) AS first"
    "      FROM inventory.serials s WHERE s.product_id = p.id AND s.location_id = o.id) sc"
    "    WHERE p.serialised AND sc.n > 0 AND o.id IN (SELECT l.location_id FROM inventory.stock_levels l"
    "      WHERE l.product_id = p.id AND l.on_hand > 0) LIMIT 50) x) AS serials,"
    CATALOG_PRODUCT_EXTRA
    " FROM inventory.products p LEFT JOIN inventory.stock_totals t ON t.product_id = p.id WHERE p.id = $1");

DB_STMT(product_insert,
    "INSERT INTO inventory.products AS p (sku, manufacturer, model, name, category, description, unit,"
    " cost_cents, price_cents, labour_minutes, serialised, reorder_point, reorder_qty, tags)"
    " VALUES ($1, $2, $3, $4, $5, $6, $7, coalesce($8::bigint, 0), coalesce($9::bigint, 0), coalesce($10::int, 0), $11,"
    " coalesce($12::int, 0), coalesce($13::int, 0), $14::text[]) RETURNING " PRODUCT_COLS);
DB_STMT(product_update,
    "UPDATE inventory.products p SET sku = $3, manufacturer = $4, model = $5, name = $6, category = $7,"
    " description = $8, unit = $9, cost_cents = coalesce($10::bigint, 0), price_cents = coalesce($11::bigint, 0),"
    " labour_minutes = coalesce($12::int, 0), serialised = $13, reorder_point = coalesce($14::int, 0),"
    " reorder_qty = coalesce($15::int, 0), tags = $16::text[],"
    " version = p.version + 1, updated_at = now()"
    " WHERE p.id = $1 AND p.version = $2 RETURNING " PRODUCT_COLS);
DB_STMT(product_archived_set,
    "UPDATE inventory.products p SET archived_at = CASE WHEN $2 THEN now() ELSE NULL END,"
    " version = p.version + 1, updated_at = now()"
    " WHERE p.id = $1 AND (p.archived_at IS NULL) = $2 RETURNING " PRODUCT_COLS);
/* Another product with this SKU (SKUs are unique whatever their case). */
DB_STMT(product_sku_taken,
    "SELECT p.id FROM inventory.products p WHERE lower(p.sku) = lower($1) AND p.id <> coalesce($2::bigint, 0)");

DB_STMT(product_in_stock,
    "SELECT 1 FROM inventory.stock_totals t WHERE t.product_id = $1 AND t.on_hand > 0"
    " UNION ALL SELECT 1 FROM inventory.serials s WHERE s.product_id = $1 AND s.location_id IS NOT NULL LIMIT 1");

/* A SKU is letters, digits and . _ / - (scanner and CSV friendly), and
 * unique: a clash is the field's message, not a 409. */
static enum herr
product_check(struct request *r, const struct resource *res, struct form *f, long long parent_id)
{
	const char *sku = form_get(f, "sku");
	if (sku == NULL)
		return HE_OK;
	for (const char *c = sku; *c; c++)
		if (!((*c >= 'A' && *c <= 'Z') || (*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') ||
		    (c > sku && (*c == '.' || *c == '_' || *c == '/' || *c == '-')))) {
			form_error(f, "sku", "Use letters, digits and . _ / - only, starting with a letter or digit.");
			return HE_INVALID;
		}
	long long self = f->base ? record_int(f->base, "id") : 0;
	PGresult *res_ = db_q(r, &product_sku_taken, sku, self ? db_int(r, self) : NULL);
	if (res_ == NULL)
		return db_fail(r);
	if (PQntuples(res_) > 0) {
		form_error(f, "sku", "Another product has this SKU.");
		return HE_INVALID;
	}
	/* serials on or off only with nothing in stock (sql/040's guard says it too) */
	const char *ser = form_get(f, "serialised");
	if (self && ser && (strcmp(ser, "true") == 0) != json_object_get_boolean(json_object_object_get(f->base, "serialised"))) {
		if ((res_ = db_q(r, &product_in_stock, db_int(r, self))) == NULL)
			return db_fail(r);
		if (PQntuples(res_) > 0) {
			form_error(f, "serialised", "Serial numbers can be switched on or off only while none of this product is in stock.");
			return HE_INVALID;
		}
	}
	return HE_OK;
}

/* The list's supplier filter offers the suppliers in use. */
static void
product_list_data(struct request *r, long long parent_id, json_object *out)
{
	(void)parent_id;
	(void)inventory_supplier_choices(r, out);
}

static const struct res_hooks product_hooks = { .check = product_check, .list_data = product_list_data };

/* What product_get_full adds to the record. */
static const char *const product_show_fields[] = {
	"on_hand", "allocated", "available", "low", "levels", "bins", "suppliers", "allocations", "moves", "serials",
	CATALOG_PRODUCT_EXTRA_FIELDS, NULL
};
/* The columns besides the fields (the list's on_hand, available, low too),
 * for the API contract. A level row names its location (no id of its own). */
static const struct res_field product_read_fields[] = {
	INVENTORY_COUNT("on_hand"), INVENTORY_COUNT("allocated"), INVENTORY_COUNT("available"), FIELD_BOOL("low"),
	FIELD_ROWS("levels", NULL), FIELD_ROWS("bins", NULL), FIELD_ROWS("suppliers", "/product-suppliers"),
	FIELD_ROWS("allocations", "/allocations"), FIELD_ROWS("moves", "/stock/moves"),
	FIELD_ROWS("serials", NULL),
	CATALOG_PRODUCT_EXTRA_READ,
	FIELD_END,
};
/* Where a script goes next from a product: who sells it. */
static const struct res_link product_links[] = { { "suppliers_url", "/suppliers" }, LINK_END };

static const struct resource product_resource = {
	.name = "product", .label = "Product", .plural = "Products", .path = "/products",
	.family = "inventory", .title_field = "name",
	.tpl_list = "inventory/products_list.cs", .tpl_show = "inventory/product_show.cs",
	.tpl_form = "inventory/product_form.cs",
	.fields = product_fields,
	.get = &product_get, .get_full = &product_get_full, .get_for_update = &product_get_for_update,
	.show_fields = product_show_fields, .read_fields = product_read_fields, .links = product_links,
	.insert = &product_insert, .update = &product_update, .set_archived = &product_archived_set,
	.sorts = product_sorts, .list_stmts = product_list_stmts, .list_params = product_list_params,
	.search = product_search_steps, .browse = product_browse_stmts, .browse_params = product_browse_params,
	.filters = product_filters, .csv_columns = product_csv_columns, .csv_filename = "products",
	.html_columns = product_html_columns, .html_row = "inventory/products_row.cs",
	.created_flash = "Product created.", .saved_flash = "Product saved.",
	.hooks = &product_hooks, .event_prefix = "inventory.product_",
};

/* GET /products (?q, category, manufacturer, supplier_id, low=1, archived, sort=name|sku|-created_at,
 * limit, after; format=json|csv) → 200 list with on_hand, available, low;
 * 422 bad category/low/sort/limit/cursor. */
RES_HANDLER(inventory_product_list, res_list, product_resource)
/* GET /products/:id → 200 the product with stock per location, suppliers,
 * open allocations and the latest moves; 404. */
RES_HANDLER(inventory_product_show, res_show, product_resource)
/* GET /products/new → 200 the empty form. */
RES_HANDLER(inventory_product_new, res_new, product_resource)
/* GET /products/:id/edit → 200 the form; 404. */
RES_HANDLER(inventory_product_edit, res_edit, product_resource)
/* POST /products → 201 + Location (HTML: 303 to it); 422 field errors
 * (sku taken or malformed, negative money, unknown unit...). Event
 * inventory.product_created. */
RES_HANDLER(inventory_product_create, res_create, product_resource)
/* PATCH /products/:id (version or If-Match) → 200; 404; 409 stale version
 * with the current record; 422. Event inventory.product_updated. */
RES_HANDLER(inventory_product_update, res_update, product_resource)
/* DELETE /products/:id → 200 archived (HTML: 303); 404. */
RES_HANDLER(inventory_product_archive, res_archive, product_resource)
/* POST /products/:id/restore → 200 (HTML: 303); 404. */
RES_HANDLER(inventory_product_restore, res_restore, product_resource)
