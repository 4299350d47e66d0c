/*
 * teams.c - /api/v1/teams: the teams complaints are routed to, made and
 * renamed by an administrator (each in the security log), a team's
 * members, whom its complaints can be assigned to, and the supervisors'
 * view of them: each agent's load, times and satisfaction.
 */
#include "api.h"

#include <stdio.h>

#include <math.h>

#include "../http/auth.h"
#include "../report/report.h"
#include "../util/clock.h"
#include "../workflow/calendar.h"

json_t *api_team_json(const struct team *t)
{
	char at[40];
	return json_pack("{s:I,s:s,s:i,s:s,s:s,s:b}", "id", (json_int_t)t->id, "name", t->name,
			 "members", t->members, "created_at",
			 clock_format(t->created_at, at, sizeof at), "assign_rule", t->assign_rule,
			 "assign_by_skill", t->assign_by_skill);
}

int teams_list(struct http_request *req)
{
	struct kesu_err err = {0};
	struct store_conn *c = http_reader(req, &err);
	struct team *items;
	int n;
	if (!c || store_team_list(c, http_arena(req), &items, &n, &err))
		return http_reply_error(req, &err);
	json_t *arr = json_array();
	for (int i = 0; i < n; i++)
		json_array_append_new(arr, api_team_json(&items[i]));
	return http_reply_json(req, 200, json_pack("{s:o}", "items", arr));
}

struct team_job {
	struct store_job job;
	struct team t;
	const char *actor, *address;
	int rename;
	struct arena *a;
};

static int team_run(struct store_conn *c, struct store_job *job)
{
	struct team_job *j = (struct team_job *)job;
	int rc = j->rename ? store_team_rename(c, j->t.id, j->t.name, &job->err)
			   : store_team_insert(c, &j->t, &job->err);
	if (rc)
		return rc;
	char target[32];
	snprintf(target, sizeof target, "team:%lld", (long long)j->t.id);
	json_t *d = json_pack("{s:s}", "name", j->t.name);
	rc = api_security_event(c, j->actor, j->address, j->t.created_at,
				j->rename ? "team_renamed" : "team_created", target, d, &job->err);
	json_decref(d);
	return rc ? rc : store_team_get(c, j->t.id, NULL, j->a, &j->t, &job->err);
}

static int team_finish(struct http_request *req, struct store_job *job)
{
	struct team_job *j = (struct team_job *)job;
	if (job->rc)
		return http_reply_error(req, &job->err);
	return http_reply_json(req, j->rename ? 200 : 201, api_team_json(&j->t));
}

static int team_job_start(struct http_request *req, int64_t id)
{
	static const char *const keys[] = {"name", NULL};
	struct kesu_err err = {0};
	struct arena *a = http_arena(req);
	json_t *body = http_body_json(req, &err);
	struct team_job *j = arena_zalloc(a, sizeof *j);
	if (!body || api_known_keys(body, keys, &err) ||
	    api_string(body, "name", 1, 64, &j->t.name, &err))
		return http_reply_error(req, &err);
	j->job.run = team_run;
	j->t.id = id;
	j->rename = id != 0;
	j->t.created_at = clock_now_ms();
	j->actor = arena_strdup(a, http_principal(req)->actor);
	j->address = arena_strdup(a, http_address(req));
	j->a = a;
	return http_defer(req, &j->job, team_finish);
}

int teams_create(struct http_request *req)
{
	return team_job_start(req, 0);
}

int teams_patch(struct http_request *req)
{
	struct kesu_err err = {0};
	int64_t id;
	if (api_id(http_param(req, 0), &id, &err))
		return http_reply_error(req, &err);
	return team_job_start(req, id);
}

/* GET /api/v1/teams/{id}/members: who a complaint of the team can go to,
 * and the names behind assignee ids. Any staff member sees their own
 * teams' members; those who see every team, any team's. */
int teams_members(struct http_request *req)
{
	struct kesu_err err = {0};
	struct arena *a = http_arena(req);
	int64_t team;
	if (api_id(http_param(req, 0), &team, &err) ||
	    !authz_team(http_principal(req), team)) {
		kesu_fail(&err, KE_NOT_FOUND, "", "no such team");
		return http_reply_error(req, &err);
	}
	struct store_conn *c = http_reader(req, &err);
	struct user *u;
	int n;
	if (!c || store_user_list(c, a, &u, &n, &err))
		return http_reply_error(req, &err);
	json_t *items = json_array();
	for (int i = 0; i < n; i++) {
		int member = 0;
		for (int t = 0; t < u[i].nteams; t++)
			member |= u[i].teams[t] == team;
		if (!member || u[i].disabled_at)
			continue;
		/* the categories they handle, for the rule by skill */
		const char **cats;
		int ncats;
		if (store_user_skills(c, u[i].id, a, &cats, &ncats, &err)) {
			json_decref(items);
			return http_reply_error(req, &err);
		}
		json_t *skills = json_array();
		for (int k = 0; k < ncats; k++)
			json_array_append_new(skills, json_string(cats[k]));
		json_array_append_new(items,
				      json_pack("{s:I,s:s,s:s?,s:s,s:b,s:o}", "id", (json_int_t)u[i].id,
						"username", u[i].username, "display_name",
						u[i].display_name, "role", u[i].role, "on_duty",
						u[i].on_duty, "skills", skills));
	}
	return http_reply_json(req, 200, json_pack("{s:o}", "items", items));
}

/* Minutes, to a tenth, of a time in ms; null when there is none. */
static json_t *minutes(int64_t ms)
{
	return ms < 0 ? json_null() : json_real(round((double)ms / 6000.0) / 10.0);
}

static json_t *times_json(int64_t n, int64_t median, int64_t p90)
{
	return json_pack("{s:I,s:o,s:o}", "count", (json_int_t)n, "median_minutes",
			 minutes(median), "p90_minutes", minutes(p90));
}

static json_t *agent_json(const struct agent_figures *f)
{
	const struct agent_row *w = &f->who;
	json_t *sat = json_pack(
		"{s:I,s:o,s:o}", "rated", (json_int_t)f->rated, "average",
		f->rated ? json_real(round(100.0 * (double)f->rating_sum / (double)f->rated) / 100.0)
			 : json_null(),
		"satisfied_percent",
		f->rated ? json_real(round(1000.0 * (double)f->satisfied / (double)f->rated) / 10.0)
			 : json_null());
	return json_pack("{s:I,s:s,s:s?,s:s,s:b,s:I,s:I,s:o,s:o,s:o,s:I}", "user_id",
			 (json_int_t)w->id, "username", w->username, "display_name",
			 w->display_name, "role", w->role, "on_duty", w->on_duty, "open",
			 (json_int_t)w->open, "assigned", (json_int_t)f->assigned, "first_response",
			 times_json(f->first_response_n, f->first_response_median_ms,
				    f->first_response_p90_ms),
			 "resolution",
			 times_json(f->resolved, f->resolution_median_ms, f->resolution_p90_ms),
			 "satisfaction", sat, "breaches", (json_int_t)f->breaches);
}

/* GET /api/v1/teams/{id}/agents: the supervisors' view of a team, for a
 * period (from, to: dates; the last 30 days by default). Its supervisors
 * and those who see every team (the route asks complaint.assign: an agent
 * is refused); anyone else is told there is no such team. */
int teams_agents(struct http_request *req)
{
	struct kesu_err err = {0};
	struct arena *a = http_arena(req);
	struct report_filter f = {0};
	if (api_id(http_param(req, 0), &f.team_id, &err) ||
	    !authz_team(http_principal(req), f.team_id))
		return api_fail(req, KE_NOT_FOUND, "", "no such team");
	const char *from = http_query(req, "from"), *to = http_query(req, "to");
	int32_t today = cal_day_of(clock_now_ms());
	f.from = cal_day_start(today - 29);
	f.to = cal_day_start(today + 1);
	if (from && report_parse_time(from, &f.from))
		return api_fail(req, KE_INVALID_VALUE, "from",
				"must be a date (YYYY-MM-DD) or an RFC 3339 time");
	if (to && report_parse_end(to, &f.to))
		return api_fail(req, KE_INVALID_VALUE, "to",
				"must be a date (YYYY-MM-DD) or an RFC 3339 time");
	if (f.to <= f.from)
		return api_fail(req, KE_INVALID_VALUE, "to", "must not be before from");
	if (f.to - f.from > (int64_t)3700 * 86400 * 1000)
		return api_fail(req, KE_INVALID_VALUE, "to", "a period may be at most ten years");
	struct store_conn *c = http_reader(req, &err);
	struct team t;
	struct agent_figures *items;
	int n;
	if (!c || store_team_get(c, f.team_id, NULL, a, &t, &err) ||
	    report_team_agents(c, &f, a, &items, &n, &err)) {
		if (err.code == KE_NOT_FOUND)
			return api_fail(req, KE_NOT_FOUND, "", "no such team");
		return http_reply_error(req, &err);
	}
	json_t *arr = json_array();
	for (int i = 0; i < n; i++)
		json_array_append_new(arr, agent_json(&items[i]));
	char fa[40], ta[40];
	return http_reply_json(req, 200,
			       json_pack("{s:{s:I,s:s},s:s,s:s,s:o}", "team", "id",
					 (json_int_t)t.id, "name", t.name, "from",
					 clock_format(f.from, fa, sizeof fa), "to",
					 clock_format(f.to, ta, sizeof ta), "items", arr));
}
