/*
 * thanks.c - winning the customer back (domain.md 6): each month the
 * supervisors thank the complainants whose complaints closed satisfied,
 * one letter per customer, never to one who asked for none, never twice
 * for the same month. The letter is a customer notice of kind "thanks" on
 * the complaint that closed, and the complaint's history says it was sent.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "calendar.h"
#include "workflow_int.h"

int wf_thanks_month(const char *month, int64_t *from, int64_t *to)
{
	if (!month || strlen(month) != 7 || month[4] != '-')
		return -1;
	for (int i = 0; i < 7; i++)
		if (i != 4 && (month[i] < '0' || month[i] > '9'))
			return -1;
	int y = atoi(month), m = atoi(month + 5);
	if (y < 2000 || m < 1 || m > 12)
		return -1;
	*from = cal_day_start(cal_from_civil(y, m, 1));
	*to = cal_day_start(cal_from_civil(y, m + 1, 1));
	return 0;
}

/* The first row of each customer (their latest close) that who sees. */
static int customer_rows(struct store_conn *c, const char *month, const struct wf_actor *who,
			 struct arena *a, struct thanks_candidate **out, int *n, int *more,
			 struct kesu_err *err)
{
	int64_t from, to;
	if (wf_thanks_month(month, &from, &to))
		return kesu_fail(err, KE_INVALID_VALUE, "month", "must be a month, YYYY-MM");
	struct thanks_candidate *rows;
	int nrows, rc = store_thanks_candidates(c, month, from, to, a, &rows, &nrows, more, err);
	if (rc)
		return rc;
	*out = arena_alloc(a, sizeof **out * (size_t)(nrows ? nrows : 1));
	*n = 0;
	for (int i = 0; i < nrows; i++) {
		if (!wf_sees(who, rows[i].team_id))
			continue;
		if (*n && (*out)[*n - 1].customer_id == rows[i].customer_id)
			continue;
		(*out)[(*n)++] = rows[i];
	}
	return 0;
}

int wf_thanks_proposal(struct store_conn *c, const char *month, const struct wf_actor *who,
		       struct arena *a, struct thanks_candidate **items, int *n, int *more,
		       struct kesu_err *err)
{
	return customer_rows(c, month, who, a, items, n, more, err);
}

/* The customer a chosen id names: a customer id, or a complaint id of the
 * proposal. NULL when the proposal has neither. */
static struct thanks_candidate *chosen(struct thanks_candidate *rows, int n, int64_t id,
				       int by_complaint)
{
	for (int i = 0; i < n; i++)
		if (by_complaint ? rows[i].complaint_id == id : rows[i].customer_id == id)
			return &rows[i];
	return NULL;
}

static int send_one(struct store_conn *c, const char *month, struct thanks_candidate *t,
		    const char *extra, const struct wf_actor *who, int64_t now, struct arena *a,
		    struct kesu_err *err)
{
	struct complaint cp;
	int rc = store_complaint_get(c, t->complaint_id, NULL, a, &cp, err);
	if (rc)
		return rc;
	struct thanks_letter l = {.month = month, .customer_id = t->customer_id,
				  .complaint_id = cp.id, .sent_at = now, .sent_by = who->name,
				  .extra = extra};
	if ((rc = store_thanks_insert(c, &l, err)))
		return rc;
	/* the sender fills in the opt-out link from customer_id */
	json_t *d = json_pack("{s:s,s:I,s:s?}", "month", month, "customer_id",
			      (json_int_t)t->customer_id, "extra", extra);
	rc = notice_customer_with(c, &cp, "thanks", NULL, NULL, d, now, err);
	if (!rc)
		rc = notice_event(c, cp.id, "thanked", who->name, now, d, NULL, NULL, err);
	json_decref(d);
	return rc;
}

int wf_thanks_send(struct store_conn *c, const char *month, const int64_t *ids, int n,
		   int by_complaint, const char *extra, const struct wf_actor *who, int64_t now,
		   struct arena *a, json_t *sent, json_t *skipped, struct kesu_err *err)
{
	struct thanks_candidate *rows;
	int nrows, more;
	int rc = customer_rows(c, month, who, a, &rows, &nrows, &more, err);
	if (rc)
		return rc;
	for (int i = 0; i < n; i++) {
		struct thanks_candidate *t = chosen(rows, nrows, ids[i], by_complaint);
		const char *why = !t		      ? "not_proposed"
				  : t->opt_out	      ? "opted_out"
				  : t->thanked_at     ? "already_thanked"
						      : NULL;
		json_t *row = json_pack("{s:I}", by_complaint ? "complaint_id" : "customer_id",
					(json_int_t)ids[i]);
		if (t) {
			json_object_set_new(row, "customer_id", json_integer(t->customer_id));
			json_object_set_new(row, "complaint_id", json_integer(t->complaint_id));
			json_object_set_new(row, "tracking_no", json_string(t->tracking_no));
		}
		if (why) {
			json_object_set_new(row, "reason", json_string(why));
			json_array_append_new(skipped, row);
			continue;
		}
		if ((rc = send_one(c, month, t, extra, who, now, a, err))) {
			json_decref(row);
			return rc;
		}
		/* the same customer chosen twice (two of their complaints) gets
		 * one letter */
		t->thanked_at = now;
		json_object_set_new(row, "language",
				    json_string(t->language ? t->language : "zh-CN"));
		json_array_append_new(sent, row);
	}
	return 0;
}
