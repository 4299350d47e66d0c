/*
 * intake.h - registering a complaint, whatever brought it in (the API, the
 * mail gateway, an import): validation, the customer file, the tracking
 * number, the first timeline event and the workflow's start (clocks and
 * the customer's acknowledgment), all in the caller's transaction.
 */
#ifndef KESU_INTAKE_H
#define KESU_INTAKE_H

#include <jansson.h>
#include <stdint.h>

#include "../core/complaint.h"
#include "../core/customer.h"
#include "../store/store.h"
#include "../workflow/workflow.h"

struct intake {
	struct store_job job; /* job.run registers it (intake_run) */
	struct complaint c;
	struct customer from; /* the complainant as a customer record */
	const char *idem_key; /* with req_hash: a retried request is the same complaint */
	unsigned char req_hash[32];
	json_t *fields;	    /* the registration as it came: the created event's */
	const struct wf_actor *who; /* who registers it; NULL: kesu itself */
	const unsigned char *secret;
	int replayed; /* set by the run: the idempotency key found an earlier one */
	/* when its clocks start: 0 for the registration time; an import of
	 * complaints from another system starts them at the import, so that
	 * history does not breach and escalate at once */
	int64_t clocks_from;
	struct arena *a;
	/* what its words say, read here rather than in the writer; the
	 * repeats the writer found (NULL: none) */
	struct an_reading *reading;
	json_t *repeats;
	int repeats_known; /* repeats were looked for before the writer (intake_repeats) */
};

/* Builds the registration of body by actor at now: validation, portal
 * token and customer keys happen here, outside the writer. Returns 0 with
 * *out in a, or a negative code with err naming the field. Release with
 * intake_done. */
int intake_prepare(struct arena *a, json_t *body, int64_t now, const char *actor,
		   const unsigned char *secret, struct intake **out, struct kesu_err *err);
/* Stores it, inside the caller's transaction (the writer). On return
 * j->c holds the stored complaint (id, tracking number, team). */
int intake_store(struct store_conn *c, struct intake *j, struct kesu_err *err);
/* The store job form of intake_store. */
int intake_run(struct store_conn *c, struct store_job *job);
/* Looks for the customer's earlier complaints that this one repeats, on a
 * reader connection, so that the writer need not (a failure leaves it to
 * the writer). */
void intake_repeats(struct store_conn *reader, struct intake *j);
/* Frees what intake_prepare allocated outside the arena. */
void intake_done(struct intake *j);

/* Registers one complaint from a JSON body on the calling thread, for
 * commands that run without the writer thread (kesu init --demo). */
int intake_register_sync(struct store *s, json_t *body, int64_t now, const char *actor,
			 int64_t *id, struct kesu_err *err);

/* Registers n complaints in one transaction (kesu import): bodies[i] as
 * if posted at times[i]. All or nothing: on a validation error *bad_index
 * names the body and nothing is stored. */
int intake_import(struct store *s, json_t **bodies, const int64_t *times, int n,
		  const char *actor, int *bad_index, struct kesu_err *err);

#endif
