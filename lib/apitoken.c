/* apitoken.c: personal API tokens, OAuth client credentials and scopes
 * (apitoken.h). No database here: callers store the hashes. */
#include <stdio.h>
#include <string.h>
#include "apitoken.h"
#include "crypto.h"

const char *const apitoken_families[] = {
	"customers", "projects", "inventory", "service", "sales", "analytics", "auth", NULL
};

long
apitoken_random(const char *prefix, size_t nbytes, char *out, size_t cap)
{
	unsigned char rnd[64];
	char b64[96];
	size_t plen = strlen(prefix);
	if (nbytes == 0 || nbytes > sizeof(rnd) || crypto_random(rnd, nbytes) != 0)
		return -1;
	size_t n = crypto_b64url(b64, rnd, nbytes);
	explicit_bzero(rnd, sizeof(rnd));
	if (plen + n + 1 > cap) {
		explicit_bzero(b64, sizeof(b64));
		return -1;
	}
	memcpy(out, prefix, plen);
	memcpy(out + plen, b64, n + 1);
	explicit_bzero(b64, sizeof(b64));
	return (long)(plen + n);
}

int
apitoken_new(char tok[APITOKEN_LEN + 1], char hash[65], char prefix[APITOKEN_SHOW_LEN + 1])
{
	if (apitoken_random(APITOKEN_PREFIX, 32, tok, APITOKEN_LEN + 1) != APITOKEN_LEN)
		return -1;
	apitoken_hash(tok, hash);
	memcpy(prefix, tok, APITOKEN_SHOW_LEN);
	prefix[APITOKEN_SHOW_LEN] = '\0';
	return 0;
}

static int
b64url_char(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
	    c == '_';
}

int
apitoken_is_token(const char *s)
{
	if (s == NULL || strlen(s) != APITOKEN_LEN || strncmp(s, APITOKEN_PREFIX, 4) != 0)
		return 0;
	for (const char *p = s + 4; *p; p++)
		if (!b64url_char(*p))
			return 0;
	return 1;
}

void
apitoken_hash(const char *s, char hash[65])
{
	crypto_sha256_hex(s, strlen(s), hash);
}

int
apitoken_level(const char *level)
{
	if (strcmp(level, "read") == 0)
		return 1;
	if (strcmp(level, "write") == 0)
		return 2;
	if (strcmp(level, "admin") == 0)
		return 3;
	return 0;
}

/* The family index of "family:..." (its length flen), or -1. */
static int
family_index(const char *s, size_t flen)
{
	for (int i = 0; apitoken_families[i] != NULL; i++)
		if (strlen(apitoken_families[i]) == flen && strncmp(apitoken_families[i], s, flen) == 0)
			return i;
	return -1;
}

int
apitoken_scope_ok(const char *s)
{
	const char *colon = s ? strchr(s, ':') : NULL;
	if (colon == NULL || family_index(s, (size_t)(colon - s)) < 0)
		return 0;
	int l = apitoken_level(colon + 1);
	return l == 1 || l == 2;
}

int
apitoken_scopes_add(struct apitoken_scopes *set, const char *scope)
{
	if (!apitoken_scope_ok(scope))
		return -1;
	size_t flen = (size_t)(strchr(scope, ':') - scope);
	int fi = family_index(scope, flen), level = apitoken_level(scope + flen + 1);
	for (size_t i = 0; i < set->n; i++) {
		if (strncmp(set->v[i], scope, flen) == 0 && set->v[i][flen] == ':') {
			if (level > apitoken_level(set->v[i] + flen + 1))
				snprintf(set->v[i], APITOKEN_SCOPE_MAX, "%s", scope);
			return 0;
		}
	}
	if (set->n >= APITOKEN_MAX_SCOPES)
		return -1;
	/* Insert in family order, so equal sets print alike. */
	size_t at = set->n;
	while (at > 0) {
		const char *prev = set->v[at - 1];
		if (family_index(prev, (size_t)(strchr(prev, ':') - prev)) < fi)
			break;
		memcpy(set->v[at], set->v[at - 1], APITOKEN_SCOPE_MAX);
		at--;
	}
	snprintf(set->v[at], APITOKEN_SCOPE_MAX, "%s", scope);
	set->n++;
	return 0;
}

int
apitoken_scopes_parse(const char *list, struct apitoken_scopes *set, char *bad, size_t badcap)
{
	set->n = 0;
	if (bad && badcap)
		bad[0] = '\0';
	const char *p = list ? list : "";
	while (*p) {
		p += strspn(p, ", \t\r\n");
		size_t n = strcspn(p, ", \t\r\n");
		if (n == 0)
			break;
		char item[APITOKEN_SCOPE_MAX];
		if (n >= sizeof(item) || (memcpy(item, p, n), item[n] = '\0', apitoken_scopes_add(set, item) != 0)) {
			if (bad && badcap)
				snprintf(bad, badcap, "%.*s", (int)(n > 60 ? 60 : n), p);
			return -1;
		}
		p += n;
	}
	return 0;
}

void
apitoken_scopes_text(const struct apitoken_scopes *set, char sep, char *out, size_t cap)
{
	size_t o = 0;
	int pg = sep == '{';
	char between[2] = { pg ? ',' : sep, '\0' };
	if (cap == 0)
		return;
	out[0] = '\0';
	if (pg)
		o += (size_t)snprintf(out, cap, "{");
	for (size_t i = 0; i < set->n && o < cap; i++)
		o += (size_t)snprintf(out + o, cap - o, "%s%s", i ? between : "", set->v[i]);
	if (pg && o < cap)
		snprintf(out + o, cap - o, "}");
}

int
apitoken_scope_allows(const char *const *scopes, size_t n, const char *perm)
{
	const char *colon = perm ? strchr(perm, ':') : NULL;
	if (colon == NULL)
		return 0;
	size_t flen = (size_t)(colon - perm);
	int want = apitoken_level(colon + 1);
	if (want < 1 || want > 2)
		return 0;
	for (size_t i = 0; i < n; i++) {
		const char *s = scopes[i];
		if (s == NULL || strncmp(s, perm, flen) != 0 || s[flen] != ':')
			continue;
		int have = apitoken_level(s + flen + 1);
		if ((have == 1 || have == 2) && have >= want)
			return 1;
	}
	return 0;
}
