/*
 * server.c - libmicrohttpd glue: the request lifecycle from first byte to
 * reply (the route found by route.c), body limits, the replies,
 * suspension for deferred writes, slow clients, and graceful shutdown.
 */
#include "http_int.h"

#include <arpa/inet.h>
#include <errno.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <pthread.h>
#include <unistd.h>

#include "../util/clock.h"
#include "../util/log.h"
#include "auth.h"

#define BODY_LIMIT (1024 * 1024)
#define UPLOAD_LIMIT (HTTP_UPLOAD_MAX + 64 * 1024) /* a file and its form around it */
#define REQUEST_DEADLINE_MS 10000 /* to send a request, headers and body, or close */
#define MIN_BODY_RATE 8192	   /* bytes a second: each earns its time past the deadline */
#define PER_IP_CONNECTIONS 64
#define REAPER_TICK_MS 100
#define FD_RESERVE 256 /* files besides connections: database, logs, uploads */
#define WORK_QUEUE_PER_THREAD 16 /* offloaded jobs waiting: about 1 s of hashes */
#define SLOW_THREADS 2		 /* work of seconds at a time (a PDF's preview) */
#define SLOW_QUEUE 4		 /* and waiting: more is a 503 at once */
#define CONNECTION_MEMORY (32 * 1024) /* bounds the request headers */

/* --- replies ------------------------------------------------------------- */

void http_set_session_cookie(struct http_request *req, const char *value, int max_age_s)
{
	char c[256];
	const char *pub = req->srv->opt.public_url;
	int secure = pub && strncasecmp(pub, "https:", 6) == 0;
	snprintf(c, sizeof c, "kesu_session=%s; Path=/; HttpOnly; SameSite=Strict; Max-Age=%d%s",
		 value ? value : "", value ? max_age_s : 0, secure ? "; Secure" : "");
	http_add_header(req, "Set-Cookie", c);
	memset(c, 0, sizeof c);
}

void http_add_header(struct http_request *req, const char *name, const char *value)
{
	if (req->nhdr < MAX_HEADERS) {
		req->hdr_name[req->nhdr] = arena_strdup(req->arena, name);
		req->hdr_value[req->nhdr] = arena_strdup(req->arena, value);
		req->nhdr++;
	}
}

int http_reply_json(struct http_request *req, int status, json_t *body)
{
	req->status = status;
	free(req->reply);
	req->reply = NULL;
	req->reply_len = 0;
	if (body) {
		/* twelve significant digits: 0.991, not 0.99099999999999999 */
		req->reply = json_dumps(body, JSON_COMPACT | JSON_ENCODE_ANY | JSON_REAL_PRECISION(12));
		req->reply_len = req->reply ? strlen(req->reply) : 0;
		json_decref(body);
	}
	return HTTP_DONE;
}

int http_reply_bytes(struct http_request *req, int status, const char *content_type,
		     const void *data, size_t len)
{
	req->status = status;
	free(req->reply);
	req->reply = malloc(len ? len : 1);
	memcpy(req->reply, data, len);
	req->reply_len = len;
	req->reply_type = arena_strdup(req->arena, content_type);
	return HTTP_DONE;
}

void http_set_csp(struct http_request *req, const char *policy)
{
	req->csp = arena_strdup(req->arena, policy);
}

int http_reply_download(struct http_request *req, const char *content_type,
			const void *data, size_t len, const char *filename)
{
	http_reply_bytes(req, 200, content_type, data, len);
	/* a plain fallback name for old clients, the real one (UTF-8, percent
	 * encoded, RFC 6266) for the rest; never "inline" */
	char plain[80];
	size_t k = 0;
	for (const char *p = filename; *p && k < sizeof plain - 1; p++)
		plain[k++] = ((unsigned char)*p < 0x20 || (unsigned char)*p > 0x7e || *p == '"' ||
			      *p == '\\' || *p == '%' || *p == ';')
				     ? '_'
				     : *p;
	plain[k] = '\0';
	size_t n = strlen(filename);
	char *enc = arena_alloc(req->arena, n * 3 + 1), *e = enc;
	for (const unsigned char *p = (const unsigned char *)filename; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
		    strchr("-._~", *p))
			*e++ = (char)*p;
		else
			e += sprintf(e, "%%%02X", *p);
	}
	*e = '\0';
	http_add_header(req, "Content-Disposition",
			arena_printf(req->arena, "attachment; filename=\"%s\"; filename*=UTF-8''%s",
				     plain, enc));
	/* whatever the bytes are, a browser may neither run nor show them here */
	http_add_header(req, "Content-Security-Policy", "sandbox; default-src 'none'");
	return HTTP_DONE;
}

int http_reply_status(struct http_request *req, int status)
{
	return http_reply_json(req, status, NULL);
}

/* One error as the API writes it: {code, field, reason, params, message}. */
static json_t *fault_json(const struct kesu_fault *f)
{
	json_t *params = json_object();
	for (int i = 0; i < f->nparams; i++) {
		const struct kesu_param *p = &f->params[i];
		json_object_set_new(params, p->name,
				    p->is_num ? json_integer(p->num) : json_string(p->text));
	}
	return json_pack("{s:s,s:s,s:s,s:o,s:s}", "code", kesu_code_name(f->code), "field",
			 f->field, "reason", kesu_reason_name(f->reason, f->code), "params",
			 params, "message", f->message[0] ? f->message : kesu_code_name(f->code));
}

json_t *http_error_json(const struct kesu_err *err)
{
	struct kesu_fault f;
	kesu_err_get(err, 0, &f);
	return fault_json(&f);
}

int http_reply_error(struct http_request *req, const struct kesu_err *err)
{
	int status = kesu_code_http(err->code);
	if (status < 400)
		status = 500;
	/* "error" is the first, "errors" every one: all the fields of a form */
	json_t *all = json_array();
	int n = kesu_err_count(err);
	struct kesu_fault f;
	for (int i = 0; i < (n ? n : 1); i++) {
		kesu_err_get(err, i, &f);
		json_array_append_new(all, fault_json(&f));
	}
	if (err->code == KE_UNAUTHORIZED)
		http_add_header(req, "WWW-Authenticate", "Bearer realm=\"kesu\"");
	return http_reply_json(req, status,
			       json_pack("{s:O,s:o}", "error", json_array_get(all, 0), "errors", all));
}

static void track_set(struct http_request *req, int64_t since);

static enum MHD_Result queue_reply(struct http_request *req)
{
	track_set(req, 0); /* an early reply reads no body; the rest is sending */
	struct MHD_Response *r;
	if (req->stream) {
		r = stream_response(req);
		goto headers;
	}
	r = MHD_create_response_from_buffer(
		req->reply_len, req->reply ? req->reply : (void *)"",
		req->reply ? MHD_RESPMEM_MUST_FREE : MHD_RESPMEM_PERSISTENT);
	req->reply = NULL; /* owned by the response now */
	if (req->reply_len || req->reply_type)
		MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE,
					req->reply_type ? req->reply_type
							: "application/json; charset=utf-8");
headers:
	MHD_add_response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
	/* The API never serves a page: nothing may be framed, scripted or
	 * loaded from its responses. */
	MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(r, "Content-Security-Policy",
				req->csp ? req->csp
					 : "default-src 'none'; frame-ancestors 'none'; base-uri 'none';"
					   " form-action 'none'");
	MHD_add_response_header(r, "X-Frame-Options", "DENY");
	MHD_add_response_header(r, "Referrer-Policy", "no-referrer");
	MHD_add_response_header(r, "Cross-Origin-Resource-Policy", "same-origin");
	MHD_add_response_header(r, "Cross-Origin-Opener-Policy", "same-origin");
	MHD_add_response_header(r, "Permissions-Policy", "camera=(), microphone=(), geolocation=()");
	if (req->srv->hsts)
		MHD_add_response_header(r, "Strict-Transport-Security", "max-age=31536000");
	for (int i = 0; i < req->nhdr; i++)
		MHD_add_response_header(r, req->hdr_name[i], req->hdr_value[i]);
	/* Only signed-in staff learn how long the server took: on public and
	 * portal routes the time tells a tracking number that exists from
	 * one that does not. */
	if (req->staff) {
		char timing[48];
		snprintf(timing, sizeof timing, "app;dur=%.3f", http_elapsed_ms(req));
		MHD_add_response_header(r, "Server-Timing", timing);
	}
	http_count(req);
	enum MHD_Result ok = MHD_queue_response(req->conn, (unsigned)req->status, r);
	MHD_destroy_response(r);
	req->state = RS_FINISHED;
	return ok;
}

/* --- body and dispatch ---------------------------------------------------- */

static size_t body_limit(const struct http_request *req)
{
	return req->route && (req->route->flags & R_UPLOAD) ? UPLOAD_LIMIT : BODY_LIMIT;
}

static void body_append(struct http_request *req, const char *data, size_t n)
{
	if (req->body_too_large)
		return;
	if (req->body_len + n > body_limit(req)) {
		req->body_too_large = 1;
		return;
	}
	if (req->body_len + n > req->body_cap) {
		size_t cap = req->body_cap ? req->body_cap : 4096;
		while (cap < req->body_len + n)
			cap *= 2;
		req->body = realloc(req->body, cap);
		req->body_cap = cap;
	}
	memcpy(req->body + req->body_len, data, n);
	req->body_len += n;
}

/* Everything between the complete request and the handler. */
static int dispatch(struct http_request *req)
{
	struct kesu_err err = {0};
	if (req->has_early)
		return http_reply_error(req, &req->early);
	const struct route *r = req->route;
	if (auth_origin(req, &err))
		return http_reply_error(req, &err);
	if (!(r->flags & (R_PUBLIC | R_PORTAL))) {
		if (auth_staff(req, r, &req->principal, &err))
			return http_reply_error(req, &err);
		req->staff = 1;
	}
	if (route_query_ok(req, &err))
		return http_reply_error(req, &err);
	if (req->body_too_large) {
		kesu_fail(&err, KE_BODY_TOO_LARGE, "", "the request body exceeds %zu bytes",
			  body_limit(req));
		return http_reply_error(req, &err);
	}
	if ((r->flags & R_UPLOAD) &&
	    !route_multipart_type_ok(http_header(req, MHD_HTTP_HEADER_CONTENT_TYPE))) {
		kesu_fail(&err, KE_MEDIA_TYPE, "Content-Type", "must be multipart/form-data");
		return http_reply_error(req, &err);
	}
	if (r->json_body && !route_json_type_ok(http_header(req, MHD_HTTP_HEADER_CONTENT_TYPE))) {
		kesu_fail(&err, KE_MEDIA_TYPE, "Content-Type",
			  "must be application/json (UTF-8)");
		return http_reply_error(req, &err);
	}
	return r->handler(req);
}

int http_defer(struct http_request *req, struct store_job *job,
	       int (*finish)(struct http_request *req, struct store_job *job))
{
	req->job = job;
	req->finish = finish;
	req->state = RS_DEFERRED;
	/* A waiting request holds no reader, so the pool stays as small as the
	 * number of server threads. */
	if (req->reader) {
		store_reader_put(req->reader);
		req->reader = NULL;
	}
	job->ctx = req;
	job->done = http_job_done;
	MHD_suspend_connection(req->conn);
	store_submit(req->srv->opt.store, job);
	return HTTP_DEFERRED;
}

void http_job_done(struct store_job *job)
{
	struct http_request *req = job->ctx;
	MHD_resume_connection(req->conn);
}

static void work_done(struct work_job *job)
{
	struct http_request *req = job->ctx;
	MHD_resume_connection(req->conn);
}

static int offload(struct http_request *req, struct workers *pool, struct work_job *job,
		   int (*finish)(struct http_request *req, struct work_job *job))
{
	if (workers_reserve(pool)) {
		/* Queueing more would only make everyone wait longer. */
		struct kesu_err err = {0};
		http_add_header(req, "Retry-After", "1");
		kesu_fail(&err, KE_UNAVAILABLE, "", "the server is busy; try again in a second");
		return http_reply_error(req, &err);
	}
	req->work = job;
	req->work_finish = finish;
	req->state = RS_DEFERRED;
	if (req->reader) {
		store_reader_put(req->reader);
		req->reader = NULL;
	}
	job->ctx = req;
	job->done = work_done;
	MHD_suspend_connection(req->conn);
	workers_submit(pool, job);
	return HTTP_DEFERRED;
}

int http_offload(struct http_request *req, struct work_job *job,
		 int (*finish)(struct http_request *req, struct work_job *job))
{
	return offload(req, req->srv->workers, job, finish);
}

int http_offload_slow(struct http_request *req, struct work_job *job,
		      int (*finish)(struct http_request *req, struct work_job *job))
{
	return offload(req, req->srv->slow, job, finish);
}

/* --- libmicrohttpd callbacks --------------------------------------------- */

static void client_address(const struct sockaddr *sa, char *out, size_t size)
{
	if (sa->sa_family == AF_INET)
		inet_ntop(AF_INET, &((const struct sockaddr_in *)sa)->sin_addr, out,
			  (socklen_t)size);
	else if (sa->sa_family == AF_INET6)
		inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)sa)->sin6_addr, out,
			  (socklen_t)size);
	else
		snprintf(out, size, "?");
}

/* Slow clients: libmicrohttpd's timeout counts only silence, so a client
 * that sends its request a byte at a time could hold a connection for
 * ever. Every connection is tracked from accept; while none of its
 * requests is being handled, it has REQUEST_DEADLINE_MS to send a whole
 * request, headers and body, plus 1 s for every MIN_BODY_RATE bytes of
 * body received, or the reaper shuts its socket (libmicrohttpd then closes
 * it as usual). The socket is only closed after NOTIFY_CLOSED, which takes
 * the same lock, so the reaper never touches a reused descriptor. */
static void on_connection(void *cls, struct MHD_Connection *conn, void **socket_context,
			  enum MHD_ConnectionNotificationCode toe)
{
	struct http_server *srv = cls;
	if (toe == MHD_CONNECTION_NOTIFY_STARTED) {
		const union MHD_ConnectionInfo *ci =
			MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CONNECTION_FD);
		struct conn_track *t = calloc(1, sizeof *t);
		t->fd = ci ? ci->connect_fd : -1;
		t->since = clock_now_ms();
		pthread_mutex_lock(&srv->track_mu);
		t->next = srv->tracked;
		if (t->next)
			t->next->prev = t;
		srv->tracked = t;
		srv->ntracked++;
		pthread_mutex_unlock(&srv->track_mu);
		*socket_context = t;
	} else if (toe == MHD_CONNECTION_NOTIFY_CLOSED && *socket_context) {
		struct conn_track *t = *socket_context;
		pthread_mutex_lock(&srv->track_mu);
		if (t->prev)
			t->prev->next = t->next;
		else
			srv->tracked = t->next;
		if (t->next)
			t->next->prev = t->prev;
		srv->ntracked--;
		pthread_mutex_unlock(&srv->track_mu);
		free(t);
		*socket_context = NULL;
	}
}

/* Marks req's connection as waiting for a request since `since` (ms), or
 * as being handled (0). */
static void track_set(struct http_request *req, int64_t since)
{
	if (!req->track)
		return;
	pthread_mutex_lock(&req->srv->track_mu);
	req->track->since = since;
	req->track->credit_ms = 0;
	pthread_mutex_unlock(&req->srv->track_mu);
}

static void track_body(struct http_request *req, size_t n)
{
	if (!req->track)
		return;
	pthread_mutex_lock(&req->srv->track_mu);
	req->track->credit_ms += (int64_t)n * 1000 / MIN_BODY_RATE;
	pthread_mutex_unlock(&req->srv->track_mu);
}

static void reap(struct conn_track *t)
{
	shutdown(t->fd, SHUT_RDWR);
	t->shut = 1;
}

static int older_first(const void *a, const void *b)
{
	int64_t x = (*(struct conn_track *const *)a)->since;
	int64_t y = (*(struct conn_track *const *)b)->since;
	return (x > y) - (x < y);
}

/* One look at every connection, under track_mu: those past their deadline
 * are shut. When the connections come near the limit (many clients, each
 * within its deadline, from many addresses), those that have waited
 * longest for their request are shut too, so that a new client (a health
 * probe, a person) still finds a free place: libmicrohttpd accepts none
 * while at its limit. Requests being handled are never shut. */
static void reap_once(struct http_server *srv, int64_t now)
{
	int waiting = 0, shut = 0;
	for (struct conn_track *t = srv->tracked; t; t = t->next) {
		if (!t->shut && t->since && t->fd >= 0 &&
		    now - t->since > REQUEST_DEADLINE_MS + t->credit_ms)
			reap(t);
		if (t->shut)
			shut++; /* closing: its place is as good as free */
		else if (t->since && t->fd >= 0)
			waiting++;
	}
	int open = srv->ntracked - shut;
	int high = srv->conn_limit - srv->conn_limit / 4, low = srv->conn_limit / 2;
	if (open <= high || !waiting)
		return;
	struct conn_track **v = malloc(sizeof *v * (size_t)waiting);
	if (!v)
		return;
	int n = 0;
	for (struct conn_track *t = srv->tracked; t && n < waiting; t = t->next)
		if (t->since && !t->shut && t->fd >= 0)
			v[n++] = t;
	qsort(v, (size_t)n, sizeof *v, older_first);
	for (int i = 0; i < n && open > low; i++, open--)
		reap(v[i]);
	free(v);
}

static void *reaper_main(void *arg)
{
	struct http_server *srv = arg;
	while (!atomic_load(&srv->reaper_stop)) {
		struct timespec ts = {0, REAPER_TICK_MS * 1000 * 1000};
		nanosleep(&ts, NULL);
		int64_t now = clock_now_ms();
		pthread_mutex_lock(&srv->track_mu);
		reap_once(srv, now);
		pthread_mutex_unlock(&srv->track_mu);
	}
	return NULL;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn,
				  const char *url, const char *method,
				  const char *version, const char *upload_data,
				  size_t *upload_data_size, void **con_cls)
{
	struct http_server *srv = cls;
	struct http_request *req = *con_cls;
	if (!req) {
		req = calloc(1, sizeof *req);
		clock_gettime(CLOCK_MONOTONIC, &req->t0);
		req->srv = srv;
		req->conn = conn;
		req->arena = arena_new();
		req->method = method;
		req->url = arena_strdup(req->arena, url);
		req->state = RS_READING;
		*con_cls = req;
		const union MHD_ConnectionInfo *ci =
			MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
		if (ci && ci->client_addr) {
			char peer[48];
			client_address(ci->client_addr, peer, sizeof peer);
			request_client_address(req, peer);
		}
		/* The deadline goes on until the body has arrived too. */
		ci = MHD_get_connection_info(conn, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
		if (ci && ci->socket_context)
			req->track = ci->socket_context;
		/* Counted first, then checked: http_stop() sets stopping and then
		 * waits for the count to drop, so no request it missed can be
		 * suspended after it stopped waiting. */
		atomic_fetch_add(&srv->inflight, 1);
		req->counted = 1;
		if (atomic_load(&srv->stopping)) {
			atomic_fetch_sub(&srv->inflight, 1);
			req->counted = 0;
			kesu_fail(&req->early, KE_UNAVAILABLE, "",
				  "the server is shutting down; try again shortly");
			http_add_header(req, MHD_HTTP_HEADER_CONNECTION, "close");
			http_reply_error(req, &req->early);
			return queue_reply(req);
		}
		if (route_framing_ok(req, version, &req->early)) {
			/* The rest of the bytes cannot be trusted to be this
			 * request's body: answer and close. */
			http_add_header(req, MHD_HTTP_HEADER_CONNECTION, "close");
			http_reply_error(req, &req->early);
			return queue_reply(req);
		}
		/* A trailing slash names the same resource. */
		size_t n = strlen(req->url);
		char *path = arena_strdup(req->arena, req->url);
		if (n > 1 && path[n - 1] == '/')
			path[n - 1] = '\0';
		int known;
		req->route = route_find(req, path, &known);
		if (!req->route) {
			if (known) {
				route_allow(req, path);
				kesu_fail(&req->early, KE_METHOD, "",
					  "%s is not allowed here", method);
			} else {
				kesu_fail(&req->early, KE_NOT_FOUND, "", "no such resource");
			}
			http_reply_error(req, &req->early);
			return queue_reply(req);
		}
		const char *cl = MHD_lookup_connection_value(conn, MHD_HEADER_KIND,
							     MHD_HTTP_HEADER_CONTENT_LENGTH);
		if (cl && strtoull(cl, NULL, 10) > body_limit(req)) {
			kesu_fail(&req->early, KE_BODY_TOO_LARGE, "",
				  "the request body exceeds %zu bytes", body_limit(req));
			http_reply_error(req, &req->early);
			return queue_reply(req);
		}
		return MHD_YES;
	}
	if (req->state == RS_READING && *upload_data_size) {
		track_body(req, *upload_data_size);
		body_append(req, upload_data, *upload_data_size);
		*upload_data_size = 0;
		return MHD_YES;
	}
	if (req->state == RS_DEFERRED) {
		/* Resumed: the job's outcome is final. finish may defer again. */
		int rc;
		if (req->work) {
			struct work_job *w = req->work;
			req->work = NULL;
			rc = req->work_finish(req, w);
		} else {
			rc = req->finish(req, req->job);
		}
		if (rc == HTTP_DEFERRED)
			return MHD_YES;
		return queue_reply(req);
	}
	if (req->state != RS_READING) {
		*upload_data_size = 0; /* a reply is queued; the rest is dropped */
		return MHD_YES;
	}
	track_set(req, 0);
	if (dispatch(req) == HTTP_DEFERRED)
		return MHD_YES;
	return queue_reply(req);
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
			 enum MHD_RequestTerminationCode toe)
{
	(void)conn;
	struct http_server *srv = cls;
	struct http_request *req = *con_cls;
	if (!req)
		return;
	if (srv->opt.access_log) {
		/* The path is decoded: %0A would forge a log line. */
		char path[256];
		snprintf(path, sizeof path, "%s", req->url);
		for (char *p = path; *p; p++)
			if ((unsigned char)*p < 0x20 || *p == 0x7f)
				*p = '?';
		log_info("%s %s %d %.3fms%s", req->method, path, req->status,
			 http_elapsed_ms(req),
			 toe == MHD_REQUEST_TERMINATED_COMPLETED_OK ? "" : " (aborted)");
	}
	int counted = req->counted;
	if (toe == MHD_REQUEST_TERMINATED_COMPLETED_OK)
		track_set(req, clock_now_ms()); /* the next request's deadline */
	if (req->reader)
		store_reader_put(req->reader);
	json_decref(req->json);
	free(req->body);
	free(req->reply);
	arena_free(req->arena);
	free(req);
	*con_cls = NULL;
	if (counted)
		atomic_fetch_sub(&srv->inflight, 1);
}

static void mhd_log(void *cls, const char *fmt, va_list ap)
{
	(void)cls;
	char msg[512];
	vsnprintf(msg, sizeof msg, fmt, ap);
	size_t n = strlen(msg);
	while (n && msg[n - 1] == '\n')
		msg[--n] = '\0';
	log_warn("http: %s", msg);
}

/* --- start and stop ------------------------------------------------------ */

static int bind_listen(const char *listen_at, char *bound, size_t bound_size,
		       struct kesu_err *err)
{
	char host[256];
	const char *colon = strrchr(listen_at, ':');
	if (!colon || colon == listen_at || !colon[1])
		return kesu_fail(err, KE_USAGE, "listen",
				 "'%s' is not HOST:PORT (for example 127.0.0.1:8080)", listen_at);
	char *end;
	long port = strtol(colon + 1, &end, 10);
	if (*end || port < 0 || port > 65535)
		return kesu_fail(err, KE_USAGE, "listen", "'%s' has no valid port", listen_at);
	size_t hl = (size_t)(colon - listen_at);
	if (hl >= sizeof host)
		return kesu_fail(err, KE_USAGE, "listen", "host name too long");
	memcpy(host, listen_at, hl);
	host[hl] = '\0';
	struct sockaddr_storage ss = {0};
	socklen_t len;
	int family;
	if (host[0] == '[' && hl > 2 && host[hl - 1] == ']') {
		host[hl - 1] = '\0';
		struct sockaddr_in6 *a6 = (struct sockaddr_in6 *)&ss;
		if (inet_pton(AF_INET6, host + 1, &a6->sin6_addr) != 1)
			return kesu_fail(err, KE_USAGE, "listen", "'%s' is not an IPv6 address",
					 host + 1);
		a6->sin6_family = AF_INET6;
		a6->sin6_port = htons((uint16_t)port);
		len = sizeof *a6;
		family = AF_INET6;
	} else {
		struct sockaddr_in *a4 = (struct sockaddr_in *)&ss;
		if (strcmp(host, "localhost") == 0)
			strcpy(host, "127.0.0.1");
		if (inet_pton(AF_INET, host, &a4->sin_addr) != 1)
			return kesu_fail(err, KE_USAGE, "listen",
					 "'%s' is not an IPv4 address (use [addr] for IPv6)", host);
		a4->sin_family = AF_INET;
		a4->sin_port = htons((uint16_t)port);
		len = sizeof *a4;
		family = AF_INET;
	}
	int fd = socket(family, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return kesu_fail(err, KE_IO, "listen", "socket: %s", strerror(errno));
	int one = 1;
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
	if (bind(fd, (struct sockaddr *)&ss, len) != 0) {
		int e = errno;
		close(fd);
		if (e == EADDRINUSE)
			return kesu_fail(err, KE_ADDR_IN_USE, "listen",
					 "%s is already in use by another program", listen_at);
		return kesu_fail(err, KE_IO, "listen", "cannot listen on %s: %s", listen_at,
				 strerror(e));
	}
	if (listen(fd, 1024) != 0) {
		int e = errno;
		close(fd);
		return kesu_fail(err, KE_IO, "listen", "listen: %s", strerror(e));
	}
	struct sockaddr_storage got;
	socklen_t gl = sizeof got;
	getsockname(fd, (struct sockaddr *)&got, &gl);
	char addr[INET6_ADDRSTRLEN];
	if (family == AF_INET) {
		struct sockaddr_in *a4 = (struct sockaddr_in *)&got;
		inet_ntop(AF_INET, &a4->sin_addr, addr, sizeof addr);
		snprintf(bound, bound_size, "%s:%u", addr, ntohs(a4->sin_port));
	} else {
		struct sockaddr_in6 *a6 = (struct sockaddr_in6 *)&got;
		inet_ntop(AF_INET6, &a6->sin6_addr, addr, sizeof addr);
		snprintf(bound, bound_size, "[%s]:%u", addr, ntohs(a6->sin6_port));
	}
	return fd;
}

/* How many connections to take at once: want, or fewer if the process may
 * not open that many files even after raising its soft limit to the hard
 * one. */
static int connection_limit(int want)
{
	struct rlimit rl;
	if (getrlimit(RLIMIT_NOFILE, &rl) != 0)
		return want;
	rlim_t need = (rlim_t)want + FD_RESERVE;
	if (rl.rlim_cur != RLIM_INFINITY && rl.rlim_cur < need) {
		rl.rlim_cur = rl.rlim_max == RLIM_INFINITY || rl.rlim_max > need ? need : rl.rlim_max;
		setrlimit(RLIMIT_NOFILE, &rl);
		getrlimit(RLIMIT_NOFILE, &rl);
	}
	if (rl.rlim_cur != RLIM_INFINITY && rl.rlim_cur < need) {
		int got = rl.rlim_cur > 2 * FD_RESERVE ? (int)(rl.rlim_cur - FD_RESERVE) : FD_RESERVE;
		log_warn("http: only %d connections at once: the open-file limit is %llu (ulimit -n)",
			 got, (unsigned long long)rl.rlim_cur);
		return got;
	}
	return want;
}

int http_start(const struct http_options *opt, struct http_server **out,
	       char *bound, size_t bound_size, struct kesu_err *err)
{
	*out = NULL;
	int fd = bind_listen(opt->listen, bound, bound_size, err);
	if (fd < 0)
		return fd;
	struct http_server *srv = calloc(1, sizeof *srv);
	srv->opt = *opt;
	atomic_init(&srv->inflight, 0);
	atomic_init(&srv->stopping, 0);
	atomic_init(&srv->reaper_stop, 0);
	pthread_mutex_init(&srv->track_mu, NULL);
	srv->hsts = opt->public_url && strncasecmp(opt->public_url, "https:", 6) == 0;
	unsigned per_ip = opt->per_ip_connections > 0 ? (unsigned)opt->per_ip_connections
						      : PER_IP_CONNECTIONS;
	unsigned threads = opt->threads > 0 ? (unsigned)opt->threads : 2;
	srv->conn_limit = connection_limit(opt->max_connections > 0 ? opt->max_connections
								    : HTTP_CONNECTIONS);
	/* Half the CPUs hash, so the other half keeps serving whatever comes. */
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	int work_threads = opt->work_threads > 0 ? opt->work_threads : cpus > 3 ? (int)cpus / 2 : 1;
	srv->workers = workers_new(work_threads, work_threads * WORK_QUEUE_PER_THREAD);
	srv->slow = workers_new(SLOW_THREADS, SLOW_QUEUE);
	if (!srv->workers || !srv->slow) {
		if (srv->workers)
			workers_free(srv->workers);
		if (srv->slow)
			workers_free(srv->slow);
		close(fd);
		pthread_mutex_destroy(&srv->track_mu);
		free(srv);
		return kesu_fail(err, KE_IO, "", "cannot start the HTTP server's workers");
	}
	srv->d = MHD_start_daemon(
		MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_ALLOW_SUSPEND_RESUME |
			MHD_USE_ERROR_LOG,
		0, NULL, NULL, on_request, srv, MHD_OPTION_EXTERNAL_LOGGER, mhd_log, NULL,
		MHD_OPTION_LISTEN_SOCKET, fd,
		MHD_OPTION_THREAD_POOL_SIZE, threads, MHD_OPTION_NOTIFY_COMPLETED,
		on_completed, srv, MHD_OPTION_NOTIFY_CONNECTION, on_connection, srv,
		MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)30, MHD_OPTION_CONNECTION_LIMIT,
		(unsigned)srv->conn_limit, MHD_OPTION_PER_IP_CONNECTION_LIMIT, per_ip,
		MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)CONNECTION_MEMORY, MHD_OPTION_END);
	if (!srv->d) {
		workers_free(srv->slow);
		workers_free(srv->workers);
		close(fd);
		pthread_mutex_destroy(&srv->track_mu);
		free(srv);
		return kesu_fail(err, KE_IO, "", "cannot start the HTTP server");
	}
	srv->counts = http_counts_new(opt->nroutes);
	srv->hub = stream_hub_new(opt->store);
	pthread_create(&srv->reaper, NULL, reaper_main, srv);
	*out = srv;
	return 0;
}

void http_stop(struct http_server *srv, int grace_ms)
{
	if (!srv)
		return;
	/* New requests, on new or open connections, are now answered 503 with
	 * Connection: close; those already begun finish. (The listening socket
	 * stays open until MHD_stop_daemon: libmicrohttpd's quiesce races with
	 * its epoll worker threads.) */
	atomic_store(&srv->stopping, 1);
	stream_hub_end_all(srv->hub); /* a live stream would never finish */
	for (int waited = 0; atomic_load(&srv->inflight) > 0 && waited < grace_ms;
	     waited += 10) {
		struct timespec ts = {0, 10 * 1000 * 1000};
		nanosleep(&ts, NULL);
	}
	if (atomic_load(&srv->inflight) > 0)
		log_warn("http: stopping with %d requests unfinished",
			 atomic_load(&srv->inflight));
	atomic_store(&srv->reaper_stop, 1);
	pthread_join(srv->reaper, NULL);
	workers_free(srv->slow); /* what is queued runs and resumes first */
	workers_free(srv->workers);
	stream_hub_end_all(srv->hub); /* any opened since */
	MHD_stop_daemon(srv->d); /* closes the listening socket too */
	stream_hub_free(srv->hub);
	http_counts_free(srv->counts);
	pthread_mutex_destroy(&srv->track_mu);
	free(srv);
}
