/*
 * reading.c - what kesu reads in a complaint's words (src/analysis) enters
 * the workflow: kept beside what agents set, a threat sets the threat flag
 * with its evidence and takes the threat path of the ladder (domain.md
 * 4), and a customer who writes again calmer or angrier shows on the
 * timeline.
 */
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../analysis/analysis.h"
#include "../text/text.h"
#include "workflow_int.h"

static int reading_policy(struct store_conn *c, int *on, struct kesu_err *err);

/* The threats' evidence in one line, as the escalation's reason. */
static void threat_reason(const struct an_reading *r, char *out, size_t max)
{
	size_t o = 0;
	out[0] = 0;
	for (int i = 0; i < r->nthreats && o + 1 < max; i++)
		o += (size_t)snprintf(out + o, max - o, "%s%s: %s", i ? "; " : "",
				      an_threat_names[r->threats[i].kind], r->threats[i].evidence);
}

static int keep(struct store_conn *c, int64_t complaint_id, const char *source,
		const struct an_reading *r, json_t *repeats, int64_t now, struct kesu_err *err)
{
	json_t *o = analysis_json(r);
	if (repeats)
		json_object_set(o, "repeats", repeats);
	char *text = json_dumps(o, JSON_COMPACT | JSON_REAL_PRECISION(4));
	json_decref(o);
	struct reading_row row = {.complaint_id = complaint_id,
				  .source = source,
				  .emotion = an_emotion_names[r->emotion],
				  .mindset = an_mindset_names[r->mindset],
				  .polarity = r->polarity,
				  .threat = r->nthreats > 0,
				  .reading = text,
				  .created_at = now};
	int rc = store_reading_put(c, &row, NULL, err);
	free(text);
	return rc;
}

/* The threat path: the flag with its evidence, one step up the ladder
 * within its automatic ceiling (wf_escalate). */
static int threatened(struct store_conn *c, struct complaint *cp, const struct an_reading *r,
		      int64_t now, struct kesu_err *err)
{
	if (!r->nthreats || cp->threat)
		return 0;
	char reason[AN_THREATS_MAX * (AN_EVIDENCE_MAX + 16)];
	threat_reason(r, reason, sizeof reason);
	struct complaint after;
	int rc = wf_escalate(c, cp, -1, "threat", reason, 1, NULL, &wf_system, now, NULL, &after,
			     err);
	if (!rc)
		*cp = after;
	return rc;
}

/* Repeats: the same customer's earlier complaints that read like this one
 * (MinHash similarity of their words, as incidents compare them; the five
 * newest), offered
 * as what this one is of them: the same complaint again while that one is
 * open (a duplicate), or a second complaint (二次投诉) once it was closed. */
#define REPEATS_LOOKED_AT 5
#define REPEAT_SIMILARITY 0.5
int wf_repeats_find(struct store_conn *c, int64_t customer_id, int64_t except_id,
		    const char *text, json_t **out, struct kesu_err *err)
{
	*out = NULL;
	if (!customer_id || !text)
		return 0;
	struct arena *a = arena_new();
	struct recent_text *items;
	int n;
	int rc = store_customer_recent_texts(c, customer_id, except_id, REPEATS_LOOKED_AT, a,
					     &items, &n, err);
	struct text_sketch mine, theirs;
	if (!rc && n)
		text_sketch_make(text, strlen(text), &mine);
	for (int i = 0; !rc && i < n; i++) {
		const struct recent_text *e = &items[i];
		text_sketch_make(e->content, strlen(e->content), &theirs);
		double sim = text_sketch_similarity(&mine, &theirs);
		if (sim < REPEAT_SIMILARITY)
			continue;
		if (!*out)
			*out = json_array();
		if (json_array_size(*out) < 3)
			json_array_append_new(
				*out, json_pack("{s:I,s:s,s:f,s:s,s:b}", "complaint_id", (json_int_t)e->id,
						"tracking_no", e->tracking_no, "similarity",
						(double)(int)(sim * 100 + 0.5) / 100, "offer",
						state_is((enum complaint_state)e->state, ST_IS_CLOSED)
							? "second"
							: "duplicate",
						"linked", 0));
	}
	arena_free(a);
	return rc;
}

/* Which repeat is the one registration linked as the earlier complaint. */
static void mark_linked(json_t *rep, int64_t second_of)
{
	size_t i;
	json_t *x;
	json_array_foreach(rep, i, x) json_object_set_new(
		x, "linked",
		json_boolean(json_integer_value(json_object_get(x, "complaint_id")) == second_of));
}

int wf_reading_for_routing(struct complaint *cp, const struct an_reading *r, int lent)
{
	/* routing reads the reading where no agent set the value: the threat,
	 * and the mindset */
	if (!r)
		return 0;
	if (lent < 0) {
		cp->threat = r->nthreats > 0;
		if (cp->v[CF_MINDSET])
			return 0;
		cp->v[CF_MINDSET] = an_mindset_names[r->mindset];
		return 1;
	}
	cp->threat = 0;
	if (lent)
		cp->v[CF_MINDSET] = NULL;
	return 0;
}

int wf_reading_at_intake(struct store_conn *c, struct complaint *cp, const struct an_reading *r,
			 int earlier, int known, json_t **repeats, int64_t now, struct kesu_err *err)
{
	int on;
	int prc = reading_policy(c, &on, err);
	if (prc || !on)
		return prc;
	struct an_reading local;
	if (!r) {
		const char *text = cp->v[CF_CONTENT];
		if (!text || analysis_read(text, strlen(text), &local))
			return 0;
		r = &local;
	}
	/* the repeats found before the writer took it, or found here */
	int rc = 0;
	if (!known && earlier)
		rc = wf_repeats_find(c, cp->customer_id, cp->id, cp->v[CF_CONTENT], repeats, err);
	if (*repeats)
		mark_linked(*repeats, cp->second_of);
	if (!rc)
		rc = keep(c, cp->id, "intake", r, *repeats, now, err);
	return rc ? rc : threatened(c, cp, r, now, err);
}

int wf_reading_of_message(struct store_conn *c, struct complaint *cp, const char *body,
			  int64_t now, struct arena *a, struct kesu_err *err)
{
	struct an_reading r;
	int on;
	int prc = reading_policy(c, &on, err);
	if (prc || !on)
		return prc;
	if (!body || !*body || analysis_read(body, strlen(body), &r))
		return 0;
	struct reading_row before;
	int rc = store_reading_latest(c, cp->id, a, &before, err);
	int had = rc == 0;
	if (rc == -KE_NOT_FOUND)
		kesu_err_clear(err), rc = 0;
	/* the repeats found at intake stay on offer */
	json_t *prev = had ? json_loads(before.reading, 0, NULL) : NULL;
	if (!rc)
		rc = keep(c, cp->id, "message", &r, json_object_get(prev, "repeats"), now, err);
	json_decref(prev);
	/* calmer or angrier than the customer was: the timeline shows it */
	if (!rc && had && strcmp(before.emotion, an_emotion_names[r.emotion]) != 0) {
		json_t *d = json_pack("{s:s,s:s,s:f,s:f}", "from", before.emotion, "to",
				      an_emotion_names[r.emotion], "polarity_from", before.polarity,
				      "polarity", r.polarity);
		rc = notice_event(c, cp->id, "mood_changed", wf_system.name, now, d, NULL, NULL,
				  err);
		json_decref(d);
	}
	return rc ? rc : threatened(c, cp, &r, now, err);
}

/* What of a reading an agent may take over, and the field each fills. */
static const struct {
	const char *name;
	int field;
} takeable[] = {{"emotion", CF_EMOTION},
		{"mindset", CF_MINDSET},
		{"category", CF_CATEGORY},
		{"cause", CF_CAUSE}};
#define NTAKEABLE (int)(sizeof takeable / sizeof *takeable)

int wf_reading_accept(struct store_conn *c, const struct complaint *cp, json_t *fields,
		      const struct wf_actor *who, int64_t now, struct arena *a,
		      struct complaint *after, struct kesu_err *err)
{
	struct reading_row r;
	int rc = store_reading_latest(c, cp->id, a, &r, err);
	if (rc == -KE_NOT_FOUND) {
		kesu_err_clear(err);
		return kesu_fail(err, KE_CONFLICT, "analysis",
				 "the complaint has no reading to accept");
	}
	if (rc)
		return rc;
	json_t *o = json_loads(r.reading, 0, NULL);
	if (!o)
		return kesu_fail(err, KE_INTERNAL, "analysis", "the stored reading is not JSON");
	*after = *cp;
	uint32_t changed = 0;
	json_t *taken = json_object();
	struct an_reading fresh;
	int fresh_read = 0;
	/* by default what the agent sees first: the mood and the aim */
	json_t *dflt = fields ? NULL : json_pack("[ss]", "emotion", "mindset");
	if (!fields)
		fields = dflt;
	size_t i;
	json_t *f;
	json_array_foreach(fields, i, f) {
		const char *name = json_string_value(f);
		int k;
		for (k = 0; k < NTAKEABLE && (!name || strcmp(takeable[k].name, name)); k++)
			;
		if (k == NTAKEABLE) {
			rc = kesu_fail(err, KE_INVALID_VALUE, "fields",
				       "lists emotion, mindset, category or cause");
			break;
		}
		/* the reading's value, or its likeliest suggestion */
		const char *v = NULL;
		if (takeable[k].field == CF_CATEGORY || takeable[k].field == CF_CAUSE) {
			/* suggestions come from the models in force, read now */
			const struct an_suggestion *top = NULL;
			if (!fresh_read && cp->v[CF_CONTENT])
				fresh_read = analysis_read(cp->v[CF_CONTENT], strlen(cp->v[CF_CONTENT]),
							   &fresh) == 0
						     ? 1
						     : -1;
			if (fresh_read > 0 && takeable[k].field == CF_CATEGORY && fresh.ncategories)
				top = &fresh.categories[0];
			if (fresh_read > 0 && takeable[k].field == CF_CAUSE && fresh.ncauses)
				top = &fresh.causes[0];
			v = top ? top->name : NULL;
		} else {
			v = json_string_value(json_object_get(o, name));
		}
		if (!v) {
			rc = kesu_fail(err, KE_CONFLICT, "fields",
				       "the reading suggests no %s to accept", name);
			break;
		}
		v = arena_strdup(a, v);
		if (!after->v[takeable[k].field] || strcmp(after->v[takeable[k].field], v)) {
			after->v[takeable[k].field] = v;
			changed |= 1u << takeable[k].field;
		}
		json_object_set_new(taken, name, json_string(v));
	}
	json_decref(o);
	json_decref(dflt);
	/* an edit like any other (its judgements checked, an updated event),
	 * and the reading remembers who accepted it */
	if (!rc && changed)
		rc = wf_edit(c, cp, after, changed, 0, who, now, err);
	if (!rc)
		rc = store_reading_accept(c, r.id, who->name, now, err);
	if (!rc) {
		json_t *d = json_pack("{s:I,s:O}", "reading_id", (json_int_t)r.id, "fields", taken);
		rc = notice_event(c, cp->id, "analysis_accepted", who->name, now, d, NULL, NULL,
				  err);
		json_decref(d);
	}
	json_decref(taken);
	return rc;
}

/* --- the analysis policy: reading complaints can be switched off -------------- */

/* Whether new complaints and messages are read: the writer's copy of the
 * stored policy, and a flag every thread reads (intake reads the words
 * before the writer takes the complaint). */
static atomic_int reading_on = 1;
static atomic_int policy_stale = 1;

int wf_analysis_policy_from_json(json_t *j, int *enabled, struct kesu_err *err)
{
	*enabled = 1;
	if (!json_is_object(j))
		return kesu_fail(err, KE_WRONG_TYPE, "", "must be an object");
	const char *k;
	json_t *v;
	json_object_foreach(j, k, v) {
		if (strcmp(k, "enabled"))
			return kesu_fail(err, KE_UNKNOWN_FIELD, k,
					 "is not a member of the analysis policy (enabled)");
		if (!json_is_boolean(v))
			return kesu_fail(err, KE_WRONG_TYPE, k, "must be true or false");
		*enabled = json_is_true(v);
	}
	return 0;
}

static int policy_parse(json_t *j, void *out, struct kesu_err *err)
{
	return wf_analysis_policy_from_json(j, out, err);
}

int wf_analysis_policy_read(struct store_conn *c, int *enabled, struct kesu_err *err)
{
	*enabled = 1;
	return wf_setting_read(c, "analysis_policy", policy_parse, enabled, err);
}

/* The value a PUT just checked, published once it is committed: intake
 * threads follow the change at once, not at the writer's next reading. */
static atomic_int policy_pending = -1;

void wf_analysis_policy_parsed(int enabled)
{
	atomic_store(&policy_pending, enabled);
}

void wf_analysis_policy_changed(void)
{
	int v = atomic_exchange(&policy_pending, -1);
	if (v >= 0)
		atomic_store(&reading_on, v);
	atomic_store(&policy_stale, 1);
}

int wf_reading_enabled(void)
{
	return atomic_load(&reading_on);
}

/* The policy in force, on the writer (read again after a change). */
static int reading_policy(struct store_conn *c, int *on, struct kesu_err *err)
{
	if (atomic_exchange(&policy_stale, 0)) {
		int enabled;
		if (wf_analysis_policy_read(c, &enabled, err)) {
			atomic_store(&policy_stale, 1);
			return -(int)err->code;
		}
		atomic_store(&reading_on, enabled);
	}
	*on = atomic_load(&reading_on);
	return 0;
}

int wf_analysis_policy_load(struct store_conn *c, struct kesu_err *err)
{
	int on;
	return reading_policy(c, &on, err);
}
