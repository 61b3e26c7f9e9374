/* resource: a resource described once, run by lib. A family describes each
 * of its resources in one static table (fields with kinds, limits and
 * choices; the statements that read and write it; its sorts, filters and
 * CSV columns; its parent) and lib runs list, show, new, edit, create,
 * update (with the version check), archive and restore for it. What is
 * truly specific (a primary contact, choices read from the database, an
 * upload) goes in hooks. Handlers stay named one-liners in the family's
 * route table (RES_HANDLER below), so main.c still reads as the family's
 * whole surface, and all SQL stays beside the table that names it.
 *
 * Statement parameters, by convention:
 *   get, get_full, get_for_update   $1 id
 *   insert                          [$1 parent id,] then every field in table order
 *                                   [, then the signed-in user's id with insert_creator]
 *   update                          $1 id, $2 version read, then every field in table order
 *   set_archived                    $1 id, $2 archive (boolean); RETURNING the row only when it changed
 *   list (one per sort)             whatever list_params says, $1 first
 * Every statement that returns the record returns the same columns, so an
 * answer looks the same whichever step made it.
 *
 * Ownership: every json_object the layer makes or reads is the request
 * arena's (req.h's rule: req_json, record_get); hooks borrow and never put.
 * docs/adding-a-resource.md walks through a new resource and family. */
#ifndef HEARTH_RESOURCE_H
#define HEARTH_RESOURCE_H

#include "db.h"
#include "list.h"
#include "search.h"
#include "valid.h"

/* What a field holds; each maps to one form_* check (valid.h). */
enum res_kind {
	RK_TEXT,        /* trimmed text of at most max characters */
	RK_EMAIL,
	RK_PHONE,
	RK_ENUM,        /* one of choices; def when absent */
	RK_BOOL,        /* "true"/"false" to SQL */
	RK_INT,         /* in [min, max_int] */
	RK_ID,          /* a reference: a positive id, or null (V_NULLABLE) */
	RK_DATE,        /* YYYY-MM-DD */
	RK_DATETIME,    /* RFC 3339 or the browser's local YYYY-MM-DDTHH:MM; UTC to SQL */
	RK_LIST,        /* array of text (JSON array or comma-separated): a text[] literal to SQL */
	RK_ROWS,        /* read only (read_fields): an array of objects (a json_agg of the show page) */
};

struct res_field {
	const char         *name;
	enum res_kind       kind;
	int                 flags;      /* V_REQUIRED | V_NULLABLE */
	size_t              max;        /* RK_TEXT: characters; RK_LIST: items */
	const char *const  *choices;    /* RK_ENUM, NULL-terminated */
	const char         *def;        /* RK_ENUM default; initial value on the new form */
	long long           min, max_int;  /* RK_INT */
	size_t              item_max;   /* RK_LIST: characters per item */
	const char         *path;       /* RK_ROWS: the rows' resource ("/contacts"): each row
	                                   with an id gets its "url" (res_links) */
};

/* Table rows, so each field reads as one line. */
#define FIELD_TEXT(n_, fl_, max_)        { .name = (n_), .kind = RK_TEXT, .flags = (fl_), .max = (max_) }
#define FIELD_EMAIL(n_, fl_)             { .name = (n_), .kind = RK_EMAIL, .flags = (fl_) }
#define FIELD_PHONE(n_, fl_)             { .name = (n_), .kind = RK_PHONE, .flags = (fl_) }
#define FIELD_ENUM(n_, fl_, ch_, def_)   { .name = (n_), .kind = RK_ENUM, .flags = (fl_), .choices = (ch_), .def = (def_) }
#define FIELD_BOOL(n_)                   { .name = (n_), .kind = RK_BOOL }
#define FIELD_INT(n_, fl_, lo_, hi_)     { .name = (n_), .kind = RK_INT, .flags = (fl_), .min = (lo_), .max_int = (hi_) }
#define FIELD_ID(n_, fl_)                { .name = (n_), .kind = RK_ID, .flags = (fl_) }
#define FIELD_DATE(n_, fl_)              { .name = (n_), .kind = RK_DATE, .flags = (fl_) }
#define FIELD_DATETIME(n_, fl_)          { .name = (n_), .kind = RK_DATETIME, .flags = (fl_) }
#define FIELD_LIST(n_, items_, imax_)    { .name = (n_), .kind = RK_LIST, .max = (items_), .item_max = (imax_) }
#define FIELD_ROWS(n_, path_)            { .name = (n_), .kind = RK_ROWS, .path = (path_) }
#define FIELD_END                        { .name = NULL }

/* A URL a record's JSON carries (GitHub's and Stripe's *_url), so a script
 * follows links instead of building them: "contacts_url" → the record's
 * own href + "/contacts". Every record (and list item) has "url"; a child
 * has "<parent singular>_url" too; these are the rest. Read only: a PATCH
 * may send them back unchanged. */
struct res_link {
	const char *name;       /* "contacts_url" */
	const char *suffix;     /* "/contacts": appended to the record's href */
};
#define LINK_END { .name = NULL }

/* A ?name= filter of a list. Its value reaches the list statement through
 * LP_FILTER(i) and goes back to the page as data.<name>. */
enum res_filter_kind { RF_TEXT, RF_CHOICE, RF_ID };
struct res_filter {
	const char             *name;
	enum res_filter_kind    kind;
	const char *const      *choices;   /* RF_CHOICE */
	const char             *message;   /* 422 text for a bad value */
	size_t                  max;       /* RF_TEXT: at most this many characters */
};

/* Filters a list may have (a filters table with more is cut short: the
 * layer reads the first RES_MAX_FILTERS). */
#define RES_MAX_FILTERS 8

/* Where each $n of a list statement comes from. */
enum res_lparam {
	LP_END = 0,
	LP_PARENT,          /* the parent's id (route :param), NULL on the global list */
	LP_Q,               /* the trimmed search text */
	LP_LIKE,            /* %q% with LIKE metacharacters escaped */
	LP_LIKE_LOWER,      /* the same, lower case */
	LP_Q_UNLESS_PHONE,  /* q, or NULL when it is a phone number ("512 555" is similar to every number) */
	LP_Q_IF_LETTERS,    /* q, or NULL when it has no letters ("78704" should not match similar numbers) */
	LP_PHONE_LIKE,      /* %digits% when q is a phone number, else NULL */
	LP_ARCHIVED,        /* ?archived=1: "true"/"false" */
	LP_AFTER_KEY,       /* the cursor's key and id, NULL on the first page */
	LP_AFTER_ID,
	LP_LIMIT1,          /* limit + 1: one more row tells whether there is a next page */
	LP_FILTER0,         /* LP_FILTER(i): the value of filters[i], NULL when absent */
};
#define FILTER_CHOICE(n_, ch_, msg_)    { .name = (n_), .kind = RF_CHOICE, .choices = (ch_), .message = (msg_) }
#define FILTER_TEXT(n_, max_)           { .name = (n_), .kind = RF_TEXT, .max = (max_) }
#define FILTER_ID(n_)                   { .name = (n_), .kind = RF_ID, .message = "Not a valid id." }
#define FILTER_END                      { .name = NULL }
#define LP_FILTER(i) ((enum res_lparam)(LP_FILTER0 + (i)))

/* The resource a child hangs under (a contact's customer). */
struct res_parent {
	const char     *param;          /* route :param with the parent's id: "id" */
	const char     *field;          /* the child's column holding it: "customer_id" */
	const char     *name_field;     /* the child's column with the parent's name: "customer_name" */
	const char     *data_key;       /* list and form pages see the parent as data.<data_key> */
	const char     *label;          /* "Customers": first crumb */
	const char     *path;           /* "/customers": its list; its pages are path/id */
	struct db_stmt *get;            /* $1 id → {id, name, archived_at} */
	struct db_stmt *lock;           /* the same, locked: taken before any change to a child,
	                                   so changes to one parent's children are serialised */
	const char     *singular;       /* "customer": "This contact's customer is archived." */
};

struct resource;

/* What is truly specific to a resource. Each hook is optional. */
struct res_hooks {
	/* More checks once the fields are read (f->out holds the clean
	 * values): add messages with form_error. parent_id 0: no parent. */
	enum herr (*check)(struct request *r, const struct resource *res, struct form *f, long long parent_id);
	/* In the transaction, after the checks, before the insert or update
	 * (id 0 on create): e.g. take the primary flag off the other contacts. */
	enum herr (*before_write)(struct request *r, struct form *f, long long parent_id, long long id);
	/* The new form's initial values beyond the fields' defaults. */
	enum herr (*new_form)(struct request *r, long long parent_id, json_object *form_values);
	/* More page data for the new/edit form (choices read from the
	 * database), added to data; record is NULL on the new form. */
	enum herr (*form_data)(struct request *r, long long parent_id, json_object *record, json_object *data);
	/* The flash after a create (NULL: the resource's created_flash). */
	const char *(*created_flash)(struct request *r, json_object *record);
	/* The new form's title ("Log a call"; NULL: "New <label>"). */
	const char *(*new_title)(struct request *r, json_object *form_values);
	/* More data for the list page's HTML (choices for a form on it;
	 * the page shows without them if they cannot be read). */
	void (*list_data)(struct request *r, long long parent_id, json_object *out);
	/* More data for the show page's HTML (labels, links). */
	enum herr (*show_data)(struct request *r, json_object *record);
};

/* Where a browser goes after a change of a child: back to the parent's
 * page (where the child is listed) instead of the record's. */
#define RES_BACK_CREATE  1
#define RES_BACK_UPDATE  2
#define RES_BACK_ARCHIVE 4
#define RES_BACK_ALL     (RES_BACK_CREATE | RES_BACK_UPDATE | RES_BACK_ARCHIVE)

struct resource {
	const char *name;          /* "contact": audit entity, events contact.created/.updated/... */
	const char *label;         /* "Contact": "Contact saved.", "New contact" */
	const char *plural;        /* "Contacts": list title */
	const char *path;          /* "/contacts": the list; one record is path/id */
	const char *family;        /* "customers": page.family (navigation) */
	const char *title_field;   /* "name": the record's title in crumbs */
	const char *tpl_list, *tpl_show, *tpl_form;
	const struct res_parent *parent;   /* NULL: top level */
	int         back_to_parent;        /* RES_BACK_*: HTML goes to the parent's page after these */
	int         insert_creator;        /* the insert's last $n is the signed-in user's id (NULL: none) */

	const struct res_field *fields;    /* ends with { NULL } */
	struct db_stmt *get;               /* the record, as every answer shows it */
	struct db_stmt *get_full;          /* the show page's record and what it lists (NULL: get) */
	const char *const *show_fields;    /* what get_full adds to the record: a PATCH may send them
	                                      back (GET, edit, PATCH the whole body); never written */
	/* The record's columns that are not fields (never written), for the
	 * API contract (lib/api.h): those of get, get_full (each show_field)
	 * and the list rows, besides id, version, archived_at, created_at,
	 * updated_at and the parent's field and name_field, which every
	 * record has. An answer with a column described nowhere fails the
	 * contract check (docs/api.md). */
	const struct res_field *read_fields;
	const struct res_link  *links;     /* ends with LINK_END; NULL: none besides url */
	struct db_stmt *get_for_update;
	struct db_stmt *insert;
	struct db_stmt *update;
	struct db_stmt *set_archived;

	const struct list_sort   *sorts;
	struct db_stmt *const    *list_stmts;   /* one per sort, same order */
	const enum res_lparam    *list_params;  /* ends with LP_END */
	/* With ?q, when set: per sort, the exact and fuzzy steps (search.h),
	 * taking list_params; fuzzy is skipped for a phone number. */
	const struct search_steps *search;
	/* Browsing (no q, and no filter that browse_params does not take),
	 * when set: per sort, a first-page and a next-page statement, prepared
	 * once on a generic plan (no optional predicates to plan around).
	 * They take browse_params, the first page without the LP_AFTER_ ones. */
	struct db_stmt *const   (*browse)[2];
	const enum res_lparam    *browse_params;
	const struct res_filter  *filters;      /* ends with { NULL } */
	const char *const        *csv_columns;
	const char *const        *html_columns; /* the list page's row columns (NULL: all): fewer is cheaper */
	const char               *html_row;     /* the list page's row template (row.*), rendered once per
	                                         * row content (view.c); the page prints uvar:rendered.items */
	const char               *csv_filename;

	const char *created_flash;         /* "Contact added." */
	const char *saved_flash;           /* "Contact saved." */
	const struct res_hooks *hooks;
	/* Outbox events are <event_prefix>created, ...updated, ...archived,
	 * ...restored ("inventory.product_": inventory.product_created);
	 * NULL: "<name>." (customer.created). */
	const char *event_prefix;
};

/* The operations. Each answers as its comment in the family's route table
 * says: list 200 (422 bad query); show 200/404; new 200/404 (no parent);
 * edit 200/404; create 201 + Location (HTML 303), 404 no parent, 422
 * fields; update 200 (HTML 303), 404, 409 stale version with the current
 * record, 422; archive/restore 200 (HTML 303), 404, 422 restore under an
 * archived parent. */
enum herr res_list(struct request *r, const struct resource *res) __attribute__((warn_unused_result));
enum herr res_show(struct request *r, const struct resource *res) __attribute__((warn_unused_result));
enum herr res_new(struct request *r, const struct resource *res) __attribute__((warn_unused_result));
enum herr res_edit(struct request *r, const struct resource *res) __attribute__((warn_unused_result));
enum herr res_create(struct request *r, const struct resource *res) __attribute__((warn_unused_result));
enum herr res_update(struct request *r, const struct resource *res) __attribute__((warn_unused_result));
enum herr res_archive(struct request *r, const struct resource *res) __attribute__((warn_unused_result));
enum herr res_restore(struct request *r, const struct resource *res) __attribute__((warn_unused_result));

/* One named handler: RES_HANDLER(customers_contact_list, res_list, contact_resource).
 * It also tells the API contract (lib/api.h) that fn runs op on res. */
#define RES_HANDLER(fn, op, res) \
	enum herr fn(struct request *r) { return op(r, &(res)); } \
	RES_API(fn, op, res)
/* A handler of its own that does what op does for res (an upload that
 * creates a document): its place in the API contract, beside it. */
#define RES_API(fn, op, res) \
	static const struct res_api fn##_api_ = { #fn, fn, &(res), op }; \
	static const struct res_api *const fn##_api_registered_ \
	    __attribute__((used, section("hearth_api"))) = &fn##_api_;
struct res_api {
	const char *name;                                  /* the handler's name */
	enum herr (*handler)(struct request *r);
	const struct resource *res;
	enum herr (*op)(struct request *r, const struct resource *res);
};
/* Every res_api linked into the program (the section hearth_api). */
const struct res_api *const *res_api_linked(size_t *n);

/* The pieces the operations are made of, for a resource whose step needs
 * its own code (a list with two statement sets, an upload). */
struct res_list_ctx {
	struct list_query  lq;
	json_object       *parent;          /* borrowed (arena), NULL on a global list */
	long long          parent_id;
	const char        *filter_values[RES_MAX_FILTERS];
	int                with_archived;
};
/* Reads the parent, the list query and the filters, sets crumbs; on bad
 * input the page (template, data) is ready and HE_INVALID is returned. */
enum herr res_list_begin(struct request *r, const struct resource *res, struct res_list_ctx *lc)
    __attribute__((warn_unused_result));
/* The $n values of res->list_params for this request. */
int res_list_params(struct request *r, const struct resource *res, const struct res_list_ctx *lc,
                    const char **vals, int cap);
/* Answers with the rows (list contract, CSV columns, page data). */
enum herr res_list_answer(struct request *r, const struct resource *res, const struct res_list_ctx *lc,
                          PGresult *rows) __attribute__((warn_unused_result));

/* The record's links (url, <parent>_url, res->links) added to obj, an
 * answer of res that holds its id; JSON answers only (pages link by
 * themselves). The layer's steps call it; a handler of its own that
 * answers a record (an upload) calls it too. */
void res_links(struct request *r, const struct resource *res, json_object *obj);
/* The href of a record of res: "/contacts/12". */
const char *res_href(struct request *r, const struct resource *res, long long id);
/* True for ?name=1|true|on. */
int res_query_flag(const struct request *r, const char *name);

#endif
