/*
 * sender.c - the sender inside `kesu serve`: it drains the outbox.
 *
 * One thread runs rounds. Each round is writer jobs: record the outcomes
 * of finished attempts, turn new notices into deliveries (the customer's
 * SMS and e-mail, the department's e-mail, every webhook that wants the
 * notice), and claim the deliveries that are due. A claimed delivery is
 * durably `sending` before any byte leaves, and is rendered there, in the
 * writer, from the notice and the complaint. Workers (a few per kind, so
 * that a slow webhook never holds up an acknowledgment) send them with
 * libcurl and hand back the outcome.
 *
 * At least once: a delivery the relay accepted is recorded `sent` and
 * never sent again; one that was in flight when the process died goes
 * back to `queued` when a node next becomes the scheduler (at the next
 * start, or when another node takes the lease over) and is sent again
 * with the same Message-ID. Of several nodes only the scheduler
 * (workflow/lease.h) dispatches and claims. Failures wait backoff_s * 2^(attempts-1) (at most
 * backoff_max_s, with jitter) and become `dead` after max_attempts, or at
 * once when the other side refuses for good.
 */
#include "channels_int.h"

#include <pthread.h>
#include <sodium.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../core/complaint.h"
#include "../core/customer.h"
#include "../text/text.h"
#include "../util/clock.h"
#include "../util/ids.h"
#include "../util/log.h"
#include "mailparse.h"
#include "../workflow/lease.h"

#define KINDS 4
static const char *const kinds[KINDS] = {"email", "sms", "webhook", "robot"};
#define DISPATCH_BATCH 200
#define ROUND_GAP_MS 10

static atomic_uint generation = 1;

void ch_settings_changed(void)
{
	atomic_fetch_add(&generation, 1);
}

unsigned ch_settings_generation(void)
{
	return atomic_load(&generation);
}

/* --- what a round works with ------------------------------------------------- */

struct hook {
	int64_t id;
	const char *url, *secret;
	json_t *events;
};

/* The settings, secrets and webhooks as of one moment; items hold it. */
struct snapshot {
	atomic_int refs;
	unsigned gen;
	struct arena *a;
	struct ch_config cfg;
	const char *portal_url, *smtp_password, *env_from, *msgid_domain;
	const char **secret_names, **secret_values;
	int nsecrets;
	struct hook *hooks;
	int nhooks;
};

static void snap_put(struct snapshot *s)
{
	if (!s || atomic_fetch_sub(&s->refs, 1) != 1)
		return;
	for (int i = 0; i < s->nhooks; i++)
		json_decref(s->hooks[i].events);
	ch_config_free(&s->cfg);
	arena_free(s->a);
	free(s);
}

struct item {
	struct item *next;
	struct arena *a;
	struct snapshot *snap;
	struct delivery d;
	/* prepared in the claim */
	char *mail;
	size_t mail_len;
	const char *env_from;
	struct ch_sms_vars sms;
	const char *url, *secret, *event, *body;
	struct ch_robot_msg robot;
	struct ch_result res;
	int untried; /* handed back at a stop: queued again at once */
};

static void item_free(struct item *it)
{
	free(it->mail);
	snap_put(it->snap);
	arena_free(it->a);
	free(it);
}

struct pool {
	int kind;
	struct item *head, *tail;
	int queued, inflight;
	pthread_cond_t cv;
	pthread_t *threads;
	int nthreads;
};

struct ch_sender {
	struct store *store;
	struct ch_sender_options opt;
	pthread_t thread;
	pthread_mutex_t mu;
	pthread_cond_t cv; /* the main thread waits here */
	int wake, stop;
	struct pool pools[KINDS];
	struct item *done; /* outcomes to record */
	struct snapshot *snap;
	unsigned char key[SECRET_KEY_LEN];
	/* a writer job in flight and its completion */
	pthread_cond_t job_cv;
	int job_done;
};

/* --- running a writer job from the sender thread -------------------------------- */

struct sjob {
	struct store_job job;
	struct ch_sender *snd;
	int64_t now;
	int want[KINDS];	  /* claim: how many of each kind */
	struct item *claimed;	  /* claim: the items, for the workers */
	struct item *results;	  /* record: the outcomes */
	int recovered;
};

static void sjob_done(struct store_job *job)
{
	struct ch_sender *snd = ((struct sjob *)job)->snd;
	pthread_mutex_lock(&snd->mu);
	snd->job_done = 1;
	pthread_cond_broadcast(&snd->job_cv);
	pthread_mutex_unlock(&snd->mu);
}

static int run_job(struct ch_sender *snd, struct sjob *j, int (*run)(struct store_conn *, struct store_job *))
{
	j->job = (struct store_job){.run = run, .done = sjob_done};
	j->snd = snd;
	pthread_mutex_lock(&snd->mu);
	snd->job_done = 0;
	pthread_mutex_unlock(&snd->mu);
	store_submit(snd->store, &j->job);
	pthread_mutex_lock(&snd->mu);
	while (!snd->job_done)
		pthread_cond_wait(&snd->job_cv, &snd->mu);
	pthread_mutex_unlock(&snd->mu);
	if (j->job.rc)
		log_warn("sender: %s", j->job.err.message);
	return j->job.rc;
}

/* --- the snapshot ------------------------------------------------------------ */

struct names {
	struct arena *a;
	const char **v;
	int n, cap;
};

static void add_name(void *ctx, const char *name, int64_t at)
{
	(void)at;
	struct names *x = ctx;
	if (x->n == x->cap) {
		x->cap = x->cap ? x->cap * 2 : 8;
		const char **v = arena_alloc(x->a, sizeof *v * (size_t)(x->cap + 1));
		if (x->n)
			memcpy(v, x->v, sizeof *v * (size_t)x->n);
		x->v = v;
	}
	x->v[x->n++] = arena_strdup(x->a, name);
	x->v[x->n] = NULL;
}

static struct snapshot *snap_read(struct ch_sender *snd, struct store_conn *c,
				  struct kesu_err *err)
{
	struct snapshot *s = calloc(1, sizeof *s);
	atomic_init(&s->refs, 1);
	s->gen = ch_settings_generation();
	s->a = arena_new();
	if (ch_config_read(c, &s->cfg, err))
		goto fail;
	s->portal_url = s->cfg.portal_url ? s->cfg.portal_url : snd->opt.public_url;
	struct kesu_err ignored;
	s->smtp_password = ch_secret(c, snd->key, "smtp_password", s->a, &ignored);
	const char *from = ch_mailbox_addr(s->cfg.email.from, s->a);
	const char *reply = ch_mailbox_addr(s->cfg.email.reply_to, s->a);
	/* bounces go where replies go: to the mail gateway, which knows them */
	s->env_from = reply ? reply : from;
	s->msgid_domain = from && strchr(from, '@') ? strchr(from, '@') + 1 : "kesu.invalid";
	struct names names = {.a = s->a};
	if (store_secret_names(c, add_name, &names, err))
		goto fail;
	s->nsecrets = names.n;
	s->secret_names = names.v;
	s->secret_values = arena_alloc(s->a, sizeof *s->secret_values * (size_t)(names.n + 1));
	for (int i = 0; i < names.n; i++) {
		s->secret_values[i] = ch_secret(c, snd->key, names.v[i], s->a, &ignored);
		if (!s->secret_values[i])
			s->secret_values[i] = "";
	}
	struct webhook *w;
	int nw;
	if (store_webhook_list(c, 1, s->a, &w, &nw, err))
		goto fail;
	s->hooks = arena_alloc(s->a, sizeof *s->hooks * (size_t)(nw ? nw : 1));
	for (int i = 0; i < nw; i++) {
		const char *secret = ch_secret_open(snd->key, w[i].secret, w[i].secret_len, s->a);
		if (!secret) {
			log_warn("sender: webhook %lld: its secret cannot be opened", (long long)w[i].id);
			continue;
		}
		s->hooks[s->nhooks++] = (struct hook){w[i].id, w[i].url, secret,
						      json_loads(w[i].events, 0, NULL)};
	}
	return s;
fail:
	snap_put(s);
	return NULL;
}

static const struct ch_robot *robot_named(const struct snapshot *s, const char *name)
{
	for (int i = 0; name && i < s->cfg.nrobots; i++)
		if (strcmp(s->cfg.robots[i].name, name) == 0)
			return &s->cfg.robots[i];
	return NULL;
}

/* A robot without events hears of escalations, approvals waiting and
 * breaches: what a team lead wants in the group at once. */
static int robot_wants(const struct ch_robot *b, const struct outbox_item *o)
{
	if (!b->enabled || strcmp(o->audience, "staff") != 0 || !o->complaint_id)
		return 0;
	if (!b->events)
		return strcmp(o->kind, "escalated") == 0 || strcmp(o->kind, "approval_needed") == 0 ||
		       strcmp(o->kind, "clock_breached") == 0;
	size_t i;
	json_t *e;
	json_array_foreach(b->events, i, e) if (json_string_value(e) &&
						strcmp(json_string_value(e), o->kind) == 0) return 1;
	return 0;
}

static int hook_wants(const struct hook *h, const char *kind)
{
	size_t i;
	json_t *e;
	json_array_foreach(h->events, i, e) {
		const char *k = json_string_value(e);
		if (k && (strcmp(k, "*") == 0 || strcmp(k, kind) == 0))
			return 1;
	}
	return 0;
}

/* --- dispatch: notices become deliveries ------------------------------------------ */

static int add_delivery(struct store_conn *c, const struct outbox_item *o, const char *kind,
			int64_t hook, const char *to, int64_t now, struct kesu_err *err)
{
	struct delivery d = {.outbox_id = o->id, .complaint_id = o->complaint_id, .kind = kind,
			     .webhook_id = hook, .recipient = to, .next_at = now, .created_at = now};
	return store_delivery_insert(c, &d, err);
}

static int dispatch(struct store_conn *c, const struct snapshot *s, int64_t now,
		    struct arena *a, struct kesu_err *err)
{
	struct outbox_item *o;
	int n;
	/* nothing set up to send by: one statement for every notice, so that
	 * the sender costs registrations nothing */
	if (!s->cfg.sms.enabled && !s->cfg.email.enabled && !s->nhooks && !s->cfg.nrobots)
		return store_outbox_all_internal(c, &n, err);
	int rc = store_outbox_pending(c, DISPATCH_BATCH, a, &o, &n, err);
	for (int i = 0; !rc && i < n; i++) {
		int made = 0;
		if (strcmp(o[i].audience, "customer") == 0 && o[i].complaint_id) {
			struct complaint cp;
			if ((rc = store_complaint_get(c, o[i].complaint_id, NULL, a, &cp, err)))
				break;
			/* the contact details as they are now: an address an agent
			 * corrected since gets the notice */
			if (s->cfg.sms.enabled && cp.v[CF_PHONE] && !rc && ++made)
				rc = add_delivery(c, &o[i], "sms", 0, cp.v[CF_PHONE], now, err);
			if (s->cfg.email.enabled && cp.v[CF_EMAIL] && !rc && ++made)
				rc = add_delivery(c, &o[i], "email", 0, cp.v[CF_EMAIL], now, err);
		} else if (o[i].channel && strcmp(o[i].channel, "email") == 0 && o[i].recipient &&
			   s->cfg.email.enabled) {
			made++;
			rc = add_delivery(c, &o[i], "email", 0, o[i].recipient, now, err);
		} else if (o[i].channel && strcmp(o[i].channel, "sms") == 0 && o[i].recipient &&
			   s->cfg.sms.enabled) {
			/* a message to a phone of its own (a reviewer's), no complaint */
			made++;
			rc = add_delivery(c, &o[i], "sms", 0, o[i].recipient, now, err);
		}
		for (int h = 0; !rc && h < s->nhooks; h++)
			if (hook_wants(&s->hooks[h], o[i].kind) && ++made)
				rc = add_delivery(c, &o[i], "webhook", s->hooks[h].id, s->hooks[h].url,
						  now, err);
		for (int b = 0; !rc && b < s->cfg.nrobots; b++)
			if (robot_wants(&s->cfg.robots[b], &o[i]) && ++made)
				rc = add_delivery(c, &o[i], "robot", 0, s->cfg.robots[b].name, now, err);
		if (!rc)
			rc = store_outbox_set_state(c, o[i].id, made ? "dispatched" : "internal", err);
	}
	return rc;
}

/* --- preparing one claimed delivery -------------------------------------------------- */

static const char *default_name(const char *lang)
{
	return !lang || strcmp(lang, "zh-CN") == 0 ? "尊敬的客户"
	       : strcmp(lang, "zh-TW") == 0	   ? "親愛的顧客"
						   : "customer";
}

/* 1 if the notice goes to an e-mail address its owner has not confirmed
 * (notice.c decides): no text the complainant typed may go with it. */
static int unverified_email(const struct outbox_item *o)
{
	json_t *d = json_loads(o->data ? o->data : "{}", 0, NULL);
	int u = json_is_true(json_object_get(d, "unverified_email"));
	json_decref(d);
	return u;
}

/* An improvement action's mail to its department: what, why, by when,
 * the figures of a failed verdict, and the department's link (its token
 * derived from the action's nonce, so no token is stored). */
static void action_vars(struct store_conn *c, const struct snapshot *s, json_t *d,
			const char *lang, struct arena *a, struct ch_vars *v)
{
	int l = lang_of(lang);
	const char *title = json_string_value(json_object_get(d, "title"));
	v->title = v->task = arena_strdup(a, title ? title : "");
	const char *dept = json_string_value(json_object_get(d, "department"));
	v->department = arena_strdup(a, dept ? dept : "");
	const char *label = json_string_value(
		json_object_get(json_object_get(d, "cause_label"), lang ? lang : "zh-CN"));
	const char *cause = json_string_value(json_object_get(d, "cause"));
	v->reason = arena_strdup(a, label ? label : cause ? cause : "");
	int64_t due;
	char buf[40];
	const char *at = json_string_value(json_object_get(d, "due_at"));
	v->due = at && !clock_parse_rfc3339(at, &due)
			 ? arena_strdup(a, clock_format_local(due, buf, sizeof buf))
			 : "";
	if (json_object_get(d, "fell")) {
		static const char *const fmt[3] = {
			"之前%s %.2f 件，之后 %.2f 件，下降 %.0f%%（要求至少 %.0f%%）",
			"之前%s %.2f 件，之後 %.2f 件，下降 %.0f%%（要求至少 %.0f%%）",
			"%s %.2f before, %.2f after, a fall of %.0f%% (at least %.0f%% needed)"};
		static const char *const per_week[3] = {"每周", "每週", "per week"};
		static const char *const per_orders[3] = {"每千单", "每千單", "per 1,000 orders"};
		const char *unit = json_string_value(json_object_get(d, "unit"));
		v->message = arena_printf(
			a, fmt[l],
			unit && !strcmp(unit, "per_1000_orders") ? per_orders[l] : per_week[l],
			json_number_value(json_object_get(d, "before_rate")),
			json_number_value(json_object_get(d, "after_rate")),
			100 * json_number_value(json_object_get(d, "fell")),
			100 * json_number_value(json_object_get(d, "margin")));
	}
	json_int_t id = json_integer_value(json_object_get(d, "action_id"));
	struct improvement_action x;
	struct kesu_err ignored = {0};
	if (s->portal_url && id > 0 && !store_action_get(c, id, a, &x, &ignored)) {
		char token[40];
		ids_link_token(store_conn_secret(c), "kesu-action:", x.link_nonce, ACTION_NONCE_LEN,
			       token);
		v->link = arena_printf(a, "%s/department/actions/%lld#t=%s", s->portal_url,
				       (long long)id, token);
	}
}

/* The text of a notice for channel, in its language (zh-CN where the
 * language has no template). To an unconfirmed address the
 * acknowledgement asks to confirm it instead (a wording administrators
 * cannot edit), and the name is the polite default in every notice. A
 * review buyer's notice (no complaint, cp NULL) takes the template of its
 * platform, that of "other" where there is none. */
static int render(struct store_conn *c, const struct snapshot *s, const struct outbox_item *o,
		  const struct complaint *cp, const char *channel, const char *status_url,
		  const char *verify_code, const unsigned char *key, struct arena *a,
		  const char **subject, const char **body, struct kesu_err *err)
{
	const char *lang = o->language ? o->language : "zh-CN";
	int unverified = strcmp(channel, "email") == 0 && unverified_email(o);
	const char *kind = unverified && strcmp(o->kind, "acknowledged") == 0 ? "verify" : o->kind;
	json_t *d = json_loads(o->data ? o->data : "{}", 0, NULL);
	int review = ch_review_notice(o->kind);
	if (review)
		kind = ch_review_template_kind(o->kind, json_string_value(json_object_get(d, "platform")),
					       a);
	struct ch_template t;
	int rc = ch_template_get(c, kind, lang, channel, a, &t, err);
	if (rc == -KE_NOT_FOUND && review) {
		kind = ch_review_template_kind(o->kind, "other", a);
		rc = ch_template_get(c, kind, lang, channel, a, &t, err);
	}
	if (rc == -KE_NOT_FOUND && strcmp(lang, "zh-CN") != 0)
		rc = ch_template_get(c, kind, lang = "zh-CN", channel, a, &t, err);
	if (rc) {
		json_decref(d);
		return rc;
	}
#define DATA(k) arena_strdup(a, json_string_value(json_object_get(d, k)) ? json_string_value(json_object_get(d, k)) : "")
	struct ch_vars v = {.company = s->cfg.company ? s->cfg.company : ""};
	if (review) {
		v.buyer = DATA("buyer");
		v.order_ref = DATA("order_ref");
		v.link = DATA("link");
		v.product = DATA("product");
		v.platform = ch_review_platform_name(json_string_value(json_object_get(d, "platform")),
						     lang);
	}
	v.reason = DATA("reason");
	v.original = DATA("original");
	v.status = ch_status_label(json_string_value(json_object_get(d, "status")), lang);
	v.status_url = status_url;
	v.survey_url = status_url ? arena_printf(a, "%s&survey=1", status_url) : NULL;
	if (cp) {
		v.tracking_no = cp->tracking_no;
		v.customer_name = cp->v[CF_NAME] && !unverified ? cp->v[CF_NAME] : default_name(lang);
		v.verify_code = verify_code;
		v.verify_url = status_url && verify_code
				       ? arena_printf(a, "%s&v=%s", status_url, verify_code)
				       : NULL;
	}
	/* what is being done, in the agent's words; a move the customer's own
	 * answer made has none, and says it plainly */
	static const char *const handling[3] = {"处理您的投诉", "處理您的客訴",
						"handling your complaint"};
	const char *line = json_string_value(json_object_get(d, "progress"));
	v.progress = arena_strdup(a, line ? line : handling[lang_of(lang)]);
	int64_t next;
	char nbuf[40];
	const char *nat = json_string_value(json_object_get(d, "next_contact_at"));
	v.next_contact = nat && !clock_parse_rfc3339(nat, &next)
				 ? arena_strdup(a, clock_format_local(next, nbuf, sizeof nbuf))
				 : "";
	if (strcmp(o->kind, "report") == 0) {
		int64_t pf, pt;
		char b1[40], b2[40];
		const char *from = json_string_value(json_object_get(d, "from"));
		const char *to = json_string_value(json_object_get(d, "to"));
		if (from && to && !clock_parse_rfc3339(from, &pf) && !clock_parse_rfc3339(to, &pt))
			v.period = arena_printf(a, "%.10s – %.10s", clock_format_local(pf, b1, sizeof b1),
						clock_format_local(pt - 1, b2, sizeof b2));
	}
	if (strcmp(o->kind, "task") == 0) {
		v.tracking_no = DATA("tracking_no");
		v.department = DATA("department");
		v.task = DATA("what");
		int64_t due;
		char buf[40];
		const char *at = json_string_value(json_object_get(d, "due_at"));
		v.due = at && !clock_parse_rfc3339(at, &due)
				? arena_strdup(a, clock_format_local(due, buf, sizeof buf))
				: "";
	}
	if (strcmp(o->kind, "incident_message") == 0) {
		static const char *const exp[3] = {"（预计时间：%s）", "（預計時間：%s）", " (expected: %s)"};
		int64_t at;
		char buf[40];
		const char *e = json_string_value(json_object_get(d, "expected_at"));
		v.message = DATA("message");
		v.expected = e && !clock_parse_rfc3339(e, &at)
				     ? arena_printf(a, exp[lang_of(lang)],
						    clock_format_local(at, buf, sizeof buf))
				     : "";
	}
	if (strcmp(o->kind, "action") == 0 || strcmp(o->kind, "action_failed") == 0)
		action_vars(c, s, d, lang, a, &v);
	if (strcmp(o->kind, "action_told") == 0)
		v.message = DATA("message");
	if (strcmp(o->kind, "thanks") == 0) {
		/* the supervisor's words are not the business's fixed wording:
		 * never to an address nobody confirmed */
		const char *note = json_string_value(json_object_get(d, "extra"));
		v.thanks_note = note && *note && !unverified
					? arena_printf(a, "%s%s", note,
						       strcmp(channel, "email") == 0 ? "\n\n" : " ")
					: "";
		json_int_t id = json_integer_value(json_object_get(d, "customer_id"));
		char token[40];
		if (id > 0 && key && s->portal_url) {
			ids_opt_out_token(key, id, token);
			v.opt_out_url = arena_printf(a, "%s/thanks/opt-out/%lld#t=%s", s->portal_url,
						     (long long)id, token);
		}
	}
	if (strcmp(o->kind, "handling_notice") == 0) {
		v.title = DATA("title");
		v.department = DATA("department");
		v.notice = ch_notice_text(d, lang, a);
	}
#undef DATA
	json_decref(d);
	*subject = t.subject ? ch_render(t.subject, &v, NULL, a) : NULL;
	*body = ch_render(t.body, &v, NULL, a);
	return 0;
}

static const char *e164(const char *phone, struct arena *a)
{
	const char *key = customer_phone_key(phone, a);
	if (strlen(key) == 11 && key[0] == '1')
		return arena_printf(a, "+86%s", key);
	return phone[0] == '+' ? arena_printf(a, "+%s", key) : key;
}

/* What the robot says of each staff notice kind, by language. */
static const struct {
	const char *kind, *say[3];
} robot_says[] = {
	{"escalated", {"投诉已升级", "客訴已升級", "complaint escalated"}},
	{"approval_needed", {"补偿方案待审批", "補償方案待審批", "compensation waiting for approval"}},
	{"clock_breached", {"处理时限已超时", "處理時限已逾時", "deadline breached"}},
	{"clock_warning", {"处理时限即将到期", "處理時限即將到期", "deadline close"}},
	{"handed_over", {"投诉已转交", "客訴已轉交", "complaint handed over"}},
	{"customer_wrote", {"客户有新留言", "顧客有新留言", "the customer wrote"}},
	{"demand_corrected", {"客户诉求已更正", "顧客訴求已更正", "the customer's demand corrected"}},
	{"key_customer", {"重点客户投诉", "重點客戶客訴", "complaint from a key customer"}},
	{"second_complaint", {"二次投诉", "二次客訴", "second complaint"}},
	{"task", {"部门协办任务", "部門協辦任務", "task for a department"}},
	{"task_overdue", {"协办任务已逾期", "協辦任務已逾期", "department task overdue"}},
	{"appointment_due", {"约定回访即将到时", "約定回訪即將到時", "appointment due"}},
	{"appointment_missed", {"约定回访已错过", "約定回訪已錯過", "appointment missed"}},
	{"visits_planned", {"已安排上门", "已安排到府", "visits planned"}},
	{"visit_missed", {"上门已错过", "到府已錯過", "visit missed"}},
};

/* The text: what happened, the tracking number, the reason where the
 * notice has one, and the link to the complaint in the workspace. No
 * contact details: the group may be larger than the team. */
static const char *robot_text(const struct snapshot *s, const char *public_url,
			      const struct outbox_item *o, const struct complaint *cp,
			      struct arena *a)
{
	int l = lang_of(o->language ? o->language : "zh-CN");
	const char *what = o->kind;
	for (size_t i = 0; i < sizeof robot_says / sizeof robot_says[0]; i++)
		if (strcmp(robot_says[i].kind, o->kind) == 0)
			what = robot_says[i].say[l];
	static const char *const why[3] = {"原因", "原因", "Reason"};
	static const char *const open[3] = {"处理", "處理", "Open"};
	const char *colon = l == 2 ? ": " : "：";
	json_t *d = json_loads(o->data ? o->data : "{}", 0, NULL);
	const char *reason = json_string_value(json_object_get(d, "reason"));
	const char *company = s->cfg.company && *s->cfg.company ? s->cfg.company : NULL;
	const char *t = arena_printf(a, "%s%s%s%s%s%s", company ? "【" : "", company ? company : "",
				     company ? "】" : "", what, colon, cp->tracking_no);
	if (reason && *reason)
		t = arena_printf(a, "%s\n%s%s%s", t, why[l], colon, reason);
	if (public_url)
		t = arena_printf(a, "%s\n%s%s%s/#/c/%s", t, open[l], colon, public_url,
				 cp->tracking_no);
	json_decref(d);
	return t;
}

static const char *robot_lookup(void *ctx, const char *name, size_t len)
{
	const struct snapshot *s = ctx;
	if (len > 7 && memcmp(name, "secret:", 7) == 0)
		for (int i = 0; i < s->nsecrets; i++)
			if (strlen(s->secret_names[i]) == len - 7 &&
			    memcmp(s->secret_names[i], name + 7, len - 7) == 0)
				return s->secret_values[i];
	return NULL;
}

static const char *url_escape(const char *v, struct arena *a)
{
	char *e = curl_easy_escape(NULL, v, 0);
	const char *o = arena_strdup(a, e ? e : "");
	curl_free(e);
	return o;
}

static int secret_set(const struct snapshot *s, const char *name)
{
	for (int i = 0; i < s->nsecrets; i++)
		if (strcmp(s->secret_names[i], name) == 0)
			return s->secret_values[i][0] != '\0';
	return 0;
}

static int prepare_robot(struct ch_sender *snd, const struct snapshot *s,
			 const struct outbox_item *o, const struct complaint *cp, struct item *it,
			 struct kesu_err *err)
{
	const struct ch_robot *b = robot_named(s, it->d.recipient);
	if (!b || !b->enabled)
		return kesu_fail(err, KE_NOT_FOUND, "", "the robot was removed or switched off");
	if (!cp)
		return kesu_fail(err, KE_NOT_FOUND, "", "the notice names no complaint");
	/* every secret the URL names must be set: an empty key would reach
	 * somebody else's robot, or none */
	for (const char *p = strstr(b->url, "{secret:"); p; p = strstr(p + 1, "{secret:")) {
		const char *end = strchr(p, '}');
		char name[80];
		snprintf(name, sizeof name, "%.*s", end ? (int)(end - p - 8) : 0, p + 8);
		if (!secret_set(s, name))
			return kesu_fail(err, KE_NOT_FOUND, "", "the secret %s is not set", name);
	}
	const char *sign = NULL;
	if (b->sign_secret) {
		if (!secret_set(s, b->sign_secret))
			return kesu_fail(err, KE_NOT_FOUND, "", "the secret %s is not set",
					 b->sign_secret);
		sign = robot_lookup((void *)s, arena_printf(it->a, "secret:%s", b->sign_secret),
				    strlen(b->sign_secret) + 7);
	}
	const char *public_url = snd->opt.public_url ? snd->opt.public_url : s->portal_url;
	it->robot = (struct ch_robot_msg){
		.platform = (int)b->platform,
		.url = ch_fill(b->url, robot_lookup, (void *)s, url_escape, it->a),
		.sign_secret = sign,
		.text = robot_text(s, public_url, o, cp, it->a),
	};
	return 0;
}

static int prepare(struct ch_sender *snd, struct store_conn *c, struct item *it,
		   struct kesu_err *err)
{
	struct snapshot *s = it->snap;
	struct arena *a = it->a;
	struct outbox_item o;
	struct complaint cp, *cpp = NULL;
	int rc = store_outbox_get(c, it->d.outbox_id, a, &o, err);
	if (rc)
		return rc;
	if (o.complaint_id) {
		if ((rc = store_complaint_get(c, o.complaint_id, NULL, a, &cp, err)))
			return rc;
		cpp = &cp;
	}
	const char *subject, *body;
	char token[40] = "", code[12] = "";
	if (cpp) {
		ids_portal_token(snd->key, cp.portal_nonce, token);
		ids_verify_code(snd->key, cp.portal_nonce, code);
	}
	if (strcmp(it->d.kind, "robot") == 0)
		return prepare_robot(snd, s, &o, cpp, it, err);
	if (strcmp(it->d.kind, "webhook") == 0) {
		const struct hook *h = NULL;
		for (int i = 0; i < s->nhooks; i++)
			if (s->hooks[i].id == it->d.webhook_id)
				h = &s->hooks[i];
		if (!h)
			return kesu_fail(err, KE_NOT_FOUND, "", "the webhook was removed or disabled");
		char at[40];
		json_t *data = json_loads(o.data ? o.data : "{}", 0, NULL);
		if (!data)
			data = json_object();
		if (ch_review_notice(o.kind)) {
			/* what the SMS says, for a platform connector to send as
			 * the shop's message on the platform */
			const char *text;
			if ((rc = render(c, s, &o, cpp, "sms", NULL, NULL, snd->key, a, &subject, &text,
					  err))) {
				json_decref(data);
				return rc;
			}
			json_object_set_new(data, "text", json_string(text));
		}
		json_t *ev = json_pack("{s:I,s:s,s:s,s:s,s:o}", "id", (json_int_t)it->d.id, "event",
				       o.kind, "audience", o.audience, "created_at",
				       clock_format(o.created_at, at, sizeof at), "data", data);
		if (cpp) {
			char ct[40];
			/* no contact details: a webhook's receiver is another system */
			json_object_set_new(
				ev, "complaint",
				json_pack("{s:I,s:s,s:s,s:s?,s:s?,s:s?,s:i,s:s}", "id",
					  (json_int_t)cp.id, "tracking_no", cp.tracking_no, "status",
					  state_name(cp.state), "channel", cp.v[CF_CHANNEL], "severity",
					  cp.v[CF_SEVERITY], "category", cp.v[CF_CATEGORY], "level",
					  cp.level, "created_at",
					  clock_format(cp.created_at, ct, sizeof ct)));
		}
		char *text = json_dumps(ev, JSON_COMPACT | JSON_SORT_KEYS);
		json_decref(ev);
		it->body = arena_strdup(a, text);
		free(text);
		it->url = h->url;
		it->secret = h->secret;
		it->event = o.kind;
		return 0;
	}
	/* the status link carries the portal token after '#', which browsers
	 * never send: it stays out of logs and Referer headers */
	const char *status_url = s->portal_url && cpp
					 ? arena_printf(a, "%s/status/%s#t=%s", s->portal_url,
							cp.tracking_no, token)
					 : NULL;
	if ((rc = render(c, s, &o, cpp, it->d.kind, status_url, cpp ? code : NULL, snd->key, a,
			 &subject, &body, err)))
		return rc;
	if (strcmp(it->d.kind, "sms") == 0) {
		const char *text = text_cut(
			arena_printf(a, "%s%s", s->cfg.sms.signature ? s->cfg.sms.signature : "", body),
			(size_t)s->cfg.sms.max_chars, NULL, a);
		it->sms = (struct ch_sms_vars){
			.phone = customer_phone_key(it->d.recipient, a),
			.phone_e164 = e164(it->d.recipient, a),
			.text = text,
			.tracking_no = cpp ? arena_strdup(a, cp.tracking_no) : "",
			.kind = o.kind,
			.delivery_id = arena_printf(a, "%lld", (long long)it->d.id),
			.secret_names = s->secret_names,
			.secret_values = s->secret_values,
		};
		return 0;
	}
	char msgid[200], thread[200];
	ch_msgid_make(snd->key, o.complaint_id, it->d.id, s->msgid_domain, msgid, sizeof msgid);
	ch_msgid_make(snd->key, o.complaint_id, 0, s->msgid_domain, thread, sizeof thread);
	it->d.message_id = arena_strdup(a, msgid);
	struct ch_mail m = {
		.from = s->cfg.email.from,
		.reply_to = s->cfg.email.reply_to,
		.to_addr = it->d.recipient,
		.to_name = cpp && strcmp(o.audience, "customer") == 0 && !unverified_email(&o)
				   ? cp.v[CF_NAME]
				   : NULL,
		.subject = subject,
		.text = body,
		.message_id = msgid,
		.thread_id = o.complaint_id ? thread : NULL,
		.tracking_no = cpp ? cp.tracking_no : NULL,
		.date_ms = clock_now_ms(),
	};
	if (strcmp(o.kind, "report") == 0) {
		/* the report itself, attached */
		json_t *d = json_loads(o.data ? o.data : "{}", 0, NULL);
		int64_t id = json_integer_value(json_object_get(d, "report_id"));
		json_decref(d);
		struct stored_report rep;
		if ((rc = store_report_get(c, id, 1, a, &rep, err)))
			return rc;
		m.att_name = rep.filename;
		m.att_type = rep.content_type;
		m.att_data = rep.data;
		m.att_len = (size_t)rep.size;
	}
	if (!(it->mail = ch_mail_build(&m, &it->mail_len, err)))
		return -err->code;
	it->env_from = s->env_from;
	return 0;
}

/* --- the writer jobs of a round ----------------------------------------------- */

/* A delivery that can never go out as it is: dead at once, with why. */
static int give_up(struct store_conn *c, struct delivery *d, const char *why,
		   struct kesu_err *err)
{
	d->state = "dead";
	d->next_at = 0;
	d->last_error = why;
	d->attempts += 1; /* the claim counted it in the row, not in d */
	return store_delivery_finish(c, d, err);
}

static int claim_run(struct store_conn *c, struct store_job *job)
{
	struct sjob *j = (struct sjob *)job;
	struct ch_sender *snd = j->snd;
	struct kesu_err *err = &job->err;
	if (!snd->snap || snd->snap->gen != ch_settings_generation()) {
		struct snapshot *s = snap_read(snd, c, err);
		if (!s)
			return -err->code;
		snap_put(snd->snap);
		snd->snap = s;
	}
	struct arena *a = arena_new();
	int rc = dispatch(c, snd->snap, j->now, a, err);
	for (int k = 0; !rc && k < KINDS; k++) {
		struct delivery *due;
		int n;
		/* a channel switched off keeps its queue until it is on again */
		if (j->want[k] <= 0 || (k == 0 && !snd->snap->cfg.email.enabled) ||
		    (k == 1 && !snd->snap->cfg.sms.enabled))
			continue;
		if ((rc = store_deliveries_due(c, kinds[k], j->now, j->want[k], a, &due, &n, err)))
			break;
		for (int i = 0; !rc && i < n; i++) {
			if ((rc = store_delivery_claim(c, due[i].id, j->now, err)))
				break;
			struct item *it = calloc(1, sizeof *it);
			it->a = arena_new();
			it->snap = snd->snap;
			atomic_fetch_add(&snd->snap->refs, 1);
			it->d = due[i];
			it->d.kind = kinds[k];
			it->d.recipient = arena_strdup(it->a, due[i].recipient);
			it->d.state = "sending";
			it->d.last_error = it->d.accepted_reply = it->d.message_id = NULL;
			struct kesu_err why = {0};
			int prc = prepare(snd, c, it, &why);
			if (prc == -KE_UNAVAILABLE || prc == -KE_INTERNAL) {
				*err = why;
				rc = prc;
				item_free(it);
				break;
			}
			if (prc) {
				/* a removed webhook, an unusable address: trying again
				 * cannot help */
				rc = give_up(c, &it->d, arena_strdup(a, why.message), err);
				item_free(it);
				continue;
			}
			it->next = j->claimed;
			j->claimed = it;
		}
	}
	arena_free(a);
	if (rc) {
		/* the transaction is undone: nothing was claimed */
		for (struct item *it = j->claimed, *next; it; it = next) {
			next = it->next;
			item_free(it);
		}
		j->claimed = NULL;
	}
	return rc;
}

static int64_t backoff_ms(const struct ch_config *cfg, int attempts)
{
	int64_t ms = (int64_t)cfg->backoff_s * 1000;
	for (int i = 1; i < attempts && ms < (int64_t)cfg->backoff_max_s * 1000; i++)
		ms *= 2;
	if (ms > (int64_t)cfg->backoff_max_s * 1000)
		ms = (int64_t)cfg->backoff_max_s * 1000;
	/* +-20%, so that many failures of one outage do not retry in step */
	return ms * 8 / 10 + (int64_t)randombytes_uniform((uint32_t)(ms * 4 / 10 + 1));
}

static int record_run(struct store_conn *c, struct store_job *job)
{
	struct sjob *j = (struct sjob *)job;
	int rc = 0;
	for (struct item *it = j->results; it && !rc; it = it->next) {
		/* a copy: if this transaction fails, the round after records the
		 * same outcome again */
		struct delivery copy = it->d, *d = &copy;
		const struct ch_config *cfg = &it->snap->cfg;
		d->attempts += it->untried ? 0 : 1; /* the claim counted this attempt */
		if (it->untried) {
			d->state = "queued";
			d->next_at = j->now;
			d->last_error = it->res.error;
		} else if (it->res.ok) {
			d->state = "sent";
			d->accepted_at = j->now;
			d->accepted_reply = it->res.reply;
			d->next_at = 0;
			d->last_error = NULL;
		} else if (it->res.permanent || d->attempts >= cfg->max_attempts) {
			d->state = "dead";
			d->next_at = 0;
			d->last_error = it->res.error;
		} else {
			d->state = "queued";
			d->next_at = j->now + backoff_ms(cfg, d->attempts);
			d->last_error = it->res.error;
		}
		rc = store_delivery_finish(c, d, &job->err);
		if (rc == -KE_CONFLICT)
			rc = 0; /* requeued or finished meanwhile: the row is the truth */
	}
	return rc;
}

static int recover_run(struct store_conn *c, struct store_job *job)
{
	struct sjob *j = (struct sjob *)job;
	return store_deliveries_recover(c, j->now, &j->recovered, &job->err);
}

/* --- workers ------------------------------------------------------------------- */

struct worker_arg {
	struct ch_sender *snd;
	struct pool *pool;
};

static void send_one(CURL *h, struct item *it)
{
	struct snapshot *s = it->snap;
	struct arena *a = it->a;
	if (strcmp(it->d.kind, "email") == 0)
		ch_smtp_send(h, &s->cfg.email, s->smtp_password, it->env_from, it->d.recipient,
			     it->mail, it->mail_len, &it->res);
	else if (strcmp(it->d.kind, "sms") == 0)
		ch_sms_send(h, &s->cfg.sms, &it->sms, a, &it->res);
	else if (strcmp(it->d.kind, "robot") == 0)
		ch_robot_send(h, &it->robot, s->cfg.webhook_timeout_s, clock_now_ms(), a, &it->res);
	else
		ch_webhook_send(h, it->url, it->secret, it->event, it->d.id, it->body,
				s->cfg.webhook_timeout_s, clock_now_ms(), &it->res);
	if (!it->res.ok)
		log_warn("sender: %s delivery %lld failed (attempt %d): %s", it->d.kind,
			 (long long)it->d.id, it->d.attempts + 1, it->res.error);
}

static void *worker_main(void *arg)
{
	struct worker_arg *w = arg;
	struct ch_sender *snd = w->snd;
	struct pool *p = w->pool;
	free(w);
	CURL *h = curl_easy_init();
	pthread_mutex_lock(&snd->mu);
	for (;;) {
		while (!p->head && !snd->stop)
			pthread_cond_wait(&p->cv, &snd->mu);
		if (!p->head)
			break; /* stopping, nothing left */
		if (snd->stop) {
			/* claimed but never tried: back to queued as it was */
			struct item *it = p->head;
			p->head = it->next;
			p->queued--;
			it->res = (struct ch_result){0};
			snprintf(it->res.error, sizeof it->res.error, "not tried: the server stopped");
			it->untried = 1;
			it->next = snd->done;
			snd->done = it;
			continue;
		}
		struct item *it = p->head;
		p->head = it->next;
		if (!p->head)
			p->tail = NULL;
		p->queued--;
		p->inflight++;
		pthread_mutex_unlock(&snd->mu);
		send_one(h, it);
		pthread_mutex_lock(&snd->mu);
		p->inflight--;
		it->next = snd->done;
		snd->done = it;
		pthread_cond_signal(&snd->cv);
	}
	pthread_mutex_unlock(&snd->mu);
	curl_easy_cleanup(h);
	return NULL;
}

/* --- the main thread --------------------------------------------------------------- */

/* Records outcomes; returns those it could not record (the store is
 * unavailable), to try again next round, or NULL. */
static struct item *record(struct ch_sender *snd, struct item *done)
{
	if (!done)
		return NULL;
	struct sjob j = {.now = clock_now_ms(), .results = done};
	if (run_job(snd, &j, record_run))
		return done;
	for (struct item *it = done, *next; it; it = next) {
		next = it->next;
		item_free(it);
	}
	return NULL;
}

static void free_items(struct item *it)
{
	for (struct item *next; it; it = next) {
		next = it->next;
		item_free(it);
	}
}

static void *sender_main(void *arg)
{
	struct ch_sender *snd = arg;
	unsigned term = 0; /* the scheduler term whose leftovers were recovered */
	/* the node that starts as the scheduler recovers before its first
	 * round, so that its first notices do not wait for it */
	if (node_is_scheduler()) {
		unsigned now_term = node_scheduler_term();
		struct sjob rec = {.now = clock_now_ms()};
		if (run_job(snd, &rec, recover_run) == 0) {
			term = now_term;
			if (rec.recovered)
				log_info("sender: %d deliveries in flight at the last stop are queued"
					 " again",
					 rec.recovered);
		}
	}
	int per = snd->opt.workers * 2;
	int64_t last_round_us = 0;
	pthread_mutex_lock(&snd->mu);
	while (!snd->stop) {
		if (!snd->wake && !snd->done) {
			struct timespec ts;
			clock_gettime(CLOCK_REALTIME, &ts);
			ts.tv_nsec += (long)(snd->opt.tick_ms % 1000) * 1000000L;
			ts.tv_sec += snd->opt.tick_ms / 1000 + ts.tv_nsec / 1000000000L;
			ts.tv_nsec %= 1000000000L;
			pthread_cond_timedwait(&snd->cv, &snd->mu, &ts);
		}
		if (snd->stop)
			break;
		/* Under load every commit wakes the sender; rounds at most every
		 * ROUND_GAP_MS let one round serve many commits, so that sending
		 * costs registrations little, for a few ms of acknowledgment time. */
		struct timespec now_ts;
		clock_gettime(CLOCK_MONOTONIC, &now_ts);
		int64_t now_us = (int64_t)now_ts.tv_sec * 1000000 + now_ts.tv_nsec / 1000;
		if (now_us - last_round_us < ROUND_GAP_MS * 1000) {
			struct timespec gap = {0, (long)(ROUND_GAP_MS * 1000 - (now_us - last_round_us)) * 1000L};
			pthread_mutex_unlock(&snd->mu);
			nanosleep(&gap, NULL);
			pthread_mutex_lock(&snd->mu);
			if (snd->stop)
				break;
		}
		clock_gettime(CLOCK_MONOTONIC, &now_ts);
		last_round_us = (int64_t)now_ts.tv_sec * 1000000 + now_ts.tv_nsec / 1000;
		snd->wake = 0;
		struct item *done = snd->done;
		snd->done = NULL;
		struct sjob j = {.now = clock_now_ms()};
		int any = 0;
		for (int k = 0; k < KINDS; k++) {
			j.want[k] = per - snd->pools[k].queued - snd->pools[k].inflight;
			any |= j.want[k] > 0;
		}
		pthread_mutex_unlock(&snd->mu);
		struct item *left = record(snd, done);
		/* Of several nodes only the scheduler (lease.h) dispatches and
		 * claims. Becoming it, it first queues again what was in flight
		 * when the last one stopped (or this node, at its last stop). */
		int lead = node_is_scheduler();
		if (lead && term != node_scheduler_term()) {
			unsigned now_term = node_scheduler_term();
			struct sjob rec = {.now = clock_now_ms()};
			if (run_job(snd, &rec, recover_run) == 0) {
				term = now_term;
				if (rec.recovered)
					log_info("sender: %d deliveries in flight at the last stop are"
						 " queued again",
						 rec.recovered);
			} else {
				lead = 0;
			}
		}
		/* a claim whose transaction did not commit claimed nothing: its
		 * items must not go out */
		if (lead && any && run_job(snd, &j, claim_run)) {
			free_items(j.claimed);
			j.claimed = NULL;
		}
		pthread_mutex_lock(&snd->mu);
		if (left) {
			struct item *tail = left;
			while (tail->next)
				tail = tail->next;
			tail->next = snd->done;
			snd->done = left;
		}
		for (struct item *it = j.claimed, *next; it; it = next) {
			next = it->next;
			struct pool *p = &snd->pools[it->d.kind[0] == 'e'   ? 0
						     : it->d.kind[0] == 's' ? 1
						     : it->d.kind[0] == 'w' ? 2
									    : 3];
			it->next = NULL;
			if (p->tail)
				p->tail->next = it;
			else
				p->head = it;
			p->tail = it;
			p->queued++;
			pthread_cond_signal(&p->cv);
		}
	}
	for (int k = 0; k < KINDS; k++)
		pthread_cond_broadcast(&snd->pools[k].cv);
	pthread_mutex_unlock(&snd->mu);
	for (int k = 0; k < KINDS; k++)
		for (int i = 0; i < snd->pools[k].nthreads; i++)
			pthread_join(snd->pools[k].threads[i], NULL);
	/* what the workers finished, and what they gave back untried; what
	 * cannot be recorded now is `sending` and goes back at the next start */
	free_items(record(snd, snd->done));
	snd->done = NULL;
	return NULL;
}

static void on_commit(void *arg)
{
	ch_sender_wake(arg);
}

struct ch_sender *ch_sender_start(struct store *s, const struct ch_sender_options *o)
{
	struct ch_sender *snd = calloc(1, sizeof *snd);
	snd->store = s;
	snd->opt = *o;
	if (snd->opt.tick_ms <= 0)
		snd->opt.tick_ms = 250;
	if (snd->opt.workers <= 0)
		snd->opt.workers = 2;
	memcpy(snd->key, store_secret_key(s), SECRET_KEY_LEN);
	pthread_mutex_init(&snd->mu, NULL);
	pthread_cond_init(&snd->cv, NULL);
	pthread_cond_init(&snd->job_cv, NULL);
	for (int k = 0; k < KINDS; k++) {
		struct pool *p = &snd->pools[k];
		p->kind = k;
		pthread_cond_init(&p->cv, NULL);
		p->threads = calloc((size_t)snd->opt.workers, sizeof *p->threads);
		for (int i = 0; i < snd->opt.workers; i++) {
			struct worker_arg *w = malloc(sizeof *w);
			*w = (struct worker_arg){snd, p};
			if (pthread_create(&p->threads[i], NULL, worker_main, w) != 0) {
				free(w);
				break;
			}
			p->nthreads++;
		}
	}
	if (pthread_create(&snd->thread, NULL, sender_main, snd) != 0) {
		log_error("sender: cannot start its thread");
		pthread_mutex_lock(&snd->mu);
		snd->stop = 1;
		for (int k = 0; k < KINDS; k++)
			pthread_cond_broadcast(&snd->pools[k].cv);
		pthread_mutex_unlock(&snd->mu);
		for (int k = 0; k < KINDS; k++) {
			for (int i = 0; i < snd->pools[k].nthreads; i++)
				pthread_join(snd->pools[k].threads[i], NULL);
			free(snd->pools[k].threads);
		}
		free(snd);
		return NULL;
	}
	store_set_commit_hook(s, on_commit, snd);
	return snd;
}

void ch_sender_wake(struct ch_sender *snd)
{
	pthread_mutex_lock(&snd->mu);
	snd->wake = 1;
	pthread_cond_signal(&snd->cv);
	pthread_mutex_unlock(&snd->mu);
}

void ch_sender_stop(struct ch_sender *snd)
{
	if (!snd)
		return;
	store_set_commit_hook(snd->store, NULL, NULL);
	pthread_mutex_lock(&snd->mu);
	snd->stop = 1;
	pthread_cond_signal(&snd->cv);
	pthread_mutex_unlock(&snd->mu);
	pthread_join(snd->thread, NULL);
	for (int k = 0; k < KINDS; k++) {
		pthread_cond_destroy(&snd->pools[k].cv);
		free(snd->pools[k].threads);
	}
	snap_put(snd->snap);
	pthread_cond_destroy(&snd->cv);
	pthread_cond_destroy(&snd->job_cv);
	pthread_mutex_destroy(&snd->mu);
	free(snd);
}
