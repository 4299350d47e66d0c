/*
 * assign.c - who handles a complaint: moving it to a team and an agent,
 * and handing it over to a colleague, a supervisor or another team with a
 * note (三变法: change the person). Staff who only take complaints in hand
 * over what they registered.
 */
#include "api.h"

#include <string.h>

#include "../http/auth.h"

struct assign_act {
	struct api_act act;
	int64_t team_id, user_id;
	const char *note, *path;
};

static int assign(struct store_conn *c, struct api_act *j, struct kesu_err *err)
{
	struct assign_act *s = (struct assign_act *)j;
	return wf_assign(c, &j->cp, s->team_id, s->user_id, &j->as, j->now, j->a, &j->after, err);
}

int complaints_assign(struct http_request *req)
{
	static const char *const keys[] = {"team_id", "assignee_id", NULL};
	struct kesu_err err = {0};
	json_t *body = api_body(req, keys, &err);
	if (!body)
		return http_reply_error(req, &err);
	json_t *t = json_object_get(body, "team_id"), *u = json_object_get(body, "assignee_id");
	if (!t || !json_is_integer(t) || json_integer_value(t) <= 0)
		return api_fail(req, t ? KE_WRONG_TYPE : KE_MISSING_FIELD, "team_id",
				"is required: the id of the team");
	if (u && !json_is_null(u) && (!json_is_integer(u) || json_integer_value(u) <= 0))
		return api_fail(req, KE_WRONG_TYPE, "assignee_id", "must be a user id or null");
	struct assign_act *s = (struct assign_act *)api_act_new(req, sizeof *s, assign);
	s->team_id = json_integer_value(t);
	s->user_id = u && json_is_integer(u) ? json_integer_value(u) : 0;
	s->act.status = 200;
	return api_act_defer(req, &s->act);
}

static int handover(struct store_conn *c, struct api_act *j, struct kesu_err *err)
{
	struct assign_act *s = (struct assign_act *)j;
	int rc;
	/* staff read no complaint: they hand over what they registered,
	 * and anything else answers as if it did not exist */
	int64_t id;
	char tracking[TRACKING_NO_MAX];
	if (authz_can(&j->who, P_COMPLAINT_READ))
		rc = api_complaint_visible(c, s->path, &j->who, j->a, &j->cp, err);
	else if (!(rc = api_complaint_ref(s->path, &id, tracking, err)) &&
		 !(rc = store_complaint_get(c, id, tracking, j->a, &j->cp, err)) &&
		 strcmp(j->cp.created_by, j->who.actor) != 0)
		rc = kesu_fail(err, KE_NOT_FOUND, "", "no such complaint");
	if (!rc)
		rc = wf_handover(c, &j->cp, s->user_id, s->team_id, s->note, &j->as, j->now, j->a,
				 &j->after, err);
	if (!rc)
		j->out = json_pack("{s:s,s:I,s:o,s:I}", "tracking_no", j->after.tracking_no,
				   "team_id", (json_int_t)j->after.team_id, "assignee_id",
				   j->after.assignee_id ? json_integer(j->after.assignee_id)
							: json_null(),
				   "version", (json_int_t)j->after.version);
	return rc;
}

int complaints_handover(struct http_request *req)
{
	static const char *const keys[] = {"to_user_id", "to_team_id", "note", NULL};
	static const struct field_def note = {NULL, "note", "note", FK_MULTILINE, 2000, NULL,
					      "what the next person needs to know"};
	struct kesu_err err = {0};
	json_t *body = api_body(req, keys, &err);
	struct assign_act *s = (struct assign_act *)api_act_new(req, sizeof *s, handover);
	s->path = s->act.ref;
	s->act.ref = NULL; /* found by the verb: staff see only their own */
	s->act.status = 200;
	if (!body || api_int_member(body, "to_user_id", &s->user_id, &err) ||
	    api_int_member(body, "to_team_id", &s->team_id, &err) ||
	    field_check(&note, json_object_get(body, "note"), s->act.now, s->act.a, &s->note, &err))
		return http_reply_error(req, &err);
	if (!s->user_id && !s->team_id)
		return api_fail(req, KE_MISSING_FIELD, "to_user_id",
				"say to whom: to_user_id (a colleague or supervisor) or to_team_id");
	if (!s->note)
		return api_fail(req, KE_MISSING_FIELD, "note",
				"is required: what the next person needs to know");
	return api_act_defer(req, &s->act);
}

static int take(struct store_conn *c, struct api_act *j, struct kesu_err *err)
{
	return wf_take(c, &j->cp, &j->as, j->now, j->a, &j->after, err);
}

/* POST .../take (接手): the caller becomes the complaint's agent. */
int complaints_take(struct http_request *req)
{
	static const char *const keys[] = {NULL};
	struct kesu_err err = {0};
	/* no body, or an empty object */
	if (http_body_len(req) && !api_body(req, keys, &err))
		return http_reply_error(req, &err);
	struct api_act *j = api_act_new(req, sizeof *j, take);
	j->status = 200;
	return api_act_defer(req, j);
}
