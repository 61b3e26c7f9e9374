/* import_cell.c: one cell of an import, as a kind's column takes it
 * (lib/import.h: import_clean), the header names compared with a kind's
 * names and aliases, and a row's messages. The formula rule lives here:
 * docs/imports.md. */
#include <ctype.h>
#include <string.h>
#include "import.h"
#include "utf8.h"
#include "valid.h"

#define IMPORT_LIST_ITEMS  20

char *
import_header_key(struct arena *a, const char *h)
{
	size_t n = strlen(h);
	char *out = arena_alloc(a, n + 1), *o = out;
	int space = 0;
	for (const char *p = h; *p; p++) {
		unsigned char ch = (unsigned char)*p;
		if (ch == ' ' || ch == '_' || ch == '-' || ch == '.' || ch == '\t' || ch == '\r' || ch == '\n') {
			space = o > out;
			continue;
		}
		if (space)
			*o++ = ' ';
		space = 0;
		*o++ = (char)tolower(ch);
	}
	*o = '\0';
	return out;
}

/* What a spreadsheet would run: the first character after the blanks
 * that hide it. */
static int
looks_like_formula(const char *s)
{
	while (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')
		s++;
	return *s == '=' || *s == '+' || *s == '-' || *s == '@';
}

static const char formula_msg[] =
    "Starts with = + - or @: a spreadsheet would run it as a formula. Remove that character.";

/* s without blanks (space, tab, CR, LF) at either end, in the arena. */
static char *
trim_copy(struct arena *a, const char *v, size_t n)
{
	while (n > 0 && (*v == ' ' || *v == '\t' || *v == '\r' || *v == '\n')) {
		v++;
		n--;
	}
	while (n > 0 && (v[n - 1] == ' ' || v[n - 1] == '\t' || v[n - 1] == '\r' || v[n - 1] == '\n'))
		n--;
	return arena_strndup(a, v, n);
}

static int
has_line_break(const char *s)
{
	return strpbrk(s, "\r\n") != NULL;
}

/* List items: split at ';' (or ',' when there is none), trimmed, empty
 * ones dropped, joined with \x1f for the staging step. */
static const char *
clean_list(struct arena *a, const struct import_column *c, char *s, const char **err)
{
	char sep = strchr(s, ';') ? ';' : ',';
	struct buf b;
	buf_init(&b);
	int items = 0;
	const char *out = NULL;
	for (char *p = s; p != NULL;) {
		char *end = strchr(p, sep);
		if (end)
			*end = '\0';
		char *item = trim_copy(a, p, strlen(p));
		p = end ? end + 1 : NULL;
		if (*item == '\0')
			continue;
		if (looks_like_formula(item)) {
			*err = formula_msg;
			goto done;
		}
		if (utf8_chars(item) > c->max) {
			*err = arena_printf(a, "An item is longer than %zu characters.", c->max);
			goto done;
		}
		if (++items > IMPORT_LIST_ITEMS) {
			*err = "More than 20 items.";
			goto done;
		}
		if (b.len)
			buf_putc(&b, '\x1f');
		buf_puts(&b, item);
	}
	out = b.len ? arena_strdup(a, b.data) : NULL;
done:
	buf_free(&b);
	return out;
}

const char *
import_clean(struct arena *a, const struct import_column *c, const char *v, size_t n, const char **err)
{
	*err = NULL;
	if (!utf8_valid(v, n)) {
		*err = "Not readable text in this encoding: choose the file's encoding above.";
		return NULL;
	}
	if (!utf8_text_ok(v, n)) {
		*err = "Contains control characters.";
		return NULL;
	}
	char *s = trim_copy(a, v, n);
	/* '+44 20 ...: the apostrophe a spreadsheet (and Hearth's own CSV
	 * export, lib/csv.c) puts before a cell it must not run is not data. */
	if (s[0] == '\'' && s[1] != '\0' && strchr("=+-@\t\r", s[1]) != NULL)
		s++;
	if (*s == '\0') {
		if (c->required)
			*err = "Required.";
		return (c->type == IMPORT_CHOICE && !c->required) ? c->def : NULL;
	}
	switch (c->type) {
	case IMPORT_TEXT:
	case IMPORT_NOTE:
		if (looks_like_formula(s))
			*err = formula_msg;
		else if (c->type == IMPORT_TEXT && has_line_break(s))
			*err = "Has a line break: one line of text only.";
		else if (utf8_chars(s) > c->max)
			*err = arena_printf(a, "Longer than %zu characters.", c->max);
		break;
	case IMPORT_EMAIL:
		for (char *p = s; *p; p++)
			*p = (char)tolower((unsigned char)*p);
		/* valid_email allows = ( " in the local part: the formula rule first. */
		if (looks_like_formula(s))
			*err = formula_msg;
		else if (!valid_email(s))
			*err = "Not an email address like name@example.com.";
		break;
	case IMPORT_PHONE: {
		int digits = 0;
		if (!(isdigit((unsigned char)s[0]) || s[0] == '+' || s[0] == '('))
			*err = looks_like_formula(s) && s[0] != '+' ? formula_msg : "Starts with a digit, + or ( .";
		for (const char *p = s; *err == NULL && *p; p++) {
			if (isdigit((unsigned char)*p))
				digits++;
			else if (!strchr(" +-().x/", *p))
				*err = "Use digits, spaces and + - ( ) . / only.";
		}
		if (*err == NULL && digits < 5)
			*err = "Too short for a phone number.";
		else if (*err == NULL && strlen(s) > 40)
			*err = "Longer than 40 characters.";
		break;
	}
	case IMPORT_NUMBER: {
		const char *p = s + (*s == '-' || *s == '+');
		size_t d = strspn(p, "0123456789");
		p += d;
		if (*p == '.' && d > 0)
			p += 1 + strspn(p + 1, "0123456789");
		if (d == 0 || *p != '\0' || strlen(s) > 30)
			*err = "Not a number like 1234.50.";
		break;
	}
	case IMPORT_CHOICE:
		for (char *p = s; *p; p++)
			*p = (char)tolower((unsigned char)*p);
		for (size_t i = 0; c->choices[i]; i++)
			if (strcmp(s, c->choices[i]) == 0)
				return c->choices[i];
		{
			struct buf b;
			buf_init(&b);
			for (size_t i = 0; c->choices[i]; i++)
				buf_printf(&b, "%s%s", i ? ", " : "", c->choices[i]);
			*err = arena_printf(a, "Not one of: %s.", b.data);
			buf_free(&b);
		}
		break;
	case IMPORT_LIST:
		return clean_list(a, c, s, err);
	}
	return *err ? NULL : s;
}

void
import_row_error(struct import_row *row, const char *field, const char *message)
{
	json_object *msg = json_object_new_string(message);
	buf_printf(row->errors, "%s\"%s\":%s", row->nerr ? "," : "", field,
	    json_object_to_json_string_ext(msg, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE));
	json_object_put(msg);
	row->nerr++;
}

const char *
import_value(const struct import_kind *k, const struct import_row *row, const char *name)
{
	for (size_t i = 0; k->columns[i].name; i++)
		if (strcmp(k->columns[i].name, name) == 0)
			return row->vals[i];
	return NULL;
}

size_t
import_ncolumns(const struct import_kind *k)
{
	size_t n = 0;
	while (k->columns[n].name)
		n++;
	return n;
}

