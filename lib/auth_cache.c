/* auth_cache.c: a small table of principals by session id, dropped whole
 * on any word from hearth_auth (revocations are rare; a refill is one
 * lookup per session per worker). */
#include <stdlib.h>
#include <string.h>
#include "auth_cache.h"
#include "db.h"
#include "log.h"
#include "notify.h"

#define SLOTS 128

struct slot {
	char      sid[37];
	long long uid;
	double    loaded_ms;
	char     *col[AUTH_CACHE_COLS];
};

static struct slot slots[SLOTS];
static double ttl_ms = 30000;

static void
heard(const char *channel)
{
	(void)channel;
	auth_cache_clear();
}

void
auth_cache_init(int ttl_seconds)
{
	ttl_ms = ttl_seconds > 0 ? ttl_seconds * 1000.0 : 0;
	auth_cache_clear();
	if (ttl_ms > 0)
		notify_keeper("hearth_auth", heard);
}

static void
slot_free(struct slot *s)
{
	for (int i = 0; i < AUTH_CACHE_COLS; i++) {
		free(s->col[i]);
		s->col[i] = NULL;
	}
	s->sid[0] = '\0';
}

void
auth_cache_clear(void)
{
	for (size_t i = 0; i < SLOTS; i++)
		if (slots[i].sid[0])
			slot_free(&slots[i]);
}

int
auth_cache_ready(void)
{
	if (ttl_ms <= 0 || !notify_ready()) {
		auth_cache_clear();
		return 0;
	}
	return 1;
}

int
auth_cache_get(const char *sid, long long uid, const char *cols[AUTH_CACHE_COLS])
{
	double now = log_now_ms();
	for (size_t i = 0; i < SLOTS; i++) {
		struct slot *s = &slots[i];
		if (!s->sid[0] || strcmp(s->sid, sid) != 0)
			continue;
		if (s->uid != uid || now - s->loaded_ms >= ttl_ms) {
			slot_free(s);
			return 0;
		}
		for (int k = 0; k < AUTH_CACHE_COLS; k++)
			cols[k] = s->col[k];
		return 1;
	}
	return 0;
}

void
auth_cache_listen(struct request *r)
{
	if (ttl_ms > 0)
		notify_listen(r);
}

void
auth_cache_put(const char *sid, const PGresult *res)
{
	if (ttl_ms <= 0 || !notify_listening() || PQntuples(res) != 1 ||
	    PQnfields(res) < AUTH_CACHE_COLS || strlen(sid) != 36)
		return;
	struct slot *s = NULL;
	for (size_t i = 0; i < SLOTS && s == NULL; i++)      /* this session's own slot first */
		if (strcmp(slots[i].sid, sid) == 0)
			s = &slots[i];
	for (size_t i = 0; i < SLOTS && s == NULL; i++)
		if (!slots[i].sid[0])
			s = &slots[i];
	if (s == NULL) {                                  /* full: the oldest goes */
		s = &slots[0];
		for (size_t i = 1; i < SLOTS; i++)
			if (slots[i].loaded_ms < s->loaded_ms)
				s = &slots[i];
	}
	slot_free(s);
	for (int k = 0; k < AUTH_CACHE_COLS; k++) {
		s->col[k] = strdup(PQgetvalue(res, 0, k));
		if (s->col[k] == NULL) {
			slot_free(s);
			return;
		}
	}
	memcpy(s->sid, sid, 37);
	s->uid = strtoll(s->col[0], NULL, 10);
	s->loaded_ms = log_now_ms();
}
