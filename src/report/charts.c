/*
 * charts.c - the report's charts, drawn with cairo and their words set by
 * Pango (so Chinese labels render with Noto CJK): bars, a Pareto chart
 * (bars most first and the running share against the 80% line), and a
 * line by day. The same code draws into the PDF and writes SVG for the
 * HTML report and the dashboard.
 */
#include <cairo-svg.h>
#include <fontconfig/fontconfig.h>
#include <math.h>
#include <pango/pangocairo.h>
#include <stdlib.h>
#include <string.h>

#include "document.h"

#define BAR_RGB 0.20, 0.45, 0.70
#define LINE_RGB 0.85, 0.33, 0.10
#define GRID_RGB 0.85, 0.85, 0.85
#define INK_RGB 0.15, 0.15, 0.15

static void label(cairo_t *cr, const char *font, double size, const char *text, double x,
		  double y, double max_w, int align /* 0 left, 1 centre, 2 right */, double angle)
{
	PangoLayout *l = pango_cairo_create_layout(cr);
	PangoFontDescription *fd = pango_font_description_from_string(font);
	pango_font_description_set_absolute_size(fd, size * PANGO_SCALE);
	pango_layout_set_font_description(l, fd);
	pango_font_description_free(fd);
	pango_layout_set_text(l, text, -1);
	if (max_w > 0) {
		pango_layout_set_width(l, (int)(max_w * PANGO_SCALE));
		pango_layout_set_ellipsize(l, PANGO_ELLIPSIZE_END);
	}
	int w, h;
	pango_layout_get_pixel_size(l, &w, &h);
	cairo_save(cr);
	cairo_translate(cr, x, y);
	cairo_rotate(cr, angle);
	double dx = align == 1 ? -w / 2.0 : align == 2 ? -w : 0;
	cairo_move_to(cr, dx, -h / 2.0);
	pango_cairo_show_layout(cr, l);
	cairo_restore(cr);
	g_object_unref(l);
}

static double value(const struct dtable *t, int r, int col)
{
	double v = t->cells[(size_t)r * (size_t)t->ncols + (size_t)col].v;
	return isnan(v) ? 0 : v;
}

static const char *name(const struct dtable *t, int r)
{
	const char *s = t->cells[(size_t)r * (size_t)t->ncols + (size_t)t->label_col].text;
	return s ? s : "";
}

int chart_ticks(double max, int integer, double *ticks, int nmax)
{
	if (!(max > 0))
		max = 1;
	/* about four steps of 1, 2, 2.5 or 5 times a power of ten; a count
	 * steps by whole numbers (0, 1, 2, not 0, 0.5, 1) */
	double raw = max / 4, p = pow(10, floor(log10(raw))), step = 10 * p;
	static const double m[] = {1, 2, 2.5, 5, 10};
	for (size_t i = 0; i < sizeof m / sizeof *m; i++)
		if (m[i] * p >= raw && (!integer || m[i] != 2.5 || p >= 10)) {
			step = m[i] * p;
			break;
		}
	if (integer && step < 1)
		step = 1;
	int n = (int)ceil(max / step - 1e-9);
	if (n < 1)
		n = 1;
	if (n + 1 > nmax)
		n = nmax - 1;
	for (int i = 0; i <= n; i++)
		ticks[i] = step * i;
	return n + 1;
}

int chart_counts(const struct dtable *t)
{
	for (int r = 0; r < t->nrows; r++) {
		const struct dcell *c = &t->cells[(size_t)r * (size_t)t->ncols + (size_t)t->value_col];
		if (c->kind != CELL_INT)
			return 0;
	}
	return 1;
}

static const char *fmt(double v, char buf[32])
{
	if (v >= 10000 || v == floor(v))
		snprintf(buf, 32, "%.0f", v);
	else if (v * 10 == floor(v * 10))
		snprintf(buf, 32, "%.1f", v);
	else
		snprintf(buf, 32, "%.2f", v);
	return buf;
}

void chart_draw(cairo_t *cr, const struct dtable *t, const char *font, double fs, double x,
		double y, double w, double h)
{
	int n = t->nrows;
	if (n <= 0 || t->chart == CHART_NONE)
		return;
	int many = n > 12;
	/* the margins were laid out for 7-unit labels and grow with them */
	double k = fs / 7;
	double left = 44 * k, right = t->chart == CHART_PARETO ? 40 * k : 12, top = 10,
	       bottom = (many ? 58 : 30) * k;
	double pw = w - left - right, ph = h - top - bottom;
	double maxv = 0, total = 0;
	for (int i = 0; i < n; i++) {
		double v = value(t, i, t->value_col);
		total += v;
		if (v > maxv)
			maxv = v;
	}
	double ticks[16];
	int nt = chart_ticks(maxv, chart_counts(t), ticks, 16);
	double top_v = ticks[nt - 1];
	cairo_save(cr);
	cairo_translate(cr, x, y);
	/* grid and the value axis */
	cairo_set_line_width(cr, 0.5);
	for (int g = 0; g < nt; g++) {
		double gy = top + ph - ph * ticks[g] / top_v;
		cairo_set_source_rgb(cr, GRID_RGB);
		cairo_move_to(cr, left, gy);
		cairo_line_to(cr, left + pw, gy);
		cairo_stroke(cr);
		char buf[32];
		cairo_set_source_rgb(cr, INK_RGB);
		label(cr, font, fs, fmt(ticks[g], buf), left - 4, gy, 0, 2, 0);
	}
	double slot = pw / n;
	if (t->chart == CHART_LINE) {
		cairo_set_source_rgb(cr, BAR_RGB);
		cairo_set_line_width(cr, 1.5);
		for (int i = 0; i < n; i++) {
			double px = left + slot * (i + 0.5);
			double py = top + ph - ph * value(t, i, t->value_col) / top_v;
			if (i)
				cairo_line_to(cr, px, py);
			else
				cairo_move_to(cr, px, py);
		}
		cairo_stroke(cr);
	} else {
		cairo_set_source_rgb(cr, BAR_RGB);
		for (int i = 0; i < n; i++) {
			double bh = ph * value(t, i, t->value_col) / top_v;
			cairo_rectangle(cr, left + slot * i + slot * 0.15, top + ph - bh, slot * 0.7, bh);
		}
		cairo_fill(cr);
	}
	if (t->chart == CHART_PARETO && total > 0) {
		/* the running share, on its own axis at the right, and 80% */
		cairo_set_source_rgb(cr, LINE_RGB);
		cairo_set_line_width(cr, 1.5);
		double run = 0;
		for (int i = 0; i < n; i++) {
			run += value(t, i, t->value_col);
			double px = left + slot * (i + 0.5), py = top + ph - ph * run / total;
			if (i)
				cairo_line_to(cr, px, py);
			else
				cairo_move_to(cr, px, py);
		}
		cairo_stroke(cr);
		double dash = 3;
		cairo_set_dash(cr, &dash, 1, 0);
		cairo_set_line_width(cr, 0.8);
		cairo_move_to(cr, left, top + ph * 0.2);
		cairo_line_to(cr, left + pw, top + ph * 0.2);
		cairo_stroke(cr);
		cairo_set_dash(cr, NULL, 0, 0);
		for (int g = 0; g <= 4; g++) {
			char buf[16];
			snprintf(buf, sizeof buf, "%d%%", g * 25);
			label(cr, font, fs, buf, left + pw + 4, top + ph - ph * g / 4.0, 0, 0, 0);
		}
	}
	/* the category axis: every label when they fit, else some */
	cairo_set_source_rgb(cr, INK_RGB);
	int every = many ? (n + 23) / 24 : 1;
	for (int i = 0; i < n; i += every) {
		double px = left + slot * (i + 0.5);
		if (many)
			label(cr, font, fs, name(t, i), px, top + ph + 6, 52 * k, 2, -M_PI / 3);
		else
			label(cr, font, fs * 8 / 7, name(t, i), px, top + ph + 12 * k, slot - 2, 1, 0);
	}
	cairo_set_line_width(cr, 1);
	cairo_move_to(cr, left, top);
	cairo_line_to(cr, left, top + ph);
	cairo_line_to(cr, left + pw, top + ph);
	cairo_stroke(cr);
	cairo_restore(cr);
}

void doc_sink_put(struct doc_sink *s, const char *data, size_t n)
{
	if (s->len + n + 1 > s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 65536;
		while (cap < s->len + n + 1)
			cap *= 2;
		char *grown = realloc(s->data, cap);
		if (!grown)
			abort(); /* as the arena does: no sensible way on without memory */
		s->data = grown;
		s->cap = cap;
	}
	memcpy(s->data + s->len, data, n);
	s->len += n;
	s->data[s->len] = '\0';
}

cairo_status_t doc_sink_write(void *closure, const unsigned char *data, unsigned int len)
{
	doc_sink_put(closure, (const char *)data, len);
	return CAIRO_STATUS_SUCCESS;
}

char *chart_svg(const struct dtable *t, const char *font, double w, double h, size_t *len)
{
	struct doc_sink s = {0};
	cairo_surface_t *surf = cairo_svg_surface_create_for_stream(doc_sink_write, &s, w, h);
	/* in px, not cairo's default pt: a 480-wide chart is 480 px on screen */
	cairo_svg_surface_set_document_unit(surf, CAIRO_SVG_UNIT_PX);
	cairo_t *cr = cairo_create(surf);
	cairo_set_source_rgb(cr, 1, 1, 1);
	cairo_paint(cr);
	chart_draw(cr, t, font, CHART_SVG_LABEL, 0, 0, w, h);
	cairo_destroy(cr);
	cairo_surface_finish(surf);
	cairo_surface_destroy(surf);
	*len = s.len;
	return s.data;
}

void report_shutdown(void)
{
	/* the font map, cairo's and fontconfig's caches live for the process;
	 * let them go, so that a leak checker sees only real leaks */
	pango_cairo_font_map_set_default(NULL);
	cairo_debug_reset_static_data();
	FcFini();
}
