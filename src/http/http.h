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
#include "../util/workers.h"

struct http_request;
struct http_server;

/* Handler results. */
#define HTTP_DONE 0
#define HTTP_DEFERRED 1

typedef int (*http_handler)(struct http_request *req);

/* Who may call a route: flags, and the permission (enum perm in
 * src/auth/roles.h) a signed-in caller needs. */
enum route_flags {
	R_PUBLIC = 1 << 0, /* no credentials at all */
	R_PORTAL = 1 << 1, /* a customer with tracking number and portal token;
			      the handler checks the token */
	R_SETUP = 1 << 2,  /* allowed while a session must still set up its
			      second factor */
	R_UPLOAD = 1 << 3, /* a multipart/form-data body of up to HTTP_UPLOAD_MAX */
};

/* The largest file an upload route takes. */
#define HTTP_UPLOAD_MAX (10 * 1024 * 1024)

struct route {
	const char *method;
	const char *pattern;	   /* "/api/v1/complaints/{id}" */
	http_handler handler;
	unsigned flags;
	uint32_t perm;		   /* needed by staff (0 with R_PUBLIC/R_PORTAL) */
	int json_body;		   /* needs a JSON request body */
	const char *const *query;  /* allowed query parameters, NULL-terminated */
	const char *summary;	   /* for `kesu routes` and the docs test */
};

/* The caller of a staff route, set before the handler runs. */
#define PRINCIPAL_TEAMS 16
struct principal {
	int64_t user_id;
	char username[64];
	int role;	 /* enum role */
	uint32_t perms;	 /* the role's, narrowed by a token's scope */
	int64_t teams[PRINCIPAL_TEAMS];
	int nteams;
	int64_t token_id;   /* 0 unless signed in with an API token */
	int64_t session_id; /* 0 unless signed in with a session cookie */
	char scope[8];
	int setup_only;	    /* must set up a second factor before anything else */
	int64_t expires_at; /* when the session or token ends; 0: never */
	char actor[96];	    /* as written in the timeline */
};

/* The reverse proxies whose X-Forwarded-For is believed (proxy.c):
 * addresses and networks, "127.0.0.1", "10.0.0.0/8", "::1", "fd00::/8". */
#define HTTP_PROXIES_MAX 32
struct http_net {
	unsigned char addr[16]; /* IPv4 in the first 4 bytes */
	int family;		/* 4 or 6 */
	int bits;
};
struct http_proxies {
	struct http_net nets[HTTP_PROXIES_MAX];
	int n;
};
/* Adds the comma-separated addresses and networks of list to *p. On error
 * returns KE_USAGE with err naming the entry; *p keeps what came before. */
int http_proxies_parse(const char *list, struct http_proxies *p, struct kesu_err *err);
/* 1 if address (text, IPv4, IPv6 or IPv4-mapped IPv6) is one of p's. */
int http_proxies_has(const struct http_proxies *p, const char *address);
/* The client's address of a request from peer with X-Forwarded-For xff
 * (NULL: none): peer itself unless peer is a trusted proxy; then, walking
 * xff from the right, the first address that is not a trusted proxy (a
 * malformed entry ends the walk at the last proxy seen). */
void http_client_of(const struct http_proxies *p, const char *peer, const char *xff, char *out,
		    size_t size);

struct http_options {
	const char *listen; /* "127.0.0.1:8080", "[::1]:8080"; port 0 picks one */
	int threads;
	const struct route *routes;
	int nroutes;
	struct store *store;
	int access_log;
	/* The origin browsers use to reach kesu ("https://kesu.example.com");
	 * NULL: same origin as the Host header. https makes cookies Secure. */
	const char *public_url;
	int per_ip_connections; /* 0: default */
	int max_connections;	/* 0: default (HTTP_CONNECTIONS) */
	int work_threads;	/* for http_offload; 0: half the CPUs */
	/* NULL or empty: X-Forwarded-For is ignored, the peer is the client */
	const struct http_proxies *trusted_proxies;
};

/* Connections served at once unless told otherwise; fewer if the process
 * may not open that many files. */
#define HTTP_CONNECTIONS 4096

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
/* The route being served. */
const struct route *http_route(struct http_request *req);
/* The request method ("GET"). */
const char *http_method(struct http_request *req);
/* The client's address ("127.0.0.1"): the peer's, or behind a trusted
 * proxy the one X-Forwarded-For names (see http_client_of). */
const char *http_address(struct http_request *req);
/* A cookie the request carries, or NULL. */
const char *http_cookie(struct http_request *req, const char *name);
/* The server's options (public URL for cookies). */
const struct http_options *http_options_of(struct http_request *req);
/* A reader connection for this request, released with the request. */
struct store_conn *http_reader(struct http_request *req, struct kesu_err *err);

/* Parses the body as JSON. NULL with err set (malformed, invalid UTF-8,
 * empty). The request owns the result. */
json_t *http_body_json(struct http_request *req, struct kesu_err *err);
/* The length of the request body; 0 when there is none. */
size_t http_body_len(const struct http_request *req);
/* One part of a multipart/form-data body; data is NUL-terminated after
 * len bytes. */
struct http_part {
	const char *name, *filename, *content_type;
	const char *data;
	size_t len;
};
#define HTTP_PARTS_MAX 16
/* Parses an upload route's body into at most max parts (in the request's
 * arena). Returns 0, or KE_INVALID_VALUE / KE_MEDIA_TYPE. */
int http_body_parts(struct http_request *req, struct http_part *parts, int max, int *n,
		    struct kesu_err *err);
/* The SHA-256 of the body bytes. */
void http_body_hash(struct http_request *req, unsigned char out[32]);

/* Replies; these take ownership of body and return HTTP_DONE. */
int http_reply_json(struct http_request *req, int status, json_t *body);
int http_reply_error(struct http_request *req, const struct kesu_err *err);
/* The first error of err as the API writes it: {code, field, reason,
 * params, message} (a bulk or macro step's refusal). */
json_t *http_error_json(const struct kesu_err *err);
int http_reply_status(struct http_request *req, int status);
/* The Content-Security-Policy of this reply instead of the API's (which lets
 * nothing run or load): for the web pages kesu serves. */
void http_set_csp(struct http_request *req, const char *policy);
/* status with bytes of content_type (copied), shown as they are: only for
 * what kesu made itself (a chart). */
int http_reply_bytes(struct http_request *req, int status, const char *content_type,
		     const void *data, size_t len);
/* 200 with bytes to save, never to show: Content-Disposition attachment
 * with filename (UTF-8), nosniff and a sandboxing CSP. data is copied. */
/* Opens the caller's live stream (text/event-stream), replaying the events
 * after last_event_id (may be NULL) that are still kept; refuses with 429
 * past STREAM_MAX_PER_USER streams of the caller, 503 past STREAM_MAX_ALL. */
#define STREAM_MAX_PER_USER 8
#define STREAM_MAX_ALL 1024
int http_reply_stream(struct http_request *req, const char *last_event_id);

/* Presence on a complaint (presence.c): who has it open now, and who is
 * typing on it, kept in the store so that every node sees it. A page says
 * it is there at least every PRESENCE_TTL_MS or is forgotten. */
#define PRESENCE_TTL_MS 40000
#define PRESENCE_MAX 4096	     /* people on complaints, all told */
#define PRESENCE_PER_COMPLAINT 32 /* people on one complaint */
#define PRESENCE_PER_USER 16	     /* complaints one user is on */
#define PRESENCE_CHANGES_KEPT 5000 /* changes kept for the nodes' streams */
struct presence_of {
	int64_t id, team_id;
	const char *tracking_no;
};
/* Records, through the writer, that the caller, shown as name, is on
 * complaint c now, editing or only viewing, and replies 200 with the
 * others on it ({"items": [...]}); a change of who is there or of who is
 * editing is told on the live streams of every node to those who may read
 * c. A caller already on PRESENCE_PER_USER complaints leaves the one
 * longest silent. Past PRESENCE_PER_COMPLAINT or PRESENCE_MAX it replies
 * 503 (Retry-After: 15) and changes nothing. */
int http_presence_set(struct http_request *req, const struct presence_of *c, const char *name,
		      int editing);
/* The caller leaves complaint c (nothing if not on it); replies 204. */
int http_presence_leave(struct http_request *req, const struct presence_of *c);
/* The others on complaint complaint_id now, earliest first: a new array of
 * {user, name, editing, since}; NULL with err if the store cannot say. */
json_t *http_presence_json(struct http_request *req, int64_t complaint_id, struct kesu_err *err);
/* The scheduler's part (on the writer): forgets the pages that went
 * silent, telling the others, and the changes the streams have seen. */
int presence_tick(struct store_conn *c, int64_t now, struct kesu_err *err);

int http_reply_download(struct http_request *req, const char *content_type,
			const void *data, size_t len, const char *filename);
/* Adds a response header (copied). */
void http_add_header(struct http_request *req, const char *name, const char *value);

/* Sets the session cookie (value NULL clears it). */
void http_set_session_cookie(struct http_request *req, const char *value, int max_age_s);

/* Suspends the request, submits job to the writer, and returns
 * HTTP_DEFERRED. The job's done must be http_job_done; finish runs on a
 * server thread once the job's outcome is final and must reply. */
int http_defer(struct http_request *req, struct store_job *job,
	       int (*finish)(struct http_request *req, struct store_job *job));
void http_job_done(struct store_job *job);

/* Runs job on the server's worker threads (CPU-bound work: a password
 * hash) with the connection suspended, holding neither a server thread
 * nor a reader; finish then runs on a server thread and replies, or
 * defers again. job's done and ctx are set here. If every place in the
 * workers' queue is taken, answers 503 with Retry-After at once instead.
 * Returns HTTP_DEFERRED or HTTP_DONE. */
int http_offload(struct http_request *req, struct work_job *job,
		 int (*finish)(struct http_request *req, struct work_job *job));
/* As http_offload, on threads of their own for work that takes seconds
 * (drawing a PDF's preview): sign-ins never wait behind it. */
int http_offload_slow(struct http_request *req, struct work_job *job,
		      int (*finish)(struct http_request *req, struct work_job *job));

/* Time the request has run so far, in milliseconds. */
double http_elapsed_ms(struct http_request *req);

/* For GET /metrics (metrics.c): the requests answered so far by route and
 * status, and their times, as the text format's samples with their HELP
 * and TYPE lines; and the server's gauges now. */
struct metrics_out;
void http_requests_write(struct http_request *req, struct metrics_out *o);
struct http_gauges {
	int connections, streams;
	double started_unix, uptime; /* seconds */
};
void http_gauges(struct http_request *req, struct http_gauges *out);

#endif
