/*
 * lease.h - this node among the kesu serve nodes that share one database
 * (lease.c): its random id, and whether it holds the `scheduler` lease,
 * which says which one node does the time-driven work (the clocks' tick,
 * the sender's claims, the scheduled reports).
 */
#ifndef KESU_LEASE_H
#define KESU_LEASE_H

#include <stdint.h>

#include "../store/store.h"

#define LEASE_SCHEDULER "scheduler"
/* A holder that stops renewing is replaced this long after its last
 * renewal; it renews every LEASE_RENEW_MS at most. */
#define LEASE_TTL_MS 5000
#define LEASE_RENEW_MS 1000
/* A holder stops working this long before its lease could run out, so
 * that its work and a successor's never overlap (clocks a little apart). */
#define LEASE_MARGIN_MS 1500

/* This process's node id (random, made at the first call; 16 hex digits). */
const char *node_id(void);
/* The wall clock in Unix ms: leases compare the times of several machines,
 * never the clock a test moves. */
int64_t lease_now_ms(void);

/* Whether a lease taken at monotonic time taken_ms (the moment before the
 * statement that took it) is still surely held at monotonic time now_ms:
 * the ttl less the margin. 0 if it was never taken (taken_ms 0). */
int lease_still_held(int64_t taken_ms, int64_t now_ms, int64_t ttl_ms, int64_t margin_ms);

/* Whether this node holds the scheduler lease now. */
int node_is_scheduler(void);
/* How many times this node became the scheduler (not renewing it in time
 * counts as losing it): whoever takes over work that a holder left in
 * flight does so once per term. */
unsigned node_scheduler_term(void);

/* Takes or renews the scheduler lease for this node, through the writer,
 * and waits for the outcome. Returns whether this node holds it. */
int node_scheduler_renew(struct store *s);
/* Gives the scheduler lease up (clean stop): another node may take it at
 * once. Through the writer, waiting. */
void node_scheduler_release(struct store *s);

/* The holder of the scheduler lease and until when, by the store:
 * *holder NULL if nobody holds it now (never taken, given up or run
 * out). For `kesu tick` and the health check. */
int lease_scheduler_holder(struct store_conn *c, int64_t now_ms, struct arena *a,
			   const char **holder, int64_t *until_ms, struct kesu_err *err);

#endif
