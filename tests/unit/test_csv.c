/* test_csv: RFC 4180 export with the formula-injection guard (lib/csv.c). */
#include "fixtures.h"
#include <string.h>
#include "csv.h"

/* One field written alone, as it appears in the file. */
static const char *
field(struct buf *b, const char *s)
{
	buf_reset(b);
	csv_field(b, s, 1);
	return b->data ? b->data : "";
}

/* Plain fields are written bare, comma-separated, rows end in CRLF. */
static void
plain_row(void **state)
{
	(void)state;
	struct buf b;
	buf_init(&b);
	csv_field(&b, "Ann", 1);
	csv_field(&b, "42", 0);
	csv_field(&b, NULL, 0);
	csv_field(&b, "", 0);
	csv_field(&b, "caf\xc3\xa9", 0);
	csv_row_end(&b);
	assert_string_equal(b.data, "Ann,42,,,caf\xc3\xa9\r\n");
	buf_free(&b);
}

/* Commas, quotes, CR and LF force quoting; quotes are doubled. */
static void
quoting(void **state)
{
	(void)state;
	struct buf b;
	buf_init(&b);
	assert_string_equal(field(&b, "Smith, Ann"), "\"Smith, Ann\"");
	assert_string_equal(field(&b, "say \"hi\""), "\"say \"\"hi\"\"\"");
	assert_string_equal(field(&b, "two\nlines"), "\"two\nlines\"");
	assert_string_equal(field(&b, "two\r\nlines"), "\"two\r\nlines\"");
	assert_string_equal(field(&b, "\""), "\"\"\"\"");
	assert_string_equal(field(&b, "semi;colon"), "semi;colon");
	buf_free(&b);
}

/* A value that a spreadsheet would run (= + - @ tab CR first) is
 * quoted and prefixed with ', whatever else it holds. */
static void
formula_guard(void **state)
{
	(void)state;
	struct buf b;
	buf_init(&b);
	assert_string_equal(field(&b, "=HYPERLINK(\"http://x\",\"y\")"),
	    "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"");
	assert_string_equal(field(&b, "+1 555 0100"), "\"'+1 555 0100\"");
	assert_string_equal(field(&b, "-2+3"), "\"'-2+3\"");
	assert_string_equal(field(&b, "@SUM(A1)"), "\"'@SUM(A1)\"");
	assert_string_equal(field(&b, "\t=1"), "\"'\t=1\"");
	assert_string_equal(field(&b, "\r=1"), "\"'\r=1\"");
	/* Only the first character matters. */
	assert_string_equal(field(&b, "a=b"), "a=b");
	assert_string_equal(field(&b, "x-1"), "x-1");
	buf_free(&b);
}

/* csv_items: header row, then each item's columns in order; arrays are
 * joined with "; ", null and absent as empty, booleans as true/false,
 * numbers as JSON writes them. */
static void
items_rows(void **state)
{
	(void)state;
	json_object *items = json_tokener_parse(
	    "[{\"name\":\"Ann, Inc\",\"tags\":[\"vip\",\"north\"],\"active\":true,\"note\":null,\"n\":7},"
	    " {\"name\":\"Bob\",\"tags\":[],\"active\":false,\"n\":-3},"
	    " {\"name\":\"=cmd()\",\"tags\":[\"@evil\",\"ok\"],\"active\":true,\"note\":\"line\\nbreak\",\"n\":0}]");
	assert_non_null(items);
	static const char *const cols[] = { "name", "tags", "active", "note", "n", NULL };
	struct buf b;
	buf_init(&b);
	csv_items(&b, items, cols);
	assert_string_equal(b.data,
	    "name,tags,active,note,n\r\n"
	    "\"Ann, Inc\",vip; north,true,,7\r\n"
	    "Bob,,false,,\"'-3\"\r\n"
	    "\"'=cmd()\",\"'@evil; ok\",true,\"line\nbreak\",0\r\n");
	buf_free(&b);
	json_object_put(items);
}

/* A NULL element inside an array (text[] with NULL from the database)
 * is written as an empty entry, not a crash. */
static void
items_array_with_null(void **state)
{
	(void)state;
	json_object *items = json_tokener_parse("[{\"tags\":[\"a\",null,\"b\"]}]");
	static const char *const cols[] = { "tags", NULL };
	struct buf b;
	buf_init(&b);
	csv_items(&b, items, cols);
	assert_string_equal(b.data, "tags\r\na; ; b\r\n");
	buf_free(&b);
	json_object_put(items);
}

/* No items (or NULL): only the header row. */
static void
items_empty(void **state)
{
	(void)state;
	static const char *const cols[] = { "a", "b", NULL };
	struct buf b;
	buf_init(&b);
	csv_items(&b, NULL, cols);
	assert_string_equal(b.data, "a,b\r\n");
	buf_reset(&b);
	json_object *empty = json_object_new_array();
	csv_items(&b, empty, cols);
	assert_string_equal(b.data, "a,b\r\n");
	json_object_put(empty);
	buf_free(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(plain_row),
		cmocka_unit_test(quoting),
		cmocka_unit_test(formula_guard),
		cmocka_unit_test(items_rows),
		cmocka_unit_test(items_array_with_null),
		cmocka_unit_test(items_empty),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
