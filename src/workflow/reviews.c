/*
 * reviews.c - neutral and negative reviews (中差评, domain.md 8), the only
 * writer of a review's history: a review taken in, its buyer contacted at
 * the time its playbook says, the buyer's answer, the how-to-change message
 * and the friendly reminders, the moves between the buyer groups, and the
 * public reply to a review that stays.
 *
 * The playbook follows the review's age and seriousness: a new review of
 * a simple problem is contacted within the next working hour; a serious
 * one (or a deep misunderstanding) not before 24 hours after it was
 * posted; one older than a month gets a short apology with an offer; one
 * older than six months is never brought up again, its buyer joins the
 * invitation list for the next occasion.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../util/clock.h"
#include "workflow_int.h"

#define HOUR_MS 3600000LL
#define SERIOUS_WAIT_MS (24 * HOUR_MS)

const char *const wf_review_groups[] = {"neutral", "negative", "agreed", "changed", "kept", NULL};
const char *const wf_review_playbooks[] = {"new", "month", "half_year", NULL};
const char *const wf_review_platforms[] = {"taobao",   "tmall",   "jd",	"pinduoduo",
					   "meituan", "dianping", "douyin", "other", NULL};
const char *const wf_review_methods[] = {"phone", "sms", "platform", "wechat", "email", NULL};

int wf_review_one_of(const char *const *list, const char *s)
{
	for (int i = 0; s && list[i]; i++)
		if (strcmp(list[i], s) == 0)
			return i;
	return -1;
}

/* --- the policy ------------------------------------------------------------ */

void wf_review_policy_default(struct wf_review_policy *p)
{
	*p = (struct wf_review_policy){.reminders = 2, .reminder_every_h = 24};
}

int wf_review_policy_from_json(json_t *j, struct wf_review_policy *out, struct kesu_err *err)
{
	static const char *const keys[] = {"reminders", "reminder_every_hours", "supervisor_account",
					   "news", NULL};
	struct wf_review_policy p;
	wf_review_policy_default(&p);
	if (!json_is_object(j))
		return kesu_fail(err, KE_WRONG_TYPE, "", "must be an object");
	const char *k;
	json_t *v;
	json_object_foreach(j, k, v) {
		int known = 0;
		for (int i = 0; keys[i]; i++)
			known |= strcmp(keys[i], k) == 0;
		if (!known)
			return kesu_fail(err, KE_UNKNOWN_FIELD, k,
					 "is not a member of the review policy (reminders,"
					 " reminder_every_hours, supervisor_account, news)");
	}
	if ((v = json_object_get(j, "reminders"))) {
		if (!json_is_integer(v) || json_integer_value(v) < 0 || json_integer_value(v) > 5)
			return kesu_fail(err, KE_INVALID_VALUE, "reminders",
					 "must be a whole number from 0 to 5");
		p.reminders = (int)json_integer_value(v);
	}
	if ((v = json_object_get(j, "reminder_every_hours"))) {
		if (!json_is_integer(v) || json_integer_value(v) < 1 || json_integer_value(v) > 168)
			return kesu_fail(err, KE_INVALID_VALUE, "reminder_every_hours",
					 "must be a whole number of hours from 1 to 168");
		p.reminder_every_h = (int)json_integer_value(v);
	}
	if ((v = json_object_get(j, "supervisor_account")) && !json_is_null(v)) {
		if (!json_is_string(v) || json_string_length(v) > 120)
			return kesu_fail(err, KE_INVALID_VALUE, "supervisor_account",
					 "must be text of at most 120 characters: where the buyer"
					 " reaches the supervisor (a shop account, a phone)");
		snprintf(p.supervisor_account, sizeof p.supervisor_account, "%s",
			 json_string_value(v));
	}
	if ((v = json_object_get(j, "news")) && !json_is_null(v)) {
		if (!json_is_object(v))
			return kesu_fail(err, KE_WRONG_TYPE, "news",
					 "must be an object of texts by language (zh-CN, zh-TW, en)");
		json_t *t;
		json_object_foreach(v, k, t) {
			int l = lang_of(k);
			if (strcmp(k, "zh-CN") && strcmp(k, "zh-TW") && strcmp(k, "en"))
				return kesu_fail(err, KE_UNKNOWN_FIELD, "news",
						 "languages are zh-CN, zh-TW and en");
			if (!json_is_string(t) || json_string_length(t) > 300)
				return kesu_fail(err, KE_INVALID_VALUE, "news",
						 "each must be text of at most 300 bytes");
			snprintf(p.news[l], sizeof p.news[l], "%s", json_string_value(t));
		}
	}
	*out = p;
	return 0;
}

json_t *wf_review_policy_to_json(const struct wf_review_policy *p)
{
	json_t *news = json_object();
	static const char *const langs[] = {"zh-CN", "zh-TW", "en"};
	for (int l = 0; l < LANG__COUNT; l++)
		if (p->news[l][0])
			json_object_set_new(news, langs[l], json_string(p->news[l]));
	return json_pack("{s:i,s:i,s:s?,s:o}", "reminders", p->reminders, "reminder_every_hours",
			 p->reminder_every_h,
			 "supervisor_account", p->supervisor_account[0] ? p->supervisor_account : NULL,
			 "news", news);
}

static int policy_parse(json_t *j, void *out, struct kesu_err *err)
{
	return wf_review_policy_from_json(j, out, err);
}

int wf_review_policy_read(struct store_conn *c, struct wf_review_policy *out,
			  struct kesu_err *err)
{
	wf_review_policy_default(out);
	return wf_setting_read(c, "review_policy", policy_parse, out, err);
}

/* --- the playbook ------------------------------------------------------------ */

/* The instant `months` calendar months after at, in the business zone
 * (the 31st of a shorter month is its last day). */
static int64_t months_after(int64_t at, int months)
{
	int32_t day = cal_day_of(at);
	int64_t into = at - cal_day_start(day);
	int y, m, d;
	cal_civil(day, &y, &m, &d);
	int32_t first = cal_from_civil(y, m + months, 1), next = cal_from_civil(y, m + months + 1, 1);
	int32_t to = first + (d - 1 < next - first ? d - 1 : next - first - 1);
	return cal_day_start(to) + into;
}

enum wf_review_playbook wf_review_age(const struct review *r, int64_t now)
{
	/* the age that counts is the one at the first contact: the playbook
	 * then chosen is the one that was followed */
	int64_t at = r->first_contact_at ? r->first_contact_at : now;
	if (at >= months_after(r->posted_at, 6))
		return RV_HALF_YEAR;
	if (at >= months_after(r->posted_at, 1))
		return RV_MONTH;
	return RV_NEW;
}

enum wf_review_playbook wf_review_playbook(const struct review *r, int64_t now)
{
	int set = wf_review_one_of(wf_review_playbooks, r->age_set);
	return set >= 0 ? (enum wf_review_playbook)set : wf_review_age(r, now);
}

int64_t wf_review_not_before(const struct review *r, int64_t now)
{
	return r->serious && wf_review_playbook(r, now) == RV_NEW ? r->posted_at + SERIOUS_WAIT_MS : 0;
}

static int finished_group(const char *g)
{
	return strcmp(g, "changed") == 0 || strcmp(g, "kept") == 0;
}

/* When the next act on r falls due: the contact clock's breach, the next
 * reminder; 0: none. */
static int64_t next_at(const struct review *r)
{
	int64_t t = 0;
	if (r->contact_due_at && !r->first_contact_at && !r->breached_at)
		t = r->contact_due_at;
	if (r->next_reminder_at && (!t || r->next_reminder_at < t))
		t = r->next_reminder_at;
	return t;
}

/* Sets the contact clock of a review nobody has contacted yet, from
 * `from` (when the shop got it, or when an agent changed what it is). */
static void settle_due(const struct wf_settings *s, struct review *r, int64_t from, int64_t now)
{
	r->contact_due_at = 0;
	if (r->first_contact_at || (strcmp(r->group, "neutral") && strcmp(r->group, "negative")))
		return;
	switch (wf_review_playbook(r, now)) {
	case RV_NEW: {
		/* a serious review waits 24 hours; its clock starts then */
		int64_t start = from;
		if (r->serious && r->posted_at + SERIOUS_WAIT_MS > start)
			start = r->posted_at + SERIOUS_WAIT_MS;
		r->contact_due_at = cal_add(&s->cal, start, HOUR_MS);
		break;
	}
	case RV_MONTH:
		r->contact_due_at = cal_add(&s->cal, from, cal_day_length(&s->cal));
		break;
	case RV_HALF_YEAR:
		/* never called about the old case: invited to the next occasion */
		if (!r->invited_at)
			r->invited_at = now;
		break;
	}
	if (r->contact_due_at < 0)
		r->contact_due_at = 0;
}

static int event(struct store_conn *c, const struct review *r, const char *kind, const char *actor,
		 int64_t now, json_t *d, struct kesu_err *err)
{
	char *text = d ? json_dumps(d, JSON_COMPACT) : NULL;
	json_decref(d);
	struct review_event e = {.review_id = r->id, .kind = kind, .actor = actor, .at = now,
				 .data = text};
	int rc = store_review_event_insert(c, &e, err);
	free(text);
	return rc;
}

/* The how-to-change message or a reminder, by SMS to the phone the shop
 * has for the order, else by the platform's message channel (the webhooks
 * subscribed to its kind: a platform connector). */
static int message(struct store_conn *c, struct review *r, const char *kind, int reminder,
		   int64_t now, struct kesu_err *err)
{
	json_t *d = json_pack("{s:I,s:s,s:s,s:s,s:s?,s:s?}", "review_id", (json_int_t)r->id,
			      "platform", r->platform, "buyer", r->buyer, "order_ref", r->order_ref,
			      "link", r->link, "product", r->product);
	if (reminder)
		json_object_set_new(d, "reminder", json_integer(reminder));
	char *text = json_dumps(d, JSON_COMPACT);
	json_decref(d);
	const char *channel = r->contact ? "sms" : "platform";
	struct outbox_item o = {.audience = "customer", .kind = kind, .channel = channel,
				.recipient = r->contact, .language = r->language, .data = text,
				.created_at = now};
	int rc = text ? store_outbox_put(c, &o, err) : kesu_fail(err, KE_INTERNAL, "", "out of memory");
	free(text);
	if (!rc)
		rc = event(c, r, "review_message", "system", now,
			   json_pack("{s:s,s:s,s:I,s:i}", "kind", kind, "channel", channel,
				     "outbox_id", (json_int_t)o.id, "reminder", reminder),
			   err);
	return rc;
}

static int save(struct store_conn *c, struct review *r, int64_t now, struct kesu_err *err)
{
	r->next_at = next_at(r);
	/* the agents' due list: the first contact's clock, else the call booked */
	r->due_at = !r->first_contact_at && r->contact_due_at ? r->contact_due_at : r->call_at;
	r->updated_at = now;
	return store_review_update(c, r, err);
}

static int move(struct store_conn *c, struct review *r, const char *to, const char *reason,
		const char *actor, int64_t now, struct kesu_err *err)
{
	const char *from = r->group;
	if (strcmp(from, to) == 0)
		return 0;
	r->group = to;
	/* each stamp says the review is in its group now: a move out clears it */
	r->changed_at = strcmp(to, "changed") == 0 ? now : 0;
	r->kept_at = strcmp(to, "kept") == 0 ? now : 0;
	if (strcmp(to, "agreed") != 0)
		r->next_reminder_at = 0;
	if (strcmp(to, "changed") == 0 || strcmp(to, "kept") == 0) {
		/* settled: no contact is due any more */
		r->contact_due_at = 0;
		r->call_at = 0;
	} else if (strcmp(to, "neutral") == 0 || strcmp(to, "negative") == 0) {
		/* back to be handled: a buyer nobody contacted gets a clock again */
		const struct wf_settings *s = wf_settings(c, err);
		if (!s)
			return -err->code;
		settle_due(s, r, now, now);
	}
	return event(c, r, "review_group_changed", actor, now,
		     json_pack("{s:s,s:s,s:s?}", "from", from, "to", to, "reason", reason), err);
}

/* When the next reminder goes: after the interval, in the day (09:00 to
 * 21:00 in the business zone, any day: shops sell at weekends), never a
 * message to a buyer at night. */
static int64_t reminder_at(const struct wf_review_policy *p, int64_t now)
{
	int64_t t = now + (int64_t)p->reminder_every_h * HOUR_MS;
	int32_t day = cal_day_of(t);
	int64_t into = t - cal_day_start(day);
	if (into < 9 * HOUR_MS)
		return cal_day_start(day) + 9 * HOUR_MS;
	if (into >= 21 * HOUR_MS)
		return cal_day_start(day + 1) + 9 * HOUR_MS;
	return t;
}

/* The team and the agent named exist (KE_INVALID_VALUE naming the field). */
static int staff_check(struct store_conn *c, int64_t team_id, int64_t user_id,
		       struct kesu_err *err)
{
	struct arena *a = arena_new();
	struct team t;
	struct user u;
	int rc = 0;
	if (team_id && (rc = store_team_get(c, team_id, NULL, a, &t, err)) == -KE_NOT_FOUND)
		rc = kesu_fail(err, KE_INVALID_VALUE, "team_id", "names no team");
	if (!rc && user_id && (rc = store_user_get(c, user_id, NULL, a, &u, err)) == -KE_NOT_FOUND)
		rc = kesu_fail(err, KE_INVALID_VALUE, "assignee_id", "names no user");
	arena_free(a);
	return rc;
}

/* --- the verbs ------------------------------------------------------------------- */

int wf_review_receive(struct store_conn *c, struct review *r, const struct wf_actor *who,
		      int64_t now, struct arena *a, int *existing, struct kesu_err *err)
{
	const struct wf_settings *s = wf_settings(c, err);
	if (!s)
		return -err->code;
	if (r->posted_at > now + 5 * 60000)
		return kesu_fail(err, KE_INVALID_VALUE, "posted_at", "is in the future");
	int rc = staff_check(c, r->team_id, 0, err);
	if (rc)
		return rc;
	r->group = r->rating;
	r->posted_day = cal_day_of(r->posted_at);
	r->received_at = r->created_at = r->updated_at = now;
	settle_due(s, r, now, now);
	r->next_at = next_at(r);
	rc = store_review_insert(c, r, a, existing, err);
	if (rc || *existing)
		return rc;
	enum wf_review_playbook pb = wf_review_playbook(r, now);
	rc = event(c, r, "review_received", who->name, now,
		   json_pack("{s:s,s:s,s:s,s:b,s:o}", "platform", r->platform, "rating", r->rating,
			     "playbook", wf_review_playbooks[pb], "serious", r->serious,
			     "contact_due_at", notice_time(r->contact_due_at)),
		   err);
	if (!rc && r->invited_at)
		rc = event(c, r, "review_invited", "system", now, NULL, err);
	return rc;
}

int wf_review_edit(struct store_conn *c, struct review *r, const struct wf_review_change *e,
		   const struct wf_actor *who, int64_t now, struct kesu_err *err)
{
	const struct wf_settings *s = wf_settings(c, err);
	if (!s)
		return -err->code;
	int rc = staff_check(c, e->set_team ? e->team_id : 0, e->set_assignee ? e->assignee_id : 0,
			     err), clock = 0;
	if (rc)
		return rc;
	json_t *d = json_object();
	if (e->set_serious && (e->serious != 0) != (r->serious != 0)) {
		if (!e->serious_reason)
			rc = kesu_fail(err, KE_MISSING_FIELD, "serious_reason",
				       "is required: why the problem is (not) serious");
		json_object_set_new(d, "serious", json_pack("{s:b,s:b}", "from", r->serious, "to",
							    e->serious));
		r->serious = e->serious;
		r->serious_reason = e->serious_reason;
		clock = 1;
	}
	if (!rc && e->set_age) {
		if (e->age && !e->age_reason)
			rc = kesu_fail(err, KE_MISSING_FIELD, "age_reason",
				       "is required: why the review is handled as of another age");
		json_object_set_new(d, "age", json_pack("{s:s?,s:s?}", "from", r->age_set, "to", e->age));
		r->age_set = e->age;
		r->age_reason = e->age ? e->age_reason : NULL;
		clock = 1;
	}
	if (!rc && e->cause && !(r->cause && strcmp(r->cause, e->cause) == 0)) {
		if (!(rc = wf_cause_active(c, e->cause, NULL, err))) {
			json_object_set_new(d, "cause", json_pack("{s:s?,s:s}", "from", r->cause, "to",
								  e->cause));
			r->cause = e->cause;
		}
	}
	if (!rc && e->set_complaint && e->complaint_id != r->complaint_id) {
		json_object_set_new(d, "complaint_id", e->complaint_id ? json_integer(e->complaint_id)
								       : json_null());
		r->complaint_id = e->complaint_id;
	}
	if (!rc && e->set_assignee && e->assignee_id != r->assignee_id) {
		json_object_set_new(d, "assignee_id",
				    e->assignee_id ? json_integer(e->assignee_id) : json_null());
		r->assignee_id = e->assignee_id;
	}
	if (!rc && e->set_team && e->team_id != r->team_id) {
		json_object_set_new(d, "team_id", e->team_id ? json_integer(e->team_id) : json_null());
		r->team_id = e->team_id;
	}
	if (rc || !json_object_size(d)) {
		json_decref(d);
		return rc;
	}
	/* what the review is decides when to call: the clock starts again
	 * from the change (never earlier than a serious review's wait) */
	if (clock && !r->first_contact_at) {
		int was_invited = r->invited_at != 0;
		settle_due(s, r, now, now);
		json_object_set_new(d, "contact_due_at", notice_time(r->contact_due_at));
		if (!was_invited && r->invited_at &&
		    (rc = event(c, r, "review_invited", who->name, now, NULL, err))) {
			json_decref(d);
			return rc;
		}
	}
	rc = event(c, r, "review_edited", who->name, now, d, err);
	return rc ? rc : save(c, r, now, err);
}

int wf_review_contact(struct store_conn *c, struct review *r, struct review_contact *k,
		      const char *cause, const struct wf_actor *who, int64_t now,
		      struct kesu_err *err)
{
	const struct wf_settings *s = wf_settings(c, err);
	if (!s)
		return -err->code;
	char when[40];
	if (k->at > now + 60000)
		return kesu_fail(err, KE_INVALID_VALUE, "at",
				 "is in the future: record a contact once it was made");
	if (k->at < r->posted_at)
		return kesu_fail(err, KE_INVALID_VALUE, "at", "is before the review was posted (%s)",
				 clock_format(r->posted_at, when, sizeof when));
	int64_t wait = wf_review_not_before(r, k->at);
	if (wait && k->at < wait)
		return kesu_fail(err, KE_CONFLICT, "at",
				 "a serious problem or a deep misunderstanding: the buyer is not"
				 " contacted before 24 hours after posting (%s)",
				 clock_format(wait, when, sizeof when));
	if (k->outcome && !k->reached)
		return kesu_fail(err, KE_INVALID_VALUE, "outcome",
				 "is only for a buyer who was reached");
	if (k->appointment_at && k->appointment_at <= now)
		return kesu_fail(err, KE_INVALID_VALUE, "appointment_at",
				 "must be an exact time in the future (tomorrow 11:30, not"
				 " 'tomorrow')");
	if (k->outcome && strcmp(r->group, "changed") == 0)
		return kesu_fail(err, KE_CONFLICT, "outcome",
				 "the buyer changed the review already");
	/* older than six months: the old case is not brought up, so there is
	 * nothing to agree on (an agent who judges it younger sets its age) */
	if (k->outcome && wf_review_playbook(r, k->at) == RV_HALF_YEAR)
		return kesu_fail(err, KE_CONFLICT, "outcome",
				 "a review older than six months is not brought up with the"
				 " buyer: record the invitation without an outcome, or set the"
				 " review's age with a reason");
	int rc = 0;
	if (cause && !(r->cause && strcmp(cause, r->cause) == 0)) {
		if ((rc = wf_cause_active(c, cause, NULL, err)))
			return rc;
		r->cause = cause;
	}
	/* no review is finished without its cause: an answer ends the talk */
	if (k->outcome && !r->cause)
		return kesu_fail(err, KE_MISSING_FIELD, "cause",
				 "is required before the buyer's answer is recorded: what the"
				 " review was about (GET /api/v1/causes)");
	k->review_id = r->id;
	k->by_id = who->user_id;
	k->by_name = who->name;
	k->recorded_at = now;
	if ((rc = store_review_contact_insert(c, k, err)))
		return rc;
	if (!r->first_contact_at || k->at < r->first_contact_at) {
		r->first_contact_at = k->at;
		r->first_contact_by = who->user_id;
		/* the clock is met or missed by the first contact's own time,
		 * whenever it is recorded */
		if (r->contact_due_at && !r->breached_at && r->first_contact_at > r->contact_due_at)
			r->breached_at = now;
		else if (r->breached_at && r->contact_due_at &&
			 r->first_contact_at <= r->contact_due_at)
			r->breached_at = 0;
	}
	if (k->reached && (!r->reached_at || k->at < r->reached_at))
		r->reached_at = k->at;
	/* a call booked is the next thing due; a contact made without one
	 * (or an answer) leaves nothing booked */
	r->call_at = k->outcome ? 0 : k->appointment_at;
	rc = event(c, r, "review_contact", who->name, now,
		   json_pack("{s:I,s:o,s:s,s:b,s:s?,s:s?,s:o}", "contact_id", (json_int_t)k->id,
			     "at", notice_time(k->at), "method", k->method, "reached", k->reached,
			     "outcome", k->outcome, "note", k->note, "appointment_at",
			     notice_time(k->appointment_at)),
		   err);
	if (!rc && k->outcome && strcmp(k->outcome, "agreed") == 0) {
		struct wf_review_policy p;
		r->contact_due_at = 0;
		r->agreed_at = k->at;
		r->agreed_by = who->user_id;
		r->reminders = 0;
		if (!(rc = wf_review_policy_read(c, &p, err)) &&
		    !(rc = move(c, r, "agreed", NULL, who->name, now, err)))
			rc = message(c, r, "review_change", 0, now, err);
		/* reminders only while it is not changed; with none, the
		 * review is kept one interval after the message */
		if (!rc)
			r->next_reminder_at = p.reminders ? reminder_at(&p, now)
							  : now + (int64_t)p.reminder_every_h * HOUR_MS;
	} else if (!rc && k->outcome) {
		rc = move(c, r, "kept", "declined", who->name, now, err);
	}
	return rc ? rc : save(c, r, now, err);
}

int wf_review_move(struct store_conn *c, struct review *r, const char *to, const char *reason,
		   const struct wf_actor *who, int64_t now, struct kesu_err *err)
{
	int g = wf_review_one_of(wf_review_groups, to);
	if (g < 0)
		return kesu_fail(err, KE_INVALID_VALUE, "group",
				 "must be changed, kept, neutral or negative");
	if (strcmp(to, "agreed") == 0)
		return kesu_fail(err, KE_CONFLICT, "group",
				 "a buyer agrees on a contact: record it with POST"
				 " /api/v1/reviews/{id}/contacts and outcome agreed");
	if (strcmp(r->group, to) == 0)
		return kesu_fail(err, KE_CONFLICT, "group", "the review is in %s already", to);
	if (finished_group(to) && !r->cause)
		return kesu_fail(err, KE_MISSING_FIELD, "cause",
				 "is required: no review is finished without its cause (PATCH the"
				 " review first)");
	if (!finished_group(to) && !reason)
		return kesu_fail(err, KE_MISSING_FIELD, "reason",
				 "is required to move a review back to %s", to);
	if (!finished_group(to) && strcmp(to, r->rating) != 0)
		return kesu_fail(err, KE_INVALID_VALUE, "group",
				 "a %s review goes back to %s, not %s", r->rating, r->rating, to);
	int rc = move(c, r, to, reason, who->name, now, err);
	return rc ? rc : save(c, r, now, err);
}

/* --- the public reply ------------------------------------------------------------ */

/* Words that make a reply sound defensive or hard: later buyers read it. */
static const struct {
	const char *word, *why;
} defensive[] = {
	{"恶意", "accuses the buyer of malice"},
	{"差评师", "accuses the buyer of being a paid reviewer"},
	{"敲诈", "accuses the buyer of extortion"},
	{"勒索", "accuses the buyer of extortion"},
	{"职业", "suggests a professional complainer"},
	{"不可能", "denies flatly"},
	{"你自己", "blames the buyer"},
	{"您自己", "blames the buyer"},
	{"自己的问题", "blames the buyer"},
	{"不是我们的问题", "denies responsibility"},
	{"与我们无关", "denies responsibility"},
	{"与本店无关", "denies responsibility"},
	{"和本店无关", "denies responsibility"},
	{"和我们无关", "denies responsibility"},
	{"跟我们无关", "denies responsibility"},
	{"不负责", "refuses responsibility"},
	{"爱买不买", "is hostile"},
	{"请不要", "lectures the buyer"},
	{"造謠", "accuses the buyer of lying"},
	{"造谣", "accuses the buyer of lying"},
	{"撒谎", "accuses the buyer of lying"},
	{"说谎", "accuses the buyer of lying"},
	{"诬陷", "accuses the buyer"},
	{"法律责任", "threatens the buyer"},
	{"起诉", "threatens the buyer"},
	{"律师", "threatens the buyer"},
	{"your fault", "blames the buyer"},
	{"you should have", "blames the buyer"},
	{"not our problem", "denies responsibility"},
	{"liar", "accuses the buyer of lying"},
	{"fake review", "accuses the buyer"},
	{"legal action", "threatens the buyer"},
};

json_t *wf_review_tone(const char *text)
{
	json_t *w = json_array();
	for (size_t i = 0; text && i < sizeof defensive / sizeof *defensive; i++) {
		if (!defensive[i].why)
			continue;
		const char *hit = strcasestr(text, defensive[i].word);
		if (hit)
			json_array_append_new(w, json_pack("{s:s,s:s}", "words", defensive[i].word,
							   "why", defensive[i].why));
	}
	return w;
}

/* "12月10日上午11:15" / "12月10日 11:15" / "Dec 10, 11:15" in the business zone. */
static void exact_time(int64_t ms, int lang, char *buf, size_t size)
{
	int32_t day = cal_day_of(ms);
	int y, m, d;
	cal_civil(day, &y, &m, &d);
	int minutes = (int)((ms - cal_day_start(day)) / 60000);
	int h = minutes / 60, mi = minutes % 60;
	static const char *const months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
					     "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
	if (lang == LANG_EN) {
		snprintf(buf, size, "%s %d at %d:%02d", months[(m - 1) % 12], d, h, mi);
		return;
	}
	/* the handbook's way of naming a time: 上午11:15、晚上8:25 */
	const char *part = h < 6 ? "凌晨" : h < 12 ? "上午" : h < 13 ? "中午" : h < 18 ? "下午" : "晚上";
	snprintf(buf, size, "%d月%d日%s%d:%02d", m, d, part, h > 12 ? h - 12 : h, mi);
}

char *wf_review_reply_draft(struct store_conn *c, const struct review *r, const char *language,
			    struct arena *a, struct kesu_err *err)
{
	struct review_contact *k;
	int n;
	struct wf_review_policy p;
	int lang = lang_of(language ? language : r->language);
	if (store_review_contacts(c, r->id, a, &k, &n, err) || wf_review_policy_read(c, &p, err))
		return NULL;
	/* the attempts that did not reach the buyer, and the talks that did,
	 * each at its exact time: later buyers see the shop tried */
	char times[2][1024] = {"", ""};
	size_t used[2] = {0, 0};
	int listed[2] = {0, 0};
	for (int i = 0; i < n; i++) {
		int w = k[i].reached != 0;
		char t[64];
		if (listed[w] >= 6 || used[w] + sizeof t >= sizeof times[w])
			continue;
		exact_time(k[i].at, lang, t, sizeof t);
		used[w] += (size_t)snprintf(times[w] + used[w], sizeof times[w] - used[w], "%s%s",
					    listed[w] ? (lang == LANG_EN ? ", " : "、") : "", t);
		listed[w]++;
	}
	const char *sup = p.supervisor_account[0] ? p.supervisor_account : NULL;
	const char *news = p.news[lang][0] ? p.news[lang] : NULL;
	const char *buyer = r->buyer;
	if (lang == LANG_EN)
		return arena_printf(
			a,
			"Dear %s, we are truly sorry that this order did not meet your expectations. "
			"%s%s%s%s%s%s"
			"If you are willing, please contact our customer service supervisor%s%s%s; "
			"we will put it right for you personally. %s%s"
			"Thank you for telling us: every review helps us do better.",
			buyer, listed[0] ? "As soon as we saw your review we tried to reach you (" : "",
			listed[0] ? times[0] : "", listed[0] ? "), but could not get through. " : "",
			listed[1] ? "We talked with you (" : "", listed[1] ? times[1] : "",
			!listed[1]     ? ""
			: r->agreed_at ? ") and thank you for your understanding then. "
				       : ") and are sorry we could not yet find a solution you were"
					 " happy with. ",
			sup ? " (" : "", sup ? sup : "", sup ? ")" : "", news ? news : "",
			news ? " " : "");
	int tw = lang == LANG_ZH_TW;
	return arena_printf(
		a, "%s%s%s%s%s%s%s%s%s%s%s%s%s%s%s%s", tw ? "親愛的" : "亲爱的", buyer,
		tw ? "，非常抱歉這次的購物體驗沒有讓您滿意。" : "，非常抱歉这次的购物体验没有让您满意。",
		listed[0] ? (tw ? "看到您的評價後，我們曾在" : "看到您的评价后，我们曾在") : "",
		listed[0] ? times[0] : "",
		listed[0] ? (tw ? "聯繫您，希望了解詳細情況，可惜未能聯繫上。"
				: "联系您，希望了解详细情况，可惜未能联系上。")
			  : "",
		listed[1] ? (tw ? "我們也在" : "我们也在") : "", listed[1] ? times[1] : "",
		!listed[1] ? ""
		: r->agreed_at ? (tw ? "與您溝通過，感謝您當時的理解。" : "与您沟通过，感谢您当时的理解。")
			       : (tw ? "與您溝通過，很遺憾還沒能拿出讓您滿意的方案。"
				     : "与您沟通过，很遗憾还没能拿出让您满意的方案。"),
		tw ? "如您願意，請聯繫我們的客服主管" : "如您愿意，请联系我们的客服主管",
		sup ? "（" : "", sup ? sup : "", sup ? "）" : "",
		tw ? "，我們會親自為您處理。" : "，我们会亲自为您处理。", news ? news : "",
		tw ? "感謝您的回饋，我們會繼續改進。" : "感谢您的反馈，我们会继续改进。");
}

int wf_review_reply(struct store_conn *c, struct review *r, const char *text, int posted,
		    const struct wf_actor *who, int64_t now, struct kesu_err *err)
{
	if (strcmp(r->group, "kept") != 0)
		return kesu_fail(err, KE_CONFLICT, "group",
				 "a public reply is written for a review that stays (kept); this"
				 " one is %s",
				 r->group);
	if (r->reply_posted_at)
		return kesu_fail(err, KE_CONFLICT, "posted",
				 "the reply was posted already: change it on the platform");
	json_t *w = wf_review_tone(text);
	json_t *d = json_pack("{s:s,s:b,s:O}", "text", text, "posted", posted, "warnings", w);
	json_decref(w);
	r->reply_text = text;
	if (posted) {
		r->reply_posted_at = now;
		r->reply_posted_by = who->name;
	}
	int rc = event(c, r, posted ? "review_reply_posted" : "review_reply_drafted", who->name,
		       now, d, err);
	return rc ? rc : save(c, r, now, err);
}

int wf_review_connector(struct store_conn *c, struct review *r, const char *what,
			int64_t now, struct kesu_err *err)
{
	/* the platform says the buyer changed or withdrew the review: that is
	 * the outcome itself, whatever group the shop had it in */
	if (strcmp(r->group, "changed") == 0)
		return 0;
	int rc = move(c, r, "changed", what, "platform", now, err);
	return rc ? rc : save(c, r, now, err);
}

int wf_reviews_tick(struct store_conn *c, int64_t now, int limit, struct arena *a, int *done,
		    struct kesu_err *err)
{
	struct review *items;
	int n;
	struct wf_review_policy p;
	int rc = wf_review_policy_read(c, &p, err);
	if (!rc)
		rc = store_reviews_due(c, now, limit, a, &items, &n, err);
	for (int i = 0; !rc && i < n; i++) {
		struct review *r = &items[i];
		if (r->contact_due_at && !r->first_contact_at && !r->breached_at &&
		    r->contact_due_at <= now) {
			/* missing the contact clock is a breach like any other */
			r->breached_at = now;
			rc = event(c, r, "review_contact_breached", "system", now,
				   json_pack("{s:o}", "due_at", notice_time(r->contact_due_at)), err);
		}
		if (!rc && r->next_reminder_at && r->next_reminder_at <= now &&
		    strcmp(r->group, "agreed") == 0) {
			if (r->reminders < p.reminders) {
				/* a friendly message, never a phone task */
				r->reminders++;
				/* the move to kept needs no working hours; a reminder does */
				r->next_reminder_at =
					r->reminders < p.reminders
						? reminder_at(&p, now)
						: now + (int64_t)p.reminder_every_h * HOUR_MS;
				rc = message(c, r, "review_reminder", r->reminders, now, err);
			} else {
				rc = move(c, r, "kept", "not changed after the reminders", "system",
					  now, err);
			}
		} else if (r->next_reminder_at && strcmp(r->group, "agreed") != 0) {
			r->next_reminder_at = 0;
		}
		if (!rc)
			rc = save(c, r, now, err);
		if (!rc)
			(*done)++;
	}
	return rc;
}

/* --- reading a review from outside ---------------------------------------------- */

static const struct field_def rf_order = {NULL, "order_ref", "order_ref", FK_TEXT, 64, NULL, ""};
static const struct field_def rf_buyer = {NULL, "buyer", "buyer", FK_TEXT, 64, NULL, ""};
static const struct field_def rf_shop = {NULL, "shop", "shop", FK_TEXT, 100, NULL, ""};
static const struct field_def rf_ext = {NULL, "external_id", "external_id", FK_TEXT, 100, NULL, ""};
static const struct field_def rf_contact = {NULL, "contact", "contact", FK_PHONE, 32, NULL, ""};
static const struct field_def rf_text = {NULL, "text", "text", FK_MULTILINE, 5000, NULL, ""};
static const struct field_def rf_product = {NULL, "product", "product", FK_TEXT, 200, NULL, ""};
static const struct field_def rf_link = {NULL, "link", "link", FK_TEXT, 500, NULL, ""};
static const struct field_def rf_posted = {NULL, "posted_at", "posted_at", FK_DATETIME, 40, NULL,
					   ""};

static int is_url(const char *s)
{
	return s && (strncmp(s, "https://", 8) == 0 || strncmp(s, "http://", 7) == 0);
}

int wf_review_read(json_t *o, int64_t now, struct arena *a, struct review *r,
		   struct kesu_err *err)
{
	static const char *const keys[] = {"platform", "shop",	  "external_id", "order_ref",
					   "buyer",    "contact", "rating",	 "stars",
					   "text",     "photos",  "product",	 "link",
					   "language", "posted_at", "serious",	 "team_id",
					   NULL};
	memset(r, 0, sizeof *r);
	if (!json_is_object(o))
		return kesu_fail(err, KE_WRONG_TYPE, "", "a review must be a JSON object");
	const char *k;
	json_t *v;
	json_object_foreach(o, k, v) {
		int known = 0;
		for (int i = 0; keys[i]; i++)
			known |= strcmp(keys[i], k) == 0;
		if (!known)
			return kesu_fail(err, KE_UNKNOWN_FIELD, k, "is not a member of a review");
	}
	v = json_object_get(o, "platform");
	if (!v || json_is_null(v))
		return kesu_fail(err, KE_MISSING_FIELD, "platform",
				 "is required: taobao, tmall, jd, pinduoduo, meituan, dianping,"
				 " douyin or other");
	if (wf_review_one_of(wf_review_platforms, json_string_value(v)) < 0)
		return kesu_fail(err, KE_INVALID_VALUE, "platform",
				 "must be taobao, tmall, jd, pinduoduo, meituan, dianping, douyin or"
				 " other");
	r->platform = arena_strdup(a, json_string_value(v));
	v = json_object_get(o, "rating");
	if (!v || json_is_null(v))
		return kesu_fail(err, KE_MISSING_FIELD, "rating", "is required: neutral or negative");
	if (!json_is_string(v) || (strcmp(json_string_value(v), "neutral") &&
				   strcmp(json_string_value(v), "negative")))
		return kesu_fail(err, KE_INVALID_VALUE, "rating",
				 "must be neutral (中评) or negative (差评): good reviews need no"
				 " handling");
	r->rating = arena_strdup(a, json_string_value(v));
	const char *posted;
	if (field_check(&rf_order, json_object_get(o, "order_ref"), now, a, &r->order_ref, err) ||
	    field_check(&rf_buyer, json_object_get(o, "buyer"), now, a, &r->buyer, err) ||
	    field_check(&rf_shop, json_object_get(o, "shop"), now, a, &r->shop, err) ||
	    field_check(&rf_ext, json_object_get(o, "external_id"), now, a, &r->external_id, err) ||
	    field_check(&rf_contact, json_object_get(o, "contact"), now, a, &r->contact, err) ||
	    field_check(&rf_text, json_object_get(o, "text"), now, a, &r->text, err) ||
	    field_check(&rf_product, json_object_get(o, "product"), now, a, &r->product, err) ||
	    field_check(&rf_link, json_object_get(o, "link"), now, a, &r->link, err) ||
	    field_check(&rf_posted, json_object_get(o, "posted_at"), now, a, &posted, err))
		return -err->code;
	if (!r->order_ref)
		return kesu_fail(err, KE_MISSING_FIELD, "order_ref", "is required: the order reviewed");
	if (!r->buyer)
		return kesu_fail(err, KE_MISSING_FIELD, "buyer", "is required: the buyer's nickname");
	if (!posted)
		return kesu_fail(err, KE_MISSING_FIELD, "posted_at",
				 "is required: when the review was posted (RFC 3339)");
	if (clock_parse_rfc3339(posted, &r->posted_at))
		return kesu_fail(err, KE_INVALID_VALUE, "posted_at", "must be an RFC 3339 date-time");
	if (r->link && !is_url(r->link))
		return kesu_fail(err, KE_INVALID_VALUE, "link", "must be an http(s) address");
	if ((v = json_object_get(o, "stars")) && !json_is_null(v)) {
		if (!json_is_integer(v) || json_integer_value(v) < 1 || json_integer_value(v) > 5)
			return kesu_fail(err, KE_INVALID_VALUE, "stars",
					 "must be the platform's stars, 1 to 5");
		r->stars = (int)json_integer_value(v);
	}
	if ((v = json_object_get(o, "serious")) && !json_is_null(v)) {
		if (!json_is_boolean(v))
			return kesu_fail(err, KE_WRONG_TYPE, "serious", "must be true or false");
		r->serious = json_is_true(v);
	}
	r->language = "zh-CN";
	if ((v = json_object_get(o, "language")) && !json_is_null(v)) {
		const char *l = json_string_value(v);
		if (!l || (strcmp(l, "zh-CN") && strcmp(l, "zh-TW") && strcmp(l, "en")))
			return kesu_fail(err, KE_INVALID_VALUE, "language", "must be zh-CN, zh-TW or en");
		r->language = arena_strdup(a, l);
	}
	if ((v = json_object_get(o, "team_id")) && !json_is_null(v)) {
		if (!json_is_integer(v) || json_integer_value(v) <= 0)
			return kesu_fail(err, KE_WRONG_TYPE, "team_id", "must be a team id");
		r->team_id = json_integer_value(v);
	}
	if ((v = json_object_get(o, "photos")) && !json_is_null(v)) {
		size_t i;
		json_t *p;
		if (!json_is_array(v) || json_array_size(v) > 20)
			return kesu_fail(err, KE_INVALID_VALUE, "photos",
					 "must be a list of at most 20 photo addresses");
		json_array_foreach(v, i, p) {
			if (!is_url(json_string_value(p)) || json_string_length(p) > 500)
				return kesu_fail(err, KE_INVALID_VALUE, "photos",
						 "photo %zu must be an http(s) address of at most 500"
						 " characters",
						 i + 1);
		}
		char *t = json_dumps(v, JSON_COMPACT);
		r->photos = arena_strdup(a, t);
		free(t);
	}
	/* the same review twice is one review: the platform's id, else what
	 * names it on the platform */
	r->dedupe = r->external_id
			    ? arena_printf(a, "%s|id|%s", r->platform, r->external_id)
			    : arena_printf(a, "%s|%s|%s|%lld", r->platform, r->order_ref, r->buyer,
					   (long long)r->posted_at);
	return 0;
}
