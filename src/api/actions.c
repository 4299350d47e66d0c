/*
 * actions.c - /api/v1/actions: improvement actions (改进措施, domain.md
 * 7), made from a complaint, a row of the causes Pareto, an incident or a
 * checklist; accepted and reported done by the department, in the
 * workspace or through its link (/api/v1/department/actions/{id}, with
 * X-Action-Token, no account); verified by recurrence by the scheduler.
 * Each act is a verb of workflow/actions.c run in the writer.
 */
#include "api.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../http/auth.h"
#include "../util/clock.h"
#include "../util/ids.h"

#define DAY_MS (24LL * 3600 * 1000)

/* --- what replies show ------------------------------------------------------------------ */

static json_t *text_or_null(const char *s)
{
	return s ? json_string(s) : json_null();
}

json_t *api_action_json(const struct improvement_action *x, int64_t now)
{
	json_t *j = json_pack("{s:I,s:s,s:s,s:s,s:I,s:s,s:o,s:s,s:s,s:i}", "id", (json_int_t)x->id,
			      "state", x->state, "cause", x->cause, "what", x->what,
			      "department_id", (json_int_t)x->department_id, "department",
			      x->department, "due_at", api_time_json(x->due_at), "origin",
			      x->origin, "created_by", x->created_by, "complaints", x->complaints);
	json_object_set_new(j, "scope",
			    json_pack("{s:o,s:o,s:o,s:o}", "category", text_or_null(x->category),
				      "object", text_or_null(x->object), "channel",
				      text_or_null(x->channel), "team_id",
				      x->team_id ? json_integer(x->team_id) : json_null()));
	json_object_set_new(j, "owner",
			    json_pack("{s:o,s:o,s:o}", "id",
				      x->owner_id ? json_integer(x->owner_id) : json_null(), "user",
				      text_or_null(x->owner_user), "name",
				      text_or_null(x->owner_name)));
	json_object_set_new(j, "origin_id", x->origin_id ? json_integer(x->origin_id) : json_null());
	json_object_set_new(j, "incident_id",
			    x->incident_id ? json_integer(x->incident_id) : json_null());
	int open = !strcmp(x->state, "proposed") || !strcmp(x->state, "accepted") ||
		   !strcmp(x->state, "failed");
	json_object_set_new(j, "overdue", json_boolean(open && x->due_at < now));
	json_object_set_new(j, "evidence", text_or_null(x->evidence));
	json_object_set_new(j, "accepted_at", api_time_json(x->accepted_at));
	json_object_set_new(j, "accepted_by", text_or_null(x->accepted_by));
	json_object_set_new(j, "done_at", api_time_json(x->done_at));
	json_object_set_new(j, "done_by", text_or_null(x->done_by));
	json_object_set_new(j, "verify_at", api_time_json(x->verify_at));
	json_object_set_new(j, "failures", json_integer(x->failures));
	json_t *v = x->verification ? json_loads(x->verification, 0, NULL) : NULL;
	json_object_set_new(j, "verification", v ? v : json_null());
	json_object_set_new(j, "judged_at", api_time_json(x->judged_at));
	json_object_set_new(j, "tell_customers", json_boolean(x->tell_customers));
	json_object_set_new(j, "told_at", api_time_json(x->told_at));
	json_object_set_new(j, "drop_reason", text_or_null(x->drop_reason));
	json_object_set_new(j, "version", json_integer(x->version));
	json_object_set_new(j, "created_at", api_time_json(x->created_at));
	json_object_set_new(j, "updated_at", api_time_json(x->updated_at));
	return j;
}

/* What the department's link shows: the action, none of the complaints. */
static json_t *department_json(struct store_conn *c, const struct improvement_action *x)
{
	json_t *j = json_pack("{s:I,s:s,s:s,s:s,s:s,s:o}", "id", (json_int_t)x->id, "state",
			      x->state, "cause", x->cause, "what", x->what, "department",
			      x->department, "due_at", api_time_json(x->due_at));
	json_object_set_new(j, "owner_name", text_or_null(x->owner_name));
	json_object_set_new(j, "evidence", text_or_null(x->evidence));
	json_object_set_new(j, "done_at", api_time_json(x->done_at));
	json_object_set_new(j, "verify_at", api_time_json(x->verify_at));
	json_object_set_new(j, "complaints", json_integer(x->complaints));
	json_t *v = x->verification ? json_loads(x->verification, 0, NULL) : NULL;
	json_object_set_new(j, "verification", v ? v : json_null());
	/* the cause in words: the department knows no keys */
	struct wf_causes cs;
	struct kesu_err ignored = {0};
	const struct wf_cause *k = !wf_causes_read(c, &cs, &ignored) ? wf_cause_find(&cs, x->cause)
								      : NULL;
	if (k)
		json_object_set_new(j, "cause_label",
				    json_pack("{s:s,s:s,s:s}", "zh-CN", k->label[0], "zh-TW",
					      k->label[1], "en", k->label[2]));
	return j;
}

static json_t *event_json(const struct action_event *e)
{
	json_t *d = json_loads(e->data ? e->data : "{}", 0, NULL);
	return json_pack("{s:I,s:s,s:s,s:o,s:o}", "id", (json_int_t)e->id, "kind", e->kind,
			 "actor", e->actor, "at", api_time_json(e->at), "data",
			 d ? d : json_object());
}

/* --- reading a body ---------------------------------------------------------------------- */

/* A date "2026-12-31" is due at the end of that local day; a date-time
 * exactly then. */
static int due_member(json_t *body, int64_t *out, struct kesu_err *err)
{
	json_t *v = json_object_get(body, "due");
	if (!v)
		return 0;
	const char *s = json_string_value(v);
	if (!s || clock_parse_instant(s, out))
		return kesu_fail(err, v && json_is_string(v) ? KE_INVALID_VALUE : KE_WRONG_TYPE, "due",
				 "must be a date (2026-12-31) or an RFC 3339 date-time");
	if (strlen(s) == 10)
		*out += DAY_MS - 1; /* 23:59:59.999 local: the date people wrote is what they read */
	return 0;
}

/* A text member present (replaces; null or "" clears when may_clear). */
static int text_member(json_t *body, const char *name, int max, const char **out,
		       struct kesu_err *err)
{
	json_t *v = json_object_get(body, name);
	if (!v)
		return 0;
	if (json_is_null(v)) {
		*out = NULL;
		return 0;
	}
	const char *s;
	if (api_string(body, name, 0, max, &s, err))
		return -(int)err->code;
	*out = s && *s ? s : NULL;
	return 0;
}

static int id_member(json_t *body, const char *name, int64_t *out, struct kesu_err *err)
{
	json_t *v = json_object_get(body, name);
	if (!v)
		return 0;
	if (json_is_null(v)) {
		*out = 0;
		return 0;
	}
	return api_int_member(body, name, out, err);
}

/* The members of an action body onto *x (present ones replace). */
static int read_action(json_t *body, struct improvement_action *x, struct kesu_err *err)
{
	if (text_member(body, "cause", 32, &x->cause, err) ||
	    text_member(body, "what", 2000, &x->what, err) ||
	    text_member(body, "category", 64, &x->category, err) ||
	    text_member(body, "object", 120, &x->object, err) ||
	    text_member(body, "channel", 32, &x->channel, err) ||
	    text_member(body, "owner_name", 100, &x->owner_name, err) ||
	    id_member(body, "department_id", &x->department_id, err) ||
	    id_member(body, "team_id", &x->team_id, err) ||
	    id_member(body, "owner_id", &x->owner_id, err) ||
	    id_member(body, "incident_id", &x->incident_id, err) || due_member(body, &x->due_at, err))
		return -(int)err->code;
	json_t *v = json_object_get(body, "tell_customers");
	if (v && !json_is_boolean(v))
		return kesu_fail(err, KE_WRONG_TYPE, "tell_customers", "must be true or false");
	if (v)
		x->tell_customers = json_is_true(v);
	return 0;
}

/* The complaints a body names: ids or tracking numbers, at most 1,000. */
static int read_complaints(json_t *body, struct arena *a, const char ***refs, int *n,
			   struct kesu_err *err)
{
	json_t *v = json_object_get(body, "complaint_ids");
	*n = 0;
	if (!v)
		return 0;
	if (!json_is_array(v) || json_array_size(v) > ACTION_COMPLAINTS_MAX)
		return kesu_fail(err, json_is_array(v) ? KE_INVALID_VALUE : KE_WRONG_TYPE,
				 "complaint_ids",
				 "must list at most %d complaints (ids or tracking numbers)",
				 ACTION_COMPLAINTS_MAX);
	*refs = arena_alloc(a, sizeof **refs * (json_array_size(v) + 1));
	size_t k;
	json_t *r;
	json_array_foreach(v, k, r) {
		if (json_is_integer(r) && json_integer_value(r) > 0)
			(*refs)[*n] = arena_printf(a, "%lld", (long long)json_integer_value(r));
		else if (json_is_string(r) && json_string_length(r) > 0 &&
			 json_string_length(r) < TRACKING_NO_MAX)
			(*refs)[*n] = arena_strdup(a, json_string_value(r));
		else
			return kesu_fail(err, KE_WRONG_TYPE, "complaint_ids",
					 "item %d is not a complaint id or tracking number", (int)k);
		(*n)++;
	}
	return 0;
}

/* --- the writer's jobs ---------------------------------------------------------------------- */

enum act_op { OP_CREATE, OP_PATCH, OP_ACCEPT, OP_DONE, OP_DROP, OP_TELL, OP_LINK };

struct action_job {
	struct api_act act;
	enum act_op op;
	json_t *body;
	int64_t expect_version, done_at;
	const char *text, *owner_name, *origin;
	const char **refs;
	int nrefs, department; /* department: the act of a department's link */
	unsigned char token_hash[TOKEN_HASH_LEN];
	int has_token;
};

/* The complaints named, each one the caller may see, as ids. */
static int resolve_refs(struct store_conn *c, struct action_job *j, int64_t **ids,
			struct kesu_err *err)
{
	*ids = arena_alloc(j->act.a, sizeof **ids * (size_t)(j->nrefs + 1));
	for (int k = 0; k < j->nrefs; k++) {
		struct complaint cp;
		int rc = api_complaint_visible(c, j->refs[k], &j->act.who, j->act.a, &cp, err);
		if (rc == -KE_NOT_FOUND) {
			kesu_err_clear(err);
			return kesu_fail(err, KE_INVALID_VALUE, "complaint_ids",
					 "no complaint %s (or not one of the caller's teams)",
					 j->refs[k]);
		}
		if (rc)
			return rc;
		(*ids)[k] = cp.id;
	}
	return 0;
}

static int load(struct store_conn *c, struct action_job *j, struct improvement_action *x,
		struct kesu_err *err)
{
	int rc = store_action_get(c, j->act.id, j->act.a, x, err);
	if (j->department) {
		/* a wrong token and a missing action get the same answer */
		if (rc == -KE_NOT_FOUND || (!rc && !ids_hash_equal(j->token_hash, x->link_hash,
								     TOKEN_HASH_LEN))) {
			kesu_err_clear(err);
			return kesu_fail(err, KE_NOT_FOUND, "",
					 "no improvement action with this id and link token");
		}
	}
	if (!rc && j->expect_version && j->expect_version != x->version)
		return kesu_fail(err, KE_STALE, "If-Match",
				 "the improvement action changed meanwhile (now version %lld):"
				 " reload it",
				 (long long)x->version);
	return rc;
}

static int action_verb(struct store_conn *c, struct api_act *act, struct kesu_err *err)
{
	struct action_job *j = (struct action_job *)act;
	struct improvement_action x = {0}, before;
	int64_t *ids = NULL;
	int rc, told = 0;
	/* the department acts as itself: its name in the history */
	struct wf_actor dept = act->as;
	if (j->op == OP_CREATE) {
		if (read_action(j->body, &x, err) || resolve_refs(c, j, &ids, err))
			return -(int)err->code;
		x.origin = j->origin;
		if (!x.cause)
			return kesu_fail(err, KE_MISSING_FIELD, "cause",
					 "is required: the key of a cause of the list");
		if ((rc = wf_action_create(c, &x, ids, j->nrefs, &act->as, act->now, act->a, err)))
			return rc;
		act->id = x.id;
		act->status = 201;
	} else {
		if ((rc = load(c, j, &x, err)))
			return rc;
		before = x;
		if (j->department)
			dept.name = arena_printf(act->a, "department:%s", x.department);
		switch (j->op) {
		case OP_PATCH:
			if ((rc = read_action(j->body, &x, err)) ||
			    (rc = wf_action_edit(c, &before, &x, &act->as, act->now, act->a, err)))
				return rc;
			break;
		case OP_ACCEPT:
			if ((rc = wf_action_accept(c, &x, j->owner_name, &dept, act->now, err)))
				return rc;
			break;
		case OP_DONE:
			if ((rc = wf_action_done(c, &x, j->text, j->done_at, &dept, act->now, err)))
				return rc;
			break;
		case OP_DROP:
			if ((rc = wf_action_drop(c, &x, j->text, &act->as, act->now, err)))
				return rc;
			break;
		case OP_TELL:
			if ((rc = wf_action_tell(c, &x, j->text, &act->as, act->now, act->a, &told,
						 err)))
				return rc;
			break;
		case OP_LINK:
			if ((rc = resolve_refs(c, j, &ids, err)) ||
			    (rc = wf_action_link_more(c, &x, ids, j->nrefs, &act->as, act->now, act->a,
						      err)))
				return rc;
			break;
		default:
			break;
		}
		act->status = 200;
	}
	if ((rc = store_action_get(c, x.id, act->a, &x, err)))
		return rc;
	act->out = j->department ? department_json(c, &x) : api_action_json(&x, act->now);
	if (j->op == OP_TELL)
		json_object_set_new(act->out, "told", json_integer(told));
	return 0;
}

static struct action_job *job_new(struct http_request *req, enum act_op op, struct kesu_err *err)
{
	struct action_job *j = (struct action_job *)api_act_new(req, sizeof *j, action_verb);
	j->act.ref = NULL;
	j->op = op;
	if (op != OP_CREATE && api_id(http_param(req, 0), &j->act.id, err))
		return NULL;
	return j;
}

/* --- routes ------------------------------------------------------------------------------------- */

int actions_create(struct http_request *req)
{
	static const char *const keys[] = {"cause",	 "department_id", "what",     "due",
					   "category", "object",	  "channel",  "team_id",
					   "owner_id", "owner_name",	  "incident_id", "complaint_ids",
					   "origin",   "tell_customers",  NULL};
	struct kesu_err err = {0};
	json_t *body = api_body(req, keys, &err);
	struct action_job *j = body ? job_new(req, OP_CREATE, &err) : NULL;
	if (!j || read_complaints(body, j->act.a, &j->refs, &j->nrefs, &err))
		return http_reply_error(req, &err);
	j->body = body;
	const char *origin = NULL;
	if (api_string(body, "origin", 0, 32, &origin, &err))
		return http_reply_error(req, &err);
	/* a checklist's action is made from its failed item, not here */
	if (origin && (enum_index(en_action_origin, origin) < 0 || !strcmp(origin, "checklist")))
		return api_fail(req, KE_INVALID_VALUE, "origin",
				"must be hand, complaint, pareto or incident");
	j->origin = origin ? origin
			   : json_object_get(body, "incident_id") ? "incident"
			   : j->nrefs				   ? "complaint"
								   : "hand";
	if (!json_object_get(body, "what") || !json_object_get(body, "due") ||
	    !json_object_get(body, "department_id")) {
		const char *f = !json_object_get(body, "department_id") ? "department_id"
				: !json_object_get(body, "what")	 ? "what"
									 : "due";
		return api_fail(req, KE_MISSING_FIELD, f, "is required");
	}
	return api_act_defer(req, &j->act);
}

int actions_patch(struct http_request *req)
{
	static const char *const keys[] = {"cause",	 "department_id", "what",	"due",
					   "category", "object",	  "channel",	"team_id",
					   "owner_id", "owner_name",	  "incident_id", "tell_customers",
					   NULL};
	struct kesu_err err = {0};
	json_t *body = api_body(req, keys, &err);
	struct action_job *j = body ? job_new(req, OP_PATCH, &err) : NULL;
	if (!j)
		return http_reply_error(req, &err);
	const char *im = http_header(req, "If-Match");
	if (im && api_etag_version(im, &j->expect_version))
		return api_fail(req, KE_INVALID_VALUE, "If-Match",
				"must be the action's version as an ETag (\"v3\")");
	j->body = body;
	return api_act_defer(req, &j->act);
}

/* done_on: the day the change took effect (a date, or a date-time). */
static int done_on(json_t *body, int64_t *out, struct kesu_err *err)
{
	json_t *v = json_object_get(body, "done_on");
	*out = 0;
	if (!v || json_is_null(v))
		return 0;
	const char *s = json_string_value(v);
	if (!s || clock_parse_instant(s, out))
		return kesu_fail(err, KE_INVALID_VALUE, "done_on",
				 "must be a date (2026-11-01) or an RFC 3339 date-time");
	return 0;
}

static int verb_route(struct http_request *req, enum act_op op, int department)
{
	static const char *const accept_keys[] = {"owner_name", NULL};
	static const char *const done_keys[] = {"evidence", "done_on", NULL};
	static const char *const drop_keys[] = {"reason", NULL};
	static const char *const tell_keys[] = {"message", NULL};
	static const char *const link_keys[] = {"complaint_ids", NULL};
	const char *const *keys = op == OP_ACCEPT ? accept_keys
				  : op == OP_DONE ? done_keys
				  : op == OP_DROP ? drop_keys
				  : op == OP_TELL ? tell_keys
						  : link_keys;
	struct kesu_err err = {0};
	json_t *body = api_body(req, keys, &err);
	struct action_job *j = body ? job_new(req, op, &err) : NULL;
	if (!j)
		return http_reply_error(req, &err);
	j->department = department;
	if (department) {
		const char *token = http_header(req, "X-Action-Token");
		ids_token_hash(token && strlen(token) < 100 ? token : "", j->token_hash);
		if (!token)
			return api_fail(req, KE_NOT_FOUND, "",
					"no improvement action with this id and link token");
	}
	int rc = 0;
	switch (op) {
	case OP_ACCEPT:
		rc = api_string(body, "owner_name", 0, 100, &j->owner_name, &err);
		break;
	case OP_DONE:
		rc = api_string(body, "evidence", 1, 4000, &j->text, &err) ||
		     done_on(body, &j->done_at, &err);
		break;
	case OP_DROP:
		rc = api_string(body, "reason", 1, 2000, &j->text, &err);
		break;
	case OP_TELL:
		rc = api_string(body, "message", 0, 1000, &j->text, &err);
		break;
	case OP_LINK:
		rc = read_complaints(body, j->act.a, &j->refs, &j->nrefs, &err);
		if (!rc && !j->nrefs)
			rc = kesu_fail(&err, KE_MISSING_FIELD, "complaint_ids",
				       "must list 1 to %d complaints", ACTION_COMPLAINTS_MAX);
		break;
	default:
		break;
	}
	if (rc)
		return http_reply_error(req, &err);
	return api_act_defer(req, &j->act);
}

int actions_accept(struct http_request *req) { return verb_route(req, OP_ACCEPT, 0); }
int actions_done(struct http_request *req) { return verb_route(req, OP_DONE, 0); }
int actions_drop(struct http_request *req) { return verb_route(req, OP_DROP, 0); }
int actions_tell(struct http_request *req) { return verb_route(req, OP_TELL, 0); }
int actions_link(struct http_request *req) { return verb_route(req, OP_LINK, 0); }
int department_action_accept(struct http_request *req) { return verb_route(req, OP_ACCEPT, 1); }
int department_action_done(struct http_request *req) { return verb_route(req, OP_DONE, 1); }

int actions_list(struct http_request *req)
{
	struct kesu_err err = {0};
	struct arena *a = http_arena(req);
	struct action_filter f = {.now = clock_now_ms()};
	const char *v, *state = NULL;
	int64_t unused;
	if ((v = http_query(req, "state")) && strcmp(v, "open") == 0)
		state = "open";
	else if (api_enum_param(req, "state", en_action_state, &state, &err))
		return http_reply_error(req, &err);
	if (api_text_param(req, "cause", 32, &f.cause, &err) ||
	    api_limit(req, 50, 200, &f.limit, &err) ||
	    ((v = http_query(req, "cursor")) && api_cursor_decode(v, 'a', &unused, &f.cursor_id, &err)))
		return http_reply_error(req, &err);
	f.state = state;
	const char *names[] = {"department", "complaint", "incident"};
	int64_t *outs[] = {&f.department_id, &f.complaint_id, &f.incident_id};
	for (int k = 0; k < 3; k++)
		if ((v = http_query(req, names[k])) && api_id(v, outs[k], &err)) {
			kesu_fail(&err, KE_INVALID_VALUE, names[k], "must be an id");
			return http_reply_error(req, &err);
		}
	if ((v = http_query(req, "overdue"))) {
		if (strcmp(v, "0") && strcmp(v, "1"))
			return api_fail(req, KE_INVALID_VALUE, "overdue", "must be 0 or 1");
		f.overdue_only = v[0] == '1';
	}
	struct store_conn *c = http_reader(req, &err);
	struct improvement_action *items;
	int n, more;
	int64_t overdue, awaiting;
	if (!c || store_actions_list(c, &f, a, &items, &n, &more, &err) ||
	    store_actions_tally(c, f.now, &overdue, &awaiting, &err))
		return http_reply_error(req, &err);
	json_t *arr = json_array();
	for (int k = 0; k < n; k++)
		json_array_append_new(arr, api_action_json(&items[k], f.now));
	const char *next = more && n ? api_cursor_encode(a, 'a', 0, items[n - 1].id) : NULL;
	return http_reply_json(req, 200,
			       json_pack("{s:o,s:s?,s:I,s:I}", "items", arr, "next_cursor", next,
					 "overdue", (json_int_t)overdue, "awaiting_verification",
					 (json_int_t)awaiting));
}

int actions_get(struct http_request *req)
{
	struct kesu_err err = {0};
	struct arena *a = http_arena(req);
	int64_t id, now = clock_now_ms();
	struct improvement_action x;
	struct action_event *ev;
	int64_t *ids;
	int ne, nc;
	if (api_id(http_param(req, 0), &id, &err))
		return http_reply_error(req, &err);
	struct store_conn *c = http_reader(req, &err);
	json_t *rec = NULL;
	if (!c || store_action_get(c, id, a, &x, &err) ||
	    store_action_events(c, id, a, &ev, &ne, &err) ||
	    store_action_complaint_ids(c, id, a, &ids, &nc, &err) ||
	    wf_action_recurrence(c, &x, now, &rec, &err))
		return http_reply_error(req, &err);
	json_t *o = api_action_json(&x, now);
	json_object_set_new(o, "recurrence", rec);
	json_t *arr = json_array();
	for (int k = 0; k < ne; k++)
		json_array_append_new(arr, event_json(&ev[k]));
	json_object_set_new(o, "events", arr);
	/* the linked complaints the caller may see */
	const struct principal *p = http_principal(req);
	arr = json_array();
	for (int k = 0; k < nc; k++) {
		struct complaint cp;
		int rc = store_complaint_get(c, ids[k], NULL, a, &cp, &err);
		if (rc && rc != -KE_NOT_FOUND)
			return http_reply_error(req, &err);
		kesu_err_clear(&err);
		if (rc || !authz_team(p, cp.team_id))
			continue;
		json_array_append_new(arr, json_pack("{s:I,s:s,s:s,s:o}", "id", (json_int_t)cp.id,
						     "tracking_no", cp.tracking_no, "status",
						     state_name(cp.state), "created_at",
						     api_time_json(cp.created_at)));
	}
	json_object_set_new(o, "linked", arr);
	/* the department's link, for those who act on actions to pass on by
	 * hand where the department has no address */
	if (authz_can(p, P_COMPLAINT_ASSIGN)) {
		char token[40];
		ids_link_token(store_secret_key(http_store(req)), "kesu-action:", x.link_nonce,
			       ACTION_NONCE_LEN, token);
		json_object_set_new(o, "department_link",
				    json_string(arena_printf(a, "/department/actions/%lld#t=%s",
							     (long long)x.id, token)));
	}
	char etag[32];
	snprintf(etag, sizeof etag, "\"v%lld\"", (long long)x.version);
	http_add_header(req, "ETag", etag);
	return http_reply_json(req, 200, o);
}

int department_action_get(struct http_request *req)
{
	struct kesu_err err = {0};
	struct arena *a = http_arena(req);
	int64_t id;
	struct improvement_action x;
	const char *token = http_header(req, "X-Action-Token");
	unsigned char hash[TOKEN_HASH_LEN];
	ids_token_hash(token && strlen(token) < 100 ? token : "", hash);
	if (api_id(http_param(req, 0), &id, &err))
		return http_reply_error(req, &err);
	struct store_conn *c = http_reader(req, &err);
	if (!c)
		return http_reply_error(req, &err);
	int rc = store_action_get(c, id, a, &x, &err);
	if (rc && rc != -KE_NOT_FOUND)
		return http_reply_error(req, &err);
	if (rc || !token || !ids_hash_equal(hash, x.link_hash, TOKEN_HASH_LEN))
		return api_fail(req, KE_NOT_FOUND, "",
				"no improvement action with this id and link token");
	return http_reply_json(req, 200, department_json(c, &x));
}
