/*
 * http.h - the HTTP layer: libmicrohttpd glue, the route table's shape,
 * authentication, and JSON replies. Handlers in src/api see only this.
 *
 * A handler runs when the whole request body has arrived, after the route
 * was matched, the caller authenticated and the query parameters checked.
 * It either replies at once (http_reply_*) or hands a store job to the
 * writer with http_defer(): the connection is suspended without holding a
 * thread, and `finish` builds the reply once the job is durable.
 */
#ifndef KESU_HTTP_H
#define KESU_HTTP_H

#include <jansson.h>
#include <stdint.h>

#include "../store/store.h"
#include "../util/arena.h"
#include "../util/err.h"

struct http_request;
struct http_server;

/* Handler results. */
#define HTTP_DONE 0
#define HTTP_DEFERRED 1

typedef int (*http_handler)(struct http_request *req);

enum route_access {
	ACCESS_PUBLIC, /* no token needed */
	ACCESS_READ,   /* a token with scope read, write or admin */
	ACCESS_WRITE,  /* scope write or admin */
	ACCESS_ADMIN,
};

struct route {
	const char *method;
	const char *pattern;	   /* "/api/v1/complaints/{id}" */
	http_handler handler;
	enum route_access access;
	int json_body;		   /* needs a JSON request body */
	const char *const *query;  /* allowed query parameters, NULL-terminated */
	const char *summary;	   /* for `kesu routes` and the docs test */
};

struct http_options {
	const char *listen; /* "127.0.0.1:8080", "[::1]:8080"; port 0 picks one */
	int threads;
	const struct route *routes;
	int nroutes;
	struct store *store;
	int access_log;
};

/* Binds the address and starts serving. On error (address in use, bad
 * address) returns a negative code with err saying which. *bound receives
 * the actual "host:port". */
int http_start(const struct http_options *opt, struct http_server **out,
	       char *bound, size_t bound_size, struct kesu_err *err);
/* Stops accepting, lets in-flight requests finish (up to grace_ms), and
 * stops. */
void http_stop(struct http_server *srv, int grace_ms);

/* Request accessors. Strings stay valid until the reply is sent. */
struct arena *http_arena(struct http_request *req);
struct store *http_store(struct http_request *req);
const struct principal *http_principal(struct http_request *req);
const char *http_param(struct http_request *req, int i); /* {..} in the path */
const char *http_query(struct http_request *req, const char *name);
const char *http_header(struct http_request *req, const char *name);
/* A reader connection for this request, released with the request. */
struct store_conn *http_reader(struct http_request *req, struct kesu_err *err);

/* Parses the body as JSON. NULL with err set (malformed, invalid UTF-8,
 * empty). The request owns the result. */
json_t *http_body_json(struct http_request *req, struct kesu_err *err);
/* The SHA-256 of the body bytes. */
void http_body_hash(struct http_request *req, unsigned char out[32]);

/* Replies; these take ownership of body and return HTTP_DONE. */
int http_reply_json(struct http_request *req, int status, json_t *body);
int http_reply_error(struct http_request *req, const struct kesu_err *err);
int http_reply_status(struct http_request *req, int status);
/* Adds a response header (copied). */
void http_add_header(struct http_request *req, const char *name, const char *value);

/* Suspends the request, submits job to the writer, and returns
 * HTTP_DEFERRED. The job's done must be http_job_done; finish runs on a
 * server thread once the job's outcome is final and must reply. */
int http_defer(struct http_request *req, struct store_job *job,
	       int (*finish)(struct http_request *req, struct store_job *job));
void http_job_done(struct store_job *job);

/* Time the request has run so far, in milliseconds. */
double http_elapsed_ms(struct http_request *req);

#endif
