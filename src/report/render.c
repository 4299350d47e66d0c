/*
 * render.c - the report in the format asked for: JSON straight from the
 * figures, the rest through the document (document.c).
 */
#include <stdlib.h>
#include <string.h>

#include "document.h"

const char *const report_format_names[] = {"pdf", "html", "xlsx", "csv", "json", NULL};

int report_format_find(const char *name)
{
	for (int i = 0; name && report_format_names[i]; i++)
		if (!strcmp(report_format_names[i], name))
			return i;
	return -1;
}

const char *report_format_type(enum report_format f)
{
	switch (f) {
	case RF_PDF: return "application/pdf";
	case RF_HTML: return "text/html; charset=utf-8";
	case RF_XLSX: return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
	case RF_CSV: return "text/csv; charset=utf-8";
	default: return "application/json; charset=utf-8";
	}
}

int report_render(const struct report *r, enum report_format f, const char *lang, char **out,
		  size_t *len, struct kesu_err *err)
{
	if (f == RF_JSON) {
		json_t *j = report_json(r);
		*out = json_dumps(j, JSON_INDENT(1));
		json_decref(j);
		*len = *out ? strlen(*out) : 0;
		return *out ? 0 : kesu_fail(err, KE_INTERNAL, "", "the report could not be written");
	}
	struct arena *a = arena_new();
	struct ddoc *d = doc_build(r, lang, a);
	int rc = f == RF_PDF    ? doc_pdf(d, out, len)
		 : f == RF_HTML ? doc_html(d, out, len)
		 : f == RF_XLSX ? doc_xlsx(d, out, len)
				: doc_csv(d, out, len);
	arena_free(a);
	return rc ? kesu_fail(err, KE_INTERNAL, "format", "the %s report could not be written",
			      report_format_names[f])
		  : 0;
}
