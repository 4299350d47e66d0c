/*
 * test_pg_sql.c - SQL in SQLite's spelling rewritten into PostgreSQL's
 * (src/store/pg_sql.c), and search documents and queries as tsvector and
 * tsquery text (src/store/pg_search.c).
 */
#include "unit.h"

#include <stdlib.h>

#include "store/pg_int.h"
#include "text/text.h"

char *pg_search_doc(const char *const *cols, int ncols);
char *pg_search_query(const char *expr);

static void check(const char *sqlite, const char *want, int want_params)
{
	int n = -1;
	char *got = pg_sql_translate(sqlite, &n);
	assert_string_equal(got, want);
	assert_int_equal(n, want_params);
	free(got);
}

static void parameters_are_numbered(void **state)
{
	(void)state;
	check("SELECT a FROM t WHERE b = ? AND c = ?", "SELECT a FROM t WHERE b = $1 AND c = $2", 2);
	check("SELECT a FROM t WHERE b = ?2 OR ?2 IS NULL AND c = ?1",
	      "SELECT a FROM t WHERE b = $2 OR $2 IS NULL AND c = $1", 2);
	/* a bare ? after ?3 is the fourth, as SQLite counts */
	check("SELECT ?3, ?", "SELECT $3, $4", 4);
	/* quoted text is left alone */
	check("SELECT '?' || \"a?\" FROM t WHERE x = ?", "SELECT '?' || \"a?\" FROM t WHERE x = $1", 1);
	check("SELECT 'it''s ?' WHERE y = ?", "SELECT 'it''s ?' WHERE y = $1", 1);
}

static void sqlite_spellings_become_postgresqls(void **state)
{
	(void)state;
	check("INSERT OR IGNORE INTO m(a, b) VALUES (?, ?)",
	      "INSERT INTO m(a, b) VALUES ($1, $2) ON CONFLICT DO NOTHING", 2);
	check("INSERT OR IGNORE INTO m(a) VALUES (?) RETURNING a",
	      "INSERT INTO m(a) VALUES ($1) ON CONFLICT DO NOTHING RETURNING a", 1);
	check("SELECT max(a, b), min(x, coalesce(y, 0)), max(z) FROM t",
	      "SELECT greatest(a, b), least(x, coalesce(y, 0)), max(z) FROM t", 0);
	check("SELECT CAST(a / 2 AS INTEGER), CAST(b AS REAL), CAST(c AS TEXT) FROM t",
	      "SELECT CAST(trunc(CAST(a / 2 AS DOUBLE PRECISION)) AS BIGINT),"
	      " CAST(b AS DOUBLE PRECISION), CAST(c AS TEXT) FROM t",
	      0);
	check("SELECT e.data->>'to', value->>5 FROM events e",
	      "SELECT CAST(e.data AS jsonb)->>'to', CAST(value AS jsonb)->>5 FROM events e", 0);
	check("SELECT a FROM t INDEXED BY t_b WHERE +t.c = ? AND a + 1 > 2",
	      "SELECT a FROM t  WHERE t.c = $1 AND a + 1 > 2", 1);
	check("SELECT count(*) FROM (SELECT 1 FROM t LIMIT ?)",
	      "SELECT count(*) FROM (SELECT 1 FROM t LIMIT $1) AS sub", 1);
	check("SELECT count(*) FROM (SELECT 1 FROM t) k", "SELECT count(*) FROM (SELECT 1 FROM t) k", 0);
	check("SELECT o.id FROM c CROSS JOIN o ON o.c = c.id, x CROSS JOIN y WHERE 1",
	      "SELECT o.id FROM c JOIN o ON o.c = c.id, x CROSS JOIN y WHERE 1", 0);
	check("BEGIN IMMEDIATE", "BEGIN", 0);
}

static void documents_keep_positions_and_queries_are_phrases(void **state)
{
	(void)state;
	const char *why;
	assert_int_equal(text_init(&why), 0);
	/* one column: single characters, with each pair at its first one's
	 * position */
	const char *cols[] = {"质量", NULL, "好"};
	char *doc = pg_search_doc(cols, 3);
	assert_non_null(strstr(doc, "'质':1 "));
	assert_non_null(strstr(doc, "'量':2 "));
	assert_non_null(strstr(doc, "'质量':1 "));
	/* the next column begins well apart: no phrase spans two */
	assert_null(strstr(doc, "'好':3 "));
	free(doc);
	/* a term's tokens stand together; terms are joined by AND; traditional
	 * folds to simplified; and a term of punctuation only is no term */
	char *q = pg_search_query("\"質量問題\" \"退款\"");
	assert_string_equal(q, "('质量' <-> '量问' <-> '问题') & ('退款')");
	free(q);
	/* a term with nothing to search for adds nothing */
	q = pg_search_query("\"退款\" \"！？\"");
	assert_string_equal(q, "('退款')");
	free(q);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(parameters_are_numbered),
		cmocka_unit_test(sqlite_spellings_become_postgresqls),
		cmocka_unit_test(documents_keep_positions_and_queries_are_phrases),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
