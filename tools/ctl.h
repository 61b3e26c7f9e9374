/* ctl: what hearthctl's commands share (hearthctl.c and the seeders in
 * tools/seed/): PostgreSQL calls that report as hearthctl, and flags. */
#ifndef HEARTH_CTL_H
#define HEARTH_CTL_H

#include <libpq-fe.h>

/* Report "hearthctl: what: <the error>" on stderr (res's, else db's),
 * clear res, return 1. */
int ctl_fail(PGconn *db, const char *what, PGresult *res);

/* Run sql without parameters expecting status; 0, or 1 (reported). */
int ctl_run(PGconn *db, const char *sql, ExecStatusType status);

/* argv[*i] is "FLAG VALUE" or "FLAG=VALUE": 1 with *out the value (and
 * *i on its last word), 0 when it is something else, -1 when the value is
 * missing. */
int ctl_flag(int argc, char **argv, int *i, const char *flag, const char **out);

#endif
