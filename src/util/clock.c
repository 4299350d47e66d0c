/*
 * clock.c - time source and RFC 3339 conversion (see clock.h).
 */
#include "clock.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <pthread.h>
#include <sys/stat.h>
#include <time.h>

static int64_t system_now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int64_t (*source)(void) = system_now_ms;

int64_t clock_now_ms(void)
{
	return source();
}

void clock_set_source(int64_t (*now_ms)(void))
{
	source = now_ms ? now_ms : system_now_ms;
}

/* A clock read from a file (RFC 3339 or Unix ms on its first line), for
 * tests that jump across weekends and holidays: the file is read again
 * whenever it changes. */
static char *file_path;
static int64_t file_value;
static struct timespec file_mtime;
static pthread_mutex_t file_mu = PTHREAD_MUTEX_INITIALIZER;

static int64_t file_now_ms(void)
{
	struct stat st;
	pthread_mutex_lock(&file_mu);
	if (stat(file_path, &st) == 0 && (st.st_mtim.tv_sec != file_mtime.tv_sec ||
					  st.st_mtim.tv_nsec != file_mtime.tv_nsec)) {
		FILE *f = fopen(file_path, "r");
		char line[64] = "";
		if (f) {
			if (fgets(line, sizeof line, f)) {
				line[strcspn(line, "\r\n")] = '\0';
				int64_t v;
				if (clock_parse_rfc3339(line, &v) == 0)
					file_value = v;
				else if (*line && strspn(line, "0123456789") == strlen(line))
					file_value = strtoll(line, NULL, 10);
			}
			fclose(f);
		}
		file_mtime = st.st_mtim;
	}
	int64_t v = file_value;
	pthread_mutex_unlock(&file_mu);
	return v;
}

int clock_use_file(const char *path)
{
	free(file_path);
	file_path = strdup(path);
	file_mtime = (struct timespec){0, 0};
	file_value = 0;
	if (file_now_ms() == 0)
		return -1;
	source = file_now_ms;
	return 0;
}

int clock_set_zone(const char *zone)
{
	char path[512];
	if (!zone || !*zone || strstr(zone, "..") || zone[0] == '/')
		return -1;
	/* glibc silently falls back to UTC for an unknown zone, so check the
	 * database ourselves. */
	if (strcmp(zone, "UTC") != 0) {
		snprintf(path, sizeof path, "/usr/share/zoneinfo/%s", zone);
		FILE *f = fopen(path, "rb");
		if (!f)
			return -1;
		fclose(f);
	}
	setenv("TZ", zone, 1);
	tzset();
	return 0;
}

/* Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant). */
static int64_t days_from_civil(int64_t y, int m, int d)
{
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	int64_t yoe = y - era * 400;
	int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static int days_in_month(int y, int m)
{
	static const int dm[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 29;
	return dm[m - 1];
}

char *clock_format(int64_t ms, char *buf, size_t size)
{
	time_t sec = (time_t)(ms >= 0 ? ms / 1000 : (ms - 999) / 1000);
	int frac = (int)(ms - (int64_t)sec * 1000);
	struct tm tm;
	gmtime_r(&sec, &tm);
	snprintf(buf, size, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ",
		 tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
		 tm.tm_min, tm.tm_sec, frac);
	return buf;
}

/* Reads exactly n digits. */
static int digits(const char **p, int n, int *out)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		if (!isdigit((unsigned char)(*p)[i]))
			return -1;
		v = v * 10 + ((*p)[i] - '0');
	}
	*p += n;
	*out = v;
	return 0;
}

static int parse_date(const char **p, int *y, int *m, int *d)
{
	if (digits(p, 4, y) || **p != '-')
		return -1;
	(*p)++;
	if (digits(p, 2, m) || **p != '-')
		return -1;
	(*p)++;
	if (digits(p, 2, d))
		return -1;
	if (*y < 1900 || *m < 1 || *m > 12 || *d < 1 ||
	    *d > days_in_month(*y, *m))
		return -1;
	return 0;
}

int clock_check_date(const char *s)
{
	int y, m, d;
	const char *p = s;
	if (parse_date(&p, &y, &m, &d) || *p)
		return -1;
	return 0;
}

int clock_parse_rfc3339(const char *s, int64_t *ms)
{
	int y, mo, d, h, mi, se, frac = 0;
	const char *p = s;
	if (parse_date(&p, &y, &mo, &d))
		return -1;
	if (*p != 'T' && *p != 't' && *p != ' ')
		return -1;
	p++;
	if (digits(&p, 2, &h) || *p++ != ':' || digits(&p, 2, &mi) ||
	    *p++ != ':' || digits(&p, 2, &se))
		return -1;
	if (h > 23 || mi > 59 || se > 60)
		return -1;
	if (se == 60) /* a leap second is the last instant of its minute */
		se = 59;
	if (*p == '.') {
		p++;
		int n = 0;
		while (isdigit((unsigned char)*p)) {
			if (n < 3)
				frac = frac * 10 + (*p - '0');
			n++;
			p++;
		}
		if (n == 0 || n > 9)
			return -1;
		for (; n < 3; n++)
			frac *= 10;
	}
	int offset = 0;
	if (*p == 'Z' || *p == 'z') {
		p++;
	} else if (*p == '+' || *p == '-') {
		int sign = *p == '-' ? -1 : 1, oh, om;
		p++;
		if (digits(&p, 2, &oh) || *p++ != ':' || digits(&p, 2, &om) ||
		    oh > 23 || om > 59)
			return -1;
		offset = sign * (oh * 60 + om);
	} else {
		return -1;
	}
	if (*p)
		return -1;
	int64_t days = days_from_civil(y, mo, d);
	int64_t sec = days * 86400 + h * 3600 + mi * 60 + se - offset * 60;
	*ms = sec * 1000 + frac;
	return 0;
}

int clock_parse_instant(const char *s, int64_t *ms)
{
	if (strlen(s) == 10) {
		int y, m, d;
		const char *p = s;
		if (parse_date(&p, &y, &m, &d) || *p)
			return -1;
		struct tm tm = {.tm_year = y - 1900, .tm_mon = m - 1,
				.tm_mday = d, .tm_isdst = -1};
		time_t t = mktime(&tm);
		if (t == (time_t)-1)
			return -1;
		*ms = (int64_t)t * 1000;
		return 0;
	}
	return clock_parse_rfc3339(s, ms);
}

void clock_local_yymmdd(int64_t ms, char out[7])
{
	time_t sec = (time_t)(ms / 1000);
	struct tm tm;
	localtime_r(&sec, &tm);
	char buf[40];
	snprintf(buf, sizeof buf, "%02d%02d%02d", (tm.tm_year % 100 + 100) % 100,
		 tm.tm_mon + 1, tm.tm_mday);
	memcpy(out, buf, 6);
	out[6] = '\0';
}

char *clock_format_local(int64_t ms, char *buf, size_t size)
{
	time_t sec = (time_t)(ms / 1000);
	struct tm tm;
	localtime_r(&sec, &tm);
	snprintf(buf, size, "%04d-%02d-%02d %02d:%02d", tm.tm_year + 1900, tm.tm_mon + 1,
		 tm.tm_mday, tm.tm_hour, tm.tm_min);
	return buf;
}
