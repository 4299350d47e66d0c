/*
 * stream.c - GET /api/v1/stream: the caller's live stream of changes to
 * the complaints they may read (src/http/stream.c keeps it).
 */
#include "api.h"

int stream_get(struct http_request *req)
{
	return http_reply_stream(req, http_header(req, "Last-Event-ID"));
}
