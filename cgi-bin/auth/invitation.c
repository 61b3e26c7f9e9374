/* invitation.c: a new user invited by mail. When an admin creates a user
 * with invite on (users.c), the create's transaction also stores a
 * one-time link (only its SHA-256 is kept) and queues the invitation
 * (lib/mail.h); the link's page lets the user choose their first password
 * under the password policy, once, within INVITE_HOURS. The token is the
 * credential: 32 random bytes, so the two public routes need no session. */
#include <stdlib.h>
#include <string.h>
#include "auth_family.h"
#include "config.h"
#include "crypto.h"
#include "mail.h"
#include "password.h"
#include "password_policy.h"
#include "resp.h"
#include "token.h"

#define INVITE_HOURS       "72"
#define INVITE_TOKEN_BYTES 32      /* base64url: 43 characters */

DB_STMT(invitation_insert,
    "INSERT INTO auth.password_links (user_id, token_sha256, purpose, created_by, expires_at)"
    " VALUES ($1, $2, 'invite', $3::bigint, now() + interval '" INVITE_HOURS " hours') RETURNING expires_at");

/* In the user's create transaction: the link and its mail. *out (arena)
 * = {expires_at, mail_id}. */
enum herr
auth_invitation_send(struct request *r, json_object *user, json_object **out)
{
	const char *token = token_random(r->arena, INVITE_TOKEN_BYTES);
	if (token == NULL)
		return HE_INTERNAL;
	char hash[65];
	crypto_sha256_hex(token, strlen(token), hash);
	long long uid = record_int(user, "id");
	PGresult *res = db_q(r, &invitation_insert, db_int(r, uid), hash,
	    r->principal.user_id > 0 ? db_int(r, r->principal.user_id) : NULL);
	if (res == NULL)
		return db_fail(r);
	/* As every timestamp the API answers: RFC 3339 (db_row_json), not
	 * PostgreSQL's text form. */
	json_object *link = req_json(r, db_row_json(res, 0)), *expires = NULL;
	json_object_object_get_ex(link, "expires_at", &expires);
	const char *base = config_get("public_url", "");
	size_t bl = strlen(base);
	while (bl > 0 && base[bl - 1] == '/')
		bl--;
	const char *name = record_str(user, "name");
	json_object *d = req_obj(r);
	json_object_object_add(d, "name", json_object_new_string(name ? name : ""));
	json_object_object_add(d, "email", json_object_new_string(record_str(user, "email")));
	json_object_object_add(d, "role", json_object_new_string(record_str(user, "role")));
	json_object_object_add(d, "inviter", json_object_new_string(r->principal.name ? r->principal.name : "An administrator"));
	json_object_object_add(d, "link", json_object_new_string(
	    arena_printf(r->arena, "%.*s/auth/invitation/%s", (int)bl, base, token)));
	json_object_object_add(d, "hours", json_object_new_string(INVITE_HOURS));
	struct mail m = {
		.kind = "auth.invitation", .to = record_str(user, "email"),
		.to_name = name && mail_header_ok(name) ? name : NULL,
		.subject = "You are invited to Hearth", .template = "mail/invitation", .data = d,
		.entity = "user", .entity_id = uid,
	};
	long long mail_id = 0;
	enum herr e = mail_queue(r, &m, &mail_id);
	if (e != HE_OK)
		return e;
	*out = req_obj(r);
	json_object_object_add(*out, "expires_at", json_object_get(expires));
	json_object_object_add(*out, "mail_id", json_object_new_int64(mail_id));
	return HE_OK;
}

/* ---- the link (public) ---- */

#define INVITATION_FIND \
	"SELECT l.id, l.user_id, u.email, u.name FROM auth.password_links l JOIN auth.users u ON u.id = l.user_id" \
	" WHERE l.token_sha256 = $1 AND l.purpose = 'invite' AND l.used_at IS NULL AND l.expires_at > now()" \
	" AND u.active"
DB_STMT(invitation_get, INVITATION_FIND);
DB_STMT(invitation_get_for_update, INVITATION_FIND " FOR UPDATE OF l");
DB_STMT(invitation_use, "UPDATE auth.password_links SET used_at = now() WHERE user_id = $1 AND used_at IS NULL");
DB_STMT(invitation_password_set,
    "UPDATE auth.users u SET password_hash = $2, must_change_password = false, failed_logins = 0,"
    " locked_until = NULL, version = u.version + 1, updated_at = now() WHERE u.id = $1");

/* The link's token hashed, or NULL when it cannot be one of ours. */
static const char *
token_hash(struct request *r)
{
	const char *t = req_param(r, "token");
	size_t n = t ? strlen(t) : 0;
	if (n < 40 || n > 64 || strspn(t, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_") != n)
		return NULL;
	char *hash = arena_alloc(r->arena, 65);
	crypto_sha256_hex(t, n, hash);
	return hash;
}

/* The invitation behind this request's link: *inv = {id, user_id, email,
 * name}, or NULL when it is unknown, used, expired or the user was
 * deactivated. */
static enum herr
invitation_find(struct request *r, struct db_stmt *st, json_object **inv)
{
	*inv = NULL;
	const char *hash = token_hash(r);
	if (hash == NULL)
		return HE_OK;
	PGresult *res = db_q(r, st, hash);
	if (res == NULL)
		return db_fail(r);
	if (PQntuples(res) == 1)
		*inv = req_json(r, db_row_json(res, 0));
	return HE_OK;
}

/* The page's data: {name, email, min_characters, action}, or {} for a
 * link that is not valid (the template says so). */
static json_object *
invitation_data(struct request *r, json_object *inv)
{
	json_object *d = req_obj(r);
	if (inv != NULL) {
		json_object_object_add(d, "name", json_object_new_string(record_str(inv, "name")));
		json_object_object_add(d, "email", json_object_new_string(record_str(inv, "email")));
		json_object_object_add(d, "min_characters", json_object_new_int(PASSWORD_POLICY_MIN_CHARS));
		json_object_object_add(d, "action", json_object_new_string(arena_printf(r->arena,
		    "/auth/invitation/%s", req_param(r, "token"))));
	}
	record_crumbs(r, "Choose your password", NULL);
	no_store(r);
	r->no_etag = 1;
	return d;
}

static enum herr
invitation_gone(struct request *r)
{
	r->problem_detail = "This invitation link is not valid any more: it was used, it expired, or the account "
	    "was deactivated. Ask your administrator for a new one.";
	if (r->format != FMT_HTML)
		return HE_NOT_FOUND;
	r->status = 404;
	return resp_ok(r, "auth/invitation.cs", invitation_data(r, NULL));
}

/* 1 with *inv, the invitation behind this link; 0 when there is none
 * (or a failure), with the answer made in *e. */
static int
invitation_open(struct request *r, json_object **inv, enum herr *e)
{
	*e = invitation_find(r, &invitation_get, inv);
	if (*e == HE_OK && *inv == NULL)
		*e = invitation_gone(r);
	return *e == HE_OK && *inv != NULL;
}

/* GET /auth/invitation/:token → 200 the form to choose a password ({name,
 * email, min_characters}); 404 (a page saying why) when the link is not
 * valid any more. Public: the token is the credential. */
enum herr
auth_invitation_show(struct request *r)
{
	json_object *inv;
	enum herr e;
	if (!invitation_open(r, &inv, &e))
		return e;
	return resp_ok(r, "auth/invitation.cs", invitation_data(r, inv));
}

/* POST /auth/invitation/:token (password, password_confirm, _csrf) → the
 * password is set, the link and any other of the user's are used up, a
 * forced change cleared (audit "user.invitation_accept") → 303 to the
 * sign-in page with a flash (JSON: 200 {email}); 422 the form again with
 * every broken rule; 404 when the link is not valid (any more). */
enum herr
auth_invitation_accept(struct request *r)
{
	json_object *inv;
	enum herr e;
	if (!invitation_open(r, &inv, &e))
		return e;
	json_object *in = req_input(r), *v = NULL;
	const char *pw = json_object_object_get_ex(in, "password", &v) && json_object_is_type(v, json_type_string)
	    ? json_object_get_string(v) : "";
	const char *pw2 = json_object_object_get_ex(in, "password_confirm", &v) && json_object_is_type(v, json_type_string)
	    ? json_object_get_string(v) : "";
	if (*pw == '\0')
		resp_field_error(r, "password", "Required.");
	else
		auth_password_policy_error(r, "password", pw, record_str(inv, "email"), record_str(inv, "name"));
	if (*pw != '\0' && strcmp(pw, pw2) != 0)
		resp_field_error(r, "password_confirm", "The two passwords differ.");
	if (r->errors != NULL) {
		r->template = "auth/invitation.cs";
		req_set_data(r, invitation_data(r, inv));
		return HE_INVALID;
	}
	const char *h = password_hash_in(r->arena, pw);
	if (h == NULL)
		return HE_INTERNAL;
	if ((e = db_begin(r)) != HE_OK)
		return e;
	/* Locked and read again: of two submissions of one link, one wins. */
	if ((e = invitation_find(r, &invitation_get_for_update, &inv)) != HE_OK)
		return e;
	if (inv == NULL) {
		db_rollback(r);
		return invitation_gone(r);
	}
	long long uid = record_int(inv, "user_id");
	if (db_q(r, &invitation_password_set, db_int(r, uid), h) == NULL ||
	    db_q(r, &invitation_use, db_int(r, uid)) == NULL)
		return db_fail(r);
	json_object *after = req_obj(r);
	json_object_object_add(after, "email", json_object_new_string(record_str(inv, "email")));
	json_object_object_add(after, "must_change_password", json_object_new_boolean(0));
	if ((e = record_commit(r, "user.invitation_accept", "user", uid, NULL, after, NULL)) != HE_OK)
		return e;
	json_object *out = req_obj(r);
	json_object_object_add(out, "email", json_object_new_string(record_str(inv, "email")));
	return record_done(r, 0, "/auth/login",
	    "Your password is set. Sign in with your email and the password you chose.", out);
}
