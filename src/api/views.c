/*
 * views.c - what a reply shows of each record: one serializer per
 * resource, used by every route that returns it, writes included. Those
 * that carry a complainant's or customer's contact details mask them for
 * a caller without pii.view, so that no reply hands out what a GET would
 * hide.
 */
#include "api.h"

#include <stdlib.h>
#include <string.h>

#include "../auth/mask.h"
#include "../http/auth.h"
#include "../util/clock.h"

json_t *api_time_json(int64_t ms)
{
	char buf[40];
	return ms ? json_string(clock_format(ms, buf, sizeof buf)) : json_null();
}

json_t *api_complaint_json(const struct principal *p, const struct complaint *c,
			   const char *portal_token, struct arena *a)
{
	if (authz_can(p, P_PII_VIEW))
		return complaint_to_json(c, portal_token);
	struct complaint m = *c;
	mask_complaint(&m, a);
	return complaint_to_json(&m, portal_token);
}

int api_reply_complaint(struct http_request *req, int status, const struct complaint *c,
			const char *portal_token)
{
	char etag[32];
	complaint_etag(c, etag);
	http_add_header(req, "ETag", etag);
	return http_reply_json(req, status, api_complaint_json(http_principal(req), c,
							       portal_token, http_arena(req)));
}

json_t *api_customer_json(const struct principal *p, const struct customer *cu,
			  struct arena *a)
{
	if (authz_can(p, P_PII_VIEW))
		return customer_to_json(cu);
	struct customer m = *cu;
	mask_customer(&m, a);
	return customer_to_json(&m);
}

json_t *api_event_json(const struct principal *p, const struct event *e)
{
	char at[40];
	json_t *data = json_loads(e->data, 0, NULL);
	if (data && !authz_can(p, P_PII_VIEW))
		mask_event_data(data);
	return json_pack("{s:I,s:I,s:s,s:s,s:s?,s:s,s:o}", "id", (json_int_t)e->id, "complaint_id",
			 (json_int_t)e->complaint_id, "at", clock_format(e->at, at, sizeof at),
			 "actor", e->actor, "actor_name", e->actor_name, "kind", e->kind, "data",
			 data ? data : json_object());
}

json_t *api_plan_json(const struct plan *p)
{
	json_t *ids = p->compensation_ids ? json_loads(p->compensation_ids, 0, NULL) : NULL;
	return json_pack("{s:I,s:I,s:i,s:s,s:o,s:s,s:o,s:s,s:o,s:s?,s:o,s:s?,s:s?}", "id",
			 (json_int_t)p->id, "complaint_id", (json_int_t)p->complaint_id, "round",
			 p->round, "summary", p->summary, "compensation_ids",
			 ids ? ids : json_array(), "state", p->state, "revises",
			 p->revises ? json_integer(p->revises) : json_null(), "proposed_by",
			 p->proposed_by, "proposed_at", api_time_json(p->proposed_at), "answered_by",
			 p->answered_by, "answered_at", api_time_json(p->answered_at), "conditions",
			 p->conditions, "counter_offer", p->counter_offer);
}

json_t *api_demand_json(const struct demand_restatement *d)
{
	return json_pack("{s:I,s:I,s:s,s:s,s:s,s:s,s:o,s:s?,s:s?,s:o,s:s?}", "id",
			 (json_int_t)d->id, "complaint_id", (json_int_t)d->complaint_id,
			 "restatement", d->restatement, "target", d->target, "state", d->state,
			 "stated_by", d->stated_by, "stated_at",
			 api_time_json(d->stated_at), "answered_via", d->answered_via,
			 "answered_by", d->answered_by, "answered_at",
			 api_time_json(d->answered_at), "correction", d->correction);
}

json_t *api_appointment_json(const struct appointment *p)
{
	return json_pack("{s:I,s:I,s:s?,s:o,s:s,s:s,s:s?,s:I,s:s?,s:s,s:s?,s:o,s:s,s:o,s:s?,s:o}",
			 "id", (json_int_t)p->id, "complaint_id", (json_int_t)p->complaint_id,
			 "tracking_no", p->tracking_no, "at", api_time_json(p->at), "with",
			 p->with_whom, "channel", p->channel, "note", p->note, "owner_id",
			 (json_int_t)p->owner_id, "owner", p->owner, "state", p->state, "outcome",
			 p->outcome, "remind_at", api_time_json(p->remind_at), "created_by",
			 p->created_by, "created_at", api_time_json(p->created_at), "decided_by",
			 p->decided_by, "decided_at", api_time_json(p->decided_at));
}

json_t *api_identity_json(const struct identity_check *k)
{
	return json_pack("{s:s,s:s?,s:s,s:o}", "method", k->method, "note", k->note, "by",
			 k->checked_by, "at", api_time_json(k->checked_at));
}

json_t *api_apology_json(const struct apology *p)
{
	return json_pack("{s:I,s:s,s:s,s:o,s:s?,s:s}", "id", (json_int_t)p->id, "type", "apology",
			 "by", p->given_by, "at", api_time_json(p->given_at), "note", p->note,
			 "recorded_by", p->recorded_by);
}

json_t *api_compensation_json(const struct compensation *k)
{
	return json_pack("{s:I,s:I,s:s,s:I,s:s?,s:s,s:s?,s:o,s:s?,s:o,s:s?,s:s}", "id",
			 (json_int_t)k->id, "complaint_id", (json_int_t)k->complaint_id, "type",
			 k->type, "amount_fen", (json_int_t)k->amount_fen, "note", k->note, "state",
			 k->state, "proposed_by", k->proposer, "proposed_at",
			 api_time_json(k->proposed_at), "decided_by", k->decider, "decided_at",
			 api_time_json(k->decided_at), "decision_reason", k->decision_reason,
			 "purpose", k->purpose ? k->purpose : "remedy");
}

json_t *api_callback_json(const struct callback_rec *k)
{
	json_t *o = json_pack("{s:I,s:o,s:s,s:b,s:o,s:o,s:o,s:s?,s:s}", "id", (json_int_t)k->id,
			      "at",
			 api_time_json(k->at), "method", k->method, "reached", k->reached,
			 "satisfaction", k->satisfaction ? json_integer(k->satisfaction) : json_null(),
			 "business_satisfaction",
			 k->business_satisfaction ? json_integer(k->business_satisfaction) : json_null(),
			 "carried_out", k->carried_out ? json_boolean(k->carried_out == 1) : json_null(),
			 "advice", k->advice, "recorded_by", k->recorded_by);
	/* who made the call, and whether it was the duty holders' own (the
	 * customer's rating on the portal is neither) */
	json_object_set_new(o, "on_behalf_of",
			    k->on_behalf ? json_string("supervisors") : json_null());
	json_object_set_new(o, "by_duty_holder",
			    json_boolean(!k->on_behalf && strcmp(k->method, "portal") != 0));
	return o;
}

json_t *api_visit_json(const struct visit *v, int64_t now)
{
	json_t *o = json_pack("{s:I,s:I,s:s?,s:I,s:s?,s:o,s:i,s:i,s:s,s:o,s:s,s:o,s:s?,s:s,s:b}",
			      "id", (json_int_t)v->id, "customer_id", (json_int_t)v->customer_id,
			      "customer", v->customer, "complaint_id", (json_int_t)v->complaint_id,
			      "tracking_no", v->tracking_no, "team_id",
			      v->team_id ? json_integer(v->team_id) : json_null(), "seq", v->seq,
			      "times", v->times, "due_date", v->due_date, "due_at",
			      api_time_json(v->due_at), "method", v->method, "owner_id",
			      v->owner_id ? json_integer(v->owner_id) : json_null(), "owner",
			      v->owner, "state", v->state, "overdue",
			      strcmp(v->state, "done") != 0 && now >= v->due_at);
	json_object_set_new(o, "missed_at", api_time_json(v->missed_at));
	json_object_set_new(o, "outcome", v->outcome ? json_string(v->outcome) : json_null());
	json_object_set_new(o, "done_at", api_time_json(v->done_at));
	json_object_set_new(o, "done_by", v->done_by ? json_string(v->done_by) : json_null());
	json_object_set_new(o, "on_behalf_of",
			    v->on_behalf ? json_string("supervisors") : json_null());
	json_object_set_new(o, "recorded_at", api_time_json(v->recorded_at));
	return o;
}

json_t *api_task_json(const struct task *t, int64_t now)
{
	return json_pack("{s:I,s:I,s:I,s:s,s:s,s:i,s:o,s:s,s:b,s:s?,s:o,s:s?,s:s}", "id",
			 (json_int_t)t->id, "complaint_id", (json_int_t)t->complaint_id,
			 "department_id", (json_int_t)t->department_id, "department", t->department,
			 "what", t->what, "due_working_days", t->due_days, "due_at",
			 api_time_json(t->due_at), "state", t->state, "overdue",
			 strcmp(t->state, "open") == 0 && now > t->due_at, "answer", t->answer,
			 "answered_at", api_time_json(t->answered_at), "answered_by", t->answered_by,
			 "created_by", t->created_by);
}

json_t *api_bulk_done_json(const char *ref, const struct complaint *c)
{
	return json_pack("{s:s,s:I,s:s,s:s,s:o,s:I}", "ref", ref, "id", (json_int_t)c->id,
			 "tracking_no", c->tracking_no, "status", state_name(c->state),
			 "assignee_id", c->assignee_id ? json_integer(c->assignee_id) : json_null(),
			 "version", (json_int_t)c->version);
}

json_t *api_bulk_refused_json(const char *ref, const struct kesu_err *err)
{
	return json_pack("{s:s,s:o}", "ref", ref, "error", http_error_json(err));
}

json_t *api_saved_view_json(const struct saved_view *v)
{
	char at[40];
	json_t *filters = json_loads(v->filters, 0, NULL);
	return json_pack("{s:I,s:s,s:s,s:o,s:I,s:o,s:s}", "id", (json_int_t)v->id, "name", v->name,
			 "scope", v->scope, "team_id",
			 v->team_id ? json_integer(v->team_id) : json_null(), "owner_id",
			 (json_int_t)v->owner_id, "filters", filters ? filters : json_object(),
			 "created_at", clock_format(v->created_at, at, sizeof at));
}
