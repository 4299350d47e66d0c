/*
 * checklists.c - /api/v1/checklists and /api/v1/checklist-runs: prevention
 * checklists (自我筛查, domain.md 10). Supervisors and managers keep the
 * checklists; the owner role (or those who keep them) starts, answers and
 * finishes runs; a failed item becomes an improvement action; whoever
 * reads complaints reads them. The history item of a run shows the causes
 * Pareto of the last 90 days and the improvement actions still open.
 * Each write is a verb of workflow/checklists.c run in the writer.
 */
#include "api.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../auth/roles.h"
#include "../http/auth.h"
#include "../util/clock.h"

#define DAY_MS (24LL * 3600 * 1000)
#define HISTORY_DAYS 90
#define HISTORY_CAUSES 10
#define HISTORY_ACTIONS 20
#define ATTACHMENTS_PER_ANSWER 10

/* --- what replies show -------------------------------------------------------------------- */

static json_t *json_text(const char *text)
{
	json_t *v = json_loads(text ? text : "null", JSON_DECODE_ANY, NULL);
	return v ? v : json_null();
}

static json_t *day_json(int32_t day)
{
	if (day < 0)
		return json_null();
	int y, m, d;
	cal_civil(day, &y, &m, &d);
	char buf[16];
	snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
	return json_string(buf);
}

/* The items of a checklist or run: [{n, text, kind}]. */
static json_t *items_json(const char *items)
{
	json_t *v = json_text(items), *out = json_array();
	size_t i;
	json_t *it;
	json_array_foreach(v, i, it) {
		json_t *kind = json_object_get(it, "kind");
		json_array_append_new(out, json_pack("{s:i,s:O,s:O}", "n", (int)i + 1, "text",
						     json_object_get(it, "text"), "kind",
						     kind ? kind : json_null()));
	}
	json_decref(v);
	return out;
}

json_t *api_checklist_json(const struct checklist *k)
{
	json_t *j = json_pack("{s:I,s:o,s:o,s:s,s:s,s:o,s:o,s:b,s:I,s:o,s:s,s:o}", "id",
			      (json_int_t)k->id, "name", json_text(k->name), "items",
			      items_json(k->items), "owner_role", k->owner_role, "frequency",
			      k->frequency, "team_id",
			      k->team_id ? json_integer(k->team_id) : json_null(), "team",
			      k->team ? json_string(k->team) : json_null(), "active", k->active,
			      "version", (json_int_t)k->version, "created_at",
			      api_time_json(k->created_at), "created_by", k->created_by,
			      "updated_at", api_time_json(k->updated_at));
	return j;
}

static const char *run_state(const struct checklist_run *r, int64_t now)
{
	if (!strcmp(r->state, "done"))
		return "done";
	return r->due_at < now ? "overdue" : "due";
}

/* A run; with its items and their answers when answers is not NULL. */
static json_t *run_json(const struct checklist_run *r, const struct checklist_answer *answers,
			int nanswers, int64_t now)
{
	int items;
	wf_checklist_items(r->items, &items);
	json_t *j = json_pack("{s:I,s:I,s:o,s:o,s:o,s:s,s:o,s:s,s:o,s:b,s:i,s:i,s:i,s:o,s:s}",
			      "id", (json_int_t)r->id, "checklist_id", (json_int_t)r->checklist_id,
			      "name", json_text(r->name), "day", day_json(r->day), "occasion",
			      r->occasion ? json_string(r->occasion) : json_null(), "owner_role",
			      r->owner_role, "team_id",
			      r->team_id ? json_integer(r->team_id) : json_null(), "state",
			      run_state(r, now), "due_at", api_time_json(r->due_at), "overdue_said",
			      r->overdue, "item_count", items, "answered", r->answered, "failed",
			      r->failed, "created_at", api_time_json(r->created_at), "created_by",
			      r->created_by);
	json_object_set_new(j, "finished_at", api_time_json(r->finished_at));
	json_object_set_new(j, "finished_by",
			    r->finished_by ? json_string(r->finished_by) : json_null());
	json_object_set_new(j, "version", json_integer(r->version));
	if (!answers)
		return j;
	json_t *list = items_json(r->items);
	size_t i;
	json_t *it;
	json_array_foreach(list, i, it) {
		json_t *ans = json_null();
		for (int k = 0; k < nanswers; k++) {
			const struct checklist_answer *x = &answers[k];
			if (x->n != (int)i + 1)
				continue;
			ans = json_pack("{s:s,s:o,s:o,s:o,s:s,s:o}", "result", x->result, "note",
					x->note ? json_string(x->note) : json_null(), "attachment_ids",
					json_text(x->attachments), "answered_at",
					api_time_json(x->answered_at), "answered_by", x->answered_by,
					"action_id",
					x->action_id ? json_integer(x->action_id) : json_null());
		}
		json_object_set_new(it, "answer", ans);
	}
	json_object_set_new(j, "items", list);
	return j;
}

/* What the history item shows: the causes Pareto of the last 90 days
 * (most first, with the running share; the "vital few" up to 80%) and
 * the improvement actions still open. */
static int history_json(struct store_conn *c, int64_t now, struct arena *a, json_t **out,
			struct kesu_err *err)
{
	struct cause_count *cs;
	int n;
	int64_t total;
	struct wf_causes *causes = arena_zalloc(a, sizeof *causes);
	int rc = store_cause_counts_since(c, now - HISTORY_DAYS * DAY_MS, HISTORY_CAUSES, a, &cs,
					  &n, &total, err);
	if (!rc)
		rc = wf_causes_read(c, causes, err);
	if (rc)
		return rc;
	json_t *pareto = json_array();
	int64_t run = 0;
	for (int k = 0; k < n; k++) {
		int64_t before = run;
		run += cs[k].n;
		const struct wf_cause *w = wf_cause_find(causes, cs[k].cause);
		json_array_append_new(
			pareto,
			json_pack("{s:s,s:{s:s,s:s,s:s},s:I,s:f,s:f,s:b}", "cause", cs[k].cause,
				  "label", "zh-CN", w ? w->label[0] : cs[k].cause, "zh-TW",
				  w ? w->label[1] : cs[k].cause, "en", w ? w->label[2] : cs[k].cause,
				  "count", (json_int_t)cs[k].n, "share",
				  total ? (double)cs[k].n / (double)total : 0.0, "cumulative",
				  total ? (double)run / (double)total : 0.0, "vital_few",
				  total && before * 10 < total * 8));
	}
	struct action_filter f = {.state = "open", .now = now, .limit = HISTORY_ACTIONS};
	struct improvement_action *xs;
	int nx, more;
	if ((rc = store_actions_list(c, &f, a, &xs, &nx, &more, err))) {
		json_decref(pareto);
		return rc;
	}
	json_t *open = json_array();
	for (int k = 0; k < nx; k++)
		json_array_append_new(open, api_action_json(&xs[k], now));
	*out = json_pack("{s:i,s:I,s:o,s:o,s:b}", "days", HISTORY_DAYS, "complaints",
			 (json_int_t)total, "pareto", pareto, "open_actions", open,
			 "more_open_actions", more);
	return 0;
}

/* A run with its answers, and the history on its history items. */
static int run_full(struct store_conn *c, const struct checklist_run *r, int64_t now,
		    struct arena *a, json_t **out, struct kesu_err *err)
{
	struct checklist_answer *xs;
	int n;
	int rc = store_checklist_answers(c, r->id, a, &xs, &n, err);
	if (rc)
		return rc;
	json_t *j = run_json(r, xs, n, now);
	size_t i;
	json_t *it;
	json_array_foreach(json_object_get(j, "items"), i, it) {
		if (!json_is_string(json_object_get(it, "kind")))
			continue;
		json_t *h;
		if ((rc = history_json(c, now, a, &h, err))) {
			json_decref(j);
			return rc;
		}
		json_object_set_new(it, "history", h);
	}
	*out = j;
	return 0;
}

/* --- who may act on a run ------------------------------------------------------------------ */

/* The owner role answers its runs (of its teams); those who keep the
 * checklists (complaint.assign) answer any. */
static int may_answer(const struct principal *p, const char *owner_role, int64_t team_id,
		      struct kesu_err *err)
{
	if (team_id && !authz_team(p, team_id))
		return kesu_fail(err, KE_NOT_FOUND, "", "no such checklist run");
	int own = p->role >= 0 && p->role < ROLE__COUNT && !strcmp(roles[p->role].name, owner_role);
	if (!own && !authz_can(p, P_COMPLAINT_ASSIGN))
		return kesu_fail(err, KE_FORBIDDEN, "owner_role",
				 "this checklist is answered by the %s role", owner_role);
	return 0;
}

/* --- the writer's jobs ------------------------------------------------------------------------ */

enum ckl_op { OP_CREATE, OP_PATCH, OP_START, OP_ANSWER, OP_FINISH, OP_ACTION };

struct ckl_job {
	struct api_act act;
	enum ckl_op op;
	json_t *body;
	int64_t expect_version, due_at;
	const char *occasion;
	struct checklist_answer *answers;
	int nanswers, item;
	struct improvement_action action;
};

static int load_run(struct store_conn *c, struct ckl_job *j, struct checklist_run *r,
		    struct kesu_err *err)
{
	int rc = store_checklist_run_get(c, j->act.id, j->act.a, r, err);
	if (!rc && r->team_id && !authz_team(&j->act.who, r->team_id)) {
		kesu_err_clear(err);
		return kesu_fail(err, KE_NOT_FOUND, "", "no checklist run %lld",
				 (long long)j->act.id);
	}
	return rc;
}

static int ckl_verb(struct store_conn *c, struct api_act *act, struct kesu_err *err)
{
	struct ckl_job *j = (struct ckl_job *)act;
	struct checklist k = {.active = 1};
	struct checklist_run r;
	int rc;
	act->status = 200;
	switch (j->op) {
	case OP_CREATE:
		if ((rc = wf_checklist_from_json(j->body, &k, act->a, err)) ||
		    (rc = wf_checklist_create(c, &k, &act->as, act->now, act->a, err)) ||
		    (rc = store_checklist_get(c, k.id, act->a, &k, err)))
			return rc;
		act->status = 201;
		act->out = api_checklist_json(&k);
		return 0;
	case OP_PATCH:
		if ((rc = store_checklist_get(c, act->id, act->a, &k, err)))
			return rc;
		if (j->expect_version && j->expect_version != k.version)
			return kesu_fail(err, KE_STALE, "If-Match",
					 "the checklist changed meanwhile (now version %lld): reload it",
					 (long long)k.version);
		if ((rc = wf_checklist_from_json(j->body, &k, act->a, err)) ||
		    (rc = wf_checklist_edit(c, &k, act->now, act->a, err)) ||
		    (rc = store_checklist_get(c, k.id, act->a, &k, err)))
			return rc;
		act->out = api_checklist_json(&k);
		return 0;
	case OP_START:
		if ((rc = store_checklist_get(c, act->id, act->a, &k, err)))
			return rc;
		if ((rc = may_answer(&act->who, k.owner_role, k.team_id, err)))
			return rc;
		if (!j->due_at) {
			/* by the end of today's work, or a day from now */
			const struct wf_settings *s = wf_settings(c, err);
			if (!s)
				return -(int)err->code;
			int64_t end = wf_checklist_day_end(&s->cal, cal_day_of(act->now));
			j->due_at = end > act->now ? end : act->now + DAY_MS;
		}
		if ((rc = wf_checklist_start(c, &k, -1, j->occasion, j->due_at, &act->as, act->now,
					     &r, err)))
			return rc;
		act->status = 201;
		break;
	default:
		if ((rc = load_run(c, j, &r, err)))
			return rc;
		if (j->op != OP_ACTION && (rc = may_answer(&act->who, r.owner_role, r.team_id, err)))
			return rc;
		if (j->op == OP_ANSWER) {
			/* the attachments named are kesu's */
			for (int n = 0; n < j->nanswers; n++) {
				json_t *ids = json_text(j->answers[n].attachments);
				size_t i;
				json_t *v;
				json_array_foreach(ids, i, v) {
					struct attachment t;
					rc = store_attachment_get(c, json_integer_value(v), 0, act->a,
								  &t, err);
					if (rc == -KE_NOT_FOUND) {
						kesu_err_clear(err);
						json_decref(ids);
						return kesu_fail(err, KE_INVALID_VALUE,
								 arena_printf(act->a,
									      "answers[%d].attachment_ids",
									      n),
								 "no attachment %lld",
								 (long long)json_integer_value(v));
					}
					if (rc) {
						json_decref(ids);
						return rc;
					}
				}
				json_decref(ids);
			}
			rc = wf_checklist_answer(c, &r, j->answers, j->nanswers, &act->as, act->now,
						 err);
		} else if (j->op == OP_FINISH) {
			rc = wf_checklist_finish(c, &r, &act->as, act->now, act->a, err);
		} else {
			rc = wf_checklist_item_action(c, &r, j->item, &j->action, &act->as, act->now,
						      act->a, err);
			act->status = 201;
		}
		if (rc)
			return rc;
	}
	if ((rc = store_checklist_run_get(c, r.id, act->a, &r, err)) ||
	    (rc = run_full(c, &r, act->now, act->a, &act->out, err)))
		return rc;
	if (j->op == OP_ACTION)
		json_object_set_new(act->out, "action_id", json_integer(j->action.id));
	return 0;
}

static struct ckl_job *job_new(struct http_request *req, enum ckl_op op, struct kesu_err *err)
{
	struct ckl_job *j = (struct ckl_job *)api_act_new(req, sizeof *j, ckl_verb);
	j->act.ref = NULL;
	j->op = op;
	if (op != OP_CREATE && api_id(http_param(req, 0), &j->act.id, err))
		return NULL;
	return j;
}

/* --- routes: checklists -------------------------------------------------------------------- */

static const char *const checklist_keys[] = {"name",	"items",   "owner_role", "frequency",
					     "team_id", "active", NULL};

int checklists_create(struct http_request *req)
{
	struct kesu_err err = {0};
	json_t *body = api_body(req, checklist_keys, &err);
	struct ckl_job *j = body ? job_new(req, OP_CREATE, &err) : NULL;
	if (!j)
		return http_reply_error(req, &err);
	/* the members are checked before the writer is asked */
	struct checklist k = {0};
	if (wf_checklist_from_json(body, &k, j->act.a, &err))
		return http_reply_error(req, &err);
	j->body = body;
	return api_act_defer(req, &j->act);
}

int checklists_patch(struct http_request *req)
{
	struct kesu_err err = {0};
	json_t *body = api_body(req, checklist_keys, &err);
	struct ckl_job *j = body ? job_new(req, OP_PATCH, &err) : NULL;
	if (!j)
		return http_reply_error(req, &err);
	struct checklist k = {0};
	if (wf_checklist_from_json(body, &k, j->act.a, &err))
		return http_reply_error(req, &err);
	const char *im = http_header(req, "If-Match");
	if (im && api_etag_version(im, &j->expect_version))
		return api_fail(req, KE_INVALID_VALUE, "If-Match",
				"must be the checklist's version as an ETag (\"v3\")");
	j->body = body;
	return api_act_defer(req, &j->act);
}

int checklists_list(struct http_request *req)
{
	struct kesu_err err = {0};
	struct arena *a = http_arena(req);
	const struct principal *p = http_principal(req);
	struct store_conn *c = http_reader(req, &err);
	struct checklist *ks;
	int n;
	if (!c || store_checklists_list(c, a, &ks, &n, &err))
		return http_reply_error(req, &err);
	json_t *arr = json_array();
	for (int k = 0; k < n; k++)
		if (!ks[k].team_id || authz_team(p, ks[k].team_id))
			json_array_append_new(arr, api_checklist_json(&ks[k]));
	return http_reply_json(req, 200, json_pack("{s:o}", "items", arr));
}

int checklists_get(struct http_request *req)
{
	struct kesu_err err = {0};
	struct arena *a = http_arena(req);
	int64_t id;
	struct checklist k;
	if (api_id(http_param(req, 0), &id, &err))
		return http_reply_error(req, &err);
	struct store_conn *c = http_reader(req, &err);
	if (!c || store_checklist_get(c, id, a, &k, &err))
		return http_reply_error(req, &err);
	if (k.team_id && !authz_team(http_principal(req), k.team_id))
		return api_fail(req, KE_NOT_FOUND, "", "no such checklist");
	char etag[32];
	snprintf(etag, sizeof etag, "\"v%lld\"", (long long)k.version);
	http_add_header(req, "ETag", etag);
	return http_reply_json(req, 200, api_checklist_json(&k));
}

/* A date "2026-12-31" is due at the end of that local day; a date-time
 * exactly then. */
static int due_member(json_t *body, int64_t *out, struct kesu_err *err)
{
	json_t *v = json_object_get(body, "due");
	*out = 0;
	if (!v || json_is_null(v))
		return 0;
	const char *s = json_string_value(v);
	if (!s || clock_parse_instant(s, out))
		return kesu_fail(err, json_is_string(v) ? KE_INVALID_VALUE : KE_WRONG_TYPE, "due",
				 "must be a date (2026-12-31) or an RFC 3339 date-time");
	if (strlen(s) == 10)
		*out += DAY_MS;
	return 0;
}

int checklists_start(struct http_request *req)
{
	static const char *const keys[] = {"occasion", "due", NULL};
	struct kesu_err err = {0};
	json_t *body = api_body(req, keys, &err);
	struct ckl_job *j = body ? job_new(req, OP_START, &err) : NULL;
	if (!j || api_string(body, "occasion", 0, 200, &j->occasion, &err) ||
	    due_member(body, &j->due_at, &err))
		return http_reply_error(req, &err);
	if (j->occasion && !*j->occasion)
		j->occasion = NULL;
	return api_act_defer(req, &j->act);
}

/* --- routes: runs ----------------------------------------------------------------------------- */

int checklist_runs_list(struct http_request *req)
{
	struct kesu_err err = {0};
	struct arena *a = http_arena(req);
	const struct principal *p = http_principal(req);
	struct checklist_run_filter f = {.now = clock_now_ms()};
	const char *v;
	int64_t unused;
	if (api_enum_param(req, "state", en_checklist_run_state, &f.state, &err) ||
	    api_limit(req, 50, 200, &f.limit, &err) ||
	    ((v = http_query(req, "cursor")) &&
	     api_cursor_decode(v, 'k', &unused, &f.cursor_id, &err)))
		return http_reply_error(req, &err);
	if ((v = http_query(req, "checklist")) && api_id(v, &f.checklist_id, &err)) {
		kesu_fail(&err, KE_INVALID_VALUE, "checklist", "must be a checklist's id");
		return http_reply_error(req, &err);
	}
	struct store_conn *c = http_reader(req, &err);
	struct checklist_run *rs;
	int n, more;
	if (!c || store_checklist_runs_list(c, &f, a, &rs, &n, &more, &err))
		return http_reply_error(req, &err);
	json_t *arr = json_array();
	for (int k = 0; k < n; k++)
		if (!rs[k].team_id || authz_team(p, rs[k].team_id))
			json_array_append_new(arr, run_json(&rs[k], NULL, 0, f.now));
	const char *next = more && n ? api_cursor_encode(a, 'k', 0, rs[n - 1].id) : NULL;
	return http_reply_json(req, 200, json_pack("{s:o,s:s?}", "items", arr, "next_cursor", next));
}

int checklist_runs_get(struct http_request *req)
{
	struct kesu_err err = {0};
	struct arena *a = http_arena(req);
	int64_t id, now = clock_now_ms();
	struct checklist_run r;
	json_t *out;
	if (api_id(http_param(req, 0), &id, &err))
		return http_reply_error(req, &err);
	struct store_conn *c = http_reader(req, &err);
	if (!c || store_checklist_run_get(c, id, a, &r, &err))
		return http_reply_error(req, &err);
	if (r.team_id && !authz_team(http_principal(req), r.team_id))
		return api_fail(req, KE_NOT_FOUND, "", "no such checklist run");
	if (run_full(c, &r, now, a, &out, &err))
		return http_reply_error(req, &err);
	return http_reply_json(req, 200, out);
}

/* {"answers": [{"n", "result", "note", "attachment_ids"}]} */
static int read_answers(json_t *body, struct arena *a, struct checklist_answer **out, int *n,
			struct kesu_err *err)
{
	json_t *v = json_object_get(body, "answers");
	if (!v)
		return kesu_fail(err, KE_MISSING_FIELD, "answers",
				 "is required: [{\"n\", \"result\", \"note\"}]");
	if (!json_is_array(v) || !json_array_size(v) || json_array_size(v) > CHECKLIST_ITEMS_MAX)
		return kesu_fail(err, json_is_array(v) ? KE_INVALID_VALUE : KE_WRONG_TYPE, "answers",
				 "must list 1 to %d answers", CHECKLIST_ITEMS_MAX);
	*out = arena_zalloc(a, sizeof **out * json_array_size(v));
	*n = 0;
	size_t i;
	json_t *x;
	static const char *const keys[] = {"n", "result", "note", "attachment_ids", NULL};
	json_array_foreach(v, i, x) {
		struct checklist_answer *ans = &(*out)[i];
		const char *at = arena_printf(a, "answers[%zu]", i);
		if (!json_is_object(x))
			return kesu_fail(err, KE_WRONG_TYPE, at, "must be an object {n, result, note}");
		const char *k;
		json_t *m;
		json_object_foreach(x, k, m) {
			int known = 0;
			for (int q = 0; keys[q]; q++)
				known |= !strcmp(keys[q], k);
			if (!known)
				return kesu_fail(err, KE_UNKNOWN_FIELD, arena_printf(a, "%s.%s", at, k),
						 "is not a member of an answer (n, result, note,"
						 " attachment_ids)");
		}
		m = json_object_get(x, "n");
		if (!json_is_integer(m))
			return kesu_fail(err, m ? KE_WRONG_TYPE : KE_MISSING_FIELD,
					 arena_printf(a, "%s.n", at),
					 "is required: the number of the item, from 1");
		ans->n = (int)(json_integer_value(m) > 1000 ? 1000 : json_integer_value(m));
		m = json_object_get(x, "result");
		if (!json_is_string(m))
			return kesu_fail(err, m ? KE_WRONG_TYPE : KE_MISSING_FIELD,
					 arena_printf(a, "%s.result", at),
					 "is required: pass, fail or not_applicable");
		ans->result = arena_strdup(a, json_string_value(m));
		if (enum_index(en_checklist_result, ans->result) < 0)
			return kesu_fail(err, KE_INVALID_VALUE, arena_printf(a, "%s.result", at),
					 "must be pass, fail or not_applicable");
		const char *note = NULL;
		if (json_object_get(x, "note") && !json_is_null(json_object_get(x, "note")) &&
		    api_string(x, "note", 0, 2000, &note, err)) {
			err->field[0] = 0;
			return kesu_fail(err, KE_INVALID_VALUE, arena_printf(a, "%s.note", at),
					 "must be a text of at most 2000 characters");
		}
		ans->note = note && *note ? note : NULL;
		m = json_object_get(x, "attachment_ids");
		json_t *ids = json_array();
		if (m && !json_is_null(m)) {
			size_t q;
			json_t *id;
			int bad = !json_is_array(m) || json_array_size(m) > ATTACHMENTS_PER_ANSWER;
			json_array_foreach(m, q, id) bad |= !json_is_integer(id) ||
							      json_integer_value(id) <= 0;
			if (bad) {
				json_decref(ids);
				return kesu_fail(err, KE_INVALID_VALUE,
						 arena_printf(a, "%s.attachment_ids", at),
						 "must list at most %d attachment ids",
						 ATTACHMENTS_PER_ANSWER);
			}
			json_decref(ids);
			ids = json_incref(m);
		}
		char *t = json_dumps(ids, JSON_COMPACT);
		ans->attachments = arena_strdup(a, t ? t : "[]");
		free(t);
		json_decref(ids);
		(*n)++;
	}
	return 0;
}

int checklist_runs_answer(struct http_request *req)
{
	static const char *const keys[] = {"answers", NULL};
	struct kesu_err err = {0};
	json_t *body = api_body(req, keys, &err);
	struct ckl_job *j = body ? job_new(req, OP_ANSWER, &err) : NULL;
	if (!j || read_answers(body, j->act.a, &j->answers, &j->nanswers, &err))
		return http_reply_error(req, &err);
	return api_act_defer(req, &j->act);
}

int checklist_runs_finish(struct http_request *req)
{
	struct kesu_err err = {0};
	struct ckl_job *j = job_new(req, OP_FINISH, &err);
	if (!j)
		return http_reply_error(req, &err);
	return api_act_defer(req, &j->act);
}

int checklist_runs_action(struct http_request *req)
{
	static const char *const keys[] = {"cause",    "department_id", "what", "due",
					   "category", "owner_id",      "owner_name", NULL};
	struct kesu_err err = {0};
	json_t *body = api_body(req, keys, &err);
	struct ckl_job *j = body ? job_new(req, OP_ACTION, &err) : NULL;
	if (!j)
		return http_reply_error(req, &err);
	int64_t item;
	if (api_id(http_param(req, 1), &item, &err) || item > CHECKLIST_ITEMS_MAX)
		return api_fail(req, KE_NOT_FOUND, "n", "no such item");
	j->item = (int)item;
	struct improvement_action *x = &j->action;
	if (api_string(body, "cause", 1, 32, &x->cause, &err) ||
	    api_string(body, "what", 1, 2000, &x->what, &err) ||
	    api_string(body, "category", 0, 64, &x->category, &err) ||
	    api_string(body, "owner_name", 0, 100, &x->owner_name, &err) ||
	    due_member(body, &x->due_at, &err))
		return http_reply_error(req, &err);
	if (!json_object_get(body, "department_id"))
		return api_fail(req, KE_MISSING_FIELD, "department_id",
				"is required: the id of a department (GET /api/v1/departments)");
	if (api_int_member(body, "department_id", &x->department_id, &err) ||
	    (json_object_get(body, "owner_id") &&
	     api_int_member(body, "owner_id", &x->owner_id, &err)))
		return http_reply_error(req, &err);
	if (!x->due_at)
		return api_fail(req, KE_MISSING_FIELD, "due", "is required: a date (2026-12-31)");
	if (x->category && !*x->category)
		x->category = NULL;
	if (x->owner_name && !*x->owner_name)
		x->owner_name = NULL;
	return api_act_defer(req, &j->act);
}
