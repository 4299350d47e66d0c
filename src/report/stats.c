/*
 * stats.c - computing the figures of the complaint work report: one pass
 * over each kind of row the store streams (the period's complaints, their
 * clocks, the period's events, compensation, callbacks and tasks), counted
 * in memory that grows with the distinct values, not with the rows.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../channels/channels.h"
#include "../core/complaint.h"
#include "../text/text.h"
#include "../util/clock.h"
#include "../workflow/calendar.h"
#include "../workflow/workflow.h"
#include "tally.h"

/* TARP: of complainants whose complaint was resolved quickly (within its
 * target), 82% buy again; resolved, 54%; complained and not helped, 19%
 * (domain.md section 7). */
#define TARP_FAST 0.82
#define TARP_RESOLVED 0.54
#define TARP_UNHELPED 0.19


const char *const report_validities[RV__COUNT] = {"valid", "invalid", "duplicate", "malicious",
						  "not_judged"};
const char *const report_responsibilities[RR__COUNT] = {"ours", "customer", "third_party",
							"unclear", "not_judged"};

/* The index of v among the n values, the last ("not judged") if none. */
static int judgement(const char *const *values, int n, const char *v)
{
	for (int i = 0; v && i < n - 1; i++)
		if (strcmp(values[i], v) == 0)
			return i;
	return n - 1;
}

/* A glimpse of a complaint's words, cut at a character, in a. */
static const char *glimpse(struct arena *a, const char *t)
{
	return arena_strdup(a, text_cut(t ? t : "", 60, "…", a));
}

/* The rank of a severity in the report's tables: the most severe first. */
static int severity_rank(const char *s)
{
	int i = enum_index(en_severity, s);
	return SEV__COUNT - 1 - (i < 0 ? SEV_NORMAL : i);
}

static int clock_kind(const char *k)
{
	static const char *const kinds[RK__COUNT] = {"acknowledge", "first_response", "resolution",
						     "follow_up"};
	for (int i = 0; i < RK__COUNT; i++)
		if (strcmp(kinds[i], k) == 0)
			return i;
	return -1;
}

struct pass {
	struct report_stats *s;
	struct store_conn *c;
	struct arena *a;
	const struct calendar *cal;
	struct tally week, channel, category, kind, severity, object, level;
	struct tally esc_level, esc_cause, comp_type, departments, cause, cause_systemic;
	struct ntally customers, compensated;
	struct durations taken[RK__COUNT];
	int64_t resolved_status, res_fast, res_late;
	int64_t severe_score[REPORT_CASES];
	int actions_cap;
	struct resolution_time *res;
	size_t nres, res_cap;
};

/* A resolution in the period: when, and the working time since the
 * complaint was registered. */
struct resolution_time {
	int64_t complaint_id, at, ms;
};

/* --- the complaints of the period ------------------------------------------- */

static const char *week_of(int32_t day, char out[16])
{
	time_t t = (time_t)(cal_day_start(day) / 1000 + 12 * 3600);
	struct tm tm;
	localtime_r(&t, &tm);
	strftime(out, 16, "%G-W%V", &tm);
	return out;
}

static void keep_severe(struct pass *p, const struct report_row *r)
{
	struct report_stats *s = p->s;
	int64_t score = (int64_t)(4 - severity_rank(r->severity)) * 1000000 + r->threat * 100000 +
			r->level * 10000 + r->reopen_count * 1000;
	int at = s->nsevere;
	while (at > 0 && (p->severe_score[at - 1] < score ||
			  (p->severe_score[at - 1] == score && s->severe[at - 1].id < r->id)))
		at--;
	if (at >= REPORT_CASES)
		return;
	int last = s->nsevere < REPORT_CASES ? s->nsevere : REPORT_CASES - 1;
	for (int i = last; i > at; i--) {
		s->severe[i] = s->severe[i - 1];
		p->severe_score[i] = p->severe_score[i - 1];
	}
	s->severe[at] = (struct typical_case){.id = r->id};
	p->severe_score[at] = score;
	if (s->nsevere < REPORT_CASES)
		s->nsevere++;
}

static int on_complaint(void *ctx, const struct report_row *r)
{
	struct pass *p = ctx;
	struct report_stats *s = p->s;
	s->received++;
	int32_t d = cal_day_of(r->created_at) - s->first_day;
	if (d >= 0 && d < s->ndays)
		s->by_day[d]++;
	char week[16];
	tally_add(&p->week, week_of(cal_day_of(r->created_at), week), 1, 0);
	tally_add(&p->channel, r->channel, 1, 0);
	tally_add(&p->category, r->category, 1, 0);
	tally_add(&p->kind, r->object_kind, 1, 0);
	tally_add(&p->severity, r->severity, 1, 0);
	tally_add(&p->cause, r->cause, 1, 0);
	if (r->systemic)
		tally_add(&p->cause_systemic, r->cause, 1, 0);
	int v = judgement(report_validities, RV__COUNT, r->validity);
	s->validity[v]++;
	s->responsibility[judgement(report_responsibilities, RR__COUNT, r->responsibility)]++;
	if (r->idea)
		s->ideas_total++;
	const char *object = r->object_name ? r->object_name : r->object_ref;
	if (object) {
		/* the latest complaint about it stands for it */
		struct tally_row *o = tally_add(&p->object, object, 1, 0);
		if (r->id > o->sum)
			o->sum = r->id;
	}
	int state = state_find(r->status);
	if (!state_is(state, ST_IS_CLOSED))
		s->still_open++;
	if (r->customer_id) {
		int64_t n = ntally_add(&p->customers, r->customer_id);
		if (n == 1)
			s->customers++;
		if (n == 2)
			s->repeat_customers++;
	}
	keep_severe(p, r);
	if (v == RV_INVALID || v == RV_DUPLICATE)
		return 0; /* the rest are performance figures */
	s->counted++;
	char level[8];
	snprintf(level, sizeof level, "%d", r->level);
	tally_add(&p->level, level, 1, 0);
	if (state_is(state, ST_IS_RESOLVED))
		p->resolved_status++;
	if (!state_is(state, ST_IS_CLOSED) && r->level >= LEVEL_MANAGEMENT)
		s->open_at_management++;
	if (r->reopen_count > 0)
		s->reopened++;
	if (r->second)
		s->second++;
	if (r->threat)
		s->threat++;
	return 0;
}

/* --- their clocks --------------------------------------------------------------- */

static int64_t elapsed(const struct calendar *cal, int working, int64_t a, int64_t b)
{
	if (b <= a)
		return 0;
	return working ? cal_between(cal, a, b) : b - a;
}

int report_clock_outcome(const struct calendar *cal, const struct report_clock *k,
			 int64_t *taken)
{
	*taken = -1;
	int met = strcmp(k->state, "met") == 0, breached = strcmp(k->state, "breached") == 0;
	if (!met && !breached)
		return RCO_RUNNING;
	int64_t t = k->used_ms;
	/* met after its due time, before the scheduler saw it breach: it was
	 * late all the same (a paused clock has no due time) */
	if (met && k->due_at && k->done_at > k->due_at) {
		int64_t late = k->target_ms + elapsed(cal, k->working, k->due_at, k->done_at);
		*taken = late ? late : -1;
		return RCO_BREACHED;
	}
	if (met) {
		if (!t) /* met before the time taken was kept */
			t = k->target_ms - (k->due_at ? elapsed(cal, k->working, k->done_at, k->due_at)
						      : k->remaining_ms);
		*taken = t > 0 ? t : 0;
		return RCO_MET;
	}
	/* breached and not done yet: neither done nor a time taken */
	if (t)
		*taken = t;
	return RCO_BREACHED;
}

int report_clock_kind(const char *kind)
{
	return clock_kind(kind);
}

static int on_clock(void *ctx, const struct report_clock *k)
{
	struct pass *p = ctx;
	int kind = clock_kind(k->kind);
	if (kind < 0)
		return 0;
	struct clock_stats *cs = &p->s->clocks[kind];
	int64_t taken;
	int outcome = report_clock_outcome(p->cal, k, &taken);
	if (outcome == RCO_RUNNING) {
		cs->running++;
		return 0;
	}
	if (outcome == RCO_MET) {
		cs->done++;
		cs->met++;
		if (kind == RK_RESOLUTION)
			p->res_fast++;
		durations_add(&p->taken[kind], taken);
		return 0;
	}
	cs->breached++;
	cs->breached_by_severity[severity_rank(k->severity)]++;
	if (taken < 0) {
		cs->open_breached++;
		return 0;
	}
	cs->done++;
	if (kind == RK_RESOLUTION)
		p->res_late++;
	durations_add(&p->taken[kind], taken);
	return 0;
}

/* --- what happened in the period ------------------------------------------------ */

static int on_event(void *ctx, const struct report_event *e)
{
	struct pass *p = ctx;
	struct report_stats *s = p->s;
	if (strcmp(e->kind, "escalated") == 0) {
		s->escalations++;
		tally_add(&p->esc_level, e->to, 1, 0);
		tally_add(&p->esc_cause, e->cause, 1, 0);
		return 0;
	}
	if (!e->to)
		return 0;
	int to = state_find(e->to);
	if (to == ST_RESOLVED) {
		s->resolved++;
		if (p->nres == p->res_cap) {
			p->res_cap = p->res_cap ? p->res_cap * 2 : 256;
			p->res = realloc(p->res, sizeof *p->res * p->res_cap);
			if (!p->res)
				abort(); /* as the arena does */
		}
		p->res[p->nres++] = (struct resolution_time){
			e->complaint_id, e->at, elapsed(p->cal, 1, e->created_at, e->at)};
	}
	if (state_is(to, ST_IS_CLOSED)) {
		s->closed++;
		/* the closed loop: closed from follow-up by the callback rule, not
		 * by a manager's override */
		if (!e->override && state_find(e->from) == ST_FOLLOW_UP)
			s->closed_after_follow_up++;
		else
			s->closed_by_override++;
	}
	return 0;
}

static int in_period(const struct report_filter *f, int64_t t)
{
	return t >= f->from && t < f->to;
}

static int on_comp(void *ctx, const struct report_comp *k)
{
	struct pass *p = ctx;
	struct report_stats *s = p->s;
	int decided = k->decided_at && in_period(&s->f, k->decided_at);
	if (decided && strcmp(k->state, "granted") == 0) {
		tally_add(&p->comp_type, k->type, 1, k->amount_fen);
		s->compensation_fen += k->amount_fen;
		if (ntally_add(&p->compensated, k->complaint_id) == 1)
			s->compensated_complaints++;
	}
	/* above the proposer's limit: decided by another, or still waiting */
	if (decided && k->decided_by != k->proposed_by) {
		s->approvals++;
		if (strcmp(k->state, "granted") == 0)
			s->approved++;
		else
			s->rejected++;
	}
	if (strcmp(k->state, "pending") == 0 && in_period(&s->f, k->proposed_at))
		s->awaiting_approval++;
	return 0;
}

static int on_callback(void *ctx, const struct report_callback *k)
{
	struct report_stats *s = ((struct pass *)ctx)->s;
	s->callbacks++;
	if (k->reached)
		s->reached++;
	if (k->satisfaction >= 1 && k->satisfaction <= 5)
		s->satisfaction[k->satisfaction]++;
	if (k->business >= 1 && k->business <= 5)
		s->business[k->business]++;
	/* as the callbacks keep it: 1 yes, 2 no, 0 not asked */
	if (k->carried_out == 1)
		s->carried_out++;
	else if (k->carried_out == 2)
		s->not_carried_out++;
	return 0;
}

#define ACTIONS_MAX 200

static int on_task(void *ctx, const struct report_task *t)
{
	struct pass *p = ctx;
	struct report_stats *s = p->s;
	tally_add(&p->departments, t->department, 1, 0);
	if (strcmp(t->state, "open") == 0)
		s->actions_open++;
	if (t->overdue)
		s->actions_overdue++;
	if (s->nactions < ACTIONS_MAX) {
		struct action_row *r = &s->actions[s->nactions++];
		*r = (struct action_row){arena_strdup(p->a, t->tracking_no),
					 arena_strdup(p->a, t->department), arena_strdup(p->a, t->what),
					 arena_strdup(p->a, t->state), t->overdue, t->due_at,
					 t->created_at};
	}
	return 0;
}

static int on_idea(void *ctx, const struct report_idea *k)
{
	struct pass *p = ctx;
	struct idea_row *r = &p->s->ideas[p->s->nideas++];
	*r = (struct idea_row){arena_strdup(p->a, k->tracking_no), arena_strdup(p->a, k->category),
			       arena_strdup(p->a, k->object_name ? k->object_name : k->object_ref),
			       glimpse(p->a, k->content), k->created_at};
	return 0;
}

static int by_complaint_then_time(const void *x, const void *y)
{
	const struct resolution_time *a = x, *b = y;
	if (a->complaint_id != b->complaint_id)
		return a->complaint_id < b->complaint_id ? -1 : 1;
	return a->at < b->at ? -1 : a->at > b->at;
}

/* The time to resolve: each complaint resolved in the period once, at its
 * latest resolution (one reopened and resolved again took that long). */
static void resolution_times(struct pass *p)
{
	struct report_stats *s = p->s;
	struct durations d = {0};
	if (p->nres)
		qsort(p->res, p->nres, sizeof *p->res, by_complaint_then_time);
	for (size_t i = 0; i < p->nres; i++)
		if (i + 1 == p->nres || p->res[i + 1].complaint_id != p->res[i].complaint_id) {
			durations_add(&d, p->res[i].ms);
			s->resolution_n++;
		}
	s->resolution_median_ms = durations_pct(&d, 50);
	s->resolution_p90_ms = durations_pct(&d, 90);
	durations_free(&d);
	free(p->res);
	p->res = NULL;
}

/* --- one period -------------------------------------------------------------------- */

static double average(const int64_t dist[6])
{
	int64_t n = 0, sum = 0;
	for (int i = 1; i <= 5; i++) {
		n += dist[i];
		sum += dist[i] * i;
	}
	return n ? (double)sum / (double)n : 0;
}

/* l less its "" row (no cause yet), whose count goes to *none. */
static struct tally_list without_not_judged(struct tally_list l, int64_t *none)
{
	*none = 0;
	for (int i = 0; i < l.n; i++)
		if (!*l.rows[i].key) {
			*none = l.rows[i].n;
			memmove(&l.rows[i], &l.rows[i + 1], sizeof *l.rows * (size_t)(l.n - i - 1));
			l.n--;
			l.total -= *none;
			break;
		}
	return l;
}

static int fill_case(struct store_conn *c, struct arena *a, struct typical_case *tc,
		     struct kesu_err *err)
{
	struct complaint cp;
	int rc = store_complaint_get(c, tc->id, NULL, a, &cp, err);
	if (rc)
		return rc;
	tc->tracking_no = arena_strdup(a, cp.tracking_no);
	tc->severity = cp.v[CF_SEVERITY];
	tc->status = state_name(cp.state);
	tc->category = cp.v[CF_CATEGORY];
	tc->level = cp.level;
	tc->reopen_count = cp.reopen_count;
	tc->content = glimpse(a, cp.v[CF_CONTENT]);
	if (!tc->object)
		tc->object = cp.v[CF_OBJECT_NAME] ? cp.v[CF_OBJECT_NAME] : cp.v[CF_OBJECT_REF];
	return 0;
}

/* The improvement actions of the period: counted by where they stood at
 * its end, the verdicts given within it. */
static int improvements(struct store_conn *c, const struct report_filter *f, struct arena *a,
			struct report_stats *s, struct kesu_err *err)
{
	struct improvement_action *xs;
	int n;
	int rc = store_report_actions(c, f->from, f->to, f->team_id, 1000, a, &xs, &n, err);
	if (rc)
		return rc;
	for (int i = 0; i < n; i++) {
		const struct improvement_action *x = &xs[i];
		int open = !strcmp(x->state, "proposed") || !strcmp(x->state, "accepted") ||
			   !strcmp(x->state, "failed");
		if (x->created_at >= f->from)
			s->impr_made++;
		if (open) {
			s->impr_open++;
			if (x->due_at < f->to)
				s->impr_overdue++;
		}
		if (!strcmp(x->state, "done"))
			s->impr_awaiting++;
		if (x->judged_at >= f->from && x->judged_at < f->to) {
			if (!strcmp(x->state, "verified"))
				s->impr_verified++;
			else if (!strcmp(x->state, "failed"))
				s->impr_failed++;
		}
	}
	s->improvements = xs;
	s->impr_total = n;
	s->nimprovements = n < REPORT_ACTIONS ? n : REPORT_ACTIONS;
	return 0;
}

static int period(struct store_conn *c, const struct calendar *cal, const struct report_filter *f,
		  struct arena *a, struct report_stats *s, struct kesu_err *err)
{
	memset(s, 0, sizeof *s);
	s->f = *f;
	s->first_day = cal_day_of(f->from);
	s->ndays = cal_day_of(f->to - 1) - s->first_day + 1;
	if (s->ndays < 1)
		s->ndays = 1;
	s->by_day = arena_zalloc(a, sizeof *s->by_day * (size_t)s->ndays);
	s->actions = arena_alloc(a, sizeof *s->actions * ACTIONS_MAX);
	struct pass p = {.s = s, .c = c, .a = a, .cal = cal};
	struct tally *tallies[] = {&p.week,      &p.channel,   &p.category,  &p.kind,
				   &p.severity,  &p.object,    &p.level,     &p.esc_level,
				   &p.esc_cause, &p.comp_type, &p.departments, &p.cause,
				   &p.cause_systemic};
	for (size_t i = 0; i < sizeof tallies / sizeof *tallies; i++)
		tally_init(tallies[i], a);
	ntally_init(&p.customers, a);
	ntally_init(&p.compensated, a);
	int rc = store_report_complaints(c, f, on_complaint, &p, err);
	if (!rc)
		rc = store_report_clocks(c, f, on_clock, &p, err);
	if (!rc)
		rc = store_report_events(c, f, on_event, &p, err);
	if (!rc)
		rc = store_report_compensations(c, f, on_comp, &p, err);
	if (!rc)
		rc = store_report_callbacks(c, f, on_callback, &p, err);
	if (!rc)
		rc = store_report_tasks(c, f, on_task, &p, err);
	if (!rc)
		rc = improvements(c, f, a, s, err);
	if (!rc)
		rc = store_report_ideas(c, f, REPORT_IDEAS, on_idea, &p, err);
	if (!rc)
		rc = store_report_key_customers(c, f, &s->key_customers, err);
	resolution_times(&p);
	for (int k = 0; k < RK__COUNT; k++) {
		s->clocks[k].median_ms = durations_pct(&p.taken[k], 50);
		s->clocks[k].p90_ms = durations_pct(&p.taken[k], 90);
		durations_free(&p.taken[k]);
	}
	ntally_free(&p.customers);
	ntally_free(&p.compensated);
	if (rc)
		return rc;
	s->by_week = tally_list(&p.week, 0);
	/* weeks in time order, not by count */
	for (int i = 1; i < s->by_week.n; i++)
		for (int j = i; j > 0 && strcmp(s->by_week.rows[j - 1].key, s->by_week.rows[j].key) > 0;
		     j--) {
			struct tally_row t = s->by_week.rows[j];
			s->by_week.rows[j] = s->by_week.rows[j - 1];
			s->by_week.rows[j - 1] = t;
		}
	s->by_channel = tally_list(&p.channel, 0);
	s->by_category = tally_list(&p.category, 0);
	s->by_object_kind = tally_list(&p.kind, 0);
	s->by_severity = tally_list(&p.severity, 0);
	s->by_level = tally_list(&p.level, 0);
	s->by_object = tally_list(&p.object, REPORT_CASES);
	s->escalations_by_level = tally_list(&p.esc_level, 0);
	s->escalations_by_cause = tally_list(&p.esc_cause, 0);
	s->compensation_by_type = tally_list(&p.comp_type, 0);
	s->tasks_by_department = tally_list(&p.departments, 0);
	s->by_cause = without_not_judged(tally_list(&p.cause, 0), &s->cause_not_judged);
	s->by_cause_systemic = tally_list(&p.cause_systemic, 0);
	s->satisfaction_avg = average(s->satisfaction);
	s->business_avg = average(s->business);
	/* customers at risk (TARP) */
	s->resolved_fast = p.res_fast;
	s->resolved_late = p.resolved_status > p.res_fast ? p.resolved_status - p.res_fast : 0;
	if (p.res_late > s->resolved_late)
		s->resolved_late = p.res_late;
	if (s->resolved_fast + s->resolved_late > s->counted)
		s->resolved_late = s->counted - s->resolved_fast;
	s->unresolved = s->counted - s->resolved_fast - s->resolved_late;
	s->returning = (double)s->resolved_fast * TARP_FAST +
		       (double)s->resolved_late * TARP_RESOLVED +
		       (double)s->unresolved * TARP_UNHELPED;
	s->at_risk = (double)s->counted - s->returning;
	/* typical cases: the most severe, and the objects complained of most */
	for (int i = 0; !rc && i < s->nsevere; i++)
		rc = fill_case(c, a, &s->severe[i], err);
	for (int i = 0; !rc && i < s->by_object.n; i++) {
		if (s->by_object.rows[i].n < 2)
			break; /* one complaint about it is not a repeat */
		struct typical_case *tc = &s->repeated[s->nrepeated++];
		*tc = (struct typical_case){.id = s->by_object.rows[i].sum,
					    .repeat = s->by_object.rows[i].n,
					    .object = s->by_object.rows[i].key};
		rc = fill_case(c, a, tc, err);
	}
	return rc;
}

struct report *report_compute(struct store_conn *c, const struct report_filter *f,
			      struct kesu_err *err)
{
	if (f->to <= f->from) {
		kesu_fail(err, KE_INVALID_VALUE, "to", "must be after from");
		return NULL;
	}
	struct report *r = calloc(1, sizeof *r);
	r->a = arena_new();
	r->generated_at = clock_now_ms();
	struct wf_settings *ws = arena_alloc(r->a, sizeof *ws);
	struct wf_causes *causes = arena_alloc(r->a, sizeof *causes);
	r->causes = causes;
	struct report_filter prev = *f;
	prev.to = f->from;
	prev.from = f->from - (f->to - f->from);
	int rc = wf_settings_read(c, ws, err);
	if (!rc)
		rc = wf_causes_read(c, causes, err);
	struct ch_config ch;
	if (!rc && !(rc = ch_config_read(c, &ch, err))) {
		if (ch.company && *ch.company)
			r->company = arena_strdup(r->a, ch.company);
		ch_config_free(&ch);
	}
	struct team team;
	if (!rc && f->team_id && !(rc = store_team_get(c, f->team_id, NULL, r->a, &team, err)))
		r->team_name = team.name;
	if (!rc)
		rc = period(c, &ws->cal, f, r->a, &r->cur, err);
	if (!rc)
		rc = period(c, &ws->cal, &prev, r->a, &r->prev, err);
	if (!rc && !(r->reviews = report_reviews(c, f, causes, r->a, err)))
		rc = -(int)err->code;
	if (!rc && !(r->incidents = report_incidents(c, f, &r->cur, r->a, err)))
		rc = -(int)err->code;
	if (!rc && !(r->winback = report_winback(c, f, err)))
		rc = -(int)err->code;
	if (rc) {
		report_free(r);
		return NULL;
	}
	return r;
}

void report_free(struct report *r)
{
	if (!r)
		return;
	json_decref(r->reviews);
	json_decref(r->incidents);
	json_decref(r->winback);
	arena_free(r->a);
	free(r);
}

int report_parse_time(const char *s, int64_t *ms)
{
	if (!s)
		return -1;
	if (strlen(s) == 10 && clock_check_date(s) == 0) {
		int y, m, d;
		if (sscanf(s, "%4d-%2d-%2d", &y, &m, &d) != 3)
			return -1;
		struct tm tm = {.tm_year = y - 1900, .tm_mon = m - 1, .tm_mday = d, .tm_isdst = -1};
		time_t t = mktime(&tm); /* local midnight, in the business zone */
		if (t == (time_t)-1)
			return -1;
		*ms = (int64_t)t * 1000;
		return 0;
	}
	return clock_parse_rfc3339(s, ms);
}

int report_parse_end(const char *s, int64_t *ms)
{
	if (report_parse_time(s, ms))
		return -1;
	if (strlen(s) == 10) {
		/* a date is the period's last day: it ends at the next midnight */
		struct tm tm = {0};
		sscanf(s, "%4d-%2d-%2d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday);
		tm.tm_year -= 1900, tm.tm_mon -= 1, tm.tm_mday += 1, tm.tm_isdst = -1;
		*ms = (int64_t)mktime(&tm) * 1000;
	}
	return 0;
}

int report_lang_ok(const char *lang)
{
	return lang && (!strcmp(lang, "zh-CN") || !strcmp(lang, "zh-TW") || !strcmp(lang, "en"));
}
