/*
 * demo.c - the demo of `kesu init --demo`: a small team and a month of its
 * work (demo/complaints.json, built into the binary). Each entry is a
 * complaint and its story: the acts done on it, each by a member of the
 * team or by the customer, at a time relative to now, so the demo looks
 * current whenever it is loaded. Every act goes through the same workflow
 * verb the API calls, with the act's time as its "now". Among them are
 * the incidents and handling notices (demo/incidents.json): the acts of
 * a supervisor on what many complaints have in common, and kesu's own
 * proposals, which arise as the complaints about one thing are
 * registered together. The whole month runs in the order of time, every
 * complaint's acts and the incidents' interleaved as they happened, in
 * one transaction; then the scheduler runs once at the real now, so the
 * clocks stand as they would on a team's living system.
 *
 * Times ("at" of an entry and of an act, "when" of an appointment):
 *   "-3d 14:20"  3 days before today at 14:20 (local time); "+1d 10:00"
 *                tomorrow at 10:00
 *   "-40m", "-2h" that long before now
 *   "-6wh", "-50wm" that many working hours or minutes before now
 *   "+25m", "+3h", "+2d"  that long after the act before (or the
 *                registration)
 *   "-2wh+25m"   (an entry's) 25 minutes after a time before now: a
 *                burst of complaints within the hour whenever loaded
 * A story that would reach past now is moved back as a whole, keeping
 * its intervals.
 *
 * The shop's neutral and negative reviews of the month (中差评,
 * demo/reviews.json) follow: each is taken in as the platform connector
 * (or an import) would, then contacted, moved and answered through the
 * review verbs, every review's acts in the order of time with the review
 * scheduler run in between at each moment it has something due (a
 * contact clock running out, a reminder, a review kept after the last
 * one), as a living system would have done. The shop's order counts per
 * day and platform give the month its 中差评率.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "../auth/roles.h"
#include "../core/state.h"
#include "../intake/intake.h"
#include "../store/store.h"
#include "../util/clock.h"
#include "../util/embedded.h"
#include "../workflow/workflow.h"
#include "cli.h"
#include "demo_int.h"

#define DEMO_FILE "demo/complaints.json"
#define MINUTE (60 * 1000LL)
#define DAY (24 * 60 * MINUTE)
#define ACTS_MAX 40

/* --- the team ------------------------------------------------------------ */

/* Someone to sign in as for each desk: the front line's supervisor and
 * agents, a manager for what goes above them, and a cashier who only
 * takes complaints in. */
static const struct {
	const char *username, *role, *name;
} team[] = {
	{"supervisor", "supervisor", "李强"}, {"agent", "agent", "王芳"},
	{"agent2", "agent", "许婷"},	      {"agent3", "agent", "马骏"},
	{"manager", "manager", "周涛"},	      {"cashier", "staff", "赵敏"},
};
#define TEAM_N (sizeof team / sizeof team[0])
static const char *const team_names[] = {"一线客服"};

/* The departments the team hands tasks to. */
static const struct {
	const char *name, *contact, *phone;
} departments[] = {
	{"售后服务部", "孙伟", "020-88880001"},
	{"物流部", "何磊", "020-88880002"},
	{"质检部", "吴婷", "020-88880003"},
	{"网络运维部", "郑凯", "020-88880004"},
};
#define DEPT_N (sizeof departments / sizeof departments[0])

/* A script the supervisor wrote as a macro: a new complaint acknowledged,
 * taken and answered in one step (the workspace's 应用宏). */
static const struct script demo_macro = {
	.step = 1,
	.language = "zh-CN",
	.title = "受理并接手（宏）",
	.body = "{customer_name}您好，您的投诉（编号 {tracking_no}）已受理，由我{agent_name}负责跟进。",
	.actions = "{\"assign\":\"self\",\"reply\":\"{customer_name}您好，您的投诉（编号 "
		   "{tracking_no}）已受理，由{company}客户服务中心的{agent_name}负责跟进，"
		   "我们会尽快与您联系。\",\"state\":\"acknowledged\"}",
	.position = 5,
	.version = 1,
	.created_by = "supervisor",
	.updated_by = "supervisor",
};

struct member {
	struct wf_actor as;
	int64_t teams[USER_TEAMS_MAX];
};

struct cast {
	struct member m[TEAM_N];
	int64_t dept[DEPT_N];
};

static int make_team(struct store *s, struct cast *cast, struct kesu_err *err)
{
	for (size_t i = 0; i < TEAM_N; i++) {
		char pw[32];
		int64_t id;
		cli_random_password(pw);
		int rc = cli_user_add(s, team[i].username, team[i].role, team[i].name, NULL, pw,
				      team_names, 1, "cli", &id, err);
		if (!rc)
			printf("kesu: demo %s '%s' (%s), password (shown once): %s\n", team[i].role,
			       team[i].username, team[i].name, pw);
		sodium_memzero(pw, sizeof pw);
		if (rc)
			return rc;
		cast->m[i].as.user_id = id;
	}
	return 0;
}

struct setup_job {
	struct store_job job;
	struct cast *cast;
	int64_t now;
};

/* The members as the workflow sees them (their role's permissions, their
 * teams), the departments, and the supervisor's macro. */
static int setup_run(struct store_conn *c, struct store_job *job)
{
	struct setup_job *j = (struct setup_job *)job;
	struct arena *a = arena_new();
	int rc = 0;
	for (size_t i = 0; i < TEAM_N && !rc; i++) {
		struct member *m = &j->cast->m[i];
		struct user u;
		rc = store_user_get(c, m->as.user_id, NULL, a, &u, &job->err);
		if (rc)
			break;
		int role = role_find(team[i].role);
		memcpy(m->teams, u.teams, sizeof u.teams);
		m->as = (struct wf_actor){.user_id = u.id, .name = team[i].username,
					  .perms = roles[role].perms, .teams = m->teams,
					  .nteams = u.nteams};
	}
	for (size_t i = 0; i < DEPT_N && !rc; i++) {
		struct department d = {.name = departments[i].name,
				       .contact_person = departments[i].contact,
				       .phone = departments[i].phone, .created_at = j->now,
				       .updated_at = j->now};
		rc = store_department_insert(c, &d, &job->err);
		j->cast->dept[i] = d.id;
	}
	if (!rc) {
		struct script m = demo_macro;
		m.created_at = m.updated_at = j->now;
		rc = store_script_insert(c, &m, &job->err);
	}
	arena_free(a);
	return rc;
}

static const struct wf_actor *who_is(const struct cast *cast, const char *name)
{
	if (name && strcmp(name, "customer") == 0)
		return &wf_customer;
	for (size_t i = 0; name && i < TEAM_N; i++)
		if (strcmp(team[i].username, name) == 0)
			return &cast->m[i].as;
	return NULL;
}

static const char *str(json_t *x, const char *key)
{
	return json_string_value(json_object_get(x, key));
}

/* --- times ----------------------------------------------------------------- */

/* The default business calendar: the demo's store is new. */
static const struct calendar *demo_cal(void)
{
	static struct calendar cal;
	static int ready;
	if (!ready) {
		cal_default(&cal);
		ready = 1;
	}
	return &cal;
}

/* The moment work_ms of working time before now, so that a clock stands
 * as the story says at whatever hour or weekday the demo is loaded. */
static int64_t work_back(int64_t now, int64_t work_ms)
{
	int64_t lo = now - 120 * DAY, hi = now;
	while (hi - lo > 1000) {
		int64_t mid = lo + (hi - lo) / 2;
		if (cal_between(demo_cal(), mid, now) >= work_ms)
			lo = mid;
		else
			hi = mid;
	}
	return lo;
}

/* Parses a time of the story (see the top of this file); prev is the act
 * before. */
static int story_time(const char *s, int64_t now, int64_t prev, int64_t *out)
{
	int n, h, m, used = 0;
	char sign, unit;
	if (!s)
		return -1;
	if (sscanf(s, "%c%dd %d:%d%n", &sign, &n, &h, &m, &used) == 4 && !s[used] &&
	    (sign == '-' || sign == '+')) {
		time_t t = (time_t)(now / 1000);
		struct tm tm;
		localtime_r(&t, &tm);
		tm.tm_mday += sign == '-' ? -n : n;
		tm.tm_hour = h;
		tm.tm_min = m;
		tm.tm_sec = 0;
		tm.tm_isdst = -1;
		*out = (int64_t)mktime(&tm) * 1000;
		return 0;
	}
	char unit2 = 0;
	if (sscanf(s, "-%dw%c%n", &n, &unit2, &used) == 2 && !s[used] && n >= 0 &&
	    (unit2 == 'h' || unit2 == 'm')) {
		*out = work_back(now, n * (unit2 == 'h' ? 60 * MINUTE : MINUTE));
		return 0;
	}
	if (sscanf(s, "%c%d%c%n", &sign, &n, &unit, &used) != 3 || s[used] || n < 0)
		return -1;
	int64_t len = unit == 'm' ? MINUTE : unit == 'h' ? 60 * MINUTE : unit == 'd' ? DAY : 0;
	if (!len || (sign != '-' && sign != '+'))
		return -1;
	*out = sign == '-' ? now - n * len : prev + n * len;
	return 0;
}

/* The complaint's own dates (when it happened, when it was bought) are
 * story times before its registration at: "-1d 21:40", "-60d". */
static int place_dates(json_t *c, int64_t at, struct kesu_err *err)
{
	char buf[40];
	int64_t ms;
	const char *v = str(c, "occurred_at");
	if (v && story_time(v, at, at, &ms) == 0)
		json_object_set_new(c, "occurred_at", json_string(clock_format(ms, buf, sizeof buf)));
	else if (v)
		return kesu_fail(err, KE_INVALID_VALUE, "occurred_at", "'%s' is no time of the story", v);
	v = str(c, "purchased_at");
	if (v && story_time(v, at, at, &ms) == 0) {
		time_t t = (time_t)(ms / 1000);
		struct tm tm;
		localtime_r(&t, &tm);
		strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
		json_object_set_new(c, "purchased_at", json_string(buf));
	} else if (v) {
		return kesu_fail(err, KE_INVALID_VALUE, "purchased_at", "'%s' is no time of the story", v);
	}
	return 0;
}

/* --- the acts ---------------------------------------------------------------- */

/* What one story has made so far, for the acts that answer it. */
struct story {
	const struct cast *cast;
	int64_t complaint_id, now; /* now: the real one */
	int64_t grants[16];
	int ngrants;
	int64_t plan, task, appointment;
};

/* One act: x is its JSON, who the actor, at its time; *cp the complaint as
 * it stands (loaded in this transaction). */
typedef int (*act_fn)(struct store_conn *c, struct story *st, json_t *x,
		      const struct wf_actor *who, int64_t at, const struct complaint *cp,
		      struct arena *a, struct kesu_err *err);

static int need(const char *v, const char *key, struct kesu_err *err)
{
	return v ? 0 : kesu_fail(err, KE_MISSING_FIELD, key, "is required");
}

static int act_note(struct store_conn *c, struct story *st, json_t *x, const struct wf_actor *who,
		    int64_t at, const struct complaint *cp, struct arena *a, struct kesu_err *err)
{
	(void)st;
	struct event e;
	const char *text = str(x, "text");
	return need(text, "text", err) ? -(int)err->code : wf_note(c, cp, text, who, at, a, &e, err);
}

static int act_reply(struct store_conn *c, struct story *st, json_t *x,
		     const struct wf_actor *who, int64_t at, const struct complaint *cp,
		     struct arena *a, struct kesu_err *err)
{
	(void)st;
	struct event e;
	const char *text = str(x, "text");
	return need(text, "text", err) ? -(int)err->code : wf_reply(c, cp, text, who, at, a, &e, err);
}

static int act_customer_wrote(struct store_conn *c, struct story *st, json_t *x,
			      const struct wf_actor *who, int64_t at,
			      const struct complaint *cp, struct arena *a, struct kesu_err *err)
{
	(void)st;
	(void)who;
	struct wf_message m = {.body = str(x, "text"), .via = "portal"};
	struct complaint after;
	struct event e;
	return need(m.body, "text", err) ? -(int)err->code
					 : wf_customer_wrote(c, cp, &m, at, a, &after, &e, err);
}

/* The act's "progress": the one line the customer is told of what is
 * being done (the next contact is kesu's default). NULL: none given. */
static const struct wf_progress *told(json_t *x, struct wf_progress *p)
{
	*p = (struct wf_progress){.line = str(x, "progress")};
	return p->line ? p : NULL;
}

static int act_transition(struct store_conn *c, struct story *st, json_t *x,
			  const struct wf_actor *who, int64_t at, const struct complaint *cp,
			  struct arena *a, struct kesu_err *err)
{
	(void)st;
	int to = str(x, "to") ? state_find(str(x, "to")) : -1;
	if (to < 0)
		return kesu_fail(err, KE_INVALID_VALUE, "to", "is not a state");
	unsigned flags = json_is_true(json_object_get(x, "without_plan")) ? WF_WITHOUT_PLAN : 0;
	struct complaint after;
	struct wf_progress p;
	return wf_transition_told(c, cp, (enum complaint_state)to, str(x, "reason"), flags,
				  told(x, &p), who, at, a, &after, err);
}

static int act_assign(struct store_conn *c, struct story *st, json_t *x,
		      const struct wf_actor *who, int64_t at, const struct complaint *cp,
		      struct arena *a, struct kesu_err *err)
{
	const struct wf_actor *to = who_is(st->cast, str(x, "to"));
	if (!to || !to->user_id)
		return kesu_fail(err, KE_INVALID_VALUE, "to", "is not a member of the demo team");
	struct complaint after;
	return wf_assign(c, cp, cp->team_id, to->user_id, who, at, a, &after, err);
}

static int act_identity(struct store_conn *c, struct story *st, json_t *x,
			const struct wf_actor *who, int64_t at, const struct complaint *cp,
			struct arena *a, struct kesu_err *err)
{
	(void)st;
	(void)a;
	struct identity_check k = {.method = str(x, "method"), .note = str(x, "note")};
	if (enum_input(en_identity_method, k.method) < 0)
		return kesu_fail(err, KE_INVALID_VALUE, "method", "is not an identity method");
	return wf_identity_confirm(c, cp, &k, who, at, err);
}

static int act_apology(struct store_conn *c, struct story *st, json_t *x,
		       const struct wf_actor *who, int64_t at, const struct complaint *cp,
		       struct arena *a, struct kesu_err *err)
{
	(void)st;
	(void)a;
	struct apology p = {.given_by = str(x, "given_by"), .note = str(x, "note")};
	return wf_apology(c, cp, &p, who, at, err);
}

static int act_grant(struct store_conn *c, struct story *st, json_t *x,
		     const struct wf_actor *who, int64_t at, const struct complaint *cp,
		     struct arena *a, struct kesu_err *err)
{
	json_t *yuan = json_object_get(x, "yuan");
	struct compensation k = {.type = str(x, "type"), .note = str(x, "note"),
				 .amount_fen = (int64_t)(json_number_value(yuan) * 100 + 0.5)};
	int replayed;
	if (enum_index(en_compensation_kind, k.type) < 0)
		return kesu_fail(err, KE_INVALID_VALUE, "type", "is not a compensation kind");
	if (k.amount_fen <= 0)
		return kesu_fail(err, KE_INVALID_VALUE, "yuan", "must be above 0");
	if (st->ngrants == (int)(sizeof st->grants / sizeof st->grants[0]))
		return kesu_fail(err, KE_INVALID_VALUE, "", "too many grants in one story");
	int rc = wf_grant(c, cp, who, &k, at, a, &replayed, err);
	if (!rc)
		st->grants[st->ngrants++] = k.id;
	return rc;
}

static int act_decide(struct store_conn *c, struct story *st, json_t *x,
		      const struct wf_actor *who, int64_t at, const struct complaint *cp,
		      struct arena *a, struct kesu_err *err)
{
	(void)cp;
	struct compensation out;
	if (!st->ngrants)
		return kesu_fail(err, KE_CONFLICT, "", "no grant to decide");
	return wf_grant_decide(c, st->grants[st->ngrants - 1],
			       !json_is_false(json_object_get(x, "approve")), str(x, "reason"), who,
			       at, a, &out, err);
}

static int act_plan(struct store_conn *c, struct story *st, json_t *x,
		    const struct wf_actor *who, int64_t at, const struct complaint *cp,
		    struct arena *a, struct kesu_err *err)
{
	struct plan p = {.summary = str(x, "summary")};
	if (need(p.summary, "summary", err))
		return -(int)err->code;
	if (json_is_true(json_object_get(x, "with_grants")) && st->ngrants) {
		json_t *ids = json_array();
		for (int i = 0; i < st->ngrants; i++)
			json_array_append_new(ids, json_integer(st->grants[i]));
		char *text = json_dumps(ids, JSON_COMPACT);
		p.compensation_ids = arena_strdup(a, text);
		free(text);
		json_decref(ids);
	}
	struct wf_progress pr;
	int rc = wf_plan_propose(c, cp, &p, str(x, "demand_unconfirmed_reason"), told(x, &pr), who,
				 at, a, err);
	if (!rc)
		st->plan = p.id;
	return rc;
}

static int act_restate(struct store_conn *c, struct story *st, json_t *x,
		       const struct wf_actor *who, int64_t at, const struct complaint *cp,
		       struct arena *a, struct kesu_err *err)
{
	(void)st;
	struct demand_restatement d = {.restatement = str(x, "restatement"),
				       .target = str(x, "target")};
	return need(d.restatement, "restatement", err) || need(d.target, "target", err)
		       ? -(int)err->code
		       : wf_demand_restate(c, cp, &d, who, at, a, err);
}

/* The customer's answer to the newest restatement: on the status page
 * (via portal), or heard by the agent on a call. */
static int act_demand_answer(struct store_conn *c, struct story *st, json_t *x,
			     const struct wf_actor *who, int64_t at, const struct complaint *cp,
			     struct arena *a, struct kesu_err *err)
{
	(void)st;
	struct demand_restatement d;
	int found;
	const char *via = str(x, "via") ? str(x, "via") : "phone";
	int rc = wf_demand_latest(c, cp, a, &d, &found, err);
	if (!rc && !found)
		rc = kesu_fail(err, KE_CONFLICT, "", "no restatement to answer");
	return rc ? rc
		  : wf_demand_answer(c, cp, &d, str(x, "answer"), str(x, "correction"), via,
				     strcmp(via, "portal") == 0 ? &wf_customer : who, at, err);
}

static int act_answer(struct store_conn *c, struct story *st, json_t *x,
		      const struct wf_actor *who, int64_t at, const struct complaint *cp,
		      struct arena *a, struct kesu_err *err)
{
	struct plan p, *plans;
	int n = 0, rc = 0;
	const char *answer = str(x, "answer");
	if (enum_input(en_plan_answer, answer) < 0)
		return kesu_fail(err, KE_INVALID_VALUE, "answer", "is not a plan answer");
	/* the story's own plan, else the newest (an incident's, proposed to
	 * every complaint of it) */
	if (st->plan)
		rc = store_plan_get(c, st->plan, a, &p, err);
	else if (!(rc = store_plans_of(c, cp->id, a, &plans, &n, err)) && n)
		p = plans[0];
	else if (!rc)
		rc = kesu_fail(err, KE_CONFLICT, "", "no plan to answer");
	return rc ? rc
		  : wf_plan_answer(c, cp, &p, answer, str(x, "conditions"), str(x, "counter_offer"),
				   who, at, err);
}

static int act_task(struct store_conn *c, struct story *st, json_t *x,
		    const struct wf_actor *who, int64_t at, const struct complaint *cp,
		    struct arena *a, struct kesu_err *err)
{
	struct task t = {.what = str(x, "what"),
			 .due_days = (int)json_integer_value(json_object_get(x, "due_days"))};
	const char *dept = str(x, "department");
	for (size_t i = 0; dept && i < DEPT_N; i++)
		if (strcmp(departments[i].name, dept) == 0)
			t.department_id = st->cast->dept[i];
	if (!t.department_id)
		return kesu_fail(err, KE_INVALID_VALUE, "department", "is not a demo department");
	if (need(t.what, "what", err))
		return -(int)err->code;
	if (t.due_days < 1)
		return kesu_fail(err, KE_INVALID_VALUE, "due_days", "must be 1 or more");
	struct wf_progress pr;
	int rc = wf_task_create(c, cp, &t, told(x, &pr), who, at, a, err);
	if (!rc)
		st->task = t.id;
	return rc;
}

static int act_task_answer(struct store_conn *c, struct story *st, json_t *x,
			   const struct wf_actor *who, int64_t at, const struct complaint *cp,
			   struct arena *a, struct kesu_err *err)
{
	(void)cp;
	struct task t;
	const char *answer = str(x, "answer");
	if (need(answer, "answer", err))
		return -(int)err->code;
	int rc = st->task ? store_task_get(c, st->task, a, &t, err)
			  : kesu_fail(err, KE_CONFLICT, "", "no task to answer");
	return rc ? rc : wf_task_answer(c, &t, answer, who, at, err);
}

static int act_appointment(struct store_conn *c, struct story *st, json_t *x,
			   const struct wf_actor *who, int64_t at, const struct complaint *cp,
			   struct arena *a, struct kesu_err *err)
{
	(void)a;
	struct appointment p = {.with_whom = str(x, "with"), .channel = str(x, "channel"),
				.note = str(x, "note"), .owner_id = who->user_id};
	if (story_time(str(x, "when"), st->now, at, &p.at))
		return kesu_fail(err, KE_INVALID_VALUE, "when", "is not a time of the story");
	const struct wf_actor *owner = str(x, "owner") ? who_is(st->cast, str(x, "owner")) : who;
	if (!owner || !owner->user_id)
		return kesu_fail(err, KE_INVALID_VALUE, "owner", "is not a member of the demo team");
	p.owner_id = owner->user_id;
	if (enum_input(en_callback_method, p.channel) < 0)
		return kesu_fail(err, KE_INVALID_VALUE, "channel", "is not a way to meet");
	int rc = wf_appointment_create(c, cp, &p, who, at, err);
	if (!rc)
		st->appointment = p.id;
	return rc;
}

static int act_outcome(struct store_conn *c, struct story *st, json_t *x,
		       const struct wf_actor *who, int64_t at, const struct complaint *cp,
		       struct arena *a, struct kesu_err *err)
{
	(void)cp;
	struct appointment p;
	int rc = st->appointment ? store_appointment_get(c, st->appointment, a, &p, err)
				 : kesu_fail(err, KE_CONFLICT, "", "no appointment");
	return rc ? rc : wf_appointment_outcome(c, &p, str(x, "state"), str(x, "outcome"), who, at,
						err);
}

static int act_callback(struct store_conn *c, struct story *st, json_t *x,
			const struct wf_actor *who, int64_t at, const struct complaint *cp,
			struct arena *a, struct kesu_err *err)
{
	(void)st;
	json_t *co = json_object_get(x, "carried_out");
	struct callback_rec k = {
		.at = at, .method = str(x, "method"), .advice = str(x, "advice"),
		.reached = json_is_true(json_object_get(x, "reached")),
		.satisfaction = (int)json_integer_value(json_object_get(x, "satisfaction")),
		.business_satisfaction =
			(int)json_integer_value(json_object_get(x, "business_satisfaction")),
		.carried_out = json_is_boolean(co) ? (json_is_true(co) ? 1 : 2) : 0};
	if (enum_input(en_callback_method, k.method) < 0)
		return kesu_fail(err, KE_INVALID_VALUE, "method", "is not a callback method");
	if (k.reached && (k.satisfaction < 1 || k.satisfaction > 5))
		return kesu_fail(err, KE_INVALID_VALUE, "satisfaction", "must be 1 to 5");
	struct complaint after;
	return wf_follow_up(c, cp, &k, who, at, a, &after, err);
}

static int act_escalate(struct store_conn *c, struct story *st, json_t *x,
			const struct wf_actor *who, int64_t at, const struct complaint *cp,
			struct arena *a, struct kesu_err *err)
{
	(void)st;
	const char *lv = str(x, "level"), *cause = str(x, "cause");
	int level = lv ? enum_index(en_level, lv) : -1;
	if (lv && level < 0)
		return kesu_fail(err, KE_INVALID_VALUE, "level", "is not a level");
	if (enum_index(en_escalation_cause, cause) < 0 ||
	    (enum_flags(en_escalation_cause, cause) & EV_SYSTEM))
		return kesu_fail(err, KE_INVALID_VALUE, "cause", "is not a person's cause");
	struct wf_escalation_fact fact = {.platform = str(x, "platform"),
					  .case_number = str(x, "case_number"),
					  .outlet = str(x, "outlet")};
	struct complaint after;
	return wf_escalate(c, cp, level, cause, str(x, "reason"),
			   json_is_true(json_object_get(x, "threat")), &fact, who, at, a, &after,
			   err);
}

/* The kinds of act, one row each: "do" names the row. */
static const struct {
	const char *name;
	act_fn fn;
} act_kinds[] = {
	{"note", act_note},
	{"reply", act_reply},
	{"customer_wrote", act_customer_wrote},
	{"transition", act_transition},
	{"assign", act_assign},
	{"identity", act_identity},
	{"apology", act_apology},
	{"grant", act_grant},
	{"decide", act_decide},
	{"restate", act_restate},
	{"demand_answer", act_demand_answer},
	{"plan", act_plan},
	{"answer", act_answer},
	{"task", act_task},
	{"task_answer", act_task_answer},
	{"appointment", act_appointment},
	{"outcome", act_outcome},
	{"callback", act_callback},
	{"escalate", act_escalate},
};

static act_fn act_find(const char *name)
{
	for (size_t i = 0; name && i < sizeof act_kinds / sizeof act_kinds[0]; i++)
		if (strcmp(act_kinds[i].name, name) == 0)
			return act_kinds[i].fn;
	return NULL;
}

/* One act of a story: x, at its time; by_default acts when it names
 * nobody (the entry's agent). */
static int story_act(struct store_conn *c, struct story *st, json_t *x, const char *by_default,
		     int64_t at, struct arena *a, struct kesu_err *err)
{
	const char *by = str(x, "by") ? str(x, "by") : by_default;
	const struct wf_actor *who = who_is(st->cast, by);
	act_fn fn = act_find(str(x, "do"));
	struct complaint cp;
	if (!who)
		return kesu_fail(err, KE_INVALID_VALUE, "by", "'%s' is nobody of the demo",
				 by ? by : "");
	if (!fn)
		return kesu_fail(err, KE_INVALID_VALUE, "do", "'%s' is no kind of act",
				 str(x, "do") ? str(x, "do") : "");
	int rc = store_complaint_get(c, st->complaint_id, NULL, a, &cp, err);
	return rc ? rc : fn(c, st, x, who, at, &cp, a, err);
}

struct tick_job {
	struct store_job job;
	int64_t now;
	int done;
};

static int tick_run(struct store_conn *c, struct store_job *job)
{
	struct tick_job *j = (struct tick_job *)job;
	return wf_tick(c, j->now, 500, &j->done, &job->err);
}

/* --- the reviews ---------------------------------------------------------------- */

#define REVIEWS_FILE "demo/reviews.json"
#define REVIEW_ACTS_MAX 12
#define ORDER_DAYS 60 /* the order counts: the month and the one before */

/* Where a buyer reaches the supervisor, and what is new, as the public
 * replies say it (the setting review_policy). */
#define SUPERVISOR_ACCOUNT "李主管，电话020-88880010，工作日9:00-18:00"
static const char *const policy_news[][2] = {
	{"zh-CN", "本店已升级包装：易碎和大件商品一律加厚气泡膜并改用五层加固纸箱，大家电支持预约送装一体。"},
	{"zh-TW", "本店已升級包裝：易碎和大件商品一律加厚氣泡膜並改用五層加固紙箱，大家電支援預約送裝一體。"},
	{"en", "We have upgraded our packaging: fragile and bulky items now ship in thicker bubble wrap"
	       " and five-layer reinforced cartons, and large appliances can be delivered and installed"
	       " in one visit."},
};

/* The shop's platforms and its usual orders a day on each. */
static const struct {
	const char *platform;
	int orders, local; /* local: a shop's own street (meals, the stores) */
} shop_orders[] = {
	{"tmall", 230, 0},  {"taobao", 170, 0},  {"jd", 160, 0},	{"pinduoduo", 130, 0},
	{"douyin", 95, 0},  {"meituan", 75, 1},	 {"dianping", 20, 1},
};

/* Reviews are taken in by the platform connector, unless an entry names
 * who imported it. */
static const struct wf_actor connector = {.name = "connector"};

/*
 * A review's times (demo/reviews.json): its "at", when the buyer posted
 * it, is a time before now as above ("-12d 21:40", "-25wm", "-5h"); its
 * "received" (default "+4m") and each act's "at" follow the time before,
 * as a chain of steps:
 *   "+20m", "+2h", "+1d"        that long after
 *   "+30wm", "+2wh"             that much working time after
 *   "+0d 20:25", "+1d 11:30"    that day or a later one, at that time
 *   "+1wd 10:15"                the next working day (or later) at that time
 *   "posted+24h+30wm"           the chain from the posting instead
 *   "appointment"               the time the contact before appointed
 * or a time before now. A time before now may end in " daytime" ("-30h
 * daytime"): moved back into people's hours, 09:00-21:00 of any day, so
 * that the last days' stories keep their distance from now (a reminder a
 * day after the buyer agreed) at whatever hour the demo is loaded. A
 * contact's "appointment" is such a chain from the contact.
 */
static int64_t day_at(int64_t t, int days, int working, int h, int m)
{
	int32_t day = cal_day_of(t);
	if (!working)
		day += days;
	for (int k = 0; working && k < days;)
		k += cal_is_workday(demo_cal(), ++day);
	return cal_day_start(day) + ((int64_t)h * 60 + m) * MINUTE;
}

static int review_time(const char *s, int64_t now, int64_t prev, int64_t posted, int64_t appointed,
		       int64_t *out)
{
	size_t len = s ? strlen(s) : 0;
	if (!s)
		return -1;
	if (len > 8 && strcmp(s + len - 8, " daytime") == 0) {
		/* people's hours, any day (09:00-21:00): a night's time is
		 * moved back half a day */
		char before[32];
		snprintf(before, sizeof before, "%.*s", (int)(len - 8), s);
		if (*s != '-' || story_time(before, now, prev, out))
			return -1;
		*out -= *out % MINUTE;
		int32_t day = cal_day_of(*out);
		int64_t into = *out - cal_day_start(day);
		if (into < 9 * 60 * MINUTE || into > 21 * 60 * MINUTE)
			*out -= 12 * 60 * MINUTE;
		return 0;
	}
	if (*s == '-') {
		/* on the minute, as people tell times */
		int rc = story_time(s, now, prev, out);
		if (!rc)
			*out -= *out % MINUTE;
		return rc;
	}
	if (strcmp(s, "appointment") == 0) {
		*out = appointed;
		return appointed ? 0 : -1;
	}
	int64_t t = prev;
	if (strncmp(s, "posted", 6) == 0) {
		t = posted;
		s += 6;
	}
	if (!*s && t == prev)
		return -1;
	while (*s) {
		int n = -1, h = 0, m = 0, used = 0;
		char u = 0;
		if (*s != '+')
			return -1;
		if (sscanf(s, "+%dwd %d:%d%n", &n, &h, &m, &used) == 3 && used) {
			t = day_at(t, n, 1, h, m);
		} else if (sscanf(s, "+%dd %d:%d%n", &n, &h, &m, &used) == 3 && used) {
			t = day_at(t, n, 0, h, m);
		} else if ((h = m = 0, sscanf(s, "+%dw%c%n", &n, &u, &used) == 2) && used &&
			   (u == 'm' || u == 'h')) {
			t = cal_add(demo_cal(), t, n * (u == 'h' ? 60 * MINUTE : MINUTE));
		} else if (sscanf(s, "+%d%c%n", &n, &u, &used) == 2 && used &&
			   (u == 'm' || u == 'h' || u == 'd')) {
			t += n * (u == 'm' ? MINUTE : u == 'h' ? 60 * MINUTE : DAY);
		} else {
			return -1;
		}
		if (n < 0 || h < 0 || h > 23 || m < 0 || m > 59)
			return -1;
		s += used;
	}
	*out = t;
	return 0;
}

/* A complaint of the demo a review may be linked to: by its object's ref
 * (the order). */
struct rv_entry {
	json_t *j;
	int64_t id;
	int64_t at[REVIEW_ACTS_MAX + 2];  /* [0] posted, [1] received, then the acts */
	int64_t appt[REVIEW_ACTS_MAX + 2]; /* an act's appointment, 0: none */
};

/* One step of the month: an entry's receipt (step 0) or one of its acts. */
struct rv_step {
	int64_t at;
	int entry, step;
};

static int by_step_time(const void *a, const void *b)
{
	const struct rv_step *x = a, *y = b;
	if (x->at != y->at)
		return (x->at > y->at) - (x->at < y->at);
	if (x->entry != y->entry)
		return x->entry - y->entry;
	return x->step - y->step;
}

static int rv_times(struct rv_entry *e, size_t index, int64_t now, struct kesu_err *err)
{
	json_t *acts = json_object_get(e->j, "acts");
	const char *recv = str(e->j, "received") ? str(e->j, "received") : "+4m";
	if (json_array_size(acts) > REVIEW_ACTS_MAX)
		return kesu_fail(err, KE_INVALID_VALUE, "acts", "demo review %zu: more than %d acts",
				 index, REVIEW_ACTS_MAX);
	if (review_time(str(e->j, "at"), now, now, now, 0, &e->at[0]) || e->at[0] > now)
		return kesu_fail(err, KE_INVALID_VALUE, "at", "demo review %zu: no time", index);
	if (review_time(recv, now, e->at[0], e->at[0], 0, &e->at[1]) || e->at[1] < e->at[0])
		return kesu_fail(err, KE_INVALID_VALUE, "received",
				 "demo review %zu: '%s' is no time after the posting", index, recv);
	size_t i;
	json_t *x;
	json_array_foreach(acts, i, x) {
		const char *at = str(x, "at") ? str(x, "at") : "+5m", *ap = str(x, "appointment");
		int64_t *t = &e->at[i + 2];
		if (review_time(at, now, t[-1], e->at[0], i ? e->appt[i + 1] : 0, t) || *t < t[-1])
			return kesu_fail(err, KE_INVALID_VALUE, "at",
					 "demo review %zu, act %zu: '%s' is no time after the one before",
					 index, i, at);
		if (ap && (review_time(ap, now, *t, e->at[0], 0, &e->appt[i + 2]) ||
			   e->appt[i + 2] <= *t))
			return kesu_fail(err, KE_INVALID_VALUE, "appointment",
					 "demo review %zu, act %zu: '%s' is no time after the contact",
					 index, i, ap);
	}
	/* a story that reaches past now is moved back as a whole */
	int64_t over = e->at[json_array_size(acts) + 1] - (now - MINUTE);
	for (i = 0; over > 0 && i < json_array_size(acts) + 2; i++) {
		e->at[i] -= over;
		if (e->appt[i])
			e->appt[i] -= over;
	}
	return 0;
}

struct reviews_job {
	struct store_job job;
	const struct cast *cast;
	struct rv_entry *e;
	struct rv_step *steps;
	int nsteps, failed; /* failed: the step, -1 after them */
	const struct demo_ref *refs;
	int nrefs;
	int64_t now, team_id;
};

/* The review policy the supervisor set: where the buyer reaches them,
 * what is new, the handbook's reminders. */
static int policy_put(struct store_conn *c, struct kesu_err *err)
{
	json_t *news = json_object();
	for (size_t i = 0; i < sizeof policy_news / sizeof *policy_news; i++)
		json_object_set_new(news, policy_news[i][0], json_string(policy_news[i][1]));
	json_t *in = json_pack("{s:i,s:i,s:s,s:o}", "reminders", 2, "reminder_every_hours", 24,
			       "supervisor_account", SUPERVISOR_ACCOUNT, "news", news);
	struct wf_review_policy p;
	int rc = wf_review_policy_from_json(in, &p, err);
	json_decref(in);
	if (rc)
		return rc;
	json_t *out = wf_review_policy_to_json(&p);
	char *text = json_dumps(out, JSON_COMPACT);
	rc = store_setting_put(c, "review_policy", text, err);
	free(text);
	json_decref(out);
	return rc;
}

/* The shop's orders of each day of the last two months on each platform:
 * its usual numbers, more at the weekend (most for meals and the stores),
 * three times as many on 11.11 and 12.12 online, today's so far. */
static int orders_put(struct store_conn *c, int64_t now, struct kesu_err *err)
{
	int32_t today = cal_day_of(now);
	int64_t into = now - cal_day_start(today);
	for (int32_t day = today - ORDER_DAYS + 1; day <= today; day++) {
		int y, m, d;
		char text[16];
		cal_civil(day, &y, &m, &d);
		snprintf(text, sizeof text, "%04d-%02d-%02d", y, m, d);
		int wd = (int)(((int64_t)day % 7 + 7 + 4) % 7);
		for (size_t p = 0; p < sizeof shop_orders / sizeof *shop_orders; p++) {
			uint32_t h = (uint32_t)day * 2654435761u ^ (uint32_t)(p + 1) * 40503u;
			h ^= h >> 13;
			h *= 0x5bd1e995u;
			h ^= h >> 15;
			int64_t n = shop_orders[p].orders * (85 + (int)(h % 31)) / 100;
			if (wd == 0 || wd == 6)
				n = n * (shop_orders[p].local ? 140 : 115) / 100;
			if (!shop_orders[p].local && ((m == 11 && d == 11) || (m == 12 && d == 12)))
				n *= 3;
			if (day == today)
				n = n * into / DAY;
			int rc = store_order_count_put(c, text, shop_orders[p].platform, n, now, err);
			if (rc)
				return rc;
		}
	}
	return 0;
}

/* Runs the review scheduler at each moment before until at which a
 * review has something due, as it would have run then. */
static int reviews_until(struct store_conn *c, int64_t until, struct kesu_err *err)
{
	for (int guard = 0; guard < 10000; guard++) {
		struct arena *a = arena_new();
		struct review *due;
		int n = 0, done = 0;
		int rc = store_reviews_due(c, until, 1, a, &due, &n, err);
		if (!rc && n)
			rc = wf_reviews_tick(c, due[0].next_at, 100, a, &done, err);
		arena_free(a);
		if (rc || !n)
			return rc;
		if (!done)
			break;
	}
	return kesu_fail(err, KE_INTERNAL, "", "the review scheduler makes no progress");
}

static int rv_receive(struct store_conn *c, struct reviews_job *j, struct rv_entry *e,
		      struct arena *a, struct kesu_err *err)
{
	json_t *body = json_deep_copy(json_object_get(e->j, "review"));
	char buf[40];
	if (!json_is_object(body)) {
		json_decref(body);
		return kesu_fail(err, KE_MISSING_FIELD, "review", "is required");
	}
	json_object_set_new(body, "posted_at", json_string(clock_format(e->at[0], buf, sizeof buf)));
	json_object_set_new(body, "team_id", json_integer(j->team_id));
	const char *by = str(e->j, "received_by");
	const struct wf_actor *who = by ? who_is(j->cast, by) : &connector;
	struct review r;
	int existing = 0;
	int rc = who ? wf_review_read(body, e->at[1], a, &r, err)
		     : kesu_fail(err, KE_INVALID_VALUE, "received_by", "is nobody of the demo");
	if (!rc)
		rc = wf_review_receive(c, &r, who, e->at[1], a, &existing, err);
	if (!rc && existing)
		rc = kesu_fail(err, KE_CONFLICT, "review", "is the same review as another one");
	e->id = r.id;
	json_decref(body);
	return rc;
}

static int rv_edit(struct store_conn *c, struct reviews_job *j, json_t *x,
		   const struct wf_actor *who, int64_t at, struct review *r, struct kesu_err *err)
{
	struct wf_review_change ch = {.cause = str(x, "cause")};
	json_t *v;
	if ((v = json_object_get(x, "serious"))) {
		ch.set_serious = 1;
		ch.serious = json_is_true(v);
		ch.serious_reason = str(x, "serious_reason");
	}
	if ((v = json_object_get(x, "age"))) {
		ch.set_age = 1;
		ch.age = json_string_value(v);
		ch.age_reason = str(x, "age_reason");
	}
	const char *ref = str(x, "complaint");
	for (int i = 0; ref && i < j->nrefs; i++)
		if (strcmp(j->refs[i].ref, ref) == 0) {
			ch.set_complaint = 1;
			ch.complaint_id = j->refs[i].id;
		}
	if (ref && !ch.set_complaint)
		return kesu_fail(err, KE_INVALID_VALUE, "complaint", "'%s' is no demo complaint's", ref);
	if (str(x, "assignee")) {
		const struct wf_actor *to = who_is(j->cast, str(x, "assignee"));
		if (!to || !to->user_id)
			return kesu_fail(err, KE_INVALID_VALUE, "assignee", "is not a member of the team");
		ch.set_assignee = 1;
		ch.assignee_id = to->user_id;
	}
	return wf_review_edit(c, r, &ch, who, at, err);
}

static int rv_contact(struct store_conn *c, json_t *x, int64_t appointment,
		      const struct wf_actor *who, int64_t at, struct review *r,
		      struct kesu_err *err)
{
	struct review_contact k = {.at = at, .method = str(x, "method") ? str(x, "method") : "phone",
				   .reached = json_is_true(json_object_get(x, "reached")),
				   .outcome = str(x, "outcome"), .note = str(x, "note"),
				   .appointment_at = appointment};
	if (wf_review_one_of(wf_review_methods, k.method) < 0)
		return kesu_fail(err, KE_INVALID_VALUE, "method", "is no contact method");
	if (k.outcome && strcmp(k.outcome, "agreed") && strcmp(k.outcome, "declined"))
		return kesu_fail(err, KE_INVALID_VALUE, "outcome", "must be agreed or declined");
	return wf_review_contact(c, r, &k, str(x, "cause"), who, at, err);
}

/* The public reply: the entry's text, else the draft kesu writes; never
 * one the tone check warns of. */
static int rv_reply(struct store_conn *c, json_t *x, const struct wf_actor *who, int64_t at,
		    struct review *r, struct arena *a, struct kesu_err *err)
{
	const char *text = str(x, "text");
	if (!text && !(text = wf_review_reply_draft(c, r, NULL, a, err)))
		return -(int)err->code;
	json_t *w = wf_review_tone(text);
	size_t warned = json_array_size(w);
	json_decref(w);
	if (warned)
		return kesu_fail(err, KE_INVALID_VALUE, "text", "sounds defensive: %s", text);
	return wf_review_reply(c, r, text, !json_is_false(json_object_get(x, "posted")), who, at,
			       err);
}

static int rv_step(struct store_conn *c, struct reviews_job *j, const struct rv_step *s,
		   struct arena *a, struct kesu_err *err)
{
	struct rv_entry *e = &j->e[s->entry];
	if (s->step == 0)
		return rv_receive(c, j, e, a, err);
	json_t *x = json_array_get(json_object_get(e->j, "acts"), (size_t)s->step - 1);
	const char *by = str(x, "by") ? str(x, "by") : str(e->j, "by") ? str(e->j, "by") : "agent";
	const char *what = str(x, "do") ? str(x, "do") : "";
	const struct wf_actor *who = who_is(j->cast, by);
	struct review r;
	if (!who || !who->user_id)
		return kesu_fail(err, KE_INVALID_VALUE, "by", "'%s' is nobody of the demo team", by);
	int rc = store_review_get(c, e->id, a, &r, err);
	/* whoever first acts on a review takes it */
	if (!rc && !r.assignee_id && strcmp(what, "changed") && strcmp(what, "withdrawn")) {
		struct wf_review_change ch = {.set_assignee = 1, .assignee_id = who->user_id};
		rc = wf_review_edit(c, &r, &ch, who, s->at, err);
	}
	if (rc)
		return rc;
	if (!strcmp(what, "contact"))
		return rv_contact(c, x, e->appt[s->step + 1], who, s->at, &r, err);
	if (!strcmp(what, "edit"))
		return rv_edit(c, j, x, who, s->at, &r, err);
	if (!strcmp(what, "move"))
		return wf_review_move(c, &r, str(x, "group"), str(x, "reason"), who, s->at, err);
	if (!strcmp(what, "changed") || !strcmp(what, "withdrawn"))
		return wf_review_connector(c, &r,
					   !strcmp(what, "changed") ? "changed on the platform"
								    : "withdrawn on the platform",
					   s->at, err);
	if (!strcmp(what, "reply"))
		return rv_reply(c, x, who, s->at, &r, a, err);
	return kesu_fail(err, KE_INVALID_VALUE, "do", "'%s' is no act on a review", what);
}

/* The policy, the order counts, then every step of the month in the
 * order of time, the scheduler run at each moment between; one
 * transaction. */
static int reviews_run(struct store_conn *c, struct store_job *job)
{
	struct reviews_job *j = (struct reviews_job *)job;
	int rc = policy_put(c, &job->err);
	if (!rc)
		rc = orders_put(c, j->now, &job->err);
	for (int i = 0; i < j->nsteps && !rc; i++) {
		struct arena *a = arena_new();
		j->failed = i;
		rc = reviews_until(c, j->steps[i].at - 1, &job->err);
		if (!rc)
			rc = rv_step(c, j, &j->steps[i], a, &job->err);
		arena_free(a);
	}
	if (!rc) {
		j->failed = -1;
		rc = reviews_until(c, j->now, &job->err);
	}
	return rc;
}

/* Loads demo/reviews.json; refs: the demo's complaints by their order. */
static int reviews_load(struct store *s, const struct cast *cast, const struct demo_ref *refs,
			int nrefs, int64_t now, int *loaded, struct kesu_err *err)
{
	const struct embedded_file *f = embedded_find(REVIEWS_FILE);
	json_error_t je;
	json_t *all = f ? json_loadb((const char *)f->data, f->size, 0, &je) : NULL;
	if (!json_is_array(all)) {
		json_decref(all);
		return kesu_fail(err, KE_INTERNAL, "", "the built-in demo reviews are damaged");
	}
	size_t n = json_array_size(all), nsteps = 0;
	struct rv_entry *e = calloc(n ? n : 1, sizeof *e);
	int rc = e ? 0 : kesu_fail(err, KE_INTERNAL, "", "out of memory");
	for (size_t i = 0; i < n && !rc; i++) {
		e[i].j = json_array_get(all, i);
		rc = rv_times(&e[i], i, now, err);
		nsteps += 1 + json_array_size(json_object_get(e[i].j, "acts"));
	}
	struct rv_step *steps = rc ? NULL : calloc(nsteps ? nsteps : 1, sizeof *steps);
	if (!rc && !steps)
		rc = kesu_fail(err, KE_INTERNAL, "", "out of memory");
	size_t k = 0;
	for (size_t i = 0; i < n && !rc; i++)
		for (size_t a = 0; a <= json_array_size(json_object_get(e[i].j, "acts")); a++)
			steps[k++] = (struct rv_step){.at = e[i].at[a + 1], .entry = (int)i, .step = (int)a};
	if (!rc)
		qsort(steps, nsteps, sizeof *steps, by_step_time);
	struct reviews_job j = {.job.run = reviews_run, .cast = cast, .e = e, .steps = steps,
				.nsteps = (int)nsteps, .refs = refs, .nrefs = nrefs, .now = now,
				/* the front line's team: the agents' */
				.team_id = cast->m[1].as.nteams ? cast->m[1].as.teams[0] : 0};
	if (!rc && (rc = store_run(s, &j.job))) {
		*err = j.job.err;
		char what[sizeof err->message], where[32] = "the scheduler";
		const struct rv_step *st = j.failed >= 0 ? &steps[j.failed] : NULL;
		if (st && st->step)
			snprintf(where, sizeof where, "act %d", st->step - 1);
		else if (st)
			snprintf(where, sizeof where, "its receipt");
		snprintf(what, sizeof what, "demo review at %s, %s: %.40s %.180s",
			 st ? str(e[st->entry].j, "at") : "-", where, err->field, err->message);
		snprintf(err->message, sizeof err->message, "%s", what);
		err->field[0] = '\0';
	}
	if (!rc)
		*loaded = (int)n;
	free(steps);
	free(e);
	json_decref(all);
	return rc;
}

/* --- the incidents --------------------------------------------------------------- */

#define INCIDENTS_FILE "demo/incidents.json"
#define INCIDENT_ACTS_MAX 40

/*
 * Many complaints, one cause (domain.md 9), and the handling notices
 * (demo/incidents.json). An entry "about" an object's ref is the incident
 * kesu proposed by itself when the demo's complaints about it (in
 * demo/complaints.json) arrived together; its acts are the team's on it:
 * confirmed and described, its complaints moved together, its customers
 * told, its remedy standard set and decided, its handling notice
 * published and confirmed by those who read it. An entry about nothing
 * holds a standing notice. An act's time is a time before now, or one
 * after the act before ("+20m"), as a story's; each act is done by "by"
 * (the supervisor unless named).
 */
struct incident_story {
	json_t *j;
	const char *about;
	int64_t at[INCIDENT_ACTS_MAX];
	int64_t incident, notice, remedy; /* what its acts made so far */
};

/* The month as the writer loads it: the complaints registered so far by
 * their object's ref, for the incidents to find theirs and the reviews
 * their orders. */
struct month {
	const struct cast *cast;
	struct demo_ref *refs;
	int nrefs;
	int64_t now, team_id;
};

typedef int (*incident_fn)(struct store_conn *c, const struct month *m, struct incident_story *is,
			   json_t *x, const struct wf_actor *who, int64_t at, struct arena *a,
			   struct kesu_err *err);

/* The entry's incident as the writer has it: the one kesu proposed for
 * the complaints about its "about". */
static int incident_of(struct store_conn *c, const struct month *m, struct incident_story *is,
		       struct arena *a, struct incident *out, struct kesu_err *err)
{
	for (int k = 0; !is->incident && is->about && k < m->nrefs; k++)
		if (strcmp(m->refs[k].ref, is->about) == 0 &&
		    store_incident_of(c, m->refs[k].id, &is->incident, err))
			return -(int)err->code;
	if (!is->incident)
		return kesu_fail(err, KE_CONFLICT, "about", "kesu proposed no incident about '%s'",
				 is->about ? is->about : "");
	return store_incident_get(c, is->incident, a, out, err);
}

static int64_t fen_of(json_t *x, const char *key)
{
	return (int64_t)(json_number_value(json_object_get(x, key)) * 100 + 0.5);
}

/* v as JSON text in a; NULL for none. */
static const char *json_text(json_t *v, struct arena *a)
{
	if (!v)
		return NULL;
	char *t = json_dumps(v, JSON_COMPACT);
	const char *out = t ? arena_strdup(a, t) : NULL;
	free(t);
	return out;
}

static int inc_confirm(struct store_conn *c, const struct month *m, struct incident_story *is,
		       json_t *x, const struct wf_actor *who, int64_t at, struct arena *a,
		       struct kesu_err *err)
{
	(void)x;
	struct incident i;
	int rc = incident_of(c, m, is, a, &i, err);
	return rc ? rc : wf_incident_confirm(c, &i, who, at, a, err);
}

/* What the supervisor found out: title, cause, responsibility, plan,
 * owner, what is affected. */
static int inc_edit(struct store_conn *c, const struct month *m, struct incident_story *is,
		    json_t *x, const struct wf_actor *who, int64_t at, struct arena *a,
		    struct kesu_err *err)
{
	struct incident i, before;
	int rc = incident_of(c, m, is, a, &i, err);
	if (rc)
		return rc;
	before = i;
	json_t *af = json_object_get(x, "affected");
	const char *v;
	if ((v = str(x, "title")))
		i.title = v;
	if ((v = str(x, "cause")))
		i.cause = v;
	if ((v = str(x, "responsibility")))
		i.responsibility = v;
	if ((v = str(x, "plan")))
		i.plan = v;
	if ((v = str(af, "kind")))
		i.affected_kind = v;
	if ((v = str(af, "ref")))
		i.affected_ref = v;
	if ((v = str(af, "record")))
		i.affected_record = v;
	if ((v = str(x, "owner"))) {
		const struct wf_actor *o = who_is(m->cast, v);
		if (!o || !o->user_id)
			return kesu_fail(err, KE_INVALID_VALUE, "owner",
					 "is not a member of the demo team");
		i.owner_id = o->user_id;
	}
	rc = wf_incident_check(c, &i, a, err);
	return rc ? rc : wf_incident_edit(c, &before, &i, NULL, who, at, err);
}

/* Every complaint of the incident moved as it decides, each under a
 * savepoint of its own as the API does: one that may not (a plan not
 * accepted yet) stays. "done", when given, is how many must move. */
static int inc_move(struct store_conn *c, const struct month *m, struct incident_story *is,
		    json_t *x, const struct wf_actor *who, int64_t at, struct arena *a,
		    struct kesu_err *err)
{
	struct incident i;
	const char *action = str(x, "action");
	int rc = incident_of(c, m, is, a, &i, err);
	if (rc || (rc = need(action, "action", err) ? -(int)err->code : 0))
		return rc;
	int done = 0, refused = 0, n = 500;
	int64_t after = 0;
	struct kesu_err why = {0}; /* the first refusal */
	while (!rc && n == 500) {
		struct complaint *cps;
		if ((rc = store_incident_complaints(c, i.id, after, 500, a, &cps, &n, err)))
			break;
		for (int k = 0; !rc && k < n; k++) {
			struct kesu_err e = {0};
			struct complaint moved;
			struct wf_progress p;
			after = cps[k].id;
			if ((rc = store_savepoint(c, "demo_incident", err)))
				break;
			int r = wf_incident_move_one(c, &i, &cps[k], action, told(x, &p),
						     str(x, "reason"), who, at, a, &moved, &e);
			rc = r ? store_savepoint_undo(c, "demo_incident", err)
			       : store_savepoint_release(c, "demo_incident", err);
			if (!rc && r && (e.code == KE_UNAVAILABLE || e.code == KE_INTERNAL)) {
				*err = e;
				rc = r;
			}
			if (r && !refused++)
				why = e;
			done += !r;
		}
	}
	json_t *want = json_object_get(x, "done");
	if (!rc && want && json_integer_value(want) != done)
		return kesu_fail(err, KE_CONFLICT, "done",
				 "%d of the incident's complaints moved (%s), not %lld; the first"
				 " refused: %.40s %.120s",
				 done, action, (long long)json_integer_value(want), why.field,
				 why.message);
	return rc ? rc
		  : wf_incident_event(c, i.id, "complaints_moved", who->name, at,
				      json_pack("{s:s,s:i,s:i}", "action", action, "done", done,
						"refused", refused),
				      err);
}

/* One message to every customer of the incident: "text" (zh-CN) or
 * {language: text}, its "stage", when they can expect what it promises. */
static int inc_message(struct store_conn *c, const struct month *m, struct incident_story *is,
		       json_t *x, const struct wf_actor *who, int64_t at, struct arena *a,
		       struct kesu_err *err)
{
	struct incident i;
	struct incident_message msg = {.stage = str(x, "stage") ? str(x, "stage") : "progress"};
	json_t *text = json_object_get(x, "text");
	int replayed, rc = incident_of(c, m, is, a, &i, err);
	if (rc)
		return rc;
	if (enum_index(en_message_stage, msg.stage) < 0)
		return kesu_fail(err, KE_INVALID_VALUE, "stage",
				 "must be cause, progress or outcome");
	if (str(x, "expected") && story_time(str(x, "expected"), m->now, at, &msg.expected_at))
		return kesu_fail(err, KE_INVALID_VALUE, "expected", "is not a time of the story");
	json_t *texts = json_is_string(text) ? json_pack("{s:O}", "zh-CN", text)
					     : json_incref(text);
	if (!json_is_object(texts)) {
		json_decref(texts);
		return kesu_fail(err, KE_MISSING_FIELD, "text", "is required");
	}
	rc = wf_incident_message(c, &i, &msg, texts, who, at, a, &replayed, err);
	json_decref(texts);
	return rc;
}

/* The remedy standard: "type", "yuan" each, "max_yuan" in all (default
 * the complaints linked now), "note". */
static int inc_remedy(struct store_conn *c, const struct month *m, struct incident_story *is,
		      json_t *x, const struct wf_actor *who, int64_t at, struct arena *a,
		      struct kesu_err *err)
{
	struct incident i;
	struct incident_remedy r = {.type = str(x, "type"), .note = str(x, "note"),
				    .amount_fen = fen_of(x, "yuan"),
				    .max_total_fen = fen_of(x, "max_yuan")};
	int replayed, rc = incident_of(c, m, is, a, &i, err);
	if (rc)
		return rc;
	if (enum_index(en_compensation_kind, r.type) < 0)
		return kesu_fail(err, KE_INVALID_VALUE, "type", "is not a compensation kind");
	if (r.amount_fen <= 0)
		return kesu_fail(err, KE_INVALID_VALUE, "yuan", "must be above 0");
	rc = wf_incident_remedy(c, &i, &r, who, at, a, &replayed, err);
	if (!rc)
		is->remedy = r.id;
	return rc;
}

static int inc_decide(struct store_conn *c, const struct month *m, struct incident_story *is,
		      json_t *x, const struct wf_actor *who, int64_t at, struct arena *a,
		      struct kesu_err *err)
{
	struct incident i;
	struct incident_remedy r;
	int rc = is->remedy ? incident_of(c, m, is, a, &i, err)
			    : kesu_fail(err, KE_CONFLICT, "", "no remedy standard to decide");
	if (!rc)
		rc = store_remedy_get(c, is->remedy, a, &r, err);
	int approve = !json_is_false(json_object_get(x, "approve"));
	return rc ? rc
		  : wf_incident_remedy_decide(c, &i, &r, approve, str(x, "reason"), who, at, a,
					      err);
}

/* The handling notice, for the front line's team, published unless
 * "publish" is false: a contact naming a demo department gets its
 * contact person and phone, as the API fills them in. */
static int inc_notice(struct store_conn *c, const struct month *m, struct incident_story *is,
		      json_t *x, const struct wf_actor *who, int64_t at, struct arena *a,
		      struct kesu_err *err)
{
	struct handling_notice n = {.title = str(x, "title"), .key_matters = str(x, "key_matters"),
				    .remedy = str(x, "remedy")};
	int rc = need(n.title, "title", err) ? -(int)err->code : 0;
	struct incident i;
	if (!rc && is->about && !(rc = incident_of(c, m, is, a, &i, err)))
		n.incident_id = i.id;
	json_t *contacts = json_deep_copy(json_object_get(x, "contacts")), *deps = json_array();
	size_t k;
	json_t *v;
	json_array_foreach(contacts, k, v) {
		const char *name = str(v, "department");
		for (size_t d = 0; name && d < DEPT_N; d++) {
			if (strcmp(name, departments[d].name))
				continue;
			json_object_set_new(v, "department_id", json_integer(m->cast->dept[d]));
			if (!json_object_get(v, "person"))
				json_object_set_new(v, "person",
						    json_string(departments[d].contact));
			if (!json_object_get(v, "phone"))
				json_object_set_new(v, "phone", json_string(departments[d].phone));
		}
	}
	json_array_foreach(json_object_get(x, "departments"), k, v) {
		size_t d = 0;
		while (d < DEPT_N && (!json_string_value(v) ||
				      strcmp(json_string_value(v), departments[d].name)))
			d++;
		if (d == DEPT_N && !rc)
			rc = kesu_fail(err, KE_INVALID_VALUE, "departments",
				       "'%s' is not a demo department",
				       json_string_value(v) ? json_string_value(v) : "");
		else if (d < DEPT_N)
			json_array_append_new(deps, json_integer(m->cast->dept[d]));
	}
	n.answers = json_text(json_object_get(x, "answers"), a);
	n.duties = json_text(json_object_get(x, "duties"), a);
	n.contacts = json_text(contacts, a);
	n.departments = json_text(deps, a);
	n.teams = arena_printf(a, "[%lld]", (long long)m->team_id);
	json_decref(contacts);
	json_decref(deps);
	if (!rc)
		rc = wf_notice_save(c, &n, who, at, a, err);
	if (!rc && !json_is_false(json_object_get(x, "publish")))
		rc = wf_notice_publish(c, &n, who, at, a, err);
	if (!rc)
		is->notice = n.id;
	return rc;
}

/* who confirms having read the entry's notice. */
static int inc_read(struct store_conn *c, const struct month *m, struct incident_story *is,
		    json_t *x, const struct wf_actor *who, int64_t at, struct arena *a,
		    struct kesu_err *err)
{
	(void)m;
	(void)x;
	struct handling_notice n;
	int rc = is->notice ? store_notice_get(c, is->notice, a, &n, err)
			    : kesu_fail(err, KE_CONFLICT, "", "no notice to read");
	return rc ? rc : wf_notice_read(c, &n, who, at, err);
}

/* The kinds of act on an incident or a notice, one row each. */
static const struct {
	const char *name;
	incident_fn fn;
} incident_acts[] = {
	{"confirm", inc_confirm}, {"edit", inc_edit},	  {"move", inc_move},
	{"message", inc_message}, {"remedy", inc_remedy}, {"decide", inc_decide},
	{"notice", inc_notice},	  {"read", inc_read},
};

static int incident_act(struct store_conn *c, const struct month *m, struct incident_story *is,
			int act, struct arena *a, struct kesu_err *err)
{
	json_t *x = json_array_get(json_object_get(is->j, "acts"), (size_t)act);
	const char *by = str(x, "by") ? str(x, "by") : "supervisor", *what = str(x, "do");
	const struct wf_actor *who = who_is(m->cast, by);
	if (!who || !who->user_id)
		return kesu_fail(err, KE_INVALID_VALUE, "by", "'%s' is nobody of the demo team",
				 by);
	for (size_t k = 0; what && k < sizeof incident_acts / sizeof *incident_acts; k++)
		if (strcmp(incident_acts[k].name, what) == 0)
			return incident_acts[k].fn(c, m, is, x, who, is->at[act], a, err);
	return kesu_fail(err, KE_INVALID_VALUE, "do", "'%s' is no act on an incident",
			 what ? what : "");
}

/* --- loading ----------------------------------------------------------------- */

struct entry {
	json_t *j;
	int64_t at[ACTS_MAX + 1]; /* [0] the registration, then the acts */
	struct story st;
};

static int by_time(const void *a, const void *b)
{
	const struct entry *x = a, *y = b;
	return (x->at[0] > y->at[0]) - (x->at[0] < y->at[0]);
}

/* An entry's first time: a time before now, perhaps with a chain after
 * it ("-2wh+25m": a burst of complaints within the hour whenever the
 * demo is loaded). */
static int entry_at(const char *s, int64_t now, int64_t *out)
{
	const char *plus = s && *s ? strchr(s + 1, '+') : NULL;
	char base[32];
	int64_t t;
	if (!plus)
		return review_time(s, now, now, now, 0, out);
	if ((size_t)(plus - s) >= sizeof base)
		return -1;
	snprintf(base, sizeof base, "%.*s", (int)(plus - s), s);
	return review_time(base, now, now, now, 0, &t) || review_time(plus, now, t, t, 0, out);
}

/* The times of an entry's registration and acts, moved back as a whole
 * if the story would reach past now. */
static int entry_times(struct entry *e, size_t index, int64_t now, struct kesu_err *err)
{
	json_t *acts = json_object_get(e->j, "acts");
	if (json_array_size(acts) > ACTS_MAX)
		return kesu_fail(err, KE_INVALID_VALUE, "acts", "demo entry %zu: more than %d acts", index,
				 ACTS_MAX);
	if (entry_at(str(e->j, "at"), now, &e->at[0]) || e->at[0] > now)
		return kesu_fail(err, KE_INVALID_VALUE, "at", "demo entry %zu: no time", index);
	int64_t last = e->at[0];
	size_t i;
	json_t *x;
	json_array_foreach(acts, i, x) {
		const char *at = str(x, "at") ? str(x, "at") : "+5m";
		if (story_time(at, now, last, &e->at[i + 1]) || e->at[i + 1] < last)
			return kesu_fail(err, KE_INVALID_VALUE, "at",
					 "demo entry %zu, act %zu: '%s' is no time after the act before",
					 index, i, at);
		last = e->at[i + 1];
	}
	if (last > now - MINUTE)
		for (i = 0; i <= json_array_size(acts); i++)
			e->at[i] -= last - (now - MINUTE);
	return 0;
}

/* The times of an incident entry's acts, likewise. */
static int incident_times(struct incident_story *is, size_t index, int64_t now,
			  struct kesu_err *err)
{
	json_t *acts = json_object_get(is->j, "acts");
	size_t n = json_array_size(acts), i;
	json_t *x;
	if (!n || n > INCIDENT_ACTS_MAX)
		return kesu_fail(err, KE_INVALID_VALUE, "acts", "demo incident %zu: 1 to %d acts",
				 index, INCIDENT_ACTS_MAX);
	json_array_foreach(acts, i, x) {
		const char *at = str(x, "at") ? str(x, "at") : "+5m";
		if (i ? story_time(at, now, is->at[i - 1], &is->at[i]) || is->at[i] < is->at[i - 1]
		      : entry_at(at, now, &is->at[0]) || is->at[0] > now)
			return kesu_fail(err, KE_INVALID_VALUE, "at",
					 "demo incident %zu, act %zu: '%s' is no time after the act"
					 " before",
					 index, i, at);
	}
	if (is->at[n - 1] > now - MINUTE)
		for (i = n; i-- > 0;)
			is->at[i] -= is->at[n - 1] - (now - MINUTE);
	return 0;
}

static const char *registrar(json_t *entry)
{
	const char *ch = str(json_object_get(entry, "complaint"), "channel");
	if (ch && (!strcmp(ch, "web") || !strcmp(ch, "app")))
		return "portal";
	if (ch && !strcmp(ch, "email"))
		return "mailgate";
	if (str(entry, "registered_by"))
		return str(entry, "registered_by");
	return str(entry, "by") ? str(entry, "by") : "agent";
}

/* One step of the month: a complaint's registration (act -1) or one of
 * its acts, or an act on an incident or a notice (incident set). */
struct step {
	int64_t at;
	int incident, entry, act;
};

static int by_step(const void *a, const void *b)
{
	const struct step *x = a, *y = b;
	if (x->at != y->at)
		return (x->at > y->at) - (x->at < y->at);
	if (x->incident != y->incident)
		return x->incident - y->incident;
	if (x->entry != y->entry)
		return x->entry - y->entry;
	return x->act - y->act;
}

struct month_job {
	struct store_job job;
	struct month m;
	const unsigned char *secret;
	struct entry *e;
	struct incident_story *is;
	const struct step *steps;
	size_t nsteps, failed;
	int loaded;
};

/* The complaint of e registered at its time, as its channel takes it in. */
static int month_register(struct store_conn *c, struct month_job *j, struct entry *e,
			  struct arena *a, struct kesu_err *err)
{
	json_t *body = json_object_get(e->j, "complaint");
	struct intake *in;
	int rc = place_dates(body, e->at[0], err);
	if (!rc)
		rc = intake_prepare(a, body, e->at[0], registrar(e->j), j->secret, &in, err);
	if (rc)
		return rc;
	rc = intake_store(c, in, err);
	intake_done(in);
	if (rc)
		return rc;
	const char *ref = str(json_object_get(body, "object"), "ref");
	e->st.complaint_id = in->c.id;
	j->m.refs[j->m.nrefs++] = (struct demo_ref){.ref = ref ? ref : "", .id = in->c.id};
	j->loaded++;
	return 0;
}

/* Every step of the month in the order of time, in one transaction: the
 * complaints arriving, each one's handling, and the incidents and
 * notices among them as the team dealt with them. */
static int month_run(struct store_conn *c, struct store_job *job)
{
	struct month_job *j = (struct month_job *)job;
	int rc = 0;
	for (size_t k = 0; k < j->nsteps && !rc; k++) {
		const struct step *s = &j->steps[k];
		struct entry *e = s->incident ? NULL : &j->e[s->entry];
		struct arena *a = arena_new();
		j->failed = k;
		if (!e)
			rc = incident_act(c, &j->m, &j->is[s->entry], s->act, a, &job->err);
		else if (s->act < 0)
			rc = month_register(c, j, e, a, &job->err);
		else
			rc = story_act(c, &e->st,
				       json_array_get(json_object_get(e->j, "acts"), (size_t)s->act),
				       str(e->j, "by") ? str(e->j, "by") : "agent", s->at, a,
				       &job->err);
		arena_free(a);
	}
	return rc;
}

/* The built-in file name as a JSON array, or NULL. */
static json_t *demo_file(const char *name)
{
	const struct embedded_file *f = embedded_find(name);
	json_error_t je;
	json_t *all = f ? json_loadb((const char *)f->data, f->size, 0, &je) : NULL;
	if (!json_is_array(all)) {
		json_decref(all);
		return NULL;
	}
	return all;
}

struct actions_job {
	struct store_job job;
	struct demo_cast cast;
	int64_t now;
	int made;
};

static int actions_run(struct store_conn *c, struct store_job *job)
{
	struct actions_job *j = (struct actions_job *)job;
	return demo_actions(c, &j->cast, j->now, &j->made, &job->err);
}

int demo_load(struct store *s, int *loaded, struct kesu_err *err)
{
	*loaded = 0;
	int64_t count = 0;
	struct store_conn *r = store_reader_get(s, err);
	if (!r || store_complaint_count(r, &count, err))
		return -(int)err->code;
	store_reader_put(r);
	if (count > 0)
		return 0;
	json_t *all = demo_file(DEMO_FILE), *incs = demo_file(INCIDENTS_FILE);
	if (!all || !incs) {
		json_decref(all);
		json_decref(incs);
		return kesu_fail(err, KE_INTERNAL, "", "the built-in demo data is damaged");
	}
	int64_t now = clock_now_ms();
	size_t n = json_array_size(all), ni = json_array_size(incs), nsteps = 0;
	struct entry *e = calloc(n ? n : 1, sizeof *e);
	struct incident_story *is = calloc(ni ? ni : 1, sizeof *is);
	struct cast *cast = calloc(1, sizeof *cast);
	struct demo_ref *refs = calloc(n ? n : 1, sizeof *refs);
	struct step *steps = NULL;
	int rc = e && is && cast && refs ? 0 : kesu_fail(err, KE_INTERNAL, "", "out of memory");
	int reviews = 0, notices = 0, incidents = 0;
	for (size_t i = 0; i < n && !rc; i++) {
		e[i].j = json_array_get(all, i);
		rc = entry_times(&e[i], i, now, err);
		nsteps += 1 + json_array_size(json_object_get(e[i].j, "acts"));
	}
	for (size_t i = 0; i < ni && !rc; i++) {
		is[i].j = json_array_get(incs, i);
		is[i].about = str(is[i].j, "about");
		rc = incident_times(&is[i], i, now, err);
		json_t *x;
		size_t k;
		json_array_foreach(json_object_get(is[i].j, "acts"), k, x) {
			nsteps++;
			notices += str(x, "do") && !strcmp(str(x, "do"), "notice");
		}
		incidents += is[i].about != NULL;
	}
	if (!rc)
		rc = make_team(s, cast, err);
	struct setup_job sj = {.job.run = setup_run, .cast = cast, .now = now};
	if (!rc && (rc = store_run(s, &sj.job)))
		*err = sj.job.err;
	if (!rc && !(steps = calloc(nsteps ? nsteps : 1, sizeof *steps)))
		rc = kesu_fail(err, KE_INTERNAL, "", "out of memory");
	if (!rc) {
		size_t k = 0;
		qsort(e, n, sizeof *e, by_time);
		for (size_t i = 0; i < n; i++) {
			size_t acts = json_array_size(json_object_get(e[i].j, "acts"));
			e[i].st = (struct story){.cast = cast, .now = now};
			for (size_t a = 0; a <= acts; a++)
				steps[k++] = (struct step){.at = e[i].at[a], .entry = (int)i,
							   .act = (int)a - 1};
		}
		for (size_t i = 0; i < ni; i++) {
			size_t acts = json_array_size(json_object_get(is[i].j, "acts"));
			for (size_t a = 0; a < acts; a++)
				steps[k++] = (struct step){.at = is[i].at[a], .incident = 1,
							   .entry = (int)i, .act = (int)a};
		}
		qsort(steps, nsteps, sizeof *steps, by_step);
	}
	struct month_job mj = {
		.job.run = month_run, .secret = store_secret_key(s), .e = e, .is = is,
		.steps = steps, .nsteps = nsteps,
		.m = {.cast = cast, .refs = refs, .now = now,
		      /* the front line's team: the agents' */
		      .team_id = cast && cast->m[1].as.nteams ? cast->m[1].as.teams[0] : 0}};
	if (!rc && (rc = store_run(s, &mj.job))) {
		*err = mj.job.err;
		const struct step *st = &steps[mj.failed];
		char what[sizeof err->message], where[24] = "its registration";
		if (st->act >= 0)
			snprintf(where, sizeof where, "act %d", st->act);
		if (st->incident)
			snprintf(what, sizeof what, "demo incident %d, %s: %.40s %.180s", st->entry,
				 where, err->field, err->message);
		else
			snprintf(what, sizeof what, "demo entry at %s, %s: %.40s %.180s",
				 str(e[st->entry].j, "at"), where, err->field, err->message);
		snprintf(err->message, sizeof err->message, "%s", what);
		err->field[0] = '\0';
	}
	if (!rc) {
		*loaded = mj.loaded;
		printf("kesu: loaded %d demo incident%s the team handled and %d handling"
		       " notice%s\n",
		       incidents, incidents == 1 ? "" : "s", notices, notices == 1 ? "" : "s");
		rc = reviews_load(s, cast, refs, mj.m.nrefs, now, &reviews, err);
	}
	if (!rc)
		printf("kesu: loaded %d demo reviews (中差评) of the shop's platforms and its orders of"
		       " each day\n",
		       reviews);
	/* what the month taught: improvement actions, after the orders (their
	 * verdicts count per 1,000 orders) */
	struct actions_job aj = {.job.run = actions_run, .now = now,
				 .cast = {.supervisor = cast ? &cast->m[0].as : NULL,
					  .dept = cast ? cast->dept : NULL,
					  .team_id = mj.m.team_id, .refs = refs,
					  .nrefs = mj.m.nrefs}};
	if (!rc && cast && (rc = store_run(s, &aj.job)))
		*err = aj.job.err;
	if (!rc)
		printf("kesu: loaded %d demo improvement actions, two with their verdicts\n", aj.made);
	if (!rc)
		rc = demo_lessons(s, now, err);
	if (!rc)
		rc = demo_checklists(s, now, err);
	if (!rc)
		rc = demo_thanks(s, now, err);
	rc = rc ? rc : demo_orders(s, now, err);
	/* the clocks as they stand now: what ran out is breached (and
	 * escalated), what is close is warned */
	struct tick_job tj = {.job.run = tick_run, .now = now};
	do {
		tj.done = 0;
		if (!rc && (rc = store_run(s, &tj.job)))
			*err = tj.job.err;
	} while (!rc && tj.done);
	free(steps);
	free(refs);
	free(cast);
	free(is);
	free(e);
	json_decref(incs);
	json_decref(all);
	return rc;
}
