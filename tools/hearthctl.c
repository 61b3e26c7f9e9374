/* hearthctl: the operator's command line (DESIGN §1; the command line is
 * part of the contract). It finds the stack's configuration the way the
 * responders do and talks to PostgreSQL as the owner role, the one that
 * owns the schemas and runs migrations.
 *
 * Exit status: 0 done, 1 failed, 2 bad command line. */
#include <dirent.h>
#include <libgen.h>
#include <limits.h>
#include <pwd.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>
#include <libpq-fe.h>
#include "apitoken.h"
#include "config.h"
#include "ctl.h"
#include "password.h"
#include "password_policy.h"
#include "seed/seed.h"
#include "audit_verify.h"

/* Advisory lock key: one migrate at a time, whichever host runs it
 * (core.audit_chain uses 7210001, seed demo 7210003, seed scale 7210004). */
#define MIGRATE_LOCK_SQL "SELECT pg_advisory_lock(7210002)"

/* The same password policy as the users admin (lib/password_policy.h). */
#define PASSWORD_MAX_BYTES PASSWORD_POLICY_MAX_BYTES

static void
usage(FILE *out)
{
	fputs("usage: hearthctl COMMAND [ARGS]\n"
	    "\n"
	    "commands:\n"
	    "  migrate                                    apply the sql/NNN_*.sql files not applied yet\n"
	    "  create-user EMAIL --role ROLE --name NAME  add a user; the password is read from standard\n"
	    "                                             input (12+ characters, not the name, email or\n"
	    "                                             a common password)\n"
	    "  seed demo                                  demo users and an integrator's customers\n"
	    "                                             (only on a database without users)\n"
	    "  seed scale --customers N                   N customers with contacts, properties and\n"
	    "                                             communications, for benchmarks\n"
	    "  audit verify [--table SCHEMA.TABLE]        check the audit log's hash chain: exit 0 and\n"
	    "                                             \"audit chain ok (N rows)\", or 1 naming the\n"
	    "                                             first edited row or the row after a deleted\n"
	    "                                             one (--table: a copy, for drills)\n"
	    "  token create EMAIL --scopes a:read,b:write --name N [--days D]\n"
	    "                                             a personal API token for the user: printed\n"
	    "                                             once on standard output (only its hash is\n"
	    "                                             kept); expires in D days (default 90, at\n"
	    "                                             most 365); scopes family:read|write\n"
	    "  help                                       this text\n"
	    "\n"
	    "not implemented yet: backup, restore\n"
	    "\n"
	    "configuration: $HEARTH_CONFIG, else ./var/hearth.conf, else /etc/hearth/hearth.conf\n"
	    "  (keys: database = libpq conninfo, owner_user = role to connect as)\n"
	    "migrations: $HEARTH_SQL_DIR, else ../sql beside this program, else ./sql\n", out);
}

/* A bad command: the message, then the whole usage. */
static int
usage_error(const char *fmt, const char *arg)
{
	fputs("hearthctl: ", stderr);
	fprintf(stderr, fmt, arg);
	fputs("\n\n", stderr);
	usage(stderr);
	return 2;
}

/* Bad arguments to a known command: the message and a pointer to help. */
static int __attribute__((format(printf, 1, 2)))
arg_error(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fputs("hearthctl: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputs(" (hearthctl help shows the usage)\n", stderr);
	va_end(ap);
	return 2;
}

/* ------------------------------------------------------------------ */
/* Connection.                                                          */

/* Connect as owner_user with the configured conninfo. The conninfo goes
 * in as an expanded dbname, so the user given here wins over any user=
 * inside it, and no quoting of the role name is needed. */
static PGconn *
ctl_connect(void)
{
	if (config_load_default() != 0) {
		fprintf(stderr, "hearthctl: cannot load the configuration (set HEARTH_CONFIG, "
		    "or run in the directory whose var/hearth.conf the stack uses)\n");
		return NULL;
	}
	const char *conninfo = config_get("database", NULL);
	const char *owner = config_get("owner_user", "hearth");
	if (conninfo == NULL || *conninfo == '\0') {
		fprintf(stderr, "hearthctl: %s has no \"database\" setting\n", config_path());
		return NULL;
	}
	const char *keys[] = { "dbname", "user", "application_name", NULL };
	const char *vals[] = { conninfo, owner, "hearthctl", NULL };
	PGconn *db = PQconnectdbParams(keys, vals, 1);
	if (PQstatus(db) != CONNECTION_OK) {
		fprintf(stderr, "hearthctl: cannot connect to PostgreSQL as %s (database setting in %s):\n  %s",
		    owner, config_path(), PQerrorMessage(db));
		PQfinish(db);
		return NULL;
	}
	/* NOTICEs like "schema core already exists, skipping" are noise here. */
	if (ctl_run(db, "SET client_min_messages = warning", PGRES_COMMAND_OK)) {
		PQfinish(db);
		return NULL;
	}
	return db;
}

/* ------------------------------------------------------------------ */
/* migrate                                                              */

static int
is_dir(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* sql/: $HEARTH_SQL_DIR, else ../sql next to the executable (tools/ in the
 * build tree), else ./sql. */
static int
migrate_dir(char out[PATH_MAX], size_t cap)
{
	const char *env = getenv("HEARTH_SQL_DIR");
	if (env != NULL && *env != '\0') {
		snprintf(out, cap, "%s", env);
		if (is_dir(out))
			return 0;
		fprintf(stderr, "hearthctl: HEARTH_SQL_DIR=%s is not a directory\n", env);
		return 1;
	}
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n > 0) {
		exe[n] = '\0';
		char guess[PATH_MAX + 8];
		snprintf(guess, sizeof(guess), "%s/../sql", dirname(exe));
		if (is_dir(guess) && realpath(guess, out) != NULL)
			return 0;
	}
	snprintf(out, cap, "sql");
	if (is_dir(out))
		return 0;
	fprintf(stderr, "hearthctl: cannot find the migrations (no sql/ beside the program "
	    "or here); set HEARTH_SQL_DIR\n");
	return 1;
}

/* NNN_name.sql */
static int
migrate_is_file(const struct dirent *d)
{
	const char *s = d->d_name;
	size_t n = strlen(s);
	return n > 8 && s[0] >= '0' && s[0] <= '9' && s[1] >= '0' && s[1] <= '9' &&
	    s[2] >= '0' && s[2] <= '9' && s[3] == '_' && strcmp(s + n - 4, ".sql") == 0;
}

/* Byte order, not the locale's collation: the same order everywhere. */
static int
migrate_order(const struct dirent **a, const struct dirent **b)
{
	return strcmp((*a)->d_name, (*b)->d_name);
}

/* The migration files in order; refuses two files with the same number,
 * whose order would be an accident (a merge of two branches). */
static int
migrate_list(const char *dir, struct dirent ***files)
{
	int n = scandir(dir, files, migrate_is_file, migrate_order);
	if (n < 0) {
		fprintf(stderr, "hearthctl: cannot read %s: %m\n", dir);
		return -1;
	}
	for (int i = 1; i < n; i++)
		if (strncmp((*files)[i - 1]->d_name, (*files)[i]->d_name, 3) == 0) {
			fprintf(stderr, "hearthctl: %s and %s share a number; renumber one\n",
			    (*files)[i - 1]->d_name, (*files)[i]->d_name);
			return -1;
		}
	return n;
}

/* The bookkeeping table, created before any migration runs. */
static int
migrate_bootstrap(PGconn *db)
{
	return ctl_run(db, MIGRATE_LOCK_SQL, PGRES_TUPLES_OK) ||
	    ctl_run(db, "CREATE SCHEMA IF NOT EXISTS core", PGRES_COMMAND_OK) ||
	    ctl_run(db, "CREATE TABLE IF NOT EXISTS core.schema_migrations ("
	        " version text PRIMARY KEY,"
	        " applied_at timestamptz NOT NULL DEFAULT now())", PGRES_COMMAND_OK);
}

static char *
read_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (f == NULL)
		return NULL;
	size_t cap = 1 << 16, len = 0, got;
	char *data = malloc(cap);
	while (data != NULL && (got = fread(data + len, 1, cap - len - 1, f)) > 0) {
		len += got;
		if (len + 1 == cap) {
			char *bigger = realloc(data, cap *= 2);
			if (bigger == NULL)
				free(data);
			data = bigger;
		}
	}
	int err = ferror(f);
	fclose(f);
	if (data != NULL && err) {
		free(data);
		return NULL;
	}
	if (data != NULL)
		data[len] = '\0';
	return data;
}

/* Is version in the applied set (a one-column result)? */
static int
migrate_applied(PGresult *applied, const char *version)
{
	for (int i = 0; i < PQntuples(applied); i++)
		if (strcmp(PQgetvalue(applied, i, 0), version) == 0)
			return 1;
	return 0;
}

/* Applied versions without a file: this build is older than the database. */
static void
migrate_warn_unknown(PGresult *applied, struct dirent **files, int n, const char *dir)
{
	for (int i = 0; i < PQntuples(applied); i++) {
		const char *v = PQgetvalue(applied, i, 0);
		size_t vlen = strlen(v);
		int found = 0;
		for (int f = 0; f < n && !found; f++)
			found = strncmp(files[f]->d_name, v, vlen) == 0 &&
			    strcmp(files[f]->d_name + vlen, ".sql") == 0;
		if (!found)
			fprintf(stderr, "hearthctl: warning: %s is applied but %s has no file for it "
			    "(is this build older than the database?)\n", v, dir);
	}
}

/* One file and its schema_migrations row in one transaction: a failing
 * migration leaves nothing behind. The file must not BEGIN/COMMIT itself
 * (nor use CREATE INDEX CONCURRENTLY, which cannot run in a transaction). */
static int
migrate_apply(PGconn *db, const char *dir, const char *file)
{
	char path[PATH_MAX + 256], version[256];
	snprintf(path, sizeof(path), "%s/%s", dir, file);
	snprintf(version, sizeof(version), "%.*s", (int)(strlen(file) - 4), file);
	char *sql = read_file(path);
	if (sql == NULL) {
		fprintf(stderr, "hearthctl: cannot read %s: %m\n", path);
		return 1;
	}
	if (ctl_run(db, "BEGIN", PGRES_COMMAND_OK)) {
		free(sql);
		return 1;
	}
	PGresult *res = PQexec(db, sql);
	free(sql);
	ExecStatusType st = PQresultStatus(res);
	if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
		ctl_fail(db, path, res);
		PQclear(PQexec(db, "ROLLBACK"));
		return 1;
	}
	PQclear(res);
	const char *vals[] = { version };
	res = PQexecParams(db, "INSERT INTO core.schema_migrations (version) VALUES ($1)",
	    1, NULL, vals, NULL, NULL, 0);
	if (PQresultStatus(res) != PGRES_COMMAND_OK) {
		ctl_fail(db, version, res);
		PQclear(PQexec(db, "ROLLBACK"));
		return 1;
	}
	PQclear(res);
	if (ctl_run(db, "COMMIT", PGRES_COMMAND_OK))
		return 1;
	printf("applied %s\n", version);
	return 0;
}

static int
migrate_run(PGconn *db, const char *dir, struct dirent **files, int n)
{
	PGresult *applied = PQexec(db, "SELECT version FROM core.schema_migrations ORDER BY version");
	if (PQresultStatus(applied) != PGRES_TUPLES_OK)
		return ctl_fail(db, "schema_migrations", applied);
	migrate_warn_unknown(applied, files, n, dir);
	int done = 0, rc = 0;
	for (int i = 0; i < n && rc == 0; i++) {
		char version[256];
		snprintf(version, sizeof(version), "%.*s", (int)(strlen(files[i]->d_name) - 4),
		    files[i]->d_name);
		if (migrate_applied(applied, version))
			continue;
		rc = migrate_apply(db, dir, files[i]->d_name);
		done += rc == 0;
	}
	PQclear(applied);
	if (rc == 0 && done == 0)
		printf("up to date (%d migration%s)\n", n, n == 1 ? "" : "s");
	return rc;
}

static int
cmd_migrate(int argc, char **argv)
{
	char dir[PATH_MAX];
	struct dirent **files = NULL;
	if (argc > 1)
		return arg_error("migrate takes no arguments (got \"%s\")", argv[1]);
	if (migrate_dir(dir, sizeof(dir)))
		return 1;
	int n = migrate_list(dir, &files);
	if (n < 0)
		return 1;
	PGconn *db = ctl_connect();
	int rc = db == NULL || migrate_bootstrap(db) || migrate_run(db, dir, files, n);
	for (int i = 0; i < n; i++)
		free(files[i]);
	free(files);
	PQfinish(db);
	return rc;
}

/* ------------------------------------------------------------------ */
/* create-user                                                          */

static size_t
utf8_count(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		n += ((unsigned char)*s & 0xC0) != 0x80;
	return n;
}

static int
has_control(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			return 1;
	return 0;
}

/* One '@' with something either side, no spaces or controls. The real
 * check is that mail arrives; this catches swapped arguments. */
static int
user_email_ok(const char *e)
{
	const char *at = strchr(e, '@');
	return at != NULL && at != e && at[1] != '\0' && strchr(at + 1, '@') == NULL &&
	    strlen(e) <= 254 && strpbrk(e, " \t") == NULL && !has_control(e);
}

/* One line from standard input, without its line end. On a terminal the
 * typing is not echoed. */
static int
user_read_password(char *buf, size_t cap, const char *email)
{
	struct termios old, quiet;
	int tty = isatty(STDIN_FILENO) && tcgetattr(STDIN_FILENO, &old) == 0;
	if (tty) {
		fprintf(stderr, "Password for %s: ", email);
		quiet = old;
		quiet.c_lflag &= ~(tcflag_t)ECHO;
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
	}
	char *got = fgets(buf, (int)cap, stdin);
	if (tty) {
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &old);
		fputc('\n', stderr);
	}
	if (got == NULL) {
		fprintf(stderr, "hearthctl: no password on standard input\n");
		return 1;
	}
	size_t n = strcspn(buf, "\r\n");
	if (buf[n] == '\0' && n == cap - 1) {
		fprintf(stderr, "hearthctl: password longer than %d bytes\n", PASSWORD_MAX_BYTES);
		return 1;
	}
	buf[n] = '\0';
	return 0;
}

/* A command's words after its name: the flags in opts (each once, or the
 * last wins) and one word that is not a flag (*word). 0, or 2 (reported:
 * "CMD: unexpected ..." for a stray word). */
struct ctl_opt { const char *flag; const char **out; };

static int
ctl_words(int argc, char **argv, int from, const char *cmd, const struct ctl_opt *opts,
    size_t nopts, const char **word)
{
	for (int i = from; i < argc; i++) {
		int r = 0;
		for (size_t k = 0; k < nopts && r == 0; k++)
			r = ctl_flag(argc, argv, &i, opts[k].flag, opts[k].out);
		if (r < 0)
			return arg_error("%s needs a value", argv[i]);
		if (r > 0)
			continue;
		if (argv[i][0] == '-' || *word != NULL)
			return arg_error("%s: unexpected \"%s\"", cmd, argv[i]);
		*word = argv[i];
	}
	return 0;
}

struct user_args { const char *email, *role, *name; };

static int
user_parse(int argc, char **argv, struct user_args *a)
{
	const struct ctl_opt opts[] = { {"--role", &a->role}, {"--name", &a->name} };
	memset(a, 0, sizeof(*a));
	int rc = ctl_words(argc, argv, 1, "create-user", opts, 2, &a->email);
	if (rc)
		return rc;
	if (a->email == NULL || a->role == NULL || a->name == NULL)
		return arg_error("%s", "create-user needs EMAIL, --role ROLE and --name NAME");
	if (!user_email_ok(a->email))
		return arg_error("\"%s\" is not an email address", a->email);
	if (*a->name == '\0' || utf8_count(a->name) > 200 || has_control(a->name))
		return arg_error("%s", "--name must be 1 to 200 characters, no control characters");
	return 0;
}

/* 0 if role exists; else 1, listing the roles there are. */
static int
user_role_ok(PGconn *db, const char *role)
{
	PGresult *res = PQexec(db, "SELECT name FROM auth.roles ORDER BY name");
	if (PQresultStatus(res) != PGRES_TUPLES_OK)
		return ctl_fail(db, "auth.roles (has hearthctl migrate run?)", res);
	int found = 0;
	for (int i = 0; i < PQntuples(res) && !found; i++)
		found = strcmp(PQgetvalue(res, i, 0), role) == 0;
	if (!found) {
		fprintf(stderr, "hearthctl: unknown role \"%s\"; roles:", role);
		for (int i = 0; i < PQntuples(res); i++)
			fprintf(stderr, " %s", PQgetvalue(res, i, 0));
		fputc('\n', stderr);
	}
	PQclear(res);
	return !found;
}

/* Who ran the command, for the audit row's actor. */
static void
user_actor(char *out, size_t cap)
{
	struct passwd *pw = getpwuid(geteuid());
	snprintf(out, cap, "hearthctl (%s)", pw ? pw->pw_name : "unknown");
}

/* The user row and its audit row, in one transaction; the new id or -1. */
static long long
user_insert(PGconn *db, const struct user_args *a, const char *hash)
{
	const char *uvals[] = { a->email, a->name, a->role, hash };
	if (ctl_run(db, "BEGIN", PGRES_COMMAND_OK))
		return -1;
	PGresult *res = PQexecParams(db, "INSERT INTO auth.users (email, name, role, password_hash)"
	    " VALUES ($1, $2, $3, $4) RETURNING id", 4, NULL, uvals, NULL, NULL, 0);
	if (PQresultStatus(res) != PGRES_TUPLES_OK) {
		const char *state = PQresultErrorField(res, PG_DIAG_SQLSTATE);
		if (state && strcmp(state, "23505") == 0)
			fprintf(stderr, "hearthctl: a user with email %s already exists\n", a->email);
		else if (state && strcmp(state, "23503") == 0)
			fprintf(stderr, "hearthctl: unknown role \"%s\"\n", a->role);
		else
			ctl_fail(db, "insert user", res), res = NULL;
		PQclear(res);
		PQclear(PQexec(db, "ROLLBACK"));
		return -1;
	}
	char id[24], actor[96];
	snprintf(id, sizeof(id), "%s", PQgetvalue(res, 0, 0));
	PQclear(res);
	user_actor(actor, sizeof(actor));
	const char *avals[] = { actor, id, a->email, a->name, a->role };
	res = PQexecParams(db, "INSERT INTO core.audit (actor, action, entity, entity_id, after)"
	    " VALUES ($1, 'user.create', 'user', $2,"
	    " jsonb_build_object('email', $3::text, 'name', $4::text, 'role', $5::text))",
	    5, NULL, avals, NULL, NULL, 0);
	if (PQresultStatus(res) != PGRES_COMMAND_OK) {
		ctl_fail(db, "audit", res);
		PQclear(PQexec(db, "ROLLBACK"));
		return -1;
	}
	PQclear(res);
	return ctl_run(db, "COMMIT", PGRES_COMMAND_OK) ? -1 : strtoll(id, NULL, 10);
}

static int
cmd_create_user(int argc, char **argv)
{
	struct user_args a;
	char pw[PASSWORD_MAX_BYTES + 2];
	int rc = user_parse(argc, argv, &a);
	if (rc)
		return rc;
	if (user_read_password(pw, sizeof(pw), a.email))
		return 1;
	unsigned broken = password_policy_check(pw, a.email, a.name);
	if (broken) {
		char why[512];
		password_policy_explain(broken, why, sizeof(why));
		fprintf(stderr, "hearthctl: password refused: %s\n", why);
		explicit_bzero(pw, sizeof(pw));
		return 1;
	}
	PGconn *db = ctl_connect();
	if (db == NULL || user_role_ok(db, a.role)) {
		PQfinish(db);
		return 1;
	}
	/* Hash after the cheap checks: scrypt takes a while. */
	char *hash = password_hash(pw);
	explicit_bzero(pw, sizeof(pw));
	long long id = hash ? user_insert(db, &a, hash) : -1;
	if (hash == NULL)
		fprintf(stderr, "hearthctl: password_hash failed\n");
	else if (id > 0)
		printf("created user %lld: %s (%s)\n", id, a.email, a.role);
	free(hash);
	PQfinish(db);
	return id > 0 ? 0 : 1;
}

/* ------------------------------------------------------------------ */
/* seed                                                                 */

/* "demo", or "scale" and the families' options (tools/seed/seed.c). */
static int
cmd_seed(int argc, char **argv)
{
	struct seed_scale_args scale_args;
	int scale = argc >= 2 && strcmp(argv[1], "scale") == 0;
	if (scale) {
		char err[256];
		if (seed_scale_parse(argc - 2, argv + 2, &scale_args, err, sizeof(err)))
			return arg_error("%s", err);
	} else if (argc != 2 || strcmp(argv[1], "demo") != 0) {
		return arg_error("%s", "seed takes \"demo\" or \"scale --customers N\"");
	}
	PGconn *db = ctl_connect();
	if (db == NULL)
		return 1;
	int rc = scale ? seed_scale(db, &scale_args) : seed_demo(db);
	PQfinish(db);
	return rc;
}

/* ------------------------------------------------------------------ */
/* audit verify (tools/audit_verify.c)                                  */

static int
cmd_audit(int argc, char **argv)
{
	const char *table = NULL;
	if (argc < 2 || strcmp(argv[1], "verify") != 0)
		return arg_error("%s", "audit takes \"verify\" [--table SCHEMA.TABLE]");
	for (int i = 2; i < argc; i++) {
		int r = ctl_flag(argc, argv, &i, "--table", &table);
		if (r < 0)
			return arg_error("%s needs a value", argv[i]);
		if (r == 0)
			return arg_error("audit verify: unexpected \"%s\"", argv[i]);
	}
	PGconn *db = ctl_connect();
	if (db == NULL)
		return 1;
	int rc = audit_verify(db, table);
	PQfinish(db);
	return rc;
}

/* ------------------------------------------------------------------ */
/* token create (lib/apitoken.c)                                        */

struct token_args { const char *email, *scopes, *name, *days; };

static int
token_parse(int argc, char **argv, struct token_args *a, struct apitoken_scopes *set, long *days)
{
	memset(a, 0, sizeof(*a));
	if (argc < 2 || strcmp(argv[1], "create") != 0)
		return arg_error("%s", "token takes \"create EMAIL --scopes a:read,b:write --name N [--days D]\"");
	const struct ctl_opt opts[] = { {"--scopes", &a->scopes}, {"--name", &a->name}, {"--days", &a->days} };
	int rc = ctl_words(argc, argv, 2, "token create", opts, 3, &a->email);
	if (rc)
		return rc;
	if (a->email == NULL || a->scopes == NULL || a->name == NULL)
		return arg_error("%s", "token create needs EMAIL, --scopes a:read,b:write and --name N");
	if (!user_email_ok(a->email))
		return arg_error("\"%s\" is not an email address", a->email);
	if (*a->name == '\0' || utf8_count(a->name) > 100 || has_control(a->name))
		return arg_error("%s", "--name must be 1 to 100 characters, no control characters");
	char bad[64];
	if (apitoken_scopes_parse(a->scopes, set, bad, sizeof(bad)) != 0)
		return arg_error("--scopes: \"%s\" is not a scope: family:read or family:write, the family "
		    "one of customers, projects, inventory, service, sales, analytics, auth", bad);
	if (set->n == 0)
		return arg_error("%s", "--scopes needs at least one scope, e.g. customers:read");
	*days = APITOKEN_DAYS_DEFAULT;
	if (a->days != NULL) {
		char *end;
		long d = strtol(a->days, &end, 10);
		if (*a->days == '\0' || *end != '\0' || d < 1 || d > APITOKEN_DAYS_MAX)
			return arg_error("--days needs a number from 1 to 365 (got \"%s\"): tokens always expire",
			    a->days);
		*days = d;
	}
	return 0;
}

/* PQexecParams expecting status; the result, or NULL (reported, rolled back). */
static PGresult *
token_exec(PGconn *db, const char *what, const char *sql, int n, const char *const *vals,
           ExecStatusType status)
{
	PGresult *res = PQexecParams(db, sql, n, NULL, vals, NULL, NULL, 0);
	if (PQresultStatus(res) != status) {
		ctl_fail(db, what, res);
		PQclear(PQexec(db, "ROLLBACK"));
		return NULL;
	}
	return res;
}

/* The token row and its audit row (never the token or its hash), in one
 * transaction. 0 with id and expires (UTC, RFC 3339) set, or 1 (reported). */
static int
token_insert(PGconn *db, const struct token_args *a, const char *scopes_pg, long days, const char *hash,
             const char *prefix, char id[24], char expires[32])
{
	char days_s[16], actor[96], uid[24];
	snprintf(days_s, sizeof(days_s), "%ld", days);
	if (ctl_run(db, "BEGIN", PGRES_COMMAND_OK))
		return 1;
	const char *uvals[] = { a->email };
	PGresult *res = token_exec(db, "find user", "SELECT id, active FROM auth.users"
	    " WHERE lower(email) = lower($1) FOR SHARE", 1, uvals, PGRES_TUPLES_OK);
	if (res == NULL)
		return 1;
	if (PQntuples(res) != 1 || PQgetvalue(res, 0, 1)[0] != 't') {
		fprintf(stderr, PQntuples(res) != 1 ? "hearthctl: no user has the email %s\n" :
		    "hearthctl: %s is deactivated: its tokens would never work\n", a->email);
		PQclear(res);
		PQclear(PQexec(db, "ROLLBACK"));
		return 1;
	}
	snprintf(uid, sizeof(uid), "%s", PQgetvalue(res, 0, 0));
	PQclear(res);
	const char *tvals[] = { uid, a->name, hash, prefix, scopes_pg, days_s };
	res = token_exec(db, "insert token", "INSERT INTO auth.api_tokens"
	    " (user_id, name, token_hash, prefix, scopes, expires_at)"
	    " VALUES ($1, $2, $3, $4, $5::text[], now() + make_interval(days => $6::int))"
	    " RETURNING id, to_char(expires_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')",
	    6, tvals, PGRES_TUPLES_OK);
	if (res == NULL)
		return 1;
	snprintf(id, 24, "%s", PQgetvalue(res, 0, 0));
	snprintf(expires, 32, "%s", PQgetvalue(res, 0, 1));
	PQclear(res);
	user_actor(actor, sizeof(actor));
	const char *avals[] = { actor, id, a->name, prefix, scopes_pg, expires, uid, a->email };
	res = token_exec(db, "audit", "INSERT INTO core.audit (actor, action, entity, entity_id, after)"
	    " VALUES ($1, 'api_token.create', 'api_token', $2, jsonb_build_object('name', $3::text,"
	    " 'prefix', $4::text, 'scopes', $5::text[], 'expires_at', $6::text, 'user_id', $7::bigint,"
	    " 'user_email', $8::text))", 8, avals, PGRES_COMMAND_OK);
	if (res == NULL)
		return 1;
	PQclear(res);
	return ctl_run(db, "COMMIT", PGRES_COMMAND_OK);
}

/* token create EMAIL --scopes a:read,b:write --name N [--days D]: the
 * token alone on standard output (so TOKEN=$(hearthctl token create ...)
 * works), what it is on standard error. It is shown this once. */
static int
cmd_token(int argc, char **argv)
{
	struct token_args a;
	struct apitoken_scopes set;
	long days;
	int rc = token_parse(argc, argv, &a, &set, &days);
	if (rc)
		return rc;
	char tok[APITOKEN_LEN + 1], hash[65], prefix[APITOKEN_SHOW_LEN + 1], pg[512], text[512];
	char id[24], expires[32];
	if (apitoken_new(tok, hash, prefix) != 0) {
		fprintf(stderr, "hearthctl: no random bytes for a token\n");
		return 1;
	}
	apitoken_scopes_text(&set, '{', pg, sizeof(pg));
	apitoken_scopes_text(&set, ' ', text, sizeof(text));
	PGconn *db = ctl_connect();
	if (db == NULL || token_insert(db, &a, pg, days, hash, prefix, id, expires) != 0) {
		explicit_bzero(tok, sizeof(tok));
		PQfinish(db);
		return 1;
	}
	PQfinish(db);
	printf("%s\n", tok);
	explicit_bzero(tok, sizeof(tok));
	fprintf(stderr, "hearthctl: created token %s \"%s\" (%s...) for %s: scopes %s, expires %s.\n"
	    "  It is shown only now: keep it in a secret store. Revoke it at /auth/tokens.\n",
	    id, a.name, prefix, a.email, text, expires);
	return fflush(stdout) == 0 ? 0 : 1;
}

/* ------------------------------------------------------------------ */
/* dispatch                                                             */

static int
cmd_help(int argc, char **argv)
{
	usage(stdout);
	return 0;
}

struct ctl_command {
	const char *name;
	int (*run)(int argc, char **argv);   /* argv[0] is the command */
};

static const struct ctl_command ctl_commands[] = {
	{"migrate", cmd_migrate},
	{"create-user", cmd_create_user},
	{"seed", cmd_seed},
	{"audit", cmd_audit},
	{"token", cmd_token},
	{"help", cmd_help}, {"--help", cmd_help}, {"-h", cmd_help},
};

/* In the contract (DESIGN §1) but not built yet. */
static const char *const ctl_later[] = { "backup", "restore" };

int
main(int argc, char **argv)
{
	if (argc < 2) {
		usage(stderr);
		return 2;
	}
	for (size_t i = 0; i < sizeof(ctl_commands) / sizeof(ctl_commands[0]); i++)
		if (strcmp(argv[1], ctl_commands[i].name) == 0)
			return ctl_commands[i].run(argc - 1, argv + 1);
	for (size_t i = 0; i < sizeof(ctl_later) / sizeof(ctl_later[0]); i++)
		if (strcmp(argv[1], ctl_later[i]) == 0)
			return usage_error("\"%s\" is not implemented yet", argv[1]);
	return usage_error("unknown command \"%s\"", argv[1]);
}
