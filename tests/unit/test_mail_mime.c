/* test_mail_mime: the outgoing message as bytes (lib/mail_mime.c): header
 * values that cannot inject a header, RFC 2047 words, quoted-printable,
 * the date, and a whole multipart/alternative message. */
#include "fixtures.h"
#include <stdlib.h>
#include <string.h>
#include "crypto.h"
#include "mail_mime.h"
#include "utf8.h"

/* Quoted-printable back to bytes (the test's own decoder). */
static char *
qp_decode(const char *s)
{
	char *out = malloc(strlen(s) + 1), *o = out;
	while (*s) {
		if (s[0] == '=' && s[1] == '\r' && s[2] == '\n') {
			s += 3;                              /* soft break */
		} else if (s[0] == '=') {
			char hex[3] = { s[1], s[2], 0 };
			*o++ = (char)strtol(hex, NULL, 16);
			s += 3;
		} else {
			*o++ = *s++;
		}
	}
	*o = '\0';
	return out;
}

/* Every line of s (CRLF-separated) at most max characters. */
static void
lines_at_most(const char *s, size_t max)
{
	const char *p = s;
	while (*p) {
		const char *e = strstr(p, "\r\n");
		size_t n = e ? (size_t)(e - p) : strlen(p);
		if (n > max)
			fail_msg("line of %zu characters: %.*s", n, (int)n, p);
		p = e ? e + 2 : p + n;
	}
}

/* CR, LF and other controls are refused in a header value; a tab and
 * UTF-8 are fine; broken UTF-8 is not. */
static void
header_values(void **state)
{
	(void)state;
	assert_true(mime_header_ok("Ann O'Neil"));
	assert_true(mime_header_ok("Gr\xc3\xbc\xc3\x9f" "e\tK\xc3\xb6ln"));
	assert_false(mime_header_ok("Hi\r\nBcc: eve@example.com"));
	assert_false(mime_header_ok("Hi\nBcc: eve@example.com"));
	assert_false(mime_header_ok("Hi\rthere"));
	assert_false(mime_header_ok("bell\x07"));
	assert_false(mime_header_ok("del\x7f"));
	assert_false(mime_header_ok("\xc3"));
	assert_false(mime_header_ok(NULL));
}

/* Printable ASCII stays as it is; anything else becomes encoded words of
 * at most 75 characters that never split a character and decode back. */
static void
encoded_words(void **state)
{
	(void)state;
	struct buf b;
	buf_init(&b);
	mime_encode_words(&b, "Plain subject");
	assert_string_equal(b.data, "Plain subject");
	buf_reset(&b);
	mime_encode_words(&b, "not =?an?= encoded word");
	assert_memory_equal(b.data, "=?UTF-8?B?", 10);
	buf_reset(&b);
	mime_encode_words(&b, "K\xc3\xb6ln");
	assert_string_equal(b.data, "=?UTF-8?B?S8O2bG4=?=");
	/* a long subject of two-byte letters: several words, each whole */
	char longs[301];
	for (int i = 0; i < 150; i++)
		memcpy(longs + 2 * i, "\xc3\xa9", 2);
	longs[300] = '\0';
	buf_reset(&b);
	mime_encode_words(&b, longs);
	lines_at_most(b.data + 0, 76);
	struct buf all;
	buf_init(&all);
	for (char *w = strstr(b.data, "=?UTF-8?B?"); w; w = strstr(w + 1, "=?UTF-8?B?")) {
		char *end = strstr(w, "?=");
		assert_non_null(end);
		assert_true(end + 2 - w <= 75);
		unsigned char raw[64];
		long n = crypto_unb64(raw, sizeof(raw), w + 10, (size_t)(end - (w + 10)));
		assert_true(n > 0);
		assert_true(utf8_valid((const char *)raw, (size_t)n));     /* no character split */
		buf_append(&all, raw, (size_t)n);
	}
	assert_string_equal(all.data, longs);
	buf_free(&all);
	buf_free(&b);
}

static void
addresses(void **state)
{
	(void)state;
	struct buf b;
	buf_init(&b);
	mime_address(&b, "", "a@example.com");
	assert_string_equal(b.data, "a@example.com");
	buf_reset(&b);
	mime_address(&b, "Ann \"The\" Boss\\", "a@example.com");
	assert_string_equal(b.data, "\"Ann \\\"The\\\" Boss\\\\\" <a@example.com>");
	buf_reset(&b);
	mime_address(&b, "J\xc3\xbcrgen", "j@example.com");
	assert_string_equal(b.data, "=?UTF-8?B?SsO8cmdlbg==?= <j@example.com>");
	buf_free(&b);
}

/* Quoted-printable: "=", non-ASCII and white space at a line end encoded,
 * CRLF line ends, soft breaks keep lines ≤ 76, and it decodes back. */
static void
quoted_printable(void **state)
{
	(void)state;
	struct buf b;
	buf_init(&b);
	const char *in = "a=b caf\xc3\xa9\nend space \nlast\ttab\t";
	mime_qp(&b, in, strlen(in));
	assert_string_equal(b.data, "a=3Db caf=C3=A9\r\nend space=20\r\nlast\ttab=09");
	buf_reset(&b);
	mime_qp(&b, "one\r\ntwo\rthree", 14);
	assert_string_equal(b.data, "one\r\ntwo\r\nthree");
	/* 100 letters: 75 and a soft break, then 25 */
	char hundred[101];
	memset(hundred, 'a', 100);
	hundred[100] = '\0';
	buf_reset(&b);
	mime_qp(&b, hundred, 100);
	assert_int_equal(strlen(b.data), 100 + 3);
	assert_memory_equal(b.data + 75, "=\r\n", 3);
	/* exactly 76 letters fit on one line without a break */
	buf_reset(&b);
	mime_qp(&b, hundred, 76);
	assert_int_equal(strlen(b.data), 76);
	/* a long line of encoded letters: never an escape cut by a break */
	char mixed[601];
	for (int i = 0; i < 200; i++)
		memcpy(mixed + 3 * i, "\xe2\x9c\x93", 3);
	mixed[600] = '\0';
	buf_reset(&b);
	mime_qp(&b, mixed, 600);
	lines_at_most(b.data, 76);
	char *back = qp_decode(b.data);
	assert_string_equal(back, mixed);
	free(back);
	buf_free(&b);
}

static void
dates(void **state)
{
	(void)state;
	struct buf b;
	buf_init(&b);
	mime_date(&b, 0);
	assert_string_equal(b.data, "Thu, 01 Jan 1970 00:00:00 +0000");
	buf_reset(&b);
	mime_date(&b, 1796312968);
	assert_string_equal(b.data, "Thu, 03 Dec 2026 15:49:28 +0000");
	buf_free(&b);
}

static struct mime_msg
sample(void)
{
	return (struct mime_msg){
		.from_address = "office@example.com", .from_name = "Hearth B\xc3\xbcro",
		.to_address = "jo@example.com", .to_name = "Jo Smith", .reply_to = "help@example.com",
		.subject = "Gr\xc3\xbc\xc3\x9f" "e", .message_id = "<abc@example.com>", .date = 0,
		.text = "Hello Jo,\nline two", .html = "<p>Hello &amp; welcome</p>",
		.boundary = "=_hearth_test",
	};
}

/* The whole message, byte for byte. */
static void
whole_message(void **state)
{
	(void)state;
	struct buf b;
	buf_init(&b);
	struct mime_msg m = sample();
	assert_int_equal(mime_build(&b, &m), 0);
	assert_string_equal(b.data,
	    "Date: Thu, 01 Jan 1970 00:00:00 +0000\r\n"
	    "From: =?UTF-8?B?SGVhcnRoIELDvHJv?= <office@example.com>\r\n"
	    "To: \"Jo Smith\" <jo@example.com>\r\n"
	    "Reply-To: help@example.com\r\n"
	    "Subject: =?UTF-8?B?R3LDvMOfZQ==?=\r\n"
	    "Message-ID: <abc@example.com>\r\n"
	    "MIME-Version: 1.0\r\n"
	    "Auto-Submitted: auto-generated\r\n"
	    "Content-Type: multipart/alternative; boundary=\"=_hearth_test\"\r\n"
	    "\r\n"
	    "--=_hearth_test\r\n"
	    "Content-Type: text/plain; charset=UTF-8\r\n"
	    "Content-Transfer-Encoding: quoted-printable\r\n"
	    "\r\n"
	    "Hello Jo,\r\nline two\r\n"
	    "--=_hearth_test\r\n"
	    "Content-Type: text/html; charset=UTF-8\r\n"
	    "Content-Transfer-Encoding: quoted-printable\r\n"
	    "\r\n"
	    "<p>Hello &amp; welcome</p>\r\n"
	    "--=_hearth_test--\r\n");
	/* a random boundary when none is given: "=_hearth_" and 24 hex digits */
	buf_reset(&b);
	m.boundary = NULL;
	assert_int_equal(mime_build(&b, &m), 0);
	assert_non_null(strstr(b.data, "boundary=\"=_hearth_"));
	buf_free(&b);
}

/* A line break in any header value, or no from address: no message. */
static void
injection_refused(void **state)
{
	(void)state;
	const char *evil = "x\r\nBcc: eve@example.com";
	for (int field = 0; field < 6; field++) {
		struct mime_msg m = sample();
		const char **slot[] = { &m.from_name, &m.to_name, &m.subject, &m.reply_to, &m.to_address, &m.message_id };
		*slot[field] = evil;
		struct buf b;
		buf_init(&b);
		assert_int_equal(mime_build(&b, &m), -1);
		buf_free(&b);
	}
	struct mime_msg m = sample();
	m.from_address = "";
	struct buf b;
	buf_init(&b);
	assert_int_equal(mime_build(&b, &m), -1);
	buf_free(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(header_values),
		cmocka_unit_test(encoded_words),
		cmocka_unit_test(addresses),
		cmocka_unit_test(quoted_printable),
		cmocka_unit_test(dates),
		cmocka_unit_test(whole_message),
		cmocka_unit_test(injection_refused),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
