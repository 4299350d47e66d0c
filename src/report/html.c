/*
 * html.c - the report as one HTML file: no script, every text escaped by
 * one function, the charts as SVG images inside it (each its own
 * document, so that their glyph ids cannot collide).
 */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "document.h"

#define DAY_ROWS_MAX 16 /* a month: its chart and the weeks, not thirty rows */

static void put(struct doc_sink *b, const char *s, size_t n)
{
	doc_sink_put(b, s, n);
}

static void raw(struct doc_sink *b, const char *s)
{
	put(b, s, strlen(s));
}

/* The one way text enters the page. */
static void esc(struct doc_sink *b, const char *s)
{
	for (; s && *s; s++) {
		switch (*s) {
		case '&': raw(b, "&amp;"); break;
		case '<': raw(b, "&lt;"); break;
		case '>': raw(b, "&gt;"); break;
		case '"': raw(b, "&quot;"); break;
		case '\'': raw(b, "&#39;"); break;
		default: put(b, s, 1);
		}
	}
}

static void tag(struct doc_sink *b, const char *open, const char *text, const char *close)
{
	raw(b, open);
	esc(b, text);
	raw(b, close);
}

static void chart(struct doc_sink *b, const struct ddoc *d, const struct dtable *t)
{
	size_t n;
	char *svg = chart_svg(t, d->font, 640, 280, &n);
	if (!svg)
		return;
	size_t cap = sodium_base64_encoded_len(n, sodium_base64_VARIANT_ORIGINAL);
	char *b64 = malloc(cap);
	sodium_bin2base64(b64, cap, (const unsigned char *)svg, n, sodium_base64_VARIANT_ORIGINAL);
	raw(b, "<figure><img alt=\"\" width=\"640\" height=\"280\" src=\"data:image/svg+xml;base64,");
	raw(b, b64);
	raw(b, "\"></figure>\n");
	free(b64);
	free(svg);
}

static void table(struct doc_sink *b, const struct ddoc *d, const struct dtable *t, int day_table,
		  struct arena *a)
{
	if (t->title)
		tag(b, "<h3>", t->title, "</h3>\n");
	if (t->chart != CHART_NONE)
		chart(b, d, t);
	if (!t->nrows) {
		tag(b, "<p class=\"note\">", d->none, "</p>\n");
		return;
	}
	if (day_table && t->nrows > DAY_ROWS_MAX)
		return;
	raw(b, "<table><thead><tr>");
	/* a heading aligns with its column: numbers to the right */
	for (int c = 0; c < t->ncols; c++)
		tag(b, t->cells[c].kind == CELL_TEXT ? "<th>" : "<th class=\"n\">", t->head[c], "</th>");
	raw(b, "</tr></thead><tbody>\n");
	for (int r = 0; r < t->nrows; r++) {
		raw(b, "<tr>");
		for (int c = 0; c < t->ncols; c++) {
			const struct dcell *cell = &t->cells[(size_t)r * (size_t)t->ncols + (size_t)c];
			tag(b, cell->kind == CELL_TEXT ? "<td>" : "<td class=\"n\">",
			    doc_cell_text(cell, a), "</td>");
		}
		raw(b, "</tr>\n");
	}
	raw(b, "</tbody></table>\n");
}

int doc_html(const struct ddoc *d, char **out, size_t *len)
{
	struct doc_sink b = {0};
	struct arena *a = arena_new();
	raw(&b, "<!DOCTYPE html>\n<html lang=\"");
	esc(&b, d->lang);
	raw(&b, "\"><head><meta charset=\"utf-8\">\n"
		"<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none';"
		" img-src data:; style-src 'unsafe-inline'\">\n");
	tag(&b, "<title>", d->title, "</title>\n");
	raw(&b, "<style>body{font-family:\"Noto Sans CJK SC\",\"Noto Sans CJK TC\",sans-serif;"
		"max-width:60em;margin:2em auto;color:#222;line-height:1.5}"
		"h1{margin-bottom:.2em}.sub{color:#555;margin:0}"
		"table{border-collapse:collapse;margin:.5em 0 1.5em;width:100%}"
		"th,td{border-bottom:1px solid #ddd;padding:.25em .5em;text-align:left;vertical-align:top}"
		"th{background:#eef1f7}td.n,th.n{text-align:right;white-space:nowrap}"
		".company{color:#555;font-size:1.1em;margin:0}.conclusion p{margin:.3em 0}"
		".note{color:#444;font-size:.9em}figure{margin:.5em 0}</style>\n</head><body>\n");
	tag(&b, "<p class=\"company\">", d->company, "</p>\n");
	tag(&b, "<h1>", d->title, "</h1>\n");
	tag(&b, "<p class=\"sub\">", d->subtitle, "</p>\n");
	tag(&b, "<p class=\"sub\">", d->generated, "</p>\n");
	if (d->nconclusion) {
		raw(&b, "<section id=\"conclusion\" class=\"conclusion\">\n");
		tag(&b, "<h2>", d->conclusion_title, "</h2>\n");
		for (int i = 0; i < d->nconclusion; i++)
			tag(&b, "<p>", d->conclusion[i], "</p>\n");
		raw(&b, "</section>\n");
	}
	for (int i = 0; i < d->nsections; i++) {
		const struct dsection *s = &d->sections[i];
		raw(&b, "<section id=\"");
		esc(&b, s->key);
		raw(&b, "\">\n");
		tag(&b, "<h2>", s->title, "</h2>\n");
		if (s->note)
			tag(&b, "<p class=\"note\">", s->note, "</p>\n");
		for (int k = 0; k < s->ntables; k++)
			table(&b, d, &s->tables[k], !strcmp(s->key, "volume") && k == 0, a);
		raw(&b, "</section>\n");
	}
	raw(&b, "</body></html>\n");
	arena_free(a);
	*out = b.data;
	*len = b.len;
	return 0;
}
