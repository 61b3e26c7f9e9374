/* seed_auth.c: the auth family's demo data: one user per shipped role,
 * all with SEED_DEMO_PASSWORD. It runs first, so the families after it
 * can sign their rows with these users (struct seed_demo.users). No scale
 * data: seed scale signs its rows with the users already there. */
#include <stdio.h>
#include <stdlib.h>
#include "password.h"
#include "seed.h"
#include "seed_family.h"

/* In the order of enum seed_role. */
struct seed_user { const char *email, *name, *role; };
static const struct seed_user seed_demo_users[R__N] = {
	{"admin@demo.hearth", "Avery Admin", "admin"},
	{"manager@demo.hearth", "Morgan Reyes", "manager"},
	{"sales@demo.hearth", "Sam Patel", "sales"},
	{"tech@demo.hearth", "Taylor Nguyen", "technician"},
	{"office@demo.hearth", "Jordan Lee", "office"},
	{"viewer@demo.hearth", "Val Viewer", "viewer"},
};

static const struct seed_stmt demo_stmts[] = {
	{"demo_user", "INSERT INTO auth.users (email, name, role, password_hash)"
	    " VALUES ($1, $2, $3, $4) RETURNING id", 4},
};

/* Each demo user gets its own salt, so the hashes differ like real ones. */
static int
demo_users(PGconn *db, long long ids[R__N])
{
	for (int i = 0; i < R__N; i++) {
		char *hash = password_hash(SEED_DEMO_PASSWORD);
		if (hash == NULL) {
			fprintf(stderr, "hearthctl: password_hash failed\n");
			return 1;
		}
		const struct seed_user *u = &seed_demo_users[i];
		const char *vals[] = { u->email, u->name, u->role, hash };
		ids[i] = seed_insert(db, "demo_user", 4, vals);
		free(hash);
		if (ids[i] < 0)
			return 1;
	}
	return 0;
}

static int
auth_demo(PGconn *db, struct seed_demo *d)
{
	if (seed_prepare(db, demo_stmts, NELEM(demo_stmts)) || demo_users(db, d->users))
		return 1;
	seed_demo_count(d, R__N, "users");
	snprintf(d->after, sizeof(d->after), "demo sign-in: %s / %s\n",
	    seed_demo_users[R_ADMIN].email, SEED_DEMO_PASSWORD);
	return 0;
}

/* The demo is in when auth.users has rows (then demo does nothing). */
static int
auth_demo_done(PGconn *db)
{
	PGresult *res = PQexec(db, "SELECT count(*) FROM auth.users");
	if (PQresultStatus(res) != PGRES_TUPLES_OK) {
		ctl_fail(db, "count users", res);
		return -1;
	}
	long n = strtol(PQgetvalue(res, 0, 0), NULL, 10);
	PQclear(res);
	if (n > 0)
		printf("already seeded (auth.users has %ld user%s); nothing to do\n", n, n == 1 ? "" : "s");
	return n > 0;
}

const struct seed_family seed_family_auth = {
	.name = "auth",
	.table = "auth.users",
	.demo = auth_demo,
	.demo_done = auth_demo_done,
};
