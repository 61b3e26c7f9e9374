/* seed_family: what tools/seed/seed.c gives each family's seeder, and the
 * one struct a family fills in to take part (seed_families[] in seed.c).
 *
 * A family's file (seed_auth.c, seed_customers.c, later seed_sales.c ...)
 * holds its words, its generators and its rows; seed.c runs the families
 * in order, inside one transaction for `seed demo`, and each family whose
 * scale option was given for `seed scale`. */
#ifndef HEARTH_SEED_FAMILY_H
#define HEARTH_SEED_FAMILY_H

#include <pthread.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>
#include <libpq-fe.h>
#include "ctl.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))
#define PICK(r, a) ((a)[rng_below((r), NELEM(a))])
#define DAY 86400L

/* ------------------------------------------------------------------ */
/* PRNG: splitmix64. Fixed seeds keep the data the same on every run.  */
/* Inline: the scale generators call these millions of times.          */

struct seed_rng { uint64_t s; };

static inline uint64_t
rng_next(struct seed_rng *r)
{
	uint64_t z = (r->s += 0x9E3779B97F4A7C15ULL);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
	return z ^ (z >> 31);
}

/* 0..n-1; the modulo bias is irrelevant for n this small. */
static inline int
rng_below(struct seed_rng *r, size_t n)
{
	return (int)(rng_next(r) % n);
}

static inline int
rng_range(struct seed_rng *r, int lo, int hi)
{
	return lo + rng_below(r, (size_t)(hi - lo + 1));
}

static inline int
rng_pct(struct seed_rng *r, int pct)
{
	return rng_below(r, 100) < pct;
}

/* One independent stream per (row, table): a scale pass can rebuild any
 * row without replaying the ones before it. */
static inline void
rng_stream(struct seed_rng *r, uint64_t seed, uint64_t i, uint64_t stream)
{
	r->s = seed ^ (i * 0xD1B54A32D192ED03ULL) ^ (stream << 56);
	rng_next(r);
}

/* ------------------------------------------------------------------ */
/* Values and statements.                                               */

/* timestamptz text for now - ago seconds, in UTC. */
void seed_ts(char *out, size_t cap, time_t now, long ago);
/* A PostgreSQL array literal of text: {"a","b"} with " and \ escaped. */
void seed_array(char *out, size_t cap, const char *const *items, int n);
double seed_clock(void);            /* monotonic seconds */
/* The index of word in list, 0 when absent. */
int seed_find(const char *const *list, size_t n, const char *word);

/* A statement a family prepares for its demo INSERTs. */
struct seed_stmt { const char *name, *sql; int nparams; };
int seed_prepare(PGconn *db, const struct seed_stmt *stmts, size_t n);
/* Run a prepared INSERT ... RETURNING id; the id, or -1 (reported). */
long long seed_insert(PGconn *db, const char *stmt, int n, const char *const *vals);

/* ------------------------------------------------------------------ */
/* seed demo: one transaction; the families run in order and share this. */

/* Demo users: one per shipped role (auth adds them first, so the families
 * after it can sign their rows as someone who would have written them). */
enum seed_role { R_ADMIN, R_MANAGER, R_SALES, R_TECH, R_OFFICE, R_VIEWER, R__N };

struct seed_demo {
	time_t    now;
	long long users[R__N];         /* by role, set by the auth family */
	char      summary[512];        /* "6 users, 40 customers, ...": seed_demo_count */
	char      after[256];          /* lines printed after the summary */
};

/* Add "n what" to the summary line. */
void seed_demo_count(struct seed_demo *d, long n, const char *what);

/* ------------------------------------------------------------------ */
/* seed scale: COPY text-format rows, sent in large chunks.             */

struct seed_copy {
	PGconn *db;
	char   *data;
	size_t  len, cap;
	int     failed;
};

void copy_raw(struct seed_copy *b, const char *s, size_t n);
/* A text field, escaped for COPY's text format, then the column separator. */
void copy_text(struct seed_copy *b, const char *s);
void copy_int(struct seed_copy *b, long long v);
void copy_null(struct seed_copy *b);
void copy_ts(struct seed_copy *b, time_t now, long ago);
void copy_array(struct seed_copy *b, const char *const *items, int n);
/* End the row: the last separator becomes the newline. */
static inline void
copy_end_row(struct seed_copy *b)
{
	b->data[b->len - 1] = '\n';
}

/* One COPY (sql: "COPY ... FROM STDIN") of units [lo, hi), rows(arg, b, i)
 * writing unit i's rows; *secs is how long it took. 0, or 1 (reported as
 * label). */
typedef void (*seed_rows_fn)(void *arg, struct seed_copy *b, long i);
int seed_copy_rows(PGconn *db, const char *label, const char *sql, long lo, long hi,
    seed_rows_fn rows, void *arg, double *secs);

/* Ids taken from a table's sequence: runs of consecutive ids, usually
 * one (more if someone inserted while we took them). */
struct id_runs {
	long long *first;        /* run k holds first[k], first[k] + 1, ... */
	long long *start;        /* the index of first[k] among all the ids */
	int        n;
};

/* Take n ids from table's id sequence (safe next to other writers). */
int id_runs_reserve(PGconn *db, const char *table, long long n, struct id_runs *ids);
long long id_at(const struct id_runs *r, long long index);   /* the index-th, 0-based */
void id_runs_free(struct id_runs *r);

/* Advisory lock keys (hearthctl.c lists them all). */
#define SEED_DEMO_LOCK  7210003
#define SEED_SCALE_LOCK 7210004

/* Parallel loading: n units split into parts, one connection (a clone of
 * db) and transaction per part; all commit or all roll back. */
#define SEED_MAX_PARTS 4

struct seed_part {
	long      lo, hi;          /* units [lo, hi) */
	PGconn   *db;              /* the part's own connection while it loads */
	void     *arg;             /* the family's state for this part */
	int       load_failed;     /* written before the barrier, read by all after it */
	int       failed;          /* the final outcome, read after seed_parallel_run */
};

struct seed_parallel {
	PGconn   *db;              /* the caller's connection, cloned per part */
	const char *lock_sql;      /* LOCK TABLE ...: taken first by every part */
	int     (*load)(struct seed_part *p);
	struct seed_part parts[SEED_MAX_PARTS];
	int       nparts;
	pthread_barrier_t loaded;  /* every part has loaded, or failed */
};

/* Split n units into parts (one per core, at most SEED_MAX_PARTS, none
 * with fewer than 1000 units). */
void seed_parallel_split(struct seed_parallel *par, long n);
/* Load every part at once; 0 when all committed. */
int seed_parallel_run(struct seed_parallel *par);

/* ------------------------------------------------------------------ */
/* A family.                                                            */

/* A scale option: `seed scale FLAG N`, N from 1 to max. */
struct seed_option { const char *flag; long max; };

struct seed_family {
	const char *name;
	const char *table;          /* a table its migration makes: seeding stops without it */
	/* `seed demo` (NULL: nothing). Rows go in inside the shared transaction. */
	int (*demo)(PGconn *db, struct seed_demo *d);
	/* 1 when the demo has been seeded already (then nothing is), 0 if not,
	 * -1 on error (reported); NULL: this family does not tell. */
	int (*demo_done)(PGconn *db);
	/* `seed scale`: the family's options (up to one with flag NULL; NULL:
	 * no scale data), and its loader, run when any of them was given, with
	 * n[k] the count for option k (0: not given). */
	const struct seed_option *scale_options;
	int (*scale)(PGconn *db, const long *n);
};

extern const struct seed_family seed_family_auth;
extern const struct seed_family seed_family_customers;
extern const struct seed_family seed_family_inventory;
extern const struct seed_family seed_family_purchasing;
extern const struct seed_family seed_family_serials;
extern const struct seed_family seed_family_catalog;
extern const struct seed_family seed_family_sales;

#endif
