/*
 * bulk.c - POST /api/v1/complaints/bulk: one act (assign, take,
 * acknowledge, change state) on up to BULK_MAX complaints of a queue. Each
 * complaint goes through the same workflow verb and the same visibility
 * check as the single act, under a savepoint of its own, so a refused row
 * changes nothing and the others still go through; the reply is one
 * summary of what was done and what was refused, and why.
 */
#include "api.h"

#include <stdio.h>
#include <string.h>

#include "../http/auth.h"

#define BULK_MAX 100

enum bulk_action { B_ASSIGN, B_TAKE, B_ACKNOWLEDGE, B_TRANSITION, B__COUNT };

/* The actions, and the permission each needs beyond the route's
 * complaint.edit: the same as its single route's. */
static const struct {
	const char *name;
	int perm;
} actions[B__COUNT] = {
	[B_ASSIGN] = {"assign", P_COMPLAINT_ASSIGN},
	[B_TAKE] = {"take", P_COMPLAINT_EDIT},
	[B_ACKNOWLEDGE] = {"acknowledge", P_COMPLAINT_EDIT},
	[B_TRANSITION] = {"transition", P_COMPLAINT_EDIT},
};

struct bulk_job {
	struct api_act act;
	int action;
	const char **refs;
	int nrefs;
	int64_t team_id, user_id;
	int to;
	const char *reason;
	struct wf_progress *progress;
	int done;
	json_t *results, *refused;
};

static int one(struct store_conn *c, struct bulk_job *b, struct complaint *cp,
	       struct complaint *after, struct kesu_err *err)
{
	struct api_act *j = &b->act;
	switch (b->action) {
	case B_ASSIGN:
		return wf_assign(c, cp, b->team_id ? b->team_id : cp->team_id, b->user_id, &j->as,
				 j->now, j->a, after, err);
	case B_TAKE:
		return wf_take(c, cp, &j->as, j->now, j->a, after, err);
	case B_ACKNOWLEDGE:
		return wf_transition_told(c, cp, ST_ACKNOWLEDGED, NULL, 0, NULL, &j->as, j->now,
					  j->a, after, err);
	default:
		return wf_transition_told(c, cp, b->to, b->reason, 0, b->progress, &j->as, j->now,
					  j->a, after, err);
	}
}

static int bulk_run(struct store_conn *c, struct store_job *job)
{
	struct bulk_job *b = (struct bulk_job *)job;
	for (int i = 0; i < b->nrefs; i++) {
		struct kesu_err err = {0};
		struct complaint cp, after;
		int rc = store_savepoint(c, "bulk_row", &job->err);
		if (rc)
			return rc;
		rc = api_complaint_visible(c, b->refs[i], &b->act.who, b->act.a, &cp, &err);
		if (!rc) {
			after = cp;
			rc = one(c, b, &cp, &after, &err);
		}
		if (rc) {
			if (store_savepoint_undo(c, "bulk_row", &job->err))
				return -job->err.code;
			/* the store failing is not a refusal of this row */
			if (err.code == KE_UNAVAILABLE || err.code == KE_INTERNAL) {
				job->err = err;
				return -err.code;
			}
			json_array_append_new(b->refused, api_bulk_refused_json(b->refs[i], &err));
			continue;
		}
		if (store_savepoint_release(c, "bulk_row", &job->err))
			return -job->err.code;
		json_array_append_new(b->results, api_bulk_done_json(b->refs[i], &after));
		b->done++;
	}
	return 0;
}

static int bulk_finish(struct http_request *req, struct store_job *job)
{
	struct bulk_job *b = (struct bulk_job *)job;
	if (job->rc) {
		json_decref(b->results);
		json_decref(b->refused);
		return http_reply_error(req, &job->err);
	}
	return http_reply_json(req, 200,
			       json_pack("{s:s,s:i,s:o,s:o}", "action", actions[b->action].name,
					 "done", b->done, "refused", b->refused, "results",
					 b->results));
}

/* The refs: 1 to BULK_MAX complaint ids or tracking numbers. */
static int read_refs(json_t *v, struct bulk_job *b, struct kesu_err *err)
{
	int code = !v || (json_is_array(v) && !json_array_size(v)) ? KE_MISSING_FIELD
		   : !json_is_array(v)				      ? KE_WRONG_TYPE
		   : json_array_size(v) > BULK_MAX		      ? KE_TOO_LONG
								      : 0;
	if (code)
		return kesu_fail(err, code, "refs",
				 "must list 1 to %d complaints (ids or tracking numbers)", BULK_MAX);
	b->nrefs = (int)json_array_size(v);
	b->refs = arena_alloc(b->act.a, sizeof *b->refs * (size_t)b->nrefs);
	for (int i = 0; i < b->nrefs; i++) {
		json_t *r = json_array_get(v, (size_t)i);
		char id[32];
		if (json_is_integer(r) && json_integer_value(r) > 0) {
			snprintf(id, sizeof id, "%lld", (long long)json_integer_value(r));
			b->refs[i] = arena_strdup(b->act.a, id);
		} else if (json_is_string(r) && json_string_length(r) > 0 &&
			   json_string_length(r) < TRACKING_NO_MAX) {
			b->refs[i] = arena_strdup(b->act.a, json_string_value(r));
		} else {
			return kesu_fail(err, KE_WRONG_TYPE, "refs",
					 "item %d is not a complaint id or tracking number", i);
		}
	}
	return 0;
}

int complaints_bulk(struct http_request *req)
{
	static const char *const keys[] = {"action", "refs", "team_id", "assignee_id",
					   "to", "reason", "progress", NULL};
	struct kesu_err err = {0};
	const struct principal *p = http_principal(req);
	json_t *body = api_body(req, keys, &err);
	struct bulk_job *b = (struct bulk_job *)api_act_new(req, sizeof *b, NULL);
	const char *action = NULL, *to = NULL;
	if (!body || api_string(body, "action", 1, 32, &action, &err))
		return http_reply_error(req, &err);
	for (b->action = 0; b->action < B__COUNT; b->action++)
		if (!strcmp(actions[b->action].name, action))
			break;
	if (b->action == B__COUNT)
		return api_fail(req, KE_INVALID_VALUE, "action",
				"must be assign, take, acknowledge or transition");
	if (!authz_can(p, actions[b->action].perm))
		return api_fail(req, KE_FORBIDDEN, "action",
				"assigning complaints needs complaint.assign");
	if (read_refs(json_object_get(body, "refs"), b, &err) ||
	    api_int_member(body, "team_id", &b->team_id, &err) ||
	    api_int_member(body, "assignee_id", &b->user_id, &err) ||
	    api_string(body, "to", b->action == B_TRANSITION, 32, &to, &err) ||
	    api_string(body, "reason", 0, 2000, &b->reason, &err) ||
	    api_progress(body, b->act.a, &b->progress, &err))
		return http_reply_error(req, &err);
	if (b->action == B_TRANSITION && (b->to = state_find(to)) < 0)
		return api_fail(req, KE_INVALID_VALUE, "to",
				"is not a state (see GET /api/v1/workflow)");
	if (b->action == B_ASSIGN && !b->user_id)
		return api_fail(req, KE_MISSING_FIELD, "assignee_id",
				"is required to assign: the agent's user id");
	b->act.ref = NULL;
	b->act.job.run = bulk_run;
	b->results = json_array();
	b->refused = json_array();
	return http_defer(req, &b->act.job, bulk_finish);
}
