/*
 * fold.c - per-character folding for search (see text.h).
 *
 * The traditional to simplified table is read out of OpenCC once at start-up
 * by converting every BMP Han character on its own line, so that OpenCC's
 * phrase rules cannot join neighbours. Char-level mapping is what search
 * needs: the same character folds the same way in the index and the query.
 */
#include "text.h"

#include <opencc/opencc.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#define T2S_LO 0x3400
#define T2S_HI 0xFFFF

static uint16_t *t2s; /* t2s[cp - T2S_LO]: simplified form, 0 if unchanged */
static uint64_t fingerprint;
static pthread_once_t once = PTHREAD_ONCE_INIT;
static const char *init_error;

int text_is_cjk(uint32_t cp)
{
	return (cp >= 0x3400 && cp <= 0x4DBF) || (cp >= 0x4E00 && cp <= 0x9FFF) ||
	       (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0x20000 && cp <= 0x3134F) ||
	       (cp >= 0x3040 && cp <= 0x30FF) || (cp >= 0x31F0 && cp <= 0x31FF) ||
	       cp == 0x3005 || cp == 0x3007;
}

static int is_han_bmp(uint32_t cp)
{
	return (cp >= 0x3400 && cp <= 0x4DBF) || (cp >= 0x4E00 && cp <= 0x9FFF) ||
	       (cp >= 0xF900 && cp <= 0xFAFF);
}

static void build(void)
{
	opencc_t cc = opencc_open(OPENCC_DEFAULT_CONFIG_TRAD_TO_SIMP);
	if (cc == (opencc_t)-1) {
		init_error = "cannot load OpenCC's t2s dictionary (is libopencc-data installed?)";
		return;
	}
	size_t cap = 0x10000 * 4, n = 0;
	char *in = malloc(cap);
	uint32_t count = 0;
	for (uint32_t cp = T2S_LO; cp <= T2S_HI; cp++) {
		if (!is_han_bmp(cp))
			continue;
		n += (size_t)utf8proc_encode_char((utf8proc_int32_t)cp,
						  (utf8proc_uint8_t *)in + n);
		in[n++] = '\n';
		count++;
	}
	char *out = opencc_convert_utf8(cc, in, n);
	free(in);
	opencc_close(cc);
	if (!out) {
		init_error = "OpenCC conversion failed";
		return;
	}
	t2s = calloc(T2S_HI - T2S_LO + 1, sizeof *t2s);
	/* Walk input code points and output lines in step. */
	const char *p = out;
	uint64_t h = 1469598103934665603ULL; /* FNV-1a over the mapping */
	for (uint32_t cp = T2S_LO; cp <= T2S_HI && *p; cp++) {
		if (!is_han_bmp(cp))
			continue;
		const char *eol = strchr(p, '\n');
		size_t len = eol ? (size_t)(eol - p) : strlen(p);
		utf8proc_int32_t to;
		utf8proc_ssize_t used = utf8proc_iterate((const utf8proc_uint8_t *)p,
							 (utf8proc_ssize_t)len, &to);
		if (used > 0 && (size_t)used == len && (uint32_t)to != cp &&
		    to >= T2S_LO && to <= T2S_HI) {
			t2s[cp - T2S_LO] = (uint16_t)to;
			h = (h ^ cp) * 1099511628211ULL;
			h = (h ^ (uint32_t)to) * 1099511628211ULL;
		}
		p += len + (eol ? 1 : 0);
	}
	opencc_convert_utf8_free(out);
	/* Also fold in the tokeniser's version and utf8proc's Unicode version. */
	const char *uv = utf8proc_unicode_version();
	for (; *uv; uv++)
		h = (h ^ (unsigned char)*uv) * 1099511628211ULL;
	fingerprint = (h ^ 1u /* tokeniser version */) * 1099511628211ULL;
	(void)count;
}

int text_init(const char **why)
{
	pthread_once(&once, build);
	if (!t2s) {
		if (why)
			*why = init_error ? init_error : "text folding unavailable";
		return -1;
	}
	return 0;
}

uint64_t text_fingerprint(void)
{
	return fingerprint;
}

int text_fold(uint32_t cp, uint32_t out[TEXT_FOLD_MAX])
{
	utf8proc_int32_t buf[TEXT_FOLD_MAX];
	int last = 0;
	utf8proc_ssize_t n = utf8proc_decompose_char(
		(utf8proc_int32_t)cp, buf, TEXT_FOLD_MAX,
		UTF8PROC_DECOMPOSE | UTF8PROC_COMPAT | UTF8PROC_CASEFOLD |
			UTF8PROC_STRIPMARK,
		&last);
	if (n < 0 || n > TEXT_FOLD_MAX) {
		out[0] = cp;
		return 1;
	}
	for (int i = 0; i < n; i++) {
		uint32_t c = (uint32_t)buf[i];
		if (t2s && c >= T2S_LO && c <= T2S_HI && t2s[c - T2S_LO])
			c = t2s[c - T2S_LO];
		out[i] = c;
	}
	return (int)n;
}
