/*
 * sql.h - the statements of both databases behind one set of calls: the
 * store's files prepare, bind, step and read a `struct sql_stmt` the same
 * way whether the connection is SQLite or PostgreSQL, and run the same SQL.
 *
 * Results keep SQLite's codes (SQLITE_ROW, SQLITE_DONE, SQLITE_CONSTRAINT,
 * ...): a PostgreSQL failure is mapped to the nearest one (pg.c), so one
 * error mapping (sql_fail) serves both. On PostgreSQL the SQL is rewritten
 * once, when it is prepared, where the dialects differ in spelling only
 * (pg_sql.c); where they differ in meaning a statement names both texts
 * with SQL2().
 */
#ifndef KESU_SQL_H
#define KESU_SQL_H

#include <sqlite3.h>
#include <stdint.h>

struct store_conn;
struct pg_stmt;

struct sql_stmt {
	sqlite3_stmt *lite;   /* a SQLite statement, or NULL */
	struct pg_stmt *pg;   /* a PostgreSQL one, or NULL */
};

/* The one connection a statement belongs to decides its dialect: a text
 * for SQLite and one for PostgreSQL, where they must differ. */
#define SQL2(c, lite, pg) (conn_is_pg(c) ? (pg) : (lite))
int conn_is_pg(const struct store_conn *c);

/* Prepares sql on c into *out: SQLITE_OK, or an error code (conn_errmsg
 * says why). The shape of sqlite3_prepare_v2's. */
int sql_prepare_v2(struct store_conn *c, const char *sql, int n, struct sql_stmt **out,
		   const char **tail);
/* The same, for a statement kept for the connection's life. */
int sql_prepare_persistent(struct store_conn *c, const char *sql, struct sql_stmt **out);
int sql_finalize(struct sql_stmt *st);
/* Resets a statement to be run again and clears its bindings. */
void sql_reset(struct sql_stmt *st);
int sql_step(struct sql_stmt *st);
/* On PostgreSQL, has the statement planned again for each run's values,
 * at the cost of planning: for a search, whose best plan depends on how
 * common its words are (newest first by id for a common word, the word
 * index for a rare one). Nothing on SQLite. */
void sql_plan_each_time(struct sql_stmt *st);
/* Runs a statement whose caller wants no rows and no count of changes:
 * on PostgreSQL's writer it may be sent without waiting for its answer,
 * and a failure is then told by the next statement, or by conn_settle.
 * SQLITE_DONE, or a failure. */
int sql_step_later(struct sql_stmt *st);
/* Waits for the answers to what sql_step_later sent on c: SQLITE_OK or
 * the first failure's code. */
int conn_settle(struct store_conn *c);
/* A number that changes whenever what c's write transaction wrote may
 * have been undone or shown to others (begin, commit, rollback, any
 * failure): what the writer remembers under it holds while it is
 * unchanged. 0 when there is nothing to remember: on SQLite, whose reads
 * cost no round trip, and outside a write transaction. */
unsigned conn_write_epoch(struct store_conn *c);
const char *sql_sql(struct sql_stmt *st);
int sql_bind_parameter_count(struct sql_stmt *st);

int sql_bind_int64(struct sql_stmt *st, int i, int64_t v);
int sql_bind_int(struct sql_stmt *st, int i, int v);
int sql_bind_double(struct sql_stmt *st, int i, double v);
int sql_bind_null(struct sql_stmt *st, int i);
int sql_bind_text(struct sql_stmt *st, int i, const char *s, int n, void (*del)(void *));
int sql_bind_blob(struct sql_stmt *st, int i, const void *p, int n, void (*del)(void *));
int sql_bind_blob64(struct sql_stmt *st, int i, const void *p, sqlite3_uint64 n,
		    void (*del)(void *));

int64_t sql_column_int64(struct sql_stmt *st, int i);
int sql_column_int(struct sql_stmt *st, int i);
double sql_column_double(struct sql_stmt *st, int i);
const unsigned char *sql_column_text(struct sql_stmt *st, int i);
const void *sql_column_blob(struct sql_stmt *st, int i);
int sql_column_bytes(struct sql_stmt *st, int i);
int sql_column_type(struct sql_stmt *st, int i);
int sql_column_count(struct sql_stmt *st);

/* Rows the last INSERT, UPDATE or DELETE on c changed. */
int sql_changes(struct store_conn *c);
/* The last error on c, and its code. */
const char *conn_errmsg(struct store_conn *c);
int conn_errcode(struct store_conn *c);

#endif
