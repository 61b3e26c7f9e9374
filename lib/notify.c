/* notify.c: the LISTEN channels of a worker's one connection, who drops
 * what when a NOTIFY arrives, and this host's change counts (notify.h). */
#include <fcntl.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include "buf.h"
#include "config.h"
#include "db.h"
#include "hash.h"
#include "log.h"
#include "notify.h"

#define KEEPERS 8
#define HOST_SLOTS 64          /* channels hashed onto them: a collision only drops more */

static struct keeper {
	const char *channel;
	void (*drop)(const char *channel);
	_Atomic uint64_t *count;    /* the host's count for channel (NULL: none), found once */
	uint64_t seen;              /* its value when last looked at */
} keepers[KEEPERS];
static size_t nkeepers;
static unsigned listen_gen;   /* connection generation the LISTENs were sent on; 0: none */

/* This host's change counts, one per channel slot, in a file every worker
 * of every family maps (config changes_file, default <spool_dir>/changes):
 * a worker that commits a change it heard itself NOTIFY counts it before
 * it answers, and every worker looks at the counts before it trusts what
 * it keeps. So a change is seen on this host at once, by a worker whose
 * own NOTIFY is still on its way (on a busy machine it can arrive after
 * the writer's next request); other hosts still hear the NOTIFY. NULL:
 * no file, NOTIFY only. */
static _Atomic uint64_t *host;
static int host_tried;

static void
host_open(void)
{
	host_tried = 1;
	char path[1024];
	const char *file = config_get("changes_file", NULL), *spool = config_get("spool_dir", NULL);
	if (file == NULL && spool == NULL)
		return;
	if (file == NULL)
		snprintf(path, sizeof(path), "%s/changes", spool);
	else
		snprintf(path, sizeof(path), "%s", file);
	size_t size = HOST_SLOTS * sizeof(uint64_t);
	int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	struct stat st;
	if (fd < 0 || fstat(fd, &st) != 0 || ((size_t)st.st_size < size && ftruncate(fd, (off_t)size) != 0)) {
		log_info("notify: no change counts in %s, NOTIFY only", path);
		if (fd >= 0)
			close(fd);
		return;
	}
	void *m = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	close(fd);
	if (m == MAP_FAILED) {
		log_info("notify: cannot map %s, NOTIFY only", path);
		return;
	}
	host = m;
}

static _Atomic uint64_t *
host_count(const char *channel)
{
	if (!host_tried)
		host_open();
	return host ? &host[hash_bytes(HASH_SEED, channel, strlen(channel)) % HOST_SLOTS] : NULL;
}

static void
drop_channel(const char *channel)
{
	for (size_t i = 0; i < nkeepers; i++)
		if (strcmp(keepers[i].channel, channel) == 0)
			keepers[i].drop(channel);
}

void
notify_keeper(const char *channel, void (*drop)(const char *channel))
{
	for (size_t i = 0; i < nkeepers; i++)
		if (strcmp(keepers[i].channel, channel) == 0 && keepers[i].drop == drop)
			return;
	if (nkeepers == KEEPERS)
		return;                 /* never kept, so never trusted: notify_listening() stays 0 */
	_Atomic uint64_t *count = host_count(channel);
	keepers[nkeepers++] = (struct keeper){ channel, drop, count, count ? atomic_load(count) : 0 };
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
		drop_channel(n->relname);
		PQfreemem(n);
	}
	for (size_t i = 0; i < nkeepers; i++) {       /* what this host changed, heard or not */
		uint64_t now = keepers[i].count ? atomic_load(keepers[i].count) : 0;
		if (now != keepers[i].seen) {
			keepers[i].seen = now;
			keepers[i].drop(keepers[i].channel);
		}
	}
	return 1;
}

void
notify_committed(void)
{
	PGconn *c = db_conn();
	if (c == NULL)
		return;
	int self = PQbackendPID(c);
	PGnotify *n;
	while ((n = PQnotifies(c)) != NULL) {        /* came with the COMMIT's answer */
		_Atomic uint64_t *count = n->be_pid == self ? host_count(n->relname) : NULL;
		uint64_t before = count ? atomic_fetch_add(count, 1) : 0;
		for (size_t i = 0; i < nkeepers; i++) {
			if (strcmp(keepers[i].channel, n->relname) != 0)
				continue;
			if (count != NULL && keepers[i].seen == before)
				keepers[i].seen = before + 1;     /* our own count: dropped here, not again */
			keepers[i].drop(n->relname);
		}
		PQfreemem(n);
	}
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
