/* test_jwks: JWKS → PEM and the ID token checks (lib/jwks.c). RSA keys are
 * made at test time (EVP_RSA_gen, what `openssl genpkey -algorithm RSA`
 * does), turned into JWKs (n, e base64url), and tokens are signed with
 * libjwt RS256 under the private key; each refusal below is for the one
 * reason its case names (every other claim is right). */
#include "fixtures.h"
#include <jwt.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "crypto.h"
#include "jwks.h"

#define NOW       ((time_t)1800000000)
#define ISSUER    "https://idp.example.test"
#define CLIENT    "hearth-client"
#define NONCE     "n-0S6_WzA2Mj"

static EVP_PKEY *key_a, *key_b, *key_small;

static EVP_PKEY *
gen_rsa(unsigned bits)
{
	EVP_PKEY *k = EVP_RSA_gen(bits);
	assert_non_null(k);
	return k;
}

static int
group_setup(void **state)
{
	(void)state;
	key_a = gen_rsa(2048);
	key_b = gen_rsa(2048);
	key_small = gen_rsa(1024);
	return 0;
}

static int
group_teardown(void **state)
{
	(void)state;
	EVP_PKEY_free(key_a);
	EVP_PKEY_free(key_b);
	EVP_PKEY_free(key_small);
	jwks_cache_clear();
	return 0;
}

static char *
bio_string(BIO *bio)
{
	char *p = NULL;
	long n = BIO_get_mem_data(bio, &p);
	char *s = malloc((size_t)n + 1);
	memcpy(s, p, (size_t)n);
	s[n] = '\0';
	BIO_free(bio);
	return s;
}

static char *
pub_pem(EVP_PKEY *k)
{
	BIO *bio = BIO_new(BIO_s_mem());
	assert_true(PEM_write_bio_PUBKEY(bio, k));
	return bio_string(bio);
}

static char *
priv_pem(EVP_PKEY *k)
{
	BIO *bio = BIO_new(BIO_s_mem());
	assert_true(PEM_write_bio_PrivateKey(bio, k, NULL, NULL, 0, NULL, NULL));
	return bio_string(bio);
}

/* One of the key's parameters ("n" or "e") as base64url: a JWK member. */
static char *
b64_param(EVP_PKEY *k, const char *name)
{
	BIGNUM *bn = NULL;
	assert_true(EVP_PKEY_get_bn_param(k, name, &bn));
	int n = BN_num_bytes(bn);
	unsigned char *raw = malloc((size_t)n);
	BN_bn2bin(bn, raw);
	char *out = malloc(4 * ((size_t)n / 3 + 1) + 1);
	crypto_b64url(out, raw, (size_t)n);
	free(raw);
	BN_free(bn);
	return out;
}

/* {"kty":"RSA","kid":kid,"use":"sig","alg":"RS256","n":…,"e":…} */
static char *
jwk_of(EVP_PKEY *k, const char *kid)
{
	char *n = b64_param(k, OSSL_PKEY_PARAM_RSA_N), *e = b64_param(k, OSSL_PKEY_PARAM_RSA_E);
	size_t cap = strlen(n) + strlen(e) + 200;
	char *out = malloc(cap);
	snprintf(out, cap, "{\"kty\":\"RSA\",\"kid\":\"%s\",\"use\":\"sig\",\"alg\":\"RS256\",\"n\":\"%s\",\"e\":\"%s\"}",
	    kid, n, e);
	free(n);
	free(e);
	return out;
}

/* A token with these claims (JSON), signed by libjwt: RS256 under k's
 * private key, or HS256 under hmac_key when k is NULL. */
static char *
sign_token(EVP_PKEY *k, const char *hmac_key, const char *kid, const char *claims)
{
	jwt_t *jwt = NULL;
	assert_int_equal(jwt_new(&jwt), 0);
	assert_int_equal(jwt_add_grants_json(jwt, claims), 0);
	if (kid != NULL)
		assert_int_equal(jwt_add_header(jwt, "kid", kid), 0);
	char *key = k ? priv_pem(k) : strdup(hmac_key);
	assert_int_equal(jwt_set_alg(jwt, k ? JWT_ALG_RS256 : JWT_ALG_HS256, (const unsigned char *)key,
	    (int)strlen(key)), 0);
	char *tok = jwt_encode_str(jwt);
	assert_non_null(tok);
	jwt_free(jwt);
	free(key);
	return tok;
}

/* The claims of a good ID token, with the members of extra (JSON object
 * members, without braces) added or replacing the good ones. malloc'd. */
static char *
claims_with(const char *extra)
{
	char base[512], more[512];
	snprintf(base, sizeof(base),
	    "{\"iss\":\"" ISSUER "\",\"sub\":\"user-1\",\"aud\":\"" CLIENT "\",\"exp\":%lld,\"iat\":%lld,"
	    "\"nonce\":\"" NONCE "\",\"email\":\"sales@demo.hearth\",\"email_verified\":true}",
	    (long long)NOW + 300, (long long)NOW - 5);
	json_object *o = json_tokener_parse(base);
	assert_non_null(o);
	if (extra != NULL) {
		snprintf(more, sizeof(more), "{%s}", extra);
		json_object *x = json_tokener_parse(more);
		assert_non_null(x);
		json_object_object_foreach(x, k, v)
			json_object_object_add(o, k, json_object_get(v));
		json_object_put(x);
	}
	/* libjwt's jansson refuses a null grant: a null member means "absent". */
	json_object *out = json_object_new_object();
	json_object_object_foreach(o, k2, v2)
		if (v2 != NULL)
			json_object_object_add(out, k2, json_object_get(v2));
	char *s = strdup(json_object_to_json_string_ext(out, JSON_C_TO_STRING_PLAIN));
	json_object_put(o);
	json_object_put(out);
	return s;
}

static const struct jwks_id_check CHECK = {
	.issuer = ISSUER, .client_id = CLIENT, .nonce = NONCE, .now = NOW, .leeway = 60, .max_age = 600,
};

/* The PEM that jwks.c makes from key k's JWK. */
static char *
pem_via_jwk(EVP_PKEY *k)
{
	char *n = b64_param(k, OSSL_PKEY_PARAM_RSA_N), *e = b64_param(k, OSSL_PKEY_PARAM_RSA_E);
	char *pem = jwks_rsa_pem(n, e);
	free(n);
	free(e);
	return pem;
}

static void
test_rsa_pem_matches_openssl(void **state)
{
	(void)state;
	char *mine = pem_via_jwk(key_a), *theirs = pub_pem(key_a);
	assert_non_null(mine);
	assert_string_equal(mine, theirs);
	assert_non_null(strstr(mine, "-----BEGIN PUBLIC KEY-----"));
	free(mine);
	free(theirs);
}

static void
test_rsa_pem_refuses_bad_input(void **state)
{
	(void)state;
	char *n = b64_param(key_a, OSSL_PKEY_PARAM_RSA_N);
	assert_null(jwks_rsa_pem(NULL, "AQAB"));
	assert_null(jwks_rsa_pem(n, NULL));
	assert_null(jwks_rsa_pem("not base64url!", "AQAB"));
	assert_null(jwks_rsa_pem(n, "AQAA"));            /* even exponent */
	assert_null(jwks_rsa_pem(n, "AQ"));              /* e = 1 */
	assert_null(jwks_rsa_pem(n, "AQIDBAUGBwgJ"));    /* e longer than 8 bytes */
	assert_null(jwks_rsa_pem("AQAB", "AQAB"));       /* a 17-bit modulus */
	char *small = pem_via_jwk(key_small);            /* 1024-bit: below JWKS_RSA_MIN_BITS */
	assert_null(small);
	free(n);
}

static void
test_parse_selects_rsa_signing_keys(void **state)
{
	(void)state;
	char *ja = jwk_of(key_a, "key-a"), *jb = jwk_of(key_b, "key-b"), *js = jwk_of(key_small, "small");
	char doc[8192];
	snprintf(doc, sizeof(doc),
	    "{\"keys\":[%s,{\"kty\":\"EC\",\"kid\":\"ec\",\"crv\":\"P-256\",\"x\":\"AA\",\"y\":\"AA\"},"
	    "{\"kty\":\"RSA\",\"kid\":\"enc\",\"use\":\"enc\",\"n\":\"AQAB\",\"e\":\"AQAB\"},%s,%s]}", ja, js, jb);
	struct jwks set;
	assert_int_equal(jwks_parse(doc, &set), 0);
	assert_int_equal(set.n, 2);
	char *pa = pub_pem(key_a), *pb = pub_pem(key_b);
	assert_string_equal(jwks_find(&set, "key-a"), pa);
	assert_string_equal(jwks_find(&set, "key-b"), pb);
	assert_null(jwks_find(&set, "ec"));
	assert_null(jwks_find(&set, "small"));
	assert_null(jwks_find(&set, "nope"));
	assert_null(jwks_find(&set, NULL));              /* two keys: a token must name one */
	jwks_clear(&set);

	snprintf(doc, sizeof(doc), "{\"keys\":[%s]}", ja);
	assert_int_equal(jwks_parse(doc, &set), 0);
	assert_string_equal(jwks_find(&set, NULL), pa);  /* the only key */
	jwks_clear(&set);
	free(ja);
	free(jb);
	free(js);
	free(pa);
	free(pb);
}

static void
test_parse_refuses_unusable_sets(void **state)
{
	(void)state;
	struct jwks set;
	assert_int_equal(jwks_parse("not json", &set), -1);
	assert_int_equal(jwks_parse("{}", &set), -1);
	assert_int_equal(jwks_parse("{\"keys\":{}}", &set), -1);
	assert_int_equal(jwks_parse("{\"keys\":[]}", &set), -1);
	assert_int_equal(jwks_parse("{\"keys\":[{\"kty\":\"oct\",\"k\":\"c2VjcmV0\"}]}", &set), -1);
	char *ja = jwk_of(key_a, "a"), doc[4096];
	/* An RSA key meant for another algorithm is not ours to use. */
	char *ps = strdup(ja);
	char *alg = strstr(ps, "RS256");
	memcpy(alg, "PS256", 5);
	snprintf(doc, sizeof(doc), "{\"keys\":[%s]}", ps);
	assert_int_equal(jwks_parse(doc, &set), -1);
	assert_int_equal(set.n, 0);
	free(ps);
	free(ja);
	assert_int_equal(jwks_parse(NULL, &set), -1);
}

static void
test_token_header(void **state)
{
	(void)state;
	char alg[16], kid[64];
	char *c = claims_with(NULL);
	char *tok = sign_token(key_a, NULL, "key-a", c);
	assert_int_equal(jwks_token_header(tok, alg, sizeof(alg), kid, sizeof(kid)), 0);
	assert_string_equal(alg, "RS256");
	assert_string_equal(kid, "key-a");
	free(tok);
	tok = sign_token(key_a, NULL, NULL, c);
	assert_int_equal(jwks_token_header(tok, alg, sizeof(alg), kid, sizeof(kid)), 0);
	assert_string_equal(kid, "");
	free(tok);
	/* {"alg":"RS256","crit":["exp"]} */
	char h[128], b[64];
	snprintf(h, sizeof(h), "{\"alg\":\"RS256\",\"crit\":[\"exp\"]}");
	crypto_b64url(b, (const unsigned char *)h, strlen(h));
	char t[160];
	snprintf(t, sizeof(t), "%s.e30.sig", b);
	assert_int_equal(jwks_token_header(t, alg, sizeof(alg), kid, sizeof(kid)), -1);
	assert_int_equal(jwks_token_header("nodots", alg, sizeof(alg), kid, sizeof(kid)), -1);
	assert_int_equal(jwks_token_header(".e30.", alg, sizeof(alg), kid, sizeof(kid)), -1);
	free(c);
}

/* The PEM that jwks.c made from a JWKS holding key_a verifies key_a's token. */
static void
test_verify_good_token(void **state)
{
	(void)state;
	char *ja = jwk_of(key_a, "key-a"), doc[4096];
	snprintf(doc, sizeof(doc), "{\"keys\":[%s]}", ja);
	struct jwks set;
	assert_int_equal(jwks_parse(doc, &set), 0);
	char *c = claims_with(NULL);
	char *tok = sign_token(key_a, NULL, "key-a", c);
	const char *why = NULL;
	json_object *claims = jwks_id_token_verify(tok, jwks_find(&set, "key-a"), &CHECK, &why);
	assert_non_null(claims);
	assert_null(why);
	json_object *v;
	assert_true(json_object_object_get_ex(claims, "email", &v));
	assert_string_equal(json_object_get_string(v), "sales@demo.hearth");
	json_object_put(claims);
	/* An aud array with us in it and azp naming us is fine too. */
	char *c2 = claims_with("\"aud\":[\"" CLIENT "\",\"other\"],\"azp\":\"" CLIENT "\",\"nbf\":1799999990");
	char *tok2 = sign_token(key_a, NULL, "key-a", c2);
	claims = jwks_id_token_verify(tok2, jwks_find(&set, "key-a"), &CHECK, &why);
	assert_non_null(claims);
	json_object_put(claims);
	jwks_clear(&set);
	free(tok);
	free(tok2);
	free(c);
	free(c2);
	free(ja);
}

/* A token from another key, with the same kid, is refused. */
static void
test_verify_wrong_key(void **state)
{
	(void)state;
	char *pem_a = pem_via_jwk(key_a);
	char *c = claims_with(NULL);
	char *tok = sign_token(key_b, NULL, "key-a", c);
	const char *why = NULL;
	assert_null(jwks_id_token_verify(tok, pem_a, &CHECK, &why));
	assert_non_null(why);
	assert_non_null(strstr(why, "signature"));
	free(tok);
	free(c);
	free(pem_a);
}

/* A signed token whose payload was changed afterwards is refused. */
static void
test_verify_tampered_payload(void **state)
{
	(void)state;
	char *pem_a = pem_via_jwk(key_a);
	char *c = claims_with(NULL);
	char *tok = sign_token(key_a, NULL, "key-a", c);
	char *evil = claims_with("\"email\":\"admin@demo.hearth\"");
	char payload[1400];
	crypto_b64url(payload, (const unsigned char *)evil, strlen(evil));
	char *d1 = strchr(tok, '.'), *d2 = strchr(d1 + 1, '.');
	char forged[4096];
	snprintf(forged, sizeof(forged), "%.*s.%s%s", (int)(d1 - tok), tok, payload, d2);
	const char *why = NULL;
	assert_null(jwks_id_token_verify(forged, pem_a, &CHECK, &why));
	assert_non_null(strstr(why, "signature"));
	/* The untouched token passes: the refusal was the change. */
	json_object *ok = jwks_id_token_verify(tok, pem_a, &CHECK, &why);
	assert_non_null(ok);
	json_object_put(ok);
	free(tok);
	free(c);
	free(evil);
	free(pem_a);
}

/* The algorithm is pinned: HS256 keyed with the (public) PEM, and none. */
static void
test_verify_pinned_algorithm(void **state)
{
	(void)state;
	char *pem_a = pem_via_jwk(key_a);
	char *c = claims_with(NULL);
	const char *why = NULL;
	char *hs = sign_token(NULL, pem_a, "key-a", c);
	assert_null(jwks_id_token_verify(hs, pem_a, &CHECK, &why));
	assert_non_null(strstr(why, "RS256"));
	/* alg none, no signature */
	char h[64], p[1400], none[1500];
	crypto_b64url(h, (const unsigned char *)"{\"alg\":\"none\"}", 14);
	crypto_b64url(p, (const unsigned char *)c, strlen(c));
	snprintf(none, sizeof(none), "%s.%s.", h, p);
	why = NULL;
	assert_null(jwks_id_token_verify(none, pem_a, &CHECK, &why));
	assert_non_null(strstr(why, "RS256"));
	/* alg RS256 in the header, but no signature at all */
	crypto_b64url(h, (const unsigned char *)"{\"alg\":\"RS256\"}", 15);
	snprintf(none, sizeof(none), "%s.%s.", h, p);
	assert_null(jwks_id_token_verify(none, pem_a, &CHECK, &why));
	/* no key: never "verified" */
	char *tok = sign_token(key_a, NULL, "key-a", c);
	assert_null(jwks_id_token_verify(tok, "", &CHECK, &why));
	assert_null(jwks_id_token_verify(tok, NULL, &CHECK, &why));
	free(tok);
	free(hs);
	free(c);
	free(pem_a);
}

struct claim_case {
	const char *extra;     /* members that make the token wrong */
	const char *reason;    /* a word of the refusal */
};

static const struct claim_case claim_cases[] = {
	{ "\"iss\":\"https://evil.example.test\"", "issuer" },
	{ "\"iss\":\"" ISSUER "/\"", "issuer" },
	{ "\"aud\":\"someone-else\"", "client" },
	{ "\"aud\":[\"someone-else\"]", "client" },
	{ "\"aud\":[\"" CLIENT "\",\"other\"]", "azp" },
	{ "\"aud\":\"" CLIENT "\",\"azp\":\"other\"", "azp" },
	{ "\"aud\":42", "client" },
	{ "\"exp\":1799999900", "expired" },               /* NOW - 100, past the 60 s leeway */
	{ "\"exp\":\"1800000300\"", "expired" },           /* not a number */
	{ "\"iat\":1800000100", "future" },                /* NOW + 100 */
	{ "\"iat\":1799990000", "old" },                   /* ~2.8 h ago, max_age 600 */
	{ "\"nbf\":1800000100", "not valid yet" },
	{ "\"nonce\":\"another-nonce\"", "nonce" },
	{ "\"nonce\":\"" NONCE "x\"", "nonce" },
	{ "\"nonce\":null", "nonce" },
	{ "\"sub\":\"\"", "subject" },
	{ "\"sub\":7", "subject" },
};

static void
test_verify_claims_refused(void **state)
{
	(void)state;
	char *pem_a = pem_via_jwk(key_a);
	for (size_t i = 0; i < sizeof(claim_cases) / sizeof(claim_cases[0]); i++) {
		char *c = claims_with(claim_cases[i].extra);
		char *tok = sign_token(key_a, NULL, "key-a", c);
		const char *why = NULL;
		json_object *claims = jwks_id_token_verify(tok, pem_a, &CHECK, &why);
		if (claims != NULL || why == NULL || strstr(why, claim_cases[i].reason) == NULL)
			fail_msg("case %zu (%s): %s", i, claim_cases[i].extra, why ? why : "accepted");
		free(tok);
		free(c);
	}
	/* exp and iat are required. */
	char c[512];
	snprintf(c, sizeof(c), "{\"iss\":\"" ISSUER "\",\"sub\":\"u\",\"aud\":\"" CLIENT "\",\"iat\":%lld,"
	    "\"nonce\":\"" NONCE "\"}", (long long)NOW);
	char *tok = sign_token(key_a, NULL, "key-a", c);
	const char *why = NULL;
	assert_null(jwks_id_token_verify(tok, pem_a, &CHECK, &why));
	assert_non_null(strstr(why, "expired"));
	free(tok);
	snprintf(c, sizeof(c), "{\"iss\":\"" ISSUER "\",\"sub\":\"u\",\"aud\":\"" CLIENT "\",\"exp\":%lld,"
	    "\"nonce\":\"" NONCE "\"}", (long long)NOW + 100);
	tok = sign_token(key_a, NULL, "key-a", c);
	assert_null(jwks_id_token_verify(tok, pem_a, &CHECK, &why));
	assert_non_null(strstr(why, "issue time"));
	free(tok);
	/* A wrong expected nonce (the cookie's) refuses a right token. */
	char *good = claims_with(NULL);
	tok = sign_token(key_a, NULL, "key-a", good);
	struct jwks_id_check other = CHECK;
	other.nonce = "the-nonce-of-another-sign-in";
	assert_null(jwks_id_token_verify(tok, pem_a, &other, &why));
	assert_non_null(strstr(why, "nonce"));
	other = CHECK;
	other.client_id = "another-client";
	assert_null(jwks_id_token_verify(tok, pem_a, &other, &why));
	other = CHECK;
	other.now = NOW + 400;                           /* exp NOW+300, leeway 60 */
	assert_null(jwks_id_token_verify(tok, pem_a, &other, &why));
	assert_non_null(strstr(why, "expired"));
	other.now = NOW + 350;                           /* within the leeway */
	json_object *ok = jwks_id_token_verify(tok, pem_a, &other, &why);
	assert_non_null(ok);
	json_object_put(ok);
	free(tok);
	free(good);
	free(pem_a);
}

/* The cache refuses to call anything but https (or loopback http), and
 * says why rather than crash. */
static void
test_cache_refuses_bad_uri(void **state)
{
	(void)state;
	char why[256];
	assert_null(jwks_key_for("http://203.0.113.9/jwks", "k", why, sizeof(why)));
	assert_non_null(strstr(why, "https"));
	assert_null(jwks_key_for("file:///etc/passwd", "k", why, sizeof(why)));
	assert_non_null(strstr(why, "https"));
	jwks_cache_clear();
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rsa_pem_matches_openssl),
		cmocka_unit_test(test_rsa_pem_refuses_bad_input),
		cmocka_unit_test(test_parse_selects_rsa_signing_keys),
		cmocka_unit_test(test_parse_refuses_unusable_sets),
		cmocka_unit_test(test_token_header),
		cmocka_unit_test(test_verify_good_token),
		cmocka_unit_test(test_verify_wrong_key),
		cmocka_unit_test(test_verify_tampered_payload),
		cmocka_unit_test(test_verify_pinned_algorithm),
		cmocka_unit_test(test_verify_claims_refused),
		cmocka_unit_test(test_cache_refuses_bad_uri),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
