/* mail.c: see mail.h. */
#include <stdlib.h>
#include <string.h>
#include "buf.h"
#include "config.h"
#include "db.h"
#include "log.h"
#include "mail.h"
#include "mail_mime.h"
#include "valid.h"
#include "view.h"

DB_STMT(mail_enqueue_stmt,
    "SELECT core.mail_enqueue($1, $2, $3, $4, $5, $6, $7::bigint, $8, $9::bigint)");

int
mail_header_ok(const char *s)
{
	return mime_header_ok(s);
}

/* templates/<name><suffix> rendered with d (html: escaped) into the arena. */
static const char *
render_part(struct request *r, const char *name, const char *suffix, json_object *d, int html)
{
	struct buf b;
	buf_init(&b);
	char tpl[256];
	snprintf(tpl, sizeof(tpl), "%s%s", name, suffix);
	enum herr e = view_render_data(tpl, d, html, &b);
	const char *out = e == HE_OK ? arena_strndup(r->arena, b.data ? b.data : "", b.len) : NULL;
	buf_free(&b);
	return out;
}

enum herr
mail_queue(struct request *r, const struct mail *m, long long *id)
{
	const char *to_name = m->to_name ? m->to_name : "";
	if (!valid_email(m->to) || !mime_header_ok(m->to) || !mime_header_ok(to_name) ||
	    !mime_header_ok(m->subject)) {
		log_error(r, "mail %s: refused: the address or a header value is not allowed", m->kind);
		return HE_INVALID;
	}
	/* The templates see data.*, data.base_url and data.subject, nothing of the request. */
	json_object *d = req_obj(r);
	if (m->data) {
		json_object_object_foreach(m->data, k, v)
			json_object_object_add(d, k, json_object_get(v));
	}
	const char *base = config_get("public_url", "");
	size_t bl = strlen(base);
	while (bl > 0 && base[bl - 1] == '/')
		bl--;
	json_object_object_add(d, "base_url", json_object_new_string_len(base, (int)bl));
	if (!json_object_object_get_ex(d, "subject", NULL))
		json_object_object_add(d, "subject", json_object_new_string(m->subject));
	const char *text = render_part(r, m->template, ".txt.cs", d, 0);
	const char *html = render_part(r, m->template, ".html.cs", d, 1);
	if (text == NULL || html == NULL)
		return HE_INTERNAL;
	PGresult *res = db_q(r, &mail_enqueue_stmt, m->kind, m->to, to_name, m->subject, text, html,
	    r->principal.user_id > 0 ? db_int(r, r->principal.user_id) : NULL,
	    m->entity ? m->entity : "", m->entity_id > 0 ? db_int(r, m->entity_id) : NULL);
	if (res == NULL)
		return db_fail(r);
	if (id)
		*id = strtoll(PQgetvalue(res, 0, 0), NULL, 10);
	return HE_OK;
}
