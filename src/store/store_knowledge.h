/*
 * store_knowledge.h - the knowledge base in the store: response scripts,
 * the steps of guided handling done, and articles. Included by store.h;
 * see there for connections and jobs.
 */
#ifndef KESU_STORE_KNOWLEDGE_H
#define KESU_STORE_KNOWLEDGE_H

#include "store.h"

/* --- The knowledge base: scripts, guide, articles (sqlite_knowledge.c) ---- */

#define SCRIPTS_MAX 1000 /* scripts kept in all; lists are never paged */

/* A unified response script (统一应答口径) for one handling step. */
struct script {
	int64_t id;
	const char *category;	    /* the complaint category it is for; NULL: any */
	int step;		    /* 1..4 (src/knowledge/knowledge.h) */
	const char *responsibility; /* ours, customer, third_party; NULL: either */
	const char *customer_type;  /* the customer type it is for; NULL: any */
	const char *language, *title, *body;
	const char *actions;	    /* macro: JSON object of actions (api/scripts.c); NULL: none */
	const char *playbook;	    /* the review playbook it is for: new, serious, month,
				     * half_year; NULL: a complaint's */
	int64_t notice_id;	    /* an agreed answer of this handling notice; 0: none */
	int position;		    /* order among the scripts of a step */
	int64_t version, created_at, updated_at;
	const char *created_by, *updated_by;
};
struct script_filter {
	const char *category; /* NULL: any; "": only those for any category */
	int step;	      /* 0: any */
	const char *language; /* NULL: any */
	const char *playbook; /* NULL: any; "": only complaints' scripts (no playbook) */
	int64_t notice_id;    /* 0: any; -1: none of a notice; N: none but notice N's */
};
/* Reader or writer. Up to SCRIPTS_MAX, by step, language, generic ones
 * last, position and id. */
int store_script_list(struct store_conn *c, const struct script_filter *f, struct arena *a,
		      struct script **items, int *n, struct kesu_err *err);
/* Reader or writer. KE_NOT_FOUND. */
int store_script_get(struct store_conn *c, int64_t id, struct arena *a, struct script *out,
		     struct kesu_err *err);
/* Inserts s (every field but id) and sets s->id. */
int store_script_insert(struct store_conn *c, struct script *s, struct kesu_err *err);
/* Writes every field of s but id, created_at and created_by. KE_NOT_FOUND. */
int store_script_update(struct store_conn *c, const struct script *s, struct kesu_err *err);
int store_script_delete(struct store_conn *c, int64_t id, struct kesu_err *err);
int store_script_count(struct store_conn *c, int64_t *n, struct kesu_err *err);

/* The steps of guided handling a complaint has done: done[i] for step
 * i + 1, done_at 0 if not done. */
struct guide_done {
	int64_t done_at;
	const char *done_by;
};
#define GUIDE_STEPS 4
int store_guide_of(struct store_conn *c, int64_t complaint_id, struct arena *a,
		   struct guide_done done[GUIDE_STEPS], struct kesu_err *err);
/* Marks step done (at, by) or not done. */
int store_guide_set(struct store_conn *c, int64_t complaint_id, int step, int done, int64_t at,
		    const char *by, struct kesu_err *err);

/* A knowledge-base article. */
struct kb_article {
	int64_t id;
	const char *title, *body, *category, *language;
	const char *status;	 /* draft, published */
	int64_t from_complaint;	 /* the closed case it grew from; 0: none */
	int64_t version, created_at, updated_at;
	const char *created_by, *updated_by;
	const char *excerpt;	 /* lists only (body is NULL there) */
	int64_t rank;		 /* searches: the match's rank, for the cursor */
};
struct kb_filter {
	const char *fts;	/* a search expression (store_search_expr), or NULL */
	const char *category, *language, *status; /* NULL: any */
	int has_cursor;
	int64_t cursor_rank, cursor_id; /* after this one */
	int limit;
};
/* Reader. Without fts newest first, with fts best match first. */
int store_article_list(struct store_conn *c, const struct kb_filter *f, struct arena *a,
		       struct kb_article **items, int *n, int *more, struct kesu_err *err);
/* Reader or writer. KE_NOT_FOUND. */
int store_article_get(struct store_conn *c, int64_t id, struct arena *a,
		      struct kb_article *out, struct kesu_err *err);
/* Inserts k (every field but id) and sets k->id; the search index follows. */
int store_article_insert(struct store_conn *c, struct kb_article *k, struct kesu_err *err);
/* Writes title, body, category, language, status, version, updated_at and
 * updated_by. KE_NOT_FOUND. */
int store_article_update(struct store_conn *c, const struct kb_article *k,
			 struct kesu_err *err);
int store_article_delete(struct store_conn *c, int64_t id, struct kesu_err *err);

#endif
