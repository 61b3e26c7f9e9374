/* apitoken: the pieces of machine access that the auth responder, every
 * responder's bearer check (auth.c) and hearthctl share: personal API
 * tokens ("hth_" + base64url of 32 random bytes, stored as SHA-256 hex
 * only), OAuth client ids and secrets, and scopes.
 *
 * A scope is "family:read" or "family:write" for a family of the app;
 * write implies read, as with permissions. Scopes narrow what the user's
 * role allows and never widen it (auth_has checks both). */
#ifndef HEARTH_APITOKEN_H
#define HEARTH_APITOKEN_H

#include <stddef.h>

#define APITOKEN_PREFIX      "hth_"
#define APITOKEN_LEN         47    /* "hth_" + 43 base64url characters (32 bytes) */
#define APITOKEN_SHOW_LEN    12    /* "hth_" + 8: the display prefix kept in the table */
#define APITOKEN_CLIENT_PREFIX "hthc_"
#define APITOKEN_CLIENT_LEN  21    /* "hthc_" + 16 characters (12 bytes) */
#define APITOKEN_SECRET_PREFIX "hths_"
#define APITOKEN_SECRET_LEN  48    /* "hths_" + 43 characters (32 bytes) */
#define APITOKEN_MAX_SCOPES  16
#define APITOKEN_SCOPE_MAX   32    /* bytes of one scope, with its NUL */
#define APITOKEN_DAYS_DEFAULT 90
#define APITOKEN_DAYS_MAX    365

/* The families scopes may name, NULL-terminated, in display order. */
extern const char *const apitoken_families[];

/* prefix + base64url(nbytes random bytes) into out (cap bytes). Returns
 * the length, or -1 (no randomness, or out too small). */
long apitoken_random(const char *prefix, size_t nbytes, char *out, size_t cap);
/* A new personal token, its SHA-256 hex and its display prefix. 0 ok, -1. */
int apitoken_new(char tok[APITOKEN_LEN + 1], char hash[65], char prefix[APITOKEN_SHOW_LEN + 1]);
/* 1 if s has the shape of a personal token (nothing else is looked up). */
int apitoken_is_token(const char *s);
/* SHA-256 hex of a token or secret. */
void apitoken_hash(const char *s, char hash[65]);

/* A set of scopes, one per family at its highest level, in family order. */
struct apitoken_scopes {
	char   v[APITOKEN_MAX_SCOPES][APITOKEN_SCOPE_MAX];
	size_t n;
};

/* 1 if s is "family:read" or "family:write" for a known family. */
int apitoken_scope_ok(const char *s);
/* Add one scope (normalised: a family's higher level wins). 0 ok, -1 bad. */
int apitoken_scopes_add(struct apitoken_scopes *set, const char *scope);
/* Parse a list separated by commas and/or spaces ("customers:read,sales:write",
 * RFC 6749's "a b"). 0 ok (set->n may be 0); -1 with the first bad item
 * copied into bad (badcap bytes, may be 0). */
int apitoken_scopes_parse(const char *list, struct apitoken_scopes *set, char *bad, size_t badcap);
/* The set as text: items joined by sep ("a:read b:write"), or as a
 * PostgreSQL array literal when sep is '{' ("{a:read,b:write}"). */
void apitoken_scopes_text(const struct apitoken_scopes *set, char sep, char *out, size_t cap);
/* 1 if the scopes allow perm ("family:level"): a scope of that family at
 * that level or higher. Never for an admin level or a malformed perm. */
int apitoken_scope_allows(const char *const *scopes, size_t n, const char *perm);
/* Permission levels: read 1, write 2, admin 3, anything else 0. */
int apitoken_level(const char *level);

#endif
