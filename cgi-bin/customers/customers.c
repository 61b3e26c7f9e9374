/* customers.c: the customer record: list/search, show (everything at a
 * glance), create, edit with optimistic concurrency, archive, restore. */
#include "customers.h"
#include "resource.h"
#include "search.h"

#define CUSTOMER_COLS \
	"c.id, c.kind, c.name, c.email, c.phone, c.billing_line1, c.billing_line2, c.billing_city, " \
	"c.billing_region, c.billing_postal_code, c.billing_country, c.tags, c.notes, c.archived_at, " \
	"c.version, c.created_at, c.updated_at"

static const char *const customer_kinds[] = { "residential", "commercial", NULL };

/* ---- list ---- */

/* Search (lib/search.h): exact matches first, fuzzy ones only to fill a
 * page. $1 q, $2 lower like, $3 digits like, $4 kind, $5 tag, $6 include
 * archived, $7/$8 cursor, $9 limit+1. Times: EXPLAIN ANALYZE at 100k.
 * - walk: the exact matches (full text, substring, phone digits) among the
 *   next 20 pages (1000 rows at least) of the list in its order, read from
 *   the sort's index: a common term ("son", one customer in ten) fills its
 *   page after ~500 rows; prepared once, on its generic plan (below).
 * - exact, when the walk found too few: every exact match from the GIN
 *   indexes, then sorted. OFFSET 0 keeps the planner from walking the
 *   index itself: it guesses from estimates, and for a term in one
 *   customer of 200 it read 14k rows.
 * - fuzzy: when exact matches are fewer than a page, the same with similar
 *   words as well (word similarity), also behind OFFSET 0: walked, it ran
 *   word_similarity on every row (q=goldberg13: 264 ms, sorted: 13 ms). A
 *   statement of its own: planning word similarity costs 1.3 ms.
 * A tag with no q is one statement, the planner's choice between the name
 * index and the tags index (its estimates for tags are good).
 * Except the walks, the plans are made for the values at hand
 * (DB_STMT_PLANNED): the NULL tests fold away and the cursor becomes an
 * index condition. */
#define CUSTOMER_LIST_SELECT \
	"SELECT c.id, c.kind, c.name, c.email, c.phone, c.billing_city, c.billing_region, c.tags, " \
	"c.archived_at, c.version, c.created_at, c.updated_at, "
#define CUSTOMER_MATCH_EXACT \
	"$1::text IS NULL OR c.search_tsv @@ websearch_to_tsquery('simple', $1) OR c.search_text LIKE $2" \
	" OR ($3::text IS NOT NULL AND c.search_text LIKE $3)"
#define CUSTOMER_MATCH_FUZZY CUSTOMER_MATCH_EXACT " OR lower($1) <% c.search_text"
#define CUSTOMER_SEARCH_KIND "($4::text IS NULL OR c.kind = $4) AND ($6::boolean OR c.archived_at IS NULL)"
#define CUSTOMER_SEARCH_TAG "($5::text IS NULL OR c.tags @> ARRAY[$5::text])"
/* key: the sort key; after: the cursor condition; order: the index order,
 * by the subqueries' sort_key (so the walk's inner query needs no sort:
 * its sort_key is the index's key); result: the same over the result. */
#define CUSTOMER_SEARCH_SORTED(match, key, after, order) \
	CUSTOMER_LIST_SELECT "c.sort_key FROM (" CUSTOMER_LIST_SELECT key " AS sort_key" \
	" FROM customers.customers c WHERE (" match ") AND " CUSTOMER_SEARCH_KIND \
	" AND " CUSTOMER_SEARCH_TAG " AND ($7::text IS NULL OR " after ") OFFSET 0) c" \
	" ORDER BY " order " LIMIT $9"
#define CUSTOMER_SEARCH_EXACT(key, after, order, result) \
	CUSTOMER_SEARCH_SORTED(CUSTOMER_MATCH_EXACT, key, after, order)
#define CUSTOMER_SEARCH_FUZZY(key, after, order, result) \
	CUSTOMER_SEARCH_SORTED(CUSTOMER_MATCH_FUZZY, key, after, order)
#define CUSTOMER_SEARCH_TAGGED(key, after, order, result) \
	CUSTOMER_LIST_SELECT key " AS sort_key FROM customers.customers c WHERE (" CUSTOMER_MATCH_EXACT ") AND " \
	CUSTOMER_SEARCH_KIND " AND " CUSTOMER_SEARCH_TAG " AND ($7::text IS NULL OR " after ") ORDER BY " order \
	" LIMIT $9"
#define CUSTOMER_BY_NAME(step) \
	step("lower(c.name)", "(lower(c.name), c.id) > ($7, $8::bigint)", "sort_key, c.id", "sort_key, id")
#define CUSTOMER_BY_CREATED(step) \
	step("c.created_at", "(c.created_at, c.id) < ($7::timestamptz, $8::bigint)", "sort_key DESC, c.id DESC", \
	    "sort_key DESC, id DESC")
#define CUSTOMER_BY_UPDATED(step) \
	step("c.updated_at", "(c.updated_at, c.id) < ($7::timestamptz, $8::bigint)", "sort_key DESC, c.id DESC", \
	    "sort_key DESC, id DESC")

DB_STMT_PLANNED(customer_search_name_exact, CUSTOMER_BY_NAME(CUSTOMER_SEARCH_EXACT));
DB_STMT_PLANNED(customer_search_name_fuzzy, CUSTOMER_BY_NAME(CUSTOMER_SEARCH_FUZZY));
DB_STMT_PLANNED(customer_search_name_tagged, CUSTOMER_BY_NAME(CUSTOMER_SEARCH_TAGGED));
DB_STMT_PLANNED(customer_search_created_exact, CUSTOMER_BY_CREATED(CUSTOMER_SEARCH_EXACT));
DB_STMT_PLANNED(customer_search_created_fuzzy, CUSTOMER_BY_CREATED(CUSTOMER_SEARCH_FUZZY));
DB_STMT_PLANNED(customer_search_created_tagged, CUSTOMER_BY_CREATED(CUSTOMER_SEARCH_TAGGED));
DB_STMT_PLANNED(customer_search_updated_exact, CUSTOMER_BY_UPDATED(CUSTOMER_SEARCH_EXACT));
DB_STMT_PLANNED(customer_search_updated_fuzzy, CUSTOMER_BY_UPDATED(CUSTOMER_SEARCH_FUZZY));
DB_STMT_PLANNED(customer_search_updated_tagged, CUSTOMER_BY_UPDATED(CUSTOMER_SEARCH_TAGGED));

/* The walks (lib/search.h step 0) run on their generic plans (every value
 * through DB_PARAM, lib/db.h), so what a custom plan folded away must cost
 * nothing there: the query's tsquery is an InitPlan (made once, not per
 * row: inline it was 1.4 ms), the LIKEs come first (a match needs no
 * tsquery), and the first page's statement has no cursor at all ($7 and
 * $8 in a one-time filter) where the later pages' has it bare, an index
 * condition. q=son at 100k customers: 549 rows read for a page of 51,
 * 0.02 ms of planning instead of 0.35-0.45 ms. Their answers are kept,
 * as the browse ones below (a term searched again costs no query). */
#define CUSTOMER_MATCH_WALK \
	DB_PARAM(1, text) " IS NULL OR c.search_text LIKE " DB_PARAM(2, text) \
	" OR (" DB_PARAM(3, text) " IS NOT NULL AND c.search_text LIKE " DB_PARAM(3, text) ")" \
	" OR c.search_tsv @@ (SELECT websearch_to_tsquery('simple', $1))"
#define CUSTOMER_WALK_KIND \
	"(" DB_PARAM(4, text) " IS NULL OR c.kind = " DB_PARAM(4, text) ") AND (" DB_PARAM(6, boolean) \
	" OR c.archived_at IS NULL)"
#define CUSTOMER_WALK_TAG "(" DB_PARAM(5, text) " IS NULL OR c.tags @> ARRAY[" DB_PARAM(5, text) "])"
#define CUSTOMER_SEARCH_WALK(key, cursor, order) \
	CUSTOMER_LIST_SELECT "c.sort_key FROM (" CUSTOMER_LIST_SELECT "c.search_text, c.search_tsv, " key \
	" AS sort_key FROM customers.customers c WHERE " CUSTOMER_WALK_KIND " AND " cursor " ORDER BY " order \
	" LIMIT (SELECT greatest(1000, 20 * $9::int))) c" \
	" WHERE (" CUSTOMER_MATCH_WALK ") AND " CUSTOMER_WALK_TAG " ORDER BY " order " LIMIT " DB_PARAM(9, int)
#define CUSTOMER_NO_CURSOR "(SELECT $7::text IS NULL AND $8::bigint IS NULL)"
#define CUSTOMER_WALK_FIRST(key, after, order, result) CUSTOMER_SEARCH_WALK(key, CUSTOMER_NO_CURSOR, order)
#define CUSTOMER_WALK_AFTER(key, after, order, result) CUSTOMER_SEARCH_WALK(key, after, order)
/* the cursor conditions of the walks after a cursor */
#define CUSTOMER_WALK_BY_NAME(step) \
	step("lower(c.name)", "(lower(c.name), c.id) > (" DB_PARAM(7, text) ", " DB_PARAM(8, bigint) ")", \
	    "sort_key, c.id", "")
#define CUSTOMER_WALK_BY_CREATED(step) \
	step("c.created_at", "(c.created_at, c.id) < (" DB_PARAM(7, timestamptz) ", " DB_PARAM(8, bigint) ")", \
	    "sort_key DESC, c.id DESC", "")
#define CUSTOMER_WALK_BY_UPDATED(step) \
	step("c.updated_at", "(c.updated_at, c.id) < (" DB_PARAM(7, timestamptz) ", " DB_PARAM(8, bigint) ")", \
	    "sort_key DESC, c.id DESC", "")
DB_STMT_KEPT(customer_walk_name, "hearth_customers", CUSTOMER_WALK_BY_NAME(CUSTOMER_WALK_FIRST));
DB_STMT_KEPT(customer_walk_name_after, "hearth_customers", CUSTOMER_WALK_BY_NAME(CUSTOMER_WALK_AFTER));
DB_STMT_KEPT(customer_walk_created, "hearth_customers", CUSTOMER_WALK_BY_CREATED(CUSTOMER_WALK_FIRST));
DB_STMT_KEPT(customer_walk_created_after, "hearth_customers", CUSTOMER_WALK_BY_CREATED(CUSTOMER_WALK_AFTER));
DB_STMT_KEPT(customer_walk_updated, "hearth_customers", CUSTOMER_WALK_BY_UPDATED(CUSTOMER_WALK_FIRST));
DB_STMT_KEPT(customer_walk_updated_after, "hearth_customers", CUSTOMER_WALK_BY_UPDATED(CUSTOMER_WALK_AFTER));

/* Browsing without search text or tag, the common case, has statements of
 * its own, whose answers every worker keeps until the table changes
 * (DB_STMT_KEPT, lib/kept.h; sql/014 notifies hearth_customers), and
 * with no optional search predicates, every value through DB_PARAM
 * (lib/db.h): prepared once, they settle on their generic plans (the
 * cursor an index condition) and are not planned per request, where the
 * search statements above are (0.1-0.3 ms of planning for a browse,
 * 0.2-0.7 ms for a search, measured at 100k customers). $1 kind, $2
 * include archived, [$3/$4 cursor], then limit+1. */
#define CUSTOMER_BROWSE_WHERE \
	" FROM customers.customers c" \
	" WHERE (" DB_PARAM(1, text) " IS NULL OR c.kind = " DB_PARAM(1, text) ") AND (" DB_PARAM(2, boolean) \
	" OR c.archived_at IS NULL)"
DB_STMT_KEPT(customer_browse_name, "hearth_customers",
    CUSTOMER_LIST_SELECT "lower(c.name) AS sort_key" CUSTOMER_BROWSE_WHERE
    " ORDER BY lower(c.name), c.id LIMIT " DB_PARAM(3, int));
DB_STMT_KEPT(customer_browse_name_after, "hearth_customers",
    CUSTOMER_LIST_SELECT "lower(c.name) AS sort_key" CUSTOMER_BROWSE_WHERE
    "   AND (lower(c.name), c.id) > (" DB_PARAM(3, text) ", " DB_PARAM(4, bigint) ")"
    " ORDER BY lower(c.name), c.id LIMIT " DB_PARAM(5, int));
DB_STMT_KEPT(customer_browse_created, "hearth_customers",
    CUSTOMER_LIST_SELECT "c.created_at AS sort_key" CUSTOMER_BROWSE_WHERE
    " ORDER BY c.created_at DESC, c.id DESC LIMIT " DB_PARAM(3, int));
DB_STMT_KEPT(customer_browse_created_after, "hearth_customers",
    CUSTOMER_LIST_SELECT "c.created_at AS sort_key" CUSTOMER_BROWSE_WHERE
    "   AND (c.created_at, c.id) < (" DB_PARAM(3, timestamptz) ", " DB_PARAM(4, bigint) ")"
    " ORDER BY c.created_at DESC, c.id DESC LIMIT " DB_PARAM(5, int));
DB_STMT_KEPT(customer_browse_updated, "hearth_customers",
    CUSTOMER_LIST_SELECT "c.updated_at AS sort_key" CUSTOMER_BROWSE_WHERE
    " ORDER BY c.updated_at DESC, c.id DESC LIMIT " DB_PARAM(3, int));
DB_STMT_KEPT(customer_browse_updated_after, "hearth_customers",
    CUSTOMER_LIST_SELECT "c.updated_at AS sort_key" CUSTOMER_BROWSE_WHERE
    "   AND (c.updated_at, c.id) < (" DB_PARAM(3, timestamptz) ", " DB_PARAM(4, bigint) ")"
    " ORDER BY c.updated_at DESC, c.id DESC LIMIT " DB_PARAM(5, int));
static struct db_stmt *const customer_browse_stmts[][2] = {
	{ &customer_browse_name, &customer_browse_name_after },
	{ &customer_browse_created, &customer_browse_created_after },
	{ &customer_browse_updated, &customer_browse_updated_after },
};

static const struct list_sort customer_sorts[] = {
	{ "name",        "Name",          "sort_key" },
	{ "-created_at", "Newest",        "sort_key" },
	{ "-updated_at", "Recently updated", "sort_key" },
	{ NULL, NULL, NULL },
};
static const struct search_steps customer_search_steps[] = {
	{ &customer_search_name_exact, &customer_search_name_fuzzy, &customer_walk_name, &customer_walk_name_after },
	{ &customer_search_created_exact, &customer_search_created_fuzzy, &customer_walk_created,
	  &customer_walk_created_after },
	{ &customer_search_updated_exact, &customer_search_updated_fuzzy, &customer_walk_updated,
	  &customer_walk_updated_after },
};
static struct db_stmt *const customer_tagged_stmts[] = {
	&customer_search_name_tagged, &customer_search_created_tagged, &customer_search_updated_tagged,
};

static const char *const customer_csv_columns[] = {
	"id", "kind", "name", "email", "phone", "billing_city", "billing_region", "tags",
	"archived_at", "created_at", "updated_at", NULL,
};

/* What the list page shows of a row (customers/list.cs). */
static const char *const customer_html_columns[] = {
	"id", "kind", "name", "email", "phone", "billing_city", "tags", "archived_at", "updated_at", NULL,
};

static const struct res_filter customer_filters[] = {
	FILTER_CHOICE("kind", customer_kinds, "Choose residential or commercial."),
	FILTER_TEXT("tag", 40),              /* as long as a tag can be (customer_fields) */
	FILTER_END,
};
/* The search (and tag) statements' $n. */
static const enum res_lparam customer_search_params[] = {
	LP_Q, LP_LIKE_LOWER, LP_PHONE_LIKE, LP_FILTER(0), LP_FILTER(1), LP_ARCHIVED, LP_AFTER_KEY, LP_AFTER_ID,
	LP_LIMIT1, LP_END,
};
/* The browse statements' $n: kind, archived, [cursor,] limit+1. A tag
 * is not among them, so a list with a tag runs the tag statement. */
static const enum res_lparam customer_browse_params[] = {
	LP_FILTER(0), LP_ARCHIVED, LP_AFTER_KEY, LP_AFTER_ID, LP_LIMIT1, LP_END,
};

/* ---- one customer ---- */

/* Insert and update parameters follow this order. */
static const struct res_field customer_fields[] = {
	FIELD_ENUM("kind", 0, customer_kinds, "residential"),
	FIELD_TEXT("name", V_REQUIRED, 200),
	FIELD_EMAIL("email", 0),
	FIELD_PHONE("phone", 0),
	FIELD_TEXT("billing_line1", 0, 200),
	FIELD_TEXT("billing_line2", 0, 200),
	FIELD_TEXT("billing_city", 0, 100),
	FIELD_TEXT("billing_region", 0, 100),
	FIELD_TEXT("billing_postal_code", 0, 20),
	FIELD_TEXT("billing_country", 0, 60),
	FIELD_LIST("tags", 20, 40),
	FIELD_TEXT("notes", 0, 10000),
	FIELD_END,
};

DB_STMT(customer_get, "SELECT " CUSTOMER_COLS " FROM customers.customers c WHERE c.id = $1");
DB_STMT(customer_get_for_update,
    "SELECT " CUSTOMER_COLS " FROM customers.customers c WHERE c.id = $1 FOR UPDATE");

/* Everything on the customer page in one round trip. */
DB_STMT(customer_get_full,
    "SELECT " CUSTOMER_COLS ","
    " (SELECT coalesce(json_agg(x), '[]') FROM (SELECT t.id, t.name, t.title, t.email, t.phone,"
    "    t.preferred_channel, t.do_not_contact, t.best_time, t.is_primary"
    "    FROM customers.contacts t WHERE t.customer_id = c.id AND t.archived_at IS NULL"
    "    ORDER BY t.is_primary DESC, lower(t.name), t.id LIMIT 50) x) AS contacts,"
    " (SELECT coalesce(json_agg(x), '[]') FROM (SELECT p.id, p.name, p.type, p.line1, p.city, p.region,"
    "    p.postal_code, p.rooms"
    "    FROM customers.properties p WHERE p.customer_id = c.id AND p.archived_at IS NULL"
    "    ORDER BY lower(p.name), p.id LIMIT 50) x) AS properties,"
    " (SELECT coalesce(json_agg(x), '[]') FROM (SELECT m.id, m.kind, m.direction,"
    "    core.rfc3339(m.occurred_at) AS occurred_at, m.subject, left(m.body, 280) AS body,"
    "    u.name AS user_name, t.name AS contact_name"
    "    FROM customers.communications m"
    "    LEFT JOIN auth.user_names u ON u.id = m.user_id"
    "    LEFT JOIN customers.contacts t ON t.id = m.contact_id"
    "    WHERE m.customer_id = c.id AND m.archived_at IS NULL"
    "    ORDER BY m.occurred_at DESC, m.id DESC LIMIT 10) x) AS communications,"
    " (SELECT coalesce(json_agg(x), '[]') FROM (SELECT d.id, d.title, d.filename, d.content_type,"
    "    d.size_bytes, core.rfc3339(d.created_at) AS created_at"
    "    FROM customers.documents d WHERE d.customer_id = c.id AND d.archived_at IS NULL"
    "    ORDER BY d.created_at DESC, d.id DESC LIMIT 20) x) AS documents"
    " FROM customers.customers c WHERE c.id = $1");

DB_STMT(customer_insert,
    "INSERT INTO customers.customers AS c (kind, name, email, phone, billing_line1, billing_line2, billing_city,"
    " billing_region, billing_postal_code, billing_country, tags, notes)"
    " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11::text[], $12) RETURNING " CUSTOMER_COLS);
DB_STMT(customer_update,
    "UPDATE customers.customers c SET kind = $3, name = $4, email = $5, phone = $6, billing_line1 = $7,"
    " billing_line2 = $8, billing_city = $9, billing_region = $10, billing_postal_code = $11,"
    " billing_country = $12, tags = $13::text[], notes = $14, version = c.version + 1, updated_at = now()"
    " WHERE c.id = $1 AND c.version = $2 RETURNING " CUSTOMER_COLS);
DB_STMT(customer_archived_set,
    "UPDATE customers.customers c SET archived_at = CASE WHEN $2 THEN now() ELSE NULL END,"
    " version = c.version + 1, updated_at = now()"
    " WHERE c.id = $1 AND (c.archived_at IS NULL) = $2 RETURNING " CUSTOMER_COLS);

/* ---- the customer as a parent ---- */

DB_STMT(customer_parent_get,
    "SELECT c.id, c.name, c.archived_at FROM customers.customers c WHERE c.id = $1");
/* The lock that serialises changes to one customer's children (two
 * requests cannot both make a primary contact; a child is not restored
 * while the customer is being archived). Taken before any child row.
 * NO KEY UPDATE: new children (their foreign key takes KEY SHARE) are not
 * blocked. */
DB_STMT(customer_parent_lock,
    "SELECT c.id, c.name, c.archived_at FROM customers.customers c WHERE c.id = $1 FOR NO KEY UPDATE");

const struct res_parent customers_parent_of_child = {
	.param = "id", .field = "customer_id", .name_field = "customer_name", .data_key = "customer",
	.label = "Customers", .path = "/customers", .singular = "customer",
	.get = &customer_parent_get, .lock = &customer_parent_lock,
};

/* ---- the resource ---- */

/* What customer_get_full adds to the record. */
static const char *const customer_show_fields[] = { "contacts", "properties", "communications", "documents", NULL };
static const struct res_field customer_read_fields[] = {
	FIELD_ROWS("contacts", "/contacts"), FIELD_ROWS("properties", "/properties"),
	FIELD_ROWS("communications", "/communications"), FIELD_ROWS("documents", "/documents"),
	FIELD_END,
};
/* Where a script goes next from a customer: its lists (lib/resource.h). */
static const struct res_link customer_links[] = {
	{ "contacts_url", "/contacts" }, { "properties_url", "/properties" },
	{ "communications_url", "/communications" }, { "documents_url", "/documents" },
	LINK_END,
};

static const struct resource customer_resource = {
	.name = "customer", .label = "Customer", .plural = "Customers", .path = "/customers",
	.family = "customers", .title_field = "name",
	.tpl_list = "customers/list.cs", .tpl_show = "customers/show.cs", .tpl_form = "customers/form.cs",
	.fields = customer_fields,
	.get = &customer_get, .get_full = &customer_get_full, .get_for_update = &customer_get_for_update,
	.show_fields = customer_show_fields, .read_fields = customer_read_fields, .links = customer_links,
	.insert = &customer_insert, .update = &customer_update, .set_archived = &customer_archived_set,
	.sorts = customer_sorts, .list_stmts = customer_tagged_stmts, .list_params = customer_search_params,
	.search = customer_search_steps, .browse = customer_browse_stmts, .browse_params = customer_browse_params,
	.filters = customer_filters, .csv_columns = customer_csv_columns, .csv_filename = "customers",
	.html_columns = customer_html_columns, .html_row = "customers/list_row.cs",
	.created_flash = "Customer created.", .saved_flash = "Customer saved.",
};

/* GET /customers (?q, kind, tag, archived, sort, limit, after;
 * format=json|csv) → 200 list; 422 bad kind/sort/limit/cursor. Browsing
 * runs the generic-plan browse statements, a search the steps, a tag the
 * tag statement. */
RES_HANDLER(customers_customer_list, res_list, customer_resource)
/* GET /customers/:id → 200 the customer with contacts, properties, latest
 * communications and documents; 404. */
RES_HANDLER(customers_customer_show, res_show, customer_resource)
/* GET /customers/new → 200 the empty form. */
RES_HANDLER(customers_customer_new, res_new, customer_resource)
/* GET /customers/:id/edit → 200 the form filled from the record; 404. */
RES_HANDLER(customers_customer_edit, res_edit, customer_resource)
/* POST /customers (form or JSON) → 201 + Location (HTML: 303 to it);
 * 422 with field errors (HTML: the form again, values kept). */
RES_HANDLER(customers_customer_create, res_create, customer_resource)
/* PATCH /customers/:id (JSON: any subset of fields + version or If-Match;
 * form: _method=PATCH) → 200 the record (HTML: 303 to it); 404; 409 stale
 * version with the current record; 422 field errors. */
RES_HANDLER(customers_customer_update, res_update, customer_resource)
/* DELETE /customers/:id → 200 the archived record (HTML: 303); 404. */
RES_HANDLER(customers_customer_archive, res_archive, customer_resource)
/* POST /customers/:id/restore → 200 the record (HTML: 303); 404. */
RES_HANDLER(customers_customer_restore, res_restore, customer_resource)
