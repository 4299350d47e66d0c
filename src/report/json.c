/*
 * json.c - the report's figures as JSON: every section for /api/v1/stats
 * and for users' own BI tools, keys in English, amounts in fen, durations
 * in working-time milliseconds.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "../util/clock.h"
#include "../workflow/calendar.h"
#include "../workflow/workflow.h"
#include "report.h"

const char *const report_sections[] = {
	"summary",	"volume",      "categories",   "causes", "validity", "responsibility", "clocks",
	"escalations", "compensation", "satisfaction", "risk",   "cases",    "ideas",	       "reviews",
	"incidents",	"winback",	NULL};

static json_t *list_json(const struct tally_list *l, int with_sum)
{
	json_t *a = json_array();
	for (int i = 0; i < l->n; i++) {
		json_t *o = json_pack("{s:s,s:I}", "key", l->rows[i].key, "count",
				      (json_int_t)l->rows[i].n);
		if (with_sum)
			json_object_set_new(o, "amount_fen", json_integer(l->rows[i].sum));
		json_array_append_new(a, o);
	}
	return a;
}

static json_t *ms_or_null(int64_t ms)
{
	return ms < 0 ? json_null() : json_integer(ms);
}

/* Counts by severity, the most severe first as the report keeps them. */
static json_t *by_severity(const int64_t n[SEV__COUNT])
{
	json_t *o = json_object();
	for (int i = 0; i < SEV__COUNT; i++)
		json_object_set_new(o, en_severity[SEV__COUNT - 1 - i].name, json_integer(n[i]));
	return o;
}

static json_t *ratio(int64_t a, int64_t b)
{
	return b ? json_real(round((double)a / (double)b * 10000) / 10000) : json_null();
}

/* value, the previous period's and the change as a fraction (null if the
 * previous period had none) */
static json_t *compare(double now, double before)
{
	/* NaN: nothing to measure (no score given), null rather than 0 */
	return json_pack("{s:o,s:o,s:o}", "value", isnan(now) ? json_null() : json_real(now),
			 "previous", isnan(before) ? json_null() : json_real(before), "change",
			 before != 0 && !isnan(before) && !isnan(now)
				 ? json_real(round((now - before) / before * 10000) / 10000)
				 : json_null());
}

static int64_t rated(const int64_t dist[6])
{
	return dist[1] + dist[2] + dist[3] + dist[4] + dist[5];
}

/* As compare, for a duration that may be missing (-1: nothing to measure,
 * null rather than a 0 that reads as instant). */
static json_t *compare_ms(int64_t now, int64_t before)
{
	return json_pack("{s:o,s:o,s:o}", "value", ms_or_null(now), "previous", ms_or_null(before),
			 "change",
			 now >= 0 && before > 0
				 ? json_real(round((double)(now - before) / (double)before * 10000) / 10000)
				 : json_null());
}

static json_t *summary(const struct report *r)
{
	const struct report_stats *c = &r->cur, *p = &r->prev;
	json_t *o = json_pack(
		"{s:o,s:o,s:o,s:o,s:o,s:o,s:o,s:o,s:o,s:o}", "received",
		compare((double)c->received, (double)p->received), "resolved",
		compare((double)c->resolved, (double)p->resolved), "closed",
		compare((double)c->closed, (double)p->closed), "still_open",
		compare((double)c->still_open, (double)p->still_open), "resolution_median_ms",
		compare_ms(c->resolution_median_ms, p->resolution_median_ms),
		"breaches",
		compare((double)(c->clocks[0].breached + c->clocks[1].breached +
				 c->clocks[2].breached + c->clocks[3].breached),
			(double)(p->clocks[0].breached + p->clocks[1].breached +
				 p->clocks[2].breached + p->clocks[3].breached)),
		"escalations", compare((double)c->escalations, (double)p->escalations),
		"compensation_fen", compare((double)c->compensation_fen, (double)p->compensation_fen),
		"satisfaction_avg", compare(rated(c->satisfaction) ? c->satisfaction_avg : NAN,
					     rated(p->satisfaction) ? p->satisfaction_avg : NAN), "reopen_rate",
		compare(c->counted ? (double)c->reopened / (double)c->counted : 0,
			p->counted ? (double)p->reopened / (double)p->counted : 0));
	json_object_set_new(o, "business_avg",
			    compare(rated(c->business) ? c->business_avg : NAN,
				    rated(p->business) ? p->business_avg : NAN));
	json_object_set_new(o, "second_rate",
			    compare(c->counted ? (double)c->second / (double)c->counted : 0,
				    p->counted ? (double)p->second / (double)p->counted : 0));
	json_object_set_new(o, "left_out",
			    compare((double)(c->received - c->counted),
				    (double)(p->received - p->counted)));
	json_object_set_new(o, "resolved_complaints",
			    compare((double)c->resolution_n, (double)p->resolution_n));
	json_object_set_new(o, "open_at_management", json_integer(c->open_at_management));
	/* the written summary that opens the report, in each language */
	json_t *text = json_object();
	static const char *const langs[] = {"zh-CN", "zh-TW", "en"};
	for (int l = 0; l < 3; l++) {
		struct arena *a = arena_new();
		const char *sentences[REPORT_SENTENCES];
		int n = report_conclusion(r, langs[l], a, sentences);
		json_t *arr = json_array();
		for (int i = 0; i < n; i++)
			json_array_append_new(arr, json_string(sentences[i]));
		json_object_set_new(text, langs[l], arr);
		arena_free(a);
	}
	json_object_set_new(o, "conclusion", text);
	return o;
}

static json_t *volume(const struct report_stats *s)
{
	json_t *days = json_array();
	for (int i = 0; i < s->ndays; i++) {
		char day[16];
		int64_t start = cal_day_start(s->first_day + i);
		char buf[40];
		snprintf(day, sizeof day, "%.10s", clock_format_local(start, buf, sizeof buf));
		json_array_append_new(days, json_pack("{s:s,s:I}", "day", day, "count",
						      (json_int_t)s->by_day[i]));
	}
	return json_pack("{s:I,s:o,s:o,s:o,s:o,s:o,s:o,s:o}", "received", (json_int_t)s->received,
			 "by_day", days, "by_week", list_json(&s->by_week, 0), "by_channel",
			 list_json(&s->by_channel, 0), "by_category", list_json(&s->by_category, 0),
			 "by_object_kind", list_json(&s->by_object_kind, 0), "by_severity",
			 list_json(&s->by_severity, 0), "by_department",
			 list_json(&s->tasks_by_department, 0));
}

/* The Pareto of l over total: most first, with the running share; the
 * "vital few" are those up to 80%. label, if given, names each key. */
static json_t *pareto(const struct tally_list *l, int64_t total, const char *name,
		      json_t *(*label)(const struct report *r, const char *key),
		      const struct report *r)
{
	json_t *a = json_array();
	int64_t run = 0;
	for (int i = 0; i < l->n; i++) {
		int64_t before = run;
		run += l->rows[i].n;
		json_t *o = json_pack("{s:s,s:I,s:o,s:o,s:b}", name, l->rows[i].key, "count",
				      (json_int_t)l->rows[i].n, "share", ratio(l->rows[i].n, total),
				      "cumulative", ratio(run, total), "vital_few",
				      total && before * 10 < total * 8);
		if (label)
			json_object_set_new(o, "label", label(r, l->rows[i].key));
		json_array_append_new(a, o);
	}
	return a;
}

static json_t *categories(const struct report_stats *s)
{
	return json_pack("{s:o}", "pareto", pareto(&s->by_category, s->received, "category", NULL, NULL));
}

/* A cause's labels in the report's languages; the key itself for a cause
 * no longer on the list. */
static json_t *cause_label(const struct report *r, const char *key)
{
	const struct wf_cause *k = wf_cause_find(r->causes, key);
	return json_pack("{s:s,s:s,s:s}", "zh-CN", k ? k->label[0] : key, "zh-TW",
			 k ? k->label[1] : key, "en", k ? k->label[2] : key);
}

static int64_t systemic_of(const struct report_stats *s, const char *key)
{
	for (int i = 0; i < s->by_cause_systemic.n; i++)
		if (!strcmp(s->by_cause_systemic.rows[i].key, key))
			return s->by_cause_systemic.rows[i].n;
	return 0;
}

static json_t *causes(const struct report *r)
{
	/* shares are of the complaints with a cause: those without one are
	 * counted apart, not yet judged */
	const struct report_stats *s = &r->cur;
	json_t *p = pareto(&s->by_cause, s->by_cause.total, "cause", cause_label, r);
	size_t i;
	json_t *x;
	json_array_foreach(p, i, x) json_object_set_new(
		x, "systemic", json_integer(systemic_of(s, s->by_cause.rows[i].key)));
	json_t *sys = json_array();
	for (int k = 0; k < s->by_cause_systemic.n; k++) {
		const char *key = s->by_cause_systemic.rows[k].key;
		json_array_append_new(sys, json_pack("{s:o,s:o,s:I}", "cause",
						     *key ? json_string(key) : json_null(), "label",
						     *key ? cause_label(r, key) : json_null(), "count",
						     (json_int_t)s->by_cause_systemic.rows[k].n));
	}
	return json_pack("{s:o,s:I,s:I,s:{s:I,s:o,s:o}}", "pareto", p, "judged",
			 (json_int_t)s->by_cause.total, "not_judged",
			 (json_int_t)s->cause_not_judged, "systemic", "count",
			 (json_int_t)s->by_cause_systemic.total, "share",
			 ratio(s->by_cause_systemic.total, s->received), "by_cause", sys);
}

static json_t *validity(const struct report_stats *s)
{
	const int64_t *v = s->validity;
	return json_pack("{s:I,s:I,s:I,s:I,s:I,s:I,s:I}", "valid",
			 (json_int_t)(v[RV_VALID] + v[RV_NOT_JUDGED]), "not_judged",
			 (json_int_t)v[RV_NOT_JUDGED], "invalid", (json_int_t)v[RV_INVALID],
			 "duplicate", (json_int_t)v[RV_DUPLICATE], "malicious",
			 (json_int_t)v[RV_MALICIOUS], "left_out",
			 (json_int_t)(s->received - s->counted), "counted", (json_int_t)s->counted);
}

static json_t *responsibility(const struct report_stats *s)
{
	json_t *o = json_object();
	for (int i = 0; i < RR__COUNT; i++)
		json_object_set_new(o, report_responsibilities[i],
				    json_pack("{s:I,s:o}", "count", (json_int_t)s->responsibility[i],
					      "share", ratio(s->responsibility[i], s->received)));
	return o;
}

static json_t *ideas(const struct report_stats *s)
{
	json_t *a = json_array();
	for (int i = 0; i < s->nideas; i++) {
		const struct idea_row *k = &s->ideas[i];
		char at[40];
		json_array_append_new(a, json_pack("{s:s,s:s,s:s?,s:s?,s:s}", "tracking_no",
						   k->tracking_no, "created_at",
						   clock_format(k->created_at, at, sizeof at),
						   "category", k->category, "object", k->object,
						   "content", k->content));
	}
	return json_pack("{s:I,s:o,s:i}", "total", (json_int_t)s->ideas_total, "items", a, "limit",
			 REPORT_IDEAS);
}

static json_t *clocks(const struct report_stats *s)
{
	static const char *const names[RK__COUNT] = {"acknowledge", "first_response", "resolution",
						     "follow_up"};
	json_t *o = json_object();
	for (int k = 0; k < RK__COUNT; k++) {
		const struct clock_stats *c = &s->clocks[k];
		json_object_set_new(
			o, names[k],
			json_pack("{s:I,s:I,s:I,s:I,s:I,s:o,s:o,s:o,s:o}", "done",
				  (json_int_t)c->done, "met", (json_int_t)c->met, "breached",
				  (json_int_t)c->breached, "breached_unfinished",
				  (json_int_t)c->open_breached, "running", (json_int_t)c->running,
				  "median_ms", ms_or_null(c->median_ms),
				  "p90_ms", ms_or_null(c->p90_ms), "breach_rate",
				  ratio(c->breached, c->met + c->breached), "breached_by_severity",
				  by_severity(c->breached_by_severity)));
	}
	return o;
}

static json_t *escalations(const struct report_stats *s)
{
	return json_pack("{s:I,s:o,s:o,s:I,s:o}", "escalations", (json_int_t)s->escalations,
			 "by_level", list_json(&s->escalations_by_level, 0), "by_cause",
			 list_json(&s->escalations_by_cause, 0), "threat_flagged",
			 (json_int_t)s->threat, "complaints_by_level", list_json(&s->by_level, 0));
}

static json_t *compensation(const struct report_stats *s)
{
	return json_pack("{s:I,s:o,s:I,s:o,s:{s:I,s:I,s:I,s:I}}", "granted_fen",
			 (json_int_t)s->compensation_fen, "by_type",
			 list_json(&s->compensation_by_type, 1), "compensated_complaints",
			 (json_int_t)s->compensated_complaints, "per_complaint_fen",
			 s->compensated_complaints
				 ? json_integer(s->compensation_fen / s->compensated_complaints)
				 : json_null(),
			 "above_limit", "decided", (json_int_t)s->approvals, "approved",
			 (json_int_t)s->approved, "rejected", (json_int_t)s->rejected, "waiting",
			 (json_int_t)s->awaiting_approval);
}

static json_t *dist(const int64_t d[6])
{
	return json_pack("{s:I,s:I,s:I,s:I,s:I}", "1", (json_int_t)d[1], "2", (json_int_t)d[2], "3",
			 (json_int_t)d[3], "4", (json_int_t)d[4], "5", (json_int_t)d[5]);
}

static json_t *satisfaction(const struct report_stats *s)
{
	int64_t rated = 0;
	for (int i = 1; i <= 5; i++)
		rated += s->satisfaction[i];
	json_t *o = json_pack(
		"{s:I,s:I,s:o,s:o,s:o,s:o,s:I,s:I,s:o,s:o,s:o,s:I,s:I,s:I}", "callbacks",
		(json_int_t)s->callbacks, "reached", (json_int_t)s->reached, "satisfaction",
		dist(s->satisfaction), "satisfaction_avg",
		rated ? json_real(round(s->satisfaction_avg * 100) / 100) : json_null(), "business",
		dist(s->business), "business_avg",
		s->business_avg > 0 ? json_real(round(s->business_avg * 100) / 100) : json_null(),
		"carried_out", (json_int_t)s->carried_out, "not_carried_out",
		(json_int_t)s->not_carried_out, "reopen_rate", ratio(s->reopened, s->counted),
		"closed_loop_rate", ratio(s->closed_after_follow_up, s->closed), "closed",
		json_integer(s->closed), "repeat_complainants", (json_int_t)s->repeat_customers,
		"key_customers", (json_int_t)s->key_customers, "complainants",
		(json_int_t)s->customers);
	json_object_set_new(o, "second_complaints", json_integer(s->second));
	json_object_set_new(o, "second_rate", ratio(s->second, s->counted));
	return o;
}

static json_t *risk(const struct report_stats *s)
{
	return json_pack("{s:s,s:I,s:I,s:I,s:f,s:f}", "model",
			 "TARP: buy again 82% if resolved within target, 54% if resolved, 19% if not",
			 "resolved_within_target", (json_int_t)s->resolved_fast, "resolved_late",
			 (json_int_t)s->resolved_late, "not_resolved", (json_int_t)s->unresolved,
			 "expected_to_return", round(s->returning * 10) / 10, "at_risk",
			 round(s->at_risk * 10) / 10);
}

static json_t *case_json(const struct typical_case *c)
{
	return json_pack("{s:I,s:s,s:s?,s:s,s:s?,s:i,s:i,s:s,s:s?,s:I}", "id", (json_int_t)c->id,
			 "tracking_no", c->tracking_no, "severity", c->severity, "status", c->status,
			 "category", c->category, "level", c->level, "reopen_count", c->reopen_count,
			 "content", c->content, "object", c->object, "complaints",
			 (json_int_t)(c->repeat ? c->repeat : 1));
}

static json_t *cases(const struct report_stats *s)
{
	json_t *sev = json_array(), *rep = json_array(), *acts = json_array();
	for (int i = 0; i < s->nsevere; i++)
		json_array_append_new(sev, case_json(&s->severe[i]));
	for (int i = 0; i < s->nrepeated; i++)
		json_array_append_new(rep, case_json(&s->repeated[i]));
	for (int i = 0; i < s->nactions; i++) {
		char due[40];
		json_array_append_new(
			acts, json_pack("{s:s,s:s,s:s,s:s,s:b,s:s}", "tracking_no",
					s->actions[i].tracking_no, "department",
					s->actions[i].department, "what", s->actions[i].what, "state",
					s->actions[i].state, "overdue", s->actions[i].overdue, "due_at",
					clock_format(s->actions[i].due_at, due, sizeof due)));
	}
	json_t *impr = json_array();
	for (int i = 0; i < s->nimprovements; i++) {
		const struct improvement_action *x = &s->improvements[i];
		char due[40];
		int open = !strcmp(x->state, "proposed") || !strcmp(x->state, "accepted") ||
			   !strcmp(x->state, "failed");
		json_t *v = x->verification ? json_loads(x->verification, 0, NULL) : NULL;
		json_array_append_new(
			impr, json_pack("{s:I,s:s,s:s,s:s,s:s,s:s,s:b,s:o}", "id", (json_int_t)x->id,
					"what", x->what, "cause", x->cause, "department",
					x->department, "state", x->state, "due_at",
					clock_format(x->due_at, due, sizeof due), "overdue",
					open && x->due_at < s->f.to, "verification",
					v ? v : json_null()));
	}
	return json_pack("{s:o,s:o,s:o,s:{s:I,s:I,s:I},s:o,s:{s:I,s:I,s:I,s:I,s:I,s:I,s:I}}",
			 "most_severe", sev, "most_repeated", rep, "actions", acts, "action_counts",
			 "handed", (json_int_t)s->tasks_by_department.total, "open",
			 (json_int_t)s->actions_open, "overdue", (json_int_t)s->actions_overdue,
			 "improvements", impr, "improvement_counts", "total",
			 (json_int_t)s->impr_total, "made", (json_int_t)s->impr_made, "open",
			 (json_int_t)s->impr_open, "overdue", (json_int_t)s->impr_overdue,
			 "awaiting_verification", (json_int_t)s->impr_awaiting, "verified",
			 (json_int_t)s->impr_verified, "failed", (json_int_t)s->impr_failed);
}

json_t *report_section_json(const struct report *r, const char *section)
{
	const struct report_stats *s = &r->cur;
	if (!strcmp(section, "summary"))
		return summary(r);
	if (!strcmp(section, "volume"))
		return volume(s);
	if (!strcmp(section, "categories"))
		return categories(s);
	if (!strcmp(section, "causes"))
		return causes(r);
	if (!strcmp(section, "validity"))
		return validity(s);
	if (!strcmp(section, "responsibility"))
		return responsibility(s);
	if (!strcmp(section, "ideas"))
		return ideas(s);
	if (!strcmp(section, "clocks"))
		return clocks(s);
	if (!strcmp(section, "escalations"))
		return escalations(s);
	if (!strcmp(section, "compensation"))
		return compensation(s);
	if (!strcmp(section, "satisfaction"))
		return satisfaction(s);
	if (!strcmp(section, "risk"))
		return risk(s);
	if (!strcmp(section, "cases"))
		return cases(s);
	if (!strcmp(section, "reviews"))
		return r->reviews ? json_deep_copy(r->reviews) : json_null();
	if (!strcmp(section, "incidents"))
		return r->incidents ? json_deep_copy(r->incidents) : json_null();
	if (!strcmp(section, "winback"))
		return r->winback ? json_deep_copy(r->winback) : json_null();
	return NULL;
}

json_t *report_json(const struct report *r)
{
	char from[40], to[40], at[40];
	json_t *o = json_pack("{s:{s:s,s:s},s:s?,s:s?,s:s}", "period", "from",
			      clock_format(r->cur.f.from, from, sizeof from), "to",
			      clock_format(r->cur.f.to, to, sizeof to), "team", r->team_name,
			      "company", r->company,
			      "generated_at", clock_format(r->generated_at, at, sizeof at));
	for (int i = 0; report_sections[i]; i++)
		json_object_set_new(o, report_sections[i], report_section_json(r, report_sections[i]));
	return o;
}
