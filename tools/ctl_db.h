/* ctl_db: the two PostgreSQL calls every hearthctl command makes, shared
 * by hearthctl.c and the seeders (tools/seed/). */
#ifndef HEARTH_CTL_DB_H
#define HEARTH_CTL_DB_H

#include <libpq-fe.h>

/* Report "hearthctl: what: <the error>" on stderr (res's, else db's),
 * clear res, return 1. */
int ctl_fail(PGconn *db, const char *what, PGresult *res);

/* Run sql without parameters expecting status; 0, or 1 (reported). */
int ctl_run(PGconn *db, const char *sql, ExecStatusType status);

#endif
