/*
 * ratelimit.c - a fixed table of failure counters keyed by kind and
 * address. Each counter splits its window into BUCKETS parts and sums the
 * parts of the last window, so a limit of 100 an hour is never exceeded
 * in any hour (a part is forgotten only when all of it is older than the
 * window). When the table is full the stalest slot is reused, so memory
 * stays bounded whatever the number of addresses.
 */
#include "ratelimit.h"

#include <pthread.h>
#include <stdio.h>
#include <string.h>

#define SLOTS 8192
#define PROBE 16
#define BUCKETS 12

const struct rl_rule rl_rules[RL__COUNT] = {
	[RL_LOGIN] = {100, 3600 * 1000},   /* ASVS 2.2.1: at most 100 an hour */
	[RL_PORTAL] = {30, 900 * 1000},	   /* wrong tracking number or token */
	[RL_REGISTER] = {30, 3600 * 1000}, /* complaints from the portal, without an account */
};

struct slot {
	char key[56];
	int64_t last;		   /* bucket number of the newest count */
	uint16_t count[BUCKETS];   /* by bucket number modulo BUCKETS */
};

static struct slot slots[SLOTS];
static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;

static uint32_t fnv(const char *s)
{
	uint32_t h = 2166136261u;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

/* Forgets the buckets that fell out of the window by bucket number now. */
static void advance(struct slot *s, int64_t now)
{
	if (now <= s->last)
		return;
	for (int64_t b = s->last + 1; b <= now && b <= s->last + BUCKETS; b++)
		s->count[b % BUCKETS] = 0;
	s->last = now;
}

/* The slot for key; NULL if none and !make. */
static struct slot *find(const char *key, int64_t bucket, int make)
{
	uint32_t h = fnv(key);
	struct slot *stalest = NULL;
	for (int i = 0; i < PROBE; i++) {
		struct slot *s = &slots[(h + (uint32_t)i) % SLOTS];
		if (strcmp(s->key, key) == 0) {
			advance(s, bucket);
			return s;
		}
		if (!stalest || s->last < stalest->last)
			stalest = s;
	}
	if (!make)
		return NULL;
	snprintf(stalest->key, sizeof stalest->key, "%s", key);
	memset(stalest->count, 0, sizeof stalest->count);
	stalest->last = bucket;
	return stalest;
}

static void make_key(enum rl_kind kind, const char *address, char key[56])
{
	snprintf(key, 56, "%d|%s", (int)kind, address ? address : "?");
}

int rl_blocked(enum rl_kind kind, const char *address, int64_t now_ms)
{
	const struct rl_rule *r = &rl_rules[kind];
	int64_t width = r->window_ms / BUCKETS, bucket = now_ms / width;
	char key[56];
	make_key(kind, address, key);
	pthread_mutex_lock(&mu);
	struct slot *s = find(key, bucket, 0);
	int wait = 0;
	if (s) {
		int total = 0;
		for (int i = 0; i < BUCKETS; i++)
			total += s->count[i];
		/* wait until enough of the oldest buckets have left the window */
		for (int64_t b = bucket - BUCKETS + 1; total >= r->limit && b <= bucket; b++) {
			total -= s->count[b % BUCKETS];
			wait = (int)(((b + BUCKETS) * width - now_ms) / 1000) + 1;
		}
	}
	pthread_mutex_unlock(&mu);
	return wait;
}

void rl_fail(enum rl_kind kind, const char *address, int64_t now_ms)
{
	char key[56];
	int64_t bucket = now_ms / (rl_rules[kind].window_ms / BUCKETS);
	make_key(kind, address, key);
	pthread_mutex_lock(&mu);
	struct slot *s = find(key, bucket, 1);
	if (s->count[bucket % BUCKETS] < UINT16_MAX)
		s->count[bucket % BUCKETS]++;
	pthread_mutex_unlock(&mu);
}

void rl_reset(void)
{
	pthread_mutex_lock(&mu);
	memset(slots, 0, sizeof slots);
	pthread_mutex_unlock(&mu);
}
