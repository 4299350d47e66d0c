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
/* How many imported orders were placed in [from, to) (by the time index). */
int store_orders_between(struct store_conn *c, int64_t from, int64_t to, int64_t *count,
			 struct kesu_err *err);

/* A complaint resolved in the period, counted at its latest resolution:
 * its customer's phone key (NULL: none to match orders by) and the
 * satisfaction of its latest rated callback (0: none). */
struct winback_resolution {
	int64_t complaint_id, resolved_at;
	const char *phone_key; /* valid until fn returns */
	int satisfaction;
};
/* The complaints of f (its filters, invalid and duplicate ones left out)
 * whose latest resolution falls in f's period and that are resolved or
 * closed now, in no particular order. fn returns non-zero to stop. */
int store_winback_resolutions(struct store_conn *c, const struct report_filter *f,
			      int (*fn)(void *ctx, const struct winback_resolution *r), void *ctx,
			      struct kesu_err *err);

/* Every customer known by a phone who ordered, in the order of their
 * phone keys (bytewise, as strcmp), once: the times of their orders,
 * oldest first, and whether a complainant's customer record has their
 * phone (complained). One walk of orders_customer, merged with the
 * complainants' keys. fn returns non-zero to stop. */
int store_winback_orders(struct store_conn *c,
			 int (*fn)(void *ctx, const char *key, const int64_t *t, int n,
				   int complained),
			 void *ctx, struct kesu_err *err);

#endif
