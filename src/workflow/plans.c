/*
 * plans.c - the plan agreed with the customer (domain.md 6): each proposal
 * records the customer's answer (accepted, declined, counter offer) with
 * its time and the conditions both sides agreed; a complaint resolves
 * only after the newest plan of its round was accepted, or with a
 * manager's recorded override.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "workflow_int.h"

static json_t *ids_json(const char *text)
{
	json_t *j = text ? json_loads(text, 0, NULL) : NULL;
	return j ? j : json_array();
}

int wf_plan_propose(struct store_conn *c, const struct complaint *cp, struct plan *p,
		    const struct wf_progress *progress, const struct wf_actor *who, int64_t now,
		    struct arena *a, struct kesu_err *err)
{
	if (state_is(cp->state, ST_IS_RESOLVED))
		return kesu_fail(err, KE_CONFLICT, "",
				 "a plan is proposed before resolving (the complaint is %s%s)",
				 state_name(cp->state),
				 state_is(cp->state, ST_IS_CLOSED) ? ": reopen it first" : "");
	struct wf_progress told = {0};
	if (progress)
		told = *progress;
	int rc = wf_progress_settle(c, cp, &told, 1, now, a, err);
	if (rc)
		return rc;
	json_t *ids = ids_json(p->compensation_ids);
	size_t i;
	json_t *v;
	json_array_foreach(ids, i, v) {
		struct compensation k;
		rc = store_compensation_get(c, json_integer_value(v), a, &k, err);
		if (rc == -KE_NOT_FOUND || (!rc && (k.complaint_id != cp->id ||
						   strcmp(k.state, "rejected") == 0))) {
			kesu_err_clear(err);
			rc = kesu_fail(err, KE_INVALID_VALUE, "compensation_ids",
				       "%lld is not a granted or pending compensation of this complaint",
				       (long long)json_integer_value(v));
		}
		if (rc)
			break;
	}
	json_decref(ids);
	if (rc)
		return rc;
	struct plan *prev;
	int n;
	if ((rc = store_plans_of(c, cp->id, a, &prev, &n, err)))
		return rc;
	p->revises = 0;
	if (n && (strcmp(prev[0].state, "declined") == 0 ||
		  strcmp(prev[0].state, "counter_offer") == 0 ||
		  strcmp(prev[0].state, "proposed") == 0))
		p->revises = prev[0].id;
	if (n && strcmp(prev[0].state, "proposed") == 0 &&
	    (rc = store_plans_supersede(c, cp->id, err)))
		return rc;
	p->complaint_id = cp->id;
	p->round = cp->reopen_count;
	p->state = "proposed";
	p->proposed_by = who->name;
	p->proposed_at = now;
	if ((rc = store_plan_insert(c, p, err)))
		return rc;
	json_t *d = json_pack("{s:I,s:s,s:o,s:o}", "plan_id", (json_int_t)p->id, "summary",
			      p->summary, "compensation_ids", ids_json(p->compensation_ids),
			      "revises", p->revises ? json_integer(p->revises) : json_null());
	json_object_set_new(d, "progress", notice_progress(&told));
	rc = notice_event(c, cp->id, "plan_proposed", who->name, now, d, NULL, NULL, err);
	json_decref(d);
	if (rc)
		return rc;
	/* the customer hears of it, and may answer on the status page */
	return notice_customer_told(c, cp, "plan_proposed", p->summary, &told, now, err);
}

int wf_plan_answer(struct store_conn *c, const struct complaint *cp, struct plan *p,
		   const char *answer, const char *conditions, const char *counter_offer,
		   const struct wf_actor *who, int64_t now, struct kesu_err *err)
{
	if (strcmp(p->state, "proposed") != 0)
		return kesu_fail(err, KE_CONFLICT, "",
				 "the plan is %s already; propose a revised plan instead", p->state);
	if (wf_not_closed(cp, err))
		return -err->code;
	if (enum_input(en_plan_answer, answer) < 0)
		return kesu_fail(err, KE_INVALID_VALUE, "answer", "must be one of: %s",
				 "accepted, declined, counter_offer");
	if (strcmp(answer, "counter_offer") == 0 && !counter_offer)
		return kesu_fail(err, KE_MISSING_FIELD, "counter_offer",
				 "is required for a counter offer: what the customer asks instead");
	p->state = answer;
	p->conditions = conditions;
	p->counter_offer = counter_offer;
	p->answered_by = who->name;
	p->answered_at = now;
	int rc = store_plan_answer(c, p, err);
	if (rc)
		return rc;
	json_t *d = json_pack("{s:I,s:s,s:s?,s:s?}", "plan_id", (json_int_t)p->id, "answer",
			      p->state, "conditions", p->conditions, "counter_offer",
			      p->counter_offer);
	rc = notice_event(c, cp->id, "plan_answered", who->name, now, d, NULL, NULL, err);
	json_decref(d);
	return rc;
}
