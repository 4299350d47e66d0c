/*
 * mailparse.c - one incoming message taken apart (see mailparse.h).
 *
 * GMime finds the MIME structure and undoes RFC 2047/2231 and the transfer
 * encodings; the charsets are ours. GMime converts gb2312 as GBK, big5 as
 * plain BIG5 and an unencoded 8-bit parameter in the locale's charset,
 * which loses characters Chinese mail routinely carries. So each header
 * value we use is first rewritten (8-bit text to UTF-8, charset labels to
 * the supersets below) and only then handed to GMime's decoders, and body
 * text is converted here with iconv. Everything returned goes through one
 * UTF-8 cleaner, so no invalid sequence or NUL byte gets out.
 */
#include "mailparse.h"

#include <errno.h>
#include <iconv.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <gmime/gmime.h>
#include <libxml/HTMLparser.h>

#define DEF_TEXT (1u << 20)
#define DEF_ATT (25u << 20)
#define DEF_NATT 100
#define LINE_MAX_BYTES 4096 /* one header value (subject, name, file name) */
#define WHY_MAX 120
#define CHAIN "" /* in charsets[]: no real charset, guess */

static GMimeParserOptions *opts;
static pthread_once_t once = PTHREAD_ONCE_INIT;

/* Labels seen in mail, and what iconv should read them as: the superset
 * the sender's software really wrote. Labels not listed go to iconv as
 * they are; CHAIN and unknown ones are guessed (see convert). */
static const struct {
	const char *iconv, *labels;
} charsets[] = {
	{"UTF-8", " utf-8 utf8 "},
	{"GB18030", " gb2312 gbk x-gbk cp936 ms936 windows-936 euc-cn x-euc-cn csgb2312 gb_2312-80"
		    " gb18030 "},
	{"BIG5-HKSCS", " big5 x-big5 cn-big5 csbig5 big5-hkscs big5_tw big5-tw x-x-big5 "},
	{"CP949", " ks_c_5601-1987 ks_c_5601 euc-kr korean "},
	{"CP932", " shift_jis shift-jis sjis x-sjis ms_kanji windows-31j "},
	{"CP1252", " iso-8859-1 iso8859-1 iso_8859-1 latin1 "},
	{CHAIN, " us-ascii ascii ansi_x3.4-1968 unknown-8bit x-unknown none default "},
};

static const char *charset_lookup(const char *label, size_t n)
{
	char key[44];
	if (n > 40 || memchr(label, ' ', n))
		return NULL;
	snprintf(key, sizeof key, " %.*s ", (int)n, label);
	for (size_t i = 0; i < sizeof charsets / sizeof charsets[0]; i++)
		if (strcasestr(charsets[i].labels, key))
			return charsets[i].iconv;
	return NULL;
}

/* The iconv name for a label, or NULL to guess. A label with characters
 * iconv gives meaning to ("utf-8//IGNORE") is not passed on. */
static const char *charset_iconv(const char *label)
{
	if (!label || !*label || strlen(label) > 40)
		return NULL;
	const char *cs = charset_lookup(label, strlen(label));
	if (cs)
		return *cs ? cs : NULL;
	for (const char *p = label; *p; p++)
		if (!strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.:+", *p))
			return NULL;
	return label;
}

/* A growing output buffer that refuses to pass cap bytes: what would go
 * over is dropped and cut is set. */
struct buf {
	char *s;
	size_t n, size, cap;
	int cut;
};

static int buf_raw(struct buf *b, const char *p, size_t k)
{
	if (b->cut || b->n + k > b->cap) {
		b->cut = 1;
		return 0;
	}
	if (b->n + k + 1 > b->size) {
		b->size = (b->n + k + 1) * 2 > 256 ? (b->n + k + 1) * 2 : 256;
		b->s = g_realloc(b->s, b->size);
	}
	memcpy(b->s + b->n, p, k);
	b->n += k;
	b->s[b->n] = '\0';
	return 1;
}

static char *buf_take(struct buf *b, struct arena *a)
{
	char *s = arena_strndup(a, b->s ? b->s : "", b->n);
	g_free(b->s);
	memset(b, 0, sizeof *b);
	return s;
}

/* Length of the valid UTF-8 sequence at s (n > 0 bytes left), 0 if invalid. */
static size_t utf8_seq(const unsigned char *s, size_t n)
{
	uint32_t cp, min;
	size_t k;
	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xC2 && s[0] <= 0xDF)
		k = 2, cp = s[0] & 0x1F, min = 0x80;
	else if (s[0] >= 0xE0 && s[0] <= 0xEF)
		k = 3, cp = s[0] & 0x0F, min = 0x800;
	else if (s[0] >= 0xF0 && s[0] <= 0xF4)
		k = 4, cp = s[0] & 0x07, min = 0x10000;
	else
		return 0;
	if (n < k)
		return 0;
	for (size_t i = 1; i < k; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3F);
	}
	return cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF) ? 0 : k;
}

/* Appends s as valid UTF-8: invalid bytes become U+FFFD, NULs vanish. */
static void put_utf8(struct buf *b, const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s, *end = p + n;
	while (p < end && !b->cut) {
		size_t k = utf8_seq(p, (size_t)(end - p));
		if (*p == 0)
			p++;
		else if (k)
			buf_raw(b, (const char *)p, k), p += k;
		else
			buf_raw(b, "\xEF\xBF\xBD", 3), p++;
	}
}

static int utf8_ok(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s, *end = p + n;
	for (size_t k; p < end; p += k)
		if (!(k = utf8_seq(p, (size_t)(end - p))))
			return 0;
	return 1;
}

/* Converts from cs with iconv. Invalid input becomes U+FFFD, or with
 * strict makes it return 0. Returns -1 if iconv does not know cs. */
static int iconv_put(struct buf *b, const char *cs, const char *in, size_t len, int strict)
{
	iconv_t cd = iconv_open("UTF-8", cs);
	if (cd == (iconv_t)-1)
		return -1;
	char *ip = (char *)in, tmp[4096];
	size_t il = len;
	int ok = 1, done = 0;
	while (!done && !b->cut) {
		char *op = tmp;
		size_t ol = sizeof tmp;
		int flush = !il; /* the last call: decoders that wait for combining marks let go */
		size_t r = flush ? iconv(cd, NULL, NULL, &op, &ol) : iconv(cd, &ip, &il, &op, &ol);
		int e = errno;
		put_utf8(b, tmp, (size_t)(op - tmp));
		if (r != (size_t)-1)
			done = flush;
		else if (e == E2BIG)
			continue;
		else if (flush)
			break;
		else if (strict)
			ok = 0, done = 1;
		else if (buf_raw(b, "\xEF\xBF\xBD", 3) && e == EILSEQ)
			ip++, il--;
		else
			il = 0; /* EINVAL: a sequence cut off at the end */
	}
	iconv_close(cd);
	return ok;
}

/* Appends in (bytes in charset label, or in a guessed one: UTF-8, the
 * hint, GB18030, windows-1252) as UTF-8. */
static void convert(struct buf *b, const char *in, size_t len, const char *label, const char *hint)
{
	if (!len)
		return; /* an empty part: its bytes may be NULL */
	const char *cs = charset_iconv(label), *guess[] = {hint, "GB18030"};
	int utf8 = cs && !strcasecmp(cs, "UTF-8");
	size_t start = b->n;
	if (cs && !utf8 && iconv_put(b, cs, in, len, 0) >= 0)
		return;
	if (utf8 || utf8_ok(in, len)) {
		put_utf8(b, in, len);
		return;
	}
	for (int i = 0; i < 2; i++) {
		if (guess[i] && iconv_put(b, guess[i], in, len, 1) == 1)
			return;
		b->n = start, b->cut = 0;
		if (b->s)
			b->s[start] = '\0';
	}
	if (iconv_put(b, "CP1252", in, len, 0) < 0)
		put_utf8(b, in, len);
}

/* One line of text, cleaned: controls become spaces, ends trimmed; NULL
 * if nothing is left. */
static const char *clean_line(struct arena *a, const char *s)
{
	if (!s)
		return NULL;
	struct buf b = {.cap = LINE_MAX_BYTES};
	put_utf8(&b, s, strlen(s));
	for (size_t i = 0; i < b.n; i++)
		if ((unsigned char)b.s[i] < 0x20 || b.s[i] == 0x7F)
			b.s[i] = ' ';
	size_t i = 0;
	while (i < b.n && b.s[i] == ' ')
		i++;
	while (b.n > i && b.s[b.n - 1] == ' ')
		b.n--;
	const char *r = b.n > i ? arena_strndup(a, b.s + i, b.n - i) : NULL;
	g_free(b.s);
	return r;
}

/* Appends a charset label, as the superset we read it as if it has one. */
static void relabel(struct buf *b, const char *label, size_t k)
{
	const char *cs = charset_lookup(label, k);
	if (cs && *cs)
		buf_raw(b, cs, strlen(cs));
	else
		buf_raw(b, label, k);
}

/* Length of the encoded word ("=?cs?B?...?=") at p, 0 if none is. The
 * search is bounded, so that many "=?" cannot make it quadratic. */
static size_t encoded_word(const char *p)
{
	size_t n = 0, q = 0;
	if (p[0] != '=' || p[1] != '?')
		return 0;
	for (n = 2; p[n] && n < 1024 && !(q && n > q + 2 && p[n] == '?' && p[n + 1] == '='); n++)
		if (!q && p[n] == '?')
			q = n;
	return q && p[n] == '?' && p[q + 1] && strchr("BbQq", p[q + 1]) && p[q + 2] == '?' ? n + 2 : 0;
}

/* A raw header value made fit for GMime's decoders: 8-bit text outside
 * encoded words turned into UTF-8 (inside one, the bytes are in the
 * word's charset), labels of encoded words (and, with params, of RFC 2231
 * values) replaced by the supersets above. Lives in a. */
static char *fix_header(struct arena *a, const char *raw, int params, const char *hint)
{
	struct buf b = {.cap = SIZE_MAX}, run = {.cap = SIZE_MAX};
	for (const char *p = raw; *p;) {
		size_t n = 0, w = 0;
		while (p[n] && !(w = encoded_word(p + n)))
			n++;
		run.n = 0;
		convert(&run, p, n, utf8_ok(p, n) ? "utf-8" : NULL, hint);
		for (size_t i = 0; i < run.n;) {
			const char *r = run.s + i;
			size_t lab = params && r[0] == '*' && r[1] == '=' ? 2 + (r[2] == '"') : 0;
			size_t k = lab ? strcspn(r + lab, "'\"; ") : 0;
			if (lab && r[lab + k] == '\'') {
				buf_raw(&b, r, lab);
				relabel(&b, r + lab, k);
				i += lab + k;
			} else {
				buf_raw(&b, r, 1);
				i++;
			}
		}
		if (w) {
			size_t k = strcspn(p + n + 2, "?*");
			buf_raw(&b, "=?", 2);
			relabel(&b, p + n + 2, k);
			buf_raw(&b, p + n + 2 + k, w - 2 - k);
		}
		p += n + w;
	}
	g_free(run.s);
	return buf_take(&b, a);
}

/* v, or its first MAIL_MAX_HEADER bytes: a header of megabytes would
 * cost many times its size in the decoders. */
static const char *bounded(struct arena *a, const char *v)
{
	return v && strnlen(v, MAIL_MAX_HEADER + 1) > MAIL_MAX_HEADER
		       ? arena_strndup(a, v, MAIL_MAX_HEADER) : v;
}

static const char *raw_header(struct arena *a, GMimeObject *o, const char *name)
{
	GMimeHeader *h = g_mime_header_list_get_header(g_mime_object_get_header_list(o), name);
	return h ? bounded(a, g_mime_header_get_raw_value(h)) : NULL;
}

/* An unstructured header (Subject) decoded. */
static const char *header_text(struct arena *a, GMimeObject *o, const char *name, const char *hint)
{
	const char *raw = raw_header(a, o, name);
	if (!raw)
		return NULL;
	char *unfolded = g_mime_utils_header_unfold(fix_header(a, raw, 0, hint));
	char *text = g_mime_utils_header_decode_text(opts, unfolded);
	const char *r = clean_line(a, text);
	g_free(unfolded);
	g_free(text);
	return r;
}

/* A parameter of Content-Type or Content-Disposition, decoded. */
static const char *header_param(struct arena *a, GMimeObject *o, const char *name, const char *param,
				const char *hint)
{
	const char *raw = raw_header(a, o, name), *r = NULL;
	if (!raw)
		return NULL;
	char *value = g_mime_utils_header_unfold(fix_header(a, raw, 1, hint)), *semi = strchr(value, ';');
	GMimeParamList *list = semi ? g_mime_param_list_parse(opts, semi + 1) : NULL;
	GMimeParam *pm = list ? g_mime_param_list_get_parameter(list, param) : NULL;
	r = pm ? clean_line(a, g_mime_param_get_value(pm)) : NULL;
	if (list)
		g_object_unref(list);
	g_free(value);
	return r;
}

/* addr if it is a usable addr-spec (local@domain, no spaces or controls),
 * with its domain in lower case; else NULL. */
static const char *usable_addr(struct arena *a, const char *addr)
{
	const char *at = addr ? strrchr(addr, '@') : NULL;
	if (!at || at == addr || !at[1] || strlen(addr) > 254 || !utf8_ok(addr, strlen(addr)))
		return NULL;
	for (const char *p = addr; *p; p++)
		if ((unsigned char)*p <= ' ' || *p == 0x7F || (p > at && strchr("<>()[],;:\"\\@", *p)))
			return NULL;
	if (at[1] == '.' || addr[strlen(addr) - 1] == '.' || strstr(at, ".."))
		return NULL;
	char *r = arena_strdup(a, addr);
	for (char *p = r + (at - addr); *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p += 'a' - 'A';
	return r;
}

/* The first mailbox of an address header with a usable address (or else
 * the first at all): its address as written (*raw), usable form and name. */
static void mailbox(struct arena *a, GMimeObject *o, const char *header, const char *hint,
		    const char **raw, const char **addr, const char **name)
{
	const char *value = raw_header(a, o, header);
	if (!value)
		return;
	InternetAddressList *l = internet_address_list_parse(opts, fix_header(a, value, 0, hint));
	InternetAddressMailbox *first = NULL, *best = NULL;
	for (int i = 0; l && i < internet_address_list_length(l) && !best; i++) {
		InternetAddress *ia = internet_address_list_get_address(l, i);
		InternetAddressList *members = INTERNET_ADDRESS_IS_GROUP(ia)
			? internet_address_group_get_members(INTERNET_ADDRESS_GROUP(ia)) : NULL;
		int n = members ? internet_address_list_length(members) : 1;
		for (int j = 0; j < n && !best; j++) {
			InternetAddress *m = members ? internet_address_list_get_address(members, j) : ia;
			if (!INTERNET_ADDRESS_IS_MAILBOX(m))
				continue;
			InternetAddressMailbox *mb = INTERNET_ADDRESS_MAILBOX(m);
			if (!first)
				first = mb;
			if (usable_addr(a, internet_address_mailbox_get_addr(mb)))
				best = mb;
		}
	}
	InternetAddressMailbox *mb = best ? best : first;
	if (mb) {
		*raw = clean_line(a, internet_address_mailbox_get_addr(mb));
		*addr = usable_addr(a, internet_address_mailbox_get_addr(mb));
		if (name)
			*name = clean_line(a, internet_address_get_name(INTERNET_ADDRESS(mb)));
	}
	if (l)
		g_object_unref(l);
}

/* Message ids of In-Reply-To or References, without <>, in order. */
static const char **message_ids(struct arena *a, GMimeObject *o, const char *header, int *n)
{
	const char *value = bounded(a, g_mime_object_get_header(o, header));
	GMimeReferences *refs = value ? g_mime_references_parse(opts, value) : NULL;
	int len = refs ? g_mime_references_length(refs) : 0;
	const char **ids = arena_zalloc(a, sizeof *ids * (size_t)(len + 1));
	*n = 0;
	/* the newest ones: a reply to our mail names it last */
	for (int i = len > MAIL_MAX_REFERENCES ? len - MAIL_MAX_REFERENCES : 0; i < len; i++) {
		const char *id = clean_line(a, g_mime_references_get_message_id(refs, i));
		if (id)
			ids[(*n)++] = id;
	}
	if (refs)
		g_mime_references_free(refs);
	return ids;
}

static void headers(struct arena *a, GMimeMessage *m, const char *hint, struct parsed_mail *out,
		    const char **from_raw)
{
	GMimeObject *o = GMIME_OBJECT(m);
	const char *ignored = NULL;
	int n;
	out->subject = header_text(a, o, "Subject", hint);
	mailbox(a, o, "From", hint, from_raw, &out->from_addr, &out->from_name);
	mailbox(a, o, "Reply-To", hint, &ignored, &out->reply_to_addr, NULL);
	out->message_id = clean_line(a, g_mime_message_get_message_id(m));
	out->in_reply_to = message_ids(a, o, "In-Reply-To", &n)[0];
	out->references = message_ids(a, o, "References", &out->nreferences);
	GDateTime *date = g_mime_message_get_date(m);
	if (date)
		out->date_ms = (int64_t)g_date_time_to_unix(date) * 1000;

	GMimeHeaderList *hl = g_mime_object_get_header_list(o);
	int count = g_mime_header_list_get_count(hl);
	out->auth_results = arena_zalloc(a, sizeof *out->auth_results * (MAIL_MAX_AUTH_RESULTS + 1));
	for (int i = 0; i < count && out->nauth_results < MAIL_MAX_AUTH_RESULTS; i++) {
		GMimeHeader *h = g_mime_header_list_get_header_at(hl, i);
		if (g_ascii_strcasecmp(g_mime_header_get_name(h), "Authentication-Results"))
			continue;
		char *v = g_mime_utils_header_unfold(bounded(a, g_mime_header_get_raw_value(h)));
		const char *line = clean_line(a, v);
		g_free(v);
		if (line)
			out->auth_results[out->nauth_results++] = line;
	}

	const char *rp = raw_header(a, o, "Return-Path");
	if (rp) {
		char *s = g_mime_utils_header_unfold(rp), *lt = strchr(s, '<'), *gt;
		if (lt && (gt = strchr(lt, '>')))
			*gt = '\0';
		const char *inner = clean_line(a, lt ? lt + 1 : s);
		const char *addr = usable_addr(a, inner);
		out->return_path = addr ? addr : inner ? inner : "";
		g_free(s);
	}
}

/* The MIME leaves in order, each with its nearest multipart/alternative
 * and whether it could be the body. */
enum { LEAF_OTHER, LEAF_PLAIN, LEAF_HTML };

struct leaf {
	GMimeObject *o, *alt;
	int kind;
};

struct leaves {
	struct leaf *v;
	int n, size;
	int parts; /* objects looked at */
	int cut;   /* 1: some were not, past MAIL_MAX_PARTS or MAIL_MAX_DEPTH */
};

static void walk(struct leaves *w, GMimeObject *o, GMimeObject *alt, int depth)
{
	GMimeContentType *ct = g_mime_object_get_content_type(o);
	if (depth > MAIL_MAX_DEPTH || w->parts >= MAIL_MAX_PARTS) {
		w->cut = 1;
		return;
	}
	w->parts++;
	if (GMIME_IS_MULTIPART(o)) {
		GMimeMultipart *mp = GMIME_MULTIPART(o);
		if (g_mime_content_type_is_type(ct, "multipart", "alternative"))
			alt = o;
		int count = g_mime_multipart_get_count(mp);
		for (int i = 0; i < count && w->parts < MAIL_MAX_PARTS; i++)
			walk(w, g_mime_multipart_get_part(mp, i), alt, depth + 1);
		w->cut |= w->parts >= MAIL_MAX_PARTS && count > 0;
		return;
	}
	if (w->n == w->size) {
		w->size = w->size ? w->size * 2 : 16;
		w->v = g_renew(struct leaf, w->v, w->size);
	}
	struct leaf *l = &w->v[w->n++];
	GMimeContentDisposition *cd = g_mime_object_get_content_disposition(o);
	int body = GMIME_IS_PART(o) && !(cd && g_mime_content_disposition_is_attachment(cd)) &&
		   !g_mime_part_get_filename(GMIME_PART(o));
	l->o = o;
	l->alt = alt;
	l->kind = !body ? LEAF_OTHER
		: g_mime_content_type_is_type(ct, "text", "plain") ? LEAF_PLAIN
		: g_mime_content_type_is_type(ct, "text", "html") ? LEAF_HTML : LEAF_OTHER;
}

/* 1 if the line (n bytes) opens a part of a multipart whose boundary is
 * one of b (nb of them); with full, any line that starts with "--". */
static int delimiter(const char *line, size_t n, const char *const *b, const size_t *bn, int nb,
		     int full)
{
	if (n < 2 || line[0] != '-' || line[1] != '-')
		return 0;
	if (full)
		return 1;
	for (int k = 0; k < nb; k++)
		if (n >= 2 + bn[k] && !memcmp(line + 2, b[k], bn[k]))
			return 1;
	return 0;
}

#define BOUNDARIES 64

/* How much of raw (len bytes) GMime may see: all of it, or what comes
 * before the part that would pass MAIL_MAX_PARTS. GMime builds an object
 * of a kilobyte and more for every part, also an empty one, before we
 * could walk them: a message of 25 MB made of "--b" lines would cost
 * gigabytes. So parts are counted here, in one pass and no memory: each
 * boundary declared (a multipart) and each line that opens a part of a
 * declared boundary. A declaration we cannot follow (RFC 2231 form, a
 * value on the next line, more than BOUNDARIES of them) makes every line
 * starting with "--" count, which only ever cuts sooner. */
static size_t parts_bound(const char *raw, size_t len, int *cut)
{
	const char *b[BOUNDARIES];
	size_t bn[BOUNDARIES];
	int nb = 0, full = 0, parts = 0;
	*cut = 0;
	for (size_t i = 0; i < len;) {
		const char *line = raw + i, *nl = memchr(line, '\n', len - i);
		size_t n = nl ? (size_t)(nl - line) : len - i;
		parts += delimiter(line, n, b, bn, nb, full);
		for (size_t j = 0; j + 8 <= n; j++) {
			if ((line[j] | 0x20) != 'b' || g_ascii_strncasecmp(line + j, "boundary", 8))
				continue;
			size_t k = j + 8;
			while (k < n && (line[k] == ' ' || line[k] == '\t'))
				k++;
			if (k < n && line[k] == '*')
				full = 1;
			if (k >= n || line[k] != '=')
				continue;
			parts++;
			for (k++; k < n && (line[k] == ' ' || line[k] == '\t'); k++)
				;
			int quoted = k < n && line[k] == '"';
			size_t v = k + quoted, e = v;
			while (e < n && (quoted ? line[e] != '"' : !strchr(" \t\r;", line[e])))
				e++;
			if (e == v || nb == BOUNDARIES) {
				full = 1;
			} else {
				b[nb] = line + v;
				bn[nb++] = e - v;
			}
			j = e;
		}
		if (parts > MAIL_MAX_PARTS) {
			*cut = 1;
			return i;
		}
		i += n + (nl != NULL);
	}
	return len;
}

/* The decoded bytes of a leaf (a message/rfc822 one as the message), with
 * keep 0 only counted. g_free the result. */
static char *leaf_bytes(GMimeObject *o, size_t *n, int keep)
{
	GMimeStream *st = keep ? g_mime_stream_mem_new() : g_mime_stream_null_new();
	if (GMIME_IS_MESSAGE_PART(o)) {
		GMimeMessage *m = g_mime_message_part_get_message(GMIME_MESSAGE_PART(o));
		if (m)
			g_mime_object_write_to_stream(GMIME_OBJECT(m), NULL, st);
	} else if (GMIME_IS_PART(o) && g_mime_part_get_content(GMIME_PART(o))) {
		g_mime_data_wrapper_write_to_stream(g_mime_part_get_content(GMIME_PART(o)), st);
	}
	char *data = NULL;
	if (keep) {
		GByteArray *ba = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(st));
		g_mime_stream_mem_set_owner(GMIME_STREAM_MEM(st), FALSE);
		*n = ba->len;
		data = (char *)g_byte_array_free(ba, FALSE);
	} else {
		*n = (size_t)GMIME_STREAM_NULL(st)->written;
	}
	g_object_unref(st);
	return data;
}

/* A charset named inside the HTML (<meta charset=...>), or NULL. */
static const char *meta_charset(struct arena *a, const char *html, size_t n)
{
	for (size_t i = 0; i + 8 < n && i < 4096; i++) {
		if (g_ascii_strncasecmp(html + i, "charset=", 8))
			continue;
		const char *p = html + i + 8, *end = html + n;
		while (p < end && (*p == '"' || *p == '\''))
			p++;
		size_t k = 0;
		while (p + k < end && k < 40 && (g_ascii_isalnum(p[k]) || strchr("-_.:", p[k])))
			k++;
		return k ? arena_strndup(a, p, k) : NULL;
	}
	return NULL;
}

/* Text emitted from the HTML tree: whitespace collapsed, pending line
 * breaks written only before the next text, at most one blank line. */
struct html_out {
	struct buf b;
	int nl, space, pre;
};

enum { H_INLINE, H_SKIP, H_LINE, H_PARA, H_BR, H_CELL, H_PRE };

static const struct {
	int kind;
	const char *names;
} tags[] = {
	{H_SKIP, " script style head title noscript template iframe object svg "},
	{H_PARA, " p h1 h2 h3 h4 h5 h6 blockquote table ul ol dl "},
	{H_LINE, " div li tr hr dt dd section article header footer address center form caption "},
	{H_BR, " br "},
	{H_CELL, " td th "},
	{H_PRE, " pre "},
};

static int tag_kind(const xmlNode *n)
{
	char key[24];
	if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE)
		return H_INLINE;
	if (n->type != XML_ELEMENT_NODE) /* comments, the DTD, processing instructions */
		return H_SKIP;
	snprintf(key, sizeof key, " %s ", (const char *)n->name);
	for (size_t i = 0; i < sizeof tags / sizeof tags[0]; i++)
		if (strlen(key) < sizeof key - 1 && strstr(tags[i].names, key))
			return tags[i].kind;
	return H_INLINE;
}

static void html_break(struct html_out *h, int kind)
{
	int want = kind == H_PARA || kind == H_PRE ? 2 : kind == H_LINE ? 1 : 0;
	if (kind == H_BR)
		h->nl++;
	else if (h->nl < want)
		h->nl = want;
	if (kind == H_CELL)
		h->space = 1;
}

static void html_chars(struct html_out *h, const char *s)
{
	const unsigned char *p = (const unsigned char *)s, *end = p + strlen(s);
	while (p < end && !h->b.cut) {
		if (*p <= ' ' && !(h->pre && (*p == ' ' || *p == '\t'))) {
			if (h->pre && *p == '\n')
				h->nl++;
			else
				h->space = 1;
			p++;
			continue;
		}
		if (h->b.n && h->nl)
			buf_raw(&h->b, "\n\n", h->nl > 1 ? 2 : 1);
		else if (h->b.n && h->space && !h->pre)
			buf_raw(&h->b, " ", 1);
		h->nl = h->space = 0;
		size_t k = utf8_seq(p, (size_t)(end - p));
		put_utf8(&h->b, (const char *)p, k ? k : 1);
		p += k ? k : 1;
	}
}

static const char *html_text(struct arena *a, const char *html, size_t len, size_t cap, int *cut)
{
	struct html_out h = {.b = {.cap = cap}};
	/* HUGE lifts the nesting limit of 256, which long reply chains in
	 * Outlook's HTML reach (text after it would be lost); the walk below
	 * is iterative and the input size is capped by the caller. */
	htmlDocPtr doc = htmlReadMemory(html, len > INT_MAX ? INT_MAX : (int)len, NULL, "UTF-8",
					HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET |
						HTML_PARSE_RECOVER | XML_PARSE_HUGE);
	for (xmlNode *n = doc ? doc->children : NULL; n && !h.b.cut;) {
		int kind = tag_kind(n);
		if (kind != H_SKIP) {
			html_break(&h, kind);
			h.pre += kind == H_PRE;
			if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE)
				html_chars(&h, n->content ? (const char *)n->content : "");
			if (n->children) {
				n = n->children;
				continue;
			}
			h.pre -= kind == H_PRE;
			html_break(&h, kind == H_BR ? H_INLINE : kind);
		}
		while (n && !n->next) {
			n = n->parent;
			if (n && n->type != XML_ELEMENT_NODE)
				n = NULL;
			if (n) {
				kind = tag_kind(n);
				h.pre -= kind == H_PRE;
				html_break(&h, kind == H_BR ? H_INLINE : kind);
			}
		}
		if (n)
			n = n->next;
	}
	if (doc)
		xmlFreeDoc(doc);
	*cut = h.b.cut;
	return buf_take(&h.b, a);
}

/* Control characters in body text (form feed, escape, DEL, C1 controls
 * such as U+0085...) as spaces, a lone CR as a line break: a customer's
 * words are registered whatever stray bytes their mail program left in
 * them, and what the timeline shows is text. In place; s stays UTF-8. */
static void text_controls(char *s)
{
	char *o = s;
	for (const char *p = s; *p; p++) {
		unsigned char c = (unsigned char)*p;
		if (c == '\r' && p[1] == '\n')
			continue;
		if (c == '\r')
			*o++ = '\n';
		else if ((c < 0x20 && c != '\t' && c != '\n') || c == 0x7F)
			*o++ = ' ';
		else if (c == 0xC2 && (unsigned char)p[1] >= 0x80 && (unsigned char)p[1] <= 0x9F)
			*o++ = ' ', p++;
		else
			*o++ = (char)c;
	}
	*o = '\0';
}

static void body_text(struct arena *a, struct leaf *l, const struct mail_limits *lim,
		      const char *hint, struct parsed_mail *out)
{
	size_t n;
	char *data = leaf_bytes(l->o, &n, 1);
	const char *cs = g_mime_object_get_content_type_parameter(l->o, "charset");
	struct buf b = {.cap = lim->max_text};
	if (l->kind == LEAF_HTML) {
		int cut = 0;
		b.cap = lim->max_text < SIZE_MAX / 8 ? lim->max_text * 4 + (256u << 10) : SIZE_MAX;
		convert(&b, data, n, cs ? cs : meta_charset(a, data, n), hint);
		char *text = (char *)html_text(a, b.s ? b.s : "", b.n, lim->max_text, &cut);
		text_controls(text);
		out->text = text;
		out->text_from_html = 1;
		out->text_truncated = b.cut || cut;
		g_free(b.s);
	} else {
		convert(&b, data, n, cs, hint);
		size_t j = 0;
		for (size_t i = 0; i < b.n; i++) /* CRLF to LF */
			if (!(b.s[i] == '\r' && i + 1 < b.n && b.s[i + 1] == '\n'))
				b.s[j++] = b.s[i];
		b.n = j;
		out->text_truncated = b.cut;
		char *text = buf_take(&b, a);
		text_controls(text);
		out->text = text;
	}
	g_free(data);
}

static void attachment(struct arena *a, struct leaf *l, const struct mail_limits *lim,
		       const char *hint, int *kept, struct mail_attachment *att)
{
	char *type = g_mime_content_type_get_mime_type(g_mime_object_get_content_type(l->o));
	char *lower = arena_strdup(a, type);
	for (char *p = lower; *p; p++)
		*p = g_ascii_tolower(*p);
	att->content_type = lower;
	g_free(type);
	att->filename = header_param(a, l->o, "Content-Disposition", "filename", hint);
	if (!att->filename)
		att->filename = header_param(a, l->o, "Content-Type", "name", hint);
	if (!att->filename && GMIME_IS_MESSAGE_PART(l->o)) {
		GMimeMessage *m = g_mime_message_part_get_message(GMIME_MESSAGE_PART(l->o));
		const char *subject = m ? header_text(a, GMIME_OBJECT(m), "Subject", hint) : NULL;
		att->filename = arena_printf(a, "%s.eml", subject ? subject : "message");
	}
	int keep = *kept < lim->max_attachments;
	char *data = leaf_bytes(l->o, &att->size, keep);
	if (keep && att->size <= lim->max_attachment) {
		unsigned char *copy = arena_alloc(a, att->size ? att->size : 1);
		if (att->size)
			memcpy(copy, data, att->size);
		att->data = copy;
		(*kept)++;
	} else {
		att->skipped = 1;
	}
	g_free(data);
}

/* The charset a message declares for its text, if any but UTF-8: the
 * best guess for 8-bit headers and undeclared parts (its software wrote
 * them all). */
static const char *hint_charset(const struct leaves *w)
{
	for (int i = 0; i < w->n; i++) {
		GMimeContentType *ct = g_mime_object_get_content_type(w->v[i].o);
		const char *cs = g_mime_content_type_is_type(ct, "text", "*")
			? charset_iconv(g_mime_content_type_get_parameter(ct, "charset")) : NULL;
		if (cs && strcasecmp(cs, "UTF-8"))
			return cs;
	}
	return NULL;
}

static void body(struct arena *a, const struct leaves *w, const struct mail_limits *lim,
		 const char *hint, struct parsed_mail *out)
{
	int body = -1, kept = 0;
	for (int i = 0; i < w->n && body < 0; i++)
		if (w->v[i].kind == LEAF_PLAIN)
			body = i;
	for (int i = 0; i < w->n && body < 0; i++)
		if (w->v[i].kind == LEAF_HTML)
			body = i;
	if (body >= 0)
		body_text(a, &w->v[body], lim, hint, out);
	out->att = arena_zalloc(a, sizeof *out->att * (size_t)(MAIL_MAX_LISTED + 1));
	for (int i = 0; i < w->n; i++) {
		/* the body's other versions in its multipart/alternative are not attachments */
		if (i == body || (body >= 0 && w->v[i].kind != LEAF_OTHER && w->v[i].alt &&
				  w->v[i].alt == w->v[body].alt))
			continue;
		if (out->natt == MAIL_MAX_LISTED)
			out->att_more++;
		else
			attachment(a, &w->v[i], lim, hint, &kept, &out->att[out->natt++]);
	}
}

/* Author rules, first match wins: strong bounce signs, then auto-reply,
 * then the empty Return-Path (RFC 3834 auto-replies send with <> too, so
 * it only means a bounce when nothing says auto-reply), then bulk.
 * X-Auto-Response-Suppress asks us not to auto-reply; Outlook also sets it
 * on some mail people write, so it counts only with
 * X-MS-Exchange-Inbox-Rules-Loop, which Exchange adds to what its rules
 * and out-of-office replies send. */
enum rule_kind { R_WORD, R_REPORT, R_LOCAL, R_XARS, R_PREFIX, R_NULL_PATH };

static const struct rule {
	enum mail_author author;
	enum rule_kind kind;
	const char *header;
	const char *values; /* '|'-separated, lower case; NULL: any value but "no" */
} rules[] = {
	{MAIL_BOUNCE, R_REPORT, "Content-Type", "delivery-status"},
	{MAIL_BOUNCE, R_LOCAL, "From", "mailer-daemon|postmaster"},
	{MAIL_AUTO_REPLY, R_WORD, "Auto-Submitted", NULL},
	{MAIL_AUTO_REPLY, R_WORD, "X-Autoreply", NULL},
	{MAIL_AUTO_REPLY, R_WORD, "X-Autorespond", NULL},
	{MAIL_AUTO_REPLY, R_WORD, "Precedence", "auto_reply"},
	{MAIL_AUTO_REPLY, R_XARS, "X-Auto-Response-Suppress", "all|oof"},
	{MAIL_AUTO_REPLY, R_PREFIX, "Subject",
	 "自动回复|自動回覆|自动答复|自動答覆|auto:|automatic reply|out of office"},
	{MAIL_AUTO_REPLY, R_REPORT, "Content-Type", NULL}, /* read receipts, abuse reports */
	{MAIL_BOUNCE, R_NULL_PATH, "Return-Path", NULL},
	{MAIL_BULK, R_WORD, "Precedence", "bulk|junk|list"},
	{MAIL_BULK, R_WORD, "List-Id", NULL},
	{MAIL_BULK, R_WORD, "List-Unsubscribe", NULL},
};

/* 1 if s begins with one of the '|'-separated values (whole: s[n] ends it). */
static int one_of(const char *values, const char *s, size_t n, int prefix)
{
	for (const char *v = values; *v;) {
		size_t k = strcspn(v, "|");
		if ((prefix ? n >= k : n == k) && !g_ascii_strncasecmp(v, s, k))
			return 1;
		v += k + (v[k] == '|');
	}
	return 0;
}

static void classify(struct arena *a, GMimeMessage *m, const char *from_raw, struct parsed_mail *out)
{
	GMimeObject *o = GMIME_OBJECT(m), *top = g_mime_message_get_mime_part(m);
	GMimeContentType *ct = top ? g_mime_object_get_content_type(top) : NULL;
	const char *report = ct && g_mime_content_type_is_type(ct, "multipart", "report")
		? g_mime_content_type_get_parameter(ct, "report-type") : NULL;
	for (size_t i = 0; i < sizeof rules / sizeof rules[0]; i++) {
		const struct rule *r = &rules[i];
		const char *v = r->kind == R_PREFIX ? out->subject
			: r->kind == R_LOCAL ? from_raw
					     : clean_line(a, bounded(a, g_mime_object_get_header(o, r->header)));
		size_t n = v ? strcspn(v, r->kind == R_WORD ? "; \t" : r->kind == R_LOCAL ? "@" : "") : 0;
		int hit = 0;
		switch (r->kind) {
		case R_WORD:
			hit = v && (r->values ? one_of(r->values, v, n, 0) : !one_of("no", v, n, 0));
			break;
		case R_LOCAL:
		case R_PREFIX:
			hit = v && one_of(r->values, v, n, r->kind == R_PREFIX);
			break;
		case R_XARS:
			if (!v || !g_mime_object_get_header(o, "X-MS-Exchange-Inbox-Rules-Loop"))
				break;
			for (const char *p = v; *p && !hit; p += n) {
				p += strspn(p, ", \t");
				n = strcspn(p, ", \t");
				hit = n && one_of(r->values, p, n, 0);
			}
			break;
		case R_REPORT:
			hit = ct && g_mime_content_type_is_type(ct, "multipart", "report") &&
			      (!r->values || (report && one_of(r->values, report, strlen(report), 0)));
			if (hit)
				v = arena_printf(a, "multipart/report; report-type=%s", report ? report : "");
			break;
		case R_NULL_PATH:
			hit = out->return_path && !*out->return_path;
			v = "<>";
			break;
		}
		if (hit) {
			struct buf b = {.cap = WHY_MAX};
			put_utf8(&b, r->header, strlen(r->header));
			buf_raw(&b, ": ", 2);
			v = clean_line(a, v);
			put_utf8(&b, v ? v : "", v ? strlen(v) : 0);
			out->author = r->author;
			out->author_why = buf_take(&b, a);
			return;
		}
	}
}

static int not_a_message(const char *raw, size_t len, const char **start, struct kesu_err *err)
{
	const char *p = raw, *end = raw + len;
	size_t i = 0;
	while (i < len && raw[i] && strchr(" \t\r\n\f\v", raw[i]))
		i++;
	if (i == len)
		return kesu_fail(err, KE_INVALID_VALUE, "message", "is empty");
	if (len >= 3 && !memcmp(p, "\xEF\xBB\xBF", 3))
		p += 3;
	while (p < end && (*p == '\n' || *p == '\r'))
		p++;
	if (end - p > 5 && !memcmp(p, "From ", 5)) { /* an mbox separator line */
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		p = nl ? nl + 1 : end;
	}
	const char *q = p;
	while (q < end && *q > ' ' && *q < 0x7F && *q != ':')
		q++;
	const char *name_end = q;
	while (q < end && (*q == ' ' || *q == '\t'))
		q++;
	if (name_end == p || q == end || *q != ':')
		return kesu_fail(err, KE_INVALID_VALUE, "message", "has no header block");
	for (q = p; q < end; q++) {
		if (!*q)
			return kesu_fail(err, KE_INVALID_VALUE, "message", "has NUL bytes in its header block");
		if (*q == '\n' && ((q + 1 < end && q[1] == '\n') ||
				   (q + 2 < end && q[1] == '\r' && q[2] == '\n')))
			break;
	}
	*start = p;
	return 0;
}

/* GMime's loose RFC 2047 scan goes to the end of a header for each
 * encoded word that never ends ("=?cs?B?" with no "?=" after it), which
 * is quadratic. Where a folded line has more than a few of those, they
 * are defused ("=_") in a copy of raw; NULL if none needed it. */
static char *defuse(const char *raw, size_t len)
{
	char *copy = NULL;
	for (size_t start = 0, i = 0; i < len; start = ++i) {
		size_t open = 0, last = start;
		for (; i < len && !(raw[i] == '\n' && i + 1 < len && raw[i + 1] != ' ' && raw[i + 1] != '\t');
		     i++) {
			if (i + 1 < len && raw[i] == '?' && raw[i + 1] == '=')
				open = 0, last = i + 2;
			else if (i + 1 < len && raw[i] == '=' && raw[i + 1] == '?')
				open++;
		}
		if (open <= 8)
			continue;
		if (!copy)
			copy = g_memdup2(raw, len);
		for (size_t j = last; j + 1 < i; j++)
			if (copy[j] == '=' && copy[j + 1] == '?')
				copy[j + 1] = '_';
	}
	return copy;
}

/* The message's own header block with every field cut to MAIL_MAX_HEADER
 * bytes (lines past it dropped, a longer line cut), in a copy of raw (n
 * bytes then); NULL when no field needed it. GMime would keep a header of
 * megabytes several times over before we could cut it. */
static char *trim_headers(const char *raw, size_t len, size_t *n)
{
	char *copy = NULL;
	size_t o = 0, field = 0, i = 0;
	while (i < len) {
		const char *nl = memchr(raw + i, '\n', len - i);
		size_t k = nl ? (size_t)(nl - raw - i) + 1 : len - i;
		if (k == 1 || (k == 2 && raw[i] == '\r'))
			break; /* the body: as it is */
		field = raw[i] == ' ' || raw[i] == '\t' ? field + k : k;
		if (field > MAIL_MAX_HEADER && !copy) {
			copy = g_malloc(len + 1);
			memcpy(copy, raw, i);
			o = i;
		}
		if (field <= MAIL_MAX_HEADER) {
			if (copy)
				memcpy(copy + o, raw + i, k), o += k;
		} else if (field - k < MAIL_MAX_HEADER) {
			size_t fit = MAIL_MAX_HEADER - (field - k);
			memcpy(copy + o, raw + i, fit);
			o += fit;
			copy[o++] = '\n';
		}
		i += k;
	}
	if (copy) {
		memcpy(copy + o, raw + i, len - i);
		*n = o + len - i;
	}
	return copy;
}

static void init(void)
{
	static const char *fallback[] = {"UTF-8", "GB18030", "windows-1252", NULL};
	g_mime_init();
	xmlInitParser();
	opts = g_mime_parser_options_new();
	g_mime_parser_options_set_rfc2047_compliance_mode(opts, GMIME_RFC_COMPLIANCE_LOOSE);
	g_mime_parser_options_set_address_compliance_mode(opts, GMIME_RFC_COMPLIANCE_LOOSE);
	g_mime_parser_options_set_parameter_compliance_mode(opts, GMIME_RFC_COMPLIANCE_LOOSE);
	g_mime_parser_options_set_fallback_charsets(opts, fallback);
}

/* Sets up GMime and libxml2 once; mail_parse calls it too, so calling it
 * is only needed to do this before threads start. */
void mail_init(void)
{
	pthread_once(&once, init);
}

/* See mailparse.h. lim is taken as it is (max_attachments 0: every
 * attachment listed, none kept); a NULL lim means 1 MiB of text and 100
 * attachments of up to 25 MiB. Header values are cut at 4 KiB. out is
 * always filled, text at least "". */
int mail_parse(const char *raw, size_t len, const struct mail_limits *lim, struct arena *a,
	       struct parsed_mail *out, struct kesu_err *err)
{
	struct mail_limits l = {DEF_TEXT, DEF_ATT, DEF_NATT};
	const char *start = NULL, *from_raw = NULL;
	memset(out, 0, sizeof *out);
	out->text = "";
	out->references = arena_zalloc(a, sizeof *out->references);
	out->auth_results = arena_zalloc(a, sizeof *out->auth_results);
	out->att = arena_zalloc(a, sizeof *out->att);
	mail_init();
	int r = not_a_message(raw ? raw : "", raw ? len : 0, &start, err);
	if (r)
		return r;
	if (lim)
		l = *lim;

	int cut;
	size_t n = len - (size_t)(start - raw);
	char *trimmed = trim_headers(start, n, &n);
	const char *msg = trimmed ? trimmed : start;
	n = parts_bound(msg, n, &cut);
	char *defused = defuse(msg, n);
	GMimeStream *st = g_mime_stream_mem_new_with_buffer(defused ? defused : msg, n);
	g_free(defused);
	g_free(trimmed);
	GMimeParser *parser = g_mime_parser_new_with_stream(st);
	g_mime_parser_set_format(parser, GMIME_FORMAT_MESSAGE);
	GMimeMessage *m = g_mime_parser_construct_message(parser, opts);
	g_object_unref(parser);
	g_object_unref(st);
	if (!m)
		return kesu_fail(err, KE_INVALID_VALUE, "message", "cannot be read as a message");
	struct leaves w = {0};
	if (g_mime_message_get_mime_part(m))
		walk(&w, g_mime_message_get_mime_part(m), NULL, 0);
	out->parts_cut = cut || w.cut;
	const char *hint = hint_charset(&w);
	headers(a, m, hint, out, &from_raw);
	body(a, &w, &l, hint, out);
	g_free(w.v);
	classify(a, m, from_raw, out);
	g_object_unref(m);
	return 0;
}

/* See mailparse.h. html may be in any state; it is read as UTF-8 (invalid
 * bytes become U+FFFD). Never NULL. */
const char *mail_html_to_text(const char *html, size_t len, struct arena *a)
{
	struct buf b = {.cap = SIZE_MAX};
	int cut;
	mail_init();
	put_utf8(&b, html ? html : "", html ? len : 0);
	const char *r = html_text(a, b.s ? b.s : "", b.n, SIZE_MAX, &cut);
	g_free(b.s);
	return r;
}
