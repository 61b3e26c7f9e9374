/* tokens.c: personal API tokens, for scripts (curl) that act as their
 * user. A token is "hth_" + base64url of 32 random bytes, shown once on
 * the answer to its creation and never again: the table keeps its SHA-256
 * and a short prefix. Each is named, scoped (its scopes narrow the user's
 * permissions, never widen them), expiring (90 days by default, a year at
 * most) and revocable. lib/auth.c checks them on every request. */
#include <stdio.h>
#include <string.h>
#include "apitoken.h"
#include "auth.h"
#include "auth_family.h"
#include "config.h"
#include "list.h"
#include "resp.h"

/* ---- scopes in forms (shared with oauth.c) ---- */

static const char *const scope_family_labels[] = {
	"Customers", "Projects", "Inventory", "Service", "Sales", "Analytics", "Your account", NULL
};

/* Add a list of scopes (one item, or several separated by commas or
 * spaces) to set; on a bad one, errors.scopes says which. */
static int
scopes_add_list(struct request *r, struct apitoken_scopes *set, const char *list)
{
	struct apitoken_scopes one;
	char bad[64];
	if (apitoken_scopes_parse(list, &one, bad, sizeof(bad)) != 0 || one.n + set->n > APITOKEN_MAX_SCOPES) {
		resp_field_error(r, "scopes", arena_printf(r->arena, "“%s” is not a scope: use family:read or "
		    "family:write, the family one of customers, projects, inventory, service, sales, analytics, auth.",
		    bad));
		return -1;
	}
	for (size_t i = 0; i < one.n; i++)
		apitoken_scopes_add(set, one.v[i]);
	return 0;
}

int
auth_scopes_input(struct request *r, struct apitoken_scopes *set)
{
	int rc = 0;
	set->n = 0;
	if (r->json != NULL) {
		json_object *v = NULL;
		json_object_object_get_ex(r->json, "scopes", &v);
		if (v != NULL && json_object_is_type(v, json_type_array)) {
			size_t n = json_object_array_length(v);
			for (size_t i = 0; i < n && rc == 0; i++) {
				json_object *e = json_object_array_get_idx(v, i);
				if (e == NULL || !json_object_is_type(e, json_type_string)) {
					resp_field_error(r, "scopes", "Send scopes as strings, e.g. [\"customers:read\"].");
					rc = -1;
				} else {
					rc = scopes_add_list(r, set, json_object_get_string(e));
				}
			}
		} else if (v != NULL && json_object_is_type(v, json_type_string)) {
			rc = scopes_add_list(r, set, json_object_get_string(v));
		} else if (v != NULL) {
			resp_field_error(r, "scopes", "Send scopes as an array of strings, e.g. [\"customers:read\"].");
			rc = -1;
		}
	} else {
		/* A browser sends one "scopes" field per ticked box. */
		for (size_t i = 0; i < r->form.n && rc == 0; i++)
			if (strcmp(r->form.v[i].key, "scopes") == 0 && r->form.v[i].val[0] != '\0')
				rc = scopes_add_list(r, set, r->form.v[i].val);
	}
	if (rc == 0 && set->n == 0) {
		resp_field_error(r, "scopes", "Choose at least one scope.");
		rc = -1;
	}
	return rc;
}

json_object *
auth_scope_families(const struct apitoken_scopes *chosen)
{
	json_object *a = json_object_new_array();
	for (int i = 0; apitoken_families[i] != NULL; i++) {
		const char *fam = apitoken_families[i];
		int level = 0;
		for (size_t j = 0; chosen != NULL && j < chosen->n; j++) {
			size_t flen = strlen(fam);
			if (strncmp(chosen->v[j], fam, flen) == 0 && chosen->v[j][flen] == ':')
				level = apitoken_level(chosen->v[j] + flen + 1);
		}
		json_object *o = json_object_new_object();
		json_object_object_add(o, "name", json_object_new_string(fam));
		json_object_object_add(o, "label", json_object_new_string(scope_family_labels[i]));
		json_object_object_add(o, "read", json_object_new_string(level == 1 ? "1" : "0"));
		json_object_object_add(o, "write", json_object_new_string(level == 2 ? "1" : "0"));
		json_object_array_add(a, o);
	}
	return a;
}

json_object *
auth_scopes_json(const struct apitoken_scopes *set)
{
	json_object *a = json_object_new_array();
	for (size_t i = 0; i < set->n; i++)
		json_object_array_add(a, json_object_new_string(set->v[i]));
	return a;
}

/* ---- the list and the create form ---- */

#define TOKEN_COLS \
	"t.id, t.name, t.prefix, t.scopes, t.expires_at, t.last_used_at, t.last_used_ip, t.created_at," \
	" t.revoked_at, CASE WHEN t.revoked_at IS NOT NULL THEN 'revoked'" \
	" WHEN t.expires_at <= now() THEN 'expired' ELSE 'active' END AS status," \
	" t.user_id, u.email AS user_email"

/* Newest first. $1 the owner (NULL: everyone's, for admins), $2 cursor
 * (the last id shown), $3 limit+1. */
DB_STMT_PLANNED(token_list,
    "SELECT " TOKEN_COLS ", t.id::text AS sort_key"
    " FROM auth.api_tokens t JOIN auth.users u ON u.id = t.user_id"
    " WHERE ($1::bigint IS NULL OR t.user_id = $1) AND ($2::bigint IS NULL OR t.id < $2)"
    " ORDER BY t.id DESC LIMIT $3");

static const struct list_sort token_sorts[] = {
	{ "-created_at", "Newest", "sort_key" },
	{ NULL, NULL, NULL },
};

static const char *const token_csv_columns[] = {
	"id", "name", "prefix", "scopes", "status", "expires_at", "last_used_at", "created_at", "revoked_at",
	"user_email", NULL,
};

/* 1 when an admin asked for everyone's tokens (?all=1). */
static int
token_list_all(struct request *r)
{
	const char *all = req_query(r, "all");
	return all != NULL && strcmp(all, "1") == 0 && auth_has(r, "auth:admin");
}

/* The tokens page's data: the list (with the form's families) for the
 * answer r->data. chosen: the scopes to show ticked (NULL: none). */
static enum herr
token_page(struct request *r, const struct apitoken_scopes *chosen)
{
	struct list_query lq;
	enum herr e = list_parse_beside_form(r, token_sorts, &lq, "auth/tokens.cs");
	if (e != HE_OK)
		return e;
	int all = token_list_all(r);
	PGresult *res = db_q(r, &token_list, all ? NULL : db_int(r, r->principal.user_id), lq.after_id,
	    lq.limit_plus_one);
	if (res == NULL)
		return db_fail(r);
	json_object *out = req_json(r, list_answer(r, &lq, res));
	if (r->format == FMT_HTML) {
		json_object_object_add(out, "families", auth_scope_families(chosen));
		json_object_object_add(out, "all", json_object_new_string(all ? "1" : "0"));
		json_object_object_add(out, "days_default", json_object_new_int(APITOKEN_DAYS_DEFAULT));
		record_crumbs(r, "API tokens", "API tokens", NULL, NULL);
		if (r->form_values == NULL) {
			json_object *fv = req_obj(r);
			json_object_object_add(fv, "expires_in_days",
			    json_object_new_string(arena_printf(r->arena, "%d", APITOKEN_DAYS_DEFAULT)));
			req_set_form_values(r, fv);
		}
	}
	r->csv_columns = token_csv_columns;
	r->csv_filename = "api-tokens";
	return resp_ok(r, "auth/tokens.cs", out);
}

/* GET /auth/tokens (?all=1 for admins: everyone's; limit, after;
 * format=json|csv) → 200 {items, next}: the signed-in user's tokens,
 * newest first (HTML: with the form that makes one). Never the tokens
 * themselves: name, prefix, scopes, status, expiry, last use. */
enum herr
auth_token_list(struct request *r)
{
	return token_page(r, NULL);
}

/* A token is made by a person (a session or hearthctl), never by another
 * token: a token could otherwise mint one with wider scopes or a later
 * expiry than its own. */
static enum herr
token_refuse_bearer(struct request *r)
{
	if (!r->principal.via_bearer)
		return HE_OK;
	r->problem_detail = "A token cannot create tokens: sign in with a browser, or use "
	    "hearthctl token create.";
	return HE_FORBIDDEN;
}

DB_STMT(token_insert,
    "INSERT INTO auth.api_tokens (user_id, name, token_hash, prefix, scopes, expires_at, created_by)"
    " VALUES ($1, $2, $3, $4, $5::text[], now() + make_interval(days => $6::int), $1)"
    " RETURNING id, name, prefix, scopes, expires_at, created_at, user_id");

/* POST /auth/tokens (name, scopes: repeated form fields or a JSON array,
 * expires_in_days 1-365, default 90) → 201 {id, token, name, prefix,
 * scopes, expires_at, created_at} (HTML: the page that shows the token
 * this once); 422 field errors (HTML: the page again, values kept); 403
 * for a bearer principal. The answer is Cache-Control: no-store. */
enum herr
auth_token_create(struct request *r)
{
	enum herr e = token_refuse_bearer(r);
	if (e != HE_OK)
		return e;
	struct form f;
	struct apitoken_scopes scopes;
	int ok;
	form_begin(&f, r, NULL);
	const char *name = form_text(&f, "name", V_REQUIRED, 100);
	long long days = form_int(&f, "expires_in_days", 0, 1, APITOKEN_DAYS_MAX, &ok);
	if (!ok && !json_object_object_get_ex(r->errors, "expires_in_days", NULL))
		days = APITOKEN_DAYS_DEFAULT;
	if (json_object_object_get_ex(r->errors, "expires_in_days", NULL)) {
		json_object_object_del(r->errors, "expires_in_days");
		resp_field_error(r, "expires_in_days", "Tokens always expire: choose 1 to 365 days.");
	}
	form_allow(&f, "scopes");               /* read by auth_scopes_input */
	if (auth_scopes_input(r, &scopes) != 0)
		f.nerr++;
	if (!form_ok(&f)) {
		if (r->format != FMT_HTML)
			return HE_INVALID;
		r->status = 422;
		req_set_form_values(r, req_input(r));
		e = token_page(r, &scopes);
		return e == HE_OK ? HE_INVALID : e;
	}

	char tok[APITOKEN_LEN + 1], hash[65], prefix[APITOKEN_SHOW_LEN + 1], pg[512];
	if (apitoken_new(tok, hash, prefix) != 0)
		return HE_INTERNAL;
	apitoken_scopes_text(&scopes, '{', pg, sizeof(pg));
	if ((e = db_begin(r)) != HE_OK)
		return e;
	PGresult *res = db_q(r, &token_insert, db_int(r, r->principal.user_id), name, hash, prefix, pg,
	    db_int(r, days));
	if (res == NULL)
		return db_fail(r);
	json_object *t = req_json(r, db_row_json(res, 0));
	long long id = record_int(t, "id");
	/* The audit row names the token; it never holds the token or its hash. */
	if ((e = record_commit(r, "api_token.create", "api_token", id, NULL, t, NULL)) != HE_OK)
		return e;
	json_object_object_add(t, "token", json_object_new_string(tok));
	json_object_object_add(t, "status", json_object_new_string("active"));
	explicit_bzero(tok, sizeof(tok));
	no_store(r);
	r->status = 201;
	if (r->format == FMT_HTML) {
		json_object_object_add(t, "base_url", json_object_new_string(config_get("public_url", "")));
		record_crumbs(r, "Your new token", "API tokens", "/auth/tokens", "New token", NULL, NULL);
		return resp_ok(r, "auth/tokens_created.cs", t);
	}
	r->format = FMT_JSON;
	return resp_ok(r, NULL, t);
}

DB_STMT(token_revoke,
    "UPDATE auth.api_tokens t SET revoked_at = now(), revoked_by = $2"
    " FROM auth.users u WHERE u.id = t.user_id AND t.id = $1 AND ($3::boolean OR t.user_id = $2)"
    " AND t.revoked_at IS NULL RETURNING " TOKEN_COLS);
DB_STMT(token_get_visible,
    "SELECT " TOKEN_COLS " FROM auth.api_tokens t JOIN auth.users u ON u.id = t.user_id"
    " WHERE t.id = $1 AND ($3::boolean OR t.user_id = $2)");

/* DELETE /auth/tokens/:id (form: POST with _method=DELETE) → 200 the
 * token, revoked at once (HTML: 303 to /auth/tokens); revoking it again
 * changes nothing. 404 when it is not the user's own (admins, auth:admin,
 * may revoke anyone's). */
enum herr
auth_token_revoke(struct request *r)
{
	long long id = req_param_id(r, "id");
	const char *admin = auth_has(r, "auth:admin") ? "true" : "false";
	if (id <= 0)
		return HE_NOT_FOUND;
	enum herr e = db_begin(r);
	if (e != HE_OK)
		return e;
	PGresult *res = db_q(r, &token_revoke, db_int(r, id), db_int(r, r->principal.user_id), admin);
	if (res == NULL)
		return db_fail(r);
	if (PQntuples(res) == 0) {
		db_rollback(r);
		res = db_q(r, &token_get_visible, db_int(r, id), db_int(r, r->principal.user_id), admin);
		if (res == NULL)
			return db_fail(r);
		if (PQntuples(res) == 0)
			return HE_NOT_FOUND;
		return record_done(r, 0, "/auth/tokens", "That token was already revoked.",
		    req_json(r, db_row_json(res, 0)));
	}
	json_object *t = req_json(r, db_row_json(res, 0));
	if ((e = record_commit(r, "api_token.revoke", "api_token", id, NULL, t, NULL)) != HE_OK)
		return e;
	return record_done(r, 0, r->principal.user_id == record_int(t, "user_id") ? "/auth/tokens" :
	    "/auth/tokens?all=1", "Token revoked: it no longer works.", t);
}
