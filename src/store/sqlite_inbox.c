/*
 * sqlite_inbox.c - the staff's inbox: the workspace notices of the outbox
 * as addressed to one user, and what that user has read of them.
 */
#include "sqlite_int.h"

/* The ids above lo (an SQL expression) of the notices addressed to user
 * ?1 of role ?2, every team when ?3. The workflow writes the recipient as "user:5", "role:supervisor;
 * team:3", "role:agent;team:3", "team:3;assignee", "team:3" (notice.c).
 * Each branch is a range of the index on (recipient, id) or, for the
 * assignee, the outbox of the open complaints assigned to the user (CROSS
 * JOIN: from those complaints, by their index, never from every notice),
 * so that a reading costs the user's own notices, not everyone's. A
 * notice to the assignee of a closed complaint has nothing left to do. */
#define WS " audience = 'staff' AND channel = 'workspace' "
#define MINE_IDS_ABOVE(lo)                                                                   \
	"SELECT id FROM outbox WHERE" WS "AND recipient = 'user:' || ?1 AND id > " lo           \
	" UNION SELECT o.id FROM complaints cp CROSS JOIN outbox o ON o.complaint_id = cp.id"  \
	"  WHERE cp.assignee_id = ?1 AND cp.assignee_id IS NOT NULL AND cp.status <> 'closed'"  \
	"  AND o.audience = 'staff' AND o.channel = 'workspace'"                               \
	"  AND o.recipient LIKE '%assignee' AND o.id > " lo                                    \
	" UNION SELECT id FROM outbox WHERE" WS                                                \
	"  AND recipient IN ('role:' || ?2, 'role:' || ?2 || ';assignee') AND id > " lo        \
	" UNION SELECT id FROM outbox WHERE" WS "AND ?3 AND id > " lo                          \
	"  AND recipient >= 'role:' || ?2 || ';team:' AND recipient < 'role:' || ?2 || ';team;'" \
	" UNION SELECT id FROM outbox WHERE" WS "AND id > " lo " AND recipient IN"              \
	"  (SELECT 'role:' || ?2 || ';team:' || team_id FROM team_members WHERE user_id = ?1"   \
	"   UNION ALL SELECT 'role:' || ?2 || ';team:' || team_id || ';assignee'"              \
	"   FROM team_members WHERE user_id = ?1"                                              \
	"   UNION ALL SELECT 'team:' || team_id FROM team_members WHERE user_id = ?1)"
#define MINE " o.id IN (" MINE_IDS_ABOVE("0") ")"
/* The line of "mark all read": what is below it is read, and the unread
 * count reads only what came after it. */
#define SEEN "coalesce((SELECT read_upto FROM inbox_seen WHERE user_id = ?1), 0)"
#define IS_READ                                                                           \
	"(o.id <= " SEEN                                                                  \
	" OR EXISTS (SELECT 1 FROM inbox_read r WHERE r.user_id = ?1 AND r.outbox_id = o.id))"

static void bind_who(struct sql_stmt *st, const struct inbox_who *w)
{
	sql_bind_int64(st, 1, w->user_id);
	bind_text(st, 2, w->role);
	sql_bind_int(st, 3, w->all_teams ? 1 : 0);
}

static void read_item(struct sql_stmt *st, struct arena *a, void *out)
{
	struct inbox_item *i = out;
	i->id = sql_column_int64(st, 0);
	i->complaint_id = sql_column_int64(st, 1);
	i->created_at = sql_column_int64(st, 2);
	i->kind = col_text(st, 3, a);
	i->tracking_no = col_text(st, 4, a);
	i->data = col_text(st, 5, a);
	i->read = sql_column_int(st, 6);
}

int store_inbox_list(struct store_conn *c, const struct inbox_who *w, int64_t before_id,
		     int unread_only, int limit, struct arena *a, struct inbox_item **items,
		     int *n, struct kesu_err *err)
{
	struct sql_stmt *st = conn_stmt(
		c, S_INBOX_LIST,
		"SELECT o.id, o.complaint_id, o.created_at, o.kind, cp.tracking_no, o.data, " IS_READ
		" AS seen FROM outbox o LEFT JOIN complaints cp ON cp.id = o.complaint_id"
		" WHERE (?4 = 0 OR o.id < ?4) AND " MINE " AND (?5 = 0 OR NOT " IS_READ ")"
		" ORDER BY o.id DESC LIMIT ?6",
		err);
	if (!st)
		return -err->code;
	bind_who(st, w);
	sql_bind_int64(st, 4, before_id);
	sql_bind_int(st, 5, unread_only ? 1 : 0);
	sql_bind_int(st, 6, limit);
	*items = load_all(c, st, read_item, sizeof **items, limit, a, n, err);
	return *items ? 0 : -err->code;
}

int store_inbox_unread(struct store_conn *c, const struct inbox_who *w, int64_t *n,
		       struct kesu_err *err)
{
	struct sql_stmt *st = conn_stmt(c, S_INBOX_UNREAD,
				     "SELECT count(*) FROM outbox o"
				     " WHERE o.id IN (" MINE_IDS_ABOVE(SEEN) ") AND NOT " IS_READ,
				     err);
	if (!st)
		return -err->code;
	bind_who(st, w);
	return step_int64(c, st, n, "inbox unread", err);
}

int store_inbox_read(struct store_conn *c, const struct inbox_who *w, int64_t id,
		     struct kesu_err *err)
{
	struct sql_stmt *st = conn_stmt(c, S_INBOX_MINE,
				     "SELECT count(*) FROM outbox o"
				     " LEFT JOIN complaints cp ON cp.id = o.complaint_id"
				     " WHERE o.id = ?4 AND " MINE,
				     err);
	if (!st)
		return -err->code;
	bind_who(st, w);
	sql_bind_int64(st, 4, id);
	int64_t mine = 0;
	int rc = step_int64(c, st, &mine, "inbox item", err);
	if (rc)
		return rc;
	if (!mine)
		return kesu_fail(err, KE_NOT_FOUND, "", "no inbox item %lld", (long long)id);
	st = conn_stmt(c, S_INBOX_READ,
		       "INSERT OR IGNORE INTO inbox_read(user_id, outbox_id) VALUES (?, ?)", err);
	if (!st)
		return -err->code;
	sql_bind_int64(st, 1, w->user_id);
	sql_bind_int64(st, 2, id);
	return step_done(c, st, "inbox read", err);
}

int store_inbox_read_all(struct store_conn *c, const struct inbox_who *w, int64_t *upto,
			 struct kesu_err *err)
{
	struct sql_stmt *st = conn_stmt(
		c, S_INBOX_SEEN,
		"INSERT INTO inbox_seen(user_id, read_upto)"
		" VALUES (?1, (SELECT coalesce(max(id), 0) FROM outbox))"
		" ON CONFLICT(user_id) DO UPDATE SET read_upto = max(inbox_seen.read_upto, excluded.read_upto)"
		" RETURNING read_upto",
		err);
	if (!st)
		return -err->code;
	sql_bind_int64(st, 1, w->user_id);
	int rc = step_int64(c, st, upto, "inbox read all", err);
	if (rc)
		return rc;
	/* the single marks under the line say nothing more */
	st = conn_stmt(c, S_INBOX_SEEN_PRUNE,
		       "DELETE FROM inbox_read WHERE user_id = ? AND outbox_id <= ?", err);
	if (!st)
		return -err->code;
	sql_bind_int64(st, 1, w->user_id);
	sql_bind_int64(st, 2, *upto);
	return step_done(c, st, "inbox read all", err);
}
