/* test_stmts: the statement registry behind `RESPONDER --statements`
 * (lib/db.c). This program links two statements named t_twin (one here,
 * one in test_stmts_twin.c): the check must name it, and the program's
 * own --statements must fail, as a responder's would. */
#include "fixtures.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "db.h"

DB_STMT(t_alone, "SELECT 1");
DB_STMT(t_twin, "SELECT 3");
DB_STMT_PLANNED(t_planned, "SELECT $1::text");

struct db_stmt *twin_stmt(void);

static int
count_named(struct db_stmt *const *list, size_t n, const char *name)
{
	int k = 0;
	for (size_t i = 0; i < n; i++)
		k += strcmp(list[i]->name, name) == 0;
	return k;
}

/* Every DB_STMT of every linked file is enumerable, lib's own included. */
static void
linked_statements_are_listed(void **state)
{
	size_t n;
	struct db_stmt *const *list = db_stmts_linked(&n);
	assert_int_equal(count_named(list, n, "t_alone"), 1);
	assert_int_equal(count_named(list, n, "t_planned"), 1);
	assert_int_equal(count_named(list, n, "t_twin"), 2);
	assert_int_equal(count_named(list, n, "db_set_user"), 1);
	int found = 0;
	for (size_t i = 0; i < n; i++)
		found |= list[i] == &t_alone || list[i] == twin_stmt();
	assert_true(found);
}

/* The shared name is reported with its count; the unique ones are not. */
static void
shared_name_is_caught(void **state)
{
	size_t n, len = 0;
	char *text = NULL;
	struct db_stmt *const *list = db_stmts_linked(&n);
	FILE *err = open_memstream(&text, &len);
	assert_non_null(err);
	assert_int_equal(db_stmts_check_names(list, n, err), 1);
	fclose(err);
	assert_string_equal(text, "statement name \"t_twin\" is used 2 times\n");
	free(text);
}

static void
unique_names_pass(void **state)
{
	struct db_stmt *list[] = { &t_alone, &t_planned, &t_twin };
	size_t len = 0;
	char *text = NULL;
	FILE *err = open_memstream(&text, &len);
	assert_non_null(err);
	assert_int_equal(db_stmts_check_names(list, 3, err), 0);
	fclose(err);
	assert_string_equal(text, "");
	free(text);
}

/* What routes_check's sibling runs: --statements exits non-zero. */
static void
statements_command_fails(void **state)
{
	char *argv[] = { "test_stmts", "--statements", NULL };
	FILE *keep = stdout;
	stdout = fopen("/dev/null", "w");
	assert_non_null(stdout);
	int rc = db_statements_main(2, argv);
	fclose(stdout);
	stdout = keep;
	assert_int_equal(rc, 1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(linked_statements_are_listed),
		cmocka_unit_test(shared_name_is_caught),
		cmocka_unit_test(unique_names_pass),
		cmocka_unit_test(statements_command_fails),
	};
	return cmocka_run_group_tests_name("stmts", tests, NULL, NULL);
}
