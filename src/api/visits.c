/*
 * visits.c - the key customers' visits (domain.md 6): a customer's, the
 * supervisors' list with how many are due, and what came of one.
 */
#include "api.h"

#include <string.h>

#include "../http/auth.h"
#include "../util/clock.h"

/* How many due visits the list counts exactly: enough to see the work. */
#define DUE_CAP 1000

/* The end of today in the business zone: a visit is due on its day. */
static int64_t end_of_day(int64_t ms)
{
	return cal_day_start(cal_day_of(ms) + 1);
}

int customers_visits(struct http_request *req)
{
	struct kesu_err err = {0};
	struct arena *a = http_arena(req);
	const struct principal *p = http_principal(req);
	struct visit_filter f = {.limit = 100};
	struct customer cu;
	struct visit *items;
	int n, more;
	if (api_id(http_param(req, 0), &f.customer_id, &err))
		return http_reply_error(req, &err);
	if (!authz_can(p, P_ALL_TEAMS))
		f.teams_of = p->user_id;
	struct store_conn *c = http_reader(req, &err);
	if (!c || store_customer_get(c, f.customer_id, a, &cu, &err) ||
	    api_customer_visible(req, c, f.customer_id, &err) ||
	    store_visits_list(c, &f, a, &items, &n, &more, &err))
		return http_reply_error(req, &err);
	json_t *arr = json_array();
	int64_t now = clock_now_ms();
	for (int i = 0; i < n; i++)
		json_array_append_new(arr, api_visit_json(&items[i], now));
	return http_reply_json(req, 200, json_pack("{s:o}", "items", arr));
}

int visits_list(struct http_request *req)
{
	struct kesu_err err = {0};
	struct arena *a = http_arena(req);
	const struct principal *p = http_principal(req);
	struct visit_filter f = {0};
	const char *state = http_query(req, "state"), *due = http_query(req, "due"), *v;
	int64_t now = clock_now_ms();
	if (api_limit(req, 50, 200, &f.limit, &err))
		return http_reply_error(req, &err);
	if (state && strcmp(state, "open") == 0)
		f.open = 1;
	else if (state && enum_index(en_visit_state, state) < 0)
		return api_fail(req, KE_INVALID_VALUE, "state",
				"must be planned, missed, done or open (planned or missed)");
	else
		f.state = state;
	if (due) {
		int64_t day;
		if (clock_check_date(due) || clock_parse_instant(due, &day))
			return api_fail(req, KE_INVALID_VALUE, "due",
					"must be a date (2026-12-31): the visits due by its end");
		f.until = end_of_day(day);
	}
	if ((v = http_query(req, "cursor"))) {
		if (api_cursor_decode(v, 'v', &f.cursor_due, &f.cursor_id, &err))
			return http_reply_error(req, &err);
	}
	if (!authz_can(p, P_ALL_TEAMS))
		f.teams_of = p->user_id;
	struct store_conn *c = http_reader(req, &err);
	struct visit *items;
	int n, more, due_n = 0;
	/* the work waiting: not done, and due by the end of today */
	if (!c || store_visits_list(c, &f, a, &items, &n, &more, &err) ||
	    store_visits_due_count(c, f.teams_of, end_of_day(now), DUE_CAP, &due_n, &err))
		return http_reply_error(req, &err);
	json_t *arr = json_array();
	for (int i = 0; i < n; i++)
		json_array_append_new(arr, api_visit_json(&items[i], now));
	const char *next = more && n ? api_cursor_encode(a, 'v', items[n - 1].due_at,
							 items[n - 1].id)
				     : NULL;
	return http_reply_json(req, 200,
			       json_pack("{s:o,s:s?,s:i,s:b}", "items", arr, "next_cursor", next,
					 "due_count", due_n > DUE_CAP ? DUE_CAP : due_n, "due_capped",
					 due_n > DUE_CAP));
}

struct visit_act {
	struct api_act act;
	struct visit v;
	const char *outcome;
	int64_t at;
};

static int record(struct store_conn *c, struct api_act *j, struct kesu_err *err)
{
	struct visit_act *p = (struct visit_act *)j;
	int rc = store_visit_get(c, j->id, j->a, &p->v, err);
	/* another team's visit answers as if it did not exist */
	if (!rc && !authz_team(&j->who, p->v.team_id))
		rc = kesu_fail(err, KE_NOT_FOUND, "", "no visit %lld", (long long)j->id);
	if (!rc)
		rc = wf_visit_record(c, &p->v, p->outcome, p->at ? p->at : j->now, &j->as, j->now,
				     err);
	if (!rc)
		j->out = api_visit_json(&p->v, j->now);
	return rc;
}

int visits_outcome(struct http_request *req)
{
	static const char *const keys[] = {"outcome", "at", NULL};
	static const struct field_def what = {NULL, "outcome", "outcome", FK_MULTILINE, 2000, NULL,
					      "what the customer said"};
	struct kesu_err err = {0};
	json_t *body = api_body(req, keys, &err);
	struct visit_act *p = (struct visit_act *)api_act_new(req, sizeof *p, record);
	const char *at;
	p->act.ref = NULL; /* the visit names its complaint */
	p->act.status = 200;
	if (!body || api_id(http_param(req, 0), &p->act.id, &err) ||
	    field_check(&what, json_object_get(body, "outcome"), p->act.now, p->act.a, &p->outcome,
			&err) ||
	    api_string(body, "at", 0, 40, &at, &err))
		return http_reply_error(req, &err);
	if (!p->outcome)
		return api_fail(req, KE_MISSING_FIELD, "outcome",
				"is required: what the customer said at the visit or call");
	if (at && clock_parse_rfc3339(at, &p->at))
		return api_fail(req, KE_INVALID_VALUE, "at",
				"must be an RFC 3339 date-time, such as 2026-12-03T15:00:00+08:00");
	return api_act_defer(req, &p->act);
}
