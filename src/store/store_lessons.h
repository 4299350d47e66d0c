/*
 * store_lessons.h - lessons (培训, domain.md 7): what a case worth learning
 * from teaches, the teams it is published to, and who of them confirmed
 * reading it and when (sqlite_lessons.c).
 */
#ifndef KESU_STORE_LESSONS_H
#define KESU_STORE_LESSONS_H

#include <stdint.h>

/* One lesson; times Unix ms, 0 for none; ids 0 for none. */
struct lesson {
	int64_t id, complaint_id, incident_id, notice_id, version, published_at, created_at,
		updated_at;
	int all_teams;
	const char *title, *body, *source, *state, *published_by, *created_by;
	const char *teams;	 /* JSON array of team ids */
	const char *tracking_no; /* of complaint_id, read only */
};

int store_lesson_insert(struct store_conn *c, struct lesson *l, struct kesu_err *err);
/* KE_NOT_FOUND when there is none. */
int store_lesson_get(struct store_conn *c, int64_t id, struct arena *a, struct lesson *out,
		     struct kesu_err *err);
/* Writes every column of l but the creation's. */
int store_lesson_update(struct store_conn *c, const struct lesson *l, struct kesu_err *err);

/* What a list reads; 0 or NULL for any. */
struct lesson_filter {
	int64_t user_id;   /* whose confirmation each row carries */
	int published;	   /* published ones only */
	int64_t for_user;  /* those published to a team of for_user (or to all) */
	int pending;	   /* with for_user: those for_user has not confirmed */
	int64_t team_id;   /* those published to this team (or to all) */
	const char *source; /* hand, complaint or incident */
	int64_t complaint_id, incident_id;
};
#define LESSONS_MAX 200
/* Lessons newest first, at most LESSONS_MAX, with when f->user_id
 * confirmed each (0: not). */
int store_lessons_list(struct store_conn *c, const struct lesson_filter *f, struct arena *a,
		       struct lesson **items, int64_t **confirmed_at, int *n, struct kesu_err *err);

/* Who is to confirm a lesson: the active agents, supervisors and managers
 * of its teams (of any team when it is for all), each with when they
 * confirmed (0: not yet). */
struct lesson_reader {
	int64_t user_id, confirmed_at;
	const char *name, *display_name, *role;
};
#define LESSON_READERS_MAX 2000
int store_lesson_readers(struct store_conn *c, const struct lesson *l, struct arena *a,
			 struct lesson_reader **items, int *count, struct kesu_err *err);
/* *is 1 when user_id is one of the lesson's readers. */
int store_lesson_reader_is(struct store_conn *c, const struct lesson *l, int64_t user_id,
			   int *is, struct kesu_err *err);
/* Records that user_id confirmed lesson_id at; a confirmation already
 * there stays. *confirmed_at: the time in force. */
int store_lesson_confirm(struct store_conn *c, int64_t lesson_id, int64_t user_id, int64_t at,
			 int64_t *confirmed_at, struct kesu_err *err);
/* When user_id confirmed lesson_id, 0 for not. */
int store_lesson_confirmed_at(struct store_conn *c, int64_t lesson_id, int64_t user_id,
			      int64_t *confirmed_at, struct kesu_err *err);
/* The lessons user_id confirmed, newest confirmation first, at most
 * LESSONS_MAX, with when. */
int store_lessons_confirmed_by(struct store_conn *c, int64_t user_id, struct arena *a,
			       struct lesson **items, int64_t **confirmed_at, int *n,
			       struct kesu_err *err);

#endif
