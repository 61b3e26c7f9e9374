/* test_token: the one module that signs and checks tokens (lib/token.c).
 * Tokens it must refuse are built here by hand (header.payload.signature)
 * with the right key where the point is a bad claim or header, so each
 * refusal is for the reason the test names. */
#include "fixtures.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "crypto.h"
#include "headers.h"
#include "token.h"

#define SECRET1 "00112233445566778899aabbccddeeff0123456789abcdef0011223344556677"
#define SECRET2 "ffeeddccbbaa99887766554433221100fedcba98765432100011223344556677"
#define NOW     ((time_t)1800000000)
#define HS256_HEAD "{\"alg\":\"HS256\",\"typ\":\"JWT\"}"

static int
setup(void **state)
{
	(void)state;
	return token_init(SECRET1);
}

/* The key a kind is signed with, as documented: the secret itself for
 * sessions, HMAC-SHA256(secret, label) for the others. */
static size_t
kind_key(const char *label, unsigned char key[64])
{
	unsigned char secret[64];
	int n = crypto_unhex(secret, sizeof(secret), SECRET1);
	if (label == NULL) {
		memcpy(key, secret, (size_t)n);
		return (size_t)n;
	}
	crypto_hmac_sha256(secret, (size_t)n, label, strlen(label), key);
	return 32;
}

/* header.payload signed with HMAC (md) under the key of label (see
 * kind_key), or with an empty signature when md is NULL. malloc'd. */
static char *
make_token(const char *header, const char *payload, const EVP_MD *md, const char *label)
{
	unsigned char key[64];
	size_t klen = kind_key(label, key);
	return fx_jwt(header, payload, md, key, klen);
}

static int
ok(enum token_kind kind, const char *tok, time_t now)
{
	struct token t;
	if (token_verify(kind, tok, now, &t) != 0)
		return -1;
	token_done(&t);
	return 0;
}

/* Signed, then verified with its claims back, for every kind. */
static void
round_trip(void **state)
{
	(void)state;
	const enum token_kind all[] = { TOKEN_SESSION, TOKEN_ACCESS, TOKEN_MFA_PENDING, TOKEN_DEVICE, TOKEN_OIDC_FLOW };
	const struct token_claim c[] = { { "sub", "42", 0 }, { "nonce", "n-1", 0 }, { "n", NULL, 7 } };
	for (size_t i = 0; i < sizeof(all) / sizeof(all[0]); i++) {
		char *tok = token_sign(all[i], c, 3, NOW, NOW + 300);
		assert_non_null(tok);
		struct token t;
		assert_int_equal(token_verify(all[i], tok, NOW + 10, &t), 0);
		assert_string_equal(token_str(&t, "sub"), "42");
		assert_string_equal(token_str(&t, "nonce"), "n-1");
		assert_null(token_str(&t, "missing"));
		token_done(&t);
		free(tok);
	}
}

/* exp is exclusive and required; a token is good until then. */
static void
expired(void **state)
{
	(void)state;
	const struct token_claim c[] = { { "sub", "1", 0 } };
	char *tok = token_sign(TOKEN_MFA_PENDING, c, 1, NOW, NOW + 300);
	assert_int_equal(ok(TOKEN_MFA_PENDING, tok, NOW + 299), 0);
	assert_int_equal(ok(TOKEN_MFA_PENDING, tok, NOW + 300), -1);
	assert_int_equal(ok(TOKEN_MFA_PENDING, tok, NOW + 86400), -1);
	free(tok);
	const char *bad[] = {
		"{\"sub\":\"1\"}",                                       /* no exp */
		"{\"sub\":\"1\",\"exp\":\"1900000000\"}",                /* exp not a number */
		"{\"sub\":\"1\",\"exp\":1799999999}",                    /* past */
		"{\"sub\":\"1\",\"exp\":1900000000,\"nbf\":1800000001}", /* not yet */
		"{\"sub\":\"1\",\"exp\":1900000000,\"iat\":1800000100}", /* issued in the future */
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		char *t = make_token(HS256_HEAD, bad[i], EVP_sha256(), "mfa-pending-v1");
		assert_int_equal(ok(TOKEN_MFA_PENDING, t, NOW), -1);
		free(t);
	}
	char *fine = make_token(HS256_HEAD, "{\"sub\":\"1\",\"exp\":1900000000,\"nbf\":1800000000}", EVP_sha256(),
	    "mfa-pending-v1");
	assert_int_equal(ok(TOKEN_MFA_PENDING, fine, NOW), 0);
	free(fine);
}

/* An access token must say when it was issued and live at most an hour. */
static void
access_lifetime(void **state)
{
	(void)state;
	const struct token_claim c[] = { { "sub", "client", 0 } };
	char *tok = token_sign(TOKEN_ACCESS, c, 1, NOW, NOW + 3600);
	assert_int_equal(ok(TOKEN_ACCESS, tok, NOW), 0);
	free(tok);
	tok = token_sign(TOKEN_ACCESS, c, 1, NOW, NOW + 3601);
	assert_int_equal(ok(TOKEN_ACCESS, tok, NOW), -1);
	free(tok);
	char *no_iat = make_token(HS256_HEAD, "{\"sub\":\"c\",\"exp\":1800000600}", EVP_sha256(), "oauth-access-v1");
	assert_int_equal(ok(TOKEN_ACCESS, no_iat, NOW), -1);
	free(no_iat);
}

/* HS384, HS512 (right key), alg none with and without a trailing dot, and
 * HS256 with no signature are all refused: the algorithm is pinned. */
static void
wrong_alg(void **state)
{
	(void)state;
	const char *claims = "{\"sid\":\"x\",\"sub\":\"1\",\"exp\":1900000000}";
	char *hs384 = make_token("{\"alg\":\"HS384\",\"typ\":\"JWT\"}", claims, EVP_sha384(), NULL);
	char *hs512 = make_token("{\"alg\":\"HS512\",\"typ\":\"JWT\"}", claims, EVP_sha512(), NULL);
	char *none = make_token("{\"alg\":\"none\",\"typ\":\"JWT\"}", claims, NULL, NULL);
	char *none2 = make_token("{\"alg\":\"none\"}", claims, NULL, NULL);
	none2[strlen(none2) - 1] = '\0';
	char *nosig = make_token(HS256_HEAD, claims, NULL, NULL);
	char *good = make_token(HS256_HEAD, claims, EVP_sha256(), NULL);
	assert_int_equal(ok(TOKEN_SESSION, good, NOW), 0);    /* the hand-made signer agrees */
	assert_int_equal(ok(TOKEN_SESSION, hs384, NOW), -1);
	assert_int_equal(ok(TOKEN_SESSION, hs512, NOW), -1);
	assert_int_equal(ok(TOKEN_SESSION, none, NOW), -1);
	assert_int_equal(ok(TOKEN_SESSION, none2, NOW), -1);
	assert_int_equal(ok(TOKEN_SESSION, nosig, NOW), -1);
	free(hs384);
	free(hs512);
	free(none);
	free(none2);
	free(nosig);
	free(good);
}

/* A flipped signature, a changed payload, another secret: refused. */
static void
bad_signature(void **state)
{
	(void)state;
	const struct token_claim c[] = { { "sub", "42", 0 } };
	char *tok = token_sign(TOKEN_DEVICE, c, 1, NOW, NOW + 60);
	char *flip = strdup(tok);
	char *last = flip + strlen(flip) - 2;
	*last = *last == 'A' ? 'B' : 'A';
	assert_int_equal(ok(TOKEN_DEVICE, flip, NOW), -1);
	/* the payload of another token under the first one's signature */
	const struct token_claim c2[] = { { "sub", "43", 0 } };
	char *other = token_sign(TOKEN_DEVICE, c2, 1, NOW, NOW + 60);
	char *sig = strrchr(tok, '.'), *osig = strrchr(other, '.');
	char *spliced = malloc(strlen(other) + strlen(sig) + 1);
	sprintf(spliced, "%.*s%s", (int)(osig - other), other, sig);
	assert_int_equal(ok(TOKEN_DEVICE, spliced, NOW), -1);
	assert_int_equal(ok(TOKEN_DEVICE, tok, NOW), 0);
	assert_int_equal(token_init(SECRET2), 0);
	assert_int_equal(ok(TOKEN_DEVICE, tok, NOW), -1);
	assert_int_equal(token_init(SECRET1), 0);
	free(flip);
	free(other);
	free(spliced);
	free(tok);
}

/* Each kind has its own key: a pending 2FA sign-in never passes as a
 * session, a session never as an access token, and so on, every pair. */
static void
wrong_purpose(void **state)
{
	(void)state;
	const enum token_kind all[] = { TOKEN_SESSION, TOKEN_ACCESS, TOKEN_MFA_PENDING, TOKEN_DEVICE, TOKEN_OIDC_FLOW };
	const size_t n = sizeof(all) / sizeof(all[0]);
	const struct token_claim c[] = { { "sub", "1", 0 }, { "sid", "x", 0 } };
	for (size_t i = 0; i < n; i++) {
		char *tok = token_sign(all[i], c, 2, NOW, NOW + 600);
		for (size_t j = 0; j < n; j++)
			assert_int_equal(ok(all[j], tok, NOW), i == j ? 0 : -1);
		free(tok);
	}
}

/* Without a good secret nothing is made or accepted; garbage is refused
 * without a crash, and so is anything too long. */
static void
no_secret_and_garbage(void **state)
{
	(void)state;
	const struct token_claim c[] = { { "sub", "1", 0 } };
	char *tok = token_sign(TOKEN_SESSION, c, 1, NOW, NOW + 60);
	assert_int_equal(token_init("00112233"), -1);
	assert_null(token_sign(TOKEN_SESSION, c, 1, NOW, NOW + 60));
	assert_int_equal(ok(TOKEN_SESSION, tok, NOW), -1);
	char csrf[48];
	assert_int_equal(token_csrf("csrf:x", csrf), -1);
	assert_int_equal(token_init(SECRET1), 0);
	assert_int_equal(ok(TOKEN_SESSION, tok, NOW), 0);
	free(tok);
	const char *bad[] = { "", ".", "..", "abc", "a.b.c", "eyJhbGciOiJIUzI1NiJ9.e30.", "!!!.???.***" };
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(ok(TOKEN_SESSION, bad[i], NOW), -1);
	assert_int_equal(ok(TOKEN_SESSION, NULL, NOW), -1);
	char *huge = malloc(5001);
	memset(huge, 'a', 5000);
	huge[5000] = '\0';
	huge[100] = huge[200] = '.';
	assert_int_equal(ok(TOKEN_OIDC_FLOW, huge, NOW), -1);
	free(huge);
}

/* CSRF tokens: the same seed gives the same 43 characters, another seed
 * or secret another token. */
static void
csrf_tokens(void **state)
{
	(void)state;
	char a[48], b[48], c[48];
	assert_int_equal(token_csrf("csrf:one", a), 0);
	assert_int_equal(token_csrf("csrf:one", b), 0);
	assert_int_equal(token_csrf("pre:one", c), 0);
	assert_int_equal(strlen(a), 43);
	assert_string_equal(a, b);
	assert_string_not_equal(a, c);
	assert_int_equal(token_init(SECRET2), 0);
	assert_int_equal(token_csrf("csrf:one", b), 0);
	assert_string_not_equal(a, b);
	assert_int_equal(token_init(SECRET1), 0);
}

/* Random ids: base64url of n bytes, never the same twice; too many bytes asked: NULL. */
static void
random_ids(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	const char *x = token_random(a, 16), *y = token_random(a, 16);
	assert_non_null(x);
	assert_int_equal(strlen(x), 22);
	assert_int_equal(strspn(x, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"), 22);
	assert_string_not_equal(x, y);
	assert_int_equal(strlen(token_random(a, 48)), 64);
	assert_null(token_random(a, 49));
	arena_free(a);
}

/* Redirect targets from input: local paths only. */
static void
safe_next_local_only(void **state)
{
	(void)state;
	assert_string_equal(safe_next("/customers/7?tab=x", "/"), "/customers/7?tab=x");
	assert_string_equal(safe_next("/", "/home"), "/");
	const char *bad[] = { NULL, "", "customers", "//evil.example", "/\\evil.example", "https://evil.example/",
	                      "/a\r\nSet-Cookie: x=1", "/a\tb", "/a\x7f", "javascript:alert(1)" };
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_string_equal(safe_next(bad[i], "/home"), "/home");
	char *long_path = malloc(1003);
	long_path[0] = '/';
	memset(long_path + 1, 'a', 1001);
	long_path[1002] = '\0';
	assert_string_equal(safe_next(long_path, "/home"), "/home");
	free(long_path);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(round_trip),
		cmocka_unit_test(expired),
		cmocka_unit_test(access_lifetime),
		cmocka_unit_test(wrong_alg),
		cmocka_unit_test(bad_signature),
		cmocka_unit_test(wrong_purpose),
		cmocka_unit_test(no_secret_and_garbage),
		cmocka_unit_test(csrf_tokens),
		cmocka_unit_test(random_ids),
		cmocka_unit_test(safe_next_local_only),
	};
	return cmocka_run_group_tests(tests, setup, NULL);
}
