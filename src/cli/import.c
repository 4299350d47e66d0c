/*
 * import.c - `kesu import`: register complaints from JSON lines, for moving
 * from another system (and for building large data sets to measure with).
 */
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../intake/intake.h"
#include "../store/store.h"
#include "../util/clock.h"
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

int cmd_import(int argc, char **argv)
{
	static const struct option opts[] = {
		{"data", required_argument, NULL, 'd'},
		{"batch", required_argument, NULL, 'b'},
		{"zone", required_argument, NULL, 'z'},
		{NULL, 0, NULL, 0},
	};
	const char *dir = NULL, *zone = CLOCK_DEFAULT_ZONE;
	int batch_size = 1000, o;
	char *end;
	opterr = 0;
	while ((o = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
		switch (o) {
		case 'd': dir = optarg; break;
		case 'z': zone = optarg; break;
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
	if (optind != argc - 1)
		return cli_usage("import", "needs exactly one FILE (or - for standard input)");
	if (clock_set_zone(zone))
		return cli_usage("import", "unknown time zone '%s'", zone);
	const char *path = argv[optind];
	FILE *in = strcmp(path, "-") == 0 ? stdin : fopen(path, "r");
	struct kesu_err err = {0};
	if (!in) {
		kesu_fail(&err, KE_IO, "", "cannot read %s", path);
		return cli_fail(&err);
	}
	struct store *s;
	if (store_open(dir, STORE_EXISTING, &s, &err)) {
		if (in != stdin)
			fclose(in);
		return cli_fail(&err);
	}
	store_set_writer_cache(s, 256 * 1024);
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
