/* bins.c: where a product sits inside a location, a shelf label such as
 * A3-02 (sql/045, docs/inventory.md "Bins"). Optional, at most one per
 * product per location; set, changed or removed by one route. The
 * product page, a location's stock and its count sheet show them (their
 * statements join inventory.product_bins themselves). */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include "inventory.h"
#include "resp.h"

#define BIN_MAX 20

DB_STMT(bin_product, "SELECT p.id, p.sku, p.name FROM inventory.products p WHERE p.id = $1 FOR NO KEY UPDATE");
DB_STMT(bin_location, "SELECT o.name, o.archived_at IS NOT NULL FROM inventory.locations o WHERE o.id = $1");
DB_STMT(bin_current,
    "SELECT b.bin, b.version FROM inventory.product_bins b WHERE b.product_id = $1 AND b.location_id = $2");
DB_STMT(bin_upsert,
    "INSERT INTO inventory.product_bins AS b (product_id, location_id, bin, updated_by) VALUES ($1, $2, $3, $4)"
    " ON CONFLICT (product_id, location_id) DO UPDATE SET bin = EXCLUDED.bin, version = b.version + 1,"
    "   updated_at = now(), updated_by = EXCLUDED.updated_by"
    " RETURNING b.version, core.rfc3339(b.updated_at)");
DB_STMT(bin_delete, "DELETE FROM inventory.product_bins WHERE product_id = $1 AND location_id = $2");

/* The label as stored: trimmed, upper case; NULL with a message when it
 * is not letters, digits and . / - (1 to 20, a letter or digit first).
 * "" means no bin. The table's CHECK says the same (the backstop). */
static const char *
bin_clean(struct request *r, const char *in, const char **msg)
{
	char *s = valid_trim(r->arena, in ? in : "");
	size_t n = strlen(s);
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (!(isascii(c) && (isalnum(c) || (i > 0 && (c == '-' || c == '.' || c == '/'))))) {
			*msg = "Letters, digits and . / - only, starting with a letter or digit (e.g. A3-02).";
			return NULL;
		}
		s[i] = (char)toupper(c);
	}
	if (n > BIN_MAX) {
		*msg = "At most 20 characters.";
		return NULL;
	}
	return s;
}

/* A refusal: JSON 422 with the fields; a browser goes back to the
 * product page with the message as a flash (as the page's reserve form). */
static enum herr
bin_refused(struct request *r, long long pid, enum herr e)
{
	db_rollback(r);
	if (r->format != FMT_HTML)
		return e;
	const char *msg = e == HE_CONFLICT ? "The bin was changed by someone else meanwhile: check it and set it again."
	    : "This bin was refused.";
	if (r->errors != NULL) {
		json_object_object_foreach(r->errors, k, v) {
			(void)k;
			msg = json_object_get_string(v);
			break;
		}
	}
	r->errors = NULL;
	return record_done(r, 0, arena_printf(r->arena, "/products/%lld", pid), msg, NULL);
}

/* POST /products/:id/bins {location_id, bin ("" or null: remove it),
 * version (optional: the bin's version read, 0 = none was set)} → 200
 * {product_id, sku, name, location_id, location_name, bin (null when
 * removed), previous_bin, version, updated_at, updated_by} (HTML: 303 to
 * the product with a flash); 404 no such product; 409 a version that is
 * not the current one (the current bin in the answer); 422 naming the
 * field: an unknown or archived location, a malformed bin. Nothing
 * changed (the same bin again): 200, no audit, no event. Audit
 * product_bin.set, event inventory.bin_set. */
enum herr
inventory_bin_set(struct request *r)
{
	long long pid = req_param_id(r, "id");
	if (pid <= 0)
		return HE_NOT_FOUND;
	enum herr e = db_begin(r);
	if (e != HE_OK)
		return e;
	/* one bin change of a product at a time: the version check below holds */
	PGresult *res = db_q(r, &bin_product, db_int(r, pid));
	if (res == NULL)
		return db_fail(r);
	if (PQntuples(res) != 1)
		return HE_NOT_FOUND;
	const char *sku = arena_strdup(r->arena, PQgetvalue(res, 0, 1));
	const char *name = arena_strdup(r->arena, PQgetvalue(res, 0, 2));

	struct form f;
	int ok;
	form_begin(&f, r, NULL);
	long long loc = form_int(&f, "location_id", V_REQUIRED, 1, 9007199254740991LL, &ok);
	json_object *bv = NULL;
	json_object_object_get_ex(req_input(r), "bin", &bv);
	form_allow(&f, "bin");
	const char *msg = NULL, *bin = NULL;
	if (bv != NULL && !json_object_is_type(bv, json_type_null) && !json_object_is_type(bv, json_type_string))
		form_error(&f, "bin", "A text such as A3-02, or empty to remove the bin.");
	else if ((bin = bin_clean(r, bv ? json_object_get_string(bv) : "", &msg)) == NULL)
		form_error(&f, "bin", msg);
	int version = form_version(&f);
	const char *loc_name = NULL;
	if (ok) {
		if ((res = db_q(r, &bin_location, db_int(r, loc))) == NULL)
			return db_fail(r);
		if (PQntuples(res) != 1)
			form_error(&f, "location_id", "No such location.");
		else if (strcmp(PQgetvalue(res, 0, 1), "t") == 0)
			form_error(&f, "location_id", "This location is archived: restore it to give it bins.");
		else
			loc_name = arena_strdup(r->arena, PQgetvalue(res, 0, 0));
	}
	if (!form_ok(&f))
		return bin_refused(r, pid, HE_INVALID);

	if ((res = db_q(r, &bin_current, db_int(r, pid), db_int(r, loc))) == NULL)
		return db_fail(r);
	const char *prev = PQntuples(res) == 1 ? arena_strdup(r->arena, PQgetvalue(res, 0, 0)) : NULL;
	long long cur_version = PQntuples(res) == 1 ? atoll(PQgetvalue(res, 0, 1)) : 0;

	json_object *out = req_obj(r);
	json_object_object_add(out, "product_id", json_object_new_int64(pid));
	json_object_object_add(out, "sku", json_object_new_string(sku));
	json_object_object_add(out, "name", json_object_new_string(name));
	json_object_object_add(out, "location_id", json_object_new_int64(loc));
	json_object_object_add(out, "location_name", json_object_new_string(loc_name));
	const char *href = arena_printf(r->arena, "/products/%lld", pid);

	/* a version given (the form always gives it) that is stale: nothing overwritten */
	json_object *vv = NULL;
	int version_given = (json_object_object_get_ex(req_input(r), "version", &vv) && vv != NULL
	    && !json_object_is_type(vv, json_type_null)) || req_header(r, "HTTP_IF_MATCH") != NULL;
	if (version == FORM_VERSION_BAD || (version_given && version != cur_version)) {
		json_object_object_add(out, "bin", prev ? json_object_new_string(prev) : NULL);
		json_object_object_add(out, "version", json_object_new_int64(cur_version));
		json_object_object_add(out, "product_url", json_object_new_string(href));
		req_set_data(r, out);
		r->problem_detail = "The bin was changed by someone else since you read it: nothing was overwritten.";
		return bin_refused(r, pid, HE_CONFLICT);
	}

	int same = (prev == NULL && *bin == '\0') || (prev != NULL && strcmp(prev, bin) == 0);
	json_object_object_add(out, "bin", *bin ? json_object_new_string(bin) : NULL);
	json_object_object_add(out, "previous_bin", prev ? json_object_new_string(prev) : NULL);
	if (same) {
		db_rollback(r);
		json_object_object_add(out, "version", json_object_new_int64(cur_version));
		json_object_object_add(out, "product_url", json_object_new_string(href));
		json_object_object_add(out, "url", json_object_new_string(href));
		return record_done(r, 0, href, *bin ? arena_printf(r->arena, "%s is in bin %s at %s already.", sku, bin,
		    loc_name) : "No bin to remove.", out);
	}
	if (*bin) {
		res = db_q(r, &bin_upsert, db_int(r, pid), db_int(r, loc), bin,
		    r->principal.user_id > 0 ? db_int(r, r->principal.user_id) : NULL);
		if (res == NULL) {
			if (strcmp(db_sqlstate(), "23514") != 0)
				return db_fail(r);
			resp_field_error(r, "bin", "Letters, digits and . / - only, at most 20 (e.g. A3-02).");
			return bin_refused(r, pid, HE_INVALID);
		}
		json_object_object_add(out, "version", json_object_new_int64(atoll(PQgetvalue(res, 0, 0))));
		json_object_object_add(out, "updated_at", json_object_new_string(PQgetvalue(res, 0, 1)));
	} else {
		if (db_q(r, &bin_delete, db_int(r, pid), db_int(r, loc)) == NULL)
			return db_fail(r);
		json_object_object_add(out, "version", json_object_new_int64(0));
		json_object_object_add(out, "updated_at", NULL);
	}
	json_object_object_add(out, "updated_by",
	    r->principal.user_id > 0 ? json_object_new_int64(r->principal.user_id) : NULL);
	json_object_object_add(out, "product_url", json_object_new_string(href));
	/* the audit's before: the bin there was at this location */
	json_object *before = req_obj(r);
	json_object_object_add(before, "location_id", json_object_new_int64(loc));
	json_object_object_add(before, "bin", prev ? json_object_new_string(prev) : NULL);
	json_object_object_add(before, "version", json_object_new_int64(cur_version));
	if ((e = record_commit(r, "product_bin.set", "product", pid, before, out, "inventory.bin_set")) != HE_OK)
		return e;
	json_object_object_add(out, "url", json_object_new_string(href));
	return record_done(r, 0, href, *bin ? arena_printf(r->arena, "%s: bin %s at %s.", sku, bin, loc_name)
	    : arena_printf(r->arena, "%s: no bin at %s any more.", sku, loc_name), out);
}
