/* mail: a family's outgoing mail (docs/mail.md). mail_queue renders a
 * message from a template pair and queues it in the caller's transaction
 * (core.mail_enqueue, sql/019): it goes out only if that transaction
 * commits, and hearth-worker sends it (tools/worker_mail.c).
 *
 *   struct mail m = { .kind = "auth.password_reset", .to = email, .to_name = name,
 *       .subject = "Your Hearth password was reset", .template = "mail/password_reset",
 *       .data = d, .entity = "user", .entity_id = id };
 *   if ((e = mail_queue(r, &m, NULL)) != HE_OK) return e;
 *
 * The templates are templates/<template>.txt.cs (the text/plain part,
 * not escaped) and <template>.html.cs (the text/html part, every var:
 * HTML-escaped like a page); both see data.*, data.subject and
 * data.base_url (the config's public_url, for links). */
#ifndef HEARTH_MAIL_H
#define HEARTH_MAIL_H

#include "req.h"

struct mail {
	const char  *kind;        /* "family.what": the log groups by it */
	const char  *to;          /* one address: each recipient has its own status and retries */
	const char  *to_name;     /* display name; NULL or "" for none */
	const char  *subject;
	const char  *template;    /* "mail/<name>", without .txt.cs / .html.cs */
	json_object *data;        /* the templates' data.* (borrowed; may be NULL) */
	const char  *entity;      /* what the message is about (may be NULL) */
	long long    entity_id;
};

/* Render and queue, in r's open transaction; *id (may be NULL) the new
 * message's id. HE_INVALID (nothing queued, a line in the log) when the
 * address is not one or a header value holds a line break: the caller's
 * input check should have refused it first. */
enum herr mail_queue(struct request *r, const struct mail *m, long long *id) __attribute__((warn_unused_result));

/* 1 when s can be a mail header value (no CR, LF or other control). */
int mail_header_ok(const char *s);

#endif
