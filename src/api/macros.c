/*
 * macros.c - /api/v1/complaints/{ref}/macros/{script_id}: a response
 * script's actions (reply, cause, responsibility, state, assignment)
 * applied to a complaint in one step, or previewed. Each action is done by
 * the workflow verb of the route that does it alone, with that route's
 * permission, in this order: cause, responsibility, reply, state, assign.
 * Apply is all or nothing (one store transaction): the first refusal
 * undoes the steps before it and is the answer, naming actions.<key>.
 * Preview runs the same steps in a transaction that is then rolled back,
 * and answers each step with what it would do or why it would be refused.
 */
#include "api.h"

#include <stdio.h>
#include <string.h>

#include "../http/auth.h"
#include "../knowledge/knowledge.h"

struct macro_act {
	struct api_act act;
	int64_t script_id;
	int preview;
	json_t *steps; /* preview: the answer's steps */
};

/* The order the actions are done in. */
static const char *const order[] = {"cause", "responsibility", "reply", "state", "assign"};
#define NORDER (sizeof order / sizeof order[0])

/* Does one action on *cur (the complaint as the steps before left it). */
static int step_do(struct store_conn *c, struct macro_act *m, const char *key, const char *val,
		   const struct kn_vars *v, struct complaint *cur, json_t *out,
		   struct kesu_err *err)
{
	struct api_act *j = &m->act;
	struct complaint after = *cur;
	int rc;
	unsigned need = strcmp(key, "assign") == 0 && strcmp(val, "team") == 0 ? P_COMPLAINT_ASSIGN
									       : P_COMPLAINT_EDIT;
	if (!(j->as.perms & need))
		return kesu_fail(err, KE_FORBIDDEN, "", "your role may not do this");
	if (strcmp(key, "cause") == 0 || strcmp(key, "responsibility") == 0) {
		enum complaint_field f = key[0] == 'c' ? CF_CAUSE : CF_RESPONSIBILITY;
		json_object_set_new(out, "from", cur->v[f] ? json_string(cur->v[f]) : json_null());
		json_object_set_new(out, "to", json_string(val));
		/* val lives in the script's parsed actions, freed before the
		 * answer is written: the complaint keeps its own copy */
		after.v[f] = arena_strdup(j->a, val);
		rc = wf_edit(c, cur, &after, 1u << f, 0, &j->as, j->now, err);
	} else if (strcmp(key, "reply") == 0) {
		const char *text = kn_script_fill(val, v, NULL, j->a);
		json_object_set_new(out, "text", json_string(text));
		rc = wf_reply(c, cur, text, &j->as, j->now, j->a, NULL, err);
	} else if (strcmp(key, "state") == 0) {
		json_object_set_new(out, "from", json_string(state_name(cur->state)));
		json_object_set_new(out, "to", json_string(val));
		rc = wf_transition_told(c, cur, state_find(val), NULL, 0, NULL, &j->as, j->now,
					j->a, &after, err);
	} else if (strcmp(val, "self") == 0) {
		json_object_set_new(out, "to", json_string(j->as.name));
		rc = wf_take(c, cur, &j->as, j->now, j->a, &after, err);
	} else {
		json_object_set_new(out, "to", json_string("team"));
		rc = wf_assign(c, cur, cur->team_id, 0, &j->as, j->now, j->a, &after, err);
	}
	if (!rc)
		*cur = after;
	return rc;
}

static int macro_run(struct store_conn *c, struct api_act *j, struct kesu_err *err)
{
	struct macro_act *m = (struct macro_act *)j;
	struct script s;
	struct kn_vars v;
	int rc = store_script_get(c, m->script_id, j->a, &s, err);
	if (rc == -KE_NOT_FOUND)
		return kesu_fail(err, KE_NOT_FOUND, "script_id", "no such script");
	if (rc)
		return rc;
	if (s.playbook)
		return kesu_fail(err, KE_CONFLICT, "script_id",
				 "the script is for the review playbook %s, not for a complaint",
				 s.playbook);
	if (!s.actions)
		return kesu_fail(err, KE_CONFLICT, "script_id", "the script has no actions");
	if ((rc = api_script_vars(c, &j->cp, &j->who, j->a, &v, err)))
		return rc;
	json_t *actions = json_loads(s.actions, 0, NULL);
	json_t *steps = json_array(), *done = json_array();
	struct complaint cur = j->cp;
	int refused = 0;
	for (size_t i = 0; i < NORDER && !rc; i++) {
		const char *val = json_string_value(json_object_get(actions, order[i]));
		if (!val)
			continue;
		json_t *out = json_pack("{s:s}", "action", order[i]);
		struct kesu_err e = {0};
		char field[48];
		if (step_do(c, m, order[i], val, &v, &cur, out, &e)) {
			refused++;
			json_object_set_new(out, "would", json_false());
			json_object_set_new(out, "refused",
					    json_pack("{s:s,s:s,s:s,s:s}", "error", kesu_code_name(e.code),
						      "field", e.field, "reason",
						      kesu_reason_name(e.reason, e.code), "message", e.message));
			if (!m->preview) {
				snprintf(field, sizeof field, "actions.%s", order[i]);
				rc = kesu_fail(err, e.code, field, "%s (%s)", e.message,
					       *e.field ? e.field : order[i]);
			}
		} else {
			json_object_set_new(out, "would", json_true());
			json_array_append_new(done, json_string(order[i]));
		}
		json_array_append_new(steps, out);
	}
	if (!rc && !m->preview)
		rc = wf_macro_applied(c, &cur, s.id, s.title, done, &j->as, j->now, j->a, err);
	json_decref(actions);
	json_decref(done);
	if (m->preview) {
		j->out = json_pack("{s:I,s:s,s:o,s:b}", "script_id", (json_int_t)s.id, "title",
				   s.title, "steps", steps, "applicable", refused == 0);
		/* changes nothing: the writer rolls back what the steps wrote */
		return kesu_fail(err, KE_CONFLICT, "", "preview");
	}
	json_decref(steps);
	j->after = cur;
	return rc;
}

static int macro_finish(struct http_request *req, struct store_job *job)
{
	struct macro_act *m = (struct macro_act *)job;
	if (m->preview && m->act.out)
		return http_reply_json(req, 200, m->act.out);
	if (job->rc)
		return http_reply_error(req, &job->err);
	return api_reply_complaint(req, 200, &m->act.after, NULL);
}

static int macro(struct http_request *req, int preview)
{
	struct kesu_err err = {0};
	struct macro_act *m = (struct macro_act *)api_act_new(req, sizeof *m, macro_run);
	if (api_id(http_param(req, 1), &m->script_id, &err))
		return api_fail(req, KE_NOT_FOUND, "script_id", "no such script");
	m->preview = preview;
	return http_defer(req, &m->act.job, macro_finish);
}

int macros_preview(struct http_request *req)
{
	return macro(req, 1);
}

int macros_apply(struct http_request *req)
{
	return macro(req, 0);
}
