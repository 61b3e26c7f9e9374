/* sealed: secrets at rest in a text column (an OIDC client secret, the
 * SMTP password): AES-256-GCM under the config's secret_key (crypto_seal),
 * stored as "aesgcm:" + base64url. aad names the column, so a value copied
 * into another column does not open. */
#ifndef HEARTH_SEALED_H
#define HEARTH_SEALED_H

#include "arena.h"

#define SEALED_PREFIX "aesgcm:"

/* plain sealed for storing ("" stays ""), in a; NULL on failure. Without a
 * secret_key the value is stored as it is (and a line in the log says so). */
const char *sealed_seal(struct arena *a, const char *aad, const char *plain);
/* The plain text of a stored value (one without the prefix is returned as
 * is); "" when it cannot be opened (a changed secret_key: the admin enters
 * the secret again; a line in the log says so). */
const char *sealed_open(struct arena *a, const char *aad, const char *stored);

#endif
