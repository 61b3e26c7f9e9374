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

/* deals.c */
enum herr sales_deal_list(struct request *r);
enum herr sales_deal_new(struct request *r);
enum herr sales_deal_create(struct request *r);
enum herr sales_deal_show(struct request *r);
enum herr sales_deal_edit(struct request *r);
enum herr sales_deal_update(struct request *r);
enum herr sales_deal_archive(struct request *r);
enum herr sales_deal_restore(struct request *r);

#endif
