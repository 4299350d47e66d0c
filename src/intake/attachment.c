/*
 * attachment.c - a file a complaint takes in, from mail, staff or the
 * customer: its name made safe to keep and to offer for download, its
 * type read from its bytes (libmagic) rather than from what the sender
 * claimed, and the limits per complaint.
 */
#include "attachment.h"

#include <magic.h>
#include <pthread.h>
#include <sodium.h>
#include <string.h>
#include <utf8proc.h>

#include "../text/text.h"

/* Whether the len bytes at s are a format character (Unicode category
 * Cf): invisible, but able to change how the rest is shown. A right-to-
 * left override makes "invoice", U+202E, "gpj.exe" read "invoiceexe.jpg";
 * zero-width characters and marks make two names look the same. */
static int format_char(const char *s, size_t len)
{
	utf8proc_int32_t cp;
	utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)len, &cp);
	return n == (utf8proc_ssize_t)len && utf8proc_category(cp) == UTF8PROC_CATEGORY_CF;
}

const char *intake_filename(const char *raw, struct arena *a)
{
	if (!raw || !*raw)
		return "attachment";
	/* only the last path component, whichever separator the sender used */
	const char *base = raw;
	for (const char *p = raw; *p; p++)
		if (*p == '/' || *p == '\\')
			base = p + 1;
	size_t n = strlen(base);
	char *out = arena_alloc(a, n + 1);
	size_t k = 0;
	int chars = 0;
	for (size_t i = 0; i < n && chars < INTAKE_FILENAME_CHARS;) {
		unsigned char ch = (unsigned char)base[i];
		size_t len = ch < 0x80 ? 1 : ch < 0xe0 ? 2 : ch < 0xf0 ? 3 : 4;
		if (i + len > n || !text_utf8_valid(base + i, len)) {
			out[k++] = '_'; /* not UTF-8: replaced, never passed on */
			i++;
		} else if (len == 1 && (ch < 0x20 || ch == 0x7f || strchr("<>:\"|?*", ch))) {
			out[k++] = '_';
			i++;
		} else if (len > 1 && format_char(base + i, len)) {
			i += len; /* nothing to see, so nothing to replace it with */
			continue;
		} else {
			memcpy(out + k, base + i, len);
			k += len;
			i += len;
		}
		chars++;
	}
	out[k] = '\0';
	/* no hidden files, no names of only dots or spaces */
	char *s = out;
	while (*s == '.' || *s == ' ')
		s++;
	size_t m = strlen(s);
	while (m && (s[m - 1] == ' ' || s[m - 1] == '.'))
		s[--m] = '\0';
	return *s ? s : "attachment";
}

/* A libmagic cookie is not for two threads at once, and loading its
 * database costs milliseconds: one per thread, closed when the thread
 * ends. */
static pthread_key_t cookie_key;
static pthread_once_t cookie_once = PTHREAD_ONCE_INIT;

static void cookie_close(void *cookie)
{
	magic_close(cookie);
}

static void cookie_init(void)
{
	pthread_key_create(&cookie_key, cookie_close);
}

const char *intake_sniff(const void *data, size_t len, struct arena *a)
{
	pthread_once(&cookie_once, cookie_init);
	magic_t cookie = pthread_getspecific(cookie_key);
	if (!cookie) {
		cookie = magic_open(MAGIC_MIME_TYPE | MAGIC_NO_CHECK_COMPRESS | MAGIC_ERROR);
		if (cookie && magic_load(cookie, NULL) != 0) {
			magic_close(cookie);
			cookie = NULL;
		}
		if (cookie)
			pthread_setspecific(cookie_key, cookie);
	}
	const char *t = cookie && len ? magic_buffer(cookie, data, len) : NULL;
	return arena_strdup(a, t ? t : "application/octet-stream");
}

const char *intake_download_type(const char *sniffed)
{
	/* what a browser may open from a download without running anything;
	 * the rest is bytes to save */
	static const char *const plain[] = {"image/png", "image/jpeg", "image/gif", "image/webp",
					    "application/pdf", "text/plain", NULL};
	for (int i = 0; plain[i]; i++)
		if (strcmp(plain[i], sniffed) == 0)
			return sniffed;
	return "application/octet-stream";
}

int intake_attach(struct store_conn *c, struct attachment *t, struct kesu_err *err)
{
	int count;
	int64_t bytes;
	int rc = store_attachment_totals(c, t->complaint_id, NULL, &count, &bytes, err);
	if (rc)
		return rc;
	if (count >= INTAKE_ATTACHMENTS_MAX)
		return kesu_fail(err, KE_CONFLICT, "file",
				 "the complaint has %d attachments, the most it may carry", count);
	if (bytes + t->size > INTAKE_ATTACHMENT_BYTES_MAX)
		return kesu_fail(err, KE_CONFLICT, "file",
				 "the complaint's attachments would exceed %d MB",
				 INTAKE_ATTACHMENT_BYTES_MAX >> 20);
	if (t->source && strcmp(t->source, "portal") == 0) {
		if ((rc = store_attachment_totals(c, t->complaint_id, "portal", &count, &bytes, err)))
			return rc;
		if (count >= INTAKE_PORTAL_FILES_MAX)
			return kesu_fail(err, KE_BODY_TOO_LARGE, "file",
					 "at most %d files may be sent from the portal for one "
					 "complaint",
					 INTAKE_PORTAL_FILES_MAX);
		if (bytes + t->size > INTAKE_PORTAL_BYTES_MAX)
			return kesu_fail(err, KE_BODY_TOO_LARGE, "file",
					 "at most %d MB may be sent from the portal for one "
					 "complaint",
					 INTAKE_PORTAL_BYTES_MAX >> 20);
	}
	crypto_hash_sha256(t->sha256, t->data ? t->data : (const unsigned char *)"",
			   (unsigned long long)t->size);
	return store_attachment_insert(c, t, err);
}
