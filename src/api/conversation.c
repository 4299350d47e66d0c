/*
 * conversation.c - the conversation about a complaint: the team's
 * internal notes, replies to the customer, and the channel it goes on in
 * (三变法: change the place). What the customer writes comes through the
 * portal (portal.c) and the mail gateway.
 */
#include "api.h"


static const struct field_def body_field = {
	NULL, "body", "body", FK_MULTILINE, 10000, NULL, "the note's text"};
static const struct field_def note_field = {NULL, "note", "note", FK_MULTILINE, 2000, NULL,
					    "why"};

struct say_act {
	struct api_act act;
	const char *text;
	int reply;
};

static int say(struct store_conn *c, struct api_act *j, struct kesu_err *err)
{
	struct say_act *s = (struct say_act *)j;
	struct event e;
	int rc = (s->reply ? wf_reply : wf_note)(c, &j->cp, s->text, &j->as, j->now, j->a, &e, err);
	if (!rc)
		j->out = api_event_json(&j->who, &e);
	return rc;
}

static int note_or_reply(struct http_request *req, int reply)
{
	static const char *const keys[] = {"body", NULL};
	struct kesu_err err = {0};
	json_t *body = api_body(req, keys, &err);
	struct say_act *s = (struct say_act *)api_act_new(req, sizeof *s, say);
	if (!body || field_check(&body_field, json_object_get(body, "body"), s->act.now, s->act.a,
				 &s->text, &err))
		return http_reply_error(req, &err);
	if (!s->text)
		return api_fail(req, KE_MISSING_FIELD, "body", "is required: the note's text");
	s->reply = reply;
	return api_act_defer(req, &s->act);
}

int complaints_note(struct http_request *req)
{
	return note_or_reply(req, 0);
}

int complaints_reply(struct http_request *req)
{
	return note_or_reply(req, 1);
}

struct move_act {
	struct api_act act;
	const char *channel, *note;
};

static int move(struct store_conn *c, struct api_act *j, struct kesu_err *err)
{
	struct move_act *m = (struct move_act *)j;
	int rc = wf_channel_move(c, &j->cp, m->channel, m->note, &j->as, j->now, &j->after, err);
	if (!rc)
		j->out = json_pack("{s:s,s:s,s:I}", "tracking_no", j->after.tracking_no,
				   "conversation_channel", m->channel, "version",
				   (json_int_t)j->after.version);
	return rc;
}

int complaints_channel_move(struct http_request *req)
{
	static const char *const keys[] = {"channel", "note", NULL};
	struct kesu_err err = {0};
	json_t *body = api_body(req, keys, &err);
	struct move_act *m = (struct move_act *)api_act_new(req, sizeof *m, move);
	m->act.status = 200;
	if (!body || api_string(body, "channel", 1, 16, &m->channel, &err) ||
	    field_check(&note_field, json_object_get(body, "note"), m->act.now, m->act.a, &m->note,
			&err))
		return http_reply_error(req, &err);
	if (enum_input(en_conversation_channel, m->channel) < 0)
		return api_fail(req, KE_INVALID_VALUE, "channel",
				"must be one of: phone, sms, email, chat, video, in_person, visit");
	return api_act_defer(req, &m->act);
}
