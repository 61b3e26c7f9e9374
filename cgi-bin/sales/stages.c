/* stages.c: the pipeline's stages edited by sales admins (GET
 * /sales/stages): rename, change the default probability (new deals start
 * with it; deals keep theirs), reorder, add an open or lost stage, archive
 * one no deal is in. Exactly one won stage and at least one lost stage
 * stay in use: checked here with a message, and by sql/057's triggers
 * whatever writes the table. A stage keeps its key and outcome (deals
 * point at the key; the forecast and closed_at count on the outcome).
 * Every change carries the version it read (409 when stale). The board
 * and the deal forms read sales.stages, so they follow at once. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include "audit.h"
#include "resp.h"
#include "sales.h"

static const char *const stage_outcomes_new[] = { "open", "lost", NULL };
static const char *const stage_directions[] = { "up", "down", NULL };

#define STAGE_COLS \
	"s.id, s.key, s.label, s.position, s.probability, s.outcome, s.archived_at, s.version, s.created_at," \
	" s.updated_at, EXISTS (SELECT 1 FROM sales.deals d WHERE d.stage = s.key) AS in_use," \
	" '/sales/stages/' || s.id AS url"

/* In use first, in their order; the archived after. */
DB_STMT(stage_all, "SELECT " STAGE_COLS " FROM sales.stages s ORDER BY s.archived_at IS NOT NULL, s.position, s.key");
DB_STMT(stage_get, "SELECT " STAGE_COLS " FROM sales.stages s WHERE s.id = $1");
DB_STMT(stage_lock, "SELECT " STAGE_COLS " FROM sales.stages s WHERE s.id = $1 FOR UPDATE");
DB_STMT(stage_key_taken, "SELECT 1 FROM sales.stages s WHERE s.key = $1");
/* A new open stage goes after the last open one (before won and lost), a
 * lost one at the end; then positions are 10, 20, ... again. $1 key,
 * $2 label, $3 probability, $4 outcome. */
DB_STMT(stage_insert,
    "INSERT INTO sales.stages AS s (key, label, position, probability, outcome) VALUES ($1, $2,"
    " CASE WHEN $4 = 'open' THEN coalesce((SELECT max(o.position) FROM sales.stages o WHERE o.outcome = 'open'"
    "  AND o.archived_at IS NULL), 0) ELSE coalesce((SELECT max(o.position) FROM sales.stages o), 0) END + 5,"
    " $3::int, $4) RETURNING " STAGE_COLS);
DB_STMT(stage_renumber,
    "UPDATE sales.stages s SET position = x.n * 10 FROM (SELECT o.key, row_number() OVER (ORDER BY o.position, o.key) AS n"
    " FROM sales.stages o) x WHERE x.key = s.key AND s.position <> x.n * 10");
DB_STMT(stage_update,
    "UPDATE sales.stages s SET label = $3, probability = $4::int, version = s.version + 1, updated_at = now()"
    " WHERE s.id = $1 AND s.version = $2::int RETURNING " STAGE_COLS);
/* The stage in use just before ($3 'up') or after this one, locked. */
DB_STMT(stage_neighbour,
    "SELECT " STAGE_COLS " FROM sales.stages s WHERE s.archived_at IS NULL AND CASE WHEN $3 = 'up'"
    " THEN (s.position, s.key) < ($1::int, $2) ELSE (s.position, s.key) > ($1::int, $2) END"
    " ORDER BY CASE WHEN $3 = 'up' THEN -s.position ELSE s.position END, CASE WHEN $3 = 'up' THEN s.key END DESC,"
    " s.key LIMIT 1 FOR UPDATE");
DB_STMT(stage_set_position,
    "UPDATE sales.stages s SET position = $2::int, version = s.version + 1, updated_at = now() WHERE s.id = $1"
    " RETURNING " STAGE_COLS);
DB_STMT(stage_archive,
    "UPDATE sales.stages s SET archived_at = now(), version = s.version + 1, updated_at = now()"
    " WHERE s.id = $1 AND s.archived_at IS NULL RETURNING " STAGE_COLS);
DB_STMT(stage_deals, "SELECT count(*) FROM sales.deals d WHERE d.stage = $1");
DB_STMT(stage_lost_left,
    "SELECT count(*) FROM sales.stages s WHERE s.outcome = 'lost' AND s.archived_at IS NULL AND s.id <> $1");

/* The editor: every stage (data.items), and when a form is shown again
 * data.error_id (the stage whose form has the messages; "new": the add
 * form) or data.message (a refusal or a conflict). */
static enum herr
stages_page(struct request *r, const char *error_id, const char *message)
{
	PGresult *q = db_q0(r, &stage_all);
	if (q == NULL)
		return db_fail(r);
	json_object *out = req_obj(r);
	json_object_object_add(out, "items", json_object_get(req_json(r, db_rows_json(q))));
	if (r->format == FMT_HTML) {
		record_crumbs(r, "Pipeline stages", "Deals", "/deals", "Stages", NULL, NULL);
		if (error_id != NULL)
			json_object_object_add(out, "error_id", json_object_new_string(error_id));
		if (message != NULL)
			json_object_object_add(out, "message", json_object_new_string(message));
	}
	r->template = "sales/stages.cs";
	req_set_data(r, out);
	return HE_OK;
}

/* A refusal or conflict: JSON as the error e (409 carries the current
 * stage in r->data); HTML the editor again with the message and the
 * form's values, nothing written. */
static enum herr
stages_again(struct request *r, enum herr e, const char *error_id, const char *message)
{
	db_rollback(r);
	if (r->format != FMT_HTML)
		return e;
	enum herr pe = stages_page(r, error_id, message);
	if (pe != HE_OK)
		return pe;
	req_set_form_values(r, req_input(r));
	return e;
}

/* GET /sales/stages → 200 {items: [{id, key, label, position, probability,
 * outcome, archived_at, version, in_use, url, ...}]}: in use in their
 * order, then the archived. */
enum herr
sales_stage_list(struct request *r)
{
	enum herr e = stages_page(r, NULL, NULL);
	return e != HE_OK ? e : resp_ok(r, "sales/stages.cs", r->data);
}

/* GET /sales/stages/:id → 200 the stage; 404. A browser goes to the editor. */
enum herr
sales_stage_show(struct request *r)
{
	long long id = req_param_id(r, "id");
	if (r->format == FMT_HTML)
		return resp_redirect(r, 303, arena_printf(r->arena, "/sales/stages#stage-%lld", id > 0 ? id : 0));
	json_object *st;
	enum herr e = record_get(r, &stage_get, id, &st);
	return e != HE_OK ? e : resp_ok(r, NULL, st);
}

/* A key from a label: lower case letters, digits and _ ("Site survey 2" →
 * "site_survey_2"), starting with a letter, at most 40. */
static const char *
stage_key_from(struct request *r, const char *label)
{
	char *k = arena_alloc(r->arena, 41);
	size_t n = 0;
	for (const unsigned char *p = (const unsigned char *)label; *p && n < 40; p++) {
		if (isalnum(*p) && *p < 128)
			k[n++] = (char)tolower(*p);
		else if (n > 0 && k[n - 1] != '_')
			k[n++] = '_';
	}
	while (n > 0 && k[n - 1] == '_')
		n--;
	k[n] = '\0';
	if (n == 0 || !islower((unsigned char)k[0]))
		return arena_printf(r->arena, "stage_%.33s", k);
	return k;
}

static int
stage_key_ok(const char *k)
{
	size_t n = strlen(k);
	if (n < 1 || n > 40 || k[0] < 'a' || k[0] > 'z')
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!((k[i] >= 'a' && k[i] <= 'z') || (k[i] >= '0' && k[i] <= '9') || k[i] == '_'))
			return 0;
	return 1;
}

/* POST /sales/stages {label, probability, outcome: open|lost (default
 * open), key (default: from the label)} → 201 the stage + Location
 * (HTML: 303 to the editor); 422 field errors (a second won stage, a key
 * taken or not [a-z][a-z0-9_]*). An open stage is placed after the last
 * open one, a lost one at the end. */
enum herr
sales_stage_create(struct request *r)
{
	struct form f;
	int ok;
	form_begin(&f, r, NULL);
	const char *label = form_text(&f, "label", V_REQUIRED, 60);
	form_int(&f, "probability", V_REQUIRED, 0, 100, &ok);
	const char *prob = form_get(&f, "probability");
	json_object *sent;
	if (f.in != NULL && json_object_object_get_ex(f.in, "outcome", &sent) &&
	    strcmp(json_object_get_string(sent), "won") == 0) {
		form_allow(&f, "outcome");
		form_error(&f, "outcome", "There is one won stage, and it stays the only one: add an open or a lost stage.");
	}
	const char *outcome = form_enum(&f, "outcome", 0, stage_outcomes_new, "open");
	const char *key_in = form_text(&f, "key", 0, 40);
	int derived = sales_blank(key_in);
	const char *key = derived ? (label ? stage_key_from(r, label) : NULL) : key_in;
	if (!derived && !stage_key_ok(key)) {
		form_error(&f, "key", "Lower-case letters, digits and _, starting with a letter.");
		key = NULL;
	}
	if (key != NULL) {
		PGresult *q = db_q(r, &stage_key_taken, key);
		if (q == NULL)
			return db_fail(r);
		if (PQntuples(q) > 0)
			form_error(&f, derived ? "label" : "key",
			    "A stage has this key already (archived ones included): choose another name or key.");
	}
	if (!form_ok(&f))
		return stages_again(r, HE_INVALID, "new", NULL);
	enum herr e = db_begin(r);
	if (e != HE_OK)
		return e;
	PGresult *q = db_q(r, &stage_insert, key, label, prob, outcome);
	if (q == NULL || db_q0(r, &stage_renumber) == NULL)
		return db_fail(r);
	json_object *st = req_json(r, db_row_json(q, 0));
	long long id = record_int(st, "id");
	/* the position after renumbering */
	if ((q = db_q(r, &stage_get, db_int(r, id))) == NULL)
		return db_fail(r);
	st = req_json(r, db_row_json(q, 0));
	if ((e = record_commit(r, "stage.create", "stage", id, NULL, st, NULL)) != HE_OK)
		return e;
	return record_done(r, 1, r->format == FMT_HTML ? "/sales/stages" : record_str(st, "url"),
	    arena_printf(r->arena, "Stage “%s” added.", label), st);
}

/* The stage of the path locked in a transaction, and the version sent
 * checked against it: HE_OK with *cur and the form begun on it; else the
 * answer to give (404, 409 with the current stage, 422 no version). */
static enum herr
stage_begin(struct request *r, struct form *f, json_object **cur)
{
	long long id;
	PGresult *res;
	enum herr e = record_begin_by_id(r, &stage_lock, &id, &res);
	if (e != HE_OK)
		return e;
	if (PQntuples(res) == 0) {
		db_rollback(r);
		return HE_NOT_FOUND;
	}
	*cur = req_json(r, db_row_json(res, 0));
	form_begin(f, r, *cur);
	if ((e = record_version_check(r, f, *cur)) != HE_OK) {
		const char *sid = db_int(r, id);
		return stages_again(r, e, sid, e == HE_CONFLICT
		    ? "Someone else changed this stage since the page was shown; nothing was saved. It shows as it is now."
		    : NULL);
	}
	return HE_OK;
}

/* PATCH /sales/stages/:id {version (or If-Match), label, probability} →
 * 200 the stage (HTML: 303 to the editor); 404; 409 stale version (the
 * current stage); 422 field errors. The probability is the one new deals
 * in this stage start with; deals keep theirs. */
enum herr
sales_stage_update(struct request *r)
{
	struct form f;
	json_object *cur;
	int ok;
	enum herr e = stage_begin(r, &f, &cur);
	if (e != HE_OK)
		return e;
	const char *label = form_text(&f, "label", V_REQUIRED, 60);
	form_int(&f, "probability", V_REQUIRED, 0, 100, &ok);
	const char *prob = form_get(&f, "probability");
	if (!form_ok(&f))
		return stages_again(r, HE_INVALID, db_int(r, record_int(cur, "id")), NULL);
	long long id = record_int(cur, "id");
	PGresult *q = db_q(r, &stage_update, db_int(r, id), db_int(r, record_int(cur, "version")), label, prob);
	if (q == NULL)
		return db_fail(r);
	json_object *after = req_json(r, db_row_json(q, 0));
	if ((e = record_commit(r, "stage.update", "stage", id, cur, after, NULL)) != HE_OK)
		return e;
	return record_done(r, 0, "/sales/stages", arena_printf(r->arena, "Stage “%s” saved.", label), after);
}

/* POST /sales/stages/:id/move {version, direction: up|down} → 200 the
 * stage (HTML: 303 to the editor): it swaps places with the stage in use
 * before or after it (both change version); 404; 409 stale; 422 a bad
 * direction, or nothing to swap with (first or last). */
enum herr
sales_stage_move(struct request *r)
{
	struct form f;
	json_object *cur;
	enum herr e = stage_begin(r, &f, &cur);
	if (e != HE_OK)
		return e;
	const char *dir = form_enum(&f, "direction", V_REQUIRED, stage_directions, NULL);
	long long id = record_int(cur, "id");
	const char *sid = db_int(r, id);
	if (record_str(cur, "archived_at") != NULL)
		form_error(&f, "direction", "An archived stage has no place in the order.");
	if (!form_ok(&f))
		return stages_again(r, HE_INVALID, sid, NULL);
	PGresult *n = db_q(r, &stage_neighbour, db_int(r, record_int(cur, "position")), record_str(cur, "key"), dir);
	if (n == NULL)
		return db_fail(r);
	if (PQntuples(n) == 0) {
		resp_field_error(r, "direction", strcmp(dir, "up") == 0 ? "This stage is first already." : "This stage is last already.");
		return stages_again(r, HE_INVALID, sid, NULL);
	}
	json_object *other = req_json(r, db_row_json(n, 0));
	long long oid = record_int(other, "id");
	PGresult *a = db_q(r, &stage_set_position, sid, db_int(r, record_int(other, "position")));
	PGresult *b = a ? db_q(r, &stage_set_position, db_int(r, oid), db_int(r, record_int(cur, "position"))) : NULL;
	if (b == NULL)
		return db_fail(r);
	json_object *after = req_json(r, db_row_json(a, 0)), *other_after = req_json(r, db_row_json(b, 0));
	if ((e = audit_log(r, "stage.update", "stage", oid, other, other_after)) != HE_OK) {
		db_rollback(r);
		return e;
	}
	if ((e = record_commit(r, "stage.update", "stage", id, cur, after, NULL)) != HE_OK)
		return e;
	return record_done(r, 0, "/sales/stages", NULL, after);
}

/* DELETE /sales/stages/:id {version (or If-Match)} → 200 the stage
 * archived (HTML: 303 to the editor); 404; 409 stale; 422 on key when
 * deals are in it (move them first), it is the won stage, or the last
 * lost one. An archived stage is offered nowhere; its history stays. */
enum herr
sales_stage_archive(struct request *r)
{
	struct form f;
	json_object *cur;
	enum herr e = stage_begin(r, &f, &cur);
	if (e != HE_OK)
		return e;
	long long id = record_int(cur, "id");
	const char *sid = db_int(r, id), *outcome = record_str(cur, "outcome");
	PGresult *q;
	if (record_str(cur, "archived_at") != NULL) {
		db_rollback(r);
		return record_done(r, 0, "/sales/stages", NULL, cur);
	}
	if (strcmp(outcome, "won") == 0)
		form_error(&f, "key", "The won stage stays: the pipeline needs exactly one.");
	else if (strcmp(outcome, "lost") == 0) {
		if ((q = db_q(r, &stage_lost_left, sid)) == NULL)
			return db_fail(r);
		if (atoll(PQgetvalue(q, 0, 0)) == 0)
			form_error(&f, "key", "At least one lost stage must stay: this is the last one.");
	}
	if (form_ok(&f)) {
		if ((q = db_q(r, &stage_deals, record_str(cur, "key"))) == NULL)
			return db_fail(r);
		long long n = atoll(PQgetvalue(q, 0, 0));
		if (n > 0)
			form_error(&f, "key", arena_printf(r->arena, "%lld deal%s in this stage (archived ones included): move "
			    "%s to another stage first.", n, n == 1 ? " is" : "s are", n == 1 ? "it" : "them"));
	}
	if (!form_ok(&f))
		return stages_again(r, HE_INVALID, sid, record_str(r->errors, "key"));
	if ((q = db_q(r, &stage_archive, sid)) == NULL)
		return db_fail(r);
	json_object *after = req_json(r, db_row_json(q, 0));
	if ((e = record_commit(r, "stage.archive", "stage", id, cur, after, NULL)) != HE_OK)
		return e;
	return record_done(r, 0, "/sales/stages", arena_printf(r->arena, "Stage “%s” archived.",
	    record_str(cur, "label")), after);
}
