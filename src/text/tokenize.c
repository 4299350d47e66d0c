/*
 * tokenize.c - splits folded text into search tokens (see text.h).
 */
#include "text.h"

#include <string.h>
#include <utf8proc.h>

struct cjk {
	uint32_t cp;
	int start, end;
};

struct tok {
	enum text_mode mode;
	text_emit_fn emit;
	void *ctx;
	/* current CJK run: its length and its last character */
	int run;
	struct cjk prev;
	/* query mode: the last character of a finished run, emitted only if
	 * another token follows, to keep phrase positions in step with the
	 * index (a run of n characters takes n positions there) */
	int pending;
	struct cjk last;
	/* current word */
	char word[TEXT_TOKEN_MAX];
	int wlen, wstart, wend;
};

static int emit_cjk(struct tok *t, int flags, const struct cjk *a,
		    const struct cjk *b)
{
	char buf[8];
	int n = (int)utf8proc_encode_char((utf8proc_int32_t)a->cp,
					  (utf8proc_uint8_t *)buf);
	int end = a->end;
	if (b) {
		n += (int)utf8proc_encode_char((utf8proc_int32_t)b->cp,
					       (utf8proc_uint8_t *)buf + n);
		end = b->end;
	}
	return t->emit(t->ctx, flags, buf, n, a->start, end);
}

static int end_run(struct tok *t)
{
	int rc = 0;
	if (t->run > 0 && (t->mode == TEXT_INDEX || t->run == 1))
		rc = emit_cjk(t, 0, &t->prev, NULL);
	else if (t->run > 1) {
		t->pending = 1;
		t->last = t->prev;
	}
	t->run = 0;
	return rc;
}

static int flush_pending(struct tok *t)
{
	if (!t->pending)
		return 0;
	t->pending = 0;
	return emit_cjk(t, 0, &t->last, NULL);
}

static int end_word(struct tok *t)
{
	int rc = 0;
	if (t->wlen > 0)
		rc = t->emit(t->ctx, 0, t->word, t->wlen, t->wstart, t->wend);
	t->wlen = 0;
	return rc;
}

static int add_cjk(struct tok *t, uint32_t cp, int start, int end)
{
	int rc = end_word(t);
	if (rc)
		return rc;
	struct cjk cur = {cp, start, end};
	if (t->run == 0 && (rc = flush_pending(t)))
		return rc;
	if (t->run > 0) {
		if (t->mode == TEXT_INDEX) {
			rc = emit_cjk(t, 0, &t->prev, NULL);
			if (!rc)
				rc = emit_cjk(t, TEXT_COLOCATED, &t->prev, &cur);
		} else {
			rc = emit_cjk(t, 0, &t->prev, &cur);
		}
	}
	t->prev = cur;
	t->run++;
	return rc;
}

static int add_word(struct tok *t, uint32_t cp, int start, int end)
{
	int rc = end_run(t);
	if (rc)
		return rc;
	if (t->wlen == 0) {
		if ((rc = flush_pending(t)))
			return rc;
		t->wstart = start;
	}
	t->wend = end;
	char buf[4];
	int n = (int)utf8proc_encode_char((utf8proc_int32_t)cp, (utf8proc_uint8_t *)buf);
	/* An over-long word is cut at the limit; its rest still belongs to the
	 * same token span. */
	if (t->wlen + n <= TEXT_TOKEN_MAX) {
		memcpy(t->word + t->wlen, buf, (size_t)n);
		t->wlen += n;
	}
	return 0;
}

static int is_word(uint32_t cp)
{
	switch (utf8proc_category((utf8proc_int32_t)cp)) {
	case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LL:
	case UTF8PROC_CATEGORY_LT: case UTF8PROC_CATEGORY_LM:
	case UTF8PROC_CATEGORY_LO: case UTF8PROC_CATEGORY_ND:
	case UTF8PROC_CATEGORY_NL: case UTF8PROC_CATEGORY_NO:
		return 1;
	default:
		return 0;
	}
}

int text_tokenize(const char *s, int n, enum text_mode mode, text_emit_fn emit,
		  void *ctx)
{
	struct tok t = {.mode = mode, .emit = emit, .ctx = ctx};
	int i = 0, rc = 0;
	while (i < n && !rc) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t used = utf8proc_iterate(
			(const utf8proc_uint8_t *)s + i, n - i, &cp);
		if (used <= 0) {
			rc = end_run(&t);
			if (!rc)
				rc = end_word(&t);
			i++;
			continue;
		}
		uint32_t f[TEXT_FOLD_MAX];
		int nf = text_fold((uint32_t)cp, f);
		for (int k = 0; k < nf && !rc; k++) {
			if (text_is_cjk(f[k]))
				rc = add_cjk(&t, f[k], i, i + (int)used);
			else if (is_word(f[k]))
				rc = add_word(&t, f[k], i, i + (int)used);
			else {
				rc = end_run(&t);
				if (!rc)
					rc = end_word(&t);
			}
		}
		i += (int)used;
	}
	if (!rc)
		rc = end_run(&t);
	if (!rc)
		rc = end_word(&t);
	return rc;
}

static int count_one(void *ctx, int flags, const char *tok, int len, int start,
		     int end)
{
	(void)flags, (void)tok, (void)len, (void)start, (void)end;
	(*(int *)ctx)++;
	return 0;
}

int text_query_token_count(const char *s, int n)
{
	int count = 0;
	text_tokenize(s, n, TEXT_QUERY, count_one, &count);
	return count;
}
