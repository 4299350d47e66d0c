/*
 * departments.c - the department contact list (联络表), the tasks a
 * complaint hands to departments, and follow-up callbacks. The rules are
 * in src/workflow/followup.c.
 */
#include "api.h"

#include <stdio.h>
#include <string.h>

#include "../http/auth.h"
#include "../util/clock.h"
#include "../workflow/workflow.h"

static json_t *dept_json(const struct department *d)
{
	json_t *cal = d->calendar ? json_loads(d->calendar, 0, NULL) : NULL;
	return json_pack("{s:I,s:s,s:s?,s:s?,s:s?,s:o}", "id", (json_int_t)d->id, "name", d->name,
			 "contact_person", d->contact_person, "phone", d->phone, "email", d->email,
			 "calendar", cal ? cal : json_null());
}

static json_t *task_json(const struct task *t, int64_t now)
{
	char due[40], ans[40];
	return json_pack("{s:I,s:I,s:I,s:s,s:s,s:i,s:s,s:s,s:b,s:s?,s:s?,s:s?,s:s}", "id",
			 (json_int_t)t->id, "complaint_id", (json_int_t)t->complaint_id,
			 "department_id", (json_int_t)t->department_id, "department", t->department,
			 "what", t->what, "due_working_days", t->due_days, "due_at",
			 clock_format(t->due_at, due, sizeof due), "state", t->state, "overdue",
			 strcmp(t->state, "open") == 0 && now > t->due_at, "answer", t->answer,
			 "answered_at", t->answered_at ? clock_format(t->answered_at, ans, sizeof ans) : NULL,
			 "answered_by", t->answered_by, "created_by", t->created_by);
}

/* --- the contact list ------------------------------------------------------ */

int departments_list(struct http_request *req)
{
	struct kesu_err err = {0};
	struct store_conn *c = http_reader(req, &err);
	struct department *items;
	int n;
	if (!c || store_department_list(c, http_arena(req), &items, &n, &err))
		return http_reply_error(req, &err);
	json_t *arr = json_array();
	for (int i = 0; i < n; i++)
		json_array_append_new(arr, dept_json(&items[i]));
	return http_reply_json(req, 200, json_pack("{s:o}", "items", arr));
}

struct dept_job {
	struct store_job job;
	struct department d;
	json_t *body;
	const char *actor;
	struct arena *a;
};

static int dept_fields(json_t *body, struct department *d, struct arena *a,
		       struct kesu_err *err)
{
	static const char *const keys[] = {"name", "contact_person", "phone", "email", "calendar",
					   NULL};
	const char *s;
	if (api_known_keys(body, keys, err))
		return -err->code;
	if (json_object_get(body, "name")) {
		if (api_string(body, "name", 1, 64, &d->name, err))
			return -err->code;
	}
	static const char *const texts[] = {"contact_person", "phone", "email"};
	const char **slot[] = {&d->contact_person, &d->phone, &d->email};
	for (int i = 0; i < 3; i++)
		if (json_object_get(body, texts[i])) {
			if (api_string(body, texts[i], 0, 200, &s, err))
				return -err->code;
			*slot[i] = s && *s ? s : NULL;
		}
	json_t *cal = json_object_get(body, "calendar");
	if (cal && json_is_null(cal)) {
		d->calendar = NULL;
	} else if (cal) {
		struct calendar *parsed = arena_alloc(a, sizeof *parsed);
		if (cal_from_json(cal, parsed, err))
			return kesu_fail(err, err->code, "calendar", "%s (%s)", err->message, err->field);
		json_t *norm = cal_to_json(parsed);
		char *text = json_dumps(norm, JSON_COMPACT);
		d->calendar = arena_strdup(a, text);
		free(text);
		json_decref(norm);
	}
	return 0;
}

static int dept_run(struct store_conn *c, struct store_job *job)
{
	struct dept_job *j = (struct dept_job *)job;
	int rc;
	if (!j->d.id)
		return store_department_insert(c, &j->d, &job->err);
	struct department cur;
	if ((rc = store_department_get(c, j->d.id, j->a, &cur, &job->err)))
		return rc;
	cur.updated_at = j->d.updated_at;
	if ((rc = dept_fields(j->body, &cur, j->a, &job->err)))
		return rc;
	j->d = cur;
	return store_department_update(c, &j->d, &job->err);
}

static int dept_finish(struct http_request *req, struct store_job *job)
{
	struct dept_job *j = (struct dept_job *)job;
	if (job->rc)
		return http_reply_error(req, &job->err);
	return http_reply_json(req, j->body ? 200 : 201, dept_json(&j->d));
}

int departments_create(struct http_request *req)
{
	struct kesu_err err = {0};
	struct arena *a = http_arena(req);
	json_t *body = http_body_json(req, &err);
	struct dept_job *j = arena_zalloc(a, sizeof *j);
	if (!body || dept_fields(body, &j->d, a, &err))
		return http_reply_error(req, &err);
	if (!j->d.name) {
		kesu_fail(&err, KE_MISSING_FIELD, "name", "is required");
		return http_reply_error(req, &err);
	}
	j->d.created_at = j->d.updated_at = clock_now_ms();
	j->job.run = dept_run;
	j->a = a;
	return http_defer(req, &j->job, dept_finish);
}

int departments_patch(struct http_request *req)
{
	struct kesu_err err = {0};
	struct arena *a = http_arena(req);
	json_t *body = http_body_json(req, &err);
	struct dept_job *j = arena_zalloc(a, sizeof *j);
	struct department probe = {0};
	if (!body || api_id(http_param(req, 0), &j->d.id, &err) ||
	    dept_fields(body, &probe, a, &err))
		return http_reply_error(req, &err);
	j->body = body;
	j->d.updated_at = clock_now_ms();
	j->job.run = dept_run;
	j->a = a;
	return http_defer(req, &j->job, dept_finish);
}

/* --- tasks and callbacks on a complaint --------------------------------------- */

struct loop_job {
	struct store_job job;
	const char *ref;
	int64_t id;
	struct principal who;
	struct task t;
	struct callback_rec k;
	const char *answer;
	struct complaint after;
	int64_t now;
	struct arena *a;
};


static struct loop_job *loop_job(struct http_request *req,
				 int (*run)(struct store_conn *, struct store_job *))
{
	struct arena *a = http_arena(req);
	struct loop_job *j = arena_zalloc(a, sizeof *j);
	j->job.run = run;
	j->ref = http_param(req, 0);
	j->who = *http_principal(req);
	j->now = clock_now_ms();
	j->a = a;
	return j;
}

static int task_create_run(struct store_conn *c, struct store_job *job)
{
	struct loop_job *j = (struct loop_job *)job;
	struct complaint cp;
	int rc = api_complaint_visible(c, j->ref, &j->who, j->a, &cp, &job->err);
	if (!rc)
		rc = wf_task_create(c, &cp, &j->t, j->who.actor, j->now, j->a, &job->err);
	return rc ? rc : store_task_get(c, j->t.id, j->a, &j->t, &job->err);
}

static int task_finish(struct http_request *req, struct store_job *job)
{
	struct loop_job *j = (struct loop_job *)job;
	if (job->rc)
		return http_reply_error(req, &job->err);
	return http_reply_json(req, j->answer ? 200 : 201, task_json(&j->t, j->now));
}

int tasks_create(struct http_request *req)
{
	static const char *const keys[] = {"department_id", "what", "due_working_days", NULL};
	struct kesu_err err = {0};
	json_t *body = http_body_json(req, &err);
	struct loop_job *j = loop_job(req, task_create_run);
	if (!body || api_known_keys(body, keys, &err) ||
	    api_string(body, "what", 1, 2000, &j->t.what, &err))
		return http_reply_error(req, &err);
	json_t *d = json_object_get(body, "department_id"), *days = json_object_get(body, "due_working_days");
	if (!json_is_integer(d) || json_integer_value(d) <= 0) {
		kesu_fail(&err, d ? KE_WRONG_TYPE : KE_MISSING_FIELD, "department_id",
			  "is required: the id of a department (GET /api/v1/departments)");
		return http_reply_error(req, &err);
	}
	if (!json_is_integer(days) || json_integer_value(days) < 1 || json_integer_value(days) > 60) {
		kesu_fail(&err, days ? KE_INVALID_VALUE : KE_MISSING_FIELD, "due_working_days",
			  "must be 1 to 60 working days");
		return http_reply_error(req, &err);
	}
	j->t.department_id = json_integer_value(d);
	j->t.due_days = (int)json_integer_value(days);
	return http_defer(req, &j->job, task_finish);
}

static int task_answer_run(struct store_conn *c, struct store_job *job)
{
	struct loop_job *j = (struct loop_job *)job;
	struct complaint cp;
	int rc = store_task_get(c, j->id, j->a, &j->t, &job->err);
	if (!rc)
		rc = store_complaint_get(c, j->t.complaint_id, NULL, j->a, &cp, &job->err);
	if (!rc && !authz_team(&j->who, cp.team_id))
		rc = kesu_fail(&job->err, KE_NOT_FOUND, "", "no such task");
	if (!rc)
		rc = wf_task_answer(c, &j->t, j->answer, j->who.actor, j->now, &job->err);
	return rc ? rc : store_task_get(c, j->id, j->a, &j->t, &job->err);
}

int tasks_answer(struct http_request *req)
{
	static const char *const keys[] = {"answer", NULL};
	struct kesu_err err = {0};
	json_t *body = http_body_json(req, &err);
	struct loop_job *j = loop_job(req, task_answer_run);
	if (!body || api_known_keys(body, keys, &err) ||
	    api_string(body, "answer", 1, 5000, &j->answer, &err) ||
	    api_id(http_param(req, 0), &j->id, &err))
		return http_reply_error(req, &err);
	return http_defer(req, &j->job, task_finish);
}

int tasks_list(struct http_request *req)
{
	struct kesu_err err = {0};
	struct arena *a = http_arena(req);
	struct store_conn *c = http_reader(req, &err);
	struct complaint cp;
	struct task *items;
	int n;
	if (!c || api_complaint_visible(c, http_param(req, 0), http_principal(req), a, &cp, &err) ||
	    store_tasks_of(c, cp.id, a, &items, &n, &err))
		return http_reply_error(req, &err);
	json_t *arr = json_array();
	int64_t now = clock_now_ms();
	for (int i = 0; i < n; i++)
		json_array_append_new(arr, task_json(&items[i], now));
	return http_reply_json(req, 200, json_pack("{s:o}", "items", arr));
}

static json_t *callback_json(const struct callback_rec *k)
{
	char at[40];
	return json_pack("{s:I,s:s,s:s,s:b,s:o,s:o,s:o,s:s?,s:s}", "id", (json_int_t)k->id, "at",
			 clock_format(k->at, at, sizeof at), "method", k->method, "reached",
			 k->reached, "satisfaction",
			 k->satisfaction ? json_integer(k->satisfaction) : json_null(),
			 "business_satisfaction",
			 k->business_satisfaction ? json_integer(k->business_satisfaction) : json_null(),
			 "carried_out", k->carried_out ? json_boolean(k->carried_out == 1) : json_null(),
			 "advice", k->advice, "recorded_by", k->recorded_by);
}

static int callback_run(struct store_conn *c, struct store_job *job)
{
	struct loop_job *j = (struct loop_job *)job;
	struct complaint cp;
	int rc = api_complaint_visible(c, j->ref, &j->who, j->a, &cp, &job->err);
	return rc ? rc
		  : wf_callback(c, &cp, &j->k, j->who.actor, j->now, j->a, &j->after, &job->err);
}

static int callback_finish(struct http_request *req, struct store_job *job)
{
	struct loop_job *j = (struct loop_job *)job;
	if (job->rc)
		return http_reply_error(req, &job->err);
	return http_reply_json(req, 201, json_pack("{s:o,s:s}", "callback", callback_json(&j->k),
						   "status", j->after.status));
}

int callbacks_create(struct http_request *req)
{
	static const char *const keys[] = {"at", "method", "reached", "satisfaction",
					   "business_satisfaction", "carried_out", "advice", NULL};
	static const char *const methods[] = {"phone", "sms", "email", "letter", "visit", "chat",
					      NULL};
	struct kesu_err err = {0};
	json_t *body = http_body_json(req, &err);
	struct loop_job *j = loop_job(req, callback_run);
	const char *at;
	if (!body || api_known_keys(body, keys, &err) ||
	    api_string(body, "method", 1, 16, &j->k.method, &err) ||
	    api_string(body, "at", 0, 40, &at, &err) ||
	    api_string(body, "advice", 0, 5000, &j->k.advice, &err))
		return http_reply_error(req, &err);
	int known = 0;
	for (int i = 0; methods[i]; i++)
		known |= strcmp(methods[i], j->k.method) == 0;
	if (!known) {
		kesu_fail(&err, KE_INVALID_VALUE, "method",
			  "must be one of: phone, sms, email, letter, visit, chat");
		return http_reply_error(req, &err);
	}
	j->k.at = j->now;
	if (at && (clock_parse_rfc3339(at, &j->k.at) || j->k.at > j->now + 60000)) {
		kesu_fail(&err, KE_INVALID_VALUE, "at", "must be an RFC 3339 time, not in the future");
		return http_reply_error(req, &err);
	}
	json_t *r = json_object_get(body, "reached");
	if (!json_is_boolean(r)) {
		kesu_fail(&err, r ? KE_WRONG_TYPE : KE_MISSING_FIELD, "reached",
			  "must be true or false: did the callback reach the customer?");
		return http_reply_error(req, &err);
	}
	j->k.reached = json_is_true(r);
	static const char *const scores[] = {"satisfaction", "business_satisfaction"};
	int *slot[] = {&j->k.satisfaction, &j->k.business_satisfaction};
	for (int i = 0; i < 2; i++) {
		json_t *v = json_object_get(body, scores[i]);
		if (v && !json_is_null(v)) {
			if (!json_is_integer(v) || json_integer_value(v) < 1 || json_integer_value(v) > 5) {
				kesu_fail(&err, KE_INVALID_VALUE, scores[i], "must be 1 to 5");
				return http_reply_error(req, &err);
			}
			*slot[i] = (int)json_integer_value(v);
		}
	}
	if (j->k.reached && !j->k.satisfaction) {
		kesu_fail(&err, KE_MISSING_FIELD, "satisfaction",
			  "is required when the customer was reached (1 to 5)");
		return http_reply_error(req, &err);
	}
	json_t *co = json_object_get(body, "carried_out");
	if (co && !json_is_null(co) && !json_is_boolean(co)) {
		kesu_fail(&err, KE_WRONG_TYPE, "carried_out", "must be true or false");
		return http_reply_error(req, &err);
	}
	j->k.carried_out = co && json_is_boolean(co) ? (json_is_true(co) ? 1 : 2) : 0;
	return http_defer(req, &j->job, callback_finish);
}

int callbacks_list(struct http_request *req)
{
	struct kesu_err err = {0};
	struct arena *a = http_arena(req);
	struct store_conn *c = http_reader(req, &err);
	struct complaint cp;
	struct callback_rec *items;
	int n;
	if (!c || api_complaint_visible(c, http_param(req, 0), http_principal(req), a, &cp, &err) ||
	    store_callbacks_of(c, cp.id, a, &items, &n, &err))
		return http_reply_error(req, &err);
	json_t *arr = json_array();
	for (int i = 0; i < n; i++)
		json_array_append_new(arr, callback_json(&items[i]));
	return http_reply_json(req, 200, json_pack("{s:o}", "items", arr));
}
