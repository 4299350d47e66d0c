/*
 * state.h - the states of a complaint's lifecycle, one table: each state
 * with its label and the columns the code reads instead of comparing
 * state names (whether the loop is closed, whether clocks pause...). The
 * transitions between them are the workflow's table
 * (src/workflow/transitions.c).
 */
#ifndef KESU_STATE_H
#define KESU_STATE_H

#include "enums.h"

enum complaint_state {
	ST_REGISTERED,
	ST_ACKNOWLEDGED,
	ST_IN_PROGRESS,
	ST_AWAITING_CUSTOMER,
	ST_AWAITING_APPROVAL,
	ST_AWAITING_DEPARTMENT,
	ST_RESOLVED,
	ST_FOLLOW_UP,
	ST_CLOSED,
	ST_REOPENED,
	ST__COUNT
};

/* The columns of the states table (en_status[].flags). */
#define ST_IS_CLOSED 0x01u	  /* the loop is closed: off every queue of open work */
#define ST_PAUSES_CLOCKS 0x02u	  /* the clocks stop while the complaint is in it */
#define ST_WAITS_CUSTOMER 0x04u	  /* it waits for the customer's answer */
#define ST_IS_RESOLVED 0x08u	  /* resolved or after: no new plan, no new clock */
#define ST_RATEABLE 0x10u	  /* the customer may rate the outcome on the portal */
#define ST_TELLS_REASON 0x20u	  /* the reason for entering it is told to the customer */
#define ST_FOLLOWS_UP 0x40u	  /* the follow-up is still to do */
#define ST_INTERNAL 0x80u	  /* a step inside the team: the customer is told in_progress */

/* The states table, in enum complaint_state order, ending with {NULL}. */
extern const struct enum_value en_status[];

/* The state called name, or -1. */
int state_find(const char *name);
/* The state's name ("in_progress"). */
const char *state_name(enum complaint_state st);
/* The state as the customer is told it: in_progress for an internal one. */
enum complaint_state state_for_customer(enum complaint_state st);
/* Whether the state has every column in flags. */
int state_is(enum complaint_state st, unsigned flags);

#endif
