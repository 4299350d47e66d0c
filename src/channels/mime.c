/*
 * mime.c - kesu's outgoing mail as proper MIME, built by GMime: UTF-8
 * text/plain, RFC 2047 encoded words for Chinese subjects and names, and
 * headers that no value can break out of.
 */
#include "channels_int.h"

#include <gmime/gmime.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *ch_one_line(const char *s, struct arena *a)
{
	if (!s)
		return NULL;
	char *o = arena_strdup(a, s);
	for (char *p = o; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			*p = ' ';
	return o;
}

const char *ch_mailbox_addr(const char *mailbox, struct arena *a)
{
	if (!mailbox)
		return NULL;
	const char *lt = strrchr(mailbox, '<');
	if (!lt)
		return arena_strdup(a, mailbox);
	size_t n = strcspn(lt + 1, ">");
	return arena_strndup(a, lt + 1, n);
}

/* An addr-spec safe to put in a header and an envelope: one @, no spaces,
 * no characters with a meaning in headers. */
static int addr_ok(const char *s)
{
	const char *at = s ? strchr(s, '@') : NULL;
	if (!at || at == s || !at[1] || strchr(at + 1, '@') || strlen(s) > 254)
		return 0;
	for (const char *p = s; *p; p++)
		if ((unsigned char)*p <= ' ' || *p == 0x7f || strchr("<>(),;:\\\"[]", *p))
			return 0;
	return 1;
}

static int add_mailbox(GMimeMessage *msg, GMimeAddressType type, const char *mailbox,
		       struct arena *a)
{
	const char *addr = ch_mailbox_addr(mailbox, a);
	if (!addr_ok(addr))
		return -1;
	const char *lt = strrchr(mailbox, '<');
	char *name = lt ? arena_strndup(a, mailbox, (size_t)(lt - mailbox)) : NULL;
	if (name) {
		size_t n = strlen(name);
		while (n && name[n - 1] == ' ')
			name[--n] = '\0';
		if (n >= 2 && name[0] == '"' && name[n - 1] == '"') {
			name[n - 1] = '\0';
			name++;
		}
	}
	g_mime_message_add_mailbox(msg, type, name && *name ? ch_one_line(name, a) : NULL, addr);
	return 0;
}

char *ch_mail_build(const struct ch_mail *m, size_t *len, struct kesu_err *err)
{
	struct arena *a = arena_new();
	GMimeMessage *msg = g_mime_message_new(TRUE);
	char *out = NULL;
	if (add_mailbox(msg, GMIME_ADDRESS_TYPE_FROM, m->from, a) ||
	    (m->reply_to && add_mailbox(msg, GMIME_ADDRESS_TYPE_REPLY_TO, m->reply_to, a))) {
		kesu_fail(err, KE_INVALID_VALUE, "email.from", "is not a usable address");
		goto done;
	}
	if (!addr_ok(m->to_addr)) {
		kesu_fail(err, KE_INVALID_VALUE, "recipient", "is not a usable e-mail address");
		goto done;
	}
	g_mime_message_add_mailbox(msg, GMIME_ADDRESS_TYPE_TO,
				   m->to_name ? ch_one_line(m->to_name, a) : NULL, m->to_addr);
	g_mime_message_set_subject(msg, ch_one_line(m->subject ? m->subject : "", a), "utf-8");
	GDateTime *when = g_date_time_new_from_unix_utc(m->date_ms / 1000);
	g_mime_message_set_date(msg, when);
	g_date_time_unref(when);
	g_mime_message_set_message_id(msg, m->message_id);
	GMimeObject *o = GMIME_OBJECT(msg);
	if (m->thread_id) {
		char *ref = arena_printf(a, "<%s>", m->thread_id);
		g_mime_object_set_header(o, "In-Reply-To", ref, NULL);
		g_mime_object_set_header(o, "References", ref, NULL);
	}
	/* RFC 3834: this is a machine's mail; well-behaved auto-responders
	 * stay quiet, and our own gateway never answers it */
	g_mime_object_set_header(o, "Auto-Submitted", "auto-generated", NULL);
	g_mime_object_set_header(o, "X-Auto-Response-Suppress", "All", NULL);
	if (m->tracking_no)
		g_mime_object_set_header(o, "X-Kesu-Tracking", ch_one_line(m->tracking_no, a), NULL);
	GMimeTextPart *part = g_mime_text_part_new_with_subtype("plain");
	g_mime_text_part_set_charset(part, "utf-8");
	g_mime_text_part_set_text(part, m->text ? m->text : "");
	/* quoted-printable keeps ASCII readable, base64 is shorter for Chinese:
	 * GMime picks by content under a 7-bit constraint */
	g_mime_object_encode(GMIME_OBJECT(part), GMIME_ENCODING_CONSTRAINT_7BIT);
	if (m->att_data) {
		/* multipart/mixed: the text, then the file, base64 */
		GMimeMultipart *mixed = g_mime_multipart_new_with_subtype("mixed");
		g_mime_multipart_add(mixed, GMIME_OBJECT(part));
		char type[128];
		snprintf(type, sizeof type, "%s", m->att_type ? m->att_type : "application/octet-stream");
		char *semi = strchr(type, ';');
		if (semi)
			*semi = '\0';
		char *slash = strchr(type, '/');
		GMimePart *file = slash ? (*slash = '\0', g_mime_part_new_with_type(type, slash + 1))
				       : g_mime_part_new_with_type("application", "octet-stream");
		g_mime_part_set_filename(file, ch_one_line(m->att_name ? m->att_name : "attachment", a));
		GMimeStream *st = g_mime_stream_mem_new_with_buffer(m->att_data, m->att_len);
		GMimeDataWrapper *w = g_mime_data_wrapper_new_with_stream(st, GMIME_CONTENT_ENCODING_DEFAULT);
		g_mime_part_set_content(file, w);
		g_mime_part_set_content_encoding(file, GMIME_CONTENT_ENCODING_BASE64);
		g_object_unref(w);
		g_object_unref(st);
		g_mime_multipart_add(mixed, GMIME_OBJECT(file));
		g_object_unref(file);
		g_mime_message_set_mime_part(msg, GMIME_OBJECT(mixed));
		g_object_unref(mixed);
	} else {
		g_mime_message_set_mime_part(msg, GMIME_OBJECT(part));
	}
	g_object_unref(part);
	GMimeFormatOptions *fo = g_mime_format_options_new();
	g_mime_format_options_set_newline_format(fo, GMIME_NEWLINE_FORMAT_DOS);
	char *s = g_mime_object_to_string(o, fo);
	g_mime_format_options_free(fo);
	*len = strlen(s);
	out = malloc(*len + 1);
	memcpy(out, s, *len + 1);
	g_free(s);
done:
	g_object_unref(msg);
	arena_free(a);
	return out;
}
