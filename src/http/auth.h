/*
 * auth.h - who is asking: bearer tokens checked against the store.
 */
#ifndef KESU_AUTH_H
#define KESU_AUTH_H

#include "http.h"

/* Authenticates the request's bearer token and checks that its scope allows
 * access. Returns 0 and fills p, or KE_UNAUTHORIZED (no or bad token),
 * KE_FORBIDDEN (scope too small) or KE_UNAVAILABLE (store down). */
int auth_check(struct http_request *req, enum route_access access,
	       struct principal *p, struct kesu_err *err);

/* 1 if a token of scope may do what access requires. */
int auth_scope_allows(const char *scope, enum route_access access);

#endif
