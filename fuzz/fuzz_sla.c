/*
 * fuzz_sla.c - the SLA policy as PUT /api/v1/sla sends it, through its own
 * parser (wf_sla_from_json) without a store: faster than fuzz_settings,
 * so that it reaches deeper into the policy's members. What it accepts
 * must survive its JSON form, which is what is stored.
 */
#include <jansson.h>

#include "../src/text/text.h"
#include "../src/workflow/workflow.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!size || !text_utf8_valid((const char *)data, size))
		return 0;
	json_error_t je;
	json_t *body = json_loadb((const char *)data, size,
				  JSON_REJECT_DUPLICATES | JSON_DECODE_ANY | JSON_ALLOW_NUL, &je);
	if (!body)
		return 0;
	struct wf_sla sla, again;
	struct kesu_err err = {0};
	if (wf_sla_from_json(body, &sla, &err) == 0) {
		json_t *out = wf_sla_to_json(&sla);
		FUZZ_CHECK(wf_sla_from_json(out, &again, &err) == 0);
		json_t *out2 = wf_sla_to_json(&again);
		FUZZ_CHECK(json_equal(out, out2));
		json_decref(out);
		json_decref(out2);
	} else {
		FUZZ_CHECK(err.code != 0 && err.message[0]);
	}
	json_decref(body);
	return 0;
}
