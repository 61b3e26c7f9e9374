/* The auth family's handlers (sign-in now; users, tokens, 2FA, SSO later). */
#ifndef HEARTH_AUTH_FAMILY_H
#define HEARTH_AUTH_FAMILY_H

#include "record.h"
#include "route.h"

/* Every enum herr here must be looked at (a refusal ignored is a hole). */
#define AUTH_MUST_USE __attribute__((warn_unused_result))

/* login.c */
AUTH_MUST_USE enum herr auth_login_form(struct request *r);
AUTH_MUST_USE enum herr auth_login(struct request *r);
AUTH_MUST_USE enum herr auth_logout(struct request *r);
AUTH_MUST_USE enum herr auth_me(struct request *r);
/* After a successful sign-in, in the caller's transaction: session, audit
 * auth.login (detail, may be NULL), COMMIT, session cookie. */
AUTH_MUST_USE enum herr auth_session_begin(struct request *r, long long uid, const char *email, json_object *detail);

/* oidc.c: single sign-on with an OpenID Connect provider */
AUTH_MUST_USE enum herr auth_oidc_settings_show(struct request *r);
AUTH_MUST_USE enum herr auth_oidc_settings_update(struct request *r);
AUTH_MUST_USE enum herr auth_oidc_start(struct request *r);
AUTH_MUST_USE enum herr auth_oidc_callback(struct request *r);
/* d.oidc = {name, href} for the sign-in page when single sign-on is on. */
void auth_oidc_login_link(struct request *r, json_object *d, const char *next);

/* roles.c */
AUTH_MUST_USE enum herr auth_role_list(struct request *r);
AUTH_MUST_USE enum herr auth_role_show(struct request *r);
AUTH_MUST_USE enum herr auth_role_update(struct request *r);

/* twofactor.c: two-factor sign-in with TOTP */
AUTH_MUST_USE enum herr twofactor_login(struct request *r);
AUTH_MUST_USE enum herr twofactor_show(struct request *r);
AUTH_MUST_USE enum herr twofactor_confirm(struct request *r);
AUTH_MUST_USE enum herr twofactor_recovery_codes(struct request *r);
AUTH_MUST_USE enum herr twofactor_disable(struct request *r);
AUTH_MUST_USE enum herr twofactor_forget_devices(struct request *r);
AUTH_MUST_USE enum herr twofactor_policy_show(struct request *r);
AUTH_MUST_USE enum herr twofactor_policy_update(struct request *r);
/* After a right password (or any first factor) for uid, before a session:
 * 0 → go on and open it (two-factor off, this browser remembered, or a
 * right code came along as totp/code); 1 → the answer is made (the code
 * step with the hearth_mfa cookie, or a refusal) and *e is to be returned. */
int twofactor_login_gate(struct request *r, long long uid, const char *next, enum herr *e);

/* A user as the users admin and the profile show it (never the hash). */
#define AUTH_USER_COLS \
	"u.id, u.email, u.name, u.role, u.active, u.must_change_password," \
	" coalesce(u.locked_until > now(), false) AS locked, u.version, u.created_at, u.updated_at"

/* users.c: the users admin (auth:admin) */
AUTH_MUST_USE enum herr auth_users_list(struct request *r);
AUTH_MUST_USE enum herr auth_users_new(struct request *r);
AUTH_MUST_USE enum herr auth_users_create(struct request *r);
AUTH_MUST_USE enum herr auth_users_show(struct request *r);
AUTH_MUST_USE enum herr auth_users_edit(struct request *r);
AUTH_MUST_USE enum herr auth_users_update(struct request *r);
AUTH_MUST_USE enum herr auth_users_password(struct request *r);
AUTH_MUST_USE enum herr auth_users_sessions_revoke(struct request *r);
AUTH_MUST_USE enum herr auth_users_session_revoke(struct request *r);

/* profile.c: the signed-in user's own profile and password */
AUTH_MUST_USE enum herr auth_profile_show(struct request *r);
AUTH_MUST_USE enum herr auth_profile_update(struct request *r);
AUTH_MUST_USE enum herr auth_password_form(struct request *r);
AUTH_MUST_USE enum herr auth_password_change(struct request *r);
/* The password policy's messages for pw (all broken rules, one text) as
 * the field error of field; 1 if pw breaks a rule. */
int auth_password_policy_error(struct request *r, const char *field, const char *pw,
                               const char *email, const char *name);

/* sessions.c: own sessions; sign-in throttling per client address */
AUTH_MUST_USE enum herr auth_sessions_list(struct request *r);
AUTH_MUST_USE enum herr auth_sessions_revoke(struct request *r);
/* More than LOGIN_ADDRESS_MAX_FAILURES failed sign-ins from one client
 * address within LOGIN_ADDRESS_WINDOW: that address is refused (*refused
 * = 1) until they age out, with the same words as a wrong password. */
#define LOGIN_ADDRESS_MAX_FAILURES 20
#define LOGIN_ADDRESS_WINDOW       "15 minutes"
AUTH_MUST_USE enum herr auth_address_throttled(struct request *r, int *refused);
/* Note a failed sign-in from r->client_ip (uid: the account tried, 0 if
 * none); prunes rows older than the window. Never fails the request. */
void auth_address_failed(struct request *r, long long uid);
/* In the sign-in's transaction: this address's failures for uid are
 * forgiven; *must_change = the user must change their password first. */
AUTH_MUST_USE enum herr auth_address_succeeded(struct request *r, long long uid, int *must_change);
/* "Firefox on Linux" from a User-Agent. */
const char *auth_browser_label(struct request *r, const char *ua);
/* A user's live sessions as a JSON array (with browser and current). */
AUTH_MUST_USE enum herr auth_sessions_of(struct request *r, long long uid, json_object **out);
void auth_sessions_decorate(struct request *r, json_object *sessions);
/* Revoke uid's sessions but keep_sid (may be NULL), in the caller's
 * transaction; *count (may be NULL) = how many. */
AUTH_MUST_USE enum herr auth_sessions_revoke_user(struct request *r, long long uid, const char *keep_sid, long long *count);
/* Revoke one live session of uid, audited, in its own transaction:
 * HE_NOT_FOUND if sid is not one of them. */
AUTH_MUST_USE enum herr auth_session_revoke_one(struct request *r, long long uid, const char *sid);
int auth_session_id_ok(const char *s);

/* audit.c */
AUTH_MUST_USE enum herr auth_audit_list(struct request *r);
AUTH_MUST_USE enum herr auth_audit_show(struct request *r);
/* the background work (worker.c) */
AUTH_MUST_USE enum herr auth_worker_show(struct request *r);
AUTH_MUST_USE enum herr auth_worker_retry(struct request *r);
/* invitation.c: a new user invited by mail, the link's page (public) */
AUTH_MUST_USE enum herr auth_invitation_show(struct request *r);
AUTH_MUST_USE enum herr auth_invitation_accept(struct request *r);
/* In the user's create transaction: a one-time link and its mail queued;
 * *out (arena) = {expires_at, mail_id}. */
AUTH_MUST_USE enum herr auth_invitation_send(struct request *r, json_object *user, json_object **out);
/* outgoing mail (mail.c) */
AUTH_MUST_USE enum herr auth_mail_list(struct request *r);
AUTH_MUST_USE enum herr auth_mail_settings_show(struct request *r);
AUTH_MUST_USE enum herr auth_mail_settings_update(struct request *r);
AUTH_MUST_USE enum herr auth_mail_test(struct request *r);
AUTH_MUST_USE enum herr auth_mail_show(struct request *r);
AUTH_MUST_USE enum herr auth_mail_retry(struct request *r);

/* tokens.c: personal API tokens */
AUTH_MUST_USE enum herr auth_token_list(struct request *r);
AUTH_MUST_USE enum herr auth_token_create(struct request *r);
AUTH_MUST_USE enum herr auth_token_revoke(struct request *r);
/* Scopes in forms, shared with oauth.c. The scopes sent (JSON "scopes":
 * an array of strings or one string; a form's repeated "scopes" fields):
 * 0 with at least one, -1 with errors.scopes. */
struct apitoken_scopes;
int auth_scopes_input(struct request *r, struct apitoken_scopes *set);
/* [{name, label, read, write}] per family for the form; chosen ticked (may be NULL). */
json_object *auth_scope_families(const struct apitoken_scopes *chosen);

/* oauth.c: OAuth2 client credentials */
AUTH_MUST_USE enum herr auth_oauth_token(struct request *r);
AUTH_MUST_USE enum herr auth_oauth_client_list(struct request *r);
AUTH_MUST_USE enum herr auth_oauth_client_create(struct request *r);
AUTH_MUST_USE enum herr auth_oauth_client_deactivate(struct request *r);

/* webhooks.c: webhook subscriptions, their delivery log and replay (auth:admin) */
AUTH_MUST_USE enum herr auth_webhooks_list(struct request *r);
AUTH_MUST_USE enum herr auth_webhooks_create(struct request *r);
AUTH_MUST_USE enum herr auth_webhooks_show(struct request *r);
AUTH_MUST_USE enum herr auth_webhooks_update(struct request *r);
AUTH_MUST_USE enum herr auth_webhooks_delete(struct request *r);
AUTH_MUST_USE enum herr auth_webhooks_rotate(struct request *r);
AUTH_MUST_USE enum herr auth_webhooks_ping(struct request *r);
AUTH_MUST_USE enum herr auth_webhooks_deliveries(struct request *r);
AUTH_MUST_USE enum herr auth_webhooks_delivery_show(struct request *r);
AUTH_MUST_USE enum herr auth_webhooks_replay(struct request *r);

#endif
