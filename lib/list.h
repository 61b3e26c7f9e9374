/* list: the shared shape of every collection: ?q, ?sort from a whitelist,
 * ?limit ≤ 200 (default 50), keyset cursor ?after, and the answer
 * {"items": [...], "next": cursor|null}. */
#ifndef HEARTH_LIST_H
#define HEARTH_LIST_H

#include <libpq-fe.h>
#include "req.h"

#define LIST_LIMIT_DEFAULT 50
#define LIST_LIMIT_MAX     200

struct list_sort {
	const char *name;        /* ?sort= value, e.g. "name", "-created_at" */
	const char *label;       /* column header text */
	const char *key_column;  /* result column that holds the keyset key */
};

struct list_query {
	const char *q;           /* trimmed search text, NULL if none */
	const char *like;        /* "%q%" with LIKE metacharacters escaped, or NULL */
	int         limit;
	const struct list_sort *sorts;   /* the whitelist */
	const struct list_sort *sort;    /* the chosen one */
	int         sort_index;
	const char *after_key;   /* cursor: last row's key (text) or NULL */
	const char *after_id;    /* cursor: last row's id or NULL */
	const char *limit_plus_one; /* limit+1 as text: fetch one more to know if there is a next page */
};

/* Reads q, sort, limit and after; HE_INVALID with field errors if bad. */
enum herr list_parse(struct request *r, const struct list_sort *sorts, struct list_query *lq) __attribute__((warn_unused_result));
/* list_parse for a list page that also holds a form (create a token, a
 * client, a webhook): the form's errors, when the form is shown again,
 * stay in r->errors, and a bad query gives HE_INVALID with the page's
 * template set. */
enum herr list_parse_beside_form(struct request *r, const struct list_sort *sorts, struct list_query *lq,
                                 const char *template) __attribute__((warn_unused_result));
/* Builds {"items","next"} from res (which holds up to limit+1 rows); for
 * HTML also "q", "sort", "limit" (when the request gave one) and "sorts" (name, label) for the page. */
json_object *list_answer(struct request *r, const struct list_query *lq, PGresult *res);
/* The same, for a page that shows the rows as they are: its HTML is
 * built straight from res too (db_rows_lazy), as JSON always is, so
 * items holds placeholders (nulls) and the caller must not read or change
 * the rows. A handler that adds to its rows (audit labels) uses
 * list_answer. */
json_object *list_answer_as_is(struct request *r, const struct list_query *lq, PGresult *res);
char *list_cursor(struct request *r, const char *key, const char *id);
/* Escape % _ \ for LIKE. */
char *list_like_escape(struct arena *a, const char *s);

#endif
