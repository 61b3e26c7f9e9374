/* hearth-worker: carries core.outbox events to their consumers (sql/015)
 * and runs the timed jobs that fall due (sql/016, checked after every
 * batch, so at least every POLL_SECONDS).
 * A long-running process, one or more per host: each batch is one call of
 * core.outbox_process(), which claims events with FOR UPDATE SKIP LOCKED,
 * so workers on several hosts share the queue and one killed mid-batch
 * loses nothing (its transaction rolls back and the events are claimed
 * again). Woken by NOTIFY hearth_outbox (sent for every new event), and
 * every POLL_SECONDS without one: for events whose retry fell due, and
 * for anything a lost connection missed. A lost connection is retried
 * with backoff. SIGTERM or SIGINT: the batch at hand finishes, then exit 0.
 *
 * Connects as hearth_worker (config db_worker_user to change it) to the
 * configured database; HEARTH_CONFIG as for the responders. Logs a JSON
 * line per batch that handled events, and errors, on stderr. */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <libpq-fe.h>
#include "config.h"
#include "worker_mail.h"

#define BATCH        100
#define POLL_SECONDS 1            /* also the timed jobs' granularity */
#define TEXT_(x)     #x
#define TEXT(x)      TEXT_(x)

static volatile sig_atomic_t stopping;

static void
on_stop(int sig)
{
	(void)sig;
	stopping = 1;
}

static double
now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1000.0 + (double)ts.tv_nsec / 1e6;
}

static void
say(const char *level, const char *fmt, const char *detail)
{
	char msg[512];
	snprintf(msg, sizeof(msg), fmt, detail ? detail : "");
	for (char *p = msg; *p; p++)                 /* one line of JSON: no quotes or controls */
		if (*p == '"' || *p == '\\' || (unsigned char)*p < 0x20)
			*p = ' ';
	fprintf(stderr, "{\"time\":%ld,\"program\":\"hearth-worker\",\"level\":\"%s\",\"msg\":\"%s\"}\n",
	    (long)time(NULL), level, msg);
}

/* A connection that LISTENs, or NULL (reported). */
static PGconn *
connect_db(void)
{
	const char *base = config_get("database", "dbname=hearth");
	const char *user = config_get("db_worker_user", "hearth_worker");
	char ci[1024];
	snprintf(ci, sizeof(ci), "%s user=%s application_name=hearth-worker", base, user);
	PGconn *c = PQconnectdb(ci);
	if (PQstatus(c) != CONNECTION_OK) {
		say("error", "database not reachable: %s", PQerrorMessage(c));
		PQfinish(c);
		return NULL;
	}
	PGresult *res = PQexec(c, "SET statement_timeout = '60s'; LISTEN hearth_outbox");
	int ok = PQresultStatus(res) == PGRES_COMMAND_OK;
	PQclear(res);
	if (!ok) {
		say("error", "LISTEN: %s", PQerrorMessage(c));
		PQfinish(c);
		return NULL;
	}
	return c;
}

/* The integer a one-value query (no parameters, or one) answers, or -1
 * on failure (reported as what). */
static int
query_int(PGconn *c, const char *what, const char *sql, const char *param)
{
	PGresult *res = PQexecParams(c, sql, param ? 1 : 0, NULL, &param, NULL, NULL, 0);
	int n = -1;
	if (PQresultStatus(res) == PGRES_TUPLES_OK && PQntuples(res) == 1)
		n = atoi(PQgetvalue(res, 0, 0));
	else
		say("error", what, PQerrorMessage(c));
	PQclear(res);
	return n;
}

/* One batch: how many events it handled, or -1 on failure (reported). */
static int
process_batch(PGconn *c)
{
	double t0 = now_ms();
	int n = query_int(c, "outbox_process: %s", "SELECT core.outbox_process($1::int)", TEXT(BATCH));
	if (n > 0) {
		char detail[96];
		snprintf(detail, sizeof(detail), "%d events in %.1f ms", n, now_ms() - t0);
		say("info", "batch: %s", detail);
	}
	return n;
}

/* The timed jobs that are due (sql/016), one transaction each, until none
 * is or a signal came. 0, or -1 on failure (reported). */
static int
run_due_jobs(PGconn *c)
{
	int ran = 1;
	while (!stopping && ran == 1)
		ran = query_int(c, "jobs_run_one: %s", "SELECT core.jobs_run_one()", NULL);
	return ran < 0 ? -1 : 0;
}

/* Until a notification, POLL_SECONDS, or a signal. 0, or -1 when the
 * connection is gone. */
static int
wait_for_work(PGconn *c)
{
	struct pollfd p = { .fd = PQsocket(c), .events = POLLIN };
	if (p.fd < 0)
		return -1;
	int r = poll(&p, 1, POLL_SECONDS * 1000);
	if (r < 0 && errno != EINTR)
		return -1;
	if (PQconsumeInput(c) == 0 || PQstatus(c) != CONNECTION_OK)
		return -1;
	PGnotify *n;
	while ((n = PQnotifies(c)) != NULL)
		PQfreemem(n);                       /* any word means: look again */
	return 0;
}

int
main(int argc, char **argv)
{
	(void)argv;
	if (argc > 1) {
		fputs("usage: hearth-worker   (HEARTH_CONFIG names the configuration)\n", stderr);
		return 2;
	}
	if (config_load_default() != 0)
		return 1;
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_stop;              /* no SA_RESTART: poll() returns at once */
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	say("info", "started%s", "");
	PGconn *c = NULL;
	unsigned backoff = 1;
	while (!stopping) {
		if (c == NULL) {
			c = connect_db();
			if (c == NULL) {
				sleep(backoff);
				backoff = backoff < 30 ? backoff * 2 : 30;
				continue;
			}
			backoff = 1;
		}
		int n = process_batch(c);
		if (n >= 0 && run_due_jobs(c) != 0)
			n = -1;
		int more_mail = n >= 0 ? worker_mail_send_due(c, &stopping) : 0;   /* tools/worker_mail.c */
		if (more_mail < 0)
			n = -1;
		if (n < 0 || PQstatus(c) != CONNECTION_OK) {
			PQfinish(c);
			c = NULL;
			continue;
		}
		if (n == BATCH || more_mail == 1)
			continue;                           /* more may be waiting */
		if (!stopping && wait_for_work(c) != 0) {
			PQfinish(c);
			c = NULL;
		}
	}
	PQfinish(c);
	say("info", "stopped%s", "");
	return 0;
}
