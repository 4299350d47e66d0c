/*
 * guards.c - what must hold before a transition (the guard column of the
 * transition table): a complaint resolves once its cause and
 * responsibility are judged and the customer accepted the newest plan of
 * its round (domain.md 6), and closes from follow-up once the follow-up
 * was made after the latest resolution: a callback that reached the
 * customer, found them satisfied and what was promised carried out, or
 * three unanswered attempts at different times of day.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "workflow_int.h"

#define HOUR (3600 * 1000LL)

int wf_resolve_check(struct store_conn *c, const struct complaint *cp, int without_plan,
		     struct arena *a, int64_t *plan_id, struct kesu_err *err)
{
	*plan_id = 0;
	if (!cp->v[CF_CAUSE])
		return kesu_fail(err, KE_MISSING_FIELD, "cause",
				 "is required before resolving: set the complaint's main cause");
	if (!cp->v[CF_RESPONSIBILITY])
		return kesu_fail(err, KE_MISSING_FIELD, "responsibility",
				 "is required before resolving: ours, customer, third_party or unclear");
	struct plan *p;
	int n;
	int rc = store_plans_of(c, cp->id, a, &p, &n, err);
	if (rc)
		return rc;
	/* the newest plan of this round is what the customer last answered */
	if (n && p[0].round == cp->reopen_count && strcmp(p[0].state, "accepted") == 0) {
		*plan_id = p[0].id;
		return 0;
	}
	if (without_plan)
		return 0;
	if (!n || p[0].round != cp->reopen_count)
		return kesu_fail(err, KE_CONFLICT, "plan",
				 "resolve after the customer accepted a plan: propose one first%s",
				 n ? " (the complaint was reopened since the last one)" : "");
	return kesu_fail(err, KE_CONFLICT, "plan",
			 "the newest plan (%lld) is %s: resolve after the customer accepted a plan, or a manager resolves without one, with a reason",
			 (long long)p[0].id, p[0].state);
}

int wf_may_close(struct store_conn *c, int64_t complaint_id, struct arena *a,
		 struct kesu_err *err)
{
	struct callback_rec *k;
	int n;
	/* a callback of an earlier round answered for a solution since revised */
	int rc = store_round_callbacks(c, complaint_id, a, &k, &n, err);
	if (rc)
		return rc;
	int64_t attempts[100];
	int na = 0;
	for (int i = 0; i < n; i++) {
		if (k[i].reached && k[i].satisfaction >= 4 && k[i].carried_out == 1)
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
			 "close after the follow-up of the latest resolution: record a callback since then that reached the customer, found them satisfied and what was promised carried out, or three unanswered attempts at least two hours apart (%d so far); a manager can close with a reason",
			 na);
}
