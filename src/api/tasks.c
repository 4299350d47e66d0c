/*
 * tasks.c - the tasks a complaint hands to departments (domain.md 4):
 * handed over with a due date in working days, answered by the
 * department, listed with what is overdue.
 */
#include "api.h"

#include "../http/auth.h"
#include "../util/clock.h"

struct task_act {
	struct api_act act;
	struct task t;
	const char *answer;
	struct wf_progress *progress;
};

static int hand(struct store_conn *c, struct api_act *j, struct kesu_err *err)
{
	struct task_act *t = (struct task_act *)j;
	int rc = wf_task_create(c, &j->cp, &t->t, t->progress, &j->as, j->now, j->a, err);
	if (!rc)
		rc = store_task_get(c, t->t.id, j->a, &t->t, err);
	if (!rc)
		j->out = api_task_json(&t->t, j->now);
	return rc;
}

int tasks_create(struct http_request *req)
{
	static const char *const keys[] = {"department_id", "what", "due_working_days", "progress",
					   NULL};
	struct kesu_err err = {0};
	json_t *body = api_body(req, keys, &err);
	struct task_act *t = (struct task_act *)api_act_new(req, sizeof *t, hand);
	if (!body || api_string(body, "what", 1, 2000, &t->t.what, &err) ||
	    api_progress(body, t->act.a, &t->progress, &err))
		return http_reply_error(req, &err);
	json_t *d = json_object_get(body, "department_id");
	json_t *days = json_object_get(body, "due_working_days");
	if (!json_is_integer(d) || json_integer_value(d) <= 0)
		return api_fail(req, d ? KE_WRONG_TYPE : KE_MISSING_FIELD, "department_id",
				"is required: the id of a department (GET /api/v1/departments)");
	if (!json_is_integer(days) || json_integer_value(days) < 1 || json_integer_value(days) > 60)
		return api_fail(req, days ? KE_INVALID_VALUE : KE_MISSING_FIELD, "due_working_days",
				"must be 1 to 60 working days");
	t->t.department_id = json_integer_value(d);
	t->t.due_days = (int)json_integer_value(days);
	return api_act_defer(req, &t->act);
}

static int answer(struct store_conn *c, struct api_act *j, struct kesu_err *err)
{
	struct task_act *t = (struct task_act *)j;
	int rc = store_task_get(c, j->id, j->a, &t->t, err);
	if (!rc)
		rc = store_complaint_get(c, t->t.complaint_id, NULL, j->a, &j->cp, err);
	if (!rc && !authz_team(&j->who, j->cp.team_id))
		rc = kesu_fail(err, KE_NOT_FOUND, "", "no such task");
	if (!rc)
		rc = wf_task_answer(c, &t->t, t->answer, &j->as, j->now, err);
	if (!rc)
		rc = store_task_get(c, j->id, j->a, &t->t, err);
	if (!rc)
		j->out = api_task_json(&t->t, j->now);
	return rc;
}

int tasks_answer(struct http_request *req)
{
	static const char *const keys[] = {"answer", NULL};
	struct kesu_err err = {0};
	json_t *body = api_body(req, keys, &err);
	struct task_act *t = (struct task_act *)api_act_new(req, sizeof *t, answer);
	t->act.ref = NULL; /* the task names its complaint */
	t->act.status = 200;
	if (!body || api_string(body, "answer", 1, 5000, &t->answer, &err) ||
	    api_id(http_param(req, 0), &t->act.id, &err))
		return http_reply_error(req, &err);
	return api_act_defer(req, &t->act);
}

static int tasks_of(struct store_conn *c, const struct complaint *cp, struct arena *a,
			json_t *items, struct kesu_err *err)
{
	struct task *k;
	int n;
	int rc = store_tasks_of(c, cp->id, a, &k, &n, err);
	int64_t now = clock_now_ms();
	for (int i = 0; !rc && i < n; i++)
		json_array_append_new(items, api_task_json(&k[i], now));
	return rc;
}

int tasks_list(struct http_request *req)
{
	return api_reply_records(req, tasks_of);
}
