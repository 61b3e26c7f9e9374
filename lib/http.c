/* http.c: outgoing HTTP over libcurl with limits (time, size, protocols)
 * and TLS verification left on. One easy handle per call: the calls are
 * few (discovery and keys are cached by their callers). */
#include <ctype.h>
#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "crypto.h"
#include "http.h"

static int http_ready;

static int
http_global_init(void)
{
	/* Single-threaded workers: the first call initialises, once. */
	if (!http_ready && curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK)
		http_ready = 1;
	return http_ready ? 0 : -1;
}

struct sink {
	struct buf *b;
	size_t      max;
	int         too_large;
};

static size_t
on_data(char *p, size_t size, size_t n, void *ctx)
{
	struct sink *s = ctx;
	size_t len = size * n;
	if (s->b->len + len > s->max) {
		s->too_large = 1;
		return 0;             /* aborts the transfer: CURLE_WRITE_ERROR */
	}
	buf_append(s->b, p, len);
	return len;
}

/* The host part of an http(s) URL (after "scheme://"), copied into host. */
static int
url_host(const char *rest, char *host, size_t cap)
{
	size_t n = 0;
	if (*rest == '[') {                       /* [::1]:port */
		const char *end = strchr(rest, ']');
		if (end == NULL)
			return -1;
		n = (size_t)(end - rest) + 1;
	} else {
		while (rest[n] && rest[n] != ':' && rest[n] != '/' && rest[n] != '?' && rest[n] != '#')
			n++;
	}
	if (n == 0 || n >= cap)
		return -1;
	memcpy(host, rest, n);
	host[n] = '\0';
	return 0;
}

int
http_host_is_loopback(const char *host)
{
	if (strcasecmp(host, "localhost") == 0 || strcmp(host, "[::1]") == 0)
		return 1;
	if (strncmp(host, "127.", 4) != 0)
		return 0;
	int dots = 0;
	for (const char *p = host + 4; *p; p++) {
		if (*p == '.')
			dots++;
		else if (!isdigit((unsigned char)*p))
			return 0;
	}
	return dots == 2;
}

int
http_url_allowed(const char *url)
{
	char host[256];
	const char *rest;
	if (url == NULL || strlen(url) > 2000)
		return 0;
	for (const char *p = url; *p; p++)
		if ((unsigned char)*p <= 0x20 || *p == 0x7f || *p == '#' || *p == '\\')
			return 0;
	if (strncasecmp(url, "https://", 8) == 0)
		rest = url + 8;
	else if (strncasecmp(url, "http://", 7) == 0)
		rest = url + 7;
	else
		return 0;
	size_t authority = strcspn(rest, "/?");
	if (memchr(rest, '@', authority) != NULL)     /* no user:password@host */
		return 0;
	if (url_host(rest, host, sizeof(host)) != 0)
		return 0;
	if (rest == url + 7 && !http_host_is_loopback(host))
		return 0;
	return 1;
}

void
http_basic_auth(struct buf *b, const char *user, const char *password)
{
	struct buf plain;
	buf_init(&plain);
	buf_urlenc(&plain, user ? user : "");
	buf_putc(&plain, ':');
	buf_urlenc(&plain, password ? password : "");
	size_t cap = 4 * ((plain.len + 2) / 3) + 4;
	char *enc = malloc(cap);
	if (enc != NULL) {
		size_t n = crypto_b64(enc, (const unsigned char *)plain.data, plain.len);
		while (n % 4 != 0)             /* crypto_b64 leaves out the padding */
			enc[n++] = '=';
		enc[n] = '\0';
		buf_printf(b, "Authorization: Basic %s", enc);
		free(enc);
	}
	buf_free(&plain);
}

static void
set_content_type(struct http_resp *out, const char *ct)
{
	size_t i = 0;
	out->content_type[0] = '\0';
	if (ct == NULL)
		return;
	while (ct[i] && ct[i] != ';' && !isspace((unsigned char)ct[i]) && i < sizeof(out->content_type) - 1) {
		out->content_type[i] = (char)tolower((unsigned char)ct[i]);
		i++;
	}
	out->content_type[i] = '\0';
}

int
http_request(const struct http_req *q, struct http_resp *out)
{
	memset(out, 0, sizeof(*out));
	buf_init(&out->body);
	buf_reserve(&out->body, 1);
	out->body.data[0] = '\0';
	if (!http_url_allowed(q->url)) {
		snprintf(out->error, sizeof(out->error),
		    "the address must be https:// (http:// only to this machine)");
		return -1;
	}
	if (http_global_init() != 0) {
		snprintf(out->error, sizeof(out->error), "libcurl could not start");
		return -1;
	}
	CURL *c = curl_easy_init();
	if (c == NULL) {
		snprintf(out->error, sizeof(out->error), "libcurl could not start");
		return -1;
	}
	char errbuf[CURL_ERROR_SIZE] = "";
	struct sink sink = { &out->body, q->max_bytes ? q->max_bytes : HTTP_MAX_BYTES_DEFAULT, 0 };
	long timeout = q->timeout_ms > 0 ? q->timeout_ms : HTTP_TIMEOUT_MS_DEFAULT;
	struct curl_slist *hdrs = NULL;
	int ok = 1;
	if (q->headers != NULL)
		for (const char *const *h = q->headers; *h != NULL; h++)
			ok &= (hdrs = curl_slist_append(hdrs, *h)) != NULL;
	char ctline[200];
	if (q->content_type != NULL) {
		snprintf(ctline, sizeof(ctline), "Content-Type: %s", q->content_type);
		ok &= (hdrs = curl_slist_append(hdrs, ctline)) != NULL;
	}
	ok &= (hdrs = curl_slist_append(hdrs, "Expect:")) != NULL;   /* no 100-continue round trip */
	if (!ok) {
		curl_slist_free_all(hdrs);
		curl_easy_cleanup(c);
		snprintf(out->error, sizeof(out->error), "out of memory");
		return -1;
	}
	curl_easy_setopt(c, CURLOPT_URL, q->url);
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, timeout);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, timeout);
	curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 1L);
	curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 2L);
	curl_easy_setopt(c, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)sink.max);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_data);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, &sink);
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
	curl_easy_setopt(c, CURLOPT_USERAGENT, "Hearth");
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, hdrs);
	if (q->method != NULL && strcmp(q->method, "POST") == 0) {
		curl_easy_setopt(c, CURLOPT_POST, 1L);
		curl_easy_setopt(c, CURLOPT_POSTFIELDS, q->body ? q->body : "");
		curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)(q->body ? q->body_len : 0));
	}
	CURLcode rc = curl_easy_perform(c);
	int result = 0;
	if (rc == CURLE_OK) {
		char *ct = NULL;
		curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &out->status);
		curl_easy_getinfo(c, CURLINFO_CONTENT_TYPE, &ct);
		set_content_type(out, ct);
	} else {
		result = -1;
		out->status = 0;
		if (sink.too_large || rc == CURLE_FILESIZE_EXCEEDED)
			snprintf(out->error, sizeof(out->error), "the answer was larger than %zu bytes", sink.max);
		else if (rc == CURLE_OPERATION_TIMEDOUT)
			snprintf(out->error, sizeof(out->error), "no answer within %ld ms", timeout);
		else
			snprintf(out->error, sizeof(out->error), "%s", errbuf[0] ? errbuf : curl_easy_strerror(rc));
		buf_reset(&out->body);
	}
	curl_slist_free_all(hdrs);
	curl_easy_cleanup(c);
	return result;
}

int
http_get(const char *url, const char *const *headers, struct http_resp *out)
{
	struct http_req q = { .method = "GET", .url = url, .headers = headers };
	return http_request(&q, out);
}

void
http_resp_free(struct http_resp *out)
{
	buf_free(&out->body);
}
