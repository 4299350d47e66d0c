/*
 * demo.c - the demo complaints of `kesu init --demo` (demo/complaints.json,
 * built into the binary). Registration times are relative ("3 days ago at
 * 10:15"), and the dates inside each complaint move with them, so the demo
 * looks current whenever it is loaded. Each goes through the same
 * validation and store path as a complaint posted to the API.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../intake/intake.h"
#include "../store/store.h"
#include "../util/clock.h"
#include "../util/embedded.h"
#include "cli.h"

#define DEMO_FILE "demo/complaints.json"
#define DEMO_ACTOR "demo"
/* The day the demo texts were written for. */
#define DEMO_EPOCH "2026-11-24"

struct entry {
	json_t *j;
	int64_t at;
};

static int by_time(const void *a, const void *b)
{
	const struct entry *x = a, *y = b;
	return (x->at > y->at) - (x->at < y->at);
}

/* Local time days_ago days before now at "HH:MM". */
static int64_t registered_at(int64_t now, int days_ago, const char *hhmm)
{
	time_t t = (time_t)(now / 1000);
	struct tm tm;
	localtime_r(&t, &tm);
	int h = 10, m = 0;
	if (hhmm)
		sscanf(hhmm, "%d:%d", &h, &m);
	tm.tm_mday -= days_ago;
	tm.tm_hour = h;
	tm.tm_min = m;
	tm.tm_sec = 0;
	tm.tm_isdst = -1;
	int64_t at = (int64_t)mktime(&tm) * 1000;
	/* Today's entries later than now move to just before now. */
	if (at > now)
		at = now - (int64_t)(days_ago + 1) * 60 * 1000;
	return at;
}

static void shift_dates(json_t *c, int days)
{
	char buf[40];
	json_t *v = json_object_get(c, "occurred_at");
	int64_t ms;
	if (json_is_string(v) && clock_parse_rfc3339(json_string_value(v), &ms) == 0)
		json_object_set_new(c, "occurred_at",
				    json_string(clock_format(ms + (int64_t)days * 86400000,
							     buf, sizeof buf)));
	v = json_object_get(c, "purchased_at");
	if (json_is_string(v) && clock_check_date(json_string_value(v)) == 0) {
		struct tm tm = {0};
		sscanf(json_string_value(v), "%d-%d-%d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday);
		tm.tm_year -= 1900;
		tm.tm_mon -= 1;
		tm.tm_mday += days;
		tm.tm_hour = 12;
		tm.tm_isdst = -1;
		mktime(&tm);
		strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
		json_object_set_new(c, "purchased_at", json_string(buf));
	}
}

struct note_job {
	struct store_job job;
	int64_t complaint_id, at;
	const char *text;
};

/* A note of the team's on a demo complaint, as an agent writes one. */
static int note_run(struct store_conn *c, struct store_job *job)
{
	static const struct wf_actor demo = {.name = DEMO_ACTOR};
	struct note_job *j = (struct note_job *)job;
	struct arena *a = arena_new();
	struct complaint cp;
	struct event e;
	int rc = store_complaint_get(c, j->complaint_id, NULL, a, &cp, &job->err);
	if (!rc)
		rc = wf_note(c, &cp, j->text, &demo, j->at, a, &e, &job->err);
	arena_free(a);
	return rc;
}

int demo_load(struct store *s, int *loaded, struct kesu_err *err)
{
	*loaded = 0;
	int64_t count = 0;
	struct store_conn *r = store_reader_get(s, err);
	if (!r || store_complaint_count(r, &count, err))
		return -err->code;
	store_reader_put(r);
	if (count > 0)
		return 0;
	const struct embedded_file *f = embedded_find(DEMO_FILE);
	json_error_t je;
	json_t *all = f ? json_loadb((const char *)f->data, f->size, 0, &je) : NULL;
	if (!json_is_array(all)) {
		json_decref(all);
		return kesu_fail(err, KE_INTERNAL, "", "the built-in demo data is damaged");
	}
	int64_t now = clock_now_ms(), epoch;
	clock_parse_instant(DEMO_EPOCH, &epoch);
	int shift = (int)((now - epoch) / 86400000);
	size_t n = json_array_size(all);
	struct entry *e = calloc(n, sizeof *e);
	for (size_t i = 0; i < n; i++) {
		json_t *x = json_array_get(all, i);
		e[i].j = x;
		e[i].at = registered_at(now, (int)json_integer_value(json_object_get(x, "days_ago")),
					json_string_value(json_object_get(x, "time")));
	}
	qsort(e, n, sizeof *e, by_time);
	int rc = 0;
	for (size_t i = 0; i < n && !rc; i++) {
		json_t *c = json_object_get(e[i].j, "complaint");
		shift_dates(c, shift);
		int64_t id;
		rc = intake_register_sync(s, c, e[i].at, DEMO_ACTOR, &id, err);
		if (rc) {
			char what[sizeof err->message];
			snprintf(what, sizeof what, "demo entry %zu: %.40s %.180s", i,
				 err->field, err->message);
			snprintf(err->message, sizeof err->message, "%s", what);
			err->field[0] = '\0';
			break;
		}
		json_t *notes = json_object_get(e[i].j, "notes");
		size_t k;
		json_t *note;
		json_array_foreach(notes, k, note) {
			int64_t at = e[i].at + (int64_t)(k + 1) * 20 * 60 * 1000;
			struct note_job nj = {.job.run = note_run, .complaint_id = id,
					      .at = at < now ? at : now,
					      .text = json_string_value(note)};
			rc = store_run(s, &nj.job);
			if (rc) {
				*err = nj.job.err;
				break;
			}
		}
		if (!rc)
			(*loaded)++;
	}
	free(e);
	json_decref(all);
	return rc;
}
