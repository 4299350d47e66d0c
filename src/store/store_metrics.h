/*
 * store_metrics.h - what the store tells GET /metrics: the outbox's
 * backlog, the deliveries waiting and given up, the clocks due and
 * breached, and the reader pool (sqlite_metrics.c).
 */
#ifndef KESU_STORE_METRICS_H
#define KESU_STORE_METRICS_H

#include <stdint.h>

#include "store.h"

/* Each count stops here: a count reads an index of what waits, and a
 * backlog this large is an alert already. */
#define STORE_METRICS_CAP 100000

struct store_metrics {
	int64_t outbox_pending;	   /* notices the sender has not taken */
	int64_t outbox_oldest_at;  /* created_at (ms) of the oldest of them; 0: none */
	int64_t deliveries_queued; /* waiting to be sent or retried */
	int64_t deliveries_dead;   /* given up, not sent again */
	int64_t clocks_due;	   /* complaints with a warning or due time come, not acted on */
	int64_t clocks_breached;   /* open complaints with a clock past due, its act not done */
	int readers, readers_idle; /* the reader pool: connections open, idle */
};

/* Reads the figures at now (Unix ms) through c, every count from an index
 * of what it counts, none past STORE_METRICS_CAP. Returns 0, or a negative
 * code with err filled (out is then partly filled). */
int store_metrics_read(struct store_conn *c, int64_t now, struct store_metrics *out,
		       struct kesu_err *err);

#endif
