/* test_buf: the growable response buffer and its escapers (lib/buf.c). */
#include "fixtures.h"
#include <string.h>
#include "buf.h"

/* Appending far past the initial capacity keeps every byte, the length
 * right and the data NUL-terminated. */
static void
growth_keeps_content(void **state)
{
	(void)state;
	struct buf b;
	buf_init(&b);
	assert_null(b.data);
	for (int i = 0; i < 10000; i++)
		buf_append(&b, "0123456789", 10);
	assert_int_equal(b.len, 100000);
	assert_true(b.cap > b.len);
	assert_int_equal(b.data[b.len], '\0');
	for (size_t i = 0; i < b.len; i++)
		assert_int_equal(b.data[i], '0' + (int)(i % 10));
	buf_free(&b);
	assert_null(b.data);
	assert_int_equal(b.len, 0);
}

/* Binary data (with NULs) is kept byte for byte. */
static void
binary_append(void **state)
{
	(void)state;
	struct buf b;
	buf_init(&b);
	buf_append(&b, "a\0b\0c", 5);
	assert_int_equal(b.len, 5);
	assert_memory_equal(b.data, "a\0b\0c", 5);
	buf_free(&b);
}

/* puts, putc and printf (also output longer than the first allocation). */
static void
puts_putc_printf(void **state)
{
	(void)state;
	struct buf b;
	buf_init(&b);
	buf_puts(&b, "id=");
	buf_printf(&b, "%d", 7);
	buf_putc(&b, ';');
	buf_printf(&b, "%s|%5.2f", "x", 2.5);
	assert_string_equal(b.data, "id=7;x| 2.50");
	assert_int_equal(b.len, strlen("id=7;x| 2.50"));
	char big[1000];
	memset(big, 'q', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	buf_printf(&b, "[%s]", big);
	assert_int_equal(b.len, 12 + 1001);
	assert_int_equal(b.data[b.len - 1], ']');
	assert_int_equal(b.data[b.len], '\0');
	buf_free(&b);
}

/* reset empties the buffer but keeps its memory for the next answer. */
static void
reset_keeps_memory(void **state)
{
	(void)state;
	struct buf b;
	buf_init(&b);
	buf_puts(&b, "something");
	char *mem = b.data;
	size_t cap = b.cap;
	buf_reset(&b);
	assert_int_equal(b.len, 0);
	assert_string_equal(b.data, "");
	assert_ptr_equal(b.data, mem);
	assert_int_equal(b.cap, cap);
	buf_puts(&b, "new");
	assert_string_equal(b.data, "new");
	buf_free(&b);
}

/* All five HTML-significant characters are escaped; the rest (UTF-8
 * included) passes through unchanged. */
static void
html_escaping(void **state)
{
	(void)state;
	struct buf b;
	buf_init(&b);
	buf_html(&b, "<a href=\"x\" title='y'>Tom & Jérôme</a>");
	assert_string_equal(b.data,
	    "&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;Tom &amp; Jérôme&lt;/a&gt;");
	buf_reset(&b);
	buf_html(&b, "&amp;");                     /* no double-unescaping */
	assert_string_equal(b.data, "&amp;amp;");
	buf_reset(&b);
	buf_html(&b, "plain text 123");
	assert_string_equal(b.data, "plain text 123");
	buf_free(&b);
}

/* URL encoding keeps only unreserved characters; spaces are %20 (not +),
 * UTF-8 bytes are encoded one by one, upper-case hex. */
static void
url_encoding(void **state)
{
	(void)state;
	struct buf b;
	buf_init(&b);
	buf_urlenc(&b, "a b&c=d/e?f#g+h%i");
	assert_string_equal(b.data, "a%20b%26c%3Dd%2Fe%3Ff%23g%2Bh%25i");
	buf_reset(&b);
	buf_urlenc(&b, "AZaz09-_.~");
	assert_string_equal(b.data, "AZaz09-_.~");
	buf_reset(&b);
	buf_urlenc(&b, "é\n\"<");
	assert_string_equal(b.data, "%C3%A9%0A%22%3C");
	buf_free(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(growth_keeps_content),
		cmocka_unit_test(binary_append),
		cmocka_unit_test(puts_putc_printf),
		cmocka_unit_test(reset_keeps_memory),
		cmocka_unit_test(html_escaping),
		cmocka_unit_test(url_encoding),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
