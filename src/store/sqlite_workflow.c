/*
 * sqlite_workflow.c - clocks, the notification outbox and workflow
 * settings in SQLite.
 */
#include "sqlite_int.h"

#include <jansson.h>
#include <stdio.h>
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
		if (!strcmp(k[i].state, "running") && k[i].due_at) {
			int64_t w = k[i].warn_at ? k[i].warn_at : k[i].due_at;
			if (!due || k[i].due_at < due)
				due = k[i].due_at;
			if (!soon || w < soon)
				soon = w;
		}
		if (!strcmp(k[i].state, "breached")) {
			late |= !k[i].used_ms;
			if (k[i].done_at > breached)
				breached = k[i].done_at;
		}
	}
	char *json = json_dumps(set, JSON_COMPACT);
	json_decref(set);
	if (!json)
		return kesu_fail(err, KE_UNAVAILABLE, "", "not enough memory for the clocks");
	sqlite3_stmt *st = conn_stmt(c, S_CLOCK_PUT,
				     "INSERT INTO clock_sets(complaint_id, next_at, clocks, due_at,"
				     " soon_at, late, breached_at) VALUES (?, ?, ?, ?, ?, ?, ?)"
				     " ON CONFLICT(complaint_id) DO UPDATE SET"
				     " next_at = excluded.next_at, clocks = excluded.clocks,"
				     " due_at = excluded.due_at, soon_at = excluded.soon_at,"
				     " late = excluded.late, breached_at = excluded.breached_at",
				     err);
	if (!st)
		return -err->code;
	sqlite3_bind_int64(st, 1, complaint_id);
	if (next)
		sqlite3_bind_int64(st, 2, next);
	else
		sqlite3_bind_null(st, 2);
	sqlite3_bind_text(st, 3, json, -1, SQLITE_STATIC);
	bind_opt(st, 4, due);
	bind_opt(st, 5, soon);
	sqlite3_bind_int(st, 6, late);
	bind_opt(st, 7, breached);
	int rc = sqlite3_step(st);
	stmt_done(st);
	free(json);
	return rc == SQLITE_DONE ? 0 : sql_fail(c, rc, "clock put", err);
}

int store_clocks_of(struct store_conn *c, int64_t complaint_id, struct arena *a,
		    struct clock_row **items, int *n, struct kesu_err *err)
{
	sqlite3_stmt *st = conn_stmt(c, S_CLOCKS_OF,
				     "SELECT " CLOCK_COLS " FROM clock_sets, json_each(clocks)"
				     " WHERE complaint_id = ?",
				     err);
	if (!st)
		return -err->code;
	sqlite3_bind_int64(st, 1, complaint_id);
	*items = arena_alloc(a, sizeof **items * CLOCKS_MAX);
	*n = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && *n < CLOCKS_MAX) {
		struct clock_row *k = &(*items)[(*n)++];
		k->complaint_id = complaint_id;
		k->kind = col_text(st, 0, a);
		k->state = col_text(st, 1, a);
		k->started_at = sqlite3_column_int64(st, 2);
		k->target_ms = sqlite3_column_int64(st, 3);
		k->working = sqlite3_column_int(st, 4);
		k->due_at = sqlite3_column_int64(st, 5);
		k->warn_at = sqlite3_column_int64(st, 6);
		k->warned = sqlite3_column_int(st, 7);
		k->remaining_ms = sqlite3_column_int64(st, 8);
		k->next_at = sqlite3_column_int64(st, 9);
		k->done_at = sqlite3_column_int64(st, 10);
		k->used_ms = sqlite3_column_int64(st, 11); /* absent before it was kept: 0 */
	}
	stmt_done(st);
	return rc == SQLITE_DONE || rc == SQLITE_ROW ? 0 : sql_fail(c, rc, "clocks", err);
}

int store_clocks_due(struct store_conn *c, int64_t now, int limit, int64_t *ids, int *n,
		     struct kesu_err *err)
{
	sqlite3_stmt *st = conn_stmt(c, S_CLOCKS_NEXT,
				     "SELECT complaint_id FROM clock_sets WHERE next_at IS NOT NULL"
				     " AND next_at <= ? ORDER BY next_at LIMIT ?",
				     err);
	if (!st)
		return -err->code;
	sqlite3_bind_int64(st, 1, now);
	sqlite3_bind_int(st, 2, limit);
	*n = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && *n < limit)
		ids[(*n)++] = sqlite3_column_int64(st, 0);
	stmt_done(st);
	return rc == SQLITE_DONE || rc == SQLITE_ROW ? 0 : sql_fail(c, rc, "clocks due", err);
}

int store_outbox_put(struct store_conn *c, struct outbox_item *o, struct kesu_err *err)
{
	sqlite3_stmt *st = conn_stmt(
		c, S_OUTBOX_PUT,
		"INSERT INTO outbox(complaint_id, audience, kind, channel, recipient, language,"
		" data, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
		err);
	if (!st)
		return -err->code;
	bind_opt(st, 1, o->complaint_id);
	bind_text(st, 2, o->audience);
	bind_text(st, 3, o->kind);
	bind_text(st, 4, o->channel);
	bind_text(st, 5, o->recipient);
	bind_text(st, 6, o->language);
	bind_text(st, 7, o->data ? o->data : "{}");
	sqlite3_bind_int64(st, 8, o->created_at);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		o->id = sqlite3_column_int64(st, 0);
	stmt_done(st);
	c->notify = 1;
	return rc == SQLITE_ROW ? 0 : sql_fail(c, rc, "outbox put", err);
}

int store_outbox_list(struct store_conn *c, int64_t complaint_id, int64_t after_id, int limit,
		      struct arena *a, struct outbox_item **items, int *n, struct kesu_err *err)
{
	sqlite3_stmt *st =
		complaint_id
			? conn_stmt(c, S_OUTBOX_OF,
				    "SELECT " OUTBOX_COLS " FROM outbox"
				    " WHERE complaint_id = ? AND id > ? ORDER BY id LIMIT ?",
				    err)
			: conn_stmt(c, S_OUTBOX_ALL,
				    "SELECT " OUTBOX_COLS " FROM outbox"
				    " WHERE ? = 0 AND id > ? ORDER BY id LIMIT ?",
				    err);
	if (!st)
		return -err->code;
	sqlite3_bind_int64(st, 1, complaint_id);
	sqlite3_bind_int64(st, 2, after_id);
	sqlite3_bind_int(st, 3, limit);
	*items = arena_alloc(a, sizeof **items * (size_t)limit);
	*n = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		outbox_read_row(st, a, &(*items)[(*n)++]);
	stmt_done(st);
	return rc == SQLITE_DONE ? 0 : sql_fail(c, rc, "outbox list", err);
}

int store_setting_get(struct store_conn *c, const char *key, struct arena *a,
		      const char **text, struct kesu_err *err)
{
	char full[64];
	snprintf(full, sizeof full, "setting:%s", key);
	sqlite3_stmt *st = conn_stmt(c, S_META_GET, "SELECT value FROM meta WHERE key = ?", err);
	if (!st)
		return -err->code;
	bind_text(st, 1, full);
	*text = NULL;
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*text = col_text(st, 0, a);
	stmt_done(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : sql_fail(c, rc, "setting get", err);
}

int store_setting_put(struct store_conn *c, const char *key, const char *text,
		      struct kesu_err *err)
{
	char full[64];
	snprintf(full, sizeof full, "setting:%s", key);
	return meta_set(c, full, text, err);
}

int store_complaints_without_clocks(struct store_conn *c, int limit, int64_t *ids, int *n,
				    struct kesu_err *err)
{
	/* one pass over the complaints, probing the clocks' primary key */
	sqlite3_stmt *st;
	int rc = sqlite3_prepare_v2(c->db,
				    "SELECT id FROM complaints cp WHERE status <> 'closed' AND NOT EXISTS"
				    " (SELECT 1 FROM clock_sets k WHERE k.complaint_id = cp.id)"
				    " ORDER BY id LIMIT ?",
				    -1, &st, NULL);
	if (rc != SQLITE_OK)
		return sql_fail(c, rc, "complaints without clocks", err);
	sqlite3_bind_int(st, 1, limit);
	*n = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		ids[(*n)++] = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : sql_fail(c, rc, "complaints without clocks", err);
}

/* --- Compensation ---------------------------------------------------------- */

#define COMP_COLS                                                                  \
	"k.id, k.complaint_id, k.amount_fen, k.type, k.note, k.state, k.decision_reason," \
	" k.idem_key, k.proposed_by, k.proposed_at, k.decided_by, k.decided_at,"       \
	" p.username, d.username FROM compensations k JOIN users p ON p.id = k.proposed_by" \
	" LEFT JOIN users d ON d.id = k.decided_by"

static void read_comp(sqlite3_stmt *st, struct arena *a, struct compensation *k)
{
	k->id = sqlite3_column_int64(st, 0);
	k->complaint_id = sqlite3_column_int64(st, 1);
	k->amount_fen = sqlite3_column_int64(st, 2);
	k->type = col_text(st, 3, a);
	k->note = col_text(st, 4, a);
	k->state = col_text(st, 5, a);
	k->decision_reason = col_text(st, 6, a);
	k->idem_key = col_text(st, 7, a);
	k->proposed_by = sqlite3_column_int64(st, 8);
	k->proposed_at = sqlite3_column_int64(st, 9);
	k->decided_by = sqlite3_column_int64(st, 10);
	k->decided_at = sqlite3_column_int64(st, 11);
	k->proposer = col_text(st, 12, a);
	k->decider = col_text(st, 13, a);
}

int store_compensation_insert(struct store_conn *c, struct compensation *k,
			      struct kesu_err *err)
{
	sqlite3_stmt *st = conn_stmt(
		c, S_COMP_INSERT,
		"INSERT INTO compensations(complaint_id, type, amount_fen, note, state, proposed_by,"
		" proposed_at, decided_by, decided_at, decision_reason, idem_key)"
		" VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
		err);
	if (!st)
		return -err->code;
	sqlite3_bind_int64(st, 1, k->complaint_id);
	bind_text(st, 2, k->type);
	sqlite3_bind_int64(st, 3, k->amount_fen);
	bind_text(st, 4, k->note);
	bind_text(st, 5, k->state);
	sqlite3_bind_int64(st, 6, k->proposed_by);
	sqlite3_bind_int64(st, 7, k->proposed_at);
	bind_opt(st, 8, k->decided_by);
	bind_opt(st, 9, k->decided_at);
	bind_text(st, 10, k->decision_reason);
	bind_text(st, 11, k->idem_key);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		k->id = sqlite3_column_int64(st, 0);
	stmt_done(st);
	return rc == SQLITE_ROW ? 0 : sql_fail(c, rc, "compensation insert", err);
}

static int comp_one(struct store_conn *c, sqlite3_stmt *st, struct arena *a,
		    struct compensation *out, struct kesu_err *err)
{
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		read_comp(st, a, out);
	stmt_done(st);
	if (rc == SQLITE_ROW)
		return 0;
	if (rc == SQLITE_DONE)
		return kesu_fail(err, KE_NOT_FOUND, "", "no such compensation");
	return sql_fail(c, rc, "compensation get", err);
}

int store_compensation_get(struct store_conn *c, int64_t id, struct arena *a,
			   struct compensation *out, struct kesu_err *err)
{
	sqlite3_stmt *st = conn_stmt(c, S_COMP_GET, "SELECT " COMP_COLS " WHERE k.id = ?", err);
	if (!st)
		return -err->code;
	sqlite3_bind_int64(st, 1, id);
	return comp_one(c, st, a, out, err);
}

int store_compensation_by_key(struct store_conn *c, int64_t complaint_id, int64_t proposer,
			      const char *key, struct arena *a, struct compensation *out,
			      struct kesu_err *err)
{
	sqlite3_stmt *st = conn_stmt(c, S_COMP_BY_KEY,
				     "SELECT " COMP_COLS " WHERE k.complaint_id = ? AND"
				     " k.proposed_by = ? AND k.idem_key = ?",
				     err);
	if (!st)
		return -err->code;
	sqlite3_bind_int64(st, 1, complaint_id);
	sqlite3_bind_int64(st, 2, proposer);
	bind_text(st, 3, key);
	return comp_one(c, st, a, out, err);
}

int store_compensation_decide(struct store_conn *c, const struct compensation *k,
			      struct kesu_err *err)
{
	sqlite3_stmt *st = conn_stmt(c, S_COMP_DECIDE,
				     "UPDATE compensations SET state = ?, decided_by = ?,"
				     " decided_at = ?, decision_reason = ?"
				     " WHERE id = ? AND state = 'pending'",
				     err);
	if (!st)
		return -err->code;
	bind_text(st, 1, k->state);
	sqlite3_bind_int64(st, 2, k->decided_by);
	sqlite3_bind_int64(st, 3, k->decided_at);
	bind_text(st, 4, k->decision_reason);
	sqlite3_bind_int64(st, 5, k->id);
	int rc = sqlite3_step(st);
	int changed = sqlite3_changes(c->db);
	stmt_done(st);
	if (rc != SQLITE_DONE)
		return sql_fail(c, rc, "compensation decide", err);
	return changed ? 0 : kesu_fail(err, KE_CONFLICT, "", "the proposal was decided already");
}

int store_compensation_list(struct store_conn *c, int64_t complaint_id, struct arena *a,
			    struct compensation **items, int *n, struct kesu_err *err)
{
	sqlite3_stmt *st = conn_stmt(c, S_COMP_LIST,
				     "SELECT " COMP_COLS " WHERE k.complaint_id = ? ORDER BY k.id"
				     " LIMIT 200",
				     err);
	if (!st)
		return -err->code;
	sqlite3_bind_int64(st, 1, complaint_id);
	*items = arena_alloc(a, sizeof **items * 200);
	*n = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		read_comp(st, a, &(*items)[(*n)++]);
	stmt_done(st);
	return rc == SQLITE_DONE ? 0 : sql_fail(c, rc, "compensation list", err);
}

int store_compensation_totals(struct store_conn *c, int64_t since, int64_t until,
			      void (*fn)(void *ctx, const char *type, int64_t count, int64_t fen),
			      void *ctx, struct kesu_err *err)
{
	sqlite3_stmt *st = conn_stmt(c, S_COMP_TOTALS,
				     "SELECT type, count(*), sum(amount_fen) FROM compensations"
				     " WHERE state = 'granted' AND decided_at >= ? AND decided_at < ?"
				     " GROUP BY type ORDER BY type",
				     err);
	if (!st)
		return -err->code;
	sqlite3_bind_int64(st, 1, since);
	sqlite3_bind_int64(st, 2, until);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		fn(ctx, (const char *)sqlite3_column_text(st, 0), sqlite3_column_int64(st, 1),
		   sqlite3_column_int64(st, 2));
	stmt_done(st);
	return rc == SQLITE_DONE ? 0 : sql_fail(c, rc, "compensation totals", err);
}
