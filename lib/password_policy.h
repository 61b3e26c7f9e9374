/* password_policy: what a new password must be, checked the same way by
 * every path that sets one (users admin, own password change, hearthctl
 * create-user): at least 12 characters (code points), at most 1024 bytes,
 * printable text, not containing the email's local part or the user's
 * name (case-insensitive; the whole and each part of 4+ characters), not
 * one of the 10,000 most common passwords (lib/common-passwords.txt,
 * compiled in at build time: nothing is read at run time). Every broken
 * rule is reported, not the first one only. */
#ifndef HEARTH_PASSWORD_POLICY_H
#define HEARTH_PASSWORD_POLICY_H

#include <stddef.h>

#define PASSWORD_POLICY_MIN_CHARS 12
#define PASSWORD_POLICY_MAX_BYTES 1024
#define PASSWORD_POLICY_PART_MIN  4     /* shorter name/email parts are not checked */

enum password_rule {
	PW_RULE_SHORT  = 1 << 0,   /* fewer than 12 characters */
	PW_RULE_LONG   = 1 << 1,   /* more than 1024 bytes */
	PW_RULE_TEXT   = 1 << 2,   /* not UTF-8, or control characters */
	PW_RULE_EMAIL  = 1 << 3,   /* contains the email's local part (or a part of it) */
	PW_RULE_NAME   = 1 << 4,   /* contains the name (or a part of it) */
	PW_RULE_COMMON = 1 << 5,   /* one of the common passwords */
};
#define PW_RULE_ALL (PW_RULE_SHORT | PW_RULE_LONG | PW_RULE_TEXT | PW_RULE_EMAIL | PW_RULE_NAME | PW_RULE_COMMON)

/* The rules pw breaks for a user with this email and name (either may be
 * NULL or ""): a bitmask of enum password_rule, 0 when it is acceptable. */
unsigned password_policy_check(const char *pw, const char *email, const char *name);
/* The message for one rule ("Use at least 12 characters."), "" if unknown. */
const char *password_policy_message(enum password_rule rule);
/* Every broken rule's message, in a fixed order, joined by one space, into
 * out (always terminated). Returns the length the whole text needs. */
size_t password_policy_explain(unsigned broken, char *out, size_t cap);
/* 1 if pw (case-insensitively) is one of the common passwords. */
int password_policy_common(const char *pw);
/* A random password that passes the policy for email and name, like
 * "k7mq2-xw9hd-p3tzr-fa8nc" (20 symbols of 31, ~99 bits), into out
 * (cap ≥ 24). 0 ok, -1 no randomness. */
int password_policy_generate(char *out, size_t cap, const char *email, const char *name);

/* The compiled list (lib/common_passwords.c, generated from
 * lib/common-passwords.txt): sorted by strcmp, lower case. */
extern const char *const password_common_list[];
extern const size_t password_common_count;

#endif
