/* mail_mime.c: see mail_mime.h. */
#include <stdio.h>
#include <string.h>
#include "crypto.h"
#include "mail_mime.h"
#include "utf8.h"

#define QP_LINE     76     /* RFC 2045: at most 76 characters a line */
#define WORD_BYTES  45     /* raw bytes an encoded word carries: 60 base64 + 12 = 72 ≤ 75 */

int
mime_header_ok(const char *s)
{
	if (s == NULL)
		return 0;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if ((*p < 0x20 && *p != '\t') || *p == 0x7F)
			return 0;
	return utf8_valid(s, strlen(s));
}

static int
plain_ascii(const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (*p < 0x20 || *p > 0x7E)
			return 0;
	return strstr(s, "=?") == NULL;     /* that would read as an encoded word */
}

void
mime_encode_words(struct buf *b, const char *s)
{
	if (plain_ascii(s)) {
		buf_puts(b, s);
		return;
	}
	size_t n = strlen(s), i = 0;
	char enc[4 * (WORD_BYTES / 3 + 1) + 1];
	while (i < n) {
		size_t take = n - i < WORD_BYTES ? n - i : WORD_BYTES;
		/* never end a word inside a character: back off continuation bytes */
		while (i + take < n && take > 0 && ((unsigned char)s[i + take] & 0xC0) == 0x80)
			take--;
		if (take == 0)
			take = n - i < WORD_BYTES ? n - i : WORD_BYTES;
		crypto_b64(enc, (const unsigned char *)s + i, take);
		if (i > 0)
			buf_puts(b, "\r\n ");       /* folded: the space between words is not shown */
		buf_printf(b, "=?UTF-8?B?%s", enc);
		/* crypto_b64 leaves the padding off: RFC 2047 wants it */
		for (size_t pad = (3 - take % 3) % 3; pad > 0; pad--)
			buf_putc(b, '=');
		buf_puts(b, "?=");
		i += take;
	}
}

void
mime_address(struct buf *b, const char *name, const char *address)
{
	if (name == NULL || *name == '\0') {
		buf_puts(b, address);
		return;
	}
	if (plain_ascii(name)) {
		buf_putc(b, '"');
		for (const char *p = name; *p; p++) {
			if (*p == '"' || *p == '\\')
				buf_putc(b, '\\');
			buf_putc(b, *p);
		}
		buf_putc(b, '"');
	} else {
		mime_encode_words(b, name);
	}
	buf_printf(b, " <%s>", address);
}

void
mime_qp(struct buf *b, const char *s, size_t n)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t col = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '\r' || c == '\n') {
			if (c == '\r' && i + 1 < n && s[i + 1] == '\n')
				i++;
			buf_puts(b, "\r\n");
			col = 0;
			continue;
		}
		int at_eol = i + 1 == n || s[i + 1] == '\r' || s[i + 1] == '\n';
		int literal = (c >= 0x21 && c <= 0x7E && c != '=') || ((c == ' ' || c == '\t') && !at_eol);
		size_t width = literal ? 1 : 3;
		/* a soft break leaves room for the "=" at the end of the line */
		if (col + width > QP_LINE - 1 && !(at_eol && col + width <= QP_LINE)) {
			buf_puts(b, "=\r\n");
			col = 0;
		}
		if (literal) {
			buf_putc(b, (char)c);
		} else {
			char e[3] = { '=', hex[c >> 4], hex[c & 15] };
			buf_append(b, e, 3);
		}
		col += width;
	}
}

void
mime_date(struct buf *b, time_t t)
{
	static const char days[][4] = { "Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat" };
	static const char months[][4] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
	                                  "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
	struct tm tm;
	gmtime_r(&t, &tm);
	buf_printf(b, "%s, %02d %s %04d %02d:%02d:%02d +0000", days[tm.tm_wday], tm.tm_mday, months[tm.tm_mon],
	    tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

static void
part(struct buf *b, const char *boundary, const char *type, const char *body)
{
	buf_printf(b, "--%s\r\nContent-Type: %s; charset=UTF-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n",
	    boundary, type);
	mime_qp(b, body, strlen(body));
	buf_puts(b, "\r\n");
}

int
mime_build(struct buf *b, const struct mime_msg *m)
{
	const char *values[] = { m->from_address, m->from_name, m->to_address, m->to_name,
	                         m->reply_to ? m->reply_to : "", m->subject, m->message_id };
	for (size_t i = 0; i < sizeof(values) / sizeof(values[0]); i++)
		if (!mime_header_ok(values[i]))
			return -1;
	if (*m->from_address == '\0' || *m->to_address == '\0' || !utf8_valid(m->text, strlen(m->text)) ||
	    !utf8_valid(m->html, strlen(m->html)))
		return -1;
	/* "=_" never occurs in quoted-printable text (a "=" is always
	 * followed by hex digits or a line end), so no body holds the boundary. */
	char boundary[64];
	if (m->boundary != NULL) {
		snprintf(boundary, sizeof(boundary), "%s", m->boundary);
	} else {
		unsigned char rnd[12];
		if (crypto_random(rnd, sizeof(rnd)) != 0)
			return -1;
		strcpy(boundary, "=_hearth_");
		crypto_hex(boundary + strlen(boundary), rnd, sizeof(rnd));
	}
	buf_puts(b, "Date: ");
	mime_date(b, m->date);
	buf_puts(b, "\r\nFrom: ");
	mime_address(b, m->from_name, m->from_address);
	buf_puts(b, "\r\nTo: ");
	mime_address(b, m->to_name, m->to_address);
	if (m->reply_to && *m->reply_to)
		buf_printf(b, "\r\nReply-To: %s", m->reply_to);
	buf_puts(b, "\r\nSubject: ");
	mime_encode_words(b, m->subject);
	buf_printf(b, "\r\nMessage-ID: %s\r\nMIME-Version: 1.0\r\nAuto-Submitted: auto-generated\r\n"
	    "Content-Type: multipart/alternative; boundary=\"%s\"\r\n\r\n", m->message_id, boundary);
	part(b, boundary, "text/plain", m->text);
	part(b, boundary, "text/html", m->html);
	buf_printf(b, "--%s--\r\n", boundary);
	return 0;
}
