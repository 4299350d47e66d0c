/*
 * workflow_int.h - what the workflow's files share: the notice builders
 * (notice.c), the clocks of one complaint in memory (clocks.c), and the
 * rules one verb asks another file for.
 */
#ifndef KESU_WORKFLOW_INT_H
#define KESU_WORKFLOW_INT_H

#include "../auth/roles.h"
#include "workflow.h"

/* --- notices and events (notice.c) ------------------------------------------ */

/* d as an event's stored data: JSON of at most WF_EVENT_MAX bytes, lists
 * and texts shortened to fit (see notice.c). NULL when out of memory; the
 * caller frees it. */
char *notice_data(json_t *d);
/* Appends an event of kind to the complaint's timeline, with d (not
 * consumed; NULL: {}) as its data. With e, *e receives the event as
 * stored, its strings in a. */
int notice_event(struct store_conn *c, int64_t complaint_id, const char *kind,
		 const char *actor, int64_t at, json_t *d, struct arena *a, struct event *e,
		 struct kesu_err *err);
/* The customer's notice of kind about cp (with reason, if any): the sender
 * delivers it to every contact the complaint has when it goes out (SMS to
 * the phone, e-mail to the address); the portal shows it in any case. */
int notice_customer(struct store_conn *c, const struct complaint *cp, const char *kind,
		    const char *reason, int64_t now, struct kesu_err *err);
/* The same with what is being done and when the customer next hears
 * (p settled; NULL: nothing told), in the notice's data as "progress" and
 * "next_contact_at". */
int notice_customer_told(struct store_conn *c, const struct complaint *cp, const char *kind,
			 const char *reason, const struct wf_progress *p, int64_t now,
			 struct kesu_err *err);
/* The same with extra's members added to the notice's data (the
 * placeholders a kind of its own fills in, such as "original"). */
int notice_customer_with(struct store_conn *c, const struct complaint *cp, const char *kind,
			 const char *reason, const struct wf_progress *p, json_t *extra,
			 int64_t now, struct kesu_err *err);
/* p as a timeline event's member "progress": {line, next_contact_at}. */
json_t *notice_progress(const struct wf_progress *p);
/* Who a staff notice is for. */
struct notice_to {
	int role;	  /* enum role, or -1 */
	int64_t team_id;  /* 0: any team */
	int64_t user_id;  /* not 0: this user alone */
	int assignee;	  /* also the complaint's assignee */
	int64_t department_id; /* not 0: a department (by e-mail when it has an address) */
};
/* A staff notice of kind about cp for the workspace; d (not consumed) gets
 * the tracking number. */
int notice_staff(struct store_conn *c, const struct complaint *cp, const char *kind,
		 const struct notice_to *to, json_t *d, int64_t now, struct kesu_err *err);
/* The same, by e-mail to address (a department's contact address). */
int notice_staff_mail(struct store_conn *c, const struct complaint *cp, const char *kind,
		      const char *address, json_t *d, int64_t now, struct kesu_err *err);
/* A staff notice about no complaint (an incident, a handling notice): to
 * the workspace of to, or by e-mail to address when not NULL; d (not
 * consumed) says what it is about. */
int notice_staff_about(struct store_conn *c, const char *kind, const struct notice_to *to,
		       const char *address, json_t *d, int64_t now, struct kesu_err *err);
/* An RFC 3339 time as JSON, or null for 0. */
json_t *notice_time(int64_t ms);

/* --- clocks (clocks.c) ----------------------------------------------------------- */

enum clock_op { OP_MEET, OP_PAUSE, OP_RESUME };

/* A complaint's clocks in memory: loaded (or begun empty), changed, and
 * written back as one row. */
struct wf_clocks {
	int64_t complaint_id;
	struct clock_row k[CLOCKS_MAX];
	int n;
};
int wf_clocks_load(struct store_conn *c, int64_t complaint_id, struct arena *a,
		   struct wf_clocks *set, struct kesu_err *err);
int wf_clocks_save(struct store_conn *c, const struct wf_clocks *set, struct kesu_err *err);
/* The target of a clock of kind for cp under the settings. */
struct wf_duration wf_clock_target(const struct wf_settings *s, const struct complaint *cp,
				   enum wf_clock_kind kind);
/* Starts (or restarts) a clock of duration d at now. */
void wf_clock_start(const struct wf_settings *s, struct wf_clocks *set,
		    enum wf_clock_kind kind, const struct wf_duration *d, int64_t now);
/* Meets, pauses or resumes the clocks whose kinds are in mask (bit
 * 1 << kind); clocks in another state are left alone. */
void wf_clocks_apply(const struct wf_settings *s, struct wf_clocks *set, unsigned mask,
		     int op, int64_t now);
/* The clocks that pause while a complaint waits for the customer. */
#define CK_PAUSABLE \
	(CK_BIT(CK_ACKNOWLEDGE) | CK_BIT(CK_FIRST_RESPONSE) | CK_BIT(CK_RESOLUTION) | \
	 CK_BIT(CK_NEGOTIATION))
/* The clocks a new complaint gets (the negotiation clock for regulator
 * complaints), started at from. */
int wf_clocks_begin(struct store_conn *c, const struct wf_settings *s,
		    const struct complaint *cp, int64_t from, struct kesu_err *err);
/* Index of a severity in the SLA table (normal if unknown). */
int wf_severity(const char *severity);

/* --- rules one verb asks another for --------------------------------------------- */

/* Checks the judgements a registration or a change sets (after; before is
 * NULL for a new complaint): the cause is in the list and active, a
 * duplicate names another complaint that who sees. A new cause sets
 * systemic from the list unless the caller gave it (bit CF__COUNT of
 * *changed). */
int wf_judgements_check(struct store_conn *c, const struct complaint *before,
			struct complaint *after, int systemic_given, uint32_t *changed,
			const struct wf_actor *who, struct kesu_err *err);
/* Applies the routing table to a complaint being registered; *rule
 * receives the index of the rule that matched, or -1. */
int wf_route(struct store_conn *c, struct complaint *cp, const char *customer_type, int *rule,
	     struct kesu_err *err);
/* The guards of the transition table (guards.c). wf_resolve_check: 0 if
 * cp may be resolved (its cause and responsibility judged, the newest
 * plan of its round accepted, or without_plan: a manager's decision);
 * *plan_id receives the accepted plan (0: none). wf_may_close: 0 if the
 * follow-up was made; else KE_CONFLICT saying what is missing. */
int wf_resolve_check(struct store_conn *c, const struct complaint *cp, int without_plan,
		     struct arena *a, int64_t *plan_id, struct kesu_err *err);
int wf_may_close(struct store_conn *c, int64_t complaint_id, struct arena *a,
		 struct kesu_err *err);
/* Puts the complainant of a new complaint in the key-customer file when
 * the rule says so (already: they are in it). */
int wf_key_customer(struct store_conn *c, const struct wf_settings *s,
		    const struct complaint *cp, int already, struct kesu_err *err);
/* Second complaints (second.c). wf_second_find: at registration, before
 * cp is stored, links cp to the newest earlier complaint of its customer
 * about the same object ref (not an invalid or duplicate one) and starts
 * it at the supervisor level at least; cp unchanged if there is none.
 * wf_second_registered: once cp is stored, the events on both timelines
 * and the supervisors' notice of a link found. */
int wf_second_find(struct store_conn *c, struct complaint *cp, struct kesu_err *err);
int wf_second_registered(struct store_conn *c, const struct complaint *cp, struct kesu_err *err);
/* Reminds owners of appointments coming up and marks missed the ones
 * whose time went by; adds to *done. */
int wf_appointments_tick(struct store_conn *c, int64_t now, int limit, struct arena *a,
			 int *done, struct kesu_err *err);
/* Plans the visits of a key customer whose complaint cp closed (the
 * policy's key_customer_visits), unless some are planned already. */
int wf_visits_plan(struct store_conn *c, const struct wf_settings *s, const struct complaint *cp,
		   int64_t now, struct arena *a, struct kesu_err *err);
/* Marks missed the planned visits whose day has ended, and tells the
 * team's supervisors; adds to *done. */
int wf_visits_tick(struct store_conn *c, int64_t now, int limit, struct arena *a, int *done,
		   struct kesu_err *err);
/* Reports the department tasks past due; adds to *done. */
/* Starts the daily and weekly checklists' runs as they fall due, and says
 * once to the owner role each run past due (checklists.c). */
int wf_checklists_tick(struct store_conn *c, int64_t now, int limit, struct arena *a, int *done,
		       struct kesu_err *err);
/* Open actions past due are said once; done ones whose window passed are
 * judged (actions.c). */
int wf_actions_tick(struct store_conn *c, int64_t now, int limit, struct arena *a, int *done,
		    struct kesu_err *err);
int wf_tasks_tick(struct store_conn *c, int64_t now, int limit, struct arena *a, int *done,
		  struct kesu_err *err);
/* Refuses a change to a closed complaint (KE_CONFLICT, "the complaint is
 * closed"). */
int wf_not_closed(const struct complaint *cp, struct kesu_err *err);

/* --- incidents (incidents.c, incident_remedy.c) ------------------------------------ */

/* 1 if granting amount more to cp's customer passes a difficult
 * customer's concession cap (*cap), which only a manager may pass; the
 * proposal except_id aside (compensate.c). */
int wf_over_cap(struct store_conn *c, const struct complaint *cp, int64_t amount,
		int64_t except_id, struct arena *a, int64_t *cap, struct kesu_err *err);
/* A complaint joined confirmed incident i: it gets the newest message and
 * the approved remedy standards while their totals allow. */
int wf_incident_catch_up(struct store_conn *c, struct incident *i, const struct complaint *cp,
			 int64_t now, struct arena *a, struct kesu_err *err);

/* The setting key as stored, parsed into out by parse; unset, out stays as
 * the caller filled it (its defaults) (settings.c). */
int wf_setting_read(struct store_conn *c, const char *key,
		    int (*parse)(json_t *j, void *out, struct kesu_err *err), void *out,
		    struct kesu_err *err);

#endif
