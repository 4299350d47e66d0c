/*
 * pg_search.c - full-text search on PostgreSQL with kesu's own tokens.
 *
 * No tokenizer for Chinese comes with Debian's PostgreSQL, so kesu writes
 * the tokens itself: text_tokenize (src/text) gives the same single
 * characters and colocated bigrams the SQLite index holds, and they are
 * stored as a tsvector with their positions. A query term becomes a
 * phrase of its query tokens (t1 <-> t2 ...), colocated ones <0> apart,
 * and terms are joined with &: the meaning of FTS5's "term" "term". The
 * columns of a document lie COLUMN_GAP positions apart so that no phrase
 * spans two of them, as no FTS5 phrase does.
 *
 * Complaints are indexed in the transaction that writes them: with nodes
 * writing side by side, "index what is above the highest indexed id" (the
 * SQLite writer's way) could skip a complaint another node had not yet
 * committed.
 */
#include "sqlite_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../text/text.h"

#define COLUMN_GAP 8
#define POS_MAX 16383 /* PostgreSQL's highest position */

struct tsbuf {
	char *s;
	size_t n, cap;
	int pos;   /* the position of the last token */
	int first; /* no token yet in this column */
	int colocated_ok;
};

static void put(struct tsbuf *b, const char *s, size_t n)
{
	if (b->n + n + 1 > b->cap) {
		while (b->n + n + 1 > b->cap)
			b->cap = b->cap ? b->cap * 2 : 1024;
		b->s = realloc(b->s, b->cap);
		if (!b->s)
			abort();
	}
	memcpy(b->s + b->n, s, n);
	b->n += n;
	b->s[b->n] = '\0';
}

/* A lexeme in quotes, as tsvector and tsquery read it. */
static void put_lexeme(struct tsbuf *b, const char *tok, int len)
{
	put(b, "'", 1);
	for (int i = 0; i < len; i++) {
		if (tok[i] == '\'')
			put(b, "''", 2);
		else if (tok[i] == '\\')
			put(b, "\\\\", 2);
		else
			put(b, tok + i, 1);
	}
	put(b, "'", 1);
}

static int emit_doc(void *ctx, int flags, const char *tok, int len, int start, int end)
{
	(void)start, (void)end;
	struct tsbuf *b = ctx;
	if (!(flags & TEXT_COLOCATED) || b->first)
		b->pos++;
	b->first = 0;
	char num[16];
	int n = snprintf(num, sizeof num, ":%d ", b->pos < POS_MAX ? b->pos : POS_MAX);
	put_lexeme(b, tok, len);
	put(b, num, (size_t)n);
	return 0;
}

char *pg_search_doc(const char *const *cols, int ncols)
{
	struct tsbuf b = {0};
	put(&b, "", 0);
	for (int i = 0; i < ncols; i++) {
		if (!cols[i])
			continue;
		b.first = 1;
		text_tokenize(cols[i], (int)strlen(cols[i]), TEXT_INDEX, emit_doc, &b);
		b.pos += COLUMN_GAP;
	}
	return b.s;
}

static int emit_query(void *ctx, int flags, const char *tok, int len, int start, int end)
{
	(void)start, (void)end;
	struct tsbuf *b = ctx;
	if (!b->first)
		put(b, flags & TEXT_COLOCATED ? " <0> " : " <-> ", 5);
	b->first = 0;
	put_lexeme(b, tok, len);
	return 0;
}

char *pg_search_query(const char *expr)
{
	/* expr is store_search_expr's: "term" "term" with quotes doubled */
	struct tsbuf b = {0};
	put(&b, "", 0);
	const char *p = expr;
	int terms = 0;
	while (*p) {
		if (*p != '"') {
			p++;
			continue;
		}
		p++;
		char *term = malloc(strlen(p) + 1);
		size_t n = 0;
		while (*p) {
			if (*p == '"' && p[1] == '"') {
				term[n++] = '"';
				p += 2;
			} else if (*p == '"') {
				p++;
				break;
			} else {
				term[n++] = *p++;
			}
		}
		term[n] = '\0';
		if (text_query_token_count(term, (int)n) > 0) {
			if (terms++)
				put(&b, " & ", 3);
			put(&b, "(", 1);
			b.first = 1;
			text_tokenize(term, (int)n, TEXT_QUERY, emit_query, &b);
			put(&b, ")", 1);
		}
		free(term);
	}
	return b.s;
}

/* Writes (or, with cp NULL, removes) complaint id's document. */
int pg_search_complaint(struct store_conn *c, int64_t id, const struct complaint *cp,
			struct kesu_err *err)
{
	struct sql_stmt *st;
	if (!cp) {
		st = conn_stmt(c, S_FTS_DELETE, "DELETE FROM complaints_search WHERE id = ?", err);
		if (!st)
			return -err->code;
		sql_bind_int64(st, 1, id);
		return step_done(c, st, "search index", err);
	}
	const char *cols[] = {cp->v[CF_NAME], cp->v[CF_OBJECT_REF], cp->v[CF_OBJECT_NAME],
			      cp->v[CF_CONTENT], cp->v[CF_DEMAND]};
	char *doc = pg_search_doc(cols, 5);
	st = conn_stmt(c, S_FTS_INSERT,
		       "INSERT INTO complaints_search(id, doc) VALUES (?, CAST(? AS tsvector))"
		       " ON CONFLICT (id) DO UPDATE SET doc = excluded.doc",
		       err);
	if (!st) {
		free(doc);
		return -err->code;
	}
	sql_bind_int64(st, 1, id);
	bind_text(st, 2, doc);
	int rc = step_later(c, st, "search index", err);
	free(doc);
	return rc;
}

int pg_search_article(struct store_conn *c, int64_t id, const char *title, const char *body,
		      const char *category, struct kesu_err *err)
{
	/* title, category and body weigh as FTS5's bm25 weights them there:
	 * A (title), B (category), D (body) */
	const char *t[] = {title}, *g[] = {category}, *b[] = {body};
	char *dt = pg_search_doc(t, 1), *dg = pg_search_doc(g, 1), *db = pg_search_doc(b, 1);
	struct sql_stmt *st = conn_stmt(
		c, S_KB_SEARCH_PUT,
		"INSERT INTO kb_articles_search(id, doc) VALUES (?1, setweight(CAST(?2 AS tsvector), 'A')"
		" || setweight(CAST(?3 AS tsvector), 'B') || setweight(CAST(?4 AS tsvector), 'D'))"
		" ON CONFLICT (id) DO UPDATE SET doc = excluded.doc",
		err);
	int rc = -KE_INTERNAL;
	if (st) {
		sql_bind_int64(st, 1, id);
		bind_text(st, 2, dt);
		bind_text(st, 3, dg);
		bind_text(st, 4, db);
		rc = step_done(c, st, "search index", err);
	} else {
		rc = -err->code;
	}
	free(dt);
	free(dg);
	free(db);
	return rc;
}

static void read_text5(struct sql_stmt *st, struct arena *a, void *out)
{
	struct complaint *cp = out;
	memset(cp, 0, sizeof *cp);
	cp->id = sql_column_int64(st, 0);
	cp->v[CF_NAME] = col_text(st, 1, a);
	cp->v[CF_OBJECT_REF] = col_text(st, 2, a);
	cp->v[CF_OBJECT_NAME] = col_text(st, 3, a);
	cp->v[CF_CONTENT] = col_text(st, 4, a);
	cp->v[CF_DEMAND] = col_text(st, 5, a);
}

int pg_search_rebuild(struct store_conn *c, int bulk, struct kesu_err *err)
{
	if (exec_plain(c, "DELETE FROM complaints_search; DELETE FROM kb_articles_search", err))
		return -err->code;
	/* a GIN index built at once, from sorted entries, rather than grown
	 * a document at a time */
	if (bulk && exec_plain(c, "DROP INDEX complaints_search_doc", err))
		return -err->code;
	int64_t after = 0;
	for (;;) {
		struct arena *a = arena_new();
		struct sql_stmt *st;
		if (sql_prepare_v2(c,
				   "SELECT id, complainant_name, object_ref, object_name, content, demand"
				   " FROM complaints WHERE id > ? ORDER BY id LIMIT 1000",
				   -1, &st, NULL)) {
			arena_free(a);
			return sql_fail(c, conn_errcode(c), "search rebuild", err);
		}
		sql_bind_int64(st, 1, after);
		int n = 0;
		struct complaint *rows = load_all(c, st, read_text5, sizeof *rows, 1000, a, &n, err);
		sql_finalize(st);
		int rc = rows ? 0 : -err->code;
		for (int i = 0; !rc && i < n; i++) {
			rc = pg_search_complaint(c, rows[i].id, &rows[i], err);
			after = rows[i].id;
		}
		arena_free(a);
		if (rc)
			return rc;
		if (n < 1000)
			break;
	}
	if (bulk && exec_plain(c,
			       "SET LOCAL maintenance_work_mem = '256MB';"
			       " CREATE INDEX complaints_search_doc ON complaints_search USING gin(doc)",
			       err))
		return -err->code;
	struct sql_stmt *st;
	if (sql_prepare_v2(c, "SELECT id, title, body, category FROM kb_articles ORDER BY id", -1, &st,
			   NULL))
		return sql_fail(c, conn_errcode(c), "search rebuild", err);
	int rc;
	while ((rc = sql_step(st)) == SQLITE_ROW) {
		/* the rows are read before the next statement runs */
		char *t = strdup((const char *)sql_column_text(st, 1));
		char *b = strdup((const char *)sql_column_text(st, 2));
		const unsigned char *g0 = sql_column_text(st, 3);
		char *g = g0 ? strdup((const char *)g0) : NULL;
		int r = pg_search_article(c, sql_column_int64(st, 0), t, b, g, err);
		free(t);
		free(b);
		free(g);
		if (r) {
			sql_finalize(st);
			return r;
		}
	}
	sql_finalize(st);
	return rc == SQLITE_DONE ? 0 : sql_fail(c, rc, "search rebuild", err);
}
