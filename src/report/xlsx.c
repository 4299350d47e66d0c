/*
 * xlsx.c - the report as a workbook (libxlsxwriter): one sheet per section,
 * its tables one under another, numbers as numbers with their formats
 * (counts, shares as percentages, amounts in yuan) so that they can be
 * summed and charted again; and as CSV, in UTF-8 with a byte-order mark so
 * that Excel reads the Chinese right.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include "document.h"

/* A sheet name: at most 31 characters, none of []:*?/\ (Excel's rules). */
static const char *sheet_name(const char *title, int i, struct arena *a)
{
	/* the section title without its numbering ("一、概要" -> "概要") */
	const char *s = strstr(title, "、");
	s = s ? s + strlen("、") : (strchr(title, ' ') ? strchr(title, ' ') + 1 : title);
	char *n = arena_printf(a, "%d %s", i + 1, s);
	int chars = 0;
	char *p = n;
	for (; *p && chars < 30; chars++) {
		if (strchr("[]:*?/\\", *p))
			*p = ' ';
		p++;
		while ((*p & 0xc0) == 0x80)
			p++;
	}
	*p = '\0';
	return n;
}

static int slurp(const char *path, char **out, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return -1;
	fseek(f, 0, SEEK_END);
	long n = ftell(f);
	fseek(f, 0, SEEK_SET);
	*out = malloc((size_t)n + 1);
	*len = fread(*out, 1, (size_t)n, f);
	fclose(f);
	return *len == (size_t)n ? 0 : -1;
}

int doc_xlsx(const struct ddoc *d, char **out, size_t *len)
{
	/* libxlsxwriter writes a file: a private temporary one, read back */
	const char *tmp = getenv("TMPDIR");
	char path[512];
	snprintf(path, sizeof path, "%s/kesu-report-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	int fd = mkstemp(path);
	if (fd < 0)
		return -1;
	close(fd);
	struct arena *a = arena_new();
	lxw_workbook *wb = workbook_new(path);
	if (!wb) {
		unlink(path);
		arena_free(a);
		return -1;
	}
	workbook_set_properties(wb, &(lxw_doc_properties){.title = (char *)d->title,
							   .author = "kesu"});
	lxw_format *bold = workbook_add_format(wb);
	format_set_bold(bold);
	lxw_format *head = workbook_add_format(wb);
	format_set_bold(head);
	format_set_bg_color(head, 0xEEF1F7);
	format_set_bottom(head, LXW_BORDER_THIN);
	lxw_format *big = workbook_add_format(wb);
	format_set_bold(big);
	format_set_font_size(big, 14);
	lxw_format *fmt[6] = {NULL};
	fmt[CELL_INT] = workbook_add_format(wb);
	format_set_num_format(fmt[CELL_INT], "#,##0");
	fmt[CELL_REAL] = workbook_add_format(wb);
	format_set_num_format(fmt[CELL_REAL], "0.0");
	fmt[CELL_PCT] = workbook_add_format(wb);
	format_set_num_format(fmt[CELL_PCT], "0.0%");
	fmt[CELL_YUAN] = workbook_add_format(wb);
	format_set_num_format(fmt[CELL_YUAN], "\"¥\"#,##0.00");
	fmt[CELL_HOURS] = fmt[CELL_REAL];
	for (int i = 0; i < d->nsections; i++) {
		const struct dsection *s = &d->sections[i];
		lxw_worksheet *ws = workbook_add_worksheet(wb, sheet_name(s->title, i, a));
		lxw_row_t r = 0;
		if (i == 0) {
			worksheet_write_string(ws, r++, 0, d->company, NULL);
			worksheet_write_string(ws, r++, 0, d->title, big);
			worksheet_write_string(ws, r++, 0, d->subtitle, NULL);
			worksheet_write_string(ws, r++, 0, d->generated, NULL);
			r++;
			/* the written summary on top of the first sheet */
			if (d->nconclusion)
				worksheet_write_string(ws, r++, 0, d->conclusion_title, bold);
			for (int k = 0; k < d->nconclusion; k++)
				worksheet_write_string(ws, r++, 0, d->conclusion[k], NULL);
			r++;
		}
		worksheet_write_string(ws, r++, 0, s->title, big);
		if (s->note)
			worksheet_write_string(ws, r++, 0, s->note, NULL);
		r++;
		worksheet_set_column(ws, 0, 0, 28, NULL);
		worksheet_set_column(ws, 1, 8, 14, NULL);
		for (int k = 0; k < s->ntables; k++) {
			const struct dtable *t = &s->tables[k];
			if (t->title)
				worksheet_write_string(ws, r++, 0, t->title, bold);
			for (int c = 0; c < t->ncols; c++)
				worksheet_write_string(ws, r, (lxw_col_t)c, t->head[c], head);
			r++;
			for (int row = 0; row < t->nrows; row++, r++)
				for (int c = 0; c < t->ncols; c++) {
					const struct dcell *cell =
						&t->cells[(size_t)row * (size_t)t->ncols + (size_t)c];
					if (cell->kind == CELL_TEXT) {
						if (cell->text)
							worksheet_write_string(ws, r, (lxw_col_t)c,
									       cell->text, NULL);
					} else if (!isnan(cell->v)) {
						worksheet_write_number(ws, r, (lxw_col_t)c, cell->v,
								       fmt[cell->kind]);
					}
				}
			r++;
		}
	}
	lxw_error e = workbook_close(wb);
	int rc = e == LXW_NO_ERROR ? slurp(path, out, len) : -1;
	unlink(path);
	arena_free(a);
	return rc;
}

/* --- CSV ------------------------------------------------------------------------ */

static void put(struct doc_sink *b, const char *s, size_t n)
{
	doc_sink_put(b, s, n);
}

/* A field, quoted. Text that starts with = + - @ gets a ' first, so that a
 * spreadsheet never runs a complaint's words as a formula. */
static void field(struct doc_sink *b, const char *s, int first, int text)
{
	if (!first)
		put(b, ",", 1);
	put(b, "\"", 1);
	if (text && s && *s && strchr("=+-@\t\r", *s))
		put(b, "'", 1);
	for (; s && *s; s++) {
		put(b, s, 1);
		if (*s == '"')
			put(b, "\"", 1);
	}
	put(b, "\"", 1);
}

int doc_csv(const struct ddoc *d, char **out, size_t *len)
{
	struct doc_sink b = {0};
	struct arena *a = arena_new();
	put(&b, "\xef\xbb\xbf", 3);
	field(&b, d->company, 1, 1);
	field(&b, d->title, 0, 1);
	field(&b, d->subtitle, 0, 1);
	put(&b, "\r\n", 2);
	if (d->nconclusion) {
		put(&b, "\r\n", 2);
		field(&b, d->conclusion_title, 1, 1);
		put(&b, "\r\n", 2);
	}
	for (int i = 0; i < d->nconclusion; i++) {
		field(&b, d->conclusion[i], 1, 1);
		put(&b, "\r\n", 2);
	}
	for (int i = 0; i < d->nsections; i++) {
		const struct dsection *s = &d->sections[i];
		put(&b, "\r\n", 2);
		field(&b, s->title, 1, 1);
		put(&b, "\r\n", 2);
		/* a section with no table says why in its note */
		if (!s->ntables && s->note) {
			field(&b, s->note, 1, 1);
			put(&b, "\r\n", 2);
		}
		for (int k = 0; k < s->ntables; k++) {
			const struct dtable *t = &s->tables[k];
			if (t->title) {
				field(&b, t->title, 1, 1);
				put(&b, "\r\n", 2);
			}
			for (int c = 0; c < t->ncols; c++)
				field(&b, t->head[c], c == 0, 1);
			put(&b, "\r\n", 2);
			for (int r = 0; r < t->nrows; r++) {
				for (int c = 0; c < t->ncols; c++) {
					const struct dcell *cell =
						&t->cells[(size_t)r * (size_t)t->ncols + (size_t)c];
					/* numbers plain (12.5, not 12.5%), for other programs */
					const char *v = cell->kind == CELL_TEXT ? doc_cell_text(cell, a)
							: isnan(cell->v)       ? ""
							: cell->kind == CELL_INT
								? arena_printf(a, "%lld", (long long)llround(cell->v))
							: cell->kind == CELL_YUAN
								? arena_printf(a, "%.2f", cell->v)
								: arena_printf(a, "%.4f", cell->v);
					field(&b, v, c == 0, cell->kind == CELL_TEXT);
				}
				put(&b, "\r\n", 2);
			}
		}
	}
	arena_free(a);
	*out = b.data;
	*len = b.len;
	return 0;
}
