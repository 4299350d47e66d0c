/*
 * followups.c - the follow-up of a resolved complaint (domain.md 6): a
 * callback by phone, SMS, e-mail, letter, visit or chat, with whether the
 * customer was reached, how satisfied they are with the handling and with
 * the business, whether the solution was carried out, and their advice.
 * What it decides (closing, reopening) is the workflow's.
 */
#include "api.h"

#include "../util/clock.h"

struct follow_act {
	struct api_act act;
	struct callback_rec k;
};

static int follow_up(struct store_conn *c, struct api_act *j, struct kesu_err *err)
{
	struct follow_act *f = (struct follow_act *)j;
	int rc = wf_follow_up(c, &j->cp, &f->k, &j->as, j->now, j->a, &j->after, err);
	if (!rc)
		j->out = json_pack("{s:o,s:s}", "callback", api_callback_json(&f->k), "status",
				   state_name(j->after.state));
	return rc;
}

int callbacks_create(struct http_request *req)
{
	static const char *const keys[] = {"at", "method", "reached", "satisfaction",
					   "business_satisfaction", "carried_out", "advice", NULL};
	static const char *const scores[] = {"satisfaction", "business_satisfaction"};
	struct kesu_err err = {0};
	json_t *body = api_body(req, keys, &err);
	struct follow_act *f = (struct follow_act *)api_act_new(req, sizeof *f, follow_up);
	struct callback_rec *k = &f->k;
	const char *at;
	if (!body || api_string(body, "method", 1, 16, &k->method, &err) ||
	    api_string(body, "at", 0, 40, &at, &err) ||
	    api_string(body, "advice", 0, 5000, &k->advice, &err))
		return http_reply_error(req, &err);
	/* the customer's own rating (portal) is the status page's */
	if (enum_input(en_callback_method, k->method) < 0)
		return api_fail(req, KE_INVALID_VALUE, "method",
				"must be one of: phone, sms, email, letter, visit, chat");
	k->at = f->act.now;
	if (at && (clock_parse_rfc3339(at, &k->at) || k->at > f->act.now + 60000))
		return api_fail(req, KE_INVALID_VALUE, "at", "must be an RFC 3339 time, not in the future");
	json_t *r = json_object_get(body, "reached");
	if (!json_is_boolean(r))
		return api_fail(req, r ? KE_WRONG_TYPE : KE_MISSING_FIELD, "reached",
				"must be true or false: did the callback reach the customer?");
	k->reached = json_is_true(r);
	int *slot[] = {&k->satisfaction, &k->business_satisfaction};
	for (int i = 0; i < 2; i++) {
		json_t *v = json_object_get(body, scores[i]);
		if (!v || json_is_null(v))
			continue;
		if (!json_is_integer(v) || json_integer_value(v) < 1 || json_integer_value(v) > 5)
			return api_fail(req, KE_INVALID_VALUE, scores[i], "must be 1 to 5");
		*slot[i] = (int)json_integer_value(v);
	}
	if (k->reached && !k->satisfaction)
		return api_fail(req, KE_MISSING_FIELD, "satisfaction",
				"is required when the customer was reached (1 to 5)");
	json_t *co = json_object_get(body, "carried_out");
	if (co && !json_is_null(co) && !json_is_boolean(co))
		return api_fail(req, KE_WRONG_TYPE, "carried_out", "must be true or false");
	k->carried_out = co && json_is_boolean(co) ? (json_is_true(co) ? 1 : 2) : 0;
	return api_act_defer(req, &f->act);
}

static int callbacks_of(struct store_conn *c, const struct complaint *cp, struct arena *a,
			json_t *items, struct kesu_err *err)
{
	struct callback_rec *k;
	int n;
	int rc = store_callbacks_of(c, cp->id, a, &k, &n, err);
	for (int i = 0; !rc && i < n; i++)
		json_array_append_new(items, api_callback_json(&k[i]));
	return rc;
}

int callbacks_list(struct http_request *req)
{
	return api_reply_records(req, callbacks_of);
}
