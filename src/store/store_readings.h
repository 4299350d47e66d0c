/*
 * store_readings.h - what kesu read in a complaint's words
 * (sqlite_readings.c), and the labelled complaints `kesu train` learns
 * from.
 */
#ifndef KESU_STORE_READINGS_H
#define KESU_STORE_READINGS_H

struct reading_row {
	int64_t id, complaint_id, created_at, accepted_at;
	const char *source, *emotion, *mindset, *reading, *accepted_by;
	double polarity;
	int threat;
};
/* Keeps a reading (reading: the API's JSON object as text); *id receives
 * its id, unless id is NULL (then it may be sent without waiting,
 * sql_step_later). */
int store_reading_put(struct store_conn *c, const struct reading_row *r, int64_t *id,
		      struct kesu_err *err);
/* The newest reading of a complaint: KE_NOT_FOUND when it has none. */
int store_reading_latest(struct store_conn *c, int64_t complaint_id, struct arena *a,
			 struct reading_row *out, struct kesu_err *err);
/* Records that who accepted reading id at `at`. */
int store_reading_accept(struct store_conn *c, int64_t id, const char *who, int64_t at,
			 struct kesu_err *err);

/* A customer's newest complaints other than one, for repeats: id,
 * tracking number, status and words (content only), newest first. */
struct recent_text {
	int64_t id;
	char tracking_no[24];
	int state;
	const char *content;
};
int store_customer_recent_texts(struct store_conn *c, int64_t customer_id, int64_t except_id,
				int limit, struct arena *a, struct recent_text **items, int *n,
				struct kesu_err *err);

/* A complaint's words and the judgements agents set on it. */
struct labelled_row {
	int64_t id;
	const char *content, *category, *cause, *emotion, *mindset;
};
/* Up to limit complaints above after_id, in id order, that have words and
 * at least one of category, cause, emotion or mindset set. */
int store_labelled_after(struct store_conn *c, int64_t after_id, int limit, struct arena *a,
			 struct labelled_row **items, int *n, struct kesu_err *err);

#endif
