/*
 * workflow_int.h - what the workflow's files share.
 */
#ifndef KESU_WORKFLOW_INT_H
#define KESU_WORKFLOW_INT_H

#include "workflow.h"

enum clock_op { OP_MEET, OP_PAUSE, OP_RESUME };

/* A complaint's clocks in memory: loaded (or begun empty), changed, and
 * written back as one row. */
struct wf_clocks {
	int64_t complaint_id;
	struct clock_row k[CLOCKS_MAX];
	int n;
};
int wf_clocks_load(struct store_conn *c, int64_t complaint_id, struct arena *a,
		   struct wf_clocks *set, struct kesu_err *err);
int wf_clocks_save(struct store_conn *c, const struct wf_clocks *set, struct kesu_err *err);
/* Starts (or restarts) a clock of duration d at now. */
void wf_clock_start(const struct wf_settings *s, struct wf_clocks *set,
		    enum wf_clock_kind kind, const struct wf_duration *d, int64_t now);
/* Meets, pauses or resumes the clocks whose kinds are in mask (bit
 * 1 << kind); clocks in another state are left alone. */
void wf_clocks_apply(const struct wf_settings *s, struct wf_clocks *set, unsigned mask,
		     int op, int64_t now);
/* Puts the complainant in the key-customer file when the rule says so. */
int wf_key_customer(struct store_conn *c, const struct wf_settings *s,
		    const struct complaint *cp, struct kesu_err *err);
/* Index of a severity in the SLA table (normal if unknown). */
int wf_clock_severity(const char *severity);

/* Appends an event of kind with d (not consumed) as its data. */
int wf_event(struct store_conn *c, int64_t complaint_id, const char *kind, const char *actor,
	     int64_t now, json_t *d, struct kesu_err *err);
/* A staff notice of kind about cp to recipient (role:...;team:..., user:N),
 * for the workspace; d (not consumed) gets the tracking number. */
int wf_staff_notice(struct store_conn *c, const struct complaint *cp, const char *kind,
		    const char *recipient, json_t *d, int64_t now, struct kesu_err *err);
/* Refuses to resolve cp unless its cause and responsibility are judged
 * and the customer accepted its newest plan (domain.md 6), or, with
 * without_plan, a manager resolves it with a reason. *plan_id receives
 * the accepted plan (0 if none). */
int wf_resolve_check(struct store_conn *c, const struct complaint *cp, int without_plan,
		     struct arena *a, int64_t *plan_id, struct kesu_err *err);
/* Reminds owners of appointments coming up and marks missed the ones
 * whose time went by; adds to *done. */
int wf_appointments_tick(struct store_conn *c, int64_t now, int limit, struct arena *a,
			 int *done, struct kesu_err *err);

#endif
