/*
 * sqlite_queues.c - lists of complaints: the agents' queues, the filters
 * and orders of the complaint list, bounded counts, and full-text search.
 */
#include "sqlite_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../text/text.h"

enum {
	L_STATUS = 1 << 0,
	L_CHANNEL = 1 << 1,
	L_SEVERITY = 1 << 2,
	L_CATEGORY = 1 << 3,
	L_CUSTOMER = 1 << 4,
	L_SINCE = 1 << 5,
	L_UNTIL = 1 << 6,
	L_CURSOR = 1 << 7,
	L_SEARCH = 1 << 8,
	L_TEAMS = 1 << 9,
	L_TEAM = 1 << 10,
	L_LEVEL = 1 << 11,
	L_CUSTOMER_TYPE = 1 << 12,
	L_ASSIGNEE = 1 << 13,
	L_UNASSIGNED = 1 << 14,
	L_BITS = 15,
};

/* How a statement reads its rows: a page in the filter's sort, the rest
 * after the deadlines (SORT_DUE), or a count. By deadline, a page of a
 * large queue walks the deadline index and stops at a page (READ_PAGE); a
 * small queue is read whole from its own index and sorted (READ_FEW),
 * rather than walking a million deadlines to find its few. */
enum { READ_PAGE, READ_REST, READ_COUNT, READ_FEW, READ_RECENT };

#define FEW 2000

/* What each queue adds, and what it binds (B_USER: the caller, B_NOW). The
 * conditions match the partial indexes of 0010 word for word. */
enum { B_NONE, B_USER, B_NOW };

static const struct {
	const char *cond;
	int bind;
} queue_sql[Q__COUNT] = {
	[Q_ALL] = {"", B_NONE},
	/* awaiting the follow-up, a complaint is the supervisors' (Q_FOLLOW_UP) */
	[Q_MINE] = {" AND c.assignee_id = ? AND c.status <> 'closed'"
		    " AND c.status NOT IN ('resolved', 'follow_up')",
		    B_USER},
	[Q_TEAM] = {" AND c.team_id IN (SELECT team_id FROM team_members WHERE user_id = ?)"
		    " AND c.status <> 'closed'",
		    B_USER},
	[Q_UNASSIGNED] = {" AND c.assignee_id IS NULL AND c.status <> 'closed'", B_NONE},
	[Q_DUE_SOON] = {" AND c.id IN (SELECT complaint_id FROM clock_sets WHERE soon_at <= ?)"
			" AND c.status <> 'closed'",
			B_NOW},
	[Q_BREACHED] = {" AND c.id IN (SELECT complaint_id FROM clock_sets WHERE late = 1)"
			" AND c.status <> 'closed'",
			B_NONE},
	[Q_ESCALATED] = {" AND c.level > 0 AND c.status <> 'closed'", B_NONE},
	[Q_APPROVAL] = {" AND c.status = 'awaiting_approval'", B_NONE},
	[Q_FOLLOW_UP] = {" AND c.status IN ('resolved', 'follow_up')", B_NONE},
	[Q_APPOINTMENTS] = {" AND c.id IN (SELECT complaint_id FROM appointments"
			    " WHERE state = 'missed' AND outcome IS NULL)",
			    B_NONE},
	[Q_SECOND] = {" AND c.second_of IS NOT NULL AND c.status <> 'closed'", B_NONE},
};

/* Every list shows the next deadline, whether a clock is late and which
 * clock is due first: primary-key lookups of the row's clocks. */
#define CLOCK_OF(col) "(SELECT " col " FROM clock_sets WHERE complaint_id = c.id)"
#define NEXT_DUE CLOCK_OF("due_at") ", " CLOCK_OF("late") ", " CLOCK_OF("due_clock")

/* The SQL of one combination of filters: fixed fragments only, every value
 * a bound parameter. */
static void list_sql(unsigned mask, int queue, int sort, int read, char *sql, size_t size,
		     int pg)
{
	int n;
	/* the search index: FTS5's on SQLite, kesu's tsvectors on PostgreSQL
	 * (pg_search.c) */
	const char *from = pg ? "complaints_search f JOIN complaints c ON c.id = f.id"
			      : "complaints_fts f JOIN complaints c ON c.id = f.rowid";
	/* READ_RECENT (PostgreSQL): a search of the newest complaints only,
	 * the match a function call the word index cannot serve, so that the
	 * complaints are read newest first by id (pg_recent_first) */
	const char *match = !pg ? "complaints_fts MATCH ?"
			    : read == READ_RECENT ? "ts_match_vq(f.doc, CAST(? AS tsquery))"
						  : "f.doc @@ CAST(? AS tsquery)";
	const char *rowid = pg ? "f.id" : "f.rowid";
	if (read == READ_COUNT)
		n = snprintf(sql, size, "SELECT count(*) FROM (SELECT 1 FROM %s WHERE %s",
			     mask & L_SEARCH ? from : "complaints c", mask & L_SEARCH ? match : "1 = 1");
	else if (mask & L_SEARCH)
		n = snprintf(sql, size, "SELECT " COMPLAINT_COLS ", " NEXT_DUE " FROM %s WHERE %s",
			     from, match);
	else if (sort == SORT_DUE && (read == READ_PAGE || read == READ_FEW))
		/* CROSS JOIN: SQLite keeps the tables in the order written */
		n = snprintf(sql, size,
			     "SELECT " COMPLAINT_COLS ", k.due_at, k.late, k.due_clock FROM %s"
			     " WHERE k.complaint_id = c.id AND k.due_at IS NOT NULL",
			     read == READ_FEW ? "complaints c CROSS JOIN clock_sets k"
					      : "clock_sets k CROSS JOIN complaints c");
	else if (read == READ_REST)
		n = snprintf(sql, size,
			     "SELECT " COMPLAINT_COLS ", 0, 0, NULL FROM complaints c WHERE NOT EXISTS"
			     " (SELECT 1 FROM clock_sets k WHERE k.complaint_id = c.id"
			     " AND k.due_at IS NOT NULL)");
	else
		n = snprintf(sql, size,
			     "SELECT " COMPLAINT_COLS ", " NEXT_DUE " FROM complaints c WHERE 1 = 1");
	static const struct {
		unsigned bit;
		const char *cond;
	} conds[] = {
		{L_STATUS, " AND c.status = ?"},
		{L_CHANNEL, " AND c.channel = ?"},
		{L_SEVERITY, " AND c.severity = ?"},
		{L_CATEGORY, " AND c.category = ?"},
		{L_LEVEL, " AND c.level = ?"},
		/* customers of a type: the few key ones, or (for the common type)
		 * checked on each row by its primary key */
		{L_CUSTOMER_TYPE, " AND c.customer_id IN (SELECT id FROM customers"
				  " WHERE customer_type = ?)"},
		{L_ASSIGNEE, " AND c.assignee_id = ?"},
		{L_UNASSIGNED, " AND c.assignee_id IS NULL"},
		{L_CUSTOMER, " AND c.customer_id = ?"},
		{L_SINCE, " AND c.created_at >= ?"},
		{L_UNTIL, " AND c.created_at < ?"},
		{L_TEAM, " AND c.team_id = ?"},
		{L_TEAMS, " AND c.team_id IN (SELECT team_id FROM team_members WHERE user_id = ?)"},
	};
	/* A queue with an index of its own (an assignee's, the deadlines', a
	 * state's) is read from that index, the team checked on each row: the
	 * unary + keeps SQLite from walking every open complaint of a large
	 * team in the team index instead, which costs the team's size however
	 * small the queue. */
	int own_index = queue != Q_ALL && queue != Q_TEAM;
	for (size_t i = 0; i < sizeof conds / sizeof *conds; i++) {
		if (!(mask & conds[i].bit))
			continue;
		const char *cond = conds[i].cond;
		if (own_index && (conds[i].bit == L_TEAM || conds[i].bit == L_TEAMS))
			n += snprintf(sql + n, size - (size_t)n, " AND +%s", cond + 5);
		else
			n += snprintf(sql + n, size - (size_t)n, "%s", cond);
	}
	n += snprintf(sql + n, size - (size_t)n, "%s", queue_sql[queue].cond);
	if (read == READ_COUNT) {
		snprintf(sql + n, size - (size_t)n, " LIMIT ?) k");
	} else if (mask & L_SEARCH) {
		if (read == READ_RECENT)
			n += snprintf(sql + n, size - (size_t)n, " AND f.id >= ?");
		if (mask & L_CURSOR)
			n += snprintf(sql + n, size - (size_t)n, " AND %s < ?", rowid);
		snprintf(sql + n, size - (size_t)n, " ORDER BY %s DESC LIMIT ?", rowid);
	} else if (sort == SORT_DUE && (read == READ_PAGE || read == READ_FEW)) {
		/* (due_at, complaint_id) is the deadline index's own order */
		if (mask & L_CURSOR)
			n += snprintf(sql + n, size - (size_t)n,
				      " AND k.due_at >= ? AND (k.due_at > ? OR k.complaint_id > ?)");
		snprintf(sql + n, size - (size_t)n, " ORDER BY k.due_at, k.complaint_id LIMIT ?");
	} else if (sort == SORT_OLDEST) {
		if (mask & L_CURSOR)
			n += snprintf(sql + n, size - (size_t)n,
				      " AND c.created_at >= ? AND (c.created_at > ? OR c.id > ?)");
		snprintf(sql + n, size - (size_t)n, " ORDER BY c.created_at, c.id LIMIT ?");
	} else {
		/* Written so that the range on created_at can use the index. */
		if (mask & L_CURSOR)
			n += snprintf(sql + n, size - (size_t)n,
				      " AND c.created_at <= ? AND (c.created_at < ? OR c.id < ?)");
		snprintf(sql + n, size - (size_t)n,
			 " ORDER BY c.created_at DESC, c.id DESC LIMIT ?");
	}
}

static unsigned filter_mask(const struct complaint_filter *f, int with_cursor)
{
	return (f->status ? L_STATUS : 0) | (f->channel ? L_CHANNEL : 0) |
	       (f->severity ? L_SEVERITY : 0) | (f->category ? L_CATEGORY : 0) |
	       (f->level ? L_LEVEL : 0) | (f->customer_type ? L_CUSTOMER_TYPE : 0) |
	       (f->assignee_id ? L_ASSIGNEE : 0) | (f->unassigned ? L_UNASSIGNED : 0) |
	       (f->customer_id ? L_CUSTOMER : 0) | (f->since_ms ? L_SINCE : 0) |
	       (f->until_ms ? L_UNTIL : 0) | (with_cursor && f->has_cursor ? L_CURSOR : 0) |
	       (f->fts ? L_SEARCH : 0) | (f->team_id ? L_TEAM : 0) | (f->teams_of ? L_TEAMS : 0);
}

/* The cached statement of a combination, prepared on first use. */
static struct sql_stmt *list_stmt(struct store_conn *c, unsigned mask, int queue, int sort,
			       int read, struct kesu_err *err)
{
	uint32_t key = mask | (uint32_t)queue << L_BITS | (uint32_t)sort << (L_BITS + 4) |
		       (uint32_t)read << (L_BITS + 6);
	unsigned slot = (key * 2654435761u) >> 25; /* 7 bits: LIST_SLOTS */
	if (c->lists[slot].st && c->lists[slot].key != key) {
		sql_finalize(c->lists[slot].st);
		c->lists[slot].st = NULL;
	}
	char sql[2048] = "";
	if (!c->lists[slot].st) {
		list_sql(mask, queue, sort, read, sql, sizeof sql, conn_is_pg(c));
		c->lists[slot].key = key;
	}
	struct sql_stmt *st = conn_prepare(c, &c->lists[slot].st, sql, err);
	if (st && (mask & L_SEARCH))
		sql_plan_each_time(st);
	return st;
}

/* Binds the filter's values in the order list_sql wrote their conditions;
 * returns the next parameter's index. */
static int bind_filter(struct store_conn *c, struct sql_stmt *st,
		       const struct complaint_filter *f)
{
	int i = 1;
	if (f->fts && conn_is_pg(c)) {
		char *q = pg_search_query(f->fts); /* bound as a copy */
		bind_text(st, i++, q);
		free(q);
	} else if (f->fts) {
		bind_text(st, i++, f->fts);
	}
	if (f->status)
		bind_text(st, i++, f->status);
	if (f->channel)
		bind_text(st, i++, f->channel);
	if (f->severity)
		bind_text(st, i++, f->severity);
	if (f->category)
		bind_text(st, i++, f->category);
	if (f->level)
		sql_bind_int(st, i++, f->level - 1);
	if (f->customer_type)
		bind_text(st, i++, f->customer_type);
	if (f->assignee_id)
		sql_bind_int64(st, i++, f->assignee_id);
	if (f->customer_id)
		sql_bind_int64(st, i++, f->customer_id);
	if (f->since_ms)
		sql_bind_int64(st, i++, f->since_ms);
	if (f->until_ms)
		sql_bind_int64(st, i++, f->until_ms);
	if (f->team_id)
		sql_bind_int64(st, i++, f->team_id);
	if (f->teams_of)
		sql_bind_int64(st, i++, f->teams_of);
	if (queue_sql[f->queue].bind == B_USER)
		sql_bind_int64(st, i++, f->user_id);
	else if (queue_sql[f->queue].bind == B_NOW)
		sql_bind_int64(st, i++, f->now_ms);
	return i;
}

static int list_read(struct store_conn *c, const struct complaint_filter *f, int read,
		     int with_cursor, int limit, struct arena *a, struct complaint *items, int *n,
		     int *more, struct kesu_err *err);

/* A phrase (a query of more than one bigram) on PostgreSQL: the planner
 * takes its bigrams' frequencies as independent and guesses it rare, so
 * it reads every match through the word index and sorts them, which for
 * a common phrase is thousands of complaints for a page of 50. The
 * newest SEARCH_RECENT complaints are searched first, newest first by id,
 * stopping at the page; only what they do not fill is asked of the index,
 * below them. (A single bigram or character is planned from the index's
 * statistics, 0035, and needs none of this.) */
#define SEARCH_RECENT 20000

/* KESU_SEARCH_RECENT, for tuning (and for tests over few complaints) */
static int64_t search_recent(void)
{
	const char *env = getenv("KESU_SEARCH_RECENT");
	return env && atoll(env) > 0 ? atoll(env) : SEARCH_RECENT;
}

static int pg_recent_first(struct store_conn *c, const struct complaint_filter *f, int limit,
			   struct arena *a, struct complaint *items, int *n, int *more,
			   struct kesu_err *err)
{
	int64_t top = f->cursor_id;
	if (!f->has_cursor) {
		struct sql_stmt *st = conn_stmt(c, S_FTS_TOP,
					     "SELECT coalesce(max(id), 0) + 1 FROM complaints_search", err);
		if (!st || step_int64(c, st, &top, "search", err))
			return -err->code;
	}
	int64_t floor = top - search_recent();
	if (floor > 1) {
		/* ids below top (the cursor's, or past the newest) and from floor */
		struct complaint_filter recent = *f;
		recent.has_cursor = 1;
		recent.cursor_id = top;
		int rc = list_read(c, &recent, READ_RECENT, 1, limit, a, items, n, more, err);
		if (rc || *more)
			return rc;
		/* the rest, below the recent ones: as a page after them */
		struct complaint_filter below = *f;
		below.has_cursor = 1;
		below.cursor_id = floor;
		return list_read(c, &below, READ_PAGE, 1, limit - *n, a, items, n, more, err);
	}
	return list_read(c, f, READ_PAGE, 1, limit, a, items, n, more, err);
}

/* Reads up to limit rows (one more tells whether another page exists)
 * into items from *n on. */
static int list_read(struct store_conn *c, const struct complaint_filter *f, int read,
		     int with_cursor, int limit, struct arena *a, struct complaint *items, int *n,
		     int *more, struct kesu_err *err)
{
	unsigned mask = filter_mask(f, with_cursor);
	struct sql_stmt *st = list_stmt(c, mask, f->queue, f->fts ? SORT_NEWEST : f->sort, read, err);
	if (!st)
		return -err->code;
	int i = bind_filter(c, st, f);
	if (read == READ_RECENT) /* (pg_recent_first set the cursor) */
		sql_bind_int64(st, i++, f->cursor_id - search_recent());
	if (mask & L_CURSOR) {
		if (f->fts) {
			sql_bind_int64(st, i++, f->cursor_id);
		} else {
			int64_t x = f->sort == SORT_DUE && read != READ_REST ? f->cursor_due
									       : f->cursor_created;
			sql_bind_int64(st, i++, x);
			sql_bind_int64(st, i++, x);
			sql_bind_int64(st, i++, f->cursor_id);
		}
	}
	sql_bind_int(st, i, limit + 1);
	int rc, got = 0;
	while ((rc = sql_step(st)) == SQLITE_ROW) {
		if (got == limit) {
			*more = 1;
			break;
		}
		struct complaint *cp = &items[(*n)++];
		complaint_read_row(st, a, cp);
		cp->due_at = sql_column_int64(st, COMPLAINT_NCOLS);
		cp->late = sql_column_int(st, COMPLAINT_NCOLS + 1);
		cp->due_clock = col_text(st, COMPLAINT_NCOLS + 2, a);
		got++;
	}
	stmt_done(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return sql_fail(c, rc, "complaint list", err);
	return 0;
}

int store_complaint_list(struct store_conn *c, const struct complaint_filter *f,
			 struct arena *a, struct complaint **items, int *n, int *more,
			 struct kesu_err *err)
{
	*items = arena_alloc(a, sizeof **items * (size_t)(f->limit + 1));
	*n = 0;
	*more = 0;
	if (f->fts && conn_is_pg(c)) {
		char *q = pg_search_query(f->fts);
		int phrase = q && strstr(q, "<->");
		free(q);
		if (phrase)
			return pg_recent_first(c, f, f->limit, a, *items, n, more, err);
	}
	if (f->fts || f->sort != SORT_DUE)
		return list_read(c, f, READ_PAGE, 1, f->limit, a, *items, n, more, err);
	/* by deadline: the running ones, then (once they run out) the rest */
	int rc = 0, size = 0;
	if (!f->due_rest && !(rc = store_complaint_count_upto(c, f, FEW, &size, err)))
		rc = list_read(c, f, size > FEW ? READ_PAGE : READ_FEW, 1, f->limit, a, *items, n,
			       more, err);
	/* (with the page full, reading none of the rest still tells whether
	 * there is any) */
	if (!rc && !*more)
		rc = list_read(c, f, READ_REST, f->due_rest, f->limit - *n, a, *items, n, more,
			       err);
	return rc;
}

int store_complaint_count_upto(struct store_conn *c, const struct complaint_filter *f,
			       int cap, int *n, struct kesu_err *err)
{
	struct sql_stmt *st = list_stmt(c, filter_mask(f, 0), f->queue, SORT_NEWEST, READ_COUNT, err);
	if (!st)
		return -err->code;
	int i = bind_filter(c, st, f);
	sql_bind_int(st, i, cap + 1);
	int rc = sql_step(st);
	if (rc == SQLITE_ROW)
		*n = sql_column_int(st, 0);
	stmt_done(st);
	return rc == SQLITE_ROW ? 0 : sql_fail(c, rc, "complaint count", err);
}

const char *store_search_expr(const char *q, struct arena *a, struct kesu_err *err)
{
	size_t len = strlen(q);
	char *out = arena_alloc(a, len * 2 + 64), *o = out;
	int terms = 0;
	const char *p = q;
	while (*p) {
		/* Terms are separated by ASCII or ideographic spaces. */
		while (*p == ' ' || *p == '\t' || strncmp(p, "\xe3\x80\x80", 3) == 0)
			p += *p == ' ' || *p == '\t' ? 1 : 3;
		if (!*p)
			break;
		const char *start = p;
		while (*p && *p != ' ' && *p != '\t' && strncmp(p, "\xe3\x80\x80", 3) != 0)
			p++;
		if (text_query_token_count(start, (int)(p - start)) == 0)
			continue;
		if (++terms > 16)
			break;
		if (o != out)
			*o++ = ' ';
		*o++ = '"';
		for (const char *s = start; s < p; s++) {
			if (*s == '"')
				*o++ = '"';
			*o++ = *s;
		}
		*o++ = '"';
	}
	*o = '\0';
	if (!terms) {
		kesu_fail(err, KE_INVALID_VALUE, "q",
			  "has no letters, digits or Chinese characters to search for");
		return NULL;
	}
	return out;
}
