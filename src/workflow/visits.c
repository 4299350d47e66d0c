/*
 * visits.c - the key customers' visits (domain.md 6: 主管领导定期上门征询意见):
 * when a complaint of a key customer closes, a supervisor of its team is
 * given a dated visit or call on each date of the SLA policy's schedule;
 * what came of each is recorded (by the supervisor, or by someone on their
 * behalf), and one still planned when its day has ended is missed and the
 * team's supervisors hear of it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../util/clock.h"
#include "workflow_int.h"

#define FIND_WORKDAY 31 /* days tried forward for a working day */

/* The k-th date (1-based) of the schedule from the local day base, moved
 * to the next working day: a visit is a working day's job. */
static int32_t visit_day(const struct wf_settings *s, int32_t base, int k)
{
	int32_t day;
	if (s->sla.visits.every_months) {
		int y, m, d;
		cal_civil(base, &y, &m, &d);
		int to = m + k * s->sla.visits.every_months;
		/* the 31st of a shorter month is its last day */
		int32_t first = cal_from_civil(y, to, 1), next = cal_from_civil(y, to + 1, 1);
		day = first + (d - 1 < next - first ? d - 1 : next - first - 1);
	} else {
		day = base + k * s->sla.visits.every_days;
	}
	for (int i = 0; i < FIND_WORKDAY && !cal_is_workday(&s->cal, day); i++)
		day++;
	return day;
}

int wf_visits_plan(struct store_conn *c, const struct wf_settings *s, const struct complaint *cp,
		   int64_t now, struct arena *a, struct kesu_err *err)
{
	if (!cp->customer_id || s->sla.visits.times <= 0)
		return 0;
	struct customer cu;
	int planned = 0;
	int rc = store_customer_get(c, cp->customer_id, a, &cu, err);
	if (rc || !cu.key_customer)
		return rc;
	/* one schedule at a time: the customer's next closed complaint after
	 * it ends starts another */
	if ((rc = store_visits_planned(c, cp->customer_id, &planned, err)) || planned)
		return rc;
	int64_t owner = 0;
	if (cp->team_id && (rc = store_team_supervisor(c, cp->team_id, &owner, err)))
		return rc;
	int32_t base = cal_day_of(now);
	json_t *dates = json_array();
	for (int k = 1; !rc && k <= s->sla.visits.times; k++) {
		int32_t day = visit_day(s, base, k);
		int y, m, d;
		cal_civil(day, &y, &m, &d);
		char date[16];
		snprintf(date, sizeof date, "%04d-%02d-%02d", y, m, d);
		struct visit v = {.customer_id = cp->customer_id, .complaint_id = cp->id,
				  .team_id = cp->team_id, .seq = k, .times = s->sla.visits.times,
				  .due_date = date, .due_at = cal_day_start(day + 1),
				  .method = en_visit_method[s->sla.visits.method].name,
				  .owner_id = owner, .state = "planned", .created_at = now};
		v.next_at = v.due_at;
		rc = store_visit_insert(c, &v, err);
		json_array_append_new(dates, json_pack("{s:I,s:s}", "visit_id", (json_int_t)v.id,
						       "due_date", date));
	}
	json_t *d = json_pack("{s:I,s:o,s:s,s:o?}", "customer_id", (json_int_t)cp->customer_id,
			      "visits", dates, "method", en_visit_method[s->sla.visits.method].name,
			      "owner_id", owner ? json_integer(owner) : NULL);
	if (!rc)
		rc = notice_event(c, cp->id, "visits_planned", wf_system.name, now, d, NULL, NULL, err);
	if (!rc) {
		struct notice_to to = {.role = ROLE_SUPERVISOR, .team_id = cp->team_id};
		rc = notice_staff(c, cp, "visits_planned", &to, d, now, err);
	}
	json_decref(d);
	return rc;
}

int wf_visit_record(struct store_conn *c, struct visit *v, const char *outcome, int64_t at,
		    const struct wf_actor *who, int64_t now, struct kesu_err *err)
{
	if (strcmp(v->state, "done") == 0)
		return kesu_fail(err, KE_CONFLICT, "", "the visit was recorded already (%s)",
				 v->done_by ? v->done_by : "");
	if (at > now + 60000)
		return kesu_fail(err, KE_INVALID_VALUE, "at",
				 "is in the future: record a visit once it was made");
	if (at < v->created_at) {
		char when[40];
		return kesu_fail(err, KE_INVALID_VALUE, "at",
				 "is before the visit was planned (%s)",
				 clock_format(v->created_at, when, sizeof when));
	}
	v->state = "done";
	v->outcome = outcome;
	v->done_at = at;
	v->done_by = who->name;
	/* the visits are the supervisors' duty: anyone else records on their behalf */
	v->on_behalf = !(who->perms & P_FOLLOW_UP_DUTY);
	v->recorded_at = now;
	v->next_at = 0;
	int rc = store_visit_update(c, v, err);
	if (rc)
		return rc;
	json_t *d = json_pack("{s:I,s:I,s:i,s:s,s:s,s:s,s:o,s:s,s:b,s:s?}", "visit_id",
			      (json_int_t)v->id, "customer_id", (json_int_t)v->customer_id, "seq",
			      v->seq, "due_date", v->due_date, "method", v->method, "outcome",
			      outcome, "at", notice_time(at), "by", who->name, "late",
			      v->missed_at != 0, "on_behalf_of",
			      v->on_behalf ? "supervisors" : NULL);
	rc = notice_event(c, v->complaint_id, "visit_recorded", who->name, now, d, NULL, NULL, err);
	json_decref(d);
	return rc;
}

int wf_visits_tick(struct store_conn *c, int64_t now, int limit, struct arena *a, int *done,
		   struct kesu_err *err)
{
	struct visit *items;
	int n;
	int rc = store_visits_due(c, now, limit, a, &items, &n, err);
	for (int i = 0; !rc && i < n; i++) {
		struct visit *v = &items[i];
		v->next_at = 0;
		if (strcmp(v->state, "planned") == 0) {
			v->state = "missed";
			v->missed_at = now;
		}
		if ((rc = store_visit_update(c, v, err)))
			break;
		if (!v->missed_at)
			continue;
		struct complaint cp = {.id = v->complaint_id, .team_id = v->team_id};
		snprintf(cp.tracking_no, sizeof cp.tracking_no, "%s", v->tracking_no);
		json_t *d = json_pack("{s:I,s:I,s:i,s:s,s:s,s:o?}", "visit_id", (json_int_t)v->id,
				      "customer_id", (json_int_t)v->customer_id, "seq", v->seq,
				      "due_date", v->due_date, "method", v->method, "owner_id",
				      v->owner_id ? json_integer(v->owner_id) : NULL);
		rc = notice_event(c, v->complaint_id, "visit_missed", wf_system.name, now, d, NULL,
				  NULL, err);
		struct notice_to to = {.role = ROLE_SUPERVISOR, .team_id = v->team_id};
		if (!rc)
			rc = notice_staff(c, &cp, "visit_missed", &to, d, now, err);
		json_decref(d);
		if (!rc)
			(*done)++;
	}
	return rc;
}
