/* test_record: the steps every resource shares (lib/record.c) that need
 * no database: the optimistic version check, the answer after a change,
 * a form shown again, records as form values. The sanitizer build's leak
 * checker and ASan hold req.h's rule to account: record_* borrow what
 * they are given (taking a reference of their own where they store it)
 * and what they return is the request arena's, never put by the caller. */
#include "fixtures.h"
#include <stdlib.h>
#include <string.h>
#include "record.h"
#include "resp.h"

/* A fresh request with this JSON body (NULL: none) and a form over it. */
static void
fresh(struct fx *x, enum req_format fmt, const char *json)
{
	fx_fresh_reset(x);
	x->r.format = fmt;
	if (json != NULL) {
		x->r.json = json_tokener_parse(json);
		assert_non_null(x->r.json);
	}
	form_begin(&x->f, &x->r, NULL);
}

/* An arena-owned object, as handlers make them. */
static json_object *
parsed(struct fx *x, const char *json)
{
	json_object *o = req_json(&x->r, json_tokener_parse(json));
	assert_non_null(o);
	return o;
}

static const char *
header(const struct request *r, const char *name)
{
	return kv_get(&r->out_headers, name);
}

/* An update without the version it read is refused with a field error
 * naming both ways to send it. */
static void
version_missing(void **state)
{
	struct fx *x = *state;
	fresh(x, FMT_JSON, "{\"name\":\"x\"}");
	json_object *cur = json_tokener_parse("{\"id\":3,\"version\":5}");
	assert_int_equal(record_version_check(&x->r, &x->f, cur), HE_INVALID);
	json_object *v;
	assert_true(json_object_object_get_ex(x->r.errors, "version", &v));
	assert_non_null(strstr(json_object_get_string(v), "If-Match"));
	assert_false(form_ok(&x->f));
	assert_null(x->r.data);
	json_object_put(cur);
}

/* A stale version is a conflict: the current record becomes the answer's
 * data (for the 409 body and the form page) and the caller keeps its own
 * reference; the JSON problem carries it as "current". */
static void
version_stale(void **state)
{
	struct fx *x = *state;
	fresh(x, FMT_JSON, "{\"version\":4}");
	json_object *cur = json_tokener_parse("{\"id\":3,\"version\":5,\"name\":\"Theirs\"}");
	assert_int_equal(record_version_check(&x->r, &x->f, cur), HE_CONFLICT);
	assert_ptr_equal(x->r.data, cur);
	assert_non_null(x->r.problem_detail);
	json_object_put(cur);                                  /* ours; r->data keeps its own */
	resp_render(&x->r, HE_CONFLICT);
	assert_int_equal(x->r.status, 409);
	json_object *p = json_tokener_parse(x->r.body.data), *c, *n;
	assert_true(json_object_object_get_ex(p, "current", &c));
	assert_true(json_object_object_get_ex(c, "name", &n));
	assert_string_equal(json_object_get_string(n), "Theirs");
	json_object_put(p);
}

/* The current version (as a field or through If-Match) passes and
 * leaves the answer alone. */
static void
version_current(void **state)
{
	struct fx *x = *state;
	json_object *cur = json_tokener_parse("{\"id\":3,\"version\":5}");
	fresh(x, FMT_JSON, "{\"version\":\"5\"}");
	assert_int_equal(record_version_check(&x->r, &x->f, cur), HE_OK);
	assert_null(x->r.data);
	fresh(x, FMT_JSON, "{}");
	kv_add(x->a, &x->r.headers, "HTTP_IF_MATCH", "W/\"5\"");
	assert_int_equal(record_version_check(&x->r, &x->f, cur), HE_OK);
	assert_true(form_ok(&x->f));
	json_object_put(cur);
}

/* After a change a browser is sent on (303 + flash); a JSON client gets
 * the record, with 201 + Location when it was created. */
static void
done_by_format(void **state)
{
	struct fx *x = *state;
	fresh(x, FMT_HTML, NULL);
	assert_int_equal(record_done(&x->r, 1, "/customers/9", "Customer added.",
	    parsed(x, "{\"id\":9}")), HE_OK);
	assert_int_equal(x->r.status, 303);
	assert_string_equal(header(&x->r, "Location"), "/customers/9");
	assert_non_null(strstr(header(&x->r, "Set-Cookie"), "hearth_flash=success%3ACustomer%20added."));
	assert_null(x->r.data);

	fresh(x, FMT_JSON, NULL);
	assert_int_equal(record_done(&x->r, 1, "/customers/9", "Customer added.",
	    parsed(x, "{\"id\":9}")), HE_OK);
	assert_int_equal(x->r.status, 201);
	assert_string_equal(header(&x->r, "Location"), "/customers/9");
	assert_null(header(&x->r, "Set-Cookie"));
	assert_non_null(x->r.data);

	fresh(x, FMT_JSON, NULL);
	assert_int_equal(record_done(&x->r, 0, "/customers/9", NULL, parsed(x, "{\"id\":9,\"version\":2}")), HE_OK);
	assert_int_equal(x->r.status, 200);
	assert_null(header(&x->r, "Location"));
	assert_null(x->r.template);
	assert_int_equal(record_int(x->r.data, "version"), 2);
}

/* A failed form shown again (HTML): its template, the record as data,
 * the user's input as form values. On a conflict the current record set
 * by the version check stays. JSON clients just get the error. */
static void
form_again(void **state)
{
	struct fx *x = *state;
	fresh(x, FMT_HTML, "{\"name\":\"Typed\",\"email\":\"bad\"}");
	assert_int_equal(record_form_again(&x->r, HE_INVALID, "customers/form.cs",
	    parsed(x, "{\"id\":4,\"name\":\"Saved\"}")), HE_INVALID);
	assert_string_equal(x->r.template, "customers/form.cs");
	assert_string_equal(record_str(x->r.data, "name"), "Saved");
	assert_string_equal(record_str(x->r.form_values, "name"), "Typed");

	fresh(x, FMT_HTML, "{\"version\":1}");
	json_object *cur = parsed(x, "{\"id\":4,\"version\":2,\"name\":\"Theirs\"}");
	assert_int_equal(record_version_check(&x->r, &x->f, cur), HE_CONFLICT);
	assert_int_equal(record_form_again(&x->r, HE_CONFLICT, "customers/form.cs", cur), HE_CONFLICT);
	assert_string_equal(record_str(x->r.data, "name"), "Theirs");
	assert_non_null(x->r.form_values);

	fresh(x, FMT_JSON, "{\"version\":1}");
	cur = parsed(x, "{\"id\":4,\"version\":2}");
	assert_int_equal(record_version_check(&x->r, &x->f, cur), HE_CONFLICT);
	assert_int_equal(record_form_again(&x->r, HE_CONFLICT, "customers/form.cs", cur), HE_CONFLICT);
	assert_null(x->r.template);
	assert_int_equal(record_int(x->r.data, "version"), 2);

	fresh(x, FMT_JSON, "{}");
	assert_int_equal(record_form_again(&x->r, HE_INVALID, "customers/form.cs",
	    parsed(x, "{\"id\":4}")), HE_INVALID);
	assert_null(x->r.data);
}

/* The steps borrow: an object the caller owns outlives the request's
 * answer (r->data took a reference of its own) and the caller puts it
 * once; giving r->data its own object again is safe. */
static void
steps_borrow(void **state)
{
	struct fx *x = *state;
	json_object *rec = json_tokener_parse("{\"id\":4,\"version\":2,\"name\":\"Kept\"}");
	fresh(x, FMT_JSON, NULL);
	assert_int_equal(record_done(&x->r, 0, "/customers/4", NULL, rec), HE_OK);
	assert_ptr_equal(x->r.data, rec);
	fresh(x, FMT_HTML, NULL);
	assert_int_equal(record_done(&x->r, 1, "/customers/4", "Saved.", rec), HE_OK);
	assert_null(x->r.data);
	fresh(x, FMT_HTML, "{\"version\":1}");
	assert_int_equal(record_version_check(&x->r, &x->f, rec), HE_CONFLICT);
	assert_int_equal(record_form_again(&x->r, HE_CONFLICT, "customers/form.cs", rec), HE_CONFLICT);
	assert_int_equal(record_form_again(&x->r, HE_INVALID, "customers/form.cs", x->r.data), HE_INVALID);
	assert_ptr_equal(x->r.data, rec);
	fresh(x, FMT_JSON, "{}");
	assert_int_equal(record_form_again(&x->r, HE_INVALID, "customers/form.cs", rec), HE_INVALID);
	fx_fresh_reset(x);
	assert_string_equal(record_str(rec, "name"), "Kept");
	json_object_put(rec);
}

/* A record as form values: arrays of strings joined with ", " (nulls
 * and objects left out), everything else as it is. The form is the
 * request arena's: nobody puts it. */
static void
as_form(void **state)
{
	struct fx *x = *state;
	json_object *rec = json_tokener_parse(
	    "{\"name\":\"Ann\",\"tags\":[\"vip\",\"north\"],\"none\":[],\"mixed\":[\"x\",null,{\"o\":1},2],"
	    "\"n\":3,\"nul\":null,\"ok\":true}");
	json_object *f = record_as_form(&x->r, rec);
	assert_string_equal(record_str(f, "tags"), "vip, north");
	assert_string_equal(record_str(f, "none"), "");
	assert_string_equal(record_str(f, "mixed"), "x, 2");
	assert_string_equal(record_str(f, "name"), "Ann");
	assert_int_equal(record_int(f, "n"), 3);
	assert_null(record_str(f, "nul"));
	assert_true(json_object_object_get_ex(f, "nul", NULL));
	assert_string_equal(record_str(f, "ok"), "true");
	json_object_put(rec);                                  /* f holds its own references */
	assert_string_equal(record_str(f, "name"), "Ann");
}

/* Breadcrumbs: the page title, then label/href pairs (href may be NULL
 * for the current page). */
static void
crumbs(void **state)
{
	struct fx *x = *state;
	record_crumbs(&x->r, "Ann Lee", "Customers", "/customers", "Ann Lee", NULL, NULL);
	assert_string_equal(record_str(x->r.page, "title"), "Ann Lee");
	json_object *c;
	assert_true(json_object_object_get_ex(x->r.page, "crumbs", &c));
	assert_string_equal(json_object_to_json_string_ext(c, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE),
	    "[{\"label\":\"Customers\",\"href\":\"/customers\"},{\"label\":\"Ann Lee\"}]");
}

/* record_int / record_str on absent, null and present fields; record_get
 * refuses non-positive ids before asking the database. */
static void
accessors(void **state)
{
	struct fx *x = *state;
	json_object *rec = json_tokener_parse("{\"id\":12,\"name\":\"Ann\",\"nul\":null,\"s\":\"34\"}");
	assert_int_equal(record_int(rec, "id"), 12);
	assert_int_equal(record_int(rec, "s"), 34);
	assert_int_equal(record_int(rec, "nul"), 0);
	assert_int_equal(record_int(rec, "absent"), 0);
	assert_string_equal(record_str(rec, "name"), "Ann");
	assert_null(record_str(rec, "nul"));
	assert_null(record_str(rec, "absent"));
	json_object_put(rec);
	static struct db_stmt never = { "never", "SELECT 1", 0, 0 };
	json_object *out = (json_object *)1;
	assert_int_equal(record_get(&x->r, &never, 0, &out), HE_NOT_FOUND);
	assert_null(out);
	assert_int_equal(record_get(&x->r, &never, -5, &out), HE_NOT_FOUND);
	assert_int_equal(x->r.db_queries, 0);
}

#define T(fn) FX_TEST(fn)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		T(version_missing),
		T(version_stale),
		T(version_current),
		T(done_by_format),
		T(form_again),
		T(steps_borrow),
		T(as_form),
		T(crumbs),
		T(accessors),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
