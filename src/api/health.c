/*
 * health.c - GET /healthz: whether the server can read its database. For
 * load balancers and monitoring, so it needs no token and says nothing
 * about the data.
 */
#include "api.h"

#include "../version.h"

int health_get(struct http_request *req)
{
	struct kesu_err err = {0};
	struct store_conn *c = http_reader(req, &err);
	if (!c || store_ping(c, &err))
		return http_reply_error(req, &err);
	return http_reply_json(req, 200, json_pack("{s:s,s:s}", "status", "ok", "version",
						   KESU_VERSION));
}
