/* csv.c: RFC 4180 with formula-injection guard. */
#include <string.h>
#include "csv.h"

void
csv_field(struct buf *b, const char *s, int first)
{
	if (!first)
		buf_putc(b, ',');
	if (s == NULL)
		return;
	/* A leading = + - @ tab or CR would be run as a formula by spreadsheets. */
	int guard = strchr("=+-@\t\r", s[0]) != NULL && s[0] != '\0';
	int quote = guard || strpbrk(s, ",\"\r\n") != NULL;
	if (quote)
		buf_putc(b, '"');
	if (guard)
		buf_putc(b, '\'');
	for (const char *p = s; *p; p++) {
		if (*p == '"')
			buf_putc(b, '"');
		buf_putc(b, *p);
	}
	if (quote)
		buf_putc(b, '"');
}

void
csv_row_end(struct buf *b)
{
	buf_puts(b, "\r\n");
}

static void
csv_value(struct buf *b, json_object *v, int first)
{
	if (v == NULL || json_object_is_type(v, json_type_null)) {
		csv_field(b, NULL, first);
	} else if (json_object_is_type(v, json_type_array)) {
		struct buf tmp;
		buf_init(&tmp);
		size_t n = json_object_array_length(v);
		for (size_t i = 0; i < n; i++) {
			if (i)
				buf_puts(&tmp, "; ");
			/* A NULL element (text[] with NULL) is an empty entry. */
			const char *e = json_object_get_string(json_object_array_get_idx(v, i));
			buf_puts(&tmp, e ? e : "");
		}
		csv_field(b, tmp.data ? tmp.data : "", first);
		buf_free(&tmp);
	} else if (json_object_is_type(v, json_type_boolean)) {
		csv_field(b, json_object_get_boolean(v) ? "true" : "false", first);
	} else {
		csv_field(b, json_object_get_string(v), first);
	}
}

void
csv_items(struct buf *b, json_object *items, const char *const *cols)
{
	for (size_t c = 0; cols[c] != NULL; c++)
		csv_field(b, cols[c], c == 0);
	csv_row_end(b);
	size_t n = items ? json_object_array_length(items) : 0;
	for (size_t i = 0; i < n; i++) {
		json_object *row = json_object_array_get_idx(items, i);
		for (size_t c = 0; cols[c] != NULL; c++) {
			json_object *v = NULL;
			json_object_object_get_ex(row, cols[c], &v);
			csv_value(b, v, c == 0);
		}
		csv_row_end(b);
	}
}
