/*
 * sqlite_complaints.c - complaints, their timeline, idempotency keys,
 * tracking-number sequences and search, in SQLite.
 */
#include "sqlite_int.h"

#include <stdio.h>
#include <string.h>

#include "../text/text.h"

/* Column order follows enum complaint_field, after the fixed columns. */
#define COMPLAINT_COLS                                                        \
	"c.id, c.tracking_no, c.status, c.customer_id, c.created_at,"         \
	" c.updated_at, c.version, c.created_by, c.portal_nonce, c.portal_hash," \
	" c.team_id, c.assignee_id, c.level, c.reopen_count, c.threat,"     \
	" c.channel, c.complainant_name, c.complainant_phone,"                \
	" c.complainant_email, c.complainant_contact_other, c.object_kind,"   \
	" c.object_ref, c.object_name, c.content, c.occurred_at,"             \
	" c.purchased_at, c.usage, c.demand, c.desired_resolution,"           \
	" c.severity, c.emotion, c.mindset, c.category, c.language,"          \
	" c.cause, c.responsibility, c.validity, c.duplicate_of,"             \
	" c.conversation_channel, c.odr_course, c.odr_means, c.odr_outcome,"  \
	" c.systemic, c.idea"
#define FIXED_COLS 15

static void read_complaint(sqlite3_stmt *st, struct arena *a, struct complaint *c)
{
	memset(c, 0, sizeof *c);
	c->id = sqlite3_column_int64(st, 0);
	snprintf(c->tracking_no, sizeof c->tracking_no, "%s",
		 (const char *)sqlite3_column_text(st, 1));
	int state = state_find((const char *)sqlite3_column_text(st, 2));
	c->state = state < 0 ? ST_REGISTERED : (enum complaint_state)state; /* only kesu writes it */
	c->customer_id = sqlite3_column_int64(st, 3);
	c->created_at = sqlite3_column_int64(st, 4);
	c->updated_at = sqlite3_column_int64(st, 5);
	c->version = sqlite3_column_int64(st, 6);
	c->created_by = col_text(st, 7, a);
	if (sqlite3_column_bytes(st, 8) == PORTAL_NONCE_LEN)
		memcpy(c->portal_nonce, sqlite3_column_blob(st, 8), PORTAL_NONCE_LEN);
	if (sqlite3_column_bytes(st, 9) == TOKEN_HASH_LEN)
		memcpy(c->portal_hash, sqlite3_column_blob(st, 9), TOKEN_HASH_LEN);
	c->team_id = sqlite3_column_int64(st, 10);
	c->assignee_id = sqlite3_column_int64(st, 11);
	c->level = sqlite3_column_int(st, 12);
	c->reopen_count = sqlite3_column_int(st, 13);
	c->threat = sqlite3_column_int(st, 14);
	for (int i = 0; i < CF__COUNT; i++)
		c->v[i] = col_text(st, FIXED_COLS + i, a);
	c->systemic = sqlite3_column_int(st, FIXED_COLS + CF__COUNT);
	c->idea = sqlite3_column_int(st, FIXED_COLS + CF__COUNT + 1);
}

int store_tracking_next(struct store_conn *c, const char *yymmdd, int64_t *seq,
			struct kesu_err *err)
{
	sqlite3_stmt *st = conn_stmt(
		c, S_TRACKING_NEXT,
		"INSERT INTO tracking_days(day, last_seq) VALUES (?, 1)"
		" ON CONFLICT(day) DO UPDATE SET last_seq = last_seq + 1"
		" RETURNING last_seq",
		err);
	if (!st)
		return -err->code;
	bind_text(st, 1, yymmdd);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*seq = sqlite3_column_int64(st, 0);
	stmt_done(st);
	return rc == SQLITE_ROW ? 0 : sql_fail(c, rc, "tracking sequence", err);
}

/* Binds the searched columns in complaints_fts order from position i. */
static void bind_search(sqlite3_stmt *st, int i, const struct complaint *cp)
{
	bind_text(st, i, cp->v[CF_NAME]);
	bind_text(st, i + 1, cp->v[CF_OBJECT_REF]);
	bind_text(st, i + 2, cp->v[CF_OBJECT_NAME]);
	bind_text(st, i + 3, cp->v[CF_CONTENT]);
	bind_text(st, i + 4, cp->v[CF_DEMAND]);
}

static int fts_write(struct store_conn *c, enum stmt_slot slot,
		     const struct complaint *cp, struct kesu_err *err)
{
	static const char *sql[] = {
		"INSERT INTO complaints_fts(rowid, complainant_name, object_ref,"
		" object_name, content, demand) VALUES (?, ?, ?, ?, ?, ?)",
		"INSERT INTO complaints_fts(complaints_fts, rowid, complainant_name,"
		" object_ref, object_name, content, demand)"
		" VALUES ('delete', ?, ?, ?, ?, ?, ?)",
	};
	sqlite3_stmt *st = conn_stmt(c, slot, sql[slot == S_FTS_DELETE], err);
	if (!st)
		return -err->code;
	sqlite3_bind_int64(st, 1, cp->id);
	bind_search(st, 2, cp);
	int rc = sqlite3_step(st);
	stmt_done(st);
	return rc == SQLITE_DONE ? 0 : sql_fail(c, rc, "search index", err);
}

int store_complaint_insert(struct store_conn *c, struct complaint *cp,
			   struct kesu_err *err)
{
	sqlite3_stmt *st = conn_stmt(
		c, S_COMPLAINT_INSERT,
		"INSERT INTO complaints(tracking_no, status, customer_id, created_at,"
		" updated_at, version, created_by, portal_nonce, portal_hash,"
		" channel, complainant_name, complainant_phone, complainant_email,"
		" complainant_contact_other, object_kind, object_ref, object_name,"
		" content, occurred_at, purchased_at, usage, demand,"
		" desired_resolution, severity, emotion, mindset, category, language,"
		" cause, responsibility, validity, duplicate_of, conversation_channel,"
		" odr_course, odr_means, odr_outcome, team_id, assignee_id, systemic, idea,"
		" level)"
		" VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
		" ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
		err);
	if (!st)
		return -err->code;
	bind_text(st, 1, cp->tracking_no);
	bind_text(st, 2, state_name(cp->state));
	if (cp->customer_id)
		sqlite3_bind_int64(st, 3, cp->customer_id);
	sqlite3_bind_int64(st, 4, cp->created_at);
	sqlite3_bind_int64(st, 5, cp->updated_at);
	sqlite3_bind_int64(st, 6, cp->version);
	bind_text(st, 7, cp->created_by);
	sqlite3_bind_blob(st, 8, cp->portal_nonce, PORTAL_NONCE_LEN, SQLITE_STATIC);
	sqlite3_bind_blob(st, 9, cp->portal_hash, TOKEN_HASH_LEN, SQLITE_STATIC);
	for (int i = 0; i < CF__COUNT; i++)
		bind_text(st, 10 + i, cp->v[i]);
	if (cp->team_id)
		sqlite3_bind_int64(st, 10 + CF__COUNT, cp->team_id);
	if (cp->assignee_id)
		sqlite3_bind_int64(st, 11 + CF__COUNT, cp->assignee_id);
	sqlite3_bind_int(st, 12 + CF__COUNT, cp->systemic);
	sqlite3_bind_int(st, 13 + CF__COUNT, cp->idea);
	sqlite3_bind_int(st, 14 + CF__COUNT, cp->level); /* the routing table may start it higher */
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		cp->id = sqlite3_column_int64(st, 0);
	stmt_done(st);
	if (rc != SQLITE_ROW)
		return sql_fail(c, rc, "complaint insert", err);
	if (!c->fts_hi || cp->id < c->fts_lo)
		c->fts_lo = cp->id;
	if (cp->id > c->fts_hi)
		c->fts_hi = cp->id;
	return 0;
}

int fts_flush(struct store_conn *c, struct kesu_err *err)
{
	if (!c->fts_hi)
		return 0;
	sqlite3_stmt *st = conn_stmt(
		c, S_FTS_INSERT_RANGE,
		"INSERT INTO complaints_fts(rowid, complainant_name, object_ref, object_name,"
		" content, demand) SELECT id, complainant_name, object_ref, object_name,"
		" content, demand FROM complaints WHERE id BETWEEN ? AND ? ORDER BY id",
		err);
	if (!st)
		return -err->code;
	sqlite3_bind_int64(st, 1, c->fts_lo);
	sqlite3_bind_int64(st, 2, c->fts_hi);
	int rc = sqlite3_step(st);
	stmt_done(st);
	if (rc != SQLITE_DONE)
		return sql_fail(c, rc, "search index", err);
	fts_forget(c);
	return 0;
}

void fts_forget(struct store_conn *c)
{
	c->fts_lo = c->fts_hi = 0;
}

int store_complaint_get(struct store_conn *c, int64_t id, const char *tracking_no,
			struct arena *a, struct complaint *out, struct kesu_err *err)
{
	sqlite3_stmt *st;
	if (id) {
		st = conn_stmt(c, S_COMPLAINT_BY_ID,
			       "SELECT " COMPLAINT_COLS " FROM complaints c WHERE c.id = ?",
			       err);
		if (!st)
			return -err->code;
		sqlite3_bind_int64(st, 1, id);
	} else {
		st = conn_stmt(c, S_COMPLAINT_BY_TRACKING,
			       "SELECT " COMPLAINT_COLS
			       " FROM complaints c WHERE c.tracking_no = ?",
			       err);
		if (!st)
			return -err->code;
		bind_text(st, 1, tracking_no);
	}
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		read_complaint(st, a, out);
	stmt_done(st);
	if (rc == SQLITE_ROW)
		return 0;
	if (rc == SQLITE_DONE)
		return kesu_fail(err, KE_NOT_FOUND, "", "no such complaint");
	return sql_fail(c, rc, "complaint get", err);
}

int store_complaint_update(struct store_conn *c, const struct complaint *before,
			   const struct complaint *after, int reindex,
			   struct kesu_err *err)
{
	/* The index must hold the old text before it can be taken out. */
	if (reindex && (fts_flush(c, err) || fts_write(c, S_FTS_DELETE, before, err)))
		return -err->code;
	sqlite3_stmt *st = conn_stmt(
		c, S_COMPLAINT_UPDATE,
		"UPDATE complaints SET status = ?, customer_id = ?, updated_at = ?,"
		" version = ?, channel = ?, complainant_name = ?, complainant_phone = ?,"
		" complainant_email = ?, complainant_contact_other = ?, object_kind = ?,"
		" object_ref = ?, object_name = ?, content = ?, occurred_at = ?,"
		" purchased_at = ?, usage = ?, demand = ?, desired_resolution = ?,"
		" severity = ?, emotion = ?, mindset = ?, category = ?, language = ?,"
		" cause = ?, responsibility = ?, validity = ?, duplicate_of = ?,"
		" conversation_channel = ?, odr_course = ?, odr_means = ?, odr_outcome = ?,"
		" team_id = ?, assignee_id = ?, level = ?, reopen_count = ?, threat = ?,"
		" systemic = ?, idea = ?"
		" WHERE id = ? AND version = ?",
		err);
	if (!st)
		return -err->code;
	bind_text(st, 1, state_name(after->state));
	if (after->customer_id)
		sqlite3_bind_int64(st, 2, after->customer_id);
	sqlite3_bind_int64(st, 3, after->updated_at);
	sqlite3_bind_int64(st, 4, after->version);
	for (int i = 0; i < CF__COUNT; i++)
		bind_text(st, 5 + i, after->v[i]);
	if (after->team_id)
		sqlite3_bind_int64(st, 5 + CF__COUNT, after->team_id);
	if (after->assignee_id)
		sqlite3_bind_int64(st, 6 + CF__COUNT, after->assignee_id);
	sqlite3_bind_int(st, 7 + CF__COUNT, after->level);
	sqlite3_bind_int(st, 8 + CF__COUNT, after->reopen_count);
	sqlite3_bind_int(st, 9 + CF__COUNT, after->threat);
	sqlite3_bind_int(st, 10 + CF__COUNT, after->systemic);
	sqlite3_bind_int(st, 11 + CF__COUNT, after->idea);
	sqlite3_bind_int64(st, 12 + CF__COUNT, before->id);
	sqlite3_bind_int64(st, 13 + CF__COUNT, before->version);
	int rc = sqlite3_step(st);
	int changed = sqlite3_changes(c->db);
	stmt_done(st);
	if (rc != SQLITE_DONE)
		return sql_fail(c, rc, "complaint update", err);
	if (changed != 1)
		return kesu_fail(err, KE_STALE, "", "the complaint was changed meanwhile");
	return reindex ? fts_write(c, S_FTS_INSERT, after, err) : 0;
}

int store_complaint_count(struct store_conn *c, int64_t *n, struct kesu_err *err)
{
	sqlite3_stmt *st = conn_stmt(c, S_COMPLAINT_COUNT,
				     "SELECT count(*) FROM complaints", err);
	if (!st)
		return -err->code;
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*n = sqlite3_column_int64(st, 0);
	stmt_done(st);
	return rc == SQLITE_ROW ? 0 : sql_fail(c, rc, "complaint count", err);
}

/* --- Lists and search ---------------------------------------------------- */


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
	L_BITS = 11,
};
/* How a statement reads its rows: a page in the filter's sort, the rest
 * after the deadlines (SORT_DUE), or a count. By deadline, a page of a
 * large queue walks the deadline index and stops at a page (READ_PAGE); a
 * small queue is read whole from its own index and sorted (READ_FEW),
 * rather than walking a million deadlines to find its few. */
enum { READ_PAGE, READ_REST, READ_COUNT, READ_FEW };
#define FEW 2000

/* What each queue adds, and what it binds (B_USER: the caller, B_NOW). The
 * conditions match the partial indexes of 0010 word for word. */
enum { B_NONE, B_USER, B_NOW };
static const struct {
	const char *cond;
	int bind;
} queue_sql[Q__COUNT] = {
	[Q_ALL] = {"", B_NONE},
	[Q_MINE] = {" AND c.assignee_id = ? AND c.status <> 'closed'", B_USER},
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
};

/* Every list shows the next deadline: one primary-key lookup a row. */
#define NEXT_DUE "(SELECT due_at FROM clock_sets WHERE complaint_id = c.id)"

/* The SQL of one combination of filters: fixed fragments only, every value
 * a bound parameter. */
static void list_sql(unsigned mask, int queue, int sort, int read, char *sql, size_t size)
{
	int n;
	if (read == READ_COUNT)
		n = snprintf(sql, size, "SELECT count(*) FROM (SELECT 1 FROM %s WHERE %s",
			     mask & L_SEARCH ? "complaints_fts f JOIN complaints c ON c.id = f.rowid"
					     : "complaints c",
			     mask & L_SEARCH ? "complaints_fts MATCH ?" : "1 = 1");
	else if (mask & L_SEARCH)
		n = snprintf(sql, size,
			     "SELECT " COMPLAINT_COLS ", " NEXT_DUE " FROM complaints_fts f"
			     " JOIN complaints c ON c.id = f.rowid"
			     " WHERE complaints_fts MATCH ?");
	else if (sort == SORT_DUE && (read == READ_PAGE || read == READ_FEW))
		/* CROSS JOIN: SQLite keeps the tables in the order written */
		n = snprintf(sql, size,
			     "SELECT " COMPLAINT_COLS ", k.due_at FROM %s"
			     " WHERE k.complaint_id = c.id AND k.due_at IS NOT NULL",
			     read == READ_FEW ? "complaints c CROSS JOIN clock_sets k"
					      : "clock_sets k CROSS JOIN complaints c");
	else if (read == READ_REST)
		n = snprintf(sql, size,
			     "SELECT " COMPLAINT_COLS ", 0 FROM complaints c WHERE NOT EXISTS"
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
		snprintf(sql + n, size - (size_t)n, " LIMIT ?)");
	} else if (mask & L_SEARCH) {
		if (mask & L_CURSOR)
			n += snprintf(sql + n, size - (size_t)n, " AND f.rowid < ?");
		snprintf(sql + n, size - (size_t)n, " ORDER BY f.rowid DESC LIMIT ?");
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
	       (f->customer_id ? L_CUSTOMER : 0) | (f->since_ms ? L_SINCE : 0) |
	       (f->until_ms ? L_UNTIL : 0) | (with_cursor && f->has_cursor ? L_CURSOR : 0) |
	       (f->fts ? L_SEARCH : 0) | (f->team_id ? L_TEAM : 0) | (f->teams_of ? L_TEAMS : 0);
}

/* The cached statement of a combination, prepared on first use. */
static sqlite3_stmt *list_stmt(struct store_conn *c, unsigned mask, int queue, int sort,
			       int read, struct kesu_err *err)
{
	uint32_t key = mask | (uint32_t)queue << L_BITS | (uint32_t)sort << (L_BITS + 4) |
		       (uint32_t)read << (L_BITS + 6);
	unsigned slot = (key * 2654435761u) >> 25; /* 7 bits: LIST_SLOTS */
	if (c->lists[slot].st && c->lists[slot].key != key) {
		sqlite3_finalize(c->lists[slot].st);
		c->lists[slot].st = NULL;
	}
	char sql[2048] = "";
	if (!c->lists[slot].st) {
		list_sql(mask, queue, sort, read, sql, sizeof sql);
		c->lists[slot].key = key;
	}
	return conn_prepare(c, &c->lists[slot].st, sql, err);
}

/* Binds the filter's values in the order list_sql wrote their conditions;
 * returns the next parameter's index. */
static int bind_filter(sqlite3_stmt *st, const struct complaint_filter *f)
{
	int i = 1;
	if (f->fts)
		bind_text(st, i++, f->fts);
	if (f->status)
		bind_text(st, i++, f->status);
	if (f->channel)
		bind_text(st, i++, f->channel);
	if (f->severity)
		bind_text(st, i++, f->severity);
	if (f->category)
		bind_text(st, i++, f->category);
	if (f->customer_id)
		sqlite3_bind_int64(st, i++, f->customer_id);
	if (f->since_ms)
		sqlite3_bind_int64(st, i++, f->since_ms);
	if (f->until_ms)
		sqlite3_bind_int64(st, i++, f->until_ms);
	if (f->team_id)
		sqlite3_bind_int64(st, i++, f->team_id);
	if (f->teams_of)
		sqlite3_bind_int64(st, i++, f->teams_of);
	if (queue_sql[f->queue].bind == B_USER)
		sqlite3_bind_int64(st, i++, f->user_id);
	else if (queue_sql[f->queue].bind == B_NOW)
		sqlite3_bind_int64(st, i++, f->now_ms);
	return i;
}

/* Reads up to limit rows (one more tells whether another page exists)
 * into items from *n on. */
static int list_read(struct store_conn *c, const struct complaint_filter *f, int read,
		     int with_cursor, int limit, struct arena *a, struct complaint *items, int *n,
		     int *more, struct kesu_err *err)
{
	unsigned mask = filter_mask(f, with_cursor);
	sqlite3_stmt *st = list_stmt(c, mask, f->queue, f->fts ? SORT_NEWEST : f->sort, read, err);
	if (!st)
		return -err->code;
	int i = bind_filter(st, f);
	if (mask & L_CURSOR) {
		if (f->fts) {
			sqlite3_bind_int64(st, i++, f->cursor_id);
		} else {
			int64_t x = f->sort == SORT_DUE && read != READ_REST ? f->cursor_due
									       : f->cursor_created;
			sqlite3_bind_int64(st, i++, x);
			sqlite3_bind_int64(st, i++, x);
			sqlite3_bind_int64(st, i++, f->cursor_id);
		}
	}
	sqlite3_bind_int(st, i, limit + 1);
	int rc, got = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (got == limit) {
			*more = 1;
			break;
		}
		struct complaint *cp = &items[(*n)++];
		read_complaint(st, a, cp);
		cp->due_at = sqlite3_column_int64(st, FIXED_COLS + CF__COUNT + 2);
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
	sqlite3_stmt *st = list_stmt(c, filter_mask(f, 0), f->queue, SORT_NEWEST, READ_COUNT, err);
	if (!st)
		return -err->code;
	int i = bind_filter(st, f);
	sqlite3_bind_int(st, i, cap + 1);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*n = sqlite3_column_int(st, 0);
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

/* --- Timeline ------------------------------------------------------------ */

int store_event_list(struct store_conn *c, int64_t complaint_id, int64_t after_id,
		     int limit, struct arena *a, struct event **items, int *n,
		     struct kesu_err *err)
{
	sqlite3_stmt *st = conn_stmt(
		c, S_EVENT_LIST,
		"SELECT id, complaint_id, at, actor, kind, data FROM events"
		" WHERE complaint_id = ? AND id > ? ORDER BY id LIMIT ?",
		err);
	if (!st)
		return -err->code;
	sqlite3_bind_int64(st, 1, complaint_id);
	sqlite3_bind_int64(st, 2, after_id);
	sqlite3_bind_int(st, 3, limit);
	*items = arena_alloc(a, sizeof **items * (size_t)limit);
	*n = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct event *e = &(*items)[(*n)++];
		e->id = sqlite3_column_int64(st, 0);
		e->complaint_id = sqlite3_column_int64(st, 1);
		e->at = sqlite3_column_int64(st, 2);
		e->actor = col_text(st, 3, a);
		e->kind = col_text(st, 4, a);
		e->data = col_text(st, 5, a);
	}
	stmt_done(st);
	return rc == SQLITE_DONE ? 0 : sql_fail(c, rc, "event list", err);
}

/* --- Idempotency --------------------------------------------------------- */

int store_idem_get(struct store_conn *c, const char *principal, const char *key,
		   unsigned char hash[32], int64_t *complaint_id, struct kesu_err *err)
{
	sqlite3_stmt *st = conn_stmt(
		c, S_IDEM_GET,
		"SELECT request_hash, complaint_id FROM idempotency_keys"
		" WHERE principal = ? AND key = ?",
		err);
	if (!st)
		return -err->code;
	bind_text(st, 1, principal);
	bind_text(st, 2, key);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		if (sqlite3_column_bytes(st, 0) == 32)
			memcpy(hash, sqlite3_column_blob(st, 0), 32);
		*complaint_id = sqlite3_column_int64(st, 1);
	}
	stmt_done(st);
	if (rc == SQLITE_ROW)
		return 0;
	if (rc == SQLITE_DONE)
		return kesu_fail(err, KE_NOT_FOUND, "", "new key");
	return sql_fail(c, rc, "idempotency get", err);
}

int store_idem_put(struct store_conn *c, const char *principal, const char *key,
		   const unsigned char hash[32], int64_t complaint_id, int64_t now_ms,
		   struct kesu_err *err)
{
	sqlite3_stmt *st = conn_stmt(
		c, S_IDEM_PUT,
		"INSERT INTO idempotency_keys(principal, key, request_hash,"
		" complaint_id, created_at) VALUES (?, ?, ?, ?, ?)",
		err);
	if (!st)
		return -err->code;
	bind_text(st, 1, principal);
	bind_text(st, 2, key);
	sqlite3_bind_blob(st, 3, hash, 32, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, complaint_id);
	sqlite3_bind_int64(st, 5, now_ms);
	int rc = sqlite3_step(st);
	stmt_done(st);
	return rc == SQLITE_DONE ? 0 : sql_fail(c, rc, "idempotency put", err);
}
