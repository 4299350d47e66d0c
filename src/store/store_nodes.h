/*
 * store_nodes.h - what several kesu serve nodes on one database share
 * (sqlite_nodes.c): leases, which one node holds at a time, the counts of
 * the rate limits, and who has a complaint open.
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

/* --- Presence on complaints ------------------------------------------------ */

/* A page on a complaint: who, shown by which name, editing or viewing
 * since since_ms, last heard of at seen_ms. */
struct presence_row {
	int64_t complaint_id, user_id, team_id;
	const char *tracking_no, *name;
	int editing;
	int64_t since_ms, seen_ms;
};
/* A change of who is on a complaint, for the live streams. */
struct presence_change {
	int64_t id, complaint_id, team_id;
	const char *tracking_no;
};
/* Forgets the pages last heard of before `before`, noting a change of
 * each complaint they were on (at now_ms). Writer. */
int store_presence_expire(struct store_conn *c, int64_t before, int64_t now_ms,
			  struct kesu_err *err);
/* The page of user_id on complaint_id: KE_NOT_FOUND if none. */
int store_presence_get(struct store_conn *c, int64_t complaint_id, int64_t user_id,
		       struct arena *a, struct presence_row *out, struct kesu_err *err);
/* How many pages are on complaint_id, how many user_id has open, how many
 * there are in all. */
int store_presence_counts(struct store_conn *c, int64_t complaint_id, int64_t user_id,
			  int64_t *on_complaint, int64_t *of_user, int64_t *all,
			  struct kesu_err *err);
/* The complaint of user_id's page longest silent: KE_NOT_FOUND if none. */
int store_presence_oldest_of(struct store_conn *c, int64_t user_id, int64_t *complaint_id,
			     struct kesu_err *err);
/* Records a page (new or heard of again): since_ms is kept unless editing
 * changed. Writer. */
int store_presence_put(struct store_conn *c, const struct presence_row *r, struct kesu_err *err);
/* Forgets the page of user_id on complaint_id; *dropped: whether there was
 * one. Writer. */
int store_presence_drop(struct store_conn *c, int64_t complaint_id, int64_t user_id,
			int *dropped, struct kesu_err *err);
/* Notes a change of who is on a complaint. Writer. */
int store_presence_change(struct store_conn *c, int64_t complaint_id, int64_t team_id,
			  const char *tracking_no, int64_t now_ms, struct kesu_err *err);
/* The pages on complaint_id heard of at after_ms or later, earliest
 * state first (then by user), at most max. */
int store_presence_list(struct store_conn *c, int64_t complaint_id, int64_t after_ms, int max,
			struct arena *a, struct presence_row **rows, int *n, struct kesu_err *err);
/* The changes after id after_id, oldest first, at most max; and the
 * newest change's id (0 if none). */
int store_presence_changes(struct store_conn *c, int64_t after_id, int max, struct arena *a,
			   struct presence_change **rows, int *n, struct kesu_err *err);
int store_presence_change_max(struct store_conn *c, int64_t *id, struct kesu_err *err);
/* Keeps only the newest `keep` changes. Writer. */
int store_presence_prune(struct store_conn *c, int64_t keep, struct kesu_err *err);

/* --- Generations of what the nodes keep copies of ----------------------------- */

/* Counts a change of name (e.g. "settings"). Writer. */
int store_generation_bump(struct store_conn *c, const char *name, struct kesu_err *err);
/* How many changes of name there were (0: none ever). */
int store_generation_get(struct store_conn *c, const char *name, int64_t *n,
			 struct kesu_err *err);

#endif
