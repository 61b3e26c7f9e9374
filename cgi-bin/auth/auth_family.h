/* The auth family's handlers (sign-in now; users, tokens, 2FA, SSO later). */
#ifndef HEARTH_AUTH_FAMILY_H
#define HEARTH_AUTH_FAMILY_H

#include "record.h"
#include "route.h"

/* login.c */
enum herr auth_login_form(struct request *r);
enum herr auth_login(struct request *r);
enum herr auth_logout(struct request *r);
enum herr auth_me(struct request *r);

#endif
