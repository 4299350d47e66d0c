/*
 * settings.c - the settings the clocks run on: the business calendar and
 * the SLA policy, read from the store once and kept until they change.
 */
#include <stdatomic.h>
#include <stdlib.h>

#include "workflow_int.h"

/* The writer's copy, and the generation it was read at: a change (from
 * any thread, once it is committed) moves the generation on, and the
 * writer reads the settings again at its next use. */
static struct wf_settings current;
static unsigned loaded_at;
static atomic_uint generation = 1;

int wf_settings_read(struct store_conn *c, struct wf_settings *out, struct kesu_err *err)
{
	struct arena *a = arena_new();
	const char *cal = NULL, *sla = NULL;
	int rc = store_setting_get(c, "calendar", a, &cal, err);
	if (!rc)
		rc = store_setting_get(c, "sla", a, &sla, err);
	cal_default(&out->cal);
	wf_sla_default(&out->sla);
	json_t *j;
	if (!rc && cal && (j = json_loads(cal, 0, NULL))) {
		rc = cal_from_json(j, &out->cal, err);
		json_decref(j);
	}
	if (!rc && sla && (j = json_loads(sla, 0, NULL))) {
		rc = wf_sla_from_json(j, &out->sla, err);
		json_decref(j);
	}
	arena_free(a);
	return rc;
}

const struct wf_settings *wf_settings(struct store_conn *c, struct kesu_err *err)
{
	unsigned now = atomic_load(&generation);
	if (loaded_at != now) {
		if (wf_settings_read(c, &current, err))
			return NULL;
		loaded_at = now;
	}
	return &current;
}

void wf_settings_changed(void)
{
	atomic_fetch_add(&generation, 1);
}


int wf_setting_read(struct store_conn *c, const char *key,
		    int (*parse)(json_t *j, void *out, struct kesu_err *err), void *out,
		    struct kesu_err *err)
{
	struct arena *a = arena_new();
	const char *text = NULL;
	int rc = store_setting_get(c, key, a, &text, err);
	if (!rc && text) {
		json_t *j = json_loads(text, 0, NULL);
		rc = j ? parse(j, out, err)
		       : kesu_fail(err, KE_INTERNAL, "", "the stored setting %s is not JSON", key);
		json_decref(j);
	}
	arena_free(a);
	return rc;
}
