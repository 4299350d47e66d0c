/*
 * test_workflow.c - the pure parts of the workflow (src/workflow): the
 * SLA targets and their policy document, the clocks' arithmetic on the
 * business calendar (start, pause, resume, meet), the transition table
 * and the refusals wf_transition decides before it reads anything, and
 * who is told of a compensation that waits (authority).
 */
#include "unit.h"

#include "auth/roles.h"
#include "util/clock.h"
#include "workflow/workflow_int.h"

#define MIN (60 * 1000LL)
#define H (60 * MIN)

static int64_t at(const char *rfc3339)
{
	int64_t ms;
	assert_int_equal(clock_parse_rfc3339(rfc3339, &ms), 0);
	return ms;
}

static json_t *doc(const char *text)
{
	json_error_t je;
	json_t *j = json_loads(text, 0, &je);
	assert_non_null(j);
	return j;
}

/* --- the size of one event ------------------------------------------------------- */

static void an_event_over_the_limit_is_shortened_with_counts(void **state)
{
	(void)state;
	/* a mail's worth of listed files and a text of megabytes */
	json_t *files = json_array();
	for (int i = 0; i < 50000; i++)
		json_array_append_new(files, json_pack("{s:s,s:i}", "filename", "照片.jpg", "size", i));
	size_t big = 3 << 20;
	char *text = malloc(big + 1);
	for (size_t i = 0; i < big; i += 3)
		memcpy(text + i, "诉", 3);
	text[big] = '\0';
	json_t *d = json_pack("{s:o,s:s,s:i}", "attachments", files, "body", text, "mail_id", 7);
	char *s = notice_data(d);
	assert_non_null(s);
	assert_true(strlen(s) <= WF_EVENT_MAX);
	json_t *got = json_loads(s, 0, NULL);
	assert_non_null(got);
	size_t kept = json_array_size(json_object_get(got, "attachments"));
	json_int_t more = json_integer_value(json_object_get(got, "attachments_more"));
	assert_true(more > 0);
	assert_int_equal(kept + (size_t)more, 50000);
	/* the text is cut at a character and says so; the rest is untouched */
	const char *body = json_string_value(json_object_get(got, "body"));
	assert_true(strlen(body) < big && strlen(body) % 3 == 0);
	assert_true(json_is_true(json_object_get(got, "body_truncated")));
	assert_int_equal(json_integer_value(json_object_get(got, "mail_id")), 7);
	json_decref(got);
	free(s);
	/* what fits is stored as it is */
	json_t *small = json_pack("{s:[i,i],s:s}", "attachments", 1, 2, "body", "好");
	s = notice_data(small);
	assert_string_equal(s, "{\"attachments\":[1,2],\"body\":\"好\"}");
	free(s);
	json_decref(small);
	json_decref(d);
	free(text);
}

/* --- SLA targets ------------------------------------------------------------------ */

static void sla_defaults_follow_the_domain(void **state)
{
	(void)state;
	struct wf_sla sla;
	struct wf_duration t[3];
	wf_sla_default(&sla);
	/* domain.md 5: first response critical 1 h, high 2 h, normal 4 h, low 1
	 * working day; resolution 1, 3, 5 and 10 working days */
	static const struct {
		const char *severity;
		int64_t first_min;
		int first_wd, resolution_wd;
	} want[] = {{"critical", 60, 0, 1}, {"high", 120, 0, 3}, {"normal", 240, 0, 5},
		    {"low", 0, 1, 10}};
	for (size_t i = 0; i < sizeof want / sizeof *want; i++) {
		wf_sla_targets(&sla, want[i].severity, "web", NULL, t);
		if (want[i].first_wd) {
			assert_true(t[1].working_days);
			assert_int_equal(t[1].minutes, want[i].first_wd);
		} else {
			assert_false(t[1].working_days);
			assert_int_equal(t[1].minutes, want[i].first_min);
		}
		assert_true(t[2].working_days);
		assert_int_equal(t[2].minutes, want[i].resolution_wd);
	}
	/* an unknown severity is normal's */
	wf_sla_targets(&sla, "urgent", NULL, NULL, t);
	assert_int_equal(t[1].minutes, 240);
	assert_true(sla.callback.calendar);
	assert_int_equal(sla.callback.minutes, 7 * 24 * 60);
	assert_int_equal(sla.key_min_severity, SEV_HIGH);
}

static void sla_rules_first_match_replaces_only_what_they_name(void **state)
{
	(void)state;
	struct wf_sla sla;
	struct kesu_err err = {0};
	json_t *j = doc("{\"rules\": [{\"channel\": \"phone\", \"first_response\": \"30m\"},"
			" {\"category\": \"食品安全\", \"severity\": \"high\", \"resolution\": \"1wd\"},"
			" {\"channel\": \"phone\", \"resolution\": \"2wd\"}]}");
	assert_int_equal(wf_sla_from_json(j, &sla, &err), 0);
	json_decref(j);
	struct wf_duration t[3];
	wf_sla_targets(&sla, "normal", "phone", NULL, t);
	assert_int_equal(t[1].minutes, 30);
	/* the second phone rule never applies: the first one matched */
	assert_int_equal(t[2].minutes, 5);
	wf_sla_targets(&sla, "high", "web", "食品安全", t);
	assert_int_equal(t[2].minutes, 1);
	assert_int_equal(t[1].minutes, 120); /* high's own first response */
	wf_sla_targets(&sla, "normal", "web", "食品安全", t);
	assert_int_equal(t[2].minutes, 5); /* the rule asks for high */
	/* the policy as it is shown reads back the same */
	json_t *shown = wf_sla_to_json(&sla);
	struct wf_sla again;
	assert_int_equal(wf_sla_from_json(shown, &again, &err), 0);
	json_decref(shown);
	assert_int_equal(again.nrules, 3);
	assert_memory_equal(&again.by_severity, &sla.by_severity, sizeof sla.by_severity);
}

/* kesu's own escalations stop at management unless the policy says lower;
 * platform and PR are a person's decision, never a ceiling. */
static void sla_escalation_ceiling_is_management_at_most(void **state)
{
	(void)state;
	struct wf_sla sla;
	struct kesu_err err = {0};
	wf_sla_default(&sla);
	assert_int_equal(sla.auto_max_level, LEVEL_MANAGEMENT);
	json_t *j = doc("{\"auto_escalation_max_level\": \"supervisor\"}");
	assert_int_equal(wf_sla_from_json(j, &sla, &err), 0);
	json_decref(j);
	assert_int_equal(sla.auto_max_level, LEVEL_SUPERVISOR);
	j = doc("{\"auto_escalation_max_level\": \"platform\"}");
	assert_int_not_equal(wf_sla_from_json(j, &sla, &err), 0);
	json_decref(j);
	assert_string_equal(err.field, "auto_escalation_max_level");
	assert_int_equal(sla.auto_max_level, LEVEL_SUPERVISOR); /* unchanged */
}

/* A channel or category of the most characters allowed, in characters of
 * several bytes, is kept whole, and so reads back the same. */
static void sla_rules_keep_long_names_whole(void **state)
{
	(void)state;
	struct wf_sla sla, again;
	struct kesu_err err = {0};
	json_t *j = doc("{\"rules\": [{\"channel\": \"a投诉投诉投诉投诉投诉投诉投诉\","
			" \"category\": \"𠮷𠮷𠮷𠮷𠮷𠮷𠮷𠮷𠮷𠮷𠮷𠮷𠮷𠮷𠮷𠮷𠮷𠮷𠮷𠮷𠮷𠮷𠮷𠮷𠮷𠮷𠮷𠮷𠮷𠮷𠮷𠮷"
			"𠮷𠮷𠮷𠮷𠮷𠮷𠮷𠮷𠮷𠮷𠮷𠮷𠮷𠮷𠮷𠮷𠮷𠮷𠮷𠮷𠮷𠮷𠮷𠮷𠮷𠮷𠮷𠮷𠮷𠮷𠮷𠮷\","
			" \"resolution\": \"1wd\"}]}");
	assert_int_equal(wf_sla_from_json(j, &sla, &err), 0);
	json_t *shown = wf_sla_to_json(&sla);
	assert_true(json_equal(json_array_get(json_object_get(j, "rules"), 0),
			       json_array_get(json_object_get(shown, "rules"), 0)));
	assert_int_equal(wf_sla_from_json(shown, &again, &err), 0);
	json_decref(shown);
	json_decref(j);
}

static void sla_errors_name_the_member(void **state)
{
	(void)state;
	static const struct {
		const char *body, *field;
	} cases[] = {
		{"{\"severity\": {\"normal\": {\"resolution\": \"5x\"}}}", "severity.normal.resolution"},
		{"{\"severity\": {\"normal\": {\"acknowledge\": \"2d\"}}}", "severity.normal.acknowledge"},
		{"{\"severity\": {\"urgent\": {}}}", "severity"},
		{"{\"warn_percent\": 100}", "warn_percent"},
		{"{\"bogus\": 1}", "bogus"},
		{"{\"rules\": [{\"first_response\": \"1h\"}]}", "rules[0]"},
		{"{\"rules\": [{\"channel\": \"phone\"}]}", "rules[0]"},
		{"{\"rules\": [{\"channel\": \"phone\", \"colour\": \"red\"}]}", "rules[0].colour"},
		{"{\"rules\": [{\"severity\": \"urgent\", \"resolution\": \"1wd\"}]}",
		 "rules[0].severity"},
		{"{\"key_customer\": {\"repeat_within_days\": -1}}", "key_customer.repeat_within_days"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		struct wf_sla sla;
		struct kesu_err err = {0};
		json_t *j = doc(cases[i].body);
		int rc = wf_sla_from_json(j, &sla, &err);
		json_decref(j);
		if (rc == 0 || strcmp(err.field, cases[i].field) != 0)
			fail_msg("case %zu: rc %d, field '%s' (%s)", i, rc, err.field, err.message);
	}
}

/* --- clocks on the business calendar -------------------------------------------- */

static struct wf_settings *settings(void)
{
	static struct wf_settings s;
	cal_default(&s.cal);
	wf_sla_default(&s.sla);
	return &s;
}

static struct clock_row *clock_of(struct wf_clocks *set, enum wf_clock_kind kind)
{
	for (int i = 0; i < set->n; i++)
		if (strcmp(set->k[i].kind, en_clock[kind].name) == 0)
			return &set->k[i];
	fail_msg("no clock %s", en_clock[kind].name);
	return NULL;
}

static void clocks_count_working_time_pause_and_meet(void **state)
{
	(void)state;
	const struct wf_settings *s = settings();
	struct wf_clocks set = {.complaint_id = 1};
	struct wf_duration four = {.minutes = 240};
	/* Monday 09:00: 4 working hours end at 14:30 (lunch 12:00-13:30) */
	wf_clock_start(s, &set, CK_FIRST_RESPONSE, &four, at("2026-11-23T09:00:00+08:00"));
	struct clock_row *k = clock_of(&set, CK_FIRST_RESPONSE);
	assert_string_equal(k->state, "running");
	assert_int_equal(k->target_ms, 4 * H);
	assert_int_equal(k->due_at, at("2026-11-23T14:30:00+08:00"));
	/* warned at 80%: 3 h 12 min of working time, 12:12 -> 13:42 */
	assert_int_equal(k->warn_at, at("2026-11-23T13:42:00+08:00"));
	/* paused at 10:00 with 3 h left; resumed the next morning */
	wf_clocks_apply(s, &set, CK_PAUSABLE, OP_PAUSE, at("2026-11-23T10:00:00+08:00"));
	assert_string_equal(k->state, "paused");
	assert_int_equal(k->remaining_ms, 3 * H);
	assert_int_equal(k->due_at, 0);
	wf_clocks_apply(s, &set, CK_PAUSABLE, OP_RESUME, at("2026-11-24T09:00:00+08:00"));
	assert_string_equal(k->state, "running");
	assert_int_equal(k->due_at, at("2026-11-24T12:00:00+08:00"));
	/* met at 11:00: it took 1 h before the pause and 2 h after */
	wf_clocks_apply(s, &set, CK_BIT(CK_FIRST_RESPONSE), OP_MEET, at("2026-11-24T11:00:00+08:00"));
	assert_string_equal(k->state, "met");
	assert_int_equal(k->used_ms, 3 * H);
	/* a clock outside the mask is left alone */
	wf_clock_start(s, &set, CK_RESOLUTION, &four, at("2026-11-24T09:00:00+08:00"));
	wf_clocks_apply(s, &set, CK_BIT(CK_FIRST_RESPONSE), OP_MEET, at("2026-11-24T11:00:00+08:00"));
	assert_string_equal(clock_of(&set, CK_RESOLUTION)->state, "running");
}

static void a_breached_clock_met_late_counts_the_time_past_due(void **state)
{
	(void)state;
	const struct wf_settings *s = settings();
	struct wf_clocks set = {.complaint_id = 1};
	struct wf_duration one = {.minutes = 60};
	wf_clock_start(s, &set, CK_ACKNOWLEDGE, &one, at("2026-11-23T09:00:00+08:00"));
	struct clock_row *k = clock_of(&set, CK_ACKNOWLEDGE);
	k->state = "breached"; /* as the scheduler leaves it */
	wf_clocks_apply(s, &set, CK_BIT(CK_ACKNOWLEDGE), OP_MEET, at("2026-11-23T10:30:00+08:00"));
	assert_int_equal(k->used_ms, H + 30 * MIN);
	/* a restarted clock leaves its old place: one clock per kind */
	wf_clock_start(s, &set, CK_ACKNOWLEDGE, &one, at("2026-11-23T11:00:00+08:00"));
	assert_int_equal(set.n, 1);
	/* the callback counts calendar days: over the weekend too */
	struct wf_duration week = s->sla.callback;
	wf_clock_start(s, &set, CK_CALLBACK, &week, at("2026-11-20T17:00:00+08:00"));
	assert_int_equal(clock_of(&set, CK_CALLBACK)->due_at, at("2026-11-27T17:00:00+08:00"));
	/* and does not pause */
	wf_clocks_apply(s, &set, CK_BIT(CK_CALLBACK), OP_PAUSE, at("2026-11-21T10:00:00+08:00"));
	assert_string_equal(clock_of(&set, CK_CALLBACK)->state, "running");
}

/* --- the transition table ----------------------------------------------------------- */

static void the_transition_table_holds_together(void **state)
{
	(void)state;
	int reachable[ST__COUNT] = {[ST_REGISTERED] = 1};
	for (int i = 0; i < wf_ntransitions; i++) {
		const struct wf_transition *t = &wf_transitions[i];
		reachable[t->to] = 1;
		assert_ptr_equal(wf_find(t->from, t->to), t); /* one row per pair */
		/* a manager's decision always gives its reason */
		if (t->rule == WF_OVERRIDE)
			assert_true(t->flags & WF_T_REASON);
		/* the loop closing or opening again ends every clock */
		if (t->to == ST_CLOSED || t->to == ST_REOPENED)
			assert_int_equal(t->meet, CK_PAUSABLE | CK_BIT(CK_FOLLOW_UP) | CK_BIT(CK_CALLBACK));
		/* a reopen counts, and starts a new resolution target */
		assert_int_equal(!!(t->flags & WF_T_REOPEN), t->to == ST_REOPENED);
		if (t->to == ST_REOPENED)
			assert_true(t->start & CK_BIT(CK_RESOLUTION));
		/* leaving registered meets the acknowledge clock */
		if (t->from == ST_REGISTERED)
			assert_true(t->meet & CK_BIT(CK_ACKNOWLEDGE));
		/* a transition into a closed state is nothing to do with pausing */
		assert_false(state_is(t->to, ST_IS_CLOSED) && state_is(t->to, ST_PAUSES_CLOCKS));
	}
	for (int s = 0; s < ST__COUNT; s++)
		if (!reachable[s])
			fail_msg("%s cannot be reached", state_name(s));
	/* the guards sit where the domain puts them */
	assert_int_equal(wf_find(ST_IN_PROGRESS, ST_RESOLVED)->guard, G_PLAN_ACCEPTED);
	assert_int_equal(wf_find(ST_FOLLOW_UP, ST_CLOSED)->guard, G_FOLLOWED_UP);
	assert_null(wf_find(ST_REGISTERED, ST_RESOLVED));
	char buf[256];
	assert_string_equal(wf_allowed_list(ST_IN_PROGRESS, 0, buf, sizeof buf),
			    "awaiting_customer, awaiting_department, resolved");
	assert_string_equal(wf_allowed_list(ST_IN_PROGRESS, 1, buf, sizeof buf),
			    "awaiting_customer, awaiting_department, resolved, closed");
	assert_string_equal(wf_allowed_list(ST_CLOSED, 0, buf, sizeof buf), "reopened");
}

/* The refusals wf_transition decides from the table and the complaint
 * alone, before it reads the store (no connection needed). */
static void transitions_refuse_what_the_rules_forbid(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	int64_t teams[] = {1};
	struct wf_actor agent = {.user_id = 7, .name = "li.na", .perms = roles[ROLE_AGENT].perms,
				 .teams = teams, .nteams = 1};
	struct wf_actor manager = agent;
	manager.perms = roles[ROLE_MANAGER].perms;
	struct complaint cp = {.id = 1, .state = ST_IN_PROGRESS, .team_id = 1, .version = 3};
	struct complaint after;
	struct kesu_err err = {0};
	int64_t now = at("2026-11-23T10:00:00+08:00");
	/* not in the table: 409 naming what is allowed */
	assert_int_equal(wf_transition(NULL, &cp, ST_FOLLOW_UP, NULL, 0, &agent, now, a, &after,
				       &err),
			 -KE_CONFLICT);
	assert_string_equal(err.field, "to");
	assert_non_null(strstr(err.message, "awaiting_customer, awaiting_department, resolved"));
	/* kesu's own transitions are nobody else's */
	assert_int_equal(wf_transition(NULL, &cp, ST_AWAITING_APPROVAL, NULL, 0, &manager, now, a,
				       &after, &err),
			 -KE_CONFLICT);
	/* nor does kesu take a person's transition on someone's behalf */
	assert_int_equal(wf_transition(NULL, &cp, ST_RESOLVED, "ok", WF_ON_BEHALF, &agent, now, a,
				       &after, &err),
			 -KE_CONFLICT);
	/* a manager's decision: 403 for an agent */
	assert_int_equal(wf_transition(NULL, &cp, ST_CLOSED, "重复投诉", 0, &agent, now, a, &after,
				       &err),
			 -KE_FORBIDDEN);
	assert_int_equal(wf_transition(NULL, &cp, ST_RESOLVED, "ok", WF_WITHOUT_PLAN, &agent, now,
				       a, &after, &err),
			 -KE_FORBIDDEN);
	assert_string_equal(err.field, "override");
	/* the reason the row requires */
	assert_int_equal(wf_transition(NULL, &cp, ST_CLOSED, NULL, 0, &manager, now, a, &after,
				       &err),
			 -KE_MISSING_FIELD);
	assert_string_equal(err.field, "reason");
	/* the guard: resolving needs the cause and the responsibility judged */
	assert_int_equal(wf_transition(NULL, &cp, ST_RESOLVED, "已退款", 0, &manager, now, a,
				       &after, &err),
			 -KE_MISSING_FIELD);
	assert_string_equal(err.field, "cause");
	cp.v[CF_CAUSE] = "quality";
	assert_int_equal(wf_transition(NULL, &cp, ST_RESOLVED, "已退款", 0, &manager, now, a,
				       &after, &err),
			 -KE_MISSING_FIELD);
	assert_string_equal(err.field, "responsibility");
	/* work starting tells the customer what is being done, in the
	 * agent's words; only that move takes them */
	struct complaint fresh = {.id = 2, .state = ST_REGISTERED, .team_id = 1, .version = 1};
	assert_int_equal(wf_transition(NULL, &fresh, ST_IN_PROGRESS, NULL, 0, &agent, now, a,
				       &after, &err),
			 -KE_MISSING_FIELD);
	assert_string_equal(err.field, "progress.line");
	struct wf_progress told = {.line = "核实物流"};
	assert_int_equal(wf_transition_told(NULL, &fresh, ST_ACKNOWLEDGED, NULL, 0, &told, &agent,
					    now, a, &after, &err),
			 -KE_INVALID_VALUE);
	assert_string_equal(err.field, "progress");
	arena_free(a);
}

static void a_progress_line_is_one_short_line(void **state)
{
	(void)state;
	struct kesu_err err = {0};
	assert_int_equal(wf_progress_line_check(NULL, "progress.line", &err), -KE_MISSING_FIELD);
	assert_string_equal(err.field, "progress.line");
	assert_int_equal(wf_progress_line_check("", "progress.line", &err), -KE_MISSING_FIELD);
	assert_int_equal(wf_progress_line_check(" \xe3\x80\x80 ", "progress.line", &err),
			 -KE_MISSING_FIELD);
	assert_int_equal(wf_progress_line_check("核实\n物流", "progress.line", &err),
			 -KE_INVALID_VALUE);
	assert_non_null(strstr(err.message, "one line"));
	assert_int_equal(wf_progress_line_check("核实\r物流", "progress.line", &err),
			 -KE_INVALID_VALUE);
	assert_int_equal(wf_progress_line_check("核实\xe2\x80\xa8物流", "progress.line", &err),
			 -KE_INVALID_VALUE);
	char line[4 * 202] = "";
	for (int i = 0; i < WF_PROGRESS_LINE_MAX; i++)
		strcat(line, "核");
	assert_int_equal(wf_progress_line_check(line, "progress.line", &err), 0);
	strcat(line, "x");
	assert_int_equal(wf_progress_line_check(line, "progress.line", &err), -KE_TOO_LONG);
	assert_int_equal(wf_progress_line_check("\xe3\x80\x80核实物流", "progress.line", &err), 0);
}

/* --- authority -------------------------------------------------------------------- */

static void a_waiting_compensation_goes_to_whose_limit_covers_it(void **state)
{
	(void)state;
	/* the lowest role that approves and whose default limit covers it */
	assert_int_equal(wf_approver_role(150 * 100, 0), ROLE_SUPERVISOR);
	assert_int_equal(wf_approver_role(2000 * 100, 0), ROLE_SUPERVISOR);
	assert_int_equal(wf_approver_role(2001 * 100, 0), ROLE_MANAGER);
	/* above every limit: the highest that approves */
	assert_int_equal(wf_approver_role(99999 * 100, 0), ROLE_MANAGER);
	/* past a difficult customer's cap: only a manager's decision */
	assert_int_equal(wf_approver_role(10 * 100, 1), ROLE_MANAGER);
	/* no role that only takes complaints in approves anything */
	for (int r = 0; r < ROLE__COUNT; r++)
		if (roles[r].perms & P_COMPENSATION_APPROVE)
			assert_true(roles[r].limit_fen > 0);
	/* material kinds need the identity first; a gift does not */
	assert_true(en_compensation_kind[COMP_REFUND].flags & EV_MATERIAL);
	assert_false(en_compensation_kind[COMP_FREE_SHIPPING].flags & EV_MATERIAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(an_event_over_the_limit_is_shortened_with_counts),
		cmocka_unit_test(sla_defaults_follow_the_domain),
		cmocka_unit_test(sla_rules_first_match_replaces_only_what_they_name),
		cmocka_unit_test(sla_escalation_ceiling_is_management_at_most),
		cmocka_unit_test(sla_rules_keep_long_names_whole),
		cmocka_unit_test(sla_errors_name_the_member),
		cmocka_unit_test(clocks_count_working_time_pause_and_meet),
		cmocka_unit_test(a_breached_clock_met_late_counts_the_time_past_due),
		cmocka_unit_test(the_transition_table_holds_together),
		cmocka_unit_test(transitions_refuse_what_the_rules_forbid),
		cmocka_unit_test(a_progress_line_is_one_short_line),
		cmocka_unit_test(a_waiting_compensation_goes_to_whose_limit_covers_it),
	};
	/* the business calendar counts in the business time zone */
	if (clock_set_zone("Asia/Shanghai"))
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
