/*
 * fuzz_import.c - a file for `kesu import`: cut into lines as cmd_import
 * cuts it, each line read by import_line_parse and its complaint checked
 * by intake_prepare, as intake_import does before it stores anything. A
 * line it accepts is the JSON it holds, whole.
 */
#include <jansson.h>

#include "../src/cli/cli.h"
#include "../src/intake/intake.h"
#include "fuzz.h"

/* import.c's command calls these from main.c, which a fuzz target does
 * not link; the line parser never does. */
int cli_fail(const struct kesu_err *err)
{
	(void)err;
	abort();
}

int cli_usage(const char *cmd, const char *fmt, ...)
{
	(void)cmd, (void)fmt;
	abort();
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc, (void)argv;
	ids_init();
	return 0;
}

static void one_line(char *line, size_t len, long lineno)
{
	static const unsigned char secret[32];
	const int64_t now = 1795140000000; /* 2026-11-20 10:00 in Shanghai */
	json_t *j, *body;
	int64_t at;
	struct kesu_err err = {0};
	while (len && (line[len - 1] == '\n' || line[len - 1] == '\r'))
		line[--len] = '\0';
	if (!len)
		return;
	if (import_line_parse(line, len, lineno, now, &j, &body, &at, &err)) {
		FUZZ_CHECK(err.code != 0 && err.message[0]);
		return;
	}
	/* the line was read whole: a NUL byte would have ended it early */
	FUZZ_CHECK(memchr(line, '\0', len) == NULL);
	FUZZ_CHECK(at <= now);
	struct arena *a = arena_new();
	struct intake *in;
	if (intake_prepare(a, body, at, "import", secret, &in, &err) == 0)
		intake_done(in);
	else
		FUZZ_CHECK(err.code != 0 && err.message[0]);
	arena_free(a);
	json_decref(j);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	long lineno = 0;
	size_t i = 0;
	while (i < size) {
		const uint8_t *nl = memchr(data + i, '\n', size - i);
		size_t end = nl ? (size_t)(nl - data) + 1 : size;
		/* getline's copy: the line with its break, then a NUL */
		char *line = fuzz_cstr(data + i, end - i);
		one_line(line, end - i, ++lineno);
		free(line);
		i = end;
	}
	return 0;
}
