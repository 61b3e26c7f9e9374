/* seed_sales.c: the sales demo (issue 9): six campaigns, 200 leads across
 * every status (the converted ones linked to a demo customer and their
 * deal), 80 deals across the stages of sales.stages, owned by the demo
 * sales user and the manager. Runs after seed_customers.c, whose customers
 * and properties the deals are for. Everything is derived from the row's
 * number, so the demo is the same on every run (dates are relative to
 * today). */
#include <stdio.h>
#include <stdlib.h>
#include "seed_family.h"

/* hearth.seed_sales_owner / _manager: the demo users who own the rows. */
static const char sales_demo_sql[] =
    "DO $$\n"
    "DECLARE\n"
    "  seller bigint := current_setting('hearth.seed_sales_owner')::bigint;\n"
    "  boss bigint := current_setting('hearth.seed_sales_manager')::bigint;\n"
    "  first text[] := ARRAY['Ava','Liam','Maya','Noah','Priya','Mateo','Chloe','Ethan','Zara','Lucas','Amara','Owen',\n"
    "    'Ines','Jonah','Sofia','Caleb','Nadia','Felix','Hana','Isaac'];\n"
    "  last text[] := ARRAY['Alvarez','Brennan','Chowdhury','Delgado','Eriksen','Fontaine','Gallagher','Hartley','Ibarra',\n"
    "    'Jansen','Kowalski','Lindqvist'];\n"
    "  streets text[] := ARRAY['Live Oak Ct','Barton Hills Dr','Cypress Bend','Mesa Ridge Rd','Lakeshore Blvd','Pecan St',\n"
    "    'Hillside Ave','Canyon View Ln'];\n"
    "  cities text[] := ARRAY['Austin','Round Rock','Cedar Park','Georgetown','Lakeway','Dripping Springs'];\n"
    "  needs text[] := ARRAY['Whole-home audio','Home theatre','Lighting control','Motorised shades','Wi-Fi and network rack',\n"
    "    'Security cameras','Smart thermostat and HVAC','Outdoor audio'];\n"
    "  -- 20 buckets: 5 new, 5 contacted, 4 qualified, 3 converted, 3 lost\n"
    "  statuses text[] := ARRAY['new','contacted','qualified','new','contacted','converted','new','lost','qualified',\n"
    "    'contacted','new','qualified','converted','contacted','lost','new','qualified','converted','lost','contacted'];\n"
    "  sources text[] := ARRAY['web_form','referral','showroom','phone','partner','campaign'];\n"
    "  stages text[] := ARRAY['enquiry','enquiry','site_survey','site_survey','design','design','proposal','proposal',\n"
    "    'negotiation','won','won','lost'];\n"
    "  camps bigint[]; custs bigint[]; nc int;\n"
    "BEGIN\n"
    "  WITH c AS (INSERT INTO sales.campaigns (name, channel, starts_on, ends_on, cost_cents, notes) VALUES\n"
    "    ('Spring home show', 'event', current_date - 120, current_date - 118, 450000, 'Booth 14, with the demo theatre.'),\n"
    "    ('Search ads: home theatre', 'search', current_date - 90, current_date + 30, 180000, 'Austin metro, theatre keywords.'),\n"
    "    ('Builder partner programme', 'partner', current_date - 200, NULL, 0, 'Referrals from two custom home builders.'),\n"
    "    ('Neighbourhood mailer', 'print', current_date - 60, current_date - 45, 95000, '5,000 postcards, west Austin.'),\n"
    "    ('Instagram: lighting scenes', 'social', current_date - 30, current_date + 30, 60000, ''),\n"
    "    ('Showroom open evening', 'showroom', current_date - 14, current_date - 14, 40000, 'Wine, demos, 38 guests.')\n"
    "    RETURNING id)\n"
    "  SELECT array_agg(id ORDER BY id) INTO camps FROM c;\n"
    "  SELECT array_agg(id ORDER BY id) INTO custs FROM customers.customers WHERE archived_at IS NULL;\n"
    "  nc := array_length(custs, 1);\n"
    "  INSERT INTO sales.leads (name, company, email, phone, line1, city, region, postal_code, source, campaign_id,\n"
    "    owner_id, status, lost_reason, notes, next_action_on, customer_id, converted_at, created_at, updated_at)\n"
    "  SELECT n.name, CASE WHEN g % 9 = 0 THEN last[1 + g % 12] || ' Holdings' ELSE '' END,\n"
    "    lower(first[1 + g % 20]) || '.' || lower(last[1 + (g * 7) % 12]) || g || '@example.com',\n"
    "    '+1 512 555 ' || lpad((1000 + g * 37 % 9000)::text, 4, '0'),\n"
    "    (100 + g * 13 % 900) || ' ' || streets[1 + g % 8], cities[1 + g % 6], 'TX', (78700 + g % 60)::text,\n"
    "    s.source, CASE WHEN s.source = 'campaign' OR g % 4 = 0 THEN camps[1 + g % 6] END,\n"
    "    CASE WHEN g % 5 = 0 THEN boss WHEN g % 7 = 0 THEN NULL ELSE seller END,\n"
    "    st.status, CASE WHEN st.status = 'lost' THEN (ARRAY['Went with another integrator','Budget moved to the kitchen',\n"
    "      'Project postponed to next year','No reply after three follow-ups'])[1 + g % 4] ELSE '' END,\n"
    "    needs[1 + g % 8] || ' for a ' || (2 + g % 4) || '-bedroom home.',\n"
    "    CASE WHEN st.status IN ('new','contacted','qualified') THEN current_date + (g % 21) - 5 END,\n"
    "    CASE WHEN st.status = 'converted' THEN custs[1 + g % nc] END,\n"
    "    CASE WHEN st.status = 'converted' THEN now() - (g % 30) * interval '1 day' END,\n"
    "    now() - g * interval '9 hours' - interval '30 days', now() - g * interval '9 hours'\n"
    "  FROM generate_series(1, 200) g\n"
    "  CROSS JOIN LATERAL (SELECT first[1 + g % 20] || ' ' || last[1 + (g * 7) % 12] AS name) n\n"
    "  CROSS JOIN LATERAL (SELECT statuses[1 + g % 20] AS status) st\n"
    "  CROSS JOIN LATERAL (SELECT sources[1 + (g * 5) % 6] AS source) s;\n"
    "  -- 80 deals: the converted leads' first, the rest for other demo customers\n"
    "  INSERT INTO sales.deals (title, customer_id, property_id, value_cents, stage, probability, expected_close,\n"
    "    owner_id, campaign_id, lead_id, lost_reason, created_at, updated_at)\n"
    "  SELECT needs[1 + g % 8] || CASE WHEN g % 3 = 0 THEN ' and lighting' ELSE '' END, c.id,\n"
    "    (SELECT p.id FROM customers.properties p WHERE p.customer_id = c.id AND p.archived_at IS NULL ORDER BY p.id LIMIT 1),\n"
    "    (5000 + (g * 7919) % 75000) * 100, stages[1 + g % 12],\n"
    "    (SELECT s.probability FROM sales.stages s WHERE s.key = stages[1 + g % 12]),\n"
    "    current_date + ((g * 11) % 150) - 40, CASE WHEN g % 4 = 0 THEN boss ELSE seller END,\n"
    "    coalesce(l.campaign_id, CASE WHEN g % 5 = 0 THEN camps[1 + g % 6] END), l.id,\n"
    "    CASE WHEN stages[1 + g % 12] = 'lost' THEN 'Chose a cheaper installer' ELSE '' END,\n"
    "    now() - ((g * 3) % 90) * interval '1 day', now() - ((g * 3) % 45) * interval '1 day'\n"
    "  FROM generate_series(1, 80) g\n"
    "  LEFT JOIN LATERAL (SELECT x.id, x.customer_id, x.campaign_id FROM sales.leads x WHERE x.status = 'converted'\n"
    "    ORDER BY x.id OFFSET g - 1 LIMIT 1) l ON true\n"
    "  JOIN customers.customers c ON c.id = coalesce(l.customer_id, custs[1 + (g * 3) % nc]);\n"
    "  UPDATE sales.leads l SET deal_id = d.id FROM sales.deals d WHERE d.lead_id = l.id;\n"
    "END $$";

static int
sales_demo(PGconn *db, struct seed_demo *d)
{
	char who[160];
	snprintf(who, sizeof(who), "SELECT set_config('hearth.seed_sales_owner', '%lld', true),"
	    " set_config('hearth.seed_sales_manager', '%lld', true)", d->users[R_SALES], d->users[R_MANAGER]);
	if (ctl_run(db, who, PGRES_TUPLES_OK) || ctl_run(db, sales_demo_sql, PGRES_COMMAND_OK))
		return 1;
	seed_demo_count(d, 6, "campaigns");
	seed_demo_count(d, 200, "leads");
	seed_demo_count(d, 80, "deals");
	return 0;
}

/* ------------------------------------------------------------------ */
/* scale                                                               */

static const struct seed_option sales_options[] = {
	{"--deals", 5000000L},          /* for the customers there are (seed them first) */
	{NULL, 0},
};

/* Set-wise in PostgreSQL, one statement: deal g is for customer
 * custs[g * 7919 mod n] (the customers seeded before: `--customers`),
 * in stage g mod 12 of the demo's mix (about 3 in 4 open), worth 5,000 to
 * 80,000 dollars, closing within five months either side of today. The
 * stage trigger writes each deal's first history row. */
static const char sales_scale_sql[] =
    "WITH c AS (SELECT array_agg(id ORDER BY id) AS ids, count(*) AS n FROM customers.customers"
    "  WHERE archived_at IS NULL),"
    " u AS (SELECT array_agg(id ORDER BY id) AS ids, count(*) AS n FROM auth.users WHERE active),"
    " st AS (SELECT ARRAY['enquiry','enquiry','site_survey','site_survey','design','design','proposal','proposal',"
    "  'negotiation','negotiation','won','lost'] AS keys)"
    " INSERT INTO sales.deals (title, customer_id, value_cents, stage, probability, expected_close, owner_id,"
    "  lost_reason, created_at, updated_at)"
    " SELECT 'Scale deal ' || g, c.ids[1 + (g * 7919) % c.n], (5000 + (g * 7919) % 75000) * 100::bigint,"
    "  st.keys[1 + g % 12], (SELECT s.probability FROM sales.stages s WHERE s.key = st.keys[1 + g % 12]),"
    "  current_date + (g % 300)::int - 150, u.ids[1 + g % u.n],"
    "  CASE WHEN g % 12 = 11 THEN 'Chose a cheaper installer' ELSE '' END,"
    "  now() - (g % 400) * interval '1 day', now() - (g % 200) * interval '1 day'"
    " FROM generate_series(1, $1::bigint) g, c, u, st WHERE c.n > 0";

static int
sales_scale(PGconn *db, const long *counts)
{
	char n[24];
	snprintf(n, sizeof(n), "%ld", counts[0]);
	const char *vals[] = { n };
	double t0 = seed_clock();
	if (ctl_run(db, "BEGIN", PGRES_COMMAND_OK) || ctl_run(db, "SET LOCAL synchronous_commit = off", PGRES_COMMAND_OK))
		return 1;
	PGresult *res = PQexecParams(db, sales_scale_sql, 1, NULL, vals, NULL, NULL, 0);
	int ok = PQresultStatus(res) == PGRES_COMMAND_OK;
	if (!ok)
		fprintf(stderr, "hearthctl: seeding deals: %s", PQerrorMessage(db));
	const char *made = ok ? PQcmdTuples(res) : "0";
	long rows = atol(made);
	PQclear(res);
	if (!ok || rows == 0) {
		if (ok)
			fprintf(stderr, "hearthctl: no customers to seed deals for: seed --customers first\n");
		PQclear(PQexec(db, "ROLLBACK"));
		return 1;
	}
	if (ctl_run(db, "COMMIT", PGRES_COMMAND_OK) || ctl_run(db, "ANALYZE sales.deals", PGRES_COMMAND_OK))
		return 1;
	printf("seeded %ld deals in %.1f s\n", rows, seed_clock() - t0);
	return 0;
}

const struct seed_family seed_family_sales = {
	.name = "sales",
	.table = "sales.deals",
	.demo = sales_demo,
	.scale_options = sales_options,
	.scale = sales_scale,
};
