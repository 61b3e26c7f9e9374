/* documents.c: a customer's files (contracts, drawings, photos, manuals).
 * The bytes are content-addressed: the upload's SHA-256 names the file
 * under files_dir (<aa>/<the other 62 hex digits>), core.files records it
 * once, and each documents row points at it with its own title, file name
 * and type. Downloads are served by nginx from its internal /_files/
 * location after this responder answers with X-Accel-Redirect. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "config.h"
#include "customers.h"
#include "list.h"
#include "log.h"
#include "resp.h"
#include "utf8.h"

#define DOC_COLS \
	"d.id, d.customer_id, d.property_id, d.title, d.filename, d.content_type, d.size_bytes, d.sha256, " \
	"d.user_id, d.archived_at, d.version, d.created_at, d.updated_at"

/* Types served as they are; anything else is served as
 * application/octet-stream (never text/html, SVG or other active content). */
static const char *const doc_safe_types[] = {
	"application/pdf", "image/png", "image/jpeg", "image/gif", "image/webp", "text/plain", "text/csv", NULL,
};

static void
put_json(void *p)
{
	json_object_put(p);
}

static const char *
doc_href(struct request *r, long long id)
{
	return arena_printf(r->arena, "/documents/%lld", id);
}

static const char *
customer_href(struct request *r, long long id)
{
	return arena_printf(r->arena, "/customers/%lld", id);
}

static void
set_family(struct request *r)
{
	json_object_object_add(r->page, "family", json_object_new_string("customers"));
}

/* The media type of ct (parameters dropped, lower case) if it is on the
 * safe list, else application/octet-stream. */
static const char *
doc_safe_type(const char *ct)
{
	char t[64];
	size_t n = 0;
	if (ct == NULL)
		return "application/octet-stream";
	while (*ct == ' ' || *ct == '\t')
		ct++;
	for (; *ct && *ct != ';' && *ct != ' ' && *ct != '\t'; ct++) {
		if (n >= sizeof(t) - 1)
			return "application/octet-stream";
		t[n++] = (*ct >= 'A' && *ct <= 'Z') ? (char)(*ct - 'A' + 'a') : *ct;
	}
	t[n] = '\0';
	for (size_t i = 0; doc_safe_types[i]; i++)
		if (strcmp(t, doc_safe_types[i]) == 0)
			return doc_safe_types[i];
	return "application/octet-stream";
}

static int
sha256_ok(const char *s)
{
	return s != NULL && strlen(s) == 64 && strspn(s, "0123456789abcdef") == 64;
}

/* At most max code points of the valid UTF-8 string s (a new copy). */
static char *
utf8_prefix(struct arena *a, const char *s, size_t max)
{
	size_t i = 0, cps = 0;
	while (s[i] && cps < max) {
		i++;
		while ((s[i] & 0xC0) == 0x80)
			i++;
		cps++;
	}
	return arena_strndup(a, s, i);
}

/* The file name as stored: the sent name (the parser already took the
 * path off and checked UTF-8) without control characters, at most 255
 * code points; "file" if nothing is left. */
static const char *
doc_filename(struct request *r, const char *name)
{
	char *s = arena_strdup(r->arena, name ? name : "");
	for (char *p = s; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			*p = '_';
	char *t = valid_trim(r->arena, s);
	if (*t == '\0' || strcmp(t, ".") == 0 || strcmp(t, "..") == 0)
		return "file";
	return utf8_prefix(r->arena, t, 255);
}

/* ---- storage ---- */

static int
fsync_path(const char *path)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	int rc = fsync(fd);
	close(fd);
	return rc;
}

/* Copy src to a new file dst (O_EXCL) of the given mode, flushed to disk. */
static int
copy_file(const char *src, const char *dst, mode_t mode)
{
	int in = open(src, O_RDONLY | O_CLOEXEC);
	if (in < 0)
		return -1;
	int out = open(dst, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
	if (out < 0) {
		close(in);
		return -1;
	}
	char buf[65536];
	ssize_t n;
	int rc = fchmod(out, mode);
	while (rc == 0 && (n = read(in, buf, sizeof(buf))) != 0) {
		if (n < 0) {
			if (errno == EINTR)
				continue;
			rc = -1;
			break;
		}
		for (ssize_t off = 0; off < n;) {
			ssize_t w = write(out, buf + off, (size_t)(n - off));
			if (w < 0) {
				if (errno == EINTR)
					continue;
				rc = -1;
				break;
			}
			off += w;
		}
	}
	if (rc == 0)
		rc = fsync(out);
	close(in);
	if (close(out) != 0)
		rc = -1;
	if (rc != 0)
		unlink(dst);
	return rc;
}

/* Puts the upload at <files_dir>/<aa>/<rest>. A file already there with
 * the same size is the same content (its name is its hash): kept. Else
 * the bytes go to a temporary name beside it (a hard link to the spool
 * file when that keeps the right group, a copy otherwise), are flushed,
 * and are renamed into place, so nginx never sees a partial file.
 *
 * Permissions follow files_dir: its subdirectories get its mode and the
 * files the same without x. With files_dir owned by the service user, group
 * www-data (nginx), mode 2750 (setgid: new entries inherit the group),
 * that is directories 0750 and files 0640: nginx reads through its group,
 * nobody else can. With files_dir 0755 it is 0755/0644. */
static enum herr
doc_store(struct request *r, const struct upload *u)
{
	const char *dir = config_get("files_dir", "var/files");
	char aa[3] = { u->sha256[0], u->sha256[1], '\0' };
	const char *sub = arena_printf(r->arena, "%s/%s", dir, aa);
	const char *path = arena_printf(r->arena, "%s/%s", sub, u->sha256 + 2);
	struct stat st, sst;
	if (stat(dir, &st) != 0) {
		log_error(r, "documents: files_dir %s: %s", dir, strerror(errno));
		return HE_INTERNAL;
	}
	mode_t dmode = st.st_mode & 0777, fmode = dmode & 0666;
	if (mkdir(sub, dmode) != 0 && errno != EEXIST) {
		log_error(r, "documents: mkdir %s: %s", sub, strerror(errno));
		return HE_INTERNAL;
	}
	if (stat(path, &st) == 0 && S_ISREG(st.st_mode) && (size_t)st.st_size == u->size)
		return HE_OK;
	if (stat(sub, &st) != 0) {
		log_error(r, "documents: %s: %s", sub, strerror(errno));
		return HE_INTERNAL;
	}
	const char *tmp = arena_printf(r->arena, "%s/.%s.%ld.tmp", sub, u->sha256 + 2, (long)getpid());
	unlink(tmp);                               /* left by a worker that died here */
	int linked = stat(u->path, &sst) == 0 && sst.st_dev == st.st_dev && sst.st_gid == st.st_gid &&
	    chmod(u->path, fmode) == 0 && fsync_path(u->path) == 0 && link(u->path, tmp) == 0;
	if (!linked && copy_file(u->path, tmp, fmode) != 0) {
		log_error(r, "documents: store %s: %s", path, strerror(errno));
		return HE_INTERNAL;
	}
	if (rename(tmp, path) != 0) {
		log_error(r, "documents: rename to %s: %s", path, strerror(errno));
		unlink(tmp);
		return HE_INTERNAL;
	}
	fsync_path(sub);
	return HE_OK;
}

/* ---- list ---- */

/* $1 customer id (NULL: all), $2 q (substring of title or file name,
 * LIKE-escaped), $3 property id, $4 include archived, $5/$6 cursor,
 * $7 limit+1. Indexes: documents_customer_idx / documents_created_idx
 * (newest), 005's title, trigram and property indexes. */
/* The page comes from documents alone, then the names are joined to its
 * rows (see communications.c). */
#define DOC_LIST_SELECT \
	"SELECT d.id, d.customer_id, c.name AS customer_name, d.property_id, p.name AS property_name," \
	" d.title, d.filename, d.content_type, d.size_bytes," \
	" d.user_id, u.name AS user_name, d.archived_at, d.version, d.created_at, d.updated_at, d.sort_key" \
	" FROM (SELECT d.*, "
#define DOC_LIST_WHERE \
	" FROM customers.documents d" \
	" WHERE ($1::bigint IS NULL OR d.customer_id = $1)" \
	"   AND ($2::text IS NULL OR lower(d.title || ' ' || d.filename) LIKE lower($2))" \
	"   AND ($3::bigint IS NULL OR d.property_id = $3)" \
	"   AND ($4::boolean OR d.archived_at IS NULL)"
#define DOC_LIST_JOIN \
	" JOIN customers.customers c ON c.id = d.customer_id" \
	" LEFT JOIN customers.properties p ON p.id = d.property_id" \
	" LEFT JOIN auth.user_names u ON u.id = d.user_id"

DB_STMT_PLANNED(doc_list_created,
    DOC_LIST_SELECT "d.created_at AS sort_key" DOC_LIST_WHERE
    "   AND ($5::text IS NULL OR (d.created_at, d.id) < ($5::timestamptz, $6::bigint))"
    " ORDER BY d.created_at DESC, d.id DESC LIMIT $7) d" DOC_LIST_JOIN
    " ORDER BY d.created_at DESC, d.id DESC");
DB_STMT_PLANNED(doc_list_title,
    DOC_LIST_SELECT "lower(d.title) AS sort_key" DOC_LIST_WHERE
    "   AND ($5::text IS NULL OR (lower(d.title), d.id) > ($5, $6::bigint))"
    " ORDER BY lower(d.title), d.id LIMIT $7) d" DOC_LIST_JOIN
    " ORDER BY d.sort_key, d.id");

static const struct list_sort doc_sorts[] = {
	{ "-created_at", "Newest", "sort_key" },
	{ "title",       "Title",  "sort_key" },
	{ NULL, NULL, NULL },
};
static struct db_stmt *const doc_sort_stmts[] = { &doc_list_created, &doc_list_title };

static const char *const doc_csv_columns[] = {
	"id", "customer_id", "customer_name", "property_name", "title", "filename", "content_type", "size_bytes",
	"user_name", "archived_at", "created_at", NULL,
};

/* The upload form's choice of property. */
DB_STMT(doc_customer_properties,
    "SELECT p.id, p.name FROM customers.properties p WHERE p.customer_id = $1 AND p.archived_at IS NULL"
    " ORDER BY lower(p.name), p.id LIMIT 500");

/* The list answer for customer cid (parent: its {id, name}) or for all
 * (cid 0). HE_INVALID with field errors for a bad filter. */
static enum herr
doc_list_build(struct request *r, long long cid, json_object *parent, json_object **out)
{
	*out = NULL;
	struct list_query lq;
	enum herr e = list_parse(r, doc_sorts, &lq);
	const char *property_id = req_query(r, "property_id");
	if (property_id != NULL && *property_id == '\0')
		property_id = NULL;
	if (property_id != NULL && (strlen(property_id) > 18 || strspn(property_id, "0123456789") != strlen(property_id)))
		resp_field_error(r, "property_id", "Not a valid id.");
	const char *archived = req_query(r, "archived");
	int with_archived = archived != NULL && (strcmp(archived, "1") == 0 || strcmp(archived, "true") == 0 ||
	    strcmp(archived, "on") == 0);
	if (e != HE_OK || r->errors != NULL)
		return HE_INVALID;
	PGresult *res = db_q(r, doc_sort_stmts[lq.sort_index], cid > 0 ? db_int(r, cid) : NULL, lq.like,
	    property_id, with_archived ? "true" : "false", lq.after_key, lq.after_id, lq.limit_plus_one);
	if (res == NULL)
		return db_fail(r);
	*out = list_answer(r, &lq, res);
	if (r->format != FMT_HTML)
		return HE_OK;
	if (property_id)
		json_object_object_add(*out, "property_id", json_object_new_string(property_id));
	if (with_archived)
		json_object_object_add(*out, "archived", json_object_new_string("1"));
	if (cid > 0) {
		json_object_object_add(*out, "customer", json_object_get(parent));
		res = db_q(r, &doc_customer_properties, db_int(r, cid));
		if (res != NULL)
			json_object_object_add(*out, "properties", db_rows_json(res));
		const char *name = record_str(parent, "name");
		record_crumbs(r, arena_printf(r->arena, "Documents: %s", name), "Customers", "/customers", name,
		    customer_href(r, cid), "Documents", NULL, NULL);
		json_object_object_add(r->page, "max_upload_mb",
		    json_object_new_int64(config_int("max_upload", REQ_MAX_UPLOAD_DEFAULT) >> 20));
	} else {
		record_crumbs(r, "Documents", "Documents", NULL, NULL);
	}
	set_family(r);
	return HE_OK;
}

/* GET /customers/:id/documents and GET /documents (?q, property_id,
 * archived, sort=-created_at|title, limit, after; format=json|csv) → 200
 * the list (HTML: with the upload form when scoped); 404 no such customer;
 * 422 bad filter/sort/limit/cursor. */
enum herr
customers_document_list(struct request *r)
{
	long long cid = 0;
	json_object *parent = NULL;
	if (req_param(r, "id") != NULL) {
		cid = req_param_id(r, "id");
		enum herr e = customers_parent(r, cid, &parent);
		if (e != HE_OK)
			return e;
		arena_defer(r->arena, put_json, parent);
	}
	json_object *out;
	enum herr e = doc_list_build(r, cid, parent, &out);
	if (e == HE_INVALID)
		r->template = "documents/list.cs";
	if (e != HE_OK)
		return e;
	r->csv_columns = doc_csv_columns;
	r->csv_filename = "documents";
	return resp_ok(r, "documents/list.cs", out);
}

/* ---- one document ---- */

DB_STMT(doc_get, "SELECT " DOC_COLS " FROM customers.documents d WHERE d.id = $1");
DB_STMT(doc_get_for_update, "SELECT " DOC_COLS " FROM customers.documents d WHERE d.id = $1 FOR UPDATE");
DB_STMT(doc_get_full,
    "SELECT " DOC_COLS ", c.name AS customer_name, p.name AS property_name, u.name AS user_name"
    " FROM customers.documents d"
    " JOIN customers.customers c ON c.id = d.customer_id"
    " LEFT JOIN customers.properties p ON p.id = d.property_id"
    " LEFT JOIN auth.user_names u ON u.id = d.user_id"
    " WHERE d.id = $1");

static void
doc_crumbs(struct request *r, json_object *d, const char *title, const char *last)
{
	long long cid = record_int(d, "customer_id");
	record_crumbs(r, title, "Customers", "/customers", record_str(d, "customer_name"), customer_href(r, cid),
	    "Documents", arena_printf(r->arena, "/customers/%lld/documents", cid), last, NULL, NULL);
	set_family(r);
}

/* GET /documents/:id → 200 the document's metadata (who uploaded it, its
 * customer and property); 404. Archived documents stay readable. */
enum herr
customers_document_show(struct request *r)
{
	json_object *d;
	enum herr e = record_get(r, &doc_get_full, req_param_id(r, "id"), &d);
	if (e != HE_OK)
		return e;
	if (r->format == FMT_HTML) {
		doc_crumbs(r, d, record_str(d, "title"), record_str(d, "title"));
		r->form_values = json_object_new_object();   /* the title form on the page */
		json_object_object_add(r->form_values, "title", json_object_new_string(record_str(d, "title")));
	}
	return resp_ok(r, "documents/show.cs", d);
}

/* Content-Disposition for name: a quoted ASCII fallback (anything else
 * becomes "_") and the exact name as RFC 5987 UTF-8 percent-encoding. */
static const char *
doc_disposition(struct request *r, const char *name)
{
	struct buf b;
	buf_init(&b);
	buf_puts(&b, "attachment; filename=\"");
	for (const unsigned char *p = (const unsigned char *)name; *p; p++) {
		if (*p >= 0x80) {
			while ((p[1] & 0xC0) == 0x80)     /* one "_" per code point */
				p++;
			buf_putc(&b, '_');
		} else if (*p < 0x20 || *p == 0x7f || *p == '"' || *p == '\\' || *p == '%' || *p == ';') {
			buf_putc(&b, '_');
		} else {
			buf_putc(&b, (char)*p);
		}
	}
	buf_puts(&b, "\"; filename*=UTF-8''");
	static const char hex[] = "0123456789ABCDEF";
	for (const unsigned char *p = (const unsigned char *)name; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
		    strchr("!#$&+-.^_`|~", *p) != NULL)
			buf_putc(&b, (char)*p);
		else
			buf_printf(&b, "%%%c%c", hex[*p >> 4], hex[*p & 15]);
	}
	char *s = arena_strdup(r->arena, b.data);
	buf_free(&b);
	return s;
}

/* GET /documents/:id/download → 200 headers only: nginx sends the bytes
 * from its internal /_files/ location (X-Accel-Redirect), with the stored
 * safe type, as an attachment; 404. */
enum herr
customers_document_download(struct request *r)
{
	json_object *d;
	enum herr e = record_get(r, &doc_get, req_param_id(r, "id"), &d);
	if (e != HE_OK)
		return e;
	arena_defer(r->arena, put_json, d);
	const char *sha = record_str(d, "sha256");
	if (!sha256_ok(sha)) {
		log_error(r, "documents: %lld has a bad sha256", record_int(d, "id"));
		return HE_INTERNAL;
	}
	resp_header(r, "X-Accel-Redirect", arena_printf(r->arena, "/_files/%.2s/%s", sha, sha + 2));
	resp_header(r, "Content-Type", doc_safe_type(record_str(d, "content_type")));
	resp_header(r, "Content-Disposition", doc_disposition(r, record_str(d, "filename")));
	resp_header(r, "X-Content-Type-Options", "nosniff");
	r->no_etag = 1;          /* the body is nginx's: an ETag of our empty body would lie */
	r->status = 200;
	return HE_OK;
}

/* ---- upload ---- */

DB_STMT(doc_property_check,
    "SELECT EXISTS (SELECT 1 FROM customers.properties p WHERE p.id = $2 AND p.customer_id = $1)");
DB_STMT(file_insert,
    "INSERT INTO core.files (sha256, size_bytes) VALUES ($1, $2) ON CONFLICT (sha256) DO NOTHING");
DB_STMT(doc_insert,
    "INSERT INTO customers.documents AS d (customer_id, property_id, title, filename, content_type,"
    " size_bytes, sha256, user_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING " DOC_COLS);

/* The upload form again (HTML): the customer's document list with the
 * field errors by the form. */
static enum herr
doc_upload_again(struct request *r, long long cid, json_object *parent)
{
	if (r->format != FMT_HTML)
		return HE_INVALID;
	json_object *errors = r->errors;
	r->errors = NULL;                 /* the list's own checks start clean */
	json_object *out = NULL;
	enum herr e = doc_list_build(r, cid, parent, &out);
	json_object_put(r->errors);
	r->errors = errors;
	if (e != HE_OK && e != HE_INVALID)
		return e;
	if (r->page == NULL)
		r->page = json_object_new_object();
	json_object_object_add(r->page, "upload_failed", json_object_new_string("1"));
	return record_form_again(r, HE_INVALID, "documents/list.cs", out ? out : json_object_new_object());
}

/* POST /customers/:id/documents (multipart/form-data: file, title
 * (default: the file name), property_id) → 201 + Location /documents/<id>
 * (HTML: 303 to the customer, "Document uploaded."); 404 no such customer;
 * 413 larger than max_upload (the request parser); 422 no file, an empty
 * file or bad fields (HTML: the list page with the upload form again). */
enum herr
customers_document_create(struct request *r)
{
	long long cid = req_param_id(r, "id");
	json_object *parent;
	enum herr e = customers_parent(r, cid, &parent);
	if (e != HE_OK)
		return e;
	arena_defer(r->arena, put_json, parent);
	const struct upload *u = req_upload(r, "file");
	struct form f;
	form_begin(&f, r, NULL);
	if (u == NULL)
		form_error(&f, "file", "Choose a file to upload.");
	else if (u->size == 0)
		form_error(&f, "file", "The file is empty.");
	else if (!sha256_ok(u->sha256))
		form_error(&f, "file", "The file could not be read.");
	const char *filename = u ? doc_filename(r, u->filename) : NULL;
	const char *title = form_text(&f, "title", 0, 200);
	if (title != NULL && *title == '\0' && filename != NULL)
		title = utf8_prefix(r->arena, filename, 200);
	int ok;
	form_int(&f, "property_id", V_NULLABLE, 1, 999999999999999999LL, &ok);
	const char *property_id = form_get(&f, "property_id");
	if (property_id != NULL) {
		PGresult *res = db_q(r, &doc_property_check, db_int(r, cid), property_id);
		if (res == NULL)
			return db_fail(r);
		if (PQgetvalue(res, 0, 0)[0] != 't')
			form_error(&f, "property_id", "Choose a property of this customer.");
	}
	if (!form_ok(&f))
		return doc_upload_again(r, cid, parent);
	/* The bytes first: a row must never point at a missing file. A file
	 * left without a row (the transaction failed) is the same bytes a retry
	 * would store, and harmless. */
	if ((e = doc_store(r, u)) != HE_OK)
		return e;
	if ((e = db_begin(r)) != HE_OK)
		return e;
	const char *size = db_int(r, (long long)u->size);
	if (db_q(r, &file_insert, u->sha256, size) == NULL)
		return db_fail(r);
	long long uid = r->principal.user_id;
	PGresult *res = db_q(r, &doc_insert, db_int(r, cid), property_id, title, filename,
	    doc_safe_type(u->content_type), size, u->sha256, uid > 0 ? db_int(r, uid) : NULL);
	if (res == NULL)
		return db_fail(r);
	json_object *d = db_row_json(res, 0);
	long long id = record_int(d, "id");
	e = record_commit(r, "document.create", "document", id, NULL, d, "document.created");
	if (e != HE_OK) {
		json_object_put(d);
		return e;
	}
	if (r->format == FMT_HTML) {
		json_object_put(d);
		resp_flash(r, "success", "Document uploaded.");
		return resp_redirect(r, 303, customer_href(r, cid));
	}
	return resp_created(r, doc_href(r, id), d);
}

/* ---- edit (title), archive ---- */

DB_STMT(doc_update,
    "UPDATE customers.documents d SET title = $3, version = d.version + 1, updated_at = now()"
    " WHERE d.id = $1 AND d.version = $2 RETURNING " DOC_COLS);

/* PATCH /documents/:id (title + version or If-Match; form: _method=PATCH)
 * → 200 the record (HTML: 303 to it); 404; 409 stale version with the
 * current record; 422 field errors (HTML: the title form again). */
enum herr
customers_document_update(struct request *r)
{
	long long id = req_param_id(r, "id");
	enum herr e = db_begin(r);
	if (e != HE_OK)
		return e;
	json_object *cur;
	if ((e = record_get(r, &doc_get_for_update, id, &cur)) != HE_OK)
		return e;
	struct form f;
	form_begin(&f, r, cur);
	form_text(&f, "title", V_REQUIRED, 200);
	e = form_ok(&f) ? record_version_check(r, &f, cur) : HE_INVALID;
	if (e != HE_OK) {
		db_rollback(r);
		if (r->format == FMT_HTML) {
			json_object *full = NULL;
			if (record_get(r, &doc_get_full, id, &full) == HE_OK) {
				json_object_object_foreach(full, key, val)
					json_object_object_add(cur, key, json_object_get(val));
				json_object_put(full);
			}
			doc_crumbs(r, cur, "Edit document", "Edit");
		}
		return record_form_again(r, e, "documents/form.cs", cur);
	}
	PGresult *res = db_q(r, &doc_update, db_int(r, id), db_int(r, record_int(cur, "version")),
	    form_get(&f, "title"));
	if (res == NULL) {
		json_object_put(cur);
		return db_fail(r);
	}
	json_object *d = db_row_json(res, 0);
	e = record_commit(r, "document.update", "document", id, cur, d, "document.updated");
	json_object_put(cur);
	if (e != HE_OK) {
		json_object_put(d);
		return e;
	}
	return record_done(r, 0, doc_href(r, id), "Document saved.", d);
}

DB_STMT(doc_archived_set,
    "UPDATE customers.documents d SET archived_at = CASE WHEN $2 THEN now() ELSE NULL END,"
    " version = d.version + 1, updated_at = now()"
    " WHERE d.id = $1 AND (d.archived_at IS NULL) = $2 RETURNING " DOC_COLS);
/* The customer of document $1, locked against being archived meanwhile. */
DB_STMT(doc_customer_lock,
    "SELECT c.id, c.archived_at FROM customers.customers c"
    " WHERE c.id = (SELECT d.customer_id FROM customers.documents d WHERE d.id = $1) FOR SHARE");

/* Archive (DELETE) or restore: an archived document leaves the lists; the
 * file stays (other documents may share it, and the history points at it).
 * Already so: nothing changes. A restore locks the customer first
 * (customer, then document) and refuses while the customer is archived.
 * A browser goes to the customer after an archive, to the document after a
 * restore. */
static enum herr
doc_set_archived(struct request *r, int archive)
{
	long long id = req_param_id(r, "id");
	enum herr e = db_begin(r);
	if (e != HE_OK)
		return e;
	json_object *owner = NULL, *cur;
	if (!archive && (e = record_get(r, &doc_customer_lock, id, &owner)) != HE_OK)
		return e;
	if ((e = record_get(r, &doc_get_for_update, id, &cur)) != HE_OK) {
		json_object_put(owner);
		return e;
	}
	long long cid = record_int(cur, "customer_id");
	int refused = !archive && record_str(cur, "archived_at") != NULL && record_str(owner, "archived_at") != NULL;
	json_object_put(owner);
	if (refused) {
		db_rollback(r);
		json_object_put(cur);
		r->problem_detail = "This document's customer is archived. Restore the customer first.";
		return HE_INVALID;
	}
	const char *loc = archive ? customer_href(r, cid) : doc_href(r, id);
	return record_set_archived(r, &doc_archived_set, "document", "Document", id, archive, cur, loc);
}

/* DELETE /documents/:id → 200 the archived record (HTML: 303 to the
 * customer); 404. Archiving an archived document changes nothing. */
enum herr
customers_document_archive(struct request *r)
{
	return doc_set_archived(r, 1);
}

/* POST /documents/:id/restore → 200 the record (HTML: 303 to it); 404; 422
 * while its customer is archived. Restoring an active document changes
 * nothing. */
enum herr
customers_document_restore(struct request *r)
{
	return doc_set_archived(r, 0);
}
