/*
 * store_actions.h - improvement actions (domain.md 7): the action with its
 * cause and scope, the complaints that led to it, its history, and the
 * counts of complaints the recurrence check compares (sqlite_actions.c).
 */
#ifndef KESU_STORE_ACTIONS_H
#define KESU_STORE_ACTIONS_H

#include <stdint.h>

#define ACTION_NONCE_LEN 16

/* One action; times Unix ms, 0 for none; strings NULL when absent. */
struct improvement_action {
	int64_t id, department_id, owner_id, team_id, incident_id, due_at, accepted_at, done_at,
		judged_at, verify_at, told_at, version, created_at, updated_at, origin_id;
	int window_days, failures, overdue, tell_customers, complaints;
	double margin;
	const char *cause, *category, *object, *channel, *what, *state, *evidence, *created_by,
		*origin; /* origin: "complaint", "pareto", "incident", "checklist", "hand" */
	const char *owner_name, *accepted_by, *done_by, *verification, *drop_reason;
	unsigned char link_nonce[ACTION_NONCE_LEN], link_hash[32];
	const char *department, *department_email, *owner_user; /* read only */
};

int store_action_insert(struct store_conn *c, struct improvement_action *x,
			struct kesu_err *err);
/* KE_NOT_FOUND when there is none. */
int store_action_get(struct store_conn *c, int64_t id, struct arena *a,
		     struct improvement_action *out, struct kesu_err *err);
/* Writes every changeable member if the stored version is still
 * x->version (KE_STALE otherwise); x->version is then the new one. */
int store_action_update(struct store_conn *c, struct improvement_action *x,
			struct kesu_err *err);

struct action_filter {
	const char *state;  /* one state, "open" (proposed, accepted, failed) or NULL */
	const char *cause;
	int64_t department_id, complaint_id, incident_id;
	int overdue_only;   /* open and past due at `now` */
	int64_t now, cursor_id;
	int limit;
};
/* A page of actions, newest first. */
int store_actions_list(struct store_conn *c, const struct action_filter *f, struct arena *a,
		       struct improvement_action **items, int *n, int *more,
		       struct kesu_err *err);

/* Links a complaint; nothing when linked already. */
int store_action_link(struct store_conn *c, int64_t action_id, int64_t complaint_id,
		      struct kesu_err *err);
#define ACTION_COMPLAINTS_MAX 1000
/* The linked complaints' ids, in id order, at most ACTION_COMPLAINTS_MAX. */
int store_action_complaint_ids(struct store_conn *c, int64_t action_id, struct arena *a,
			       int64_t **ids, int *n, struct kesu_err *err);

struct action_event {
	int64_t id, action_id, at;
	const char *kind, *actor, *data;
};
int store_action_event_append(struct store_conn *c, struct action_event *e,
			      struct kesu_err *err);
#define ACTION_EVENTS_MAX 500
int store_action_events(struct store_conn *c, int64_t action_id, struct arena *a,
			struct action_event **items, int *n, struct kesu_err *err);

/* Open actions past due at now and not yet said, at most limit. */
int store_actions_overdue(struct store_conn *c, int64_t now, int limit, struct arena *a,
			  struct improvement_action **items, int *n, struct kesu_err *err);
/* Done actions whose window has passed at now, at most limit. */
int store_actions_to_judge(struct store_conn *c, int64_t now, int limit, struct arena *a,
			   struct improvement_action **items, int *n, struct kesu_err *err);

/* The complaints with x's cause and scope registered in [from, from +
 * buckets * width), counted per bucket of width ms into counts[]. */
int store_action_recurrence(struct store_conn *c, const struct improvement_action *x,
			    int64_t from, int64_t width, int buckets, int64_t *counts,
			    struct kesu_err *err);
/* The supervisor's figures: open actions past due, and done ones waiting
 * for their verdict. */
/* The actions a report of [from, to) speaks of: made before `to`, and
 * open or done then or changed within the period; of team's scope (or of
 * none) when team is not 0. Newest first, at most limit. */
int store_report_actions(struct store_conn *c, int64_t from, int64_t to, int64_t team, int limit,
			 struct arena *a, struct improvement_action **items, int *n,
			 struct kesu_err *err);
int store_actions_tally(struct store_conn *c, int64_t now, int64_t *overdue,
			int64_t *awaiting, struct kesu_err *err);

#endif
