/*
 * followup.c - the closed loop (domain.md 6): the follow-up after the
 * resolution (a callback, or the customer's own rating on the portal) and
 * what it decides. That a complaint closes only after it is a guard of the
 * transition table (guards.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../util/clock.h"
#include "workflow_int.h"

int wf_follow_up(struct store_conn *c, const struct complaint *cp, struct callback_rec *k,
		 const struct wf_actor *who, int64_t now, struct arena *a, struct complaint *after,
		 struct kesu_err *err)
{
	if (!state_is(cp->state, ST_FOLLOWS_UP))
		return kesu_fail(err, KE_CONFLICT, "",
				 "a follow-up callback is for a resolved complaint (this one is %s)",
				 state_name(cp->state));
	/* the closed loop checks that the promise was kept (落实到位): a customer
	 * reached is asked, and the answer decides */
	if (k->reached && !k->carried_out)
		return kesu_fail(err, KE_MISSING_FIELD, "carried_out",
				 "is required when the customer was reached: was what was promised carried out (true or false)?");
	int64_t resolved_at;
	int rc = store_resolved_at(c, cp->id, &resolved_at, err);
	if (rc)
		return rc;
	/* a callback before the latest resolution is about a solution since
	 * revised; "at" is exact to the second, so the same second counts */
	if (k->at / 1000 < resolved_at / 1000) {
		char when[40];
		return kesu_fail(err, KE_INVALID_VALUE, "at",
				 "must not be before the latest resolution (%s): a callback of an earlier round decides nothing now",
				 clock_format(resolved_at, when, sizeof when));
	}
	k->complaint_id = cp->id;
	k->recorded_by = who->name;
	k->recorded_at = now;
	/* the follow-up is the supervisors' duty (domain.md 6); a colleague
	 * may make the call, and the record says on whose behalf. The
	 * customer's own rating is nobody's call. */
	k->on_behalf = who->user_id && !(who->perms & P_FOLLOW_UP_DUTY);
	rc = store_callback_insert(c, k, err);
	if (rc)
		return rc;
	char at[40];
	json_t *d = json_pack("{s:I,s:s,s:s,s:b,s:o,s:o,s:o,s:s?,s:s,s:s?}", "callback_id",
			      (json_int_t)k->id,
			      "at", clock_format(k->at, at, sizeof at), "method", k->method,
			      "reached", k->reached,
			      "satisfaction", k->satisfaction ? json_integer(k->satisfaction) : json_null(),
			      "business_satisfaction",
			      k->business_satisfaction ? json_integer(k->business_satisfaction)
						       : json_null(),
			      "carried_out",
			      k->carried_out ? json_boolean(k->carried_out == 1) : json_null(),
			      "advice", k->advice, "by", who->name, "on_behalf_of",
			      k->on_behalf ? "supervisors" : NULL);
	rc = notice_event(c, cp->id, "callback", who->name, now, d, NULL, NULL, err);
	json_decref(d);
	*after = *cp;
	if (rc || !k->reached)
		return rc;
	/* the follow-up is done: the clocks are met by the loop's end below */
	struct complaint step = *cp;
	if (cp->state != ST_FOLLOW_UP &&
	    (rc = wf_transition(c, cp, ST_FOLLOW_UP, NULL, 0, who, now, a, &step, err)))
		return rc;
	if (k->satisfaction >= 4 && k->carried_out == 1)
		return wf_transition(c, &step, ST_CLOSED, NULL, 0, who, now, a, after, err);
	char reason[300];
	if (k->satisfaction >= 4)
		snprintf(reason, sizeof reason,
			 "what was promised was not carried out (follow-up, %d/5)%s%s",
			 k->satisfaction, k->advice ? ": " : "", k->advice ? k->advice : "");
	else
		snprintf(reason, sizeof reason, "not satisfied at the follow-up (%d/5)%s%s",
			 k->satisfaction, k->advice ? ": " : "", k->advice ? k->advice : "");
	return wf_transition(c, &step, ST_REOPENED, reason, 0, who, now, a, after, err);
}

