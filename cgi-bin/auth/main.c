/* hearth-auth: sign-in, sign-out, who am I. The last column, when there
 * is one, is the route's flags (lib/route.h): OPEN_*PENDING routes answer
 * while a password change or 2FA enrolment holds the user; NO_CSRF routes
 * carry their own credential. */
#include "app.h"
#include "auth_family.h"

static const struct route auth_routes[] = {
	{ "GET",  "/auth/login",  auth_login_form, PERM_PUBLIC },
	{ "POST", "/auth/login",  auth_login,      PERM_PUBLIC },
	{ "POST", "/auth/logout", auth_logout,     PERM_SIGNED_IN, ROUTE_OPEN_PENDING },
	{ "GET",  "/auth/me",     auth_me,         PERM_SIGNED_IN, ROUTE_OPEN_PENDING },
	/* single sign-on with an OpenID Connect provider (oidc.c) */
	{ "GET",  "/auth/oidc/start",    auth_oidc_start,           PERM_PUBLIC },
	{ "GET",  "/auth/oidc/callback", auth_oidc_callback,        PERM_PUBLIC },
	{ "GET",  "/auth/oidc/settings", auth_oidc_settings_show,   "auth:admin" },
	{ "POST", "/auth/oidc/settings", auth_oidc_settings_update, "auth:admin" },
	/* roles × permissions (roles.c) */
	{ "GET",   "/auth/roles",       auth_role_list,   "auth:admin" },
	{ "GET",   "/auth/roles/:name", auth_role_show,   "auth:admin" },
	{ "PATCH", "/auth/roles/:name", auth_role_update, "auth:admin" },
	/* the audit log (audit.c) */
	{ "GET",   "/auth/audit",       auth_audit_list,  "auth:admin" },
	{ "GET",   "/auth/audit/:id",   auth_audit_show,  "auth:admin" },
	/* the background work: outbox queue, events set aside, jobs (worker.c) */
	{ "GET",   "/auth/worker",                  auth_worker_show,  "auth:admin" },
	{ "POST",  "/auth/worker/events/:id/retry", auth_worker_retry, "auth:admin" },
	/* webhooks out: subscriptions, delivery log, replay (webhooks.c) */
	{ "GET",    "/auth/webhooks",                              auth_webhooks_list,          "auth:admin" },
	{ "POST",   "/auth/webhooks",                              auth_webhooks_create,        "auth:admin" },
	{ "GET",    "/auth/webhooks/:id",                          auth_webhooks_show,          "auth:admin" },
	{ "PATCH",  "/auth/webhooks/:id",                          auth_webhooks_update,        "auth:admin" },
	{ "DELETE", "/auth/webhooks/:id",                          auth_webhooks_delete,        "auth:admin" },
	{ "POST",   "/auth/webhooks/:id/secret",                   auth_webhooks_rotate,        "auth:admin" },
	{ "POST",   "/auth/webhooks/:id/ping",                     auth_webhooks_ping,          "auth:admin" },
	{ "GET",    "/auth/webhooks/:id/deliveries",               auth_webhooks_deliveries,    "auth:admin" },
	{ "GET",    "/auth/webhooks/:id/deliveries/:did",          auth_webhooks_delivery_show, "auth:admin" },
	{ "POST",   "/auth/webhooks/:id/deliveries/:did/replay",   auth_webhooks_replay,        "auth:admin" },
	/* outgoing mail: the sent-mail log, the server settings, a test (mail.c) */
	{ "GET",   "/auth/mail",                    auth_mail_list,            "auth:admin" },
	{ "GET",   "/auth/mail/settings",           auth_mail_settings_show,   "auth:admin" },
	{ "POST",  "/auth/mail/settings",           auth_mail_settings_update, "auth:admin" },
	{ "POST",  "/auth/mail/test",               auth_mail_test,            "auth:admin" },
	{ "GET",   "/auth/mail/:id",                auth_mail_show,            "auth:admin" },
	{ "POST",  "/auth/mail/:id/retry",          auth_mail_retry,           "auth:admin" },
	/* an invitation's one-time link: the token is the credential (invitation.c) */
	{ "GET",   "/auth/invitation/:token",       auth_invitation_show,      PERM_PUBLIC },
	{ "POST",  "/auth/invitation/:token",       auth_invitation_accept,    PERM_PUBLIC },
	/* two-factor sign-in with TOTP (twofactor.c) */
	{ "POST", "/auth/login/2fa",           twofactor_login,            PERM_PUBLIC },
	{ "GET",  "/auth/2fa",                 twofactor_show,             PERM_SIGNED_IN, ROUTE_OPEN_2FA_PENDING },
	{ "POST", "/auth/2fa/confirm",         twofactor_confirm,          PERM_SIGNED_IN, ROUTE_OPEN_2FA_PENDING },
	{ "POST", "/auth/2fa/recovery-codes",  twofactor_recovery_codes,   PERM_SIGNED_IN },
	{ "POST", "/auth/2fa/disable",         twofactor_disable,          PERM_SIGNED_IN },
	{ "POST", "/auth/2fa/forget-devices",  twofactor_forget_devices,   PERM_SIGNED_IN },
	{ "GET",  "/auth/2fa/policy",          twofactor_policy_show,      "auth:admin" },
	{ "POST", "/auth/2fa/policy",          twofactor_policy_update,    "auth:admin" },
	/* people and sessions: the users admin (users.c), your profile and
	 * password (profile.c), your sessions (sessions.c) */
	{ "GET",    "/auth/users",                   auth_users_list,            "auth:admin" },
	{ "GET",    "/auth/users/new",               auth_users_new,             "auth:admin" },
	{ "POST",   "/auth/users",                   auth_users_create,          "auth:admin" },
	{ "GET",    "/auth/users/:id",               auth_users_show,            "auth:admin" },
	{ "GET",    "/auth/users/:id/edit",          auth_users_edit,            "auth:admin" },
	{ "PATCH",  "/auth/users/:id",               auth_users_update,          "auth:admin" },
	{ "POST",   "/auth/users/:id/password",      auth_users_password,        "auth:admin" },
	{ "DELETE", "/auth/users/:id/sessions",      auth_users_sessions_revoke, "auth:admin" },
	{ "DELETE", "/auth/users/:id/sessions/:sid", auth_users_session_revoke,  "auth:admin" },
	{ "GET",    "/auth/profile",                 auth_profile_show,          PERM_SIGNED_IN },
	{ "PATCH",  "/auth/profile",                 auth_profile_update,        PERM_SIGNED_IN },
	{ "GET",    "/auth/password",                auth_password_form,         PERM_SIGNED_IN, ROUTE_OPEN_PW_PENDING },
	{ "POST",   "/auth/password",                auth_password_change,       PERM_SIGNED_IN, ROUTE_OPEN_PW_PENDING },
	{ "GET",    "/auth/sessions",                auth_sessions_list,         PERM_SIGNED_IN },
	{ "DELETE", "/auth/sessions/:id",            auth_sessions_revoke,       PERM_SIGNED_IN },
	/* machine access: personal API tokens (tokens.c), OAuth2 client
	 * credentials (oauth.c); the token endpoint authenticates the client itself */
	{ "GET",    "/auth/tokens",            auth_token_list,              PERM_SIGNED_IN },
	{ "POST",   "/auth/tokens",            auth_token_create,            PERM_SIGNED_IN },
	{ "DELETE", "/auth/tokens/:id",        auth_token_revoke,            PERM_SIGNED_IN },
	{ "POST",   "/auth/oauth/token",       auth_oauth_token,             PERM_PUBLIC, ROUTE_NO_CSRF },
	{ "GET",    "/auth/oauth/clients",     auth_oauth_client_list,       "auth:admin" },
	{ "POST",   "/auth/oauth/clients",     auth_oauth_client_create,     "auth:admin" },
	{ "DELETE", "/auth/oauth/clients/:id", auth_oauth_client_deactivate, "auth:admin" },
};

static const struct app auth_app = {
	.family  = "auth",
	.routes  = auth_routes,
	.nroutes = sizeof(auth_routes) / sizeof(auth_routes[0]),
	.init    = NULL,
};

int
main(int argc, char **argv)
{
	return app_main(&auth_app, argc, argv);
}
