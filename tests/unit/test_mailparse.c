/*
 * test_mailparse.c - incoming mail taken apart (src/channels/mailparse.c):
 * the real-world corpus in ../shared/data/mail, the RFC examples against
 * stalwart mail-parser's expected parses, Chinese charsets, HTML, author
 * classification, limits and what is not a message.
 */
#include "unit.h"

#include <dirent.h>
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib.h>
#include <jansson.h>

#include "channels/mailparse.h"
#include "text/text.h"

#define MAIL_DIR "../shared/data/mail"

static struct arena *a;

static int setup(void **state)
{
	(void)state;
	mail_init();
	a = arena_new();
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	arena_free(a);
	return 0;
}

static int parse_lim(const char *raw, size_t len, const struct mail_limits *lim,
		     struct parsed_mail *m)
{
	struct kesu_err err;
	kesu_err_clear(&err);
	int rc = mail_parse(raw, len, lim, a, m, &err);
	if (rc)
		assert_string_equal(err.field, "message");
	return rc;
}

static int parse(const char *raw, struct parsed_mail *m)
{
	return parse_lim(raw, strlen(raw), NULL, m);
}

static void valid(const char *s)
{
	if (s && !text_utf8_valid(s, strlen(s)))
		fail_msg("not valid UTF-8: %s", s);
}

static void all_valid(const struct parsed_mail *m)
{
	valid(m->message_id);
	valid(m->in_reply_to);
	for (int i = 0; i < m->nreferences; i++)
		valid(m->references[i]);
	valid(m->from_name);
	valid(m->from_addr);
	valid(m->reply_to_addr);
	valid(m->return_path);
	valid(m->subject);
	assert_non_null(m->text);
	valid(m->text);
	valid(m->author_why);
	for (int i = 0; i < m->natt; i++) {
		valid(m->att[i].filename);
		assert_non_null(m->att[i].content_type);
		valid(m->att[i].content_type);
		assert_true(m->att[i].skipped ? !m->att[i].data : m->att[i].data != NULL);
	}
}

/* s (UTF-8) in charset cs, in a; fails the test if cs cannot hold it. */
static char *enc(const char *cs, const char *s)
{
	iconv_t cd = iconv_open(cs, "UTF-8");
	assert_true(cd != (iconv_t)-1);
	size_t il = strlen(s), ol = il * 4 + 8;
	char *out = arena_alloc(a, ol), *ip = (char *)s, *op = out;
	assert_true(iconv(cd, &ip, &il, &op, &ol) != (size_t)-1);
	assert_true(iconv(cd, NULL, NULL, &op, &ol) != (size_t)-1);
	*op = '\0';
	iconv_close(cd);
	return out;
}

static int representable(const char *cs, const char *s)
{
	iconv_t cd = iconv_open(cs, "UTF-8");
	char buf[256], *ip = (char *)s, *op = buf;
	size_t il = strlen(s), ol = sizeof buf;
	size_t r = iconv(cd, &ip, &il, &op, &ol);
	iconv_close(cd);
	return r != (size_t)-1;
}

static char *b64(const char *s)
{
	gchar *e = g_base64_encode((const guchar *)s, strlen(s));
	char *r = arena_strdup(a, e);
	g_free(e);
	return r;
}

/* RFC 2047 Q payload, or with pct the %XX of RFC 2231. */
static char *hexenc(const char *s, int pct)
{
	char *r = arena_alloc(a, strlen(s) * 3 + 1), *p = r;
	for (const unsigned char *c = (const unsigned char *)s; *c; c++) {
		if ((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9') ||
		    *c == '.')
			*p++ = (char)*c;
		else
			p += sprintf(p, "%c%02X", pct ? '%' : '=', *c);
	}
	*p = '\0';
	return r;
}

/* ---- 1. the corpus: everything parses, nothing leaks or hangs ---- */

struct corpus {
	int files, parsed, rejected;
	char *listed; /* MANIFEST.csv, the messages */
};

static void corpus_file(const char *path, const char *rel, struct corpus *c)
{
	FILE *f = fopen(path, "rb");
	assert_non_null(f);
	fseek(f, 0, SEEK_END);
	long n = ftell(f);
	rewind(f);
	char *buf = malloc((size_t)n + 1);
	assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	struct parsed_mail m;
	struct mail_limits lim = {4096, 2048, 3}; /* small: exercise the cut and skip paths */
	c->files++;
	if (parse_lim(buf, (size_t)n, &lim, &m) == 0) {
		c->parsed++;
		all_valid(&m);
	} else {
		c->rejected++;
		/* a file the manifest lists is a message and must parse, but for
		 * two it lists that are not: a .gitattributes and an empty file */
		char key[1100];
		snprintf(key, sizeof key, "\n%s,", rel);
		if (strstr(c->listed, key) && strcmp(rel, "mikel_mail/.gitattributes") &&
		    strcmp(rel, "mikel_mail/sample_output_multipart"))
			fail_msg("%s: a listed message was rejected", rel);
	}
	arena_reset(a);
	free(buf);
}

static void corpus_dir(const char *dir, const char *rel, struct corpus *c)
{
	DIR *d = opendir(dir);
	assert_non_null(d);
	struct dirent *e;
	while ((e = readdir(d))) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		char path[1024], sub[1024];
		struct stat st;
		snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
		snprintf(sub, sizeof sub, "%s%s%s", rel, *rel ? "/" : "", e->d_name);
		assert_int_equal(stat(path, &st), 0);
		if (S_ISDIR(st.st_mode))
			corpus_dir(path, sub, c);
		else if (S_ISREG(st.st_mode))
			corpus_file(path, sub, c);
	}
	closedir(d);
}

static void corpus_parses_without_crash_or_invalid_text(void **state)
{
	(void)state;
	struct stat st;
	if (stat(MAIL_DIR, &st) != 0) {
		print_message("skipped: %s is absent (run from the project root)\n", MAIL_DIR);
		skip();
	}
	struct corpus c = {0};
	gchar *manifest = NULL;
	assert_true(g_file_get_contents(MAIL_DIR "/MANIFEST.csv", &manifest, NULL, NULL));
	c.listed = g_strconcat("\n", manifest, NULL);
	alarm(600); /* a hang fails the test instead of stalling the run */
	corpus_dir(MAIL_DIR, "", &c);
	alarm(0);
	print_message("corpus: %d files, %d parsed, %d rejected as not a message\n", c.files,
		      c.parsed, c.rejected);
	assert_true(c.parsed > 250);
	g_free(manifest);
	g_free(c.listed);
}

/* ---- 2. RFC examples against stalwart mail-parser's parses ---- */

/* Where GMime and stalwart legitimately differ: none so far, all ten
 * examples agree on subject, from address and text. A new entry names the
 * file ("007"), the field and why. */
static const struct {
	const char *file, *field, *why;
} exceptions[] = {
	{NULL, NULL, NULL},
};

static int excepted(const char *file, const char *field)
{
	for (size_t i = 0; exceptions[i].file; i++)
		if (!strcmp(exceptions[i].file, file) && !strcmp(exceptions[i].field, field))
			return 1;
	return 0;
}

static char *squash(const char *s)
{
	char *r = arena_alloc(a, strlen(s ? s : "") + 1), *p = r;
	for (; s && *s; s++) {
		if (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r') {
			if (p > r && p[-1] != ' ')
				*p++ = ' ';
		} else {
			*p++ = *s;
		}
	}
	while (p > r && p[-1] == ' ')
		p--;
	*p = '\0';
	return r;
}

static json_t *header(json_t *part, const char *name)
{
	size_t i;
	json_t *h;
	json_array_foreach(json_object_get(part, "headers"), i, h)
		if (!strcmp(json_string_value(json_object_get(h, "name")), name))
			return json_object_get(h, "value");
	return NULL;
}

/* The text the expected parse gives the first text body part, or NULL if
 * it is not text/plain (then which text a reader shows is a choice). */
static const char *expected_text(json_t *j)
{
	json_t *tb = json_object_get(j, "text_body");
	if (!json_array_size(tb))
		return "";
	json_t *part = json_array_get(json_object_get(j, "parts"),
				      (size_t)json_integer_value(json_array_get(tb, 0)));
	json_t *ct = json_object_get(header(part, "content_type"), "ContentType");
	if (ct && (strcasecmp(json_string_value(json_object_get(ct, "c_type")), "text") ||
		   strcasecmp(json_string_value(json_object_get(ct, "c_subtype")), "plain")))
		return NULL;
	return json_string_value(json_object_get(json_object_get(part, "body"), "Text"));
}

static void rfc_examples_agree_with_stalwart(void **state)
{
	(void)state;
	char path[512];
	int checked = 0;
	for (int i = 0; i < 100; i++) {
		snprintf(path, sizeof path, MAIL_DIR "/stalwart_rfc/%03d.json", i);
		json_error_t je;
		json_t *j = json_load_file(path, 0, &je);
		if (!j)
			break;
		snprintf(path, sizeof path, MAIL_DIR "/stalwart_rfc/%03d.eml", i);
		gchar *raw;
		gsize len;
		assert_true(g_file_get_contents(path, &raw, &len, NULL));
		struct parsed_mail m;
		assert_int_equal(parse_lim(raw, len, NULL, &m), 0);
		char file[8];
		snprintf(file, sizeof file, "%03d", i);

		json_t *top = json_array_get(json_object_get(j, "parts"), 0);
		const char *subject = json_string_value(json_object_get(header(top, "subject"), "Text"));
		json_t *from = json_array_get(
			json_object_get(json_object_get(header(top, "from"), "Address"), "List"), 0);
		const char *addr = json_string_value(json_object_get(from, "address"));
		const char *text = expected_text(j);
		if (!excepted(file, "subject")) {
			if (subject)
				assert_string_equal(squash(m.subject), squash(subject));
			else
				assert_null(m.subject);
		}
		if (!excepted(file, "from")) {
			if (addr)
				assert_string_equal(m.from_addr, addr);
			else
				assert_null(m.from_addr);
		}
		if (text && !excepted(file, "text"))
			assert_string_equal(squash(m.text), squash(text));
		checked++;
		json_decref(j);
		g_free(raw);
		arena_reset(a);
	}
	if (!checked) {
		print_message("skipped: no %s/stalwart_rfc\n", MAIL_DIR);
		skip();
	}
	assert_int_equal(checked, 10);
}

/* ---- 3. Chinese charsets ---- */

#define SUBJECT "投诉：退款三个月未到账"
#define BODY "你好，我在贵店买的热水器漏水，要求退货退款。\n订单号 JD20260101\n"
#define GBK_ONLY "朱镕基、张喆、王堃" /* not in GB2312 */
#define FOUR_BYTE "𠀀㐀"		    /* GB18030 four-byte sequences */
#define BIG5_TEXT "客訴處理：退款尚未收到"
#define HKSCS "㗎" /* in Big5-HKSCS only */

static void gbk_labelled_gb2312_and_every_gbk_label(void **state)
{
	(void)state;
	static const char *labels[] = {"gb2312", "GB2312", "gbk", "x-gbk", "cp936", "euc-cn"};
	assert_false(representable("GB2312", GBK_ONLY));
	for (size_t i = 0; i < sizeof labels / sizeof labels[0]; i++) {
		const char *cs = labels[i];
		char *raw = arena_printf(
			a,
			"From: =?%s?B?%s?= <Zhang.San@Example.COM>\r\n"
			"Subject: =?%s?B?%s?=\r\n"
			"MIME-Version: 1.0\r\n"
			"Content-Type: multipart/mixed; boundary=\"b1\"\r\n\r\n"
			"--b1\r\nContent-Type: text/plain; charset=%s\r\n"
			"Content-Transfer-Encoding: 8bit\r\n\r\n%s%s\r\n"
			"--b1\r\nContent-Type: application/pdf\r\n"
			"Content-Disposition: attachment; filename*=%s''%s\r\n"
			"Content-Transfer-Encoding: base64\r\n\r\n%s\r\n--b1--\r\n",
			cs, b64(enc("GBK", "张三")), cs, b64(enc("GBK", SUBJECT GBK_ONLY)), cs,
			enc("GBK", BODY), enc("GBK", GBK_ONLY), cs, hexenc(enc("GBK", "发票_" GBK_ONLY ".pdf"), 1),
			b64("%PDF-1.4"));
		struct parsed_mail m;
		assert_int_equal(parse(raw, &m), 0);
		all_valid(&m);
		assert_string_equal(m.from_name, "张三");
		assert_string_equal(m.from_addr, "Zhang.San@example.com");
		assert_string_equal(m.subject, SUBJECT GBK_ONLY);
		assert_string_equal(m.text, BODY GBK_ONLY); /* the CRLF before a boundary is the boundary's */
		assert_int_equal(m.text_from_html, 0);
		assert_int_equal(m.natt, 1);
		assert_string_equal(m.att[0].filename, "发票_" GBK_ONLY ".pdf");
		assert_string_equal(m.att[0].content_type, "application/pdf");
		assert_int_equal(m.att[0].size, 8);
		assert_memory_equal(m.att[0].data, "%PDF-1.4", 8);
		arena_reset(a);
	}
}

static void gbk_quoted_printable_and_outlook_names(void **state)
{
	(void)state;
	char *name = b64(enc("GBK", "退款申请" GBK_ONLY ".docx"));
	char *raw = arena_printf(
		a,
		"From: \"=?GBK?Q?%s?=\" <kefu@shop.cn>\r\nSubject: =?GBK?Q?%s?=\r\n"
		"Content-Type: multipart/mixed; boundary=\"----=_NextPart_000\"\r\n\r\n"
		"------=_NextPart_000\r\nContent-Type: text/plain; charset=\"gbk\"\r\n"
		"Content-Transfer-Encoding: base64\r\n\r\n%s\r\n"
		"------=_NextPart_000\r\nContent-Type: application/msword; name=\"=?GBK?B?%s?=\"\r\n"
		"Content-Disposition: attachment; filename=\"=?GBK?B?%s?=\"\r\n"
		"Content-Transfer-Encoding: base64\r\n\r\nAAEC\r\n------=_NextPart_000--\r\n",
		hexenc(enc("GBK", "客服"), 0), hexenc(enc("GBK", SUBJECT GBK_ONLY), 0),
		b64(enc("GBK", BODY GBK_ONLY)), name, name);
	struct parsed_mail m;
	assert_int_equal(parse(raw, &m), 0);
	all_valid(&m);
	assert_string_equal(m.from_name, "客服");
	assert_string_equal(m.subject, SUBJECT GBK_ONLY);
	assert_string_equal(m.text, BODY GBK_ONLY);
	assert_int_equal(m.natt, 1);
	assert_string_equal(m.att[0].filename, "退款申请" GBK_ONLY ".docx");
	assert_int_equal(m.att[0].size, 3);
}

static void big5_with_hkscs_characters(void **state)
{
	(void)state;
	assert_false(representable("BIG5", HKSCS));
	char *raw = arena_printf(
		a,
		"From: =?big5?B?%s?= <chan@example.hk>\r\nSubject: =?Big5?B?%s?=\r\n"
		"Content-Type: multipart/mixed; boundary=x\r\n\r\n"
		"--x\r\nContent-Type: text/plain; charset=big5\r\n\r\n%s\r\n"
		"--x\r\nContent-Type: image/jpeg; name=\"=?big5?B?%s?=\"\r\n"
		"Content-Disposition: inline; filename=\"=?big5?B?%s?=\"\r\n"
		"Content-Transfer-Encoding: base64\r\n\r\n/9j/\r\n--x--\r\n",
		b64(enc("BIG5-HKSCS", "陳大文")), b64(enc("BIG5-HKSCS", BIG5_TEXT HKSCS)),
		enc("BIG5-HKSCS", BIG5_TEXT "\n係咪真" HKSCS "？"), b64(enc("BIG5-HKSCS", "收據.jpg")),
		b64(enc("BIG5-HKSCS", "收據.jpg")));
	struct parsed_mail m;
	assert_int_equal(parse(raw, &m), 0);
	all_valid(&m);
	assert_string_equal(m.from_name, "陳大文");
	assert_string_equal(m.subject, BIG5_TEXT HKSCS);
	assert_string_equal(m.text, BIG5_TEXT "\n係咪真" HKSCS "？");
	assert_int_equal(m.natt, 1);
	assert_string_equal(m.att[0].filename, "收據.jpg");
	assert_string_equal(m.att[0].content_type, "image/jpeg");
	assert_int_equal(m.att[0].size, 3);
}

static void gb18030_four_byte_characters(void **state)
{
	(void)state;
	static const char *labels[] = {"gb18030", "gb2312"}; /* gb2312 is read as GB18030 too */
	for (size_t i = 0; i < 2; i++) {
		const char *cs = labels[i];
		char *raw = arena_printf(
			a,
			"From: a@b.cn\r\nSubject: =?%s?B?%s?=\r\n"
			"Content-Type: multipart/mixed; boundary=x\r\n\r\n"
			"--x\r\nContent-Type: text/plain; charset=%s\r\n"
			"Content-Transfer-Encoding: base64\r\n\r\n%s\r\n"
			"--x\r\nContent-Type: text/plain\r\nContent-Disposition: attachment;\r\n"
			" filename*0*=%s''%s;\r\n filename*1*=%s\r\n\r\nhello\r\n--x--\r\n",
			cs, b64(enc("GB18030", SUBJECT FOUR_BYTE)), cs,
			b64(enc("GB18030", BODY FOUR_BYTE)), cs, hexenc(enc("GB18030", "清单"), 1),
			hexenc(enc("GB18030", FOUR_BYTE ".txt"), 1));
		struct parsed_mail m;
		assert_int_equal(parse(raw, &m), 0);
		all_valid(&m);
		assert_string_equal(m.subject, SUBJECT FOUR_BYTE);
		assert_string_equal(m.text, BODY FOUR_BYTE);
		assert_int_equal(m.natt, 1);
		assert_string_equal(m.att[0].filename, "清单" FOUR_BYTE ".txt");
		arena_reset(a);
	}
}

static void utf8_rfc2231_and_raw_8bit_headers(void **state)
{
	(void)state;
	/* Chinese mailers that send headers unencoded, in GBK */
	char *raw = arena_printf(
		a,
		"From: %s <li@example.com>\r\nSubject: %s\r\n"
		"Content-Type: multipart/mixed; boundary=x\r\n\r\n"
		"--x\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n%s\r\n"
		"--x\r\nContent-Type: application/pdf\r\n"
		"Content-Disposition: attachment; filename*=UTF-8''%%E5%%8F%%91%%E7%%A5%%A8.pdf\r\n\r\nx\r\n"
		"--x\r\nContent-Type: application/pdf; name=\"%s\"\r\n\r\ny\r\n--x--\r\n",
		enc("GBK", "李四"), enc("GBK", SUBJECT), BODY, enc("GBK", "合同" GBK_ONLY ".pdf"));
	struct parsed_mail m;
	assert_int_equal(parse(raw, &m), 0);
	all_valid(&m);
	assert_string_equal(m.from_name, "李四");
	assert_string_equal(m.subject, SUBJECT);
	assert_string_equal(m.text, BODY);
	assert_int_equal(m.natt, 2);
	assert_string_equal(m.att[0].filename, "发票.pdf");
	assert_string_equal(m.att[1].filename, "合同" GBK_ONLY ".pdf");
}

static void other_charsets_and_broken_bytes(void **state)
{
	(void)state;
	static const struct {
		const char *cs, *text;
	} cases[] = {
		{"ISO-2022-JP", "お問い合わせの件、返金をお願いします。"},
		{"Shift_JIS", "返品について"},
		{"EUC-KR", "환불 요청합니다"},
		{"KOI8-R", "Возврат денег"},
		{"ISO-8859-2", "Zażółć gęślą jaźń"},
		{"windows-1251", "Жалоба"},
		{"windows-1252", "café “quoted” – €5"},
		{"iso-8859-1", "Müller café"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char *raw = arena_printf(a,
					 "Subject: =?%s?B?%s?=\r\nContent-Type: text/plain; charset=\"%s\"\r\n"
					 "Content-Transfer-Encoding: base64\r\n\r\n%s\r\n",
					 cases[i].cs, b64(enc(cases[i].cs, cases[i].text)), cases[i].cs,
					 b64(enc(cases[i].cs, cases[i].text)));
		struct parsed_mail m;
		assert_int_equal(parse(raw, &m), 0);
		assert_string_equal(m.subject, cases[i].text);
		assert_string_equal(m.text, cases[i].text);
		arena_reset(a);
	}
	/* invalid bytes become U+FFFD; NULs vanish; an unknown charset is guessed */
	struct parsed_mail m;
	const char bad[] = "Subject: x\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nok\xff\xfe!\0end";
	assert_int_equal(parse_lim(bad, sizeof bad - 1, NULL, &m), 0);
	assert_string_equal(m.text, "ok\xEF\xBF\xBD\xEF\xBF\xBD!end");
	char *raw = arena_printf(a, "Subject: x\r\nContent-Type: text/plain; charset=x-klingon\r\n\r\n%s",
				 enc("GB18030", BODY));
	assert_int_equal(parse(raw, &m), 0);
	assert_string_equal(m.text, BODY);
	raw = arena_printf(a, "Subject: x\r\nContent-Type: text/plain; charset=utf-8//IGNORE\r\n\r\n%s",
			   BODY);
	assert_int_equal(parse(raw, &m), 0);
	assert_string_equal(m.text, BODY);
}

/* ---- headers ---- */

static void ids_addresses_and_date(void **state)
{
	(void)state;
	struct parsed_mail m;
	assert_int_equal(parse("Return-Path: <Bounce+x@Mail.Example.COM>\r\n"
			       "From: undisclosed: \"Wang Wu\" <WW@Example.ORG>;\r\n"
			       "Reply-To: Support <Help@Shop.CN>\r\n"
			       "Message-ID: <abc.123@mx.example.org>\r\n"
			       "In-Reply-To: <first@x> <second@x>\r\n"
			       "References: <root@x>\r\n <mid@x>\r\n\t<first@x>\r\n"
			       "Date: Fri, 20 Nov 2026 14:30:00 +0800\r\n\r\nhi\r\n",
			       &m),
			 0);
	assert_string_equal(m.from_name, "Wang Wu");
	assert_string_equal(m.from_addr, "WW@example.org");
	assert_string_equal(m.reply_to_addr, "Help@shop.cn");
	assert_string_equal(m.return_path, "Bounce+x@mail.example.com");
	assert_string_equal(m.message_id, "abc.123@mx.example.org");
	assert_string_equal(m.in_reply_to, "first@x");
	assert_int_equal(m.nreferences, 3);
	assert_string_equal(m.references[0], "root@x");
	assert_string_equal(m.references[1], "mid@x");
	assert_string_equal(m.references[2], "first@x");
	assert_int_equal(m.date_ms, 1795156200000LL);
	assert_string_equal(m.text, "hi\n");

	assert_int_equal(parse("From: Nobody\nSubject: =?utf-8?q?caf=C3=A9?=\n\nx", &m), 0);
	assert_null(m.from_addr);
	assert_null(m.return_path);
	assert_null(m.message_id);
	assert_null(m.in_reply_to);
	assert_int_equal(m.nreferences, 0);
	assert_int_equal(m.date_ms, 0);
	assert_string_equal(m.subject, "café");

	/* an mbox separator line before the headers, no Content-Type */
	assert_int_equal(parse("From someone@x Mon May  2 16:07:05 2005\nFrom: a@b.c\n\nbody", &m), 0);
	assert_string_equal(m.from_addr, "a@b.c");
	assert_string_equal(m.text, "body");
}

/* ---- 4. HTML ---- */

#define NASTY_HTML                                                                           \
	"<html><head><title>T</title><style>p{color:red}</style>"                            \
	"<script>alert(1)</script></head><body onload=\"evil()\"><!-- secret -->"            \
	"<p>第一段 &lt;b&gt; &amp; &quot;x&quot;</p>\n\n\n<p onclick=\"steal()\">Second<br>line</p>" \
	"<div>a   b</div><script type=\"text/javascript\">alert(2)</script>"                 \
	"<ul><li>one</li><li>two</li></ul><table><tr><td>c1</td><td>c2</td></tr></table>"    \
	"</body></html>"

static void html_is_reduced_to_safe_text(void **state)
{
	(void)state;
	const char *t = mail_html_to_text(NASTY_HTML, strlen(NASTY_HTML), a);
	assert_string_equal(t, "第一段 <b> & \"x\"\n\nSecond\nline\n\na b\n\none\ntwo\n\nc1 c2");

	char *raw = arena_printf(a, "Subject: h\r\nContent-Type: text/html; charset=gbk\r\n"
				    "Content-Transfer-Encoding: base64\r\n\r\n%s\r\n",
				 b64(enc("GBK", NASTY_HTML)));
	struct parsed_mail m;
	assert_int_equal(parse(raw, &m), 0);
	assert_int_equal(m.text_from_html, 1);
	assert_string_equal(m.text, t);
	assert_null(strstr(m.text, "alert"));
	assert_null(strstr(m.text, "color"));
	assert_null(strstr(m.text, "secret"));
	assert_null(strstr(m.text, "evil"));
	assert_int_equal(m.natt, 0);

	/* an alternative: the plain part is the text, the HTML is not an attachment */
	assert_int_equal(parse("Content-Type: multipart/alternative; boundary=q\n\n--q\n"
			       "Content-Type: text/plain\n\nplain\n--q\nContent-Type: text/html\n\n"
			       "<p>html</p>\n--q--\n",
			       &m),
			 0);
	assert_string_equal(m.text, "plain");
	assert_int_equal(m.text_from_html, 0);
	assert_int_equal(m.natt, 0);

	/* the charset may only be in a <meta>; invalid UTF-8 given directly is cleaned */
	raw = arena_printf(a, "Content-Type: text/html\n\n<meta charset=\"gb2312\"><p>%s</p>",
			   enc("GBK", GBK_ONLY));
	assert_int_equal(parse(raw, &m), 0);
	assert_string_equal(m.text, GBK_ONLY);
	t = mail_html_to_text("<p>a\xff\0b</p>", 10, a);
	assert_string_equal(t, "a\xEF\xBF\xBD" "b");
	assert_string_equal(mail_html_to_text("", 0, a), "");
}

/* ---- 5. who wrote it ---- */

static void authors_are_classified(void **state)
{
	(void)state;
	static const struct {
		const char *headers;
		enum mail_author author;
		const char *why;
	} cases[] = {
		{"Auto-Submitted: auto-replied\n", MAIL_AUTO_REPLY, "Auto-Submitted: auto-replied"},
		{"Auto-Submitted: no\n", MAIL_PERSON, NULL},
		{"X-Autoreply: yes\n", MAIL_AUTO_REPLY, "X-Autoreply: yes"},
		{"X-Autorespond: vacation\n", MAIL_AUTO_REPLY, "X-Autorespond: vacation"},
		{"Precedence: auto_reply\n", MAIL_AUTO_REPLY, "Precedence: auto_reply"},
		{"X-Auto-Response-Suppress: DR, OOF\nX-MS-Exchange-Inbox-Rules-Loop: a@b.c\n",
		 MAIL_AUTO_REPLY, "X-Auto-Response-Suppress: DR, OOF"},
		{"X-Auto-Response-Suppress: All\n", MAIL_PERSON, NULL}, /* alone: Outlook sets it too */
		{"Subject: 自动回复：我正在休假\n", MAIL_AUTO_REPLY, "Subject: 自动回复：我正在休假"},
		{"Subject: =?gb2312?B?19S2r7vYuLQ6ILj2yMs=?=\n", MAIL_AUTO_REPLY, "Subject: 自动回复: 个人"},
		{"Subject: 自動回覆: 休假中\n", MAIL_AUTO_REPLY, "Subject: 自動回覆: 休假中"},
		{"Subject: Auto: away\n", MAIL_AUTO_REPLY, "Subject: Auto: away"},
		{"Subject: Automatic reply: away\n", MAIL_AUTO_REPLY, "Subject: Automatic reply: away"},
		{"Subject: Out of Office: away\n", MAIL_AUTO_REPLY, "Subject: Out of Office: away"},
		{"Content-Type: multipart/report; report-type=delivery-status; boundary=r\n",
		 MAIL_BOUNCE, "Content-Type: multipart/report; report-type=delivery-status"},
		{"Content-Type: multipart/report; report-type=disposition-notification; boundary=r\n",
		 MAIL_AUTO_REPLY, "Content-Type: multipart/report; report-type=disposition-notification"},
		{"From: Mail Delivery System <MAILER-DAEMON@mx.example.com>\n", MAIL_BOUNCE,
		 "From: MAILER-DAEMON@mx.example.com"},
		{"From: postmaster@example.com\n", MAIL_BOUNCE, "From: postmaster@example.com"},
		{"Return-Path: <>\n", MAIL_BOUNCE, "Return-Path: <>"},
		{"Return-Path: <>\nAuto-Submitted: auto-replied\n", MAIL_AUTO_REPLY,
		 "Auto-Submitted: auto-replied"}, /* an RFC 3834 auto-reply, not a bounce */
		{"From: MAILER-DAEMON@x.org\nAuto-Submitted: auto-replied\n", MAIL_BOUNCE,
		 "From: MAILER-DAEMON@x.org"},
		{"Precedence: bulk\n", MAIL_BULK, "Precedence: bulk"},
		{"Precedence: junk\n", MAIL_BULK, "Precedence: junk"},
		{"Precedence: list\n", MAIL_BULK, "Precedence: list"},
		{"List-Id: <news.shop.cn>\n", MAIL_BULK, "List-Id: <news.shop.cn>"},
		{"List-Unsubscribe: <mailto:u@shop.cn>\n", MAIL_BULK,
		 "List-Unsubscribe: <mailto:u@shop.cn>"},
		{"Subject: 退款问题\nReturn-Path: <zhang@example.com>\n", MAIL_PERSON, NULL},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const char *from = strstr(cases[i].headers, "From:") ? "" : "From: zhang@example.com\n";
		char *raw = arena_printf(a, "%s%sMessage-ID: <%zu@x>\n\nbody\n", from,
					 cases[i].headers, i);
		struct parsed_mail m;
		assert_int_equal(parse(raw, &m), 0);
		if (m.author != cases[i].author)
			fail_msg("case %zu (%s): author %d, want %d (%s)", i, cases[i].headers,
				 m.author, cases[i].author, m.author_why ? m.author_why : "-");
		if (cases[i].why)
			assert_string_equal(m.author_why, cases[i].why);
		else
			assert_null(m.author_why);
		arena_reset(a);
	}
}

/* ---- 6. limits ---- */

static void limits_skip_and_cut(void **state)
{
	(void)state;
	struct mail_limits lim = {10, 16, 2};
	char *raw = arena_printf(
		a,
		"Content-Type: multipart/mixed; boundary=x\n\n"
		"--x\nContent-Type: text/plain; charset=utf-8\n\n退款退款退款\n"
		"--x\nContent-Type: application/octet-stream; name=big.bin\n"
		"Content-Transfer-Encoding: base64\n\n%s\n"
		"--x\nContent-Type: image/PNG; name=a.png\n\n12345\n"
		"--x\nContent-Type: image/png; name=b.png\n\n123\n"
		"--x\nContent-Type: image/png; name=c.png\n\n1234567\n--x--\n",
		b64("0123456789abcdefghij"));
	struct parsed_mail m;
	assert_int_equal(parse_lim(raw, strlen(raw), &lim, &m), 0);
	all_valid(&m);
	/* 10 bytes end inside the fourth 3-byte character: three are kept */
	assert_string_equal(m.text, "退款退");
	assert_int_equal(m.text_truncated, 1);
	assert_int_equal(m.natt, 4);
	assert_string_equal(m.att[0].filename, "big.bin");
	assert_int_equal(m.att[0].skipped, 1);
	assert_null(m.att[0].data);
	assert_int_equal(m.att[0].size, 20);
	assert_string_equal(m.att[1].content_type, "image/png");
	assert_int_equal(m.att[1].skipped, 0);
	assert_int_equal(m.att[1].size, 5);
	assert_memory_equal(m.att[1].data, "12345", 5);
	assert_int_equal(m.att[2].skipped, 0);
	assert_int_equal(m.att[3].skipped, 1); /* the third small one: over the count */
	assert_null(m.att[3].data);
	assert_int_equal(m.att[3].size, 7);

	/* the same cut for text from HTML; short text is not marked cut */
	raw = "Content-Type: text/html; charset=utf-8\n\n<p>退款退款</p><p>退款</p>";
	assert_int_equal(parse_lim(raw, strlen(raw), &lim, &m), 0);
	assert_string_equal(m.text, "退款退");
	assert_int_equal(m.text_truncated, 1);
	raw = "Subject: s\n\n退款";
	assert_int_equal(parse_lim(raw, strlen(raw), &lim, &m), 0);
	assert_string_equal(m.text, "退款");
	assert_int_equal(m.text_truncated, 0);

	/* zero limits keep nothing but still list every attachment with its size */
	struct mail_limits none = {100, 0, 0};
	raw = "Content-Type: multipart/mixed; boundary=x\n\n--x\n\nhi\n"
	      "--x\nContent-Type: image/png; name=a.png\n\n12345\n--x--\n";
	assert_int_equal(parse_lim(raw, strlen(raw), &none, &m), 0);
	assert_string_equal(m.text, "hi");
	assert_int_equal(m.natt, 1);
	assert_int_equal(m.att[0].skipped, 1);
	assert_int_equal(m.att[0].size, 5);
	assert_null(m.att[0].data);
}

/* ---- hostile input ---- */

static void hostile_input_stays_linear(void **state)
{
	(void)state;
	GString *s = g_string_new("Subject: ");
	for (int i = 0; i < 200000; i++) /* encoded words that never end: quadratic in GMime */
		g_string_append(s, "=?a?b?x");
	g_string_append(s, "\nContent-Type: text/html\n\n<p>before</p>");
	for (int i = 0; i < 3000; i++) /* deeper than libxml2's default limit of 256 */
		g_string_append(s, "<div>");
	g_string_append(s, "x");
	for (int i = 0; i < 3000; i++)
		g_string_append(s, "</div>");
	g_string_append(s, "<p>after</p>");
	struct parsed_mail m;
	alarm(60);
	assert_int_equal(parse_lim(s->str, s->len, NULL, &m), 0);
	alarm(0);
	all_valid(&m);
	assert_string_equal(m.text, "before\n\nx\n\nafter");
	g_string_free(s, TRUE);
}

/* 1 if s holds a control character other than tab and newline (C0, DEL, C1). */
static int has_control(const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if ((*p < 0x20 && *p != '\t' && *p != '\n') || *p == 0x7F ||
		    (*p == 0xC2 && p[1] >= 0x80 && p[1] <= 0x9F))
			return 1;
	return 0;
}

static void mime_walk_is_bounded(void **state)
{
	(void)state;
	/* a text part, then far more empty parts than are read */
	GString *s = g_string_new("From: a@b.example\nContent-Type: multipart/mixed; boundary=b\n\n"
				  "--b\nContent-Type: text/plain; charset=utf-8\n\n耳机坏了\n");
	for (int i = 0; i < 20 * MAIL_MAX_PARTS; i++)
		g_string_append(s, "--b\n\n");
	g_string_append(s, "--b--\n");
	struct parsed_mail m;
	assert_int_equal(parse_lim(s->str, s->len, NULL, &m), 0);
	assert_string_equal(m.text, "耳机坏了");
	assert_int_equal(m.parts_cut, 1);
	assert_true(m.natt + m.att_more < MAIL_MAX_PARTS);
	assert_true(m.natt <= MAIL_MAX_LISTED);
	g_string_free(s, TRUE);

	/* a boundary declared in a form the count cannot follow (RFC 2231):
	 * every line starting with "--" counts */
	s = g_string_new("Content-Type: multipart/mixed; boundary*0=b\n\n--b\n\nhi\n");
	for (int i = 0; i < 20 * MAIL_MAX_PARTS; i++)
		g_string_append(s, "--b\n\n");
	assert_int_equal(parse_lim(s->str, s->len, NULL, &m), 0);
	assert_int_equal(m.parts_cut, 1);
	assert_true(m.natt + m.att_more < MAIL_MAX_PARTS);
	g_string_free(s, TRUE);

	/* attachments past those listed are counted, not lost */
	s = g_string_new("Content-Type: multipart/mixed; boundary=b\n\n--b\n\n见附件\n");
	for (int i = 0; i < MAIL_MAX_LISTED + 50; i++)
		g_string_append_printf(s, "--b\nContent-Type: image/png; name=%d.png\n\nx\n", i);
	g_string_append(s, "--b--\n");
	assert_int_equal(parse_lim(s->str, s->len, NULL, &m), 0);
	assert_string_equal(m.text, "见附件");
	assert_int_equal(m.natt, MAIL_MAX_LISTED);
	assert_int_equal(m.att_more, 50);
	assert_int_equal(m.parts_cut, 0);
	assert_string_equal(m.att[MAIL_MAX_LISTED - 1].filename, "99.png");
	g_string_free(s, TRUE);

	/* nesting deeper than read: the text found before it is the body */
	s = g_string_new("Content-Type: multipart/mixed; boundary=t\n\n--t\n\n在上面\n--t\n");
	for (int i = 0; i < 3 * MAIL_MAX_DEPTH; i++)
		g_string_append_printf(s, "Content-Type: multipart/mixed; boundary=d%d\n\n--d%d\n", i, i);
	g_string_append(s, "\n在最下面\n");
	assert_int_equal(parse_lim(s->str, s->len, NULL, &m), 0);
	assert_string_equal(m.text, "在上面");
	assert_int_equal(m.parts_cut, 1);
	g_string_free(s, TRUE);

	/* a header of megabytes is read to its first MAIL_MAX_HEADER bytes */
	s = g_string_new("From: a@b.example\nSubject: ");
	for (int i = 0; i < 200000; i++)
		g_string_append(s, "很长的标题 ");
	g_string_append(s, "\n\nbody\n");
	assert_int_equal(parse_lim(s->str, s->len, NULL, &m), 0);
	assert_string_equal(m.text, "body\n");
	assert_true(strlen(m.subject) <= MAIL_MAX_HEADER);
	g_string_free(s, TRUE);
}

static void control_characters_become_spaces(void **state)
{
	(void)state;
	static const char *const ctl[] = {"\f", "\x1b", "\v", "\b", "\x7f", "\xc2\x85", "\r"};
	struct parsed_mail m;
	for (size_t i = 0; i < sizeof ctl / sizeof *ctl; i++) {
		for (int html = 0; html < 2; html++) {
			char *raw = arena_printf(a, "From: a@b.example\nContent-Type: text/%s; charset=utf-8\n\n"
						    "耳机坏了%s请处理\n", html ? "html" : "plain", ctl[i]);
			assert_int_equal(parse(raw, &m), 0);
			assert_false(has_control(m.text));
			assert_non_null(strstr(m.text, "请处理"));
		}
	}
	/* a Big5 byte 0x80 with no charset named: read as GB18030 it is U+0080 */
	assert_int_equal(parse("From: a@b.example\n\n\xa6\xd5\x80\xa4\xa3\n", &m), 0);
	assert_false(has_control(m.text));
	/* tabs and line breaks stay */
	assert_int_equal(parse("From: a@b.example\n\na\tb\r\nc\n", &m), 0);
	assert_string_equal(m.text, "a\tb\nc\n");
}

/* ---- 7. not a message ---- */

static void not_a_message_is_refused(void **state)
{
	(void)state;
	struct parsed_mail m;
	static const char png[] = "\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x10";
	static const char nul[] = "From: a@b.c\r\nSubject: a\0b\r\n\r\nbody";
	static const char nul_body[] = "From: a@b.c\r\nSubject: ab\r\n\r\nbo\0dy";
	assert_int_equal(parse_lim("", 0, NULL, &m), -KE_INVALID_VALUE);
	assert_int_equal(parse_lim(NULL, 0, NULL, &m), -KE_INVALID_VALUE);
	assert_int_equal(parse(" \r\n\t\r\n", &m), -KE_INVALID_VALUE);
	assert_int_equal(parse_lim(png, sizeof png - 1, NULL, &m), -KE_INVALID_VALUE);
	assert_int_equal(parse("Dear shop, my heater leaks.\n", &m), -KE_INVALID_VALUE);
	assert_int_equal(parse(" Subject: folded first line\n\nx", &m), -KE_INVALID_VALUE);
	assert_int_equal(parse_lim(nul, sizeof nul - 1, NULL, &m), -KE_INVALID_VALUE);
	/* a NUL in the body is no reason to refuse */
	assert_int_equal(parse_lim(nul_body, sizeof nul_body - 1, NULL, &m), 0);
	assert_string_equal(m.text, "body");
	/* headers only, no body */
	assert_int_equal(parse("Subject: only", &m), 0);
	assert_string_equal(m.subject, "only");
	assert_string_equal(m.text, "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(corpus_parses_without_crash_or_invalid_text),
		cmocka_unit_test(rfc_examples_agree_with_stalwart),
		cmocka_unit_test(gbk_labelled_gb2312_and_every_gbk_label),
		cmocka_unit_test(gbk_quoted_printable_and_outlook_names),
		cmocka_unit_test(big5_with_hkscs_characters),
		cmocka_unit_test(gb18030_four_byte_characters),
		cmocka_unit_test(utf8_rfc2231_and_raw_8bit_headers),
		cmocka_unit_test(other_charsets_and_broken_bytes),
		cmocka_unit_test(ids_addresses_and_date),
		cmocka_unit_test(html_is_reduced_to_safe_text),
		cmocka_unit_test(authors_are_classified),
		cmocka_unit_test(limits_skip_and_cut),
		cmocka_unit_test(hostile_input_stays_linear),
		cmocka_unit_test(mime_walk_is_bounded),
		cmocka_unit_test(control_characters_become_spaces),
		cmocka_unit_test(not_a_message_is_refused),
	};
	return cmocka_run_group_tests_name("mailparse", tests, setup, teardown);
}
