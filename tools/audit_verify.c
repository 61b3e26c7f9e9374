/* audit_verify.c: `hearthctl audit verify`. Walks the audit table in id
 * order (the chain's order since sql/010) and checks, for every row, that
 *   - its hash is what core.audit_chain() computes from its content and
 *     its prev_hash (same expression, same bytes): an edited row fails;
 *   - its prev_hash is the hash of the row before it (the first row has
 *     none): a deleted row breaks the link of the row after it.
 * The work is done in PostgreSQL, in batches of AUDIT_BATCH rows by id
 * (keyset), inside one REPEATABLE READ READ ONLY transaction, so the walk
 * sees one consistent log while the application keeps writing, and memory
 * stays flat whatever the size. Deleting the newest rows shows once the
 * next row is written (it chains to the deleted row's hash, kept in
 * core.audit_head); until then no chain can tell. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "audit_verify.h"

#define AUDIT_BATCH "50000"

/* core.audit_chain()'s hash of a row, as in sql/001 and sql/010. */
#define AUDIT_HASH_SQL \
	"sha256(coalesce(s.prev_hash, '\\x'::bytea) || convert_to(concat_ws('|', s.id," \
	" to_char(s.at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US')," \
	" s.user_id, s.actor, s.client_ip, s.request_id, s.action, s.entity, s.entity_id," \
	" s.before::text, s.after::text), 'UTF8'))"

/* One batch after id $1, the previous batch's last hash $2 (hex; NULL
 * before the first row): rows, last id, last hash, and the first bad row
 * with what is wrong ("hash" or "link") and the id of the row before it. */
#define AUDIT_BATCH_SQL \
	"WITH b AS (" \
	"  SELECT s.id, s.prev_hash, s.hash, " AUDIT_HASH_SQL " AS computed," \
	"         lag(s.hash, 1, decode($2, 'hex')) OVER (ORDER BY s.id) AS expected_prev," \
	"         lag(s.id) OVER (ORDER BY s.id) AS prev_id" \
	"  FROM (SELECT * FROM %s WHERE id > $1::bigint ORDER BY id LIMIT " AUDIT_BATCH ") s)" \
	" SELECT (SELECT count(*) FROM b), (SELECT max(id) FROM b)," \
	"  (SELECT encode(hash, 'hex') FROM b ORDER BY id DESC LIMIT 1)," \
	"  bad.id, bad.kind, bad.prev_id" \
	" FROM (SELECT 1) one LEFT JOIN LATERAL (" \
	"  SELECT b.id, CASE WHEN b.hash IS DISTINCT FROM b.computed THEN 'hash' ELSE 'link' END AS kind," \
	"         b.prev_id" \
	"  FROM b WHERE b.hash IS DISTINCT FROM b.computed OR b.prev_hash IS DISTINCT FROM b.expected_prev" \
	"  ORDER BY b.id LIMIT 1) bad ON true"

static int
verify_fail(PGconn *db, const char *what, PGresult *res)
{
	fprintf(stderr, "hearthctl: audit verify: %s: %s", what,
	    res ? PQresultErrorMessage(res) : PQerrorMessage(db));
	PQclear(res);
	PQclear(PQexec(db, "ROLLBACK"));
	return 1;
}

static int
ident_ok(const char *s, size_t n)
{
	if (n == 0 || n > 63 || !((s[0] >= 'a' && s[0] <= 'z') || s[0] == '_'))
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '_'))
			return 0;
	return 1;
}

/* "schema.table" → quoted identifiers (malloc'd), or NULL. */
static char *
table_sql(PGconn *db, const char *table)
{
	const char *dot = strchr(table, '.');
	if (dot == NULL || !ident_ok(table, (size_t)(dot - table)) || !ident_ok(dot + 1, strlen(dot + 1)))
		return NULL;
	char *schema = PQescapeIdentifier(db, table, (size_t)(dot - table));
	char *name = PQescapeIdentifier(db, dot + 1, strlen(dot + 1));
	char *out = NULL;
	if (schema != NULL && name != NULL && (out = malloc(strlen(schema) + strlen(name) + 2)) != NULL)
		sprintf(out, "%s.%s", schema, name);
	PQfreemem(schema);
	PQfreemem(name);
	return out;
}

int
audit_verify(PGconn *db, const char *table)
{
	char *from = table_sql(db, table ? table : "core.audit");
	if (from == NULL) {
		fprintf(stderr, "hearthctl: audit verify: --table wants schema.table in lower case (got \"%s\")\n",
		    table);
		return 2;
	}
	size_t cap = strlen(AUDIT_BATCH_SQL) + strlen(from) + 1;
	char *sql = malloc(cap);
	if (sql == NULL) {
		free(from);
		return 1;
	}
	snprintf(sql, cap, AUDIT_BATCH_SQL, from);
	free(from);
	PGresult *res = PQexec(db, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
	if (PQresultStatus(res) != PGRES_COMMAND_OK) {
		free(sql);
		return verify_fail(db, "begin", res);
	}
	PQclear(res);
	res = PQprepare(db, "audit_verify_batch", sql, 2, NULL);
	free(sql);
	if (PQresultStatus(res) != PGRES_COMMAND_OK)
		return verify_fail(db, "prepare", res);
	PQclear(res);

	char after[24] = "-9223372036854775808", *last_hash = NULL;
	long long rows = 0;
	int rc = 0;
	for (;;) {
		const char *vals[2] = { after, last_hash };
		res = PQexecPrepared(db, "audit_verify_batch", 2, vals, NULL, NULL, 0);
		if (PQresultStatus(res) != PGRES_TUPLES_OK || PQntuples(res) != 1) {
			free(last_hash);
			return verify_fail(db, "read", res);
		}
		long long n = strtoll(PQgetvalue(res, 0, 0), NULL, 10);
		if (!PQgetisnull(res, 0, 3)) {
			const char *id = PQgetvalue(res, 0, 3), *kind = PQgetvalue(res, 0, 4);
			if (strcmp(kind, "hash") == 0)
				fprintf(stderr, "audit chain broken at row %s: its hash does not match its content "
				    "(the row was changed after it was written)\n", id);
			else if (PQgetisnull(res, 0, 5) && rows == 0)
				fprintf(stderr, "audit chain broken at row %s: the first row has a prev_hash "
				    "(the rows before it were deleted)\n", id);
			else
				fprintf(stderr, "audit chain broken at row %s: its prev_hash is not the hash of row %s "
				    "before it (a row between them was deleted, or the chain was rewritten)\n", id,
				    PQgetisnull(res, 0, 5) ? after : PQgetvalue(res, 0, 5));
			rc = 1;
			PQclear(res);
			break;
		}
		if (n == 0) {
			PQclear(res);
			break;
		}
		rows += n;
		snprintf(after, sizeof(after), "%s", PQgetvalue(res, 0, 1));
		free(last_hash);
		last_hash = PQgetisnull(res, 0, 2) ? NULL : strdup(PQgetvalue(res, 0, 2));
		PQclear(res);
	}
	free(last_hash);
	PQclear(PQexec(db, "COMMIT"));
	if (rc == 0)
		printf("audit chain ok (%lld rows)\n", rows);
	return rc;
}
