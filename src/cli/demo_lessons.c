/*
 * demo_lessons.c - the demo's training (培训): once the kettle batch's
 * incident has its handling notice, the supervisor turns it into a lesson
 * for the front line's team the next day, and most of the team confirm
 * reading it over the following hours; the rest still have it to do.
 */
#include <stdio.h>
#include <string.h>

#include "../knowledge/knowledge.h"
#include "../store/store.h"
#include "../workflow/workflow.h"
#include "cli.h"

#define MINUTE (60 * 1000LL)
#define HOUR (60 * MINUTE)
#define DAY (24 * HOUR)

struct lessons_job {
	struct store_job job;
	int64_t now;
	int made, confirmed, readers;
};

/* The notice of the demo's kettle incident, or of any incident. */
static int kettle_notice(struct store_conn *c, struct arena *a, struct handling_notice *out,
			 int *found, struct kesu_err *err)
{
	struct handling_notice *items;
	int64_t *rv;
	int n;
	*found = 0;
	int rc = store_notices_list(c, 1, 0, 0, a, &items, &rv, &n, err);
	for (int k = 0; !rc && k < n; k++) {
		if (!items[k].incident_id)
			continue;
		if (!*found || strstr(items[k].title, "电热水壶")) {
			*out = items[k];
			*found = 1;
		}
	}
	return rc;
}

static int lessons_run(struct store_conn *c, struct store_job *job)
{
	struct lessons_job *j = (struct lessons_job *)job;
	struct kesu_err *err = &job->err;
	struct arena *a = arena_new();
	struct handling_notice n;
	int found, rc = kettle_notice(c, a, &n, &found, err);
	if (rc || !found) {
		arena_free(a);
		return rc;
	}
	/* the day after the notice, and never in the future */
	int64_t at = n.published_at + DAY;
	if (at > j->now - 6 * HOUR)
		at = j->now - 6 * HOUR;
	if (at < n.published_at)
		at = n.published_at;
	const struct wf_actor boss = {.name = n.published_by ? n.published_by : n.created_by};
	struct lesson l = {
		.title = arena_printf(a, "培训：%s", n.title),
		.body = kn_notice_lesson(&n, "zh-CN", a),
		.incident_id = n.incident_id,
		.notice_id = n.id,
		.teams = n.teams,
	};
	struct lesson_reader *r = NULL;
	int nr = 0;
	if (!(rc = wf_lesson_save(c, &l, &boss, at - 30 * MINUTE, err)) &&
	    !(rc = wf_lesson_publish(c, &l, &boss, at, err)))
		rc = store_lesson_readers(c, &l, a, &r, &nr, err);
	/* all but the last two of the team confirm, each a while after the
	 * one before */
	for (int k = 0; !rc && k < nr - 2; k++) {
		int64_t when = at + (k + 1) * 47 * MINUTE, got;
		if (when > j->now)
			break;
		const struct wf_actor who = {.user_id = r[k].user_id, .name = r[k].name};
		rc = wf_lesson_confirm(c, &l, &who, when, &got, err);
		j->confirmed += !rc;
	}
	j->made = !rc;
	j->readers = nr;
	arena_free(a);
	return rc;
}

int demo_lessons(struct store *s, int64_t now, struct kesu_err *err)
{
	struct lessons_job j = {.job.run = lessons_run, .now = now};
	int rc = store_run(s, &j.job);
	if (rc) {
		*err = j.job.err;
		return rc;
	}
	if (j.made)
		printf("kesu: loaded %d demo lesson (培训) from the kettle batch's handling notice,"
		       " confirmed by %d of the %d it is for\n",
		       j.made, j.confirmed, j.readers);
	return 0;
}
