/* test_import: one cell of an import as a kind's column takes it
 * (lib/import_cell.c): types, the formula rule per type, trimming, the
 * spreadsheet's apostrophe, lists, choices; header keys; row messages. */
#include "fixtures.h"
#include <string.h>
#include "import.h"

static const char *const kinds[] = { "residential", "commercial", NULL };
static const struct import_column text = { "name", "Name", NULL, 1, IMPORT_TEXT, 10, NULL, NULL, NULL };
static const struct import_column note = { "notes", "Notes", NULL, 0, IMPORT_NOTE, 100, NULL, NULL, NULL };
static const struct import_column email = { "email", "Email", NULL, 0, IMPORT_EMAIL, 254, NULL, NULL, NULL };
static const struct import_column phone = { "phone", "Phone", NULL, 0, IMPORT_PHONE, 40, NULL, NULL, NULL };
static const struct import_column number = { "price", "Price", NULL, 0, IMPORT_NUMBER, 0, NULL, NULL, NULL };
static const struct import_column choice = { "kind", "Kind", NULL, 0, IMPORT_CHOICE, 0, kinds, "residential", NULL };
static const struct import_column list = { "tags", "Tags", NULL, 0, IMPORT_LIST, 10, NULL, NULL, NULL };

static struct arena *A;
static const char *err;

/* The clean value of s in column c ("ERR:<message>" when refused, "NULL" for nothing). */
static const char *
clean(const struct import_column *c, const char *s)
{
	const char *v = import_clean(A, c, s, strlen(s), &err);
	if (err != NULL)
		return arena_printf(A, "ERR:%s", err);
	return v ? v : "NULL";
}

static int
setup(void **state)
{
	(void)state;
	A = arena_new();
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	arena_free(A);
	return 0;
}

static void
text_is_trimmed_and_bounded(void **state)
{
	(void)state;
	assert_string_equal(clean(&text, "  Ada Okafor \t"), "Ada Okafor");
	assert_string_equal(clean(&text, "Zoë Ünal"), "Zoë Ünal");          /* 8 characters, 10 bytes */
	assert_string_equal(clean(&text, "12345678901"), "ERR:Longer than 10 characters.");
	assert_string_equal(clean(&text, "   "), "ERR:Required.");
	assert_string_equal(clean(&note, ""), "NULL");
	assert_string_equal(clean(&text, "two\nlines"), "ERR:Has a line break: one line of text only.");
	assert_string_equal(clean(&note, "two\nlines"), "two\nlines");
	assert_string_equal(clean(&note, "bell\a"), "ERR:Contains control characters.");
	assert_null(import_clean(A, &note, "caf\xe9", 4, &err));
	assert_string_equal(err, "Not readable text in this encoding: choose the file's encoding above.");
	assert_null(import_clean(A, &note, "a\0b", 3, &err));
	assert_non_null(err);
}

/* The formula rule: text, notes, lists and emails refuse a value a
 * spreadsheet would run, whatever blank hides its first character. */
static void
formula_cells_are_refused(void **state)
{
	(void)state;
	const char *bad[] = { "=1+1", "+SUM(A1)", "-2+3", "@cmd", " =1+1", "\t=1+1", "\r\n@x", "=HYPERLINK(\"x\")", NULL };
	for (int i = 0; bad[i]; i++) {
		assert_string_equal(clean(&text, bad[i]),
		    "ERR:Starts with = + - or @: a spreadsheet would run it as a formula. Remove that character.");
		assert_string_equal(clean(&note, bad[i]),
		    "ERR:Starts with = + - or @: a spreadsheet would run it as a formula. Remove that character.");
	}
	assert_string_equal(clean(&email, "=1+1@x.com"),
	    "ERR:Starts with = + - or @: a spreadsheet would run it as a formula. Remove that character.");
	assert_string_equal(clean(&list, "vip; =cmd"),
	    "ERR:Starts with = + - or @: a spreadsheet would run it as a formula. Remove that character.");
	/* not at the start: plain text */
	assert_string_equal(clean(&text, "A=B"), "A=B");
	assert_string_equal(clean(&note, "call -> back"), "call -> back");
	/* the apostrophe spreadsheets and Hearth's export put before such a cell is not data */
	assert_string_equal(clean(&phone, "'+44 20 7946 0958"), "+44 20 7946 0958");
	assert_string_equal(clean(&text, "'=1+1"),
	    "ERR:Starts with = + - or @: a spreadsheet would run it as a formula. Remove that character.");
	assert_string_equal(clean(&text, "'quoted'"), "'quoted'");
}

/* Phone numbers and numbers have a syntax of their own: +44 and -12.50
 * are data, a formula has no room in them. */
static void
phones_and_numbers(void **state)
{
	(void)state;
	assert_string_equal(clean(&phone, "+44 20 7946 0958"), "+44 20 7946 0958");
	assert_string_equal(clean(&phone, "(555) 014-2233 x12"), "(555) 014-2233 x12");
	assert_string_equal(clean(&phone, "-5550142"),
	    "ERR:Starts with = + - or @: a spreadsheet would run it as a formula. Remove that character.");
	assert_string_equal(clean(&phone, "x5550142"), "ERR:Starts with a digit, + or ( .");
	assert_string_equal(clean(&phone, "+1 (555) CALL"), "ERR:Use digits, spaces and + - ( ) . / only.");
	assert_string_equal(clean(&phone, "+44 1"), "ERR:Too short for a phone number.");
	assert_string_equal(clean(&number, "-12.50"), "-12.50");
	assert_string_equal(clean(&number, "+7"), "+7");
	assert_string_equal(clean(&number, "1234"), "1234");
	assert_string_equal(clean(&number, "-1+1"), "ERR:Not a number like 1234.50.");
	assert_string_equal(clean(&number, "12."), "12.");
	assert_string_equal(clean(&number, ".5"), "ERR:Not a number like 1234.50.");
	assert_string_equal(clean(&number, "1,5"), "ERR:Not a number like 1234.50.");
}

static void
emails_choices_lists(void **state)
{
	(void)state;
	assert_string_equal(clean(&email, " Ada.Okafor@Example.COM "), "ada.okafor@example.com");
	assert_string_equal(clean(&email, "not-an-email"), "ERR:Not an email address like name@example.com.");
	assert_string_equal(clean(&choice, "Commercial"), "commercial");
	assert_string_equal(clean(&choice, ""), "residential");
	assert_string_equal(clean(&choice, "retail"), "ERR:Not one of: residential, commercial.");
	assert_string_equal(clean(&list, "vip; knx ;; smart home"), "vip\x1fknx\x1fsmart home");
	assert_string_equal(clean(&list, "a, b"), "a\x1f" "b");
	assert_string_equal(clean(&list, "a;b,c"), "a\x1f" "b,c");     /* ; wins: commas stay in items */
	assert_string_equal(clean(&list, "a; longer than ten"), "ERR:An item is longer than 10 characters.");
	assert_string_equal(clean(&list, ";;"), "NULL");
	char many[100] = "";
	for (int i = 0; i < 21; i++)
		strcat(many, "x;");
	assert_string_equal(clean(&list, many), "ERR:More than 20 items.");
}

static void
header_keys(void **state)
{
	(void)state;
	assert_string_equal(import_header_key(A, "  E-Mail_Address "), "e mail address");
	assert_string_equal(import_header_key(A, "Post.Code"), "post code");
	assert_string_equal(import_header_key(A, "CONTACT   NAME"), "contact name");
	assert_string_equal(import_header_key(A, ""), "");
}

static const struct import_column cols[] = {
	{ "name", "Name", NULL, 1, IMPORT_TEXT, 10, NULL, NULL, NULL },
	{ "email", "Email", NULL, 0, IMPORT_EMAIL, 254, NULL, NULL, NULL },
	{ NULL, NULL, NULL, 0, IMPORT_TEXT, 0, NULL, NULL, NULL },
};
static const struct import_kind kind = { .kind = "t", .columns = cols };

/* A row's messages are one JSON object, escaped. */
static void
row_messages(void **state)
{
	(void)state;
	struct buf b;
	buf_init(&b);
	const char *vals[] = { "Ada", NULL };
	struct import_row row = { vals, &b, 0 };
	assert_int_equal(import_ncolumns(&kind), 2);
	assert_string_equal(import_value(&kind, &row, "name"), "Ada");
	assert_null(import_value(&kind, &row, "email"));
	assert_null(import_value(&kind, &row, "nope"));
	import_row_error(&row, "email", "Say \"hi\"\n");
	import_row_error(&row, "row", "Two");
	assert_int_equal(row.nerr, 2);
	assert_string_equal(b.data, "\"email\":\"Say \\\"hi\\\"\\n\",\"row\":\"Two\"");
	buf_free(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(text_is_trimmed_and_bounded),
		cmocka_unit_test(formula_cells_are_refused),
		cmocka_unit_test(phones_and_numbers),
		cmocka_unit_test(emails_choices_lists),
		cmocka_unit_test(header_keys),
		cmocka_unit_test(row_messages),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
