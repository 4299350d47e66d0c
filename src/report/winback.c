/*
 * winback.c - the report's repurchase figures (domain.md 6, 7: whether the
 * customer buys again is the real measure of handling, the TARP figures).
 *
 * Per local month of resolution (the business's zone):
 * - the complaints resolved in the period, each at its latest resolution
 *   and only if it is still resolved or closed, whose customer has a
 *   phone to match orders by: how many, and how many of their customers
 *   ordered again within 30, 90 and 180 days after the resolution;
 * - the same by the satisfaction of the complaint's latest rated callback:
 *   satisfied (4 or 5), not satisfied (1 to 3), unknown (none rated);
 * - the baseline: the customers who ordered in that month and never
 *   complained (no complaint on a customer record with their phone), each
 *   once at their first order of the month, and how many ordered again
 *   within 30, 90 and 180 days after it.
 * A window counts only once it has ended by the newest order imported (the
 * data's horizon); `partial` says some of a group's were left out. With no
 * order imported there are no rates, only the note that says so.
 */
#include "report.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../util/clock.h"

#define DAY_MS ((int64_t)86400 * 1000)
#define MONTHS_MAX 160 /* a period is at most ten years */

static const int windows[WINBACK_WINDOWS] = {30, 90, 180};
static const char *const window_names[WINBACK_WINDOWS] = {"d30", "d90", "d180"};

enum { G_RESOLVED, G_SATISFIED, G_NOT_SATISFIED, G_UNKNOWN, G_BASELINE, G__COUNT };
static const char *const group_names[G__COUNT] = {"resolved", "satisfied", "not_satisfied",
						  "satisfaction_unknown", "baseline"};

struct group {
	int64_t n, counted[WINBACK_WINDOWS], bought[WINBACK_WINDOWS];
};

struct month {
	int64_t start;
	char label[24];
	struct group g[G__COUNT];
	int64_t no_phone;
};

/* A resolution to match with its customer's orders. */
struct res {
	const char *key;
	int64_t at;
	short month;
	short group; /* by satisfaction */
};

struct ctx {
	struct month m[MONTHS_MAX];
	int nm;
	int64_t from, to, horizon;
	struct arena *a;
	struct res *r; /* the resolutions with a phone, sorted by key and time */
	int n, cap, next; /* next: the first not matched yet in the walk */
	int failed;
};

/* The local month that holds ms, as its first instant. */
static int64_t month_start(int64_t ms, int add)
{
	time_t t = (time_t)(ms / 1000);
	struct tm tm;
	localtime_r(&t, &tm);
	tm.tm_mday = 1;
	tm.tm_hour = tm.tm_min = tm.tm_sec = 0;
	tm.tm_mon += add;
	tm.tm_isdst = -1;
	return (int64_t)mktime(&tm) * 1000;
}

static void months_init(struct ctx *x, int64_t from, int64_t to)
{
	int64_t s = month_start(from, 0);
	x->nm = 0;
	while (s < to && x->nm < MONTHS_MAX) {
		struct month *m = &x->m[x->nm++];
		memset(m, 0, sizeof *m);
		m->start = s;
		time_t t = (time_t)(s / 1000);
		struct tm tm;
		localtime_r(&t, &tm);
		snprintf(m->label, sizeof m->label, "%04d-%02d", (tm.tm_year + 1900) % 10000,
			 tm.tm_mon + 1);
		s = month_start(s, 1);
	}
}

/* The month of ms; -1 outside the period's months. */
static int month_of(const struct ctx *x, int64_t ms)
{
	int lo = 0, hi = x->nm - 1, found = -1;
	while (lo <= hi) {
		int mid = (lo + hi) / 2;
		if (x->m[mid].start <= ms)
			found = mid, lo = mid + 1;
		else
			hi = mid - 1;
	}
	return found;
}

static void count(struct group *g, int64_t at, int64_t next, int64_t horizon)
{
	g->n++;
	for (int w = 0; w < WINBACK_WINDOWS; w++) {
		int64_t end = at + windows[w] * DAY_MS;
		if (end > horizon)
			continue; /* not over yet: the customer may still buy */
		g->counted[w]++;
		g->bought[w] += next > 0 && next <= end;
	}
}

static int on_resolution(void *p, const struct winback_resolution *r)
{
	struct ctx *x = p;
	int i = month_of(x, r->resolved_at);
	if (i < 0)
		return 0;
	if (!r->phone_key) {
		x->m[i].no_phone++;
		return 0;
	}
	if (x->n == x->cap) {
		x->cap = x->cap ? x->cap * 2 : 1024;
		struct res *more = realloc(x->r, sizeof *more * (size_t)x->cap);
		if (!more)
			return x->failed = 1;
		x->r = more;
	}
	x->r[x->n++] = (struct res){
		arena_strdup(x->a, r->phone_key), r->resolved_at, (short)i,
		(short)(r->satisfaction >= 4	? G_SATISFIED
			: r->satisfaction >= 1 ? G_NOT_SATISFIED
					       : G_UNKNOWN)};
	return 0;
}

static int by_key(const void *a, const void *b)
{
	const struct res *x = a, *y = b;
	int d = strcmp(x->key, y->key);
	return d ? d : (x->at > y->at) - (x->at < y->at);
}

/* Counts a resolution whose customer's first order after it is next (0:
 * none). */
static void resolution_count(struct ctx *x, const struct res *r, int64_t next)
{
	count(&x->m[r->month].g[G_RESOLVED], r->at, next, x->horizon);
	count(&x->m[r->month].g[r->group], r->at, next, x->horizon);
}

/* The first of t[0..n) later than at; 0 for none. */
static int64_t first_after(const int64_t *t, int n, int64_t at)
{
	int lo = 0, hi = n;
	while (lo < hi) {
		int mid = (lo + hi) / 2;
		if (t[mid] <= at)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < n ? t[lo] : 0;
}

static int on_customer(void *p, const char *key, const int64_t *t, int n, int complained)
{
	struct ctx *x = p;
	/* the resolutions of customers who never ordered, then this one's */
	while (x->next < x->n && strcmp(x->r[x->next].key, key) < 0)
		resolution_count(x, &x->r[x->next++], 0);
	while (x->next < x->n && strcmp(x->r[x->next].key, key) == 0) {
		const struct res *r = &x->r[x->next++];
		resolution_count(x, r, first_after(t, n, r->at));
	}
	if (complained)
		return 0;
	/* the baseline: the customer's first order of each month */
	int last = -1;
	for (int i = 0; i < n; i++) {
		if (t[i] < x->from || t[i] >= x->to)
			continue;
		int m = month_of(x, t[i]);
		if (m < 0 || m == last)
			continue;
		last = m;
		count(&x->m[m].g[G_BASELINE], t[i], first_after(t + i, n - i, t[i]), x->horizon);
	}
	return 0;
}

static void group_add(struct group *to, const struct group *g)
{
	to->n += g->n;
	for (int w = 0; w < WINBACK_WINDOWS; w++)
		to->counted[w] += g->counted[w], to->bought[w] += g->bought[w];
}

static json_t *group_json(const struct group *g)
{
	json_t *o = json_pack("{s:I}", "n", (json_int_t)g->n);
	for (int w = 0; w < WINBACK_WINDOWS; w++) {
		int64_t c = g->counted[w], b = g->bought[w];
		json_object_set_new(
			o, window_names[w],
			json_pack("{s:I,s:I,s:o,s:b}", "counted", (json_int_t)c, "bought",
				  (json_int_t)b, "rate",
				  c ? json_real(round((double)b / (double)c * 10000) / 10000)
				    : json_null(),
				  "partial", c < g->n));
	}
	return o;
}

static json_t *row_json(const struct group g[G__COUNT], int64_t no_phone)
{
	json_t *o = json_object();
	for (int k = 0; k < G__COUNT; k++)
		json_object_set_new(o, group_names[k], group_json(&g[k]));
	json_object_set_new(o, "no_phone", json_integer(no_phone));
	return o;
}

json_t *report_winback(struct store_conn *c, const struct report_filter *f, struct kesu_err *err)
{
	struct order_summary sum;
	if (store_order_summary(c, &sum, err))
		return NULL;
	char first[40], last[40];
	if (!sum.count)
		return json_pack("{s:b,s:s}", "orders_imported", 0, "note",
				 "No orders are imported, so whether complainants buy again is"
				 " not known: import the business's orders (kesu import --orders,"
				 " POST /api/v1/orders).");
	struct ctx *x = calloc(1, sizeof *x);
	if (!x) {
		kesu_fail(err, KE_INTERNAL, "", "out of memory");
		return NULL;
	}
	x->horizon = sum.last_at;
	x->from = f->from, x->to = f->to;
	x->a = arena_new();
	months_init(x, f->from, f->to);
	int rc = store_winback_resolutions(c, f, on_resolution, x, err);
	if (!rc) {
		qsort(x->r, (size_t)x->n, sizeof *x->r, by_key);
		rc = store_winback_orders(c, on_customer, x, err);
	}
	/* the resolutions of customers after the last one who ordered */
	while (!rc && x->next < x->n)
		resolution_count(x, &x->r[x->next++], 0);
	if (x->failed)
		rc = kesu_fail(err, KE_INTERNAL, "", "out of memory");
	free(x->r);
	arena_free(x->a);
	if (rc) {
		free(x);
		return NULL;
	}
	json_t *months = json_array(), *win = json_array();
	struct group total[G__COUNT] = {0};
	int64_t no_phone = 0;
	for (int i = 0; i < x->nm; i++) {
		struct month *m = &x->m[i];
		json_t *row = row_json(m->g, m->no_phone);
		json_object_set_new(row, "month", json_string(m->label));
		json_array_append_new(months, row);
		for (int k = 0; k < G__COUNT; k++)
			group_add(&total[k], &m->g[k]);
		no_phone += m->no_phone;
	}
	for (int w = 0; w < WINBACK_WINDOWS; w++)
		json_array_append_new(win, json_integer(windows[w]));
	const char *zone = getenv("TZ");
	json_t *o = json_pack(
		"{s:b,s:{s:I,s:I,s:s,s:s},s:s,s:s,s:o,s:o,s:o}", "orders_imported", 1, "orders",
		"count", (json_int_t)sum.count, "without_phone", (json_int_t)sum.without_phone,
		"first_at", clock_format(sum.first_at, first, sizeof first), "last_at",
		clock_format(sum.last_at, last, sizeof last), "horizon",
		clock_format(sum.last_at, last, sizeof last), "zone",
		zone && *zone ? zone : CLOCK_DEFAULT_ZONE, "windows_days", win, "months", months,
		"total", row_json(total, no_phone));
	free(x);
	return o;
}
