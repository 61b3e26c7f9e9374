/* ctl_db.c: see ctl_db.h. */
#include <stdio.h>
#include "ctl_db.h"

int
ctl_fail(PGconn *db, const char *what, PGresult *res)
{
	fprintf(stderr, "hearthctl: %s: %s", what,
	    res ? PQresultErrorMessage(res) : PQerrorMessage(db));
	PQclear(res);
	return 1;
}

int
ctl_run(PGconn *db, const char *sql, ExecStatusType status)
{
	PGresult *res = PQexec(db, sql);
	if (PQresultStatus(res) != status)
		return ctl_fail(db, sql, res);
	PQclear(res);
	return 0;
}
