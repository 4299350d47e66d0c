/*
 * complaint.h - the complaint record (domain.md section 1): its fields, how
 * it is read from and written to JSON, and how a change is described.
 */
#ifndef KESU_COMPLAINT_H
#define KESU_COMPLAINT_H

#include <jansson.h>
#include <stdint.h>

#include "../util/arena.h"
#include "../util/err.h"
#include "../util/ids.h"
#include "fields.h"
#include "state.h"

/* Registration fields, in the order of complaint_fields[]. */
enum complaint_field {
	CF_CHANNEL,
	CF_NAME,
	CF_PHONE,
	CF_EMAIL,
	CF_CONTACT_OTHER,
	CF_OBJECT_KIND,
	CF_OBJECT_REF,
	CF_OBJECT_NAME,
	CF_CONTENT,
	CF_OCCURRED_AT,
	CF_PURCHASED_AT,
	CF_USAGE,
	CF_DEMAND,
	CF_DESIRED_RESOLUTION,
	CF_SEVERITY,
	CF_EMOTION,
	CF_MINDSET,
	CF_CATEGORY,
	CF_LANGUAGE,
	/* judgements and handling (domain.md 1, 3, 5) */
	CF_CAUSE,
	CF_RESPONSIBILITY,
	CF_VALIDITY,
	CF_DUPLICATE_OF,
	CF_CONVERSATION_CHANNEL,
	CF_ODR_COURSE,
	CF_ODR_MEANS,
	CF_ODR_OUTCOME,
	CF__COUNT
};

extern const struct field_def complaint_fields[CF__COUNT];
struct complaint {
	int64_t id;
	char tracking_no[TRACKING_NO_MAX];
	enum complaint_state state;
	const char *v[CF__COUNT]; /* NULL: not given */
	int64_t customer_id;	  /* 0: none */
	int64_t team_id;	  /* the team handling it; 0: none */
	int64_t assignee_id;	  /* the agent handling it; 0: none */
	int level;		  /* escalation level: enum level */
	int reopen_count;
	int threat;		  /* flagged as threatening to spread */
	int systemic;		  /* the cause lies in the business's own policy */
	int idea;		  /* carries an idea for a new product or service */
	int64_t created_at, updated_at; /* Unix ms, UTC */
	int64_t version;
	const char *created_by;
	unsigned char portal_nonce[PORTAL_NONCE_LEN];
	unsigned char portal_hash[TOKEN_HASH_LEN];
	/* in lists: the earliest due time of the clocks still owed (running,
	 * or breached and not yet done), 0 none; whether a breached clock is
	 * owed; the kind of the clock due first (NULL: none) */
	int64_t due_at;
	int late;
	const char *due_clock;
	/* a second complaint (二次投诉): the earlier complaint about the same
	 * matter, and its tracking number; 0 and "": not one */
	int64_t second_of;
	char second_of_no[TRACKING_NO_MAX];
};

/* Parses a registration body. Fills c (strings in a) and applies defaults
 * (severity normal, language zh-CN). Returns 0 or a negative code with err
 * naming the field. */
int complaint_from_json(json_t *body, int64_t now_ms, struct arena *a,
			struct complaint *c, struct kesu_err *err);

/* Parses a PATCH body onto a copy of cur: present keys replace, null clears.
 * Sets bit i of *changed for each field whose value differs, and bits
 * CF__COUNT and CF__COUNT + 1 for the flags systemic and idea. Returns 0 or a
 * negative code; cur is never modified. */
int complaint_patch(const struct complaint *cur, json_t *body, int64_t now_ms,
		    struct arena *a, struct complaint *out, uint32_t *changed,
		    struct kesu_err *err);

/* The event payload describing a change: {"changes": {field: {before, after}}}. */
json_t *complaint_changes_json(const struct complaint *before,
			       const struct complaint *after, uint32_t changed);

/* The API representation. portal_token is added when not NULL (only in the
 * registration response). Caller owns the result. */
json_t *complaint_to_json(const struct complaint *c, const char *portal_token);
/* A short form for lists inside other records. */
json_t *complaint_summary_json(const struct complaint *c);

/* 1 if the fields the search index covers differ in changed. */
int complaint_search_changed(uint32_t changed);

/* ETag value of a complaint version: "v3" in quotes. */
void complaint_etag(const struct complaint *c, char out[32]);

#endif
