/* catalog.c: the catalog's structure (sql/042, docs/catalog.md): a
 * product's accessories (required, recommended, optional), kits (a
 * product made of parts, its cost, price and labour rolled up), and
 * expand, the lines a product brings to a quote or a project. The graph
 * rules (no self-reference, no cycle, a kit is not stocked) are the
 * database's triggers; this file reads input, maps their refusals to the
 * field, and writes the audit row and the event in the same transaction. */
#include <stdlib.h>
#include <string.h>
#include "inventory.h"
#include "record.h"
#include "resp.h"

static const char *const accessory_kinds[] = { "required", "recommended", "optional", NULL };
static const char *const price_rules[] = { "sum", "own", NULL };
#define CATALOG_QTY_MAX 10000

/* ---- shared ---- */

/* The product with what the catalog pages show of it. */
DB_STMT(catalog_product,
    "SELECT p.id, p.sku, p.name, p.unit, p.manufacturer, p.model, p.cost_cents, p.price_cents, p.labour_minutes,"
    " p.archived_at, p.version, p.image_sha256, p.image_type, p.image_name," CATALOG_PRODUCT_EXTRA " FROM inventory.products p WHERE p.id = $1");
DB_STMT(catalog_product_by_sku, "SELECT p.id FROM inventory.products p WHERE lower(p.sku) = lower($1)");

/* A refusal of sql/042's triggers (23514 naming the field) or a CHECK
 * named after the field becomes that field's message; anything else is
 * the database's failure. */
static enum herr
catalog_refusal(struct request *r, const char *field)
{
	static const char *const fields[] = { "accessory_id", "part_id", "product_id", "qty", "kind", NULL };
	if (strcmp(db_sqlstate(), "23514") != 0)
		return db_fail(r);
	const char *c = db_constraint();
	for (int i = 0; fields[i]; i++)
		if (strcmp(c, fields[i]) == 0)
			field = c;
	resp_field_error(r, field, db_message());
	return HE_INVALID;
}

/* The other product of a link: <field>_id, or its SKU in <field>_sku. */
static const char *
catalog_read_other(struct request *r, struct form *f, const char *id_field, const char *sku_field)
{
	int ok, before = f->nerr;
	long long id = form_int(f, id_field, V_NULLABLE, 1, 999999999999999999LL, &ok);
	const char *sku = form_text(f, sku_field, 0, 64);
	if (ok)
		return db_int(r, id);
	if (f->nerr > before)
		return NULL;
	if (sku == NULL || *sku == '\0') {
		form_error(f, id_field, "Choose a product (its id or its SKU).");
		return NULL;
	}
	PGresult *res = db_q(r, &catalog_product_by_sku, sku);
	if (res == NULL || PQntuples(res) == 0) {
		form_error(f, sku_field, "No product has this SKU.");
		return NULL;
	}
	return arena_strdup(r->arena, PQgetvalue(res, 0, 0));
}

/* The page's product (HTML data, JSON answer), its title and crumbs. */
static enum herr
catalog_page(struct request *r, long long id, const char *what, json_object **out)
{
	enum herr e = record_get(r, &catalog_product, id, out);
	if (e != HE_OK)
		return e;
	const char *name = record_str(*out, "name");
	const char *href = arena_printf(r->arena, "/products/%lld", id);
	const char *title = arena_printf(r->arena, "%s: %s", what, name);
	record_crumbs(r, title, "Products", "/products", name, href, what, NULL, NULL);
	json_object_object_add(req_page(r), "family", json_object_new_string("inventory"));
	return HE_OK;
}

/* A form that failed (HTML: its page again with the messages; JSON: 422). */
static enum herr
catalog_again(struct request *r, long long id, const char *what, const char *tpl)
{
	db_rollback(r);
	if (r->format != FMT_HTML)
		return HE_INVALID;
	json_object *errors = req_json(r, r->errors), *p;
	r->errors = NULL;
	enum herr e = catalog_page(r, id, what, &p);
	r->errors = json_object_get(errors);
	if (e != HE_OK)
		return e;
	return record_form_again(r, HE_INVALID, tpl, p);
}

/* ---- accessories ---- */

#define ACCESSORY_COLS \
	"a.id, a.product_id, p.sku AS product_sku, a.accessory_id, q.sku AS accessory_sku, q.name AS accessory_name," \
	" a.kind, a.qty, a.created_at"
#define ACCESSORY_JOINS \
	" JOIN inventory.products p ON p.id = a.product_id JOIN inventory.products q ON q.id = a.accessory_id"
/* Adding one that exists changes its kind and quantity (xmax = 0: a new row). */
DB_STMT(accessory_upsert,
    "WITH ins AS (INSERT INTO inventory.product_accessories AS x (product_id, accessory_id, kind, qty)"
    " VALUES ($1, $2, $3, $4) ON CONFLICT (product_id, accessory_id) DO UPDATE SET kind = EXCLUDED.kind,"
    " qty = EXCLUDED.qty RETURNING x.*, (x.xmax = 0) AS created)"
    " SELECT " ACCESSORY_COLS ", a.created AS is_new FROM ins a" ACCESSORY_JOINS);
DB_STMT(accessory_get, "SELECT " ACCESSORY_COLS " FROM inventory.product_accessories a" ACCESSORY_JOINS " WHERE a.id = $1 AND a.product_id = $2 FOR UPDATE OF a");
DB_STMT(accessory_delete, "DELETE FROM inventory.product_accessories WHERE id = $1");

/* GET /products/:id/accessories → 200 the product's accessories
 * (JSON: {product_id, items}; HTML: the page to manage them); 404. */
enum herr
inventory_accessory_list(struct request *r)
{
	long long id = req_param_id(r, "id");
	json_object *p;
	enum herr e = catalog_page(r, id, "Accessories", &p);
	if (e != HE_OK)
		return e;
	if (r->format == FMT_HTML)
		return resp_ok(r, "inventory/accessories.cs", p);
	json_object *out = req_obj(r);
	json_object_object_add(out, "product_id", json_object_new_int64(id));
	json_object_object_add(out, "items", json_object_get(json_object_object_get(p, "accessories")));
	return resp_ok(r, NULL, out);
}

/* POST /products/:id/accessories {accessory_id or accessory_sku, kind:
 * required|recommended|optional, qty (1-10000, default 1)} → 201 the
 * link (200 when it existed: its kind and qty changed; HTML: 303 to the
 * product); 404; 422 naming the field: the product itself, a loop through
 * accessories, an archived or unknown product. Event inventory.accessory_added. */
enum herr
inventory_accessory_add(struct request *r)
{
	long long id = req_param_id(r, "id");
	if (id <= 0)
		return HE_NOT_FOUND;
	enum herr e = db_begin(r);
	json_object *p;
	if (e != HE_OK || (e = record_get(r, &catalog_product, id, &p)) != HE_OK)
		return e;
	struct form f;
	int ok;
	form_begin(&f, r, NULL);
	const char *acc = catalog_read_other(r, &f, "accessory_id", "accessory_sku");
	const char *kind = form_enum(&f, "kind", 0, accessory_kinds, "recommended");
	long long qty = form_int(&f, "qty", V_NULLABLE, 1, CATALOG_QTY_MAX, &ok);
	if (!form_ok(&f))
		return catalog_again(r, id, "Accessories", "inventory/accessories.cs");
	PGresult *res = db_q(r, &accessory_upsert, db_int(r, id), acc, kind, db_int(r, ok ? qty : 1));
	if (res == NULL)
		return (e = catalog_refusal(r, "accessory_id")) == HE_INVALID
		    ? catalog_again(r, id, "Accessories", "inventory/accessories.cs") : e;
	json_object *a = req_json(r, db_row_json(res, 0));
	int created = json_object_get_boolean(json_object_object_get(a, "is_new"));
	json_object_object_del(a, "is_new");
	if ((e = record_commit(r, "product_accessory.set", "product", id, NULL, a, "inventory.accessory_added")) != HE_OK)
		return e;
	const char *back = arena_printf(r->arena, "/products/%lld", id);
	return record_done(r, created, back, arena_printf(r->arena, "%s is %s with this product.",
	    record_str(a, "accessory_sku"), strcmp(kind, "required") == 0 ? "now added" : "now offered"), a);
}

/* DELETE /products/:id/accessories/:aid → 200 the link as it was (HTML:
 * 303 to the product); 404. Event inventory.accessory_removed. */
enum herr
inventory_accessory_remove(struct request *r)
{
	long long id = req_param_id(r, "id"), aid = req_param_id(r, "aid");
	if (id <= 0 || aid <= 0)
		return HE_NOT_FOUND;
	enum herr e = db_begin(r);
	if (e != HE_OK)
		return e;
	PGresult *res = db_q(r, &accessory_get, db_int(r, aid), db_int(r, id));
	if (res == NULL)
		return db_fail(r);
	if (PQntuples(res) != 1)
		return HE_NOT_FOUND;
	json_object *a = req_json(r, db_row_json(res, 0));
	if (db_q(r, &accessory_delete, db_int(r, aid)) == NULL)
		return db_fail(r);
	if ((e = record_commit(r, "product_accessory.remove", "product", id, a, NULL, "inventory.accessory_removed"))
	    != HE_OK)
		return e;
	return record_done(r, 0, arena_printf(r->arena, "/products/%lld", id),
	    arena_printf(r->arena, "%s removed from the accessories.", record_str(a, "accessory_sku")), a);
}

/* ---- kits ---- */

/* The kit as its page and its event show it: the product's own figures,
 * whether it is a kit, its rule and version, its parts and the roll-up. */
DB_STMT(kit_get,
    "SELECT p.id AS product_id, p.sku, p.name, p.unit, p.archived_at, p.cost_cents AS own_cost_cents,"
    " p.price_cents AS own_price_cents, p.labour_minutes AS own_labour_minutes,"
    " k.product_id IS NOT NULL AS is_kit, k.price_rule, k.version,"
    " (SELECT coalesce(json_agg(x ORDER BY lower(x.sku), x.id), '[]') FROM (SELECT kp.id, kp.part_id, q.sku, q.name,"
    "    q.unit, kp.qty, q.cost_cents, q.price_cents, q.labour_minutes, q.archived_at IS NOT NULL AS archived,"
    "    EXISTS (SELECT 1 FROM inventory.kits n WHERE n.product_id = q.id) AS is_kit,"
    "    '/products/' || q.id AS product_url"
    "    FROM inventory.kit_parts kp JOIN inventory.products q ON q.id = kp.part_id WHERE kp.kit_id = p.id) x) AS parts,"
    " (SELECT row_to_json(x) FROM inventory.kit_rollup(p.id) x) AS rollup"
    " FROM inventory.products p LEFT JOIN inventory.kits k ON k.product_id = p.id WHERE p.id = $1");
DB_STMT(kit_lock, "SELECT k.version FROM inventory.kits k WHERE k.product_id = $1 FOR UPDATE");
DB_STMT(kit_insert, "INSERT INTO inventory.kits (product_id, price_rule) VALUES ($1, $2)");
DB_STMT(kit_rule_set,
    "UPDATE inventory.kits SET price_rule = $2, version = version + 1, updated_at = now() WHERE product_id = $1");
DB_STMT(kit_touch, "UPDATE inventory.kits SET version = version + 1, updated_at = now() WHERE product_id = $1");
DB_STMT(kit_delete,
    "DELETE FROM inventory.kits k WHERE k.product_id = $1"
    " AND NOT EXISTS (SELECT 1 FROM inventory.kit_parts kp WHERE kp.kit_id = k.product_id)");
DB_STMT(kit_part_upsert,
    "INSERT INTO inventory.kit_parts AS x (kit_id, part_id, qty) VALUES ($1, $2, $3)"
    " ON CONFLICT (kit_id, part_id) DO UPDATE SET qty = EXCLUDED.qty RETURNING x.id, (x.xmax = 0) AS created");
DB_STMT(kit_part_delete, "DELETE FROM inventory.kit_parts WHERE id = $1 AND kit_id = $2 RETURNING part_id");

static enum herr
kit_load(struct request *r, long long id, json_object **out)
{
	enum herr e = record_get(r, &kit_get, id, out);
	if (e != HE_OK)
		return e;
	json_object_object_add(*out, "url", json_object_new_string(arena_printf(r->arena, "/products/%lld/kit", id)));
	json_object_object_add(*out, "product_url", json_object_new_string(arena_printf(r->arena, "/products/%lld", id)));
	return HE_OK;
}

/* A kit change begins: the path's product in a new transaction, as it is now. */
static enum herr
kit_begin(struct request *r, long long *id, json_object **before)
{
	*id = req_param_id(r, "id");
	if (*id <= 0)
		return HE_NOT_FOUND;
	enum herr e = db_begin(r);
	return e != HE_OK ? e : kit_load(r, *id, before);
}

/* GET /products/:id/kit → 200 the kit: its parts, the roll-up (parts'
 * cost, price and labour; the price under its rule beside the product's
 * own price) or is_kit false; HTML: the page to make and change it; 404. */
enum herr
inventory_kit_show(struct request *r)
{
	long long id = req_param_id(r, "id");
	json_object *k;
	enum herr e = kit_load(r, id, &k);
	if (e != HE_OK)
		return e;
	const char *name = record_str(k, "name");
	const char *title = arena_printf(r->arena, "Kit: %s", name);
	record_crumbs(r, title, "Products", "/products", name, arena_printf(r->arena, "/products/%lld", id), "Kit",
	    NULL, NULL);
	json_object_object_add(req_page(r), "family", json_object_new_string("inventory"));
	return resp_ok(r, "inventory/kit.cs", k);
}

/* The kit page again with the form's messages (HTML), or 422. */
static enum herr
kit_again(struct request *r, long long id)
{
	db_rollback(r);
	if (r->format != FMT_HTML)
		return HE_INVALID;
	json_object *errors = req_json(r, r->errors);
	r->errors = NULL;
	enum herr e = inventory_kit_show(r);
	r->errors = json_object_get(errors);
	if (e != HE_OK)
		return e;
	r->status = 0;
	return record_form_again(r, HE_INVALID, "inventory/kit.cs", r->data);
}

/* The end of a kit change: the kit as it is now is the audit row's after,
 * the event's data (with what changed) and the answer. */
static enum herr
kit_changed(struct request *r, long long id, json_object *before, const char *change, int created, const char *flash)
{
	json_object *after;
	enum herr e = kit_load(r, id, &after);
	if (e != HE_OK)
		return e;
	json_object_object_add(after, "change", json_object_new_string(change));
	if ((e = record_commit(r, arena_printf(r->arena, "kit.%s", change), "product", id, before, after,
	    "inventory.kit_changed")) != HE_OK)
		return e;
	json_object_object_del(after, "change");
	return record_done(r, created, arena_printf(r->arena, "/products/%lld/kit", id), flash, after);
}

/* POST /products/:id/kit {price_rule: sum|own; version when it is a kit
 * already} → 201 the product made a kit (HTML: 303 to the kit page); 200
 * its rule changed; 404; 409 stale version; 422 the product has stock or
 * serial numbers (a kit is not stocked). Event inventory.kit_changed. */
enum herr
inventory_kit_set(struct request *r)
{
	long long id;
	json_object *before;
	enum herr e = kit_begin(r, &id, &before);
	if (e != HE_OK)
		return e;
	struct form f;
	form_begin(&f, r, NULL);
	const char *rule = form_enum(&f, "price_rule", 0, price_rules, "sum");
	int is_kit = json_object_get_boolean(json_object_object_get(before, "is_kit"));
	if (!form_ok(&f))
		return kit_again(r, id);
	if (is_kit) {
		PGresult *lk = db_q(r, &kit_lock, db_int(r, id));
		if (lk == NULL)
			return db_fail(r);
		if ((e = record_version_check(r, &f, before)) != HE_OK) {
			db_rollback(r);
			return e == HE_INVALID ? kit_again(r, id) : e;
		}
		if (db_q(r, &kit_rule_set, db_int(r, id), rule) == NULL)
			return db_fail(r);
		return kit_changed(r, id, before, "price_rule", 0, strcmp(rule, "own") == 0
		    ? "The kit sells at its own price." : "The kit sells at the sum of its parts.");
	}
	if (db_q(r, &kit_insert, db_int(r, id), rule) == NULL)
		return (e = catalog_refusal(r, "product_id")) == HE_INVALID ? kit_again(r, id) : e;
	return kit_changed(r, id, NULL, "made", 1, "This product is a kit now: add its parts.");
}

/* DELETE /products/:id/kit → 200 no longer a kit (HTML: 303 to the kit
 * page); 404 not a kit; 422 it still has parts. Event inventory.kit_changed. */
enum herr
inventory_kit_unset(struct request *r)
{
	long long id;
	json_object *before;
	enum herr e = kit_begin(r, &id, &before);
	if (e != HE_OK)
		return e;
	if (!json_object_get_boolean(json_object_object_get(before, "is_kit")))
		return HE_NOT_FOUND;
	PGresult *res = db_q(r, &kit_delete, db_int(r, id));
	if (res == NULL)
		return db_fail(r);
	if (PQcmdTuples(res)[0] == '0') {
		resp_field_error(r, "parts", "Remove the kit's parts first.");
		return kit_again(r, id);
	}
	return kit_changed(r, id, before, "unmade", 0, "This product is no longer a kit.");
}

/* POST /products/:id/kit/parts {part_id or part_sku, qty 1-10000} → 201
 * the kit with the part added (200 when it was a part: its qty changed;
 * HTML: 303 to the kit page); 404; 422 naming the field: not a kit, the
 * kit itself, a kit that contains this kit (a loop), an archived or
 * unknown product. Event inventory.kit_changed. */
enum herr
inventory_kit_part_set(struct request *r)
{
	long long id;
	json_object *before;
	enum herr e = kit_begin(r, &id, &before);
	if (e != HE_OK)
		return e;
	struct form f;
	int ok;
	form_begin(&f, r, NULL);
	const char *part = catalog_read_other(r, &f, "part_id", "part_sku");
	long long qty = form_int(&f, "qty", V_NULLABLE, 1, CATALOG_QTY_MAX, &ok);
	if (!json_object_get_boolean(json_object_object_get(before, "is_kit")))
		form_error(&f, "part_id", "Make this product a kit first.");
	if (!form_ok(&f))
		return kit_again(r, id);
	if (db_q(r, &kit_lock, db_int(r, id)) == NULL)
		return db_fail(r);
	PGresult *res = db_q(r, &kit_part_upsert, db_int(r, id), part, db_int(r, ok ? qty : 1));
	if (res == NULL)
		return (e = catalog_refusal(r, "part_id")) == HE_INVALID ? kit_again(r, id) : e;
	int created = PQgetvalue(res, 0, 1)[0] == 't';
	if (db_q(r, &kit_touch, db_int(r, id)) == NULL)
		return db_fail(r);
	return kit_changed(r, id, before, created ? "part_added" : "part_changed", created,
	    created ? "Part added." : "Quantity changed.");
}

/* DELETE /products/:id/kit/parts/:pid (pid: the part row's id) → 200 the
 * kit without it (HTML: 303 to the kit page); 404. Event inventory.kit_changed. */
enum herr
inventory_kit_part_remove(struct request *r)
{
	long long id, pid = req_param_id(r, "pid");
	json_object *before;
	enum herr e = pid > 0 ? kit_begin(r, &id, &before) : HE_NOT_FOUND;
	if (e != HE_OK)
		return e;
	if (db_q(r, &kit_lock, db_int(r, id)) == NULL)
		return db_fail(r);
	PGresult *res = db_q(r, &kit_part_delete, db_int(r, pid), db_int(r, id));
	if (res == NULL)
		return db_fail(r);
	if (PQntuples(res) != 1)
		return HE_NOT_FOUND;
	if (db_q(r, &kit_touch, db_int(r, id)) == NULL)
		return db_fail(r);
	return kit_changed(r, id, before, "part_removed", 0, "Part removed.");
}

/* ---- expand ---- */

DB_STMT(expand_stmt,
    "SELECT line, role, product_id, sku, name, unit, qty, offer, parent_id, unit_cost_cents, unit_price_cents,"
    " unit_labour_minutes, list_price_cents, archived, '/products/' || product_id AS product_url"
    " FROM inventory.expand($1, $2, $3)");

/* GET /products/:id/expand (?qty 1-1000000, default 1; explode=0 keeps a
 * kit whole) → 200 {product_id, qty, explode, lines, totals: cost, price
 * and labour of the lines added (offers apart)}: what adding the product
 * to a quote or project brings (sql/042's inventory.expand); 404; 422 qty
 * or an archived product. */
enum herr
inventory_product_expand(struct request *r)
{
	long long id = req_param_id(r, "id");
	json_object *p;
	enum herr e = catalog_page(r, id, "Add to a quote or project", &p);
	if (e != HE_OK)
		return e;
	long long qty = 1;
	const char *q = req_query(r, "qty"), *ex = req_query(r, "explode");
	if (q != NULL && *q != '\0') {
		char *end;
		qty = strtoll(q, &end, 10);
		if (*end != '\0' || qty < 1 || qty > 1000000) {
			resp_field_error(r, "qty", "Enter a whole number from 1 to 1000000.");
			qty = 0;
		}
	}
	int explode = 1;
	if (ex != NULL && *ex != '\0') {
		if (strcmp(ex, "0") == 0 || strcmp(ex, "false") == 0)
			explode = 0;
		else if (strcmp(ex, "1") != 0 && strcmp(ex, "true") != 0)
			resp_field_error(r, "explode", "Use explode=1 (a kit's parts) or explode=0 (the kit whole).");
	}
	json_object *out = req_obj(r), *lines = NULL;
	if (r->errors == NULL) {
		PGresult *res = db_q(r, &expand_stmt, db_int(r, id), db_int(r, qty), explode ? "true" : "false");
		if (res == NULL) {
			if ((e = catalog_refusal(r, "product_id")) != HE_INVALID)
				return e;
		} else {
			lines = db_rows_json(res);
			long long cost = 0, price = 0, labour = 0;
			int n = PQntuples(res);
			for (int i = 0; i < n; i++) {
				if (PQgetvalue(res, i, 7)[0] == 't')
					continue;
				long long lq = atoll(PQgetvalue(res, i, 6));
				cost += lq * atoll(PQgetvalue(res, i, 9));
				price += lq * atoll(PQgetvalue(res, i, 10));
				labour += lq * atoll(PQgetvalue(res, i, 11));
			}
			json_object *t = json_object_new_object();
			json_object_object_add(t, "cost_cents", json_object_new_int64(cost));
			json_object_object_add(t, "price_cents", json_object_new_int64(price));
			json_object_object_add(t, "labour_minutes", json_object_new_int64(labour));
			json_object_object_add(out, "totals", t);
		}
	}
	if (r->errors != NULL && r->format != FMT_HTML)
		return HE_INVALID;
	json_object_object_add(out, "product_id", json_object_new_int64(id));
	json_object_object_add(out, "qty", json_object_new_int64(qty ? qty : 1));
	json_object_object_add(out, "explode", json_object_new_boolean(explode));
	json_object_object_add(out, "lines", lines ? lines : json_object_new_array());
	if (r->format == FMT_HTML) {
		json_object_object_add(out, "product", json_object_get(p));
		if (r->errors != NULL)
			return record_form_again(r, HE_INVALID, "inventory/expand.cs", out);
	}
	return resp_ok(r, "inventory/expand.cs", out);
}
