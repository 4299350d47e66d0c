/*
 * test_phone.c - phone numbers as people in China write them
 * (src/core/phone.c): what is taken, as which kind and E.164 number, and
 * what is refused.
 */
#include "unit.h"

#include <stdio.h>

#include "core/phone.h"

static const struct {
	const char *typed;
	enum phone_kind kind;
	const char *e164;
	const char *ext;
} taken[] = {
	/* mainland mobiles */
	{"13800138000", PHONE_MOBILE, "+8613800138000", ""},
	{"138 0013 8000", PHONE_MOBILE, "+8613800138000", ""},
	{"138-0013-8000", PHONE_MOBILE, "+8613800138000", ""},
	{"+86 138 0013 8000", PHONE_MOBILE, "+8613800138000", ""},
	{"+86-13800138000", PHONE_MOBILE, "+8613800138000", ""},
	{"0086 13800138000", PHONE_MOBILE, "+8613800138000", ""},
	{"86 138 0013 8000", PHONE_MOBILE, "+8613800138000", ""},
	{"(+86) 199 1234 5678", PHONE_MOBILE, "+8619912345678", ""},
	{"\xef\xbc\x91\xef\xbc\x93\xef\xbc\x98\xe3\x80\x80\xef\xbc\x90\xef\xbc\x90\xef\xbc\x91"
	 "\xef\xbc\x93\xef\xbc\x8d\xef\xbc\x98\xef\xbc\x90\xef\xbc\x90\xef\xbc\x90",
	 PHONE_MOBILE, "+8613800138000", ""}, /* １３８　００１３－８０００ */
	/* landlines with the area code */
	{"010-12345678", PHONE_LANDLINE, "+861012345678", ""},
	{"(010) 1234 5678", PHONE_LANDLINE, "+861012345678", ""},
	{"021 6123 4567", PHONE_LANDLINE, "+862161234567", ""},
	{"0755 1234 5678", PHONE_LANDLINE, "+8675512345678", ""},
	{"0755-2345678", PHONE_LANDLINE, "+867552345678", ""},
	{"（0571）87654321", PHONE_LANDLINE, "+8657187654321", ""},
	{"010-12345678-8001", PHONE_LANDLINE, "+861012345678", "8001"},
	{"0755 1234 5678 转 123", PHONE_LANDLINE, "+8675512345678", "123"},
	{"0755-12345678轉66", PHONE_LANDLINE, "+8675512345678", "66"},
	{"021-61234567 分机 9", PHONE_LANDLINE, "+862161234567", "9"},
	{"021-61234567 ext. 12", PHONE_LANDLINE, "+862161234567", "12"},
	{"021-61234567x12", PHONE_LANDLINE, "+862161234567", "12"},
	{"021-61234567#12", PHONE_LANDLINE, "+862161234567", "12"},
	{"+86 10 1234 5678", PHONE_LANDLINE, "+861012345678", ""},
	{"+86 (0)755 1234 5678", PHONE_LANDLINE, "+8675512345678", ""},
	{"400-810-8888", PHONE_HOTLINE, "+864008108888", ""},
	{"800 820 8820", PHONE_HOTLINE, "+868008208820", ""},
	/* Hong Kong, Macau, Taiwan */
	{"+852 6123 4567", PHONE_HK, "+85261234567", ""},
	{"+852-2123-4567", PHONE_HK, "+85221234567", ""},
	{"00852 91234567", PHONE_HK, "+85291234567", ""},
	{"+853 6612 3456", PHONE_MO, "+85366123456", ""},
	{"+853 2888 1234", PHONE_MO, "+85328881234", ""},
	{"+886 912 345 678", PHONE_TW, "+886912345678", ""},
	{"+886 0912-345-678", PHONE_TW, "+886912345678", ""},
	{"+886 2 2345 6789", PHONE_TW, "+886223456789", ""},
	{"+886-7-123-4567", PHONE_TW, "+88671234567", ""},
	/* elsewhere */
	{"+44 20 7946 0958", PHONE_INTL, "+442079460958", ""},
	{"+1 (415) 555-2671", PHONE_INTL, "+14155552671", ""},
	{"+81 3-1234-5678", PHONE_INTL, "+81312345678", ""},
	{"0065 6123 4567", PHONE_INTL, "+6561234567", ""},
	{"+49 30 1234567 ext 89", PHONE_INTL, "+49301234567", "89"},
};

static const char *const refused[] = {
	"", "   ", "abc", "call me", "12", "12345",
	"1380013800",	  /* a mobile a digit short */
	"138001380001",	  /* and one too many */
	"12800138000",	  /* no mobile starts 12 */
	"10012345678",	  /* nor 10 */
	"87654321",	  /* a landline without its area code */
	"2345678",
	"010-1234567",	  /* Beijing takes eight digits */
	"020 1234 567",
	"0755-12345",	  /* too short for any area */
	"0755-123456789", /* too long */
	"00", "0086", "00 1234",
	"0012345678",	  /* +1 and seven digits: North America takes ten */
	"010-02345678",	  /* a subscriber number never starts with 0 */
	"0123-4567890",	  /* no area code 012x */
	"+86 138 0013 800", "+86 12345", "+86 010-1234567",
	"+852 1234 5678", /* Hong Kong numbers do not start with 1 */
	"+852 6123 456", "+852 6123 45678",
	"+853 612 3456",
	"+886 1234 5678",
	"+886 912 345 6789",
	"+0 1234 5678",
	"+1 234",	  /* too short to be E.164 */
	"+12345678901234567", /* too long */
	"138 0013 8000 转 12", /* a mobile has no extension */
	"13800138000-12",
	"010-12345678-1234567", /* an extension of 7 digits */
	"010-12345678 转", /* the extension's mark with no number */
	"转 123",
	"++86 13800138000", "+86 +13800138000", "13800138000+",
	"138--0013-8000",
	"(010 12345678", "010) 12345678", "((010)) 12345678",
	"138 0013 8000 / 139 0013 9000",
	"tel:13800138000",
	"13800138000\n",
	"138\xef\xbc\xa1", /* a full-width letter */
};

static void test_taken(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof taken / sizeof *taken; i++) {
		struct phone p;
		int rc = phone_parse(taken[i].typed, &p);
		if (rc)
			fail_msg("refused: %s", taken[i].typed);
		if ((int)p.kind != (int)taken[i].kind || strcmp(p.e164, taken[i].e164) ||
		    strcmp(p.ext, taken[i].ext))
			fail_msg("%s read as kind %d %s ext '%s'", taken[i].typed, p.kind, p.e164,
				 p.ext);
	}
}

static void test_refused(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof refused / sizeof *refused; i++) {
		struct phone p;
		if (phone_parse(refused[i], &p) == 0)
			fail_msg("taken: '%s' as kind %d %s ext '%s'", refused[i], p.kind, p.e164,
				 p.ext);
	}
	assert_int_equal(phone_parse(NULL, NULL), -1);
	assert_int_equal(phone_parse("13800138000", NULL), 0);
}

/* Every prefix and every one-character change of a number that is taken
 * is read without fault (the sanitizer build watches), and whatever is
 * taken has an E.164 form of + and 7 to 15 digits. */
static void test_no_surprises(void **state)
{
	(void)state;
	const char *const seeds[] = {"+86 (0)755 1234 5678 转 123", "010-12345678-8001",
				     "+886 0912-345-678", "１３８"};
	const char alphabet[] = "0123456789+-() x#.";
	for (size_t s = 0; s < sizeof seeds / sizeof *seeds; s++) {
		char buf[64];
		size_t n = strlen(seeds[s]);
		for (size_t i = 0; i <= n; i++)
			for (size_t k = 0; k < sizeof alphabet; k++) {
				snprintf(buf, sizeof buf, "%s", seeds[s]);
				buf[i] = alphabet[k]; /* the last: the NUL, a prefix */
				struct phone p;
				if (phone_parse(buf, &p) == 0) {
					size_t len = strlen(p.e164);
					assert_true(p.e164[0] == '+' && len >= 8 && len <= 16);
					for (size_t d = 1; d < len; d++)
						assert_true(p.e164[d] >= '0' && p.e164[d] <= '9');
				}
			}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_taken),
		cmocka_unit_test(test_refused),
		cmocka_unit_test(test_no_surprises),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
