/*
 * demo_orders.c - the demo's order history, for the repurchase figures
 * (GET /api/v1/stats/winback, the report's win-back section): each demo
 * complainant bought once before complaining; after the resolution most of
 * the satisfied ones buy again, fewer of the unsatisfied, and about half
 * of those never rated; and customers who never complained order now and
 * then, the baseline. Deterministic: each customer's draws come from its
 * complaint's id.
 */
#include <stdlib.h>
#include <string.h>

#include "../store/store.h"
#include "../util/clock.h"
#include "cli.h"

#define DAY_MS ((int64_t)86400 * 1000)
#define BASELINE_CUSTOMERS 60

struct resolved {
	int64_t id, at;
	int satisfaction;
};

struct orders_job {
	struct store_job job;
	int64_t now;
	struct resolved *r;
	int n, cap, made;
};

static int collect(void *ctx, const struct winback_resolution *w)
{
	struct orders_job *j = ctx;
	if (!w->phone_key)
		return 0;
	if (j->n == j->cap) {
		j->cap = j->cap ? j->cap * 2 : 64;
		struct resolved *r = realloc(j->r, sizeof *r * (size_t)j->cap);
		if (!r)
			return kesu_fail(&j->job.err, KE_INTERNAL, "", "out of memory");
		j->r = r;
	}
	j->r[j->n++] = (struct resolved){w->complaint_id, w->resolved_at, w->satisfaction};
	return 0;
}

/* A number from 0 to 99 of seed and k, the same every run. */
static unsigned draw(uint64_t seed, unsigned k)
{
	uint64_t x = seed * 0x9E3779B97F4A7C15ull + k * 0xBF58476D1CE4E5B9ull;
	x ^= x >> 31;
	x *= 0x94D049BB133111EBull;
	x ^= x >> 29;
	return (unsigned)(x % 100);
}

static int put(struct store_conn *c, struct orders_job *j, const char *phone, const char *no,
	       int64_t at, int64_t fen, struct arena *a)
{
	if (at > j->now)
		return 0; /* not yet */
	struct order o = {.phone = phone, .order_no = no, .at = at, .amount_fen = fen};
	o.cust_key = customer_phone_key(phone, a);
	o.dedupe = arena_printf(a, "no:%s", no);
	int created;
	int rc = store_order_put(c, &o, j->now, &created, &j->job.err);
	j->made += !rc && created;
	return rc;
}

static int orders_run(struct store_conn *c, struct store_job *job)
{
	struct orders_job *j = (struct orders_job *)job;
	struct report_filter f = {.from = j->now - 400 * DAY_MS, .to = j->now + 1};
	int rc = store_winback_resolutions(c, &f, collect, j, &job->err);
	struct arena *a = arena_new();
	for (int i = 0; i < j->n && !rc; i++) {
		struct resolved *r = &j->r[i];
		struct complaint cp;
		arena_reset(a);
		if ((rc = store_complaint_get(c, r->id, NULL, a, &cp, &job->err)))
			break;
		const char *phone = cp.v[CF_PHONE];
		if (!phone)
			continue;
		uint64_t seed = (uint64_t)r->id;
		/* the purchase complained about, before it */
		rc = put(c, j, phone, arena_printf(a, "DEMO-%lld-0", (long long)r->id),
			 r->at - (int64_t)(10 + draw(seed, 1) % 30) * DAY_MS,
			 (int64_t)(5000 + draw(seed, 2) * 300), a);
		/* and again after the resolution: 80% of the satisfied, 25% of
		 * the unsatisfied, half of those not rated */
		int chance = r->satisfaction >= 4 ? 80 : r->satisfaction >= 1 ? 25 : 50;
		for (unsigned k = 0; !rc && k < 2; k++)
			if (draw(seed, 3 + k) < (unsigned)(k ? chance / 2 : chance))
				rc = put(c, j, phone,
					 arena_printf(a, "DEMO-%lld-%u", (long long)r->id, k + 1),
					 r->at + (int64_t)(3 + draw(seed, 5 + k) % (k ? 120 : 45)) *
							 DAY_MS,
					 (int64_t)(3000 + draw(seed, 7 + k) * 200), a);
	}
	/* the baseline: customers who never complained, a first order in the
	 * last eight months and, for about 45% of them, another one later */
	for (int i = 0; i < BASELINE_CUSTOMERS && !rc; i++) {
		arena_reset(a);
		uint64_t seed = 100000u + (uint64_t)i;
		const char *phone = arena_printf(a, "1569000%04d", i);
		int64_t first = j->now - (int64_t)(20 + draw(seed, 1) * 22 / 10) * DAY_MS;
		rc = put(c, j, phone, arena_printf(a, "DEMO-B%d-0", i), first,
			 (int64_t)(2000 + draw(seed, 2) * 250), a);
		if (!rc && draw(seed, 3) < 45)
			rc = put(c, j, phone, arena_printf(a, "DEMO-B%d-1", i),
				 first + (int64_t)(5 + draw(seed, 4) % 80) * DAY_MS,
				 (int64_t)(2000 + draw(seed, 5) * 250), a);
	}
	arena_free(a);
	return rc;
}

int demo_orders(struct store *s, int64_t now, struct kesu_err *err)
{
	struct orders_job j = {.job.run = orders_run, .now = now};
	int rc = store_run(s, &j.job);
	free(j.r);
	if (rc) {
		*err = j.job.err;
		return rc;
	}
	printf("kesu: loaded %d demo orders of the complainants and of customers who never"
	       " complained\n",
	       j.made);
	return 0;
}
