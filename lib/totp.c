/* totp.c: HOTP/TOTP (RFC 4226, RFC 6238) with HMAC-SHA1, base32, otpauth URI. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include "buf.h"
#include "crypto.h"
#include "totp.h"

static const unsigned totp_pow10[] = { 1, 10, 100, 1000, 10000, 100000, 1000000, 10000000, 100000000 };

unsigned
totp_hotp(const unsigned char *key, size_t klen, unsigned long long counter, int digits)
{
	unsigned char msg[8], mac[EVP_MAX_MD_SIZE];
	unsigned int mlen = 0;
	if (digits < 6 || digits > 8)
		digits = 6;
	for (int i = 7; i >= 0; i--) {
		msg[i] = (unsigned char)(counter & 0xff);
		counter >>= 8;
	}
	if (HMAC(EVP_sha1(), key, (int)klen, msg, sizeof(msg), mac, &mlen) == NULL || mlen < 20)
		return 0;
	/* Dynamic truncation (RFC 4226 §5.3). */
	unsigned off = mac[mlen - 1] & 0x0f;
	uint32_t bin = (uint32_t)(mac[off] & 0x7f) << 24 | (uint32_t)mac[off + 1] << 16 |
	    (uint32_t)mac[off + 2] << 8 | (uint32_t)mac[off + 3];
	return bin % totp_pow10[digits];
}

long long
totp_step(time_t t, int period)
{
	if (period <= 0)
		period = TOTP_PERIOD;
	return t < 0 ? 0 : (long long)t / period;
}

void
totp_code(char *out, const unsigned char *key, size_t klen, long long step, int digits)
{
	if (digits < 6 || digits > 8)
		digits = 6;
	snprintf(out, (size_t)digits + 1, "%0*u", digits, totp_hotp(key, klen, (unsigned long long)step, digits));
}

long long
totp_verify(const unsigned char *key, size_t klen, const char *code, time_t now, int window,
            long long last_step)
{
	char given[16];
	size_t n = 0;
	if (code == NULL)
		return -1;
	for (const char *p = code; *p; p++) {
		if (*p == ' ' || *p == '-' || *p == '\t')
			continue;
		if (*p < '0' || *p > '9' || n >= TOTP_DIGITS)
			return -1;
		given[n++] = *p;
	}
	given[n] = '\0';
	if (n != TOTP_DIGITS)
		return -1;
	long long step = totp_step(now, TOTP_PERIOD), found = -1;
	for (long long s = step - window; s <= step + window; s++) {
		char want[TOTP_DIGITS + 1];
		if (s < 0)
			continue;
		totp_code(want, key, klen, s, TOTP_DIGITS);
		/* Look at every candidate (no early exit), keep the first that is new. */
		if (crypto_eq(want, given, TOTP_DIGITS) && s > last_step && found < 0)
			found = s;
	}
	return found;
}

static const char B32[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

size_t
totp_base32_encode(char *out, size_t outcap, const unsigned char *in, size_t n)
{
	size_t need = (n * 8 + 4) / 5;
	if (outcap < need + 1)
		return 0;
	size_t o = 0;
	unsigned v = 0;
	int bits = 0;
	for (size_t i = 0; i < n; i++) {
		v = (v << 8 | in[i]) & 0xffff;
		bits += 8;
		while (bits >= 5) {
			bits -= 5;
			out[o++] = B32[(v >> bits) & 31];
		}
	}
	if (bits > 0)
		out[o++] = B32[(v << (5 - bits)) & 31];
	out[o] = '\0';
	return o;
}

long
totp_base32_decode(unsigned char *out, size_t outcap, const char *in)
{
	size_t o = 0;
	unsigned v = 0;
	int bits = 0;
	for (const char *p = in; *p; p++) {
		char c = *p;
		if (c == ' ' || c == '-' || c == '=' || c == '\t')
			continue;
		if (c >= 'a' && c <= 'z')
			c = (char)(c - 'a' + 'A');
		const char *at = strchr(B32, c);
		if (at == NULL)
			return -1;
		v = (v << 5 | (unsigned)(at - B32)) & 0xffff;
		bits += 5;
		if (bits >= 8) {
			bits -= 8;
			if (o >= outcap)
				return -1;
			out[o++] = (unsigned char)(v >> bits & 0xff);
		}
	}
	return (long)o;
}

void
totp_base32_group(char *out, size_t outcap, const char *b32, int group)
{
	size_t o = 0, n = strlen(b32);
	if (outcap == 0)
		return;
	if (group <= 0)
		group = 4;
	for (size_t i = 0; i < n && o + 2 < outcap; i++) {
		if (i > 0 && i % (size_t)group == 0)
			out[o++] = ' ';
		out[o++] = b32[i];
	}
	out[o] = '\0';
}

/* Percent-encode everything but RFC 3986 unreserved characters (a space
 * is %20, never '+': the label is a path). */
static void
uri_component(struct buf *b, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
		    *p == '-' || *p == '.' || *p == '_' || *p == '~') {
			buf_putc(b, (char)*p);
		} else {
			buf_putc(b, '%');
			buf_putc(b, hex[*p >> 4]);
			buf_putc(b, hex[*p & 15]);
		}
	}
}

char *
totp_uri(const char *issuer, const char *account, const char *secret_b32)
{
	struct buf b;
	buf_init(&b);
	buf_puts(&b, "otpauth://totp/");
	uri_component(&b, issuer);
	buf_putc(&b, ':');
	uri_component(&b, account);
	buf_puts(&b, "?secret=");
	uri_component(&b, secret_b32);
	buf_puts(&b, "&issuer=");
	uri_component(&b, issuer);
	buf_printf(&b, "&algorithm=SHA1&digits=%d&period=%d", TOTP_DIGITS, TOTP_PERIOD);
	char *s = b.data ? strdup(b.data) : NULL;
	buf_free(&b);
	return s;
}
