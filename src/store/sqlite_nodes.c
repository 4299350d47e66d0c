/*
 * sqlite_nodes.c - what the nodes of one database share: leases and the
 * counts of the rate limits (store_nodes.h).
 */
#include "sqlite_int.h"

#include <string.h>

/* --- leases -------------------------------------------------------------------- */

static void read_nothing(struct sql_stmt *st, struct arena *a, void *out)
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
	struct sql_stmt *st = conn_stmt(
		c, S_LEASE_TAKE,
		"INSERT INTO leases(name, holder, until_ms) VALUES (?1, ?2, ?4)"
		" ON CONFLICT (name) DO UPDATE SET holder = excluded.holder,"
		" until_ms = excluded.until_ms"
		" WHERE leases.until_ms < ?3 OR leases.holder = excluded.holder RETURNING holder",
		err);
	if (!st)
		return -err->code;
	bind_text(st, 1, name);
	bind_text(st, 2, holder);
	sql_bind_int64(st, 3, now_ms);
	sql_bind_int64(st, 4, now_ms + ttl_ms);
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
	struct sql_stmt *st = conn_stmt(c, S_LEASE_RELEASE,
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

static void read_lease(struct sql_stmt *st, struct arena *a, void *out)
{
	struct lease_row *l = out;
	l->holder = col_text(st, 0, a);
	l->until_ms = sql_column_int64(st, 1);
}

int store_lease_get(struct store_conn *c, const char *name, struct arena *a, const char **holder,
		    int64_t *until_ms, struct kesu_err *err)
{
	struct sql_stmt *st = conn_stmt(c, S_LEASE_GET,
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
	struct sql_stmt *st = conn_stmt(
		c, S_RATE_ADD,
		"INSERT INTO rate_counts(kind, hash, bucket, grp, n, until_ms)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6)"
		" ON CONFLICT (kind, hash, bucket) DO UPDATE SET n = rate_counts.n + excluded.n",
		err);
	if (!st)
		return -err->code;
	bind_text(st, 1, kind);
	sql_bind_int64(st, 2, hash);
	sql_bind_int64(st, 3, bucket);
	sql_bind_int64(st, 4, grp);
	sql_bind_int64(st, 5, n);
	sql_bind_int64(st, 6, until_ms);
	return step_done(c, st, "rate count", err);
}

static void read_part(struct sql_stmt *st, struct arena *a, void *out)
{
	(void)a;
	struct rate_part *p = out;
	p->bucket = sql_column_int64(st, 0);
	p->n = sql_column_int64(st, 1);
}

int store_rate_parts(struct store_conn *c, const char *kind, int64_t hash, int64_t after, int max,
		     struct arena *a, struct rate_part **parts, int *n, struct kesu_err *err)
{
	struct sql_stmt *st = conn_stmt(c, S_RATE_PARTS,
				     "SELECT bucket, n FROM rate_counts WHERE kind = ?1 AND hash = ?2"
				     " AND bucket > ?3 ORDER BY bucket LIMIT ?4",
				     err);
	if (!st)
		return -err->code;
	bind_text(st, 1, kind);
	sql_bind_int64(st, 2, hash);
	sql_bind_int64(st, 3, after);
	sql_bind_int64(st, 4, max);
	*parts = load_all(c, st, read_part, sizeof **parts, max, a, n, err);
	return *parts ? 0 : -err->code;
}

int store_rate_forget(struct store_conn *c, const char *kind, int64_t hash,
		      const char *grp_kind, int64_t grp, struct kesu_err *err)
{
	struct sql_stmt *st = conn_stmt(c, S_RATE_FORGET,
				     "DELETE FROM rate_counts WHERE kind = ?1 AND hash = ?2", err);
	if (!st)
		return -err->code;
	bind_text(st, 1, kind);
	sql_bind_int64(st, 2, hash);
	int rc = step_done(c, st, "rate forget", err);
	if (rc || !grp_kind)
		return rc;
	if (!(st = conn_stmt(c, S_RATE_FORGET_GRP,
			     "DELETE FROM rate_counts WHERE kind = ?1 AND grp = ?2", err)))
		return -err->code;
	bind_text(st, 1, grp_kind);
	sql_bind_int64(st, 2, grp);
	return step_done(c, st, "rate forget", err);
}

int store_rate_prune(struct store_conn *c, int64_t now_ms, struct kesu_err *err)
{
	struct sql_stmt *st = conn_stmt(c, S_RATE_PRUNE,
				     "DELETE FROM rate_counts WHERE until_ms < ?1", err);
	if (!st)
		return -err->code;
	sql_bind_int64(st, 1, now_ms);
	return step_done(c, st, "rate prune", err);
}

/* --- presence on complaints ------------------------------------------------------- */

int store_presence_expire(struct store_conn *c, int64_t before, int64_t now_ms,
			  struct kesu_err *err)
{
	struct sql_stmt *st = conn_stmt(
		c, S_PRES_EXPIRE_NOTE,
		"INSERT INTO presence_changes(complaint_id, team_id, tracking_no, at_ms)"
		" SELECT complaint_id, max(team_id), max(tracking_no), CAST(?2 AS BIGINT) FROM presence"
		" WHERE seen_ms < ?1 GROUP BY complaint_id",
		err);
	if (!st)
		return -err->code;
	sql_bind_int64(st, 1, before);
	sql_bind_int64(st, 2, now_ms);
	int rc = step_done(c, st, "presence expiry", err);
	if (rc)
		return rc;
	if (!(st = conn_stmt(c, S_PRES_EXPIRE, "DELETE FROM presence WHERE seen_ms < ?1", err)))
		return -err->code;
	sql_bind_int64(st, 1, before);
	return step_done(c, st, "presence expiry", err);
}

#define PRESENCE_COLS \
	"complaint_id, user_id, team_id, tracking_no, name, editing, since_ms, seen_ms"

static void read_presence(struct sql_stmt *st, struct arena *a, void *out)
{
	struct presence_row *r = out;
	r->complaint_id = sql_column_int64(st, 0);
	r->user_id = sql_column_int64(st, 1);
	r->team_id = sql_column_int64(st, 2);
	r->tracking_no = col_text(st, 3, a);
	r->name = col_text(st, 4, a);
	r->editing = (int)sql_column_int64(st, 5);
	r->since_ms = sql_column_int64(st, 6);
	r->seen_ms = sql_column_int64(st, 7);
}

int store_presence_get(struct store_conn *c, int64_t complaint_id, int64_t user_id,
		       struct arena *a, struct presence_row *out, struct kesu_err *err)
{
	struct sql_stmt *st = conn_stmt(c, S_PRES_GET,
				     "SELECT " PRESENCE_COLS " FROM presence"
				     " WHERE complaint_id = ?1 AND user_id = ?2",
				     err);
	if (!st)
		return -err->code;
	sql_bind_int64(st, 1, complaint_id);
	sql_bind_int64(st, 2, user_id);
	return load_row(c, st, read_presence, a, out, "not on the complaint", 0, err);
}

struct three {
	int64_t v[3];
};

static void read_three(struct sql_stmt *st, struct arena *a, void *out)
{
	(void)a;
	struct three *t = out;
	for (int i = 0; i < 3; i++)
		t->v[i] = sql_column_int64(st, i);
}

int store_presence_counts(struct store_conn *c, int64_t complaint_id, int64_t user_id,
			  int64_t *on_complaint, int64_t *of_user, int64_t *all,
			  struct kesu_err *err)
{
	struct sql_stmt *st = conn_stmt(
		c, S_PRES_COUNTS,
		"SELECT (SELECT count(*) FROM presence WHERE complaint_id = ?1),"
		" (SELECT count(*) FROM presence WHERE user_id = ?2),"
		" (SELECT count(*) FROM presence)",
		err);
	if (!st)
		return -err->code;
	sql_bind_int64(st, 1, complaint_id);
	sql_bind_int64(st, 2, user_id);
	struct three t = {{0}};
	int rc = load_row(c, st, read_three, NULL, &t, "no counts", 0, err);
	*on_complaint = t.v[0];
	*of_user = t.v[1];
	*all = t.v[2];
	return rc;
}

static void read_id(struct sql_stmt *st, struct arena *a, void *out)
{
	(void)a;
	*(int64_t *)out = sql_column_int64(st, 0);
}

int store_presence_oldest_of(struct store_conn *c, int64_t user_id, int64_t *complaint_id,
			     struct kesu_err *err)
{
	struct sql_stmt *st = conn_stmt(c, S_PRES_OLDEST,
				     "SELECT complaint_id FROM presence WHERE user_id = ?1"
				     " ORDER BY seen_ms, complaint_id LIMIT 1",
				     err);
	if (!st)
		return -err->code;
	sql_bind_int64(st, 1, user_id);
	return load_row(c, st, read_id, NULL, complaint_id, "no page open", 0, err);
}

int store_presence_put(struct store_conn *c, const struct presence_row *r, struct kesu_err *err)
{
	struct sql_stmt *st = conn_stmt(
		c, S_PRES_PUT,
		"INSERT INTO presence(" PRESENCE_COLS ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"
		" ON CONFLICT (complaint_id, user_id) DO UPDATE SET team_id = excluded.team_id,"
		" tracking_no = excluded.tracking_no, name = excluded.name,"
		" since_ms = CASE WHEN presence.editing = excluded.editing THEN presence.since_ms"
		" ELSE excluded.since_ms END,"
		" editing = excluded.editing, seen_ms = excluded.seen_ms",
		err);
	if (!st)
		return -err->code;
	sql_bind_int64(st, 1, r->complaint_id);
	sql_bind_int64(st, 2, r->user_id);
	sql_bind_int64(st, 3, r->team_id);
	bind_text(st, 4, r->tracking_no);
	bind_text(st, 5, r->name);
	sql_bind_int64(st, 6, r->editing);
	sql_bind_int64(st, 7, r->since_ms);
	sql_bind_int64(st, 8, r->seen_ms);
	return step_done(c, st, "presence", err);
}

int store_presence_drop(struct store_conn *c, int64_t complaint_id, int64_t user_id,
			int *dropped, struct kesu_err *err)
{
	struct sql_stmt *st = conn_stmt(c, S_PRES_DROP,
				     "DELETE FROM presence WHERE complaint_id = ?1 AND user_id = ?2",
				     err);
	if (!st)
		return -err->code;
	sql_bind_int64(st, 1, complaint_id);
	sql_bind_int64(st, 2, user_id);
	int rc = step_one(c, st, "presence", err);
	*dropped = rc == 0;
	if (rc == -KE_NOT_FOUND) {
		memset(err, 0, sizeof *err);
		rc = 0;
	}
	return rc;
}

int store_presence_change(struct store_conn *c, int64_t complaint_id, int64_t team_id,
			  const char *tracking_no, int64_t now_ms, struct kesu_err *err)
{
	struct sql_stmt *st = conn_stmt(c, S_PRES_CHANGE,
				     "INSERT INTO presence_changes(complaint_id, team_id, tracking_no,"
				     " at_ms) VALUES (?1, ?2, ?3, ?4)",
				     err);
	if (!st)
		return -err->code;
	sql_bind_int64(st, 1, complaint_id);
	sql_bind_int64(st, 2, team_id);
	bind_text(st, 3, tracking_no);
	sql_bind_int64(st, 4, now_ms);
	return step_done(c, st, "presence change", err);
}

int store_presence_list(struct store_conn *c, int64_t complaint_id, int64_t after_ms, int max,
			struct arena *a, struct presence_row **rows, int *n, struct kesu_err *err)
{
	struct sql_stmt *st = conn_stmt(c, S_PRES_LIST,
				     "SELECT " PRESENCE_COLS " FROM presence"
				     " WHERE complaint_id = ?1 AND seen_ms >= ?2"
				     " ORDER BY since_ms, user_id LIMIT ?3",
				     err);
	if (!st)
		return -err->code;
	sql_bind_int64(st, 1, complaint_id);
	sql_bind_int64(st, 2, after_ms);
	sql_bind_int64(st, 3, max);
	*rows = load_all(c, st, read_presence, sizeof **rows, max, a, n, err);
	return *rows ? 0 : -err->code;
}

static void read_change(struct sql_stmt *st, struct arena *a, void *out)
{
	struct presence_change *p = out;
	p->id = sql_column_int64(st, 0);
	p->complaint_id = sql_column_int64(st, 1);
	p->team_id = sql_column_int64(st, 2);
	p->tracking_no = col_text(st, 3, a);
}

int store_presence_changes(struct store_conn *c, int64_t after_id, int max, struct arena *a,
			   struct presence_change **rows, int *n, struct kesu_err *err)
{
	struct sql_stmt *st = conn_stmt(c, S_PRES_CHANGES,
				     "SELECT id, complaint_id, team_id, tracking_no FROM presence_changes"
				     " WHERE id > ?1 ORDER BY id LIMIT ?2",
				     err);
	if (!st)
		return -err->code;
	sql_bind_int64(st, 1, after_id);
	sql_bind_int64(st, 2, max);
	*rows = load_all(c, st, read_change, sizeof **rows, max, a, n, err);
	return *rows ? 0 : -err->code;
}

int store_presence_change_max(struct store_conn *c, int64_t *id, struct kesu_err *err)
{
	struct sql_stmt *st = conn_stmt(c, S_PRES_CHANGE_MAX,
				     "SELECT COALESCE(max(id), 0) FROM presence_changes", err);
	if (!st)
		return -err->code;
	return step_int64(c, st, id, "presence changes", err);
}

int store_presence_prune(struct store_conn *c, int64_t keep, struct kesu_err *err)
{
	struct sql_stmt *st = conn_stmt(c, S_PRES_PRUNE,
				     "DELETE FROM presence_changes WHERE id <= (SELECT max(id) FROM"
				     " presence_changes) - ?1",
				     err);
	if (!st)
		return -err->code;
	sql_bind_int64(st, 1, keep);
	return step_done(c, st, "presence changes", err);
}

/* --- generations ------------------------------------------------------------------------ */

int store_generation_bump(struct store_conn *c, const char *name, struct kesu_err *err)
{
	struct sql_stmt *st = conn_stmt(c, S_GEN_BUMP,
				     "INSERT INTO generations(name, n) VALUES (?1, 1)"
				     " ON CONFLICT (name) DO UPDATE SET n = generations.n + 1",
				     err);
	if (!st)
		return -err->code;
	bind_text(st, 1, name);
	return step_done(c, st, "generation", err);
}

int store_generation_get(struct store_conn *c, const char *name, int64_t *n,
			 struct kesu_err *err)
{
	struct sql_stmt *st = conn_stmt(c, S_GEN_GET,
				     "SELECT COALESCE((SELECT n FROM generations WHERE name = ?1), 0)",
				     err);
	if (!st)
		return -err->code;
	bind_text(st, 1, name);
	return step_int64(c, st, n, "generation", err);
}
