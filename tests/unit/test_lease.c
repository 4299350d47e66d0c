/*
 * test_lease.c - the scheduler lease of several nodes (src/workflow/lease.c,
 * the leases table of src/store/sqlite_nodes.c): who may take it when, and
 * how long a holder believes it holds it.
 */
#include "unit.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "store/store.h"
#include "workflow/lease.h"

static struct store *st;
static char dir[64];

static int setup(void **state)
{
	(void)state;
	snprintf(dir, sizeof dir, "/tmp/kesu-lease-XXXXXX");
	if (!mkdtemp(dir))
		return -1;
	struct kesu_err err = {0};
	char data[96];
	snprintf(data, sizeof data, "%s/data", dir);
	return store_open(data, STORE_CREATE, &st, &err);
}

static int teardown(void **state)
{
	(void)state;
	store_close(st);
	char cmd[128];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	return system(cmd) == 0 ? 0 : -1;
}

struct op {
	struct store_job job;
	const char *holder;
	int64_t now;
	int release, held;
};

static int op_run(struct store_conn *c, struct store_job *job)
{
	struct op *o = (struct op *)job;
	if (o->release)
		return store_lease_release(c, "test", o->holder, &job->err);
	return store_lease_take(c, "test", o->holder, o->now, 5000, &o->held, &job->err);
}

static int take(const char *holder, int64_t now)
{
	struct op o = {.job.run = op_run, .holder = holder, .now = now};
	assert_int_equal(store_run(st, &o.job), 0);
	return o.held;
}

static void release(const char *holder)
{
	struct op o = {.job.run = op_run, .holder = holder, .release = 1};
	assert_int_equal(store_run(st, &o.job), 0);
}

static const char *holder_now(int64_t *until)
{
	static char buf[64];
	struct kesu_err err = {0};
	struct store_conn *c = store_reader_get(st, &err);
	assert_non_null(c);
	struct arena *a = arena_new();
	const char *h;
	assert_int_equal(store_lease_get(c, "test", a, &h, until, &err), 0);
	snprintf(buf, sizeof buf, "%s", h ? h : "");
	arena_free(a);
	store_reader_put(c);
	return buf;
}

static void one_holder_at_a_time_and_a_takeover_after_the_ttl(void **state)
{
	(void)state;
	const int64_t t0 = 1800000000000LL;
	int64_t until;
	assert_string_equal(holder_now(&until), "");
	/* free: A takes it; B cannot while it runs */
	assert_true(take("A", t0));
	assert_false(take("B", t0 + 1000));
	assert_string_equal(holder_now(&until), "A");
	assert_true(until == t0 + 5000);
	/* A renews: its lease runs on from the renewal */
	assert_true(take("A", t0 + 4000));
	assert_false(take("B", t0 + 8000));
	assert_true(take("A", t0 + 8500));
	/* A stops renewing (it died): B takes over once the ttl has passed
	 * since A's last renewal, not before */
	assert_false(take("B", t0 + 8500 + 5000));
	assert_true(take("B", t0 + 8500 + 5001));
	assert_string_equal(holder_now(&until), "B");
	/* A, back, is refused now */
	assert_false(take("A", t0 + 14000));
	/* only the holder gives it up; then another takes it at once */
	release("A");
	assert_string_equal(holder_now(&until), "B");
	release("B");
	assert_string_equal(holder_now(&until), "");
	assert_true(take("A", t0 + 14001));
	release("A");
}

static int sched_take(struct store_conn *c, struct store_job *job)
{
	struct op *o = (struct op *)job;
	return store_lease_take(c, LEASE_SCHEDULER, o->holder, o->now, LEASE_TTL_MS, &o->held,
				&job->err);
}

static const char *sched_holder(int64_t now, struct arena *a)
{
	struct kesu_err err = {0};
	struct store_conn *c = store_reader_get(st, &err);
	assert_non_null(c);
	const char *h;
	int64_t until;
	assert_int_equal(lease_scheduler_holder(c, now, a, &h, &until, &err), 0);
	store_reader_put(c);
	return h;
}

static void the_scheduler_holder_is_none_once_run_out(void **state)
{
	(void)state;
	const int64_t t0 = 1800000100000LL;
	struct arena *a = arena_new();
	assert_null(sched_holder(t0, a));
	struct op o = {.job.run = sched_take, .holder = "node-a", .now = t0};
	assert_int_equal(store_run(st, &o.job), 0);
	assert_true(o.held);
	assert_string_equal(sched_holder(t0 + LEASE_TTL_MS - 1, a), "node-a");
	/* run out: nobody holds it, though the row is still there */
	assert_null(sched_holder(t0 + LEASE_TTL_MS + 1, a));
	arena_free(a);
}

static void a_holder_believes_it_holds_less_than_the_ttl(void **state)
{
	(void)state;
	/* taken at 1000 (monotonic): held until the ttl less the margin */
	assert_true(lease_still_held(1000, 1000, 5000, 1500));
	assert_true(lease_still_held(1000, 4499, 5000, 1500));
	assert_false(lease_still_held(1000, 4500, 5000, 1500));
	assert_false(lease_still_held(1000, 6001, 5000, 1500));
	/* never taken, or a clock gone back: not held */
	assert_false(lease_still_held(0, 10, 5000, 1500));
	assert_false(lease_still_held(1000, 999, 5000, 1500));
	/* the node's id: 16 hex digits, the same on every call */
	assert_int_equal(strlen(node_id()), 16);
	assert_string_equal(node_id(), node_id());
	assert_true(strspn(node_id(), "0123456789abcdef") == 16);
	/* no lease taken in this process: not the scheduler */
	assert_false(node_is_scheduler());
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(one_holder_at_a_time_and_a_takeover_after_the_ttl),
		cmocka_unit_test(the_scheduler_holder_is_none_once_run_out),
		cmocka_unit_test(a_holder_believes_it_holds_less_than_the_ttl),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
