/*
 * agents.c - a team's agents for their supervisors: each active member's
 * open complaints and, for a period, the complaints assigned to them and
 * their first-response and resolution times, clock breaches and the
 * customers' satisfaction. Each figure is the report's (stats.c), counted
 * by the complaint's assignee now: the team's report and this view agree.
 */
#include <stdlib.h>
#include <string.h>

#include "../workflow/calendar.h"
#include "../workflow/workflow.h"
#include "report.h"
#include "tally.h"

struct agent_pass {
	const struct calendar *cal;
	struct agent_figures *items;
	struct durations *first;
	int n;
	struct agent_resolution *res;
	size_t nres, cap;
};

static struct agent_figures *agent(struct agent_pass *p, int64_t id, int *at)
{
	for (int i = 0; i < p->n; i++)
		if (p->items[i].who.id == id) {
			*at = i;
			return &p->items[i];
		}
	return NULL; /* assigned to one no longer of the team */
}

static int on_complaint(void *ctx, int64_t who, int counted)
{
	int i;
	struct agent_figures *f = agent(ctx, who, &i);
	if (f)
		f->assigned++;
	(void)counted;
	return 0;
}

static int on_clock(void *ctx, const struct report_clock *k)
{
	struct agent_pass *p = ctx;
	int i;
	struct agent_figures *f = agent(p, k->assignee_id, &i);
	if (!f)
		return 0;
	int64_t taken;
	int outcome = report_clock_outcome(p->cal, k, &taken);
	if (outcome == RCO_BREACHED)
		f->breaches++;
	if (outcome != RCO_RUNNING && taken >= 0 && report_clock_kind(k->kind) == RK_FIRST)
		durations_add(&p->first[i], taken);
	return 0;
}

static int on_resolution(void *ctx, const struct agent_resolution *r)
{
	struct agent_pass *p = ctx;
	if (p->nres == p->cap) {
		p->cap = p->cap ? p->cap * 2 : 64;
		p->res = realloc(p->res, sizeof *p->res * p->cap);
		if (!p->res)
			abort(); /* as the arena does */
	}
	p->res[p->nres++] = *r;
	return 0;
}

static int on_rating(void *ctx, int64_t who, int satisfaction)
{
	int i;
	struct agent_figures *f = agent(ctx, who, &i);
	if (f) {
		f->rated++;
		f->rating_sum += satisfaction;
		f->satisfied += satisfaction >= 4;
	}
	return 0;
}

static int by_complaint_then_time(const void *x, const void *y)
{
	const struct agent_resolution *a = x, *b = y;
	if (a->complaint_id != b->complaint_id)
		return a->complaint_id < b->complaint_id ? -1 : 1;
	return (a->at > b->at) - (a->at < b->at);
}

/* As the report: each complaint resolved in the period once, at its latest
 * resolution, in working time since it was registered. */
static void resolution_times(struct agent_pass *p)
{
	struct durations *d = calloc((size_t)p->n + 1, sizeof *d);
	if (!d)
		abort();
	if (p->nres)
		qsort(p->res, p->nres, sizeof *p->res, by_complaint_then_time);
	for (size_t r = 0; r < p->nres; r++) {
		int i;
		if (r + 1 < p->nres && p->res[r + 1].complaint_id == p->res[r].complaint_id)
			continue;
		struct agent_figures *f = agent(p, p->res[r].assignee_id, &i);
		if (!f)
			continue;
		f->resolved++;
		int64_t a = p->res[r].created_at, b = p->res[r].at;
		durations_add(&d[i], b > a ? cal_between(p->cal, a, b) : 0);
	}
	for (int i = 0; i < p->n; i++) {
		p->items[i].resolution_median_ms = durations_pct(&d[i], 50);
		p->items[i].resolution_p90_ms = durations_pct(&d[i], 90);
		durations_free(&d[i]);
	}
	free(d);
}

int report_team_agents(struct store_conn *c, const struct report_filter *f, struct arena *a,
		       struct agent_figures **out, int *n, struct kesu_err *err)
{
	struct agent_row *rows;
	int nrows;
	struct wf_settings *ws = arena_alloc(a, sizeof *ws);
	int rc = wf_settings_read(c, ws, err);
	if (!rc)
		rc = store_team_agents(c, f->team_id, a, &rows, &nrows, err);
	if (rc)
		return rc;
	struct agent_pass p = {.cal = &ws->cal, .n = nrows};
	p.items = arena_zalloc(a, sizeof *p.items * (size_t)(nrows + 1));
	p.first = calloc((size_t)nrows + 1, sizeof *p.first);
	if (!p.first)
		abort();
	for (int i = 0; i < nrows; i++)
		p.items[i].who = rows[i];
	rc = store_agent_complaints(c, f, on_complaint, on_clock, &p, err);
	if (!rc)
		rc = store_agent_resolutions(c, f, on_resolution, &p, err);
	if (!rc)
		rc = store_agent_ratings(c, f, on_rating, &p, err);
	resolution_times(&p);
	for (int i = 0; i < nrows; i++) {
		p.items[i].first_response_n = (int64_t)p.first[i].n;
		p.items[i].first_response_median_ms = durations_pct(&p.first[i], 50);
		p.items[i].first_response_p90_ms = durations_pct(&p.first[i], 90);
		durations_free(&p.first[i]);
	}
	free(p.first);
	free(p.res);
	if (rc)
		return rc;
	*out = p.items;
	*n = nrows;
	return 0;
}
