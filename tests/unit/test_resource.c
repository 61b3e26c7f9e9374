/* test_resource: the table-driven resource layer (lib/resource.c), run
 * against a real PostgreSQL on TEMP tables: a "widget" resource under a
 * "shelf" parent, described the way a family describes its resources.
 *
 * "resource_offline" always runs (list parameters from the query).
 * "resource_live" needs HEARTH_TEST_DATABASE (a libpq conninfo of the
 * stack's database: the layer writes audit and outbox rows in core, as
 * every change does); without it each live test calls skip(). */
#include "fixtures.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "api.h"
#include "resource.h"
#include "resp.h"

static char run_id[64];        /* request id of this run's changes */

static const char SETUP_SQL[] =
    "CREATE TEMP TABLE rt_shelf (id bigserial PRIMARY KEY, name text NOT NULL, archived_at timestamptz);"
    "CREATE TEMP TABLE rt_widget (id bigserial PRIMARY KEY, shelf_id bigint NOT NULL REFERENCES rt_shelf,"
    " name text NOT NULL, kind text NOT NULL, qty int, tags text[] NOT NULL DEFAULT '{}',"
    " archived_at timestamptz, version int NOT NULL DEFAULT 1,"
    " created_at timestamptz NOT NULL DEFAULT now(), updated_at timestamptz NOT NULL DEFAULT now());"
    "INSERT INTO rt_shelf (name) VALUES ('Garage'), ('Van 2')";

#define WIDGET_COLS \
	"w.id, w.shelf_id, (SELECT s.name FROM rt_shelf s WHERE s.id = w.shelf_id) AS shelf_name, w.name," \
	" w.kind, w.qty, w.tags, w.archived_at, w.version, w.created_at, w.updated_at"

DB_STMT(rt_shelf_get, "SELECT s.id, s.name, s.archived_at FROM rt_shelf s WHERE s.id = $1");
DB_STMT(rt_shelf_lock, "SELECT s.id, s.name, s.archived_at FROM rt_shelf s WHERE s.id = $1 FOR UPDATE");
DB_STMT(rt_shelf_archive, "UPDATE rt_shelf SET archived_at = CASE WHEN $2 THEN now() END WHERE id = $1");
DB_STMT(rt_widget_get, "SELECT " WIDGET_COLS " FROM rt_widget w WHERE w.id = $1");
DB_STMT(rt_widget_get_for_update, "SELECT " WIDGET_COLS " FROM rt_widget w WHERE w.id = $1 FOR UPDATE");
DB_STMT(rt_widget_insert,
    "INSERT INTO rt_widget AS w (shelf_id, name, kind, qty, tags) VALUES ($1, $2, $3, $4, $5::text[])"
    " RETURNING " WIDGET_COLS);
DB_STMT(rt_widget_update,
    "UPDATE rt_widget w SET name = $3, kind = $4, qty = $5, tags = $6::text[], version = w.version + 1,"
    " updated_at = now() WHERE w.id = $1 AND w.version = $2 RETURNING " WIDGET_COLS);
DB_STMT(rt_widget_archived_set,
    "UPDATE rt_widget w SET archived_at = CASE WHEN $2 THEN now() END, version = w.version + 1"
    " WHERE w.id = $1 AND (w.archived_at IS NULL) = $2 RETURNING " WIDGET_COLS);
/* $1 shelf, $2 like, $3 kind, $4 archived, $5/$6 cursor, $7 limit+1 */
DB_STMT_PLANNED(rt_widget_list,
    "SELECT " WIDGET_COLS " FROM rt_widget w"
    " WHERE ($1::bigint IS NULL OR w.shelf_id = $1) AND ($2::text IS NULL OR w.name LIKE $2)"
    "   AND ($3::text IS NULL OR w.kind = $3) AND ($4::boolean OR w.archived_at IS NULL)"
    "   AND ($5::text IS NULL OR (w.name, w.id) > ($5, $6::bigint))"
    " ORDER BY w.name, w.id LIMIT $7");
/* This run's rows only: TEMP ids start at 1 again in every run. */
DB_STMT(rt_audit_count,
    "SELECT count(*) FROM core.audit WHERE entity = 'rt_widget' AND entity_id = $1 AND action = $2"
    " AND request_id = $3");

static const char *const widget_kinds[] = { "bracket", "cable", "plate", NULL };

static const struct res_parent shelf_parent = {
	.param = "id", .field = "shelf_id", .name_field = "shelf_name", .data_key = "shelf",
	.label = "Shelves", .path = "/shelves", .singular = "shelf",
	.get = &rt_shelf_get, .lock = &rt_shelf_lock,
};
static const struct res_field widget_fields[] = {
	FIELD_TEXT("name", V_REQUIRED, 50),
	FIELD_ENUM("kind", 0, widget_kinds, "bracket"),
	FIELD_INT("qty", V_NULLABLE, 0, 1000),
	FIELD_LIST("tags", 3, 10),
	FIELD_END,
};
static const struct list_sort widget_sorts[] = { { "name", "Name", "name" }, { NULL, NULL, NULL } };
static struct db_stmt *const widget_list_stmts[] = { &rt_widget_list };
static const enum res_lparam widget_list_params[] = {
	LP_PARENT, LP_LIKE, LP_FILTER(0), LP_ARCHIVED, LP_AFTER_KEY, LP_AFTER_ID, LP_LIMIT1, LP_END,
};
static const struct res_filter widget_filters[] = {
	FILTER_CHOICE("kind", widget_kinds, "Choose bracket, cable or plate."),
	FILTER_END,
};
static const struct res_link widget_links[] = { { "parts_url", "/parts" }, LINK_END };
static const struct res_field widget_read_fields[] = { FIELD_ROWS("parts", NULL), FIELD_END };
static const char *const widget_show_fields[] = { "parts", NULL };
static const struct resource widget = {
	.name = "rt_widget", .label = "Widget", .plural = "Widgets", .path = "/widgets", .family = "inventory",
	.title_field = "name", .tpl_list = "w/list.cs", .tpl_show = "w/show.cs", .tpl_form = "w/form.cs",
	.parent = &shelf_parent, .back_to_parent = RES_BACK_CREATE,
	.fields = widget_fields,
	.get = &rt_widget_get, .get_for_update = &rt_widget_get_for_update, .insert = &rt_widget_insert,
	.update = &rt_widget_update, .set_archived = &rt_widget_archived_set,
	.sorts = widget_sorts, .list_stmts = widget_list_stmts, .list_params = widget_list_params,
	.filters = widget_filters, .created_flash = "Widget added.", .saved_flash = "Widget saved.",
	.links = widget_links, .read_fields = widget_read_fields, .show_fields = widget_show_fields,
};
/* A resource whose show_fields are not described: --api refuses it. */
static const struct resource undescribed = {
	.name = "rt_undescribed", .label = "Thing", .plural = "Things", .path = "/things",
	.fields = widget_fields, .show_fields = widget_show_fields, .sorts = widget_sorts,
};

RES_HANDLER(rt_widget_update_handler, res_update, widget)
RES_HANDLER(rt_widget_list_handler, res_list, widget)
RES_HANDLER(rt_undescribed_show, res_show, undescribed)

static int
group_setup(void **state)
{
	(void)state;
	return fx_db_open("test_resource", SETUP_SQL);
}

/* A fresh request: method, format, :id (NULL: none), query pairs
 * ("k=v&k2=v2" or NULL) and a JSON body (or NULL). */
static struct request *
request(struct fx *f, enum http_method m, enum req_format fmt, const char *id, const char *query,
        const char *json)
{
	db_rollback(&f->r);
	fx_fresh_reset(f);
	f->r.method = m;
	f->r.format = fmt;
	f->r.request_id = run_id;
	f->r.client_ip = "127.0.0.1";
	if (id != NULL)
		kv_add(f->a, &f->r.params, "id", id);
	if (query != NULL)
		assert_int_equal(req_parse_urlencoded(f->a, &f->r.query, query, strlen(query)), HE_OK);
	if (json != NULL) {
		f->r.json = json_tokener_parse(json);
		assert_non_null(f->r.json);
	}
	return &f->r;
}

static json_object *
field(json_object *o, const char *key)
{
	json_object *v = NULL;
	json_object_object_get_ex(o, key, &v);
	return v;
}

static const char *
error_of(const struct request *r, const char *name)
{
	json_object *v = r->errors ? field(r->errors, name) : NULL;
	return v ? json_object_get_string(v) : NULL;
}

/* Creates a widget on shelf 1 through the layer; returns its id. */
static long long
create_widget(struct fx *f, const char *json)
{
	struct request *r = request(f, HM_POST, FMT_JSON, "1", NULL, json);
	assert_int_equal(res_create(r, &widget), HE_OK);
	assert_int_equal(r->status, 201);
	return json_object_get_int64(field(r->data, "id"));
}

static long long
audit_rows(struct fx *f, long long id, const char *action)
{
	struct request *r = request(f, HM_GET, FMT_JSON, NULL, NULL, NULL);
	PGresult *res = db_q(r, &rt_audit_count, db_int(r, id), action, run_id);
	assert_non_null(res);
	return atoll(PQgetvalue(res, 0, 0));
}

/* ---- offline ---- */

/* Each LP_ kind reads the list query the way its comment says. */
static void
list_params_from_query(void **state)
{
	struct fx *f = *state;
	static const enum res_lparam params[] = {
		LP_Q, LP_LIKE, LP_LIKE_LOWER, LP_Q_UNLESS_PHONE, LP_Q_IF_LETTERS, LP_PHONE_LIKE, LP_ARCHIVED,
		LP_LIMIT1, LP_FILTER(0), LP_PARENT, LP_END,
	};
	struct resource res = widget;
	res.list_params = params;
	struct res_list_ctx lc;
	memset(&lc, 0, sizeof(lc));
	struct request *r = request(f, HM_GET, FMT_JSON, NULL, "q=%28555%29+014-2&limit=10&archived=on", NULL);
	assert_int_equal(list_parse(r, widget_sorts, &lc.lq), HE_OK);
	lc.with_archived = res_query_flag(r, "archived");
	lc.filter_values[0] = "cable";
	const char *v[16];
	assert_int_equal(res_list_params(r, &res, &lc, v, 16), 10);
	assert_string_equal(v[0], "(555) 014-2");
	assert_string_equal(v[1], "%(555) 014-2%");
	assert_null(v[3]);                        /* a phone number: no word similarity */
	assert_null(v[4]);                        /* no letters: no fuzzy match on a number */
	assert_string_equal(v[5], "%5550142%");
	assert_string_equal(v[6], "true");
	assert_string_equal(v[7], "11");
	assert_string_equal(v[8], "cable");
	assert_null(v[9]);                        /* the global list: no parent */

	r = request(f, HM_GET, FMT_JSON, NULL, "q=Ab_C", NULL);
	memset(&lc, 0, sizeof(lc));
	assert_int_equal(list_parse(r, widget_sorts, &lc.lq), HE_OK);
	assert_int_equal(res_list_params(r, &res, &lc, v, 16), 10);
	assert_string_equal(v[1], "%Ab\\_C%");    /* LIKE metacharacters escaped */
	assert_string_equal(v[2], "%ab\\_c%");
	assert_string_equal(v[3], "Ab_C");
	assert_string_equal(v[4], "Ab_C");
	assert_null(v[5]);
	assert_string_equal(v[6], "false");
}

/* A postal code has no letters: no fuzzy match on it. */
static void
list_params_digits_only(void **state)
{
	struct fx *f = *state;
	static const enum res_lparam params[] = { LP_Q_IF_LETTERS, LP_Q_UNLESS_PHONE, LP_END };
	struct resource res = widget;
	res.list_params = params;
	struct res_list_ctx lc;
	memset(&lc, 0, sizeof(lc));
	struct request *r = request(f, HM_GET, FMT_JSON, NULL, "q=78704", NULL);
	assert_int_equal(list_parse(r, widget_sorts, &lc.lq), HE_OK);
	const char *v[4];
	assert_int_equal(res_list_params(r, &res, &lc, v, 4), 2);
	assert_null(v[0]);
	assert_null(v[1]);                        /* 5 digits: a phone number fragment */
}

/* ---- live ---- */

/* Create: every field checked and stored, 201 + Location, an audit row
 * in the same transaction; a list arrives as a text[]. */
static void
create_stores_and_audits(void **state)
{
	FX_NEED_DB();
	struct fx *f = *state;
	long long id = create_widget(f, "{\"name\":\"Wall plate\",\"kind\":\"plate\",\"qty\":4,\"tags\":\"white, 2-gang\"}");
	assert_true(id > 0);
	struct request *r = &f->r;
	assert_string_equal(kv_get(&r->out_headers, "Location"), arena_printf(r->arena, "/widgets/%lld", id));
	assert_string_equal(json_object_get_string(field(r->data, "shelf_name")), "Garage");
	assert_int_equal(json_object_get_int(field(r->data, "qty")), 4);
	assert_int_equal(json_object_array_length(field(r->data, "tags")), 2);
	assert_int_equal(audit_rows(f, id, "rt_widget.create"), 1);
}

/* Every bad field is reported at once, and nothing is written. */
static void
create_reports_every_field(void **state)
{
	FX_NEED_DB();
	struct fx *f = *state;
	struct request *r = request(f, HM_POST, FMT_JSON, "1", NULL, "{\"kind\":\"sprocket\",\"qty\":5000}");
	assert_int_equal(res_create(r, &widget), HE_INVALID);
	assert_non_null(error_of(r, "name"));
	assert_non_null(error_of(r, "kind"));
	assert_non_null(error_of(r, "qty"));
	assert_int_equal(r->in_txn, 0);
}

/* The HTML form shown again keeps the values and names the page. */
static void
create_html_form_again(void **state)
{
	FX_NEED_DB();
	struct fx *f = *state;
	struct request *r = request(f, HM_POST, FMT_HTML, "2", NULL, "{\"name\":\"\",\"kind\":\"cable\"}");
	assert_int_equal(res_create(r, &widget), HE_INVALID);
	assert_string_equal(r->template, "w/form.cs");
	assert_string_equal(json_object_get_string(field(r->form_values, "kind")), "cable");
	assert_string_equal(json_object_get_string(field(r->data, "shelf_name")), "Van 2");
	assert_string_equal(json_object_get_string(field(r->page, "title")), "New widget");
}

static void
create_under_missing_parent(void **state)
{
	FX_NEED_DB();
	struct fx *f = *state;
	struct request *r = request(f, HM_POST, FMT_JSON, "999999", NULL, "{\"name\":\"x\"}");
	assert_int_equal(res_create(r, &widget), HE_NOT_FOUND);
}

/* PATCH: absent fields keep their values; a stale version is a conflict
 * with the current record, and nothing changes. */
static void
update_checks_version(void **state)
{
	FX_NEED_DB();
	struct fx *f = *state;
	long long id = create_widget(f, "{\"name\":\"Bracket\",\"qty\":1}");
	char path[32];
	snprintf(path, sizeof(path), "%lld", id);
	struct request *r = request(f, HM_PATCH, FMT_JSON, path, NULL, "{\"qty\":2,\"version\":1}");
	assert_int_equal(res_update(r, &widget), HE_OK);
	assert_int_equal(json_object_get_int(field(r->data, "version")), 2);
	assert_int_equal(json_object_get_int(field(r->data, "qty")), 2);
	assert_string_equal(json_object_get_string(field(r->data, "name")), "Bracket");
	assert_int_equal(audit_rows(f, id, "rt_widget.update"), 1);

	r = request(f, HM_PATCH, FMT_JSON, path, NULL, "{\"qty\":9,\"version\":1}");
	assert_int_equal(res_update(r, &widget), HE_CONFLICT);
	assert_int_equal(json_object_get_int(field(r->data, "qty")), 2);
	assert_int_equal(json_object_get_int(field(r->data, "version")), 2);

	r = request(f, HM_PATCH, FMT_JSON, path, NULL, "{\"qty\":9}");
	assert_int_equal(res_update(r, &widget), HE_INVALID);
	assert_non_null(error_of(r, "version"));
}

/* Every record answer carries its links (url, the parent's, the
 * declared ones); a PATCH may send them back unchanged, not changed; the
 * JSON list's items carry url; pages carry none. */
static void
links_on_answers(void **state)
{
	FX_NEED_DB();
	struct fx *f = *state;
	long long id = create_widget(f, "{\"name\":\"Linked\",\"qty\":1}");
	char path[32], url[64];
	snprintf(path, sizeof(path), "%lld", id);
	snprintf(url, sizeof(url), "/widgets/%lld", id);
	struct request *r = request(f, HM_GET, FMT_JSON, path, NULL, NULL);
	assert_int_equal(res_show(r, &widget), HE_OK);
	assert_string_equal(json_object_get_string(field(r->data, "url")), url);
	assert_string_equal(json_object_get_string(field(r->data, "shelf_url")), "/shelves/1");
	assert_string_equal(json_object_get_string(field(r->data, "parts_url")), arena_printf(r->arena, "%s/parts", url));
	const char *whole = arena_strdup(f->a, json_object_to_json_string(r->data));

	/* the whole body back, one field changed */
	json_object *body = json_tokener_parse(whole);
	json_object_object_add(body, "qty", json_object_new_int(5));
	r = request(f, HM_PATCH, FMT_JSON, path, NULL, json_object_to_json_string(body));
	json_object_put(body);
	assert_int_equal(res_update(r, &widget), HE_OK);
	assert_int_equal(json_object_get_int(field(r->data, "qty")), 5);
	assert_string_equal(json_object_get_string(field(r->data, "url")), url);

	/* a link changed: Read-only. */
	r = request(f, HM_PATCH, FMT_JSON, path, NULL, "{\"version\":2,\"parts_url\":\"/elsewhere\"}");
	assert_int_equal(res_update(r, &widget), HE_INVALID);
	assert_string_equal(error_of(r, "parts_url"), "Read-only.");
	/* 409: the current record with its links */
	r = request(f, HM_PATCH, FMT_JSON, path, NULL, "{\"version\":1,\"qty\":7}");
	assert_int_equal(res_update(r, &widget), HE_CONFLICT);
	assert_string_equal(json_object_get_string(field(r->data, "url")), url);

	r = request(f, HM_GET, FMT_JSON, "1", "q=Linked", NULL);
	assert_int_equal(res_list(r, &widget), HE_OK);
	assert_non_null(strstr(json_object_to_json_string(r->data), arena_printf(r->arena, "\"url\":\"%s\"", url)));

	r = request(f, HM_GET, FMT_HTML, path, NULL, NULL);
	r->template = NULL;
	assert_int_equal(res_show(r, &widget), HE_OK);
	assert_null(field(r->data, "url"));
}

/* --api: a route the layer runs names its resource and step, and the
 * resource's descriptor is printed once; an undescribed show_field fails. */
static void
api_names_resource_steps(void **state)
{
	(void)state;
	static const struct route routes[] = {
		{ "GET", "/widgets", rt_widget_list_handler, "inventory:read" },
		{ "PATCH", "/widgets/:id", rt_widget_update_handler, "inventory:write" },
		{ "GET", "/shelves", rt_widget_list_handler, "inventory:read" },
	};
	char *text = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&text, &len);
	FILE *err = fopen("/dev/null", "w");
	assert_int_equal(api_print("inventory", routes, 3, out, err), 0);
	fclose(out);
	json_object *doc = json_tokener_parse(text);
	assert_non_null(doc);
	json_object *rts = field(doc, "routes");
	assert_int_equal(json_object_array_length(rts), 4);            /* and /inventory/healthz */
	json_object *patch = json_object_array_get_idx(rts, 2);
	assert_string_equal(json_object_get_string(field(patch, "resource")), "rt_widget");
	assert_string_equal(json_object_get_string(field(patch, "op")), "update");
	assert_string_equal(json_object_get_string(field(patch, "handler")), "rt_widget_update_handler");
	json_object *w = field(field(doc, "resources"), "rt_widget");
	assert_string_equal(json_object_get_string(field(json_object_array_get_idx(field(w, "links"), 0), "name")), "parts_url");
	assert_string_equal(json_object_get_string(field(field(w, "parent"), "singular")), "shelf");
	json_object *qty = json_object_array_get_idx(field(w, "fields"), 2);
	assert_string_equal(json_object_get_string(field(qty, "kind")), "int");
	assert_int_equal(json_object_get_int(field(qty, "max_int")), 1000);
	json_object_put(doc);
	free(text);

	static const struct route bad[] = { { "GET", "/things/:id", rt_undescribed_show, "inventory:read" } };
	out = fopen("/dev/null", "w");
	assert_int_equal(api_print("inventory", bad, 1, out, err), 1);
	fclose(out);
	fclose(err);
}

/* The list: scoped by the parent, filtered, archived rows left out unless
 * asked for, keyset pages; a bad filter is a field error. */
static void
list_scopes_filters_pages(void **state)
{
	FX_NEED_DB();
	struct fx *f = *state;
	long long a = create_widget(f, "{\"name\":\"Lz cable A\",\"kind\":\"cable\"}");
	create_widget(f, "{\"name\":\"Lz cable B\",\"kind\":\"cable\"}");
	create_widget(f, "{\"name\":\"Lz plate\",\"kind\":\"plate\"}");
	char path[32];
	snprintf(path, sizeof(path), "%lld", a);
	struct request *r = request(f, HM_DELETE, FMT_JSON, path, NULL, NULL);
	assert_int_equal(res_archive(r, &widget), HE_OK);

	r = request(f, HM_GET, FMT_JSON, "1", "q=Lz&kind=cable", NULL);
	assert_int_equal(res_list(r, &widget), HE_OK);
	struct buf b;
	buf_init(&b);
	buf_puts(&b, json_object_to_json_string(r->data));
	assert_null(strstr(b.data, "Lz cable A"));      /* archived */
	assert_non_null(strstr(b.data, "Lz cable B"));
	assert_null(strstr(b.data, "Lz plate"));
	buf_free(&b);

	r = request(f, HM_GET, FMT_HTML, "1", "q=Lz&archived=1&limit=1", NULL);
	assert_int_equal(res_list(r, &widget), HE_OK);
	assert_int_equal(json_object_array_length(field(r->data, "items")), 1);
	assert_non_null(field(r->data, "next"));
	assert_string_equal(json_object_get_string(field(field(r->data, "shelf"), "name")), "Garage");
	assert_string_equal(json_object_get_string(field(r->page, "title")), "Widgets · Garage");
	const char *next = arena_strdup(f->a, json_object_get_string(field(r->data, "next")));
	char q[256];
	snprintf(q, sizeof(q), "q=Lz&archived=1&limit=1&after=%s", next);
	r = request(f, HM_GET, FMT_HTML, "1", q, NULL);
	assert_int_equal(res_list(r, &widget), HE_OK);
	/* An HTML list keeps its rows in the result (list_answer_as_is), not
	 * in json objects: the page's HDF is built from it. */
	const struct db_rows *rows = db_rows_of(field(r->data, "items"));
	assert_non_null(rows);
	assert_int_equal(rows->nrows, 1);
	assert_string_equal(PQgetvalue(rows->res, 0, PQfnumber(rows->res, "name")), "Lz cable B");

	r = request(f, HM_GET, FMT_HTML, "1", "kind=sprocket", NULL);
	assert_int_equal(res_list(r, &widget), HE_INVALID);
	assert_string_equal(error_of(r, "kind"), "Choose bracket, cable or plate.");
	assert_string_equal(r->template, "w/list.cs");

	r = request(f, HM_GET, FMT_JSON, "424242", NULL, NULL);
	assert_int_equal(res_list(r, &widget), HE_NOT_FOUND);
}

/* Archive and restore: idempotent; a child is not restored while its
 * parent is archived. */
static void
restore_waits_for_parent(void **state)
{
	FX_NEED_DB();
	struct fx *f = *state;
	long long id = create_widget(f, "{\"name\":\"Patch lead\",\"kind\":\"cable\"}");
	char path[32];
	snprintf(path, sizeof(path), "%lld", id);
	struct request *r = request(f, HM_DELETE, FMT_JSON, path, NULL, NULL);
	assert_int_equal(res_archive(r, &widget), HE_OK);
	assert_non_null(field(r->data, "archived_at"));
	r = request(f, HM_DELETE, FMT_JSON, path, NULL, NULL);
	assert_int_equal(res_archive(r, &widget), HE_OK);          /* already so: nothing changes */
	assert_int_equal(audit_rows(f, id, "rt_widget.archive"), 1);

	r = request(f, HM_POST, FMT_JSON, NULL, NULL, NULL);
	assert_non_null(db_q(r, &rt_shelf_archive, "1", "true"));
	r = request(f, HM_POST, FMT_JSON, path, NULL, NULL);
	assert_int_equal(res_restore(r, &widget), HE_INVALID);
	assert_string_equal(r->problem_detail, "This widget's shelf is archived. Restore the shelf first.");

	r = request(f, HM_POST, FMT_JSON, NULL, NULL, NULL);
	assert_non_null(db_q(r, &rt_shelf_archive, "1", "false"));
	r = request(f, HM_POST, FMT_HTML, path, NULL, NULL);
	assert_int_equal(res_restore(r, &widget), HE_OK);
	assert_int_equal(r->status, 303);
	assert_string_equal(kv_get(&r->out_headers, "Location"), arena_printf(r->arena, "/widgets/%lld", id));
}

/* The new form: the fields' defaults, the parent, the trail. */
static void
new_form_defaults(void **state)
{
	FX_NEED_DB();
	struct fx *f = *state;
	struct request *r = request(f, HM_GET, FMT_HTML, "2", NULL, NULL);
	assert_int_equal(res_new(r, &widget), HE_OK);
	assert_string_equal(json_object_get_string(field(r->form_values, "kind")), "bracket");
	assert_int_equal(json_object_get_int(field(r->data, "shelf_id")), 2);
	json_object *crumbs = field(r->page, "crumbs");
	assert_int_equal(json_object_array_length(crumbs), 3);
	assert_string_equal(json_object_get_string(field(json_object_array_get_idx(crumbs, 1), "href")), "/shelves/2");
}

int
main(void)
{
	snprintf(run_id, sizeof(run_id), "test-resource-%ld-%ld", (long)getpid(), (long)time(NULL));
	const struct CMUnitTest offline[] = {
		FX_TEST(list_params_from_query),
		FX_TEST(list_params_digits_only),
		FX_TEST(api_names_resource_steps),
	};
	const struct CMUnitTest live[] = {
		FX_TEST(create_stores_and_audits),
		FX_TEST(create_reports_every_field),
		FX_TEST(create_html_form_again),
		FX_TEST(create_under_missing_parent),
		FX_TEST(update_checks_version),
		FX_TEST(list_scopes_filters_pages),
		FX_TEST(restore_waits_for_parent),
		FX_TEST(new_form_defaults),
		FX_TEST(links_on_answers),
	};
	int failed = cmocka_run_group_tests_name("resource_offline", offline, NULL, NULL);
	failed += cmocka_run_group_tests_name("resource_live", live, group_setup, fx_db_close);
	return failed ? 1 : 0;
}
