/* qr: a QR code (libqrencode) as an inline SVG string, for the 2FA
 * enrolment page. The SVG holds only numbers made here (no text from the
 * input), so a template may print it unescaped. */
#ifndef HEARTH_QR_H
#define HEARTH_QR_H

#include <stddef.h>

/* The QR code of text (error correction M, byte mode) as
 * <svg ...><rect .../><path d="..."/></svg>: a white 4-module quiet zone,
 * one path of dark modules, size px wide and high (0: 4 px a module).
 * malloc'd; NULL if text does not fit a QR code or on failure. */
char *qr_svg(const char *text, int size);

#endif
