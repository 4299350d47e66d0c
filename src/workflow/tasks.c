/*
 * tasks.c - cross-department work (domain.md 4): a complaint hands a task
 * to a department of the contact list, due in working days of the
 * department's calendar; the department hears of it, its answer joins the
 * timeline, and the supervisors hear of a task past due.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "workflow_int.h"

int wf_task_create(struct store_conn *c, const struct complaint *cp, struct task *t,
		   const struct wf_progress *progress, const struct wf_actor *who, int64_t now,
		   struct arena *a, struct kesu_err *err)
{
	/* a closed complaint is reopened first: its customer is told nothing
	 * is being done any more */
	if (wf_not_closed(cp, err))
		return -err->code;
	const struct wf_settings *s = wf_settings(c, err);
	if (!s)
		return -err->code;
	/* the customer hears that a department is asked, and what is done */
	struct wf_progress told = {0};
	if (progress)
		told = *progress;
	int rc = wf_progress_settle(c, cp, &told, 1, now, a, err);
	if (rc)
		return rc;
	struct department d;
	rc = store_department_get(c, t->department_id, a, &d, err);
	if (rc == -KE_NOT_FOUND)
		return kesu_fail(err, KE_INVALID_VALUE, "department_id", "no such department");
	if (rc)
		return rc;
	struct calendar *cal = arena_alloc(a, sizeof *cal);
	*cal = s->cal;
	json_t *jc = d.calendar ? json_loads(d.calendar, 0, NULL) : NULL;
	if (jc)
		cal_from_json(jc, cal, err); /* checked when it was stored */
	json_decref(jc);
	t->complaint_id = cp->id;
	t->created_at = now;
	t->created_by = who->name;
	t->due_at = cal_add(cal, now, t->due_days * cal_day_length(cal));
	if (t->due_at < 0)
		return kesu_fail(err, KE_CONFLICT, "due_working_days",
				 "the department's calendar has no working time");
	if ((rc = store_task_insert(c, t, err)))
		return rc;
	json_t *ev = json_pack("{s:I,s:s,s:s,s:i,s:o}", "task_id", (json_int_t)t->id,
			       "department", d.name, "what", t->what, "due_working_days",
			       t->due_days, "due_at", notice_time(t->due_at));
	/* the department hears of it by e-mail when it has an address */
	struct notice_to to = {.role = -1, .department_id = d.id};
	rc = d.email ? notice_staff_mail(c, cp, "task", d.email, ev, now, err)
		     : notice_staff(c, cp, "task", &to, ev, now, err);
	json_object_set_new(ev, "progress", notice_progress(&told));
	if (!rc)
		rc = notice_event(c, cp->id, "task_created", who->name, now, ev, NULL, NULL, err);
	json_decref(ev);
	/* which department stays inside: the customer hears that one helps */
	if (!rc)
		rc = notice_customer_told(c, cp, "department_asked", NULL, &told, now, err);
	return rc;
}

int wf_task_answer(struct store_conn *c, struct task *t, const char *answer,
		   const struct wf_actor *who, int64_t now, struct kesu_err *err)
{
	t->answer = answer;
	t->answered_at = now;
	t->answered_by = who->name;
	int rc = store_task_answer(c, t, err);
	if (rc)
		return rc;
	json_t *d = json_pack("{s:I,s:s,s:s,s:b}", "task_id", (json_int_t)t->id, "department",
			      t->department, "answer", answer, "late", now > t->due_at);
	rc = notice_event(c, t->complaint_id, "task_answered", who->name, now, d, NULL, NULL, err);
	json_decref(d);
	if (rc)
		return rc;
	/* the one handling the complaint hears the department came back */
	struct arena *a = arena_new();
	struct complaint cp;
	if (!a)
		return kesu_fail(err, KE_INTERNAL, "", "out of memory");
	rc = store_complaint_get(c, t->complaint_id, NULL, a, &cp, err);
	if (!rc) {
		struct notice_to to =
			cp.assignee_id ? (struct notice_to){.role = -1, .user_id = cp.assignee_id}
				       : (struct notice_to){.role = ROLE_AGENT, .team_id = cp.team_id};
		json_t *n = json_pack("{s:I,s:s}", "task_id", (json_int_t)t->id, "department",
				      t->department);
		rc = notice_staff(c, &cp, "task_answered", &to, n, now, err);
		json_decref(n);
	}
	arena_free(a);
	return rc;
}


int wf_tasks_tick(struct store_conn *c, int64_t now, int limit, struct arena *a, int *done,
		  struct kesu_err *err)
{
	struct task *tasks;
	int nt = 0;
	int rc = store_tasks_overdue(c, now, limit, a, &tasks, &nt, err);
	for (int i = 0; !rc && i < nt; i++) {
		struct task *t = &tasks[i];
		struct complaint cp;
		if ((rc = store_task_mark_overdue(c, t->id, err)) ||
		    (rc = store_complaint_get(c, t->complaint_id, NULL, a, &cp, err)))
			break;
		json_t *d = json_pack("{s:I,s:s,s:s,s:o}", "task_id", (json_int_t)t->id,
				      "department", t->department, "what", t->what, "due_at",
				      notice_time(t->due_at));
		rc = notice_event(c, cp.id, "task_overdue", wf_system.name, now, d, NULL, NULL, err);
		struct notice_to to = {.role = ROLE_SUPERVISOR, .team_id = cp.team_id};
		if (!rc)
			rc = notice_staff(c, &cp, "task_overdue", &to, d, now, err);
		json_decref(d);
		if (!rc)
			(*done)++;
	}
	return rc;
}
