/* password.c: scrypt (RFC 7914) via OpenSSL, stored as a PHC string so the
 * parameters travel with the hash and can be raised later (rehash on sign-in). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <openssl/evp.h>
#include "arena.h"
#include "crypto.h"
#include "password.h"

#define PW_LN    15          /* N = 2^15: ~32 MiB, ~0.1 s on this class of machine */
#define PW_R     8
#define PW_P     1
#define PW_SALT  16
#define PW_KEY   32
#define PW_MAXMEM (256ull << 20)

static int
scrypt_derive(const char *pw, const unsigned char *salt, size_t saltlen,
              int ln, int r, int p, unsigned char *key, size_t keylen)
{
	return EVP_PBE_scrypt(pw, strlen(pw), salt, saltlen, (uint64_t)1 << ln,
	    (uint64_t)r, (uint64_t)p, PW_MAXMEM, key, keylen) == 1 ? 0 : -1;
}

char *
password_hash(const char *pw)
{
	unsigned char salt[PW_SALT], key[PW_KEY];
	if (crypto_random(salt, sizeof(salt)) != 0 ||
	    scrypt_derive(pw, salt, sizeof(salt), PW_LN, PW_R, PW_P, key, sizeof(key)) != 0)
		return NULL;
	char s64[64], k64[64];
	crypto_b64(s64, salt, sizeof(salt));
	crypto_b64(k64, key, sizeof(key));
	char *out = malloc(160);
	if (out == NULL)
		return NULL;
	snprintf(out, 160, "$scrypt$ln=%d,r=%d,p=%d$%s$%s", PW_LN, PW_R, PW_P, s64, k64);
	return out;
}

struct phc { int ln, r, p; unsigned char salt[64]; long saltlen; unsigned char key[64]; long keylen; };

static int
phc_parse(const char *phc, struct phc *out)
{
	char s64[100], k64[100];
	if (strlen(phc) > 250)
		return -1;
	if (sscanf(phc, "$scrypt$ln=%d,r=%d,p=%d$%99[^$]$%99s", &out->ln, &out->r, &out->p, s64, k64) != 5)
		return -1;
	if (out->ln < 1 || out->ln > 20 || out->r < 1 || out->r > 32 || out->p < 1 || out->p > 16)
		return -1;
	out->saltlen = crypto_unb64(out->salt, sizeof(out->salt), s64, strlen(s64));
	out->keylen = crypto_unb64(out->key, sizeof(out->key), k64, strlen(k64));
	return (out->saltlen >= 8 && out->keylen >= 16) ? 0 : -1;
}

int
password_verify(const char *pw, const char *phc)
{
	struct phc h;
	unsigned char key[64];
	if (pw == NULL || phc == NULL || phc_parse(phc, &h) != 0)
		return 0;
	if (scrypt_derive(pw, h.salt, (size_t)h.saltlen, h.ln, h.r, h.p, key, (size_t)h.keylen) != 0)
		return 0;
	return crypto_eq(key, h.key, (size_t)h.keylen);
}

int
password_needs_rehash(const char *phc)
{
	struct phc h;
	if (phc_parse(phc, &h) != 0)
		return 1;
	return h.ln != PW_LN || h.r != PW_R || h.p != PW_P || h.keylen != PW_KEY;
}

const char *
password_hash_in(struct arena *a, const char *password)
{
	char *h = password_hash(password);
	const char *out = h ? arena_strdup(a, h) : NULL;
	free(h);
	return out;
}
