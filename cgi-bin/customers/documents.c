/* documents.c: a customer's files (contracts, drawings, photos, manuals).
 * The bytes are content-addressed: the upload's SHA-256 names the file
 * under files_dir (<aa>/<the other 62 hex digits>), core.files records it
 * once, and each documents row points at it with its own title, file name
 * and type. Downloads are served by nginx from its internal /_files/
 * location after this responder answers with X-Accel-Redirect. */
#include "config.h"
#include "customers.h"
#include "files.h"
#include "resource.h"
#include "log.h"
#include "resp.h"


#define DOC_COLS \
	"d.id, d.customer_id, (SELECT c.name FROM customers.customers c WHERE c.id = d.customer_id)" \
	" AS customer_name, d.property_id, d.title, d.filename, d.content_type, d.size_bytes, d.sha256, " \
	"d.user_id, d.archived_at, d.version, d.created_at, d.updated_at"

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
static struct db_stmt *const doc_list_stmts[] = { &doc_list_created, &doc_list_title };
static const enum res_lparam doc_list_params[] = {
	LP_PARENT, LP_LIKE, LP_FILTER(0), LP_ARCHIVED, LP_AFTER_KEY, LP_AFTER_ID, LP_LIMIT1, LP_END,
};
static const struct res_filter doc_filters[] = {
	FILTER_ID("property_id"),
	FILTER_END,
};

static const char *const doc_csv_columns[] = {
	"id", "customer_id", "customer_name", "property_name", "title", "filename", "content_type", "size_bytes",
	"user_name", "archived_at", "created_at", NULL,
};

/* The upload form's choice of property. */
DB_STMT(doc_customer_properties,
    "SELECT p.id, p.name FROM customers.properties p WHERE p.customer_id = $1 AND p.archived_at IS NULL"
    " ORDER BY lower(p.name), p.id LIMIT 500");

/* One customer's list carries the upload form: its properties and the
 * size limit. */
static void
doc_list_data(struct request *r, long long customer_id, json_object *out)
{
	if (customer_id == 0)
		return;
	PGresult *res = db_q(r, &doc_customer_properties, db_int(r, customer_id));
	if (res != NULL)
		json_object_object_add(out, "properties", db_rows_json(res));
	json_object_object_add(req_page(r), "max_upload_mb",
	    json_object_new_int64(config_int("max_upload", REQ_MAX_UPLOAD_DEFAULT) >> 20));
}

/* ---- one document ---- */

DB_STMT(doc_get, "SELECT " DOC_COLS " FROM customers.documents d WHERE d.id = $1");
DB_STMT(doc_get_for_update, "SELECT " DOC_COLS " FROM customers.documents d WHERE d.id = $1 FOR UPDATE");
DB_STMT(doc_get_full,
    "SELECT " DOC_COLS ", p.name AS property_name, u.name AS user_name"
    " FROM customers.documents d"
    " LEFT JOIN customers.properties p ON p.id = d.property_id"
    " LEFT JOIN auth.user_names u ON u.id = d.user_id"
    " WHERE d.id = $1");

/* The show page carries the title form. */
static enum herr
doc_show_data(struct request *r, json_object *d)
{
	json_object *fv = req_obj(r);
	json_object_object_add(fv, "title", json_object_new_string(record_str(d, "title")));
	req_set_form_values(r, fv);
	return HE_OK;
}

/* The title form shown again shows the whole record, as the show page does. */
static enum herr
doc_form_data(struct request *r, long long customer_id, json_object *record, json_object *data)
{
	(void)customer_id;
	json_object *full;
	if (record == NULL || record_get(r, &doc_get_full, record_int(record, "id"), &full) != HE_OK)
		return HE_OK;
	json_object_object_foreach(full, key, val)
		json_object_object_add(data, key, json_object_get(val));
	return HE_OK;
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
	const char *sha = record_str(d, "sha256");
	if (!files_sha256_ok(sha)) {
		log_error(r, "documents: %lld has a bad sha256", record_int(d, "id"));
		return HE_INTERNAL;
	}
	resp_header(r, "X-Accel-Redirect", arena_printf(r->arena, "/_files/%.2s/%s", sha, sha + 2));
	resp_header(r, "Content-Type", files_safe_type(record_str(d, "content_type")));
	resp_header(r, "Content-Disposition", files_disposition(r, record_str(d, "filename")));
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

static const struct resource doc_resource;

/* The upload form again (HTML): the customer's document list with the
 * field errors by the form. */
static enum herr
doc_upload_again(struct request *r)
{
	if (r->format != FMT_HTML)
		return HE_INVALID;
	json_object *errors = req_json(r, r->errors);   /* the upload's errors, kept by the arena */
	r->errors = NULL;                 /* the list's own checks start clean */
	enum herr e = res_list(r, &doc_resource);
	req_json(r, r->errors);           /* the list's own, dropped with the request */
	r->errors = json_object_get(errors);
	if (e != HE_OK && e != HE_INVALID)
		return e;
	json_object_object_add(req_page(r), "upload_failed", json_object_new_string("1"));
	return record_form_again(r, HE_INVALID, "documents/list.cs", r->data);
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
	enum herr e = record_get(r, customers_parent_of_child.get, cid, &parent);
	if (e != HE_OK)
		return e;
	const struct upload *u = req_upload(r, "file");
	struct form f;
	form_begin(&f, r, NULL);
	if (u == NULL)
		form_error(&f, "file", "Choose a file to upload.");
	else if (u->size == 0)
		form_error(&f, "file", "The file is empty.");
	else if (!files_sha256_ok(u->sha256))
		form_error(&f, "file", "The file could not be read.");
	const char *filename = u ? files_filename(r, u->filename) : NULL;
	const char *title = form_text(&f, "title", 0, 200);
	if (title != NULL && *title == '\0' && filename != NULL)
		title = files_utf8_prefix(r->arena, filename, 200);
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
		return doc_upload_again(r);
	/* The bytes first: a row must never point at a missing file. A file
	 * left without a row (the transaction failed) is the same bytes a retry
	 * would store, and harmless. */
	if ((e = files_store(r, u)) != HE_OK)
		return e;
	if ((e = db_begin(r)) != HE_OK)
		return e;
	const char *size = db_int(r, (long long)u->size);
	if (db_q(r, &file_insert, u->sha256, size) == NULL)
		return db_fail(r);
	long long uid = r->principal.user_id;
	PGresult *res = db_q(r, &doc_insert, db_int(r, cid), property_id, title, filename,
	    files_safe_type(u->content_type), size, u->sha256, uid > 0 ? db_int(r, uid) : NULL);
	if (res == NULL)
		return db_fail(r);
	json_object *d = req_json(r, db_row_json(res, 0));
	long long id = record_int(d, "id");
	e = record_commit(r, "document.create", "document", id, NULL, d, "document.created");
	if (e != HE_OK)
		return e;
	const char *loc = r->format == FMT_HTML ? arena_printf(r->arena, "/customers/%lld", cid)
	    : res_href(r, &doc_resource, id);
	res_links(r, &doc_resource, d);
	return record_done(r, 1, loc, "Document uploaded.", d);
}

/* ---- the resource ---- */

static const struct res_field doc_fields[] = {
	FIELD_TEXT("title", V_REQUIRED, 200),
	FIELD_END,
};

DB_STMT(doc_update,
    "UPDATE customers.documents d SET title = $3, version = d.version + 1, updated_at = now()"
    " WHERE d.id = $1 AND d.version = $2 RETURNING " DOC_COLS);
DB_STMT(doc_archived_set,
    "UPDATE customers.documents d SET archived_at = CASE WHEN $2 THEN now() ELSE NULL END,"
    " version = d.version + 1, updated_at = now()"
    " WHERE d.id = $1 AND (d.archived_at IS NULL) = $2 RETURNING " DOC_COLS);

static const struct res_hooks doc_hooks = {
	.list_data = doc_list_data,
	.show_data = doc_show_data,
	.form_data = doc_form_data,
};

/* The upload (create) is customers_document_create above: the bytes are
 * not a form field. An archived document's file stays: other documents
 * may share it, and the history points at it. */
/* What doc_get_full adds to the record. */
static const char *const doc_show_fields[] = { "property_name", "user_name", NULL };
/* The columns besides the title: the upload's (file name, type, size,
 * SHA-256, who), the names the show page and the list join. */
static const struct res_field doc_read_fields[] = {
	FIELD_ID("property_id", V_NULLABLE), FIELD_TEXT("filename", V_REQUIRED, 255),
	FIELD_TEXT("content_type", V_REQUIRED, 255), FIELD_INT("size_bytes", V_REQUIRED, 0, 26 << 20),
	FIELD_TEXT("sha256", V_REQUIRED, 64), FIELD_ID("user_id", V_NULLABLE),
	FIELD_TEXT("property_name", V_NULLABLE, 200), FIELD_TEXT("user_name", V_NULLABLE, 200),
	FIELD_END,
};
/* The file itself (nginx sends it after the responder says so). */
static const struct res_link doc_links[] = { { "download_url", "/download" }, LINK_END };

static const struct resource doc_resource = {
	.name = "document", .label = "Document", .plural = "Documents", .path = "/documents",
	.family = "customers", .title_field = "title",
	.tpl_list = "documents/list.cs", .tpl_show = "documents/show.cs", .tpl_form = "documents/form.cs",
	.parent = &customers_parent_of_child, .back_to_parent = RES_BACK_CREATE | RES_BACK_ARCHIVE,
	.fields = doc_fields,
	.get = &doc_get, .get_full = &doc_get_full, .get_for_update = &doc_get_for_update,
	.show_fields = doc_show_fields, .read_fields = doc_read_fields, .links = doc_links,
	.update = &doc_update, .set_archived = &doc_archived_set,
	.sorts = doc_sorts, .list_stmts = doc_list_stmts, .list_params = doc_list_params,
	.filters = doc_filters, .csv_columns = doc_csv_columns, .csv_filename = "documents",
	.saved_flash = "Document saved.",
	.hooks = &doc_hooks,
};

/* GET /customers/:id/documents and GET /documents (?q, property_id,
 * archived, sort=-created_at|title, limit, after; format=json|csv) → 200
 * the list (HTML: with the upload form when scoped); 404 no such customer;
 * 422 bad filter/sort/limit/cursor. */
/* The upload is the document's create (its body: documents.openapi.json). */
RES_API(customers_document_create, res_create, doc_resource)
RES_HANDLER(customers_document_list, res_list, doc_resource)
/* GET /documents/:id → 200 the document's metadata (who uploaded it, its
 * customer and property) with the title form; 404. Archived documents
 * stay readable. */
RES_HANDLER(customers_document_show, res_show, doc_resource)
/* PATCH /documents/:id (title + version or If-Match; form: _method=PATCH)
 * → 200 the record (HTML: 303 to it); 404; 409 stale version with the
 * current record; 422 field errors (HTML: the title form again). */
RES_HANDLER(customers_document_update, res_update, doc_resource)
/* DELETE /documents/:id → 200 the archived record (HTML: 303 to the
 * customer); 404. Archiving an archived document changes nothing. */
RES_HANDLER(customers_document_archive, res_archive, doc_resource)
/* POST /documents/:id/restore → 200 the record (HTML: 303 to it); 404; 422
 * while its customer is archived. */
RES_HANDLER(customers_document_restore, res_restore, doc_resource)
