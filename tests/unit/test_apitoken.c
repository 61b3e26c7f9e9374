/* test_apitoken: personal API tokens and scopes (lib/apitoken.c), the
 * OAuth access JWTs and scope narrowing of lib/auth.c, and the bearer
 * rules of lib/resp.c (no cookie ever). Access tokens the library must
 * refuse are built by hand (header.payload.signature), signed with the
 * right derived key where the point is a bad claim, so each refusal is
 * for the reason the test names. */
#include "fixtures.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include "apitoken.h"
#include "auth.h"
#include "config.h"
#include "crypto.h"
#include "resp.h"
#include "route.h"

#define SECRET1 "00112233445566778899aabbccddeeff0123456789abcdef0011223344556677"
#define ISSUER  "https://crm.example.test"
#define NOW     ((time_t)1800000000)

static int
group_setup(void **state)
{
	(void)state;
	config_set("jwt_secret", SECRET1);
	config_set("public_url", ISSUER);
	return auth_init();
}

/* ---- tokens ---- */

static void
token_shape(void **state)
{
	(void)state;
	char tok[APITOKEN_LEN + 1], hash[65], prefix[APITOKEN_SHOW_LEN + 1];
	char tok2[APITOKEN_LEN + 1], hash2[65], prefix2[APITOKEN_SHOW_LEN + 1];
	assert_int_equal(apitoken_new(tok, hash, prefix), 0);
	assert_int_equal(strlen(tok), 47);
	assert_int_equal(strncmp(tok, "hth_", 4), 0);
	assert_true(apitoken_is_token(tok));
	/* the display prefix is the token's first 12 characters */
	assert_int_equal(strlen(prefix), 12);
	assert_int_equal(strncmp(prefix, tok, 12), 0);
	/* the stored hash is SHA-256 hex of the whole token */
	char want[65];
	crypto_sha256_hex(tok, strlen(tok), want);
	assert_string_equal(hash, want);
	assert_int_equal(strspn(hash, "0123456789abcdef"), 64);
	/* 32 random bytes: two tokens never agree */
	assert_int_equal(apitoken_new(tok2, hash2, prefix2), 0);
	assert_string_not_equal(tok, tok2);
	assert_string_not_equal(hash, hash2);
	/* the 43 characters after hth_ are base64url of 32 bytes */
	unsigned char raw[40];
	assert_int_equal(crypto_unb64url(raw, sizeof(raw), tok + 4, 43), 32);
}

static void
token_shape_refused(void **state)
{
	(void)state;
	char tok[APITOKEN_LEN + 1], hash[65], prefix[APITOKEN_SHOW_LEN + 1];
	assert_int_equal(apitoken_new(tok, hash, prefix), 0);
	char bad[64];
	assert_false(apitoken_is_token(NULL));
	assert_false(apitoken_is_token(""));
	assert_false(apitoken_is_token("hth_"));
	snprintf(bad, sizeof(bad), "%.46s", tok);                 /* one short */
	assert_false(apitoken_is_token(bad));
	snprintf(bad, sizeof(bad), "%sA", tok);                   /* one long */
	assert_false(apitoken_is_token(bad));
	snprintf(bad, sizeof(bad), "%s", tok);
	bad[10] = '.';                                            /* not base64url */
	assert_false(apitoken_is_token(bad));
	snprintf(bad, sizeof(bad), "%s", tok);
	bad[0] = 'H';                                             /* prefix is case-sensitive */
	assert_false(apitoken_is_token(bad));
	snprintf(bad, sizeof(bad), "%s", tok);
	bad[46] = '=';
	assert_false(apitoken_is_token(bad));
}

static void
random_credentials(void **state)
{
	(void)state;
	char id[APITOKEN_CLIENT_LEN + 1], secret[APITOKEN_SECRET_LEN + 1], small[10];
	assert_int_equal(apitoken_random(APITOKEN_CLIENT_PREFIX, 12, id, sizeof(id)), APITOKEN_CLIENT_LEN);
	assert_int_equal(strncmp(id, "hthc_", 5), 0);
	assert_int_equal(strspn(id + 5, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"), 16);
	assert_int_equal(apitoken_random(APITOKEN_SECRET_PREFIX, 32, secret, sizeof(secret)), APITOKEN_SECRET_LEN);
	assert_int_equal(strncmp(secret, "hths_", 5), 0);
	/* too small a buffer, or no bytes asked: refused, nothing half-written counted */
	assert_int_equal(apitoken_random("hthc_", 12, small, sizeof(small)), -1);
	assert_int_equal(apitoken_random("hthc_", 0, id, sizeof(id)), -1);
	assert_int_equal(apitoken_random("hthc_", 65, id, sizeof(id)), -1);
}

/* ---- scopes ---- */

static void
scopes_parse_normalises(void **state)
{
	(void)state;
	struct apitoken_scopes s;
	char text[256], bad[64];
	assert_int_equal(apitoken_scopes_parse("sales:write, customers:read", &s, bad, sizeof(bad)), 0);
	assert_int_equal(s.n, 2);
	assert_string_equal(s.v[0], "customers:read");      /* family order, whatever the input order */
	assert_string_equal(s.v[1], "sales:write");
	apitoken_scopes_text(&s, ' ', text, sizeof(text));
	assert_string_equal(text, "customers:read sales:write");
	apitoken_scopes_text(&s, '{', text, sizeof(text));
	assert_string_equal(text, "{customers:read,sales:write}");
	apitoken_scopes_text(&s, ',', text, sizeof(text));
	assert_string_equal(text, "customers:read,sales:write");
	/* one scope per family: the higher level wins, in either order */
	assert_int_equal(apitoken_scopes_parse("customers:read customers:write", &s, NULL, 0), 0);
	assert_int_equal(s.n, 1);
	assert_string_equal(s.v[0], "customers:write");
	assert_int_equal(apitoken_scopes_parse("customers:write,customers:read", &s, NULL, 0), 0);
	assert_int_equal(s.n, 1);
	assert_string_equal(s.v[0], "customers:write");
	/* every family, both levels: seven scopes */
	assert_int_equal(apitoken_scopes_parse("auth:read analytics:read sales:read service:read inventory:read "
	    "projects:read customers:read customers:write auth:write", &s, NULL, 0), 0);
	assert_int_equal(s.n, 7);
	assert_string_equal(s.v[0], "customers:write");
	assert_string_equal(s.v[6], "auth:write");
	/* empty input: no scopes, not an error (callers require one) */
	assert_int_equal(apitoken_scopes_parse("", &s, NULL, 0), 0);
	assert_int_equal(s.n, 0);
	assert_int_equal(apitoken_scopes_parse(" , ", &s, NULL, 0), 0);
	assert_int_equal(s.n, 0);
	assert_int_equal(apitoken_scopes_parse(NULL, &s, NULL, 0), 0);
	apitoken_scopes_text(&s, '{', text, sizeof(text));
	assert_string_equal(text, "{}");
}

static void
scopes_parse_refuses(void **state)
{
	(void)state;
	struct apitoken_scopes s;
	char bad[64];
	static const char *const refused[] = {
		"customers:admin",           /* no admin scopes */
		"customers",                 /* no level */
		"customers:",
		":read",
		"custom:read",               /* a prefix of a family */
		"customersx:read",
		"bogus:read",
		"Customers:read",            /* case matters */
		"customers:READ",
		"customers:read;drop",
		"customers:readwrite",
	};
	for (size_t i = 0; i < sizeof(refused) / sizeof(refused[0]); i++) {
		assert_int_equal(apitoken_scopes_parse(refused[i], &s, bad, sizeof(bad)), -1);
		assert_string_equal(bad, refused[i]);
		assert_false(apitoken_scope_ok(refused[i]));
	}
	/* the first bad item is named, after good ones */
	assert_int_equal(apitoken_scopes_parse("sales:read,projects:admin,x:y", &s, bad, sizeof(bad)), -1);
	assert_string_equal(bad, "projects:admin");
	/* a very long item is refused, not cut to something valid */
	char longitem[200];
	memset(longitem, 'a', sizeof(longitem) - 1);
	longitem[sizeof(longitem) - 1] = '\0';
	memcpy(longitem, "customers:read", 14);
	assert_int_equal(apitoken_scopes_parse(longitem, &s, bad, sizeof(bad)), -1);
	assert_true(apitoken_scope_ok("auth:write"));
	assert_true(apitoken_scope_ok("analytics:read"));
}

static void
scope_allows_levels(void **state)
{
	(void)state;
	static const char *const scopes[] = { "customers:write", "sales:read", "projects:admin", "inventory:bogus" };
	assert_true(apitoken_scope_allows(scopes, 4, "customers:read"));    /* write implies read */
	assert_true(apitoken_scope_allows(scopes, 4, "customers:write"));
	assert_false(apitoken_scope_allows(scopes, 4, "customers:admin"));  /* never admin */
	assert_true(apitoken_scope_allows(scopes, 4, "sales:read"));
	assert_false(apitoken_scope_allows(scopes, 4, "sales:write"));      /* read does not imply write */
	assert_false(apitoken_scope_allows(scopes, 4, "projects:read"));    /* an admin scope counts for nothing */
	assert_false(apitoken_scope_allows(scopes, 4, "inventory:read"));   /* unknown level: nothing */
	assert_false(apitoken_scope_allows(scopes, 4, "service:read"));
	assert_false(apitoken_scope_allows(scopes, 4, "custom:read"));
	assert_false(apitoken_scope_allows(scopes, 4, "customers"));
	assert_false(apitoken_scope_allows(scopes, 4, NULL));
	assert_false(apitoken_scope_allows(scopes, 0, "customers:read"));
	assert_int_equal(apitoken_level("read"), 1);
	assert_int_equal(apitoken_level("write"), 2);
	assert_int_equal(apitoken_level("admin"), 3);
	assert_int_equal(apitoken_level("root"), 0);
}

/* ---- auth_has: scopes narrow, never widen ---- */

static void
principal(struct request *r, const char *const *perms, size_t n, const char *const *scopes, size_t ns,
          int bearer)
{
	r->principal.user_id = 7;
	r->principal.perms = (const char **)perms;
	r->principal.nperms = n;
	r->principal.scopes = (const char **)scopes;
	r->principal.nscopes = ns;
	r->principal.via_bearer = bearer;
}

static void
has_narrowed_by_scopes(void **state)
{
	struct fx *f = *state;
	struct request *r = &f->r;
	static const char *const sales_role[] = { "customers:write", "sales:write", "projects:read", "auth:admin" };
	static const char *const read_only[] = { "customers:read" };
	principal(r, sales_role, 4, read_only, 1, 1);
	assert_true(auth_has(r, "customers:read"));
	assert_false(auth_has(r, "customers:write"));   /* the role could, the scope cannot */
	assert_false(auth_has(r, "sales:read"));        /* no scope for sales */
	assert_false(auth_has(r, "auth:admin"));        /* admin needs a person */
	assert_true(auth_has(r, PERM_PUBLIC));

	/* a viewer's token with a write scope still cannot write */
	static const char *const viewer_role[] = { "customers:read", "sales:read" };
	static const char *const writer[] = { "customers:write", "sales:write" };
	principal(r, viewer_role, 2, writer, 2, 1);
	assert_true(auth_has(r, "customers:read"));
	assert_false(auth_has(r, "customers:write"));
	assert_false(auth_has(r, "sales:write"));
	assert_false(auth_has(r, "projects:read"));

	/* a bearer without scopes is allowed nothing but public routes and reads of its own account */
	principal(r, sales_role, 4, NULL, 0, 1);
	assert_false(auth_has(r, "customers:read"));
	r->method = HM_GET;
	assert_true(auth_has(r, PERM_SIGNED_IN));
	r->method = HM_POST;
	assert_false(auth_has(r, PERM_SIGNED_IN));

	/* own-account changes need auth:write */
	static const char *const acct[] = { "customers:read", "auth:write" };
	principal(r, viewer_role, 2, acct, 2, 1);
	r->method = HM_DELETE;
	assert_true(auth_has(r, PERM_SIGNED_IN));
	principal(r, viewer_role, 2, read_only, 1, 1);
	assert_false(auth_has(r, PERM_SIGNED_IN));
	r->method = HM_GET;
	assert_true(auth_has(r, PERM_SIGNED_IN));

	/* a session (no bearer, no scopes): the role alone, as before */
	principal(r, sales_role, 4, NULL, 0, 0);
	r->method = HM_POST;
	assert_true(auth_has(r, "customers:write"));
	assert_true(auth_has(r, "auth:admin"));
	assert_true(auth_has(r, PERM_SIGNED_IN));
}

/* ---- OAuth access tokens ---- */

/* The access key as the library derives it: HMAC-SHA256(secret, "oauth-access-v1"). */
static void
derived_key(unsigned char key[32])
{
	unsigned char secret[32];
	assert_int_equal(crypto_unhex(secret, sizeof(secret), SECRET1), 32);
	crypto_hmac_sha256(secret, sizeof(secret), "oauth-access-v1", 15, key);
}

#define HS256_HEADER "{\"alg\":\"HS256\",\"typ\":\"JWT\"}"

static char *
access_hs256(const char *payload)
{
	unsigned char key[32];
	derived_key(key);
	return fx_jwt(HS256_HEADER, payload, EVP_sha256(), key, sizeof(key));
}

static int
access_check(const char *tok, time_t now)
{
	char id[64], scope[256];
	return auth_access_check(tok, now, id, sizeof(id), scope, sizeof(scope));
}

/* A claims object with one field changed (field "" = none). */
static char *
claims(const char *iss, const char *aud, long iat, long exp, const char *extra)
{
	char *out = malloc(1024);
	snprintf(out, 1024, "{\"iss\":\"%s\",\"sub\":\"hthc_AAAAAAAAAAAAAAAA\",\"aud\":\"%s\",\"scope\":\"customers:read\","
	    "\"iat\":%ld,\"exp\":%ld,\"jti\":\"j1\"%s}", iss, aud, iat, exp, extra);
	return out;
}

static void
access_round_trip(void **state)
{
	(void)state;
	char jti[23], id[64], scope[256];
	char *t = auth_access_jwt("hthc_0123456789abcdef", "customers:read sales:write", NOW, NOW + AUTH_ACCESS_TTL, jti);
	assert_non_null(t);
	assert_int_equal(strlen(jti), 22);
	assert_int_equal(auth_access_check(t, NOW + 10, id, sizeof(id), scope, sizeof(scope)), 0);
	assert_string_equal(id, "hthc_0123456789abcdef");
	assert_string_equal(scope, "customers:read sales:write");
	/* refused from the second it expires */
	assert_int_equal(access_check(t, NOW + AUTH_ACCESS_TTL - 1), 0);
	assert_int_equal(access_check(t, NOW + AUTH_ACCESS_TTL), -1);
	/* too small a buffer for a claim: refused, not cut */
	assert_int_equal(auth_access_check(t, NOW + 10, id, 5, scope, sizeof(scope)), -1);
	assert_int_equal(auth_access_check(t, NOW + 10, id, sizeof(id), scope, 10), -1);
	free(t);
	/* our hand-made token is accepted, so the refusals below are for their reasons */
	char *c = claims(ISSUER, "hearth", NOW, NOW + 600, "");
	t = access_hs256(c);
	assert_int_equal(access_check(t, NOW), 0);
	free(t);
	free(c);
}

/* Sessions and access tokens never pass as each other: different keys. */
static void
access_and_session_apart(void **state)
{
	(void)state;
	char jti[23], sid[37];
	long long uid;
	char *session = auth_session_jwt("0b7e4a1c-9d2f-4c3e-8a1b-2c3d4e5f6a7b", 42, NOW, NOW + 3600);
	assert_non_null(session);
	assert_int_equal(auth_session_check(session, NOW, sid, &uid), 0);
	assert_int_equal(access_check(session, NOW), -1);
	char *access = auth_access_jwt("hthc_0123456789abcdef", "customers:read", NOW, NOW + 600, jti);
	assert_non_null(access);
	assert_int_equal(access_check(access, NOW), 0);
	assert_int_equal(auth_session_check(access, NOW, sid, &uid), -1);
	/* access claims signed with the session key (the raw secret) */
	unsigned char raw[32];
	assert_int_equal(crypto_unhex(raw, sizeof(raw), SECRET1), 32);
	char *c = claims(ISSUER, "hearth", NOW, NOW + 600, "");
	char *t = fx_jwt(HS256_HEADER, c, EVP_sha256(), raw, sizeof(raw));
	assert_int_equal(access_check(t, NOW), -1);
	free(t);
	free(c);
	free(session);
	free(access);
}

static void
access_refusals(void **state)
{
	(void)state;
	unsigned char key[32], other[32];
	derived_key(key);
	memset(other, 0x5a, sizeof(other));
	char *c = claims(ISSUER, "hearth", NOW, NOW + 600, "");
	char *t;

	t = fx_jwt("{\"alg\":\"none\",\"typ\":\"JWT\"}", c, NULL, NULL, 0);   /* alg none */
	assert_int_equal(access_check(t, NOW), -1);
	free(t);
	t = fx_jwt("{\"alg\":\"HS384\",\"typ\":\"JWT\"}", c, EVP_sha384(), key, sizeof(key));   /* other algorithm */
	assert_int_equal(access_check(t, NOW), -1);
	free(t);
	t = fx_jwt(HS256_HEADER, c, EVP_sha256(), other, sizeof(other));     /* wrong key */
	assert_int_equal(access_check(t, NOW), -1);
	free(t);
	t = access_hs256(c);                                                      /* a changed claim */
	char *dot = strchr(t, '.');
	dot[5] = dot[5] == 'A' ? 'B' : 'A';
	assert_int_equal(access_check(t, NOW), -1);
	free(t);
	t = access_hs256(c);                                                      /* signature cut off */
	*strrchr(t, '.') = '\0';
	assert_int_equal(access_check(t, NOW), -1);
	free(t);
	free(c);

	struct { const char *why; char *claims; } bad[] = {
		{ "expired", claims(ISSUER, "hearth", NOW - 700, NOW - 100, "") },
		{ "wrong audience", claims(ISSUER, "other", NOW, NOW + 600, "") },
		{ "wrong issuer", claims("https://evil.example", "hearth", NOW, NOW + 600, "") },
		{ "not yet valid", claims(ISSUER, "hearth", NOW, NOW + 600, ",\"nbf\":1800000100") },
		{ "issued in the future", claims(ISSUER, "hearth", NOW + 300, NOW + 600, "") },
		{ "longer than an hour", claims(ISSUER, "hearth", NOW, NOW + 7200, "") },
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		t = access_hs256(bad[i].claims);
		if (access_check(t, NOW) != -1)
			fail_msg("accepted an access token that is %s", bad[i].why);
		free(t);
		free(bad[i].claims);
	}
	/* claims missing */
	static const char *const missing[] = {
		"{\"iss\":\"" ISSUER "\",\"aud\":\"hearth\",\"scope\":\"customers:read\",\"iat\":1800000000,\"exp\":1800000600,\"jti\":\"j\"}",
		"{\"iss\":\"" ISSUER "\",\"sub\":\"c\",\"aud\":\"hearth\",\"iat\":1800000000,\"exp\":1800000600,\"jti\":\"j\"}",
		"{\"iss\":\"" ISSUER "\",\"sub\":\"c\",\"aud\":\"hearth\",\"scope\":\"customers:read\",\"exp\":1800000600,\"jti\":\"j\"}",
		"{\"iss\":\"" ISSUER "\",\"sub\":\"c\",\"aud\":\"hearth\",\"scope\":\"customers:read\",\"iat\":1800000000,\"jti\":\"j\"}",
		"{\"iss\":\"" ISSUER "\",\"sub\":\"c\",\"aud\":\"hearth\",\"scope\":\"customers:read\",\"iat\":1800000000,\"exp\":1800000600}",
		"{\"sub\":\"c\",\"aud\":\"hearth\",\"scope\":\"customers:read\",\"iat\":1800000000,\"exp\":1800000600,\"jti\":\"j\"}",
		"{\"iss\":\"" ISSUER "\",\"sub\":\"c\",\"aud\":[\"hearth\"],\"scope\":\"customers:read\",\"iat\":1800000000,\"exp\":1800000600,\"jti\":\"j\"}",
		"{\"iss\":\"" ISSUER "\",\"sub\":\"c\",\"aud\":\"hearth\",\"scope\":\"customers:read\",\"iat\":1800000000,\"exp\":\"1800000600\",\"jti\":\"j\"}",
	};
	for (size_t i = 0; i < sizeof(missing) / sizeof(missing[0]); i++) {
		t = access_hs256(missing[i]);
		if (access_check(t, NOW) != -1)
			fail_msg("accepted %s", missing[i]);
		free(t);
	}
	assert_int_equal(access_check("", NOW), -1);
	assert_int_equal(access_check("not.a.jwt", NOW), -1);
	assert_int_equal(access_check(NULL, NOW), -1);
}

/* ---- no cookie on a bearer answer; CSRF ---- */

static void
bearer_never_gets_a_cookie(void **state)
{
	struct fx *f = *state;
	struct request *r = &f->r;
	resp_cookie(r, "x", "1", 60, COOKIE_HTTPONLY);
	assert_non_null(kv_get(&r->out_headers, "Set-Cookie"));   /* a session may get cookies */
	fx_fresh(f);
	r->principal.via_bearer = 1;
	resp_cookie(r, "hearth_session", "v", 60, COOKIE_HTTPONLY);
	resp_flash(r, "success", "Saved.");
	auth_clear_session_cookie(r);
	auth_ensure_pre(r);
	resp_header(r, "set-cookie", "sneaky=1");
	resp_header(r, "X-Other", "kept");
	assert_null(kv_get(&r->out_headers, "Set-Cookie"));
	assert_null(kv_get(&r->out_headers, "set-cookie"));
	assert_string_equal(kv_get(&r->out_headers, "X-Other"), "kept");
}

static void
csrf_exemptions(void **state)
{
	struct fx *f = *state;
	struct request *r = &f->r;
	/* The exemption is the route's flag (which routes carry it:
	 * tests/unit/routes_check.sh keeps the list); the path is not read. */
	static const struct route token_route = { "POST", "/auth/oauth/token", NULL, PERM_PUBLIC, ROUTE_NO_CSRF };
	static const struct route other_route = { "POST", "/auth/tokens", NULL, PERM_SIGNED_IN, 0 };
	r->method = HM_POST;
	r->path = "/auth/oauth/token";
	r->route = &token_route;
	assert_true(auth_self_authenticating(r));
	assert_true(auth_csrf_ok(r));          /* the client authenticates itself */
	auth_ensure_pre(r);                    /* and gets no CSRF seed cookie */
	assert_null(kv_get(&r->out_headers, "Set-Cookie"));
	r->path = "/auth/oauth/token/x";
	r->route = NULL;                       /* no route matched that path */
	assert_false(auth_self_authenticating(r));
	r->path = "/auth/tokens";
	r->route = &other_route;
	assert_false(auth_self_authenticating(r));
	assert_false(auth_csrf_ok(r));         /* a signed-out form post elsewhere still needs the token */
	r->principal.via_bearer = 1;
	assert_true(auth_csrf_ok(r));
}

/* A handler's Cache-Control (no-store on a secret) is the only one sent. */
static void
no_store_kept(void **state)
{
	struct fx *f = *state;
	struct request *r = &f->r;
	r->format = FMT_JSON;
	resp_header(r, "Cache-Control", "no-store");
	assert_int_equal(resp_ok(r, NULL, req_obj(r)), HE_OK);
	resp_render(r, HE_OK);
	int n = 0;
	for (size_t i = 0; i < r->out_headers.n; i++)
		if (strcmp(r->out_headers.v[i].key, "Cache-Control") == 0) {
			n++;
			assert_string_equal(r->out_headers.v[i].val, "no-store");
		}
	assert_int_equal(n, 1);
	fx_fresh(f);
	r->format = FMT_JSON;
	assert_int_equal(resp_ok(r, NULL, req_obj(r)), HE_OK);
	resp_render(r, HE_OK);
	assert_string_equal(kv_get(&r->out_headers, "Cache-Control"), "private, no-cache");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(token_shape),
		cmocka_unit_test(token_shape_refused),
		cmocka_unit_test(random_credentials),
		cmocka_unit_test(scopes_parse_normalises),
		cmocka_unit_test(scopes_parse_refuses),
		cmocka_unit_test(scope_allows_levels),
		FX_TEST(has_narrowed_by_scopes),
		cmocka_unit_test(access_round_trip),
		cmocka_unit_test(access_and_session_apart),
		cmocka_unit_test(access_refusals),
		FX_TEST(bearer_never_gets_a_cookie),
		FX_TEST(csrf_exemptions),
		FX_TEST(no_store_kept),
	};
	return cmocka_run_group_tests(tests, group_setup, fx_config_clear);
}
