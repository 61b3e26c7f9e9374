/* board.c: the pipeline board (GET /deals/board): the deals not archived,
 * in a column per stage in the stages' order, each column with its count,
 * value and weighted value over all its deals and at most BOARD_CARDS
 * cards (the rest through the deals list filtered by that stage). Won and
 * lost columns show their totals only: they are the pipeline's past.
 * A card's stage changes through PATCH /deals/:id (deals.c), the board
 * being where the browser comes back to (sales_board_after_move). */
#include <stdio.h>
#include <string.h>
#include "resp.h"
#include "sales.h"

#define BOARD_CARDS 25

/* $1 owner, $2 first day of the close month, $3 cards per column.
 * Weighted value: per deal value × probability / 100 rounded half up in
 * cents (as SALES_DEAL_COLS), a column's the sum of its deals'. Each
 * column's cards walk deals_stage_idx (stage, created_at DESC, id DESC). */
#define BOARD_WHERE \
	" d.stage = s.key AND d.archived_at IS NULL AND ($1::bigint IS NULL OR d.owner_id = $1)" \
	" AND ($2::date IS NULL OR (d.expected_close >= $2::date AND d.expected_close < ($2::date + interval '1 month')::date))"
DB_STMT(board_columns,
    "SELECT coalesce(json_agg(json_build_object('id', s.key, 'name', s.label, 'outcome', s.outcome,"
    "  'probability', s.probability, 'count', t.n, 'value_cents', t.v, 'weighted_cents', t.w,"
    "  'deals', CASE WHEN s.outcome = 'open' THEN (SELECT coalesce(json_agg(c ORDER BY c.created_at DESC, c.id DESC), '[]') FROM ("
    "   SELECT d.id, d.title, d.customer_id, (SELECT cu.name FROM customers.customers cu WHERE cu.id = d.customer_id)"
    "    AS customer_name, d.value_cents, d.probability, (d.value_cents * d.probability + 50) / 100 AS weighted_cents,"
    "    d.expected_close, d.owner_id, (SELECT u.name FROM auth.user_names u WHERE u.id = d.owner_id) AS owner_name,"
    "    d.stage, d.version, " SALES_JSON_TIME("d.created_at") " AS created_at, '/deals/' || d.id AS url"
    "   FROM sales.deals d WHERE " BOARD_WHERE " ORDER BY d.created_at DESC, d.id DESC LIMIT $3) c)"
    "   ELSE '[]'::json END) ORDER BY s.position, s.key), '[]')"
    " FROM sales.stages s CROSS JOIN LATERAL (SELECT count(*) AS n, coalesce(sum(d.value_cents), 0) AS v,"
    "  coalesce(sum((d.value_cents * d.probability + 50) / 100), 0) AS w FROM sales.deals d WHERE " BOARD_WHERE ") t"
    " WHERE s.archived_at IS NULL");

/* ?close_month=YYYY-MM → "YYYY-MM-01"; NULL when it is not a month. */
static const char *
board_month(struct request *r, const char *m)
{
	int y, mo;
	return sales_month(m, &y, &mo) ? arena_printf(r->arena, "%04d-%02d-01", y, mo) : NULL;
}

/* The board's data, with the filters read from the query; HE_INVALID
 * (problem_detail set) on a filter that is not one. */
static enum herr
board_data(struct request *r, json_object **out)
{
	const char *owner = req_query(r, "owner_id"), *month = req_query(r, "close_month"), *first = NULL;
	if (owner != NULL && owner[0] == '\0')
		owner = NULL;
	if (month != NULL && month[0] == '\0')
		month = NULL;
	if (owner != NULL && (strspn(owner, "0123456789") != strlen(owner) || strlen(owner) > 18 || owner[0] == '0')) {
		r->problem_detail = "owner_id is a user's number.";
		return HE_INVALID;
	}
	if (month != NULL && (first = board_month(r, month)) == NULL) {
		r->problem_detail = "close_month is a month: YYYY-MM.";
		return HE_INVALID;
	}
	PGresult *q = db_q(r, &board_columns, owner, first, db_int(r, BOARD_CARDS));
	if (q == NULL)
		return db_fail(r);
	json_object *d = req_obj(r);
	json_object *stages = json_tokener_parse(PQgetvalue(q, 0, 0));
	/* each column's "more": the deals list filtered the same way */
	size_t n = json_object_array_length(stages);
	for (size_t i = 0; i < n; i++) {
		json_object *col = json_object_array_get_idx(stages, i), *v;
		json_object_object_get_ex(col, "id", &v);
		const char *more = arena_printf(r->arena, "/deals?stage=%s%s%s%s%s", json_object_get_string(v),
		    owner ? "&owner_id=" : "", owner ? owner : "", month ? "&close_month=" : "", month ? month : "");
		json_object_object_add(col, "more_url", json_object_new_string(more));
	}
	json_object_object_add(d, "stages", stages);
	json_object_object_add(d, "cards_per_column", json_object_new_int(BOARD_CARDS));
	json_object_object_add(d, "owner_id", owner ? json_object_new_string(owner) : NULL);
	json_object_object_add(d, "close_month", month ? json_object_new_string(month) : NULL);
	/* where a card's stage form comes back to: this board, these filters */
	json_object_object_add(d, "back", json_object_new_string(arena_printf(r->arena, "/deals/board?owner_id=%s&close_month=%s",
	    owner ? owner : "", month ? month : "")));
	if (r->format == FMT_HTML)
		(void)sales_owner_campaign_choices(r, d);
	*out = d;
	return HE_OK;
}

static enum herr
board_page(struct request *r, json_object *d)
{
	record_crumbs(r, "Pipeline board", "Deals", "/deals", "Pipeline board", NULL, NULL);
	return resp_ok(r, "sales/deals_board.cs", d);
}

enum herr
sales_deal_board(struct request *r)
{
	json_object *d;
	enum herr e = board_data(r, &d);
	return e != HE_OK ? e : board_page(r, d);
}

/* After PATCH /deals/:id from a card's form (HTML, ?back=/deals/board…):
 * saved → 303 to the board; refused (stale version, a lost stage with no
 * reason) → the board again, its message on top, nothing written. */
enum herr
sales_board_after_move(struct request *r, enum herr e)
{
	const char *back = req_query(r, "back");
	if (r->format != FMT_HTML || back == NULL || strncmp(back, "/deals/board", 12) != 0 ||
	    (back[12] != '\0' && back[12] != '?') || strcmp(safe_next(back, "/deals/board"), back) != 0)
		return e;
	if (e == HE_OK) {
		kv_set(r->arena, &r->out_headers, "Location", back);
		return e;
	}
	if (e != HE_CONFLICT && e != HE_INVALID)
		return e;
	const char *why = e == HE_CONFLICT ? "Someone else changed this deal since the board was shown; nothing was saved. "
	    "The board shows it as it is now." : NULL;
	if (why == NULL && r->errors != NULL) {
		json_object_object_foreach(r->errors, k, v) {
			(void)k;
			why = arena_printf(r->arena, "Not moved: %s Open the deal to change it.", json_object_get_string(v));
			break;
		}
	}
	if (why == NULL)
		why = r->problem_detail ? r->problem_detail : "The deal could not be moved.";
	json_object *d;
	r->errors = NULL;
	req_set_form_values(r, NULL);
	if (board_data(r, &d) != HE_OK)
		return e;
	json_object_object_add(d, "message", json_object_new_string(why));
	r->template = NULL;
	r->status = e == HE_CONFLICT ? 409 : 422;
	return board_page(r, d);
}
