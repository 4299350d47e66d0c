/*
 * ratelimit.c - a fixed table of failure counters keyed by kind and
 * address. Each counter covers the current window and remembers the one
 * before, weighting it by how much of it still overlaps (a sliding window
 * without per-attempt records). When the table is full the stalest slot
 * is reused, so memory stays bounded whatever the number of addresses.
 */
#include "ratelimit.h"

#include <pthread.h>
#include <stdio.h>
#include <string.h>

#define SLOTS 8192
#define PROBE 16

const struct rl_rule rl_rules[RL__COUNT] = {
	[RL_LOGIN] = {100, 3600 * 1000},   /* ASVS 2.2.1: at most 100 an hour */
	[RL_PORTAL] = {30, 900 * 1000},	   /* wrong tracking number or token */
};

struct slot {
	char key[56];
	int64_t window_start;
	int count, prev;
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

/* The slot for key, moved to the current window; NULL if none and !make. */
static struct slot *find(const char *key, int64_t now, int64_t window, int make)
{
	uint32_t h = fnv(key);
	struct slot *stalest = NULL;
	int64_t win = now - now % window;
	for (int i = 0; i < PROBE; i++) {
		struct slot *s = &slots[(h + (uint32_t)i) % SLOTS];
		if (strcmp(s->key, key) == 0) {
			if (s->window_start != win) {
				s->prev = s->window_start == win - window ? s->count : 0;
				s->count = 0;
				s->window_start = win;
			}
			return s;
		}
		if (!stalest || s->window_start < stalest->window_start)
			stalest = s;
	}
	if (!make)
		return NULL;
	snprintf(stalest->key, sizeof stalest->key, "%s", key);
	stalest->window_start = win;
	stalest->count = stalest->prev = 0;
	return stalest;
}

static void make_key(enum rl_kind kind, const char *address, char key[56])
{
	snprintf(key, 56, "%d|%s", (int)kind, address ? address : "?");
}

int rl_blocked(enum rl_kind kind, const char *address, int64_t now_ms)
{
	const struct rl_rule *r = &rl_rules[kind];
	char key[56];
	make_key(kind, address, key);
	pthread_mutex_lock(&mu);
	struct slot *s = find(key, now_ms, r->window_ms, 0);
	int wait = 0;
	if (s) {
		double into = (double)(now_ms - s->window_start) / (double)r->window_ms;
		double est = s->prev * (1.0 - into) + s->count;
		if (est >= r->limit)
			wait = (int)((s->window_start + r->window_ms - now_ms) / 1000) + 1;
	}
	pthread_mutex_unlock(&mu);
	return wait;
}

void rl_fail(enum rl_kind kind, const char *address, int64_t now_ms)
{
	char key[56];
	make_key(kind, address, key);
	pthread_mutex_lock(&mu);
	struct slot *s = find(key, now_ms, rl_rules[kind].window_ms, 1);
	s->count++;
	pthread_mutex_unlock(&mu);
}

void rl_reset(void)
{
	pthread_mutex_lock(&mu);
	memset(slots, 0, sizeof slots);
	pthread_mutex_unlock(&mu);
}
