/* worker_mail: hearth-worker's mail sender (worker_mail.c). */
#ifndef HEARTH_WORKER_MAIL_H
#define HEARTH_WORKER_MAIL_H

#include <signal.h>
#include <libpq-fe.h>

/* Sends the messages that are due, a bounded slice of them: 1 when the
 * slice ended with more perhaps due (call again at once), 0 when none is,
 * -1 when the connection failed (reported). */
int worker_mail_send_due(PGconn *c, volatile sig_atomic_t *stopping);

#endif
