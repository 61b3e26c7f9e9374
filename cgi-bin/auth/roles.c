/* roles.c: roles × permissions, editable by admins. A role holds one
 * level per family (none < read < write < admin); auth.session_principal()
 * reads auth.role_permissions on every request, so a change takes effect
 * on each user's next request. */
#include <string.h>
#include "audit.h"
#include "auth_family.h"
#include "resp.h"

/* The families a permission can name (the columns of the matrix). */
static const char *const role_families[] = {
	"auth", "customers", "projects", "inventory", "service", "sales", "analytics", NULL
};
static const char *const role_family_labels[] = {
	"Users & access", "Customers", "Projects", "Inventory", "Service", "Sales", "Analytics", NULL
};
static const char *const role_levels[] = { "none", "read", "write", "admin", NULL };

/* Shipped roles first, in the order of the design; others after, by name. */
#define ROLE_COLS \
	"r.name, r.description, r.version, r.updated_at," \
	" ARRAY(SELECT p.permission FROM auth.role_permissions p WHERE p.role = r.name ORDER BY 1) AS permissions," \
	" (SELECT count(*) FROM auth.users u WHERE u.role = r.name AND u.active) AS active_users"

DB_STMT(role_list,
    "SELECT " ROLE_COLS " FROM auth.roles r"
    " ORDER BY array_position(ARRAY['admin','manager','sales','technician','office','viewer'], r.name)"
    " NULLS LAST, r.name");
DB_STMT(role_get, "SELECT " ROLE_COLS " FROM auth.roles r WHERE r.name = $1");
DB_STMT(role_get_for_update, "SELECT " ROLE_COLS " FROM auth.roles r WHERE r.name = $1 FOR UPDATE");
DB_STMT(role_perms_clear,
    "DELETE FROM auth.role_permissions WHERE role = $1 AND split_part(permission, ':', 1) = ANY ($2::text[])");
DB_STMT(role_perms_add,
    "INSERT INTO auth.role_permissions (role, permission) SELECT $1, unnest($2::text[])");
DB_STMT(role_touch,
    "UPDATE auth.roles SET description = $3, version = version + 1, updated_at = now()"
    " WHERE name = $1 AND version = $2");

static int
level_rank(const char *l)
{
	for (int i = 0; role_levels[i]; i++)
		if (strcmp(role_levels[i], l) == 0)
			return i;
	return -1;
}

static int
family_index(const char *f)
{
	for (int i = 0; role_families[i]; i++)
		if (strcmp(role_families[i], f) == 0)
			return i;
	return -1;
}

/* {"auth": "none", "customers": "write", ...}: every family, the highest
 * level the role holds in it. perms is the role's JSON array. */
static json_object *
role_levels_of(json_object *perms)
{
	int best[16] = { 0 };
	size_t n = perms ? json_object_array_length(perms) : 0;
	for (size_t i = 0; i < n; i++) {
		const char *p = json_object_get_string(json_object_array_get_idx(perms, i));
		const char *colon = p ? strchr(p, ':') : NULL;
		if (colon == NULL)
			continue;
		char fam[32];
		snprintf(fam, sizeof(fam), "%.*s", (int)(colon - p), p);
		int f = family_index(fam), l = level_rank(colon + 1);
		if (f >= 0 && l > best[f])
			best[f] = l;
	}
	json_object *o = json_object_new_object();
	for (int f = 0; role_families[f]; f++)
		json_object_object_add(o, role_families[f], json_object_new_string(role_levels[best[f]]));
	return o;
}

/* A role row as the API shows it: name, description, version, updated_at,
 * active_users, permissions (as stored) and levels (family → level). */
static json_object *
role_json(PGresult *res, int row)
{
	json_object *o = db_row_json(res, row);
	json_object *perms = NULL;
	json_object_object_get_ex(o, "permissions", &perms);
	json_object_object_add(o, "levels", role_levels_of(perms));
	return o;
}

/* What the audit row keeps: name, description, version and one key per
 * family, so the diff view shows each family that changed. */
static json_object *
role_audit_json(struct request *r, json_object *role)
{
	json_object *o = req_obj(r), *levels = NULL;
	json_object_object_add(o, "name", json_object_new_string(record_str(role, "name")));
	json_object_object_add(o, "description", json_object_new_string(record_str(role, "description")));
	json_object_object_add(o, "version", json_object_new_int64(record_int(role, "version")));
	json_object_object_get_ex(role, "levels", &levels);
	json_object_object_foreach(levels, k, v)
		json_object_object_add(o, k, json_object_get(v));
	return o;
}

static json_object *
families_json(void)
{
	json_object *a = json_object_new_array();
	for (int i = 0; role_families[i]; i++) {
		json_object *f = json_object_new_object();
		json_object_object_add(f, "name", json_object_new_string(role_families[i]));
		json_object_object_add(f, "label", json_object_new_string(role_family_labels[i]));
		json_object_array_add(a, f);
	}
	return a;
}

static const char *
role_href(struct request *r, const char *name)
{
	return arena_printf(r->arena, "/auth/roles/%s", name);
}

/* Role names in URLs: lower-case words, digits and underscores (the
 * shipped ones and any added the same way); anything else is not a role. */
static const char *
role_param(struct request *r)
{
	const char *n = req_param(r, "name");
	if (n == NULL || *n == '\0' || strlen(n) > 40 ||
	    strspn(n, "abcdefghijklmnopqrstuvwxyz0123456789_") != strlen(n))
		return NULL;
	return n;
}

static void
role_page(struct request *r, const char *title, const char *name)
{
	if (name != NULL)
		record_crumbs(r, title, "Roles", "/auth/roles", name, NULL, NULL);
	else
		record_crumbs(r, title, "Roles", NULL, NULL);
	json_object_object_add(r->page, "family", json_object_new_string("roles"));
}

/* GET /auth/roles → 200 {items: [role], families: [{name, label}]}: the
 * matrix, roles as rows, families as columns. */
enum herr
auth_role_list(struct request *r)
{
	PGresult *res = db_q0(r, &role_list);
	if (res == NULL)
		return db_fail(r);
	json_object *items = json_object_new_array();
	for (int i = 0; i < PQntuples(res); i++)
		json_object_array_add(items, role_json(res, i));
	json_object *out = req_obj(r);
	json_object_object_add(out, "items", items);
	json_object_object_add(out, "families", families_json());
	if (r->format == FMT_HTML)
		role_page(r, "Roles", NULL);
	return resp_ok(r, "auth/roles_list.cs", out);
}

/* The role by the :name param; HE_NOT_FOUND if there is none. */
static enum herr
role_load(struct request *r, struct db_stmt *st, json_object **out)
{
	*out = NULL;
	const char *name = role_param(r);
	if (name == NULL)
		return HE_NOT_FOUND;
	PGresult *res = db_q(r, st, name);
	if (res == NULL)
		return db_fail(r);
	if (PQntuples(res) == 0)
		return HE_NOT_FOUND;
	*out = req_json(r, role_json(res, 0));
	return HE_OK;
}

/* The form's values for a role: one field per family, version, description. */
static json_object *
role_form_values(struct request *r, json_object *role)
{
	json_object *fv = req_obj(r), *levels = NULL;
	json_object_object_get_ex(role, "levels", &levels);
	json_object_object_foreach(levels, k, v)
		json_object_object_add(fv, k, json_object_get(v));
	json_object_object_add(fv, "version", json_object_new_int64(record_int(role, "version")));
	json_object_object_add(fv, "description", json_object_new_string(record_str(role, "description")));
	return fv;
}

/* GET /auth/roles/:name → 200 the role (HTML: with the form that sets its
 * levels); 404. */
enum herr
auth_role_show(struct request *r)
{
	json_object *role;
	enum herr e = role_load(r, &role_get, &role);
	if (e != HE_OK)
		return e;
	if (r->format == FMT_HTML) {
		role_page(r, record_str(role, "name"), record_str(role, "name"));
		json_object_object_add(role, "families", families_json());
		req_set_form_values(r, role_form_values(r, role));
	}
	return resp_ok(r, "auth/roles_show.cs", role);
}

/* The levels the request sets: {"permissions": {family: level}} (JSON) or
 * one field per family (the form). Absent families keep their level.
 * Fills want[] (-1: unchanged); field errors for unknown families and
 * levels. */
static void
role_wanted(struct form *f, int want[16])
{
	for (int i = 0; i < 16; i++)
		want[i] = -1;
	json_object *map = NULL;
	int nested = json_object_object_get_ex(f->in, "permissions", &map);
	form_allow(f, "permissions");
	if (nested && !json_object_is_type(map, json_type_object)) {
		form_error(f, "permissions", "Send an object of family → level (none, read, write or admin).");
		return;
	}
	if (!nested)
		map = f->in;
	json_object_object_foreach(map, key, val) {
		int fi = family_index(key);
		if (fi >= 0)
			form_allow(f, key);
		if (fi < 0) {
			if (nested)
				form_error(f, "permissions", "Names a family that does not exist.");
			continue;                          /* form: _csrf, version, description, ... */
		}
		const char *lv = val && json_object_is_type(val, json_type_string) ? json_object_get_string(val) : "";
		int l = level_rank(lv);
		if (l < 0)
			form_error(f, key, "Choose none, read, write or admin.");
		else
			want[fi] = l;
	}
}

/* PATCH /auth/roles/:name ({permissions: {family: level}, description?,
 * version} or If-Match; the form sends one field per family and
 * _method=PATCH) → 200 the role (HTML: 303 to it); 404; 409 stale version
 * with the current role; 422 bad family or level, or taking auth:admin
 * from the admin role. Audited as role.update with before/after. */
enum herr
auth_role_update(struct request *r)
{
	enum herr e = db_begin(r);
	if (e != HE_OK)
		return e;
	json_object *cur;
	if ((e = role_load(r, &role_get_for_update, &cur)) != HE_OK)
		return e;
	const char *name = arena_strdup(r->arena, record_str(cur, "name"));   /* outlives cur */
	struct form f;
	form_begin(&f, r, cur);
	int want[16];
	role_wanted(&f, want);
	const char *desc = form_text(&f, "description", 0, 200);
	json_object *levels = NULL;
	json_object_object_get_ex(cur, "levels", &levels);
	int fa = family_index("auth");
	if (strcmp(name, "admin") == 0 && want[fa] >= 0 && want[fa] != level_rank("admin"))
		form_error(&f, "auth", "The admin role keeps auth:admin: without it nobody could manage "
		    "users, roles or the audit log.");
	e = form_ok(&f) ? record_version_check(r, &f, cur) : HE_INVALID;
	if (e != HE_OK) {
		db_rollback(r);
		role_page(r, name, name);
		if (r->format == FMT_HTML && e != HE_CONFLICT)
			json_object_object_add(cur, "families", families_json());
		if (r->format == FMT_HTML && e == HE_CONFLICT)
			json_object_object_add(r->data, "families", families_json());
		return record_form_again(r, e, "auth/roles_show.cs", cur);
	}
	/* Families to set, and the permissions they become. */
	struct buf fams, perms;
	buf_init(&fams);
	buf_init(&perms);
	buf_putc(&fams, '{');
	buf_putc(&perms, '{');
	int changed = desc != NULL && strcmp(desc, record_str(cur, "description") ?
	    record_str(cur, "description") : "") != 0;
	for (int i = 0; role_families[i]; i++) {
		if (want[i] < 0)
			continue;
		json_object *have = NULL;
		json_object_object_get_ex(levels, role_families[i], &have);
		if (have == NULL || level_rank(json_object_get_string(have)) != want[i])
			changed = 1;
		buf_printf(&fams, "%s%s", fams.len > 1 ? "," : "", role_families[i]);
		if (want[i] > 0)
			buf_printf(&perms, "%s%s:%s", perms.len > 1 ? "," : "", role_families[i], role_levels[want[i]]);
	}
	buf_putc(&fams, '}');
	buf_putc(&perms, '}');
	const char *fams_s = arena_strdup(r->arena, fams.data);
	const char *perms_s = arena_strdup(r->arena, perms.data);
	buf_free(&fams);
	buf_free(&perms);
	if (!changed) {                      /* nothing to change: no new version, no audit row */
		db_rollback(r);
		return record_done(r, 0, role_href(r, name), "Nothing changed.", cur);
	}
	if (db_q(r, &role_perms_clear, name, fams_s) == NULL ||
	    db_q(r, &role_perms_add, name, perms_s) == NULL ||
	    db_q(r, &role_touch, name, db_int(r, record_int(cur, "version")),
	        desc ? desc : record_str(cur, "description")) == NULL) {
		return db_fail(r);
	}
	json_object *now;
	if ((e = role_load(r, &role_get, &now)) != HE_OK)
		return e;
	e = record_commit(r, "role.update", "role", 0, role_audit_json(r, cur), role_audit_json(r, now), NULL);
	if (e != HE_OK)
		return e;
	return record_done(r, 0, role_href(r, name), "Role saved: the change applies from each user's next request.",
	    now);
}
