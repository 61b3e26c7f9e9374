/* netguard: where a server-side request that a user chose the target of
 * (a webhook URL) may go. Refused: loopback, private, link-local, CGNAT,
 * multicast, unspecified, reserved and documentation ranges, in IPv4 and
 * IPv6, including IPv4 addresses carried inside IPv6 (mapped, compatible,
 * NAT64, 6to4). Checked when the URL is saved and again on the address
 * the connection really goes to (DNS may answer otherwise the second
 * time: rebinding). */
#ifndef HEARTH_NETGUARD_H
#define HEARTH_NETGUARD_H

#include <stddef.h>
#include <sys/socket.h>

/* 1 when the address must not be reached, 0 when it is public. Any
 * family other than AF_INET/AF_INET6 is refused. */
int netguard_blocked(const struct sockaddr *sa);
/* The same for an address in text; -1 when text is not an IP address. */
int netguard_blocked_text(const char *text);
/* A webhook URL: http or https, a host, no user name or password, and
 * (unless allow_private) every address the host resolves to public.
 * 0 ok; -1 with a message for the person who typed it in why. */
int netguard_url_check(const char *url, int allow_private, char *why, size_t whylen);
/* The setting webhooks_allow_private (true only in the dev stack's
 * config, for tests with a receiver on loopback). */
int netguard_allow_private(void);

#endif
