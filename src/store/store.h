/*
 * store.h - the one interface to kesu's data. All SQL lives behind it.
 *
 * A store is a data directory: the database, its secret key and lock. Reads
 * go through pooled reader connections; every write runs as a job on the
 * single writer connection. In `kesu serve` a writer thread runs jobs in
 * batches, each batch one transaction and one fsync (group commit); a job's
 * done() is called only after its batch is durable, so a 201 is never sent
 * for a complaint that a crash could lose.
 */
#ifndef KESU_STORE_H
#define KESU_STORE_H

#include <stdint.h>

#include "../core/complaint.h"
#include "../core/customer.h"
#include "../util/arena.h"
#include "../util/err.h"
#include "../util/ids.h"

struct store;
struct store_conn;

/* --- The data directory (sqlite_open.c) ---------------------------------- */

enum store_mode {
	STORE_CREATE,	/* kesu init: create the directory or upgrade it */
	STORE_EXISTING, /* kesu serve: must exist with the current schema */
};

/* Opens the data directory. On error returns a negative code with err saying
 * what is wrong with the directory, and *out is NULL. */
int store_open(const char *dir, enum store_mode mode, struct store **out,
	       struct kesu_err *err);
/* Stops the writer (after its queue drains), closes every connection. */
void store_close(struct store *s);

/* The schema version of the database, and the number of migrations the last
 * store_open applied. */
int store_schema_version(struct store *s);
int store_migrations_applied(struct store *s);

/* Sets the writer's page cache (KiB): bulk commands use more than the
 * server's default of 8 MiB. */
void store_set_writer_cache(struct store *s, int kib);

/* The data directory's secret key (portal token derivation). */
const unsigned char *store_secret_key(struct store *s);

/* Takes the data directory's serve lock, so that two servers never share
 * it. Returns 0, or a negative code if another process holds it. */
int store_lock_serve(struct store *s, struct kesu_err *err);

/* Checks the database file and the search index against the complaints.
 * Returns 0 if both are sound; otherwise a negative code with err saying
 * what is wrong. *complaints and *events receive the row counts. */
int store_check(struct store *s, int64_t *complaints, int64_t *events,
		struct kesu_err *err);

/* --- Reading (sqlite.c) -------------------------------------------------- */

/* Borrows a reader connection (opening one if none is free); give it back
 * with store_reader_put. NULL with err set if the database cannot be
 * opened. */
struct store_conn *store_reader_get(struct store *s, struct kesu_err *err);
void store_reader_put(struct store_conn *c);

/* 0 if the database answers a trivial query. */
int store_ping(struct store_conn *c, struct kesu_err *err);

/* --- Writing: group commit (sqlite_writer.c), savepoints (sqlite.c) ------ */

struct store_job {
	/* Runs inside a transaction (under a savepoint of its own). Returns 0
	 * or a negative code with err filled; a failure undoes only this
	 * job's changes. */
	int (*run)(struct store_conn *c, struct store_job *job);
	/* Called once the outcome is final: rc is 0 only if the job's
	 * changes are durable. Called on the writer thread. */
	void (*done)(struct store_job *job);
	int rc;
	struct kesu_err err;
	void *ctx; /* the submitter's */
	struct store_job *next;
};

/* Starts the group-commit writer thread. Returns 0 or -1. */
int store_writer_start(struct store *s);
/* Queues a job for the writer thread; done() follows. If the writer is
 * stopping, done() is called at once with KE_UNAVAILABLE. */
void store_submit(struct store *s, struct store_job *job);
/* Queues job for the writer thread and waits until it is final (not from
 * the writer thread itself). Returns the job's rc. */
int store_submit_wait(struct store *s, struct store_job *job);
/* fn(arg) is called on the writer thread after each commit that wrote a
 * notice to the outbox or queued a delivery again (the sender's wake-up).
 * Set it before the writer starts work that matters; NULL removes it. */
void store_set_commit_hook(struct store *s, void (*fn)(void *arg), void *arg);
/* Runs one job in its own transaction on the calling thread (for commands
 * that run without the writer thread), then calls done() if set. Returns
 * the job's rc. */
int store_run(struct store *s, struct store_job *job);

/* A named savepoint inside a job, for a part that may fail on its own:
 * undo rolls back to it (and releases it), release keeps what it did.
 * Names are fixed words of the caller ([a-z_]). */
int store_savepoint(struct store_conn *c, const char *name, struct kesu_err *err);
int store_savepoint_release(struct store_conn *c, const char *name, struct kesu_err *err);
int store_savepoint_undo(struct store_conn *c, const char *name, struct kesu_err *err);

/* The records below are read and written inside jobs (on the writer), or on
 * readers where noted. */

/* --- Complaints (sqlite_complaints.c) ------------------------------------ */

/* Next sequence number of a local day ("261123") for tracking numbers. */
int store_tracking_next(struct store_conn *c, const char *yymmdd, int64_t *seq,
			struct kesu_err *err);

/* Inserts c (tracking_no, portal fields, times, version set by the caller),
 * indexes it for search, counts it for its customer and sets c->id. */
int store_complaint_insert(struct store_conn *c, struct complaint *cp,
			   struct kesu_err *err);
/* Reader or writer. tracking_no is used when id is 0. KE_NOT_FOUND. */
int store_complaint_get(struct store_conn *c, int64_t id, const char *tracking_no,
			struct arena *a, struct complaint *out, struct kesu_err *err);
/* Writes after over before (same id), bumps version and updated_at as set
 * in after, re-indexes if reindex, and moves the complaint's count if its
 * customer changed. */
int store_complaint_update(struct store_conn *c, const struct complaint *before,
			   const struct complaint *after, int reindex,
			   struct kesu_err *err);
int store_complaint_count(struct store_conn *c, int64_t *n, struct kesu_err *err);

/* How many complaints have cause key. */
int store_cause_uses(struct store_conn *c, const char *key, int64_t *n, struct kesu_err *err);

/* Idempotency keys: the complaint a key already created, with the hash of
 * the request that created it. KE_NOT_FOUND if the key is new. */
int store_idem_get(struct store_conn *c, const char *principal, const char *key,
		   unsigned char hash[32], int64_t *complaint_id, struct kesu_err *err);
int store_idem_put(struct store_conn *c, const char *principal, const char *key,
		   const unsigned char hash[32], int64_t complaint_id, int64_t now_ms,
		   struct kesu_err *err);

/* --- Lists, queues and search (sqlite_queues.c) -------------------------- */

/* The agents' queues (complaints not closed, unless said otherwise). */
/* The queues, in the order of en_queue (core/enums.c). */
enum complaint_queue {
	Q_ALL,	      /* no queue: every complaint, closed ones too */
	Q_MINE,	      /* assigned to the caller (user_id) */
	Q_TEAM,	      /* in one of the caller's teams */
	Q_UNASSIGNED, /* nobody's yet */
	Q_DUE_SOON,   /* a running clock is in its warning time (now_ms) */
	Q_BREACHED,   /* a clock is past due, its step not done */
	Q_ESCALATED,  /* above the front line */
	Q_APPROVAL,   /* a compensation waits for approval */
	Q_FOLLOW_UP,  /* resolved, the follow-up still to do */
	Q_APPOINTMENTS, /* an appointment with the customer was missed */
	Q__COUNT
};
/* The orders, in the order of en_sort. */
enum complaint_sort {
	SORT_NEWEST, /* by (created_at, id), newest first */
	SORT_OLDEST,
	SORT_DUE, /* running deadlines first, soonest first; then the rest, newest first */
	SORT__COUNT
};

struct complaint_filter {
	int queue, sort;     /* enum complaint_queue, enum complaint_sort */
	int64_t user_id;     /* the caller, for Q_MINE and Q_TEAM */
	int64_t now_ms;	     /* for Q_DUE_SOON */
	int due_rest;	     /* SORT_DUE: the cursor is past the deadlines */
	int64_t cursor_due;  /* SORT_DUE: the last deadline of the page before */
	const char *status, *channel, *severity, *category;
	int64_t customer_id;		/* 0: any */
	int64_t team_id;		/* 0: any */
	int64_t teams_of;		/* not 0: only the teams of this user */
	int64_t since_ms, until_ms;	/* 0: open */
	const char *fts;		/* search text (already checked), or NULL */
	int has_cursor;
	int64_t cursor_created, cursor_id;
	int limit;
};
/* Reader. In f->sort order without search (see enum complaint_sort), by
 * id, newest first, with it. Returns up to f->limit items in *items
 * (allocated in a), *more set if a further page exists. Each item's due_at
 * is its next deadline (0: none). */
int store_complaint_list(struct store_conn *c, const struct complaint_filter *f,
			 struct arena *a, struct complaint **items, int *n, int *more,
			 struct kesu_err *err);
/* Reader. How many complaints match f (its cursor, sort and limit aside),
 * counting no further than cap: *n is cap + 1 when there are more. */
int store_complaint_count_upto(struct store_conn *c, const struct complaint_filter *f,
			       int cap, int *n, struct kesu_err *err);

/* Builds the search expression for q: each space-separated term is a
 * phrase; all must match. NULL with KE_INVALID_VALUE if q has nothing
 * searchable. */
const char *store_search_expr(const char *q, struct arena *a, struct kesu_err *err);

/* --- Customers (sqlite_customers.c) -------------------------------------- */

/* By phone key first, then email key; KE_NOT_FOUND. */
int store_customer_find(struct store_conn *c, const char *phone_key,
			const char *email_key, struct arena *a, struct customer *out,
			struct kesu_err *err);
int store_customer_insert(struct store_conn *c, struct customer *cu,
			  struct kesu_err *err);
/* Fills the customer's empty contact fields from cu where the keys are free. */
int store_customer_fill(struct store_conn *c, const struct customer *cur,
			const struct customer *from, int64_t now_ms,
			struct kesu_err *err);
/* Reader or writer. Whether staff of these teams may see customer id: when
 * one of its complaints is in one of the teams, or it has no complaint yet. */
int store_customer_seen_by(struct store_conn *c, int64_t id, const int64_t *teams, int nteams,
			   int *seen, struct kesu_err *err);
/* Reader or writer. KE_NOT_FOUND. */
int store_customer_get(struct store_conn *c, int64_t id, struct arena *a,
		       struct customer *out, struct kesu_err *err);
struct customer_filter {
	const char *phone_key, *email_key;
	int64_t cursor_id; /* 0: from the newest */
	int limit;
};
int store_customer_list(struct store_conn *c, const struct customer_filter *f,
			struct arena *a, struct customer **items, int *n, int *more,
			struct kesu_err *err);
/* The customer's complaints, newest first. */
int store_customer_complaints(struct store_conn *c, int64_t customer_id, int limit,
			      struct arena *a, struct complaint **items, int *n,
			      struct kesu_err *err);

/* How many complaints the customer made at or after since, counting no
 * further than cap (the scan is bounded, whatever the customer's history). */
int store_customer_complaints_since(struct store_conn *c, int64_t customer_id, int64_t since,
				    int cap, int64_t *n, struct kesu_err *err);

/* Key customers (重点客户档案): returns 1 if the customer became one now,
 * 0 if they were one already, or a negative code. */
int store_customer_set_key(struct store_conn *c, int64_t id, struct kesu_err *err);

/* Sets a customer's type and concession cap (-1: none). */
int store_customer_set_type(struct store_conn *c, int64_t id, const char *type, int64_t cap,
			    int64_t now, struct kesu_err *err);

/* The compensation granted to a customer over all their complaints. */
int store_customer_granted(struct store_conn *c, int64_t customer_id, int64_t *fen,
			   struct kesu_err *err);

/* --- The timeline (sqlite_events.c) -------------------------------------- */

struct event {
	int64_t id, complaint_id, at;
	const char *actor, *kind, *data; /* data: JSON text */
};
int store_event_append(struct store_conn *c, struct event *e, struct kesu_err *err);
/* Reader. Events of a complaint with id > after_id, oldest first. */
int store_event_list(struct store_conn *c, int64_t complaint_id, int64_t after_id,
		     int limit, struct arena *a, struct event **items, int *n,
		     struct kesu_err *err);

/* --- Clocks (sqlite_clocks.c) -------------------------------------------- */

struct clock_row {
	int64_t complaint_id;
	const char *kind;  /* acknowledge, first_response, ... */
	const char *state; /* running, paused, met, breached */
	int64_t started_at, target_ms;
	int working;
	int64_t due_at, warn_at; /* 0: none */
	int warned;
	int64_t remaining_ms;	 /* while paused */
	int64_t next_at;	 /* 0: nothing to do (not running, or warned and ... ) */
	int64_t done_at;
	int64_t used_ms; /* the time it took, once met (late ones too); 0: not yet */
};
#define CLOCKS_MAX 8 /* clocks of one complaint: one per kind */
/* Writes the n clocks of a complaint, replacing those it had. */
int store_clocks_put(struct store_conn *c, int64_t complaint_id, const struct clock_row *k,
		     int n, struct kesu_err *err);
/* Up to limit ids of complaints not closed that have no clock, lowest
 * first. */
int store_complaints_without_clocks(struct store_conn *c, int limit, int64_t *ids, int *n,
				    struct kesu_err *err);
/* Reader or writer. The clocks of a complaint (at most CLOCKS_MAX), in the
 * order they were started. */
int store_clocks_of(struct store_conn *c, int64_t complaint_id, struct arena *a,
		    struct clock_row **items, int *n, struct kesu_err *err);
/* Up to limit complaints with a clock to act on by now (next_at <= now),
 * earliest first. */
int store_clocks_due(struct store_conn *c, int64_t now, int limit, int64_t *ids, int *n,
		     struct kesu_err *err);

/* --- The notification outbox (sqlite_outbox.c) --------------------------- */

struct outbox_item {
	int64_t id, complaint_id, created_at;
	const char *audience; /* customer, staff */
	const char *kind;     /* acknowledged, progress, ..., clock_warning, escalated */
	const char *channel;  /* sms, email, none (customer); workspace (staff) */
	const char *recipient, *language, *data, *state;
};
int store_outbox_put(struct store_conn *c, struct outbox_item *o, struct kesu_err *err);
/* Reader. Of one complaint (or all with 0), ids above after_id, oldest first. */
int store_outbox_list(struct store_conn *c, int64_t complaint_id, int64_t after_id, int limit,
		      struct arena *a, struct outbox_item **items, int *n, struct kesu_err *err);

/* Up to limit notices not yet handed to the sender (state pending), oldest
 * first. */
int store_outbox_pending(struct store_conn *c, int limit, struct arena *a,
			 struct outbox_item **items, int *n, struct kesu_err *err);
/* KE_NOT_FOUND. */
int store_outbox_get(struct store_conn *c, int64_t id, struct arena *a, struct outbox_item *out,
		     struct kesu_err *err);
/* Marks every pending notice internal, in one statement (no channel is
 * set up, so there is nothing to send); *n receives how many. */
int store_outbox_all_internal(struct store_conn *c, int *n, struct kesu_err *err);
/* dispatched (deliveries made), or internal (nothing to send). */
int store_outbox_set_state(struct store_conn *c, int64_t id, const char *state,
			   struct kesu_err *err);

/* --- Settings (sqlite_settings.c) ---------------------------------------- */

/* Settings kept as JSON text under a key (calendar, sla). get: NULL in
 * *text if never set. */
int store_setting_get(struct store_conn *c, const char *key, struct arena *a,
		      const char **text, struct kesu_err *err);
int store_setting_put(struct store_conn *c, const char *key, const char *text,
		      struct kesu_err *err);

/* --- Compensation (sqlite_compensations.c) ------------------------------- */

struct compensation {
	int64_t id, complaint_id, amount_fen;
	const char *type, *note, *state, *decision_reason, *idem_key;
	int64_t proposed_by, proposed_at, decided_by, decided_at;
	const char *proposer, *decider; /* user names, filled by reads */
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
 * per type, through fn. */
int store_compensation_totals(struct store_conn *c, int64_t since, int64_t until,
			      void (*fn)(void *ctx, const char *type, int64_t count, int64_t fen),
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
};
int store_callback_insert(struct store_conn *c, struct callback_rec *k, struct kesu_err *err);
int store_callbacks_of(struct store_conn *c, int64_t complaint_id, struct arena *a,
		       struct callback_rec **items, int *n, struct kesu_err *err);

/* --- Staff accounts and roles (sqlite_users.c) --------------------------- */

#define USER_TEAMS_MAX 16
#define LOGIN_LOCK_AFTER 10		   /* consecutive failures lock an account */
#define LOGIN_LOCK_MS (15 * 60 * 1000)	   /* for this long, or until an admin unlocks */

struct user {
	int64_t id;
	const char *username, *display_name, *email, *role;
	const char *password_hash; /* filled only by store_user_get */
	const char *limits;	   /* JSON object or NULL */
	int totp_enabled;
	int has_totp_sealed;
	unsigned char totp_sealed[64];
	int64_t totp_last_step;
	int64_t disabled_at; /* 0: active */
	int64_t failed_logins, locked_until;
	int64_t password_changed_at, created_at, updated_at;
	int64_t teams[USER_TEAMS_MAX];
	int nteams;
};

/* Inserts u (everything but id and teams) and sets u->id. KE_CONFLICT if
 * the user name is taken. */
int store_user_insert(struct store_conn *c, struct user *u, struct kesu_err *err);
/* Reader or writer. By id, or by username when id is 0. KE_NOT_FOUND. */
int store_user_get(struct store_conn *c, int64_t id, const char *username,
		   struct arena *a, struct user *out, struct kesu_err *err);
/* Every user, by id (staff lists are small). */
int store_user_list(struct store_conn *c, struct arena *a, struct user **items, int *n,
		    struct kesu_err *err);
int store_user_count(struct store_conn *c, int64_t *n, struct kesu_err *err);
/* Reader or writer. The ids of the user's teams (up to USER_TEAMS_MAX). */
int store_user_teams(struct store_conn *c, int64_t user_id, int64_t *teams, int *n,
		     struct kesu_err *err);
/* Writes display_name, email, role, limits, disabled_at, updated_at. */
int store_user_update(struct store_conn *c, const struct user *u, struct kesu_err *err);
/* Replaces the user's teams with u->teams. KE_NOT_FOUND names a team that
 * does not exist. */
int store_user_set_teams(struct store_conn *c, const struct user *u, struct kesu_err *err);
/* Sets a new password hash, clears the lock and revokes every session. */
int store_user_set_password(struct store_conn *c, int64_t id, const char *hash,
			    int64_t now_ms, struct kesu_err *err);
/* Records a login attempt: success clears the failure count (and, if
 * totp_step is not 0, remembers the step used); failure counts and locks
 * the account for LOGIN_LOCK_MS after LOGIN_LOCK_AFTER in a row.
 * *locked_until receives the lock's end (0 if none). */
int store_user_login_result(struct store_conn *c, int64_t id, int ok, int64_t totp_step,
			    int64_t now_ms, int64_t *locked_until, struct kesu_err *err);
int store_user_unlock(struct store_conn *c, int64_t id, int64_t now_ms,
		      struct kesu_err *err);
/* Stores a sealed second-factor secret (sealed NULL removes it); enabled
 * says whether login asks for it. */
int store_user_set_totp(struct store_conn *c, int64_t id, const unsigned char *sealed,
			size_t len, int enabled, int64_t now_ms, struct kesu_err *err);

/* Per-role settings (admin-edited). */
int store_role_get(struct store_conn *c, const char *role, struct arena *a,
		   int *require_totp, const char **limits, struct kesu_err *err);
int store_role_put(struct store_conn *c, const char *role, int require_totp,
		   const char *limits, struct kesu_err *err);

/* The e-mail addresses of enabled accounts of a role, through fn. */
int store_role_emails(struct store_conn *c, const char *role,
		      void (*fn)(void *ctx, const char *email), void *ctx, struct kesu_err *err);

/* --- Teams (sqlite_teams.c) ---------------------------------------------- */

struct team {
	int64_t id;
	const char *name;
	int64_t created_at;
	int members;
};
int store_team_insert(struct store_conn *c, struct team *t, struct kesu_err *err);
int store_team_get(struct store_conn *c, int64_t id, const char *name, struct arena *a,
		   struct team *out, struct kesu_err *err);
int store_team_list(struct store_conn *c, struct arena *a, struct team **items, int *n,
		    struct kesu_err *err);
int store_team_rename(struct store_conn *c, int64_t id, const char *name,
		      struct kesu_err *err);
/* The team a complaint goes to when nothing else decides (kesu init makes
 * it). 0 if none. */
int store_default_team(struct store_conn *c, int64_t *id, struct kesu_err *err);

/* --- API tokens (sqlite_tokens.c), browser sessions (sqlite_sessions.c) -- */

/* Who a credential belongs to, as found by a lookup. */
struct credential {
	int64_t token_id, session_id, user_id;
	char username[64];
	char role[16];
	char scope[8];	/* tokens: read, write, admin */
	char stage[16]; /* sessions: full, totp_setup */
	int64_t last_seen_at, created_at, expires_at;
};

int store_token_insert(struct store_conn *c, int64_t user_id, const char *name,
		       const char *scope, const unsigned char hash[TOKEN_HASH_LEN],
		       int64_t now_ms, int64_t expires_ms, int64_t *id, struct kesu_err *err);
/* Reader or writer. KE_UNAUTHORIZED unless a live token of an active user
 * has that hash. */
int store_token_lookup(struct store_conn *c, const unsigned char hash[TOKEN_HASH_LEN],
		       int64_t now_ms, struct credential *out, struct kesu_err *err);
int store_token_count(struct store_conn *c, int64_t *n, struct kesu_err *err);
struct token_info {
	int64_t id, user_id, created_at, expires_at, revoked_at;
	const char *name, *scope, *username;
};
/* Tokens of one user (user_id) or of all (0), newest first. */
int store_token_list(struct store_conn *c, int64_t user_id, struct arena *a,
		     struct token_info **items, int *n, struct kesu_err *err);
int store_token_get(struct store_conn *c, int64_t id, struct arena *a,
		    struct token_info *out, struct kesu_err *err);
int store_token_revoke(struct store_conn *c, int64_t id, int64_t now_ms,
		       struct kesu_err *err);
/* Gives tokens without an owner (made before staff accounts) to user_id. */
int store_token_adopt(struct store_conn *c, int64_t user_id, int *n, struct kesu_err *err);

int store_session_insert(struct store_conn *c, int64_t user_id,
			 const unsigned char hash[TOKEN_HASH_LEN], const char *stage,
			 int64_t now_ms, int64_t expires_ms, const char *address,
			 int64_t *id, struct kesu_err *err);
/* Reader or writer. KE_UNAUTHORIZED unless the session is live: not
 * revoked, not past expires_at, seen within idle_ms, user active. */
int store_session_lookup(struct store_conn *c, const unsigned char hash[TOKEN_HASH_LEN],
			 int64_t now_ms, int64_t idle_ms, struct credential *out,
			 struct kesu_err *err);
int store_session_touch(struct store_conn *c, int64_t id, int64_t now_ms,
			struct kesu_err *err);
int store_session_set_stage(struct store_conn *c, int64_t id, const char *stage,
			    struct kesu_err *err);
/* Revokes one session (id) or every session of a user (id 0). */
int store_session_revoke(struct store_conn *c, int64_t id, int64_t user_id,
			 int64_t now_ms, struct kesu_err *err);

/* --- The security log and the hash chains (sqlite_audit.c) --------------- */

struct security_event {
	int64_t id, at;
	const char *actor;   /* user name, or "anonymous" */
	const char *kind;    /* login_failed, pii_revealed, user_updated, ... */
	const char *address; /* client address, or NULL */
	const char *target;  /* "user:3", "complaint:12", or NULL */
	const char *data;    /* JSON text */
};
int store_security_append(struct store_conn *c, struct security_event *e,
			  struct kesu_err *err);
/* Reader. Newest first, ids below before_id (0: from the newest); kind
 * NULL for all. */
int store_security_list(struct store_conn *c, const char *kind, int64_t before_id,
			int limit, struct arena *a, struct security_event **items, int *n,
			struct kesu_err *err);

struct audit_report {
	const char *chain;  /* "events" or "security_events" */
	int64_t records;    /* records checked */
	int64_t bad_id;     /* first altered or missing record; 0 if sound */
	char problem[160];  /* what is wrong with it */
	unsigned char head[32]; /* hash of the last record */
};
/* Walks both chains from the start. Returns 0 when it could read them
 * (sound or not: see bad_id), or a negative code. */
int store_audit_verify(struct store *s, struct audit_report out[2], struct kesu_err *err);

/* --- Deliveries (sqlite_deliveries.c) ------------------------------------ */

struct delivery {
	int64_t id, outbox_id, complaint_id, webhook_id; /* webhook_id 0: not a webhook */
	const char *kind;      /* email, sms, webhook */
	const char *recipient; /* address, phone number or URL */
	const char *state;     /* queued, sending, sent, dead */
	int attempts;
	int64_t next_at, last_attempt_at, accepted_at, created_at; /* 0: none */
	const char *last_error, *accepted_reply, *message_id;
};
int store_delivery_insert(struct store_conn *c, struct delivery *d, struct kesu_err *err);
/* Up to limit queued deliveries of kind due by now, earliest first. */
int store_deliveries_due(struct store_conn *c, const char *kind, int64_t now, int limit,
			 struct arena *a, struct delivery **items, int *n, struct kesu_err *err);
/* queued -> sending, one attempt more. KE_CONFLICT if it was not queued. */
int store_delivery_claim(struct store_conn *c, int64_t id, int64_t now, struct kesu_err *err);
/* Writes the outcome of an attempt: state, attempts, next_at, last_error,
 * accepted_at and accepted_reply of d. Only a delivery in sending changes
 * (KE_CONFLICT otherwise): an accepted one is never made queued again. */
int store_delivery_finish(struct store_conn *c, const struct delivery *d, struct kesu_err *err);
/* Deliveries left in sending by a stop go back to queued, due now: the
 * relay may or may not have taken them (at least once). */
int store_deliveries_recover(struct store_conn *c, int64_t now, int *n, struct kesu_err *err);
/* Reader or writer. KE_NOT_FOUND. */
int store_delivery_get(struct store_conn *c, int64_t id, struct arena *a, struct delivery *out,
		       struct kesu_err *err);
struct delivery_filter {
	const char *state;    /* NULL: any */
	int64_t complaint_id; /* 0: any */
	int64_t outbox_id;    /* 0: any */
	int64_t before_id;    /* 0: from the newest */
	int limit;
};
/* Reader. Newest first. */
int store_delivery_list(struct store_conn *c, const struct delivery_filter *f, struct arena *a,
			struct delivery **items, int *n, int *more, struct kesu_err *err);
/* dead -> queued now, with its attempts counted from zero. KE_CONFLICT if
 * it is not dead (a sent one is never sent again), KE_NOT_FOUND. */
int store_delivery_requeue(struct store_conn *c, int64_t id, int64_t now, struct kesu_err *err);

/* --- Webhooks (sqlite_webhooks.c) ---------------------------------------- */

struct webhook {
	int64_t id;
	const char *url, *description;
	const char *events; /* JSON array of notice kinds, or ["*"] */
	const unsigned char *secret; /* sealed */
	int secret_len;
	int active;
	int64_t created_at, updated_at;
};
int store_webhook_insert(struct store_conn *c, struct webhook *w, struct kesu_err *err);
/* Writes url, description, events, active, updated_at (and the secret when
 * secret is not NULL). KE_NOT_FOUND. */
int store_webhook_update(struct store_conn *c, const struct webhook *w, struct kesu_err *err);
int store_webhook_delete(struct store_conn *c, int64_t id, struct kesu_err *err);
/* Reader or writer. KE_NOT_FOUND. */
int store_webhook_get(struct store_conn *c, int64_t id, struct arena *a, struct webhook *out,
		      struct kesu_err *err);
/* Every webhook (only the active ones if active_only), by id. */
int store_webhook_list(struct store_conn *c, int active_only, struct arena *a,
		       struct webhook **items, int *n, struct kesu_err *err);

/* --- Notice templates (sqlite_templates.c) ------------------------------- */

struct template_row {
	const char *kind, *language, *channel; /* channel: email, sms */
	const char *subject, *body, *updated_by;
	int64_t updated_at;
};
/* An administrator's template; KE_NOT_FOUND where the built-in one applies. */
int store_template_get(struct store_conn *c, const char *kind, const char *language,
		       const char *channel, struct arena *a, struct template_row *out,
		       struct kesu_err *err);
int store_template_put(struct store_conn *c, const struct template_row *t, struct kesu_err *err);
/* Back to the built-in one; KE_NOT_FOUND if there was none. */
int store_template_delete(struct store_conn *c, const char *kind, const char *language,
			  const char *channel, struct kesu_err *err);
int store_template_list(struct store_conn *c, struct arena *a, struct template_row **items,
			int *n, struct kesu_err *err);

/* --- Sealed secrets (sqlite_secrets.c) ----------------------------------- */

/* Sealed secrets of the channels, by name. get: KE_NOT_FOUND. */
int store_secret_put(struct store_conn *c, const char *name, const unsigned char *sealed,
		     int len, int64_t now, struct kesu_err *err);
int store_secret_get(struct store_conn *c, const char *name, struct arena *a,
		     const unsigned char **sealed, int *len, struct kesu_err *err);
int store_secret_delete(struct store_conn *c, const char *name, struct kesu_err *err);
/* Names and when each was set, through fn. */
int store_secret_names(struct store_conn *c,
		       void (*fn)(void *ctx, const char *name, int64_t updated_at), void *ctx,
		       struct kesu_err *err);

/* --- Incoming mail (sqlite_mails.c) -------------------------------------- */

struct mail_row {
	int64_t id, received_at, complaint_id, size;
	unsigned char sha256[32];
	const char *message_id, *from_addr, *subject;
	const char *author;	 /* person, auto_reply, bounce, bulk, unknown */
	const char *disposition; /* created, reply, ignored, review, dismissed */
	const char *note;
	const char *raw; /* size bytes; NULL in lists */
};
/* KE_CONFLICT if a mail with the same bytes is stored already. */
int store_mail_insert(struct store_conn *c, struct mail_row *m, struct kesu_err *err);
/* The mail with these bytes; KE_NOT_FOUND. Without raw. */
int store_mail_by_hash(struct store_conn *c, const unsigned char sha256[32], struct arena *a,
		       struct mail_row *out, struct kesu_err *err);
/* Reader or writer. KE_NOT_FOUND. raw only when with_raw. */
int store_mail_get(struct store_conn *c, int64_t id, int with_raw, struct arena *a,
		   struct mail_row *out, struct kesu_err *err);
/* Reader. Newest first, of one disposition (NULL: any). */
int store_mail_list(struct store_conn *c, const char *disposition, int64_t before_id, int limit,
		    struct arena *a, struct mail_row **items, int *n, int *more,
		    struct kesu_err *err);
int store_mail_set(struct store_conn *c, int64_t id, const char *disposition,
		   int64_t complaint_id, const char *note, struct kesu_err *err);

/* --- Attachments (sqlite_attachments.c) ---------------------------------- */

struct attachment {
	int64_t id, complaint_id, mail_id, size, created_at;
	unsigned char sha256[32];
	const char *filename, *content_type, *declared_type;
	const char *source; /* email, staff, portal */
	const char *created_by;
	const unsigned char *data; /* size bytes; NULL in lists */
};
int store_attachment_insert(struct store_conn *c, struct attachment *t, struct kesu_err *err);
/* Reader or writer. KE_NOT_FOUND. data only when with_data. */
int store_attachment_get(struct store_conn *c, int64_t id, int with_data, struct arena *a,
			 struct attachment *out, struct kesu_err *err);
/* A complaint's attachments, oldest first, without their bytes. */
int store_attachments_of(struct store_conn *c, int64_t complaint_id, struct arena *a,
			 struct attachment **items, int *n, struct kesu_err *err);
/* How many a complaint has, and their bytes. */
int store_attachment_totals(struct store_conn *c, int64_t complaint_id, int *count,
			    int64_t *bytes, struct kesu_err *err);

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
};
/* A clock of a complaint registered in the period. */
struct report_clock {
	const char *severity, *kind, *state;
	int64_t target_ms, due_at, done_at, used_ms, remaining_ms;
	int working;
};
/* A status change or escalation in the period. */
struct report_event {
	int64_t complaint_id, at;
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

/* --- The knowledge base: scripts, guide, articles (sqlite_knowledge.c) ---- */

#define SCRIPTS_MAX 1000 /* scripts kept in all; lists are never paged */

/* A unified response script (统一应答口径) for one handling step. */
struct script {
	int64_t id;
	const char *category;	    /* the complaint category it is for; NULL: any */
	int step;		    /* 1..4 (src/knowledge/knowledge.h) */
	const char *responsibility; /* ours, customer, third_party; NULL: either */
	const char *customer_type;  /* the customer type it is for; NULL: any */
	const char *language, *title, *body;
	int position;		    /* order among the scripts of a step */
	int64_t version, created_at, updated_at;
	const char *created_by, *updated_by;
};
struct script_filter {
	const char *category; /* NULL: any; "": only those for any category */
	int step;	      /* 0: any */
	const char *language; /* NULL: any */
};
/* Reader or writer. Up to SCRIPTS_MAX, by step, language, generic ones
 * last, position and id. */
int store_script_list(struct store_conn *c, const struct script_filter *f, struct arena *a,
		      struct script **items, int *n, struct kesu_err *err);
/* Reader or writer. KE_NOT_FOUND. */
int store_script_get(struct store_conn *c, int64_t id, struct arena *a, struct script *out,
		     struct kesu_err *err);
/* Inserts s (every field but id) and sets s->id. */
int store_script_insert(struct store_conn *c, struct script *s, struct kesu_err *err);
/* Writes every field of s but id, created_at and created_by. KE_NOT_FOUND. */
int store_script_update(struct store_conn *c, const struct script *s, struct kesu_err *err);
int store_script_delete(struct store_conn *c, int64_t id, struct kesu_err *err);
int store_script_count(struct store_conn *c, int64_t *n, struct kesu_err *err);

/* The steps of guided handling a complaint has done: done[i] for step
 * i + 1, done_at 0 if not done. */
struct guide_done {
	int64_t done_at;
	const char *done_by;
};
#define GUIDE_STEPS 4
int store_guide_of(struct store_conn *c, int64_t complaint_id, struct arena *a,
		   struct guide_done done[GUIDE_STEPS], struct kesu_err *err);
/* Marks step done (at, by) or not done. */
int store_guide_set(struct store_conn *c, int64_t complaint_id, int step, int done, int64_t at,
		    const char *by, struct kesu_err *err);

/* A knowledge-base article. */
struct kb_article {
	int64_t id;
	const char *title, *body, *category, *language;
	const char *status;	 /* draft, published */
	int64_t from_complaint;	 /* the closed case it grew from; 0: none */
	int64_t version, created_at, updated_at;
	const char *created_by, *updated_by;
	const char *excerpt;	 /* lists only (body is NULL there) */
	int64_t rank;		 /* searches: the match's rank, for the cursor */
};
struct kb_filter {
	const char *fts;	/* a search expression (store_search_expr), or NULL */
	const char *category, *language, *status; /* NULL: any */
	int has_cursor;
	int64_t cursor_rank, cursor_id; /* after this one */
	int limit;
};
/* Reader. Without fts newest first, with fts best match first. */
int store_article_list(struct store_conn *c, const struct kb_filter *f, struct arena *a,
		       struct kb_article **items, int *n, int *more, struct kesu_err *err);
/* Reader or writer. KE_NOT_FOUND. */
int store_article_get(struct store_conn *c, int64_t id, struct arena *a,
		      struct kb_article *out, struct kesu_err *err);
/* Inserts k (every field but id) and sets k->id; the search index follows. */
int store_article_insert(struct store_conn *c, struct kb_article *k, struct kesu_err *err);
/* Writes title, body, category, language, status, version, updated_at and
 * updated_by. KE_NOT_FOUND. */
int store_article_update(struct store_conn *c, const struct kb_article *k,
			 struct kesu_err *err);
int store_article_delete(struct store_conn *c, int64_t id, struct kesu_err *err);

#endif
