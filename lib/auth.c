/* auth.c: session and access JWTs (signed and checked in token.c), the
 * one indexed session lookup per request, bearer tokens (personal API
 * tokens and OAuth access JWTs), permissions narrowed by scopes, CSRF. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "apitoken.h"
#include "auth.h"
#include "auth_cache.h"
#include "config.h"
#include "crypto.h"
#include "db.h"
#include "hash.h"
#include "log.h"
#include "headers.h"
#include "route.h"
#include "token.h"

static const char *access_issuer = "hearth";

static void kept_tokens_clear(void);

int
auth_init(void)
{
	kept_tokens_clear();            /* verified under the key before */
	if (token_init(config_get("jwt_secret", "")) != 0) {
		log_info("jwt_secret must be at least 32 bytes of hex (64 hex digits)");
		return -1;
	}
	access_issuer = config_get("public_url", "hearth");
	auth_cache_init(config_int("principal_cache_seconds", 30));
	return 0;
}

void
auth_shutdown(void)
{
	auth_cache_clear();
	kept_tokens_clear();
}

char *
auth_session_jwt(const char *sid, long long user_id, time_t now, time_t exp)
{
	char sub[24];
	snprintf(sub, sizeof(sub), "%lld", user_id);
	const struct token_claim c[] = { { "sid", sid, 0 }, { "sub", sub, 0 } };
	return token_sign(TOKEN_SESSION, c, 2, now, exp);
}

static int
uuid_ok(const char *s)
{
	if (s == NULL || strlen(s) != 36)
		return 0;
	for (int i = 0; i < 36; i++) {
		char c = s[i];
		if (i == 8 || i == 13 || i == 18 || i == 23) {
			if (c != '-')
				return 0;
		} else if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
			return 0;
		}
	}
	return 1;
}

/* Session tokens this worker verified: the same cookie comes with every
 * request of a session, and verifying it (libjwt's base64, JSON and HMAC)
 * was 65k instructions a request. An entry is the token's exact text and
 * what it said; its times are checked against now on every use, and the
 * session itself is still checked (auth_cache), so a revoked session is
 * refused as before. Direct-mapped by a hash of the text. */
#define KEPT_TOKENS 64
static struct kept_token {
	char     *text;
	char      sid[37];
	long long user_id;
	time_t    from, until;
} kept_tokens[KEPT_TOKENS];

static void
kept_tokens_clear(void)
{
	for (size_t i = 0; i < KEPT_TOKENS; i++)
		free(kept_tokens[i].text);
	memset(kept_tokens, 0, sizeof(kept_tokens));
}

static struct kept_token *
kept_token_slot(const char *token)
{
	return &kept_tokens[hash_bytes(HASH_SEED, token, strlen(token)) % KEPT_TOKENS];
}

int
auth_session_check(const char *token, time_t now, char sid[37], long long *user_id)
{
	if (token == NULL)
		return -1;
	struct kept_token *k = kept_token_slot(token);
	size_t len = strlen(token);
	/* In constant time: a kept token is another session's secret. */
	if (k->text != NULL && strlen(k->text) == len && crypto_eq(k->text, token, len)) {
		if (now < k->from || now >= k->until)
			return -1;
		memcpy(sid, k->sid, 37);
		*user_id = k->user_id;
		return 0;
	}
	struct token t;
	if (token_verify(TOKEN_SESSION, token, now, &t) != 0)
		return -1;
	const char *s = token_str(&t, "sid"), *sub = token_str(&t, "sub");
	int rc = -1;
	if (uuid_ok(s) && sub != NULL) {
		memcpy(sid, s, 37);
		*user_id = strtoll(sub, NULL, 10);
		rc = *user_id > 0 ? 0 : -1;
	}
	if (rc == 0) {
		char *text = strdup(token);
		if (text != NULL) {
			free(k->text);
			k->text = text;
			memcpy(k->sid, sid, 37);
			k->user_id = *user_id;
			token_window(&t, &k->from, &k->until);
		}
	}
	token_done(&t);
	return rc;
}

char *
auth_access_jwt(const char *client_id, const char *scope, time_t now, time_t exp, char jti[23])
{
	unsigned char rnd[16];
	if (crypto_random(rnd, sizeof(rnd)) != 0)
		return NULL;
	crypto_b64url(jti, rnd, sizeof(rnd));
	const struct token_claim c[] = {
		{ "iss", access_issuer, 0 }, { "sub", client_id, 0 }, { "aud", AUTH_ACCESS_AUD, 0 },
		{ "scope", scope, 0 }, { "jti", jti, 0 },
	};
	return token_sign(TOKEN_ACCESS, c, sizeof(c) / sizeof(c[0]), now, exp);
}

/* A string claim copied into out (cap bytes): 0, or -1 if absent, empty or too long. */
static int
claim_copy(const struct token *t, const char *name, char *out, size_t cap)
{
	const char *v = token_str(t, name);
	if (v == NULL || *v == '\0' || strlen(v) >= cap)
		return -1;
	memcpy(out, v, strlen(v) + 1);
	return 0;
}

int
auth_access_check(const char *token, time_t now, char *client_id, size_t idcap, char *scope,
                  size_t scopecap)
{
	struct token t;
	/* Key, algorithm, exp, nbf and iat (lifetime ≤ AUTH_ACCESS_TTL): token.c. */
	if (token_verify(TOKEN_ACCESS, token, now, &t) != 0)
		return -1;
	const char *aud = token_str(&t, "aud"), *iss = token_str(&t, "iss"), *jti = token_str(&t, "jti");
	int rc = aud != NULL && strcmp(aud, AUTH_ACCESS_AUD) == 0 && iss != NULL &&
	    strcmp(iss, access_issuer) == 0 && jti != NULL && *jti != '\0' &&
	    claim_copy(&t, "sub", client_id, idcap) == 0 && claim_copy(&t, "scope", scope, scopecap) == 0 ? 0 : -1;
	token_done(&t);
	return rc;
}

void
auth_set_session_cookie(struct request *r, const char *jwt)
{
	resp_cookie(r, AUTH_COOKIE, jwt, AUTH_SESSION_TTL, COOKIE_HTTPONLY);
}

void
auth_clear_session_cookie(struct request *r)
{
	resp_cookie(r, AUTH_COOKIE, "", 0, COOKIE_HTTPONLY);
}

DB_STMT(auth_principal_stmt,
    "SELECT user_id, email, name, role, permissions, must_change_password,"
    " totp_enabled, totp_required"
    " FROM auth.session_principal($1::uuid)");

/* A PostgreSQL text[] of simple words ({a:read,b:write}) as an array in
 * the arena; *n items. */
static const char **
pg_words(struct request *r, const char *text, size_t *n)
{
	char *s = arena_strdup(r->arena, text);
	size_t cap = 1;
	for (char *c = s; *c; c++)
		if (*c == ',')
			cap++;
	const char **v = arena_alloc(r->arena, cap * sizeof(char *));
	char *save = NULL;
	*n = 0;
	for (char *tok = strtok_r(s, "{},\"", &save); tok != NULL && *n < cap; tok = strtok_r(NULL, "{},\"", &save))
		v[(*n)++] = tok;
	return v;
}

/* The principal from auth.session_principal()'s columns, as text (from
 * the row, or from the worker's cache). */
static void
principal_from_cols(struct request *r, const char *const col[AUTH_CACHE_COLS], const char *sid)
{
	struct principal *p = &r->principal;
	p->user_id = strtoll(col[0], NULL, 10);
	p->email = arena_strdup(r->arena, col[1]);
	p->name = arena_strdup(r->arena, col[2]);
	p->role = arena_strdup(r->arena, col[3]);
	p->session_id = arena_strdup(r->arena, sid);
	p->perms = pg_words(r, col[4], &p->nperms);      /* {customers:read,customers:write} */
	p->must_change_password = col[5][0] == 't';      /* sql/008 */
	p->totp_enabled = col[6][0] == 't';              /* sql/009: two-factor on, */
	p->totp_required = col[7][0] == 't';             /* and required by the user's role */
}

/* ---- bearer tokens: personal API tokens and OAuth access tokens ---- */

DB_STMT(auth_token_stmt,
    "SELECT user_id, email, name, role, permissions, scopes, token_id, token_name"
    " FROM auth.token_principal($1, $2, $3)");
DB_STMT(auth_client_stmt,
    "SELECT user_id, email, name, role, permissions, client_scopes, client_pk, client_name"
    " FROM auth.client_principal($1)");

/* The user's columns (0-4) of a token or client lookup row. */
static void
bearer_user(struct request *r, PGresult *res)
{
	struct principal *p = &r->principal;
	p->user_id = strtoll(PQgetvalue(res, 0, 0), NULL, 10);
	p->email = arena_strdup(r->arena, PQgetvalue(res, 0, 1));
	p->name = arena_strdup(r->arena, PQgetvalue(res, 0, 2));
	p->role = arena_strdup(r->arena, PQgetvalue(res, 0, 3));
	p->perms = pg_words(r, PQgetvalue(res, 0, 4), &p->nperms);
}

/* A bearer that fails (RFC 6750 §3.1): 401 problem+json with
 * WWW-Authenticate whatever format was asked for (for HTML a 401 would
 * become a redirect to the sign-in page, which a script cannot use). */
static enum herr
bearer_refused(struct request *r)
{
	memset(&r->principal, 0, sizeof(r->principal));
	r->principal.via_bearer = 1;
	r->format = FMT_JSON;
	resp_header(r, "WWW-Authenticate", "Bearer realm=\"hearth\", error=\"invalid_token\", "
	    "error_description=\"The token is unknown, malformed, expired or revoked\"");
	r->problem_detail = "The bearer token is not valid: it is unknown, malformed, expired or revoked.";
	return HE_UNAUTHORIZED;
}

static enum herr
bearer_lookup_failed(struct request *r)
{
	enum herr e = db_fail(r);
	return e == HE_DB_DOWN ? e : HE_INTERNAL;
}

/* A personal API token: only its SHA-256 goes to the database, in one
 * call to auth.token_principal (sql/007), which refuses revoked and
 * expired tokens and inactive users. Token use is audited without a write
 * per request: that call refreshes last_used_at at most once a minute per
 * token and writes the audit row (auth.token_use) with that refresh. */
static enum herr
bearer_personal(struct request *r, const char *tok)
{
	struct principal *p = &r->principal;
	char hash[65];
	if (!apitoken_is_token(tok))
		return bearer_refused(r);
	apitoken_hash(tok, hash);
	PGresult *res = db_q(r, &auth_token_stmt, hash, r->client_ip ? r->client_ip : "",
	    r->request_id ? r->request_id : "");
	if (res == NULL)
		return bearer_lookup_failed(r);
	if (PQntuples(res) != 1)
		return bearer_refused(r);
	bearer_user(r, res);
	p->scopes = pg_words(r, PQgetvalue(res, 0, 5), &p->nscopes);
	p->token_id = strtoll(PQgetvalue(res, 0, 6), NULL, 10);
	return p->nscopes > 0 && p->user_id > 0 ? HE_OK : bearer_refused(r);
}

/* An OAuth access token: the JWT is checked here (derived key, HS256,
 * times, audience, issuer), then one call to auth.client_principal
 * (sql/007), so a deactivated client or user is refused at once. Its
 * scopes are the granted ones that the client's registration still
 * allows. Access tokens are audited when issued (/auth/oauth/token: one
 * row per token, at most an hour of use), not on each use. */
static enum herr
bearer_access(struct request *r, const char *tok)
{
	struct principal *p = &r->principal;
	char client_id[64], scope[512];
	struct apitoken_scopes granted;
	if (auth_access_check(tok, time(NULL), client_id, sizeof(client_id), scope, sizeof(scope)) != 0 ||
	    apitoken_scopes_parse(scope, &granted, NULL, 0) != 0)
		return bearer_refused(r);
	PGresult *res = db_q(r, &auth_client_stmt, client_id);
	if (res == NULL)
		return bearer_lookup_failed(r);
	if (PQntuples(res) != 1)
		return bearer_refused(r);
	bearer_user(r, res);
	size_t nreg;
	const char **reg = pg_words(r, PQgetvalue(res, 0, 5), &nreg);
	p->scopes = arena_alloc(r->arena, (granted.n ? granted.n : 1) * sizeof(char *));
	p->nscopes = 0;
	for (size_t i = 0; i < granted.n; i++)
		if (apitoken_scope_allows(reg, nreg, granted.v[i]))
			p->scopes[p->nscopes++] = arena_strdup(r->arena, granted.v[i]);
	p->client_id = arena_strdup(r->arena, client_id);
	return p->nscopes > 0 && p->user_id > 0 ? HE_OK : bearer_refused(r);
}

/* "Authorization: Bearer <token>": hth_… is a personal token, anything
 * else an OAuth access token. Cookies are not looked at. */
static enum herr
bearer_load(struct request *r, const char *cred)
{
	/* From here on, whatever happens: no cookie of any kind on the
	 * answer (resp_header drops them) and no CSRF check. */
	r->principal.via_bearer = 1;
	cred += strspn(cred, " ");
	size_t n = strlen(cred);
	while (n > 0 && cred[n - 1] == ' ')
		n--;
	if (n == 0 || n > 4096)
		return bearer_refused(r);
	char *tok = arena_strndup(r->arena, cred, n);
	/* RFC 6750 b64token: 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"=" */
	size_t body = strspn(tok, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~+/");
	if (body == 0 || strspn(tok + body, "=") != n - body)
		return bearer_refused(r);
	if (strncmp(tok, APITOKEN_PREFIX, strlen(APITOKEN_PREFIX)) == 0)
		return bearer_personal(r, tok);
	return bearer_access(r, tok);
}

enum herr
auth_load(struct request *r)
{
	const char *authz = req_header(r, "HTTP_AUTHORIZATION");
	if (authz != NULL && strncasecmp(authz, "Bearer", 6) == 0 && (authz[6] == ' ' || authz[6] == '\0'))
		return bearer_load(r, authz + 6);
	const char *cookie = req_cookie(r, AUTH_COOKIE);
	char sid[37];
	long long uid;
	if (cookie == NULL || *cookie == '\0')
		return HE_OK;
	if (auth_session_check(cookie, time(NULL), sid, &uid) != 0) {
		auth_clear_session_cookie(r);
		return HE_OK;
	}
	const char *col[AUTH_CACHE_COLS];
	if (auth_cache_ready() && auth_cache_get(sid, uid, col)) {
		principal_from_cols(r, col, sid);
		return HE_OK;
	}
	auth_cache_listen(r);                  /* before the lookup whose answer is kept */
	PGresult *res = db_q(r, &auth_principal_stmt, sid);
	if (res == NULL) {
		enum herr e = db_fail(r);
		return e == HE_DB_DOWN ? e : HE_INTERNAL;
	}
	if (PQntuples(res) != 1 || PQnfields(res) < AUTH_CACHE_COLS ||
	    strtoll(PQgetvalue(res, 0, 0), NULL, 10) != uid) {
		auth_clear_session_cookie(r);      /* revoked, expired or user deactivated */
		return HE_OK;
	}
	for (int i = 0; i < AUTH_CACHE_COLS; i++)
		col[i] = PQgetvalue(res, 0, i);
	principal_from_cols(r, col, sid);
	auth_cache_put(sid, res);
	return HE_OK;
}

static int
level_of(const char *s)
{
	if (strcmp(s, "read") == 0) return 1;
	if (strcmp(s, "write") == 0) return 2;
	if (strcmp(s, "admin") == 0) return 3;
	return 99;
}

int
auth_has(const struct request *r, const char *perm)
{
	const struct principal *pr = &r->principal;
	if (perm == NULL)
		return 1;
	if (pr->user_id == 0)
		return 0;
	/* Scopes narrow, never widen: a bearer principal needs its role's
	 * permission AND a scope that allows it (a bearer without scopes is
	 * allowed nothing). Tokens carry no admin scopes: auth:admin routes
	 * need a person's session. */
	int scoped = pr->via_bearer || pr->nscopes > 0;
	if (strcmp(perm, PERM_SIGNED_IN) == 0)
		/* Own-account routes: reading is any token's; changing needs auth:write. */
		return !scoped || req_is_safe_method(r->method) ||
		    apitoken_scope_allows(pr->scopes, pr->nscopes, "auth:write");
	const char *colon = strchr(perm, ':');
	if (colon == NULL)
		return 0;
	if (scoped && !apitoken_scope_allows(pr->scopes, pr->nscopes, perm))
		return 0;
	size_t flen = (size_t)(colon - perm);
	int want = level_of(colon + 1);
	for (size_t i = 0; i < pr->nperms; i++) {
		const char *p = pr->perms[i];
		if (strncmp(p, perm, flen) == 0 && p[flen] == ':' && level_of(p + flen + 1) <= 3 &&
		    level_of(p + flen + 1) >= want)
			return 1;
	}
	return 0;
}

void
auth_ensure_pre(struct request *r)
{
	if (r->principal.session_id != NULL || r->principal.via_bearer || auth_self_authenticating(r))
		return;
	const char *pre = req_cookie(r, AUTH_PRE_COOKIE);
	if (pre != NULL && strlen(pre) >= 16)
		return;
	const char *v = token_random(r->arena, 18);
	if (v == NULL)
		return;                 /* no randomness: no seed, and forms fail closed */
	kv_set(r->arena, &r->cookies, AUTH_PRE_COOKIE, v);
	resp_cookie(r, AUTH_PRE_COOKIE, v, 0, COOKIE_HTTPONLY | COOKIE_SESSION);
}

const char *
auth_csrf_token(struct request *r)
{
	const char *seed;
	const char *kind;
	if (r->principal.session_id != NULL) {
		seed = r->principal.session_id;
		kind = "csrf:";
	} else {
		seed = req_cookie(r, AUTH_PRE_COOKIE);
		kind = "pre:";
		if (seed == NULL || strlen(seed) < 16)
			return "";
	}
	char out[48];
	if (token_csrf(arena_printf(r->arena, "%s%s", kind, seed), out) != 0)
		return "";
	return arena_strdup(r->arena, out);
}

/* Requests that carry their own credential and rely on no cookie, so a
 * forged cross-site request has nothing to ride on: routes flagged
 * ROUTE_NO_CSRF (the OAuth token endpoint, where the client's id and
 * secret are in the request itself). */
int
auth_self_authenticating(const struct request *r)
{
	return r->route != NULL && (r->route->flags & ROUTE_NO_CSRF);
}

int
auth_csrf_ok(struct request *r)
{
	if (r->principal.via_bearer || auth_self_authenticating(r))
		return 1;
	const char *given = kv_get(&r->form, "_csrf");
	if (given == NULL)
		given = req_header(r, "HTTP_X_CSRF_TOKEN");
	if (given == NULL && r->json != NULL) {
		json_object *v;
		if (json_object_object_get_ex(r->json, "_csrf", &v))
			given = json_object_get_string(v);
	}
	const char *want = auth_csrf_token(r);
	if (given == NULL || *want == '\0')
		return 0;
	return crypto_streq(given, want);
}

/* What templates may ask about: can.customers_write when the principal
 * has customers:write. Whole strings, so a page formats none of them. */
#define VIEW_CAN(family) \
	{ family ":read", "can." family "_read" }, { family ":write", "can." family "_write" }, \
	{ family ":admin", "can." family "_admin" }
static const struct { const char *perm, *key; } view_can[] = {
	VIEW_CAN("auth"), VIEW_CAN("customers"), VIEW_CAN("projects"), VIEW_CAN("inventory"),
	VIEW_CAN("service"), VIEW_CAN("sales"), VIEW_CAN("analytics"),
};
#define NVIEW_CAN (sizeof(view_can) / sizeof(view_can[0]))

void
auth_view_prepare(struct request *r)
{
	struct principal *p = &r->principal;
	r->csrf = auth_csrf_token(r);
	p->ncan = 0;
	if (p->user_id == 0)
		return;
	p->can = arena_alloc(r->arena, NVIEW_CAN * sizeof(char *));
	for (size_t i = 0; i < NVIEW_CAN; i++)
		if (auth_has(r, view_can[i].perm))
			p->can[p->ncan++] = view_can[i].key;
}
