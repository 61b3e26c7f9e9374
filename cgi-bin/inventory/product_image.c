/* product_image.c: a product's picture. Stored through lib/files.h (one
 * copy per content, core.files) and served by nginx after an
 * X-Accel-Redirect, like customers' documents. Only PNG, JPEG, WebP and
 * GIF are taken, recognised by their first bytes (what the browser says
 * the type is, and the name, are not trusted); SVG and anything else that
 * can carry script is refused. No thumbnail is made: decoding untrusted
 * images in a responder is attack surface for little gain at 5 MB at
 * most; the list shows the same file small, loaded lazily. */
#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include "audit.h"
#include "files.h"
#include "inventory.h"
#include "log.h"
#include "record.h"
#include "resp.h"

#define IMAGE_MAX_BYTES (5u << 20)

/* The type the first bytes of the file say, or NULL when they are not
 * one of the four we serve. */
static const char *
image_sniff(const char *path)
{
	unsigned char h[12];
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return NULL;
	ssize_t n = read(fd, h, sizeof(h));
	close(fd);
	if (n >= 8 && memcmp(h, "\x89PNG\r\n\x1a\n", 8) == 0)
		return "image/png";
	if (n >= 3 && h[0] == 0xFF && h[1] == 0xD8 && h[2] == 0xFF)
		return "image/jpeg";
	if (n >= 6 && (memcmp(h, "GIF87a", 6) == 0 || memcmp(h, "GIF89a", 6) == 0))
		return "image/gif";
	if (n >= 12 && memcmp(h, "RIFF", 4) == 0 && memcmp(h + 8, "WEBP", 4) == 0)
		return "image/webp";
	return NULL;
}

#define IMAGE_COLS \
	"p.id, p.sku, p.name, p.version, p.image_sha256, p.image_type, p.image_name," \
	" CASE WHEN p.image_sha256 IS NOT NULL THEN '/products/' || p.id || '/image?v=' || left(p.image_sha256, 16) END" \
	" AS image_url"
DB_STMT(image_get, "SELECT " IMAGE_COLS " FROM inventory.products p WHERE p.id = $1");
DB_STMT(image_get_for_update, "SELECT " IMAGE_COLS " FROM inventory.products p WHERE p.id = $1 FOR UPDATE");
DB_STMT(image_file_insert,
    "INSERT INTO core.files (sha256, size_bytes) VALUES ($1, $2) ON CONFLICT (sha256) DO NOTHING");
/* $1 id, $2 sha (NULL: removed), $3 type, $4 name. */
DB_STMT(image_set,
    "UPDATE inventory.products p SET image_sha256 = $2, image_type = $3, image_name = $4,"
    " version = p.version + 1, updated_at = now() WHERE p.id = $1 RETURNING " IMAGE_COLS);

/* GET /products/:id/image → 200 headers only: nginx sends the bytes from
 * its internal /_files/ location with the stored type (inline, nosniff);
 * 404 no such product or no image. */
enum herr
inventory_product_image(struct request *r)
{
	json_object *p;
	enum herr e = record_get(r, &image_get, req_param_id(r, "id"), &p);
	if (e != HE_OK)
		return e;
	const char *sha = record_str(p, "image_sha256");
	if (!files_sha256_ok(sha))
		return HE_NOT_FOUND;
	resp_header(r, "X-Accel-Redirect", arena_printf(r->arena, "/_files/%.2s/%s", sha, sha + 2));
	resp_header(r, "Content-Type", files_safe_type(record_str(p, "image_type")));
	resp_header(r, "X-Content-Type-Options", "nosniff");
	resp_header(r, "Cache-Control", "private, max-age=86400");
	r->no_etag = 1;          /* the body is nginx's */
	r->status = 200;
	return HE_OK;
}

/* The image form again (HTML) with the messages, or 422 / 409. */
static enum herr
image_again(struct request *r, enum herr e, json_object *p)
{
	db_rollback(r);
	if (r->format != FMT_HTML)
		return e;
	const char *name = record_str(p, "name");
	record_crumbs(r, "Image", "Products", "/products", name, arena_printf(r->arena, "/products/%lld",
	    record_int(p, "id")), "Image", NULL, NULL);
	json_object_object_add(req_page(r), "family", json_object_new_string("inventory"));
	return record_form_again(r, e == HE_CONFLICT ? HE_CONFLICT : HE_INVALID, "inventory/product_image.cs", p);
}

/* Set (u not NULL) or remove the image, checking the version sent. */
static enum herr
image_change(struct request *r, const struct upload *u)
{
	long long id = req_param_id(r, "id");
	if (id <= 0)
		return HE_NOT_FOUND;
	const char *type = NULL;
	struct form f;
	enum herr e = db_begin(r);
	json_object *p;
	if (e != HE_OK || (e = record_get(r, &image_get_for_update, id, &p)) != HE_OK)
		return e;
	form_begin(&f, r, NULL);
	form_allow(&f, "image");
	if ((e = record_version_check(r, &f, p)) != HE_OK)
		return image_again(r, e, p);
	if (u != NULL) {
		if (u->size == 0)
			form_error(&f, "image", "The file is empty.");
		else if (u->size > IMAGE_MAX_BYTES)
			form_error(&f, "image", "The image is larger than 5 MB: make it smaller.");
		else if ((type = image_sniff(u->path)) == NULL)
			form_error(&f, "image", "Choose a PNG, JPEG, WebP or GIF image (SVG and other types are not taken).");
		else if (!files_sha256_ok(u->sha256))
			form_error(&f, "image", "The file could not be read.");
	}
	if (!form_ok(&f))
		return image_again(r, HE_INVALID, p);
	if (u != NULL) {
		/* Stored before the row points at it (as documents.c): bytes left
		 * without a row if the transaction fails are harmless. */
		if ((e = files_store(r, u)) != HE_OK ||
		    (db_q(r, &image_file_insert, u->sha256, db_int(r, (long long)u->size)) == NULL && (e = db_fail(r))))
			return e;
	}
	PGresult *res = db_q(r, &image_set, db_int(r, id), u ? u->sha256 : NULL, type,
	    u ? files_filename(r, u->filename) : NULL);
	if (res == NULL)
		return db_fail(r);
	json_object *after = req_json(r, db_row_json(res, 0));
	json_object *ev = req_obj(r), *img = NULL;
	json_object_object_add(ev, "product_id", json_object_new_int64(id));
	json_object_object_add(ev, "sku", json_object_new_string(record_str(after, "sku")));
	json_object_object_add(ev, "version", json_object_new_int64(record_int(after, "version")));
	if (u != NULL) {
		img = json_object_new_object();
		json_object_object_add(img, "sha256", json_object_new_string(u->sha256));
		json_object_object_add(img, "type", json_object_new_string(type));
		json_object_object_add(img, "name", json_object_new_string(record_str(after, "image_name")));
	}
	json_object_object_add(ev, "image", img);
	if ((e = audit_log(r, u ? "product.image_set" : "product.image_remove", "product", id, p, after)) != HE_OK ||
	    (e = outbox_emit(r, "inventory.product_image_changed", id, ev)) != HE_OK || (e = db_commit(r)) != HE_OK)
		return e;
	json_object_object_add(after, "url", json_object_new_string(arena_printf(r->arena, "/products/%lld", id)));
	return record_done(r, 0, arena_printf(r->arena, "/products/%lld", id), u ? "Image saved." : "Image removed.",
	    after);
}

/* POST /products/:id/image (multipart: image, version) → 200 the
 * product's image fields (HTML: 303 to the product); 404; 409 stale
 * version; 422 no file, empty, over 5 MB, or not PNG/JPEG/WebP/GIF by its
 * bytes. Event inventory.product_image_changed. */
enum herr
inventory_product_image_set(struct request *r)
{
	const struct upload *u = req_upload(r, "image");
	if (u == NULL) {
		long long id = req_param_id(r, "id");
		json_object *p;
		enum herr e = record_get(r, &image_get, id, &p);
		if (e != HE_OK)
			return e;
		resp_field_error(r, "image", "Choose an image file to upload.");
		return image_again(r, HE_INVALID, p);
	}
	return image_change(r, u);
}

/* DELETE /products/:id/image (version) → 200 (HTML: 303 to the product);
 * 404; 409 stale version. The file stays in the store (content-addressed,
 * maybe shared). Event inventory.product_image_changed. */
enum herr
inventory_product_image_remove(struct request *r)
{
	return image_change(r, NULL);
}
