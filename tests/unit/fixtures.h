/* fixtures.h: what the unit tests share (fixtures.c is linked into each):
 * cmocka's includes, a request on its own arena, the test database, a
 * temporary directory, and JWTs built by hand.
 *
 *   FX_TEST(my_test)  (cmocka_unit_test_setup_teardown with fx_setup, fx_teardown)
 *   ... struct fx *f = *state; f->r is a fresh request on f->a ... */
#ifndef HEARTH_TEST_FIXTURES_H
#define HEARTH_TEST_FIXTURES_H

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <openssl/evp.h>
#include "arena.h"
#include "list.h"
#include "req.h"
#include "valid.h"

/* A request on its own arena, and what tests build over one. */
struct fx {
	struct arena      *a;
	struct request     r;
	struct form        f;        /* a form over r (record, valid) */
	struct list_query  lq;       /* r's list parameters (list) */
	char               dir[64];  /* fx_tmpdir's, removed by fx_teardown */
};

/* cmocka setup/teardown: a calloc'd struct fx in *state. The teardown
 * rolls back a transaction the test left open (a no-op without one),
 * frees the arena (which clears its PGresults and spool files) and
 * removes f->dir when it was made. */
int fx_setup(void **state);
int fx_teardown(void **state);
#define FX_TEST(fn) cmocka_unit_test_setup_teardown(fn, fx_setup, fx_teardown)
/* A new request on the same arena (kept), or on the emptied arena. */
void fx_fresh(struct fx *f);
void fx_fresh_reset(struct fx *f);

/* A new directory "/tmp/hearth-test-NAME-XXXXXX" in out; 0, or -1. */
int fx_tmpdir(char *out, size_t cap, const char *name);
/* Write text to path (asserts). */
void fx_write_file(const char *path, const char *text);

/* ---- the test database ----
 * HEARTH_TEST_DATABASE is a libpq conninfo (e.g. "host=/path/to/socket
 * port=5432 dbname=hearth user=hearth"). Without it, live tests skip and
 * the program exits 77, so make check reports SKIP rather than PASS. */
#define FX_ENV_DB "HEARTH_TEST_DATABASE"
const char *fx_db_conninfo(void);             /* NULL when unset or empty */
/* Group setup: lib/db.c connected to the test database, then sql run on
 * it (NULL: none). 0, also without a database (each test skips); -1,
 * reported as test, when it does not answer or sql fails. */
int fx_db_open(const char *test, const char *sql);
int fx_db_close(void **state);                /* group teardown: db_close */
#define FX_NEED_DB() do { if (fx_db_conninfo() == NULL) skip(); } while (0)
/* main's exit status: the failures, else 77 without a database. */
int fx_db_exit(int failed);

/* Group teardown for groups that set configuration: config_clear. */
int fx_config_clear(void **state);

/* ---- JWTs by hand ----
 * base64url of s, malloc'd. */
char *fx_b64url_str(const char *s);
/* header.payload signed with HMAC(md) under key, or with an empty
 * signature when md is NULL; malloc'd. */
char *fx_jwt(const char *header, const char *payload, const EVP_MD *md,
    const unsigned char *key, size_t klen);

#endif
