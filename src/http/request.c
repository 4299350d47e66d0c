/*
 * request.c - the request as a handler sees it: what the path, query,
 * headers and cookies hold, who is asking, a reader of the store, and
 * the body (as JSON, its length, its hash).
 */
#include "http_int.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "../text/text.h"
#include "../util/ids.h"

struct arena *http_arena(struct http_request *req) { return req->arena; }
struct store *http_store(struct http_request *req) { return req->srv->opt.store; }
const struct principal *http_principal(struct http_request *req) { return &req->principal; }

const char *http_method(struct http_request *req) { return req->method; }
const struct route *http_route(struct http_request *req) { return req->route; }
const char *http_address(struct http_request *req) { return req->address; }
const struct http_options *http_options_of(struct http_request *req) { return &req->srv->opt; }

struct xff {
	char buf[1024];
	size_t len;
	int overflow;
};

static enum MHD_Result add_xff(void *cls, enum MHD_ValueKind kind, const char *key,
			       const char *value)
{
	struct xff *x = cls;
	(void)kind;
	if (strcasecmp(key, "X-Forwarded-For") != 0 || !value)
		return MHD_YES;
	size_t n = strlen(value);
	if (x->len + n + 2 > sizeof x->buf) {
		x->overflow = 1;
		return MHD_NO;
	}
	if (x->len)
		x->buf[x->len++] = ',';
	memcpy(x->buf + x->len, value, n + 1);
	x->len += n;
	return MHD_YES;
}

void request_client_address(struct http_request *req, const char *peer)
{
	const struct http_proxies *p = req->srv->opt.trusted_proxies;
	if (!p || !p->n || !http_proxies_has(p, peer)) {
		snprintf(req->address, sizeof req->address, "%s", peer);
		return;
	}
	/* Several headers are one list, in order (RFC 9110, 5.3). A list too
	 * long to keep is a client padding it: its right end is still what
	 * the proxies wrote, but not kept, so the proxy is the client. */
	struct xff x = {.len = 0};
	MHD_get_connection_values(req->conn, MHD_HEADER_KIND, add_xff, &x);
	http_client_of(p, peer, x.len && !x.overflow ? x.buf : NULL, req->address,
		       sizeof req->address);
}

const char *http_cookie(struct http_request *req, const char *name)
{
	return MHD_lookup_connection_value(req->conn, MHD_COOKIE_KIND, name);
}

const char *http_param(struct http_request *req, int i)
{
	return i >= 0 && i < MAX_PARAMS ? req->params[i] : NULL;
}

const char *http_query(struct http_request *req, const char *name)
{
	return MHD_lookup_connection_value(req->conn, MHD_GET_ARGUMENT_KIND, name);
}

const char *http_header(struct http_request *req, const char *name)
{
	return MHD_lookup_connection_value(req->conn, MHD_HEADER_KIND, name);
}

struct store_conn *http_reader(struct http_request *req, struct kesu_err *err)
{
	if (!req->reader)
		req->reader = store_reader_get(req->srv->opt.store, err);
	return req->reader;
}

double http_elapsed_ms(struct http_request *req)
{
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	return (double)(now.tv_sec - req->t0.tv_sec) * 1e3 +
	       (double)(now.tv_nsec - req->t0.tv_nsec) / 1e6;
}

json_t *http_body_json(struct http_request *req, struct kesu_err *err)
{
	if (req->json)
		return req->json;
	if (!req->body_len) {
		kesu_fail(err, KE_MALFORMED_JSON, "", "the request body is empty; a JSON object is expected");
		return NULL;
	}
	if (!text_utf8_valid(req->body, req->body_len)) {
		kesu_fail(err, KE_INVALID_UTF8, "", "the request body is not valid UTF-8");
		return NULL;
	}
	json_error_t je;
	/* Any JSON value parses, so that a non-object body is reported as the
	 * wrong type; NUL is let through to be refused with the field's name. */
	req->json = json_loadb(req->body, req->body_len,
			       JSON_REJECT_DUPLICATES | JSON_DECODE_ANY | JSON_ALLOW_NUL, &je);
	if (!req->json) {
		kesu_fail(err, KE_MALFORMED_JSON, "", "malformed JSON at line %d column %d: %s",
			  je.line, je.column, je.text);
		return NULL;
	}
	return req->json;
}

size_t http_body_len(const struct http_request *req)
{
	return req->body_len;
}

void http_body_hash(struct http_request *req, unsigned char out[32])
{
	char *copy = arena_strndup(req->arena, req->body ? req->body : "", req->body_len);
	ids_token_hash(copy, out);
}
