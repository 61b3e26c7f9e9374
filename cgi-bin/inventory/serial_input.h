/* serial_input: the scanner-friendly serials field (docs/serials.md).
 *
 * What people type or paste into one textarea becomes a list of serials,
 * each with an optional MAC:
 *   - one serial a line (a barcode scanner ends each scan with Enter);
 *   - a pasted spreadsheet column or row: CR, LF, CRLF, tabs, commas,
 *     semicolons and spaces all separate serials;
 *   - "SERIAL MAC" on a line (space, tab or comma between): a MAC written
 *     with separators (b8:d7:af:10:00:01, B8-D7-AF-10-00-01,
 *     b8d7.af10.0001) after a serial is its MAC; 12 bare hex digits are a
 *     MAC only as the second of exactly two items on a line;
 *   - ranges: SN1000-SN1049 is SN1000, SN1001, ... SN1049 (the same prefix
 *     on both sides, the same number of digits, counting up, at most
 *     max serials in all). Without a prefix (1000-1049) it is a range only
 *     when it counts up; "2024-0001" stays one serial.
 * A serial is letters, digits and . _ / : + # - (at most 64, starting with
 * a letter or digit), as sql/040 checks it again. Serials are unique in
 * one input whatever their case, MACs too.
 *
 * The stock move form and the purchase-order receiving page call
 * serial_input_parse, then hand serial_input_pg_serials and
 * serial_input_pg_macs to inventory.move_serials($move, $2::text[], $3::text[]). */
#ifndef HEARTH_SERIAL_INPUT_H
#define HEARTH_SERIAL_INPUT_H

#include <stddef.h>
#include "arena.h"

#define SERIAL_INPUT_MAX 10000     /* serials in one field, ranges expanded */
#define SERIAL_LEN_MAX   64

struct serial_entry {
	const char *serial;        /* as typed (a range's items: prefix + zero-padded number) */
	const char *mac;           /* "aa:bb:cc:dd:ee:ff", or NULL */
	int         line;          /* 1-based line it came from */
};

struct serial_input {
	struct serial_entry *items;   /* in the order typed */
	size_t               n;
	const char          *error;   /* NULL, or the first problem, a sentence naming the line */
};

/* Parse text (NULL or "" → no serials) into in, allocated in a; at most
 * max serials (0 or more than SERIAL_INPUT_MAX: SERIAL_INPUT_MAX).
 * Returns 0, or -1 with in->error set (in->n is then 0). */
int serial_input_parse(struct arena *a, const char *text, size_t max, struct serial_input *in);

/* The serials as a PostgreSQL text[] literal: {"SN1","SN2"} ("{}" for none). */
const char *serial_input_pg_serials(struct arena *a, const struct serial_input *in);
/* The MACs, parallel to the serials ({NULL,"aa:bb:..."}); NULL when no
 * serial has one (SQL NULL: move_serials' default). */
const char *serial_input_pg_macs(struct arena *a, const struct serial_input *in);

/* A MAC of 12 hex digits, bare or with : - . or space between groups of
 * 2 or 4 (the same separator throughout), as "aa:bb:cc:dd:ee:ff" in out.
 * bare_ok: accept 12 bare hex digits. 0 ok, -1 not a MAC. */
int serial_mac_normalise(const char *s, size_t n, int bare_ok, char out[18]);

#endif
