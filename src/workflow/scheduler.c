/*
 * scheduler.c - the clock scheduler inside kesu serve: every tick it hands
 * the writer one job that warns and breaches the clocks that are due
 * (wf_tick). Only one tick is in flight at a time; a tick that finds more
 * than a batch goes on at the next tick.
 *
 * Of several nodes on one database only the holder of the scheduler lease
 * ticks (lease.h): the thread takes or renews the lease every second (or
 * every tick, if ticks are shorter), and ticks only while it holds it.
 */
#include "scheduler.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <time.h>

#include "../util/clock.h"
#include "../http/http.h"
#include "../util/log.h"
#include "lease.h"
#include "workflow.h"

#define BATCH 500

struct wf_scheduler {
	struct store *store;
	int tick_ms;
	pthread_t thread;
	pthread_mutex_t mu;
	pthread_cond_t cv; /* signalled by stop: a long tick must not hold up a SIGTERM */
	int stop;
	atomic_int busy;
	struct store_job job;
	int done;
};

static int tick_run(struct store_conn *c, struct store_job *job)
{
	struct wf_scheduler *s = job->ctx;
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	int64_t now = clock_now_ms();
	int rc = wf_tick(c, now, BATCH, &s->done, &job->err);
	/* the rate limits' counts that left every window; the pages on
	 * complaints that went silent */
	if (!rc)
		rc = store_rate_prune(c, now, &job->err);
	if (!rc)
		rc = presence_tick(c, now, &job->err);
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

static void (*follow)(void);

void wf_scheduler_follow(void (*changed)(void))
{
	follow = changed;
}

/* Whether the settings' generation moved since *seen (-1: not read yet). */
static int settings_moved(struct store *st, int64_t *seen)
{
	struct kesu_err err = {0};
	struct store_conn *c = store_reader_get(st, &err);
	int64_t n = *seen;
	if (c) {
		if (store_generation_get(c, "settings", &n, &err))
			n = *seen;
		store_reader_put(c);
	}
	int moved = *seen >= 0 && n != *seen;
	*seen = n;
	return moved;
}

static int64_t mono_ms_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void *scheduler_main(void *arg)
{
	struct wf_scheduler *s = arg;
	int wait_ms = s->tick_ms < LEASE_RENEW_MS ? s->tick_ms : LEASE_RENEW_MS;
	/* the first tick one tick after the start, as ever; a node that takes
	 * over later ticks at once */
	int64_t last_tick = mono_ms_now(), last_renew = 0, seen = -1;
	pthread_mutex_lock(&s->mu);
	while (!s->stop) {
		/* the lease first, at once at the start (a node that holds it
		 * says so in GET /healthz from its first second), then every
		 * second however short the ticks */
		int64_t now = mono_ms_now();
		int held = node_is_scheduler();
		if (!last_renew || now - last_renew >= LEASE_RENEW_MS - wait_ms / 2) {
			last_renew = now;
			pthread_mutex_unlock(&s->mu);
			held = node_scheduler_renew(s->store);
			if (follow && settings_moved(s->store, &seen))
				follow();
			pthread_mutex_lock(&s->mu);
			now = mono_ms_now();
		}
		if (held && !s->stop && now - last_tick >= s->tick_ms - wait_ms / 2 &&
		    !atomic_exchange(&s->busy, 1)) {
			last_tick = now;
			s->job = (struct store_job){.run = tick_run, .done = tick_done, .ctx = s};
			pthread_mutex_unlock(&s->mu);
			store_submit(s->store, &s->job);
			pthread_mutex_lock(&s->mu);
		}
		struct timespec ts;
		clock_gettime(CLOCK_MONOTONIC, &ts);
		ts.tv_sec += wait_ms / 1000;
		ts.tv_nsec += (long)(wait_ms % 1000) * 1000000L;
		if (ts.tv_nsec >= 1000000000L) {
			ts.tv_sec++;
			ts.tv_nsec -= 1000000000L;
		}
		while (!s->stop && pthread_cond_timedwait(&s->cv, &s->mu, &ts) == 0)
			;
	}
	pthread_mutex_unlock(&s->mu);
	return NULL;
}

struct wf_scheduler *wf_scheduler_start(struct store *store, int tick_ms)
{
	struct wf_scheduler *s = calloc(1, sizeof *s);
	s->store = store;
	s->tick_ms = tick_ms > 0 ? tick_ms : 1000;
	atomic_init(&s->busy, 0);
	pthread_mutex_init(&s->mu, NULL);
	pthread_condattr_t ca;
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&s->cv, &ca);
	pthread_condattr_destroy(&ca);
	if (pthread_create(&s->thread, NULL, scheduler_main, s) != 0) {
		pthread_cond_destroy(&s->cv);
		pthread_mutex_destroy(&s->mu);
		free(s);
		return NULL;
	}
	return s;
}

void wf_scheduler_stop(struct wf_scheduler *s)
{
	if (!s)
		return;
	pthread_mutex_lock(&s->mu);
	s->stop = 1;
	pthread_cond_signal(&s->cv);
	pthread_mutex_unlock(&s->mu);
	pthread_join(s->thread, NULL);
	/* a tick still queued finishes (or is refused) when the writer stops;
	 * wait for its done() before freeing what it points to */
	while (atomic_load(&s->busy)) {
		struct timespec ts = {0, 5 * 1000 * 1000};
		nanosleep(&ts, NULL);
	}
	pthread_cond_destroy(&s->cv);
	pthread_mutex_destroy(&s->mu);
	free(s);
}
