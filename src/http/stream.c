/*
 * stream.c - the live stream (GET /api/v1/stream): Server-Sent Events
 * telling signed-in staff which complaints changed. One hub per server: a
 * thread looks at the store's newest event every STREAM_TICK_MS, so what
 * any process wrote (the server, `kesu mailgate`, `kesu tick`) is seen
 * alike, keeps the last STREAM_RING events for Last-Event-ID, and writes
 * each one to the streams whose caller may read the complaint. A stream
 * with nothing to send is suspended, never holding a libmicrohttpd thread.
 */
#include "http_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "../util/clock.h"
#include "../util/log.h"
#include "auth.h"

#define STREAM_RING 512
#define STREAM_TICK_MS 200
#define STREAM_HEARTBEAT_MS 20000
#define STREAM_BUF_MAX (256 * 1024) /* a client this far behind starts over */
#define FEED_BATCH 256

struct stream_sub {
	struct stream_hub *hub;
	struct MHD_Connection *conn;
	int fd; /* the connection's socket, for noticing the client has gone */
	struct principal who;
	char *buf;
	size_t len, off, cap;
	int suspended, ended;
	int64_t last_write_ms;
	struct stream_sub *prev, *next;
};

struct stream_hub {
	pthread_mutex_t mu;
	struct store *store;
	struct stream_sub *subs;
	int nsubs;
	struct event_feed ring[STREAM_RING];
	int ring_n, ring_head; /* ring_head: where the next goes */
	int64_t last_id;       /* newest event seen */
	int64_t presence_id;   /* newest change of presence seen (presence.c) */
	int64_t floor_id;      /* events after it and up to last_id are in the ring */
	pthread_t thread;
	atomic_int stop;
};

/* Appends text to s's buffer; a client too far behind is told to start over. */
static void sub_put(struct stream_sub *s, const char *text)
{
	size_t n = strlen(text);
	if (s->len - s->off + n > STREAM_BUF_MAX) {
		s->len = s->off = 0;
		text = "event: reset\ndata: {}\n\n";
		n = strlen(text);
	}
	if (s->off && s->off == s->len)
		s->len = s->off = 0;
	if (s->len + n > s->cap) {
		size_t cap = s->cap ? s->cap : 1024;
		while (cap < s->len + n)
			cap *= 2;
		s->buf = realloc(s->buf, cap);
		s->cap = cap;
	}
	memcpy(s->buf + s->len, text, n);
	s->len += n;
}

static void sub_wake(struct stream_sub *s)
{
	if (s->suspended) {
		s->suspended = 0;
		MHD_resume_connection(s->conn);
	}
}

/* What a timeline event means to a page. */
static const char *change_of(const char *kind)
{
	static const char *const map[][2] = {
		{"created", "created"},	   {"state", "state"},
		{"assigned", "assigned"},  {"message", "message"},
		{"customer_message", "message"},
	};
	for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
		if (strcmp(map[i][0], kind) == 0)
			return map[i][1];
	return "timeline";
}

static void event_text(const struct event_feed *f, char *out, size_t size)
{
	json_t *d = json_pack("{s:s,s:s,s:s,s:I}", "tracking_no", f->tracking_no, "kind",
			      change_of(f->kind), "event", f->kind, "id", (json_int_t)f->id);
	char *j = json_dumps(d, JSON_COMPACT);
	snprintf(out, size, "id: %lld\nevent: complaint\ndata: %s\n\n", (long long)f->id,
		 j ? j : "{}");
	free(j);
	json_decref(d);
}

static void hub_publish(struct stream_hub *h, const struct event_feed *f)
{
	h->ring[h->ring_head] = *f;
	h->ring_head = (h->ring_head + 1) % STREAM_RING;
	if (h->ring_n < STREAM_RING)
		h->ring_n++;
	else
		h->floor_id = h->ring[h->ring_head].id - 1;
	h->last_id = f->id;
	char text[512];
	event_text(f, text, sizeof text);
	for (struct stream_sub *s = h->subs; s; s = s->next)
		if (!s->ended && authz_team(&s->who, f->team_id)) {
			sub_put(s, text);
			sub_wake(s);
		}
}

void stream_hub_tell(struct stream_hub *h, int64_t team_id, const char *text)
{
	pthread_mutex_lock(&h->mu);
	for (struct stream_sub *s = h->subs; s; s = s->next)
		if (!s->ended && authz_team(&s->who, team_id)) {
			sub_put(s, text);
			sub_wake(s);
		}
	pthread_mutex_unlock(&h->mu);
}

/* Tells the changes of presence any node noted since the last look: for
 * each complaint, who is on it now, once however many changes. */
static void presence_look(struct stream_hub *h, struct store_conn *c, int64_t now)
{
	struct kesu_err err = {0};
	struct arena *a = arena_new();
	struct presence_change *pc;
	int n = 0;
	if (store_presence_changes(c, h->presence_id, FEED_BATCH, a, &pc, &n, &err) == 0 && n) {
		h->presence_id = pc[n - 1].id;
		for (int i = 0; i < n; i++) {
			int later = 0;
			for (int k = i + 1; k < n && !later; k++)
				later = pc[k].complaint_id == pc[i].complaint_id;
			if (!later)
				presence_announce(h, c, &pc[i], now);
		}
	}
	arena_free(a);
}

static void *hub_main(void *arg)
{
	struct stream_hub *h = arg;
	struct event_feed *batch = malloc(sizeof *batch * FEED_BATCH);
	unsigned tick = 0;
	while (!atomic_load(&h->stop)) {
		struct timespec ts = {0, STREAM_TICK_MS * 1000 * 1000};
		nanosleep(&ts, NULL);
		struct kesu_err err = {0};
		int n = 0;
		struct store_conn *c = store_reader_get(h->store, &err);
		int64_t now = clock_now_ms();
		if (c) {
			if (store_event_feed(c, h->last_id, FEED_BATCH, batch, &n, &err))
				n = 0;
			presence_look(h, c, now);
			store_reader_put(c);
		}
		int look = ++tick % (1000 / STREAM_TICK_MS) == 0;
		pthread_mutex_lock(&h->mu);
		for (int i = 0; i < n; i++)
			hub_publish(h, &batch[i]);
		/* A parked connection is not watched by libmicrohttpd: a client
		 * that left would hold its place until the next heartbeat. */
		for (struct stream_sub *s = h->subs; look && s; s = s->next) {
			char b;
			if (s->suspended && s->fd >= 0 &&
			    recv(s->fd, &b, 1, MSG_PEEK | MSG_DONTWAIT) == 0) {
				s->ended = 1;
				sub_wake(s);
			}
		}
		for (struct stream_sub *s = h->subs; s; s = s->next)
			if (!s->ended && now - s->last_write_ms > STREAM_HEARTBEAT_MS) {
				s->last_write_ms = now;
				sub_put(s, ": keep-alive\n\n");
				sub_wake(s);
			}
		pthread_mutex_unlock(&h->mu);
	}
	free(batch);
	return NULL;
}

struct stream_hub *stream_hub_new(struct store *store)
{
	struct stream_hub *h = calloc(1, sizeof *h);
	pthread_mutex_init(&h->mu, NULL);
	h->store = store;
	atomic_init(&h->stop, 0);
	struct kesu_err err = {0};
	struct store_conn *c = store ? store_reader_get(store, &err) : NULL;
	if (c) {
		store_event_max(c, &h->last_id, &err);
		store_presence_change_max(c, &h->presence_id, &err);
		store_reader_put(c);
	}
	h->floor_id = h->last_id;
	if (store)
		pthread_create(&h->thread, NULL, hub_main, h);
	return h;
}

void stream_hub_end_all(struct stream_hub *h)
{
	if (!h)
		return;
	pthread_mutex_lock(&h->mu);
	for (struct stream_sub *s = h->subs; s; s = s->next) {
		s->ended = 1;
		sub_wake(s);
	}
	pthread_mutex_unlock(&h->mu);
}

void stream_hub_free(struct stream_hub *h)
{
	if (!h)
		return;
	atomic_store(&h->stop, 1);
	if (h->store)
		pthread_join(h->thread, NULL);
	pthread_mutex_destroy(&h->mu);
	free(h);
}

static ssize_t sub_read(void *cls, uint64_t pos, char *out, size_t max)
{
	(void)pos;
	struct stream_sub *s = cls;
	struct stream_hub *h = s->hub;
	pthread_mutex_lock(&h->mu);
	ssize_t n;
	if (s->len > s->off) {
		size_t k = s->len - s->off < max ? s->len - s->off : max;
		memcpy(out, s->buf + s->off, k);
		s->off += k;
		n = (ssize_t)k;
	} else if (s->ended) {
		n = MHD_CONTENT_READER_END_OF_STREAM;
	} else {
		/* nothing to say: parked until the hub has something */
		s->suspended = 1;
		MHD_suspend_connection(s->conn);
		n = 0;
	}
	pthread_mutex_unlock(&h->mu);
	return n;
}

static void sub_free(void *cls)
{
	struct stream_sub *s = cls;
	struct stream_hub *h = s->hub;
	pthread_mutex_lock(&h->mu);
	if (s->prev)
		s->prev->next = s->next;
	else
		h->subs = s->next;
	if (s->next)
		s->next->prev = s->prev;
	h->nsubs--;
	pthread_mutex_unlock(&h->mu);
	free(s->buf);
	free(s);
}

int stream_hub_count(struct stream_hub *h)
{
	pthread_mutex_lock(&h->mu);
	int n = h->nsubs;
	pthread_mutex_unlock(&h->mu);
	return n;
}

int http_reply_stream(struct http_request *req, const char *last_event_id)
{
	struct stream_hub *h = req->srv->hub;
	struct kesu_err err = {0};
	int64_t since = -1;
	if (last_event_id && *last_event_id) {
		char *end;
		long long v = strtoll(last_event_id, &end, 10);
		if (*end || v < 0) {
			kesu_fail(&err, KE_INVALID_VALUE, "Last-Event-ID", "must be an event id");
			return http_reply_error(req, &err);
		}
		since = v;
	}
	pthread_mutex_lock(&h->mu);
	int mine = 0;
	for (struct stream_sub *s = h->subs; s; s = s->next)
		mine += s->who.user_id == req->principal.user_id && !s->ended;
	if (h->nsubs >= STREAM_MAX_ALL || mine >= STREAM_MAX_PER_USER) {
		pthread_mutex_unlock(&h->mu);
		http_add_header(req, "Retry-After", "10");
		if (mine >= STREAM_MAX_PER_USER)
			kesu_fail(&err, KE_RATE_LIMITED, "",
				  "at most %d live streams per user: close another page",
				  STREAM_MAX_PER_USER);
		else
			kesu_fail(&err, KE_UNAVAILABLE, "", "too many live streams; try again later");
		return http_reply_error(req, &err);
	}
	struct stream_sub *s = calloc(1, sizeof *s);
	s->hub = h;
	s->conn = req->conn;
	const union MHD_ConnectionInfo *ci =
		MHD_get_connection_info(req->conn, MHD_CONNECTION_INFO_CONNECTION_FD);
	s->fd = ci ? ci->connect_fd : -1;
	s->who = req->principal;
	s->last_write_ms = clock_now_ms();
	char text[512];
	snprintf(text, sizeof text, "retry: 2000\nevent: hello\ndata: {\"last_id\":%lld}\n\n",
		 (long long)h->last_id);
	sub_put(s, text);
	if (since >= 0 && since < h->last_id) {
		if (since < h->floor_id) {
			sub_put(s, "event: reset\ndata: {}\n\n");
		} else {
			int first = (h->ring_head - h->ring_n + STREAM_RING) % STREAM_RING;
			for (int i = 0; i < h->ring_n; i++) {
				const struct event_feed *f = &h->ring[(first + i) % STREAM_RING];
				if (f->id > since && authz_team(&s->who, f->team_id)) {
					event_text(f, text, sizeof text);
					sub_put(s, text);
				}
			}
		}
	}
	s->next = h->subs;
	if (s->next)
		s->next->prev = s;
	h->subs = s;
	h->nsubs++;
	pthread_mutex_unlock(&h->mu);
	req->stream = s;
	req->status = 200;
	return HTTP_DONE;
}

struct MHD_Response *stream_response(struct http_request *req)
{
	struct MHD_Response *r = MHD_create_response_from_callback(
		MHD_SIZE_UNKNOWN, 4096, sub_read, req->stream, sub_free);
	req->stream = NULL; /* owned by the response now */
	MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, "text/event-stream; charset=utf-8");
	MHD_add_response_header(r, "X-Accel-Buffering", "no");
	return r;
}
