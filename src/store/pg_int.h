/*
 * pg_int.h - what PostgreSQL's side of the statement layer (pg.c) offers
 * the dispatch in sql.c: the same calls as sql.h, on a struct pg_stmt.
 */
#ifndef KESU_PG_INT_H
#define KESU_PG_INT_H

#include <stdint.h>

struct store_conn;
struct pg_stmt;

struct pg_stmt *pg_prepare(struct store_conn *c, const char *sql, int *rc);
void pg_finalize(struct pg_stmt *st);
void pg_reset(struct pg_stmt *st);
int pg_step(struct pg_stmt *st);
int pg_step_later(struct pg_stmt *st);
void pg_plan_each_time(struct pg_stmt *st);
int pg_settle(struct store_conn *c);
unsigned pg_write_epoch(struct store_conn *c);
/* Bumped each time the connection is made again. */
unsigned pg_generation(struct store_conn *c);
const char *pg_sql_text(struct pg_stmt *st);
int pg_param_count(struct pg_stmt *st);

int pg_bind_int64(struct pg_stmt *st, int i, int64_t v);
int pg_bind_double(struct pg_stmt *st, int i, double v);
int pg_bind_null(struct pg_stmt *st, int i);
int pg_bind_text(struct pg_stmt *st, int i, const char *s, int n);
int pg_bind_blob(struct pg_stmt *st, int i, const void *p, int64_t n);

int64_t pg_column_int64(struct pg_stmt *st, int i);
double pg_column_double(struct pg_stmt *st, int i);
const unsigned char *pg_column_text(struct pg_stmt *st, int i);
const void *pg_column_blob(struct pg_stmt *st, int i);
int pg_column_bytes(struct pg_stmt *st, int i);
int pg_column_type(struct pg_stmt *st, int i);
int pg_column_count(struct pg_stmt *st);

int pg_changes(struct store_conn *c);
const char *pg_errmsg(struct store_conn *c);
int pg_errcode(struct store_conn *c);

/* The statement's SQL in PostgreSQL's spelling (pg_sql.c): `?N` and `?`
 * become `$N`, and the spellings only SQLite knows become PostgreSQL's.
 * *nparams receives the highest parameter number. The result is malloc'd. */
char *pg_sql_translate(const char *sql, int *nparams);

#endif
