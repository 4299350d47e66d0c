/*
 * lessons.c - /api/v1/lessons: training (培训, domain.md 7) from the cases
 * worth learning from. Supervisors and managers (knowledge.edit) write a
 * lesson from a closed complaint (its draft as the knowledge base writes
 * it), from an incident's handling notice, or by hand, and publish it to
 * teams; every agent of those teams reads it and confirms once, and the
 * supervisor sees who confirmed, when, and who has not yet. A person's
 * record of what they learnt is GET /api/v1/users/{id}/lessons.
 */
#include "api.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../http/auth.h"
#include "../knowledge/knowledge.h"
#include "../text/text.h"

#define TEAMS_MAX 50
#define TITLE_MAX 200
#define BODY_MAX 20000

static json_t *time_or_null(int64_t ms)
{
	return ms ? api_time_json(ms) : json_null();
}

/* The lesson as every reply shows it; confirmed_at >= 0 adds the caller's
 * own confirmation (0: none). */
static json_t *lesson_json(const struct lesson *l, int64_t confirmed_at)
{
	json_t *teams = json_loads(l->teams ? l->teams : "[]", 0, NULL);
	json_t *o = json_pack(
		"{s:I,s:s,s:s,s:s,s:s,s:I,s:o,s:b,s:s,s:o,s:o}", "id", (json_int_t)l->id, "title",
		l->title, "body", l->body, "source", l->source, "state", l->state, "version",
		(json_int_t)l->version, "team_ids", teams ? teams : json_array(), "all_teams",
		l->all_teams, "created_by", l->created_by, "created_at", api_time_json(l->created_at),
		"updated_at", api_time_json(l->updated_at));
	json_object_set_new(o, "complaint_id",
			    l->complaint_id ? json_integer(l->complaint_id) : json_null());
	json_object_set_new(o, "tracking_no",
			    l->tracking_no ? json_string(l->tracking_no) : json_null());
	json_object_set_new(o, "incident_id",
			    l->incident_id ? json_integer(l->incident_id) : json_null());
	json_object_set_new(o, "notice_id", l->notice_id ? json_integer(l->notice_id) : json_null());
	json_object_set_new(o, "published_at", time_or_null(l->published_at));
	json_object_set_new(o, "published_by",
			    l->published_by ? json_string(l->published_by) : json_null());
	if (confirmed_at >= 0) {
		json_object_set_new(o, "confirmed", json_boolean(confirmed_at > 0));
		json_object_set_new(o, "confirmed_at", time_or_null(confirmed_at));
	}
	return o;
}

static int editor(const struct principal *p)
{
	return authz_can(p, P_KNOWLEDGE_EDIT);
}

/* --- reading a body ------------------------------------------------------------- */

/* A text of several lines: at most max characters, no control characters
 * but line breaks and tabs. */
static int multiline(json_t *o, const char *name, int max, const char **out,
		     struct kesu_err *err)
{
	json_t *v = json_object_get(o, name);
	*out = NULL;
	if (!v || json_is_null(v))
		return 0;
	if (!json_is_string(v))
		return kesu_fail(err, KE_WRONG_TYPE, name, "must be a string");
	const char *t = json_string_value(v);
	if (strlen(t) != json_string_length(v))
		return kesu_fail(err, KE_INVALID_VALUE, name, "must not contain NUL characters");
	for (const char *q = t; *q; q++)
		if (((unsigned char)*q < 0x20 && *q != '\n' && *q != '\r' && *q != '\t') || *q == 0x7f)
			return kesu_fail(err, KE_INVALID_VALUE, name,
					 "must not contain control characters");
	if (text_utf8_length(t) > (size_t)max)
		return kesu_fail(err, KE_TOO_LONG, name, "is longer than %d characters", max);
	*out = t;
	return 0;
}

/* team_ids and all_teams of body into l, the teams checked to exist. */
static int read_teams(struct store_conn *c, json_t *body, struct lesson *l, struct arena *a,
		      struct kesu_err *err)
{
	json_t *all = json_object_get(body, "all_teams"), *v = json_object_get(body, "team_ids");
	if (all && !json_is_boolean(all))
		return kesu_fail(err, KE_WRONG_TYPE, "all_teams", "must be true or false");
	if (all)
		l->all_teams = json_is_true(all);
	if (!v)
		return 0;
	if (!json_is_array(v) || json_array_size(v) > TEAMS_MAX)
		return kesu_fail(err, json_is_array(v) ? KE_TOO_LONG : KE_WRONG_TYPE, "team_ids",
				 "must be a list of at most %d team ids", TEAMS_MAX);
	size_t k;
	json_t *x;
	json_array_foreach(v, k, x) {
		struct team t;
		if (!json_is_integer(x) || json_integer_value(x) <= 0)
			return kesu_fail(err, KE_INVALID_VALUE, "team_ids", "item %zu is not an id", k);
		int rc = store_team_get(c, json_integer_value(x), NULL, a, &t, err);
		if (rc == -KE_NOT_FOUND) {
			kesu_err_clear(err);
			return kesu_fail(err, KE_INVALID_VALUE, "team_ids", "team %lld does not exist",
					 (long long)json_integer_value(x));
		}
		if (rc)
			return rc;
	}
	char *t = json_dumps(v, JSON_COMPACT);
	l->teams = arena_strdup(a, t);
	free(t);
	return 0;
}

/* The source named at creation: a closed complaint the caller can see
 * (its draft), or an incident with a handling notice. Fills what the body
 * does not give. */
static int read_source(struct store_conn *c, json_t *body, const struct principal *p,
		       struct lesson *l, struct arena *a, struct kesu_err *err)
{
	json_t *fc = json_object_get(body, "from_complaint");
	int64_t inc = 0;
	const char *language = NULL;
	int rc;
	if (api_string(body, "language", 0, 8, &language, err))
		return -(int)err->code;
	if (language && enum_index(en_language, language) < 0)
		return kesu_fail(err, KE_INVALID_VALUE, "language", "must be zh-CN, zh-TW or en");
	if (api_int_member(body, "from_incident", &inc, err))
		return -(int)err->code;
	if (fc && !json_is_null(fc) && inc)
		return kesu_fail(err, KE_INVALID_VALUE, "from_incident",
				 "a lesson has one source: from_complaint or from_incident");
	const char *title = NULL, *text = NULL;
	if (fc && !json_is_null(fc)) {
		char ref[32];
		if (json_is_integer(fc) && json_integer_value(fc) > 0)
			snprintf(ref, sizeof ref, "%lld", (long long)json_integer_value(fc));
		else if (json_is_string(fc) && json_string_length(fc) > 0 &&
			 json_string_length(fc) < sizeof ref)
			snprintf(ref, sizeof ref, "%s", json_string_value(fc));
		else
			return kesu_fail(err, KE_INVALID_VALUE, "from_complaint",
					 "must be a complaint's id or tracking number");
		struct complaint cp;
		rc = api_complaint_visible(c, ref, p, a, &cp, err);
		if (rc == -KE_NOT_FOUND) {
			kesu_err_clear(err);
			return kesu_fail(err, KE_INVALID_VALUE, "from_complaint",
					 "names no complaint you can see");
		}
		if (rc)
			return rc;
		if (!state_is(cp.state, ST_IS_CLOSED))
			return kesu_fail(err, KE_CONFLICT, "from_complaint",
					 "must be a closed case: %s is %s", cp.tracking_no,
					 state_name(cp.state));
		if (!language)
			language = en_language[lang_of(cp.v[CF_LANGUAGE])].name;
		if ((rc = api_case_draft(c, &cp, language, a, &title, &text, err)))
			return rc;
		l->complaint_id = cp.id;
		l->source = "complaint";
	} else if (inc) {
		struct incident i;
		struct handling_notice n;
		rc = store_incident_get(c, inc, a, &i, err);
		if (rc == -KE_NOT_FOUND) {
			kesu_err_clear(err);
			return kesu_fail(err, KE_INVALID_VALUE, "from_incident",
					 "incident %lld does not exist", (long long)inc);
		}
		if (rc)
			return rc;
		rc = store_notice_of(c, inc, a, &n, err);
		if (rc == -KE_NOT_FOUND) {
			kesu_err_clear(err);
			return kesu_fail(err, KE_CONFLICT, "from_incident",
					 "the incident has no handling notice to learn from");
		}
		if (rc)
			return rc;
		title = n.title;
		text = kn_notice_lesson(&n, language ? language : "zh-CN", a);
		l->incident_id = inc;
		l->notice_id = n.id;
		l->source = "incident";
	} else
		l->source = "hand";
	if (!l->title)
		l->title = title;
	if (!l->body)
		l->body = text;
	return 0;
}

/* title and body of body into l: on a new lesson each is required unless
 * its source gives it. */
static int read_text(json_t *body, struct lesson *l, struct kesu_err *err)
{
	const char *s;
	if (json_object_get(body, "title")) {
		if (api_string(body, "title", 1, TITLE_MAX, &s, err))
			return -(int)err->code;
		l->title = s;
	}
	if (json_object_get(body, "body")) {
		if (multiline(body, "body", BODY_MAX, &s, err))
			return -(int)err->code;
		if (!s || !*s)
			return kesu_fail(err, KE_MISSING_FIELD, "body", "must not be empty");
		l->body = s;
	}
	return 0;
}

/* --- the writer's job ----------------------------------------------------------- */

enum lesson_op { L_CREATE, L_PATCH, L_PUBLISH, L_CONFIRM };

struct lesson_job {
	struct api_act act;
	enum lesson_op op;
	json_t *body;
	int publish;
};

static int lesson_verb(struct store_conn *c, struct api_act *act, struct kesu_err *err)
{
	struct lesson_job *j = (struct lesson_job *)act;
	struct lesson l = {0};
	int rc;
	if (j->op != L_CREATE && (rc = store_lesson_get(c, act->id, act->a, &l, err)))
		return rc;
	act->status = 200;
	switch (j->op) {
	case L_CONFIRM: {
		int64_t at = 0;
		/* a lesson not for the caller answers as if there were none */
		rc = wf_lesson_confirm(c, &l, &act->as, act->now, &at, err);
		if (rc == -KE_FORBIDDEN) {
			kesu_err_clear(err);
			return kesu_fail(err, KE_NOT_FOUND, "", "no lesson %lld", (long long)l.id);
		}
		if (rc)
			return rc;
		act->out = lesson_json(&l, at);
		return 0;
	}
	case L_PUBLISH:
		if ((rc = wf_lesson_publish(c, &l, &act->as, act->now, err)))
			return rc;
		break;
	case L_CREATE:
		if ((rc = read_text(j->body, &l, err)) ||
		    (rc = read_source(c, j->body, &act->who, &l, act->a, err)))
			return rc;
		if (!l.title)
			return kesu_fail(err, KE_MISSING_FIELD, "title",
					 "is required unless from_complaint or from_incident gives it");
		if (!l.body)
			return kesu_fail(err, KE_MISSING_FIELD, "body",
					 "is required unless from_complaint or from_incident gives it");
		/* FALLTHROUGH */
	case L_PATCH:
		if (j->op == L_PATCH && strcmp(l.state, "draft"))
			return kesu_fail(err, KE_CONFLICT, "state",
					 "the lesson is published: what its readers confirmed"
					 " stays as it was");
		if ((j->op == L_PATCH && (rc = read_text(j->body, &l, err))) ||
		    (rc = read_teams(c, j->body, &l, act->a, err)) ||
		    (rc = wf_lesson_save(c, &l, &act->as, act->now, err)))
			return rc;
		if (j->publish && (rc = wf_lesson_publish(c, &l, &act->as, act->now, err)))
			return rc;
		if (j->op == L_CREATE)
			act->status = 201;
		break;
	}
	/* the tracking number as a reading shows it */
	if (l.complaint_id && !l.tracking_no) {
		struct lesson again;
		if (!store_lesson_get(c, l.id, act->a, &again, err))
			l.tracking_no = again.tracking_no;
		kesu_err_clear(err);
	}
	act->out = lesson_json(&l, -1);
	return 0;
}

static int write_route(struct http_request *req, enum lesson_op op)
{
	static const char *const create_keys[] = {
		"title",     "body",	  "from_complaint", "from_incident", "language",
		"team_ids", "all_teams", "publish",	    NULL};
	static const char *const patch_keys[] = {"title", "body", "team_ids", "all_teams", NULL};
	struct kesu_err err = {0};
	json_t *body = NULL;
	if (op == L_CREATE || op == L_PATCH) {
		body = api_body(req, op == L_CREATE ? create_keys : patch_keys, &err);
		if (!body)
			return http_reply_error(req, &err);
	}
	struct lesson_job *j =
		(struct lesson_job *)api_act_new(req, sizeof(struct lesson_job), lesson_verb);
	j->act.ref = NULL;
	j->op = op;
	j->body = body;
	if (op != L_CREATE && api_id(http_param(req, 0), &j->act.id, &err))
		return http_reply_error(req, &err);
	json_t *pub = body ? json_object_get(body, "publish") : NULL;
	if (pub && !json_is_boolean(pub))
		return api_fail(req, KE_WRONG_TYPE, "publish", "must be true or false");
	j->publish = json_is_true(pub);
	return api_act_defer(req, &j->act);
}

int lessons_create(struct http_request *req)
{
	return write_route(req, L_CREATE);
}

int lessons_patch(struct http_request *req)
{
	return write_route(req, L_PATCH);
}

int lessons_publish(struct http_request *req)
{
	return write_route(req, L_PUBLISH);
}

int lessons_confirm(struct http_request *req)
{
	return write_route(req, L_CONFIRM);
}

/* --- reading --------------------------------------------------------------------- */

static int query_id(struct http_request *req, const char *name, int64_t *out,
		    struct kesu_err *err)
{
	const char *v = http_query(req, name);
	*out = 0;
	if (v && api_id(v, out, err)) {
		kesu_err_clear(err);
		return kesu_fail(err, KE_INVALID_VALUE, name, "must be an id");
	}
	return 0;
}

int lessons_list(struct http_request *req)
{
	struct kesu_err err = {0};
	struct arena *a = http_arena(req);
	const struct principal *p = http_principal(req);
	const char *pending = http_query(req, "pending"), *source = http_query(req, "source");
	const char *state = http_query(req, "state");
	struct lesson_filter f = {.user_id = p->user_id};
	if (pending && strcmp(pending, "0") && strcmp(pending, "1"))
		return api_fail(req, KE_INVALID_VALUE, "pending", "must be 0 or 1");
	if (source && strcmp(source, "hand") && strcmp(source, "complaint") &&
	    strcmp(source, "incident"))
		return api_fail(req, KE_INVALID_VALUE, "source", "must be hand, complaint or incident");
	if (state && strcmp(state, "draft") && strcmp(state, "published"))
		return api_fail(req, KE_INVALID_VALUE, "state", "must be draft or published");
	if (query_id(req, "team", &f.team_id, &err) ||
	    query_id(req, "complaint", &f.complaint_id, &err) ||
	    query_id(req, "incident", &f.incident_id, &err))
		return http_reply_error(req, &err);
	f.source = source;
	f.published = !editor(p) || (state && !strcmp(state, "published"));
	/* those who do not write lessons read the ones for their teams (every
	 * team's, for those who read all) */
	if ((!editor(p) && !authz_can(p, P_ALL_TEAMS)) || (pending && pending[0] == '1'))
		f.for_user = p->user_id;
	f.pending = pending && pending[0] == '1';
	if (state && !strcmp(state, "draft") && !editor(p))
		return http_reply_json(req, 200, json_pack("{s:[],s:i}", "items", "pending", 0));
	struct store_conn *c = http_reader(req, &err);
	struct lesson *items;
	int64_t *at;
	int n;
	if (!c || store_lessons_list(c, &f, a, &items, &at, &n, &err))
		return http_reply_error(req, &err);
	json_t *arr = json_array();
	int waiting = 0;
	for (int k = 0; k < n; k++) {
		if (state && strcmp(items[k].state, state))
			continue;
		if (!strcmp(items[k].state, "published") && !at[k] && f.for_user)
			waiting++;
		json_array_append_new(arr, lesson_json(&items[k], at[k]));
	}
	return http_reply_json(req, 200, json_pack("{s:o,s:i}", "items", arr, "pending", waiting));
}

int lessons_get(struct http_request *req)
{
	struct kesu_err err = {0};
	struct arena *a = http_arena(req);
	const struct principal *p = http_principal(req);
	int64_t id;
	struct lesson l;
	if (api_id(http_param(req, 0), &id, &err))
		return http_reply_error(req, &err);
	struct store_conn *c = http_reader(req, &err);
	if (!c || store_lesson_get(c, id, a, &l, &err))
		return http_reply_error(req, &err);
	int is = 0;
	if (!editor(p)) {
		if (strcmp(l.state, "published"))
			return api_fail(req, KE_NOT_FOUND, "", "no such lesson");
		if (store_lesson_reader_is(c, &l, p->user_id, &is, &err))
			return http_reply_error(req, &err);
		if (!is && !authz_can(p, P_ALL_TEAMS))
			return api_fail(req, KE_NOT_FOUND, "", "no such lesson");
	}
	int64_t mine = 0;
	if (store_lesson_confirmed_at(c, l.id, p->user_id, &mine, &err))
		return http_reply_error(req, &err);
	json_t *o = lesson_json(&l, mine);
	/* the training record: who of its teams confirmed it, and who not yet */
	if (editor(p)) {
		struct lesson_reader *r;
		int nr;
		if (store_lesson_readers(c, &l, a, &r, &nr, &err)) {
			json_decref(o);
			return http_reply_error(req, &err);
		}
		json_t *done = json_array(), *waiting = json_array();
		for (int k = 0; k < nr; k++) {
			json_t *x = json_pack("{s:I,s:s,s:s?,s:s}", "user_id", (json_int_t)r[k].user_id,
					      "username", r[k].name, "display_name", r[k].display_name,
					      "role", r[k].role);
			if (r[k].confirmed_at) {
				json_object_set_new(x, "confirmed_at", api_time_json(r[k].confirmed_at));
				json_array_append_new(done, x);
			} else
				json_array_append_new(waiting, x);
		}
		json_object_set_new(o, "confirmations", done);
		json_object_set_new(o, "pending", waiting);
	}
	return http_reply_json(req, 200, o);
}

/* GET /api/v1/users/{id}/lessons: what a person confirmed, when, and what
 * they have still to confirm; their own, or anyone's for those who write
 * lessons. */
int users_lessons(struct http_request *req)
{
	struct kesu_err err = {0};
	struct arena *a = http_arena(req);
	const struct principal *p = http_principal(req);
	const char *ref = http_param(req, 0);
	int64_t id;
	if (ref && !strcmp(ref, "me"))
		id = p->user_id;
	else if (api_id(ref, &id, &err))
		return api_fail(req, KE_NOT_FOUND, "", "no such user");
	if (id != p->user_id && !editor(p) && !authz_can(p, P_USER_ADMIN))
		return api_fail(req, KE_NOT_FOUND, "", "no such user");
	struct store_conn *c = http_reader(req, &err);
	struct user u;
	if (!c || store_user_get(c, id, NULL, a, &u, &err))
		return http_reply_error(req, &err);
	struct lesson *done, *open;
	int64_t *at, *unused;
	int nd, no;
	struct lesson_filter f = {.user_id = id, .published = 1, .for_user = id, .pending = 1};
	if (store_lessons_confirmed_by(c, id, a, &done, &at, &nd, &err) ||
	    store_lessons_list(c, &f, a, &open, &unused, &no, &err))
		return http_reply_error(req, &err);
	json_t *confirmed = json_array(), *pending = json_array();
	for (int k = 0; k < nd; k++)
		json_array_append_new(
			confirmed, json_pack("{s:I,s:s,s:s,s:o}", "lesson_id", (json_int_t)done[k].id,
					     "title", done[k].title, "source", done[k].source,
					     "confirmed_at", api_time_json(at[k])));
	for (int k = 0; k < no; k++)
		json_array_append_new(
			pending, json_pack("{s:I,s:s,s:s,s:o}", "lesson_id", (json_int_t)open[k].id,
					   "title", open[k].title, "source", open[k].source,
					   "published_at", time_or_null(open[k].published_at)));
	return http_reply_json(req, 200,
			       json_pack("{s:I,s:s,s:o,s:o}", "user_id", (json_int_t)id, "username",
					 u.username, "confirmed", confirmed, "pending", pending));
}
