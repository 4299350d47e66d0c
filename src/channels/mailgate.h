/*
 * mailgate.h - taking one incoming mail into the store (see mailgate.c).
 */
#ifndef KESU_MAILGATE_H
#define KESU_MAILGATE_H

#include <stddef.h>
#include <stdint.h>

#include "../store/store.h"
#include "../util/ids.h"
#include "mailparse.h"

enum mg_outcome {
	MG_CREATED,   /* a new complaint */
	MG_REPLY,     /* added to the complaint it answers */
	MG_IGNORED,   /* an auto-reply, bounce or bulk mail: kept, nothing else */
	MG_REVIEW,    /* kept for a person to look at (why says why) */
	MG_DUPLICATE, /* these very bytes were taken before */
	MG_TOO_LARGE, /* over the size limit: not taken (the sender should hear) */
};

struct mg_result {
	enum mg_outcome outcome;
	int64_t mail_id, complaint_id;
	char tracking_no[TRACKING_NO_MAX];
	int reopened;
	char why[300];
};

/* Takes raw (len bytes) as received at now, on the calling thread (no
 * writer thread may run on s). Returns 0 with *out saying what became of
 * it, whatever the mail holds; a negative code only when the store could
 * not take it (busy, full disk, I/O: try again later). mail_init() first. */
int mailgate_take(struct store *s, const char *raw, size_t len, int64_t now,
		  struct mg_result *out, struct kesu_err *err);

#endif
