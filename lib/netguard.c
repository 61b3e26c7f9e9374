/* netguard: the address classifier for server-side requests (SSRF). */
#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <curl/curl.h>
#include "config.h"
#include "netguard.h"

/* An IPv4 address (host order) in a refused range. */
static int
v4_blocked(uint32_t a)
{
	static const struct { uint32_t net; int bits; } ranges[] = {
		{ 0x00000000, 8 },   /* 0.0.0.0/8 "this network", unspecified */
		{ 0x0a000000, 8 },   /* 10/8 private */
		{ 0x64400000, 10 },  /* 100.64/10 carrier-grade NAT */
		{ 0x7f000000, 8 },   /* 127/8 loopback */
		{ 0xa9fe0000, 16 },  /* 169.254/16 link-local (cloud metadata) */
		{ 0xac100000, 12 },  /* 172.16/12 private */
		{ 0xc0000000, 24 },  /* 192.0.0/24 IETF protocol assignments */
		{ 0xc0000200, 24 },  /* 192.0.2/24 documentation */
		{ 0xc0586300, 24 },  /* 192.88.99/24 6to4 relay anycast */
		{ 0xc0a80000, 16 },  /* 192.168/16 private */
		{ 0xc6120000, 15 },  /* 198.18/15 benchmarking */
		{ 0xc6336400, 24 },  /* 198.51.100/24 documentation */
		{ 0xcb007100, 24 },  /* 203.0.113/24 documentation */
		{ 0xe0000000, 4 },   /* 224/4 multicast */
		{ 0xf0000000, 4 },   /* 240/4 reserved, and the broadcast address */
	};
	for (size_t i = 0; i < sizeof(ranges) / sizeof(ranges[0]); i++) {
		uint32_t mask = ranges[i].bits ? ~0u << (32 - ranges[i].bits) : 0;
		if ((a & mask) == ranges[i].net)
			return 1;
	}
	return 0;
}

static uint32_t
v4_at(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static int
v6_blocked(const unsigned char b[16])
{
	static const unsigned char zero[16];
	static const unsigned char mapped[12] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff };
	static const unsigned char nat64[12] = { 0, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0 };
	if (memcmp(b, mapped, 12) == 0 || memcmp(b, nat64, 12) == 0)
		return v4_blocked(v4_at(b + 12));    /* ::ffff:a.b.c.d, 64:ff9b::a.b.c.d */
	if (memcmp(b, zero, 12) == 0)
		return 1;                            /* ::, ::1, IPv4-compatible ::a.b.c.d */
	if (b[0] == 0x20 && b[1] == 0x02)
		return v4_blocked(v4_at(b + 2));     /* 6to4 2002:aabb:ccdd:: */
	if ((b[0] & 0xfe) == 0xfc)
		return 1;                            /* fc00::/7 unique local */
	if (b[0] == 0xfe && (b[1] & 0xc0) == 0x80)
		return 1;                            /* fe80::/10 link-local */
	if (b[0] == 0xfe && (b[1] & 0xc0) == 0xc0)
		return 1;                            /* fec0::/10 old site-local */
	if (b[0] == 0xff)
		return 1;                            /* ff00::/8 multicast */
	if (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x0d && b[3] == 0xb8)
		return 1;                            /* 2001:db8::/32 documentation */
	if (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0 && b[3] == 0)
		return 1;                            /* 2001::/32 Teredo (a tunnel to anywhere) */
	if (b[0] == 0x01 && b[1] == 0 && memcmp(b + 2, zero, 6) == 0)
		return 1;                            /* 100::/64 discard */
	return 0;
}

int
netguard_blocked(const struct sockaddr *sa)
{
	if (sa == NULL)
		return 1;
	if (sa->sa_family == AF_INET)
		return v4_blocked(ntohl(((const struct sockaddr_in *)(const void *)sa)->sin_addr.s_addr));
	if (sa->sa_family == AF_INET6)
		return v6_blocked(((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr.s6_addr);
	return 1;
}

int
netguard_blocked_text(const char *text)
{
	struct sockaddr_in v4 = { .sin_family = AF_INET };
	struct sockaddr_in6 v6 = { .sin6_family = AF_INET6 };
	if (inet_pton(AF_INET, text, &v4.sin_addr) == 1)
		return netguard_blocked((struct sockaddr *)&v4);
	if (inet_pton(AF_INET6, text, &v6.sin6_addr) == 1)
		return netguard_blocked((struct sockaddr *)&v6);
	return -1;
}

int
netguard_allow_private(void)
{
	const char *v = config_get("webhooks_allow_private", "false");
	return strcasecmp(v, "true") == 0 || strcmp(v, "1") == 0 || strcasecmp(v, "yes") == 0;
}

/* Every address host resolves to is public: 0; -1 with why. */
static int
host_check(const char *host, char *why, size_t whylen)
{
	char bare[256];
	size_t n = strlen(host);
	if (n >= sizeof(bare))
		return snprintf(why, whylen, "The host name is too long."), -1;
	if (host[0] == '[' && n > 2 && host[n - 1] == ']') {    /* [v6] as in URLs */
		memcpy(bare, host + 1, n - 2);
		bare[n - 2] = '\0';
	} else {
		memcpy(bare, host, n + 1);
	}
	struct addrinfo hints = { .ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM }, *res = NULL;
	int rc = getaddrinfo(bare, NULL, &hints, &res);
	if (rc != 0 || res == NULL) {
		snprintf(why, whylen, "The host %s cannot be found (%s).", bare, gai_strerror(rc));
		return -1;
	}
	int blocked = 0;
	for (struct addrinfo *ai = res; ai && !blocked; ai = ai->ai_next)
		blocked = netguard_blocked(ai->ai_addr);
	freeaddrinfo(res);
	if (blocked) {
		snprintf(why, whylen, "This address is on a private, loopback or reserved network: "
		    "webhooks go to public addresses only.");
		return -1;
	}
	return 0;
}

int
netguard_url_check(const char *url, int allow_private, char *why, size_t whylen)
{
	CURLU *u = curl_url();
	char *scheme = NULL, *host = NULL, *user = NULL, *password = NULL;
	int ok = -1;
	if (u == NULL) {
		snprintf(why, whylen, "The URL cannot be checked now.");
		return -1;
	}
	if (curl_url_set(u, CURLUPART_URL, url, 0) != CURLUE_OK ||
	    curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) != CURLUE_OK ||
	    curl_url_get(u, CURLUPART_HOST, &host, 0) != CURLUE_OK) {
		snprintf(why, whylen, "Not a URL: write it in full, as https://example.com/hooks/hearth.");
		goto out;
	}
	if (strcasecmp(scheme, "http") != 0 && strcasecmp(scheme, "https") != 0) {
		snprintf(why, whylen, "Only http and https URLs can receive webhooks.");
		goto out;
	}
	if (curl_url_get(u, CURLUPART_USER, &user, 0) == CURLUE_OK ||
	    curl_url_get(u, CURLUPART_PASSWORD, &password, 0) == CURLUE_OK) {
		snprintf(why, whylen, "No user name or password in the URL: check the signature instead.");
		goto out;
	}
	if (!allow_private && host_check(host, why, whylen) != 0)
		goto out;
	ok = 0;
out:
	curl_free(scheme);
	curl_free(host);
	curl_free(user);
	curl_free(password);
	curl_url_cleanup(u);
	return ok;
}
