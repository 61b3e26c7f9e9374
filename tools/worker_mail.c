/* worker_mail.c: hearth-worker's mail sender (sql/019, docs/mail.md).
 * Each call sends the messages that are due, one at a time, through the
 * SMTP server set at /auth/mail (libcurl: STARTTLS or implicit TLS with
 * the certificate verified, AUTH when a user is set), for at most
 * MAIL_BATCH messages or MAIL_SLICE_MS, so the outbox and the timed jobs
 * on the same connection wait little.
 *
 * A message is leased (core.mail_claim), sent with no transaction open,
 * and its outcome recorded (core.mail_result): 2xx sent; a 5xx answer to
 * the message (MAIL FROM, RCPT TO, DATA) dead at once with the server's
 * reply; anything else (4xx, no connection, TLS, a refused login: the
 * settings' fault, not the message's) retried with backoff for a day. A
 * worker killed mid-send leaves the lease to run out and another send
 * follows: at least once (same Message-ID).
 *
 * One JSON line per attempt on stderr, for the metrics:
 * {"time":…,"program":"hearth-worker","level":"info|warn","msg":"mail",
 *  "outcome":"sent|retry|dead","message":<id>,"ms":<float>} */
#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "arena.h"
#include "buf.h"
#include "log.h"
#include "mail_mime.h"
#include "sealed.h"
#include "worker_mail.h"

#define MAIL_BATCH          20       /* messages a call at most */
#define MAIL_SLICE_MS       5000     /* and no new one after this long */
#define MAIL_LEASE_SECONDS  "300"    /* > connect + transfer timeouts */
#define MAIL_CONNECT_S      10L
#define MAIL_TIMEOUT_S      60L
#define MAIL_PASSWORD_AAD   "core.mail_settings.password"

struct mail_server {
	const char *host, *security, *username, *password, *from_address, *from_name, *reply_to, *ca_pem;
	int port;
};

struct send_state {
	const struct buf *msg;
	size_t            at;
	char              reply[512];     /* the server's last reply line */
	volatile sig_atomic_t *stopping;
};

/* A worker error line, in the worker's shape; detail made JSON-safe. */
static void
mail_say(const char *what, const char *detail)
{
	char msg[400];
	snprintf(msg, sizeof(msg), "mail: %s: %s", what, detail ? detail : "");
	for (char *p = msg; *p; p++)
		if (*p == '"' || *p == '\\' || (unsigned char)*p < 0x20)
			*p = ' ';
	fprintf(stderr, "{\"time\":%ld,\"program\":\"hearth-worker\",\"level\":\"error\",\"msg\":\"%s\"}\n",
	    (long)time(NULL), msg);
}

static size_t
on_read(char *out, size_t size, size_t n, void *ctx)
{
	struct send_state *s = ctx;
	size_t left = s->msg->len - s->at, take = size * n < left ? size * n : left;
	memcpy(out, s->msg->data + s->at, take);
	s->at += take;
	return take;
}

/* Keeps the last line the server sent (libcurl hands replies over as
 * CURLINFO_HEADER_IN) before its goodbye, so the log shows "550 5.1.1 no
 * such user" or "250 OK: queued as …". */
static int
on_debug(CURL *h, curl_infotype type, char *data, size_t n, void *ctx)
{
	(void)h;
	struct send_state *s = ctx;
	if (type != CURLINFO_HEADER_IN)
		return 0;
	while (n > 0 && (data[n - 1] == '\n' || data[n - 1] == '\r'))
		n--;
	/* After a refusal libcurl says QUIT before it returns: keep the refusal */
	if (n >= 4 && memcmp(data, "221 ", 4) == 0 && s->reply[0] != '\0')
		return 0;
	if (n >= sizeof(s->reply))
		n = sizeof(s->reply) - 1;
	memcpy(s->reply, data, n);
	s->reply[n] = '\0';
	return 0;
}

/* SIGTERM aborts a send in progress: the message is tried again. */
static int
on_progress(void *ctx, curl_off_t a, curl_off_t b, curl_off_t c, curl_off_t d)
{
	(void)a, (void)b, (void)c, (void)d;
	struct send_state *s = ctx;
	return *s->stopping ? 1 : 0;
}

static void
url_of(char *url, size_t cap, const struct mail_server *srv)
{
	int v6 = strchr(srv->host, ':') != NULL;
	char me[256] = "localhost";            /* EHLO with this host's name */
	if (gethostname(me, sizeof(me) - 1) != 0 || strpbrk(me, "/?#@ ") != NULL)
		strcpy(me, "localhost");
	snprintf(url, cap, "%s://%s%s%s:%d/%s", strcmp(srv->security, "tls") == 0 ? "smtps" : "smtp",
	    v6 ? "[" : "", srv->host, v6 ? "]" : "", srv->port, me);
}

/* Sends msg to rcpt on h (one handle a slice: libcurl keeps the SMTP
 * connection, its TLS and AUTH, from one message to the next). "sent",
 * "retry" or "dead"; the reply and error kept. */
static const char *
smtp_send(CURL *h, const struct mail_server *srv, const char *rcpt, struct send_state *s, char *err, size_t errcap)
{
	curl_easy_reset(h);                     /* keeps the open connection for the next message */
	char url[600], from[300], to[300], ebuf[CURL_ERROR_SIZE] = "";
	url_of(url, sizeof(url), srv);
	snprintf(from, sizeof(from), "<%s>", srv->from_address);
	snprintf(to, sizeof(to), "<%s>", rcpt);
	struct curl_slist *rcpts = curl_slist_append(NULL, to);
	curl_easy_setopt(h, CURLOPT_URL, url);
	curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
	curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, MAIL_CONNECT_S);
	curl_easy_setopt(h, CURLOPT_TIMEOUT, MAIL_TIMEOUT_S);
	/* starttls: required, never a silent fall-back to clear text */
	curl_easy_setopt(h, CURLOPT_USE_SSL, strcmp(srv->security, "none") == 0 ? (long)CURLUSESSL_NONE
	    : (long)CURLUSESSL_ALL);
	if (*srv->ca_pem) {
		struct curl_blob ca = { (void *)srv->ca_pem, strlen(srv->ca_pem), CURL_BLOB_COPY };
		curl_easy_setopt(h, CURLOPT_CAINFO_BLOB, &ca);
	}
	if (*srv->username) {
		curl_easy_setopt(h, CURLOPT_USERNAME, srv->username);
		curl_easy_setopt(h, CURLOPT_PASSWORD, srv->password);
	}
	curl_easy_setopt(h, CURLOPT_MAIL_FROM, from);
	curl_easy_setopt(h, CURLOPT_MAIL_RCPT, rcpts);
	curl_easy_setopt(h, CURLOPT_UPLOAD, 1L);
	curl_easy_setopt(h, CURLOPT_INFILESIZE_LARGE, (curl_off_t)s->msg->len);
	curl_easy_setopt(h, CURLOPT_READFUNCTION, on_read);
	curl_easy_setopt(h, CURLOPT_READDATA, s);
	curl_easy_setopt(h, CURLOPT_VERBOSE, 1L);          /* for on_debug: nothing is printed */
	curl_easy_setopt(h, CURLOPT_DEBUGFUNCTION, on_debug);
	curl_easy_setopt(h, CURLOPT_DEBUGDATA, s);
	curl_easy_setopt(h, CURLOPT_NOPROGRESS, 0L);
	curl_easy_setopt(h, CURLOPT_XFERINFOFUNCTION, on_progress);
	curl_easy_setopt(h, CURLOPT_XFERINFODATA, s);
	curl_easy_setopt(h, CURLOPT_ERRORBUFFER, ebuf);
	CURLcode rc = curl_easy_perform(h);
	long code = 0;
	curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &code);
	curl_slist_free_all(rcpts);
	if (rc == CURLE_OK)
		return "sent";
	/* The server's own words first when it refused ("550 5.1.1 …"), then libcurl's */
	if (code >= 400 && s->reply[0] == (code >= 500 ? '5' : '4'))
		snprintf(err, errcap, "%s (%s)", s->reply, *ebuf ? ebuf : curl_easy_strerror(rc));
	else
		snprintf(err, errcap, "%s", *ebuf ? ebuf : curl_easy_strerror(rc));
	/* A 5xx to the message itself is final; to STARTTLS or AUTH it is the
	 * settings' (curl says USE_SSL_FAILED or LOGIN_DENIED then). */
	if (code >= 500 && code < 600 && (rc == CURLE_SEND_ERROR || rc == CURLE_WEIRD_SERVER_REPLY))
		return "dead";
	return "retry";
}

/* The settings row, its password opened into a; 1 with a message due and
 * a server set, 0 without, -1 on failure. */
static int
server_get(PGconn *c, struct arena *a, struct mail_server *srv)
{
	PGresult *res = PQexec(c, "SELECT host, port, security, username, password, from_address, from_name,"
	    " reply_to, ca_pem FROM core.mail_settings_due()");
	if (PQresultStatus(res) != PGRES_TUPLES_OK) {
		mail_say("settings", PQerrorMessage(c));
		PQclear(res);
		return -1;
	}
	int found = PQntuples(res) == 1;
	if (found) {
		srv->host = arena_strdup(a, PQgetvalue(res, 0, 0));
		srv->port = atoi(PQgetvalue(res, 0, 1));
		srv->security = arena_strdup(a, PQgetvalue(res, 0, 2));
		srv->username = arena_strdup(a, PQgetvalue(res, 0, 3));
		srv->password = sealed_open(a, MAIL_PASSWORD_AAD, arena_strdup(a, PQgetvalue(res, 0, 4)));
		srv->from_address = arena_strdup(a, PQgetvalue(res, 0, 5));
		srv->from_name = arena_strdup(a, PQgetvalue(res, 0, 6));
		srv->reply_to = arena_strdup(a, PQgetvalue(res, 0, 7));
		srv->ca_pem = arena_strdup(a, PQgetvalue(res, 0, 8));
	}
	PQclear(res);
	return found;
}

/* Claims, sends and records one message: 1 done, 0 none due, -1 failure. */
static int
send_one(PGconn *c, CURL *h, const struct mail_server *srv, volatile sig_atomic_t *stopping)
{
	const char *lease = MAIL_LEASE_SECONDS;
	PGresult *res = PQexecParams(c, "SELECT id, attempts, to_address, to_name, subject, body_text, body_html,"
	    " message_id FROM core.mail_claim($1::int)", 1, NULL, &lease, NULL, NULL, 0);
	if (PQresultStatus(res) != PGRES_TUPLES_OK) {
		mail_say("claim", PQerrorMessage(c));
		PQclear(res);
		return -1;
	}
	if (PQntuples(res) == 0) {
		PQclear(res);
		return 0;
	}
	double t0 = log_now_ms();
	const char *id = PQgetvalue(res, 0, 0), *attempt = PQgetvalue(res, 0, 1);
	struct mime_msg m = {
		.from_address = srv->from_address, .from_name = srv->from_name,
		.to_address = PQgetvalue(res, 0, 2), .to_name = PQgetvalue(res, 0, 3),
		.reply_to = srv->reply_to, .subject = PQgetvalue(res, 0, 4),
		.text = PQgetvalue(res, 0, 5), .html = PQgetvalue(res, 0, 6),
		.message_id = PQgetvalue(res, 0, 7), .date = time(NULL),
	};
	struct buf msg;
	buf_init(&msg);
	struct send_state s = { .msg = &msg, .stopping = stopping };
	char err[1024] = "";
	const char *outcome;
	if (mime_build(&msg, &m) != 0) {
		outcome = "dead";
		snprintf(err, sizeof(err), "the message cannot be built: a header value or the from address is not allowed");
	} else {
		outcome = smtp_send(h, srv, m.to_address, &s, err, sizeof(err));
	}
	buf_free(&msg);
	double ms = log_now_ms() - t0;
	const char *params[] = { id, attempt, outcome, s.reply, *err ? err : NULL };
	PGresult *done = PQexecParams(c, "SELECT core.mail_result($1::bigint, $2::int, $3, $4, $5)", 5, NULL,
	    params, NULL, NULL, 0);
	int ok = PQresultStatus(done) == PGRES_TUPLES_OK;
	if (ok && !PQgetisnull(done, 0, 0))
		outcome = PQgetvalue(done, 0, 0);   /* a retry a day old is dead */
	fprintf(stderr, "{\"time\":%ld,\"program\":\"hearth-worker\",\"level\":\"%s\",\"msg\":\"mail\","
	    "\"outcome\":\"%s\",\"message\":%lld,\"ms\":%.1f}\n", (long)time(NULL),
	    strcmp(outcome, "sent") == 0 ? "info" : "warn", outcome, strtoll(id, NULL, 10), ms);
	if (!ok)
		mail_say("result", PQerrorMessage(c));
	PQclear(done);
	PQclear(res);
	return ok ? 1 : -1;
}

int
worker_mail_send_due(PGconn *c, volatile sig_atomic_t *stopping)
{
	static int curl_ready;
	if (!curl_ready && curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK)
		curl_ready = 1;
	struct arena *a = arena_new();
	struct mail_server srv;
	int n = server_get(c, a, &srv), sent = 0;
	CURL *h = n == 1 && curl_ready ? curl_easy_init() : NULL;
	double t0 = log_now_ms();
	while (n == 1 && h != NULL && !*stopping && sent < MAIL_BATCH && log_now_ms() - t0 < MAIL_SLICE_MS) {
		n = send_one(c, h, &srv, stopping);
		sent += n == 1;
	}
	if (h != NULL)
		curl_easy_cleanup(h);               /* QUIT */
	arena_free(a);
	if (n < 0)
		return -1;
	return n == 1 && !*stopping ? 1 : 0;    /* the slice ended with more perhaps due */
}
