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

#include "../auth/roles.h"
#include "../core/jread.h"
#include "../util/clock.h"
#include "../util/log.h"
#include "../workflow/lease.h"

static const char *const schedules[] = {"weekly", "monthly"};

/* --- the setting ------------------------------------------------------------------ */

/* One plan (weekly, monthly) of the schedule. */
static void read_one(const struct jread *r, const char *name, struct report_plan *p)
{
	static const char *const keys[] = {"enabled", "format", "lang", NULL};
	static const char *const formats[] = {"pdf", "html", "xlsx", "csv", NULL};
	*p = (struct report_plan){.enabled = 0, .format = RF_PDF, .lang = "zh-CN"};
	struct jread o = jread_at(r, name);
	jread_object(&o, keys, 0);
	p->enabled = jread_bool(&o, "enabled", 0);
	int f = jread_choice(&o, "format", formats, 0);
	p->format = (enum report_format)report_format_find(formats[f]);
	p->lang = en_language[jread_enum(&o, "lang", en_language, LANG_ZH_CN)].name;
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
	out->roles[0] = roles[ROLE_MANAGER].name;
	out->nroles = 1;
	if (j && !json_is_object(j))
		return kesu_fail(err, KE_WRONG_TYPE, "", "the report schedule must be a JSON object");
	struct jread_state st = {.err = err};
	struct jread r = jread_doc(j, &st), rl = jread_at(&r, "roles"), em = jread_at(&r, "emails");
	jread_object(&r, keys, 0);
	read_one(&r, "weekly", &out->plan[0]);
	read_one(&r, "monthly", &out->plan[1]);
	size_t n;
	jread_array(&rl, ROLE__COUNT, 0, &n);
	if (rl.v && !st.rc)
		out->nroles = 0;
	for (size_t i = 0; i < n && !st.rc; i++) {
		int role = role_find(json_string_value(json_array_get(rl.v, i)));
		if (role < 0)
			jread_fail(&rl, NULL, KE_INVALID_VALUE, "must be roles (GET /api/v1/roles)");
		else
			out->roles[out->nroles++] = roles[role].name;
	}
	jread_array(&em, REPORT_EMAILS_MAX, 0, &n);
	for (size_t i = 0; i < n && !st.rc; i++) {
		const char *e = json_string_value(json_array_get(em.v, i));
		if (!addr_ok(e))
			jread_fail(&em, NULL, KE_INVALID_VALUE, "item %zu is not an e-mail address", i);
		else
			out->emails[out->nemails++] = e;
	}
	if (st.rc) {
		memset(out, 0, sizeof *out);
		return st.rc;
	}
	out->json = j ? json_incref(j) : NULL;
	return 0;
}

json_t *report_schedule_to_json(const struct report_schedule *s)
{
	json_t *to_roles = json_array(), *emails = json_array();
	for (int i = 0; i < s->nroles; i++)
		json_array_append_new(to_roles, json_string(s->roles[i]));
	for (int i = 0; i < s->nemails; i++)
		json_array_append_new(emails, json_string(s->emails[i]));
	json_t *o = json_pack("{s:o,s:o}", "roles", to_roles, "emails", emails);
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
		/* of several nodes, only the scheduler (lease.h) makes them; the
		 * others look again soon, to take over at once */
		int lead = node_is_scheduler();
		if (lead && report_schedule_run(rs->s, clock_now_ms(), &made, &err))
			log_warn("reports: %s", err.message);
		/* sleep in short steps, to stop at once, and to look at once when
		 * the schedule changed */
		for (int slept = 0; slept < (lead ? rs->tick_ms : 200) && !atomic_load(&rs->stop) &&
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
