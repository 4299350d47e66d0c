/*
 * order.h - one of the business's orders, imported so that the report can
 * tell whether a complainant bought again after the complaint was resolved
 * (domain.md 6, 7: the TARP figures). Who ordered is matched to kesu's
 * customers as complainants are: by the phone's matching key.
 */
#ifndef KESU_ORDER_H
#define KESU_ORDER_H

#include <jansson.h>
#include <stdint.h>

#include "../util/arena.h"
#include "../util/err.h"

#define ORDER_NO_MAX 64
#define ORDER_REF_MAX 64
#define ORDER_AMOUNT_MAX ((int64_t)100000000 * 100) /* 100 million yuan, in fen */

struct order {
	const char *phone;	  /* as given; NULL: none */
	const char *customer_ref; /* the business's own customer reference; NULL: none */
	const char *order_no;	  /* NULL: none */
	const char *cust_key;	  /* the phone's matching key, else "ref:" and the reference */
	const char *dedupe;	  /* "no:" and the number, else the customer, time and amount */
	int64_t at;		  /* Unix ms */
	int64_t amount_fen;
};

/* Reads an order from o: {phone, customer_ref, order_no, at (RFC 3339),
 * amount_fen (integer fen) or amount (yuan, at most 2 decimals, as a number
 * or text)}; phone or customer_ref is required, and at and an amount. An
 * order may not be later than now. Returns 0, or a negative code with err
 * naming the field. Strings in a. */
int order_from_json(json_t *o, int64_t now, struct arena *a, struct order *out,
		    struct kesu_err *err);

/* Reads a yuan amount ("12", "12.5", "12.50", "1,234.00", "¥12.50") as fen.
 * Returns 0, or -1 when it is not one (more than 2 decimals, negative). */
int order_parse_yuan(const char *s, int64_t *fen);

#endif
