/*
 * route.c - from a request's path to its route in the table (capturing
 * the {..} segments), the Allow header of a path known under other
 * methods, and the checks of what a route accepts: its query parameters
 * and the media type of its body.
 */
#include "http_int.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "../text/text.h"

/* Matches path against pattern, capturing {..} segments. */
static int match(const char *pattern, const char *path, struct http_request *req,
		 int capture)
{
	int np = 0;
	const char *p = pattern, *u = path;
	while (*p && *u) {
		if (*p == '{') {
			const char *pe = strchr(p, '}');
			const char *ue = strchr(u, '/');
			if (!ue)
				ue = u + strlen(u);
			if (ue == u || np >= MAX_PARAMS)
				return 0;
			if (capture)
				req->params[np] = arena_strndup(req->arena, u, (size_t)(ue - u));
			np++;
			p = pe + 1;
			u = ue;
		} else if (*p == *u) {
			p++, u++;
		} else {
			return 0;
		}
	}
	return !*p && !*u;
}

const struct route *route_find(struct http_request *req, const char *path,
			       int *path_known)
{
	const struct http_options *o = &req->srv->opt;
	const char *method = strcmp(req->method, "HEAD") == 0 ? "GET" : req->method;
	*path_known = 0;
	for (int i = 0; i < o->nroutes; i++) {
		if (!match(o->routes[i].pattern, path, req, 0))
			continue;
		*path_known = 1;
		if (strcmp(o->routes[i].method, method) == 0) {
			match(o->routes[i].pattern, path, req, 1);
			return &o->routes[i];
		}
	}
	return NULL;
}

void route_allow(struct http_request *req, const char *path)
{
	const struct http_options *o = &req->srv->opt;
	char allow[128] = "";
	for (int i = 0; i < o->nroutes; i++)
		if (match(o->routes[i].pattern, path, req, 0)) {
			size_t n = strlen(allow);
			snprintf(allow + n, sizeof allow - n, "%s%s", n ? ", " : "",
				 o->routes[i].method);
		}
	http_add_header(req, "Allow", allow);
}

struct query_check {
	const struct route *route;
	struct kesu_err *err;
	int bad;
};

static enum MHD_Result check_query_arg(void *cls, enum MHD_ValueKind kind,
				       const char *key, const char *value)
{
	(void)kind;
	struct query_check *q = cls;
	int known = 0;
	for (int i = 0; q->route->query && q->route->query[i]; i++)
		if (strcmp(q->route->query[i], key) == 0)
			known = 1;
	if (!known) {
		kesu_fail(q->err, KE_UNKNOWN_FIELD, key, "is not a known query parameter");
		q->bad = 1;
		return MHD_NO;
	}
	if (value && !text_utf8_valid(value, strlen(value))) {
		kesu_fail(q->err, KE_INVALID_UTF8, key, "must be valid UTF-8");
		q->bad = 1;
		return MHD_NO;
	}
	return MHD_YES;
}

int route_query_ok(struct http_request *req, struct kesu_err *err)
{
	struct query_check q = {req->route, err, 0};
	MHD_get_connection_values(req->conn, MHD_GET_ARGUMENT_KIND, check_query_arg, &q);
	return q.bad ? -(int)err->code : 0;
}

int route_json_type_ok(const char *ct)
{
	if (!ct)
		return 0;
	size_t n = strlen("application/json");
	if (strncasecmp(ct, "application/json", n) != 0)
		return 0;
	const char *rest = ct + n;
	while (*rest == ' ')
		rest++;
	if (!*rest)
		return 1;
	if (*rest != ';')
		return 0;
	const char *cs = strcasestr(rest, "charset=");
	if (!cs)
		return 1;
	cs += 8;
	if (*cs == '"')
		cs++;
	return strncasecmp(cs, "utf-8", 5) == 0;
}

int route_multipart_type_ok(const char *ct)
{
	return ct && strncasecmp(ct, "multipart/form-data", 19) == 0 &&
	       (ct[19] == ';' || ct[19] == ' ') && strcasestr(ct, "boundary=");
}
