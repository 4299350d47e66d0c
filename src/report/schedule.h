/*
 * schedule.h - the complaint work report on a schedule (see schedule.c).
 */
#ifndef KESU_SCHEDULE_H
#define KESU_SCHEDULE_H

#include "../auth/roles.h"
#include "report.h"

#define REPORT_EMAILS_MAX 32

struct report_plan {
	int enabled;
	enum report_format format;
	const char *lang;
};

/* The `reports` setting: {"weekly": {"enabled", "format", "lang"},
 * "monthly": {...}, "roles": ["manager"], "emails": [...]}. */
struct report_schedule {
	struct report_plan plan[2]; /* weekly, monthly */
	const char *roles[ROLE__COUNT];
	int nroles;
	const char *emails[REPORT_EMAILS_MAX];
	int nemails;
	json_t *json; /* owned */
};

/* Checks and reads a setting as PUT: 0, or a negative code naming the
 * member. Free with report_schedule_free. */
int report_schedule_from_json(json_t *j, struct report_schedule *out, struct kesu_err *err);
json_t *report_schedule_to_json(const struct report_schedule *s);
int report_schedule_read(struct store_conn *c, struct report_schedule *out, struct kesu_err *err);
void report_schedule_free(struct report_schedule *s);

/* The last whole week (Monday to Monday) or month before now, local. */
void report_last_period(int monthly, int64_t now, int64_t *from, int64_t *to);

/* Makes each enabled schedule's report of its last period, if not made
 * yet: kept in the store, a notice to every recipient in the outbox.
 * *made counts them. Needs the writer thread. */
int report_schedule_run(struct store *s, int64_t now, int *made, struct kesu_err *err);

/* The setting changed: the scheduler looks again at once. */
void report_schedule_changed(void);

struct report_scheduler;
/* Looks every tick_ms; NULL if the thread cannot start. */
struct report_scheduler *report_scheduler_start(struct store *s, int tick_ms);
void report_scheduler_stop(struct report_scheduler *rs);

#endif
