/*
 * tally.h - counting for the report: strings (a category, an object) and
 * numbers (a customer) to counts, in open-addressing tables that grow in an
 * arena; and percentiles of a list of durations.
 */
#ifndef KESU_TALLY_H
#define KESU_TALLY_H

#include <stddef.h>
#include <stdint.h>

#include "../util/arena.h"
#include "report.h"

struct tally {
	struct arena *a;
	struct tally_row *slots; /* key NULL: empty */
	size_t cap, used;
	int64_t total;
};

void tally_init(struct tally *t, struct arena *a);
/* Adds n (and sum) to key's row; a NULL or empty key counts as "". The
 * key is copied. Returns the row. */
struct tally_row *tally_add(struct tally *t, const char *key, int64_t n, int64_t sum);
/* The rows, most first (ties by key), at most max (0: all), in the arena. */
struct tally_list tally_list(const struct tally *t, int max);

/* Numbers to counts. */
struct ntally {
	struct arena *a;
	int64_t *keys; /* 0: empty slot; keys must be > 0 */
	int64_t *counts;
	size_t cap, used;
};
void ntally_init(struct ntally *t, struct arena *a);
/* Adds one to key; returns its count now. */
int64_t ntally_add(struct ntally *t, int64_t key);
void ntally_free(struct ntally *t);

/* A growing list of durations, and its percentiles (sorts it). */
struct durations {
	int64_t *v;
	size_t n, cap;
};
void durations_add(struct durations *d, int64_t ms);
/* The p-th percentile (0..100, nearest rank), or -1 when empty. */
int64_t durations_pct(struct durations *d, double p);
void durations_free(struct durations *d);

#endif
