/*
 * incidents.c - the report's mass incidents (domain.md 9): the incidents
 * confirmed in the period, each with its customers, the time from its
 * first complaint to the confirmation and to the first message to every
 * customer, and the remedy granted under its standards; their totals; and
 * the satisfaction of their customers against the rest of the period's.
 */
#include "report.h"

#include <math.h>

#include "../util/clock.h"
#include "tally.h"

/* Calendar time from the first complaint to t; -1 when either is missing.
 * An incident opened before any complaint came took no time. */
static int64_t since_first(const struct incident_fig *g, int64_t t)
{
	if (!g->first_complaint_at || !t)
		return -1;
	return t > g->first_complaint_at ? t - g->first_complaint_at : 0;
}

static json_t *ms_json(int64_t ms)
{
	return ms < 0 ? json_null() : json_integer(ms);
}

static json_t *time_json(int64_t t)
{
	char buf[40];
	return t ? json_string(clock_format(t, buf, sizeof buf)) : json_null();
}

/* {rated, average, satisfied, satisfied_share}; nulls when nobody rated. */
static json_t *rating_json(int64_t rated, int64_t sum, int64_t satisfied)
{
	return json_pack("{s:I,s:o,s:I,s:o}", "rated", (json_int_t)rated, "average",
			 rated ? json_real(round((double)sum / (double)rated * 100) / 100) : json_null(),
			 "satisfied", (json_int_t)satisfied, "satisfied_share",
			 rated ? json_real(round((double)satisfied / (double)rated * 10000) / 10000)
			       : json_null());
}

json_t *report_incidents_json(const struct incident_fig *g, int n, int more,
			      const struct report_stats *s)
{
	json_t *list = json_array();
	struct durations confirm = {0}, message = {0};
	int64_t complaints = 0, customers = 0, remedy = 0, rated = 0, sum = 0, satisfied = 0;
	int not_told = 0;
	for (int i = 0; i < n; i++) {
		int64_t to_confirm = since_first(&g[i], g[i].confirmed_at);
		int64_t to_message = since_first(&g[i], g[i].first_message_at);
		if (to_confirm >= 0)
			durations_add(&confirm, to_confirm);
		if (to_message >= 0)
			durations_add(&message, to_message);
		if (!g[i].first_message_at)
			not_told++;
		complaints += g[i].complaints, customers += g[i].customers;
		remedy += g[i].remedy_fen;
		rated += g[i].rated, sum += g[i].rating_sum, satisfied += g[i].satisfied;
		json_t *o = json_pack(
			"{s:I,s:s?,s:s?,s:s?,s:o,s:o,s:o,s:I,s:I,s:o,s:o,s:I,s:o}", "id",
			(json_int_t)g[i].id, "title", g[i].title, "cause", g[i].cause, "state",
			g[i].state, "confirmed_at", time_json(g[i].confirmed_at), "first_complaint_at",
			time_json(g[i].first_complaint_at), "first_message_at",
			time_json(g[i].first_message_at), "complaints", (json_int_t)g[i].complaints,
			"customers", (json_int_t)g[i].customers, "to_confirm_ms", ms_json(to_confirm),
			"to_first_message_ms", ms_json(to_message), "remedy_fen",
			(json_int_t)g[i].remedy_fen, "satisfaction",
			rating_json(g[i].rated, g[i].rating_sum, g[i].satisfied));
		json_array_append_new(list, o);
	}
	json_t *totals = json_pack(
		"{s:i,s:I,s:I,s:I,s:o,s:o,s:i}", "incidents", n, "complaints", (json_int_t)complaints,
		"customers", (json_int_t)customers, "remedy_fen", (json_int_t)remedy,
		"to_confirm_median_ms", ms_json(durations_pct(&confirm, 50)),
		"to_first_message_median_ms", ms_json(durations_pct(&message, 50)), "not_told",
		not_told);
	durations_free(&confirm);
	durations_free(&message);
	/* the rest: the period's ratings, as the satisfaction section counts
	 * them, less the incidents' own (the same callbacks, counted alike) */
	int64_t all = 0, all_sum = 0;
	for (int i = 1; i <= 5; i++)
		all += s->satisfaction[i], all_sum += s->satisfaction[i] * i;
	int64_t all_satisfied = s->satisfaction[4] + s->satisfaction[5];
	int64_t rest = all - rated, rest_sum = all_sum - sum, rest_satisfied = all_satisfied - satisfied;
	if (rest < 0 || rest_sum < 0 || rest_satisfied < 0)
		rest = rest_sum = rest_satisfied = 0; /* a callback written between the two reads */
	return json_pack("{s:o,s:b,s:i,s:o,s:{s:o,s:o}}", "incidents", list, "more", more, "listed_max",
			 INCIDENT_FIGS_MAX, "totals", totals, "satisfaction", "incidents",
			 rating_json(rated, sum, satisfied), "rest",
			 rating_json(rest, rest_sum, rest_satisfied));
}

json_t *report_incidents(struct store_conn *c, const struct report_filter *f,
			 const struct report_stats *s, struct arena *a, struct kesu_err *err)
{
	struct incident_fig *g;
	int n, more;
	if (store_incident_figures(c, f, a, &g, &n, &more, err))
		return NULL;
	return report_incidents_json(g, n, more, s);
}
