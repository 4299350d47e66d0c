/*
 * transitions.c - the lifecycle of a complaint: every allowed transition
 * in one table, with who may take it, what must hold before it (its
 * guard), the clocks it meets and starts and the notice it owes the
 * customer. A transition not listed is refused with the list of those
 * that are. Pausing and resuming clocks follows the states table: entering
 * a state that pauses clocks pauses them, leaving it resumes them.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "workflow_int.h"

#define ACK CK_BIT(CK_ACKNOWLEDGE)
#define FIRST CK_BIT(CK_FIRST_RESPONSE)
#define RESOLUTION CK_BIT(CK_RESOLUTION)
#define NEGOTIATION CK_BIT(CK_NEGOTIATION)
#define FOLLOW_UP CK_BIT(CK_FOLLOW_UP)
#define CALLBACK CK_BIT(CK_CALLBACK)
/* the loop ends, or starts again: every clock still running is done */
#define ALL (CK_PAUSABLE | FOLLOW_UP | CALLBACK)
#define REASON WF_T_REASON
#define REOPEN (WF_T_REASON | WF_T_REOPEN)

const char *const wf_rule_names[] = {"edit", "override", "system"};
static const char *const guard_names[] = {"", "the follow-up was made",
					  "cause, responsibility, accepted plan"};

const struct wf_transition wf_transitions[] = {
	{ST_REGISTERED, ST_ACKNOWLEDGED, WF_EDIT, G_NONE, 0, ACK, 0, NULL,
	 "an agent takes the complaint on"},
	{ST_REGISTERED, ST_IN_PROGRESS, WF_EDIT, G_NONE, 0, ACK | FIRST, 0, "progress",
	 "taken on and worked at once"},
	{ST_ACKNOWLEDGED, ST_IN_PROGRESS, WF_EDIT, G_NONE, 0, FIRST, 0, "progress", "work begins"},
	{ST_IN_PROGRESS, ST_AWAITING_CUSTOMER, WF_EDIT, G_NONE, REASON, FIRST, 0,
	 "awaiting_customer", "the customer must answer or send something; the clocks pause"},
	{ST_IN_PROGRESS, ST_AWAITING_DEPARTMENT, WF_EDIT, G_NONE, 0, 0, 0, NULL,
	 "a department must act"},
	{ST_IN_PROGRESS, ST_AWAITING_APPROVAL, WF_SYSTEM, G_NONE, 0, 0, 0, NULL,
	 "a compensation above the proposer's limit waits for approval"},
	{ST_AWAITING_CUSTOMER, ST_IN_PROGRESS, WF_EDIT, G_NONE, 0, FIRST, 0, "progress",
	 "the customer answered"},
	{ST_AWAITING_DEPARTMENT, ST_IN_PROGRESS, WF_EDIT, G_NONE, 0, FIRST, 0, NULL,
	 "the department answered"},
	{ST_AWAITING_APPROVAL, ST_IN_PROGRESS, WF_SYSTEM, G_NONE, 0, FIRST, 0, NULL,
	 "the proposal was decided"},
	{ST_IN_PROGRESS, ST_RESOLVED, WF_EDIT, G_PLAN_ACCEPTED, REASON, RESOLUTION | NEGOTIATION,
	 FOLLOW_UP | CALLBACK, "resolved", "what was done is recorded"},
	{ST_RESOLVED, ST_FOLLOW_UP, WF_EDIT, G_NONE, 0, 0, 0, "follow_up",
	 "the follow-up call begins"},
	{ST_RESOLVED, ST_REOPENED, WF_EDIT, G_NONE, REOPEN, ALL, RESOLUTION, "reopened",
	 "the customer is not satisfied"},
	{ST_FOLLOW_UP, ST_CLOSED, WF_EDIT, G_FOLLOWED_UP, 0, ALL, 0, NULL,
	 "satisfied, and what was promised was done"},
	{ST_FOLLOW_UP, ST_REOPENED, WF_EDIT, G_NONE, REOPEN, ALL, RESOLUTION, "reopened",
	 "not satisfied at the follow-up"},
	{ST_CLOSED, ST_REOPENED, WF_EDIT, G_NONE, REOPEN, ALL, RESOLUTION, "reopened",
	 "the customer comes back"},
	{ST_REOPENED, ST_IN_PROGRESS, WF_EDIT, G_NONE, 0, FIRST, 0, "progress",
	 "work on a revised plan begins"},
	{ST_RESOLVED, ST_CLOSED, WF_OVERRIDE, G_NONE, REASON, ALL, 0, NULL,
	 "closed without follow-up (a manager's decision)"},
	{ST_REGISTERED, ST_CLOSED, WF_OVERRIDE, G_NONE, REASON, ALL, 0, NULL,
	 "closed unhandled: invalid or a duplicate"},
	{ST_ACKNOWLEDGED, ST_CLOSED, WF_OVERRIDE, G_NONE, REASON, ALL, 0, NULL,
	 "closed unhandled: invalid or a duplicate"},
	{ST_IN_PROGRESS, ST_CLOSED, WF_OVERRIDE, G_NONE, REASON, ALL, 0, NULL,
	 "closed unresolved (a manager's decision)"},
};
const int wf_ntransitions = sizeof wf_transitions / sizeof *wf_transitions;

const struct wf_transition *wf_find(enum complaint_state from, enum complaint_state to)
{
	for (int i = 0; i < wf_ntransitions; i++)
		if (wf_transitions[i].from == from && wf_transitions[i].to == to)
			return &wf_transitions[i];
	return NULL;
}

const char *wf_allowed_list(enum complaint_state from, int override, char *buf, size_t size)
{
	size_t n = 0;
	buf[0] = '\0';
	for (int i = 0; i < wf_ntransitions; i++) {
		const struct wf_transition *t = &wf_transitions[i];
		if (t->from != from || t->rule == WF_SYSTEM || (t->rule == WF_OVERRIDE && !override))
			continue;
		n += (size_t)snprintf(buf + n, n < size ? size - n : 0, "%s%s", n ? ", " : "",
				      state_name(t->to));
	}
	if (!buf[0])
		snprintf(buf, size, "none");
	return buf;
}

/* "acknowledge, first_response" for a mask of clocks. */
static const char *clock_list(unsigned mask, char *buf, size_t size)
{
	size_t n = 0;
	buf[0] = '\0';
	if (mask == ALL) {
		snprintf(buf, size, "every clock");
		return buf;
	}
	for (int k = 0; k < CK__COUNT; k++)
		if (mask & CK_BIT(k))
			n += (size_t)snprintf(buf + n, n < size ? size - n : 0, "%s%s",
					      n ? ", " : "", en_clock[k].name);
	return buf;
}

void wf_print_states(FILE *f, int markdown)
{
	static const struct {
		unsigned flag;
		const char *name;
	} cols[] = {{ST_IS_CLOSED, "closed"},	      {ST_PAUSES_CLOCKS, "pauses clocks"},
		    {ST_WAITS_CUSTOMER, "waits for the customer"},
		    {ST_IS_RESOLVED, "resolved"}, {ST_RATEABLE, "customer rates"},
		    {ST_TELLS_REASON, "reason told to the customer"},
		    {ST_FOLLOWS_UP, "follow-up due"}};
	if (markdown)
		fprintf(f, "| state | 简体 | 繁體 | English | properties |\n|---|---|---|---|---|\n");
	for (int s = 0; s < ST__COUNT; s++) {
		char props[200];
		size_t n = 0;
		props[0] = '\0';
		for (size_t c = 0; c < sizeof cols / sizeof *cols; c++)
			if (en_status[s].flags & cols[c].flag)
				n += (size_t)snprintf(props + n, sizeof props - n, "%s%s",
						      n ? ", " : "", cols[c].name);
		if (markdown)
			fprintf(f, "| %s | %s | %s | %s | %s |\n", en_status[s].name,
				en_status[s].label[0], en_status[s].label[1], en_status[s].label[2],
				props);
		else
			fprintf(f, "  %-20s %s / %s / %s%s%s\n", en_status[s].name,
				en_status[s].label[0], en_status[s].label[1], en_status[s].label[2],
				n ? "; " : "", props);
	}
}

void wf_print_transitions(FILE *f, int markdown)
{
	if (markdown)
		fprintf(f, "| from | to | who | reason | guard | clocks met | clocks started | customer notice |\n"
			   "|---|---|---|---|---|---|---|---|\n");
	for (int i = 0; i < wf_ntransitions; i++) {
		const struct wf_transition *t = &wf_transitions[i];
		char met[120], started[120];
		clock_list(t->meet, met, sizeof met);
		clock_list(t->start, started, sizeof started);
		if (markdown)
			fprintf(f, "| %s | %s | %s | %s | %s | %s | %s | %s |\n",
				state_name(t->from), state_name(t->to), wf_rule_names[t->rule],
				t->flags & WF_T_REASON ? "required" : "", guard_names[t->guard], met,
				started, t->notice ? t->notice : "");
		else
			fprintf(f, "  %-19s -> %-20s %-8s%s%s%s%s%s%s%s%s\n", state_name(t->from),
				state_name(t->to), wf_rule_names[t->rule],
				t->flags & WF_T_REASON ? " reason required;" : "",
				t->guard ? " guard: " : "", guard_names[t->guard], t->guard ? ";" : "",
				t->meet ? " meets " : "", met, t->start ? "; starts " : "", started);
	}
}

/* The clocks a transition meets, pauses, resumes and starts. */
static int on_clocks(struct store_conn *c, const struct wf_settings *s,
		     const struct wf_transition *t, const struct complaint *cp, int64_t now,
		     struct arena *a, struct kesu_err *err)
{
	struct wf_clocks set;
	int rc = wf_clocks_load(c, cp->id, a, &set, err);
	if (rc)
		return rc;
	wf_clocks_apply(s, &set, t->meet, OP_MEET, now);
	if (state_is(t->from, ST_PAUSES_CLOCKS))
		wf_clocks_apply(s, &set, CK_PAUSABLE, OP_RESUME, now);
	if (state_is(t->to, ST_PAUSES_CLOCKS))
		wf_clocks_apply(s, &set, CK_PAUSABLE, OP_PAUSE, now);
	for (int k = 0; k < CK__COUNT; k++)
		if (t->start & CK_BIT(k)) {
			struct wf_duration d = wf_clock_target(s, cp, (enum wf_clock_kind)k);
			wf_clock_start(s, &set, (enum wf_clock_kind)k, &d, now);
		}
	return set.n ? wf_clocks_save(c, &set, err) : 0;
}

/* What the resolution granted (domain.md 6), for its event. */
static int granted(struct store_conn *c, const struct complaint *cp, int64_t plan_id,
		   struct arena *a, json_t *d, struct kesu_err *err)
{
	struct compensation *k;
	int nk;
	int rc = store_compensation_list(c, cp->id, a, &k, &nk, err);
	if (rc)
		return rc;
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
	return 0;
}

int wf_transition(struct store_conn *c, const struct complaint *cp, enum complaint_state to,
		  const char *reason, unsigned flags, const struct wf_actor *who, int64_t now,
		  struct arena *a, struct complaint *after, struct kesu_err *err)
{
	return wf_transition_told(c, cp, to, reason, flags, NULL, who, now, a, after, err);
}

int wf_transition_told(struct store_conn *c, const struct complaint *cp,
		       enum complaint_state to, const char *reason, unsigned flags,
		       const struct wf_progress *progress, const struct wf_actor *who,
		       int64_t now, struct arena *a, struct complaint *after,
		       struct kesu_err *err)
{
	const struct wf_transition *t = wf_find(cp->state, to);
	int manager = (who->perms & P_COMPLAINT_OVERRIDE) != 0;
	char allowed[256];
	if (flags & WF_ON_BEHALF) {
		/* kesu itself, and only along WF_SYSTEM transitions */
		if (!t || t->rule != WF_SYSTEM) {
			int rc = kesu_refuse(err, KE_CONFLICT, KR_NOT_ALLOWED_IN_STATE, "to",
					     "a complaint that is %s cannot go to %s now",
					     state_name(cp->state), state_name(to));
			kesu_param_str(err, "state", state_name(cp->state));
			kesu_param_str(err, "to", state_name(to));
			return rc;
		}
	} else if (!t || t->rule == WF_SYSTEM) {
		wf_allowed_list(cp->state, manager, allowed, sizeof allowed);
		int rc = kesu_refuse(err, KE_CONFLICT, KR_NOT_ALLOWED_IN_STATE, "to",
				     "a complaint that is %s can go to: %s", state_name(cp->state),
				     allowed);
		kesu_param_str(err, "state", state_name(cp->state));
		kesu_param_str(err, "to", state_name(to));
		kesu_param_str(err, "allowed", allowed);
		return rc;
	} else if (t->rule == WF_OVERRIDE && !manager) {
		int rc = kesu_refuse(err, KE_FORBIDDEN, KR_NEEDS_OVERRIDE, "to",
				     "going from %s to %s is a manager's decision (needs complaint.override)",
				     state_name(cp->state), state_name(to));
		kesu_param_str(err, "state", state_name(cp->state));
		kesu_param_str(err, "to", state_name(to));
		return rc;
	}
	if ((flags & WF_WITHOUT_PLAN) && !manager)
		return kesu_fail(err, KE_FORBIDDEN, "override",
				 "resolving without an accepted plan is a manager's decision (needs complaint.override)");
	if ((t->flags & WF_T_REASON) && !reason)
		return kesu_fail(err, KE_MISSING_FIELD, "reason", "is required to go from %s to %s",
				 state_name(cp->state), state_name(to));
	/* domain.md 2: work starting is told with what is being done; a
	 * staff member's move says it in their words, the customer's own
	 * answer (or kesu's) goes out with the plain wording */
	int tells = t->notice && strcmp(t->notice, "progress") == 0;
	if (progress && to != ST_IN_PROGRESS)
		return kesu_fail(err, KE_INVALID_VALUE, "progress",
				 "is told when work starts (to in_progress), not on going to %s",
				 state_name(to));
	int required = tells && who->user_id && !(flags & WF_ON_BEHALF);
	if (required && !progress)
		return kesu_fail(err, KE_MISSING_FIELD, "progress.line",
				 "is required to go from %s to %s: one line telling the customer what is being done",
				 state_name(cp->state), state_name(to));
	int rc = 0;
	int64_t plan_id = 0;
	/* domain.md 6: close only after the follow-up (a manager may, with a
	 * reason); resolve once the customer accepted the plan */
	if (t->guard == G_FOLLOWED_UP && !(manager && reason))
		rc = wf_may_close(c, cp->id, a, err);
	else if (t->guard == G_PLAN_ACCEPTED)
		rc = wf_resolve_check(c, cp, (flags & WF_WITHOUT_PLAN) != 0, a, &plan_id, err);
	if (rc)
		return rc;
	const struct wf_settings *s = wf_settings(c, err);
	if (!s)
		return -err->code;
	*after = *cp;
	after->state = to;
	after->version = cp->version + 1;
	after->updated_at = now;
	if (t->flags & WF_T_REOPEN)
		after->reopen_count = cp->reopen_count + 1;
	if ((rc = store_complaint_update(c, cp, after, 0, err)))
		return rc;
	/* the promise is checked against the clocks as this move leaves them */
	if ((rc = on_clocks(c, s, t, cp, now, a, err)))
		return rc;
	struct wf_progress told = {0};
	if (progress)
		told = *progress;
	if ((progress || tells) &&
	    (rc = wf_progress_settle(c, after, &told, required, now, a, err)))
		return rc;
	json_t *d = json_pack("{s:s,s:s,s:s?,s:b}", "from", state_name(cp->state), "to",
			      state_name(to), "reason", reason, "override", t->rule == WF_OVERRIDE);
	if (progress || tells)
		json_object_set_new(d, "progress", notice_progress(&told));
	if (t->guard == G_PLAN_ACCEPTED)
		rc = granted(c, cp, plan_id, a, d, err);
	if (!rc)
		rc = notice_event(c, cp->id, "status_changed", who->name, now, d, NULL, NULL, err);
	json_decref(d);
	if (!rc && t->notice)
		rc = notice_customer_told(c, after, t->notice, reason, tells ? &told : NULL, now,
					  err);
	/* domain.md 6: a key customer's resolved complaint, closed, starts the
	 * supervisors' visits (one closed unhandled does not) */
	if (!rc && to == ST_CLOSED && state_is(cp->state, ST_FOLLOWS_UP))
		rc = wf_visits_plan(c, s, after, now, a, err);
	/* domain.md 4: reopened again -> one level up, to the policy's ceiling */
	if (!rc && (t->flags & WF_T_REOPEN) && after->reopen_count >= 2 &&
	    after->level < s->sla.auto_max_level) {
		struct complaint up;
		rc = wf_escalate(c, after, -1, "reopen", "reopened a second time", 0, NULL, who,
				 now, a, &up, err);
		if (!rc)
			*after = up;
	}
	return rc;
}
