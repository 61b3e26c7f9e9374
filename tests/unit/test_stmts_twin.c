/* test_stmts_twin: a second file that names a statement like one in
 * test_stmts.c, the mistake `--statements` must catch (two static
 * statements in two files of one family, one prepared name). */
#include "db.h"

DB_STMT(t_twin, "SELECT 2");

/* Keeps the statement referenced, as a handler would. */
struct db_stmt *
twin_stmt(void)
{
	return &t_twin;
}
