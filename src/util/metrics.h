/*
 * metrics.h - what kesu tells a monitoring system (GET /metrics): the one
 * table of its metrics (name, type, labels, help), which the reply and
 * `kesu help metrics` both print; histograms counted with atomics, cheap
 * enough for every request; the group commit's own histograms; and the
 * writer of Prometheus' text exposition format (version 0.0.4).
 */
#ifndef KESU_METRICS_H
#define KESU_METRICS_H

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define METRICS_CONTENT_TYPE "text/plain; version=0.0.4; charset=utf-8"

enum metric_type { MT_COUNTER, MT_GAUGE, MT_HISTOGRAM };

/* Every metric kesu exposes; the table below says what each is. */
enum metric_id {
	M_HTTP_REQUESTS, M_HTTP_DURATION, M_HTTP_CONNECTIONS, M_HTTP_STREAMS,
	M_STORE_READERS, M_COMMIT_BATCH, M_COMMIT_DURATION,
	M_OUTBOX_PENDING, M_OUTBOX_OLDEST, M_DELIVERIES_QUEUED, M_DELIVERIES_DEAD,
	M_CLOCKS_DUE, M_CLOCKS_BREACHED,
	M_BUILD_INFO, M_START_TIME, M_UPTIME,
	M__COUNT
};

struct metric_def {
	const char *name;   /* "kesu_http_requests_total" */
	enum metric_type type;
	const char *labels; /* "method, route, code"; "" for none */
	const char *help;
};
extern const struct metric_def metric_defs[M__COUNT];

/* `kesu help metrics`: the table, as markdown for docs/metrics.md. */
void metrics_print(FILE *f, int markdown);

/* The upper bounds of a histogram's buckets, ascending; +Inf is implied. */
#define METRICS_BUCKETS_MAX 16
struct metrics_buckets {
	int n;
	double le[METRICS_BUCKETS_MAX];
};
/* Seconds, 0.5 ms to 10 s: requests and commits. */
extern const struct metrics_buckets metrics_seconds;
/* Jobs of a group commit, 1 to its largest batch (512). */
extern const struct metrics_buckets metrics_batch;

/* A histogram: observations per bucket (not cumulative; the last one is
 * +Inf's own) and their sum in millionths. Zeroed memory is an empty one;
 * observing and reading take no lock. */
struct metrics_hist {
	_Atomic uint64_t bucket[METRICS_BUCKETS_MAX + 1];
	_Atomic uint64_t sum_micro;
};
void metrics_observe(struct metrics_hist *h, const struct metrics_buckets *b, double v);

/* Monotonic seconds, for timing. */
double metrics_now(void);

/* The group commit (sqlite_writer.c): a batch of n jobs ran and committed
 * (or failed) in seconds. */
void metrics_writer_batch(int n, double seconds);

/* The reply being written. */
struct metrics_out {
	char *buf; /* malloc'd; the caller frees it */
	size_t len, cap;
};
/* The HELP and TYPE lines of metric m. */
void metrics_head(struct metrics_out *o, enum metric_id m);
/* Appends name="value" (escaped) to a label set being built in buf, or
 * nothing if it does not fit in size. */
void metrics_label(char *buf, size_t size, const char *name, const char *value);
/* A sample of m: name{labels} v (labels may be NULL or ""). */
void metrics_sample(struct metrics_out *o, enum metric_id m, const char *labels, double v);
/* The samples of histogram m: cumulative buckets up to +Inf, whose count
 * is _count, and _sum. */
void metrics_hist_write(struct metrics_out *o, enum metric_id m, const char *labels,
			const struct metrics_hist *h, const struct metrics_buckets *b);
/* The group commit's histograms, with their HELP and TYPE lines. */
void metrics_writer_write(struct metrics_out *o);

#endif
