/*
 * test_report.c - the report's counting and formatting (src/report):
 * tallies most first, nearest-rank percentiles, the periods a schedule
 * reports on, how cells read, a CSV that no spreadsheet runs, and a
 * document with a section for every section of the figures.
 */
#include "unit.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "report/document.h"
#include "report/schedule.h"
#include "report/tally.h"
#include "util/clock.h"
#include "workflow/workflow.h"

static void tallies_count_and_sort(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	struct tally t;
	tally_init(&t, a);
	const char *keys[] = {"物流配送", "质量问题", "物流配送", NULL, "服务态度", "物流配送", "质量问题"};
	for (size_t i = 0; i < sizeof keys / sizeof *keys; i++)
		tally_add(&t, keys[i], 1, 10);
	/* past the first table size: it grows and keeps every count */
	char k[16];
	for (int i = 0; i < 1000; i++) {
		snprintf(k, sizeof k, "k%d", i % 300);
		tally_add(&t, k, 1, 0);
	}
	struct tally_list l = tally_list(&t, 3);
	assert_int_equal(l.n, 3);
	assert_int_equal(l.total, 1007);
	assert_string_equal(l.rows[0].key, "k0"); /* 4 each, ties by key */
	assert_int_equal(l.rows[0].n, 4);
	struct tally_list all = tally_list(&t, 0);
	assert_int_equal(all.n, 304);
	int found = 0;
	for (int i = 0; i < all.n; i++)
		if (!strcmp(all.rows[i].key, "物流配送")) {
			assert_int_equal(all.rows[i].n, 3);
			assert_int_equal(all.rows[i].sum, 30);
			found = 1;
		} else if (!*all.rows[i].key) {
			assert_int_equal(all.rows[i].n, 1); /* NULL counts as "" */
		}
	assert_true(found);
	struct ntally n;
	ntally_init(&n, a);
	for (int64_t i = 1; i <= 5000; i++)
		assert_int_equal(ntally_add(&n, i), 1);
	assert_int_equal(ntally_add(&n, 4321), 2);
	ntally_free(&n);
	arena_free(a);
}

static void percentiles_are_nearest_rank(void **state)
{
	(void)state;
	struct durations d = {0};
	assert_int_equal(durations_pct(&d, 50), -1);
	int64_t v[] = {50, 10, 40, 20, 30};
	for (int i = 0; i < 5; i++)
		durations_add(&d, v[i]);
	assert_int_equal(durations_pct(&d, 50), 30);
	assert_int_equal(durations_pct(&d, 90), 50);
	assert_int_equal(durations_pct(&d, 20), 10);
	durations_add(&d, 60);
	assert_int_equal(durations_pct(&d, 50), 30); /* 6 values: the 3rd */
	durations_free(&d);
}

static void schedules_report_the_last_whole_week_and_month(void **state)
{
	(void)state;
	assert_int_equal(clock_set_zone("Asia/Shanghai"), 0);
	int64_t now, from, to;
	assert_int_equal(clock_parse_rfc3339("2026-03-04T10:00:00+08:00", &now), 0); /* a Wednesday */
	report_last_period(0, now, &from, &to);
	char a[40], b[40];
	assert_string_equal(clock_format_local(from, a, sizeof a), "2026-02-23 00:00");
	assert_string_equal(clock_format_local(to, b, sizeof b), "2026-03-02 00:00");
	report_last_period(1, now, &from, &to);
	assert_string_equal(clock_format_local(from, a, sizeof a), "2026-02-01 00:00");
	assert_string_equal(clock_format_local(to, b, sizeof b), "2026-03-01 00:00");
	/* on a Monday, the week just ended; in January, December */
	assert_int_equal(clock_parse_rfc3339("2026-01-05T00:30:00+08:00", &now), 0);
	report_last_period(0, now, &from, &to);
	assert_string_equal(clock_format_local(from, a, sizeof a), "2025-12-29 00:00");
	report_last_period(1, now, &from, &to);
	assert_string_equal(clock_format_local(from, a, sizeof a), "2025-12-01 00:00");
	assert_string_equal(clock_format_local(to, b, sizeof b), "2026-01-01 00:00");
}

static void cells_read_as_people_write_numbers(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	struct {
		struct dcell c;
		const char *want;
	} cases[] = {
		{{CELL_INT, NULL, 1234567}, "1,234,567"},
		{{CELL_INT, NULL, 0}, "0"},
		{{CELL_PCT, NULL, 0.125}, "12.5%"},
		{{CELL_YUAN, NULL, 55000.50}, "¥55,000.50"}, /* cells hold yuan, not fen */
		{{CELL_YUAN, NULL, 0.05}, "¥0.05"},
		{{CELL_YUAN, NULL, 399}, "¥399.00"},
		{{CELL_REAL, NULL, 7.5}, "7.5"},
		{{CELL_REAL, NULL, NAN}, "–"},
		{{CELL_TEXT, "空气炸锅", 0}, "空气炸锅"},
		{{CELL_TEXT, NULL, 0}, ""},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
		assert_string_equal(doc_cell_text(&cases[i].c, a), cases[i].want);
	arena_free(a);
}

static void csv_has_a_bom_and_runs_no_formula(void **state)
{
	(void)state;
	const char *head[] = {"原因", "件数"};
	struct dcell cells[] = {{CELL_TEXT, "=HYPERLINK(\"http://x\")", 0}, {CELL_INT, NULL, 3},
				{CELL_TEXT, "说\"对\"", 0}, {CELL_INT, NULL, -2}};
	struct dtable t = {.key = "causes", .title = NULL, .ncols = 2, .nrows = 2, .head = head,
			   .cells = cells};
	struct dsection s = {"causes", "三、投诉原因", NULL, &t, 1};
	struct ddoc d = {.lang = "zh-CN", .title = "投诉工作报告", .subtitle = "报告期", .sections = &s,
			 .nsections = 1};
	char *out;
	size_t len;
	assert_int_equal(doc_csv(&d, &out, &len), 0);
	assert_memory_equal(out, "\xef\xbb\xbf", 3);
	assert_non_null(strstr(out, "\"'=HYPERLINK(\"\"http://x\"\")\",\"3\""));
	assert_non_null(strstr(out, "\"说\"\"对\"\"\",\"-2\"")); /* a number keeps its minus */
	free(out);
}

static const struct dcell *cell(const struct dtable *t, int row, int col)
{
	return &t->cells[(size_t)row * (size_t)t->ncols + (size_t)col];
}

/* The section of d with key, or fail. */
static const struct dsection *section_of(const struct ddoc *d, const char *key)
{
	for (int i = 0; i < d->nsections; i++)
		if (!strcmp(d->sections[i].key, key))
			return &d->sections[i];
	fail_msg("no section %s", key);
	return NULL;
}

static void document_has_every_section_of_the_figures(void **state)
{
	(void)state;
	assert_int_equal(clock_set_zone("Asia/Shanghai"), 0);
	struct arena *a = arena_new();
	struct wf_causes causes;
	wf_causes_default(&causes);
	int64_t day[1] = {5};
	struct tally_row cause_rows[] = {{"policy", 3, 0}, {"gone", 1, 0}};
	struct tally_row systemic[] = {{"policy", 3, 0}};
	struct report r = {.causes = &causes, .a = a};
	struct report_stats *s = &r.cur;
	s->f.to = 86400000;
	s->ndays = 1;
	s->by_day = day;
	s->received = 5;
	s->counted = 3;
	s->validity[RV_NOT_JUDGED] = 3;
	s->validity[RV_INVALID] = 2;
	s->by_cause = (struct tally_list){cause_rows, 2, 4};
	s->by_cause_systemic = (struct tally_list){systemic, 1, 3};
	s->cause_not_judged = 1;
	struct ddoc *d = doc_build(&r, "en", a);
	/* the formats and the JSON name the same sections, in the same order */
	int n = 0;
	for (; report_sections[n]; n++) {
		assert_true(n < d->nsections);
		assert_string_equal(d->sections[n].key, report_sections[n]);
		json_t *j = report_section_json(&r, report_sections[n]);
		assert_non_null(j);
		json_decref(j);
	}
	assert_int_equal(n, d->nsections);
	const struct dtable *t = doc_table(d, "validity");
	assert_string_equal(cell(t, RV_INVALID, 0)->text, "invalid");
	assert_int_equal((int)cell(t, RV_INVALID, 1)->v, 2);
	assert_string_equal(cell(t, RV__COUNT, 0)->text,
			    "Left out of performance (invalid, duplicate)");
	assert_int_equal((int)cell(t, RV__COUNT, 1)->v, 2);
	/* a cause by its label, a retired one by its key; the systemic ones apart */
	t = doc_table(d, "causes");
	assert_string_equal(cell(t, 0, 0)->text, "Policy or process of the business");
	assert_int_equal((int)cell(t, 0, 5)->v, 3);
	assert_string_equal(cell(t, 1, 0)->text, "gone");
	assert_int_equal((int)cell(t, 1, 5)->v, 0);
	assert_true(fabs(cell(t, 0, 2)->v - 0.75) < 1e-9); /* of the 4 with a cause */
	t = doc_table(d, "systemic_causes");
	assert_int_equal(t->nrows, 2); /* policy, and the subtotal */
	assert_int_equal((int)cell(t, 1, 1)->v, 3);
	/* no incident in the period: the section says so in one line */
	const struct dsection *inc = section_of(d, "incidents");
	assert_int_equal(inc->ntables, 0);
	assert_string_equal(inc->note, "No incident was confirmed in this period.");
	/* no orders imported: the win-back section says so, and is the last */
	const struct dsection *wb = &d->sections[d->nsections - 1];
	assert_string_equal(wb->key, "winback");
	assert_int_equal(wb->ntables, 0);
	assert_non_null(strstr(wb->note, "No orders are imported"));
	arena_free(a);
}

static void incidents_against_the_rest_of_the_period(void **state)
{
	(void)state;
	const int64_t H = 3600000, T0 = 1770000000000;
	struct arena *a = arena_new();
	struct wf_causes causes;
	wf_causes_default(&causes);
	int64_t day[1] = {0};
	struct report r = {.causes = &causes, .a = a};
	struct report_stats *s = &r.cur;
	s->f.to = 86400000;
	s->ndays = 1;
	s->by_day = day;
	/* the period's ratings: 2, 4, 4, 5, 5, 5 (25 in all, 5 satisfied) */
	s->satisfaction[2] = 1, s->satisfaction[4] = 2, s->satisfaction[5] = 3;
	struct incident_fig g[2] = {
		/* told after 3.5 h, remedied; its customers rated 2 and 4 */
		{.id = 7, .first_complaint_at = T0, .confirmed_at = T0 + 2 * H,
		 .first_message_at = T0 + 7 * H / 2, .complaints = 4, .customers = 3,
		 .remedy_fen = 12000, .rated = 2, .rating_sum = 6, .satisfied = 1,
		 .title = "CA1234 延误", .cause = "policy", .state = "remedied"},
		/* opened before its first complaint; nobody told yet, no cause */
		{.id = 8, .first_complaint_at = T0 + 10 * H, .confirmed_at = T0 + 9 * H,
		 .complaints = 1, .customers = 1, .title = "门店停电", .state = "open"},
	};
	r.incidents = report_incidents_json(g, 2, 0, s);
	json_t *j = report_section_json(&r, "incidents");
	json_t *sat = json_object_get(j, "satisfaction");
	json_t *ours = json_object_get(sat, "incidents"), *rest = json_object_get(sat, "rest");
	assert_int_equal(json_integer_value(json_object_get(ours, "rated")), 2);
	assert_true(fabs(json_real_value(json_object_get(ours, "average")) - 3.0) < 1e-9);
	assert_true(fabs(json_real_value(json_object_get(ours, "satisfied_share")) - 0.5) < 1e-9);
	/* the rest: the period less the incidents' own */
	assert_int_equal(json_integer_value(json_object_get(rest, "rated")), 4);
	assert_true(fabs(json_real_value(json_object_get(rest, "average")) - 4.75) < 1e-9);
	assert_true(fabs(json_real_value(json_object_get(rest, "satisfied_share")) - 1.0) < 1e-9);
	json_t *tot = json_object_get(j, "totals");
	assert_int_equal(json_integer_value(json_object_get(tot, "customers")), 4);
	assert_int_equal(json_integer_value(json_object_get(tot, "remedy_fen")), 12000);
	assert_int_equal(json_integer_value(json_object_get(tot, "not_told")), 1);
	json_t *second = json_array_get(json_object_get(j, "incidents"), 1);
	assert_int_equal(json_integer_value(json_object_get(second, "to_confirm_ms")), 0);
	assert_true(json_is_null(json_object_get(second, "to_first_message_ms")));
	json_decref(j);

	struct ddoc *d = doc_build(&r, "en", a);
	const struct dsection *inc = section_of(d, "incidents");
	assert_string_equal(inc->title, "15. Incidents");
	const struct dtable *t = doc_table(d, "incidents");
	assert_int_equal(t->nrows, 3); /* each incident, and the total */
	assert_string_equal(cell(t, 0, 0)->text, "CA1234 延误");
	assert_string_equal(cell(t, 0, 1)->text, "Policy or process of the business");
	assert_string_equal(cell(t, 0, 2)->text, "Remedied");
	assert_int_equal((int)cell(t, 0, 3)->v, 3);
	assert_true(fabs(cell(t, 0, 4)->v - 2.0) < 1e-9);
	assert_true(fabs(cell(t, 0, 5)->v - 3.5) < 1e-9);
	assert_string_equal(doc_cell_text(cell(t, 0, 6), a), "¥120.00");
	assert_true(fabs(cell(t, 0, 7)->v - 3.0) < 1e-9);
	assert_string_equal(cell(t, 1, 1)->text, "(not given)");
	assert_string_equal(cell(t, 1, 2)->text, "Open");
	assert_true(cell(t, 1, 4)->v == 0);
	assert_string_equal(doc_cell_text(cell(t, 1, 5), a), "–");
	assert_string_equal(cell(t, 2, 0)->text, "Total (median times)");
	assert_int_equal((int)cell(t, 2, 3)->v, 4);
	assert_true(fabs(cell(t, 2, 5)->v - 3.5) < 1e-9);
	t = doc_table(d, "incident_satisfaction");
	assert_int_equal(t->nrows, 2);
	assert_int_equal(t->chart, CHART_BAR);
	assert_string_equal(cell(t, 0, 0)->text, "The incidents' customers");
	assert_string_equal(doc_cell_text(cell(t, 0, 3), a), "50.0%");
	assert_string_equal(cell(t, 1, 0)->text, "The rest");
	assert_int_equal((int)cell(t, 1, 1)->v, 4);
	assert_string_equal(doc_cell_text(cell(t, 1, 2), a), "4.8"); /* 4.75 */
	/* zh-TW words */
	d = doc_build(&r, "zh-TW", a);
	assert_string_equal(section_of(d, "incidents")->title, "十五、集體事件");
	assert_string_equal(cell(doc_table(d, "incidents"), 0, 2)->text, "已補償");
	json_decref(r.incidents);
	arena_free(a);
}

static void count_axes_step_by_whole_numbers(void **state)
{
	(void)state;
	double t[16];
	/* two complaints: 0, 1, 2, not 0, 0.5, 1, 1.5, 2 */
	int n = chart_ticks(2, 1, t, 16);
	assert_int_equal(n, 3);
	assert_true(t[0] == 0 && t[1] == 1 && t[2] == 2);
	n = chart_ticks(1, 1, t, 16);
	assert_int_equal(n, 2);
	assert_true(t[1] == 1);
	n = chart_ticks(0, 1, t, 16); /* nothing yet: still an axis */
	assert_true(n >= 2 && t[n - 1] == 1);
	for (double max = 1; max <= 1000; max += 7) {
		n = chart_ticks(max, 1, t, 16);
		assert_true(n >= 2 && n <= 6);
		assert_true(t[n - 1] >= max);
		for (int i = 0; i < n; i++)
			assert_true(t[i] == floor(t[i]));
	}
	/* 43 -> 0, 20, 40, 60 */
	n = chart_ticks(43, 1, t, 16);
	assert_int_equal(n, 4);
	assert_true(t[1] == 20 && t[3] == 60);
	/* money may step by halves: 2 yuan -> 0, 0.5, ... 2 */
	n = chart_ticks(2, 0, t, 16);
	assert_true(t[1] == 0.5 && t[n - 1] == 2);
}

/* A report of one period built in memory, as stats.c would leave it. */
static struct report *sample(struct arena *a, struct wf_causes *causes)
{
	static int64_t day[1] = {5};
	static struct tally_row cause_rows[] = {{"logistics", 3, 0}, {"quality", 1, 0}};
	static struct tally_row comp[] = {{"exchange", 1, 39900}};
	static struct tally_row esc[] = {{"management", 2, 0}, {"supervisor", 1, 0}};
	static struct tally_row esc_cause[] = {{"request", 3, 0}};
	struct report *r = arena_zalloc(a, sizeof *r);
	*r = (struct report){.causes = causes, .a = a};
	struct report_stats *s = &r->cur;
	s->f.to = 86400000;
	s->ndays = 1;
	s->by_day = day;
	s->received = 5;
	s->counted = 5;
	s->still_open = 2;
	s->validity[RV_NOT_JUDGED] = 5;
	s->by_cause = (struct tally_list){cause_rows, 2, 4};
	s->cause_not_judged = 1;
	s->compensation_by_type = (struct tally_list){comp, 1, 1};
	s->compensation_fen = 39900;
	s->compensated_complaints = 1;
	s->escalations_by_level = (struct tally_list){esc, 2, 3};
	s->escalations_by_cause = (struct tally_list){esc_cause, 1, 3};
	s->escalations = 3;
	s->nsevere = 1;
	s->severe[0] = (struct typical_case){.id = 1, .tracking_no = "KS1", .severity = "high",
					     .status = "in_progress", .level = LEVEL_MANAGEMENT,
					     .content = "买了三个月就坏了"};
	/* acknowledgments: two met, three breached, of which one not done */
	s->clocks[RK_ACK] = (struct clock_stats){.done = 4, .met = 2, .breached = 3,
						 .open_breached = 1, .median_ms = -1, .p90_ms = -1};
	s->clocks[RK_RESOLUTION].open_breached = 1;
	s->clocks[RK_RESOLUTION].breached = 1;
	s->resolution_n = 0;
	s->resolution_median_ms = s->resolution_p90_ms = -1; /* nothing resolved */
	s->satisfaction[4] = 1, s->satisfaction[5] = 1, s->satisfaction_avg = 4.5;
	s->callbacks = 2;
	s->awaiting_approval = 2;
	s->open_at_management = 1;
	r->prev.received = 4;
	r->prev.resolution_median_ms = 2 * 3600000;
	r->prev.resolution_n = 1;
	return r;
}

static void document_reads_as_a_manager_reads(void **state)
{
	(void)state;
	assert_int_equal(clock_set_zone("Asia/Shanghai"), 0);
	struct arena *a = arena_new();
	struct wf_causes causes;
	wf_causes_default(&causes);
	struct report *r = sample(a, &causes);
	struct ddoc *d = doc_build(r, "en", a);
	/* a 399 yuan exchange is 399 in the table and on the chart's axis */
	const struct dtable *t = doc_table(d, "compensation_by_type");
	assert_true(cell(t, 0, 2)->v == 399);
	assert_string_equal(doc_cell_text(cell(t, 0, 2), a), "¥399.00");
	assert_string_equal(t->head[2], "Amount (yuan)");
	assert_string_equal(cell(t, 0, 0)->text, "Exchange");
	assert_false(chart_counts(t));
	double ticks[16];
	int n = chart_ticks(cell(t, 0, 2)->v, chart_counts(t), ticks, 16);
	assert_true(ticks[n - 1] >= 399 && ticks[n - 1] <= 500);
	/* nothing resolved: no median, not 0.0 */
	t = doc_table(d, "summary");
	int median = -1;
	for (int i = 0; i < t->nrows; i++)
		if (!strcmp(cell(t, i, 0)->text, "Median time to resolve (working h, from registration)"))
			median = i;
	assert_true(median >= 0);
	assert_string_equal(doc_cell_text(cell(t, median, 1), a), "–");
	assert_string_equal(doc_cell_text(cell(t, median, 2), a), "2.0");
	/* clocks: breached ones are not met, the one not done is not done */
	t = doc_table(d, "clocks");
	assert_string_equal(t->head[4], "Breached, not done");
	assert_int_equal((int)cell(t, RK_ACK, 1)->v, 4);
	assert_int_equal((int)cell(t, RK_ACK, 2)->v, 2);
	assert_int_equal((int)cell(t, RK_ACK, 3)->v, 3);
	assert_int_equal((int)cell(t, RK_ACK, 4)->v, 1);
	assert_true(fabs(cell(t, RK_ACK, 6)->v - 0.6) < 1e-9); /* 3 of the 5 decided */
	/* levels by the ladder's names, never 2, 1 */
	t = doc_table(d, "escalations_by_level");
	assert_string_equal(cell(t, 0, 0)->text, "Management");
	assert_string_equal(cell(t, 1, 0)->text, "Supervisor");
	assert_true(chart_counts(t));
	t = doc_table(d, "most_severe");
	assert_string_equal(cell(t, 0, 3)->text, "Management");
	t = doc_table(d, "escalations_by_cause");
	assert_string_equal(cell(t, 0, 0)->text, "On request");
	/* the business's name heads it: a neutral one when unset */
	assert_string_equal(d->company, "Customer service");
	r->company = "悦家生活电器";
	d = doc_build(r, "zh-CN", a);
	assert_string_equal(d->company, "悦家生活电器");
	assert_null(strstr(d->company, "{company}"));
	/* the summary, from the figures */
	assert_int_equal(d->nconclusion, 5);
	assert_string_equal(d->conclusion[0], "本期受理投诉 5 件，比上期（4 件）增加 25%。其中 2 件尚未结案。");
	assert_string_equal(d->conclusion[1], "主要原因：物流配送 3 件（75%）、质量问题 1 件（25%）。另有 1 件尚未判定原因。");
	assert_string_equal(d->conclusion[2], "时限超时 4 次（受理确认 3、解决 1），其中 2 次至今未完成。本期没有办结的投诉。");
	assert_non_null(strstr(d->conclusion[3], "满意度平均 4.5 分"));
	assert_string_equal(d->conclusion[4], "需要决定：2 笔补偿待审批、1 件投诉已升级到高层仍未结案、1 件投诉超过解决时限仍未解决。");
	d = doc_build(r, "en", a);
	assert_string_equal(d->conclusion[0],
			    "5 complaints were received, up 25% from 4 in the previous period. 2 of them are not closed yet.");
	assert_non_null(strstr(d->conclusion[4], "2 compensation proposals awaiting approval"));
	d = doc_build(r, "zh-TW", a);
	assert_non_null(strstr(d->conclusion[0], "本期受理客訴 5 件"));
	/* fewer than before, and nothing waiting */
	r->cur.received = 3;
	r->cur.awaiting_approval = r->cur.open_at_management = 0;
	r->cur.clocks[RK_RESOLUTION].open_breached = 0;
	d = doc_build(r, "en", a);
	assert_non_null(strstr(d->conclusion[0], "down 25% from 4"));
	assert_string_equal(d->conclusion[4], "Nothing waits for a manager's decision.");
	arena_free(a);
}

/* Every heading row has as many cells as the rows under it, and a number
 * column's heading is aligned as its numbers are. */
static void html_headings_match_their_columns(void **state)
{
	(void)state;
	assert_int_equal(clock_set_zone("Asia/Shanghai"), 0);
	struct arena *a = arena_new();
	struct wf_causes causes;
	wf_causes_default(&causes);
	struct ddoc *d = doc_build(sample(a, &causes), "zh-CN", a);
	char *html;
	size_t len;
	assert_int_equal(doc_html(d, &html, &len), 0);
	assert_non_null(strstr(html, "<p class=\"company\">客户服务中心</p>"));
	assert_non_null(strstr(html, "<section id=\"conclusion\""));
	int tables = 0;
	for (const char *p = strstr(html, "<table>"); p; p = strstr(p + 1, "<table>")) {
		const char *end = strstr(p, "</table>");
		const char *body = strstr(p, "<tbody>");
		assert_true(body && body < end);
		int heads = 0, right_heads[16] = {0};
		for (const char *h = strstr(p, "<th"); h && h < body; h = strstr(h + 1, "<th")) {
			if (!strncmp(h, "<thead", 6))
				continue;
			assert_true(heads < 16);
			right_heads[heads] = !strncmp(h, "<th class=\"n\">", 14);
			heads++;
		}
		for (const char *row = strstr(body, "<tr>"); row && row < end;
		     row = strstr(row + 1, "<tr>")) {
			const char *stop = strstr(row, "</tr>");
			int cells = 0;
			for (const char *c = strstr(row, "<td"); c && c < stop; c = strstr(c + 1, "<td")) {
				assert_int_equal(right_heads[cells], !strncmp(c, "<td class=\"n\">", 14));
				cells++;
			}
			assert_int_equal(cells, heads);
		}
		tables++;
	}
	assert_true(tables > 10);
	/* the summary table: 指标 本期 上期 变化, the last three to the right */
	assert_non_null(strstr(html, "<th>指标</th><th class=\"n\">本期</th><th class=\"n\">上期</th>"
				     "<th class=\"n\">变化</th>"));
	free(html);
	arena_free(a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(tallies_count_and_sort),
		cmocka_unit_test(percentiles_are_nearest_rank),
		cmocka_unit_test(schedules_report_the_last_whole_week_and_month),
		cmocka_unit_test(cells_read_as_people_write_numbers),
		cmocka_unit_test(csv_has_a_bom_and_runs_no_formula),
		cmocka_unit_test(document_has_every_section_of_the_figures),
		cmocka_unit_test(incidents_against_the_rest_of_the_period),
		cmocka_unit_test(count_axes_step_by_whole_numbers),
		cmocka_unit_test(document_reads_as_a_manager_reads),
		cmocka_unit_test(html_headings_match_their_columns),
	};
	int failed = cmocka_run_group_tests(tests, NULL, NULL);
	/* the charts drew text: fontconfig's caches go, as at kesu's exit */
	report_shutdown();
	return failed;
}
