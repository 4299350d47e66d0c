/*
 * ratelimit.c - a fixed table of counters keyed by kind and key. Each
 * counter splits its window into BUCKETS parts and sums the parts of the
 * last window, so a limit of 100 an hour is never exceeded in any hour (a
 * part is forgotten only when all of it is older than the window). When
 * the table is full the stalest slot is reused, so memory stays bounded
 * whatever the number of keys.
 *
 * Keys are kept as keyed 64-bit hashes (SipHash with a key drawn at
 * start): any length of key fits, and no one can choose two keys that
 * share a counter.
 */
#include "ratelimit.h"

#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SLOTS 8192
#define PROBE 16
#define BUCKETS 12
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

struct slot {
	uint64_t id;		   /* hash of kind and key; 0: free */
	uint64_t group;		   /* hash of the key's first part (pairs) */
	int kind;
	int64_t last;		   /* bucket number of the newest count */
	int64_t count[BUCKETS];	   /* by bucket number modulo BUCKETS */
};

static struct slot slots[SLOTS];
static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static unsigned char hash_key[crypto_shorthash_KEYBYTES];
static pthread_once_t once = PTHREAD_ONCE_INIT;

static void init_key(void)
{
	if (sodium_init() < 0)
		memset(hash_key, 0x5a, sizeof hash_key); /* still bounded and correct */
	else
		randombytes_buf(hash_key, sizeof hash_key);
}

static uint64_t hash_of(int kind, const char *key, size_t len)
{
	unsigned char in[8 + 512], out[crypto_shorthash_BYTES];
	if (len > 512)
		len = 512;
	memcpy(in, &kind, sizeof kind);
	memcpy(in + 8, key, len);
	memset(in + sizeof kind, 0, 8 - sizeof kind);
	crypto_shorthash(out, in, 8 + len, hash_key);
	uint64_t h;
	memcpy(&h, out, sizeof h);
	return h ? h : 1;
}

const char *rl_key2(char *buf, size_t size, const char *a, const char *b)
{
	snprintf(buf, size, "%s%c%s", a ? a : "?", PAIR_SEP, b ? b : "?");
	return buf;
}

/* The slot of bucket number b in a counter (b may be negative near the
 * epoch, as in tests). */
static int idx(int64_t b)
{
	return (int)(((b % BUCKETS) + BUCKETS) % BUCKETS);
}

/* Forgets the buckets that fell out of the window by bucket number now. */
static void advance(struct slot *s, int64_t now)
{
	if (now <= s->last)
		return;
	for (int64_t b = s->last + 1; b <= now && b <= s->last + BUCKETS; b++)
		s->count[idx(b)] = 0;
	s->last = now;
}

/* The slot for id; NULL if none and !make. */
static struct slot *find(uint64_t id, int64_t bucket, int make)
{
	struct slot *stalest = NULL;
	for (int i = 0; i < PROBE; i++) {
		struct slot *s = &slots[(id + (uint64_t)i) % SLOTS];
		if (s->id == id) {
			advance(s, bucket);
			return s;
		}
		if (!stalest || s->last < stalest->last)
			stalest = s;
	}
	if (!make)
		return NULL;
	memset(stalest, 0, sizeof *stalest);
	stalest->id = id;
	stalest->last = bucket;
	return stalest;
}

static uint64_t id_of(enum rl_kind kind, const char *key, uint64_t *group)
{
	pthread_once(&once, init_key);
	key = key ? key : "?";
	if (group) {
		const char *sep = strchr(key, PAIR_SEP);
		*group = hash_of(-1, key, sep ? (size_t)(sep - key) : strlen(key));
	}
	return hash_of((int)kind, key, strlen(key));
}

int rl_room(enum rl_kind kind, const char *key, int64_t n, int64_t now_ms)
{
	const struct rl_rule *r = &rl_rules[kind];
	int64_t width = r->window_ms / BUCKETS, bucket = now_ms / width;
	if (n > r->limit)
		return (int)(r->window_ms / 1000);
	uint64_t id = id_of(kind, key, NULL);
	pthread_mutex_lock(&mu);
	struct slot *s = find(id, bucket, 0);
	int wait = 0;
	if (s) {
		int64_t total = 0;
		for (int i = 0; i < BUCKETS; i++)
			total += s->count[i];
		/* wait until enough of the oldest buckets have left the window */
		for (int64_t b = bucket - BUCKETS + 1; total + n > r->limit && b <= bucket; b++) {
			total -= s->count[idx(b)];
			wait = (int)(((b + BUCKETS) * width - now_ms) / 1000) + 1;
		}
	}
	pthread_mutex_unlock(&mu);
	return wait;
}

int rl_blocked(enum rl_kind kind, const char *key, int64_t now_ms)
{
	return rl_room(kind, key, 1, now_ms);
}

void rl_add(enum rl_kind kind, const char *key, int64_t n, int64_t now_ms)
{
	int64_t bucket = now_ms / (rl_rules[kind].window_ms / BUCKETS);
	uint64_t group, id = id_of(kind, key, &group);
	pthread_mutex_lock(&mu);
	struct slot *s = find(id, bucket, 1);
	s->kind = (int)kind;
	s->group = group;
	s->count[idx(bucket)] += n;
	pthread_mutex_unlock(&mu);
}

void rl_fail(enum rl_kind kind, const char *key, int64_t now_ms)
{
	rl_add(kind, key, 1, now_ms);
}

void rl_forget(enum rl_kind kind, const char *key)
{
	uint64_t group, id = id_of(kind, key, &group);
	pthread_mutex_lock(&mu);
	for (int i = 0; i < SLOTS; i++)
		if (slots[i].id == id ||
		    (kind == RL_LOGIN_NAME && slots[i].kind == RL_LOGIN_PAIR &&
		     slots[i].group == group && slots[i].id))
			memset(&slots[i], 0, sizeof slots[i]);
	pthread_mutex_unlock(&mu);
}

void rl_reset(void)
{
	pthread_mutex_lock(&mu);
	memset(slots, 0, sizeof slots);
	pthread_mutex_unlock(&mu);
}
