/*
 * store_checklists.h - prevention checklists (自我筛查, domain.md 10): the
 * checklists, their runs and each item's answer (sqlite_checklists.c).
 */
#ifndef KESU_STORE_CHECKLISTS_H
#define KESU_STORE_CHECKLISTS_H

#include <stdint.h>

#define CHECKLIST_ITEMS_MAX 50
#define CHECKLISTS_MAX 200

/* One checklist; name and items are JSON texts (see 0029_checklists.sql). */
struct checklist {
	int64_t id, team_id, version, created_at, updated_at;
	int32_t checked_day; /* -1: never looked at */
	int active;
	const char *name, *items, *owner_role, *frequency, *created_by;
	const char *team; /* read only */
};

int store_checklist_insert(struct store_conn *c, struct checklist *k, struct kesu_err *err);
/* KE_NOT_FOUND when there is none. */
int store_checklist_get(struct store_conn *c, int64_t id, struct arena *a, struct checklist *out,
			struct kesu_err *err);
/* Writes the changeable members if the stored version is still
 * k->version (KE_STALE otherwise); k->version is then the new one. */
int store_checklist_update(struct store_conn *c, struct checklist *k, struct kesu_err *err);
/* Every checklist, in id order, at most CHECKLISTS_MAX. */
int store_checklists_list(struct store_conn *c, struct arena *a, struct checklist **items, int *n,
			  struct kesu_err *err);
/* The active daily and weekly checklists the scheduler has not looked at
 * on day, at most limit. */
int store_checklists_unchecked(struct store_conn *c, int32_t day, int limit, struct arena *a,
			       struct checklist **items, int *n, struct kesu_err *err);
/* Records that the scheduler looked at checklist id on day. */
int store_checklist_checked(struct store_conn *c, int64_t id, int32_t day, struct kesu_err *err);

/* One run; day -1 for a run on demand. */
struct checklist_run {
	int64_t id, checklist_id, team_id, due_at, created_at, finished_at, version;
	int32_t day;
	int overdue, answered, failed;
	const char *occasion, *name, *items, *owner_role, *state, *created_by, *finished_by;
};

/* r->id is 0 when the scheduled day has its run already (nothing written). */
int store_checklist_run_insert(struct store_conn *c, struct checklist_run *r,
			       struct kesu_err *err);
int store_checklist_run_get(struct store_conn *c, int64_t id, struct arena *a,
			    struct checklist_run *out, struct kesu_err *err);
/* Writes state, overdue, finished_at, finished_by if the version holds. */
int store_checklist_run_update(struct store_conn *c, struct checklist_run *r,
			       struct kesu_err *err);

struct checklist_run_filter {
	const char *state;  /* "due" (open, not past due), "overdue", "done" or NULL */
	int64_t checklist_id, now, cursor_id;
	int limit;
};
/* A page of runs: open ones by due time, done ones newest first. */
int store_checklist_runs_list(struct store_conn *c, const struct checklist_run_filter *f,
			      struct arena *a, struct checklist_run **items, int *n, int *more,
			      struct kesu_err *err);
/* Open runs past due at now and not yet said, at most limit. */
int store_checklist_runs_overdue(struct store_conn *c, int64_t now, int limit, struct arena *a,
				 struct checklist_run **items, int *n, struct kesu_err *err);

struct checklist_answer {
	int64_t run_id, action_id, answered_at;
	int n;
	const char *result, *note, *attachments, *answered_by;
};
/* Writes (or replaces) the answer to item a->n of a run. */
int store_checklist_answer_put(struct store_conn *c, const struct checklist_answer *x,
			       struct kesu_err *err);
/* Sets the action made of an answer. */
int store_checklist_answer_action(struct store_conn *c, int64_t run_id, int n, int64_t action_id,
				  struct kesu_err *err);
/* A run's answers in item order, at most CHECKLIST_ITEMS_MAX. */
int store_checklist_answers(struct store_conn *c, int64_t run_id, struct arena *a,
			    struct checklist_answer **items, int *n, struct kesu_err *err);

/* The complaints with a cause registered since from, counted by cause,
 * most first, at most limit causes; the total of all causes in *total. */
struct cause_count {
	const char *cause;
	int64_t n;
};
int store_cause_counts_since(struct store_conn *c, int64_t from, int limit, struct arena *a,
			     struct cause_count **items, int *n, int64_t *total,
			     struct kesu_err *err);

#endif
