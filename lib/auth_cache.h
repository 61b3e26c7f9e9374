/* auth_cache: the principals of recent cookie sessions, kept per worker so
 * a signed-in request needs no session lookup of its own (one round trip:
 * the page's query). Kept only while it can be trusted:
 *   - every change to what a principal is (session revoked, user changed
 *     or deactivated, role permissions, password, two-factor: sql/012)
 *     NOTIFYs hearth_auth; the worker LISTENs on its one connection and
 *     auth_cache_ready() reads what arrived (lib/notify.h) before each
 *     use: any word on hearth_auth drops every entry;
 *   - a new connection (PostgreSQL restarted, PQreset) drops the cache; it
 *     is filled again only after LISTEN on that connection, and LISTEN is
 *     sent before the lookup whose answer is kept, so no change can fall
 *     between the two;
 *   - an entry lives principal_cache_seconds at most (config, default 30;
 *     0 turns the cache off), a net for anything missed, and short of the
 *     idle timeout so last_seen_at is still refreshed by the lookups.
 * Bearer tokens are not cached: their lookups audit their use. */
#ifndef HEARTH_AUTH_CACHE_H
#define HEARTH_AUTH_CACHE_H

#include <libpq-fe.h>
#include "req.h"

#define AUTH_CACHE_COLS 8   /* auth.session_principal()'s columns */

void auth_cache_init(int ttl_seconds);
/* 1 if the cache may be used for this request (notifications read, the
 * connection the one it was filled on); 0 and the cache is empty. */
int auth_cache_ready(void);
/* The kept columns of sid's principal (user uid), or 0. They stay valid
 * until the next auth_cache_* call. */
int auth_cache_get(const char *sid, long long uid, const char *cols[AUTH_CACHE_COLS]);
/* LISTEN on this connection unless it already does: before the lookup. */
void auth_cache_listen(struct request *r);
/* Keep row 0 of a session lookup, if LISTEN holds on this connection. */
void auth_cache_put(const char *sid, const PGresult *res);
void auth_cache_clear(void);

#endif
