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
 * After each batch it also sends the webhook deliveries that are due
 * (tools/worker_webhooks.c, docs/webhooks.md).
 *
 * Connects as hearth_worker (config db_worker_user to change it) to the
 * configured database; HEARTH_CONFIG as for the responders. Logs a JSON
 * line per batch that handled events, per timed job run, the queue (after
 * batches, at most once a second, and every QUEUE_SECONDS), and errors,
 * on stderr: tools/mtail/worker.mtail makes metrics of them. */
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
#include "worker_webhooks.h"

#define BATCH        100
#define POLL_SECONDS 1            /* also the timed jobs' granularity */
#define QUEUE_SECONDS 10          /* the queue line when idle (metrics) */
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

/* A line of JSON whose fields after msg are FIELDS (already JSON, no
 * leading comma): what the metrics read (tools/mtail/worker.mtail). */
static void
report(const char *level, const char *msg, const char *fields)
{
	fprintf(stderr, "{\"time\":%ld,\"program\":\"hearth-worker\",\"level\":\"%s\",\"msg\":\"%s\",%s}\n",
	    (long)time(NULL), level, msg, fields);
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

/* The next due timed job (sql/016, sql/022), reported with its outcome
 * and time: 1 when one ran, 0 when none was due, -1 on failure (reported).
 * Job names are [a-z0-9_.] (core.jobs' CHECK), so they need no escaping. */
static int
run_one_job(PGconn *c)
{
	PGresult *res = PQexec(c, "SELECT job, ok, duration_ms FROM core.jobs_run_next()");
	int ran = -1;
	if (PQresultStatus(res) == PGRES_TUPLES_OK) {
		ran = PQntuples(res) == 1;
		if (ran) {
			int ok = strcmp(PQgetvalue(res, 0, 1), "t") == 0;
			char fields[256];
			snprintf(fields, sizeof(fields), "\"job\":\"%.100s\",\"outcome\":\"%s\",\"ms\":%.3f",
			    PQgetvalue(res, 0, 0), ok ? "ok" : "error", atof(PQgetvalue(res, 0, 2)));
			report(ok ? "info" : "warn", "job", fields);
		}
	} else {
		say("error", "jobs_run_next: %s", PQerrorMessage(c));
	}
	PQclear(res);
	return ran;
}

/* The timed jobs that are due, one transaction each, until none is or a
 * signal came. 0, or -1 on failure (reported). */
static int
run_due_jobs(PGconn *c)
{
	int ran = 1;
	while (!stopping && ran == 1)
		ran = run_one_job(c);
	return ran < 0 ? -1 : 0;
}

/* The queue as core.worker_queue() (sql/017) sees it, for the metrics
 * (depth and lag): one query of partial indexes. */
static void
report_queue(PGconn *c)
{
	PGresult *res = PQexec(c, "SELECT pending, due, coalesce(extract(epoch FROM now() - oldest_pending_at), 0),"
	    " dead FROM core.worker_queue()");
	if (PQresultStatus(res) == PGRES_TUPLES_OK && PQntuples(res) == 1) {
		char fields[256];
		snprintf(fields, sizeof(fields), "\"waiting\":%lld,\"due\":%lld,\"oldest_seconds\":%.3f,\"dead\":%lld",
		    atoll(PQgetvalue(res, 0, 0)), atoll(PQgetvalue(res, 0, 1)), atof(PQgetvalue(res, 0, 2)),
		    atoll(PQgetvalue(res, 0, 3)));
		report("info", "queue", fields);
	} else {
		say("error", "worker_queue: %s", PQerrorMessage(c));
	}
	PQclear(res);
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
	if (webhooks_init() != 0)
		return 1;
	say("info", "started%s", "");
	PGconn *c = NULL;
	unsigned backoff = 1;
	double queue_reported = 0;          /* when the queue line was last written */
	int queue_changed = 0;              /* a batch ran since */
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
		int sent = n >= 0 ? webhooks_round(c, &stopping) : 0;   /* tools/worker_webhooks.c */
		int more_mail = n >= 0 && sent >= 0 ? worker_mail_send_due(c, &stopping) : 0;   /* tools/worker_mail.c */
		if (sent < 0 || more_mail < 0)
			n = -1;
		if (n < 0 || PQstatus(c) != CONNECTION_OK) {
			PQfinish(c);
			c = NULL;
			continue;
		}
		/* After batches at most once a second (a busy queue would double
		 * the log), so a batch's effect is seen within about two. */
		queue_changed |= n > 0;
		double since = now_ms() - queue_reported;
		if (queue_reported == 0 || since >= QUEUE_SECONDS * 1000.0 || (queue_changed && since >= 1000.0)) {
			report_queue(c);
			queue_reported = now_ms();
			queue_changed = 0;
		}
		if (n == BATCH || sent > 0 || more_mail == 1)
			continue;                           /* more may be waiting */
		if (!stopping && wait_for_work(c) != 0) {
			PQfinish(c);
			c = NULL;
		}
	}
	PQfinish(c);
	webhooks_cleanup();
	say("info", "stopped%s", "");
	return 0;
}
