/*
 * saved_views.c - /api/v1/views: a queue's filters (state, category,
 * severity, channel, level, customer type, due, assignee) saved under a
 * name for oneself or for a team, listed with how many complaints each
 * holds; GET /api/v1/complaints?view={id} applies one (queues.c).
 */
#include "api.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../http/auth.h"
#include "../util/clock.h"

#define NAME_MAX_CHARS 60
/* the views' counts, exact up to this, as the queues' */
#define VIEW_COUNT_CAP 10000

static const char *const filter_names[] = {"state",	    "category", "severity", "channel",
					   "level",	    "customer_type", "due", "assignee",
					   NULL};

static int bad(struct kesu_err *err, const char *name, const char *what)
{
	char field[48];
	snprintf(field, sizeof field, "filters.%s", name);
	return kesu_fail(err, KE_INVALID_VALUE, field, "%s", what);
}

/* One enumerated filter: a string among values, pointing into the table. */
static int enum_filter(json_t *o, const char *name, const struct enum_value *values,
		       struct arena *a, const char **out, struct kesu_err *err)
{
	json_t *v = json_object_get(o, name);
	*out = NULL;
	if (!v)
		return 0;
	int i = json_is_string(v) ? enum_index(values, json_string_value(v)) : -1;
	if (i < 0) {
		char what[600];
		snprintf(what, sizeof what, "must be one of %s", enum_list(values, a));
		return bad(err, name, what);
	}
	*out = values[i].name;
	return 0;
}

int api_view_filters(json_t *o, int64_t caller, struct arena *a, struct complaint_filter *f,
		     struct kesu_err *err)
{
	static const struct enum_value due_values[] = {{"due_soon", {0}, 0},
						       {"breached", {0}, 0},
						       {NULL}};
	if (!json_is_object(o))
		return kesu_fail(err, KE_WRONG_TYPE, "filters",
				 "must be an object of state, category, severity, channel, level,"
				 " customer_type, due, assignee");
	const char *key;
	json_t *v;
	json_object_foreach(o, key, v) {
		int known = 0;
		for (int i = 0; filter_names[i]; i++)
			known |= !strcmp(key, filter_names[i]);
		if (!known) {
			char field[80];
			snprintf(field, sizeof field, "filters.%.60s", key);
			return kesu_fail(err, KE_UNKNOWN_FIELD, field,
					 "is not a filter: state, category, severity, channel, level,"
					 " customer_type, due, assignee");
		}
	}
	const char *level, *due;
	if (enum_filter(o, "state", en_status, a, &f->status, err) ||
	    enum_filter(o, "severity", complaint_fields[CF_SEVERITY].values, a, &f->severity,
			err) ||
	    enum_filter(o, "channel", complaint_fields[CF_CHANNEL].values, a, &f->channel, err) ||
	    enum_filter(o, "level", en_level, a, &level, err) ||
	    enum_filter(o, "customer_type", en_customer_type, a, &f->customer_type, err) ||
	    enum_filter(o, "due", due_values, a, &due, err))
		return -err->code;
	f->level = level ? enum_index(en_level, level) + 1 : 0;
	if (due)
		f->queue = !strcmp(due, "due_soon") ? Q_DUE_SOON : Q_BREACHED;
	if ((v = json_object_get(o, "category"))) {
		if (!json_is_string(v) || !json_string_length(v) || json_string_length(v) > 64)
			return bad(err, "category", "must be a category of 1 to 64 characters");
		f->category = arena_strdup(a, json_string_value(v));
	}
	if ((v = json_object_get(o, "assignee"))) {
		if (json_is_integer(v) && json_integer_value(v) > 0)
			f->assignee_id = json_integer_value(v);
		else if (json_is_string(v) && !strcmp(json_string_value(v), "me"))
			f->assignee_id = caller;
		else if (json_is_string(v) && !strcmp(json_string_value(v), "unassigned"))
			f->unassigned = 1;
		else
			return bad(err, "assignee", "must be \"me\", \"unassigned\" or a user id");
	}
	return 0;
}

/* 1 if p may see view v: their own, or a view of one of their teams. */
static int visible(const struct principal *p, const struct saved_view *v)
{
	if (v->owner_id == p->user_id)
		return 1;
	for (int i = 0; v->team_id && i < p->nteams; i++)
		if (p->teams[i] == v->team_id)
			return 1;
	return 0;
}

int api_view_load(struct store_conn *c, const char *ref, const struct principal *p,
		  struct arena *a, struct saved_view *out, struct kesu_err *err)
{
	int64_t id;
	if (api_id(ref, &id, err))
		return -err->code;
	int rc = store_view_get(c, id, a, out, err);
	if (!rc && !visible(p, out))
		rc = kesu_fail(err, KE_NOT_FOUND, "", "no saved view %lld", (long long)id);
	return rc;
}

/* The count of v's complaints that p may see, up to the cap. */
static int view_count(struct store_conn *c, const struct principal *p,
		      const struct saved_view *v, struct arena *a, int *n, struct kesu_err *err)
{
	struct complaint_filter f = {.queue = Q_ALL, .user_id = p->user_id,
				     .now_ms = clock_now_ms()};
	json_t *o = json_loads(v->filters, 0, NULL);
	int rc = api_view_filters(o, p->user_id, a, &f, err);
	json_decref(o);
	*n = 0;
	if (rc)
		return rc;
	int all = authz_can(p, P_ALL_TEAMS);
	if (!all && p->nteams == 0)
		return 0;
	f.teams_of = all ? 0 : p->user_id;
	return store_complaint_count_upto(c, &f, VIEW_COUNT_CAP, n, err);
}

int views_list(struct http_request *req)
{
	struct kesu_err err = {0};
	struct arena *a = http_arena(req);
	const struct principal *p = http_principal(req);
	struct store_conn *c = http_reader(req, &err);
	struct saved_view *items;
	int n;
	if (!c || store_view_list(c, p->user_id, a, &items, &n, &err))
		return http_reply_error(req, &err);
	json_t *arr = json_array();
	for (int i = 0; i < n; i++) {
		int count;
		if (view_count(c, p, &items[i], a, &count, &err)) {
			json_decref(arr);
			return http_reply_error(req, &err);
		}
		json_t *o = api_saved_view_json(&items[i]);
		json_object_set_new(o, "count", json_integer(count > VIEW_COUNT_CAP ? VIEW_COUNT_CAP
										   : count));
		json_object_set_new(o, "capped", json_boolean(count > VIEW_COUNT_CAP));
		json_array_append_new(arr, o);
	}
	return http_reply_json(req, 200, json_pack("{s:o,s:i}", "items", arr, "cap", VIEW_COUNT_CAP));
}

/* --- writes --------------------------------------------------------------- */

enum { V_INSERT, V_UPDATE, V_DELETE };

struct view_job {
	struct store_job job;
	int op;
	struct principal who;
	struct saved_view v;
	int status;
};

static int view_run(struct store_conn *c, struct store_job *job)
{
	struct view_job *j = (struct view_job *)job;
	if (j->op == V_INSERT) {
		int n;
		int rc = store_view_count_mine(c, j->who.user_id, &n, &job->err);
		if (!rc && n >= SAVED_VIEWS_MAX)
			rc = kesu_fail(&job->err, KE_CONFLICT, "name",
				       "you keep %d saved views already: delete one first",
				       SAVED_VIEWS_MAX);
		return rc ? rc : store_view_insert(c, &j->v, &job->err);
	}
	return j->op == V_UPDATE ? store_view_update(c, &j->v, &job->err)
				 : store_view_delete(c, j->v.id, &job->err);
}

static int view_finish(struct http_request *req, struct store_job *job)
{
	struct view_job *j = (struct view_job *)job;
	if (job->rc)
		return http_reply_error(req, &job->err);
	if (j->op == V_DELETE)
		return http_reply_status(req, 204);
	return http_reply_json(req, j->status, api_saved_view_json(&j->v));
}

static struct view_job *view_job_new(struct http_request *req, int op)
{
	struct view_job *j = arena_zalloc(http_arena(req), sizeof *j);
	j->job.run = view_run;
	j->op = op;
	j->who = *http_principal(req);
	j->status = 200;
	return j;
}

/* name and filters from body (each optional when patching), checked. */
static int read_body(json_t *body, int patch, struct http_request *req, struct saved_view *v,
		     struct kesu_err *err)
{
	struct arena *a = http_arena(req);
	const char *name;
	if (api_string(body, "name", !patch, NAME_MAX_CHARS, &name, err))
		return -err->code;
	if (name && !*name)
		return kesu_fail(err, KE_MISSING_FIELD, "name", "must not be empty");
	if (name)
		v->name = name;
	json_t *o = json_object_get(body, "filters");
	if (!o && patch)
		return 0;
	if (!o)
		return kesu_fail(err, KE_MISSING_FIELD, "filters",
				 "is required: an object of the filters ({} for none)");
	struct complaint_filter f = {0};
	if (api_view_filters(o, 1, a, &f, err))
		return -err->code;
	char *s = json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS);
	v->filters = arena_strdup(a, s ? s : "{}");
	free(s);
	return 0;
}

int views_create(struct http_request *req)
{
	static const char *const keys[] = {"name", "scope", "team_id", "filters", NULL};
	struct kesu_err err = {0};
	const struct principal *p = http_principal(req);
	json_t *body = api_body(req, keys, &err);
	struct view_job *j = view_job_new(req, V_INSERT);
	const char *scope;
	if (!body || read_body(body, 0, req, &j->v, &err) ||
	    api_string(body, "scope", 0, 8, &scope, &err) ||
	    api_int_member(body, "team_id", &j->v.team_id, &err))
		return http_reply_error(req, &err);
	j->v.scope = scope ? scope : "mine";
	if (strcmp(j->v.scope, "mine") && strcmp(j->v.scope, "team"))
		return api_fail(req, KE_INVALID_VALUE, "scope", "must be mine or team");
	if (!strcmp(j->v.scope, "mine")) {
		if (j->v.team_id)
			return api_fail(req, KE_INVALID_VALUE, "team_id",
					"is only for team views (scope team)");
	} else {
		/* the team's shared views are its supervisors' to set */
		if (!authz_can(p, P_COMPLAINT_ASSIGN))
			return api_fail(req, KE_FORBIDDEN, "scope",
					"team views need complaint.assign (a supervisor's): save it as"
					" mine");
		if (!j->v.team_id && p->nteams)
			j->v.team_id = p->teams[0];
		if (!j->v.team_id)
			return api_fail(req, KE_MISSING_FIELD, "team_id",
					"is required: you belong to no team");
		if (!authz_team(p, j->v.team_id))
			return api_fail(req, KE_FORBIDDEN, "team_id", "is not one of your teams");
	}
	j->v.owner_id = p->user_id;
	j->v.created_at = clock_now_ms();
	j->status = 201;
	return http_defer(req, &j->job, view_finish);
}

/* Loads the view of the path for a change: KE_NOT_FOUND if the caller
 * does not see it, KE_FORBIDDEN if they see it but may not change it (a
 * team view is its maker's and its team's supervisors'). */
static int load_for_change(struct http_request *req, struct saved_view *v, struct kesu_err *err)
{
	const struct principal *p = http_principal(req);
	struct store_conn *c = http_reader(req, err);
	if (!c || api_view_load(c, http_param(req, 0), p, http_arena(req), v, err))
		return -err->code;
	if (v->owner_id != p->user_id &&
	    !(v->team_id && authz_can(p, P_COMPLAINT_ASSIGN) && authz_team(p, v->team_id)))
		return kesu_fail(err, KE_FORBIDDEN, "scope",
				 "a team view is changed by its maker or the team's supervisors");
	return 0;
}

int views_patch(struct http_request *req)
{
	static const char *const keys[] = {"name", "filters", NULL};
	struct kesu_err err = {0};
	json_t *body = api_body(req, keys, &err);
	struct view_job *j = view_job_new(req, V_UPDATE);
	if (!body || load_for_change(req, &j->v, &err) || read_body(body, 1, req, &j->v, &err))
		return http_reply_error(req, &err);
	return http_defer(req, &j->job, view_finish);
}

int views_delete(struct http_request *req)
{
	struct kesu_err err = {0};
	struct view_job *j = view_job_new(req, V_DELETE);
	if (load_for_change(req, &j->v, &err))
		return http_reply_error(req, &err);
	return http_defer(req, &j->job, view_finish);
}
