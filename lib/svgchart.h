/* svgchart: a grouped bar chart as inline SVG, drawn on the server so a
 * page shows it without JavaScript and prints it (sales forecast; the
 * analytics reports reuse it). One group of bars per label (a month), one
 * bar per series in each group, a value axis with rounded ticks from 0,
 * a legend. Every text that comes from the caller (title, description,
 * labels, series names) is HTML-escaped here, so a template may print the
 * result with uvar:. Accessible: role="img" with <title> and <desc>
 * (aria-labelledby), a <title> on each bar; the page puts the same
 * numbers in a table beside it. */
#ifndef HEARTH_SVGCHART_H
#define HEARTH_SVGCHART_H

#include <stddef.h>
#include "buf.h"

struct svgchart_series {
	const char      *name;     /* legend and each bar's tooltip: "Weighted pipeline" */
	const char      *css;      /* class of its bars and legend key: "chart-s0" ([a-z0-9-] only) */
	const long long *values;   /* one per group; negative values are drawn as 0 */
};

struct svgchart {
	const char *id;            /* prefix of the element ids (unique on the page, [a-z0-9-] only) */
	const char *title;         /* <title>: what the chart shows */
	const char *desc;          /* <desc>: a sentence that says what the numbers are */
	const char *const *labels;     /* ngroups labels under the groups: "Jun" */
	const char *const *sublabels;  /* NULL, or ngroups second lines ("2026"; NULL or "" for none) */
	size_t ngroups;
	const struct svgchart_series *series;
	size_t nseries;
	int money;                 /* values are cents: ticks and tooltips as dollars */
	int width, height;         /* the viewBox (0: 720 × 300); it scales to its box */
};

/* The tick step for an axis from 0 to at least max with about ticks
 * steps: 1, 2 or 5 × a power of ten (money: at least 100 cents). */
long long svgchart_step(long long max, int ticks, int money);
/* A short amount for a tick: "$0", "$500", "$1.5k", "$12k", "$2.25M"
 * (money, from cents), or "1.5k", "40" (counts). */
void svgchart_short(char *dst, size_t n, long long v, int money);
/* A full amount for a tooltip: "$12,345.67" (money, from cents) or "12,345". */
void svgchart_full(char *dst, size_t n, long long v, int money);
/* Appends the chart as <svg>…</svg> to out. */
void svgchart_bars(struct buf *out, const struct svgchart *c);

#endif
