/*
 * merge.c - merging a duplicate into the complaint it repeats (domain.md
 * 1: duplicates are kept, left out of the figures). The duplicate is
 * judged and closed as such in one act: its clocks stop, both timelines
 * say so, and its customer hears once, in their language, under which
 * tracking number the matter is handled. The original's timeline reads the
 * duplicate's events from where they are (store_event_page_joined), so
 * what the customer writes to the duplicate later joins it too.
 */
#include <string.h>

#include "workflow_int.h"

/* every clock, whatever the state: the duplicate's handling ends here */
#define ALL_CLOCKS (CK_PAUSABLE | CK_BIT(CK_FOLLOW_UP) | CK_BIT(CK_CALLBACK))

static int is_duplicate(const struct complaint *cp)
{
	return cp->v[CF_VALIDITY] && strcmp(cp->v[CF_VALIDITY], "duplicate") == 0;
}

int wf_merged(const struct complaint *cp)
{
	return is_duplicate(cp) && cp->v[CF_DUPLICATE_OF] && state_is(cp->state, ST_IS_CLOSED);
}

/* The refusals, before anything is written. */
static int merge_check(const struct complaint *dup, const struct complaint *orig,
		       struct kesu_err *err)
{
	if (dup->id == orig->id)
		return kesu_fail(err, KE_CONFLICT, "into",
				 "names this complaint: a complaint is not merged into itself");
	if (wf_merged(dup))
		return kesu_fail(err, KE_CONFLICT, "into", "%s is already merged into %s",
				 dup->tracking_no, dup->v[CF_DUPLICATE_OF]);
	if (state_is(dup->state, ST_IS_CLOSED))
		return kesu_fail(err, KE_CONFLICT, "into",
				 "%s is closed: reopen it first to merge it", dup->tracking_no);
	/* the proposal's decision moves the complaint on: it must come first */
	if (dup->state == ST_AWAITING_APPROVAL)
		return kesu_fail(err, KE_CONFLICT, "into",
				 "a compensation of %s waits for approval: decide it first",
				 dup->tracking_no);
	if (is_duplicate(orig))
		return kesu_fail(err, KE_CONFLICT, "into",
				 "%s is itself a duplicate%s%s: merge into the original instead",
				 orig->tracking_no, orig->v[CF_DUPLICATE_OF] ? " of " : "",
				 orig->v[CF_DUPLICATE_OF] ? orig->v[CF_DUPLICATE_OF] : "");
	return 0;
}

int wf_merge(struct store_conn *c, const struct complaint *dup, const struct complaint *orig,
	     const char *note, const struct wf_actor *who, int64_t now, struct arena *a,
	     struct complaint *after, struct kesu_err *err)
{
	*after = *dup;
	int rc = merge_check(dup, orig, err);
	if (rc)
		return rc;
	const struct wf_settings *s = wf_settings(c, err);
	if (!s)
		return -err->code;
	after->v[CF_VALIDITY] = "duplicate";
	after->v[CF_DUPLICATE_OF] = arena_strdup(a, orig->tracking_no);
	after->state = ST_CLOSED;
	after->version = dup->version + 1;
	after->updated_at = now;
	if ((rc = store_complaint_update(c, dup, after, 0, err)))
		return rc;
	struct wf_clocks set;
	if ((rc = wf_clocks_load(c, dup->id, a, &set, err)))
		return rc;
	wf_clocks_apply(s, &set, ALL_CLOCKS, OP_MEET, now);
	if (set.n && (rc = wf_clocks_save(c, &set, err)))
		return rc;
	/* the judgement as an edit records it (any past version rebuilds),
	 * the state as a move records it, and the merge says both at once */
	uint32_t changed = (1u << CF_VALIDITY) | (1u << CF_DUPLICATE_OF);
	json_t *d = complaint_changes_json(dup, after, changed);
	rc = notice_event(c, dup->id, "updated", who->name, now, d, NULL, NULL, err);
	json_decref(d);
	const char *why = arena_printf(a, "merged into %s", orig->tracking_no);
	if (!rc) {
		d = json_pack("{s:s,s:s,s:s,s:b,s:s}", "from", state_name(dup->state), "to",
			      state_name(ST_CLOSED), "reason", why, "override", 0, "merged_into",
			      orig->tracking_no);
		rc = notice_event(c, dup->id, "status_changed", who->name, now, d, NULL, NULL, err);
		json_decref(d);
	}
	int same = dup->customer_id && dup->customer_id == orig->customer_id;
	if (!rc) {
		d = json_pack("{s:s,s:s?,s:b}", "into", orig->tracking_no, "note", note,
			      "same_customer", same);
		rc = notice_event(c, dup->id, "merged_into", who->name, now, d, NULL, NULL, err);
		json_decref(d);
	}
	if (!rc) {
		d = json_pack("{s:s,s:s?,s:b}", "from", dup->tracking_no, "note", note,
			      "same_customer", same);
		rc = notice_event(c, orig->id, "merged_from", who->name, now, d, NULL, NULL, err);
		json_decref(d);
	}
	/* told once: this notice, and no "closed" one (closing owes none) */
	if (!rc) {
		d = json_pack("{s:s}", "original", orig->tracking_no);
		rc = notice_customer_with(c, after, "merged", NULL, NULL, d, now, err);
		json_decref(d);
	}
	return rc;
}
