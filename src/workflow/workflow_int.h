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

#endif
