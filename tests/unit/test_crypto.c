/* test_crypto: hashes, MACs, encodings and comparisons (lib/crypto.c)
 * against published vectors (NIST FIPS 180-2, RFC 4231, RFC 4648). */
#include "fixtures.h"
#include <string.h>
#include "crypto.h"

static void
hex_of(char *out, const unsigned char *d, size_t n)
{
	crypto_hex(out, d, n);
}

/* SHA-256 of the FIPS 180-2 messages and the empty string. */
static void
sha256_nist_vectors(void **state)
{
	(void)state;
	char hex[65];
	crypto_sha256_hex("abc", 3, hex);
	assert_string_equal(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	crypto_sha256_hex("", 0, hex);
	assert_string_equal(hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
	const char *m = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
	crypto_sha256_hex(m, strlen(m), hex);
	assert_string_equal(hex, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
	unsigned char d[32];
	crypto_sha256("abc", 3, d);
	assert_int_equal(d[0], 0xba);
	assert_int_equal(d[31], 0xad);
}

static void
check_hmac(const unsigned char *key, size_t klen, const void *msg, size_t mlen, const char *want)
{
	unsigned char mac[32];
	char hex[65];
	crypto_hmac_sha256(key, klen, msg, mlen, mac);
	hex_of(hex, mac, 32);
	assert_string_equal(hex, want);
}

/* HMAC-SHA256 test cases 1, 2, 3, 4, 6 and 7 of RFC 4231 (short keys,
 * binary data, keys longer than the block size). */
static void
hmac_rfc4231_vectors(void **state)
{
	(void)state;
	unsigned char key[131], data[50];

	memset(key, 0x0b, 20);
	check_hmac(key, 20, "Hi There", 8,
	    "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");

	check_hmac((const unsigned char *)"Jefe", 4, "what do ya want for nothing?", 28,
	    "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");

	memset(key, 0xaa, 20);
	memset(data, 0xdd, 50);
	check_hmac(key, 20, data, 50,
	    "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe");

	for (int i = 0; i < 25; i++)
		key[i] = (unsigned char)(i + 1);
	memset(data, 0xcd, 50);
	check_hmac(key, 25, data, 50,
	    "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b");

	memset(key, 0xaa, 131);
	const char *m6 = "Test Using Larger Than Block-Size Key - Hash Key First";
	check_hmac(key, 131, m6, strlen(m6),
	    "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
	const char *m7 = "This is a test using a larger than block-size key and a larger than "
	    "block-size data. The key needs to be hashed before being used by the HMAC algorithm.";
	check_hmac(key, 131, m7, strlen(m7),
	    "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2");
}

/* Hex: lower-case out, either case in; odd length, bad digits and
 * too little room are refused. */
static void
hex_round_trip_and_refusals(void **state)
{
	(void)state;
	const unsigned char in[] = { 0x00, 0x01, 0x7f, 0x80, 0xab, 0xff };
	char hex[13];
	unsigned char out[8];
	crypto_hex(hex, in, sizeof(in));
	assert_string_equal(hex, "00017f80abff");
	assert_int_equal(crypto_unhex(out, sizeof(out), hex), 6);
	assert_memory_equal(out, in, 6);
	assert_int_equal(crypto_unhex(out, sizeof(out), "00017F80ABFF"), 6);
	assert_memory_equal(out, in, 6);
	assert_int_equal(crypto_unhex(out, sizeof(out), ""), 0);
	assert_int_equal(crypto_unhex(out, sizeof(out), "abc"), -1);        /* odd */
	assert_int_equal(crypto_unhex(out, sizeof(out), "zz"), -1);         /* not hex */
	assert_int_equal(crypto_unhex(out, sizeof(out), "0g"), -1);
	assert_int_equal(crypto_unhex(out, 2, "aabbcc"), -1);               /* no room */
}

/* RFC 4648 §10 vectors, in both alphabets, without padding. */
static void
base64_rfc4648_vectors(void **state)
{
	(void)state;
	static const struct { const char *in, *out; } v[] = {
		{ "", "" }, { "f", "Zg" }, { "fo", "Zm8" }, { "foo", "Zm9v" },
		{ "foob", "Zm9vYg" }, { "fooba", "Zm9vYmE" }, { "foobar", "Zm9vYmFy" },
	};
	char out[16];
	unsigned char dec[16];
	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		size_t n = strlen(v[i].in);
		assert_int_equal(crypto_b64url(out, (const unsigned char *)v[i].in, n), strlen(v[i].out));
		assert_string_equal(out, v[i].out);
		crypto_b64(out, (const unsigned char *)v[i].in, n);
		assert_string_equal(out, v[i].out);
		assert_int_equal(crypto_unb64url(dec, sizeof(dec), v[i].out, strlen(v[i].out)), (long)n);
		assert_memory_equal(dec, v[i].in, n);
	}
	/* Padding is optional on input. */
	assert_int_equal(crypto_unb64url(dec, sizeof(dec), "Zg==", 4), 1);
	assert_int_equal(dec[0], 'f');
	assert_int_equal(crypto_unb64(dec, sizeof(dec), "Zm8=", 4), 2);
	assert_memory_equal(dec, "fo", 2);
}

/* The two alphabets differ exactly in 62/63: - _ versus + /. */
static void
base64_alphabets(void **state)
{
	(void)state;
	const unsigned char in[] = { 0xfb, 0xff, 0xbf };
	char out[8];
	unsigned char dec[8];
	crypto_b64url(out, in, 3);
	assert_string_equal(out, "-_-_");
	crypto_b64(out, in, 3);
	assert_string_equal(out, "+/+/");
	assert_int_equal(crypto_unb64url(dec, sizeof(dec), "-_-_", 4), 3);
	assert_memory_equal(dec, in, 3);
	assert_int_equal(crypto_unb64url(dec, sizeof(dec), "+/+/", 4), -1);
	assert_int_equal(crypto_unb64(dec, sizeof(dec), "-_-_", 4), -1);
	assert_int_equal(crypto_unb64(dec, sizeof(dec), "+/+/", 4), 3);
}

/* Every length 0..100 of pseudo-random bytes round-trips. */
static void
base64url_round_trips(void **state)
{
	(void)state;
	unsigned char in[100], dec[100];
	char enc[4 * 34 + 1];
	uint32_t x = 12345;
	for (size_t i = 0; i < sizeof(in); i++) {
		x = x * 1103515245u + 12345u;
		in[i] = (unsigned char)(x >> 16);
	}
	for (size_t n = 0; n <= sizeof(in); n++) {
		size_t len = crypto_b64url(enc, in, n);
		assert_int_equal(len, strlen(enc));
		assert_int_equal(len, (4 * n + 2) / 3);                 /* no padding */
		assert_null(strchr(enc, '='));
		assert_int_equal(crypto_unb64url(dec, sizeof(dec), enc, len), (long)n);
		assert_memory_equal(dec, in, n);
	}
}

/* Bad input: characters outside the alphabet, an impossible length,
 * an embedded NUL, padding in the middle, too little room. */
static void
base64url_bad_input(void **state)
{
	(void)state;
	unsigned char dec[16];
	assert_int_equal(crypto_unb64url(dec, sizeof(dec), "Zm9$", 4), -1);
	assert_int_equal(crypto_unb64url(dec, sizeof(dec), "Zm 9", 4), -1);
	assert_int_equal(crypto_unb64url(dec, sizeof(dec), "Z", 1), -1);         /* 6 bits */
	assert_int_equal(crypto_unb64url(dec, sizeof(dec), "Zm9vY", 5), -1);
	assert_int_equal(crypto_unb64url(dec, sizeof(dec), "Zm\0v", 4), -1);
	assert_int_equal(crypto_unb64url(dec, sizeof(dec), "Zg=a", 4), -1);
	assert_int_equal(crypto_unb64url(dec, 2, "Zm9vYmFy", 8), -1);            /* 6 bytes, room 2 */
	assert_int_equal(crypto_unb64url(dec, sizeof(dec), "", 0), 0);
}

/* Constant-time comparisons give the right answers, including for
 * prefixes and different lengths. */
static void
constant_time_compare(void **state)
{
	(void)state;
	assert_true(crypto_eq("abcdef", "abcdef", 6));
	assert_false(crypto_eq("abcdef", "abcdeg", 6));
	assert_false(crypto_eq("xbcdef", "abcdef", 6));
	assert_true(crypto_eq("abc", "abd", 2));                 /* only n bytes */
	assert_true(crypto_streq("token", "token"));
	assert_true(crypto_streq("", ""));
	assert_false(crypto_streq("token", "tokeN"));
	assert_false(crypto_streq("token", "token2"));
	assert_false(crypto_streq("token2", "token"));
	assert_false(crypto_streq("", "a"));
	assert_false(crypto_streq("a", ""));
}

/* Random bytes: the call succeeds and two draws differ. */
static void
random_bytes(void **state)
{
	(void)state;
	unsigned char a[32], b[32], zero[32] = { 0 };
	assert_int_equal(crypto_random(a, sizeof(a)), 0);
	assert_int_equal(crypto_random(b, sizeof(b)), 0);
	assert_false(crypto_eq(a, b, 32));
	assert_false(crypto_eq(a, zero, 32));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(sha256_nist_vectors),
		cmocka_unit_test(hmac_rfc4231_vectors),
		cmocka_unit_test(hex_round_trip_and_refusals),
		cmocka_unit_test(base64_rfc4648_vectors),
		cmocka_unit_test(base64_alphabets),
		cmocka_unit_test(base64url_round_trips),
		cmocka_unit_test(base64url_bad_input),
		cmocka_unit_test(constant_time_compare),
		cmocka_unit_test(random_bytes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
