/*
 * test_mask.c - masking of contact details (src/auth/mask.c).
 */
#include "unit.h"

#include <stdlib.h>

#include "auth/mask.h"

static void phones_emails_and_others_are_masked(void **state)
{
	(void)state;
	struct arena *a = arena_new();
	assert_string_equal(mask_phone("13812341234", a), "138****1234");
	assert_string_equal(mask_phone("+86 138 1234 1234", a), "+86**********1234");
	assert_string_equal(mask_phone("12345", a), "***45");
	assert_string_equal(mask_email("zhang.san@example.com", a), "z***@example.com");
	assert_string_equal(mask_email("张三@例子.中国", a), "张***@例子.中国");
	assert_string_equal(mask_other("wxid_abcdef", a), "w***f");
	assert_string_equal(mask_other("微信号", a), "***");
	assert_null(mask_phone(NULL, a));
	arena_free(a);
}

static void event_data_is_masked_under_contact_keys(void **state)
{
	(void)state;
	json_t *d = json_loads(
		"{\"fields\":{\"complainant\":{\"name\":\"王芳\",\"phone\":\"13900001234\","
		"\"email\":\"wf@example.com\"}},\"changes\":{\"complainant.phone\":"
		"{\"before\":\"13900001234\",\"after\":\"13700005678\"},\"severity\":"
		"{\"before\":\"normal\",\"after\":\"high\"}}}",
		0, NULL);
	assert_non_null(d);
	mask_event_data(d);
	char *s = json_dumps(d, JSON_COMPACT | JSON_SORT_KEYS);
	assert_null(strstr(s, "13900001234"));
	assert_null(strstr(s, "13700005678"));
	assert_non_null(strstr(s, "139****1234"));
	assert_non_null(strstr(s, "137****5678"));
	assert_non_null(strstr(s, "w***@example.com"));
	assert_non_null(strstr(s, "王芳"));
	assert_non_null(strstr(s, "\"after\":\"high\""));
	free(s);
	json_decref(d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(phones_emails_and_others_are_masked),
		cmocka_unit_test(event_data_is_masked_under_contact_keys),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
