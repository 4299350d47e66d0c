/*
 * timeline.c - a complaint's timeline: the events of everything that
 * happened to it, oldest first, paged; contact details in them masked
 * for a caller without pii.view. The timeline of a complaint others were
 * merged into holds theirs too (each such event with "from").
 */
#include "api.h"

#include <string.h>

/* A page ends after the event that brings its data to this many bytes,
 * whatever the limit: events are at most WF_EVENT_MAX each, so a page
 * costs a few megabytes at most. */
#define PAGE_BYTES (4u << 20)

/* At most this many duplicates are named as merged into one complaint. */
#define MERGED_MAX 50

int complaints_events(struct http_request *req)
{
	struct kesu_err err = {0};
	struct arena *a = http_arena(req);
	int limit;
	int64_t after = 0, unused;
	const char *cur = http_query(req, "cursor");
	if (api_limit(req, 100, 500, &limit, &err) ||
	    (cur && api_cursor_decode(cur, 'e', &unused, &after, &err)))
		return http_reply_error(req, &err);
	struct store_conn *c = http_reader(req, &err);
	struct complaint cp, *merged;
	struct event *items;
	const char **from;
	int n, nm;
	/* the duplicates merged into it join its timeline, each event saying
	 * which one it comes from */
	if (!c || api_complaint_visible(c, http_param(req, 0), http_principal(req), a, &cp, &err) ||
	    store_event_page_joined(c, cp.id, cp.tracking_no, after, limit + 1, PAGE_BYTES, a,
				    &items, &from, &n, &err) ||
	    store_merged_into(c, cp.tracking_no, MERGED_MAX, a, &merged, &nm, &err))
		return http_reply_error(req, &err);
	size_t bytes = 0;
	for (int i = 0; i < n; i++)
		bytes += strlen(items[i].data);
	int more = n > limit || bytes >= PAGE_BYTES;
	if (n > limit)
		n = limit;
	json_t *arr = json_array();
	for (int i = 0; i < n; i++) {
		json_t *e = api_event_json(http_principal(req), &items[i]);
		if (from[i])
			json_object_set_new(e, "from", json_string(from[i]));
		json_array_append_new(arr, e);
	}
	json_t *m = json_array();
	for (int i = 0; i < nm; i++)
		json_array_append_new(m, json_string(merged[i].tracking_no));
	const char *next = more ? api_cursor_encode(a, 'e', 0, items[n - 1].id) : NULL;
	return http_reply_json(req, 200, json_pack("{s:o,s:s?,s:o}", "items", arr, "next_cursor",
						   next, "merged", m));
}
