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
 *     was not heard;
 *   - NOTIFY reaches the other workers some time after the commit (on a
 *     busy machine, after the writer has answered and its next request
 *     has gone to another worker), so the writer also counts the
 *     channels it heard itself notify in a file this host's workers share
 *     (notify_committed), and notify_ready() drops a keeper whose channel's
 *     count moved: on one host a change shows on the very next request;
 *     across hosts, when the NOTIFY arrives (milliseconds). */
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
/* After a COMMIT: the notifications that came with its answer, this
 * worker's own counted for the host (see above), all dispatched. */
void notify_committed(void);
/* Listening on the connection in use (what is fetched now may be kept). */
int notify_listening(void);

#endif
