/*
 * fuzz_mail.c - a raw message as the mail gateway hands it to mail_parse
 * (headers, MIME structure, transfer encodings, charsets, RFC 2047/2231
 * words, HTML bodies). The parser promises valid UTF-8 without NUL bytes
 * in every string it returns, and limits it keeps; both are checked.
 */
#include "../src/channels/mailparse.h"
#include "../src/text/text.h"
#include "fuzz.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc, (void)argv;
	mail_init();
	return 0;
}

static void check_text(const char *s)
{
	FUZZ_CHECK(!s || text_utf8_valid(s, strlen(s)));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* small limits, so that inputs of a few KiB reach them */
	const struct mail_limits lim = {.max_text = 2000, .max_attachment = 1024, .max_attachments = 3};
	struct arena *a = arena_new();
	struct parsed_mail pm;
	struct kesu_err err = {0};
	if (mail_parse((const char *)data, size, &lim, a, &pm, &err) == 0) {
		check_text(pm.message_id);
		check_text(pm.in_reply_to);
		for (int i = 0; i < pm.nreferences; i++)
			check_text(pm.references[i]);
		check_text(pm.from_name);
		check_text(pm.from_addr);
		check_text(pm.reply_to_addr);
		check_text(pm.return_path);
		check_text(pm.subject);
		check_text(pm.author_why);
		FUZZ_CHECK(pm.text != NULL);
		check_text(pm.text);
		FUZZ_CHECK(strlen(pm.text) <= lim.max_text);
		FUZZ_CHECK(pm.natt >= 0);
		int kept = 0;
		for (int i = 0; i < pm.natt; i++) {
			const struct mail_attachment *t = &pm.att[i];
			check_text(t->filename);
			check_text(t->content_type);
			if (!t->skipped) {
				kept++;
				FUZZ_CHECK(t->size <= lim.max_attachment);
				FUZZ_CHECK(t->data || !t->size);
			}
		}
		FUZZ_CHECK(kept <= lim.max_attachments);
	} else {
		FUZZ_CHECK(err.code != 0 && err.message[0]);
	}
	arena_free(a);
	return 0;
}
