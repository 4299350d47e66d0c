/*
 * route.c - from a request's path to its route in the table (capturing
 * the {..} segments), the Allow header of a path known under other
 * methods, and the checks of what a route accepts: its query parameters
 * and the media type of its body; and the checks of a request's framing,
 * which must be unambiguous before any body is read.
 */
#include "http_int.h"

#include <ctype.h>
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

struct framing {
	int content_length, transfer_encoding, host;
	const char *te, *bad_name;
};

/* RFC 9110's token characters, which a header name is made of. */
static int is_tchar(unsigned char c)
{
	return isalnum(c) || (c && strchr("!#$%&'*+-.^_`|~", c));
}

static enum MHD_Result count_header(void *cls, enum MHD_ValueKind kind, const char *key,
				    const char *value)
{
	(void)kind;
	struct framing *f = cls;
	if (strcasecmp(key, MHD_HTTP_HEADER_CONTENT_LENGTH) == 0)
		f->content_length++;
	else if (strcasecmp(key, MHD_HTTP_HEADER_TRANSFER_ENCODING) == 0)
		f->transfer_encoding++, f->te = value;
	else if (strcasecmp(key, MHD_HTTP_HEADER_HOST) == 0)
		f->host++;
	for (const unsigned char *k = (const unsigned char *)key; *k && !f->bad_name; k++)
		if (!is_tchar(*k))
			f->bad_name = key;
	if (!*key && !f->bad_name)
		f->bad_name = key;
	return MHD_YES;
}

int route_framing_ok(struct http_request *req, const char *version, struct kesu_err *err)
{
	struct framing f = {0};
	MHD_get_connection_values(req->conn, MHD_HEADER_KIND, count_header, &f);
	/* A front proxy and kesu must agree on where a request ends: when
	 * two lengths, or a length and chunks, could each be believed, one
	 * side may run the rest of a body as a request of its own. */
	if (f.bad_name)
		return kesu_fail(err, KE_INVALID_VALUE, f.bad_name,
				 "is not a valid header name (no spaces or controls, nothing before the colon)");
	if (f.content_length > 1)
		return kesu_fail(err, KE_INVALID_VALUE, MHD_HTTP_HEADER_CONTENT_LENGTH,
				 "must appear at most once");
	if (f.transfer_encoding && f.content_length)
		return kesu_fail(err, KE_INVALID_VALUE, MHD_HTTP_HEADER_TRANSFER_ENCODING,
				 "cannot come with Content-Length");
	if (f.transfer_encoding > 1 || (f.te && strcasecmp(f.te, "chunked") != 0))
		return kesu_fail(err, KE_INVALID_VALUE, MHD_HTTP_HEADER_TRANSFER_ENCODING,
				 "must be chunked, once");
	if (strcmp(version, MHD_HTTP_VERSION_1_1) == 0 && f.host != 1)
		return kesu_fail(err, KE_INVALID_VALUE, MHD_HTTP_HEADER_HOST,
				 f.host ? "must appear only once" : "is required in HTTP/1.1");
	return 0;
}
