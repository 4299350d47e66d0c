/*
 * test_ratelimit.c - counting per key over a window (src/http/ratelimit.c):
 * the counts are in a store, here a fresh data directory's.
 */
#include "unit.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "http/ratelimit.h"
#include "store/store.h"

static struct store *st;
static char dir[64];

static int setup(void **state)
{
	(void)state;
	snprintf(dir, sizeof dir, "/tmp/kesu-rl-XXXXXX");
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

/* --- the counts, through the store's jobs and readers ------------------------- */

struct op {
	struct store_job job;
	enum rl_kind kind;
	const char *key;
	int64_t n, now;
	int forget, prune;
};

static int op_run(struct store_conn *c, struct store_job *job)
{
	struct op *o = (struct op *)job;
	if (o->prune)
		return store_rate_prune(c, o->now, &job->err);
	if (o->forget)
		return rl_forget(c, o->kind, o->key, &job->err);
	return rl_add(c, o->kind, o->key, o->n, o->now, &job->err);
}

static void add(enum rl_kind kind, const char *key, int64_t n, int64_t now)
{
	struct op o = {.job.run = op_run, .kind = kind, .key = key, .n = n, .now = now};
	assert_int_equal(store_run(st, &o.job), 0);
}

static void fail_one(enum rl_kind kind, const char *key, int64_t now)
{
	add(kind, key, 1, now);
}

static void forget(enum rl_kind kind, const char *key)
{
	struct op o = {.job.run = op_run, .kind = kind, .key = key, .forget = 1};
	assert_int_equal(store_run(st, &o.job), 0);
}

static void prune(int64_t now)
{
	struct op o = {.job.run = op_run, .now = now, .prune = 1};
	assert_int_equal(store_run(st, &o.job), 0);
}

static int room(enum rl_kind kind, const char *key, int64_t n, int64_t now)
{
	struct kesu_err err = {0};
	struct store_conn *c = store_reader_get(st, &err);
	assert_non_null(c);
	int wait = rl_room(c, kind, key, n, now);
	store_reader_put(c);
	return wait;
}

static int blocked(enum rl_kind kind, const char *key, int64_t now)
{
	return room(kind, key, 1, now);
}

/* Forgets every count: a moment far ahead prunes them all. */
static void reset(void)
{
	prune(INT64_MAX / 2);
}

/* --- the tests ------------------------------------------------------------------ */

static void the_limit_blocks_and_the_window_moves_on(void **state)
{
	(void)state;
	reset();
	const int64_t hour = 3600 * 1000, t0 = 100 * hour;
	for (int i = 0; i < rl_rules[RL_LOGIN].limit - 1; i++)
		fail_one(RL_LOGIN, "10.0.0.1", t0 + i);
	assert_int_equal(blocked(RL_LOGIN, "10.0.0.1", t0 + 200), 0);
	fail_one(RL_LOGIN, "10.0.0.1", t0 + 300);
	int wait = blocked(RL_LOGIN, "10.0.0.1", t0 + 400);
	assert_true(wait > 3000 && wait <= 3601);
	/* another address and another kind are not affected */
	assert_int_equal(blocked(RL_LOGIN, "10.0.0.2", t0 + 400), 0);
	assert_int_equal(blocked(RL_PORTAL, "10.0.0.1", t0 + 400), 0);
	/* never more than the limit in any hour: blocked until the failures
	 * are an hour old, then free again */
	assert_true(blocked(RL_LOGIN, "10.0.0.1", t0 + hour - 1000) > 0);
	assert_int_equal(blocked(RL_LOGIN, "10.0.0.1", t0 + hour + 5 * 60 * 1000), 0);
	/* failures spread over the hour: the oldest leave first */
	reset();
	for (int i = 0; i < 100; i++)
		fail_one(RL_LOGIN, "10.0.0.3", t0 + i * 30 * 1000); /* over 50 minutes */
	assert_true(blocked(RL_LOGIN, "10.0.0.3", t0 + 50 * 60 * 1000) > 0);
	assert_int_equal(blocked(RL_LOGIN, "10.0.0.3", t0 + 65 * 60 * 1000), 0);
}

static void old_parts_are_pruned_and_recent_ones_kept(void **state)
{
	(void)state;
	reset();
	const int64_t hour = 3600 * 1000, t0 = 200 * hour;
	for (int i = 0; i < rl_rules[RL_PORTAL].limit; i++)
		fail_one(RL_PORTAL, "192.0.2.1", t0);
	assert_true(blocked(RL_PORTAL, "192.0.2.1", t0 + 1) > 0);
	/* a prune while the window holds them forgets nothing */
	prune(t0 + 1000);
	assert_true(blocked(RL_PORTAL, "192.0.2.1", t0 + 1001) > 0);
	/* past the window they are gone from the store too: counting again
	 * from then starts at one */
	prune(t0 + hour);
	fail_one(RL_PORTAL, "192.0.2.1", t0 - 1000); /* a count back in the window */
	assert_int_equal(blocked(RL_PORTAL, "192.0.2.1", t0 + 1), 0);
}

static void a_pair_is_its_own_count_and_an_unlock_forgets_it(void **state)
{
	(void)state;
	reset();
	char ab[160], ac[160], xb[160];
	rl_key2(ab, sizeof ab, "zhang.wei", "203.0.113.7");
	rl_key2(ac, sizeof ac, "zhang.wei", "198.51.100.2");
	rl_key2(xb, sizeof xb, "li.na", "203.0.113.7");
	for (int i = 0; i < rl_rules[RL_LOGIN_PAIR].limit; i++)
		fail_one(RL_LOGIN_PAIR, ab, 1000);
	assert_true(blocked(RL_LOGIN_PAIR, ab, 1001) > 0);
	/* the same name from elsewhere, another name from there: free */
	assert_int_equal(blocked(RL_LOGIN_PAIR, ac, 1001), 0);
	assert_int_equal(blocked(RL_LOGIN_PAIR, xb, 1001), 0);
	/* the same key of another kind is another count */
	assert_int_equal(blocked(RL_LOGIN_NAME, "zhang.wei", 1001), 0);
	fail_one(RL_LOGIN_PAIR, xb, 1000);
	forget(RL_LOGIN_NAME, "zhang.wei");
	assert_int_equal(blocked(RL_LOGIN_PAIR, ab, 1002), 0);
	/* only that name's pairs are forgotten */
	for (int i = 1; i < rl_rules[RL_LOGIN_PAIR].limit; i++)
		fail_one(RL_LOGIN_PAIR, xb, 1000);
	assert_true(blocked(RL_LOGIN_PAIR, xb, 1003) > 0);
}

static void bytes_fit_or_wait(void **state)
{
	(void)state;
	reset();
	const int64_t mb = 1 << 20, limit = rl_rules[RL_UPLOAD_BYTES].limit;
	assert_int_equal(room(RL_UPLOAD_BYTES, "192.0.2.9", limit, 1000), 0);
	assert_true(room(RL_UPLOAD_BYTES, "192.0.2.9", limit + 1, 1000) > 0);
	add(RL_UPLOAD_BYTES, "192.0.2.9", limit - 5 * mb, 1000);
	assert_int_equal(room(RL_UPLOAD_BYTES, "192.0.2.9", 5 * mb, 2000), 0);
	int wait = room(RL_UPLOAD_BYTES, "192.0.2.9", 5 * mb + 1, 2000);
	assert_true(wait > 22 * 3600 && wait <= 24 * 3600 + 1);
	/* a day later the bytes are forgotten */
	assert_int_equal(room(RL_UPLOAD_BYTES, "192.0.2.9", limit, 1000 + 24 * 3600 * 1000LL), 0);
}

static void the_wait_is_computed_from_the_parts(void **state)
{
	(void)state;
	/* a limit of 10 in 12 parts of 5 minutes: 4 at the window's oldest
	 * part, 6 in the newest */
	struct rl_rule r = {"test", 10, 12 * 300000, 1};
	const int64_t now = 1000 * 300000LL + 1000; /* bucket 1000, 1 s in */
	struct rate_part parts[] = {{989, 4}, {1000, 6}, {988, 50} /* out of the window */};
	assert_int_equal(rl_wait(&r, parts, 3, 0, now), 0);
	/* one more must wait for the oldest part to leave: at the start of
	 * bucket 1001, 299 s away (and a second more, rounded up) */
	assert_int_equal(rl_wait(&r, parts, 3, 1, now), 300);
	/* five more must wait for the newest too */
	assert_true(rl_wait(&r, parts, 3, 5, now) > 3000);
	/* more than the limit never fits: a whole window */
	assert_int_equal(rl_wait(&r, parts, 3, 11, now), 3600);
	/* nothing counted: room */
	assert_int_equal(rl_wait(&r, NULL, 0, 10, now), 0);
}

static void limits_are_set_by_name(void **state)
{
	(void)state;
	struct kesu_err err = {0};
	int64_t was = rl_rules[RL_UPLOAD_BYTES].limit;
	assert_int_equal(rl_configure("portal_upload_mb_per_address=3", &err), 0);
	assert_int_equal(rl_rules[RL_UPLOAD_BYTES].limit, 3 << 20);
	rl_rules[RL_UPLOAD_BYTES].limit = was;
	assert_int_not_equal(rl_configure("portal_upload_mb_per_address=0", &err), 0);
	assert_int_not_equal(rl_configure("portal_upload_mb_per_address", &err), 0);
	assert_int_not_equal(rl_configure("uploads=5", &err), 0);
	assert_string_equal(err.message, "'uploads' is not a limit");
	char names[512];
	assert_non_null(strstr(rl_names(names, sizeof names), "portal_upload_mb_per_address"));
	assert_int_equal(rl_rules[RL_UPLOAD_BYTES].limit, was);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(the_limit_blocks_and_the_window_moves_on),
		cmocka_unit_test(old_parts_are_pruned_and_recent_ones_kept),
		cmocka_unit_test(a_pair_is_its_own_count_and_an_unlock_forgets_it),
		cmocka_unit_test(bytes_fit_or_wait),
		cmocka_unit_test(the_wait_is_computed_from_the_parts),
		cmocka_unit_test(limits_are_set_by_name),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
