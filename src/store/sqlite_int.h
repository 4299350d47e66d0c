/*
 * sqlite_int.h - what the SQLite store's files share: the connection with
 * its statement cache, the store itself, error mapping, the helpers that
 * bind, step and read statements, and the few functions one file offers
 * another (the complaint row, the hash chains, the search index).
 *
 * One file a noun: sqlite.c (connections, statements, transactions),
 * sqlite_open.c (the data directory, migrations), sqlite_writer.c (group
 * commit), then a file for each kind of record, named for it.
 */
#ifndef KESU_SQLITE_INT_H
#define KESU_SQLITE_INT_H

#include <limits.h>
#include <pthread.h>
#include <sqlite3.h>

#include "sql.h"
#include "store.h"

/* Every cached statement has a slot, grouped by the file that uses it. */
enum stmt_slot {
	/* sqlite.c, sqlite_writer.c, sqlite_settings.c */
	S_BEGIN, S_COMMIT, S_ROLLBACK, S_SAVEPOINT, S_RELEASE, S_ROLLBACK_TO, S_PING,
	S_META_GET, S_META_SET,
	/* sqlite_complaints.c */
	S_TRACKING_NEXT, S_COMPLAINT_INSERT, S_COMPLAINT_BY_ID, S_COMPLAINT_BY_TRACKING,
	S_COMPLAINT_UPDATE, S_COMPLAINT_COUNT, S_CAUSE_USES, S_SECOND_EARLIER, S_SECOND_LATER, S_MERGED_INTO, S_FTS_INSERT, S_FTS_DELETE, S_FTS_TOP,
	S_FTS_INSERT_RANGE, S_FTS_BEHIND, S_IDEM_GET, S_IDEM_PUT,
	/* sqlite_customers.c */
	S_CUSTOMER_BY_PHONE, S_CUSTOMER_BY_EMAIL, S_CUSTOMER_INSERT, S_CUSTOMER_FILL,
	S_CUSTOMER_BY_ID, S_CUSTOMER_SEEN_BY, S_CUSTOMER_SINCE, S_CUSTOMER_KEY, S_CUSTOMER_TYPE,
	S_CUSTOMER_GRANTED, S_CUSTOMER_COUNT,
	/* sqlite_events.c, sqlite_audit.c */
	S_EVENT_LAST, S_EVENT_INSERT, S_EVENT_LIST, S_EVENT_EXISTS, S_EVENT_PROGRESS,
	S_EVENT_FEED, S_EVENT_MAX, S_EVENT_JOINED,
	S_SEC_LAST, S_SEC_INSERT, S_SEC_LIST, S_SEC_LIST_KIND,
	/* sqlite_clocks.c, sqlite_outbox.c */
	S_CLOCK_PUT, S_CLOCKS_OF, S_CLOCKS_NEXT,
	S_OUTBOX_PUT, S_OUTBOX_ADD, S_OUTBOX_ALL, S_OUTBOX_OF, S_OUTBOX_PENDING, S_OUTBOX_GET, S_OUTBOX_STATE,
	S_OUTBOX_ALL_INTERNAL,
	/* sqlite_inbox.c */
	S_INBOX_LIST, S_INBOX_UNREAD, S_INBOX_MINE, S_INBOX_READ, S_INBOX_SEEN, S_INBOX_SEEN_PRUNE,
	/* sqlite_compensations.c, sqlite_plans.c, sqlite_demand.c,
	 * sqlite_appointments.c, sqlite_identity.c, sqlite_apologies.c */
	S_COMP_INSERT, S_COMP_GET, S_COMP_BY_KEY, S_COMP_DECIDE, S_COMP_LIST, S_COMP_TOTALS,
	S_COMP_COMMITTED,
	S_PLAN_INSERT, S_PLAN_GET, S_PLAN_ANSWER, S_PLAN_SUPERSEDE, S_PLANS_OF,
	S_DEMAND_INSERT, S_DEMAND_GET, S_DEMAND_ANSWER, S_DEMAND_SUPERSEDE, S_DEMANDS_OF,
	S_APPT_INSERT, S_APPT_GET, S_APPT_UPDATE, S_APPTS_OF, S_APPTS_DUE,
	S_IDENTITY_PUT, S_IDENTITY_GET, S_APOLOGY_INSERT, S_APOLOGIES_OF,
	/* sqlite_departments.c, sqlite_tasks.c, sqlite_callbacks.c */
	S_DEPT_INSERT, S_DEPT_UPDATE, S_DEPT_GET, S_DEPT_LIST,
	S_TASK_INSERT, S_TASK_GET, S_TASK_ANSWER, S_TASKS_OF, S_TASKS_OVERDUE, S_TASK_OVERDUE,
	S_CALLBACK_INSERT, S_CALLBACKS_OF, S_ROUND_CALLBACKS, S_RESOLVED_AT,
	/* sqlite_visits.c */
	S_VISIT_INSERT, S_VISIT_GET, S_VISIT_UPDATE, S_VISITS_LIST, S_VISITS_OPEN,
	S_VISITS_OF_CUSTOMER, S_VISITS_COUNT, S_VISITS_DUE,
	S_VISITS_PLANNED, S_TEAM_SUPERVISOR,
	/* sqlite_users.c, sqlite_teams.c, sqlite_tokens.c, sqlite_sessions.c */
	S_USER_INSERT, S_USER_BY_ID, S_USER_BY_NAME, S_USER_LIST, S_USER_COUNT, S_USER_UPDATE,
	S_USER_TEAMS, S_USER_TEAMS_CLEAR, S_USER_TEAM_ADD, S_USER_PASSWORD, S_USER_LOGIN_OK,
	S_USER_UNLOCK, S_USER_TOTP, S_ROLE_GET, S_ROLE_PUT,
	S_TEAM_INSERT, S_TEAM_BY_ID, S_TEAM_BY_NAME, S_TEAM_LIST, S_TEAM_RENAME,
	S_TEAM_SET_RULE, S_TEAM_SET_LAST, S_USER_SET_DUTY, S_USER_SKILLS, S_USER_SKILLS_CLEAR,
	S_USER_SKILL_ADD, S_ASSIGN_CANDIDATES,
	S_TOKEN_INSERT, S_TOKEN_LOOKUP, S_TOKEN_COUNT, S_TOKEN_LIST_USER, S_TOKEN_LIST_ALL,
	S_TOKEN_GET, S_TOKEN_REVOKE, S_TOKEN_REVOKE_USER, S_TOKEN_ADOPT,
	S_SESSION_INSERT, S_SESSION_LOOKUP, S_SESSION_TOUCH, S_SESSION_STAGE,
	S_SESSION_REVOKE, S_SESSION_REVOKE_USER, S_SESSION_KNOWN_ADDRESS,
	/* sqlite_deliveries.c, sqlite_webhooks.c, sqlite_templates.c,
	 * sqlite_secrets.c, sqlite_mails.c, sqlite_attachments.c */
	S_DLV_INSERT, S_DLV_DUE, S_DLV_CLAIM, S_DLV_FINISH, S_DLV_RECOVER, S_DLV_GET,
	S_DLV_REQUEUE,
	S_HOOK_INSERT, S_HOOK_UPDATE, S_HOOK_SECRET, S_HOOK_DELETE, S_HOOK_GET, S_HOOK_LIST,
	S_TPL_GET, S_TPL_PUT, S_TPL_DELETE, S_TPL_LIST,
	S_SECRET_PUT, S_SECRET_GET, S_SECRET_DELETE, S_SECRET_NAMES,
	S_MAIL_INSERT, S_MAIL_BY_HASH, S_MAIL_GET, S_MAIL_GET_RAW, S_MAIL_SET,
	S_ATT_INSERT, S_ATT_GET, S_ATT_GET_DATA, S_ATTS_OF, S_ATT_TOTALS,
	/* sqlite_dashboard.c, sqlite_reports.c, sqlite_knowledge.c */
	S_DASH_OPEN, S_DASH_BREACHED, S_DASH_LATE, S_DASH_PENDING, S_DASH_SATISFACTION,
	S_ODR_LIST, S_REPORT_GET, S_REPORT_GET_DATA,
	S_SCRIPT_LIST, S_SCRIPT_GET, S_SCRIPT_INSERT, S_SCRIPT_UPDATE, S_SCRIPT_DELETE,
	S_SCRIPT_COUNT, S_GUIDE_OF, S_GUIDE_DONE, S_GUIDE_UNDONE,
	S_KB_LIST, S_KB_SEARCH, S_KB_GET, S_KB_INSERT, S_KB_UPDATE, S_KB_DELETE,
	/* sqlite_saved_views.c */
	S_VIEW_INSERT, S_VIEW_GET, S_VIEW_LIST, S_VIEW_UPDATE, S_VIEW_DELETE, S_VIEW_COUNT,
	/* sqlite_reviews.c */
	S_REVIEW_INSERT, S_REVIEW_BY_DEDUPE, S_REVIEW_GET, S_REVIEW_UPDATE, S_REVIEWS_LIST,
	S_REVIEWS_GROUP_LIST,
	S_REVIEWS_DUE_LIST, S_REVIEWS_GROUP_COUNT, S_REVIEWS_NEXT, S_REVIEW_CONTACT_INSERT,
	S_REVIEW_CONTACTS, S_REVIEW_EVENT_INSERT, S_REVIEW_EVENTS, S_REVIEW_TALLIES,
	S_REVIEW_WAITS, S_REVIEW_CAUSES, S_ORDER_COUNT_PUT, S_ORDER_COUNT_SUM,
	/* sqlite_incidents.c */
	S_INC_INSERT, S_INC_GET, S_INC_UPDATE, S_INC_LIST, S_INC_LIST_STATE, S_INC_LIVE,
	S_INC_LINK_OF, S_INC_LINK, S_INC_UNLINK, S_INC_IDS, S_INC_COMPLAINTS, S_INC_TALLY,
	S_INC_TALLY_RATED, S_INC_EVENT, S_INC_EVENTS, S_INC_SAMPLE_ADD, S_INC_SAMPLES,
	S_SKETCH_PUT, S_SKETCH_AFTER, S_SKETCH_FREE, S_SKETCH_BY_OBJECT, S_SKETCH_DISMISS,
	S_SKETCH_PRUNE, S_INC_CHANGES,
	S_NOTICE_INSERT, S_NOTICE_GET, S_NOTICE_OF, S_NOTICE_UPDATE, S_NOTICE_LIST,
	S_NOTICE_READ, S_NOTICE_READ_OF, S_NOTICE_READERS, S_NOTICE_SCRIPTS_DEL,
	S_IMSG_INSERT, S_IMSG_DONE, S_IMSG_BY_KEY, S_IMSG_LIST,
	S_REMEDY_INSERT, S_REMEDY_GET, S_REMEDY_BY_KEY, S_REMEDY_UPDATE, S_REMEDY_LIST,
	S_REMEDY_GRANTED_TO, S_INC_FIGURES,
	S_READING_PUT, S_READING_ADD, S_READING_LATEST, S_READING_ACCEPT, S_LABELLED_AFTER, S_RECENT_TEXTS,
	/* improvement actions */
	S_ACT_INSERT, S_ACT_GET, S_ACT_UPDATE, S_ACT_LIST, S_ACT_LINK, S_ACT_COMPLAINTS, S_ACT_EVENT,
	S_ACT_EVENTS, S_ACT_OVERDUE, S_ACT_TO_JUDGE, S_ACT_RECUR, S_ACT_RECUR_OBJECT, S_ACT_TALLY,
	S_ACT_REPORT,
	/* lessons */
	S_LESSON_INSERT, S_LESSON_GET, S_LESSON_UPDATE, S_LESSON_LIST, S_LESSON_READERS, S_LESSON_READER_IS,
	S_LESSON_CONFIRM, S_LESSON_CONFIRMED_AT, S_LESSON_CONFIRMED_BY,
	/* prevention checklists */
	S_CKL_INSERT, S_CKL_GET, S_CKL_UPDATE, S_CKL_LIST, S_CKL_UNCHECKED, S_CKL_CHECKED,
	S_CKL_RUN_INSERT, S_CKL_RUN_GET, S_CKL_RUN_UPDATE, S_CKL_RUN_LIST_DONE, S_CKL_RUN_LIST_OPEN,
	S_CKL_RUN_OVERDUE, S_CKL_ANSWER_PUT, S_CKL_ANSWER_ACTION, S_CKL_ANSWERS, S_CKL_CAUSES,
	/* thank-you letters and goodwill (winning the customer back) */
	S_THANKS_CANDIDATES, S_THANKS_INSERT, S_THANKS_SENT, S_THANKS_OPT_OUT,
	/* imported orders and repurchase (win-back) */
	S_ORDER_PUT, S_ORDER_SUMMARY, S_ORDER_BETWEEN,
	/* PostgreSQL's search index (pg_search.c) */
	S_KB_SEARCH_PUT,
	/* the server's metrics (GET /metrics) */
	S_METRICS_READ,
	/* several nodes: leases, rate limit counts, presence (sqlite_nodes.c) */
	S_LEASE_TAKE, S_LEASE_RELEASE, S_LEASE_GET, S_RATE_ADD, S_RATE_PARTS, S_RATE_FORGET, S_RATE_FORGET_GRP, S_RATE_PRUNE,
	S_PRES_EXPIRE_NOTE, S_PRES_EXPIRE, S_PRES_GET, S_PRES_COUNTS, S_PRES_OLDEST, S_PRES_PUT, S_PRES_DROP,
	S_PRES_CHANGE, S_PRES_LIST, S_PRES_CHANGES, S_PRES_CHANGE_MAX, S_PRES_PRUNE,
	S_GEN_BUMP, S_GEN_GET,
	S__COUNT
};

/* Complaint lists have a statement per combination of filters, queue and
 * sort, too many to hold each: a small cache keyed by the combination. */
#define LIST_SLOTS 128
#define CUSTOMER_LIST_VARIANTS 8
#define DELIVERY_LIST_VARIANTS 32
#define MAIL_LIST_VARIANTS 16

struct pg_conn;

struct store_conn {
	sqlite3 *db;	     /* SQLite's connection, or NULL */
	struct pg_conn *pg;  /* PostgreSQL's (pg.c), or NULL */
	struct store *store;
	int writer;
	struct sql_stmt *stmts[S__COUNT];
	struct {
		uint32_t key;
		struct sql_stmt *st;
	} lists[LIST_SLOTS];
	struct sql_stmt *customer_lists[CUSTOMER_LIST_VARIANTS];
	struct sql_stmt *delivery_lists[DELIVERY_LIST_VARIANTS];
	struct sql_stmt *mail_lists[MAIL_LIST_VARIANTS];
	struct store_conn *next_free;
	struct store_conn *next_all;
	/* Complaints this connection inserted that may not be in the search
	 * index yet, and when the first of them was (monotonic ms): when to
	 * index them is the writer's decision (fts_flush). */
	int fts_pending;
	int64_t fts_since;
	/* set by writes the sender should hear of (new notices); the writer
	 * calls the store's commit hook once they are durable */
	int notify;
	unsigned undos; /* store_undos */
	/* the hash chains' tails as this write transaction left them, valid
	 * while conn_write_epoch is unchanged: on PostgreSQL a round trip
	 * saved for each record after a transaction's first */
	struct {
		unsigned epoch;
		int64_t id;
		unsigned char hash[32];
	} tails[2];
	/* the default team as this write transaction read it (the same rule;
	 * meta_set forgets it) */
	unsigned team_epoch;
	int64_t default_team;
};

struct writer;

struct store {
	char *dir;
	char *db_path;
	/* the PostgreSQL database's address (postgresql://...), NULL for
	 * SQLite */
	char *pg_url;
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
struct sql_stmt *conn_stmt(struct store_conn *c, enum stmt_slot slot, const char *sql,
			struct kesu_err *err);
/* Prepares sql into *cache if it is not there yet. */
struct sql_stmt *conn_prepare(struct store_conn *c, struct sql_stmt **cache,
			   const char *sql, struct kesu_err *err);
/* Resets and clears the bindings of a statement after use. */
void stmt_done(struct sql_stmt *st);

/* Maps a failing SQLite result code to a kesu code: busy, locked, full disk
 * and I/O errors to KE_UNAVAILABLE (retry later), constraint violations to
 * KE_CONFLICT, anything else to KE_INTERNAL. Logs the SQLite message. */
int sql_fail(struct store_conn *c, int rc, const char *what, struct kesu_err *err);

/* Binds text or NULL. */
void bind_text(struct sql_stmt *st, int i, const char *s);
/* Binds an integer, or NULL for 0 (none). */
void bind_opt(struct sql_stmt *st, int i, int64_t v);
/* Steps a statement that returns no row; 0 or the mapped error. */
int step_done(struct store_conn *c, struct sql_stmt *st, const char *what, struct kesu_err *err);
/* step_done for a write whose failure may be told later (sql_step_later):
 * no count of changes, no error the caller tells apart. */
int step_later(struct store_conn *c, struct sql_stmt *st, const char *what, struct kesu_err *err);
/* Steps an UPDATE or DELETE of one row: KE_NOT_FOUND ("no such <what>")
 * when none changed. */
int step_one(struct store_conn *c, struct sql_stmt *st, const char *what, struct kesu_err *err);
/* Steps a statement that returns one row whose first column is an integer
 * (an INSERT ... RETURNING id, a count): the integer into *v. */
int step_int64(struct store_conn *c, struct sql_stmt *st, int64_t *v, const char *what,
	       struct kesu_err *err);
/* A column's text copied into a, or NULL. */
const char *col_text(struct sql_stmt *st, int i, struct arena *a);
/* A column's bytes copied into a (NUL-terminated), their length in *len;
 * NULL for SQL NULL. */
const void *col_blob(struct sql_stmt *st, int i, struct arena *a, int *len);
/* A column's text into buf ("" for NULL), cut to size. */
void col_copy(struct sql_stmt *st, int i, char *buf, size_t size);

/* Reads the current row of st into out (a record of the caller's), its
 * strings copied into a. */
typedef void row_reader(struct sql_stmt *st, struct arena *a, void *out);
/* Steps st, bound by the caller, for one row, read into out by read, and
 * resets it. Returns 0; KE_NOT_FOUND with the message missing if there is
 * no row (a format that may show id with %lld); or the mapped error. */
int load_row(struct store_conn *c, struct sql_stmt *st, row_reader *read, struct arena *a, void *out,
	     const char *missing, int64_t id, struct kesu_err *err);
/* A record by its id: the cached statement of slot (sql, whose one
 * parameter is the id) read as load_row does. */
int load_by_id(struct store_conn *c, enum stmt_slot slot, const char *sql, int64_t id,
	       row_reader *read, struct arena *a, void *out, const char *missing,
	       struct kesu_err *err);
/* Reads the rows of st, bound by the caller, up to max of them, into an
 * array of records of size bytes allocated in a, and resets st. Returns
 * the array with *n records, or NULL with err filled. */
void *load_all(struct store_conn *c, struct sql_stmt *st, row_reader *read, size_t size, int max,
	       struct arena *a, int *n, struct kesu_err *err);

/* Transaction helpers on the writer connection. */
int conn_exec_slot(struct store_conn *c, enum stmt_slot slot, const char *sql,
		   struct kesu_err *err);
int conn_in_transaction(struct store_conn *c);

/* Indexes every complaint above the highest one in the search index, in
 * one statement, inside the caller's transaction. Complaints are only
 * ever added above the rest, so what is missing is always at the top: the
 * statement is safe to repeat, after a crash too. FTS5 writes a segment
 * per statement, and merging segments is most of what indexing costs, so
 * the writer indexes many complaints at once when it can (sqlite_writer.c).
 * Returns 0 or a negative code. */
int fts_flush(struct store_conn *c, struct kesu_err *err);
/* Milliseconds of the monotonic clock: how long index work has waited. */
int64_t mono_ms(void);

/* Registers the kesu FTS5 tokenizer on a connection. Returns SQLite rc. */
int fts_register(sqlite3 *db);

int exec_plain(struct store_conn *c, const char *sql, struct kesu_err *err);

/* PostgreSQL's connections (pg.c): connects c to c->store->pg_url; closes
 * it; runs SQL text of one or more statements; whether a transaction is
 * open. */
int pg_open(struct store_conn *c, struct kesu_err *err);
void pg_close(struct store_conn *c);
int pg_exec(struct store_conn *c, const char *sql, struct kesu_err *err);
int pg_in_transaction(struct store_conn *c);

/* A node's directory for a PostgreSQL store (pg_open.c): the address in
 * DIR/store.conf (1 and *url malloc'd, 0 if there is none, or a negative
 * code); writing it; opening the store (migrations, the shared key,
 * the search index); checking it. */
int pg_conf_read(const char *dir, char **url, struct kesu_err *err);
int pg_conf_write(const char *dir, const char *url, struct kesu_err *err);
int pg_store_open(struct store *s, int create, int join, struct kesu_err *err);
int pg_store_check(struct store *s, int64_t *complaints, int64_t *events, struct kesu_err *err);

/* PostgreSQL's search index (pg_search.c): a document's tsvector and a
 * store_search_expr's tsquery, as text (malloc'd); writing (cp NULL:
 * removing) a complaint's and an article's document; rebuilding both. */
char *pg_search_doc(const char *const *cols, int ncols);
char *pg_search_query(const char *expr);
int pg_search_complaint(struct store_conn *c, int64_t id, const struct complaint *cp,
			struct kesu_err *err);
int pg_search_article(struct store_conn *c, int64_t id, const char *title, const char *body,
		      const char *category, struct kesu_err *err);
/* bulk: the index is dropped and built again at the end, which is far
 * quicker but keeps readers out meanwhile (for a copy's new target) */
int pg_search_rebuild(struct store_conn *c, int bulk, struct kesu_err *err);

/* A complaint's columns, in the order complaint_read_row reads them: the
 * fixed ones, then enum complaint_field. */
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
	" c.systemic, c.idea, c.second_of, c.second_of_no"
#define FIXED_COLS 15
/* How many columns COMPLAINT_COLS has: what a query adds comes after. */
#define COMPLAINT_NCOLS (FIXED_COLS + CF__COUNT + 4)
/* Reads a row of COMPLAINT_COLS into c (strings in a). */
void complaint_read_row(struct sql_stmt *st, struct arena *a, void *out);

/* Adds delta to the count of customer id's complaints (sqlite_customers.c),
 * as a complaint is registered for them or moves to or from them. */
int customer_count_add(struct store_conn *c, int64_t id, int delta, struct kesu_err *err);

/* The hash chains (sqlite_audit.c): the timeline and the security log. */
#define CHAIN_HASH_LEN 32
enum chain { CHAIN_EVENTS, CHAIN_SECURITY };
/* A column of a record after its id: an integer, or text (s NULL: SQL
 * NULL). */
struct chain_value {
	int64_t i;
	const char *s;
	size_t len;
};
void chain_text(struct chain_value *v, const char *s);
/* The next record of a chain, whose columns after its id are v (in table
 * order): *id receives the id it must have, prev the hash of the record
 * before it and hash its own. The caller inserts it in the same
 * transaction. 0 or a negative code. */
int chain_next(struct store_conn *c, enum chain which, const struct chain_value *v, int64_t *id,
	       unsigned char prev[CHAIN_HASH_LEN], unsigned char hash[CHAIN_HASH_LEN],
	       struct kesu_err *err);

/* The meta table (key -> text). get returns 0, or -1 if the key is not set. */
int meta_get(struct store_conn *c, const char *key, char *buf, size_t size);
int meta_set(struct store_conn *c, const char *key, const char *value,
	     struct kesu_err *err);

/* Seals the timeline's records made before hash chains existed, in id
 * order, on the writer (store_open). */
int chain_backfill(struct store_conn *c, struct kesu_err *err);

/* Group commit (sqlite_writer.c). */
void writer_stop(struct store *s);

#endif
