/* oidc.c: sign-in with an OpenID Connect provider (authorization code flow
 * with PKCE), and the admin page that configures it.
 *
 * The flow: /auth/oidc/start makes a state, a nonce and a PKCE verifier,
 * keeps them in a short-lived signed cookie (HS256 under a key derived
 * from jwt_secret, Path=/auth/oidc) and sends the browser to the provider.
 * The provider sends it back to /auth/oidc/callback with a code; we check
 * the state, use the flow once, swap the code (with the verifier) for an
 * ID token at the token endpoint, verify the token (lib/jwks.c: RS256
 * only, the provider's key by kid, iss, aud/azp, exp/iat/nbf, nonce),
 * require a verified email, find the Hearth user (linked identity, else
 * the same email, else sign-up when the admin allows it) and start the
 * same session a password sign-in starts (auth_session_begin).
 *
 * Every refusal is a page that says what happened (problem+json for
 * scripts) and an auth.login_failed audit row; calls to the provider have
 * a 5 s limit and a size cap (lib/http.c). */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include "audit.h"
#include "auth.h"
#include "auth_family.h"
#include "config.h"
#include "crypto.h"
#include "http.h"
#include "jwks.h"
#include "log.h"
#include "resp.h"
#include "sealed.h"
#include "token.h"

#define OIDC_COOKIE        "hearth_oidc"
#define OIDC_COOKIE_PATH   "/auth/oidc"
#define OIDC_FLOW_TTL      600          /* s to come back from the provider */
#define OIDC_DISCOVERY_TTL 3600         /* s the discovery document is kept */
#define OIDC_LEEWAY        60           /* s of clock skew with the provider */
#define OIDC_SCOPE         "openid email profile"
#define OIDC_TOKEN_MAX     (256u << 10) /* bytes of a token endpoint answer */
#define OIDC_DEFAULT_NAME  "single sign-on"

/* ---- settings (one row) ---- */

struct oidc_settings {
	const char  *issuer;
	const char  *client_id;
	const char  *client_secret;   /* opened; never shown back */
	const char  *secret_stored;   /* as in the table (sealed when secret_key is set) */
	const char  *display_name;
	int          allow_signup;
	int          enabled;
	json_object *rec;             /* the row as shown: no secret, client_secret_set */
};

#define OIDC_SETTINGS_COLS \
	"issuer, client_id, client_secret, display_name, allow_signup, enabled, version, updated_at"
DB_STMT(oidc_settings_get, "SELECT " OIDC_SETTINGS_COLS " FROM auth.oidc_settings WHERE id");
DB_STMT(oidc_settings_update,
    "UPDATE auth.oidc_settings SET issuer = $2, client_id = $3, client_secret = $4, display_name = $5,"
    " allow_signup = $6::boolean, enabled = $7::boolean, version = version + 1, updated_at = now()"
    " WHERE id AND version = $1 RETURNING " OIDC_SETTINGS_COLS);
DB_STMT(oidc_login_link_get, "SELECT display_name FROM auth.oidc_settings WHERE id AND enabled");

/* The client secret at rest: sealed (lib/sealed.h) under this column's name. */
#define OIDC_SECRET_AAD "auth.oidc_settings.client_secret"

/* The row of res as settings; s->rec is arena-owned. */
static void
oidc_settings_from(struct request *r, PGresult *res, struct oidc_settings *s)
{
	s->issuer = arena_strdup(r->arena, PQgetvalue(res, 0, 0));
	s->client_id = arena_strdup(r->arena, PQgetvalue(res, 0, 1));
	s->secret_stored = arena_strdup(r->arena, PQgetvalue(res, 0, 2));
	s->client_secret = sealed_open(r->arena, OIDC_SECRET_AAD, s->secret_stored);
	s->display_name = arena_strdup(r->arena, PQgetvalue(res, 0, 3));
	s->allow_signup = PQgetvalue(res, 0, 4)[0] == 't';
	s->enabled = PQgetvalue(res, 0, 5)[0] == 't';
	s->rec = req_json(r, db_row_json(res, 0));
	json_object_object_del(s->rec, "client_secret");
	json_object_object_add(s->rec, "client_secret_set", json_object_new_boolean(*s->secret_stored != '\0'));
}

static enum herr
oidc_settings_load(struct request *r, struct oidc_settings *s)
{
	memset(s, 0, sizeof(*s));
	PGresult *res = db_q0(r, &oidc_settings_get);
	if (res == NULL)
		return db_fail(r);
	if (PQntuples(res) != 1)
		return HE_INTERNAL;             /* sql/011 inserts the row */
	oidc_settings_from(r, res, s);
	return HE_OK;
}

/* Where the provider sends the browser back: public_url from the config
 * (tools/hearth writes the dev stack's), else this request's own host
 * (Debian's fastcgi_params passes Host without its port). */
static const char *
oidc_redirect_uri(struct request *r)
{
	const char *base = config_get("public_url", NULL);
	if (base != NULL && *base != '\0') {
		size_t n = strlen(base);
		while (n > 0 && base[n - 1] == '/')
			n--;
		return arena_printf(r->arena, "%.*s/auth/oidc/callback", (int)n, base);
	}
	const char *host = req_header(r, "HTTP_HOST");
	int ok = host != NULL && *host != '\0' && strlen(host) <= 255;
	for (const char *p = host; ok && *p; p++)
		ok = isalnum((unsigned char)*p) || strchr(".-:[]", *p) != NULL;
	return arena_printf(r->arena, "%s://%s/auth/oidc/callback", r->https ? "https" : "http",
	    ok ? host : "127.0.0.1");
}

/* ---- discovery, cached per worker ---- */

static struct {
	char   *issuer;
	time_t  fetched;
	char   *authorization_endpoint;
	char   *token_endpoint;
	char   *userinfo_endpoint;        /* NULL when the provider has none */
	char   *jwks_uri;
	int     auth_post;                /* client_secret_post rather than _basic */
} disco;

static void
disco_clear(void)
{
	free(disco.issuer);
	free(disco.authorization_endpoint);
	free(disco.token_endpoint);
	free(disco.userinfo_endpoint);
	free(disco.jwks_uri);
	memset(&disco, 0, sizeof(disco));
}

static const char *
jstr(json_object *o, const char *key)
{
	json_object *v;
	if (o == NULL || !json_object_object_get_ex(o, key, &v) || !json_object_is_type(v, json_type_string))
		return NULL;
	return json_object_get_string(v);
}

/* 1 if the array o[key] holds the string want; -1 if there is no such array. */
static int
jarray_has(json_object *o, const char *key, const char *want)
{
	json_object *a;
	if (!json_object_object_get_ex(o, key, &a) || !json_object_is_type(a, json_type_array))
		return -1;
	for (size_t i = 0; i < json_object_array_length(a); i++) {
		json_object *v = json_object_array_get_idx(a, i);
		if (json_object_is_type(v, json_type_string) && strcmp(json_object_get_string(v), want) == 0)
			return 1;
	}
	return 0;
}

/* The provider's endpoints from <issuer>/.well-known/openid-configuration.
 * force: fetch even when cached (the settings page checks a new issuer).
 * 0 ok; -1 with why. */
static int
oidc_discover(const char *issuer, int force, char *why, size_t whylen)
{
	time_t now = time(NULL);
	if (!force && disco.issuer != NULL && strcmp(disco.issuer, issuer) == 0 &&
	    now - disco.fetched < OIDC_DISCOVERY_TTL)
		return 0;
	size_t n = strlen(issuer);
	while (n > 0 && issuer[n - 1] == '/')
		n--;
	struct buf url;
	buf_init(&url);
	buf_printf(&url, "%.*s/.well-known/openid-configuration", (int)n, issuer);
	static const char *const headers[] = { "Accept: application/json", NULL };
	struct http_resp resp;
	int rc = http_get(url.data, headers, &resp);
	json_object *doc = NULL;
	int result = -1;
	if (rc != 0) {
		snprintf(why, whylen, "%s: %s", url.data, resp.error);
		goto out;
	}
	if (resp.status != 200) {
		snprintf(why, whylen, "%s answered HTTP %ld", url.data, resp.status);
		goto out;
	}
	doc = json_tokener_parse(resp.body.data);
	if (doc == NULL || !json_object_is_type(doc, json_type_object)) {
		snprintf(why, whylen, "%s is not a JSON document", url.data);
		goto out;
	}
	const char *iss = jstr(doc, "issuer"), *authz = jstr(doc, "authorization_endpoint");
	const char *token = jstr(doc, "token_endpoint"), *jwks = jstr(doc, "jwks_uri");
	const char *userinfo = jstr(doc, "userinfo_endpoint");
	if (iss == NULL || strcmp(iss, issuer) != 0) {
		snprintf(why, whylen, "the provider calls itself \"%.200s\", not \"%.200s\"", iss ? iss : "", issuer);
		goto out;
	}
	if (authz == NULL || token == NULL || jwks == NULL) {
		snprintf(why, whylen, "the discovery document lacks an authorization, token or jwks_uri address");
		goto out;
	}
	if (!http_url_allowed(authz) || !http_url_allowed(token) || !http_url_allowed(jwks) ||
	    (userinfo != NULL && !http_url_allowed(userinfo))) {
		snprintf(why, whylen, "the provider's endpoints must be https:// addresses");
		goto out;
	}
	if (jarray_has(doc, "id_token_signing_alg_values_supported", "RS256") == 0) {
		snprintf(why, whylen, "the provider does not sign ID tokens with RS256");
		goto out;
	}
	if (jarray_has(doc, "code_challenge_methods_supported", "S256") == 0) {
		snprintf(why, whylen, "the provider does not support PKCE with S256");
		goto out;
	}
	int basic = jarray_has(doc, "token_endpoint_auth_methods_supported", "client_secret_basic");
	int post = jarray_has(doc, "token_endpoint_auth_methods_supported", "client_secret_post");
	if (basic == 0 && post != 1) {
		snprintf(why, whylen, "the provider supports neither client_secret_basic nor client_secret_post");
		goto out;
	}
	disco_clear();
	disco.issuer = strdup(issuer);
	disco.authorization_endpoint = strdup(authz);
	disco.token_endpoint = strdup(token);
	disco.jwks_uri = strdup(jwks);
	disco.userinfo_endpoint = userinfo ? strdup(userinfo) : NULL;
	disco.auth_post = basic == 0;      /* the spec's default is basic */
	disco.fetched = now;
	if (disco.issuer == NULL || disco.authorization_endpoint == NULL || disco.token_endpoint == NULL ||
	    disco.jwks_uri == NULL || (userinfo != NULL && disco.userinfo_endpoint == NULL)) {
		disco_clear();
		snprintf(why, whylen, "out of memory");
		goto out;
	}
	result = 0;
out:
	json_object_put(doc);
	http_resp_free(&resp);
	buf_free(&url);
	return result;
}

/* An issuer Hearth may call: https (http only on this machine), no query. */
static int
issuer_ok(const char *issuer)
{
	return http_url_allowed(issuer) && strchr(issuer, '?') == NULL;
}

/* ---- refusals ---- */

static enum herr
herr_of_status(int status)
{
	switch (status) {
	case 400: return HE_BAD_REQUEST;
	case 401: return HE_UNAUTHORIZED;
	case 403: return HE_FORBIDDEN;
	case 404: return HE_NOT_FOUND;
	default:  return HE_INTERNAL;
	}
}

static void
flow_cookie_set(struct request *r, const char *value, long max_age)
{
	int secure = r->https || config_int("secure_cookies", 0);
	resp_header(r, "Set-Cookie", arena_printf(r->arena, "%s=%s; Path=%s; Max-Age=%ld; HttpOnly; SameSite=Lax%s",
	    OIDC_COOKIE, value, OIDC_COOKIE_PATH, max_age, secure ? "; Secure" : ""));
}

/* A sign-in that cannot go on: audit auth.login_failed (method oidc, the
 * reason, the email when known), then a page with title and detail (JSON:
 * problem+json with the detail). */
static enum herr
oidc_refuse(struct request *r, int status, const char *reason, const char *title, const char *detail,
            const char *email)
{
	db_rollback(r);
	json_object *a = req_obj(r);
	json_object_object_add(a, "method", json_object_new_string("oidc"));
	json_object_object_add(a, "reason", json_object_new_string(reason));
	if (email != NULL)
		json_object_object_add(a, "email", json_object_new_string(email));
	if (audit_log(r, "auth.login_failed", "user", 0, NULL, a) != HE_OK)
		log_error(r, "oidc: the failed sign-in could not be audited: %s", db_message());
	log_info("oidc: sign-in refused (%s): %s", reason, detail);
	r->problem_detail = arena_strdup(r->arena, detail);
	if (r->format != FMT_HTML)
		return herr_of_status(status);
	r->status = status;
	record_crumbs(r, title, NULL);
	json_object *d = req_obj(r);
	json_object_object_add(d, "title", json_object_new_string(title));
	json_object_object_add(d, "detail", json_object_new_string(detail));
	json_object_object_add(d, "status", json_object_new_int(status));
	return resp_ok(r, "auth/oidc_error.cs", d);
}

/* ---- the flow cookie ---- */

struct oidc_flow {
	const char *jti;
	const char *state;
	const char *nonce;
	const char *verifier;
	const char *next;
	const char *issuer;
};

/* The flow cookie is a TOKEN_OIDC_FLOW (token.c): its own key, so it can
 * never pass as a session cookie or the other way round. */
static char *
flow_encode(const struct oidc_flow *f, time_t now)
{
	const struct token_claim c[] = {
		{ "jti", f->jti, 0 }, { "st", f->state, 0 }, { "nn", f->nonce, 0 },
		{ "cv", f->verifier, 0 }, { "nx", f->next, 0 }, { "iss", f->issuer, 0 },
	};
	return token_sign(TOKEN_OIDC_FLOW, c, sizeof(c) / sizeof(c[0]), now, now + OIDC_FLOW_TTL);
}

/* The flow from the cookie: key, HS256 and times checked in token.c. 0 ok. */
static int
flow_decode(struct request *r, const char *token, time_t now, struct oidc_flow *f)
{
	struct token t;
	if (token_verify(TOKEN_OIDC_FLOW, token, now, &t) != 0)
		return -1;
	const char *jti = token_str(&t, "jti"), *st = token_str(&t, "st"), *nn = token_str(&t, "nn");
	const char *cv = token_str(&t, "cv"), *nx = token_str(&t, "nx"), *iss = token_str(&t, "iss");
	int rc = jti && st && nn && cv && nx && iss ? 0 : -1;
	if (rc == 0) {
		f->jti = arena_strdup(r->arena, jti);
		f->state = arena_strdup(r->arena, st);
		f->nonce = arena_strdup(r->arena, nn);
		f->verifier = arena_strdup(r->arena, cv);
		f->next = arena_strdup(r->arena, nx);
		f->issuer = arena_strdup(r->arena, iss);
	}
	token_done(&t);
	return rc;
}

/* ---- sign-in page button ---- */

void
auth_oidc_login_link(struct request *r, json_object *d, const char *next)
{
	PGresult *res = db_q0(r, &oidc_login_link_get);
	if (res == NULL || PQntuples(res) != 1)
		return;                 /* not enabled (or no database): no button */
	const char *name = PQgetvalue(res, 0, 0);
	struct buf href;
	buf_init(&href);
	buf_puts(&href, "/auth/oidc/start");
	if (next != NULL && strcmp(safe_next(next, "/customers"), next) == 0) {
		buf_puts(&href, "?next=");
		buf_urlenc(&href, next);
	}
	json_object *o = json_object_new_object();
	json_object_object_add(o, "name", json_object_new_string(*name ? name : OIDC_DEFAULT_NAME));
	json_object_object_add(o, "href", json_object_new_string(href.data));
	json_object_object_add(d, "oidc", o);
	buf_free(&href);
}

/* ---- start ---- */

/* GET /auth/oidc/start (?next) → 303 to the provider's authorization
 * endpoint, with the flow cookie; 404 page when single sign-on is off;
 * 502 page when the provider cannot be reached. */
enum herr
auth_oidc_start(struct request *r)
{
	struct oidc_settings s;
	enum herr e = oidc_settings_load(r, &s);
	if (e != HE_OK)
		return e;
	if (!s.enabled)
		return oidc_refuse(r, 404, "disabled", "Single sign-on is not set up",
		    "Sign in with your email and password, or ask a Hearth administrator to set up single sign-on.",
		    NULL);
	char why[512];
	if (oidc_discover(s.issuer, 0, why, sizeof(why)) != 0)
		return oidc_refuse(r, 502, "discovery", "The sign-in provider cannot be reached",
		    arena_printf(r->arena, "Hearth could not read the provider's configuration (%s). "
		    "Try again in a minute, or sign in with your password.", why), NULL);
	struct oidc_flow f = {
		.jti = token_random(r->arena, 16), .state = token_random(r->arena, 32), .nonce = token_random(r->arena, 32),
		.verifier = token_random(r->arena, 32), .next = safe_next(req_query(r, "next"), "/customers"), .issuer = s.issuer,
	};
	if (f.jti == NULL || f.state == NULL || f.nonce == NULL || f.verifier == NULL)
		return HE_INTERNAL;
	unsigned char digest[32];
	char challenge[48];
	crypto_sha256(f.verifier, strlen(f.verifier), digest);
	crypto_b64url(challenge, digest, sizeof(digest));
	char *cookie = flow_encode(&f, time(NULL));
	if (cookie == NULL)
		return HE_INTERNAL;
	flow_cookie_set(r, arena_strdup(r->arena, cookie), OIDC_FLOW_TTL);
	free(cookie);
	struct buf loc;
	buf_init(&loc);
	buf_puts(&loc, disco.authorization_endpoint);
	buf_puts(&loc, strchr(disco.authorization_endpoint, '?') ? "&" : "?");
	buf_puts(&loc, "response_type=code&client_id=");
	buf_urlenc(&loc, s.client_id);
	buf_puts(&loc, "&redirect_uri=");
	buf_urlenc(&loc, oidc_redirect_uri(r));
	buf_puts(&loc, "&scope=");
	buf_urlenc(&loc, OIDC_SCOPE);
	buf_puts(&loc, "&state=");
	buf_urlenc(&loc, f.state);
	buf_puts(&loc, "&nonce=");
	buf_urlenc(&loc, f.nonce);
	buf_puts(&loc, "&code_challenge=");
	buf_urlenc(&loc, challenge);
	buf_puts(&loc, "&code_challenge_method=S256");
	const char *location = arena_strdup(r->arena, loc.data);
	buf_free(&loc);
	return resp_redirect(r, 303, location);
}

/* ---- callback ---- */

DB_STMT(oidc_flow_use,
    "INSERT INTO auth.oidc_flows_used (jti) VALUES ($1) ON CONFLICT DO NOTHING RETURNING jti");
DB_STMT(oidc_flows_prune,
    "DELETE FROM auth.oidc_flows_used WHERE used_at < now() - interval '1 day'");

#define OIDC_USER_COLS "u.id, u.email, u.name, u.role, u.active"
DB_STMT(oidc_user_by_identity,
    "SELECT " OIDC_USER_COLS " FROM auth.oidc_identities i JOIN auth.users u ON u.id = i.user_id"
    " WHERE i.issuer = $1 AND i.subject = $2");
DB_STMT(oidc_user_by_email,
    "SELECT " OIDC_USER_COLS " FROM auth.users u WHERE lower(u.email) = lower($1)");
DB_STMT(oidc_user_insert,
    "INSERT INTO auth.users AS u (email, name, role, password_hash) VALUES ($1, $2, 'viewer', '')"
    " RETURNING " OIDC_USER_COLS ", u.created_at");
DB_STMT(oidc_identity_link,
    "INSERT INTO auth.oidc_identities (issuer, subject, user_id, email, last_login_at)"
    " VALUES ($1, $2, $3, $4, now())"
    " ON CONFLICT (issuer, subject) DO UPDATE SET last_login_at = now(), email = EXCLUDED.email");

/* The code for tokens at the token endpoint (client_secret_basic, or _post
 * when that is all the provider takes). 0 and *out (the JSON answer); -1
 * the provider could not be reached or answered nonsense; -2 it refused
 * the code. why says which. */
static int
oidc_token_exchange(struct request *r, const struct oidc_settings *s, const char *code,
                    const char *verifier, json_object **out, char *why, size_t whylen)
{
	struct buf body, auth;
	buf_init(&body);
	buf_init(&auth);
	buf_puts(&body, "grant_type=authorization_code&code=");
	buf_urlenc(&body, code);
	buf_puts(&body, "&redirect_uri=");
	buf_urlenc(&body, oidc_redirect_uri(r));
	buf_puts(&body, "&code_verifier=");
	buf_urlenc(&body, verifier);
	if (disco.auth_post) {
		buf_puts(&body, "&client_id=");
		buf_urlenc(&body, s->client_id);
		buf_puts(&body, "&client_secret=");
		buf_urlenc(&body, s->client_secret);
	} else {
		http_basic_auth(&auth, s->client_id, s->client_secret);
	}
	const char *headers[] = { "Accept: application/json", auth.len ? auth.data : NULL, NULL };
	struct http_req q = {
		.method = "POST", .url = disco.token_endpoint, .headers = headers, .body = body.data,
		.body_len = body.len, .content_type = "application/x-www-form-urlencoded",
		.max_bytes = OIDC_TOKEN_MAX,
	};
	struct http_resp resp;
	int rc = http_request(&q, &resp);
	buf_free(&body);
	buf_free(&auth);
	*out = NULL;
	if (rc != 0) {
		snprintf(why, whylen, "the provider's token endpoint: %s", resp.error);
		http_resp_free(&resp);
		return -1;
	}
	json_object *doc = req_json(r, json_tokener_parse(resp.body.data));
	long status = resp.status;
	http_resp_free(&resp);
	if (doc == NULL || !json_object_is_type(doc, json_type_object)) {
		snprintf(why, whylen, "the provider's token endpoint answered HTTP %ld without JSON", status);
		return -1;
	}
	if (status != 200) {
		const char *err = jstr(doc, "error"), *desc = jstr(doc, "error_description");
		snprintf(why, whylen, "the provider refused the sign-in code: %.60s%s%.200s%s", err ? err : "error",
		    desc ? " (" : "", desc ? desc : "", desc ? ")" : "");
		return -2;
	}
	if (jstr(doc, "id_token") == NULL) {
		snprintf(why, whylen, "the provider's token answer has no ID token");
		return -1;
	}
	*out = doc;
	return 0;
}

/* The userinfo claims, arena-owned (for providers that keep email out of
 * the ID token), or NULL with why. */
static json_object *
oidc_userinfo(struct request *r, const char *access_token, char *why, size_t whylen)
{
	struct buf authz;
	buf_init(&authz);
	buf_printf(&authz, "Authorization: Bearer %s", access_token);
	const char *headers[] = { "Accept: application/json", authz.data, NULL };
	struct http_resp resp;
	int rc = http_get(disco.userinfo_endpoint, headers, &resp);
	buf_free(&authz);
	json_object *doc = NULL;
	if (rc != 0)
		snprintf(why, whylen, "the provider's userinfo endpoint: %s", resp.error);
	else if (resp.status != 200)
		snprintf(why, whylen, "the provider's userinfo endpoint answered HTTP %ld", resp.status);
	else if (strcmp(resp.content_type, "application/json") != 0)
		snprintf(why, whylen, "the provider's userinfo answer is not plain JSON (%.60s)", resp.content_type);
	else if ((doc = req_json(r, json_tokener_parse(resp.body.data))) == NULL ||
	    !json_object_is_type(doc, json_type_object)) {
		doc = NULL;
		snprintf(why, whylen, "the provider's userinfo answer is not a JSON object");
	}
	http_resp_free(&resp);
	return doc;
}

/* email_verified: true (or "true", as some providers send it) → 1; false
 * → 0; absent → -1. */
static int
email_verified_of(json_object *o)
{
	json_object *v;
	if (o == NULL || !json_object_object_get_ex(o, "email_verified", &v) || v == NULL)
		return -1;
	if (json_object_is_type(v, json_type_boolean))
		return json_object_get_boolean(v) ? 1 : 0;
	if (json_object_is_type(v, json_type_string))
		return strcmp(json_object_get_string(v), "true") == 0 ? 1 : 0;
	return 0;
}

/* GET /auth/oidc/callback (code, state, iss; or error, error_description)
 * → 303 to next with the session cookie; 400 page (flow expired, used or
 * tampered), 401 (the provider refused, or its token did not verify), 403
 * (no verified email, no active Hearth account), 502 (provider unreachable). */
enum herr
auth_oidc_callback(struct request *r)
{
	time_t now = time(NULL);
	struct oidc_flow f;
	char why[600];
	const char *cookie = req_cookie(r, OIDC_COOKIE);
	flow_cookie_set(r, "", 0);          /* one use, whatever happens next */
	if (flow_decode(r, cookie, now, &f) != 0)
		return oidc_refuse(r, 400, "flow", "This sign-in has expired",
		    "The sign-in took longer than 10 minutes, was already used, or was started in another browser. "
		    "Start again from the sign-in page.", NULL);
	const char *state = req_query(r, "state");
	if (state == NULL || !crypto_streq(state, f.state))
		return oidc_refuse(r, 400, "state", "This sign-in could not be checked",
		    "The answer from the sign-in provider does not belong to the sign-in started here "
		    "(state mismatch). Start again from the sign-in page.", NULL);
	/* One callback per flow: a replayed one stops here, before its code
	 * goes anywhere. */
	PGresult *used = db_q(r, &oidc_flow_use, f.jti);
	if (used == NULL)
		return db_fail(r);
	if (PQntuples(used) != 1)
		return oidc_refuse(r, 400, "replay", "This sign-in was already used",
		    "Each sign-in with the provider can be completed once. Start again from the sign-in page.", NULL);
	db_q0(r, &oidc_flows_prune);
	const char *error = req_query(r, "error");
	if (error != NULL) {
		const char *desc = req_query(r, "error_description");
		return oidc_refuse(r, 401, "provider_error", "The sign-in provider did not sign you in",
		    arena_printf(r->arena, "The provider answered: %.60s%s%.300s%s", error, desc ? " (" : "",
		    desc ? desc : "", desc ? ")" : ""), NULL);
	}
	struct oidc_settings s;
	enum herr e = oidc_settings_load(r, &s);
	if (e != HE_OK)
		return e;
	if (!s.enabled || strcmp(s.issuer, f.issuer) != 0)
		return oidc_refuse(r, 400, "settings_changed", "Single sign-on changed meanwhile",
		    "Single sign-on was turned off or set to another provider during this sign-in. "
		    "Start again from the sign-in page.", NULL);
	/* RFC 9207: a provider that names itself must name the right one. */
	const char *iss = req_query(r, "iss");
	if (iss != NULL && strcmp(iss, s.issuer) != 0)
		return oidc_refuse(r, 400, "issuer", "This sign-in came from another provider",
		    "The answer names another sign-in provider than the one configured. Start again.", NULL);
	const char *code = req_query(r, "code");
	if (code == NULL || *code == '\0' || strlen(code) > 2048)
		return oidc_refuse(r, 400, "no_code", "This sign-in could not be completed",
		    "The answer from the sign-in provider carries no code. Start again from the sign-in page.", NULL);
	if (oidc_discover(s.issuer, 0, why, sizeof(why)) != 0)
		return oidc_refuse(r, 502, "discovery", "The sign-in provider cannot be reached",
		    arena_printf(r->arena, "Hearth could not read the provider's configuration (%s).", why), NULL);

	json_object *tokens = NULL;
	int rc = oidc_token_exchange(r, &s, code, f.verifier, &tokens, why, sizeof(why));
	if (rc != 0)
		return oidc_refuse(r, rc == -2 ? 401 : 502, rc == -2 ? "token_refused" : "token_endpoint",
		    "The sign-in could not be completed", arena_printf(r->arena, "%s. Start again from the sign-in "
		    "page.", why), NULL);
	const char *id_token = arena_strdup(r->arena, jstr(tokens, "id_token"));
	const char *access_token = arena_strdup(r->arena, jstr(tokens, "access_token"));

	char alg[32], kid[256];
	if (jwks_token_header(id_token, alg, sizeof(alg), kid, sizeof(kid)) != 0)
		return oidc_refuse(r, 401, "id_token", "The sign-in could not be verified",
		    "The provider's ID token is malformed.", NULL);
	char *pem = strcmp(alg, "RS256") == 0 ? jwks_key_for(disco.jwks_uri, kid, why, sizeof(why)) : NULL;
	if (strcmp(alg, "RS256") != 0)
		snprintf(why, sizeof(why), "the ID token is signed with %.20s; Hearth accepts RS256 only", alg);
	if (pem == NULL)
		return oidc_refuse(r, 401, "id_token_key", "The sign-in could not be verified",
		    arena_printf(r->arena, "The provider's ID token cannot be checked: %s.", why), NULL);
	const struct jwks_id_check check = {
		.issuer = s.issuer, .client_id = s.client_id, .nonce = f.nonce, .now = now,
		.leeway = OIDC_LEEWAY, .max_age = OIDC_FLOW_TTL,
	};
	const char *bad = NULL;
	json_object *claims = req_json(r, jwks_id_token_verify(id_token, pem, &check, &bad));
	free(pem);
	if (claims == NULL)
		return oidc_refuse(r, 401, "id_token", "The sign-in could not be verified",
		    arena_printf(r->arena, "The provider's ID token was refused: %s.", bad), NULL);
	const char *sub = arena_strdup(r->arena, jstr(claims, "sub"));
	const char *email = arena_strdup(r->arena, jstr(claims, "email"));
	const char *name = arena_strdup(r->arena, jstr(claims, "name"));
	int verified = email_verified_of(claims);
	if ((email == NULL || verified < 0) && access_token != NULL && disco.userinfo_endpoint != NULL) {
		json_object *ui = oidc_userinfo(r, access_token, why, sizeof(why));
		if (ui == NULL)
			return oidc_refuse(r, 502, "userinfo", "The sign-in could not be completed",
			    arena_printf(r->arena, "Hearth could not read your email from the provider: %s.", why), NULL);
		const char *ui_sub = jstr(ui, "sub");
		if (ui_sub == NULL || strcmp(ui_sub, sub) != 0) {
			return oidc_refuse(r, 401, "userinfo_sub", "The sign-in could not be verified",
			    "The provider's user information is about another account than its ID token.", NULL);
		}
		email = arena_strdup(r->arena, jstr(ui, "email"));
		verified = email_verified_of(ui);
		if (name == NULL)
			name = arena_strdup(r->arena, jstr(ui, "name"));
	}
	if (email == NULL || !valid_email(email))
		return oidc_refuse(r, 403, "no_email", "No email address from the provider",
		    "The sign-in provider did not share a usable email address, which Hearth needs to find your "
		    "account. Allow the email scope at the provider, or sign in with your password.", NULL);
	if (verified != 1)
		return oidc_refuse(r, 403, "email_unverified", "Your email address is not verified",
		    arena_printf(r->arena, "The sign-in provider has not verified %s, so Hearth cannot link it to an "
		    "account. Verify the address with the provider first, or sign in with your password.", email),
		    email);

	/* Who is it: a linked identity, else the same email (first sign-in),
	 * else nobody (or a new viewer when the admin allows sign-up). */
	PGresult *u = db_q(r, &oidc_user_by_identity, s.issuer, sub);
	if (u == NULL)
		return db_fail(r);
	if (PQntuples(u) == 0 && (u = db_q(r, &oidc_user_by_email, email)) == NULL)
		return db_fail(r);
	if ((e = db_begin(r)) != HE_OK)
		return e;
	long long uid;
	const char *user_email;
	if (PQntuples(u) == 1) {
		uid = strtoll(PQgetvalue(u, 0, 0), NULL, 10);
		user_email = arena_strdup(r->arena, PQgetvalue(u, 0, 1));
		if (PQgetvalue(u, 0, 4)[0] != 't')
			return oidc_refuse(r, 403, "inactive", "This Hearth account is deactivated",
			    arena_printf(r->arena, "The Hearth account for %s is deactivated. Ask a Hearth administrator.",
			    email), email);
	} else if (!s.allow_signup) {
		return oidc_refuse(r, 403, "unknown_email", "No Hearth account for this email",
		    arena_printf(r->arena, "No Hearth account for %s; ask an admin to create one (with that email) "
		    "and then sign in again.", email), email);
	} else {
		const char *nm = name && *name ? name : email;
		PGresult *ins = db_q(r, &oidc_user_insert, email, arena_strndup(r->arena, nm, 200));
		if (ins == NULL)
			return db_fail(r);
		uid = strtoll(PQgetvalue(ins, 0, 0), NULL, 10);
		user_email = arena_strdup(r->arena, PQgetvalue(ins, 0, 1));
		r->principal.user_id = uid;
		r->principal.email = user_email;
		json_object *after = req_json(r, db_row_json(ins, 0));
		json_object_object_add(after, "via", json_object_new_string("oidc"));
		json_object_object_add(after, "issuer", json_object_new_string(s.issuer));
		if ((e = audit_log(r, "user.create", "user", uid, NULL, after)) != HE_OK)
			return e;
	}
	if (db_q(r, &oidc_identity_link, s.issuer, sub, db_int(r, uid), email) == NULL)
		return db_fail(r);
	json_object *detail = req_obj(r);
	json_object_object_add(detail, "method", json_object_new_string("oidc"));
	json_object_object_add(detail, "issuer", json_object_new_string(s.issuer));
	json_object_object_add(detail, "subject", json_object_new_string(sub));
	/* The provider's sign-in is the first factor: a user who turned on
	 * Hearth's two-factor sign-in still gives a code (the link is kept). */
	int held = twofactor_login_gate(r, uid, f.next, &e);
	if (held) {
		if (r->in_txn && db_commit(r) != HE_OK)
			return HE_INTERNAL;
		return e;
	}
	if ((e = auth_session_begin(r, uid, user_email, detail)) != HE_OK)
		return e;
	if (r->format == FMT_HTML)
		return resp_redirect(r, 303, f.next);
	json_object *out = req_obj(r);
	json_object_object_add(out, "id", json_object_new_int64(uid));
	json_object_object_add(out, "email", json_object_new_string(user_email));
	json_object_object_add(out, "next", json_object_new_string(f.next));
	return resp_ok(r, NULL, out);
}

/* ---- settings page ---- */

static void
settings_page(struct request *r, json_object *rec)
{
	json_object_object_add(rec, "redirect_uri", json_object_new_string(oidc_redirect_uri(r)));
	record_crumbs(r, "Single sign-on", "Single sign-on", NULL, NULL);
}

/* GET /auth/oidc/settings → 200 the provider settings (the client secret
 * never: client_secret_set says whether one is stored) and the redirect
 * URI to register at the provider. */
enum herr
auth_oidc_settings_show(struct request *r)
{
	struct oidc_settings s;
	enum herr e = oidc_settings_load(r, &s);
	if (e != HE_OK)
		return e;
	settings_page(r, s.rec);
	req_set_form_values(r, record_as_form(r, s.rec));
	r->no_etag = 1;
	return resp_ok(r, "auth/oidc_settings.cs", s.rec);
}

/* POST /auth/oidc/settings (form or JSON: issuer, client_id, client_secret
 * (empty keeps the stored one), display_name, allow_signup, enabled,
 * version) → 200 the settings (HTML: 303 back with a message); 409 stale
 * version; 422 field errors, including a provider whose discovery document
 * cannot be read when enabled is on. */
enum herr
auth_oidc_settings_update(struct request *r)
{
	struct oidc_settings s;
	enum herr e = oidc_settings_load(r, &s);
	if (e != HE_OK)
		return e;
	struct form f;
	form_begin(&f, r, s.rec);
	const char *issuer = form_text(&f, "issuer", 0, 500);
	const char *client_id = form_text(&f, "client_id", 0, 255);
	const char *secret = form_text(&f, "client_secret", 0, 1000);
	const char *name = form_text(&f, "display_name", 0, 60);
	form_bool(&f, "allow_signup");
	int enabled = form_bool(&f, "enabled");
	if (issuer != NULL && *issuer != '\0' && !issuer_ok(issuer))
		form_error(&f, "issuer", "Use the provider's https:// address (http:// only for a provider on this "
		    "machine), without a query or fragment.");
	int secret_changed = secret != NULL && *secret != '\0';
	const char *new_secret = secret_changed ? secret : s.client_secret;
	if (enabled) {
		if (issuer != NULL && *issuer == '\0')
			form_error(&f, "issuer", "Required to turn single sign-on on.");
		if (client_id != NULL && *client_id == '\0')
			form_error(&f, "client_id", "Required to turn single sign-on on.");
		if (*new_secret == '\0')
			form_error(&f, "client_secret", "Required to turn single sign-on on.");
		if (name != NULL && *name == '\0')
			form_error(&f, "display_name", "Required: the sign-in button says \"Sign in with …\" this name.");
	}
	e = form_ok(&f) ? record_version_check(r, &f, s.rec) : HE_INVALID;
	char why[600];
	if (e == HE_OK && enabled && oidc_discover(issuer, 1, why, sizeof(why)) != 0) {
		form_error(&f, "issuer", arena_printf(r->arena, "Hearth could not use this provider: %s.", why));
		e = HE_INVALID;
	}
	if (e != HE_OK) {
		settings_page(r, s.rec);
		return record_form_again(r, e, "auth/oidc_settings.cs", s.rec);
	}
	const char *stored = secret_changed ? sealed_seal(r->arena, OIDC_SECRET_AAD, new_secret) : s.secret_stored;
	if (stored == NULL)
		return HE_INTERNAL;
	if ((e = db_begin(r)) != HE_OK) {
		return e;
	}
	PGresult *res = db_q(r, &oidc_settings_update, db_int(r, record_int(s.rec, "version")), issuer, client_id,
	    stored, name, form_get(&f, "allow_signup"), form_get(&f, "enabled"));
	if (res == NULL)
		return db_fail(r);
	if (PQntuples(res) != 1) {           /* changed between our read and this write */
		db_rollback(r);
		if ((e = oidc_settings_load(r, &s)) != HE_OK)
			return e;
		req_set_data(r, s.rec);
		r->problem_detail = "Someone else changed these settings since you read them. Your changes were not "
		    "saved; the current settings are included.";
		settings_page(r, s.rec);
		return record_form_again(r, HE_CONFLICT, "auth/oidc_settings.cs", s.rec);
	}
	struct oidc_settings after;
	oidc_settings_from(r, res, &after);
	/* The audit row says whether the secret changed, never what it is. */
	json_object *audit_after = req_obj(r);
	json_object_object_foreach(after.rec, k, v)
		json_object_object_add(audit_after, k, json_object_get(v));
	if (secret_changed)
		json_object_object_add(audit_after, "client_secret_changed", json_object_new_boolean(1));
	e = record_commit(r, "auth.oidc_settings.update", "oidc_settings", 1, s.rec, audit_after, NULL);
	if (e != HE_OK)
		return e;
	disco_clear();                       /* next sign-in reads the provider afresh */
	jwks_cache_clear();
	if (r->format != FMT_HTML)
		json_object_object_add(after.rec, "redirect_uri", json_object_new_string(oidc_redirect_uri(r)));
	return record_done(r, 0, "/auth/oidc/settings", "Single sign-on settings saved.", after.rec);
}
