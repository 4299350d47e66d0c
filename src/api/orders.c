/*
 * orders.c - /api/v1/orders: the business's systems send their orders in
 * batches (a JSON array, all or nothing), for the repurchase figures
 * (GET /api/v1/stats/winback); /api/v1/orders/summary says what is there.
 */
#include "api.h"

#include <stdio.h>
#include <string.h>

#include "../util/clock.h"

#define ORDERS_BATCH_MAX 5000

struct orders_batch {
	struct api_act act;
	struct order *items;
	int n;
};

static int orders_batch_run(struct store_conn *c, struct api_act *j, struct kesu_err *err)
{
	struct orders_batch *p = (struct orders_batch *)j;
	int64_t created = 0;
	for (int i = 0; i < p->n; i++) {
		int fresh;
		if (store_order_put(c, &p->items[i], j->now, &fresh, err))
			return -(int)err->code;
		created += fresh;
	}
	j->status = 200;
	j->out = json_pack("{s:i,s:I,s:I}", "received", p->n, "created", (json_int_t)created,
			   "existing", (json_int_t)(p->n - created));
	return 0;
}

int orders_post(struct http_request *req)
{
	struct kesu_err err = {0};
	json_t *body = http_body_json(req, &err), *o;
	if (!body)
		return http_reply_error(req, &err);
	if (!json_is_array(body) || !json_array_size(body) ||
	    json_array_size(body) > ORDERS_BATCH_MAX)
		return api_fail(req, KE_WRONG_TYPE, "",
				"must be a list of 1 to 5000 orders: [{\"phone\": \"13800138000\","
				" \"order_no\": \"A1001\", \"at\": \"2026-12-01T10:15:00+08:00\","
				" \"amount_fen\": 12800}]");
	struct orders_batch *p =
		(struct orders_batch *)api_act_new(req, sizeof *p, orders_batch_run);
	struct arena *a = http_arena(req);
	p->n = (int)json_array_size(body);
	p->items = arena_alloc(a, sizeof *p->items * (size_t)p->n);
	int64_t now = clock_now_ms();
	size_t i;
	json_array_foreach(body, i, o) {
		struct kesu_err e = {0};
		if (order_from_json(o, now, a, &p->items[i], &e)) {
			/* the field as the batch names it: [3].at */
			char field[sizeof e.field + 32];
			snprintf(field, sizeof field, "[%zu]%s%s", i, e.field[0] ? "." : "", e.field);
			return api_fail(req, e.code, field, e.message);
		}
	}
	p->act.ref = NULL;
	return api_act_defer(req, &p->act);
}

int orders_summary(struct http_request *req)
{
	struct kesu_err err = {0};
	struct store_conn *c = http_reader(req, &err);
	struct order_summary s;
	if (!c || store_order_summary(c, &s, &err))
		return http_reply_error(req, &err);
	char first[40], last[40];
	return http_reply_json(
		req, 200,
		json_pack("{s:I,s:I,s:o,s:o}", "count", (json_int_t)s.count, "without_phone",
			  (json_int_t)s.without_phone, "first_at",
			  s.count ? json_string(clock_format(s.first_at, first, sizeof first))
				  : json_null(),
			  "last_at",
			  s.count ? json_string(clock_format(s.last_at, last, sizeof last))
				  : json_null()));
}
