/* seed: demo and benchmark data for hearthctl.
 *
 * Every family seeds its own part (tools/seed/seed_FAMILY.c, registered in
 * seed_families[] in seed.c), in order: auth's users first, then the
 * families whose rows they sign.
 *
 * The generators are deterministic (a fixed-seed PRNG), so a fresh
 * database always gets the same names, addresses and histories; only the
 * timestamps move with the clock (they are relative to now). Emails use the
 * reserved example domains (RFC 2606) and phones the 555 range, so nothing
 * the app sends from demo data can reach a real person. */
#ifndef HEARTH_SEED_H
#define HEARTH_SEED_H

#include <stddef.h>
#include <libpq-fe.h>

/* The demo users' shared password (printed by seed demo). */
#define SEED_DEMO_PASSWORD "hearth-demo-2026"

/* Every family's demo data (auth: six users, one per shipped role;
 * customers: an integrator's book of business), in one transaction.
 * Does nothing (prints "already seeded") when auth.users has rows.
 * 0 on success, 1 on failure (message on stderr). */
int seed_demo(PGconn *db);

/* What `seed scale` was asked for: a count per scale option (0: not
 * given), the families' options in seed_families[] order. */
#define SEED_OPTIONS_MAX 16
struct seed_scale_args { long n[SEED_OPTIONS_MAX]; };

/* Parse the options after "seed scale" (each family registers its own,
 * e.g. --customers N or --customers=N). 0, or 1 with the complaint in err. */
int seed_scale_parse(int argc, char **argv, struct seed_scale_args *a, char *err, size_t cap);

/* Each asked-for family's scale data in order (customers: n customers with
 * contacts, a property and communications each, loaded with COPY by one
 * connection per core, all commit or all roll back, then VACUUM ANALYZE).
 * Safe on top of other data and next to other writers. 0 on success, 1 on
 * failure. */
int seed_scale(PGconn *db, const struct seed_scale_args *a);

#endif
