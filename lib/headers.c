/* headers.c: headers and cookies of the answer being built. */
#include <string.h>
#include <strings.h>
#include "config.h"
#include "headers.h"

void
resp_header(struct request *r, const char *name, const char *value)
{
	/* A request with a bearer token never gets a cookie of any kind (no
	 * session, no CSRF seed, no flash), whoever tries to set one. */
	if (r->principal.via_bearer && strcasecmp(name, "Set-Cookie") == 0)
		return;
	kv_add(r->arena, &r->out_headers, name, value);
}

void
resp_cookie(struct request *r, const char *name, const char *value, long max_age, int flags)
{
	struct buf b;
	buf_init(&b);
	buf_printf(&b, "%s=%s; Path=/; SameSite=Lax", name, value);
	if (flags & COOKIE_HTTPONLY)
		buf_puts(&b, "; HttpOnly");
	if (r->https || config_int("secure_cookies", 0))
		buf_puts(&b, "; Secure");
	if (!(flags & COOKIE_SESSION))
		buf_printf(&b, "; Max-Age=%ld", max_age);
	resp_header(r, "Set-Cookie", arena_strdup(r->arena, b.data));
	buf_free(&b);
}

void
resp_flash(struct request *r, const char *kind, const char *message)
{
	struct buf b, v;
	buf_init(&b);
	buf_init(&v);
	buf_printf(&v, "%s:%s", kind, message);
	buf_urlenc(&b, v.data);
	resp_cookie(r, "hearth_flash", b.data, 60, COOKIE_HTTPONLY);
	buf_free(&b);
	buf_free(&v);
}

void
no_store(struct request *r)
{
	r->no_etag = 1;          /* nothing will revalidate what is never stored */
	if (kv_get(&r->out_headers, "Cache-Control") != NULL)
		return;
	resp_header(r, "Cache-Control", "no-store");
	resp_header(r, "Pragma", "no-cache");
}

const char *
safe_next(const char *next, const char *fallback)
{
	if (next == NULL || next[0] != '/' || next[1] == '/' || next[1] == '\\' || strlen(next) > 1000)
		return fallback;
	for (const char *p = next; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			return fallback;
	return next;
}
