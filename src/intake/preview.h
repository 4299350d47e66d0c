/*
 * preview.h - a picture of a file that no browser should open itself: the
 * first page of a PDF as a PNG, drawn by poppler's pdftoppm in a process
 * of its own, under limits, so that a hostile PDF costs a child process
 * and never the server.
 */
#ifndef KESU_INTAKE_PREVIEW_H
#define KESU_INTAKE_PREVIEW_H

#include <stddef.h>

#include "../util/arena.h"
#include "../util/err.h"

#define PREVIEW_WIDTH 1000		/* pixels across: enough to read a receipt */
#define PREVIEW_MAX_BYTES (8u << 20)	/* a PNG larger than this is refused */

/* Draws page 1 of pdf into *png (allocated in a). KE_NOT_FOUND when it
 * cannot be drawn (not a PDF poppler reads, too slow, too large, no
 * pdftoppm on the machine): the file is still there to download. */
int preview_pdf_png(const void *pdf, size_t len, struct arena *a, unsigned char **png,
		    size_t *png_len, struct kesu_err *err);

#endif
