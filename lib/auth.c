/* auth.c: session JWT (libjwt 1.10, HS256 pinned, exp checked by us),
 * the one indexed session lookup per request, permissions, CSRF. */
#include <errno.h>
#include <jwt.h>
#include <stdlib.h>
#include <string.h>
#include "auth.h"
#include "config.h"
#include "crypto.h"
#include "db.h"
#include "log.h"
#include "resp.h"
#include "route.h"

static unsigned char secret[64];
static size_t secret_len;

int
auth_init(void)
{
	const char *hex = config_get("jwt_secret", "");
	int n = crypto_unhex(secret, sizeof(secret), hex);
	if (n < 32) {
		log_info("jwt_secret must be at least 32 bytes of hex (64 hex digits)");
		secret_len = 0;
		return -1;
	}
	secret_len = (size_t)n;
	return 0;
}

char *
auth_session_jwt(const char *sid, long long user_id, time_t now, time_t exp)
{
	jwt_t *jwt = NULL;
	char *out = NULL, sub[24];
	if (secret_len < 32 || jwt_new(&jwt) != 0)
		return NULL;
	snprintf(sub, sizeof(sub), "%lld", user_id);
	if (jwt_add_grant(jwt, "sid", sid) == 0 && jwt_add_grant(jwt, "sub", sub) == 0 &&
	    jwt_add_grant_int(jwt, "iat", (long)now) == 0 && jwt_add_grant_int(jwt, "exp", (long)exp) == 0 &&
	    jwt_set_alg(jwt, JWT_ALG_HS256, secret, (int)secret_len) == 0)
		out = jwt_encode_str(jwt);
	jwt_free(jwt);
	return out;
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

int
auth_session_check(const char *token, time_t now, char sid[37], long long *user_id)
{
	jwt_t *jwt = NULL;
	int rc = -1;
	/* A NULL or empty key would accept the token unverified: never. */
	if (token == NULL || secret_len < 32 || strlen(token) > 2048)
		return -1;
	if (jwt_decode(&jwt, token, secret, (int)secret_len) != 0 || jwt == NULL)
		return -1;
	if (jwt_get_alg(jwt) != JWT_ALG_HS256)
		goto out;
	errno = 0;
	long exp = jwt_get_grant_int(jwt, "exp");
	if (errno == ENOENT || exp <= (long)now)
		goto out;
	errno = 0;
	long nbf = jwt_get_grant_int(jwt, "nbf");
	if (errno != ENOENT && nbf > (long)now)
		goto out;
	const char *s = jwt_get_grant(jwt, "sid");
	const char *sub = jwt_get_grant(jwt, "sub");
	if (!uuid_ok(s) || sub == NULL)
		goto out;
	memcpy(sid, s, 37);
	*user_id = strtoll(sub, NULL, 10);
	rc = *user_id > 0 ? 0 : -1;
out:
	jwt_free(jwt);
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
    "SELECT user_id, email, name, role, permissions FROM auth.session_principal($1::uuid)");

static void
principal_from_row(struct request *r, PGresult *res, const char *sid)
{
	struct principal *p = &r->principal;
	p->user_id = strtoll(PQgetvalue(res, 0, 0), NULL, 10);
	p->email = arena_strdup(r->arena, PQgetvalue(res, 0, 1));
	p->name = arena_strdup(r->arena, PQgetvalue(res, 0, 2));
	p->role = arena_strdup(r->arena, PQgetvalue(res, 0, 3));
	p->session_id = arena_strdup(r->arena, sid);
	/* text[] of simple words: {customers:read,customers:write} */
	char *perms = arena_strdup(r->arena, PQgetvalue(res, 0, 4));
	size_t cap = 1;
	for (char *c = perms; *c; c++)
		if (*c == ',')
			cap++;
	p->perms = arena_alloc(r->arena, cap * sizeof(char *));
	p->nperms = 0;
	char *save = NULL;
	for (char *tok = strtok_r(perms, "{},\"", &save); tok; tok = strtok_r(NULL, "{},\"", &save))
		p->perms[p->nperms++] = tok;
}

enum herr
auth_load(struct request *r)
{
	const char *cookie = req_cookie(r, AUTH_COOKIE);
	char sid[37];
	long long uid;
	if (cookie == NULL || *cookie == '\0')
		return HE_OK;
	if (auth_session_check(cookie, time(NULL), sid, &uid) != 0) {
		auth_clear_session_cookie(r);
		return HE_OK;
	}
	PGresult *res = db_q(r, &auth_principal_stmt, sid);
	if (res == NULL) {
		enum herr e = db_fail(r);
		return e == HE_DB_DOWN ? e : HE_INTERNAL;
	}
	if (PQntuples(res) != 1 || strtoll(PQgetvalue(res, 0, 0), NULL, 10) != uid) {
		auth_clear_session_cookie(r);      /* revoked, expired or user deactivated */
		return HE_OK;
	}
	principal_from_row(r, res, sid);
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
	if (perm == NULL)
		return 1;
	if (r->principal.user_id == 0)
		return 0;
	if (strcmp(perm, PERM_SIGNED_IN) == 0)
		return 1;
	const char *colon = strchr(perm, ':');
	if (colon == NULL)
		return 0;
	size_t flen = (size_t)(colon - perm);
	int want = level_of(colon + 1);
	for (size_t i = 0; i < r->principal.nperms; i++) {
		const char *p = r->principal.perms[i];
		if (strncmp(p, perm, flen) == 0 && p[flen] == ':' && level_of(p + flen + 1) <= 3 &&
		    level_of(p + flen + 1) >= want)
			return 1;
	}
	return 0;
}

void
auth_ensure_pre(struct request *r)
{
	if (r->principal.session_id != NULL || r->principal.via_bearer)
		return;
	const char *pre = req_cookie(r, AUTH_PRE_COOKIE);
	if (pre != NULL && strlen(pre) >= 16)
		return;
	unsigned char rnd[18];
	char b64[32];
	crypto_random(rnd, sizeof(rnd));
	crypto_b64url(b64, rnd, sizeof(rnd));
	char *v = arena_strdup(r->arena, b64);
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
	char *msg = arena_printf(r->arena, "%s%s", kind, seed);
	unsigned char mac[32];
	char out[48];
	crypto_hmac_sha256(secret, secret_len, msg, strlen(msg), mac);
	crypto_b64url(out, mac, sizeof(mac));
	return arena_strdup(r->arena, out);
}

int
auth_csrf_ok(struct request *r)
{
	if (r->principal.via_bearer)
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
