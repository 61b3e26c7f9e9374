/* twofactor_recovery.c: recovery codes: ten, shown once, stored as
 * HMAC-SHA256 under a key derived from secret_key; typed in any case and
 * with or without the dash. */
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "auth.h"
#include "auth_family.h"
#include "crypto.h"
#include "log.h"
#include "resp.h"
#include "twofactor.h"

/* ---- recovery codes ---------------------------------------------------------------- */

static const char RECOVERY_ALPHABET[] = "abcdefghijklmnopqrstuvwxyz234567";   /* 32: no bias */

/* The code as typed → its canonical form (lower case, no dashes or
 * spaces) in out[RECOVERY_LEN + 1]; 0 if it is not shaped like one. */
int
recovery_normalize(const char *in, char out[RECOVERY_LEN + 1])
{
	size_t n = 0;
	for (const char *p = in; *p; p++) {
		char c = *p;
		if (c == '-' || c == ' ' || c == '\t')
			continue;
		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		if (strchr(RECOVERY_ALPHABET, c) == NULL || c == '\0' || n >= RECOVERY_LEN)
			return 0;
		out[n++] = c;
	}
	out[n] = '\0';
	return n == RECOVERY_LEN;
}

/* HMAC-SHA256 under a key derived from secret_key, over "uid:code", hex:
 * useless without the server's key, and bound to its user. */
const char *
recovery_hash(struct request *r, long long uid, const char *code)
{
	unsigned char master[32], key[32], mac[32];
	char hex[65];
	if (crypto_secret_key(master) != 0) {
		log_error(r, "secret_key (64 hex digits) is missing from the configuration");
		return NULL;
	}
	crypto_hmac_sha256(master, sizeof(master), "recovery-code-v1", 16, key);
	const char *msg = arena_printf(r->arena, "%lld:%s", uid, code);
	crypto_hmac_sha256(key, sizeof(key), msg, strlen(msg), mac);
	explicit_bzero(master, sizeof(master));
	explicit_bzero(key, sizeof(key));
	crypto_hex(hex, mac, sizeof(mac));
	return arena_strdup(r->arena, hex);
}

DB_STMT(tf_codes_clear, "DELETE FROM auth.recovery_codes WHERE user_id = $1");
DB_STMT(tf_codes_add,
    "INSERT INTO auth.recovery_codes (user_id, code_hash) SELECT $1, unnest($2::text[])");

/* Inside a transaction: RECOVERY_COUNT new codes replace the old ones.
 * The codes as shown (xxxxx-xxxxx) go to *shown, an arena-owned array. */
enum herr
recovery_replace(struct request *r, long long uid, json_object **shown)
{
	json_object *codes = req_arr(r);
	json_object *hashes = req_arr(r);
	for (int i = 0; i < RECOVERY_COUNT; i++) {
		unsigned char rnd[RECOVERY_LEN];
		char code[RECOVERY_LEN + 1], pretty[RECOVERY_LEN + 2];
		if (crypto_random(rnd, sizeof(rnd)) != 0)
			return HE_INTERNAL;
		for (int j = 0; j < RECOVERY_LEN; j++)
			code[j] = RECOVERY_ALPHABET[rnd[j] & 31];
		code[RECOVERY_LEN] = '\0';
		snprintf(pretty, sizeof(pretty), "%.5s-%s", code, code + 5);
		const char *h = recovery_hash(r, uid, code);
		if (h == NULL)
			return HE_INTERNAL;
		json_object_array_add(codes, json_object_new_string(pretty));
		json_object_array_add(hashes, json_object_new_string(h));
	}
	const char *arr = valid_pg_array(r->arena, hashes);
	if (db_q(r, &tf_codes_clear, db_int(r, uid)) == NULL || db_q(r, &tf_codes_add, db_int(r, uid), arr) == NULL)
		return db_fail(r);
	*shown = codes;
	return HE_OK;
}

int
tf_recovery_clear(struct request *r, long long uid)
{
	return db_q(r, &tf_codes_clear, db_int(r, uid)) != NULL ? 0 : -1;
}
