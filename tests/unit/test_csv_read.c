/* test_csv_read: the upload reader (lib/csv_read.c): RFC 4180 records,
 * line ends, encodings, the delimiter sniffer, and hostile input refused
 * early. */
#include "fixtures.h"
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "csv_read.h"

/* All records of s as "a|b|c" lines joined with "\n" (fields joined with
 * '|'), or "ERROR: <message>" when the reader refused the input. */
static char *
read_all(const char *s, size_t n, enum csvr_encoding enc, char delim, const struct csvr_limits *lim)
{
	static char out[8192];
	out[0] = '\0';
	struct csvr *c = csvr_open(s, n, enc, delim, lim);
	assert_non_null(c);
	const char *const *f;
	const size_t *l;
	size_t nf;
	enum csvr_result res;
	while ((res = csvr_next(c, &f, &l, &nf)) == CSVR_ROW) {
		if (out[0])
			strcat(out, "\n");
		for (size_t i = 0; i < nf; i++) {
			if (i)
				strcat(out, "|");
			assert_int_equal(strlen(f[i]), l[i]);
			strcat(out, f[i]);
		}
	}
	if (res == CSVR_ERROR)
		snprintf(out, sizeof(out), "ERROR: %s", csvr_error(c));
	csvr_close(c);
	return out;
}
#define READ(s) read_all((s), sizeof(s) - 1, CSVR_UTF8, ',', NULL)

static void
plain_and_quoted(void **state)
{
	(void)state;
	assert_string_equal(READ("a,b,c\n1,2,3\n"), "a|b|c\n1|2|3");
	assert_string_equal(READ("name,note\n\"Smith, J\",\"said \"\"hi\"\"\"\n"), "name|note\nSmith, J|said \"hi\"");
	assert_string_equal(READ("a,,\n,,\n"), "a||\n||");
	assert_string_equal(READ("a\n\"\"\n"), "a\n");
	/* no newline at the end */
	assert_string_equal(READ("a,b\n1,2"), "a|b\n1|2");
	/* text after a closing quote is kept, as spreadsheets do */
	assert_string_equal(READ("\"ab\"c,d\n"), "abc|d");
}

static void
line_ends_and_blank_lines(void **state)
{
	(void)state;
	assert_string_equal(READ("a,b\r\n1,2\r\n"), "a|b\n1|2");
	assert_string_equal(READ("a,b\r1,2\r"), "a|b\n1|2");
	assert_string_equal(READ("a,b\n\n\r\n1,2\n\n"), "a|b\n1|2");
	/* newlines inside quotes stay in the field, in every style */
	assert_string_equal(READ("a\n\"x\ny\"\n\"p\r\nq\"\n"), "a\nx\ny\np\r\nq");
	/* line numbers count physical lines, a quoted newline included */
	const char s[] = "h\r\n\"x\ny\"\r\n\nz\n";
	struct csvr *c = csvr_open(s, sizeof(s) - 1, CSVR_UTF8, ',', NULL);
	const char *const *f;
	const size_t *l;
	size_t nf;
	long lines[3];
	for (int i = 0; i < 3; i++) {
		assert_int_equal(csvr_next(c, &f, &l, &nf), CSVR_ROW);
		lines[i] = csvr_line(c);
	}
	assert_int_equal(csvr_next(c, &f, &l, &nf), CSVR_EOF);
	assert_int_equal(lines[0], 1);
	assert_int_equal(lines[1], 2);
	assert_int_equal(lines[2], 5);
	assert_int_equal(csvr_rows(c), 3);
	csvr_close(c);
}

static void
ragged_rows_are_rows(void **state)
{
	(void)state;
	/* The reader gives each record as it is; the import reports the
	 * count that differs from the header's, per row. */
	assert_string_equal(READ("a,b,c\n1,2\n1,2,3,4\n"), "a|b|c\n1|2\n1|2|3|4");
}

static void
other_delimiters(void **state)
{
	(void)state;
	const char semi[] = "name;city\n\"Dupont; Marie\";Lyon\n";
	assert_string_equal(read_all(semi, sizeof(semi) - 1, CSVR_UTF8, ';', NULL), "name|city\nDupont; Marie|Lyon");
	const char tab[] = "a\tb\n1,5\t2\n";
	assert_string_equal(read_all(tab, sizeof(tab) - 1, CSVR_UTF8, '\t', NULL), "a|b\n1,5|2");
}

static void
sniffs_the_delimiter(void **state)
{
	(void)state;
#define SNIFF(s) csvr_sniff_delimiter((s), sizeof(s) - 1)
	assert_int_equal(SNIFF("a,b,c\n1,2,3\n"), ',');
	assert_int_equal(SNIFF("a;b;c\n1,5;2,5;3\n4;5;6\n"), ';');
	assert_int_equal(SNIFF("a\tb\n1\t2\n"), '\t');
	assert_int_equal(SNIFF("a|b|c\n1|2|3\n"), '|');
	/* commas inside quotes are not counted */
	assert_int_equal(SNIFF("name;note\n\"a, b, c\";x\n\"d, e\";y\n"), ';');
	/* one column: the default */
	assert_int_equal(SNIFF("name\nAnn\n"), ',');
	/* ragged: the header decides */
	assert_int_equal(SNIFF("a;b;c\n1;2\n"), ';');
	/* a last line cut off by the sample does not count */
	assert_int_equal(SNIFF("a;b\n1;2\n3;4,5,6,7,8"), ';');
	assert_int_equal(SNIFF(""), ',');
}

static void
detects_encodings(void **state)
{
	(void)state;
#define DETECT(s) csvr_detect_encoding((s), sizeof(s) - 1)
	assert_int_equal(DETECT("name\ncaf\xc3\xa9\n"), CSVR_UTF8);
	assert_int_equal(DETECT("\xef\xbb\xbfname\n"), CSVR_UTF8_BOM);
	assert_int_equal(DETECT("\xff\xfen\0a\0"), CSVR_UTF16LE);
	assert_int_equal(DETECT("\xfe\xff\0n\0a"), CSVR_UTF16BE);
	assert_int_equal(DETECT("n\0a\0m\0e\0\n\0"), CSVR_UTF16LE);
	assert_int_equal(DETECT("\0n\0a\0m\0e\0\n"), CSVR_UTF16BE);
	/* é and ü as Windows-1252 bytes: not UTF-8 */
	assert_int_equal(DETECT("name\nJos\xe9 M\xfcller\n"), CSVR_WINDOWS_1252);
	/* a bad byte far from the start still counts */
	char big[100000];
	memset(big, 'a', sizeof(big));
	big[sizeof(big) - 2] = '\xe9';
	assert_int_equal(csvr_detect_encoding(big, sizeof(big)), CSVR_WINDOWS_1252);
	assert_int_equal(csvr_encoding_parse("windows-1252"), CSVR_WINDOWS_1252);
	assert_int_equal(csvr_encoding_parse("ebcdic"), -1);
	assert_string_equal(csvr_encoding_name(CSVR_UTF16BE), "utf-16be");
}

static void
converts_encodings(void **state)
{
	(void)state;
	const char w[] = "name\nJos\xe9 M\xfcller \x80\n";
	assert_string_equal(read_all(w, sizeof(w) - 1, CSVR_WINDOWS_1252, ',', NULL),
	    "name\nJos\xc3\xa9 M\xc3\xbcller \xe2\x82\xac");
	assert_string_equal(read_all(w, sizeof(w) - 1, CSVR_LATIN1, ',', NULL),
	    "name\nJos\xc3\xa9 M\xc3\xbcller \xc2\x80");
	/* UTF-16 with its BOM skipped, a quoted comma inside */
	const char le[] = "\xff\xfe" "a\0,\0\"\0x\0,\0y\0\"\0\n\0\xe9\0,\0" "2\0";
	assert_string_equal(read_all(le, sizeof(le) - 1, CSVR_UTF16LE, ',', NULL), "a|x,y\n\xc3\xa9|2");
	const char be[] = "\xfe\xff\0a\0;\0b";
	assert_string_equal(read_all(be, sizeof(be) - 1, CSVR_UTF16BE, ';', NULL), "a|b");
	/* a UTF-8 BOM is not part of the first header */
	const char bom[] = "\xef\xbb\xbfname,x\n1,2\n";
	assert_string_equal(read_all(bom, sizeof(bom) - 1, CSVR_UTF8_BOM, ',', NULL), "name|x\n1|2");
	assert_string_equal(read_all(bom, sizeof(bom) - 1, CSVR_UTF8, ',', NULL), "name|x\n1|2");
	/* bytes Windows-1252 leaves undefined become U+FFFD, counted */
	const char undef[] = "a\x81z\n";
	struct csvr *c = csvr_open(undef, sizeof(undef) - 1, CSVR_WINDOWS_1252, ',', NULL);
	const char *const *f;
	const size_t *l;
	size_t nf;
	assert_int_equal(csvr_next(c, &f, &l, &nf), CSVR_ROW);
	assert_string_equal(f[0], "a\xef\xbf\xbdz");
	assert_int_equal(csvr_replaced(c), 1);
	csvr_close(c);
	/* a big converted file crosses the conversion chunks intact */
	size_t n = 300000;
	char *big = malloc(n);
	for (size_t i = 0; i < n; i++)
		big[i] = (i % 10 == 9) ? '\n' : (i % 10 == 4) ? ',' : '\xe9';
	c = csvr_open(big, n, CSVR_WINDOWS_1252, ',', NULL);
	long rows = 0;
	enum csvr_result res;
	while ((res = csvr_next(c, &f, &l, &nf)) == CSVR_ROW) {
		assert_int_equal(nf, 2);
		assert_string_equal(f[0], "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9");
		rows++;
	}
	assert_int_equal(res, CSVR_EOF);
	assert_int_equal(rows, 30000);
	csvr_close(c);
	free(big);
}

static void
refuses_an_unclosed_quote(void **state)
{
	(void)state;
	assert_string_equal(READ("a,b\n1,\"never closed\n2,3\n"),
	    "ERROR: Line 2 has a quoted field that is never closed (a \" is missing).");
}

static const struct csvr_limits small = { .max_field = 10, .max_record = 30, .max_fields = 4, .max_rows = 3 };

static void
refuses_past_the_limits(void **state)
{
	(void)state;
	const char longfield[] = "a,b\n12345678901,x\n";
	assert_string_equal(read_all(longfield, sizeof(longfield) - 1, CSVR_UTF8, ',', &small),
	    "ERROR: Line 2 has a field longer than 10 bytes: is the delimiter or the quoting wrong?");
	const char longline[] = "a\n123456789,123456789,123456789,1\n";
	assert_string_equal(read_all(longline, sizeof(longline) - 1, CSVR_UTF8, ',', &small),
	    "ERROR: Line 2 is longer than 30 bytes: this is not a table a person made, or its line ends are lost.");
	const char many[] = "a,b,c,d,e\n";
	assert_string_equal(read_all(many, sizeof(many) - 1, CSVR_UTF8, ',', &small),
	    "ERROR: Line 1 has more than 4 fields.");
	const char rows[] = "h\n1\n2\n3\n";
	assert_string_equal(read_all(rows, sizeof(rows) - 1, CSVR_UTF8, ',', &small),
	    "ERROR: The file has more than 2 rows (at line 4): split it into smaller files.");
	/* many empty fields never write past the record buffer */
	struct csvr_limits wide = { .max_field = 10, .max_record = 100000, .max_fields = 100000, .max_rows = 3 };
	char commas[50001];
	memset(commas, ',', sizeof(commas) - 1);
	commas[sizeof(commas) - 1] = '\0';
	struct csvr *c = csvr_open(commas, sizeof(commas) - 1, CSVR_UTF8, ',', &wide);
	const char *const *f;
	const size_t *l;
	size_t nf;
	assert_int_equal(csvr_next(c, &f, &l, &nf), CSVR_ROW);
	assert_int_equal(nf, 50001);
	csvr_close(c);
}

/* A 50 MB single line is refused after max_record bytes (1 MiB), quickly
 * and without a 50 MB buffer: the reader stops reading at the limit. */
static void
refuses_a_50mb_line_quickly(void **state)
{
	(void)state;
	size_t n = 50u << 20;
	char *big = malloc(n);
	assert_non_null(big);
	memset(big, 'x', n);
	memcpy(big, "name,email\n", 11);
	for (size_t i = 100; i < n; i += 5000)
		big[i] = ',';                /* many short fields: only the record limit stops it */
	clock_t t0 = clock();
	const char *out = read_all(big, n, CSVR_UTF8, ',', NULL);
	double secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
	assert_string_equal(out, "ERROR: Line 2 is longer than 1048576 bytes: this is not a table a person made,"
	    " or its line ends are lost.");
	assert_true(secs < 0.5);
	/* one 50 MB field: the field limit stops it first */
	memset(big, 'x', n);
	memcpy(big, "name\n\"", 6);
	out = read_all(big, n, CSVR_UTF8, ',', NULL);
	assert_string_equal(out, "ERROR: Line 2 has a field longer than 65536 bytes: is the delimiter or the quoting wrong?");
	free(big);
}

/* NUL bytes and control characters pass through the reader (the import
 * checks the text of each field it uses); binary junk never crashes it. */
static void
survives_binary_junk(void **state)
{
	(void)state;
	unsigned seed = 7;
	char junk[20000];
	for (int round = 0; round < 50; round++) {
		for (size_t i = 0; i < sizeof(junk); i++) {
			seed = seed * 1103515245u + 12345u;
			junk[i] = (char)(seed >> 16);
		}
		for (int e = 0; e < CSVR__ENC_MAX; e++) {
			struct csvr *c = csvr_open(junk, sizeof(junk), (enum csvr_encoding)e, ',', NULL);
			const char *const *f;
			const size_t *l;
			size_t nf;
			enum csvr_result res;
			int guard = 0;
			while ((res = csvr_next(c, &f, &l, &nf)) == CSVR_ROW && guard++ < 100000)
				;
			assert_true(res == CSVR_EOF || res == CSVR_ERROR);
			csvr_close(c);
		}
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(plain_and_quoted),
		cmocka_unit_test(line_ends_and_blank_lines),
		cmocka_unit_test(ragged_rows_are_rows),
		cmocka_unit_test(other_delimiters),
		cmocka_unit_test(sniffs_the_delimiter),
		cmocka_unit_test(detects_encodings),
		cmocka_unit_test(converts_encodings),
		cmocka_unit_test(refuses_an_unclosed_quote),
		cmocka_unit_test(refuses_past_the_limits),
		cmocka_unit_test(refuses_a_50mb_line_quickly),
		cmocka_unit_test(survives_binary_junk),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
