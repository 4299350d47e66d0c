/*
 * sqlite_writer.c - group commit: one thread owns the writer connection and runs
 * queued jobs in batches, one transaction (and one fsync) per batch.
 *
 * Under load many requests wait for the same commit, so the cost of the
 * fsync is shared; with one request in flight the batch is that request.
 * Each job has its own savepoint, so one failing job does not undo the
 * others. If SQLite rolls the whole transaction back (full disk, I/O
 * error), every job of the batch fails and none is reported durable.
 *
 * New complaints go into the search index once nobody else waits: a
 * request alone is searchable when its reply goes out. Under load the
 * writer indexes many at a time instead (at most FTS_CHUNK, at most
 * FTS_LAG_MS after the first), because FTS5 writes a segment per
 * indexing statement and merging small segments is most of what indexing
 * costs: at 1M complaints indexing batch by batch took half of a
 * registration's time. The complaints wait in the table, durable; what
 * is missing from the index is always the newest, and fts_flush finds it
 * from the index itself, so a crash loses nothing: the next writer (and
 * `kesu check`) indexes it first.
 *
 * Checkpoints (copying the WAL back into the database file) run on a
 * thread and a connection of their own. SQLite would run them in the
 * committing connection, every 4 MB of WAL: at 1M complaints that stalled
 * the writer about 12 ms each time, a quarter of its time under load. A
 * checkpoint running beside the writer never quite catches up with it, so
 * when the WAL has grown large the writer finishes the last bit itself,
 * between batches, and the WAL starts over at the next commit.
 */
#include "sqlite_int.h"

#include <errno.h>
#include <stdlib.h>
#include <time.h>

#include "../util/log.h"
#include "../util/metrics.h"

#define MAX_BATCH 512
#define FTS_CHUNK 256	/* complaints indexed at once under load, at most */
#define FTS_LAG_MS 200	/* how long a complaint may wait to be searchable */
#define CKPT_EVERY_PAGES 1000	 /* a background checkpoint per 4 MB of WAL */
#define CKPT_INLINE_PAGES 16384 /* 64 MB of WAL: the writer catches up */

struct writer {
	pthread_t thread;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	struct store_job *head, *tail;
	int stopping;
	int running;
	/* the checkpointer: its thread, connection and wake-up */
	pthread_t ckpt_thread;
	int ckpt_running;
	struct store_conn *ckpt_conn;
	pthread_cond_t ckpt_cv;
	int ckpt_wanted;
	/* the writer thread's own: WAL pages after its last commit, and at
	 * the last wake-up of the checkpointer */
	int wal_pages, signalled_at;
};

static void finish(struct store_job *j)
{
	if (j->done)
		j->done(j);
}

static void fail_job(struct store_job *j, const struct kesu_err *why)
{
	j->rc = -(int)why->code;
	j->err = *why;
}

/* Whether the batch just run indexes the complaints waiting: when
 * nobody else waits (more: jobs are queued behind it), or when enough
 * wait, or have waited long enough. */
static int index_now(const struct store_conn *c, int single, int more)
{
	return c->fts_pending && ((single && !more) || c->fts_pending >= FTS_CHUNK ||
				  mono_ms() - c->fts_since >= FTS_LAG_MS);
}

/* Runs a batch (a list linked by next) and calls done() on each; more
 * says whether other jobs wait behind it. */
static void run_batch(struct store *s, struct store_job *batch, int more)
{
	struct store_conn *c = s->writer;
	struct kesu_err err = {0};
	int pending = c->fts_pending, rolled_back = 0;
	if (conn_exec_slot(c, S_BEGIN, "BEGIN IMMEDIATE", &err)) {
		for (struct store_job *j = batch; j; j = j->next)
			fail_job(j, &err);
		goto done;
	}
	/* A batch of one needs no savepoint: if the job fails the whole
	 * transaction is rolled back. (A savepoint around a large job, such as
	 * an import, would also make every statement in it slower.) */
	int single = batch->next == NULL;
	for (struct store_job *j = batch; j; j = j->next) {
		kesu_err_clear(&j->err);
		j->rc = 0;
		if (!single && conn_exec_slot(c, S_SAVEPOINT, "SAVEPOINT job", &j->err)) {
			j->rc = -(int)j->err.code;
			continue;
		}
		j->rc = j->run(c, j);
		/* what the job sent without waiting (sql_step_later) is its own:
		 * its failure is the job's, not the next one's */
		int later = conn_settle(c);
		if (later != SQLITE_OK && !j->rc) {
			kesu_err_clear(&j->err);
			j->rc = sql_fail(c, later, "write", &j->err);
		}
		if (!conn_in_transaction(c)) {
			/* SQLite gave up the whole transaction. */
			struct kesu_err lost;
			kesu_fail(&lost, KE_UNAVAILABLE, "",
				  "the database could not store this; nothing was changed");
			if (j->rc && j->err.code == KE_UNAVAILABLE)
				lost = j->err;
			for (struct store_job *k = batch; k; k = k->next)
				fail_job(k, &lost);
			rolled_back = 1;
			goto done;
		}
		struct kesu_err ignored;
		if (single) {
			if (j->rc) {
				conn_exec_slot(c, S_ROLLBACK, "ROLLBACK", &ignored);
				rolled_back = 1;
				goto done;
			}
			continue;
		}
		if (j->rc) {
			c->undos++;
			conn_exec_slot(c, S_ROLLBACK_TO, "ROLLBACK TO job", &ignored);
		}
		conn_exec_slot(c, S_RELEASE, "RELEASE job", &ignored);
	}
	if ((index_now(c, single, more) && fts_flush(c, &err)) ||
	    conn_exec_slot(c, S_COMMIT, "COMMIT", &err)) {
		rolled_back = 1;
		struct kesu_err ignored;
		if (conn_in_transaction(c))
			conn_exec_slot(c, S_ROLLBACK, "ROLLBACK", &ignored);
		for (struct store_job *j = batch; j; j = j->next)
			if (j->rc == 0)
				fail_job(j, &err);
	} else if (c->notify && s->commit_hook) {
		s->commit_hook(s->commit_arg);
	}
done:
	if (rolled_back) {
		c->undos++;
		c->fts_pending = pending; /* what this batch inserted is gone */
	}
	c->notify = 0;
	for (struct store_job *j = batch, *next; j; j = next) {
		next = j->next;
		finish(j);
	}
}

/* Indexes what waits, in a transaction of its own. */
static void index_waiting(struct store *s)
{
	struct store_conn *c = s->writer;
	struct kesu_err err = {0}, ignored;
	if (!conn_exec_slot(c, S_BEGIN, "BEGIN IMMEDIATE", &err) && !fts_flush(c, &err) &&
	    !conn_exec_slot(c, S_COMMIT, "COMMIT", &err))
		return;
	if (conn_in_transaction(c))
		conn_exec_slot(c, S_ROLLBACK, "ROLLBACK", &ignored);
	log_warn("store: search index: %s", err.message);
}

/* Called by SQLite in the writer thread after each commit. */
static int wal_hook(void *arg, sqlite3 *db, const char *name, int pages)
{
	(void)db, (void)name;
	struct writer *w = arg;
	w->wal_pages = pages;
	if (pages < w->signalled_at)
		w->signalled_at = 0; /* the WAL started over */
	if (pages - w->signalled_at >= CKPT_EVERY_PAGES && w->ckpt_running) {
		w->signalled_at = pages;
		pthread_mutex_lock(&w->mu);
		w->ckpt_wanted = 1;
		pthread_cond_signal(&w->ckpt_cv);
		pthread_mutex_unlock(&w->mu);
	}
	return SQLITE_OK;
}

static void *ckpt_main(void *arg)
{
	struct writer *w = arg;
	for (;;) {
		pthread_mutex_lock(&w->mu);
		while (!w->ckpt_wanted && !w->stopping)
			pthread_cond_wait(&w->ckpt_cv, &w->mu);
		int stop = w->stopping;
		w->ckpt_wanted = 0;
		pthread_mutex_unlock(&w->mu);
		if (stop)
			break;
		/* PASSIVE: never waits for the writer or readers; what it cannot
		 * copy now is copied next time */
		int rc = sqlite3_wal_checkpoint_v2(w->ckpt_conn->db, NULL,
						   SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
		if (rc != SQLITE_OK && rc != SQLITE_BUSY)
			log_warn("store: checkpoint: %s", sqlite3_errmsg(w->ckpt_conn->db));
	}
	return NULL;
}

static void *writer_main(void *arg)
{
	struct store *s = arg;
	struct writer *w = s->w;
	for (;;) {
		pthread_mutex_lock(&w->mu);
		int idle_index = 0;
		while (!w->head && !w->stopping) {
			if (!s->writer->fts_pending) {
				pthread_cond_wait(&w->cv, &w->mu);
				continue;
			}
			/* quiet now: what waits to be searchable is indexed when its
			 * time is up, even if nothing else comes */
			int64_t at = s->writer->fts_since + FTS_LAG_MS;
			struct timespec ts = {at / 1000, (long)(at % 1000) * 1000000L};
			if (pthread_cond_timedwait(&w->cv, &w->mu, &ts) == ETIMEDOUT && !w->head) {
				idle_index = 1;
				break;
			}
		}
		if (idle_index) {
			pthread_mutex_unlock(&w->mu);
			index_waiting(s);
			continue;
		}
		if (!w->head) {
			pthread_mutex_unlock(&w->mu);
			break;
		}
		struct store_job *batch = w->head, *last = batch;
		int n = 1;
		while (last->next && n < MAX_BATCH)
			last = last->next, n++;
		w->head = last->next;
		if (!w->head)
			w->tail = NULL;
		last->next = NULL;
		int more = w->head != NULL;
		pthread_mutex_unlock(&w->mu);
		double t0 = metrics_now();
		run_batch(s, batch, more);
		metrics_writer_batch(n, metrics_now() - t0);
		if (w->wal_pages >= CKPT_INLINE_PAGES) {
			/* mostly copied already by the checkpointer; once all is,
			 * the next commit starts the WAL over */
			int rc = sqlite3_wal_checkpoint_v2(s->writer->db, NULL,
							   SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
			if (rc != SQLITE_OK && rc != SQLITE_BUSY)
				log_warn("store: checkpoint: %s", sqlite3_errmsg(s->writer->db));
		}
	}
	if (s->writer->fts_pending)
		index_waiting(s); /* a clean stop leaves nothing to index */
	return NULL;
}

int store_writer_start(struct store *s)
{
	struct writer *w = calloc(1, sizeof *w);
	struct kesu_err err = {0};
	/* what a crash left unindexed is indexed before anything else */
	index_waiting(s);
	pthread_mutex_init(&w->mu, NULL);
	pthread_condattr_t attr;
	pthread_condattr_init(&attr);
	pthread_condattr_setclock(&attr, CLOCK_MONOTONIC); /* as mono_ms() */
	pthread_cond_init(&w->cv, &attr);
	pthread_condattr_destroy(&attr);
	pthread_cond_init(&w->ckpt_cv, NULL);
	s->w = w;
	/* Without its own connection the writer keeps SQLite's checkpoints;
	 * PostgreSQL has none of kesu's to run. */
	if (s->pg_url) {
		/* nothing */
	} else if ((w->ckpt_conn = conn_open(s, CONN_WRITER, 0, &err))) {
		if (pthread_create(&w->ckpt_thread, NULL, ckpt_main, w) == 0) {
			w->ckpt_running = 1;
			sqlite3_wal_autocheckpoint(s->writer->db, 0);
			sqlite3_wal_hook(s->writer->db, wal_hook, w);
		}
	} else {
		log_warn("store: no checkpoint thread: %s", err.message);
	}
	if (pthread_create(&w->thread, NULL, writer_main, s) != 0) {
		log_error("store: cannot start the writer thread");
		writer_stop(s);
		return -1;
	}
	w->running = 1;
	return 0;
}

void store_submit(struct store *s, struct store_job *job)
{
	struct writer *w = s->w;
	job->next = NULL;
	if (w) {
		pthread_mutex_lock(&w->mu);
		if (!w->stopping) {
			if (w->tail)
				w->tail->next = job;
			else
				w->head = job;
			w->tail = job;
			pthread_cond_signal(&w->cv);
			pthread_mutex_unlock(&w->mu);
			return;
		}
		pthread_mutex_unlock(&w->mu);
	}
	kesu_fail(&job->err, KE_UNAVAILABLE, "", "the server is shutting down");
	job->rc = -KE_UNAVAILABLE;
	finish(job);
}

int store_run(struct store *s, struct store_job *job)
{
	job->next = NULL;
	run_batch(s, job, 0);
	return job->rc;
}

void writer_stop(struct store *s)
{
	struct writer *w = s->w;
	if (!w)
		return;
	pthread_mutex_lock(&w->mu);
	w->stopping = 1;
	pthread_cond_signal(&w->cv);
	pthread_cond_signal(&w->ckpt_cv);
	pthread_mutex_unlock(&w->mu);
	if (w->running)
		pthread_join(w->thread, NULL);
	if (w->ckpt_running) {
		pthread_join(w->ckpt_thread, NULL);
		/* back to SQLite's own checkpoints for whatever runs next */
		sqlite3_wal_hook(s->writer->db, NULL, NULL);
		sqlite3_wal_autocheckpoint(s->writer->db, 1000);
	}
	conn_close(w->ckpt_conn);
	pthread_mutex_destroy(&w->mu);
	pthread_cond_destroy(&w->cv);
	pthread_cond_destroy(&w->ckpt_cv);
	free(w);
	s->w = NULL;
}

void store_set_commit_hook(struct store *s, void (*fn)(void *arg), void *arg)
{
	s->commit_hook = fn;
	s->commit_arg = arg;
}

struct waiter {
	pthread_mutex_t mu;
	pthread_cond_t cv;
	int done;
	void (*done_fn)(struct store_job *job);
	void *ctx;
};

static void wake_waiter(struct store_job *job)
{
	struct waiter *w = job->ctx;
	job->ctx = w->ctx;
	if (w->done_fn)
		w->done_fn(job);
	job->ctx = w;
	pthread_mutex_lock(&w->mu);
	w->done = 1;
	pthread_cond_signal(&w->cv);
	pthread_mutex_unlock(&w->mu);
}

int store_submit_wait(struct store *s, struct store_job *job)
{
	struct waiter w = {.done_fn = job->done, .ctx = job->ctx};
	pthread_mutex_init(&w.mu, NULL);
	pthread_cond_init(&w.cv, NULL);
	job->done = wake_waiter;
	job->ctx = &w;
	store_submit(s, job);
	pthread_mutex_lock(&w.mu);
	while (!w.done)
		pthread_cond_wait(&w.cv, &w.mu);
	pthread_mutex_unlock(&w.mu);
	pthread_mutex_destroy(&w.mu);
	pthread_cond_destroy(&w.cv);
	job->done = w.done_fn;
	job->ctx = w.ctx;
	return job->rc;
}

static int settle_run(struct store_conn *c, struct store_job *job)
{
	return fts_flush(c, &job->err);
}

int store_search_settle(struct store *s, struct store_conn *reader, struct kesu_err *err)
{
	if (conn_is_pg(reader))
		return 0; /* indexed as written (pg_search.c) */
	struct sql_stmt *st = conn_stmt(
		reader, S_FTS_BEHIND,
		"SELECT coalesce((SELECT max(id) FROM complaints), 0)"
		" > coalesce((SELECT max(id) FROM complaints_fts_docsize), 0)",
		err);
	if (!st)
		return -err->code;
	int rc = sql_step(st), behind = rc == SQLITE_ROW && sql_column_int(st, 0);
	stmt_done(st);
	if (rc != SQLITE_ROW)
		return sql_fail(reader, rc, "search index", err);
	if (!behind)
		return 0;
	struct store_job job = {.run = settle_run};
	rc = s->w && s->w->running ? store_submit_wait(s, &job) : store_run(s, &job);
	if (rc)
		*err = job.err;
	return rc;
}
