/*
 * sql.c - the statement layer's dispatch (sql.h): each call goes to SQLite
 * or to PostgreSQL (pg.c) by the statement it is given.
 */
#include "sqlite_int.h"

#include <stdlib.h>

#include "pg_int.h"

int conn_is_pg(const struct store_conn *c)
{
	return c->pg != NULL;
}

static struct sql_stmt *wrap(sqlite3_stmt *lite, struct pg_stmt *pg)
{
	struct sql_stmt *st = malloc(sizeof *st);
	if (!st)
		abort();
	st->lite = lite;
	st->pg = pg;
	return st;
}

static int prepare(struct store_conn *c, const char *sql, unsigned flags, struct sql_stmt **out)
{
	*out = NULL;
	if (c->pg) {
		int rc;
		struct pg_stmt *p = pg_prepare(c, sql, &rc);
		if (p)
			*out = wrap(NULL, p);
		return p ? SQLITE_OK : rc;
	}
	sqlite3_stmt *lite = NULL;
	int rc = sqlite3_prepare_v3(c->db, sql, -1, flags, &lite, NULL);
	if (rc == SQLITE_OK)
		*out = wrap(lite, NULL);
	return rc;
}

int sql_prepare_v2(struct store_conn *c, const char *sql, int n, struct sql_stmt **out,
		   const char **tail)
{
	(void)n;
	if (tail)
		*tail = NULL;
	return prepare(c, sql, 0, out);
}

int sql_prepare_persistent(struct store_conn *c, const char *sql, struct sql_stmt **out)
{
	return prepare(c, sql, SQLITE_PREPARE_PERSISTENT, out);
}

int sql_finalize(struct sql_stmt *st)
{
	if (!st)
		return SQLITE_OK;
	if (st->pg)
		pg_finalize(st->pg);
	else
		sqlite3_finalize(st->lite);
	free(st);
	return SQLITE_OK;
}

void sql_reset(struct sql_stmt *st)
{
	if (st->pg) {
		pg_reset(st->pg);
		return;
	}
	sqlite3_reset(st->lite);
	sqlite3_clear_bindings(st->lite);
}

int sql_step(struct sql_stmt *st)
{
	return st->pg ? pg_step(st->pg) : sqlite3_step(st->lite);
}

void sql_plan_each_time(struct sql_stmt *st)
{
	if (st->pg)
		pg_plan_each_time(st->pg);
}

int sql_step_later(struct sql_stmt *st)
{
	return st->pg ? pg_step_later(st->pg) : sqlite3_step(st->lite);
}

int conn_settle(struct store_conn *c)
{
	return c->pg ? pg_settle(c) : SQLITE_OK;
}

unsigned conn_write_epoch(struct store_conn *c)
{
	return c->pg ? pg_write_epoch(c) : 0;
}

unsigned store_undos(struct store_conn *c)
{
	/* a connection made again may face a server that lost what this
	 * one wrote (a failover to a replica behind) */
	return c->undos + (c->pg ? pg_generation(c) : 0);
}

const char *sql_sql(struct sql_stmt *st)
{
	return st->pg ? pg_sql_text(st->pg) : sqlite3_sql(st->lite);
}

int sql_bind_parameter_count(struct sql_stmt *st)
{
	return st->pg ? pg_param_count(st->pg) : sqlite3_bind_parameter_count(st->lite);
}

int sql_bind_int64(struct sql_stmt *st, int i, int64_t v)
{
	return st->pg ? pg_bind_int64(st->pg, i, v) : sqlite3_bind_int64(st->lite, i, v);
}

int sql_bind_int(struct sql_stmt *st, int i, int v)
{
	return st->pg ? pg_bind_int64(st->pg, i, v) : sqlite3_bind_int(st->lite, i, v);
}

int sql_bind_double(struct sql_stmt *st, int i, double v)
{
	return st->pg ? pg_bind_double(st->pg, i, v) : sqlite3_bind_double(st->lite, i, v);
}

int sql_bind_null(struct sql_stmt *st, int i)
{
	return st->pg ? pg_bind_null(st->pg, i) : sqlite3_bind_null(st->lite, i);
}

int sql_bind_text(struct sql_stmt *st, int i, const char *s, int n, void (*del)(void *))
{
	if (st->pg)
		return s ? pg_bind_text(st->pg, i, s, n) : pg_bind_null(st->pg, i);
	return sqlite3_bind_text(st->lite, i, s, n, del);
}

int sql_bind_blob(struct sql_stmt *st, int i, const void *p, int n, void (*del)(void *))
{
	if (st->pg)
		return p ? pg_bind_blob(st->pg, i, p, n) : pg_bind_null(st->pg, i);
	return sqlite3_bind_blob(st->lite, i, p, n, del);
}

int sql_bind_blob64(struct sql_stmt *st, int i, const void *p, sqlite3_uint64 n,
		    void (*del)(void *))
{
	if (st->pg)
		return p ? pg_bind_blob(st->pg, i, p, (int64_t)n) : pg_bind_null(st->pg, i);
	return sqlite3_bind_blob64(st->lite, i, p, n, del);
}

int64_t sql_column_int64(struct sql_stmt *st, int i)
{
	return st->pg ? pg_column_int64(st->pg, i) : sqlite3_column_int64(st->lite, i);
}

int sql_column_int(struct sql_stmt *st, int i)
{
	return st->pg ? (int)pg_column_int64(st->pg, i) : sqlite3_column_int(st->lite, i);
}

double sql_column_double(struct sql_stmt *st, int i)
{
	return st->pg ? pg_column_double(st->pg, i) : sqlite3_column_double(st->lite, i);
}

const unsigned char *sql_column_text(struct sql_stmt *st, int i)
{
	return st->pg ? pg_column_text(st->pg, i) : sqlite3_column_text(st->lite, i);
}

const void *sql_column_blob(struct sql_stmt *st, int i)
{
	return st->pg ? pg_column_blob(st->pg, i) : sqlite3_column_blob(st->lite, i);
}

int sql_column_bytes(struct sql_stmt *st, int i)
{
	return st->pg ? pg_column_bytes(st->pg, i) : sqlite3_column_bytes(st->lite, i);
}

int sql_column_type(struct sql_stmt *st, int i)
{
	return st->pg ? pg_column_type(st->pg, i) : sqlite3_column_type(st->lite, i);
}

int sql_column_count(struct sql_stmt *st)
{
	return st->pg ? pg_column_count(st->pg) : sqlite3_column_count(st->lite);
}

int sql_changes(struct store_conn *c)
{
	return c->pg ? pg_changes(c) : sqlite3_changes(c->db);
}

const char *conn_errmsg(struct store_conn *c)
{
	return c->pg ? pg_errmsg(c) : sqlite3_errmsg(c->db);
}

int conn_errcode(struct store_conn *c)
{
	return c->pg ? pg_errcode(c) : sqlite3_errcode(c->db);
}
