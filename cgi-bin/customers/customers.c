/* customers.c: the customer record: list/search, show (everything at a
 * glance), create, edit with optimistic concurrency, archive, restore. */
#include <string.h>
#include "customers.h"
#include "list.h"
#include "resp.h"
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
 * - exact, one statement in two parts, the second run only if the first
 *   finds too few (a one-time filter):
 *   walk: the exact matches (full text, substring, phone digits) among the
 *   next 20 pages (1000 rows at least) of the list in its order, read from
 *   the sort's index: a common term ("son", one customer in ten) fills its
 *   page after ~500 rows (0.9 ms); a rare one costs a bounded walk (~1 ms);
 *   sorted: every exact match from the GIN indexes, then sorted. OFFSET 0
 *   keeps the planner from walking the index itself: it guesses from
 *   estimates, and for a term in one customer of 200 it read 14k rows.
 * - fuzzy: when exact matches are fewer than a page, the same with similar
 *   words as well (word similarity), also behind OFFSET 0: walked, it ran
 *   word_similarity on every row (q=goldberg13: 264 ms, sorted: 13 ms). A
 *   statement of its own: planning word similarity costs 1.3 ms.
 * A tag with no q is one statement, the planner's choice between the name
 * index and the tags index (its estimates for tags are good).
 * The plans are made for the values at hand (DB_STMT_PLANNED): the NULL
 * tests fold away and the cursor becomes an index condition. */
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
#define CUSTOMER_SEARCH_WALK(key, after, order) \
	CUSTOMER_LIST_SELECT "c.sort_key FROM (" CUSTOMER_LIST_SELECT "c.search_text, c.search_tsv, " key \
	" AS sort_key FROM customers.customers c WHERE " CUSTOMER_SEARCH_KIND \
	" AND ($7::text IS NULL OR " after ") ORDER BY " order " LIMIT greatest(1000, 20 * $9)) c" \
	" WHERE (" CUSTOMER_MATCH_EXACT ") AND " CUSTOMER_SEARCH_TAG " ORDER BY " order " LIMIT $9"
#define CUSTOMER_SEARCH_SORTED(match, key, after, order) \
	CUSTOMER_LIST_SELECT "c.sort_key FROM (" CUSTOMER_LIST_SELECT key " AS sort_key" \
	" FROM customers.customers c WHERE (" match ") AND " CUSTOMER_SEARCH_KIND \
	" AND " CUSTOMER_SEARCH_TAG " AND ($7::text IS NULL OR " after ") OFFSET 0) c" \
	" ORDER BY " order " LIMIT $9"
#define CUSTOMER_SEARCH_EXACT(key, after, order, result) \
	"WITH walk AS MATERIALIZED (" CUSTOMER_SEARCH_WALK(key, after, order) ")" \
	" SELECT * FROM walk WHERE (SELECT count(*) FROM walk) = $9" \
	" UNION ALL SELECT * FROM (" CUSTOMER_SEARCH_SORTED(CUSTOMER_MATCH_EXACT, key, after, order) ") s" \
	" WHERE (SELECT count(*) FROM walk) < $9 ORDER BY " result
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

/* Browsing without search text or tag, the common case, has statements of
 * its own with no optional search or cursor predicates: prepared once, they
 * settle on a generic plan (the cursor is an index condition) and are not
 * planned per request, where the search statements above are (0.2–0.7 ms
 * of planning, measured at 100k customers). $1 kind, $2 include archived,
 * [$3/$4 cursor], then limit+1. */
#define CUSTOMER_BROWSE_WHERE \
	" FROM customers.customers c" \
	" WHERE ($1::text IS NULL OR c.kind = $1) AND ($2::boolean OR c.archived_at IS NULL)"
DB_STMT(customer_browse_name,
    CUSTOMER_LIST_SELECT "lower(c.name) AS sort_key" CUSTOMER_BROWSE_WHERE
    " ORDER BY lower(c.name), c.id LIMIT $3");
DB_STMT(customer_browse_name_after,
    CUSTOMER_LIST_SELECT "lower(c.name) AS sort_key" CUSTOMER_BROWSE_WHERE
    "   AND (lower(c.name), c.id) > ($3, $4::bigint) ORDER BY lower(c.name), c.id LIMIT $5");
DB_STMT(customer_browse_created,
    CUSTOMER_LIST_SELECT "c.created_at AS sort_key" CUSTOMER_BROWSE_WHERE
    " ORDER BY c.created_at DESC, c.id DESC LIMIT $3");
DB_STMT(customer_browse_created_after,
    CUSTOMER_LIST_SELECT "c.created_at AS sort_key" CUSTOMER_BROWSE_WHERE
    "   AND (c.created_at, c.id) < ($3::timestamptz, $4::bigint) ORDER BY c.created_at DESC, c.id DESC LIMIT $5");
DB_STMT(customer_browse_updated,
    CUSTOMER_LIST_SELECT "c.updated_at AS sort_key" CUSTOMER_BROWSE_WHERE
    " ORDER BY c.updated_at DESC, c.id DESC LIMIT $3");
DB_STMT(customer_browse_updated_after,
    CUSTOMER_LIST_SELECT "c.updated_at AS sort_key" CUSTOMER_BROWSE_WHERE
    "   AND (c.updated_at, c.id) < ($3::timestamptz, $4::bigint) ORDER BY c.updated_at DESC, c.id DESC LIMIT $5");
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
	{ &customer_search_name_exact, &customer_search_name_fuzzy },
	{ &customer_search_created_exact, &customer_search_created_fuzzy },
	{ &customer_search_updated_exact, &customer_search_updated_fuzzy },
};
static struct db_stmt *const customer_tagged_stmts[] = {
	&customer_search_name_tagged, &customer_search_created_tagged, &customer_search_updated_tagged,
};

static const char *const customer_csv_columns[] = {
	"id", "kind", "name", "email", "phone", "billing_city", "billing_region", "tags",
	"archived_at", "created_at", "updated_at", NULL,
};

/* The list with search text or a tag: exact matches, fuzzy ones only when
 * they are too few (none for a phone number); a tag alone in one statement. */
static PGresult *
customer_search(struct request *r, const struct list_query *lq, const char *kind, const char *tag,
                const char *archived_param)
{
	const char *digits = lq->q ? search_digits_like(r->arena, lq->q) : NULL;
	const char *vals[] = { lq->q, search_lower(r->arena, lq->like), digits, kind, tag, archived_param,
		lq->after_key, lq->after_id, lq->limit_plus_one };
	int n = (int)(sizeof(vals) / sizeof(vals[0]));
	if (lq->q == NULL)
		return db_exec(r, customer_tagged_stmts[lq->sort_index], n, vals);
	return search_run(r, &customer_search_steps[lq->sort_index], lq, digits == NULL, n, vals);
}

/* GET /customers (?q, kind, tag, archived, sort, limit, after; format=json|csv)
 * 200 list; 422 bad sort/limit/cursor. */
enum herr
customers_customer_list(struct request *r)
{
	struct list_query lq;
	enum herr e = list_parse(r, customer_sorts, &lq);
	const char *kind = req_query(r, "kind");
	if (kind != NULL && *kind == '\0')
		kind = NULL;
	if (kind != NULL && strcmp(kind, "residential") && strcmp(kind, "commercial"))
		resp_field_error(r, "kind", "Choose residential or commercial.");
	const char *tag = req_query(r, "tag");
	if (tag != NULL && *tag == '\0')
		tag = NULL;
	const char *archived = req_query(r, "archived");
	int with_archived = archived != NULL && (strcmp(archived, "1") == 0 || strcmp(archived, "true") == 0 ||
	    strcmp(archived, "on") == 0);
	if (e != HE_OK || r->errors != NULL) {
		r->template = "customers/list.cs";
		return HE_INVALID;
	}
	const char *archived_param = with_archived ? "true" : "false";
	PGresult *res;
	if (lq.q == NULL && tag == NULL && lq.after_id == NULL)
		res = db_q(r, customer_browse_stmts[lq.sort_index][0], kind, archived_param, lq.limit_plus_one);
	else if (lq.q == NULL && tag == NULL)
		res = db_q(r, customer_browse_stmts[lq.sort_index][1], kind, archived_param, lq.after_key,
		    lq.after_id, lq.limit_plus_one);
	else
		res = customer_search(r, &lq, kind, tag, archived_param);
	if (res == NULL)
		return db_fail(r);
	json_object *out = list_answer(r, &lq, res);
	if (r->format == FMT_HTML) {
		if (kind)
			json_object_object_add(out, "kind", json_object_new_string(kind));
		if (tag)
			json_object_object_add(out, "tag", json_object_new_string(tag));
		if (with_archived)
			json_object_object_add(out, "archived", json_object_new_string("1"));
		record_crumbs(r, "Customers", "Customers", NULL, NULL);
		json_object_object_add(r->page, "family", json_object_new_string("customers"));
	}
	r->csv_columns = customer_csv_columns;
	r->csv_filename = "customers";
	return resp_ok(r, "customers/list.cs", out);
}

/* ---- one customer ---- */

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

DB_STMT(customer_parent_get,
    "SELECT c.id, c.name, c.archived_at FROM customers.customers c WHERE c.id = $1");

enum herr
customers_parent(struct request *r, long long id, json_object **out)
{
	return record_get(r, &customer_parent_get, id, out);
}

static const char *
customer_href(struct request *r, long long id)
{
	return arena_printf(r->arena, "/customers/%lld", id);
}

/* GET /customers/:id → 200 the customer with contacts, properties, latest
 * communications and documents; 404. */
enum herr
customers_customer_show(struct request *r)
{
	json_object *c;
	enum herr e = record_get(r, &customer_get_full, req_param_id(r, "id"), &c);
	if (e != HE_OK)
		return e;
	if (r->format == FMT_HTML) {
		record_crumbs(r, record_str(c, "name"), "Customers", "/customers", record_str(c, "name"), NULL, NULL);
		json_object_object_add(r->page, "family", json_object_new_string("customers"));
	}
	return resp_ok(r, "customers/show.cs", c);
}

/* GET /customers/new → 200 the empty form. */
enum herr
customers_customer_new(struct request *r)
{
	record_crumbs(r, "New customer", "Customers", "/customers", "New customer", NULL, NULL);
	json_object_object_add(r->page, "family", json_object_new_string("customers"));
	r->form_values = json_object_new_object();
	json_object_object_add(r->form_values, "kind", json_object_new_string("residential"));
	return resp_ok(r, "customers/form.cs", json_object_new_object());
}

/* GET /customers/:id/edit → 200 the form filled from the record; 404. */
enum herr
customers_customer_edit(struct request *r)
{
	json_object *c;
	enum herr e = record_get(r, &customer_get, req_param_id(r, "id"), &c);
	if (e != HE_OK)
		return e;
	long long id = record_int(c, "id");
	record_crumbs(r, "Edit customer", "Customers", "/customers", record_str(c, "name"),
	    customer_href(r, id), "Edit", NULL, NULL);
	json_object_object_add(r->page, "family", json_object_new_string("customers"));
	r->form_values = record_as_form(c);
	return resp_ok(r, "customers/form.cs", c);
}

/* The fields a customer form carries, checked; for PATCH, base is the
 * current record so absent fields keep their values. */
static void
customer_fields(struct form *f)
{
	form_enum(f, "kind", 0, customer_kinds, "residential");
	form_text(f, "name", V_REQUIRED, 200);
	form_email(f, "email", 0);
	form_phone(f, "phone", 0);
	form_text(f, "billing_line1", 0, 200);
	form_text(f, "billing_line2", 0, 200);
	form_text(f, "billing_city", 0, 100);
	form_text(f, "billing_region", 0, 100);
	form_text(f, "billing_postal_code", 0, 20);
	form_text(f, "billing_country", 0, 60);
	form_list(f, "tags", 20, 40);
	form_text(f, "notes", 0, 10000);
}

/* Tags as a PostgreSQL array literal from the cleaned JSON array. */
static const char *
customer_tags(struct form *f)
{
	json_object *tags = NULL;
	json_object_object_get_ex(f->out, "tags", &tags);
	return valid_pg_array(f->r->arena, tags);
}

DB_STMT(customer_insert,
    "INSERT INTO customers.customers AS c (kind, name, email, phone, billing_line1, billing_line2, billing_city,"
    " billing_region, billing_postal_code, billing_country, tags, notes)"
    " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11::text[], $12) RETURNING " CUSTOMER_COLS);

/* POST /customers (form or JSON) → 201 + Location (HTML: 303 to it);
 * 422 with field errors (HTML: the form again, values kept). */
enum herr
customers_customer_create(struct request *r)
{
	struct form f;
	form_begin(&f, r, NULL);
	customer_fields(&f);
	if (!form_ok(&f)) {
		record_crumbs(r, "New customer", "Customers", "/customers", "New customer", NULL, NULL);
		return record_form_again(r, HE_INVALID, "customers/form.cs", json_object_new_object());
	}
	enum herr e = db_begin(r);
	if (e != HE_OK)
		return e;
	PGresult *res = db_q(r, &customer_insert, form_get(&f, "kind"), form_get(&f, "name"),
	    form_get(&f, "email"), form_get(&f, "phone"), form_get(&f, "billing_line1"),
	    form_get(&f, "billing_line2"), form_get(&f, "billing_city"), form_get(&f, "billing_region"),
	    form_get(&f, "billing_postal_code"), form_get(&f, "billing_country"), customer_tags(&f),
	    form_get(&f, "notes"));
	if (res == NULL)
		return db_fail(r);
	json_object *c = db_row_json(res, 0);
	long long id = record_int(c, "id");
	e = record_commit(r, "customer.create", "customer", id, NULL, c, "customer.created");
	if (e != HE_OK) {
		json_object_put(c);
		return e;
	}
	return record_done(r, 1, customer_href(r, id), "Customer created.", c);
}

DB_STMT(customer_update,
    "UPDATE customers.customers c SET kind = $3, name = $4, email = $5, phone = $6, billing_line1 = $7,"
    " billing_line2 = $8, billing_city = $9, billing_region = $10, billing_postal_code = $11,"
    " billing_country = $12, tags = $13::text[], notes = $14, version = c.version + 1, updated_at = now()"
    " WHERE c.id = $1 AND c.version = $2 RETURNING " CUSTOMER_COLS);

/* PATCH /customers/:id (JSON: any subset of fields + version or If-Match;
 * form: _method=PATCH) → 200 the record (HTML: 303 to it); 404; 409 stale
 * version with the current record; 422 field errors. */
enum herr
customers_customer_update(struct request *r)
{
	long long id = req_param_id(r, "id");
	enum herr e = db_begin(r);
	if (e != HE_OK)
		return e;
	json_object *cur;
	if ((e = record_get(r, &customer_get_for_update, id, &cur)) != HE_OK)
		return e;
	struct form f;
	form_begin(&f, r, cur);
	customer_fields(&f);
	e = form_ok(&f) ? record_version_check(r, &f, cur) : HE_INVALID;
	if (e != HE_OK) {
		db_rollback(r);
		record_crumbs(r, "Edit customer", "Customers", "/customers", record_str(cur, "name"),
		    customer_href(r, id), "Edit", NULL, NULL);
		return record_form_again(r, e, "customers/form.cs", cur);
	}
	PGresult *res = db_q(r, &customer_update, db_int(r, id), db_int(r, record_int(cur, "version")),
	    form_get(&f, "kind"), form_get(&f, "name"), form_get(&f, "email"), form_get(&f, "phone"),
	    form_get(&f, "billing_line1"), form_get(&f, "billing_line2"), form_get(&f, "billing_city"),
	    form_get(&f, "billing_region"), form_get(&f, "billing_postal_code"),
	    form_get(&f, "billing_country"), customer_tags(&f), form_get(&f, "notes"));
	if (res == NULL) {
		json_object_put(cur);
		return db_fail(r);
	}
	json_object *c = db_row_json(res, 0);
	e = record_commit(r, "customer.update", "customer", id, cur, c, "customer.updated");
	json_object_put(cur);
	if (e != HE_OK) {
		json_object_put(c);
		return e;
	}
	return record_done(r, 0, customer_href(r, id), "Customer saved.", c);
}

DB_STMT(customer_archived_set,
    "UPDATE customers.customers c SET archived_at = CASE WHEN $2 THEN now() ELSE NULL END,"
    " version = c.version + 1, updated_at = now()"
    " WHERE c.id = $1 AND (c.archived_at IS NULL) = $2 RETURNING " CUSTOMER_COLS);

/* Archive (DELETE) or restore: history stays; the record leaves lists. */
static enum herr
customer_set_archived(struct request *r, int archive)
{
	long long id = req_param_id(r, "id");
	enum herr e = db_begin(r);
	if (e != HE_OK)
		return e;
	json_object *cur;
	if ((e = record_get(r, &customer_get_for_update, id, &cur)) != HE_OK)
		return e;
	return record_set_archived(r, &customer_archived_set, "customer", "Customer", id, archive, cur, customer_href(r, id));
}

/* DELETE /customers/:id → 200 the archived record (HTML: 303); 404. */
enum herr
customers_customer_archive(struct request *r)
{
	return customer_set_archived(r, 1);
}

/* POST /customers/:id/restore → 200 the record (HTML: 303); 404. */
enum herr
customers_customer_restore(struct request *r)
{
	return customer_set_archived(r, 0);
}
