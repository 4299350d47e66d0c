/*
 * sqlite_clocks.c - the clocks of complaints (acknowledge, first response,
 * resolution...): one row per complaint, with what the queues read beside
 * them.
 */
#include "sqlite_int.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

/* The clocks of a complaint are one row of clock_sets (0006): a JSON array
 * of arrays, read back as rows through json_each. A twelfth member, used_ms
 * (the time a met clock took), came later: rows without it read 0. */
#define CLOCK_COLS                                                                    \
	"value->>0, value->>1, value->>2, value->>3, value->>4, value->>5, value->>6," \
	" value->>7, value->>8, value->>9, value->>10, value->>11"

int store_clocks_put(struct store_conn *c, int64_t complaint_id, const struct clock_row *k,
		     int n, struct kesu_err *err)
{
	int64_t next = 0, due = 0, soon = 0, breached = 0;
	int late = 0;
	const char *due_clock = NULL;
	if (n > CLOCKS_MAX)
		return kesu_fail(err, KE_INTERNAL, "", "too many clocks for complaint %lld",
				 (long long)complaint_id);
	json_t *set = json_array();
	for (int i = 0; i < n; i++) {
		/* NULL (a clock without kind or state) makes the append fail */
		if (json_array_append_new(
			    set, json_pack("[s,s,I,I,i,I,I,i,I,I,I,I]", k[i].kind, k[i].state,
					   (json_int_t)k[i].started_at, (json_int_t)k[i].target_ms,
					   k[i].working, (json_int_t)k[i].due_at,
					   (json_int_t)k[i].warn_at, k[i].warned,
					   (json_int_t)k[i].remaining_ms, (json_int_t)k[i].next_at,
					   (json_int_t)k[i].done_at, (json_int_t)k[i].used_ms))) {
			json_decref(set);
			return kesu_fail(err, KE_INTERNAL, "", "a clock without kind or state");
		}
		if (k[i].next_at && (!next || k[i].next_at < next))
			next = k[i].next_at;
		/* what the queues read (0010) */
		int running = !strcmp(k[i].state, "running");
		int owed = !strcmp(k[i].state, "breached") && !k[i].used_ms;
		/* most urgent first (0020): a breached clock still owed counts
		 * with its due time, the most overdue earliest */
		if ((running || owed) && k[i].due_at && (!due || k[i].due_at < due)) {
			due = k[i].due_at;
			due_clock = k[i].kind;
		}
		if (running && k[i].due_at) {
			int64_t w = k[i].warn_at ? k[i].warn_at : k[i].due_at;
			if (!soon || w < soon)
				soon = w;
		}
		if (!strcmp(k[i].state, "breached")) {
			late |= owed;
			if (k[i].done_at > breached)
				breached = k[i].done_at;
		}
	}
	char *json = json_dumps(set, JSON_COMPACT);
	json_decref(set);
	if (!json)
		return kesu_fail(err, KE_UNAVAILABLE, "", "not enough memory for the clocks");
	struct sql_stmt *st = conn_stmt(c, S_CLOCK_PUT,
				     "INSERT INTO clock_sets(complaint_id, next_at, clocks, due_at,"
				     " soon_at, late, breached_at, due_clock)"
				     " VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
				     " ON CONFLICT(complaint_id) DO UPDATE SET"
				     " next_at = excluded.next_at, clocks = excluded.clocks,"
				     " due_at = excluded.due_at, soon_at = excluded.soon_at,"
				     " late = excluded.late, breached_at = excluded.breached_at,"
				     " due_clock = excluded.due_clock",
				     err);
	if (!st)
		return -err->code;
	sql_bind_int64(st, 1, complaint_id);
	if (next)
		sql_bind_int64(st, 2, next);
	else
		sql_bind_null(st, 2);
	sql_bind_text(st, 3, json, -1, SQLITE_STATIC);
	bind_opt(st, 4, due);
	bind_opt(st, 5, soon);
	sql_bind_int(st, 6, late);
	bind_opt(st, 7, breached);
	if (due_clock)
		sql_bind_text(st, 8, due_clock, -1, SQLITE_STATIC);
	else
		sql_bind_null(st, 8);
	int rc = sql_step_later(st); /* (the text is copied when sent) */
	stmt_done(st);
	free(json);
	return rc == SQLITE_DONE ? 0 : sql_fail(c, rc, "clock put", err);
}

int store_clocks_of(struct store_conn *c, int64_t complaint_id, struct arena *a,
		    struct clock_row **items, int *n, struct kesu_err *err)
{
	struct sql_stmt *st = conn_stmt(c, S_CLOCKS_OF,
				     "SELECT " CLOCK_COLS " FROM clock_sets, json_each(clocks)"
				     " WHERE complaint_id = ?",
				     err);
	if (!st)
		return -err->code;
	sql_bind_int64(st, 1, complaint_id);
	*items = arena_alloc(a, sizeof **items * CLOCKS_MAX);
	*n = 0;
	int rc;
	while ((rc = sql_step(st)) == SQLITE_ROW && *n < CLOCKS_MAX) {
		struct clock_row *k = &(*items)[(*n)++];
		k->complaint_id = complaint_id;
		k->kind = col_text(st, 0, a);
		k->state = col_text(st, 1, a);
		k->started_at = sql_column_int64(st, 2);
		k->target_ms = sql_column_int64(st, 3);
		k->working = sql_column_int(st, 4);
		k->due_at = sql_column_int64(st, 5);
		k->warn_at = sql_column_int64(st, 6);
		k->warned = sql_column_int(st, 7);
		k->remaining_ms = sql_column_int64(st, 8);
		k->next_at = sql_column_int64(st, 9);
		k->done_at = sql_column_int64(st, 10);
		k->used_ms = sql_column_int64(st, 11); /* absent before it was kept: 0 */
	}
	stmt_done(st);
	return rc == SQLITE_DONE || rc == SQLITE_ROW ? 0 : sql_fail(c, rc, "clocks", err);
}

int store_clocks_due(struct store_conn *c, int64_t now, int limit, int64_t *ids, int *n,
		     struct kesu_err *err)
{
	struct sql_stmt *st = conn_stmt(c, S_CLOCKS_NEXT,
				     "SELECT complaint_id FROM clock_sets WHERE next_at IS NOT NULL"
				     " AND next_at <= ? ORDER BY next_at LIMIT ?",
				     err);
	if (!st)
		return -err->code;
	sql_bind_int64(st, 1, now);
	sql_bind_int(st, 2, limit);
	*n = 0;
	int rc;
	while ((rc = sql_step(st)) == SQLITE_ROW && *n < limit)
		ids[(*n)++] = sql_column_int64(st, 0);
	stmt_done(st);
	return rc == SQLITE_DONE || rc == SQLITE_ROW ? 0 : sql_fail(c, rc, "clocks due", err);
}

int store_complaints_without_clocks(struct store_conn *c, int limit, int64_t *ids, int *n,
				    struct kesu_err *err)
{
	/* one pass over the complaints, probing the clocks' primary key */
	struct sql_stmt *st;
	int rc = sql_prepare_v2(c,
				    "SELECT id FROM complaints cp WHERE status <> 'closed' AND NOT EXISTS"
				    " (SELECT 1 FROM clock_sets k WHERE k.complaint_id = cp.id)"
				    " ORDER BY id LIMIT ?",
				    -1, &st, NULL);
	if (rc != SQLITE_OK)
		return sql_fail(c, rc, "complaints without clocks", err);
	sql_bind_int(st, 1, limit);
	*n = 0;
	while ((rc = sql_step(st)) == SQLITE_ROW)
		ids[(*n)++] = sql_column_int64(st, 0);
	sql_finalize(st);
	return rc == SQLITE_DONE ? 0 : sql_fail(c, rc, "complaints without clocks", err);
}
