/*
 * store_incidents.h - many complaints, one cause (domain.md 9): the
 * incident and its complaints and history, the sketches of recent
 * complaints that notice one early, the handling notice with its read
 * confirmations and agreed answers, the messages to every affected
 * customer and the remedy standard (sqlite_incidents.c).
 */
#ifndef KESU_STORE_INCIDENTS_H
#define KESU_STORE_INCIDENTS_H

#include <stdint.h>

/* One incident; times Unix ms, 0 for none; strings NULL when absent. */
struct incident {
	int64_t id, affected_from, affected_to, started_at, owner_id, proposed_at, confirmed_at;
	int64_t dismissed_at, closed_at, first_complaint_at, first_message_at, version;
	int64_t created_at, updated_at;
	int complaints, pick_up;
	const char *title, *cause, *responsibility, *plan, *affected_kind, *affected_ref;
	const char *affected_ref_to, *affected_record, *match_key, *state, *proposal;
	const char *confirmed_by, *dismissed_by, *dismiss_reason, *created_by;
	const char *owner_name; /* read only */
};

int store_incident_insert(struct store_conn *c, struct incident *i, struct kesu_err *err);
int store_incident_get(struct store_conn *c, int64_t id, struct arena *a, struct incident *out,
		       struct kesu_err *err);
/* Writes every changeable member of i if its version is still i->version
 * (KE_STALE otherwise); i->version is then the new one. */
int store_incident_update(struct store_conn *c, struct incident *i, struct kesu_err *err);
/* A page of incidents, newest first: of state (NULL: all but proposed and
 * dismissed), below cursor_id (0: the first page). */
int store_incidents_list(struct store_conn *c, const char *state, int64_t cursor_id, int limit,
			 struct arena *a, struct incident **items, int *n, int *more,
			 struct kesu_err *err);
/* The incidents new complaints may join (proposed or not closed, picking
 * up), at most max, newest first. */
#define INCIDENTS_LIVE_MAX 200
int store_incidents_live(struct store_conn *c, struct arena *a, struct incident **items, int *n,
			 struct kesu_err *err);

/* Links complaint_id to incident_id (how: hand, search, proposal, auto).
 * A complaint in another incident: KE_CONFLICT, *other set to it; in this
 * one already: nothing written, *other is incident_id. */
int store_incident_link(struct store_conn *c, int64_t incident_id, int64_t complaint_id,
			const char *how, const char *by, int64_t at, int64_t *other,
			struct kesu_err *err);
/* Unlinks it; KE_NOT_FOUND when it is not linked to incident_id. */
int store_incident_unlink(struct store_conn *c, int64_t incident_id, int64_t complaint_id,
			  struct kesu_err *err);
/* The incident complaint_id belongs to, 0 for none. */
int store_incident_of(struct store_conn *c, int64_t complaint_id, int64_t *incident_id,
		      struct kesu_err *err);
/* Up to limit linked complaints' ids above after_id, in id order. */
int store_incident_complaint_ids(struct store_conn *c, int64_t incident_id, int64_t after_id,
				 int limit, int64_t *ids, int *n, struct kesu_err *err);
/* Up to limit linked complaints above after_id, in id order, whole. */
int store_incident_complaints(struct store_conn *c, int64_t incident_id, int64_t after_id,
			      int limit, struct arena *a, struct complaint **items, int *n,
			      struct kesu_err *err);
/* Figures of an incident's complaints: by state, with the follow-up's
 * satisfaction (average of the latest rating, count rated). */
struct incident_tally {
	int64_t by_state[16];
	int64_t rated, satisfied;
	double rating_sum;
	int64_t no_channel; /* without a phone and an e-mail address */
};
int store_incident_tally(struct store_conn *c, int64_t incident_id,
			 struct incident_tally *out, struct kesu_err *err);

struct incident_event {
	int64_t id, incident_id, at;
	const char *kind, *actor, *data;
};
int store_incident_event_append(struct store_conn *c, struct incident_event *e,
				struct kesu_err *err);
#define INCIDENT_EVENTS_MAX 500
int store_incident_events(struct store_conn *c, int64_t incident_id, struct arena *a,
			  struct incident_event **items, int *n, struct kesu_err *err);

/* --- sketches ------------------------------------------------------------- */

/* At most this many sketches per incident are compared with a new one. */
#define INCIDENT_SAMPLES_MAX 8
/* Adds a sample unless the incident has INCIDENT_SAMPLES_MAX. */
int store_incident_sample_add(struct store_conn *c, int64_t incident_id, int64_t complaint_id,
			      const void *sig, int len, struct kesu_err *err);
struct incident_sample {
	int64_t incident_id;
	const void *sig;
	int len;
};
/* The samples of the live incidents store_incidents_live gives (the
 * newest INCIDENTS_LIVE_MAX), newest incident first. */
int store_incident_samples(struct store_conn *c, struct arena *a, struct incident_sample **items,
			   int *n, struct kesu_err *err);

/* A recent complaint's sketch, and the key of the object it names. */
int store_sketch_put(struct store_conn *c, int64_t complaint_id, int64_t at,
		     const char *object_key, const void *sig, int len, struct kesu_err *err);
struct sketch_row {
	int64_t complaint_id, at;
	const void *sig;
	int len;
};
/* The sketches above complaint after_id made since `since`, in id order,
 * at most limit: what the writer's window lacks. */
int store_sketches_after(struct store_conn *c, int64_t after_id, int64_t since, int limit,
			 struct arena *a, struct sketch_row **items, int *n,
			 struct kesu_err *err);
/* The complaints since `since` naming object_key, in no incident and in
 * no dismissed proposal, newest first, at most limit. */
int store_sketches_by_object(struct store_conn *c, const char *object_key, int64_t since,
			     int limit, struct arena *a, struct sketch_row **items, int *n,
			     struct kesu_err *err);
/* 1 in *free if complaint_id has a sketch and is in no incident and in no
 * dismissed proposal. */
int store_sketch_free(struct store_conn *c, int64_t complaint_id, int *free_,
		      struct kesu_err *err);
/* The complaints of a dismissed proposal propose nothing again. */
int store_sketch_dismiss(struct store_conn *c, int64_t incident_id, struct kesu_err *err);
/* Deletes up to limit sketches older than before; *n how many. */
int store_sketch_prune(struct store_conn *c, int64_t before, int limit, int *n,
		       struct kesu_err *err);
/* How many changes incidents and their samples have had (one per row
 * made, edited or removed, counted by the store's triggers): the writer
 * keeps the live ones in memory while it holds. */
int store_incident_changes(struct store_conn *c, int64_t *n, struct kesu_err *err);

/* --- the handling notice -------------------------------------------------- */

struct handling_notice {
	int64_t id, incident_id, version, published_version, published_at, created_at, updated_at;
	const char *title, *key_matters, *remedy, *state, *published_by, *created_by;
	const char *answers, *duties, *contacts, *departments, *teams; /* JSON arrays */
};
int store_notice_insert(struct store_conn *c, struct handling_notice *n, struct kesu_err *err);
int store_notice_get(struct store_conn *c, int64_t id, struct arena *a,
		     struct handling_notice *out, struct kesu_err *err);
/* The notice of an incident: KE_NOT_FOUND when it has none. */
int store_notice_of(struct store_conn *c, int64_t incident_id, struct arena *a,
		    struct handling_notice *out, struct kesu_err *err);
int store_notice_update(struct store_conn *c, const struct handling_notice *n,
			struct kesu_err *err);
/* Notices newest first: published only (published), or all; of the
 * teams of teams_of (0: any); for user_id: with *read_version of each (0:
 * not read). At most NOTICES_MAX. */
#define NOTICES_MAX 200
int store_notices_list(struct store_conn *c, int published, int64_t user_id, int64_t teams_of,
		       struct arena *a, struct handling_notice **items, int64_t **read_version,
		       int *n, struct kesu_err *err);
/* The version of notice_id user_id confirmed, 0 for none. */
int store_notice_read_version(struct store_conn *c, int64_t notice_id, int64_t user_id,
			      int64_t *version, struct kesu_err *err);
/* user_id confirmed reading version of notice_id. */
int store_notice_read(struct store_conn *c, int64_t notice_id, int64_t user_id, int64_t version,
		      int64_t at, struct kesu_err *err);
/* Who should read a notice: the active agents, supervisors and managers
 * of its teams, each with what they read (version 0: nothing). */
struct notice_reader {
	int64_t user_id, version, read_at;
	const char *name, *display_name, *role;
};
#define NOTICE_READERS_MAX 2000
int store_notice_readers(struct store_conn *c, const struct handling_notice *n, struct arena *a,
			 struct notice_reader **items, int *count, struct kesu_err *err);
/* Replaces the agreed-answer scripts of a notice by scripts[0..n). */
int store_notice_scripts(struct store_conn *c, int64_t notice_id, struct script *scripts,
			 int n, struct kesu_err *err);

/* --- messages and remedies ------------------------------------------------ */

struct incident_message {
	int64_t id, incident_id, expected_at, sent_at;
	int complaints;
	const char *stage, *text /* JSON {language: text} */, *sent_by, *idem_key;
	const char *to_call; /* JSON [{id, tracking_no}] */
};
int store_incident_message_insert(struct store_conn *c, struct incident_message *m,
				  struct kesu_err *err);
/* Writes the count told and the list to call. */
int store_incident_message_done(struct store_conn *c, const struct incident_message *m,
				struct kesu_err *err);
/* The one sent with key; KE_NOT_FOUND. */
int store_incident_message_by_key(struct store_conn *c, int64_t incident_id, const char *key,
				  struct arena *a, struct incident_message *out,
				  struct kesu_err *err);
#define INCIDENT_MESSAGES_MAX 200
/* Newest first. */
int store_incident_messages(struct store_conn *c, int64_t incident_id, struct arena *a,
			    struct incident_message **items, int *n, struct kesu_err *err);

struct incident_remedy {
	int64_t id, incident_id, amount_fen, max_total_fen, proposed_by, proposed_at;
	int64_t decided_by, decided_at, granted, granted_fen;
	const char *type, *note, *state, *decision_reason, *idem_key;
	const char *proposer, *decider; /* read only */
};
int store_remedy_insert(struct store_conn *c, struct incident_remedy *r, struct kesu_err *err);
int store_remedy_get(struct store_conn *c, int64_t id, struct arena *a,
		     struct incident_remedy *out, struct kesu_err *err);
int store_remedy_by_key(struct store_conn *c, int64_t incident_id, const char *key,
			struct arena *a, struct incident_remedy *out, struct kesu_err *err);
/* Writes state, decision and the granted count and sum. */
int store_remedy_update(struct store_conn *c, const struct incident_remedy *r,
			struct kesu_err *err);
#define INCIDENT_REMEDIES_MAX 100
int store_remedies_of(struct store_conn *c, int64_t incident_id, struct arena *a,
		      struct incident_remedy **items, int *n, struct kesu_err *err);
/* 1 in *granted if complaint_id has a compensation under remedy_id. */
int store_remedy_granted_to(struct store_conn *c, int64_t remedy_id, int64_t complaint_id,
			    int *granted, struct kesu_err *err);

/* --- the report -------------------------------------------------------------- */

/* An incident confirmed in a report's period, as the report's section
 * shows it. The counts are over its linked complaints that the report's
 * filter takes (team, channel, category, severity; all of them without a
 * filter); the times are the incident's own, Unix ms, 0 for none. */
struct incident_fig {
	int64_t id, confirmed_at, first_complaint_at, first_message_at;
	int64_t complaints; /* linked */
	int64_t customers;  /* distinct; a complaint with no customer counts as one */
	int64_t remedy_fen; /* granted under its remedy standards */
	/* the callbacks of the period rated 1-5, as the report's satisfaction
	 * counts them (the invalid and duplicate complaints left out);
	 * satisfied: rated 4 or 5 */
	int64_t rated, rating_sum, satisfied;
	const char *title, *cause, *state;
};
#define INCIDENT_FIGS_MAX 200
/* The incidents confirmed in [f->from, f->to), the earliest first, at
 * most INCIDENT_FIGS_MAX (*more is 1 when there were more); with a filter,
 * only those holding one of its complaints. Strings in a. */
int store_incident_figures(struct store_conn *c, const struct report_filter *f, struct arena *a,
			   struct incident_fig **items, int *n, int *more, struct kesu_err *err);

#endif
