/*
 * store_handling.h - the store's records of handling a complaint:
 * compensation, resolution plans, appointments, identity checks,
 * apologies, and the departments, their tasks and the follow-up callbacks.
 * Included by store.h; see there for connections and jobs.
 */
#ifndef KESU_STORE_HANDLING_H
#define KESU_STORE_HANDLING_H

#include "store.h"

/* --- Compensation (sqlite_compensations.c) ------------------------------- */

/* The compensation granted on a complaint or waiting for approval, all
 * kinds, in fen; leaves out the proposal except_id (0: none). */
int store_compensation_committed(struct store_conn *c, int64_t complaint_id, int64_t except_id,
				 int64_t *fen, struct kesu_err *err);

struct compensation {
	int64_t id, complaint_id, amount_fen;
	const char *type, *note, *state, *decision_reason, *idem_key;
	int64_t proposed_by, proposed_at, decided_by, decided_at;
	int64_t incident_remedy_id; /* granted under an incident's remedy standard; 0: not */
	const char *proposer, *decider; /* user names, filled by reads */
	/* "remedy" (NULL on insert), or "goodwill": offered after a satisfied
	 * close to win the customer back (domain.md 6) */
	const char *purpose;
};
int store_compensation_insert(struct store_conn *c, struct compensation *k,
			      struct kesu_err *err);
/* Reader or writer. KE_NOT_FOUND. */
int store_compensation_get(struct store_conn *c, int64_t id, struct arena *a,
			   struct compensation *out, struct kesu_err *err);
/* The one a proposer made with an idempotency key; KE_NOT_FOUND. */
int store_compensation_by_key(struct store_conn *c, int64_t complaint_id, int64_t proposer,
			      const char *key, struct arena *a, struct compensation *out,
			      struct kesu_err *err);
int store_compensation_decide(struct store_conn *c, const struct compensation *k,
			      struct kesu_err *err);
/* Reader. A complaint's compensations, oldest first. */
int store_compensation_list(struct store_conn *c, int64_t complaint_id, struct arena *a,
			    struct compensation **items, int *n, struct kesu_err *err);
/* Reader. Granted compensations decided in [since, until): count and sum
 * per type and purpose (remedy, goodwill), through fn. */
int store_compensation_totals(struct store_conn *c, int64_t since, int64_t until,
			      void (*fn)(void *ctx, const char *type, const char *purpose,
					 int64_t count, int64_t fen),
			      void *ctx, struct kesu_err *err);

/* --- Resolution plans (sqlite_plans.c) ----------------------------------- */

/* A resolution plan and the customer's answer (domain.md 6). */
struct plan {
	int64_t id, complaint_id, revises, proposed_at, answered_at; /* 0: none */
	int round; /* the complaint's reopen count when it was proposed */
	const char *summary, *compensation_ids; /* a JSON array of ids */
	const char *state, *proposed_by, *answered_by, *conditions, *counter_offer;
};
int store_plan_insert(struct store_conn *c, struct plan *p, struct kesu_err *err);
int store_plan_get(struct store_conn *c, int64_t id, struct arena *a, struct plan *out,
		   struct kesu_err *err);
/* Records the answer of a proposed plan; KE_CONFLICT if it has one. */
int store_plan_answer(struct store_conn *c, const struct plan *p, struct kesu_err *err);
/* Marks the complaint's plans still waiting for an answer superseded. */
int store_plans_supersede(struct store_conn *c, int64_t complaint_id, struct kesu_err *err);
/* A complaint's plans, newest first. */
int store_plans_of(struct store_conn *c, int64_t complaint_id, struct arena *a,
		   struct plan **items, int *n, struct kesu_err *err);

/* --- The demand restated (sqlite_demand.c) ------------------------------ */

/* The agent's restatement of what the customer wants and the target
 * outcome (复述, 设定目标), and the customer's answer: pending, confirmed,
 * corrected, or superseded by a newer restatement. */
struct demand_restatement {
	int64_t id, complaint_id, stated_at, answered_at; /* 0: none */
	const char *restatement, *target, *state, *stated_by;
	const char *answered_via, *answered_by, *correction; /* NULL until answered */
};
int store_demand_insert(struct store_conn *c, struct demand_restatement *d,
			struct kesu_err *err);
int store_demand_get(struct store_conn *c, int64_t id, struct arena *a,
		     struct demand_restatement *out, struct kesu_err *err);
/* Records the answer of a pending restatement; KE_CONFLICT if it has none
 * pending (answered or superseded meanwhile). */
int store_demand_answer(struct store_conn *c, const struct demand_restatement *d,
			struct kesu_err *err);
/* Marks the complaint's restatements still pending superseded. */
int store_demand_supersede(struct store_conn *c, int64_t complaint_id, struct kesu_err *err);
/* A complaint's restatements, newest first, at most max. */
int store_demands_of(struct store_conn *c, int64_t complaint_id, int max, struct arena *a,
		     struct demand_restatement **items, int *n, struct kesu_err *err);

/* --- Appointments (sqlite_appointments.c) -------------------------------- */

/* A callback or appointment at an exact time (三变法). */
struct appointment {
	int64_t id, complaint_id, at, owner_id, remind_at, reminded_at, next_at;
	int64_t created_at, decided_at;
	const char *with_whom, *channel, *note, *state, *outcome, *created_by, *decided_by;
	const char *tracking_no, *owner; /* filled by reads */
	int64_t team_id;		 /* the complaint's, filled by reads */
};
int store_appointment_insert(struct store_conn *c, struct appointment *p, struct kesu_err *err);
int store_appointment_get(struct store_conn *c, int64_t id, struct arena *a,
			  struct appointment *out, struct kesu_err *err);
/* Writes state, outcome, decided_*, reminded_at and next_at. */
int store_appointment_update(struct store_conn *c, const struct appointment *p,
			     struct kesu_err *err);
int store_appointments_of(struct store_conn *c, int64_t complaint_id, struct arena *a,
			  struct appointment **items, int *n, struct kesu_err *err);
/* Scheduled appointments whose next instant (reminder, missed) has come. */
int store_appointments_due(struct store_conn *c, int64_t now, int limit, struct arena *a,
			   struct appointment **items, int *n, struct kesu_err *err);

/* --- Identity checks (sqlite_identity.c), apologies (sqlite_apologies.c) - */

struct identity_check {
	int64_t complaint_id, checked_at;
	const char *method, *note, *checked_by;
};
int store_identity_put(struct store_conn *c, const struct identity_check *k,
		       struct kesu_err *err);
/* KE_NOT_FOUND if the identity was not confirmed. */
int store_identity_get(struct store_conn *c, int64_t complaint_id, struct arena *a,
		       struct identity_check *out, struct kesu_err *err);

struct apology {
	int64_t id, complaint_id, given_at, recorded_at;
	const char *given_by, *note, *recorded_by;
};
int store_apology_insert(struct store_conn *c, struct apology *p, struct kesu_err *err);
int store_apologies_of(struct store_conn *c, int64_t complaint_id, struct arena *a,
		       struct apology **items, int *n, struct kesu_err *err);

/* --- Departments (sqlite_departments.c) ---------------------------------- */

struct department {
	int64_t id;
	const char *name, *contact_person, *phone, *email;
	const char *calendar; /* JSON, or NULL for the business calendar */
	int64_t created_at, updated_at;
};
int store_department_insert(struct store_conn *c, struct department *d, struct kesu_err *err);
int store_department_update(struct store_conn *c, const struct department *d,
			    struct kesu_err *err);
int store_department_get(struct store_conn *c, int64_t id, struct arena *a,
			 struct department *out, struct kesu_err *err);
int store_department_list(struct store_conn *c, struct arena *a, struct department **items,
			  int *n, struct kesu_err *err);

/* --- Tasks of departments (sqlite_tasks.c) ------------------------------- */

struct task {
	int64_t id, complaint_id, department_id;
	const char *what, *state, *answer, *answered_by, *created_by;
	const char *department; /* its name, filled by reads */
	int due_days, overdue;
	int64_t due_at, answered_at, created_at;
};
int store_task_insert(struct store_conn *c, struct task *t, struct kesu_err *err);
int store_task_get(struct store_conn *c, int64_t id, struct arena *a, struct task *out,
		   struct kesu_err *err);
/* Records the answer of an open task; KE_CONFLICT if answered already. */
int store_task_answer(struct store_conn *c, const struct task *t, struct kesu_err *err);
int store_tasks_of(struct store_conn *c, int64_t complaint_id, struct arena *a,
		   struct task **items, int *n, struct kesu_err *err);
/* Open tasks past due and not yet reported, at most limit. */
int store_tasks_overdue(struct store_conn *c, int64_t now, int limit, struct arena *a,
			struct task **items, int *n, struct kesu_err *err);
int store_task_mark_overdue(struct store_conn *c, int64_t id, struct kesu_err *err);

/* --- Follow-up callbacks (sqlite_callbacks.c) ---------------------------- */

struct callback_rec {
	int64_t id, complaint_id, at, recorded_at;
	const char *method, *advice, *recorded_by;
	int reached, satisfaction, business_satisfaction, carried_out; /* 0: not given */
	int on_behalf; /* made by someone without follow_up.duty, for the supervisors */
};
int store_callback_insert(struct store_conn *c, struct callback_rec *k, struct kesu_err *err);
int store_callbacks_of(struct store_conn *c, int64_t complaint_id, struct arena *a,
		       struct callback_rec **items, int *n, struct kesu_err *err);
/* The callbacks recorded after the complaint's latest resolution (all of
 * them when it was never resolved through the workflow), oldest first. */
int store_round_callbacks(struct store_conn *c, int64_t complaint_id, struct arena *a,
			  struct callback_rec **items, int *n, struct kesu_err *err);
/* When the complaint was last resolved (Unix ms), 0 if never. */
int store_resolved_at(struct store_conn *c, int64_t complaint_id, int64_t *at,
		      struct kesu_err *err);

/* --- Key customers' visits (sqlite_visits.c) ------------------------------ */

/* A supervisor's dated visit or call to a key customer (domain.md 6). */
struct visit {
	int64_t id, customer_id, complaint_id, team_id, owner_id;
	int64_t due_at;	    /* the end of due_date in the business zone */
	int64_t missed_at;  /* when the scheduler found it missed; 0: never */
	int64_t done_at, recorded_at, next_at, created_at;
	int seq, times, on_behalf;
	const char *due_date; /* YYYY-MM-DD, the business zone's */
	const char *method, *state, *outcome, *done_by;
	const char *tracking_no, *owner, *customer; /* filled by reads */
};
struct visit_filter {
	int64_t teams_of;    /* only the teams of this user; 0: every team */
	int64_t customer_id; /* 0: every customer */
	const char *state;   /* planned, done, missed; NULL: any */
	int open;	     /* only those not done (planned or missed) */
	int64_t until;	     /* due_at at most this; 0: any */
	int64_t cursor_due, cursor_id; /* after this (due_at, id); 0: from the first */
	int limit;
};
int store_visit_insert(struct store_conn *c, struct visit *v, struct kesu_err *err);
int store_visit_get(struct store_conn *c, int64_t id, struct arena *a, struct visit *out,
		    struct kesu_err *err);
/* Writes state, missed_at, outcome, done_*, on_behalf, recorded_at, next_at. */
int store_visit_update(struct store_conn *c, const struct visit *v, struct kesu_err *err);
/* Visits by due date (then id), at most f->limit; *more when there are others. */
int store_visits_list(struct store_conn *c, const struct visit_filter *f, struct arena *a,
		      struct visit **items, int *n, int *more, struct kesu_err *err);
/* How many visits of the teams of user teams_of (0: every team) are not
 * done and due at until at the latest, counting no further than cap. */
int store_visits_due_count(struct store_conn *c, int64_t teams_of, int64_t until, int cap,
			   int *n, struct kesu_err *err);
/* Visits whose next instant (missed) has come, at most limit. */
int store_visits_due(struct store_conn *c, int64_t now, int limit, struct arena *a,
		     struct visit **items, int *n, struct kesu_err *err);
/* 1 in *yes if the customer has a visit still planned. */
int store_visits_planned(struct store_conn *c, int64_t customer_id, int *yes,
			 struct kesu_err *err);
/* The active supervisor of team_id with the lowest id, 0 if none. */
int store_team_supervisor(struct store_conn *c, int64_t team_id, int64_t *user_id,
			  struct kesu_err *err);

#endif
