/*
 * fuzz_search.c - the q of GET /api/v1/complaints (and of the knowledge
 * base's search): store_search_expr turns it into an FTS5 expression.
 * What it returns must be an expression FTS5 accepts with kesu's
 * tokenizer, or a search would fail as a server error; checked here on an
 * empty table in memory.
 */
#include <sqlite3.h>

#include "../src/store/sqlite_int.h"
#include "../src/text/text.h"
#include "fuzz.h"

static sqlite3 *db;
static sqlite3_stmt *match;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc, (void)argv;
	const char *why;
	if (text_init(&why) || sqlite3_open(":memory:", &db) != SQLITE_OK || fts_register(db) ||
	    sqlite3_exec(db, "CREATE VIRTUAL TABLE t USING fts5(body, tokenize = 'kesu');"
			     "INSERT INTO t VALUES ('投诉 质量问题 order 12345 退款');",
			 NULL, NULL, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(db, "SELECT count(*) FROM t WHERE t MATCH ?1", -1, &match, NULL)) {
		fprintf(stderr, "fuzz_search: cannot set up FTS5: %s\n", db ? sqlite3_errmsg(db) : "");
		exit(1);
	}
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* the query string's value: NUL ends it */
	char *q = fuzz_cstr(data, size);
	struct arena *a = arena_new();
	struct kesu_err err = {0};
	const char *expr = store_search_expr(q, a, &err);
	if (expr) {
		sqlite3_bind_text(match, 1, expr, -1, SQLITE_STATIC);
		int rc = sqlite3_step(match);
		if (rc != SQLITE_ROW)
			fprintf(stderr, "fuzz_search: %s: %s\n", expr, sqlite3_errmsg(db));
		FUZZ_CHECK(rc == SQLITE_ROW);
		sqlite3_reset(match);
	} else {
		FUZZ_CHECK(err.code != 0 && err.message[0]);
	}
	arena_free(a);
	free(q);
	return 0;
}
