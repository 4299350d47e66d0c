/*
 * scripts.c - /api/v1/scripts: the unified response scripts (统一应答口径)
 * of the knowledge base, by complaint category, handling step and
 * language, and those of the review playbooks (domain.md 8), which are
 * never offered for a complaint. Reading is for every agent; writing
 * needs knowledge.edit and is recorded in the security log.
 */
#include "api.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../http/auth.h"
#include "../knowledge/knowledge.h"
#include "../text/text.h"
#include "../core/customer.h"
#include "../core/state.h"
#include "../util/clock.h"
#include "../workflow/workflow.h"

enum { SF_CATEGORY, SF_STEP, SF_RESPONSIBILITY, SF_LANGUAGE, SF_TITLE, SF_BODY, SF_POSITION,
       SF_CUSTOMER_TYPE, SF_ACTIONS, SF_PLAYBOOK, SF__COUNT };

static const struct field_def fields[SF__COUNT] = {
	[SF_CATEGORY] = {NULL, "category", "category", FK_TEXT, 64, NULL,
			 "the complaint category it is for; null: any"},
	[SF_STEP] = {NULL, "step", "step", FK_TEXT, 8, NULL, "1 to 4, or its key"},
	[SF_RESPONSIBILITY] = {NULL, "responsibility", "responsibility", FK_ENUM, 16,
			       en_responsibility, "whose fault it assumes; null: either"},
	[SF_LANGUAGE] = {NULL, "language", "language", FK_ENUM, 8, en_language,
			 "default zh-CN"},
	[SF_TITLE] = {NULL, "title", "title", FK_TEXT, 100, NULL, "what it is for"},
	[SF_BODY] = {NULL, "body", "body", FK_MULTILINE, 2000, NULL, "the wording"},
	[SF_POSITION] = {NULL, "position", "position", FK_TEXT, 8, NULL, "order in its step"},
	[SF_CUSTOMER_TYPE] = {NULL, "customer_type", "customer_type", FK_ENUM, 32, en_customer_type,
			      "the type of customer it is written for; null: any"},
	[SF_ACTIONS] = {NULL, "actions", "actions", FK_TEXT, 0, NULL,
			"macro: what applying it does to a complaint; null: none"},
	[SF_PLAYBOOK] = {NULL, "playbook", "playbook", FK_ENUM, 16, en_script_playbook,
			 "the review playbook it is for; null: a complaint's script"},
};

/* --- macro actions ------------------------------------------------------------------- */

static const char *const action_keys[] = {"reply", "state", "cause", "responsibility", "assign"};
#define NACTIONS (sizeof action_keys / sizeof action_keys[0])

/* Checks a script's actions ({reply, state, cause, responsibility,
 * assign}, each optional) into their stored text, *out NULL for none
 * (null or {}). The cause is checked against the list in the writer
 * (actions_cause_check). Errors name actions.<key>. */
static int actions_value(json_t *v, struct arena *a, const char **out, struct kesu_err *err)
{
	*out = NULL;
	if (json_is_null(v))
		return 0;
	if (!json_is_object(v))
		return kesu_fail(err, KE_WRONG_TYPE, "actions", "must be an object or null");
	const char *key;
	json_t *x;
	json_object_foreach(v, key, x) {
		size_t i = 0;
		while (i < NACTIONS && strcmp(action_keys[i], key) != 0)
			i++;
		char field[48];
		snprintf(field, sizeof field, "actions.%.30s", key);
		if (i == NACTIONS)
			return kesu_fail(err, KE_UNKNOWN_FIELD, field,
					 "is not an action: reply, state, cause, responsibility, assign");
		if (!json_is_string(x) || !*json_string_value(x))
			return kesu_fail(err, json_is_string(x) ? KE_MISSING_FIELD : KE_WRONG_TYPE, field,
					 "must be a non-empty text");
		const char *t = json_string_value(x);
		int rc = 0;
		if (strcmp(key, "reply") == 0) {
			if (strlen(t) > 2000)
				return kesu_fail(err, KE_TOO_LONG, field, "is longer than 2000 bytes");
			rc = kn_script_check(t, field, err);
		} else if (strcmp(key, "state") == 0) {
			if (state_find(t) < 0)
				rc = kesu_fail(err, KE_INVALID_VALUE, field, "must be one of: %s",
					       enum_list(en_status, a));
		} else if (strcmp(key, "responsibility") == 0) {
			if (enum_input(en_responsibility, t) < 0)
				rc = kesu_fail(err, KE_INVALID_VALUE, field, "must be one of: %s",
					       enum_list(en_responsibility, a));
		} else if (strcmp(key, "assign") == 0) {
			if (strcmp(t, "self") != 0 && strcmp(t, "team") != 0)
				rc = kesu_fail(err, KE_INVALID_VALUE, field, "must be self or team");
		} else if (strlen(t) > 32) {
			rc = kesu_fail(err, KE_INVALID_VALUE, field, "is not a cause of the list");
		}
		if (rc)
			return rc;
	}
	if (json_object_size(v) == 0)
		return 0;
	char *text = json_dumps(v, JSON_COMPACT | JSON_SORT_KEYS);
	if (!text)
		return kesu_fail(err, KE_INTERNAL, "actions", "out of memory");
	*out = arena_strdup(a, text);
	free(text);
	return 0;
}

/* The writer's half of the check: the cause is one of the list in force. */
static int actions_cause_check(struct store_conn *c, const char *actions, struct kesu_err *err)
{
	if (!actions)
		return 0;
	json_t *j = json_loads(actions, 0, NULL);
	const char *cause = json_string_value(json_object_get(j, "cause"));
	int rc = 0;
	if (cause) {
		struct wf_causes *cs = malloc(sizeof *cs);
		if (!cs)
			rc = kesu_fail(err, KE_INTERNAL, "actions", "out of memory");
		else if (!(rc = wf_causes_read(c, cs, err)) && !wf_cause_find(cs, cause))
			rc = kesu_fail(err, KE_INVALID_VALUE, "actions.cause",
				       "is not a cause of the list");
		free(cs);
	}
	json_decref(j);
	return rc;
}

static json_t *script_json(const struct script *s)
{
	json_t *actions = s->actions ? json_loads(s->actions, 0, NULL) : NULL;
	return json_pack("{s:o,s:I,s:s?,s:i,s:s?,s:s?,s:s?,s:s,s:s,s:s,s:i,s:I,s:o,s:s,s:o,s:s,s:o}",
			 "notice_id", s->notice_id ? json_integer(s->notice_id) : json_null(),
			 "id", (json_int_t)s->id, "category", s->category, "step", s->step,
			 "responsibility", s->responsibility, "customer_type", s->customer_type,
			 "playbook", s->playbook, "language", s->language, "title",
			 s->title, "body", s->body, "position", s->position, "version",
			 (json_int_t)s->version, "created_at", api_time_json(s->created_at),
			 "created_by", s->created_by, "updated_at", api_time_json(s->updated_at),
			 "updated_by", s->updated_by, "actions", actions ? actions : json_null());
}

/* step: 1..4 as a number, or its key ("listen"). */
static int step_value(json_t *v, int *step, struct kesu_err *err)
{
	*step = 0;
	if (json_is_integer(v) && json_integer_value(v) >= 1 && json_integer_value(v) <= KN_STEPS)
		*step = (int)json_integer_value(v);
	else if (json_is_string(v))
		*step = kn_step_find(json_string_value(v));
	if (!*step)
		return kesu_fail(err, json_is_integer(v) || json_is_string(v) ? KE_INVALID_VALUE
									 : KE_WRONG_TYPE,
				 "step", "must be 1 to 4 or one of: listen, guide, clarify, resolve");
	return 0;
}

/* Reads the members of body present into s; *present gets a bit per
 * field. null clears category, responsibility, customer_type and
 * playbook; the others cannot be cleared. */
static int script_fields(json_t *body, struct script *s, unsigned *present, struct arena *a,
			 struct kesu_err *err)
{
	*present = 0;
	if (!json_is_object(body))
		return kesu_fail(err, KE_WRONG_TYPE, "", "the body must be a JSON object");
	int rc = field_known_keys(body, NULL, fields, SF__COUNT, err);
	if (rc)
		return rc;
	for (int i = 0; i < SF__COUNT; i++) {
		json_t *v = json_object_get(body, fields[i].name);
		if (!v)
			continue;
		*present |= 1u << i;
		if (i == SF_STEP) {
			if ((rc = step_value(v, &s->step, err)))
				return rc;
			continue;
		}
		if (i == SF_ACTIONS) {
			if ((rc = actions_value(v, a, &s->actions, err)))
				return rc;
			continue;
		}
		if (i == SF_POSITION) {
			if (!json_is_integer(v) || json_integer_value(v) < 0 ||
			    json_integer_value(v) > 100000)
				return kesu_fail(err, json_is_integer(v) ? KE_INVALID_VALUE : KE_WRONG_TYPE,
						 "position", "must be a whole number from 0 to 100000");
			s->position = (int)json_integer_value(v);
			continue;
		}
		const char *text;
		if ((rc = field_check(&fields[i], v, 0, a, &text, err)))
			return rc;
		if (!text && i != SF_CATEGORY && i != SF_RESPONSIBILITY && i != SF_CUSTOMER_TYPE &&
		    i != SF_PLAYBOOK)
			return kesu_fail(err, KE_MISSING_FIELD, fields[i].name, "must not be empty");
		switch (i) {
		case SF_CATEGORY: s->category = text; break;
		case SF_RESPONSIBILITY: s->responsibility = text; break;
		case SF_CUSTOMER_TYPE: s->customer_type = text; break;
		case SF_PLAYBOOK: s->playbook = text; break;
		case SF_LANGUAGE: s->language = text; break;
		case SF_TITLE: s->title = text; break;
		case SF_BODY: s->body = text; break;
		}
	}
	if (s->body && (*present & (1u << SF_BODY)) && (rc = kn_script_check(s->body, "body", err)))
		return rc;
	return 0;
}

/* --- GET /api/v1/scripts ------------------------------------------------------------ */

int scripts_list(struct http_request *req)
{
	struct kesu_err err = {0};
	struct script_filter f = {0};
	const char *v;
	if (api_text_param(req, "category", 64, &f.category, &err))
		return http_reply_error(req, &err);
	if ((v = http_query(req, "step")) && !(f.step = kn_step_find(v))) {
		kesu_fail(&err, KE_INVALID_VALUE, "step",
			  "must be 1 to 4 or one of: listen, guide, clarify, resolve");
		return http_reply_error(req, &err);
	}
	if (api_enum_param(req, "language", en_language, &f.language, &err))
		return http_reply_error(req, &err);
	/* a review playbook's scripts; empty (playbook=): the complaints' */
	if ((v = http_query(req, "playbook"))) {
		int i = *v ? enum_index(en_script_playbook, v) : -1;
		if (*v && i < 0) {
			kesu_fail(&err, KE_INVALID_VALUE, "playbook",
				  "must be one of: %s; or empty for the complaints' scripts",
				  enum_list(en_script_playbook, http_arena(req)));
			return http_reply_error(req, &err);
		}
		f.playbook = *v ? en_script_playbook[i].name : "";
	}
	struct store_conn *c = http_reader(req, &err);
	struct script *items;
	int n;
	if (!c || store_script_list(c, &f, http_arena(req), &items, &n, &err))
		return http_reply_error(req, &err);
	json_t *arr = json_array();
	for (int i = 0; i < n; i++)
		json_array_append_new(arr, script_json(&items[i]));
	return http_reply_json(req, 200, json_pack("{s:o}", "items", arr));
}

/* --- writing ------------------------------------------------------------------------ */

enum script_op { OP_CREATE, OP_PATCH, OP_DELETE };

struct script_job {
	struct store_job job;
	enum script_op op;
	struct script s;     /* create: the new one; patch: the fields sent */
	unsigned present;    /* patch: which */
	int64_t if_match;    /* 0: any version */
	const char *actor, *address;
	int64_t now;
	struct arena *a;
};

static int script_run(struct store_conn *c, struct store_job *job)
{
	struct script_job *j = (struct script_job *)job;
	struct kesu_err *err = &job->err;
	struct script cur;
	int rc;
	json_t *log;
	const char *kind;
	if (j->op == OP_CREATE) {
		int64_t n;
		if ((rc = store_script_count(c, &n, err)))
			return rc;
		if ((rc = actions_cause_check(c, j->s.actions, err)))
			return rc;
		if (n >= SCRIPTS_MAX)
			return kesu_fail(err, KE_CONFLICT, "",
					 "the knowledge base holds %d scripts, its most: remove some first",
					 SCRIPTS_MAX);
		if ((rc = store_script_insert(c, &j->s, err)))
			return rc;
		kind = "script_created";
		log = json_pack("{s:s?,s:s?,s:i,s:s,s:s}", "category", j->s.category, "playbook",
				j->s.playbook, "step", j->s.step, "language", j->s.language, "title",
				j->s.title);
	} else {
		if ((rc = store_script_get(c, j->s.id, j->a, &cur, err)))
			return rc;
		if (j->if_match && j->if_match != cur.version)
			return kesu_fail(err, KE_STALE, "If-Match",
					 "the script changed meanwhile (now version %lld): reload it",
					 (long long)cur.version);
		if (j->op == OP_PATCH && !j->present) {
			j->s = cur; /* nothing to change */
			return 0;
		}
		/* an agreed answer is the handling notice's: changed there, so
		 * that the notice and what agents say stay one */
		if (cur.notice_id)
			return kesu_fail(err, KE_CONFLICT, "",
					 "this script is an agreed answer of handling notice %lld: change the notice",
					 (long long)cur.notice_id);
		if (j->op == OP_DELETE) {
			if ((rc = store_script_delete(c, cur.id, err)))
				return rc;
			kind = "script_deleted";
			log = json_pack("{s:s?,s:i,s:s,s:s}", "category", cur.category, "step",
					cur.step, "language", cur.language, "title", cur.title);
			j->s = cur;
		} else {
			json_t *changed = json_array();
			struct script next = cur;
			for (int i = 0; i < SF__COUNT; i++)
				if (j->present & (1u << i))
					json_array_append_new(changed, json_string(fields[i].name));
			if (j->present & (1u << SF_CATEGORY))
				next.category = j->s.category;
			if (j->present & (1u << SF_STEP))
				next.step = j->s.step;
			if (j->present & (1u << SF_RESPONSIBILITY))
				next.responsibility = j->s.responsibility;
			if (j->present & (1u << SF_CUSTOMER_TYPE))
				next.customer_type = j->s.customer_type;
			if (j->present & (1u << SF_PLAYBOOK))
				next.playbook = j->s.playbook;
			if (j->present & (1u << SF_LANGUAGE))
				next.language = j->s.language;
			if (j->present & (1u << SF_TITLE))
				next.title = j->s.title;
			if (j->present & (1u << SF_BODY))
				next.body = j->s.body;
			if (j->present & (1u << SF_POSITION))
				next.position = j->s.position;
			if (j->present & (1u << SF_ACTIONS)) {
				next.actions = j->s.actions;
				if ((rc = actions_cause_check(c, next.actions, err))) {
					json_decref(changed);
					return rc;
				}
			}
			next.version = cur.version + 1;
			next.updated_at = j->now;
			next.updated_by = j->actor;
			if ((rc = store_script_update(c, &next, err))) {
				json_decref(changed);
				return rc;
			}
			j->s = next;
			kind = "script_changed";
			log = json_pack("{s:o,s:s}", "fields", changed, "title", next.title);
		}
	}
	char target[40];
	snprintf(target, sizeof target, "script:%lld", (long long)j->s.id);
	rc = api_security_event(c, j->actor, j->address, j->now, kind, target, log, err);
	json_decref(log);
	return rc;
}

static int script_finish(struct http_request *req, struct store_job *job)
{
	struct script_job *j = (struct script_job *)job;
	if (job->rc)
		return http_reply_error(req, &job->err);
	if (j->op == OP_DELETE)
		return http_reply_status(req, 204);
	char etag[32];
	snprintf(etag, sizeof etag, "\"v%lld\"", (long long)j->s.version);
	http_add_header(req, "ETag", etag);
	if (j->op == OP_CREATE) {
		char location[64];
		snprintf(location, sizeof location, "/api/v1/scripts/%lld", (long long)j->s.id);
		http_add_header(req, "Location", location);
	}
	return http_reply_json(req, j->op == OP_CREATE ? 201 : 200, script_json(&j->s));
}

static struct script_job *script_job(struct http_request *req, enum script_op op)
{
	struct arena *a = http_arena(req);
	struct script_job *j = arena_zalloc(a, sizeof *j);
	j->job.run = script_run;
	j->op = op;
	j->actor = arena_strdup(a, http_principal(req)->actor);
	j->address = arena_strdup(a, http_address(req));
	j->now = clock_now_ms();
	j->a = a;
	return j;
}

int scripts_create(struct http_request *req)
{
	struct kesu_err err = {0};
	json_t *body = http_body_json(req, &err);
	struct script_job *j = script_job(req, OP_CREATE);
	struct script *s = &j->s;
	s->position = 100; /* after the default ones */
	if (!body || script_fields(body, s, &j->present, http_arena(req), &err))
		return http_reply_error(req, &err);
	if (!s->step) {
		kesu_fail(&err, KE_MISSING_FIELD, "step",
			  "is required: 1 to 4 or one of listen, guide, clarify, resolve");
		return http_reply_error(req, &err);
	}
	if (!s->title || !s->body) {
		kesu_fail(&err, KE_MISSING_FIELD, s->title ? "body" : "title", "is required");
		return http_reply_error(req, &err);
	}
	if (!s->language)
		s->language = en_language[0].name;
	s->version = 1;
	s->created_at = s->updated_at = j->now;
	s->created_by = s->updated_by = j->actor;
	return http_defer(req, &j->job, script_finish);
}

static int script_target(struct http_request *req, struct script_job *j, struct kesu_err *err)
{
	const char *im = http_header(req, "If-Match");
	if (api_id(http_param(req, 0), &j->s.id, err))
		return kesu_fail(err, KE_NOT_FOUND, "", "no such script");
	if (im && api_etag_version(im, &j->if_match))
		return kesu_fail(err, KE_STALE, "If-Match", "is not an ETag of this script");
	return 0;
}

int scripts_patch(struct http_request *req)
{
	struct kesu_err err = {0};
	json_t *body = http_body_json(req, &err);
	struct script_job *j = script_job(req, OP_PATCH);
	if (!body || script_target(req, j, &err))
		return http_reply_error(req, &err);
	int64_t id = j->s.id;
	if (script_fields(body, &j->s, &j->present, http_arena(req), &err))
		return http_reply_error(req, &err);
	j->s.id = id;
	j->job.run = script_run;
	return http_defer(req, &j->job, script_finish);
}

int scripts_delete(struct http_request *req)
{
	struct kesu_err err = {0};
	struct script_job *j = script_job(req, OP_DELETE);
	if (script_target(req, j, &err))
		return http_reply_error(req, &err);
	return http_defer(req, &j->job, script_finish);
}
