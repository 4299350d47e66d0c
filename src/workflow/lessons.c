/*
 * lessons.c - lessons (培训, domain.md 7): cases worth learning from become
 * training for the agents. A supervisor writes a lesson (from a closed
 * complaint, from an incident's handling notice, or by hand), publishes it
 * to teams, and every agent of them is told in their workspace and
 * confirms once that they read it: the record of who learnt what, when.
 */
#include <string.h>

#include "workflow_int.h"

int wf_lesson_save(struct store_conn *c, struct lesson *l, const struct wf_actor *who,
		   int64_t now, struct kesu_err *err)
{
	l->updated_at = now;
	if (!l->id) {
		l->state = "draft";
		l->version = 1;
		l->created_at = now;
		l->created_by = who->name;
		if (!l->source)
			l->source = l->complaint_id ? "complaint" : l->incident_id ? "incident" : "hand";
		return store_lesson_insert(c, l, err);
	}
	if (strcmp(l->state, "draft"))
		return kesu_fail(err, KE_CONFLICT, "state",
				 "the lesson is published: what its readers confirmed stays as it was");
	l->version++;
	return store_lesson_update(c, l, err);
}

/* Every team's staff, or each team's: one workspace notice a recipient. */
static int tell(struct store_conn *c, const struct lesson *l, int64_t now, struct kesu_err *err)
{
	json_t *d = json_pack("{s:I,s:s}", "lesson_id", (json_int_t)l->id, "title", l->title);
	int rc = 0;
	if (l->all_teams) {
		static const int to_roles[] = {ROLE_AGENT, ROLE_SUPERVISOR, ROLE_MANAGER};
		for (size_t k = 0; !rc && k < sizeof to_roles / sizeof *to_roles; k++) {
			struct notice_to to = {.role = to_roles[k]};
			rc = notice_staff_about(c, "lesson_published", &to, NULL, d, now, err);
		}
	} else {
		json_t *teams = json_loads(l->teams ? l->teams : "[]", 0, NULL);
		size_t k;
		json_t *v;
		json_array_foreach(teams, k, v) {
			struct notice_to to = {.role = -1, .team_id = json_integer_value(v)};
			if ((rc = notice_staff_about(c, "lesson_published", &to, NULL, d, now, err)))
				break;
		}
		json_decref(teams);
	}
	json_decref(d);
	return rc;
}

int wf_lesson_publish(struct store_conn *c, struct lesson *l, const struct wf_actor *who,
		      int64_t now, struct kesu_err *err)
{
	if (!strcmp(l->state, "published"))
		return kesu_fail(err, KE_CONFLICT, "state", "the lesson is published already");
	json_t *t = json_loads(l->teams ? l->teams : "[]", 0, NULL);
	size_t nt = json_array_size(t);
	json_decref(t);
	if (!nt && !l->all_teams)
		return kesu_fail(err, KE_MISSING_FIELD, "team_ids",
				 "name the teams whose agents learn it, or all_teams");
	l->state = "published";
	l->published_at = now;
	l->published_by = who->name;
	l->updated_at = now;
	int rc = store_lesson_update(c, l, err);
	return rc ? rc : tell(c, l, now, err);
}

int wf_lesson_confirm(struct store_conn *c, const struct lesson *l, const struct wf_actor *who,
		      int64_t now, int64_t *confirmed_at, struct kesu_err *err)
{
	int is = 0, rc;
	if (strcmp(l->state, "published"))
		return kesu_fail(err, KE_CONFLICT, "state",
				 "the lesson is a draft: it is confirmed once it is published");
	if ((rc = store_lesson_reader_is(c, l, who->user_id, &is, err)))
		return rc;
	if (!is)
		return kesu_fail(err, KE_FORBIDDEN, "",
				 "the lesson is not published to a team of yours");
	return store_lesson_confirm(c, l->id, who->user_id, now, confirmed_at, err);
}
