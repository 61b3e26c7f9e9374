/* audit_verify: `hearthctl audit verify` (tools/audit_verify.c). */
#ifndef HEARTH_AUDIT_VERIFY_H
#define HEARTH_AUDIT_VERIFY_H

#include <libpq-fe.h>

/* Walk table (NULL: core.audit; else "schema.table", a copy with the same
 * columns) in id order and check the hash chain. Prints "audit chain ok
 * (N rows)" and returns 0, or names the first bad row on stderr and
 * returns 1 (also 1 when the database fails); 2 for a malformed table name. */
int audit_verify(PGconn *db, const char *table);

#endif
