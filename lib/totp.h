/* totp: one-time codes for two-factor sign-in. HOTP (RFC 4226) and TOTP
 * (RFC 6238) over OpenSSL's HMAC-SHA1, base32 (RFC 4648) for the secret as
 * people type it, and the otpauth:// URI authenticator apps scan. */
#ifndef HEARTH_TOTP_H
#define HEARTH_TOTP_H

#include <stddef.h>
#include <time.h>

#define TOTP_SECRET_BYTES 20     /* 160 bits, RFC 4226's recommendation */
#define TOTP_PERIOD       30     /* seconds a code lives (T0 = 0) */
#define TOTP_DIGITS       6
#define TOTP_WINDOW       1      /* steps accepted either side of now (clock drift) */
#define TOTP_B32_MAX      64     /* room for a base32 secret of up to 40 bytes + NUL */

/* RFC 4226: the HOTP value of counter, truncated to digits (6..8). */
unsigned totp_hotp(const unsigned char *key, size_t klen, unsigned long long counter, int digits);
/* RFC 6238: the time step t falls in (floor(t / period)). */
long long totp_step(time_t t, int period);
/* The code of step as text with leading zeros: out needs digits + 1. */
void totp_code(char *out, const unsigned char *key, size_t klen, long long step, int digits);
/* A code as typed ("123 456" and "123-456" are fine): the step in
 * [step(now) - window, step(now) + window] it matches and that is later
 * than last_step (a step used once never works again), or -1. Every
 * candidate is compared in constant time. */
long long totp_verify(const unsigned char *key, size_t klen, const char *code, time_t now,
                      int window, long long last_step);

/* Base32, RFC 4648 alphabet, upper case, no padding. Returns the length
 * written (out needs ceil(n * 8 / 5) + 1), or 0 if outcap is too small. */
size_t totp_base32_encode(char *out, size_t outcap, const unsigned char *in, size_t n);
/* Decode base32: case-insensitive; spaces, dashes and '=' padding ignored.
 * Returns bytes written, or -1 on a bad character or too small a buffer. */
long totp_base32_decode(unsigned char *out, size_t outcap, const char *in);
/* "ABCD EFGH IJKL ...": b32 in groups of group letters (for reading aloud). */
void totp_base32_group(char *out, size_t outcap, const char *b32, int group);

/* otpauth://totp/ISSUER:ACCOUNT?secret=...&issuer=ISSUER&algorithm=SHA1
 * &digits=6&period=30 (Google Authenticator's key URI format), issuer and
 * account percent-encoded. malloc'd; NULL on failure. */
char *totp_uri(const char *issuer, const char *account, const char *secret_b32);

#endif
