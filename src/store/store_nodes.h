/*
 * store_nodes.h - what several kesu serve nodes on one database share
 * (sqlite_nodes.c): leases, which one node holds at a time, and the counts
 * of the rate limits.
 */
#ifndef KESU_STORE_NODES_H
#define KESU_STORE_NODES_H

#include <stdint.h>

/* --- Leases -------------------------------------------------------------- */

/* Takes lease name for holder until now_ms + ttl_ms, or renews it, in one
 * statement: taken (*held 1) if nobody holds it, if its holder let it run
 * out (until before now_ms), or if holder holds it already; otherwise
 * *held 0 and nothing changes. Writer. */
int store_lease_take(struct store_conn *c, const char *name, const char *holder, int64_t now_ms,
		     int64_t ttl_ms, int *held, struct kesu_err *err);
/* Gives lease name up if holder holds it (nothing otherwise). Writer. */
int store_lease_release(struct store_conn *c, const char *name, const char *holder,
			struct kesu_err *err);
/* Who holds lease name and until when: *holder NULL (and *until_ms 0) if
 * nobody ever took it. Reader or writer. */
int store_lease_get(struct store_conn *c, const char *name, struct arena *a, const char **holder,
		    int64_t *until_ms, struct kesu_err *err);

/* --- Rate limit counts ----------------------------------------------------- */

/* A count of one part of a window. */
struct rate_part {
	int64_t bucket, n;
};
/* Adds n to the count of (kind, hash) in bucket, which may be forgotten
 * after until_ms; grp: the group the key is in (see rl_forget). Writer. */
int store_rate_add(struct store_conn *c, const char *kind, int64_t hash, int64_t grp,
		   int64_t bucket, int64_t n, int64_t until_ms, struct kesu_err *err);
/* The counts of (kind, hash) in the buckets after `after`, oldest first, at
 * most max of them: an array in a of *n parts. Reader or writer. */
int store_rate_parts(struct store_conn *c, const char *kind, int64_t hash, int64_t after, int max,
		     struct arena *a, struct rate_part **parts, int *n, struct kesu_err *err);
/* Forgets every count of (kind, hash), and with grp_kind every count of
 * kind grp_kind in group grp too (NULL: none). Writer. */
int store_rate_forget(struct store_conn *c, const char *kind, int64_t hash,
		      const char *grp_kind, int64_t grp, struct kesu_err *err);
/* Forgets the counts that left their windows before now_ms. Writer. */
int store_rate_prune(struct store_conn *c, int64_t now_ms, struct kesu_err *err);

#endif
