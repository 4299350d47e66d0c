/*
 * workflow.c - the workflow's routes: state transitions, escalation, a
 * complaint's notices, and the settings the clocks run on (business
 * calendar, SLA policy). The rules themselves are in src/workflow.
 */
#include "api.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../http/auth.h"
#include "../util/clock.h"
#include "../workflow/workflow.h"

#define MANAGEMENT 2 /* the ladder's senior-management level */

/* A change to one complaint, decided inside the writer. */
struct wf_job {
	struct store_job job;
	const char *ref, *to, *reason, *cause;
	int level, threat, without_plan;
	struct principal who;
	int64_t now;
	struct complaint after;
	struct arena *a;
};


static int finish(struct http_request *req, struct store_job *job)
{
	struct wf_job *j = (struct wf_job *)job;
	if (job->rc)
		return http_reply_error(req, &job->err);
	char etag[32];
	complaint_etag(&j->after, etag);
	http_add_header(req, "ETag", etag);
	return http_reply_json(req, 200, complaint_to_json(&j->after, NULL));
}

static struct wf_job *job_new(struct http_request *req,
			      int (*run)(struct store_conn *, struct store_job *))
{
	struct arena *a = http_arena(req);
	struct wf_job *j = arena_zalloc(a, sizeof *j);
	j->job.run = run;
	j->ref = http_param(req, 0);
	j->who = *http_principal(req);
	j->now = clock_now_ms();
	j->a = a;
	return j;
}

/* --- POST /api/v1/complaints/{ref}/transitions ----------------------------- */

static int transition_run(struct store_conn *c, struct store_job *job)
{
	struct wf_job *j = (struct wf_job *)job;
	struct complaint cp;
	int rc = api_complaint_visible(c, j->ref, &j->who, j->a, &cp, &job->err);
	if (rc)
		return rc;
	const struct wf_transition *t = wf_find(cp.status, j->to);
	int override = authz_can(&j->who, P_COMPLAINT_OVERRIDE);
	if (t && t->rule == WF_OVERRIDE && !override)
		return kesu_fail(&job->err, KE_FORBIDDEN, "to",
				 "going from %s to %s is a manager's decision (needs complaint.override)",
				 cp.status, j->to);
	if (j->without_plan && !override)
		return kesu_fail(&job->err, KE_FORBIDDEN, "override",
				 "resolving without an accepted plan is a manager's decision (needs complaint.override)");
	return wf_transition(c, &cp, j->to, j->reason,
			     (override ? WF_AS_MANAGER : 0) | (j->without_plan ? WF_WITHOUT_PLAN : 0),
			     j->who.actor, j->now, j->a, &j->after, &job->err);
}

int complaints_transition(struct http_request *req)
{
	static const char *const keys[] = {"to", "reason", "override", NULL};
	struct kesu_err err = {0};
	json_t *body = http_body_json(req, &err);
	struct wf_job *j = job_new(req, transition_run);
	if (!body || api_known_keys(body, keys, &err) ||
	    api_string(body, "to", 1, 32, &j->to, &err) ||
	    api_string(body, "reason", 0, 2000, &j->reason, &err))
		return http_reply_error(req, &err);
	json_t *ov = json_object_get(body, "override");
	if (ov && !json_is_boolean(ov)) {
		kesu_fail(&err, KE_WRONG_TYPE, "override",
			  "must be true or false: resolve without an accepted plan");
		return http_reply_error(req, &err);
	}
	j->without_plan = json_is_true(ov);
	if (j->without_plan && strcmp(j->to, "resolved") != 0) {
		kesu_fail(&err, KE_INVALID_VALUE, "override", "is only for going to resolved");
		return http_reply_error(req, &err);
	}
	int known = 0;
	for (int i = 0; complaint_statuses[i]; i++)
		known |= strcmp(complaint_statuses[i], j->to) == 0;
	if (!known) {
		kesu_fail(&err, KE_INVALID_VALUE, "to", "is not a state (see GET /api/v1/workflow)");
		return http_reply_error(req, &err);
	}
	return http_defer(req, &j->job, finish);
}

/* --- POST /api/v1/complaints/{ref}/escalations ------------------------------ */

static int escalate_run(struct store_conn *c, struct store_job *job)
{
	struct wf_job *j = (struct wf_job *)job;
	struct complaint cp;
	int rc = api_complaint_visible(c, j->ref, &j->who, j->a, &cp, &job->err);
	if (rc)
		return rc;
	/* domain.md 4: a customer who insists on management, or whose major
	 * interests are at stake, goes up to management at once */
	if (j->cause && j->level < 0)
		j->level = cp.level < MANAGEMENT ? MANAGEMENT : cp.level + 1;
	if (j->level >= 0 && j->level <= cp.level && !(j->threat && !cp.threat))
		return kesu_fail(&job->err, KE_CONFLICT, "level",
				 "the complaint is at level %s already; it can only go up",
				 wf_levels[cp.level].name);
	return wf_escalate(c, &cp, j->level,
			   j->cause ? j->cause : j->threat ? "threat" : "request", j->reason,
			   j->threat, j->who.actor, j->now, j->a, &j->after, &job->err);
}

int complaints_escalate(struct http_request *req)
{
	static const char *const keys[] = {"reason", "level", "threat", "cause", NULL};
	static const char *const causes[] = {"request", "customer_demands_management",
					     "major_interest", NULL};
	struct kesu_err err = {0};
	json_t *body = http_body_json(req, &err);
	struct wf_job *j = job_new(req, escalate_run);
	const char *level;
	if (!body || api_known_keys(body, keys, &err) ||
	    api_string(body, "reason", 1, 2000, &j->reason, &err) ||
	    api_string(body, "level", 0, 16, &level, &err) ||
	    api_string(body, "cause", 0, 32, &j->cause, &err))
		return http_reply_error(req, &err);
	if (j->cause && !field_value_known(causes, j->cause)) {
		kesu_fail(&err, KE_INVALID_VALUE, "cause",
			  "must be one of: request, customer_demands_management, major_interest");
		return http_reply_error(req, &err);
	}
	if (j->cause && strcmp(j->cause, "request") == 0)
		j->cause = NULL;
	j->level = -1;
	if (level && (j->level = wf_level_find(level)) < 0) {
		kesu_fail(&err, KE_INVALID_VALUE, "level",
			  "must be one of: agent, supervisor, management, platform, pr");
		return http_reply_error(req, &err);
	}
	json_t *t = json_object_get(body, "threat");
	if (t && !json_is_boolean(t)) {
		kesu_fail(&err, KE_WRONG_TYPE, "threat", "must be true or false");
		return http_reply_error(req, &err);
	}
	j->threat = json_is_true(t);
	return http_defer(req, &j->job, finish);
}

/* --- GET /api/v1/workflow ---------------------------------------------------- */

int workflow_get(struct http_request *req)
{
	static const char *const rules[] = {"edit", "override", "system"};
	json_t *states = json_array(), *trans = json_array(), *levels = json_array(),
	       *clocks = json_array();
	for (int i = 0; complaint_statuses[i]; i++)
		json_array_append_new(states, json_string(complaint_statuses[i]));
	for (int i = 0; i < wf_ntransitions; i++) {
		const struct wf_transition *t = &wf_transitions[i];
		json_array_append_new(trans, json_pack("{s:s,s:s,s:s,s:b,s:s?,s:s}", "from", t->from,
						       "to", t->to, "rule", rules[t->rule],
						       "reason_required", t->needs_reason,
						       "customer_notice", t->notice, "summary",
						       t->summary));
	}
	for (int i = 0; i < wf_nlevels; i++)
		json_array_append_new(levels, json_pack("{s:s,s:s,s:s}", "name", wf_levels[i].name,
							"label", wf_levels[i].label_zh,
							"owners", wf_levels[i].owners));
	for (int i = 0; i < CK__COUNT; i++)
		json_array_append_new(clocks, json_string(wf_clock_names[i]));
	return http_reply_json(req, 200,
			       json_pack("{s:o,s:o,s:o,s:o}", "states", states, "transitions",
					 trans, "levels", levels, "clocks", clocks));
}

/* --- calendar and SLA ------------------------------------------------------ */

struct setting_job {
	struct store_job job;
	const char *key;
	char *text;
	const char *actor, *address;
	int64_t now;
};

static int setting_run(struct store_conn *c, struct store_job *job)
{
	struct setting_job *j = (struct setting_job *)job;
	int rc = store_setting_put(c, j->key, j->text, &job->err);
	if (rc)
		return rc;
	wf_settings_changed(); /* the writer reads them again on next use */
	char target[32];
	snprintf(target, sizeof target, "setting:%s", j->key);
	json_t *d = json_loads(j->text, 0, NULL);
	rc = api_security_event(c, j->actor, j->address, j->now, "setting_changed", target, d,
				&job->err);
	json_decref(d);
	return rc;
}

static int setting_finish(struct http_request *req, struct store_job *job)
{
	struct setting_job *j = (struct setting_job *)job;
	int rc;
	if (job->rc) {
		rc = http_reply_error(req, &job->err);
	} else {
		json_t *o = json_loads(j->text, 0, NULL);
		rc = http_reply_json(req, 200, o);
	}
	free(j->text);
	return rc;
}

static int setting_get(struct http_request *req, int calendar)
{
	struct kesu_err err = {0};
	struct store_conn *c = http_reader(req, &err);
	struct wf_settings s;
	if (!c || wf_settings_read(c, &s, &err))
		return http_reply_error(req, &err);
	return http_reply_json(req, 200, calendar ? cal_to_json(&s.cal) : wf_sla_to_json(&s.sla));
}

static int setting_put(struct http_request *req, int calendar)
{
	struct kesu_err err = {0};
	struct arena *a = http_arena(req);
	json_t *body = http_body_json(req, &err);
	if (!body)
		return http_reply_error(req, &err);
	struct setting_job *j = arena_zalloc(a, sizeof *j);
	json_t *norm;
	if (calendar) {
		struct calendar *cal = arena_alloc(a, sizeof *cal);
		if (cal_from_json(body, cal, &err))
			return http_reply_error(req, &err);
		norm = cal_to_json(cal);
	} else {
		struct wf_sla sla;
		if (wf_sla_from_json(body, &sla, &err))
			return http_reply_error(req, &err);
		norm = wf_sla_to_json(&sla);
	}
	j->text = json_dumps(norm, JSON_COMPACT);
	json_decref(norm);
	j->job.run = setting_run;
	j->key = calendar ? "calendar" : "sla";
	j->actor = arena_strdup(a, http_principal(req)->actor);
	j->address = arena_strdup(a, http_address(req));
	j->now = clock_now_ms();
	return http_defer(req, &j->job, setting_finish);
}

/* Merging a list of days is done in the writer, on the calendar in force
 * there, so that two imports at once both count. */
struct days_job {
	struct setting_job set;
	json_t *days;
};

static int days_run(struct store_conn *c, struct store_job *job)
{
	struct days_job *j = (struct days_job *)job;
	struct wf_settings s;
	int rc = wf_settings_read(c, &s, &job->err);
	if (rc || (rc = cal_merge_days(&s.cal, j->days, &job->err)))
		return rc;
	json_t *norm = cal_to_json(&s.cal);
	j->set.text = json_dumps(norm, JSON_COMPACT);
	json_decref(norm);
	return setting_run(c, job);
}

int calendar_days_post(struct http_request *req)
{
	static const char *const keys[] = {"days", NULL};
	struct kesu_err err = {0};
	struct arena *a = http_arena(req);
	json_t *body = http_body_json(req, &err);
	struct calendar check;
	cal_default(&check);
	/* checked here as well, so that a bad list never reaches the writer */
	if (!body || api_known_keys(body, keys, &err) ||
	    cal_merge_days(&check, json_object_get(body, "days"), &err))
		return http_reply_error(req, &err);
	struct days_job *j = arena_zalloc(a, sizeof *j);
	j->days = json_object_get(body, "days");
	j->set.job.run = days_run;
	j->set.key = "calendar";
	j->set.actor = arena_strdup(a, http_principal(req)->actor);
	j->set.address = arena_strdup(a, http_address(req));
	j->set.now = clock_now_ms();
	return http_defer(req, &j->set.job, setting_finish);
}

int calendar_get(struct http_request *req) { return setting_get(req, 1); }
int calendar_put(struct http_request *req) { return setting_put(req, 1); }
int sla_get(struct http_request *req) { return setting_get(req, 0); }
int sla_put(struct http_request *req) { return setting_put(req, 0); }
