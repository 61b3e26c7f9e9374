/* buf: a growable byte buffer (malloc'd, owner frees). Responses are
 * rendered into one and sent whole, so a failure halfway is a clean 500. */
#ifndef HEARTH_BUF_H
#define HEARTH_BUF_H

#include <stdarg.h>
#include <stddef.h>

struct buf {
	char   *data;   /* always NUL-terminated when non-NULL */
	size_t  len;
	size_t  cap;
};

void buf_init(struct buf *b);
void buf_free(struct buf *b);
void buf_reset(struct buf *b);                         /* len = 0, keeps memory */
void buf_reserve(struct buf *b, size_t extra);
void buf_append(struct buf *b, const void *p, size_t n);
void buf_puts(struct buf *b, const char *s);
void buf_putc(struct buf *b, char c);
void buf_printf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void buf_vprintf(struct buf *b, const char *fmt, va_list ap);
/* HTML-escape s (& < > " ') into b. */
void buf_html(struct buf *b, const char *s);
/* Percent-encode s for a URL query component into b. */
void buf_urlenc(struct buf *b, const char *s);

#endif
