/* kept: the answers of DB_STMT_KEPT statements (the lists most people
 * open), kept per worker by their parameters until PostgreSQL says on the
 * statement's channel that one of its tables changed (lib/notify.h: the
 * LISTEN goes out before the query whose answer is kept, notifications
 * are read before every use, a new connection drops everything). A hit
 * costs no round trip and no work in PostgreSQL. Kept at most
 * kept_results_seconds (config, default 60; 0 turns keeping off), a net
 * for anything missed. Only outside a transaction, whose own writes
 * nobody else has heard of. */
#ifndef HEARTH_KEPT_H
#define HEARTH_KEPT_H

#include <libpq-fe.h>
#include "req.h"

struct db_stmt;

void kept_init(int ttl_seconds);
/* st's kept answer for these parameters, valid for this request, or NULL. */
PGresult *kept_get(struct request *r, struct db_stmt *st, int n, const char *const *vals);
/* Before running st: its channel is listened to on this connection. */
void kept_listen(struct request *r, struct db_stmt *st);
/* Keep a copy of res, st's answer for these parameters, if it may be. */
void kept_put(struct db_stmt *st, int n, const char *const *vals, const PGresult *res);
/* Answers kept now, and answers given from them since the start. */
void kept_counts(unsigned long *now, unsigned long *given);
void kept_clear(void);

#endif
