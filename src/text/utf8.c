/*
 * utf8.c - UTF-8 text as kesu measures and cuts it: valid or not, its
 * length in characters, and a cut that never splits a character.
 */
#include <string.h>
#include <utf8proc.h>

#include "text.h"

int text_utf8_valid(const char *s, size_t n)
{
	size_t i = 0;
	while (i < n) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t used = utf8proc_iterate(
			(const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)(n - i), &cp);
		if (used <= 0 || cp == 0)
			return 0;
		i += (size_t)used;
	}
	return 1;
}

size_t text_utf8_length(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		if (((unsigned char)*s & 0xC0) != 0x80)
			n++;
	return n;
}

const char *text_cut(const char *s, size_t max, const char *mark, struct arena *a)
{
	const char *p = s;
	for (size_t chars = 0; *p && chars < max; chars++) {
		p++;
		while ((*p & 0xC0) == 0x80)
			p++;
	}
	return *p ? arena_printf(a, "%.*s%s", (int)(p - s), s, mark ? mark : "") : s;
}
