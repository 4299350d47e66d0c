/*
 * incident_remedy.c - telling and remedying every customer of an incident
 * at once (domain.md 9): one message, delivered as each complaint's own
 * notice in the customer's language; one remedy standard, approved once
 * by someone whose limit covers its total and granted in each complaint's
 * own ledger. The incident's record of who was affected (the passenger
 * list, the batch's orders) is the identity check of its customers for
 * the standard, recorded as such on each; anything beyond it still needs
 * the complaint's own check.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../util/clock.h"
#include "workflow_int.h"

#define PAGE 500

/* The complaints without a channel a message lists for a call. */
#define TO_CALL_MAX 1000

/* The text of m for a customer of language lang: theirs, else zh-CN,
 * else the first given. */
static const char *text_for(json_t *texts, const char *lang)
{
	const char *t = json_string_value(json_object_get(texts, lang ? lang : "zh-CN"));
	if (!t)
		t = json_string_value(json_object_get(texts, "zh-CN"));
	if (!t) {
		const char *k;
		json_t *v;
		json_object_foreach(texts, k, v) return json_string_value(v);
	}
	return t;
}

/* Tells one complaint's customer m: the notice, the timeline event. *no
 * set when the complaint has neither phone nor address. */
static int tell(struct store_conn *c, const struct incident *i, const struct incident_message *m,
		json_t *texts, const struct complaint *cp, const char *actor, int64_t now,
		int *no_channel, struct kesu_err *err)
{
	const char *text = text_for(texts, cp->v[CF_LANGUAGE]);
	*no_channel = !cp->v[CF_PHONE] && !cp->v[CF_EMAIL];
	json_t *extra = json_pack("{s:s,s:s,s:o,s:I}", "message", text, "stage", m->stage,
				  "expected_at", notice_time(m->expected_at), "incident_id",
				  (json_int_t)i->id);
	int rc = notice_customer_with(c, cp, "incident_message", NULL, NULL, extra, now, err);
	if (!rc) {
		json_object_set_new(extra, "message_id", json_integer(m->id));
		json_object_set_new(extra, "title", json_string(i->title));
		json_object_set_new(extra, "no_channel", json_boolean(*no_channel));
		rc = notice_event(c, cp->id, "incident_message", actor, now, extra, NULL, NULL, err);
	}
	json_decref(extra);
	return rc;
}

int wf_incident_message(struct store_conn *c, struct incident *i, struct incident_message *m,
			json_t *texts, const struct wf_actor *who, int64_t now, struct arena *a,
			int *replayed, struct kesu_err *err)
{
	*replayed = 0;
	int rc;
	if (m->idem_key) {
		rc = store_incident_message_by_key(c, i->id, m->idem_key, a, m, err);
		if (rc == 0) {
			*replayed = 1;
			return 0;
		}
		if (rc != -KE_NOT_FOUND)
			return rc;
		kesu_err_clear(err);
	}
	if (!wf_incident_confirmed(i))
		return kesu_fail(err, KE_CONFLICT, "",
				 "the incident is %s: its customers are told once it is confirmed",
				 i->state);
	char *t = json_dumps(texts, JSON_COMPACT | JSON_SORT_KEYS);
	m->text = arena_strdup(a, t);
	free(t);
	m->incident_id = i->id;
	m->sent_by = who->name;
	m->sent_at = now;
	if ((rc = store_incident_message_insert(c, m, err)))
		return rc;
	json_t *to_call = json_array();
	int64_t after = 0;
	int n = PAGE, calls = 0;
	m->complaints = 0;
	while (!rc && n == PAGE) {
		struct complaint *cps;
		struct arena *page = arena_new();
		if ((rc = store_incident_complaints(c, i->id, after, PAGE, page, &cps, &n, err))) {
			arena_free(page);
			break;
		}
		for (int k = 0; !rc && k < n; k++) {
			after = cps[k].id;
			/* a merged duplicate's customer hears under the original */
			if (wf_merged(&cps[k]))
				continue;
			int none;
			if ((rc = tell(c, i, m, texts, &cps[k], who->name, now, &none, err)))
				break;
			m->complaints++;
			if (none && ++calls <= TO_CALL_MAX)
				json_array_append_new(to_call,
						      json_pack("{s:I,s:s}", "id", (json_int_t)cps[k].id,
								"tracking_no", cps[k].tracking_no));
		}
		arena_free(page);
	}
	if (calls > TO_CALL_MAX)
		json_array_append_new(to_call, json_pack("{s:i}", "more", calls - TO_CALL_MAX));
	char *tc = json_dumps(to_call, JSON_COMPACT);
	m->to_call = arena_strdup(a, tc);
	free(tc);
	json_decref(to_call);
	if (!rc)
		rc = store_incident_message_done(c, m, err);
	if (!rc && (!i->first_message_at || !strcmp(i->state, "open"))) {
		if (!i->first_message_at)
			i->first_message_at = now;
		if (!strcmp(i->state, "open"))
			i->state = "told";
		i->updated_at = now;
		rc = store_incident_update(c, i, err);
	}
	if (!rc)
		rc = wf_incident_event(c, i->id, "message_sent", who->name, now,
				       json_pack("{s:I,s:s,s:i,s:i}", "message_id", (json_int_t)m->id,
						 "stage", m->stage, "complaints", m->complaints,
						 "to_call", calls),
				       err);
	return rc;
}

/* --- the remedy standard -------------------------------------------------------------- */

/* Grants r to one complaint: its ledger, its timeline, and where the kind
 * is material and the complaint has no identity check of its own, the
 * incident's record as the check for this standard. *granted 0 when it
 * was not given (had it already, a merged duplicate, a difficult
 * customer's cap an approver below a manager may not pass: *why). */
static int grant_one(struct store_conn *c, const struct incident *i, struct incident_remedy *r,
		     const struct complaint *cp, int manager, int64_t now, struct arena *a,
		     int *granted, const char **why, struct kesu_err *err)
{
	*granted = 0;
	*why = NULL;
	int had;
	int rc = store_remedy_granted_to(c, r->id, cp->id, &had, err);
	if (rc || had)
		return rc;
	if (wf_merged(cp)) {
		*why = "merged";
		return 0;
	}
	int64_t cap;
	int capped = wf_over_cap(c, cp, r->amount_fen, 0, a, &cap, err);
	if (capped < 0)
		return capped;
	if (capped && !manager) {
		*why = "over_cap";
		return 0;
	}
	struct compensation k = {
		.complaint_id = cp->id, .type = r->type, .amount_fen = r->amount_fen,
		.note = r->note, .state = "granted", .proposed_by = r->proposed_by,
		.proposed_at = r->proposed_at, .decided_by = r->decided_by,
		.decided_at = r->decided_at ? r->decided_at : now, .incident_remedy_id = r->id,
		.decision_reason = arena_printf(a, "事件 #%lld 补偿标准", (long long)i->id)};
	if ((rc = store_compensation_insert(c, &k, err)))
		return rc;
	json_t *d = json_pack("{s:I,s:s,s:I,s:s?,s:I,s:I,s:s}", "compensation_id", (json_int_t)k.id,
			      "type", k.type, "amount_fen", (json_int_t)k.amount_fen, "note", k.note,
			      "incident_id", (json_int_t)i->id, "remedy_id", (json_int_t)r->id,
			      "title", i->title);
	rc = notice_event(c, cp->id, "compensation_granted", r->decider ? r->decider : "system", now,
			  d, NULL, NULL, err);
	json_decref(d);
	if (rc)
		return rc;
	if (enum_flags(en_compensation_kind, r->type) & EV_MATERIAL) {
		struct identity_check own;
		rc = store_identity_get(c, cp->id, a, &own, err);
		if (rc == -KE_NOT_FOUND) {
			kesu_err_clear(err);
			d = json_pack("{s:I,s:s,s:s?,s:I}", "incident_id", (json_int_t)i->id, "title",
				      i->title, "record", i->affected_record ? i->affected_record
									    : i->affected_ref,
				      "remedy_id", (json_int_t)r->id);
			rc = notice_event(c, cp->id, "identity_by_incident", "system", now, d, NULL,
					  NULL, err);
			json_decref(d);
		}
		if (rc)
			return rc;
	}
	*granted = 1;
	r->granted++;
	r->granted_fen += r->amount_fen;
	return 0;
}

/* Grants approved r to every complaint of i while the total allows;
 * *left receives how many were not granted for the total. */
static int grant_all(struct store_conn *c, struct incident *i, struct incident_remedy *r,
		     int manager, int64_t now, int *left, int *skipped, struct kesu_err *err)
{
	int64_t after = 0;
	int n = PAGE, rc = 0;
	*left = *skipped = 0;
	while (!rc && n == PAGE) {
		struct complaint *cps;
		struct arena *page = arena_new();
		if ((rc = store_incident_complaints(c, i->id, after, PAGE, page, &cps, &n, err))) {
			arena_free(page);
			break;
		}
		for (int k = 0; !rc && k < n; k++) {
			after = cps[k].id;
			if (r->granted_fen + r->amount_fen > r->max_total_fen) {
				int had;
				if (!(rc = store_remedy_granted_to(c, r->id, cps[k].id, &had, err)) &&
				    !had)
					(*left)++;
				continue;
			}
			int granted;
			const char *why;
			rc = grant_one(c, i, r, &cps[k], manager, now, page, &granted, &why, err);
			if (!rc && why && strcmp(why, "merged"))
				(*skipped)++;
		}
		arena_free(page);
	}
	return rc ? rc : store_remedy_update(c, r, err);
}

static int remedied(struct store_conn *c, struct incident *i, struct incident_remedy *r,
		    int left, int skipped, const char *actor, int64_t now, struct kesu_err *err)
{
	int rc = 0;
	if (!strcmp(i->state, "open") || !strcmp(i->state, "told")) {
		i->state = "remedied";
		i->updated_at = now;
		rc = store_incident_update(c, i, err);
	}
	return rc ? rc
		  : wf_incident_event(
			    c, i->id, "remedy_granted", actor, now,
			    json_pack("{s:I,s:s,s:I,s:I,s:I,s:i,s:i}", "remedy_id", (json_int_t)r->id,
				      "type", r->type, "amount_fen", (json_int_t)r->amount_fen,
				      "granted", (json_int_t)r->granted, "granted_fen",
				      (json_int_t)r->granted_fen, "over_total", left, "needs_manager",
				      skipped),
			    err);
}

static json_t *remedy_data(const struct incident *i, const struct incident_remedy *r)
{
	return json_pack("{s:I,s:s,s:I,s:s,s:I,s:I}", "incident_id", (json_int_t)i->id, "title",
			 i->title, "remedy_id", (json_int_t)r->id, "type", r->type, "amount_fen",
			 (json_int_t)r->amount_fen, "max_total_fen", (json_int_t)r->max_total_fen);
}

int wf_incident_remedy(struct store_conn *c, struct incident *i, struct incident_remedy *r,
		       const struct wf_actor *who, int64_t now, struct arena *a, int *replayed,
		       struct kesu_err *err)
{
	*replayed = 0;
	int rc;
	if (r->idem_key) {
		rc = store_remedy_by_key(c, i->id, r->idem_key, a, r, err);
		if (rc == 0) {
			*replayed = 1;
			return 0;
		}
		if (rc != -KE_NOT_FOUND)
			return rc;
		kesu_err_clear(err);
	}
	if (!wf_incident_confirmed(i) || !strcmp(i->state, "closed"))
		return kesu_fail(err, KE_CONFLICT, "",
				 "the incident is %s: a remedy standard is set for a confirmed incident"
				 " still open",
				 i->state);
	int kind = enum_index(en_compensation_kind, r->type);
	if (kind < 0)
		return kesu_fail(err, KE_INVALID_VALUE, "type", "must be one of: %s",
				 enum_list(en_compensation_kind, a));
	int64_t total = r->amount_fen * (int64_t)i->complaints;
	if (!r->max_total_fen && !i->complaints)
		return kesu_fail(err, KE_MISSING_FIELD, "max_total_fen",
				 "the incident has no complaints yet: give the total the standard may"
				 " reach, in fen");
	if (!r->max_total_fen)
		r->max_total_fen = total;
	if (r->max_total_fen < total || r->max_total_fen < r->amount_fen) {
		rc = kesu_fail(err, KE_INVALID_VALUE, "max_total_fen",
			       "must cover the amount for each of the %d complaints linked now"
			       " (%lld fen)",
			       i->complaints, (long long)(total > r->amount_fen ? total : r->amount_fen));
		kesu_param_int(err, "total_fen", total);
		return rc;
	}
	int64_t limit;
	if ((rc = wf_user_limit(c, who->user_id, kind, a, &limit, err)))
		return rc;
	r->incident_id = i->id;
	r->proposed_by = who->user_id;
	r->proposed_at = now;
	r->proposer = who->name;
	/* one decision for all: the limit answers for the whole total */
	if (r->max_total_fen <= limit) {
		r->state = "approved";
		r->decided_by = who->user_id;
		r->decided_at = now;
		r->decider = who->name;
		if ((rc = store_remedy_insert(c, r, err)) ||
		    (rc = wf_incident_event(c, i->id, "remedy_approved", who->name, now,
					    remedy_data(i, r), err)))
			return rc;
		int left, skipped;
		if ((rc = grant_all(c, i, r, (who->perms & P_COMPLAINT_OVERRIDE) != 0, now, &left,
				    &skipped, err)))
			return rc;
		return remedied(c, i, r, left, skipped, who->name, now, err);
	}
	r->state = "pending";
	if ((rc = store_remedy_insert(c, r, err)) ||
	    (rc = wf_incident_event(c, i->id, "remedy_proposed", who->name, now, remedy_data(i, r),
				    err)))
		return rc;
	struct notice_to to = {.role = wf_approver_role(r->max_total_fen, 0)};
	json_t *d = remedy_data(i, r);
	rc = notice_staff_about(c, "remedy_approval_needed", &to, NULL, d, now, err);
	json_decref(d);
	return rc;
}

int wf_incident_remedy_decide(struct store_conn *c, struct incident *i,
			      struct incident_remedy *r, int approve, const char *reason,
			      const struct wf_actor *who, int64_t now, struct arena *a,
			      struct kesu_err *err)
{
	int rc;
	if (strcmp(r->state, "pending")) {
		rc = kesu_refuse(err, KE_CONFLICT, KR_ALREADY_DECIDED, "",
				 "the remedy standard was %s already by %s", r->state,
				 r->decider ? r->decider : "its proposer");
		kesu_param_str(err, "state", r->state);
		return rc;
	}
	if (r->proposed_by == who->user_id)
		return kesu_refuse(err, KE_FORBIDDEN, KR_OWN_PROPOSAL, "",
				   "nobody decides their own proposal");
	int64_t limit;
	if (approve) {
		if ((rc = wf_user_limit(c, who->user_id, enum_index(en_compensation_kind, r->type), a,
					&limit, err)))
			return rc;
		if (r->max_total_fen > limit) {
			rc = kesu_refuse(err, KE_FORBIDDEN, KR_OVER_LIMIT, "max_total_fen",
					 "the standard's total (%lld fen) is above your own limit for"
					 " %s (%lld fen)",
					 (long long)r->max_total_fen, r->type, (long long)limit);
			kesu_param_int(err, "limit_fen", limit);
			kesu_param_int(err, "total_fen", r->max_total_fen);
			return rc;
		}
	}
	r->state = approve ? "approved" : "rejected";
	r->decided_by = who->user_id;
	r->decided_at = now;
	r->decider = who->name;
	r->decision_reason = reason;
	if ((rc = store_remedy_update(c, r, err)) ||
	    (rc = wf_incident_event(c, i->id, approve ? "remedy_approved" : "remedy_rejected",
				    who->name, now, remedy_data(i, r), err)))
		return rc;
	/* the proposer learns the decision */
	struct notice_to to = {.role = -1, .user_id = r->proposed_by};
	json_t *d = remedy_data(i, r);
	json_object_set_new(d, "decision", json_string(r->state));
	rc = notice_staff_about(c, "remedy_decided", &to, NULL, d, now, err);
	json_decref(d);
	if (rc || !approve)
		return rc;
	int left, skipped;
	if ((rc = grant_all(c, i, r, (who->perms & P_COMPLAINT_OVERRIDE) != 0, now, &left, &skipped,
			    err)))
		return rc;
	return remedied(c, i, r, left, skipped, who->name, now, err);
}

/* --- a complaint joining later ------------------------------------------------------------ */

/* The standard r was not granted to cp, who joined later (kind says why):
 * the incident's history records it and its owner hears, on cp. */
static int owner_told(struct store_conn *c, const struct incident *i,
		      const struct incident_remedy *r, const struct complaint *cp, const char *kind,
		      int64_t now, struct kesu_err *err)
{
	json_t *d = remedy_data(i, r);
	json_object_set_new(d, "complaint_id", json_integer(cp->id));
	json_object_set_new(d, "tracking_no", json_string(cp->tracking_no));
	int rc = wf_incident_event(c, i->id, kind, "system", now, json_copy(d), err);
	struct notice_to to = {.role = -1, .user_id = i->owner_id};
	if (!rc && i->owner_id)
		rc = notice_staff(c, cp, kind, &to, d, now, err);
	json_decref(d);
	return rc;
}

int wf_incident_catch_up(struct store_conn *c, struct incident *i, const struct complaint *cp,
			 int64_t now, struct arena *a, struct kesu_err *err)
{
	struct incident_message *ms;
	struct incident_remedy *rs;
	int nm, nr;
	int rc = store_incident_messages(c, i->id, a, &ms, &nm, err);
	/* the newest message: where things stand now */
	if (!rc && nm && !wf_merged(cp)) {
		json_t *texts = json_loads(ms[0].text, 0, NULL);
		int none;
		if (json_is_object(texts))
			rc = tell(c, i, &ms[0], texts, cp, "system", now, &none, err);
		json_decref(texts);
	}
	if (!rc)
		rc = store_remedies_of(c, i->id, a, &rs, &nr, err);
	for (int k = 0; !rc && k < nr; k++) {
		if (strcmp(rs[k].state, "approved"))
			continue;
		if (rs[k].granted_fen + rs[k].amount_fen > rs[k].max_total_fen) {
			/* past the approved total: the owner decides again */
			rc = owner_told(c, i, &rs[k], cp, "remedy_total_reached", now, err);
			continue;
		}
		int granted;
		const char *why;
		/* under the approval as it was given; a difficult customer's cap
		 * is passed only by a manager's own decision on the complaint */
		rc = grant_one(c, i, &rs[k], cp, 0, now, a, &granted, &why, err);
		if (!rc && granted)
			rc = store_remedy_update(c, &rs[k], err);
		if (!rc && why && !strcmp(why, "over_cap"))
			rc = owner_told(c, i, &rs[k], cp, "remedy_needs_manager", now, err);
	}
	return rc;
}
