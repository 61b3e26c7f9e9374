/* multipart.c: multipart/form-data. The body is streamed to a spool file
 * (bounded memory whatever the upload size), mapped, and split into parts:
 * fields become r->form, files are written to their own spool files with
 * their SHA-256 computed on the way. Spool files go when the request ends. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/mman.h>
#include <unistd.h>
#include <openssl/evp.h>
#include "crypto.h"
#include "req.h"
#include "utf8.h"

#define MP_MAX_FIELD  (64u << 10)
#define MP_MAX_PARTS  64

enum herr req_parse_multipart(struct request *r, const char *boundary, req_read_fn rd, void *ctx,
                              size_t length, const char *spool_dir);

static void
unlink_path(void *p)
{
	unlink((const char *)p);
}

static int
spool_open(struct request *r, const char *dir, const char **path)
{
	char *tmpl = arena_printf(r->arena, "%s/hearth-XXXXXX", dir ? dir : (getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp"));
	int fd = mkstemp(tmpl);
	if (fd >= 0) {
		arena_defer(r->arena, unlink_path, tmpl);
		*path = tmpl;
	}
	return fd;
}

static const char *
memfind(const char *hay, size_t hlen, const char *needle, size_t nlen)
{
	if (nlen == 0 || hlen < nlen)
		return NULL;
	const char *end = hay + hlen - nlen;
	for (const char *p = hay; p <= end; p++) {
		p = memchr(p, needle[0], (size_t)(end - p) + 1);
		if (p == NULL)
			return NULL;
		if (memcmp(p, needle, nlen) == 0)
			return p;
	}
	return NULL;
}

/* Value of a parameter in a Content-Disposition line: name="x". */
static char *
disp_param(struct arena *a, const char *line, size_t len, const char *name)
{
	size_t nl = strlen(name);
	for (size_t i = 0; i + nl + 1 < len; i++) {
		if ((i == 0 || line[i - 1] == ' ' || line[i - 1] == ';') &&
		    strncasecmp(line + i, name, nl) == 0 && line[i + nl] == '=') {
			const char *v = line + i + nl + 1;
			size_t rest = len - (size_t)(v - line), vl;
			if (rest > 0 && *v == '"') {
				v++;
				rest--;
				const char *q = memchr(v, '"', rest);
				vl = q ? (size_t)(q - v) : rest;
			} else {
				vl = 0;
				while (vl < rest && v[vl] != ';' && v[vl] != ' ')
					vl++;
			}
			return arena_strndup(a, v, vl);
		}
	}
	return NULL;
}

static const char *
basename_of(const char *s)
{
	const char *b = s;
	for (const char *p = s; *p; p++)
		if (*p == '/' || *p == '\\')
			b = p + 1;
	return b;
}

static enum herr
add_file(struct request *r, const char *spool_dir, const char *field, const char *filename,
         const char *ctype, const char *data, size_t n)
{
	if (r->nuploads >= 16)
		return HE_BAD_REQUEST;
	struct upload *u;
	if (r->uploads == NULL)
		r->uploads = arena_alloc(r->arena, 16 * sizeof(*u));
	u = &r->uploads[r->nuploads];
	int fd = spool_open(r, spool_dir, &u->path);
	if (fd < 0)
		return HE_INTERNAL;
	size_t off = 0;
	while (off < n) {
		ssize_t w = write(fd, data + off, n - off);
		if (w <= 0) {
			close(fd);
			return HE_INTERNAL;
		}
		off += (size_t)w;
	}
	close(fd);
	crypto_sha256_hex(data, n, u->sha256);
	u->field = field;
	u->filename = basename_of(filename);
	u->content_type = ctype ? ctype : "application/octet-stream";
	u->size = n;
	r->nuploads++;
	return HE_OK;
}

/* One part: headers, blank line, content. */
static enum herr
parse_part(struct request *r, const char *spool_dir, const char *p, size_t n)
{
	const char *hend = memfind(p, n, "\r\n\r\n", 4);
	if (hend == NULL)
		return HE_BAD_REQUEST;
	char *name = NULL, *filename = NULL, *ctype = NULL;
	const char *line = p;
	while (line < hend) {
		const char *eol = memfind(line, (size_t)(hend - line) + 2, "\r\n", 2);
		size_t len = (size_t)(eol - line);
		if (len > 20 && strncasecmp(line, "Content-Disposition:", 20) == 0) {
			name = disp_param(r->arena, line + 20, len - 20, "name");
			filename = disp_param(r->arena, line + 20, len - 20, "filename");
		} else if (len > 13 && strncasecmp(line, "Content-Type:", 13) == 0) {
			const char *v = line + 13;
			while (*v == ' ')
				v++;
			ctype = arena_strndup(r->arena, v, (size_t)(line + len - v));
		}
		line = eol + 2;
	}
	if (name == NULL || !utf8_text_ok(name, strlen(name)))
		return HE_BAD_REQUEST;
	const char *content = hend + 4;
	size_t clen = n - (size_t)(content - p);
	if (filename != NULL) {
		if (!utf8_text_ok(filename, strlen(filename)))
			return HE_BAD_REQUEST;
		if (*filename == '\0' && clen == 0)
			return HE_OK;              /* a file input left empty */
		return add_file(r, spool_dir, name, filename, ctype, content, clen);
	}
	if (clen > MP_MAX_FIELD || !utf8_text_ok(content, clen))
		return HE_BAD_REQUEST;
	kv_add(r->arena, &r->form, name, arena_strndup(r->arena, content, clen));
	return HE_OK;
}

static enum herr
split_parts(struct request *r, const char *boundary, const char *body, size_t len, const char *spool_dir)
{
	char *delim = arena_printf(r->arena, "--%s", boundary);
	size_t dl = strlen(delim);
	const char *p = memfind(body, len, delim, dl);
	int parts = 0;
	if (p == NULL)
		return HE_BAD_REQUEST;
	for (;;) {
		p += dl;
		size_t rest = len - (size_t)(p - body);
		if (rest >= 2 && p[0] == '-' && p[1] == '-')
			return HE_OK;                    /* closing delimiter */
		if (rest < 2 || p[0] != '\r' || p[1] != '\n')
			return HE_BAD_REQUEST;
		p += 2;
		rest -= 2;
		char *next_delim = arena_printf(r->arena, "\r\n%s", delim);
		const char *q = memfind(p, rest, next_delim, dl + 2);
		if (q == NULL || ++parts > MP_MAX_PARTS)
			return HE_BAD_REQUEST;
		enum herr e = parse_part(r, spool_dir, p, (size_t)(q - p));
		if (e != HE_OK)
			return e;
		p = q + 2;
	}
}

enum herr
req_parse_multipart(struct request *r, const char *boundary, req_read_fn rd, void *ctx,
                    size_t length, const char *spool_dir)
{
	const char *path;
	int fd = spool_open(r, spool_dir, &path);
	if (fd < 0)
		return HE_INTERNAL;
	char chunk[65536];
	size_t got = 0;
	while (got < length) {
		size_t want = length - got < sizeof(chunk) ? length - got : sizeof(chunk);
		long n = rd(ctx, chunk, want);
		if (n <= 0) {
			close(fd);
			return HE_BAD_REQUEST;
		}
		if (write(fd, chunk, (size_t)n) != n) {
			close(fd);
			return HE_INTERNAL;
		}
		got += (size_t)n;
	}
	void *map = mmap(NULL, length, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	if (map == MAP_FAILED)
		return HE_INTERNAL;
	enum herr e = split_parts(r, boundary, map, length, spool_dir);
	munmap(map, length);
	return e;
}
