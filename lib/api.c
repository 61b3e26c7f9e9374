/* api.c: the route table and the resource descriptors as JSON, for the
 * contract's generator (api.h). */
#include <string.h>
#include <json-c/json.h>
#include "api.h"
#include "resource.h"

static const char *const kind_names[] = {
	[RK_TEXT] = "text", [RK_EMAIL] = "email", [RK_PHONE] = "phone", [RK_ENUM] = "enum",
	[RK_BOOL] = "bool", [RK_INT] = "int", [RK_ID] = "id", [RK_DATE] = "date",
	[RK_DATETIME] = "datetime", [RK_LIST] = "list", [RK_ROWS] = "rows",
};

/* The layer's operations by name: what a route does to its resource. */
static const struct {
	const char *name;
	enum herr (*op)(struct request *r, const struct resource *res);
} ops[] = {
	{ "list", res_list }, { "show", res_show }, { "new", res_new }, { "edit", res_edit },
	{ "create", res_create }, { "update", res_update }, { "archive", res_archive },
	{ "restore", res_restore },
};

static json_object *
str_or_null(const char *s)
{
	return s ? json_object_new_string(s) : NULL;
}

static json_object *
strings(const char *const *v)
{
	json_object *a = json_object_new_array();
	for (size_t i = 0; v != NULL && v[i] != NULL; i++)
		json_object_array_add(a, json_object_new_string(v[i]));
	return a;
}

static json_object *
fields_json(const struct res_field *fields)
{
	json_object *a = json_object_new_array();
	for (size_t i = 0; fields != NULL && fields[i].name != NULL; i++) {
		const struct res_field *fd = &fields[i];
		json_object *o = json_object_new_object();
		json_object_object_add(o, "name", json_object_new_string(fd->name));
		json_object_object_add(o, "kind", json_object_new_string(kind_names[fd->kind]));
		json_object_object_add(o, "required", json_object_new_boolean(fd->flags & V_REQUIRED));
		json_object_object_add(o, "nullable", json_object_new_boolean(fd->flags & V_NULLABLE));
		if (fd->kind == RK_TEXT || fd->kind == RK_LIST)
			json_object_object_add(o, "max", json_object_new_int64((int64_t)fd->max));
		if (fd->kind == RK_LIST)
			json_object_object_add(o, "item_max", json_object_new_int64((int64_t)fd->item_max));
		if (fd->kind == RK_ENUM)
			json_object_object_add(o, "choices", strings(fd->choices));
		if (fd->kind == RK_ROWS && fd->path != NULL)
			json_object_object_add(o, "path", json_object_new_string(fd->path));
		if (fd->def != NULL)
			json_object_object_add(o, "default", json_object_new_string(fd->def));
		if (fd->kind == RK_INT) {
			json_object_object_add(o, "min", json_object_new_int64(fd->min));
			json_object_object_add(o, "max_int", json_object_new_int64(fd->max_int));
		}
		json_object_array_add(a, o);
	}
	return a;
}

static int
described(const struct res_field *fields, const char *name)
{
	for (size_t i = 0; fields != NULL && fields[i].name != NULL; i++)
		if (strcmp(fields[i].name, name) == 0)
			return 1;
	return 0;
}

static json_object *
resource_json(const struct resource *res, FILE *err, int *bad)
{
	static const char *const filter_kinds[] = { [RF_TEXT] = "text", [RF_CHOICE] = "choice", [RF_ID] = "id" };
	json_object *o = json_object_new_object();
	json_object_object_add(o, "name", json_object_new_string(res->name));
	json_object_object_add(o, "label", json_object_new_string(res->label));
	json_object_object_add(o, "plural", json_object_new_string(res->plural));
	json_object_object_add(o, "path", json_object_new_string(res->path));
	if (res->parent != NULL) {
		json_object *p = json_object_new_object();
		json_object_object_add(p, "param", json_object_new_string(res->parent->param));
		json_object_object_add(p, "field", json_object_new_string(res->parent->field));
		json_object_object_add(p, "name_field", json_object_new_string(res->parent->name_field));
		json_object_object_add(p, "singular", json_object_new_string(res->parent->singular));
		json_object_object_add(p, "path", json_object_new_string(res->parent->path));
		json_object_object_add(o, "parent", p);
	}
	json_object_object_add(o, "fields", fields_json(res->fields));
	json_object_object_add(o, "read_fields", fields_json(res->read_fields));
	json_object_object_add(o, "show_fields", strings(res->show_fields));
	for (size_t i = 0; res->show_fields != NULL && res->show_fields[i] != NULL; i++)
		if (!described(res->read_fields, res->show_fields[i])) {
			fprintf(err, "api: %s: show_field %s is not described in read_fields\n", res->name,
			    res->show_fields[i]);
			*bad = 1;
		}
	json_object *links = json_object_new_array();
	for (size_t i = 0; res->links != NULL && res->links[i].name != NULL; i++) {
		json_object *l = json_object_new_object();
		json_object_object_add(l, "name", json_object_new_string(res->links[i].name));
		json_object_object_add(l, "suffix", json_object_new_string(res->links[i].suffix));
		json_object_array_add(links, l);
	}
	json_object_object_add(o, "links", links);
	json_object *sorts = json_object_new_array();
	for (size_t i = 0; res->sorts != NULL && res->sorts[i].name != NULL; i++)
		json_object_array_add(sorts, json_object_new_string(res->sorts[i].name));
	json_object_object_add(o, "sorts", sorts);
	json_object *filters = json_object_new_array();
	for (size_t i = 0; res->filters != NULL && res->filters[i].name != NULL; i++) {
		const struct res_filter *fl = &res->filters[i];
		json_object *f = json_object_new_object();
		json_object_object_add(f, "name", json_object_new_string(fl->name));
		json_object_object_add(f, "kind", json_object_new_string(filter_kinds[fl->kind]));
		if (fl->kind == RF_CHOICE)
			json_object_object_add(f, "choices", strings(fl->choices));
		if (fl->kind == RF_TEXT)
			json_object_object_add(f, "max", json_object_new_int64((int64_t)fl->max));
		json_object_array_add(filters, f);
	}
	json_object_object_add(o, "filters", filters);
	json_object_object_add(o, "csv", json_object_new_boolean(res->csv_columns != NULL));
	/* a record that cannot be archived (an allocation) has no archived_at */
	json_object_object_add(o, "archivable", json_object_new_boolean(res->set_archived != NULL));
	return o;
}

/* The res_api entry of a handler, or NULL. */
static const struct res_api *
api_of(route_handler h)
{
	size_t n;
	const struct res_api *const *list = res_api_linked(&n);
	for (size_t i = 0; i < n; i++)
		if (list[i]->handler == h)
			return list[i];
	return NULL;
}

static json_object *
route_json(const char *method, const char *pattern, const char *perm, unsigned flags)
{
	json_object *o = json_object_new_object();
	json_object_object_add(o, "method", json_object_new_string(method));
	json_object_object_add(o, "pattern", json_object_new_string(pattern));
	json_object_object_add(o, "permission", str_or_null(perm));
	json_object_object_add(o, "no_csrf", json_object_new_boolean(flags & ROUTE_NO_CSRF));
	return o;
}

int
api_print(const char *family, const struct route *routes, size_t nroutes, FILE *out, FILE *err)
{
	int bad = 0;
	json_object *doc = json_object_new_object();
	json_object *rts = json_object_new_array();
	json_object *resources = json_object_new_object();
	json_object_object_add(doc, "family", json_object_new_string(family));
	char health[64];
	snprintf(health, sizeof(health), "/%s/healthz", family);
	json_object_array_add(rts, route_json("GET", health, PERM_PUBLIC, 0));
	for (size_t i = 0; i < nroutes; i++) {
		const struct route *rt = &routes[i];
		json_object *o = route_json(rt->method, rt->pattern, rt->perm, rt->flags);
		const struct res_api *a = api_of(rt->handler);
		if (a != NULL) {
			const char *op = NULL;
			for (size_t k = 0; k < sizeof(ops) / sizeof(ops[0]); k++)
				if (ops[k].op == a->op)
					op = ops[k].name;
			if (op == NULL) {
				fprintf(err, "api: %s %s: %s runs an operation the layer does not name\n", rt->method,
				    rt->pattern, a->name);
				bad = 1;
			}
			json_object_object_add(o, "handler", json_object_new_string(a->name));
			json_object_object_add(o, "resource", json_object_new_string(a->res->name));
			json_object_object_add(o, "op", str_or_null(op));
			if (!json_object_object_get_ex(resources, a->res->name, NULL))
				json_object_object_add(resources, a->res->name, resource_json(a->res, err, &bad));
		}
		json_object_array_add(rts, o);
	}
	json_object_object_add(doc, "routes", rts);
	json_object_object_add(doc, "resources", resources);
	fputs(json_object_to_json_string_ext(doc, JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_NOSLASHESCAPE), out);
	fputc('\n', out);
	json_object_put(doc);
	return fflush(out) == 0 && !bad ? 0 : 1;
}
