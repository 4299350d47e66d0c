/*
 * sketch.c - near-duplicate texts (domain.md 9: many complaints about one
 * thing). A text's sketch is a MinHash of its shingles: the tokens a
 * search query makes of it (pairs of neighbouring Chinese characters once
 * folded, so 航班延誤 and 航班延误 are one, and whole words of letters and
 * digits). The share of equal slots of two sketches estimates the Jaccard
 * similarity of their shingle sets. Bands of slots are the keys under
 * which similar texts meet (locality-sensitive hashing): two texts with
 * similarity s share at least one band with probability
 * 1 - (1 - s^ROWS)^BANDS.
 */
#include <string.h>
#include <utf8proc.h>

#include "text.h"

/* splitmix64's finaliser: a well-mixed 64-bit value of x */
static uint64_t mix(uint64_t x)
{
	x ^= x >> 30;
	x *= 0xbf58476d1ce4e5b9ULL;
	x ^= x >> 27;
	x *= 0x94d049bb133111ebULL;
	return x ^ (x >> 31);
}

static uint64_t fnv(const char *s, int n)
{
	uint64_t h = 0xcbf29ce484222325ULL;
	for (int i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 0x100000001b3ULL;
	return h;
}

struct sk_ctx {
	struct text_sketch *sk;
};

static int shingle(void *ctx, int flags, const char *tok, int len, int start, int end)
{
	(void)flags, (void)start, (void)end;
	struct text_sketch *sk = ((struct sk_ctx *)ctx)->sk;
	uint64_t h = fnv(tok, len);
	for (int i = 0; i < TEXT_SKETCH_SLOTS; i++) {
		/* one independent hash per slot, from one hash of the shingle */
		uint32_t v = (uint32_t)mix(h + 0x9e3779b97f4a7c15ULL * (uint64_t)(i + 1));
		if (v < sk->slot[i])
			sk->slot[i] = v;
	}
	sk->shingles++;
	return 0;
}

void text_sketch_make(const char *s, size_t n, struct text_sketch *sk)
{
	for (int i = 0; i < TEXT_SKETCH_SLOTS; i++)
		sk->slot[i] = UINT32_MAX;
	sk->shingles = 0;
	struct sk_ctx ctx = {sk};
	/* a long text is judged by its first TEXT_SKETCH_BYTES: what a burst
	 * of complaints shares is said at once, and the cost stays bounded */
	if (n > TEXT_SKETCH_BYTES) {
		n = TEXT_SKETCH_BYTES;
		while (n && ((unsigned char)s[n] & 0xC0) == 0x80)
			n--;
	}
	text_tokenize(s, (int)n, TEXT_QUERY, shingle, &ctx);
}

double text_sketch_similarity(const struct text_sketch *x, const struct text_sketch *y)
{
	if (!x->shingles || !y->shingles)
		return 0;
	int same = 0;
	for (int i = 0; i < TEXT_SKETCH_SLOTS; i++)
		same += x->slot[i] == y->slot[i];
	return (double)same / TEXT_SKETCH_SLOTS;
}

void text_sketch_bands(const struct text_sketch *sk, int64_t band[TEXT_SKETCH_BANDS])
{
	for (int b = 0; b < TEXT_SKETCH_BANDS; b++) {
		uint64_t h = mix((uint64_t)b + 1);
		for (int r = 0; r < TEXT_SKETCH_ROWS; r++)
			h = mix(h ^ sk->slot[b * TEXT_SKETCH_ROWS + r]);
		/* a positive 63-bit key: SQLite keeps it as is */
		band[b] = (int64_t)(h >> 1);
	}
}

void text_sketch_pack(const struct text_sketch *sk, unsigned char out[TEXT_SKETCH_PACKED])
{
	for (int i = 0; i < TEXT_SKETCH_SLOTS; i++)
		for (int k = 0; k < 4; k++)
			out[i * 4 + k] = (unsigned char)(sk->slot[i] >> (8 * k));
	for (int k = 0; k < 4; k++)
		out[TEXT_SKETCH_SLOTS * 4 + k] = (unsigned char)((uint32_t)sk->shingles >> (8 * k));
}

int text_sketch_unpack(const void *p, int len, struct text_sketch *sk)
{
	const unsigned char *b = p;
	if (!b || len != TEXT_SKETCH_PACKED)
		return -1;
	for (int i = 0; i < TEXT_SKETCH_SLOTS; i++) {
		sk->slot[i] = 0;
		for (int k = 0; k < 4; k++)
			sk->slot[i] |= (uint32_t)b[i * 4 + k] << (8 * k);
	}
	uint32_t s = 0;
	for (int k = 0; k < 4; k++)
		s |= (uint32_t)b[TEXT_SKETCH_SLOTS * 4 + k] << (8 * k);
	sk->shingles = (int)s;
	return 0;
}

const char *text_fold_key(const char *s, struct arena *a)
{
	if (!s)
		return NULL;
	/* a character folds to at most TEXT_FOLD_MAX of at most 4 bytes each */
	size_t n = 0;
	char *out = arena_alloc(a, strlen(s) * TEXT_FOLD_MAX * 4 + 1);
	while (*s) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t used = utf8proc_iterate((const utf8proc_uint8_t *)s, -1, &cp);
		if (used <= 0) {
			s++;
			continue;
		}
		s += used;
		uint32_t f[TEXT_FOLD_MAX];
		int k = text_fold((uint32_t)cp, f);
		for (int i = 0; i < k; i++) {
			utf8proc_category_t cat = utf8proc_category((utf8proc_int32_t)f[i]);
			/* letters, digits and Chinese only: 'CA 1234', 'ca-1234' and
			 * 'ＣＡ１２３４' are one key */
			if (!text_is_cjk(f[i]) && !(cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_LO) &&
			    !(cat >= UTF8PROC_CATEGORY_ND && cat <= UTF8PROC_CATEGORY_NO))
				continue;
			n += (size_t)utf8proc_encode_char((utf8proc_int32_t)f[i],
							  (utf8proc_uint8_t *)out + n);
		}
	}
	out[n] = '\0';
	return n ? out : NULL;
}
