/* test_view: json-c → HDF → ClearSilver (lib/view.c), with templates
 * written to a temporary directory by the test itself. */
#include "fixtures.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "auth.h"
#include "config.h"
#include "db.h"
#include "resp.h"
#include "view.h"

static char root[64];          /* temp dir; templates live in root/tpl */
static char tpl[96];

static void
write_file(const char *dir, const char *name, const char *text)
{
	char path[256];
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static void
remove_file(const char *dir, const char *name)
{
	char path[256];
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	unlink(path);
}

static int
group_setup(void **state)
{
	(void)state;
	snprintf(root, sizeof(root), "/tmp/hearth-test-view-XXXXXX");
	if (mkdtemp(root) == NULL)
		return -1;
	snprintf(tpl, sizeof(tpl), "%s/tpl", root);
	if (mkdir(tpl, 0700) != 0)
		return -1;
	return view_init(tpl);
}

static int
group_teardown(void **state)
{
	(void)state;
	view_shutdown();
	const char *names[] = { "esc.cs", "arr.cs", "keys.cs", "types.cs", "cache.cs", "layout.cs",
	                        "page.cs", "code.cs", "times.cs", "labels.cs", "row.cs", "rows.cs" };
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		remove_file(tpl, names[i]);
	remove_file(root, "outside.cs");
	rmdir(tpl);
	rmdir(root);
	return 0;
}

/* Render template name with data (taken), into a string the test frees. */
static char *
render(const char *name, const char *json, enum herr *e)
{
	json_object *o = json ? json_tokener_parse(json) : NULL;
	if (json != NULL)
		assert_non_null(o);
	struct buf b;
	buf_init(&b);
	*e = view_render_json(name, o, &b);
	json_object_put(o);
	char *s = strdup(b.data ? b.data : "");
	buf_free(&b);
	return s;
}

/* Every var: is HTML-escaped, in text and in attributes: a <script> and
 * quotes from data cannot break out. */
static void
data_is_escaped(void **state)
{
	(void)state;
	write_file(tpl, "esc.cs", "<p><?cs var:data.name ?></p><a title=\"<?cs var:data.quote ?>\">x</a>");
	enum herr e;
	char *out = render("esc.cs",
	    "{\"name\":\"<script>alert('x')</script> & co\",\"quote\":\"\\\" onmouseover=\\\"evil()\"}", &e);
	assert_int_equal(e, HE_OK);
	assert_null(strstr(out, "<script>"));
	assert_null(strstr(out, "\" onmouseover"));
	assert_non_null(strstr(out, "<p>&lt;script&gt;alert("));
	assert_non_null(strstr(out, "&lt;/script&gt; &amp; co</p>"));
	assert_non_null(strstr(out, "<a title=\"&quot; onmouseover=&quot;evil()\">x</a>"));
	free(out);
}

/* Template code inside data is printed, never run. */
static void
data_is_not_code(void **state)
{
	(void)state;
	write_file(tpl, "code.cs", "[<?cs var:data.v ?>]");
	enum herr e;
	char *out = render("code.cs", "{\"v\":\"<?cs var:data.secret ?>\",\"secret\":\"s3\"}", &e);
	assert_int_equal(e, HE_OK);
	assert_string_equal(out, "[&lt;?cs var:data.secret ?&gt;]");
	free(out);
}

/* Arrays become nodes 0..N-1 (each: walks them in order); nested
 * objects become nested nodes. */
static void
arrays_are_indexed(void **state)
{
	(void)state;
	write_file(tpl, "arr.cs",
	    "<?cs each:i = data.items ?>(<?cs name:i ?>:<?cs var:i.v ?>)<?cs /each ?>"
	    "|<?cs var:data.items.1.v ?>|<?cs var:data.tags.0 ?>,<?cs var:data.tags.1 ?>"
	    "|<?cs var:data.c.d.e ?>|<?cs var:subcount(data.items) ?>");
	enum herr e;
	char *out = render("arr.cs",
	    "{\"items\":[{\"v\":\"a\"},{\"v\":\"b\"},{\"v\":\"c\"}],\"tags\":[\"x\",\"y\"],\"c\":{\"d\":{\"e\":\"deep\"}}}", &e);
	assert_int_equal(e, HE_OK);
	assert_string_equal(out, "(0:a)(1:b)(2:c)|b|x,y|deep|3");
	free(out);
}

/* Keys that are not plain lower-case words are skipped: a dot would
 * address another HDF node (path injection), upper case and other
 * characters are refused too. */
static void
unsafe_keys_skipped(void **state)
{
	(void)state;
	write_file(tpl, "keys.cs",
	    "[<?cs var:data.a.b ?>][<?cs if:?data.a ?>has-a<?cs /if ?>][<?cs var:data.Upper ?>]"
	    "[<?cs var:data.ok_1 ?>][<?cs var:data.items.0.x.y ?>][<?cs var:data.items.0.z ?>]");
	enum herr e;
	char *out = render("keys.cs",
	    "{\"a.b\":\"injected\",\"Upper\":\"no\",\"dash-key\":\"no\",\"\":\"no\",\"ok_1\":\"yes\","
	    "\"items\":[{\"x.y\":\"injected\",\"z\":\"kept\"}]}", &e);
	assert_int_equal(e, HE_OK);
	assert_string_equal(out, "[][][][yes][][kept]");
	free(out);
}

/* null is absent (if:? is false), booleans are "1"/"0", numbers print
 * as JSON writes them. */
static void
scalar_types(void **state)
{
	(void)state;
	write_file(tpl, "types.cs",
	    "[<?cs if:?data.n ?>set<?cs else ?>absent<?cs /if ?>]"
	    "[<?cs var:data.t ?>][<?cs var:data.f ?>]"
	    "[<?cs if:data.t ?>T<?cs /if ?><?cs if:data.f ?>F<?cs /if ?>]"
	    "[<?cs var:data.i ?>][<?cs var:data.neg ?>][<?cs var:data.s ?>]");
	enum herr e;
	char *out = render("types.cs", "{\"n\":null,\"t\":true,\"f\":false,\"i\":42,\"neg\":-7,\"s\":\"\"}", &e);
	assert_int_equal(e, HE_OK);
	assert_string_equal(out, "[absent][1][0][T][42][-7][]");
	free(out);
	/* No data at all renders with everything absent. */
	out = render("types.cs", NULL, &e);
	assert_int_equal(e, HE_OK);
	assert_string_equal(out, "[absent][][][][][][]");
	free(out);
}

/* Templates are read once per worker: a change on disk shows only after
 * view_shutdown + view_init. */
static void
templates_cached(void **state)
{
	(void)state;
	write_file(tpl, "cache.cs", "version one");
	enum herr e;
	char *out = render("cache.cs", "{}", &e);
	assert_string_equal(out, "version one");
	free(out);
	write_file(tpl, "cache.cs", "version two");
	out = render("cache.cs", "{}", &e);
	assert_string_equal(out, "version one");
	free(out);
	view_shutdown();
	assert_int_equal(view_init(tpl), 0);
	out = render("cache.cs", "{}", &e);
	assert_string_equal(out, "version two");
	free(out);
}

/* A missing template, or a name that climbs out of the template
 * directory (even to a file that exists), is an error, not a page. */
static void
bad_template_names(void **state)
{
	(void)state;
	write_file(root, "outside.cs", "SECRET OUTSIDE");
	enum herr e;
	char *out = render("no-such.cs", "{}", &e);
	assert_int_equal(e, HE_INTERNAL);
	free(out);
	out = render("../outside.cs", "{}", &e);
	assert_int_equal(e, HE_INTERNAL);
	assert_null(strstr(out, "SECRET"));
	free(out);
	char abs[256];
	snprintf(abs, sizeof(abs), "%s/outside.cs", root);
	out = render(abs, "{}", &e);
	assert_int_equal(e, HE_INTERNAL);
	assert_null(strstr(out, "SECRET"));
	free(out);
}

/* A page: the request's template inside layout.cs, with page., data.,
 * form., errors., req.q, the user and what they may do (can.*), and a
 * flash message read from its cookie (then cleared). */
static void
page_in_layout(void **state)
{
	(void)state;
	write_file(tpl, "layout.cs",
	    "<?cs var:page.title ?>|<?cs var:user.name ?>|"
	    "<?cs if:can.customers_read ?>R<?cs /if ?><?cs if:can.customers_write ?>W<?cs /if ?>"
	    "<?cs if:can.customers_admin ?>A<?cs /if ?><?cs if:can.projects_read ?>P<?cs /if ?>|"
	    "<?cs var:flash.kind ?>:<?cs var:flash.message ?>|<?cs include:page.template ?>");
	write_file(tpl, "page.cs", "<?cs var:data.name ?>/<?cs var:form.name ?>/<?cs var:errors.name ?>/<?cs var:req.q ?>");
	struct arena *a = arena_new();
	struct request r;
	req_init(&r, a);
	static const char *perms[] = { "customers:write" };
	r.principal.user_id = 7;
	r.principal.name = "Ann <admin>";
	r.principal.email = "ann@example.com";
	r.principal.role = "staff";
	r.principal.perms = perms;
	r.principal.nperms = 1;
	r.template = "page.cs";
	r.page = json_tokener_parse("{\"title\":\"Customers & co\"}");
	r.data = json_tokener_parse("{\"name\":\"D<\"}");
	r.form_values = json_tokener_parse("{\"name\":\"F>\"}");
	r.errors = json_tokener_parse("{\"name\":\"E\\\"\"}");
	kv_add(a, &r.query, "q", "x<y");
	kv_add(a, &r.cookies, "hearth_flash", "success%3ASaved%20%3Cb%3E");
	struct buf out;
	buf_init(&out);
	auth_view_prepare(&r);          /* app.c does this before every HTML answer */
	assert_int_equal(view_render(&r, 1, &out), HE_OK);
	assert_string_equal(out.data,
	    "Customers &amp; co|Ann &lt;admin&gt;|RW|success:Saved &lt;b&gt;|D&lt;/F&gt;/E&quot;/x&lt;y");
	assert_string_equal(kv_get(&r.out_headers, "Set-Cookie"),
	    "hearth_flash=; Path=/; SameSite=Lax; HttpOnly; Max-Age=0");

	/* Without the layout: the page alone. A flash of an unknown kind is
	 * not shown (but still cleared); signed out, no user and no can.*. */
	buf_reset(&out);
	req_cleanup(&r);
	req_init(&r, a);
	r.template = "page.cs";
	assert_int_equal(view_render(&r, 0, &out), HE_OK);
	assert_string_equal(out.data, "///");
	assert_null(kv_get(&r.out_headers, "Set-Cookie"));
	buf_reset(&out);
	kv_add(a, &r.cookies, "hearth_flash", "evil%3A%3Cb%3E");
	assert_int_equal(view_render(&r, 1, &out), HE_OK);
	assert_string_equal(out.data, "|||:|///");
	assert_string_equal(kv_get(&r.out_headers, "Set-Cookie"),
	    "hearth_flash=; Path=/; SameSite=Lax; HttpOnly; Max-Age=0");
	buf_free(&out);
	req_cleanup(&r);
	arena_free(a);
}

/* UTC timestamps ("…Z", as the database gives them) are shown in the
 * company's zone (config timezone, applied by view_init) with their
 * offset; other strings are left alone. */
static void
times_in_company_zone(void **state)
{
	(void)state;
	config_set("timezone", "America/Chicago");
	view_shutdown();
	assert_int_equal(view_init(tpl), 0);
	write_file(tpl, "times.cs",
	    "<?cs var:data.winter ?>|<?cs var:data.summer ?>|<?cs var:data.items.0 ?>|<?cs var:data.date ?>|"
	    "<?cs var:data.zx ?>|<?cs var:data.word ?>");
	enum herr e;
	char *out = render("times.cs",
	    "{\"winter\":\"2026-11-23T21:53:52Z\",\"summer\":\"2026-07-01T12:00:00Z\","
	    "\"items\":[\"2026-01-01T00:30:00Z\"],\"date\":\"2026-11-23\",\"zx\":\"2026-11-23T21:53:52Zx\","
	    "\"word\":\"abcd-ef-ghTij:kl:mnZ\"}", &e);
	assert_int_equal(e, HE_OK);
	assert_string_equal(out, "2026-11-23T15:53:52-06:00|2026-07-01T07:00:00-05:00|2025-12-31T18:30:00-06:00|"
	    "2026-11-23|2026-11-23T21:53:52Zx|abcd-ef-ghTij:kl:mnZ");
	free(out);
	/* Both sides of a change to daylight saving time, a time before 1970,
	 * and the words pages show for them (fmt_date, fmt_datetime). */
	write_file(tpl, "times2.cs",
	    "<?cs var:data.a ?>|<?cs var:data.b ?>|<?cs var:data.old ?>|<?cs var:fmt_date(data.b) ?>|"
	    "<?cs var:fmt_datetime(data.b) ?>|<?cs var:fmt_date(data.day) ?>|<?cs var:fmt_datetime(data.word) ?>|"
	    "<?cs var:fmt_date(data.none) ?>");
	out = render("times2.cs",
	    "{\"a\":\"2026-03-08T07:59:59Z\",\"b\":\"2026-03-08T08:00:00Z\",\"old\":\"1969-12-31T23:00:00Z\","
	    "\"day\":\"2026-11-03\",\"word\":\"<b>\"}", &e);
	assert_int_equal(e, HE_OK);
	assert_string_equal(out, "2026-03-08T01:59:59-06:00|2026-03-08T03:00:00-05:00|1969-12-31T17:00:00-06:00|"
	    "8 Mar 2026|8 Mar 2026, 03:00|3 Nov 2026|&lt;b&gt;|");
	free(out);
	config_set("timezone", "UTC");
	view_shutdown();
	assert_int_equal(view_init(tpl), 0);
	out = render("times.cs", "{\"winter\":\"2026-11-23T21:53:52Z\"}", &e);
	assert_int_equal(strncmp(out, "2026-11-23T21:53:52+00:00|", 26), 0);
	free(out);
	config_clear();
}

/* Money and counts grouped by thousands from their digits as text, past
 * what a 32-bit ClearSilver number holds; anything else unchanged. An
 * arithmetic result goes through a set: first (ClearSilver hands a string
 * function a bare number expression back untouched): the money macros do. */
static void
money_and_counts(void **state)
{
	(void)state;
	write_file(tpl, "money.cs",
	    "<?cs each:v = data.v ?><?cs var:fmt_money(v) ?>|<?cs /each ?>/"
	    "<?cs each:v = data.v ?><?cs var:fmt_int(v) ?>|<?cs /each ?>/"
	    "<?cs set:x = #data.v.4 - #data.v.3 ?><?cs var:fmt_money(x) ?>|<?cs set:x = 0 - #data.v.2 ?><?cs var:fmt_money(x) ?>");
	enum herr e;
	char *out = render("money.cs",
	    "{\"v\":[0, 5, 99, 100, 123456, -84999, 9007199254740993, \"\", \"12a\", \"-0\", \"<b>\", \"007\"]}", &e);
	assert_int_equal(e, HE_OK);
	assert_string_equal(out,
	    "$0.00|$0.05|$0.99|$1.00|$1,234.56|\xe2\x88\x92$849.99|$90,071,992,547,409.93||12a|$0.00|&lt;b&gt;|$0.07|/"
	    "0|5|99|100|123,456|\xe2\x88\x92" "84,999|9,007,199,254,740,993||12a|0|&lt;b&gt;|7|/"
	    "$1,233.56|\xe2\x88\x92$0.99");
	free(out);
}

/* Enum values get their words from view.c's one table, as
 * labels.<set>.<value> in the table's order (for lookups and selects). */
static void
enum_labels(void **state)
{
	(void)state;
	write_file(tpl, "enums.cs",
	    "<?cs var:labels.customer_kind[data.kind] ?>|<?cs var:labels.communication_kind[data.items.0.kind] ?>|"
	    "<?cs var:labels.channel[data.items.1.preferred_channel] ?>|<?cs var:labels.property_type.hospitality ?>|"
	    "<?cs each:o = labels.customer_kind ?><?cs var:name(o) ?>=<?cs var:o ?>;<?cs /each ?>");
	enum herr e;
	char *out = render("enums.cs",
	    "{\"kind\":\"commercial\",\"items\":[{\"kind\":\"site_visit\"},{\"preferred_channel\":\"phone\"}]}", &e);
	assert_int_equal(e, HE_OK);
	assert_string_equal(out, "Commercial|Site visit|Phone call|Hospitality|residential=Residential;commercial=Commercial;");
	free(out);
}

/* A page's error summary gets a label per field in errors (underscores
 * as spaces, capitalised); unsafe keys get none. */
static void
error_labels(void **state)
{
	(void)state;
	write_file(tpl, "labels.cs",
	    "[<?cs var:error_labels.billing_postal_code ?>][<?cs each:l = error_labels ?><?cs name:l ?>;<?cs /each ?>]");
	struct arena *a = arena_new();
	struct request r;
	req_init(&r, a);
	r.template = "labels.cs";
	r.errors = json_tokener_parse("{\"billing_postal_code\":\"Required.\",\"Bad.Key\":\"x\",\"name\":\"y\"}");
	struct buf out;
	buf_init(&out);
	assert_int_equal(view_render(&r, 0, &out), HE_OK);
	assert_string_equal(out.data, "[Billing postal code][billing_postal_code;name;]");
	buf_free(&out);
	req_cleanup(&r);
	arena_free(a);
}

/* A page template that does not exist is an error (500), not an empty
 * page inside the layout. */
static void
missing_page_template(void **state)
{
	(void)state;
	write_file(tpl, "layout.cs", "<html><?cs include:page.template ?></html>");
	view_shutdown();
	assert_int_equal(view_init(tpl), 0);
	struct arena *a = arena_new();
	struct request r;
	req_init(&r, a);
	r.template = "no-such-page.cs";
	struct buf out;
	buf_init(&out);
	assert_int_equal(view_render(&r, 1, &out), HE_INTERNAL);
	buf_free(&out);
	req_cleanup(&r);
	arena_free(a);
}

/* A result made in memory: columns id, name, note (text), rows of three
 * values each (NULL is SQL NULL). */
static PGresult *
result_of(const char *const (*rows)[3], int n)
{
	PGresult *res = PQmakeEmptyPGresult(NULL, PGRES_TUPLES_OK);
	PGresAttDesc att[3] = {
		{ .name = "id", .typid = 25, .typlen = -1, .atttypmod = -1 },
		{ .name = "name", .typid = 25, .typlen = -1, .atttypmod = -1 },
		{ .name = "note", .typid = 25, .typlen = -1, .atttypmod = -1 },
	};
	assert_int_equal(PQsetResultAttrs(res, 3, att), 1);
	for (int i = 0; i < n; i++)
		for (int c = 0; c < 3; c++)
			assert_int_equal(PQsetvalue(res, i, c, (char *)rows[i][c], rows[i][c] ? (int)strlen(rows[i][c]) : -1), 1);
	return res;
}

/* What view.c counts (rendered, kept): view_rows_counts or view_pages_counts. */
typedef void counts_fn(unsigned long *rendered, unsigned long *kept);
struct counted { counts_fn *counts; unsigned long rendered0, kept0; };

static struct counted
counting(counts_fn *counts)
{
	struct counted c = { counts, 0, 0 };
	counts(&c.rendered0, &c.kept0);
	return c;
}

/* r rendered without the layout is html, and since counting() began
 * view.c has rendered and kept so many; r is cleaned up (its data put). */
static void
render_counted(struct request *r, const struct counted *c, const char *html, unsigned long rendered,
               unsigned long kept)
{
	struct buf out;
	buf_init(&out);
	assert_int_equal(view_render(r, 0, &out), HE_OK);
	assert_string_equal(out.data, html);
	unsigned long now_rendered, now_kept;
	c->counts(&now_rendered, &now_kept);
	assert_int_equal(now_rendered - c->rendered0, rendered);
	assert_int_equal(now_kept - c->kept0, kept);
	buf_free(&out);
	req_cleanup(r);
}

/* Rows through a row template: escaped as any var:, printed by the page
 * with uvar:rendered.items, rendered once per content and kept, so an
 * edited row (or NULL turned "") shows its new values, never the kept ones. */
static void
rows_rendered_once_per_content(void **state)
{
	(void)state;
	write_file(tpl, "row.cs", "[<?cs var:row.id ?>:<?cs var:row.name ?>:<?cs if:?row.note ?>note=<?cs var:row.note ?>"
	    "<?cs else ?>null<?cs /if ?><?cs var:user.name ?>]");
	write_file(tpl, "rows.cs", "<?cs uvar:rendered.items ?>");
	view_shutdown();
	assert_int_equal(view_init(tpl), 0);
	static const char *const first[][3] = {
		{ "1", "Ann <b>", NULL }, { "2", "Bob", "" }, { "1", "Ann <b>", NULL }, { "1", "Ann <b>", "" },
	};
	static const char *const second[][3] = {
		{ "1", "Ann <b>", NULL }, { "2", "Bobby", "" },
	};
	const struct { const char *const (*rows)[3]; int n; const char *html; unsigned long rendered, kept; } pages[] = {
		{ first, 4, "[1:Ann &lt;b&gt;:null][2:Bob:note=][1:Ann &lt;b&gt;:null][1:Ann &lt;b&gt;:note=]", 3, 1 },
		{ first, 4, "[1:Ann &lt;b&gt;:null][2:Bob:note=][1:Ann &lt;b&gt;:null][1:Ann &lt;b&gt;:note=]", 3, 5 },
		{ second, 2, "[1:Ann &lt;b&gt;:null][2:Bobby:note=]", 4, 6 },
	};
	struct counted c = counting(view_rows_counts);
	for (size_t p = 0; p < sizeof(pages) / sizeof(pages[0]); p++) {
		struct arena *a = arena_new();
		struct request r;
		req_init(&r, a);
		r.principal.user_id = 7;
		r.principal.name = "not seen by a row";
		r.template = "rows.cs";
		PGresult *res = result_of(pages[p].rows, pages[p].n);
		json_object *items = db_rows_lazy(&r, res, pages[p].n, NULL);
		db_rows_row_template(items, "row.cs");
		r.data = json_object_new_object();
		json_object_object_add(r.data, "items", items);
		render_counted(&r, &c, pages[p].html, pages[p].rendered, pages[p].kept);
		arena_free(a);
		PQclear(res);
	}
}

/* A page asked again with the same input is the kept one; any change in
 * its input (a value, a user) renders it again, with the change. */
static void
pages_kept_by_their_whole_input(void **state)
{
	(void)state;
	write_file(tpl, "page.cs", "<?cs var:data.name ?>/<?cs var:user.name ?>");
	view_shutdown();
	assert_int_equal(view_init(tpl), 0);
	const struct { const char *name, *user, *html; unsigned long rendered, kept; } asks[] = {
		{ "Ann", "u1", "Ann/u1", 1, 0 },
		{ "Ann", "u1", "Ann/u1", 1, 1 },
		{ "Ann <b>", "u1", "Ann &lt;b&gt;/u1", 2, 1 },
		{ "Ann <b>", "u2", "Ann &lt;b&gt;/u2", 3, 1 },
		{ "Ann", "u1", "Ann/u1", 3, 2 },
	};
	struct counted c = counting(view_pages_counts);
	for (size_t i = 0; i < sizeof(asks) / sizeof(asks[0]); i++) {
		struct arena *a = arena_new();
		struct request r;
		req_init(&r, a);
		r.principal.user_id = 7;
		r.principal.name = asks[i].user;
		r.template = "page.cs";
		r.data = json_object_new_object();
		json_object_object_add(r.data, "name", json_object_new_string(asks[i].name));
		render_counted(&r, &c, asks[i].html, asks[i].rendered, asks[i].kept);
		arena_free(a);
	}
}

/* A template whose pages never repeat stops being keyed after 64 misses
 * in a row, and is only looked up every 16th time; the first of those
 * lookups that hits makes it a kept page again. */
static void
never_repeated_pages_not_keyed(void **state)
{
	(void)state;
	write_file(tpl, "odds.cs", "<?cs var:data.name ?>");
	view_shutdown();
	assert_int_equal(view_init(tpl), 0);
	struct counted c = counting(view_pages_counts);
	for (int i = 0; i < 104; i++) {
		char name[16];
		snprintf(name, sizeof(name), "n%d", i < 64 ? i : 999);   /* 64 new pages, then one page again and again */
		struct arena *a = arena_new();
		struct request r;
		req_init(&r, a);
		r.template = "odds.cs";
		r.data = json_object_new_object();
		json_object_object_add(r.data, "name", json_object_new_string(name));
		/* asks 65-79 not looked up, 80 looked up (miss, kept), 81-95 not
		 * looked up, 96 looked up (hit): from then on every ask is kept */
		unsigned long rendered = i < 95 ? (unsigned long)i + 1 : 95, kept = i < 95 ? 0 : (unsigned long)i - 94;
		render_counted(&r, &c, name, rendered, kept);
		arena_free(a);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(data_is_escaped),
		cmocka_unit_test(data_is_not_code),
		cmocka_unit_test(arrays_are_indexed),
		cmocka_unit_test(unsafe_keys_skipped),
		cmocka_unit_test(scalar_types),
		cmocka_unit_test(templates_cached),
		cmocka_unit_test(bad_template_names),
		cmocka_unit_test(page_in_layout),
		cmocka_unit_test(times_in_company_zone),
		cmocka_unit_test(error_labels),
		cmocka_unit_test(money_and_counts),
		cmocka_unit_test(enum_labels),
		cmocka_unit_test(missing_page_template),
		cmocka_unit_test(rows_rendered_once_per_content),
		cmocka_unit_test(pages_kept_by_their_whole_input),
		cmocka_unit_test(never_repeated_pages_not_keyed),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
