/* route: a family's whole surface is one table of method, pattern,
 * handler and the permission it needs (kcgi's page tables). The check is
 * made in app.c from the table, never in the handler. */
#ifndef HEARTH_ROUTE_H
#define HEARTH_ROUTE_H

#include <stddef.h>
#include "req.h"

typedef enum herr (*route_handler)(struct request *r);

#define PERM_PUBLIC     NULL          /* sign-in, health */
#define PERM_SIGNED_IN  "signed-in"   /* any signed-in user (sign-out, own profile) */

/* What a route asks of the pipeline besides its permission (app.c reads
 * these; no path is named in lib/). */
#define ROUTE_NO_CSRF          0x1u  /* carries its own credential (OAuth token endpoint):
                                      * no CSRF check, no CSRF seed cookie */
#define ROUTE_OPEN_PW_PENDING  0x2u  /* answers while a forced password change is pending */
#define ROUTE_OPEN_2FA_PENDING 0x4u  /* answers while a required 2FA enrolment is pending */
#define ROUTE_OPEN_PENDING     (ROUTE_OPEN_PW_PENDING | ROUTE_OPEN_2FA_PENDING)

struct route {
	const char    *method;     /* "GET", "POST", "PATCH", "DELETE" */
	const char    *pattern;    /* "/customers/:id/contacts"; ":id" matches one segment */
	route_handler  handler;
	const char    *perm;       /* "customers:read" | PERM_SIGNED_IN | PERM_PUBLIC */
	unsigned       flags;      /* ROUTE_*; 0 for most routes (may be left out) */
};

/* HE_OK and *out set (params in r->params), HE_NOT_FOUND, or HE_METHOD
 * (with an Allow header listing the methods that pattern does answer).
 * HEAD matches GET routes. */
__attribute__((warn_unused_result))
enum herr route_match(const struct route *table, size_t n, struct request *r,
                      const struct route **out);
/* 1 if path matches pattern (params added to *params when not NULL). */
int route_pattern_match(struct arena *a, const char *pattern, const char *path,
                        struct kvlist *params);

#endif
