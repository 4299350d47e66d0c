/*
 * duty.c - who the assignment rules choose: each agent's duty switch and
 * skills (the complaint categories they handle), and each team's rule.
 * An agent switches their own duty; a supervisor (complaint.assign) those
 * of their teams' members, whose skills only they set.
 */
#include "api.h"

#include <stdio.h>
#include <string.h>

#include "../http/auth.h"
#include "../util/clock.h"
#include "staff_int.h"

#define SKILLS_MAX 20

/* Whether the caller may change account u's duty (self: their own too):
 * a supervisor of one of u's teams, or one who sees every team. Anyone
 * else is told there is no such user, so that ids cannot be probed. */
static int may_manage(const struct principal *p, const struct user *u, int self,
		      struct kesu_err *err)
{
	if (self && u->id == p->user_id)
		return 0;
	if (authz_can(p, P_COMPLAINT_ASSIGN)) {
		if (authz_can(p, P_ALL_TEAMS))
			return 0;
		for (int i = 0; i < u->nteams; i++)
			if (authz_team(p, u->teams[i]))
				return 0;
	}
	return kesu_fail(err, KE_NOT_FOUND, "", "no such user");
}

/* Loads j's user into j->u if j->who may manage them (self_ok: they
 * themselves may too); anyone else is told no such user exists. */
static int managed_user(struct store_conn *c, struct user_job *j, int self_ok,
			struct kesu_err *err)
{
	int rc = store_user_get(c, j->id, NULL, j->a, &j->u, err);
	if (rc == -KE_NOT_FOUND) {
		kesu_err_clear(err);
		return kesu_fail(err, KE_NOT_FOUND, "", "no such user");
	}
	return rc ? rc : may_manage(j->who, &j->u, self_ok, err);
}

static int duty_run(struct store_conn *c, struct store_job *job)
{
	struct user_job *j = (struct user_job *)job;
	int rc = managed_user(c, j, 1, &job->err);
	if (!rc && j->u.disabled_at)
		rc = kesu_fail(&job->err, KE_INVALID_VALUE, "on_duty",
			       "a disabled account cannot be on duty");
	return rc ? rc : store_user_set_duty(c, j->id, j->flag, &job->err);
}

int users_duty(struct http_request *req)
{
	static const char *const keys[] = {"on_duty", NULL};
	struct kesu_err err = {0};
	int64_t id;
	if (staff_user_ref(req, &id, &err))
		return http_reply_error(req, &err);
	json_t *body = api_body(req, keys, &err);
	if (!body)
		return http_reply_error(req, &err);
	json_t *v = json_object_get(body, "on_duty");
	if (!json_is_boolean(v))
		return api_fail(req, v ? KE_WRONG_TYPE : KE_MISSING_FIELD, "on_duty",
				"is required: true or false");
	struct user_job *j = staff_user_job(req, id, duty_run);
	j->flag = json_is_true(v);
	j->who = http_principal(req);
	j->reply_user = 1;
	return http_defer(req, &j->job, staff_user_finish);
}

static int skills_run(struct store_conn *c, struct store_job *job)
{
	struct user_job *j = (struct user_job *)job;
	int rc = managed_user(c, j, 0, &job->err);
	return rc ? rc : store_user_set_skills(c, j->id, j->skills, j->nskills, &job->err);
}

int users_skills(struct http_request *req)
{
	static const char *const keys[] = {"categories", NULL};
	struct kesu_err err = {0};
	int64_t id;
	if (staff_user_ref(req, &id, &err))
		return http_reply_error(req, &err);
	json_t *body = api_body(req, keys, &err);
	if (!body)
		return http_reply_error(req, &err);
	json_t *v = json_object_get(body, "categories"), *x;
	if (!json_is_array(v))
		return api_fail(req, v ? KE_WRONG_TYPE : KE_MISSING_FIELD, "categories",
				"is required: a list of complaint categories (empty: none)");
	if (json_array_size(v) > SKILLS_MAX)
		return api_fail(req, KE_INVALID_VALUE, "categories",
				"lists at most 20 categories");
	struct user_job *j = staff_user_job(req, id, skills_run);
	j->skills = arena_alloc(http_arena(req), sizeof *j->skills * (json_array_size(v) + 1));
	size_t i;
	json_array_foreach(v, i, x) {
		const char *s = json_string_value(x);
		if (!s || !*s || strlen(s) > 64)
			return api_fail(req, KE_WRONG_TYPE, "categories",
					"lists categories as text of 1 to 64 characters");
		j->skills[j->nskills++] = s;
	}
	j->who = http_principal(req);
	j->reply_user = 1;
	return http_defer(req, &j->job, staff_user_finish);
}

struct rule_job {
	struct store_job job;
	int64_t id, now;
	const char *rule, *actor, *address;
	int by_skill;
	struct arena *a;
	struct team t;
};

static int rule_run(struct store_conn *c, struct store_job *job)
{
	struct rule_job *j = (struct rule_job *)job;
	int rc = store_team_set_rule(c, j->id, j->rule, j->by_skill, &job->err);
	char target[32];
	snprintf(target, sizeof target, "team:%lld", (long long)j->id);
	json_t *d = json_pack("{s:s,s:b}", "rule", j->rule, "by_skill", j->by_skill);
	if (!rc)
		rc = api_security_event(c, j->actor, j->address, j->now, "team_assign_rule", target,
					d, &job->err);
	json_decref(d);
	return rc ? rc : store_team_get(c, j->id, NULL, j->a, &j->t, &job->err);
}

static int rule_finish(struct http_request *req, struct store_job *job)
{
	struct rule_job *j = (struct rule_job *)job;
	if (job->rc)
		return http_reply_error(req, &job->err);
	return http_reply_json(req, 200, api_team_json(&j->t));
}

int teams_assignment(struct http_request *req)
{
	static const char *const keys[] = {"rule", "by_skill", NULL};
	struct kesu_err err = {0};
	struct arena *a = http_arena(req);
	const struct principal *p = http_principal(req);
	int64_t id;
	/* a supervisor sets the rule of their own teams */
	if (api_id(http_param(req, 0), &id, &err) || !authz_team(p, id))
		return api_fail(req, KE_NOT_FOUND, "", "no such team");
	json_t *body = api_body(req, keys, &err);
	if (!body)
		return http_reply_error(req, &err);
	json_t *r = json_object_get(body, "rule"), *s = json_object_get(body, "by_skill");
	if (!json_is_string(r))
		return api_fail(req, r ? KE_WRONG_TYPE : KE_MISSING_FIELD, "rule",
				"is required: manual, round_robin or fewest_open");
	int known = 0;
	for (int i = 0; wf_assign_rules[i]; i++)
		known |= strcmp(wf_assign_rules[i], json_string_value(r)) == 0;
	if (!known)
		return api_fail(req, KE_INVALID_VALUE, "rule",
				"must be manual, round_robin or fewest_open");
	if (s && !json_is_boolean(s))
		return api_fail(req, KE_WRONG_TYPE, "by_skill", "must be true or false");
	struct rule_job *j = arena_zalloc(a, sizeof *j);
	j->job.run = rule_run;
	j->id = id;
	j->now = clock_now_ms();
	j->rule = arena_strdup(a, json_string_value(r));
	j->by_skill = s && json_is_true(s);
	j->actor = arena_strdup(a, p->actor);
	j->address = arena_strdup(a, http_address(req));
	j->a = a;
	return http_defer(req, &j->job, rule_finish);
}
