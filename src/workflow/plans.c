/*
 * plans.c - the plan agreed with the customer (domain.md 6): each proposal
 * records the customer's answer (accepted, declined, counter offer) with
 * its time and the conditions both sides agreed; a complaint resolves
 * only after the newest plan of its round was accepted, or with a
 * manager's recorded override. A plan stands on the customer's demand as
 * they confirmed it (demand.c), or says why it goes ahead without.
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

/* 0 if a plan may go ahead on the customer's demand as it stands: its
 * newest restatement confirmed, or a reason given (and only then). */
static int demand_check(struct store_conn *c, const struct complaint *cp, const char *reason,
			struct arena *a, int64_t *confirmed_id, struct kesu_err *err)
{
	struct demand_restatement d;
	int found;
	int rc = wf_demand_latest(c, cp, a, &d, &found, err);
	if (rc)
		return rc;
	*confirmed_id = found && strcmp(d.state, "confirmed") == 0 ? d.id : 0;
	if (*confirmed_id && reason)
		return kesu_fail(err, KE_INVALID_VALUE, "demand_unconfirmed_reason",
				 "goes only with a plan on a demand not confirmed, and the "
				 "customer confirmed restatement %lld: leave it out",
				 (long long)d.id);
	if (*confirmed_id || reason)
		return 0;
	const char *why = !found ? "the customer's demand was not restated yet"
			  : strcmp(d.state, "pending") == 0
				  ? "the restatement of the customer's demand waits for their confirmation"
				  : "the customer corrected the restatement of their demand";
	return kesu_fail(err, KE_CONFLICT, "demand_unconfirmed_reason",
			 "is required: %s. A plan is proposed on a demand the customer confirmed "
			 "(POST .../demand-restatements, then their answer); otherwise say why it "
			 "goes ahead without",
			 why);
}

int wf_plan_propose(struct store_conn *c, const struct complaint *cp, struct plan *p,
		    const char *unconfirmed_reason, const struct wf_progress *progress,
		    const struct wf_actor *who, int64_t now,
		    struct arena *a, struct kesu_err *err)
{
	if (state_is(cp->state, ST_IS_RESOLVED))
		return kesu_fail(err, KE_CONFLICT, "",
				 "a plan is proposed before resolving (the complaint is %s%s)",
				 state_name(cp->state),
				 state_is(cp->state, ST_IS_CLOSED) ? ": reopen it first" : "");
	int64_t demand_id;
	int rc = demand_check(c, cp, unconfirmed_reason, a, &demand_id, err);
	if (rc)
		return rc;
	struct wf_progress told = {0};
	if (progress)
		told = *progress;
	rc = wf_progress_settle(c, cp, &told, 1, now, a, err);
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
	/* what the plan stands on: the demand the customer confirmed, or why not */
	if (demand_id)
		json_object_set_new(d, "demand_restatement_id", json_integer(demand_id));
	else
		json_object_set_new(d, "demand_unconfirmed_reason", json_string(unconfirmed_reason));
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
	/* the one handling it hears the customer's own answer (status page,
	 * mail); one heard on a call was written down by staff who know it */
	if (!rc && !who->user_id) {
		struct notice_to to =
			cp->assignee_id ? (struct notice_to){.role = -1, .user_id = cp->assignee_id}
					: (struct notice_to){.role = ROLE_AGENT, .team_id = cp->team_id};
		json_t *n = json_pack("{s:I,s:s}", "plan_id", (json_int_t)p->id, "answer", p->state);
		rc = notice_staff(c, cp, "plan_answered", &to, n, now, err);
		json_decref(n);
	}
	return rc;
}
