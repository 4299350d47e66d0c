/*
 * actor.c - who acts on a complaint: a person of the team, the customer,
 * or kesu itself, and what each may see.
 */
#include "workflow_int.h"

const struct wf_actor wf_system = {.name = "system", .perms = P__ALL};
/* The customer acts only on their own complaint, which the portal token
 * or the mail's sender named: every team's as far as the rules go. */
const struct wf_actor wf_customer = {.name = "customer", .perms = P_ALL_TEAMS};

int wf_sees(const struct wf_actor *who, int64_t team_id)
{
	return role_sees_team(who->perms, who->teams, who->nteams, team_id);
}

int wf_not_closed(const struct complaint *cp, struct kesu_err *err)
{
	return state_is(cp->state, ST_IS_CLOSED)
		       ? kesu_refuse(err, KE_CONFLICT, KR_CLOSED, "", "the complaint is closed")
		       : 0;
}
