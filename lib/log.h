/* log: one JSON line per request to stderr (request id, user, route, status,
 * ms, db ms); errors as JSON lines too, so one parser reads both. */
#ifndef HEARTH_LOG_H
#define HEARTH_LOG_H

struct request;

void log_set_family(const char *family);
void log_request(const struct request *r);
void log_error(const struct request *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void log_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
double log_now_ms(void);                    /* monotonic clock in ms */

#endif
