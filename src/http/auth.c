/*
 * auth.c - bearer-token authentication. Tokens are looked up by their
 * SHA-256; the token itself is never stored or logged.
 */
#include "auth.h"

#include <string.h>
#include <strings.h>

#include "../util/clock.h"
#include "../util/ids.h"

#define TOKEN_MAX 256

int auth_scope_allows(const char *scope, enum route_access access)
{
	int level = strcmp(scope, "admin") == 0 ? ACCESS_ADMIN
		    : strcmp(scope, "write") == 0 ? ACCESS_WRITE
		    : strcmp(scope, "read") == 0  ? ACCESS_READ
						  : ACCESS_PUBLIC;
	return level >= (int)access;
}

int auth_check(struct http_request *req, enum route_access access,
	       struct principal *p, struct kesu_err *err)
{
	const char *h = http_header(req, "Authorization");
	if (!h)
		return kesu_fail(err, KE_UNAUTHORIZED, "Authorization",
				 "a bearer token is required (Authorization: Bearer <token>)");
	if (strncasecmp(h, "Bearer ", 7) != 0)
		return kesu_fail(err, KE_UNAUTHORIZED, "Authorization",
				 "only bearer tokens are accepted");
	const char *tok = h + 7;
	while (*tok == ' ')
		tok++;
	size_t n = strlen(tok);
	while (n && tok[n - 1] == ' ')
		n--;
	if (n == 0 || n > TOKEN_MAX)
		return kesu_fail(err, KE_UNAUTHORIZED, "Authorization",
				 "the bearer token is not valid");
	char buf[TOKEN_MAX + 1];
	memcpy(buf, tok, n);
	buf[n] = '\0';
	unsigned char hash[TOKEN_HASH_LEN];
	ids_token_hash(buf, hash);
	memset(buf, 0, sizeof buf);
	struct store_conn *c = http_reader(req, err);
	if (!c)
		return -err->code;
	int rc = store_token_lookup(c, hash, clock_now_ms(), p, err);
	if (rc == -KE_UNAUTHORIZED)
		kesu_fail(err, KE_UNAUTHORIZED, "Authorization",
			  "the bearer token is not valid, expired or revoked");
	if (rc)
		return rc;
	if (!auth_scope_allows(p->scope, access))
		return kesu_fail(err, KE_FORBIDDEN, "",
				 "this token's scope (%s) does not allow this", p->scope);
	return 0;
}
