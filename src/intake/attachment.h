/*
 * attachment.h - files complaints carry (see attachment.c).
 */
#ifndef KESU_ATTACHMENT_H
#define KESU_ATTACHMENT_H

#include <stddef.h>

#include "../store/store.h"

#define INTAKE_FILENAME_CHARS 120
#define INTAKE_ATTACHMENTS_MAX 50		      /* per complaint */
#define INTAKE_ATTACHMENT_BYTES_MAX (200 << 20)	      /* per complaint */
/* What the anonymous portal may add to one complaint: staff may add more. */
#define INTAKE_PORTAL_FILES_MAX 10
#define INTAKE_PORTAL_BYTES_MAX (30 << 20)

/* A file name safe to store and to offer: the last path component, valid
 * UTF-8 (Chinese kept), no control characters or <>:"|?*, no format
 * characters (bidi overrides, zero-width characters: category Cf), no
 * leading dots, at most INTAKE_FILENAME_CHARS characters; "attachment" if
 * nothing is left. In a. */
const char *intake_filename(const char *raw, struct arena *a);
/* What the bytes are ("image/jpeg"), read by libmagic; in a. */
const char *intake_sniff(const void *data, size_t len, struct arena *a);
/* The Content-Type a download of a file of this sniffed type is served
 * with: the type itself for a few inert ones, else
 * application/octet-stream. */
const char *intake_download_type(const char *sniffed);
/* Stores t (complaint_id, filename, content_type, data, size, source,
 * created_by, created_at set) within the per-complaint limits (KE_CONFLICT
 * naming "file" beyond them); fills t->id and t->sha256. In a job. */
int intake_attach(struct store_conn *c, struct attachment *t, struct kesu_err *err);

#endif
