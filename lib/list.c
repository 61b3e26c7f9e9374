/* list.c: the collection contract shared by every list page and API. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "crypto.h"
#include "db.h"
#include "list.h"
#include "resp.h"
#include "utf8.h"
#include "valid.h"

char *
list_like_escape(struct arena *a, const char *s)
{
	size_t n = strlen(s);
	char *out = arena_alloc(a, 2 * n + 3), *o = out;
	*o++ = '%';
	for (; *s; s++) {
		if (*s == '%' || *s == '_' || *s == '\\')
			*o++ = '\\';
		*o++ = *s;
	}
	*o++ = '%';
	*o = '\0';
	return out;
}

/* Cursor: base64url of "key\x1fid". Opaque to clients. */
char *
list_cursor(struct request *r, const char *key, const char *id)
{
	char *raw = arena_printf(r->arena, "%s\x1f%s", key, id);
	size_t n = strlen(raw);
	char *out = arena_alloc(r->arena, 4 * (n / 3 + 1) + 4);
	crypto_b64url(out, (const unsigned char *)raw, n);
	return out;
}

static int
cursor_parse(struct request *r, const char *c, struct list_query *lq)
{
	size_t n = strlen(c);
	if (n > 1024)
		return -1;
	unsigned char *raw = arena_alloc(r->arena, n + 1);
	long len = crypto_unb64url(raw, n, c, n);
	if (len <= 0)
		return -1;
	raw[len] = '\0';
	char *sep = memchr(raw, '\x1f', (size_t)len);
	if (sep == NULL || !utf8_text_ok((char *)raw, (size_t)(sep - (char *)raw)))
		return -1;
	*sep = '\0';
	const char *id = sep + 1;
	if (*id == '\0' || strlen(id) > 18 || strspn(id, "0123456789") != strlen(id))
		return -1;
	lq->after_key = (char *)raw;
	lq->after_id = id;
	return 0;
}

enum herr
list_parse(struct request *r, const struct list_sort *sorts, struct list_query *lq)
{
	memset(lq, 0, sizeof(*lq));
	const char *q = req_query(r, "q");
	if (q != NULL) {
		char *t = valid_trim(r->arena, q);
		if (*t) {
			if (utf8_chars(t) > 200)
				resp_field_error(r, "q", "Search text is limited to 200 characters.");
			lq->q = t;
			lq->like = list_like_escape(r->arena, t);
		}
	}
	lq->sorts = sorts;
	lq->sort = &sorts[0];
	const char *s = req_query(r, "sort");
	if (s != NULL && *s) {
		int found = 0;
		for (int i = 0; sorts[i].name != NULL; i++) {
			if (strcmp(sorts[i].name, s) == 0) {
				lq->sort = &sorts[i];
				lq->sort_index = i;
				found = 1;
			}
		}
		if (!found)
			resp_field_error(r, "sort", "Not a sort this list offers.");
	}
	lq->limit = LIST_LIMIT_DEFAULT;
	const char *l = req_query(r, "limit");
	if (l != NULL && *l) {
		char *end;
		long n = strtol(l, &end, 10);
		if (*end || n < 1 || n > LIST_LIMIT_MAX)
			resp_field_error(r, "limit", "Between 1 and 200.");
		else
			lq->limit = (int)n;
	}
	lq->limit_plus_one = arena_printf(r->arena, "%d", lq->limit + 1);
	const char *after = req_query(r, "after");
	if (after != NULL && *after && cursor_parse(r, after, lq) != 0)
		resp_field_error(r, "after", "This page link has expired: start from the first page.");
	return r->errors ? HE_INVALID : HE_OK;
}

static json_object *
answer(struct request *r, const struct list_query *lq, PGresult *res, int html_as_is)
{
	json_object *out = json_object_new_object();
	int n = PQntuples(res);
	int shown = n > lq->limit ? lq->limit : n;
	json_object *items;
	if (r->format == FMT_JSON || (r->format == FMT_HTML && html_as_is)) {
		/* Straight from the result to JSON text or to the page's HDF:
		 * building json-c objects for 50 rows was most of a JSON list's
		 * CPU and a fifth of an HTML list's (callgrind). */
		items = db_rows_lazy(r, res, shown, "sort_key");
	} else {
		items = json_object_new_array_ext(shown);
		for (int i = 0; i < shown; i++) {
			json_object *row = db_row_json(res, i);
			json_object_object_del(row, "sort_key");   /* keyset plumbing, not data */
			json_object_array_add(items, row);
		}
	}
	json_object_object_add(out, "items", items);
	json_object *next = NULL;
	if (n > lq->limit) {
		int kc = PQfnumber(res, lq->sort->key_column), ic = PQfnumber(res, "id");
		if (kc >= 0 && ic >= 0)
			next = json_object_new_string(list_cursor(r, PQgetvalue(res, shown - 1, kc),
			    PQgetvalue(res, shown - 1, ic)));
	}
	json_object_object_add(out, "next", next);
	if (r->format == FMT_HTML) {
		if (lq->q)
			json_object_object_add(out, "q", json_object_new_string(lq->q));
		json_object_object_add(out, "sort", json_object_new_string(lq->sort->name));
		/* Echoed only when asked for, like the filters, so the page's
		 * links do not all carry the default. */
		const char *l = req_query(r, "limit");
		if (l != NULL && *l)
			json_object_object_add(out, "limit", json_object_new_int(lq->limit));
		if (lq->after_id)
			json_object_object_add(out, "paged", json_object_new_boolean(1));
		json_object *sl = json_object_new_array();
		for (int i = 0; lq->sorts[i].name != NULL; i++) {
			json_object *o = json_object_new_object();
			json_object_object_add(o, "name", json_object_new_string(lq->sorts[i].name));
			json_object_object_add(o, "label", json_object_new_string(lq->sorts[i].label));
			json_object_array_add(sl, o);
		}
		json_object_object_add(out, "sorts", sl);
	}
	return out;
}

enum herr
list_parse_beside_form(struct request *r, const struct list_sort *sorts, struct list_query *lq,
                       const char *template)
{
	/* list_parse reports only its own errors: the form's are set aside */
	json_object *form_errors = req_json(r, r->errors);
	r->errors = NULL;
	enum herr e = list_parse(r, sorts, lq);
	if (e != HE_OK) {
		r->template = template;
		return e;
	}
	r->errors = json_object_get(form_errors);
	return HE_OK;
}

json_object *
list_answer(struct request *r, const struct list_query *lq, PGresult *res)
{
	return answer(r, lq, res, 0);
}

json_object *
list_answer_as_is(struct request *r, const struct list_query *lq, PGresult *res)
{
	return answer(r, lq, res, 1);
}
