/* test_netguard: the webhook address classifier (lib/netguard.c): every
 * refused range of IPv4 and IPv6, IPv4 carried inside IPv6, public
 * addresses let through, and the URL check (scheme, credentials, private
 * hosts refused unless allowed). Only literal addresses and "localhost":
 * no DNS outside the machine. */
#include "fixtures.h"
#include <string.h>
#include "config.h"
#include "netguard.h"

static void
refused_v4(void **state)
{
	(void)state;
	const char *v[] = {
		"0.0.0.0", "0.1.2.3", "10.0.0.1", "10.255.255.255", "100.64.0.1", "100.127.255.254",
		"127.0.0.1", "127.255.0.9", "169.254.169.254", "172.16.0.1", "172.31.255.255",
		"192.0.0.8", "192.0.2.1", "192.168.1.1", "198.18.0.1", "198.19.255.1", "198.51.100.7",
		"203.0.113.9", "224.0.0.1", "239.255.255.250", "240.0.0.1", "255.255.255.255",
	};
	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		if (netguard_blocked_text(v[i]) != 1)
			fail_msg("%s should be refused", v[i]);
	}
}

static void
public_v4(void **state)
{
	(void)state;
	const char *v[] = {
		"1.1.1.1", "8.8.8.8", "9.255.255.255", "11.0.0.1", "100.63.255.255", "100.128.0.1",
		"126.255.255.255", "128.0.0.1", "169.253.1.1", "172.15.255.255", "172.32.0.1",
		"192.0.1.1", "192.167.1.1", "192.169.0.1", "198.17.255.255", "198.20.0.1", "223.255.255.254",
	};
	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		if (netguard_blocked_text(v[i]) != 0)
			fail_msg("%s should be allowed", v[i]);
	}
}

static void
refused_v6(void **state)
{
	(void)state;
	const char *v[] = {
		"::", "::1", "::ffff:127.0.0.1", "::ffff:10.1.2.3", "::ffff:169.254.169.254", "::127.0.0.1",
		"64:ff9b::10.0.0.1", "2002:7f00:1::", "2002:c0a8:101::1", "fc00::1", "fd12:3456::1",
		"fe80::1", "febf::1", "fec0::1", "ff02::1", "ff05::1:3", "2001:db8::1", "2001:0:4136:e378::1",
		"100::1",
	};
	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		if (netguard_blocked_text(v[i]) != 1)
			fail_msg("%s should be refused", v[i]);
	}
}

static void
public_v6(void **state)
{
	(void)state;
	const char *v[] = {
		"2606:4700:4700::1111", "2a00:1450:4001:80b::200e", "::ffff:8.8.8.8", "64:ff9b::808:808",
		"2002:808:808::1", "2001:4860::8888", "fbff::1", "fe00::1",
	};
	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		if (netguard_blocked_text(v[i]) != 0)
			fail_msg("%s should be allowed", v[i]);
	}
}

static void
not_an_address(void **state)
{
	(void)state;
	assert_int_equal(netguard_blocked_text("example.com"), -1);
	assert_int_equal(netguard_blocked_text("127.1"), -1);
	assert_int_equal(netguard_blocked_text(""), -1);
	struct sockaddr other = { .sa_family = AF_UNIX };
	assert_int_equal(netguard_blocked(&other), 1);
	assert_int_equal(netguard_blocked(NULL), 1);
}

static void
urls(void **state)
{
	(void)state;
	char why[256];
	/* Private targets: refused unless allowed (the dev stack's setting). */
	const char *priv[] = {
		"http://127.0.0.1:8080/hook", "http://localhost/hook", "https://[::1]/x", "http://10.0.0.5/",
		"http://169.254.169.254/latest/meta-data/", "http://[::ffff:192.168.0.1]/", "http://0x7f000001/",
		"http://2130706433/", "http://0177.0.0.1/",
	};
	for (size_t i = 0; i < sizeof(priv) / sizeof(priv[0]); i++) {
		why[0] = '\0';
		if (netguard_url_check(priv[i], 0, why, sizeof(why)) != -1)
			fail_msg("%s should be refused", priv[i]);
		assert_non_null(strstr(why, "private"));
		assert_int_equal(netguard_url_check(priv[i], 1, why, sizeof(why)), 0);
	}
	/* Never a URL, whatever the setting. */
	const char *bad[] = {
		"ftp://example.com/", "file:///etc/passwd", "gopher://127.0.0.1/", "example.com/hook",
		"https://user:pw@example.com/", "", "http://",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (netguard_url_check(bad[i], 1, why, sizeof(why)) != -1)
			fail_msg("%s should be refused", bad[i]);
	}
	/* A public literal address needs no DNS. */
	assert_int_equal(netguard_url_check("https://93.184.216.34/hooks", 0, why, sizeof(why)), 0);
}

static void
setting(void **state)
{
	(void)state;
	config_clear();
	assert_int_equal(netguard_allow_private(), 0);
	config_set("webhooks_allow_private", "true");
	assert_int_equal(netguard_allow_private(), 1);
	config_set("webhooks_allow_private", "false");
	assert_int_equal(netguard_allow_private(), 0);
	config_clear();
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(refused_v4),
		cmocka_unit_test(public_v4),
		cmocka_unit_test(refused_v6),
		cmocka_unit_test(public_v6),
		cmocka_unit_test(not_an_address),
		cmocka_unit_test(urls),
		cmocka_unit_test(setting),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
