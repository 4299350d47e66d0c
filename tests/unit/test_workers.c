/*
 * test_workers.c - the bounded pool that runs password hashes off the
 * HTTP threads (src/util/workers.c).
 */
#include "unit.h"

#include <pthread.h>
#include <stdatomic.h>
#include <time.h>

#include "util/workers.h"

struct gate {
	pthread_mutex_t mu;
	pthread_cond_t cv;
	int open;
};
static struct gate gate = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, 0};
static atomic_int ran, done, order[16], norder;

/* Waits until the test opens the gate: keeps the only worker busy. */
static void wait_gate(struct work_job *job)
{
	pthread_mutex_lock(&gate.mu);
	while (!gate.open)
		pthread_cond_wait(&gate.cv, &gate.mu);
	pthread_mutex_unlock(&gate.mu);
	order[atomic_fetch_add(&norder, 1)] = (int)(intptr_t)job->ctx;
	atomic_fetch_add(&ran, 1);
}

static void count_done(struct work_job *job)
{
	(void)job;
	atomic_fetch_add(&done, 1);
}

static void a_full_queue_is_refused_at_once_and_the_jobs_run_in_order(void **state)
{
	(void)state;
	struct workers *w = workers_new(1, 3);
	assert_non_null(w);
	struct work_job jobs[4];
	for (int i = 0; i < 4; i++)
		jobs[i] = (struct work_job){.run = wait_gate, .done = count_done,
					    .ctx = (void *)(intptr_t)i};
	/* the first is taken by the worker and waits at the gate */
	assert_int_equal(workers_reserve(w), 0);
	workers_submit(w, &jobs[0]);
	for (int i = 0; i < 100 && workers_waiting(w); i++)
		nanosleep(&(struct timespec){0, 1000000}, NULL);
	assert_int_equal(workers_waiting(w), 0);
	/* three places: two submitted and one held; a fourth is refused */
	assert_int_equal(workers_reserve(w), 0);
	workers_submit(w, &jobs[1]);
	assert_int_equal(workers_reserve(w), 0);
	workers_submit(w, &jobs[2]);
	assert_int_equal(workers_reserve(w), 0);
	assert_int_equal(workers_waiting(w), 3);
	assert_int_equal(workers_reserve(w), -1);
	assert_int_equal(workers_waiting(w), 3);
	workers_submit(w, &jobs[3]); /* into the place held */
	pthread_mutex_lock(&gate.mu);
	gate.open = 1;
	pthread_cond_broadcast(&gate.cv);
	pthread_mutex_unlock(&gate.mu);
	workers_free(w); /* runs what was queued first */
	assert_int_equal(atomic_load(&ran), 4);
	assert_int_equal(atomic_load(&done), 4);
	for (int i = 0; i < 4; i++)
		assert_int_equal(order[i], i);
}

static void count_run(struct work_job *job)
{
	(void)job;
	atomic_fetch_add(&ran, 1);
}

struct later {
	struct workers *w;
	struct work_job *job;
};

static void *submit_later(void *p)
{
	struct later *a = p;
	nanosleep(&(struct timespec){0, 50 * 1000000}, NULL);
	workers_submit(a->w, a->job);
	return NULL;
}

static void a_place_held_at_stop_is_still_run(void **state)
{
	(void)state;
	atomic_store(&ran, 0);
	atomic_store(&done, 0);
	struct workers *w = workers_new(2, 1);
	struct work_job job = {.run = count_run, .done = count_done};
	assert_int_equal(workers_reserve(w), 0);
	/* the place is held while stopping begins: submitted from another
	 * thread a moment later, it still runs before workers_free returns */
	pthread_t t;
	struct later a = {w, &job};
	pthread_create(&t, NULL, submit_later, &a);
	workers_free(w);
	pthread_join(t, NULL);
	assert_int_equal(atomic_load(&ran), 1);
	assert_int_equal(atomic_load(&done), 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(a_full_queue_is_refused_at_once_and_the_jobs_run_in_order),
		cmocka_unit_test(a_place_held_at_stop_is_still_run),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
