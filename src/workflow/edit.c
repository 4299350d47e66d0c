/*
 * edit.c - editing a complaint's registration and judgements (domain.md
 * 1): what changed is one updated event holding every field's before and
 * after, so any past version can be rebuilt; a cause must be in the cause
 * list, and a duplicate must name another complaint the editor sees.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "workflow_int.h"

int wf_judgements_check(struct store_conn *c, const struct complaint *before,
			struct complaint *after, int systemic_given, uint32_t *changed,
			const struct wf_actor *who, struct kesu_err *err)
{
	const char *cause = after->v[CF_CAUSE];
	int rc = 0;
	if (cause && (!before || !before->v[CF_CAUSE] || strcmp(before->v[CF_CAUSE], cause))) {
		struct wf_cause k;
		rc = wf_cause_active(c, cause, &k, err);
		/* a cause brings its own judgement of whether it is systemic */
		if (!rc && !systemic_given && after->systemic != k.systemic) {
			after->systemic = k.systemic;
			if (changed)
				*changed |= 1u << CF__COUNT;
		}
	}
	const char *orig = after->v[CF_DUPLICATE_OF];
	if (!rc && orig && (!before || !before->v[CF_DUPLICATE_OF] ||
			    strcmp(before->v[CF_DUPLICATE_OF], orig))) {
		char tracking[TRACKING_NO_MAX];
		struct complaint o;
		struct arena *a = arena_new();
		if (!ids_parse_tracking_no(orig, tracking) || (before && !strcmp(tracking, before->tracking_no)))
			rc = kesu_fail(err, KE_INVALID_VALUE, "duplicate_of",
				       "must be the tracking number of another complaint");
		else if ((rc = store_complaint_get(c, 0, tracking, a, &o, err)) == -KE_NOT_FOUND ||
			 (!rc && !wf_sees(who, o.team_id))) {
			/* one the actor may not see answers as one that does not exist */
			kesu_err_clear(err);
			rc = kesu_fail(err, KE_INVALID_VALUE, "duplicate_of", "names no complaint");
		}
		arena_free(a);
	}
	return rc;
}


int wf_edit(struct store_conn *c, const struct complaint *before, struct complaint *after,
	    uint32_t changed, int systemic_given, const struct wf_actor *who, int64_t now,
	    struct kesu_err *err)
{
	if (!changed)
		return 0;
	int rc = wf_judgements_check(c, before, after, systemic_given, &changed, who, err);
	if (rc)
		return rc;
	after->version = before->version + 1;
	after->updated_at = now;
	if ((rc = store_complaint_update(c, before, after, complaint_search_changed(changed), err)))
		return rc;
	json_t *d = complaint_changes_json(before, after, changed);
	rc = notice_event(c, before->id, "updated", who->name, now, d, NULL, NULL, err);
	json_decref(d);
	return rc;
}
