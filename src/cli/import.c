/*
 * import.c - `kesu import`: register complaints from JSON lines, for moving
 * from another system (and for building large data sets to measure with);
 * with --reviews, take in a shop's neutral and negative reviews from a
 * platform's export (CSV, Chinese headers and all) or JSON lines; with
 * --orders, the business's orders (CSV or JSON lines), for the repurchase
 * figures.
 */
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "../auth/roles.h"
#include "../intake/intake.h"
#include "../analysis/analysis.h"
#include "../store/store.h"
#include "../text/text.h"
#include "../util/clock.h"
#include "../workflow/workflow.h"
#include "cli.h"

#define IMPORT_ACTOR "import"

struct batch {
	json_t **bodies;
	json_t **lines;
	int64_t *times;
	long *lineno;
	int n, cap;
};

static void batch_clear(struct batch *b)
{
	for (int i = 0; i < b->n; i++)
		json_decref(b->lines[i]);
	b->n = 0;
}

int import_line_parse(const char *text, size_t len, long lineno, int64_t now, json_t **line,
		      json_t **body, int64_t *at, struct kesu_err *err)
{
	/* A NUL byte is refused here: jansson may take it for the end of the
	 * text even within the length it is given, and import the start. */
	if (memchr(text, '\0', len))
		return kesu_fail(err, KE_MALFORMED_JSON, "", "line %ld: malformed JSON: a NUL byte",
				 lineno);
	json_error_t je;
	json_t *j = json_loadb(text, len, JSON_REJECT_DUPLICATES, &je);
	if (!j)
		return kesu_fail(err, KE_MALFORMED_JSON, "", "line %ld: malformed JSON: %s", lineno,
				 je.text);
	*body = j;
	*at = now;
	json_t *wrapped = json_object_get(j, "complaint");
	if (json_is_object(j) && wrapped) {
		json_t *ca = json_object_get(j, "created_at");
		if (json_object_size(j) != (ca ? 2u : 1u) ||
		    (ca && (!json_is_string(ca) ||
			    clock_parse_rfc3339(json_string_value(ca), at) || *at > now))) {
			json_decref(j);
			return kesu_fail(err, KE_INVALID_VALUE, "created_at",
					 "line %ld: a wrapped line has only created_at (RFC 3339, not in the future) and complaint",
					 lineno);
		}
		*body = wrapped;
	}
	*line = j;
	return 0;
}

/* Parses one line into the batch. Returns 0 or a negative code. */
static int add_line(struct batch *b, const char *line, size_t len, long lineno, int64_t now,
		    struct kesu_err *err)
{
	json_t *j, *body;
	int64_t at;
	int rc = import_line_parse(line, len, lineno, now, &j, &body, &at, err);
	if (rc)
		return rc;
	if (b->n == b->cap) {
		b->cap = b->cap ? b->cap * 2 : 1024;
		b->bodies = realloc(b->bodies, sizeof *b->bodies * (size_t)b->cap);
		b->lines = realloc(b->lines, sizeof *b->lines * (size_t)b->cap);
		b->times = realloc(b->times, sizeof *b->times * (size_t)b->cap);
		b->lineno = realloc(b->lineno, sizeof *b->lineno * (size_t)b->cap);
	}
	b->bodies[b->n] = body;
	b->lines[b->n] = j;
	b->times[b->n] = at;
	b->lineno[b->n] = lineno;
	b->n++;
	return 0;
}

static int flush(struct store *s, struct batch *b, long *stored, struct kesu_err *err)
{
	int bad;
	if (!b->n)
		return 0;
	int rc = intake_import(s, b->bodies, b->times, b->n, IMPORT_ACTOR, &bad, err);
	if (rc) {
		if (bad >= 0) {
			char msg[sizeof err->message];
			snprintf(msg, sizeof msg, "line %ld: %.60s%s%.180s", b->lineno[bad],
				 err->field, err->field[0] ? ": " : "", err->message);
			snprintf(err->message, sizeof err->message, "%s", msg);
			err->field[0] = '\0';
		}
		return rc;
	}
	*stored += b->n;
	batch_clear(b);
	return 0;
}

/* --- reviews (--reviews FILE) ------------------------------------------------ */

#define RECORD_MAX (1 << 20) /* bytes of one CSV record or JSON line */
#define FIELDS_MAX 256

/* The importer, as a review's history names who took it in. */
static const struct wf_actor importer = {.name = IMPORT_ACTOR, .perms = P__ALL};

enum {
	RC_PLATFORM, RC_SHOP, RC_EXTERNAL_ID, RC_ORDER_REF, RC_BUYER, RC_CONTACT, RC_RATING,
	RC_STARS, RC_TEXT, RC_PHOTOS, RC_PRODUCT, RC_LINK, RC_LANGUAGE, RC_POSTED_AT,
	RC_SERIOUS, RC_TEAM_ID, RC__COUNT
};

/* The columns of a review export: the member of a review each one fills
 * (also its English header), the headers a platform's export gives it
 * (zh-CN, then zh-TW), and what a cell holds. */
static const struct review_column {
	const char *name;
	const char *headers[5];
	int required;
	const char *holds;
} review_columns[RC__COUNT] = {
	[RC_PLATFORM] = {"platform", {"平台", "平臺"}, 1,
			 "taobao, tmall, jd, pinduoduo, meituan, dianping, douyin, other"},
	[RC_SHOP] = {"shop", {"店铺", "店铺名称", "店鋪"}, 0, "the shop on the platform"},
	[RC_EXTERNAL_ID] = {"external_id", {"评价ID", "评价编号", "評價ID", "評價編號"}, 0,
			    "the platform's id of the review"},
	[RC_ORDER_REF] = {"order_ref", {"订单号", "订单编号", "訂單號", "訂單編號"}, 1,
			  "the order reviewed"},
	[RC_BUYER] = {"buyer", {"买家", "买家昵称", "買家", "買家暱稱"}, 1, "the buyer's nickname"},
	[RC_CONTACT] = {"contact", {"联系电话", "手机号", "聯絡電話", "手機號"}, 0,
			"the phone the shop has for the order"},
	[RC_RATING] = {"rating", {"评价等级", "評價等級"}, 1,
		       "neutral or negative: 中评 or 差评 (中評, 差評)"},
	[RC_STARS] = {"stars", {"星级", "评分", "星級", "評分"}, 0, "1 to 5"},
	[RC_TEXT] = {"text", {"评价内容", "評價內容"}, 0, "what the buyer wrote"},
	[RC_PHOTOS] = {"photos", {"图片", "圖片"}, 0,
		       "http(s) addresses separated by spaces or |"},
	[RC_PRODUCT] = {"product", {"商品", "宝贝", "商品名称", "寶貝", "商品名稱"}, 0,
			"the product reviewed"},
	[RC_LINK] = {"link", {"链接", "連結"}, 0, "the review's http(s) address"},
	[RC_LANGUAGE] = {"language", {NULL}, 0, "zh-CN (default), zh-TW or en"},
	[RC_POSTED_AT] = {"posted_at", {"评价时间", "評價時間"}, 1,
			  "2026-12-01 10:15:00, 2026/12/01 10:15 (local time) or RFC 3339"},
	[RC_SERIOUS] = {"serious", {"严重", "嚴重"}, 0,
			"是 or 否 (true, false): a serious problem or a deep misunderstanding"},
	[RC_TEAM_ID] = {"team_id", {NULL}, 0, "the id of the team that handles it"},
};

/* A platform export's words for the values kesu names. */
struct word {
	const char *said, *value;
};
static const struct word platform_words[] = {
	{"淘宝", "taobao"}, {"淘寶", "taobao"}, {"天猫", "tmall"}, {"天貓", "tmall"},
	{"京东", "jd"}, {"京東", "jd"}, {"拼多多", "pinduoduo"}, {"美团", "meituan"},
	{"美團", "meituan"}, {"大众点评", "dianping"}, {"大眾點評", "dianping"},
	{"抖音", "douyin"}, {"其他", "other"}, {NULL, NULL},
};
static const struct word rating_words[] = {
	{"中评", "neutral"}, {"差评", "negative"}, {"中評", "neutral"}, {"差評", "negative"},
	{"neutral", "neutral"}, {"negative", "negative"}, {NULL, NULL},
};
static const struct word serious_words[] = {
	{"是", "true"}, {"否", "false"}, {"true", "true"}, {"false", "false"},
	{"yes", "true"}, {"no", "false"}, {"1", "true"}, {"0", "false"}, {NULL, NULL},
};

static const char *word_value(const struct word *w, const char *said)
{
	for (; w->said; w++)
		if (strcasecmp(w->said, said) == 0)
			return w->value;
	return NULL;
}

/* s, with | escaped where it goes into a Markdown table. */
static void table_text(FILE *f, const char *s, int markdown)
{
	for (; *s; s++)
		fprintf(f, markdown && *s == '|' ? "\\|" : "%c", *s);
}

void import_reviews_help(FILE *f, int markdown)
{
	if (markdown)
		fprintf(f, "| column | headers of a platform's export | holds |\n|---|---|---|\n");
	for (int i = 0; i < RC__COUNT; i++) {
		const struct review_column *c = &review_columns[i];
		if (markdown)
			fprintf(f, "| `%s`%s | ", c->name, c->required ? " (required)" : "");
		else
			fprintf(f, "  %-12s%s", c->name, c->required ? " required;" : "");
		for (int h = 0; h < 5 && c->headers[h]; h++)
			fprintf(f, "%s%s", h ? ", " : markdown ? "" : " headers ", c->headers[h]);
		if (markdown)
			fprintf(f, " | ");
		else
			fprintf(f, c->headers[0] ? "\n  %-13s" : " ", "");
		table_text(f, c->holds, markdown);
		fprintf(f, markdown ? " |\n" : "\n");
	}
	fprintf(f, markdown ? "\nPlatforms in Chinese:" : "\n  Platforms in Chinese:");
	int groups = 0;
	for (const struct word *w = platform_words; w->said; w++) {
		int first = w == platform_words || strcmp(w[-1].value, w->value) != 0;
		if (first && !markdown && groups && groups % 4 == 0)
			fprintf(f, "\n ");
		fprintf(f, "%s%s", first ? " " : "/", w->said);
		if (!w[1].said || strcmp(w[1].value, w->value) != 0)
			fprintf(f, " %s%s", w->value, w[1].said ? "," : ".\n"), groups++;
	}
}

/* Input lines, their line breaks taken off (and a byte-order mark off the
 * first). */
struct reader {
	FILE *in;
	char *line;
	size_t cap;
	ssize_t len;
	long lineno;
	int held; /* line is read again by the next next_line */
};

static ssize_t next_line(struct reader *rd)
{
	if (rd->held) {
		rd->held = 0;
		return rd->len;
	}
	if ((rd->len = getline(&rd->line, &rd->cap, rd->in)) < 0)
		return -1;
	if (++rd->lineno == 1 && rd->len >= 3 && memcmp(rd->line, "\xEF\xBB\xBF", 3) == 0) {
		memmove(rd->line, rd->line + 3, (size_t)rd->len - 2);
		rd->len -= 3;
	}
	while (rd->len && (rd->line[rd->len - 1] == '\n' || rd->line[rd->len - 1] == '\r'))
		rd->line[--rd->len] = '\0';
	return rd->len;
}

/* One CSV record (RFC 4180): its fields, each ended by a NUL in buf. */
struct record {
	char *buf;
	size_t len, cap;
	size_t start[FIELDS_MAX], flen[FIELDS_MAX];
	int n, overflow; /* overflow: more than FIELDS_MAX fields */
	long lineno;	 /* of its first line */
};

static void field_end(struct record *rec)
{
	rec->flen[rec->n] = rec->len - rec->start[rec->n];
	rec->buf[rec->len++] = '\0';
	if (rec->n + 1 < FIELDS_MAX)
		rec->start[++rec->n] = rec->len;
	else
		rec->overflow = 1, rec->len = rec->start[rec->n]; /* the last one is refused anyway */
}

/* Reads the next record, blank lines before it skipped. Returns 1, 0 at
 * the end, or a negative code when the file cannot be read on (a quoted
 * field not closed, a record over RECORD_MAX). */
static int read_record(struct reader *rd, struct record *rec, struct kesu_err *err)
{
	ssize_t len;
	while ((len = next_line(rd)) == 0)
		;
	if (len < 0)
		return 0;
	rec->len = 0;
	rec->n = rec->overflow = 0;
	rec->start[0] = 0;
	rec->lineno = rd->lineno;
	int quoted = 0, fresh = 1; /* fresh: nothing of the field yet */
	for (;;) {
		/* each byte of a line gives at most one, and each comma a NUL */
		if (rec->len + (size_t)len + 2 > RECORD_MAX)
			return kesu_fail(err, KE_TOO_LONG, "",
					 "line %ld: a record over 1 MB (a quote not closed?)",
					 rec->lineno);
		if (rec->len + (size_t)len + 2 > rec->cap) {
			rec->cap = rec->len + (size_t)len + 4096;
			rec->buf = realloc(rec->buf, rec->cap);
			if (!rec->buf)
				return kesu_fail(err, KE_INTERNAL, "", "out of memory");
		}
		const char *p = rd->line;
		for (ssize_t i = 0; i < len; i++) {
			char ch = p[i];
			if (quoted) {
				if (ch != '"')
					rec->buf[rec->len++] = ch;
				else if (i + 1 < len && p[i + 1] == '"')
					rec->buf[rec->len++] = '"', i++;
				else
					quoted = 0;
			} else if (ch == ',') {
				field_end(rec);
				fresh = 1;
			} else if (ch == '"' && fresh) {
				quoted = 1;
				fresh = 0;
			} else {
				/* a quote within an unquoted field, or text after a
				 * closing quote, is kept as it is */
				rec->buf[rec->len++] = ch;
				fresh = 0;
			}
		}
		if (!quoted)
			break;
		rec->buf[rec->len++] = '\n';
		if ((len = next_line(rd)) < 0)
			return kesu_fail(err, KE_INVALID_VALUE, "",
					 "line %ld: a quoted field is not closed before the end of"
					 " the file",
					 rec->lineno);
	}
	field_end(rec);
	return 1;
}

/* The columns a CSV file holds: col[i] is the column of field i, or -1. */
struct header {
	int col[FIELDS_MAX];
	int n;
	char said[RC__COUNT][64]; /* each column's header as the file says it */
};

static char *trim_ascii(char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	size_t n = strlen(s);
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		s[--n] = '\0';
	return s;
}

static int column_of(const char *head)
{
	for (int i = 0; i < RC__COUNT; i++) {
		const struct review_column *c = &review_columns[i];
		if (strcasecmp(c->name, head) == 0)
			return i;
		for (int h = 0; h < 5 && c->headers[h]; h++)
			if (strcmp(c->headers[h], head) == 0)
				return i;
	}
	return -1;
}

/* The columns of a header record, for either file's table of columns:
 * col[i] the column of field i (column_of), or -1 for one kesu does not
 * know, named into unknown; said[c] each column's header as the file
 * writes it. Returns 0, or a negative code: too many fields, a header not
 * UTF-8, a column twice (named by name_of). */
static int header_columns(struct record *rec, int *col, char (*said)[64],
			  int (*column_of_head)(const char *), const char *(*name_of)(int),
			  char *unknown, size_t size, struct kesu_err *err)
{
	if (rec->overflow)
		return kesu_fail(err, KE_INVALID_VALUE, "", "line %ld: more than %d columns",
				 rec->lineno, FIELDS_MAX - 1);
	size_t used = 0;
	unknown[0] = '\0';
	for (int i = 0; i < rec->n; i++) {
		if (!text_utf8_valid(rec->buf + rec->start[i], rec->flen[i]))
			return kesu_fail(err, KE_INVALID_UTF8, "",
					 "line %ld: the header is not UTF-8 text (an export in GBK?"
					 " save it as UTF-8)",
					 rec->lineno);
		char *head = trim_ascii(rec->buf + rec->start[i]);
		int c = head[0] ? column_of_head(head) : -1;
		col[i] = c;
		if (c < 0) {
			if (head[0] && used < size)
				used += (size_t)snprintf(unknown + used, size - used, "%s%s",
							 used ? ", " : "", head);
			continue;
		}
		if (said[c][0])
			return kesu_fail(err, KE_INVALID_VALUE, "",
					 "line %ld: the columns %s and %s are both %s", rec->lineno,
					 said[c], head, name_of(c));
		snprintf(said[c], 64, "%s", head);
	}
	return 0;
}

static const char *review_column_name(int c)
{
	return review_columns[c].name;
}

/* Reads the header record. Columns kesu does not know are named on stderr
 * and skipped (an export has more than kesu needs). Returns 0, or a
 * negative code: a column twice, a required column missing. */
static int header_read(struct record *rec, struct header *h, struct kesu_err *err)
{
	memset(h, 0, sizeof *h);
	h->n = rec->n;
	char unknown[512];
	int rc = header_columns(rec, h->col, h->said, column_of, review_column_name, unknown,
				sizeof unknown, err);
	if (rc)
		return rc;
	for (int c = 0; c < RC__COUNT; c++)
		if (review_columns[c].required && !h->said[c][0])
			return kesu_fail(err, KE_MISSING_FIELD, "",
					 "line %ld: the header has no %s column (%s): see `kesu help"
					 " import`",
					 rec->lineno, review_columns[c].name,
					 review_columns[c].headers[0]);
	if (unknown[0])
		fprintf(stderr, "kesu: columns not read: %s\n", unknown);
	return 0;
}

/* "2026-12-01 10:15:00", "2026/12/1 10:15" (local time in the business
 * zone) or an RFC 3339 date-time, as Unix ms. Returns 0 or -1. */
static int local_time(const char *s, int64_t *ms)
{
	if (clock_parse_rfc3339(s, ms) == 0)
		return 0;
	int v[6] = {0}, i = 0;
	const char *p = s;
	char sep = 0;
	for (i = 0; i < 6; i++) {
		int digits = 0;
		while (*p >= '0' && *p <= '9' && digits < 4)
			v[i] = v[i] * 10 + (*p++ - '0'), digits++;
		if (!digits || (i == 0 && digits != 4) || (i > 0 && digits > 2) ||
		    (i >= 4 && digits != 2))
			return -1;
		if (i < 2) {
			/* the date's two separators are the same: - or / */
			if ((*p != '-' && *p != '/') || (sep && *p != sep))
				return -1;
			sep = *p++;
		} else if (i == 2) {
			if (*p != ' ' && *p != 'T')
				return -1;
			while (*p == ' ' || *p == 'T')
				p++;
		} else if (i < 5 && *p == ':') {
			p++;
		} else {
			break;
		}
	}
	if (*p || i < 4 || v[1] < 1 || v[1] > 12 || v[2] < 1 || v[3] > 23 || v[4] > 59 ||
	    v[5] > 59)
		return -1;
	struct tm tm = {.tm_year = v[0] - 1900, .tm_mon = v[1] - 1, .tm_mday = v[2],
			.tm_hour = v[3], .tm_min = v[4], .tm_sec = v[5], .tm_isdst = -1};
	time_t t = mktime(&tm);
	/* mktime carries 31 November into December: that date does not exist */
	if (t == (time_t)-1 || tm.tm_mday != v[2] || tm.tm_mon != v[1] - 1)
		return -1;
	*ms = (int64_t)t * 1000;
	return 0;
}

/* The member a cell fills, as the JSON of a review has it; NULL with err
 * when the cell cannot be read. v is trimmed and not empty. */
static json_t *cell_value(int col, char *v, const char *zone, struct kesu_err *err)
{
	const char *name = review_columns[col].name, *w;
	switch (col) {
	case RC_PLATFORM:
		if ((w = word_value(platform_words, v)))
			return json_string(w);
		for (char *q = v; *q; q++)
			if (*q >= 'A' && *q <= 'Z')
				*q = (char)(*q - 'A' + 'a');
		return json_string(v);
	case RC_RATING:
		/* anything else (好评) is refused as the API refuses it */
		return json_string((w = word_value(rating_words, v)) ? w : v);
	case RC_STARS:
	case RC_TEAM_ID: {
		char *end;
		long long n = strtoll(v, &end, 10);
		if (end != v && (!*end || (col == RC_STARS && (strcmp(end, "星") == 0 ||
								  strcmp(end, "分") == 0))))
			return json_integer(n);
		return json_string(v);
	}
	case RC_PHOTOS: {
		json_t *list = json_array();
		char *save, *tok = strtok_r(v, " |\t", &save);
		for (; tok; tok = strtok_r(NULL, " |\t", &save))
			json_array_append_new(list, json_string(tok));
		return list;
	}
	case RC_POSTED_AT: {
		int64_t ms;
		char buf[40];
		if (local_time(v, &ms)) {
			kesu_fail(err, KE_INVALID_VALUE, name,
				  "must be a date-time: 2026-12-01 10:15:00 or 2026/12/01 10:15 (%s"
				  " time), or RFC 3339",
				  zone);
			return NULL;
		}
		return json_string(clock_format(ms, buf, sizeof buf));
	}
	case RC_SERIOUS:
		if (!(w = word_value(serious_words, v))) {
			kesu_fail(err, KE_INVALID_VALUE, name, "must be 是 or 否 (true or false)");
			return NULL;
		}
		return json_boolean(strcmp(w, "true") == 0);
	default:
		return json_string(v);
	}
}

/* The next record of a file of records, CSV (rows made objects by
 * to_object with its header h) or JSON lines: 1 with *o (NULL and *rerr
 * set when the record is bad) and its line number, 0 at the end, or a
 * negative code when the file cannot be read further (the records before
 * are kept). Blank lines and rows of empty cells are skipped. */
static int next_record(struct reader *rd, struct record *rec, int csv,
		       json_t *(*to_object)(struct record *rec, const void *h, const char *zone,
					    struct kesu_err *err),
		       const void *h, const char *zone, json_t **o, long *lineno,
		       struct kesu_err *rerr, struct kesu_err *err)
{
	for (;;) {
		*o = NULL;
		if (csv) {
			int got = read_record(rd, rec, err);
			if (got <= 0)
				return got;
			*lineno = rec->lineno;
			/* a row of empty cells (a spreadsheet's) is nothing */
			size_t k = 0;
			while (k < rec->len && strchr(" \t", rec->buf[k]))
				k++;
			if (k == rec->len)
				continue;
			*o = to_object(rec, h, zone, rerr);
			return 1;
		}
		ssize_t len = next_line(rd);
		if (len < 0)
			return 0;
		*lineno = rd->lineno;
		if (strspn(rd->line, " \t") == (size_t)len)
			continue;
		json_error_t je;
		if (len > RECORD_MAX)
			kesu_fail(rerr, KE_TOO_LONG, "", "a line over 1 MB");
		else if (memchr(rd->line, '\0', (size_t)len))
			kesu_fail(rerr, KE_MALFORMED_JSON, "", "malformed JSON: a NUL byte");
		else if (!(*o = json_loadb(rd->line, (size_t)len, JSON_REJECT_DUPLICATES, &je)))
			kesu_fail(rerr, KE_MALFORMED_JSON, "", "malformed JSON: %s", je.text);
		return 1;
	}
}

/* The review a CSV row holds, as POST /api/v1/reviews takes it; NULL with
 * err naming the column that cannot be read. */
static json_t *row_object(struct record *rec, const struct header *h, const char *zone,
			  struct kesu_err *err)
{
	if (rec->overflow || rec->n > h->n) {
		kesu_fail(err, KE_INVALID_VALUE, "",
			  "%s%d fields where the header has %d (a comma in a field that is not"
			  " quoted?)",
			  rec->overflow ? "more than " : "", rec->n, h->n);
		return NULL;
	}
	json_t *o = json_object();
	for (int i = 0; i < rec->n; i++) {
		int col = h->col[i];
		char *cell = rec->buf + rec->start[i];
		if (col < 0)
			continue;
		const char *name = review_columns[col].name;
		if (!text_utf8_valid(cell, rec->flen[i])) {
			kesu_fail(err, memchr(cell, '\0', rec->flen[i]) ? KE_INVALID_VALUE
								       : KE_INVALID_UTF8,
				  name,
				  memchr(cell, '\0', rec->flen[i])
					  ? "holds a NUL byte"
					  : "is not UTF-8 text (an export in GBK? save it as UTF-8)");
			json_decref(o);
			return NULL;
		}
		char *v = trim_ascii(cell);
		if (!*v)
			continue;
		json_t *j = cell_value(col, v, zone, err);
		if (!j) {
			json_decref(o);
			return NULL;
		}
		json_object_set_new(o, name, j);
	}
	return o;
}

/* row_object as next_record calls it. */
static json_t *review_row_object(struct record *rec, const void *h, const char *zone,
				 struct kesu_err *err)
{
	return row_object(rec, h, zone, err);
}

/* One review of the file: read (err.code 0), then taken in or refused. */
struct review_row {
	long lineno;
	struct review r;
	struct kesu_err err;
	int existing;
};

/* The rows of one store job, each under a savepoint of its own. */
struct review_batch {
	struct store_job job;
	struct arena *a; /* the rows' strings */
	struct review_row *rows;
	int n, cap;
	int64_t now;
};

static int review_batch_run(struct store_conn *c, struct store_job *job)
{
	struct review_batch *b = (struct review_batch *)job;
	for (int i = 0; i < b->n; i++) {
		struct review_row *w = &b->rows[i];
		if (w->err.code)
			continue;
		/* each row on its own: a refused one (a team that does not exist,
		 * a time in the future) leaves the others */
		int rc = store_savepoint(c, "review_row", &w->err);
		if (!rc) {
			rc = wf_review_receive(c, &w->r, &importer, b->now, b->a, &w->existing,
					       &w->err);
			struct kesu_err e = {0};
			if (rc ? store_savepoint_undo(c, "review_row", &e)
			       : store_savepoint_release(c, "review_row", &e))
				w->err = e, rc = -(int)e.code;
		}
		/* the store failing is not a refusal of the row: the import stops */
		if (rc && (w->err.code == KE_UNAVAILABLE || w->err.code == KE_INTERNAL)) {
			job->err = w->err;
			return rc;
		}
	}
	return 0;
}

/* What an import did: rows created, already there, refused; the code of
 * the first refusal (its exit code is the import's). */
struct import_tally {
	long created, existing, refused;
	enum kesu_code first;
};

/* Stores the batch's rows and reports the refused ones on stderr, with
 * the header the file gives the field (h NULL: JSON lines). Returns 0,
 * or a negative code when the store failed (nothing of the batch stays). */
static int review_flush(struct store *s, struct review_batch *b, const struct header *h,
			struct import_tally *t, struct kesu_err *err)
{
	if (!b->n)
		return 0;
	b->job = (struct store_job){.run = review_batch_run};
	b->now = clock_now_ms();
	if (store_run(s, &b->job)) {
		*err = b->job.err;
		snprintf(err->field, sizeof err->field, "%s", "");
		return -(int)err->code;
	}
	for (int i = 0; i < b->n; i++) {
		struct review_row *w = &b->rows[i];
		if (!w->err.code) {
			t->created += !w->existing;
			t->existing += w->existing;
			continue;
		}
		if (!t->refused++)
			t->first = w->err.code;
		const char *said = "";
		for (int c = 0; h && c < RC__COUNT; c++)
			if (strcmp(review_columns[c].name, w->err.field) == 0 &&
			    strcmp(h->said[c], w->err.field) != 0)
				said = h->said[c];
		fprintf(stderr, "kesu: line %ld: %s%s%s%s%s%s\n", w->lineno, w->err.field,
			said[0] ? " (" : "", said, said[0] ? ")" : "", w->err.field[0] ? ": " : "",
			w->err.message);
	}
	b->n = 0;
	arena_reset(b->a);
	return 0;
}

/* A new row at the end of the batch, nothing in it but its line. */
static struct review_row *row_add(struct review_batch *b, long lineno)
{
	if (b->n == b->cap) {
		b->cap = b->cap ? b->cap * 2 : 256;
		b->rows = realloc(b->rows, sizeof *b->rows * (size_t)b->cap);
		if (!b->rows)
			abort();
	}
	struct review_row *w = &b->rows[b->n++];
	memset(w, 0, sizeof *w);
	w->lineno = lineno;
	return w;
}

/* Reads the reviews of in (CSV or JSON lines) into the store, batch_size
 * to a job. Refused rows are reported and counted in t; returns 0, or a
 * negative code when the file cannot be read on or the store fails. */
static int import_reviews(struct store *s, FILE *in, int batch_size, const char *zone,
			  struct import_tally *t, struct kesu_err *err)
{
	struct reader rd = {.in = in};
	struct record rec = {0};
	struct header h;
	struct review_batch b = {.a = arena_new()};
	ssize_t len;
	int rc = 0, csv = 0, fatal = 0;
	/* JSON lines or CSV: the first character that is not blank says */
	while ((len = next_line(&rd)) >= 0) {
		size_t k = strspn(rd.line, " \t");
		if (k < (size_t)len) {
			csv = rd.line[k] != '{';
			rd.held = 1;
			break;
		}
	}
	if (csv && (rc = read_record(&rd, &rec, err)) == 1)
		rc = header_read(&rec, &h, err);
	while (!rc) {
		json_t *o = NULL;
		long lineno = 0;
		struct kesu_err rerr = {0};
		int got = next_record(&rd, &rec, csv, review_row_object, &h, zone, &o, &lineno, &rerr,
				      err);
		if (got <= 0) {
			fatal = got;
			break;
		}
		struct review_row *w = row_add(&b, lineno);
		if (o)
			wf_review_read(o, clock_now_ms(), b.a, &w->r, &w->err);
		else
			w->err = rerr;
		json_decref(o);
		if (b.n >= batch_size)
			rc = review_flush(s, &b, csv ? &h : NULL, t, err);
	}
	if (!rc) {
		struct kesu_err ferr = *err;
		rc = review_flush(s, &b, csv ? &h : NULL, t, err);
		if (!rc && fatal)
			*err = ferr, rc = fatal;
	}
	free(rec.buf);
	free(rd.line);
	free(b.rows);
	arena_free(b.a);
	return rc;
}

/* --- orders (--orders FILE) -------------------------------------------------- */

enum { OC_PHONE, OC_CUSTOMER_REF, OC_ORDER_NO, OC_AT, OC_AMOUNT_FEN, OC_AMOUNT, OC__COUNT };

/* The columns of an order file: the member of an order each one fills
 * (also its English header), the headers a business's export gives it
 * (zh-CN, then zh-TW), and what a cell holds. */
static const struct order_column {
	const char *name;
	const char *headers[8];
	const char *holds;
} order_columns[OC__COUNT] = {
	[OC_PHONE] = {"phone", {"手机号", "手机", "电话", "联系电话", "手機號", "手機", "電話", "聯絡電話"},
		      "the customer's phone: orders are matched to complainants by it"},
	[OC_CUSTOMER_REF] = {"customer_ref", {"客户编号", "客户ID", "会员号", "客戶編號", "客戶ID", "會員號"},
			     "the business's own customer reference (when there is no phone)"},
	[OC_ORDER_NO] = {"order_no", {"订单号", "订单编号", "訂單號", "訂單編號"},
			 "the order's number: the same number twice is one order"},
	[OC_AT] = {"at", {"下单时间", "订单时间", "时间", "下單時間", "訂單時間", "時間"},
		   "2026-12-01 10:15:00, 2026/12/01 10:15 (local time) or RFC 3339"},
	[OC_AMOUNT_FEN] = {"amount_fen", {"金额(分)", "金额（分）", "金額(分)", "金額（分）"},
			   "the amount in fen, a whole number"},
	[OC_AMOUNT] = {"amount", {"金额", "订单金额", "实付金额", "金額", "訂單金額", "實付金額"},
		       "the amount in yuan, at most 2 decimals (12.50, ¥1,234.00)"},
};

void import_orders_help(FILE *f)
{
	for (int i = 0; i < OC__COUNT; i++) {
		const struct order_column *c = &order_columns[i];
		fprintf(f, "  %-13s headers", c->name);
		for (int h = 0; h < 8 && c->headers[h]; h++)
			fprintf(f, "%s%s", h ? ", " : " ", c->headers[h]);
		fprintf(f, "\n  %-13s %s\n", "", c->holds);
	}
}

static int order_column_of(const char *head)
{
	for (int i = 0; i < OC__COUNT; i++) {
		const struct order_column *c = &order_columns[i];
		if (strcasecmp(c->name, head) == 0)
			return i;
		for (int h = 0; h < 8 && c->headers[h]; h++)
			if (strcmp(c->headers[h], head) == 0)
				return i;
	}
	return -1;
}

struct order_header {
	int col[FIELDS_MAX];
	int n;
	char said[OC__COUNT][64];
};

static const char *order_column_name(int c)
{
	return order_columns[c].name;
}

/* Reads the header record of an order file: a column twice or no time or
 * amount column is refused; columns kesu does not know are named on
 * stderr. */
static int order_header_read(struct record *rec, struct order_header *h, struct kesu_err *err)
{
	memset(h, 0, sizeof *h);
	h->n = rec->n;
	char unknown[512];
	int rc = header_columns(rec, h->col, h->said, order_column_of, order_column_name, unknown,
				sizeof unknown, err);
	if (rc)
		return rc;
	if (!h->said[OC_AT][0])
		return kesu_fail(err, KE_MISSING_FIELD, "",
				 "line %ld: the header has no at column (下单时间): see `kesu help"
				 " import`",
				 rec->lineno);
	if (!h->said[OC_AMOUNT][0] && !h->said[OC_AMOUNT_FEN][0])
		return kesu_fail(err, KE_MISSING_FIELD, "",
				 "line %ld: the header has no amount column (金额, or amount_fen):"
				 " see `kesu help import`",
				 rec->lineno);
	if (!h->said[OC_PHONE][0] && !h->said[OC_CUSTOMER_REF][0])
		return kesu_fail(err, KE_MISSING_FIELD, "",
				 "line %ld: the header has no phone column (手机号), nor"
				 " customer_ref (客户编号): see `kesu help import`",
				 rec->lineno);
	if (unknown[0])
		fprintf(stderr, "kesu: columns not read: %s\n", unknown);
	return 0;
}

/* The order a CSV row holds, as POST /api/v1/orders takes one; NULL with
 * err naming the column that cannot be read. */
static json_t *order_row_object(struct record *rec, const struct order_header *h,
				const char *zone, struct kesu_err *err)
{
	if (rec->overflow || rec->n > h->n) {
		kesu_fail(err, KE_INVALID_VALUE, "",
			  "%s%d fields where the header has %d (a comma in a field that is not"
			  " quoted?)",
			  rec->overflow ? "more than " : "", rec->n, h->n);
		return NULL;
	}
	json_t *o = json_object();
	for (int i = 0; i < rec->n; i++) {
		int col = h->col[i];
		char *cell = rec->buf + rec->start[i];
		if (col < 0)
			continue;
		const char *name = order_columns[col].name;
		if (memchr(cell, '\0', rec->flen[i]) || !text_utf8_valid(cell, rec->flen[i])) {
			kesu_fail(err, KE_INVALID_UTF8, name,
				  "is not UTF-8 text (an export in GBK? save it as UTF-8)");
			json_decref(o);
			return NULL;
		}
		char *v = trim_ascii(cell);
		if (!*v)
			continue;
		json_t *j;
		if (col == OC_AT) {
			int64_t ms;
			char buf[40];
			if (local_time(v, &ms)) {
				kesu_fail(err, KE_INVALID_VALUE, name,
					  "must be a date-time: 2026-12-01 10:15:00 or 2026/12/01"
					  " 10:15 (%s time), or RFC 3339",
					  zone);
				json_decref(o);
				return NULL;
			}
			j = json_string(clock_format(ms, buf, sizeof buf));
		} else if (col == OC_AMOUNT_FEN) {
			char *end;
			long long n = strtoll(v, &end, 10);
			j = end != v && !*end ? json_integer(n) : json_string(v);
		} else {
			j = json_string(v);
		}
		json_object_set_new(o, name, j);
	}
	return o;
}

/* order_row_object as next_record calls it. */
static json_t *order_object(struct record *rec, const void *h, const char *zone,
			    struct kesu_err *err)
{
	return order_row_object(rec, h, zone, err);
}

/* One order of the file: read (err.code 0), then stored or found there. */
struct order_line {
	long lineno;
	struct order o;
	struct kesu_err err;
	int created;
};

struct order_batch {
	struct store_job job;
	struct arena *a;
	struct order_line *rows;
	int n, cap;
	int64_t now;
};

static int order_batch_run(struct store_conn *c, struct store_job *job)
{
	struct order_batch *b = (struct order_batch *)job;
	for (int i = 0; i < b->n; i++) {
		struct order_line *w = &b->rows[i];
		if (w->err.code)
			continue;
		if (store_order_put(c, &w->o, b->now, &w->created, &job->err))
			return -(int)job->err.code;
	}
	return 0;
}

/* Stores the batch and reports its refused lines on stderr, with the
 * header the file gives the field (h NULL: JSON lines). */
static int order_flush(struct store *s, struct order_batch *b, const struct order_header *h,
		       struct import_tally *t, struct kesu_err *err)
{
	if (!b->n)
		return 0;
	b->job = (struct store_job){.run = order_batch_run};
	b->now = clock_now_ms();
	if (store_run(s, &b->job)) {
		*err = b->job.err;
		snprintf(err->field, sizeof err->field, "%s", "");
		return -(int)err->code;
	}
	for (int i = 0; i < b->n; i++) {
		struct order_line *w = &b->rows[i];
		if (!w->err.code) {
			t->created += w->created;
			t->existing += !w->created;
			continue;
		}
		if (!t->refused++)
			t->first = w->err.code;
		const char *said = "";
		for (int c = 0; h && c < OC__COUNT; c++)
			if (strcmp(order_columns[c].name, w->err.field) == 0 &&
			    strcmp(h->said[c], w->err.field) != 0)
				said = h->said[c];
		fprintf(stderr, "kesu: line %ld: %s%s%s%s%s%s\n", w->lineno, w->err.field,
			said[0] ? " (" : "", said, said[0] ? ")" : "", w->err.field[0] ? ": " : "",
			w->err.message);
	}
	b->n = 0;
	arena_reset(b->a);
	return 0;
}

/* 1 when path names a JSON lines file by its extension, 0 a CSV file, -1
 * neither (the content says). */
static int json_by_name(const char *path)
{
	const char *dot = strrchr(path, '.');
	if (!dot || strchr(dot, '/'))
		return -1;
	if (!strcasecmp(dot, ".jsonl") || !strcasecmp(dot, ".ndjson") || !strcasecmp(dot, ".json"))
		return 1;
	if (!strcasecmp(dot, ".csv"))
		return 0;
	return -1;
}

/* Reads the orders of in (CSV or JSON lines) into the store, batch_size to
 * a job. Refused lines are reported and counted in t, the others kept;
 * returns 0, or a negative code when the file cannot be read on or the
 * store fails. */
static int import_orders(struct store *s, FILE *in, const char *path, int batch_size,
			 const char *zone, struct import_tally *t, struct kesu_err *err)
{
	struct reader rd = {.in = in};
	struct record rec = {0};
	struct order_header h;
	struct order_batch b = {.a = arena_new()};
	ssize_t len;
	int rc = 0, csv = 0, fatal = 0, named = json_by_name(path);
	/* JSON lines or CSV: the file's extension says, else the first
	 * character that is not blank: { begins JSON lines */
	while ((len = next_line(&rd)) >= 0) {
		size_t k = strspn(rd.line, " \t");
		if (k < (size_t)len) {
			csv = named >= 0 ? !named : rd.line[k] != '{';
			rd.held = 1;
			break;
		}
	}
	if (csv && (rc = read_record(&rd, &rec, err)) == 1)
		rc = order_header_read(&rec, &h, err);
	int64_t now = clock_now_ms();
	while (!rc) {
		json_t *o = NULL;
		long lineno = 0;
		struct kesu_err rerr = {0};
		int got = next_record(&rd, &rec, csv, order_object, &h, zone, &o, &lineno, &rerr, err);
		if (got <= 0) {
			fatal = got;
			break;
		}
		if (b.n == b.cap) {
			b.cap = b.cap ? b.cap * 2 : 256;
			b.rows = realloc(b.rows, sizeof *b.rows * (size_t)b.cap);
			if (!b.rows)
				abort();
		}
		struct order_line *w = &b.rows[b.n++];
		memset(w, 0, sizeof *w);
		w->lineno = lineno;
		if (o)
			order_from_json(o, now, b.a, &w->o, &w->err);
		else
			w->err = rerr;
		json_decref(o);
		if (b.n >= batch_size)
			rc = order_flush(s, &b, csv ? &h : NULL, t, err);
	}
	if (!rc) {
		struct kesu_err ferr = *err;
		rc = order_flush(s, &b, csv ? &h : NULL, t, err);
		if (!rc && fatal)
			*err = ferr, rc = fatal;
	}
	free(rec.buf);
	free(rd.line);
	free(b.rows);
	arena_free(b.a);
	return rc;
}

int cmd_import(int argc, char **argv)
{
	static const struct option opts[] = {
		{"data", required_argument, NULL, 'd'},
		{"batch", required_argument, NULL, 'b'},
		{"zone", required_argument, NULL, 'z'},
		{"reviews", required_argument, NULL, 'r'},
		{"orders", required_argument, NULL, 'o'},
		{NULL, 0, NULL, 0},
	};
	const char *dir = NULL, *zone = CLOCK_DEFAULT_ZONE, *reviews = NULL, *orders = NULL;
	int batch_size = 1000, o;
	char *end;
	opterr = 0;
	while ((o = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
		switch (o) {
		case 'd': dir = optarg; break;
		case 'z': zone = optarg; break;
		case 'r': reviews = optarg; break;
		case 'o': orders = optarg; break;
		case 'b':
			batch_size = (int)strtol(optarg, &end, 10);
			if (*end || batch_size < 1 || batch_size > 100000)
				return cli_usage("import", "--batch must be 1 to 100000");
			break;
		case ':': return cli_usage("import", "%s needs a value", argv[optind - 1]);
		default: return cli_usage("import", "unknown option %s", argv[optind - 1]);
		}
	}
	if (!dir)
		return cli_usage("import", "--data DIR is required");
	if (reviews && orders)
		return cli_usage("import", "--reviews and --orders are two imports: one at a time");
	if (reviews && optind != argc)
		return cli_usage("import", "--reviews FILE takes no other FILE");
	if (orders && optind != argc)
		return cli_usage("import", "--orders FILE takes no other FILE");
	if (!reviews && !orders && optind != argc - 1)
		return cli_usage("import", "needs exactly one FILE (or - for standard input)");
	if (clock_set_zone(zone))
		return cli_usage("import", "unknown time zone '%s'", zone);
	const char *path = reviews ? reviews : orders ? orders : argv[optind];
	FILE *in = strcmp(path, "-") == 0 ? stdin : fopen(path, "r");
	struct kesu_err err = {0};
	if (!in) {
		kesu_fail(&err, KE_IO, "", "cannot read %s", path);
		return cli_fail(&err);
	}
	struct store *s;
	/* trained models, if any, are read from DIR/models */
	analysis_init(dir);
	if (store_open(dir, STORE_EXISTING, &s, &err)) {
		if (in != stdin)
			fclose(in);
		return cli_fail(&err);
	}
	store_set_writer_cache(s, 256 * 1024);
	if (orders) {
		struct import_tally t = {0};
		int rc = import_orders(s, in, path, batch_size, zone, &t, &err);
		if (in != stdin)
			fclose(in);
		store_close(s);
		if (rc) {
			size_t n = strlen(err.message);
			if (t.created + t.existing + t.refused)
				snprintf(err.message + n, sizeof err.message - n,
					 " (before it: %ld orders new, %ld already there, %ld"
					 " refused)",
					 t.created, t.existing, t.refused);
			return cli_fail(&err);
		}
		printf("kesu: %ld orders read: %ld new, %ld already there, %ld refused\n",
		       t.created + t.existing + t.refused, t.created, t.existing, t.refused);
		return t.refused ? kesu_code_exit(t.first) : 0;
	}
	if (reviews) {
		struct import_tally t = {0};
		int rc = import_reviews(s, in, batch_size, zone, &t, &err);
		if (in != stdin)
			fclose(in);
		store_close(s);
		if (rc) {
			size_t n = strlen(err.message);
			if (t.created + t.existing + t.refused)
				snprintf(err.message + n, sizeof err.message - n,
					 " (before it: %ld reviews created, %ld already there, %ld"
					 " refused)",
					 t.created, t.existing, t.refused);
			return cli_fail(&err);
		}
		printf("kesu: %ld reviews read: %ld created, %ld already there, %ld refused\n",
		       t.created + t.existing + t.refused, t.created, t.existing, t.refused);
		return t.refused ? kesu_code_exit(t.first) : 0;
	}
	struct batch b = {0};
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	long lineno = 0, stored = 0;
	int rc = 0;
	int64_t now = clock_now_ms();
	while (!rc && (len = getline(&line, &cap, in)) >= 0) {
		lineno++;
		while (len && (line[len - 1] == '\n' || line[len - 1] == '\r'))
			line[--len] = '\0';
		if (!len)
			continue;
		rc = add_line(&b, line, (size_t)len, lineno, now, &err);
		if (!rc && b.n >= batch_size)
			rc = flush(s, &b, &stored, &err);
	}
	if (!rc)
		rc = flush(s, &b, &stored, &err);
	batch_clear(&b);
	free(b.bodies);
	free(b.lines);
	free(b.times);
	free(b.lineno);
	free(line);
	if (in != stdin)
		fclose(in);
	store_close(s);
	if (rc) {
		size_t n = strlen(err.message);
		snprintf(err.message + n, sizeof err.message - n, " (%ld complaints imported before it)",
			 stored);
		return cli_fail(&err);
	}
	printf("kesu: imported %ld complaints\n", stored);
	return 0;
}
