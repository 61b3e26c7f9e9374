/* search.c: exact matches first, fuzzy ones only when they are too few. */
#include <string.h>
#include "search.h"

/* Are there at least lq->limit exact matches in all? The exact statement
 * again, without the cursor and with limit rows. -1 on failure. */
static int
exact_fills_a_page(search_exec_fn *exec, struct request *r, const struct search_steps *s,
                   const struct list_query *lq, int n, const char *const *vals)
{
	const char **first = arena_alloc(r->arena, (size_t)n * sizeof(*first));
	memcpy(first, vals, (size_t)n * sizeof(*first));
	first[n - 3] = NULL;
	first[n - 2] = NULL;
	first[n - 1] = arena_printf(r->arena, "%d", lq->limit);
	PGresult *all = exec(r, s->exact, n, first);
	if (all == NULL)
		return -1;
	return PQntuples(all) >= lq->limit;
}

PGresult *
search_run_with(search_exec_fn *exec, struct request *r, const struct search_steps *s,
                const struct list_query *lq, int fuzzy, int n, const char *const *vals)
{
	if (s->walk != NULL) {
		/* limit+1 rows: a full page, and there is a next one */
		PGresult *walked = exec(r, lq->after_id ? s->walk_after : s->walk, n, vals);
		if (walked == NULL || PQntuples(walked) > lq->limit)
			return walked;
	}
	PGresult *res = exec(r, s->exact, n, vals);
	if (res == NULL || !fuzzy || s->fuzzy == NULL || PQntuples(res) >= lq->limit)
		return res;
	if (lq->after_id != NULL) {
		/* A later page: the first page chose exact matches alone if
		 * they filled it, and so must this one. */
		int full = exact_fills_a_page(exec, r, s, lq, n, vals);
		if (full != 0)
			return full > 0 ? res : NULL;
	}
	return exec(r, s->fuzzy, n, vals);
}

PGresult *
search_run(struct request *r, const struct search_steps *s, const struct list_query *lq, int fuzzy, int n,
           const char *const *vals)
{
	return search_run_with(db_exec, r, s, lq, fuzzy, n, vals);
}
