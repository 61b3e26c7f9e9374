/* sessions.c: a user's own sessions (see and revoke them), the session
 * helpers the users admin shares, and sign-in throttling per client
 * address (login.c and the password change call it).
 *
 * A session is live while it is not revoked, not past expires_at (12 h
 * after sign-in) and was seen within auth.session_settings.idle_minutes
 * (60 by default; auth.session_principal() refreshes last_seen_at at most
 * once a minute and refuses idle sessions: sql/008). */
#include <stdlib.h>
#include <string.h>
#include "auth.h"
#include "auth_family.h"
#include "log.h"
#include "audit.h"
#include "config.h"
#include "resp.h"

/* ---- throttling per client address ---- */

/* At most LOGIN_ADDRESS_MAX_FAILURES + 1 rows are counted: enough to know. */
DB_STMT(address_failures_count,
    "SELECT count(*) FROM (SELECT 1 FROM auth.login_attempts a"
    "  WHERE a.ip = $1 AND a.at > now() - interval '" LOGIN_ADDRESS_WINDOW "'"
    "  LIMIT $2::int + 1) x");
/* The failure, and up to 100 rows that fell out of the window (any
 * address): the table stays as small as the window, with no job to run. */
DB_STMT(address_failure_note,
    "WITH pruned AS (DELETE FROM auth.login_attempts WHERE ctid = ANY (ARRAY("
    "  SELECT o.ctid FROM auth.login_attempts o WHERE o.at < now() - interval '" LOGIN_ADDRESS_WINDOW "'"
    "  LIMIT 100)))"
    " INSERT INTO auth.login_attempts (ip, user_id) VALUES ($1, $2)");
DB_STMT(address_success_note,
    "WITH forgiven AS (DELETE FROM auth.login_attempts a WHERE a.ip = $1 AND a.user_id = $2)"
    " SELECT u.must_change_password FROM auth.users u WHERE u.id = $2");

/* Config login_throttle_exempt: addresses (space or comma separated) never
 * throttled nor counted; none by default. The dev stack exempts 127.0.0.1
 * as its nginx does (tools/hearth), so people and tests there are never
 * locked out; a test sees the throttle from another loopback address. */
static int
address_exempt(const char *ip)
{
	const char *list = config_get("login_throttle_exempt", "");
	size_t n = strlen(ip);
	while (n > 0 && *list) {
		list += strspn(list, " ,\t");
		size_t len = strcspn(list, " ,\t");
		if (len == n && strncmp(list, ip, n) == 0)
			return 1;
		list += len;
	}
	return 0;
}

enum herr
auth_address_throttled(struct request *r, int *refused)
{
	*refused = 0;
	if (address_exempt(r->client_ip))
		return HE_OK;
	PGresult *res = db_q(r, &address_failures_count, r->client_ip, db_int(r, LOGIN_ADDRESS_MAX_FAILURES));
	if (res == NULL)
		return db_fail(r);
	*refused = atoi(PQgetvalue(res, 0, 0)) > LOGIN_ADDRESS_MAX_FAILURES;
	return HE_OK;
}

void
auth_address_failed(struct request *r, long long uid)
{
	/* Outside any transaction (the refusal commits nothing else). A
	 * failure to note it is logged, not shown: the answer stays the same. */
	if (address_exempt(r->client_ip))
		return;
	if (db_q(r, &address_failure_note, r->client_ip, uid > 0 ? db_int(r, uid) : NULL) == NULL)
		log_error(r, "sign-in failure from %s not noted: %s", r->client_ip, db_message());
}

enum herr
auth_address_succeeded(struct request *r, long long uid, int *must_change)
{
	*must_change = 0;
	PGresult *res = db_q(r, &address_success_note, r->client_ip, db_int(r, uid));
	if (res == NULL)
		return db_fail(r);
	*must_change = PQntuples(res) == 1 && PQgetvalue(res, 0, 0)[0] == 't';
	return HE_OK;
}

/* ---- sessions as people see them ---- */

static int
has(const char *ua, const char *s)
{
	return strstr(ua, s) != NULL;
}

const char *
auth_browser_label(struct request *r, const char *ua)
{
	if (ua == NULL || *ua == '\0')
		return "Unknown browser";
	const char *b = NULL, *os = NULL;
	if (has(ua, "Edg/"))
		b = "Edge";
	else if (has(ua, "OPR/"))
		b = "Opera";
	else if (has(ua, "Firefox/"))
		b = "Firefox";
	else if (has(ua, "Chromium/"))
		b = "Chromium";
	else if (has(ua, "Chrome/") || has(ua, "HeadlessChrome/"))
		b = "Chrome";
	else if (has(ua, "Safari/"))
		b = "Safari";
	else if (strncmp(ua, "curl/", 5) == 0)
		b = "curl";
	else if (strcmp(ua, "node") == 0 || has(ua, "undici") || has(ua, "node-fetch"))
		b = "Node.js";
	if (has(ua, "Android"))
		os = "Android";
	else if (has(ua, "iPhone") || has(ua, "iPad"))
		os = "iOS";
	else if (has(ua, "Windows"))
		os = "Windows";
	else if (has(ua, "CrOS"))
		os = "ChromeOS";
	else if (has(ua, "Macintosh") || has(ua, "Mac OS X"))
		os = "macOS";
	else if (has(ua, "Linux"))
		os = "Linux";
	if (b == NULL) {
		/* The product token of anything else ("hearth-sync/1.2" → hearth-sync). */
		size_t n = strcspn(ua, "/ ;(");
		b = n > 0 && n <= 40 ? arena_strndup(r->arena, ua, n) : "Other client";
	}
	return os ? arena_printf(r->arena, "%s on %s", b, os) : b;
}

/* The live sessions of a user, most recently used first. */
#define SESSION_LIVE \
	" s.revoked_at IS NULL AND s.expires_at > now()" \
	" AND s.last_seen_at > now() - (SELECT make_interval(mins => st.idle_minutes) FROM auth.session_settings st)"
DB_STMT(sessions_of_user,
    "SELECT s.id, s.created_at, s.last_seen_at, s.expires_at, s.client_ip, s.user_agent"
    " FROM auth.sessions s WHERE s.user_id = $1 AND" SESSION_LIVE
    " ORDER BY s.last_seen_at DESC, s.created_at DESC LIMIT 100");

void
auth_sessions_decorate(struct request *r, json_object *sessions)
{
	size_t n = sessions ? json_object_array_length(sessions) : 0;
	for (size_t i = 0; i < n; i++) {
		json_object *s = json_object_array_get_idx(sessions, i);
		const char *id = record_str(s, "id");
		json_object_object_add(s, "browser", json_object_new_string(auth_browser_label(r, record_str(s, "user_agent"))));
		json_object_object_add(s, "current", json_object_new_boolean(
		    id && r->principal.session_id && strcmp(id, r->principal.session_id) == 0));
	}
}

enum herr
auth_sessions_of(struct request *r, long long uid, json_object **out)
{
	*out = NULL;
	PGresult *res = db_q(r, &sessions_of_user, db_int(r, uid));
	if (res == NULL)
		return db_fail(r);
	*out = req_json(r, db_rows_json(res));
	auth_sessions_decorate(r, *out);
	return HE_OK;
}

DB_STMT(sessions_revoke_user,
    "UPDATE auth.sessions s SET revoked_at = now()"
    " WHERE s.user_id = $1 AND s.revoked_at IS NULL AND s.expires_at > now()"
    "   AND ($2::uuid IS NULL OR s.id <> $2::uuid)");

enum herr
auth_sessions_revoke_user(struct request *r, long long uid, const char *keep_sid, long long *count)
{
	PGresult *res = db_q(r, &sessions_revoke_user, db_int(r, uid), keep_sid);
	if (res == NULL)
		return db_fail(r);
	if (count != NULL)
		*count = strtoll(PQcmdTuples(res), NULL, 10);
	return HE_OK;
}

DB_STMT(session_revoke_of_user,
    "UPDATE auth.sessions s SET revoked_at = now()"
    " WHERE s.id = $1::uuid AND s.user_id = $2 AND" SESSION_LIVE " RETURNING s.id");

int
auth_session_id_ok(const char *s)
{
	if (s == NULL || strlen(s) != 36)
		return 0;
	for (int i = 0; i < 36; i++) {
		char c = s[i];
		if (i == 8 || i == 13 || i == 18 || i == 23) {
			if (c != '-')
				return 0;
		} else if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
			return 0;
		}
	}
	return 1;
}

enum herr
auth_session_revoke_one(struct request *r, long long uid, const char *sid)
{
	if (!auth_session_id_ok(sid))
		return HE_NOT_FOUND;
	enum herr e = db_begin(r);
	if (e != HE_OK)
		return e;
	PGresult *res = db_q(r, &session_revoke_of_user, sid, db_int(r, uid));
	if (res == NULL)
		return db_fail(r);
	if (PQntuples(res) == 0) {
		db_rollback(r);
		return HE_NOT_FOUND;           /* someone else's, revoked, expired or idle */
	}
	json_object *after = req_obj(r);
	json_object_object_add(after, "session_id", json_object_new_string(sid));
	return record_commit(r, "user.session_revoke", "user", uid, NULL, after, NULL);
}

/* GET /auth/sessions → 200 {items: [{id, created_at, last_seen_at,
 * expires_at, client_ip, user_agent, browser, current}]}: the signed-in
 * user's live sessions, this one marked. */
enum herr
auth_sessions_list(struct request *r)
{
	json_object *items;
	enum herr e = auth_sessions_of(r, r->principal.user_id, &items);
	if (e != HE_OK)
		return e;
	json_object *out = req_obj(r);
	json_object_object_add(out, "items", json_object_get(items));
	record_crumbs(r, "Your sessions", "Your profile", "/auth/profile", "Sessions", NULL, NULL);
	no_store(r);
	r->no_etag = 1;
	return resp_ok(r, "auth/sessions.cs", out);
}

/* DELETE /auth/sessions/:id → 204 (HTML: 303 back to the list, or to the
 * sign-in page when it was this session); 404 when it is not one of the
 * user's live sessions (another user's id included: nothing tells it
 * exists). Admins revoke anyone's from the user page (users.c). */
enum herr
auth_sessions_revoke(struct request *r)
{
	const char *sid = req_param(r, "id");
	enum herr e = auth_session_revoke_one(r, r->principal.user_id, sid);
	if (e != HE_OK)
		return e;
	int current = r->principal.session_id && strcmp(sid, r->principal.session_id) == 0;
	if (current)
		auth_clear_session_cookie(r);
	if (r->format == FMT_HTML) {
		resp_flash(r, "success", current ? "This session is signed out." : "That session is signed out.");
		return resp_redirect(r, 303, current ? "/auth/login" : "/auth/sessions");
	}
	r->status = 204;
	return HE_OK;
}
