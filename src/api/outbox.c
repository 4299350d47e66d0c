/*
 * outbox.c - GET /api/v1/complaints/{ref}/outbox: the notices of one
 * complaint, to the customer and to staff, each with its deliveries.
 */
#include "channels_int.h"

#include <string.h>

#include "../http/auth.h"
#include "../util/clock.h"

int complaints_outbox(struct http_request *req)
{
	struct kesu_err err = {0};
	struct arena *a = http_arena(req);
	struct store_conn *c = http_reader(req, &err);
	struct complaint cp;
	struct outbox_item *items;
	int n;
	if (!c || api_complaint_visible(c, http_param(req, 0), http_principal(req), a, &cp, &err) ||
	    store_outbox_list(c, cp.id, 0, 200, a, &items, &n, &err))
		return http_reply_error(req, &err);
	int pii = authz_can(http_principal(req), P_PII_VIEW);
	struct delivery *dl;
	int nd, more;
	struct delivery_filter f = {.complaint_id = cp.id, .limit = 1000};
	if (store_delivery_list(c, &f, a, &dl, &nd, &more, &err))
		return http_reply_error(req, &err);
	json_t *arr = json_array();
	for (int i = 0; i < n; i++) {
		char at[40];
		json_t *d = json_loads(items[i].data, 0, NULL);
		json_t *sent = json_array();
		for (int k = nd - 1; k >= 0; k--)
			if (dl[k].outbox_id == items[i].id)
				json_array_append_new(sent, channel_delivery_json(&dl[k], pii, a));
		json_array_append_new(
			arr, json_pack("{s:I,s:s,s:s,s:s,s:s?,s:s?,s:s,s:s,s:o,s:o}", "id",
				       (json_int_t)items[i].id, "audience", items[i].audience,
				       "kind", items[i].kind, "channel", items[i].channel,
				       "recipient",
				       pii || strcmp(items[i].audience, "staff") == 0 ? items[i].recipient
										     : "***",
				       "language", items[i].language, "state", items[i].state,
				       "created_at", clock_format(items[i].created_at, at, sizeof at),
				       "data", d ? d : json_object(), "deliveries", sent));
	}
	return http_reply_json(req, 200, json_pack("{s:o}", "items", arr));
}
