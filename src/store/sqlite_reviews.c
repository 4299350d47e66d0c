/*
 * sqlite_reviews.c - neutral and negative reviews (domain.md 8): the
 * review, its contacts and history, the group queues, the scheduler's due
 * reviews, the figures of a period and the shop's order counts.
 */
#include "sqlite_int.h"

#include <limits.h>
#include <string.h>

#define REVIEW_COLS                                                                         \
	"r.id, r.posted_at, r.received_at, r.contact_due_at, r.breached_at,"                 \
	" r.first_contact_at, r.first_contact_by, r.reached_at, r.agreed_at, r.agreed_by, r.changed_at,"   \
	" r.kept_at, r.next_reminder_at, r.invited_at, r.complaint_id, r.team_id,"           \
	" r.assignee_id, r.reply_posted_at, r.next_at, r.version, r.created_at,"             \
	" r.updated_at, r.dedupe, r.platform, r.shop, r.external_id, r.order_ref, r.buyer,"  \
	" r.contact, r.rating, r.text, r.photos, r.product, r.link, r.language,"             \
	" r.serious_reason, r.age_set, r.age_reason, r.grp, r.cause, r.reply_text,"          \
	" r.reply_posted_by, (SELECT tracking_no FROM complaints WHERE id = r.complaint_id)," \
	" r.stars, r.serious, r.reminders, r.call_at, r.due_at FROM reviews r"

static void read_review(struct sql_stmt *st, struct arena *a, void *out)
{
	struct review *r = out;
	int64_t *ints[] = {&r->id,	       &r->posted_at,	     &r->received_at,
			   &r->contact_due_at, &r->breached_at,	     &r->first_contact_at,
			   &r->first_contact_by, &r->reached_at, &r->agreed_at,	     &r->agreed_by,
			   &r->changed_at,     &r->kept_at,	     &r->next_reminder_at,
			   &r->invited_at,     &r->complaint_id,     &r->team_id,
			   &r->assignee_id,    &r->reply_posted_at,  &r->next_at,
			   &r->version,	       &r->created_at,	     &r->updated_at};
	const char **texts[] = {&r->dedupe,	&r->platform,	     &r->shop,	     &r->external_id,
				&r->order_ref,	&r->buyer,	     &r->contact,    &r->rating,
				&r->text,	&r->photos,	     &r->product,    &r->link,
				&r->language,	&r->serious_reason,  &r->age_set,    &r->age_reason,
				&r->group,	&r->cause,	     &r->reply_text, &r->reply_posted_by,
				&r->tracking_no};
	memset(r, 0, sizeof *r);
	int i = 0;
	for (size_t k = 0; k < sizeof ints / sizeof *ints; k++)
		*ints[k] = sql_column_int64(st, i++);
	for (size_t k = 0; k < sizeof texts / sizeof *texts; k++)
		*texts[k] = col_text(st, i++, a);
	r->stars = sql_column_int(st, i++);
	r->serious = sql_column_int(st, i++);
	r->reminders = sql_column_int(st, i++);
	r->call_at = sql_column_int64(st, i++);
	r->due_at = sql_column_int64(st, i);
}

int store_review_insert(struct store_conn *c, struct review *r, struct arena *a, int *existing,
			struct kesu_err *err)
{
	*existing = 0;
	struct sql_stmt *st = conn_stmt(c, S_REVIEW_BY_DEDUPE, "SELECT id FROM reviews WHERE dedupe = ?",
				     err);
	if (!st)
		return -err->code;
	bind_text(st, 1, r->dedupe);
	int64_t id = 0;
	int rc = sql_step(st);
	if (rc == SQLITE_ROW)
		id = sql_column_int64(st, 0);
	stmt_done(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return sql_fail(c, rc, "review lookup", err);
	if (id) {
		*existing = 1;
		return store_review_get(c, id, a, r, err);
	}
	st = conn_stmt(c, S_REVIEW_INSERT,
		       "INSERT INTO reviews(dedupe, platform, shop, external_id, order_ref, buyer,"
		       " contact, rating, stars, text, photos, product, link, language, posted_at,"
		       " posted_day, received_at, serious, serious_reason, grp, contact_due_at, invited_at,"
		       " team_id, assignee_id, next_at, created_at, updated_at, due_at)"
		       " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?) RETURNING id",
		       err);
	if (!st)
		return -err->code;
	const char *t[] = {r->dedupe, r->platform, r->shop,  r->external_id, r->order_ref,
			   r->buyer,  r->contact,  r->rating};
	int i = 1;
	for (size_t k = 0; k < sizeof t / sizeof *t; k++)
		bind_text(st, i++, t[k]);
	bind_opt(st, i++, r->stars);
	bind_text(st, i++, r->text);
	bind_text(st, i++, r->photos);
	bind_text(st, i++, r->product);
	bind_text(st, i++, r->link);
	bind_text(st, i++, r->language);
	sql_bind_int64(st, i++, r->posted_at);
	sql_bind_int64(st, i++, r->posted_day);
	sql_bind_int64(st, i++, r->received_at);
	sql_bind_int(st, i++, r->serious);
	bind_text(st, i++, r->serious_reason);
	bind_text(st, i++, r->group);
	bind_opt(st, i++, r->contact_due_at);
	bind_opt(st, i++, r->invited_at);
	bind_opt(st, i++, r->team_id);
	bind_opt(st, i++, r->assignee_id);
	bind_opt(st, i++, r->next_at);
	sql_bind_int64(st, i++, r->created_at);
	sql_bind_int64(st, i++, r->updated_at);
	bind_opt(st, i, r->contact_due_at);
	r->due_at = r->contact_due_at;
	r->version = 1;
	return step_int64(c, st, &r->id, "review insert", err);
}

int store_review_get(struct store_conn *c, int64_t id, struct arena *a, struct review *out,
		     struct kesu_err *err)
{
	return load_by_id(c, S_REVIEW_GET, "SELECT " REVIEW_COLS " WHERE r.id = ?", id, read_review,
			  a, out, "no review %lld", err);
}

int store_review_update(struct store_conn *c, struct review *r, struct kesu_err *err)
{
	struct sql_stmt *st = conn_stmt(
		c, S_REVIEW_UPDATE,
		"UPDATE reviews SET serious = ?1, serious_reason = ?2, age_set = ?3, age_reason = ?4,"
		" grp = ?5, contact_due_at = ?6, breached_at = ?7, first_contact_at = ?8,"
		" first_contact_by = ?9, agreed_at = ?10, agreed_by = ?11, changed_at = ?12,"
		" kept_at = ?13, reminders = ?14, next_reminder_at = ?15, invited_at = ?16,"
		" cause = ?17, complaint_id = ?18, team_id = ?19, assignee_id = ?20,"
		" reply_text = ?21, reply_posted_at = ?22, reply_posted_by = ?23, next_at = ?24,"
		" updated_at = ?25, reached_at = ?28, call_at = ?29, due_at = ?30,"
		" version = version + 1"
		" WHERE id = ?26 AND version = ?27",
		err);
	if (!st)
		return -err->code;
	sql_bind_int(st, 1, r->serious);
	bind_text(st, 2, r->serious_reason);
	bind_text(st, 3, r->age_set);
	bind_text(st, 4, r->age_reason);
	bind_text(st, 5, r->group);
	int64_t v[] = {r->contact_due_at, r->breached_at, r->first_contact_at, r->first_contact_by,
		       r->agreed_at,	  r->agreed_by,	  r->changed_at,       r->kept_at};
	for (int k = 0; k < 8; k++)
		bind_opt(st, 6 + k, v[k]);
	sql_bind_int(st, 14, r->reminders);
	bind_opt(st, 15, r->next_reminder_at);
	bind_opt(st, 16, r->invited_at);
	bind_text(st, 17, r->cause);
	bind_opt(st, 18, r->complaint_id);
	bind_opt(st, 19, r->team_id);
	bind_opt(st, 20, r->assignee_id);
	bind_text(st, 21, r->reply_text);
	bind_opt(st, 22, r->reply_posted_at);
	bind_text(st, 23, r->reply_posted_by);
	bind_opt(st, 24, r->next_at);
	sql_bind_int64(st, 25, r->updated_at);
	sql_bind_int64(st, 26, r->id);
	sql_bind_int64(st, 27, r->version);
	bind_opt(st, 28, r->reached_at);
	bind_opt(st, 29, r->call_at);
	bind_opt(st, 30, r->due_at);
	int rc = step_done(c, st, "review update", err);
	if (rc)
		return rc;
	if (sql_changes(c) != 1)
		return kesu_fail(err, KE_CONFLICT, "", "the review was changed meanwhile: load it again");
	r->version++;
	return 0;
}

/* Every filter is off when its value is NULL or 0: one statement each
 * for the queue (newest first) and the contacts due (soonest first). */
#define REVIEW_WHERE                                                                        \
	" AND (?1 IS NULL OR r.grp = ?1) AND (?2 IS NULL OR r.platform = ?2)"               \
	" AND (?3 = 0 OR r.team_id IS NULL OR"                                              \
	" r.team_id IN (SELECT team_id FROM team_members WHERE user_id = ?3))"

int store_reviews_list(struct store_conn *c, const struct review_filter *f, struct arena *a,
		       struct review **items, int *n, int *more, struct kesu_err *err)
{
	struct sql_stmt *st =
		f->due ? conn_stmt(c, S_REVIEWS_DUE_LIST,
				   "SELECT " REVIEW_COLS " INDEXED BY reviews_due"
				   " WHERE r.due_at IS NOT NULL" REVIEW_WHERE
				   " AND (?4 = 0 OR r.due_at > ?4 OR (r.due_at = ?4 AND r.id > ?5))"
				   " ORDER BY r.due_at, r.id LIMIT ?6",
				   err)
		/* a group's queue reads its index (reviews_group) newest first */
		: f->group ? conn_stmt(c, S_REVIEWS_GROUP_LIST,
				       "SELECT " REVIEW_COLS " INDEXED BY reviews_group"
				       " WHERE r.grp = ?1" REVIEW_WHERE
				       " AND (?5 = 0 OR r.id < ?5) ORDER BY r.id DESC LIMIT ?6",
				       err)
			   : conn_stmt(c, S_REVIEWS_LIST,
				       "SELECT " REVIEW_COLS " WHERE 1 = 1" REVIEW_WHERE
				       " AND (?5 = 0 OR r.id < ?5) ORDER BY r.id DESC LIMIT ?6",
				       err);
	if (!st)
		return -err->code;
	bind_text(st, 1, f->group);
	bind_text(st, 2, f->platform);
	sql_bind_int64(st, 3, f->teams_of);
	if (f->due)
		sql_bind_int64(st, 4, f->cursor_x);
	sql_bind_int64(st, 5, f->cursor_id);
	sql_bind_int(st, 6, f->limit + 1);
	*items = load_all(c, st, read_review, sizeof **items, f->limit + 1, a, n, err);
	if (!*items)
		return -err->code;
	*more = *n > f->limit;
	if (*more)
		*n = f->limit;
	return 0;
}

int store_reviews_group_counts(struct store_conn *c, int64_t teams_of, int cap, int64_t out[5],
			       struct kesu_err *err)
{
	static const char *const groups[5] = {"neutral", "negative", "agreed", "changed", "kept"};
	/* each count reads its group's index and stops at cap + 1: the
	 * queue's badge costs the same at a million reviews */
	struct sql_stmt *st = conn_stmt(
		c, S_REVIEWS_GROUP_COUNT,
		"SELECT count(*) FROM (SELECT 1 FROM reviews r WHERE r.grp = ?1 AND (?2 = 0 OR"
		" r.team_id IS NULL OR r.team_id IN (SELECT team_id FROM team_members"
		" WHERE user_id = ?2)) LIMIT ?3)",
		err);
	if (!st)
		return -err->code;
	for (int g = 0; g < 5; g++) {
		bind_text(st, 1, groups[g]);
		sql_bind_int64(st, 2, teams_of);
		sql_bind_int(st, 3, cap + 1);
		int rc = step_int64(c, st, &out[g], "review count", err);
		if (rc)
			return rc;
	}
	return 0;
}

int store_reviews_due(struct store_conn *c, int64_t now, int limit, struct arena *a,
		      struct review **items, int *n, struct kesu_err *err)
{
	struct sql_stmt *st = conn_stmt(c, S_REVIEWS_NEXT,
				     "SELECT " REVIEW_COLS " WHERE r.next_at IS NOT NULL"
				     " AND r.next_at <= ? ORDER BY r.next_at LIMIT ?",
				     err);
	if (!st)
		return -err->code;
	sql_bind_int64(st, 1, now);
	sql_bind_int(st, 2, limit);
	*items = load_all(c, st, read_review, sizeof **items, INT_MAX, a, n, err);
	return *items ? 0 : -err->code;
}

int store_review_contact_insert(struct store_conn *c, struct review_contact *k,
				struct kesu_err *err)
{
	struct sql_stmt *st = conn_stmt(c, S_REVIEW_CONTACT_INSERT,
				     "INSERT INTO review_contacts(review_id, at, method, reached,"
				     " outcome, note, appointment_at, by_id, by_name, recorded_at)"
				     " VALUES (?,?,?,?,?,?,?,?,?,?) RETURNING id",
				     err);
	if (!st)
		return -err->code;
	sql_bind_int64(st, 1, k->review_id);
	sql_bind_int64(st, 2, k->at);
	bind_text(st, 3, k->method);
	sql_bind_int(st, 4, k->reached);
	bind_text(st, 5, k->outcome);
	bind_text(st, 6, k->note);
	bind_opt(st, 7, k->appointment_at);
	bind_opt(st, 8, k->by_id);
	bind_text(st, 9, k->by_name);
	sql_bind_int64(st, 10, k->recorded_at);
	return step_int64(c, st, &k->id, "review contact insert", err);
}

static void read_contact(struct sql_stmt *st, struct arena *a, void *out)
{
	struct review_contact *k = out;
	memset(k, 0, sizeof *k);
	k->id = sql_column_int64(st, 0);
	k->review_id = sql_column_int64(st, 1);
	k->at = sql_column_int64(st, 2);
	k->method = col_text(st, 3, a);
	k->reached = sql_column_int(st, 4);
	k->outcome = col_text(st, 5, a);
	k->note = col_text(st, 6, a);
	k->appointment_at = sql_column_int64(st, 7);
	k->by_id = sql_column_int64(st, 8);
	k->by_name = col_text(st, 9, a);
	k->recorded_at = sql_column_int64(st, 10);
}

int store_review_contacts(struct store_conn *c, int64_t review_id, struct arena *a,
			  struct review_contact **items, int *n, struct kesu_err *err)
{
	struct sql_stmt *st = conn_stmt(c, S_REVIEW_CONTACTS,
				     "SELECT id, review_id, at, method, reached, outcome, note,"
				     " appointment_at, by_id, by_name, recorded_at FROM review_contacts"
				     " WHERE review_id = ? ORDER BY at, id LIMIT 500",
				     err);
	if (!st)
		return -err->code;
	sql_bind_int64(st, 1, review_id);
	*items = load_all(c, st, read_contact, sizeof **items, 500, a, n, err);
	return *items ? 0 : -err->code;
}

int store_review_event_insert(struct store_conn *c, struct review_event *e, struct kesu_err *err)
{
	struct sql_stmt *st = conn_stmt(c, S_REVIEW_EVENT_INSERT,
				     "INSERT INTO review_events(review_id, kind, actor, at, data)"
				     " VALUES (?,?,?,?,?) RETURNING id",
				     err);
	if (!st)
		return -err->code;
	sql_bind_int64(st, 1, e->review_id);
	bind_text(st, 2, e->kind);
	bind_text(st, 3, e->actor);
	sql_bind_int64(st, 4, e->at);
	bind_text(st, 5, e->data ? e->data : "{}");
	return step_int64(c, st, &e->id, "review event insert", err);
}

static void read_event(struct sql_stmt *st, struct arena *a, void *out)
{
	struct review_event *e = out;
	e->id = sql_column_int64(st, 0);
	e->review_id = sql_column_int64(st, 1);
	e->kind = col_text(st, 2, a);
	e->actor = col_text(st, 3, a);
	e->at = sql_column_int64(st, 4);
	e->data = col_text(st, 5, a);
}

int store_review_events(struct store_conn *c, int64_t review_id, struct arena *a,
			struct review_event **items, int *n, struct kesu_err *err)
{
	struct sql_stmt *st = conn_stmt(c, S_REVIEW_EVENTS,
				     "SELECT id, review_id, kind, actor, at, data FROM review_events"
				     " WHERE review_id = ? ORDER BY id LIMIT 500",
				     err);
	if (!st)
		return -err->code;
	sql_bind_int64(st, 1, review_id);
	*items = load_all(c, st, read_event, sizeof **items, 500, a, n, err);
	return *items ? 0 : -err->code;
}

static void read_tally(struct sql_stmt *st, struct arena *a, void *out)
{
	struct review_tally *t = out;
	t->platform = col_text(st, 0, a);
	t->rating = col_text(st, 1, a);
	t->agent = col_text(st, 3, a);
	t->n = sql_column_int64(st, 4);
	t->contacted = sql_column_int64(st, 5);
	t->agreed = sql_column_int64(st, 6);
	t->changed = sql_column_int64(st, 7);
	t->first_contact_ms = sql_column_int64(st, 8);
	t->breached = sql_column_int64(st, 9);
	t->reached = sql_column_int64(st, 10);
}

/* The day tables' rows of a period: a team's and those of no team (0),
 * or every team's. */
#define DAYS_WHERE " WHERE day >= ?1 AND day <= ?2 AND (?3 = 0 OR team_id IN (?3, 0))"

static void bind_days(struct sql_stmt *st, int32_t from_day, int32_t to_day, int64_t team_id)
{
	sql_bind_int(st, 1, from_day);
	sql_bind_int(st, 2, to_day);
	sql_bind_int64(st, 3, team_id);
}

int store_review_tallies(struct store_conn *c, int32_t from_day, int32_t to_day, int64_t team_id,
			 struct arena *a, struct review_tally **items, int *n, struct kesu_err *err)
{
	struct sql_stmt *st = conn_stmt(
		c, S_REVIEW_TALLIES,
		"SELECT t.platform, t.rating, t.agent, u.username, t.n, t.contacted, t.agreed,"
		" t.changed, t.wait, t.breached, t.reached FROM (SELECT platform, rating, agent,"
		" sum(n) AS n, sum(contacted) AS contacted, sum(reached) AS reached,"
		" sum(agreed) AS agreed, sum(changed) AS changed,"
		" sum(wait_ms) AS wait, sum(breached) AS breached FROM review_days" DAYS_WHERE
		" GROUP BY platform, rating, agent HAVING sum(n) > 0) t"
		" LEFT JOIN users u ON u.id = t.agent ORDER BY t.platform, t.rating, t.agent",
		err);
	if (!st)
		return -err->code;
	bind_days(st, from_day, to_day, team_id);
	*items = load_all(c, st, read_tally, sizeof **items, 100000, a, n, err);
	return *items ? 0 : -err->code;
}

static void read_wait(struct sql_stmt *st, struct arena *a, void *out)
{
	(void)a;
	struct review_wait *w = out;
	w->minutes = sql_column_int(st, 0);
	w->n = sql_column_int64(st, 1);
}

int store_review_waits(struct store_conn *c, int32_t from_day, int32_t to_day, int64_t team_id,
		       struct arena *a, struct review_wait **items, int *n, struct kesu_err *err)
{
	struct sql_stmt *st = conn_stmt(c, S_REVIEW_WAITS,
				     "SELECT bucket, sum(n) FROM review_wait_days" DAYS_WHERE
				     " GROUP BY bucket HAVING sum(n) > 0 ORDER BY bucket",
				     err);
	if (!st)
		return -err->code;
	bind_days(st, from_day, to_day, team_id);
	*items = load_all(c, st, read_wait, sizeof **items, 64, a, n, err);
	return *items ? 0 : -err->code;
}

static void read_cause(struct sql_stmt *st, struct arena *a, void *out)
{
	struct review_cause_n *k = out;
	k->cause = col_text(st, 0, a);
	k->n = sql_column_int64(st, 1);
}

int store_review_causes(struct store_conn *c, int32_t from_day, int32_t to_day, int64_t team_id,
			struct arena *a, struct review_cause_n **items, int *n,
			struct kesu_err *err)
{
	struct sql_stmt *st = conn_stmt(c, S_REVIEW_CAUSES,
				     "SELECT cause, sum(n) AS k FROM review_cause_days" DAYS_WHERE
				     " GROUP BY cause HAVING sum(n) > 0 ORDER BY k DESC, cause LIMIT 64",
				     err);
	if (!st)
		return -err->code;
	bind_days(st, from_day, to_day, team_id);
	*items = load_all(c, st, read_cause, sizeof **items, 64, a, n, err);
	return *items ? 0 : -err->code;
}

int store_order_count_put(struct store_conn *c, const char *day, const char *platform,
			  int64_t orders, int64_t now, struct kesu_err *err)
{
	struct sql_stmt *st = conn_stmt(c, S_ORDER_COUNT_PUT,
				     "INSERT INTO order_counts(day, platform, orders, updated_at)"
				     " VALUES (?,?,?,?) ON CONFLICT(day, platform) DO UPDATE SET"
				     " orders = excluded.orders, updated_at = excluded.updated_at",
				     err);
	if (!st)
		return -err->code;
	bind_text(st, 1, day);
	bind_text(st, 2, platform);
	sql_bind_int64(st, 3, orders);
	sql_bind_int64(st, 4, now);
	return step_done(c, st, "order count", err);
}

#define ORDERS_OF_DAYS                                                                \
	"SELECT coalesce(sum(o.orders), 0), count(DISTINCT o.day),"                    \
	" coalesce(sum((SELECT sum(d.n) FROM review_days d WHERE d.day = o.dn"         \
	" AND d.platform = o.platform)), 0) FROM (SELECT orders, day, platform, "

int store_order_count_sum(struct store_conn *c, int32_t from_day, int32_t to_day,
			  int64_t *orders, int64_t *reviews, int64_t *days, struct kesu_err *err)
{
	/* the reviews of the same days and platforms as the orders counted:
	 * a rate of like against like (day numbers are local days since
	 * 1970-01-01, as dates by plain day arithmetic) */
	struct sql_stmt *st = conn_stmt(
		c, S_ORDER_COUNT_SUM,
		SQL2(c, ORDERS_OF_DAYS "CAST(julianday(day) - 2440587.5 AS INTEGER) AS dn FROM order_counts"
			" WHERE day >= date(?1 * 86400, 'unixepoch') AND day <= date(?2 * 86400, 'unixepoch')) o",
		     ORDERS_OF_DAYS "CAST(day AS date) - DATE '1970-01-01' AS dn FROM order_counts"
			" WHERE day >= CAST(DATE '1970-01-01' + CAST(?1 AS int4) AS text)"
			" AND day <= CAST(DATE '1970-01-01' + CAST(?2 AS int4) AS text)) o"),
		err);
	if (!st)
		return -err->code;
	sql_bind_int(st, 1, from_day);
	sql_bind_int(st, 2, to_day);
	int rc = sql_step(st);
	if (rc == SQLITE_ROW) {
		*orders = sql_column_int64(st, 0);
		*days = sql_column_int64(st, 1);
		*reviews = sql_column_int64(st, 2);
	}
	stmt_done(st);
	return rc == SQLITE_ROW ? 0 : sql_fail(c, rc, "order count sum", err);
}
