/*
 * store.h - the one interface to kesu's data. All SQL lives behind it.
 *
 * A store is a data directory: the database, its secret key and lock. Reads
 * go through pooled reader connections; every write runs as a job on the
 * single writer connection. In `kesu serve` a writer thread runs jobs in
 * batches, each batch one transaction and one fsync (group commit); a job's
 * done() is called only after its batch is durable, so a 201 is never sent
 * for a complaint that a crash could lose.
 *
 * This file declares the store itself and the records of a complaint's
 * registration and workflow; the rest are declared by area in the
 * store_*.h headers it includes at its end. Callers include store.h alone.
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
/* Makes dir a node's directory for the PostgreSQL store at url
 * (postgresql://USER@HOST:PORT/DB): writes dir/store.conf and opens the
 * store as STORE_CREATE does (migrations). The first node makes the key
 * all nodes share; join (`kesu init --join`) makes another node of a
 * store that has one. Returns 0 or a negative code with err. */
int store_create_node(const char *dir, const char *url, int join, struct store **out,
		      struct kesu_err *err);
/* Copies the installation in from into to (`kesu store copy`): both open
 * at the same schema version, to freshly made. to's rows are replaced in
 * one transaction, its search indexes built again, and every table's rows
 * counted on both sides. *rows and *tables receive what was copied.
 * Returns 0, or a negative code with err (to is then unchanged). */
int store_copy(struct store *from, struct store *to, int64_t *rows, int *tables,
	       struct kesu_err *err);
/* Whether the store is PostgreSQL's (several nodes may share it). */
int store_is_shared(struct store *s);
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
/* The same key, from a connection of the store. */
const unsigned char *store_conn_secret(struct store_conn *c);

/* Takes the data directory's serve lock, so that two servers never share
 * it. Returns 0, or a negative code if another process holds it. */
int store_lock_serve(struct store *s, struct kesu_err *err);

/* Checks the database file and the search index against the complaints.
 * Returns 0 if both are sound; otherwise a negative code with err saying
 * what is wrong. *complaints and *events receive the row counts. */
int store_check(struct store *s, int64_t *complaints, int64_t *events,
		struct kesu_err *err);

/* --- Backups (sqlite_backup.c) ------------------------------------------- */

/* What a copy of the database holds, to compare a copy with its source. */
struct store_counts {
	int64_t complaints, events, attachments;
	int schema_version;
};

/* Copies the database of data directory dir into the database file at
 * dest (the caller made it, empty, with the mode it wants), from one
 * read snapshot, while a server may go on writing: *held receives the
 * counts that snapshot held. The copy is in rollback-journal mode, so that
 * it is one file. Nothing in dir changes. Returns 0, or a negative code
 * with err (dest is then left for the caller to remove). */
int store_backup_copy(const char *dir, const char *dest, struct store_counts *held,
		      struct kesu_err *err);
/* Checks the database file at path (SQLite's quick_check) and counts what
 * it holds into *found. Returns 0, or KE_IO with err saying what is
 * wrong. */
int store_backup_verify(const char *path, struct store_counts *found, struct kesu_err *err);

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
/* How many times work on c was undone (a job's or a batch's rollback, a
 * savepoint undone, the connection made again): what a job remembers of
 * the store beyond its transaction holds only while this is unchanged. */
unsigned store_undos(struct store_conn *c);

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

/* Second complaints (二次投诉). store_second_earlier: the newest complaint
 * of customer_id about object_ref registered before the instant (at, id),
 * leaving out invalid and duplicate ones; KE_NOT_FOUND if none.
 * store_second_later: the complaints that name id as second_of, oldest
 * first, at most limit. */
int store_second_earlier(struct store_conn *c, int64_t customer_id, const char *object_ref,
			 int64_t at, int64_t id, struct arena *a, struct complaint *out,
			 struct kesu_err *err);
int store_second_later(struct store_conn *c, int64_t id, int limit, struct arena *a,
		       struct complaint **items, int *n, struct kesu_err *err);
/* The duplicates merged into the complaint tracking_no (validity
 * duplicate, closed, duplicate_of naming it), oldest first, at most
 * limit. */
int store_merged_into(struct store_conn *c, const char *tracking_no, int limit, struct arena *a,
		      struct complaint **items, int *n, struct kesu_err *err);

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
	Q_SECOND,	/* open second complaints (二次投诉) */
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
	int level;			/* enum level + 1; 0: any */
	const char *customer_type;	/* the customer's type; NULL: any */
	int64_t assignee_id;		/* 0: any */
	int unassigned;			/* only those without an agent */
	int64_t customer_id;		/* 0: any */
	int64_t team_id;		/* 0: any */
	int64_t teams_of;		/* not 0: only the teams of this user */
	int64_t since_ms, until_ms;	/* 0: open */
	const char *fts;		/* search text (already checked), or NULL */
	int has_cursor;
	int64_t cursor_created, cursor_id;
	int limit;
};
/* Before a search: if the search index lags behind the complaints (it is
 * written in chunks under load), has the writer index what waits, so that
 * a search finds every complaint acknowledged before it. reader is the
 * caller's read connection. Returns 0 or a negative code. */
int store_search_settle(struct store *s, struct store_conn *reader, struct kesu_err *err);
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

/* --- Saved views (sqlite_saved_views.c) ---------------------------------- */

/* The views one person may keep for themself. */
#define SAVED_VIEWS_MAX 50

struct saved_view {
	int64_t id;
	const char *name;
	const char *scope;	/* "mine" or "team" */
	int64_t owner_id;	/* who made it */
	int64_t team_id;	/* a team view's team; 0 for mine */
	const char *filters;	/* the checked JSON object */
	int64_t created_at;
};
/* Writer. Sets v->id. Returns 0 or a negative code. */
int store_view_insert(struct store_conn *c, struct saved_view *v, struct kesu_err *err);
/* KE_NOT_FOUND if absent. */
int store_view_get(struct store_conn *c, int64_t id, struct arena *a, struct saved_view *out,
		   struct kesu_err *err);
/* The views user_id sees: their own, and those of their teams; team views
 * first, then by name. *items in a. */
int store_view_list(struct store_conn *c, int64_t user_id, struct arena *a,
		    struct saved_view **items, int *n, struct kesu_err *err);
/* How many views user_id made. */
int store_view_count_mine(struct store_conn *c, int64_t user_id, int *n, struct kesu_err *err);
/* Writer. Its name and filters; KE_NOT_FOUND if absent. */
int store_view_update(struct store_conn *c, const struct saved_view *v, struct kesu_err *err);
/* Writer. KE_NOT_FOUND if absent. */
int store_view_delete(struct store_conn *c, int64_t id, struct kesu_err *err);

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

/* The compensation granted to a customer over all their complaints, or
 * waiting for approval, in fen; leaves out the proposal except_id (0: none). */
int store_customer_granted(struct store_conn *c, int64_t customer_id, int64_t except_id,
			   int64_t *fen, struct kesu_err *err);

/* --- The timeline (sqlite_events.c) -------------------------------------- */

struct event {
	int64_t id, complaint_id, at;
	const char *actor, *kind, *data; /* data: JSON text */
	/* read back only: the display name of the user who is the actor,
	 * NULL for others (customer, tokens, the system) or when unset */
	const char *actor_name;
};
int store_event_append(struct store_conn *c, struct event *e, struct kesu_err *err);
/* Reader or writer. *found = 1 if the complaint has an event of kind. */
int store_event_exists(struct store_conn *c, int64_t complaint_id, const char *kind, int *found,
		       struct kesu_err *err);
/* Reader. The newest event of the complaint whose data tells the customer
 * what is being done (a member "progress" that is an object); *found 0
 * when none. Its strings live in a. */
int store_event_progress_last(struct store_conn *c, int64_t complaint_id, struct arena *a,
			      struct event *e, int *found, struct kesu_err *err);
/* Reader. Events of a complaint with id > after_id, oldest first. */
int store_event_list(struct store_conn *c, int64_t complaint_id, int64_t after_id,
		     int limit, struct arena *a, struct event **items, int *n,
		     struct kesu_err *err);
/* Reader. The same, but stops after the event that brings the data read
 * to max_bytes or more (a page of the timeline costs what it may, however
 * large its events): *n may then be under limit with more to come. */
int store_event_page(struct store_conn *c, int64_t complaint_id, int64_t after_id,
		     int limit, size_t max_bytes, struct arena *a, struct event **items, int *n,
		     struct kesu_err *err);
/* Reader. The same for a complaint's timeline joined with those of the
 * duplicates merged into it (cp_id, whose tracking number is tracking_no):
 * one sequence by event id; from[i] is the tracking number of the
 * duplicate an event comes from, NULL for the complaint's own. */
int store_event_page_joined(struct store_conn *c, int64_t cp_id, const char *tracking_no,
			    int64_t after_id, int limit, size_t max_bytes, struct arena *a,
			    struct event **items, const char ***from, int *n,
			    struct kesu_err *err);

/* One event as the live stream tells it: which complaint, whose team. */
struct event_feed {
	int64_t id;
	char tracking_no[32];
	int64_t team_id; /* 0: none */
	char kind[32];
};
/* Reader. The events after after_id, oldest first, at most limit, into
 * out (the caller's array); *n how many. */
int store_event_feed(struct store_conn *c, int64_t after_id, int limit, struct event_feed *out,
		     int *n, struct kesu_err *err);
/* Reader. The newest event's id (0: none) in *id. */
int store_event_max(struct store_conn *c, int64_t *id, struct kesu_err *err);

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
/* The same when the caller needs no id (o->id is left as it was): on
 * PostgreSQL it costs no round trip of its own (sql_step_later). */
int store_outbox_add(struct store_conn *c, const struct outbox_item *o, struct kesu_err *err);
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

/* --- The staff's inbox (sqlite_inbox.c) ---------------------------------- */

/* Whose inbox: a user, by id, role name and whether bound to teams. */
struct inbox_who {
	int64_t user_id;
	const char *role; /* "supervisor" */
	int all_teams;	  /* role-and-team notices of every team reach them */
};
/* One workspace notice addressed to the user: by "user:<id>"; as the
 * assignee of the complaint, open, now ("...;assignee"); by their role, of a team they
 * are a member of (any team with all_teams), "role:<r>;team:<t>"; or to the
 * members of a team, "team:<t>". */
struct inbox_item {
	int64_t id, complaint_id, created_at;
	const char *kind, *tracking_no, *data;
	int read;
};
/* The user's items with ids below before_id (0: from the newest), newest
 * first, up to limit; only the unread with unread_only. */
int store_inbox_list(struct store_conn *c, const struct inbox_who *w, int64_t before_id,
		     int unread_only, int limit, struct arena *a, struct inbox_item **items,
		     int *n, struct kesu_err *err);
int store_inbox_unread(struct store_conn *c, const struct inbox_who *w, int64_t *n,
		       struct kesu_err *err);
/* Marks item id read for the user; KE_NOT_FOUND when it is not one of
 * theirs. */
int store_inbox_read(struct store_conn *c, const struct inbox_who *w, int64_t id,
		     struct kesu_err *err);
/* Marks every item up to the newest notice read; *upto receives its id. */
int store_inbox_read_all(struct store_conn *c, const struct inbox_who *w, int64_t *upto,
			 struct kesu_err *err);

/* --- Settings (sqlite_settings.c) ---------------------------------------- */

/* Settings kept as JSON text under a key (calendar, sla). get: NULL in
 * *text if never set. */
int store_setting_get(struct store_conn *c, const char *key, struct arena *a,
		      const char **text, struct kesu_err *err);
int store_setting_put(struct store_conn *c, const char *key, const char *text,
		      struct kesu_err *err);

/* The records of handling, staff, channels, reports and the knowledge
 * base, each in a header of its own. */
#include "store_handling.h"
#include "store_staff.h"
#include "store_channels.h"
#include "store_reports.h"
#include "store_knowledge.h"
#include "store_reviews.h"
#include "store_incidents.h"
#include "store_readings.h"
#include "store_actions.h"
#include "store_lessons.h"
#include "store_checklists.h"
#include "store_thanks.h"
#include "store_orders.h"
#include "store_nodes.h"

#endif
