/*
 * pg_sql.c - SQL in SQLite's spelling rewritten once, as it is prepared,
 * into PostgreSQL's: only where the two differ in spelling, never in
 * meaning (statements that mean different things name both texts with
 * SQL2, see sql.h).
 *
 *   ?N, ?           $N (a bare ? is one more than the highest so far)
 *   INSERT OR IGNORE INTO ...      INSERT INTO ... ON CONFLICT DO NOTHING
 *   max(a, b), min(a, b)           greatest(a, b), least(a, b)
 *   CAST(x AS INTEGER)             CAST(trunc(x) AS BIGINT) (SQLite truncates)
 *   CAST(x AS REAL)                CAST(x AS DOUBLE PRECISION)
 *   col->>'k', col->'k'            CAST(col AS jsonb)->>'k' (JSON is kept as text)
 *   INDEXED BY name, unary +col    (left out: the planner chooses)
 *   CROSS JOIN t x ON ...          JOIN t x ON ...
 *
 * Quoted strings and identifiers are copied as they are.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "pg_int.h"

struct buf {
	char *s;
	size_t n, cap;
};

static void put(struct buf *b, const char *s, size_t n)
{
	if (b->n + n + 1 > b->cap) {
		while (b->n + n + 1 > b->cap)
			b->cap = b->cap ? b->cap * 2 : 256;
		b->s = realloc(b->s, b->cap);
		if (!b->s)
			abort();
	}
	memcpy(b->s + b->n, s, n);
	b->n += n;
	b->s[b->n] = '\0';
}

static void puts_(struct buf *b, const char *s)
{
	put(b, s, strlen(s));
}

static int word_at(const char *p, const char *start, const char *w)
{
	size_t n = strlen(w);
	if (strncasecmp(p, w, n) != 0)
		return 0;
	if (p > start && (isalnum((unsigned char)p[-1]) || p[-1] == '_' || p[-1] == '.'))
		return 0;
	return !(isalnum((unsigned char)p[n]) || p[n] == '_');
}

/* The end of a quoted run starting at p (its closing quote included). */
static const char *skip_quoted(const char *p)
{
	char q = *p++;
	while (*p) {
		if (*p == q) {
			if (p[1] == q) {
				p += 2;
				continue;
			}
			return p + 1;
		}
		p++;
	}
	return p;
}

/* Where the parenthesis opened just before p closes, and the top-level
 * commas inside it (at most 8): NULL if it does not close. */
static const char *close_paren(const char *p, const char **commas, int *ncommas)
{
	int depth = 1;
	*ncommas = 0;
	while (*p) {
		if (*p == '\'' || *p == '"') {
			p = skip_quoted(p);
			continue;
		}
		if (*p == '(')
			depth++;
		else if (*p == ')' && --depth == 0)
			return p;
		else if (*p == ',' && depth == 1 && *ncommas < 8)
			commas[(*ncommas)++] = p;
		p++;
	}
	return NULL;
}

static char *translate(const char *sql, int *nparams, int *ignore);

/* Whether the + at p is unary: after an operator, a parenthesis, a comma
 * or a keyword, never after an operand. */
static int unary_plus(const char *start, const char *p)
{
	const char *q = p;
	while (q > start && q[-1] == ' ')
		q--;
	if (q == start || strchr("(,=<>", q[-1]))
		return 1;
	static const char *const kw[] = {"AND", "OR", "WHERE", "ON", "NOT", "WHEN", "THEN", "ELSE",
					 "SELECT", "BY"};
	for (size_t i = 0; i < sizeof kw / sizeof *kw; i++) {
		size_t n = strlen(kw[i]);
		if ((size_t)(q - start) >= n && strncasecmp(q - n, kw[i], n) == 0 &&
		    (q - n == start || !(isalnum((unsigned char)q[-n - 1]) || q[-n - 1] == '_')))
			return 1;
	}
	return 0;
}

/* Whether the word at p (after a subquery's closing parenthesis) is an
 * alias already, rather than the clause that follows. */
static int names_alias(const char *p)
{
	static const char *const clauses[] = {
		"WHERE", "GROUP", "ORDER", "LIMIT", "JOIN", "LEFT", "INNER", "CROSS", "ON",
		"UNION", "HAVING", "WINDOW", "EXCEPT", "INTERSECT", "OFFSET", "NATURAL", "RETURNING",
	};
	while (*p == ' ' || *p == '\n' || *p == '\t')
		p++;
	if (!(isalpha((unsigned char)*p) || *p == '_'))
		return 0;
	for (size_t i = 0; i < sizeof clauses / sizeof *clauses; i++)
		if (word_at(p, p, clauses[i]))
			return 0;
	return 1;
}

/* Translates sql[0..n) as a part of a statement. */
static char *translate_part(const char *sql, size_t n, int *nparams)
{
	char *part = malloc(n + 1);
	memcpy(part, sql, n);
	part[n] = '\0';
	int ignore = 0;
	char *out = translate(part, nparams, &ignore);
	free(part);
	return out;
}

static char *translate(const char *sql, int *nparams, int *ignore)
{
	struct buf b = {0};
	const char *p = sql;
	while (*p) {
		if (*p == '\'' || *p == '"') {
			const char *e = skip_quoted(p);
			put(&b, p, (size_t)(e - p));
			p = e;
			continue;
		}
		if (*p == '?') {
			p++;
			int k;
			if (isdigit((unsigned char)*p)) {
				k = (int)strtol(p, (char **)&p, 10);
			} else {
				k = *nparams + 1;
			}
			if (k > *nparams)
				*nparams = k;
			char num[16];
			snprintf(num, sizeof num, "$%d", k);
			puts_(&b, num);
			continue;
		}
		if (word_at(p, sql, "INSERT") && strncasecmp(p, "INSERT OR IGNORE", 16) == 0) {
			puts_(&b, "INSERT");
			p += 16;
			*ignore = 1;
			continue;
		}
		if (word_at(p, sql, "INDEXED") && strncasecmp(p, "INDEXED BY ", 11) == 0) {
			/* SQLite's choice of index: PostgreSQL's planner makes its own */
			p += 11;
			while (isalnum((unsigned char)*p) || *p == '_')
				p++;
			continue;
		}
		if (word_at(p, sql, "CROSS") && strncasecmp(p, "CROSS JOIN ", 11) == 0) {
			/* SQLite's CROSS JOIN keeps the order written and may take
			 * ON; PostgreSQL's may not: a plain JOIN where ON follows */
			const char *q = p + 11;
			for (int words = 0; words < 2; words++) {
				while (*q == ' ')
					q++;
				if (word_at(q, sql, "ON"))
					break;
				while (isalnum((unsigned char)*q) || *q == '_')
					q++;
			}
			while (*q == ' ')
				q++;
			if (word_at(q, sql, "ON")) {
				puts_(&b, "JOIN ");
				p += 11;
				continue;
			}
		}
		if (word_at(p, sql, "BEGIN") && strncasecmp(p, "BEGIN IMMEDIATE", 15) == 0) {
			puts_(&b, "BEGIN");
			p += 15;
			continue;
		}
		if ((word_at(p, sql, "max") || word_at(p, sql, "min")) && p[3] == '(') {
			const char *commas[8];
			int nc;
			const char *end = close_paren(p + 4, commas, &nc);
			if (end && nc >= 1) {
				puts_(&b, tolower((unsigned char)p[1]) == 'a' ? "greatest(" : "least(");
				char *inner = translate_part(p + 4, (size_t)(end - p - 4), nparams);
				puts_(&b, inner);
				free(inner);
				puts_(&b, ")");
				p = end + 1;
				continue;
			}
		}
		if ((word_at(p, sql, "FROM") || word_at(p, sql, "JOIN")) && p[4] == ' ' &&
		    p[5] == '(' && (word_at(p + 6, sql, "SELECT") || word_at(p + 6, sql, "VALUES"))) {
			/* PostgreSQL wants every subquery in FROM named */
			const char *commas[8];
			int nc;
			const char *end = close_paren(p + 6, commas, &nc);
			if (end && !names_alias(end + 1)) {
				put(&b, p, 6);
				char *inner = translate_part(p + 6, (size_t)(end - p - 6), nparams);
				puts_(&b, inner);
				free(inner);
				puts_(&b, ") AS sub");
				p = end + 1;
				continue;
			}
		}
		if (word_at(p, sql, "CAST") && p[4] == '(') {
			const char *commas[8];
			int nc;
			const char *end = close_paren(p + 5, commas, &nc);
			/* the last " AS " inside names the type */
			const char *as = NULL;
			for (const char *q = p + 5; end && q + 4 <= end; q++)
				if (strncasecmp(q, " AS ", 4) == 0)
					as = q;
			if (end && as) {
				const char *type = as + 4;
				size_t tn = (size_t)(end - type);
				char *inner = translate_part(p + 5, (size_t)(as - p - 5), nparams);
				if (tn == 7 && strncasecmp(type, "INTEGER", 7) == 0) {
					puts_(&b, "CAST(trunc(CAST(");
					puts_(&b, inner);
					puts_(&b, " AS DOUBLE PRECISION)) AS BIGINT)");
				} else if (tn == 4 && strncasecmp(type, "REAL", 4) == 0) {
					puts_(&b, "CAST(");
					puts_(&b, inner);
					puts_(&b, " AS DOUBLE PRECISION)");
				} else {
					puts_(&b, "CAST(");
					puts_(&b, inner);
					put(&b, as, (size_t)(end - as));
					puts_(&b, ")");
				}
				free(inner);
				p = end + 1;
				continue;
			}
		}
		if (*p == '+' && unary_plus(sql, p)) {
			/* SQLite's way to keep a column from an index: text has no
			 * unary plus on PostgreSQL, nor does it need one */
			p++;
			continue;
		}
		if (p[0] == '-' && p[1] == '>' && b.n) {
			/* JSON kept as text: the operand before -> or ->> is read as
			 * jsonb (SQLite reads JSON from text alike) */
			size_t k = b.n;
			while (k && (isalnum((unsigned char)b.s[k - 1]) || b.s[k - 1] == '_' ||
				     b.s[k - 1] == '.'))
				k--;
			if (k < b.n) {
				char *ident = strndup(b.s + k, b.n - k);
				b.n = k;
				b.s[k] = '\0';
				puts_(&b, "CAST(");
				puts_(&b, ident);
				puts_(&b, " AS jsonb)");
				free(ident);
			}
		}
		put(&b, p, 1);
		p++;
	}
	if (!b.s)
		puts_(&b, "");
	return b.s;
}

char *pg_sql_translate(const char *sql, int *nparams)
{
	int ignore = 0;
	*nparams = 0;
	char *out = translate(sql, nparams, &ignore);
	if (!ignore)
		return out;
	/* ON CONFLICT DO NOTHING goes before RETURNING, or at the end */
	struct buf b = {0};
	const char *ret = NULL;
	for (const char *p = out; *p;) {
		if (*p == '\'' || *p == '"') {
			p = skip_quoted(p);
			continue;
		}
		if (word_at(p, out, "RETURNING"))
			ret = p;
		p++;
	}
	size_t head = ret ? (size_t)(ret - out) : strlen(out);
	while (head && out[head - 1] == ' ')
		head--;
	put(&b, out, head);
	puts_(&b, " ON CONFLICT DO NOTHING");
	if (ret) {
		puts_(&b, " ");
		puts_(&b, ret);
	}
	free(out);
	return b.s;
}
