/*
 * http_int.h - what the files of the HTTP layer share and nothing else
 * sees: the server and the request as libmicrohttpd's callbacks keep
 * them (server.c), and the route matching and request checks of route.c.
 * Handlers see only http.h.
 */
#ifndef KESU_HTTP_INT_H
#define KESU_HTTP_INT_H

#include "http.h"

#include <microhttpd.h>
#include <pthread.h>
#include <stdatomic.h>
#include <time.h>

#define MAX_PARAMS 4
#define MAX_HEADERS 12

/* A connection as the slow-client reaper sees it. */
struct conn_track {
	int fd;
	int64_t since;	   /* ms: waiting for a whole request since; 0 while one is handled */
	int64_t credit_ms; /* more time earned by the body bytes received */
	int shut;	   /* the reaper has shut it down */
	struct conn_track *prev, *next;
};

struct http_server {
	struct MHD_Daemon *d;
	struct http_options opt;
	atomic_int inflight; /* requests begun before shutdown and not completed */
	atomic_int stopping;
	char hsts; /* public URL is https */
	pthread_mutex_t track_mu;
	struct conn_track *tracked;
	int ntracked;
	int conn_limit; /* connections libmicrohttpd takes at once */
	pthread_t reaper;
	atomic_int reaper_stop;
	struct workers *workers; /* http_offload's */
	struct workers *slow;	 /* http_offload_slow's */
	struct stream_hub *hub;	 /* the live stream's (stream.c) */
	struct http_counts *counts;	 /* requests by route and status (metrics.c) */
};

enum req_state { RS_NEW, RS_READING, RS_DEFERRED, RS_FINISHED };

struct http_request {
	struct conn_track *track;
	struct http_server *srv;
	struct MHD_Connection *conn;
	struct arena *arena;
	enum req_state state;
	const char *method;
	const char *url;
	const struct route *route;
	char *params[MAX_PARAMS];
	char *body;
	size_t body_len, body_cap;
	int body_too_large;
	struct kesu_err early; /* an error found before dispatch */
	int has_early;
	int counted; /* in srv->inflight */
	struct principal principal;
	int staff; /* principal is a signed-in member of staff */
	struct store_conn *reader;
	json_t *json;
	/* reply */
	int status;
	char *reply;
	size_t reply_len;
	const char *reply_type; /* NULL: JSON */
	const char *csp;	/* NULL: nothing may run or load (an API reply) */
	const char *hdr_name[MAX_HEADERS];
	const char *hdr_value[MAX_HEADERS];
	int nhdr;
	/* deferred */
	struct store_job *job;
	int (*finish)(struct http_request *, struct store_job *);
	struct work_job *work; /* offloaded, or NULL */
	int (*work_finish)(struct http_request *, struct work_job *);
	struct stream_sub *stream; /* the live stream this request opened */
	struct timespec t0;
	char address[48];
};

/* --- request.c -------------------------------------------------------- */

/* Sets req->address from the socket's peer and, when the peer is a trusted
 * proxy, every X-Forwarded-For header of the request, in order. */
void request_client_address(struct http_request *req, const char *peer);

/* --- route.c: from a path to a route, and the checks of a request ----- */

/* The route of req's method (HEAD as GET) whose pattern matches path, its
 * {..} segments captured into req->params; NULL if none. *path_known says
 * whether a route of another method matches path. */
const struct route *route_find(struct http_request *req, const char *path,
			       int *path_known);
/* Adds the Allow header: the methods of the routes that match path. */
void route_allow(struct http_request *req, const char *path);
/* 0 if every query parameter of req is one its route allows, in UTF-8;
 * else KE_UNKNOWN_FIELD or KE_INVALID_UTF8 naming it. */
int route_query_ok(struct http_request *req, struct kesu_err *err);
/* 1 if the Content-Type ct (may be NULL) is JSON in UTF-8. */
int route_json_type_ok(const char *ct);
/* 1 if the Content-Type ct (may be NULL) is multipart/form-data with a
 * boundary. */
int route_multipart_type_ok(const char *ct);
/* 0 if the request's framing is unambiguous: header names are tokens, at
 * most one Content-Length, no Content-Length with Transfer-Encoding, only
 * Transfer-Encoding: chunked, and one Host in HTTP/1.1 (version as
 * libmicrohttpd gives it). Else KE_INVALID_VALUE naming the header. */
int route_framing_ok(struct http_request *req, const char *version, struct kesu_err *err);

/* --- stream.c: the live stream --------------------------------------- */

struct stream_hub;
struct stream_sub;
/* A hub reading store's new events (none read when store is NULL); freed
 * with stream_hub_free after stream_hub_end_all and the daemon's stop. */
struct stream_hub *stream_hub_new(struct store *store);
/* Ends every open stream (they finish and close). */
void stream_hub_end_all(struct stream_hub *h);
void stream_hub_free(struct stream_hub *h);
/* The response of a request that opened a stream (req->stream, which the
 * response then owns). */
struct MHD_Response *stream_response(struct http_request *req);
/* Writes text (whole SSE events, without an id: nothing replays them) to
 * the open streams whose caller may read a complaint of team_id. */
void stream_hub_tell(struct stream_hub *h, int64_t team_id, const char *text);
/* The streams open now. */
int stream_hub_count(struct stream_hub *h);

/* --- metrics.c: requests by route and status, for GET /metrics -------- */

struct http_counts;
/* Counts for the server's nroutes routes (and requests of none), started
 * now; NULL without memory (nothing is counted). */
struct http_counts *http_counts_new(int nroutes);
void http_counts_free(struct http_counts *k);
/* Counts req as answered with req->status after the time it has taken. */
void http_count(struct http_request *req);

/* --- presence.c: who is on which complaint ---------------------------- */

/* The people on complaint complaint_id but user except, earliest first (a
 * new array), heard of within PRESENCE_TTL_MS of now; NULL with err. */
json_t *presence_people(struct store_conn *c, int64_t complaint_id, int64_t except, int64_t now,
			struct kesu_err *err);
/* Tells the streams of h that may read the complaint of change ch who is
 * on it now. */
void presence_announce(struct stream_hub *h, struct store_conn *c,
		       const struct presence_change *ch, int64_t now);

#endif
