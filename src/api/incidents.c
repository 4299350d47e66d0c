/*
 * incidents.c - /api/v1/incidents: many complaints, one cause (domain.md
 * 9). Incidents opened by a supervisor or proposed by kesu, confirmed or
 * dismissed; their complaints added one by one or by a search, moved
 * together; one message to every affected customer; one remedy standard
 * approved once. Each act is a verb of workflow/incidents.c or
 * incident_remedy.c run in the writer.
 */
#include "api.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../http/auth.h"
#include "../text/text.h"
#include "../util/clock.h"

#define LINK_MAX 1000	/* complaints one request links */
#define REFUSED_LISTED 200
#define PROPOSAL_LISTED 100

/* --- what replies show ---------------------------------------------------------------- */

static json_t *affected_json(const struct incident *i)
{
	if (!i->affected_kind && !i->affected_ref && !i->affected_from && !i->affected_to &&
	    !i->affected_record)
		return json_null();
	json_t *o = json_pack("{s:s?,s:s?,s:s?,s:o,s:o,s:s?}", "kind", i->affected_kind, "ref",
			      i->affected_ref, "ref_to", i->affected_ref_to, "from",
			      api_time_json(i->affected_from), "to", api_time_json(i->affected_to),
			      "record", i->affected_record);
	return o;
}

json_t *api_incident_json(const struct incident *i)
{
	json_t *prop = i->proposal ? json_loads(i->proposal, 0, NULL) : NULL;
	json_t *j = json_pack("{s:I,s:s,s:s?,s:s?,s:s?,s:o,s:s,s:i,s:b,s:o,s:o}", "id",
			      (json_int_t)i->id, "title", i->title, "cause", i->cause,
			      "responsibility", i->responsibility, "plan", i->plan, "affected",
			      affected_json(i), "state", i->state, "complaints", i->complaints,
			      "pick_up", i->pick_up, "started_at", api_time_json(i->started_at),
			      "proposal", prop ? prop : json_null());
	json_object_set_new(j, "owner",
			    i->owner_id ? json_pack("{s:I,s:s?}", "id", (json_int_t)i->owner_id,
						    "name", i->owner_name)
					: json_null());
	json_object_set_new(j, "proposed_at", api_time_json(i->proposed_at));
	json_object_set_new(j, "confirmed_at", api_time_json(i->confirmed_at));
	json_object_set_new(j, "confirmed_by", i->confirmed_by ? json_string(i->confirmed_by)
							      : json_null());
	json_object_set_new(j, "dismissed_at", api_time_json(i->dismissed_at));
	json_object_set_new(j, "dismiss_reason",
			    i->dismiss_reason ? json_string(i->dismiss_reason) : json_null());
	json_object_set_new(j, "closed_at", api_time_json(i->closed_at));
	json_object_set_new(j, "first_complaint_at", api_time_json(i->first_complaint_at));
	json_object_set_new(j, "first_message_at", api_time_json(i->first_message_at));
	json_object_set_new(j, "version", json_integer(i->version));
	json_object_set_new(j, "created_at", api_time_json(i->created_at));
	json_object_set_new(j, "created_by", json_string(i->created_by));
	json_object_set_new(j, "updated_at", api_time_json(i->updated_at));
	return j;
}

static json_t *message_json(const struct incident_message *m)
{
	json_t *text = json_loads(m->text ? m->text : "{}", 0, NULL);
	json_t *calls = json_loads(m->to_call ? m->to_call : "[]", 0, NULL);
	return json_pack("{s:I,s:s,s:o,s:o,s:s,s:o,s:i,s:o}", "id", (json_int_t)m->id, "stage",
			 m->stage, "text", text ? text : json_object(), "expected_at",
			 api_time_json(m->expected_at), "sent_by", m->sent_by, "sent_at",
			 api_time_json(m->sent_at), "complaints", m->complaints, "to_call",
			 calls ? calls : json_array());
}

static json_t *remedy_json(const struct incident_remedy *r)
{
	return json_pack("{s:I,s:s,s:I,s:s?,s:I,s:s,s:s?,s:o,s:s?,s:o,s:s?,s:I,s:I}", "id",
			 (json_int_t)r->id, "type", r->type, "amount_fen", (json_int_t)r->amount_fen,
			 "note", r->note, "max_total_fen", (json_int_t)r->max_total_fen, "state",
			 r->state, "proposed_by", r->proposer, "proposed_at",
			 api_time_json(r->proposed_at), "decided_by", r->decider, "decided_at",
			 api_time_json(r->decided_at), "decision_reason", r->decision_reason,
			 "granted", (json_int_t)r->granted, "granted_fen",
			 (json_int_t)r->granted_fen);
}

json_t *api_incident_banner(struct store_conn *c, int64_t complaint_id, struct arena *a,
			    struct kesu_err *err)
{
	int64_t id;
	struct incident i;
	if (store_incident_of(c, complaint_id, &id, err))
		return NULL;
	if (!id)
		return json_null();
	if (store_incident_get(c, id, a, &i, err))
		return NULL;
	/* a proposal is the supervisors' until confirmed */
	if (!strcmp(i.state, "proposed") || !strcmp(i.state, "dismissed"))
		return json_null();
	json_t *o = json_pack("{s:I,s:s,s:s,s:s?,s:s?,s:i}", "id", (json_int_t)i.id, "title",
			      i.title, "state", i.state, "cause", i.cause, "plan", i.plan,
			      "complaints", i.complaints);
	struct handling_notice n;
	int rc = store_notice_of(c, id, a, &n, err);
	if (rc && rc != -KE_NOT_FOUND) {
		json_decref(o);
		return NULL;
	}
	kesu_err_clear(err);
	json_object_set_new(o, "notice",
			    !rc && !strcmp(n.state, "published") ? api_notice_json(&n, -1)
								  : json_null());
	return o;
}

/* --- reading a body ------------------------------------------------------------------- */

static int time_member(json_t *o, const char *name, const char *field, int64_t *out,
		       struct kesu_err *err)
{
	json_t *v = json_object_get(o, name);
	if (!v)
		return 0;
	*out = 0;
	if (json_is_null(v))
		return 0;
	if (!json_is_string(v) || clock_parse_instant(json_string_value(v), out))
		return kesu_fail(err, KE_INVALID_VALUE, field,
				 "must be a date (2026-11-01) or an RFC 3339 date-time");
	return 0;
}

/* A string member present (set: replaces *out, null clears) or absent. */
static int text_member(json_t *o, const char *name, const char *field, int max, int required,
		       const char **out, struct kesu_err *err)
{
	json_t *v = json_object_get(o, name);
	if (!v && !required)
		return 0;
	const char *s;
	if (api_string(o, name, required, max, &s, err)) {
		if (strcmp(err->field, name) == 0)
			snprintf(err->field, sizeof err->field, "%s", field);
		return -(int)err->code;
	}
	*out = s && *s ? s : NULL;
	return 0;
}

/* The members of an incident body onto *i (present ones replace). */
static int read_incident(json_t *body, struct incident *i, struct arena *a,
			 struct kesu_err *err)
{
	static const char *const akeys[] = {"kind", "ref", "ref_to", "from", "to", "record", NULL};
	int rc = text_member(body, "title", "title", 200, !i->id, &i->title, err) ||
		 text_member(body, "cause", "cause", 32, 0, &i->cause, err) ||
		 text_member(body, "responsibility", "responsibility", 32, 0, &i->responsibility,
			     err) ||
		 text_member(body, "plan", "plan", 2000, 0, &i->plan, err) ||
		 time_member(body, "started_at", "started_at", &i->started_at, err);
	if (rc)
		return -(int)err->code;
	if (i->id && json_object_get(body, "title") && !i->title)
		return kesu_fail(err, KE_MISSING_FIELD, "title", "must not be empty");
	json_t *v = json_object_get(body, "pick_up");
	if (v && !json_is_boolean(v))
		return kesu_fail(err, KE_WRONG_TYPE, "pick_up", "must be true or false");
	if (v)
		i->pick_up = json_is_true(v);
	int64_t owner;
	if (json_object_get(body, "owner_id")) {
		if (api_int_member(body, "owner_id", &owner, err))
			return -(int)err->code;
		i->owner_id = owner;
	}
	json_t *af = json_object_get(body, "affected");
	if (af && json_is_null(af)) {
		i->affected_kind = i->affected_ref = i->affected_ref_to = i->affected_record = NULL;
		i->affected_from = i->affected_to = 0;
	} else if (af) {
		if (!json_is_object(af))
			return kesu_fail(err, KE_WRONG_TYPE, "affected",
					 "must be an object: kind, ref, ref_to, from, to, record");
		if (api_known_keys(af, akeys, err)) {
			char f[80];
			snprintf(f, sizeof f, "affected.%.40s", err->field);
			snprintf(err->field, sizeof err->field, "%.60s", f);
			return -(int)err->code;
		}
		if (text_member(af, "kind", "affected.kind", 32, 0, &i->affected_kind, err) ||
		    text_member(af, "ref", "affected.ref", 120, 0, &i->affected_ref, err) ||
		    text_member(af, "ref_to", "affected.ref_to", 120, 0, &i->affected_ref_to, err) ||
		    text_member(af, "record", "affected.record", 4000, 0, &i->affected_record, err) ||
		    time_member(af, "from", "affected.from", &i->affected_from, err) ||
		    time_member(af, "to", "affected.to", &i->affected_to, err))
			return -(int)err->code;
	}
	(void)a;
	return 0;
}

/* The refs of a body's "complaints": ids or tracking numbers. */
static int read_refs(json_t *v, struct arena *a, const char ***refs, int *n,
		     struct kesu_err *err)
{
	if (!json_is_array(v) || !json_array_size(v) || json_array_size(v) > LINK_MAX)
		return kesu_fail(err, v && !json_is_array(v) ? KE_WRONG_TYPE : KE_INVALID_VALUE,
				 "complaints",
				 "must list 1 to %d complaints (ids or tracking numbers)", LINK_MAX);
	*n = (int)json_array_size(v);
	*refs = arena_alloc(a, sizeof **refs * (size_t)*n);
	for (int k = 0; k < *n; k++) {
		json_t *r = json_array_get(v, (size_t)k);
		if (json_is_integer(r) && json_integer_value(r) > 0)
			(*refs)[k] = arena_printf(a, "%lld", (long long)json_integer_value(r));
		else if (json_is_string(r) && json_string_length(r) > 0 &&
			 json_string_length(r) < TRACKING_NO_MAX)
			(*refs)[k] = arena_strdup(a, json_string_value(r));
		else
			return kesu_fail(err, KE_WRONG_TYPE, "complaints",
					 "item %d is not a complaint id or tracking number", k);
	}
	return 0;
}

/* --- the writer's jobs ---------------------------------------------------------------- */

enum inc_op { OP_CREATE, OP_PATCH, OP_CONFIRM, OP_DISMISS, OP_LINK, OP_UNLINK, OP_MOVE,
	      OP_MESSAGE, OP_REMEDY, OP_DECIDE };

struct inc_job {
	struct api_act act;
	enum inc_op op;
	json_t *body;
	int64_t expect_version, remedy_id;
	const char *reason, *action, *unlink_ref, *how;
	const char **refs;
	int nrefs;
	struct wf_progress *progress;
	struct incident_message m;
	struct incident_remedy r;
	int approve;
};

/* The incident the path names, as the writer has it. */
static int load(struct store_conn *c, struct inc_job *j, struct incident *i,
		struct kesu_err *err)
{
	int rc = store_incident_get(c, j->act.id, j->act.a, i, err);
	if (!rc && j->expect_version && j->expect_version != i->version)
		return kesu_fail(err, KE_STALE, "If-Match",
				 "the incident changed meanwhile (now version %lld): reload it",
				 (long long)i->version);
	return rc;
}

/* Links the refs one by one: a refused one is listed, the rest go on. */
static int link_refs(struct store_conn *c, struct inc_job *j, struct incident *i,
		     struct kesu_err *err)
{
	json_t *linked = json_array(), *refused = json_array();
	int already_n = 0, nrefused = 0;
	for (int k = 0; k < j->nrefs; k++) {
		struct kesu_err e = {0};
		struct complaint cp;
		int already = 0;
		if (store_savepoint(c, "incident_row", err))
			goto fail;
		int rc = api_complaint_visible(c, j->refs[k], &j->act.who, j->act.a, &cp, &e);
		if (!rc)
			rc = wf_incident_link(c, i, &cp, j->how, &j->act.as, j->act.now, j->act.a,
					      &already, &e);
		if (rc ? store_savepoint_undo(c, "incident_row", err)
		       : store_savepoint_release(c, "incident_row", err))
			goto fail;
		if (rc && (e.code == KE_UNAVAILABLE || e.code == KE_INTERNAL)) {
			*err = e;
			goto fail;
		}
		if (rc) {
			if (++nrefused <= REFUSED_LISTED)
				json_array_append_new(refused, api_bulk_refused_json(j->refs[k], &e));
			continue;
		}
		if (already)
			already_n++;
		else
			json_array_append_new(linked, json_pack("{s:I,s:s}", "id", (json_int_t)cp.id,
								"tracking_no", cp.tracking_no));
	}
	if (json_array_size(linked) &&
	    wf_incident_event(c, i->id, "complaints_added", j->act.as.name, j->act.now,
			      json_pack("{s:i,s:s}", "added", (int)json_array_size(linked), "how",
					j->how),
			      err))
		goto fail;
	j->act.status = 200;
	j->act.out = json_pack("{s:I,s:o,s:i,s:o,s:i,s:i}", "incident_id", (json_int_t)i->id,
			       "linked", linked, "already", already_n, "refused", refused,
			       "refused_count", nrefused, "complaints", i->complaints);
	return 0;
fail:
	json_decref(linked);
	json_decref(refused);
	return -(int)err->code;
}

/* Moves every complaint of i the caller sees, each under a savepoint of
 * its own, as bulk actions do. */
static int move_all(struct store_conn *c, struct inc_job *j, struct incident *i,
		    struct kesu_err *err)
{
	json_t *refused = json_array();
	int done = 0, nrefused = 0, n = 500;
	int64_t after = 0;
	while (n == 500) {
		struct complaint *cps;
		if (store_incident_complaints(c, i->id, after, 500, j->act.a, &cps, &n, err))
			goto fail;
		for (int k = 0; k < n; k++) {
			after = cps[k].id;
			if (!wf_sees(&j->act.as, cps[k].team_id))
				continue;
			struct kesu_err e = {0};
			struct complaint moved;
			if (store_savepoint(c, "incident_row", err))
				goto fail;
			int rc = wf_incident_move_one(c, i, &cps[k], j->action, j->progress, j->reason,
						      &j->act.as, j->act.now, j->act.a, &moved, &e);
			if (rc ? store_savepoint_undo(c, "incident_row", err)
			       : store_savepoint_release(c, "incident_row", err))
				goto fail;
			if (rc && (e.code == KE_UNAVAILABLE || e.code == KE_INTERNAL)) {
				*err = e;
				goto fail;
			}
			if (!rc) {
				done++;
				continue;
			}
			/* the incident has no plan: nothing to try on the others */
			if (e.code == KE_MISSING_FIELD && !strcmp(e.field, "plan")) {
				*err = e;
				goto fail;
			}
			if (++nrefused <= REFUSED_LISTED)
				json_array_append_new(refused,
						      api_bulk_refused_json(cps[k].tracking_no, &e));
		}
	}
	if (wf_incident_event(c, i->id, "complaints_moved", j->act.as.name, j->act.now,
			      json_pack("{s:s,s:i,s:i}", "action", j->action, "done", done,
					"refused", nrefused),
			      err))
		goto fail;
	j->act.status = 200;
	j->act.out = json_pack("{s:s,s:i,s:o,s:i}", "action", j->action, "done", done, "refused",
			       refused, "refused_count", nrefused);
	return 0;
fail:
	json_decref(refused);
	return -(int)err->code;
}

/* The owner named is a supervisor or a manager (or an administrator). */
static int owner_check(struct store_conn *c, const struct incident *i, struct arena *a,
		       struct kesu_err *err)
{
	struct user u;
	if (!i->owner_id)
		return 0;
	int rc = store_user_get(c, i->owner_id, NULL, a, &u, err);
	if (rc == -KE_NOT_FOUND || (!rc && strcmp(u.role, "supervisor") && strcmp(u.role, "manager") &&
				    strcmp(u.role, "admin"))) {
		kesu_err_clear(err);
		return kesu_fail(err, KE_INVALID_VALUE, "owner_id",
				 "must be a supervisor's or a manager's user id");
	}
	return rc;
}

static int inc_verb(struct store_conn *c, struct api_act *act, struct kesu_err *err)
{
	struct inc_job *j = (struct inc_job *)act;
	struct incident i = {0}, before;
	int rc, replayed = 0;
	if (j->op == OP_CREATE) {
		i.pick_up = 1;
		if (read_incident(j->body, &i, act->a, err) || wf_incident_check(c, &i, act->a, err) ||
		    owner_check(c, &i, act->a, err) ||
		    wf_incident_create(c, &i, &act->as, act->now, err))
			return -(int)err->code;
		act->id = i.id;
		json_t *linked = NULL;
		if (j->nrefs) {
			j->how = "hand";
			if (link_refs(c, j, &i, err))
				return -(int)err->code;
			linked = act->out;
		}
		if ((rc = store_incident_get(c, i.id, act->a, &i, err))) {
			json_decref(linked);
			return rc;
		}
		act->out = api_incident_json(&i);
		/* what became of the complaints named: a refused one is said */
		if (linked) {
			json_object_set(act->out, "refused", json_object_get(linked, "refused"));
			json_object_set(act->out, "refused_count",
					json_object_get(linked, "refused_count"));
			json_decref(linked);
		}
		act->status = 201;
		return 0;
	}
	if ((rc = load(c, j, &i, err)))
		return rc;
	before = i;
	switch (j->op) {
	case OP_PATCH:
		if (json_object_get(j->body, "state") &&
		    text_member(j->body, "state", "state", 32, 1, &i.state, err))
			return -(int)err->code;
		i.state = i.state ? arena_strdup(act->a, i.state) : before.state;
		if ((rc = read_incident(j->body, &i, act->a, err)) ||
		    (rc = wf_incident_check(c, &i, act->a, err)) ||
		    (rc = owner_check(c, &i, act->a, err)) ||
		    (rc = wf_incident_edit(c, &before, &i, j->reason, &act->as, act->now, err)))
			return rc;
		break;
	case OP_CONFIRM:
		if ((rc = wf_incident_confirm(c, &i, &act->as, act->now, act->a, err)))
			return rc;
		break;
	case OP_DISMISS:
		if ((rc = wf_incident_dismiss(c, &i, j->reason, &act->as, act->now, err)))
			return rc;
		break;
	case OP_LINK:
		return link_refs(c, j, &i, err);
	case OP_UNLINK: {
		struct complaint cp;
		if ((rc = api_complaint_visible(c, j->unlink_ref, &act->who, act->a, &cp, err)) ||
		    (rc = wf_incident_unlink(c, &i, &cp, j->reason, &act->as, act->now, err)))
			return rc;
		break;
	}
	case OP_MOVE:
		if (!strcmp(i.state, "proposed") || !strcmp(i.state, "dismissed"))
			return kesu_fail(err, KE_CONFLICT, "",
					 "the incident is %s: its complaints move once it is confirmed",
					 i.state);
		return move_all(c, j, &i, err);
	case OP_MESSAGE: {
		json_t *texts = json_object_get(j->body, "text");
		if ((rc = wf_incident_message(c, &i, &j->m, texts, &act->as, act->now, act->a,
					      &replayed, err)))
			return rc;
		act->out = message_json(&j->m);
		json_object_set_new(act->out, "replayed", json_boolean(replayed));
		act->status = replayed ? 200 : 201;
		return 0;
	}
	case OP_REMEDY:
		if ((rc = wf_incident_remedy(c, &i, &j->r, &act->as, act->now, act->a, &replayed,
					     err)))
			return rc;
		act->out = remedy_json(&j->r);
		json_object_set_new(act->out, "replayed", json_boolean(replayed));
		act->status = replayed ? 200 : 201;
		return 0;
	case OP_DECIDE:
		if ((rc = store_remedy_get(c, j->remedy_id, act->a, &j->r, err)))
			return rc;
		if (j->r.incident_id != i.id)
			return kesu_fail(err, KE_NOT_FOUND, "", "no remedy %lld of this incident",
					 (long long)j->remedy_id);
		if ((rc = wf_incident_remedy_decide(c, &i, &j->r, j->approve, j->reason, &act->as,
						    act->now, act->a, err)))
			return rc;
		act->out = remedy_json(&j->r);
		act->status = 200;
		return 0;
	default:
		break;
	}
	/* as stored: the owner's name is the store's */
	if ((rc = store_incident_get(c, i.id, act->a, &i, err)))
		return rc;
	act->out = api_incident_json(&i);
	act->status = 200;
	return 0;
}

static struct inc_job *job_new(struct http_request *req, enum inc_op op, struct kesu_err *err)
{
	struct inc_job *j = (struct inc_job *)api_act_new(req, sizeof *j, inc_verb);
	j->act.ref = NULL;
	j->op = op;
	if (op != OP_CREATE && api_id(http_param(req, 0), &j->act.id, err))
		return NULL;
	return j;
}

/* --- routes ------------------------------------------------------------------------------- */

int incidents_create(struct http_request *req)
{
	static const char *const keys[] = {"title", "cause", "responsibility", "plan", "affected",
					   "started_at", "owner_id", "pick_up", "complaints", NULL};
	struct kesu_err err = {0};
	json_t *body = api_body(req, keys, &err);
	struct inc_job *j = body ? job_new(req, OP_CREATE, &err) : NULL;
	if (!j)
		return http_reply_error(req, &err);
	j->body = body;
	json_t *refs = json_object_get(body, "complaints");
	if (refs && read_refs(refs, j->act.a, &j->refs, &j->nrefs, &err))
		return http_reply_error(req, &err);
	return api_act_defer(req, &j->act);
}

int incidents_patch(struct http_request *req)
{
	static const char *const keys[] = {"title", "cause", "responsibility", "plan", "affected",
					   "started_at", "owner_id", "pick_up", "state", "reason",
					   NULL};
	struct kesu_err err = {0};
	json_t *body = api_body(req, keys, &err);
	struct inc_job *j = body ? job_new(req, OP_PATCH, &err) : NULL;
	const char *im = http_header(req, "If-Match");
	if (!j || api_string(body, "reason", 0, 2000, &j->reason, &err))
		return http_reply_error(req, &err);
	if (im && api_etag_version(im, &j->expect_version))
		return api_fail(req, KE_INVALID_VALUE, "If-Match",
				"must be the incident's version as an ETag (\"v3\")");
	j->body = body;
	return api_act_defer(req, &j->act);
}

int incidents_confirm(struct http_request *req)
{
	struct kesu_err err = {0};
	struct inc_job *j = job_new(req, OP_CONFIRM, &err);
	return j ? api_act_defer(req, &j->act) : http_reply_error(req, &err);
}

int incidents_dismiss(struct http_request *req)
{
	static const char *const keys[] = {"reason", NULL};
	struct kesu_err err = {0};
	json_t *body = api_body(req, keys, &err);
	struct inc_job *j = body ? job_new(req, OP_DISMISS, &err) : NULL;
	if (!j || api_string(body, "reason", 1, 2000, &j->reason, &err))
		return http_reply_error(req, &err);
	return api_act_defer(req, &j->act);
}

/* The complaints a search finds (q, since, until, category, channel),
 * of the caller's teams, at most LINK_MAX, as refs. */
static int search_refs(struct http_request *req, json_t *s, struct inc_job *j,
		       struct kesu_err *err)
{
	static const char *const keys[] = {"q", "since", "until", "category", "channel", NULL};
	struct arena *a = j->act.a;
	const struct principal *p = http_principal(req);
	if (!json_is_object(s))
		return kesu_fail(err, KE_WRONG_TYPE, "search",
				 "must be an object: q, since, until, category, channel");
	if (api_known_keys(s, keys, err))
		return -(int)err->code;
	const char *q = NULL;
	struct complaint_filter f = {.sort = SORT_NEWEST, .limit = 200};
	if (text_member(s, "q", "search.q", 200, 0, &q, err) ||
	    text_member(s, "category", "search.category", 64, 0, &f.category, err) ||
	    text_member(s, "channel", "search.channel", 32, 0, &f.channel, err) ||
	    time_member(s, "since", "search.since", &f.since_ms, err) ||
	    time_member(s, "until", "search.until", &f.until_ms, err))
		return -(int)err->code;
	if (!q && !f.category && !f.channel && !f.since_ms)
		return kesu_fail(err, KE_MISSING_FIELD, "search",
				 "needs q, category, channel or since: a search for every complaint"
				 " links nothing");
	if (q && !(f.fts = store_search_expr(q, a, err))) {
		snprintf(err->field, sizeof err->field, "search.q");
		return -(int)err->code;
	}
	if (!authz_can(p, P_ALL_TEAMS))
		f.teams_of = p->user_id;
	struct store_conn *c = http_reader(req, err);
	if (!c || (f.fts && store_search_settle(http_store(req), c, err)))
		return -(int)err->code;
	j->refs = arena_alloc(a, sizeof *j->refs * LINK_MAX);
	j->nrefs = 0;
	int more = 1;
	while (more && j->nrefs < LINK_MAX) {
		struct complaint *items;
		int n;
		if (store_complaint_list(c, &f, a, &items, &n, &more, err))
			return -(int)err->code;
		for (int k = 0; k < n && j->nrefs < LINK_MAX; k++)
			j->refs[j->nrefs++] = arena_printf(a, "%lld", (long long)items[k].id);
		if (!n)
			break;
		f.has_cursor = 1;
		f.cursor_created = items[n - 1].created_at;
		f.cursor_id = items[n - 1].id;
	}
	return 0;
}

int incidents_link(struct http_request *req)
{
	static const char *const keys[] = {"complaints", "search", NULL};
	struct kesu_err err = {0};
	json_t *body = api_body(req, keys, &err);
	struct inc_job *j = body ? job_new(req, OP_LINK, &err) : NULL;
	if (!j)
		return http_reply_error(req, &err);
	json_t *refs = json_object_get(body, "complaints"), *s = json_object_get(body, "search");
	if (!refs == !s)
		return api_fail(req, refs ? KE_INVALID_VALUE : KE_MISSING_FIELD, "complaints",
				"give either complaints (a list of ids or tracking numbers) or a"
				" search");
	j->how = refs ? "hand" : "search";
	if (refs ? read_refs(refs, j->act.a, &j->refs, &j->nrefs, &err)
		 : search_refs(req, s, j, &err))
		return http_reply_error(req, &err);
	if (!j->nrefs)
		return http_reply_json(req, 200,
				       json_pack("{s:I,s:[],s:i,s:[],s:i,s:n}", "incident_id",
						 (json_int_t)j->act.id, "linked", "already", 0,
						 "refused", "refused_count", 0, "complaints"));
	return api_act_defer(req, &j->act);
}

int incidents_unlink(struct http_request *req)
{
	struct kesu_err err = {0};
	struct inc_job *j = job_new(req, OP_UNLINK, &err);
	if (!j)
		return http_reply_error(req, &err);
	j->unlink_ref = http_param(req, 1);
	const char *reason = http_query(req, "reason");
	if (reason && strlen(reason) > 2000)
		return api_fail(req, KE_TOO_LONG, "reason", "is longer than 2000 characters");
	j->reason = reason;
	return api_act_defer(req, &j->act);
}

int incidents_move(struct http_request *req)
{
	static const char *const keys[] = {"action", "reason", "progress", NULL};
	struct kesu_err err = {0};
	json_t *body = api_body(req, keys, &err);
	struct inc_job *j = body ? job_new(req, OP_MOVE, &err) : NULL;
	if (!j || api_string(body, "action", 1, 32, &j->action, &err) ||
	    api_string(body, "reason", 0, 2000, &j->reason, &err) ||
	    api_progress(body, j->act.a, &j->progress, &err))
		return http_reply_error(req, &err);
	if (strcmp(j->action, "acknowledge") && strcmp(j->action, "start") &&
	    strcmp(j->action, "propose_plan") && strcmp(j->action, "resolve"))
		return api_fail(req, KE_INVALID_VALUE, "action",
				"must be acknowledge, start, propose_plan or resolve");
	return api_act_defer(req, &j->act);
}

/* text: one string (every language), or {language: text}. */
static json_t *read_texts(json_t *v, struct kesu_err *err)
{
	if (!v || json_is_null(v)) {
		kesu_fail(err, KE_MISSING_FIELD, "text",
			  "is required: what the customers are told (the cause and the expected"
			  " time, the progress, or the outcome)");
		return NULL;
	}
	json_t *o = json_is_string(v) ? json_pack("{s:O}", "zh-CN", v) : json_deep_copy(v);
	if (!json_is_object(o) || !json_object_size(o)) {
		json_decref(o);
		kesu_fail(err, KE_WRONG_TYPE, "text",
			  "must be the text, or an object of texts by language (zh-CN, zh-TW, en)");
		return NULL;
	}
	const char *k;
	json_t *t;
	json_object_foreach(o, k, t) {
		char field[32];
		snprintf(field, sizeof field, "text.%.20s", k);
		const char *s;
		if (enum_index(en_language, k) < 0) {
			kesu_fail(err, KE_INVALID_VALUE, field, "is not a language (zh-CN, zh-TW, en)");
			json_decref(o);
			return NULL;
		}
		if (api_string(o, k, 1, 500, &s, err)) {
			snprintf(err->field, sizeof err->field, "%s", field);
			json_decref(o);
			return NULL;
		}
	}
	return o;
}

int incidents_message(struct http_request *req)
{
	static const char *const keys[] = {"text", "stage", "expected_at", NULL};
	struct kesu_err err = {0};
	json_t *body = api_body(req, keys, &err);
	struct inc_job *j = body ? job_new(req, OP_MESSAGE, &err) : NULL;
	if (!j || api_string(body, "stage", 0, 32, &j->m.stage, &err) ||
	    time_member(body, "expected_at", "expected_at", &j->m.expected_at, &err))
		return http_reply_error(req, &err);
	if (!j->m.stage)
		j->m.stage = "progress";
	else if (enum_index(en_message_stage, j->m.stage) < 0)
		return api_fail(req, KE_INVALID_VALUE, "stage", "must be cause, progress or outcome");
	json_t *texts = read_texts(json_object_get(body, "text"), &err);
	if (!texts)
		return http_reply_error(req, &err);
	json_object_set_new(body, "text", texts);
	j->body = body;
	const char *key = http_header(req, "Idempotency-Key");
	if (key && (!*key || strlen(key) > 200))
		return api_fail(req, KE_INVALID_VALUE, "Idempotency-Key", "must be 1 to 200 characters");
	j->m.idem_key = key ? arena_strdup(j->act.a, key) : NULL;
	return api_act_defer(req, &j->act);
}

int incidents_remedy(struct http_request *req)
{
	static const char *const keys[] = {"type", "amount_fen", "note", "max_total_fen", NULL};
	struct kesu_err err = {0};
	json_t *body = api_body(req, keys, &err);
	struct inc_job *j = body ? job_new(req, OP_REMEDY, &err) : NULL;
	if (!j || api_string(body, "type", 1, 32, &j->r.type, &err) ||
	    api_string(body, "note", 0, 500, &j->r.note, &err) ||
	    api_int_member(body, "max_total_fen", &j->r.max_total_fen, &err))
		return http_reply_error(req, &err);
	json_t *amt = json_object_get(body, "amount_fen");
	if (!amt)
		return api_fail(req, KE_MISSING_FIELD, "amount_fen",
				"is required: the amount for each complaint, in fen");
	if (!json_is_integer(amt) || json_integer_value(amt) <= 0 ||
	    json_integer_value(amt) > 100000000)
		return api_fail(req, KE_INVALID_VALUE, "amount_fen",
				"must be a whole number of fen from 1 to 100000000");
	j->r.amount_fen = json_integer_value(amt);
	const char *key = http_header(req, "Idempotency-Key");
	if (key && (!*key || strlen(key) > 200))
		return api_fail(req, KE_INVALID_VALUE, "Idempotency-Key", "must be 1 to 200 characters");
	j->r.idem_key = key ? arena_strdup(j->act.a, key) : NULL;
	return api_act_defer(req, &j->act);
}

int incidents_remedy_decide(struct http_request *req)
{
	static const char *const keys[] = {"approve", "reason", NULL};
	struct kesu_err err = {0};
	json_t *body = api_body(req, keys, &err);
	struct inc_job *j = body ? job_new(req, OP_DECIDE, &err) : NULL;
	if (!j || api_id(http_param(req, 1), &j->remedy_id, &err) ||
	    api_string(body, "reason", 0, 2000, &j->reason, &err))
		return http_reply_error(req, &err);
	json_t *v = json_object_get(body, "approve");
	if (!json_is_boolean(v))
		return api_fail(req, v ? KE_WRONG_TYPE : KE_MISSING_FIELD, "approve",
				"must be true (grant it to every complaint) or false");
	j->approve = json_is_true(v);
	if (!j->approve && !j->reason)
		return api_fail(req, KE_MISSING_FIELD, "reason", "is required to reject");
	return api_act_defer(req, &j->act);
}

/* --- reading ----------------------------------------------------------------------------- */

int incidents_list(struct http_request *req)
{
	struct kesu_err err = {0};
	struct arena *a = http_arena(req);
	const char *state;
	int limit;
	int64_t cursor = 0, unused;
	const char *v;
	if (api_enum_param(req, "state", en_incident_state, &state, &err) ||
	    api_limit(req, 50, 200, &limit, &err) ||
	    ((v = http_query(req, "cursor")) && api_cursor_decode(v, 'n', &unused, &cursor, &err)))
		return http_reply_error(req, &err);
	struct store_conn *c = http_reader(req, &err);
	struct incident *items;
	int n, more;
	if (!c || store_incidents_list(c, state, cursor, limit, a, &items, &n, &more, &err))
		return http_reply_error(req, &err);
	json_t *arr = json_array();
	for (int k = 0; k < n; k++)
		json_array_append_new(arr, api_incident_json(&items[k]));
	const char *next = more && n ? api_cursor_encode(a, 'n', 0, items[n - 1].id) : NULL;
	return http_reply_json(req, 200, json_pack("{s:o,s:s?}", "items", arr, "next_cursor", next));
}

int incidents_proposals(struct http_request *req)
{
	struct kesu_err err = {0};
	struct arena *a = http_arena(req);
	const struct principal *p = http_principal(req);
	struct store_conn *c = http_reader(req, &err);
	struct incident *items;
	int n, more;
	if (!c || store_incidents_list(c, "proposed", 0, 100, a, &items, &n, &more, &err))
		return http_reply_error(req, &err);
	json_t *arr = json_array();
	for (int k = 0; k < n; k++) {
		struct complaint *cps;
		int nc;
		if (store_incident_complaints(c, items[k].id, 0, PROPOSAL_LISTED, a, &cps, &nc, &err)) {
			json_decref(arr);
			return http_reply_error(req, &err);
		}
		json_t *o = api_incident_json(&items[k]), *list = json_array();
		int seen = 0;
		for (int x = 0; x < nc; x++) {
			/* a proposal shows the caller the complaints they see */
			if (!authz_can(p, P_ALL_TEAMS) && !authz_team(p, cps[x].team_id))
				continue;
			seen++;
			json_array_append_new(list, json_pack("{s:I,s:s,s:s?,s:o}", "id",
							      (json_int_t)cps[x].id, "tracking_no",
							      cps[x].tracking_no, "content",
							      cps[x].v[CF_CONTENT] ? text_cut(cps[x].v[CF_CONTENT], 80, "…", a) : NULL,
							      "created_at",
							      api_time_json(cps[x].created_at)));
		}
		/* the proposal's complaints themselves; the count beside */
		json_object_set_new(o, "complaints", list);
		json_object_set_new(o, "complaints_count", json_integer(items[k].complaints));
		if (seen)
			json_array_append_new(arr, o);
		else
			json_decref(o);
	}
	return http_reply_json(req, 200, json_pack("{s:o}", "items", arr));
}

int incidents_get(struct http_request *req)
{
	struct kesu_err err = {0};
	struct arena *a = http_arena(req);
	int64_t id;
	struct incident i;
	struct incident_tally t;
	struct incident_event *ev;
	struct incident_message *ms;
	struct incident_remedy *rs;
	int ne, nm, nr;
	if (api_id(http_param(req, 0), &id, &err))
		return http_reply_error(req, &err);
	struct store_conn *c = http_reader(req, &err);
	if (!c || store_incident_get(c, id, a, &i, &err) || store_incident_tally(c, id, &t, &err) ||
	    store_incident_events(c, id, a, &ev, &ne, &err) ||
	    store_incident_messages(c, id, a, &ms, &nm, &err) ||
	    store_remedies_of(c, id, a, &rs, &nr, &err))
		return http_reply_error(req, &err);
	struct handling_notice n;
	int rc = store_notice_of(c, id, a, &n, &err);
	if (rc && rc != -KE_NOT_FOUND)
		return http_reply_error(req, &err);
	json_t *o = api_incident_json(&i);
	json_t *bs = json_object();
	for (int s = 0; s < ST__COUNT; s++)
		if (t.by_state[s])
			json_object_set_new(bs, state_name((enum complaint_state)s),
					    json_integer(t.by_state[s]));
	json_object_set_new(o, "tally",
			    json_pack("{s:o,s:I,s:I,s:o,s:I}", "by_state", bs, "rated",
				      (json_int_t)t.rated, "satisfied", (json_int_t)t.satisfied,
				      "rating_avg",
				      t.rated ? json_real((double)(int)(t.rating_sum / (double)t.rated * 100) / 100)
					      : json_null(),
				      "no_channel", (json_int_t)t.no_channel));
	/* a draft is its writers' until published */
	int shown = !rc && (!strcmp(n.state, "published") ||
			    authz_can(http_principal(req), P_COMPLAINT_ASSIGN));
	json_object_set_new(o, "notice", shown ? api_notice_json(&n, -1) : json_null());
	json_t *arr = json_array();
	for (int k = 0; k < nm; k++)
		json_array_append_new(arr, message_json(&ms[k]));
	json_object_set_new(o, "messages", arr);
	arr = json_array();
	for (int k = 0; k < nr; k++)
		json_array_append_new(arr, remedy_json(&rs[k]));
	json_object_set_new(o, "remedies", arr);
	arr = json_array();
	for (int k = 0; k < ne; k++) {
		json_t *d = json_loads(ev[k].data ? ev[k].data : "{}", 0, NULL);
		json_array_append_new(arr, json_pack("{s:I,s:s,s:s,s:o,s:o}", "id", (json_int_t)ev[k].id,
						     "kind", ev[k].kind, "actor", ev[k].actor, "at",
						     api_time_json(ev[k].at), "data",
						     d ? d : json_object()));
	}
	json_object_set_new(o, "history", arr);
	char etag[32];
	snprintf(etag, sizeof etag, "\"v%lld\"", (long long)i.version);
	http_add_header(req, "ETag", etag);
	return http_reply_json(req, 200, o);
}

int incidents_complaints(struct http_request *req)
{
	struct kesu_err err = {0};
	struct arena *a = http_arena(req);
	const struct principal *p = http_principal(req);
	int64_t id, cursor = 0, unused;
	int limit;
	const char *v;
	if (api_id(http_param(req, 0), &id, &err) || api_limit(req, 50, 200, &limit, &err) ||
	    ((v = http_query(req, "cursor")) && api_cursor_decode(v, 'k', &unused, &cursor, &err)))
		return http_reply_error(req, &err);
	struct store_conn *c = http_reader(req, &err);
	struct incident i;
	struct complaint *cps;
	int n;
	if (!c || store_incident_get(c, id, a, &i, &err) ||
	    store_incident_complaints(c, id, cursor, limit + 1, a, &cps, &n, &err))
		return http_reply_error(req, &err);
	int more = n > limit;
	if (more)
		n = limit;
	json_t *arr = json_array();
	for (int k = 0; k < n; k++)
		if (authz_can(p, P_ALL_TEAMS) || authz_team(p, cps[k].team_id))
			json_array_append_new(arr, api_complaint_json(p, &cps[k], NULL, a));
	const char *next = more && n ? api_cursor_encode(a, 'k', 0, cps[n - 1].id) : NULL;
	return http_reply_json(req, 200, json_pack("{s:o,s:s?,s:i}", "items", arr, "next_cursor",
						   next, "total", i.complaints));
}

int incidents_messages(struct http_request *req)
{
	struct kesu_err err = {0};
	struct arena *a = http_arena(req);
	int64_t id;
	struct incident i;
	struct incident_message *ms;
	int n;
	if (api_id(http_param(req, 0), &id, &err))
		return http_reply_error(req, &err);
	struct store_conn *c = http_reader(req, &err);
	if (!c || store_incident_get(c, id, a, &i, &err) ||
	    store_incident_messages(c, id, a, &ms, &n, &err))
		return http_reply_error(req, &err);
	json_t *arr = json_array();
	for (int k = 0; k < n; k++)
		json_array_append_new(arr, message_json(&ms[k]));
	return http_reply_json(req, 200, json_pack("{s:o}", "items", arr));
}
