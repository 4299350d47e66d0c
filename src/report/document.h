/*
 * document.h - the report as a document: sections of tables, some drawn
 * as charts, in one language. The PDF, HTML, XLSX and CSV writers all
 * write this one model, so that they cannot disagree.
 */
#ifndef KESU_DOCUMENT_H
#define KESU_DOCUMENT_H

#include <cairo.h>

#include "report.h"

enum cell_kind { CELL_TEXT, CELL_INT, CELL_REAL, CELL_PCT, CELL_YUAN, CELL_HOURS };

struct dcell {
	enum cell_kind kind;
	const char *text; /* CELL_TEXT; NULL: empty */
	double v;	  /* the rest (CELL_YUAN in yuan); NaN: none (shown as –) */
};

enum chart_kind { CHART_NONE, CHART_BAR, CHART_PARETO, CHART_LINE };

struct dtable {
	const char *key; /* by_day, causes, ...: how the API names its chart */
	const char *title;
	int ncols, nrows;
	const char **head;   /* ncols */
	struct dcell *cells; /* nrows * ncols, row by row */
	enum chart_kind chart;
	int label_col, value_col; /* what the chart draws */
};

struct dsection {
	const char *key, *title, *note;
	struct dtable *tables;
	int ntables;
};

struct ddoc {
	const char *lang, *company, *title, *subtitle, *generated;
	/* the written summary that opens the report */
	const char *conclusion_title;
	const char **conclusion;
	int nconclusion;
	const char *none; /* what an empty table says */
	const char *font; /* Pango family for the language */
	struct dsection *sections;
	int nsections;
};

/* The document of r in lang, in a. */
struct ddoc *doc_build(const struct report *r, const char *lang, struct arena *a);
/* Its table of that key, or NULL. */
const struct dtable *doc_table(const struct ddoc *d, const char *key);
/* A cell as people read it (1,234; 12.5%; ¥1,234.50; 3.2 h; –), in a. */
const char *doc_cell_text(const struct dcell *c, struct arena *a);

/* A growing buffer cairo writes a PDF or SVG into (charts.c). */
struct doc_sink {
	char *data;
	size_t len, cap;
};
cairo_status_t doc_sink_write(void *sink, const unsigned char *data, unsigned int len);
/* Appends n bytes and keeps the buffer NUL-terminated. */
void doc_sink_put(struct doc_sink *s, const char *data, size_t n);

/* The value axis of a chart whose largest value is max: round steps from
 * 0 to at or above max, whole numbers when integer (counts). Writes at
 * most nmax ticks, returns how many (charts.c). */
int chart_ticks(double max, int integer, double *ticks, int nmax);
/* Whether t's chart draws counts (its value column holds whole numbers). */
int chart_counts(const struct dtable *t);

/* Draws t's chart in the box, its labels fs units high (charts.c). */
void chart_draw(cairo_t *cr, const struct dtable *t, const char *font, double fs, double x,
		double y, double w, double h);
/* The labels of an SVG chart, in its own px: a chart shown no smaller than
 * its width keeps them readable on a laptop (11 px and more). */
#define CHART_SVG_LABEL 12
/* The chart as an SVG document (malloc'd, *len bytes), labels CHART_SVG_LABEL. */
char *chart_svg(const struct dtable *t, const char *font, double w, double h, size_t *len);

/* The writers: each returns 0 with a malloc'd buffer, or -1. */
int doc_pdf(const struct ddoc *d, char **out, size_t *len);
int doc_html(const struct ddoc *d, char **out, size_t *len);
int doc_xlsx(const struct ddoc *d, char **out, size_t *len);
int doc_csv(const struct ddoc *d, char **out, size_t *len);

#endif
