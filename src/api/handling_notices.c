/*
 * handling_notices.c - /api/v1/handling-notices and an incident's notice:
 * the handling notice (投诉工作部署通知) of an incident or of a standing
 * issue a manager prepares for. Written and published by supervisors and
 * managers; read and confirmed by every agent of its teams, whose
 * confirmations the supervisor sees as the training record.
 */
#include "api.h"

#include <stdio.h>
#include <string.h>

#include "../http/auth.h"
#include "../knowledge/knowledge.h"
#include "../text/text.h"
#include "../util/clock.h"

#define ITEMS_MAX 50
#define CONTACTS_MAX 100

json_t *api_notice_json(const struct handling_notice *n, int64_t read_version)
{
	json_t *j = json_pack("{s:I,s:s,s:s?,s:s?,s:s,s:I}", "id", (json_int_t)n->id, "title",
			      n->title, "key_matters", n->key_matters, "remedy", n->remedy, "state",
			      n->state, "version", (json_int_t)n->version);
	const char *names[] = {"answers", "duties", "contacts", "departments", "teams"};
	const char *vals[] = {n->answers, n->duties, n->contacts, n->departments, n->teams};
	for (int k = 0; k < 5; k++) {
		json_t *v = json_loads(vals[k] ? vals[k] : "[]", 0, NULL);
		json_object_set_new(j, names[k], v ? v : json_array());
	}
	json_object_set_new(j, "incident_id",
			    n->incident_id ? json_integer(n->incident_id) : json_null());
	json_object_set_new(j, "published_version", n->published_version
							    ? json_integer(n->published_version)
							    : json_null());
	json_object_set_new(j, "published_at", api_time_json(n->published_at));
	json_object_set_new(j, "published_by",
			    n->published_by ? json_string(n->published_by) : json_null());
	json_object_set_new(j, "created_by", json_string(n->created_by));
	json_object_set_new(j, "created_at", api_time_json(n->created_at));
	json_object_set_new(j, "updated_at", api_time_json(n->updated_at));
	if (read_version >= 0)
		json_object_set_new(j, "read", json_boolean(n->published_version &&
							    read_version >= n->published_version));
	return j;
}

/* --- reading a body ------------------------------------------------------------- */

/* An array member of objects, each member a string checked (name, max,
 * required); stored as JSON text in *out. */
struct member_rule {
	const char *name;
	int max, required, multiline;
};

/* A text of several lines: a string of at most max characters, with no
 * control characters but line breaks and tabs. */
static int multiline(json_t *o, const char *name, const char *field, int max, int required,
		     const char **out, struct kesu_err *err)
{
	json_t *v = json_object_get(o, name);
	*out = NULL;
	if (!v || json_is_null(v))
		return required ? kesu_fail(err, KE_MISSING_FIELD, field, "is required") : 0;
	if (!json_is_string(v))
		return kesu_fail(err, KE_WRONG_TYPE, field, "must be a string");
	const char *t = json_string_value(v);
	if (strlen(t) != json_string_length(v))
		return kesu_fail(err, KE_INVALID_VALUE, field, "must not contain NUL characters");
	for (const char *q = t; *q; q++)
		if (((unsigned char)*q < 0x20 && *q != '\n' && *q != '\r' && *q != '\t') || *q == 0x7f)
			return kesu_fail(err, KE_INVALID_VALUE, field,
					 "must not contain control characters");
	if (required && !*t)
		return kesu_fail(err, KE_MISSING_FIELD, field, "must not be empty");
	if (text_utf8_length(t) > (size_t)max)
		return kesu_fail(err, KE_TOO_LONG, field, "is longer than %d characters", max);
	*out = *t ? t : NULL;
	return 0;
}

static int answer_extra(json_t *item, const char *field, struct kesu_err *err);
static int contact_extra(json_t *item, const char *field, struct kesu_err *err);

static int objects(json_t *body, const char *name, const struct member_rule *rules, int max_items,
		   int (*extra)(json_t *item, const char *field, struct kesu_err *err),
		   struct arena *a, const char **out, struct kesu_err *err)
{
	json_t *v = json_object_get(body, name);
	if (!v)
		return 0;
	if (json_is_null(v)) {
		*out = "[]";
		return 0;
	}
	if (!json_is_array(v) || json_array_size(v) > (size_t)max_items)
		return kesu_fail(err, json_is_array(v) ? KE_TOO_LONG : KE_WRONG_TYPE, name,
				 "must be a list of at most %d items", max_items);
	size_t k;
	json_t *item;
	json_array_foreach(v, k, item) {
		char field[64];
		snprintf(field, sizeof field, "%s[%zu]", name, k);
		if (!json_is_object(item))
			return kesu_fail(err, KE_WRONG_TYPE, field, "must be an object");
		const char *key;
		json_t *x;
		json_object_foreach(item, key, x) {
			int known = 0;
			for (int r = 0; rules[r].name; r++)
				known |= !strcmp(rules[r].name, key);
			if (!known && !(extra == contact_extra && !strcmp(key, "department_id")) &&
			    !(extra == answer_extra && !strcmp(key, "step")))
				return kesu_fail(err, KE_UNKNOWN_FIELD, field, "has no member %.40s",
						 key);
		}
		for (int r = 0; rules[r].name; r++) {
			const char *s;
			char f[96];
			snprintf(f, sizeof f, "%s.%s", field, rules[r].name);
			if (rules[r].multiline
				    ? multiline(item, rules[r].name, f, rules[r].max, rules[r].required, &s,
						err)
				    : api_string(item, rules[r].name, rules[r].required, rules[r].max,
						 &s, err)) {
				snprintf(err->field, sizeof err->field, "%.60s", f);
				return -(int)err->code;
			}
		}
		if (extra && extra(item, field, err))
			return -(int)err->code;
	}
	char *t = json_dumps(v, JSON_COMPACT);
	*out = arena_strdup(a, t);
	free(t);
	return 0;
}

static int answer_extra(json_t *item, const char *field, struct kesu_err *err)
{
	json_t *l = json_object_get(item, "language"), *st = json_object_get(item, "step");
	if (l && enum_index(en_language, json_string_value(l)) < 0)
		return kesu_fail(err, KE_INVALID_VALUE, field, "language must be zh-CN, zh-TW or en");
	if (st && (!json_is_integer(st) || json_integer_value(st) < 1 ||
		   json_integer_value(st) > KN_STEPS))
		return kesu_fail(err, KE_INVALID_VALUE, field,
				 "step must be 1 to 4 (listen, guide, apologise or explain, resolve)");
	return 0;
}

static int contact_extra(json_t *item, const char *field, struct kesu_err *err)
{
	json_t *d = json_object_get(item, "department_id");
	if (d && !json_is_null(d) && (!json_is_integer(d) || json_integer_value(d) <= 0))
		return kesu_fail(err, KE_INVALID_VALUE, field, "department_id must be a department's id");
	if (json_object_get(item, "step"))
		return kesu_fail(err, KE_UNKNOWN_FIELD, field, "has no member step");
	return 0;
}

static int ids(json_t *body, const char *name, struct arena *a, const char **out,
	       struct kesu_err *err)
{
	json_t *v = json_object_get(body, name);
	if (!v)
		return 0;
	if (!json_is_array(v) || json_array_size(v) > ITEMS_MAX)
		return kesu_fail(err, KE_INVALID_VALUE, name, "must be a list of at most %d ids",
				 ITEMS_MAX);
	size_t k;
	json_t *x;
	json_array_foreach(v, k, x) if (!json_is_integer(x) || json_integer_value(x) <= 0)
		return kesu_fail(err, KE_INVALID_VALUE, name, "item %zu is not an id", k);
	char *t = json_dumps(v, JSON_COMPACT);
	*out = arena_strdup(a, t);
	free(t);
	return 0;
}

static const struct member_rule answer_rules[] = {
	{"title", 200, 1, 0}, {"body", 4000, 1, 1}, {"language", 8, 0, 0}, {NULL, 0, 0, 0}};
static const struct member_rule duty_rules[] = {
	{"who", 100, 1, 0}, {"what", 1000, 1, 1}, {NULL, 0, 0, 0}};
static const struct member_rule contact_rules[] = {
	{"department", 100, 0, 0}, {"person", 100, 0, 0}, {"phone", 40, 0, 0},
	{"email", 200, 0, 0},	   {"duty", 200, 0, 0},	  {NULL, 0, 0, 0}};

static int read_notice(json_t *body, struct handling_notice *n, struct arena *a,
		       struct kesu_err *err)
{
	const char *s;
	json_t *v;
	if ((v = json_object_get(body, "title")) || !n->id) {
		if (api_string(body, "title", 1, 200, &s, err))
			return -(int)err->code;
		n->title = s;
	}
	if (json_object_get(body, "key_matters") &&
	    multiline(body, "key_matters", "key_matters", 4000, 0, &n->key_matters, err))
		return -(int)err->code;
	if (json_object_get(body, "remedy") &&
	    multiline(body, "remedy", "remedy", 2000, 0, &n->remedy, err))
		return -(int)err->code;
	if (objects(body, "answers", answer_rules, ITEMS_MAX, answer_extra, a, &n->answers, err) ||
	    objects(body, "duties", duty_rules, ITEMS_MAX, NULL, a, &n->duties, err) ||
	    objects(body, "contacts", contact_rules, CONTACTS_MAX, contact_extra, a, &n->contacts,
		    err) ||
	    ids(body, "departments", a, &n->departments, err) || ids(body, "teams", a, &n->teams, err))
		return -(int)err->code;
	return 0;
}

/* In the writer: the teams and departments exist; a contact naming a
 * department takes its contact details where none are given. */
static int settle(struct store_conn *c, struct handling_notice *n, const struct principal *p,
		  struct arena *a, struct kesu_err *err)
{
	json_t *teams = json_loads(n->teams ? n->teams : "[]", 0, NULL);
	if (!json_array_size(teams) && p->nteams) {
		/* by default the teams of the one who writes it */
		for (int k = 0; k < p->nteams; k++)
			json_array_append_new(teams, json_integer(p->teams[k]));
	}
	size_t k;
	json_t *v;
	int rc = 0;
	json_array_foreach(teams, k, v) {
		struct team t;
		if ((rc = store_team_get(c, json_integer_value(v), NULL, a, &t, err))) {
			if (rc == -KE_NOT_FOUND) {
				kesu_err_clear(err);
				rc = kesu_fail(err, KE_INVALID_VALUE, "teams", "team %lld does not exist",
					       (long long)json_integer_value(v));
			}
			break;
		}
	}
	char *t = json_dumps(teams, JSON_COMPACT);
	n->teams = arena_strdup(a, t);
	free(t);
	json_decref(teams);
	json_t *deps = json_loads(n->departments ? n->departments : "[]", 0, NULL);
	json_array_foreach(deps, k, v) {
		struct department d;
		if (rc)
			break;
		if ((rc = store_department_get(c, json_integer_value(v), a, &d, err)) == -KE_NOT_FOUND) {
			kesu_err_clear(err);
			rc = kesu_fail(err, KE_INVALID_VALUE, "departments",
				       "department %lld does not exist", (long long)json_integer_value(v));
		}
	}
	json_decref(deps);
	json_t *cs = json_loads(n->contacts ? n->contacts : "[]", 0, NULL);
	json_array_foreach(cs, k, v) {
		json_t *id = json_object_get(v, "department_id");
		struct department d;
		if (rc || !json_is_integer(id))
			continue;
		if ((rc = store_department_get(c, json_integer_value(id), a, &d, err)) == -KE_NOT_FOUND) {
			kesu_err_clear(err);
			rc = kesu_fail(err, KE_INVALID_VALUE, "contacts",
				       "department %lld does not exist", (long long)json_integer_value(id));
		}
		if (rc)
			break;
		const char *fill[][2] = {{"department", d.name}, {"person", d.contact_person},
					 {"phone", d.phone}, {"email", d.email}};
		for (int f = 0; f < 4; f++)
			if (!json_object_get(v, fill[f][0]) && fill[f][1])
				json_object_set_new(v, fill[f][0], json_string(fill[f][1]));
	}
	t = json_dumps(cs, JSON_COMPACT);
	n->contacts = arena_strdup(a, t);
	free(t);
	json_decref(cs);
	return rc;
}

/* 1 if n is for p: one of its teams is p's (supervisors and managers
 * editing notices see them all). */
static int for_caller(const struct principal *p, const struct handling_notice *n)
{
	if (authz_can(p, P_COMPLAINT_ASSIGN) || authz_can(p, P_ALL_TEAMS))
		return 1;
	json_t *teams = json_loads(n->teams ? n->teams : "[]", 0, NULL);
	size_t k;
	json_t *v;
	int mine = 0;
	json_array_foreach(teams, k, v) mine |= authz_team(p, json_integer_value(v));
	json_decref(teams);
	return mine;
}

/* --- the writer's job ----------------------------------------------------------- */

enum notice_op { N_CREATE, N_PATCH, N_PUBLISH, N_READ, N_INCIDENT };

struct notice_job {
	struct api_act act;
	enum notice_op op;
	json_t *body;
	int publish;
};

static int notice_verb(struct store_conn *c, struct api_act *act, struct kesu_err *err)
{
	struct notice_job *j = (struct notice_job *)act;
	struct handling_notice n = {0};
	int rc = 0;
	if (j->op == N_INCIDENT) {
		struct incident i;
		if ((rc = store_incident_get(c, act->id, act->a, &i, err)))
			return rc;
		rc = store_notice_of(c, i.id, act->a, &n, err);
		if (rc == -KE_NOT_FOUND) {
			kesu_err_clear(err);
			n = (struct handling_notice){.incident_id = i.id, .title = i.title,
						     .remedy = NULL};
			rc = 0;
		}
		if (rc)
			return rc;
	} else if (j->op != N_CREATE && (rc = store_notice_get(c, act->id, act->a, &n, err)))
		return rc;
	switch (j->op) {
	case N_READ:
		/* a notice of other teams answers as if there were none */
		if (!for_caller(&act->who, &n))
			return kesu_fail(err, KE_NOT_FOUND, "", "no handling notice %lld",
					 (long long)act->id);
		if ((rc = wf_notice_read(c, &n, &act->as, act->now, err)))
			return rc;
		act->out = api_notice_json(&n, n.published_version);
		act->status = 200;
		return 0;
	case N_PUBLISH:
		if ((rc = wf_notice_publish(c, &n, &act->as, act->now, act->a, err)))
			return rc;
		break;
	default:
		if (j->op == N_CREATE) {
			int64_t inc = 0;
			if (api_int_member(j->body, "incident_id", &inc, err))
				return -(int)err->code;
			if (inc) {
				struct incident i;
				struct handling_notice other;
				if ((rc = store_incident_get(c, inc, act->a, &i, err)))
					return rc;
				if (!store_notice_of(c, inc, act->a, &other, err))
					return kesu_fail(err, KE_CONFLICT, "incident_id",
							 "the incident has a notice already (%lld)",
							 (long long)other.id);
				kesu_err_clear(err);
				n.incident_id = inc;
			}
		}
		int was_published = n.state && !strcmp(n.state, "published");
		if ((rc = read_notice(j->body, &n, act->a, err)) ||
		    (rc = settle(c, &n, &act->who, act->a, err)) ||
		    (rc = wf_notice_save(c, &n, &act->as, act->now, act->a, err)))
			return rc;
		if (j->publish && !was_published &&
		    (rc = wf_notice_publish(c, &n, &act->as, act->now, act->a, err)))
			return rc;
		act->status = j->op == N_CREATE || (j->op == N_INCIDENT && n.version == 1) ? 201 : 200;
		act->out = api_notice_json(&n, -1);
		return 0;
	}
	act->out = api_notice_json(&n, -1);
	act->status = 200;
	return 0;
}

static struct notice_job *notice_job(struct http_request *req, enum notice_op op,
				     struct kesu_err *err)
{
	struct notice_job *j = (struct notice_job *)api_act_new(req, sizeof *j, notice_verb);
	j->act.ref = NULL;
	j->op = op;
	if (op != N_CREATE && api_id(http_param(req, 0), &j->act.id, err))
		return NULL;
	return j;
}

static int write_route(struct http_request *req, enum notice_op op)
{
	static const char *const keys[] = {"title",    "key_matters", "answers", "remedy",
					   "duties",   "contacts",    "departments", "teams",
					   "publish",  "incident_id", NULL};
	struct kesu_err err = {0};
	json_t *body = api_body(req, keys, &err);
	struct notice_job *j = body ? notice_job(req, op, &err) : NULL;
	if (!j)
		return http_reply_error(req, &err);
	if (op != N_CREATE && json_object_get(body, "incident_id"))
		return api_fail(req, KE_UNKNOWN_FIELD, "incident_id",
				"a notice's incident is set when it is written");
	json_t *pub = json_object_get(body, "publish");
	if (pub && !json_is_boolean(pub))
		return api_fail(req, KE_WRONG_TYPE, "publish", "must be true or false");
	j->publish = json_is_true(pub);
	j->body = body;
	return api_act_defer(req, &j->act);
}

int notices_create(struct http_request *req)
{
	return write_route(req, N_CREATE);
}

int notices_patch(struct http_request *req)
{
	return write_route(req, N_PATCH);
}

int incidents_notice_put(struct http_request *req)
{
	return write_route(req, N_INCIDENT);
}

int notices_publish(struct http_request *req)
{
	struct kesu_err err = {0};
	struct notice_job *j = notice_job(req, N_PUBLISH, &err);
	return j ? api_act_defer(req, &j->act) : http_reply_error(req, &err);
}

int notices_read(struct http_request *req)
{
	struct kesu_err err = {0};
	struct notice_job *j = notice_job(req, N_READ, &err);
	return j ? api_act_defer(req, &j->act) : http_reply_error(req, &err);
}

/* --- reading --------------------------------------------------------------------- */

int notices_list(struct http_request *req)
{
	struct kesu_err err = {0};
	struct arena *a = http_arena(req);
	const struct principal *p = http_principal(req);
	const char *unread = http_query(req, "unread"), *all = http_query(req, "all");
	if ((unread && strcmp(unread, "0") && strcmp(unread, "1")) ||
	    (all && strcmp(all, "0") && strcmp(all, "1")))
		return api_fail(req, KE_INVALID_VALUE, unread ? "unread" : "all", "must be 0 or 1");
	int drafts = all && all[0] == '1' && authz_can(p, P_COMPLAINT_ASSIGN);
	struct store_conn *c = http_reader(req, &err);
	struct handling_notice *items;
	int64_t *rv;
	int n;
	/* an agent's are those of their teams, in the store's own pages */
	int64_t teams_of = authz_can(p, P_COMPLAINT_ASSIGN) || authz_can(p, P_ALL_TEAMS)
				   ? 0
				   : p->user_id;
	if (!c || store_notices_list(c, !drafts, p->user_id, teams_of, a, &items, &rv, &n, &err))
		return http_reply_error(req, &err);
	json_t *arr = json_array();
	int unread_n = 0;
	for (int k = 0; k < n; k++) {
		if (!for_caller(p, &items[k]))
			continue;
		int is_read = items[k].published_version && rv[k] >= items[k].published_version;
		if (!strcmp(items[k].state, "published") && !is_read)
			unread_n++;
		if (unread && unread[0] == '1' && (is_read || strcmp(items[k].state, "published")))
			continue;
		json_array_append_new(arr, api_notice_json(&items[k], rv[k]));
	}
	return http_reply_json(req, 200, json_pack("{s:o,s:i}", "items", arr, "unread", unread_n));
}

int notices_get(struct http_request *req)
{
	struct kesu_err err = {0};
	struct arena *a = http_arena(req);
	const struct principal *p = http_principal(req);
	int64_t id;
	struct handling_notice n;
	if (api_id(http_param(req, 0), &id, &err))
		return http_reply_error(req, &err);
	struct store_conn *c = http_reader(req, &err);
	if (!c || store_notice_get(c, id, a, &n, &err))
		return http_reply_error(req, &err);
	if (!for_caller(p, &n) || (strcmp(n.state, "published") && !authz_can(p, P_COMPLAINT_ASSIGN)))
		return api_fail(req, KE_NOT_FOUND, "", "no such handling notice");
	/* the caller's own confirmation */
	int64_t mine = 0;
	if (store_notice_read_version(c, id, p->user_id, &mine, &err))
		return http_reply_error(req, &err);
	json_t *o = api_notice_json(&n, mine);
	/* the training record: who of its teams confirmed the version in force */
	if (authz_can(p, P_COMPLAINT_ASSIGN)) {
		struct notice_reader *r;
		int nr;
		if (store_notice_readers(c, &n, a, &r, &nr, &err)) {
			json_decref(o);
			return http_reply_error(req, &err);
		}
		json_t *arr = json_array();
		int confirmed = 0;
		for (int k = 0; k < nr; k++) {
			int ok = n.published_version && r[k].version >= n.published_version;
			confirmed += ok;
			json_array_append_new(
				arr, json_pack("{s:I,s:s,s:s?,s:s,s:b,s:o,s:I}", "user_id",
					       (json_int_t)r[k].user_id, "username", r[k].name,
					       "display_name", r[k].display_name, "role", r[k].role,
					       "confirmed", ok, "read_at", api_time_json(r[k].read_at),
					       "version_read", (json_int_t)r[k].version));
		}
		json_object_set_new(o, "readers", arr);
		json_object_set_new(o, "confirmed", json_integer(confirmed));
		json_object_set_new(o, "to_confirm", json_integer(nr - confirmed));
	}
	return http_reply_json(req, 200, o);
}
