/* jwks: an OpenID provider's signing keys (a JWKS document) as the PEM
 * public keys libjwt takes, and the checks of an ID token signed with one
 * of them. Only RSA signing keys, only RS256: the algorithm is pinned, so
 * a token that names another one (none, HS256 keyed with the public PEM)
 * is refused whatever its signature. */
#ifndef HEARTH_JWKS_H
#define HEARTH_JWKS_H

#include <stddef.h>
#include <time.h>
#include <json-c/json.h>

#define JWKS_TTL          3600   /* s a fetched key set is used */
#define JWKS_REFRESH_MIN  10     /* s between fetches for an unknown kid */
#define JWKS_RSA_MIN_BITS 2048

/* An RSA public key from a JWK's n and e (base64url, RFC 7518 §6.3.1) as a
 * PEM SubjectPublicKeyInfo ("BEGIN PUBLIC KEY"). malloc'd; NULL when n or
 * e is malformed, or the modulus is shorter than JWKS_RSA_MIN_BITS. */
char *jwks_rsa_pem(const char *n, const char *e);

struct jwks_key {
	char *kid;        /* "" when the JWK has none */
	char *pem;
};

struct jwks {
	struct jwks_key *keys;
	size_t           n;
};

/* The RSA signing keys of a JWKS document (kty RSA; use absent or "sig";
 * alg absent or RS256); others are skipped. 0 with at least one key, -1
 * otherwise (set is empty then). Free with jwks_clear. */
int jwks_parse(const char *json, struct jwks *set);
void jwks_clear(struct jwks *set);
/* The PEM of the key with this kid; with kid NULL or "", the set's only
 * key (NULL when it has several). */
const char *jwks_find(const struct jwks *set, const char *kid);

/* The key for kid from the provider's jwks_uri, cached per worker: fetched
 * on first use, after JWKS_TTL, and again when kid is not in the cached
 * set (at most once every JWKS_REFRESH_MIN s, so a stream of made-up kids
 * cannot make us hammer the provider). malloc'd PEM, or NULL with why. */
char *jwks_key_for(const char *jwks_uri, const char *kid, char *why, size_t whylen);
/* Forget the cached set (tests). */
void jwks_cache_clear(void);

/* alg and kid from a compact JWT's header (kid "" when absent). 0 ok. */
int jwks_token_header(const char *token, char *alg, size_t alen, char *kid, size_t klen);

/* What an ID token must satisfy (OpenID Connect Core §3.1.3.7). */
struct jwks_id_check {
	const char *issuer;       /* iss must be exactly this */
	const char *client_id;    /* in aud; azp (if present, or if aud has several) equals it */
	const char *nonce;        /* must equal the token's nonce */
	time_t      now;
	long        leeway;       /* s of clock skew allowed on exp, iat, nbf */
	long        max_age;      /* s: iat no older than this (0: not checked) */
};

/* Verify token with the RSA public key pem: RS256 only, signature, iss,
 * aud/azp, exp (required), iat (required), nbf, nonce (constant-time),
 * sub present. The claims as a json-c object (caller puts it), or NULL
 * with *why a short static reason. */
json_object *jwks_id_token_verify(const char *token, const char *pem,
                                  const struct jwks_id_check *check, const char **why);

#endif
