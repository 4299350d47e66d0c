/*
 * calendar.h - the business calendar: working periods of a day (a lunch
 * break is common), working weekdays, public holidays and the make-up
 * working days (调休) that move work onto weekends. Clocks count working
 * time on it. Days are local days of the business time zone (the
 * process's, set by clock_set_zone).
 */
#ifndef KESU_CALENDAR_H
#define KESU_CALENDAR_H

#include <jansson.h>
#include <stdint.h>

#include "../util/err.h"

#define CAL_PERIODS_MAX 6
#define CAL_DAYS_MAX 512

struct calendar {
	int nperiods;
	int period[CAL_PERIODS_MAX][2]; /* minutes after local midnight, start < end */
	unsigned weekdays;		/* bit d: weekday d works (0 = Sunday) */
	int nholidays, nworkdays;
	int32_t holidays[CAL_DAYS_MAX]; /* local day numbers (days since 1970-01-01), sorted */
	int32_t workdays[CAL_DAYS_MAX]; /* make-up working days, sorted */
};

/* The default: Monday to Friday 09:00-12:00 and 13:30-18:00, with the
 * official 2026 PRC holiday schedule (国办发明电〔2025〕7号). */
void cal_default(struct calendar *cal);

/* Reads a calendar from its JSON form (see cal_to_json). Returns 0, or a
 * negative code with err naming the member at fault; cal is then unchanged. */
int cal_from_json(json_t *j, struct calendar *cal, struct kesu_err *err);
/* Marks days of cal from a list such as an official holiday schedule:
 * [{"date": "2027-01-01", "kind": "holiday"},
 *  {"from": "2027-02-06", "to": "2027-02-13", "kind": "holiday"},
 *  {"date": "2027-02-14", "kind": "workday"}]; "ordinary" takes a day off
 * both lists. Returns 0, or a negative code with err naming the item at
 * fault (days[i].field); cal is then unchanged. */
int cal_merge_days(struct calendar *cal, json_t *days, struct kesu_err *err);
/* {"periods": [["09:00","12:00"], ...], "weekdays": [1,2,3,4,5],
 *  "holidays": ["2026-01-01", ...], "workdays": ["2026-01-04", ...]} */
json_t *cal_to_json(const struct calendar *cal);

/* The local day number of an instant, and the instant its day starts. */
int32_t cal_day_of(int64_t ms);
int64_t cal_day_start(int32_t day);
/* The civil date of a local day, and the day of a civil date (the month
 * may run past 12 or below 1: it carries into the year). */
void cal_civil(int32_t day, int *y, int *m, int *d);
int32_t cal_from_civil(int y, int m, int d);
/* 1 if the local day is a working day. */
int cal_is_workday(const struct calendar *cal, int32_t day);
/* Working time of one ordinary working day, in ms (7.5 h by default). */
int64_t cal_day_length(const struct calendar *cal);

/* The instant at which work_ms of working time has passed since start.
 * Returns -1 if the calendar has no working time in the next ten years. */
int64_t cal_add(const struct calendar *cal, int64_t start, int64_t work_ms);
/* Working time between a and b (0 if b <= a). */
int64_t cal_between(const struct calendar *cal, int64_t a, int64_t b);

#endif
