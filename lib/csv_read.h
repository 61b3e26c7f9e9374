/* csv_read: reading CSV files people upload (lib/csv.c writes them).
 * A streaming RFC 4180 reader over bytes in memory (an mmap'd upload):
 * quoted fields with embedded delimiters, quotes ("") and newlines; CRLF,
 * LF or CR line ends; a byte order mark skipped; input in UTF-8, UTF-16
 * LE/BE, Windows-1252 or ISO-8859-1 converted to UTF-8 with iconv a chunk
 * at a time. Hard limits on a field, a record, the fields of a record and
 * the rows of a file stop hostile input early: a 50 MB line is refused
 * after max_record bytes, never read whole.
 *
 * Also the two guesses an upload needs: the encoding (csvr_detect_encoding)
 * and the delimiter (csvr_sniff_delimiter). */
#ifndef HEARTH_CSV_READ_H
#define HEARTH_CSV_READ_H

#include <stddef.h>

enum csvr_encoding {
	CSVR_UTF8,          /* validated; a UTF-8 BOM is skipped too */
	CSVR_UTF8_BOM,
	CSVR_UTF16LE,       /* with or without its BOM */
	CSVR_UTF16BE,
	CSVR_WINDOWS_1252,
	CSVR_LATIN1,        /* ISO-8859-1 */
	CSVR__ENC_MAX
};
/* "utf-8", "utf-8-bom", "utf-16le", "utf-16be", "windows-1252", "iso-8859-1". */
const char *csvr_encoding_name(enum csvr_encoding e);
/* The encoding named (as above), or -1. */
int csvr_encoding_parse(const char *name);

/* The file's encoding: its BOM if it has one; UTF-16 without a BOM when
 * every other byte of the start is NUL; UTF-8 when all n bytes are valid
 * UTF-8 (the whole file is checked: a bad byte at the end still counts);
 * else Windows-1252, the usual guess for a spreadsheet saved on Windows
 * (the user may choose ISO-8859-1 or another one instead). */
enum csvr_encoding csvr_detect_encoding(const char *p, size_t n);

/* The delimiter of UTF-8 text (the start of a file, already decoded):
 * the candidate among , ; tab | found the same number of times (outside
 * quotes) on each of the first lines, most often; ',' when none is. */
char csvr_sniff_delimiter(const char *p, size_t n);

/* The first bytes of the n at p converted from enc to UTF-8 (a BOM
 * skipped), at most outsz; how many were written. For the sniffer. */
size_t csvr_decode_start(const char *p, size_t n, enum csvr_encoding enc, char *out, size_t outsz);

struct csvr_limits {
	size_t max_field;       /* bytes of one field (decoded) */
	size_t max_record;      /* bytes of one record, its delimiters included */
	size_t max_fields;      /* fields of one record */
	size_t max_rows;        /* records of the file, the header included */
};
/* 64 KiB a field, 1 MiB a record, 500 fields, 200,001 rows. */
extern const struct csvr_limits csvr_default_limits;

enum csvr_result { CSVR_ERROR = -1, CSVR_EOF = 0, CSVR_ROW = 1 };

struct csvr;   /* opaque: buffers of its own (malloc), freed by csvr_close */

/* A reader of the n bytes at p in encoding enc with delimiter delim.
 * p must stay valid until csvr_close. NULL only when out of memory or the
 * encoding is not known to iconv. */
struct csvr *csvr_open(const char *p, size_t n, enum csvr_encoding enc, char delim,
                       const struct csvr_limits *lim);
void csvr_close(struct csvr *c);

/* The next record: CSVR_ROW with *nfields fields in *fields (each NUL-
 * terminated UTF-8 as converted, lengths in *lens; valid until the next
 * call), CSVR_EOF at the end, CSVR_ERROR with csvr_error() telling why and
 * where (the file is malformed: nothing of it should be used). Blank lines
 * are skipped. */
enum csvr_result csvr_next(struct csvr *c, const char *const **fields, const size_t **lens,
                           size_t *nfields);
/* The physical line the last record started on (1-based). */
long csvr_line(const struct csvr *c);
/* Records read so far. */
long csvr_rows(const struct csvr *c);
/* Why csvr_next answered CSVR_ERROR, for people ("Line 3 is longer than ..."). */
const char *csvr_error(const struct csvr *c);
/* Bytes that could not be converted were replaced with U+FFFD (so many). */
long csvr_replaced(const struct csvr *c);

#endif
