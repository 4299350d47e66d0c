/*
 * workers.c - a fixed set of threads over one bounded FIFO of jobs. A
 * place is reserved before a job is made ready to wait (an HTTP connection
 * suspended), so submitting never fails and a full queue is known before
 * anything is undone.
 */
#include "workers.h"

#include <pthread.h>
#include <stdlib.h>

struct workers {
	pthread_mutex_t mu;
	pthread_cond_t cv;
	struct work_job *head, *tail;
	int queued, reserved, queue_max, stopping, nthreads;
	pthread_t *threads;
};

static void *worker_main(void *arg)
{
	struct workers *w = arg;
	pthread_mutex_lock(&w->mu);
	for (;;) {
		while (!w->head && !(w->stopping && !w->reserved))
			pthread_cond_wait(&w->cv, &w->mu);
		struct work_job *job = w->head;
		if (!job)
			break; /* stopping, and nothing more can come */
		w->head = job->next;
		if (!w->head)
			w->tail = NULL;
		w->queued--;
		pthread_mutex_unlock(&w->mu);
		job->run(job);
		if (job->done)
			job->done(job);
		pthread_mutex_lock(&w->mu);
	}
	pthread_mutex_unlock(&w->mu);
	return NULL;
}

struct workers *workers_new(int threads, int queue_max)
{
	struct workers *w = calloc(1, sizeof *w);
	if (!w)
		return NULL;
	pthread_mutex_init(&w->mu, NULL);
	pthread_cond_init(&w->cv, NULL);
	w->queue_max = queue_max > 0 ? queue_max : 1;
	threads = threads > 0 ? threads : 1;
	w->threads = calloc((size_t)threads, sizeof *w->threads);
	for (; w->threads && w->nthreads < threads; w->nthreads++)
		if (pthread_create(&w->threads[w->nthreads], NULL, worker_main, w) != 0)
			break;
	if (!w->nthreads) {
		workers_free(w);
		return NULL;
	}
	return w;
}

int workers_reserve(struct workers *w)
{
	pthread_mutex_lock(&w->mu);
	int ok = !w->stopping && w->queued + w->reserved < w->queue_max;
	if (ok)
		w->reserved++;
	pthread_mutex_unlock(&w->mu);
	return ok ? 0 : -1;
}

void workers_submit(struct workers *w, struct work_job *job)
{
	job->next = NULL;
	pthread_mutex_lock(&w->mu);
	w->reserved--;
	w->queued++;
	if (w->tail)
		w->tail->next = job;
	else
		w->head = job;
	w->tail = job;
	/* stopping: the others wait for the last reserved job, then leave */
	if (w->stopping)
		pthread_cond_broadcast(&w->cv);
	else
		pthread_cond_signal(&w->cv);
	pthread_mutex_unlock(&w->mu);
}

int workers_waiting(struct workers *w)
{
	pthread_mutex_lock(&w->mu);
	int n = w->queued + w->reserved;
	pthread_mutex_unlock(&w->mu);
	return n;
}

void workers_free(struct workers *w)
{
	if (!w)
		return;
	pthread_mutex_lock(&w->mu);
	w->stopping = 1;
	pthread_cond_broadcast(&w->cv);
	pthread_mutex_unlock(&w->mu);
	for (int i = 0; i < w->nthreads; i++)
		pthread_join(w->threads[i], NULL);
	free(w->threads);
	pthread_cond_destroy(&w->cv);
	pthread_mutex_destroy(&w->mu);
	free(w);
}
