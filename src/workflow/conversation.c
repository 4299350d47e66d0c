/*
 * conversation.c - the conversation about a complaint: the team's
 * internal notes, replies to the customer, what the customer writes
 * (through the portal or by mail, with the same effect), the files that
 * come with it, the channel the conversation goes on in (三变法: change the
 * place), and the steps of guided handling (domain.md 3).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../text/text.h"
#include "workflow_int.h"

/* A customer's words in the timeline and in a reopen's reason: at most
 * this many characters of them. */
#define REASON_CHARS 200

static int said(struct store_conn *c, const struct complaint *cp, const char *kind,
		const char *text, const char *visibility, const struct wf_actor *who,
		int64_t now, struct arena *a, struct event *e, struct kesu_err *err)
{
	json_t *d = json_pack("{s:s,s:s}", "body", text, "visibility", visibility);
	int rc = notice_event(c, cp->id, kind, who->name, now, d, a, e, err);
	json_decref(d);
	return rc;
}

int wf_note(struct store_conn *c, const struct complaint *cp, const char *text,
	    const struct wf_actor *who, int64_t now, struct arena *a, struct event *e,
	    struct kesu_err *err)
{
	/* a note stays with the team */
	return said(c, cp, "note", text, "internal", who, now, a, e, err);
}

int wf_reply(struct store_conn *c, const struct complaint *cp, const char *text,
	     const struct wf_actor *who, int64_t now, struct arena *a, struct event *e,
	     struct kesu_err *err)
{
	/* a reply is the customer's to read, on the status page and by SMS or
	 * e-mail */
	int rc = said(c, cp, "reply", text, "customer", who, now, a, e, err);
	return rc ? rc : notice_customer(c, cp, "message", text, now, err);
}

/* The first characters of s, cut at a character. */
static const char *glimpse(const char *s, struct arena *a)
{
	return text_cut(s, REASON_CHARS, "…", a);
}

int wf_customer_wrote(struct store_conn *c, const struct complaint *cp,
		      const struct wf_message *m, int64_t now, struct arena *a,
		      struct complaint *after, struct event *e, struct kesu_err *err)
{
	static const char *const again[LANG__COUNT] = {"客户再次来信：", "客戶再次來信：",
						       "The customer wrote again: "};
	const char *body = m->body ? m->body : "";
	json_t *d = json_pack("{s:s,s:s,s:s?,s:s?}", "body", body, "via", m->via, "subject",
			      m->subject, "from", m->from);
	if (m->mail_id)
		json_object_set_new(d, "mail_id", json_integer(m->mail_id));
	if (m->attachments)
		json_object_set(d, "attachments", m->attachments);
	if (m->attachments_more)
		json_object_set_new(d, "attachments_more", json_integer(m->attachments_more));
	int rc = notice_event(c, cp->id, "customer_message", wf_customer.name, now, d, a, e, err);
	json_decref(d);
	*after = *cp;
	/* a restatement waiting for the customer: this is their answer */
	if (!rc)
		rc = wf_demand_reply(c, cp, body, m->via, now, a, err);
	if (rc)
		return rc;
	/* decided once for both ways in: a closed complaint reopens with the
	 * customer's words as the reason (domain.md 6: the loop opens again);
	 * one that waited for the customer goes on, its clocks running again */
	/* a merged duplicate stays closed: its words join the original's
	 * timeline (store_event_page_joined), whose handler hears of them */
	struct complaint orig;
	int merged = wf_merged(cp);
	if (merged) {
		rc = store_complaint_get(c, 0, cp->v[CF_DUPLICATE_OF], a, &orig, err);
		if (rc == -KE_NOT_FOUND) {
			kesu_err_clear(err);
			merged = rc = 0;
		}
		if (rc)
			return rc;
	}
	if (state_is(cp->state, ST_IS_CLOSED) && !merged) {
		const char *reason = arena_printf(a, "%s%s", again[lang_of(cp->v[CF_LANGUAGE])],
						  *body ? glimpse(body, a) : m->via);
		rc = wf_transition(c, cp, ST_REOPENED, reason, 0, &wf_customer, now, a, after, err);
	} else if (state_is(cp->state, ST_WAITS_CUSTOMER)) {
		rc = wf_transition(c, cp, ST_IN_PROGRESS, NULL, 0, &wf_customer, now, a, after, err);
	}
	/* what the words say now: a calmer or angrier customer, a threat */
	if (!rc && !merged)
		rc = wf_reading_of_message(c, after, body, now, a, err);
	if (rc)
		return rc;
	/* whoever handles it hears of it, whatever the state */
	json_t *n = json_pack("{s:s,s:s,s:s}", "via", m->via, "body", glimpse(body, a), "status",
			      state_name(after->state));
	const struct complaint *handled = merged ? &orig : after;
	if (merged)
		json_object_set_new(n, "from", json_string(cp->tracking_no));
	struct notice_to to = handled->assignee_id
				      ? (struct notice_to){.role = -1, .user_id = handled->assignee_id}
				      : (struct notice_to){.role = ROLE_AGENT, .team_id = handled->team_id};
	rc = notice_staff(c, handled, "customer_wrote", &to, n, now, err);
	json_decref(n);
	return rc;
}

int wf_attached(struct store_conn *c, const struct complaint *cp, json_t *files, int more,
		int64_t mail_id, const struct wf_actor *who, int64_t now, struct kesu_err *err)
{
	json_t *d = json_pack("{s:O}", "attachments", files);
	if (more)
		json_object_set_new(d, "attachments_more", json_integer(more));
	if (mail_id)
		json_object_set_new(d, "mail_id", json_integer(mail_id));
	int rc = notice_event(c, cp->id, "attachment_added", who->name, now, d, NULL, NULL, err);
	json_decref(d);
	return rc;
}

int wf_link_suggested(struct store_conn *c, const struct complaint *cp,
		      const struct complaint *other, const char *why, int64_t now,
		      struct kesu_err *err)
{
	/* internal: the customer's other complaint is the team's to judge */
	json_t *d = json_pack("{s:s,s:I,s:s,s:s}", "tracking_no", other->tracking_no, "complaint_id",
			      (json_int_t)other->id, "why", why, "visibility", "internal");
	int rc = notice_event(c, cp->id, "suggested_link", wf_system.name, now, d, NULL, NULL, err);
	json_decref(d);
	return rc;
}

int wf_guide_step(struct store_conn *c, const struct complaint *cp, int step, const char *key,
		  int done, const char *note, const struct wf_actor *who, int64_t now,
		  struct arena *a, struct guide_done *out, struct event *e, struct kesu_err *err)
{
	if (wf_not_closed(cp, err))
		return kesu_refuse(err, KE_CONFLICT, KR_CLOSED, "",
				   "the complaint is closed: reopen it first");
	struct guide_done state[GUIDE_STEPS];
	int rc = store_guide_of(c, cp->id, a, state, err);
	if (rc)
		return rc;
	int was = state[step - 1].done_at != 0;
	*out = state[step - 1];
	/* checking off a step that is done (or on one that is not) writes
	 * nothing, unless it brings a note */
	if (was == done && !note)
		return 0;
	if (was != done) {
		if ((rc = store_guide_set(c, cp->id, step, done, now, who->name, err)))
			return rc;
		*out = done ? (struct guide_done){now, who->name} : (struct guide_done){0, NULL};
	}
	json_t *d = json_pack("{s:i,s:s,s:b,s:s?,s:s}", "step", step, "key", key, "done", done,
			      "note", note, "visibility", "internal");
	rc = notice_event(c, cp->id, "guide_step", who->name, now, d, a, e, err);
	json_decref(d);
	return rc;
}

int wf_channel_move(struct store_conn *c, const struct complaint *cp, const char *channel,
		    const char *note, const struct wf_actor *who, int64_t now,
		    struct complaint *after, struct kesu_err *err)
{
	if (wf_not_closed(cp, err))
		return -err->code;
	if (enum_input(en_conversation_channel, channel) < 0)
		return kesu_fail(err, KE_INVALID_VALUE, "channel", "must be one of: %s",
				 "phone, sms, email, chat, video, in_person, visit");
	*after = *cp;
	after->v[CF_CONVERSATION_CHANNEL] = channel;
	after->version = cp->version + 1;
	after->updated_at = now;
	int rc = store_complaint_update(c, cp, after, 0, err);
	if (rc)
		return rc;
	json_t *d = json_pack("{s:s?,s:s,s:s?}", "from", cp->v[CF_CONVERSATION_CHANNEL], "to",
			      channel, "note", note);
	rc = notice_event(c, cp->id, "channel_moved", who->name, now, d, NULL, NULL, err);
	json_decref(d);
	return rc;
}

