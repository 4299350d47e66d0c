/*
 * followup.c - the closed loop (domain.md 4 and 6): tasks handed to
 * departments from the contact list, follow-up callbacks and what they
 * decide, the rule that a complaint closes only after its follow-up, and
 * the key-customer file.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/complaint.h"
#include "../util/clock.h"
#include "workflow_int.h"

#define HOUR (3600 * 1000LL)

int wf_task_create(struct store_conn *c, const struct complaint *cp, struct task *t,
		   const char *actor, int64_t now, struct arena *a, struct kesu_err *err)
{
	const struct wf_settings *s = wf_settings(c, err);
	if (!s)
		return -err->code;
	struct department d;
	int rc = store_department_get(c, t->department_id, a, &d, err);
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
	t->created_by = actor;
	t->due_at = cal_add(cal, now, t->due_days * cal_day_length(cal));
	if (t->due_at < 0)
		return kesu_fail(err, KE_CONFLICT, "due_working_days",
				 "the department's calendar has no working time");
	if ((rc = store_task_insert(c, t, err)))
		return rc;
	char due[40];
	json_t *ev = json_pack("{s:I,s:s,s:s,s:i,s:s}", "task_id", (json_int_t)t->id,
			       "department", d.name, "what", t->what, "due_working_days",
			       t->due_days, "due_at", clock_format(t->due_at, due, sizeof due));
	rc = wf_event(c, cp->id, "task_created", actor, now, ev, err);
	if (!rc) {
		/* the department hears of it by e-mail when it has an address */
		char to[80];
		snprintf(to, sizeof to, "department:%lld", (long long)d.id);
		json_object_set_new(ev, "tracking_no", json_string(cp->tracking_no));
		char *data = json_dumps(ev, JSON_COMPACT | JSON_SORT_KEYS);
		struct outbox_item o = {.complaint_id = cp->id, .audience = "staff",
					.kind = "task", .channel = d.email ? "email" : "workspace",
					.recipient = d.email ? d.email : to, .language = "zh-CN",
					.data = data, .created_at = now};
		rc = store_outbox_put(c, &o, err);
		free(data);
	}
	json_decref(ev);
	return rc;
}

int wf_task_answer(struct store_conn *c, struct task *t, const char *answer,
		   const char *actor, int64_t now, struct kesu_err *err)
{
	t->answer = answer;
	t->answered_at = now;
	t->answered_by = actor;
	int rc = store_task_answer(c, t, err);
	if (rc)
		return rc;
	json_t *d = json_pack("{s:I,s:s,s:s,s:b}", "task_id", (json_int_t)t->id, "department",
			      t->department, "answer", answer, "late", now > t->due_at);
	rc = wf_event(c, t->complaint_id, "task_answered", actor, now, d, err);
	json_decref(d);
	return rc;
}

int wf_may_close(struct store_conn *c, int64_t complaint_id, struct arena *a,
		 struct kesu_err *err)
{
	struct callback_rec *k;
	int n;
	int rc = store_callbacks_of(c, complaint_id, a, &k, &n, err);
	if (rc)
		return rc;
	int64_t attempts[100];
	int na = 0;
	for (int i = 0; i < n; i++) {
		if (k[i].reached && k[i].satisfaction)
			return 0;
		if (k[i].reached)
			continue;
		/* unanswered attempts count only at different times of day */
		int apart = 1;
		for (int j = 0; j < na; j++)
			apart &= llabs(k[i].at - attempts[j]) >= 2 * HOUR;
		if (apart)
			attempts[na++] = k[i].at;
	}
	if (na >= 3)
		return 0;
	return kesu_fail(err, KE_CONFLICT, "to",
			 "close after the follow-up: record a callback that reached the customer, or three unanswered attempts at least two hours apart (%d so far); a manager can close with a reason",
			 na);
}

int wf_callback(struct store_conn *c, const struct complaint *cp, struct callback_rec *k,
		const char *actor, int64_t now, struct arena *a, struct complaint *after,
		struct kesu_err *err)
{
	if (strcmp(cp->status, "resolved") != 0 && strcmp(cp->status, "follow_up") != 0)
		return kesu_fail(err, KE_CONFLICT, "",
				 "a follow-up callback is for a resolved complaint (this one is %s)",
				 cp->status);
	const struct wf_settings *s = wf_settings(c, err);
	if (!s)
		return -err->code;
	k->complaint_id = cp->id;
	k->recorded_by = actor;
	k->recorded_at = now;
	int rc = store_callback_insert(c, k, err);
	if (rc)
		return rc;
	char at[40];
	json_t *d = json_pack("{s:I,s:s,s:s,s:b,s:o,s:o,s:o,s:s?}", "callback_id", (json_int_t)k->id,
			      "at", clock_format(k->at, at, sizeof at), "method", k->method,
			      "reached", k->reached,
			      "satisfaction", k->satisfaction ? json_integer(k->satisfaction) : json_null(),
			      "business_satisfaction",
			      k->business_satisfaction ? json_integer(k->business_satisfaction)
						       : json_null(),
			      "carried_out",
			      k->carried_out ? json_boolean(k->carried_out == 1) : json_null(),
			      "advice", k->advice);
	rc = wf_event(c, cp->id, "callback", actor, now, d, err);
	json_decref(d);
	*after = *cp;
	if (rc || !k->reached)
		return rc;
	/* the follow-up is done: the clocks are met by the loop's end below */
	struct complaint step = *cp;
	if (strcmp(cp->status, "resolved") == 0 &&
	    (rc = wf_transition(c, cp, "follow_up", NULL, 0, actor, now, a, &step, err)))
		return rc;
	int satisfied = k->satisfaction >= 4 && k->carried_out != 2;
	if (satisfied)
		return wf_transition(c, &step, "closed", NULL, 0, actor, now, a, after, err);
	char reason[300];
	snprintf(reason, sizeof reason, "not satisfied at the follow-up (%d/5)%s%s",
		 k->satisfaction, k->advice ? ": " : "", k->advice ? k->advice : "");
	return wf_transition(c, &step, "reopened", reason, 0, actor, now, a, after, err);
}

/* The key-customer file: a complaint severe enough, or a second one within
 * the window, puts the customer in it and gives their supervisor a
 * follow-up task. */
int wf_key_customer(struct store_conn *c, const struct wf_settings *s,
		    const struct complaint *cp, struct kesu_err *err)
{
	if (!cp->customer_id)
		return 0;
	int key = wf_clock_severity(cp->v[CF_SEVERITY]) >= s->sla.key_min_severity;
	int64_t n = 0;
	int rc = 0;
	if (!key && s->sla.key_repeat_days &&
	    !(rc = store_customer_complaints_since(
		      c, cp->customer_id,
		      cp->created_at - (int64_t)s->sla.key_repeat_days * 24 * HOUR, &n, err)))
		key = n >= 2;
	if (rc || !key)
		return rc;
	rc = store_customer_set_key(c, cp->customer_id, err);
	if (rc <= 0)
		return rc; /* already a key customer, or an error */
	char to[64], data[160];
	snprintf(to, sizeof to, "role:supervisor;team:%lld", (long long)cp->team_id);
	snprintf(data, sizeof data, "{\"customer_id\":%lld,\"tracking_no\":\"%s\"}",
		 (long long)cp->customer_id, cp->tracking_no);
	struct outbox_item o = {.complaint_id = cp->id, .audience = "staff", .kind = "key_customer",
				.channel = "workspace", .recipient = to, .language = "zh-CN",
				.data = data, .created_at = cp->created_at};
	return store_outbox_put(c, &o, err);
}
