/*
 * report.c - `kesu report`: the complaint work report of a period, written
 * to a file as PDF, HTML, XLSX, CSV or JSON.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../report/report.h"
#include "../store/store.h"
#include "../util/clock.h"
#include "cli.h"

static int write_all(const char *output, const char *out, size_t len, struct kesu_err *err)
{
	FILE *fp = strcmp(output, "-") ? fopen(output, "wb") : stdout;
	if (!fp || fwrite(out, 1, len, fp) != len || (fp != stdout && fclose(fp)))
		return kesu_fail(err, KE_IO, "", "cannot write %s", output);
	return 0;
}

/* --odr: the regulator channel's complaints for the 12315 platform. */
static int odr_export(struct store *s, struct store_conn *c, struct arena *a,
		      const struct report_filter *f, const char *output, struct kesu_err *err)
{
	char *out = NULL;
	size_t len = 0;
	int rows = 0;
	int rc = report_odr_csv(c, f->from, f->to, &out, &len, &rows, err);
	if (!rc)
		rc = write_all(output, out, len, err);
	if (!rc)
		fprintf(stderr, "kesu report: %d regulator complaints, %zu bytes\n", rows, len);
	free(out);
	arena_free(a);
	if (c)
		store_reader_put(c);
	store_close(s);
	return rc ? cli_fail(err) : 0;
}

int cmd_report(int argc, char **argv)
{
	static const struct option opts[] = {
		{"data", required_argument, NULL, 'd'},	    {"from", required_argument, NULL, 'f'},
		{"to", required_argument, NULL, 't'},	    {"team", required_argument, NULL, 'T'},
		{"channel", required_argument, NULL, 'c'},  {"category", required_argument, NULL, 'C'},
		{"severity", required_argument, NULL, 's'}, {"format", required_argument, NULL, 'F'},
		{"lang", required_argument, NULL, 'L'},	    {"output", required_argument, NULL, 'o'},
		{"zone", required_argument, NULL, 'z'},	    {"odr", no_argument, NULL, 'R'},
		{NULL, 0, NULL, 0},
	};
	const char *dir = NULL, *from = NULL, *to = NULL, *team = NULL, *format = NULL,
		   *lang = "zh-CN", *output = NULL, *zone = CLOCK_DEFAULT_ZONE;
	struct report_filter f = {0};
	int o, odr = 0;
	opterr = 0;
	while ((o = getopt_long(argc, argv, ":o:", opts, NULL)) != -1) {
		switch (o) {
		case 'd': dir = optarg; break;
		case 'f': from = optarg; break;
		case 't': to = optarg; break;
		case 'T': team = optarg; break;
		case 'c': f.channel = optarg; break;
		case 'C': f.category = optarg; break;
		case 's': f.severity = optarg; break;
		case 'F': format = optarg; break;
		case 'L': lang = optarg; break;
		case 'o': output = optarg; break;
		case 'z': zone = optarg; break;
		case 'R': odr = 1; break;
		case ':': return cli_usage("report", "%s needs a value", argv[optind - 1]);
		default: return cli_usage("report", "unknown option %s", argv[optind - 1]);
		}
	}
	if (optind < argc)
		return cli_usage("report", "unexpected argument '%s'", argv[optind]);
	if (!dir || !from || !to || !output)
		return cli_usage("report", "--data, --from, --to and -o are required");
	int fmt = report_format_find(format ? format : odr ? "csv" : "pdf");
	if (odr && fmt != RF_CSV)
		return cli_usage("report", "--odr writes CSV only");
	if (fmt < 0)
		return cli_usage("report", "--format must be pdf, html, xlsx, csv or json");
	if (!report_lang_ok(lang))
		return cli_usage("report", "--lang must be zh-CN, zh-TW or en");
	if (clock_set_zone(zone))
		return cli_usage("report", "unknown time zone '%s'", zone);
	if (report_parse_time(from, &f.from) || report_parse_end(to, &f.to))
		return cli_usage("report", "--from and --to must be dates (YYYY-MM-DD) or RFC 3339 times");
	if (f.to <= f.from)
		return cli_usage("report", "--to must not be before --from");
	struct kesu_err err = {0};
	struct store *s;
	if (store_open(dir, STORE_EXISTING, &s, &err))
		return cli_fail(&err);
	struct store_conn *c = store_reader_get(s, &err);
	struct team t;
	struct arena *a = arena_new();
	int rc = c ? 0 : -1;
	if (!rc && team) {
		char *end;
		long long id = strtoll(team, &end, 10);
		rc = store_team_get(c, *end ? 0 : id, *end ? team : NULL, a, &t, &err);
		f.team_id = t.id;
	}
	if (odr && !rc)
		return odr_export(s, c, a, &f, output, &err);
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	struct report *r = rc ? NULL : report_compute(c, &f, &err);
	char *out = NULL;
	size_t len = 0;
	if (r)
		rc = report_render(r, (enum report_format)fmt, lang, &out, &len, &err);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	if (r && !rc) {
		FILE *fp = strcmp(output, "-") ? fopen(output, "wb") : stdout;
		if (!fp || fwrite(out, 1, len, fp) != len || (fp != stdout && fclose(fp))) {
			rc = kesu_fail(&err, KE_IO, "", "cannot write %s", output);
		} else {
			fprintf(stderr, "kesu report: %lld complaints, %s, %zu bytes in %.2f s\n",
				(long long)r->cur.received, report_format_names[fmt], len,
				(double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
		}
	}
	free(out);
	report_free(r);
	arena_free(a);
	if (c)
		store_reader_put(c);
	store_close(s);
	report_shutdown();
	return (!r || rc) ? cli_fail(&err) : 0;
}
