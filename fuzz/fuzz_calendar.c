/*
 * fuzz_calendar.c - the business calendar as PUT /api/v1/calendar sends it
 * (cal_from_json), and the list of days POST /api/v1/calendar/days merges
 * into the calendar in force (cal_merge_days). Then the clocks' arithmetic
 * on what was accepted: the working time cal_add adds up is the working
 * time cal_between counts, and the JSON form reads back the same.
 *
 * Input: one byte (bit 0: a list of days rather than a calendar), four
 * bytes of start and four of working time, then the JSON.
 */
#include <jansson.h>

#include "../src/text/text.h"
#include "../src/util/clock.h"
#include "../src/workflow/calendar.h"
#include "fuzz.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc, (void)argv;
	clock_set_zone(CLOCK_DEFAULT_ZONE);
	return 0;
}

static uint32_t u32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 10 || !text_utf8_valid((const char *)data + 9, size - 9))
		return 0;
	json_error_t je;
	json_t *body = json_loadb((const char *)data + 9, size - 9,
				  JSON_REJECT_DUPLICATES | JSON_DECODE_ANY | JSON_ALLOW_NUL, &je);
	if (!body)
		return 0;
	struct calendar *cal = malloc(sizeof *cal), *again = malloc(sizeof *again);
	struct kesu_err err = {0};
	int rc;
	if (data[0] & 1) {
		cal_default(cal);
		rc = cal_merge_days(cal, body, &err);
	} else {
		rc = cal_from_json(body, cal, &err);
	}
	if (rc == 0) {
		json_t *out = cal_to_json(cal);
		FUZZ_CHECK(cal_from_json(out, again, &err) == 0);
		json_t *out2 = cal_to_json(again);
		FUZZ_CHECK(json_equal(out, out2));
		json_decref(out);
		json_decref(out2);
		/* from 2026-01-01 (Shanghai) on, within about eight years; up to
		 * about a month of working time */
		int64_t start = 1767196800000LL + (int64_t)(u32(data + 1) % (8u * 366 * 1440)) * 60000;
		int64_t work = (int64_t)(u32(data + 5) % (31u * 1440 * 60)) * 1000;
		int64_t end = cal_add(cal, start, work);
		if (end >= 0) {
			FUZZ_CHECK(end >= start);
			FUZZ_CHECK(cal_between(cal, start, end) == work);
		}
	} else {
		FUZZ_CHECK(err.code != 0 && err.message[0]);
	}
	free(cal);
	free(again);
	json_decref(body);
	return 0;
}
