/* The sales family: campaigns, leads (and their conversion into a
 * customer and a deal), deals and their stages (docs/sales.md). Each
 * handler's comment says what it reads and answers. */
#ifndef HEARTH_SALES_H
#define HEARTH_SALES_H

#include "record.h"
#include "resource.h"
#include "route.h"

/* Money in cents, up to a billion dollars: a deal, a campaign's cost. */
#define SALES_CENTS(n_, fl_) FIELD_INT(n_, fl_, 0, 100000000000LL)

/* A lead and a deal as every answer shows them (leads.c, deals.c, and
 * convert.c, which changes a lead and makes a deal). l: sales.leads;
 * d: sales.deals joined to its stage s (SALES_DEAL_FROM). */
#define SALES_LEAD_COLS \
	"l.id, l.name, l.company, l.email, l.phone, l.line1, l.city, l.region, l.postal_code, l.source," \
	" l.campaign_id, (SELECT c.name FROM sales.campaigns c WHERE c.id = l.campaign_id) AS campaign_name," \
	" l.owner_id, (SELECT u.name FROM auth.user_names u WHERE u.id = l.owner_id) AS owner_name," \
	" l.status, l.lost_reason, l.notes, l.next_action_on, l.customer_id, l.property_id, l.deal_id," \
	" l.converted_at, l.archived_at, l.version, l.created_at, l.updated_at"
#define SALES_DEAL_COLS \
	"d.id, d.title, d.customer_id, (SELECT c.name FROM customers.customers c WHERE c.id = d.customer_id)" \
	" AS customer_name, d.property_id, (SELECT p.name FROM customers.properties p WHERE p.id = d.property_id)" \
	" AS property_name, d.value_cents, d.stage, s.label AS stage_label, s.outcome, d.probability," \
	" (d.value_cents * d.probability + 50) / 100 AS weighted_cents, d.expected_close," \
	" d.owner_id, (SELECT u.name FROM auth.user_names u WHERE u.id = d.owner_id) AS owner_name," \
	" d.campaign_id, (SELECT m.name FROM sales.campaigns m WHERE m.id = d.campaign_id) AS campaign_name," \
	" d.lead_id, d.lost_reason, d.notes, d.closed_at, d.archived_at, d.version, d.created_at, d.updated_at"
#define SALES_DEAL_FROM " FROM sales.deals d JOIN sales.stages s ON s.key = d.stage"

/* How many of a lead's communications its page (and GET /leads/:id) shows. */
#define SALES_LEAD_COMMS_SHOWN "100"

/* A timestamptz inside a json_agg, as every answer writes time: RFC 3339 UTC. */
#define SALES_JSON_TIME(col) "to_char((" col ") AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')"

/* A text field left empty: form_get gives "" for an absent text field
 * (the column's default) and NULL for a null one. */
static inline int sales_blank(const char *s) { return s == NULL || s[0] == '\0'; }

/* common.c */
/* Adds data.<key>: the one JSON value st answers (a json_agg of
 * choices), given its $1 param (NULL: none); the page shows without it
 * when it cannot be read. */
enum herr sales_choices(struct request *r, struct db_stmt *st, const char *key, json_object *data,
    const char *param);
/* The form's choices every sales form offers: data.owners (active
 * users), data.campaigns (not archived). */
enum herr sales_owner_campaign_choices(struct request *r, json_object *data);
/* form_error on field unless id (a text id or NULL) names an active user. */
enum herr sales_check_owner(struct request *r, struct form *f, const char *field);
/* form_error on field unless the campaign exists and is not archived. */
enum herr sales_check_campaign(struct request *r, struct form *f, const char *field);
/* 1 and *year, *month when m is a month written YYYY-MM (year 1900 on), else 0. */
int sales_month(const char *m, int *year, int *month);

/* campaigns.c */
extern const char *const sales_campaign_channels[];
enum herr sales_campaign_list(struct request *r);
enum herr sales_campaign_new(struct request *r);
enum herr sales_campaign_create(struct request *r);
enum herr sales_campaign_show(struct request *r);
enum herr sales_campaign_edit(struct request *r);
enum herr sales_campaign_update(struct request *r);
enum herr sales_campaign_archive(struct request *r);
enum herr sales_campaign_restore(struct request *r);

/* leads.c */
extern const struct resource sales_lead_resource;
extern const char *const sales_lead_sources[];
extern const char *const sales_lead_statuses[];
enum herr sales_lead_list(struct request *r);
enum herr sales_lead_new(struct request *r);
enum herr sales_lead_create(struct request *r);
enum herr sales_lead_show(struct request *r);
enum herr sales_lead_edit(struct request *r);
enum herr sales_lead_update(struct request *r);
enum herr sales_lead_archive(struct request *r);
enum herr sales_lead_restore(struct request *r);
/* The lead as its page shows it (with its communications); HE_NOT_FOUND. */
enum herr sales_lead_page_record(struct request *r, long long id, json_object **out);

/* deals.c */
extern const struct resource sales_deal_resource;
/* form_error on stage unless it is one of sales.stages; a lost stage
 * needs lost_reason, and a new deal (new_deal) cannot start lost. */
enum herr sales_deal_stage_check(struct request *r, struct form *f, int new_deal);
/* data.stages: [{key, label, probability, outcome}] in order. */
enum herr sales_deal_stage_choices(struct request *r, json_object *data);
enum herr sales_deal_list(struct request *r);
enum herr sales_deal_new(struct request *r);
enum herr sales_deal_create(struct request *r);
enum herr sales_deal_show(struct request *r);
enum herr sales_deal_edit(struct request *r);
enum herr sales_deal_update(struct request *r);
enum herr sales_deal_archive(struct request *r);
enum herr sales_deal_restore(struct request *r);

/* board.c */
/* GET /deals/board (?owner_id, close_month=YYYY-MM) → 200 the open deals by stage; 422 bad filter. */
enum herr sales_deal_board(struct request *r);
/* What PATCH /deals/:id answers a browser sent from the board: e as it is,
 * or the board (303 after a save; the board with the message on a refusal). */
enum herr sales_board_after_move(struct request *r, enum herr e);

/* forecast.c */
/* GET /sales/forecast (?from, to: YYYY-MM; owner_id) → 200 by month; 422 bad filter. */
enum herr sales_forecast(struct request *r);

/* lead_comms.c */
enum herr sales_lead_comm_list(struct request *r);
enum herr sales_lead_comm_create(struct request *r);

/* stages.c */
enum herr sales_stage_list(struct request *r);
enum herr sales_stage_show(struct request *r);
enum herr sales_stage_create(struct request *r);
enum herr sales_stage_update(struct request *r);
enum herr sales_stage_move(struct request *r);
enum herr sales_stage_archive(struct request *r);

/* capture.c */
enum herr sales_lead_capture(struct request *r);
enum herr sales_capture_form_list(struct request *r);
enum herr sales_capture_form_new(struct request *r);
enum herr sales_capture_form_create(struct request *r);
enum herr sales_capture_form_show(struct request *r);
enum herr sales_capture_form_edit(struct request *r);
enum herr sales_capture_form_update(struct request *r);
enum herr sales_capture_form_archive(struct request *r);
enum herr sales_capture_form_restore(struct request *r);
enum herr sales_capture_form_secret(struct request *r);

/* convert.c */
enum herr sales_lead_convert_form(struct request *r);
enum herr sales_lead_convert(struct request *r);

#endif
