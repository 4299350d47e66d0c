/*
 * checklists.c - prevention checklists (自我筛查, domain.md 10): what a
 * team checks so that complaints do not arise (listings and links, copy
 * and the advertising law, prices and sizes, stock, dates, the history of
 * complaints). A checklist is run each working day, on each week's first
 * working day, or on demand before a campaign; its owner role answers
 * each item pass, fail or not applicable; a run left past its due time is
 * said to the owner role once; a failed item becomes an improvement
 * action (actions.c) with origin "checklist".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "calendar.h"
#include "workflow_int.h"

#define DAY_MS (24LL * 3600 * 1000)
#define NAME_MAX_CHARS 120
#define ITEM_MAX_CHARS 500

static const char *const langs[LANG__COUNT] = {"zh-CN", "zh-TW", "en"};

/* --- what a checklist is -------------------------------------------------------------- */

/* A text given free or in the three languages: {"zh-CN", "zh-TW", "en"}. */
static int text_check(json_t *v, const char *field, int max, struct kesu_err *err)
{
	if (json_is_string(v)) {
		size_t len = json_string_length(v);
		if (!len || len > (size_t)max * 4)
			return kesu_fail(err, KE_INVALID_VALUE, field, "must be 1 to %d characters",
					 max);
		return 0;
	}
	if (!json_is_object(v))
		return kesu_fail(err, KE_WRONG_TYPE, field,
				 "must be a text, or an object of the three languages (zh-CN, zh-TW,"
				 " en)");
	const char *k;
	json_t *x;
	json_object_foreach(v, k, x) {
		if (strcmp(k, langs[0]) && strcmp(k, langs[1]) && strcmp(k, langs[2]))
			return kesu_fail(err, KE_UNKNOWN_FIELD, field,
					 "has %s: only zh-CN, zh-TW and en are languages", k);
	}
	for (int l = 0; l < LANG__COUNT; l++) {
		json_t *s = json_object_get(v, langs[l]);
		size_t len = json_is_string(s) ? json_string_length(s) : 0;
		if (!len || len > (size_t)max * 4)
			return kesu_fail(err, KE_INVALID_VALUE, field,
					 "needs %s: 1 to %d characters in each of zh-CN, zh-TW, en",
					 langs[l], max);
	}
	return 0;
}

const char *wf_checklist_text(const char *json_text, const char *lang, struct arena *a)
{
	json_t *v = json_loads(json_text ? json_text : "null", JSON_DECODE_ANY, NULL);
	const char *s = NULL;
	if (json_is_string(v))
		s = json_string_value(v);
	else if (json_is_object(v))
		s = json_string_value(json_object_get(v, lang ? lang : "zh-CN"));
	const char *out = arena_strdup(a, s ? s : "");
	json_decref(v);
	return out;
}

static const char *dump(json_t *v, struct arena *a)
{
	char *t = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
	const char *out = t ? arena_strdup(a, t) : NULL;
	free(t);
	return out;
}

int wf_checklist_from_json(json_t *body, struct checklist *k, struct arena *a,
			   struct kesu_err *err)
{
	json_t *v;
	if ((v = json_object_get(body, "name"))) {
		if (text_check(v, "name", NAME_MAX_CHARS, err))
			return -(int)err->code;
		k->name = dump(v, a);
	}
	if ((v = json_object_get(body, "items"))) {
		if (!json_is_array(v) || !json_array_size(v) ||
		    json_array_size(v) > CHECKLIST_ITEMS_MAX)
			return kesu_fail(err, json_is_array(v) ? KE_INVALID_VALUE : KE_WRONG_TYPE,
					 "items", "must list 1 to %d items", CHECKLIST_ITEMS_MAX);
		json_t *items = json_array();
		size_t i;
		json_t *it;
		json_array_foreach(v, i, it) {
			char field[64];
			snprintf(field, sizeof field, "items[%zu]", i);
			/* an item is its text, or {"text", "kind"} */
			json_t *text = json_is_object(it) ? json_object_get(it, "text") : it;
			if (json_is_object(it)) {
				const char *key;
				json_t *x;
				json_object_foreach(it, key, x) {
					if (strcmp(key, "text") && strcmp(key, "kind")) {
						json_decref(items);
						return kesu_fail(err, KE_UNKNOWN_FIELD, field,
								 "has %s: an item is its text and"
								 " its kind",
								 key);
					}
				}
			}
			snprintf(field, sizeof field, "items[%zu].text", i);
			if (text_check(text, field, ITEM_MAX_CHARS, err)) {
				json_decref(items);
				return -(int)err->code;
			}
			json_t *kind = json_is_object(it) ? json_object_get(it, "kind") : NULL;
			if (kind && !json_is_null(kind) &&
			    (!json_is_string(kind) || strcmp(json_string_value(kind), "history"))) {
				json_decref(items);
				snprintf(field, sizeof field, "items[%zu].kind", i);
				return kesu_fail(err, KE_INVALID_VALUE, field,
						 "must be history (the item that screens the"
						 " history of complaints) or null");
			}
			json_t *o = json_pack("{s:O}", "text", text);
			if (kind && json_is_string(kind))
				json_object_set(o, "kind", kind);
			json_array_append_new(items, o);
		}
		k->items = dump(items, a);
		json_decref(items);
	}
	const char *s;
	if ((v = json_object_get(body, "owner_role"))) {
		s = json_string_value(v);
		if (!s || (strcmp(s, "agent") && strcmp(s, "supervisor") && strcmp(s, "manager")))
			return kesu_fail(err, KE_INVALID_VALUE, "owner_role",
					 "must be agent, supervisor or manager");
		k->owner_role = arena_strdup(a, s);
	}
	if ((v = json_object_get(body, "frequency"))) {
		s = json_string_value(v);
		if (!s || enum_index(en_checklist_frequency, s) < 0)
			return kesu_fail(err, KE_INVALID_VALUE, "frequency", "must be one of: %s",
					 enum_list(en_checklist_frequency, a));
		k->frequency = arena_strdup(a, s);
	}
	if ((v = json_object_get(body, "team_id"))) {
		if (json_is_null(v))
			k->team_id = 0;
		else if (!json_is_integer(v) || json_integer_value(v) <= 0)
			return kesu_fail(err, KE_WRONG_TYPE, "team_id", "must be a team's id or null");
		else
			k->team_id = json_integer_value(v);
	}
	if ((v = json_object_get(body, "active"))) {
		if (!json_is_boolean(v))
			return kesu_fail(err, KE_WRONG_TYPE, "active", "must be true or false");
		k->active = json_is_true(v);
	}
	return 0;
}

static int checklist_check(struct store_conn *c, const struct checklist *k, struct arena *a,
			   struct kesu_err *err)
{
	if (!k->name)
		return kesu_fail(err, KE_MISSING_FIELD, "name", "is required");
	if (!k->items)
		return kesu_fail(err, KE_MISSING_FIELD, "items", "is required: 1 to %d items",
				 CHECKLIST_ITEMS_MAX);
	if (!k->owner_role)
		return kesu_fail(err, KE_MISSING_FIELD, "owner_role",
				 "is required: agent, supervisor or manager");
	if (!k->frequency)
		return kesu_fail(err, KE_MISSING_FIELD, "frequency",
				 "is required: daily, weekly or on_demand");
	if (k->team_id) {
		struct team t;
		int rc = store_team_get(c, k->team_id, NULL, a, &t, err);
		if (rc == -KE_NOT_FOUND) {
			kesu_err_clear(err);
			return kesu_fail(err, KE_INVALID_VALUE, "team_id", "no such team");
		}
		return rc;
	}
	return 0;
}

int wf_checklist_create(struct store_conn *c, struct checklist *k, const struct wf_actor *who,
			int64_t now, struct arena *a, struct kesu_err *err)
{
	int rc = checklist_check(c, k, a, err);
	if (rc)
		return rc;
	k->created_at = k->updated_at = now;
	k->created_by = who->name;
	return store_checklist_insert(c, k, err);
}

int wf_checklist_edit(struct store_conn *c, struct checklist *k, int64_t now, struct arena *a,
		      struct kesu_err *err)
{
	int rc = checklist_check(c, k, a, err);
	if (rc)
		return rc;
	k->updated_at = now;
	return store_checklist_update(c, k, err);
}

/* --- runs ---------------------------------------------------------------------------- */

int wf_checklist_items(const char *items, int *n)
{
	json_t *v = json_loads(items ? items : "[]", 0, NULL);
	*n = json_is_array(v) ? (int)json_array_size(v) : 0;
	json_decref(v);
	return 0;
}

int64_t wf_checklist_day_end(const struct calendar *cal, int32_t day)
{
	int end = cal->nperiods ? cal->period[cal->nperiods - 1][1] : 24 * 60;
	return cal_day_start(day) + (int64_t)end * 60 * 1000;
}

int wf_checklist_falls_due(const struct calendar *cal, const char *frequency, int32_t day)
{
	if (!cal_is_workday(cal, day))
		return 0;
	if (!strcmp(frequency, "daily"))
		return 1;
	if (strcmp(frequency, "weekly"))
		return 0;
	/* the week's first working day: none before it since Monday (day 0,
	 * 1970-01-01, was a Thursday) */
	int weekday = (int)(((day % 7) + 7 + 4) % 7); /* 0: Sunday */
	int since_monday = (weekday + 6) % 7;
	for (int d = 1; d <= since_monday; d++)
		if (cal_is_workday(cal, day - d))
			return 0;
	return 1;
}

int wf_checklist_start(struct store_conn *c, const struct checklist *k, int32_t day,
		       const char *occasion, int64_t due_at, const struct wf_actor *who, int64_t now,
		       struct checklist_run *out, struct kesu_err *err)
{
	if (!k->active)
		return kesu_fail(err, KE_CONFLICT, "active", "the checklist is not in use");
	if (due_at <= now)
		return kesu_fail(err, KE_INVALID_VALUE, "due", "must be in the future");
	*out = (struct checklist_run){.checklist_id = k->id,
				      .day = day,
				      .occasion = occasion,
				      .name = k->name,
				      .items = k->items,
				      .owner_role = k->owner_role,
				      .team_id = k->team_id,
				      .state = "open",
				      .due_at = due_at,
				      .created_at = now,
				      .created_by = who->name};
	return store_checklist_run_insert(c, out, err);
}

static int item_count(const struct checklist_run *r)
{
	int n;
	wf_checklist_items(r->items, &n);
	return n;
}

int wf_checklist_answer(struct store_conn *c, struct checklist_run *r,
			const struct checklist_answer *xs, int n, const struct wf_actor *who,
			int64_t now, struct kesu_err *err)
{
	if (strcmp(r->state, "open"))
		return kesu_fail(err, KE_CONFLICT, "state", "the run is finished: it is not answered"
				 " any more");
	int items = item_count(r);
	for (int k = 0; k < n; k++) {
		char field[64];
		snprintf(field, sizeof field, "answers[%d].n", k);
		if (xs[k].n < 1 || xs[k].n > items)
			return kesu_fail(err, KE_INVALID_VALUE, field,
					 "must be the number of an item of the run, 1 to %d", items);
		if (enum_index(en_checklist_result, xs[k].result) < 0) {
			snprintf(field, sizeof field, "answers[%d].result", k);
			return kesu_fail(err, KE_INVALID_VALUE, field,
					 "must be pass, fail or not_applicable");
		}
		if (!strcmp(xs[k].result, "fail") && (!xs[k].note || !*xs[k].note)) {
			snprintf(field, sizeof field, "answers[%d].note", k);
			return kesu_fail(err, KE_MISSING_FIELD, field,
					 "is required when an item fails: what was found");
		}
	}
	for (int k = 0; k < n; k++) {
		struct checklist_answer x = xs[k];
		x.run_id = r->id;
		x.answered_at = now;
		x.answered_by = who->name;
		int rc = store_checklist_answer_put(c, &x, err);
		if (rc)
			return rc;
	}
	return 0;
}

int wf_checklist_finish(struct store_conn *c, struct checklist_run *r, const struct wf_actor *who,
			int64_t now, struct arena *a, struct kesu_err *err)
{
	if (strcmp(r->state, "open"))
		return kesu_fail(err, KE_CONFLICT, "state", "the run is finished already");
	struct checklist_answer *xs;
	int n, items = item_count(r);
	int rc = store_checklist_answers(c, r->id, a, &xs, &n, err);
	if (rc)
		return rc;
	for (int k = 1, j = 0; k <= items; k++) {
		while (j < n && xs[j].n < k)
			j++;
		if (j >= n || xs[j].n != k)
			return kesu_fail(err, KE_CONFLICT, "answers",
					 "item %d is not answered: every item is answered before the"
					 " run is finished",
					 k);
	}
	r->state = "done";
	r->finished_at = now;
	r->finished_by = who->name;
	return store_checklist_run_update(c, r, err);
}

int wf_checklist_item_action(struct store_conn *c, struct checklist_run *r, int item,
			     struct improvement_action *x, const struct wf_actor *who, int64_t now,
			     struct arena *a, struct kesu_err *err)
{
	struct checklist_answer *xs;
	int n;
	int rc = store_checklist_answers(c, r->id, a, &xs, &n, err);
	if (rc)
		return rc;
	const struct checklist_answer *ans = NULL;
	for (int k = 0; k < n; k++)
		if (xs[k].n == item)
			ans = &xs[k];
	if (!ans || strcmp(ans->result, "fail"))
		return kesu_fail(err, KE_CONFLICT, "n",
				 "item %d has not failed: only a failed item becomes an action", item);
	if (ans->action_id)
		return kesu_fail(err, KE_CONFLICT, "n", "item %d became action %lld already", item,
				 (long long)ans->action_id);
	x->origin = "checklist";
	x->origin_id = r->id;
	if (!x->team_id)
		x->team_id = r->team_id;
	if ((rc = wf_action_create(c, x, NULL, 0, who, now, a, err)))
		return rc;
	return store_checklist_answer_action(c, r->id, item, x->id, err);
}

/* --- what time decides ------------------------------------------------------------------ */

int wf_checklists_tick(struct store_conn *c, int64_t now, int limit, struct arena *a, int *done,
		       struct kesu_err *err)
{
	const struct wf_settings *s = wf_settings(c, err);
	if (!s)
		return -(int)err->code;
	int32_t today = cal_day_of(now);
	struct checklist *ks;
	int n = 0;
	int rc = store_checklists_unchecked(c, today, limit, a, &ks, &n, err);
	for (int k = 0; !rc && k < n; k++) {
		int64_t due = wf_checklist_day_end(&s->cal, today);
		/* a day whose work has ended gets no run of its own */
		if (wf_checklist_falls_due(&s->cal, ks[k].frequency, today) && due > now) {
			struct checklist_run r;
			if ((rc = wf_checklist_start(c, &ks[k], today, NULL, due, &wf_system, now, &r,
						     err)))
				break;
			*done += r.id != 0;
		}
		rc = store_checklist_checked(c, ks[k].id, today, err);
	}
	if (rc || *done >= limit)
		return rc;
	struct checklist_run *rs;
	rc = store_checklist_runs_overdue(c, now, limit - *done, a, &rs, &n, err);
	for (int k = 0; !rc && k < n; k++) {
		struct checklist_run *r = &rs[k];
		r->overdue = 1;
		if ((rc = store_checklist_run_update(c, r, err)))
			break;
		json_t *d = json_pack("{s:I,s:I,s:s,s:o,s:i,s:i}", "run_id", (json_int_t)r->id,
				      "checklist_id", (json_int_t)r->checklist_id, "title",
				      wf_checklist_text(r->name, "zh-CN", a), "due_at",
				      notice_time(r->due_at), "answered", r->answered, "items",
				      item_count(r));
		struct notice_to to = {.role = role_find(r->owner_role), .team_id = r->team_id};
		rc = notice_staff_about(c, "checklist_overdue", &to, NULL, d, now, err);
		json_decref(d);
		if (!rc)
			(*done)++;
	}
	return rc;
}
