/* imports.c: customers from a CSV file, each row a customer with, when the
 * row has them, its primary contact and its property. Only the descriptor
 * is the family's: the columns, one cross-field rule and three SQL
 * functions of sql/020 (import_mark_duplicates and import_undo_check run
 * here; import_apply and import_undo_batch by hearth-worker, named in
 * core.import_kinds); lib/import.c does the rest. */
#include "config.h"
#include "customers.h"
#include "import.h"

static const char *const cust_kinds[] = { "residential", "commercial", NULL };
static const char *const contact_channels[] = { "email", "phone", "sms", "any", NULL };
static const char *const property_types[] = {
	"house", "apartment", "condo", "office", "retail", "hospitality", "other", NULL,
};

#define TEXT(n, l, al, max, ex)  { n, l, al, 0, IMPORT_TEXT, max, NULL, NULL, ex }

/* The order is the template CSV's. Aliases are the headers other CRMs,
 * spreadsheets and accounting exports use (lower case, spaces for _ - .). */
static const struct import_column customer_import_columns[] = {
	{ "name", "Name", "customer|customer name|company|company name|full name|account|account name|client", 1,
	  IMPORT_TEXT, 200, NULL, NULL, "Okafor Residence" },
	{ "kind", "Kind", "type|customer type|segment", 0, IMPORT_CHOICE, 0, cust_kinds, "residential", "residential" },
	{ "email", "Email", "e mail|email address|mail", 0, IMPORT_EMAIL, 254, NULL, NULL, "ada.okafor@example.com" },
	{ "phone", "Phone", "telephone|tel|phone number|mobile", 0, IMPORT_PHONE, 40, NULL, NULL, "+44 20 7946 0958" },
	TEXT("billing_line1", "Billing address", "address|street|address 1|address line 1|billing street", 200,
	    "12 Elm Road"),
	TEXT("billing_line2", "Billing address line 2", "address 2|address line 2", 200, ""),
	TEXT("billing_city", "Billing city", "city|town|billing town", 100, "London"),
	TEXT("billing_region", "Billing region", "region|state|county|province|billing state", 100, ""),
	TEXT("billing_postal_code", "Billing postal code", "postal code|postcode|zip|zip code|billing zip", 20,
	    "N1 9GU"),
	TEXT("billing_country", "Billing country", "country|billing country code", 100, "GB"),
	{ "tags", "Tags", "labels|groups", 0, IMPORT_LIST, 40, NULL, NULL, "vip; knx" },
	{ "notes", "Notes", "note|comments|description", 0, IMPORT_NOTE, 5000, NULL, NULL, "" },
	TEXT("contact_name", "Contact name", "contact|contact person|primary contact", 200, "Ada Okafor"),
	TEXT("contact_title", "Contact title", "job title|role|position", 100, "Homeowner"),
	{ "contact_email", "Contact email", "contact e mail|contact email address", 0, IMPORT_EMAIL, 254, NULL, NULL,
	  "ada@example.com" },
	{ "contact_phone", "Contact phone", "contact telephone|contact mobile", 0, IMPORT_PHONE, 40, NULL, NULL,
	  "+44 7700 900123" },
	{ "contact_preferred_channel", "Contact preferred channel", "preferred channel|channel", 0, IMPORT_CHOICE, 0,
	  contact_channels, NULL, "email" },
	TEXT("property_name", "Property name", "property|site|site name", 200, "Main residence"),
	{ "property_type", "Property type", "site type", 0, IMPORT_CHOICE, 0, property_types, NULL, "house" },
	TEXT("property_line1", "Property address", "site address|property street|installation address", 200,
	    "12 Elm Road"),
	TEXT("property_line2", "Property address line 2", "site address 2", 200, ""),
	TEXT("property_city", "Property city", "site city", 100, "London"),
	TEXT("property_region", "Property region", "site region|property state", 100, ""),
	TEXT("property_postal_code", "Property postal code", "site postcode|property zip|property postcode", 20,
	    "N1 9GU"),
	TEXT("property_country", "Property country", "site country", 100, "GB"),
	{ "property_access_notes", "Property access notes", "access notes|access|gate code location", 0, IMPORT_NOTE,
	  2000, NULL, NULL, "Key safe by the side gate" },
	{ NULL, NULL, NULL, 0, IMPORT_TEXT, 0, NULL, NULL, NULL },
};

/* A contact's details need the contact's name: a row with a contact
 * email but no name would otherwise lose it silently. */
static void
customer_import_check(const struct import_kind *k, struct import_row *row)
{
	if (import_value(k, row, "contact_name") == NULL &&
	    (import_value(k, row, "contact_email") != NULL || import_value(k, row, "contact_phone") != NULL))
		import_row_error(row, "contact_name", "Required when the row has a contact email or phone.");
}

DB_STMT(cust_import_dups, "SELECT customers.import_mark_duplicates($1)");
DB_STMT(cust_import_undo, "SELECT ok, detail FROM customers.import_undo_check($1)");

static const char *const customer_import_preview[] = { "name", "email", "contact_name", "property_line1", NULL };

static const struct import_kind customer_import = {
	.kind = "customers", .family = "customers", .label = "customers",
	.path = "/customers/imports", .done_path = "/customers",
	.columns = customer_import_columns, .preview = customer_import_preview,
	.duplicate_field = "email", .check_row = customer_import_check,
	.mark_duplicates = &cust_import_dups, .undo = &cust_import_undo,
};

#define IMPORT_HANDLER(name, fn) enum herr name(struct request *r) { return fn(r, &customer_import); }

/* GET /customers/imports → 200 the imports (newest 50) and the upload form. */
IMPORT_HANDLER(customers_import_list, import_list)
/* POST /customers/imports (multipart: file) → 201 + Location (HTML: 303)
 * to the import; 413; 422 empty, unreadable or past the limits. */
IMPORT_HANDLER(customers_import_upload, import_upload)
/* GET /customers/imports/template → text/csv: the columns and an example row (JSON: the columns). */
IMPORT_HANDLER(customers_import_template, import_template)
/* GET /customers/imports/:id (?show=problems|all, after) → 200 the import,
 * mapping and preview rows; 404. */
IMPORT_HANDLER(customers_import_show, import_show)
/* POST /customers/imports/:id (version, encoding, delimiter, col_N |
 * mapping, duplicates) → 200 the preview (HTML: 303); 409 stale or
 * applying; 422 mapping errors or a file the new reading refuses. */
IMPORT_HANDLER(customers_import_preview, import_preview)
/* POST /customers/imports/:id/apply (version, duplicates) → 202 applying
 * (HTML: 303); 409 not previewed, or applied already; 422 nothing to import. */
IMPORT_HANDLER(customers_import_apply, import_apply)
/* POST /customers/imports/:id/cancel → 200 cancelled (HTML: 303 to the list); 409 once applying. */
IMPORT_HANDLER(customers_import_cancel, import_cancel)
/* POST /customers/imports/:id/undo → 202 undoing (the worker removes the
 * records; HTML: 303); 409 when a created record changed since (named),
 * the window closed, or not applied. */
IMPORT_HANDLER(customers_import_undo, import_undo)
/* GET /customers/imports/:id/errors → text/csv of the rows with problems
 * (JSON: items); 404. */
IMPORT_HANDLER(customers_import_errors, import_errors)
