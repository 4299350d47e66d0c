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
		{{CELL_YUAN, NULL, 5500050}, "¥55,000.50"},
		{{CELL_YUAN, NULL, 5}, "¥0.05"},
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
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
