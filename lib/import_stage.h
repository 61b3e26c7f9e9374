/* import_stage: a preview's rows checked and staged (lib/import.c's
 * preview step; see import_stage.c). */
#ifndef HEARTH_IMPORT_STAGE_H
#define HEARTH_IMPORT_STAGE_H

#include "csv_read.h"
#include "import.h"

/* Reads the n bytes at p again (encoding enc, delimiter delim) and COPYs
 * every data row into core.import_rows for import_id, in the open
 * transaction: status ok, error or duplicate, the clean values of the
 * columns mapped (col_of[c]: the file's column of the kind's column c, or
 * -1), the messages, the fields as read. NULL with *e HE_OK when staged;
 * NULL with *e set on a database failure (logged); the reader's refusal
 * (why and where) with *e HE_INVALID. */
const char *import_stage_rows(struct request *r, const struct import_kind *k, long long import_id,
                              const char *p, size_t n, enum csvr_encoding enc, char delim,
                              const int *col_of, enum herr *e);

#endif
