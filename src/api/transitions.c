/*
 * transitions.c - the lifecycle over HTTP: a complaint moved to another
 * state, and the workflow's rules as its pages read them (states with
 * their labels, transitions with who may take them, the ladder, the
 * clocks). The rules themselves are src/workflow's tables.
 */
#include "api.h"

#include <string.h>

#include "../http/auth.h"

struct transition_act {
	struct api_act act;
	int to;
	const char *reason;
	int without_plan;
	struct wf_progress *progress;
};

static int transition(struct store_conn *c, struct api_act *j, struct kesu_err *err)
{
	struct transition_act *t = (struct transition_act *)j;
	return wf_transition_told(c, &j->cp, t->to, t->reason,
				  t->without_plan ? WF_WITHOUT_PLAN : 0, t->progress, &j->as, j->now,
				  j->a, &j->after, err);
}

int complaints_transition(struct http_request *req)
{
	static const char *const keys[] = {"to", "reason", "override", "progress", NULL};
	struct kesu_err err = {0};
	json_t *body = api_body(req, keys, &err);
	struct transition_act *t = (struct transition_act *)api_act_new(req, sizeof *t, transition);
	const char *to;
	if (!body || api_string(body, "to", 1, 32, &to, &err) ||
	    api_string(body, "reason", 0, 2000, &t->reason, &err) ||
	    api_progress(body, t->act.a, &t->progress, &err))
		return http_reply_error(req, &err);
	json_t *ov = json_object_get(body, "override");
	if (ov && !json_is_boolean(ov))
		return api_fail(req, KE_WRONG_TYPE, "override",
				"must be true or false: resolve without an accepted plan");
	if ((t->to = state_find(to)) < 0)
		return api_fail(req, KE_INVALID_VALUE, "to",
				"is not a state (see GET /api/v1/workflow)");
	t->without_plan = json_is_true(ov);
	if (t->without_plan && t->to != ST_RESOLVED)
		return api_fail(req, KE_INVALID_VALUE, "override", "is only for going to resolved");
	t->act.status = 200;
	return api_act_defer(req, &t->act);
}

int workflow_get(struct http_request *req)
{
	json_t *states = json_array(), *trans = json_array(), *levels = json_array(),
	       *clocks = json_array();
	for (int i = 0; i < ST__COUNT; i++)
		json_array_append_new(states, json_string(en_status[i].name));
	for (int i = 0; i < wf_ntransitions; i++) {
		const struct wf_transition *t = &wf_transitions[i];
		json_array_append_new(
			trans, json_pack("{s:s,s:s,s:s,s:b,s:s?,s:s}", "from", state_name(t->from),
					 "to", state_name(t->to), "rule", wf_rule_names[t->rule],
					 "reason_required", (t->flags & WF_T_REASON) != 0,
					 "customer_notice", t->notice, "summary", t->summary));
	}
	for (int i = 0; i < LEVEL__COUNT; i++)
		json_array_append_new(levels, json_pack("{s:s,s:s,s:s}", "name", en_level[i].name,
							"label", en_level[i].label[LANG_ZH_CN],
							"owners", roles[wf_level_owner[i]].name));
	for (int i = 0; i < CK__COUNT; i++)
		json_array_append_new(clocks, json_string(en_clock[i].name));
	return http_reply_json(req, 200,
			       json_pack("{s:o,s:o,s:o,s:o}", "states", states, "transitions",
					 trans, "levels", levels, "clocks", clocks));
}
