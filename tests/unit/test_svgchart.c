/* test_svgchart: the server-drawn bar chart (lib/svgchart.c): rounded
 * tick steps, short and full amounts, escaping of every caller text, the
 * bars' geometry and the accessible names. */
#include "fixtures.h"
#include <stdio.h>
#include <string.h>
#include "svgchart.h"

/* Steps are 1, 2 or 5 × 10^k and cover max in about the ticks asked. */
static void
steps_are_round(void **state)
{
	(void)state;
	assert_int_equal(svgchart_step(0, 4, 1), 100);          /* nothing: $1 a step */
	assert_int_equal(svgchart_step(0, 4, 0), 1);
	assert_int_equal(svgchart_step(7, 4, 0), 2);            /* 0 2 4 6 8 */
	assert_int_equal(svgchart_step(10, 4, 0), 5);           /* ceil(10/4) = 3 → 5 */
	assert_int_equal(svgchart_step(100, 4, 0), 50);         /* 25 → 50 */
	assert_int_equal(svgchart_step(1234567, 4, 1), 500000); /* $12,345.67: $5k a step */
	assert_int_equal(svgchart_step(4000000, 4, 1), 1000000);
	assert_int_equal(svgchart_step(4000001, 4, 1), 2000000);
	assert_int_equal(svgchart_step(50, 4, 1), 100);         /* never under a dollar */
	for (long long max = 1; max < 5000000; max = max * 3 + 7) {
		long long s = svgchart_step(max, 4, 0);
		assert_true(s * 4 >= max);                          /* four steps reach it */
		long long m = s;
		while (m % 10 == 0)
			m /= 10;
		assert_true(m == 1 || m == 2 || m == 5);
	}
}

static void
amounts(void **state)
{
	(void)state;
	char b[64];
	svgchart_short(b, sizeof(b), 0, 1);          assert_string_equal(b, "$0");
	svgchart_short(b, sizeof(b), 50000, 1);      assert_string_equal(b, "$500");
	svgchart_short(b, sizeof(b), 150000, 1);     assert_string_equal(b, "$1.5k");
	svgchart_short(b, sizeof(b), 1200000, 1);    assert_string_equal(b, "$12k");
	svgchart_short(b, sizeof(b), 225000000, 1);  assert_string_equal(b, "$2.25M");
	svgchart_short(b, sizeof(b), 1500, 0);       assert_string_equal(b, "1.5k");
	svgchart_short(b, sizeof(b), 40, 0);         assert_string_equal(b, "40");
	svgchart_full(b, sizeof(b), 1234567, 1);     assert_string_equal(b, "$12,345.67");
	svgchart_full(b, sizeof(b), 5, 1);           assert_string_equal(b, "$0.05");
	svgchart_full(b, sizeof(b), 100000000000LL, 1); assert_string_equal(b, "$1,000,000,000.00");
	svgchart_full(b, sizeof(b), -250, 1);        assert_string_equal(b, "-$2.50");
	svgchart_full(b, sizeof(b), 12345, 0);       assert_string_equal(b, "12,345");
	svgchart_full(b, sizeof(b), 999, 0);         assert_string_equal(b, "999");
}

static size_t
count(const char *hay, const char *needle)
{
	size_t n = 0;
	for (const char *p = hay; (p = strstr(p, needle)) != NULL; p += strlen(needle))
		n++;
	return n;
}

/* Two series over three groups: a bar per series and group with its
 * tooltip, ticks from $0 to the rounded top, the tallest bar the plot's
 * height, a zero bar flat, labels and sublabels under the groups. */
static void
bars_and_ticks(void **state)
{
	(void)state;
	const long long a[] = { 400000, 0, 200000 }, b[] = { 100000, 50, 300000 };
	const char *labels[] = { "Jan", "Feb", "Mar" }, *subs[] = { "2027", NULL, "" };
	const struct svgchart_series series[] = {
		{ "Weighted pipeline", "chart-s0", a }, { "Won revenue", "chart-s1", b },
	};
	struct svgchart c = {
		.id = "fc", .title = "Forecast", .desc = "By month.", .labels = labels, .sublabels = subs,
		.ngroups = 3, .series = series, .nseries = 2, .money = 1, .width = 720, .height = 300,
	};
	struct buf out;
	buf_init(&out);
	svgchart_bars(&out, &c);
	const char *s = out.data;
	assert_non_null(strstr(s, "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" viewBox=\"0 0 720 300\" role=\"img\" aria-labelledby=\"fc-title fc-desc\">"));
	assert_non_null(strstr(s, "<title id=\"fc-title\">Forecast</title><desc id=\"fc-desc\">By month.</desc>"));
	assert_int_equal(count(s, "<rect class=\"chart-bar "), 6);
	assert_int_equal(count(s, "<rect class=\"chart-key "), 2);
	/* max $4,000 → step $1,000, ticks $0..$4k */
	assert_int_equal(count(s, "class=\"chart-tick\""), 5);
	assert_non_null(strstr(s, ">$0</text>"));
	assert_non_null(strstr(s, ">$4k</text>"));
	assert_null(strstr(s, ">$5k</text>"));
	/* the plot is 34..260 high, groups 644/3 wide, bars 70% of that / 2 less a gap:
	 * the $4,000 bar fills the height, the $0 one is flat */
	assert_non_null(strstr(s, "y=\"34.0\" width=\"74.1\" height=\"226.0\"><title>Jan 2027 · Weighted pipeline: $4,000.00</title>"));
	assert_non_null(strstr(s, "height=\"0.0\"><title>Feb · Weighted pipeline: $0.00</title>"));
	assert_non_null(strstr(s, "<title>Feb · Won revenue: $0.50</title>"));
	assert_non_null(strstr(s, "<title>Mar · Won revenue: $3,000.00</title>"));
	assert_int_equal(count(s, "class=\"chart-label\""), 3);
	assert_int_equal(count(s, "class=\"chart-sublabel\""), 1);   /* only "2027" */
	assert_true(out.len > 7 && strcmp(s + out.len - 6, "</svg>") == 0);
	buf_free(&out);
}

/* Caller text is escaped everywhere it lands; ids and classes keep
 * [a-z0-9-] only; nothing at all still draws an axis from $0. */
static void
escaping_and_empty(void **state)
{
	(void)state;
	const long long v[] = { -5, 0 };
	const char *labels[] = { "<b>Q1</b>", "R&D \"x\"" };
	const struct svgchart_series series[] = { { "<script>alert(1)</script>", "s0\" onload=\"x", v } };
	struct svgchart c = {
		.id = "a\"b<c", .title = "T & <T>", .desc = "'d'", .labels = labels, .ngroups = 2,
		.series = series, .nseries = 1, .money = 0,
	};
	struct buf out;
	buf_init(&out);
	svgchart_bars(&out, &c);
	const char *s = out.data;
	assert_null(strstr(s, "<script>"));
	assert_null(strstr(s, "<b>"));
	assert_null(strstr(s, "onload=\""));
	assert_non_null(strstr(s, "&lt;script&gt;alert(1)&lt;/script&gt;"));
	assert_non_null(strstr(s, ">&lt;b&gt;Q1&lt;/b&gt;</text>"));
	assert_non_null(strstr(s, ">R&amp;D &quot;x&quot;</text>"));
	assert_non_null(strstr(s, "<title id=\"abc-title\">T &amp; &lt;T&gt;</title>"));
	assert_non_null(strstr(s, "<desc id=\"abc-desc\">&#39;d&#39;</desc>"));
	assert_non_null(strstr(s, "class=\"chart-bar s0onloadx\""));
	assert_non_null(strstr(s, "viewBox=\"0 0 720 300\""));      /* the default size */
	/* a negative value draws as nothing, its tooltip says what it is */
	assert_non_null(strstr(s, "height=\"0.0\"><title>&lt;b&gt;Q1&lt;/b&gt; · &lt;script&gt;alert(1)&lt;/script&gt;: -5</title>"));
	assert_int_equal(count(s, "class=\"chart-tick\""), 5);       /* 0..4 */
	assert_non_null(strstr(s, ">0</text>"));
	buf_free(&out);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(steps_are_round),
		cmocka_unit_test(amounts),
		cmocka_unit_test(bars_and_ticks),
		cmocka_unit_test(escaping_and_empty),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
