/* seed: demo and benchmark data for hearthctl.
 *
 * Both generators are deterministic (a fixed-seed PRNG), so a fresh
 * database always gets the same names, addresses and histories; only the
 * timestamps move with the clock (they are relative to now). Emails use the
 * reserved example domains (RFC 2606) and phones the 555 range, so nothing
 * the app sends from demo data can reach a real person. */
#ifndef HEARTH_SEED_H
#define HEARTH_SEED_H

#include <libpq-fe.h>

/* The demo users' shared password (printed by seed demo). */
#define SEED_DEMO_PASSWORD "hearth-demo-2026"

/* Six users (one per shipped role) and an integrator's book of business.
 * Does nothing (prints "already seeded") when auth.users has rows.
 * 0 on success, 1 on failure (message on stderr). */
int seed_demo(PGconn *db);

/* n customers with contacts, a property and communications each, loaded
 * with COPY by one connection per core (each a share of the customers, in
 * its own transaction; all commit or all roll back), then VACUUM ANALYZE.
 * Safe on top of other data and next to other writers. 0 on success, 1 on
 * failure. */
int seed_scale(PGconn *db, long n);

#endif
