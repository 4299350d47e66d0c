/*
 * second.c - second complaints (二次投诉, domain.md 2): a customer who
 * complains again about the same matter was not helped the first time.
 * The new complaint names the earlier one (second_of), starts with the
 * team's supervisors (the owners of the supervisor level) and they are
 * told; both timelines say so. kesu links it at registration when the
 * same customer complained before about the same order or SKU (the
 * object's ref); an agent links or unlinks it by hand.
 */
#include <stdio.h>
#include <string.h>

#include "workflow_int.h"

/* How far a chain of second complaints is followed to refuse a loop. */
#define SECOND_CHAIN_MAX 64

/* The judgements that keep a complaint out of it: a duplicate is the same
 * complaint registered twice, an invalid one no complaint at all. */
static int left_out(const struct complaint *cp)
{
	const char *v = cp->v[CF_VALIDITY];
	return v && (strcmp(v, "invalid") == 0 || strcmp(v, "duplicate") == 0);
}

int wf_second_find(struct store_conn *c, struct complaint *cp, struct kesu_err *err)
{
	if (!cp->customer_id || !cp->v[CF_OBJECT_REF] || left_out(cp))
		return 0;
	struct arena *a = arena_new();
	struct complaint e;
	int rc = store_second_earlier(c, cp->customer_id, cp->v[CF_OBJECT_REF], cp->created_at,
				      cp->id, a, &e, err);
	if (rc == -KE_NOT_FOUND) {
		kesu_err_clear(err);
		rc = 0;
	} else if (!rc) {
		cp->second_of = e.id;
		snprintf(cp->second_of_no, sizeof cp->second_of_no, "%s", e.tracking_no);
		if (cp->level < LEVEL_SUPERVISOR)
			cp->level = LEVEL_SUPERVISOR;
	}
	arena_free(a);
	return rc;
}

/* The events of a link made or undone, on both timelines, and (made) the
 * notice to the team's supervisors. */
static int second_record(struct store_conn *c, const struct complaint *cp, int64_t earlier_id,
			 const char *earlier_no, int linked, json_t *d, const char *actor,
			 int64_t now, struct kesu_err *err)
{
	json_object_set_new(d, "second_of",
			    json_pack("{s:I,s:s}", "id", (json_int_t)earlier_id, "tracking_no",
				      earlier_no));
	int rc = notice_event(c, cp->id, linked ? "second_linked" : "second_unlinked", actor, now,
			      d, NULL, NULL, err);
	json_t *o = json_pack("{s:{s:I,s:s},s:O}", "second", "id", (json_int_t)cp->id,
			      "tracking_no", cp->tracking_no, "reason",
			      json_object_get(d, "reason") ? json_object_get(d, "reason")
							   : json_null());
	if (!rc)
		rc = notice_event(c, earlier_id,
				  linked ? "second_complaint" : "second_complaint_unlinked", actor,
				  now, o, NULL, NULL, err);
	json_decref(o);
	if (!rc && linked) {
		struct notice_to to = {.role = ROLE_SUPERVISOR, .team_id = cp->team_id};
		rc = notice_staff(c, cp, "second_complaint", &to, d, now, err);
	}
	return rc;
}

int wf_second_registered(struct store_conn *c, const struct complaint *cp, struct kesu_err *err)
{
	if (!cp->second_of)
		return 0;
	json_t *d = json_pack("{s:s,s:s,s:s}", "by", "auto", "matched", "object.ref", "level",
			      en_level[cp->level].name);
	int rc = second_record(c, cp, cp->second_of, cp->second_of_no, 1, d, wf_system.name,
			       cp->created_at, err);
	json_decref(d);
	return rc;
}

static int blank(const char *s)
{
	while (s && (*s == ' ' || *s == '\t'))
		s++;
	return !s || !*s;
}

/* 1 if e comes before cp: registered earlier (the id decides a tie). */
static int before(const struct complaint *e, const struct complaint *cp)
{
	return e->created_at < cp->created_at || (e->created_at == cp->created_at && e->id < cp->id);
}

/* Refuses a loop: the chain of second_of from e leads back to cp. */
static int no_loop(struct store_conn *c, const struct complaint *cp, const struct complaint *e,
		   struct arena *a, struct kesu_err *err)
{
	int64_t next = e->second_of;
	for (int i = 0; next && i < SECOND_CHAIN_MAX; i++) {
		if (next == cp->id)
			return kesu_fail(err, KE_INVALID_VALUE, "second_of",
					 "%s is itself a second complaint of this one: the link would go round in a loop",
					 e->tracking_no);
		struct complaint x;
		int rc = store_complaint_get(c, next, NULL, a, &x, err);
		if (rc == -KE_NOT_FOUND) {
			kesu_err_clear(err);
			return 0;
		}
		if (rc)
			return rc;
		next = x.second_of;
	}
	return 0;
}

int wf_second_link(struct store_conn *c, const struct complaint *cp, int64_t earlier_id,
		   const char *earlier_no, const char *reason, const struct wf_actor *who,
		   int64_t now, struct arena *a, struct complaint *after, struct kesu_err *err)
{
	int link = earlier_id || earlier_no;
	if (wf_not_closed(cp, err))
		return -err->code;
	*after = *cp;
	if (!link) {
		if (!cp->second_of)
			return kesu_fail(err, KE_CONFLICT, "second_of",
					 "the complaint is not a second complaint: there is no link to undo");
		if (blank(reason))
			return kesu_fail(err, KE_MISSING_FIELD, "reason",
					 "is required to undo the link: why this is not about the same matter as %s",
					 cp->second_of_no);
		after->second_of = 0;
		after->second_of_no[0] = '\0';
	} else {
		struct complaint e;
		int rc;
		if ((rc = store_complaint_get(c, earlier_id, earlier_no, a, &e, err)) == -KE_NOT_FOUND ||
		    (!rc && !wf_sees(who, e.team_id) && e.customer_id != cp->customer_id)) {
			/* one the actor may not see answers as one that does not exist */
			kesu_err_clear(err);
			return kesu_fail(err, KE_INVALID_VALUE, "second_of", "names no complaint");
		}
		if (rc)
			return rc;
		if (e.id == cp->id)
			return kesu_fail(err, KE_INVALID_VALUE, "second_of",
					 "names this complaint itself: name the earlier complaint about the same matter");
		if (!cp->customer_id || e.customer_id != cp->customer_id)
			return kesu_refuse(err, KE_INVALID_VALUE, KR_OTHER_CUSTOMER, "second_of",
					   "%s is a complaint of another customer: a second complaint is the same customer's",
					   e.tracking_no);
		if ((rc = no_loop(c, cp, &e, a, err)))
			return rc;
		if (!before(&e, cp))
			return kesu_fail(err, KE_INVALID_VALUE, "second_of",
					 "%s was registered after this complaint: name the earlier one",
					 e.tracking_no);
		if (cp->second_of == e.id)
			return kesu_fail(err, KE_CONFLICT, "second_of",
					 "the complaint is a second complaint of %s already", e.tracking_no);
		if (cp->second_of)
			return kesu_fail(err, KE_CONFLICT, "second_of",
					 "the complaint is a second complaint of %s: undo that link first (second_of null, with a reason)",
					 cp->second_of_no);
		after->second_of = e.id;
		snprintf(after->second_of_no, sizeof after->second_of_no, "%s", e.tracking_no);
		/* it goes to the supervisors, and a level only goes up */
		if (after->level < LEVEL_SUPERVISOR)
			after->level = LEVEL_SUPERVISOR;
	}
	after->version = cp->version + 1;
	after->updated_at = now;
	int rc = store_complaint_update(c, cp, after, 0, err);
	if (rc)
		return rc;
	json_t *d = json_pack("{s:s,s:s?}", "by", "agent", "reason", reason);
	if (link)
		json_object_set_new(d, "level", json_pack("{s:s,s:s}", "from",
							  en_level[cp->level].name, "to",
							  en_level[after->level].name));
	rc = second_record(c, after, link ? after->second_of : cp->second_of,
			   link ? after->second_of_no : cp->second_of_no, link, d, who->name, now, err);
	json_decref(d);
	return rc;
}
