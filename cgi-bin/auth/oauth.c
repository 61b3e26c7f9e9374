/* oauth.c: OAuth2 client credentials (RFC 6749 §4.4). An admin registers
 * a client (a name, the scopes it may ask for, and the user it acts as: a
 * service account whose permissions the scopes narrow) and is shown its
 * secret once. The client trades its id and secret for an access token at
 * POST /auth/oauth/token: a JWT, an hour long, signed with a key derived
 * from jwt_secret (lib/auth.c), which lib/auth.c accepts as a bearer. */
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include "apitoken.h"
#include "audit.h"
#include "auth.h"
#include "auth_family.h"
#include "config.h"
#include "crypto.h"
#include "list.h"
#include "resp.h"

/* ---- the token endpoint ---- */

/* An RFC 6749 §5.2 error: {"error", "error_description"}, 400, or 401
 * with WWW-Authenticate for invalid_client. Always JSON, never stored. */
static enum herr
oauth_error(struct request *r, int status, const char *error, const char *description)
{
	json_object *o = req_obj(r);
	json_object_object_add(o, "error", json_object_new_string(error));
	json_object_object_add(o, "error_description", json_object_new_string(description));
	if (status == 401)
		resp_header(r, "WWW-Authenticate", "Basic realm=\"hearth\", charset=\"UTF-8\"");
	no_store(r);
	r->format = FMT_JSON;
	r->status = status;
	return resp_ok(r, NULL, o);
}

/* The one value of a body parameter; NULL when absent. *dup is set when
 * it was sent more than once (RFC 6749 §3.2: an error). */
static const char *
oauth_param(struct request *r, const char *name, int *dup)
{
	const char *v = NULL;
	int n = 0;
	for (size_t i = 0; i < r->form.n; i++)
		if (strcmp(r->form.v[i].key, name) == 0) {
			v = r->form.v[i].val;
			n++;
		}
	if (n > 1)
		*dup = 1;
	return v;
}

/* Credentials from "Authorization: Basic base64(id:secret)", where id and
 * secret are form-urlencoded first (RFC 6749 §2.3.1). 1 found (id and
 * secret set), 0 no Basic header, -1 malformed. */
static int
oauth_basic(struct request *r, const char **id, const char **secret)
{
	const char *h = req_header(r, "HTTP_AUTHORIZATION");
	if (h == NULL || strncasecmp(h, "Basic ", 6) != 0)
		return 0;
	h += 6;
	h += strspn(h, " ");
	size_t n = strcspn(h, " ");
	unsigned char raw[512];
	if (n == 0 || n > 680)
		return -1;
	long len = crypto_unb64(raw, sizeof(raw) - 1, h, n);
	if (len <= 0)
		return -1;
	raw[len] = '\0';
	char *colon = memchr(raw, ':', (size_t)len);
	if (colon == NULL || strlen((char *)raw) != (size_t)len)
		return -1;
	*id = req_urldecode(r->arena, (char *)raw, (size_t)(colon - (char *)raw), 1);
	*secret = req_urldecode(r->arena, colon + 1, strlen(colon + 1), 1);
	explicit_bzero(raw, sizeof(raw));
	return *id != NULL && *secret != NULL ? 1 : -1;
}

DB_STMT(oauth_client_auth,
    "SELECT c.id, c.client_id, c.secret_hash, c.name, c.scopes, c.active, u.active AS user_active,"
    " c.user_id, u.email AS user_email"
    " FROM auth.oauth_clients c JOIN auth.users u ON u.id = c.user_id WHERE c.client_id = $1");
DB_STMT(oauth_client_issued,
    "UPDATE auth.oauth_clients SET last_token_at = now() WHERE id = $1");

/* A failed client authentication, audited like a failed sign-in. */
static enum herr
oauth_client_refused(struct request *r, long long pk, const char *client_id, const char *why)
{
	json_object *d = req_obj(r);
	json_object_object_add(d, "client_id", json_object_new_string(client_id ? client_id : ""));
	json_object_object_add(d, "reason", json_object_new_string(why));
	audit_refusal(r, "auth.oauth_failed", "oauth_client", pk, d);
	return oauth_error(r, 401, "invalid_client",
	    "Client authentication failed: unknown client, wrong secret, or the client is deactivated.");
}

/* POST /auth/oauth/token (public; application/x-www-form-urlencoded):
 * grant_type=client_credentials, optional scope (space-separated, within
 * the client's registration; default: all of it), the client's id and
 * secret by HTTP Basic or as client_id/client_secret fields (one way only).
 * → 200 {access_token, token_type "Bearer", expires_in 3600, scope};
 * 400 {error: invalid_request | unsupported_grant_type | invalid_scope |
 * unauthorized_client, error_description}; 401 invalid_client with
 * WWW-Authenticate. No CSRF (auth_self_authenticating): nothing here rides
 * on a cookie. Rate-limited by nginx like sign-in. Every answer is
 * Cache-Control: no-store. */
enum herr
auth_oauth_token(struct request *r)
{
	r->format = FMT_JSON;
	if (r->content_type == NULL || strcmp(r->content_type, "application/x-www-form-urlencoded") != 0)
		return oauth_error(r, 400, "invalid_request",
		    "Send the parameters as application/x-www-form-urlencoded (RFC 6749 §4.4.2).");
	int dup = 0;
	const char *grant = oauth_param(r, "grant_type", &dup);
	const char *scope = oauth_param(r, "scope", &dup);
	const char *form_id = oauth_param(r, "client_id", &dup);
	const char *form_secret = oauth_param(r, "client_secret", &dup);
	if (dup)
		return oauth_error(r, 400, "invalid_request", "A parameter was sent more than once.");
	const char *id = NULL, *secret = NULL;
	int basic = oauth_basic(r, &id, &secret);
	if (basic < 0)
		return oauth_error(r, 400, "invalid_request", "The Authorization header is not valid HTTP Basic.");
	if (basic && (form_secret != NULL || (form_id != NULL && strcmp(form_id, id) != 0)))
		return oauth_error(r, 400, "invalid_request",
		    "Authenticate the client one way only: HTTP Basic or client_id and client_secret fields.");
	if (!basic) {
		id = form_id;
		secret = form_secret;
	}
	if (id == NULL || secret == NULL || *id == '\0' || *secret == '\0')
		return oauth_error(r, 401, "invalid_client",
		    "Authenticate the client: HTTP Basic, or client_id and client_secret fields.");

	/* The client: known, active, and the secret's hash matches (compared
	 * in constant time; the hash is computed whatever the id). */
	char hash[65];
	apitoken_hash(secret, hash);
	if (strlen(id) != APITOKEN_CLIENT_LEN || strncmp(id, APITOKEN_CLIENT_PREFIX, 5) != 0)
		return oauth_client_refused(r, 0, arena_strndup(r->arena, id, 64), "unknown");
	PGresult *res = db_q(r, &oauth_client_auth, id);
	if (res == NULL)
		return db_fail(r);
	if (PQntuples(res) != 1)
		return oauth_client_refused(r, 0, id, "unknown");
	long long pk = strtoll(PQgetvalue(res, 0, 0), NULL, 10);
	if (!crypto_streq(hash, PQgetvalue(res, 0, 2)))
		return oauth_client_refused(r, pk, id, "secret");
	if (PQgetvalue(res, 0, 5)[0] != 't')
		return oauth_client_refused(r, pk, id, "deactivated");

	if (grant == NULL || *grant == '\0')
		return oauth_error(r, 400, "invalid_request", "grant_type is required: client_credentials.");
	if (strcmp(grant, "client_credentials") != 0)
		return oauth_error(r, 400, "unsupported_grant_type",
		    "Only the client_credentials grant is supported here.");
	if (PQgetvalue(res, 0, 6)[0] != 't')
		return oauth_error(r, 400, "unauthorized_client",
		    "The user this client acts as is deactivated: an admin must reactivate it.");

	/* Scopes: what was asked for, each within the registration (write
	 * there covers read), or the whole registration. */
	char *reg_text = arena_strdup(r->arena, PQgetvalue(res, 0, 4));
	struct apitoken_scopes reg, want;
	char bad[64];
	for (char *p = reg_text; *p; p++)
		if (*p == '{' || *p == '}')
			*p = ' ';
	if (apitoken_scopes_parse(reg_text, &reg, NULL, 0) != 0 || reg.n == 0)
		return HE_INTERNAL;
	if (scope == NULL || scope[strspn(scope, " ")] == '\0') {
		want = reg;
	} else {
		if (apitoken_scopes_parse(scope, &want, bad, sizeof(bad)) != 0)
			return oauth_error(r, 400, "invalid_scope", arena_printf(r->arena,
			    "Unknown scope \"%s\": scopes are family:read or family:write.", bad));
		const char *regv[APITOKEN_MAX_SCOPES];
		for (size_t i = 0; i < reg.n; i++)
			regv[i] = reg.v[i];
		for (size_t i = 0; i < want.n; i++)
			if (!apitoken_scope_allows(regv, reg.n, want.v[i]))
				return oauth_error(r, 400, "invalid_scope", arena_printf(r->arena,
				    "This client is not registered for the scope \"%s\".", want.v[i]));
	}
	char granted[512];
	apitoken_scopes_text(&want, ' ', granted, sizeof(granted));

	time_t now = time(NULL);
	char jti[23];
	char *jwt = auth_access_jwt(id, granted, now, now + AUTH_ACCESS_TTL, jti);
	if (jwt == NULL)
		return HE_INTERNAL;
	const char *access = arena_strdup(r->arena, jwt);
	free(jwt);

	/* One audit row per access token issued: its use (an hour at most)
	 * is not audited request by request. */
	r->principal.user_id = strtoll(PQgetvalue(res, 0, 7), NULL, 10);
	r->principal.email = arena_printf(r->arena, "oauth:%s", id);
	enum herr e = db_begin(r);
	if (e != HE_OK)
		return e;
	if (db_q(r, &oauth_client_issued, db_int(r, pk)) == NULL)
		return db_fail(r);
	json_object *d = req_obj(r);
	json_object_object_add(d, "client_id", json_object_new_string(id));
	json_object_object_add(d, "scope", json_object_new_string(granted));
	json_object_object_add(d, "jti", json_object_new_string(jti));
	json_object_object_add(d, "expires_in", json_object_new_int(AUTH_ACCESS_TTL));
	if ((e = record_commit(r, "auth.oauth_token", "oauth_client", pk, NULL, d, NULL)) != HE_OK)
		return e;

	json_object *o = req_obj(r);
	json_object_object_add(o, "access_token", json_object_new_string(access));
	json_object_object_add(o, "token_type", json_object_new_string("Bearer"));
	json_object_object_add(o, "expires_in", json_object_new_int(AUTH_ACCESS_TTL));
	json_object_object_add(o, "scope", json_object_new_string(granted));
	no_store(r);
	r->status = 200;
	return resp_ok(r, NULL, o);
}

/* ---- registered clients (admins) ---- */

#define CLIENT_COLS \
	"c.id, c.client_id, c.name, c.scopes, c.active, c.user_id, u.email AS user_email," \
	" u.name AS user_name, c.created_at, c.last_token_at, c.deactivated_at"

/* Newest first. $1 cursor (the last id shown), $2 limit+1. */
DB_STMT_PLANNED(client_list,
    "SELECT " CLIENT_COLS ", c.id::text AS sort_key"
    " FROM auth.oauth_clients c JOIN auth.users u ON u.id = c.user_id"
    " WHERE ($1::bigint IS NULL OR c.id < $1) ORDER BY c.id DESC LIMIT $2");

static const struct list_sort client_sorts[] = {
	{ "-created_at", "Newest", "sort_key" },
	{ NULL, NULL, NULL },
};

static const char *const client_csv_columns[] = {
	"id", "client_id", "name", "scopes", "active", "user_email", "created_at", "last_token_at",
	"deactivated_at", NULL,
};

/* The clients page's data (list, and the form's families) as r->data. */
static enum herr
client_page(struct request *r, const struct apitoken_scopes *chosen)
{
	struct list_query lq;
	enum herr e = list_parse_beside_form(r, client_sorts, &lq, "auth/oauth_clients.cs");
	if (e != HE_OK)
		return e;
	PGresult *res = db_q(r, &client_list, lq.after_id, lq.limit_plus_one);
	if (res == NULL)
		return db_fail(r);
	json_object *out = req_json(r, list_answer(r, &lq, res));
	if (r->format == FMT_HTML) {
		json_object_object_add(out, "families", auth_scope_families(chosen));
		json_object_object_add(out, "token_url", json_object_new_string(
		    arena_printf(r->arena, "%s/auth/oauth/token", config_get("public_url", ""))));
		record_crumbs(r, "OAuth clients", "OAuth clients", NULL, NULL);
	}
	r->csv_columns = client_csv_columns;
	r->csv_filename = "oauth-clients";
	return resp_ok(r, "auth/oauth_clients.cs", out);
}

/* GET /auth/oauth/clients (limit, after; format=json|csv) → 200 {items,
 * next}: every registered client, newest first (HTML: with the form that
 * registers one). Never a secret. auth:admin. */
enum herr
auth_oauth_client_list(struct request *r)
{
	return client_page(r, NULL);
}

DB_STMT(client_user_by_email,
    "SELECT id, email, active FROM auth.users WHERE lower(email) = lower($1)");
DB_STMT(client_user_by_id, "SELECT id, email, active FROM auth.users WHERE id = $1");
DB_STMT(client_insert,
    "INSERT INTO auth.oauth_clients (client_id, secret_hash, name, scopes, user_id, created_by)"
    " VALUES ($1, $2, $3, $4::text[], $5, $6)"
    " RETURNING id, client_id, name, scopes, active, user_id, created_at");

/* POST /auth/oauth/clients (name; user_email, or user_id in JSON: the
 * active user the client acts as; scopes) → 201 {id, client_id,
 * client_secret, name, scopes, user_id, user_email, active, created_at}
 * (HTML: the page that shows the secret this once); 422 field errors
 * (HTML: the page again, values kept). auth:admin; no-store. */
enum herr
auth_oauth_client_create(struct request *r)
{
	struct form f;
	struct apitoken_scopes scopes;
	form_begin(&f, r, NULL);
	const char *name = form_text(&f, "name", V_REQUIRED, 100);
	json_object *uid_v = NULL;
	int by_id = r->json != NULL && json_object_object_get_ex(r->json, "user_id", &uid_v) && uid_v != NULL;
	const char *email = by_id ? NULL : form_text(&f, "user_email", V_REQUIRED, 254);
	form_allow(&f, "scopes");               /* read by auth_scopes_input */
	if (auth_scopes_input(r, &scopes) != 0)
		f.nerr++;
	PGresult *u = NULL;
	if (by_id) {
		int ok;
		long long uid = form_int(&f, "user_id", V_REQUIRED, 1, 9223372036854775807LL, &ok);
		if (ok && (u = db_q(r, &client_user_by_id, db_int(r, uid))) == NULL)
			return db_fail(r);
	} else if (email != NULL && *email != '\0') {
		if ((u = db_q(r, &client_user_by_email, email)) == NULL)
			return db_fail(r);
	}
	const char *field = by_id ? "user_id" : "user_email";
	if (u != NULL && (PQntuples(u) != 1 || PQgetvalue(u, 0, 2)[0] != 't')) {
		form_error(&f, field, "No active user has this email: create the service account first.");
		u = NULL;
	}
	if (!form_ok(&f)) {
		if (r->format != FMT_HTML)
			return HE_INVALID;
		r->status = 422;
		req_set_form_values(r, req_input(r));
		enum herr e = client_page(r, &scopes);
		return e == HE_OK ? HE_INVALID : e;
	}

	char client_id[APITOKEN_CLIENT_LEN + 1], secret[APITOKEN_SECRET_LEN + 1], hash[65], pg[512];
	if (apitoken_random(APITOKEN_CLIENT_PREFIX, 12, client_id, sizeof(client_id)) != APITOKEN_CLIENT_LEN ||
	    apitoken_random(APITOKEN_SECRET_PREFIX, 32, secret, sizeof(secret)) != APITOKEN_SECRET_LEN)
		return HE_INTERNAL;
	apitoken_hash(secret, hash);
	apitoken_scopes_text(&scopes, '{', pg, sizeof(pg));
	const char *user_id = arena_strdup(r->arena, PQgetvalue(u, 0, 0));
	const char *user_email = arena_strdup(r->arena, PQgetvalue(u, 0, 1));
	enum herr e = db_begin(r);
	if (e != HE_OK)
		return e;
	PGresult *res = db_q(r, &client_insert, client_id, hash, name, pg, user_id,
	    db_int(r, r->principal.user_id));
	if (res == NULL)
		return db_fail(r);
	json_object *c = req_json(r, db_row_json(res, 0));
	json_object_object_add(c, "user_email", json_object_new_string(user_email));
	long long id = record_int(c, "id");
	/* The audit row describes the client; never the secret or its hash. */
	if ((e = record_commit(r, "oauth_client.create", "oauth_client", id, NULL, c, NULL)) != HE_OK)
		return e;
	json_object_object_add(c, "client_secret", json_object_new_string(secret));
	explicit_bzero(secret, sizeof(secret));
	no_store(r);
	r->status = 201;
	if (r->format == FMT_HTML) {
		json_object_object_add(c, "token_url", json_object_new_string(
		    arena_printf(r->arena, "%s/auth/oauth/token", config_get("public_url", ""))));
		json_object_object_add(c, "base_url", json_object_new_string(config_get("public_url", "")));
		record_crumbs(r, "Your new OAuth client", "OAuth clients", "/auth/oauth/clients", "New client",
		    NULL, NULL);
		return resp_ok(r, "auth/oauth_clients_created.cs", c);
	}
	r->format = FMT_JSON;
	return resp_ok(r, NULL, c);
}

DB_STMT(client_deactivate,
    "UPDATE auth.oauth_clients c SET active = false, deactivated_at = now(), deactivated_by = $2"
    " FROM auth.users u WHERE u.id = c.user_id AND c.id = $1 AND c.active RETURNING " CLIENT_COLS);
DB_STMT(client_get,
    "SELECT " CLIENT_COLS " FROM auth.oauth_clients c JOIN auth.users u ON u.id = c.user_id WHERE c.id = $1");

/* DELETE /auth/oauth/clients/:id (form: POST with _method=DELETE) → 200
 * the client, deactivated: its secret and every access token it holds
 * stop working at once (HTML: 303 to the list); again changes nothing;
 * 404. auth:admin. The row stays for the audit trail. */
enum herr
auth_oauth_client_deactivate(struct request *r)
{
	long long id = req_param_id(r, "id");
	if (id <= 0)
		return HE_NOT_FOUND;
	enum herr e = db_begin(r);
	if (e != HE_OK)
		return e;
	PGresult *res = db_q(r, &client_deactivate, db_int(r, id), db_int(r, r->principal.user_id));
	if (res == NULL)
		return db_fail(r);
	if (PQntuples(res) == 0) {
		db_rollback(r);
		json_object *cur;
		if ((e = record_get(r, &client_get, id, &cur)) != HE_OK)
			return e;
		return record_done(r, 0, "/auth/oauth/clients", "That client was already deactivated.", cur);
	}
	json_object *c = req_json(r, db_row_json(res, 0));
	if ((e = record_commit(r, "oauth_client.deactivate", "oauth_client", id, NULL, c, NULL)) != HE_OK)
		return e;
	return record_done(r, 0, "/auth/oauth/clients", "Client deactivated: its secret and tokens no longer work.",
	    c);
}
