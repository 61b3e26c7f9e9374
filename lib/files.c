/* files.c: uploaded files, content-addressed. An upload's SHA-256 names
 * it under files_dir (<aa>/<the other 62 hex digits>); nginx serves it
 * from its internal /_files/ location after a responder answers with
 * X-Accel-Redirect. Any family that keeps files (documents, site photos,
 * signed proposals) stores and serves them through here. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "buf.h"
#include "config.h"
#include "files.h"
#include "log.h"
#include "valid.h"

/* Types served as they are; anything else is served as
 * application/octet-stream (never text/html, SVG or other active content). */
static const char *const doc_safe_types[] = {
	"application/pdf", "image/png", "image/jpeg", "image/gif", "image/webp", "text/plain", "text/csv", NULL,
};

/* The media type of ct (parameters dropped, lower case) if it is on the
 * safe list, else application/octet-stream. */
const char *
files_safe_type(const char *ct)
{
	char t[64];
	size_t n = 0;
	if (ct == NULL)
		return "application/octet-stream";
	while (*ct == ' ' || *ct == '\t')
		ct++;
	for (; *ct && *ct != ';' && *ct != ' ' && *ct != '\t'; ct++) {
		if (n >= sizeof(t) - 1)
			return "application/octet-stream";
		t[n++] = (*ct >= 'A' && *ct <= 'Z') ? (char)(*ct - 'A' + 'a') : *ct;
	}
	t[n] = '\0';
	for (size_t i = 0; doc_safe_types[i]; i++)
		if (strcmp(t, doc_safe_types[i]) == 0)
			return doc_safe_types[i];
	return "application/octet-stream";
}

int
files_sha256_ok(const char *s)
{
	return s != NULL && strlen(s) == 64 && strspn(s, "0123456789abcdef") == 64;
}

/* At most max code points of the valid UTF-8 string s (a new copy). */
char *
files_utf8_prefix(struct arena *a, const char *s, size_t max)
{
	size_t i = 0, cps = 0;
	while (s[i] && cps < max) {
		i++;
		while ((s[i] & 0xC0) == 0x80)
			i++;
		cps++;
	}
	return arena_strndup(a, s, i);
}

/* The file name as stored: the sent name (the parser already took the
 * path off and checked UTF-8) without control characters, at most 255
 * code points; "file" if nothing is left. */
const char *
files_filename(struct request *r, const char *name)
{
	char *s = arena_strdup(r->arena, name ? name : "");
	for (char *p = s; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			*p = '_';
	char *t = valid_trim(r->arena, s);
	if (*t == '\0' || strcmp(t, ".") == 0 || strcmp(t, "..") == 0)
		return "file";
	return files_utf8_prefix(r->arena, t, 255);
}

/* ---- storage ---- */

static int
fsync_path(const char *path)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	int rc = fsync(fd);
	close(fd);
	return rc;
}

/* Copy src to a new file dst (O_EXCL) of the given mode, flushed to disk. */
static int
copy_file(const char *src, const char *dst, mode_t mode)
{
	int in = open(src, O_RDONLY | O_CLOEXEC);
	if (in < 0)
		return -1;
	int out = open(dst, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
	if (out < 0) {
		close(in);
		return -1;
	}
	char buf[65536];
	ssize_t n;
	int rc = fchmod(out, mode);
	while (rc == 0 && (n = read(in, buf, sizeof(buf))) != 0) {
		if (n < 0) {
			if (errno == EINTR)
				continue;
			rc = -1;
			break;
		}
		for (ssize_t off = 0; off < n;) {
			ssize_t w = write(out, buf + off, (size_t)(n - off));
			if (w < 0) {
				if (errno == EINTR)
					continue;
				rc = -1;
				break;
			}
			off += w;
		}
	}
	if (rc == 0)
		rc = fsync(out);
	close(in);
	if (close(out) != 0)
		rc = -1;
	if (rc != 0)
		unlink(dst);
	return rc;
}

/* Puts the upload at <files_dir>/<aa>/<rest>. A file already there with
 * the same size is the same content (its name is its hash): kept. Else
 * the bytes go to a temporary name beside it (a hard link to the spool
 * file when that keeps the right group, a copy otherwise), are flushed,
 * and are renamed into place, so nginx never sees a partial file.
 *
 * Permissions follow files_dir: its subdirectories get its mode and the
 * files the same without x. With files_dir owned by the service user, group
 * www-data (nginx), mode 2750 (setgid: new entries inherit the group),
 * that is directories 0750 and files 0640: nginx reads through its group,
 * nobody else can. With files_dir 0755 it is 0755/0644. */
enum herr
files_store(struct request *r, const struct upload *u)
{
	const char *dir = config_get("files_dir", "var/files");
	char aa[3] = { u->sha256[0], u->sha256[1], '\0' };
	const char *sub = arena_printf(r->arena, "%s/%s", dir, aa);
	const char *path = arena_printf(r->arena, "%s/%s", sub, u->sha256 + 2);
	struct stat st, sst;
	if (stat(dir, &st) != 0) {
		log_error(r, "files: files_dir %s: %s", dir, strerror(errno));
		return HE_INTERNAL;
	}
	mode_t dmode = st.st_mode & 0777, fmode = dmode & 0666;
	if (mkdir(sub, dmode) != 0 && errno != EEXIST) {
		log_error(r, "files: mkdir %s: %s", sub, strerror(errno));
		return HE_INTERNAL;
	}
	if (stat(path, &st) == 0 && S_ISREG(st.st_mode) && (size_t)st.st_size == u->size)
		return HE_OK;
	if (stat(sub, &st) != 0) {
		log_error(r, "files: %s: %s", sub, strerror(errno));
		return HE_INTERNAL;
	}
	const char *tmp = arena_printf(r->arena, "%s/.%s.%ld.tmp", sub, u->sha256 + 2, (long)getpid());
	unlink(tmp);                               /* left by a worker that died here */
	int linked = stat(u->path, &sst) == 0 && sst.st_dev == st.st_dev && sst.st_gid == st.st_gid &&
	    chmod(u->path, fmode) == 0 && fsync_path(u->path) == 0 && link(u->path, tmp) == 0;
	if (!linked && copy_file(u->path, tmp, fmode) != 0) {
		log_error(r, "files: store %s: %s", path, strerror(errno));
		return HE_INTERNAL;
	}
	if (rename(tmp, path) != 0) {
		log_error(r, "files: rename to %s: %s", path, strerror(errno));
		unlink(tmp);
		return HE_INTERNAL;
	}
	fsync_path(sub);
	return HE_OK;
}

/* Content-Disposition for name: a quoted ASCII fallback (anything else
 * becomes "_") and the exact name as RFC 5987 UTF-8 percent-encoding. */
const char *
files_disposition(struct request *r, const char *name)
{
	struct buf b;
	buf_init(&b);
	buf_puts(&b, "attachment; filename=\"");
	for (const unsigned char *p = (const unsigned char *)name; *p; p++) {
		if (*p >= 0x80) {
			while ((p[1] & 0xC0) == 0x80)     /* one "_" per code point */
				p++;
			buf_putc(&b, '_');
		} else if (*p < 0x20 || *p == 0x7f || *p == '"' || *p == '\\' || *p == '%' || *p == ';') {
			buf_putc(&b, '_');
		} else {
			buf_putc(&b, (char)*p);
		}
	}
	buf_puts(&b, "\"; filename*=UTF-8''");
	static const char hex[] = "0123456789ABCDEF";
	for (const unsigned char *p = (const unsigned char *)name; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
		    strchr("!#$&+-.^_`|~", *p) != NULL)
			buf_putc(&b, (char)*p);
		else
			buf_printf(&b, "%%%c%c", hex[*p >> 4], hex[*p & 15]);
	}
	char *s = arena_strdup(r->arena, b.data);
	buf_free(&b);
	return s;
}

