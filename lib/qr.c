/* qr.c: libqrencode's module grid to SVG, one path of horizontal runs. */
#include <stdlib.h>
#include <string.h>
#include <qrencode.h>
#include "buf.h"
#include "qr.h"

#define QR_QUIET 4   /* modules of white border the spec asks for */

char *
qr_svg(const char *text, int size)
{
	if (text == NULL || *text == '\0')
		return NULL;
	QRcode *qr = QRcode_encodeString8bit(text, 0, QR_ECLEVEL_M);
	if (qr == NULL)
		return NULL;
	int w = qr->width, total = w + 2 * QR_QUIET;
	if (size <= 0)
		size = total * 4;
	struct buf b;
	buf_init(&b);
	buf_printf(&b, "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"qr\" viewBox=\"0 0 %d %d\" "
	    "width=\"%d\" height=\"%d\" shape-rendering=\"crispEdges\" role=\"img\" "
	    "aria-label=\"QR code\"><rect width=\"%d\" height=\"%d\" fill=\"#fff\"/><path fill=\"#000\" d=\"",
	    total, total, size, size, total, total);
	for (int y = 0; y < w; y++) {
		for (int x = 0; x < w;) {
			if (!(qr->data[y * w + x] & 1)) {
				x++;
				continue;
			}
			int run = 1;
			while (x + run < w && (qr->data[y * w + x + run] & 1))
				run++;
			buf_printf(&b, "M%d %dh%dv1h-%dz", x + QR_QUIET, y + QR_QUIET, run, run);
			x += run;
		}
	}
	buf_puts(&b, "\"/></svg>");
	QRcode_free(qr);
	char *s = strdup(b.data);
	buf_free(&b);
	return s;
}
