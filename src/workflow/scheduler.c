/*
 * scheduler.c - the clock scheduler inside kesu serve: every tick it hands
 * the writer one job that warns and breaches the clocks that are due
 * (wf_tick). Only one tick is in flight at a time; a tick that finds more
 * than a batch goes on at the next tick.
 */
#include "scheduler.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <time.h>

#include "../util/clock.h"
#include "../util/log.h"
#include "workflow.h"

#define BATCH 500

struct wf_scheduler {
	struct store *store;
	int tick_ms;
	pthread_t thread;
	atomic_int stop;
	atomic_int busy;
	struct store_job job;
	int done;
};

static int tick_run(struct store_conn *c, struct store_job *job)
{
	struct wf_scheduler *s = job->ctx;
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	int rc = wf_tick(c, clock_now_ms(), BATCH, &s->done, &job->err);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	if (s->done)
		log_info("scheduler: %d clocks warned or breached in %.2f ms", s->done,
			 (double)(t1.tv_sec - t0.tv_sec) * 1e3 +
				 (double)(t1.tv_nsec - t0.tv_nsec) / 1e6);
	return rc;
}

static void tick_done(struct store_job *job)
{
	struct wf_scheduler *s = job->ctx;
	if (job->rc)
		log_warn("scheduler: tick failed: %s", job->err.message);
	atomic_store(&s->busy, 0);
}

static void *scheduler_main(void *arg)
{
	struct wf_scheduler *s = arg;
	while (!atomic_load(&s->stop)) {
		struct timespec ts = {s->tick_ms / 1000, (long)(s->tick_ms % 1000) * 1000000L};
		nanosleep(&ts, NULL);
		if (atomic_load(&s->stop) || atomic_exchange(&s->busy, 1))
			continue;
		s->job = (struct store_job){.run = tick_run, .done = tick_done, .ctx = s};
		store_submit(s->store, &s->job);
	}
	return NULL;
}

struct wf_scheduler *wf_scheduler_start(struct store *store, int tick_ms)
{
	struct wf_scheduler *s = calloc(1, sizeof *s);
	s->store = store;
	s->tick_ms = tick_ms > 0 ? tick_ms : 1000;
	atomic_init(&s->stop, 0);
	atomic_init(&s->busy, 0);
	if (pthread_create(&s->thread, NULL, scheduler_main, s) != 0) {
		free(s);
		return NULL;
	}
	return s;
}

void wf_scheduler_stop(struct wf_scheduler *s)
{
	if (!s)
		return;
	atomic_store(&s->stop, 1);
	pthread_join(s->thread, NULL);
	/* a tick still queued finishes (or is refused) when the writer stops;
	 * wait for its done() before freeing what it points to */
	while (atomic_load(&s->busy)) {
		struct timespec ts = {0, 5 * 1000 * 1000};
		nanosleep(&ts, NULL);
	}
	free(s);
}
