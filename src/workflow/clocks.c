/*
 * clocks.c - the clocks of one complaint (domain.md 5): started with their
 * targets under the SLA policy, counting working time on the business
 * calendar (the callback counts calendar days), paused while the
 * complaint waits for the customer, met when their step is done. Warning
 * and breaching them is the scheduler's (tick.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../util/clock.h"
#include "workflow_int.h"

#define MINUTE 60000LL

struct wf_duration wf_clock_target(const struct wf_settings *s, const struct complaint *cp,
				   enum wf_clock_kind kind)
{
	struct wf_duration t[3];
	switch (kind) {
	case CK_NEGOTIATION:
		return s->sla.negotiation;
	case CK_FOLLOW_UP:
		return s->sla.follow_up;
	case CK_CALLBACK:
		return s->sla.callback;
	default:
		wf_sla_targets(&s->sla, cp->v[CF_SEVERITY], cp->v[CF_CHANNEL], cp->v[CF_CATEGORY], t);
		return t[kind];
	}
}

int wf_clocks_begin(struct store_conn *c, const struct wf_settings *s,
		    const struct complaint *cp, int64_t from, struct kesu_err *err)
{
	struct wf_clocks set = {.complaint_id = cp->id};
	for (int k = CK_ACKNOWLEDGE; k <= CK_RESOLUTION; k++) {
		struct wf_duration d = wf_clock_target(s, cp, (enum wf_clock_kind)k);
		wf_clock_start(s, &set, (enum wf_clock_kind)k, &d, from);
	}
	/* domain.md 5: a regulator transfer must be negotiated in 10 working days */
	if (enum_flags(en_channel, cp->v[CF_CHANNEL]) & EV_REGULATOR)
		wf_clock_start(s, &set, CK_NEGOTIATION, &s->sla.negotiation, from);
	return wf_clocks_save(c, &set, err);
}

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
		if (strcmp(en_clock[j].name, k->kind) == 0)
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
	*k = (struct clock_row){.complaint_id = set->complaint_id, .kind = en_clock[kind].name,
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
			/* done after the due time, before the scheduler saw it: late
			 * is late, whoever noticed first */
			if (running && k->due_at && k->due_at < now) {
				k->state = "breached";
				k->used_ms = k->target_ms + (k->working ? cal_between(&s->cal, k->due_at, now)
									 : now - k->due_at);
			}
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

