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

/* --- Reading ----------------------------------------------------------- */

/* Borrows a reader connection (opening one if none is free); give it back
 * with store_reader_put. NULL with err set if the database cannot be
 * opened. */
struct store_conn *store_reader_get(struct store *s, struct kesu_err *err);
void store_reader_put(struct store_conn *c);

/* --- Writing ----------------------------------------------------------- */

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
/* Runs one job in its own transaction on the calling thread (for commands
 * that run without the writer thread), then calls done() if set. Returns
 * the job's rc. */
int store_run(struct store *s, struct store_job *job);

/* --- Records (inside jobs, or on readers where noted) ------------------ */

struct principal {
	int64_t token_id;
	char name[64];
	char scope[8];  /* read, write, admin */
	char actor[32]; /* as written in the timeline: "token:1" */
};

int store_token_insert(struct store_conn *c, const char *name, const char *scope,
		       const unsigned char hash[TOKEN_HASH_LEN], int64_t now_ms,
		       int64_t expires_ms, int64_t *id, struct kesu_err *err);
/* Reader or writer. KE_UNAUTHORIZED if no live token has that hash. */
int store_token_lookup(struct store_conn *c, const unsigned char hash[TOKEN_HASH_LEN],
		       int64_t now_ms, struct principal *p, struct kesu_err *err);
int store_token_count(struct store_conn *c, int64_t *n, struct kesu_err *err);

/* Next sequence number of a local day ("261123") for tracking numbers. */
int store_tracking_next(struct store_conn *c, const char *yymmdd, int64_t *seq,
			struct kesu_err *err);

/* Inserts c (tracking_no, portal fields, times, version set by the caller),
 * indexes it for search and sets c->id. */
int store_complaint_insert(struct store_conn *c, struct complaint *cp,
			   struct kesu_err *err);
/* Reader or writer. tracking_no is used when id is 0. KE_NOT_FOUND. */
int store_complaint_get(struct store_conn *c, int64_t id, const char *tracking_no,
			struct arena *a, struct complaint *out, struct kesu_err *err);
/* Writes after over before (same id), bumps version and updated_at as set
 * in after, and re-indexes if reindex. */
int store_complaint_update(struct store_conn *c, const struct complaint *before,
			   const struct complaint *after, int reindex,
			   struct kesu_err *err);
int store_complaint_count(struct store_conn *c, int64_t *n, struct kesu_err *err);

struct complaint_filter {
	const char *status, *channel, *severity, *category;
	int64_t customer_id;		/* 0: any */
	int64_t since_ms, until_ms;	/* 0: open */
	const char *fts;		/* search text (already checked), or NULL */
	int has_cursor;
	int64_t cursor_created, cursor_id;
	int limit;
};
/* Reader. Newest first: by (created_at, id) without search, by id with it.
 * Returns up to f->limit items in *items (allocated in a), *more set if a
 * further page exists. */
int store_complaint_list(struct store_conn *c, const struct complaint_filter *f,
			 struct arena *a, struct complaint **items, int *n, int *more,
			 struct kesu_err *err);

/* Builds the search expression for q: each space-separated term is a
 * phrase; all must match. NULL with KE_INVALID_VALUE if q has nothing
 * searchable. */
const char *store_search_expr(const char *q, struct arena *a, struct kesu_err *err);

struct event {
	int64_t id, complaint_id, at;
	const char *actor, *kind, *data; /* data: JSON text */
};
int store_event_append(struct store_conn *c, struct event *e, struct kesu_err *err);
/* Reader. Events of a complaint with id > after_id, oldest first. */
int store_event_list(struct store_conn *c, int64_t complaint_id, int64_t after_id,
		     int limit, struct arena *a, struct event **items, int *n,
		     struct kesu_err *err);

/* Idempotency keys: the complaint a key already created, with the hash of
 * the request that created it. KE_NOT_FOUND if the key is new. */
int store_idem_get(struct store_conn *c, const char *principal, const char *key,
		   unsigned char hash[32], int64_t *complaint_id, struct kesu_err *err);
int store_idem_put(struct store_conn *c, const char *principal, const char *key,
		   const unsigned char hash[32], int64_t complaint_id, int64_t now_ms,
		   struct kesu_err *err);

/* Customers. find: by phone key first, then email key; KE_NOT_FOUND. */
int store_customer_find(struct store_conn *c, const char *phone_key,
			const char *email_key, struct arena *a, struct customer *out,
			struct kesu_err *err);
int store_customer_insert(struct store_conn *c, struct customer *cu,
			  struct kesu_err *err);
/* Fills the customer's empty contact fields from cu where the keys are free. */
int store_customer_fill(struct store_conn *c, const struct customer *cur,
			const struct customer *from, int64_t now_ms,
			struct kesu_err *err);
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

/* Checks the database file and the search index against the complaints.
 * Returns 0 if both are sound; otherwise a negative code with err saying
 * what is wrong. *complaints and *events receive the row counts. */
int store_check(struct store *s, int64_t *complaints, int64_t *events,
		struct kesu_err *err);

/* 0 if the database answers a trivial query. */
int store_ping(struct store_conn *c, struct kesu_err *err);

#endif
