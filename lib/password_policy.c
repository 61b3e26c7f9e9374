/* password_policy.c: the rules a new password must meet (password_policy.h).
 *
 * The common-password list is lib/common-passwords.txt: the 10,000 most
 * common passwords of zxcvbn's frequency list (MIT licence; counted from
 * Mark Burnett's ten million passwords, 2015), as Debian's python3-zxcvbn
 * ships it; the file's header says more. Makefile.am sorts it into a C
 * array (lib/common_passwords.c) at build time; lookups are a binary
 * search. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "crypto.h"
#include "password_policy.h"
#include "utf8.h"

/* ---- case-insensitive matching over code points ---- */

/* Decode s into cps (at most cap); invalid bytes count as themselves.
 * Returns the number of code points. */
static size_t
decode(const char *s, uint32_t *cps, size_t cap)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = 0;
	while (*p && n < cap) {
		uint32_t cp = *p;
		size_t len = 1;
		if (cp >= 0xC2 && cp <= 0xDF) { len = 2; cp &= 0x1F; }
		else if (cp >= 0xE0 && cp <= 0xEF) { len = 3; cp &= 0x0F; }
		else if (cp >= 0xF0 && cp <= 0xF4) { len = 4; cp &= 0x07; }
		size_t i = 1;
		for (; i < len; i++) {
			if ((p[i] & 0xC0) != 0x80)
				break;
			cp = cp << 6 | (p[i] & 0x3F);
		}
		if (i < len) {          /* broken sequence: the lead byte alone */
			cp = *p;
			len = 1;
		}
		cps[n++] = cp;
		p += len;
	}
	return n;
}

/* Simple lower-casing for the scripts names are mostly written in: ASCII,
 * Latin-1, Latin Extended-A, Greek and Cyrillic. Others compare exactly. */
static uint32_t
fold(uint32_t c)
{
	if (c >= 'A' && c <= 'Z')
		return c + 32;
	if (c < 0x80)
		return c;
	if (c >= 0xC0 && c <= 0xDE && c != 0xD7)
		return c + 32;
	if (c >= 0x100 && c <= 0x137 && !(c & 1))
		return c + 1;
	if (c >= 0x139 && c <= 0x148 && (c & 1))
		return c + 1;
	if (c >= 0x14A && c <= 0x177 && !(c & 1))
		return c + 1;
	if (c == 0x178)
		return 0xFF;
	if (c >= 0x179 && c <= 0x17E && (c & 1))
		return c + 1;
	if (c >= 0x391 && c <= 0x3AB && c != 0x3A2)
		return c + 32;
	if (c >= 0x410 && c <= 0x42F)
		return c + 32;
	if (c >= 0x400 && c <= 0x40F)
		return c + 80;
	return c;
}

/* Separators between the parts of a name or an email's local part. */
static int
is_sep(uint32_t c)
{
	return c < 0x80 && !((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'));
}

static int
contains(const uint32_t *hay, size_t nh, const uint32_t *needle, size_t nn)
{
	if (nn == 0 || nn > nh)
		return 0;
	for (size_t i = 0; i + nn <= nh; i++) {
		size_t k = 0;
		while (k < nn && hay[i + k] == needle[k])
			k++;
		if (k == nn)
			return 1;
	}
	return 0;
}

/* 1 if pw (folded, npw code points) contains the whole of text or any of
 * its parts, for those of PASSWORD_POLICY_PART_MIN code points or more. */
static int
contains_parts(const uint32_t *pw, size_t npw, const char *text, size_t text_bytes)
{
	uint32_t buf[256];
	char *copy = strndup(text, text_bytes);
	if (copy == NULL)
		return 0;
	size_t n = decode(copy, buf, sizeof(buf) / sizeof(buf[0]));
	free(copy);
	/* Trim separators at both ends; fold the rest. */
	size_t a = 0, b = n;
	while (a < b && (buf[a] == ' ' || buf[a] == '\t'))
		a++;
	while (b > a && (buf[b - 1] == ' ' || buf[b - 1] == '\t'))
		b--;
	for (size_t i = a; i < b; i++)
		buf[i] = fold(buf[i]);
	if (b - a >= PASSWORD_POLICY_PART_MIN && contains(pw, npw, buf + a, b - a))
		return 1;
	for (size_t i = a; i < b;) {
		while (i < b && is_sep(buf[i]))
			i++;
		size_t start = i;
		while (i < b && !is_sep(buf[i]))
			i++;
		if (i - start >= PASSWORD_POLICY_PART_MIN && contains(pw, npw, buf + start, i - start))
			return 1;
	}
	return 0;
}

/* ---- the common list ---- */

static int
cmp_str(const void *key, const void *elem)
{
	return strcmp((const char *)key, *(const char *const *)elem);
}

int
password_policy_common(const char *pw)
{
	char low[64];
	size_t n = strlen(pw);
	if (n == 0 || n >= sizeof(low))
		return 0;            /* the list's longest entry is far shorter */
	for (size_t i = 0; i <= n; i++)
		low[i] = (pw[i] >= 'A' && pw[i] <= 'Z') ? (char)(pw[i] + 32) : pw[i];
	return bsearch(low, password_common_list, password_common_count, sizeof(password_common_list[0]),
	    cmp_str) != NULL;
}

/* ---- the rules ---- */

unsigned
password_policy_check(const char *pw, const char *email, const char *name)
{
	unsigned broken = 0;
	if (pw == NULL)
		pw = "";
	size_t bytes = strlen(pw);
	if (bytes > PASSWORD_POLICY_MAX_BYTES)
		broken |= PW_RULE_LONG;
	int text_ok = utf8_valid(pw, bytes);
	for (const unsigned char *p = (const unsigned char *)pw; *p && text_ok; p++)
		if (*p < 0x20 || *p == 0x7F)
			text_ok = 0;
	if (!text_ok)
		broken |= PW_RULE_TEXT;
	if (utf8_chars(pw) < PASSWORD_POLICY_MIN_CHARS)
		broken |= PW_RULE_SHORT;
	if (password_policy_common(pw))
		broken |= PW_RULE_COMMON;
	if (broken & PW_RULE_LONG)
		return broken;        /* not worth searching a megabyte for names */

	uint32_t folded[PASSWORD_POLICY_MAX_BYTES];
	size_t n = decode(pw, folded, PASSWORD_POLICY_MAX_BYTES);
	for (size_t i = 0; i < n; i++)
		folded[i] = fold(folded[i]);
	if (email != NULL && *email) {
		const char *at = strrchr(email, '@');
		size_t local = at ? (size_t)(at - email) : strlen(email);
		if (contains_parts(folded, n, email, local))
			broken |= PW_RULE_EMAIL;
	}
	if (name != NULL && *name && contains_parts(folded, n, name, strlen(name)))
		broken |= PW_RULE_NAME;
	return broken;
}

static const struct {
	enum password_rule rule;
	const char        *message;
} rule_messages[] = {
	{ PW_RULE_SHORT,  "Use at least 12 characters." },
	{ PW_RULE_LONG,   "Use at most 1024 bytes." },
	{ PW_RULE_TEXT,   "Use letters, digits, spaces and symbols only (no control characters)." },
	{ PW_RULE_EMAIL,  "Do not use your email address (or part of it) in the password." },
	{ PW_RULE_NAME,   "Do not use your name (or part of it) in the password." },
	{ PW_RULE_COMMON, "This is one of the 10,000 most common passwords: choose another." },
};

const char *
password_policy_message(enum password_rule rule)
{
	for (size_t i = 0; i < sizeof(rule_messages) / sizeof(rule_messages[0]); i++)
		if (rule_messages[i].rule == rule)
			return rule_messages[i].message;
	return "";
}

size_t
password_policy_explain(unsigned broken, char *out, size_t cap)
{
	size_t len = 0;
	if (cap > 0)
		out[0] = '\0';
	for (size_t i = 0; i < sizeof(rule_messages) / sizeof(rule_messages[0]); i++) {
		if (!(broken & rule_messages[i].rule))
			continue;
		const char *m = rule_messages[i].message;
		size_t ml = strlen(m), sep = len ? 1 : 0;
		if (len + sep + ml < cap) {
			if (sep)
				out[len] = ' ';
			memcpy(out + len + sep, m, ml + 1);
		}
		len += sep + ml;
	}
	return len;
}

int
password_policy_generate(char *out, size_t cap, const char *email, const char *name)
{
	/* No 0/o, 1/l/i: read aloud or copied from a screen without doubt. */
	static const char alphabet[] = "abcdefghjkmnpqrstuvwxyz23456789";
	const unsigned nsym = sizeof(alphabet) - 1;               /* 31 */
	if (cap < 24)
		return -1;
	for (int attempt = 0; attempt < 16; attempt++) {
		size_t o = 0;
		while (o < 23) {
			unsigned char rnd[32];
			if (crypto_random(rnd, sizeof(rnd)) != 0)
				return -1;
			for (size_t i = 0; i < sizeof(rnd) && o < 23; i++) {
				if (o % 6 == 5) {
					out[o++] = '-';
					continue;
				}
				if (rnd[i] >= 248)        /* 248 = 8 × 31: no modulo bias */
					continue;
				out[o++] = alphabet[rnd[i] % nsym];
			}
		}
		out[23] = '\0';
		if (password_policy_check(out, email, name) == 0)
			return 0;
	}
	return -1;
}
