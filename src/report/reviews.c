/*
 * reviews.c - the figures of neutral and negative reviews a shop watches
 * (domain.md 8): what came in by platform and rating, the funnel
 * contacted -> agreed -> actually changed by platform and by agent, the
 * time from posting to the first contact, the causes as a Pareto, and
 * the share of reviews per order where the order counts are imported.
 */
#include "report.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../workflow/calendar.h"
#include "../workflow/workflow.h"


static double share(int64_t part, int64_t whole)
{
	return whole ? (double)part / (double)whole : 0.0;
}

/* agreed_rate: of the buyers reached (the handbook's ~95 %); changed
 * counts those who agreed and then changed or withdrew it (about half). */
static json_t *funnel(int64_t n, int64_t contacted, int64_t reached, int64_t agreed,
		      int64_t changed)
{
	return json_pack("{s:I,s:I,s:I,s:I,s:I,s:f,s:f}", "reviews", (json_int_t)n, "contacted",
			 (json_int_t)contacted, "reached", (json_int_t)reached, "agreed",
			 (json_int_t)agreed, "changed", (json_int_t)changed, "agreed_rate",
			 share(agreed, reached), "changed_rate", share(changed, agreed));
}

/* Adds t's figures to the row of key in o (made on first use). */
static void add(json_t *o, const char *key, const struct review_tally *t)
{
	json_t *row = json_object_get(o, key);
	if (!row) {
		row = json_pack("{s:I,s:I,s:I,s:I,s:I}", "reviews", (json_int_t)0, "contacted",
				(json_int_t)0, "reached", (json_int_t)0, "agreed", (json_int_t)0,
				"changed", (json_int_t)0);
		json_object_set_new(o, key, row);
	}
	const char *k[5] = {"reviews", "contacted", "reached", "agreed", "changed"};
	int64_t v[5] = {t->n, t->contacted, t->reached, t->agreed, t->changed};
	for (int i = 0; i < 5; i++)
		json_object_set_new(row, k[i],
				    json_integer(json_integer_value(json_object_get(row, k[i])) + v[i]));
}

/* {key: {reviews, contacted, agreed, changed}} as a list with the rates. */
static json_t *rows(json_t *o, const char *name)
{
	json_t *a = json_array();
	const char *k;
	json_t *v;
	json_object_foreach(o, k, v) {
		json_t *f = funnel(json_integer_value(json_object_get(v, "reviews")),
				   json_integer_value(json_object_get(v, "contacted")),
				   json_integer_value(json_object_get(v, "reached")),
				   json_integer_value(json_object_get(v, "agreed")),
				   json_integer_value(json_object_get(v, "changed")));
		json_object_set_new(f, name, json_string(k));
		json_array_append_new(a, f);
	}
	json_decref(o);
	return a;
}

json_t *report_reviews(struct store_conn *c, const struct report_filter *f,
		       const struct wf_causes *causes, struct arena *a, struct kesu_err *err)
{
	struct review_tally *t;
	struct review_cause_n *ks;
	struct review_wait *w;
	int nt, nk, nw;
	/* reviews count by the local day they were posted */
	int32_t d0 = cal_day_of(f->from), d1 = cal_day_of(f->to - 1);
	if (store_review_tallies(c, d0, d1, f->team_id, a, &t, &nt, err) ||
	    store_review_waits(c, d0, d1, f->team_id, a, &w, &nw, err) ||
	    store_review_causes(c, d0, d1, f->team_id, a, &ks, &nk, err))
		return NULL;
	int64_t n = 0, contacted = 0, reached = 0, agreed = 0, changed = 0, wait = 0, breached = 0;
	json_t *by_platform = json_object(), *by_agent = json_object(), *received = json_object();
	for (int i = 0; i < nt; i++) {
		n += t[i].n;
		contacted += t[i].contacted;
		reached += t[i].reached;
		agreed += t[i].agreed;
		changed += t[i].changed;
		wait += t[i].first_contact_ms;
		breached += t[i].breached;
		add(by_platform, t[i].platform, &t[i]);
		if (t[i].agent)
			add(by_agent, t[i].agent, &t[i]);
		json_t *p = json_object_get(received, t[i].platform);
		if (!p) {
			p = json_pack("{s:I,s:I}", "neutral", (json_int_t)0, "negative", (json_int_t)0);
			json_object_set_new(received, t[i].platform, p);
		}
		json_object_set_new(p, t[i].rating,
				    json_integer(json_integer_value(json_object_get(p, t[i].rating)) +
						 t[i].n));
	}
	json_t *pareto = json_array();
	int64_t with_cause = 0, run = 0;
	for (int i = 0; i < nk; i++)
		with_cause += ks[i].n;
	for (int i = 0; i < nk; i++) {
		const struct wf_cause *k = causes ? wf_cause_find(causes, ks[i].cause) : NULL;
		run += ks[i].n;
		json_array_append_new(
			pareto, json_pack("{s:s,s:s?,s:I,s:f,s:f}", "cause", ks[i].cause, "label",
					  k ? k->label[LANG_ZH_CN] : NULL, "count", (json_int_t)ks[i].n,
					  "share", share(ks[i].n, with_cause), "cumulative",
					  share(run, with_cause)));
	}
	int64_t orders = 0, rated = 0, days = 0;
	if (store_order_count_sum(c, d0, d1, &orders, &rated, &days, err)) {
		json_decref(by_platform), json_decref(by_agent), json_decref(received),
			json_decref(pareto);
		return NULL;
	}
	/* the median and the 90th percentile as the upper bound of the
	 * bucket that holds them: kept counts, not a scan of the reviews */
	int64_t waited = 0;
	int median = 0, p90 = 0;
	run = 0;
	json_t *buckets = json_array();
	for (int i = 0; i < nw; i++)
		waited += w[i].n;
	for (int i = 0; i < nw; i++) {
		run += w[i].n;
		if (!median && run * 2 >= waited)
			median = w[i].minutes;
		if (!p90 && run * 10 >= waited * 9)
			p90 = w[i].minutes;
		json_array_append_new(buckets, json_pack("{s:i,s:I}", "up_to_minutes", w[i].minutes,
							 "count", (json_int_t)w[i].n));
	}
	json_t *first = json_pack("{s:I,s:o,s:o,s:o,s:o}", "n", (json_int_t)waited, "median",
				  median ? json_integer(median) : json_null(), "p90",
				  p90 ? json_integer(p90) : json_null(), "avg",
				  contacted ? json_real((double)wait / 60000.0 / (double)contacted)
					    : json_null(),
				  "buckets", buckets);
	/* the 中差评率 only where the shop told its orders, over the same days
	 * and platforms: no rate is better than one against a guess */
	/* the orders are the shop's: a team's reviews have no rate of their own */
	json_t *rate = orders && !f->team_id
			       ? json_pack("{s:I,s:I,s:I,s:f}", "orders", (json_int_t)orders, "days",
					   (json_int_t)days, "reviews", (json_int_t)rated, "rate",
					   share(rated, orders))
			       : json_null();
	return json_pack("{s:{s:I,s:o},s:o,s:o,s:o,s:o,s:I,s:o,s:o}", "received", "total",
			 (json_int_t)n, "by_platform", received, "funnel",
			 funnel(n, contacted, reached, agreed, changed), "funnel_by_platform",
			 rows(by_platform, "platform"), "funnel_by_agent", rows(by_agent, "agent"),
			 "first_contact_minutes", first, "contact_breached", (json_int_t)breached,
			 "causes", pareto, "rate", rate);
}
