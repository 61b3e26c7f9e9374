/* test_auth: session JWTs, permissions and CSRF (lib/auth.c). Tokens the
 * library must refuse are built here by hand (header.payload.signature),
 * signed with the right key where the point is a bad claim, so each
 * refusal is for the reason the test names. */
#include "fixtures.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include "auth.h"
#include "config.h"
#include "crypto.h"
#include "resp.h"
#include "route.h"

#define SECRET1 "00112233445566778899aabbccddeeff0123456789abcdef0011223344556677"
#define SECRET2 "ffeeddccbbaa99887766554433221100fedcba98765432100011223344556677"
#define SID     "0b7e4a1c-9d2f-4c3e-8a1b-2c3d4e5f6a7b"
#define NOW     ((time_t)1800000000)

static int
group_setup(void **state)
{
	(void)state;
	config_set("jwt_secret", SECRET1);
	return auth_init();
}

static int
group_teardown(void **state)
{
	(void)state;
	config_clear();
	return 0;
}

static void
use_secret(const char *hex)
{
	config_set("jwt_secret", hex);
	assert_int_equal(auth_init(), 0);
}

static char *
b64url_str(const char *s)
{
	size_t n = strlen(s);
	char *out = malloc(4 * (n / 3 + 1) + 1);
	crypto_b64url(out, (const unsigned char *)s, n);
	return out;
}

/* header.payload signed with HMAC (md) under the secret in hex, or with
 * an empty signature when md is NULL. malloc'd. */
static char *
make_token(const char *header, const char *payload, const EVP_MD *md, const char *secret_hex)
{
	char *h = b64url_str(header), *p = b64url_str(payload);
	size_t n = strlen(h) + strlen(p) + 200;
	char *tok = malloc(n);
	snprintf(tok, n, "%s.%s.", h, p);
	if (md != NULL) {
		unsigned char key[64], mac[64];
		unsigned int maclen = 0;
		int klen = crypto_unhex(key, sizeof(key), secret_hex);
		size_t signed_len = strlen(h) + 1 + strlen(p);
		HMAC(md, key, klen, (const unsigned char *)tok, signed_len, mac, &maclen);
		crypto_b64url(tok + strlen(tok), mac, maclen);
	}
	free(h);
	free(p);
	return tok;
}

static char *
hs256(const char *payload)
{
	return make_token("{\"alg\":\"HS256\",\"typ\":\"JWT\"}", payload, EVP_sha256(), SECRET1);
}

static int
check(const char *tok, time_t now)
{
	char sid[37];
	long long uid = 0;
	return auth_session_check(tok, now, sid, &uid);
}

/* The secret must be at least 32 bytes of hex; without one no token is
 * made or accepted. */
static void
init_requires_long_secret(void **state)
{
	(void)state;
	config_set("jwt_secret", "00112233445566778899aabbccddeeff00112233445566778899aabbccddee");  /* 31 bytes */
	assert_int_equal(auth_init(), -1);
	assert_null(auth_session_jwt(SID, 42, NOW, NOW + 3600));
	config_set("jwt_secret", "zz112233445566778899aabbccddeeff0123456789abcdef0011223344556677");
	assert_int_equal(auth_init(), -1);
	config_set("jwt_secret", "");
	assert_int_equal(auth_init(), -1);
	use_secret(SECRET1);
	char *t = auth_session_jwt(SID, 42, NOW, NOW + 3600);
	assert_non_null(t);
	/* with the secret gone, even a good token is refused */
	config_set("jwt_secret", "short");
	assert_int_equal(auth_init(), -1);
	assert_int_equal(check(t, NOW), -1);
	use_secret(SECRET1);
	assert_int_equal(check(t, NOW), 0);
	free(t);
}

/* A session JWT we made checks out until it expires, giving back its
 * session id and user. */
static void
round_trip(void **state)
{
	(void)state;
	char *t = auth_session_jwt(SID, 42, NOW, NOW + AUTH_SESSION_TTL);
	assert_non_null(t);
	assert_int_equal(strncmp(t, "eyJ", 3), 0);
	char sid[37] = "";
	long long uid = 0;
	assert_int_equal(auth_session_check(t, NOW + 10, sid, &uid), 0);
	assert_string_equal(sid, SID);
	assert_int_equal(uid, 42);
	assert_int_equal(check(t, NOW + AUTH_SESSION_TTL - 1), 0);
	assert_int_equal(check(t, NOW + AUTH_SESSION_TTL), -1);          /* exp is exclusive */
	/* checked again (the worker keeps verified tokens): the times still hold */
	assert_int_equal(check(t, NOW + 11), 0);
	assert_int_equal(check(t, NOW - 61), -1);                        /* issued in the future */
	assert_int_equal(check(t, NOW - 60), 0);                         /* within the clock skew */
	assert_int_equal(check(t, NOW + AUTH_SESSION_TTL), -1);
	t[strlen(t) - 5] = t[strlen(t) - 5] == 'A' ? 'B' : 'A';          /* one character of the MAC */
	assert_int_equal(check(t, NOW + 10), -1);
	free(t);
}

/* A token signed with another key is refused. */
static void
wrong_key_refused(void **state)
{
	(void)state;
	use_secret(SECRET2);
	char *t = auth_session_jwt(SID, 42, NOW, NOW + 3600);
	assert_non_null(t);
	assert_int_equal(check(t, NOW), 0);          /* fine under its own key */
	use_secret(SECRET1);
	assert_int_equal(check(t, NOW), -1);
	free(t);
}

/* The hand-made signer agrees with the library (so the refusals below
 * are about the claims, not the signing). */
static void
hand_made_token_accepted(void **state)
{
	(void)state;
	char *t = hs256("{\"sid\":\"" SID "\",\"sub\":\"7\",\"iat\":1800000000,\"exp\":1800003600}");
	char sid[37];
	long long uid = 0;
	assert_int_equal(auth_session_check(t, NOW, sid, &uid), 0);
	assert_int_equal(uid, 7);
	free(t);
}

/* alg "none" (unsigned), HS256 with an empty signature, and HS512 signed
 * with the right key are all refused: the algorithm is pinned. */
static void
algorithm_pinned(void **state)
{
	(void)state;
	const char *claims = "{\"sid\":\"" SID "\",\"sub\":\"1\",\"exp\":1900000000}";
	char *none = make_token("{\"alg\":\"none\",\"typ\":\"JWT\"}", claims, NULL, NULL);
	assert_int_equal(check(none, NOW), -1);
	char *none2 = make_token("{\"alg\":\"none\"}", claims, NULL, NULL);
	none2[strlen(none2) - 1] = '\0';                        /* no trailing dot either */
	assert_int_equal(check(none2, NOW), -1);
	char *empty_sig = make_token("{\"alg\":\"HS256\",\"typ\":\"JWT\"}", claims, NULL, NULL);
	assert_int_equal(check(empty_sig, NOW), -1);
	char *hs512 = make_token("{\"alg\":\"HS512\",\"typ\":\"JWT\"}", claims, EVP_sha512(), SECRET1);
	assert_int_equal(check(hs512, NOW), -1);
	char *hs384 = make_token("{\"alg\":\"HS384\",\"typ\":\"JWT\"}", claims, EVP_sha384(), SECRET1);
	assert_int_equal(check(hs384, NOW), -1);
	free(none);
	free(none2);
	free(empty_sig);
	free(hs512);
	free(hs384);
}

/* A changed claim (another user) with the original signature is refused. */
static void
changed_claim_refused(void **state)
{
	(void)state;
	char *t = auth_session_jwt(SID, 42, NOW, NOW + 3600);
	char *dot1 = strchr(t, '.'), *dot2 = strchr(dot1 + 1, '.');
	/* decode the payload, change the user, re-encode, keep the signature */
	unsigned char payload[512];
	long n = crypto_unb64url(payload, sizeof(payload) - 1, dot1 + 1, (size_t)(dot2 - dot1 - 1));
	assert_true(n > 0);
	payload[n] = '\0';
	char *sub = strstr((char *)payload, "\"sub\":\"42\"");
	assert_non_null(sub);
	sub[8] = '3';                                            /* "43" */
	char *p64 = b64url_str((char *)payload);
	char forged[1024];
	snprintf(forged, sizeof(forged), "%.*s.%s%s", (int)(dot1 - t), t, p64, dot2);
	assert_int_equal(check(forged, NOW), -1);
	/* and one flipped signature character */
	char *bad = strdup(t);
	char *last = bad + strlen(bad) - 2;
	*last = *last == 'A' ? 'B' : 'A';
	assert_int_equal(check(bad, NOW), -1);
	assert_int_equal(check(t, NOW), 0);                     /* the original is fine */
	free(bad);
	free(p64);
	free(t);
}

/* exp in the past (or missing, or not a number) and nbf in the future
 * are refused; nbf in the past is fine. */
static void
time_claims(void **state)
{
	(void)state;
	char *expired = auth_session_jwt(SID, 42, NOW - 7200, NOW - 1);
	assert_int_equal(check(expired, NOW), -1);
	free(expired);
	const char *bad[] = {
		"{\"sid\":\"" SID "\",\"sub\":\"1\"}",
		"{\"sid\":\"" SID "\",\"sub\":\"1\",\"exp\":\"1900000000\"}",
		"{\"sid\":\"" SID "\",\"sub\":\"1\",\"exp\":1800000000}",
		"{\"sid\":\"" SID "\",\"sub\":\"1\",\"exp\":1900000000,\"nbf\":1800000001}",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		char *t = hs256(bad[i]);
		assert_int_equal(check(t, NOW), -1);
		free(t);
	}
	char *t = hs256("{\"sid\":\"" SID "\",\"sub\":\"1\",\"exp\":1900000000,\"nbf\":1800000000}");
	assert_int_equal(check(t, NOW), 0);
	free(t);
}

/* The session id must be there and be a lower-case UUID; the user a
 * positive number. */
static void
identity_claims(void **state)
{
	(void)state;
	const char *bad[] = {
		"{\"sub\":\"1\",\"exp\":1900000000}",
		"{\"sid\":\"\",\"sub\":\"1\",\"exp\":1900000000}",
		"{\"sid\":\"0B7E4A1C-9D2F-4C3E-8A1B-2C3D4E5F6A7B\",\"sub\":\"1\",\"exp\":1900000000}",
		"{\"sid\":\"' OR 1=1 --aaaaaaaaaaaaaaaaaaaaaaaaaa\",\"sub\":\"1\",\"exp\":1900000000}",
		"{\"sid\":\"0b7e4a1c-9d2f-4c3e-8a1b-2c3d4e5f6a7b0\",\"sub\":\"1\",\"exp\":1900000000}",
		"{\"sid\":\"" SID "\",\"exp\":1900000000}",
		"{\"sid\":\"" SID "\",\"sub\":\"0\",\"exp\":1900000000}",
		"{\"sid\":\"" SID "\",\"sub\":\"-5\",\"exp\":1900000000}",
		"{\"sid\":\"" SID "\",\"sub\":\"abc\",\"exp\":1900000000}",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		char *t = hs256(bad[i]);
		assert_int_equal(check(t, NOW), -1);
		free(t);
	}
}

/* Garbage of every shape is refused without a crash. */
static void
garbage_refused(void **state)
{
	(void)state;
	const char *bad[] = { "", ".", "..", "...", "abc", "a.b.c", "a..b", "eyJhbGciOiJIUzI1NiJ9..",
	                      "eyJhbGciOiJIUzI1NiJ9.e30.", "!!!.???.***", "eyJ.eyJ.eyJ" };
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(check(bad[i], NOW), -1);
	assert_int_equal(check(NULL, NOW), -1);
	char *huge = malloc(3001);
	memset(huge, 'a', 3000);
	huge[3000] = '\0';
	huge[100] = '.';
	huge[200] = '.';
	assert_int_equal(check(huge, NOW), -1);
	free(huge);
}

static void
principal(struct request *r, const char *const *perms, size_t n)
{
	r->principal.user_id = 5;
	r->principal.perms = (const char **)perms;
	r->principal.nperms = n;
}

/* Levels: write implies read, admin implies write and read; another
 * family gives nothing; no lookalike family or unknown level matches. */
static void
permission_levels(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	struct request r;
	req_init(&r, a);
	static const char *const perms[] = { "customers:write", "sales:admin", "projects:read", "inventory:",
	                                     "service:bogus", "customersx:admin" };
	principal(&r, perms, 6);
	assert_true(auth_has(&r, "customers:read"));
	assert_true(auth_has(&r, "customers:write"));
	assert_false(auth_has(&r, "customers:admin"));
	assert_true(auth_has(&r, "sales:read"));
	assert_true(auth_has(&r, "sales:write"));
	assert_true(auth_has(&r, "sales:admin"));
	assert_true(auth_has(&r, "projects:read"));
	assert_false(auth_has(&r, "projects:write"));
	assert_false(auth_has(&r, "analytics:read"));
	assert_false(auth_has(&r, "inventory:read"));           /* malformed grant */
	assert_false(auth_has(&r, "service:read"));             /* unknown level grants nothing */
	assert_false(auth_has(&r, "customers:bogus"));          /* unknown level asked */
	assert_false(auth_has(&r, "custom:read"));              /* prefix of a family */
	assert_false(auth_has(&r, "customers"));                /* no level */
	assert_true(auth_has(&r, PERM_SIGNED_IN));
	assert_true(auth_has(&r, PERM_PUBLIC));
	/* signed out: public only */
	req_init(&r, a);
	assert_true(auth_has(&r, PERM_PUBLIC));
	assert_false(auth_has(&r, PERM_SIGNED_IN));
	assert_false(auth_has(&r, "customers:read"));
	arena_free(a);
}

static int
setup(void **state)
{
	use_secret(SECRET1);
	return fx_setup(state);
}

static void
fresh(struct fx *f)
{
	req_cleanup(&f->r);
	req_init(&f->r, f->a);
}

/* A session's CSRF token: the right one passes (as _csrf, as the
 * X-CSRF-Token header, or in a JSON body); a wrong, empty or missing one
 * does not; another session's token does not. */
static void
csrf_session(void **state)
{
	struct fx *f = *state;
	f->r.principal.user_id = 5;
	f->r.principal.session_id = SID;
	const char *tok = auth_csrf_token(&f->r);
	assert_true(strlen(tok) >= 43);
	assert_string_equal(auth_csrf_token(&f->r), tok);         /* stable */
	assert_false(auth_csrf_ok(&f->r));                        /* missing */
	kv_add(f->a, &f->r.form, "_csrf", tok);
	assert_true(auth_csrf_ok(&f->r));

	fresh(f);
	f->r.principal.user_id = 5;
	f->r.principal.session_id = SID;
	kv_add(f->a, &f->r.headers, "HTTP_X_CSRF_TOKEN", tok);
	assert_true(auth_csrf_ok(&f->r));

	fresh(f);
	f->r.principal.user_id = 5;
	f->r.principal.session_id = SID;
	f->r.json = json_object_new_object();
	json_object_object_add(f->r.json, "_csrf", json_object_new_string(tok));
	assert_true(auth_csrf_ok(&f->r));

	const char *wrong[] = { "", "x", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA" };
	for (size_t i = 0; i < 3; i++) {
		fresh(f);
		f->r.principal.user_id = 5;
		f->r.principal.session_id = SID;
		kv_add(f->a, &f->r.form, "_csrf", wrong[i]);
		assert_false(auth_csrf_ok(&f->r));
	}
	/* the same token minus its last character, or plus one */
	fresh(f);
	f->r.principal.user_id = 5;
	f->r.principal.session_id = SID;
	kv_add(f->a, &f->r.form, "_csrf", arena_strndup(f->a, tok, strlen(tok) - 1));
	assert_false(auth_csrf_ok(&f->r));
	fresh(f);
	f->r.principal.user_id = 5;
	f->r.principal.session_id = SID;
	kv_add(f->a, &f->r.form, "_csrf", arena_printf(f->a, "%sA", tok));
	assert_false(auth_csrf_ok(&f->r));

	/* another session, another token */
	char *mine = arena_strdup(f->a, tok);
	fresh(f);
	f->r.principal.user_id = 5;
	f->r.principal.session_id = "11111111-2222-4333-8444-555555555555";
	assert_string_not_equal(auth_csrf_token(&f->r), mine);
	kv_add(f->a, &f->r.form, "_csrf", mine);
	assert_false(auth_csrf_ok(&f->r));

	/* and under another secret, another token */
	fresh(f);
	f->r.principal.user_id = 5;
	f->r.principal.session_id = SID;
	use_secret(SECRET2);
	assert_string_not_equal(auth_csrf_token(&f->r), mine);
	use_secret(SECRET1);
}

/* Signed out: the token comes from the hearth_pre seed cookie. Without
 * a seed there is no token and nothing passes (not even an empty one);
 * the seed token is not the token of a session with the same id. */
static void
csrf_signed_out(void **state)
{
	struct fx *f = *state;
	assert_string_equal(auth_csrf_token(&f->r), "");
	kv_add(f->a, &f->r.form, "_csrf", "");
	assert_false(auth_csrf_ok(&f->r));

	fresh(f);
	kv_add(f->a, &f->r.cookies, AUTH_PRE_COOKIE, "short");          /* < 16: no seed */
	assert_string_equal(auth_csrf_token(&f->r), "");

	fresh(f);
	kv_add(f->a, &f->r.cookies, AUTH_PRE_COOKIE, SID);
	const char *tok = arena_strdup(f->a, auth_csrf_token(&f->r));
	assert_true(strlen(tok) >= 43);
	kv_add(f->a, &f->r.form, "_csrf", tok);
	assert_true(auth_csrf_ok(&f->r));

	fresh(f);
	kv_add(f->a, &f->r.cookies, AUTH_PRE_COOKIE, SID);
	kv_add(f->a, &f->r.form, "_csrf", "wrong");
	assert_false(auth_csrf_ok(&f->r));

	fresh(f);
	kv_add(f->a, &f->r.cookies, AUTH_PRE_COOKIE, "ffffffffffffffffffff");   /* another visitor */
	kv_add(f->a, &f->r.form, "_csrf", tok);
	assert_false(auth_csrf_ok(&f->r));

	fresh(f);
	f->r.principal.user_id = 5;
	f->r.principal.session_id = SID;                         /* same string, session kind */
	assert_string_not_equal(auth_csrf_token(&f->r), tok);
}

/* A bearer-token client carries no cookie and needs no CSRF token. */
static void
csrf_bearer_exempt(void **state)
{
	struct fx *f = *state;
	f->r.principal.user_id = 5;
	f->r.principal.via_bearer = 1;
	assert_true(auth_csrf_ok(&f->r));
}

/* A signed-out visitor without a seed gets one (a session cookie,
 * HttpOnly) that gives a token at once; one with a seed keeps it. */
static void
ensure_pre_seed(void **state)
{
	struct fx *f = *state;
	auth_ensure_pre(&f->r);
	const char *seed = req_cookie(&f->r, AUTH_PRE_COOKIE);
	assert_non_null(seed);
	assert_true(strlen(seed) >= 16);
	const char *sc = kv_get(&f->r.out_headers, "Set-Cookie");
	assert_non_null(sc);
	assert_int_equal(strncmp(sc, "hearth_pre=", 11), 0);
	assert_non_null(strstr(sc, "HttpOnly"));
	assert_null(strstr(sc, "Max-Age"));
	assert_true(strlen(auth_csrf_token(&f->r)) >= 43);

	fresh(f);
	kv_add(f->a, &f->r.cookies, AUTH_PRE_COOKIE, "abcdefghijklmnopqrstuvwx");
	auth_ensure_pre(&f->r);
	assert_null(kv_get(&f->r.out_headers, "Set-Cookie"));
	assert_string_equal(req_cookie(&f->r, AUTH_PRE_COOKIE), "abcdefghijklmnopqrstuvwx");

	/* two visitors get two seeds */
	fresh(f);
	auth_ensure_pre(&f->r);
	assert_string_not_equal(req_cookie(&f->r, AUTH_PRE_COOKIE), seed);
}

/* Session cookie: HttpOnly, SameSite=Lax, 12 h; clearing sets it empty
 * with Max-Age=0. */
static void
session_cookie(void **state)
{
	struct fx *f = *state;
	auth_set_session_cookie(&f->r, "tok.en.sig");
	assert_string_equal(kv_get(&f->r.out_headers, "Set-Cookie"),
	    "hearth_session=tok.en.sig; Path=/; SameSite=Lax; HttpOnly; Max-Age=43200");
	fresh(f);
	auth_clear_session_cookie(&f->r);
	assert_string_equal(kv_get(&f->r.out_headers, "Set-Cookie"),
	    "hearth_session=; Path=/; SameSite=Lax; HttpOnly; Max-Age=0");
}

/* auth_load without a cookie is signed out; with a cookie that fails
 * the check it is signed out too and the cookie is cleared (no database
 * needed for either). */
static void
load_without_valid_cookie(void **state)
{
	struct fx *f = *state;
	assert_int_equal(auth_load(&f->r), HE_OK);
	assert_int_equal(f->r.principal.user_id, 0);
	assert_null(kv_get(&f->r.out_headers, "Set-Cookie"));

	fresh(f);
	kv_add(f->a, &f->r.cookies, AUTH_COOKIE, "not.a.token");
	assert_int_equal(auth_load(&f->r), HE_OK);
	assert_int_equal(f->r.principal.user_id, 0);
	assert_string_equal(kv_get(&f->r.out_headers, "Set-Cookie"),
	    "hearth_session=; Path=/; SameSite=Lax; HttpOnly; Max-Age=0");

	fresh(f);
	char *expired = auth_session_jwt(SID, 42, 1000, 2000);
	kv_add(f->a, &f->r.cookies, AUTH_COOKIE, expired);
	assert_int_equal(auth_load(&f->r), HE_OK);
	assert_int_equal(f->r.principal.user_id, 0);
	assert_non_null(kv_get(&f->r.out_headers, "Set-Cookie"));
	free(expired);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, fx_teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(init_requires_long_secret),
		cmocka_unit_test(round_trip),
		cmocka_unit_test(wrong_key_refused),
		cmocka_unit_test(hand_made_token_accepted),
		cmocka_unit_test(algorithm_pinned),
		cmocka_unit_test(changed_claim_refused),
		cmocka_unit_test(time_claims),
		cmocka_unit_test(identity_claims),
		cmocka_unit_test(garbage_refused),
		cmocka_unit_test(permission_levels),
		T(csrf_session),
		T(csrf_signed_out),
		T(csrf_bearer_exempt),
		T(ensure_pre_seed),
		T(session_cookie),
		T(load_without_valid_cookie),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
