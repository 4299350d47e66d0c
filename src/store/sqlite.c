/*
 * sqlite.c - the SQLite store's common ground: connections and their
 * statement caches, error mapping, the helpers that bind, step and read
 * statements, transactions and savepoints, and the pool of readers.
 *
 * The database runs in WAL mode with synchronous=FULL: a commit returns only
 * after the log is on disk. Readers never block the writer and the writer
 * never blocks readers.
 */
#include "sqlite_int.h"

#include <time.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../util/log.h"

#define BUSY_TIMEOUT_MS 2000

int sql_fail(struct store_conn *c, int rc, const char *what, struct kesu_err *err)
{
	const char *msg = c && (c->db || c->pg) ? conn_errmsg(c) : sqlite3_errstr(rc);
	switch (rc & 0xff) {
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		log_warn("store: %s: database busy: %s", what, msg);
		return kesu_fail(err, KE_UNAVAILABLE, "",
				 "the database is busy; try again shortly");
	case SQLITE_FULL:
		log_error("store: %s: disk full: %s", what, msg);
		return kesu_fail(err, KE_UNAVAILABLE, "",
				 "the server's disk is full; nothing was changed");
	case SQLITE_IOERR:
	case SQLITE_CANTOPEN:
	case SQLITE_READONLY:
	case SQLITE_NOMEM:
	case SQLITE_PROTOCOL:
		log_error("store: %s: %s", what, msg);
		return kesu_fail(err, KE_UNAVAILABLE, "",
				 "the database is unavailable; nothing was changed");
	case SQLITE_CONSTRAINT:
		log_warn("store: %s: constraint: %s", what, msg);
		return kesu_fail(err, KE_CONFLICT, "", "conflicts with existing data");
	default:
		log_error("store: %s: %s (%d)", what, msg, rc);
		return kesu_fail(err, KE_INTERNAL, "", "internal database error");
	}
}

/* --- Statements ---------------------------------------------------------- */

struct sql_stmt *conn_prepare(struct store_conn *c, struct sql_stmt **cache,
			   const char *sql, struct kesu_err *err)
{
	if (!*cache) {
		int rc = sql_prepare_persistent(c, sql, cache);
		if (rc != SQLITE_OK) {
			sql_fail(c, rc, "prepare", err);
			*cache = NULL;
			return NULL;
		}
	}
	return *cache;
}

struct sql_stmt *conn_stmt(struct store_conn *c, enum stmt_slot slot, const char *sql,
			struct kesu_err *err)
{
	return conn_prepare(c, &c->stmts[slot], sql, err);
}

void stmt_done(struct sql_stmt *st)
{
	if (st)
		sql_reset(st);
}

void bind_text(struct sql_stmt *st, int i, const char *s)
{
	if (s)
		sql_bind_text(st, i, s, -1, SQLITE_STATIC);
	else
		sql_bind_null(st, i);
}

void bind_opt(struct sql_stmt *st, int i, int64_t v)
{
	if (v)
		sql_bind_int64(st, i, v);
	else
		sql_bind_null(st, i);
}

int step_done(struct store_conn *c, struct sql_stmt *st, const char *what, struct kesu_err *err)
{
	int rc = sql_step(st);
	stmt_done(st);
	return rc == SQLITE_DONE ? 0 : sql_fail(c, rc, what, err);
}

int step_later(struct store_conn *c, struct sql_stmt *st, const char *what, struct kesu_err *err)
{
	int rc = sql_step_later(st);
	stmt_done(st);
	return rc == SQLITE_DONE ? 0 : sql_fail(c, rc, what, err);
}

int step_one(struct store_conn *c, struct sql_stmt *st, const char *what, struct kesu_err *err)
{
	int rc = sql_step(st);
	stmt_done(st);
	if (rc != SQLITE_DONE)
		return sql_fail(c, rc, what, err);
	return sql_changes(c) ? 0 : kesu_fail(err, KE_NOT_FOUND, "", "no such %s", what);
}

int step_int64(struct store_conn *c, struct sql_stmt *st, int64_t *v, const char *what,
	       struct kesu_err *err)
{
	int rc = sql_step(st);
	if (rc == SQLITE_ROW)
		*v = sql_column_int64(st, 0);
	stmt_done(st);
	return rc == SQLITE_ROW ? 0 : sql_fail(c, rc, what, err);
}

int load_row(struct store_conn *c, struct sql_stmt *st, row_reader *read, struct arena *a, void *out,
	     const char *missing, int64_t id, struct kesu_err *err)
{
	int rc = sql_step(st);
	if (rc == SQLITE_ROW)
		read(st, a, out);
	stmt_done(st);
	if (rc == SQLITE_ROW)
		return 0;
	if (rc == SQLITE_DONE) /* missing may show the id, or not: the id is ignored then */
		return kesu_fail(err, KE_NOT_FOUND, "", missing, (long long)id);
	return sql_fail(c, rc, sql_sql(st), err);
}

int load_by_id(struct store_conn *c, enum stmt_slot slot, const char *sql, int64_t id,
	       row_reader *read, struct arena *a, void *out, const char *missing,
	       struct kesu_err *err)
{
	struct sql_stmt *st = conn_stmt(c, slot, sql, err);
	if (!st)
		return -err->code;
	sql_bind_int64(st, 1, id);
	return load_row(c, st, read, a, out, missing, id, err);
}

void *load_all(struct store_conn *c, struct sql_stmt *st, row_reader *read, size_t size, int max,
	       struct arena *a, int *n, struct kesu_err *err)
{
	int cap = 8, rc = SQLITE_DONE;
	char *items = arena_alloc(a, size * (size_t)cap);
	*n = 0;
	while (*n < max && (rc = sql_step(st)) == SQLITE_ROW) {
		if (*n == cap) {
			char *more = arena_alloc(a, size * (size_t)cap * 2);
			memcpy(more, items, size * (size_t)cap);
			items = more;
			cap *= 2;
		}
		read(st, a, items + size * (size_t)(*n)++);
	}
	stmt_done(st);
	if (rc == SQLITE_DONE || rc == SQLITE_ROW)
		return items;
	sql_fail(c, rc, sql_sql(st), err);
	return NULL;
}

const char *col_text(struct sql_stmt *st, int i, struct arena *a)
{
	const unsigned char *t = sql_column_text(st, i);
	if (!t)
		return NULL;
	return arena_strndup(a, (const char *)t, (size_t)sql_column_bytes(st, i));
}

const void *col_blob(struct sql_stmt *st, int i, struct arena *a, int *len)
{
	const void *b = sql_column_blob(st, i);
	*len = sql_column_bytes(st, i);
	if (!b)
		return NULL;
	void *copy = arena_alloc(a, (size_t)*len + 1);
	memcpy(copy, b, (size_t)*len);
	((char *)copy)[*len] = '\0';
	return copy;
}

void col_copy(struct sql_stmt *st, int i, char *buf, size_t size)
{
	const unsigned char *t = sql_column_text(st, i);
	snprintf(buf, size, "%s", t ? (const char *)t : "");
}

/* --- Transactions -------------------------------------------------------- */

int conn_exec_slot(struct store_conn *c, enum stmt_slot slot, const char *sql,
		   struct kesu_err *err)
{
	struct sql_stmt *st = conn_stmt(c, slot, sql, err);
	if (!st)
		return -err->code;
	int rc = sql_step(st);
	stmt_done(st);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return sql_fail(c, rc, sql, err);
	return 0;
}

int conn_in_transaction(struct store_conn *c)
{
	if (c->pg)
		return pg_in_transaction(c);
	return !sqlite3_get_autocommit(c->db);
}

int exec_plain(struct store_conn *c, const char *sql, struct kesu_err *err)
{
	if (c->pg)
		return pg_exec(c, sql, err);
	char *msg = NULL;
	int rc = sqlite3_exec(c->db, sql, NULL, NULL, &msg);
	if (rc != SQLITE_OK) {
		log_error("store: %s", msg ? msg : sqlite3_errstr(rc));
		sqlite3_free(msg);
		return sql_fail(c, rc, "exec", err);
	}
	return 0;
}

static int savepoint_sql(struct store_conn *c, const char *fmt, const char *name,
			 struct kesu_err *err)
{
	for (const char *p = name; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || *p == '_'))
			return kesu_fail(err, KE_INTERNAL, "", "a savepoint name must be [a-z_]");
	char sql[96];
	snprintf(sql, sizeof sql, fmt, name, name);
	return exec_plain(c, sql, err);
}

int store_savepoint(struct store_conn *c, const char *name, struct kesu_err *err)
{
	return savepoint_sql(c, "SAVEPOINT %s", name, err);
}

int store_savepoint_release(struct store_conn *c, const char *name, struct kesu_err *err)
{
	return savepoint_sql(c, "RELEASE %s", name, err);
}

int store_savepoint_undo(struct store_conn *c, const char *name, struct kesu_err *err)
{
	c->undos++;
	return savepoint_sql(c, "ROLLBACK TO %s; RELEASE %s", name, err);
}

/* --- Connections --------------------------------------------------------- */

void conn_close(struct store_conn *c)
{
	if (!c)
		return;
	for (int i = 0; i < S__COUNT; i++)
		sql_finalize(c->stmts[i]);
	for (int i = 0; i < LIST_SLOTS; i++)
		sql_finalize(c->lists[i].st);
	for (int i = 0; i < CUSTOMER_LIST_VARIANTS; i++)
		sql_finalize(c->customer_lists[i]);
	for (int i = 0; i < DELIVERY_LIST_VARIANTS; i++)
		sql_finalize(c->delivery_lists[i]);
	for (int i = 0; i < MAIL_LIST_VARIANTS; i++)
		sql_finalize(c->mail_lists[i]);
	if (c->pg)
		pg_close(c);
	else
		sqlite3_close_v2(c->db);
	free(c);
}

struct store_conn *conn_open(struct store *s, enum conn_kind kind, int create,
				    struct kesu_err *err)
{
	struct store_conn *c = calloc(1, sizeof *c);
	c->store = s;
	c->writer = kind == CONN_WRITER;
	if (s->pg_url)
		return pg_open(c, err) ? (conn_close(c), NULL) : c;
	int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX |
		    (create ? SQLITE_OPEN_CREATE : 0);
	int rc = sqlite3_open_v2(s->db_path, &c->db, flags, NULL);
	if (rc != SQLITE_OK) {
		kesu_fail(err, rc == SQLITE_CANTOPEN ? KE_IO : KE_UNAVAILABLE, "",
			  "cannot open %s: %s", s->db_path,
			  c->db ? sqlite3_errmsg(c->db) : sqlite3_errstr(rc));
		conn_close(c);
		return NULL;
	}
	sqlite3_extended_result_codes(c->db, 1);
	sqlite3_busy_timeout(c->db, BUSY_TIMEOUT_MS);
	/* Memory-mapped I/O would count the whole database in the resident
	 * size; the page cache is bounded instead. */
	static const char *const pragmas[] = {
		[CONN_WRITER] = "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;"
				" PRAGMA foreign_keys=ON; PRAGMA cache_size=-8192;"
				" PRAGMA mmap_size=0; PRAGMA temp_store=MEMORY;",
		[CONN_READER] = "PRAGMA query_only=1; PRAGMA cache_size=-4096;"
				" PRAGMA mmap_size=0; PRAGMA temp_store=MEMORY;",
	};
	if (exec_plain(c, pragmas[kind], err) || fts_register(c->db) != SQLITE_OK) {
		if (!err->code)
			kesu_fail(err, KE_INTERNAL, "", "cannot set up the database connection");
		conn_close(c);
		return NULL;
	}
	return c;
}

struct store_conn *store_reader_get(struct store *s, struct kesu_err *err)
{
	pthread_mutex_lock(&s->pool_mu);
	struct store_conn *c = s->free_readers;
	if (c)
		s->free_readers = c->next_free;
	pthread_mutex_unlock(&s->pool_mu);
	if (c)
		return c;
	c = conn_open(s, CONN_READER, 0, err);
	if (!c)
		return NULL;
	pthread_mutex_lock(&s->pool_mu);
	c->next_all = s->all_readers;
	s->all_readers = c;
	pthread_mutex_unlock(&s->pool_mu);
	return c;
}

void store_reader_put(struct store_conn *c)
{
	if (!c)
		return;
	struct store *s = c->store;
	pthread_mutex_lock(&s->pool_mu);
	c->next_free = s->free_readers;
	s->free_readers = c;
	pthread_mutex_unlock(&s->pool_mu);
}

int store_ping(struct store_conn *c, struct kesu_err *err)
{
	struct sql_stmt *st = conn_stmt(c, S_PING, "SELECT count(*) FROM schema_migrations", err);
	if (!st)
		return -err->code;
	int rc = sql_step(st);
	stmt_done(st);
	return rc == SQLITE_ROW ? 0 : sql_fail(c, rc, "ping", err);
}

int64_t mono_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}
