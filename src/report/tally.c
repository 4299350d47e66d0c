/*
 * tally.c - counting tables and percentiles for the report (tally.h).
 */
#include "tally.h"

#include <stdlib.h>
#include <string.h>

static uint64_t hash_str(const char *s)
{
	uint64_t h = 1469598103934665603ull; /* FNV-1a */
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ull;
	return h;
}

void tally_init(struct tally *t, struct arena *a)
{
	memset(t, 0, sizeof *t);
	t->a = a;
	t->cap = 64;
	t->slots = arena_zalloc(a, sizeof *t->slots * t->cap);
}

static struct tally_row *find(struct tally_row *slots, size_t cap, const char *key)
{
	size_t i = hash_str(key) & (cap - 1);
	while (slots[i].key && strcmp(slots[i].key, key) != 0)
		i = (i + 1) & (cap - 1);
	return &slots[i];
}

struct tally_row *tally_add(struct tally *t, const char *key, int64_t n, int64_t sum)
{
	if (!key)
		key = "";
	if ((t->used + 1) * 4 > t->cap * 3) {
		/* grow: the old table stays in the arena, which is freed whole */
		size_t cap = t->cap * 2;
		struct tally_row *slots = arena_zalloc(t->a, sizeof *slots * cap);
		for (size_t i = 0; i < t->cap; i++)
			if (t->slots[i].key)
				*find(slots, cap, t->slots[i].key) = t->slots[i];
		t->slots = slots;
		t->cap = cap;
	}
	struct tally_row *r = find(t->slots, t->cap, key);
	if (!r->key) {
		r->key = arena_strdup(t->a, key);
		t->used++;
	}
	r->n += n;
	r->sum += sum;
	t->total += n;
	return r;
}

static int by_count(const void *a, const void *b)
{
	const struct tally_row *x = a, *y = b;
	if (x->n != y->n)
		return x->n > y->n ? -1 : 1;
	return strcmp(x->key, y->key);
}

struct tally_list tally_list(const struct tally *t, int max)
{
	struct tally_list l = {.total = t->total};
	l.rows = arena_alloc(t->a, sizeof *l.rows * (t->used ? t->used : 1));
	for (size_t i = 0; i < t->cap; i++)
		if (t->slots[i].key)
			l.rows[l.n++] = t->slots[i];
	qsort(l.rows, (size_t)l.n, sizeof *l.rows, by_count);
	if (max && l.n > max)
		l.n = max;
	return l;
}

void ntally_init(struct ntally *t, struct arena *a)
{
	memset(t, 0, sizeof *t);
	t->a = a;
	t->cap = 1024;
	t->keys = calloc(t->cap, sizeof *t->keys);
	t->counts = calloc(t->cap, sizeof *t->counts);
}

static size_t nfind(const int64_t *keys, size_t cap, int64_t key)
{
	size_t i = ((uint64_t)key * 11400714819323198485ull) >> 20 & (cap - 1);
	while (keys[i] && keys[i] != key)
		i = (i + 1) & (cap - 1);
	return i;
}

int64_t ntally_add(struct ntally *t, int64_t key)
{
	if ((t->used + 1) * 4 > t->cap * 3) {
		size_t cap = t->cap * 2;
		int64_t *keys = calloc(cap, sizeof *keys), *counts = calloc(cap, sizeof *counts);
		for (size_t i = 0; i < t->cap; i++)
			if (t->keys[i]) {
				size_t j = nfind(keys, cap, t->keys[i]);
				keys[j] = t->keys[i];
				counts[j] = t->counts[i];
			}
		free(t->keys);
		free(t->counts);
		t->keys = keys;
		t->counts = counts;
		t->cap = cap;
	}
	size_t i = nfind(t->keys, t->cap, key);
	if (!t->keys[i]) {
		t->keys[i] = key;
		t->used++;
	}
	return ++t->counts[i];
}

void ntally_free(struct ntally *t)
{
	free(t->keys);
	free(t->counts);
	memset(t, 0, sizeof *t);
}

void durations_add(struct durations *d, int64_t ms)
{
	if (d->n == d->cap) {
		d->cap = d->cap ? d->cap * 2 : 256;
		d->v = realloc(d->v, sizeof *d->v * d->cap);
	}
	d->v[d->n++] = ms;
}

static int cmp64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return (x > y) - (x < y);
}

int64_t durations_pct(struct durations *d, double p)
{
	if (!d->n)
		return -1;
	qsort(d->v, d->n, sizeof *d->v, cmp64);
	/* nearest rank: the smallest value with at least p% at or below it */
	size_t rank = (size_t)((p / 100.0) * (double)d->n + 0.999999999);
	if (rank < 1)
		rank = 1;
	if (rank > d->n)
		rank = d->n;
	return d->v[rank - 1];
}

void durations_free(struct durations *d)
{
	free(d->v);
	memset(d, 0, sizeof *d);
}
