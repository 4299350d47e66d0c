/*
 * sqlite_int.h - what the SQLite store's files share: the connection with
 * its statement cache, the store itself, and error mapping.
 */
#ifndef KESU_SQLITE_INT_H
#define KESU_SQLITE_INT_H

#include <pthread.h>
#include <sqlite3.h>

#include "store.h"

/* Every cached statement has a slot. */
enum stmt_slot {
	S_BEGIN, S_COMMIT, S_ROLLBACK, S_SAVEPOINT, S_RELEASE, S_ROLLBACK_TO,
	S_META_GET, S_META_SET, S_PING,
	S_TOKEN_INSERT, S_TOKEN_LOOKUP, S_TOKEN_COUNT, S_TOKEN_LIST_USER, S_TOKEN_LIST_ALL,
	S_TOKEN_GET, S_TOKEN_REVOKE, S_TOKEN_ADOPT,
	S_USER_INSERT, S_USER_BY_ID, S_USER_BY_NAME, S_USER_LIST, S_USER_COUNT, S_USER_UPDATE,
	S_USER_TEAMS, S_USER_TEAMS_CLEAR, S_USER_TEAM_ADD, S_USER_PASSWORD, S_USER_LOGIN_OK,
	S_USER_LOGIN_FAIL, S_USER_UNLOCK, S_USER_TOTP,
	S_TEAM_INSERT, S_TEAM_BY_ID, S_TEAM_BY_NAME, S_TEAM_LIST, S_TEAM_RENAME,
	S_ROLE_GET, S_ROLE_PUT,
	S_SESSION_INSERT, S_SESSION_LOOKUP, S_SESSION_TOUCH, S_SESSION_STAGE,
	S_SESSION_REVOKE, S_SESSION_REVOKE_USER,
	S_SEC_LAST, S_SEC_INSERT, S_SEC_LIST, S_SEC_LIST_KIND, S_EVENT_LAST,
	S_CLOCK_PUT, S_CLOCKS_OF, S_CLOCKS_NEXT, S_OUTBOX_PUT, S_OUTBOX_ALL, S_OUTBOX_OF,
	S_COMP_INSERT, S_COMP_GET, S_COMP_BY_KEY, S_COMP_DECIDE, S_COMP_LIST, S_COMP_TOTALS,
	S_DEPT_INSERT, S_DEPT_UPDATE, S_DEPT_GET, S_DEPT_LIST, S_TASK_INSERT, S_TASK_GET,
	S_TASK_ANSWER, S_TASKS_OF, S_TASKS_OVERDUE, S_TASK_OVERDUE, S_CALLBACK_INSERT,
	S_CALLBACKS_OF, S_CUSTOMER_KEY, S_CUSTOMER_SINCE,
	S_TRACKING_NEXT,
	S_COMPLAINT_INSERT, S_COMPLAINT_BY_ID, S_COMPLAINT_BY_TRACKING,
	S_COMPLAINT_UPDATE, S_COMPLAINT_COUNT, S_FTS_INSERT, S_FTS_DELETE,
	S_FTS_INSERT_RANGE,
	S_EVENT_INSERT, S_EVENT_LIST,
	S_IDEM_GET, S_IDEM_PUT,
	S_CUSTOMER_BY_PHONE, S_CUSTOMER_BY_EMAIL, S_CUSTOMER_INSERT,
	S_CUSTOMER_FILL, S_CUSTOMER_BY_ID, S_CUSTOMER_SEEN_BY,
	S_OUTBOX_PENDING, S_OUTBOX_GET, S_OUTBOX_STATE, S_OUTBOX_ALL_INTERNAL,
	S_DLV_INSERT, S_DLV_DUE, S_DLV_CLAIM, S_DLV_FINISH, S_DLV_RECOVER, S_DLV_GET,
	S_DLV_REQUEUE,
	S_HOOK_INSERT, S_HOOK_UPDATE, S_HOOK_SECRET, S_HOOK_DELETE, S_HOOK_GET, S_HOOK_LIST,
	S_TPL_GET, S_TPL_PUT, S_TPL_DELETE, S_TPL_LIST,
	S_SECRET_PUT, S_SECRET_GET, S_SECRET_DELETE, S_SECRET_NAMES,
	S_MAIL_INSERT, S_MAIL_BY_HASH, S_MAIL_GET, S_MAIL_GET_RAW, S_MAIL_SET,
	S_ATT_INSERT, S_ATT_GET, S_ATT_GET_DATA, S_ATTS_OF, S_ATT_TOTALS,
	S_DASH_OPEN, S_DASH_BREACHED, S_DASH_LATE, S_DASH_PENDING, S_DASH_SATISFACTION,
	S_SCRIPT_LIST, S_SCRIPT_GET, S_SCRIPT_INSERT, S_SCRIPT_UPDATE, S_SCRIPT_DELETE,
	S_SCRIPT_COUNT, S_GUIDE_OF, S_GUIDE_DONE, S_GUIDE_UNDONE,
	S_KB_LIST, S_KB_SEARCH, S_KB_GET, S_KB_INSERT, S_KB_UPDATE, S_KB_DELETE,
	S_PLAN_INSERT, S_PLAN_GET, S_PLAN_ANSWER, S_PLAN_SUPERSEDE, S_PLANS_OF,
	S_APPT_INSERT, S_APPT_GET, S_APPT_UPDATE, S_APPTS_OF, S_APPTS_DUE,
	S_IDENTITY_PUT, S_IDENTITY_GET, S_APOLOGY_INSERT, S_APOLOGIES_OF,
	S_CUSTOMER_GRANTED, S_CUSTOMER_TYPE, S_CAUSE_USES, S_ODR_LIST,
	S__COUNT
};

/* Complaint lists have a statement per combination of filters, queue and
 * sort, too many to hold each: a small cache keyed by the combination. */
#define LIST_SLOTS 128
#define CUSTOMER_LIST_VARIANTS 8
#define DELIVERY_LIST_VARIANTS 32
#define MAIL_LIST_VARIANTS 16

struct store_conn {
	sqlite3 *db;
	struct store *store;
	int writer;
	sqlite3_stmt *stmts[S__COUNT];
	struct {
		uint32_t key;
		sqlite3_stmt *st;
	} lists[LIST_SLOTS];
	sqlite3_stmt *customer_lists[CUSTOMER_LIST_VARIANTS];
	sqlite3_stmt *delivery_lists[DELIVERY_LIST_VARIANTS];
	sqlite3_stmt *mail_lists[MAIL_LIST_VARIANTS];
	struct store_conn *next_free;
	struct store_conn *next_all;
	/* Complaints inserted in this transaction and not yet in the search
	 * index: ids fts_lo..fts_hi (none if fts_hi is 0). See fts_flush(). */
	int64_t fts_lo, fts_hi;
	/* set by writes the sender should hear of (new notices); the writer
	 * calls the store's commit hook once they are durable */
	int notify;
};

struct writer;

struct store {
	char *dir;
	char *db_path;
	struct store_conn *writer;
	pthread_mutex_t pool_mu;
	struct store_conn *free_readers;
	struct store_conn *all_readers;
	unsigned char secret[SECRET_KEY_LEN];
	int schema_version;
	int migrations_applied;
	int lock_fd;
	struct writer *w;
	void (*commit_hook)(void *arg);
	void *commit_arg;
};

enum conn_kind { CONN_WRITER, CONN_READER };
/* Opens a connection to the store's database, set up for its kind. NULL
 * with err filled on failure. */
struct store_conn *conn_open(struct store *s, enum conn_kind kind, int create,
			     struct kesu_err *err);
void conn_close(struct store_conn *c);

/* The statement of a slot, prepared on first use and reset on release. NULL
 * with err filled if it cannot be prepared. */
sqlite3_stmt *conn_stmt(struct store_conn *c, enum stmt_slot slot, const char *sql,
			struct kesu_err *err);
/* Prepares sql into *cache if it is not there yet. */
sqlite3_stmt *conn_prepare(struct store_conn *c, sqlite3_stmt **cache,
			   const char *sql, struct kesu_err *err);
/* Resets and clears the bindings of a statement after use. */
void stmt_done(sqlite3_stmt *st);

/* Maps a failing SQLite result code to a kesu code: busy, locked, full disk
 * and I/O errors to KE_UNAVAILABLE (retry later), constraint violations to
 * KE_CONFLICT, anything else to KE_INTERNAL. Logs the SQLite message. */
int sql_fail(struct store_conn *c, int rc, const char *what, struct kesu_err *err);

/* Binds text or NULL. */
void bind_text(sqlite3_stmt *st, int i, const char *s);
/* Binds an integer, or NULL for 0 (none). */
void bind_opt(sqlite3_stmt *st, int i, int64_t v);
/* Steps a statement that returns no row; 0 or the mapped error. */
int step_done(struct store_conn *c, sqlite3_stmt *st, const char *what, struct kesu_err *err);
/* A column's text copied into a, or NULL. */
const char *col_text(sqlite3_stmt *st, int i, struct arena *a);

/* Transaction helpers on the writer connection. */
int conn_exec_slot(struct store_conn *c, enum stmt_slot slot, const char *sql,
		   struct kesu_err *err);
int conn_in_transaction(struct store_conn *c);

/* Indexes the complaints inserted since the last flush, in one statement.
 * FTS5 writes its pending terms out as a new segment whenever a statement
 * opens a savepoint, so indexing complaint by complaint would make one
 * segment per complaint; the writer calls this once per batch, before
 * COMMIT. Returns 0 or a negative code. */
int fts_flush(struct store_conn *c, struct kesu_err *err);
/* Forgets pending index work (the transaction was rolled back). */
void fts_forget(struct store_conn *c);

/* Registers the kesu FTS5 tokenizer on a connection. Returns SQLite rc. */
int fts_register(sqlite3 *db);

int exec_plain(struct store_conn *c, const char *sql, struct kesu_err *err);

/* The outbox's columns, and one row of them read into o (strings in a). */
#define OUTBOX_COLS \
	"id, complaint_id, created_at, audience, kind, channel, recipient, language, data, state"
void outbox_read_row(sqlite3_stmt *st, struct arena *a, struct outbox_item *o);

/* The meta table (key -> text). get returns 0, or -1 if the key is not set. */
int meta_get(struct store_conn *c, const char *key, char *buf, size_t size);
int meta_set(struct store_conn *c, const char *key, const char *value,
	     struct kesu_err *err);

/* Seals the timeline's records made before hash chains existed, in id
 * order, on the writer (store_open). */
int chain_backfill(struct store_conn *c, struct kesu_err *err);

/* Group commit (writer.c). */
void writer_stop(struct store *s);

#endif
