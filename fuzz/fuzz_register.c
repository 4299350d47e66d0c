/*
 * fuzz_register.c - the body of POST /api/v1/complaints: read as the
 * server reads a request body (http_body_json), then checked into a
 * registration by intake_prepare, as complaints_create does. Whatever it
 * accepts holds only valid UTF-8 without NUL bytes.
 */
#include <jansson.h>

#include "../src/intake/intake.h"
#include "../src/text/text.h"
#include "fuzz.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc, (void)argv;
	ids_init();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const unsigned char secret[32];
	if (!size || !text_utf8_valid((const char *)data, size))
		return 0;
	json_error_t je;
	json_t *body = json_loadb((const char *)data, size,
				  JSON_REJECT_DUPLICATES | JSON_DECODE_ANY | JSON_ALLOW_NUL, &je);
	if (!body)
		return 0;
	struct arena *a = arena_new();
	struct intake *j;
	struct kesu_err err = {0};
	/* 2026-11-20 10:00 in Shanghai */
	if (intake_prepare(a, body, 1795140000000, "fuzz", secret, &j, &err) == 0) {
		for (int i = 0; i < CF__COUNT; i++)
			FUZZ_CHECK(!j->c.v[i] || text_utf8_valid(j->c.v[i], strlen(j->c.v[i])));
		intake_done(j);
	} else {
		FUZZ_CHECK(err.code != 0 && err.message[0]);
	}
	arena_free(a);
	json_decref(body);
	return 0;
}
