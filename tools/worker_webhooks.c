/* worker_webhooks: POSTs due webhook deliveries (sql/018) with libcurl.
 *
 * A round claims, through core.webhook_claim, up to WH_LANES subscriptions
 * that have due deliveries (a lease of WH_LEASE on each, so other workers
 * skip them) with up to WH_PER_LANE deliveries each, oldest event first.
 * Each subscription is a lane: its deliveries go one after the other, in
 * event order; the lanes run in parallel in one curl multi handle. A lane
 * stops at its first failure (the rest stay due, and go out in the next
 * round: under retries, later events overtake the failing one) and starts
 * no new delivery after WH_LANE_START_S, so it ends before its lease. Every
 * attempt's outcome is written by core.webhook_record right away, and
 * logged as one JSON line (the shape mtail reads).
 *
 * A worker killed mid-round leaves its leases to run out; the deliveries it
 * had not recorded are then due again and sent again with the same
 * Hearth-Delivery id (at least once: receivers dedupe on it).
 *
 * SSRF: only http and https, no redirects, no proxy from the environment,
 * and the address curl connects to (after its own DNS lookup) is checked
 * in the open-socket callback, unless webhooks_allow_private is set. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <curl/curl.h>
#include "crypto.h"
#include "netguard.h"
#include "worker_webhooks.h"

#define WH_LANES          16     /* subscriptions served at once by a worker */
#define WH_PER_LANE       100    /* deliveries of one subscription per round (an outbox batch) */
#define WH_LEASE          "20 seconds"
#define WH_LANE_START_S   8.0    /* + WH_TIMEOUT_MS: a lane is done within its lease */
#define WH_CONNECT_MS     5000
#define WH_TIMEOUT_MS     10000
#define WH_BODY_KEEP      1024   /* of the receiver's answer, for the delivery log */
#define WH_SECRET_MAX     128

struct lane {
	long long      sub;
	int            first, n, at;       /* rows [first, first + n) of the claim; at: the one in flight */
	unsigned char  secret[WH_SECRET_MAX];
	long           secret_len;          /* -1: it does not open */
	CURL          *easy;
	struct curl_slist *hdrs;
	char           resp[WH_BODY_KEEP + 1];
	size_t         resp_len;
	char           refused[INET6_ADDRSTRLEN];   /* the address the SSRF guard refused */
	char           errbuf[CURL_ERROR_SIZE];
	double         t0;
	int            done;
};

static char worker_id[96];
static int allow_private;

static double
mono_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1000.0 + (double)ts.tv_nsec / 1e6;
}

int
webhooks_init(void)
{
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
		fputs("{\"program\":\"hearth-worker\",\"level\":\"error\",\"msg\":\"curl_global_init failed\"}\n", stderr);
		return -1;
	}
	char host[64] = "";
	gethostname(host, sizeof(host) - 1);
	snprintf(worker_id, sizeof(worker_id), "%s:%ld", host, (long)getpid());
	allow_private = netguard_allow_private();
	return 0;
}

void
webhooks_cleanup(void)
{
	curl_global_cleanup();
}

/* The metrics line (docs/webhooks.md; mtail reads exactly this shape). */
static void
log_attempt(const char *outcome, long long sub, long long delivery, long status, double ms)
{
	fprintf(stderr, "{\"time\":%ld,\"program\":\"hearth-worker\",\"level\":\"%s\",\"msg\":\"webhook\","
	    "\"outcome\":\"%s\",\"subscription\":%lld,\"delivery\":%lld,\"status\":%ld,\"ms\":%.1f}\n",
	    (long)time(NULL), strcmp(outcome, "delivered") == 0 ? "info" : "warn", outcome, sub, delivery,
	    status, ms);
}

static void
log_error(const char *what, const char *detail)
{
	char msg[300];
	snprintf(msg, sizeof(msg), "%s: %s", what, detail ? detail : "");
	for (char *p = msg; *p; p++)
		if (*p == '"' || *p == '\\' || (unsigned char)*p < 0x20)
			*p = ' ';
	fprintf(stderr, "{\"time\":%ld,\"program\":\"hearth-worker\",\"level\":\"error\",\"msg\":\"%s\"}\n",
	    (long)time(NULL), msg);
}

static size_t
on_body(char *data, size_t size, size_t nmemb, void *userp)
{
	struct lane *l = userp;
	size_t n = size * nmemb, room = WH_BODY_KEEP - l->resp_len;
	size_t keep = n < room ? n : room;
	memcpy(l->resp + l->resp_len, data, keep);
	l->resp_len += keep;
	l->resp[l->resp_len] = '\0';
	return n;                              /* the rest is read and dropped */
}

/* The SSRF guard on the address curl is about to connect to. */
static curl_socket_t
on_open_socket(void *userp, curlsocktype purpose, struct curl_sockaddr *a)
{
	struct lane *l = userp;
	(void)purpose;
	if (!allow_private && netguard_blocked(&a->addr)) {
		const void *in = a->family == AF_INET6 ? (const void *)&((struct sockaddr_in6 *)(void *)&a->addr)->sin6_addr
		    : (const void *)&((struct sockaddr_in *)(void *)&a->addr)->sin_addr;
		if (!inet_ntop(a->family, in, l->refused, sizeof(l->refused)))
			strcpy(l->refused, "?");
		return CURL_SOCKET_BAD;
	}
	return socket(a->family, a->socktype, a->protocol);
}

/* The secret of a lane's subscription, opened with the configured key. */
static void
open_secret(struct lane *l, const char *sealed_hex)
{
	unsigned char key[32], in[WH_SECRET_MAX + CRYPTO_SEAL_OVERHEAD];
	char aad[48];
	l->secret_len = -1;
	if (sealed_hex[0] != '\\' || sealed_hex[1] != 'x')
		return;
	int n = crypto_unhex(in, sizeof(in), sealed_hex + 2);
	if (n < 0 || crypto_secret_key(key) != 0)
		return;
	snprintf(aad, sizeof(aad), "webhook:%lld", l->sub);
	l->secret_len = crypto_open(key, aad, strlen(aad), in, (size_t)n, l->secret, sizeof(l->secret));
	explicit_bzero(key, sizeof(key));
}

/* Starts the lane's delivery at row `at` of the claim. 0, or -1 when it
 * cannot be sent at all (the caller records that). */
static int
lane_start(CURLM *m, struct lane *l, PGresult *rows, int at)
{
	const char *url = PQgetvalue(rows, at, 2), *body = PQgetvalue(rows, at, 7);
	l->at = at;
	l->resp_len = 0;
	l->resp[0] = '\0';
	l->refused[0] = '\0';
	l->errbuf[0] = '\0';
	l->t0 = mono_ms();
	if (l->secret_len <= 0)
		return -1;
	char t[24], *msg, sig_hex[65], h[256];
	unsigned char sig[32];
	snprintf(t, sizeof(t), "%ld", (long)time(NULL));
	size_t blen = strlen(body);
	if ((msg = malloc(strlen(t) + 1 + blen + 1)) == NULL)
		return -1;
	sprintf(msg, "%s.%s", t, body);
	crypto_hmac_sha256(l->secret, (size_t)l->secret_len, msg, strlen(msg), sig);
	free(msg);
	crypto_hex(sig_hex, sig, 32);

	curl_slist_free_all(l->hdrs);
	l->hdrs = NULL;
	const char *fixed[] = { "Content-Type: application/json", "Expect:", NULL };
	for (int i = 0; fixed[i]; i++)
		l->hdrs = curl_slist_append(l->hdrs, fixed[i]);
	snprintf(h, sizeof(h), "Hearth-Event: %s", PQgetvalue(rows, at, 5));
	l->hdrs = curl_slist_append(l->hdrs, h);
	snprintf(h, sizeof(h), "Hearth-Delivery: %s", PQgetvalue(rows, at, 0));
	l->hdrs = curl_slist_append(l->hdrs, h);
	snprintf(h, sizeof(h), "Hearth-Signature: t=%s,v1=%s", t, sig_hex);
	l->hdrs = curl_slist_append(l->hdrs, h);

	if (l->easy == NULL && (l->easy = curl_easy_init()) == NULL)
		return -1;
	CURL *e = l->easy;
	curl_easy_setopt(e, CURLOPT_URL, url);
	curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(e, CURLOPT_PROXY, "");                  /* never an environment proxy */
	curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, (long)WH_CONNECT_MS);
	curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, (long)WH_TIMEOUT_MS);
	curl_easy_setopt(e, CURLOPT_USERAGENT, "Hearth-Webhooks/1");
	curl_easy_setopt(e, CURLOPT_HTTPHEADER, l->hdrs);
	curl_easy_setopt(e, CURLOPT_POSTFIELDS, body);             /* lives in rows until the round ends */
	curl_easy_setopt(e, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)blen);
	curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(e, CURLOPT_WRITEDATA, l);
	curl_easy_setopt(e, CURLOPT_OPENSOCKETFUNCTION, on_open_socket);
	curl_easy_setopt(e, CURLOPT_OPENSOCKETDATA, l);
	curl_easy_setopt(e, CURLOPT_ERRORBUFFER, l->errbuf);
	curl_easy_setopt(e, CURLOPT_PRIVATE, l);
	return curl_multi_add_handle(m, e) == CURLM_OK ? 0 : -1;
}

/* Writes one attempt; its outcome (delivered, retry, dead, stale) into
 * outcome. 0, or -1 on a database failure. */
static int
record(PGconn *c, long long delivery, int ok, long status, double ms, const char *error, const char *body,
       char outcome[16])
{
	char st[24], took[32];
	snprintf(st, sizeof(st), "%ld", status);
	snprintf(took, sizeof(took), "%.3f", ms);
	const char *p[7] = { NULL, ok ? "true" : "false", status > 0 ? st : NULL, took, error,
	                     body && *body ? body : NULL, worker_id };
	char id[24];
	snprintf(id, sizeof(id), "%lld", delivery);
	p[0] = id;
	PGresult *res = PQexecParams(c, "SELECT core.webhook_record($1, $2, $3, $4, $5, $6, $7)", 7, NULL, p,
	    NULL, NULL, 0);
	int rc = -1;
	if (PQresultStatus(res) == PGRES_TUPLES_OK && PQntuples(res) == 1) {
		snprintf(outcome, 16, "%s", PQgetvalue(res, 0, 0));
		rc = 0;
	} else {
		log_error("webhook_record", PQerrorMessage(c));
	}
	PQclear(res);
	return rc;
}

static int
release(PGconn *c, long long sub)
{
	char id[24];
	snprintf(id, sizeof(id), "%lld", sub);
	const char *p[2] = { id, worker_id };
	PGresult *res = PQexecParams(c, "SELECT core.webhook_release($1, $2)", 2, NULL, p, NULL, NULL, 0);
	int ok = PQresultStatus(res) == PGRES_TUPLES_OK;
	if (!ok)
		log_error("webhook_release", PQerrorMessage(c));
	PQclear(res);
	return ok ? 0 : -1;
}

/* The delivery in flight (or not started) ended: record it, then the
 * lane's next one or the lane's end. -1 on a database failure. */
static int
lane_finish(PGconn *c, CURLM *m, struct lane *l, PGresult *rows, CURLcode cc, int started,
            double round_t0, volatile sig_atomic_t *stopping, int *attempts)
{
	long status = 0;
	char error[CURL_ERROR_SIZE + 96] = "", outcome[16] = "";
	double ms = mono_ms() - l->t0;
	if (!started) {
		snprintf(error, sizeof(error), "The subscription's secret does not open (was secret_key changed?).");
	} else {
		curl_multi_remove_handle(m, l->easy);
		curl_easy_getinfo(l->easy, CURLINFO_RESPONSE_CODE, &status);
		if (l->refused[0])
			snprintf(error, sizeof(error), "Refused: %s is a private or reserved address (SSRF guard).",
			    l->refused);
		else if (cc != CURLE_OK)
			snprintf(error, sizeof(error), "%s%s%s", curl_easy_strerror(cc), l->errbuf[0] ? ": " : "",
			    l->errbuf);
		else if (status < 200 || status > 299)
			snprintf(error, sizeof(error), "HTTP %ld", status);
	}
	int ok = started && cc == CURLE_OK && status >= 200 && status <= 299;
	long long delivery = strtoll(PQgetvalue(rows, l->at, 0), NULL, 10);
	if (record(c, delivery, ok, status, ms, error[0] ? error : NULL, l->resp, outcome) != 0)
		return -1;
	(*attempts)++;
	if (strcmp(outcome, "stale") != 0)
		log_attempt(outcome, l->sub, delivery, status, ms);
	int next = l->at + 1;
	if (ok && next < l->first + l->n && !*stopping && mono_ms() - round_t0 < WH_LANE_START_S * 1000.0) {
		if (lane_start(m, l, rows, next) == 0)
			return 0;
		return lane_finish(c, m, l, rows, CURLE_OK, 0, round_t0, stopping, attempts);
	}
	l->done = 1;
	return release(c, l->sub);
}

int
webhooks_round(PGconn *c, volatile sig_atomic_t *stopping)
{
	char lanes_s[16], per_s[16];
	snprintf(lanes_s, sizeof(lanes_s), "%d", WH_LANES);
	snprintf(per_s, sizeof(per_s), "%d", WH_PER_LANE);
	const char *p[4] = { lanes_s, per_s, WH_LEASE, worker_id };
	PGresult *rows = PQexecParams(c,
	    "SELECT delivery_id, subscription_id, url, secret_sealed, event_id, event_type, attempts, body"
	    " FROM core.webhook_claim($1, $2, $3::interval, $4)", 4, NULL, p, NULL, NULL, 0);
	if (PQresultStatus(rows) != PGRES_TUPLES_OK) {
		log_error("webhook_claim", PQerrorMessage(c));
		PQclear(rows);
		return -1;
	}
	int nrows = PQntuples(rows);
	if (nrows == 0) {
		PQclear(rows);
		return 0;
	}
	/* Each attempt's outcome commits on its own; without waiting for its
	 * WAL flush (a PostgreSQL crash may lose the last few: those
	 * deliveries are sent again, which at least once allows). */
	PQclear(PQexec(c, "SET synchronous_commit = off"));
	double round_t0 = mono_ms();
	struct lane *lanes = calloc((size_t)nrows, sizeof(*lanes));
	CURLM *m = curl_multi_init();
	int nl = 0, attempts = 0, rc = 0;
	if (lanes == NULL || m == NULL) {
		log_error("webhooks", "out of memory");
		rc = -1;
		goto out;
	}
	for (int i = 0; i < nrows; i++) {                 /* rows come by subscription, then delivery */
		long long sub = strtoll(PQgetvalue(rows, i, 1), NULL, 10);
		if (nl == 0 || lanes[nl - 1].sub != sub) {
			struct lane *l = &lanes[nl++];
			l->sub = sub;
			l->first = i;
			open_secret(l, PQgetvalue(rows, i, 3));
		}
		lanes[nl - 1].n++;
	}
	curl_multi_setopt(m, CURLMOPT_MAX_HOST_CONNECTIONS, 0L);
	for (int i = 0; i < nl && rc == 0; i++)
		if (lane_start(m, &lanes[i], rows, lanes[i].first) != 0)
			rc = lane_finish(c, m, &lanes[i], rows, CURLE_OK, 0, round_t0, stopping, &attempts);
	for (;;) {
		int running = 0, finished = 0, open = 0;
		curl_multi_perform(m, &running);
		CURLMsg *msg;
		int left;
		while (rc == 0 && (msg = curl_multi_info_read(m, &left)) != NULL) {
			if (msg->msg != CURLMSG_DONE)
				continue;
			struct lane *l = NULL;
			curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, (char **)&l);
			rc = lane_finish(c, m, l, rows, msg->data.result, 1, round_t0, stopping, &attempts);
			finished = 1;
		}
		for (int i = 0; i < nl; i++)
			open += !lanes[i].done;
		if (rc != 0 || open == 0)
			break;
		if (!finished)                        /* a lane's next delivery starts at once */
			curl_multi_poll(m, NULL, 0, 100, NULL);
	}
out:
	for (int i = 0; i < nl; i++) {
		if (lanes[i].easy) {
			curl_multi_remove_handle(m, lanes[i].easy);
			curl_easy_cleanup(lanes[i].easy);
		}
		curl_slist_free_all(lanes[i].hdrs);
		explicit_bzero(lanes[i].secret, sizeof(lanes[i].secret));
	}
	if (m)
		curl_multi_cleanup(m);
	free(lanes);
	PQclear(rows);
	PQclear(PQexec(c, "RESET synchronous_commit"));
	return rc < 0 ? -1 : attempts;
}
