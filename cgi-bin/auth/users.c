/* users.c: the users admin (auth:admin, HTML and JSON at the same URLs):
 * list and search, create (with a temporary password shown once), a
 * user's page (their sessions and recent audit rows), edit name, role and
 * active, set a temporary password, revoke sessions. An admin cannot
 * deactivate themselves, nor demote or deactivate the last active admin
 * (a user whose role holds auth:admin). Every change is audited. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include "audit.h"
#include "auth.h"
#include "auth_family.h"
#include "list.h"
#include "mail.h"
#include "password.h"
#include "password_policy.h"
#include "resp.h"

/* Serialises the changes that can take auth:admin away from someone, so
 * two admins demoting each other at once cannot leave nobody (sql/008's
 * number; core.audit_chain uses 7210001, hearthctl 7210002-7210004). */
#define USERS_ADMIN_LOCK "7210008"

static const char *
user_href(struct request *r, long long id)
{
	return arena_printf(r->arena, "/auth/users/%lld", id);
}

static void
users_page(struct request *r)
{
	json_object_object_add(r->page, "family", json_object_new_string("users"));
}

/* The role names, for the filters and the forms: a NULL-terminated array
 * in the arena, and as JSON (data.roles) for the templates. */
DB_STMT(users_roles, "SELECT name FROM auth.roles ORDER BY name");

static enum herr
users_roles_get(struct request *r, const char ***names, json_object **json)
{
	PGresult *res = db_q0(r, &users_roles);
	if (res == NULL)
		return db_fail(r);
	int n = PQntuples(res);
	const char **v = arena_alloc(r->arena, (size_t)(n + 1) * sizeof(char *));
	json_object *arr = json ? req_arr(r) : NULL;
	for (int i = 0; i < n; i++) {
		v[i] = arena_strdup(r->arena, PQgetvalue(res, i, 0));
		if (arr)
			json_object_array_add(arr, json_object_new_string(v[i]));
	}
	v[n] = NULL;
	if (names)
		*names = v;
	if (json)
		*json = arr;
	return HE_OK;
}

/* ---- list ---- */

/* $1 lower-cased "%q%" or NULL, $2 role, $3 active, $4/$5 cursor, $6 limit+1. */
#define USERS_LIST_SELECT \
	"SELECT " AUTH_USER_COLS "," \
	" (SELECT max(s.created_at) FROM auth.sessions s WHERE s.user_id = u.id) AS last_sign_in_at, "
#define USERS_LIST_WHERE \
	" FROM auth.users u" \
	" WHERE ($1::text IS NULL OR lower(u.name || ' ' || u.email) LIKE $1)" \
	"   AND ($2::text IS NULL OR u.role = $2)" \
	"   AND ($3::boolean IS NULL OR u.active = $3)"
DB_STMT_PLANNED(users_list_name,
    USERS_LIST_SELECT "lower(u.name) AS sort_key" USERS_LIST_WHERE
    "   AND ($4::text IS NULL OR (lower(u.name), u.id) > ($4, $5::bigint))"
    " ORDER BY lower(u.name), u.id LIMIT $6");
DB_STMT_PLANNED(users_list_email,
    USERS_LIST_SELECT "lower(u.email) AS sort_key" USERS_LIST_WHERE
    "   AND ($4::text IS NULL OR (lower(u.email), u.id) > ($4, $5::bigint))"
    " ORDER BY lower(u.email), u.id LIMIT $6");
DB_STMT_PLANNED(users_list_created,
    USERS_LIST_SELECT "u.created_at AS sort_key" USERS_LIST_WHERE
    "   AND ($4::text IS NULL OR (u.created_at, u.id) < ($4::timestamptz, $5::bigint))"
    " ORDER BY u.created_at DESC, u.id DESC LIMIT $6");

static const struct list_sort users_sorts[] = {
	{ "name",        "Name",   "sort_key" },
	{ "email",       "Email",  "sort_key" },
	{ "-created_at", "Newest", "sort_key" },
	{ NULL, NULL, NULL },
};
static struct db_stmt *const users_sort_stmts[] = {
	&users_list_name, &users_list_email, &users_list_created,
};

static const char *const users_csv_columns[] = {
	"id", "email", "name", "role", "active", "must_change_password", "locked", "last_sign_in_at",
	"created_at", "updated_at", NULL,
};

static int
role_name_ok(const char *s)
{
	size_t n = strlen(s);
	if (n == 0 || n > 40)
		return 0;
	for (const char *p = s; *p; p++)
		if (!islower((unsigned char)*p) && !isdigit((unsigned char)*p) && *p != '_' && *p != '-')
			return 0;
	return 1;
}

/* GET /auth/users (?q on name and email, role, active=1|0, sort, limit,
 * after; format=json|csv) → 200 {items, next}; 422 bad filter, sort,
 * limit or cursor. */
enum herr
auth_users_list(struct request *r)
{
	struct list_query lq;
	enum herr e = list_parse(r, users_sorts, &lq);
	const char *role = req_query(r, "role");
	if (role != NULL && *role == '\0')
		role = NULL;
	if (role != NULL && !role_name_ok(role))
		resp_field_error(r, "role", "Not a role name.");
	const char *active = req_query(r, "active"), *active_param = NULL;
	if (active != NULL && *active) {
		if (strcmp(active, "1") == 0 || strcmp(active, "true") == 0)
			active_param = "true";
		else if (strcmp(active, "0") == 0 || strcmp(active, "false") == 0)
			active_param = "false";
		else
			resp_field_error(r, "active", "Use 1 (active) or 0 (deactivated).");
	}
	json_object *roles = NULL;
	enum herr re = r->format == FMT_HTML ? users_roles_get(r, NULL, &roles) : HE_OK;
	if (re != HE_OK)
		return re;
	if (e != HE_OK || r->errors != NULL) {
		json_object *d = req_obj(r);
		json_object_object_add(d, "roles", json_object_get(roles));
		record_crumbs(r, "Users", "Users", NULL, NULL);
		users_page(r);
		/* The list page again with the filter's errors: the answer stays HE_INVALID. */
		if ((re = resp_ok(r, "auth/users/list.cs", d)) != HE_OK)
			return re;
		return HE_INVALID;
	}
	const char *like = NULL;
	if (lq.like != NULL) {
		char *l = arena_strdup(r->arena, lq.like);
		for (char *p = l; *p; p++)
			*p = (char)tolower((unsigned char)*p);
		like = l;
	}
	PGresult *res = db_q(r, users_sort_stmts[lq.sort_index], like, role, active_param, lq.after_key,
	    lq.after_id, lq.limit_plus_one);
	if (res == NULL)
		return db_fail(r);
	json_object *out = req_json(r, list_answer(r, &lq, res));
	if (r->format == FMT_HTML) {
		if (role)
			json_object_object_add(out, "role", json_object_new_string(role));
		if (active_param)
			json_object_object_add(out, "active", json_object_new_string(active_param[0] == 't' ? "1" : "0"));
		json_object_object_add(out, "roles", json_object_get(roles));
		record_crumbs(r, "Users", "Users", NULL, NULL);
		users_page(r);
	}
	r->csv_columns = users_csv_columns;
	r->csv_filename = "users";
	return resp_ok(r, "auth/users/list.cs", out);
}

/* ---- one user ---- */

DB_STMT(user_get, "SELECT " AUTH_USER_COLS " FROM auth.users u WHERE u.id = $1");
DB_STMT(user_get_for_update, "SELECT " AUTH_USER_COLS " FROM auth.users u WHERE u.id = $1 FOR UPDATE");

/* The user, their live sessions and the latest audit rows about them or
 * by them (two index scans, newest 20 of both), in one round trip. */
DB_STMT(user_get_full,
    "SELECT " AUTH_USER_COLS ","
    " (SELECT max(s.created_at) FROM auth.sessions s WHERE s.user_id = u.id) AS last_sign_in_at,"
    " (SELECT coalesce(json_agg(x), '[]') FROM (SELECT s.id, core.rfc3339(s.created_at) AS created_at,"
    "    core.rfc3339(s.last_seen_at) AS last_seen_at, core.rfc3339(s.expires_at) AS expires_at,"
    "    s.client_ip, s.user_agent"
    "    FROM auth.sessions s WHERE s.user_id = u.id AND s.revoked_at IS NULL AND s.expires_at > now()"
    "      AND s.last_seen_at > now() - (SELECT make_interval(mins => st.idle_minutes)"
    "                                    FROM auth.session_settings st)"
    "    ORDER BY s.last_seen_at DESC, s.created_at DESC LIMIT 100) x) AS sessions,"
    " (SELECT coalesce(json_agg(x ORDER BY x.id DESC), '[]') FROM ("
    "    (SELECT a.id, core.rfc3339(a.at) AS at, a.action, a.actor, a.client_ip, a.entity, a.entity_id"
    "     FROM core.audit a WHERE a.entity = 'user' AND a.entity_id = u.id ORDER BY a.id DESC LIMIT 20)"
    "    UNION"
    "    (SELECT a.id, core.rfc3339(a.at) AS at, a.action, a.actor, a.client_ip, a.entity, a.entity_id"
    "     FROM core.audit a WHERE a.user_id = u.id ORDER BY a.id DESC LIMIT 20)"
    "    ORDER BY id DESC LIMIT 20) x) AS audit"
    " FROM auth.users u WHERE u.id = $1");

/* GET /auth/users/:id → 200 the user with sessions [{id, created_at,
 * last_seen_at, expires_at, client_ip, user_agent, browser, current}] and
 * audit [{id, at, action, actor, client_ip, entity, entity_id}]; 404. */
enum herr
auth_users_show(struct request *r)
{
	json_object *u;
	enum herr e = record_get(r, &user_get_full, req_param_id(r, "id"), &u);
	if (e != HE_OK)
		return e;
	json_object *sessions = NULL;
	json_object_object_get_ex(u, "sessions", &sessions);
	auth_sessions_decorate(r, sessions);
	if (r->format == FMT_HTML) {
		record_crumbs(r, record_str(u, "name"), "Users", "/auth/users", record_str(u, "name"), NULL, NULL);
		users_page(r);
	}
	no_store(r);
	return resp_ok(r, "auth/users/show.cs", u);
}

/* GET /auth/users/new → 200 the empty form (data.roles). */
enum herr
auth_users_new(struct request *r)
{
	json_object *roles;
	enum herr e = users_roles_get(r, NULL, &roles);
	if (e != HE_OK)
		return e;
	json_object *d = req_obj(r);
	json_object_object_add(d, "roles", json_object_get(roles));
	record_crumbs(r, "New user", "Users", "/auth/users", "New user", NULL, NULL);
	users_page(r);
	json_object *fv = req_obj(r);
	json_object_object_add(fv, "role", json_object_new_string("viewer"));
	req_set_form_values(r, fv);
	return resp_ok(r, "auth/users/form.cs", d);
}

/* GET /auth/users/:id/edit → 200 the form filled from the user; 404. */
enum herr
auth_users_edit(struct request *r)
{
	json_object *u, *roles;
	enum herr e = record_get(r, &user_get, req_param_id(r, "id"), &u);
	if (e != HE_OK)
		return e;
	if ((e = users_roles_get(r, NULL, &roles)) != HE_OK)
		return e;
	long long id = record_int(u, "id");
	record_crumbs(r, "Edit user", "Users", "/auth/users", record_str(u, "name"), user_href(r, id),
	    "Edit", NULL, NULL);
	users_page(r);
	req_set_form_values(r, record_as_form(r, u));
	json_object_object_add(u, "roles", json_object_get(roles));
	return resp_ok(r, "auth/users/form.cs", u);
}

DB_STMT(user_insert,
    "INSERT INTO auth.users AS u (email, name, role, password_hash, must_change_password)"
    " VALUES ($1, $2, $3, $4, true) RETURNING " AUTH_USER_COLS);

/* POST /auth/users (email, name, role, invite) → 201 + Location, the user
 * and temporary_password, shown this once (HTML: 201 a page with it); the
 * user must change it at their first sign-in. With invite on, no password
 * is shown: an invitation with a one-time link to choose one is queued in
 * the same transaction (invitation.c) → 201 the user with invitation
 * {expires_at, mail_id} (HTML: 303 to the user). 422 field errors (taken
 * email included). */
enum herr
auth_users_create(struct request *r)
{
	const char **role_names;
	json_object *roles;
	enum herr e = users_roles_get(r, &role_names, &roles);
	if (e != HE_OK)
		return e;
	struct form f;
	form_begin(&f, r, NULL);
	form_email(&f, "email", V_REQUIRED);
	form_text(&f, "name", V_REQUIRED, 200);
	form_enum(&f, "role", V_REQUIRED, role_names, NULL);
	int invite = form_bool(&f, "invite");
	if (!form_ok(&f))
		goto again;
	char temp[32];
	char *hash = NULL;
	if (password_policy_generate(temp, sizeof(temp), form_get(&f, "email"), form_get(&f, "name")) != 0 ||
	    (hash = password_hash(temp)) == NULL) {
		return HE_INTERNAL;
	}
	const char *h = arena_strdup(r->arena, hash);
	free(hash);
	if ((e = db_begin(r)) != HE_OK)
		return e;
	PGresult *res = db_q(r, &user_insert, form_get(&f, "email"), form_get(&f, "name"),
	    form_get(&f, "role"), h);
	if (res == NULL) {
		e = db_fail(r);
		db_rollback(r);
		explicit_bzero(temp, sizeof(temp));
		if (e == HE_CONFLICT && strcmp(db_constraint(), "users_email_key") == 0) {
			form_error(&f, "email", "A user with this email already exists.");
			goto again;
		}
		if (e == HE_INVALID && strcmp(db_constraint(), "users_role_fkey") == 0) {
			form_error(&f, "role", "This role no longer exists.");
			goto again;
		}
		return e;
	}
	json_object *u = req_json(r, db_row_json(res, 0));
	long long id = record_int(u, "id");
	json_object *invitation = NULL;
	if (invite && (e = auth_invitation_send(r, u, &invitation)) != HE_OK) {
		explicit_bzero(temp, sizeof(temp));
		return e;
	}
	if ((e = record_commit(r, "user.create", "user", id, NULL, u, NULL)) != HE_OK) {
		explicit_bzero(temp, sizeof(temp));
		return e;
	}
	if (invite) {            /* the temporary password is never shown: they choose their own */
		explicit_bzero(temp, sizeof(temp));
		json_object_object_add(u, "invitation", json_object_get(invitation));
		return record_done(r, 1, user_href(r, id), arena_printf(r->arena, "User created. The invitation "
		    "to %s is queued; it shows in Mail once sent.", record_str(u, "email")), u);
	}
	json_object_object_add(u, "temporary_password", json_object_new_string(temp));
	explicit_bzero(temp, sizeof(temp));
	no_store(r);
	resp_header(r, "Location", user_href(r, id));
	r->status = 201;
	if (r->format == FMT_HTML) {
		record_crumbs(r, "User created", "Users", "/auth/users", record_str(u, "name"), user_href(r, id),
		    "Temporary password", NULL, NULL);
		users_page(r);
	}
	return resp_ok(r, "auth/users/created.cs", u);

again:
	record_crumbs(r, "New user", "Users", "/auth/users", "New user", NULL, NULL);
	users_page(r);
	json_object *d = req_obj(r);
	json_object_object_add(d, "roles", json_object_get(roles));
	return record_form_again(r, HE_INVALID, "auth/users/form.cs", d);
}

/* Whether each of two roles holds auth:admin. */
DB_STMT(users_roles_admin,
    "SELECT EXISTS (SELECT 1 FROM auth.role_permissions rp WHERE rp.role = $1 AND rp.permission = 'auth:admin'),"
    "       EXISTS (SELECT 1 FROM auth.role_permissions rp WHERE rp.role = $2 AND rp.permission = 'auth:admin')");
DB_STMT(users_admin_lock, "SELECT pg_advisory_xact_lock(" USERS_ADMIN_LOCK ")");
/* Other active admins than $1, read after the lock (a fresh snapshot). */
DB_STMT(users_other_admins,
    "SELECT count(*) FROM auth.users u"
    " WHERE u.active AND u.id <> $1 AND EXISTS (SELECT 1 FROM auth.role_permissions rp"
    "   WHERE rp.role = u.role AND rp.permission = 'auth:admin')");

/* In the update's transaction: a change that takes auth:admin away from
 * the last active admin (by role or by deactivation) is a field error. */
static enum herr
users_last_admin_check(struct form *f, json_object *cur, const char *new_role, int new_active)
{
	struct request *r = f->r;
	PGresult *res = db_q(r, &users_roles_admin, record_str(cur, "role"), new_role);
	if (res == NULL)
		return db_fail(r);
	json_object *was_active = NULL;
	json_object_object_get_ex(cur, "active", &was_active);
	int was_admin = PQgetvalue(res, 0, 0)[0] == 't' && json_object_get_boolean(was_active);
	int will_be_admin = PQgetvalue(res, 0, 1)[0] == 't' && new_active;
	if (!was_admin || will_be_admin)
		return HE_OK;
	if (db_q0(r, &users_admin_lock) == NULL)
		return db_fail(r);
	long long id = record_int(cur, "id");
	if ((res = db_q(r, &users_other_admins, db_int(r, id))) == NULL)
		return db_fail(r);
	if (strtoll(PQgetvalue(res, 0, 0), NULL, 10) > 0)
		return HE_OK;
	const char *msg = "This is the last active administrator: make someone else an administrator first.";
	form_error(f, new_active ? "role" : "active", msg);
	return HE_OK;
}

DB_STMT(user_update,
    "UPDATE auth.users u SET name = $3, role = $4, active = $5::boolean, version = u.version + 1,"
    " updated_at = now() WHERE u.id = $1 AND u.version = $2 RETURNING " AUTH_USER_COLS);

/* PATCH /auth/users/:id (name, role, active; version or If-Match; form:
 * POST with _method=PATCH) → 200 the user (HTML: 303 to them); 404; 409
 * stale version with the current record; 422 field errors, also for
 * deactivating yourself or demoting/deactivating the last active admin.
 * Deactivating revokes all the user's sessions in the same transaction. */
enum herr
auth_users_update(struct request *r)
{
	long long id = req_param_id(r, "id");
	const char **role_names;
	json_object *roles;
	enum herr e = users_roles_get(r, &role_names, &roles);
	if (e != HE_OK)
		return e;
	if ((e = db_begin(r)) != HE_OK)
		return e;
	json_object *cur;
	if ((e = record_get(r, &user_get_for_update, id, &cur)) != HE_OK)
		return e;
	struct form f;
	form_begin(&f, r, cur);
	form_text(&f, "name", V_REQUIRED, 200);
	const char *role = form_enum(&f, "role", V_REQUIRED, role_names, NULL);
	int active = form_bool(&f, "active");
	if (json_object_object_get_ex(f.in, "email", NULL))
		form_error(&f, "email", "An email address cannot be changed: create a new user instead.");
	json_object *was = NULL;
	json_object_object_get_ex(cur, "active", &was);
	if (id == r->principal.user_id && !active && json_object_get_boolean(was))
		form_error(&f, "active", "You cannot deactivate your own account.");
	if (form_ok(&f) && (e = users_last_admin_check(&f, cur, role, active)) != HE_OK)
		return e;
	e = form_ok(&f) ? record_version_check(r, &f, cur) : HE_INVALID;
	if (e != HE_OK) {
		db_rollback(r);
		record_crumbs(r, "Edit user", "Users", "/auth/users", record_str(cur, "name"), user_href(r, id),
		    "Edit", NULL, NULL);
		users_page(r);
		json_object_object_add(cur, "roles", json_object_get(roles));
		return record_form_again(r, e, "auth/users/form.cs", cur);
	}
	PGresult *res = db_q(r, &user_update, db_int(r, id), db_int(r, record_int(cur, "version")),
	    form_get(&f, "name"), role, active ? "true" : "false");
	if (res == NULL)
		return db_fail(r);
	json_object *u = req_json(r, db_row_json(res, 0));
	long long revoked = 0;
	int deactivated = json_object_get_boolean(was) && !active;
	if (deactivated) {
		if ((e = auth_sessions_revoke_user(r, id, NULL, &revoked)) == HE_OK && revoked > 0) {
			json_object *after = req_obj(r);
			json_object_object_add(after, "sessions_revoked", json_object_new_int64(revoked));
			e = audit_log(r, "user.sessions_revoke", "user", id, NULL, after);
		}
		if (e != HE_OK) {
			return e;
		}
	}
	e = record_commit(r, "user.update", "user", id, cur, u, NULL);
	if (e != HE_OK)
		return e;
	return record_done(r, 0, user_href(r, id),
	    deactivated ? "User deactivated; their sessions are signed out." : "User saved.", u);
}

/* In the reset's transaction: a notice to the user (lib/mail.h), so they
 * learn of a reset they did not ask for. Never the password itself. A
 * name with a line break (possible through the API) is left out of the
 * To header rather than refused: it is only a display name. */
static enum herr
users_password_notice(struct request *r, json_object *u, int generated)
{
	const char *name = record_str(u, "name");
	json_object *d = req_obj(r);
	json_object_object_add(d, "name", json_object_new_string(name ? name : ""));
	json_object_object_add(d, "email", json_object_new_string(record_str(u, "email")));
	json_object_object_add(d, "admin_name", json_object_new_string(r->principal.name ? r->principal.name : "An administrator"));
	json_object_object_add(d, "generated", json_object_new_boolean(generated));
	struct mail m = {
		.kind = "auth.password_reset", .to = record_str(u, "email"),
		.to_name = name && mail_header_ok(name) ? name : NULL,
		.subject = "Your Hearth password was reset", .template = "mail/password_reset", .data = d,
		.entity = "user", .entity_id = record_int(u, "id"),
	};
	return mail_queue(r, &m, NULL);
}

DB_STMT(user_password_set,
    "UPDATE auth.users u SET password_hash = $2, must_change_password = true, failed_logins = 0,"
    " locked_until = NULL, version = u.version + 1, updated_at = now()"
    " WHERE u.id = $1 RETURNING " AUTH_USER_COLS);

/* POST /auth/users/:id/password (password: optional; empty → generated)
 * → 200 the user, with temporary_password when it was generated (shown
 * this once; HTML: a page with it, or 303 to the user when the admin
 * typed it). The user must change it at their next sign-in; their
 * sessions are all revoked, a lockout is lifted, and they get a notice
 * by mail (queued in the same transaction). 404; 422 a typed
 * password that breaks the policy, or your own account (use
 * /auth/password). */
enum herr
auth_users_password(struct request *r)
{
	long long id = req_param_id(r, "id");
	json_object *u;
	enum herr e = record_get(r, &user_get, id, &u);
	if (e != HE_OK)
		return e;
	json_object *in = req_input(r), *v = NULL;
	const char *typed = json_object_object_get_ex(in, "password", &v) && v &&
	    json_object_is_type(v, json_type_string) ? json_object_get_string(v) : "";
	if (id == r->principal.user_id)
		resp_field_error(r, "password", "Change your own password on your password page (/auth/password).");
	else if (*typed)
		auth_password_policy_error(r, "password", typed, record_str(u, "email"), record_str(u, "name"));
	if (r->errors != NULL) {
		/* HTML: the user's page again, the message by the password field. */
		json_object *full = NULL;
		if (r->format == FMT_HTML && record_get(r, &user_get_full, id, &full) == HE_OK) {
			json_object *sessions = NULL;
			json_object_object_get_ex(full, "sessions", &sessions);
			auth_sessions_decorate(r, sessions);
		}
		record_crumbs(r, record_str(u, "name"), "Users", "/auth/users", record_str(u, "name"), NULL, NULL);
		users_page(r);
		return record_form_again(r, HE_INVALID, "auth/users/show.cs", full);
	}
	char temp[32];
	int generated = *typed == '\0';
	if (generated && password_policy_generate(temp, sizeof(temp), record_str(u, "email"),
	    record_str(u, "name")) != 0) {
		return HE_INTERNAL;
	}
	const char *h = password_hash_in(r->arena, generated ? temp : typed);
	if (h == NULL)
		return HE_INTERNAL;
	if ((e = db_begin(r)) != HE_OK)
		return e;
	PGresult *res = db_q(r, &user_password_set, db_int(r, id), h);
	if (res == NULL || PQntuples(res) == 0)
		return res == NULL ? db_fail(r) : HE_NOT_FOUND;
	json_object *after = req_json(r, db_row_json(res, 0));
	long long revoked = 0;
	if ((e = auth_sessions_revoke_user(r, id, NULL, &revoked)) != HE_OK)
		return e;
	if ((e = users_password_notice(r, u, generated)) != HE_OK)
		return e;
	/* The audit row's "after" says more than the answer shows. */
	json_object_object_add(after, "sessions_revoked", json_object_new_int64(revoked));
	json_object_object_add(after, "generated", json_object_new_boolean(generated));
	e = record_commit(r, "user.password_reset", "user", id, u, after, NULL);
	json_object_object_del(after, "sessions_revoked");
	json_object_object_del(after, "generated");
	if (e != HE_OK)
		return e;
	if (!generated) {
		const char *flash = "Temporary password set: they must change it at their next sign-in. "
		    "Their sessions are signed out.";
		return record_done(r, 0, user_href(r, id), flash, after);
	}
	json_object_object_add(after, "temporary_password", json_object_new_string(temp));
	explicit_bzero(temp, sizeof(temp));
	no_store(r);
	if (r->format == FMT_HTML) {
		record_crumbs(r, "Temporary password", "Users", "/auth/users", record_str(after, "name"),
		    user_href(r, id), "Temporary password", NULL, NULL);
		users_page(r);
	}
	return resp_ok(r, "auth/users/password.cs", after);
}

DB_STMT(user_exists, "SELECT u.id FROM auth.users u WHERE u.id = $1");

/* DELETE /auth/users/:id/sessions → 200 {sessions_revoked} (HTML: 303 to
 * the user); 404. Every session of the user is refused from now on. */
enum herr
auth_users_sessions_revoke(struct request *r)
{
	long long id;
	PGresult *res;
	enum herr e = record_begin_by_id(r, &user_exists, &id, &res);
	if (e != HE_OK)
		return e;
	if (PQntuples(res) == 0)
		return HE_NOT_FOUND;
	long long revoked = 0;
	if ((e = auth_sessions_revoke_user(r, id, NULL, &revoked)) != HE_OK)
		return e;
	json_object *out = req_obj(r);
	json_object_object_add(out, "sessions_revoked", json_object_new_int64(revoked));
	if ((e = record_commit(r, "user.sessions_revoke", "user", id, NULL, out, NULL)) != HE_OK)
		return e;
	if (id == r->principal.user_id)
		auth_clear_session_cookie(r);
	return record_done(r, 0, id == r->principal.user_id ? "/auth/login" : user_href(r, id),
	    revoked == 1 ? "1 session signed out." : arena_printf(r->arena, "%lld sessions signed out.", revoked),
	    out);
}

/* DELETE /auth/users/:id/sessions/:sid → 204 (HTML: 303 to the user);
 * 404 when sid is not one of that user's live sessions. */
enum herr
auth_users_session_revoke(struct request *r)
{
	long long id = req_param_id(r, "id");
	const char *sid = req_param(r, "sid");
	if (id <= 0)
		return HE_NOT_FOUND;
	enum herr e = auth_session_revoke_one(r, id, sid);
	if (e != HE_OK)
		return e;
	int current = r->principal.session_id && strcmp(sid, r->principal.session_id) == 0;
	if (current)
		auth_clear_session_cookie(r);
	if (r->format == FMT_HTML) {
		resp_flash(r, "success", "Session signed out.");
		return resp_redirect(r, 303, current ? "/auth/login" : user_href(r, id));
	}
	r->status = 204;
	return HE_OK;
}
