/* password: scrypt hashes in PHC format ($scrypt$ln=15,r=8,p=1$salt$hash). */
#ifndef HEARTH_PASSWORD_H
#define HEARTH_PASSWORD_H

/* malloc'd PHC string, NULL on failure. */
char *password_hash(const char *password);
struct arena;
/* The same, copied into a (a request's arena); NULL on failure. */
const char *password_hash_in(struct arena *a, const char *password);
/* 1 if password matches phc, 0 if not or phc is malformed. */
int password_verify(const char *password, const char *phc);
/* 1 if phc was made with other parameters than today's: rehash at sign-in. */
int password_needs_rehash(const char *phc);

#endif
