/*
 * knowledge.h - the knowledge base (知识库, domain.md 3): the agent's four
 * steps of guided handling, the unified response scripts for each step
 * with their {placeholders}, and article drafts written from closed cases
 * without the customer's personal data. The store keeps the records
 * (store.h); the API serves them (src/api/scripts.c, guide.c, articles.c).
 */
#ifndef KESU_KNOWLEDGE_H
#define KESU_KNOWLEDGE_H

#include <jansson.h>
#include <stdint.h>

#include "../store/store.h"

/* --- the steps (script.c) ---------------------------------------------------- */

#define KN_STEPS GUIDE_STEPS
#define KN_LANGS 3 /* zh-CN, zh-TW, en */

/* Mood first, then the matter: the steps in order, named in each
 * language, with what the agent wants to have achieved. */
struct kn_step {
	int n;		 /* 1..4 */
	const char *key; /* listen, guide, clarify, resolve */
	const char *name[KN_LANGS];
	const char *goal[KN_LANGS];
};
extern const struct kn_step kn_steps[KN_STEPS];

/* 0 zh-CN (also for NULL or anything unknown), 1 zh-TW, 2 en. */
int kn_lang_index(const char *language);
/* The step a path names: 1..4 or its key; 0 for anything else. */
int kn_step_find(const char *s);

/* --- scripts and their placeholders (script.c) ------------------------------- */

/* What a script may say, {name} in the text. NULL: not known for this
 * complaint. customer_phone is masked for a reader without pii.view. */
struct kn_vars {
	const char *customer_name, *customer_phone, *tracking_no, *due, *object_name, *category,
		*agent_name, *company;
};
/* "customer_name, tracking_no, ...": for messages and docs. */
extern const char kn_placeholder_names[];

/* 0 if text (on field) uses only known {placeholders} and well-formed
 * braces ({{ and }} for literal ones); else KE_INVALID_VALUE naming the
 * unknown one. */
int kn_script_check(const char *text, const char *field, struct kesu_err *err);
/* text with its placeholders filled from v, in a. A placeholder without a
 * value stays as written ({due}), for the agent to fill in, and its name
 * is appended to missing (a JSON array) once. */
const char *kn_script_fill(const char *text, const struct kn_vars *v, json_t *missing,
			   struct arena *a);
/* A due time (Unix ms) as people say it in language, in the business time
 * zone: "2026年11月27日（星期五）18:00", "Friday 27 November 2026, 18:00". */
const char *kn_due_text(int64_t at, const char *language, struct arena *a);

/* --- drafts from closed cases (draft.c) -------------------------------------- */

/* What a closed case gives its article. */
struct kn_case {
	const struct complaint *c;
	const char *resolution;		   /* the reason it was resolved with, or NULL */
	const struct compensation *granted; /* what was granted */
	int ngranted;
};
/* Writes a draft title and body in language: what happened, what the
 * customer wanted, how it was resolved and what was granted, then a line
 * for the lesson, with names, phone numbers, e-mail addresses and other
 * numbers taken out (text_redact). Strings in a. */
void kn_draft(const struct kn_case *k, const char *language, struct arena *a,
	      const char **title, const char **body);

/* --- lessons (lesson.c) -------------------------------------------------------- */

/* The text of a lesson drawn from a handling notice, headed in language:
 * its key matters, agreed answers and remedy standard. In a. */
const char *kn_notice_lesson(const struct handling_notice *n, const char *language,
			     struct arena *a);

#endif
