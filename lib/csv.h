/* csv: RFC 4180 output. A field that a spreadsheet would run as a formula
 * (= + - @ tab CR at the start) is prefixed with ' so exports are safe to open. */
#ifndef HEARTH_CSV_H
#define HEARTH_CSV_H

#include <json-c/json.h>
#include "buf.h"

void csv_field(struct buf *b, const char *s, int first);
void csv_row_end(struct buf *b);
/* A header row of cols, then one row per item with each col's value
 * (arrays joined with "; ", null as empty). cols ends with NULL. */
void csv_items(struct buf *b, json_object *items, const char *const *cols);

#endif
