/* csv_read.c: see csv_read.h. One pass over the bytes, one state machine;
 * a record is built in one buffer (fields NUL-separated) that never grows
 * past max_record, so the memory a hostile file can make us use is bounded
 * by the limits, not by the file. */
#include <errno.h>
#include <stdarg.h>
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "csv_read.h"
#include "utf8.h"

const struct csvr_limits csvr_default_limits = {
	.max_field = 64u << 10, .max_record = 1u << 20, .max_fields = 500, .max_rows = 200001,
};

static const char *const enc_names[CSVR__ENC_MAX] = {
	"utf-8", "utf-8-bom", "utf-16le", "utf-16be", "windows-1252", "iso-8859-1",
};
/* iconv's names for them (NULL: no conversion). */
static const char *const enc_iconv[CSVR__ENC_MAX] = {
	NULL, NULL, "UTF-16LE", "UTF-16BE", "WINDOWS-1252", "ISO-8859-1",
};

const char *
csvr_encoding_name(enum csvr_encoding e)
{
	return (unsigned)e < CSVR__ENC_MAX ? enc_names[e] : "utf-8";
}

int
csvr_encoding_parse(const char *name)
{
	for (int i = 0; name != NULL && i < CSVR__ENC_MAX; i++)
		if (strcmp(name, enc_names[i]) == 0)
			return i;
	return -1;
}

enum csvr_encoding
csvr_detect_encoding(const char *p, size_t n)
{
	const unsigned char *u = (const unsigned char *)p;
	if (n >= 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF)
		return CSVR_UTF8_BOM;
	if (n >= 2 && u[0] == 0xFF && u[1] == 0xFE)
		return CSVR_UTF16LE;
	if (n >= 2 && u[0] == 0xFE && u[1] == 0xFF)
		return CSVR_UTF16BE;
	/* UTF-16 without a BOM: ASCII text has a NUL in every other byte. */
	size_t probe = n < 512 ? n & ~(size_t)1 : 512, even0 = 0, odd0 = 0;
	for (size_t i = 0; i < probe; i += 2) {
		even0 += u[i] == 0;
		odd0 += u[i + 1] == 0;
	}
	if (probe >= 4 && odd0 * 10 >= probe / 2 * 9 && even0 == 0)
		return CSVR_UTF16LE;
	if (probe >= 4 && even0 * 10 >= probe / 2 * 9 && odd0 == 0)
		return CSVR_UTF16BE;
	if (utf8_valid(p, n))
		return CSVR_UTF8;
	return CSVR_WINDOWS_1252;
}

char
csvr_sniff_delimiter(const char *p, size_t n)
{
	static const char cand[] = { ',', ';', '\t', '|' };
	enum { NC = sizeof(cand), LINES = 20 };
	unsigned counts[LINES][NC];
	memset(counts, 0, sizeof(counts));
	int line = 0, inq = 0;
	size_t i = 0;
	for (; i < n && line < LINES; i++) {
		char ch = p[i];
		if (ch == '"') {
			inq = !inq;
		} else if (!inq && (ch == '\n' || ch == '\r')) {
			if (ch == '\r' && i + 1 < n && p[i + 1] == '\n')
				i++;
			line++;
		} else if (!inq) {
			for (size_t k = 0; k < NC; k++)
				counts[line][k] += ch == cand[k];
		}
	}
	/* A last line cut off by the sample is not a whole line. */
	int lines = (i >= n && line < LINES) ? line + 1 : line;
	if (lines > 1 && i < n)
		lines = line;
	if (lines == 0)
		return ',';
	int best = -1;
	unsigned best_count = 0;
	for (size_t k = 0; k < NC; k++) {
		unsigned c0 = counts[0][k];
		int same = c0 > 0;
		for (int l = 1; same && l < lines; l++)
			same = counts[l][k] == c0;
		if (same && c0 > best_count) {
			best = (int)k;
			best_count = c0;
		}
	}
	if (best >= 0)
		return cand[best];
	/* Ragged: the candidate found most on the header line. */
	for (size_t k = 0; k < NC; k++)
		if (counts[0][k] > best_count) {
			best = (int)k;
			best_count = counts[0][k];
		}
	return best >= 0 ? cand[best] : ',';
}

#define DEC_CHUNK (64u << 10)

struct csvr {
	const char *src;          /* the input bytes */
	size_t      src_len, src_off;
	iconv_t     cd;           /* (iconv_t)-1: the input is UTF-8 already */
	char       *dec;          /* converted text, DEC_CHUNK bytes */
	const char *win;          /* what is read now: src or dec */
	size_t      win_len, win_off;
	char        delim;
	int         unit;         /* bytes of a code unit: 2 for UTF-16 */
	struct csvr_limits lim;

	char       *rec;          /* the record's fields, NUL-separated */
	size_t      rec_len, rec_cap;
	size_t     *offs, *lens;  /* per field: start in rec, length */
	const char **ptrs;
	size_t      nfields, cap_fields;
	size_t      field_start;

	long        line;         /* physical line being read (1-based) */
	long        rec_line;
	long        rows;
	long        replaced;
	int         last_cr;      /* the byte before was a CR (a LF after it is the same line end) */
	char        err[200];
};

struct csvr *
csvr_open(const char *p, size_t n, enum csvr_encoding enc, char delim, const struct csvr_limits *lim)
{
	struct csvr *c = calloc(1, sizeof(*c));
	if (c == NULL)
		return NULL;
	c->lim = lim ? *lim : csvr_default_limits;
	c->delim = delim;
	c->line = 1;
	c->unit = (enc == CSVR_UTF16LE || enc == CSVR_UTF16BE) ? 2 : 1;
	c->cd = (iconv_t)-1;
	c->src = p;
	c->src_len = n;
	const unsigned char *u = (const unsigned char *)p;
	if (n >= 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF && (enc == CSVR_UTF8 || enc == CSVR_UTF8_BOM))
		c->src_off = 3;
	else if (n >= 2 && ((enc == CSVR_UTF16LE && u[0] == 0xFF && u[1] == 0xFE) ||
	                    (enc == CSVR_UTF16BE && u[0] == 0xFE && u[1] == 0xFF)))
		c->src_off = 2;
	if ((unsigned)enc < CSVR__ENC_MAX && enc_iconv[enc] != NULL) {
		c->cd = iconv_open("UTF-8", enc_iconv[enc]);
		c->dec = malloc(DEC_CHUNK);
		if (c->cd == (iconv_t)-1 || c->dec == NULL) {
			csvr_close(c);
			return NULL;
		}
		c->win = c->dec;
	} else {
		c->win = p + c->src_off;
		c->win_len = n - c->src_off;
	}
	c->rec_cap = 4096;
	c->rec = malloc(c->rec_cap);
	c->cap_fields = 32;
	c->offs = malloc(c->cap_fields * sizeof(*c->offs));
	c->lens = malloc(c->cap_fields * sizeof(*c->lens));
	c->ptrs = malloc(c->cap_fields * sizeof(*c->ptrs));
	if (c->rec == NULL || c->offs == NULL || c->lens == NULL || c->ptrs == NULL) {
		csvr_close(c);
		return NULL;
	}
	return c;
}

void
csvr_close(struct csvr *c)
{
	if (c == NULL)
		return;
	if (c->cd != (iconv_t)-1)
		iconv_close(c->cd);
	free(c->dec);
	free(c->rec);
	free(c->offs);
	free(c->lens);
	free(c->ptrs);
	free(c);
}

/* More converted text in dec; 0 at the end of the input. Bytes iconv
 * cannot convert become U+FFFD (counted), so a wrong guess shows as
 * replacement characters in the preview rather than a lost row. */
static int
refill(struct csvr *c)
{
	if (c->cd == (iconv_t)-1 || c->src_off >= c->src_len)
		return 0;
	char *in = (char *)c->src + c->src_off, *out = c->dec;
	size_t inleft = c->src_len - c->src_off, outleft = DEC_CHUNK;
	while (inleft > 0 && outleft >= 8) {
		size_t r = iconv(c->cd, &in, &inleft, &out, &outleft);
		if (r != (size_t)-1 || errno == E2BIG)
			break;
		/* EILSEQ, or EINVAL (a sequence cut off by the end of the file). */
		size_t skip = (c->unit == 2 && inleft >= 2) ? 2 : 1;
		in += skip;
		inleft -= skip;
		memcpy(out, "\xEF\xBF\xBD", 3);
		out += 3;
		outleft -= 3;
		c->replaced++;
	}
	c->src_off = c->src_len - inleft;
	c->win_len = (size_t)(out - c->dec);
	c->win_off = 0;
	return c->win_len > 0;
}

static int fail(struct csvr *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int
fail(struct csvr *c, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(c->err, sizeof(c->err), fmt, ap);
	va_end(ap);
	return CSVR_ERROR;
}

/* Room for two more bytes in rec (a byte and a field's NUL). */
static int
rec_room(struct csvr *c)
{
	if (c->rec_len + 2 <= c->rec_cap)
		return 0;
	size_t cap = c->rec_cap * 2;
	if (cap > c->lim.max_record + 2)
		cap = c->lim.max_record + 2;
	if (cap < c->rec_len + 2)
		return fail(c, "Line %ld is too long.", c->rec_line);
	char *n = realloc(c->rec, cap);
	if (n == NULL)
		return fail(c, "Line %ld: out of memory.", c->rec_line);
	c->rec = n;
	c->rec_cap = cap;
	return 0;
}

/* One more byte of the field being read, within the limits. */
static int
rec_put(struct csvr *c, char ch)
{
	if (c->rec_len >= c->lim.max_record)
		return fail(c, "Line %ld is longer than %zu bytes: this is not a table a person made,"
		    " or its line ends are lost.", c->rec_line, c->lim.max_record);
	if (c->rec_len - c->field_start >= c->lim.max_field)
		return fail(c, "Line %ld has a field longer than %zu bytes: is the delimiter or the quoting wrong?",
		    c->rec_line, c->lim.max_field);
	if (rec_room(c) != 0)
		return CSVR_ERROR;
	c->rec[c->rec_len++] = ch;
	return 0;
}

static int
field_end(struct csvr *c)
{
	if (c->nfields >= c->lim.max_fields)
		return fail(c, "Line %ld has more than %zu fields.", c->rec_line, c->lim.max_fields);
	if (rec_room(c) != 0)
		return CSVR_ERROR;
	if (c->nfields == c->cap_fields) {
		size_t cap = c->cap_fields * 2;
		size_t *o = realloc(c->offs, cap * sizeof(*o));
		if (o != NULL)
			c->offs = o;
		size_t *l = realloc(c->lens, cap * sizeof(*l));
		if (l != NULL)
			c->lens = l;
		const char **pp = realloc(c->ptrs, cap * sizeof(*pp));
		if (pp != NULL)
			c->ptrs = pp;
		if (o == NULL || l == NULL || pp == NULL)
			return fail(c, "Line %ld: out of memory.", c->rec_line);
		c->cap_fields = cap;
	}
	c->offs[c->nfields] = c->field_start;
	c->lens[c->nfields] = c->rec_len - c->field_start;
	c->nfields++;
	c->rec[c->rec_len++] = '\0';
	c->field_start = c->rec_len;
	return 0;
}

static inline int
next_byte(struct csvr *c)
{
	if (c->win_off >= c->win_len && !refill(c))
		return -1;
	return (unsigned char)c->win[c->win_off++];
}

enum csvr_result
csvr_next(struct csvr *c, const char *const **fields, const size_t **lens, size_t *nfields)
{
	enum { START, UNQUOTED, QUOTED, QUOTE_IN_QUOTED } st;
	for (;;) {
		c->rec_len = 0;
		c->field_start = 0;
		c->nfields = 0;
		c->rec_line = c->line;
		st = START;
		int any = 0, ch;
		for (;;) {
			ch = next_byte(c);
			if (ch < 0)
				break;
			/* A LF right after a CR ends nothing more: CRLF is one line end. */
			int was_cr = c->last_cr;
			c->last_cr = ch == '\r';
			if (ch == '\n' && was_cr && st != QUOTED)
				continue;
			if (ch == '\n' || ch == '\r') {
				if (!(ch == '\n' && was_cr))
					c->line++;
				if (st == QUOTED) {
					if (rec_put(c, (char)ch) != 0)
						return CSVR_ERROR;
					continue;
				}
				break;                   /* end of the record */
			}
			any = 1;
			if (st == QUOTED) {
				if (ch == '"')
					st = QUOTE_IN_QUOTED;
				else if (rec_put(c, (char)ch) != 0)
					return CSVR_ERROR;
			} else if (ch == c->delim) {
				if (field_end(c) != 0)
					return CSVR_ERROR;
				st = START;
			} else if (st == START && ch == '"') {
				st = QUOTED;
			} else if (st == QUOTE_IN_QUOTED && ch == '"') {
				if (rec_put(c, '"') != 0)     /* "" inside quotes */
					return CSVR_ERROR;
				st = QUOTED;
			} else {
				/* Text after a closing quote ("ab"c) is kept, as
				 * spreadsheets do; a quote inside an unquoted field too. */
				if (rec_put(c, (char)ch) != 0)
					return CSVR_ERROR;
				st = UNQUOTED;
			}
		}
		if (st == QUOTED)
			return fail(c, "Line %ld has a quoted field that is never closed (a \" is missing).",
			    c->rec_line);
		if (ch < 0 && !any && c->nfields == 0)
			return CSVR_EOF;
		if (!any && c->nfields == 0)
			continue;                    /* a blank line */
		if (field_end(c) != 0)
			return CSVR_ERROR;
		if ((size_t)c->rows >= c->lim.max_rows)
			return fail(c, "The file has more than %zu rows (at line %ld): split it into smaller files.",
			    c->lim.max_rows - 1, c->rec_line);
		c->rows++;
		for (size_t i = 0; i < c->nfields; i++)
			c->ptrs[i] = c->rec + c->offs[i];
		*fields = c->ptrs;
		*lens = c->lens;
		*nfields = c->nfields;
		return CSVR_ROW;
	}
}

long csvr_line(const struct csvr *c) { return c->rec_line; }
long csvr_rows(const struct csvr *c) { return c->rows; }
const char *csvr_error(const struct csvr *c) { return c->err; }
long csvr_replaced(const struct csvr *c) { return c->replaced; }

size_t
csvr_decode_start(const char *p, size_t n, enum csvr_encoding enc, char *out, size_t outsz)
{
	struct csvr *c = csvr_open(p, n, enc, ',', NULL);
	size_t got = 0;
	int ch;
	while (c != NULL && got < outsz && (ch = next_byte(c)) >= 0)
		out[got++] = (char)ch;
	csvr_close(c);
	return got;
}
