/*
 * sqlite_incidents.c - many complaints, one cause (domain.md 9): the
 * incident, its complaints and history, the recent sketches that notice
 * one early, the handling notice and who read it, the messages to every
 * affected customer and the remedy standard.
 */
#include "sqlite_int.h"

#include <string.h>

/* --- the incident ------------------------------------------------------------------ */

#define INC_COLS                                                                             \
	"i.id, i.affected_from, i.affected_to, i.started_at, i.owner_id, i.proposed_at,"      \
	" i.confirmed_at, i.dismissed_at, i.closed_at, i.first_complaint_at,"                 \
	" i.first_message_at, i.version, i.created_at, i.updated_at, i.complaints, i.pick_up," \
	" i.title, i.cause, i.responsibility, i.plan, i.affected_kind, i.affected_ref,"        \
	" i.affected_ref_to, i.affected_record, i.match_key, i.state, i.proposal,"             \
	" i.confirmed_by, i.dismissed_by, i.dismiss_reason, i.created_by,"                     \
	" (SELECT coalesce(display_name, username) FROM users WHERE id = i.owner_id)"           \
	" FROM incidents i"

static void read_incident(struct sql_stmt *st, struct arena *a, void *out)
{
	struct incident *x = out;
	int64_t *ints[] = {&x->id,	   &x->affected_from, &x->affected_to,	      &x->started_at,
			   &x->owner_id,   &x->proposed_at,   &x->confirmed_at,	      &x->dismissed_at,
			   &x->closed_at,  &x->first_complaint_at, &x->first_message_at, &x->version,
			   &x->created_at, &x->updated_at};
	const char **texts[] = {&x->title,	   &x->cause,	       &x->responsibility,
				&x->plan,	   &x->affected_kind,  &x->affected_ref,
				&x->affected_ref_to, &x->affected_record, &x->match_key,
				&x->state,	   &x->proposal,       &x->confirmed_by,
				&x->dismissed_by,  &x->dismiss_reason, &x->created_by,
				&x->owner_name};
	memset(x, 0, sizeof *x);
	int i = 0;
	for (size_t k = 0; k < sizeof ints / sizeof *ints; k++)
		*ints[k] = sql_column_int64(st, i++);
	x->complaints = sql_column_int(st, i++);
	x->pick_up = sql_column_int(st, i++);
	for (size_t k = 0; k < sizeof texts / sizeof *texts; k++)
		*texts[k] = col_text(st, i++, a);
}

/* The changeable columns, bound from 1 in this order. */
#define INC_SET                                                                                \
	"title = ?1, cause = ?2, responsibility = ?3, plan = ?4, affected_kind = ?5,"         \
	" affected_ref = ?6, affected_ref_to = ?7, affected_from = ?8, affected_to = ?9,"     \
	" affected_record = ?10, match_key = ?11, pick_up = ?12, started_at = ?13,"           \
	" owner_id = ?14, state = ?15, proposed_at = ?16, proposal = ?17, confirmed_at = ?18," \
	" confirmed_by = ?19, dismissed_at = ?20, dismissed_by = ?21, dismiss_reason = ?22,"  \
	" closed_at = ?23, first_message_at = ?24, updated_at = ?25"

static void bind_incident(struct sql_stmt *st, const struct incident *x)
{
	const char *t[] = {x->title, x->cause, x->responsibility, x->plan, x->affected_kind,
			   x->affected_ref, x->affected_ref_to};
	for (int k = 0; k < 7; k++)
		bind_text(st, k + 1, t[k]);
	bind_opt(st, 8, x->affected_from);
	bind_opt(st, 9, x->affected_to);
	bind_text(st, 10, x->affected_record);
	bind_text(st, 11, x->match_key);
	sql_bind_int(st, 12, x->pick_up);
	bind_opt(st, 13, x->started_at);
	bind_opt(st, 14, x->owner_id);
	bind_text(st, 15, x->state);
	bind_opt(st, 16, x->proposed_at);
	bind_text(st, 17, x->proposal);
	bind_opt(st, 18, x->confirmed_at);
	bind_text(st, 19, x->confirmed_by);
	bind_opt(st, 20, x->dismissed_at);
	bind_text(st, 21, x->dismissed_by);
	bind_text(st, 22, x->dismiss_reason);
	bind_opt(st, 23, x->closed_at);
	bind_opt(st, 24, x->first_message_at);
	sql_bind_int64(st, 25, x->updated_at);
}

int store_incident_insert(struct store_conn *c, struct incident *x, struct kesu_err *err)
{
	struct sql_stmt *st = conn_stmt(
		c, S_INC_INSERT,
		"INSERT INTO incidents(title, cause, responsibility, plan, affected_kind, affected_ref,"
		" affected_ref_to, affected_from, affected_to, affected_record, match_key, pick_up,"
		" started_at, owner_id, state, proposed_at, proposal, confirmed_at, confirmed_by,"
		" dismissed_at, dismissed_by, dismiss_reason, closed_at, first_message_at, updated_at,"
		" created_at, created_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12,"
		" ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27)"
		" RETURNING id",
		err);
	if (!st)
		return -err->code;
	bind_incident(st, x);
	sql_bind_int64(st, 26, x->created_at);
	bind_text(st, 27, x->created_by);
	x->version = 1;
	return step_int64(c, st, &x->id, "incident insert", err);
}

int store_incident_get(struct store_conn *c, int64_t id, struct arena *a, struct incident *out,
		       struct kesu_err *err)
{
	return load_by_id(c, S_INC_GET, "SELECT " INC_COLS " WHERE i.id = ?", id, read_incident, a,
			  out, "no incident %lld", err);
}

int store_incident_update(struct store_conn *c, struct incident *x, struct kesu_err *err)
{
	struct sql_stmt *st = conn_stmt(c, S_INC_UPDATE,
				     "UPDATE incidents SET " INC_SET ", version = version + 1"
				     " WHERE id = ?26 AND version = ?27",
				     err);
	if (!st)
		return -err->code;
	bind_incident(st, x);
	sql_bind_int64(st, 26, x->id);
	sql_bind_int64(st, 27, x->version);
	int rc = step_done(c, st, "incident update", err);
	if (rc)
		return rc;
	if (sql_changes(c) != 1)
		return kesu_fail(err, KE_STALE, "If-Match",
				 "the incident changed meanwhile: reload it");
	x->version++;
	return 0;
}

int store_incidents_list(struct store_conn *c, const char *state, int64_t cursor_id, int limit,
			 struct arena *a, struct incident **items, int *n, int *more,
			 struct kesu_err *err)
{
	struct sql_stmt *st =
		state ? conn_stmt(c, S_INC_LIST_STATE,
				  "SELECT " INC_COLS " WHERE i.state = ?1 AND (?2 = 0 OR i.id < ?2)"
				  " ORDER BY i.id DESC LIMIT ?3",
				  err)
		      : conn_stmt(c, S_INC_LIST,
				  "SELECT " INC_COLS " WHERE i.state NOT IN ('proposed', 'dismissed')"
				  " AND (?2 = 0 OR i.id < ?2) ORDER BY i.id DESC LIMIT ?3",
				  err);
	if (!st)
		return -err->code;
	bind_text(st, 1, state);
	sql_bind_int64(st, 2, cursor_id);
	sql_bind_int(st, 3, limit + 1);
	*items = load_all(c, st, read_incident, sizeof **items, limit + 1, a, n, err);
	if (!*items)
		return -err->code;
	*more = *n > limit;
	if (*more)
		*n = limit;
	return 0;
}

int store_incidents_live(struct store_conn *c, struct arena *a, struct incident **items, int *n,
			 struct kesu_err *err)
{
	struct sql_stmt *st = conn_stmt(c, S_INC_LIVE,
				     "SELECT " INC_COLS " WHERE i.state IN ('proposed', 'open', 'told',"
				     " 'remedied') AND i.pick_up = 1 ORDER BY i.id DESC LIMIT ?",
				     err);
	if (!st)
		return -err->code;
	sql_bind_int(st, 1, INCIDENTS_LIVE_MAX);
	*items = load_all(c, st, read_incident, sizeof **items, INCIDENTS_LIVE_MAX, a, n, err);
	return *items ? 0 : -err->code;
}

/* --- its complaints ------------------------------------------------------------- */

int store_incident_of(struct store_conn *c, int64_t complaint_id, int64_t *incident_id,
		      struct kesu_err *err)
{
	struct sql_stmt *st = conn_stmt(
		c, S_INC_LINK_OF, "SELECT incident_id FROM incident_complaints WHERE complaint_id = ?",
		err);
	if (!st)
		return -err->code;
	sql_bind_int64(st, 1, complaint_id);
	*incident_id = 0;
	int rc = sql_step(st);
	if (rc == SQLITE_ROW)
		*incident_id = sql_column_int64(st, 0);
	stmt_done(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : sql_fail(c, rc, "incident of", err);
}

int store_incident_link(struct store_conn *c, int64_t incident_id, int64_t complaint_id,
			const char *how, const char *by, int64_t at, int64_t *other,
			struct kesu_err *err)
{
	int rc = store_incident_of(c, complaint_id, other, err);
	if (rc || *other == incident_id)
		return rc;
	if (*other)
		return kesu_fail(err, KE_CONFLICT, "complaints",
				 "complaint %lld belongs to incident %lld already: remove it there first",
				 (long long)complaint_id, (long long)*other);
	struct sql_stmt *st = conn_stmt(c, S_INC_LINK,
				     "INSERT INTO incident_complaints(complaint_id, incident_id,"
				     " linked_at, linked_by, how) VALUES (?, ?, ?, ?, ?)",
				     err);
	if (!st)
		return -err->code;
	sql_bind_int64(st, 1, complaint_id);
	sql_bind_int64(st, 2, incident_id);
	sql_bind_int64(st, 3, at);
	bind_text(st, 4, by);
	bind_text(st, 5, how);
	return step_done(c, st, "incident link", err);
}

int store_incident_unlink(struct store_conn *c, int64_t incident_id, int64_t complaint_id,
			  struct kesu_err *err)
{
	struct sql_stmt *st = conn_stmt(
		c, S_INC_UNLINK,
		"DELETE FROM incident_complaints WHERE complaint_id = ? AND incident_id = ?", err);
	if (!st)
		return -err->code;
	sql_bind_int64(st, 1, complaint_id);
	sql_bind_int64(st, 2, incident_id);
	return step_one(c, st, "complaint in this incident", err);
}

int store_incident_complaint_ids(struct store_conn *c, int64_t incident_id, int64_t after_id,
				 int limit, int64_t *ids, int *n, struct kesu_err *err)
{
	struct sql_stmt *st = conn_stmt(c, S_INC_IDS,
				     "SELECT complaint_id FROM incident_complaints WHERE incident_id = ?"
				     " AND complaint_id > ? ORDER BY complaint_id LIMIT ?",
				     err);
	if (!st)
		return -err->code;
	sql_bind_int64(st, 1, incident_id);
	sql_bind_int64(st, 2, after_id);
	sql_bind_int(st, 3, limit);
	int rc;
	*n = 0;
	while (*n < limit && (rc = sql_step(st)) == SQLITE_ROW)
		ids[(*n)++] = sql_column_int64(st, 0);
	if (*n < limit && rc != SQLITE_DONE) {
		stmt_done(st);
		return sql_fail(c, rc, "incident complaints", err);
	}
	stmt_done(st);
	return 0;
}

int store_incident_complaints(struct store_conn *c, int64_t incident_id, int64_t after_id,
			      int limit, struct arena *a, struct complaint **items, int *n,
			      struct kesu_err *err)
{
	struct sql_stmt *st = conn_stmt(c, S_INC_COMPLAINTS,
				     "SELECT " COMPLAINT_COLS " FROM incident_complaints ic"
				     " JOIN complaints c ON c.id = ic.complaint_id"
				     " WHERE ic.incident_id = ? AND ic.complaint_id > ?"
				     " ORDER BY ic.complaint_id LIMIT ?",
				     err);
	if (!st)
		return -err->code;
	sql_bind_int64(st, 1, incident_id);
	sql_bind_int64(st, 2, after_id);
	sql_bind_int(st, 3, limit);
	*items = load_all(c, st, complaint_read_row, sizeof **items, limit, a, n, err);
	return *items ? 0 : -err->code;
}

int store_incident_tally(struct store_conn *c, int64_t incident_id, struct incident_tally *out,
			 struct kesu_err *err)
{
	memset(out, 0, sizeof *out);
	struct sql_stmt *st = conn_stmt(
		c, S_INC_TALLY,
		"SELECT c.status, count(*), sum(c.complainant_phone IS NULL AND"
		" c.complainant_email IS NULL) FROM incident_complaints ic"
		" JOIN complaints c ON c.id = ic.complaint_id WHERE ic.incident_id = ?"
		" GROUP BY c.status",
		err);
	if (!st)
		return -err->code;
	sql_bind_int64(st, 1, incident_id);
	int rc;
	while ((rc = sql_step(st)) == SQLITE_ROW) {
		int s = state_find((const char *)sql_column_text(st, 0));
		if (s >= 0 && s < 16)
			out->by_state[s] += sql_column_int64(st, 1);
		out->no_channel += sql_column_int64(st, 2);
	}
	stmt_done(st);
	if (rc != SQLITE_DONE)
		return sql_fail(c, rc, "incident tally", err);
	/* the latest rating of each complaint rated */
	st = conn_stmt(c, S_INC_TALLY_RATED,
		       "SELECT count(*), coalesce(sum(r), 0), coalesce(sum(r >= 4), 0) FROM"
		       " (SELECT (SELECT b.satisfaction FROM callbacks b WHERE b.complaint_id ="
		       " ic.complaint_id AND b.satisfaction IS NOT NULL ORDER BY b.id DESC LIMIT 1) r"
		       " FROM incident_complaints ic WHERE ic.incident_id = ?) WHERE r IS NOT NULL",
		       err);
	if (!st)
		return -err->code;
	sql_bind_int64(st, 1, incident_id);
	if ((rc = sql_step(st)) == SQLITE_ROW) {
		out->rated = sql_column_int64(st, 0);
		out->rating_sum = (double)sql_column_int64(st, 1);
		out->satisfied = sql_column_int64(st, 2);
	}
	stmt_done(st);
	return rc == SQLITE_ROW ? 0 : sql_fail(c, rc, "incident ratings", err);
}

/* --- history ------------------------------------------------------------------------ */

int store_incident_event_append(struct store_conn *c, struct incident_event *e,
				struct kesu_err *err)
{
	struct sql_stmt *st = conn_stmt(c, S_INC_EVENT,
				     "INSERT INTO incident_events(incident_id, at, kind, actor, data)"
				     " VALUES (?, ?, ?, ?, ?) RETURNING id",
				     err);
	if (!st)
		return -err->code;
	sql_bind_int64(st, 1, e->incident_id);
	sql_bind_int64(st, 2, e->at);
	bind_text(st, 3, e->kind);
	bind_text(st, 4, e->actor);
	bind_text(st, 5, e->data ? e->data : "{}");
	return step_int64(c, st, &e->id, "incident event", err);
}

static void read_ievent(struct sql_stmt *st, struct arena *a, void *out)
{
	struct incident_event *e = out;
	e->id = sql_column_int64(st, 0);
	e->incident_id = sql_column_int64(st, 1);
	e->at = sql_column_int64(st, 2);
	e->kind = col_text(st, 3, a);
	e->actor = col_text(st, 4, a);
	e->data = col_text(st, 5, a);
}

int store_incident_events(struct store_conn *c, int64_t incident_id, struct arena *a,
			  struct incident_event **items, int *n, struct kesu_err *err)
{
	/* the newest, shown oldest first */
	struct sql_stmt *st = conn_stmt(c, S_INC_EVENTS,
				     "SELECT * FROM (SELECT id, incident_id, at, kind, actor, data"
				     " FROM incident_events WHERE incident_id = ? ORDER BY id DESC"
				     " LIMIT ?) ORDER BY id",
				     err);
	if (!st)
		return -err->code;
	sql_bind_int64(st, 1, incident_id);
	sql_bind_int(st, 2, INCIDENT_EVENTS_MAX);
	*items = load_all(c, st, read_ievent, sizeof **items, INCIDENT_EVENTS_MAX, a, n, err);
	return *items ? 0 : -err->code;
}

/* --- sketches ------------------------------------------------------------------------ */

int store_incident_sample_add(struct store_conn *c, int64_t incident_id, int64_t complaint_id,
			      const void *sig, int len, struct kesu_err *err)
{
	struct sql_stmt *st = conn_stmt(
		c, S_INC_SAMPLE_ADD,
		"INSERT OR IGNORE INTO incident_samples(incident_id, complaint_id, sig)"
		" SELECT ?1, ?2, ?3 WHERE (SELECT count(*) FROM incident_samples"
		" WHERE incident_id = ?1) < ?4",
		err);
	if (!st)
		return -err->code;
	sql_bind_int64(st, 1, incident_id);
	sql_bind_int64(st, 2, complaint_id);
	sql_bind_blob(st, 3, sig, len, SQLITE_STATIC);
	sql_bind_int(st, 4, INCIDENT_SAMPLES_MAX);
	return step_done(c, st, "incident sample", err);
}

static void read_sample(struct sql_stmt *st, struct arena *a, void *out)
{
	struct incident_sample *s = out;
	s->incident_id = sql_column_int64(st, 0);
	s->sig = col_blob(st, 1, a, &s->len);
}

int store_incident_samples(struct store_conn *c, struct arena *a, struct incident_sample **items,
			   int *n, struct kesu_err *err)
{
	struct sql_stmt *st = conn_stmt(
		c, S_INC_SAMPLES,
		"SELECT s.incident_id, s.sig FROM incident_samples s WHERE s.incident_id IN"
		" (SELECT id FROM incidents WHERE state IN ('proposed', 'open', 'told', 'remedied')"
		" AND pick_up = 1 ORDER BY id DESC LIMIT ?) ORDER BY s.incident_id DESC, s.complaint_id",
		err);
	if (!st)
		return -err->code;
	/* those of the incidents store_incidents_live gives, and no other */
	int max = INCIDENTS_LIVE_MAX * INCIDENT_SAMPLES_MAX;
	sql_bind_int(st, 1, INCIDENTS_LIVE_MAX);
	*items = load_all(c, st, read_sample, sizeof **items, max, a, n, err);
	return *items ? 0 : -err->code;
}

int store_sketch_put(struct store_conn *c, int64_t complaint_id, int64_t at,
		     const char *object_key, const void *sig, int len, struct kesu_err *err)
{
	struct sql_stmt *st = conn_stmt(c, S_SKETCH_PUT,
				     "INSERT INTO complaint_sketches(complaint_id, at,"
				     " object_key, sig) VALUES (?, ?, ?, ?)"
				     " ON CONFLICT(complaint_id) DO UPDATE SET at = excluded.at,"
				     " object_key = excluded.object_key, sig = excluded.sig, dismissed = 0",
				     err);
	if (!st)
		return -err->code;
	sql_bind_int64(st, 1, complaint_id);
	sql_bind_int64(st, 2, at);
	bind_text(st, 3, object_key);
	sql_bind_blob(st, 4, sig, len, SQLITE_STATIC);
	return step_later(c, st, "sketch", err);
}

static void read_sketch(struct sql_stmt *st, struct arena *a, void *out)
{
	struct sketch_row *r = out;
	r->complaint_id = sql_column_int64(st, 0);
	r->at = sql_column_int64(st, 1);
	r->sig = col_blob(st, 2, a, &r->len);
}

int store_sketches_after(struct store_conn *c, int64_t after_id, int64_t since, int limit,
			 struct arena *a, struct sketch_row **items, int *n,
			 struct kesu_err *err)
{
	struct sql_stmt *st = conn_stmt(c, S_SKETCH_AFTER,
				     "SELECT complaint_id, at, sig FROM complaint_sketches"
				     " WHERE complaint_id > ? AND at >= ? ORDER BY complaint_id LIMIT ?",
				     err);
	if (!st)
		return -err->code;
	sql_bind_int64(st, 1, after_id);
	sql_bind_int64(st, 2, since);
	sql_bind_int(st, 3, limit);
	*items = load_all(c, st, read_sketch, sizeof **items, limit, a, n, err);
	return *items ? 0 : -err->code;
}

/* A candidate is in no incident and in no dismissed proposal. */
#define FREE_SKETCH                                                                  \
	" s.dismissed = 0 AND NOT EXISTS (SELECT 1 FROM incident_complaints ic"      \
	" WHERE ic.complaint_id = s.complaint_id)"

int store_sketches_by_object(struct store_conn *c, const char *object_key, int64_t since,
			     int limit, struct arena *a, struct sketch_row **items, int *n,
			     struct kesu_err *err)
{
	struct sql_stmt *st = conn_stmt(c, S_SKETCH_BY_OBJECT,
				     "SELECT s.complaint_id, s.at, s.sig FROM complaint_sketches s"
				     " WHERE s.object_key = ? AND s.at >= ? AND" FREE_SKETCH
				     " ORDER BY s.at DESC LIMIT ?",
				     err);
	if (!st)
		return -err->code;
	bind_text(st, 1, object_key);
	sql_bind_int64(st, 2, since);
	sql_bind_int(st, 3, limit);
	*items = load_all(c, st, read_sketch, sizeof **items, limit, a, n, err);
	return *items ? 0 : -err->code;
}

int store_sketch_free(struct store_conn *c, int64_t complaint_id, int *free_,
		      struct kesu_err *err)
{
	struct sql_stmt *st = conn_stmt(c, S_SKETCH_FREE,
				     "SELECT count(*) FROM complaint_sketches s WHERE s.complaint_id = ?"
				     " AND" FREE_SKETCH,
				     err);
	if (!st)
		return -err->code;
	sql_bind_int64(st, 1, complaint_id);
	int64_t v = 0;
	int rc = step_int64(c, st, &v, "sketch free", err);
	*free_ = v > 0;
	return rc;
}

int store_incident_changes(struct store_conn *c, int64_t *n, struct kesu_err *err)
{
	struct sql_stmt *st =
		conn_stmt(c, S_INC_CHANGES, "SELECT n FROM incident_changes WHERE id = 1", err);
	if (!st)
		return -err->code;
	int rc = sql_step(st);
	*n = rc == SQLITE_ROW ? sql_column_int64(st, 0) : 0;
	stmt_done(st);
	return rc == SQLITE_ROW ? 0 : sql_fail(c, rc, "incident changes", err);
}

int store_sketch_dismiss(struct store_conn *c, int64_t incident_id, struct kesu_err *err)
{
	struct sql_stmt *st = conn_stmt(c, S_SKETCH_DISMISS,
				     "UPDATE complaint_sketches SET dismissed = 1 WHERE complaint_id IN"
				     " (SELECT complaint_id FROM incident_complaints WHERE incident_id = ?)",
				     err);
	if (!st)
		return -err->code;
	sql_bind_int64(st, 1, incident_id);
	return step_done(c, st, "sketch dismiss", err);
}

int store_sketch_prune(struct store_conn *c, int64_t before, int limit, int *n,
		       struct kesu_err *err)
{
	struct sql_stmt *st = conn_stmt(c, S_SKETCH_PRUNE,
				     "DELETE FROM complaint_sketches WHERE complaint_id IN (SELECT"
				     " complaint_id FROM complaint_sketches WHERE at < ? ORDER BY at"
				     " LIMIT ?)",
				     err);
	if (!st)
		return -err->code;
	sql_bind_int64(st, 1, before);
	sql_bind_int(st, 2, limit);
	int rc = step_done(c, st, "sketch prune", err);
	*n = rc ? 0 : sql_changes(c);
	return rc;
}

/* --- the handling notice ------------------------------------------------------------- */

#define NOTICE_COLS                                                                            \
	"n.id, n.incident_id, n.version, n.published_version, n.published_at, n.created_at,"   \
	" n.updated_at, n.title, n.key_matters, n.remedy, n.state, n.published_by,"            \
	" n.created_by, n.answers, n.duties, n.contacts, n.departments, n.teams"

static void read_notice(struct sql_stmt *st, struct arena *a, void *out)
{
	struct handling_notice *x = out;
	int64_t *ints[] = {&x->id,	     &x->incident_id, &x->version, &x->published_version,
			   &x->published_at, &x->created_at,  &x->updated_at};
	const char **texts[] = {&x->title,   &x->key_matters, &x->remedy,   &x->state,
				&x->published_by, &x->created_by, &x->answers, &x->duties,
				&x->contacts, &x->departments, &x->teams};
	int i = 0;
	for (size_t k = 0; k < sizeof ints / sizeof *ints; k++)
		*ints[k] = sql_column_int64(st, i++);
	for (size_t k = 0; k < sizeof texts / sizeof *texts; k++)
		*texts[k] = col_text(st, i++, a);
}

static void bind_notice(struct sql_stmt *st, const struct handling_notice *x)
{
	const char *t[] = {x->title,   x->key_matters, x->remedy,	x->state,
			   x->published_by, x->answers,	x->duties, x->contacts,
			   x->departments, x->teams};
	/* the lists are never NULL: an empty one is [] */
	for (int k = 0; k < 10; k++)
		bind_text(st, k + 1, t[k] || k < 5 ? t[k] : "[]");
	sql_bind_int64(st, 11, x->version);
	bind_opt(st, 12, x->published_version);
	bind_opt(st, 13, x->published_at);
	sql_bind_int64(st, 14, x->updated_at);
}

int store_notice_insert(struct store_conn *c, struct handling_notice *x, struct kesu_err *err)
{
	struct sql_stmt *st = conn_stmt(
		c, S_NOTICE_INSERT,
		"INSERT INTO handling_notices(title, key_matters, remedy, state, published_by, answers,"
		" duties, contacts, departments, teams, version, published_version, published_at,"
		" updated_at, incident_id, created_at, created_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7,"
		" ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17) RETURNING id",
		err);
	if (!st)
		return -err->code;
	bind_notice(st, x);
	bind_opt(st, 15, x->incident_id);
	sql_bind_int64(st, 16, x->created_at);
	bind_text(st, 17, x->created_by);
	return step_int64(c, st, &x->id, "notice insert", err);
}

int store_notice_get(struct store_conn *c, int64_t id, struct arena *a,
		     struct handling_notice *out, struct kesu_err *err)
{
	return load_by_id(c, S_NOTICE_GET, "SELECT " NOTICE_COLS " FROM handling_notices n WHERE n.id = ?", id, read_notice,
			  a, out, "no handling notice %lld", err);
}

int store_notice_of(struct store_conn *c, int64_t incident_id, struct arena *a,
		    struct handling_notice *out, struct kesu_err *err)
{
	return load_by_id(c, S_NOTICE_OF, "SELECT " NOTICE_COLS " FROM handling_notices n WHERE n.incident_id = ?",
			  incident_id, read_notice, a, out, "the incident has no handling notice",
			  err);
}

int store_notice_update(struct store_conn *c, const struct handling_notice *x,
			struct kesu_err *err)
{
	struct sql_stmt *st = conn_stmt(
		c, S_NOTICE_UPDATE,
		"UPDATE handling_notices SET title = ?1, key_matters = ?2, remedy = ?3, state = ?4,"
		" published_by = ?5, answers = ?6, duties = ?7, contacts = ?8, departments = ?9,"
		" teams = ?10, version = ?11, published_version = ?12, published_at = ?13,"
		" updated_at = ?14 WHERE id = ?15",
		err);
	if (!st)
		return -err->code;
	bind_notice(st, x);
	sql_bind_int64(st, 15, x->id);
	return step_one(c, st, "handling notice", err);
}

struct notice_with_read {
	struct handling_notice n;
	int64_t read_version;
};

static void read_notice_read(struct sql_stmt *st, struct arena *a, void *out)
{
	struct notice_with_read *x = out;
	read_notice(st, a, &x->n);
	x->read_version = sql_column_int64(st, 18);
}

int store_notice_read_version(struct store_conn *c, int64_t notice_id, int64_t user_id,
			      int64_t *version, struct kesu_err *err)
{
	struct sql_stmt *st = conn_stmt(c, S_NOTICE_READ_OF,
				     "SELECT coalesce((SELECT version FROM notice_reads WHERE notice_id = ?"
				     " AND user_id = ?), 0)",
				     err);
	if (!st)
		return -err->code;
	sql_bind_int64(st, 1, notice_id);
	sql_bind_int64(st, 2, user_id);
	return step_int64(c, st, version, "notice read", err);
}

int store_notices_list(struct store_conn *c, int published, int64_t user_id, int64_t teams_of,
		       struct arena *a, struct handling_notice **items, int64_t **read_version,
		       int *n, struct kesu_err *err)
{
	struct sql_stmt *st = conn_stmt(
		c, S_NOTICE_LIST,
		"SELECT " NOTICE_COLS ", (SELECT r.version FROM notice_reads r WHERE r.notice_id ="
		" n.id AND r.user_id = ?1) FROM handling_notices n"
		" WHERE (?2 = 0 OR n.state = 'published') AND (?4 = 0 OR EXISTS (SELECT 1"
		" FROM json_each(n.teams) t JOIN team_members m ON m.team_id = CAST(t.value AS BIGINT)"
		" WHERE m.user_id = ?4))"
		" ORDER BY n.id DESC LIMIT ?3",
		err);
	if (!st)
		return -err->code;
	sql_bind_int64(st, 1, user_id);
	sql_bind_int(st, 2, published);
	sql_bind_int(st, 3, NOTICES_MAX);
	sql_bind_int64(st, 4, teams_of);
	struct notice_with_read *rows =
		load_all(c, st, read_notice_read, sizeof *rows, NOTICES_MAX, a, n, err);
	if (!rows)
		return -err->code;
	*items = arena_alloc(a, sizeof **items * (size_t)(*n ? *n : 1));
	*read_version = arena_alloc(a, sizeof **read_version * (size_t)(*n ? *n : 1));
	for (int i = 0; i < *n; i++) {
		(*items)[i] = rows[i].n;
		(*read_version)[i] = rows[i].read_version;
	}
	return 0;
}

int store_notice_read(struct store_conn *c, int64_t notice_id, int64_t user_id, int64_t version,
		      int64_t at, struct kesu_err *err)
{
	struct sql_stmt *st = conn_stmt(c, S_NOTICE_READ,
				     "INSERT INTO notice_reads(notice_id, user_id, version, read_at)"
				     " VALUES (?, ?, ?, ?) ON CONFLICT (notice_id, user_id) DO UPDATE"
				     " SET version = excluded.version, read_at = excluded.read_at"
				     " WHERE notice_reads.version < excluded.version",
				     err);
	if (!st)
		return -err->code;
	sql_bind_int64(st, 1, notice_id);
	sql_bind_int64(st, 2, user_id);
	sql_bind_int64(st, 3, version);
	sql_bind_int64(st, 4, at);
	return step_done(c, st, "notice read", err);
}

static void read_reader(struct sql_stmt *st, struct arena *a, void *out)
{
	struct notice_reader *r = out;
	r->user_id = sql_column_int64(st, 0);
	r->name = col_text(st, 1, a);
	r->display_name = col_text(st, 2, a);
	r->role = col_text(st, 3, a);
	r->version = sql_column_int64(st, 4);
	r->read_at = sql_column_int64(st, 5);
}

int store_notice_readers(struct store_conn *c, const struct handling_notice *x, struct arena *a,
			 struct notice_reader **items, int *count, struct kesu_err *err)
{
	struct sql_stmt *st = conn_stmt(
		c, S_NOTICE_READERS,
		"SELECT u.id, u.username, u.display_name, u.role, coalesce(r.version, 0),"
		" coalesce(r.read_at, 0) FROM users u LEFT JOIN notice_reads r"
		" ON r.notice_id = ?1 AND r.user_id = u.id"
		" WHERE u.disabled_at IS NULL AND u.role IN ('agent', 'supervisor', 'manager')"
		" AND EXISTS (SELECT 1 FROM team_members m, json_each(?2) t"
		" WHERE m.user_id = u.id AND m.team_id = CAST(t.value AS BIGINT))"
		" ORDER BY u.role, u.username LIMIT ?3",
		err);
	if (!st)
		return -err->code;
	sql_bind_int64(st, 1, x->id);
	bind_text(st, 2, x->teams ? x->teams : "[]");
	sql_bind_int(st, 3, NOTICE_READERS_MAX);
	*items = load_all(c, st, read_reader, sizeof **items, NOTICE_READERS_MAX, a, count, err);
	return *items ? 0 : -err->code;
}

int store_notice_scripts(struct store_conn *c, int64_t notice_id, struct script *scripts, int n,
			 struct kesu_err *err)
{
	struct sql_stmt *st =
		conn_stmt(c, S_NOTICE_SCRIPTS_DEL, "DELETE FROM scripts WHERE notice_id = ?", err);
	if (!st)
		return -err->code;
	sql_bind_int64(st, 1, notice_id);
	int rc = step_done(c, st, "notice scripts", err);
	for (int i = 0; !rc && i < n; i++) {
		scripts[i].notice_id = notice_id;
		rc = store_script_insert(c, &scripts[i], err);
	}
	return rc;
}

/* --- messages ------------------------------------------------------------------------- */

#define IMSG_COLS                                                                      \
	"id, incident_id, expected_at, sent_at, complaints, stage, text, sent_by, idem_key," \
	" to_call FROM incident_messages"

static void read_imsg(struct sql_stmt *st, struct arena *a, void *out)
{
	struct incident_message *m = out;
	m->id = sql_column_int64(st, 0);
	m->incident_id = sql_column_int64(st, 1);
	m->expected_at = sql_column_int64(st, 2);
	m->sent_at = sql_column_int64(st, 3);
	m->complaints = sql_column_int(st, 4);
	m->stage = col_text(st, 5, a);
	m->text = col_text(st, 6, a);
	m->sent_by = col_text(st, 7, a);
	m->idem_key = col_text(st, 8, a);
	m->to_call = col_text(st, 9, a);
}

int store_incident_message_insert(struct store_conn *c, struct incident_message *m,
				  struct kesu_err *err)
{
	struct sql_stmt *st = conn_stmt(c, S_IMSG_INSERT,
				     "INSERT INTO incident_messages(incident_id, stage, text, expected_at,"
				     " sent_by, sent_at, idem_key) VALUES (?, ?, ?, ?, ?, ?, ?)"
				     " RETURNING id",
				     err);
	if (!st)
		return -err->code;
	sql_bind_int64(st, 1, m->incident_id);
	bind_text(st, 2, m->stage);
	bind_text(st, 3, m->text);
	bind_opt(st, 4, m->expected_at);
	bind_text(st, 5, m->sent_by);
	sql_bind_int64(st, 6, m->sent_at);
	bind_text(st, 7, m->idem_key);
	return step_int64(c, st, &m->id, "incident message", err);
}

int store_incident_message_done(struct store_conn *c, const struct incident_message *m,
				struct kesu_err *err)
{
	struct sql_stmt *st = conn_stmt(
		c, S_IMSG_DONE, "UPDATE incident_messages SET complaints = ?, to_call = ? WHERE id = ?",
		err);
	if (!st)
		return -err->code;
	sql_bind_int(st, 1, m->complaints);
	bind_text(st, 2, m->to_call ? m->to_call : "[]");
	sql_bind_int64(st, 3, m->id);
	return step_one(c, st, "incident message", err);
}

int store_incident_message_by_key(struct store_conn *c, int64_t incident_id, const char *key,
				  struct arena *a, struct incident_message *out,
				  struct kesu_err *err)
{
	struct sql_stmt *st = conn_stmt(c, S_IMSG_BY_KEY,
				     "SELECT " IMSG_COLS " WHERE incident_id = ? AND idem_key = ?", err);
	if (!st)
		return -err->code;
	sql_bind_int64(st, 1, incident_id);
	bind_text(st, 2, key);
	return load_row(c, st, read_imsg, a, out, "no such message", 0, err);
}

int store_incident_messages(struct store_conn *c, int64_t incident_id, struct arena *a,
			    struct incident_message **items, int *n, struct kesu_err *err)
{
	struct sql_stmt *st = conn_stmt(c, S_IMSG_LIST,
				     "SELECT " IMSG_COLS " WHERE incident_id = ? ORDER BY id DESC LIMIT ?",
				     err);
	if (!st)
		return -err->code;
	sql_bind_int64(st, 1, incident_id);
	sql_bind_int(st, 2, INCIDENT_MESSAGES_MAX);
	*items = load_all(c, st, read_imsg, sizeof **items, INCIDENT_MESSAGES_MAX, a, n, err);
	return *items ? 0 : -err->code;
}

/* --- remedies --------------------------------------------------------------------------- */

#define REMEDY_COLS                                                                           \
	"r.id, r.incident_id, r.amount_fen, r.max_total_fen, r.proposed_by, r.proposed_at,"   \
	" r.decided_by, r.decided_at, r.granted, r.granted_fen, r.type, r.note, r.state,"      \
	" r.decision_reason, r.idem_key,"                                                     \
	" (SELECT coalesce(display_name, username) FROM users WHERE id = r.proposed_by),"     \
	" (SELECT coalesce(display_name, username) FROM users WHERE id = r.decided_by)"       \
	" FROM incident_remedies r"

static void read_remedy(struct sql_stmt *st, struct arena *a, void *out)
{
	struct incident_remedy *r = out;
	int64_t *ints[] = {&r->id,	    &r->incident_id, &r->amount_fen, &r->max_total_fen,
			   &r->proposed_by, &r->proposed_at, &r->decided_by, &r->decided_at,
			   &r->granted,	    &r->granted_fen};
	const char **texts[] = {&r->type,     &r->note,	    &r->state,	 &r->decision_reason,
				&r->idem_key, &r->proposer, &r->decider};
	int i = 0;
	for (size_t k = 0; k < sizeof ints / sizeof *ints; k++)
		*ints[k] = sql_column_int64(st, i++);
	for (size_t k = 0; k < sizeof texts / sizeof *texts; k++)
		*texts[k] = col_text(st, i++, a);
}

int store_remedy_insert(struct store_conn *c, struct incident_remedy *r, struct kesu_err *err)
{
	struct sql_stmt *st = conn_stmt(
		c, S_REMEDY_INSERT,
		"INSERT INTO incident_remedies(incident_id, type, amount_fen, note, max_total_fen,"
		" state, proposed_by, proposed_at, decided_by, decided_at, decision_reason, idem_key)"
		" VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
		err);
	if (!st)
		return -err->code;
	sql_bind_int64(st, 1, r->incident_id);
	bind_text(st, 2, r->type);
	sql_bind_int64(st, 3, r->amount_fen);
	bind_text(st, 4, r->note);
	sql_bind_int64(st, 5, r->max_total_fen);
	bind_text(st, 6, r->state);
	sql_bind_int64(st, 7, r->proposed_by);
	sql_bind_int64(st, 8, r->proposed_at);
	bind_opt(st, 9, r->decided_by);
	bind_opt(st, 10, r->decided_at);
	bind_text(st, 11, r->decision_reason);
	bind_text(st, 12, r->idem_key);
	return step_int64(c, st, &r->id, "remedy insert", err);
}

int store_remedy_get(struct store_conn *c, int64_t id, struct arena *a,
		     struct incident_remedy *out, struct kesu_err *err)
{
	return load_by_id(c, S_REMEDY_GET, "SELECT " REMEDY_COLS " WHERE r.id = ?", id, read_remedy,
			  a, out, "no remedy %lld", err);
}

int store_remedy_by_key(struct store_conn *c, int64_t incident_id, const char *key,
			struct arena *a, struct incident_remedy *out, struct kesu_err *err)
{
	struct sql_stmt *st = conn_stmt(c, S_REMEDY_BY_KEY,
				     "SELECT " REMEDY_COLS " WHERE r.incident_id = ? AND r.idem_key = ?",
				     err);
	if (!st)
		return -err->code;
	sql_bind_int64(st, 1, incident_id);
	bind_text(st, 2, key);
	return load_row(c, st, read_remedy, a, out, "no such remedy", 0, err);
}

int store_remedy_update(struct store_conn *c, const struct incident_remedy *r,
			struct kesu_err *err)
{
	struct sql_stmt *st = conn_stmt(
		c, S_REMEDY_UPDATE,
		"UPDATE incident_remedies SET state = ?, decided_by = ?, decided_at = ?,"
		" decision_reason = ?, granted = ?, granted_fen = ?, max_total_fen = ? WHERE id = ?",
		err);
	if (!st)
		return -err->code;
	bind_text(st, 1, r->state);
	bind_opt(st, 2, r->decided_by);
	bind_opt(st, 3, r->decided_at);
	bind_text(st, 4, r->decision_reason);
	sql_bind_int64(st, 5, r->granted);
	sql_bind_int64(st, 6, r->granted_fen);
	sql_bind_int64(st, 7, r->max_total_fen);
	sql_bind_int64(st, 8, r->id);
	return step_one(c, st, "remedy", err);
}

int store_remedies_of(struct store_conn *c, int64_t incident_id, struct arena *a,
		      struct incident_remedy **items, int *n, struct kesu_err *err)
{
	struct sql_stmt *st = conn_stmt(c, S_REMEDY_LIST,
				     "SELECT " REMEDY_COLS " WHERE r.incident_id = ? ORDER BY r.id"
				     " LIMIT ?",
				     err);
	if (!st)
		return -err->code;
	sql_bind_int64(st, 1, incident_id);
	sql_bind_int(st, 2, INCIDENT_REMEDIES_MAX);
	*items = load_all(c, st, read_remedy, sizeof **items, INCIDENT_REMEDIES_MAX, a, n, err);
	return *items ? 0 : -err->code;
}

int store_remedy_granted_to(struct store_conn *c, int64_t remedy_id, int64_t complaint_id,
			    int *granted, struct kesu_err *err)
{
	struct sql_stmt *st = conn_stmt(c, S_REMEDY_GRANTED_TO,
				     "SELECT count(*) FROM compensations WHERE incident_remedy_id = ?"
				     " AND complaint_id = ?",
				     err);
	if (!st)
		return -err->code;
	sql_bind_int64(st, 1, remedy_id);
	sql_bind_int64(st, 2, complaint_id);
	int64_t v = 0;
	int rc = step_int64(c, st, &v, "remedy granted", err);
	*granted = v > 0;
	return rc;
}

/* --- the report --------------------------------------------------------------------------- */

/* The report's filter on complaints c, parameters ?3 to ?6 (?1, ?2: the
 * period), as sqlite_reports.c filters the rest of the report. */
#define FIG_FILTER                                                                           \
	" AND (?3 = 0 OR c.team_id = ?3) AND (?4 IS NULL OR c.channel = ?4)"                 \
	" AND (?5 IS NULL OR c.category = ?5) AND (?6 IS NULL OR c.severity = ?6)"

static void read_fig(struct sql_stmt *st, struct arena *a, void *out)
{
	struct incident_fig *f = out;
	f->id = sql_column_int64(st, 0);
	f->confirmed_at = sql_column_int64(st, 1);
	f->first_complaint_at = sql_column_int64(st, 2);
	f->first_message_at = sql_column_int64(st, 3);
	f->complaints = sql_column_int64(st, 4);
	f->customers = sql_column_int64(st, 5);
	f->remedy_fen = sql_column_int64(st, 6);
	f->rated = sql_column_int64(st, 7);
	f->rating_sum = sql_column_int64(st, 8);
	f->satisfied = sql_column_int64(st, 9);
	f->title = col_text(st, 10, a);
	f->cause = col_text(st, 11, a);
	f->state = col_text(st, 12, a);
}

int store_incident_figures(struct store_conn *c, const struct report_filter *f, struct arena *a,
			   struct incident_fig **items, int *n, int *more, struct kesu_err *err)
{
	/* The counts read each listed incident's own complaints (by
	 * incident_complaints_incident, its remedies' by compensations_remedy)
	 * and the ratings the period's callbacks (by callbacks_at), rows the
	 * report reads anyway: never all the complaints. The incidents are
	 * read whole: one per mass event, they stay few. A complaint is in
	 * one incident at most, so the ratings grouped by incident count each
	 * callback once. */
	struct sql_stmt *st = conn_stmt(
		c, S_INC_FIGURES,
		"SELECT i.id, coalesce(i.confirmed_at, 0), coalesce(i.first_complaint_at, 0),"
		" coalesce(i.first_message_at, 0),"
		" (SELECT count(*) FROM incident_complaints ic JOIN complaints c ON c.id = ic.complaint_id"
		"  WHERE ic.incident_id = i.id" FIG_FILTER "),"
		" (SELECT count(DISTINCT coalesce(c.customer_id, -c.id)) FROM incident_complaints ic"
		"  JOIN complaints c ON c.id = ic.complaint_id WHERE ic.incident_id = i.id" FIG_FILTER "),"
		" (SELECT coalesce(sum(k.amount_fen), 0) FROM incident_remedies r"
		"  CROSS JOIN compensations k ON k.incident_remedy_id = r.id AND +k.state = 'granted'"
		"  JOIN complaints c ON c.id = k.complaint_id WHERE r.incident_id = i.id" FIG_FILTER "),"
		" coalesce(s.n, 0), coalesce(s.total, 0), coalesce(s.satisfied, 0),"
		" i.title, i.cause, i.state FROM incidents i"
		" LEFT JOIN (SELECT ic.incident_id AS incident_id, count(*) AS n,"
		"  sum(k.satisfaction) AS total, sum(k.satisfaction >= 4) AS satisfied"
		"  FROM callbacks k JOIN incident_complaints ic ON ic.complaint_id = k.complaint_id"
		"  JOIN complaints c ON c.id = k.complaint_id"
		"  WHERE k.at >= ?1 AND k.at < ?2 AND k.satisfaction BETWEEN 1 AND 5" FIG_FILTER
		"  AND (c.validity IS NULL OR c.validity NOT IN ('invalid', 'duplicate'))"
		"  GROUP BY ic.incident_id) s ON s.incident_id = i.id"
		" WHERE i.confirmed_at >= ?1 AND i.confirmed_at < ?2"
		" AND ((?3 = 0 AND ?4 IS NULL AND ?5 IS NULL AND ?6 IS NULL) OR EXISTS"
		"  (SELECT 1 FROM incident_complaints ic JOIN complaints c ON c.id = ic.complaint_id"
		"  WHERE ic.incident_id = i.id" FIG_FILTER "))"
		" ORDER BY i.confirmed_at, i.id LIMIT ?7",
		err);
	if (!st)
		return -err->code;
	sql_bind_int64(st, 1, f->from);
	sql_bind_int64(st, 2, f->to);
	sql_bind_int64(st, 3, f->team_id);
	bind_text(st, 4, f->channel);
	bind_text(st, 5, f->category);
	bind_text(st, 6, f->severity);
	sql_bind_int(st, 7, INCIDENT_FIGS_MAX + 1);
	*items = load_all(c, st, read_fig, sizeof **items, INCIDENT_FIGS_MAX + 1, a, n, err);
	if (!*items)
		return -err->code;
	*more = *n > INCIDENT_FIGS_MAX;
	if (*more)
		*n = INCIDENT_FIGS_MAX;
	return 0;
}
