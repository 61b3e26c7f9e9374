/* test_password_policy: the rules a new password must meet
 * (lib/password_policy.c) and the compiled common-password list. */
#include "fixtures.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "password_policy.h"

#define GOOD "violet-harbour-73-lantern"

/* Length counts code points, not bytes: 11 two-byte letters are short,
 * 12 are enough; exactly 1024 bytes pass, 1025 do not. */
static void
length_rules(void **state)
{
	(void)state;
	assert_int_equal(password_policy_check("", NULL, NULL) & PW_RULE_SHORT, PW_RULE_SHORT);
	assert_int_equal(password_policy_check("abcdefghjk7", NULL, NULL), PW_RULE_SHORT);     /* 11 */
	assert_int_equal(password_policy_check("abcdefghjk7x", NULL, NULL), 0);                /* 12 */
	/* "é" × 11 = 22 bytes but 11 characters. */
	char e11[64] = "", e12[64] = "";
	for (int i = 0; i < 11; i++)
		strcat(e11, "\xc3\xa9");
	strcpy(e12, e11);
	strcat(e12, "\xc3\xa9");
	assert_int_equal(password_policy_check(e11, NULL, NULL), PW_RULE_SHORT);
	assert_int_equal(password_policy_check(e12, NULL, NULL), 0);
	char *big = malloc(PASSWORD_POLICY_MAX_BYTES + 2);
	assert_non_null(big);
	for (int i = 0; i < PASSWORD_POLICY_MAX_BYTES; i++)
		big[i] = (char)('a' + (i * 7 + i / 26) % 26);
	big[PASSWORD_POLICY_MAX_BYTES] = '\0';
	assert_int_equal(password_policy_check(big, NULL, NULL), 0);
	big[PASSWORD_POLICY_MAX_BYTES] = 'q';
	big[PASSWORD_POLICY_MAX_BYTES + 1] = '\0';
	assert_int_equal(password_policy_check(big, NULL, NULL), PW_RULE_LONG);
	free(big);
}

/* Control characters and broken UTF-8 are refused; spaces are fine. */
static void
text_rule(void **state)
{
	(void)state;
	assert_int_equal(password_policy_check("tab\there-is-long", NULL, NULL), PW_RULE_TEXT);
	assert_int_equal(password_policy_check("line\nbreak-is-long", NULL, NULL), PW_RULE_TEXT);
	assert_int_equal(password_policy_check("broken \xc3 utf8 here", NULL, NULL), PW_RULE_TEXT);
	assert_int_equal(password_policy_check("correct horse battery staple", NULL, NULL), 0);
}

/* The email's local part, whole or any part of 4+ characters, in any
 * case; the domain is not checked, nor parts shorter than 4. */
static void
email_rule(void **state)
{
	(void)state;
	const char *email = "ada.lovelace@example.com";
	assert_int_equal(password_policy_check("my-ADA.LOVELACE-pass", email, NULL), PW_RULE_EMAIL);
	assert_int_equal(password_policy_check("i-am-lovelace-2024", email, NULL), PW_RULE_EMAIL);
	assert_int_equal(password_policy_check("LoveLace and friends", email, NULL), PW_RULE_EMAIL);
	/* "ada" is only 3 characters; "example" is the domain. */
	assert_int_equal(password_policy_check("ada likes example pies", email, NULL), 0);
	assert_int_equal(password_policy_check(GOOD, email, NULL), 0);
	/* A local part without separators, and one with + and digits. */
	assert_int_equal(password_policy_check("xx-jdoe-xx-jdoe-xx", "jdoe@x.io", NULL), PW_RULE_EMAIL);
	assert_int_equal(password_policy_check("sam+crm2024 is mine", "sam+crm2024@x.io", NULL), PW_RULE_EMAIL);
	assert_int_equal(password_policy_check("my crm2024 password", "sam+crm2024@x.io", NULL), PW_RULE_EMAIL);
}

/* The name, whole or by part (4+ characters), case-insensitive, also in
 * Latin-1, Greek and Cyrillic. */
static void
name_rule(void **state)
{
	(void)state;
	assert_int_equal(password_policy_check("averyverygoodpass", NULL, "Avery Admin"), PW_RULE_NAME);
	assert_int_equal(password_policy_check("the-ADMIN-password", NULL, "Avery Admin"), PW_RULE_NAME);
	assert_int_equal(password_policy_check("bo li is my hero!", NULL, "Bo Li"), PW_RULE_NAME);
	assert_int_equal(password_policy_check("bo and li were here", NULL, "Bo Li"), 0);
	/* "Zoë Ångström": É/é, Å/å fold. */
	assert_int_equal(password_policy_check("xx \xc3\x85NGSTR\xc3\x96M xx 42", NULL, "Zo\xc3\xab \xc3\x85ngstr\xc3\xb6m"),
	    PW_RULE_NAME);
	/* Cyrillic "Иван Петров" written in lower case inside. */
	assert_int_equal(password_policy_check("my \xd0\xbf\xd0\xb5\xd1\x82\xd1\x80\xd0\xbe\xd0\xb2 secret!", NULL,
	    "\xd0\x98\xd0\xb2\xd0\xb0\xd0\xbd \xd0\x9f\xd0\xb5\xd1\x82\xd1\x80\xd0\xbe\xd0\xb2"), PW_RULE_NAME);
	assert_int_equal(password_policy_check(GOOD, NULL, "Avery Admin"), 0);
	assert_int_equal(password_policy_check(GOOD, "", ""), 0);
}

/* The list is compiled in, sorted (binary search works), lower case,
 * ~10,000 entries; lookups are case-insensitive. */
static void
common_rule(void **state)
{
	(void)state;
	assert_int_equal(password_common_count, 10000);
	for (size_t i = 1; i < password_common_count; i++)
		assert_true(strcmp(password_common_list[i - 1], password_common_list[i]) < 0);
	assert_true(password_policy_common("password"));
	assert_true(password_policy_common("PassWord"));
	assert_true(password_policy_common("123456"));
	assert_true(password_policy_common("qwertyuiop"));
	/* The first and last entries of the sorted array (binary search edges). */
	assert_true(password_policy_common(password_common_list[0]));
	assert_true(password_policy_common(password_common_list[password_common_count - 1]));
	assert_false(password_policy_common(GOOD));
	assert_false(password_policy_common(""));
	/* 12+ characters and common: only the common rule. */
	assert_int_equal(password_policy_check("1qaz2wsx3edc", NULL, NULL), PW_RULE_COMMON);
	assert_int_equal(password_policy_check("QWERTY123456", NULL, NULL), PW_RULE_COMMON);
}

/* Every broken rule at once, each with its own message, in a fixed order. */
static void
all_messages_at_once(void **state)
{
	(void)state;
	unsigned b = password_policy_check("password", "password@x.io", "Pass Word");
	assert_int_equal(b, PW_RULE_SHORT | PW_RULE_COMMON | PW_RULE_EMAIL | PW_RULE_NAME);
	char msg[512];
	size_t n = password_policy_explain(b, msg, sizeof(msg));
	assert_int_equal(n, strlen(msg));
	assert_non_null(strstr(msg, "at least 12 characters"));
	assert_non_null(strstr(msg, "most common passwords"));
	assert_non_null(strstr(msg, "email"));
	assert_non_null(strstr(msg, "your name"));
	assert_true(strstr(msg, "12 characters") < strstr(msg, "common"));
	/* A buffer too small stays terminated and reports the length needed. */
	char tiny[8];
	assert_int_equal(password_policy_explain(b, tiny, sizeof(tiny)), n);
	assert_true(strlen(tiny) < sizeof(tiny));
	assert_int_equal(password_policy_explain(0, msg, sizeof(msg)), 0);
	assert_string_equal(msg, "");
	assert_string_equal(password_policy_message(PW_RULE_SHORT), "Use at least 12 characters.");
}

/* Generated passwords pass the policy for the user, differ each time and
 * have the documented shape. */
static void
generated(void **state)
{
	(void)state;
	char a[32], b[32];
	assert_int_equal(password_policy_generate(a, sizeof(a), "avery@x.io", "Avery Admin"), 0);
	assert_int_equal(password_policy_generate(b, sizeof(b), "avery@x.io", "Avery Admin"), 0);
	assert_int_equal(strlen(a), 23);
	assert_string_not_equal(a, b);
	for (int i = 0; i < 23; i++) {
		if (i % 6 == 5)
			assert_int_equal(a[i], '-');
		else
			assert_non_null(strchr("abcdefghjkmnpqrstuvwxyz23456789", a[i]));
	}
	assert_int_equal(password_policy_check(a, "avery@x.io", "Avery Admin"), 0);
	assert_int_equal(password_policy_generate(a, 10, NULL, NULL), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(length_rules),
		cmocka_unit_test(text_rule),
		cmocka_unit_test(email_rule),
		cmocka_unit_test(name_rule),
		cmocka_unit_test(common_rule),
		cmocka_unit_test(all_messages_at_once),
		cmocka_unit_test(generated),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
