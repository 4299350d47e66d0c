/*
 * complaints.c - /api/v1/complaints: registration, reading, editing with
 * ETags, lists with search, notes and the timeline.
 */
#include "api.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../auth/mask.h"
#include "../http/auth.h"
#include "../intake/intake.h"
#include "../text/text.h"
#include "../util/clock.h"
#include "../workflow/workflow.h"

#define IDEMPOTENCY_KEY_MAX 200

static const struct field_def note_field = {
	NULL, "body", "body", FK_MULTILINE, 10000, NULL, "the note's text"};

/* --- helpers -------------------------------------------------------------- */

/* The complaint as the caller may see it: contact details masked for
 * roles without pii.view. */
static json_t *visible_json(struct http_request *req, const struct complaint *c,
			    const char *portal_token)
{
	if (authz_can(http_principal(req), P_PII_VIEW))
		return complaint_to_json(c, portal_token);
	struct complaint m = *c;
	mask_complaint(&m, http_arena(req));
	return complaint_to_json(&m, portal_token);
}

static int reply_complaint(struct http_request *req, int status,
			   const struct complaint *c, const char *portal_token)
{
	char etag[32];
	complaint_etag(c, etag);
	http_add_header(req, "ETag", etag);
	return http_reply_json(req, status, visible_json(req, c, portal_token));
}

static json_t *event_json(const struct event *e)
{
	char at[40];
	json_t *data = json_loads(e->data, 0, NULL);
	return json_pack("{s:I,s:I,s:s,s:s,s:s,s:o}", "id", (json_int_t)e->id,
			 "complaint_id", (json_int_t)e->complaint_id, "at",
			 clock_format(e->at, at, sizeof at), "actor", e->actor, "kind",
			 e->kind, "data", data ? data : json_object());
}

static char *dump(json_t *j)
{
	char *s = json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(j);
	return s;
}


/* --- POST /api/v1/complaints ---------------------------------------------- */

static int create_finish(struct http_request *req, struct store_job *job)
{
	struct intake *j = (struct intake *)job;
	intake_done(j);
	if (job->rc)
		return http_reply_error(req, &job->err);
	char token[40], location[64];
	ids_portal_token(j->secret, j->c.portal_nonce, token);
	snprintf(location, sizeof location, "/api/v1/complaints/%lld", (long long)j->c.id);
	http_add_header(req, "Location", location);
	if (j->replayed)
		http_add_header(req, "Idempotent-Replayed", "true");
	return reply_complaint(req, 201, &j->c, token);
}

static int check_idem_key(const char *k, struct kesu_err *err)
{
	size_t n = strlen(k);
	if (n == 0 || n > IDEMPOTENCY_KEY_MAX)
		return kesu_fail(err, KE_INVALID_VALUE, "Idempotency-Key",
				 "must be 1 to %d visible ASCII characters", IDEMPOTENCY_KEY_MAX);
	for (size_t i = 0; i < n; i++)
		if (k[i] < 0x21 || k[i] > 0x7e)
			return kesu_fail(err, KE_INVALID_VALUE, "Idempotency-Key",
					 "must be 1 to %d visible ASCII characters",
					 IDEMPOTENCY_KEY_MAX);
	return 0;
}

int complaints_create(struct http_request *req)
{
	struct kesu_err err = {0};
	json_t *body = http_body_json(req, &err);
	if (!body)
		return http_reply_error(req, &err);
	const char *key = http_header(req, "Idempotency-Key");
	if (key && check_idem_key(key, &err))
		return http_reply_error(req, &err);
	struct intake *j;
	const struct principal *p = http_principal(req);
	if (intake_prepare(http_arena(req), body, clock_now_ms(),
			       arena_strdup(http_arena(req), p->actor),
			       store_secret_key(http_store(req)), &j, &err))
		return http_reply_error(req, &err);
	if (key) {
		j->idem_key = arena_strdup(http_arena(req), key);
		http_body_hash(req, j->req_hash);
	}
	/* An agent's complaint goes to the agent's (first) team. */
	if (p->nteams)
		j->c.team_id = p->teams[0];
	return http_defer(req, &j->job, create_finish);
}

/* --- GET /api/v1/complaints/{ref} ----------------------------------------- */

int complaints_get(struct http_request *req)
{
	struct kesu_err err = {0};
	struct store_conn *c = http_reader(req, &err);
	struct complaint cp;
	if (!c ||
	    api_complaint_visible(c, http_param(req, 0), http_principal(req), http_arena(req), &cp, &err))
		return http_reply_error(req, &err);
	char etag[32];
	complaint_etag(&cp, etag);
	const char *inm = http_header(req, "If-None-Match");
	if (inm && strstr(inm, etag)) {
		http_add_header(req, "ETag", etag);
		return http_reply_status(req, 304);
	}
	char etag2[32];
	complaint_etag(&cp, etag2);
	http_add_header(req, "ETag", etag2);
	json_t *o = visible_json(req, &cp, NULL);
	json_t *clocks = wf_clocks_json(c, cp.id, clock_now_ms(), &err);
	if (!clocks) {
		json_decref(o);
		return http_reply_error(req, &err);
	}
	json_object_set_new(o, "clocks", clocks);
	/* what handling needs at hand: the identity check, the customer's type */
	struct identity_check id;
	int rc = store_identity_get(c, cp.id, http_arena(req), &id, &err);
	struct customer cu;
	if (!rc)
		json_object_set_new(o, "identity", api_identity_json(&id));
	else if (rc == -KE_NOT_FOUND)
		json_object_set_new(o, "identity", json_null());
	if ((rc && rc != -KE_NOT_FOUND) ||
	    (cp.customer_id && store_customer_get(c, cp.customer_id, http_arena(req), &cu, &err))) {
		json_decref(o);
		return http_reply_error(req, &err);
	}
	json_object_set_new(o, "customer_type",
			    cp.customer_id ? json_string(cu.customer_type) : json_null());
	return http_reply_json(req, 200, o);
}

/* --- PATCH /api/v1/complaints/{ref} --------------------------------------- */

struct patch_job {
	struct store_job job;
	const char *ref;
	int64_t expect_version;
	json_t *body;
	int64_t now;
	const char *actor;
	struct complaint before, after;
	struct principal who;
	struct arena *a;
};

static int patch_run(struct store_conn *c, struct store_job *job)
{
	struct patch_job *j = (struct patch_job *)job;
	struct kesu_err *err = &job->err;
	int rc = api_complaint_visible(c, j->ref, &j->who, j->a, &j->before, err);
	if (rc)
		return rc;
	if (j->before.version != j->expect_version)
		return kesu_fail(err, KE_STALE, "If-Match",
				 "the complaint changed meanwhile (now version %lld): reload it and apply your change again",
				 (long long)j->before.version);
	uint32_t changed;
	rc = complaint_patch(&j->before, j->body, j->now, j->a, &j->after, &changed, err);
	if (!rc && changed)
		rc = wf_judgements_check(c, &j->before, &j->after,
					 json_object_get(j->body, "systemic") != NULL, &changed, err);
	if (rc || !changed)
		return rc;
	j->after.version = j->before.version + 1;
	j->after.updated_at = j->now;
	rc = store_complaint_update(c, &j->before, &j->after,
				    complaint_search_changed(changed), err);
	if (rc)
		return rc;
	char *data = dump(complaint_changes_json(&j->before, &j->after, changed));
	struct event e = {.complaint_id = j->before.id, .at = j->now, .actor = j->actor,
			  .kind = "updated", .data = data};
	rc = store_event_append(c, &e, err);
	free(data);
	return rc;
}

static int patch_finish(struct http_request *req, struct store_job *job)
{
	struct patch_job *j = (struct patch_job *)job;
	if (job->rc)
		return http_reply_error(req, &job->err);
	return reply_complaint(req, 200, &j->after, NULL);
}

int complaints_patch(struct http_request *req)
{
	struct kesu_err err = {0};
	struct arena *a = http_arena(req);
	const char *im = http_header(req, "If-Match");
	int64_t version;
	if (!im) {
		kesu_fail(&err, KE_NEED_IF_MATCH, "If-Match",
			  "is required: send the ETag of the version you edited");
		return http_reply_error(req, &err);
	}
	if (api_etag_version(im, &version)) {
		kesu_fail(&err, KE_STALE, "If-Match", "is not an ETag of this complaint");
		return http_reply_error(req, &err);
	}
	json_t *body = http_body_json(req, &err);
	if (!body)
		return http_reply_error(req, &err);
	struct patch_job *j = arena_zalloc(a, sizeof *j);
	j->ref = http_param(req, 0);
	j->expect_version = version;
	j->body = body;
	j->now = clock_now_ms();
	j->actor = arena_strdup(a, http_principal(req)->actor);
	j->who = *http_principal(req);
	j->a = a;
	j->job.run = patch_run;
	return http_defer(req, &j->job, patch_finish);
}

/* --- GET /api/v1/complaints ----------------------------------------------- */

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

static int index_of(const char *const *names, const char *name)
{
	for (int i = 0; names[i]; i++)
		if (names[i] == name || !strcmp(names[i], name))
			return i;
	return 0;
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
	if (api_enum_param(req, "status", complaint_statuses, &f.status, &err) ||
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
	if (api_enum_param(req, "queue", complaint_queues, &queue, &err) ||
	    api_enum_param(req, "sort", complaint_sorts, &sort, &err))
		return http_reply_error(req, &err);
	f.queue = queue ? index_of(complaint_queues, queue) : Q_ALL;
	f.sort = sort ? index_of(complaint_sorts, sort) : SORT_NEWEST;
	f.user_id = http_principal(req)->user_id;
	f.now_ms = clock_now_ms();
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
	struct store_conn *c = http_reader(req, &err);
	struct complaint *items;
	int n, more;
	if (!c || list_visible(c, http_principal(req), &f, a, &items, &n, &more, &err))
		return http_reply_error(req, &err);
	json_t *arr = json_array();
	for (int i = 0; i < n; i++) {
		json_t *o = visible_json(req, &items[i], NULL);
		char due[40];
		/* the earliest due time of its running clocks, for the queues */
		json_object_set_new(o, "next_due_at",
				    items[i].due_at ? json_string(clock_format(items[i].due_at, due,
									       sizeof due))
						    : json_null());
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
		struct complaint_filter f = {.queue = q, .user_id = p->user_id,
					     .now_ms = clock_now_ms(),
					     .teams_of = all ? 0 : p->user_id};
		int n = 0;
		if ((all || p->nteams > 0) && store_complaint_count_upto(c, &f, QUEUE_CAP, &n, &err)) {
			json_decref(items);
			return http_reply_error(req, &err);
		}
		json_array_append_new(items, json_pack("{s:s,s:i,s:b}", "name", complaint_queues[q],
						       "count", n > QUEUE_CAP ? QUEUE_CAP : n,
						       "capped", n > QUEUE_CAP));
	}
	char now[40];
	return http_reply_json(req, 200, json_pack("{s:o,s:i,s:s}", "items", items, "cap", QUEUE_CAP,
						   "at", clock_format(clock_now_ms(), now, sizeof now)));
}

/* --- notes and the timeline ----------------------------------------------- */

struct note_job {
	struct store_job job;
	const char *ref;
	struct event e;
	struct principal who;
	struct arena *a;
	const char *reply; /* a reply to the customer: its words, for the notice */
};

static int note_run(struct store_conn *c, struct store_job *job)
{
	struct note_job *j = (struct note_job *)job;
	struct complaint cp;
	int rc = api_complaint_visible(c, j->ref, &j->who, j->a, &cp, &job->err);
	if (rc)
		return rc;
	j->e.complaint_id = cp.id;
	rc = store_event_append(c, &j->e, &job->err);
	if (!rc && j->reply)
		rc = wf_customer_message(c, &cp, j->reply, j->e.at, &job->err);
	return rc;
}

static int note_finish(struct http_request *req, struct store_job *job)
{
	struct note_job *j = (struct note_job *)job;
	int rc = job->rc ? http_reply_error(req, &job->err)
			 : http_reply_json(req, 201, event_json(&j->e));
	free((char *)j->e.data);
	return rc;
}

static int note_or_reply(struct http_request *req, int reply)
{
	struct kesu_err err = {0};
	struct arena *a = http_arena(req);
	json_t *body = http_body_json(req, &err);
	if (!body)
		return http_reply_error(req, &err);
	if (!json_is_object(body)) {
		kesu_fail(&err, KE_WRONG_TYPE, "", "the body must be a JSON object");
		return http_reply_error(req, &err);
	}
	const char *text;
	if (field_known_keys(body, NULL, &note_field, 1, &err) ||
	    field_check(&note_field, json_object_get(body, "body"), clock_now_ms(), a,
			&text, &err))
		return http_reply_error(req, &err);
	if (!text) {
		kesu_fail(&err, KE_MISSING_FIELD, "body", "is required: the note's text");
		return http_reply_error(req, &err);
	}
	struct note_job *j = arena_zalloc(a, sizeof *j);
	j->ref = http_param(req, 0);
	j->a = a;
	j->e.at = clock_now_ms();
	j->e.actor = arena_strdup(a, http_principal(req)->actor);
	j->e.kind = reply ? "reply" : "note";
	j->who = *http_principal(req);
	/* a note stays with the team; a reply is the customer's to read, on
	 * the status page and by SMS or e-mail */
	j->e.data = dump(json_pack("{s:s,s:s}", "body", text, "visibility",
				   reply ? "customer" : "internal"));
	j->reply = reply ? text : NULL;
	j->job.run = note_run;
	return http_defer(req, &j->job, note_finish);
}

int complaints_note(struct http_request *req)
{
	return note_or_reply(req, 0);
}

int complaints_reply(struct http_request *req)
{
	return note_or_reply(req, 1);
}

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
	struct complaint cp;
	struct event *items;
	int n;
	if (!c || api_complaint_visible(c, http_param(req, 0), http_principal(req), a, &cp, &err) ||
	    store_event_list(c, cp.id, after, limit + 1, a, &items, &n, &err))
		return http_reply_error(req, &err);
	int more = n > limit;
	if (more)
		n = limit;
	int mask = !authz_can(http_principal(req), P_PII_VIEW);
	json_t *arr = json_array();
	for (int i = 0; i < n; i++) {
		json_t *e = event_json(&items[i]);
		if (mask)
			mask_event_data(json_object_get(e, "data"));
		json_array_append_new(arr, e);
	}
	const char *next = more ? api_cursor_encode(a, 'e', 0, items[n - 1].id) : NULL;
	return http_reply_json(req, 200, json_pack("{s:o,s:s?}", "items", arr,
						   "next_cursor", next));
}

/* --- assignment and reveal ------------------------------------------------ */

struct assign_job {
	struct store_job job;
	const char *ref;
	int64_t team_id, assignee_id, now;
	int has_assignee;
	struct principal who;
	const char *address;
	struct complaint before, after;
	struct arena *a;
};

static int assign_run(struct store_conn *c, struct store_job *job)
{
	struct assign_job *j = (struct assign_job *)job;
	struct kesu_err *err = &job->err;
	int rc = api_complaint_visible(c, j->ref, &j->who, j->a, &j->before, err);
	if (rc)
		return rc;
	struct team t;
	if ((rc = store_team_get(c, j->team_id, NULL, j->a, &t, err)))
		return rc == -KE_NOT_FOUND
			       ? kesu_fail(err, KE_INVALID_VALUE, "team_id", "no such team")
			       : rc;
	if (!authz_team(&j->who, j->team_id))
		return kesu_fail(err, KE_FORBIDDEN, "team_id",
				 "you can assign only to your own teams");
	if (j->assignee_id) {
		struct user u;
		rc = store_user_get(c, j->assignee_id, NULL, j->a, &u, err);
		if (rc == -KE_NOT_FOUND)
			return kesu_fail(err, KE_INVALID_VALUE, "assignee_id", "no such user");
		if (rc)
			return rc;
		int member = 0;
		for (int i = 0; i < u.nteams; i++)
			member |= u.teams[i] == j->team_id;
		if (!member || u.disabled_at)
			return kesu_fail(err, KE_INVALID_VALUE, "assignee_id",
					 "must be an active member of team %lld",
					 (long long)j->team_id);
	}
	j->after = j->before;
	j->after.team_id = j->team_id;
	j->after.assignee_id = j->assignee_id;
	if (j->after.team_id == j->before.team_id &&
	    j->after.assignee_id == j->before.assignee_id)
		return 0;
	j->after.version = j->before.version + 1;
	j->after.updated_at = j->now;
	if ((rc = store_complaint_update(c, &j->before, &j->after, 0, err)))
		return rc;
	json_t *d = json_pack("{s:{s:o,s:I},s:{s:o,s:o}}", "team_id", "before",
			      j->before.team_id ? json_integer(j->before.team_id) : json_null(),
			      "after", (json_int_t)j->team_id, "assignee_id", "before",
			      j->before.assignee_id ? json_integer(j->before.assignee_id)
						    : json_null(),
			      "after", j->assignee_id ? json_integer(j->assignee_id) : json_null());
	char *data = dump(d);
	struct event e = {.complaint_id = j->before.id, .at = j->now, .actor = j->who.actor,
			  .kind = "assigned", .data = data};
	rc = store_event_append(c, &e, err);
	free(data);
	return rc;
}

static int assign_finish(struct http_request *req, struct store_job *job)
{
	struct assign_job *j = (struct assign_job *)job;
	if (job->rc)
		return http_reply_error(req, &job->err);
	return reply_complaint(req, 200, j->after.id ? &j->after : &j->before, NULL);
}

int complaints_assign(struct http_request *req)
{
	static const char *const keys[] = {"team_id", "assignee_id", NULL};
	struct kesu_err err = {0};
	struct arena *a = http_arena(req);
	json_t *body = http_body_json(req, &err);
	if (!body || api_known_keys(body, keys, &err))
		return http_reply_error(req, &err);
	json_t *t = json_object_get(body, "team_id"), *u = json_object_get(body, "assignee_id");
	if (!t || !json_is_integer(t) || json_integer_value(t) <= 0) {
		kesu_fail(&err, t ? KE_WRONG_TYPE : KE_MISSING_FIELD, "team_id",
			  "is required: the id of the team");
		return http_reply_error(req, &err);
	}
	if (u && !json_is_null(u) && (!json_is_integer(u) || json_integer_value(u) <= 0)) {
		kesu_fail(&err, KE_WRONG_TYPE, "assignee_id", "must be a user id or null");
		return http_reply_error(req, &err);
	}
	struct assign_job *j = arena_zalloc(a, sizeof *j);
	j->job.run = assign_run;
	j->ref = http_param(req, 0);
	j->team_id = json_integer_value(t);
	j->assignee_id = u && json_is_integer(u) ? json_integer_value(u) : 0;
	j->now = clock_now_ms();
	j->who = *http_principal(req);
	j->a = a;
	return http_defer(req, &j->job, assign_finish);
}

struct reveal_job {
	struct store_job job;
	const char *ref;
	struct principal who;
	const char *address;
	int64_t now;
	struct complaint cp;
	struct arena *a;
};

static int reveal_run(struct store_conn *c, struct store_job *job)
{
	struct reveal_job *j = (struct reveal_job *)job;
	int rc = api_complaint_visible(c, j->ref, &j->who, j->a, &j->cp, &job->err);
	if (rc)
		return rc;
	char target[40];
	snprintf(target, sizeof target, "complaint:%lld", (long long)j->cp.id);
	json_t *d = json_pack("{s:s}", "tracking_no", j->cp.tracking_no);
	rc = api_security_event(c, j->who.actor, j->address, j->now, "pii_revealed", target, d,
				&job->err);
	json_decref(d);
	return rc;
}

static int reveal_finish(struct http_request *req, struct store_job *job)
{
	struct reveal_job *j = (struct reveal_job *)job;
	if (job->rc)
		return http_reply_error(req, &job->err);
	const struct complaint *c = &j->cp;
	return http_reply_json(req, 200,
			       json_pack("{s:I,s:s,s:{s:s?,s:s?,s:s?,s:s?}}", "id",
					 (json_int_t)c->id, "tracking_no", c->tracking_no,
					 "complainant", "name", c->v[CF_NAME], "phone",
					 c->v[CF_PHONE], "email", c->v[CF_EMAIL], "contact_other",
					 c->v[CF_CONTACT_OTHER]));
}

int complaints_reveal(struct http_request *req)
{
	struct arena *a = http_arena(req);
	struct reveal_job *j = arena_zalloc(a, sizeof *j);
	j->job.run = reveal_run;
	j->ref = http_param(req, 0);
	j->who = *http_principal(req);
	j->address = arena_strdup(a, http_address(req));
	j->now = clock_now_ms();
	j->a = a;
	return http_defer(req, &j->job, reveal_finish);
}
