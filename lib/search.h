/* search: a list's ?q in steps, cheapest first.
 * 0. walk (optional): the exact matches among a bounded stretch of the
 *    list in its order, read from the sort's index: a common term fills
 *    its page in a few hundred rows. A prepared statement on its generic
 *    plan (DB_PARAM, lib/db.h: planning the search was 0.35-0.45 ms of
 *    each request), one for the first page and one after a cursor, which
 *    is then an index condition. When it fills the page it is the answer.
 * 1. exact: every exact match (full text, substring, phone digits) from
 *    the text indexes, sorted: a rare term, or a walk that found too few.
 * 2. fuzzy: exact and similar words (a misspelt name), only when the exact
 *    matches are fewer than a page. Word similarity on every row a walk
 *    reads was most of a common term's cost (q=son at 100k customers:
 *    10.3 ms before, 0.9 ms exact alone).
 * customers.c shows the statements; other families' lists with a search
 * box use the same steps. */
#ifndef HEARTH_SEARCH_H
#define HEARTH_SEARCH_H

#include <libpq-fe.h>
#include "db.h"
#include "list.h"

/* One sort's statements. Both take the same parameters, the last three
 * being the cursor's key, the cursor's id (NULL on the first page) and the
 * row limit (limit+1), and both return rows in the same order. */
struct search_steps {
	struct db_stmt *exact;   /* exact matches only */
	struct db_stmt *fuzzy;   /* exact and fuzzy matches; NULL: none */
	struct db_stmt *walk;    /* the bounded walk, first page; NULL: none */
	struct db_stmt *walk_after;  /* the same after a cursor */
};

typedef PGresult *search_exec_fn(struct request *r, struct db_stmt *st, int n, const char *const *vals);

/* Runs the steps for lq (its limit and cursor) with the n (≥ 3) parameters vals;
 * fuzzy 0 skips the fuzzy step (no search text, or a phone number, which
 * is "similar" to every number). The answer is the exact matches when
 * there are at least lq->limit of them in all, else exact and fuzzy ones:
 * decided by the total, not by this page, so every page of one search
 * comes from the same set (a later page may run the exact statement once
 * more without the cursor to count). NULL on a database failure. */
PGresult *search_run(struct request *r, const struct search_steps *s, const struct list_query *lq, int fuzzy,
                     int n, const char *const *vals);
/* The same with another executor than db_exec (tests). */
PGresult *search_run_with(search_exec_fn *exec, struct request *r, const struct search_steps *s,
                          const struct list_query *lq, int fuzzy, int n, const char *const *vals);

#endif
