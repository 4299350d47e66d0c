/*
 * clocks.c - the SLA policy and the clocks it sets on each complaint
 * (domain.md 5): acknowledge, first response and resolution by severity;
 * follow-up and callback after resolution; the 12315 negotiation deadline
 * for regulator complaints. Clocks count working time on the business
 * calendar (the callback counts calendar days), pause while the complaint
 * waits for the customer, warn at warn_percent and breach at their due
 * time.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../util/clock.h"
#include "workflow_int.h"

#define MINUTE 60000LL

const char *const wf_clock_names[CK__COUNT] = {
	"acknowledge", "first_response", "resolution", "negotiation", "follow_up", "callback",
};
static const char *const severities[WF_SEVERITIES] = {"low", "normal", "high", "critical"};
static const char *const per_severity[3] = {"acknowledge", "first_response", "resolution"};

static int severity_index(const char *s)
{
	for (int i = 0; s && i < WF_SEVERITIES; i++)
		if (strcmp(severities[i], s) == 0)
			return i;
	return 1; /* normal */
}

/* --- durations and the SLA policy ---------------------------------------- */

static struct wf_duration mins(int64_t m)
{
	return (struct wf_duration){.minutes = m};
}

static struct wf_duration wdays(int d)
{
	return (struct wf_duration){.minutes = d, .working_days = 1};
}

void wf_sla_default(struct wf_sla *sla)
{
	/* domain.md 5: first response critical 1 h, high 2 h, normal 4 h, low
	 * 1 working day; resolution 1, 3, 5 and 10 working days. */
	static const int64_t ack[] = {120, 60, 30, 15};
	static const int64_t first[] = {-1, 240, 120, 60};
	static const int res[] = {10, 5, 3, 1};
	memset(sla, 0, sizeof *sla);
	for (int s = 0; s < WF_SEVERITIES; s++) {
		sla->by_severity[s][0] = mins(ack[s]);
		sla->by_severity[s][1] = first[s] < 0 ? wdays(1) : mins(first[s]);
		sla->by_severity[s][2] = wdays(res[s]);
	}
	sla->follow_up = wdays(3);
	sla->callback = (struct wf_duration){.minutes = 7 * 24 * 60, .calendar = 1};
	sla->negotiation = wdays(10);
	sla->warn_percent = 80;
	sla->key_min_severity = 2; /* high */
	sla->key_repeat_days = 90;
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

static int read_duration(json_t *v, const char *field, struct wf_duration *d,
			 struct kesu_err *err)
{
	if (parse_duration(json_string_value(v), d))
		return kesu_fail(err, KE_INVALID_VALUE, field,
				 "must be a duration: 90m or 4h (working time), 5wd (working days) or 7d (calendar days)");
	return 0;
}

int wf_sla_from_json(json_t *j, struct wf_sla *out, struct kesu_err *err)
{
	struct wf_sla sla;
	wf_sla_default(&sla);
	if (!json_is_object(j))
		return kesu_fail(err, KE_WRONG_TYPE, "", "the policy must be a JSON object");
	const char *k;
	json_t *v;
	char field[64];
	json_object_foreach(j, k, v) {
		if (strcmp(k, "severity") == 0) {
			const char *sk;
			json_t *sv;
			if (!json_is_object(v))
				return kesu_fail(err, KE_WRONG_TYPE, "severity",
						 "must be an object by severity");
			json_object_foreach(v, sk, sv) {
				int s = -1;
				for (int i = 0; i < WF_SEVERITIES; i++)
					if (strcmp(severities[i], sk) == 0)
						s = i;
				if (s < 0 || !json_is_object(sv))
					return kesu_fail(err, KE_INVALID_VALUE, "severity",
							 "'%s' is not low, normal, high or critical", sk);
				const char *ck;
				json_t *cv;
				json_object_foreach(sv, ck, cv) {
					int c = -1;
					for (int i = 0; i < 3; i++)
						if (strcmp(per_severity[i], ck) == 0)
							c = i;
					snprintf(field, sizeof field, "severity.%s.%s", sk, ck);
					if (c < 0)
						return kesu_fail(err, KE_UNKNOWN_FIELD, field,
								 "is not acknowledge, first_response or resolution");
					if (read_duration(cv, field, &sla.by_severity[s][c], err))
						return -err->code;
					if (sla.by_severity[s][c].calendar)
						return kesu_fail(err, KE_INVALID_VALUE, field,
								 "counts working time: use m, h or wd");
				}
			}
		} else if (strcmp(k, "follow_up") == 0) {
			if (read_duration(v, k, &sla.follow_up, err))
				return -err->code;
		} else if (strcmp(k, "callback") == 0) {
			if (read_duration(v, k, &sla.callback, err))
				return -err->code;
		} else if (strcmp(k, "negotiation") == 0) {
			if (read_duration(v, k, &sla.negotiation, err))
				return -err->code;
		} else if (strcmp(k, "rules") == 0) {
			size_t i;
			json_t *r;
			if (!json_is_array(v) || json_array_size(v) > WF_RULES_MAX)
				return kesu_fail(err, KE_INVALID_VALUE, "rules",
						 "must be an array of at most %d rules", WF_RULES_MAX);
			sla.nrules = 0;
			json_array_foreach(v, i, r) {
				struct wf_sla_rule *ru = &sla.rules[sla.nrules];
				memset(ru, 0, sizeof *ru);
				ru->severity = -1;
				const char *rk;
				json_t *rv;
				int targets = 0, conds = 0;
				if (!json_is_object(r))
					return kesu_fail(err, KE_WRONG_TYPE, "rules",
							 "item %zu must be an object", i);
				json_object_foreach(r, rk, rv) {
					snprintf(field, sizeof field, "rules.%zu.%s", i, rk);
					const char *sv = json_string_value(rv);
					int c = -1;
					for (int x = 0; x < 3; x++)
						if (strcmp(per_severity[x], rk) == 0)
							c = x;
					if (c >= 0) {
						if (read_duration(rv, field, &ru->target[c], err))
							return -err->code;
						if (ru->target[c].calendar)
							return kesu_fail(err, KE_INVALID_VALUE, field,
									 "counts working time: use m, h or wd");
						targets++;
					} else if (strcmp(rk, "channel") == 0 && sv && strlen(sv) < sizeof ru->channel) {
						snprintf(ru->channel, sizeof ru->channel, "%s", sv);
						conds++;
					} else if (strcmp(rk, "category") == 0 && sv && strlen(sv) < sizeof ru->category) {
						snprintf(ru->category, sizeof ru->category, "%s", sv);
						conds++;
					} else if (strcmp(rk, "severity") == 0 && sv) {
						for (int x = 0; x < WF_SEVERITIES; x++)
							if (strcmp(severities[x], sv) == 0)
								ru->severity = x;
						if (ru->severity < 0)
							return kesu_fail(err, KE_INVALID_VALUE, field,
									 "must be low, normal, high or critical");
						conds++;
					} else {
						return kesu_fail(err, KE_INVALID_VALUE, field,
								 "is not channel, category, severity or a target");
					}
				}
				if (!conds || !targets)
					return kesu_fail(err, KE_INVALID_VALUE, "rules",
							 "item %zu needs a condition (channel, category, severity) and a target", i);
				sla.nrules++;
			}
		} else if (strcmp(k, "key_customer") == 0) {
			json_t *ms = json_object_get(v, "min_severity");
			json_t *rd = json_object_get(v, "repeat_within_days");
			int s = -1;
			for (int i = 0; ms && i < WF_SEVERITIES; i++)
				if (json_is_string(ms) && strcmp(severities[i], json_string_value(ms)) == 0)
					s = i;
			if (!json_is_object(v) || (ms && s < 0) ||
			    (rd && (!json_is_integer(rd) || json_integer_value(rd) < 0 ||
				    json_integer_value(rd) > 3650)) ||
			    json_object_size(v) > (size_t)(!!ms + !!rd))
				return kesu_fail(err, KE_INVALID_VALUE, k,
						 "must be {\"min_severity\": low|normal|high|critical, \"repeat_within_days\": 0-3650}");
			if (ms)
				sla.key_min_severity = s;
			if (rd)
				sla.key_repeat_days = (int)json_integer_value(rd);
		} else if (strcmp(k, "warn_percent") == 0) {
			if (!json_is_integer(v) || json_integer_value(v) < 1 ||
			    json_integer_value(v) > 99)
				return kesu_fail(err, KE_INVALID_VALUE, k, "must be 1 to 99");
			sla.warn_percent = (int)json_integer_value(v);
		} else {
			return kesu_fail(err, KE_UNKNOWN_FIELD, k, "is not a known field");
		}
	}
	*out = sla;
	return 0;
}

void wf_sla_targets(const struct wf_sla *sla, const char *severity, const char *channel,
		    const char *category, struct wf_duration out[3])
{
	int sev = severity_index(severity);
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
			json_object_set_new(o, "severity", json_string(severities[r->severity]));
		for (int k = 0; k < 3; k++)
			if (r->target[k].minutes)
				json_object_set_new(o, per_severity[k], duration_json(&r->target[k]));
		json_array_append_new(rules, o);
	}
	json_t *by = json_object();
	for (int s = 0; s < WF_SEVERITIES; s++) {
		json_t *o = json_object();
		for (int c = 0; c < 3; c++)
			json_object_set_new(o, per_severity[c], duration_json(&sla->by_severity[s][c]));
		json_object_set_new(by, severities[s], o);
	}
	return json_pack("{s:o,s:o,s:o,s:o,s:o,s:i,s:{s:s,s:i}}", "severity", by, "rules", rules,
			 "follow_up",
			 duration_json(&sla->follow_up), "callback", duration_json(&sla->callback),
			 "negotiation", duration_json(&sla->negotiation), "warn_percent",
			 sla->warn_percent, "key_customer", "min_severity",
			 severities[sla->key_min_severity], "repeat_within_days",
			 sla->key_repeat_days);
}

/* --- the settings in force -------------------------------------------------- */

static struct wf_settings current;
static int loaded;

int wf_settings_read(struct store_conn *c, struct wf_settings *out, struct kesu_err *err)
{
	struct arena *a = arena_new();
	const char *cal = NULL, *sla = NULL;
	int rc = store_setting_get(c, "calendar", a, &cal, err);
	if (!rc)
		rc = store_setting_get(c, "sla", a, &sla, err);
	cal_default(&out->cal);
	wf_sla_default(&out->sla);
	json_t *j;
	if (!rc && cal && (j = json_loads(cal, 0, NULL))) {
		rc = cal_from_json(j, &out->cal, err);
		json_decref(j);
	}
	if (!rc && sla && (j = json_loads(sla, 0, NULL))) {
		rc = wf_sla_from_json(j, &out->sla, err);
		json_decref(j);
	}
	arena_free(a);
	return rc;
}

const struct wf_settings *wf_settings(struct store_conn *c, struct kesu_err *err)
{
	if (!loaded) {
		if (wf_settings_read(c, &current, err))
			return NULL;
		loaded = 1;
	}
	return &current;
}

void wf_settings_changed(void)
{
	loaded = 0;
}

/* --- clock operations ------------------------------------------------------- */

static int64_t duration_ms(const struct wf_settings *s, const struct wf_duration *d)
{
	return d->working_days ? d->minutes * cal_day_length(&s->cal) : d->minutes * MINUTE;
}

static int64_t advance(const struct wf_settings *s, int working, int64_t from, int64_t ms)
{
	if (!working)
		return from + ms;
	int64_t t = cal_add(&s->cal, from, ms);
	return t < 0 ? INT64_MAX / 2 : t; /* no working time: never due */
}

/* Sets due, warn and next of a running clock with `left` of its target
 * still to run from now. */
static void schedule(const struct wf_settings *s, struct clock_row *k, int64_t now, int64_t left)
{
	int64_t before_warn = left - k->target_ms * (100 - s->sla.warn_percent) / 100;
	k->due_at = advance(s, k->working, now, left);
	k->warn_at = k->warned || before_warn < 0 ? 0 : advance(s, k->working, now, before_warn);
	k->next_at = k->warn_at && k->warn_at < k->due_at ? k->warn_at : k->due_at;
}

int wf_clocks_load(struct store_conn *c, int64_t complaint_id, struct arena *a,
		   struct wf_clocks *set, struct kesu_err *err)
{
	struct clock_row *items;
	int n;
	int rc = store_clocks_of(c, complaint_id, a, &items, &n, err);
	if (rc)
		return rc;
	set->complaint_id = complaint_id;
	set->n = n;
	memcpy(set->k, items, sizeof *items * (size_t)n);
	return 0;
}

int wf_clocks_save(struct store_conn *c, const struct wf_clocks *set, struct kesu_err *err)
{
	return store_clocks_put(c, set->complaint_id, set->k, set->n, err);
}

static int kind_of(const struct clock_row *k)
{
	for (int j = 0; j < CK__COUNT; j++)
		if (strcmp(wf_clock_names[j], k->kind) == 0)
			return j;
	return -1;
}

void wf_clock_start(const struct wf_settings *s, struct wf_clocks *set,
		    enum wf_clock_kind kind, const struct wf_duration *d, int64_t now)
{
	/* a restarted clock leaves its old place: the set stays in start order */
	int at = 0;
	for (int i = 0; i < set->n; i++)
		if (kind_of(&set->k[i]) != (int)kind)
			set->k[at++] = set->k[i];
	set->n = at;
	struct clock_row *k = &set->k[set->n++];
	*k = (struct clock_row){.complaint_id = set->complaint_id, .kind = wf_clock_names[kind],
				.state = "running", .started_at = now,
				.target_ms = duration_ms(s, d), .working = !d->calendar};
	schedule(s, k, now, k->target_ms);
}

void wf_clocks_apply(const struct wf_settings *s, struct wf_clocks *set, unsigned mask,
		     int op, int64_t now)
{
	for (int i = 0; i < set->n; i++) {
		struct clock_row *k = &set->k[i];
		int kind = kind_of(k);
		if (kind < 0 || !(mask & (1u << kind)))
			continue;
		int running = strcmp(k->state, "running") == 0;
		int paused = strcmp(k->state, "paused") == 0;
		if (op == OP_MEET && (running || paused)) {
			/* the working time the clock took, kept for the reports */
			int64_t left = paused ? k->remaining_ms
				       : k->due_at <= now ? 0
				       : k->working	   ? cal_between(&s->cal, now, k->due_at)
							   : k->due_at - now;
			k->used_ms = k->target_ms > left ? k->target_ms - left : 0;
			k->state = "met";
			k->done_at = now;
			k->next_at = 0;
		} else if (op == OP_MEET && strcmp(k->state, "breached") == 0 && !k->used_ms) {
			/* met late: the target and the (working) time past the due time */
			int64_t past = k->due_at >= now ? 0
				       : k->working    ? cal_between(&s->cal, k->due_at, now)
						       : now - k->due_at;
			k->used_ms = k->target_ms + past;
		} else if (op == OP_PAUSE && running && k->working) {
			k->state = "paused";
			k->remaining_ms = k->due_at > now ? cal_between(&s->cal, now, k->due_at) : 0;
			k->due_at = k->warn_at = k->next_at = 0;
		} else if (op == OP_RESUME && paused) {
			k->state = "running";
			schedule(s, k, now, k->remaining_ms);
			k->remaining_ms = 0;
		}
	}
}

/* --- the scheduler ----------------------------------------------------------- */

static int clock_event(struct store_conn *c, const struct clock_row *k, const char *kind,
		       int64_t now, struct kesu_err *err)
{
	char due[40];
	json_t *d = json_pack("{s:s,s:s}", "clock", k->kind, "due_at",
			      clock_format(k->due_at, due, sizeof due));
	char *data = json_dumps(d, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(d);
	struct event e = {.complaint_id = k->complaint_id, .at = now, .actor = "system",
			  .kind = kind, .data = data};
	int rc = store_event_append(c, &e, err);
	free(data);
	return rc;
}

/* Acts on the clocks of one complaint whose next_at has passed: a breach
 * escalates one level, a warning tells the team. Counts them in *done. */
static int tick_complaint(struct store_conn *c, const struct wf_settings *s, int64_t id,
			  int64_t now, struct arena *a, int *done, struct kesu_err *err)
{
	struct wf_clocks set;
	struct complaint cp, after;
	int rc = wf_clocks_load(c, id, a, &set, err);
	if (!rc)
		rc = store_complaint_get(c, id, NULL, a, &cp, err);
	if (rc)
		return rc;
	int breached[CLOCKS_MAX], warned[CLOCKS_MAX];
	for (int i = 0; i < set.n; i++) {
		struct clock_row *k = &set.k[i];
		breached[i] = warned[i] = 0;
		if (!k->next_at || k->next_at > now)
			continue;
		if (k->due_at <= now) {
			k->state = "breached";
			k->done_at = now;
			k->next_at = 0;
			k->warned = 1;
			breached[i] = 1;
		} else {
			k->warned = 1;
			k->next_at = k->due_at;
			warned[i] = 1;
		}
	}
	/* the clocks first: an escalation below may change them again */
	if ((rc = wf_clocks_save(c, &set, err)))
		return rc;
	for (int i = 0; !rc && i < set.n; i++) {
		const struct clock_row *k = &set.k[i];
		if (breached[i]) {
			if ((rc = clock_event(c, k, "clock_breached", now, err)))
				break;
			char reason[64];
			snprintf(reason, sizeof reason, "%s clock breached", k->kind);
			if (cp.level + 1 < wf_nlevels) {
				rc = wf_escalate(c, &cp, -1, "breach", reason, 0, "system", now, a,
						 &after, err);
				if (!rc)
					cp = after;
			}
		} else if (warned[i]) {
			if ((rc = clock_event(c, k, "clock_warning", now, err)))
				break;
			char to[64], due[40];
			snprintf(to, sizeof to, "team:%lld%s", (long long)cp.team_id,
				 cp.assignee_id ? ";assignee" : "");
			json_t *d = json_pack("{s:s,s:s,s:s}", "tracking_no", cp.tracking_no, "clock",
					      k->kind, "due_at", clock_format(k->due_at, due, sizeof due));
			char *data = json_dumps(d, JSON_COMPACT | JSON_SORT_KEYS);
			json_decref(d);
			struct outbox_item o = {.complaint_id = cp.id, .audience = "staff",
						.kind = "clock_warning", .channel = "workspace",
						.recipient = to, .language = "zh-CN", .data = data,
						.created_at = now};
			rc = store_outbox_put(c, &o, err);
			free(data);
		} else {
			continue;
		}
		if (!rc)
			(*done)++;
	}
	return rc;
}

int wf_tick(struct store_conn *c, int64_t now, int limit, int *done, struct kesu_err *err)
{
	struct arena *a = arena_new();
	const struct wf_settings *s = wf_settings(c, err);
	int64_t *ids = arena_alloc(a, sizeof *ids * (size_t)(limit > 0 ? limit : 1));
	int n = 0, rc = s ? store_clocks_due(c, now, limit, ids, &n, err) : -(int)err->code;
	*done = 0;
	for (int i = 0; !rc && i < n; i++)
		rc = tick_complaint(c, s, ids[i], now, a, done, err);
	struct task *tasks;
	int nt = 0;
	if (!rc && *done < limit)
		rc = store_tasks_overdue(c, now, limit - *done, a, &tasks, &nt, err);
	for (int i = 0; !rc && i < nt; i++) {
		struct task *t = &tasks[i];
		struct complaint cp;
		char due[40];
		if ((rc = store_task_mark_overdue(c, t->id, err)) ||
		    (rc = store_complaint_get(c, t->complaint_id, NULL, a, &cp, err)))
			break;
		json_t *d = json_pack("{s:I,s:s,s:s,s:s}", "task_id", (json_int_t)t->id,
				      "department", t->department, "what", t->what, "due_at",
				      clock_format(t->due_at, due, sizeof due));
		rc = wf_event(c, cp.id, "task_overdue", "system", now, d, err);
		if (!rc) {
			char to[64];
			snprintf(to, sizeof to, "role:supervisor;team:%lld", (long long)cp.team_id);
			rc = wf_staff_notice(c, &cp, "task_overdue", to, d, now, err);
		}
		json_decref(d);
		if (!rc)
			(*done)++;
	}
	if (!rc && *done < limit)
		rc = wf_appointments_tick(c, now, limit - *done, a, done, err);
	arena_free(a);
	return rc;
}

json_t *wf_clocks_json(struct store_conn *c, int64_t complaint_id, int64_t now,
		       struct kesu_err *err)
{
	struct arena *a = arena_new();
	struct wf_settings s;
	struct clock_row *items;
	int n;
	json_t *arr = NULL;
	if (!wf_settings_read(c, &s, err) &&
	    !store_clocks_of(c, complaint_id, a, &items, &n, err)) {
		arr = json_array();
		for (int i = 0; i < n; i++) {
			const struct clock_row *k = &items[i];
			char due[40], done[40];
			int64_t left = 0;
			if (strcmp(k->state, "running") == 0)
				left = k->working ? cal_between(&s.cal, now, k->due_at)
						  : (k->due_at > now ? k->due_at - now : 0);
			else if (strcmp(k->state, "paused") == 0)
				left = k->remaining_ms;
			json_array_append_new(
				arr, json_pack("{s:s,s:s,s:s?,s:s?,s:I,s:s,s:b}", "kind", k->kind,
					       "state", k->state, "due_at",
					       k->due_at ? clock_format(k->due_at, due, sizeof due) : NULL,
					       "done_at",
					       k->done_at ? clock_format(k->done_at, done, sizeof done)
							  : NULL,
					       "remaining_ms", (json_int_t)left, "counts",
					       k->working ? "working_time" : "calendar_time", "warned",
					       k->warned));
		}
	}
	arena_free(a);
	return arr;
}

int wf_clock_severity(const char *severity)
{
	return severity_index(severity);
}
