/*
 * escalate.c - the escalation ladder (domain.md 4): a complaint goes one
 * level up when the agent asks, when a clock is breached, when it is
 * reopened the second time, or when it threatens to spread; a customer
 * who insists on management, or whose major interests are at stake, goes
 * to management at once. kesu's own causes stop at the policy's ceiling
 * (management by default): the business goes to the platform only when
 * it could not settle the complaint, and to PR only when the platform
 * failed, which a person decides and records. The owners of the level it
 * reaches are told.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "workflow_int.h"

/* Who owns each level of the ladder (en_level): the role told. */
const int wf_level_owner[LEVEL__COUNT] = {
	[LEVEL_AGENT] = ROLE_AGENT,	      [LEVEL_SUPERVISOR] = ROLE_SUPERVISOR,
	[LEVEL_MANAGEMENT] = ROLE_MANAGER, [LEVEL_PLATFORM] = ROLE_ADMIN,
	[LEVEL_PR] = ROLE_ADMIN,
};

/* The outside fact a level above management stands on: which platform or
 * regulator took the case and its number, or where it is spreading. */
static int blank(const char *s)
{
	return !s || !*s;
}

static int check_fact(int level, const struct wf_escalation_fact *f, struct kesu_err *err)
{
	if (level == LEVEL_PLATFORM && (!f || blank(f->platform)))
		return kesu_fail(err, KE_MISSING_FIELD, "platform",
				 "is required to escalate to platform: which platform or regulator intervenes");
	if (level == LEVEL_PLATFORM && blank(f->case_number))
		return kesu_fail(err, KE_MISSING_FIELD, "case_number",
				 "is required to escalate to platform: the platform's or regulator's case number");
	if (level == LEVEL_PR && (!f || blank(f->outlet)))
		return kesu_fail(err, KE_MISSING_FIELD, "outlet",
				 "is required to escalate to pr: the outlet or post it is spreading in");
	return 0;
}

int wf_escalate(struct store_conn *c, const struct complaint *cp, int level,
		const char *cause, const char *reason, int threat,
		const struct wf_escalation_fact *fact, const struct wf_actor *who, int64_t now,
		struct arena *a, struct complaint *after, struct kesu_err *err)
{
	(void)a;
	unsigned flags = enum_flags(en_escalation_cause, cause);
	/* a level named by a person is theirs; one step by a cause of kesu's
	 * own (or a person's threat flag) stops at the ceiling */
	int named = level >= 0;
	if (level < 0 && (flags & EV_TO_MANAGEMENT))
		level = LEVEL_MANAGEMENT;
	if (level < 0)
		level = cp->level + 1;
	if (level >= LEVEL__COUNT)
		level = LEVEL__COUNT - 1;
	if (!named && (flags & EV_SYSTEM)) {
		const struct wf_settings *s = wf_settings(c, err);
		if (!s)
			return -(int)err->code;
		if (level > s->sla.auto_max_level)
			level = s->sla.auto_max_level;
	}
	if (level <= cp->level && !(threat && !cp->threat))
		return kesu_fail(err, KE_CONFLICT, "level",
				 "the complaint is at level %s already; it can only go up",
				 en_level[cp->level].name);
	int rc = level > cp->level ? check_fact(level, fact, err) : 0;
	if (rc)
		return rc;
	*after = *cp;
	after->level = level > cp->level ? level : cp->level;
	after->threat = cp->threat || threat;
	after->version = cp->version + 1;
	after->updated_at = now;
	rc = store_complaint_update(c, cp, after, 0, err);
	if (rc)
		return rc;
	int up = after->level > cp->level;
	json_t *d = json_pack("{s:s,s:s,s:s,s:s?,s:b}", "from", en_level[cp->level].name, "to",
			      en_level[after->level].name, "cause", cause, "reason", reason,
			      "threat", after->threat);
	/* the fact of the level reached, and only that one */
	if (up && after->level == LEVEL_PLATFORM) {
		json_object_set_new(d, "platform", json_string(fact->platform));
		json_object_set_new(d, "case_number", json_string(fact->case_number));
	} else if (up && after->level == LEVEL_PR) {
		json_object_set_new(d, "outlet", json_string(fact->outlet));
	}
	rc = notice_event(c, cp->id, "escalated", who->name, now, d, NULL, NULL, err);
	if (!rc && up) {
		struct notice_to to = {.role = wf_level_owner[after->level], .team_id = cp->team_id};
		rc = notice_staff(c, cp, "escalated", &to, d, now, err);
	}
	json_decref(d);
	return rc;
}
