/*
 * escalate.c - the escalation ladder (domain.md 4): a complaint goes one
 * level up when the agent asks, when a clock is breached, when it is
 * reopened the second time, or when it threatens to spread; a customer
 * who insists on management, or whose major interests are at stake, goes
 * to management at once. The owners of the level it reaches are told.
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

int wf_escalate(struct store_conn *c, const struct complaint *cp, int level,
		const char *cause, const char *reason, int threat, const struct wf_actor *who,
		int64_t now, struct arena *a, struct complaint *after, struct kesu_err *err)
{
	(void)a;
	if (level < 0 && (enum_flags(en_escalation_cause, cause) & EV_TO_MANAGEMENT))
		level = cp->level < LEVEL_MANAGEMENT ? LEVEL_MANAGEMENT : cp->level + 1;
	if (level < 0)
		level = cp->level + 1;
	if (level >= LEVEL__COUNT)
		level = LEVEL__COUNT - 1;
	if (level <= cp->level && !(threat && !cp->threat))
		return kesu_fail(err, KE_CONFLICT, "level",
				 "the complaint is at level %s already; it can only go up",
				 en_level[cp->level].name);
	*after = *cp;
	after->level = level > cp->level ? level : cp->level;
	after->threat = cp->threat || threat;
	after->version = cp->version + 1;
	after->updated_at = now;
	int rc = store_complaint_update(c, cp, after, 0, err);
	if (rc)
		return rc;
	json_t *d = json_pack("{s:s,s:s,s:s,s:s?,s:b}", "from", en_level[cp->level].name, "to",
			      en_level[after->level].name, "cause", cause, "reason", reason,
			      "threat", after->threat);
	rc = notice_event(c, cp->id, "escalated", who->name, now, d, NULL, NULL, err);
	if (!rc && after->level > cp->level) {
		struct notice_to to = {.role = wf_level_owner[after->level], .team_id = cp->team_id};
		rc = notice_staff(c, cp, "escalated", &to, d, now, err);
	}
	json_decref(d);
	return rc;
}
