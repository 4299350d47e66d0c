/*
 * analyze.c - reading words as kesu reads complaints: POST /api/v1/analyze
 * for any text, a complaint's `analysis` (its newest reading), and an
 * agent accepting that reading.
 */
#include "api.h"

#include <string.h>

#include "../analysis/analysis.h"
#include "../text/text.h"
#include "../util/clock.h"

/* Longer texts are refused: a complaint is read over its first
 * AN_TEXT_MAX bytes, and the endpoint is not a bulk service. */
#define ANALYZE_CHARS_MAX 20000

int analyze_post(struct http_request *req)
{
	static const char *const keys[] = {"text", NULL};
	struct kesu_err err = {0};
	json_t *body = api_body(req, keys, &err);
	if (!body)
		return http_reply_error(req, &err);
	json_t *t = json_object_get(body, "text");
	if (!t)
		return api_fail(req, KE_MISSING_FIELD, "text", "is required: the words to read");
	const char *text = json_string_value(t);
	if (!text)
		return api_fail(req, KE_WRONG_TYPE, "text", "must be a string");
	if (!*text)
		return api_fail(req, KE_INVALID_VALUE, "text", "must not be empty");
	if (text_utf8_length(text) > ANALYZE_CHARS_MAX)
		return api_fail(req, KE_INVALID_VALUE, "text", "must be at most 20000 characters");
	struct an_reading r;
	if (analysis_read(text, strlen(text), &r))
		return api_fail(req, KE_INTERNAL, "text", "the text could not be read");
	return http_reply_json(req, 200, analysis_json(&r));
}

json_t *api_complaint_analysis(struct store_conn *c, const struct complaint *cp,
			       struct arena *a, struct kesu_err *err)
{
	struct reading_row r;
	int rc = store_reading_latest(c, cp->id, a, &r, err);
	struct an_reading fresh;
	const char *text = cp->v[CF_CONTENT];
	if (rc == -KE_NOT_FOUND) {
		/* registered before kesu read complaints (or imported from another
		 * system's history): read now, not kept; nothing while reading is
		 * switched off */
		kesu_err_clear(err);
		if (!text || !wf_reading_enabled() || analysis_read(text, strlen(text), &fresh))
			return json_null();
		json_t *o = analysis_json(&fresh);
		json_object_set_new(o, "source", json_string("now"));
		return o;
	}
	if (rc)
		return NULL;
	json_t *o = json_loads(r.reading, 0, NULL);
	if (!o)
		return json_null();
	/* the category and cause it reads like: from the models in force
	 * (kesu train may have made them since it was read) */
	if (text && analysis_read(text, strlen(text), &fresh) == 0) {
		json_t *now = analysis_json(&fresh);
		json_object_set(o, "category_suggestions",
				json_object_get(now, "category_suggestions"));
		json_object_set(o, "cause_suggestions", json_object_get(now, "cause_suggestions"));
		json_object_set(o, "model", json_object_get(now, "model"));
		json_decref(now);
	}
	char at[40];
	json_object_set_new(o, "source", json_string(r.source));
	json_object_set_new(o, "read_at", json_string(clock_format(r.created_at, at, sizeof at)));
	json_object_set_new(o, "accepted_by", r.accepted_by ? json_string(r.accepted_by) : json_null());
	json_object_set_new(o, "accepted_at",
			    r.accepted_at ? json_string(clock_format(r.accepted_at, at, sizeof at))
					  : json_null());
	return o;
}

/* --- POST /api/v1/complaints/{ref}/analysis/accept ----------------------- */

struct accept_act {
	struct api_act act;
	json_t *fields;
};

static int accept(struct store_conn *c, struct api_act *j, struct kesu_err *err)
{
	struct accept_act *x = (struct accept_act *)j;
	int rc = wf_reading_accept(c, &j->cp, x->fields, &j->as, j->now, j->a, &j->after, err);
	if (rc)
		return rc;
	json_t *o = api_complaint_json(&j->who, &j->after, NULL, j->a);
	json_t *an = api_complaint_analysis(c, &j->after, j->a, err);
	if (!an) {
		json_decref(o);
		return -err->code;
	}
	json_object_set_new(o, "analysis", an);
	j->out = o;
	return 0;
}

int analysis_accept(struct http_request *req)
{
	static const char *const keys[] = {"fields", NULL};
	struct kesu_err err = {0};
	json_t *body = http_body_len(req) ? api_body(req, keys, &err) : NULL;
	if (http_body_len(req) && !body)
		return http_reply_error(req, &err);
	json_t *fields = json_object_get(body, "fields");
	if (fields && (!json_is_array(fields) || !json_array_size(fields) ||
		       json_array_size(fields) > 4))
		return api_fail(req, KE_WRONG_TYPE, "fields",
				"must be a list of emotion, mindset, category or cause");
	struct accept_act *x = (struct accept_act *)api_act_new(req, sizeof *x, accept);
	x->fields = fields;
	x->act.status = 200;
	return api_act_defer(req, &x->act);
}
