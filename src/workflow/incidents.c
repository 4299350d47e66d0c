/*
 * incidents.c - many complaints, one cause (domain.md 9): an incident
 * opened by a person or proposed by kesu when complaints about the same
 * thing arrive together, confirmed or dismissed by a supervisor; the
 * complaints it links, each keeping its own customer, clocks and
 * follow-up, moved together where the incident decides for all.
 *
 * Noticed early: every new complaint is compared with the live incidents
 * (the object they name, or a sketch of their text) and joins the one it
 * matches; else its sketch meets the recent complaints' sketches that
 * share a band (sketch.c), and when enough of the same object or reading
 * alike arrived within the policy's window, they become a proposal. The
 * sketches are kept for the window only, so the check costs the same at
 * any number of complaints.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdatomic.h>

#include "../text/text.h"
#include "../util/clock.h"
#include "workflow_int.h"

/* --- the policy ---------------------------------------------------------------- */

void wf_incident_policy_default(struct wf_incident_policy *p)
{
	*p = (struct wf_incident_policy){.enabled = 1, .by_object = 1, .by_text = 1,
					 .window_minutes = 120, .min_complaints = 5,
					 .similarity = 0.5};
}

static int flag(json_t *j, const char *name, int *out, struct kesu_err *err)
{
	json_t *v = json_object_get(j, name);
	if (!v)
		return 0;
	if (!json_is_boolean(v))
		return kesu_fail(err, KE_WRONG_TYPE, name, "must be true or false");
	*out = json_is_true(v);
	return 0;
}

int wf_incident_policy_from_json(json_t *j, struct wf_incident_policy *out, struct kesu_err *err)
{
	static const char *const keys[] = {"enabled", "by_object", "by_text", "window_minutes",
					   "min_complaints", "similarity", NULL};
	struct wf_incident_policy p;
	wf_incident_policy_default(&p);
	if (!json_is_object(j))
		return kesu_fail(err, KE_WRONG_TYPE, "", "must be an object");
	const char *k;
	json_t *v;
	json_object_foreach(j, k, v) {
		int known = 0;
		for (int i = 0; keys[i]; i++)
			known |= strcmp(keys[i], k) == 0;
		if (!known)
			return kesu_fail(err, KE_UNKNOWN_FIELD, k,
					 "is not a member of the incident policy (enabled, by_object,"
					 " by_text, window_minutes, min_complaints, similarity)");
	}
	int rc = flag(j, "enabled", &p.enabled, err) || flag(j, "by_object", &p.by_object, err) ||
		 flag(j, "by_text", &p.by_text, err);
	if (rc)
		return -(int)err->code;
	if ((v = json_object_get(j, "window_minutes"))) {
		if (!json_is_integer(v) || json_integer_value(v) < 5 ||
		    json_integer_value(v) > 7 * 24 * 60)
			return kesu_fail(err, KE_INVALID_VALUE, "window_minutes",
					 "must be a whole number of minutes from 5 to 10080 (a week)");
		p.window_minutes = (int)json_integer_value(v);
	}
	if ((v = json_object_get(j, "min_complaints"))) {
		if (!json_is_integer(v) || json_integer_value(v) < 2 || json_integer_value(v) > 1000)
			return kesu_fail(err, KE_INVALID_VALUE, "min_complaints",
					 "must be a whole number from 2 to 1000");
		p.min_complaints = (int)json_integer_value(v);
	}
	if ((v = json_object_get(j, "similarity"))) {
		if (!json_is_number(v) || json_number_value(v) < 0.2 || json_number_value(v) > 1)
			return kesu_fail(err, KE_INVALID_VALUE, "similarity",
					 "must be a number from 0.2 to 1: the share of the texts'"
					 " character pairs in common");
		p.similarity = json_number_value(v);
	}
	*out = p;
	return 0;
}

json_t *wf_incident_policy_to_json(const struct wf_incident_policy *p)
{
	return json_pack("{s:b,s:b,s:b,s:i,s:i,s:f}", "enabled", p->enabled, "by_object",
			 p->by_object, "by_text", p->by_text, "window_minutes", p->window_minutes,
			 "min_complaints", p->min_complaints, "similarity",
			 round(p->similarity * 100) / 100);
}

static int policy_parse(json_t *j, void *out, struct kesu_err *err)
{
	return wf_incident_policy_from_json(j, out, err);
}

int wf_incident_policy_read(struct store_conn *c, struct wf_incident_policy *out,
			    struct kesu_err *err)
{
	wf_incident_policy_default(out);
	return wf_setting_read(c, "incident_policy", policy_parse, out, err);
}

/* The writer's copy, read again after a change: every registration
 * reads it. */
static struct wf_incident_policy cached;
static atomic_int cached_stale = 1;

void wf_incident_policy_changed(void)
{
	atomic_store(&cached_stale, 1);
}

static const struct wf_incident_policy *policy(struct store_conn *c, struct kesu_err *err)
{
	if (atomic_exchange(&cached_stale, 0) && wf_incident_policy_read(c, &cached, err)) {
		atomic_store(&cached_stale, 1);
		return NULL;
	}
	return &cached;
}

/* --- history ------------------------------------------------------------------- */

static int inc_event(struct store_conn *c, int64_t id, const char *kind, const char *actor,
		     int64_t now, json_t *d, struct kesu_err *err)
{
	char *data = notice_data(d);
	json_decref(d);
	if (!data)
		return kesu_fail(err, KE_INTERNAL, "", "out of memory");
	struct incident_event e = {.incident_id = id, .at = now, .kind = kind, .actor = actor,
				   .data = data};
	int rc = store_incident_event_append(c, &e, err);
	free(data);
	return rc;
}

int wf_incident_event(struct store_conn *c, int64_t id, const char *kind, const char *actor,
		      int64_t now, json_t *d, struct kesu_err *err)
{
	return inc_event(c, id, kind, actor, now, d, err);
}

/* --- what an incident is ----------------------------------------------------------- */

int wf_incident_check(struct store_conn *c, struct incident *i, struct arena *a,
		      struct kesu_err *err)
{
	int rc;
	if (i->cause && (rc = wf_cause_active(c, i->cause, NULL, err)))
		return rc;
	if (i->responsibility && enum_input(en_responsibility, i->responsibility) < 0)
		return kesu_fail(err, KE_INVALID_VALUE, "responsibility", "must be one of: %s",
				 enum_list(en_responsibility, a));
	if (i->affected_kind && enum_index(en_affected_kind, i->affected_kind) < 0)
		return kesu_fail(err, KE_INVALID_VALUE, "affected.kind", "must be one of: %s",
				 enum_list(en_affected_kind, a));
	if (i->affected_ref_to && (!i->affected_kind || strcmp(i->affected_kind, "order_range")))
		return kesu_fail(err, KE_INVALID_VALUE, "affected.ref_to",
				 "is the last order of an order range (kind order_range)");
	if (i->affected_kind && strcmp(i->affected_kind, "order_range") == 0 &&
	    (!i->affected_ref || !i->affected_ref_to))
		return kesu_fail(err, KE_MISSING_FIELD,
				 i->affected_ref ? "affected.ref_to" : "affected.ref",
				 "an order range needs its first (ref) and last (ref_to) order");
	if (i->affected_from && i->affected_to && i->affected_to < i->affected_from)
		return kesu_fail(err, KE_INVALID_VALUE, "affected.to",
				 "must not be before affected.from");
	/* complaints naming the affected thing join by themselves; an order
	 * range is compared as a range, and a key of one or two characters
	 * would match far too much */
	const char *key = i->affected_kind && strcmp(i->affected_kind, "order_range") == 0
				  ? NULL
				  : text_fold_key(i->affected_ref, a);
	i->match_key = key && strlen(key) >= 3 ? key : NULL;
	return 0;
}

int wf_incident_create(struct store_conn *c, struct incident *i, const struct wf_actor *who,
		       int64_t now, struct kesu_err *err)
{
	i->state = "open";
	i->confirmed_at = now;
	i->confirmed_by = who->name;
	i->created_at = i->updated_at = now;
	i->created_by = who->name;
	if (!i->owner_id)
		i->owner_id = who->user_id;
	if (!i->started_at)
		i->started_at = now;
	int rc = store_incident_insert(c, i, err);
	if (rc)
		return rc;
	return inc_event(c, i->id, "created", who->name, now,
			 json_pack("{s:s,s:s?}", "title", i->title, "cause", i->cause), err);
}

static int hand_state(const char *s)
{
	return s && (!strcmp(s, "open") || !strcmp(s, "told") || !strcmp(s, "remedied") ||
		     !strcmp(s, "closed"));
}

static int same(const char *x, const char *y)
{
	return (!x && !y) || (x && y && strcmp(x, y) == 0);
}

int wf_incident_edit(struct store_conn *c, const struct incident *before, struct incident *i,
		     const char *reason, const struct wf_actor *who, int64_t now,
		     struct kesu_err *err)
{
	int live = strcmp(before->state, "proposed") && strcmp(before->state, "dismissed");
	if (!same(before->state, i->state)) {
		if (!live || !hand_state(i->state))
			return kesu_fail(err, KE_CONFLICT, "state",
					 live ? "must be open, told, remedied or closed"
					      : "a proposal is confirmed or dismissed first");
		if (!strcmp(before->state, "closed") && !reason)
			return kesu_fail(err, KE_MISSING_FIELD, "reason",
					 "is required to open a closed incident again");
		i->closed_at = !strcmp(i->state, "closed") ? now : 0;
	}
	json_t *ch = json_object();
	const char *names[] = {"title", "cause", "responsibility", "plan", "state", "affected_ref"};
	const char *b[] = {before->title, before->cause, before->responsibility, before->plan,
			   before->state, before->affected_ref};
	const char *n[] = {i->title, i->cause, i->responsibility, i->plan, i->state,
			   i->affected_ref};
	for (int k = 0; k < 6; k++)
		if (!same(b[k], n[k]))
			json_object_set_new(ch, names[k],
					    json_pack("{s:s?,s:s?}", "before", b[k], "after", n[k]));
	if (before->owner_id != i->owner_id)
		json_object_set_new(ch, "owner_id",
				    json_pack("{s:I,s:I}", "before", (json_int_t)before->owner_id,
					      "after", (json_int_t)i->owner_id));
	if (before->pick_up != i->pick_up)
		json_object_set_new(ch, "pick_up", json_pack("{s:b,s:b}", "before", before->pick_up,
							     "after", i->pick_up));
	i->updated_at = now;
	int rc = store_incident_update(c, i, err);
	if (rc) {
		json_decref(ch);
		return rc;
	}
	return inc_event(c, i->id, "updated", who->name, now,
			 json_pack("{s:o,s:s?}", "changes", ch, "reason", reason), err);
}

/* --- its complaints ------------------------------------------------------------------ */

int wf_incident_confirmed(const struct incident *i)
{
	return strcmp(i->state, "proposed") && strcmp(i->state, "dismissed");
}

/* The complaint's timeline says it belongs to i. */
static int linked_event(struct store_conn *c, const struct incident *i, int64_t complaint_id,
			const char *how, const char *actor, int64_t now, struct kesu_err *err)
{
	json_t *d = json_pack("{s:I,s:s,s:s}", "incident_id", (json_int_t)i->id, "title", i->title,
			      "how", how);
	int rc = notice_event(c, complaint_id, "incident_linked", actor, now, d, NULL, NULL, err);
	json_decref(d);
	return rc;
}

static int add_sample(struct store_conn *c, int64_t incident_id, const struct complaint *cp,
		      struct kesu_err *err)
{
	const char *t = cp->v[CF_CONTENT];
	if (!t)
		return 0;
	struct text_sketch sk;
	unsigned char packed[TEXT_SKETCH_PACKED];
	text_sketch_make(t, strlen(t), &sk);
	if (!sk.shingles)
		return 0;
	text_sketch_pack(&sk, packed);
	return store_incident_sample_add(c, incident_id, cp->id, packed, sizeof packed, err);
}

int wf_incident_link(struct store_conn *c, struct incident *i, const struct complaint *cp,
		     const char *how, const struct wf_actor *who, int64_t now, struct arena *a,
		     int *already, struct kesu_err *err)
{
	*already = 0;
	if (!strcmp(i->state, "closed") || !strcmp(i->state, "dismissed"))
		return kesu_fail(err, KE_CONFLICT, "",
				 "the incident is %s: complaints join an incident still open",
				 i->state);
	int64_t other;
	int rc = store_incident_link(c, i->id, cp->id, how, who->name, now, &other, err);
	if (rc)
		return rc;
	if (other == i->id) {
		*already = 1;
		return 0;
	}
	i->complaints++;
	if ((rc = add_sample(c, i->id, cp, err)))
		return rc;
	/* a proposal's complaints hear of it once it is confirmed */
	if (!wf_incident_confirmed(i))
		return 0;
	if ((rc = linked_event(c, i, cp->id, how, who->name, now, err)))
		return rc;
	return wf_incident_catch_up(c, i, cp, now, a, err);
}

int wf_incident_unlink(struct store_conn *c, struct incident *i, const struct complaint *cp,
		       const char *reason, const struct wf_actor *who, int64_t now,
		       struct kesu_err *err)
{
	int rc = store_incident_unlink(c, i->id, cp->id, err);
	if (rc == -KE_NOT_FOUND) {
		kesu_err_clear(err);
		return kesu_fail(err, KE_NOT_FOUND, "", "complaint %s is not in this incident",
				 cp->tracking_no);
	}
	if (rc)
		return rc;
	i->complaints--;
	json_t *d = json_pack("{s:I,s:s,s:s?}", "incident_id", (json_int_t)i->id, "title",
			      i->title, "reason", reason);
	rc = notice_event(c, cp->id, "incident_unlinked", who->name, now, d, NULL, NULL, err);
	json_decref(d);
	return rc ? rc
		  : inc_event(c, i->id, "complaint_removed", who->name, now,
			      json_pack("{s:I,s:s,s:s?}", "complaint_id", (json_int_t)cp->id,
					"tracking_no", cp->tracking_no, "reason", reason),
			      err);
}

/* --- confirming and dismissing a proposal ---------------------------------------------- */

#define PAGE 500

int wf_incident_confirm(struct store_conn *c, struct incident *i, const struct wf_actor *who,
			int64_t now, struct arena *a, struct kesu_err *err)
{
	if (strcmp(i->state, "proposed"))
		return kesu_fail(err, KE_CONFLICT, "", "the incident is %s, not a proposal", i->state);
	i->state = "open";
	i->confirmed_at = now;
	i->confirmed_by = who->name;
	if (!i->owner_id)
		i->owner_id = who->user_id;
	i->updated_at = now;
	int rc = store_incident_update(c, i, err);
	if (!rc)
		rc = inc_event(c, i->id, "confirmed", who->name, now, json_object(), err);
	/* every complaint of the proposal now shows the incident */
	int64_t ids[PAGE], after = 0;
	int n = PAGE;
	while (!rc && n == PAGE) {
		if ((rc = store_incident_complaint_ids(c, i->id, after, PAGE, ids, &n, err)))
			break;
		for (int k = 0; !rc && k < n; k++)
			rc = linked_event(c, i, ids[k], "proposal", who->name, now, err);
		if (n)
			after = ids[n - 1];
	}
	(void)a;
	return rc;
}

int wf_incident_dismiss(struct store_conn *c, struct incident *i, const char *reason,
			const struct wf_actor *who, int64_t now, struct kesu_err *err)
{
	if (strcmp(i->state, "proposed"))
		return kesu_fail(err, KE_CONFLICT, "", "the incident is %s, not a proposal", i->state);
	if (!reason)
		return kesu_fail(err, KE_MISSING_FIELD, "reason",
				 "is required: why these complaints are not one incident");
	/* what the proposal held stays in its history; its complaints are
	 * free to join another incident, and propose nothing again */
	json_t *held = json_array();
	int64_t ids[PAGE], after = 0;
	int n = PAGE, rc = store_sketch_dismiss(c, i->id, err);
	while (!rc && n == PAGE) {
		if ((rc = store_incident_complaint_ids(c, i->id, after, PAGE, ids, &n, err)))
			break;
		for (int k = 0; !rc && k < n; k++) {
			json_array_append_new(held, json_integer(ids[k]));
			rc = store_incident_unlink(c, i->id, ids[k], err);
		}
		/* unlinked: the next page starts from the first again */
	}
	i->state = "dismissed";
	i->dismissed_at = now;
	i->dismissed_by = who->name;
	i->dismiss_reason = reason;
	i->updated_at = now;
	i->complaints = 0;
	if (!rc)
		rc = store_incident_update(c, i, err);
	if (rc) {
		json_decref(held);
		return rc;
	}
	return inc_event(c, i->id, "dismissed", who->name, now,
			 json_pack("{s:s,s:o}", "reason", reason, "complaint_ids", held), err);
}

/* --- moving the complaints together ------------------------------------------------------ */

int wf_incident_move_one(struct store_conn *c, const struct incident *i,
			 const struct complaint *cp, const char *action,
			 const struct wf_progress *progress, const char *reason,
			 const struct wf_actor *who, int64_t now, struct arena *a,
			 struct complaint *after, struct kesu_err *err)
{
	*after = *cp;
	if (!strcmp(action, "acknowledge"))
		return wf_transition_told(c, cp, ST_ACKNOWLEDGED, NULL, 0, NULL, who, now, a, after,
					  err);
	if (!strcmp(action, "start"))
		return wf_transition_told(c, cp, ST_IN_PROGRESS, reason, 0, progress, who, now, a,
					  after, err);
	if (!strcmp(action, "propose_plan")) {
		if (!i->plan)
			return kesu_fail(err, KE_MISSING_FIELD, "plan",
					 "the incident has no plan to propose: set its plan first");
		struct plan p = {.summary = i->plan};
		/* the plan is the incident's, the same for every customer: it
		 * answers what each demanded as the incident decided */
		const char *why = arena_printf(a, "事件 #%lld 的统一方案：%s", (long long)i->id, i->title);
		return wf_plan_propose(c, cp, &p, why, progress, who, now, a, err);
	}
	if (!strcmp(action, "resolve")) {
		/* the incident's cause and responsibility, where the complaint
		 * has none of its own */
		struct complaint judged = *cp;
		uint32_t changed = 0;
		if (!cp->v[CF_CAUSE] && i->cause) {
			judged.v[CF_CAUSE] = i->cause;
			changed |= 1u << CF_CAUSE;
		}
		if ((!cp->v[CF_RESPONSIBILITY] || !strcmp(cp->v[CF_RESPONSIBILITY], "unclear")) &&
		    i->responsibility) {
			judged.v[CF_RESPONSIBILITY] = i->responsibility;
			changed |= 1u << CF_RESPONSIBILITY;
		}
		int rc;
		/* wf_edit checks the judgements and sets the new version */
		if (changed && (rc = wf_edit(c, cp, &judged, changed, 0, who, now, err)))
			return rc;
		return wf_transition_told(c, &judged, ST_RESOLVED,
					  reason ? reason : i->plan, 0, NULL, who, now, a, after, err);
	}
	return kesu_fail(err, KE_INVALID_VALUE, "action",
			 "must be acknowledge, start, propose_plan or resolve");
}

/* --- noticed early ----------------------------------------------------------------------- */

/* The key of what cp is about, when it names one thing many customers
 * share (a product, a flight, a store: not an order, which is one
 * customer's). */
static const char *object_key(const struct complaint *cp, struct arena *a)
{
	const char *kind = cp->v[CF_OBJECT_KIND];
	if (!cp->v[CF_OBJECT_REF] || (kind && strcmp(kind, "order") == 0))
		return NULL;
	const char *k = text_fold_key(cp->v[CF_OBJECT_REF], a);
	return k && strlen(k) >= 3 ? k : NULL;
}

/* Within the incident's window, if it has one and cp says when. */
static int in_window(const struct incident *i, const struct complaint *cp)
{
	int64_t at;
	if (!i->affected_from && !i->affected_to)
		return 1;
	if (!cp->v[CF_OCCURRED_AT] || clock_parse_rfc3339(cp->v[CF_OCCURRED_AT], &at))
		at = cp->created_at;
	return (!i->affected_from || at >= i->affected_from) &&
	       (!i->affected_to || at <= i->affected_to);
}

/* 1 if cp names what i affects: its object, the key in its text, an
 * order of its range. */
static int names_it(const struct incident *i, const struct complaint *cp, const char *okey,
		    const char *text_key)
{
	if (i->match_key && ((okey && !strcmp(okey, i->match_key)) ||
			     (text_key && strstr(text_key, i->match_key))))
		return 1;
	if (i->affected_kind && !strcmp(i->affected_kind, "order_range") && cp->v[CF_OBJECT_REF] &&
	    i->affected_ref && i->affected_ref_to) {
		const char *r = cp->v[CF_OBJECT_REF];
		size_t n = strlen(r);
		return n == strlen(i->affected_ref) && n == strlen(i->affected_ref_to) &&
		       strcmp(r, i->affected_ref) >= 0 && strcmp(r, i->affected_ref_to) <= 0;
	}
	return 0;
}

/* The live incidents (the newest INCIDENTS_LIVE_MAX, newest first) and
 * their samples, as the writer keeps them while the store's count of
 * changes to them holds: every registration reads them. What this writer
 * adds itself (a proposal, a sample) it adds here too and takes the
 * count it then reads as its own, so that a busy day of proposals does
 * not read them all again at each. A rollback on the connection since
 * they were read or added (store_undos), or another connection, makes
 * the count worthless: what was read or added may be gone, and the count
 * come back to the same number with other changes. */
#define LIVE_SAMPLES (INCIDENTS_LIVE_MAX * INCIDENT_SAMPLES_MAX)
#define LIVE_OWN_MAX 256 /* own proposals kept before a reading resets the arena */
static struct {
	int64_t changes;
	int valid, added;
	struct store_conn *conn;
	unsigned undos;
	struct arena *a;
	struct incident live[INCIDENTS_LIVE_MAX];
	int n;
	struct text_sketch samples[LIVE_SAMPLES];
	int64_t sample_of[LIVE_SAMPLES];
	int ns;
	int stored[INCIDENTS_LIVE_MAX]; /* samples the store holds of live[k] */
} lc;

static int live_index(int64_t incident_id)
{
	for (int k = 0; k < lc.n; k++)
		if (lc.live[k].id == incident_id)
			return k;
	return -1;
}

static int live_read(struct store_conn *c, struct kesu_err *err)
{
	if (!lc.a)
		lc.a = arena_new();
	arena_reset(lc.a);
	lc.valid = lc.added = 0;
	lc.n = lc.ns = 0;
	struct incident *live;
	struct incident_sample *s;
	int n, ns;
	if (store_incidents_live(c, lc.a, &live, &n, err) ||
	    store_incident_samples(c, lc.a, &s, &ns, err))
		return -(int)err->code;
	lc.n = n < INCIDENTS_LIVE_MAX ? n : INCIDENTS_LIVE_MAX;
	memcpy(lc.live, live, sizeof *live * (size_t)lc.n);
	memset(lc.stored, 0, sizeof lc.stored);
	for (int x = 0; x < ns && lc.ns < LIVE_SAMPLES; x++) {
		int k = live_index(s[x].incident_id);
		if (k >= 0)
			lc.stored[k]++;
		if (k >= 0 && !text_sketch_unpack(s[x].sig, s[x].len, &lc.samples[lc.ns]))
			lc.sample_of[lc.ns++] = s[x].incident_id;
	}
	return 0;
}

static int live_load(struct store_conn *c, struct kesu_err *err)
{
	int64_t changes;
	if (store_incident_changes(c, &changes, err))
		return -(int)err->code;
	if (lc.valid && changes == lc.changes && c == lc.conn && store_undos(c) == lc.undos)
		return 0;
	int rc = live_read(c, err);
	if (rc)
		return rc;
	lc.changes = changes;
	lc.conn = c;
	lc.undos = store_undos(c);
	lc.valid = 1;
	return 0;
}

/* After this writer's own change of `bumps` rows, which it made in lc
 * too: the store's count is lc's if it moved by exactly that much (the
 * writer holds the write turn: nobody else changed it meanwhile), else
 * lc is read again next time. */
static int live_own(struct store_conn *c, int bumps, struct kesu_err *err)
{
	int64_t changes;
	if (!bumps)
		return 0;
	if (store_incident_changes(c, &changes, err)) {
		lc.valid = 0;
		return -(int)err->code;
	}
	if (!lc.valid || c != lc.conn || store_undos(c) != lc.undos ||
	    changes != lc.changes + bumps) {
		lc.valid = 0;
		return 0;
	}
	lc.changes = changes;
	return 0;
}

/* A sample of incident k added to lc as the store adds it (while it
 * has fewer than INCIDENT_SAMPLES_MAX): 1 if the store added a row. */
static int live_add_sample(int k, const struct text_sketch *sk)
{
	if (lc.stored[k] >= INCIDENT_SAMPLES_MAX)
		return 0;
	lc.stored[k]++;
	if (sk && lc.ns < LIVE_SAMPLES) { /* NULL: a row that compares with nothing */
		lc.samples[lc.ns] = *sk;
		lc.sample_of[lc.ns++] = lc.live[k].id;
	}
	return 1;
}

/* A new incident, first in lc; the oldest goes with its samples when lc
 * is full, as it leaves the store's newest INCIDENTS_LIVE_MAX. -1 when lc
 * took enough of them: it is read again, which also frees their text. */
static int live_add_incident(const struct incident *i)
{
	if (lc.added >= LIVE_OWN_MAX)
		return -1;
	lc.added++;
	if (lc.n == INCIDENTS_LIVE_MAX) {
		int64_t gone = lc.live[--lc.n].id;
		int k = 0;
		for (int x = 0; x < lc.ns; x++)
			if (lc.sample_of[x] != gone) {
				lc.samples[k] = lc.samples[x];
				lc.sample_of[k++] = lc.sample_of[x];
			}
		lc.ns = k;
	}
	memmove(lc.live + 1, lc.live, sizeof *lc.live * (size_t)lc.n);
	memmove(lc.stored + 1, lc.stored, sizeof *lc.stored * (size_t)lc.n);
	lc.n++;
	struct incident *x = &lc.live[0];
	*x = *i;
	const char **str[] = {&x->title, &x->cause, &x->responsibility, &x->plan,
			      &x->affected_kind, &x->affected_ref, &x->affected_ref_to,
			      &x->affected_record, &x->match_key, &x->state, &x->proposal,
			      &x->confirmed_by, &x->dismissed_by, &x->dismiss_reason,
			      &x->created_by, &x->owner_name};
	for (size_t k = 0; k < sizeof str / sizeof *str; k++)
		if (*str[k])
			*str[k] = arena_strdup(lc.a, *str[k]);
	lc.stored[0] = 0;
	return 0;
}

/* The live incident cp joins, or NULL: one naming what cp is about
 * first, else the one whose samples read most like it (the newest of
 * equals). */
static int match_live(struct store_conn *c, const struct wf_incident_policy *p,
		      const struct complaint *cp, const char *okey, const struct text_sketch *sk,
		      struct arena *a, const struct incident **out, struct kesu_err *err)
{
	*out = NULL;
	int rc = live_load(c, err);
	if (rc || !lc.n)
		return rc;
	const char *text_key = NULL;
	if (cp->v[CF_CONTENT]) {
		const char *t = text_cut(cp->v[CF_CONTENT], 1000, NULL, a);
		text_key = text_fold_key(t, a);
	}
	for (int k = 0; k < lc.n; k++)
		if (names_it(&lc.live[k], cp, okey, text_key) && in_window(&lc.live[k], cp)) {
			*out = &lc.live[k];
			return 0;
		}
	if (!p->by_text || !sk->shingles)
		return 0;
	double best = 0;
	int64_t best_id = 0;
	for (int k = 0; k < lc.ns; k++) {
		double sim = text_sketch_similarity(sk, &lc.samples[k]);
		if (sim >= p->similarity &&
		    (sim > best || (sim == best && lc.sample_of[k] > best_id)))
			best = sim, best_id = lc.sample_of[k];
	}
	int k = best_id ? live_index(best_id) : -1;
	if (k >= 0 && in_window(&lc.live[k], cp))
		*out = &lc.live[k];
	return 0;
}

/* --- the window's sketches, in the writer's memory ------------------------------------ */

/* The recent complaints' sketches with their bands, oldest first, read
 * from the store as they are written (this process's and any other's,
 * such as the mail gateway's), at most WINDOW_MAX: a ring of entries, and
 * a hash of their bands (a node per entry and band, chained per bucket)
 * through which a new sketch finds those sharing a band without a pass
 * over the window. A registration writes one row. */
#define WINDOW_MAX 65536 /* a power of two */
#define NB TEXT_SKETCH_BANDS
struct win_entry {
	int64_t id, at;
	int64_t band[NB];
	struct text_sketch sk;
	int dead; /* found in an incident or a dismissed proposal: no candidate */
};
struct win_node {
	int32_t prev, next; /* node index: slot * NB + band */
};
static struct {
	struct win_entry *e;
	struct win_node *node;
	int32_t *bucket;
	size_t head, n, cap, nbuckets; /* cap and nbuckets powers of two */
	int64_t last_id, since;
} win;

static size_t win_bucket(int64_t key)
{
	return (size_t)key & (win.nbuckets - 1); /* band keys are mixed already */
}

static void win_link(size_t slot)
{
	for (int b = 0; b < NB; b++) {
		int32_t idx = (int32_t)(slot * NB + (size_t)b);
		size_t h = win_bucket(win.e[slot].band[b]);
		win.node[idx].prev = -1;
		win.node[idx].next = win.bucket[h];
		if (win.bucket[h] >= 0)
			win.node[win.bucket[h]].prev = idx;
		win.bucket[h] = idx;
	}
}

static void win_unlink(size_t slot)
{
	for (int b = 0; b < NB; b++) {
		int32_t idx = (int32_t)(slot * NB + (size_t)b), pv = win.node[idx].prev,
			nx = win.node[idx].next;
		if (pv >= 0)
			win.node[pv].next = nx;
		else
			win.bucket[win_bucket(win.e[slot].band[b])] = nx;
		if (nx >= 0)
			win.node[nx].prev = pv;
	}
}

static struct win_entry *win_at(size_t k)
{
	return &win.e[(win.head + k) & (win.cap - 1)];
}

static void win_pop(void)
{
	win_unlink(win.head);
	win.head = (win.head + 1) & (win.cap - 1);
	win.n--;
}

/* Twice the room, the entries in order from slot 0, the hash rebuilt. */
static int win_grow(void)
{
	size_t cap = win.cap ? win.cap * 2 : 1024, nb = cap * NB;
	struct win_entry *e = malloc(sizeof *e * cap);
	struct win_node *node = malloc(sizeof *node * cap * NB);
	int32_t *bucket = malloc(sizeof *bucket * nb);
	if (!e || !node || !bucket) {
		free(e), free(node), free(bucket);
		return -1;
	}
	for (size_t k = 0; k < win.n; k++)
		e[k] = *win_at(k);
	free(win.e), free(win.node), free(win.bucket);
	win.e = e, win.node = node, win.bucket = bucket;
	win.cap = cap, win.nbuckets = nb, win.head = 0;
	for (size_t h = 0; h < nb; h++)
		bucket[h] = -1;
	for (size_t k = 0; k < win.n; k++)
		win_link(k);
	return 0;
}

static void win_push(int64_t id, int64_t at, const struct text_sketch *sk)
{
	if (win.n == win.cap) {
		if (win.cap >= WINDOW_MAX)
			win_pop(); /* full: the oldest goes */
		else if (win_grow())
			return; /* no memory: this one is not compared */
	}
	size_t slot = (win.head + win.n) & (win.cap - 1);
	struct win_entry *x = &win.e[slot];
	x->id = id;
	x->at = at;
	x->sk = *sk;
	x->dead = 0;
	text_sketch_bands(sk, x->band);
	win_link(slot);
	win.n++;
}

/* The entries sharing a band with bands, each once, into out (at most
 * max); *n receives how many. */
static void win_meet(const int64_t bands[NB], struct win_entry **out, int max, int *n)
{
	*n = 0;
	for (int b = 0; b < NB && *n < max; b++)
		for (int32_t idx = win.n ? win.bucket[win_bucket(bands[b])] : -1; idx >= 0 && *n < max;
		     idx = win.node[idx].next) {
			struct win_entry *x = &win.e[idx / NB];
			if (x->band[idx % NB] != bands[b])
				continue;
			int seen = 0;
			for (int k = 0; k < *n && !seen; k++)
				seen = out[k] == x;
			if (!seen)
				out[(*n)++] = x;
		}
}

/* Drops what is older than since (with WINDOW_SLACK to spare), reads
 * what the store has that memory lacks. Registrations reach the writer a
 * little out of the order of their times: a since a few milliseconds
 * before the last must not read the whole window again. */
#define WINDOW_SLACK 600000 /* ms */
static int win_refresh(struct store_conn *c, int64_t since, struct kesu_err *err)
{
	if (since < win.since) { /* wider than what memory holds: read it all */
		while (win.n)
			win_pop();
		win.last_id = 0;
		win.since = since - WINDOW_SLACK;
	} else if (since - WINDOW_SLACK > win.since) {
		win.since = since - WINDOW_SLACK;
	}
	while (win.n && win_at(0)->at < win.since)
		win_pop();
	int n = 1000;
	while (n == 1000) {
		struct arena *a = arena_new();
		struct sketch_row *rows;
		int rc = store_sketches_after(c, win.last_id, win.since, 1000, a, &rows, &n, err);
		for (int k = 0; !rc && k < n; k++) {
			struct text_sketch sk;
			if (!text_sketch_unpack(rows[k].sig, rows[k].len, &sk))
				win_push(rows[k].complaint_id, rows[k].at, &sk);
			win.last_id = rows[k].complaint_id;
		}
		arena_free(a);
		if (rc)
			return rc;
	}
	return 0;
}

/* The proposal propose made, in lc as in the store: the incident and
 * the samples it stored (cp's, then the first of rows). */
static int live_own_proposal(struct store_conn *c, const struct incident *made,
			     const struct complaint *cp, const struct text_sketch *sk,
			     const struct sketch_row *rows, int n, int64_t first,
			     struct kesu_err *err)
{
	if (!lc.valid)
		return 0;
	struct incident i = *made;
	i.complaints = n + 1;
	i.first_complaint_at = first;
	if (live_add_incident(&i)) {
		lc.valid = 0;
		return 0;
	}
	int bumps = 1;
	if (cp->v[CF_CONTENT] && sk->shingles)
		bumps += live_add_sample(0, sk);
	for (int k = 0; k < n && k < INCIDENT_SAMPLES_MAX - 1; k++) {
		struct text_sketch x;
		int ok = !text_sketch_unpack(rows[k].sig, rows[k].len, &x);
		bumps += live_add_sample(0, ok ? &x : NULL);
	}
	return live_own(c, bumps, err);
}

static const char *const affected_of_object[][2] = {
	{"product", "product"}, {"store", "store"}, {"service", "service"},
};

static const char *affected_kind_of(const char *object_kind)
{
	for (size_t k = 0; object_kind && k < sizeof affected_of_object / sizeof *affected_of_object;
	     k++)
		if (!strcmp(affected_of_object[k][0], object_kind))
			return affected_of_object[k][1];
	return "other";
}

/* Makes the proposal of cp and its like (rows[0..n)), by object or by
 * text; the supervisors of cp's team and the managers are told. */
static int propose(struct store_conn *c, const struct wf_incident_policy *p,
		   const struct complaint *cp, const struct text_sketch *sk, const char *okey,
		   int by_object, const struct sketch_row *rows, int n, double sim_sum,
		   int64_t now, struct arena *a, struct kesu_err *err)
{
	const char *what = by_object ? (cp->v[CF_OBJECT_NAME] ? cp->v[CF_OBJECT_NAME]
							       : cp->v[CF_OBJECT_REF])
				     : text_cut(cp->v[CF_CONTENT] ? cp->v[CF_CONTENT] : "", 24, "…", a);
	struct incident i = {
		.title = arena_printf(a, "疑似集体投诉：%s", what),
		.state = "proposed",
		.proposed_at = now,
		.pick_up = 1,
		.started_at = now,
		.created_at = now,
		.updated_at = now,
		.created_by = wf_system.name,
		.match_key = by_object ? okey : NULL,
		.affected_kind = by_object ? affected_kind_of(cp->v[CF_OBJECT_KIND]) : NULL,
		.affected_ref = by_object ? cp->v[CF_OBJECT_REF] : NULL,
	};
	int64_t first = cp->created_at;
	for (int k = 0; k < n; k++)
		if (rows[k].at < first)
			first = rows[k].at;
	json_t *why = json_pack("{s:s,s:s?,s:i,s:i,s:i}", "by", by_object ? "object" : "text",
				"key", by_object ? okey : NULL, "complaints", n + 1, "window_minutes",
				p->window_minutes, "min_complaints", p->min_complaints);
	if (!by_object)
		json_object_set_new(why, "similarity", json_real(round(sim_sum / n * 100) / 100));
	char *proposal = json_dumps(why, JSON_COMPACT | JSON_SORT_KEYS);
	i.proposal = arena_strdup(a, proposal);
	free(proposal);
	int rc = store_incident_insert(c, &i, err);
	if (!rc)
		rc = inc_event(c, i.id, "proposed", wf_system.name, now, why, err);
	else
		json_decref(why);
	int64_t other;
	for (int k = 0; !rc && k < n; k++)
		rc = store_incident_link(c, i.id, rows[k].complaint_id, "proposal", wf_system.name,
					 now, &other, err);
	if (!rc)
		rc = store_incident_link(c, i.id, cp->id, "proposal", wf_system.name, now, &other,
					 err);
	/* the samples new complaints are compared with: this one and the
	 * first of its like */
	for (int k = -1; !rc && k < n && k < INCIDENT_SAMPLES_MAX - 1; k++)
		rc = k < 0 ? add_sample(c, i.id, cp, err)
			   : store_incident_sample_add(c, i.id, rows[k].complaint_id, rows[k].sig,
						       rows[k].len, err);
	if (!rc)
		rc = live_own_proposal(c, &i, cp, sk, rows, n, first, err);
	json_t *d = json_pack("{s:I,s:s,s:i,s:s}", "incident_id", (json_int_t)i.id, "title",
			      i.title, "complaints", n + 1, "by", by_object ? "object" : "text");
	struct notice_to sup = {.role = ROLE_SUPERVISOR, .team_id = cp->team_id};
	struct notice_to mgr = {.role = ROLE_MANAGER};
	if (!rc)
		rc = notice_staff_about(c, "incident_proposed", &sup, NULL, d, now, err);
	if (!rc)
		rc = notice_staff_about(c, "incident_proposed", &mgr, NULL, d, now, err);
	json_decref(d);
	return rc;
}

int wf_incident_on_register(struct store_conn *c, const struct complaint *cp, int64_t now,
			    struct kesu_err *err)
{
	const struct wf_incident_policy *p = policy(c, err);
	if (!p)
		return -(int)err->code;
	struct arena *a = arena_new();
	struct text_sketch sk;
	const char *t = cp->v[CF_CONTENT] ? cp->v[CF_CONTENT] : "";
	text_sketch_make(t, strlen(t), &sk);
	const char *okey = p->by_object ? object_key(cp, a) : NULL;
	int rc = 0, already;
	const struct incident *m;
	rc = match_live(c, p, cp, okey, &sk, a, &m, err);
	if (rc)
		goto out;
	if (m) {
		struct incident i = *m;
		rc = wf_incident_link(c, &i, cp, wf_incident_confirmed(&i) ? "auto" : "proposal", &wf_system,
				      now, a, &already, err);
		/* the sample wf_incident_link added (add_sample), if any */
		int k = lc.valid && !rc && !already ? live_index(i.id) : -1;
		if (k >= 0) {
			lc.live[k].complaints++;
			if (cp->v[CF_CONTENT] && sk.shingles)
				rc = live_own(c, live_add_sample(k, &sk), err);
		}
		goto out;
	}
	if (!p->enabled || (!okey && !sk.shingles))
		goto out;
	unsigned char packed[TEXT_SKETCH_PACKED];
	text_sketch_pack(&sk, packed);
	if ((rc = store_sketch_put(c, cp->id, cp->created_at, okey, packed, sizeof packed, err)))
		goto out;
	int64_t since = cp->created_at - (int64_t)p->window_minutes * 60000;
	/* alike by object, else by text: the larger group proposes */
	int cap = p->min_complaints * 4 + 40, no = 0, nt = 0;
	struct sketch_row *obj = NULL, *txt = arena_alloc(a, sizeof *txt * (size_t)cap);
	double sims = 0;
	if (okey &&
	    (rc = store_sketches_by_object(c, okey, since, cap, a, &obj, &no, err)))
		goto out;
	for (int k = 0; k < no; k++)
		if (obj[k].complaint_id == cp->id)
			obj[k--] = obj[--no];
	if (p->by_text && sk.shingles && no + 1 < p->min_complaints) {
		if ((rc = win_refresh(c, since, err)))
			goto out;
		int64_t bands[TEXT_SKETCH_BANDS];
		text_sketch_bands(&sk, bands);
		int nmeet, most = cap * 8;
		struct win_entry **meet = arena_alloc(a, sizeof *meet * (size_t)most);
		win_meet(bands, meet, most, &nmeet);
		for (int k = 0; k < nmeet && nt < cap; k++) {
			struct win_entry *x = meet[k];
			if (x->dead || x->id == cp->id || x->at < since)
				continue;
			double sim = text_sketch_similarity(&sk, &x->sk);
			if (sim < p->similarity)
				continue;
			int is_free;
			if ((rc = store_sketch_free(c, x->id, &is_free, err)))
				goto out;
			if (!is_free) {
				x->dead = 1;
				continue;
			}
			unsigned char *sig = arena_alloc(a, TEXT_SKETCH_PACKED);
			text_sketch_pack(&x->sk, sig);
			txt[nt++] = (struct sketch_row){.complaint_id = x->id, .at = x->at, .sig = sig,
							.len = TEXT_SKETCH_PACKED};
			sims += sim;
		}
	}
	if (no + 1 >= p->min_complaints)
		rc = propose(c, p, cp, &sk, okey, 1, obj, no, 0, now, a, err);
	else if (nt + 1 >= p->min_complaints)
		rc = propose(c, p, cp, &sk, okey, 0, txt, nt, sims, now, a, err);
out:
	arena_free(a);
	return rc;
}

int wf_incidents_tick(struct store_conn *c, int64_t now, int limit, int *done,
		      struct kesu_err *err)
{
	const struct wf_incident_policy *p = policy(c, err);
	if (!p)
		return -(int)err->code;
	int n = 0;
	/* a sketch older than the window proposes nothing any more */
	int rc = store_sketch_prune(c, now - (int64_t)p->window_minutes * 60000, limit, &n, err);
	*done += n;
	return rc;
}
