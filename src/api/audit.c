/*
 * audit.c - /api/v1/audit: the security log, and verification of the two
 * hash chains (the same walk as `kesu audit verify`).
 */
#include "api.h"

#include <sodium.h>
#include <string.h>

#include "../util/clock.h"

int audit_security(struct http_request *req)
{
	struct kesu_err err = {0};
	struct arena *a = http_arena(req);
	int limit;
	int64_t before = 0, unused;
	const char *cur = http_query(req, "cursor");
	const char *kind = http_query(req, "kind");
	if (api_limit(req, 100, 500, &limit, &err) ||
	    (cur && api_cursor_decode(cur, 'a', &unused, &before, &err)))
		return http_reply_error(req, &err);
	if (kind && strlen(kind) > 32) {
		kesu_fail(&err, KE_TOO_LONG, "kind", "is longer than 32 characters");
		return http_reply_error(req, &err);
	}
	struct store_conn *c = http_reader(req, &err);
	struct security_event *items;
	int n;
	if (!c || store_security_list(c, kind, before, limit + 1, a, &items, &n, &err))
		return http_reply_error(req, &err);
	int more = n > limit;
	if (more)
		n = limit;
	json_t *arr = json_array();
	for (int i = 0; i < n; i++) {
		char at[40];
		json_t *d = json_loads(items[i].data, 0, NULL);
		json_array_append_new(
			arr, json_pack("{s:I,s:s,s:s,s:s,s:s?,s:s?,s:o}", "id",
				       (json_int_t)items[i].id, "at",
				       clock_format(items[i].at, at, sizeof at), "actor",
				       items[i].actor, "kind", items[i].kind, "address",
				       items[i].address, "target", items[i].target, "data",
				       d ? d : json_object()));
	}
	const char *next = more ? api_cursor_encode(a, 'a', 0, items[n - 1].id) : NULL;
	return http_reply_json(req, 200, json_pack("{s:o,s:s?}", "items", arr,
						   "next_cursor", next));
}

int audit_verify(struct http_request *req)
{
	struct kesu_err err = {0};
	struct audit_report r[2];
	if (store_audit_verify(http_store(req), r, &err))
		return http_reply_error(req, &err);
	json_t *chains = json_array();
	int sound = 1;
	for (int i = 0; i < 2; i++) {
		char head[65];
		sodium_bin2hex(head, sizeof head, r[i].head, sizeof r[i].head);
		sound &= r[i].bad_id == 0;
		json_array_append_new(
			chains, json_pack("{s:s,s:I,s:b,s:o,s:s?,s:s}", "chain", r[i].chain,
					  "records", (json_int_t)r[i].records, "sound",
					  r[i].bad_id == 0, "first_bad_id",
					  r[i].bad_id ? json_integer(r[i].bad_id) : json_null(),
					  "problem", r[i].bad_id ? r[i].problem : NULL, "head", head));
	}
	return http_reply_json(req, 200, json_pack("{s:b,s:o}", "sound", sound, "chains", chains));
}
