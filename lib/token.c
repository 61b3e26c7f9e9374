/* token.c: HS256 JWTs with libjwt 1.10 (which checks no algorithm and no
 * time claim: we do, here and nowhere else), and CSRF MACs. */
#include <errno.h>
#include <jwt.h>
#include <string.h>
#include "arena.h"
#include "crypto.h"
#include "token.h"

#define CLOCK_SKEW 60

/* What each kind is: the key's derivation (NULL: the secret itself, so
 * session cookies issued before this module stay valid), the longest
 * token we accept, and the lifetime it may claim (0: exp alone decides). */
static const struct kind_spec {
	const char *derive;
	size_t      max_len;
	long        max_life;
} kinds[] = {
	[TOKEN_SESSION]     = { NULL,                 2048, 0 },
	[TOKEN_ACCESS]      = { "oauth-access-v1",    4096, 3600 },
	[TOKEN_MFA_PENDING] = { "mfa-pending-v1",     2048, 0 },
	[TOKEN_DEVICE]      = { "remember-device-v1", 2048, 0 },
	[TOKEN_OIDC_FLOW]   = { "oidc-flow-v1",       4096, 0 },
};
#define NKINDS (sizeof(kinds) / sizeof(kinds[0]))

static unsigned char secret[64];
static size_t secret_len;
static unsigned char keys[NKINDS][32];
/* CSRF MACs have a key of their own: the signed-out seed is the visitor's
 * to choose, so a MAC under the session key would sign what they chose. */
static unsigned char csrf_key[32];

int
token_init(const char *secret_hex)
{
	int n = crypto_unhex(secret, sizeof(secret), secret_hex ? secret_hex : "");
	if (n < 32) {
		explicit_bzero(secret, sizeof(secret));
		explicit_bzero(keys, sizeof(keys));
		explicit_bzero(csrf_key, sizeof(csrf_key));
		secret_len = 0;
		return -1;
	}
	secret_len = (size_t)n;
	for (size_t k = 0; k < NKINDS; k++)
		if (kinds[k].derive != NULL)
			crypto_hmac_sha256(secret, secret_len, kinds[k].derive, strlen(kinds[k].derive), keys[k]);
	crypto_hmac_sha256(secret, secret_len, "csrf-v1", 7, csrf_key);
	return 0;
}

static int
kind_key(enum token_kind kind, const unsigned char **key, int *len)
{
	if (secret_len < 32 || (size_t)kind >= NKINDS)
		return -1;         /* a NULL or empty key would accept any token: never */
	if (kinds[kind].derive == NULL) {
		*key = secret;
		*len = (int)secret_len;
	} else {
		*key = keys[kind];
		*len = 32;
	}
	return 0;
}

char *
token_sign(enum token_kind kind, const struct token_claim *claims, size_t n, time_t now, time_t exp)
{
	const unsigned char *key;
	int klen;
	jwt_t *jwt = NULL;
	char *out = NULL;
	if (kind_key(kind, &key, &klen) != 0 || jwt_new(&jwt) != 0)
		return NULL;
	int ok = 1;
	for (size_t i = 0; ok && i < n; i++)
		ok = claims[i].str != NULL ? jwt_add_grant(jwt, claims[i].name, claims[i].str) == 0
		                           : jwt_add_grant_int(jwt, claims[i].name, (long)claims[i].num) == 0;
	if (ok && jwt_add_grant_int(jwt, "iat", (long)now) == 0 && jwt_add_grant_int(jwt, "exp", (long)exp) == 0 &&
	    jwt_set_alg(jwt, JWT_ALG_HS256, key, klen) == 0)
		out = jwt_encode_str(jwt);
	jwt_free(jwt);
	return out;
}

/* An integer claim: 0 and *v, or -1 when absent (or not a number). */
static int
int_claim(jwt_t *jwt, const char *name, long *v)
{
	errno = 0;
	*v = jwt_get_grant_int(jwt, name);
	return errno == ENOENT || errno == EINVAL ? -1 : 0;
}

/* The time claims, as the kind asks. 1 if they hold at now. */
static int
times_ok(jwt_t *jwt, const struct kind_spec *spec, time_t now)
{
	long exp, nbf, iat;
	if (int_claim(jwt, "exp", &exp) != 0 || exp <= (long)now)
		return 0;
	if (int_claim(jwt, "nbf", &nbf) == 0 && nbf > (long)now)
		return 0;
	int has_iat = int_claim(jwt, "iat", &iat) == 0;
	if (has_iat && iat > (long)now + CLOCK_SKEW)
		return 0;
	if (spec->max_life > 0 && (!has_iat || exp - iat > spec->max_life))
		return 0;
	return 1;
}

/* header.payload.signature, each part non-empty base64url without
 * padding and of a length base64 can have. libjwt 1.10 decodes an empty
 * part into a 0-byte buffer and writes past it (valgrind: invalid write
 * in jwt_b64_decode for "a..b"), so nothing else reaches jwt_decode. */
static int
token_shape_ok(const char *token)
{
	int parts = 0;
	const char *p = token;
	for (;;) {
		size_t n = strspn(p, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_");
		if (n == 0 || n % 4 == 1)
			return 0;
		parts++;
		p += n;
		if (*p == '\0')
			return parts == 3;
		if (*p != '.' || parts == 3)
			return 0;
		p++;
	}
}

int
token_verify(enum token_kind kind, const char *token, time_t now, struct token *t)
{
	const unsigned char *key;
	int klen;
	jwt_t *jwt = NULL;
	t->jwt = NULL;
	if (token == NULL || *token == '\0' || kind_key(kind, &key, &klen) != 0 ||
	    strlen(token) > kinds[kind].max_len || !token_shape_ok(token))
		return -1;
	if (jwt_decode(&jwt, token, key, klen) != 0 || jwt == NULL)
		return -1;
	if (jwt_get_alg(jwt) != JWT_ALG_HS256 || !times_ok(jwt, &kinds[kind], now)) {
		jwt_free(jwt);
		return -1;
	}
	t->jwt = jwt;
	return 0;
}

void
token_window(const struct token *t, time_t *from, time_t *until)
{
	long exp = 0, nbf = 0, iat = 0;
	*from = 0;
	*until = 0;
	if (t->jwt == NULL || int_claim(t->jwt, "exp", &exp) != 0)
		return;
	*until = (time_t)exp;
	if (int_claim(t->jwt, "nbf", &nbf) == 0)
		*from = (time_t)nbf;
	if (int_claim(t->jwt, "iat", &iat) == 0 && (time_t)(iat - CLOCK_SKEW) > *from)
		*from = (time_t)(iat - CLOCK_SKEW);
}

const char *
token_str(const struct token *t, const char *name)
{
	return t->jwt != NULL ? jwt_get_grant((jwt_t *)t->jwt, name) : NULL;
}

void
token_done(struct token *t)
{
	jwt_free((jwt_t *)t->jwt);
	t->jwt = NULL;
}

int
token_csrf(const char *seed, char out[48])
{
	unsigned char mac[32];
	out[0] = '\0';
	if (secret_len < 32 || seed == NULL)
		return -1;
	crypto_hmac_sha256(csrf_key, sizeof(csrf_key), seed, strlen(seed), mac);
	crypto_b64url(out, mac, sizeof(mac));
	return 0;
}

const char *
token_random(struct arena *a, size_t n)
{
	unsigned char rnd[48];
	char out[72];
	if (n > sizeof(rnd) || crypto_random(rnd, n) != 0)
		return NULL;
	crypto_b64url(out, rnd, n);
	return arena_strdup(a, out);
}
