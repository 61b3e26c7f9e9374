/* serial_input.c: the serials field, parsed (serial_input.h says what it
 * accepts). Everything it makes lives in the request's arena. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "serial_input.h"

struct parse {
	struct arena        *a;
	struct serial_input *in;
	size_t               cap, max;
	int                  line;
};

static int
fail(struct parse *p, const char *msg)
{
	p->in->error = msg;
	p->in->n = 0;
	return -1;
}

static int
is_sep(unsigned char c)
{
	return c == ' ' || c == '\t' || c == ',' || c == ';' || c == '\v' || c == '\f';
}

static int
serial_char(unsigned char c, int first)
{
	if (isascii(c) && isalnum(c))
		return 1;
	return !first && (c == '.' || c == '_' || c == '/' || c == ':' || c == '+' || c == '#' || c == '-');
}

int
serial_mac_normalise(const char *s, size_t n, int bare_ok, char out[18])
{
	char hex[12];
	size_t h = 0, group = 0, run = 0;
	char sep = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (isascii(c) && isxdigit(c)) {
			if (h == 12)
				return -1;
			hex[h++] = (char)tolower(c);
			run++;
			continue;
		}
		if (c != ':' && c != '-' && c != '.' && c != ' ')
			return -1;
		if (sep == 0) {
			sep = (char)c;
			group = run;          /* the first group's width: 2 or 4 */
			if (group != 2 && group != 4)
				return -1;
		} else if (c != sep || run != group) {
			return -1;
		}
		run = 0;
	}
	if (h != 12 || (sep == 0 && !bare_ok) || (sep != 0 && run != group))
		return -1;
	snprintf(out, 18, "%.2s:%.2s:%.2s:%.2s:%.2s:%.2s", hex, hex + 2, hex + 4, hex + 6, hex + 8, hex + 10);
	return 0;
}

static struct serial_entry *
push(struct parse *p, const char *serial)
{
	if (p->in->n >= p->max) {
		fail(p, arena_printf(p->a, "Line %d: more than %zu serials; enter at most %zu at once.", p->line,
		    p->max, p->max));
		return NULL;
	}
	if (p->in->n == p->cap) {
		size_t cap = p->cap ? p->cap * 2 : 64;
		struct serial_entry *items = arena_alloc(p->a, cap * sizeof(*items));
		if (p->in->n)
			memcpy(items, p->in->items, p->in->n * sizeof(*items));
		p->in->items = items;
		p->cap = cap;
	}
	struct serial_entry *e = &p->in->items[p->in->n++];
	e->serial = serial;
	e->mac = NULL;
	e->line = p->line;
	return e;
}

/* The token as one serial, checked. */
static int
one_serial(struct parse *p, const char *t, size_t n)
{
	if (n > SERIAL_LEN_MAX)
		return fail(p, arena_printf(p->a, "Line %d: %.20s... is longer than %d characters.", p->line, t,
		    SERIAL_LEN_MAX));
	for (size_t i = 0; i < n; i++)
		if (!serial_char((unsigned char)t[i], i == 0))
			return fail(p, arena_printf(p->a, "Line %d: \"%.*s\" is not a serial: use letters, digits and"
			    " . _ / : + # - (starting with a letter or digit).", p->line, (int)(n > 64 ? 64 : n), t));
	return push(p, arena_strndup(p->a, t, n)) ? 0 : -1;
}

/* Prefix and trailing digits of t[0..n): the digits' start, or n when none. */
static size_t
digits_start(const char *t, size_t n)
{
	size_t i = n;
	while (i > 0 && isdigit((unsigned char)t[i - 1]))
		i--;
	return i;
}

/* t is a range (PREFIXnnn-PREFIXmmm)? 1 expanded, 0 not a range, -1 error. */
static int
range(struct parse *p, const char *t, size_t n)
{
	for (size_t dash = 1; dash + 1 < n; dash++) {
		if (t[dash] != '-')
			continue;
		size_t ld = digits_start(t, dash);          /* left: t[0..dash) */
		const char *r = t + dash + 1;
		size_t rn = n - dash - 1, rd = digits_start(r, rn);
		size_t width = dash - ld;
		if (width == 0 || rn - rd != width || ld != rd || memcmp(t, r, ld) != 0)
			continue;
		if (width > 18)
			return fail(p, arena_printf(p->a, "Line %d: the numbers of range %.*s have more than 18 digits.",
			    p->line, (int)n, t));
		long long from = strtoll(arena_strndup(p->a, t + ld, width), NULL, 10);
		long long to = strtoll(arena_strndup(p->a, r + rd, width), NULL, 10);
		if (to <= from && ld == 0)
			return 0;                 /* 2024-0001: a serial with a dash, not a range */
		if (to < from)
			return fail(p, arena_printf(p->a, "Line %d: range %.*s counts down; write the lower serial first.",
			    p->line, (int)n, t));
		if (to - from + 1 > (long long)(p->max - p->in->n))
			return fail(p, arena_printf(p->a, "Line %d: range %.*s has %lld serials; enter at most %zu at once.",
			    p->line, (int)n, t, to - from + 1, p->max));
		if (ld + width > SERIAL_LEN_MAX)
			return fail(p, arena_printf(p->a, "Line %d: the serials of range %.*s are longer than %d characters.",
			    p->line, (int)n, t, SERIAL_LEN_MAX));
		for (size_t i = 0; i < ld; i++)
			if (!serial_char((unsigned char)t[i], i == 0))
				return fail(p, arena_printf(p->a, "Line %d: \"%.*s\" is not a range of serials: use letters,"
				    " digits and . _ / : + # -.", p->line, (int)n, t));
		for (long long v = from; v <= to; v++)
			if (!push(p, arena_printf(p->a, "%.*s%0*lld", (int)ld, t, (int)width, v)))
				return -1;
		return 1;
	}
	return 0;
}

/* Six groups of two characters joined by : or - (the same throughout):
 * written as a MAC, so not a serial even when a digit is wrong. */
static int
mac_shaped(const char *t, size_t n)
{
	if (n != 17 || (t[2] != ':' && t[2] != '-'))
		return 0;
	for (size_t i = 2; i < 17; i += 3)
		if (t[i] != t[2])
			return 0;
	return 1;
}

/* One line: its tokens are serials, ranges and MACs after their serial. */
static int
parse_line(struct parse *p, const char *s, size_t len)
{
	size_t ntok = 0;
	for (size_t i = 0; i < len && ntok < 3; ) {      /* how many tokens: 0, 1, 2 or more */
		while (i < len && is_sep((unsigned char)s[i]))
			i++;
		if (i == len)
			break;
		while (i < len && !is_sep((unsigned char)s[i]))
			i++;
		ntok++;
	}
	struct serial_entry *last = NULL;     /* a serial of this line that may take a MAC */
	size_t k = 0;
	for (size_t i = 0; i < len; ) {
		while (i < len && is_sep((unsigned char)s[i]))
			i++;
		if (i == len)
			break;
		const char *t = s + i;
		while (i < len && !is_sep((unsigned char)s[i]))
			i++;
		size_t n = (size_t)(s + i - t);
		k++;
		char mac[18];
		if (serial_mac_normalise(t, n, ntok == 2 && k == 2, mac) == 0) {
			if (last == NULL)
				return fail(p, arena_printf(p->a, "Line %d: MAC %.*s has no serial before it (write"
				    " SERIAL MAC on one line).", p->line, (int)n, t));
			last->mac = arena_strdup(p->a, mac);
			last = NULL;
			continue;
		}
		if (mac_shaped(t, n))
			return fail(p, arena_printf(p->a, "Line %d: %.*s is not a MAC: write 12 hexadecimal digits"
			    " (aa:bb:cc:dd:ee:ff).", p->line, (int)n, t));
		int rg = range(p, t, n);
		if (rg < 0)
			return -1;
		if (rg > 0) {
			last = NULL;              /* a range takes no MAC */
			continue;
		}
		if (one_serial(p, t, n))
			return -1;
		last = &p->in->items[p->in->n - 1];
	}
	return 0;
}

static int
entry_cmp(const void *x, const void *y)
{
	const struct serial_entry *a = *(struct serial_entry *const *)x, *b = *(struct serial_entry *const *)y;
	int c = strcasecmp(a->serial, b->serial);
	return c ? c : (a->line > b->line) - (a->line < b->line);
}

static int
mac_cmp(const void *x, const void *y)
{
	const struct serial_entry *a = *(struct serial_entry *const *)x, *b = *(struct serial_entry *const *)y;
	int c = strcmp(a->mac ? a->mac : "", b->mac ? b->mac : "");
	return c ? c : (a->line > b->line) - (a->line < b->line);
}

/* No serial twice (whatever its case), no MAC twice. */
static int
unique(struct parse *p)
{
	size_t n = p->in->n;
	if (n < 2)
		return 0;
	struct serial_entry **v = arena_alloc(p->a, n * sizeof(*v));
	for (size_t i = 0; i < n; i++)
		v[i] = &p->in->items[i];
	qsort(v, n, sizeof(*v), entry_cmp);
	for (size_t i = 1; i < n; i++)
		if (strcasecmp(v[i - 1]->serial, v[i]->serial) == 0)
			return fail(p, v[i - 1]->line == v[i]->line
			    ? arena_printf(p->a, "Line %d: %s is listed twice.", v[i]->line, v[i]->serial)
			    : arena_printf(p->a, "%s is listed twice (lines %d and %d).", v[i]->serial, v[i - 1]->line,
			      v[i]->line));
	qsort(v, n, sizeof(*v), mac_cmp);
	for (size_t i = 1; i < n; i++)
		if (v[i]->mac && v[i - 1]->mac && strcmp(v[i - 1]->mac, v[i]->mac) == 0)
			return fail(p, arena_printf(p->a, "MAC %s is given twice (%s on line %d, %s on line %d).", v[i]->mac,
			    v[i - 1]->serial, v[i - 1]->line, v[i]->serial, v[i]->line));
	return 0;
}

int
serial_input_parse(struct arena *a, const char *text, size_t max, struct serial_input *in)
{
	struct parse p = { .a = a, .in = in, .max = max == 0 || max > SERIAL_INPUT_MAX ? SERIAL_INPUT_MAX : max };
	memset(in, 0, sizeof(*in));
	if (text == NULL)
		return 0;
	const char *s = text;
	if ((unsigned char)s[0] == 0xEF && (unsigned char)s[1] == 0xBB && (unsigned char)s[2] == 0xBF)
		s += 3;                   /* a UTF-8 byte-order mark from a spreadsheet export */
	while (*s) {
		p.line++;
		size_t len = strcspn(s, "\r\n");
		if (parse_line(&p, s, len))
			return -1;
		s += len;
		if (*s == '\r' && s[1] == '\n')
			s += 2;
		else if (*s)
			s++;
	}
	return unique(&p);
}

/* "{...}" of each item's value (NULL unquoted), quoted for an array literal. */
static const char *
pg_array(struct arena *a, const struct serial_input *in, int macs)
{
	size_t cap = 3;
	for (size_t i = 0; i < in->n; i++)
		cap += 2 * (macs ? 18 : strlen(in->items[i].serial)) + 4;
	char *out = arena_alloc(a, cap), *o = out;
	*o++ = '{';
	for (size_t i = 0; i < in->n; i++) {
		const char *v = macs ? in->items[i].mac : in->items[i].serial;
		if (i)
			*o++ = ',';
		if (v == NULL) {
			memcpy(o, "NULL", 4);
			o += 4;
			continue;
		}
		*o++ = '"';
		for (; *v; v++) {
			if (*v == '"' || *v == '\\')
				*o++ = '\\';
			*o++ = *v;
		}
		*o++ = '"';
	}
	*o++ = '}';
	*o = '\0';
	return out;
}

const char *
serial_input_pg_serials(struct arena *a, const struct serial_input *in)
{
	return pg_array(a, in, 0);
}

const char *
serial_input_pg_macs(struct arena *a, const struct serial_input *in)
{
	for (size_t i = 0; i < in->n; i++)
		if (in->items[i].mac)
			return pg_array(a, in, 1);
	return NULL;
}
