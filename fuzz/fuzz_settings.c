/*
 * fuzz_settings.c - the bodies of PUT on every setting of the registry
 * (src/api/settings.h: calendar, sla, causes, routing, channels, reports),
 * each through its own parser on a store of its own, as settings_put runs
 * it. The first byte picks the setting, the rest is the body.
 *
 * What a parser accepts is stored as its normalised form and parsed again
 * at every read: that form must parse, to itself.
 */
#include <jansson.h>
#include <unistd.h>

#include "../src/api/settings.h"
#include "../src/text/text.h"
#include "../src/util/ids.h"
#include "fuzz.h"

static struct store *store;
static char dir[] = "/tmp/kesu-fuzz-settings-XXXXXX";

struct parse_job {
	struct store_job job;
	const struct api_setting *s;
	json_t *body, *out;
};

static int parse_run(struct store_conn *c, struct store_job *job)
{
	struct parse_job *p = (struct parse_job *)job;
	return p->s->parse(c, p->body, &p->out, &job->err);
}

static void cleanup(void)
{
	store_close(store);
	char cmd[sizeof dir + 16];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		fprintf(stderr, "fuzz_settings: could not remove %s\n", dir);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc, (void)argv;
	struct kesu_err err = {0};
	ids_init();
	if (!mkdtemp(dir) || store_open(dir, STORE_CREATE, &store, &err)) {
		fprintf(stderr, "fuzz_settings: no store in %s: %s\n", dir, err.message);
		exit(1);
	}
	atexit(cleanup);
	return 0;
}

/* Parses body as setting s; returns the normalised form or NULL. */
static json_t *parse(const struct api_setting *s, json_t *body)
{
	struct parse_job p = {.job.run = parse_run, .s = s, .body = body};
	if (store_run(store, &p.job)) {
		FUZZ_CHECK(!p.out && p.job.err.code != 0 && p.job.err.message[0]);
		return NULL;
	}
	FUZZ_CHECK(p.out != NULL);
	return p.out;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 2 || !text_utf8_valid((const char *)data + 1, size - 1))
		return 0;
	const struct api_setting *s = &api_settings[data[0] % api_nsettings];
	json_error_t je;
	json_t *body = json_loadb((const char *)data + 1, size - 1,
				  JSON_REJECT_DUPLICATES | JSON_DECODE_ANY | JSON_ALLOW_NUL, &je);
	if (!body)
		return 0;
	json_t *out = parse(s, body);
	if (out) {
		json_t *again = parse(s, out);
		FUZZ_CHECK(again && json_equal(again, out));
		json_decref(again);
		json_decref(out);
	}
	json_decref(body);
	return 0;
}
