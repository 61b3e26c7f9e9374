/* app: a responder's main loop. Accepts FastCGI requests, parses them,
 * loads the principal, matches the route table, checks permission and
 * CSRF, runs the handler (again on a serialization failure), renders by
 * format, sends, logs one line, frees the arena. */
#ifndef HEARTH_APP_H
#define HEARTH_APP_H

#include "route.h"

struct app {
	const char          *family;     /* "customers": db role hearth_<family>, log field */
	const struct route  *routes;
	size_t               nroutes;
	int                (*init)(void);   /* after config/db/view: 0 ok */
};

int app_main(const struct app *app, int argc, char **argv);
/* Handle one request from an environment and body (the FastCGI loop uses
 * this; so do the unit tests, with a string body). */
void app_handle(const struct app *app, struct request *r, char *const *envp,
                req_read_fn rd, void *ctx);

#endif
