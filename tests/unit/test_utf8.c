/* test_utf8: the strict UTF-8 gate every input passes (lib/utf8.c). */
#include "fixtures.h"
#include <string.h>
#include "utf8.h"

#define V(s) utf8_valid((s), sizeof(s) - 1)
#define T(s) utf8_text_ok((s), sizeof(s) - 1)

/* Well-formed sequences of every length, including the edges of each
 * range (U+007F, U+0080, U+07FF, U+0800, U+D7FF, U+E000, U+FFFF,
 * U+10000, U+10FFFF). */
static void
valid_multibyte(void **state)
{
	(void)state;
	assert_true(V(""));
	assert_true(V("plain ASCII ~"));
	assert_true(V("\x7f"));
	assert_true(V("\xc2\x80"));               /* U+0080 */
	assert_true(V("caf\xc3\xa9"));            /* café */
	assert_true(V("\xdf\xbf"));               /* U+07FF */
	assert_true(V("\xe0\xa0\x80"));           /* U+0800 */
	assert_true(V("\xe2\x82\xac"));           /* € */
	assert_true(V("\xed\x9f\xbf"));           /* U+D7FF */
	assert_true(V("\xee\x80\x80"));           /* U+E000 */
	assert_true(V("\xef\xbf\xbf"));           /* U+FFFF */
	assert_true(V("\xf0\x90\x80\x80"));       /* U+10000 */
	assert_true(V("\xf0\x9d\x84\x9e"));       /* 𝄞 */
	assert_true(V("\xf4\x8f\xbf\xbf"));       /* U+10FFFF */
	assert_true(V("Gr\xc3\xbc\xc3\x9f" "e \xe6\x97\xa5\xe6\x9c\xac \xf0\x9f\x8f\xa0"));
}

/* Overlong encodings (of '/', NUL and range edges) are refused. */
static void
overlongs_refused(void **state)
{
	(void)state;
	assert_false(V("\xc0\xaf"));              /* '/' in 2 bytes */
	assert_false(V("\xc0\x80"));              /* NUL in 2 bytes */
	assert_false(V("\xc1\xbf"));
	assert_false(V("\xe0\x80\xaf"));          /* '/' in 3 bytes */
	assert_false(V("\xe0\x9f\xbf"));          /* U+07FF in 3 bytes */
	assert_false(V("\xf0\x80\x80\xaf"));      /* '/' in 4 bytes */
	assert_false(V("\xf0\x8f\xbf\xbf"));      /* U+FFFF in 4 bytes */
}

/* UTF-16 surrogates (U+D800..U+DFFF) are not characters. */
static void
surrogates_refused(void **state)
{
	(void)state;
	assert_false(V("\xed\xa0\x80"));          /* U+D800 */
	assert_false(V("\xed\xad\xbf"));          /* U+DB7F */
	assert_false(V("\xed\xbf\xbf"));          /* U+DFFF */
	assert_false(V("\xed\xa0\xbd\xed\xb8\x80"));  /* CESU-8 pair */
}

/* Nothing above U+10FFFF, and no lead bytes F5..FF. */
static void
beyond_unicode_refused(void **state)
{
	(void)state;
	assert_false(V("\xf4\x90\x80\x80"));      /* U+110000 */
	assert_false(V("\xf5\x80\x80\x80"));
	assert_false(V("\xf7\xbf\xbf\xbf"));
	assert_false(V("\xf8\x88\x80\x80\x80"));  /* old 5-byte form */
	assert_false(V("\xfe"));
	assert_false(V("\xff"));
}

/* Truncated sequences (at the end, or cut by the length given),
 * stray continuation bytes and bad continuations are refused. */
static void
truncated_and_stray_refused(void **state)
{
	(void)state;
	assert_false(V("\xc3"));
	assert_false(V("abc\xe2\x82"));
	assert_false(V("\xf0\x9d\x84"));
	assert_false(utf8_valid("caf\xc3\xa9", 4));    /* length cuts é in half */
	assert_true(utf8_valid("caf\xc3\xa9", 3));
	assert_false(V("\x80"));
	assert_false(V("a\xbf" "b"));
	assert_false(V("\xc3\x28"));                   /* continuation missing */
	assert_false(V("\xe2\x28\xa1"));
	assert_false(V("\xf0\x9d\x28\x9e"));
}

/* An embedded NUL ends nothing: it is refused wherever it is. */
static void
nul_refused(void **state)
{
	(void)state;
	assert_false(utf8_valid("a\0b", 3));
	assert_false(utf8_valid("\0", 1));
	assert_false(utf8_text_ok("ab\0", 3));
}

/* Text allows tab, CR and LF but no other C0 control nor DEL. */
static void
text_ok_controls(void **state)
{
	(void)state;
	assert_true(T("line one\r\nline two\tend"));
	assert_true(T("caf\xc3\xa9 \xe2\x82\xac"));
	assert_false(T("bell\x07"));
	assert_false(T("\x01"));
	assert_false(T("esc \x1b[31m"));
	assert_false(T("del\x7f"));
	assert_false(T("\x0b"));                        /* vertical tab */
	assert_false(T("\x0c"));                        /* form feed */
	assert_false(T("caf\xc3"));                     /* and still valid UTF-8 */
	assert_false(T("\xed\xa0\x80"));
}

/* Character counts (for maxlen) count code points, not bytes. */
static void
char_counts(void **state)
{
	(void)state;
	assert_int_equal(utf8_chars(""), 0);
	assert_int_equal(utf8_chars("abc"), 3);
	assert_int_equal(utf8_chars("caf\xc3\xa9"), 4);
	assert_int_equal(utf8_chars("\xe2\x82\xac\xe2\x82\xac"), 2);
	assert_int_equal(utf8_chars("\xf0\x9d\x84\x9e" "x"), 2);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(valid_multibyte),
		cmocka_unit_test(overlongs_refused),
		cmocka_unit_test(surrogates_refused),
		cmocka_unit_test(beyond_unicode_refused),
		cmocka_unit_test(truncated_and_stray_refused),
		cmocka_unit_test(nul_refused),
		cmocka_unit_test(text_ok_controls),
		cmocka_unit_test(char_counts),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
