/*
 * transition.c - what a registration and a change of state set in motion:
 * the timeline event, the clocks, the customer's notices, and escalation
 * on the second reopen. All inside the caller's transaction.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/complaint.h"
#include "workflow_int.h"

#define BIT(k) (1u << (k))
#define PAUSABLE (BIT(CK_ACKNOWLEDGE) | BIT(CK_FIRST_RESPONSE) | BIT(CK_RESOLUTION) | BIT(CK_NEGOTIATION))

/* The customer's notice of kind about cp. The sender delivers it to every
 * contact the complaint has when it goes out (SMS to the phone, e-mail to
 * the address); the portal shows it in any case. */
static int customer_notice(struct store_conn *c, const struct complaint *cp, const char *kind,
			   const char *reason, int64_t now, struct kesu_err *err)
{
	const char *channel = "customer";
	const char *to = NULL;
	json_t *d = json_pack("{s:s,s:s,s:s?}", "tracking_no", cp->tracking_no, "status",
			      cp->status, "reason", reason);
	char *data = json_dumps(d, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(d);
	struct outbox_item o = {.complaint_id = cp->id, .audience = "customer", .kind = kind,
				.channel = channel, .recipient = to,
				.language = cp->v[CF_LANGUAGE] ? cp->v[CF_LANGUAGE] : "zh-CN",
				.data = data, .created_at = now};
	int rc = store_outbox_put(c, &o, err);
	free(data);
	return rc;
}

int wf_customer_message(struct store_conn *c, const struct complaint *cp, const char *text,
			int64_t now, struct kesu_err *err)
{
	return customer_notice(c, cp, "message", text, now, err);
}

/* The clocks a new complaint gets, started at now. */
static int start_clocks(struct store_conn *c, const struct wf_settings *s,
			const struct complaint *cp, int64_t now, struct kesu_err *err)
{
	struct wf_duration target[3];
	struct wf_clocks set = {.complaint_id = cp->id};
	wf_sla_targets(&s->sla, cp->v[CF_SEVERITY], cp->v[CF_CHANNEL], cp->v[CF_CATEGORY], target);
	for (int k = 0; k < 3; k++)
		wf_clock_start(s, &set, (enum wf_clock_kind)k, &target[k], now);
	if (cp->v[CF_CHANNEL] && strcmp(cp->v[CF_CHANNEL], "regulator") == 0)
		wf_clock_start(s, &set, CK_NEGOTIATION, &s->sla.negotiation, now);
	return wf_clocks_save(c, &set, err);
}

int wf_on_created(struct store_conn *c, const struct complaint *cp, int64_t clocks_from,
		  struct kesu_err *err)
{
	const struct wf_settings *s = wf_settings(c, err);
	if (!s)
		return -err->code;
	int rc = start_clocks(c, s, cp, clocks_from, err);
	/* domain.md 2: the customer hears at once that it is being handled */
	if (!rc)
		rc = customer_notice(c, cp, "acknowledged", NULL, cp->created_at, err);
	return rc ? rc : wf_key_customer(c, s, cp, err);
}

int wf_backfill(struct store_conn *c, int64_t now, int limit, int *started,
		struct kesu_err *err)
{
	const struct wf_settings *s = wf_settings(c, err);
	if (!s)
		return -err->code;
	int64_t *ids = malloc(sizeof *ids * (size_t)limit);
	int n = 0;
	int rc = store_complaints_without_clocks(c, limit, ids, &n, err);
	struct arena *a = arena_new();
	*started = 0;
	for (int i = 0; !rc && i < n; i++) {
		struct complaint cp;
		rc = store_complaint_get(c, ids[i], NULL, a, &cp, err);
		if (!rc)
			rc = start_clocks(c, s, &cp, now, err);
		if (!rc)
			(*started)++;
		arena_reset(a);
	}
	arena_free(a);
	free(ids);
	return rc;
}

static int on_clocks(struct store_conn *c, const struct wf_settings *s,
		     const struct complaint *cp, const char *from, const char *to, int64_t now,
		     struct arena *a, struct kesu_err *err)
{
	struct wf_clocks set;
	int rc = wf_clocks_load(c, cp->id, a, &set, err);
	if (rc)
		return rc;
	if (strcmp(from, "registered") == 0)
		wf_clocks_apply(s, &set, BIT(CK_ACKNOWLEDGE), OP_MEET, now);
	if (strcmp(to, "in_progress") == 0 || strcmp(to, "awaiting_customer") == 0)
		wf_clocks_apply(s, &set, BIT(CK_FIRST_RESPONSE), OP_MEET, now);
	if (strcmp(from, "awaiting_customer") == 0)
		wf_clocks_apply(s, &set, PAUSABLE, OP_RESUME, now);
	if (strcmp(to, "awaiting_customer") == 0)
		wf_clocks_apply(s, &set, PAUSABLE, OP_PAUSE, now);
	if (strcmp(to, "resolved") == 0) {
		wf_clocks_apply(s, &set, BIT(CK_RESOLUTION) | BIT(CK_NEGOTIATION), OP_MEET, now);
		wf_clock_start(s, &set, CK_FOLLOW_UP, &s->sla.follow_up, now);
		wf_clock_start(s, &set, CK_CALLBACK, &s->sla.callback, now);
	}
	if (strcmp(to, "closed") == 0 || strcmp(to, "reopened") == 0)
		wf_clocks_apply(s, &set, PAUSABLE | BIT(CK_FOLLOW_UP) | BIT(CK_CALLBACK), OP_MEET,
				now);
	if (strcmp(to, "reopened") == 0) {
		/* a revised plan gets a new resolution target */
		struct wf_duration target[3];
		wf_sla_targets(&s->sla, cp->v[CF_SEVERITY], cp->v[CF_CHANNEL], cp->v[CF_CATEGORY],
			       target);
		wf_clock_start(s, &set, CK_RESOLUTION, &target[2], now);
	}
	return set.n ? wf_clocks_save(c, &set, err) : 0;
}

int wf_transition(struct store_conn *c, const struct complaint *cp, const char *to,
		  const char *reason, int override, const char *actor, int64_t now,
		  struct arena *a, struct complaint *after, struct kesu_err *err)
{
	const struct wf_transition *t = wf_find(cp->status, to);
	char allowed[256];
	int without_plan = (override & WF_WITHOUT_PLAN) && (override & WF_AS_MANAGER);
	override &= WF_AS_MANAGER | WF_AS_SYSTEM;
	/* kesu itself, and only along WF_SYSTEM transitions */
	if (override == WF_AS_SYSTEM && (!t || t->rule != WF_SYSTEM))
		return kesu_fail(err, KE_CONFLICT, "to", "a complaint that is %s cannot go to %s now",
				 cp->status, to);
	if (override != WF_AS_SYSTEM &&
	    (!t || t->rule == WF_SYSTEM || (t->rule == WF_OVERRIDE && !override)))
		return kesu_fail(err, KE_CONFLICT, "to",
				 "a complaint that is %s can go to: %s", cp->status,
				 wf_allowed_list(cp->status, override, allowed, sizeof allowed));
	if (t->needs_reason && !reason)
		return kesu_fail(err, KE_MISSING_FIELD, "reason",
				 "is required to go from %s to %s", cp->status, to);
	/* domain.md 6: close only after the follow-up (a manager may override) */
	if (strcmp(cp->status, "follow_up") == 0 && strcmp(to, "closed") == 0 &&
	    !(override == WF_AS_MANAGER && reason)) {
		int rc = wf_may_close(c, cp->id, a, err);
		if (rc)
			return rc;
	}
	/* domain.md 6: resolve once the customer accepted the plan */
	int64_t plan_id = 0;
	if (strcmp(to, "resolved") == 0) {
		int rc = wf_resolve_check(c, cp, without_plan, a, &plan_id, err);
		if (rc)
			return rc;
	}
	const struct wf_settings *s = wf_settings(c, err);
	if (!s)
		return -err->code;
	*after = *cp;
	after->status = to;
	after->version = cp->version + 1;
	after->updated_at = now;
	if (strcmp(to, "reopened") == 0)
		after->reopen_count = cp->reopen_count + 1;
	int rc = store_complaint_update(c, cp, after, 0, err);
	if (rc)
		return rc;
	json_t *d = json_pack("{s:s,s:s,s:s?,s:b}", "from", cp->status, "to", to, "reason", reason,
			      "override", t->rule == WF_OVERRIDE);
	if (strcmp(to, "resolved") == 0) {
		/* domain.md 6: the resolution states what was granted */
		struct compensation *k;
		int nk;
		if ((rc = store_compensation_list(c, cp->id, a, &k, &nk, err))) {
			json_decref(d);
			return rc;
		}
		json_t *ids = json_array();
		int64_t fen = 0;
		for (int i = 0; i < nk; i++)
			if (strcmp(k[i].state, "granted") == 0) {
				json_array_append_new(ids, json_integer(k[i].id));
				fen += k[i].amount_fen;
			}
		json_object_set_new(d, "compensations", ids);
		json_object_set_new(d, "granted_fen", json_integer(fen));
		json_object_set_new(d, "plan_id", plan_id ? json_integer(plan_id) : json_null());
		if (!plan_id)
			json_object_set_new(d, "without_plan", json_true());
	}
	char *data = json_dumps(d, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(d);
	struct event e = {.complaint_id = cp->id, .at = now, .actor = actor,
			  .kind = "status_changed", .data = data};
	rc = store_event_append(c, &e, err);
	free(data);
	if (!rc)
		rc = on_clocks(c, s, cp, cp->status, to, now, a, err);
	if (!rc && t->notice)
		rc = customer_notice(c, after, t->notice, reason, now, err);
	/* domain.md 4: reopened again -> one level up */
	if (!rc && after->reopen_count >= 2 && strcmp(to, "reopened") == 0 &&
	    after->level + 1 < wf_nlevels) {
		struct complaint up;
		rc = wf_escalate(c, after, -1, "reopen", "reopened a second time", 0, actor, now, a,
				 &up, err);
		if (!rc)
			*after = up;
	}
	return rc;
}
