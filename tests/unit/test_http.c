/* test_http: outgoing HTTP (lib/http.c) against a small HTTP server this
 * test forks on 127.0.0.1: answers, the size cap, the time limit, no
 * redirects followed, POST bodies and the OAuth client's Basic header,
 * and the URLs it refuses to call. */
#include "fixtures.h"
#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>
#include "http.h"

static pid_t server_pid;
static int server_port;

static void
write_all(int fd, const char *p, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, p, n);
		if (w <= 0)
			return;
		p += w;
		n -= (size_t)w;
	}
}

/* One request: read headers and body, answer by path. */
static void
serve(int fd)
{
	char req[65536];
	size_t n = 0;
	req[0] = '\0';
	char *end = NULL;
	while (n < sizeof(req) - 1 && (end = strstr(req, "\r\n\r\n")) == NULL) {
		ssize_t r = read(fd, req + n, sizeof(req) - 1 - n);
		if (r <= 0)
			return;
		n += (size_t)r;
		req[n] = '\0';
	}
	if (end == NULL)
		return;
	size_t head = (size_t)(end - req) + 4;
	const char *cl = strcasestr(req, "\r\nContent-Length:");
	size_t want = cl ? (size_t)strtoul(cl + 17, NULL, 10) : 0;
	while (n - head < want && n < sizeof(req) - 1) {
		ssize_t r = read(fd, req + n, sizeof(req) - 1 - n);
		if (r <= 0)
			break;
		n += (size_t)r;
	}
	req[n] = '\0';
	char out[1024];
	if (strncmp(req, "GET /ok ", 8) == 0) {
		const char *body = "{\"hello\":\"world\"}";
		snprintf(out, sizeof(out), "HTTP/1.1 200 OK\r\nContent-Type: Application/JSON; charset=utf-8\r\n"
		    "Content-Length: %zu\r\nConnection: close\r\n\r\n%s", strlen(body), body);
		write_all(fd, out, strlen(out));
	} else if (strncmp(req, "GET /big ", 9) == 0) {
		/* 2 MiB, announced: the cap refuses it. */
		snprintf(out, sizeof(out), "HTTP/1.1 200 OK\r\nContent-Length: %d\r\nConnection: close\r\n\r\n", 2 << 20);
		write_all(fd, out, strlen(out));
		char chunk[8192];
		memset(chunk, 'x', sizeof(chunk));
		for (int i = 0; i < (2 << 20) / (int)sizeof(chunk); i++)
			write_all(fd, chunk, sizeof(chunk));
	} else if (strncmp(req, "GET /stream ", 12) == 0) {
		/* 2 MiB, not announced (no Content-Length): the cap stops it as it comes. */
		snprintf(out, sizeof(out), "HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n");
		write_all(fd, out, strlen(out));
		char chunk[8192];
		memset(chunk, 'y', sizeof(chunk));
		for (int i = 0; i < (2 << 20) / (int)sizeof(chunk); i++)
			write_all(fd, chunk, sizeof(chunk));
	} else if (strncmp(req, "GET /slow ", 10) == 0) {
		sleep(2);
		snprintf(out, sizeof(out), "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok");
		write_all(fd, out, strlen(out));
	} else if (strncmp(req, "GET /redirect ", 14) == 0) {
		snprintf(out, sizeof(out), "HTTP/1.1 302 Found\r\nLocation: /ok\r\nContent-Length: 0\r\n"
		    "Connection: close\r\n\r\n");
		write_all(fd, out, strlen(out));
	} else if (strncmp(req, "POST /echo ", 11) == 0) {
		/* The request back as the body: headers and all. */
		snprintf(out, sizeof(out), "HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain\r\n"
		    "Content-Length: %zu\r\nConnection: close\r\n\r\n", n);
		write_all(fd, out, strlen(out));
		write_all(fd, req, n);
	} else {
		snprintf(out, sizeof(out), "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
		write_all(fd, out, strlen(out));
	}
}

static int
group_setup(void **state)
{
	(void)state;
	int s = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = 0 };
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	socklen_t len = sizeof(a);
	if (s < 0 || bind(s, (struct sockaddr *)&a, sizeof(a)) != 0 || listen(s, 16) != 0 ||
	    getsockname(s, (struct sockaddr *)&a, &len) != 0)
		return -1;
	server_port = ntohs(a.sin_port);
	server_pid = fork();
	if (server_pid < 0)
		return -1;
	if (server_pid == 0) {
		signal(SIGPIPE, SIG_IGN);
		alarm(60);                       /* never outlive the test by long */
		for (;;) {
			int fd = accept(s, NULL, NULL);
			if (fd < 0)
				continue;
			serve(fd);
			close(fd);
		}
	}
	close(s);
	return 0;
}

static int
group_teardown(void **state)
{
	(void)state;
	if (server_pid > 0) {
		kill(server_pid, SIGTERM);
		waitpid(server_pid, NULL, 0);
	}
	return 0;
}

static const char *
url(const char *path)
{
	static char u[128];
	snprintf(u, sizeof(u), "http://127.0.0.1:%d%s", server_port, path);
	return u;
}

static void
test_get_ok(void **state)
{
	(void)state;
	struct http_resp r;
	assert_int_equal(http_get(url("/ok"), NULL, &r), 0);
	assert_int_equal(r.status, 200);
	assert_string_equal(r.body.data, "{\"hello\":\"world\"}");
	assert_string_equal(r.content_type, "application/json");
	http_resp_free(&r);
	assert_int_equal(http_get(url("/missing"), NULL, &r), 0);
	assert_int_equal(r.status, 404);
	http_resp_free(&r);
}

static void
test_size_cap(void **state)
{
	(void)state;
	struct http_resp r;
	assert_int_equal(http_get(url("/big"), NULL, &r), -1);
	assert_non_null(strstr(r.error, "larger than"));
	assert_int_equal(r.body.len, 0);
	http_resp_free(&r);
	assert_int_equal(http_get(url("/stream"), NULL, &r), -1);
	assert_non_null(strstr(r.error, "larger than"));
	http_resp_free(&r);
	/* A larger cap lets the same answer through. */
	struct http_req q = { .url = url("/stream"), .max_bytes = 3u << 20 };
	assert_int_equal(http_request(&q, &r), 0);
	assert_int_equal(r.body.len, 2u << 20);
	http_resp_free(&r);
}

static void
test_time_limit(void **state)
{
	(void)state;
	struct http_resp r;
	struct http_req q = { .url = url("/slow"), .timeout_ms = 500 };
	assert_int_equal(http_request(&q, &r), -1);
	assert_non_null(strstr(r.error, "no answer within 500 ms"));
	http_resp_free(&r);
	/* Nobody listening: a failure with a reason, not a crash. */
	assert_int_equal(http_get("http://127.0.0.1:1/", NULL, &r), -1);
	assert_true(r.error[0] != '\0');
	assert_int_equal(r.status, 0);
	http_resp_free(&r);
}

static void
test_no_redirects(void **state)
{
	(void)state;
	struct http_resp r;
	assert_int_equal(http_get(url("/redirect"), NULL, &r), 0);
	assert_int_equal(r.status, 302);
	http_resp_free(&r);
}

static void
test_post_and_basic_auth(void **state)
{
	(void)state;
	struct buf auth;
	buf_init(&auth);
	http_basic_auth(&auth, "client id", "s3cr:t+");
	/* base64("client%20id:s3cr%3At%2B") */
	assert_string_equal(auth.data, "Authorization: Basic Y2xpZW50JTIwaWQ6czNjciUzQXQlMkI=");
	const char *headers[] = { auth.data, "Accept: application/json", NULL };
	const char *body = "grant_type=authorization_code&code=abc";
	struct http_req q = {
		.method = "POST", .url = url("/echo"), .headers = headers, .body = body, .body_len = strlen(body),
		.content_type = "application/x-www-form-urlencoded",
	};
	struct http_resp r;
	assert_int_equal(http_request(&q, &r), 0);
	assert_int_equal(r.status, 400);
	assert_non_null(strstr(r.body.data, "POST /echo HTTP/1.1\r\n"));
	assert_non_null(strstr(r.body.data, "\r\nAuthorization: Basic Y2xpZW50JTIwaWQ6czNjciUzQXQlMkI=\r\n"));
	assert_non_null(strstr(r.body.data, "\r\nContent-Type: application/x-www-form-urlencoded\r\n"));
	assert_non_null(strstr(r.body.data, "\r\n\r\ngrant_type=authorization_code&code=abc"));
	assert_null(strstr(r.body.data, "Expect:"));
	http_resp_free(&r);
	buf_free(&auth);
}

static void
test_url_allowed(void **state)
{
	(void)state;
	assert_true(http_url_allowed("https://login.example.com/.well-known/openid-configuration"));
	assert_true(http_url_allowed("https://login.example.com:8443/x?y=1"));
	assert_true(http_url_allowed("http://127.0.0.1:8080/x"));
	assert_true(http_url_allowed("http://127.1.2.3/x"));
	assert_true(http_url_allowed("http://localhost:3000"));
	assert_true(http_url_allowed("http://[::1]:3000/"));
	assert_false(http_url_allowed("http://login.example.com/"));       /* plain http elsewhere */
	assert_false(http_url_allowed("http://127.0.0.1.evil.test/"));
	assert_false(http_url_allowed("http://10.0.0.1/"));
	assert_false(http_url_allowed("https://user:pw@login.example.com/"));
	assert_false(http_url_allowed("http://evil.test@127.0.0.1/"));
	assert_false(http_url_allowed("ftp://login.example.com/"));
	assert_false(http_url_allowed("file:///etc/passwd"));
	assert_false(http_url_allowed("https://login.example.com/a b"));
	assert_false(http_url_allowed("https://login.example.com/#frag"));
	assert_false(http_url_allowed("https:///nohost"));
	assert_false(http_url_allowed(NULL));
	struct http_resp r;
	assert_int_equal(http_get("http://192.0.2.1/", NULL, &r), -1);   /* refused before any connection */
	assert_non_null(strstr(r.error, "https"));
	http_resp_free(&r);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_get_ok),
		cmocka_unit_test(test_size_cap),
		cmocka_unit_test(test_time_limit),
		cmocka_unit_test(test_no_redirects),
		cmocka_unit_test(test_post_and_basic_auth),
		cmocka_unit_test(test_url_allowed),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
