/*
 * thanks.c - winning the customer back (domain.md 6): the month's
 * thank-you proposal, sending the letters to those chosen from it, and
 * the customer's own link to receive no more of them. The rules are in
 * src/workflow/thanks.c.
 */
#include "api.h"

#include <stdio.h>
#include <string.h>

#include "../http/auth.h"
#include "../util/clock.h"
#include "../workflow/workflow.h"

#define THANKS_CHOSEN_MAX 1000
#define THANKS_NOTE_MAX 500

static json_t *candidate_json(const struct thanks_candidate *t, const unsigned char *key,
			      struct arena *a)
{
	const char *state = t->thanked_at ? "thanked" : t->opt_out ? "opted_out" : "proposed";
	json_t *o = json_pack("{s:I,s:s?,s:I,s:s,s:s,s:i,s:o,s:b,s:b,s:s}", "customer_id",
			      (json_int_t)t->customer_id, "customer_name", t->customer_name,
			      "complaint_id", (json_int_t)t->complaint_id, "tracking_no",
			      t->tracking_no, "language", t->language ? t->language : "zh-CN",
			      "satisfaction", t->satisfaction, "closed_at",
			      api_time_json(t->closed_at), "has_phone", t->has_phone, "has_email",
			      t->has_email, "state", state);
	json_object_set_new(o, "opt_out",
			    t->opt_out ? json_pack("{s:o,s:s?}", "at", api_time_json(t->opt_out_at),
						   "by", t->opt_out_by)
				       : json_null());
	json_object_set_new(o, "thanked",
			    t->thanked_at ? json_pack("{s:o,s:s?,s:I}", "at",
						      api_time_json(t->thanked_at), "by",
						      t->thanked_by, "complaint_id",
						      (json_int_t)t->thanked_complaint_id)
					  : json_null());
	/* the link the letter carries, for an agent to pass on when the
	 * customer asks on the phone to receive no more letters */
	char token[40];
	ids_opt_out_token(key, t->customer_id, token);
	json_object_set_new(o, "opt_out_link",
			    json_string(arena_printf(a, "/thanks/opt-out/%lld#t=%s",
						     (long long)t->customer_id, token)));
	return o;
}

int thanks_proposal(struct http_request *req)
{
	struct kesu_err err = {0};
	struct arena *a = http_arena(req);
	const char *month = http_query(req, "month");
	int64_t from, to;
	if (!month)
		return api_fail(req, KE_MISSING_FIELD, "month", "is required: the month, YYYY-MM");
	if (wf_thanks_month(month, &from, &to))
		return api_fail(req, KE_INVALID_VALUE, "month", "must be a month, YYYY-MM");
	struct store_conn *c = http_reader(req, &err);
	struct thanks_candidate *items;
	int n, more;
	if (!c || wf_thanks_proposal(c, month, api_actor(req), a, &items, &n, &more, &err))
		return http_reply_error(req, &err);
	json_t *arr = json_array();
	int counts[3] = {0};
	for (int i = 0; i < n; i++) {
		json_array_append_new(arr, candidate_json(&items[i],
							  store_secret_key(http_store(req)), a));
		counts[items[i].thanked_at ? 2 : items[i].opt_out ? 1 : 0]++;
	}
	return http_reply_json(req, 200,
			       json_pack("{s:s,s:o,s:{s:i,s:i,s:i},s:b}", "month", month, "items",
					 arr, "counts", "proposed", counts[0], "opted_out",
					 counts[1], "thanked", counts[2], "more", more));
}

/* --- POST /api/v1/thanks -------------------------------------------------------- */

struct send_job {
	struct store_job job;
	const char *month, *extra;
	int64_t *ids;
	int n, by_complaint;
	struct wf_actor as;
	int64_t now;
	struct arena *a;
	json_t *sent, *skipped;
};

static int send_run(struct store_conn *c, struct store_job *job)
{
	struct send_job *j = (struct send_job *)job;
	/* a retry of the job starts from what is durable */
	json_array_clear(j->sent);
	json_array_clear(j->skipped);
	return wf_thanks_send(c, j->month, j->ids, j->n, j->by_complaint, j->extra, &j->as, j->now,
			      j->a, j->sent, j->skipped, &job->err);
}

static int send_finish(struct http_request *req, struct store_job *job)
{
	struct send_job *j = (struct send_job *)job;
	json_t *sent = j->sent, *skipped = j->skipped;
	j->sent = j->skipped = NULL;
	if (job->rc) {
		json_decref(sent);
		json_decref(skipped);
		return http_reply_error(req, &job->err);
	}
	return http_reply_json(req, 200,
			       json_pack("{s:s,s:o,s:o}", "month", j->month, "sent", sent, "skipped",
					 skipped));
}

/* The ids of member name: a non-empty array of positive integers, at most
 * THANKS_CHOSEN_MAX. 0 when absent, 1 when read, or -1 with err. */
static int ids_member(json_t *body, const char *name, struct arena *a, int64_t **ids, int *n,
		      struct kesu_err *err)
{
	json_t *v = json_object_get(body, name);
	if (!v)
		return 0;
	if (!json_is_array(v) || !json_array_size(v) || json_array_size(v) > THANKS_CHOSEN_MAX)
		return kesu_fail(err, KE_INVALID_VALUE, name,
				 "must be a list of 1 to %d ids from the proposal",
				 THANKS_CHOSEN_MAX), -1;
	*n = (int)json_array_size(v);
	*ids = arena_alloc(a, sizeof **ids * (size_t)*n);
	for (int i = 0; i < *n; i++) {
		json_t *x = json_array_get(v, (size_t)i);
		if (!json_is_integer(x) || json_integer_value(x) <= 0)
			return kesu_fail(err, KE_WRONG_TYPE, name, "must hold ids (whole numbers)"),
			       -1;
		(*ids)[i] = json_integer_value(x);
	}
	return 1;
}

int thanks_send(struct http_request *req)
{
	static const char *const keys[] = {"month", "customer_ids", "complaint_ids", "extra", NULL};
	struct kesu_err err = {0};
	struct arena *a = http_arena(req);
	json_t *body = api_body(req, keys, &err);
	struct send_job *j = arena_zalloc(a, sizeof *j);
	int64_t from, to;
	if (!body || api_string(body, "month", 1, 7, &j->month, &err) ||
	    api_string(body, "extra", 0, THANKS_NOTE_MAX, &j->extra, &err))
		return http_reply_error(req, &err);
	if (wf_thanks_month(j->month, &from, &to))
		return api_fail(req, KE_INVALID_VALUE, "month", "must be a month, YYYY-MM");
	if (j->extra && !*j->extra)
		j->extra = NULL;
	int by_customer = ids_member(body, "customer_ids", a, &j->ids, &j->n, &err);
	if (by_customer < 0)
		return http_reply_error(req, &err);
	int64_t *cids = NULL;
	int ncids = 0;
	int by_complaint = ids_member(body, "complaint_ids", a, &cids, &ncids, &err);
	if (by_complaint < 0)
		return http_reply_error(req, &err);
	if (by_customer && by_complaint)
		return api_fail(req, KE_INVALID_VALUE, "complaint_ids",
				"send customer_ids or complaint_ids, not both");
	if (!by_customer && !by_complaint)
		return api_fail(req, KE_MISSING_FIELD, "customer_ids",
				"is required: the customers chosen from the proposal (or complaint_ids)");
	if (by_complaint) {
		j->ids = cids;
		j->n = ncids;
		j->by_complaint = 1;
	}
	j->job.run = send_run;
	j->as = *api_actor(req);
	j->now = clock_now_ms();
	j->a = a;
	j->sent = json_array();
	j->skipped = json_array();
	return http_defer(req, &j->job, send_finish);
}

/* --- the customer's link: no more thank-you letters ---------------------------- */

struct opt_out_job {
	struct store_job job;
	int64_t id, now;
};

static int opt_out_run(struct store_conn *c, struct store_job *job)
{
	struct opt_out_job *j = (struct opt_out_job *)job;
	return store_customer_thanks_opt_out(c, j->id, 1, "customer", j->now, &job->err);
}

static int opt_out_finish(struct http_request *req, struct store_job *job)
{
	struct opt_out_job *j = (struct opt_out_job *)job;
	if (job->rc)
		return http_reply_error(req, &job->err);
	return http_reply_json(req, 200,
			       json_pack("{s:b,s:o}", "thanks_opt_out", 1, "at", api_time_json(j->now)));
}

int thanks_opt_out(struct http_request *req)
{
	struct kesu_err err = {0};
	struct arena *a = http_arena(req);
	int64_t id;
	const char *token = http_header(req, "X-Link-Token");
	if (api_id(http_param(req, 0), &id, &err))
		return http_reply_error(req, &err);
	char want[40];
	ids_opt_out_token(store_secret_key(http_store(req)), id, want);
	if (!token || strlen(token) >= sizeof want || !ids_str_equal(token, want))
		return api_fail(req, KE_NOT_FOUND, "", "no customer with this id and link token");
	struct opt_out_job *j = arena_zalloc(a, sizeof *j);
	j->id = id;
	j->now = clock_now_ms();
	j->job.run = opt_out_run;
	return http_defer(req, &j->job, opt_out_finish);
}
