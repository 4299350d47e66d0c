/*
 * sqlite_orders.c - the business's imported orders (0031), and the rows of
 * the repurchase figures: each resolved complaint with its customer's first
 * order after the resolution (one seek in orders_customer), and the orders
 * of the customers who never complained, walked in (customer, time) order.
 */
#include "sqlite_int.h"

#include <stdlib.h>
#include <string.h>

int store_order_put(struct store_conn *c, const struct order *o, int64_t now, int *created,
		    struct kesu_err *err)
{
	sqlite3_stmt *st = conn_stmt(c, S_ORDER_PUT,
				     "INSERT INTO orders(dedupe, cust_key, phone, customer_ref,"
				     " order_no, at, amount_fen, imported_at)"
				     " VALUES (?,?,?,?,?,?,?,?) ON CONFLICT(dedupe) DO NOTHING",
				     err);
	if (!st)
		return -err->code;
	bind_text(st, 1, o->dedupe);
	bind_text(st, 2, o->cust_key);
	bind_text(st, 3, o->phone);
	bind_text(st, 4, o->customer_ref);
	bind_text(st, 5, o->order_no);
	sqlite3_bind_int64(st, 6, o->at);
	sqlite3_bind_int64(st, 7, o->amount_fen);
	sqlite3_bind_int64(st, 8, now);
	int rc = step_done(c, st, "order", err);
	if (!rc)
		*created = sqlite3_changes(c->db) > 0;
	return rc;
}

int store_order_summary(struct store_conn *c, struct order_summary *out, struct kesu_err *err)
{
	memset(out, 0, sizeof *out);
	sqlite3_stmt *st = conn_stmt(c, S_ORDER_SUMMARY,
				     "SELECT count(*), coalesce(min(at), 0), coalesce(max(at), 0),"
				     " (SELECT count(*) FROM orders WHERE phone IS NULL)"
				     " FROM orders",
				     err);
	if (!st)
		return -err->code;
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		out->count = sqlite3_column_int64(st, 0);
		out->first_at = sqlite3_column_int64(st, 1);
		out->last_at = sqlite3_column_int64(st, 2);
		out->without_phone = sqlite3_column_int64(st, 3);
	}
	stmt_done(st);
	return rc == SQLITE_ROW ? 0 : sql_fail(c, rc, "order summary", err);
}

int store_winback_resolutions(struct store_conn *c, const struct report_filter *f,
			      int (*fn)(void *ctx, const struct winback_resolution *r), void *ctx,
			      struct kesu_err *err)
{
	/* the resolutions of the period through events_resolved (0022); a
	 * complaint counts at its latest one (none after it in its timeline),
	 * and only while it stays resolved or closed. Reports are rare: the
	 * statement is prepared per call. */
	static const char sql[] =
		"SELECT e.complaint_id, e.at,"
		" CASE WHEN cu.phone_key IS NULL OR cu.phone_key = '' THEN NULL ELSE"
		"  coalesce((SELECT min(o.at) FROM orders o WHERE o.cust_key = cu.phone_key"
		"   AND o.at > e.at), 0) END,"
		" (SELECT k.satisfaction FROM callbacks k WHERE k.complaint_id = e.complaint_id"
		"  AND k.satisfaction BETWEEN 1 AND 5 ORDER BY k.id DESC LIMIT 1)"
		" FROM events e JOIN complaints c ON c.id = e.complaint_id"
		" LEFT JOIN customers cu ON cu.id = c.customer_id"
		" WHERE e.kind = 'status_changed' AND e.data->>'to' = 'resolved'"
		" AND e.at >= ?1 AND e.at < ?2 AND +c.status IN ('resolved', 'closed')"
		" AND (?3 = 0 OR +c.team_id = ?3) AND (?4 IS NULL OR +c.channel = ?4)"
		" AND (?5 IS NULL OR +c.category = ?5) AND (?6 IS NULL OR +c.severity = ?6)"
		" AND (c.validity IS NULL OR c.validity NOT IN ('invalid', 'duplicate'))"
		" AND NOT EXISTS (SELECT 1 FROM events l WHERE l.complaint_id = e.complaint_id"
		"  AND l.id > e.id AND l.kind = 'status_changed' AND l.data->>'to' = 'resolved')";
	sqlite3_stmt *st;
	int rc = sqlite3_prepare_v2(c->db, sql, -1, &st, NULL);
	if (rc != SQLITE_OK)
		return sql_fail(c, rc, "winback", err);
	sqlite3_bind_int64(st, 1, f->from);
	sqlite3_bind_int64(st, 2, f->to);
	sqlite3_bind_int64(st, 3, f->team_id);
	bind_text(st, 4, f->channel);
	bind_text(st, 5, f->category);
	bind_text(st, 6, f->severity);
	int stop = 0;
	while (!stop && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct winback_resolution r = {
			.complaint_id = sqlite3_column_int64(st, 0),
			.resolved_at = sqlite3_column_int64(st, 1),
			.matched = sqlite3_column_type(st, 2) != SQLITE_NULL,
			.next_order_at = sqlite3_column_int64(st, 2),
			.satisfaction = sqlite3_column_int(st, 3),
		};
		stop = fn(ctx, &r);
	}
	sqlite3_finalize(st);
	if (stop)
		return stop;
	return rc == SQLITE_DONE ? 0 : sql_fail(c, rc, "winback", err);
}

/* A customer's orders, as the walk gathers them. */
struct walk {
	int64_t *t;
	int n, cap, in_range;
};

/* Emits the orders in [from, to) of the customer gathered in w, unless a
 * complainant has their phone. */
static int walk_flush(struct store_conn *c, sqlite3_stmt *complained, const char *key,
		      struct walk *w, int64_t from, int64_t to, int64_t customer,
		      int (*fn)(void *ctx, int64_t customer, int64_t at, int64_t next_at), void *ctx,
		      struct kesu_err *err)
{
	if (!w->in_range)
		return 0;
	sqlite3_reset(complained);
	bind_text(complained, 1, key);
	int rc = sqlite3_step(complained);
	sqlite3_reset(complained);
	if (rc == SQLITE_ROW)
		return 0;
	if (rc != SQLITE_DONE)
		return sql_fail(c, rc, "winback baseline", err);
	for (int i = 0, j = 0; i < w->n; i++) {
		if (w->t[i] < from || w->t[i] >= to)
			continue;
		if (j <= i)
			j = i + 1;
		while (j < w->n && w->t[j] <= w->t[i])
			j++;
		int stop = fn(ctx, customer, w->t[i], j < w->n ? w->t[j] : 0);
		if (stop)
			return stop;
	}
	return 0;
}

int store_winback_baseline(struct store_conn *c, int64_t from, int64_t to,
			   int (*fn)(void *ctx, int64_t customer, int64_t at, int64_t next_at),
			   void *ctx, struct kesu_err *err)
{
	/* the whole of orders_customer, in its order (it covers the query);
	 * whether a customer ever complained is one seek per customer */
	sqlite3_stmt *st = NULL, *complained = NULL;
	int rc = sqlite3_prepare_v2(c->db,
				    "SELECT cust_key, at FROM orders WHERE cust_key NOT LIKE 'ref:%'"
				    " ORDER BY cust_key, at",
				    -1, &st, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_prepare_v2(c->db,
					"SELECT 1 FROM customers cu JOIN complaints c"
					" ON c.customer_id = cu.id WHERE cu.phone_key = ? LIMIT 1",
					-1, &complained, NULL);
	if (rc != SQLITE_OK) {
		sqlite3_finalize(st);
		return sql_fail(c, rc, "winback baseline", err);
	}
	struct walk w = {0};
	char key[128] = "";
	int64_t customer = 0;
	int stop = 0;
	while (!stop && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *k = (const char *)sqlite3_column_text(st, 0);
		int64_t at = sqlite3_column_int64(st, 1);
		if (!k)
			continue;
		if (strcmp(k, key) != 0) {
			stop = walk_flush(c, complained, key, &w, from, to, customer, fn, ctx, err);
			snprintf(key, sizeof key, "%s", k);
			w.n = w.in_range = 0;
			customer++;
		}
		if (w.n == w.cap) {
			w.cap = w.cap ? w.cap * 2 : 64;
			int64_t *t = realloc(w.t, sizeof *t * (size_t)w.cap);
			if (!t) {
				stop = kesu_fail(err, KE_INTERNAL, "", "out of memory");
				break;
			}
			w.t = t;
		}
		w.t[w.n++] = at;
		w.in_range |= at >= from && at < to;
	}
	if (!stop && rc == SQLITE_DONE)
		stop = walk_flush(c, complained, key, &w, from, to, customer, fn, ctx, err);
	free(w.t);
	sqlite3_finalize(st);
	sqlite3_finalize(complained);
	if (stop)
		return stop;
	return rc == SQLITE_DONE ? 0 : sql_fail(c, rc, "winback baseline", err);
}
