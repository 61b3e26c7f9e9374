/* crypto.c: random bytes, encodings, SHA-256, HMAC and AES-256-GCM over OpenSSL. */
#include <string.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>
#include "config.h"
#include "crypto.h"

int
crypto_random(void *out, size_t n)
{
	return RAND_bytes(out, (int)n) == 1 ? 0 : -1;
}

void
crypto_hex(char *out, const unsigned char *in, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	for (size_t i = 0; i < n; i++) {
		out[2 * i] = hex[in[i] >> 4];
		out[2 * i + 1] = hex[in[i] & 15];
	}
	out[2 * n] = '\0';
}

static int
hexval(char c)
{
	if (c >= '0' && c <= '9') return c - '0';
	if (c >= 'a' && c <= 'f') return c - 'a' + 10;
	if (c >= 'A' && c <= 'F') return c - 'A' + 10;
	return -1;
}

int
crypto_unhex(unsigned char *out, size_t outcap, const char *hex)
{
	size_t n = strlen(hex);
	if (n % 2 || n / 2 > outcap)
		return -1;
	for (size_t i = 0; i < n / 2; i++) {
		int hi = hexval(hex[2 * i]), lo = hexval(hex[2 * i + 1]);
		if (hi < 0 || lo < 0)
			return -1;
		out[i] = (unsigned char)(hi << 4 | lo);
	}
	return (int)(n / 2);
}

static const char B64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
static const char B64URL[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

static size_t
b64_encode(const char *alpha, char *out, const unsigned char *in, size_t n)
{
	size_t o = 0, i = 0;
	for (; i + 2 < n; i += 3) {
		unsigned v = (unsigned)in[i] << 16 | (unsigned)in[i + 1] << 8 | in[i + 2];
		out[o++] = alpha[v >> 18 & 63];
		out[o++] = alpha[v >> 12 & 63];
		out[o++] = alpha[v >> 6 & 63];
		out[o++] = alpha[v & 63];
	}
	if (n - i == 1) {
		unsigned v = (unsigned)in[i] << 16;
		out[o++] = alpha[v >> 18 & 63];
		out[o++] = alpha[v >> 12 & 63];
	} else if (n - i == 2) {
		unsigned v = (unsigned)in[i] << 16 | (unsigned)in[i + 1] << 8;
		out[o++] = alpha[v >> 18 & 63];
		out[o++] = alpha[v >> 12 & 63];
		out[o++] = alpha[v >> 6 & 63];
	}
	out[o] = '\0';
	return o;
}

static long
b64_decode(const char *alpha, unsigned char *out, size_t outcap, const char *in, size_t len)
{
	while (len > 0 && in[len - 1] == '=')
		len--;
	if (len % 4 == 1)
		return -1;
	size_t o = 0;
	unsigned v = 0;
	int bits = 0;
	for (size_t i = 0; i < len; i++) {
		const char *p = in[i] ? strchr(alpha, in[i]) : NULL;
		if (p == NULL)
			return -1;
		v = v << 6 | (unsigned)(p - alpha);
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			if (o >= outcap)
				return -1;
			out[o++] = (unsigned char)(v >> bits & 0xff);
		}
	}
	return (long)o;
}

size_t crypto_b64url(char *out, const unsigned char *in, size_t n) { return b64_encode(B64URL, out, in, n); }
size_t crypto_b64(char *out, const unsigned char *in, size_t n) { return b64_encode(B64, out, in, n); }
long crypto_unb64url(unsigned char *out, size_t cap, const char *in, size_t len) { return b64_decode(B64URL, out, cap, in, len); }
long crypto_unb64(unsigned char *out, size_t cap, const char *in, size_t len) { return b64_decode(B64, out, cap, in, len); }

void
crypto_hmac_sha256(const void *key, size_t klen, const void *msg, size_t mlen, unsigned char out[32])
{
	unsigned int olen = 32;
	HMAC(EVP_sha256(), key, (int)klen, msg, mlen, out, &olen);
}

void
crypto_sha256(const void *data, size_t n, unsigned char out[32])
{
	unsigned int olen = 32;
	EVP_Digest(data, n, out, &olen, EVP_sha256(), NULL);
}

void
crypto_sha256_hex(const void *data, size_t n, char out[65])
{
	unsigned char d[32];
	crypto_sha256(data, n, d);
	crypto_hex(out, d, 32);
}

int
crypto_eq(const void *a, const void *b, size_t n)
{
	return CRYPTO_memcmp(a, b, n) == 0;
}

int
crypto_streq(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	/* Compare over the same length whatever the inputs, then the lengths. */
	unsigned char diff = la != lb;
	size_t n = la > lb ? la : lb;
	for (size_t i = 0; i < n; i++)
		diff |= (unsigned char)((i < la ? a[i] : 0) ^ (i < lb ? b[i] : 0));
	return diff == 0;
}

/* ---- AES-256-GCM ---- */

#define SEAL_NONCE 12
#define SEAL_TAG   16

long
crypto_seal(const unsigned char key[32], const void *aad, size_t aadlen, const void *in, size_t n,
            unsigned char *out, size_t outcap)
{
	if (outcap < n + CRYPTO_SEAL_OVERHEAD || n > (size_t)1 << 30)
		return -1;
	if (crypto_random(out, SEAL_NONCE) != 0)
		return -1;
	EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();
	int len = 0, fin = 0;
	long rc = -1;
	if (ctx == NULL)
		return -1;
	if (EVP_EncryptInit_ex(ctx, EVP_aes_256_gcm(), NULL, NULL, NULL) == 1 &&
	    EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_SET_IVLEN, SEAL_NONCE, NULL) == 1 &&
	    EVP_EncryptInit_ex(ctx, NULL, NULL, key, out) == 1 &&
	    (aadlen == 0 || EVP_EncryptUpdate(ctx, NULL, &len, aad, (int)aadlen) == 1) &&
	    EVP_EncryptUpdate(ctx, out + SEAL_NONCE, &len, in, (int)n) == 1 &&
	    EVP_EncryptFinal_ex(ctx, out + SEAL_NONCE + len, &fin) == 1 &&
	    EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_GET_TAG, SEAL_TAG, out + SEAL_NONCE + len + fin) == 1)
		rc = SEAL_NONCE + len + fin + SEAL_TAG;
	EVP_CIPHER_CTX_free(ctx);
	return rc;
}

long
crypto_open(const unsigned char key[32], const void *aad, size_t aadlen, const unsigned char *in,
            size_t n, unsigned char *out, size_t outcap)
{
	if (n < CRYPTO_SEAL_OVERHEAD || outcap < n - CRYPTO_SEAL_OVERHEAD)
		return -1;
	size_t clen = n - CRYPTO_SEAL_OVERHEAD;
	unsigned char tag[SEAL_TAG];
	memcpy(tag, in + n - SEAL_TAG, SEAL_TAG);
	EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();
	int len = 0, fin = 0;
	long rc = -1;
	if (ctx == NULL)
		return -1;
	if (EVP_DecryptInit_ex(ctx, EVP_aes_256_gcm(), NULL, NULL, NULL) == 1 &&
	    EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_SET_IVLEN, SEAL_NONCE, NULL) == 1 &&
	    EVP_DecryptInit_ex(ctx, NULL, NULL, key, in) == 1 &&
	    (aadlen == 0 || EVP_DecryptUpdate(ctx, NULL, &len, aad, (int)aadlen) == 1) &&
	    EVP_DecryptUpdate(ctx, out, &len, in + SEAL_NONCE, (int)clen) == 1 &&
	    EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_SET_TAG, SEAL_TAG, tag) == 1 &&
	    EVP_DecryptFinal_ex(ctx, out + len, &fin) == 1)
		rc = len + fin;
	EVP_CIPHER_CTX_free(ctx);
	if (rc < 0)
		OPENSSL_cleanse(out, clen);   /* nothing of a forged value is left behind */
	return rc;
}

int
crypto_secret_key(unsigned char key[32])
{
	const char *hex = config_get("secret_key", "");
	if (strlen(hex) != 64 || crypto_unhex(key, 32, hex) != 32)
		return -1;
	return 0;
}
