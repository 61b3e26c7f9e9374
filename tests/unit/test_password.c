/* test_password: scrypt PHC hashes (lib/password.c). Each full-cost
 * scrypt takes ~0.1 s, so the group makes one hash and the tests share it;
 * hashes for other parameters are made here at a low cost. */
#include "fixtures.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <openssl/evp.h>
#include "crypto.h"
#include "password.h"

static char *shared_hash;          /* password_hash("correct horse") */

static int
group_setup(void **state)
{
	(void)state;
	shared_hash = password_hash("correct horse");
	return shared_hash ? 0 : -1;
}

static int
group_teardown(void **state)
{
	(void)state;
	free(shared_hash);
	return 0;
}

/* A PHC string made here with chosen parameters (cheap ln). */
static void
make_phc(char *out, size_t cap, const char *pw, int ln, int r, int p, size_t keylen)
{
	unsigned char salt[16], key[64];
	for (int i = 0; i < 16; i++)
		salt[i] = (unsigned char)(i * 7 + 1);
	assert_int_equal(EVP_PBE_scrypt(pw, strlen(pw), salt, sizeof(salt), (uint64_t)1 << ln,
	    (uint64_t)r, (uint64_t)p, 256ull << 20, key, keylen), 1);
	char s64[32], k64[100];
	crypto_b64(s64, salt, sizeof(salt));
	crypto_b64(k64, key, keylen);
	snprintf(out, cap, "$scrypt$ln=%d,r=%d,p=%d$%s$%s", ln, r, p, s64, k64);
}

/* The hash is a PHC string with today's parameters, unpadded base64,
 * and needs no rehash. */
static void
hash_format(void **state)
{
	(void)state;
	assert_non_null(shared_hash);
	assert_int_equal(strncmp(shared_hash, "$scrypt$ln=15,r=8,p=1$", 22), 0);
	assert_null(strchr(shared_hash + 22, '='));          /* no base64 padding */
	assert_null(strstr(shared_hash, "correct"));
	assert_int_equal(password_needs_rehash(shared_hash), 0);
}

/* The right password verifies; a wrong, empty or near-miss one does not. */
static void
verify_right_and_wrong(void **state)
{
	(void)state;
	assert_int_equal(password_verify("correct horse", shared_hash), 1);
	assert_int_equal(password_verify("correct horsE", shared_hash), 0);
	assert_int_equal(password_verify("", shared_hash), 0);
}

/* A changed hash (one key character flipped) no longer verifies. */
static void
tampered_hash_refused(void **state)
{
	(void)state;
	char *h = strdup(shared_hash);
	char *last = h + strlen(h) - 2;
	*last = *last == 'A' ? 'B' : 'A';
	assert_int_equal(password_verify("correct horse", h), 0);
	free(h);
}

/* Two hashes of one password differ (random salt). */
static void
salted(void **state)
{
	(void)state;
	char *h2 = password_hash("correct horse");
	assert_non_null(h2);
	assert_string_not_equal(h2, shared_hash);
	free(h2);
}

/* A hash made with other (older, cheaper) parameters still verifies,
 * because the parameters travel with it, and asks to be rehashed. */
static void
other_parameters_verify_and_need_rehash(void **state)
{
	(void)state;
	char phc[200];
	make_phc(phc, sizeof(phc), "s3cret", 10, 8, 1, 32);
	assert_int_equal(password_verify("s3cret", phc), 1);
	assert_int_equal(password_verify("s3creT", phc), 0);
	assert_int_equal(password_needs_rehash(phc), 1);                /* ln 10 */
	make_phc(phc, sizeof(phc), "s3cret", 10, 4, 2, 32);
	assert_int_equal(password_verify("s3cret", phc), 1);
	assert_int_equal(password_needs_rehash(phc), 1);                /* r, p */
	make_phc(phc, sizeof(phc), "s3cret", 10, 8, 1, 16);
	assert_int_equal(password_verify("s3cret", phc), 1);
	assert_int_equal(password_needs_rehash(phc), 1);                /* key length */
}

/* Malformed PHC strings are refused without running scrypt, and ask
 * for a rehash. Parameters out of range (a cost that would take
 * gigabytes) are malformed too. */
static void
malformed_refused(void **state)
{
	(void)state;
	char good[200];
	make_phc(good, sizeof(good), "pw", 10, 8, 1, 32);
	const char *salt_key = strchr(good + 8, '$');               /* "$salt$key" */
	char buf[300];
	const char *bad[] = {
		"", "$scrypt$", "$argon2id$v=19$m=65536,t=3,p=4$c2FsdHNhbHQ$aGFzaGhhc2g",
		"$scrypt$ln=10,r=8,p=1$", "$scrypt$ln=10,r=8,p=1$c2FsdHNhbHQ",
		"$scrypt$ln=10,r=8,p=1$!!!!!!!!!!!$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
		"$scrypt$ln=10,r=8,p=1$c2FsdHNhbHQ$AAAA",          /* key too short */
		"$scrypt$ln=10,r=8,p=1$YQ$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", /* salt 1 byte */
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(password_verify("pw", bad[i]), 0);
		assert_int_equal(password_needs_rehash(bad[i]), 1);
	}
	/* The good salt and key with parameters out of range. */
	const char *params[] = { "ln=0,r=8,p=1", "ln=21,r=8,p=1", "ln=30,r=8,p=1", "ln=10,r=0,p=1",
	                         "ln=10,r=33,p=1", "ln=10,r=8,p=0", "ln=10,r=8,p=17", "ln=-1,r=8,p=1" };
	for (size_t i = 0; i < sizeof(params) / sizeof(params[0]); i++) {
		snprintf(buf, sizeof(buf), "$scrypt$%s%s", params[i], salt_key);
		assert_int_equal(password_verify("pw", buf), 0);
		assert_int_equal(password_needs_rehash(buf), 1);
	}
	/* Overlong strings are refused outright. */
	char longphc[400];
	snprintf(longphc, sizeof(longphc), "%s", good);
	memset(longphc + strlen(good), 'A', sizeof(longphc) - strlen(good) - 1);
	longphc[sizeof(longphc) - 1] = '\0';
	assert_int_equal(password_verify("pw", longphc), 0);
	/* NULLs are refused, not crashed on. */
	assert_int_equal(password_verify(NULL, good), 0);
	assert_int_equal(password_verify("pw", NULL), 0);
	/* And the good one, as a control. */
	assert_int_equal(password_verify("pw", good), 1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(hash_format),
		cmocka_unit_test(verify_right_and_wrong),
		cmocka_unit_test(tampered_hash_refused),
		cmocka_unit_test(salted),
		cmocka_unit_test(other_parameters_verify_and_need_rehash),
		cmocka_unit_test(malformed_refused),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
