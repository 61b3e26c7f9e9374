/* kept.c: kept answers of DB_STMT_KEPT statements (kept.h). An answer in
 * use by the request at hand outlives its drop: a NOTIFY read halfway
 * through a request marks it dead, and the request's arena frees it. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "arena.h"
#include "buf.h"
#include "db.h"
#include "hash.h"
#include "kept.h"
#include "log.h"
#include "notify.h"

#define KEPT_SLOTS 128           /* a few pages of every list order, and recent searches */

struct kept {
	struct db_stmt *st;
	uint64_t        hash;
	char           *key;       /* the parameters, each NUL-ended, \1 for NULL */
	size_t          klen;
	PGresult       *res;
	double          at_ms;
	unsigned        used;
	int             uses;      /* requests holding res now */
	int             dead;      /* dropped while in use: freed by the last user */
};

static struct kept *slots[KEPT_SLOTS];
static double ttl_ms = 60000;
static unsigned clock_now;
static struct buf key;
static unsigned long nkept, ngiven;

static void
kept_free(struct kept *k)
{
	PQclear(k->res);
	free(k->key);
	free(k);
}

static void
release(size_t i)
{
	struct kept *k = slots[i];
	slots[i] = NULL;
	nkept--;
	if (k->uses > 0)
		k->dead = 1;
	else
		kept_free(k);
}

static void
heard(const char *channel)
{
	for (size_t i = 0; i < KEPT_SLOTS; i++)
		if (slots[i] != NULL && (channel == NULL || strcmp(slots[i]->st->kept_channel, channel) == 0))
			release(i);
}

void
kept_clear(void)
{
	heard(NULL);
}

void
kept_init(int ttl_seconds)
{
	ttl_ms = ttl_seconds > 0 ? ttl_seconds * 1000.0 : 0;
	kept_clear();
	if (ttl_ms <= 0)
		return;
	/* every channel now, not at its first lookup: a worker whose first
	 * request is a change must hear its own NOTIFY (notify_committed) */
	size_t n;
	struct db_stmt *const *st = db_stmts_linked(&n);
	for (size_t i = 0; i < n; i++)
		if (st[i]->kept_channel != NULL)
			notify_keeper(st[i]->kept_channel, heard);
}

void
kept_counts(unsigned long *now, unsigned long *given)
{
	*now = nkept;
	*given = ngiven;
}

static uint64_t
key_build(int n, const char *const *vals)
{
	buf_reset(&key);
	for (int i = 0; i < n; i++) {
		if (vals[i] == NULL)
			buf_putc(&key, '\1');
		else
			buf_append(&key, vals[i], strlen(vals[i]) + 1);
	}
	return hash_bytes(HASH_SEED, key.data, key.len);
}

static void
unuse(void *p)
{
	struct kept *k = p;
	if (--k->uses == 0 && k->dead)
		kept_free(k);
}

PGresult *
kept_get(struct request *r, struct db_stmt *st, int n, const char *const *vals)
{
	if (ttl_ms <= 0)
		return NULL;
	notify_keeper(st->kept_channel, heard);
	if (!notify_ready())
		return NULL;
	uint64_t h = key_build(n, vals);
	double now = log_now_ms();
	for (size_t i = 0; i < KEPT_SLOTS; i++) {
		struct kept *k = slots[i];
		if (k == NULL || k->st != st || k->hash != h || k->klen != key.len ||
		    memcmp(k->key, key.data, key.len) != 0)
			continue;
		if (now - k->at_ms >= ttl_ms) {
			release(i);
			return NULL;
		}
		k->used = ++clock_now;
		k->uses++;
		arena_defer(r->arena, unuse, k);
		ngiven++;
		return k->res;
	}
	return NULL;
}

void
kept_listen(struct request *r, struct db_stmt *st)
{
	if (ttl_ms <= 0)
		return;
	notify_keeper(st->kept_channel, heard);
	notify_listen(r);
}

void
kept_put(struct db_stmt *st, int n, const char *const *vals, const PGresult *res)
{
	if (ttl_ms <= 0 || !notify_listening())
		return;
	struct kept *k = calloc(1, sizeof(*k));
	if (k == NULL)
		return;
	k->st = st;
	k->hash = key_build(n, vals);
	k->klen = key.len;
	k->key = malloc(key.len > 0 ? key.len : 1);
	k->res = PQcopyResult(res, PG_COPYRES_ATTRS | PG_COPYRES_TUPLES);
	if (k->key == NULL || k->res == NULL) {
		free(k->key);
		PQclear(k->res);
		free(k);
		return;
	}
	memcpy(k->key, key.data, key.len);
	k->at_ms = log_now_ms();
	k->used = ++clock_now;
	size_t slot = 0;
	for (size_t i = 0; i < KEPT_SLOTS; i++) {       /* a free slot, else the least recently used */
		if (slots[i] == NULL) {
			slot = i;
			break;
		}
		if (slots[i]->used < slots[slot]->used)
			slot = i;
	}
	if (slots[slot] != NULL)
		release(slot);
	slots[slot] = k;
	nkept++;
}
