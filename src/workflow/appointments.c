/*
 * appointments.c - a callback or meeting with the customer at an exact
 * time ("tomorrow 11:30", never "tomorrow"; 三变法: change the time,
 * domain.md 3): its owner is reminded before it, and one still scheduled
 * well after its time is missed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "workflow_int.h"

#define MINUTE (60 * 1000LL)
#define REMIND_BEFORE (15 * MINUTE) /* the owner's reminder */
#define MISSED_AFTER (30 * MINUTE)  /* still scheduled this long after: missed */

int wf_appointment_create(struct store_conn *c, const struct complaint *cp,
			  struct appointment *p, const struct wf_actor *who, int64_t now,
			  struct kesu_err *err)
{
	if (wf_not_closed(cp, err))
		return -err->code;
	if (p->at <= now)
		return kesu_fail(err, KE_INVALID_VALUE, "at", "is in the past: give a time still to come");
	struct user u;
	struct arena *a = arena_new();
	int rc = store_user_get(c, p->owner_id, NULL, a, &u, err);
	if (rc == -KE_NOT_FOUND) {
		kesu_err_clear(err);
		rc = kesu_fail(err, KE_INVALID_VALUE, "owner_id", "names no user");
	}
	arena_free(a);
	if (rc)
		return rc;
	p->complaint_id = cp->id;
	p->state = "scheduled";
	p->created_at = now;
	p->created_by = who->name;
	p->remind_at = p->at - REMIND_BEFORE > now ? p->at - REMIND_BEFORE : 0;
	p->next_at = p->remind_at ? p->remind_at : p->at + MISSED_AFTER;
	if ((rc = store_appointment_insert(c, p, err)))
		return rc;
	json_t *d = json_pack("{s:I,s:o,s:s,s:s,s:s?,s:I}", "appointment_id", (json_int_t)p->id,
			      "at", notice_time(p->at), "with", p->with_whom, "channel", p->channel,
			      "note", p->note, "owner_id", (json_int_t)p->owner_id);
	rc = notice_event(c, cp->id, "appointment_scheduled", who->name, now, d, NULL, NULL, err);
	json_decref(d);
	return rc;
}

int wf_appointment_outcome(struct store_conn *c, struct appointment *p, const char *state,
			   const char *outcome, const struct wf_actor *who, int64_t now,
			   struct kesu_err *err)
{
	if (strcmp(p->state, "scheduled") != 0 && strcmp(p->state, "missed") != 0)
		return kesu_fail(err, KE_CONFLICT, "", "the appointment is %s already", p->state);
	if (strcmp(state, "missed") == 0 && p->at > now)
		return kesu_fail(err, KE_CONFLICT, "state",
				 "the appointment is still to come: it can be cancelled, not missed");
	p->state = state;
	p->outcome = outcome;
	p->decided_by = who->name;
	p->decided_at = now;
	p->next_at = 0;
	int rc = store_appointment_update(c, p, err);
	if (rc)
		return rc;
	json_t *d = json_pack("{s:I,s:s,s:s?}", "appointment_id", (json_int_t)p->id, "state",
			      state, "outcome", outcome);
	rc = notice_event(c, p->complaint_id, "appointment_outcome", who->name, now, d, NULL, NULL,
			  err);
	json_decref(d);
	return rc;
}

int wf_appointments_tick(struct store_conn *c, int64_t now, int limit, struct arena *a,
			 int *done, struct kesu_err *err)
{
	struct appointment *items;
	int n;
	int rc = store_appointments_due(c, now, limit, a, &items, &n, err);
	for (int i = 0; !rc && i < n; i++) {
		struct appointment *p = &items[i];
		struct complaint cp = {.id = p->complaint_id};
		snprintf(cp.tracking_no, sizeof cp.tracking_no, "%s", p->tracking_no);
		int missed = now >= p->at + MISSED_AFTER;
		json_t *d = json_pack("{s:I,s:o,s:s,s:s}", "appointment_id", (json_int_t)p->id,
				      "at", notice_time(p->at), "with", p->with_whom, "channel",
				      p->channel);
		struct notice_to to = {.role = -1, .user_id = p->owner_id};
		if (missed) {
			p->state = "missed";
			p->next_at = 0;
			rc = store_appointment_update(c, p, err);
			if (!rc)
				rc = notice_event(c, p->complaint_id, "appointment_missed", wf_system.name,
						  now, d, NULL, NULL, err);
		} else {
			p->reminded_at = now;
			p->next_at = p->at + MISSED_AFTER;
			rc = store_appointment_update(c, p, err);
		}
		if (!rc)
			rc = notice_staff(c, &cp, missed ? "appointment_missed" : "appointment_due", &to,
					  d, now, err);
		json_decref(d);
		if (!rc)
			(*done)++;
	}
	return rc;
}

