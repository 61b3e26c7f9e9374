/* route.c: match method + path against a family's table. */
#include <string.h>
#include "buf.h"
#include "resp.h"
#include "route.h"

int
route_pattern_match(struct arena *a, const char *pattern, const char *path, struct kvlist *params)
{
	const char *p = pattern, *s = path;
	while (*p && *s) {
		if (*p == ':') {
			const char *pend = strchr(p, '/');
			const char *send = strchr(s, '/');
			size_t plen = pend ? (size_t)(pend - p - 1) : strlen(p + 1);
			size_t slen = send ? (size_t)(send - s) : strlen(s);
			if (slen == 0)
				return 0;
			if (params != NULL)
				kv_add(a, params, arena_strndup(a, p + 1, plen), arena_strndup(a, s, slen));
			p += plen + 1;
			s += slen;
		} else {
			if (*p != *s)
				return 0;
			p++;
			s++;
		}
	}
	/* A trailing slash on the path is the same page. */
	if (*p == '\0' && s[0] == '/' && s[1] == '\0' && s != path)
		return 1;
	return *p == '\0' && *s == '\0';
}

enum herr
route_match(const struct route *table, size_t n, struct request *r, const struct route **out)
{
	const char *want = r->method == HM_HEAD ? "GET" : r->method_name;
	struct buf allow;
	int path_known = 0;
	buf_init(&allow);
	for (size_t i = 0; i < n; i++) {
		if (!route_pattern_match(r->arena, table[i].pattern, r->path, NULL))
			continue;
		if (strcmp(table[i].method, want) == 0) {
			route_pattern_match(r->arena, table[i].pattern, r->path, &r->params);
			*out = &table[i];
			buf_free(&allow);
			return HE_OK;
		}
		if (!allow.len || !strstr(allow.data, table[i].method)) {
			if (allow.len)
				buf_puts(&allow, ", ");
			buf_puts(&allow, table[i].method);
			if (strcmp(table[i].method, "GET") == 0)
				buf_puts(&allow, ", HEAD");
		}
		path_known = 1;
	}
	if (path_known) {
		resp_header(r, "Allow", arena_strdup(r->arena, allow.data));
		buf_free(&allow);
		return HE_METHOD;
	}
	buf_free(&allow);
	return HE_NOT_FOUND;
}
