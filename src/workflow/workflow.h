/*
 * workflow.h - the complaint workflow (domain.md sections 2-7), the only
 * writer of a complaint's history. Every act of a person or of kesu is one
 * verb here: it checks the rules, writes the complaint, its timeline
 * events, its clocks and the notices it owes the customer and the team.
 * The API, the mail gateway, intake and the scheduler call these verbs;
 * nothing else appends an event or puts a notice in the outbox.
 *
 * Every verb runs inside a store job (on the writer connection) and writes
 * in the job's transaction, so either all of an act is durable or none of
 * it. On error a verb returns a negative code with err naming the field,
 * and the job's savepoint undoes what it wrote. Strings a verb fills in
 * (events, records) live in the arena a it is given, or as long as the
 * caller's.
 *
 * The rules are tables (see transitions.c, sla.c, escalate.c and the
 * states table in core/state.c); `kesu help workflow` and `kesu help sla`
 * print them.
 */
#ifndef KESU_WORKFLOW_H
#define KESU_WORKFLOW_H

#include <jansson.h>
#include <stdint.h>
#include <stdio.h>

#include "../store/store.h"
#include "calendar.h"

/* The most bytes of JSON one timeline event holds: a complaint's content
 * (20,000 characters) edited from and to fits; what is larger has its
 * lists and texts shortened, with a count of what was left out (notice.c). */
#define WF_EVENT_MAX (256u << 10)

/* --- who acts ------------------------------------------------------------- */

/* A person of the team, the customer, or kesu itself. */
struct wf_actor {
	int64_t user_id;      /* the staff account; 0 for the customer and for kesu */
	const char *name;     /* as the timeline shows it: a user name, "customer", "system" */
	uint32_t perms;	      /* enum perm (auth/roles.h): the rules that depend on who acts */
	const int64_t *teams; /* whose complaints the actor sees (all with P_ALL_TEAMS) */
	int nteams;
};
/* kesu itself (the scheduler, routing), and the customer (portal, mail). */
extern const struct wf_actor wf_system, wf_customer;

/* 1 if who may see a complaint of team_id: any other answers as if it did
 * not exist. */
int wf_sees(const struct wf_actor *who, int64_t team_id);

/* --- the lifecycle (transitions.c) ----------------------------------------- */

/* Who may take a transition. */
enum wf_rule {
	WF_EDIT,     /* anyone who may edit the complaint */
	WF_OVERRIDE, /* a manager's decision (complaint.override), with a reason */
	WF_SYSTEM,   /* only kesu itself (the approval flow) */
};
/* What must hold before it (the guard column). */
enum wf_guard {
	G_NONE,
	G_FOLLOWED_UP,	 /* the follow-up was made (domain.md 6); a manager may close anyway */
	G_PLAN_ACCEPTED, /* cause and responsibility judged, the customer accepted the plan */
};
/* Flags of a transition (its columns). */
#define WF_T_REASON 1u /* a reason is required */
#define WF_T_REOPEN 2u /* counts as a reopen; the second one escalates */

struct wf_transition {
	enum complaint_state from, to;
	enum wf_rule rule;
	enum wf_guard guard;
	unsigned flags;
	unsigned meet, start; /* the clocks it meets and (re)starts: bits 1 << enum wf_clock_kind */
	const char *notice;   /* the customer notice it writes, or NULL */
	const char *summary;
};
extern const struct wf_transition wf_transitions[];
extern const int wf_ntransitions;
extern const char *const wf_rule_names[]; /* edit, override, system */

/* The transition from -> to, or NULL if the table has none. */
const struct wf_transition *wf_find(enum complaint_state from, enum complaint_state to);
/* "acknowledged, in_progress": the states reachable from `from` by rule
 * WF_EDIT, and WF_OVERRIDE too if override. */
const char *wf_allowed_list(enum complaint_state from, int override, char *buf, size_t size);
/* Prints the states and the transition table (`kesu help workflow`);
 * markdown: as the table in docs/workflow.md. */
void wf_print_states(FILE *f, int markdown);
void wf_print_transitions(FILE *f, int markdown);

/* What the customer is told is being done and by when they hear from us
 * again (domain.md 2), told when work starts, when a department is asked
 * and when a plan is proposed. line is the agent's own words, one line of
 * at most WF_PROGRESS_LINE_MAX characters (NULL: none given);
 * next_contact_at 0 takes the default (wf_progress_settle). */
struct wf_progress {
	const char *line;
	int64_t next_contact_at;
};
#define WF_PROGRESS_LINE_MAX 200
/* Checks the line of p as given on field ("progress.line"): one line, not
 * blank, not too long. KE_MISSING_FIELD / KE_INVALID_VALUE / KE_TOO_LONG. */
int wf_progress_line_check(const char *line, const char *field, struct kesu_err *err);
/* Settles p for cp (its clocks as they now are): the line is required
 * when `required`; next_contact_at must be in the future and not after
 * the running resolution deadline (unless that has passed already);
 * without one it becomes the earliest deadline the customer waits on
 * (first response, resolution, negotiation) still ahead, else one working
 * day from now, never after the resolution deadline. */
int wf_progress_settle(struct store_conn *c, const struct complaint *cp, struct wf_progress *p,
		       int required, int64_t now, struct arena *a, struct kesu_err *err);

/* Flags of wf_transition. */
#define WF_WITHOUT_PLAN 1u /* resolve without an accepted plan (a manager, with a reason) */
#define WF_ON_BEHALF 2u	   /* kesu moves it for the actor (WF_SYSTEM transitions) */

/* Moves cp (as loaded in this transaction) to `to` as who: checks the
 * table (KE_CONFLICT naming the allowed states, KE_FORBIDDEN for a
 * manager's decision who may not take) and the guard, writes the
 * complaint, a status_changed event, the clocks and the customer's
 * notice, and escalates on the second and every later reopen. *after receives the
 * complaint as written. */
int wf_transition(struct store_conn *c, const struct complaint *cp, enum complaint_state to,
		  const char *reason, unsigned flags, const struct wf_actor *who, int64_t now,
		  struct arena *a, struct complaint *after, struct kesu_err *err);
/* The same with what the customer is told of the work (progress may be
 * NULL): only a move to in_progress takes one, and a staff member's move
 * that tells the customer (the table's "progress" notice) requires its
 * line (KE_MISSING_FIELD on progress.line). */
int wf_transition_told(struct store_conn *c, const struct complaint *cp,
		       enum complaint_state to, const char *reason, unsigned flags,
		       const struct wf_progress *progress, const struct wf_actor *who,
		       int64_t now, struct arena *a, struct complaint *after,
		       struct kesu_err *err);

/* --- registration (register.c) ---------------------------------------------- */

struct wf_registration {
	struct complaint *cp;	   /* the fields, customer, team, times and portal hash as
				      intake built them; id, tracking number, team and level
				      are set here */
	const char *customer_type; /* the customer's (routing reads it); NULL: normal */
	int key_customer;	   /* the customer is in the key-customer file already */
	json_t *fields;		   /* the registration as it came in: the created event's data */
	int64_t clocks_from;	   /* when its clocks start; 0: at created_at */
	int systemic_given;	   /* the caller set systemic itself */
	/* what kesu read in its words, read before the writer took it; NULL:
	 * read here */
	const struct an_reading *reading;
	int earlier; /* the customer complained before (repeats are looked for) */
	/* the repeats the reading offers (NULL: none; the caller's): found
	 * before the writer took it when repeats_known, else found here */
	json_t *repeats;
	int repeats_known;
};
/* Registers a complaint: checks its judgements (a cause of the list, a
 * duplicate of a complaint who sees), routes it (domain.md 4), gives it a
 * tracking number, stores it with its created (and routed) event, starts
 * its clocks, acknowledges it to the customer (domain.md 2) and applies
 * the key-customer rule. */
int wf_register(struct store_conn *c, struct wf_registration *r, const struct wf_actor *who,
		struct kesu_err *err);

/* --- reading the words (reading.c) ------------------------------------------ */

struct an_reading;
/* Keeps the reading of a complaint just stored (r NULL: read its content
 * now), with the customer's earlier complaints it repeats when there are
 * earlier ones; a threat flags it and escalates it (cp then holds the
 * escalated complaint). */
int wf_reading_at_intake(struct store_conn *c, struct complaint *cp, const struct an_reading *r,
			 int earlier, int known, json_t **repeats, int64_t now,
			 struct kesu_err *err);
/* The customer's newest complaints (other than except_id) whose words read
 * like text: *out a list of {complaint_id, tracking_no, similarity, offer,
 * linked}, or NULL. On any connection (a reader's, before the writer). */
int wf_repeats_find(struct store_conn *c, int64_t customer_id, int64_t except_id,
		    const char *text, json_t **out, struct kesu_err *err);
/* Reads a later message of the customer: kept, a change of mood on the
 * timeline (mood_changed), a new threat escalates (cp updated). */
int wf_reading_of_message(struct store_conn *c, struct complaint *cp, const char *body,
			  int64_t now, struct arena *a, struct kesu_err *err);
/* The analysis policy ({"enabled": true}: kesu reads new complaints and
 * messages; false: it does not, and POST /api/v1/analyze still reads what
 * it is given). */
int wf_analysis_policy_from_json(json_t *j, int *enabled, struct kesu_err *err);
int wf_analysis_policy_read(struct store_conn *c, int *enabled, struct kesu_err *err);
void wf_analysis_policy_changed(void);
/* The value a PUT checked, taken up by wf_analysis_policy_changed. */
void wf_analysis_policy_parsed(int enabled);
/* Reads the stored policy into the flag below (at start, on the writer). */
int wf_analysis_policy_load(struct store_conn *c, struct kesu_err *err);
/* Whether complaints are read now; any thread. */
int wf_reading_enabled(void);
/* lent < 0: lends the reading's threat and mindset (where no agent set
 * one) to cp for routing, and returns whether the mindset was lent; called
 * again with that value, takes them back. */
int wf_reading_for_routing(struct complaint *cp, const struct an_reading *r, int lent);
/* An agent takes over the newest reading's values for fields (a JSON list
 * of emotion, mindset, category, cause; the latter two its likeliest
 * suggestion): an edit of the complaint, the reading marked accepted by
 * who, and an analysis_accepted event. */
int wf_reading_accept(struct store_conn *c, const struct complaint *cp, json_t *fields,
		      const struct wf_actor *who, int64_t now, struct arena *a,
		      struct complaint *after, struct kesu_err *err);
/* Starts the clocks of up to limit open complaints that have none (made
 * before the workflow existed), from now; *started receives how many.
 * Called by kesu init after an upgrade, in batches. */
int wf_backfill(struct store_conn *c, int64_t now, int limit, int *started,
		struct kesu_err *err);

/* --- editing, assignment, handover (edit.c, assign.c) ------------------------ */

/* Writes after (parsed from a PATCH onto before; changed says which
 * fields, bit CF__COUNT and up the flags): checks the judgements and
 * appends an updated event. Nothing changed: nothing written. */
int wf_edit(struct store_conn *c, const struct complaint *before, struct complaint *after,
	    uint32_t changed, int systemic_given, const struct wf_actor *who, int64_t now,
	    struct kesu_err *err);
/* Moves cp to team_id (one of who's teams) and assignee_id (an active
 * member of it, or 0). *after is cp when nothing changes. */
int wf_assign(struct store_conn *c, const struct complaint *cp, int64_t team_id,
	      int64_t assignee_id, const struct wf_actor *who, int64_t now, struct arena *a,
	      struct complaint *after, struct kesu_err *err);
/* 接手: assigns cp to who, a member of its team. Already who's: nothing
 * changes. Held by another: KE_CONFLICT naming them. Closed: refused. */
int wf_take(struct store_conn *c, const struct complaint *cp, const struct wf_actor *who,
	    int64_t now, struct arena *a, struct complaint *after, struct kesu_err *err);
/* Merges dup into orig, the complaint it repeats (merge.c): dup is judged
 * a duplicate of orig and closed as such (every clock stops; no "closed"
 * notice), both timelines say so, and dup's customer is told once that it
 * is handled under orig's tracking number. Refused with KE_CONFLICT naming
 * "into": into itself, into a duplicate, or a dup already closed or merged
 * (a repeated merge writes nothing). */
int wf_merge(struct store_conn *c, const struct complaint *dup, const struct complaint *orig,
	     const char *note, const struct wf_actor *who, int64_t now, struct arena *a,
	     struct complaint *after, struct kesu_err *err);
/* 1 if cp was merged into another complaint: closed as a duplicate of it. */
int wf_merged(const struct complaint *cp);
/* The assignment rules a team may have (NULL-terminated): manual,
 * round_robin, fewest_open. */
extern const char *const wf_assign_rules[];
/* A new complaint's agent, by its team's rule among the team's agents on
 * duty (with by-skill, those whose skills list its category); with nobody
 * to choose, or the manual rule, it stays unassigned. Updates *cp. */
int wf_auto_assign(struct store_conn *c, struct complaint *cp, struct kesu_err *err);
/* Names the earlier complaint cp is a second complaint of (二次投诉): by
 * earlier_id, or by its tracking number earlier_no when the id is 0. It
 * must exist (one who does not see, of another customer, answers as
 * missing), be the same customer's, not cp itself, registered before cp,
 * and not lead back to cp through its own link; cp must not be linked to
 * another yet. cp goes up to the supervisor level, its team's supervisors
 * are told, and both timelines say so. With neither, undoes cp's link,
 * which needs a reason. Refused on a closed complaint. */
int wf_second_link(struct store_conn *c, const struct complaint *cp, int64_t earlier_id,
		   const char *earlier_no, const char *reason, const struct wf_actor *who,
		   int64_t now, struct arena *a, struct complaint *after, struct kesu_err *err);
/* Hands cp over to a colleague (to_user) or a team (to_team), with a note
 * for the next person (三变法: change the person). Another team needs
 * complaint.assign, except for what staff registered themselves. */
int wf_handover(struct store_conn *c, const struct complaint *cp, int64_t to_user,
		int64_t to_team, const char *note, const struct wf_actor *who, int64_t now,
		struct arena *a, struct complaint *after, struct kesu_err *err);

/* --- the conversation (conversation.c) ---------------------------------------- */

/* An internal note (the team's), and a reply to the customer (the status
 * page, and a message notice by SMS or e-mail). *e receives the event. */
int wf_note(struct store_conn *c, const struct complaint *cp, const char *text,
	    const struct wf_actor *who, int64_t now, struct arena *a, struct event *e,
	    struct kesu_err *err);
int wf_reply(struct store_conn *c, const struct complaint *cp, const char *text,
	     const struct wf_actor *who, int64_t now, struct arena *a, struct event *e,
	     struct kesu_err *err);

/* What the customer wrote, through the portal or by mail. */
struct wf_message {
	const char *body;
	const char *via;     /* portal, email */
	const char *subject; /* mail only */
	const char *from;    /* mail only: the sender's address */
	int64_t mail_id;     /* mail only */
	json_t *attachments; /* files that came with it, or NULL (not consumed) */
	int attachments_more; /* files beyond those listed (a mail lists at most 100) */
};
/* The customer wrote: the words join the timeline, and the same happens
 * whichever way they came. A complaint waiting for the customer goes back
 * to in_progress (its clocks run again); a closed one reopens with the
 * customer's words as the reason; the team is told. *after receives the
 * complaint as it ends, *e the event. */
int wf_customer_wrote(struct store_conn *c, const struct complaint *cp,
		      const struct wf_message *m, int64_t now, struct arena *a,
		      struct complaint *after, struct event *e, struct kesu_err *err);
/* Moves the conversation to another channel (三变法: change the place). */
int wf_channel_move(struct store_conn *c, const struct complaint *cp, const char *channel,
		    const char *note, const struct wf_actor *who, int64_t now,
		    struct complaint *after, struct kesu_err *err);
/* Files were attached (stored already; files lists them, and more are
 * not listed): the timeline says so, and from whom. */
int wf_attached(struct store_conn *c, const struct complaint *cp, json_t *files, int more,
		int64_t mail_id, const struct wf_actor *who, int64_t now, struct kesu_err *err);
/* A new complaint may belong with another (a mail named it but did not
 * prove it answers it: why says how it fell short): the team sees the
 * suggestion in the new one's timeline and decides; nothing is merged. */
int wf_link_suggested(struct store_conn *c, const struct complaint *cp,
		      const struct complaint *other, const char *why, int64_t now,
		      struct kesu_err *err);
/* A step (1..GUIDE_STEPS, called key) of guided handling checked off
 * (done) or on again, with an optional note: an internal event. *out
 * receives the step's state; e->id stays 0 when nothing was written. */
int wf_guide_step(struct store_conn *c, const struct complaint *cp, int step, const char *key,
		  int done, const char *note, const struct wf_actor *who, int64_t now,
		  struct arena *a, struct guide_done *out, struct event *e, struct kesu_err *err);

/* --- macros (macro.c) ---------------------------------------------------------- */

/* Notes on cp's timeline (internal) that the script script_id (title)
 * was applied as a macro, with the keys of the steps done. */
int wf_macro_applied(struct store_conn *c, const struct complaint *cp, int64_t script_id,
		     const char *title, json_t *steps, const struct wf_actor *who, int64_t now,
		     struct arena *a, struct kesu_err *err);

/* --- escalation (escalate.c) ---------------------------------------------------- */

/* The owners of each level of the ladder (en_level): the role notified
 * when a complaint reaches it. */
extern const int wf_level_owner[LEVEL__COUNT];
/* The outside fact a person records when taking a complaint to the
 * platform (which platform or regulator, its case number) or to PR (the
 * outlet or post it is spreading in). */
struct wf_escalation_fact {
	const char *platform, *case_number, *outlet;
};
/* Raises cp one level, or to `level` if >= 0, with the cause (request,
 * customer_demands_management and major_interest from a person; breach,
 * reopen and threat from kesu) and the reason; threat flags it as
 * threatening to spread. The management causes go to management at once
 * (domain.md 4). kesu's own causes stop at the policy's auto_max_level
 * (KE_CONFLICT when cp is there already); reaching platform or pr needs
 * fact's fields for that level (KE_MISSING_FIELD naming them). Notifies
 * the owners of the level it reaches. */
int wf_escalate(struct store_conn *c, const struct complaint *cp, int level,
		const char *cause, const char *reason, int threat,
		const struct wf_escalation_fact *fact, const struct wf_actor *who, int64_t now,
		struct arena *a, struct complaint *after, struct kesu_err *err);

/* --- clocks and their policy (sla.c, clocks.c, settings.c) ---------------- */

enum wf_clock_kind {
	CK_ACKNOWLEDGE, CK_FIRST_RESPONSE, CK_RESOLUTION, CK_NEGOTIATION, CK_FOLLOW_UP,
	CK_CALLBACK, CK__COUNT
}; /* in the order of en_clock (core/enums.c) */
#define CK_BIT(k) (1u << (k))

/* A duration: working minutes, or calendar minutes. */
struct wf_duration {
	int64_t minutes;
	int working_days; /* given in working days: minutes = days x day length */
	int calendar;	  /* counts calendar time, not working time */
};

#define WF_RULES_MAX 32
/* A rule replacing some targets for complaints of a channel, a category
 * and/or a severity; the first matching rule wins. */
/* A rule's channel and category, in characters; the arrays hold them in
 * UTF-8 (up to 4 bytes a character). */
#define WF_SLA_CHANNEL_MAX 15
#define WF_SLA_CATEGORY_MAX 64
struct wf_sla_rule {
	char channel[WF_SLA_CHANNEL_MAX * 4 + 1], category[WF_SLA_CATEGORY_MAX * 4 + 1];
	int severity;			/* -1: any */
	struct wf_duration target[3];	/* minutes 0: keep the severity's */
};
struct wf_sla {
	struct wf_duration by_severity[SEV__COUNT][3]; /* acknowledge, first response, resolution */
	int nrules;
	struct wf_sla_rule rules[WF_RULES_MAX];
	struct wf_duration follow_up, callback, negotiation;
	int warn_percent; /* warn when this much of a clock has passed */
	/* key customers: a complaint of this severity index or above, or a
	 * second complaint within this many days */
	int key_min_severity, key_repeat_days;
	/* a key customer's visits or calls by a supervisor after a complaint
	 * of theirs closes: every so many months or days, times of them
	 * (0: none), by call or visit (en_visit_method) */
	struct {
		int every_months, every_days, times, method;
	} visits;
	/* the highest level (en_level) a breach, a second or later reopen or
	 * a threat reaches by itself: platform and PR are a person's decision */
	int auto_max_level;
};
void wf_sla_default(struct wf_sla *sla);
int wf_sla_from_json(json_t *j, struct wf_sla *sla, struct kesu_err *err);
json_t *wf_sla_to_json(const struct wf_sla *sla);
/* The acknowledge, first response and resolution targets of a complaint:
 * its severity's, replaced by the first rule that matches it. */
void wf_sla_targets(const struct wf_sla *sla, const char *severity, const char *channel,
		    const char *category, struct wf_duration out[3]);
/* Prints the default targets (`kesu help sla`); markdown: as the table in
 * docs/workflow.md. */
void wf_sla_print(FILE *f, const struct wf_sla *sla, int markdown);

/* The settings in force: the calendar and the SLA policy, read from the
 * store on first use and after wf_settings_changed(). wf_settings is for
 * the writer (inside jobs); wf_settings_changed may be called from any
 * thread once a change is committed. */
struct wf_settings {
	struct calendar cal;
	struct wf_sla sla;
};
const struct wf_settings *wf_settings(struct store_conn *c, struct kesu_err *err);
void wf_settings_changed(void);
/* Reads the stored settings (any connection). */
int wf_settings_read(struct store_conn *c, struct wf_settings *out, struct kesu_err *err);

/* The clocks of a complaint as JSON (kind, state, due_at, remaining
 * working time), for the complaint's page and the portal. */
json_t *wf_clocks_json(struct store_conn *c, int64_t complaint_id, int64_t now,
		       struct kesu_err *err);

/* One scheduler pass at now (tick.c): warns clocks past warn_percent and
 * breaches clocks past due (escalating their complaints), reports overdue
 * department tasks, reminds of appointments; at most limit items. *done
 * receives how many it handled. */
int wf_tick(struct store_conn *c, int64_t now, int limit, int *done, struct kesu_err *err);

/* --- compensation within authority (compensate.c) ----------------------- */

/* Grants compensation on cp (domain.md 4). The proposer's limit for the
 * kind bounds the sum on cp (granted and pending, all kinds, this one
 * included): within it the proposal is granted at once; above it it waits and the complaint goes
 * to awaiting_approval (it must be in_progress), and the approvers are
 * told. Material kinds need the identity confirmed. With an idempotency
 * key, a retry returns the first proposal (*replayed set). A goodwill
 * grant (k->purpose "goodwill") is for a complaint closed satisfied
 * (KE_CONFLICT on "purpose" otherwise), under the same limit; above it, it
 * waits for approval while the complaint stays closed. */
int wf_is_goodwill(const struct compensation *k);
int wf_grant(struct store_conn *c, const struct complaint *cp, const struct wf_actor *who,
	     struct compensation *k, int64_t now, struct arena *a, int *replayed,
	     struct kesu_err *err);
/* Approves or rejects a pending proposal. The approver must not be the
 * proposer and must have a limit covering the sum on the complaint with
 * this proposal (granted and other pending ones) (KE_FORBIDDEN); a
 * decided proposal is KE_CONFLICT. The complaint goes back to
 * in_progress. */
int wf_grant_decide(struct store_conn *c, int64_t id, int approve, const char *reason,
		    const struct wf_actor *who, int64_t now, struct arena *a,
		    struct compensation *out, struct kesu_err *err);
/* The effective limit of a user for a compensation kind, in fen. */
int wf_user_limit(struct store_conn *c, int64_t user_id, int kind, struct arena *a,
		  int64_t *limit, struct kesu_err *err);
/* The role told of a proposal that waits, amount being the sum on the
 * complaint it would make (the lowest role whose default limit covers it),
 * or of one past a concession cap (capped). */
int wf_approver_role(int64_t amount, int capped);

/* The complainant's identity confirmed (method, note), and an apology
 * given (psychological compensation): identity.c, apologies.c. */
int wf_identity_confirm(struct store_conn *c, const struct complaint *cp,
			struct identity_check *k, const struct wf_actor *who, int64_t now,
			struct kesu_err *err);
int wf_apology(struct store_conn *c, const struct complaint *cp, struct apology *p,
	       const struct wf_actor *who, int64_t now, struct kesu_err *err);
/* The customer proved on the portal that they read the e-mail address the
 * complaint was registered with (identity.c). Once is enough; again
 * changes nothing. */
int wf_contact_verified(struct store_conn *c, const struct complaint *cp, int64_t now,
			struct kesu_err *err);
/* 1 if mail to cp's e-mail address must carry no text the complainant
 * wrote (name, complaint): an address given on the anonymous portal that
 * its owner has not yet confirmed. *unverified receives it. */
int wf_contact_unverified(struct store_conn *c, const struct complaint *cp, int *unverified,
			  struct kesu_err *err);

/* --- the demand restated and confirmed (demand.c) ------------------------------ */

/* Records the agent's restatement d (restatement, target) of what the
 * customer wants: supersedes one still pending; the customer is asked to
 * confirm or correct it. */
int wf_demand_restate(struct store_conn *c, const struct complaint *cp,
		      struct demand_restatement *d, const struct wf_actor *who, int64_t now,
		      struct arena *a, struct kesu_err *err);
/* Records the answer (confirmed, or corrected with the correction) to the
 * pending restatement d of cp, taken via a channel (portal, email, or how
 * the agent heard it) by who; a customer's correction tells the team.
 * KE_CONFLICT if d is answered or superseded. */
int wf_demand_answer(struct store_conn *c, const struct complaint *cp,
		     struct demand_restatement *d, const char *answer, const char *correction,
		     const char *via, const struct wf_actor *who, int64_t now,
		     struct kesu_err *err);
/* What the customer wrote (body, via portal or email) while a restatement
 * waits answers it: its first line saying plainly yes (确认, 对, yes...)
 * confirms it, anything else corrects it with the customer's words.
 * Nothing is pending: nothing happens. */
int wf_demand_reply(struct store_conn *c, const struct complaint *cp, const char *body,
		    const char *via, int64_t now, struct arena *a, struct kesu_err *err);
/* The newest restatement of cp in *out (*found 0: none yet). */
int wf_demand_latest(struct store_conn *c, const struct complaint *cp, struct arena *a,
		     struct demand_restatement *out, int *found, struct kesu_err *err);

/* --- plans (plans.c) ---------------------------------------------------------- */

/* Proposes a plan to the customer (domain.md 6): replaces one still
 * unanswered, revises a declined one; the customer is told. The newest
 * restatement of the demand must be confirmed, or unconfirmed_reason say
 * why the plan goes ahead without (KE_CONFLICT naming
 * demand_unconfirmed_reason otherwise). */
int wf_plan_propose(struct store_conn *c, const struct complaint *cp, struct plan *p,
		    const char *unconfirmed_reason, const struct wf_progress *progress,
		    const struct wf_actor *who, int64_t now,
		    struct arena *a, struct kesu_err *err);
/* Records the customer's answer (accepted, declined, counter_offer) to a
 * proposed plan p of cp; who is the customer on the portal, or the agent
 * who took the answer. */
int wf_plan_answer(struct store_conn *c, const struct complaint *cp, struct plan *p,
		   const char *answer, const char *conditions, const char *counter_offer,
		   const struct wf_actor *who, int64_t now, struct kesu_err *err);

/* --- appointments (appointments.c) --------------------------------------------- */

/* Schedules p (at, with_whom, channel, note, owner_id) at an exact time
 * still to come (三变法: change the time). */
int wf_appointment_create(struct store_conn *c, const struct complaint *cp,
			  struct appointment *p, const struct wf_actor *who, int64_t now,
			  struct kesu_err *err);
/* Records what came of an appointment: done, missed or cancelled. */
int wf_appointment_outcome(struct store_conn *c, struct appointment *p, const char *state,
			   const char *outcome, const struct wf_actor *who, int64_t now,
			   struct kesu_err *err);

/* --- departments and the follow-up (tasks.c, followup.c) ----------------------- */

/* Hands cp a task for a department, due in due_days working days of the
 * department's calendar (or the business calendar). */
int wf_task_create(struct store_conn *c, const struct complaint *cp, struct task *t,
		   const struct wf_progress *progress, const struct wf_actor *who, int64_t now,
		   struct arena *a, struct kesu_err *err);
/* Records a department's answer to an open task. */
int wf_task_answer(struct store_conn *c, struct task *t, const char *answer,
		   const struct wf_actor *who, int64_t now, struct kesu_err *err);
/* Records a follow-up (a callback, or the customer's own rating on the
 * portal) of a resolved complaint, made after its latest resolution
 * (KE_INVALID_VALUE on "at" otherwise). Reached: carried_out is required
 * (KE_MISSING_FIELD); satisfied (4 or 5) with the solution carried out,
 * the complaint closes; not satisfied or not carried out, it reopens (the
 * second reopen escalates). Not reached: only recorded. *after receives
 * the complaint as it ends. */
int wf_follow_up(struct store_conn *c, const struct complaint *cp, struct callback_rec *k,
		 const struct wf_actor *who, int64_t now, struct arena *a,
		 struct complaint *after, struct kesu_err *err);

/* --- winning the customer back (thanks.c) --------------------------------------- */

/* The bounds [from, to) of a month "YYYY-MM" of the business zone; -1 if
 * month is not one. */
int wf_thanks_month(const char *month, int64_t *from, int64_t *to);
/* The month's thank-you proposal as who sees it (their teams'
 * complaints): per customer, the complaint that closed satisfied last in
 * the month, with the customer's opt-out and the month's letter if one
 * was sent. KE_INVALID_VALUE on "month". *more: the month held more
 * closes than one proposal reads. */
int wf_thanks_proposal(struct store_conn *c, const char *month, const struct wf_actor *who,
		       struct arena *a, struct thanks_candidate **items, int *n, int *more,
		       struct kesu_err *err);
/* Sends the month's letter to the chosen of the proposal (ids: customer
 * ids, or complaint ids with by_complaint), with extra (may be NULL) as
 * the supervisor's own words: a "thanks" customer notice in the
 * complaint's language, a "thanked" event, and the letter recorded. Those
 * not in the proposal, opted out or thanked for the month already are
 * appended to skipped with the reason; those sent to, to sent. */
int wf_thanks_send(struct store_conn *c, const char *month, const int64_t *ids, int n,
		   int by_complaint, const char *extra, const struct wf_actor *who, int64_t now,
		   struct arena *a, json_t *sent, json_t *skipped, struct kesu_err *err);

/* --- key customers' visits (visits.c) ------------------------------------------ */

/* Records what came of a planned or missed visit v, made at at (not in
 * the future, not before it was planned: KE_INVALID_VALUE on "at"); one
 * done is KE_CONFLICT. Who lacks follow_up.duty records it on the
 * supervisors' behalf, and the visit and its event say so. */
int wf_visit_record(struct store_conn *c, struct visit *v, const char *outcome, int64_t at,
		    const struct wf_actor *who, int64_t now, struct kesu_err *err);

/* --- the cause list (causes.c) --------------------------------------------------- */

/* The cause list (domain.md 1): admin-edited, seeded with the defaults. */
#define WF_CAUSES_MAX 64
struct wf_cause {
	char key[33];
	char label[LANG__COUNT][124]; /* zh-CN, zh-TW, en */
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
/* The cause key of the list in force, if it is active (into *out when not
 * NULL); KE_INVALID_VALUE naming "cause" otherwise. */
int wf_cause_active(struct store_conn *c, const char *key, struct wf_cause *out,
		    struct kesu_err *err);

/* --- the category list (categories.c) ------------------------------------------- */

/* The categories a complaint is registered under: {"categories": [{"name",
 * "label": {"zh-CN", "zh-TW", "en"}, "active"}]}, admin-edited, seeded
 * with the defaults. The name is what a complaint's category holds. */
#define WF_CATEGORIES_MAX 100
/* j checked into *out (the caller owns it); errors name the member. */
int wf_categories_check(json_t *j, json_t **out, struct kesu_err *err);
/* The list in force as JSON (the defaults until an admin stores one); the
 * caller owns *out. */
int wf_categories_read(struct store_conn *c, json_t **out, struct kesu_err *err);

/* --- the routing table (routing.c) ----------------------------------------------- */

/* The routing table: {"rules": [{"when": {key: [values]}, "team_id",
 * "level"}]}; the first rule that matches a new complaint sets its team
 * and starting level. */
int wf_routing_read(struct store_conn *c, json_t **out, struct kesu_err *err);
/* Checks a table (teams exist, values known) into its stored form. */
int wf_routing_check(struct store_conn *c, json_t *doc, json_t **normalized,
		     struct kesu_err *err);
/* The table was replaced: the writer reads it again at the next
 * registration. Any thread, once the change is committed. */
void wf_routing_changed(void);
void wf_routing_print(FILE *f, json_t *doc);


/* --- improvement actions (actions.c) ----------------------------------------------- */

/* How an action is verified: the weeks before and after its done date
 * compared, and the share by which the rate must fall. */
struct wf_action_policy {
	int window_weeks;
	double margin;
};
void wf_action_policy_default(struct wf_action_policy *p);
int wf_action_policy_from_json(json_t *j, struct wf_action_policy *out, struct kesu_err *err);
json_t *wf_action_policy_to_json(const struct wf_action_policy *p);
int wf_action_policy_read(struct store_conn *c, struct wf_action_policy *out,
			  struct kesu_err *err);
/* Checks what a person gives of an action (cause of the list, department,
 * category, channel, team, owner, incident); fills the department's name
 * and address. Errors name the field. */
int wf_action_check(struct store_conn *c, struct improvement_action *x, struct arena *a,
		    struct kesu_err *err);
/* Creates a proposed action from act (cause, department_id, what, due_at required;
 * origin/origin_id say where it came from), linking complaint_ids[0..n). Writes its
 * first history event and tells the department. Errors name the field (KE_INVALID_VALUE). */
int wf_action_create(struct store_conn *c, struct improvement_action *x,
		     const int64_t *complaint_ids, int n, const struct wf_actor *who, int64_t now,
		     struct arena *a, struct kesu_err *err);
/* Links more complaints to x. */
int wf_action_link_more(struct store_conn *c, struct improvement_action *x,
			const int64_t *complaint_ids, int n, const struct wf_actor *who,
			int64_t now, struct arena *a, struct kesu_err *err);
/* The department accepts a proposed action (KE_CONFLICT otherwise). */
int wf_action_accept(struct store_conn *c, struct improvement_action *x, const char *owner_name,
		     const struct wf_actor *who, int64_t now, struct kesu_err *err);
/* The department reports an open action done on done_at (0: now), with
 * its evidence; its verdict falls due once the policy's window passed. */
int wf_action_done(struct store_conn *c, struct improvement_action *x, const char *evidence,
		   int64_t done_at, const struct wf_actor *who, int64_t now, struct kesu_err *err);
int wf_action_drop(struct store_conn *c, struct improvement_action *x, const char *reason,
		   const struct wf_actor *who, int64_t now, struct kesu_err *err);
/* x (a changed copy of before, checked here) is written, its changes in
 * its history. */
int wf_action_edit(struct store_conn *c, const struct improvement_action *before,
		   struct improvement_action *x, const struct wf_actor *who, int64_t now,
		   struct arena *a, struct kesu_err *err);
/* The verdict a done action would get now: {before, after, verdict, fell,
 * margin, window_weeks, unit, judged_at}; the caller owns *out. */
int wf_action_measure(struct store_conn *c, const struct improvement_action *x, int64_t now,
		      json_t **out, struct kesu_err *err);
/* Records the verdict of a done action: verified, or failed (reopened). */
int wf_action_judge(struct store_conn *c, struct improvement_action *x, int64_t now,
		    struct arena *a, struct kesu_err *err);
/* The weekly counts of complaints with x's cause and scope, for its chart:
 * around the done date, or the window up to now. */
int wf_action_recurrence(struct store_conn *c, const struct improvement_action *x, int64_t now,
			 json_t **out, struct kesu_err *err);
/* Tells the customers of the linked complaints what changed (once). */
int wf_action_tell(struct store_conn *c, struct improvement_action *x, const char *message,
		   const struct wf_actor *who, int64_t now, struct arena *a, int *told,
		   struct kesu_err *err);

/* --- prevention checklists (checklists.c) ----------------------------------------- */

/* The members of a checklist body onto *k (present ones replace), checked
 * and normalised: name and items as JSON texts. Errors name the field
 * (items[2].text). */
int wf_checklist_from_json(json_t *body, struct checklist *k, struct arena *a,
			   struct kesu_err *err);
/* A name's or item's text (free, or by language) in lang. */
const char *wf_checklist_text(const char *json_text, const char *lang, struct arena *a);
/* The number of items of a checklist's items JSON into *n. */
int wf_checklist_items(const char *items, int *n);
/* When a working day's work ends: a scheduled run is due then. */
int64_t wf_checklist_day_end(const struct calendar *cal, int32_t day);
/* 1 if a checklist of frequency runs on day: daily on each working day,
 * weekly on each week's first working day. */
int wf_checklist_falls_due(const struct calendar *cal, const char *frequency, int32_t day);
int wf_checklist_create(struct store_conn *c, struct checklist *k, const struct wf_actor *who,
			int64_t now, struct arena *a, struct kesu_err *err);
/* Writes k, a changed copy of a stored checklist (checked here). */
int wf_checklist_edit(struct store_conn *c, struct checklist *k, int64_t now, struct arena *a,
		      struct kesu_err *err);
/* Starts a run of k for day (-1: on demand, for occasion), due at due_at;
 * out->id is 0 when the day has its run already. */
int wf_checklist_start(struct store_conn *c, const struct checklist *k, int32_t day,
		       const char *occasion, int64_t due_at, const struct wf_actor *who, int64_t now,
		       struct checklist_run *out, struct kesu_err *err);
/* Records the answers xs[0..n) to an open run (a failed item needs a note). */
int wf_checklist_answer(struct store_conn *c, struct checklist_run *r,
			const struct checklist_answer *xs, int n, const struct wf_actor *who,
			int64_t now, struct kesu_err *err);
/* Finishes an open run whose every item is answered. */
int wf_checklist_finish(struct store_conn *c, struct checklist_run *r, const struct wf_actor *who,
			int64_t now, struct arena *a, struct kesu_err *err);
/* Makes the failed item (from 1) of r an improvement action x (cause,
 * department_id, what, due_at given), origin "checklist", origin_id the run. */
int wf_checklist_item_action(struct store_conn *c, struct checklist_run *r, int item,
			     struct improvement_action *x, const struct wf_actor *who, int64_t now,
			     struct arena *a, struct kesu_err *err);

/* --- negative reviews (reviews.c) ------------------------------------------------- */

/* The names of the groups (neutral, negative, agreed, changed, kept), the
 * playbooks (new, month, half_year), the platforms and the contact
 * methods; NULL-terminated. */
extern const char *const wf_review_groups[], *const wf_review_playbooks[];
extern const char *const wf_review_platforms[], *const wf_review_methods[];
/* Index of s in list, or -1. */
int wf_review_one_of(const char *const *list, const char *s);

/* The review policy (setting review_policy): how many friendly reminders
 * a buyer who agreed gets and how often, where the public reply invites
 * the buyer (the supervisor's account), what is new (by language). */
struct wf_review_policy {
	int reminders, reminder_every_h;
	char supervisor_account[124];
	char news[LANG__COUNT][304];
};
void wf_review_policy_default(struct wf_review_policy *p);
int wf_review_policy_from_json(json_t *j, struct wf_review_policy *out, struct kesu_err *err);
json_t *wf_review_policy_to_json(const struct wf_review_policy *p);
int wf_review_policy_read(struct store_conn *c, struct wf_review_policy *out,
			  struct kesu_err *err);

enum wf_review_playbook { RV_NEW, RV_MONTH, RV_HALF_YEAR };
/* The age of r at its first contact (at now before one): new, older than
 * a month, older than six months (calendar months, the business zone). */
enum wf_review_playbook wf_review_age(const struct review *r, int64_t now);
/* The playbook followed: the agent's choice (age_set), else the age. */
enum wf_review_playbook wf_review_playbook(const struct review *r, int64_t now);
/* The earliest a serious new review's buyer may be contacted, or 0. */
int64_t wf_review_not_before(const struct review *r, int64_t now);

/* Reads a review from outside (the API, the import, a connector) into r,
 * its strings in a: every member checked, its dedupe key made. */
int wf_review_read(json_t *o, int64_t now, struct arena *a, struct review *r,
		   struct kesu_err *err);
/* Takes a review in (r checked by the caller: platform, order, buyer,
 * rating, posted_at...): its group is its rating, its contact clock and
 * invitation are set by its playbook. The same review again (r->dedupe)
 * leaves the stored one in *r and sets *existing. */
int wf_review_receive(struct store_conn *c, struct review *r, const struct wf_actor *who,
		      int64_t now, struct arena *a, int *existing, struct kesu_err *err);
/* What an agent may change of a review; set_* says which members apply. */
struct wf_review_change {
	int set_serious, serious;
	const char *serious_reason;
	int set_age;
	const char *age, *age_reason; /* age NULL: back to the age of the review */
	const char *cause;
	int set_complaint, set_assignee, set_team;
	int64_t complaint_id, assignee_id, team_id;
};
/* Changes r: the seriousness and the age with a reason (the contact clock
 * starts again from now), the cause (of the list), the complaint it is
 * linked to, its agent and team. */
int wf_review_edit(struct store_conn *c, struct review *r, const struct wf_review_change *e,
		   const struct wf_actor *who, int64_t now, struct kesu_err *err);
/* Records a contact with the buyer (k: at, method, reached, outcome, note,
 * appointment_at; cause may set the review's cause). A serious new
 * review's buyer is not contacted before 24 h after posting (KE_CONFLICT
 * on at); an outcome needs a reached buyer and the cause. agreed: the
 * group agreed, the how-to-change message out at once, reminders
 * scheduled; declined: kept. */
int wf_review_contact(struct store_conn *c, struct review *r, struct review_contact *k,
		      const char *cause, const struct wf_actor *who, int64_t now,
		      struct kesu_err *err);
/* Moves r by hand to changed or kept (the cause required), or back to its
 * rating's group (a reason required). */
int wf_review_move(struct store_conn *c, struct review *r, const char *to, const char *reason,
		   const struct wf_actor *who, int64_t now, struct kesu_err *err);
/* The platform connector says the buyer changed or withdrew r (what). */
int wf_review_connector(struct store_conn *c, struct review *r, const char *what, int64_t now,
			struct kesu_err *err);
/* The public reply to a kept review: saved, and posted when posted. */
int wf_review_reply(struct store_conn *c, struct review *r, const char *text, int posted,
		    const struct wf_actor *who, int64_t now, struct kesu_err *err);
/* A draft of the public reply in language (NULL: the review's): the
 * contact attempts at their exact times, an apology, the invitation to
 * the supervisor's account, what is new. In a; NULL with err on failure. */
char *wf_review_reply_draft(struct store_conn *c, const struct review *r, const char *language,
			    struct arena *a, struct kesu_err *err);
/* The tone check of a reply: [{"words", "why"}] for defensive wording. */
json_t *wf_review_tone(const char *text);
/* Breaches contact clocks that ran out, sends the reminders due and keeps
 * the reviews not changed after the last one; adds to *done. */
int wf_reviews_tick(struct store_conn *c, int64_t now, int limit, struct arena *a, int *done,
		    struct kesu_err *err);

/* --- many complaints, one cause (incidents.c, incident_notice.c, incident_remedy.c) -- */

/* The incident policy (setting incident_policy): when kesu proposes an
 * incident. min_complaints complaints within window_minutes about the same
 * object (by_object) or reading alike (by_text: a sketch similarity of at
 * least similarity) make a proposal. */
struct wf_incident_policy {
	int enabled, by_object, by_text;
	int window_minutes, min_complaints;
	double similarity;
};
void wf_incident_policy_default(struct wf_incident_policy *p);
int wf_incident_policy_from_json(json_t *j, struct wf_incident_policy *out, struct kesu_err *err);
json_t *wf_incident_policy_to_json(const struct wf_incident_policy *p);
int wf_incident_policy_read(struct store_conn *c, struct wf_incident_policy *out,
			    struct kesu_err *err);
/* The policy was replaced: the writer reads it again. Any thread. */
void wf_incident_policy_changed(void);

/* 1 if i was opened by a person or confirmed: not a proposal, nor dismissed. */
int wf_incident_confirmed(const struct incident *i);
/* Checks what a person gives of an incident (cause of the list, affected
 * kind, window) and makes its match key. */
int wf_incident_check(struct store_conn *c, struct incident *i, struct arena *a,
		      struct kesu_err *err);
/* A person opens an incident (i checked): open, confirmed by who. */
int wf_incident_create(struct store_conn *c, struct incident *i, const struct wf_actor *who,
		       int64_t now, struct kesu_err *err);
/* Writes i (checked; before as it was): a state set by hand is open,
 * told, remedied or closed; closed to open needs reason. */
int wf_incident_edit(struct store_conn *c, const struct incident *before, struct incident *i,
		     const char *reason, const struct wf_actor *who, int64_t now,
		     struct kesu_err *err);
/* A supervisor confirms a proposal (it becomes open: its complaints see
 * it) or dismisses it with a reason (its complaints are freed and propose
 * nothing again). KE_CONFLICT when i is not proposed. */
int wf_incident_confirm(struct store_conn *c, struct incident *i, const struct wf_actor *who,
			int64_t now, struct arena *a, struct kesu_err *err);
int wf_incident_dismiss(struct store_conn *c, struct incident *i, const char *reason,
			const struct wf_actor *who, int64_t now, struct kesu_err *err);
/* Links cp to i (how: hand, search, proposal, auto): its timeline says
 * so; joining a confirmed incident it gets the newest message and the
 * approved remedy standard while the approved total allows. *already is
 * set when it was linked already. KE_CONFLICT: in another incident, or i
 * closed or dismissed. */
int wf_incident_link(struct store_conn *c, struct incident *i, const struct complaint *cp,
		     const char *how, const struct wf_actor *who, int64_t now, struct arena *a,
		     int *already, struct kesu_err *err);
int wf_incident_unlink(struct store_conn *c, struct incident *i, const struct complaint *cp,
		       const char *reason, const struct wf_actor *who, int64_t now,
		       struct kesu_err *err);
/* One complaint of i moved as the incident decides (action: acknowledge;
 * start, with progress; propose_plan, the incident's plan; resolve, with
 * the incident's cause and responsibility where it has none, and its plan
 * or reason as what was done). Each complaint keeps its own rules: a
 * refusal names why. */
int wf_incident_move_one(struct store_conn *c, const struct incident *i,
			 const struct complaint *cp, const char *action,
			 const struct wf_progress *progress, const char *reason,
			 const struct wf_actor *who, int64_t now, struct arena *a,
			 struct complaint *after, struct kesu_err *err);
/* Appends an event of kind to incident id's history (d consumed): the
 * summary of an act done complaint by complaint (linked, moved). */
int wf_incident_event(struct store_conn *c, int64_t id, const char *kind, const char *actor,
		      int64_t now, json_t *d, struct kesu_err *err);
/* A new complaint (registered in this transaction): joins a live
 * incident it matches, or with the recent complaints like it makes a
 * proposal when the policy's rate is reached. */
int wf_incident_on_register(struct store_conn *c, const struct complaint *cp, int64_t now,
			    struct kesu_err *err);
/* Sketches older than the policy's window pruned (at most limit). */
int wf_incidents_tick(struct store_conn *c, int64_t now, int limit, int *done,
		      struct kesu_err *err);
/* One message to every customer of i (stage: cause, progress, outcome;
 * texts: {language: text}, the complaint's language or zh-CN or the first
 * given): one customer notice per complaint, in its timeline; those
 * without a phone or an address listed in m->to_call. With a key, a
 * retry answers the first message (*replayed). */
int wf_incident_message(struct store_conn *c, struct incident *i, struct incident_message *m,
			json_t *texts, const struct wf_actor *who, int64_t now, struct arena *a,
			int *replayed, struct kesu_err *err);
/* The remedy standard r (type, amount_fen, note, max_total_fen 0: the
 * amount for each complaint linked now) of i: granted to each complaint at
 * once when who's limit for the type covers the total, else waiting for
 * one decision (the approvers told). */
int wf_incident_remedy(struct store_conn *c, struct incident *i, struct incident_remedy *r,
		       const struct wf_actor *who, int64_t now, struct arena *a, int *replayed,
		       struct kesu_err *err);
/* Approves (granting it to every complaint up to the total) or rejects a
 * waiting standard: not its proposer, with a limit covering its total. */
int wf_incident_remedy_decide(struct store_conn *c, struct incident *i,
			      struct incident_remedy *r, int approve, const char *reason,
			      const struct wf_actor *who, int64_t now, struct arena *a,
			      struct kesu_err *err);

/* A handling notice saved (n->id 0: a new one) from what a person gave;
 * a published one is published again as a new version. */
int wf_notice_save(struct store_conn *c, struct handling_notice *n, const struct wf_actor *who,
		   int64_t now, struct arena *a, struct kesu_err *err);
/* Publishes n: its agreed answers become scripts for its incident's
 * complaints, its teams' agents and its departments are told. */
int wf_notice_publish(struct store_conn *c, struct handling_notice *n,
		      const struct wf_actor *who, int64_t now, struct arena *a,
		      struct kesu_err *err);
/* who confirms having read the published version of n. */
int wf_notice_read(struct store_conn *c, const struct handling_notice *n,
		   const struct wf_actor *who, int64_t now, struct kesu_err *err);

/* --- lessons (lessons.c) ----------------------------------------------------------- */

/* A lesson saved (l->id 0: a new draft, its source from its complaint or
 * incident); a published one is not changed (KE_CONFLICT). */
int wf_lesson_save(struct store_conn *c, struct lesson *l, const struct wf_actor *who,
		   int64_t now, struct kesu_err *err);
/* Publishes a draft to its teams (or all): each team's staff is told in
 * the workspace. KE_CONFLICT when published already; KE_MISSING_FIELD
 * (team_ids) when it names no team. */
int wf_lesson_publish(struct store_conn *c, struct lesson *l, const struct wf_actor *who,
		      int64_t now, struct kesu_err *err);
/* who confirms having read a published lesson of their teams, once: a
 * second confirmation keeps the first's time, in *confirmed_at.
 * KE_FORBIDDEN when the lesson is not for them. */
int wf_lesson_confirm(struct store_conn *c, const struct lesson *l, const struct wf_actor *who,
		      int64_t now, int64_t *confirmed_at, struct kesu_err *err);

#endif
