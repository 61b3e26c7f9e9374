/* test_route: matching method + path against a family's table (lib/route.c). */
#include "fixtures.h"
#include <stdlib.h>
#include <string.h>
#include "route.h"

static enum herr h_list(struct request *r) { (void)r; return HE_OK; }
static enum herr h_new(struct request *r) { (void)r; return HE_OK; }
static enum herr h_create(struct request *r) { (void)r; return HE_OK; }
static enum herr h_show(struct request *r) { (void)r; return HE_OK; }
static enum herr h_update(struct request *r) { (void)r; return HE_OK; }
static enum herr h_archive(struct request *r) { (void)r; return HE_OK; }
static enum herr h_contact(struct request *r) { (void)r; return HE_OK; }

static const struct route table[] = {
	{ "GET",    "/customers",                       h_list,    "customers:read" },
	{ "GET",    "/customers/new",                   h_new,     "customers:write" },
	{ "POST",   "/customers",                       h_create,  "customers:write" },
	{ "GET",    "/customers/:id",                   h_show,    "customers:read" },
	{ "PATCH",  "/customers/:id",                   h_update,  "customers:write" },
	{ "DELETE", "/customers/:id",                   h_archive, "customers:write" },
	{ "GET",    "/customers/:id/contacts/:cid",     h_contact, "customers:read" },
};
#define NROUTES (sizeof(table) / sizeof(table[0]))

/* Match method + path on a fresh request; *out gets the route. */
static enum herr
match(struct fx *f, enum http_method m, const char *name, const char *path, const struct route **out)
{
	fx_fresh(f);
	f->r.method = m;
	f->r.method_name = name;
	f->r.path = path;
	*out = NULL;
	return route_match(table, NROUTES, &f->r, out);
}

static const char *
header(const struct request *r, const char *name)
{
	return kv_get(&r->out_headers, name);
}

/* A fixed path matches its route, with no params. */
static void
fixed_path(void **state)
{
	struct fx *f = *state;
	const struct route *rt;
	assert_int_equal(match(f, HM_GET, "GET", "/customers", &rt), HE_OK);
	assert_ptr_equal(rt->handler, h_list);
	assert_int_equal(f->r.params.n, 0);
	assert_int_equal(match(f, HM_POST, "POST", "/customers", &rt), HE_OK);
	assert_ptr_equal(rt->handler, h_create);
}

/* :params take one whole segment each, by name. */
static void
params_captured(void **state)
{
	struct fx *f = *state;
	const struct route *rt;
	assert_int_equal(match(f, HM_GET, "GET", "/customers/42", &rt), HE_OK);
	assert_ptr_equal(rt->handler, h_show);
	assert_int_equal(f->r.params.n, 1);
	assert_string_equal(req_param(&f->r, "id"), "42");
	assert_int_equal(req_param_id(&f->r, "id"), 42);
	assert_int_equal(match(f, HM_GET, "GET", "/customers/42/contacts/7", &rt), HE_OK);
	assert_ptr_equal(rt->handler, h_contact);
	assert_int_equal(f->r.params.n, 2);
	assert_string_equal(req_param(&f->r, "id"), "42");
	assert_string_equal(req_param(&f->r, "cid"), "7");
	/* A param value is whatever the segment holds; the handler checks it. */
	assert_int_equal(match(f, HM_GET, "GET", "/customers/abc", &rt), HE_OK);
	assert_string_equal(req_param(&f->r, "id"), "abc");
	assert_int_equal(req_param_id(&f->r, "id"), 0);
}

/* A trailing slash is the same page, for fixed and param routes. */
static void
trailing_slash(void **state)
{
	struct fx *f = *state;
	const struct route *rt;
	assert_int_equal(match(f, HM_GET, "GET", "/customers/", &rt), HE_OK);
	assert_ptr_equal(rt->handler, h_list);
	assert_int_equal(match(f, HM_GET, "GET", "/customers/42/", &rt), HE_OK);
	assert_ptr_equal(rt->handler, h_show);
	assert_string_equal(req_param(&f->r, "id"), "42");
	/* but not two of them, nor an empty segment for a param */
	assert_int_equal(match(f, HM_GET, "GET", "/customers//", &rt), HE_NOT_FOUND);
	assert_int_equal(match(f, HM_GET, "GET", "/customers/42//", &rt), HE_NOT_FOUND);
}

/* The first matching route wins: /customers/new is not customer "new". */
static void
first_match_wins(void **state)
{
	struct fx *f = *state;
	const struct route *rt;
	assert_int_equal(match(f, HM_GET, "GET", "/customers/new", &rt), HE_OK);
	assert_ptr_equal(rt->handler, h_new);
	assert_int_equal(f->r.params.n, 0);
	assert_null(req_param(&f->r, "id"));
	/* PATCH /customers/new is the :id route (no other answers PATCH). */
	assert_int_equal(match(f, HM_PATCH, "PATCH", "/customers/new", &rt), HE_OK);
	assert_ptr_equal(rt->handler, h_update);
	assert_string_equal(req_param(&f->r, "id"), "new");
}

/* Paths no pattern matches are a 404, with no Allow header. */
static void
no_match_404(void **state)
{
	struct fx *f = *state;
	const struct route *rt;
	const char *paths[] = { "/", "/nope", "/customer", "/customersx", "/customers/42/extra",
	                        "/customers/42/contacts", "/customers/42/contacts/", "/Customers" };
	for (size_t i = 0; i < sizeof(paths) / sizeof(paths[0]); i++) {
		assert_int_equal(match(f, HM_GET, "GET", paths[i], &rt), HE_NOT_FOUND);
		assert_null(rt);
		assert_null(header(&f->r, "Allow"));
	}
}

/* A known path with the wrong method is a 405 whose Allow header lists
 * the methods that path answers (GET implying HEAD), each once. */
static void
method_mismatch_405(void **state)
{
	struct fx *f = *state;
	const struct route *rt;
	assert_int_equal(match(f, HM_PUT, "PUT", "/customers/42", &rt), HE_METHOD);
	assert_null(rt);
	assert_string_equal(header(&f->r, "Allow"), "GET, HEAD, PATCH, DELETE");
	assert_int_equal(match(f, HM_DELETE, "DELETE", "/customers", &rt), HE_METHOD);
	assert_string_equal(header(&f->r, "Allow"), "GET, HEAD, POST");
	/* /customers/new matches both its own GET and the :id routes. */
	assert_int_equal(match(f, HM_POST, "POST", "/customers/new", &rt), HE_METHOD);
	assert_string_equal(header(&f->r, "Allow"), "GET, HEAD, PATCH, DELETE");
	assert_int_equal(match(f, HM_OTHER, "BREW", "/customers/42/contacts/1", &rt), HE_METHOD);
	assert_string_equal(header(&f->r, "Allow"), "GET, HEAD");
	assert_int_equal(f->r.params.n, 0);            /* no params from a refused match */
}

/* HEAD is served by the GET route. */
static void
head_is_get(void **state)
{
	struct fx *f = *state;
	const struct route *rt;
	assert_int_equal(match(f, HM_HEAD, "HEAD", "/customers/9", &rt), HE_OK);
	assert_ptr_equal(rt->handler, h_show);
	assert_string_equal(req_param(&f->r, "id"), "9");
	assert_int_equal(match(f, HM_HEAD, "HEAD", "/customers", &rt), HE_OK);
	assert_ptr_equal(rt->handler, h_list);
}

/* route_pattern_match directly: segment boundaries are respected and a
 * param never spans a '/'. */
static void
pattern_match_direct(void **state)
{
	struct fx *f = *state;
	struct kvlist p = { 0 };
	assert_true(route_pattern_match(f->a, "/a/:x/b", "/a/1/b", &p));
	assert_string_equal(kv_get(&p, "x"), "1");
	assert_false(route_pattern_match(f->a, "/a/:x/b", "/a/1/2/b", NULL));
	assert_false(route_pattern_match(f->a, "/a/:x", "/a", NULL));
	assert_false(route_pattern_match(f->a, "/a/:x", "/a/", NULL));
	assert_false(route_pattern_match(f->a, "/a", "/ab", NULL));
	assert_false(route_pattern_match(f->a, "/ab", "/a", NULL));
	assert_true(route_pattern_match(f->a, "/a/:x/:y", "/a/%20/y", NULL));
}

#define T(fn) FX_TEST(fn)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		T(fixed_path),
		T(params_captured),
		T(trailing_slash),
		T(first_match_wins),
		T(no_match_404),
		T(method_mismatch_405),
		T(head_is_get),
		T(pattern_match_direct),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
