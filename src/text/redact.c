/*
 * redact.c - takes personal data out of a customer's words before they are
 * reused (a knowledge-base draft written from a closed case): the names and
 * numbers the case itself holds, e-mail addresses, and anything that looks
 * like a phone, order or ID number.
 */
#include "text.h"

#include <ctype.h>
#include <string.h>
#include <utf8proc.h>

#include "../util/arena.h"

/* A number of this many digits or more is hidden: mobile (11) and
 * landline (7-8) numbers, order, card and ID numbers; prices, counts and
 * times have fewer. */
#define MIN_DIGITS 7

struct buf {
	char *p;
	size_t len, cap;
	struct arena *a;
};

static void put(struct buf *b, const char *s, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		size_t cap = (b->cap ? b->cap * 2 : 256) + n;
		char *p = arena_alloc(b->a, cap);
		if (b->len)
			memcpy(p, b->p, b->len);
		b->p = p;
		b->cap = cap;
	}
	if (n)
		memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
}

/* Length of the UTF-8 character at s (1 for a stray byte). */
static size_t char_len(const char *s)
{
	utf8proc_int32_t cp;
	utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *)s, 4, &cp);
	return n > 0 ? (size_t)n : 1;
}

/* 1 (and the byte length in *n) if s starts with an ASCII or full-width
 * digit. */
static int digit_at(const char *s, size_t *n)
{
	if (isdigit((unsigned char)s[0])) {
		*n = 1;
		return 1;
	}
	/* U+FF10..U+FF19: EF BC 90..99 */
	if ((unsigned char)s[0] == 0xEF && (unsigned char)s[1] == 0xBC &&
	    (unsigned char)s[2] >= 0x90 && (unsigned char)s[2] <= 0x99) {
		*n = 3;
		return 1;
	}
	return 0;
}

static int word_char(const char *s, size_t *n)
{
	if (isalnum((unsigned char)s[0])) {
		*n = 1;
		return 1;
	}
	return digit_at(s, n);
}

static int ascii_prefix_ci(const char *s, const char *prefix, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (!s[i])
			return 0;
		if (tolower((unsigned char)s[i]) != tolower((unsigned char)prefix[i]))
			return 0;
	}
	return 1;
}

static int email_local(char c)
{
	return isalnum((unsigned char)c) || strchr("._%+-", c) != NULL;
}

/* The length of an e-mail address at s, or 0. */
static size_t email_at(const char *s)
{
	size_t i = 0;
	while (s[i] && email_local(s[i]))
		i++;
	if (i == 0 || s[i] != '@')
		return 0;
	size_t at = i++, dot = 0;
	while (s[i] && (isalnum((unsigned char)s[i]) || s[i] == '-' || s[i] == '.')) {
		if (s[i] == '.')
			dot = i;
		i++;
	}
	while (i > at + 1 && s[i - 1] == '.')
		i--;
	if (!dot || dot <= at + 1 || dot >= i)
		return 0;
	size_t tld = 0;
	for (size_t k = dot + 1; k < i; k++)
		tld += isalpha((unsigned char)s[k]) != 0;
	return tld >= 2 ? i : 0;
}

/* The length of a date written 2026-11-20 at s, or 0: dates stay. */
static size_t date_at(const char *s)
{
	size_t i = 0, groups = 0, digits = 0;
	static const int want_max[] = {4, 2, 2};
	for (;;) {
		size_t n = 0;
		digits = 0;
		while (isdigit((unsigned char)s[i + n]))
			n++, digits++;
		if (digits == 0 || (int)digits > want_max[groups] || (groups == 0 && digits != 4))
			return 0;
		i += n;
		if (++groups == 3)
			break;
		if (s[i] != '-')
			return 0;
		i++;
	}
	return isdigit((unsigned char)s[i]) ? 0 : i;
}

/* A word of letters and digits at s, with single spaces or hyphens
 * between digits ("139 0000 1234", "0571-8888 6666"): its length and
 * digit count. */
static size_t number_word(const char *s, size_t *digits)
{
	size_t i = 0, n;
	*digits = 0;
	while (s[i]) {
		if (digit_at(s + i, &n)) {
			(*digits)++;
			i += n;
		} else if (word_char(s + i, &n)) {
			i += n;
		} else if ((s[i] == ' ' || s[i] == '-') && i > 0 && digit_at(s + i + 1, &n) &&
			   digit_at(s + i - 1, &n)) {
			i++;
		} else {
			break;
		}
	}
	return i;
}

static const char *const honorifics[] = {"先生", "女士", "小姐", "太太", NULL};

/* The length of a known secret (or a name's surname with an honorific:
 * 王女士) at s, or 0; *kind receives its kind. Latin ones match whole
 * words only (Li is not in Literally); prev_word says whether a letter or
 * digit comes before s. */
static size_t secret_at(const char *s, int prev_word, const struct text_secret *known,
			int nknown, enum text_pii *kind)
{
	for (int k = 0; k < nknown; k++) {
		const char *t = known[k].text;
		size_t n = t ? strlen(t) : 0;
		/* a one-character name would hide every such character */
		if (n == 0 || (known[k].kind == TEXT_PII_NAME && text_utf8_length(t) < 2))
			continue;
		int latin = isalnum((unsigned char)t[0]);
		if (ascii_prefix_ci(s, t, n) &&
		    !(latin && (prev_word || isalnum((unsigned char)s[n])))) {
			*kind = known[k].kind;
			return n;
		}
		if (known[k].kind != TEXT_PII_NAME || (unsigned char)t[0] < 0x80)
			continue;
		size_t first = char_len(t);
		if (strncmp(s, t, first) != 0)
			continue;
		for (int h = 0; honorifics[h]; h++) {
			size_t hn = strlen(honorifics[h]);
			if (strncmp(s + first, honorifics[h], hn) == 0) {
				*kind = TEXT_PII_NAME;
				return first + hn;
			}
		}
	}
	return 0;
}

const char *text_redact(const char *s, const struct text_secret *known, int nknown,
			const char *const labels[TEXT_PII__COUNT], struct arena *a)
{
	struct buf b = {NULL, 0, 0, a};
	put(&b, "", 0);
	int prev_word = 0; /* the character before is a letter or digit */
	size_t n;
	for (size_t i = 0; s[i];) {
		enum text_pii kind;
		size_t len;
		if ((len = secret_at(s + i, prev_word, known, nknown, &kind))) {
			put(&b, labels[kind], strlen(labels[kind]));
			i += len;
			prev_word = 0;
			continue;
		}
		if (!prev_word && email_local(s[i]) && (len = email_at(s + i))) {
			put(&b, labels[TEXT_PII_EMAIL], strlen(labels[TEXT_PII_EMAIL]));
			i += len;
			prev_word = 0;
			continue;
		}
		if (!prev_word && (len = date_at(s + i))) {
			put(&b, s + i, len);
			i += len;
			prev_word = 1;
			continue;
		}
		int plus = s[i] == '+' && digit_at(s + i + 1, &n);
		if (!prev_word && (plus || word_char(s + i, &n))) {
			size_t digits;
			len = plus + number_word(s + i + plus, &digits);
			if (digits >= MIN_DIGITS)
				put(&b, labels[TEXT_PII_NUMBER], strlen(labels[TEXT_PII_NUMBER]));
			else
				put(&b, s + i, len);
			i += len;
			prev_word = 1;
			continue;
		}
		len = char_len(s + i);
		prev_word = word_char(s + i, &n);
		put(&b, s + i, len);
		i += len;
	}
	return b.p;
}

/* --- comparing as search does ---------------------------------------------- */

/* The next folded code point of *s (advancing it); 0 at the end. */
static int next_folded(const char **s, uint32_t out[TEXT_FOLD_MAX], int *n)
{
	while (**s) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t used = utf8proc_iterate((const utf8proc_uint8_t *)*s, -1, &cp);
		if (used <= 0) {
			(*s)++;
			continue;
		}
		*s += used;
		*n = text_fold((uint32_t)cp, out);
		if (*n > 0)
			return 1;
	}
	return 0;
}

int text_fold_equal(const char *x, const char *y)
{
	uint32_t fx[TEXT_FOLD_MAX], fy[TEXT_FOLD_MAX];
	int nx = 0, ny = 0, ix = 0, iy = 0;
	for (;;) {
		if (ix == nx) {
			ix = 0;
			if (!next_folded(&x, fx, &nx))
				nx = 0;
		}
		if (iy == ny) {
			iy = 0;
			if (!next_folded(&y, fy, &ny))
				ny = 0;
		}
		if (nx == 0 || ny == 0)
			return nx == 0 && ny == 0;
		if (fx[ix++] != fy[iy++])
			return 0;
	}
}
