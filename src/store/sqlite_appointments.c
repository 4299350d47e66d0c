/*
 * sqlite_appointments.c - callbacks and appointments with the customer at
 * an exact time (三变法), their reminders, and the missed ones.
 */
#include "sqlite_int.h"

#include <string.h>

#define APPT_COLS                                                                   \
	"p.id, p.complaint_id, p.at, p.with_whom, p.channel, p.note, p.owner_id,"  \
	" p.state, p.outcome, p.remind_at, p.reminded_at, p.next_at, p.created_by," \
	" p.created_at, p.decided_by, p.decided_at, c.tracking_no, c.team_id,"      \
	" (SELECT username FROM users WHERE id = p.owner_id)"                       \
	" FROM appointments p JOIN complaints c ON c.id = p.complaint_id"

static void read_appt(struct sql_stmt *st, struct arena *a, void *out)
{
	struct appointment *p = out;
	memset(p, 0, sizeof *p);
	p->id = sql_column_int64(st, 0);
	p->complaint_id = sql_column_int64(st, 1);
	p->at = sql_column_int64(st, 2);
	p->with_whom = col_text(st, 3, a);
	p->channel = col_text(st, 4, a);
	p->note = col_text(st, 5, a);
	p->owner_id = sql_column_int64(st, 6);
	p->state = col_text(st, 7, a);
	p->outcome = col_text(st, 8, a);
	p->remind_at = sql_column_int64(st, 9);
	p->reminded_at = sql_column_int64(st, 10);
	p->next_at = sql_column_int64(st, 11);
	p->created_by = col_text(st, 12, a);
	p->created_at = sql_column_int64(st, 13);
	p->decided_by = col_text(st, 14, a);
	p->decided_at = sql_column_int64(st, 15);
	p->tracking_no = col_text(st, 16, a);
	p->team_id = sql_column_int64(st, 17);
	p->owner = col_text(st, 18, a);
}

int store_appointment_insert(struct store_conn *c, struct appointment *p, struct kesu_err *err)
{
	struct sql_stmt *st = conn_stmt(c, S_APPT_INSERT,
				     "INSERT INTO appointments(complaint_id, at, with_whom, channel, note,"
				     " owner_id, state, remind_at, next_at, created_by, created_at)"
				     " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
				     err);
	if (!st)
		return -err->code;
	sql_bind_int64(st, 1, p->complaint_id);
	sql_bind_int64(st, 2, p->at);
	bind_text(st, 3, p->with_whom);
	bind_text(st, 4, p->channel);
	bind_text(st, 5, p->note);
	sql_bind_int64(st, 6, p->owner_id);
	bind_text(st, 7, p->state);
	bind_opt(st, 8, p->remind_at);
	bind_opt(st, 9, p->next_at);
	bind_text(st, 10, p->created_by);
	sql_bind_int64(st, 11, p->created_at);
	return step_int64(c, st, &p->id, "appointment insert", err);
}

int store_appointment_get(struct store_conn *c, int64_t id, struct arena *a,
			  struct appointment *out, struct kesu_err *err)
{
	return load_by_id(c, S_APPT_GET, "SELECT " APPT_COLS " WHERE p.id = ?", id, read_appt, a,
			  out, "no appointment %lld", err);
}

int store_appointment_update(struct store_conn *c, const struct appointment *p,
			     struct kesu_err *err)
{
	struct sql_stmt *st = conn_stmt(c, S_APPT_UPDATE,
				     "UPDATE appointments SET state = ?, outcome = ?, decided_by = ?,"
				     " decided_at = ?, reminded_at = ?, next_at = ? WHERE id = ?",
				     err);
	if (!st)
		return -err->code;
	bind_text(st, 1, p->state);
	bind_text(st, 2, p->outcome);
	bind_text(st, 3, p->decided_by);
	bind_opt(st, 4, p->decided_at);
	bind_opt(st, 5, p->reminded_at);
	bind_opt(st, 6, p->next_at);
	sql_bind_int64(st, 7, p->id);
	return step_done(c, st, "appointment update", err);
}

int store_appointments_of(struct store_conn *c, int64_t complaint_id, struct arena *a,
			  struct appointment **items, int *n, struct kesu_err *err)
{
	struct sql_stmt *st = conn_stmt(c, S_APPTS_OF,
				     "SELECT " APPT_COLS " WHERE p.complaint_id = ? ORDER BY p.at, p.id",
				     err);
	if (!st)
		return -err->code;
	sql_bind_int64(st, 1, complaint_id);
	*items = load_all(c, st, read_appt, sizeof **items, INT_MAX, a, n, err);
	return *items ? 0 : -err->code;
}

int store_appointments_due(struct store_conn *c, int64_t now, int limit, struct arena *a,
			   struct appointment **items, int *n, struct kesu_err *err)
{
	struct sql_stmt *st = conn_stmt(c, S_APPTS_DUE,
				     "SELECT " APPT_COLS " WHERE p.next_at IS NOT NULL AND p.next_at <= ?"
				     " ORDER BY p.next_at LIMIT ?",
				     err);
	if (!st)
		return -err->code;
	sql_bind_int64(st, 1, now);
	sql_bind_int(st, 2, limit);
	*items = load_all(c, st, read_appt, sizeof **items, INT_MAX, a, n, err);
	return *items ? 0 : -err->code;
}
