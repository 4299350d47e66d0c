/*
 * settings.c - the settings registry (see settings.h): each setting's
 * reader, parser and change hook, and the one GET and one PUT handler
 * that serve them all. Every change is one security-log record,
 * setting_changed on setting:KEY with the new value.
 */
#include "settings.h"

#include <stdlib.h>
#include <string.h>

#include "../channels/channels.h"
#include "../report/schedule.h"
#include "../util/clock.h"
#include "api.h"

/* --- each setting's reader and parser ------------------------------------------ */

static int calendar_read(struct store_conn *c, json_t **out, struct kesu_err *err)
{
	struct wf_settings s;
	int rc = wf_settings_read(c, &s, err);
	*out = rc ? NULL : cal_to_json(&s.cal);
	return rc;
}

static int calendar_parse(struct store_conn *c, json_t *body, json_t **out,
			  struct kesu_err *err)
{
	struct calendar *cal = malloc(sizeof *cal);
	int rc = cal_from_json(body, cal, err);
	*out = rc ? NULL : cal_to_json(cal);
	free(cal);
	return rc;
}

static int sla_read(struct store_conn *c, json_t **out, struct kesu_err *err)
{
	struct wf_settings s;
	int rc = wf_settings_read(c, &s, err);
	*out = rc ? NULL : wf_sla_to_json(&s.sla);
	return rc;
}

/* A rule's channel must be one a complaint can have, or the rule never
 * applies. Checked on a change only: a policy stored before this check,
 * with such a rule, still loads (the rule just never matches). */
static int sla_channels_ok(json_t *body, struct kesu_err *err)
{
	json_t *rules = json_object_get(body, "rules"), *rule;
	size_t i;
	if (!json_is_array(rules))
		return 0;
	json_array_foreach(rules, i, rule) {
		json_t *ch = json_object_get(rule, "channel");
		if (!json_is_string(ch) || enum_input(en_channel, json_string_value(ch)) >= 0)
			continue;
		char field[40], list[256];
		size_t n = 0;
		list[0] = '\0';
		for (int k = 0; en_channel[k].name && n < sizeof list; k++)
			if (!(en_channel[k].flags & EV_SYSTEM))
				n += (size_t)snprintf(list + n, sizeof list - n, "%s%s", n ? ", " : "",
						      en_channel[k].name);
		snprintf(field, sizeof field, "rules[%zu].channel", i);
		int rc = kesu_refuse(err, KE_INVALID_VALUE, KR_NOT_ONE_OF, field,
				     "must be one of: %s", list);
		kesu_param_str(err, "values", list);
		return rc;
	}
	return 0;
}

static int sla_parse(struct store_conn *c, json_t *body, json_t **out, struct kesu_err *err)
{
	if (sla_channels_ok(body, err))
		return -err->code;
	struct wf_sla sla;
	int rc = wf_sla_from_json(body, &sla, err);
	*out = rc ? NULL : wf_sla_to_json(&sla);
	return rc;
}

static int causes_read(struct store_conn *c, json_t **out, struct kesu_err *err)
{
	struct wf_causes *cs = malloc(sizeof *cs);
	int rc = wf_causes_read(c, cs, err);
	*out = rc ? NULL : wf_causes_to_json(cs);
	free(cs);
	return rc;
}

static int causes_parse(struct store_conn *c, json_t *body, json_t **out, struct kesu_err *err)
{
	struct wf_causes *cs = malloc(sizeof *cs), *old = malloc(sizeof *old);
	int rc = wf_causes_from_json(body, cs, err);
	if (!rc)
		rc = wf_causes_read(c, old, err);
	/* a cause in use stays in the list (retire it with active: false) */
	for (int i = 0; !rc && i < old->n; i++) {
		int64_t n = 0;
		if (wf_cause_find(cs, old->item[i].key))
			continue;
		if ((rc = store_cause_uses(c, old->item[i].key, &n, err)))
			break;
		if (n)
			rc = kesu_fail(err, KE_CONFLICT, "causes",
				       "%s is the cause of %lld complaints: keep it, with active false to retire it",
				       old->item[i].key, (long long)n);
	}
	*out = rc ? NULL : wf_causes_to_json(cs);
	free(cs);
	free(old);
	return rc;
}

static int categories_read(struct store_conn *c, json_t **out, struct kesu_err *err)
{
	return wf_categories_read(c, out, err);
}

static int categories_parse(struct store_conn *c, json_t *body, json_t **out,
			    struct kesu_err *err)
{
	/* complaints keep their category: a name left out is no longer offered */
	return wf_categories_check(body, out, err);
}

static int routing_read(struct store_conn *c, json_t **out, struct kesu_err *err)
{
	return wf_routing_read(c, out, err);
}

static int routing_parse(struct store_conn *c, json_t *body, json_t **out, struct kesu_err *err)
{
	/* the teams and causes it names exist now, in the writer */
	return wf_routing_check(c, body, out, err);
}

static int channels_read(struct store_conn *c, json_t **out, struct kesu_err *err)
{
	struct ch_config cfg;
	int rc = ch_config_read(c, &cfg, err);
	*out = rc ? NULL : ch_config_to_json(&cfg);
	if (!rc)
		ch_config_free(&cfg);
	return rc;
}

static int channels_parse(struct store_conn *c, json_t *body, json_t **out,
			  struct kesu_err *err)
{
	struct ch_config cfg;
	int rc = ch_config_from_json(body, &cfg, err);
	*out = rc ? NULL : ch_config_to_json(&cfg);
	if (!rc)
		ch_config_free(&cfg);
	return rc;
}

static int reports_read(struct store_conn *c, json_t **out, struct kesu_err *err)
{
	struct report_schedule s;
	int rc = report_schedule_read(c, &s, err);
	*out = rc ? NULL : report_schedule_to_json(&s);
	if (!rc)
		report_schedule_free(&s);
	return rc;
}

static int reports_parse(struct store_conn *c, json_t *body, json_t **out,
			 struct kesu_err *err)
{
	struct report_schedule s;
	int rc = report_schedule_from_json(body, &s, err);
	*out = rc ? NULL : report_schedule_to_json(&s);
	if (!rc)
		report_schedule_free(&s);
	return rc;
}

static int review_policy_read(struct store_conn *c, json_t **out, struct kesu_err *err)
{
	struct wf_review_policy p;
	int rc = wf_review_policy_read(c, &p, err);
	*out = rc ? NULL : wf_review_policy_to_json(&p);
	return rc;
}

static int review_policy_parse(struct store_conn *c, json_t *body, json_t **out,
			       struct kesu_err *err)
{
	struct wf_review_policy p;
	int rc = wf_review_policy_from_json(body, &p, err);
	*out = rc ? NULL : wf_review_policy_to_json(&p);
	return rc;
}

static int incident_policy_read(struct store_conn *c, json_t **out, struct kesu_err *err)
{
	struct wf_incident_policy p;
	int rc = wf_incident_policy_read(c, &p, err);
	*out = rc ? NULL : wf_incident_policy_to_json(&p);
	return rc;
}

static int incident_policy_parse(struct store_conn *c, json_t *body, json_t **out,
				 struct kesu_err *err)
{
	struct wf_incident_policy p;
	int rc = wf_incident_policy_from_json(body, &p, err);
	*out = rc ? NULL : wf_incident_policy_to_json(&p);
	return rc;
}

static int analysis_policy_read(struct store_conn *c, json_t **out, struct kesu_err *err)
{
	int on;
	int rc = wf_analysis_policy_read(c, &on, err);
	*out = rc ? NULL : json_pack("{s:b}", "enabled", on);
	return rc;
}

static int analysis_policy_parse(struct store_conn *c, json_t *body, json_t **out,
				 struct kesu_err *err)
{
	int on;
	int rc = wf_analysis_policy_from_json(body, &on, err);
	*out = rc ? NULL : json_pack("{s:b}", "enabled", on);
	if (!rc)
		wf_analysis_policy_parsed(on);
	return rc;
}

static int action_policy_read(struct store_conn *c, json_t **out, struct kesu_err *err)
{
	struct wf_action_policy p;
	int rc = wf_action_policy_read(c, &p, err);
	*out = rc ? NULL : wf_action_policy_to_json(&p);
	return rc;
}

static int action_policy_parse(struct store_conn *c, json_t *body, json_t **out,
			       struct kesu_err *err)
{
	struct wf_action_policy p;
	int rc = wf_action_policy_from_json(body, &p, err);
	*out = rc ? NULL : wf_action_policy_to_json(&p);
	return rc;
}

/* What follows a change. The sender keeps a copy of the channels and
 * reads them again when told; the mail gateway reads them at each use. */
#define calendar_changed wf_settings_changed
#define sla_changed wf_settings_changed
#define causes_changed NULL
#define categories_changed NULL
#define routing_changed wf_routing_changed
#define channels_changed ch_settings_changed
#define reports_changed report_schedule_changed
#define review_policy_changed NULL
#define incident_policy_changed wf_incident_policy_changed
#define analysis_policy_changed wf_analysis_policy_changed
#define action_policy_changed NULL

#define ROW(key, path, rperm, wperm, get, put) \
	{#key, path, rperm, wperm, key##_read, key##_parse, key##_changed},
const struct api_setting api_settings[] = {API_SETTINGS(ROW)};
const int api_nsettings = sizeof api_settings / sizeof *api_settings;

void api_settings_reload(void)
{
	for (int i = 0; i < api_nsettings; i++)
		if (api_settings[i].changed)
			api_settings[i].changed();
	ch_settings_changed(); /* webhooks, templates and secrets too */
}

const struct api_setting *api_setting_find(const char *key)
{
	for (int i = 0; key && i < api_nsettings; i++)
		if (strcmp(api_settings[i].key, key) == 0)
			return &api_settings[i];
	return NULL;
}

/* The row of the route being served. */
static const struct api_setting *of_route(struct http_request *req)
{
	const char *path = http_route(req)->pattern;
	for (int i = 0; i < api_nsettings; i++)
		if (strcmp(api_settings[i].path, path) == 0)
			return &api_settings[i];
	return NULL;
}

/* --- GET and PUT ------------------------------------------------------------------ */

int settings_get(struct http_request *req)
{
	struct kesu_err err = {0};
	const struct api_setting *s = of_route(req);
	struct store_conn *c = http_reader(req, &err);
	json_t *o;
	if (!c || s->read(c, &o, &err))
		return http_reply_error(req, &err);
	return http_reply_json(req, 200, o);
}

struct setting_job {
	struct store_job job;
	const struct api_setting *s;
	json_t *body;  /* as sent (PUT), or the days to merge (calendar) */
	json_t *value; /* as stored */
	int (*merge)(struct store_conn *c, struct setting_job *j, struct kesu_err *err);
	const char *actor, *address;
	int64_t now;
};

static int setting_run(struct store_conn *c, struct store_job *job)
{
	struct setting_job *j = (struct setting_job *)job;
	int rc = j->merge ? j->merge(c, j, &job->err) : j->s->parse(c, j->body, &j->value, &job->err);
	char *text = rc ? NULL : json_dumps(j->value, JSON_COMPACT);
	if (!rc)
		rc = store_setting_put(c, j->s->key, text, &job->err);
	free(text);
	if (!rc) {
		char target[48];
		snprintf(target, sizeof target, "setting:%s", j->s->key);
		rc = api_security_event(c, j->actor, j->address, j->now, "setting_changed", target,
					j->value, &job->err);
	}
	/* the other nodes read theirs again (api_settings_reload) */
	if (!rc)
		rc = store_generation_bump(c, "settings", &job->err);
	return rc;
}

static int setting_finish(struct http_request *req, struct store_job *job)
{
	struct setting_job *j = (struct setting_job *)job;
	if (job->rc) {
		json_decref(j->value);
		return http_reply_error(req, &job->err);
	}
	if (j->s->changed)
		j->s->changed(); /* committed: whoever keeps a copy reads it again */
	return http_reply_json(req, 200, j->value);
}

static struct setting_job *setting_job(struct http_request *req, const struct api_setting *s,
				       json_t *body)
{
	struct arena *a = http_arena(req);
	struct setting_job *j = arena_zalloc(a, sizeof *j);
	j->job.run = setting_run;
	j->s = s;
	j->body = body;
	j->actor = arena_strdup(a, http_principal(req)->actor);
	j->address = arena_strdup(a, http_address(req));
	j->now = clock_now_ms();
	return j;
}

int settings_put(struct http_request *req)
{
	struct kesu_err err = {0};
	json_t *body = http_body_json(req, &err);
	if (!body)
		return http_reply_error(req, &err);
	return http_defer(req, &setting_job(req, of_route(req), body)->job, setting_finish);
}

/* Merging a list of days is done in the writer, on the calendar in force
 * there, so that two imports at once both count. */
static int merge_days(struct store_conn *c, struct setting_job *j, struct kesu_err *err)
{
	struct wf_settings s;
	int rc = wf_settings_read(c, &s, err);
	if (!rc)
		rc = cal_merge_days(&s.cal, j->body, err);
	if (!rc)
		j->value = cal_to_json(&s.cal);
	return rc;
}

int calendar_days_post(struct http_request *req)
{
	static const char *const keys[] = {"days", NULL};
	struct kesu_err err = {0};
	json_t *body = api_body(req, keys, &err);
	struct calendar check;
	cal_default(&check);
	/* checked here as well, so that a bad list never reaches the writer */
	if (!body || cal_merge_days(&check, json_object_get(body, "days"), &err))
		return http_reply_error(req, &err);
	struct setting_job *j =
		setting_job(req, api_setting_find("calendar"), json_object_get(body, "days"));
	j->merge = merge_days;
	return http_defer(req, &j->job, setting_finish);
}
