/* test_serial_input: the scanner-friendly serials field
 * (cgi-bin/inventory/serial_input.c): lines, pasted columns, SERIAL MAC
 * pairs, ranges, and the messages for what it refuses. */
#include "fixtures.h"
#include <string.h>
#include "arena.h"
#include "serial_input.h"

static struct arena *A;

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

static struct serial_input
ok(const char *text)
{
	struct serial_input in;
	int rc = serial_input_parse(A, text, 0, &in);
	if (rc != 0)
		fail_msg("refused \"%s\": %s", text, in.error);
	return in;
}

static const char *
refused(const char *text, size_t max)
{
	struct serial_input in;
	assert_int_equal(serial_input_parse(A, text, max, &in), -1);
	assert_non_null(in.error);
	assert_int_equal(in.n, 0);
	return in.error;
}

/* One a line, whatever the line ends; blank lines and a BOM are nothing. */
static void
lines(void **state)
{
	(void)state;
	struct serial_input in = ok("\xEF\xBB\xBFSN1\r\nSN2\n\nSN3\rSN4\r\n");
	assert_int_equal(in.n, 4);
	assert_string_equal(in.items[0].serial, "SN1");
	assert_string_equal(in.items[3].serial, "SN4");
	assert_int_equal(in.items[3].line, 5);
	assert_null(in.items[0].mac);
	assert_int_equal(ok(NULL).n, 0);
	assert_int_equal(ok("  \r\n\t\n").n, 0);
	assert_string_equal(serial_input_pg_serials(A, &in), "{\"SN1\",\"SN2\",\"SN3\",\"SN4\"}");
	assert_null(serial_input_pg_macs(A, &in));
}

/* A pasted row or column: tabs, commas, semicolons and spaces separate. */
static void
pasted(void **state)
{
	(void)state;
	struct serial_input in = ok("A1\tA2\tA3\nB1, B2;B3  B4");
	assert_int_equal(in.n, 7);
	assert_string_equal(in.items[6].serial, "B4");
	assert_int_equal(in.items[6].line, 2);
}

/* SERIAL MAC pairs: a MAC with separators after a serial, or 12 bare hex
 * digits as the second of exactly two items; normalised to aa:bb:... */
static void
macs(void **state)
{
	(void)state;
	struct serial_input in = ok("CAM-001 B8:D7:AF:10:00:01\nCAM-002\tb8-d7-af-10-00-02\nCAM-003,b8d7.af10.0003\n"
	    "CAM-004 B8D7AF100004\nCAM-005 CAM-006 b8:d7:af:10:00:06\n");
	assert_int_equal(in.n, 6);
	assert_string_equal(in.items[0].mac, "b8:d7:af:10:00:01");
	assert_string_equal(in.items[1].mac, "b8:d7:af:10:00:02");
	assert_string_equal(in.items[2].mac, "b8:d7:af:10:00:03");
	assert_string_equal(in.items[3].mac, "b8:d7:af:10:00:04");
	assert_null(in.items[4].mac);
	assert_string_equal(in.items[5].mac, "b8:d7:af:10:00:06");
	assert_string_equal(serial_input_pg_macs(A, &in),
	    "{\"b8:d7:af:10:00:01\",\"b8:d7:af:10:00:02\",\"b8:d7:af:10:00:03\",\"b8:d7:af:10:00:04\",NULL,"
	    "\"b8:d7:af:10:00:06\"}");
	/* three bare hex items on a line are three serials */
	in = ok("A1B2C3D4E5F6 A1B2C3D4E5F7 A1B2C3D4E5F8");
	assert_int_equal(in.n, 3);
	assert_null(in.items[1].mac);
	char out[18];
	assert_int_equal(serial_mac_normalise("b8:d7:af:10:00", 14, 1, out), -1);
	assert_int_equal(serial_mac_normalise("b8:d7-af:10:00:01", 17, 1, out), -1);
	assert_int_equal(serial_mac_normalise("b8d7af100001", 12, 0, out), -1);
	assert_int_equal(serial_mac_normalise("g8:d7:af:10:00:01", 17, 1, out), -1);
	assert_int_equal(serial_mac_normalise("b8d7.af10.0001", 14, 0, out), 0);
	assert_string_equal(out, "b8:d7:af:10:00:01");
}

/* Ranges: same prefix, same width, counting up; zero padding kept. */
static void
ranges(void **state)
{
	(void)state;
	struct serial_input in = ok("SN1000-SN1049");
	assert_int_equal(in.n, 50);
	assert_string_equal(in.items[0].serial, "SN1000");
	assert_string_equal(in.items[49].serial, "SN1049");
	in = ok("AB-0098-AB-0102\nX7");
	assert_int_equal(in.n, 6);
	assert_string_equal(in.items[0].serial, "AB-0098");
	assert_string_equal(in.items[4].serial, "AB-0102");
	assert_string_equal(in.items[5].serial, "X7");
	in = ok("1000-1002");
	assert_int_equal(in.n, 3);
	/* not ranges: a dash inside a serial */
	in = ok("2024-0001 AB-1000 SN1-SN22 SN1-TN2");
	assert_int_equal(in.n, 4);
	assert_string_equal(in.items[0].serial, "2024-0001");
	assert_string_equal(in.items[2].serial, "SN1-SN22");
	in = ok("SN0001-SN10000");     /* different widths: one serial */
	assert_int_equal(in.n, 1);
}

static void
bad_ranges(void **state)
{
	(void)state;
	assert_string_equal(refused("SN1\nSN1049-SN1000", 0), "Line 2: range SN1049-SN1000 counts down; write the lower serial first.");
	assert_string_equal(refused("SN00000-SN20000", 0), "Line 1: range SN00000-SN20000 has 20001 serials; enter at most 10000 at once.");
	assert_string_equal(refused("SN10-SN19", 5), "Line 1: range SN10-SN19 has 10 serials; enter at most 5 at once.");
	assert_string_equal(refused("SN1000-SN1049 aa:bb:cc:dd:ee:ff", 0),
	    "Line 1: MAC aa:bb:cc:dd:ee:ff has no serial before it (write SERIAL MAC on one line).");
}

static void
bad_input(void **state)
{
	(void)state;
	assert_string_equal(refused("SN1\nsn1", 0), "sn1 is listed twice (lines 1 and 2).");
	assert_string_equal(refused("SN5 SN5", 0), "Line 1: SN5 is listed twice.");
	assert_string_equal(refused("SN1-SN3\nSN2", 0), "SN2 is listed twice (lines 1 and 2).");
	assert_string_equal(refused("A aa:bb:cc:dd:ee:ff\nB AA-BB-CC-DD-EE-FF", 0),
	    "MAC aa:bb:cc:dd:ee:ff is given twice (A on line 1, B on line 2).");
	assert_string_equal(refused("OK1\n-bad", 0),
	    "Line 2: \"-bad\" is not a serial: use letters, digits and . _ / : + # - (starting with a letter or digit).");
	assert_string_equal(refused("caf\xc3\xa9", 0),
	    "Line 1: \"caf\xc3\xa9\" is not a serial: use letters, digits and . _ / : + # - (starting with a letter or digit).");
	assert_string_equal(refused("aa:bb:cc:dd:ee:ff", 0),
	    "Line 1: MAC aa:bb:cc:dd:ee:ff has no serial before it (write SERIAL MAC on one line).");
	char longer[80];
	memset(longer, 'A', 65);
	longer[65] = '\0';
	assert_string_equal(refused(longer, 0), "Line 1: AAAAAAAAAAAAAAAAAAAA... is longer than 64 characters.");
	assert_string_equal(refused("A B C", 2), "Line 1: more than 2 serials; enter at most 2 at once.");
	assert_string_equal(refused("CAM-9 zz:bb:cc:dd:ee:ff", 0),
	    "Line 1: zz:bb:cc:dd:ee:ff is not a MAC: write 12 hexadecimal digits (aa:bb:cc:dd:ee:ff).");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(lines, setup, teardown),
		cmocka_unit_test_setup_teardown(pasted, setup, teardown),
		cmocka_unit_test_setup_teardown(macs, setup, teardown),
		cmocka_unit_test_setup_teardown(ranges, setup, teardown),
		cmocka_unit_test_setup_teardown(bad_ranges, setup, teardown),
		cmocka_unit_test_setup_teardown(bad_input, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
