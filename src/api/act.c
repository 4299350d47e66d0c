/*
 * act.c - one act on one complaint, the shape every write route of a
 * complaint shares: the handler checks the body into an act, the writer
 * loads the complaint the path names (if the caller may see it) and calls
 * the workflow's verb, and the reply goes out through the one serializer
 * that masks for the caller.
 */
#include "api.h"

#include "../http/auth.h"
#include "../util/clock.h"

static int act_run(struct store_conn *c, struct store_job *job)
{
	struct api_act *j = (struct api_act *)job;
	int rc = j->ref ? api_complaint_visible(c, j->ref, &j->who, j->a, &j->cp, &job->err) : 0;
	if (!rc)
		j->after = j->cp;
	return rc ? rc : j->verb(c, j, &job->err);
}

static int act_finish(struct http_request *req, struct store_job *job)
{
	struct api_act *j = (struct api_act *)job;
	if (job->rc) {
		json_decref(j->out);
		return http_reply_error(req, &job->err);
	}
	if (j->out)
		return http_reply_json(req, j->status, j->out);
	return api_reply_complaint(req, j->status, &j->after, NULL);
}

struct api_act *api_act_new(struct http_request *req, size_t size, api_verb verb)
{
	struct arena *a = http_arena(req);
	struct api_act *j = arena_zalloc(a, size < sizeof *j ? sizeof *j : size);
	const struct principal *p = http_principal(req);
	j->job.run = act_run;
	j->ref = http_param(req, 0);
	j->who = *p;
	j->as = (struct wf_actor){.user_id = p->user_id, .name = j->who.actor,
				  .perms = p->perms, .teams = j->who.teams, .nteams = p->nteams};
	j->now = clock_now_ms();
	j->a = a;
	j->verb = verb;
	j->status = 201;
	return j;
}

const struct wf_actor *api_actor(struct http_request *req)
{
	const struct principal *p = http_principal(req);
	struct wf_actor *as = arena_zalloc(http_arena(req), sizeof *as);
	*as = (struct wf_actor){.user_id = p->user_id, .name = p->actor, .perms = p->perms,
				.teams = p->teams, .nteams = p->nteams};
	return as;
}

int api_act_defer(struct http_request *req, struct api_act *j)
{
	return http_defer(req, &j->job, act_finish);
}

int api_fail(struct http_request *req, int code, const char *field, const char *message)
{
	struct kesu_err err = {0};
	kesu_fail(&err, code, field, "%s", message);
	return http_reply_error(req, &err);
}

int api_reply_records(struct http_request *req, api_records fn)
{
	struct kesu_err err = {0};
	struct arena *a = http_arena(req);
	struct store_conn *c = http_reader(req, &err);
	struct complaint cp;
	json_t *items = json_array();
	if (!c || api_complaint_visible(c, http_param(req, 0), http_principal(req), a, &cp, &err) ||
	    fn(c, &cp, a, items, &err)) {
		json_decref(items);
		return http_reply_error(req, &err);
	}
	return http_reply_json(req, 200, json_pack("{s:o}", "items", items));
}

json_t *api_body(struct http_request *req, const char *const *keys, struct kesu_err *err)
{
	json_t *body = http_body_json(req, err);
	return body && api_known_keys(body, keys, err) ? NULL : body;
}

int api_int_member(json_t *body, const char *name, int64_t *out, struct kesu_err *err)
{
	json_t *v = json_object_get(body, name);
	*out = 0;
	if (!v || json_is_null(v))
		return 0;
	if (!json_is_integer(v) || json_integer_value(v) <= 0)
		return kesu_fail(err, KE_WRONG_TYPE, name, "must be a positive integer id");
	*out = json_integer_value(v);
	return 0;
}
