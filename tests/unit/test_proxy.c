/*
 * test_proxy.c - the client's address behind trusted proxies
 * (src/http/proxy.c).
 */
#include "unit.h"

#include "http/http.h"

static struct http_proxies proxies(const char *list)
{
	struct http_proxies p = {.n = 0};
	struct kesu_err err = {0};
	assert_int_equal(http_proxies_parse(list, &p, &err), 0);
	return p;
}

static const char *client(const struct http_proxies *p, const char *peer, const char *xff)
{
	static char out[48];
	http_client_of(p, peer, xff, out, sizeof out);
	return out;
}

static void addresses_and_networks_are_parsed(void **state)
{
	(void)state;
	struct http_proxies p = proxies("127.0.0.1,10.0.0.0/8, fd00::/8");
	assert_int_equal(p.n, 3);
	assert_true(http_proxies_has(&p, "127.0.0.1"));
	assert_false(http_proxies_has(&p, "127.0.0.2"));
	assert_true(http_proxies_has(&p, "10.200.3.4"));
	assert_false(http_proxies_has(&p, "11.0.0.1"));
	assert_true(http_proxies_has(&p, "fd12::1"));
	assert_false(http_proxies_has(&p, "fe80::1"));
	/* an IPv4 peer seen on an IPv6 socket is the same peer */
	assert_true(http_proxies_has(&p, "::ffff:10.1.1.1"));
	struct kesu_err err = {0};
	struct http_proxies q = {.n = 0};
	assert_int_not_equal(http_proxies_parse("10.0.0.0/33", &q, &err), 0);
	assert_string_equal(err.field, "trusted-proxy");
	assert_int_not_equal(http_proxies_parse("proxy.example", &q, &err), 0);
	assert_int_not_equal(http_proxies_parse("10.0.0.1,", &q, &err), 0);
	assert_int_not_equal(http_proxies_parse("10.0.0.0/", &q, &err), 0);
}

static void only_a_trusted_peer_is_believed(void **state)
{
	(void)state;
	struct http_proxies p = proxies("127.0.0.1,10.0.0.0/8");
	assert_string_equal(client(&p, "127.0.0.1", "203.0.113.7"), "203.0.113.7");
	/* anyone else's header is ignored */
	assert_string_equal(client(&p, "198.51.100.9", "203.0.113.7"), "198.51.100.9");
	/* no proxies configured: the header is ignored from everyone */
	struct http_proxies none = {.n = 0};
	assert_string_equal(client(&none, "127.0.0.1", "203.0.113.7"), "127.0.0.1");
	assert_string_equal(client(&p, "127.0.0.1", NULL), "127.0.0.1");
}

static void the_rightmost_untrusted_entry_is_the_client(void **state)
{
	(void)state;
	struct http_proxies p = proxies("127.0.0.1,10.0.0.0/8");
	/* what the client wrote itself stands left of what the proxies added */
	assert_string_equal(client(&p, "127.0.0.1", "1.2.3.4, 203.0.113.7"), "203.0.113.7");
	/* proxies in a chain are walked past */
	assert_string_equal(client(&p, "127.0.0.1", "203.0.113.7, 10.1.2.3,10.9.9.9"),
			    "203.0.113.7");
	assert_string_equal(client(&p, "127.0.0.1", " 2001:db8::1 "), "2001:db8::1");
	/* a malformed entry ends the walk at the last proxy seen */
	assert_string_equal(client(&p, "127.0.0.1", "203.0.113.7, unknown"), "127.0.0.1");
	assert_string_equal(client(&p, "127.0.0.1", "203.0.113.7,, 10.0.0.5"), "10.0.0.5");
	assert_string_equal(client(&p, "127.0.0.1", ""), "127.0.0.1");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(addresses_and_networks_are_parsed),
		cmocka_unit_test(only_a_trusted_peer_is_believed),
		cmocka_unit_test(the_rightmost_untrusted_entry_is_the_client),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
