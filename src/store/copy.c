/*
 * copy.c - an installation copied from one store to another: SQLite to
 * PostgreSQL and back (`kesu store copy`).
 *
 * Both stores are at the same schema version (each was opened, and so
 * migrated, by this kesu), so their tables and columns are the same by
 * name; the target's own rows (the seeds its migrations wrote) are
 * replaced by the source's. Row by row, every value keeps its kind
 * (integer, real, text, bytes). The search indexes are not copied but
 * built again on the target from what it holds, and counts of every table
 * are compared at the end. The target is written in one transaction: a
 * copy that fails leaves it as it was.
 */
#include "sqlite_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../util/log.h"

#define MAX_TABLES 160
#define MAX_COLS 80

struct names {
	char *v[MAX_TABLES];
	int n;
};

static void names_free(struct names *n)
{
	for (int i = 0; i < n->n; i++)
		free(n->v[i]);
	n->n = 0;
}

/* The rows of a one-column query as strings. */
static int read_names(struct store_conn *c, const char *sql, const char *arg, struct names *out,
		      struct kesu_err *err)
{
	struct sql_stmt *st;
	if (sql_prepare_v2(c, sql, -1, &st, NULL))
		return sql_fail(c, conn_errcode(c), "copy: catalog", err);
	if (arg)
		sql_bind_text(st, 1, arg, -1, SQLITE_TRANSIENT);
	int rc;
	while ((rc = sql_step(st)) == SQLITE_ROW && out->n < MAX_TABLES)
		out->v[out->n++] = strdup((const char *)sql_column_text(st, 0));
	sql_finalize(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : sql_fail(c, rc, "copy: catalog", err);
}

/* The tables that hold an installation's data: not the search indexes
 * (built again), not the list of migrations (each store has its own). */
static int data_tables(struct store_conn *c, struct names *out, struct kesu_err *err)
{
	return read_names(
		c,
		SQL2(c,
		     "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
		     " AND name NOT LIKE '%fts%' AND name <> 'schema_migrations' ORDER BY name",
		     "SELECT table_name FROM information_schema.tables WHERE table_schema ="
		     " current_schema() AND table_type = 'BASE TABLE' AND table_name NOT LIKE '%_search'"
		     " AND table_name <> 'schema_migrations' ORDER BY table_name"),
		NULL, out, err);
}

static int table_columns(struct store_conn *c, const char *table, struct names *out,
			 struct kesu_err *err)
{
	return read_names(c,
			  SQL2(c, "SELECT name FROM pragma_table_info(?) ORDER BY cid",
			       "SELECT column_name FROM information_schema.columns WHERE table_schema ="
			       " current_schema() AND table_name = ? ORDER BY ordinal_position"),
			  table, out, err);
}

/* PostgreSQL refuses rows whose references are not there yet: tables go
 * in the order of their foreign keys (a table after those it refers to). */
static int order_by_references(struct store_conn *c, struct names *t, struct kesu_err *err)
{
	if (!conn_is_pg(c))
		return 0; /* SQLite's checks are off while it copies */
	struct sql_stmt *st;
	if (sql_prepare_v2(c,
			   "SELECT conrelid::regclass::text, confrelid::regclass::text FROM pg_constraint"
			   " WHERE contype = 'f' AND conrelid <> confrelid",
			   -1, &st, NULL))
		return sql_fail(c, conn_errcode(c), "copy: references", err);
	static char from[512][64], to[512][64];
	int nref = 0, rc;
	while ((rc = sql_step(st)) == SQLITE_ROW && nref < 512) {
		snprintf(from[nref], 64, "%s", (const char *)sql_column_text(st, 0));
		snprintf(to[nref], 64, "%s", (const char *)sql_column_text(st, 1));
		nref++;
	}
	sql_finalize(st);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return sql_fail(c, rc, "copy: references", err);
	char *sorted[MAX_TABLES];
	int done[MAX_TABLES] = {0}, n = 0;
	while (n < t->n) {
		int progress = 0;
		for (int i = 0; i < t->n; i++) {
			if (done[i])
				continue;
			int ready = 1;
			for (int r = 0; r < nref && ready; r++) {
				if (strcmp(from[r], t->v[i]) != 0)
					continue;
				for (int j = 0; j < t->n; j++)
					if (!done[j] && j != i && strcmp(t->v[j], to[r]) == 0)
						ready = 0;
			}
			if (ready) {
				sorted[n++] = t->v[i];
				done[i] = 1;
				progress = 1;
			}
		}
		if (!progress)
			return kesu_fail(err, KE_INTERNAL, "", "copy: the tables' references form a circle");
	}
	memcpy(t->v, sorted, sizeof(char *) * (size_t)n);
	return 0;
}

static int64_t count_rows(struct store_conn *c, const char *table, struct kesu_err *err)
{
	char sql[256];
	snprintf(sql, sizeof sql, "SELECT count(*) FROM %s", table);
	struct sql_stmt *st;
	if (sql_prepare_v2(c, sql, -1, &st, NULL))
		return sql_fail(c, conn_errcode(c), "copy: count", err);
	int rc = sql_step(st);
	int64_t n = rc == SQLITE_ROW ? sql_column_int64(st, 0) : -1;
	sql_finalize(st);
	return rc == SQLITE_ROW ? n : sql_fail(c, rc, "copy: count", err);
}

static int has_name(const struct names *n, const char *s)
{
	for (int i = 0; i < n->n; i++)
		if (strcmp(n->v[i], s) == 0)
			return 1;
	return 0;
}

/* A value read from the source, kept until its rows are written. */
struct copy_val {
	int type;
	int64_t i;
	double d;
	char *p;
	int n;
};

static void val_take(struct copy_val *v, struct sql_stmt *from, int col)
{
	free(v->p);
	v->p = NULL;
	v->type = sql_column_type(from, col);
	switch (v->type) {
	case SQLITE_INTEGER:
		v->i = sql_column_int64(from, col);
		break;
	case SQLITE_FLOAT:
		v->d = sql_column_double(from, col);
		break;
	case SQLITE_NULL:
		break;
	default: {
		const void *b = v->type == SQLITE_BLOB ? sql_column_blob(from, col)
						       : (const void *)sql_column_text(from, col);
		v->n = sql_column_bytes(from, col);
		v->p = malloc((size_t)v->n + 1);
		memcpy(v->p, b, (size_t)v->n);
		v->p[v->n] = '\0';
	}
	}
}

/* Writes nrows rows of buf with one INSERT of nrows value lists, the
 * statement made once into *st. */
static int flush_rows(struct store_conn *dst, const char *table, const struct names *cols,
		      const struct copy_val *buf, int nrows, struct sql_stmt **st,
		      struct kesu_err *err)
{
	if (!*st) {
		size_t cap = 256 + (size_t)cols->n * 80 + (size_t)nrows * (size_t)cols->n * 4;
		char *ins = malloc(cap);
		int k = snprintf(ins, cap, "INSERT INTO %s(", table);
		for (int i = 0; i < cols->n; i++)
			k += snprintf(ins + k, cap - (size_t)k, "%s\"%s\"", i ? ", " : "", cols->v[i]);
		k += snprintf(ins + k, cap - (size_t)k, ") VALUES ");
		for (int r = 0; r < nrows; r++) {
			k += snprintf(ins + k, cap - (size_t)k, "%s(", r ? ", " : "");
			for (int i = 0; i < cols->n; i++)
				k += snprintf(ins + k, cap - (size_t)k, "%s?", i ? ", " : "");
			k += snprintf(ins + k, cap - (size_t)k, ")");
		}
		int prc = sql_prepare_v2(dst, ins, -1, st, NULL);
		free(ins);
		if (prc)
			return sql_fail(dst, conn_errcode(dst), "copy: write", err);
	}
	for (int r = 0; r < nrows; r++) {
		for (int i = 0; i < cols->n; i++) {
			const struct copy_val *v = &buf[r * cols->n + i];
			int at = r * cols->n + i + 1;
			switch (v->type) {
			case SQLITE_INTEGER:
				sql_bind_int64(*st, at, v->i);
				break;
			case SQLITE_FLOAT:
				sql_bind_double(*st, at, v->d);
				break;
			case SQLITE_NULL:
				sql_bind_null(*st, at);
				break;
			case SQLITE_BLOB:
				sql_bind_blob(*st, at, v->p, v->n, SQLITE_STATIC);
				break;
			default:
				sql_bind_text(*st, at, v->p, v->n, SQLITE_STATIC);
			}
		}
	}
	int w = sql_step(*st);
	sql_reset(*st);
	return w == SQLITE_DONE ? 0 : sql_fail(dst, w, table, err);
}

/* Copies one table's rows, in id order where it has ids (a complaint
 * may refer to an earlier one). */
static int copy_table(struct store_conn *src, struct store_conn *dst, const char *table,
		      int64_t *rows, struct kesu_err *err)
{
	struct names cols = {0}, have = {0};
	int rc = table_columns(dst, table, &cols, err);
	if (!rc)
		rc = table_columns(src, table, &have, err);
	for (int i = 0; !rc && i < cols.n; i++)
		if (!has_name(&have, cols.v[i]))
			rc = kesu_fail(err, KE_IO, "", "copy: the source's %s has no column %s", table,
				       cols.v[i]);
	if (rc || cols.n > MAX_COLS) {
		names_free(&cols);
		names_free(&have);
		return rc ? rc : kesu_fail(err, KE_INTERNAL, "", "copy: %s has too many columns", table);
	}
	size_t cap = 256 + (size_t)cols.n * 80;
	char *sel = malloc(cap);
	int s = snprintf(sel, cap, "SELECT ");
	for (int i = 0; i < cols.n; i++)
		s += snprintf(sel + s, cap - (size_t)s, "%s\"%s\"", i ? ", " : "", cols.v[i]);
	snprintf(sel + s, cap - (size_t)s, " FROM %s%s", table, has_name(&cols, "id") ? " ORDER BY id" : "");
	/* PostgreSQL takes many rows a statement (a round trip each); SQLite,
	 * in the same process, one */
	int per = conn_is_pg(dst) ? 30000 / cols.n : 1;
	if (per > 256)
		per = 256;
	if (per < 1)
		per = 1;
	struct copy_val *buf = calloc((size_t)per * (size_t)cols.n, sizeof *buf);
	struct sql_stmt *from = NULL, *full = NULL;
	if (sql_prepare_v2(src, sel, -1, &from, NULL))
		rc = sql_fail(src, conn_errcode(src), "copy: read", err);
	int step = SQLITE_DONE, held = 0;
	while (!rc && (step = sql_step(from)) == SQLITE_ROW) {
		for (int i = 0; i < cols.n; i++)
			val_take(&buf[held * cols.n + i], from, i);
		if (++held == per) {
			rc = flush_rows(dst, table, &cols, buf, held, &full, err);
			*rows += held;
			held = 0;
		}
	}
	if (!rc && step != SQLITE_DONE)
		rc = sql_fail(src, step, table, err);
	if (!rc && held) {
		struct sql_stmt *part = NULL;
		rc = flush_rows(dst, table, &cols, buf, held, &part, err);
		sql_finalize(part);
		*rows += held;
	}
	for (int i = 0; i < per * cols.n; i++)
		free(buf[i].p);
	free(buf);
	sql_finalize(from);
	sql_finalize(full);
	free(sel);
	names_free(&cols);
	names_free(&have);
	return rc;
}

/* SQLite's triggers would count twice what is copied as it is: they are
 * set aside while the rows go in, and made again after. */
struct trigger_sql {
	char *name[64], *sql[64];
	int n;
};

static int triggers_off(struct store_conn *dst, const struct names *tables, struct trigger_sql *t,
			struct kesu_err *err)
{
	char sql[256];
	if (conn_is_pg(dst)) {
		for (int i = 0; i < tables->n; i++) {
			snprintf(sql, sizeof sql, "ALTER TABLE %s DISABLE TRIGGER USER", tables->v[i]);
			if (exec_plain(dst, sql, err))
				return -err->code;
		}
		return 0;
	}
	struct sql_stmt *st;
	if (sql_prepare_v2(dst, "SELECT name, sql FROM sqlite_master WHERE type = 'trigger'", -1, &st,
			   NULL))
		return sql_fail(dst, conn_errcode(dst), "copy: triggers", err);
	while (sql_step(st) == SQLITE_ROW && t->n < 64) {
		t->name[t->n] = strdup((const char *)sql_column_text(st, 0));
		t->sql[t->n] = strdup((const char *)sql_column_text(st, 1));
		t->n++;
	}
	sql_finalize(st);
	for (int i = 0; i < t->n; i++) {
		snprintf(sql, sizeof sql, "DROP TRIGGER \"%s\"", t->name[i]);
		if (exec_plain(dst, sql, err))
			return -err->code;
	}
	return 0;
}

static int triggers_on(struct store_conn *dst, const struct names *tables, struct trigger_sql *t,
		       struct kesu_err *err)
{
	int rc = 0;
	char sql[256];
	if (conn_is_pg(dst)) {
		for (int i = 0; !rc && i < tables->n; i++) {
			snprintf(sql, sizeof sql, "ALTER TABLE %s ENABLE TRIGGER USER", tables->v[i]);
			rc = exec_plain(dst, sql, err);
		}
	}
	for (int i = 0; i < t->n; i++) {
		if (!rc)
			rc = exec_plain(dst, t->sql[i], err);
		free(t->name[i]);
		free(t->sql[i]);
	}
	t->n = 0;
	return rc;
}

/* Empties the target's tables (its migrations' seeds) before the copy. */
static int clear_tables(struct store_conn *dst, const struct names *tables, struct kesu_err *err)
{
	if (conn_is_pg(dst)) {
		size_t cap = 64 + (size_t)tables->n * 66;
		char *sql = malloc(cap);
		int k = snprintf(sql, cap, "TRUNCATE ");
		for (int i = 0; i < tables->n; i++)
			k += snprintf(sql + k, cap - (size_t)k, "%s%s", i ? ", " : "", tables->v[i]);
		snprintf(sql + k, cap - (size_t)k, ", complaints_search, kb_articles_search RESTART IDENTITY");
		int rc = exec_plain(dst, sql, err);
		free(sql);
		return rc;
	}
	char sql[256];
	for (int i = 0; i < tables->n; i++) {
		snprintf(sql, sizeof sql, "DELETE FROM %s", tables->v[i]);
		if (exec_plain(dst, sql, err))
			return -err->code;
	}
	return 0;
}

/* PostgreSQL's id sequences continue after the highest id copied. */
static int sequences_on(struct store_conn *dst, const struct names *tables, struct kesu_err *err)
{
	if (!conn_is_pg(dst))
		return 0;
	char sql[512];
	for (int i = 0; i < tables->n; i++) {
		struct names cols = {0};
		if (table_columns(dst, tables->v[i], &cols, err))
			return -err->code;
		int id = has_name(&cols, "id");
		names_free(&cols);
		if (!id)
			continue;
		snprintf(sql, sizeof sql,
			 "SELECT setval(pg_get_serial_sequence('%s', 'id'), max(id)) FROM %s"
			 " WHERE pg_get_serial_sequence('%s', 'id') IS NOT NULL HAVING max(id) IS NOT NULL",
			 tables->v[i], tables->v[i], tables->v[i]);
		if (exec_plain(dst, sql, err))
			return -err->code;
	}
	return 0;
}

static int rebuild_search(struct store_conn *dst, struct kesu_err *err)
{
	if (conn_is_pg(dst))
		return pg_search_rebuild(dst, 1, err);
	return exec_plain(dst,
			  "INSERT INTO complaints_fts(complaints_fts) VALUES('rebuild');"
			  " INSERT INTO kb_articles_fts(kb_articles_fts) VALUES('rebuild')",
			  err);
}

int store_copy(struct store *from, struct store *to, int64_t *rows, int *tables_copied,
	       struct kesu_err *err)
{
	struct store_conn *src = from->writer, *dst = to->writer;
	*rows = 0;
	*tables_copied = 0;
	if (from->schema_version != to->schema_version)
		return kesu_fail(err, KE_IO, "", "copy: the stores' schema versions differ (%d, %d)",
				 from->schema_version, to->schema_version);
	struct names tables = {0};
	struct trigger_sql trig = {0};
	int rc = data_tables(dst, &tables, err);
	if (!rc)
		rc = order_by_references(dst, &tables, err);
	if (rc) {
		names_free(&tables);
		return rc;
	}
	/* the node key is the target's own row of meta, kept across the copy */
	char key[2 * SECRET_KEY_LEN + 8] = "";
	meta_get(dst, "node_key", key, sizeof key);
	if (!conn_is_pg(dst))
		rc = exec_plain(dst, "PRAGMA foreign_keys=OFF", err);
	/* the source is read from one snapshot */
	if (!rc)
		rc = exec_plain(src, conn_is_pg(src) ? "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"
						     : "BEGIN",
				err);
	if (!rc)
		rc = exec_plain(dst, "BEGIN", err);
	if (!rc)
		rc = triggers_off(dst, &tables, &trig, err);
	if (!rc)
		rc = clear_tables(dst, &tables, err);
	for (int i = 0; !rc && i < tables.n; i++) {
		int64_t n = 0;
		rc = copy_table(src, dst, tables.v[i], &n, err);
		*rows += n;
		if (!rc)
			(*tables_copied)++;
		log_info("store: copied %s (%lld rows)", tables.v[i], (long long)n);
	}
	/* the target's key, not the source's */
	if (!rc)
		rc = exec_plain(dst, "DELETE FROM meta WHERE key = 'node_key'", err);
	if (!rc && key[0])
		rc = meta_set(dst, "node_key", key, err);
	if (!rc)
		rc = triggers_on(dst, &tables, &trig, err);
	if (!rc)
		rc = sequences_on(dst, &tables, err);
	if (!rc)
		rc = rebuild_search(dst, err);
	for (int i = 0; !rc && i < tables.n; i++) {
		if (strcmp(tables.v[i], "meta") == 0)
			continue;
		int64_t a = count_rows(src, tables.v[i], err), b = count_rows(dst, tables.v[i], err);
		if (a < 0 || b < 0)
			rc = -err->code;
		else if (a != b)
			rc = kesu_fail(err, KE_IO, "", "copy: %s has %lld rows but %lld were copied",
				       tables.v[i], (long long)a, (long long)b);
	}
	if (!rc)
		rc = exec_plain(dst, "COMMIT", err);
	if (rc) {
		struct kesu_err ignored;
		exec_plain(dst, "ROLLBACK", &ignored);
		if (trig.n)
			triggers_on(dst, &tables, &trig, &ignored);
	}
	struct kesu_err ignored;
	exec_plain(src, "ROLLBACK", &ignored);
	if (!conn_is_pg(dst))
		exec_plain(dst, "PRAGMA foreign_keys=ON", &ignored);
	/* the planner's statistics of what was copied, now rather than when
	 * autovacuum comes by: searches are planned from them (0035) */
	if (!rc && conn_is_pg(dst) && exec_plain(dst, "ANALYZE", &ignored))
		log_warn("store: copy: ANALYZE: %s", ignored.message);
	names_free(&tables);
	return rc;
}
