/*
 * progress.c - what the customer is told is being done (domain.md 2,
 * seeds 000 and 002): when work starts, when a department is asked and
 * when a plan is proposed, the notice carries the agent's one line and
 * the time by which the customer hears from us again, so that a status
 * word is never all they get.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../text/text.h"
#include "../util/clock.h"
#include "workflow_int.h"

int wf_progress_line_check(const char *line, const char *field, struct kesu_err *err)
{
	if (!line)
		return kesu_fail(err, KE_MISSING_FIELD, field,
				 "is required: one line telling the customer what is being done");
	int blank = 1;
	for (const char *p = line; *p; p++) {
		unsigned char ch = (unsigned char)*p;
		/* U+2028 and U+2029 break lines as well */
		if (ch == '\n' || ch == '\r' || strncmp(p, "\xe2\x80\xa8", 3) == 0 ||
		    strncmp(p, "\xe2\x80\xa9", 3) == 0)
			return kesu_fail(err, KE_INVALID_VALUE, field,
					 "must be one line: the notice and the SMS carry it as it is");
		if (ch < 0x20 || ch == 0x7f)
			return kesu_fail(err, KE_INVALID_VALUE, field,
					 "must not contain control characters");
		/* spaces, full-width ones too, say nothing */
		if (strncmp(p, "\xe3\x80\x80", 3) == 0)
			p += 2;
		else if (ch != ' ')
			blank = 0;
	}
	if (blank)
		return kesu_fail(err, KE_MISSING_FIELD, field,
				 "must not be empty: one line telling the customer what is being done");
	size_t n = text_utf8_length(line);
	if (n > WF_PROGRESS_LINE_MAX)
		return kesu_fail(err, KE_TOO_LONG, field, "is %zu characters; at most %d fit one line",
				 n, WF_PROGRESS_LINE_MAX);
	return 0;
}

int wf_progress_settle(struct store_conn *c, const struct complaint *cp, struct wf_progress *p,
		       int required, int64_t now, struct arena *a, struct kesu_err *err)
{
	int rc = 0;
	if (p->line || required)
		rc = wf_progress_line_check(p->line, "progress.line", err);
	if (rc)
		return rc;
	struct wf_clocks set;
	if ((rc = wf_clocks_load(c, cp->id, a, &set, err)))
		return rc;
	/* the resolution deadline bounds the promise while it is still ahead;
	 * once breached, any time ahead is better than none */
	int64_t deadline = 0, soonest = 0;
	for (int i = 0; i < set.n; i++) {
		const struct clock_row *k = &set.k[i];
		if (strcmp(k->state, "running") != 0 || !k->due_at || k->due_at <= now)
			continue;
		int waits = strcmp(k->kind, en_clock[CK_FIRST_RESPONSE].name) == 0 ||
			    strcmp(k->kind, en_clock[CK_RESOLUTION].name) == 0 ||
			    strcmp(k->kind, en_clock[CK_NEGOTIATION].name) == 0;
		if (strcmp(k->kind, en_clock[CK_RESOLUTION].name) == 0)
			deadline = k->due_at;
		if (waits && (!soonest || k->due_at < soonest))
			soonest = k->due_at;
	}
	char due[40];
	if (p->next_contact_at) {
		if (p->next_contact_at <= now)
			return kesu_fail(err, KE_INVALID_VALUE, "progress.next_contact_at",
					 "must be in the future: when the customer hears from us again");
		if (deadline && p->next_contact_at > deadline)
			return kesu_fail(err, KE_INVALID_VALUE, "progress.next_contact_at",
					 "must not be after the resolution deadline (%s)",
					 clock_format(deadline, due, sizeof due));
		return 0;
	}
	if (soonest) {
		p->next_contact_at = soonest;
		return 0;
	}
	const struct wf_settings *s = wf_settings(c, err);
	if (!s)
		return -err->code;
	int64_t day = cal_add(&s->cal, now, cal_day_length(&s->cal));
	p->next_contact_at = day > now ? day : now + 24 * 3600 * 1000LL;
	if (deadline && p->next_contact_at > deadline)
		p->next_contact_at = deadline;
	return 0;
}
