/*
 * clock.h - the current time, and conversion between Unix milliseconds and
 * the text forms the API speaks (RFC 3339, dates).
 *
 * kesu stores UTC milliseconds and converts to the business time zone only at
 * the edges (tracking-number dates, date-only filters). The zone is the
 * process's TZ, set once at start-up by clock_set_zone(). The clock source can
 * be replaced so that tests can move time.
 */
#ifndef KESU_CLOCK_H
#define KESU_CLOCK_H

#include <stddef.h>
#include <stdint.h>

#define CLOCK_DEFAULT_ZONE "Asia/Shanghai"

/* Milliseconds since the Unix epoch, from the installed source. */
int64_t clock_now_ms(void);
/* Replaces the time source (NULL restores the system clock). */
void clock_set_source(int64_t (*now_ms)(void));
/* Makes the time the content of a file (an RFC 3339 date-time or Unix ms),
 * read again whenever the file changes: tests move time by rewriting it.
 * Returns 0, or -1 if the file holds no time. */
int clock_use_file(const char *path);

/* Makes zone (an IANA name) the local zone of the process. Returns 0, or -1
 * if the zone is unknown to the system's tz database. */
int clock_set_zone(const char *zone);

/* Writes ms as "2026-11-24T01:42:34.123Z" into buf (>= 32 bytes). */
char *clock_format(int64_t ms, char *buf, size_t size);

/* Parses an RFC 3339 date-time with offset. Returns 0 and sets *ms, or -1. */
int clock_parse_rfc3339(const char *s, int64_t *ms);
/* Checks "YYYY-MM-DD" is a real calendar date. Returns 0 or -1. */
int clock_check_date(const char *s);
/* Parses "YYYY-MM-DD" as local midnight, or an RFC 3339 date-time.
 * Returns 0 and sets *ms, or -1. */
int clock_parse_instant(const char *s, int64_t *ms);
/* The local (business zone) calendar day of ms as YYMMDD digits. */
void clock_local_yymmdd(int64_t ms, char out[7]);
/* "2026-10-09 16:00" in the business time zone, for people to read. */
char *clock_format_local(int64_t ms, char *buf, size_t size);

#endif
