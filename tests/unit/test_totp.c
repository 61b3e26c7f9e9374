/* test_totp: HOTP/TOTP against RFC 4226 Appendix D and RFC 6238 Appendix B
 * (SHA1), base32 against RFC 4648 §10, the ±1 step window and replay rule,
 * the otpauth URI; also the AES-256-GCM seal/open that keeps the secret at
 * rest (lib/crypto.c) and the QR code SVG (lib/qr.c). */
#include "fixtures.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "config.h"
#include "crypto.h"
#include "qr.h"
#include "totp.h"

/* RFC 6238 Appendix B / RFC 4226 Appendix D: the SHA1 seed. */
static const unsigned char SEED[] = "12345678901234567890";
#define SEEDLEN 20

static void
hotp_rfc4226_vectors(void **state)
{
	(void)state;
	static const unsigned want[] = { 755224, 287082, 359152, 969429, 338314,
	                                 254676, 287922, 162583, 399871, 520489 };
	for (unsigned i = 0; i < 10; i++)
		assert_int_equal(totp_hotp(SEED, SEEDLEN, i, 6), want[i]);
}

static void
totp_rfc6238_sha1_vectors(void **state)
{
	(void)state;
	static const struct { long long t; const char *code; } v[] = {
		{ 59LL,          "94287082" },
		{ 1111111109LL,  "07081804" },
		{ 1111111111LL,  "14050471" },
		{ 1234567890LL,  "89005924" },
		{ 2000000000LL,  "69279037" },
		{ 20000000000LL, "65353130" },
	};
	char code[16];
	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		totp_code(code, SEED, SEEDLEN, totp_step((time_t)v[i].t, 30), 8);
		assert_string_equal(code, v[i].code);
		/* 6 digits: the same truncation, modulo 10^6 (leading zeros kept). */
		totp_code(code, SEED, SEEDLEN, totp_step((time_t)v[i].t, 30), 6);
		assert_string_equal(code, v[i].code + 2);
	}
	assert_int_equal(totp_step(59, 30), 1);
	assert_int_equal(totp_step(1111111109, 30), 0x23523EC);
	assert_int_equal(totp_step(20000000000LL, 30), 0x27BC86AA);
}

static void
totp_window_and_replay(void **state)
{
	(void)state;
	time_t now = 1111111111;                 /* step 37037037, 1 s into it */
	long long step = totp_step(now, 30);
	char prev[8], cur[8], next[8], far[8];
	totp_code(prev, SEED, SEEDLEN, step - 1, 6);
	totp_code(cur, SEED, SEEDLEN, step, 6);
	totp_code(next, SEED, SEEDLEN, step + 1, 6);
	totp_code(far, SEED, SEEDLEN, step + 2, 6);
	assert_int_equal(totp_verify(SEED, SEEDLEN, cur, now, 1, 0), step);
	assert_int_equal(totp_verify(SEED, SEEDLEN, prev, now, 1, 0), step - 1);
	assert_int_equal(totp_verify(SEED, SEEDLEN, next, now, 1, 0), step + 1);
	assert_int_equal(totp_verify(SEED, SEEDLEN, far, now, 1, 0), -1);       /* outside the window */
	totp_code(far, SEED, SEEDLEN, step - 2, 6);
	assert_int_equal(totp_verify(SEED, SEEDLEN, far, now, 1, 0), -1);
	assert_int_equal(totp_verify(SEED, SEEDLEN, cur, now, 0, 0), step);     /* window 0: now only */
	assert_int_equal(totp_verify(SEED, SEEDLEN, next, now, 0, 0), -1);
	/* Replay: a step at or before the last accepted one never counts again. */
	assert_int_equal(totp_verify(SEED, SEEDLEN, cur, now, 1, step), -1);
	assert_int_equal(totp_verify(SEED, SEEDLEN, prev, now, 1, step), -1);
	assert_int_equal(totp_verify(SEED, SEEDLEN, next, now, 1, step), step + 1);
	assert_int_equal(totp_verify(SEED, SEEDLEN, cur, now, 1, step - 1), step);
	/* As typed: spaces and a dash are fine; anything else is not a code. */
	char typed[16];
	snprintf(typed, sizeof(typed), "%.3s %s", cur, cur + 3);
	assert_int_equal(totp_verify(SEED, SEEDLEN, typed, now, 1, 0), step);
	snprintf(typed, sizeof(typed), "%.3s-%s", cur, cur + 3);
	assert_int_equal(totp_verify(SEED, SEEDLEN, typed, now, 1, 0), step);
	snprintf(typed, sizeof(typed), "%sx", cur);
	assert_int_equal(totp_verify(SEED, SEEDLEN, typed, now, 1, 0), -1);
	snprintf(typed, sizeof(typed), "%.5s", cur);
	assert_int_equal(totp_verify(SEED, SEEDLEN, typed, now, 1, 0), -1);
	snprintf(typed, sizeof(typed), "%s1", cur);
	assert_int_equal(totp_verify(SEED, SEEDLEN, typed, now, 1, 0), -1);
	assert_int_equal(totp_verify(SEED, SEEDLEN, "", now, 1, 0), -1);
	assert_int_equal(totp_verify(SEED, SEEDLEN, NULL, now, 1, 0), -1);
	/* Another key's code is wrong. */
	const unsigned char other[] = "abcdefghijabcdefghij";
	assert_int_equal(totp_verify(other, 20, cur, now, 1, 0), -1);
}

static void
base32_rfc4648_vectors(void **state)
{
	(void)state;
	static const struct { const char *in, *out; } v[] = {
		{ "", "" }, { "f", "MY" }, { "fo", "MZXQ" }, { "foo", "MZXW6" }, { "foob", "MZXW6YQ" },
		{ "fooba", "MZXW6YTB" }, { "foobar", "MZXW6YTBOI" },
	};
	char out[64];
	unsigned char back[64];
	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		size_t n = strlen(v[i].in);
		assert_int_equal(totp_base32_encode(out, sizeof(out), (const unsigned char *)v[i].in, n),
		    strlen(v[i].out));
		assert_string_equal(out, v[i].out);
		assert_int_equal(totp_base32_decode(back, sizeof(back), v[i].out), (long)n);
		assert_memory_equal(back, v[i].in, n);
	}
	/* Padding, lower case, spaces and dashes as people type them. */
	assert_int_equal(totp_base32_decode(back, sizeof(back), "MZXW6YTBOI======"), 6);
	assert_memory_equal(back, "foobar", 6);
	assert_int_equal(totp_base32_decode(back, sizeof(back), "mzxw 6ytb-oi"), 6);
	assert_memory_equal(back, "foobar", 6);
	/* Not base32: 0, 1, 8, 9 and punctuation. */
	assert_int_equal(totp_base32_decode(back, sizeof(back), "MZXW0"), -1);
	assert_int_equal(totp_base32_decode(back, sizeof(back), "MZ!W"), -1);
	/* Too small a buffer either way. */
	assert_int_equal(totp_base32_encode(out, 5, (const unsigned char *)"foo", 3), 0);
	assert_int_equal(totp_base32_decode(back, 2, "MZXW6"), -1);
}

static void
base32_round_trips(void **state)
{
	(void)state;
	for (size_t n = 0; n <= 40; n++) {
		unsigned char in[40], back[40];
		char b32[TOTP_B32_MAX + 8];
		assert_int_equal(crypto_random(in, n), 0);
		size_t len = totp_base32_encode(b32, sizeof(b32), in, n);
		assert_int_equal(len, (n * 8 + 4) / 5);
		assert_int_equal(totp_base32_decode(back, sizeof(back), b32), (long)n);
		assert_memory_equal(back, in, n);
	}
	/* The secret as enrolment shows it: 20 bytes, 32 letters, 8 groups of 4. */
	unsigned char secret[TOTP_SECRET_BYTES];
	char b32[TOTP_B32_MAX], grouped[TOTP_B32_MAX * 2];
	memset(secret, 0xa5, sizeof(secret));
	assert_int_equal(totp_base32_encode(b32, sizeof(b32), secret, sizeof(secret)), 32);
	totp_base32_group(grouped, sizeof(grouped), b32, 4);
	assert_int_equal(strlen(grouped), 32 + 7);
	assert_int_equal(grouped[4], ' ');
	assert_memory_equal(grouped, b32, 4);
	unsigned char back[TOTP_SECRET_BYTES];
	assert_int_equal(totp_base32_decode(back, sizeof(back), grouped), TOTP_SECRET_BYTES);
	assert_memory_equal(back, secret, sizeof(secret));
}

static void
otpauth_uri(void **state)
{
	(void)state;
	char *u = totp_uri("Hearth", "ana.o'brien+ops@example.com", "JBSWY3DPEHPK3PXP");
	assert_non_null(u);
	assert_string_equal(u, "otpauth://totp/Hearth:ana.o%27brien%2Bops%40example.com"
	    "?secret=JBSWY3DPEHPK3PXP&issuer=Hearth&algorithm=SHA1&digits=6&period=30");
	free(u);
	u = totp_uri("Acme Smart Homes", "a b", "ABC");
	assert_string_equal(u, "otpauth://totp/Acme%20Smart%20Homes:a%20b?secret=ABC&issuer=Acme%20Smart%20Homes"
	    "&algorithm=SHA1&digits=6&period=30");
	free(u);
}

static void
seal_open_round_trip(void **state)
{
	(void)state;
	unsigned char key[32], out[64], back[64];
	memset(key, 7, sizeof(key));
	const char *msg = "12345678901234567890";
	long n = crypto_seal(key, "42", 2, msg, 20, out, sizeof(out));
	assert_int_equal(n, 20 + CRYPTO_SEAL_OVERHEAD);
	assert_int_equal(crypto_open(key, "42", 2, out, (size_t)n, back, sizeof(back)), 20);
	assert_memory_equal(back, msg, 20);
	/* The ciphertext does not contain the plaintext. */
	assert_null(memmem(out, (size_t)n, msg, 20));
	/* Another user id (associated data), another key, a flipped bit: refused. */
	assert_int_equal(crypto_open(key, "43", 2, out, (size_t)n, back, sizeof(back)), -1);
	unsigned char key2[32];
	memset(key2, 8, sizeof(key2));
	assert_int_equal(crypto_open(key2, "42", 2, out, (size_t)n, back, sizeof(back)), -1);
	for (long i = 0; i < n; i++) {
		out[i] ^= 1;
		assert_int_equal(crypto_open(key, "42", 2, out, (size_t)n, back, sizeof(back)), -1);
		out[i] ^= 1;
	}
	assert_int_equal(crypto_open(key, "42", 2, out, (size_t)n - 1, back, sizeof(back)), -1);
	assert_int_equal(crypto_open(key, "42", 2, out, 10, back, sizeof(back)), -1);
	/* A fresh nonce each time: the same secret seals differently. */
	unsigned char out2[64];
	assert_int_equal(crypto_seal(key, "42", 2, msg, 20, out2, sizeof(out2)), n);
	assert_memory_not_equal(out, out2, 12);
	assert_memory_not_equal(out + 12, out2 + 12, 20);
	/* Too small an output buffer. */
	assert_int_equal(crypto_seal(key, "42", 2, msg, 20, out2, 40), -1);
}

/* AES-256-GCM known answer (NIST GCM test case 16 key/iv/aad, McGrew &
 * Viega): open nonce ‖ ciphertext ‖ tag with the published values. */
static void
open_nist_vector(void **state)
{
	(void)state;
	unsigned char key[32], in[12 + 60 + 16], aad[20], out[64];
	assert_int_equal(crypto_unhex(key, 32, "feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308"), 32);
	assert_int_equal(crypto_unhex(in, 12, "cafebabefacedbaddecaf888"), 12);
	assert_int_equal(crypto_unhex(in + 12, 60,
	    "522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa"
	    "8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662"), 60);
	assert_int_equal(crypto_unhex(in + 72, 16, "76fc6ece0f4e1768cddf8853bb2d551b"), 16);
	assert_int_equal(crypto_unhex(aad, 20, "feedfacedeadbeeffeedfacedeadbeefabaddad2"), 20);
	assert_int_equal(crypto_open(key, aad, 20, in, sizeof(in), out, sizeof(out)), 60);
	unsigned char want[60];
	crypto_unhex(want, 60, "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a72"
	    "1c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39");
	assert_memory_equal(out, want, 60);
}

static void
secret_key_from_config(void **state)
{
	(void)state;
	unsigned char key[32];
	config_clear();
	assert_int_equal(crypto_secret_key(key), -1);
	config_set("secret_key", "00112233");
	assert_int_equal(crypto_secret_key(key), -1);
	config_set("secret_key", "zz112233445566778899aabbccddeeff00112233445566778899aabbccddeeff");
	assert_int_equal(crypto_secret_key(key), -1);
	config_set("secret_key", "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff");
	assert_int_equal(crypto_secret_key(key), 0);
	assert_int_equal(key[0], 0x00);
	assert_int_equal(key[31], 0xff);
	config_clear();
}

static void
qr_svg_shape(void **state)
{
	(void)state;
	char *svg = qr_svg("otpauth://totp/Hearth:a%40b.c?secret=JBSWY3DPEHPK3PXP&issuer=Hearth", 200);
	assert_non_null(svg);
	assert_int_equal(strncmp(svg, "<svg xmlns=\"http://www.w3.org/2000/svg\"", 39), 0);
	assert_non_null(strstr(svg, "width=\"200\" height=\"200\""));
	assert_non_null(strstr(svg, "<path fill=\"#000\" d=\"M"));
	assert_int_equal(strcmp(svg + strlen(svg) - 6, "</svg>"), 0);
	/* Nothing of the text is in the SVG: only numbers and our own markup. */
	assert_null(strstr(svg, "otpauth"));
	assert_null(strstr(svg, "JBSWY3DP"));
	for (const char *p = strstr(svg, " d=\"") + 4; *p != '"'; p++)
		assert_non_null(strchr("Mhvz-0123456789 ", *p));
	/* The top-left finder pattern: 7 dark modules at (4,4) after the quiet zone. */
	assert_non_null(strstr(svg, "M4 4h7v1h-7z"));
	free(svg);
	assert_null(qr_svg("", 100));
	assert_null(qr_svg(NULL, 100));
	/* Larger than any QR code holds. */
	char *big = malloc(8000);
	memset(big, 'x', 7999);
	big[7999] = '\0';
	assert_null(qr_svg(big, 100));
	free(big);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(hotp_rfc4226_vectors),
		cmocka_unit_test(totp_rfc6238_sha1_vectors),
		cmocka_unit_test(totp_window_and_replay),
		cmocka_unit_test(base32_rfc4648_vectors),
		cmocka_unit_test(base32_round_trips),
		cmocka_unit_test(otpauth_uri),
		cmocka_unit_test(seal_open_round_trip),
		cmocka_unit_test(open_nist_vector),
		cmocka_unit_test(secret_key_from_config),
		cmocka_unit_test(qr_svg_shape),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
