/* resource.c: list, show, new, edit, create, update, archive and restore,
 * run from a resource's table (resource.h). Every step a resource shares
 * lives here once; what differs between resources is data in the table. */
#include <ctype.h>
#include <string.h>
#include "audit.h"
#include "record.h"
#include "resource.h"
#include "resp.h"
#include "utf8.h"

#define RES_MAX_FIELDS 40
#define RES_MAX_PARAMS 48

/* ---- small pieces ---- */

const char *
res_href(struct request *r, const struct resource *res, long long id)
{
	return arena_printf(r->arena, "%s/%lld", res->path, id);
}

/* The handlers' places in the API contract (RES_HANDLER, RES_API): GNU ld
 * defines __start_/__stop_ for a section named like a C identifier. */
extern const struct res_api *const __start_hearth_api[] __attribute__((weak));
extern const struct res_api *const __stop_hearth_api[] __attribute__((weak));

const struct res_api *const *
res_api_linked(size_t *n)
{
	*n = __start_hearth_api == NULL ? 0 : (size_t)(__stop_hearth_api - __start_hearth_api);
	return __start_hearth_api;
}

void
res_links(struct request *r, const struct resource *res, json_object *obj)
{
	if (r->format == FMT_HTML || obj == NULL || !json_object_is_type(obj, json_type_object))
		return;
	long long id = record_int(obj, "id");
	if (id <= 0)
		return;
	const char *href = res_href(r, res, id);
	json_object_object_add(obj, "url", json_object_new_string(href));
	if (res->parent != NULL) {
		long long pid = record_int(obj, res->parent->field);
		if (pid > 0)
			json_object_object_add(obj, arena_printf(r->arena, "%s_url", res->parent->singular),
			    json_object_new_string(arena_printf(r->arena, "%s/%lld", res->parent->path, pid)));
	}
	for (size_t i = 0; res->links != NULL && res->links[i].name != NULL; i++)
		json_object_object_add(obj, res->links[i].name,
		    json_object_new_string(arena_printf(r->arena, "%s%s", href, res->links[i].suffix)));
	/* the show page's rows (a customer's contacts) link their records too */
	for (size_t i = 0; res->read_fields != NULL && res->read_fields[i].name != NULL; i++) {
		const struct res_field *fd = &res->read_fields[i];
		json_object *rows = NULL;
		if (fd->kind != RK_ROWS || fd->path == NULL || !json_object_object_get_ex(obj, fd->name, &rows) ||
		    !json_object_is_type(rows, json_type_array))
			continue;
		for (size_t k = 0; k < json_object_array_length(rows); k++) {
			json_object *row = json_object_array_get_idx(rows, k);
			long long rid = json_object_is_type(row, json_type_object) ? record_int(row, "id") : 0;
			if (rid > 0)
				json_object_object_add(row, "url",
				    json_object_new_string(arena_printf(r->arena, "%s/%lld", fd->path, rid)));
		}
	}
}

/* The answer of a step that answers one record (r->data), with its links. */
static enum herr
with_links(struct request *r, const struct resource *res, enum herr e)
{
	if (e == HE_OK || e == HE_CONFLICT)     /* 409: the current record */
		res_links(r, res, r->data);
	return e;
}

static const char *
parent_href(struct request *r, const struct res_parent *p, long long id)
{
	return arena_printf(r->arena, "%s/%lld", p->path, id);
}

int
res_query_flag(const struct request *r, const char *name)
{
	const char *v = req_query(r, name);
	return v != NULL && (strcmp(v, "1") == 0 || strcmp(v, "true") == 0 || strcmp(v, "on") == 0);
}

/* "Contact" → "contact", for "New contact" and "Edit contact". */
static const char *
lower_label(struct request *r, const struct resource *res)
{
	char *s = arena_strdup(r->arena, res->label);
	s[0] = (char)tolower((unsigned char)s[0]);
	return s;
}

/* The outbox event of a change: "customer.created", or with an
 * event_prefix "inventory.product_created". */
static const char *
event_name(struct request *r, const struct resource *res, const char *what)
{
	if (res->event_prefix != NULL)
		return arena_printf(r->arena, "%s%s", res->event_prefix, what);
	return arena_printf(r->arena, "%s.%s", res->name, what);
}

static void
set_family(struct request *r, const struct resource *res)
{
	json_object_object_add(req_page(r), "family", json_object_new_string(res->family));
}

/* ---- breadcrumbs: one trail per kind of page ---- */

enum crumbs_page { CR_LIST, CR_SHOW, CR_NEW, CR_EDIT };

/* The trail starts at the parent's list and page (a child) or at the
 * resource's own list (top level); then the record, then the action. */
static void
crumbs(struct request *r, const struct resource *res, enum crumbs_page page, long long parent_id,
       const char *parent_name, json_object *rec, const char *new_title)
{
	const struct res_parent *p = res->parent;
	const char *title_of_rec = rec ? record_str(rec, res->title_field) : NULL;
	const char *root = p ? p->label : res->plural, *root_href = p ? p->path : res->path;
	const char *pname = parent_id ? parent_name : NULL;
	const char *phref = parent_id ? parent_href(r, p, parent_id) : NULL;
	const char *action = NULL, *title;
	switch (page) {
	case CR_LIST:
		if (pname == NULL) {
			record_crumbs(r, res->plural, res->plural, NULL, NULL);
			break;
		}
		title = arena_printf(r->arena, "%s · %s", res->plural, pname);
		record_crumbs(r, title, root, root_href, pname, phref, res->plural, NULL, NULL);
		break;
	case CR_SHOW:
		if (pname != NULL)
			record_crumbs(r, title_of_rec, root, root_href, pname, phref, res->plural,
			    arena_printf(r->arena, "%s%s", phref, res->path), title_of_rec, NULL, NULL);
		else
			record_crumbs(r, title_of_rec, root, root_href, title_of_rec, NULL, NULL);
		break;
	case CR_NEW:
		action = new_title ? new_title : arena_printf(r->arena, "New %s", lower_label(r, res));
		if (pname != NULL)
			record_crumbs(r, action, root, root_href, pname, phref, action, NULL, NULL);
		else
			record_crumbs(r, action, root, root_href, action, NULL, NULL);
		break;
	case CR_EDIT: {
		title = arena_printf(r->arena, "Edit %s", lower_label(r, res));
		const char *href = res_href(r, res, record_int(rec, "id"));
		if (pname != NULL)
			record_crumbs(r, title, root, root_href, pname, phref, title_of_rec, href, "Edit", NULL, NULL);
		else
			record_crumbs(r, title, root, root_href, title_of_rec, href, "Edit", NULL, NULL);
		break;
	}
	}
	set_family(r, res);
}

/* The parent of a record: its id from the record, its name from the
 * record's name column. */
static long long
rec_parent_id(const struct resource *res, json_object *rec)
{
	return res->parent ? record_int(rec, res->parent->field) : 0;
}

static const char *
rec_parent_name(const struct resource *res, json_object *rec)
{
	return res->parent ? record_str(rec, res->parent->name_field) : NULL;
}

/* ---- lists ---- */

/* "%5550142%" when q looks like a phone number (4+ digits, nothing else
 * but separators), so "(555) 014-2" finds "555-0142"; else NULL. */
static const char *
phone_like(struct request *r, const char *q)
{
	char digits[64];
	size_t n = 0;
	if (q == NULL)
		return NULL;
	for (const char *p = q; *p; p++) {
		if (isdigit((unsigned char)*p)) {
			if (n < sizeof(digits) - 1)
				digits[n++] = *p;
		} else if (!strchr(" +-().", *p)) {
			return NULL;
		}
	}
	digits[n] = '\0';
	return n >= 4 ? arena_printf(r->arena, "%%%s%%", digits) : NULL;
}

/* Does s (UTF-8) hold a letter? Bytes >= 0x80 count: non-ASCII text is
 * words, not numbers. */
static int
has_letters(const char *s)
{
	for (; s != NULL && *s; s++)
		if (isalpha((unsigned char)*s) || (unsigned char)*s >= 0x80)
			return 1;
	return 0;
}

static const char *
lower_copy(struct request *r, const char *s)
{
	if (s == NULL)
		return NULL;
	char *l = arena_strdup(r->arena, s);
	for (char *p = l; *p; p++)
		*p = (char)tolower((unsigned char)*p);
	return l;
}

static int
choice_ok(const char *const *choices, const char *v)
{
	for (size_t i = 0; choices[i]; i++)
		if (strcmp(choices[i], v) == 0)
			return 1;
	return 0;
}

static int
id_ok(const char *s)
{
	size_t n = strlen(s);
	return n > 0 && n <= 18 && strspn(s, "0123456789") == n && strspn(s, "0") != n;
}

/* What a list page needs besides its rows: the parent, the filters as
 * given (so the form shows them again) and the archived switch. */
static json_object *
list_page_data(struct request *r, const struct resource *res, const struct res_list_ctx *lc, json_object *out)
{
	if (r->format != FMT_HTML)
		return out;
	/* how many rows the page shows: a row template's rows are HTML by now
	 * (rendered.items), not nodes subcount() could count */
	json_object *items = NULL;
	json_object_object_get_ex(out, "items", &items);
	json_object_object_add(out, "count", json_object_new_int(items ? (int)json_object_array_length(items) : 0));
	if (res->hooks != NULL && res->hooks->list_data != NULL)
		res->hooks->list_data(r, lc->parent_id, out);
	if (lc->parent != NULL)
		json_object_object_add(out, res->parent->data_key, json_object_get(lc->parent));
	for (size_t i = 0; res->filters && res->filters[i].name; i++)
		if (lc->filter_values[i] != NULL)
			json_object_object_add(out, res->filters[i].name, json_object_new_string(lc->filter_values[i]));
	if (lc->with_archived)
		json_object_object_add(out, "archived", json_object_new_string("1"));
	return out;
}

enum herr
res_list_begin(struct request *r, const struct resource *res, struct res_list_ctx *lc)
{
	memset(lc, 0, sizeof(*lc));
	if (res->parent != NULL && req_param(r, res->parent->param) != NULL) {
		lc->parent_id = req_param_id(r, res->parent->param);
		enum herr pe = record_get(r, res->parent->get, lc->parent_id, &lc->parent);
		if (pe != HE_OK)
			return pe;
	}
	enum herr e = list_parse(r, res->sorts, &lc->lq);
	for (size_t i = 0; res->filters && res->filters[i].name && i < RES_MAX_FILTERS; i++) {
		const struct res_filter *fl = &res->filters[i];
		const char *v = req_query(r, fl->name);
		if (v == NULL || *v == '\0')
			continue;
		if ((fl->kind == RF_CHOICE && !choice_ok(fl->choices, v)) || (fl->kind == RF_ID && !id_ok(v))) {
			resp_field_error(r, fl->name, fl->message);
			continue;
		}
		if (fl->kind == RF_TEXT && utf8_chars(v) > fl->max) {
			resp_field_error(r, fl->name, arena_printf(r->arena, "At most %zu characters.", fl->max));
			continue;
		}
		lc->filter_values[i] = v;
	}
	lc->with_archived = res_query_flag(r, "archived");
	if (r->format == FMT_HTML)
		crumbs(r, res, CR_LIST, lc->parent_id, lc->parent ? record_str(lc->parent, "name") : NULL, NULL, NULL);
	if (e != HE_OK || r->errors != NULL) {
		r->template = res->tpl_list;
		req_set_data(r, list_page_data(r, res, lc, req_obj(r)));
		return HE_INVALID;
	}
	return HE_OK;
}

int
res_list_params(struct request *r, const struct resource *res, const struct res_list_ctx *lc,
                const char **vals, int cap)
{
	const struct list_query *lq = &lc->lq;
	int n = 0;
	for (; res->list_params[n] != LP_END && n < cap; n++) {
		const char *v = NULL;
		enum res_lparam p = res->list_params[n];
		switch (p) {
		case LP_END:               break;
		case LP_PARENT:            v = lc->parent ? db_int(r, lc->parent_id) : NULL; break;
		case LP_Q:                 v = lq->q; break;
		case LP_LIKE:              v = lq->like; break;
		case LP_LIKE_LOWER:        v = lower_copy(r, lq->like); break;
		case LP_Q_UNLESS_PHONE:    v = phone_like(r, lq->q) ? NULL : lq->q; break;
		case LP_Q_IF_LETTERS:      v = has_letters(lq->q) ? lq->q : NULL; break;
		case LP_PHONE_LIKE:        v = phone_like(r, lq->q); break;
		case LP_ARCHIVED:          v = lc->with_archived ? "true" : "false"; break;
		case LP_AFTER_KEY:         v = lq->after_key; break;
		case LP_AFTER_ID:          v = lq->after_id; break;
		case LP_LIMIT1:            v = lq->limit_plus_one; break;
		default:
			v = p - LP_FILTER0 < RES_MAX_FILTERS ? lc->filter_values[p - LP_FILTER0] : NULL;
			break;
		}
		vals[n] = v;
	}
	return n;
}

enum herr
res_list_answer(struct request *r, const struct resource *res, const struct res_list_ctx *lc, PGresult *rows)
{
	json_object *out = req_json(r, list_answer_as_is(r, &lc->lq, rows));
	if (r->format == FMT_JSON) {
		json_object *items = NULL;
		json_object_object_get_ex(out, "items", &items);
		db_rows_link(items, res->path);    /* each item's "url" */
	}
	if (r->format == FMT_HTML) {
		json_object *items = NULL;
		json_object_object_get_ex(out, "items", &items);
		if (res->html_columns != NULL)
			db_rows_only(items, res->html_columns);
		if (res->html_row != NULL)
			db_rows_row_template(items, res->html_row);
	}
	list_page_data(r, res, lc, out);
	r->csv_columns = res->csv_columns;
	r->csv_filename = res->csv_filename;
	return resp_ok(r, res->tpl_list, out);
}

/* Browsing: no search text, and every filter given is one the browse
 * statements take. */
static int
browsing(const struct resource *res, const struct res_list_ctx *lc)
{
	if (res->browse == NULL || lc->lq.q != NULL)
		return 0;
	for (size_t i = 0; res->filters && res->filters[i].name && i < RES_MAX_FILTERS; i++) {
		if (lc->filter_values[i] == NULL)
			continue;
		int taken = 0;
		for (size_t j = 0; res->browse_params[j] != LP_END; j++)
			taken |= res->browse_params[j] == LP_FILTER(i);
		if (!taken)
			return 0;
	}
	return 1;
}

/* The browse parameters: on the first page the cursor's are left out. */
static int
browse_params(struct request *r, const struct resource *res, const struct res_list_ctx *lc, const char **vals)
{
	enum res_lparam kept[RES_MAX_PARAMS + 1];
	size_t n = 0;
	for (size_t j = 0; res->browse_params[j] != LP_END && n < RES_MAX_PARAMS; j++) {
		enum res_lparam p = res->browse_params[j];
		if (lc->lq.after_id == NULL && (p == LP_AFTER_KEY || p == LP_AFTER_ID))
			continue;
		kept[n++] = p;
	}
	kept[n] = LP_END;
	struct resource view = *res;
	view.list_params = kept;
	return res_list_params(r, &view, lc, vals, RES_MAX_PARAMS);
}

/* The rows of one list page: browse, search in steps, or the list
 * statement of the sort. */
static PGresult *
list_rows(struct request *r, const struct resource *res, const struct res_list_ctx *lc)
{
	const char *vals[RES_MAX_PARAMS];
	int sort = lc->lq.sort_index;
	if (browsing(res, lc)) {
		int n = browse_params(r, res, lc, vals);
		return db_exec(r, res->browse[sort][lc->lq.after_id ? 1 : 0], n, vals);
	}
	int n = res_list_params(r, res, lc, vals, RES_MAX_PARAMS);
	if (lc->lq.q != NULL && res->search != NULL)
		return search_run(r, &res->search[sort], &lc->lq, phone_like(r, lc->lq.q) == NULL, n, vals);
	return db_exec(r, res->list_stmts[sort], n, vals);
}

enum herr
res_list(struct request *r, const struct resource *res)
{
	struct res_list_ctx lc;
	enum herr e = res_list_begin(r, res, &lc);
	if (e != HE_OK)
		return e;
	PGresult *rows = list_rows(r, res, &lc);
	if (rows == NULL)
		return db_fail(r);
	return res_list_answer(r, res, &lc, rows);
}

/* ---- one record ---- */

enum herr
res_show(struct request *r, const struct resource *res)
{
	json_object *rec;
	enum herr e = record_get(r, res->get_full ? res->get_full : res->get, req_param_id(r, "id"), &rec);
	if (e != HE_OK)
		return e;
	if (r->format == FMT_HTML)
	{
		crumbs(r, res, CR_SHOW, rec_parent_id(res, rec), rec_parent_name(res, rec), rec, NULL);
		if (res->hooks != NULL && res->hooks->show_data != NULL && (e = res->hooks->show_data(r, rec)) != HE_OK)
			return e;
	}
	return with_links(r, res, resp_ok(r, res->tpl_show, rec));
}

/* Date-times in obj as the browser's datetime-local input shows them
 * (company time, to the minute): "2026-11-23T20:30:00Z" → "2026-11-23T14:30". */
static void
local_inputs(struct request *r, const struct resource *res, json_object *obj)
{
	for (size_t i = 0; obj != NULL && res->fields[i].name; i++) {
		if (res->fields[i].kind != RK_DATETIME)
			continue;
		const char *utc = record_str(obj, res->fields[i].name);
		if (utc != NULL && strlen(utc) == 20 && utc[19] == 'Z')
			json_object_object_add(obj, res->fields[i].name,
			    json_object_new_string(valid_utc_to_local_input(r->arena, utc)));
	}
}

/* The form's own values: the record's, date-times as the input shows them. */
static json_object *
form_of_record(struct request *r, const struct resource *res, json_object *rec)
{
	json_object *fv = record_as_form(r, rec);
	local_inputs(r, res, fv);
	return fv;
}

static const char *
new_title(struct request *r, const struct resource *res, json_object *form_values)
{
	if (res->hooks == NULL || res->hooks->new_title == NULL)
		return NULL;
	return res->hooks->new_title(r, form_values);
}

/* The new form's page data: the parent it will belong to. */
static json_object *
new_data(struct request *r, const struct resource *res, long long parent_id, json_object *parent)
{
	json_object *d = req_obj(r);
	if (parent != NULL) {
		json_object_object_add(d, res->parent->field, json_object_new_int64(parent_id));
		json_object_object_add(d, res->parent->name_field, json_object_new_string(record_str(parent, "name")));
	}
	return d;
}

static enum herr
form_data_hook(struct request *r, const struct resource *res, long long parent_id, json_object *rec,
               json_object *data)
{
	if (r->format != FMT_HTML || res->hooks == NULL || res->hooks->form_data == NULL || data == NULL)
		return HE_OK;
	return res->hooks->form_data(r, parent_id, rec, data);
}

/* The parent named by the route (:param), locked or not. */
static enum herr
route_parent(struct request *r, const struct resource *res, int lock, long long *id, json_object **parent)
{
	*id = 0;
	*parent = NULL;
	if (res->parent == NULL)
		return HE_OK;
	*id = req_param_id(r, res->parent->param);
	return record_get(r, lock ? res->parent->lock : res->parent->get, *id, parent);
}

enum herr
res_new(struct request *r, const struct resource *res)
{
	long long pid;
	json_object *parent;
	enum herr e = route_parent(r, res, 0, &pid, &parent);
	if (e != HE_OK)
		return e;
	json_object *fv = req_obj(r);
	for (size_t i = 0; res->fields[i].name; i++)
		if (res->fields[i].def != NULL)
			json_object_object_add(fv, res->fields[i].name, json_object_new_string(res->fields[i].def));
	if (res->hooks != NULL && res->hooks->new_form != NULL && (e = res->hooks->new_form(r, pid, fv)) != HE_OK)
		return e;
	req_set_form_values(r, fv);
	json_object *d = new_data(r, res, pid, parent);
	crumbs(r, res, CR_NEW, pid, parent ? record_str(parent, "name") : NULL, NULL, new_title(r, res, fv));
	if ((e = form_data_hook(r, res, pid, NULL, d)) != HE_OK)
		return e;
	return resp_ok(r, res->tpl_form, d);
}

enum herr
res_edit(struct request *r, const struct resource *res)
{
	json_object *rec;
	enum herr e = record_get(r, res->get, req_param_id(r, "id"), &rec);
	if (e != HE_OK)
		return e;
	long long pid = rec_parent_id(res, rec);
	crumbs(r, res, CR_EDIT, pid, rec_parent_name(res, rec), rec, NULL);
	req_set_form_values(r, form_of_record(r, res, rec));
	if ((e = form_data_hook(r, res, pid, rec, rec)) != HE_OK)
		return e;
	return resp_ok(r, res->tpl_form, rec);
}

/* ---- changes ---- */

/* The record a PATCH starts from, with its links: a script that sends
 * back what it read passes them unchanged (changed: "Read-only."). A
 * copy, so the audit's before stays the row. */
static json_object *
with_own_links(struct request *r, const struct resource *res, json_object *cur)
{
	if (r->format == FMT_HTML)
		return cur;
	json_object *base = req_obj(r);
	json_object_object_foreach(cur, key, val)
		json_object_object_add(base, key, json_object_get(val));
	res_links(r, res, base);
	return base;
}

/* Checks every field of the table (for PATCH, f->base keeps what is not
 * sent), then the resource's own check. */
static enum herr
read_fields(struct request *r, const struct resource *res, struct form *f, long long parent_id)
{
	for (int n = 0; res->fields[n].name && n < RES_MAX_FIELDS; n++) {
		const struct res_field *fd = &res->fields[n];
		int ok;
		switch (fd->kind) {
		case RK_TEXT:     form_text(f, fd->name, fd->flags, fd->max); break;
		case RK_EMAIL:    form_email(f, fd->name, fd->flags); break;
		case RK_PHONE:    form_phone(f, fd->name, fd->flags); break;
		case RK_ENUM:     form_enum(f, fd->name, fd->flags, fd->choices, fd->def); break;
		case RK_BOOL:     form_bool(f, fd->name); break;
		case RK_INT:      form_int(f, fd->name, fd->flags, fd->min, fd->max_int, &ok); break;
		case RK_ID:       form_int(f, fd->name, fd->flags, 1, 999999999999999999LL, &ok); break;
		case RK_DATE:     form_date(f, fd->name, fd->flags); break;
		case RK_DATETIME: form_datetime(f, fd->name, fd->flags); break;
		case RK_LIST:     form_list(f, fd->name, fd->max, fd->item_max); break;
		case RK_ROWS:     break;                /* read only: never a field */
		}
	}
	if (res->hooks != NULL && res->hooks->check != NULL) {
		enum herr e = res->hooks->check(r, res, f, parent_id);
		if (e != HE_OK && e != HE_INVALID)
			return e;          /* the check itself failed (database) */
	}
	return HE_OK;
}

/* The clean values as SQL parameters in table order (a list as a text[]
 * literal); taken after the hooks, which may adjust f->out. */
static int
field_params(struct request *r, const struct resource *res, struct form *f, const char **vals)
{
	int n = 0;
	for (; res->fields[n].name && n < RES_MAX_FIELDS; n++) {
		const char *name = res->fields[n].name;
		if (res->fields[n].kind == RK_LIST) {
			json_object *items = NULL;
			json_object_object_get_ex(f->out, name, &items);
			vals[n] = valid_pg_array(r->arena, items);
		} else {
			vals[n] = form_get(f, name);
		}
	}
	return n;
}

/* After a change: a browser goes to the record (or back to the parent's
 * page where the record is listed), a script gets the record. */
static const char *
after_change(struct request *r, const struct resource *res, int back, long long id, long long parent_id)
{
	return r->format == FMT_HTML && (res->back_to_parent & back) && parent_id
	    ? parent_href(r, res->parent, parent_id) : res_href(r, res, id);
}

static enum herr
done(struct request *r, const struct resource *res, int created, long long id, long long parent_id,
     const char *flash, json_object *rec)
{
	const char *loc = after_change(r, res, created ? RES_BACK_CREATE : RES_BACK_UPDATE, id, parent_id);
	return with_links(r, res, record_done(r, created, loc, flash, rec));
}

static enum herr
before_write(struct request *r, const struct resource *res, struct form *f, long long parent_id, long long id)
{
	if (res->hooks == NULL || res->hooks->before_write == NULL)
		return HE_OK;
	return res->hooks->before_write(r, f, parent_id, id);
}

enum herr
res_create(struct request *r, const struct resource *res)
{
	enum herr e = db_begin(r);
	if (e != HE_OK)
		return e;
	long long pid;
	json_object *parent;
	if ((e = route_parent(r, res, 1, &pid, &parent)) != HE_OK)
		return e;
	struct form f;
	const char *vals[RES_MAX_PARAMS];
	int off = res->parent ? 1 : 0;
	form_begin(&f, r, NULL);
	if ((e = read_fields(r, res, &f, pid)) != HE_OK)
		return e;
	if (!form_ok(&f)) {
		db_rollback(r);
		e = record_form_again(r, HE_INVALID, res->tpl_form, new_data(r, res, pid, parent));
		local_inputs(r, res, r->form_values);
		crumbs(r, res, CR_NEW, pid, parent ? record_str(parent, "name") : NULL, NULL,
		    new_title(r, res, r->form_values));
		enum herr he = form_data_hook(r, res, pid, NULL, r->data);
		return he != HE_OK ? he : e;
	}
	if ((e = before_write(r, res, &f, pid, 0)) != HE_OK)
		return e;
	if (res->parent)
		vals[0] = db_int(r, pid);
	int n = off + field_params(r, res, &f, vals + off);
	if (res->insert_creator)
		vals[n++] = r->principal.user_id > 0 ? db_int(r, r->principal.user_id) : NULL;
	PGresult *rows = db_exec(r, res->insert, n, vals);
	if (rows == NULL)
		return db_fail(r);
	json_object *rec = req_json(r, db_row_json(rows, 0));
	long long id = record_int(rec, "id");
	e = record_commit(r, arena_printf(r->arena, "%s.create", res->name), res->name, id, NULL, rec,
	    event_name(r, res, "created"));
	if (e != HE_OK)
		return e;
	const char *flash = res->hooks && res->hooks->created_flash ? res->hooks->created_flash(r, rec)
	    : res->created_flash;
	return done(r, res, 1, id, pid, flash, rec);
}

/* The record to change, locked: for a child, its parent first (parent,
 * then child, everywhere: no deadlock), so changes to one parent's
 * children are serialised. *parent is NULL for a top-level resource. */
static enum herr
lock_record(struct request *r, const struct resource *res, long long id, json_object **parent,
            json_object **cur)
{
	*parent = NULL;
	enum herr e;
	if (res->parent != NULL) {
		json_object *peek;
		if ((e = record_get(r, res->get, id, &peek)) != HE_OK)
			return e;
		if ((e = record_get(r, res->parent->lock, rec_parent_id(res, peek), parent)) != HE_OK)
			return e;
	}
	return record_get(r, res->get_for_update, id, cur);
}

/* A change of the record the route names (:id): the transaction, then
 * the record locked (its parent first). */
static enum herr
begin_on_record(struct request *r, const struct resource *res, long long *id, json_object **parent,
                json_object **cur)
{
	*id = req_param_id(r, "id");
	enum herr e = db_begin(r);
	if (e != HE_OK)
		return e;
	return lock_record(r, res, *id, parent, cur);
}

enum herr
res_update(struct request *r, const struct resource *res)
{
	long long id;
	json_object *parent, *cur;
	enum herr e = begin_on_record(r, res, &id, &parent, &cur);
	if (e != HE_OK)
		return e;
	long long pid = rec_parent_id(res, cur);
	struct form f;
	const char *vals[RES_MAX_PARAMS];
	form_begin(&f, r, with_own_links(r, res, cur));
	for (size_t i = 0; res->show_fields != NULL && res->show_fields[i] != NULL; i++)
		form_allow(&f, res->show_fields[i]);
	if ((e = read_fields(r, res, &f, pid)) != HE_OK)
		return e;
	e = form_ok(&f) ? record_version_check(r, &f, cur) : HE_INVALID;
	if (e != HE_OK) {
		db_rollback(r);
		crumbs(r, res, CR_EDIT, pid, rec_parent_name(res, cur), cur, NULL);
		/* on 409 r->data is the current record: shown as the inputs show it */
		e = with_links(r, res, record_form_again(r, e, res->tpl_form, cur));
		if (r->format == FMT_HTML) {
			local_inputs(r, res, r->data);
			local_inputs(r, res, r->form_values);
		}
		enum herr he = form_data_hook(r, res, pid, cur, r->data);
		return he != HE_OK ? he : e;
	}
	if ((e = before_write(r, res, &f, pid, id)) != HE_OK)
		return e;
	vals[0] = db_int(r, id);
	vals[1] = db_int(r, record_int(cur, "version"));
	int n = 2 + field_params(r, res, &f, vals + 2);
	PGresult *rows = db_exec(r, res->update, n, vals);
	if (rows == NULL)
		return db_fail(r);
	json_object *rec = req_json(r, db_row_json(rows, 0));
	e = record_commit(r, arena_printf(r->arena, "%s.update", res->name), res->name, id, cur, rec,
	    event_name(r, res, "updated"));
	if (e != HE_OK)
		return e;
	return done(r, res, 0, id, pid, res->saved_flash, rec);
}

/* Archive or restore: history stays; an archived record leaves lists.
 * Already so: nothing changes. A child is not restored while its parent
 * is archived. A browser goes to the parent's page after a child's
 * archive (RES_BACK_ARCHIVE), else to the record. */
static enum herr
set_archived(struct request *r, const struct resource *res, int archive)
{
	long long id;
	json_object *parent, *cur;
	enum herr e = begin_on_record(r, res, &id, &parent, &cur);
	if (e != HE_OK)
		return e;
	long long pid = rec_parent_id(res, cur);
	if (!archive && parent != NULL && record_str(cur, "archived_at") != NULL &&
	    record_str(parent, "archived_at") != NULL) {
		db_rollback(r);
		const char *parent_name = res->parent->singular;
		r->problem_detail = arena_printf(r->arena, "This %s's %s is archived. Restore the %s first.",
		    lower_label(r, res), parent_name, parent_name);
		return HE_INVALID;
	}
	const char *loc = after_change(r, res, archive ? RES_BACK_ARCHIVE : 0, id, pid);
	return with_links(r, res, record_set_archived(r, res->set_archived, res->name, res->label, id, archive,
	    cur, loc, event_name(r, res, archive ? "archived" : "restored")));
}

enum herr
res_archive(struct request *r, const struct resource *res)
{
	return set_archived(r, res, 1);
}

enum herr
res_restore(struct request *r, const struct resource *res)
{
	return set_archived(r, res, 0);
}
