/*
 * test_attachment.c - the names attached files are kept under
 * (src/intake/attachment.c): the characters that change how a name is
 * shown without being seen themselves are gone.
 */
#include "unit.h"

#include <stdio.h>

#include "intake/attachment.h"
#include "util/arena.h"

static struct arena *A;

static int setup(void **state)
{
	(void)state;
	A = arena_new();
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	arena_free(A);
	return 0;
}

/* "invoice", RIGHT-TO-LEFT OVERRIDE, "gpj.exe" is shown as "invoiceexe.jpg":
 * the override goes, and the name reads as the program it is. */
static void a_direction_override_goes(void **state)
{
	(void)state;
	assert_string_equal(intake_filename("invoice\xe2\x80\xaegpj.exe", A), "invoicegpj.exe");
	assert_string_equal(intake_filename("\xe2\x80\xae" "fdp.scr", A), "fdp.scr");
}

/* Every format character (general category Cf), not a list of them: the
 * bidi embeddings, overrides and isolates, the marks, the zero-width
 * characters, the byte order mark and the soft hyphen. */
static void format_characters_go(void **state)
{
	(void)state;
	static const char *const cf[] = {
		"\xe2\x80\xaa", "\xe2\x80\xab", "\xe2\x80\xac", "\xe2\x80\xad", /* U+202A-U+202D */
		"\xe2\x81\xa6", "\xe2\x81\xa7", "\xe2\x81\xa8", "\xe2\x81\xa9", /* U+2066-U+2069 */
		"\xe2\x80\x8e", "\xe2\x80\x8f",				/* LRM, RLM */
		"\xe2\x80\x8b", "\xe2\x80\x8c", "\xe2\x80\x8d",			/* ZWSP, ZWNJ, ZWJ */
		"\xe2\x81\xa0", "\xef\xbb\xbf", "\xc2\xad",			/* WJ, BOM, SHY */
		"\xd8\x9c",							/* ALM, U+061C */
		"\xf3\xa0\x80\x81",						/* LANGUAGE TAG, U+E0001 */
	};
	for (size_t i = 0; i < sizeof cf / sizeof *cf; i++) {
		char raw[64];
		snprintf(raw, sizeof raw, "发%s票%s.pdf", cf[i], cf[i]);
		assert_string_equal(intake_filename(raw, A), "发票.pdf");
	}
	/* a name of nothing else is no name */
	assert_string_equal(intake_filename("\xe2\x80\xae\xe2\x80\x8b", A), "attachment");
}

/* What only looks alike stays: letters of right-to-left scripts, other
 * spaces, and the joiners inside the words are not format characters. */
static void letters_of_every_script_stay(void **state)
{
	(void)state;
	assert_string_equal(intake_filename("\xd9\x81\xd8\xa7\xd8\xaa\xd9\x88\xd8\xb1\xd8\xa9.pdf", A),
			    "\xd9\x81\xd8\xa7\xd8\xaa\xd9\x88\xd8\xb1\xd8\xa9.pdf"); /* فاتورة.pdf */
	assert_string_equal(intake_filename("\xd7\x97\xd7\xa9\xd7\x91\xd7\x95\xd7\x9f.txt", A),
			    "\xd7\x97\xd7\xa9\xd7\x91\xd7\x95\xd7\x9f.txt"); /* חשבון.txt */
	assert_string_equal(intake_filename("收据\xe3\x80\x80二.jpg", A), "收据\xe3\x80\x80二.jpg");
	assert_string_equal(intake_filename("caf\xc3\xa9 menu.pdf", A), "caf\xc3\xa9 menu.pdf");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(a_direction_override_goes),
		cmocka_unit_test(format_characters_go),
		cmocka_unit_test(letters_of_every_script_stay),
	};
	return cmocka_run_group_tests_name("attachment", tests, setup, teardown);
}
