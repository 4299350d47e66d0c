/*
 * workflow_int.h - what the workflow's files share.
 */
#ifndef KESU_WORKFLOW_INT_H
#define KESU_WORKFLOW_INT_H

#include "workflow.h"

enum clock_op { OP_MEET, OP_PAUSE, OP_RESUME };

/* Starts (or restarts) a clock of duration d at now. */
int wf_clock_start(struct store_conn *c, const struct wf_settings *s, int64_t complaint_id,
		   enum wf_clock_kind kind, const struct wf_duration *d, int64_t now,
		   struct kesu_err *err);
/* Meets, pauses or resumes the complaint's clocks whose kinds are in mask
 * (bit 1 << kind); clocks in another state are left alone. */
int wf_clocks_apply(struct store_conn *c, const struct wf_settings *s, int64_t complaint_id,
		    unsigned mask, int op, int64_t now, struct arena *a, struct kesu_err *err);
/* Puts the complainant in the key-customer file when the rule says so. */
int wf_key_customer(struct store_conn *c, const struct wf_settings *s,
		    const struct complaint *cp, struct kesu_err *err);
/* Index of a severity in the SLA table (normal if unknown). */
int wf_clock_severity(const char *severity);

#endif
