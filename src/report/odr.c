/*
 * odr.c - the regulator's export (domain.md 5): the complaints that came
 * through the 12315 platform, with the four items its ODR scheme asks a
 * business to record (handling time, course of negotiation, means,
 * outcome), as CSV with the platform's Chinese column names.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../util/clock.h"
#include "report.h"

#define ODR_ROWS_MAX 100000

static const char *const headers[] = {
	"投诉编号", "收到时间", "消费者", "投诉对象", "消费者诉求", "处理时间",
	"协商经过", "协商方式", "处理结果", "协商期限", "是否按期",
};

static const char *means_zh(const char *m)
{
	if (!m)
		return NULL;
	return !strcmp(m, "phone") ? "电话" : !strcmp(m, "online") ? "网络" : "现场";
}

/* One CSV cell: quoted, quotes doubled; a cell a spreadsheet would run as
 * a formula (= + - @) is kept as text with a leading apostrophe. */
static void cell(FILE *f, const char *s, int last)
{
	fputc('"', f);
	if (s && strchr("=+-@", s[0]) && s[0])
		fputc('\'', f);
	for (; s && *s; s++) {
		if (*s == '"')
			fputc('"', f);
		fputc(*s, f);
	}
	fputs(last ? "\"\r\n" : "\",", f);
}

static const char *local_time(int64_t ms, char *buf, size_t size)
{
	if (!ms)
		return NULL;
	clock_format_local(ms, buf, size);
	return buf;
}

int report_odr_csv(struct store_conn *c, int64_t from, int64_t to, char **out, size_t *len,
		   int *rows, struct kesu_err *err)
{
	struct arena *a = arena_new();
	struct odr_row *items;
	int n;
	int rc = store_odr_list(c, from, to, ODR_ROWS_MAX, a, &items, &n, err);
	if (rc) {
		arena_free(a);
		return rc;
	}
	FILE *f = open_memstream(out, len);
	fputs("\xEF\xBB\xBF", f); /* a BOM: spreadsheets then read the file as UTF-8 */
	for (size_t i = 0; i < sizeof headers / sizeof *headers; i++)
		cell(f, headers[i], i + 1 == sizeof headers / sizeof *headers);
	int64_t now = clock_now_ms();
	for (int i = 0; i < n; i++) {
		const struct odr_row *r = &items[i];
		char t1[40], t2[40], t3[40];
		const char *ontime;
		if (r->clock_state && !strcmp(r->clock_state, "breached"))
			ontime = "否";
		else if (r->resolved_at)
			ontime = r->due_at && r->resolved_at > r->due_at ? "否" : "是";
		else
			ontime = r->due_at && now > r->due_at ? "否 (未处理完)" : "处理中";
		const char *v[] = {r->tracking_no,
				   local_time(r->received_at, t1, sizeof t1),
				   r->name,
				   r->object,
				   r->demand,
				   local_time(r->resolved_at, t2, sizeof t2),
				   r->course,
				   means_zh(r->means),
				   r->outcome,
				   local_time(r->due_at, t3, sizeof t3),
				   ontime};
		for (size_t k = 0; k < sizeof v / sizeof *v; k++)
			cell(f, v[k], k + 1 == sizeof v / sizeof *v);
	}
	if (fclose(f)) {
		arena_free(a);
		return kesu_fail(err, KE_INTERNAL, "", "out of memory writing the export");
	}
	*rows = n;
	arena_free(a);
	return 0;
}
