/*
 * ratelimit.c - counters keyed by kind and key, in the store (the
 * rate_counts table), so that the nodes of one database count together.
 * Each counter splits its window into RL_BUCKETS parts, a row each, and
 * sums the parts of the last window, so a limit of 100 an hour is never
 * exceeded in any hour (a part is forgotten only when all of it is older
 * than the window). Parts out of every window are deleted by the
 * scheduler's tick (scheduler.c), so the table stays as small as the
 * traffic of a day.
 *
 * Keys are kept as keyed 64-bit hashes (SipHash with a key derived from
 * the data directory's secret key, which every node shares): any length
 * of key fits, no address or account is kept in clear, and no one can
 * choose two keys that share a counter.
 */
#include "ratelimit.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../util/log.h"
#include "http.h"

#define BUCKETS RL_BUCKETS
#define PARTS_MAX 64
#define PAIR_SEP '\x1f' /* no name, address or tracking number holds it */

#define HOUR (3600 * 1000)

struct rl_rule rl_rules[RL__COUNT] = {
	/* ASVS 2.2.1: at most 100 an hour */
	[RL_LOGIN] = {"sign_in_failures_per_address", 100, HOUR, 1},
	[RL_LOGIN_PAIR] = {"sign_in_failures_per_account_and_address", 10, HOUR / 4, 1},
	/* Guessing one account from many addresses: past this, only addresses
	 * the account signed in from before get in (session.c). */
	[RL_LOGIN_NAME] = {"sign_in_failures_per_account", 100, HOUR, 1},
	[RL_PORTAL] = {"portal_lookup_failures_per_address", 30, HOUR / 4, 1},
	[RL_REGISTER] = {"portal_complaints_per_address", 30, HOUR, 1},
	[RL_REGISTER_EMAIL] = {"portal_complaints_per_email", 5, 24 * HOUR, 1},
	[RL_UPLOAD_BYTES] = {"portal_upload_mb_per_address", 100LL << 20, 24 * HOUR, 1 << 20},
};

int rl_configure(const char *setting, struct kesu_err *err)
{
	const char *eq = strchr(setting, '=');
	size_t len = eq ? (size_t)(eq - setting) : strlen(setting);
	for (int k = 0; k < RL__COUNT; k++) {
		if (strlen(rl_rules[k].name) != len || strncmp(rl_rules[k].name, setting, len))
			continue;
		char *end;
		long long n = eq ? strtoll(eq + 1, &end, 10) : 0;
		if (!eq || end == eq + 1 || *end || n < 1 || n > 1000000)
			return kesu_fail(err, KE_USAGE, "limit", "%s must be a number, 1 to 1000000",
					 rl_rules[k].name);
		rl_rules[k].limit = n * rl_rules[k].unit;
		return 0;
	}
	return kesu_fail(err, KE_USAGE, "limit", "'%.*s' is not a limit", (int)len, setting);
}

const char *rl_names(char *buf, size_t size)
{
	buf[0] = '\0';
	for (int k = 0; k < RL__COUNT; k++)
		snprintf(buf + strlen(buf), size - strlen(buf), "%s%s", k ? ", " : "",
			 rl_rules[k].name);
	return buf;
}

static void hash_key_of(const unsigned char *secret, unsigned char key[crypto_shorthash_KEYBYTES])
{
	static const char ctx[] = "kesu rate limit keys";
	crypto_generichash(key, crypto_shorthash_KEYBYTES, (const unsigned char *)ctx,
			   sizeof ctx - 1, secret, SECRET_KEY_LEN);
}

static int64_t hash_of(const unsigned char *hkey, int kind, const char *key, size_t len)
{
	unsigned char in[8 + 512], out[crypto_shorthash_BYTES];
	if (len > 512)
		len = 512;
	memcpy(in, &kind, sizeof kind);
	memset(in + sizeof kind, 0, 8 - sizeof kind);
	memcpy(in + 8, key, len);
	crypto_shorthash(out, in, 8 + len, hkey);
	int64_t h;
	memcpy(&h, out, sizeof h);
	return h;
}

const char *rl_key2(char *buf, size_t size, const char *a, const char *b)
{
	snprintf(buf, size, "%s%c%s", a ? a : "?", PAIR_SEP, b ? b : "?");
	return buf;
}

/* The counter of kind and key, and the group of its first part (pairs). */
struct rl_id {
	int64_t hash, group;
};

static struct rl_id id_of(const unsigned char *secret, enum rl_kind kind, const char *key)
{
	unsigned char hkey[crypto_shorthash_KEYBYTES];
	hash_key_of(secret, hkey);
	key = key ? key : "?";
	const char *sep = strchr(key, PAIR_SEP);
	struct rl_id id = {hash_of(hkey, (int)kind, key, strlen(key)),
			   hash_of(hkey, -1, key, sep ? (size_t)(sep - key) : strlen(key))};
	sodium_memzero(hkey, sizeof hkey);
	return id;
}

int rl_wait(const struct rl_rule *r, const struct rate_part *parts, int nparts, int64_t n,
	    int64_t now_ms)
{
	int64_t width = r->window_ms / BUCKETS, bucket = now_ms / width;
	if (n > r->limit)
		return (int)(r->window_ms / 1000);
	/* by bucket number, the window's oldest first */
	int64_t count[BUCKETS] = {0}, total = 0;
	for (int i = 0; i < nparts; i++) {
		int64_t b = parts[i].bucket;
		if (b <= bucket - BUCKETS)
			continue;
		total += parts[i].n;
		if (b <= bucket)
			count[b - (bucket - BUCKETS + 1)] += parts[i].n;
	}
	/* wait until enough of the oldest buckets have left the window */
	int wait = 0;
	for (int64_t b = bucket - BUCKETS + 1; total + n > r->limit && b <= bucket; b++) {
		total -= count[b - (bucket - BUCKETS + 1)];
		wait = (int)(((b + BUCKETS) * width - now_ms) / 1000) + 1;
	}
	return wait;
}

int rl_room(struct store_conn *c, enum rl_kind kind, const char *key, int64_t n, int64_t now_ms)
{
	const struct rl_rule *r = &rl_rules[kind];
	if (n > r->limit)
		return rl_wait(r, NULL, 0, n, now_ms);
	int64_t bucket = now_ms / (r->window_ms / BUCKETS);
	struct rl_id id = id_of(store_conn_secret(c), kind, key);
	struct arena *a = arena_new();
	struct rate_part *parts;
	int np = 0, wait = 0;
	struct kesu_err err = {0};
	if (store_rate_parts(c, r->name, id.hash, bucket - BUCKETS, PARTS_MAX, a, &parts, &np, &err))
		log_warn("rate limits: %s: %s", r->name, err.message);
	else
		wait = rl_wait(r, parts, np, n, now_ms);
	arena_free(a);
	return wait;
}

int rl_blocked(struct store_conn *c, enum rl_kind kind, const char *key, int64_t now_ms)
{
	return rl_room(c, kind, key, 1, now_ms);
}

static int add_hashed(struct store_conn *c, enum rl_kind kind, struct rl_id id, int64_t n,
		      int64_t now_ms, struct kesu_err *err)
{
	const struct rl_rule *r = &rl_rules[kind];
	int64_t width = r->window_ms / BUCKETS, bucket = now_ms / width;
	/* the part leaves the last window when its bucket is BUCKETS old */
	return store_rate_add(c, r->name, id.hash, id.group, bucket, n,
			      (bucket + BUCKETS + 1) * width, err);
}

int rl_add(struct store_conn *c, enum rl_kind kind, const char *key, int64_t n, int64_t now_ms,
	   struct kesu_err *err)
{
	return add_hashed(c, kind, id_of(store_conn_secret(c), kind, key), n, now_ms, err);
}

struct count_job {
	struct store_job job;
	enum rl_kind kind;
	struct rl_id id;
	int64_t n, now;
	struct kesu_err reply; /* rl_fail_reply's */
};

static int count_run(struct store_conn *c, struct store_job *job)
{
	struct count_job *j = (struct count_job *)job;
	return add_hashed(c, j->kind, j->id, j->n, j->now, &job->err);
}

static void count_done(struct store_job *job)
{
	if (job->rc)
		log_warn("rate limits: not counted: %s", job->err.message);
	free(job);
}

void rl_count(struct store *s, enum rl_kind kind, const char *key, int64_t n, int64_t now_ms)
{
	struct count_job *j = calloc(1, sizeof *j);
	if (!j)
		return;
	*j = (struct count_job){.job = {.run = count_run, .done = count_done}, .kind = kind,
				.id = id_of(store_secret_key(s), kind, key), .n = n, .now = now_ms};
	store_submit(s, &j->job);
}

static int fail_reply_finish(struct http_request *req, struct store_job *job)
{
	struct count_job *j = (struct count_job *)job;
	if (job->rc)
		log_warn("rate limits: not counted: %s", job->err.message);
	return http_reply_error(req, &j->reply);
}

int rl_fail_reply(struct http_request *req, enum rl_kind kind, const char *key, int64_t now_ms,
		  const struct kesu_err *err)
{
	struct count_job *j = arena_zalloc(http_arena(req), sizeof *j);
	j->job.run = count_run;
	j->kind = kind;
	j->id = id_of(store_secret_key(http_store(req)), kind, key);
	j->n = 1;
	j->now = now_ms;
	j->reply = *err;
	return http_defer(req, &j->job, fail_reply_finish);
}

int rl_forget(struct store_conn *c, enum rl_kind kind, const char *key, struct kesu_err *err)
{
	struct rl_id id = id_of(store_conn_secret(c), kind, key);
	/* an account's unlock: its pairs with every address go too */
	return store_rate_forget(c, rl_rules[kind].name, id.hash,
				 kind == RL_LOGIN_NAME ? rl_rules[RL_LOGIN_PAIR].name : NULL, id.group,
				 err);
}
