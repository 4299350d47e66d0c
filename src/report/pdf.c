/*
 * pdf.c - the report as PDF: A4 pages set with cairo and Pango in Noto
 * Sans CJK, headings, notes, tables that carry on across pages with their
 * header, and the charts.
 */
#include <cairo-pdf.h>
#include <math.h>
#include <pango/pangocairo.h>
#include <stdlib.h>
#include <string.h>

#include "document.h"

#define PAGE_W 595.0
#define PAGE_H 842.0
#define MARGIN 48.0
#define TEXT_W (PAGE_W - 2 * MARGIN)
#define CHART_H 170.0
#define DAY_ROWS_MAX 16 /* a longer run of days (a month) is its chart and the weeks */

struct pdf {
	cairo_t *cr;
	const char *font;
	double y;
	int page;
	struct arena *a;
};

static PangoLayout *layout(struct pdf *p, const char *text, double size, int bold, double width)
{
	PangoLayout *l = pango_cairo_create_layout(p->cr);
	PangoFontDescription *fd = pango_font_description_from_string(p->font);
	pango_font_description_set_absolute_size(fd, size * PANGO_SCALE);
	if (bold)
		pango_font_description_set_weight(fd, PANGO_WEIGHT_BOLD);
	pango_layout_set_font_description(l, fd);
	pango_font_description_free(fd);
	pango_layout_set_text(l, text, -1);
	pango_layout_set_width(l, (int)(width * PANGO_SCALE));
	pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
	return l;
}

static void footer(struct pdf *p)
{
	char n[16];
	snprintf(n, sizeof n, "%d", p->page);
	PangoLayout *l = layout(p, n, 8, 0, TEXT_W);
	pango_layout_set_alignment(l, PANGO_ALIGN_CENTER);
	cairo_set_source_rgb(p->cr, 0.4, 0.4, 0.4);
	cairo_move_to(p->cr, MARGIN, PAGE_H - MARGIN / 2 - 6);
	pango_cairo_show_layout(p->cr, l);
	g_object_unref(l);
}

static void new_page(struct pdf *p)
{
	footer(p);
	cairo_show_page(p->cr);
	p->page++;
	p->y = MARGIN;
}

/* Room for h more points on this page, or a new page. */
static void room(struct pdf *p, double h)
{
	if (p->y + h > PAGE_H - MARGIN)
		new_page(p);
}

static void paragraph(struct pdf *p, const char *text, double size, int bold, double gap)
{
	PangoLayout *l = layout(p, text, size, bold, TEXT_W);
	int w, h;
	pango_layout_get_pixel_size(l, &w, &h);
	room(p, h + gap);
	cairo_set_source_rgb(p->cr, 0.1, 0.1, 0.1);
	cairo_move_to(p->cr, MARGIN, p->y);
	pango_cairo_show_layout(p->cr, l);
	g_object_unref(l);
	p->y += h + gap;
}

static double text_width(struct pdf *p, const char *text, int bold)
{
	PangoLayout *l = layout(p, text, 8, bold, -1);
	pango_layout_set_width(l, -1);
	int w, h;
	pango_layout_get_pixel_size(l, &w, &h);
	g_object_unref(l);
	return w + 8;
}

/* Column widths: each column as wide as its widest cell when they all
 * fit; otherwise the narrow columns keep their width and the wide ones
 * (a complaint's words) share the rest, so that the text that needs room
 * gets it. A heading may wrap onto two lines. */
static void widths(struct pdf *p, const struct dtable *t, double *w, int n)
{
	double want[16], total = 0;
	for (int c = 0; c < n; c++) {
		double head = text_width(p, t->head[c], 1);
		want[c] = head > 160 ? 160 : head;
		for (int r = 0; r < t->nrows && r < 200; r++) {
			const struct dcell *cell = &t->cells[(size_t)r * (size_t)t->ncols + (size_t)c];
			double x = text_width(p, doc_cell_text(cell, p->a), 0);
			if (x > want[c])
				want[c] = x;
		}
		if (want[c] < 36)
			want[c] = 36;
		total += want[c];
	}
	if (total <= TEXT_W) {
		/* room to spare: shared out evenly */
		for (int c = 0; c < n; c++)
			w[c] = want[c] + (TEXT_W - total) / n;
		return;
	}
	/* water-filling: the columns narrower than an even share of what is
	 * left keep their width, until the rest share it evenly */
	int fixed[16] = {0}, open = n;
	double left = TEXT_W;
	for (int changed = 1; changed && open;) {
		changed = 0;
		for (int c = 0; c < n; c++)
			if (!fixed[c] && want[c] <= left / open) {
				fixed[c] = 1, w[c] = want[c], left -= want[c], open--, changed = 1;
			}
	}
	for (int c = 0; c < n; c++)
		if (!fixed[c])
			w[c] = left / open;
}

static double row_height(struct pdf *p, const char *const *texts, int n, const double *w, int bold)
{
	double h = 0;
	for (int c = 0; c < n; c++) {
		PangoLayout *l = layout(p, texts[c], 8, bold, w[c] - 6);
		int tw, th;
		pango_layout_get_pixel_size(l, &tw, &th);
		g_object_unref(l);
		if (th > h)
			h = th;
	}
	return h + 6;
}

static void draw_row(struct pdf *p, const char *const *texts, const int *right, int n,
		     const double *w, double h, int head)
{
	double x = MARGIN;
	if (head) {
		cairo_set_source_rgb(p->cr, 0.92, 0.94, 0.97);
		cairo_rectangle(p->cr, MARGIN, p->y, TEXT_W, h);
		cairo_fill(p->cr);
	}
	for (int c = 0; c < n; c++) {
		PangoLayout *l = layout(p, texts[c], 8, head, w[c] - 6);
		if (right[c])
			pango_layout_set_alignment(l, PANGO_ALIGN_RIGHT);
		cairo_set_source_rgb(p->cr, 0.1, 0.1, 0.1);
		cairo_move_to(p->cr, x + 3, p->y + 3);
		pango_cairo_show_layout(p->cr, l);
		g_object_unref(l);
		x += w[c];
	}
	cairo_set_source_rgb(p->cr, 0.8, 0.8, 0.8);
	cairo_set_line_width(p->cr, 0.4);
	cairo_move_to(p->cr, MARGIN, p->y + h);
	cairo_line_to(p->cr, MARGIN + TEXT_W, p->y + h);
	cairo_stroke(p->cr);
	p->y += h;
}

static void table(struct pdf *p, const struct ddoc *d, const struct dtable *t, int day_table)
{
	/* a title stays with what follows it: its chart, or its first rows */
	room(p, (t->chart != CHART_NONE ? CHART_H + 8 : 60) + (t->title ? 18 : 0));
	if (t->title)
		paragraph(p, t->title, 10, 1, 4);
	if (t->chart != CHART_NONE) {
		room(p, CHART_H + 8);
		chart_draw(p->cr, t, d->font, 7, MARGIN, p->y, TEXT_W, CHART_H);
		p->y += CHART_H + 8;
	}
	if (day_table && t->nrows > DAY_ROWS_MAX)
		return;
	if (!t->nrows) {
		paragraph(p, d->none, 8.5, 0, 8);
		return;
	}
	double w[16];
	int n = t->ncols < 16 ? t->ncols : 16;
	widths(p, t, w, n);
	const char *texts[16];
	int right[16];
	/* numbers, and their headings, to the right */
	for (int c = 0; c < n; c++)
		right[c] = t->nrows && t->cells[c].kind != CELL_TEXT;
	double hh = row_height(p, t->head, n, w, 1);
	room(p, hh * 2);
	draw_row(p, t->head, right, n, w, hh, 1);
	for (int r = 0; r < t->nrows; r++) {
		for (int c = 0; c < n; c++) {
			const struct dcell *cell = &t->cells[(size_t)r * (size_t)t->ncols + (size_t)c];
			texts[c] = doc_cell_text(cell, p->a);
			right[c] = cell->kind != CELL_TEXT;
		}
		double h = row_height(p, texts, n, w, 0);
		if (p->y + h > PAGE_H - MARGIN) {
			new_page(p);
			int hr[16];
			for (int c = 0; c < n; c++)
				hr[c] = t->cells[c].kind != CELL_TEXT;
			draw_row(p, t->head, hr, n, w, hh, 1); /* the header again */
		}
		draw_row(p, texts, right, n, w, h, 0);
	}
	p->y += 10;
}


int doc_pdf(const struct ddoc *d, char **out, size_t *len)
{
	struct doc_sink s = {0};
	cairo_surface_t *surf = cairo_pdf_surface_create_for_stream(doc_sink_write, &s, PAGE_W, PAGE_H);
	cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_TITLE, d->title);
	cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_CREATOR, "kesu");
	struct pdf p = {.cr = cairo_create(surf), .font = d->font, .y = MARGIN, .page = 1,
			.a = arena_new()};
	paragraph(&p, d->company, 12, 0, 2);
	paragraph(&p, d->title, 20, 1, 6);
	paragraph(&p, d->subtitle, 10, 0, 2);
	paragraph(&p, d->generated, 8, 0, 14);
	if (d->nconclusion) {
		paragraph(&p, d->conclusion_title, 14, 1, 6);
		for (int i = 0; i < d->nconclusion; i++)
			paragraph(&p, d->conclusion[i], 10, 0, 5);
		p.y += 10;
	}
	for (int i = 0; i < d->nsections; i++) {
		const struct dsection *sec = &d->sections[i];
		/* a heading stays with the start of what follows it */
		room(&p, sec->ntables && sec->tables[0].chart != CHART_NONE ? CHART_H + 70 : 100);
		paragraph(&p, sec->title, 14, 1, 6);
		if (sec->note)
			paragraph(&p, sec->note, 8.5, 0, 8);
		for (int k = 0; k < sec->ntables; k++)
			table(&p, d, &sec->tables[k], !strcmp(sec->key, "volume") && k == 0);
	}
	footer(&p);
	cairo_destroy(p.cr);
	cairo_surface_finish(surf);
	int bad = cairo_surface_status(surf) != CAIRO_STATUS_SUCCESS;
	cairo_surface_destroy(surf);
	arena_free(p.a);
	if (bad) {
		free(s.data);
		return -1;
	}
	*out = s.data;
	*len = s.len;
	return 0;
}
