/* mail_mime: an outgoing message as RFC 5322 + MIME text, built by
 * hearth-worker before it hands it to libcurl: multipart/alternative
 * (text/plain, then text/html), UTF-8, quoted-printable bodies, RFC 2047
 * encoded subject and names, Date, Message-ID. Pure functions over a buf,
 * so tests/unit/test_mail_mime.c checks every byte. */
#ifndef HEARTH_MAIL_MIME_H
#define HEARTH_MAIL_MIME_H

#include <time.h>
#include "buf.h"

struct mime_msg {
	const char *from_address, *from_name;   /* from_name may be "" */
	const char *to_address, *to_name;       /* to_name may be "" */
	const char *reply_to;                   /* "" or NULL: none */
	const char *subject;
	const char *message_id;                 /* "<...@...>" */
	time_t      date;
	const char *text, *html;                /* the two parts, UTF-8 */
	const char *boundary;                   /* NULL: a random one */
};

/* 1 when s may be a header value: valid UTF-8 without CR, LF or another
 * control character (a tab is fine). Nothing else is ever written into a
 * header, so no header can be injected. */
int mime_header_ok(const char *s);
/* s as a header value: as it is when it is printable ASCII (and holds no
 * "=?"), else RFC 2047 "B" encoded words of UTF-8, each at most 75
 * characters and never splitting a character, folded onto new lines. */
void mime_encode_words(struct buf *b, const char *s);
/* An address with its display name: "Name" <a@b>, an encoded name, or
 * the bare address when name is empty. */
void mime_address(struct buf *b, const char *name, const char *address);
/* Quoted-printable (RFC 2045) of n bytes: CRLF line ends (a lone LF or
 * CR becomes one), lines of at most 76 characters with soft breaks, "=",
 * controls, bytes over 0x7E and white space before a line end encoded. */
void mime_qp(struct buf *b, const char *s, size_t n);
/* RFC 5322 date of t, in UTC: "Thu, 03 Dec 2026 15:45:37 +0000". */
void mime_date(struct buf *b, time_t t);
/* The whole message into b (appended). 0, or -1 when a header value is
 * not mime_header_ok or an address is missing (b is then unusable). */
int mime_build(struct buf *b, const struct mime_msg *m);

#endif
