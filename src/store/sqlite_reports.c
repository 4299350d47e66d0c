/*
 * sqlite_reports.c - the rows reports are made from, streamed: the
 * complaints of a period, their clocks, and what happened in the period
 * (status changes, escalations, compensation, callbacks, tasks); the
 * regulator's export; and the reports made on a schedule, kept whole.
 * Reports are rare, so the statements that read rows for them are
 * prepared per call.
 */
#include "sqlite_int.h"

#include <jansson.h>
#include <stdio.h>
#include <string.h>

/* The filter on complaints c, parameters ?3 to ?6 (?1, ?2: the period). */
#define COMPLAINT_FILTER                                                                     \
	" AND (?3 = 0 OR c.team_id = ?3) AND (?4 IS NULL OR c.channel = ?4)"                 \
	" AND (?5 IS NULL OR c.category = ?5) AND (?6 IS NULL OR c.severity = ?6)"

/* Invalid and duplicate complaints stay out of the performance figures
 * (domain.md 1); not judged counts as valid. */
#define COUNTED " AND (c.validity IS NULL OR c.validity NOT IN ('invalid', 'duplicate'))"

static struct sql_stmt *prepare(struct store_conn *c, const char *sql, const struct report_filter *f,
			     struct kesu_err *err)
{
	struct sql_stmt *st;
	int rc = sql_prepare_v2(c, sql, -1, &st, NULL);
	if (rc != SQLITE_OK) {
		sql_fail(c, rc, "report", err);
		return NULL;
	}
	sql_bind_int64(st, 1, f->from);
	sql_bind_int64(st, 2, f->to);
	if (sql_bind_parameter_count(st) >= 6) {
		sql_bind_int64(st, 3, f->team_id);
		bind_text(st, 4, f->channel);
		bind_text(st, 5, f->category);
		bind_text(st, 6, f->severity);
	}
	return st;
}

static const char *text(struct sql_stmt *st, int i)
{
	return (const char *)sql_column_text(st, i);
}

static int finish(struct store_conn *c, struct sql_stmt *st, int rc, int stopped, const char *what,
		  struct kesu_err *err)
{
	sql_finalize(st);
	if (stopped)
		return stopped;
	return rc == SQLITE_DONE ? 0 : sql_fail(c, rc, what, err);
}

int store_report_complaints(struct store_conn *c, const struct report_filter *f,
			    int (*fn)(void *ctx, const struct report_row *r), void *ctx,
			    struct kesu_err *err)
{
	struct sql_stmt *st = prepare(
		c,
		"SELECT c.id, c.created_at, coalesce(c.customer_id, 0), coalesce(c.team_id, 0),"
		" c.tracking_no, c.status, c.channel, c.category, c.object_kind, c.object_name,"
		" c.object_ref, c.severity, substr(c.content, 1, 120), c.level, c.reopen_count, c.threat,"
		" c.cause, c.responsibility, c.validity, c.systemic, c.idea, c.second_of IS NOT NULL"
		" FROM complaints c WHERE c.created_at >= ?1 AND c.created_at < ?2" COMPLAINT_FILTER,
		f, err);
	if (!st)
		return -err->code;
	int rc, stop = 0;
	while (!stop && (rc = sql_step(st)) == SQLITE_ROW) {
		struct report_row r = {
			.id = sql_column_int64(st, 0), .created_at = sql_column_int64(st, 1),
			.customer_id = sql_column_int64(st, 2),
			.team_id = sql_column_int64(st, 3), .tracking_no = text(st, 4),
			.status = text(st, 5), .channel = text(st, 6), .category = text(st, 7),
			.object_kind = text(st, 8), .object_name = text(st, 9),
			.object_ref = text(st, 10), .severity = text(st, 11), .content = text(st, 12),
			.level = sql_column_int(st, 13), .reopen_count = sql_column_int(st, 14),
			.threat = sql_column_int(st, 15), .cause = text(st, 16),
			.responsibility = text(st, 17), .validity = text(st, 18),
			.systemic = sql_column_int(st, 19), .idea = sql_column_int(st, 20),
			.second = sql_column_int(st, 21)};
		stop = fn(ctx, &r);
	}
	return finish(c, st, rc, stop, "report complaints", err);
}

/* The clock sets are a JSON array of arrays this store writes itself
 * ([kind, state, 10 integers]). At a million complaints SQLite's JSON
 * functions (about 2 us a member) and jansson (about 4.5 us a set) were
 * most of a report's time; this reads exactly that shape, and hands
 * anything else to jansson. */
static const char *int_at(const char *p, int64_t *v)
{
	int neg = *p == '-';
	p += neg;
	if (*p < '0' || *p > '9')
		return NULL;
	int64_t x = 0;
	while (*p >= '0' && *p <= '9')
		x = x * 10 + (*p++ - '0');
	*v = neg ? -x : x;
	return p;
}

static const char *word_at(const char *p, char *out, size_t size)
{
	if (*p++ != '"')
		return NULL;
	size_t n = 0;
	while (*p && *p != '"' && *p != '\\' && n + 1 < size)
		out[n++] = *p++;
	out[n] = '\0';
	return *p == '"' ? p + 1 : NULL;
}

/* One set, emitted only once all of it has been read: 0, or -1 (nothing
 * emitted) if it is not the shape above. */
static int quick_set(const char *p, const char *severity,
		     int (*fn)(void *ctx, const struct report_clock *k), void *ctx, int *stop)
{
	char kind[CLOCKS_MAX][32], state[CLOCKS_MAX][16];
	struct report_clock k[CLOCKS_MAX];
	int n = 0;
	if (*p++ != '[')
		return -1;
	while (*p == '[') {
		int64_t v[10] = {0};
		int nv = 0;
		if (n == CLOCKS_MAX)
			return -1;
		p++;
		if (!(p = word_at(p, kind[n], sizeof kind[n])) || *p++ != ',' ||
		    !(p = word_at(p, state[n], sizeof state[n])))
			return -1;
		while (*p == ',' && nv < 10) {
			if (!strncmp(p + 1, "null", 4)) {
				p += 5;
				nv++;
				continue;
			}
			if (!(p = int_at(p + 1, &v[nv++])))
				return -1;
		}
		if (*p++ != ']' || nv < 9)
			return -1;
		/* [kind, state, started, target, working, due, warn, warned, remaining,
		 *  next, done, used] */
		k[n] = (struct report_clock){.severity = severity, .kind = kind[n], .state = state[n],
					     .target_ms = v[1], .working = (int)v[2], .due_at = v[3],
					     .remaining_ms = v[6], .done_at = v[8], .used_ms = v[9]};
		n++;
		if (*p == ',')
			p++;
	}
	if (*p != ']')
		return -1;
	for (int i = 0; i < n && !*stop; i++)
		*stop = fn(ctx, &k[i]);
	return 0;
}

static int slow_set(const char *text, const char *severity,
		    int (*fn)(void *ctx, const struct report_clock *k), void *ctx, int *stop)
{
	json_t *set = json_loads(text, 0, NULL);
	size_t i;
	json_t *x;
	json_array_foreach(set, i, x) {
		struct report_clock k = {
			.severity = severity, .kind = json_string_value(json_array_get(x, 0)),
			.state = json_string_value(json_array_get(x, 1)),
			.target_ms = json_integer_value(json_array_get(x, 3)),
			.working = (int)json_integer_value(json_array_get(x, 4)),
			.due_at = json_integer_value(json_array_get(x, 5)),
			.remaining_ms = json_integer_value(json_array_get(x, 8)),
			.done_at = json_integer_value(json_array_get(x, 10)),
			.used_ms = json_integer_value(json_array_get(x, 11))};
		if (k.kind && k.state && !*stop)
			*stop = fn(ctx, &k);
	}
	json_decref(set);
	return 0;
}

/* Passes a clock on with its complaint's assignee (the team view). */
struct clock_tag {
	int (*fn)(void *ctx, const struct report_clock *k);
	void *ctx;
	int64_t who;
};

static int with_assignee(void *ctx, const struct report_clock *k)
{
	struct clock_tag *tag = ctx;
	struct report_clock x = *k;
	x.assignee_id = tag->who;
	return tag->fn(tag->ctx, &x);
}

int store_report_clocks(struct store_conn *c, const struct report_filter *f,
			int (*fn)(void *ctx, const struct report_clock *k), void *ctx,
			struct kesu_err *err)
{
	struct sql_stmt *st = prepare(
		c,
		"SELECT c.severity, k.clocks FROM complaints c JOIN clock_sets k"
		" ON k.complaint_id = c.id WHERE c.created_at >= ?1 AND c.created_at < ?2"
		COMPLAINT_FILTER COUNTED,
		f, err);
	if (!st)
		return -err->code;
	int rc, stop = 0;
	while (!stop && (rc = sql_step(st)) == SQLITE_ROW) {
		const char *severity = text(st, 0), *set = text(st, 1);
		if (set && quick_set(set, severity, fn, ctx, &stop) && !stop)
			slow_set(set, severity, fn, ctx, &stop);
	}
	return finish(c, st, rc, stop, "report clocks", err);
}

int store_report_events(struct store_conn *c, const struct report_filter *f,
			int (*fn)(void *ctx, const struct report_event *e), void *ctx,
			struct kesu_err *err)
{
	/* the timeline has no index on time: one pass over it, which for a
	 * report is cheaper than the write every event would pay for one; the
	 * complaint is looked up by its key for the filter and its validity */
	struct sql_stmt *st = prepare(
		c,
		"SELECT e.complaint_id, e.at, e.kind, e.data->>'from', e.data->>'to',"
		" e.data->>'cause', coalesce(e.data->>'override', '0'), c.created_at"
		" FROM events e JOIN complaints c ON c.id = e.complaint_id"
		" WHERE e.kind IN ('status_changed', 'escalated') AND e.at >= ?1 AND e.at < ?2"
		COMPLAINT_FILTER COUNTED,
		f, err);
	if (!st)
		return -err->code;
	int rc, stop = 0;
	while (!stop && (rc = sql_step(st)) == SQLITE_ROW) {
		struct report_event e = {.complaint_id = sql_column_int64(st, 0),
					 .at = sql_column_int64(st, 1), .kind = text(st, 2),
					 .from = text(st, 3), .to = text(st, 4), .cause = text(st, 5),
					 .override = sql_column_int(st, 6),
					 .created_at = sql_column_int64(st, 7)};
		stop = fn(ctx, &e);
	}
	return finish(c, st, rc, stop, "report events", err);
}

int store_report_compensations(struct store_conn *c, const struct report_filter *f,
			       int (*fn)(void *ctx, const struct report_comp *k), void *ctx,
			       struct kesu_err *err)
{
	struct sql_stmt *st = prepare(
		c,
		"SELECT k.complaint_id, k.amount_fen, k.proposed_by, coalesce(k.decided_by, 0),"
		" k.proposed_at, coalesce(k.decided_at, 0), k.type, k.state"
		" FROM compensations k JOIN complaints c ON c.id = k.complaint_id"
		" WHERE ((k.decided_at >= ?1 AND k.decided_at < ?2)"
		" OR (k.proposed_at >= ?1 AND k.proposed_at < ?2))" COMPLAINT_FILTER,
		f, err);
	if (!st)
		return -err->code;
	int rc, stop = 0;
	while (!stop && (rc = sql_step(st)) == SQLITE_ROW) {
		struct report_comp k = {.complaint_id = sql_column_int64(st, 0),
					.amount_fen = sql_column_int64(st, 1),
					.proposed_by = sql_column_int64(st, 2),
					.decided_by = sql_column_int64(st, 3),
					.proposed_at = sql_column_int64(st, 4),
					.decided_at = sql_column_int64(st, 5), .type = text(st, 6),
					.state = text(st, 7)};
		stop = fn(ctx, &k);
	}
	return finish(c, st, rc, stop, "report compensations", err);
}

int store_report_callbacks(struct store_conn *c, const struct report_filter *f,
			   int (*fn)(void *ctx, const struct report_callback *k), void *ctx,
			   struct kesu_err *err)
{
	struct sql_stmt *st = prepare(
		c,
		"SELECT k.reached, coalesce(k.satisfaction, -1), coalesce(k.business_satisfaction, -1),"
		" coalesce(k.carried_out, -1)"
		" FROM callbacks k JOIN complaints c ON c.id = k.complaint_id"
		" WHERE k.at >= ?1 AND k.at < ?2" COMPLAINT_FILTER COUNTED,
		f, err);
	if (!st)
		return -err->code;
	int rc, stop = 0;
	while (!stop && (rc = sql_step(st)) == SQLITE_ROW) {
		struct report_callback k = {.reached = sql_column_int(st, 0),
					    .satisfaction = sql_column_int(st, 1),
					    .business = sql_column_int(st, 2),
					    .carried_out = sql_column_int(st, 3)};
		stop = fn(ctx, &k);
	}
	return finish(c, st, rc, stop, "report callbacks", err);
}

int store_report_tasks(struct store_conn *c, const struct report_filter *f,
		       int (*fn)(void *ctx, const struct report_task *t), void *ctx,
		       struct kesu_err *err)
{
	struct sql_stmt *st = prepare(
		c,
		"SELECT c.tracking_no, d.name, t.what, t.state, t.overdue, t.due_at, t.created_at"
		" FROM tasks t JOIN complaints c ON c.id = t.complaint_id"
		" JOIN departments d ON d.id = t.department_id"
		" WHERE t.created_at >= ?1 AND t.created_at < ?2" COMPLAINT_FILTER
		" ORDER BY t.created_at",
		f, err);
	if (!st)
		return -err->code;
	int rc, stop = 0;
	while (!stop && (rc = sql_step(st)) == SQLITE_ROW) {
		struct report_task t = {.tracking_no = text(st, 0), .department = text(st, 1),
					.what = text(st, 2), .state = text(st, 3),
					.overdue = sql_column_int(st, 4),
					.due_at = sql_column_int64(st, 5),
					.created_at = sql_column_int64(st, 6)};
		stop = fn(ctx, &t);
	}
	return finish(c, st, rc, stop, "report tasks", err);
}

int store_report_key_customers(struct store_conn *c, const struct report_filter *f,
			       int64_t *n, struct kesu_err *err)
{
	struct sql_stmt *st = prepare(
		c,
		"SELECT count(*) FROM customers u WHERE u.key_customer = 1 AND EXISTS"
		" (SELECT 1 FROM complaints c WHERE c.customer_id = u.id"
		" AND c.created_at >= ?1 AND c.created_at < ?2" COMPLAINT_FILTER ")",
		f, err);
	if (!st)
		return -err->code;
	int rc = sql_step(st);
	*n = rc == SQLITE_ROW ? sql_column_int64(st, 0) : 0;
	if (rc == SQLITE_ROW)
		rc = SQLITE_DONE;
	return finish(c, st, rc, 0, "report key customers", err);
}

int store_report_ideas(struct store_conn *c, const struct report_filter *f, int limit,
		       int (*fn)(void *ctx, const struct report_idea *k), void *ctx,
		       struct kesu_err *err)
{
	/* idea = 1 as written, so that the partial index complaints_idea
	 * serves the period */
	struct sql_stmt *st = prepare(
		c,
		"SELECT c.tracking_no, c.created_at, c.category, c.object_name, c.object_ref,"
		" substr(c.content, 1, 120) FROM complaints c"
		" WHERE c.idea = 1 AND c.created_at >= ?1 AND c.created_at < ?2" COMPLAINT_FILTER
		" ORDER BY c.created_at, c.id LIMIT ?7",
		f, err);
	if (!st)
		return -err->code;
	sql_bind_int(st, 7, limit);
	int rc, stop = 0;
	while (!stop && (rc = sql_step(st)) == SQLITE_ROW) {
		struct report_idea k = {.tracking_no = text(st, 0),
					.created_at = sql_column_int64(st, 1),
					.category = text(st, 2), .object_name = text(st, 3),
					.object_ref = text(st, 4), .content = text(st, 5)};
		stop = fn(ctx, &k);
	}
	return finish(c, st, rc, stop, "report ideas", err);
}

/* --- a team's agents --------------------------------------------------------- */

/* The team's open complaints of each member come from complaints_assignee
 * (the open ones of an assignee), not from the team's open ones for each
 * member: +c.team_id keeps the planner off complaints_team_open. */
static void read_agent(struct sql_stmt *st, struct arena *a, void *out)
{
	struct agent_row *r = out;
	r->id = sql_column_int64(st, 0);
	r->username = col_text(st, 1, a);
	r->display_name = col_text(st, 2, a);
	r->role = col_text(st, 3, a);
	r->on_duty = sql_column_int(st, 4);
	r->open = sql_column_int64(st, 5);
}

int store_team_agents(struct store_conn *c, int64_t team_id, struct arena *a,
		      struct agent_row **items, int *n, struct kesu_err *err)
{
	struct sql_stmt *st;
	int rc = sql_prepare_v2(
		c,
		"SELECT u.id, u.username, u.display_name, u.role, u.on_duty,"
		" (SELECT count(*) FROM complaints c WHERE c.assignee_id = u.id"
		"  AND c.status <> 'closed' AND +c.team_id = m.team_id)"
		" FROM team_members m JOIN users u ON u.id = m.user_id"
		" WHERE m.team_id = ? AND u.disabled_at IS NULL ORDER BY u.id",
		-1, &st, NULL);
	if (rc != SQLITE_OK)
		return sql_fail(c, rc, "team agents", err);
	sql_bind_int64(st, 1, team_id);
	*items = load_all(c, st, read_agent, sizeof **items, INT_MAX, a, n, err);
	sql_finalize(st);
	return *items ? 0 : -err->code;
}

/* The team's complaints of the period through complaints_team (team_id,
 * created_at); team_id = ?3 as written, so that the index serves it. */
int store_agent_complaints(struct store_conn *c, const struct report_filter *f,
			   int (*on_complaint)(void *ctx, int64_t assignee_id, int counted),
			   int (*on_clock)(void *ctx, const struct report_clock *k), void *ctx,
			   struct kesu_err *err)
{
	struct sql_stmt *st = prepare(
		c,
		"SELECT c.assignee_id, c.severity,"
		" (c.validity IS NULL OR c.validity NOT IN ('invalid', 'duplicate')), k.clocks"
		" FROM complaints c LEFT JOIN clock_sets k ON k.complaint_id = c.id"
		" WHERE c.team_id = ?3 AND c.created_at >= ?1 AND c.created_at < ?2"
		" AND c.assignee_id IS NOT NULL",
		f, err);
	if (!st)
		return -err->code;
	sql_bind_int64(st, 3, f->team_id);
	int rc, stop = 0;
	struct clock_tag tag;
	while (!stop && (rc = sql_step(st)) == SQLITE_ROW) {
		int64_t who = sql_column_int64(st, 0);
		int counted = sql_column_int(st, 2);
		const char *severity = text(st, 1), *set = text(st, 3);
		stop = on_complaint(ctx, who, counted);
		if (stop || !counted || !set)
			continue;
		tag.fn = on_clock, tag.ctx = ctx, tag.who = who;
		if (quick_set(set, severity, with_assignee, &tag, &stop) && !stop)
			slow_set(set, severity, with_assignee, &tag, &stop);
	}
	return finish(c, st, rc, stop, "agent complaints", err);
}

int store_agent_resolutions(struct store_conn *c, const struct report_filter *f,
			    int (*fn)(void *ctx, const struct agent_resolution *r), void *ctx,
			    struct kesu_err *err)
{
	/* the terms of events_resolved (0022) as the index states them;
	 * +c.team_id keeps the planner from walking the team's whole history
	 * (complaints_team) and each complaint's events instead */
	struct sql_stmt *st = prepare(
		c,
		"SELECT e.complaint_id, c.created_at, e.at, c.assignee_id"
		" FROM events e JOIN complaints c ON c.id = e.complaint_id"
		" WHERE e.kind = 'status_changed' AND e.data->>'to' = 'resolved'"
		" AND e.at >= ?1 AND e.at < ?2 AND +c.team_id = ?3"
		" AND c.assignee_id IS NOT NULL" COUNTED,
		f, err);
	if (!st)
		return -err->code;
	sql_bind_int64(st, 3, f->team_id);
	int rc, stop = 0;
	while (!stop && (rc = sql_step(st)) == SQLITE_ROW) {
		struct agent_resolution r = {.complaint_id = sql_column_int64(st, 0),
					     .created_at = sql_column_int64(st, 1),
					     .at = sql_column_int64(st, 2),
					     .assignee_id = sql_column_int64(st, 3)};
		stop = fn(ctx, &r);
	}
	return finish(c, st, rc, stop, "agent resolutions", err);
}

/* The period's callbacks through callbacks_at: +c.team_id keeps the planner
 * from walking the team's whole history (complaints_team) instead. */
int store_agent_ratings(struct store_conn *c, const struct report_filter *f,
			int (*fn)(void *ctx, int64_t assignee_id, int satisfaction), void *ctx,
			struct kesu_err *err)
{
	struct sql_stmt *st = prepare(
		c,
		"SELECT c.assignee_id, k.satisfaction FROM callbacks k"
		" JOIN complaints c ON c.id = k.complaint_id"
		" WHERE k.at >= ?1 AND k.at < ?2 AND k.satisfaction BETWEEN 1 AND 5"
		" AND +c.team_id = ?3 AND c.assignee_id IS NOT NULL" COUNTED,
		f, err);
	if (!st)
		return -err->code;
	sql_bind_int64(st, 3, f->team_id);
	int rc, stop = 0;
	while (!stop && (rc = sql_step(st)) == SQLITE_ROW)
		stop = fn(ctx, sql_column_int64(st, 0), sql_column_int(st, 1));
	return finish(c, st, rc, stop, "agent ratings", err);
}

static void read_odr(struct sql_stmt *st, struct arena *a, void *out)
{
	struct odr_row *r = out;
	r->id = sql_column_int64(st, 0);
	r->tracking_no = col_text(st, 1, a);
	r->status = col_text(st, 2, a);
	r->received_at = sql_column_int64(st, 3);
	r->name = col_text(st, 4, a);
	r->object = col_text(st, 5, a);
	r->demand = col_text(st, 6, a);
	r->course = col_text(st, 7, a);
	r->means = col_text(st, 8, a);
	r->outcome = col_text(st, 9, a);
	r->resolved_at = sql_column_int64(st, 10);
	r->due_at = sql_column_int64(st, 11);
	r->clock_state = col_text(st, 12, a);
}

int store_odr_list(struct store_conn *c, int64_t from, int64_t to, int limit, struct arena *a,
		   struct odr_row **items, int *n, struct kesu_err *err)
{
	/* the negotiation clock is one entry of the complaint's clock row:
	 * [kind, state, started_at, target_ms, working, due_at, ...] */
	struct sql_stmt *st = conn_stmt(
		c, S_ODR_LIST,
		"SELECT c.id, c.tracking_no, c.status, c.created_at, c.complainant_name,"
		" coalesce(c.object_name, c.object_ref), c.demand, c.odr_course, c.odr_means,"
		" c.odr_outcome,"
		" (SELECT min(e.at) FROM events e WHERE e.complaint_id = c.id"
		"  AND e.kind = 'status_changed' AND e.data->>'to' = 'resolved'),"
		" (SELECT j.value->>5 FROM clock_sets k, json_each(k.clocks) j"
		"  WHERE k.complaint_id = c.id AND j.value->>0 = 'negotiation'),"
		" (SELECT j.value->>1 FROM clock_sets k, json_each(k.clocks) j"
		"  WHERE k.complaint_id = c.id AND j.value->>0 = 'negotiation')"
		" FROM complaints c WHERE c.channel = 'regulator' AND c.created_at >= ?"
		" AND c.created_at < ? ORDER BY c.created_at, c.id LIMIT ?",
		err);
	if (!st)
		return -err->code;
	sql_bind_int64(st, 1, from);
	sql_bind_int64(st, 2, to);
	sql_bind_int(st, 3, limit);
	*items = load_all(c, st, read_odr, sizeof **items, INT_MAX, a, n, err);
	return *items ? 0 : -err->code;
}

/* --- Reports kept from the schedule -------------------------------------- */

#define REPORT_COLS                                                                    \
	"id, schedule, period_from, period_to, format, language, filename, content_type," \
	" size, created_at"

static void read_report(struct sql_stmt *st, struct arena *a, void *out)
{
	struct stored_report *r = out;
	r->id = sql_column_int64(st, 0);
	r->schedule = col_text(st, 1, a);
	r->period_from = sql_column_int64(st, 2);
	r->period_to = sql_column_int64(st, 3);
	r->format = col_text(st, 4, a);
	r->language = col_text(st, 5, a);
	r->filename = col_text(st, 6, a);
	r->content_type = col_text(st, 7, a);
	r->size = sql_column_int64(st, 8);
	r->created_at = sql_column_int64(st, 9);
	r->data = NULL;
	if (sql_column_count(st) > 10) { /* the file was asked for */
		int n = sql_column_bytes(st, 10);
		char *d = arena_alloc(a, (size_t)n + 1);
		if (n)
			memcpy(d, sql_column_blob(st, 10), (size_t)n);
		d[n] = '\0';
		r->data = d;
		r->size = n;
	}
}

int store_report_insert(struct store_conn *c, struct stored_report *r, struct kesu_err *err)
{
	struct sql_stmt *st;
	int rc = sql_prepare_v2(
		c,
		"INSERT INTO reports(schedule, period_from, period_to, format, language, filename,"
		" content_type, size, data, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
		" RETURNING id",
		-1, &st, NULL);
	if (rc != SQLITE_OK)
		return sql_fail(c, rc, "report insert", err);
	bind_text(st, 1, r->schedule);
	sql_bind_int64(st, 2, r->period_from);
	sql_bind_int64(st, 3, r->period_to);
	bind_text(st, 4, r->format);
	bind_text(st, 5, r->language);
	bind_text(st, 6, r->filename);
	bind_text(st, 7, r->content_type);
	sql_bind_int64(st, 8, r->size);
	sql_bind_blob64(st, 9, r->data, (sqlite3_uint64)r->size, SQLITE_STATIC);
	sql_bind_int64(st, 10, r->created_at);
	rc = sql_step(st);
	if (rc == SQLITE_ROW)
		r->id = sql_column_int64(st, 0);
	sql_finalize(st);
	if ((rc & 0xff) == SQLITE_CONSTRAINT)
		return kesu_fail(err, KE_CONFLICT, "", "the %s report of that period exists", r->schedule);
	return rc == SQLITE_ROW ? 0 : sql_fail(c, rc, "report insert", err);
}

int store_report_exists(struct store_conn *c, const char *schedule, int64_t from, int *exists,
			struct kesu_err *err)
{
	struct sql_stmt *st;
	int rc = sql_prepare_v2(c,
				    "SELECT 1 FROM reports WHERE schedule = ? AND period_from = ?", -1,
				    &st, NULL);
	if (rc != SQLITE_OK)
		return sql_fail(c, rc, "report exists", err);
	bind_text(st, 1, schedule);
	sql_bind_int64(st, 2, from);
	rc = sql_step(st);
	*exists = rc == SQLITE_ROW;
	sql_finalize(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : sql_fail(c, rc, "report exists", err);
}



int store_report_get(struct store_conn *c, int64_t id, int with_data, struct arena *a,
		     struct stored_report *out, struct kesu_err *err)
{
	static const char *const sql[] = {
		"SELECT " REPORT_COLS " FROM reports WHERE id = ?",
		"SELECT " REPORT_COLS ", data FROM reports WHERE id = ?",
	};
	return load_by_id(c, with_data ? S_REPORT_GET_DATA : S_REPORT_GET, sql[with_data != 0], id,
			  read_report, a, out, "no report %lld", err);
}

int store_report_list(struct store_conn *c, int limit, struct arena *a,
		      struct stored_report **items, int *n, struct kesu_err *err)
{
	struct sql_stmt *st;
	int rc = sql_prepare_v2(c,
				    "SELECT " REPORT_COLS " FROM reports ORDER BY id DESC LIMIT ?", -1,
				    &st, NULL);
	if (rc != SQLITE_OK)
		return sql_fail(c, rc, "report list", err);
	sql_bind_int(st, 1, limit);
	*items = load_all(c, st, read_report, sizeof **items, limit, a, n, err);
	sql_finalize(st);
	return *items ? 0 : -err->code;
}
