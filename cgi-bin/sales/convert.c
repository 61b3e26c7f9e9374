/* convert.c: a lead converted in one step, in one transaction: into a
 * customer (new, or one the user picks among the possible duplicates),
 * the lead's person as its contact, the lead's address as its property,
 * and a deal; the lead becomes converted and links to what it made.
 * Nothing is typed twice: the customer, contact and property take the
 * lead's fields, the deal form is prefilled. The customer records are
 * made by the customers family's functions (sql/052), never by writing
 * its tables. */
#include <string.h>
#include "audit.h"
#include "resp.h"
#include "sales.h"

static const char *const customer_kinds[] = { "residential", "commercial", NULL };

DB_STMT(convert_lead_lock, "SELECT " SALES_LEAD_COLS " FROM sales.leads l WHERE l.id = $1 FOR UPDATE");
DB_STMT(convert_lead_get, "SELECT " SALES_LEAD_COLS " FROM sales.leads l WHERE l.id = $1");
DB_STMT(convert_duplicates,
    "SELECT d.id, d.name, d.email, d.phone, d.city, d.archived, d.by_email, d.by_phone, d.by_name"
    " FROM customers.lead_duplicates($1, $2, $3) d");
DB_STMT(convert_customer_ok, "SELECT c.archived_at IS NULL FROM customers.customers c WHERE c.id = $1");
DB_STMT(convert_property_ok, "SELECT p.customer_id = $2::bigint AND p.archived_at IS NULL"
    " FROM customers.properties p WHERE p.id = $1");
DB_STMT(convert_customer_create,
    "SELECT customers.create_customer_for_lead($1, $2, $3, $4, $5, $6, $7, $8)");
DB_STMT(convert_contact_add, "SELECT c.id, c.created FROM customers.add_contact_for_lead($1, $2, $3, $4) c");
DB_STMT(convert_property_add,
    "SELECT p.id, p.created FROM customers.add_property_for_lead($1, $2, $3, $4, $5, $6) p");
/* What the customers responder's records hold, for the audit rows and
 * the customer.created / contact.created / property.created events. */
DB_STMT(convert_customer_get,
    "SELECT c.id, c.kind, c.name, c.email, c.phone, c.billing_line1, c.billing_line2, c.billing_city,"
    " c.billing_region, c.billing_postal_code, c.billing_country, c.tags, c.notes, c.archived_at, c.version,"
    " c.created_at, c.updated_at FROM customers.customers c WHERE c.id = $1");
DB_STMT(convert_contact_get,
    "SELECT t.id, t.customer_id, c.name AS customer_name, t.name, t.title, t.email, t.phone, t.preferred_channel,"
    " t.do_not_contact, t.best_time, t.is_primary, t.notes, t.archived_at, t.version, t.created_at, t.updated_at"
    " FROM customers.contacts t JOIN customers.customers c ON c.id = t.customer_id WHERE t.id = $1");
DB_STMT(convert_property_get,
    "SELECT p.id, p.customer_id, c.name AS customer_name, p.name, p.type, p.line1, p.line2, p.city, p.region,"
    " p.postal_code, p.country, p.access_notes, p.rooms, p.archived_at, p.version, p.created_at, p.updated_at"
    " FROM customers.properties p JOIN customers.customers c ON c.id = p.customer_id WHERE p.id = $1");
/* The deal: $1 title, $2 customer, $3 property, $4 value, $5 stage,
 * $6 probability (NULL: the stage's), $7 expected close, $8 owner,
 * $9 campaign, $10 lead. */
DB_STMT(convert_deal_insert,
    "WITH n AS (INSERT INTO sales.deals (title, customer_id, property_id, value_cents, stage, probability,"
    "  expected_close, owner_id, campaign_id, lead_id)"
    " VALUES ($1, $2, $3, coalesce($4::bigint, 0), $5, coalesce($6::int,"
    "  (SELECT s.probability FROM sales.stages s WHERE s.key = $5)), $7, $8, $9, $10) RETURNING *)"
    " SELECT " SALES_DEAL_COLS " FROM n d JOIN sales.stages s ON s.key = d.stage");
DB_STMT(convert_lead_done,
    "UPDATE sales.leads l SET status = 'converted', customer_id = $2, property_id = $3, deal_id = $4,"
    " converted_at = now(), version = l.version + 1, updated_at = now() WHERE l.id = $1"
    " RETURNING " SALES_LEAD_COLS);

/* The convert page's data: the lead, its possible duplicates among the
 * customers (each with what matched), the choices of the deal's fields. */
static enum herr
convert_page(struct request *r, json_object *lead, json_object **out)
{
	json_object *d = req_obj(r);
	json_object_object_add(d, "lead", json_object_get(lead));
	PGresult *res = db_q(r, &convert_duplicates, record_str(lead, "email"), record_str(lead, "phone"),
	    record_str(lead, "name"));
	if (res == NULL)
		return db_fail(r);
	json_object_object_add(d, "duplicates", json_object_get(req_json(r, db_rows_json(res))));
	enum herr e = sales_deal_stage_choices(r, d);
	if (e == HE_OK)
		e = sales_owner_campaign_choices(r, d);
	long long id = record_int(lead, "id");
	const char *href = res_href(r, &sales_lead_resource, id);
	record_crumbs(r, arena_printf(r->arena, "Convert %s", record_str(lead, "name")), "Leads", "/leads",
	    record_str(lead, "name"), href, "Convert", NULL, NULL);
	json_object_object_add(req_page(r), "family", json_object_new_string("sales"));
	*out = d;
	return e;
}

/* The form's first values: a new customer of the kind the lead suggests
 * (commercial when it names a company), its address as a property, a
 * deal titled after the lead in the first stage, owned by the lead's owner. */
static json_object *
convert_defaults(struct request *r, json_object *lead)
{
	json_object *fv = req_obj(r);
	const char *company = record_str(lead, "company"), *line1 = record_str(lead, "line1");
	int commercial = company != NULL && company[0] != '\0';
	json_object_object_add(fv, "customer_id", json_object_new_string(""));
	json_object_object_add(fv, "kind", json_object_new_string(commercial ? "commercial" : "residential"));
	json_object_object_add(fv, "add_property", json_object_new_string(line1 && line1[0] ? "1" : ""));
	json_object_object_add(fv, "title", json_object_new_string(arena_printf(r->arena, "%s", commercial ? company
	    : record_str(lead, "name"))));
	json_object_object_add(fv, "stage", json_object_new_string("enquiry"));
	json_object_object_add(fv, "version", json_object_new_int64(record_int(lead, "version")));
	long long owner = record_int(lead, "owner_id");
	if (owner > 0)
		json_object_object_add(fv, "owner_id", json_object_new_string(db_int(r, owner)));
	return fv;
}

/* A lead that cannot be converted (already converted, archived): 422 on
 * status; a browser goes back to the lead with the message. */
static enum herr
convert_refuse(struct request *r, long long id, const char *msg)
{
	db_rollback(r);
	resp_field_error(r, "status", msg);
	if (r->format != FMT_HTML)
		return HE_INVALID;
	resp_flash(r, "error", msg);
	return resp_redirect(r, 303, res_href(r, &sales_lead_resource, id));
}

static const char *
convert_state_refusal(json_object *lead)
{
	const char *status = record_str(lead, "status");
	if (status && strcmp(status, "converted") == 0)
		return "This lead is converted already.";
	if (record_str(lead, "archived_at") != NULL)
		return "This lead is archived: restore it before converting it.";
	return NULL;
}

/* GET /leads/:id/convert → 200 the conversion form: the lead, its
 * possible duplicates among the customers ({id, name, email, phone, city,
 * archived, by_email, by_phone, by_name}), the stages and owners; 404;
 * 422 on status when the lead is converted already or archived. */
enum herr
sales_lead_convert_form(struct request *r)
{
	long long id = req_param_id(r, "id");
	if (id <= 0)
		return HE_NOT_FOUND;
	json_object *lead, *d;
	enum herr e = record_get(r, &convert_lead_get, id, &lead);
	if (e != HE_OK)
		return e;
	const char *refusal = convert_state_refusal(lead);
	if (refusal != NULL)
		return convert_refuse(r, id, refusal);
	if ((e = convert_page(r, lead, &d)) != HE_OK)
		return e;
	res_links(r, &sales_lead_resource, lead);
	req_set_form_values(r, convert_defaults(r, lead));
	return resp_ok(r, "sales/lead_convert.cs", d);
}

/* The conversion's input, read and checked. */
struct convert_in {
	const char *customer_id, *kind, *property_id, *title, *value_cents, *stage, *probability, *expected_close,
	    *owner_id;
	int add_property;
};

static enum herr
convert_read(struct request *r, struct form *f, json_object *lead, struct convert_in *in)
{
	int ok;
	const char *company = record_str(lead, "company");
	form_int(f, "customer_id", V_NULLABLE, 1, 999999999999999999LL, &ok);
	in->customer_id = form_get(f, "customer_id");
	in->kind = form_enum(f, "kind", 0, customer_kinds, company && company[0] ? "commercial" : "residential");
	form_int(f, "property_id", V_NULLABLE, 1, 999999999999999999LL, &ok);
	in->property_id = form_get(f, "property_id");
	/* A form's unticked box is absent: there absent is no; a script that
	 * leaves it out gets the address as a property, as the page offers. */
	json_object *v;
	in->add_property = f->in != NULL && json_object_object_get_ex(f->in, "add_property", &v)
	    ? form_bool(f, "add_property") : r->format != FMT_HTML;
	in->title = form_text(f, "title", V_REQUIRED, 200);
	form_int(f, "value_cents", 0, 0, 100000000000LL, &ok);
	in->value_cents = form_get(f, "value_cents");
	in->stage = form_text(f, "stage", V_REQUIRED, 40);
	form_int(f, "probability", V_NULLABLE, 0, 100, &ok);
	in->probability = form_get(f, "probability");
	in->expected_close = form_date(f, "expected_close", V_NULLABLE);
	form_int(f, "owner_id", V_NULLABLE, 1, 999999999999999999LL, &ok);
	in->owner_id = form_get(f, "owner_id");

	enum herr e = sales_deal_stage_check(r, f, 1);
	if (e == HE_OK)
		e = sales_check_owner(r, f, "owner_id");
	if (e != HE_OK)
		return e;
	PGresult *q;
	if (in->customer_id != NULL) {
		if ((q = db_q(r, &convert_customer_ok, in->customer_id)) == NULL)
			return db_fail(r);
		if (PQntuples(q) == 0 || strcmp(PQgetvalue(q, 0, 0), "t") != 0)
			form_error(f, "customer_id", "Choose a customer that exists and is not archived.");
	}
	if (in->property_id != NULL) {
		if (in->customer_id == NULL)
			form_error(f, "property_id", "A new customer has no properties yet: leave this empty.");
		else if ((q = db_q(r, &convert_property_ok, in->property_id, in->customer_id)) == NULL)
			return db_fail(r);
		else if (PQntuples(q) == 0 || strcmp(PQgetvalue(q, 0, 0), "t") != 0)
			form_error(f, "property_id", "Choose one of this customer's properties.");
	}
	return HE_OK;
}

/* One customer-family record made by the conversion: its audit row and
 * its event, with the record as the customers responder shows it. */
static enum herr
convert_made(struct request *r, struct db_stmt *get, long long id, const char *action, const char *entity,
    const char *event)
{
	json_object *rec;
	enum herr e = record_get(r, get, id, &rec);
	if (e == HE_OK)
		e = audit_log(r, action, entity, id, NULL, rec);
	if (e == HE_OK)
		e = outbox_emit(r, event, id, rec);
	return e;
}

/* A (id, created) row of add_contact_for_lead / add_property_for_lead. */
static long long
made_id(PGresult *res, int *created)
{
	*created = PQgetvalue(res, 0, 1)[0] == 't';
	return atoll(PQgetvalue(res, 0, 0));
}

/* Everything the conversion makes, in the transaction begun with the
 * lead locked. */
static enum herr
convert_apply(struct request *r, json_object *lead, const struct convert_in *in, json_object **deal_out,
    json_object **lead_out, long long *contact_out)
{
	const char *name = record_str(lead, "name"), *company = record_str(lead, "company");
	const char *line1 = record_str(lead, "line1"), *city = record_str(lead, "city");
	const char *region = record_str(lead, "region"), *postal = record_str(lead, "postal_code");
	const char *email = record_str(lead, "email"), *phone = record_str(lead, "phone");
	int new_customer = in->customer_id == NULL, created;
	long long customer_id;
	enum herr e = HE_OK;
	PGresult *res;

	if (new_customer) {
		const char *cname = strcmp(in->kind, "commercial") == 0 && company && company[0] ? company : name;
		res = db_q(r, &convert_customer_create, in->kind, cname, email, phone, line1, city, region, postal);
		if (res == NULL)
			return db_fail(r);
		customer_id = atoll(PQgetvalue(res, 0, 0));
		e = convert_made(r, &convert_customer_get, customer_id, "customer.create", "customer", "customer.created");
	} else {
		customer_id = atoll(in->customer_id);
	}
	if (e != HE_OK)
		return e;
	const char *cid = db_int(r, customer_id);
	if ((res = db_q(r, &convert_contact_add, cid, name, email, phone)) == NULL)
		return db_fail(r);
	long long contact_id = made_id(res, &created);
	if (created && (e = convert_made(r, &convert_contact_get, contact_id, "contact.create", "contact",
	    "contact.created")) != HE_OK)
		return e;
	const char *property_id = in->property_id;
	if (property_id == NULL && in->add_property && line1 && line1[0]) {
		if ((res = db_q(r, &convert_property_add, cid, line1, line1, city, region, postal)) == NULL)
			return db_fail(r);
		long long pid = made_id(res, &created);
		property_id = db_int(r, pid);
		if (created && (e = convert_made(r, &convert_property_get, pid, "property.create", "property",
		    "property.created")) != HE_OK)
			return e;
	}

	long long campaign = record_int(lead, "campaign_id"), lead_id = record_int(lead, "id");
	res = db_q(r, &convert_deal_insert, in->title, cid, property_id, in->value_cents, in->stage, in->probability,
	    in->expected_close, in->owner_id, campaign > 0 ? db_int(r, campaign) : NULL, db_int(r, lead_id));
	if (res == NULL)
		return db_fail(r);
	json_object *deal = req_json(r, db_row_json(res, 0));
	long long deal_id = record_int(deal, "id");
	if ((e = audit_log(r, "deal.create", "deal", deal_id, NULL, deal)) != HE_OK ||
	    (e = outbox_emit(r, "sales.deal_created", deal_id, deal)) != HE_OK)
		return e;
	if ((res = db_q(r, &convert_lead_done, db_int(r, lead_id), cid, property_id, db_int(r, deal_id))) == NULL)
		return db_fail(r);
	json_object *after = req_json(r, db_row_json(res, 0));
	json_object_object_add(after, "contact_id", json_object_new_int64(contact_id));
	json_object_object_add(after, "new_customer", json_object_new_boolean(new_customer));
	*deal_out = deal;
	*lead_out = after;
	*contact_out = contact_id;
	return HE_OK;
}

/* POST /leads/:id/convert {version, customer_id (empty: a new customer),
 * kind, add_property, property_id, title, value_cents, stage, probability,
 * expected_close, owner_id} → 201 {lead, deal, customer_id, contact_id,
 * property_id, new_customer} + Location of the deal (HTML: 303 to the
 * deal); 404; 409 stale version (the current lead); 422 field errors, or
 * status when the lead is converted already or archived. Events:
 * customer.created, contact.created, property.created (for what was made),
 * sales.deal_created, sales.lead_converted. */
enum herr
sales_lead_convert(struct request *r)
{
	long long id;
	PGresult *res;
	enum herr e = record_begin_by_id(r, &convert_lead_lock, &id, &res);
	if (e != HE_OK)
		return e;
	if (PQntuples(res) == 0) {
		db_rollback(r);
		return HE_NOT_FOUND;
	}
	json_object *lead = req_json(r, db_row_json(res, 0)), *page;
	struct form f;
	form_begin(&f, r, NULL);
	if ((e = record_version_check(r, &f, lead)) != HE_OK) {
		db_rollback(r);
		if (r->format != FMT_HTML || e != HE_CONFLICT)
			return e;
		resp_flash(r, "error", "This lead changed since you opened it: check it and convert it again.");
		return resp_redirect(r, 303, arena_printf(r->arena, "/leads/%lld/convert", id));
	}
	const char *refusal = convert_state_refusal(lead);
	if (refusal != NULL)
		return convert_refuse(r, id, refusal);
	struct convert_in in;
	if ((e = convert_read(r, &f, lead, &in)) != HE_OK)
		return e;
	if (!form_ok(&f)) {
		db_rollback(r);
		if (r->format == FMT_HTML && (e = convert_page(r, lead, &page)) != HE_OK)
			return e;
		return record_form_again(r, HE_INVALID, "sales/lead_convert.cs", r->format == FMT_HTML ? page : NULL);
	}
	json_object *deal = NULL, *after = NULL;
	long long contact_id = 0;
	if ((e = convert_apply(r, lead, &in, &deal, &after, &contact_id)) != HE_OK) {
		db_rollback(r);
		return e;
	}
	if ((e = record_commit(r, "lead.convert", "lead", id, lead, after, "sales.lead_converted")) != HE_OK)
		return e;
	long long deal_id = record_int(deal, "id");
	const char *href = res_href(r, &sales_deal_resource, deal_id);
	if (r->format == FMT_HTML)
		return record_done(r, 1, href, "Lead converted: its customer, contact, property and deal are made.", NULL);
	/* the event had contact_id and new_customer in the lead; the answer has them beside it */
	json_object_object_del(after, "contact_id");
	json_object_object_del(after, "new_customer");
	res_links(r, &sales_lead_resource, after);
	res_links(r, &sales_deal_resource, deal);
	json_object *out = req_obj(r);
	json_object_object_add(out, "lead", json_object_get(after));
	json_object_object_add(out, "deal", json_object_get(deal));
	json_object_object_add(out, "customer_id", json_object_new_int64(record_int(after, "customer_id")));
	json_object_object_add(out, "contact_id", json_object_new_int64(contact_id));
	long long pid = record_int(after, "property_id");
	json_object_object_add(out, "property_id", pid > 0 ? json_object_new_int64(pid) : NULL);
	json_object_object_add(out, "new_customer", json_object_new_boolean(in.customer_id == NULL));
	return record_done(r, 1, href, NULL, out);
}
