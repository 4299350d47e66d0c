/*
 * assign.c - who handles a complaint: assignment to a team and an agent,
 * and the handover to a colleague, a supervisor or another team with a
 * note for the next person (三变法: change the person, domain.md 3).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "workflow_int.h"

/* Loads user_id into *u if it is an active member of team; else an error naming field. */
static int member_of(struct store_conn *c, int64_t user_id, int64_t team, const char *field,
		     struct arena *a, struct user *u, struct kesu_err *err)
{
	int rc = store_user_get(c, user_id, NULL, a, u, err);
	if (rc == -KE_NOT_FOUND) {
		kesu_err_clear(err);
		return kesu_fail(err, KE_INVALID_VALUE, field, "no such user");
	}
	if (rc)
		return rc;
	for (int i = 0; i < u->nteams; i++)
		if (u->teams[i] == team && !u->disabled_at)
			return 0;
	return kesu_fail(err, KE_INVALID_VALUE, field, "must be an active member of team %lld",
			 (long long)team);
}

/* Writes cp's team and assignee with its assigned event; via says how it
 * came (take, or the team's rule; NULL for an assignment). Nothing changed:
 * nothing written. */
static int set_assignee(struct store_conn *c, const struct complaint *cp, int64_t team_id,
			int64_t assignee_id, const char *via, const struct wf_actor *who,
			int64_t now, struct complaint *after, struct kesu_err *err)
{
	*after = *cp;
	if (team_id == cp->team_id && assignee_id == cp->assignee_id)
		return 0;
	after->team_id = team_id;
	after->assignee_id = assignee_id;
	after->version = cp->version + 1;
	after->updated_at = now;
	int rc = store_complaint_update(c, cp, after, 0, err);
	if (rc)
		return rc;
	json_t *d = json_pack("{s:{s:o,s:I},s:{s:o,s:o}}", "team_id", "before",
			      cp->team_id ? json_integer(cp->team_id) : json_null(), "after",
			      (json_int_t)team_id, "assignee_id", "before",
			      cp->assignee_id ? json_integer(cp->assignee_id) : json_null(), "after",
			      assignee_id ? json_integer(assignee_id) : json_null());
	if (via)
		json_object_set_new(d, "via", json_string(via));
	rc = notice_event(c, cp->id, "assigned", who->name, now, d, NULL, NULL, err);
	json_decref(d);
	/* the new assignee hears of it, unless they took it themselves */
	if (!rc && assignee_id && assignee_id != cp->assignee_id && assignee_id != who->user_id) {
		struct notice_to to = {.role = -1, .user_id = assignee_id};
		json_t *n = json_pack("{s:I}", "team_id", (json_int_t)team_id);
		rc = notice_staff(c, after, "assigned", &to, n, now, err);
		json_decref(n);
	}
	return rc;
}

int wf_assign(struct store_conn *c, const struct complaint *cp, int64_t team_id,
	      int64_t assignee_id, const struct wf_actor *who, int64_t now, struct arena *a,
	      struct complaint *after, struct kesu_err *err)
{
	struct team t;
	struct user u;
	int rc = store_team_get(c, team_id, NULL, a, &t, err);
	if (rc == -KE_NOT_FOUND) {
		kesu_err_clear(err);
		return kesu_fail(err, KE_INVALID_VALUE, "team_id", "no such team");
	}
	if (rc)
		return rc;
	if (!wf_sees(who, team_id))
		return kesu_fail(err, KE_FORBIDDEN, "team_id", "you can assign only to your own teams");
	if (assignee_id && (rc = member_of(c, assignee_id, team_id, "assignee_id", a, &u, err)))
		return rc;
	return set_assignee(c, cp, team_id, assignee_id, NULL, who, now, after, err);
}

const char *const wf_assign_rules[] = {"manual", "round_robin", "fewest_open", NULL};

int wf_take(struct store_conn *c, const struct complaint *cp, const struct wf_actor *who,
	    int64_t now, struct arena *a, struct complaint *after, struct kesu_err *err)
{
	*after = *cp;
	if (state_is(cp->state, ST_IS_CLOSED))
		return kesu_refuse(err, KE_CONFLICT, KR_CLOSED, "status",
				 "the complaint is closed: nobody takes it");
	if (!who->user_id)
		return kesu_fail(err, KE_FORBIDDEN, "", "only a staff account takes a complaint");
	if (cp->assignee_id == who->user_id)
		return 0; /* taking it again changes nothing */
	struct user u;
	int rc;
	if (cp->assignee_id) {
		/* taking it from a colleague is a handover or an assignment,
		 * each of which says why; the refusal names who holds it */
		if ((rc = store_user_get(c, cp->assignee_id, NULL, a, &u, err)))
			return rc;
		return kesu_fail(err, KE_CONFLICT, "assignee_id",
				 "%s (%s) holds this complaint: ask them to hand it over, or a supervisor to assign it",
				 u.display_name && *u.display_name ? u.display_name : u.username,
				 u.username);
	}
	if ((rc = store_user_get(c, who->user_id, NULL, a, &u, err)))
		return rc;
	int member = 0;
	for (int i = 0; i < u.nteams; i++)
		member |= u.teams[i] == cp->team_id;
	if (!member)
		return kesu_fail(err, KE_FORBIDDEN, "team_id",
				 "only members of team %lld take its complaints: ask a supervisor to assign it",
				 (long long)cp->team_id);
	return set_assignee(c, cp, cp->team_id, who->user_id, "take", who, now, after, err);
}

int wf_auto_assign(struct store_conn *c, struct complaint *cp, struct kesu_err *err)
{
	struct arena *a = arena_new();
	struct team t;
	struct assign_candidate *cand;
	int n, rc = cp->team_id ? store_team_get(c, cp->team_id, NULL, a, &t, err) : 0;
	if (!cp->team_id || cp->assignee_id || rc || strcmp(t.assign_rule, "manual") == 0)
		goto done;
	if ((rc = store_assign_candidates(c, cp->team_id, cp->v[CF_CATEGORY], a, &cand, &n, err)))
		goto done;
	/* only those who handle complaints, and with skills, who handle its category */
	int m = 0;
	for (int i = 0; i < n; i++) {
		int r = role_find(cand[i].role);
		if (r >= 0 && (roles[r].perms & P_COMPLAINT_EDIT) &&
		    (!t.assign_by_skill || cand[i].skilled))
			cand[m++] = cand[i];
	}
	if (!m)
		goto done; /* nobody on duty: it waits in the unassigned queue */
	int pick = 0;
	if (strcmp(t.assign_rule, "round_robin") == 0) {
		/* the next after the last one chosen, by user id, wrapping */
		for (int i = 0; i < m; i++)
			if (cand[i].user_id > t.assign_last) {
				pick = i;
				break;
			}
		rc = store_team_set_last(c, t.id, cand[pick].user_id, err);
	} else {
		for (int i = 1; i < m; i++)
			if (cand[i].open < cand[pick].open)
				pick = i;
	}
	struct complaint after;
	if (!rc)
		rc = set_assignee(c, cp, cp->team_id, cand[pick].user_id, t.assign_rule, &wf_system,
				  cp->updated_at ? cp->updated_at : cp->created_at, &after, err);
	if (!rc)
		*cp = after;
done:
	arena_free(a);
	return rc;
}

int wf_handover(struct store_conn *c, const struct complaint *cp, int64_t to_user,
		int64_t to_team, const char *note, const struct wf_actor *who, int64_t now,
		struct arena *a, struct complaint *after, struct kesu_err *err)
{
	if (wf_not_closed(cp, err))
		return -err->code;
	/* a colleague or supervisor of the team; another team is an
	 * assignment's decision, except for what staff registered (they read
	 * no complaint, so they cannot find its team's people) */
	if (to_team && to_team != cp->team_id && (who->perms & P_COMPLAINT_READ) &&
	    !(who->perms & P_COMPLAINT_ASSIGN))
		return kesu_fail(err, KE_FORBIDDEN, "to_team_id",
				 "handing over to another team needs complaint.assign: hand over to a colleague or supervisor of this team");
	int64_t team = to_team ? to_team : cp->team_id;
	struct team t;
	int rc = to_team ? store_team_get(c, to_team, NULL, a, &t, err) : 0;
	if (rc == -KE_NOT_FOUND) {
		kesu_err_clear(err);
		return kesu_fail(err, KE_INVALID_VALUE, "to_team_id", "names no team");
	}
	if (rc)
		return rc;
	struct user u;
	if (to_user) {
		rc = store_user_get(c, to_user, NULL, a, &u, err);
		if (rc == -KE_NOT_FOUND) {
			kesu_err_clear(err);
			return kesu_fail(err, KE_INVALID_VALUE, "to_user_id", "names no user");
		}
		if (rc)
			return rc;
		int r = role_find(u.role);
		if (u.disabled_at || r < 0 || !(roles[r].perms & P_COMPLAINT_EDIT))
			return kesu_fail(err, KE_INVALID_VALUE, "to_user_id",
					 "%s cannot handle complaints (disabled, or a role that only registers or reads)",
					 u.username);
		int member = 0;
		for (int i = 0; i < u.nteams; i++)
			member |= u.teams[i] == team;
		if (!member && !(roles[r].perms & P_ALL_TEAMS))
			return kesu_fail(err, KE_INVALID_VALUE, "to_user_id",
					 "%s is not in team %lld: hand over to the team, or to one of its members",
					 u.username, (long long)team);
	}
	*after = *cp;
	after->team_id = team;
	after->assignee_id = to_user;
	after->version = cp->version + 1;
	after->updated_at = now;
	if ((rc = store_complaint_update(c, cp, after, 0, err)))
		return rc;
	json_t *d = json_pack("{s:o,s:o,s:I,s:o,s:s}", "from_user",
			      cp->assignee_id ? json_integer(cp->assignee_id) : json_null(),
			      "to_user", to_user ? json_integer(to_user) : json_null(), "team_id",
			      (json_int_t)team, "from_team", json_integer(cp->team_id), "note", note);
	rc = notice_event(c, cp->id, "handed_over", who->name, now, d, NULL, NULL, err);
	struct notice_to to = {.role = to_user ? -1 : ROLE_AGENT, .team_id = to_user ? 0 : team,
			       .user_id = to_user};
	if (!rc)
		rc = notice_staff(c, cp, "handed_over", &to, d, now, err);
	json_decref(d);
	return rc;
}

