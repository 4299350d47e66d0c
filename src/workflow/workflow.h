/*
 * workflow.h - the complaint workflow (domain.md sections 2-6): the
 * lifecycle's transition table, the clocks on the business calendar and
 * their SLA policy, the escalation ladder, and the notices a change owes
 * the customer. Each is a table here; the API, the scheduler and the docs
 * read the tables.
 *
 * wf_* functions that change a complaint run inside a store job: they
 * write the complaint, its timeline events, its clocks and its outbox
 * notices in the job's transaction, so either all of it is durable or
 * none of it.
 */
#ifndef KESU_WORKFLOW_H
#define KESU_WORKFLOW_H

#include <jansson.h>
#include <stdint.h>
#include <stdio.h>

#include "../store/store.h"
#include "calendar.h"

/* --- the lifecycle (states.c) ------------------------------------------- */

enum wf_rule {
	WF_EDIT,     /* anyone who may edit the complaint */
	WF_OVERRIDE, /* a manager's decision, with a reason */
	WF_SYSTEM,   /* only kesu itself (approval flow) */
};

struct wf_transition {
	const char *from, *to;
	enum wf_rule rule;
	int needs_reason;
	const char *notice; /* the customer notice it writes, or NULL */
	const char *summary;
};
extern const struct wf_transition wf_transitions[];
extern const int wf_ntransitions;

/* The transition from -> to, or NULL if the table has none. */
const struct wf_transition *wf_find(const char *from, const char *to);
/* "acknowledged, in_progress": the states reachable from `from` by rule
 * (WF_EDIT, or also WF_OVERRIDE if override). */
const char *wf_allowed_list(const char *from, int override, char *buf, size_t size);

/* --- escalation (escalate.c) -------------------------------------------- */

/* The ladder itself is complaint_levels[] (core/complaint.h). */
#define wf_levels complaint_levels
#define wf_nlevels LEVELS
int wf_level_find(const char *name);

/* --- clocks and their policy (clocks.c) --------------------------------- */

enum wf_clock_kind {
	CK_ACKNOWLEDGE, CK_FIRST_RESPONSE, CK_RESOLUTION, CK_NEGOTIATION, CK_FOLLOW_UP,
	CK_CALLBACK, CK__COUNT
};
extern const char *const wf_clock_names[CK__COUNT];

/* A duration: working minutes, or calendar minutes. */
struct wf_duration {
	int64_t minutes;
	int working_days; /* given in working days: minutes = days x day length */
	int calendar;	  /* counts calendar time, not working time */
};

#define WF_SEVERITIES 4 /* low, normal, high, critical */
#define WF_RULES_MAX 32
/* A rule replacing some targets for complaints of a channel, a category
 * and/or a severity; the first matching rule wins. */
struct wf_sla_rule {
	char channel[16], category[200];
	int severity;			/* -1: any */
	struct wf_duration target[3];	/* minutes 0: keep the severity's */
};
struct wf_sla {
	struct wf_duration by_severity[WF_SEVERITIES][3]; /* acknowledge, first response, resolution */
	int nrules;
	struct wf_sla_rule rules[WF_RULES_MAX];
	struct wf_duration follow_up, callback, negotiation;
	int warn_percent; /* warn when this much of a clock has passed */
	/* key customers: a complaint of this severity index or above, or a
	 * second complaint within this many days */
	int key_min_severity, key_repeat_days;
};
void wf_sla_default(struct wf_sla *sla);
int wf_sla_from_json(json_t *j, struct wf_sla *sla, struct kesu_err *err);
json_t *wf_sla_to_json(const struct wf_sla *sla);
/* The acknowledge, first response and resolution targets of a complaint:
 * its severity's, replaced by the first rule that matches it. */
void wf_sla_targets(const struct wf_sla *sla, const char *severity, const char *channel,
		    const char *category, struct wf_duration out[3]);

/* The settings in force: the calendar and the SLA policy, read from the
 * store on first use and after wf_settings_changed(). Only ever used on the
 * writer (inside jobs), so no lock is needed. */
struct wf_settings {
	struct calendar cal;
	struct wf_sla sla;
};
const struct wf_settings *wf_settings(struct store_conn *c, struct kesu_err *err);
void wf_settings_changed(void);
/* Reads or writes the stored settings (any connection). */
int wf_settings_read(struct store_conn *c, struct wf_settings *out, struct kesu_err *err);

/* --- changes (transition.c) --------------------------------------------- */

/* Everything that follows a new registration: its clocks, started at
 * clocks_from (the registration time; for complaints moved from another
 * system, the time of the import), the acknowledgment notice to the
 * customer, and the key-customer rule. */
int wf_on_created(struct store_conn *c, const struct complaint *cp, int64_t clocks_from,
		  struct kesu_err *err);

/* A message from the team to the customer: the notice (kind message, the
 * words as its reason) goes to the outbox, in the caller's transaction. */
int wf_customer_message(struct store_conn *c, const struct complaint *cp, const char *text,
			int64_t now, struct kesu_err *err);

/* Moves cp (as loaded in this transaction) to `to`, as actor: checks the
 * table (KE_CONFLICT naming the allowed states; override WF_AS_MANAGER
 * allows a manager's transitions, WF_AS_SYSTEM only kesu's own; with
 * WF_AS_MANAGER, WF_WITHOUT_PLAN resolves without an accepted plan, given a
 * reason), writes the complaint, a status_changed event, the clocks and
 * the notices, and escalates on the second reopen. *after receives the
 * complaint as written. */
enum { WF_AS_MANAGER = 1, WF_AS_SYSTEM = 2, WF_WITHOUT_PLAN = 4 };
int wf_transition(struct store_conn *c, const struct complaint *cp, const char *to,
		  const char *reason, int override, const char *actor, int64_t now,
		  struct arena *a, struct complaint *after, struct kesu_err *err);

/* Raises cp one level (or to `level` if >= 0), with the cause (request,
 * breach, reopen, threat) and reason; notifies the level's owners. */
int wf_escalate(struct store_conn *c, const struct complaint *cp, int level,
		const char *cause, const char *reason, int threat, const char *actor,
		int64_t now, struct arena *a, struct complaint *after, struct kesu_err *err);

/* --- compensation within authority (compensate.c) ----------------------- */

/* Who acts: enough of the caller for authority decisions. */
struct wf_actor {
	int64_t user_id;
	const char *actor; /* as written in the timeline */
};

/* Proposes compensation on cp. Within the proposer's limit for the type it
 * is granted at once; above it the proposal waits and the complaint goes
 * to awaiting_approval (it must be in_progress). With an idempotency key,
 * a retry returns the first proposal (*replayed set) and grants nothing
 * twice. */
int wf_propose(struct store_conn *c, const struct complaint *cp, const struct wf_actor *who,
	       struct compensation *k, int64_t now, struct arena *a, int *replayed,
	       struct kesu_err *err);
/* Approves or rejects a pending proposal. The approver must not be the
 * proposer and must have a limit covering the amount (KE_FORBIDDEN);
 * a decided proposal is KE_CONFLICT. The complaint goes back to
 * in_progress. */
int wf_decide(struct store_conn *c, int64_t id, int approve, const char *reason,
	      const struct wf_actor *who, int64_t now, struct arena *a,
	      struct compensation *out, struct kesu_err *err);
/* The effective limit of a user for a compensation type, in fen. */
int wf_user_limit(struct store_conn *c, int64_t user_id, int type, struct arena *a,
		  int64_t *limit, struct kesu_err *err);

/* --- departments and follow-up (followup.c) ------------------------------ */

/* Hands cp a task for a department, due in due_days working days of the
 * department's calendar (or the business calendar). */
int wf_task_create(struct store_conn *c, const struct complaint *cp, struct task *t,
		   const char *actor, int64_t now, struct arena *a, struct kesu_err *err);
/* Records a department's answer to an open task. */
int wf_task_answer(struct store_conn *c, struct task *t, const char *answer,
		   const char *actor, int64_t now, struct kesu_err *err);
/* Records a follow-up callback on a resolved complaint. Reached and
 * satisfied (4 or 5) with the solution carried out: the complaint closes.
 * Reached but not satisfied: it reopens (the second reopen escalates).
 * Not reached: only recorded. *after receives the complaint as it ends. */
int wf_callback(struct store_conn *c, const struct complaint *cp, struct callback_rec *k,
		const char *actor, int64_t now, struct arena *a, struct complaint *after,
		struct kesu_err *err);
/* 0 if a complaint in follow-up may close: a reached callback recorded,
 * or three unanswered attempts at least two hours apart; else KE_CONFLICT
 * saying what is missing. */
int wf_may_close(struct store_conn *c, int64_t complaint_id, struct arena *a,
		 struct kesu_err *err);

/* One scheduler pass at now: warns clocks past warn_percent and breaches
 * clocks past due (escalating their complaints), at most limit clocks.
 * *done receives how many it handled. */
int wf_tick(struct store_conn *c, int64_t now, int limit, int *done, struct kesu_err *err);

/* Starts the clocks of up to limit open complaints that have none (made
 * before the workflow existed), from now; *started receives how many.
 * Called by kesu init after an upgrade, in batches. */
int wf_backfill(struct store_conn *c, int64_t now, int limit, int *started,
		struct kesu_err *err);

/* The clocks of a complaint as JSON (kind, state, due_at, remaining
 * working time), for the complaint's page. */
json_t *wf_clocks_json(struct store_conn *c, int64_t complaint_id, int64_t now,
		       struct kesu_err *err);

/* --- handling details (handling.c) -------------------------------------- */

/* The cause list (domain.md 1): admin-edited, seeded with the defaults. */
#define WF_CAUSES_MAX 64
struct wf_cause {
	char key[33];
	char label[3][124]; /* zh-CN, zh-TW, en */
	int systemic, active;
};
struct wf_causes {
	int n;
	struct wf_cause item[WF_CAUSES_MAX];
};
void wf_causes_default(struct wf_causes *cs);
int wf_causes_from_json(json_t *j, struct wf_causes *out, struct kesu_err *err);
json_t *wf_causes_to_json(const struct wf_causes *cs);
const struct wf_cause *wf_cause_find(const struct wf_causes *cs, const char *key);
/* The list in force (the defaults until an admin stores one). */
int wf_causes_read(struct store_conn *c, struct wf_causes *out, struct kesu_err *err);

/* Checks the judgements a registration or a change sets (after; before
 * is NULL for a new complaint): the cause is in the list and active, a
 * duplicate names another complaint. A new cause sets systemic from the
 * list unless the caller gave it (bit CF__COUNT of *changed). */
int wf_judgements_check(struct store_conn *c, const struct complaint *before,
			struct complaint *after, int systemic_given, uint32_t *changed,
			struct kesu_err *err);

/* The routing table: {"rules": [{"when": {key: [values]}, "team_id",
 * "level"}]}; the first rule that matches a new complaint sets its team
 * and starting level. */
int wf_routing_read(struct store_conn *c, json_t **out, struct kesu_err *err);
/* Checks a table (teams exist, values known) into its stored form. */
int wf_routing_check(struct store_conn *c, json_t *doc, json_t **normalized,
		     struct kesu_err *err);
/* Forgets the cached table (after it was replaced). */
void wf_routing_changed(void);
/* Applies the table to a complaint being registered; *rule receives the
 * index of the rule that matched, or -1. Writer only. */
int wf_route(struct store_conn *c, struct complaint *cp, const char *customer_type, int *rule,
	     struct kesu_err *err);
void wf_routing_print(FILE *f, json_t *doc);

/* Plans agreed with the customer (domain.md 6). Proposing replaces a plan
 * still waiting for an answer; after a declined one it revises it. */
int wf_plan_propose(struct store_conn *c, const struct complaint *cp, struct plan *p,
		    const char *actor, int64_t now, struct arena *a, struct kesu_err *err);
/* Records the customer's answer (accepted, declined, counter_offer) to a
 * proposed plan p of cp. */
int wf_plan_answer(struct store_conn *c, const struct complaint *cp, struct plan *p,
		   const char *answer, const char *conditions, const char *counter_offer,
		   const char *actor, int64_t now, struct kesu_err *err);

/* The three changes (三变法): the person, the place, the time. */
int wf_handover(struct store_conn *c, const struct complaint *cp, int64_t to_user,
		int64_t to_team, const char *note, const char *actor, int64_t now,
		struct arena *a, struct complaint *after, struct kesu_err *err);
int wf_channel_move(struct store_conn *c, const struct complaint *cp, const char *channel,
		    const char *note, const char *actor, int64_t now, struct complaint *after,
		    struct kesu_err *err);
/* Schedules p (at, with_whom, channel, note, owner_id, created_by). */
int wf_appointment_create(struct store_conn *c, const struct complaint *cp,
			  struct appointment *p, int64_t now, struct kesu_err *err);
/* Records what came of an appointment: done, missed or cancelled. */
int wf_appointment_outcome(struct store_conn *c, struct appointment *p, const char *state,
			   const char *outcome, const char *actor, int64_t now,
			   struct kesu_err *err);

/* The complainant's identity confirmed (method, note, checked_by). */
int wf_identity_confirm(struct store_conn *c, const struct complaint *cp,
			struct identity_check *k, int64_t now, struct kesu_err *err);
/* An apology given: psychological compensation. */
int wf_apology(struct store_conn *c, const struct complaint *cp, struct apology *p,
	       struct kesu_err *err);

#endif
