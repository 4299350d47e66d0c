/*
 * states.c - the lifecycle of a complaint: every allowed transition in one
 * table (docs/workflow.md prints the same table). A transition not listed
 * is refused with the list of those that are.
 */
#include <stdio.h>
#include <string.h>

#include "workflow.h"

const struct wf_transition wf_transitions[] = {
	{"registered", "acknowledged", WF_EDIT, 0, NULL, "an agent takes the complaint on"},
	{"registered", "in_progress", WF_EDIT, 0, "progress", "taken on and worked at once"},
	{"acknowledged", "in_progress", WF_EDIT, 0, "progress", "work begins"},
	{"in_progress", "awaiting_customer", WF_EDIT, 1, "awaiting_customer",
	 "the customer must answer or send something; the clocks pause"},
	{"in_progress", "awaiting_department", WF_EDIT, 0, NULL, "a department must act"},
	{"in_progress", "awaiting_approval", WF_SYSTEM, 0, NULL,
	 "a compensation above the proposer's limit waits for approval"},
	{"awaiting_customer", "in_progress", WF_EDIT, 0, "progress", "the customer answered"},
	{"awaiting_department", "in_progress", WF_EDIT, 0, NULL, "the department answered"},
	{"awaiting_approval", "in_progress", WF_SYSTEM, 0, NULL, "the proposal was decided"},
	{"in_progress", "resolved", WF_EDIT, 1, "resolved", "what was done is recorded"},
	{"resolved", "follow_up", WF_EDIT, 0, "follow_up", "the follow-up call begins"},
	{"resolved", "reopened", WF_EDIT, 1, "reopened", "the customer is not satisfied"},
	{"follow_up", "closed", WF_EDIT, 0, NULL, "satisfied, and what was promised was done"},
	{"follow_up", "reopened", WF_EDIT, 1, "reopened", "not satisfied at the follow-up"},
	{"closed", "reopened", WF_EDIT, 1, "reopened", "the customer comes back"},
	{"reopened", "in_progress", WF_EDIT, 0, "progress", "work on a revised plan begins"},
	{"resolved", "closed", WF_OVERRIDE, 1, NULL, "closed without follow-up (a manager's decision)"},
	{"registered", "closed", WF_OVERRIDE, 1, NULL, "closed unhandled: invalid or a duplicate"},
	{"acknowledged", "closed", WF_OVERRIDE, 1, NULL, "closed unhandled: invalid or a duplicate"},
	{"in_progress", "closed", WF_OVERRIDE, 1, NULL, "closed unresolved (a manager's decision)"},
};
const int wf_ntransitions = sizeof wf_transitions / sizeof *wf_transitions;

const struct wf_transition *wf_find(const char *from, const char *to)
{
	for (int i = 0; i < wf_ntransitions; i++)
		if (strcmp(wf_transitions[i].from, from) == 0 &&
		    strcmp(wf_transitions[i].to, to) == 0)
			return &wf_transitions[i];
	return NULL;
}

const char *wf_allowed_list(const char *from, int override, char *buf, size_t size)
{
	size_t n = 0;
	buf[0] = '\0';
	for (int i = 0; i < wf_ntransitions; i++) {
		const struct wf_transition *t = &wf_transitions[i];
		if (strcmp(t->from, from) != 0 || t->rule == WF_SYSTEM ||
		    (t->rule == WF_OVERRIDE && !override))
			continue;
		n += (size_t)snprintf(buf + n, n < size ? size - n : 0, "%s%s", n ? ", " : "", t->to);
	}
	if (!buf[0])
		snprintf(buf, size, "none");
	return buf;
}
