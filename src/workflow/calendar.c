/*
 * calendar.c - working-time arithmetic on the business calendar. Days are
 * walked one at a time, each clipped to its working periods; holidays and
 * make-up days are looked up by binary search.
 */
#include "calendar.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../core/jread.h"

#define DAY_MS 86400000LL
#define MAX_DAYS 3660 /* ten years: a calendar without working time ends here */

static int64_t days_from_civil(int64_t y, int m, int d)
{
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	int64_t yoe = y - era * 400;
	int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static void civil_from_days(int64_t z, int *y, int *m, int *d)
{
	z += 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	int64_t doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

/* The zone's offset from UTC at ms, in ms. Offsets change on the hour at
 * most, so each hour's is remembered (per thread): clock arithmetic asks
 * for the same few days over and over, and localtime_r takes a lock. */
static int64_t offset_at(int64_t ms)
{
	static _Thread_local struct {
		int64_t hour;
		int64_t offset;
		int valid;
	} cache[256];
	int64_t hour = ms >= 0 ? ms / 3600000 : (ms - 3599999) / 3600000;
	unsigned slot = (unsigned)(hour & 255);
	if (cache[slot].valid && cache[slot].hour == hour)
		return cache[slot].offset;
	time_t t = (time_t)(ms / 1000);
	struct tm tm;
	localtime_r(&t, &tm);
	cache[slot].hour = hour;
	cache[slot].offset = (int64_t)tm.tm_gmtoff * 1000;
	cache[slot].valid = 1;
	return cache[slot].offset;
}

int32_t cal_day_of(int64_t ms)
{
	int64_t local = ms + offset_at(ms);
	return (int32_t)(local >= 0 ? local / DAY_MS : (local - DAY_MS + 1) / DAY_MS);
}

int64_t cal_day_start(int32_t day)
{
	int64_t guess = (int64_t)day * DAY_MS;
	return guess - offset_at(guess - offset_at(guess));
}

void cal_civil(int32_t day, int *y, int *m, int *d)
{
	civil_from_days(day, y, m, d);
}

int32_t cal_from_civil(int y, int m, int d)
{
	int64_t months = (int64_t)y * 12 + (m - 1);
	int64_t yy = months >= 0 ? months / 12 : (months - 11) / 12;
	return (int32_t)days_from_civil(yy, (int)(months - yy * 12) + 1, d);
}

static int in_sorted(const int32_t *a, int n, int32_t x)
{
	int lo = 0, hi = n - 1;
	while (lo <= hi) {
		int mid = (lo + hi) / 2;
		if (a[mid] == x)
			return 1;
		if (a[mid] < x)
			lo = mid + 1;
		else
			hi = mid - 1;
	}
	return 0;
}

int cal_is_workday(const struct calendar *cal, int32_t day)
{
	if (in_sorted(cal->workdays, cal->nworkdays, day))
		return 1;
	if (in_sorted(cal->holidays, cal->nholidays, day))
		return 0;
	int wd = (int)(((int64_t)day % 7 + 7 + 4) % 7); /* 1970-01-01 was a Thursday */
	return (cal->weekdays >> wd) & 1;
}

int64_t cal_day_length(const struct calendar *cal)
{
	int64_t m = 0;
	for (int i = 0; i < cal->nperiods; i++)
		m += cal->period[i][1] - cal->period[i][0];
	return m * 60000;
}

int64_t cal_add(const struct calendar *cal, int64_t start, int64_t work_ms)
{
	if (work_ms <= 0)
		return start;
	int64_t cursor = start, left = work_ms;
	int32_t day = cal_day_of(start);
	for (int n = 0; n < MAX_DAYS; n++, day++) {
		if (!cal_is_workday(cal, day))
			continue;
		int64_t base = cal_day_start(day);
		for (int i = 0; i < cal->nperiods; i++) {
			int64_t ps = base + cal->period[i][0] * 60000LL;
			int64_t pe = base + cal->period[i][1] * 60000LL;
			if (pe <= cursor)
				continue;
			int64_t s = ps > cursor ? ps : cursor;
			if (pe - s >= left)
				return s + left;
			left -= pe - s;
			cursor = pe;
		}
	}
	return -1;
}

int64_t cal_between(const struct calendar *cal, int64_t a, int64_t b)
{
	int64_t total = 0;
	if (b <= a)
		return 0;
	int32_t last = cal_day_of(b);
	for (int32_t day = cal_day_of(a); day <= last; day++) {
		if (!cal_is_workday(cal, day))
			continue;
		int64_t base = cal_day_start(day);
		for (int i = 0; i < cal->nperiods; i++) {
			int64_t ps = base + cal->period[i][0] * 60000LL;
			int64_t pe = base + cal->period[i][1] * 60000LL;
			int64_t s = ps > a ? ps : a, e = pe < b ? pe : b;
			if (e > s)
				total += e - s;
		}
	}
	return total;
}

/* --- JSON and the default ------------------------------------------------- */

static int parse_day(const char *s, int32_t *day)
{
	int y, m, d;
	char tail;
	if (!s || sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3 || strlen(s) != 10 ||
	    m < 1 || m > 12 || d < 1 || d > 31)
		return -1;
	int64_t z = days_from_civil(y, m, d);
	int yy, mm, dd;
	civil_from_days(z, &yy, &mm, &dd);
	if (yy != y || mm != m || dd != d)
		return -1; /* 2026-02-30 */
	*day = (int32_t)z;
	return 0;
}

static int parse_hhmm(const char *s, int *min)
{
	int h, m;
	char tail;
	if (!s || strlen(s) != 5 || sscanf(s, "%2d:%2d%c", &h, &m, &tail) != 2 || h < 0 ||
	    h > 24 || m < 0 || m > 59 || (h == 24 && m))
		return -1;
	*min = h * 60 + m;
	return 0;
}

static int cmp_i32(const void *a, const void *b)
{
	int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;
	return (x > y) - (x < y);
}

static void read_days(const struct jread *r, const char *name, int32_t *out, int *n)
{
	struct jread v = jread_at(r, name);
	size_t count = 0;
	if (v.v && !json_is_array(v.v)) {
		jread_fail(&v, NULL, KE_WRONG_TYPE, "must be an array of dates (YYYY-MM-DD)");
		return;
	}
	if (v.v && json_array_size(v.v) > CAL_DAYS_MAX) {
		jread_fail(&v, NULL, KE_INVALID_VALUE, "at most %d dates", CAL_DAYS_MAX);
		return;
	}
	jread_array(&v, CAL_DAYS_MAX, 0, &count);
	if (!v.v)
		return;
	*n = 0;
	for (size_t i = 0; i < count; i++) {
		if (parse_day(json_string_value(json_array_get(v.v, i)), &out[*n])) {
			jread_fail(&v, NULL, KE_INVALID_VALUE, "item %zu is not a date (YYYY-MM-DD)", i);
			return;
		}
		(*n)++;
	}
	qsort(out, (size_t)*n, sizeof *out, cmp_i32);
}

int cal_from_json(json_t *j, struct calendar *out, struct kesu_err *err)
{
	static const char *const keys[] = {"periods", "weekdays", "holidays", "workdays", NULL};
	if (!json_is_object(j))
		return kesu_fail(err, KE_WRONG_TYPE, "", "the calendar must be a JSON object");
	struct calendar *cal = calloc(1, sizeof *cal);
	struct jread_state st = {.err = err};
	struct jread r = jread_doc(j, &st), periods = jread_at(&r, "periods"),
		     weekdays = jread_at(&r, "weekdays");
	cal_default(cal);
	jread_object(&r, keys, 1);
	size_t n = 0;
	if (periods.v && (!json_is_array(periods.v) || !json_array_size(periods.v) ||
			  json_array_size(periods.v) > CAL_PERIODS_MAX))
		jread_fail(&periods, NULL, KE_INVALID_VALUE,
			   "must be 1 to %d [\"HH:MM\", \"HH:MM\"] pairs", CAL_PERIODS_MAX);
	else
		jread_array(&periods, CAL_PERIODS_MAX, 0, &n);
	if (n)
		cal->nperiods = 0;
	for (size_t i = 0; i < n && !st.rc; i++) {
		json_t *p = json_array_get(periods.v, i);
		int s, e;
		if (json_array_size(p) != 2 || parse_hhmm(json_string_value(json_array_get(p, 0)), &s) ||
		    parse_hhmm(json_string_value(json_array_get(p, 1)), &e) || s >= e ||
		    (i && s < cal->period[i - 1][1])) {
			jread_fail(&periods, NULL, KE_INVALID_VALUE,
				   "item %zu must be [\"HH:MM\", \"HH:MM\"], later than the one before", i);
			break;
		}
		cal->period[i][0] = s;
		cal->period[i][1] = e;
		cal->nperiods++;
	}
	if (weekdays.v && !json_is_array(weekdays.v))
		jread_fail(&weekdays, NULL, KE_WRONG_TYPE,
			   "must be an array of weekdays, 0 (Sunday) to 6");
	if (weekdays.v && !st.rc) {
		cal->weekdays = 0;
		for (size_t i = 0; i < json_array_size(weekdays.v) && !st.rc; i++) {
			json_t *d = json_array_get(weekdays.v, i);
			if (!json_is_integer(d) || json_integer_value(d) < 0 || json_integer_value(d) > 6)
				jread_fail(&weekdays, NULL, KE_INVALID_VALUE,
					   "must be an array of weekdays, 0 (Sunday) to 6");
			else
				cal->weekdays |= 1u << json_integer_value(d);
		}
	}
	read_days(&r, "holidays", cal->holidays, &cal->nholidays);
	read_days(&r, "workdays", cal->workdays, &cal->nworkdays);
	if (!st.rc)
		*out = *cal;
	free(cal);
	return st.rc;
}

/* Removes day from the sorted list a of *n days, if it is there. */
static void drop_day(int32_t *a, int *n, int32_t day)
{
	int at = 0;
	for (int i = 0; i < *n; i++)
		if (a[i] != day)
			a[at++] = a[i];
	*n = at;
}

static int add_day(int32_t *a, int *n, int32_t day, const char *field, struct kesu_err *err)
{
	if (in_sorted(a, *n, day))
		return 0;
	if (*n >= CAL_DAYS_MAX)
		return kesu_fail(err, KE_INVALID_VALUE, field,
				 "the calendar holds at most %d such days; remove past years first",
				 CAL_DAYS_MAX);
	a[(*n)++] = day;
	qsort(a, (size_t)*n, sizeof *a, cmp_i32);
	return 0;
}

int cal_merge_days(struct calendar *out, json_t *days, struct kesu_err *err)
{
	static const char *const keys[] = {"date", "from", "to", "kind", NULL};
	static const char *const kinds[] = {"holiday", "workday", "ordinary", NULL};
	if (!json_is_array(days) || json_array_size(days) == 0)
		return kesu_fail(err, KE_WRONG_TYPE, "days",
				 "must be a non-empty array of {\"date\" or \"from\"/\"to\", \"kind\"}");
	struct calendar *cal = malloc(sizeof *cal);
	*cal = *out;
	int rc = 0;
	size_t i;
	json_t *d;
	char field[48];
	json_array_foreach(days, i, d) {
		const char *k;
		json_t *v;
		if (!json_is_object(d)) {
			snprintf(field, sizeof field, "days[%zu]", i);
			rc = kesu_fail(err, KE_WRONG_TYPE, field, "must be an object");
			goto out;
		}
		json_object_foreach(d, k, v) {
			int known = 0;
			for (int j = 0; keys[j]; j++)
				known |= strcmp(keys[j], k) == 0;
			if (!known) {
				snprintf(field, sizeof field, "days[%zu].%s", i, k);
				rc = kesu_fail(err, KE_UNKNOWN_FIELD, field, "is not a known field");
				goto out;
			}
		}
		const char *kind = json_string_value(json_object_get(d, "kind"));
		int which = -1;
		for (int j = 0; kind && kinds[j]; j++)
			if (strcmp(kinds[j], kind) == 0)
				which = j;
		if (which < 0) {
			snprintf(field, sizeof field, "days[%zu].kind", i);
			rc = kesu_fail(err, KE_INVALID_VALUE, field,
				       "must be one of: holiday, workday (调休), ordinary");
			goto out;
		}
		int32_t from, to;
		json_t *date = json_object_get(d, "date");
		if (date) {
			snprintf(field, sizeof field, "days[%zu].date", i);
			if (json_object_get(d, "from") || json_object_get(d, "to")) {
				rc = kesu_fail(err, KE_INVALID_VALUE, field,
					       "give either date or from and to");
				goto out;
			}
			if (parse_day(json_string_value(date), &from)) {
				rc = kesu_fail(err, KE_INVALID_VALUE, field, "is not a date (YYYY-MM-DD)");
				goto out;
			}
			to = from;
		} else {
			snprintf(field, sizeof field, "days[%zu].from", i);
			if (parse_day(json_string_value(json_object_get(d, "from")), &from)) {
				rc = kesu_fail(err, KE_INVALID_VALUE, field,
					       "is required without date, as YYYY-MM-DD");
				goto out;
			}
			snprintf(field, sizeof field, "days[%zu].to", i);
			if (parse_day(json_string_value(json_object_get(d, "to")), &to) || to < from ||
			    to - from > 366) {
				rc = kesu_fail(err, KE_INVALID_VALUE, field,
					       "must be a date (YYYY-MM-DD) from `from` to a year after");
				goto out;
			}
		}
		snprintf(field, sizeof field, "days[%zu]", i);
		for (int32_t day = from; day <= to; day++) {
			/* a day is one thing: marking it takes it off the other list */
			drop_day(cal->holidays, &cal->nholidays, day);
			drop_day(cal->workdays, &cal->nworkdays, day);
			if (which == 0 && (rc = add_day(cal->holidays, &cal->nholidays, day, field, err)))
				goto out;
			if (which == 1 && (rc = add_day(cal->workdays, &cal->nworkdays, day, field, err)))
				goto out;
		}
	}
	*out = *cal;
out:
	free(cal);
	return rc;
}

static json_t *day_json(int32_t day)
{
	int y, m, d;
	char buf[16];
	civil_from_days(day, &y, &m, &d);
	snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
	return json_string(buf);
}

json_t *cal_to_json(const struct calendar *cal)
{
	json_t *periods = json_array(), *wd = json_array(), *hol = json_array(),
	       *work = json_array();
	for (int i = 0; i < cal->nperiods; i++) {
		char s[32], e[32];
		snprintf(s, sizeof s, "%02d:%02d", cal->period[i][0] / 60, cal->period[i][0] % 60);
		snprintf(e, sizeof e, "%02d:%02d", cal->period[i][1] / 60, cal->period[i][1] % 60);
		json_array_append_new(periods, json_pack("[s,s]", s, e));
	}
	for (int d = 0; d < 7; d++)
		if ((cal->weekdays >> d) & 1)
			json_array_append_new(wd, json_integer(d));
	for (int i = 0; i < cal->nholidays; i++)
		json_array_append_new(hol, day_json(cal->holidays[i]));
	for (int i = 0; i < cal->nworkdays; i++)
		json_array_append_new(work, day_json(cal->workdays[i]));
	return json_pack("{s:o,s:o,s:o,s:o}", "periods", periods, "weekdays", wd, "holidays", hol,
			 "workdays", work);
}

void cal_default(struct calendar *cal)
{
	/* 国务院办公厅关于2026年部分节假日安排的通知 */
	static const char *const off[][2] = {
		{"2026-01-01", "2026-01-03"}, /* 元旦 */
		{"2026-02-15", "2026-02-23"}, /* 春节 */
		{"2026-04-04", "2026-04-06"}, /* 清明节 */
		{"2026-05-01", "2026-05-05"}, /* 劳动节 */
		{"2026-06-19", "2026-06-21"}, /* 端午节 */
		{"2026-09-25", "2026-09-27"}, /* 中秋节 */
		{"2026-10-01", "2026-10-07"}, /* 国庆节 */
	};
	static const char *const work[] = {"2026-01-04", "2026-02-14", "2026-02-28",
					   "2026-05-09", "2026-09-20", "2026-10-10"};
	memset(cal, 0, sizeof *cal);
	cal->nperiods = 2;
	cal->period[0][0] = 9 * 60, cal->period[0][1] = 12 * 60;
	cal->period[1][0] = 13 * 60 + 30, cal->period[1][1] = 18 * 60;
	cal->weekdays = 0x3e; /* Monday to Friday */
	for (size_t i = 0; i < sizeof off / sizeof *off; i++) {
		int32_t a, b;
		parse_day(off[i][0], &a);
		parse_day(off[i][1], &b);
		for (int32_t d = a; d <= b; d++)
			cal->holidays[cal->nholidays++] = d;
	}
	for (size_t i = 0; i < sizeof work / sizeof *work; i++)
		parse_day(work[i], &cal->workdays[cal->nworkdays++]);
}
