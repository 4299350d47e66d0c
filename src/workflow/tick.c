/*
 * tick.c - one pass of the scheduler (domain.md 5): clocks past their
 * warning time warn the team, clocks past due are breached and escalate
 * their complaint one level, once however many breach, up to the
 * policy's ceiling; the follow-up's clocks are the supervisors' to hear
 * of. Department tasks past due, appointments coming up or missed and
 * key customers' visits missed, improvement actions past due or ready
 * for their verdict are the other things time decides.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "workflow_int.h"

static int clock_event(struct store_conn *c, const struct clock_row *k, const char *kind,
		       int64_t now, struct kesu_err *err)
{
	json_t *d = json_pack("{s:s,s:o}", "clock", k->kind, "due_at", notice_time(k->due_at));
	int rc = notice_event(c, k->complaint_id, kind, wf_system.name, now, d, NULL, NULL, err);
	json_decref(d);
	return rc;
}

/* Acts on the clocks of one complaint whose next_at has passed: breaches
 * escalate it one level, a warning tells the team. Counts them in *done. */
static int tick_complaint(struct store_conn *c, int64_t id, int64_t now, struct arena *a,
			  int *done, struct kesu_err *err)
{
	struct wf_clocks set;
	struct complaint cp, after;
	int rc = wf_clocks_load(c, id, a, &set, err);
	if (!rc)
		rc = store_complaint_get(c, id, NULL, a, &cp, err);
	if (rc)
		return rc;
	int breached[CLOCKS_MAX], warned[CLOCKS_MAX];
	for (int i = 0; i < set.n; i++) {
		struct clock_row *k = &set.k[i];
		breached[i] = warned[i] = 0;
		if (!k->next_at || k->next_at > now)
			continue;
		if (k->due_at <= now) {
			k->state = "breached";
			k->done_at = now;
			k->next_at = 0;
			k->warned = 1;
			breached[i] = 1;
		} else {
			k->warned = 1;
			k->next_at = k->due_at;
			warned[i] = 1;
		}
	}
	/* the clocks first: an escalation below may change them again */
	if ((rc = wf_clocks_save(c, &set, err)))
		return rc;
	/* one escalation for all the clocks breaching in this pass, named in
	 * its reason: three late clocks are one late complaint */
	char reason[128] = "";
	size_t used = 0;
	for (int i = 0; !rc && i < set.n; i++) {
		const struct clock_row *k = &set.k[i];
		/* the follow-up and its callback are the team's supervisors'
		 * duty (domain.md 6): they hear of them, not the agent */
		int duty = strcmp(k->kind, en_clock[CK_FOLLOW_UP].name) == 0 ||
			   strcmp(k->kind, en_clock[CK_CALLBACK].name) == 0;
		if (breached[i]) {
			if ((rc = clock_event(c, k, "clock_breached", now, err)))
				break;
			if (duty) {
				json_t *d = json_pack("{s:s,s:o}", "clock", k->kind, "due_at",
						      notice_time(k->due_at));
				struct notice_to to = {.role = ROLE_SUPERVISOR, .team_id = cp.team_id};
				rc = notice_staff(c, &cp, "clock_breached", &to, d, now, err);
				json_decref(d);
				if (rc)
					break;
			}
			int w = snprintf(reason + used, sizeof reason - used, "%s%s", used ? ", " : "",
					 k->kind);
			if (w > 0 && (size_t)w < sizeof reason - used)
				used += (size_t)w;
		} else if (warned[i]) {
			if ((rc = clock_event(c, k, "clock_warning", now, err)))
				break;
			json_t *d = json_pack("{s:s,s:o}", "clock", k->kind, "due_at",
					      notice_time(k->due_at));
			struct notice_to to = {.role = duty ? ROLE_SUPERVISOR : -1,
					       .team_id = cp.team_id,
					       .assignee = !duty && cp.assignee_id != 0};
			rc = notice_staff(c, &cp, "clock_warning", &to, d, now, err);
			json_decref(d);
		} else {
			continue;
		}
		if (!rc)
			(*done)++;
	}
	/* kesu's own escalation stops at the policy's ceiling (domain.md 4) */
	const struct wf_settings *s = used && !rc ? wf_settings(c, err) : NULL;
	if (used && !rc && !s)
		return -(int)err->code;
	if (s && cp.level < s->sla.auto_max_level) {
		snprintf(reason + used, sizeof reason - used, " clock%s breached",
			 strchr(reason, ',') ? "s" : "");
		rc = wf_escalate(c, &cp, -1, "breach", reason, 0, NULL, &wf_system, now, a, &after,
				 err);
	}
	return rc;
}

int wf_tick(struct store_conn *c, int64_t now, int limit, int *done, struct kesu_err *err)
{
	struct arena *a = arena_new();
	int64_t *ids = arena_alloc(a, sizeof *ids * (size_t)(limit > 0 ? limit : 1));
	int n = 0;
	*done = 0;
	int rc = wf_settings(c, err) ? store_clocks_due(c, now, limit, ids, &n, err)
				     : -(int)err->code;
	for (int i = 0; !rc && i < n; i++)
		rc = tick_complaint(c, ids[i], now, a, done, err);
	if (!rc && *done < limit)
		rc = wf_tasks_tick(c, now, limit - *done, a, done, err);
	if (!rc && *done < limit)
		rc = wf_appointments_tick(c, now, limit - *done, a, done, err);
	if (!rc && *done < limit)
		rc = wf_visits_tick(c, now, limit - *done, a, done, err);
	if (!rc && *done < limit)
		rc = wf_reviews_tick(c, now, limit - *done, a, done, err);
	if (!rc && *done < limit)
		rc = wf_incidents_tick(c, now, limit - *done, done, err);
	if (!rc && *done < limit)
		rc = wf_actions_tick(c, now, limit - *done, a, done, err);
	if (!rc && *done < limit)
		rc = wf_checklists_tick(c, now, limit - *done, a, done, err);
	arena_free(a);
	return rc;
}
