/* svgchart: a grouped bar chart as inline SVG (svgchart.h). Geometry in
 * viewBox units; colours come from the page's CSS through the classes
 * (chart-bar, the series' own), so the chart follows the theme and print
 * styles. */
#include <stdio.h>
#include <string.h>
#include "svgchart.h"

#define LEFT   64      /* room for the tick labels */
#define RIGHT  12
#define TOP    34      /* the legend */
#define BOTTOM 40      /* the group labels, two lines */
#define TICKS  4

long long
svgchart_step(long long max, int ticks, int money)
{
	long long floor_step = money ? 100 : 1;
	if (ticks < 1)
		ticks = 1;
	long long raw = max > 0 ? (max + ticks - 1) / ticks : floor_step;
	if (raw < floor_step)
		raw = floor_step;
	long long mag = 1;
	while (mag <= raw / 10)
		mag *= 10;
	static const int nice[] = { 1, 2, 5, 10 };
	for (size_t i = 0; i < sizeof(nice) / sizeof(nice[0]); i++)
		if (nice[i] * mag >= raw)
			return nice[i] * mag;
	return 10 * mag;
}

/* "%.2f" without trailing zeros: 1.50 → "1.5", 12.00 → "12". */
static void
trimmed(char *dst, size_t n, double x)
{
	snprintf(dst, n, "%.2f", x);
	char *dot = strchr(dst, '.');
	if (dot == NULL)
		return;
	char *end = dst + strlen(dst) - 1;
	while (end > dot && *end == '0')
		*end-- = '\0';
	if (end == dot)
		*end = '\0';
}

void
svgchart_short(char *dst, size_t n, long long v, int money)
{
	static const struct { double at; const char *suffix; } units[] = {
		{ 1e9, "B" }, { 1e6, "M" }, { 1e3, "k" },
	};
	int neg = v < 0;
	double x = (double)(neg ? -v : v) / (money ? 100.0 : 1.0);
	char num[48];
	const char *suffix = "";
	for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++)
		if (x >= units[i].at) {
			x /= units[i].at;
			suffix = units[i].suffix;
			break;
		}
	trimmed(num, sizeof(num), x);
	snprintf(dst, n, "%s%s%s%s", neg ? "-" : "", money ? "$" : "", num, suffix);
}

void
svgchart_full(char *dst, size_t n, long long v, int money)
{
	int neg = v < 0;
	unsigned long long a = neg ? (unsigned long long)(-(v + 1)) + 1 : (unsigned long long)v;
	unsigned long long whole = money ? a / 100 : a;
	char digits[32], grouped[48];
	snprintf(digits, sizeof(digits), "%llu", whole);
	size_t len = strlen(digits), j = 0;
	for (size_t i = 0; i < len; i++) {
		if (i > 0 && (len - i) % 3 == 0)
			grouped[j++] = ',';
		grouped[j++] = digits[i];
	}
	grouped[j] = '\0';
	if (money)
		snprintf(dst, n, "%s$%s.%02llu", neg ? "-" : "", grouped, a % 100);
	else
		snprintf(dst, n, "%s%s", neg ? "-" : "", grouped);
}

/* An id or class from the caller: only [a-z0-9-] pass (they are
 * constants of the code, this keeps the markup sound whatever they are). */
static void
put_ident(struct buf *out, const char *s)
{
	for (; s && *s; s++)
		if ((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '-')
			buf_putc(out, *s);
}

static void
legend(struct buf *out, const struct svgchart *c, int w)
{
	buf_puts(out, "<g class=\"chart-legend\">");
	double x = LEFT;
	for (size_t s = 0; s < c->nseries; s++) {
		buf_printf(out, "<rect class=\"chart-key ");
		put_ident(out, c->series[s].css);
		buf_printf(out, "\" x=\"%.1f\" y=\"10\" width=\"12\" height=\"12\" rx=\"2\"/>", x);
		buf_printf(out, "<text class=\"chart-legend-text\" x=\"%.1f\" y=\"20.5\">", x + 18);
		buf_html(out, c->series[s].name ? c->series[s].name : "");
		buf_puts(out, "</text>");
		/* about 7 units a character at the legend's size */
		x += 18 + 7.0 * (double)strlen(c->series[s].name ? c->series[s].name : "") + 24;
		if (x > w - RIGHT)
			x = LEFT;
	}
	buf_puts(out, "</g>");
}

void
svgchart_bars(struct buf *out, const struct svgchart *c)
{
	int w = c->width > 0 ? c->width : 720, h = c->height > 0 ? c->height : 300;
	double px0 = LEFT, px1 = w - RIGHT, py0 = TOP, py1 = h - BOTTOM;
	long long max = 0;
	for (size_t s = 0; s < c->nseries; s++)
		for (size_t g = 0; g < c->ngroups; g++)
			if (c->series[s].values[g] > max)
				max = c->series[s].values[g];
	long long step = svgchart_step(max, TICKS, c->money);
	long long nticks = max > 0 ? (max + step - 1) / step : TICKS;
	long long top = step * nticks;
	char num[64];

	buf_printf(out, "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" viewBox=\"0 0 %d %d\" role=\"img\""
	    " aria-labelledby=\"", w, h);
	put_ident(out, c->id);
	buf_puts(out, "-title ");
	put_ident(out, c->id);
	buf_puts(out, "-desc\"><title id=\"");
	put_ident(out, c->id);
	buf_puts(out, "-title\">");
	buf_html(out, c->title ? c->title : "");
	buf_puts(out, "</title><desc id=\"");
	put_ident(out, c->id);
	buf_puts(out, "-desc\">");
	buf_html(out, c->desc ? c->desc : "");
	buf_puts(out, "</desc>");
	legend(out, c, w);

	/* ticks: 0 … top, a grid line and a label each */
	buf_puts(out, "<g class=\"chart-grid\">");
	for (long long t = 0; t <= nticks; t++) {
		double y = py1 - (py1 - py0) * (double)t / (double)nticks;
		buf_printf(out, "<line class=\"chart-gridline\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>",
		    px0, y, px1, y);
		svgchart_short(num, sizeof(num), t * step, c->money);
		buf_printf(out, "<text class=\"chart-tick\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">", px0 - 6, y + 4);
		buf_html(out, num);
		buf_puts(out, "</text>");
	}
	buf_puts(out, "</g>");

	/* the groups: bars side by side in 70% of the group's width */
	double gw = c->ngroups ? (px1 - px0) / (double)c->ngroups : 0;
	double bw = c->nseries ? gw * 0.7 / (double)c->nseries : 0;
	buf_puts(out, "<g class=\"chart-bars\">");
	for (size_t g = 0; g < c->ngroups; g++) {
		const char *label = c->labels && c->labels[g] ? c->labels[g] : "";
		const char *sub = c->sublabels && c->sublabels[g] ? c->sublabels[g] : "";
		double gx = px0 + gw * (double)g + gw * 0.15;
		buf_puts(out, "<g class=\"chart-group\">");
		for (size_t s = 0; s < c->nseries; s++) {
			long long v = c->series[s].values[g];
			double bh = v > 0 ? (py1 - py0) * (double)v / (double)top : 0;
			buf_puts(out, "<rect class=\"chart-bar ");
			put_ident(out, c->series[s].css);
			buf_printf(out, "\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\"><title>",
			    gx + bw * (double)s, py1 - bh, bw > 2 ? bw - 1 : bw, bh);
			buf_html(out, label);
			if (*sub) {
				buf_putc(out, ' ');
				buf_html(out, sub);
			}
			buf_puts(out, " · ");
			buf_html(out, c->series[s].name ? c->series[s].name : "");
			svgchart_full(num, sizeof(num), v, c->money);
			buf_puts(out, ": ");
			buf_html(out, num);
			buf_puts(out, "</title></rect>");
		}
		double cx = px0 + gw * ((double)g + 0.5);
		buf_printf(out, "<text class=\"chart-label\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">", cx, py1 + 16);
		buf_html(out, label);
		buf_puts(out, "</text>");
		if (*sub) {
			buf_printf(out, "<text class=\"chart-sublabel\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">", cx,
			    py1 + 31);
			buf_html(out, sub);
			buf_puts(out, "</text>");
		}
		buf_puts(out, "</g>");
	}
	buf_puts(out, "</g>");
	buf_printf(out, "<line class=\"chart-axis\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/></svg>",
	    px0, py1, px1, py1);
}
