/*
 * merge.c - POST /api/v1/complaints/{ref}/merge: the complaint the path
 * names is a duplicate of the one "into" names, and is merged into it
 * (workflow/merge.c). The caller must see both; one they may not see
 * answers as one that does not exist.
 */
#include "api.h"

#include <string.h>

struct merge_act {
	struct api_act act;
	const char *into, *note;
};

static int merge(struct store_conn *c, struct api_act *j, struct kesu_err *err)
{
	struct merge_act *s = (struct merge_act *)j;
	struct complaint orig;
	int rc = api_complaint_visible(c, s->into, &j->who, j->a, &orig, err);
	if (rc == -KE_NOT_FOUND) {
		kesu_err_clear(err);
		return kesu_fail(err, KE_NOT_FOUND, "into", "no complaint %s", s->into);
	}
	return rc ? rc : wf_merge(c, &j->cp, &orig, s->note, &j->as, j->now, j->a, &j->after, err);
}

int complaints_merge(struct http_request *req)
{
	static const char *const keys[] = {"into", "note", NULL};
	struct kesu_err err = {0};
	json_t *body = api_body(req, keys, &err);
	struct merge_act *s = (struct merge_act *)api_act_new(req, sizeof *s, merge);
	if (!body || api_string(body, "into", 0, 40, &s->into, &err) ||
	    api_string(body, "note", 0, 2000, &s->note, &err))
		return http_reply_error(req, &err);
	if (!s->into)
		return api_fail(req, KE_MISSING_FIELD, "into",
				"is required: the tracking number of the complaint this one repeats");
	char *no = arena_alloc(s->act.a, TRACKING_NO_MAX);
	if (!ids_parse_tracking_no(s->into, no))
		return api_fail(req, KE_INVALID_VALUE, "into",
				"is not a tracking number (KS followed by the date and a number)");
	s->into = no;
	s->act.status = 200;
	return api_act_defer(req, &s->act);
}
