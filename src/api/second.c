/*
 * second.c - /api/v1/complaints/{ref}/second-of: an agent names the
 * earlier complaint this one is a second complaint of (二次投诉), or
 * undoes that link with a reason. kesu links them itself at registration
 * (workflow/second.c); this is for what it could not see.
 */
#include "api.h"

#include <string.h>

struct second_act {
	struct api_act act;
	int64_t earlier_id;
	const char *earlier_no, *reason;
};

static int second_of(struct store_conn *c, struct api_act *j, struct kesu_err *err)
{
	struct second_act *s = (struct second_act *)j;
	return wf_second_link(c, &j->cp, s->earlier_id, s->earlier_no, s->reason, &j->as, j->now,
			      j->a, &j->after, err);
}

int complaints_second_of(struct http_request *req)
{
	static const char *const keys[] = {"second_of", "reason", NULL};
	struct kesu_err err = {0};
	json_t *body = api_body(req, keys, &err);
	struct second_act *s = (struct second_act *)api_act_new(req, sizeof *s, second_of);
	if (!body || api_string(body, "reason", 0, 2000, &s->reason, &err))
		return http_reply_error(req, &err);
	json_t *v = json_object_get(body, "second_of");
	if (!v)
		return api_fail(req, KE_MISSING_FIELD, "second_of",
				"is required: the tracking number or id of the earlier complaint, or null to undo the link");
	if (json_is_integer(v) && json_integer_value(v) > 0) {
		s->earlier_id = json_integer_value(v);
	} else if (json_is_string(v)) {
		char *no = arena_alloc(s->act.a, TRACKING_NO_MAX);
		if (!ids_parse_tracking_no(json_string_value(v), no))
			return api_fail(req, KE_INVALID_VALUE, "second_of",
					"is not a tracking number (KS followed by the date and a number)");
		s->earlier_no = no;
	} else if (!json_is_null(v)) {
		return api_fail(req, KE_WRONG_TYPE, "second_of",
				"must be a tracking number, a complaint id, or null");
	}
	s->act.status = 200;
	return api_act_defer(req, &s->act);
}
