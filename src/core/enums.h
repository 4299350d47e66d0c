/*
 * enums.h - every enumeration of kesu in one place: each value with its
 * label in the three languages the pages speak, and the properties the
 * code reads from it (a column, not a branch). Field validation, the
 * workflow, `kesu help` and GET /api/v1/fields read these tables; the
 * pages show the labels they get from the server.
 */
#ifndef KESU_ENUMS_H
#define KESU_ENUMS_H

#include "../util/arena.h"

enum lang { LANG_ZH_CN, LANG_ZH_TW, LANG_EN, LANG__COUNT };

/* Properties of a value (struct enum_value.flags). */
#define EV_MATERIAL 1u /* compensation: money, goods or vouchers (needs identity) */
#define EV_SYSTEM 2u   /* set by kesu itself; a caller cannot give it */
#define EV_TO_MANAGEMENT 8u /* escalation cause: straight to management (domain.md 4) */
#define EV_REGULATOR 4u /* channel: a regulator transfer (12315 negotiation clock, ODR items) */

struct enum_value {
	const char *name;
	const char *label[LANG__COUNT]; /* zh-CN, zh-TW, en */
	unsigned flags;
};

/* An enumeration: its values end with {NULL}. */
struct enum_def {
	const char *name; /* "severity", as GET /api/v1/fields names it */
	const struct enum_value *values;
	const char *summary;
};

extern const struct enum_value en_language[], en_channel[], en_object_kind[], en_resolution[],
	en_severity[], en_emotion[], en_mindset[], en_responsibility[], en_validity[],
	en_conversation_channel[], en_odr_means[], en_customer_type[], en_level[],
	en_escalation_cause[], en_compensation_kind[], en_compensation_state[], en_plan_state[],
	en_plan_answer[], en_demand_state[], en_demand_answer[], en_appointment_state[],
	en_identity_method[], en_callback_method[], en_task_state[], en_visit_method[],
	en_visit_state[], en_clock[], en_clock_state[], en_queue[], en_sort[], en_article_status[],
	en_script_playbook[], en_incident_state[], en_affected_kind[], en_message_stage[],
	en_remedy_state[], en_action_state[], en_action_origin[],
	en_checklist_frequency[], en_checklist_result[], en_checklist_run_state[];

/* Every enumeration, for GET /api/v1/fields and `kesu help fields`. */
extern const struct enum_def enum_defs[];
extern const int enum_ndefs;

/* Indices of some values that code names (the rest is read by name). */
enum severity { SEV_LOW, SEV_NORMAL, SEV_HIGH, SEV_CRITICAL, SEV__COUNT };
enum level { LEVEL_AGENT, LEVEL_SUPERVISOR, LEVEL_MANAGEMENT, LEVEL_PLATFORM, LEVEL_PR,
	     LEVEL__COUNT };
enum comp_kind {
	COMP_REFUND, COMP_DISCOUNT, COMP_COUPON, COMP_GIFT, COMP_FREE_SERVICE,
	COMP_EXCHANGE, COMP_REPAIR, COMP_CASH, COMP_FREE_SHIPPING, COMP_MEAL_VOUCHER,
	COMP_HOTEL_VOUCHER, COMP_REBOOKING, COMP_ABSORBED_COST, COMP__COUNT
};

/* The index of name among values, or -1 (NULL name: -1). */
int enum_index(const struct enum_value *values, const char *name);
/* As enum_index, but -1 also for values kesu sets itself (EV_SYSTEM). */
int enum_input(const struct enum_value *values, const char *name);
/* How many values there are. */
int enum_count(const struct enum_value *values);
/* The flags of name (0 if unknown). */
unsigned enum_flags(const struct enum_value *values, const char *name);
/* "a, b, c": the values a caller may give, for messages and help. */
const char *enum_list(const struct enum_value *values, struct arena *a);
/* The enumeration called name, or NULL. */
const struct enum_def *enum_def_find(const char *name);
/* The language of a code (zh-CN, zh-TW, en); zh-CN for anything else. */
enum lang lang_of(const char *code);

#endif
