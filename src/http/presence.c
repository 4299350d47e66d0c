/*
 * presence.c - who has a complaint open now, and who is typing on it: kept
 * in the server's memory only (it means nothing after a restart), bounded,
 * and forgotten lazily when a page stops saying it is there. A change of
 * who is on a complaint, or of who is editing, is told on the live stream
 * (stream.c) to the streams whose caller may read the complaint.
 */
#include "http_int.h"

#include <stdlib.h>
#include <string.h>

#include "../util/clock.h"
#include "auth.h"

struct presence_entry {
	int64_t complaint_id, team_id, user_id;
	char tracking_no[TRACKING_NO_MAX];
	char *name;
	int editing;
	int64_t since_ms; /* when the present state (viewing, editing) began */
	int64_t seen_ms;  /* the page's last word */
};

struct presence_board {
	pthread_mutex_t mu;
	struct presence_entry e[PRESENCE_MAX];
	int n;
};

struct presence_board *presence_board_new(void)
{
	struct presence_board *b = calloc(1, sizeof *b);
	pthread_mutex_init(&b->mu, NULL);
	return b;
}

void presence_board_free(struct presence_board *b)
{
	if (!b)
		return;
	for (int i = 0; i < b->n; i++)
		free(b->e[i].name);
	pthread_mutex_destroy(&b->mu);
	free(b);
}

static int by_since(const void *x, const void *y)
{
	const struct presence_entry *a = *(const struct presence_entry *const *)x;
	const struct presence_entry *b = *(const struct presence_entry *const *)y;
	if (a->since_ms != b->since_ms)
		return a->since_ms < b->since_ms ? -1 : 1;
	return a->user_id < b->user_id ? -1 : a->user_id > b->user_id;
}

/* The people on complaint id but user except, earliest first. */
static json_t *people(struct presence_board *b, int64_t id, int64_t except)
{
	const struct presence_entry *on[PRESENCE_PER_COMPLAINT];
	int n = 0;
	for (int i = 0; i < b->n && n < PRESENCE_PER_COMPLAINT; i++)
		if (b->e[i].complaint_id == id && b->e[i].user_id != except)
			on[n++] = &b->e[i];
	qsort(on, (size_t)n, sizeof on[0], by_since);
	json_t *arr = json_array();
	for (int i = 0; i < n; i++) {
		char since[32];
		clock_format(on[i]->since_ms, since, sizeof since);
		json_array_append_new(arr, json_pack("{s:I,s:s,s:b,s:s}", "user",
						     (json_int_t)on[i]->user_id, "name", on[i]->name,
						     "editing", on[i]->editing, "since", since));
	}
	return arr;
}

/* Tells the streams that may read the complaint who is on it now. The
 * board's lock is held, so that two changes are told in their order. */
static void announce(struct http_server *srv, int64_t id, int64_t team_id,
		     const char *tracking_no)
{
	json_t *d = json_pack("{s:s,s:o}", "tracking_no", tracking_no, "present",
			      people(srv->presence, id, 0));
	char *j = json_dumps(d, JSON_COMPACT);
	json_decref(d);
	if (!j)
		return;
	size_t size = strlen(j) + 32;
	char *text = malloc(size);
	snprintf(text, size, "event: presence\ndata: %s\n\n", j);
	free(j);
	stream_hub_tell(srv->hub, team_id, text);
	free(text);
}

/* Forgets entry i, telling the others on its complaint. */
static void drop(struct http_server *srv, int i)
{
	struct presence_board *b = srv->presence;
	struct presence_entry gone = b->e[i];
	b->e[i] = b->e[--b->n];
	announce(srv, gone.complaint_id, gone.team_id, gone.tracking_no);
	free(gone.name);
}

/* Forgets the pages that stopped saying they are there. */
static void expire(struct http_server *srv, int64_t now)
{
	struct presence_board *b = srv->presence;
	for (int i = 0; i < b->n;)
		if (now - b->e[i].seen_ms > PRESENCE_TTL_MS)
			drop(srv, i);
		else
			i++;
}

static int find(struct presence_board *b, int64_t id, int64_t user)
{
	for (int i = 0; i < b->n; i++)
		if (b->e[i].complaint_id == id && b->e[i].user_id == user)
			return i;
	return -1;
}

int http_presence_set(struct http_request *req, const struct presence_of *c, const char *name,
		      int editing, struct kesu_err *err)
{
	struct http_server *srv = req->srv;
	struct presence_board *b = srv->presence;
	int64_t user = req->principal.user_id, now = clock_now_ms();
	int rc = 0;
	pthread_mutex_lock(&b->mu);
	expire(srv, now);
	int i = find(b, c->id, user);
	if (i < 0) {
		int mine = 0, theirs = 0, oldest = -1;
		for (int k = 0; k < b->n; k++) {
			theirs += b->e[k].complaint_id == c->id;
			if (b->e[k].user_id == user) {
				mine++;
				if (oldest < 0 || b->e[k].seen_ms < b->e[oldest].seen_ms)
					oldest = k;
			}
		}
		/* more pages open than anyone reads: the one longest silent goes */
		if (mine >= PRESENCE_PER_USER)
			drop(srv, oldest);
		if (theirs >= PRESENCE_PER_COMPLAINT || b->n >= PRESENCE_MAX) {
			rc = kesu_fail(err, KE_UNAVAILABLE, "",
				       theirs >= PRESENCE_PER_COMPLAINT
					       ? "too many people have this complaint open"
					       : "too many people are present; try again later");
			goto out;
		}
		i = b->n++;
		memset(&b->e[i], 0, sizeof b->e[i]);
		b->e[i].complaint_id = c->id;
		b->e[i].user_id = user;
		b->e[i].editing = -1; /* told below */
	}
	struct presence_entry *e = &b->e[i];
	e->team_id = c->team_id;
	snprintf(e->tracking_no, sizeof e->tracking_no, "%s", c->tracking_no);
	e->seen_ms = now;
	int changed = e->editing != editing || !e->name || strcmp(e->name, name);
	if (e->editing != editing)
		e->since_ms = now;
	e->editing = editing;
	if (!e->name || strcmp(e->name, name)) {
		free(e->name);
		e->name = strdup(name);
	}
	if (changed)
		announce(srv, c->id, c->team_id, c->tracking_no);
out:
	pthread_mutex_unlock(&b->mu);
	return rc;
}

void http_presence_leave(struct http_request *req, int64_t complaint_id)
{
	struct http_server *srv = req->srv;
	struct presence_board *b = srv->presence;
	pthread_mutex_lock(&b->mu);
	expire(srv, clock_now_ms());
	int i = find(b, complaint_id, req->principal.user_id);
	if (i >= 0)
		drop(srv, i);
	pthread_mutex_unlock(&b->mu);
}

json_t *http_presence_json(struct http_request *req, int64_t complaint_id)
{
	struct http_server *srv = req->srv;
	struct presence_board *b = srv->presence;
	pthread_mutex_lock(&b->mu);
	expire(srv, clock_now_ms());
	json_t *arr = people(b, complaint_id, req->principal.user_id);
	pthread_mutex_unlock(&b->mu);
	return arr;
}
