/*
 * features.c - what a linear model sees of a text: hashed words (marked
 * when a negation governs them), word pairs and character pairs, and a
 * few dense features read with the project's own lexicons
 * (data/analysis/LEXICON.txt): sentiment with negation and degree, anger,
 * exclamation, and the cue words of each mindset.
 */
#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linear.h>
#include <utf8proc.h>

#include "../text/text.h"
#include "../util/embedded.h"
#include "analysis.h"
#include "analysis_int.h"

enum {
	LX_POSITIVE,
	LX_NEGATIVE,
	LX_NEGATION,
	LX_DEGREE,
	LX_ANGER,
	LX_COMPENSATION,
	LX_RESPECT,
	LX_VENT,
	LX__COUNT
};
static const char *const lx_names[LX__COUNT] = {"positive", "negative",	    "negation",
						"degree",   "anger",	    "compensation",
						"respect",  "vent"};

/* One table of folded words, each with its weight in every lexicon. */
struct lx_entry {
	uint64_t h;
	float w[LX__COUNT];
};
static struct lx_entry *lx;
static size_t lx_cap;
/* The longest entry (in characters) that starts with a character, by the
 * character's first bytes: most characters start none, and are passed at
 * once. */
#define LX_FIRST (1 << 16)
static uint8_t lx_first[LX_FIRST];

static unsigned first_key(const char *s, int n)
{
	unsigned h = (unsigned char)s[0];
	for (int i = 1; i < n && i < 4 && ((unsigned char)s[i] & 0xC0) == 0x80; i++)
		h = h * 131 + (unsigned char)s[i];
	return h & (LX_FIRST - 1);
}
static pthread_once_t lx_once = PTHREAD_ONCE_INIT;

static uint64_t hash_bytes(uint64_t h, const void *p, size_t n)
{
	const unsigned char *s = p;
	for (size_t i = 0; i < n; i++) {
		h ^= s[i];
		h *= 0x100000001b3ULL;
	}
	return h;
}
#define HASH0 0xcbf29ce484222325ULL

static struct lx_entry *lx_slot(uint64_t h, int add)
{
	size_t i = h & (lx_cap - 1);
	while (lx[i].h && lx[i].h != h)
		i = (i + 1) & (lx_cap - 1);
	if (!lx[i].h && !add)
		return NULL;
	lx[i].h = h;
	return &lx[i];
}

/* s folded into out (at most max bytes); returns its characters. */
static int fold_word(const char *s, size_t n, char *out, size_t max, size_t *outlen)
{
	size_t o = 0;
	int chars = 0;
	for (size_t i = 0; i < n;) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)s + i,
						      (utf8proc_ssize_t)(n - i), &cp);
		if (k <= 0)
			break;
		i += (size_t)k;
		uint32_t f[TEXT_FOLD_MAX];
		int m = text_fold((uint32_t)cp, f);
		for (int j = 0; j < m && o + 4 < max; j++)
			o += (size_t)utf8proc_encode_char((utf8proc_int32_t)f[j],
							  (utf8proc_uint8_t *)out + o);
		chars++;
	}
	*outlen = o;
	return chars;
}

static void lx_load(void)
{
	lx_cap = 1 << 15;
	lx = calloc(lx_cap, sizeof *lx);
	size_t used = 0;
	for (int k = 0; k < LX__COUNT; k++) {
		char path[64];
		snprintf(path, sizeof path, "data/analysis/%s.txt", lx_names[k]);
		const struct embedded_file *f = embedded_find(path);
		if (!f)
			continue;
		const char *p = (const char *)f->data, *end = p + f->size;
		while (p < end) {
			const char *nl = memchr(p, '\n', (size_t)(end - p));
			if (!nl)
				nl = end;
			const char *tab = memchr(p, '\t', (size_t)(nl - p));
			size_t wl = (size_t)((tab ? tab : nl) - p);
			while (wl && (p[wl - 1] == '\r' || p[wl - 1] == ' '))
				wl--;
			if (wl && *p != '#' && used < lx_cap / 2) {
				char buf[256];
				size_t bl;
				int chars = fold_word(p, wl, buf, sizeof buf, &bl);
				double w = tab ? strtod(tab + 1, NULL) : 1;
				if (bl && w != 0) {
					struct lx_entry *e = lx_slot(hash_bytes(HASH0, buf, bl), 1);
					if (e->w[0] == 0 && e->w[1] == 0)
						used++;
					e->w[k] = (float)w;
					unsigned fk = first_key(buf, (int)bl);
					if (chars > lx_first[fk])
						lx_first[fk] = (uint8_t)(chars > 8 ? 8 : chars);
				}
			}
			p = nl + 1;
		}
	}
}

static const struct lx_entry *lx_find(const char *s, size_t n)
{
	pthread_once(&lx_once, lx_load);
	return lx_slot(hash_bytes(HASH0, s, n), 0);
}

static int is_clause_end(const char *s)
{
	/* most characters are none of them: the first byte tells */
	unsigned char c = (unsigned char)*s;
	if (c < 0x80 ? !strchr(",.!?;\n", c) || !c : c != 0xE3 && c != 0xE2 && c != 0xEF)
		return 0;
	static const char *const marks[] = {"，", "。", "！", "？", "；", "…", "\n", ",", ".",
					    "!",  "?",	";",  NULL};
	for (int i = 0; marks[i]; i++)
		if (strncmp(s, marks[i], strlen(marks[i])) == 0)
			return (int)strlen(marks[i]);
	return 0;
}

/* The lexicon reading of a document (the dense features). */
struct lx_reading {
	double pos, neg, neg_pos, neg_neg, anger, cue[3];
	int exclaim, question, runs, upper, letters;
};

static int next_char(const char *s, int i, int n)
{
	i++;
	while (i < n && ((unsigned char)s[i] & 0xC0) == 0x80)
		i++;
	return i;
}

static void lx_scan(const struct an_doc *d, struct lx_reading *r)
{
	memset(r, 0, sizeof *r);
	pthread_once(&lx_once, lx_load);
	const char *s = d->fold;
	int n = d->nfold, negated = 0, neg_left = 0, bang = 0;
	double degree = 1;
	for (int i = 0; i < n;) {
		int ce = is_clause_end(s + i);
		if (ce) {
			if (s[i] == '!' || !strncmp(s + i, "！", 3)) {
				r->exclaim++;
				if (++bang == 2)
					r->runs++;
			} else {
				bang = 0;
			}
			if (s[i] == '?' || !strncmp(s + i, "？", 3))
				r->question++;
			negated = 0, neg_left = 0, degree = 1;
			i += ce;
			continue;
		}
		bang = 0;
		if ((unsigned char)s[i] < 0x80 && ((s[i] >= 'A' && s[i] <= 'Z') ||
						   (s[i] >= 'a' && s[i] <= 'z')))
			r->letters++;
		if ((unsigned char)d->src[d->orig[i]] >= 'A' && (unsigned char)d->src[d->orig[i]] <= 'Z')
			r->upper++;
		/* the longest entry that starts here */
		const struct lx_entry *best = NULL;
		int best_end = 0, j = i;
		int most = lx_first[first_key(s + i, n - i)];
		for (int c = 0; c < most && j < n; c++) {
			j = next_char(s, j, n);
			const struct lx_entry *e = lx_slot(hash_bytes(HASH0, s + i, (size_t)(j - i)), 0);
			if (e)
				best = e, best_end = j;
		}
		if (!best) {
			i = next_char(s, i, n);
			if (neg_left && --neg_left == 0)
				negated = 0, degree = 1;
			continue;
		}
		if (best->w[LX_NEGATION] && !best->w[LX_NEGATIVE] && !best->w[LX_POSITIVE]) {
			negated ^= 1; /* 没有不满意: two negations cancel */
			neg_left = 4;
		} else if (best->w[LX_DEGREE] && !best->w[LX_NEGATIVE] && !best->w[LX_POSITIVE]) {
			degree = best->w[LX_DEGREE];
			if (!neg_left)
				neg_left = 3;
		} else {
			double p = best->w[LX_POSITIVE] * degree, q = best->w[LX_NEGATIVE] * degree;
			if (negated) {
				/* 不好 is bad; 不差 is only fairly good */
				r->neg += p * 0.8, r->pos += q * 0.5;
				r->neg_pos += p, r->neg_neg += q;
			} else {
				r->pos += p, r->neg += q;
				r->anger += best->w[LX_ANGER] * degree;
			}
			for (int k = 0; k < 3; k++)
				r->cue[k] += best->w[LX_COMPENSATION + k];
			negated = 0, neg_left = 0, degree = 1;
		}
		i = best_end;
	}
}

double an_lexicon_polarity(const struct an_doc *doc)
{
	struct lx_reading r;
	lx_scan(doc, &r);
	return r.pos - r.neg;
}

/* --- hashed features ------------------------------------------------------- */


struct fv {
	struct feature_node *x;
	int n, cap;
};

static void fv_add(struct fv *v, int index, double value)
{
	if (v->n == v->cap) {
		v->cap = v->cap ? v->cap * 2 : 256;
		v->x = realloc(v->x, sizeof *v->x * (size_t)(v->cap + 2));
	}
	v->x[v->n++] = (struct feature_node){index, value};
}

static void fv_hash(struct fv *v, int dims, char kind, const char *a, int na, const char *b,
		    int nb)
{
	uint64_t h = hash_bytes(HASH0, &kind, 1);
	h = hash_bytes(h, a, (size_t)na);
	if (b) {
		h = hash_bytes(h, "|", 1);
		h = hash_bytes(h, b, (size_t)nb);
	}
	fv_add(v, AN_DENSE + 1 + (int)(h % (uint64_t)dims), 1);
}

static int by_index(const void *x, const void *y)
{
	const struct feature_node *a = x, *b = y;
	return (a->index > b->index) - (a->index < b->index);
}

static int is_cjk_at(const char *s, int i, int n)
{
	utf8proc_int32_t cp;
	return utf8proc_iterate((const utf8proc_uint8_t *)s + i, n - i, &cp) > 0 &&
	       text_is_cjk((uint32_t)cp);
}

struct feature_node *an_features(const struct an_doc *d, int dims, int nthreats)
{
	struct fv v = {0};
	struct lx_reading r;
	lx_scan(d, &r);
	/* words, negated words, word pairs */
	int neg_scope = 0, prev = -1;
	for (int t = 0; t < d->ntok; t++) {
		const struct an_tok *k = &d->tok[t];
		const char *w = d->fold + k->s;
		int wl = k->e - k->s;
		if (!k->word) {
			if (is_clause_end(w))
				neg_scope = 0;
			fv_hash(&v, dims, 'p', w, wl, NULL, 0);
			prev = -1;
			continue;
		}
		const struct lx_entry *e = lx_find(w, (size_t)wl);
		fv_hash(&v, dims, neg_scope ? 'n' : 'w', w, wl, NULL, 0);
		if (prev >= 0)
			fv_hash(&v, dims, 'b', d->fold + d->tok[prev].s, d->tok[prev].e - d->tok[prev].s,
				w, wl);
		prev = t;
		if (e && e->w[LX_NEGATION] && !e->w[LX_NEGATIVE])
			neg_scope = 3;
		else if (neg_scope)
			neg_scope--;
	}
	/* pairs of Chinese characters: words the dictionary does not know */
	for (int i = 0; i < d->nfold;) {
		int j = next_char(d->fold, i, d->nfold);
		if (j < d->nfold && is_cjk_at(d->fold, i, d->nfold) && is_cjk_at(d->fold, j, d->nfold)) {
			int k = next_char(d->fold, j, d->nfold);
			fv_hash(&v, dims, 'c', d->fold + i, k - i, NULL, 0);
		}
		i = j;
	}
	/* each hashed feature once, the vector of unit length */
	if (v.n)
		qsort(v.x, (size_t)v.n, sizeof *v.x, by_index);
	int m = 0;
	for (int i = 0; i < v.n; i++)
		if (!m || v.x[m - 1].index != v.x[i].index)
			v.x[m++] = v.x[i];
	double norm = m ? 1 / sqrt((double)m) : 0;
	for (int i = 0; i < m; i++)
		v.x[i].value = norm;
	v.n = m;
	/* the dense features first */
	double dense[AN_DENSE] = {
		log1p(r.pos),
		log1p(r.neg),
		log1p(r.neg_pos),
		log1p(r.neg_neg),
		log1p(r.anger),
		log1p(r.exclaim),
		log1p(r.question),
		log1p(r.runs),
		log1p(r.cue[0]),
		log1p(r.cue[1]),
		log1p(r.cue[2]),
		nthreats > 0,
		log1p(nthreats),
		log1p(d->nfold / 60.0),
		r.letters > 8 ? (double)r.upper / r.letters : 0,
		r.pos > r.neg,
		r.neg > r.pos,
		r.neg - r.pos > 3,
		r.anger >= 3,
		r.exclaim >= 3,
	};
	struct feature_node *x = malloc(sizeof *x * (size_t)(v.n + AN_DENSE + 2));
	int o = 0;
	for (int i = 0; i < AN_DENSE; i++)
		if (dense[i] != 0)
			x[o++] = (struct feature_node){i + 1, dense[i]};
	if (v.n)
		memcpy(x + o, v.x, sizeof *x * (size_t)v.n);
	o += v.n;
	x[o++] = (struct feature_node){AN_DENSE + dims + 1, 1}; /* the bias */
	x[o] = (struct feature_node){-1, 0};
	free(v.x);
	return x;
}
