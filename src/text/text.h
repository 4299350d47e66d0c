/*
 * text.h - text normalisation and tokenisation for search.
 *
 * Chinese has no spaces, so a run of CJK characters is indexed as every
 * single character and, at the same position, every pair of neighbouring
 * characters (bigrams). A query of one character matches the single
 * characters; a query of two or more matches as a phrase of bigrams. Before
 * that, every character is folded: traditional to simplified (from OpenCC's
 * dictionary, so 投訴 finds 投诉), full width to half width, case folded,
 * accents stripped. Runs of letters and digits (order numbers, English words)
 * are single tokens.
 */
#ifndef KESU_TEXT_H
#define KESU_TEXT_H

#include <stddef.h>
#include <stdint.h>

#include "../util/arena.h"

struct arena;

/* Builds the character folding table. Must be called once, before threads
 * start; later calls do nothing. Returns 0, or -1 if OpenCC's traditional to
 * simplified dictionary cannot be loaded (the message is in *why). */
int text_init(const char **why);

/* A number that changes whenever folding or tokenising would give other
 * tokens for the same text (so a stored search index can be rebuilt). */
uint64_t text_fingerprint(void);

/* Folds one code point into at most TEXT_FOLD_MAX code points; returns the
 * count (0 for marks that are dropped). */
#define TEXT_FOLD_MAX 8
int text_fold(uint32_t cp, uint32_t out[TEXT_FOLD_MAX]);

int text_is_cjk(uint32_t cp);

enum text_mode { TEXT_INDEX, TEXT_QUERY };
#define TEXT_COLOCATED 1
#define TEXT_TOKEN_MAX 64

/* Called for each token: its folded UTF-8 bytes, and the byte range of the
 * source text it came from. A non-zero return stops tokenising and is
 * returned by text_tokenize. */
typedef int (*text_emit_fn)(void *ctx, int flags, const char *tok, int len,
			    int start, int end);

/* Tokenises s[0..n). TEXT_INDEX emits single characters plus colocated
 * bigrams; TEXT_QUERY emits what a query must match (bigrams, or the single
 * character of a one-character run). Invalid UTF-8 bytes are skipped. */
int text_tokenize(const char *s, int n, enum text_mode mode, text_emit_fn emit,
		  void *ctx);

/* Counts tokens a query string would produce (0: nothing searchable). */
int text_query_token_count(const char *s, int n);

/* 1 if s[0..n) is valid UTF-8 without NUL bytes. */
int text_utf8_valid(const char *s, size_t n);
/* Number of code points in a valid UTF-8 string. */
size_t text_utf8_length(const char *s);
/* s itself if it has at most max characters; else its first max
 * characters followed by mark (NULL: nothing), in a (utf8.c). */
const char *text_cut(const char *s, size_t max, const char *mark, struct arena *a);

/* The language a text is written in, as kesu speaks them: "en" when it has
 * hardly any Chinese, else "zh-TW" or "zh-CN" by its script (lang.c). */
const char *text_guess_language(const char *s);

/* 1 if x and y are the same text once folded as search folds it
 * (质量问题 and 質量問題, Ｑ and q). */
int text_fold_equal(const char *x, const char *y);

/* Personal data, hidden by text_redact (redact.c). */
enum text_pii { TEXT_PII_NAME, TEXT_PII_NUMBER, TEXT_PII_EMAIL, TEXT_PII__COUNT };
struct text_secret {
	const char *text; /* NULL or empty: ignored */
	enum text_pii kind;
};
/* A copy of s (valid UTF-8) in a with personal data replaced by
 * labels[kind]: every occurrence of a known secret (the complainant's
 * name, also as surname and honorific, 王女士; their phone, address, order
 * number), every e-mail address, and every word holding 7 digits or more
 * (phone, order, card and ID numbers, also written 139 0000 1234). Dates
 * written 2026-11-20 stay. */
const char *text_redact(const char *s, const struct text_secret *known, int nknown,
			const char *const labels[TEXT_PII__COUNT], struct arena *a);

/* --- near-duplicate texts (sketch.c) ---------------------------------------- */

/* A MinHash sketch of a text's shingles (search query tokens: pairs of
 * folded Chinese characters, words of letters and digits). */
#define TEXT_SKETCH_SLOTS 48
#define TEXT_SKETCH_BANDS 16
#define TEXT_SKETCH_ROWS 3 /* BANDS x ROWS == SLOTS */
#define TEXT_SKETCH_BYTES 4000 /* of a text, the part sketched */
#define TEXT_SKETCH_PACKED (TEXT_SKETCH_SLOTS * 4 + 4)
struct text_sketch {
	uint32_t slot[TEXT_SKETCH_SLOTS];
	int shingles; /* 0: nothing to compare (similarity 0 with anything) */
};
void text_sketch_make(const char *s, size_t n, struct text_sketch *sk);
/* The estimated Jaccard similarity of the two texts' shingles, 0..1. */
double text_sketch_similarity(const struct text_sketch *x, const struct text_sketch *y);
/* The band keys of a sketch (positive): similar texts share some. */
void text_sketch_bands(const struct text_sketch *sk, int64_t band[TEXT_SKETCH_BANDS]);
/* As stored: TEXT_SKETCH_PACKED bytes, little-endian. unpack: -1 when p
 * is not a packed sketch. */
void text_sketch_pack(const struct text_sketch *sk, unsigned char out[TEXT_SKETCH_PACKED]);
int text_sketch_unpack(const void *p, int len, struct text_sketch *sk);
/* s folded as search folds it, with only letters, digits and Chinese
 * kept (CA 1234, ca-1234 and ＣＡ１２３４ give one key), in a; NULL for
 * NULL or nothing kept. */
const char *text_fold_key(const char *s, struct arena *a);

#endif
