/* worker_webhooks: hearth-worker's webhook delivery (sql/018,
 * docs/webhooks.md). */
#ifndef HEARTH_WORKER_WEBHOOKS_H
#define HEARTH_WORKER_WEBHOOKS_H

#include <signal.h>
#include <libpq-fe.h>

/* Once at start: libcurl's global state. 0, or -1 (reported). */
int webhooks_init(void);
void webhooks_cleanup(void);
/* One round: claims the due deliveries of up to WH_LANES subscriptions
 * and sends them (in parallel across subscriptions, in event order
 * within one), recording each attempt. Stops starting new ones once
 * *stopping is set. The number of attempts made, or -1 when the database
 * failed (what was claimed and not sent waits for its lease to end). */
int webhooks_round(PGconn *c, volatile sig_atomic_t *stopping);

#endif
