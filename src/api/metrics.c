/*
 * metrics.c - GET /metrics: the server's figures in Prometheus' text
 * format (version 0.0.4) for a monitoring system: requests, the store's
 * group commit and readers, the outbox, the clocks, the process. It needs
 * metrics.read (administrators; a token of the metrics scope), and tells
 * counts only, never a complaint. docs/metrics.md lists every metric.
 */
#include "api.h"

#include <stdlib.h>

#include "../store/store_metrics.h"
#include "../util/clock.h"
#include "../util/metrics.h"
#include "../version.h"

int metrics_get(struct http_request *req)
{
	struct kesu_err err = {0};
	struct store_conn *c = http_reader(req, &err);
	struct store_metrics sm;
	/* the figures' own time, as the store's (a test's clock file) */
	int64_t now = clock_now_ms();
	if (!c || store_metrics_read(c, now, &sm, &err))
		return http_reply_error(req, &err);
	struct http_gauges g;
	http_gauges(req, &g);

	struct metrics_out o = {0};
	http_requests_write(req, &o);
	metrics_head(&o, M_HTTP_CONNECTIONS);
	metrics_sample(&o, M_HTTP_CONNECTIONS, NULL, g.connections);
	metrics_head(&o, M_HTTP_STREAMS);
	metrics_sample(&o, M_HTTP_STREAMS, NULL, g.streams);
	metrics_head(&o, M_STORE_READERS);
	/* this request holds a reader itself: it counts as in use */
	metrics_sample(&o, M_STORE_READERS, "state=\"idle\"", sm.readers_idle);
	metrics_sample(&o, M_STORE_READERS, "state=\"in_use\"", sm.readers - sm.readers_idle);
	metrics_writer_write(&o);

	const struct {
		enum metric_id id;
		double v;
	} gauges[] = {
		{M_OUTBOX_PENDING, (double)sm.outbox_pending},
		{M_OUTBOX_OLDEST, sm.outbox_oldest_at && now > sm.outbox_oldest_at
					  ? (double)(now - sm.outbox_oldest_at) / 1000.0
					  : 0},
		{M_DELIVERIES_QUEUED, (double)sm.deliveries_queued},
		{M_DELIVERIES_DEAD, (double)sm.deliveries_dead},
		{M_CLOCKS_DUE, (double)sm.clocks_due},
		{M_CLOCKS_BREACHED, (double)sm.clocks_breached},
		{M_START_TIME, g.started_unix},
		{M_UPTIME, g.uptime},
	};
	for (size_t i = 0; i < sizeof gauges / sizeof *gauges; i++) {
		metrics_head(&o, gauges[i].id);
		metrics_sample(&o, gauges[i].id, NULL, gauges[i].v);
	}
	char version[64] = "";
	metrics_label(version, sizeof version, "version", KESU_VERSION);
	metrics_head(&o, M_BUILD_INFO);
	metrics_sample(&o, M_BUILD_INFO, version, 1);

	http_reply_bytes(req, 200, METRICS_CONTENT_TYPE, o.buf, o.len);
	free(o.buf);
	return HTTP_DONE;
}
