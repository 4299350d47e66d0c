/*
 * writer.c - group commit: one thread owns the writer connection and runs
 * queued jobs in batches, one transaction (and one fsync) per batch.
 *
 * Under load many requests wait for the same commit, so the cost of the
 * fsync is shared; with one request in flight the batch is that request.
 * Each job has its own savepoint, so one failing job does not undo the
 * others. If SQLite rolls the whole transaction back (full disk, I/O
 * error), every job of the batch fails and none is reported durable.

 */
#include "sqlite_int.h"

#include <stdlib.h>

#include "../util/log.h"

#define MAX_BATCH 512

struct writer {
	pthread_t thread;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	struct store_job *head, *tail;
	int stopping;
	int running;
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

/* Runs a batch (a list linked by next) and calls done() on each. */
static void run_batch(struct store *s, struct store_job *batch)
{
	struct store_conn *c = s->writer;
	struct kesu_err err = {0};
	fts_forget(c);
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
		if (!conn_in_transaction(c)) {
			/* SQLite gave up the whole transaction. */
			struct kesu_err lost;
			kesu_fail(&lost, KE_UNAVAILABLE, "",
				  "the database could not store this; nothing was changed");
			if (j->rc && j->err.code == KE_UNAVAILABLE)
				lost = j->err;
			for (struct store_job *k = batch; k; k = k->next)
				fail_job(k, &lost);
			goto done;
		}
		struct kesu_err ignored;
		if (single) {
			if (j->rc) {
				conn_exec_slot(c, S_ROLLBACK, "ROLLBACK", &ignored);
				goto done;
			}
			continue;
		}
		if (j->rc)
			conn_exec_slot(c, S_ROLLBACK_TO, "ROLLBACK TO job", &ignored);
		conn_exec_slot(c, S_RELEASE, "RELEASE job", &ignored);
	}
	if (fts_flush(c, &err) || conn_exec_slot(c, S_COMMIT, "COMMIT", &err)) {
		fts_forget(c);
		struct kesu_err ignored;
		if (conn_in_transaction(c))
			conn_exec_slot(c, S_ROLLBACK, "ROLLBACK", &ignored);
		for (struct store_job *j = batch; j; j = j->next)
			if (j->rc == 0)
				fail_job(j, &err);
	}
done:
	for (struct store_job *j = batch, *next; j; j = next) {
		next = j->next;
		finish(j);
	}
}

static void *writer_main(void *arg)
{
	struct store *s = arg;
	struct writer *w = s->w;
	for (;;) {
		pthread_mutex_lock(&w->mu);
		while (!w->head && !w->stopping)
			pthread_cond_wait(&w->cv, &w->mu);
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
		pthread_mutex_unlock(&w->mu);
		run_batch(s, batch);
	}
	return NULL;
}

int store_writer_start(struct store *s)
{
	struct writer *w = calloc(1, sizeof *w);
	pthread_mutex_init(&w->mu, NULL);
	pthread_cond_init(&w->cv, NULL);
	s->w = w;
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
	run_batch(s, job);
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
	pthread_mutex_unlock(&w->mu);
	if (w->running)
		pthread_join(w->thread, NULL);
	pthread_mutex_destroy(&w->mu);
	pthread_cond_destroy(&w->cv);
	free(w);
	s->w = NULL;
}
