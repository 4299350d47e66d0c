/*
 * queues.c - finding complaints: lists filtered and searched (Chinese
 * search on one- and two-character queries), paged with cursors, in the
 * agents' queues and orders, and how many wait in each queue.
 */
#include "api.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../http/auth.h"
#include "../text/text.h"
#include "../util/clock.h"

static int time_param(struct http_request *req, const char *name, int64_t *out,
		      struct kesu_err *err)
{
	const char *v = http_query(req, name);
	*out = 0;
	if (v && clock_parse_instant(v, out))
		return kesu_fail(err, KE_INVALID_VALUE, name,
				 "must be a date (2026-11-01) or an RFC 3339 date-time");
	return 0;
}

static int newer_first(const void *x, const void *y)
{
	const struct complaint *a = x, *b = y;
	if (a->created_at != b->created_at)
		return a->created_at > b->created_at ? -1 : 1;
	return a->id > b->id ? -1 : a->id < b->id;
}

static char cursor_tag(const struct complaint_filter *f)
{
	return f->fts ? 's' : f->sort == SORT_OLDEST ? 'o' : 'c';
}

/* Lists what the caller may see. A caller bound to teams gets each team's
 * page from its own (team_id, created_at) index, merged here: one ordered
 * index range per team instead of sorting every complaint of the teams.
 * Search keeps one query (it is ordered by the index of matches), and so
 * do the other orders. */
static int list_visible(struct store_conn *c, const struct principal *p,
			struct complaint_filter *f, struct arena *a, struct complaint **items,
			int *n, int *more, struct kesu_err *err)
{
	if (authz_can(p, P_ALL_TEAMS))
		return store_complaint_list(c, f, a, items, n, more, err);
	if (f->team_id) {
		/* a team filter names one of the caller's teams, or nothing */
		if (!authz_team(p, f->team_id))
			goto empty;
		return store_complaint_list(c, f, a, items, n, more, err);
	}
	if (p->nteams == 0)
		goto empty;
	if (f->fts || p->nteams == 1 || f->sort != SORT_NEWEST) {
		if (f->fts || p->nteams > 1)
			f->teams_of = p->user_id;
		else
			f->team_id = p->teams[0];
		return store_complaint_list(c, f, a, items, n, more, err);
	}
	struct complaint *all = arena_alloc(a, sizeof *all * (size_t)p->nteams *
						       (size_t)(f->limit + 1));
	int total = 0;
	*more = 0;
	for (int t = 0; t < p->nteams; t++) {
		struct complaint *part;
		int k, m;
		f->team_id = p->teams[t];
		if (store_complaint_list(c, f, a, &part, &k, &m, err))
			return -err->code;
		memcpy(all + total, part, sizeof *part * (size_t)k);
		total += k;
		*more |= m; /* that team has more than a page */
	}
	f->team_id = 0;
	qsort(all, (size_t)total, sizeof *all, newer_first);
	*items = all;
	*n = total < f->limit ? total : f->limit;
	*more = *more || total > f->limit;
	return 0;
empty:
	*items = NULL;
	*n = *more = 0;
	return 0;
}

int complaints_list(struct http_request *req)
{
	struct kesu_err err = {0};
	struct arena *a = http_arena(req);
	struct complaint_filter f = {0};
	const char *v;
	if (api_enum_param(req, "status", en_status, &f.status, &err) ||
	    api_enum_param(req, "channel", complaint_fields[CF_CHANNEL].values, &f.channel, &err) ||
	    api_enum_param(req, "severity", complaint_fields[CF_SEVERITY].values, &f.severity,
		       &err) ||
	    time_param(req, "since", &f.since_ms, &err) ||
	    time_param(req, "until", &f.until_ms, &err) ||
	    api_limit(req, 50, 200, &f.limit, &err))
		return http_reply_error(req, &err);
	if (api_text_param(req, "category", 64, &f.category, &err))
		return http_reply_error(req, &err);
	if ((v = http_query(req, "team")) && api_id(v, &f.team_id, &err)) {
		kesu_fail(&err, KE_INVALID_VALUE, "team", "must be a team id");
		return http_reply_error(req, &err);
	}
	if ((v = http_query(req, "customer")) && api_id(v, &f.customer_id, &err)) {
		kesu_fail(&err, KE_INVALID_VALUE, "customer", "must be a customer id");
		return http_reply_error(req, &err);
	}
	if ((v = http_query(req, "q")) && *v) {
		if (text_utf8_length(v) > 200) {
			kesu_fail(&err, KE_TOO_LONG, "q", "is longer than 200 characters");
			return http_reply_error(req, &err);
		}
		if (!(f.fts = store_search_expr(v, a, &err)))
			return http_reply_error(req, &err);
	}
	const char *queue, *sort;
	if (api_enum_param(req, "queue", en_queue, &queue, &err) ||
	    api_enum_param(req, "sort", en_sort, &sort, &err))
		return http_reply_error(req, &err);
	f.queue = queue ? enum_index(en_queue, queue) : Q_ALL;
	/* domain.md 6: the follow-up is the supervisors' duty; others find
	 * these complaints in their team's queue */
	if (f.queue == Q_FOLLOW_UP && !authz_can(http_principal(req), P_FOLLOW_UP_DUTY))
		return api_fail(req, KE_FORBIDDEN, "queue",
				"the follow_up queue (待回访) is the supervisors' work list (needs "
				"follow_up.duty): the complaints awaiting follow-up are in the team queue");
	f.sort = sort ? enum_index(en_sort, sort) : SORT_NEWEST;
	f.user_id = http_principal(req)->user_id;
	f.now_ms = clock_now_ms();
	struct store_conn *c = http_reader(req, &err);
	if (!c)
		return http_reply_error(req, &err);
	if ((v = http_query(req, "view"))) {
		/* a saved view's filters stand in for these */
		static const char *const own[] = {"status", "channel", "severity", "category",
						  "queue", NULL};
		for (int i = 0; own[i]; i++)
			if (http_query(req, own[i]))
				return api_fail(req, KE_INVALID_VALUE, own[i],
						"is set by the saved view: leave it out with view");
		struct saved_view sv;
		if (api_view_load(c, v, http_principal(req), a, &sv, &err)) {
			snprintf(err.field, sizeof err.field, "view");
			return http_reply_error(req, &err);
		}
		json_t *o = json_loads(sv.filters, 0, NULL);
		int rc = api_view_filters(o, f.user_id, a, &f, &err);
		json_decref(o);
		if (rc)
			return http_reply_error(req, &err);
	}
	if ((v = http_query(req, "cursor"))) {
		int64_t x, y;
		/* each order has its own kind of cursor; by deadline, two */
		if (f.sort == SORT_DUE && !f.fts) {
			f.due_rest = api_cursor_decode(v, 'd', &x, &y, &err) != 0;
			if (f.due_rest && api_cursor_decode(v, 'r', &x, &y, &err))
				return http_reply_error(req, &err);
		} else if (api_cursor_decode(v, cursor_tag(&f), &x, &y, &err)) {
			return http_reply_error(req, &err);
		}
		f.has_cursor = 1;
		f.cursor_created = f.cursor_due = x;
		f.cursor_id = y;
	}
	struct complaint *items;
	int n, more;
	if (f.fts && store_search_settle(http_store(req), c, &err))
		return http_reply_error(req, &err);
	if (list_visible(c, http_principal(req), &f, a, &items, &n, &more, &err))
		return http_reply_error(req, &err);
	json_t *arr = json_array();
	for (int i = 0; i < n; i++) {
		const struct complaint *it = &items[i];
		json_t *o = api_complaint_json(http_principal(req), it, NULL, a);
		char due[40];
		/* the earliest due time of the clocks it still owes, and whether
		 * one of them is past it (breached, or due before the scheduler
		 * has seen it) */
		int over = it->due_at && (it->late || it->due_at <= f.now_ms);
		json_t *at = it->due_at ? json_string(clock_format(it->due_at, due, sizeof due))
					: json_null();
		json_object_set_new(o, "next_due_at", at);
		json_object_set_new(o, "breached", json_boolean(over));
		json_object_set_new(o, "overdue_clock",
				    over && it->due_clock ? json_string(it->due_clock) : json_null());
		json_object_set_new(o, "overdue_since", over ? json_copy(at) : json_null());
		json_array_append_new(arr, o);
	}
	const char *next = NULL;
	if (more && n > 0) {
		const struct complaint *last = &items[n - 1];
		if (f.fts)
			next = api_cursor_encode(a, 's', 0, last->id);
		else if (f.sort == SORT_DUE && last->due_at)
			next = api_cursor_encode(a, 'd', last->due_at, last->id);
		else if (f.sort == SORT_DUE)
			next = api_cursor_encode(a, 'r', last->created_at, last->id);
		else
			next = api_cursor_encode(a, cursor_tag(&f), last->created_at, last->id);
	}
	return http_reply_json(req, 200, json_pack("{s:o,s:s?}", "items", arr,
						   "next_cursor", next));
}

/* The queues' counts, exact up to QUEUE_CAP: enough to see how much work
 * waits without counting a million rows at every refresh. */
#define QUEUE_CAP 10000

int complaints_queues(struct http_request *req)
{
	struct kesu_err err = {0};
	const struct principal *p = http_principal(req);
	struct store_conn *c = http_reader(req, &err);
	if (!c)
		return http_reply_error(req, &err);
	int all = authz_can(p, P_ALL_TEAMS);
	json_t *items = json_array();
	for (int q = Q_MINE; q < Q__COUNT; q++) {
		if (q == Q_FOLLOW_UP && !authz_can(p, P_FOLLOW_UP_DUTY))
			continue; /* the supervisors' queue: not the caller's work */
		struct complaint_filter f = {.queue = q, .user_id = p->user_id,
					     .now_ms = clock_now_ms(),
					     .teams_of = all ? 0 : p->user_id};
		int n = 0;
		if ((all || p->nteams > 0) && store_complaint_count_upto(c, &f, QUEUE_CAP, &n, &err)) {
			json_decref(items);
			return http_reply_error(req, &err);
		}
		json_array_append_new(items, json_pack("{s:s,s:i,s:b}", "name", en_queue[q].name,
						       "count", n > QUEUE_CAP ? QUEUE_CAP : n,
						       "capped", n > QUEUE_CAP));
	}
	char now[40];
	return http_reply_json(req, 200, json_pack("{s:o,s:i,s:s}", "items", items, "cap", QUEUE_CAP,
						   "at", clock_format(clock_now_ms(), now, sizeof now)));
}

