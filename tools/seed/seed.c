/* seed.c: `hearthctl seed demo` and `seed scale` (see seed.h): the
 * registration table of the families' seeders and what they share:
 * values, demo statements, COPY rows, id reservations and the parallel
 * loader (seed_family.h). Each family's words, generators and rows live in
 * its own file beside this one. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "seed.h"
#include "seed_family.h"

/* In order: auth's demo users sign the rows of the families after it.
 * A new family adds its seed_FAMILY.c and a line here. */
static const struct seed_family *const seed_families[] = {
	&seed_family_auth,
	&seed_family_customers,
	&seed_family_inventory,
	&seed_family_catalog,
	&seed_family_purchasing,
	&seed_family_sales,         /* after customers: its deals are for the demo customers */
	&seed_family_serials,       /* after every family that moves stock: it names the serials of their moves */
};
#define NFAMILIES NELEM(seed_families)

/* ------------------------------------------------------------------ */
/* Values and statements.                                               */

void
seed_ts(char *out, size_t cap, time_t now, long ago)
{
	time_t t = now - ago;
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(out, cap, "%Y-%m-%d %H:%M:%S+00", &tm);
}

void
seed_array(char *out, size_t cap, const char *const *items, int n)
{
	size_t len = 0;
	out[len++] = '{';
	for (int i = 0; i < n; i++) {
		if (i)
			out[len++] = ',';
		out[len++] = '"';
		for (const char *s = items[i]; *s && len + 4 < cap; s++) {
			if (*s == '"' || *s == '\\')
				out[len++] = '\\';
			out[len++] = *s;
		}
		out[len++] = '"';
		if (len + 4 >= cap)
			break;
	}
	out[len++] = '}';
	out[len] = '\0';
}

double
seed_clock(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int
seed_find(const char *const *list, size_t n, const char *word)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(list[i], word) == 0)
			return (int)i;
	return 0;
}

int
seed_prepare(PGconn *db, const struct seed_stmt *stmts, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		PGresult *res = PQprepare(db, stmts[i].name, stmts[i].sql, stmts[i].nparams, NULL);
		if (PQresultStatus(res) != PGRES_COMMAND_OK)
			return ctl_fail(db, stmts[i].name, res);
		PQclear(res);
	}
	return 0;
}

long long
seed_insert(PGconn *db, const char *stmt, int n, const char *const *vals)
{
	PGresult *res = PQexecPrepared(db, stmt, n, vals, NULL, NULL, 0);
	if (PQresultStatus(res) != PGRES_TUPLES_OK || PQntuples(res) != 1) {
		ctl_fail(db, stmt, res);
		return -1;
	}
	long long id = strtoll(PQgetvalue(res, 0, 0), NULL, 10);
	PQclear(res);
	return id;
}

/* 1 when every family's migrations have been applied. */
static int
seed_migrated(PGconn *db)
{
	int ok = 1;
	for (size_t f = 0; f < NFAMILIES && ok; f++) {
		const char *vals[] = { seed_families[f]->table };
		PGresult *res = PQexecParams(db, "SELECT to_regclass($1) IS NOT NULL", 1, NULL,
		    vals, NULL, NULL, 0);
		ok = PQresultStatus(res) == PGRES_TUPLES_OK && PQgetvalue(res, 0, 0)[0] == 't';
		PQclear(res);
	}
	if (!ok)
		fprintf(stderr, "hearthctl: the schema is missing; run hearthctl migrate first\n");
	return ok;
}

/* ------------------------------------------------------------------ */
/* seed demo: every family's rows in one transaction.                   */

void
seed_demo_count(struct seed_demo *d, long n, const char *what)
{
	size_t len = strlen(d->summary);
	snprintf(d->summary + len, sizeof(d->summary) - len, "%s%ld %s", len ? ", " : "", n, what);
}

/* 1 when a family says the demo is in already, 0 if not, -1 on error. */
static int
demo_done(PGconn *db)
{
	for (size_t f = 0; f < NFAMILIES; f++)
		if (seed_families[f]->demo_done != NULL) {
			int done = seed_families[f]->demo_done(db);
			if (done != 0)
				return done;
		}
	return 0;
}

static int
demo_families(PGconn *db, struct seed_demo *d)
{
	for (size_t f = 0; f < NFAMILIES; f++)
		if (seed_families[f]->demo != NULL && seed_families[f]->demo(db, d))
			return 1;
	return 0;
}

int
seed_demo(PGconn *db)
{
	struct seed_demo d = { .now = time(NULL) };
	char lock[64];
	if (!seed_migrated(db))
		return 1;
	/* The advisory lock makes two concurrent seeders take turns; the
	 * second then sees the users and stops. */
	snprintf(lock, sizeof(lock), "SELECT pg_advisory_xact_lock(%d)", SEED_DEMO_LOCK);
	if (ctl_run(db, "BEGIN", PGRES_COMMAND_OK) || ctl_run(db, lock, PGRES_TUPLES_OK))
		return 1;
	int done = demo_done(db);
	if (done != 0) {
		ctl_run(db, "ROLLBACK", PGRES_COMMAND_OK);
		return done < 0;
	}
	if (demo_families(db, &d) || ctl_run(db, "COMMIT", PGRES_COMMAND_OK)) {
		PQclear(PQexec(db, "ROLLBACK"));
		return 1;
	}
	printf("seeded demo: %s\n%s", d.summary, d.after);
	return 0;
}

/* ------------------------------------------------------------------ */
/* seed scale: the options, then each asked-for family in order.        */

/* Option idx of all the families' scale options in order (NULL past the
 * last); *f is its family. */
static const struct seed_option *
scale_option_at(size_t idx, size_t *f)
{
	for (*f = 0; *f < NFAMILIES; (*f)++)
		for (const struct seed_option *o = seed_families[*f]->scale_options;
		    o != NULL && o->flag != NULL; o++)
			if (idx-- == 0)
				return o;
	return NULL;
}

/* "seed scale needs --customers N" (and/or every other option). */
static void
scale_usage(char *err, size_t cap)
{
	size_t f, len = (size_t)snprintf(err, cap, "seed scale needs");
	const struct seed_option *o;
	for (size_t k = 0; (o = scale_option_at(k, &f)) != NULL && len < cap; k++)
		len += (size_t)snprintf(err + len, cap - len, "%s%s N", k ? " and/or " : " ", o->flag);
}

static int
scale_count(const struct seed_option *o, const char *s, long *out, char *err, size_t cap)
{
	char *end;
	long n = strtol(s, &end, 10);
	if (*s == '\0' || *end != '\0' || n < 1 || n > o->max) {
		snprintf(err, cap, "%s needs a number from 1 to %ld (got \"%s\")", o->flag, o->max, s);
		return 1;
	}
	*out = n;
	return 0;
}

/* The index of the option argv[*i] is (*val its value), -1 for anything
 * else or a missing value. */
static int
scale_option(int argc, char **argv, int *i, const char **val)
{
	size_t f;
	const struct seed_option *o;
	for (size_t k = 0; k < SEED_OPTIONS_MAX && (o = scale_option_at(k, &f)) != NULL; k++) {
		int r = ctl_flag(argc, argv, i, o->flag, val);
		if (r != 0)
			return r > 0 ? (int)k : -1;
	}
	return -1;
}

int
seed_scale_parse(int argc, char **argv, struct seed_scale_args *a, char *err, size_t cap)
{
	size_t f;
	memset(a, 0, sizeof(*a));
	for (int i = 0; i < argc; i++) {
		const char *val = NULL;
		int k = scale_option(argc, argv, &i, &val);
		if (k < 0 || a->n[k] != 0) {       /* not an option, no value, or twice */
			scale_usage(err, cap);
			return 1;
		}
		if (scale_count(scale_option_at((size_t)k, &f), val, &a->n[k], err, cap))
			return 1;
	}
	if (argc == 0)
		scale_usage(err, cap);
	return argc == 0;
}

/* Each family with any of its options given loads its rows, in order. */
int
seed_scale(PGconn *db, const struct seed_scale_args *a)
{
	if (!seed_migrated(db))
		return 1;
	size_t first = 0;                    /* the family's first option */
	for (size_t f = 0; f < NFAMILIES; f++) {
		size_t n = 0;
		int asked = 0;
		for (const struct seed_option *o = seed_families[f]->scale_options;
		    o != NULL && o->flag != NULL; o++, n++)
			asked |= a->n[first + n] > 0;
		if (asked && seed_families[f]->scale(db, &a->n[first]))
			return 1;
		first += n;
	}
	return 0;
}

/* ------------------------------------------------------------------ */
/* COPY rows, sent in large chunks.                                     */

#define COPY_CHUNK (1 << 20)

void
copy_raw(struct seed_copy *b, const char *s, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : COPY_CHUNK;
		while (cap < b->len + n + 1)
			cap *= 2;
		char *p = realloc(b->data, cap);
		if (p == NULL) {
			fprintf(stderr, "hearthctl: out of memory\n");
			exit(1);
		}
		b->data = p;
		b->cap = cap;
	}
	memcpy(b->data + b->len, s, n);
	b->len += n;
}

void
copy_text(struct seed_copy *b, const char *s)
{
	for (const char *run = s;; s++) {
		const char *esc = NULL;
		switch (*s) {
		case '\\': esc = "\\\\"; break;
		case '\t': esc = "\\t"; break;
		case '\n': esc = "\\n"; break;
		case '\r': esc = "\\r"; break;
		case '\0': break;
		default: continue;
		}
		copy_raw(b, run, (size_t)(s - run));
		if (esc == NULL)
			break;
		copy_raw(b, esc, 2);
		run = s + 1;
	}
	copy_raw(b, "\t", 1);
}

void
copy_int(struct seed_copy *b, long long v)
{
	char n[24];
	snprintf(n, sizeof(n), "%lld", v);
	copy_text(b, n);
}

void
copy_null(struct seed_copy *b)
{
	copy_raw(b, "\\N\t", 3);
}

void
copy_ts(struct seed_copy *b, time_t now, long ago)
{
	char ts[32];
	seed_ts(ts, sizeof(ts), now, ago);
	copy_text(b, ts);
}

void
copy_array(struct seed_copy *b, const char *const *items, int n)
{
	char lit[512];
	seed_array(lit, sizeof(lit), items, n);
	copy_text(b, lit);
}

static void
copy_flush(struct seed_copy *b)
{
	if (b->len && !b->failed && PQputCopyData(b->db, b->data, (int)b->len) != 1)
		b->failed = 1;
	b->len = 0;
}

int
seed_copy_rows(PGconn *db, const char *label, const char *sql, long lo, long hi,
    seed_rows_fn rows, void *arg, double *secs)
{
	double t0 = seed_clock();
	PGresult *res = PQexec(db, sql);
	if (PQresultStatus(res) != PGRES_COPY_IN)
		return ctl_fail(db, label, res);
	PQclear(res);
	struct seed_copy b = { .db = db };
	for (long i = lo; i < hi && !b.failed; i++) {
		rows(arg, &b, i);
		if (b.len >= COPY_CHUNK)
			copy_flush(&b);
	}
	copy_flush(&b);
	free(b.data);
	if (PQputCopyEnd(db, b.failed ? "hearthctl: send failed" : NULL) != 1)
		return ctl_fail(db, label, NULL);
	int rc = 0;
	while ((res = PQgetResult(db)) != NULL) {
		if (rc == 0 && PQresultStatus(res) != PGRES_COMMAND_OK)
			rc = ctl_fail(db, label, res);
		else
			PQclear(res);
	}
	*secs = seed_clock() - t0;
	return rc;
}

/* ------------------------------------------------------------------ */
/* Ids.                                                                 */

long long
id_at(const struct id_runs *r, long long index)
{
	int lo = 0, hi = r->n - 1;
	while (lo < hi) {
		int mid = (lo + hi + 1) / 2;
		if (r->start[mid] <= index)
			lo = mid;
		else
			hi = mid - 1;
	}
	return r->first[lo] + (index - r->start[lo]);
}

void
id_runs_free(struct id_runs *r)
{
	free(r->first);
	free(r->start);
}

/* Taking the ids one by one with nextval is what makes this safe while
 * others insert: every id taken is ours, whatever they do meanwhile. */
int
id_runs_reserve(PGconn *db, const char *table, long long n, struct id_runs *ids)
{
	char count[24], seq[256];
	const char *tvals[] = { table };
	PGresult *res = PQexecParams(db, "SELECT pg_get_serial_sequence($1, 'id')",
	    1, NULL, tvals, NULL, NULL, 0);
	if (PQresultStatus(res) != PGRES_TUPLES_OK || PQgetisnull(res, 0, 0))
		return ctl_fail(db, table, res);
	snprintf(seq, sizeof(seq), "%s", PQgetvalue(res, 0, 0));
	PQclear(res);
	snprintf(count, sizeof(count), "%lld", n);
	/* $1 is typed regclass, so the name is looked up once, not per id. */
	const char *vals[] = { seq, count };
	res = PQexecParams(db,
	    "SELECT min(v), count(*) FROM ("
	    "  SELECT v, v - row_number() OVER (ORDER BY v) AS run FROM ("
	    "    SELECT nextval($1::regclass) AS v FROM generate_series(1, $2::bigint)) AS taken"
	    " ) AS numbered GROUP BY run ORDER BY 1", 2, NULL, vals, NULL, NULL, 0);
	if (PQresultStatus(res) != PGRES_TUPLES_OK || PQntuples(res) < 1)
		return ctl_fail(db, table, res);
	ids->n = PQntuples(res);
	ids->first = calloc((size_t)ids->n, sizeof(*ids->first));
	ids->start = calloc((size_t)ids->n, sizeof(*ids->start));
	long long at = 0;
	for (int k = 0; ids->first && ids->start && k < ids->n; k++) {
		ids->first[k] = strtoll(PQgetvalue(res, k, 0), NULL, 10);
		ids->start[k] = at;
		at += strtoll(PQgetvalue(res, k, 1), NULL, 10);
	}
	PQclear(res);
	if (ids->first == NULL || ids->start == NULL) {
		fprintf(stderr, "hearthctl: out of memory\n");
		return 1;
	}
	return 0;
}

/* ------------------------------------------------------------------ */
/* Parallel loading.                                                    */

/* A second connection like db (same host, database, user...). */
static PGconn *
seed_clone(PGconn *db)
{
	PQconninfoOption *opts = PQconninfo(db);
	if (opts == NULL)
		return NULL;
	size_t n = 0;
	while (opts[n].keyword != NULL)
		n++;
	const char **keys = calloc(n + 1, sizeof(*keys));
	const char **vals = calloc(n + 1, sizeof(*vals));
	size_t k = 0;
	for (size_t i = 0; keys && vals && i < n; i++)
		if (opts[i].val != NULL && opts[i].val[0] != '\0') {
			keys[k] = opts[i].keyword;
			vals[k++] = opts[i].val;
		}
	PGconn *c = keys && vals ? PQconnectdbParams(keys, vals, 0) : NULL;
	free(keys);
	free(vals);
	PQconninfoFree(opts);
	if (c != NULL && PQstatus(c) != CONNECTION_OK) {
		fprintf(stderr, "hearthctl: worker connection: %s", PQerrorMessage(c));
		PQfinish(c);
		c = NULL;
	}
	return c;
}

/* Where a part runs; par is found through the part's place in it. */
struct seed_worker { struct seed_parallel *par; struct seed_part *p; };

/* A worker: load the part, wait until every part is loaded, then all
 * commit or all roll back. Only a failing COMMIT (a lost connection) can
 * leave some parts in and others out. */
static void *
seed_worker(void *arg)
{
	struct seed_worker *w = arg;
	struct seed_parallel *par = w->par;
	struct seed_part *p = w->p;
	/* synchronous_commit off: a crash loses only benchmark data. A big
	 * work_mem makes the GIN pending-list merges fewer and larger. The
	 * locks are taken first and may not wait long: a worker holding its
	 * locks while it waits for the others (below) must never wait behind
	 * a lock request queued after it (ALTER TABLE, CREATE INDEX), or the
	 * two would wait for each other where PostgreSQL cannot see it. */
	p->db = seed_clone(par->db);
	p->load_failed = p->db == NULL ||
	    ctl_run(p->db, "BEGIN", PGRES_COMMAND_OK) ||
	    ctl_run(p->db, "SET LOCAL synchronous_commit = off", PGRES_COMMAND_OK) ||
	    ctl_run(p->db, "SET LOCAL work_mem = '256MB'", PGRES_COMMAND_OK) ||
	    ctl_run(p->db, "SET LOCAL lock_timeout = '30s'", PGRES_COMMAND_OK) ||
	    ctl_run(p->db, par->lock_sql, PGRES_COMMAND_OK) ||
	    par->load(p);
	pthread_barrier_wait(&par->loaded);
	int all_loaded = 1;
	for (int k = 0; k < par->nparts; k++)
		all_loaded &= !par->parts[k].load_failed;
	if (all_loaded)
		p->failed = ctl_run(p->db, "COMMIT", PGRES_COMMAND_OK);
	else if (p->db != NULL)
		PQclear(PQexec(p->db, "ROLLBACK"));
	p->failed |= !all_loaded;
	PQfinish(p->db);
	p->db = NULL;
	return NULL;
}

/* One worker per core (the database does the work; the generator is
 * cheap), at most SEED_MAX_PARTS, and none with a tiny part. */
void
seed_parallel_split(struct seed_parallel *par, long n)
{
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	int k = cpus < 1 ? 1 : cpus > SEED_MAX_PARTS ? SEED_MAX_PARTS : (int)cpus;
	while (k > 1 && n / k < 1000)
		k--;
	par->nparts = k;
	for (int i = 0; i < k; i++) {
		par->parts[i].lo = n * i / k;
		par->parts[i].hi = n * (i + 1) / k;
	}
}

int
seed_parallel_run(struct seed_parallel *par)
{
	pthread_t tids[SEED_MAX_PARTS];
	struct seed_worker workers[SEED_MAX_PARTS];
	int started = 0, failed = 0;
	pthread_barrier_init(&par->loaded, NULL, (unsigned)par->nparts);
	for (; started < par->nparts; started++) {
		workers[started] = (struct seed_worker){ par, &par->parts[started] };
		if (pthread_create(&tids[started], NULL, seed_worker, &workers[started]) != 0)
			break;
	}
	if (started < par->nparts) {
		/* Cannot happen short of exhaustion; the barrier would never open. */
		fprintf(stderr, "hearthctl: cannot start a worker thread\n");
		abort();
	}
	for (int k = 0; k < started; k++) {
		pthread_join(tids[k], NULL);
		failed |= par->parts[k].failed;
	}
	pthread_barrier_destroy(&par->loaded);
	return failed;
}
