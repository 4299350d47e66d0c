/*
 * lease.c - this node and the scheduler lease (lease.h). The lease lives
 * in the store (leases table): the node that holds it renews it every
 * second with one statement that takes it only if it is free, run out or
 * its own; the node believes it holds it until LEASE_TTL_MS less
 * LEASE_MARGIN_MS after the moment before that statement, by its own
 * monotonic clock, so that a node cut off from the database stops working
 * before another can take over.
 */
#include "lease.h"

#include <pthread.h>
#include <sodium.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

static char id[17];
static pthread_once_t id_once = PTHREAD_ONCE_INIT;

static void make_id(void)
{
	unsigned char b[8];
	if (sodium_init() < 0)
		memset(b, 0, sizeof b);
	randombytes_buf(b, sizeof b);
	sodium_bin2hex(id, sizeof id, b, sizeof b);
}

const char *node_id(void)
{
	pthread_once(&id_once, make_id);
	return id;
}

int64_t lease_now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int64_t mono_now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	/* never 0: 0 means never taken */
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000 + 1;
}

int lease_still_held(int64_t taken_ms, int64_t now_ms, int64_t ttl_ms, int64_t margin_ms)
{
	return taken_ms > 0 && now_ms >= taken_ms && now_ms - taken_ms < ttl_ms - margin_ms;
}

/* the monotonic moment before the last renewal that held; 0: not held */
static _Atomic int64_t taken_at;
static atomic_uint term;

int node_is_scheduler(void)
{
	return lease_still_held(atomic_load(&taken_at), mono_now_ms(), LEASE_TTL_MS,
				LEASE_MARGIN_MS);
}

unsigned node_scheduler_term(void)
{
	return atomic_load(&term);
}

struct lease_job {
	struct store_job job;
	int64_t now;
	int held;
};

static int take_run(struct store_conn *c, struct store_job *job)
{
	struct lease_job *j = (struct lease_job *)job;
	return store_lease_take(c, LEASE_SCHEDULER, node_id(), j->now, LEASE_TTL_MS, &j->held,
				&job->err);
}

int node_scheduler_renew(struct store *s)
{
	int64_t before = mono_now_ms();
	struct lease_job j = {.job.run = take_run, .now = lease_now_ms()};
	if (store_submit_wait(s, &j.job) || !j.held) {
		/* not renewed: held still until the last renewal runs out */
		if (!j.job.rc)
			atomic_store(&taken_at, 0);
		return node_is_scheduler();
	}
	/* a new term unless the last renewal surely still held */
	if (!node_is_scheduler())
		atomic_fetch_add(&term, 1);
	atomic_store(&taken_at, before);
	return 1;
}

static int release_run(struct store_conn *c, struct store_job *job)
{
	return store_lease_release(c, LEASE_SCHEDULER, node_id(), &job->err);
}

void node_scheduler_release(struct store *s)
{
	int was = atomic_exchange(&taken_at, 0) != 0;
	struct store_job j = {.run = release_run};
	if (was)
		store_submit_wait(s, &j);
}

int lease_scheduler_holder(struct store_conn *c, int64_t now_ms, struct arena *a,
			   const char **holder, int64_t *until_ms, struct kesu_err *err)
{
	int rc = store_lease_get(c, LEASE_SCHEDULER, a, holder, until_ms, err);
	if (!rc && *holder && *until_ms < now_ms)
		*holder = NULL;
	return rc;
}
