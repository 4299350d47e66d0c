/*
 * phone.c - reading phone numbers (see phone.h).
 */
#include "phone.h"

#include <stdio.h>
#include <string.h>

#define DIGITS_MAX 24
#define GROUPS_MAX 12

/* A number as typed, reduced: its digits, where its groups start and the
 * separator before each, whether it began with +, and the extension. */
struct typed {
	char d[DIGITS_MAX + 1];
	int n;
	int plus;
	int group_at[GROUPS_MAX]; /* index in d where a group starts */
	char group_sep[GROUPS_MAX]; /* the separator before it: ' ', '-', 0 for none */
	int ngroups;
	char ext[8];
	int has_ext;
};

/* The character at *p as phone text: a digit, '+', a separator (' ', '-',
 * '(', ')'), 'x' for an extension's mark, or 0 for anything else; *p moves
 * past it. Full-width forms count as their ASCII twins. */
static char next_char(const char **p)
{
	const unsigned char *s = (const unsigned char *)*p;
	static const struct {
		const char *utf8;
		char as;
	} wide[] = {
		{"\xef\xbc\x8b", '+'}, /* ＋ */
		{"\xef\xbc\x8d", '-'}, /* － */
		{"\xe2\x80\x90", '-'}, {"\xe2\x80\x91", '-'}, {"\xe2\x80\x92", '-'},
		{"\xe2\x80\x93", '-'}, {"\xe2\x80\x94", '-'}, /* dashes */
		{"\xef\xbc\x88", '('}, {"\xef\xbc\x89", ')'}, /* （ ） */
		{"\xe3\x80\x80", ' '},			      /* ideographic space */
		{"\xef\xbc\x8e", '.'},			      /* ． */
		{"\xef\xbc\x83", 'x'},			      /* ＃ */
		{"\xe8\xbd\xac", 'x'}, {"\xe8\xbd\x89", 'x'}, /* 转 轉 */
		{"\xe5\x88\x86\xe6\x9c\xba", 'x'},	      /* 分机 */
		{"\xe5\x88\x86\xe6\xa9\x9f", 'x'},	      /* 分機 */
	};
	if (s[0] == 0xef && s[1] == 0xbc && s[2] >= 0x90 && s[2] <= 0x99) {
		*p += 3;
		return (char)('0' + s[2] - 0x90); /* ０..９ */
	}
	for (size_t i = 0; i < sizeof wide / sizeof *wide; i++) {
		size_t k = strlen(wide[i].utf8);
		if (strncmp(*p, wide[i].utf8, k) == 0) {
			*p += k;
			return wide[i].as;
		}
	}
	if (strncasecmp(*p, "ext.", 4) == 0) {
		*p += 4;
		return 'x';
	}
	if (strncasecmp(*p, "ext", 3) == 0) {
		*p += 3;
		return 'x';
	}
	char c = (char)s[0];
	if (!c)
		return 0;
	(*p)++;
	if ((c >= '0' && c <= '9') || c == '+' || c == '-' || c == '(' || c == ')' || c == ' ')
		return c;
	if (c == '.' || c == '/')
		return c == '.' ? '.' : 0;
	if (c == 'x' || c == 'X' || c == '#')
		return 'x';
	return 0;
}

static int read_typed(const char *s, struct typed *t)
{
	memset(t, 0, sizeof *t);
	int depth = 0, in_ext = 0, ext_n = 0;
	char sep = 0;
	const char *p = s;
	while (*p) {
		char c = next_char(&p);
		if (!c)
			return -1;
		if (c == 'x') {
			if (in_ext || t->n == 0)
				return -1;
			in_ext = t->has_ext = 1;
			continue;
		}
		if (in_ext) {
			/* an extension: digits, perhaps after a space or a colon-free mark */
			if (c >= '0' && c <= '9') {
				if (ext_n >= (int)sizeof t->ext - 2)
					return -1;
				t->ext[ext_n++] = c;
			} else if (c != ' ' && c != '.' && c != '-')
				return -1;
			continue;
		}
		if (c == '+') {
			if (t->n || t->plus)
				return -1;
			t->plus = 1;
			continue;
		}
		if (c == '(' || c == ')') {
			depth += c == '(' ? 1 : -1;
			if (depth < 0 || depth > 1)
				return -1;
			sep = sep ? sep : ' ';
			continue;
		}
		if (c == ' ' || c == '-' || c == '.') {
			if (sep == '-' && c == '-')
				return -1; /* "--" is no way to write a number */
			sep = c == '-' || sep == '-' ? '-' : ' ';
			continue;
		}
		/* a digit */
		if (t->n == 0 || sep) {
			if (t->ngroups == GROUPS_MAX)
				return -1;
			t->group_at[t->ngroups] = t->n;
			t->group_sep[t->ngroups++] = t->n ? sep : 0;
			sep = 0;
		}
		if (t->n == DIGITS_MAX)
			return -1;
		t->d[t->n++] = c;
	}
	if (depth || t->n == 0 || (t->has_ext && ext_n == 0))
		return -1;
	return 0;
}

/* A mainland mobile of 11 digits: 1[3-9]xxxxxxxxx. */
static int is_mobile(const char *d, int n)
{
	return n == 11 && d[0] == '1' && d[1] >= '3' && d[1] <= '9';
}

/* A mainland landline written with its trunk 0 and area code: 010 and
 * 02X take eight more digits, 0XXX seven or eight; a subscriber number
 * never starts with 0. */
static int is_landline(const char *d, int n)
{
	if (n < 11 || n > 12 || d[0] != '0')
		return 0;
	int area;
	if (d[1] == '1')
		area = d[2] == '0' ? 3 : 0;
	else if (d[1] == '2')
		area = 3;
	else if (d[1] >= '3' && d[1] <= '9')
		area = 4;
	else
		area = 0;
	if (!area || (area == 3 && n != 11))
		return 0;
	return d[area] != '0';
}

/* A 400 or 800 hotline: ten digits. */
static int is_hotline(const char *d, int n)
{
	return n == 10 && (strncmp(d, "400", 3) == 0 || strncmp(d, "800", 3) == 0);
}

/* The kind of the national number d of country cc ("86", "852"...); -1 if
 * it is not a number there. */
static int national(const char *cc, const char *d, int n)
{
	if (strcmp(cc, "86") == 0) {
		if (is_mobile(d, n))
			return PHONE_MOBILE;
		char with0[DIGITS_MAX + 2] = "0";
		if (d[0] == '0') /* the trunk 0 written after +86 anyway */
			d++, n--;
		memcpy(with0 + 1, d, (size_t)n);
		if (is_landline(with0, n + 1))
			return PHONE_LANDLINE;
		return is_hotline(d, n) ? PHONE_HOTLINE : -1;
	}
	if (strcmp(cc, "852") == 0 || strcmp(cc, "853") == 0)
		return n == 8 && d[0] >= '2' && d[0] <= '9' ? (cc[2] == '2' ? PHONE_HK : PHONE_MO)
							    : -1;
	/* Taiwan: 8 or 9 digits, the trunk 0 as often written as not */
	if (d[0] == '0')
		d++, n--;
	return n >= 8 && n <= 9 && d[0] >= '2' && d[0] <= '9' ? PHONE_TW : -1;
}

/* The kind of the digits d (a + before them: intl), and the E.164 form;
 * -1 if they are no phone number. */
static int classify(const char *d, int n, int intl, char e164[PHONE_E164_SIZE])
{
	int kind = -1;
	if (!intl && n > 2 && d[0] == '0' && d[1] == '0')
		d += 2, n -= 2, intl = 1; /* 0086..., 00852... */
	if (!intl && n == 13 && strncmp(d, "861", 3) == 0)
		d += 2, n -= 2; /* 86 138..., the + left out */
	if (!intl) {
		if (is_mobile(d, n))
			kind = PHONE_MOBILE;
		else if (is_landline(d, n))
			kind = PHONE_LANDLINE;
		else if (is_hotline(d, n))
			kind = PHONE_HOTLINE;
		if (kind < 0)
			return -1;
		snprintf(e164, PHONE_E164_SIZE, "+86%.*s", kind == PHONE_LANDLINE ? n - 1 : n,
			 kind == PHONE_LANDLINE ? d + 1 : d);
		return kind;
	}
	if (d[0] == '0' || n < 7 || n > 15)
		return -1;
	static const char *const cn[] = {"86", "852", "853", "886"};
	for (size_t i = 0; i < sizeof cn / sizeof *cn; i++) {
		size_t k = strlen(cn[i]);
		if (strncmp(d, cn[i], k) == 0 && (int)k < n) {
			kind = national(cn[i], d + k, n - (int)k);
			if (kind < 0)
				return -1;
			int m = n - (int)k;
			const char *rest = d + k;
			if (rest[0] == '0')
				rest++, m--; /* the trunk 0 is no part of E.164 */
			snprintf(e164, PHONE_E164_SIZE, "+%s%.*s", cn[i], m, rest);
			return kind;
		}
	}
	if (d[0] == '1' && n != 11)
		return -1; /* North America: ten digits after the 1 */
	snprintf(e164, PHONE_E164_SIZE, "+%.*s", n, d);
	return PHONE_INTL;
}

int phone_parse(const char *s, struct phone *out)
{
	struct typed t;
	struct phone p = {0};
	if (!s || read_typed(s, &t))
		return -1;
	int kind = classify(t.d, t.n, t.plus, p.e164);
	const char *ext = t.ext;
	if (kind < 0 && !t.has_ext && t.ngroups >= 2 && t.group_sep[t.ngroups - 1] == '-') {
		/* 010-12345678-8001: the group after the last dash is the
		 * extension of a landline */
		int at = t.group_at[t.ngroups - 1];
		if (t.n - at <= 6) {
			kind = classify(t.d, at, t.plus, p.e164);
			if (kind != PHONE_LANDLINE && kind != PHONE_HOTLINE)
				return -1;
			ext = t.d + at;
		}
	}
	if (kind < 0 || (kind == PHONE_MOBILE && *ext))
		return -1;
	p.kind = (enum phone_kind)kind;
	snprintf(p.ext, sizeof p.ext, "%s", ext);
	if (out)
		*out = p;
	return 0;
}
