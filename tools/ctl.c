/* ctl.c: see ctl.h. */
#include <stdio.h>
#include <string.h>
#include "ctl.h"

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

int
ctl_flag(int argc, char **argv, int *i, const char *flag, const char **out)
{
	size_t n = strlen(flag);
	if (strncmp(argv[*i], flag, n) != 0)
		return 0;
	if (argv[*i][n] == '=') {
		*out = argv[*i] + n + 1;
		return 1;
	}
	if (argv[*i][n] != '\0')
		return 0;
	if (*i + 1 >= argc)
		return -1;
	*out = argv[++*i];
	return 1;
}
