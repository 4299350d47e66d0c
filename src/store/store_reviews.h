/*
 * store_reviews.h - neutral and negative reviews on the shop's platforms
 * (domain.md 8): the review, its contacts and history, the queues per
 * buyer group, the scheduler's due reviews, the figures of a period and
 * the shop's order counts (sqlite_reviews.c).
 */
#ifndef KESU_STORE_REVIEWS_H
#define KESU_STORE_REVIEWS_H

#include <stdint.h>

/* One review; times in Unix ms, 0 for none; strings NULL when absent. */
struct review {
	int64_t id, posted_at, received_at, contact_due_at, breached_at, call_at, due_at;
	int64_t first_contact_at, first_contact_by, reached_at, agreed_at, agreed_by, changed_at, kept_at;
	int64_t next_reminder_at, invited_at, complaint_id, team_id, assignee_id;
	int64_t reply_posted_at, next_at, version, created_at, updated_at;
	int32_t posted_day; /* the local day of posted_at: set for an insert */
	const char *dedupe, *platform, *shop, *external_id, *order_ref, *buyer, *contact;
	const char *rating, *text, *photos /* JSON array text */, *product, *link, *language;
	const char *serious_reason, *age_set, *age_reason, *group, *cause;
	const char *reply_text, *reply_posted_by;
	const char *tracking_no; /* of complaint_id, read only */
	int stars, serious, reminders;
};

struct review_contact {
	int64_t id, review_id, at, appointment_at, by_id, recorded_at;
	const char *method, *outcome, *note, *by_name;
	int reached;
};

struct review_event {
	int64_t id, review_id, at;
	const char *kind, *actor, *data;
};

/* Inserts r (id set) unless a review of the same dedupe exists: then *r
 * is that one, as stored, and *existing is 1. */
int store_review_insert(struct store_conn *c, struct review *r, struct arena *a, int *existing,
			struct kesu_err *err);
int store_review_get(struct store_conn *c, int64_t id, struct arena *a, struct review *out,
		     struct kesu_err *err);
/* Writes every changeable column of r, if its version is still
 * r->version (KE_CONFLICT otherwise); r->version then is the new one. */
int store_review_update(struct store_conn *c, struct review *r, struct kesu_err *err);

struct review_filter {
	const char *group, *platform; /* NULL: any */
	int due; /* only reviews with a contact due (the first, or a call booked), soonest first */
	int64_t teams_of;	      /* not 0: only reviews of this user's teams or of no team */
	int64_t cursor_x, cursor_id;  /* 0: the first page */
	int limit;
};
/* A page of reviews, newest first (due: soonest due first); *more is 1
 * when there are more. */
int store_reviews_list(struct store_conn *c, const struct review_filter *f, struct arena *a,
		       struct review **items, int *n, int *more, struct kesu_err *err);
/* How many reviews each group holds (of teams_of's teams, or all), each
 * counted up to cap + 1: groups in the order of the group enumeration. */
int store_reviews_group_counts(struct store_conn *c, int64_t teams_of, int cap, int64_t out[5],
			       struct kesu_err *err);
/* The reviews whose next_at has come, at most limit. */
int store_reviews_due(struct store_conn *c, int64_t now, int limit, struct arena *a,
		      struct review **items, int *n, struct kesu_err *err);

int store_review_contact_insert(struct store_conn *c, struct review_contact *k,
				struct kesu_err *err);
/* A review's contacts, oldest first. */
int store_review_contacts(struct store_conn *c, int64_t review_id, struct arena *a,
			  struct review_contact **items, int *n, struct kesu_err *err);
int store_review_event_insert(struct store_conn *c, struct review_event *e,
			      struct kesu_err *err);
/* A review's history, oldest first, at most 500. */
int store_review_events(struct store_conn *c, int64_t review_id, struct arena *a,
			struct review_event **items, int *n, struct kesu_err *err);

/* The figures of the reviews posted on the local days from_day..to_day
 * (inclusive), read from the day tables the triggers keep (0024): one row
 * per platform, rating and the agent who first contacted the buyer.
 * team_id not 0: that team's reviews and those of no team. */
struct review_tally {
	const char *platform, *rating, *agent; /* agent NULL: nobody contacted */
	int64_t n, contacted, reached, agreed, changed; /* changed: of the agreed */
	int64_t first_contact_ms; /* posting to first contact, summed over the contacted */
	int64_t breached;	  /* whose contact clock ran out */
};
int store_review_tallies(struct store_conn *c, int32_t from_day, int32_t to_day, int64_t team_id,
			 struct arena *a, struct review_tally **items, int *n, struct kesu_err *err);
/* How many buyers waited up to `minutes` (a bucket's upper bound; 99999:
 * more than a week) for the first contact, ascending. */
struct review_wait {
	int minutes;
	int64_t n;
};
int store_review_waits(struct store_conn *c, int32_t from_day, int32_t to_day, int64_t team_id,
		       struct arena *a, struct review_wait **items, int *n, struct kesu_err *err);
/* The causes of the reviews, most first. */
struct review_cause_n {
	const char *cause;
	int64_t n;
};
int store_review_causes(struct store_conn *c, int32_t from_day, int32_t to_day, int64_t team_id,
			struct arena *a, struct review_cause_n **items, int *n,
			struct kesu_err *err);

/* The shop's orders of a local day (YYYY-MM-DD) on a platform, replaced. */
int store_order_count_put(struct store_conn *c, const char *day, const char *platform,
			  int64_t orders, int64_t now, struct kesu_err *err);
/* The orders counted on the local days from_day..to_day (day numbers),
 * the reviews posted on the same days and platforms, and how many days
 * have a count. */
int store_order_count_sum(struct store_conn *c, int32_t from_day, int32_t to_day,
			  int64_t *orders, int64_t *reviews, int64_t *days, struct kesu_err *err);

#endif
