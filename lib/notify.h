/* notify: what PostgreSQL says on LISTEN channels, for what a worker keeps
 * from the database (the principals of sessions: auth_cache; list answers:
 * kept). A keeper names the channel its tables' triggers NOTIFY (sql/)
 * and a function that drops what it keeps from that channel. What is kept
 * is trusted only while every change to it would have been heard:
 *   - the LISTENs are sent (notify_listen) before the query whose answer is
 *     kept, so no change can fall between the two;
 *   - before each use, notify_ready() reads what arrived while the worker
 *     was idle and drops the keepers of the channels heard;
 *   - a new or lost connection drops everything: what changed meanwhile
 *     was not heard. NOTIFY is sent at commit, so a change is heard by
 *     every worker before its writer's next request can ask for it. */
#ifndef HEARTH_NOTIFY_H
#define HEARTH_NOTIFY_H

#include "req.h"

/* Register a keeper (once per channel and function, up to 8). drop is
 * called with the channel heard, or with NULL for "everything". */
void notify_keeper(const char *channel, void (*drop)(const char *channel));
/* 1 if what is kept may be used now (notifications read and dispatched,
 * the LISTENs on this connection); 0 and every keeper has dropped. */
int notify_ready(void);
/* LISTEN on every keeper's channel on the connection in use, unless done:
 * 1 if listening. Call before the lookup whose answer is kept. */
int notify_listen(struct request *r);
/* Listening on the connection in use (what is fetched now may be kept). */
int notify_listening(void);

#endif
