/*
 * sqlite_nodes.c - what the nodes of one database share: leases and the
 * counts of the rate limits (store_nodes.h).
 */
#include "sqlite_int.h"

#include <string.h>

/* --- leases -------------------------------------------------------------------- */

static void read_nothing(sqlite3_stmt *st, struct arena *a, void *out)
{
	(void)st;
	(void)a;
	(void)out;
}

int store_lease_take(struct store_conn *c, const char *name, const char *holder, int64_t now_ms,
		     int64_t ttl_ms, int *held, struct kesu_err *err)
{
	/* one statement: two nodes taking a free lease at once cannot both
	 * get it; the update is skipped (no row back) while another holds it */
	sqlite3_stmt *st = conn_stmt(
		c, S_LEASE_TAKE,
		"INSERT INTO leases(name, holder, until_ms) VALUES (?1, ?2, ?3 + ?4)"
		" ON CONFLICT (name) DO UPDATE SET holder = excluded.holder,"
		" until_ms = excluded.until_ms"
		" WHERE leases.until_ms < ?3 OR leases.holder = excluded.holder RETURNING holder",
		err);
	if (!st)
		return -err->code;
	bind_text(st, 1, name);
	bind_text(st, 2, holder);
	sqlite3_bind_int64(st, 3, now_ms);
	sqlite3_bind_int64(st, 4, ttl_ms);
	int rc = load_row(c, st, read_nothing, NULL, NULL, "held by another", 0, err);
	*held = rc == 0;
	if (rc == -KE_NOT_FOUND) {
		memset(err, 0, sizeof *err);
		rc = 0;
	}
	return rc;
}

int store_lease_release(struct store_conn *c, const char *name, const char *holder,
			struct kesu_err *err)
{
	sqlite3_stmt *st = conn_stmt(c, S_LEASE_RELEASE,
				     "DELETE FROM leases WHERE name = ?1 AND holder = ?2", err);
	if (!st)
		return -err->code;
	bind_text(st, 1, name);
	bind_text(st, 2, holder);
	return step_done(c, st, "lease release", err);
}

struct lease_row {
	const char *holder;
	int64_t until_ms;
};

static void read_lease(sqlite3_stmt *st, struct arena *a, void *out)
{
	struct lease_row *l = out;
	l->holder = col_text(st, 0, a);
	l->until_ms = sqlite3_column_int64(st, 1);
}

int store_lease_get(struct store_conn *c, const char *name, struct arena *a, const char **holder,
		    int64_t *until_ms, struct kesu_err *err)
{
	sqlite3_stmt *st = conn_stmt(c, S_LEASE_GET,
				     "SELECT holder, until_ms FROM leases WHERE name = ?1", err);
	if (!st)
		return -err->code;
	bind_text(st, 1, name);
	struct lease_row l = {0};
	int rc = load_row(c, st, read_lease, a, &l, "no lease", 0, err);
	if (rc == -KE_NOT_FOUND) {
		memset(err, 0, sizeof *err);
		rc = 0;
	}
	*holder = l.holder;
	*until_ms = l.until_ms;
	return rc;
}

/* --- rate limit counts ------------------------------------------------------------- */

int store_rate_add(struct store_conn *c, const char *kind, int64_t hash, int64_t grp,
		   int64_t bucket, int64_t n, int64_t until_ms, struct kesu_err *err)
{
	sqlite3_stmt *st = conn_stmt(
		c, S_RATE_ADD,
		"INSERT INTO rate_counts(kind, hash, bucket, grp, n, until_ms)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6)"
		" ON CONFLICT (kind, hash, bucket) DO UPDATE SET n = rate_counts.n + excluded.n",
		err);
	if (!st)
		return -err->code;
	bind_text(st, 1, kind);
	sqlite3_bind_int64(st, 2, hash);
	sqlite3_bind_int64(st, 3, bucket);
	sqlite3_bind_int64(st, 4, grp);
	sqlite3_bind_int64(st, 5, n);
	sqlite3_bind_int64(st, 6, until_ms);
	return step_done(c, st, "rate count", err);
}

static void read_part(sqlite3_stmt *st, struct arena *a, void *out)
{
	(void)a;
	struct rate_part *p = out;
	p->bucket = sqlite3_column_int64(st, 0);
	p->n = sqlite3_column_int64(st, 1);
}

int store_rate_parts(struct store_conn *c, const char *kind, int64_t hash, int64_t after, int max,
		     struct arena *a, struct rate_part **parts, int *n, struct kesu_err *err)
{
	sqlite3_stmt *st = conn_stmt(c, S_RATE_PARTS,
				     "SELECT bucket, n FROM rate_counts WHERE kind = ?1 AND hash = ?2"
				     " AND bucket > ?3 ORDER BY bucket LIMIT ?4",
				     err);
	if (!st)
		return -err->code;
	bind_text(st, 1, kind);
	sqlite3_bind_int64(st, 2, hash);
	sqlite3_bind_int64(st, 3, after);
	sqlite3_bind_int64(st, 4, max);
	*parts = load_all(c, st, read_part, sizeof **parts, max, a, n, err);
	return *parts ? 0 : -err->code;
}

int store_rate_forget(struct store_conn *c, const char *kind, int64_t hash,
		      const char *grp_kind, int64_t grp, struct kesu_err *err)
{
	sqlite3_stmt *st = conn_stmt(c, S_RATE_FORGET,
				     "DELETE FROM rate_counts WHERE kind = ?1 AND hash = ?2", err);
	if (!st)
		return -err->code;
	bind_text(st, 1, kind);
	sqlite3_bind_int64(st, 2, hash);
	int rc = step_done(c, st, "rate forget", err);
	if (rc || !grp_kind)
		return rc;
	if (!(st = conn_stmt(c, S_RATE_FORGET_GRP,
			     "DELETE FROM rate_counts WHERE kind = ?1 AND grp = ?2", err)))
		return -err->code;
	bind_text(st, 1, grp_kind);
	sqlite3_bind_int64(st, 2, grp);
	return step_done(c, st, "rate forget", err);
}

int store_rate_prune(struct store_conn *c, int64_t now_ms, struct kesu_err *err)
{
	sqlite3_stmt *st = conn_stmt(c, S_RATE_PRUNE,
				     "DELETE FROM rate_counts WHERE until_ms < ?1", err);
	if (!st)
		return -err->code;
	sqlite3_bind_int64(st, 1, now_ms);
	return step_done(c, st, "rate prune", err);
}
