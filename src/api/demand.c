/*
 * demand.c - the customer's demand restated by the agent and confirmed
 * or corrected by the customer (复述, 设定目标): the agent records the
 * restatement and the target outcome, and the answer the customer gave
 * on a call (or another way the agent heard it); the customer's own
 * answer comes through the status page (portal.c) or a reply (mail).
 */
#include "api.h"

#include <stdio.h>
#include <string.h>

#include "../util/clock.h"

#define RESTATEMENTS_SHOWN 50

static const struct field_def correction_field = {
	NULL, "correction", "correction", FK_MULTILINE, 2000, NULL,
	"what the customer wants instead"};

int api_demand_answer_body(json_t *body, struct arena *a, const char **answer,
			   const char **correction, struct kesu_err *err)
{
	if (api_string(body, "answer", 1, 16, answer, err))
		return -err->code;
	if (enum_input(en_demand_answer, *answer) < 0)
		return kesu_fail(err, KE_INVALID_VALUE, "answer", "must be confirmed or corrected");
	if (field_check(&correction_field, json_object_get(body, "correction"), clock_now_ms(),
			a, correction, err))
		return -err->code;
	if (*correction && strcmp(*answer, "confirmed") == 0)
		return kesu_fail(err, KE_INVALID_VALUE, "correction",
				 "goes with the answer corrected");
	if (!*correction && strcmp(*answer, "corrected") == 0)
		return kesu_fail(err, KE_MISSING_FIELD, "correction",
				 "is required for a correction: what the customer wants instead");
	return 0;
}

struct demand_act {
	struct api_act act;
	struct demand_restatement d;
	const char *answer, *correction, *via;
};

static int restate(struct store_conn *c, struct api_act *j, struct kesu_err *err)
{
	struct demand_act *p = (struct demand_act *)j;
	int rc = wf_demand_restate(c, &j->cp, &p->d, &j->as, j->now, j->a, err);
	if (!rc)
		j->out = api_demand_json(&p->d);
	return rc;
}

int demand_restate(struct http_request *req)
{
	static const char *const keys[] = {"restatement", "target", NULL};
	static const struct field_def restatement = {
		NULL, "restatement", "restatement", FK_MULTILINE, 2000, NULL,
		"what the customer wants, in the agent's words"};
	static const struct field_def target = {NULL, "target", "target", FK_MULTILINE, 1000,
						NULL, "the outcome the handling aims for"};
	struct kesu_err err = {0};
	json_t *body = api_body(req, keys, &err);
	struct demand_act *p = (struct demand_act *)api_act_new(req, sizeof *p, restate);
	if (!body ||
	    field_check(&restatement, json_object_get(body, "restatement"), p->act.now, p->act.a,
			&p->d.restatement, &err) ||
	    field_check(&target, json_object_get(body, "target"), p->act.now, p->act.a,
			&p->d.target, &err))
		return http_reply_error(req, &err);
	if (!p->d.restatement)
		return api_fail(req, KE_MISSING_FIELD, "restatement",
				"is required: what the customer wants, as you understood it");
	if (!p->d.target)
		return api_fail(req, KE_MISSING_FIELD, "target",
				"is required: the outcome the handling aims for");
	return api_act_defer(req, &p->act);
}

static int demands_of(struct store_conn *c, const struct complaint *cp, struct arena *a,
		      json_t *items, struct kesu_err *err)
{
	struct demand_restatement *d;
	int n;
	int rc = store_demands_of(c, cp->id, RESTATEMENTS_SHOWN, a, &d, &n, err);
	for (int i = 0; !rc && i < n; i++)
		json_array_append_new(items, api_demand_json(&d[i]));
	return rc;
}

int demand_list(struct http_request *req)
{
	return api_reply_records(req, demands_of);
}

static int answer(struct store_conn *c, struct api_act *j, struct kesu_err *err)
{
	struct demand_act *p = (struct demand_act *)j;
	int rc = store_demand_get(c, j->id, j->a, &p->d, err);
	char ref[24];
	snprintf(ref, sizeof ref, "%lld", (long long)p->d.complaint_id);
	if (!rc)
		rc = api_complaint_visible(c, ref, &j->who, j->a, &j->cp, err);
	if (rc == -KE_NOT_FOUND)
		rc = kesu_fail(err, KE_NOT_FOUND, "", "no restatement %lld", (long long)j->id);
	if (!rc)
		rc = wf_demand_answer(c, &j->cp, &p->d, p->answer, p->correction, p->via, &j->as,
				      j->now, err);
	if (!rc)
		j->out = api_demand_json(&p->d);
	return rc;
}

int demand_answer(struct http_request *req)
{
	static const char *const keys[] = {"answer", "correction", "via", NULL};
	struct kesu_err err = {0};
	json_t *body = api_body(req, keys, &err);
	struct demand_act *p = (struct demand_act *)api_act_new(req, sizeof *p, answer);
	p->act.ref = NULL; /* the restatement names its complaint */
	p->act.status = 200;
	if (!body || api_id(http_param(req, 0), &p->act.id, &err) ||
	    api_demand_answer_body(body, p->act.a, &p->answer, &p->correction, &err) ||
	    api_string(body, "via", 1, 16, &p->via, &err))
		return http_reply_error(req, &err);
	/* the customer's own ways (the status page, a reply) record themselves */
	if (enum_input(en_conversation_channel, p->via) < 0 || strcmp(p->via, "email") == 0)
		return api_fail(req, KE_INVALID_VALUE, "via",
				"must be how you heard the customer: phone, sms, chat, video, "
				"in_person or visit");
	return api_act_defer(req, &p->act);
}
