/* log.c: JSON lines on stderr (spawn-fcgi -n sends them to var/log/). */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include "buf.h"
#include "log.h"
#include "req.h"
#include "route.h"

static const char *log_family = "";

void
log_set_family(const char *family)
{
	log_family = family;
}

double
log_now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1000.0 + (double)ts.tv_nsec / 1e6;
}

static void
log_time(struct buf *b)
{
	struct timespec ts;
	struct tm tm;
	clock_gettime(CLOCK_REALTIME, &ts);
	gmtime_r(&ts.tv_sec, &tm);
	char t[40];
	strftime(t, sizeof(t), "%Y-%m-%dT%H:%M:%S", &tm);
	buf_printf(b, "\"time\":\"%s.%03ldZ\"", t, ts.tv_nsec / 1000000);
}

/* JSON string escaping for log values. */
static void
log_str(struct buf *b, const char *s)
{
	buf_putc(b, '"');
	for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p; p++) {
		if (*p == '"' || *p == '\\') {
			buf_putc(b, '\\');
			buf_putc(b, (char)*p);
		} else if (*p < 0x20) {
			buf_printf(b, "\\u%04x", *p);
		} else {
			buf_putc(b, (char)*p);
		}
	}
	buf_putc(b, '"');
}

static void
log_emit(struct buf *b)
{
	buf_puts(b, "}\n");
	fwrite(b->data, 1, b->len, stderr);
	fflush(stderr);
	buf_free(b);
}

/* The health check's pattern when path is it (app.c answers it before
 * routing), else "". */
static void
log_health_route(struct buf *b, const char *path)
{
	char health[64];
	snprintf(health, sizeof(health), "/%s/healthz", log_family);
	log_str(b, path != NULL && strcmp(path, health) == 0 ? health : "");
}

void
log_request(const struct request *r)
{
	struct buf b;
	buf_init(&b);
	buf_putc(&b, '{');
	log_time(&b);
	buf_puts(&b, ",\"level\":\"info\",\"family\":");
	log_str(&b, log_family);
	buf_puts(&b, ",\"request_id\":");
	log_str(&b, r->request_id);
	buf_printf(&b, ",\"user\":%lld,\"method\":", r->principal.user_id);
	log_str(&b, r->method_name);
	buf_puts(&b, ",\"path\":");
	log_str(&b, r->path);
	/* The route's pattern (/customers/:id), never the path: metrics label
	 * requests by it (tools/mtail/). The health check has no route of
	 * its own; a path no route matches logs "". */
	buf_puts(&b, ",\"route\":");
	if (r->route != NULL)
		log_str(&b, r->route->pattern);
	else
		log_health_route(&b, r->path);
	buf_printf(&b, ",\"status\":%d,\"ms\":%.2f,\"db_ms\":%.2f,\"db_queries\":%d",
	    r->status, log_now_ms() - r->t_start, r->db_ms, r->db_queries);
	if (r->retries)
		buf_printf(&b, ",\"retries\":%d", r->retries);
	log_emit(&b);
}

static void
log_msg(const char *level, const struct request *r, const char *fmt, va_list ap)
{
	struct buf b, m;
	buf_init(&b);
	buf_init(&m);
	buf_vprintf(&m, fmt, ap);
	buf_putc(&b, '{');
	log_time(&b);
	buf_printf(&b, ",\"level\":\"%s\",\"family\":", level);
	log_str(&b, log_family);
	if (r != NULL) {
		buf_puts(&b, ",\"request_id\":");
		log_str(&b, r->request_id);
	}
	buf_puts(&b, ",\"msg\":");
	log_str(&b, m.data);
	buf_free(&m);
	log_emit(&b);
}

void
log_error(const struct request *r, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	log_msg("error", r, fmt, ap);
	va_end(ap);
}

void
log_info(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	log_msg("info", NULL, fmt, ap);
	va_end(ap);
}
