/*
 * appointments.c - callbacks and meetings with the customer at an exact
 * time (三变法: change the time), and what came of them.
 */
#include "api.h"

#include <string.h>

#include "../http/auth.h"
#include "../util/clock.h"

static const struct field_def note_field = {NULL, "note", "note", FK_MULTILINE, 2000, NULL,
					    "why"};

struct appt_act {
	struct api_act act;
	struct appointment appt;
	const char *state, *outcome;
};

static int schedule(struct store_conn *c, struct api_act *j, struct kesu_err *err)
{
	struct appt_act *p = (struct appt_act *)j;
	int rc = wf_appointment_create(c, &j->cp, &p->appt, &j->as, j->now, err);
	if (!rc)
		rc = store_appointment_get(c, p->appt.id, j->a, &p->appt, err);
	if (!rc)
		j->out = api_appointment_json(&p->appt);
	return rc;
}

int appointments_create(struct http_request *req)
{
	static const char *const keys[] = {"at", "with", "channel", "note", "owner_id", NULL};
	static const struct field_def with = {NULL, "with", "with", FK_TEXT, 200, NULL,
					      "with whom"};
	struct kesu_err err = {0};
	json_t *body = api_body(req, keys, &err);
	struct appt_act *p = (struct appt_act *)api_act_new(req, sizeof *p, schedule);
	const char *at;
	if (!body || api_string(body, "at", 1, 40, &at, &err) ||
	    field_check(&with, json_object_get(body, "with"), p->act.now, p->act.a,
			&p->appt.with_whom, &err) ||
	    api_string(body, "channel", 1, 16, &p->appt.channel, &err) ||
	    field_check(&note_field, json_object_get(body, "note"), p->act.now, p->act.a,
			&p->appt.note, &err) ||
	    api_int_member(body, "owner_id", &p->appt.owner_id, &err))
		return http_reply_error(req, &err);
	/* domain.md 3: an exact time. RFC 3339 takes only a full date-time
	 * with its offset: "tomorrow", a bare date or a zoneless time fail */
	if (clock_parse_rfc3339(at, &p->appt.at))
		return api_fail(req, KE_INVALID_VALUE, "at",
				"must be an exact date and time with its offset, such as 2026-12-03T15:00:00+08:00 (not \"tomorrow\" or a bare date)");
	if (!p->appt.with_whom)
		return api_fail(req, KE_MISSING_FIELD, "with",
				"is required: with whom (the customer, a relative, the store...)");
	if (enum_input(en_conversation_channel, p->appt.channel) < 0)
		return api_fail(req, KE_INVALID_VALUE, "channel",
				"must be one of: phone, sms, email, chat, video, in_person, visit");
	if (!p->appt.owner_id)
		p->appt.owner_id = p->act.who.user_id;
	return api_act_defer(req, &p->act);
}

static int appointments_of(struct store_conn *c, const struct complaint *cp, struct arena *a,
			json_t *items, struct kesu_err *err)
{
	struct appointment *k;
	int n;
	int rc = store_appointments_of(c, cp->id, a, &k, &n, err);
	for (int i = 0; !rc && i < n; i++)
		json_array_append_new(items, api_appointment_json(&k[i]));
	return rc;
}

int appointments_list(struct http_request *req)
{
	return api_reply_records(req, appointments_of);
}

static int outcome(struct store_conn *c, struct api_act *j, struct kesu_err *err)
{
	struct appt_act *p = (struct appt_act *)j;
	int rc = store_appointment_get(c, j->id, j->a, &p->appt, err);
	if (!rc && !authz_team(&j->who, p->appt.team_id))
		rc = kesu_fail(err, KE_NOT_FOUND, "", "no appointment %lld", (long long)j->id);
	if (!rc)
		rc = wf_appointment_outcome(c, &p->appt, p->state, p->outcome, &j->as, j->now, err);
	if (!rc)
		j->out = api_appointment_json(&p->appt);
	return rc;
}

int appointments_outcome(struct http_request *req)
{
	static const char *const keys[] = {"state", "outcome", NULL};
	static const struct field_def what = {NULL, "outcome", "outcome", FK_MULTILINE, 2000, NULL,
					      "what came of it"};
	struct kesu_err err = {0};
	json_t *body = api_body(req, keys, &err);
	struct appt_act *p = (struct appt_act *)api_act_new(req, sizeof *p, outcome);
	p->act.ref = NULL; /* the appointment names its complaint */
	p->act.status = 200;
	if (!body || api_id(http_param(req, 0), &p->act.id, &err) ||
	    api_string(body, "state", 1, 16, &p->state, &err) ||
	    field_check(&what, json_object_get(body, "outcome"), p->act.now, p->act.a, &p->outcome,
			&err))
		return http_reply_error(req, &err);
	if (enum_input(en_appointment_state, p->state) < 0)
		return api_fail(req, KE_INVALID_VALUE, "state", "must be done, missed or cancelled");
	if (!p->outcome && strcmp(p->state, "cancelled") != 0)
		return api_fail(req, KE_MISSING_FIELD, "outcome",
				"is required: what came of the appointment");
	return api_act_defer(req, &p->act);
}
