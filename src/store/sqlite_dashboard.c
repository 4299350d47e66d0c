/*
 * sqlite_dashboard.c - the supervisors' dashboard figures in SQLite: each
 * read from an index of what is open or recent (0010), never by walking
 * the closed complaints.
 */
#include "sqlite_int.h"

#include <string.h>

/* ?1: the user whose teams are counted, 0 for every team */
#define TEAMS " (?1 = 0 OR c.team_id IN (SELECT team_id FROM team_members WHERE user_id = ?1))"

static struct sql_stmt *stmt(struct store_conn *c, enum stmt_slot slot, const char *sql,
			  int64_t teams_of, struct kesu_err *err)
{
	struct sql_stmt *st = conn_stmt(c, slot, sql, err);
	if (st)
		sql_bind_int64(st, 1, teams_of);
	return st;
}

static int done(struct store_conn *c, struct sql_stmt *st, int rc, const char *what,
		struct kesu_err *err)
{
	stmt_done(st);
	return rc == SQLITE_DONE || rc == SQLITE_ROW ? 0 : sql_fail(c, rc, what, err);
}

int store_dashboard(struct store_conn *c, int64_t teams_of, int64_t day_start,
		    int64_t week_start, struct arena *a, struct dashboard *out,
		    struct kesu_err *err)
{
	memset(out, 0, sizeof *out);
	struct sql_stmt *st = stmt(c, S_DASH_OPEN,
				"SELECT c.status, c.level, count(*) FROM complaints c"
				" WHERE c.status <> 'closed' AND" TEAMS
				" GROUP BY c.status, c.level ORDER BY c.status, c.level",
				teams_of, err);
	if (!st)
		return -err->code;
	int rc;
	while ((rc = sql_step(st)) == SQLITE_ROW && out->ncells < DASH_CELLS) {
		struct dash_cell *d = &out->cells[out->ncells++];
		d->status = col_text(st, 0, a);
		d->level = sql_column_int(st, 1);
		d->n = sql_column_int64(st, 2);
	}
	if ((rc = done(c, st, rc, "dashboard open", err)))
		return rc;

	st = stmt(c, S_DASH_BREACHED,
		  "SELECT count(*) FROM clock_sets k JOIN complaints c ON c.id = k.complaint_id"
		  " WHERE k.breached_at >= ?2 AND" TEAMS,
		  teams_of, err);
	if (!st)
		return -err->code;
	sql_bind_int64(st, 2, day_start);
	if ((rc = sql_step(st)) == SQLITE_ROW)
		out->breached_today = sql_column_int64(st, 0);
	if ((rc = done(c, st, rc, "dashboard breaches", err)))
		return rc;

	st = stmt(c, S_DASH_LATE,
		  "SELECT count(*) FROM clock_sets k JOIN complaints c ON c.id = k.complaint_id"
		  " WHERE k.late = 1 AND c.status <> 'closed' AND" TEAMS,
		  teams_of, err);
	if (!st)
		return -err->code;
	if ((rc = sql_step(st)) == SQLITE_ROW)
		out->late_open = sql_column_int64(st, 0);
	if ((rc = done(c, st, rc, "dashboard late", err)))
		return rc;

	st = stmt(c, S_DASH_PENDING,
		  "SELECT count(*), coalesce(sum(p.amount_fen), 0) FROM compensations p"
		  " JOIN complaints c ON c.id = p.complaint_id WHERE p.state = 'pending' AND" TEAMS,
		  teams_of, err);
	if (!st)
		return -err->code;
	if ((rc = sql_step(st)) == SQLITE_ROW) {
		out->pending = sql_column_int64(st, 0);
		out->pending_fen = sql_column_int64(st, 1);
	}
	if ((rc = done(c, st, rc, "dashboard approvals", err)))
		return rc;

	st = stmt(c, S_DASH_SATISFACTION,
		  "SELECT count(b.satisfaction), coalesce(sum(b.satisfaction), 0),"
		  " coalesce(sum(b.satisfaction >= 4), 0) FROM callbacks b"
		  " JOIN complaints c ON c.id = b.complaint_id"
		  " WHERE b.at >= ?2 AND b.satisfaction IS NOT NULL AND" TEAMS,
		  teams_of, err);
	if (!st)
		return -err->code;
	sql_bind_int64(st, 2, week_start);
	if ((rc = sql_step(st)) == SQLITE_ROW) {
		out->rated = sql_column_int64(st, 0);
		out->rating_sum = sql_column_int64(st, 1);
		out->satisfied = sql_column_int64(st, 2);
	}
	return done(c, st, rc, "dashboard satisfaction", err);
}
