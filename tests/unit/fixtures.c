/* fixtures.c: see fixtures.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <openssl/hmac.h>
#include "config.h"
#include "crypto.h"
#include "db.h"
#include "fixtures.h"

int
fx_setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));
	if (f == NULL)
		return -1;
	f->a = arena_new();
	req_init(&f->r, f->a);
	*state = f;
	return 0;
}

int
fx_teardown(void **state)
{
	struct fx *f = *state;
	db_rollback(&f->r);
	req_cleanup(&f->r);
	arena_free(f->a);
	if (f->dir[0] != '\0')
		rmdir(f->dir);
	free(f);
	return 0;
}

void
fx_fresh(struct fx *f)
{
	req_cleanup(&f->r);
	req_init(&f->r, f->a);
}

void
fx_fresh_reset(struct fx *f)
{
	req_cleanup(&f->r);
	arena_reset(f->a);
	req_init(&f->r, f->a);
}

int
fx_tmpdir(char *out, size_t cap, const char *name)
{
	snprintf(out, cap, "/tmp/hearth-test-%s-XXXXXX", name);
	return mkdtemp(out) != NULL ? 0 : -1;
}

void
fx_write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

const char *
fx_db_conninfo(void)
{
	const char *c = getenv(FX_ENV_DB);
	return c != NULL && *c != '\0' ? c : NULL;
}

int
fx_db_open(const char *test, const char *sql)
{
	const char *c = fx_db_conninfo();
	if (c == NULL)
		return 0;                           /* each test skips */
	if (db_init(c) != 0) {
		fprintf(stderr, "%s: cannot connect with %s=%s\n", test, FX_ENV_DB, c);
		return -1;
	}
	if (sql == NULL)
		return 0;
	PGresult *res = PQexec(db_conn(), sql);
	int ok = PQresultStatus(res) == PGRES_COMMAND_OK;
	if (!ok)
		fprintf(stderr, "%s: setup: %s", test, PQresultErrorMessage(res));
	PQclear(res);
	return ok ? 0 : -1;
}

int
fx_db_close(void **state)
{
	(void)state;
	db_close();
	return 0;
}

int
fx_db_exit(int failed)
{
	if (failed)
		return failed;
	return fx_db_conninfo() == NULL ? 77 : 0;
}

int
fx_config_clear(void **state)
{
	(void)state;
	config_clear();
	return 0;
}

char *
fx_b64url_str(const char *s)
{
	size_t n = strlen(s);
	char *out = malloc(4 * (n / 3 + 1) + 1);
	crypto_b64url(out, (const unsigned char *)s, n);
	return out;
}

char *
fx_jwt(const char *header, const char *payload, const EVP_MD *md,
    const unsigned char *key, size_t klen)
{
	char *h = fx_b64url_str(header), *p = fx_b64url_str(payload);
	size_t n = strlen(h) + strlen(p) + 200;
	char *tok = malloc(n);
	snprintf(tok, n, "%s.%s.", h, p);
	if (md != NULL) {
		unsigned char mac[64];
		unsigned int maclen = 0;
		HMAC(md, key, (int)klen, (const unsigned char *)tok, strlen(h) + 1 + strlen(p), mac, &maclen);
		crypto_b64url(tok + strlen(tok), mac, maclen);
	}
	free(h);
	free(p);
	return tok;
}
