/* hearth-auth: sign-in, sign-out, who am I. */
#include "app.h"
#include "auth_family.h"

static const struct route auth_routes[] = {
	{ "GET",  "/auth/login",  auth_login_form, PERM_PUBLIC },
	{ "POST", "/auth/login",  auth_login,      PERM_PUBLIC },
	{ "POST", "/auth/logout", auth_logout,     PERM_SIGNED_IN },
	{ "GET",  "/auth/me",     auth_me,         PERM_SIGNED_IN },
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
