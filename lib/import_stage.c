/* import_stage.c: a preview's rows, each checked by the kind's columns
 * (import_cell.c) and its cross-field rule, a row repeating an earlier
 * row's duplicate column marked, written to core.import_rows with COPY
 * (PQputCopyData) in the open transaction: 100,000 rows are a hundred
 * statements, not 100,000. */
#include <ctype.h>
#include <stdint.h>
#include <string.h>
#include <sys/random.h>
#include "hash.h"
#include "import_stage.h"
#include "log.h"
#include "utf8.h"

#define COPY_FLUSH         (1u << 20)     /* bytes of rows a COPY statement */

/* JSON string s (n bytes) into b, escaped for JSON and then for COPY's
 * text format (a backslash doubled; JSON leaves no raw tab or newline). */
static void
copy_json_str(struct buf *b, const char *s, size_t n)
{
	buf_putc(b, '"');
	for (size_t i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)s[i];
		switch (ch) {
		case '"':  buf_append(b, "\\\\\"", 3); break;
		case '\\': buf_append(b, "\\\\\\\\", 4); break;
		case '\n': buf_append(b, "\\\\n", 3); break;
		case '\r': buf_append(b, "\\\\r", 3); break;
		case '\t': buf_append(b, "\\\\t", 3); break;
		default:
			if (ch < 0x20 || ch == 0x7f)
				buf_printf(b, "\\\\u%04x", ch);
			else
				buf_putc(b, (char)ch);
		}
	}
	buf_putc(b, '"');
}

/* The same for JSON text already escaped for JSON: only backslashes. */
static void
copy_raw_json(struct buf *b, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\\')
			buf_putc(b, '\\');
		buf_putc(b, s[i]);
	}
}

struct stage {
	struct request *r;
	const struct import_kind *k;
	PGconn *conn;
	struct arena *scratch;   /* one row's values, reset after each row */
	/* Duplicates inside the file: the values of the kind's duplicate
	 * column seen so far, with their line: open addressing, keyed with a
	 * random seed per preview (a file cannot be crafted to collide), the
	 * whole value compared on a hit. In their own arena. */
	struct seen_value *seen;
	size_t seen_cap, seen_n;
	uint64_t seen_seed;
	struct arena *seen_arena;
	int dup_col;             /* the kind's duplicate column, or -1 */
	struct buf line, errs;
	const char *error;       /* the copy failed: why (logged) */
};

/* Sends what is buffered as one COPY statement, once COPY_FLUSH bytes
 * are (or at the end): a statement that lasted while the rows were read
 * and checked would count all of that against statement_timeout (a
 * 100,000-row file passed 15 s on a busy machine). */
static int
stage_flush(struct stage *st, int force)
{
	if (st->line.len == 0 || (!force && st->line.len < COPY_FLUSH))
		return 0;
	PGresult *res = PQexec(st->conn, "COPY core.import_rows (import_id, line_no, status, data, errors, raw) FROM STDIN");
	int ok = PQresultStatus(res) == PGRES_COPY_IN;
	if (!ok)
		st->error = arena_strdup(st->r->arena, PQresultErrorMessage(res));
	PQclear(res);
	if (!ok)
		return -1;
	if (PQputCopyData(st->conn, st->line.data, (int)st->line.len) != 1 || PQputCopyEnd(st->conn, NULL) != 1)
		ok = 0;
	while ((res = PQgetResult(st->conn)) != NULL) {
		if (PQresultStatus(res) != PGRES_COMMAND_OK)
			ok = 0;
		if (!ok && st->error == NULL)
			st->error = arena_strdup(st->r->arena, PQresultErrorMessage(res));
		PQclear(res);
	}
	if (!ok && st->error == NULL)
		st->error = arena_strdup(st->r->arena, PQerrorMessage(st->conn));
	buf_reset(&st->line);
	return ok ? 0 : -1;
}

struct seen_value {
	uint64_t    h;
	const char *value;       /* NULL: a free slot */
	long        line;
};

/* The line an earlier row had this value on (0: none; the value is
 * remembered for the rows after). */
static long
seen_before(struct stage *st, const char *value, long line)
{
	if (st->seen_n * 2 >= st->seen_cap) {
		size_t cap = st->seen_cap ? st->seen_cap * 2 : 1024;
		struct seen_value *t = arena_alloc(st->seen_arena, cap * sizeof(*t));
		for (size_t i = 0; i < st->seen_cap; i++) {
			if (st->seen[i].value == NULL)
				continue;
			size_t j = st->seen[i].h & (cap - 1);
			while (t[j].value != NULL)
				j = (j + 1) & (cap - 1);
			t[j] = st->seen[i];
		}
		st->seen = t;
		st->seen_cap = cap;
	}
	size_t n = strlen(value);
	uint64_t h = hash_bytes(st->seen_seed, value, n);
	size_t j = h & (st->seen_cap - 1);
	for (; st->seen[j].value != NULL; j = (j + 1) & (st->seen_cap - 1))
		if (st->seen[j].h == h && strcmp(st->seen[j].value, value) == 0)
			return st->seen[j].line;
	st->seen[j] = (struct seen_value){ h, arena_strndup(st->seen_arena, value, n), line };
	st->seen_n++;
	return 0;
}

/* One row: checked by the kind's columns, written as a COPY line. */
static void
stage_row(struct stage *st, const char *id, long line_no, const char *const *fields, const size_t *lens,
          size_t nf, size_t nheader, const int *col_of)
{
	struct arena *a = st->scratch;
	const struct import_kind *k = st->k;
	size_t ncols = import_ncolumns(k);
	const char **vals = arena_alloc(a, (ncols + 1) * sizeof(*vals));
	buf_reset(&st->errs);
	struct import_row row = { vals, &st->errs, 0 };
	if (nf != nheader)
		import_row_error(&row, "row", arena_printf(a, "Has %zu fields where the header has %zu:"
		    " a delimiter or quote is out of place.", nf, nheader));
	for (size_t c = 0; c < ncols; c++) {
		const char *err = NULL;
		int idx = col_of[c];
		if (idx < 0)
			continue;
		if ((size_t)idx < nf)
			vals[c] = import_clean(a, &k->columns[c], fields[idx], lens[idx], &err);
		else if (k->columns[c].required)
			err = "Required (the row has no such field).";
		if (err != NULL)
			import_row_error(&row, k->columns[c].name, err);
	}
	if (row.nerr == 0 && k->check_row != NULL)
		k->check_row(k, &row);
	int dup = 0;
	if (row.nerr == 0 && st->dup_col >= 0 && vals[st->dup_col] != NULL) {
		long first = seen_before(st, vals[st->dup_col], line_no);
		if (first > 0) {
			char *msg = arena_printf(a, "The same %s as line %ld.", k->columns[st->dup_col].label, first);
			if (msg[10] != '\0' && !isupper((unsigned char)msg[10]))   /* "The same email ...", "The same SKU ..." */
				msg[9] = (char)tolower((unsigned char)msg[9]);
			import_row_error(&row, k->duplicate_field, msg);
			dup = 1;
		}
	}
	struct buf *b = &st->line;
	buf_printf(b, "%s\t%ld\t%s\t{", id, line_no, dup ? "duplicate" : row.nerr ? "error" : "ok");
	int first = 1;
	for (size_t c = 0; c < ncols; c++) {
		if (vals[c] == NULL)
			continue;
		buf_printf(b, "%s\"%s\":", first ? "" : ",", k->columns[c].name);
		first = 0;
		if (k->columns[c].type == IMPORT_LIST) {
			buf_putc(b, '[');
			const char *p = vals[c];
			for (int i = 0; p != NULL; i++) {
				const char *e = strchr(p, '\x1f');
				size_t l = e ? (size_t)(e - p) : strlen(p);
				if (i)
					buf_putc(b, ',');
				copy_json_str(b, p, l);
				p = e ? e + 1 : NULL;
			}
			buf_putc(b, ']');
		} else {
			copy_json_str(b, vals[c], strlen(vals[c]));
		}
	}
	buf_puts(b, "}\t");
	if (row.nerr) {
		buf_putc(b, '{');
		copy_raw_json(b, st->errs.data, st->errs.len);
		buf_putc(b, '}');
	} else {
		buf_puts(b, "\\N");
	}
	buf_puts(b, "\t[");
	for (size_t i = 0; i < nf; i++) {
		if (i)
			buf_putc(b, ',');
		if (utf8_valid(fields[i], lens[i]))
			copy_json_str(b, fields[i], lens[i]);
		else
			copy_json_str(b, "\xef\xbf\xbd", 3);
	}
	buf_puts(b, "]\n");
	arena_reset(a);
}

const char *
import_stage_rows(struct request *r, const struct import_kind *k, long long import_id, const char *p, size_t n_bytes,
                  enum csvr_encoding enc, char delim, const int *col_of, enum herr *e)
{
	*e = HE_OK;
	struct stage st = { .r = r, .k = k, .conn = db_conn(), .dup_col = -1 };
	const char *id = db_int(r, import_id);
	buf_init(&st.line);
	buf_init(&st.errs);
	st.scratch = arena_new();
	st.seen_arena = arena_new();
	if (getrandom(&st.seen_seed, sizeof(st.seen_seed), 0) != sizeof(st.seen_seed))
		st.seen_seed = HASH_SEED ^ (uint64_t)(uintptr_t)&st;
	for (size_t i = 0; k->duplicate_field && k->columns[i].name; i++)
		if (strcmp(k->columns[i].name, k->duplicate_field) == 0)
			st.dup_col = (int)i;
	struct csvr *c = csvr_open(p, n_bytes, enc, delim, NULL);
	const char *const *fields;
	const size_t *lens;
	size_t nf, nheader = 0;
	enum csvr_result rr = CSVR_EOF;
	const char *refused = NULL;
	long n = 0;
	while (c != NULL && (rr = csvr_next(c, &fields, &lens, &nf)) == CSVR_ROW) {
		if (n++ == 0) {
			nheader = nf;
			continue;
		}
		stage_row(&st, id, csvr_line(c), fields, lens, nf, nheader, col_of);
		if (stage_flush(&st, 0) != 0)
			break;
	}
	if (c == NULL)
		refused = "The file could not be read.";
	else if (rr == CSVR_ERROR)
		refused = arena_strdup(r->arena, csvr_error(c));
	csvr_close(c);
	if (st.error == NULL && refused == NULL)
		stage_flush(&st, 1);
	buf_free(&st.line);
	buf_free(&st.errs);
	arena_free(st.scratch);
	arena_free(st.seen_arena);
	if (refused != NULL) {
		*e = HE_INVALID;
		return refused;
	}
	if (st.error != NULL) {
		log_error(r, "import: COPY: %s", st.error);
		*e = HE_INTERNAL;
	}
	return NULL;
}

