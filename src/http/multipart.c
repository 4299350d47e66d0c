/*
 * multipart.c - the parts of an upload route's multipart/form-data body,
 * parsed by libmicrohttpd's post processor from the body as received,
 * bounded in number (HTTP_PARTS_MAX), copied into the request's arena.
 */
#include "http_int.h"

#include <string.h>

struct parts_ctx {
	struct http_request *req;
	struct http_part *parts;
	int max, n, overflow;
	size_t *cap;
};

static enum MHD_Result part_cb(void *cls, enum MHD_ValueKind kind, const char *key,
			       const char *filename, const char *content_type,
			       const char *transfer_encoding, const char *data, uint64_t off,
			       size_t size)
{
	(void)kind, (void)transfer_encoding;
	struct parts_ctx *x = cls;
	struct http_part *p = x->n ? &x->parts[x->n - 1] : NULL;
	/* a new part starts at offset 0 (a part may come in several pieces) */
	if (!p || off == 0 || strcmp(p->name, key ? key : "") != 0) {
		if (x->n == x->max) {
			x->overflow = 1;
			return MHD_NO;
		}
		p = &x->parts[x->n];
		memset(p, 0, sizeof *p);
		p->name = arena_strdup(x->req->arena, key ? key : "");
		p->filename = filename ? arena_strdup(x->req->arena, filename) : NULL;
		p->content_type = content_type ? arena_strdup(x->req->arena, content_type) : NULL;
		x->cap[x->n] = 0;
		x->n++;
	}
	size_t *cap = &x->cap[x->n - 1];
	if (p->len + size + 1 > *cap) {
		size_t c = *cap ? *cap : 4096;
		while (c < p->len + size + 1)
			c *= 2;
		char *grown = arena_alloc(x->req->arena, c);
		if (p->len)
			memcpy(grown, p->data, p->len);
		p->data = grown;
		*cap = c;
	}
	memcpy((char *)p->data + p->len, data, size);
	p->len += size;
	((char *)p->data)[p->len] = '\0';
	return MHD_YES;
}

int http_body_parts(struct http_request *req, struct http_part *parts, int max, int *n,
		    struct kesu_err *err)
{
	size_t cap[HTTP_PARTS_MAX] = {0};
	struct parts_ctx x = {req, parts, max < HTTP_PARTS_MAX ? max : HTTP_PARTS_MAX, 0, 0, cap};
	*n = 0;
	struct MHD_PostProcessor *pp = MHD_create_post_processor(req->conn, 64 * 1024, part_cb, &x);
	if (!pp)
		return kesu_fail(err, KE_MEDIA_TYPE, "Content-Type",
				 "must be multipart/form-data with a boundary");
	enum MHD_Result ok = MHD_post_process(pp, req->body ? req->body : "", req->body_len);
	MHD_destroy_post_processor(pp);
	if (x.overflow)
		return kesu_fail(err, KE_INVALID_VALUE, "", "the form has more than %d parts", x.max);
	if (ok != MHD_YES)
		return kesu_fail(err, KE_INVALID_VALUE, "", "the multipart body is malformed");
	*n = x.n;
	return 0;
}
