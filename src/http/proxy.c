/*
 * proxy.c - who the client is behind a reverse proxy. A proxy's own
 * address says nothing of its clients, so the per-address limits would
 * count every client as one; X-Forwarded-For says who they are, but any
 * client can send it, so it is believed only from the configured proxies,
 * and only its entries that those proxies appended (read from the right).
 */
#include "http.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Parses an address ("10.1.2.3", "::1", "::ffff:10.1.2.3" taken as IPv4). */
static int parse_addr(const char *s, size_t len, struct http_net *out)
{
	char buf[INET6_ADDRSTRLEN + 1];
	while (len && (*s == ' ' || *s == '\t'))
		s++, len--;
	while (len && (s[len - 1] == ' ' || s[len - 1] == '\t'))
		len--;
	if (len == 0 || len >= sizeof buf)
		return -1;
	memcpy(buf, s, len);
	buf[len] = '\0';
	memset(out, 0, sizeof *out);
	if (inet_pton(AF_INET, buf, out->addr) == 1) {
		out->family = 4;
		out->bits = 32;
		return 0;
	}
	if (inet_pton(AF_INET6, buf, out->addr) == 1) {
		static const unsigned char mapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
		if (memcmp(out->addr, mapped, 12) == 0) {
			memmove(out->addr, out->addr + 12, 4);
			memset(out->addr + 4, 0, 12);
			out->family = 4;
			out->bits = 32;
		} else {
			out->family = 6;
			out->bits = 128;
		}
		return 0;
	}
	return -1;
}

static int in_net(const struct http_net *net, const struct http_net *a)
{
	if (net->family != a->family)
		return 0;
	int full = net->bits / 8, rest = net->bits % 8;
	if (memcmp(net->addr, a->addr, (size_t)full) != 0)
		return 0;
	if (!rest)
		return 1;
	unsigned char mask = (unsigned char)(0xff << (8 - rest));
	return (net->addr[full] & mask) == (a->addr[full] & mask);
}

int http_proxies_parse(const char *list, struct http_proxies *p, struct kesu_err *err)
{
	const char *s = list;
	for (;;) {
		size_t len = strcspn(s, ",");
		char entry[80];
		snprintf(entry, sizeof entry, "%.*s", (int)(len < 79 ? len : 79), s);
		char *slash = strchr(entry, '/');
		struct http_net net;
		long bits = -1;
		if (slash) {
			char *end;
			*slash = '\0';
			bits = strtol(slash + 1, &end, 10);
			if (end == slash + 1 || *end)
				bits = -2;
		}
		if (len == 0 || len > 79 || parse_addr(entry, strlen(entry), &net))
			return kesu_fail(err, KE_USAGE, "trusted-proxy",
					 "'%.*s' is not an address or a network (10.0.0.0/8)",
					 (int)len, s);
		if (bits != -1 && (bits < 0 || bits > net.bits))
			return kesu_fail(err, KE_USAGE, "trusted-proxy",
					 "'%.*s': the prefix length must be 0 to %d", (int)len, s,
					 net.bits);
		if (bits >= 0)
			net.bits = (int)bits;
		if (p->n == HTTP_PROXIES_MAX)
			return kesu_fail(err, KE_USAGE, "trusted-proxy",
					 "at most %d addresses or networks", HTTP_PROXIES_MAX);
		p->nets[p->n++] = net;
		s += len;
		if (!*s)
			return 0;
		s++;
	}
}

static int trusted(const struct http_proxies *p, const struct http_net *a)
{
	for (int i = 0; p && i < p->n; i++)
		if (in_net(&p->nets[i], a))
			return 1;
	return 0;
}

int http_proxies_has(const struct http_proxies *p, const char *address)
{
	struct http_net a;
	return address && !parse_addr(address, strlen(address), &a) && trusted(p, &a);
}

void http_client_of(const struct http_proxies *p, const char *peer, const char *xff, char *out,
		    size_t size)
{
	snprintf(out, size, "%s", peer);
	if (!xff || !http_proxies_has(p, peer))
		return;
	/* from the right: each entry was appended by the hop before it, and
	 * only trusted hops are believed */
	size_t end = strlen(xff);
	while (end > 0) {
		size_t start = end;
		while (start > 0 && xff[start - 1] != ',')
			start--;
		struct http_net a;
		if (parse_addr(xff + start, end - start, &a))
			return;
		char text[INET6_ADDRSTRLEN];
		inet_ntop(a.family == 4 ? AF_INET : AF_INET6, a.addr, text, sizeof text);
		snprintf(out, size, "%s", text);
		if (!trusted(p, &a))
			return;
		end = start ? start - 1 : 0;
	}
}
