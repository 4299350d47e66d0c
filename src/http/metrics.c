/*
 * metrics.c - the HTTP layer's counts for GET /metrics: every answered
 * request by its route (the table's pattern, never the path asked, so ids
 * do not make new series) and status, the time each route takes, and the
 * connections and live streams open. Counting is a few relaxed atomic
 * additions on the route's own row: no lock, no allocation.
 */
#include "http_int.h"

#include <stdlib.h>
#include <string.h>

#include "../util/metrics.h"

/* Distinct status codes counted per route; codes past them count as
 * "other" (a route answers a handful). */
#define CODE_SLOTS 16

/* Requests no route matched, by method. */
static const char *const methods[] = {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS",
				      "other"};
#define NMETHODS ((int)(sizeof methods / sizeof *methods))

struct code_count {
	atomic_int code; /* 0: free */
	_Atomic uint64_t n;
};

struct route_counts {
	struct code_count codes[CODE_SLOTS]; /* the last one: "other" */
	struct metrics_hist time;
};

struct http_counts {
	int nroutes, nrows; /* the routes', then those of no route by method */
	double started_unix, started_mono;
	struct route_counts rows[];
};

struct http_counts *http_counts_new(int nroutes)
{
	int nrows = nroutes + NMETHODS;
	struct http_counts *k = calloc(1, sizeof *k + sizeof k->rows[0] * (size_t)nrows);
	if (!k)
		return NULL;
	k->nroutes = nroutes;
	k->nrows = nrows;
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	k->started_unix = (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
	k->started_mono = metrics_now();
	return k;
}

void http_counts_free(struct http_counts *k)
{
	free(k);
}

static int row_of(const struct http_request *req, const struct http_counts *k)
{
	if (req->route)
		return (int)(req->route - req->srv->opt.routes);
	int m = 0;
	while (m < NMETHODS - 1 && strcmp(methods[m], req->method) != 0)
		m++;
	return k->nroutes + m;
}

void http_count(struct http_request *req)
{
	struct http_counts *k = req->srv->counts;
	if (!k)
		return;
	int row = row_of(req, k);
	if (row < 0 || row >= k->nrows)
		return;
	struct route_counts *r = &k->rows[row];
	int code = req->status, i;
	for (i = code > 0 ? 0 : CODE_SLOTS - 1; i < CODE_SLOTS - 1; i++) {
		int seen = atomic_load_explicit(&r->codes[i].code, memory_order_acquire);
		if (seen == 0) {
			/* first of its code here: claim the slot, unless another
			 * thread just did (for this code or another) */
			int expected = 0;
			if (atomic_compare_exchange_strong(&r->codes[i].code, &expected, code))
				break;
			seen = expected;
		}
		if (seen == code)
			break;
	}
	atomic_fetch_add_explicit(&r->codes[i].n, 1, memory_order_relaxed);
	metrics_observe(&r->time, &metrics_seconds, http_elapsed_ms(req) / 1000.0);
}

/* The labels of row: method and route. */
static void row_labels(const struct http_counts *k, const struct http_server *srv, int row,
		       char *buf, size_t size)
{
	buf[0] = '\0';
	if (row < k->nroutes) {
		metrics_label(buf, size, "method", srv->opt.routes[row].method);
		metrics_label(buf, size, "route", srv->opt.routes[row].pattern);
	} else {
		metrics_label(buf, size, "method", methods[row - k->nroutes]);
		metrics_label(buf, size, "route", "unmatched");
	}
}

void http_requests_write(struct http_request *req, struct metrics_out *o)
{
	const struct http_server *srv = req->srv;
	const struct http_counts *k = srv->counts;
	metrics_head(o, M_HTTP_REQUESTS);
	char labels[512], code_labels[600], code[16];
	for (int row = 0; k && row < k->nrows; row++) {
		const struct route_counts *r = &k->rows[row];
		labels[0] = '\0';
		for (int i = 0; i < CODE_SLOTS; i++) {
			uint64_t n = atomic_load_explicit(&r->codes[i].n, memory_order_relaxed);
			if (!n)
				continue;
			if (!labels[0])
				row_labels(k, srv, row, labels, sizeof labels);
			int c = atomic_load_explicit(&r->codes[i].code, memory_order_relaxed);
			if (i < CODE_SLOTS - 1)
				snprintf(code, sizeof code, "%d", c);
			else
				snprintf(code, sizeof code, "other");
			snprintf(code_labels, sizeof code_labels, "%s", labels);
			metrics_label(code_labels, sizeof code_labels, "code", code);
			metrics_sample(o, M_HTTP_REQUESTS, code_labels, (double)n);
		}
	}
	metrics_head(o, M_HTTP_DURATION);
	for (int row = 0; k && row < k->nrows; row++) {
		const struct route_counts *r = &k->rows[row];
		uint64_t any = 0;
		for (int i = 0; i <= metrics_seconds.n && !any; i++)
			any = atomic_load_explicit(&r->time.bucket[i], memory_order_relaxed);
		if (!any)
			continue;
		row_labels(k, srv, row, labels, sizeof labels);
		metrics_hist_write(o, M_HTTP_DURATION, labels, &r->time, &metrics_seconds);
	}
}

void http_gauges(struct http_request *req, struct http_gauges *out)
{
	struct http_server *srv = req->srv;
	pthread_mutex_lock(&srv->track_mu);
	out->connections = srv->ntracked;
	pthread_mutex_unlock(&srv->track_mu);
	out->streams = stream_hub_count(srv->hub);
	out->started_unix = srv->counts ? srv->counts->started_unix : 0;
	out->uptime = srv->counts ? metrics_now() - srv->counts->started_mono : 0;
}
