/*
 * departments.c - the department contact list (联络表): who to hand a
 * task to, how to reach them, and the calendar their due dates count on.
 * The tasks themselves are tasks.c.
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
