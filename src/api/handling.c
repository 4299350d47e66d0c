/*
 * handling.c - the routes of the handling details: plans and the
 * customer's answers, the three changes (hand over, move the channel,
 * appointments), identity checks, apologies, customer types, the cause
 * list and the routing table. The rules are in src/workflow/handling.c.
 */
#include "api.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../auth/roles.h"
#include "../http/auth.h"
#include "../util/clock.h"
#include "../workflow/workflow.h"

static json_t *time_json(int64_t ms)
{
	char buf[40];
	return ms ? json_string(clock_format(ms, buf, sizeof buf)) : json_null();
}

/* One action on one complaint (or on a record of one), run in the writer. */
struct act_job {
	struct store_job job;
	const char *ref;
	int64_t id, to_user, to_team;
	const char *s1, *s2, *s3; /* the action's texts */
	struct principal who;
	int64_t now;
	struct complaint cp, after;
	struct plan plan;
	struct appointment appt;
	struct identity_check identity;
	struct apology apology;
	json_t *out; /* the reply body, built by the run */
	int status;
	struct arena *a;
};

static struct act_job *act_new(struct http_request *req,
			       int (*run)(struct store_conn *, struct store_job *))
{
	struct arena *a = http_arena(req);
	struct act_job *j = arena_zalloc(a, sizeof *j);
	j->job.run = run;
	j->ref = http_param(req, 0);
	j->who = *http_principal(req);
	j->now = clock_now_ms();
	j->a = a;
	j->status = 201;
	return j;
}

static int act_finish(struct http_request *req, struct store_job *job)
{
	struct act_job *j = (struct act_job *)job;
	if (job->rc) {
		json_decref(j->out);
		return http_reply_error(req, &job->err);
	}
	return http_reply_json(req, j->status, j->out);
}

/* The body of an action: known keys only, an object. */
static json_t *act_body(struct http_request *req, const char *const *keys, struct kesu_err *err)
{
	json_t *body = http_body_json(req, err);
	if (body && api_known_keys(body, keys, err))
		return NULL;
	return body;
}

static int fail_reply(struct http_request *req, struct kesu_err *err, int code,
		      const char *field, const char *msg)
{
	kesu_fail(err, code, field, "%s", msg);
	return http_reply_error(req, err);
}

/* An optional positive integer member. */
static int int_member(json_t *body, const char *name, int64_t *out, struct kesu_err *err)
{
	json_t *v = json_object_get(body, name);
	*out = 0;
	if (!v || json_is_null(v))
		return 0;
	if (!json_is_integer(v) || json_integer_value(v) <= 0)
		return kesu_fail(err, KE_WRONG_TYPE, name, "must be a positive integer id");
	*out = json_integer_value(v);
	return 0;
}

/* --- plans ------------------------------------------------------------------------ */

json_t *api_plan_json(const struct plan *p)
{
	json_t *ids = p->compensation_ids ? json_loads(p->compensation_ids, 0, NULL) : NULL;
	return json_pack("{s:I,s:I,s:i,s:s,s:o,s:s,s:o,s:s,s:o,s:s?,s:o,s:s?,s:s?}", "id",
			 (json_int_t)p->id, "complaint_id", (json_int_t)p->complaint_id, "round",
			 p->round, "summary", p->summary, "compensation_ids",
			 ids ? ids : json_array(), "state", p->state, "revises",
			 p->revises ? json_integer(p->revises) : json_null(), "proposed_by",
			 p->proposed_by, "proposed_at", time_json(p->proposed_at), "answered_by",
			 p->answered_by, "answered_at", time_json(p->answered_at), "conditions",
			 p->conditions, "counter_offer", p->counter_offer);
}

static int plan_run(struct store_conn *c, struct store_job *job)
{
	struct act_job *j = (struct act_job *)job;
	int rc = api_complaint_visible(c, j->ref, &j->who, j->a, &j->cp, &job->err);
	if (!rc)
		rc = wf_plan_propose(c, &j->cp, &j->plan, j->who.actor, j->now, j->a, &job->err);
	if (!rc)
		j->out = api_plan_json(&j->plan);
	return rc;
}

int plans_create(struct http_request *req)
{
	static const char *const keys[] = {"summary", "compensation_ids", NULL};
	static const struct field_def summary = {NULL, "summary", "summary", FK_MULTILINE, 5000,
						 NULL, "what is proposed"};
	struct kesu_err err = {0};
	json_t *body = act_body(req, keys, &err);
	struct act_job *j = act_new(req, plan_run);
	if (!body || field_check(&summary, json_object_get(body, "summary"), j->now, j->a,
				 &j->plan.summary, &err))
		return http_reply_error(req, &err);
	if (!j->plan.summary)
		return fail_reply(req, &err, KE_MISSING_FIELD, "summary",
				  "is required: what is proposed to the customer");
	json_t *ids = json_object_get(body, "compensation_ids");
	if (ids && !json_is_null(ids)) {
		size_t i;
		json_t *v;
		int ok = json_is_array(ids) && json_array_size(ids) <= 50;
		json_array_foreach(ids, i, v) ok &= json_is_integer(v) && json_integer_value(v) > 0;
		if (!ok)
			return fail_reply(req, &err, KE_WRONG_TYPE, "compensation_ids",
					  "must be a list of up to 50 compensation ids");
		char *text = json_dumps(ids, JSON_COMPACT);
		j->plan.compensation_ids = arena_strdup(j->a, text);
		free(text);
	}
	return http_defer(req, &j->job, act_finish);
}

int plans_list(struct http_request *req)
{
	struct kesu_err err = {0};
	struct arena *a = http_arena(req);
	struct store_conn *c = http_reader(req, &err);
	struct complaint cp;
	struct plan *items;
	int n;
	if (!c || api_complaint_visible(c, http_param(req, 0), http_principal(req), a, &cp, &err) ||
	    store_plans_of(c, cp.id, a, &items, &n, &err))
		return http_reply_error(req, &err);
	json_t *arr = json_array();
	for (int i = 0; i < n; i++)
		json_array_append_new(arr, api_plan_json(&items[i]));
	return http_reply_json(req, 200, json_pack("{s:o}", "items", arr));
}

int api_plan_answer_body(json_t *body, struct arena *a, const char **answer,
			 const char **conditions, const char **counter_offer, struct kesu_err *err)
{
	static const char *const keys[] = {"answer", "conditions", "counter_offer", NULL};
	static const char *const answers[] = {"accepted", "declined", "counter_offer", NULL};
	static const struct field_def cond = {NULL, "conditions", "conditions", FK_MULTILINE,
					      2000, NULL, "the terms both sides agreed"};
	static const struct field_def counter = {NULL, "counter_offer", "counter_offer",
						 FK_MULTILINE, 2000, NULL, "what the customer asks"};
	if (api_known_keys(body, keys, err) || api_string(body, "answer", 1, 16, answer, err))
		return -err->code;
	if (!field_value_known(answers, *answer))
		return kesu_fail(err, KE_INVALID_VALUE, "answer",
				 "must be accepted, declined or counter_offer");
	int64_t now = clock_now_ms();
	if (field_check(&cond, json_object_get(body, "conditions"), now, a, conditions, err) ||
	    field_check(&counter, json_object_get(body, "counter_offer"), now, a, counter_offer,
			err))
		return -err->code;
	if (*counter_offer && strcmp(*answer, "counter_offer") != 0)
		return kesu_fail(err, KE_INVALID_VALUE, "counter_offer",
				 "goes with the answer counter_offer");
	return 0;
}

static int answer_run(struct store_conn *c, struct store_job *job)
{
	struct act_job *j = (struct act_job *)job;
	int rc = store_plan_get(c, j->id, j->a, &j->plan, &job->err);
	char ref[24];
	snprintf(ref, sizeof ref, "%lld", (long long)j->plan.complaint_id);
	if (!rc)
		rc = api_complaint_visible(c, ref, &j->who, j->a, &j->cp, &job->err);
	if (rc == -KE_NOT_FOUND)
		rc = kesu_fail(&job->err, KE_NOT_FOUND, "", "no plan %lld", (long long)j->id);
	if (!rc)
		rc = wf_plan_answer(c, &j->cp, &j->plan, j->s1, j->s2, j->s3, j->who.actor, j->now,
				    &job->err);
	if (!rc)
		j->out = api_plan_json(&j->plan);
	return rc;
}

int plans_answer(struct http_request *req)
{
	struct kesu_err err = {0};
	json_t *body = http_body_json(req, &err);
	struct act_job *j = act_new(req, answer_run);
	j->status = 200;
	if (!body || api_id(http_param(req, 0), &j->id, &err) ||
	    api_plan_answer_body(body, j->a, &j->s1, &j->s2, &j->s3, &err))
		return http_reply_error(req, &err);
	return http_defer(req, &j->job, act_finish);
}

/* --- the three changes -------------------------------------------------------------- */

static int handover_run(struct store_conn *c, struct store_job *job)
{
	struct act_job *j = (struct act_job *)job;
	int rc;
	if (authz_can(&j->who, P_COMPLAINT_READ)) {
		rc = api_complaint_visible(c, j->ref, &j->who, j->a, &j->cp, &job->err);
	} else {
		/* staff hand over what they registered, nothing else */
		int64_t id;
		char tracking[TRACKING_NO_MAX];
		rc = api_complaint_ref(j->ref, &id, tracking, &job->err);
		if (!rc)
			rc = store_complaint_get(c, id, tracking, j->a, &j->cp, &job->err);
		if (!rc && strcmp(j->cp.created_by, j->who.actor) != 0)
			rc = kesu_fail(&job->err, KE_NOT_FOUND, "", "no such complaint");
	}
	/* a colleague or supervisor of the team; another team is an
	 * assignment's decision, except for what staff registered */
	if (!rc && j->to_team && j->to_team != j->cp.team_id &&
	    authz_can(&j->who, P_COMPLAINT_READ) && !authz_can(&j->who, P_COMPLAINT_ASSIGN))
		rc = kesu_fail(&job->err, KE_FORBIDDEN, "to_team_id",
			       "handing over to another team needs complaint.assign: hand over to a colleague or supervisor of this team");
	if (!rc)
		rc = wf_handover(c, &j->cp, j->to_user, j->to_team, j->s1, j->who.actor, j->now,
				 j->a, &j->after, &job->err);
	if (!rc)
		j->out = json_pack("{s:s,s:I,s:o,s:I}", "tracking_no", j->after.tracking_no,
				   "team_id", (json_int_t)j->after.team_id, "assignee_id",
				   j->after.assignee_id ? json_integer(j->after.assignee_id)
							: json_null(),
				   "version", (json_int_t)j->after.version);
	return rc;
}

static const struct field_def note_field = {NULL, "note", "note", FK_MULTILINE, 2000, NULL,
					    "why"};

int complaints_handover(struct http_request *req)
{
	static const char *const keys[] = {"to_user_id", "to_team_id", "note", NULL};
	struct kesu_err err = {0};
	json_t *body = act_body(req, keys, &err);
	struct act_job *j = act_new(req, handover_run);
	j->status = 200;
	if (!body || int_member(body, "to_user_id", &j->to_user, &err) ||
	    int_member(body, "to_team_id", &j->to_team, &err) ||
	    field_check(&note_field, json_object_get(body, "note"), j->now, j->a, &j->s1, &err))
		return http_reply_error(req, &err);
	if (!j->to_user && !j->to_team)
		return fail_reply(req, &err, KE_MISSING_FIELD, "to_user_id",
				  "say to whom: to_user_id (a colleague or supervisor) or to_team_id");
	if (!j->s1)
		return fail_reply(req, &err, KE_MISSING_FIELD, "note",
				  "is required: what the next person needs to know");
	return http_defer(req, &j->job, act_finish);
}

static int move_run(struct store_conn *c, struct store_job *job)
{
	struct act_job *j = (struct act_job *)job;
	int rc = api_complaint_visible(c, j->ref, &j->who, j->a, &j->cp, &job->err);
	if (!rc)
		rc = wf_channel_move(c, &j->cp, j->s1, j->s2, j->who.actor, j->now, &j->after,
				     &job->err);
	if (!rc)
		j->out = json_pack("{s:s,s:s,s:I}", "tracking_no", j->after.tracking_no,
				   "conversation_channel", j->s1, "version",
				   (json_int_t)j->after.version);
	return rc;
}

int complaints_channel_move(struct http_request *req)
{
	static const char *const keys[] = {"channel", "note", NULL};
	struct kesu_err err = {0};
	json_t *body = act_body(req, keys, &err);
	struct act_job *j = act_new(req, move_run);
	j->status = 200;
	if (!body || api_string(body, "channel", 1, 16, &j->s1, &err) ||
	    field_check(&note_field, json_object_get(body, "note"), j->now, j->a, &j->s2, &err))
		return http_reply_error(req, &err);
	if (!field_value_known(complaint_conversation_channels, j->s1))
		return fail_reply(req, &err, KE_INVALID_VALUE, "channel",
				  "must be one of: phone, sms, email, chat, video, in_person, visit");
	return http_defer(req, &j->job, act_finish);
}

static json_t *appt_json(const struct appointment *p)
{
	return json_pack("{s:I,s:I,s:s?,s:o,s:s,s:s,s:s?,s:I,s:s?,s:s,s:s?,s:o,s:s,s:o,s:s?,s:o}",
			 "id", (json_int_t)p->id, "complaint_id", (json_int_t)p->complaint_id,
			 "tracking_no", p->tracking_no, "at", time_json(p->at), "with",
			 p->with_whom, "channel", p->channel, "note", p->note, "owner_id",
			 (json_int_t)p->owner_id, "owner", p->owner, "state", p->state, "outcome",
			 p->outcome, "remind_at", time_json(p->remind_at), "created_by",
			 p->created_by, "created_at", time_json(p->created_at), "decided_by",
			 p->decided_by, "decided_at", time_json(p->decided_at));
}

static int appt_run(struct store_conn *c, struct store_job *job)
{
	struct act_job *j = (struct act_job *)job;
	int rc = api_complaint_visible(c, j->ref, &j->who, j->a, &j->cp, &job->err);
	if (!rc)
		rc = wf_appointment_create(c, &j->cp, &j->appt, j->now, &job->err);
	if (!rc)
		rc = store_appointment_get(c, j->appt.id, j->a, &j->appt, &job->err);
	if (!rc)
		j->out = appt_json(&j->appt);
	return rc;
}

int appointments_create(struct http_request *req)
{
	static const char *const keys[] = {"at", "with", "channel", "note", "owner_id", NULL};
	static const char *const channels[] = {"phone", "sms", "email", "chat", "video",
					       "in_person", "visit", NULL};
	static const struct field_def with = {NULL, "with", "with", FK_TEXT, 200, NULL,
					      "with whom"};
	struct kesu_err err = {0};
	json_t *body = act_body(req, keys, &err);
	struct act_job *j = act_new(req, appt_run);
	const char *at;
	if (!body || api_string(body, "at", 1, 40, &at, &err) ||
	    field_check(&with, json_object_get(body, "with"), j->now, j->a, &j->appt.with_whom,
			&err) ||
	    api_string(body, "channel", 1, 16, &j->appt.channel, &err) ||
	    field_check(&note_field, json_object_get(body, "note"), j->now, j->a, &j->appt.note,
			&err) ||
	    int_member(body, "owner_id", &j->appt.owner_id, &err))
		return http_reply_error(req, &err);
	/* domain.md 3: an exact time. RFC 3339 takes only a full date-time
	 * with its offset: "tomorrow", a bare date or a zoneless time fail */
	if (clock_parse_rfc3339(at, &j->appt.at))
		return fail_reply(req, &err, KE_INVALID_VALUE, "at",
				  "must be an exact date and time with its offset, such as 2026-12-03T15:00:00+08:00 (not \"tomorrow\" or a bare date)");
	if (!j->appt.with_whom)
		return fail_reply(req, &err, KE_MISSING_FIELD, "with",
				  "is required: with whom (the customer, a relative, the store...)");
	if (!field_value_known(channels, j->appt.channel))
		return fail_reply(req, &err, KE_INVALID_VALUE, "channel",
				  "must be one of: phone, sms, email, chat, video, in_person, visit");
	if (!j->appt.owner_id)
		j->appt.owner_id = j->who.user_id;
	j->appt.created_by = j->who.actor;
	return http_defer(req, &j->job, act_finish);
}

int appointments_list(struct http_request *req)
{
	struct kesu_err err = {0};
	struct arena *a = http_arena(req);
	struct store_conn *c = http_reader(req, &err);
	struct complaint cp;
	struct appointment *items;
	int n;
	if (!c || api_complaint_visible(c, http_param(req, 0), http_principal(req), a, &cp, &err) ||
	    store_appointments_of(c, cp.id, a, &items, &n, &err))
		return http_reply_error(req, &err);
	json_t *arr = json_array();
	for (int i = 0; i < n; i++)
		json_array_append_new(arr, appt_json(&items[i]));
	return http_reply_json(req, 200, json_pack("{s:o}", "items", arr));
}

static int outcome_run(struct store_conn *c, struct store_job *job)
{
	struct act_job *j = (struct act_job *)job;
	int rc = store_appointment_get(c, j->id, j->a, &j->appt, &job->err);
	if (!rc && !authz_team(&j->who, j->appt.team_id))
		rc = kesu_fail(&job->err, KE_NOT_FOUND, "", "no appointment %lld", (long long)j->id);
	if (!rc)
		rc = wf_appointment_outcome(c, &j->appt, j->s1, j->s2, j->who.actor, j->now,
					    &job->err);
	if (!rc)
		j->out = appt_json(&j->appt);
	return rc;
}

int appointments_outcome(struct http_request *req)
{
	static const char *const keys[] = {"state", "outcome", NULL};
	static const char *const states[] = {"done", "missed", "cancelled", NULL};
	static const struct field_def outcome = {NULL, "outcome", "outcome", FK_MULTILINE, 2000,
						 NULL, "what came of it"};
	struct kesu_err err = {0};
	json_t *body = act_body(req, keys, &err);
	struct act_job *j = act_new(req, outcome_run);
	j->status = 200;
	if (!body || api_id(http_param(req, 0), &j->id, &err) ||
	    api_string(body, "state", 1, 16, &j->s1, &err) ||
	    field_check(&outcome, json_object_get(body, "outcome"), j->now, j->a, &j->s2, &err))
		return http_reply_error(req, &err);
	if (!field_value_known(states, j->s1))
		return fail_reply(req, &err, KE_INVALID_VALUE, "state",
				  "must be done, missed or cancelled");
	if (!j->s2 && strcmp(j->s1, "cancelled") != 0)
		return fail_reply(req, &err, KE_MISSING_FIELD, "outcome",
				  "is required: what came of the appointment");
	return http_defer(req, &j->job, act_finish);
}

/* --- identity and apologies ----------------------------------------------------------- */

json_t *api_identity_json(const struct identity_check *k)
{
	return json_pack("{s:s,s:s?,s:s,s:o}", "method", k->method, "note", k->note, "by",
			 k->checked_by, "at", time_json(k->checked_at));
}

static int identity_run(struct store_conn *c, struct store_job *job)
{
	struct act_job *j = (struct act_job *)job;
	int rc = api_complaint_visible(c, j->ref, &j->who, j->a, &j->cp, &job->err);
	if (!rc)
		rc = wf_identity_confirm(c, &j->cp, &j->identity, j->now, &job->err);
	if (!rc)
		j->out = api_identity_json(&j->identity);
	return rc;
}

int complaints_identity(struct http_request *req)
{
	static const char *const keys[] = {"method", "note", NULL};
	static const char *const methods[] = {"order_number", "phone_verification", "in_person",
					      NULL};
	struct kesu_err err = {0};
	json_t *body = act_body(req, keys, &err);
	struct act_job *j = act_new(req, identity_run);
	if (!body || api_string(body, "method", 1, 32, &j->identity.method, &err) ||
	    field_check(&note_field, json_object_get(body, "note"), j->now, j->a,
			&j->identity.note, &err))
		return http_reply_error(req, &err);
	if (!field_value_known(methods, j->identity.method))
		return fail_reply(req, &err, KE_INVALID_VALUE, "method",
				  "must be order_number, phone_verification or in_person");
	j->identity.checked_by = j->who.actor;
	return http_defer(req, &j->job, act_finish);
}

json_t *api_apology_json(const struct apology *p)
{
	return json_pack("{s:I,s:s,s:s,s:o,s:s?,s:s}", "id", (json_int_t)p->id, "type", "apology",
			 "by", p->given_by, "at", time_json(p->given_at), "note", p->note,
			 "recorded_by", p->recorded_by);
}

static int apology_run(struct store_conn *c, struct store_job *job)
{
	struct act_job *j = (struct act_job *)job;
	int rc = api_complaint_visible(c, j->ref, &j->who, j->a, &j->cp, &job->err);
	if (!rc)
		rc = wf_apology(c, &j->cp, &j->apology, &job->err);
	if (!rc)
		j->out = api_apology_json(&j->apology);
	return rc;
}

int complaints_apology(struct http_request *req)
{
	static const char *const keys[] = {"by", "at", "note", NULL};
	static const struct field_def by = {NULL, "by", "by", FK_TEXT, 100, NULL, "who apologised"};
	struct kesu_err err = {0};
	json_t *body = act_body(req, keys, &err);
	struct act_job *j = act_new(req, apology_run);
	const char *at;
	if (!body || field_check(&by, json_object_get(body, "by"), j->now, j->a,
				 &j->apology.given_by, &err) ||
	    api_string(body, "at", 0, 40, &at, &err) ||
	    field_check(&note_field, json_object_get(body, "note"), j->now, j->a, &j->apology.note,
			&err))
		return http_reply_error(req, &err);
	j->apology.given_at = j->now;
	if (at && (clock_parse_rfc3339(at, &j->apology.given_at) ||
		   j->apology.given_at > j->now + 60000))
		return fail_reply(req, &err, KE_INVALID_VALUE, "at",
				  "must be an RFC 3339 time, not in the future");
	if (!j->apology.given_by)
		j->apology.given_by = j->who.username;
	j->apology.recorded_by = j->who.actor;
	j->apology.recorded_at = j->now;
	return http_defer(req, &j->job, act_finish);
}

/* --- customer types ---------------------------------------------------------------------- */

struct type_job {
	struct store_job job;
	int64_t id, cap, now;
	const char *type;
	int set_type, set_cap;
	struct principal who;
	struct customer cu;
	struct arena *a;
};

static int type_run(struct store_conn *c, struct store_job *job)
{
	struct type_job *j = (struct type_job *)job;
	int rc = store_customer_get(c, j->id, j->a, &j->cu, &job->err);
	if (rc)
		return rc;
	const char *type = j->set_type ? j->type : j->cu.customer_type;
	int64_t cap = j->set_cap ? j->cap : j->cu.concession_cap_fen;
	if (cap >= 0 && strcmp(type, "difficult") != 0)
		return kesu_fail(&job->err, KE_INVALID_VALUE, "concession_cap_fen",
				 "is for a difficult customer (customer_type difficult)");
	if ((rc = store_customer_set_type(c, j->id, type, cap, j->now, &job->err)))
		return rc;
	char target[40];
	snprintf(target, sizeof target, "customer:%lld", (long long)j->id);
	json_t *d = json_pack("{s:s,s:o}", "customer_type", type, "concession_cap_fen",
			      cap >= 0 ? json_integer(cap) : json_null());
	rc = api_security_event(c, j->who.actor, NULL, j->now, "customer_type_set", target, d,
				&job->err);
	json_decref(d);
	j->cu.customer_type = type;
	j->cu.concession_cap_fen = cap;
	return rc;
}

static int type_finish(struct http_request *req, struct store_job *job)
{
	struct type_job *j = (struct type_job *)job;
	if (job->rc)
		return http_reply_error(req, &job->err);
	json_t *o = json_pack("{s:I,s:s,s:o}", "id", (json_int_t)j->cu.id, "customer_type",
			      j->cu.customer_type, "concession_cap_fen",
			      j->cu.concession_cap_fen >= 0 ? json_integer(j->cu.concession_cap_fen)
							    : json_null());
	return http_reply_json(req, 200, o);
}

int customers_patch(struct http_request *req)
{
	static const char *const keys[] = {"customer_type", "concession_cap_fen", NULL};
	struct kesu_err err = {0};
	struct arena *a = http_arena(req);
	json_t *body = act_body(req, keys, &err);
	struct type_job *j = arena_zalloc(a, sizeof *j);
	if (!body || api_id(http_param(req, 0), &j->id, &err) ||
	    api_string(body, "customer_type", 0, 32, &j->type, &err))
		return http_reply_error(req, &err);
	j->set_type = j->type != NULL;
	if (j->type && !field_value_known(customer_types, j->type))
		return fail_reply(req, &err, KE_INVALID_VALUE, "customer_type",
				  "must be normal, wants_to_be_heard, needs_explanation, difficult or expert");
	json_t *cap = json_object_get(body, "concession_cap_fen");
	if (cap) {
		if (!json_is_null(cap) && (!json_is_integer(cap) || json_integer_value(cap) < 0))
			return fail_reply(req, &err, KE_WRONG_TYPE, "concession_cap_fen",
					  "must be an amount in fen (0 or more), or null for none");
		/* a cap decides what others may grant: an approver sets it */
		if (!authz_can(http_principal(req), P_COMPENSATION_APPROVE))
			return fail_reply(req, &err, KE_FORBIDDEN, "concession_cap_fen",
					  "setting a concession cap needs compensation.approve");
		j->set_cap = 1;
		j->cap = json_is_null(cap) ? -1 : json_integer_value(cap);
	}
	if (!j->set_type && !j->set_cap)
		return fail_reply(req, &err, KE_MISSING_FIELD, "customer_type",
				  "send customer_type and/or concession_cap_fen");
	struct store_conn *c = http_reader(req, &err);
	struct customer cu;
	const struct principal *p = http_principal(req);
	int seen = 1;
	if (!c || store_customer_get(c, j->id, a, &cu, &err) ||
	    (!authz_can(p, P_ALL_TEAMS) &&
	     store_customer_seen_by(c, j->id, p->teams, p->nteams, &seen, &err)))
		return http_reply_error(req, &err);
	if (!seen)
		return fail_reply(req, &err, KE_NOT_FOUND, "", "no such customer");
	j->who = *p;
	j->now = clock_now_ms();
	j->a = a;
	j->job.run = type_run;
	return http_defer(req, &j->job, type_finish);
}

/* --- the cause list and the routing table -------------------------------------------- */

int causes_get(struct http_request *req)
{
	struct kesu_err err = {0};
	struct store_conn *c = http_reader(req, &err);
	struct wf_causes *cs = arena_alloc(http_arena(req), sizeof *cs);
	if (!c || wf_causes_read(c, cs, &err))
		return http_reply_error(req, &err);
	return http_reply_json(req, 200, wf_causes_to_json(cs));
}

struct setting_job {
	struct store_job job;
	json_t *doc; /* the new document, checked */
	struct wf_causes *causes;
	const char *actor, *kind;
	int64_t now;
};

static int causes_run(struct store_conn *c, struct store_job *job)
{
	struct setting_job *j = (struct setting_job *)job;
	/* a cause in use stays in the list (retire it with active: false) */
	struct wf_causes *old = malloc(sizeof *old);
	int rc = wf_causes_read(c, old, &job->err);
	for (int i = 0; !rc && i < old->n; i++) {
		int64_t n = 0;
		if (wf_cause_find(j->causes, old->item[i].key))
			continue;
		if ((rc = store_cause_uses(c, old->item[i].key, &n, &job->err)))
			break;
		if (n)
			rc = kesu_fail(&job->err, KE_CONFLICT, "causes",
				       "%s is the cause of %lld complaints: keep it, with active false to retire it",
				       old->item[i].key, (long long)n);
	}
	free(old);
	char *text = json_dumps(j->doc, JSON_COMPACT);
	if (!rc)
		rc = store_setting_put(c, "causes", text, &job->err);
	free(text);
	if (!rc)
		rc = api_security_event(c, j->actor, NULL, j->now, j->kind, "causes", NULL,
					&job->err);
	return rc;
}

static int setting_finish(struct http_request *req, struct store_job *job)
{
	struct setting_job *j = (struct setting_job *)job;
	if (job->rc) {
		json_decref(j->doc);
		return http_reply_error(req, &job->err);
	}
	return http_reply_json(req, 200, j->doc);
}

int causes_put(struct http_request *req)
{
	struct kesu_err err = {0};
	struct arena *a = http_arena(req);
	json_t *body = http_body_json(req, &err);
	struct setting_job *j = arena_zalloc(a, sizeof *j);
	j->causes = arena_alloc(a, sizeof *j->causes);
	if (!body || wf_causes_from_json(body, j->causes, &err))
		return http_reply_error(req, &err);
	j->doc = wf_causes_to_json(j->causes);
	j->actor = arena_strdup(a, http_principal(req)->actor);
	j->kind = "causes_changed";
	j->now = clock_now_ms();
	j->job.run = causes_run;
	return http_defer(req, &j->job, setting_finish);
}

int routing_get(struct http_request *req)
{
	struct kesu_err err = {0};
	struct store_conn *c = http_reader(req, &err);
	json_t *doc;
	if (!c || wf_routing_read(c, &doc, &err))
		return http_reply_error(req, &err);
	return http_reply_json(req, 200, doc);
}

struct routing_job {
	struct setting_job s;
	json_t *body;
};

static int routing_run(struct store_conn *c, struct store_job *job)
{
	struct routing_job *j = (struct routing_job *)job;
	/* checked in the writer: the teams and causes it names exist now */
	int rc = wf_routing_check(c, j->body, &j->s.doc, &job->err);
	char *text = rc ? NULL : json_dumps(j->s.doc, JSON_COMPACT);
	if (!rc)
		rc = store_setting_put(c, "routing", text, &job->err);
	free(text);
	if (!rc)
		wf_routing_changed(); /* the writer's cache: reread at the next registration */
	if (!rc)
		rc = api_security_event(c, j->s.actor, NULL, j->s.now, j->s.kind, "routing", NULL,
					&job->err);
	return rc;
}

int routing_put(struct http_request *req)
{
	struct kesu_err err = {0};
	struct arena *a = http_arena(req);
	json_t *body = http_body_json(req, &err);
	if (!body)
		return http_reply_error(req, &err);
	struct routing_job *j = arena_zalloc(a, sizeof *j);
	j->body = body;
	j->s.actor = arena_strdup(a, http_principal(req)->actor);
	j->s.kind = "routing_changed";
	j->s.now = clock_now_ms();
	j->s.job.run = routing_run;
	return http_defer(req, &j->s.job, setting_finish);
}
