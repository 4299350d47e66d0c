/*
 * sqlite_metrics.c - the store's figures for GET /metrics, in one
 * statement: each count reads the partial index of what it counts (the
 * pending notices, the queued and the dead deliveries, the clocks due and
 * late), so a scrape costs the backlog's size, never the data's, and no
 * count goes past STORE_METRICS_CAP.
 */
#include "sqlite_int.h"

#include <string.h>

#include "store_metrics.h"

/* ?1: now (ms), ?2: the cap */
static const char metrics_sql[] =
	"SELECT"
	" (SELECT count(*) FROM (SELECT 1 FROM outbox WHERE state = 'pending' LIMIT ?2) p),"
	" COALESCE((SELECT created_at FROM outbox WHERE state = 'pending' ORDER BY id LIMIT 1), 0),"
	" (SELECT count(*) FROM (SELECT 1 FROM deliveries WHERE state = 'queued' LIMIT ?2) q),"
	" (SELECT count(*) FROM (SELECT 1 FROM deliveries WHERE state = 'dead' LIMIT ?2) d),"
	" (SELECT count(*) FROM (SELECT 1 FROM clock_sets WHERE next_at <= ?1 LIMIT ?2) n),"
	" (SELECT count(*) FROM (SELECT 1 FROM clock_sets k JOIN complaints c"
	" ON c.id = k.complaint_id WHERE k.late = 1 AND c.status <> 'closed' LIMIT ?2) b)";

static void read_metrics(struct sql_stmt *st, struct arena *a, void *out)
{
	(void)a;
	struct store_metrics *m = out;
	m->outbox_pending = sql_column_int64(st, 0);
	m->outbox_oldest_at = sql_column_int64(st, 1);
	m->deliveries_queued = sql_column_int64(st, 2);
	m->deliveries_dead = sql_column_int64(st, 3);
	m->clocks_due = sql_column_int64(st, 4);
	m->clocks_breached = sql_column_int64(st, 5);
}

int store_metrics_read(struct store_conn *c, int64_t now, struct store_metrics *out,
		       struct kesu_err *err)
{
	memset(out, 0, sizeof *out);
	struct store *s = c->store;
	pthread_mutex_lock(&s->pool_mu);
	for (struct store_conn *r = s->all_readers; r; r = r->next_all)
		out->readers++;
	for (struct store_conn *r = s->free_readers; r; r = r->next_free)
		out->readers_idle++;
	pthread_mutex_unlock(&s->pool_mu);

	struct sql_stmt *st = conn_stmt(c, S_METRICS_READ, metrics_sql, err);
	if (!st)
		return -err->code;
	sql_bind_int64(st, 1, now);
	sql_bind_int64(st, 2, STORE_METRICS_CAP);
	return load_row(c, st, read_metrics, NULL, out, "no metrics", 0, err);
}
