/*
 * segment.c - a text folded as search folds it and cut into words by
 * ICU's dictionary-based word break iterator (Chinese has no spaces).
 * Each thread keeps its own iterator: opening one loads the dictionary
 * rules, setting a new text on it is cheap.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/ubrk.h>
#include <unicode/utf16.h>
#include <utf8proc.h>

#include "../text/text.h"
#include "analysis.h"

static pthread_key_t bi_key;
static pthread_once_t bi_once = PTHREAD_ONCE_INIT;

static void bi_close(void *p)
{
	ubrk_close(p);
}

static void bi_make_key(void)
{
	pthread_key_create(&bi_key, bi_close);
}

static UBreakIterator *iterator(void)
{
	pthread_once(&bi_once, bi_make_key);
	UBreakIterator *bi = pthread_getspecific(bi_key);
	if (!bi) {
		UErrorCode st = U_ZERO_ERROR;
		bi = ubrk_open(UBRK_WORD, "zh_CN", NULL, 0, &st);
		if (U_FAILURE(st))
			return NULL;
		pthread_setspecific(bi_key, bi);
	}
	return bi;
}

void an_doc_free(struct an_doc *doc)
{
	free(doc->fold);
	free(doc->orig);
	free(doc->tok);
	memset(doc, 0, sizeof *doc);
}

/* The end of the last whole character of s within max bytes. */
static int cut_at_char(const char *s, int n, int max)
{
	if (n <= max)
		return n;
	while (max > 0 && ((unsigned char)s[max] & 0xC0) == 0x80)
		max--;
	return max;
}

int an_doc_make(const char *s, size_t len, struct an_doc *doc)
{
	memset(doc, 0, sizeof *doc);
	int n = cut_at_char(s, (int)len, AN_TEXT_MAX);
	doc->src = s;
	doc->nsrc = n;
	/* a code point folds into at most TEXT_FOLD_MAX, 4 bytes each */
	size_t cap = (size_t)n * 4 + 16;
	doc->fold = malloc(cap + 1);
	doc->orig = malloc(sizeof *doc->orig * (cap + 1));
	UChar *u16 = malloc(sizeof *u16 * (cap + 1));
	int *u16_at = malloc(sizeof *u16_at * (cap + 1)); /* UTF-16 unit -> fold byte */
	int nu = 0, nf = 0;
	for (int i = 0; i < n;) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)s + i, n - i, &cp);
		if (k <= 0) {
			i++;
			continue;
		}
		uint32_t out[TEXT_FOLD_MAX];
		int m = text_fold((uint32_t)cp, out);
		for (int j = 0; j < m; j++) {
			if ((size_t)nf + 4 > cap || (size_t)nu + 2 > cap)
				break;
			utf8proc_uint8_t b[4];
			utf8proc_ssize_t nb = utf8proc_encode_char((utf8proc_int32_t)out[j], b);
			UBool bad = 0;
			int at = nu;
			U16_APPEND(u16, nu, (int32_t)cap, (UChar32)out[j], bad);
			if (bad)
				continue;
			for (int x = at; x < nu; x++)
				u16_at[x] = nf;
			for (int x = 0; x < nb; x++) {
				doc->orig[nf] = i;
				doc->fold[nf++] = (char)b[x];
			}
		}
		i += (int)k;
	}
	doc->fold[nf] = 0;
	doc->orig[nf] = n;
	u16_at[nu] = nf;
	doc->nfold = nf;
	doc->tok = malloc(sizeof *doc->tok * (size_t)(nu + 1));
	UBreakIterator *bi = iterator();
	UErrorCode st = U_ZERO_ERROR;
	if (bi)
		ubrk_setText(bi, u16, nu, &st);
	if (!bi || U_FAILURE(st)) {
		free(u16);
		free(u16_at);
		an_doc_free(doc);
		return -1;
	}
	int32_t a = ubrk_first(bi), b;
	while ((b = ubrk_next(bi)) != UBRK_DONE) {
		int32_t status = ubrk_getRuleStatus(bi);
		int word = status >= UBRK_WORD_NONE_LIMIT;
		int fs = u16_at[a], fe = u16_at[b];
		a = b;
		if (!word) {
			/* spaces are nothing; punctuation marks a clause or a mood */
			unsigned char c = (unsigned char)doc->fold[fs];
			if (c == ' ' || c == '\t' || c == '\n' || c == '\r')
				continue;
		}
		doc->tok[doc->ntok++] = (struct an_tok){.s = fs, .e = fe, .word = word};
	}
	free(u16);
	free(u16_at);
	return 0;
}

void an_doc_source(const struct an_doc *doc, int s, int e, char *out, size_t max)
{
	int os = doc->orig[s], oe = e >= doc->nfold ? doc->nsrc : doc->orig[e];
	int n = oe - os;
	if (n < 0)
		n = 0;
	if ((size_t)n > max - 1)
		n = cut_at_char(doc->src + os, n, (int)max - 1);
	memcpy(out, doc->src + os, (size_t)n);
	out[n] = 0;
}
