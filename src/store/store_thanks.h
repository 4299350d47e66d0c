/*
 * store_thanks.h - winning the customer back (domain.md 6): the complaints
 * of a month that closed satisfied, the thank-you letters sent for a month,
 * and the customers who want none (sqlite_thanks.c).
 */
#ifndef KESU_STORE_THANKS_H
#define KESU_STORE_THANKS_H

#include <stdint.h>

/* The most complaints one month's proposal reads. */
#define THANKS_ROWS_MAX 5000

/* A complaint closed satisfied in the month, with its customer and what
 * became of the month's letter to them. */
struct thanks_candidate {
	int64_t complaint_id, customer_id, team_id, closed_at;
	int satisfaction;
	const char *tracking_no, *language, *customer_name;
	int has_phone, has_email;
	int opt_out;
	int64_t opt_out_at;
	const char *opt_out_by;
	int64_t thanked_at;	     /* the month's letter; 0: none yet */
	int64_t thanked_complaint_id;
	const char *thanked_by;
};
/* The complaints whose latest callback, recorded in [from, to), closed
 * them satisfied (4 or 5, carried out) and which are still closed, with a
 * customer; by customer, their latest close first. At most
 * THANKS_ROWS_MAX (*more set when there were others). month (YYYY-MM)
 * names the letters looked up. */
int store_thanks_candidates(struct store_conn *c, const char *month, int64_t from, int64_t to,
			    struct arena *a, struct thanks_candidate **items, int *n, int *more,
			    struct kesu_err *err);

struct thanks_letter {
	int64_t id, customer_id, complaint_id, sent_at;
	const char *month, *sent_by, *extra;
};
/* Records a letter; KE_CONFLICT (KR_TAKEN) if the customer was thanked
 * for the month already. */
int store_thanks_insert(struct store_conn *c, struct thanks_letter *t, struct kesu_err *err);
/* 1 in *sent if the customer was thanked for the month. */
int store_thanks_sent(struct store_conn *c, const char *month, int64_t customer_id, int *sent,
		      struct kesu_err *err);

/* Sets or clears a customer's opt-out of thank-you letters, by whom.
 * KE_NOT_FOUND if there is no such customer. */
int store_customer_thanks_opt_out(struct store_conn *c, int64_t customer_id, int opt_out,
				  const char *by, int64_t now, struct kesu_err *err);

#endif
