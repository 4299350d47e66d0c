/*
 * store_orders.h - the business's imported orders, and the rows the
 * repurchase (win-back) figures are made of (sqlite_orders.c).
 */
#ifndef KESU_STORE_ORDERS_H
#define KESU_STORE_ORDERS_H

#include <stdint.h>

#include "../core/order.h"

/* Stores an order unless the same one (o->dedupe) is there: *created is 1
 * for a new order, 0 for one already there. */
int store_order_put(struct store_conn *c, const struct order *o, int64_t now, int *created,
		    struct kesu_err *err);

struct order_summary {
	int64_t count, without_phone; /* without_phone: known only by the business's reference */
	int64_t first_at, last_at;    /* 0 when there is none */
};
int store_order_summary(struct store_conn *c, struct order_summary *out, struct kesu_err *err);

/* A complaint resolved in the period, counted at its latest resolution:
 * the first order its customer made after it (0: none yet), the
 * satisfaction of its latest rated callback (0: none), and whether its
 * customer has a phone to match orders by. */
struct winback_resolution {
	int64_t complaint_id, resolved_at, next_order_at;
	int satisfaction, matched;
};
/* The complaints of f (its filters, invalid and duplicate ones left out)
 * whose latest resolution falls in f's period and that are resolved or
 * closed now, in no particular order. fn returns non-zero to stop. */
int store_winback_resolutions(struct store_conn *c, const struct report_filter *f,
			      int (*fn)(void *ctx, const struct winback_resolution *r), void *ctx,
			      struct kesu_err *err);

/* The orders in [from, to) of customers who never complained (known by a
 * phone that no complainant's customer record has), a customer's orders
 * together in time order: fn gets a number that changes with the
 * customer, the order's time and the time of the customer's next later
 * order (0: none). fn returns non-zero to stop. */
int store_winback_baseline(struct store_conn *c, int64_t from, int64_t to,
			   int (*fn)(void *ctx, int64_t customer, int64_t at, int64_t next_at),
			   void *ctx, struct kesu_err *err);

#endif
