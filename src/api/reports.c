/*
 * reports.c - /api/v1/reports/complaints (the complaint work report as a
 * file, or its figures as JSON) and /api/v1/stats/{section} (one section
 * of the figures, for the dashboard and users' own BI tools), with the
 * period and filters in the query.
 */
#include "api.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../http/auth.h"
#include "../report/document.h"
#include "../report/report.h"
#include "../report/schedule.h"
#include "../util/clock.h"
#include "../workflow/calendar.h"

/* The filter of the query; who may see what: a caller without teams.all
 * reports on one of their own teams only. */
static int read_filter(struct http_request *req, struct report_filter *f, struct kesu_err *err)
{
	const struct principal *p = http_principal(req);
	const char *from = http_query(req, "from"), *to = http_query(req, "to"), *team;
	memset(f, 0, sizeof *f);
	if (!from)
		return kesu_fail(err, KE_MISSING_FIELD, "from", "is required: a date (YYYY-MM-DD)");
	if (!to)
		return kesu_fail(err, KE_MISSING_FIELD, "to", "is required: a date (YYYY-MM-DD)");
	if (report_parse_time(from, &f->from))
		return kesu_fail(err, KE_INVALID_VALUE, "from", "must be a date (YYYY-MM-DD) or an RFC 3339 time");
	if (report_parse_end(to, &f->to))
		return kesu_fail(err, KE_INVALID_VALUE, "to", "must be a date (YYYY-MM-DD) or an RFC 3339 time");
	if (f->to <= f->from)
		return kesu_fail(err, KE_INVALID_VALUE, "to", "must not be before from");
	if (f->to - f->from > (int64_t)3700 * 86400 * 1000)
		return kesu_fail(err, KE_INVALID_VALUE, "to", "a period may be at most ten years");
	if ((team = http_query(req, "team")) && api_id(team, &f->team_id, err))
		return kesu_fail(err, KE_INVALID_VALUE, "team", "must be a team id");
	if (!authz_can(p, P_ALL_TEAMS)) {
		int mine = 0;
		for (int i = 0; i < p->nteams; i++)
			mine |= p->teams[i] == f->team_id;
		if (!mine)
			return kesu_fail(err, KE_FORBIDDEN, "team",
					 "give one of your teams: reports on every team need teams.all");
	}
	f->channel = http_query(req, "channel");
	f->category = http_query(req, "category");
	f->severity = http_query(req, "severity");
	return 0;
}

static struct report *compute(struct http_request *req, struct kesu_err *err)
{
	struct report_filter f;
	struct store_conn *c;
	if (read_filter(req, &f, err) || !(c = http_reader(req, err)))
		return NULL;
	return report_compute(c, &f, err);
}

int reports_complaints(struct http_request *req)
{
	struct kesu_err err = {0};
	const char *format = http_query(req, "format"), *lang = http_query(req, "lang");
	int fmt = report_format_find(format ? format : "json");
	if (fmt < 0) {
		kesu_fail(&err, KE_INVALID_VALUE, "format", "must be one of: pdf, html, xlsx, csv, json");
		return http_reply_error(req, &err);
	}
	if (lang && !report_lang_ok(lang)) {
		kesu_fail(&err, KE_INVALID_VALUE, "lang", "must be one of: zh-CN, zh-TW, en");
		return http_reply_error(req, &err);
	}
	struct report *r = compute(req, &err);
	if (!r)
		return http_reply_error(req, &err);
	if (fmt == RF_JSON) {
		json_t *j = report_json(r);
		report_free(r);
		return http_reply_json(req, 200, j);
	}
	char *out;
	size_t len;
	int rc = report_render(r, (enum report_format)fmt, lang ? lang : "zh-CN", &out, &len, &err);
	char name[64], from[40];
	clock_format_local(r->cur.f.from, from, sizeof from);
	snprintf(name, sizeof name, "complaint-report-%.10s.%s", from, report_format_names[fmt]);
	report_free(r);
	if (rc)
		return http_reply_error(req, &err);
	rc = http_reply_download(req, report_format_type((enum report_format)fmt), out, len, name);
	free(out);
	return rc;
}

int stats_all(struct http_request *req)
{
	struct kesu_err err = {0};
	struct report *r = compute(req, &err);
	if (!r)
		return http_reply_error(req, &err);
	json_t *j = report_json(r);
	report_free(r);
	return http_reply_json(req, 200, j);
}

int stats_section(struct http_request *req)
{
	struct kesu_err err = {0};
	const char *section = http_param(req, 0);
	int known = 0;
	for (int i = 0; report_sections[i]; i++)
		known |= !strcmp(report_sections[i], section);
	if (!known) {
		/* the sections there are, named from the one list */
		char names[512];
		size_t len = 0;
		names[0] = '\0';
		for (int i = 0; report_sections[i] && len < sizeof names; i++)
			len += (size_t)snprintf(names + len, sizeof names - len, "%s%s", i ? ", " : "",
						report_sections[i]);
		kesu_fail(&err, KE_NOT_FOUND, "", "no section %s: %s", section, names);
		return http_reply_error(req, &err);
	}
	if (!strcmp(section, "winback")) {
		/* its own figures, none of the rest: read alone */
		struct report_filter f;
		struct store_conn *c;
		json_t *j;
		if (read_filter(req, &f, &err) || !(c = http_reader(req, &err)) ||
		    !(j = report_winback(c, &f, &err)))
			return http_reply_error(req, &err);
		return http_reply_json(req, 200, j);
	}
	struct report *r = compute(req, &err);
	if (!r)
		return http_reply_error(req, &err);
	json_t *j = report_section_json(r, section);
	report_free(r);
	return http_reply_json(req, 200, j);
}

/* --- the schedule, and the reports it made ----------------------------------------- */

static json_t *stored_json(const struct stored_report *r)
{
	char f[40], t[40], at[40];
	return json_pack("{s:I,s:s,s:s,s:s,s:s,s:s,s:s,s:I,s:s}", "id", (json_int_t)r->id,
			 "schedule", r->schedule, "from", clock_format(r->period_from, f, sizeof f),
			 "to", clock_format(r->period_to, t, sizeof t), "format", r->format, "lang",
			 r->language, "filename", r->filename, "size", (json_int_t)r->size,
			 "created_at", clock_format(r->created_at, at, sizeof at));
}

int reports_list(struct http_request *req)
{
	struct kesu_err err = {0};
	struct store_conn *c = http_reader(req, &err);
	struct stored_report *items;
	int n;
	if (!c || store_report_list(c, 100, http_arena(req), &items, &n, &err))
		return http_reply_error(req, &err);
	json_t *arr = json_array();
	for (int i = 0; i < n; i++)
		json_array_append_new(arr, stored_json(&items[i]));
	return http_reply_json(req, 200, json_pack("{s:o}", "items", arr));
}

int reports_download(struct http_request *req)
{
	struct kesu_err err = {0};
	int64_t id;
	struct store_conn *c;
	struct stored_report r;
	if (api_id(http_param(req, 0), &id, &err) || !(c = http_reader(req, &err)) ||
	    store_report_get(c, id, 1, http_arena(req), &r, &err))
		return http_reply_error(req, &err);
	return http_reply_download(req, r.content_type, r.data, (size_t)r.size, r.filename);
}

/* --- charts, for the dashboard ------------------------------------------------------- */

int stats_chart(struct http_request *req)
{
	struct kesu_err err = {0};
	const char *lang = http_query(req, "lang");
	if (lang && !report_lang_ok(lang)) {
		kesu_fail(&err, KE_INVALID_VALUE, "lang", "must be one of: zh-CN, zh-TW, en");
		return http_reply_error(req, &err);
	}
	struct report *r = compute(req, &err);
	if (!r)
		return http_reply_error(req, &err);
	struct arena *a = arena_new();
	struct ddoc *d = doc_build(r, lang ? lang : "zh-CN", a);
	const struct dtable *t = doc_table(d, http_param(req, 0));
	int rc;
	static const char *const charts[] = {
		"by_day", "by_channel", "by_object_kind", "by_department", "categories", "causes",
		"responsibility", "escalations_by_level", "compensation_by_type", "satisfaction",
		NULL};
	int known = 0;
	for (int i = 0; charts[i]; i++)
		known |= !strcmp(charts[i], http_param(req, 0));
	if (known && (!t || t->nrows == 0 || t->chart == CHART_NONE)) {
		/* a period with nothing to draw still has its chart, saying so:
		 * a table with no rows may be left out of the document entirely */
		const char *l = lang ? lang : "zh-CN";
		const char *word = !strcmp(l, "en") ? "No data in this period"
				   : !strcmp(l, "zh-TW") ? "本期沒有資料"
							 : "本期没有数据";
		char *svg = arena_printf(
			http_arena(req),
			"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"480\" height=\"300\""
			" viewBox=\"0 0 480 300\"><rect width=\"480\" height=\"300\" fill=\"#fff\"/>"
			"<text x=\"240\" y=\"154\" text-anchor=\"middle\" font-size=\"16\""
			" fill=\"#5b6577\">%s</text></svg>",
			word);
		rc = http_reply_bytes(req, 200, "image/svg+xml", svg, strlen(svg));
	} else if (!t || t->chart == CHART_NONE) {
		kesu_fail(&err, KE_NOT_FOUND, "",
			  "no chart %s: by_day, by_channel, by_object_kind, by_department, categories, "
			  "causes, responsibility, escalations_by_level, compensation_by_type, "
			  "satisfaction",
			  http_param(req, 0));
		rc = http_reply_error(req, &err);
	} else {
		size_t len;
		char *svg = chart_svg(t, d->font, 480, 300, &len);
		rc = svg ? http_reply_bytes(req, 200, "image/svg+xml", svg, len)
			 : (kesu_fail(&err, KE_INTERNAL, "", "the chart could not be drawn"),
			    http_reply_error(req, &err));
		free(svg);
	}
	arena_free(a);
	report_free(r);
	return rc;
}

/* --- GET /api/v1/dashboard: the supervisors' view of now ----------------- */

int dashboard_get(struct http_request *req)
{
	struct kesu_err err = {0};
	const struct principal *p = http_principal(req);
	int all = authz_can(p, P_ALL_TEAMS);
	int64_t now = clock_now_ms();
	int32_t today = cal_day_of(now);
	/* the week starts on Monday; day 0 (1970-01-01) was a Thursday */
	int32_t monday = today - (today + 3) % 7;
	struct dashboard d;
	struct store_conn *c = http_reader(req, &err);
	if (!c)
		return http_reply_error(req, &err);
	if (!all && p->nteams == 0)
		memset(&d, 0, sizeof d);
	else if (store_dashboard(c, all ? 0 : p->user_id, cal_day_start(today),
				 cal_day_start(monday), http_arena(req), &d, &err))
		return http_reply_error(req, &err);
	json_t *by_status = json_object(), *by_level = json_object(), *cells = json_array();
	for (int l = 0; l < LEVEL__COUNT; l++)
		json_object_set_new(by_level, en_level[l].name, json_integer(0));
	int64_t total = 0, escalated = 0;
	for (int i = 0; i < d.ncells; i++) {
		const struct dash_cell *x = &d.cells[i];
		const char *level = en_level[x->level >= 0 && x->level < LEVEL__COUNT ? x->level : 0].name;
		json_t *s = json_object_get(by_status, x->status);
		json_object_set_new(by_status, x->status, json_integer(json_integer_value(s) + x->n));
		json_object_set_new(by_level, level,
				    json_integer(json_integer_value(json_object_get(by_level, level)) + x->n));
		json_array_append_new(cells, json_pack("{s:s,s:s,s:I}", "status", x->status, "level",
						       level, "count", (json_int_t)x->n));
		total += x->n;
		if (x->level > 0)
			escalated += x->n;
	}
	char day[40], week[40], at[40];
	json_t *sat = json_pack(
		"{s:s,s:I,s:o,s:o}", "since", clock_format(cal_day_start(monday), week, sizeof week),
		"rated", (json_int_t)d.rated, "average",
		d.rated ? json_real((double)d.rating_sum / (double)d.rated) : json_null(),
		"satisfied_percent",
		d.rated ? json_real(100.0 * (double)d.satisfied / (double)d.rated) : json_null());
	return http_reply_json(
		req, 200,
		json_pack("{s:s,s:b,s:{s:I,s:o,s:o,s:o},s:{s:s,s:I},s:I,s:I,s:{s:I,s:I},s:o}", "at",
			  clock_format(now, at, sizeof at), "all_teams", all, "open", "total",
			  (json_int_t)total, "by_status", by_status, "by_level", by_level, "cells",
			  cells, "breaches_today", "since",
			  clock_format(cal_day_start(today), day, sizeof day), "count",
			  (json_int_t)d.breached_today, "late", (json_int_t)d.late_open, "escalated",
			  (json_int_t)escalated, "approvals", "waiting", (json_int_t)d.pending,
			  "amount_fen", (json_int_t)d.pending_fen, "satisfaction_week", sat));
}

/* --- GET /api/v1/reports/odr ------------------------------------------------- */

int reports_odr(struct http_request *req)
{
	struct kesu_err err = {0};
	struct report_filter f;
	struct store_conn *c;
	char *out = NULL;
	size_t len;
	int rows;
	if (read_filter(req, &f, &err) || !(c = http_reader(req, &err)) ||
	    report_odr_csv(c, f.from, f.to, &out, &len, &rows, &err))
		return http_reply_error(req, &err);
	char name[64], from[40];
	clock_format_local(f.from, from, sizeof from);
	snprintf(name, sizeof name, "odr-%.10s.csv", from);
	int rc = http_reply_download(req, "text/csv; charset=utf-8", out, len, name);
	free(out);
	return rc;
}
