/*
 * plans.c - resolution plans agreed with the customer (domain.md 6): an
 * agent proposes one, the customer's answer (accepted, declined, counter
 * offer) is recorded by the agent who took it or by the customer on the
 * status page (portal.c).
 */
#include "api.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../util/clock.h"

struct plan_act {
	struct api_act act;
	struct plan plan;
	const char *answer, *conditions, *counter_offer;
	const char *unconfirmed_reason;
	struct wf_progress *progress;
};

static int propose(struct store_conn *c, struct api_act *j, struct kesu_err *err)
{
	struct plan_act *p = (struct plan_act *)j;
	int rc = wf_plan_propose(c, &j->cp, &p->plan, p->unconfirmed_reason, p->progress, &j->as,
				 j->now, j->a, err);
	if (!rc)
		j->out = api_plan_json(&p->plan);
	return rc;
}

int plans_create(struct http_request *req)
{
	static const char *const keys[] = {"summary", "compensation_ids",
					   "demand_unconfirmed_reason", "progress", NULL};
	static const struct field_def summary = {NULL, "summary", "summary", FK_MULTILINE, 5000,
						 NULL, "what is proposed"};
	static const struct field_def reason = {
		NULL, "demand_unconfirmed_reason", "demand_unconfirmed_reason", FK_MULTILINE, 1000,
		NULL, "why the plan goes ahead on a demand the customer did not confirm"};
	struct kesu_err err = {0};
	json_t *body = api_body(req, keys, &err);
	struct plan_act *p = (struct plan_act *)api_act_new(req, sizeof *p, propose);
	if (!body || field_check(&summary, json_object_get(body, "summary"), p->act.now, p->act.a,
				 &p->plan.summary, &err) ||
	    field_check(&reason, json_object_get(body, "demand_unconfirmed_reason"), p->act.now,
			p->act.a, &p->unconfirmed_reason, &err) ||
	    api_progress(body, p->act.a, &p->progress, &err))
		return http_reply_error(req, &err);
	if (!p->plan.summary)
		return api_fail(req, KE_MISSING_FIELD, "summary",
				"is required: what is proposed to the customer");
	json_t *ids = json_object_get(body, "compensation_ids");
	if (ids && !json_is_null(ids)) {
		size_t i;
		json_t *v;
		int ok = json_is_array(ids) && json_array_size(ids) <= 50;
		json_array_foreach(ids, i, v) ok &= json_is_integer(v) && json_integer_value(v) > 0;
		if (!ok)
			return api_fail(req, KE_WRONG_TYPE, "compensation_ids",
					"must be a list of up to 50 compensation ids");
		char *text = json_dumps(ids, JSON_COMPACT);
		p->plan.compensation_ids = arena_strdup(p->act.a, text);
		free(text);
	}
	return api_act_defer(req, &p->act);
}

static int plans_of(struct store_conn *c, const struct complaint *cp, struct arena *a,
			json_t *items, struct kesu_err *err)
{
	struct plan *k;
	int n;
	int rc = store_plans_of(c, cp->id, a, &k, &n, err);
	for (int i = 0; !rc && i < n; i++)
		json_array_append_new(items, api_plan_json(&k[i]));
	return rc;
}

int plans_list(struct http_request *req)
{
	return api_reply_records(req, plans_of);
}

int api_plan_answer_body(json_t *body, struct arena *a, const char **answer,
			 const char **conditions, const char **counter_offer, struct kesu_err *err)
{
	static const char *const keys[] = {"answer", "conditions", "counter_offer", NULL};
	static const struct field_def cond = {NULL, "conditions", "conditions", FK_MULTILINE,
					      2000, NULL, "the terms both sides agreed"};
	static const struct field_def counter = {NULL, "counter_offer", "counter_offer",
						 FK_MULTILINE, 2000, NULL, "what the customer asks"};
	if (api_known_keys(body, keys, err) || api_string(body, "answer", 1, 16, answer, err))
		return -err->code;
	if (enum_input(en_plan_answer, *answer) < 0)
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

static int answer(struct store_conn *c, struct api_act *j, struct kesu_err *err)
{
	struct plan_act *p = (struct plan_act *)j;
	int rc = store_plan_get(c, j->id, j->a, &p->plan, err);
	char ref[24];
	snprintf(ref, sizeof ref, "%lld", (long long)p->plan.complaint_id);
	if (!rc)
		rc = api_complaint_visible(c, ref, &j->who, j->a, &j->cp, err);
	if (rc == -KE_NOT_FOUND)
		rc = kesu_fail(err, KE_NOT_FOUND, "", "no plan %lld", (long long)j->id);
	if (!rc)
		rc = wf_plan_answer(c, &j->cp, &p->plan, p->answer, p->conditions, p->counter_offer,
				    &j->as, j->now, err);
	if (!rc)
		j->out = api_plan_json(&p->plan);
	return rc;
}

int plans_answer(struct http_request *req)
{
	struct kesu_err err = {0};
	json_t *body = http_body_json(req, &err);
	struct plan_act *p = (struct plan_act *)api_act_new(req, sizeof *p, answer);
	p->act.ref = NULL; /* the plan names its complaint */
	p->act.status = 200;
	if (!body || api_id(http_param(req, 0), &p->act.id, &err) ||
	    api_plan_answer_body(body, p->act.a, &p->answer, &p->conditions, &p->counter_offer,
				 &err))
		return http_reply_error(req, &err);
	return api_act_defer(req, &p->act);
}
