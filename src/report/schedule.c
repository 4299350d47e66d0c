/*
 * schedule.c - the complaint work report on a schedule: when a week
 * (Monday to Sunday) or a month is over, kesu serve makes its report, keeps
 * it, and mails it to the managers (and whoever else is named) through the
 * outbox, as an attachment. The `reports` setting says which schedules run,
 * in what format and language, and to whom.
 */
#include "schedule.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../util/clock.h"
#include "../util/log.h"

static const char *const schedules[] = {"weekly", "monthly"};

/* --- the setting ------------------------------------------------------------------ */

static int read_one(json_t *j, const char *name, struct report_plan *p, struct kesu_err *err)
{
	static const char *const keys[] = {"enabled", "format", "lang", NULL};
	*p = (struct report_plan){.enabled = 0, .format = RF_PDF, .lang = "zh-CN"};
	json_t *o = j ? json_object_get(j, name) : NULL;
	if (!o)
		return 0;
	char field[48];
	if (!json_is_object(o))
		return kesu_fail(err, KE_WRONG_TYPE, name, "must be an object");
	const char *k;
	json_t *v;
	json_object_foreach(o, k, v) {
		int ok = 0;
		for (int i = 0; keys[i]; i++)
			ok |= !strcmp(keys[i], k);
		if (!ok) {
			snprintf(field, sizeof field, "%s.%s", name, k);
			return kesu_fail(err, KE_UNKNOWN_FIELD, field, "is not a known field");
		}
	}
	if ((v = json_object_get(o, "enabled"))) {
		if (!json_is_boolean(v)) {
			snprintf(field, sizeof field, "%s.enabled", name);
			return kesu_fail(err, KE_WRONG_TYPE, field, "must be true or false");
		}
		p->enabled = json_is_true(v);
	}
	if ((v = json_object_get(o, "format"))) {
		int f = report_format_find(json_string_value(v));
		if (f < 0 || f == RF_JSON) {
			snprintf(field, sizeof field, "%s.format", name);
			return kesu_fail(err, KE_INVALID_VALUE, field, "must be one of: pdf, html, xlsx, csv");
		}
		p->format = (enum report_format)f;
	}
	if ((v = json_object_get(o, "lang"))) {
		const char *l = json_string_value(v);
		if (!report_lang_ok(l)) {
			snprintf(field, sizeof field, "%s.lang", name);
			return kesu_fail(err, KE_INVALID_VALUE, field, "must be one of: zh-CN, zh-TW, en");
		}
		p->lang = !strcmp(l, "zh-TW") ? "zh-TW" : !strcmp(l, "en") ? "en" : "zh-CN";
	}
	return 0;
}

static int addr_ok(const char *s)
{
	const char *at = s ? strchr(s, '@') : NULL;
	if (!at || at == s || !at[1] || strchr(at + 1, '@') || strlen(s) > 254)
		return 0;
	for (const char *p = s; *p; p++)
		if ((unsigned char)*p <= ' ' || strchr("<>(),;:\\\"[]", *p))
			return 0;
	return 1;
}

int report_schedule_from_json(json_t *j, struct report_schedule *out, struct kesu_err *err)
{
	static const char *const keys[] = {"weekly", "monthly", "roles", "emails", NULL};
	memset(out, 0, sizeof *out);
	out->roles[0] = "manager";
	out->nroles = 1;
	if (j && !json_is_object(j))
		return kesu_fail(err, KE_WRONG_TYPE, "", "the report schedule must be a JSON object");
	const char *k;
	json_t *v;
	if (j)
		json_object_foreach(j, k, v) {
			int ok = 0;
			for (int i = 0; keys[i]; i++)
				ok |= !strcmp(keys[i], k);
			if (!ok)
				return kesu_fail(err, KE_UNKNOWN_FIELD, k, "is not a known field");
		}
	int rc = read_one(j, "weekly", &out->plan[0], err);
	if (!rc)
		rc = read_one(j, "monthly", &out->plan[1], err);
	if (rc)
		return rc;
	json_t *roles = j ? json_object_get(j, "roles") : NULL;
	if (roles) {
		static const char *const known[] = {"agent", "supervisor", "manager", "admin", "auditor"};
		size_t i;
		json_t *r;
		if (!json_is_array(roles) || json_array_size(roles) > 5)
			return kesu_fail(err, KE_WRONG_TYPE, "roles", "must be a list of roles");
		out->nroles = 0;
		json_array_foreach(roles, i, r) {
			const char *name = json_string_value(r);
			int at = -1;
			for (int x = 0; name && x < 5; x++)
				if (!strcmp(known[x], name))
					at = x;
			if (at < 0)
				return kesu_fail(err, KE_INVALID_VALUE, "roles",
						 "must be roles: agent, supervisor, manager, admin, auditor");
			out->roles[out->nroles++] = known[at];
		}
	}
	json_t *emails = j ? json_object_get(j, "emails") : NULL;
	if (emails) {
		size_t i;
		json_t *e;
		if (!json_is_array(emails) || json_array_size(emails) > REPORT_EMAILS_MAX)
			return kesu_fail(err, KE_WRONG_TYPE, "emails",
					 "must be a list of at most %d addresses", REPORT_EMAILS_MAX);
		json_array_foreach(emails, i, e) {
			if (!addr_ok(json_string_value(e)))
				return kesu_fail(err, KE_INVALID_VALUE, "emails",
						 "item %zu is not an e-mail address", i);
			out->emails[out->nemails++] = json_string_value(e);
		}
	}
	out->json = j ? json_incref(j) : NULL;
	return 0;
}

json_t *report_schedule_to_json(const struct report_schedule *s)
{
	json_t *roles = json_array(), *emails = json_array();
	for (int i = 0; i < s->nroles; i++)
		json_array_append_new(roles, json_string(s->roles[i]));
	for (int i = 0; i < s->nemails; i++)
		json_array_append_new(emails, json_string(s->emails[i]));
	json_t *o = json_pack("{s:o,s:o}", "roles", roles, "emails", emails);
	for (int i = 0; i < 2; i++)
		json_object_set_new(o, schedules[i],
				    json_pack("{s:b,s:s,s:s}", "enabled", s->plan[i].enabled, "format",
					      report_format_names[s->plan[i].format], "lang",
					      s->plan[i].lang));
	return o;
}

void report_schedule_free(struct report_schedule *s)
{
	json_decref(s->json);
	memset(s, 0, sizeof *s);
}

int report_schedule_read(struct store_conn *c, struct report_schedule *out, struct kesu_err *err)
{
	struct arena *a = arena_new();
	const char *text = NULL;
	int rc = store_setting_get(c, "reports", a, &text, err);
	json_t *j = NULL;
	if (!rc && text && !(j = json_loads(text, 0, NULL)))
		rc = kesu_fail(err, KE_INTERNAL, "", "the report schedule in the store is not JSON");
	if (!rc)
		rc = report_schedule_from_json(j, out, err);
	json_decref(j);
	arena_free(a);
	return rc;
}

/* --- which period is due ----------------------------------------------------------- */

/* The last whole week (Monday 00:00 to Monday 00:00, local) or month before now. */
void report_last_period(int monthly, int64_t now, int64_t *from, int64_t *to)
{
	time_t t = (time_t)(now / 1000);
	struct tm tm;
	localtime_r(&t, &tm);
	tm.tm_hour = tm.tm_min = tm.tm_sec = 0;
	tm.tm_isdst = -1;
	if (monthly) {
		tm.tm_mday = 1;
		*to = (int64_t)mktime(&tm) * 1000;
		tm.tm_mon -= 1;
	} else {
		tm.tm_mday -= (tm.tm_wday + 6) % 7; /* back to Monday */
		*to = (int64_t)mktime(&tm) * 1000;
		tm.tm_mday -= 7;
	}
	tm.tm_isdst = -1;
	*from = (int64_t)mktime(&tm) * 1000;
}

/* --- making one ---------------------------------------------------------------------- */

#define RECIPIENTS_MAX 64

struct recipients {
	const char *v[RECIPIENTS_MAX];
	int n;
	struct arena *a;
};

static void add_recipient(void *ctx, const char *email)
{
	struct recipients *r = ctx;
	for (int i = 0; i < r->n; i++)
		if (!strcasecmp(r->v[i], email))
			return;
	if (r->n < RECIPIENTS_MAX)
		r->v[r->n++] = arena_strdup(r->a, email);
}

struct keep_job {
	struct store_job job;
	struct stored_report rep;
	const struct report_schedule *cfg;
	int64_t now;
	int sent;
};

static int keep_run(struct store_conn *c, struct store_job *job)
{
	struct keep_job *j = (struct keep_job *)job;
	struct kesu_err *err = &job->err;
	int rc = store_report_insert(c, &j->rep, err);
	if (rc)
		return rc;
	struct arena *a = arena_new();
	struct recipients to = {.a = a};
	for (int i = 0; !rc && i < j->cfg->nroles; i++)
		rc = store_role_emails(c, j->cfg->roles[i], add_recipient, &to, err);
	for (int i = 0; i < j->cfg->nemails; i++)
		add_recipient(&to, j->cfg->emails[i]);
	char from[40], until[40];
	json_t *d = json_pack("{s:I,s:s,s:s,s:s}", "report_id", (json_int_t)j->rep.id, "schedule",
			      j->rep.schedule, "from", clock_format(j->rep.period_from, from, sizeof from),
			      "to", clock_format(j->rep.period_to, until, sizeof until));
	char *data = json_dumps(d, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(d);
	for (int i = 0; !rc && i < to.n; i++) {
		struct outbox_item o = {.audience = "staff", .kind = "report", .channel = "email",
					.recipient = to.v[i], .language = j->rep.language, .data = data,
					.created_at = j->now};
		rc = store_outbox_put(c, &o, err);
		j->sent += !rc;
	}
	free(data);
	arena_free(a);
	return rc;
}

int report_schedule_run(struct store *s, int64_t now, int *made, struct kesu_err *err)
{
	*made = 0;
	struct store_conn *c = store_reader_get(s, err);
	if (!c)
		return -err->code;
	struct report_schedule cfg;
	int rc = report_schedule_read(c, &cfg, err);
	for (int i = 0; !rc && i < 2; i++) {
		const struct report_plan *p = &cfg.plan[i];
		if (!p->enabled)
			continue;
		struct report_filter f = {0};
		report_last_period(i == 1, now, &f.from, &f.to);
		int exists;
		if ((rc = store_report_exists(c, schedules[i], f.from, &exists, err)) || exists)
			continue;
		struct report *r = report_compute(c, &f, err);
		if (!r) {
			rc = -err->code;
			break;
		}
		char *out;
		size_t len;
		rc = report_render(r, p->format, p->lang, &out, &len, err);
		report_free(r);
		if (rc)
			break;
		char name[64], day[40];
		clock_format_local(f.from, day, sizeof day);
		snprintf(name, sizeof name, "complaint-report-%s-%.10s.%s", schedules[i], day,
			 report_format_names[p->format]);
		struct keep_job j = {.job.run = keep_run, .cfg = &cfg, .now = now,
				     .rep = {.schedule = schedules[i], .period_from = f.from,
					     .period_to = f.to, .format = report_format_names[p->format],
					     .language = p->lang, .filename = name,
					     .content_type = report_format_type(p->format),
					     .size = (int64_t)len, .data = out, .created_at = now}};
		/* the reader is not needed while the writer works */
		rc = store_submit_wait(s, &j.job);
		free(out);
		if (rc == -KE_CONFLICT) { /* made meanwhile, by another process */
			rc = 0;
			continue;
		}
		if (rc) {
			*err = j.job.err;
			break;
		}
		(*made)++;
		log_info("reports: the %s report from %.10s made, mailed to %d", schedules[i], day,
			 j.sent);
	}
	report_schedule_free(&cfg);
	store_reader_put(c);
	return rc;
}

/* --- the thread ------------------------------------------------------------------------ */

static atomic_int changed;

void report_schedule_changed(void)
{
	atomic_store(&changed, 1);
}

struct report_scheduler {
	struct store *s;
	int tick_ms;
	pthread_t thread;
	atomic_int stop;
};

static void *scheduler_main(void *arg)
{
	struct report_scheduler *rs = arg;
	while (!atomic_load(&rs->stop)) {
		struct kesu_err err = {0};
		int made;
		if (report_schedule_run(rs->s, clock_now_ms(), &made, &err))
			log_warn("reports: %s", err.message);
		/* sleep in short steps, to stop at once, and to look at once when
		 * the schedule changed */
		for (int slept = 0; slept < rs->tick_ms && !atomic_load(&rs->stop) &&
				    !atomic_exchange(&changed, 0);
		     slept += 50) {
			struct timespec ts = {0, 50 * 1000000L};
			nanosleep(&ts, NULL);
		}
	}
	return NULL;
}

struct report_scheduler *report_scheduler_start(struct store *s, int tick_ms)
{
	struct report_scheduler *rs = calloc(1, sizeof *rs);
	rs->s = s;
	rs->tick_ms = tick_ms > 0 ? tick_ms : 60000;
	atomic_init(&rs->stop, 0);
	if (pthread_create(&rs->thread, NULL, scheduler_main, rs) != 0) {
		free(rs);
		return NULL;
	}
	return rs;
}

void report_scheduler_stop(struct report_scheduler *rs)
{
	if (!rs)
		return;
	atomic_store(&rs->stop, 1);
	pthread_join(rs->thread, NULL);
	free(rs);
}
