/* bench-floor: the two floors the benchmark measures Hearth against.
 * bench-hello answers a fixed page; bench-select1 (BENCH_SELECT1) first
 * runs one prepared SELECT 1 on its own connection: one database round
 * trip, nothing else. Same FastCGI loop and output path as the responders. */
#include <fcgiapp.h>
#include <stdio.h>
#include <string.h>
#ifdef BENCH_SELECT1
#include <libpq-fe.h>
#include "config.h"
#endif

int
main(void)
{
#ifdef BENCH_SELECT1
	if (config_load_default() != 0)
		return 1;
	char ci[1024];
	snprintf(ci, sizeof(ci), "%s user=hearth_customers application_name=bench-select1",
	    config_get("database", "dbname=hearth"));
	PGconn *conn = PQconnectdb(ci);
	if (PQstatus(conn) != CONNECTION_OK) {
		fprintf(stderr, "bench-select1: %s", PQerrorMessage(conn));
		return 1;
	}
	PQclear(PQprepare(conn, "one", "SELECT 1", 0, NULL));
#endif
	FCGX_Init();
	FCGX_Request req;
	FCGX_InitRequest(&req, 0, 0);
	while (FCGX_Accept_r(&req) >= 0) {
		char body[64];
#ifdef BENCH_SELECT1
		PGresult *res = PQexecPrepared(conn, "one", 0, NULL, NULL, NULL, 0);
		snprintf(body, sizeof(body), "{\"one\":%s}\n",
		    PQresultStatus(res) == PGRES_TUPLES_OK ? PQgetvalue(res, 0, 0) : "null");
		PQclear(res);
#else
		snprintf(body, sizeof(body), "{\"hello\":\"world\"}\n");
#endif
		char head[160];
		int hl = snprintf(head, sizeof(head),
		    "Status: 200 OK\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n",
		    (int)strlen(body));
		FCGX_PutStr(head, hl, req.out);
		FCGX_PutStr(body, (int)strlen(body), req.out);
		FCGX_Finish_r(&req);
	}
	return 0;
}
