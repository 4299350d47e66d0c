/*
 * compensations.c - compensation within authority: proposals on a
 * complaint, decisions on those above the proposer's limit, the ledger of
 * a complaint and the totals of a period. The rules are in
 * src/workflow/compensate.c.
 */
#include "api.h"

#include <stdio.h>
#include <string.h>

#include "../auth/roles.h"
#include "../http/auth.h"
#include "../util/clock.h"
#include "../workflow/workflow.h"

#define AMOUNT_MAX 100000000000LL

struct comp_job {
	struct store_job job;
	const char *ref;
	int64_t id;
	int approve, replayed;
	const char *reason;
	struct principal who;
	struct wf_actor as;
	struct compensation k;
	int64_t now;
	struct arena *a;
};


static int propose_run(struct store_conn *c, struct store_job *job)
{
	struct comp_job *j = (struct comp_job *)job;
	struct complaint cp;
	int rc = api_complaint_visible(c, j->ref, &j->who, j->a, &cp, &job->err);
	if (rc)
		return rc;
	if ((rc = wf_grant(c, &cp, &j->as, &j->k, j->now, j->a, &j->replayed, &job->err)))
		return rc;
	/* the names come with a fresh read */
	return store_compensation_get(c, j->k.id, j->a, &j->k, &job->err);
}

static int comp_finish(struct http_request *req, struct store_job *job)
{
	struct comp_job *j = (struct comp_job *)job;
	if (job->rc)
		return http_reply_error(req, &job->err);
	if (j->replayed)
		http_add_header(req, "Idempotent-Replayed", "true");
	return http_reply_json(req, j->ref && !j->replayed ? 201 : 200, api_compensation_json(&j->k));
}

int compensations_propose(struct http_request *req)
{
	static const char *const keys[] = {"type", "amount_fen", "note", "purpose", NULL};
	struct kesu_err err = {0};
	struct arena *a = http_arena(req);
	json_t *body = http_body_json(req, &err);
	struct comp_job *j = arena_zalloc(a, sizeof *j);
	if (!body || api_known_keys(body, keys, &err) ||
	    api_string(body, "type", 1, 16, &j->k.type, &err) ||
	    api_string(body, "note", 0, 2000, &j->k.note, &err) ||
	    api_string(body, "purpose", 0, 16, &j->k.purpose, &err))
		return http_reply_error(req, &err);
	if (j->k.purpose && strcmp(j->k.purpose, "remedy") != 0 &&
	    strcmp(j->k.purpose, "goodwill") != 0)
		return api_fail(req, KE_INVALID_VALUE, "purpose",
				"must be remedy (the complaint's remedy) or goodwill (an offer after a satisfied close)");
	if (enum_index(en_compensation_kind, j->k.type) < 0) {
		kesu_fail(&err, KE_INVALID_VALUE, "type", "must be one of: %s",
			  enum_list(en_compensation_kind, http_arena(req)));
		return http_reply_error(req, &err);
	}
	json_t *amt = json_object_get(body, "amount_fen");
	if (!json_is_integer(amt) || json_integer_value(amt) <= 0 ||
	    json_integer_value(amt) > AMOUNT_MAX) {
		kesu_fail(&err, amt ? KE_INVALID_VALUE : KE_MISSING_FIELD, "amount_fen",
			  "must be a whole number of fen above 0 (100 fen = 1 CNY)");
		return http_reply_error(req, &err);
	}
	j->k.amount_fen = json_integer_value(amt);
	const char *key = http_header(req, "Idempotency-Key");
	if (key) {
		if (strlen(key) == 0 || strlen(key) > 200) {
			kesu_fail(&err, KE_INVALID_VALUE, "Idempotency-Key", "must be 1 to 200 characters");
			return http_reply_error(req, &err);
		}
		j->k.idem_key = arena_strdup(a, key);
	}
	j->job.run = propose_run;
	j->ref = http_param(req, 0);
	j->who = *http_principal(req);
	j->as = *api_actor(req);
	j->now = clock_now_ms();
	j->a = a;
	return http_defer(req, &j->job, comp_finish);
}

static int decide_run(struct store_conn *c, struct store_job *job)
{
	struct comp_job *j = (struct comp_job *)job;
	struct compensation k;
	struct complaint cp;
	int rc = store_compensation_get(c, j->id, j->a, &k, &job->err);
	if (!rc)
		rc = store_complaint_get(c, k.complaint_id, NULL, j->a, &cp, &job->err);
	if (!rc && !authz_team(&j->who, cp.team_id))
		rc = kesu_fail(&job->err, KE_NOT_FOUND, "", "no such compensation");
	if (rc)
		return rc;
	if ((rc = wf_grant_decide(c, j->id, j->approve, j->reason, &j->as, j->now, j->a, &j->k,
				  &job->err)))
		return rc;
	return store_compensation_get(c, j->id, j->a, &j->k, &job->err);
}

int compensations_decide(struct http_request *req)
{
	static const char *const keys[] = {"approve", "reason", NULL};
	struct kesu_err err = {0};
	struct arena *a = http_arena(req);
	json_t *body = http_body_json(req, &err);
	struct comp_job *j = arena_zalloc(a, sizeof *j);
	if (!body || api_known_keys(body, keys, &err) ||
	    api_string(body, "reason", 0, 2000, &j->reason, &err) ||
	    api_id(http_param(req, 0), &j->id, &err))
		return http_reply_error(req, &err);
	json_t *ap = json_object_get(body, "approve");
	if (!json_is_boolean(ap)) {
		kesu_fail(&err, ap ? KE_WRONG_TYPE : KE_MISSING_FIELD, "approve",
			  "must be true (approve) or false (reject)");
		return http_reply_error(req, &err);
	}
	j->approve = json_is_true(ap);
	if (!j->approve && !j->reason) {
		kesu_fail(&err, KE_MISSING_FIELD, "reason", "is required to reject a proposal");
		return http_reply_error(req, &err);
	}
	j->job.run = decide_run;
	j->who = *http_principal(req);
	j->as = *api_actor(req);
	j->now = clock_now_ms();
	j->a = a;
	return http_defer(req, &j->job, comp_finish);
}

int compensations_list(struct http_request *req)
{
	struct kesu_err err = {0};
	struct arena *a = http_arena(req);
	struct store_conn *c = http_reader(req, &err);
	struct complaint cp;
	struct compensation *items;
	int n;
	if (!c || api_complaint_visible(c, http_param(req, 0), http_principal(req), a, &cp, &err) ||
	    store_compensation_list(c, cp.id, a, &items, &n, &err))
		return http_reply_error(req, &err);
	json_t *arr = json_array();
	int64_t granted = 0, goodwill = 0;
	for (int i = 0; i < n; i++) {
		json_array_append_new(arr, api_compensation_json(&items[i]));
		if (strcmp(items[i].state, "granted") == 0)
			granted += items[i].amount_fen;
		if (strcmp(items[i].state, "granted") == 0 && wf_is_goodwill(&items[i]))
			goodwill += items[i].amount_fen;
	}
	/* psychological compensation beside the material ledger */
	struct apology *ap;
	int na;
	if (store_apologies_of(c, cp.id, a, &ap, &na, &err)) {
		json_decref(arr);
		return http_reply_error(req, &err);
	}
	json_t *apologies = json_array();
	for (int i = 0; i < na; i++)
		json_array_append_new(apologies, api_apology_json(&ap[i]));
	return http_reply_json(req, 200,
			       json_pack("{s:o,s:I,s:I,s:o}", "items", arr, "granted_fen",
					 (json_int_t)granted, "goodwill_fen", (json_int_t)goodwill,
					 "apologies", apologies));
}

static void add_to(json_t *o, const char *key, int64_t count, int64_t fen)
{
	json_t *t = json_object_get(o, key);
	if (!t) {
		t = json_pack("{s:i,s:i}", "count", 0, "amount_fen", 0);
		json_object_set_new(o, key, t);
	}
	json_object_set_new(t, "count",
			    json_integer(json_integer_value(json_object_get(t, "count")) + count));
	json_object_set_new(t, "amount_fen",
			    json_integer(json_integer_value(json_object_get(t, "amount_fen")) + fen));
}

static void add_total(void *ctx, const char *type, const char *purpose, int64_t count,
		      int64_t fen)
{
	json_t *o = ctx;
	add_to(json_object_get(o, "by_type"), type, count, fen);
	add_to(json_object_get(o, "by_purpose"), purpose ? purpose : "remedy", count, fen);
	json_object_set_new(o, "count",
			    json_integer(json_integer_value(json_object_get(o, "count")) + count));
	json_object_set_new(o, "amount_fen",
			    json_integer(json_integer_value(json_object_get(o, "amount_fen")) + fen));
}

int compensations_totals(struct http_request *req)
{
	struct kesu_err err = {0};
	int64_t since = 0, until = INT64_MAX;
	const char *v;
	if (((v = http_query(req, "since")) && clock_parse_instant(v, &since)) ||
	    ((v = http_query(req, "until")) && clock_parse_instant(v, &until))) {
		kesu_fail(&err, KE_INVALID_VALUE, v == http_query(req, "since") ? "since" : "until",
			  "must be a date (2026-11-01) or an RFC 3339 date-time");
		return http_reply_error(req, &err);
	}
	struct store_conn *c = http_reader(req, &err);
	json_t *o = json_pack("{s:{},s:{},s:i,s:i}", "by_type", "by_purpose", "count", 0,
			      "amount_fen", 0);
	if (!c || store_compensation_totals(c, since, until, add_total, o, &err)) {
		json_decref(o);
		return http_reply_error(req, &err);
	}
	return http_reply_json(req, 200, o);
}
