/*
 * escalate.c - the escalation ladder (domain.md 4): a complaint goes one
 * level up when the agent asks, when a clock is breached, when it is
 * reopened the second time, or when it threatens to spread; the owners of
 * the level it reaches are notified through the outbox.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "workflow_int.h"

int wf_level_find(const char *name)
{
	for (int i = 0; name && i < wf_nlevels; i++)
		if (strcmp(wf_levels[i].name, name) == 0)
			return i;
	return -1;
}

int wf_escalate(struct store_conn *c, const struct complaint *cp, int level,
		const char *cause, const char *reason, int threat, const char *actor,
		int64_t now, struct arena *a, struct complaint *after, struct kesu_err *err)
{
	(void)a;
	if (level < 0)
		level = cp->level + 1;
	if (level >= wf_nlevels)
		level = wf_nlevels - 1;
	if (level <= cp->level && !(threat && !cp->threat))
		return kesu_fail(err, KE_CONFLICT, "level",
				 "the complaint is at level %s already; it can only go up",
				 wf_levels[cp->level].name);
	*after = *cp;
	after->level = level > cp->level ? level : cp->level;
	after->threat = cp->threat || threat;
	after->version = cp->version + 1;
	after->updated_at = now;
	int rc = store_complaint_update(c, cp, after, 0, err);
	if (rc)
		return rc;
	json_t *d = json_pack("{s:s,s:s,s:s,s:s?,s:b}", "from", wf_levels[cp->level].name, "to",
			      wf_levels[after->level].name, "cause", cause, "reason", reason,
			      "threat", after->threat);
	rc = wf_event(c, cp->id, "escalated", actor, now, d, err);
	if (!rc && after->level > cp->level) {
		char to[96];
		snprintf(to, sizeof to, "role:%s;team:%lld", wf_levels[after->level].owners,
			 (long long)cp->team_id);
		rc = wf_staff_notice(c, cp, "escalated", to, d, now, err);
	}
	json_decref(d);
	return rc;
}
