/* utf8: input must be valid UTF-8 without NUL or other C0 controls but tab,
 * CR, LF (a 400 otherwise). */
#ifndef HEARTH_UTF8_H
#define HEARTH_UTF8_H

#include <stddef.h>

int utf8_valid(const char *s, size_t n);          /* 1 if valid UTF-8, no NUL */
int utf8_text_ok(const char *s, size_t n);        /* utf8_valid and no control chars but \t\r\n */
size_t utf8_chars(const char *s);                 /* code points in a valid string */

#endif
