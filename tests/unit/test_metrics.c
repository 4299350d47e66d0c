/*
 * test_metrics.c - the histograms and Prometheus' text format of GET
 * /metrics (src/util/metrics.c).
 */
#include "unit.h"

#include <stdlib.h>

#include "util/metrics.h"

static void a_histogram_is_cumulative_and_ends_at_its_count(void **state)
{
	(void)state;
	static struct metrics_hist h; /* zeroed: empty */
	const double seen[] = {0.0002, 0.001, 0.003, 0.003, 0.7, 42};
	for (size_t i = 0; i < sizeof seen / sizeof *seen; i++)
		metrics_observe(&h, &metrics_seconds, seen[i]);
	struct metrics_out o = {0};
	metrics_head(&o, M_HTTP_DURATION);
	char labels[128] = "";
	metrics_label(labels, sizeof labels, "method", "GET");
	metrics_label(labels, sizeof labels, "route", "/api/v1/complaints/{ref}");
	metrics_hist_write(&o, M_HTTP_DURATION, labels, &h, &metrics_seconds);
	const char *want =
		"# HELP kesu_http_request_duration_seconds time from a request's arrival to its"
		" reply, by route\n"
		"# TYPE kesu_http_request_duration_seconds histogram\n"
		"kesu_http_request_duration_seconds_bucket{method=\"GET\","
		"route=\"/api/v1/complaints/{ref}\",le=\"0.0005\"} 1\n";
	assert_memory_equal(o.buf, want, strlen(want));
	/* 0.001 is in its own bucket (le: less than or equal) */
	assert_non_null(strstr(o.buf, ",le=\"0.001\"} 2\n"));
	assert_non_null(strstr(o.buf, ",le=\"0.0025\"} 2\n"));
	assert_non_null(strstr(o.buf, ",le=\"0.005\"} 4\n"));
	assert_non_null(strstr(o.buf, ",le=\"0.5\"} 4\n"));
	assert_non_null(strstr(o.buf, ",le=\"1\"} 5\n"));
	assert_non_null(strstr(o.buf, ",le=\"10\"} 5\n"));
	assert_non_null(strstr(o.buf, ",le=\"+Inf\"} 6\n"));
	assert_non_null(strstr(o.buf, "_count{method=\"GET\",route=\"/api/v1/complaints/{ref}\"} 6\n"));
	assert_non_null(strstr(o.buf, "_sum{method=\"GET\",route=\"/api/v1/complaints/{ref}\"} 42.7072\n"));
	free(o.buf);
}

static void labels_are_escaped_and_numbers_read_back(void **state)
{
	(void)state;
	char labels[64] = "";
	metrics_label(labels, sizeof labels, "version", "1.0 \"beta\"\\x\n");
	assert_string_equal(labels, "version=\"1.0 \\\"beta\\\"\\\\x\\n\"");
	/* a label too long for its buffer is left out, never cut or overrun */
	char small[24] = "";
	metrics_label(small, sizeof small, "code", "200");
	metrics_label(small, sizeof small, "route", "/api/v1/complaints/{ref}/events");
	assert_string_equal(small, "code=\"200\"");
	metrics_label(small, sizeof small, "method", "GET");
	assert_string_equal(small, "code=\"200\",method=\"GET\"");
	struct metrics_out o = {0};
	metrics_sample(&o, M_START_TIME, NULL, 1796659240.123);
	metrics_sample(&o, M_UPTIME, "", 3);
	metrics_sample(&o, M_OUTBOX_OLDEST, NULL, 0.1);
	assert_string_equal(o.buf, "kesu_start_time_seconds 1796659240.123\n"
				   "kesu_uptime_seconds 3\n"
				   "kesu_outbox_oldest_pending_age_seconds 0.1\n");
	free(o.buf);
}

static void the_table_names_every_metric_once(void **state)
{
	(void)state;
	for (int i = 0; i < M__COUNT; i++) {
		const struct metric_def *d = &metric_defs[i];
		assert_non_null(d->name);
		assert_true(strncmp(d->name, "kesu_", 5) == 0);
		size_t n = strlen(d->name);
		/* counters end in _total; nothing else does */
		assert_int_equal(d->type == MT_COUNTER,
				 n > 6 && strcmp(d->name + n - 6, "_total") == 0);
		assert_true(d->help[0] && !strchr(d->help, '\n') && !strchr(d->help, '\\'));
		for (int j = 0; j < i; j++)
			assert_string_not_equal(d->name, metric_defs[j].name);
	}
}

static void the_group_commit_is_counted(void **state)
{
	(void)state;
	metrics_writer_batch(1, 0.002);
	metrics_writer_batch(300, 0.04);
	struct metrics_out o = {0};
	metrics_writer_write(&o);
	assert_non_null(strstr(o.buf, "kesu_store_commit_batch_jobs_bucket{le=\"1\"} 1\n"));
	assert_non_null(strstr(o.buf, "kesu_store_commit_batch_jobs_bucket{le=\"256\"} 1\n"));
	assert_non_null(strstr(o.buf, "kesu_store_commit_batch_jobs_bucket{le=\"512\"} 2\n"));
	assert_non_null(strstr(o.buf, "kesu_store_commit_batch_jobs_sum 301\n"));
	assert_non_null(strstr(o.buf, "kesu_store_commit_duration_seconds_count 2\n"));
	assert_non_null(strstr(o.buf, "kesu_store_commit_duration_seconds_sum 0.042\n"));
	free(o.buf);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(a_histogram_is_cumulative_and_ends_at_its_count),
		cmocka_unit_test(labels_are_escaped_and_numbers_read_back),
		cmocka_unit_test(the_table_names_every_metric_once),
		cmocka_unit_test(the_group_commit_is_counted),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
