/*
 * presence.c - who has a complaint open now, and who is typing on it: kept
 * in the store (the presence table), so that agents served by different
 * nodes see each other. A page says it is there every few seconds (one
 * small write through the writer), and is forgotten when it stops: the
 * pages silent for PRESENCE_TTL_MS are dropped at the next word of any
 * page and by the scheduler's tick, and never listed meanwhile. A change
 * of who is on a complaint, or of who is editing, is noted in the store
 * (presence_changes); each node's live stream hub (stream.c) looks for new
 * changes as it looks for new events, and tells them to the streams whose
 * caller may read the complaint.
 */
#include "http_int.h"

#include <stdlib.h>
#include <string.h>

#include "../util/clock.h"
#include "../util/log.h"
#include "auth.h"

json_t *presence_people(struct store_conn *c, int64_t complaint_id, int64_t except, int64_t now,
			struct kesu_err *err)
{
	struct arena *a = arena_new();
	struct presence_row *rows;
	int n;
	json_t *arr = NULL;
	if (!store_presence_list(c, complaint_id, now - PRESENCE_TTL_MS, PRESENCE_PER_COMPLAINT + 1,
				 a, &rows, &n, err)) {
		arr = json_array();
		for (int i = 0; i < n; i++) {
			if (rows[i].user_id == except)
				continue;
			char since[32];
			clock_format(rows[i].since_ms, since, sizeof since);
			json_array_append_new(arr, json_pack("{s:I,s:s,s:b,s:s}", "user",
							     (json_int_t)rows[i].user_id, "name",
							     rows[i].name, "editing", rows[i].editing,
							     "since", since));
		}
	}
	arena_free(a);
	return arr;
}

void presence_announce(struct stream_hub *h, struct store_conn *c,
		       const struct presence_change *ch, int64_t now)
{
	struct kesu_err err = {0};
	json_t *people = presence_people(c, ch->complaint_id, 0, now, &err);
	if (!people) {
		log_warn("presence: %s", err.message);
		return;
	}
	json_t *d = json_pack("{s:s,s:o}", "tracking_no", ch->tracking_no, "present", people);
	char *j = json_dumps(d, JSON_COMPACT);
	json_decref(d);
	if (!j)
		return;
	size_t size = strlen(j) + 32;
	char *text = malloc(size);
	snprintf(text, size, "event: presence\ndata: %s\n\n", j);
	free(j);
	stream_hub_tell(h, ch->team_id, text);
	free(text);
}

/* --- a page's word, through the writer -------------------------------------------- */

struct presence_job {
	struct store_job job;
	struct presence_of on;
	int64_t user, now;
	const char *name;
	int editing, leave;
	struct arena *a;
};

/* Drops the caller's page longest silent, telling the others on it. */
static int drop_oldest(struct store_conn *c, struct presence_job *j, struct kesu_err *err)
{
	int64_t id;
	struct presence_row gone;
	int dropped, rc = store_presence_oldest_of(c, j->user, &id, err);
	if (!rc)
		rc = store_presence_get(c, id, j->user, j->a, &gone, err);
	if (!rc)
		rc = store_presence_drop(c, id, j->user, &dropped, err);
	if (!rc && dropped)
		rc = store_presence_change(c, id, gone.team_id, gone.tracking_no, j->now, err);
	return rc;
}

static int presence_run(struct store_conn *c, struct store_job *job)
{
	struct presence_job *j = (struct presence_job *)job;
	struct kesu_err *err = &job->err;
	int rc = store_presence_expire(c, j->now - PRESENCE_TTL_MS, j->now, err);
	if (rc)
		return rc;
	if (j->leave) {
		int dropped;
		rc = store_presence_drop(c, j->on.id, j->user, &dropped, err);
		if (!rc && dropped)
			rc = store_presence_change(c, j->on.id, j->on.team_id, j->on.tracking_no,
						   j->now, err);
		return rc;
	}
	struct presence_row was;
	rc = store_presence_get(c, j->on.id, j->user, j->a, &was, err);
	if (rc && rc != -KE_NOT_FOUND)
		return rc;
	int known = rc == 0;
	if (!known) {
		int64_t theirs, mine, all;
		if ((rc = store_presence_counts(c, j->on.id, j->user, &theirs, &mine, &all, err)))
			return rc;
		/* more pages open than anyone reads: the one longest silent goes */
		if (mine >= PRESENCE_PER_USER && (rc = drop_oldest(c, j, err)))
			return rc;
		if (theirs >= PRESENCE_PER_COMPLAINT || all >= PRESENCE_MAX)
			return kesu_fail(err, KE_UNAVAILABLE, "",
					 theirs >= PRESENCE_PER_COMPLAINT
						 ? "too many people have this complaint open"
						 : "too many people are present; try again later");
	}
	struct presence_row r = {.complaint_id = j->on.id, .user_id = j->user,
				 .team_id = j->on.team_id, .tracking_no = j->on.tracking_no,
				 .name = j->name, .editing = j->editing, .since_ms = j->now,
				 .seen_ms = j->now};
	if ((rc = store_presence_put(c, &r, err)))
		return rc;
	/* a heartbeat that changes nothing is told to nobody */
	if (!known || was.editing != j->editing || strcmp(was.name, j->name) != 0)
		rc = store_presence_change(c, j->on.id, j->on.team_id, j->on.tracking_no, j->now,
					   err);
	return rc;
}

static int set_finish(struct http_request *req, struct store_job *job)
{
	struct presence_job *j = (struct presence_job *)job;
	struct kesu_err err = {0};
	if (job->rc) {
		if (job->rc == -KE_UNAVAILABLE)
			http_add_header(req, "Retry-After", "15");
		return http_reply_error(req, &job->err);
	}
	json_t *others = http_presence_json(req, j->on.id, &err);
	if (!others)
		return http_reply_error(req, &err);
	return http_reply_json(req, 200, json_pack("{s:o}", "items", others));
}

static int leave_finish(struct http_request *req, struct store_job *job)
{
	if (job->rc)
		return http_reply_error(req, &job->err);
	return http_reply_status(req, 204);
}

static struct presence_job *job_for(struct http_request *req, const struct presence_of *on)
{
	struct arena *a = http_arena(req);
	struct presence_job *j = arena_zalloc(a, sizeof *j);
	j->job.run = presence_run;
	j->on = *on;
	j->on.tracking_no = arena_strdup(a, on->tracking_no);
	j->user = req->principal.user_id;
	j->now = clock_now_ms();
	j->a = a;
	return j;
}

int http_presence_set(struct http_request *req, const struct presence_of *c, const char *name,
		      int editing)
{
	struct presence_job *j = job_for(req, c);
	j->name = arena_strdup(j->a, name);
	j->editing = editing;
	return http_defer(req, &j->job, set_finish);
}

int http_presence_leave(struct http_request *req, const struct presence_of *c)
{
	struct presence_job *j = job_for(req, c);
	j->leave = 1;
	return http_defer(req, &j->job, leave_finish);
}

json_t *http_presence_json(struct http_request *req, int64_t complaint_id, struct kesu_err *err)
{
	struct store_conn *c = http_reader(req, err);
	return c ? presence_people(c, complaint_id, req->principal.user_id, clock_now_ms(), err)
		 : NULL;
}

int presence_tick(struct store_conn *c, int64_t now, struct kesu_err *err)
{
	int rc = store_presence_expire(c, now - PRESENCE_TTL_MS, now, err);
	/* the hubs look every fraction of a second: the newest few thousand
	 * changes are more than any of them is behind */
	return rc ? rc : store_presence_prune(c, PRESENCE_CHANGES_KEPT, err);
}
