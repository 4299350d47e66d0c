/*
 * register.c - a complaint enters the workflow (domain.md 1, 2, 4): its
 * judgements are checked, the routing table sends it to a team and a
 * flow, it gets its tracking number and its first events, its clocks
 * start and the customer hears at once that it is being handled.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../util/clock.h"
#include "workflow_int.h"

int wf_register(struct store_conn *c, struct wf_registration *r, const struct wf_actor *who,
		struct kesu_err *err)
{
	struct complaint *cp = r->cp;
	int rc;
	const struct wf_settings *s = wf_settings(c, err);
	if (!s)
		return -err->code;
	if ((cp->v[CF_CAUSE] || cp->v[CF_DUPLICATE_OF]) &&
	    (rc = wf_judgements_check(c, NULL, cp, r->systemic_given, NULL, who, err)))
		return rc;
	/* domain.md 4: the routing table sends it to a team and a flow; with
	 * no rule matching it stays with the team it came to */
	int rule = -1;
	int lent = wf_reading_for_routing(cp, r->reading, -1);
	rc = wf_route(c, cp, r->customer_type, &rule, err);
	wf_reading_for_routing(cp, r->reading, lent);
	if (rc)
		return rc;
	/* the same customer again about the same matter: a second complaint,
	 * which starts with the supervisors */
	if ((rc = wf_second_find(c, cp, err)))
		return rc;
	char day[7];
	int64_t seq;
	clock_local_yymmdd(cp->created_at, day);
	if ((rc = store_tracking_next(c, day, &seq, err)))
		return rc;
	ids_tracking_no(day, seq, cp->tracking_no);
	if ((rc = store_complaint_insert(c, cp, err)))
		return rc;
	json_t *d = json_pack("{s:O}", "fields", r->fields);
	rc = notice_event(c, cp->id, "created", cp->created_by, cp->created_at, d, NULL, NULL, err);
	json_decref(d);
	if (!rc && rule >= 0) {
		d = json_pack("{s:i,s:I,s:s}", "rule", rule + 1, "team_id", (json_int_t)cp->team_id,
			      "level", en_level[cp->level].name);
		rc = notice_event(c, cp->id, "routed", wf_system.name, cp->created_at, d, NULL, NULL,
				  err);
		json_decref(d);
	}
	/* the team's assignment rule chooses its agent (after the routing,
	 * which chose the team) */
	if (!rc)
		rc = wf_auto_assign(c, cp, err);
	if (!rc)
		rc = wf_second_registered(c, cp, err);
	if (!rc)
		rc = wf_clocks_begin(c, s, cp, r->clocks_from ? r->clocks_from : cp->created_at, err);
	/* domain.md 2: the customer hears at once that it is being handled */
	if (!rc)
		rc = notice_customer(c, cp, "acknowledged", NULL, cp->created_at, err);
	if (!rc)
		rc = wf_key_customer(c, s, cp, r->key_customer, err);
	/* an import of another system's history (its clocks start later) is
	 * not complaints arriving now: it is neither read (its page reads it
	 * when shown) nor, domain.md 9, part of an incident */
	if (rc || (r->clocks_from && r->clocks_from > cp->created_at))
		return rc;
	/* what its words say: kept, and a threat takes the threat path */
	if ((rc = wf_reading_at_intake(c, cp, r->reading, r->earlier, r->repeats_known, &r->repeats,
				       cp->created_at, err)))
		return rc;
	/* domain.md 9: many complaints about one thing are one incident */
	return wf_incident_on_register(c, cp, cp->created_at, err);
}

int wf_backfill(struct store_conn *c, int64_t now, int limit, int *started,
		struct kesu_err *err)
{
	const struct wf_settings *s = wf_settings(c, err);
	if (!s)
		return -err->code;
	int64_t *ids = malloc(sizeof *ids * (size_t)(limit > 0 ? limit : 1));
	int n = 0;
	int rc = store_complaints_without_clocks(c, limit, ids, &n, err);
	struct arena *a = arena_new();
	*started = 0;
	for (int i = 0; !rc && i < n; i++) {
		struct complaint cp;
		rc = store_complaint_get(c, ids[i], NULL, a, &cp, err);
		if (!rc)
			rc = wf_clocks_begin(c, s, &cp, now, err);
		if (!rc)
			(*started)++;
		arena_reset(a);
	}
	arena_free(a);
	free(ids);
	return rc;
}
