/*
 * sqlite_orders.c - the business's imported orders (0031), and the rows of
 * the repurchase figures: the complaints resolved in a period with their
 * customers' phone keys, and every customer's orders in one walk of
 * orders_customer, in (customer, time) order, merged with the keys of the
 * customers who complained. The figures match the two by key in memory
 * (report/winback.c) rather than seek each resolution's next order.
 */
#include "sqlite_int.h"

#include <stdlib.h>
#include <string.h>

int store_order_put(struct store_conn *c, const struct order *o, int64_t now, int *created,
		    struct kesu_err *err)
{
	struct sql_stmt *st = conn_stmt(c, S_ORDER_PUT,
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
	sql_bind_int64(st, 6, o->at);
	sql_bind_int64(st, 7, o->amount_fen);
	sql_bind_int64(st, 8, now);
	int rc = step_done(c, st, "order", err);
	if (!rc)
		*created = sql_changes(c) > 0;
	return rc;
}

int store_order_summary(struct store_conn *c, struct order_summary *out, struct kesu_err *err)
{
	memset(out, 0, sizeof *out);
	struct sql_stmt *st = conn_stmt(c, S_ORDER_SUMMARY,
				     "SELECT count(*), coalesce(min(at), 0), coalesce(max(at), 0),"
				     " (SELECT count(*) FROM orders WHERE phone IS NULL)"
				     " FROM orders",
				     err);
	if (!st)
		return -err->code;
	int rc = sql_step(st);
	if (rc == SQLITE_ROW) {
		out->count = sql_column_int64(st, 0);
		out->first_at = sql_column_int64(st, 1);
		out->last_at = sql_column_int64(st, 2);
		out->without_phone = sql_column_int64(st, 3);
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
		"SELECT e.complaint_id, e.at, nullif(cu.phone_key, ''),"
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
	struct sql_stmt *st;
	int rc = sql_prepare_v2(c, sql, -1, &st, NULL);
	if (rc != SQLITE_OK)
		return sql_fail(c, rc, "winback", err);
	sql_bind_int64(st, 1, f->from);
	sql_bind_int64(st, 2, f->to);
	sql_bind_int64(st, 3, f->team_id);
	bind_text(st, 4, f->channel);
	bind_text(st, 5, f->category);
	bind_text(st, 6, f->severity);
	int stop = 0;
	while (!stop && (rc = sql_step(st)) == SQLITE_ROW) {
		struct winback_resolution r = {
			.complaint_id = sql_column_int64(st, 0),
			.resolved_at = sql_column_int64(st, 1),
			.phone_key = (const char *)sql_column_text(st, 2),
			.satisfaction = sql_column_int(st, 3),
		};
		stop = fn(ctx, &r);
	}
	sql_finalize(st);
	if (stop)
		return stop;
	return rc == SQLITE_DONE ? 0 : sql_fail(c, rc, "winback", err);
}

/* The complainants' phone keys in order, stepped along with the orders. */
struct keys {
	struct sql_stmt *st;
	int rc; /* of the last step: SQLITE_ROW while there is a key */
};

/* 1 if key is among the complainants' keys; steps past the smaller ones. */
static int complained(struct keys *k, const char *key)
{
	while (k->rc == SQLITE_ROW) {
		int d = strcmp((const char *)sql_column_text(k->st, 0), key);
		if (d == 0)
			return 1;
		if (d > 0)
			return 0;
		k->rc = sql_step(k->st);
	}
	return 0;
}

int store_winback_orders(struct store_conn *c,
			 int (*fn)(void *ctx, const char *key, const int64_t *t, int n,
				   int complained),
			 void *ctx, struct kesu_err *err)
{
	/* the whole of orders_customer, in its order (it covers the query),
	 * merged with the keys of the customers who complained; both in
	 * BINARY order, which is strcmp's */
	struct sql_stmt *st = NULL;
	struct keys k = {0};
	int rc = sql_prepare_v2(c,
				    "SELECT cust_key, at FROM orders WHERE cust_key NOT LIKE 'ref:%'"
				    " ORDER BY cust_key, at",
				    -1, &st, NULL);
	if (rc == SQLITE_OK)
		rc = sql_prepare_v2(c,
					"SELECT phone_key FROM customers WHERE phone_key <> ''"
					" AND complaint_count > 0 ORDER BY phone_key",
					-1, &k.st, NULL);
	if (rc != SQLITE_OK) {
		sql_finalize(st);
		return sql_fail(c, rc, "winback orders", err);
	}
	k.rc = sql_step(k.st);
	int64_t *t = NULL;
	int n = 0, cap = 0, stop = 0;
	char key[128] = "";
	while (!stop && (rc = sql_step(st)) == SQLITE_ROW) {
		const char *at_key = (const char *)sql_column_text(st, 0);
		if (!at_key)
			continue;
		if (strcmp(at_key, key) != 0) {
			if (n)
				stop = fn(ctx, key, t, n, complained(&k, key));
			snprintf(key, sizeof key, "%s", at_key);
			n = 0;
		}
		if (n == cap) {
			cap = cap ? cap * 2 : 64;
			int64_t *more = realloc(t, sizeof *t * (size_t)cap);
			if (!more) {
				stop = kesu_fail(err, KE_INTERNAL, "", "out of memory");
				break;
			}
			t = more;
		}
		t[n++] = sql_column_int64(st, 1);
	}
	if (!stop && rc == SQLITE_DONE && n)
		stop = fn(ctx, key, t, n, complained(&k, key));
	int krc = k.rc;
	free(t);
	sql_finalize(st);
	sql_finalize(k.st);
	if (stop)
		return stop;
	if (krc != SQLITE_ROW && krc != SQLITE_DONE)
		return sql_fail(c, krc, "winback orders", err);
	return rc == SQLITE_DONE ? 0 : sql_fail(c, rc, "winback orders", err);
}

int store_orders_between(struct store_conn *c, int64_t from, int64_t to, int64_t *count,
			 struct kesu_err *err)
{
	struct sql_stmt *st = conn_stmt(c, S_ORDER_BETWEEN,
				     "SELECT count(*) FROM orders WHERE at >= ? AND at < ?", err);
	if (!st)
		return -err->code;
	sql_bind_int64(st, 1, from);
	sql_bind_int64(st, 2, to);
	return step_int64(c, st, count, "orders between", err);
}
