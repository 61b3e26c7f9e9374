/* notify.c: the LISTEN channels of a worker's one connection, and who
 * drops what when a NOTIFY arrives (notify.h). */
#include <string.h>
#include "buf.h"
#include "db.h"
#include "notify.h"

#define KEEPERS 8

static struct keeper {
	const char *channel;
	void (*drop)(const char *channel);
} keepers[KEEPERS];
static size_t nkeepers;
static unsigned listen_gen;   /* connection generation the LISTENs were sent on; 0: none */

void
notify_keeper(const char *channel, void (*drop)(const char *channel))
{
	for (size_t i = 0; i < nkeepers; i++)
		if (strcmp(keepers[i].channel, channel) == 0 && keepers[i].drop == drop)
			return;
	if (nkeepers == KEEPERS)
		return;                 /* never kept, so never trusted: notify_listening() stays 0 */
	keepers[nkeepers++] = (struct keeper){ channel, drop };
	listen_gen = 0;             /* a new channel: LISTEN again */
}

static void
drop_all(void)
{
	for (size_t i = 0; i < nkeepers; i++)
		keepers[i].drop(NULL);
}

int
notify_listening(void)
{
	return listen_gen != 0 && listen_gen == db_generation();
}

int
notify_ready(void)
{
	PGconn *c = db_conn();
	if (c == NULL || PQstatus(c) != CONNECTION_OK || !notify_listening()) {
		drop_all();
		return 0;
	}
	/* Read what the server sent while we were idle. Twice: one recv()
	 * takes what is there, and when that was the server's goodbye (57P01,
	 * PostgreSQL restarting) only a second one sees the connection closed,
	 * which libpq would otherwise learn at the next query, after the kept
	 * data had been trusted. */
	if (PQconsumeInput(c) == 0 || PQconsumeInput(c) == 0 || PQstatus(c) != CONNECTION_OK) {
		drop_all();
		listen_gen = 0;
		return 0;
	}
	PGnotify *n;
	while ((n = PQnotifies(c)) != NULL) {
		for (size_t i = 0; i < nkeepers; i++)
			if (strcmp(keepers[i].channel, n->relname) == 0)
				keepers[i].drop(n->relname);
		PQfreemem(n);
	}
	return 1;
}

int
notify_listen(struct request *r)
{
	if (notify_listening() || nkeepers == 0)
		return notify_listening();
	drop_all();
	struct buf sql;
	buf_init(&sql);
	for (size_t i = 0; i < nkeepers; i++)
		buf_printf(&sql, "LISTEN %s;", keepers[i].channel);   /* channels are our own constants */
	PGresult *res = db_simple(r, sql.data);
	buf_free(&sql);
	/* db_simple may have reconnected: the LISTENs hold on the connection
	 * we have now, which is the one the next lookup uses. */
	listen_gen = res != NULL ? db_generation() : 0;
	return notify_listening();
}
