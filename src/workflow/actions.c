/*
 * actions.c - improvement actions (改进措施, domain.md 7): a department
 * changes something so that complaints of a cause stop. Proposed from a
 * complaint, a row of the causes Pareto, an incident or a failed
 * checklist item; accepted and reported done by the department (in the
 * workspace, or through a link that needs no account); verified by
 * recurrence: once the policy's window has passed after the done date,
 * kesu compares the rate of complaints with the action's cause and scope
 * before and after, per order where orders are counted, and records the
 * verdict with its figures. A failed one reopens, and its owner and the
 * supervisors hear.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../util/clock.h"
#include "../util/ids.h"
#include "calendar.h"
#include "workflow_int.h"

#define DAY_MS (24LL * 3600 * 1000)
#define WEEK_MS (7 * DAY_MS)
/* after a failed verdict the department has this long to change more */
#define REOPEN_DAYS 14

/* --- the policy ----------------------------------------------------------------- */

void wf_action_policy_default(struct wf_action_policy *p)
{
	*p = (struct wf_action_policy){.window_weeks = 4, .margin = 0.3};
}

int wf_action_policy_from_json(json_t *j, struct wf_action_policy *out, struct kesu_err *err)
{
	struct wf_action_policy p;
	wf_action_policy_default(&p);
	if (!json_is_object(j))
		return kesu_fail(err, KE_WRONG_TYPE, "", "must be an object");
	const char *k;
	json_t *v;
	json_object_foreach(j, k, v) {
		if (strcmp(k, "window_weeks") && strcmp(k, "margin"))
			return kesu_fail(err, KE_UNKNOWN_FIELD, k,
					 "is not a member of the action policy (window_weeks, margin)");
	}
	if ((v = json_object_get(j, "window_weeks"))) {
		if (!json_is_integer(v) || json_integer_value(v) < 1 || json_integer_value(v) > 26)
			return kesu_fail(err, KE_INVALID_VALUE, "window_weeks",
					 "must be a whole number of weeks from 1 to 26");
		p.window_weeks = (int)json_integer_value(v);
	}
	if ((v = json_object_get(j, "margin"))) {
		if (!json_is_number(v) || json_number_value(v) < 0.05 || json_number_value(v) > 1)
			return kesu_fail(err, KE_INVALID_VALUE, "margin",
					 "must be a number from 0.05 to 1: the share by which the"
					 " rate must fall");
		p.margin = json_number_value(v);
	}
	*out = p;
	return 0;
}

json_t *wf_action_policy_to_json(const struct wf_action_policy *p)
{
	return json_pack("{s:i,s:f}", "window_weeks", p->window_weeks, "margin",
			 round(p->margin * 100) / 100);
}

static int policy_parse(json_t *j, void *out, struct kesu_err *err)
{
	return wf_action_policy_from_json(j, out, err);
}

int wf_action_policy_read(struct store_conn *c, struct wf_action_policy *out,
			  struct kesu_err *err)
{
	wf_action_policy_default(out);
	return wf_setting_read(c, "action_policy", policy_parse, out, err);
}

/* --- history -------------------------------------------------------------------- */

static int act_event(struct store_conn *c, int64_t id, const char *kind, const char *actor,
		     int64_t now, json_t *d, struct kesu_err *err)
{
	char *data = notice_data(d ? d : json_object());
	json_decref(d);
	if (!data)
		return kesu_fail(err, KE_INTERNAL, "", "out of memory");
	struct action_event e = {.action_id = id, .at = now, .kind = kind, .actor = actor,
				 .data = data};
	int rc = store_action_event_append(c, &e, err);
	free(data);
	return rc;
}

/* What notices about an action carry: the inbox names it by its title,
 * a mail names its cause in the reader's language. */
static json_t *about(struct store_conn *c, const struct improvement_action *x)
{
	json_t *d = json_pack("{s:I,s:s,s:s,s:s?,s:o}", "action_id", (json_int_t)x->id, "title",
			      x->what, "cause", x->cause, "department", x->department, "due_at",
			      notice_time(x->due_at));
	struct wf_causes cs;
	struct kesu_err ignored = {0};
	const struct wf_cause *k = !wf_causes_read(c, &cs, &ignored) ? wf_cause_find(&cs, x->cause)
								      : NULL;
	if (k)
		json_object_set_new(d, "cause_label",
				    json_pack("{s:s,s:s,s:s}", "zh-CN", k->label[0], "zh-TW",
					      k->label[1], "en", k->label[2]));
	return d;
}

/* The supervisors hear (of the action's team, or all), and its owner. */
static int tell_staff(struct store_conn *c, const struct improvement_action *x, const char *kind,
		      json_t *d, int64_t now, struct kesu_err *err)
{
	struct notice_to sup = {.role = ROLE_SUPERVISOR, .team_id = x->team_id};
	int rc = notice_staff_about(c, kind, &sup, NULL, d, now, err);
	if (!rc && x->owner_id) {
		struct notice_to own = {.role = -1, .user_id = x->owner_id};
		rc = notice_staff_about(c, kind, &own, NULL, d, now, err);
	}
	return rc;
}

/* The department hears by e-mail (with its link) when it has an address;
 * extra (not consumed) adds to what the mail says. */
static int tell_department(struct store_conn *c, const struct improvement_action *x,
			   const char *kind, json_t *extra, int64_t now, struct kesu_err *err)
{
	if (!x->department_email)
		return 0;
	json_t *d = about(c, x);
	if (extra)
		json_object_update(d, extra);
	int rc = notice_staff_about(c, kind, NULL, x->department_email, d, now, err);
	json_decref(d);
	return rc;
}

/* --- what an action is ------------------------------------------------------------ */

/* A category of the list in force (retired ones too: old complaints
 * carry them). */
static int category_check(struct store_conn *c, const char *name, struct kesu_err *err)
{
	json_t *list;
	int rc = wf_categories_read(c, &list, err);
	if (rc)
		return rc;
	size_t i;
	json_t *v;
	int found = 0;
	json_array_foreach(json_object_get(list, "categories"), i, v)
		found |= !strcmp(json_string_value(json_object_get(v, "name")) ?: "", name);
	json_decref(list);
	return found ? 0
		     : kesu_fail(err, KE_INVALID_VALUE, "category",
				 "must be a category of the list (GET /api/v1/categories)");
}

int wf_action_check(struct store_conn *c, struct improvement_action *x, struct arena *a,
		    struct kesu_err *err)
{
	int rc;
	if (!x->cause)
		return kesu_fail(err, KE_MISSING_FIELD, "cause",
				 "is required: the key of a cause of the list (GET /api/v1/causes)");
	if ((rc = wf_cause_active(c, x->cause, NULL, err)))
		return rc;
	if (!x->what || !*x->what)
		return kesu_fail(err, KE_MISSING_FIELD, "what", "is required: what will change");
	if (!x->due_at)
		return kesu_fail(err, KE_MISSING_FIELD, "due", "is required: a date (2026-12-31)");
	struct department d;
	if (x->department_id <= 0)
		return kesu_fail(err, KE_MISSING_FIELD, "department_id",
				 "is required: the id of a department (GET /api/v1/departments)");
	rc = store_department_get(c, x->department_id, a, &d, err);
	if (rc == -KE_NOT_FOUND) {
		kesu_err_clear(err);
		return kesu_fail(err, KE_INVALID_VALUE, "department_id", "no such department");
	}
	if (rc)
		return rc;
	x->department = d.name;
	x->department_email = d.email;
	if (x->category && (rc = category_check(c, x->category, err)))
		return rc;
	if (x->channel && enum_index(en_channel, x->channel) < 0)
		return kesu_fail(err, KE_INVALID_VALUE, "channel", "must be one of: %s",
				 enum_list(en_channel, a));
	if (x->team_id) {
		struct team t;
		rc = store_team_get(c, x->team_id, NULL, a, &t, err);
		if (rc == -KE_NOT_FOUND) {
			kesu_err_clear(err);
			return kesu_fail(err, KE_INVALID_VALUE, "team_id", "no such team");
		}
		if (rc)
			return rc;
	}
	if (x->owner_id) {
		struct user u;
		rc = store_user_get(c, x->owner_id, NULL, a, &u, err);
		if (rc == -KE_NOT_FOUND || (!rc && u.disabled_at)) {
			kesu_err_clear(err);
			return kesu_fail(err, KE_INVALID_VALUE, "owner_id",
					 "must be the id of an active staff account");
		}
		if (rc)
			return rc;
	}
	if (x->incident_id) {
		struct incident i;
		rc = store_incident_get(c, x->incident_id, a, &i, err);
		if (rc == -KE_NOT_FOUND) {
			kesu_err_clear(err);
			return kesu_fail(err, KE_INVALID_VALUE, "incident_id", "no such incident");
		}
		if (rc)
			return rc;
	}
	return 0;
}

/* Links the complaints to x, each one's history saying so; their
 * tracking numbers go into linked. */
static int link_all(struct store_conn *c, const struct improvement_action *x,
		    const int64_t *complaint_ids, int n, const struct wf_actor *who, int64_t now,
		    struct arena *a, json_t *linked, struct kesu_err *err)
{
	for (int k = 0; k < n; k++) {
		struct complaint cp;
		int rc = store_complaint_get(c, complaint_ids[k], NULL, a, &cp, err);
		if (rc == -KE_NOT_FOUND) {
			kesu_err_clear(err);
			return kesu_fail(err, KE_INVALID_VALUE, "complaint_ids", "no complaint %lld",
					 (long long)complaint_ids[k]);
		}
		if (rc || (rc = store_action_link(c, x->id, cp.id, err)))
			return rc;
		json_array_append_new(linked, json_string(cp.tracking_no));
		json_t *d = json_pack("{s:I,s:s,s:s}", "action_id", (json_int_t)x->id, "what",
				      x->what, "cause", x->cause);
		rc = notice_event(c, cp.id, "action_linked", who->name, now, d, NULL, NULL, err);
		json_decref(d);
		if (rc)
			return rc;
	}
	return 0;
}

int wf_action_create(struct store_conn *c, struct improvement_action *x,
		     const int64_t *complaint_ids, int n, const struct wf_actor *who, int64_t now,
		     struct arena *a, struct kesu_err *err)
{
	int rc = wf_action_check(c, x, a, err);
	if (rc)
		return rc;
	if (x->due_at < cal_day_start(cal_day_of(now)))
		return kesu_fail(err, KE_INVALID_VALUE, "due", "must not be before today");
	if (!x->origin)
		x->origin = "hand";
	x->state = "proposed";
	x->created_at = x->updated_at = now;
	x->created_by = who->name;
	ids_random_bytes(x->link_nonce, ACTION_NONCE_LEN);
	char token[40];
	ids_link_token(store_conn_secret(c), "kesu-action:", x->link_nonce, ACTION_NONCE_LEN, token);
	ids_token_hash(token, x->link_hash);
	if ((rc = store_action_insert(c, x, err)))
		return rc;
	json_t *linked = json_array();
	if ((rc = link_all(c, x, complaint_ids, n, who, now, a, linked, err))) {
		json_decref(linked);
		return rc;
	}
	rc = act_event(c, x->id, "created", who->name, now,
		       json_pack("{s:s,s:s,s:s,s:o,s:s,s:o}", "cause", x->cause, "what", x->what,
				 "department", x->department, "due_at", notice_time(x->due_at),
				 "origin", x->origin, "complaints", linked),
		       err);
	if (!rc)
		rc = tell_department(c, x, "action", NULL, now, err);
	return rc;
}

int wf_action_link_more(struct store_conn *c, struct improvement_action *x,
			const int64_t *complaint_ids, int n, const struct wf_actor *who,
			int64_t now, struct arena *a, struct kesu_err *err)
{
	json_t *linked = json_array();
	int rc = link_all(c, x, complaint_ids, n, who, now, a, linked, err);
	if (rc) {
		json_decref(linked);
		return rc;
	}
	return act_event(c, x->id, "complaints_linked", who->name, now,
			 json_pack("{s:o}", "complaints", linked), err);
}

/* --- the department's answers ------------------------------------------------------- */

static int open_state(const char *s)
{
	return !strcmp(s, "proposed") || !strcmp(s, "accepted") || !strcmp(s, "failed");
}

int wf_action_accept(struct store_conn *c, struct improvement_action *x, const char *owner_name,
		     const struct wf_actor *who, int64_t now, struct kesu_err *err)
{
	if (strcmp(x->state, "proposed"))
		return kesu_fail(err, KE_CONFLICT, "state",
				 "the action is %s: only a proposed one is accepted", x->state);
	x->state = "accepted";
	x->accepted_at = now;
	x->accepted_by = who->name;
	if (owner_name)
		x->owner_name = owner_name;
	x->updated_at = now;
	int rc = store_action_update(c, x, err);
	if (!rc)
		rc = act_event(c, x->id, "accepted", who->name, now,
			       json_pack("{s:s?}", "owner_name", x->owner_name), err);
	return rc;
}

int wf_action_done(struct store_conn *c, struct improvement_action *x, const char *evidence,
		   int64_t done_at, const struct wf_actor *who, int64_t now, struct kesu_err *err)
{
	if (!open_state(x->state))
		return kesu_fail(err, KE_CONFLICT, "state",
				 "the action is %s: only an open one (proposed, accepted, failed) is"
				 " reported done",
				 x->state);
	if (!evidence || !*evidence)
		return kesu_fail(err, KE_MISSING_FIELD, "evidence",
				 "is required: what was changed, and how it can be seen");
	if (!done_at)
		done_at = now;
	if (done_at > now + 60 * 1000)
		return kesu_fail(err, KE_INVALID_VALUE, "done_on", "must not be in the future");
	if (done_at < x->created_at - 366 * DAY_MS)
		return kesu_fail(err, KE_INVALID_VALUE, "done_on",
				 "must be within a year before the action was made");
	struct wf_action_policy p;
	int rc = wf_action_policy_read(c, &p, err);
	if (rc)
		return rc;
	const char *was = x->state;
	if (!strcmp(was, "proposed")) {
		/* done at once: accepted by the same act */
		x->accepted_at = now;
		x->accepted_by = who->name;
	}
	x->state = "done";
	x->evidence = evidence;
	x->done_at = done_at;
	x->done_by = who->name;
	x->window_days = p.window_weeks * 7;
	x->margin = p.margin;
	x->verify_at = done_at + (int64_t)x->window_days * DAY_MS;
	x->overdue = 0;
	x->updated_at = now;
	if ((rc = store_action_update(c, x, err)))
		return rc;
	rc = act_event(c, x->id, "done", who->name, now,
		       json_pack("{s:s,s:o,s:o,s:s,s:i}", "evidence", evidence, "done_at",
				 notice_time(done_at), "verify_at", notice_time(x->verify_at), "was",
				 was, "window_weeks", p.window_weeks),
		       err);
	return rc;
}

int wf_action_drop(struct store_conn *c, struct improvement_action *x, const char *reason,
		   const struct wf_actor *who, int64_t now, struct kesu_err *err)
{
	if (!strcmp(x->state, "verified") || !strcmp(x->state, "dropped"))
		return kesu_fail(err, KE_CONFLICT, "state", "the action is %s already", x->state);
	if (!reason || !*reason)
		return kesu_fail(err, KE_MISSING_FIELD, "reason", "is required: why it is dropped");
	const char *was = x->state;
	x->state = "dropped";
	x->drop_reason = reason;
	x->updated_at = now;
	int rc = store_action_update(c, x, err);
	if (!rc)
		rc = act_event(c, x->id, "dropped", who->name, now,
			       json_pack("{s:s,s:s}", "reason", reason, "was", was), err);
	return rc;
}

int wf_action_edit(struct store_conn *c, const struct improvement_action *before,
		   struct improvement_action *x, const struct wf_actor *who, int64_t now,
		   struct arena *a, struct kesu_err *err)
{
	if (!open_state(before->state))
		return kesu_fail(err, KE_CONFLICT, "state",
				 "the action is %s: only an open one is changed", before->state);
	int rc = wf_action_check(c, x, a, err);
	if (rc)
		return rc;
	json_t *changes = json_object();
#define CHANGED_TEXT(f)                                                                     \
	if ((before->f == NULL) != (x->f == NULL) ||                                        \
	    (before->f && x->f && strcmp(before->f, x->f)))                                 \
		json_object_set_new(changes, #f, json_pack("[s?,s?]", before->f, x->f));
	CHANGED_TEXT(cause)
	CHANGED_TEXT(category)
	CHANGED_TEXT(object)
	CHANGED_TEXT(channel)
	CHANGED_TEXT(what)
	CHANGED_TEXT(owner_name)
#undef CHANGED_TEXT
	if (before->due_at != x->due_at) {
		json_object_set_new(changes, "due_at",
				    json_pack("[o,o]", notice_time(before->due_at),
					      notice_time(x->due_at)));
		/* a new date is said again once it passes */
		x->overdue = 0;
	}
	if (before->department_id != x->department_id)
		json_object_set_new(changes, "department",
				    json_pack("[s?,s?]", before->department, x->department));
	if (before->team_id != x->team_id || before->owner_id != x->owner_id ||
	    before->tell_customers != x->tell_customers)
		json_object_set_new(changes, "scope", json_true());
	if (!json_object_size(changes)) {
		json_decref(changes);
		return 0;
	}
	x->updated_at = now;
	if ((rc = store_action_update(c, x, err))) {
		json_decref(changes);
		return rc;
	}
	rc = act_event(c, x->id, "changed", who->name, now, changes, err);
	if (!rc && before->department_id != x->department_id)
		rc = tell_department(c, x, "action", NULL, now, err);
	return rc;
}

/* --- verified by recurrence ---------------------------------------------------------- */

/* The rate of a side: per 1,000 orders when both sides have orders
 * counted, else per week. */
static double rate_of(int64_t complaints, int64_t orders, int weeks, int per_orders)
{
	if (per_orders)
		return orders > 0 ? (double)complaints * 1000.0 / (double)orders : 0;
	return weeks > 0 ? (double)complaints / weeks : 0;
}

static double round3(double v)
{
	return round(v * 1000) / 1000;
}

static json_t *side_json(int64_t from, int64_t to, const int64_t *counts, int weeks,
			 int64_t orders, double rate)
{
	json_t *series = json_array();
	int64_t sum = 0;
	for (int k = 0; k < weeks; k++) {
		sum += counts[k];
		json_array_append_new(series, json_integer(counts[k]));
	}
	return json_pack("{s:o,s:o,s:I,s:I,s:f,s:o}", "from", notice_time(from), "to",
			 notice_time(to), "complaints", (json_int_t)sum, "orders",
			 (json_int_t)orders, "rate", round3(rate), "series", series);
}

int wf_action_measure(struct store_conn *c, const struct improvement_action *x, int64_t now,
		      json_t **out, struct kesu_err *err)
{
	int weeks = x->window_days / 7;
	int64_t counts[2 * 26];
	int64_t split = x->done_at;
	int64_t from = split - (int64_t)weeks * WEEK_MS;
	int rc = store_action_recurrence(c, x, from, WEEK_MS, 2 * weeks, counts, err);
	if (rc)
		return rc;
	int64_t ob = 0, oa = 0, r1, r2, d1, d2;
	rc = store_order_count_sum(c, cal_day_of(from), cal_day_of(split - 1), &ob, &r1, &d1, err);
	if (!rc)
		rc = store_order_count_sum(c, cal_day_of(split),
					   cal_day_of(split + (int64_t)weeks * WEEK_MS - 1), &oa, &r2,
					   &d2, err);
	/* no daily counts for both sides: the orders the business imported */
	if (!rc && !(ob > 0 && oa > 0)) {
		rc = store_orders_between(c, from, split, &ob, err);
		if (!rc)
			rc = store_orders_between(c, split, split + (int64_t)weeks * WEEK_MS, &oa, err);
	}
	if (rc)
		return rc;
	int64_t cb = 0, ca = 0;
	for (int k = 0; k < weeks; k++) {
		cb += counts[k];
		ca += counts[weeks + k];
	}
	int per_orders = ob > 0 && oa > 0;
	double rb = rate_of(cb, ob, weeks, per_orders), ra = rate_of(ca, oa, weeks, per_orders);
	/* nothing before and nothing after: nothing recurred */
	double fell = rb > 0 ? (rb - ra) / rb : (ra > 0 ? -1 : 1);
	const char *verdict = fell + 1e-9 >= x->margin ? "verified" : "failed";
	json_t *o = json_pack("{s:o,s:o,s:s,s:f,s:f,s:i,s:s}", "before",
			      side_json(from, split, counts, weeks, ob, rb), "after",
			      side_json(split, split + (int64_t)weeks * WEEK_MS, counts + weeks,
					weeks, oa, ra),
			      "verdict", verdict, "fell", round3(fell), "margin",
			      round3(x->margin), "window_weeks", weeks, "unit",
			      per_orders ? "per_1000_orders" : "per_week");
	json_object_set_new(o, "judged_at", notice_time(now));
	*out = o;
	return 0;
}

int wf_action_judge(struct store_conn *c, struct improvement_action *x, int64_t now,
		    struct arena *a, struct kesu_err *err)
{
	if (strcmp(x->state, "done"))
		return kesu_fail(err, KE_CONFLICT, "state", "the action is %s: only a done one is"
				 " judged", x->state);
	json_t *v;
	int rc = wf_action_measure(c, x, now, &v, err);
	if (rc)
		return rc;
	char *text = json_dumps(v, JSON_COMPACT);
	const char *verdict = json_string_value(json_object_get(v, "verdict"));
	x->verification = arena_strdup(a, text);
	free(text);
	x->judged_at = now;
	x->state = !strcmp(verdict, "verified") ? "verified" : "failed";
	if (!strcmp(x->state, "failed")) {
		/* it reopens: the department has a new date to change more */
		x->failures++;
		x->due_at = now + REOPEN_DAYS * DAY_MS;
		x->overdue = 0;
	}
	x->updated_at = now;
	if ((rc = store_action_update(c, x, err))) {
		json_decref(v);
		return rc;
	}
	json_t *ev = json_pack("{s:s,s:O,s:O,s:O}", "verdict", verdict, "fell",
			       json_object_get(v, "fell"), "before",
			       json_object_get(json_object_get(v, "before"), "rate"), "after",
			       json_object_get(json_object_get(v, "after"), "rate"));
	/* the figures a mail states, beside the verdict */
	json_t *figs = json_pack("{s:O,s:O,s:O,s:O,s:O}", "fell", json_object_get(v, "fell"),
				 "margin", json_object_get(v, "margin"), "unit",
				 json_object_get(v, "unit"), "before_rate",
				 json_object_get(json_object_get(v, "before"), "rate"), "after_rate",
				 json_object_get(json_object_get(v, "after"), "rate"));
	json_decref(v);
	json_t *d = about(c, x);
	json_object_set(d, "verdict", json_object_get(ev, "verdict"));
	json_object_update(d, figs);
	rc = act_event(c, x->id, x->state, wf_system.name, now, ev, err);
	if (!rc)
		rc = tell_staff(c, x, !strcmp(x->state, "failed") ? "action_failed" : "action_verified",
				d, now, err);
	json_decref(d);
	if (!rc && !strcmp(x->state, "failed"))
		rc = tell_department(c, x, "action_failed", figs, now, err);
	json_decref(figs);
	return rc;
}

int wf_action_recurrence(struct store_conn *c, const struct improvement_action *x, int64_t now,
			 json_t **out, struct kesu_err *err)
{
	/* around the done date, as far as time has come; or the weeks up to
	 * now for an action not done yet */
	int weeks = (x->window_days ? x->window_days : 28) / 7;
	int64_t split = x->done_at, from;
	int buckets;
	if (split) {
		from = split - (int64_t)weeks * WEEK_MS;
		int64_t end = split + (int64_t)weeks * WEEK_MS;
		if (end > now)
			end = now;
		buckets = (int)((end - from + WEEK_MS - 1) / WEEK_MS);
	} else {
		from = now - (int64_t)weeks * WEEK_MS;
		buckets = weeks;
	}
	if (buckets < 1)
		buckets = 1;
	if (buckets > 2 * 26)
		buckets = 2 * 26;
	int64_t counts[2 * 26];
	int rc = store_action_recurrence(c, x, from, WEEK_MS, buckets, counts, err);
	if (rc)
		return rc;
	json_t *series = json_array();
	for (int k = 0; k < buckets; k++)
		json_array_append_new(series, json_integer(counts[k]));
	*out = json_pack("{s:o,s:I,s:o,s:o}", "from", notice_time(from), "week_ms",
			 (json_int_t)WEEK_MS, "split_at", notice_time(split), "series", series);
	return 0;
}

/* --- telling the customers what changed ---------------------------------------------- */

int wf_action_tell(struct store_conn *c, struct improvement_action *x, const char *message,
		   const struct wf_actor *who, int64_t now, struct arena *a, int *told,
		   struct kesu_err *err)
{
	*told = 0;
	if (strcmp(x->state, "done") && strcmp(x->state, "verified"))
		return kesu_fail(err, KE_CONFLICT, "state",
				 "the action is %s: customers hear once it is done", x->state);
	if (!x->tell_customers)
		return kesu_fail(err, KE_CONFLICT, "tell_customers",
				 "this action's customers are not to be told (set tell_customers)");
	if (x->told_at)
		return kesu_fail(err, KE_CONFLICT, "told_at", "its customers were told already");
	int64_t *ids;
	int n;
	int rc = store_action_complaint_ids(c, x->id, a, &ids, &n, err);
	for (int k = 0; !rc && k < n; k++) {
		struct complaint cp;
		if ((rc = store_complaint_get(c, ids[k], NULL, a, &cp, err)))
			break;
		json_t *extra = json_pack("{s:s,s:I}", "message", message ? message : x->what,
					  "action_id", (json_int_t)x->id);
		rc = notice_customer_with(c, &cp, "action_told", NULL, NULL, extra, now, err);
		json_decref(extra);
		if (!rc) {
			json_t *d = json_pack("{s:I,s:s}", "action_id", (json_int_t)x->id, "message",
					      message ? message : x->what);
			rc = notice_event(c, cp.id, "action_told", who->name, now, d, NULL, NULL, err);
			json_decref(d);
		}
		if (!rc)
			(*told)++;
	}
	if (rc)
		return rc;
	x->told_at = now;
	x->updated_at = now;
	if ((rc = store_action_update(c, x, err)))
		return rc;
	return act_event(c, x->id, "customers_told", who->name, now,
			 json_pack("{s:i,s:s}", "customers", *told, "message",
				   message ? message : x->what),
			 err);
}

/* --- what time decides ----------------------------------------------------------------- */

int wf_actions_tick(struct store_conn *c, int64_t now, int limit, struct arena *a, int *done,
		    struct kesu_err *err)
{
	struct improvement_action *xs;
	int n = 0;
	int rc = store_actions_overdue(c, now, limit, a, &xs, &n, err);
	for (int k = 0; !rc && k < n; k++) {
		struct improvement_action *x = &xs[k];
		x->overdue = 1;
		if ((rc = store_action_update(c, x, err)))
			break;
		json_t *d = about(c, x);
		rc = act_event(c, x->id, "overdue", wf_system.name, now, json_incref(d), err);
		if (!rc)
			rc = tell_staff(c, x, "action_overdue", d, now, err);
		json_decref(d);
		if (!rc)
			(*done)++;
	}
	if (rc || *done >= limit)
		return rc;
	rc = store_actions_to_judge(c, now, limit - *done, a, &xs, &n, err);
	for (int k = 0; !rc && k < n; k++) {
		if (!(rc = wf_action_judge(c, &xs[k], now, a, err)))
			(*done)++;
	}
	return rc;
}
