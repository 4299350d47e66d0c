/*
 * state.c - the states table (see state.h).
 */
#include "state.h"

#define CLOSED ST_IS_CLOSED | ST_IS_RESOLVED
#define RESOLVED ST_IS_RESOLVED | ST_RATEABLE | ST_TELLS_REASON | ST_FOLLOWS_UP

const struct enum_value en_status[] = {
	[ST_REGISTERED] = {"registered", {"已登记", "已登記", "Registered"}, 0},
	[ST_ACKNOWLEDGED] = {"acknowledged", {"已受理", "已受理", "Acknowledged"}, 0},
	[ST_IN_PROGRESS] = {"in_progress", {"处理中", "處理中", "In progress"}, 0},
	[ST_AWAITING_CUSTOMER] = {"awaiting_customer",
				  {"等待客户", "等待客戶", "Waiting for the customer"},
				  ST_PAUSES_CLOCKS | ST_WAITS_CUSTOMER | ST_TELLS_REASON},
	[ST_AWAITING_APPROVAL] = {"awaiting_approval",
				  {"等待审批", "等待審批", "Awaiting approval"}, ST_INTERNAL},
	[ST_AWAITING_DEPARTMENT] = {"awaiting_department",
				    {"等待部门", "等待部門", "Waiting for a department"}, ST_INTERNAL},
	[ST_RESOLVED] = {"resolved", {"已解决", "已解決", "Resolved"}, RESOLVED},
	[ST_FOLLOW_UP] = {"follow_up", {"回访中", "回訪中", "Follow-up"},
			  ST_IS_RESOLVED | ST_RATEABLE | ST_FOLLOWS_UP},
	[ST_CLOSED] = {"closed", {"已结案", "已結案", "Closed"}, CLOSED},
	[ST_REOPENED] = {"reopened", {"已重开", "已重開", "Reopened"}, ST_TELLS_REASON},
	[ST__COUNT] = {NULL},
};

int state_find(const char *name)
{
	return enum_index(en_status, name);
}

const char *state_name(enum complaint_state st)
{
	return st >= 0 && st < ST__COUNT ? en_status[st].name : "registered";
}

int state_is(enum complaint_state st, unsigned flags)
{
	return st >= 0 && st < ST__COUNT && (en_status[st].flags & flags) == flags;
}

enum complaint_state state_for_customer(enum complaint_state st)
{
	return state_is(st, ST_INTERNAL) ? ST_IN_PROGRESS : st;
}
