/* test_config: "key = value" settings (lib/config.c), from files the test
 * writes to a temporary directory. */
#include "fixtures.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "config.h"

static char dir[64];
static char path_a[128], path_b[128];

static int
group_setup(void **state)
{
	(void)state;
	if (fx_tmpdir(dir, sizeof(dir), "config") != 0)
		return -1;
	snprintf(path_a, sizeof(path_a), "%s/a.conf", dir);
	snprintf(path_b, sizeof(path_b), "%s/b.conf", dir);
	return 0;
}

static int
group_teardown(void **state)
{
	(void)state;
	unlink(path_a);
	unlink(path_b);
	rmdir(dir);
	config_clear();
	return 0;
}

/* Comments, blank lines and spaces around keys and values are ignored;
 * a value keeps its inner spaces and any further '='; an empty value is
 * "". A file that loads cleanly gives 0 and is remembered as the path. */
static void
load_file(void **state)
{
	(void)state;
	fx_write_file(path_a,
	    "# Hearth settings\n"
	    "\n"
	    "   # an indented comment = not a setting\n"
	    "name = Hearth CRM  \n"
	    "\tdatabase\t=\thost=/run/pg port=5432 dbname=hearth\n"
	    "empty =\n"
	    "port=8080\n"
	    "crlf = yes\r\n"
	    "last = no newline at end");
	assert_int_equal(config_load(path_a), 0);
	assert_string_equal(config_path(), path_a);
	assert_string_equal(config_get("name", NULL), "Hearth CRM");
	assert_string_equal(config_get("database", NULL), "host=/run/pg port=5432 dbname=hearth");
	assert_string_equal(config_get("empty", "default"), "");
	assert_string_equal(config_get("port", NULL), "8080");
	assert_string_equal(config_get("crlf", NULL), "yes");
	assert_string_equal(config_get("last", NULL), "no newline at end");
	assert_null(config_get("# an indented comment", NULL));
	assert_null(config_get("an indented comment", NULL));
	assert_string_equal(config_get("missing", "fallback"), "fallback");
	assert_null(config_get("missing", NULL));
	assert_null(config_get("Name", NULL));                  /* keys are case-sensitive */
}

/* A line without '=' makes the load fail (-1) but the good lines around
 * it still count. */
static void
bad_line(void **state)
{
	(void)state;
	fx_write_file(path_a, "a = 1\nthis line has no equals sign\nb = 2\n");
	assert_int_equal(config_load(path_a), -1);
	assert_string_equal(config_get("a", NULL), "1");
	assert_string_equal(config_get("b", NULL), "2");
	assert_null(config_get("this line has no equals sign", NULL));
}

/* Loading again replaces the settings; an unreadable file fails and
 * leaves the settings as they were. */
static void
reload_replaces(void **state)
{
	(void)state;
	fx_write_file(path_a, "a = 1\nb = 2\n");
	fx_write_file(path_b, "b = 3\n");
	assert_int_equal(config_load(path_a), 0);
	assert_int_equal(config_load(path_b), 0);
	assert_null(config_get("a", NULL));
	assert_string_equal(config_get("b", NULL), "3");
	char missing[160];
	snprintf(missing, sizeof(missing), "%s/does-not-exist.conf", dir);
	assert_int_equal(config_load(missing), -1);
	assert_string_equal(config_get("b", NULL), "3");
	assert_string_equal(config_path(), path_b);
}

/* A key given twice: the later line wins. */
static void
duplicate_key(void **state)
{
	(void)state;
	fx_write_file(path_a, "k = first\nk = second\n");
	assert_int_equal(config_load(path_a), 0);
	assert_string_equal(config_get("k", NULL), "second");
}

/* config_int: decimal integers only; anything else (empty, junk after
 * the number, overflow) gives the default. */
static void
integers(void **state)
{
	(void)state;
	config_set("a", "42");
	config_set("b", "-5");
	config_set("c", "12x");
	config_set("d", "");
	config_set("e", "99999999999999999999999");
	config_set("f", "0");
	config_set("g", "1.5");
	assert_int_equal(config_int("a", 7), 42);
	assert_int_equal(config_int("b", 7), -5);
	assert_int_equal(config_int("c", 7), 7);
	assert_int_equal(config_int("d", 7), 7);
	assert_int_equal(config_int("e", 7), 7);
	assert_int_equal(config_int("f", 7), 0);
	assert_int_equal(config_int("g", 7), 7);
	assert_int_equal(config_int("missing", 7), 7);
}

/* config_set adds or overrides (after a load too); config_clear forgets all. */
static void
set_and_clear(void **state)
{
	(void)state;
	fx_write_file(path_a, "a = from file\n");
	assert_int_equal(config_load(path_a), 0);
	config_set("a", "override");
	config_set("new", "added");
	assert_string_equal(config_get("a", NULL), "override");
	assert_string_equal(config_get("new", NULL), "added");
	char v[] = "copied";
	config_set("copy", v);
	v[0] = 'X';
	assert_string_equal(config_get("copy", NULL), "copied");   /* value is copied */
	config_clear();
	assert_null(config_get("a", NULL));
	assert_null(config_get("new", NULL));
}

/* The default lookup uses $HEARTH_CONFIG first. */
static void
load_default_from_env(void **state)
{
	(void)state;
	fx_write_file(path_b, "from_env = yes\n");
	setenv("HEARTH_CONFIG", path_b, 1);
	assert_int_equal(config_load_default(), 0);
	assert_string_equal(config_get("from_env", NULL), "yes");
	assert_string_equal(config_path(), path_b);
	unsetenv("HEARTH_CONFIG");
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, fx_config_clear, NULL)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		T(load_file),
		T(bad_line),
		T(reload_replaces),
		T(duplicate_key),
		T(integers),
		T(set_and_clear),
		T(load_default_from_env),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
