/* import: CSV imports, one machinery for every kind of record (customers,
 * distributor price lists, ...). A family describes its kind once (struct
 * import_kind: its columns, their names, aliases, types and rules, and its
 * SQL) and routes eight named one-liners to the handlers below; lib/ does
 * the upload, the encoding and delimiter guesses (csv_read.h), the column
 * mapping (remembered per kind, and per scope when the kind has one: a
 * supplier's price lists), the per-row checks, the staging of the
 * rows with COPY, the preview, the apply's start, cancel, undo and the
 * errors CSV. The apply itself runs in hearth-worker, a batch an event
 * (sql/020: core.import_step calls the kind's apply function).
 *
 * The formula rule (a CSV opened in a spreadsheet runs a cell that starts
 * with = + - @): a text, choice or list value that starts with one of
 * them, after the spaces, tabs and line breaks that would hide it, is an
 * error of its row, shown in the preview; nothing like it is stored.
 * Emails, phone numbers (+44 20 ...) and numbers (-12.50) have their own
 * strict syntax, which leaves no room for a formula. docs/imports.md. */
#ifndef HEARTH_IMPORT_H
#define HEARTH_IMPORT_H

#include "db.h"

enum import_type {
	IMPORT_TEXT,        /* one line of text (max characters); the formula rule */
	IMPORT_NOTE,        /* text with line breaks allowed; the formula rule */
	IMPORT_EMAIL,       /* an email address (lower-cased) */
	IMPORT_PHONE,       /* digits, spaces, + ( ) - . /, starting with a digit, + or ( */
	IMPORT_NUMBER,      /* -12.50: optional sign, digits, optional decimals */
	IMPORT_CHOICE,      /* one of choices, matched without case; def when empty */
	IMPORT_LIST,        /* items separated by ; (or , when there is no ;), each max characters */
};

struct import_column {
	const char *name;          /* the key of the staged data the apply reads (data->>'name') */
	const char *label;         /* for people, and the template CSV's header */
	const char *aliases;       /* other headers that map here, "|"-separated, lower case: "company|customer" */
	int         required;
	enum import_type type;
	size_t      max;           /* characters (text, note, each list item); items for a list is 20 */
	const char *const *choices;  /* IMPORT_CHOICE, NULL-terminated, lower case */
	const char *def;           /* IMPORT_CHOICE: the value of an empty cell (NULL: left out) */
	const char *example;       /* the template CSV's example row */
};

/* A row being checked: the clean value of each of the kind's columns
 * (NULL when empty or not mapped), for a kind's cross-field rule. */
struct import_row {
	const char **vals;
	struct buf  *errors;       /* JSON members written so far (import_row_error) */
	int          nerr;
};
void import_row_error(struct import_row *row, const char *field, const char *message);

struct import_kind;
/* The clean value of the kind's column name in row (NULL: empty). */
const char *import_value(const struct import_kind *k, const struct import_row *row, const char *name);

struct import_kind {
	const char *kind;          /* core.import_kinds.kind */
	const char *family;        /* page.family of its pages */
	const char *label;         /* "customers": "Import customers" */
	const char *path;          /* "/customers/imports" */
	const char *done_path;     /* where the records are: "/customers" */
	const struct import_column *columns;   /* ends with { NULL } */
	const char *const *preview;            /* columns the preview table shows (2-4) */
	/* A column whose value makes a row a duplicate: of an earlier row
	 * (lib/ finds those) or of a record (mark_duplicates). NULL: none. */
	const char *duplicate_field;
	/* Cross-field rules of a row whose columns passed (NULL: none). */
	void (*check_row)(const struct import_kind *k, struct import_row *row);
	/* $1 import id → integer: marks the staged 'ok' rows that duplicate
	 * an existing record as 'duplicate', with errors.<field> saying which
	 * (NULL: none). */
	struct db_stmt *mark_duplicates;
	/* $1 import id → (ok boolean, detail text): may the import be undone,
	 * and if so it is now 'undoing' (the worker removes it, a batch at a
	 * time, with core.import_kinds.undo). NULL: no undo. */
	struct db_stmt *undo;
	/* A scope: what each import of the kind belongs to, chosen at the
	 * upload (a price list's supplier). The upload form's field
	 * scope_field (labelled scope_label) takes one of scope_choices'
	 * values (no parameters → rows (value text, label text)); the import
	 * keeps it (core.imports.scope, the apply reads it) and the mapping is
	 * remembered per kind and scope, so each supplier's own columns come
	 * back. NULL: one scope ('') for the whole kind. */
	const char *scope_field;
	const char *scope_label;
	struct db_stmt *scope_choices;
	/* An applied import's page links <path>/:id/<result_link>, labelled
	 * result_label (the price changes of a price list). NULL: none. */
	const char *result_link;
	const char *result_label;
	/* The crumb of done_path ("Products"; NULL: the label capitalised),
	 * and what makes a row a possible duplicate, for the preview's choice
	 * (NULL: customers' words). */
	const char *done_label;
	const char *duplicate_note;
};

/* GET <path>: the kind's imports (newest 50) and the upload form. */
enum herr import_list(struct request *r, const struct import_kind *k);
/* POST <path> (multipart: file): read and checked whole → 201/303 to the
 * import; 422 a file that is empty, not CSV or past the limits (with why
 * and where); 413 larger than max_upload. Nothing is kept of a refused file. */
enum herr import_upload(struct request *r, const struct import_kind *k);
/* GET <path>/template: the kind's columns as a CSV header and an example row (JSON: the columns). */
enum herr import_template(struct request *r, const struct import_kind *k);
/* GET <path>/:id (?show=problems|all, after): the import, its columns and
 * the mapping; once previewed, the counts and the rows a page at a time. */
enum herr import_show(struct request *r, const struct import_kind *k);
/* POST <path>/:id (version; encoding, delimiter; col_N=field or mapping
 * {field: N}; duplicates=skip|import): another encoding or delimiter reads
 * the columns again; else the mapping is checked (422), every row checked
 * and staged, duplicates marked → 303/200 the preview. 409 once applying. */
enum herr import_preview(struct request *r, const struct import_kind *k);
/* POST <path>/:id/apply (version, duplicates): → applying (the worker
 * runs it); 409 unless previewed; 422 nothing to import. */
enum herr import_apply(struct request *r, const struct import_kind *k);
/* POST <path>/:id/cancel: before applying only (409 after); nothing was created. */
enum herr import_cancel(struct request *r, const struct import_kind *k);
/* POST <path>/:id/undo: the kind's check, then 'undoing' (202; the worker
 * removes the records); 409 with why when refused. */
enum herr import_undo(struct request *r, const struct import_kind *k);
/* GET <path>/:id/errors: the rows with problems as CSV (their fields as
 * read, the line and the problems) to fix and upload again; JSON: items. */
enum herr import_errors(struct request *r, const struct import_kind *k);

/* How many columns the kind has. */
size_t import_ncolumns(const struct import_kind *k);

/* Exposed for the unit tests: the clean value of one cell of column c
 * (arena), or NULL with *err set to the message when the cell is refused;
 * NULL and no *err for an empty cell. */
const char *import_clean(struct arena *a, const struct import_column *c, const char *v, size_t n,
                         const char **err);
/* Header text as compared with names and aliases: lower case, trimmed,
 * runs of space, _, - and . as one space (arena). */
char *import_header_key(struct arena *a, const char *h);

#endif
