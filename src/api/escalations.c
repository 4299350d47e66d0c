/*
 * escalations.c - a complaint raised up the escalation ladder by a
 * person: one level, to a named level, straight to management when the
 * customer insists or major interests are at stake, or flagged as
 * threatening to spread. Platform and PR name the outside fact: the
 * platform or regulator and its case number, the outlet or post.
 */
#include "api.h"

struct escalate_act {
	struct api_act act;
	const char *reason, *cause;
	struct wf_escalation_fact fact;
	int level, threat;
};

static int escalate(struct store_conn *c, struct api_act *j, struct kesu_err *err)
{
	struct escalate_act *e = (struct escalate_act *)j;
	return wf_escalate(c, &j->cp, e->level,
			   e->cause ? e->cause : e->threat ? "threat" : "request", e->reason,
			   e->threat, &e->fact, &j->as, j->now, j->a, &j->after, err);
}

int complaints_escalate(struct http_request *req)
{
	static const char *const keys[] = {"reason", "level",	"threat", "cause",
					   "platform", "case_number", "outlet", NULL};
	struct kesu_err err = {0};
	json_t *body = api_body(req, keys, &err);
	struct escalate_act *e = (struct escalate_act *)api_act_new(req, sizeof *e, escalate);
	const char *level;
	if (!body || api_string(body, "reason", 1, 2000, &e->reason, &err) ||
	    api_string(body, "level", 0, 16, &level, &err) ||
	    api_string(body, "cause", 0, 32, &e->cause, &err) ||
	    api_string(body, "platform", 0, 100, &e->fact.platform, &err) ||
	    api_string(body, "case_number", 0, 100, &e->fact.case_number, &err) ||
	    api_string(body, "outlet", 0, 500, &e->fact.outlet, &err))
		return http_reply_error(req, &err);
	if (e->cause && enum_input(en_escalation_cause, e->cause) < 0)
		return api_fail(req, KE_INVALID_VALUE, "cause",
				"must be one of: request, customer_demands_management, major_interest");
	e->level = level ? enum_index(en_level, level) : -1;
	if (level && e->level < 0)
		return api_fail(req, KE_INVALID_VALUE, "level",
				"must be one of: agent, supervisor, management, platform, pr");
	json_t *t = json_object_get(body, "threat");
	if (t && !json_is_boolean(t))
		return api_fail(req, KE_WRONG_TYPE, "threat", "must be true or false");
	e->threat = json_is_true(t);
	e->act.status = 200;
	return api_act_defer(req, &e->act);
}
