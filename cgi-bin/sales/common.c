/* common.c: what the sales pages share: the owner and campaign choices of
 * their forms and the checks of those references. */
#include <stdio.h>
#include <string.h>
#include "sales.h"

enum herr
sales_choices(struct request *r, struct db_stmt *st, const char *key, json_object *data, const char *param)
{
	PGresult *res = param ? db_q(r, st, param) : db_q0(r, st);
	if (res == NULL || PQntuples(res) != 1)
		return HE_OK;             /* the page shows without choices */
	json_object_object_add(data, key, json_tokener_parse(PQgetvalue(res, 0, 0)));
	return HE_OK;
}

DB_STMT(sales_owner_choices,
    "SELECT coalesce(json_agg(json_build_object('id', u.id, 'name', u.name) ORDER BY lower(u.name), u.id), '[]')"
    " FROM auth.user_names u WHERE u.active");
DB_STMT(sales_campaign_choices,
    "SELECT coalesce(json_agg(json_build_object('id', c.id, 'name', c.name) ORDER BY lower(c.name), c.id), '[]')"
    " FROM sales.campaigns c WHERE c.archived_at IS NULL");

enum herr
sales_owner_campaign_choices(struct request *r, json_object *data)
{
	enum herr e = sales_choices(r, &sales_owner_choices, "owners", data, NULL);
	if (e == HE_OK)
		e = sales_choices(r, &sales_campaign_choices, "campaigns", data, NULL);
	return e;
}

DB_STMT(sales_owner_ok, "SELECT 1 FROM auth.user_names u WHERE u.id = $1 AND u.active");
DB_STMT(sales_campaign_ok, "SELECT 1 FROM sales.campaigns c WHERE c.id = $1 AND c.archived_at IS NULL");

static enum herr
check_exists(struct request *r, struct form *f, const char *field, struct db_stmt *st, const char *message)
{
	const char *id = form_get(f, field);
	if (id == NULL)
		return HE_OK;
	PGresult *q = db_q(r, st, id);
	if (q == NULL)
		return db_fail(r);
	if (PQntuples(q) == 0)
		form_error(f, field, message);
	return HE_OK;
}

enum herr
sales_check_owner(struct request *r, struct form *f, const char *field)
{
	return check_exists(r, f, field, &sales_owner_ok, "Choose an active user.");
}

enum herr
sales_check_campaign(struct request *r, struct form *f, const char *field)
{
	return check_exists(r, f, field, &sales_campaign_ok, "Choose a campaign that is not archived.");
}

int
sales_month(const char *m, int *year, int *month)
{
	int y, mo;
	char tail;
	if (m == NULL || strlen(m) != 7 || strspn(m, "0123456789") != 4 || m[4] != '-' ||
	    strspn(m + 5, "0123456789") != 2 || sscanf(m, "%4d-%2d%c", &y, &mo, &tail) != 2 || y < 1900 ||
	    mo < 1 || mo > 12)
		return 0;
	*year = y;
	*month = mo;
	return 1;
}
