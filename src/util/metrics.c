/*
 * metrics.c - the table of kesu's metrics, lock-free histograms, the group
 * commit's figures, and Prometheus' text format (docs/metrics.md).
 */
#include "metrics.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

const struct metric_def metric_defs[M__COUNT] = {
	[M_HTTP_REQUESTS] = {"kesu_http_requests_total", MT_COUNTER, "method, route, code",
			     "HTTP requests answered, by the route's method and path pattern"
			     " (route \"unmatched\" and the request's method when no route"
			     " matched) and status code"},
	[M_HTTP_DURATION] = {"kesu_http_request_duration_seconds", MT_HISTOGRAM, "method, route",
			     "time from a request's arrival to its reply, by route"},
	[M_HTTP_CONNECTIONS] = {"kesu_http_connections", MT_GAUGE, "",
				"HTTP connections open now"},
	[M_HTTP_STREAMS] = {"kesu_http_streams", MT_GAUGE, "",
			    "live streams open now (GET /api/v1/stream)"},
	[M_STORE_READERS] = {"kesu_store_readers", MT_GAUGE, "state",
			     "the store's reader connections: idle in the pool or in use"},
	[M_COMMIT_BATCH] = {"kesu_store_commit_batch_jobs", MT_HISTOGRAM, "",
			    "jobs (writes of requests and of kesu's own work) per group commit"},
	[M_COMMIT_DURATION] = {"kesu_store_commit_duration_seconds", MT_HISTOGRAM, "",
			       "time to run a group commit's jobs and commit them"},
	[M_OUTBOX_PENDING] = {"kesu_outbox_pending", MT_GAUGE, "",
			      "notices in the outbox the sender has not taken yet (counted up to"
			      " 100000)"},
	[M_OUTBOX_OLDEST] = {"kesu_outbox_oldest_pending_age_seconds", MT_GAUGE, "",
			     "age of the oldest notice the sender has not taken yet; 0 when none"
			     " waits"},
	[M_DELIVERIES_QUEUED] = {"kesu_deliveries_queued", MT_GAUGE, "",
				 "deliveries (mail, SMS, webhook, robot) waiting to be sent or"
				 " retried (counted up to 100000)"},
	[M_DELIVERIES_DEAD] = {"kesu_deliveries_failed", MT_GAUGE, "",
			       "deliveries given up after their last attempt and not sent again"
			       " (counted up to 100000)"},
	[M_CLOCKS_DUE] = {"kesu_clocks_due", MT_GAUGE, "",
			  "complaints with a clock whose warning or due time has come and that"
			  " the scheduler has not acted on yet (counted up to 100000)"},
	[M_CLOCKS_BREACHED] = {"kesu_clocks_breached", MT_GAUGE, "",
			       "open complaints with a clock past due whose act is not done"
			       " (counted up to 100000)"},
	[M_BUILD_INFO] = {"kesu_build_info", MT_GAUGE, "version",
			  "always 1; the version of kesu serving"},
	[M_START_TIME] = {"kesu_start_time_seconds", MT_GAUGE, "",
			  "when the server started serving, Unix seconds"},
	[M_UPTIME] = {"kesu_uptime_seconds", MT_GAUGE, "", "seconds since the server started"},
};

static const char *const type_names[] = {"counter", "gauge", "histogram"};

void metrics_print(FILE *f, int markdown)
{
	if (markdown)
		fprintf(f, "| metric | type | labels | what it says |\n|---|---|---|---|\n");
	for (int i = 0; i < M__COUNT; i++) {
		const struct metric_def *d = &metric_defs[i];
		if (markdown)
			fprintf(f, "| `%s` | %s | %s | %s |\n", d->name, type_names[d->type],
				d->labels, d->help);
		else
			fprintf(f, "  %s (%s%s%s)\n      %s\n", d->name, type_names[d->type],
				d->labels[0] ? "; " : "", d->labels, d->help);
	}
}

const struct metrics_buckets metrics_seconds = {
	14, {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10}};
const struct metrics_buckets metrics_batch = {10, {1, 2, 4, 8, 16, 32, 64, 128, 256, 512}};

void metrics_observe(struct metrics_hist *h, const struct metrics_buckets *b, double v)
{
	int i = 0;
	while (i < b->n && v > b->le[i])
		i++;
	atomic_fetch_add_explicit(&h->bucket[i], 1, memory_order_relaxed);
	if (v > 0)
		atomic_fetch_add_explicit(&h->sum_micro, (uint64_t)(v * 1e6 + 0.5),
					  memory_order_relaxed);
}

double metrics_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static struct metrics_hist commit_jobs, commit_seconds;

void metrics_writer_batch(int n, double seconds)
{
	metrics_observe(&commit_jobs, &metrics_batch, n);
	metrics_observe(&commit_seconds, &metrics_seconds, seconds);
}

/* --- the text format --------------------------------------------------- */

static void put(struct metrics_out *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void put(struct metrics_out *o, const char *fmt, ...)
{
	for (;;) {
		va_list ap;
		va_start(ap, fmt);
		size_t room = o->cap - o->len;
		int n = vsnprintf(o->buf ? o->buf + o->len : NULL, o->buf ? room : 0, fmt, ap);
		va_end(ap);
		if (n < 0)
			return;
		if (o->buf && (size_t)n < room) {
			o->len += (size_t)n;
			return;
		}
		size_t cap = o->cap ? o->cap : 16384;
		while (cap < o->len + (size_t)n + 1)
			cap *= 2;
		char *b = realloc(o->buf, cap);
		if (!b)
			abort(); /* as arena_alloc: kesu does not go on without memory */
		o->buf = b;
		o->cap = cap;
	}
}

void metrics_head(struct metrics_out *o, enum metric_id m)
{
	const struct metric_def *d = &metric_defs[m];
	/* HELP escapes \ and newlines; the table's have none */
	put(o, "# HELP %s %s\n# TYPE %s %s\n", d->name, d->help, d->name, type_names[d->type]);
}

void metrics_label(char *buf, size_t size, const char *name, const char *value)
{
	size_t start = strlen(buf), n = start;
	int w = snprintf(buf + n, size - n, "%s%s=\"", n ? "," : "", name);
	if (w < 0 || (size_t)w >= size - n)
		goto cut;
	n += (size_t)w;
	for (const char *p = value; *p; p++) {
		int escaped = *p == '\\' || *p == '"' || *p == '\n';
		if (n + (size_t)escaped + 3 > size) /* the character, the quote, the end */
			goto cut;
		if (escaped)
			buf[n++] = '\\';
		buf[n++] = *p == '\n' ? 'n' : *p;
	}
	if (n + 2 > size)
		goto cut;
	buf[n++] = '"';
	buf[n] = '\0';
	return;
cut:
	buf[start] = '\0'; /* a label cut short would be a lie: none at all */
}

/* A number as the format reads it: integers whole, the rest in the
 * fewest digits that read back as the same number. */
static const char *num(double v, char *buf, size_t size)
{
	if (v == (double)(int64_t)v && v > -1e15 && v < 1e15) {
		snprintf(buf, size, "%lld", (long long)v);
		return buf;
	}
	for (int digits = 6; digits <= 17; digits++) {
		snprintf(buf, size, "%.*g", digits, v);
		if (strtod(buf, NULL) == v)
			break;
	}
	return buf;
}

static void sample(struct metrics_out *o, const char *name, const char *suffix,
		   const char *labels, const char *extra, double v)
{
	char n[40];
	int any = (labels && *labels) || extra;
	put(o, "%s%s%s%s%s%s%s %s\n", name, suffix, any ? "{" : "", labels ? labels : "",
	    labels && *labels && extra ? "," : "", extra ? extra : "", any ? "}" : "",
	    num(v, n, sizeof n));
}

void metrics_sample(struct metrics_out *o, enum metric_id m, const char *labels, double v)
{
	sample(o, metric_defs[m].name, "", labels, NULL, v);
}

void metrics_hist_write(struct metrics_out *o, enum metric_id m, const char *labels,
			const struct metrics_hist *h, const struct metrics_buckets *b)
{
	const char *name = metric_defs[m].name;
	uint64_t total = 0;
	char le[64], n[40];
	/* the count is the buckets' own total, so +Inf and _count agree even
	 * while requests go on being counted */
	for (int i = 0; i <= b->n; i++) {
		total += atomic_load_explicit(&h->bucket[i], memory_order_relaxed);
		if (i < b->n)
			snprintf(le, sizeof le, "le=\"%s\"", num(b->le[i], n, sizeof n));
		else
			snprintf(le, sizeof le, "le=\"+Inf\"");
		sample(o, name, "_bucket", labels, le, (double)total);
	}
	sample(o, name, "_sum", labels, NULL,
	       (double)atomic_load_explicit(&h->sum_micro, memory_order_relaxed) / 1e6);
	sample(o, name, "_count", labels, NULL, (double)total);
}

void metrics_writer_write(struct metrics_out *o)
{
	metrics_head(o, M_COMMIT_BATCH);
	metrics_hist_write(o, M_COMMIT_BATCH, NULL, &commit_jobs, &metrics_batch);
	metrics_head(o, M_COMMIT_DURATION);
	metrics_hist_write(o, M_COMMIT_DURATION, NULL, &commit_seconds, &metrics_seconds);
}
