/*
 * compensate.c - compensation within authority (domain.md 4): every role
 * has a limit per kind of compensation, and it bounds what the customer
 * gets on the complaint: the sum of its compensations granted or waiting,
 * all kinds, by their amount in fen. Within it the proposer grants at
 * once; a proposal that takes the sum above it waits for someone whose
 * limit covers the new sum. Nobody approves their own proposal, nor above
 * their own limit.
 *
 * A goodwill offer (a coupon, a small gift: domain.md 6, winning the
 * customer back) is made after a satisfied close, under the same limit;
 * above it, it waits for approval while the complaint stays closed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../auth/roles.h"
#include "../core/customer.h"
#include "workflow_int.h"

int wf_user_limit(struct store_conn *c, int64_t user_id, int kind, struct arena *a,
		  int64_t *limit, struct kesu_err *err)
{
	struct user u;
	int require;
	const char *role_limits;
	int rc = store_user_get(c, user_id, NULL, a, &u, err);
	if (!rc)
		rc = store_role_get(c, u.role, a, &require, &role_limits, err);
	if (!rc)
		*limit = role_limit(role_find(u.role), kind, role_limits, u.limits);
	return rc;
}

static int comp_event(struct store_conn *c, const struct compensation *k, const char *kind,
		      const char *actor, int64_t now, struct kesu_err *err)
{
	json_t *d = json_pack("{s:I,s:s,s:I,s:s?,s:s?,s:s}", "compensation_id",
			      (json_int_t)k->id, "type", k->type, "amount_fen",
			      (json_int_t)k->amount_fen, "note", k->note, "reason",
			      k->decision_reason, "purpose", k->purpose ? k->purpose : "remedy");
	int rc = notice_event(c, k->complaint_id, kind, actor, now, d, NULL, NULL, err);
	json_decref(d);
	return rc;
}

/* domain.md 1: material compensation only once the complainant's
 * identity is confirmed. */
static int identity_needed(struct store_conn *c, int64_t complaint_id, const char *type,
			   struct arena *a, struct kesu_err *err)
{
	if (!(enum_flags(en_compensation_kind, type) & EV_MATERIAL))
		return 0;
	struct identity_check k;
	int rc = store_identity_get(c, complaint_id, a, &k, err);
	if (rc == -KE_NOT_FOUND) {
		kesu_err_clear(err);
		return kesu_fail(err, KE_CONFLICT, "identity",
				 "confirm the complainant's identity before granting %s (order number, phone verification or in person: POST .../identity)",
				 type);
	}
	return rc;
}

/* 1 if granting amount more to cp's customer passes a difficult
 * customer's concession cap, which only a manager may pass (domain.md 3).
 * Counted like the proposer's limit: granted and waiting, except the
 * proposal except_id being decided. */
int wf_over_cap(struct store_conn *c, const struct complaint *cp, int64_t amount,
		int64_t except_id, struct arena *a, int64_t *cap, struct kesu_err *err)
{
	*cap = -1;
	if (!cp->customer_id)
		return 0;
	struct customer cu;
	int64_t granted;
	int rc = store_customer_get(c, cp->customer_id, a, &cu, err);
	if (rc)
		return rc;
	if (!cu.customer_type || strcmp(cu.customer_type, "difficult") != 0 ||
	    cu.concession_cap_fen < 0)
		return 0;
	if ((rc = store_customer_granted(c, cp->customer_id, except_id, &granted, err)))
		return rc;
	*cap = cu.concession_cap_fen;
	return granted + amount > cu.concession_cap_fen;
}

/* A manager's decision passes a concession cap (domain.md 3): the same
 * permission as the manager's other decisions. */
#define CAP_PASS P_COMPLAINT_OVERRIDE

int wf_approver_role(int64_t amount, int capped)
{
	/* the roles that approve, from the lowest default limit up: the first
	 * whose limit covers the amount (past a cap, the first that may pass
	 * it); the highest if none does */
	uint32_t need = P_COMPENSATION_APPROVE | (capped ? CAP_PASS : 0);
	int best = -1, top = -1;
	for (int r = 0; r < ROLE__COUNT; r++) {
		if ((roles[r].perms & need) != need)
			continue;
		if (top < 0 || roles[r].limit_fen > roles[top].limit_fen)
			top = r;
		if (roles[r].limit_fen >= amount &&
		    (best < 0 || roles[r].limit_fen < roles[best].limit_fen))
			best = r;
	}
	return best >= 0 ? best : top;
}

int wf_is_goodwill(const struct compensation *k)
{
	return k->purpose && strcmp(k->purpose, "goodwill") == 0;
}

/* A goodwill offer follows a satisfied close: the complaint is closed and
 * its latest follow-up found the customer satisfied (4 or 5). */
static int goodwill_allowed(struct store_conn *c, const struct complaint *cp, struct arena *a,
			    struct kesu_err *err)
{
	if (!state_is(cp->state, ST_IS_CLOSED))
		return kesu_fail(err, KE_CONFLICT, "purpose",
				 "goodwill is offered after a satisfied close: this complaint is %s",
				 state_name(cp->state));
	struct callback_rec *k;
	int n, rc = store_round_callbacks(c, cp->id, a, &k, &n, err);
	if (rc)
		return rc;
	int satisfied = 0;
	for (int i = n - 1; i >= 0; i--)
		if (k[i].reached) {
			satisfied = k[i].satisfaction >= 4;
			break;
		}
	if (!satisfied)
		return kesu_fail(err, KE_CONFLICT, "purpose",
				 "goodwill is offered after a satisfied close: this complaint closed without a satisfied follow-up");
	return 0;
}

int wf_grant(struct store_conn *c, const struct complaint *cp, const struct wf_actor *who,
	     struct compensation *k, int64_t now, struct arena *a, int *replayed,
	     struct kesu_err *err)
{
	*replayed = 0;
	int rc;
	if (k->idem_key) {
		rc = store_compensation_by_key(c, cp->id, who->user_id, k->idem_key, a, k, err);
		if (rc == 0) {
			*replayed = 1;
			return 0;
		}
		if (rc != -KE_NOT_FOUND)
			return rc;
	}
	int goodwill = wf_is_goodwill(k);
	if (goodwill) {
		if ((rc = goodwill_allowed(c, cp, a, err)))
			return rc;
	} else if (state_is(cp->state, ST_IS_CLOSED)) {
		return kesu_refuse(err, KE_CONFLICT, KR_CLOSED, "",
				   "the complaint is closed: reopen it first");
	}
	if ((rc = identity_needed(c, cp->id, k->type, a, err)))
		return rc;
	int64_t limit, cap;
	int kind = enum_index(en_compensation_kind, k->type);
	if (kind < 0)
		return kesu_fail(err, KE_INVALID_VALUE, "type", "must be one of: %s",
				 enum_list(en_compensation_kind, a));
	if ((rc = wf_user_limit(c, who->user_id, kind, a, &limit, err)))
		return rc;
	/* the limit is on what the customer gets on the complaint, so that
	 * small grants in a row cannot add up past it; a waiting proposal
	 * counts, as it may yet be granted */
	int64_t before;
	if ((rc = store_compensation_committed(c, cp->id, 0, &before, err)))
		return rc;
	int64_t total = before + k->amount_fen;
	int capped = wf_over_cap(c, cp, k->amount_fen, 0, a, &cap, err);
	if (capped < 0)
		return capped;
	int manager = (who->perms & CAP_PASS) != 0;
	if (capped && !manager)
		limit = 0; /* it waits for a manager, whatever the proposer's limit */
	k->complaint_id = cp->id;
	k->proposed_by = who->user_id;
	k->proposed_at = now;
	if (total <= limit) {
		k->state = "granted";
		k->decided_by = who->user_id;
		k->decided_at = now;
		if ((rc = store_compensation_insert(c, k, err)))
			return rc;
		return comp_event(c, k, "compensation_granted", who->name, now, err);
	}
	/* above the limit: never promise what is not approved */
	if (goodwill) {
		/* the complaint stays closed; the offer waits on its own */
		k->state = "pending";
		if ((rc = store_compensation_insert(c, k, err)) ||
		    (rc = comp_event(c, k, "compensation_proposed", who->name, now, err)))
			return rc;
		struct notice_to to = {.role = wf_approver_role(total, capped),
				       .team_id = cp->team_id};
		json_t *d = json_pack("{s:I,s:I,s:I,s:s}", "compensation_id", (json_int_t)k->id,
				      "amount_fen", (json_int_t)k->amount_fen, "total_fen",
				      (json_int_t)total, "purpose", "goodwill");
		rc = notice_staff(c, cp, "approval_needed", &to, d, now, err);
		json_decref(d);
		return rc;
	}
	if (cp->state != ST_IN_PROGRESS && capped) {
		int rc2 = kesu_refuse(err, KE_CONFLICT, KR_OVER_CAP, "amount_fen",
				      "passes the customer's concession cap (%lld fen in total): propose it while the complaint is in_progress, so that a manager can approve it",
				      (long long)cap);
		kesu_param_int(err, "cap_fen", cap);
		return rc2;
	}
	if (cp->state != ST_IN_PROGRESS) {
		int rc2 = kesu_refuse(err, KE_CONFLICT, KR_OVER_LIMIT, "amount_fen",
				      "takes the compensation on this complaint to %lld fen, above your limit (%lld fen): propose it while the complaint is in_progress, so that it can wait for approval",
				      (long long)total, (long long)limit);
		kesu_param_int(err, "limit_fen", limit);
		kesu_param_int(err, "total_fen", total);
		return rc2;
	}
	k->state = "pending";
	if ((rc = store_compensation_insert(c, k, err)) ||
	    (rc = comp_event(c, k, "compensation_proposed", who->name, now, err)))
		return rc;
	struct complaint after;
	if ((rc = wf_transition(c, cp, ST_AWAITING_APPROVAL, NULL, WF_ON_BEHALF, who, now, a,
				&after, err)))
		return rc;
	struct notice_to to = {.role = wf_approver_role(total, capped), .team_id = cp->team_id};
	json_t *d = json_pack("{s:I,s:I,s:I}", "compensation_id", (json_int_t)k->id, "amount_fen",
			      (json_int_t)k->amount_fen, "total_fen", (json_int_t)total);
	rc = notice_staff(c, cp, "approval_needed", &to, d, now, err);
	json_decref(d);
	return rc;
}

int wf_grant_decide(struct store_conn *c, int64_t id, int approve, const char *reason,
		    const struct wf_actor *who, int64_t now, struct arena *a,
		    struct compensation *out, struct kesu_err *err)
{
	int rc = store_compensation_get(c, id, a, out, err);
	if (rc)
		return rc;
	if (strcmp(out->state, "pending") != 0) {
		rc = kesu_refuse(err, KE_CONFLICT, KR_ALREADY_DECIDED, "",
				 "the proposal was %s already by %s", out->state,
				 out->decider ? out->decider : "its proposer");
		kesu_param_str(err, "state", out->state);
		return rc;
	}
	if (out->proposed_by == who->user_id)
		return kesu_refuse(err, KE_FORBIDDEN, KR_OWN_PROPOSAL, "",
				   "nobody decides their own proposal");
	int64_t limit, others = 0;
	if (approve &&
	    ((rc = wf_user_limit(c, who->user_id, enum_index(en_compensation_kind, out->type), a,
				 &limit, err)) ||
	     (rc = store_compensation_committed(c, out->complaint_id, out->id, &others, err))))
		return rc;
	/* the approver answers for the new sum on the complaint, not only for
	 * this proposal */
	if (approve && others + out->amount_fen > limit) {
		rc = kesu_refuse(err, KE_FORBIDDEN, KR_OVER_LIMIT, "amount_fen",
				 "granting it takes the compensation on this complaint to %lld fen, above your own limit for %s (%lld fen)",
				 (long long)(others + out->amount_fen), out->type, (long long)limit);
		kesu_param_int(err, "limit_fen", limit);
		kesu_param_int(err, "total_fen", others + out->amount_fen);
		return rc;
	}
	struct complaint cp, after;
	if ((rc = store_complaint_get(c, out->complaint_id, NULL, a, &cp, err)))
		return rc;
	if (approve && (rc = identity_needed(c, cp.id, out->type, a, err)))
		return rc;
	int64_t cap;
	int capped = approve ? wf_over_cap(c, &cp, out->amount_fen, out->id, a, &cap, err) : 0;
	if (capped < 0)
		return capped;
	if (capped && !(who->perms & CAP_PASS)) {
		rc = kesu_refuse(err, KE_FORBIDDEN, KR_OVER_CAP, "",
				 "granting it passes the customer's concession cap (%lld fen in total): only a manager may",
				 (long long)cap);
		kesu_param_int(err, "cap_fen", cap);
		return rc;
	}
	out->state = approve ? "granted" : "rejected";
	out->decided_by = who->user_id;
	out->decided_at = now;
	out->decision_reason = reason;
	if ((rc = store_compensation_decide(c, out, err)) ||
	    (rc = comp_event(c, out, approve ? "compensation_approved" : "compensation_rejected",
			     who->name, now, err)))
		return rc;
	/* the proposer learns the decision without watching the complaint */
	if (out->proposed_by) {
		struct notice_to to = {.role = -1, .user_id = out->proposed_by};
		json_t *n = json_pack("{s:I,s:s,s:I}", "compensation_id", (json_int_t)out->id,
				      "decision", out->state, "amount_fen",
				      (json_int_t)out->amount_fen);
		rc = notice_staff(c, &cp, "approval_decided", &to, n, now, err);
		json_decref(n);
		if (rc)
			return rc;
	}
	if (cp.state == ST_AWAITING_APPROVAL)
		rc = wf_transition(c, &cp, ST_IN_PROGRESS, reason, WF_ON_BEHALF, who, now, a, &after,
				   err);
	return rc;
}
