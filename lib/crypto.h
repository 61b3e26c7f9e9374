/* crypto: the small set of primitives the app needs, over OpenSSL. */
#ifndef HEARTH_CRYPTO_H
#define HEARTH_CRYPTO_H

#include <stddef.h>

int  crypto_random(void *out, size_t n);                      /* 0 ok, -1 failure */
void crypto_hex(char *out, const unsigned char *in, size_t n);    /* out: 2n+1 */
int  crypto_unhex(unsigned char *out, size_t outcap, const char *hex); /* bytes or -1 */
/* base64url without padding; out needs 4*ceil(n/3)+1. Returns length. */
size_t crypto_b64url(char *out, const unsigned char *in, size_t n);
/* Decode base64url (padding optional); returns bytes written or -1. */
long crypto_unb64url(unsigned char *out, size_t outcap, const char *in, size_t len);
/* Standard base64 (PHC strings use it without padding). */
size_t crypto_b64(char *out, const unsigned char *in, size_t n);
long crypto_unb64(unsigned char *out, size_t outcap, const char *in, size_t len);
void crypto_hmac_sha256(const void *key, size_t klen, const void *msg, size_t mlen,
                        unsigned char out[32]);
void crypto_sha256(const void *data, size_t n, unsigned char out[32]);
void crypto_sha256_hex(const void *data, size_t n, char out[65]);
int  crypto_eq(const void *a, const void *b, size_t n);       /* constant time; 1 if equal */
int  crypto_streq(const char *a, const char *b);              /* constant time over the longer */

/* AES-256-GCM for secrets at rest. crypto_seal writes nonce (12 random
 * bytes, fresh each call) ‖ ciphertext ‖ tag (16): n + CRYPTO_SEAL_OVERHEAD
 * bytes. aad (e.g. the owner's id) is authenticated, not stored: a sealed
 * value copied to another owner does not open. Both return the length
 * written, or -1 (crypto_open: also when anything was changed). */
#define CRYPTO_SEAL_OVERHEAD 28
long crypto_seal(const unsigned char key[32], const void *aad, size_t aadlen,
                 const void *in, size_t n, unsigned char *out, size_t outcap);
long crypto_open(const unsigned char key[32], const void *aad, size_t aadlen,
                 const unsigned char *in, size_t n, unsigned char *out, size_t outcap);
/* The sealing key: config secret_key, 64 hex digits. 0 ok, -1 missing or malformed. */
int  crypto_secret_key(unsigned char key[32]);

#endif
