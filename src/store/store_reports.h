/*
 * store_reports.h - the rows reports are made from, the reports kept from
 * the schedule, and the supervisors' dashboard. Included by store.h; see
 * there for connections and jobs.
 */
#ifndef KESU_STORE_REPORTS_H
#define KESU_STORE_REPORTS_H

#include "store.h"

/* --- Reports (sqlite_reports.c) ------------------------------------------ */

struct report_filter {
	int64_t from, to;	/* [from, to) in Unix ms */
	int64_t team_id;	/* 0: every team */
	const char *channel, *category, *severity; /* NULL: any */
};

/* A complaint registered in the period. Strings live until fn returns. */
struct report_row {
	int64_t id, created_at, customer_id, team_id;
	const char *tracking_no, *status, *channel, *category, *object_kind, *object_name,
		*object_ref, *severity, *content;
	const char *cause, *responsibility, *validity; /* NULL: not judged */
	int level, reopen_count, threat, systemic, idea;
	int second; /* a second complaint (二次投诉): it names an earlier one */
};
/* A clock of a complaint registered in the period. */
struct report_clock {
	const char *severity, *kind, *state;
	int64_t target_ms, due_at, done_at, used_ms, remaining_ms;
	int working;
	int64_t assignee_id; /* the team view's streams only; else 0 */
};
/* A status change or escalation in the period; created_at is the
 * complaint's registration. */
struct report_event {
	int64_t complaint_id, at, created_at;
	const char *kind, *from, *to, *cause;
	int override;
};
/* A compensation proposed or decided in the period. */
struct report_comp {
	int64_t complaint_id, amount_fen, proposed_by, decided_by, proposed_at, decided_at;
	const char *type, *state;
};
/* A follow-up callback made in the period. */
struct report_callback {
	int reached, satisfaction, business; /* -1: not given */
	int carried_out;		     /* 1 yes, 2 no, 0 or -1 not given */
};
/* A task handed to a department in the period. */
struct report_task {
	const char *tracking_no, *department, *what, *state;
	int overdue;
	int64_t due_at, created_at;
};

/* A complaint of the period tagged as carrying an idea. */
struct report_idea {
	const char *tracking_no, *category, *object_name, *object_ref, *content;
	int64_t created_at;
};

/* Each calls fn for every row (a non-zero return stops it and is
 * returned); reader or writer. The clocks, status changes, escalations
 * and callbacks are those of complaints neither invalid nor duplicate:
 * the performance figures leave those out. */
int store_report_complaints(struct store_conn *c, const struct report_filter *f,
			    int (*fn)(void *ctx, const struct report_row *r), void *ctx,
			    struct kesu_err *err);
int store_report_clocks(struct store_conn *c, const struct report_filter *f,
			int (*fn)(void *ctx, const struct report_clock *k), void *ctx,
			struct kesu_err *err);
int store_report_events(struct store_conn *c, const struct report_filter *f,
			int (*fn)(void *ctx, const struct report_event *e), void *ctx,
			struct kesu_err *err);
int store_report_compensations(struct store_conn *c, const struct report_filter *f,
			       int (*fn)(void *ctx, const struct report_comp *k), void *ctx,
			       struct kesu_err *err);
int store_report_callbacks(struct store_conn *c, const struct report_filter *f,
			   int (*fn)(void *ctx, const struct report_callback *k), void *ctx,
			   struct kesu_err *err);
int store_report_tasks(struct store_conn *c, const struct report_filter *f,
		       int (*fn)(void *ctx, const struct report_task *t), void *ctx,
		       struct kesu_err *err);
/* --- A team's agents, for their supervisors (sqlite_reports.c) ---------------
 * The same rows as the report's, of one team (f->team_id, required) and by
 * the complaint's assignee now: each read from an index of the team's
 * complaints of the period, of the period's resolutions (0022) or of its
 * callbacks, never by walking every complaint. */

/* An active member of the team, with the team's open complaints assigned
 * to them now. */
struct agent_row {
	int64_t id;
	const char *username, *display_name, *role; /* display_name may be NULL */
	int on_duty;
	int64_t open;
};
int store_team_agents(struct store_conn *c, int64_t team_id, struct arena *a,
		      struct agent_row **items, int *n, struct kesu_err *err);
/* Each complaint of the team registered in the period and assigned now:
 * on_complaint (counted: not judged invalid or duplicate), then, for a
 * counted one, on_clock for each of its clocks (assignee_id set). */
int store_agent_complaints(struct store_conn *c, const struct report_filter *f,
			   int (*on_complaint)(void *ctx, int64_t assignee_id, int counted),
			   int (*on_clock)(void *ctx, const struct report_clock *k), void *ctx,
			   struct kesu_err *err);
/* Each resolution in the period of a counted complaint of the team now
 * assigned: its complaint, registration, time, and assignee. */
struct agent_resolution {
	int64_t complaint_id, created_at, at, assignee_id;
};
int store_agent_resolutions(struct store_conn *c, const struct report_filter *f,
			    int (*fn)(void *ctx, const struct agent_resolution *r), void *ctx,
			    struct kesu_err *err);
/* Each callback in the period with a satisfaction (1-5) of a counted
 * complaint of the team now assigned. */
int store_agent_ratings(struct store_conn *c, const struct report_filter *f,
			int (*fn)(void *ctx, int64_t assignee_id, int satisfaction), void *ctx,
			struct kesu_err *err);

/* The period's complaints tagged idea, oldest first, at most limit. */
int store_report_ideas(struct store_conn *c, const struct report_filter *f, int limit,
		       int (*fn)(void *ctx, const struct report_idea *k), void *ctx,
		       struct kesu_err *err);
/* Key customers among the complainants of the period's complaints. */
int store_report_key_customers(struct store_conn *c, const struct report_filter *f,
			       int64_t *n, struct kesu_err *err);

/* A regulator complaint with what the 12315 ODR platform asks for. */
struct odr_row {
	int64_t id, received_at, resolved_at, due_at; /* 0: none */
	const char *tracking_no, *status, *name, *object, *demand, *course, *means, *outcome;
	const char *clock_state; /* the negotiation clock's: running, met, breached... */
};
/* Reader. The regulator channel's complaints received in [from, to),
 * oldest first, at most limit. */
int store_odr_list(struct store_conn *c, int64_t from, int64_t to, int limit, struct arena *a,
		   struct odr_row **items, int *n, struct kesu_err *err);

/* Reports made on a schedule, kept whole. */
struct stored_report {
	int64_t id, period_from, period_to, size, created_at;
	const char *schedule, *format, *language, *filename, *content_type;
	const char *data; /* size bytes; NULL in lists */
};
/* KE_CONFLICT if the schedule's report of that period exists already. */
int store_report_insert(struct store_conn *c, struct stored_report *r, struct kesu_err *err);
/* 1 in *exists if the schedule has its report of the period from. */
int store_report_exists(struct store_conn *c, const char *schedule, int64_t from, int *exists,
			struct kesu_err *err);
/* KE_NOT_FOUND. data only when with_data. */
int store_report_get(struct store_conn *c, int64_t id, int with_data, struct arena *a,
		     struct stored_report *out, struct kesu_err *err);
/* Newest first, at most limit. */
int store_report_list(struct store_conn *c, int limit, struct arena *a,
		      struct stored_report **items, int *n, struct kesu_err *err);

/* --- The supervisors' dashboard (sqlite_dashboard.c) --------------------- */

#define DASH_CELLS 64
struct dashboard {
	struct dash_cell {
		const char *status;
		int level;
		int64_t n;
	} cells[DASH_CELLS]; /* complaints not closed, by state and level */
	int ncells;
	int64_t breached_today; /* complaints with a clock breached since day_start */
	int64_t late_open;	/* open complaints with a clock past due, not done */
	int64_t pending, pending_fen; /* compensation proposals awaiting approval */
	int64_t rated, rating_sum, satisfied; /* callbacks since week_start (4-5: satisfied) */
};
/* Reader. The figures of the teams of user teams_of (0: every team). */
int store_dashboard(struct store_conn *c, int64_t teams_of, int64_t day_start,
		    int64_t week_start, struct arena *a, struct dashboard *out,
		    struct kesu_err *err);

#endif
