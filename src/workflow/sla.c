/*
 * sla.c - the SLA policy (domain.md 5): the targets of the acknowledge,
 * first response and resolution clocks by severity, rules that replace
 * them for a channel, a category or a severity, the follow-up, callback
 * and 12315 negotiation durations, when to warn, and the key-customer
 * rule. The defaults are one table; an administrator's policy is stored
 * as JSON (PUT /api/v1/sla).
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/jread.h"
#include "workflow_int.h"

static const char *const per_severity[3] = {"acknowledge", "first_response", "resolution"};

#define M(m) {.minutes = (m)}
#define H(h) {.minutes = (h) * 60}
#define WD(d) {.minutes = (d), .working_days = 1}

/* domain.md 5: first response critical 1 h, high 2 h, normal 4 h, low
 * 1 working day; resolution 1, 3, 5 and 10 working days. */
static const struct wf_duration sla_defaults[SEV__COUNT][3] = {
	/*               acknowledge first_response resolution */
	[SEV_LOW] = {H(2), WD(1), WD(10)},
	[SEV_NORMAL] = {H(1), H(4), WD(5)},
	[SEV_HIGH] = {M(30), H(2), WD(3)},
	[SEV_CRITICAL] = {M(15), H(1), WD(1)},
};

void wf_sla_default(struct wf_sla *sla)
{
	memset(sla, 0, sizeof *sla);
	memcpy(sla->by_severity, sla_defaults, sizeof sla_defaults);
	sla->follow_up = (struct wf_duration)WD(3);
	sla->callback = (struct wf_duration){.minutes = 7 * 24 * 60, .calendar = 1};
	sla->negotiation = (struct wf_duration)WD(10);
	sla->warn_percent = 80;
	sla->key_min_severity = SEV_HIGH;
	sla->key_repeat_days = 90;
	/* domain.md 6: supervisors call on key customers on a schedule */
	sla->visits.every_months = 1;
	sla->visits.times = 3;
	sla->visits.method = 0;
	sla->auto_max_level = LEVEL_MANAGEMENT;
}

int wf_severity(const char *severity)
{
	int s = enum_index(en_severity, severity);
	return s < 0 ? SEV_NORMAL : s;
}

/* "90m", "4h" (working time), "5wd" (working days), "7d" (calendar days). */
static int parse_duration(const char *s, struct wf_duration *d)
{
	if (!s || !isdigit((unsigned char)*s))
		return -1;
	char *end;
	long long n = strtoll(s, &end, 10);
	if (n <= 0 || n > 100000)
		return -1;
	memset(d, 0, sizeof *d);
	if (strcmp(end, "m") == 0)
		d->minutes = n;
	else if (strcmp(end, "h") == 0)
		d->minutes = n * 60;
	else if (strcmp(end, "wd") == 0 && n <= 365)
		d->minutes = n, d->working_days = 1;
	else if (strcmp(end, "d") == 0 && n <= 365)
		d->minutes = n * 24 * 60, d->calendar = 1;
	else
		return -1;
	return 0;
}

/* The visits' interval: "3mo" (calendar months, 1-12) or "30d" (calendar
 * days, 1-365). */
static int parse_every(const char *s, int *months, int *days)
{
	if (!isdigit((unsigned char)*s))
		return -1;
	char *end;
	long n = strtol(s, &end, 10);
	if (strcmp(end, "mo") == 0 && n >= 1 && n <= 12)
		*months = (int)n, *days = 0;
	else if (strcmp(end, "d") == 0 && n >= 1 && n <= 365)
		*days = (int)n, *months = 0;
	else
		return -1;
	return 0;
}

static json_t *duration_json(const struct wf_duration *d)
{
	char buf[32];
	if (d->working_days)
		snprintf(buf, sizeof buf, "%lldwd", (long long)d->minutes);
	else if (d->calendar)
		snprintf(buf, sizeof buf, "%lldd", (long long)(d->minutes / (24 * 60)));
	else if (d->minutes % 60 == 0)
		snprintf(buf, sizeof buf, "%lldh", (long long)(d->minutes / 60));
	else
		snprintf(buf, sizeof buf, "%lldm", (long long)d->minutes);
	return json_string(buf);
}

/* A duration member of r, or *d unchanged when absent; working time only
 * unless calendar days are allowed. */
static void read_duration(const struct jread *r, const char *name, int calendar_ok,
			  struct wf_duration *d)
{
	const char *s = jread_str(r, name, 16, 0);
	struct wf_duration v;
	if (!s)
		return;
	if (parse_duration(s, &v))
		jread_fail(r, name, KE_INVALID_VALUE,
			   "must be a duration: 90m or 4h (working time), 5wd (working days) or 7d (calendar days)");
	else if (v.calendar && !calendar_ok)
		jread_fail(r, name, KE_INVALID_VALUE, "counts working time: use m, h or wd");
	else
		*d = v;
}

int wf_sla_from_json(json_t *j, struct wf_sla *out, struct kesu_err *err)
{
	static const char *const top[] = {"severity",	 "rules",	 "follow_up",
					  "callback",	 "negotiation", "key_customer",
					  "warn_percent", "auto_escalation_max_level",
					  "key_customer_visits", NULL};
	static const char *const rule_keys[] = {"channel",	  "category",	"severity",
						"acknowledge",	  "first_response", "resolution",
						NULL};
	static const char *const key_keys[] = {"min_severity", "repeat_within_days", NULL};
	static const char *const visit_keys[] = {"every", "times", "method", NULL};
	static const char *const per_severity_keys[] = {"acknowledge", "first_response",
							"resolution", NULL};
	struct wf_sla sla;
	wf_sla_default(&sla);
	if (!json_is_object(j))
		return kesu_fail(err, KE_WRONG_TYPE, "", "the policy must be a JSON object");
	struct jread_state st = {.err = err};
	struct jread r = jread_doc(j, &st);
	jread_object(&r, top, 1);
	struct jread by = jread_at(&r, "severity");
	if (by.v && json_is_object(by.v)) {
		const char *k;
		json_t *v;
		json_object_foreach(by.v, k, v) {
			int sev = enum_index(en_severity, k);
			struct jread one = jread_at(&by, k);
			if (sev < 0) {
				jread_fail(&by, NULL, KE_INVALID_VALUE,
					   "'%s' is not low, normal, high or critical", k);
				break;
			}
			jread_object(&one, per_severity_keys, 1);
			for (int c = 0; c < 3; c++)
				read_duration(&one, per_severity[c], 0, &sla.by_severity[sev][c]);
		}
	} else if (by.v) {
		jread_fail(&by, NULL, KE_WRONG_TYPE, "must be an object by severity");
	}
	read_duration(&r, "follow_up", 1, &sla.follow_up);
	read_duration(&r, "callback", 1, &sla.callback);
	read_duration(&r, "negotiation", 1, &sla.negotiation);
	struct jread rules = jread_at(&r, "rules");
	size_t n;
	jread_array(&rules, WF_RULES_MAX, 0, &n);
	if (rules.v)
		sla.nrules = (int)n;
	for (size_t i = 0; i < n && !st.rc; i++) {
		struct wf_sla_rule *ru = &sla.rules[i];
		struct jread one = jread_item(&rules, i);
		memset(ru, 0, sizeof *ru);
		jread_object(&one, rule_keys, 1);
		const char *ch = jread_str(&one, "channel", WF_SLA_CHANNEL_MAX, 0);
		const char *cat = jread_str(&one, "category", WF_SLA_CATEGORY_MAX, 0);
		ru->severity = jread_enum(&one, "severity", en_severity, -1);
		snprintf(ru->channel, sizeof ru->channel, "%s", ch ? ch : "");
		snprintf(ru->category, sizeof ru->category, "%s", cat ? cat : "");
		int targets = 0;
		for (int c = 0; c < 3; c++) {
			read_duration(&one, per_severity[c], 0, &ru->target[c]);
			targets += ru->target[c].minutes != 0;
		}
		if (!ch && !cat && ru->severity < 0)
			jread_fail(&one, NULL, KE_INVALID_VALUE,
				   "needs a condition: channel, category or severity");
		else if (!targets)
			jread_fail(&one, NULL, KE_INVALID_VALUE,
				   "needs a target: acknowledge, first_response or resolution");
	}
	struct jread key = jread_at(&r, "key_customer");
	jread_object(&key, key_keys, 0);
	sla.key_min_severity = jread_enum(&key, "min_severity", en_severity, sla.key_min_severity);
	sla.key_repeat_days =
		(int)jread_int(&key, "repeat_within_days", 0, 3650, sla.key_repeat_days);
	struct jread vis = jread_at(&r, "key_customer_visits");
	jread_object(&vis, visit_keys, 0);
	const char *every = jread_str(&vis, "every", 16, 0);
	if (every && parse_every(every, &sla.visits.every_months, &sla.visits.every_days))
		jread_fail(&vis, "every", KE_INVALID_VALUE,
			   "must be a number of months (1mo to 12mo) or of days (1d to 365d)");
	sla.visits.times = (int)jread_int(&vis, "times", 0, 12, sla.visits.times);
	sla.visits.method = jread_enum(&vis, "method", en_visit_method, sla.visits.method);
	sla.warn_percent = (int)jread_int(&r, "warn_percent", 1, 99, sla.warn_percent);
	sla.auto_max_level =
		jread_enum(&r, "auto_escalation_max_level", en_level, sla.auto_max_level);
	/* the platform and PR record an outside fact only a person knows */
	if (!st.rc && sla.auto_max_level > LEVEL_MANAGEMENT)
		jread_fail(&r, "auto_escalation_max_level", KE_INVALID_VALUE,
			   "must be agent, supervisor or management: platform and pr are a person's decision");
	if (st.rc)
		return st.rc;
	*out = sla;
	return 0;
}

void wf_sla_targets(const struct wf_sla *sla, const char *severity, const char *channel,
		    const char *category, struct wf_duration out[3])
{
	int sev = wf_severity(severity);
	for (int k = 0; k < 3; k++)
		out[k] = sla->by_severity[sev][k];
	for (int i = 0; i < sla->nrules; i++) {
		const struct wf_sla_rule *r = &sla->rules[i];
		if ((r->channel[0] && (!channel || strcmp(r->channel, channel) != 0)) ||
		    (r->category[0] && (!category || strcmp(r->category, category) != 0)) ||
		    (r->severity >= 0 && r->severity != sev))
			continue;
		for (int k = 0; k < 3; k++)
			if (r->target[k].minutes)
				out[k] = r->target[k];
		return;
	}
}

json_t *wf_sla_to_json(const struct wf_sla *sla)
{
	json_t *rules = json_array();
	for (int i = 0; i < sla->nrules; i++) {
		const struct wf_sla_rule *r = &sla->rules[i];
		json_t *o = json_object();
		if (r->channel[0])
			json_object_set_new(o, "channel", json_string(r->channel));
		if (r->category[0])
			json_object_set_new(o, "category", json_string(r->category));
		if (r->severity >= 0)
			json_object_set_new(o, "severity", json_string(en_severity[r->severity].name));
		for (int k = 0; k < 3; k++)
			if (r->target[k].minutes)
				json_object_set_new(o, per_severity[k], duration_json(&r->target[k]));
		json_array_append_new(rules, o);
	}
	json_t *by = json_object();
	for (int s = 0; s < SEV__COUNT; s++) {
		json_t *o = json_object();
		for (int c = 0; c < 3; c++)
			json_object_set_new(o, per_severity[c], duration_json(&sla->by_severity[s][c]));
		json_object_set_new(by, en_severity[s].name, o);
	}
	char every[16];
	snprintf(every, sizeof every, sla->visits.every_months ? "%dmo" : "%dd",
		 sla->visits.every_months ? sla->visits.every_months : sla->visits.every_days);
	return json_pack("{s:o,s:o,s:o,s:o,s:o,s:i,s:{s:s,s:i},s:s,s:{s:s,s:i,s:s}}", "severity",
			 by, "rules", rules,
			 "follow_up",
			 duration_json(&sla->follow_up), "callback", duration_json(&sla->callback),
			 "negotiation", duration_json(&sla->negotiation), "warn_percent",
			 sla->warn_percent, "key_customer", "min_severity",
			 en_severity[sla->key_min_severity].name, "repeat_within_days",
			 sla->key_repeat_days, "auto_escalation_max_level",
			 en_level[sla->auto_max_level].name, "key_customer_visits", "every", every,
			 "times", sla->visits.times, "method", en_visit_method[sla->visits.method].name);
}


/* "15 min", "4 h", "1 working day", "7 days", as the docs write them. */
static const char *duration_words(const struct wf_duration *d, char *buf, size_t size)
{
	long long m = (long long)d->minutes;
	if (d->working_days)
		snprintf(buf, size, "%lld working day%s", m, m == 1 ? "" : "s");
	else if (d->calendar)
		snprintf(buf, size, "%lld day%s", m / (24 * 60), m == 24 * 60 ? "" : "s");
	else if (m % 60 == 0)
		snprintf(buf, size, "%lld h", m / 60);
	else
		snprintf(buf, size, "%lld min", m);
	return buf;
}

/* "3 calls by a supervisor, one a month" */
static const char *visits_words(const struct wf_sla *sla, char *buf, size_t size)
{
	int n = sla->visits.every_months ? sla->visits.every_months : sla->visits.every_days;
	const char *unit = sla->visits.every_months ? "month" : "day";
	if (!sla->visits.times)
		snprintf(buf, size, "no visits");
	else if (n == 1)
		snprintf(buf, size, "%d %s%s by a supervisor, one a %s", sla->visits.times,
			 en_visit_method[sla->visits.method].name, sla->visits.times == 1 ? "" : "s",
			 unit);
	else
		snprintf(buf, size, "%d %s%s by a supervisor, one every %d %ss", sla->visits.times,
			 en_visit_method[sla->visits.method].name, sla->visits.times == 1 ? "" : "s",
			 n, unit);
	return buf;
}

void wf_sla_print(FILE *f, const struct wf_sla *sla, int markdown)
{
	char b[3][80];
	if (markdown)
		fprintf(f, "| severity | acknowledge | first response | resolution |\n|---|---|---|---|\n");
	else
		fprintf(f, "  %-10s %-16s %-16s %s\n", "severity", "acknowledge", "first response",
			"resolution");
	for (int s = SEV__COUNT - 1; s >= 0; s--) {
		for (int k = 0; k < 3; k++)
			duration_words(&sla->by_severity[s][k], b[k], sizeof b[k]);
		if (markdown)
			fprintf(f, "| %s | %s | %s | %s |\n", en_severity[s].name, b[0], b[1], b[2]);
		else
			fprintf(f, "  %-10s %-16s %-16s %s\n", en_severity[s].name, b[0], b[1], b[2]);
	}
	if (markdown) {
		fprintf(f, "\nA breach, a second or later reopen or a threat escalates a complaint at most "
			   "to `%s` (`auto_escalation_max_level`).\n",
			en_level[sla->auto_max_level].name);
		fprintf(f, "\nThe follow-up within %s of the resolution and the callback within %s "
			   "are the team's supervisors' (`follow_up.duty`).\n",
			duration_words(&sla->follow_up, b[0], sizeof b[0]),
			duration_words(&sla->callback, b[1], sizeof b[1]));
		fprintf(f, "A key customer's closed complaint plans %s (`key_customer_visits`).\n",
			visits_words(sla, b[2], sizeof b[2]));
		return;
	}
	fprintf(f, "\n  follow-up within %s of the resolution, the callback within %s;\n",
		duration_words(&sla->follow_up, b[0], sizeof b[0]),
		duration_words(&sla->callback, b[1], sizeof b[1]));
	fprintf(f, "  regulator (12315) complaints: negotiation within %s;\n",
		duration_words(&sla->negotiation, b[2], sizeof b[2]));
	fprintf(f, "  a warning when %d%% of a clock has passed; a key customer from severity %s,\n"
		   "  or a second complaint within %d days;\n",
		sla->warn_percent, en_severity[sla->key_min_severity].name, sla->key_repeat_days);
	fprintf(f, "  the follow-up and the callback are the team's supervisors' (follow_up.duty);\n"
		   "  a key customer's closed complaint plans %s;\n",
		visits_words(sla, b[0], sizeof b[0]));
	fprintf(f, "  a breach, a second or later reopen or a threat escalates at most to %s;\n"
		   "  platform and pr are a person's decision.\n",
		en_level[sla->auto_max_level].name);
}
