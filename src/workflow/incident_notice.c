/*
 * incident_notice.c - the handling notice (投诉工作部署通知, domain.md 9):
 * the key matters, the agreed answers (统一应答口径), the remedy standard,
 * who does what and the departments' contact list (联络表), for an
 * incident or a standing issue. Published, its answers become the scripts
 * offered on the incident's complaints, every agent of its teams is told
 * and its departments get it by e-mail; each agent confirms reading the
 * version in force, and those confirmations are the training record.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../knowledge/knowledge.h"
#include "workflow_int.h"

#define ANSWERS_MAX 50

/* The agreed answers as scripts: step 3 (apologise or explain) unless an
 * answer says its step, in its language (zh-CN by default). */
static int answers_scripts(const struct handling_notice *n, const char *actor, int64_t now,
			   struct arena *a, struct script **out, int *count, struct kesu_err *err)
{
	json_t *arr = json_loads(n->answers ? n->answers : "[]", 0, NULL);
	size_t k;
	json_t *v;
	*count = 0;
	*out = arena_zalloc(a, sizeof **out * ANSWERS_MAX);
	json_array_foreach(arr, k, v) {
		if (*count >= ANSWERS_MAX)
			break;
		struct script *s = &(*out)[(*count)++];
		json_t *step = json_object_get(v, "step");
		s->step = json_is_integer(step) ? (int)json_integer_value(step) : 3;
		s->language = arena_strdup(a, json_string_value(json_object_get(v, "language"))
						      ? json_string_value(json_object_get(v, "language"))
						      : "zh-CN");
		s->title = arena_strdup(a, json_string_value(json_object_get(v, "title")));
		s->body = arena_strdup(a, json_string_value(json_object_get(v, "body")));
		s->position = -1; /* before the general wording of the step */
		s->version = 1;
		s->created_at = s->updated_at = now;
		s->created_by = s->updated_by = actor;
	}
	json_decref(arr);
	(void)err;
	return 0;
}

int wf_notice_save(struct store_conn *c, struct handling_notice *n, const struct wf_actor *who,
		   int64_t now, struct arena *a, struct kesu_err *err)
{
	n->updated_at = now;
	if (!n->id) {
		n->state = "draft";
		n->version = 1;
		n->created_at = now;
		n->created_by = who->name;
		int rc = store_notice_insert(c, n, err);
		if (!rc && n->incident_id)
			rc = wf_incident_event(c, n->incident_id, "notice_written", who->name, now,
					       json_pack("{s:I}", "notice_id", (json_int_t)n->id), err);
		return rc;
	}
	n->version++;
	int rc = store_notice_update(c, n, err);
	if (!rc && !strcmp(n->state, "published"))
		rc = wf_notice_publish(c, n, who, now, a, err);
	return rc;
}

int wf_notice_publish(struct store_conn *c, struct handling_notice *n,
		      const struct wf_actor *who, int64_t now, struct arena *a,
		      struct kesu_err *err)
{
	struct script *s;
	int ns;
	int again = n->published_version != 0;
	/* the version in force published again tells nobody anything new */
	if (again && n->published_version == n->version && !strcmp(n->state, "published"))
		return 0;
	json_t *t0 = json_loads(n->teams ? n->teams : "[]", 0, NULL);
	size_t nt = json_array_size(t0);
	json_decref(t0);
	if (!nt)
		return kesu_fail(err, KE_MISSING_FIELD, "teams",
				 "name the teams whose agents must read the notice");
	n->state = "published";
	n->published_version = n->version;
	n->published_at = now;
	n->published_by = who->name;
	n->updated_at = now;
	int rc = store_notice_update(c, n, err);
	if (!rc)
		rc = answers_scripts(n, who->name, now, a, &s, &ns, err);
	if (!rc)
		rc = store_notice_scripts(c, n->id, s, ns, err);
	if (rc)
		return rc;
	json_t *d = json_pack("{s:I,s:s,s:I,s:b}", "notice_id", (json_int_t)n->id, "title", n->title,
			      "version", (json_int_t)n->version, "updated", again);
	if (n->incident_id)
		json_object_set_new(d, "incident_id", json_integer(n->incident_id));
	/* every agent of the teams concerned, in their workspace */
	json_t *teams = json_loads(n->teams ? n->teams : "[]", 0, NULL);
	size_t k;
	json_t *v;
	json_array_foreach(teams, k, v) {
		struct notice_to to = {.role = -1, .team_id = json_integer_value(v)};
		if ((rc = notice_staff_about(c, "handling_notice", &to, NULL, d, now, err)))
			break;
	}
	json_decref(teams);
	/* the departments named, by e-mail with the whole notice */
	json_t *deps = json_loads(n->departments ? n->departments : "[]", 0, NULL);
	json_t *mail = rc ? NULL : json_copy(d);
	if (mail) {
		json_object_set_new(mail, "key_matters", json_string(n->key_matters ? n->key_matters : ""));
		json_object_set_new(mail, "remedy", json_string(n->remedy ? n->remedy : ""));
		json_object_set_new(mail, "answers", json_loads(n->answers ? n->answers : "[]", 0, NULL));
		json_object_set_new(mail, "duties", json_loads(n->duties ? n->duties : "[]", 0, NULL));
		json_object_set_new(mail, "contacts",
				    json_loads(n->contacts ? n->contacts : "[]", 0, NULL));
	}
	int mailed = 0;
	json_array_foreach(deps, k, v) {
		if (rc)
			break;
		struct department dep;
		rc = store_department_get(c, json_integer_value(v), a, &dep, err);
		if (rc == -KE_NOT_FOUND) {
			kesu_err_clear(err);
			rc = kesu_fail(err, KE_INVALID_VALUE, "departments",
				       "department %lld does not exist", (long long)json_integer_value(v));
			break;
		}
		if (rc || !dep.email)
			continue;
		json_object_set_new(mail, "department", json_string(dep.name));
		rc = notice_staff_about(c, "handling_notice", NULL, dep.email, mail, now, err);
		mailed++;
	}
	json_decref(deps);
	json_decref(mail);
	json_decref(d);
	if (!rc && n->incident_id)
		rc = wf_incident_event(c, n->incident_id, "notice_published", who->name, now,
				       json_pack("{s:I,s:I,s:i}", "notice_id", (json_int_t)n->id,
						 "version", (json_int_t)n->version, "mailed", mailed),
				       err);
	return rc;
}

int wf_notice_read(struct store_conn *c, const struct handling_notice *n,
		   const struct wf_actor *who, int64_t now, struct kesu_err *err)
{
	if (strcmp(n->state, "published") || !n->published_version)
		return kesu_fail(err, KE_CONFLICT, "",
				 "the notice is a draft: it is read once it is published");
	return store_notice_read(c, n->id, who->user_id, n->published_version, now, err);
}
