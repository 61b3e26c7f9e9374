/* sealed.c: see sealed.h. */
#include <string.h>
#include "crypto.h"
#include "log.h"
#include "sealed.h"

const char *
sealed_seal(struct arena *a, const char *aad, const char *plain)
{
	unsigned char key[32];
	size_t n = strlen(plain);
	if (n == 0)
		return "";
	if (crypto_secret_key(key) != 0) {
		log_info("sealed: no secret_key in the configuration: %s is stored unencrypted", aad);
		return plain;
	}
	unsigned char *sealed = arena_alloc(a, n + CRYPTO_SEAL_OVERHEAD);
	long m = crypto_seal(key, aad, strlen(aad), plain, n, sealed, n + CRYPTO_SEAL_OVERHEAD);
	explicit_bzero(key, sizeof(key));
	if (m < 0)
		return NULL;
	char *out = arena_alloc(a, sizeof(SEALED_PREFIX) + 4 * ((size_t)m / 3 + 1) + 1);
	strcpy(out, SEALED_PREFIX);
	crypto_b64url(out + strlen(SEALED_PREFIX), sealed, (size_t)m);
	return out;
}

const char *
sealed_open(struct arena *a, const char *aad, const char *stored)
{
	unsigned char key[32];
	size_t plen = strlen(SEALED_PREFIX);
	if (strncmp(stored, SEALED_PREFIX, plen) != 0)
		return stored;
	size_t n = strlen(stored + plen);
	unsigned char *raw = arena_alloc(a, n + 1);
	char *out = arena_alloc(a, n + 1);
	long m = crypto_unb64url(raw, n + 1, stored + plen, n);
	long k = -1;
	if (m > 0 && crypto_secret_key(key) == 0)
		k = crypto_open(key, aad, strlen(aad), raw, (size_t)m, (unsigned char *)out, n);
	explicit_bzero(key, sizeof(key));
	if (k < 0) {
		log_info("sealed: the stored %s does not open with this secret_key", aad);
		return "";
	}
	out[k] = '\0';
	return out;
}
