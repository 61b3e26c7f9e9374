/* jwks.c: JWKS → PEM (OpenSSL 3: EVP_PKEY_fromdata from n and e), the
 * per-worker key cache, and the ID token checks libjwt 1.10 leaves to us
 * (it verifies the signature only: not the algorithm we expect, not exp,
 * iss, aud or nonce; LIBRARY-NOTES). */
#include <errno.h>
#include <jwt.h>
#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>
#include <openssl/pem.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "crypto.h"
#include "http.h"
#include "jwks.h"

#define JWKS_MAX_MODULUS_BYTES 2048    /* 16384-bit keys */
#define JWKS_MAX_TOKEN         16384

char *
jwks_rsa_pem(const char *n, const char *e)
{
	unsigned char nb[JWKS_MAX_MODULUS_BYTES + 1], eb[16];
	char *out = NULL;
	if (n == NULL || e == NULL)
		return NULL;
	long nl = crypto_unb64url(nb, sizeof(nb), n, strlen(n));
	long el = crypto_unb64url(eb, sizeof(eb), e, strlen(e));
	if (nl <= 0 || el <= 0 || el > 8)
		return NULL;
	BIGNUM *bn = BN_bin2bn(nb, (int)nl, NULL);
	BIGNUM *be = BN_bin2bn(eb, (int)el, NULL);
	OSSL_PARAM_BLD *bld = NULL;
	OSSL_PARAM *params = NULL;
	EVP_PKEY_CTX *ctx = NULL;
	EVP_PKEY *pkey = NULL;
	BIO *bio = NULL;
	if (bn == NULL || be == NULL)
		goto done;
	/* A usable RSA public exponent is odd and at least 3; the modulus long
	 * enough to mean something. */
	if (BN_num_bits(bn) < JWKS_RSA_MIN_BITS || !BN_is_odd(be) || BN_cmp(be, BN_value_one()) <= 0)
		goto done;
	if ((bld = OSSL_PARAM_BLD_new()) == NULL ||
	    !OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_N, bn) ||
	    !OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_E, be) ||
	    (params = OSSL_PARAM_BLD_to_param(bld)) == NULL)
		goto done;
	if ((ctx = EVP_PKEY_CTX_new_from_name(NULL, "RSA", NULL)) == NULL ||
	    EVP_PKEY_fromdata_init(ctx) <= 0 ||
	    EVP_PKEY_fromdata(ctx, &pkey, EVP_PKEY_PUBLIC_KEY, params) <= 0)
		goto done;
	if ((bio = BIO_new(BIO_s_mem())) == NULL || !PEM_write_bio_PUBKEY(bio, pkey))
		goto done;
	char *p = NULL;
	long len = BIO_get_mem_data(bio, &p);
	if (len > 0 && (out = malloc((size_t)len + 1)) != NULL) {
		memcpy(out, p, (size_t)len);
		out[len] = '\0';
	}
done:
	BIO_free(bio);
	EVP_PKEY_free(pkey);
	EVP_PKEY_CTX_free(ctx);
	OSSL_PARAM_free(params);
	OSSL_PARAM_BLD_free(bld);
	BN_free(bn);
	BN_free(be);
	return out;
}

static const char *
str_member(json_object *o, const char *key)
{
	json_object *v;
	if (!json_object_object_get_ex(o, key, &v) || !json_object_is_type(v, json_type_string))
		return NULL;
	return json_object_get_string(v);
}

void
jwks_clear(struct jwks *set)
{
	for (size_t i = 0; i < set->n; i++) {
		free(set->keys[i].kid);
		free(set->keys[i].pem);
	}
	free(set->keys);
	set->keys = NULL;
	set->n = 0;
}

int
jwks_parse(const char *json, struct jwks *set)
{
	set->keys = NULL;
	set->n = 0;
	json_object *doc = json ? json_tokener_parse(json) : NULL, *keys;
	if (doc == NULL || !json_object_object_get_ex(doc, "keys", &keys) ||
	    !json_object_is_type(keys, json_type_array)) {
		json_object_put(doc);
		return -1;
	}
	size_t n = json_object_array_length(keys);
	if (n > 100)
		n = 100;
	set->keys = calloc(n ? n : 1, sizeof(*set->keys));
	if (set->keys == NULL) {
		json_object_put(doc);
		return -1;
	}
	for (size_t i = 0; i < n; i++) {
		json_object *k = json_object_array_get_idx(keys, i);
		const char *kty = str_member(k, "kty"), *use = str_member(k, "use");
		const char *alg = str_member(k, "alg"), *kid = str_member(k, "kid");
		if (kty == NULL || strcmp(kty, "RSA") != 0 || (use != NULL && strcmp(use, "sig") != 0) ||
		    (alg != NULL && strcmp(alg, "RS256") != 0))
			continue;
		char *pem = jwks_rsa_pem(str_member(k, "n"), str_member(k, "e"));
		char *kd = strdup(kid ? kid : "");
		if (pem == NULL || kd == NULL) {
			free(pem);
			free(kd);
			continue;
		}
		set->keys[set->n].kid = kd;
		set->keys[set->n].pem = pem;
		set->n++;
	}
	json_object_put(doc);
	if (set->n == 0) {
		jwks_clear(set);
		return -1;
	}
	return 0;
}

const char *
jwks_find(const struct jwks *set, const char *kid)
{
	if (kid == NULL || *kid == '\0')
		return set->n == 1 ? set->keys[0].pem : NULL;
	for (size_t i = 0; i < set->n; i++)
		if (strcmp(set->keys[i].kid, kid) == 0)
			return set->keys[i].pem;
	return NULL;
}

/* ---- the per-worker cache ---- */

static struct {
	char        *uri;
	struct jwks  set;
	time_t       fetched;     /* last successful fetch */
	time_t       tried;       /* last attempt */
} cache;

void
jwks_cache_clear(void)
{
	free(cache.uri);
	jwks_clear(&cache.set);
	memset(&cache, 0, sizeof(cache));
}

/* Fetch uri into the cache; on failure the old set stays. 0 ok. */
static int
cache_fetch(const char *uri, time_t now, char *why, size_t whylen)
{
	static const char *const headers[] = { "Accept: application/jwk-set+json, application/json", NULL };
	struct http_resp resp;
	struct jwks set;
	cache.tried = now;
	if (http_get(uri, headers, &resp) != 0) {
		snprintf(why, whylen, "the provider's keys could not be fetched: %s", resp.error);
		http_resp_free(&resp);
		return -1;
	}
	if (resp.status != 200) {
		snprintf(why, whylen, "the provider's keys answered HTTP %ld", resp.status);
		http_resp_free(&resp);
		return -1;
	}
	int rc = jwks_parse(resp.body.data, &set);
	http_resp_free(&resp);
	if (rc != 0) {
		snprintf(why, whylen, "the provider's key set has no usable RS256 key");
		return -1;
	}
	jwks_clear(&cache.set);
	cache.set = set;
	cache.fetched = now;
	return 0;
}

char *
jwks_key_for(const char *jwks_uri, const char *kid, char *why, size_t whylen)
{
	time_t now = time(NULL);
	if (why != NULL && whylen > 0)
		why[0] = '\0';
	if (cache.uri == NULL || strcmp(cache.uri, jwks_uri) != 0) {
		jwks_cache_clear();
		if ((cache.uri = strdup(jwks_uri)) == NULL)
			return NULL;
	}
	if (cache.set.n == 0 || now - cache.fetched >= JWKS_TTL) {
		if (now - cache.tried >= 1 || cache.set.n == 0)
			cache_fetch(jwks_uri, now, why, whylen);
	}
	const char *pem = jwks_find(&cache.set, kid);
	if (pem == NULL && cache.set.n > 0 && now - cache.tried >= JWKS_REFRESH_MIN) {
		/* A key we have not seen: the provider may have rotated. */
		if (cache_fetch(jwks_uri, now, why, whylen) == 0)
			pem = jwks_find(&cache.set, kid);
	}
	if (pem == NULL) {
		if (why != NULL && why[0] == '\0')
			snprintf(why, whylen, "the token's key (kid %.64s) is not in the provider's key set",
			    kid && *kid ? kid : "none");
		return NULL;
	}
	return strdup(pem);
}

/* ---- ID tokens ---- */

int
jwks_token_header(const char *token, char *alg, size_t alen, char *kid, size_t klen)
{
	unsigned char raw[2048];
	if (token == NULL)
		return -1;
	const char *dot = strchr(token, '.');
	if (dot == NULL || dot == token)
		return -1;
	long n = crypto_unb64url(raw, sizeof(raw) - 1, token, (size_t)(dot - token));
	if (n <= 0)
		return -1;
	raw[n] = '\0';
	json_object *h = json_tokener_parse((const char *)raw);
	if (h == NULL || !json_object_is_type(h, json_type_object)) {
		json_object_put(h);
		return -1;
	}
	const char *a = str_member(h, "alg"), *k = str_member(h, "kid");
	/* "crit" names extensions we would have to understand: we understand none. */
	int rc = a != NULL && !json_object_object_get_ex(h, "crit", NULL) && strlen(a) < alen &&
	    (k == NULL || strlen(k) < klen) ? 0 : -1;
	if (rc == 0) {
		snprintf(alg, alen, "%s", a);
		snprintf(kid, klen, "%s", k ? k : "");
	}
	json_object_put(h);
	return rc;
}

/* A NumericDate claim: 1 and *out when present as a number. */
static int
num_claim(json_object *claims, const char *key, long long *out)
{
	json_object *v;
	if (!json_object_object_get_ex(claims, key, &v) || v == NULL)
		return 0;
	if (json_object_is_type(v, json_type_int))
		*out = json_object_get_int64(v);
	else if (json_object_is_type(v, json_type_double))
		*out = (long long)json_object_get_double(v);
	else
		return 0;
	return 1;
}

static const char *
aud_check(json_object *claims, const char *client_id)
{
	json_object *aud;
	const char *azp = str_member(claims, "azp");
	int several = 0, found = 0;
	if (!json_object_object_get_ex(claims, "aud", &aud) || aud == NULL)
		return "the token has no audience";
	if (json_object_is_type(aud, json_type_string)) {
		found = strcmp(json_object_get_string(aud), client_id) == 0;
	} else if (json_object_is_type(aud, json_type_array)) {
		size_t n = json_object_array_length(aud);
		several = n > 1;
		for (size_t i = 0; i < n; i++) {
			json_object *a = json_object_array_get_idx(aud, i);
			if (json_object_is_type(a, json_type_string) && strcmp(json_object_get_string(a), client_id) == 0)
				found = 1;
		}
	}
	if (!found)
		return "the token was issued for another client (aud)";
	if (several && azp == NULL)
		return "the token has several audiences and no azp";
	if (azp != NULL && strcmp(azp, client_id) != 0)
		return "the token was issued to another party (azp)";
	return NULL;
}

json_object *
jwks_id_token_verify(const char *token, const char *pem, const struct jwks_id_check *c, const char **why)
{
	char alg[32], kid[256];
	jwt_t *jwt = NULL;
	json_object *claims = NULL;
	const char *bad = NULL;
	*why = NULL;
	if (token == NULL || pem == NULL || *pem == '\0' || strlen(token) > JWKS_MAX_TOKEN ||
	    jwks_token_header(token, alg, sizeof(alg), kid, sizeof(kid)) != 0) {
		*why = "the ID token is malformed";
		return NULL;
	}
	/* Pinned before libjwt sees it: an HS256 token "signed" with our PEM
	 * as its HMAC key would pass jwt_decode. */
	if (strcmp(alg, "RS256") != 0) {
		*why = "the ID token is not signed with RS256";
		return NULL;
	}
	if (jwt_decode(&jwt, token, (const unsigned char *)pem, (int)strlen(pem)) != 0 || jwt == NULL) {
		*why = "the ID token's signature does not verify with the provider's key";
		return NULL;
	}
	if (jwt_get_alg(jwt) != JWT_ALG_RS256) {
		bad = "the ID token is not signed with RS256";
		goto out;
	}
	char *js = jwt_get_grants_json(jwt, NULL);
	claims = js ? json_tokener_parse(js) : NULL;
	free(js);
	if (claims == NULL || !json_object_is_type(claims, json_type_object)) {
		bad = "the ID token's claims are malformed";
		goto out;
	}
	const char *iss = str_member(claims, "iss"), *sub = str_member(claims, "sub");
	const char *nonce = str_member(claims, "nonce");
	long long exp, iat, nbf;
	long long now = (long long)c->now, leeway = c->leeway;
	if (iss == NULL || strcmp(iss, c->issuer) != 0)
		bad = "the ID token comes from another issuer";
	else if ((bad = aud_check(claims, c->client_id)) != NULL)
		;
	else if (!num_claim(claims, "exp", &exp) || exp + leeway <= now)
		bad = "the ID token has expired";
	else if (!num_claim(claims, "iat", &iat) || iat - leeway > now)
		bad = "the ID token's issue time is missing or in the future";
	else if (c->max_age > 0 && iat + c->max_age + leeway < now)
		bad = "the ID token is too old";
	else if (num_claim(claims, "nbf", &nbf) && nbf - leeway > now)
		bad = "the ID token is not valid yet";
	else if (nonce == NULL || c->nonce == NULL || !crypto_streq(nonce, c->nonce))
		bad = "the ID token's nonce does not match this sign-in";
	else if (sub == NULL || *sub == '\0' || strlen(sub) > 255)
		bad = "the ID token has no subject";
out:
	jwt_free(jwt);
	if (bad != NULL) {
		json_object_put(claims);
		*why = bad;
		return NULL;
	}
	return claims;
}
