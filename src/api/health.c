/*
 * health.c - GET /healthz: whether the server can read its database. For
 * load balancers and monitoring, so it needs no token and says nothing
 * about the data. Of several nodes behind a load balancer, it names the node
 * that answered and says whether it runs the scheduler.
 */
#include "api.h"

#include "../version.h"
#include "../workflow/lease.h"

int health_get(struct http_request *req)
{
	struct kesu_err err = {0};
	struct store_conn *c = http_reader(req, &err);
	if (!c || store_ping(c, &err))
		return http_reply_error(req, &err);
	/* of several nodes behind one address: which this is, and whether it
	 * is the one that runs the scheduler (workflow/lease.h) */
	return http_reply_json(req, 200,
			       json_pack("{s:s,s:s,s:s,s:b}", "status", "ok", "version", KESU_VERSION,
					 "node", node_id(), "scheduler", node_is_scheduler()));
}
