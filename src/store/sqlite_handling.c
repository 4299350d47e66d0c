/*
 * sqlite_handling.c - the handling details in SQLite: plans and the
 * customer's answers, appointments, identity checks, apologies, customer
 * types and concession totals.
 */
#include "sqlite_int.h"

#include <string.h>

/* Steps st for an INSERT ... RETURNING id into *id. */
static int step_id(struct store_conn *c, sqlite3_stmt *st, int64_t *id, const char *what,
		   struct kesu_err *err)
{
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*id = sqlite3_column_int64(st, 0);
	stmt_done(st);
	return rc == SQLITE_ROW ? 0 : sql_fail(c, rc, what, err);
}

/* --- plans ------------------------------------------------------------------ */

#define PLAN_COLS                                                              \
	"id, complaint_id, round, summary, compensation_ids, state, revises,"  \
	" proposed_by, proposed_at, answered_by, answered_at, conditions, counter_offer"

static void read_plan(sqlite3_stmt *st, struct arena *a, struct plan *p)
{
	memset(p, 0, sizeof *p);
	p->id = sqlite3_column_int64(st, 0);
	p->complaint_id = sqlite3_column_int64(st, 1);
	p->round = sqlite3_column_int(st, 2);
	p->summary = col_text(st, 3, a);
	p->compensation_ids = col_text(st, 4, a);
	p->state = col_text(st, 5, a);
	p->revises = sqlite3_column_int64(st, 6);
	p->proposed_by = col_text(st, 7, a);
	p->proposed_at = sqlite3_column_int64(st, 8);
	p->answered_by = col_text(st, 9, a);
	p->answered_at = sqlite3_column_int64(st, 10);
	p->conditions = col_text(st, 11, a);
	p->counter_offer = col_text(st, 12, a);
}

int store_plan_insert(struct store_conn *c, struct plan *p, struct kesu_err *err)
{
	sqlite3_stmt *st = conn_stmt(c, S_PLAN_INSERT,
				     "INSERT INTO plans(complaint_id, round, summary, compensation_ids,"
				     " state, revises, proposed_by, proposed_at)"
				     " VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
				     err);
	if (!st)
		return -err->code;
	sqlite3_bind_int64(st, 1, p->complaint_id);
	sqlite3_bind_int(st, 2, p->round);
	bind_text(st, 3, p->summary);
	bind_text(st, 4, p->compensation_ids ? p->compensation_ids : "[]");
	bind_text(st, 5, p->state);
	bind_opt(st, 6, p->revises);
	bind_text(st, 7, p->proposed_by);
	sqlite3_bind_int64(st, 8, p->proposed_at);
	return step_id(c, st, &p->id, "plan insert", err);
}

int store_plan_get(struct store_conn *c, int64_t id, struct arena *a, struct plan *out,
		   struct kesu_err *err)
{
	sqlite3_stmt *st = conn_stmt(c, S_PLAN_GET, "SELECT " PLAN_COLS " FROM plans WHERE id = ?",
				     err);
	if (!st)
		return -err->code;
	sqlite3_bind_int64(st, 1, id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		read_plan(st, a, out);
	stmt_done(st);
	if (rc == SQLITE_DONE)
		return kesu_fail(err, KE_NOT_FOUND, "", "no plan %lld", (long long)id);
	return rc == SQLITE_ROW ? 0 : sql_fail(c, rc, "plan", err);
}

int store_plan_answer(struct store_conn *c, const struct plan *p, struct kesu_err *err)
{
	sqlite3_stmt *st = conn_stmt(c, S_PLAN_ANSWER,
				     "UPDATE plans SET state = ?, answered_by = ?, answered_at = ?,"
				     " conditions = ?, counter_offer = ? WHERE id = ? AND state = 'proposed'",
				     err);
	if (!st)
		return -err->code;
	bind_text(st, 1, p->state);
	bind_text(st, 2, p->answered_by);
	sqlite3_bind_int64(st, 3, p->answered_at);
	bind_text(st, 4, p->conditions);
	bind_text(st, 5, p->counter_offer);
	sqlite3_bind_int64(st, 6, p->id);
	int rc = step_done(c, st, "plan answer", err);
	if (!rc && sqlite3_changes(c->db) != 1)
		return kesu_fail(err, KE_CONFLICT, "", "the plan was answered already");
	return rc;
}

int store_plans_supersede(struct store_conn *c, int64_t complaint_id, struct kesu_err *err)
{
	sqlite3_stmt *st = conn_stmt(c, S_PLAN_SUPERSEDE,
				     "UPDATE plans SET state = 'superseded'"
				     " WHERE complaint_id = ? AND state = 'proposed'",
				     err);
	if (!st)
		return -err->code;
	sqlite3_bind_int64(st, 1, complaint_id);
	return step_done(c, st, "plan supersede", err);
}

/* Reads every row of st into a growing array. */
#define READ_ALL(c, st, a, type, reader, items, n, what, err)                          \
	do {                                                                           \
		int cap_ = 8, rc_;                                                     \
		*(items) = arena_alloc((a), sizeof(type) * (size_t)cap_);              \
		*(n) = 0;                                                              \
		while ((rc_ = sqlite3_step(st)) == SQLITE_ROW) {                       \
			if (*(n) == cap_) {                                            \
				type *more_ = arena_alloc((a), sizeof(type) * (size_t)cap_ * 2); \
				memcpy(more_, *(items), sizeof(type) * (size_t)cap_);  \
				*(items) = more_;                                      \
				cap_ *= 2;                                             \
			}                                                              \
			reader(st, (a), &(*(items))[(*(n))++]);                        \
		}                                                                      \
		stmt_done(st);                                                         \
		if (rc_ != SQLITE_DONE)                                                \
			return sql_fail((c), rc_, (what), (err));                      \
	} while (0)

int store_plans_of(struct store_conn *c, int64_t complaint_id, struct arena *a,
		   struct plan **items, int *n, struct kesu_err *err)
{
	sqlite3_stmt *st = conn_stmt(c, S_PLANS_OF,
				     "SELECT " PLAN_COLS " FROM plans WHERE complaint_id = ?"
				     " ORDER BY id DESC",
				     err);
	if (!st)
		return -err->code;
	sqlite3_bind_int64(st, 1, complaint_id);
	READ_ALL(c, st, a, struct plan, read_plan, items, n, "plans", err);
	return 0;
}

/* --- appointments ----------------------------------------------------------- */

#define APPT_COLS                                                                   \
	"p.id, p.complaint_id, p.at, p.with_whom, p.channel, p.note, p.owner_id,"  \
	" p.state, p.outcome, p.remind_at, p.reminded_at, p.next_at, p.created_by," \
	" p.created_at, p.decided_by, p.decided_at, c.tracking_no, c.team_id,"      \
	" (SELECT username FROM users WHERE id = p.owner_id)"                       \
	" FROM appointments p JOIN complaints c ON c.id = p.complaint_id"

static void read_appt(sqlite3_stmt *st, struct arena *a, struct appointment *p)
{
	memset(p, 0, sizeof *p);
	p->id = sqlite3_column_int64(st, 0);
	p->complaint_id = sqlite3_column_int64(st, 1);
	p->at = sqlite3_column_int64(st, 2);
	p->with_whom = col_text(st, 3, a);
	p->channel = col_text(st, 4, a);
	p->note = col_text(st, 5, a);
	p->owner_id = sqlite3_column_int64(st, 6);
	p->state = col_text(st, 7, a);
	p->outcome = col_text(st, 8, a);
	p->remind_at = sqlite3_column_int64(st, 9);
	p->reminded_at = sqlite3_column_int64(st, 10);
	p->next_at = sqlite3_column_int64(st, 11);
	p->created_by = col_text(st, 12, a);
	p->created_at = sqlite3_column_int64(st, 13);
	p->decided_by = col_text(st, 14, a);
	p->decided_at = sqlite3_column_int64(st, 15);
	p->tracking_no = col_text(st, 16, a);
	p->team_id = sqlite3_column_int64(st, 17);
	p->owner = col_text(st, 18, a);
}

int store_appointment_insert(struct store_conn *c, struct appointment *p, struct kesu_err *err)
{
	sqlite3_stmt *st = conn_stmt(c, S_APPT_INSERT,
				     "INSERT INTO appointments(complaint_id, at, with_whom, channel, note,"
				     " owner_id, state, remind_at, next_at, created_by, created_at)"
				     " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
				     err);
	if (!st)
		return -err->code;
	sqlite3_bind_int64(st, 1, p->complaint_id);
	sqlite3_bind_int64(st, 2, p->at);
	bind_text(st, 3, p->with_whom);
	bind_text(st, 4, p->channel);
	bind_text(st, 5, p->note);
	sqlite3_bind_int64(st, 6, p->owner_id);
	bind_text(st, 7, p->state);
	bind_opt(st, 8, p->remind_at);
	bind_opt(st, 9, p->next_at);
	bind_text(st, 10, p->created_by);
	sqlite3_bind_int64(st, 11, p->created_at);
	return step_id(c, st, &p->id, "appointment insert", err);
}

int store_appointment_get(struct store_conn *c, int64_t id, struct arena *a,
			  struct appointment *out, struct kesu_err *err)
{
	sqlite3_stmt *st = conn_stmt(c, S_APPT_GET, "SELECT " APPT_COLS " WHERE p.id = ?", err);
	if (!st)
		return -err->code;
	sqlite3_bind_int64(st, 1, id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		read_appt(st, a, out);
	stmt_done(st);
	if (rc == SQLITE_DONE)
		return kesu_fail(err, KE_NOT_FOUND, "", "no appointment %lld", (long long)id);
	return rc == SQLITE_ROW ? 0 : sql_fail(c, rc, "appointment", err);
}

int store_appointment_update(struct store_conn *c, const struct appointment *p,
			     struct kesu_err *err)
{
	sqlite3_stmt *st = conn_stmt(c, S_APPT_UPDATE,
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
	sqlite3_bind_int64(st, 7, p->id);
	return step_done(c, st, "appointment update", err);
}

int store_appointments_of(struct store_conn *c, int64_t complaint_id, struct arena *a,
			  struct appointment **items, int *n, struct kesu_err *err)
{
	sqlite3_stmt *st = conn_stmt(c, S_APPTS_OF,
				     "SELECT " APPT_COLS " WHERE p.complaint_id = ? ORDER BY p.at, p.id",
				     err);
	if (!st)
		return -err->code;
	sqlite3_bind_int64(st, 1, complaint_id);
	READ_ALL(c, st, a, struct appointment, read_appt, items, n, "appointments", err);
	return 0;
}

int store_appointments_due(struct store_conn *c, int64_t now, int limit, struct arena *a,
			   struct appointment **items, int *n, struct kesu_err *err)
{
	sqlite3_stmt *st = conn_stmt(c, S_APPTS_DUE,
				     "SELECT " APPT_COLS " WHERE p.next_at IS NOT NULL AND p.next_at <= ?"
				     " ORDER BY p.next_at LIMIT ?",
				     err);
	if (!st)
		return -err->code;
	sqlite3_bind_int64(st, 1, now);
	sqlite3_bind_int(st, 2, limit);
	READ_ALL(c, st, a, struct appointment, read_appt, items, n, "appointments due", err);
	return 0;
}

/* --- identity and apologies -------------------------------------------------- */

int store_identity_put(struct store_conn *c, const struct identity_check *k,
		       struct kesu_err *err)
{
	sqlite3_stmt *st = conn_stmt(c, S_IDENTITY_PUT,
				     "INSERT OR REPLACE INTO identity_checks(complaint_id, method, note,"
				     " checked_by, checked_at) VALUES (?, ?, ?, ?, ?)",
				     err);
	if (!st)
		return -err->code;
	sqlite3_bind_int64(st, 1, k->complaint_id);
	bind_text(st, 2, k->method);
	bind_text(st, 3, k->note);
	bind_text(st, 4, k->checked_by);
	sqlite3_bind_int64(st, 5, k->checked_at);
	return step_done(c, st, "identity check", err);
}

int store_identity_get(struct store_conn *c, int64_t complaint_id, struct arena *a,
		       struct identity_check *out, struct kesu_err *err)
{
	sqlite3_stmt *st = conn_stmt(c, S_IDENTITY_GET,
				     "SELECT method, note, checked_by, checked_at FROM identity_checks"
				     " WHERE complaint_id = ?",
				     err);
	if (!st)
		return -err->code;
	sqlite3_bind_int64(st, 1, complaint_id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		out->complaint_id = complaint_id;
		out->method = col_text(st, 0, a);
		out->note = col_text(st, 1, a);
		out->checked_by = col_text(st, 2, a);
		out->checked_at = sqlite3_column_int64(st, 3);
	}
	stmt_done(st);
	if (rc == SQLITE_DONE)
		return kesu_fail(err, KE_NOT_FOUND, "identity",
				 "the complainant's identity was not confirmed");
	return rc == SQLITE_ROW ? 0 : sql_fail(c, rc, "identity check", err);
}

static void read_apology(sqlite3_stmt *st, struct arena *a, struct apology *p)
{
	p->id = sqlite3_column_int64(st, 0);
	p->complaint_id = sqlite3_column_int64(st, 1);
	p->given_by = col_text(st, 2, a);
	p->given_at = sqlite3_column_int64(st, 3);
	p->note = col_text(st, 4, a);
	p->recorded_by = col_text(st, 5, a);
	p->recorded_at = sqlite3_column_int64(st, 6);
}

int store_apology_insert(struct store_conn *c, struct apology *p, struct kesu_err *err)
{
	sqlite3_stmt *st = conn_stmt(c, S_APOLOGY_INSERT,
				     "INSERT INTO apologies(complaint_id, given_by, given_at, note,"
				     " recorded_by, recorded_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
				     err);
	if (!st)
		return -err->code;
	sqlite3_bind_int64(st, 1, p->complaint_id);
	bind_text(st, 2, p->given_by);
	sqlite3_bind_int64(st, 3, p->given_at);
	bind_text(st, 4, p->note);
	bind_text(st, 5, p->recorded_by);
	sqlite3_bind_int64(st, 6, p->recorded_at);
	return step_id(c, st, &p->id, "apology insert", err);
}

int store_apologies_of(struct store_conn *c, int64_t complaint_id, struct arena *a,
		       struct apology **items, int *n, struct kesu_err *err)
{
	sqlite3_stmt *st = conn_stmt(c, S_APOLOGIES_OF,
				     "SELECT id, complaint_id, given_by, given_at, note, recorded_by,"
				     " recorded_at FROM apologies WHERE complaint_id = ? ORDER BY id",
				     err);
	if (!st)
		return -err->code;
	sqlite3_bind_int64(st, 1, complaint_id);
	READ_ALL(c, st, a, struct apology, read_apology, items, n, "apologies", err);
	return 0;
}

/* --- customers ---------------------------------------------------------------- */

int store_customer_granted(struct store_conn *c, int64_t customer_id, int64_t *fen,
			   struct kesu_err *err)
{
	sqlite3_stmt *st = conn_stmt(c, S_CUSTOMER_GRANTED,
				     "SELECT coalesce(sum(k.amount_fen), 0) FROM complaints c"
				     " JOIN compensations k ON k.complaint_id = c.id"
				     " WHERE c.customer_id = ? AND k.state = 'granted'",
				     err);
	if (!st)
		return -err->code;
	sqlite3_bind_int64(st, 1, customer_id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*fen = sqlite3_column_int64(st, 0);
	stmt_done(st);
	return rc == SQLITE_ROW ? 0 : sql_fail(c, rc, "customer's compensation", err);
}

int store_customer_set_type(struct store_conn *c, int64_t id, const char *type, int64_t cap,
			    int64_t now, struct kesu_err *err)
{
	sqlite3_stmt *st = conn_stmt(c, S_CUSTOMER_TYPE,
				     "UPDATE customers SET customer_type = ?, concession_cap_fen = ?,"
				     " updated_at = ? WHERE id = ?",
				     err);
	if (!st)
		return -err->code;
	bind_text(st, 1, type);
	if (cap >= 0)
		sqlite3_bind_int64(st, 2, cap);
	sqlite3_bind_int64(st, 3, now);
	sqlite3_bind_int64(st, 4, id);
	int rc = step_done(c, st, "customer type", err);
	if (!rc && sqlite3_changes(c->db) != 1)
		return kesu_fail(err, KE_NOT_FOUND, "", "no customer %lld", (long long)id);
	return rc;
}

int store_cause_uses(struct store_conn *c, const char *key, int64_t *n, struct kesu_err *err)
{
	sqlite3_stmt *st = conn_stmt(c, S_CAUSE_USES,
				     "SELECT count(*) FROM complaints WHERE cause = ?", err);
	if (!st)
		return -err->code;
	bind_text(st, 1, key);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*n = sqlite3_column_int64(st, 0);
	stmt_done(st);
	return rc == SQLITE_ROW ? 0 : sql_fail(c, rc, "cause uses", err);
}

/* --- the regulator's export ---------------------------------------------------- */

static void read_odr(sqlite3_stmt *st, struct arena *a, struct odr_row *r)
{
	r->id = sqlite3_column_int64(st, 0);
	r->tracking_no = col_text(st, 1, a);
	r->status = col_text(st, 2, a);
	r->received_at = sqlite3_column_int64(st, 3);
	r->name = col_text(st, 4, a);
	r->object = col_text(st, 5, a);
	r->demand = col_text(st, 6, a);
	r->course = col_text(st, 7, a);
	r->means = col_text(st, 8, a);
	r->outcome = col_text(st, 9, a);
	r->resolved_at = sqlite3_column_int64(st, 10);
	r->due_at = sqlite3_column_int64(st, 11);
	r->clock_state = col_text(st, 12, a);
}

int store_odr_list(struct store_conn *c, int64_t from, int64_t to, int limit, struct arena *a,
		   struct odr_row **items, int *n, struct kesu_err *err)
{
	/* the negotiation clock is one entry of the complaint's clock row:
	 * [kind, state, started_at, target_ms, working, due_at, ...] */
	sqlite3_stmt *st = conn_stmt(
		c, S_ODR_LIST,
		"SELECT c.id, c.tracking_no, c.status, c.created_at, c.complainant_name,"
		" coalesce(c.object_name, c.object_ref), c.demand, c.odr_course, c.odr_means,"
		" c.odr_outcome,"
		" (SELECT min(e.at) FROM events e WHERE e.complaint_id = c.id"
		"  AND e.kind = 'status_changed' AND e.data->>'to' = 'resolved'),"
		" (SELECT j.value->>5 FROM clock_sets k, json_each(k.clocks) j"
		"  WHERE k.complaint_id = c.id AND j.value->>0 = 'negotiation'),"
		" (SELECT j.value->>1 FROM clock_sets k, json_each(k.clocks) j"
		"  WHERE k.complaint_id = c.id AND j.value->>0 = 'negotiation')"
		" FROM complaints c WHERE c.channel = 'regulator' AND c.created_at >= ?"
		" AND c.created_at < ? ORDER BY c.created_at, c.id LIMIT ?",
		err);
	if (!st)
		return -err->code;
	sqlite3_bind_int64(st, 1, from);
	sqlite3_bind_int64(st, 2, to);
	sqlite3_bind_int(st, 3, limit);
	READ_ALL(c, st, a, struct odr_row, read_odr, items, n, "regulator complaints", err);
	return 0;
}
