/* import.c: see import.h. The file is read twice at most per step, from
 * the content-addressed store (lib/files.c), mapped into memory: once
 * whole at the upload (the encoding, the delimiter, the limits, the
 * header and a sample: a bad file is refused before anything is kept),
 * and once at each preview, when every row is checked and staged
 * (import_stage.c). This file holds the steps a person takes: the list
 * and upload, the mapping, the import's page, preview, apply, cancel,
 * undo and the errors CSV. */
#include <ctype.h>
#include <stdlib.h>
#include <fcntl.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include "config.h"
#include "csv.h"
#include "csv_read.h"
#include "files.h"
#include "import.h"
#include "import_stage.h"
#include "log.h"
#include "record.h"
#include "resp.h"
#include "utf8.h"
#include "valid.h"

#define IMPORT_SAMPLE_ROWS 3      /* sample values shown per column on the mapping form */
#define IMPORT_PAGE        50     /* preview rows a page */

#define IMP_COLS \
	"i.id, i.kind, i.created_by, i.file_sha256, i.file_name, i.file_size, i.detected_encoding," \
	" i.encoding, i.delimiter, i.header, i.sample, i.mapping, i.duplicates, i.status, i.total_rows," \
	" i.ok_rows, i.error_rows, i.duplicate_rows, i.to_apply, i.applied_rows, i.undone_rows, i.error, i.undo_note," \
	" i.previewed_at," \
	" i.apply_started_at, i.applied_at, i.undo_until, i.undone_at, i.version, i.created_at, i.updated_at, i.scope"

/* ---- the file ---- */

struct mapped {
	const char *p;
	size_t      n;
};

static void
unmap(void *m)
{
	struct mapped *f = m;
	if (f->p != NULL && f->n > 0)
		munmap((void *)f->p, f->n);
}

/* The file at path mapped read-only until the request ends. */
static enum herr
map_path(struct request *r, const char *path, struct mapped **out)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	struct stat st;
	if (fd < 0 || fstat(fd, &st) != 0) {
		log_error(r, "import: open %s failed", path);
		if (fd >= 0)
			close(fd);
		return HE_INTERNAL;
	}
	struct mapped *f = arena_alloc(r->arena, sizeof(*f));
	f->n = (size_t)st.st_size;
	if (f->n > 0) {
		void *p = mmap(NULL, f->n, PROT_READ, MAP_PRIVATE, fd, 0);
		if (p == MAP_FAILED) {
			close(fd);
			log_error(r, "import: mmap %s failed", path);
			return HE_INTERNAL;
		}
		f->p = p;
		arena_defer(r->arena, unmap, f);
	}
	close(fd);
	*out = f;
	return HE_OK;
}

static enum herr
map_stored(struct request *r, const char *sha, struct mapped **out)
{
	if (!files_sha256_ok(sha))
		return HE_INTERNAL;
	return map_path(r, arena_printf(r->arena, "%s/%.2s/%s", config_get("files_dir", "var/files"), sha, sha + 2),
	    out);
}

/* The delimiter, guessed from the first 64 KiB of the file as UTF-8. */
static char
sniff(struct request *r, const struct mapped *f, enum csvr_encoding enc)
{
	size_t cap = 64u << 10;
	char *start = arena_alloc(r->arena, cap);
	size_t n = csvr_decode_start(f->p, f->n, enc, start, cap);
	return csvr_sniff_delimiter(start, n);
}

/* What a whole read of the file found: the header, the first rows, the
 * number of data rows; or the reader's refusal. */
struct scan {
	json_object *header;       /* array of strings (arena) */
	json_object *sample;       /* array of arrays */
	long         rows;         /* data rows */
	const char  *error;        /* refused: why and where */
};

static void
scan_file(struct request *r, const struct mapped *f, enum csvr_encoding enc, char delim, struct scan *s)
{
	memset(s, 0, sizeof(*s));
	s->header = req_arr(r);
	s->sample = req_arr(r);
	struct csvr *c = csvr_open(f->p, f->n, enc, delim, NULL);
	if (c == NULL) {
		s->error = "The file could not be read.";
		return;
	}
	const char *const *fields;
	const size_t *lens;
	size_t nf;
	enum csvr_result res;
	long n = 0;
	while ((res = csvr_next(c, &fields, &lens, &nf)) == CSVR_ROW) {
		if (n == 0 || n <= IMPORT_SAMPLE_ROWS) {
			json_object *row = n == 0 ? s->header : json_object_new_array();
			for (size_t i = 0; i < nf; i++) {
				const char *v = fields[i];
				if (!utf8_valid(v, lens[i]))
					v = "\xef\xbf\xbd";    /* shown as unreadable; the preview says which rows */
				if (n == 0)
					v = valid_trim(r->arena, v);
				json_object_array_add(row, json_object_new_string(files_utf8_prefix(r->arena, v, 200)));
			}
			if (n > 0)
				json_object_array_add(s->sample, row);
		}
		n++;
	}
	if (res == CSVR_ERROR)
		s->error = arena_strdup(r->arena, csvr_error(c));
	else if (n == 0)
		s->error = "The file is empty.";
	else if (n == 1)
		s->error = "The file has a header line but no rows.";
	s->rows = n > 0 ? n - 1 : 0;
	csvr_close(c);
}

/* ---- mapping ---- */

static const struct import_column *
column_named(const struct import_kind *k, const char *name)
{
	for (size_t i = 0; name && k->columns[i].name; i++)
		if (strcmp(k->columns[i].name, name) == 0)
			return &k->columns[i];
	return NULL;
}

static int
alias_match(struct arena *a, const struct import_column *c, const char *key)
{
	if (strcmp(key, import_header_key(a, c->name)) == 0 || strcmp(key, import_header_key(a, c->label)) == 0)
		return 1;
	if (c->aliases == NULL)
		return 0;
	size_t kl = strlen(key);
	for (const char *p = c->aliases; *p;) {
		const char *e = strchr(p, '|');
		size_t l = e ? (size_t)(e - p) : strlen(p);
		if (l == kl && strncmp(p, key, l) == 0)
			return 1;
		p += l + (e != NULL);
	}
	return 0;
}

DB_STMT(imp_remembered, "SELECT columns FROM core.import_mappings WHERE kind = $1 AND scope = $2");

/* The mapping a new file gets: a column whose header the last mapping of
 * the kind (and scope) used for a field maps there; else by name, label
 * or alias. Each field once, each column once. */
static json_object *
auto_mapping(struct request *r, const struct import_kind *k, const char *scope, json_object *header)
{
	json_object *remembered = NULL, *out = req_obj(r);
	PGresult *res = db_q(r, &imp_remembered, k->kind, scope);
	if (res != NULL && PQntuples(res) == 1)
		remembered = req_json(r, json_tokener_parse(PQgetvalue(res, 0, 0)));
	size_t ncol = json_object_array_length(header);
	char *used = arena_alloc(r->arena, ncol + 1);
	const char **keys = arena_alloc(r->arena, (ncol + 1) * sizeof(*keys));
	for (size_t i = 0; i < ncol; i++)
		keys[i] = import_header_key(r->arena, json_object_get_string(json_object_array_get_idx(header, i)));
	for (int pass = 0; pass < 2; pass++) {
		for (size_t f = 0; k->columns[f].name; f++) {
			const struct import_column *c = &k->columns[f];
			json_object *want;
			if (json_object_object_get_ex(out, c->name, NULL))
				continue;
			if (pass == 0 && !(remembered && json_object_object_get_ex(remembered, c->name, &want)))
				continue;
			for (size_t i = 0; i < ncol; i++) {
				if (used[i] || *keys[i] == '\0')
					continue;
				int hit = pass == 0 ? strcmp(keys[i], json_object_get_string(want)) == 0
				                    : alias_match(r->arena, c, keys[i]);
				if (hit) {
					json_object_object_add(out, c->name, json_object_new_int((int)i));
					used[i] = 1;
					break;
				}
			}
		}
	}
	return out;
}

/* ---- statements ---- */

DB_STMT(imp_get, "SELECT " IMP_COLS " FROM core.imports i WHERE i.id = $1 AND i.kind = $2");
DB_STMT(imp_get_for_update, "SELECT " IMP_COLS " FROM core.imports i WHERE i.id = $1 AND i.kind = $2 FOR UPDATE");
DB_STMT(imp_list_stmt,
    "SELECT " IMP_COLS ", u.name AS created_by_name FROM core.imports i"
    " LEFT JOIN auth.user_names u ON u.id = i.created_by"
    " WHERE i.kind = $1 ORDER BY i.created_at DESC, i.id DESC LIMIT 50");
DB_STMT(imp_file_insert,
    "INSERT INTO core.files (sha256, size_bytes) VALUES ($1, $2) ON CONFLICT (sha256) DO NOTHING");
DB_STMT(imp_insert,
    "INSERT INTO core.imports AS i (kind, created_by, file_sha256, file_name, file_size, detected_encoding,"
    " encoding, delimiter, header, sample, mapping, total_rows, scope)"
    " VALUES ($1, $2, $3, $4, $5, $6, $6, $7, ARRAY(SELECT jsonb_array_elements_text($8::jsonb)), $9::jsonb,"
    " $10::jsonb, $11, $12) RETURNING " IMP_COLS);
DB_STMT(imp_reread,
    "UPDATE core.imports i SET encoding = $2, delimiter = $3,"
    " header = ARRAY(SELECT jsonb_array_elements_text($4::jsonb)), sample = $5::jsonb, mapping = $6::jsonb,"
    " total_rows = $7, status = 'uploaded', ok_rows = 0, error_rows = 0, duplicate_rows = 0,"
    " previewed_at = NULL, version = i.version + 1, updated_at = now() WHERE i.id = $1 RETURNING " IMP_COLS);
DB_STMT(imp_rows_clear, "DELETE FROM core.import_rows WHERE import_id = $1");
DB_STMT(imp_previewed,
    "UPDATE core.imports i SET status = 'previewed', mapping = $2::jsonb, duplicates = $3,"
    " ok_rows = c.ok, error_rows = c.error, duplicate_rows = c.duplicate, previewed_at = now(),"
    " version = i.version + 1, updated_at = now()"
    " FROM (SELECT count(*) FILTER (WHERE status = 'ok') AS ok, count(*) FILTER (WHERE status = 'error') AS error,"
    "        count(*) FILTER (WHERE status = 'duplicate') AS duplicate"
    "       FROM core.import_rows WHERE import_id = $1) c"
    " WHERE i.id = $1 RETURNING " IMP_COLS);
DB_STMT(imp_remember,
    "INSERT INTO core.import_mappings (kind, scope, columns, updated_by) VALUES ($1, $4, $2::jsonb, $3)"
    " ON CONFLICT (kind, scope) DO UPDATE SET columns = EXCLUDED.columns, updated_by = EXCLUDED.updated_by,"
    " updated_at = now()");
DB_STMT(imp_start,
    "UPDATE core.imports i SET status = 'applying', duplicates = $2,"
    " to_apply = i.ok_rows + CASE WHEN $2 = 'import' THEN i.duplicate_rows ELSE 0 END,"
    " apply_started_at = now(), version = i.version + 1, updated_at = now()"
    " WHERE i.id = $1 AND i.status = 'previewed' RETURNING " IMP_COLS);
DB_STMT(imp_cancel_stmt,
    "UPDATE core.imports i SET status = 'cancelled', version = i.version + 1, updated_at = now()"
    " WHERE i.id = $1 AND i.status IN ('uploaded', 'previewed') RETURNING " IMP_COLS);
#define IMP_ROWS_SELECT "SELECT line_no, status, data, errors, raw FROM core.import_rows WHERE import_id = $1"
DB_STMT(imp_rows_all, IMP_ROWS_SELECT " AND line_no > $2 ORDER BY line_no LIMIT $3");
DB_STMT(imp_rows_problems,
    IMP_ROWS_SELECT " AND status <> 'ok' AND line_no > $2 ORDER BY line_no LIMIT $3");
DB_STMT(imp_rows_problems_all, IMP_ROWS_SELECT " AND status <> 'ok' ORDER BY line_no");

static const char *const imp_statuses_open[] = { "uploaded", "previewed", NULL };

static enum herr
imp_load(struct request *r, const struct import_kind *k, int for_update, json_object **out)
{
	long long id = req_param_id(r, "id");
	if (id <= 0)
		return HE_NOT_FOUND;
	PGresult *res = db_q(r, for_update ? &imp_get_for_update : &imp_get, db_int(r, id), k->kind);
	if (res == NULL)
		return db_fail(r);
	if (PQntuples(res) != 1)
		return HE_NOT_FOUND;
	*out = req_json(r, db_row_json(res, 0));
	return HE_OK;
}

static const char *
imp_href(struct request *r, const struct import_kind *k, long long id)
{
	return arena_printf(r->arena, "%s/%lld", k->path, id);
}

static int
status_is(json_object *imp, const char *const *list)
{
	const char *s = record_str(imp, "status");
	for (size_t i = 0; list[i]; i++)
		if (strcmp(s, list[i]) == 0)
			return 1;
	return 0;
}

/* A refusal by status: 409 with what to do (HTML: back to the import with
 * the same words). */
static enum herr
imp_conflict(struct request *r, const struct import_kind *k, json_object *imp, const char *why)
{
	db_rollback(r);
	if (r->format == FMT_HTML) {
		resp_flash(r, "error", why);
		return resp_redirect(r, 303, imp_href(r, k, record_int(imp, "id")));
	}
	r->problem_detail = why;
	req_set_data(r, imp);
	return HE_CONFLICT;
}

/* A change to an import: its row locked in a new transaction, the
 * version the client read checked (a stale one: 409, or the page as it
 * is now). */
static enum herr
imp_begin_change(struct request *r, const struct import_kind *k, struct form *f, json_object **imp)
{
	enum herr e = db_begin(r);
	if (e != HE_OK || (e = imp_load(r, k, 1, imp)) != HE_OK)
		return e;
	form_begin(f, r, NULL);
	if ((e = record_version_check(r, f, *imp)) != HE_OK) {
		db_rollback(r);
		if (e == HE_CONFLICT && r->format == FMT_HTML)
			return imp_conflict(r, k, *imp, "The import changed since you opened it: here it is as it is now.");
	}
	return e;
}

/* The kind's scopes (value, label) as {value, label} objects; NULL for a
 * kind without scopes or when they cannot be read. */
static json_object *
scope_choices(struct request *r, const struct import_kind *k)
{
	if (k->scope_choices == NULL)
		return NULL;
	PGresult *res = db_q0(r, k->scope_choices);
	if (res == NULL)
		return NULL;
	json_object *arr = req_arr(r);
	for (int i = 0; i < PQntuples(res); i++) {
		json_object *o = json_object_new_object();
		json_object_object_add(o, "value", json_object_new_string(PQgetvalue(res, i, 0)));
		json_object_object_add(o, "label", json_object_new_string(PQgetvalue(res, i, 1)));
		json_object_array_add(arr, o);
	}
	return arr;
}

/* The label of scope value v among choices ("" when not there). */
static const char *
scope_name(json_object *choices, const char *v)
{
	for (size_t i = 0; choices != NULL && i < json_object_array_length(choices); i++) {
		json_object *o = json_object_array_get_idx(choices, i);
		if (strcmp(record_str(o, "value"), v) == 0)
			return record_str(o, "label");
	}
	return "";
}

static void
page_setup(struct request *r, const struct import_kind *k, const char *title)
{
	if (r->format != FMT_HTML)
		return;
	json_object_object_add(req_page(r), "family", json_object_new_string(k->family));
	if (k->scope_field != NULL) {
		json_object_object_add(r->page, "scope_field", json_object_new_string(k->scope_field));
		json_object_object_add(r->page, "scope_label", json_object_new_string(k->scope_label));
	}
	if (k->duplicate_note != NULL)
		json_object_object_add(r->page, "duplicate_note", json_object_new_string(k->duplicate_note));
	if (k->result_link != NULL) {
		json_object_object_add(r->page, "result_link", json_object_new_string(k->result_link));
		json_object_object_add(r->page, "result_label", json_object_new_string(k->result_label));
	}
	json_object_object_add(r->page, "import_path", json_object_new_string(k->path));
	json_object_object_add(r->page, "import_label", json_object_new_string(k->label));
	json_object_object_add(r->page, "done_path", json_object_new_string(k->done_path));
	const char *root = k->done_label ? k->done_label :
	    arena_printf(r->arena, "%c%s", toupper((unsigned char)k->label[0]), k->label + 1);
	if (title == NULL)
		record_crumbs(r, arena_printf(r->arena, "Import %s", k->label), root, k->done_path, "Imports", NULL,
		    NULL);
	else
		record_crumbs(r, title, root, k->done_path, "Imports", k->path, title, NULL, NULL);
}

/* ---- the list and the upload ---- */

static json_object *
columns_json(struct request *r, const struct import_kind *k)
{
	json_object *arr = req_arr(r);
	static const char *const types[] = { "text", "note", "email", "phone", "number", "choice", "list" };
	for (size_t i = 0; k->columns[i].name; i++) {
		const struct import_column *c = &k->columns[i];
		json_object *o = json_object_new_object();
		json_object_object_add(o, "name", json_object_new_string(c->name));
		json_object_object_add(o, "label", json_object_new_string(c->label));
		json_object_object_add(o, "required", json_object_new_boolean(c->required));
		json_object_object_add(o, "type", json_object_new_string(types[c->type]));
		if (c->choices) {
			json_object *ch = json_object_new_array();
			for (size_t j = 0; c->choices[j]; j++)
				json_object_array_add(ch, json_object_new_string(c->choices[j]));
			json_object_object_add(o, "choices", ch);
		}
		json_object_array_add(arr, o);
	}
	return arr;
}

static enum herr
imports_list_answer(struct request *r, const struct import_kind *k, enum herr e)
{
	PGresult *res = db_q(r, &imp_list_stmt, k->kind);
	if (res == NULL)
		return db_fail(r);
	json_object *out = req_obj(r), *items = db_rows_json(res), *choices = scope_choices(r, k);
	for (size_t i = 0; choices != NULL && i < json_object_array_length(items); i++) {
		json_object *it = json_object_array_get_idx(items, i);
		json_object_object_add(it, "scope_name", json_object_new_string(scope_name(choices, record_str(it, "scope"))));
	}
	json_object_object_add(out, "items", items);
	json_object_object_add(out, "columns", json_object_get(columns_json(r, k)));
	if (choices != NULL)
		json_object_object_add(out, "scopes", json_object_get(choices));
	page_setup(r, k, NULL);
	if (r->format == FMT_HTML)
		json_object_object_add(req_page(r), "max_upload_mb",
		    json_object_new_int64(config_int("max_upload", REQ_MAX_UPLOAD_DEFAULT) >> 20));
	if (e != HE_OK)
		return record_form_again(r, e, "imports/list.cs", out);
	return resp_ok(r, "imports/list.cs", out);
}

enum herr
import_list(struct request *r, const struct import_kind *k)
{
	return imports_list_answer(r, k, HE_OK);
}

static enum herr
upload_refused(struct request *r, const struct import_kind *k, const char *msg)
{
	resp_field_error(r, "file", msg);
	if (r->format != FMT_HTML) {
		r->problem_detail = msg;
		return HE_INVALID;
	}
	return imports_list_answer(r, k, HE_INVALID);
}

/* The scope the upload names (k->scope_field): one of the kind's
 * choices; "" for a kind without scopes; NULL when missing or not one of
 * them (the field's message set). */
static const char *
read_scope(struct request *r, const struct import_kind *k)
{
	if (k->scope_field == NULL)
		return "";
	json_object *v, *choices = scope_choices(r, k);
	const char *s = json_object_object_get_ex(req_input(r), k->scope_field, &v) ? json_object_get_string(v) : NULL;
	if (s != NULL && *s != '\0' && *scope_name(choices, s) != '\0')
		return arena_strdup(r->arena, s);
	char *what = arena_strdup(r->arena, k->scope_label);
	what[0] = (char)tolower((unsigned char)what[0]);
	resp_field_error(r, k->scope_field, arena_printf(r->arena, "Choose the %s this file is for.", what));
	return NULL;
}

enum herr
import_upload(struct request *r, const struct import_kind *k)
{
	const char *scope = read_scope(r, k);
	if (scope == NULL) {
		if (r->format != FMT_HTML)
			return HE_INVALID;
		return imports_list_answer(r, k, HE_INVALID);
	}
	const struct upload *u = req_upload(r, "file");
	if (u == NULL)
		return upload_refused(r, k, "Choose a CSV file to upload.");
	if (u->size == 0)
		return upload_refused(r, k, "The file is empty.");
	if (!files_sha256_ok(u->sha256))
		return upload_refused(r, k, "The file could not be read.");
	struct mapped *f;
	enum herr e = map_path(r, u->path, &f);
	if (e != HE_OK)
		return e;
	enum csvr_encoding enc = csvr_detect_encoding(f->p, f->n);
	char delim = sniff(r, f, enc);
	struct scan s;
	scan_file(r, f, enc, delim, &s);
	if (s.error != NULL)
		return upload_refused(r, k, arena_printf(r->arena, "%s Nothing was imported.", s.error));
	if ((e = files_store(r, u)) != HE_OK)
		return e;
	if ((e = db_begin(r)) != HE_OK)
		return e;
	const char *size = db_int(r, (long long)u->size);
	if (db_q(r, &imp_file_insert, u->sha256, size) == NULL)
		return db_fail(r);
	json_object *mapping = auto_mapping(r, k, scope, s.header);
	char dl[2] = { delim, '\0' };
	long long uid = r->principal.user_id;
	PGresult *res = db_q(r, &imp_insert, k->kind, uid > 0 ? db_int(r, uid) : NULL, u->sha256,
	    files_filename(r, u->filename), size, csvr_encoding_name(enc), dl,
	    json_object_to_json_string(s.header), json_object_to_json_string(s.sample),
	    json_object_to_json_string(mapping), db_int(r, s.rows), scope);
	if (res == NULL)
		return db_fail(r);
	json_object *imp = req_json(r, db_row_json(res, 0));
	long long id = record_int(imp, "id");
	if ((e = record_commit(r, "import.upload", "import", id, NULL, imp, NULL)) != HE_OK)
		return e;
	return record_done(r, 1, imp_href(r, k, id), "File read. Check the columns, then preview.", imp);
}

enum herr
import_template(struct request *r, const struct import_kind *k)
{
	if (r->format == FMT_JSON) {
		json_object *out = req_obj(r);
		json_object_object_add(out, "columns", json_object_get(columns_json(r, k)));
		return resp_ok(r, NULL, out);
	}
	buf_reset(&r->body);
	for (size_t i = 0; k->columns[i].name; i++)
		csv_field(&r->body, k->columns[i].label, i == 0);
	csv_row_end(&r->body);
	for (size_t i = 0; k->columns[i].name; i++)
		csv_field(&r->body, k->columns[i].example ? k->columns[i].example : "", i == 0);
	csv_row_end(&r->body);
	resp_header(r, "Content-Type", "text/csv; charset=utf-8");
	resp_header(r, "Content-Disposition", arena_printf(r->arena, "attachment; filename=\"%s-template.csv\"",
	    k->kind));
	r->body_ready = 1;
	r->status = 200;
	return HE_OK;
}

/* ---- the import page ---- */

/* The mapping form's rows: per file column its header, sample values and
 * the field it maps to (mapping: field → index; chosen: per index, what
 * the form sent, when shown again). */
static json_object *
file_columns(struct request *r, json_object *imp, json_object *mapping, json_object *chosen)
{
	json_object *header = json_object_object_get(imp, "header");
	json_object *sample = json_object_object_get(imp, "sample");
	json_object *out = req_arr(r);
	size_t n = header ? json_object_array_length(header) : 0;
	for (size_t i = 0; i < n; i++) {
		json_object *o = json_object_new_object();
		json_object_object_add(o, "index", json_object_new_int((int)i));
		const char *h = json_object_get_string(json_object_array_get_idx(header, i));
		json_object_object_add(o, "header", json_object_new_string(*h ? h : arena_printf(r->arena,
		    "Column %zu", i + 1)));
		json_object *vals = json_object_new_array();
		for (size_t j = 0; sample && j < json_object_array_length(sample); j++) {
			json_object *row = json_object_array_get_idx(sample, j);
			if (i < json_object_array_length(row))
				json_object_array_add(vals, json_object_get(json_object_array_get_idx(row, i)));
		}
		json_object_object_add(o, "samples", vals);
		const char *field = "";
		if (chosen != NULL) {
			json_object *v = json_object_array_get_idx(chosen, i);
			field = v ? json_object_get_string(v) : "";
		} else if (mapping != NULL) {
			json_object_object_foreach(mapping, key, val)
				if (json_object_get_int(val) == (int)i)
					field = key;
		}
		json_object_object_add(o, "field", json_object_new_string(field));
		json_object_array_add(out, o);
	}
	return out;
}

/* A staged row for the page: its problems as [{label, message}] and the
 * raw fields joined, so the template needs no keys from the data. */
static void
row_for_page(struct request *r, const struct import_kind *k, json_object *mapping, json_object *row)
{
	json_object *errors = json_object_object_get(row, "errors"), *probs = json_object_new_array();
	if (errors != NULL && json_object_is_type(errors, json_type_object)) {
		json_object_object_foreach(errors, key, val) {
			const struct import_column *c = column_named(k, key);
			json_object *p = json_object_new_object();
			json_object_object_add(p, "label", json_object_new_string(c ? c->label : "Row"));
			json_object_object_add(p, "message", json_object_get(val));
			json_object_array_add(probs, p);
		}
	}
	json_object_object_add(row, "problems", probs);
	json_object *data = json_object_object_get(row, "data"), *shown = json_object_new_array();
	json_object *raw = json_object_object_get(row, "raw");
	for (size_t i = 0; k->preview[i]; i++) {
		json_object *v = data ? json_object_object_get(data, k->preview[i]) : NULL, *idx;
		/* A value refused is shown as the file has it. */
		if (v == NULL && mapping != NULL && json_object_object_get_ex(mapping, k->preview[i], &idx) && raw != NULL)
			v = json_object_array_get_idx(raw, (size_t)json_object_get_int(idx));
		const char *s = "";
		if (v != NULL && json_object_is_type(v, json_type_array))
			s = json_object_get_string(json_object_array_get_idx(v, 0));
		else if (v != NULL)
			s = json_object_get_string(v);
		json_object_array_add(shown, json_object_new_string(s ? s : ""));
	}
	json_object_object_add(row, "shown", shown);
	(void)r;
}

static const char *const delim_chars[] = { ",", ";", "\t", "|", NULL };
static const char *const delim_names[] = { "comma", "semicolon", "tab", "pipe", NULL };

static const char *
delim_name(const char *d)
{
	for (size_t i = 0; delim_chars[i]; i++)
		if (strcmp(d, delim_chars[i]) == 0)
			return delim_names[i];
	return "comma";
}

/* The delimiter sent as its character or its name; NULL if neither. */
static const char *
delim_parse(const char *s)
{
	for (size_t i = 0; delim_chars[i]; i++)
		if (strcmp(s, delim_chars[i]) == 0 || strcmp(s, delim_names[i]) == 0)
			return delim_chars[i];
	return NULL;
}

static enum herr
show_data(struct request *r, const struct import_kind *k, json_object *imp, json_object *chosen,
          json_object **outp)
{
	json_object *out = req_obj(r);
	json_object_object_add(out, "import", json_object_get(imp));
	json_object_object_add(out, "columns", json_object_get(columns_json(r, k)));
	json_object *mapping = json_object_object_get(imp, "mapping");
	json_object_object_add(out, "file_columns", json_object_get(file_columns(r, imp, mapping, chosen)));
	const char *status = record_str(imp, "status");
	int staged = strcmp(status, "uploaded") != 0 && strcmp(status, "cancelled") != 0;
	if (staged) {
		const char *show = req_query(r, "show");
		if (show == NULL || strcmp(show, "all") != 0)
			show = "problems";
		const char *after = req_query(r, "after");
		long long a = 0;
		if (after != NULL) {
			char *end;
			a = strtoll(after, &end, 10);
			if (*after == '\0' || *end != '\0' || a < 0 || a > 10000000) {
				resp_field_error(r, "after", "Not a line number.");
				return HE_INVALID;
			}
		}
		PGresult *res = db_q(r, strcmp(show, "all") == 0 ? &imp_rows_all : &imp_rows_problems,
		    db_int(r, record_int(imp, "id")), db_int(r, a), db_int(r, IMPORT_PAGE + 1));
		if (res == NULL)
			return db_fail(r);
		int n = PQntuples(res), more = n > IMPORT_PAGE;
		json_object *rows = req_arr(r);
		for (int i = 0; i < n && i < IMPORT_PAGE; i++) {
			json_object *row = db_row_json(res, i);
			if (r->format == FMT_HTML)
				row_for_page(r, k, json_object_object_get(imp, "mapping"), row);
			json_object_array_add(rows, row);
		}
		json_object_object_add(out, "rows", json_object_get(rows));
		json_object_object_add(out, "show", json_object_new_string(show));
		json_object_object_add(out, "next", more ? json_object_new_string(
		    arena_printf(r->arena, "%lld", (long long)atoll(PQgetvalue(res, IMPORT_PAGE - 1, 0)))) : NULL);
	}
	if (r->format == FMT_HTML) {
		static const char *const enc_labels[CSVR__ENC_MAX] = {
			"UTF-8", "UTF-8 with BOM", "UTF-16 LE", "UTF-16 BE", "Windows-1252 (Western European)",
			"ISO-8859-1 (Latin-1)",
		};
		json_object *enc = req_arr(r);
		for (int i = 0; i < CSVR__ENC_MAX; i++) {
			json_object *o = json_object_new_object();
			json_object_object_add(o, "value", json_object_new_string(csvr_encoding_name((enum csvr_encoding)i)));
			json_object_object_add(o, "label", json_object_new_string(enc_labels[i]));
			json_object_array_add(enc, o);
		}
		json_object_object_add(out, "encodings", json_object_get(enc));
		json_object_object_add(out, "delimiter_name", json_object_new_string(delim_name(record_str(imp, "delimiter"))));
		json_object *pv = req_arr(r);
		for (size_t i = 0; k->preview[i]; i++) {
			const struct import_column *c = column_named(k, k->preview[i]);
			json_object_array_add(pv, json_object_new_string(c ? c->label : k->preview[i]));
		}
		json_object_object_add(out, "preview_labels", json_object_get(pv));
		int undoing = strcmp(status, "undoing") == 0;
		if (undoing || strcmp(status, "applying") == 0)
			json_object_object_add(req_page(r), "refresh", json_object_new_string("2"));
		long long to = record_int(imp, undoing ? "applied_rows" : "to_apply");
		long long done = record_int(imp, undoing ? "undone_rows" : "applied_rows");
		json_object_object_add(out, "percent", json_object_new_int64(to > 0 ? done * 100 / to : 0));
		json_object_object_add(out, "can_undo", json_object_new_boolean(k->undo != NULL));
		if (k->scope_field != NULL)
			json_object_object_add(out, "scope_name", json_object_new_string(scope_name(scope_choices(r, k),
			    record_str(imp, "scope"))));
		page_setup(r, k, files_utf8_prefix(r->arena, record_str(imp, "file_name"), 60));
	}
	*outp = out;
	return HE_OK;
}

enum herr
import_show(struct request *r, const struct import_kind *k)
{
	json_object *imp, *out;
	enum herr e = imp_load(r, k, 0, &imp);
	if (e == HE_OK)
		e = show_data(r, k, imp, NULL, &out);
	if (e != HE_OK)
		return e;
	return resp_ok(r, "imports/show.cs", out);
}

/* ---- preview: check every row and stage it ---- */

/* The mapping the request sends: {"mapping": {field: index}} (JSON) or
 * col_<index>=field (the form); chosen gets the form's choice per column.
 * Errors go to r->errors. */
static json_object *
read_mapping(struct request *r, const struct import_kind *k, struct form *f, size_t nheader,
             json_object *chosen, json_object *stored)
{
	json_object *in = req_input(r), *m = req_obj(r), *sent;
	size_t ncols = import_ncolumns(k);
	int any_col = 0;
	for (size_t i = 0; i < nheader && !any_col; i++)
		any_col = json_object_object_get_ex(in, arena_printf(r->arena, "col_%zu", i), NULL);
	if (!any_col && !json_object_object_get_ex(in, "mapping", NULL) && stored != NULL) {
		/* Nothing sent: the mapping the import has (guessed or last used). */
		json_object_object_foreach(stored, key, val)
			json_object_object_add(m, key, json_object_get(val));
		for (size_t i = 0; i < nheader; i++)
			json_object_array_add(chosen, json_object_new_string(""));
	} else if (json_object_object_get_ex(in, "mapping", &sent)) {
		form_allow(f, "mapping");
		if (!json_object_is_type(sent, json_type_object)) {
			form_error(f, "mapping", "Send an object of field: column index.");
			return m;
		}
		json_object_object_foreach(sent, key, val) {
			if (column_named(k, key) == NULL) {
				form_error(f, "mapping", arena_printf(r->arena, "No field %s in this import.", key));
				continue;
			}
			if (json_object_is_type(val, json_type_null))
				continue;
			int64_t idx = json_object_get_int64(val);
			if (!json_object_is_type(val, json_type_int) || idx < 0 || (size_t)idx >= nheader) {
				form_error(f, "mapping", arena_printf(r->arena, "%s: not a column of the file.", key));
				continue;
			}
			json_object_object_add(m, key, json_object_new_int((int)idx));
		}
		for (size_t i = 0; i < nheader; i++)
			json_object_array_add(chosen, json_object_new_string(""));
		json_object_object_foreach(m, key2, val2)
			json_object_array_put_idx(chosen, (size_t)json_object_get_int(val2), json_object_new_string(key2));
	} else {
		for (size_t i = 0; i < nheader; i++) {
			const char *name = arena_printf(r->arena, "col_%zu", i);
			form_allow(f, name);
			json_object *v;
			const char *field = json_object_object_get_ex(in, name, &v) ? json_object_get_string(v) : "";
			json_object_array_add(chosen, json_object_new_string(field ? field : ""));
			if (field == NULL || *field == '\0')
				continue;
			if (column_named(k, field) == NULL) {
				form_error(f, name, "Not a field of this import.");
				continue;
			}
			if (json_object_object_get_ex(m, field, NULL)) {
				form_error(f, name, "Another column is imported as this field already.");
				form_error(f, "mapping", "Each field can come from one column only.");
				continue;
			}
			json_object_object_add(m, field, json_object_new_int((int)i));
		}
	}
	for (size_t c = 0; c < ncols; c++)
		if (k->columns[c].required && !json_object_object_get_ex(m, k->columns[c].name, NULL))
			form_error(f, "mapping", arena_printf(r->arena, "Choose the column that holds %s (required).",
			    k->columns[c].label));
	return m;
}

static enum herr
preview_again(struct request *r, const struct import_kind *k, json_object *imp, json_object *chosen)
{
	db_rollback(r);
	if (r->format != FMT_HTML)
		return HE_INVALID;
	json_object *errors = req_json(r, r->errors);
	r->errors = NULL;
	json_object *out;
	enum herr e = show_data(r, k, imp, chosen, &out);
	req_json(r, r->errors);
	r->errors = json_object_get(errors);
	if (e != HE_OK)
		return e;
	return record_form_again(r, HE_INVALID, "imports/show.cs", out);
}

enum herr
import_preview(struct request *r, const struct import_kind *k)
{
	struct form f;
	json_object *imp;
	enum herr e = imp_begin_change(r, k, &f, &imp);
	if (e != HE_OK)
		return e;
	if (!status_is(imp, imp_statuses_open))
		return imp_conflict(r, k, imp, arena_printf(r->arena, "This import is %s: its mapping cannot change.",
		    record_str(imp, "status")));
	static const char *const dup_choices[] = { "skip", "import", NULL };
	const char *enc_name = form_enum(&f, "encoding", 0, (const char *const[]){ "utf-8", "utf-8-bom",
	    "utf-16le", "utf-16be", "windows-1252", "iso-8859-1", NULL }, record_str(imp, "encoding"));
	/* Read as sent: form_text would trim a tab away. */
	json_object *dv;
	const char *delim = record_str(imp, "delimiter");
	form_allow(&f, "delimiter");
	if (json_object_object_get_ex(req_input(r), "delimiter", &dv) && json_object_get_string(dv) != NULL &&
	    *json_object_get_string(dv) != '\0' && (delim = delim_parse(json_object_get_string(dv))) == NULL)
		form_error(&f, "delimiter", "Choose comma, semicolon, tab or pipe.");
	const char *dups = form_enum(&f, "duplicates", 0, dup_choices, record_str(imp, "duplicates"));
	json_object *header = json_object_object_get(imp, "header");
	size_t nheader = header ? json_object_array_length(header) : 0;
	json_object *chosen = req_arr(r);
	int reread = enc_name && delim && (strcmp(enc_name, record_str(imp, "encoding")) != 0 ||
	    strcmp(delim, record_str(imp, "delimiter")) != 0);
	form_allow(&f, "mapping");
	json_object *mapping = reread ? NULL : read_mapping(r, k, &f, nheader, chosen,
	    json_object_object_get(imp, "mapping"));
	if (!form_ok(&f))
		return preview_again(r, k, imp, reread ? NULL : chosen);
	struct mapped *file;
	if ((e = map_stored(r, record_str(imp, "file_sha256"), &file)) != HE_OK)
		return e;
	enum csvr_encoding enc = (enum csvr_encoding)csvr_encoding_parse(enc_name);
	long long id = record_int(imp, "id");
	if (reread) {
		/* Another encoding or delimiter: the columns are read again and
		 * mapped afresh; nothing is staged until the user checks them. */
		struct scan s;
		scan_file(r, file, enc, delim[0], &s);
		if (s.error != NULL) {
			resp_field_error(r, "encoding", arena_printf(r->arena, "%s Choose another encoding or delimiter.",
			    s.error));
			r->problem_detail = s.error;
			return preview_again(r, k, imp, NULL);
		}
		if (db_q(r, &imp_rows_clear, db_int(r, id)) == NULL)
			return db_fail(r);
		PGresult *res = db_q(r, &imp_reread, db_int(r, id), enc_name, delim,
		    json_object_to_json_string(s.header), json_object_to_json_string(s.sample),
		    json_object_to_json_string(auto_mapping(r, k, record_str(imp, "scope"), s.header)), db_int(r, s.rows));
		if (res == NULL)
			return db_fail(r);
		json_object *after = req_json(r, db_row_json(res, 0));
		if ((e = record_commit(r, "import.reread", "import", id, imp, after, NULL)) != HE_OK)
			return e;
		return record_done(r, 0, imp_href(r, k, id),
		    arena_printf(r->arena, "Read again as %s. Check the columns, then preview.", enc_name), after);
	}
	size_t ncols = import_ncolumns(k);
	int *col_of = arena_alloc(r->arena, (ncols + 1) * sizeof(*col_of));
	for (size_t c = 0; c < ncols; c++) {
		json_object *v;
		col_of[c] = json_object_object_get_ex(mapping, k->columns[c].name, &v) ? json_object_get_int(v) : -1;
	}
	if (db_q(r, &imp_rows_clear, db_int(r, id)) == NULL)
		return db_fail(r);
	const char *refused = import_stage_rows(r, k, id, file->p, file->n, enc, delim[0], col_of, &e);
	if (refused != NULL) {
		resp_field_error(r, "encoding", arena_printf(r->arena, "%s Choose another encoding or delimiter.", refused));
		r->problem_detail = refused;
		return preview_again(r, k, imp, chosen);
	}
	if (e != HE_OK) {
		db_rollback(r);
		return e;
	}
	if (k->mark_duplicates != NULL && db_q(r, k->mark_duplicates, db_int(r, id)) == NULL)
		return db_fail(r);
	PGresult *res = db_q(r, &imp_previewed, db_int(r, id), json_object_to_json_string(mapping), dups);
	if (res == NULL)
		return db_fail(r);
	json_object *after = req_json(r, db_row_json(res, 0));
	/* Remember the mapping by header, for the next file of this kind. */
	json_object *byname = req_obj(r);
	json_object_object_foreach(mapping, key, val) {
		const char *h = json_object_get_string(json_object_array_get_idx(header, (size_t)json_object_get_int(val)));
		json_object_object_add(byname, key, json_object_new_string(import_header_key(r->arena, h ? h : "")));
	}
	long long uid = r->principal.user_id;
	if (db_q(r, &imp_remember, k->kind, json_object_to_json_string(byname), uid > 0 ? db_int(r, uid) : NULL,
	    record_str(imp, "scope")) == NULL)
		return db_fail(r);
	if ((e = record_commit(r, "import.preview", "import", id, NULL, after, NULL)) != HE_OK)
		return e;
	if (r->format == FMT_HTML) {
		resp_flash(r, "success", "Every row was checked: here is what would be imported.");
		return resp_redirect(r, 303, imp_href(r, k, id));
	}
	json_object *out;
	if ((e = show_data(r, k, after, NULL, &out)) != HE_OK)
		return e;
	return resp_ok(r, NULL, out);
}

/* ---- apply, cancel, undo ---- */

enum herr
import_apply(struct request *r, const struct import_kind *k)
{
	struct form f;
	json_object *imp;
	enum herr e = imp_begin_change(r, k, &f, &imp);
	if (e != HE_OK)
		return e;
	const char *status = record_str(imp, "status");
	if (strcmp(status, "previewed") != 0)
		return imp_conflict(r, k, imp, strcmp(status, "uploaded") == 0
		    ? "Preview the import first: every row is checked before anything is created."
		    : arena_printf(r->arena, "This import is %s already: it cannot be applied again.", status));
	static const char *const dup_choices[] = { "skip", "import", NULL };
	const char *dups = form_enum(&f, "duplicates", 0, dup_choices, record_str(imp, "duplicates"));
	if (!form_ok(&f)) {
		db_rollback(r);
		return HE_INVALID;
	}
	long long to = record_int(imp, "ok_rows") + (strcmp(dups, "import") == 0 ? record_int(imp, "duplicate_rows") : 0);
	if (to == 0) {
		db_rollback(r);
		const char *why = "No row can be imported: fix the file and upload it again.";
		if (r->format == FMT_HTML) {
			resp_flash(r, "error", why);
			return resp_redirect(r, 303, imp_href(r, k, record_int(imp, "id")));
		}
		r->problem_detail = why;
		return HE_INVALID;
	}
	long long id = record_int(imp, "id");
	PGresult *res = db_q(r, &imp_start, db_int(r, id), dups);
	if (res == NULL)
		return db_fail(r);
	json_object *after = req_json(r, db_row_json(res, 0));
	/* The worker takes it from here, a batch an 'import.step' event. */
	if ((e = record_commit(r, "import.apply", "import", id, imp, after, "import.step")) != HE_OK)
		return e;
	if (r->format != FMT_HTML)
		r->status = 202;
	return record_done(r, 0, imp_href(r, k, id), "Importing: this page shows the progress.", after);
}

enum herr
import_cancel(struct request *r, const struct import_kind *k)
{
	enum herr e = db_begin(r);
	json_object *imp;
	if (e != HE_OK || (e = imp_load(r, k, 1, &imp)) != HE_OK)
		return e;
	long long id = record_int(imp, "id");
	if (!status_is(imp, imp_statuses_open))
		return imp_conflict(r, k, imp, arena_printf(r->arena, "This import is %s: only an import not yet"
		    " applied can be cancelled.", record_str(imp, "status")));
	PGresult *res = db_q(r, &imp_cancel_stmt, db_int(r, id));
	if (res == NULL || db_q(r, &imp_rows_clear, db_int(r, id)) == NULL)
		return db_fail(r);
	json_object *after = req_json(r, db_row_json(res, 0));
	if ((e = record_commit(r, "import.cancel", "import", id, imp, after, NULL)) != HE_OK)
		return e;
	return record_done(r, 0, k->path, "Import cancelled: nothing was created.", after);
}

enum herr
import_undo(struct request *r, const struct import_kind *k)
{
	if (k->undo == NULL)
		return HE_NOT_FOUND;
	enum herr e = db_begin(r);
	json_object *imp;
	if (e != HE_OK || (e = imp_load(r, k, 0, &imp)) != HE_OK)
		return e;
	long long id = record_int(imp, "id");
	PGresult *res = db_q(r, k->undo, db_int(r, id));
	if (res == NULL)
		return db_fail(r);
	if (PQntuples(res) != 1 || PQgetvalue(res, 0, 0)[0] != 't')
		return imp_conflict(r, k, imp, arena_strdup(r->arena, PQntuples(res) ? PQgetvalue(res, 0, 1) : "Not undone."));
	const char *detail = arena_strdup(r->arena, PQgetvalue(res, 0, 1));
	json_object *after;
	if ((e = imp_load(r, k, 0, &after)) != HE_OK)
		return e;
	/* The worker removes the records, a batch an 'import.step' event. */
	if ((e = record_commit(r, "import.undo", "import", id, imp, after, "import.step")) != HE_OK)
		return e;
	if (r->format != FMT_HTML)
		r->status = 202;
	return record_done(r, 0, imp_href(r, k, id), detail, after);
}

/* ---- the errors CSV ---- */

enum herr
import_errors(struct request *r, const struct import_kind *k)
{
	json_object *imp;
	enum herr e = imp_load(r, k, 0, &imp);
	if (e != HE_OK)
		return e;
	PGresult *res = db_q(r, &imp_rows_problems_all, db_int(r, record_int(imp, "id")));
	if (res == NULL)
		return db_fail(r);
	int n = PQntuples(res);
	if (r->format == FMT_JSON) {
		json_object *out = req_obj(r);
		json_object_object_add(out, "items", db_rows_lazy(r, res, n, NULL));
		return resp_ok(r, NULL, out);
	}
	/* The file's own columns, so it can be fixed and uploaded again, then
	 * the line and what is wrong. */
	struct buf *b = &r->body;
	buf_reset(b);
	json_object *header = json_object_object_get(imp, "header");
	size_t nh = header ? json_object_array_length(header) : 0;
	for (size_t i = 0; i < nh; i++)
		csv_field(b, json_object_get_string(json_object_array_get_idx(header, i)), i == 0);
	csv_field(b, "Line", nh == 0);
	csv_field(b, "Problems", 0);
	csv_row_end(b);
	struct buf probs;
	buf_init(&probs);
	for (int i = 0; i < n; i++) {
		json_object *raw = json_tokener_parse(PQgetvalue(res, i, 4));
		json_object *errs = PQgetisnull(res, i, 3) ? NULL : json_tokener_parse(PQgetvalue(res, i, 3));
		size_t nr = raw ? json_object_array_length(raw) : 0;
		for (size_t j = 0; j < nh || j < nr; j++)
			csv_field(b, j < nr ? json_object_get_string(json_object_array_get_idx(raw, j)) : "", j == 0);
		csv_field(b, PQgetvalue(res, i, 0), nh == 0 && nr == 0);
		buf_reset(&probs);
		if (errs != NULL) {
			json_object_object_foreach(errs, key, val) {
				const struct import_column *c = column_named(k, key);
				buf_printf(&probs, "%s%s: %s", probs.len ? "; " : "", c ? c->label : "Row",
				    json_object_get_string(val));
			}
		}
		csv_field(b, probs.data ? probs.data : "", 0);
		csv_row_end(b);
		json_object_put(raw);
		json_object_put(errs);
	}
	buf_free(&probs);
	resp_header(r, "Content-Type", "text/csv; charset=utf-8");
	resp_header(r, "Content-Disposition", arena_printf(r->arena, "attachment; filename=\"import-%lld-problems.csv\"",
	    record_int(imp, "id")));
	r->body_ready = 1;
	r->status = 200;
	return HE_OK;
}
