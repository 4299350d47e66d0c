/*
 * identity.c - the complainant's identity confirmed before material
 * compensation (domain.md 1), and apologies given: the psychological
 * compensation recorded beside the material kind.
 */
#include "api.h"

#include "../util/clock.h"

static const struct field_def note_field = {NULL, "note", "note", FK_MULTILINE, 2000, NULL,
					    "why"};

struct identity_act {
	struct api_act act;
	struct identity_check k;
	struct apology p;
};

static int confirm(struct store_conn *c, struct api_act *j, struct kesu_err *err)
{
	struct identity_act *i = (struct identity_act *)j;
	int rc = wf_identity_confirm(c, &j->cp, &i->k, &j->as, j->now, err);
	if (!rc)
		j->out = api_identity_json(&i->k);
	return rc;
}

int complaints_identity(struct http_request *req)
{
	static const char *const keys[] = {"method", "note", NULL};
	struct kesu_err err = {0};
	json_t *body = api_body(req, keys, &err);
	struct identity_act *i = (struct identity_act *)api_act_new(req, sizeof *i, confirm);
	if (!body || api_string(body, "method", 1, 32, &i->k.method, &err) ||
	    field_check(&note_field, json_object_get(body, "note"), i->act.now, i->act.a,
			&i->k.note, &err))
		return http_reply_error(req, &err);
	if (enum_input(en_identity_method, i->k.method) < 0)
		return api_fail(req, KE_INVALID_VALUE, "method",
				"must be order_number, phone_verification or in_person");
	return api_act_defer(req, &i->act);
}

static int apologise(struct store_conn *c, struct api_act *j, struct kesu_err *err)
{
	struct identity_act *i = (struct identity_act *)j;
	int rc = wf_apology(c, &j->cp, &i->p, &j->as, j->now, err);
	if (!rc)
		j->out = api_apology_json(&i->p);
	return rc;
}

int complaints_apology(struct http_request *req)
{
	static const char *const keys[] = {"by", "at", "note", NULL};
	static const struct field_def by = {NULL, "by", "by", FK_TEXT, 100, NULL, "who apologised"};
	struct kesu_err err = {0};
	json_t *body = api_body(req, keys, &err);
	struct identity_act *i = (struct identity_act *)api_act_new(req, sizeof *i, apologise);
	const char *at;
	if (!body || field_check(&by, json_object_get(body, "by"), i->act.now, i->act.a,
				 &i->p.given_by, &err) ||
	    api_string(body, "at", 0, 40, &at, &err) ||
	    field_check(&note_field, json_object_get(body, "note"), i->act.now, i->act.a,
			&i->p.note, &err))
		return http_reply_error(req, &err);
	i->p.given_at = i->act.now;
	if (at && (clock_parse_rfc3339(at, &i->p.given_at) || i->p.given_at > i->act.now + 60000))
		return api_fail(req, KE_INVALID_VALUE, "at",
				"must be an RFC 3339 time, not in the future");
	if (!i->p.given_by)
		i->p.given_by = i->act.who.username;
	return api_act_defer(req, &i->act);
}
