/*
 * sqlite_fts.c - registers the "kesu" FTS5 tokenizer, which hands text to
 * text_tokenize() (src/text): CJK characters and bigrams, folded.
 */
#include "sqlite_int.h"

#include <stdlib.h>

#include "../text/text.h"

struct fts_tok {
	int unused;
};

struct emit_ctx {
	void *fts_ctx;
	int (*token)(void *, int, const char *, int, int, int);
};

static int fts_create(void *ctx, const char **argv, int argc, Fts5Tokenizer **out)
{
	(void)ctx, (void)argv;
	if (argc > 0)
		return SQLITE_ERROR; /* the tokenizer takes no options */
	*out = (Fts5Tokenizer *)calloc(1, sizeof(struct fts_tok));
	return *out ? SQLITE_OK : SQLITE_NOMEM;
}

static void fts_delete(Fts5Tokenizer *t)
{
	free(t);
}

static int emit(void *ctx, int flags, const char *tok, int len, int start, int end)
{
	struct emit_ctx *e = ctx;
	return e->token(e->fts_ctx, flags & TEXT_COLOCATED ? FTS5_TOKEN_COLOCATED : 0,
			tok, len, start, end);
}

static int fts_tokenize(Fts5Tokenizer *t, void *ctx, int flags, const char *text,
			int n, int (*token)(void *, int, const char *, int, int, int))
{
	(void)t;
	struct emit_ctx e = {ctx, token};
	enum text_mode mode = (flags & FTS5_TOKENIZE_QUERY) ? TEXT_QUERY : TEXT_INDEX;
	return text_tokenize(text, n, mode, emit, &e);
}

int fts_register(sqlite3 *db)
{
	fts5_api *api = NULL;
	sqlite3_stmt *st;
	int rc = sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &st, NULL);
	if (rc != SQLITE_OK)
		return rc;
	sqlite3_bind_pointer(st, 1, (void *)&api, "fts5_api_ptr", NULL);
	sqlite3_step(st);
	sqlite3_finalize(st);
	if (!api)
		return SQLITE_ERROR;
	static fts5_tokenizer tok = {fts_create, fts_delete, fts_tokenize};
	return api->xCreateTokenizer(api, "kesu", NULL, &tok, NULL);
}
