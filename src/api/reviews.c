/*
 * reviews.c - /api/v1/reviews: the shop's neutral and negative reviews
 * (中差评, domain.md 8) taken in one by one, in batches or from a platform
 * connector; the queues of the buyer groups; a review's page; contacts
 * with the buyer, group moves and the public reply, each a verb of
 * workflow/reviews.c run in the writer; the shop's order counts.
 */
#include "api.h"

#include <stdlib.h>
#include <string.h>

#include "../auth/mask.h"
#include "../http/auth.h"
#include "../util/clock.h"

#define BATCH_MAX 1000
#define COUNT_CAP 10000

/* Whether p sees r: reviews of no team are the whole shop's. */
static int visible(const struct principal *p, const struct review *r)
{
	return !r->team_id || authz_can(p, P_ALL_TEAMS) || authz_team(p, r->team_id);
}

/* The script a review's page shows: a serious new review has its own. */
static const char *script_of(const struct review *r, int64_t now)
{
	enum wf_review_playbook pb = wf_review_playbook(r, now);
	return pb == RV_NEW && r->serious ? "serious" : wf_review_playbooks[pb];
}

json_t *api_review_json(const struct principal *p, const struct review *r, int64_t now,
			struct arena *a)
{
	enum wf_review_playbook pb = wf_review_playbook(r, now);
	json_t *photos = r->photos ? json_loads(r->photos, 0, NULL) : NULL;
	int finished = (strcmp(r->group, "changed") == 0 || strcmp(r->group, "kept") == 0) &&
		       r->cause;
	json_t *j = json_pack(
		"{s:I,s:s,s:s?,s:s?,s:s,s:s,s:s?,s:s,s:o,s:s?,s:o,s:s?,s:s?,s:s,s:o,s:o,s:b,s:s?,"
		"s:s?,s:s?,s:s,s:s,s:s,s:o,s:o,s:b,s:s,s:s?,s:b}",
		"id", (json_int_t)r->id, "platform", r->platform, "shop", r->shop, "external_id",
		r->external_id, "order_ref", r->order_ref, "buyer", r->buyer, "contact",
		r->contact && !authz_can(p, P_PII_VIEW) ? mask_phone(r->contact, a) : r->contact,
		"rating", r->rating, "stars", r->stars ? json_integer(r->stars) : json_null(),
		"text", r->text, "photos", photos ? photos : json_array(), "product", r->product,
		"link", r->link, "language", r->language, "posted_at", api_time_json(r->posted_at),
		"received_at", api_time_json(r->received_at), "serious", r->serious,
		"serious_reason", r->serious_reason, "age_set", r->age_set, "age_reason",
		r->age_reason, "age", wf_review_playbooks[wf_review_age(r, now)], "playbook",
		wf_review_playbooks[pb], "script", script_of(r, now), "contact_not_before",
		api_time_json(wf_review_not_before(r, now)), "contact_due_at",
		api_time_json(r->first_contact_at ? 0 : r->contact_due_at), "contact_breached",
		r->breached_at != 0, "group", r->group, "cause", r->cause, "finished", finished);
	json_object_set_new(j, "complaint",
			    r->complaint_id ? json_pack("{s:I,s:s?}", "id", (json_int_t)r->complaint_id,
							"tracking_no", r->tracking_no)
					    : json_null());
	json_object_set_new(j, "team_id", r->team_id ? json_integer(r->team_id) : json_null());
	json_object_set_new(j, "assignee_id",
			    r->assignee_id ? json_integer(r->assignee_id) : json_null());
	json_object_set_new(j, "call_at", api_time_json(r->call_at));
	json_object_set_new(j, "first_contact_at", api_time_json(r->first_contact_at));
	json_object_set_new(j, "agreed_at", api_time_json(r->agreed_at));
	json_object_set_new(j, "changed_at", api_time_json(r->changed_at));
	json_object_set_new(j, "kept_at", api_time_json(r->kept_at));
	json_object_set_new(j, "reminders_sent", json_integer(r->reminders));
	json_object_set_new(j, "next_reminder_at", api_time_json(r->next_reminder_at));
	json_object_set_new(j, "invited", json_boolean(r->invited_at != 0));
	json_object_set_new(j, "reply",
			    r->reply_text ? json_pack("{s:s,s:o,s:s?}", "text", r->reply_text,
						      "posted_at", api_time_json(r->reply_posted_at),
						      "posted_by", r->reply_posted_by)
					  : json_null());
	json_object_set_new(j, "version", json_integer(r->version));
	json_object_set_new(j, "created_at", api_time_json(r->created_at));
	json_object_set_new(j, "updated_at", api_time_json(r->updated_at));
	return j;
}

static json_t *contact_json(const struct review_contact *k)
{
	return json_pack("{s:I,s:o,s:s,s:b,s:s?,s:s?,s:o,s:s,s:o}", "id", (json_int_t)k->id, "at",
			 api_time_json(k->at), "method", k->method, "reached", k->reached, "outcome",
			 k->outcome, "note", k->note, "appointment_at", api_time_json(k->appointment_at),
			 "by", k->by_name, "recorded_at", api_time_json(k->recorded_at));
}

/* The review the path names, if the caller sees it (else KE_NOT_FOUND, as
 * if it did not exist). */
static int load(struct store_conn *c, int64_t id, const struct principal *p, struct arena *a,
		struct review *r, struct kesu_err *err)
{
	int rc = store_review_get(c, id, a, r, err);
	if (!rc && !visible(p, r))
		rc = kesu_fail(err, KE_NOT_FOUND, "", "no review %lld", (long long)id);
	return rc;
}

/* --- taking reviews in ------------------------------------------------------------ */

struct intake {
	struct api_act act;
	struct review *r;
	struct kesu_err *errs; /* per item: code 0 when it was read */
	int n, batch;
	const char *connector; /* review.changed / review.withdrawn, or NULL */
};

static int intake_run(struct store_conn *c, struct api_act *j, struct kesu_err *err)
{
	struct intake *p = (struct intake *)j;
	json_t *items = json_array();
	int created = 0, existing_n = 0;
	for (int i = 0; i < p->n; i++) {
		struct review *r = &p->r[i];
		struct kesu_err *e = &p->errs[i];
		int existing = 0, rc = e->code ? -(int)e->code : 0;
		if (!rc && r->team_id && !authz_team(&j->who, r->team_id))
			rc = kesu_fail(e, KE_INVALID_VALUE, "team_id", "must be one of your teams");
		/* each review of a batch stands alone: one refused leaves the
		 * others taken in */
		if (!rc) {
			if (store_savepoint(c, "review_row", err))
				goto fail;
			rc = wf_review_receive(c, r, &j->as, j->now, j->a, &existing, e);
			/* the same review of a team the caller does not see answers
			 * as if there were none, and is left as it is */
			if (!rc && existing && !visible(&j->who, r))
				rc = kesu_fail(e, KE_CONFLICT, "",
					       "the review was taken in already, by a team of its own");
			if (!rc && p->connector && !existing)
				rc = kesu_fail(e, KE_NOT_FOUND, "review",
					       "no such review was taken in: send review.created first");
			if (!rc && p->connector)
				rc = wf_review_connector(c, r, p->connector, j->now, e);
			if (rc ? store_savepoint_undo(c, "review_row", err)
			       : store_savepoint_release(c, "review_row", err))
				goto fail;
			/* the store failing is not a refusal of this review */
			if (rc && (e->code == KE_UNAVAILABLE || e->code == KE_INTERNAL)) {
				*err = *e;
				goto fail;
			}
		}
		if (rc) {
			if (!p->batch) {
				*err = *e;
				goto fail;
			}
			json_array_append_new(items, json_pack("{s:i,s:o}", "index", i, "error",
							       http_error_json(e)));
			continue;
		}
		created += !existing;
		existing_n += existing;
		if (!p->batch) {
			/* the same review again answers 200 with the one there is */
			j->status = existing ? 200 : 201;
			j->out = api_review_json(&j->who, r, j->now, j->a);
			json_decref(items);
			return 0;
		}
		json_t *one = api_review_json(&j->who, r, j->now, j->a);
		json_object_set_new(one, "existing", json_boolean(existing));
		json_array_append_new(items, one);
	}
	j->status = 200;
	j->out = json_pack("{s:o,s:i,s:i,s:i}", "items", items, "created", created, "existing",
			   existing_n, "refused", p->n - created - existing_n);
	return 0;
fail:
	json_decref(items);
	return -(int)err->code;
}

static int intake(struct http_request *req, json_t *list, int batch, const char *connector)
{
	struct intake *p = (struct intake *)api_act_new(req, sizeof *p, intake_run);
	p->act.ref = NULL;
	p->batch = batch;
	p->connector = connector;
	p->n = batch ? (int)json_array_size(list) : 1;
	p->r = arena_zalloc(p->act.a, sizeof *p->r * (size_t)p->n);
	p->errs = arena_zalloc(p->act.a, sizeof *p->errs * (size_t)p->n);
	for (int i = 0; i < p->n; i++) {
		json_t *o = batch ? json_array_get(list, (size_t)i) : list;
		if (wf_review_read(o, p->act.now, p->act.a, &p->r[i], &p->errs[i]) && !batch)
			return http_reply_error(req, &p->errs[i]);
	}
	return api_act_defer(req, &p->act);
}

int reviews_create(struct http_request *req)
{
	struct kesu_err err = {0};
	json_t *body = http_body_json(req, &err);
	if (!body)
		return http_reply_error(req, &err);
	json_t *items = json_object_get(body, "items");
	if (!items)
		return intake(req, body, 0, NULL);
	if (json_object_size(body) != 1)
		return api_fail(req, KE_UNKNOWN_FIELD, "items",
				"a batch is {\"items\": [...]} and nothing else");
	if (!json_is_array(items) || !json_array_size(items) ||
	    json_array_size(items) > BATCH_MAX)
		return api_fail(req, KE_INVALID_VALUE, "items",
				"must be a list of 1 to 1000 reviews");
	return intake(req, items, 1, NULL);
}

int reviews_connector(struct http_request *req)
{
	static const char *const keys[] = {"event", "review", NULL};
	struct kesu_err err = {0};
	json_t *body = api_body(req, keys, &err);
	if (!body)
		return http_reply_error(req, &err);
	const char *ev = json_string_value(json_object_get(body, "event"));
	json_t *review = json_object_get(body, "review");
	if (!ev)
		return api_fail(req, KE_MISSING_FIELD, "event",
				"is required: review.created, review.changed or review.withdrawn");
	if (strcmp(ev, "review.created") && strcmp(ev, "review.changed") &&
	    strcmp(ev, "review.withdrawn"))
		return api_fail(req, KE_INVALID_VALUE, "event",
				"must be review.created, review.changed or review.withdrawn");
	if (!review)
		return api_fail(req, KE_MISSING_FIELD, "review", "is required: the review");
	/* a changed review is found as it was taken in: its new rating (a
	 * good one, often) names nothing */
	if (strcmp(ev, "review.created") && json_is_object(review))
		json_object_set_new(review, "rating", json_string("negative"));
	return intake(req, review, 0,
		      strcmp(ev, "review.created") == 0 ? NULL
		      : strcmp(ev, "review.changed") == 0 ? "changed on the platform"
							: "withdrawn on the platform");
}

/* --- reading ------------------------------------------------------------------------ */

int reviews_list(struct http_request *req)
{
	struct kesu_err err = {0};
	struct arena *a = http_arena(req);
	const struct principal *p = http_principal(req);
	struct review_filter f = {0};
	const char *v, *due = http_query(req, "due"), *playbook = http_query(req, "playbook");
	if (api_limit(req, 50, 200, &f.limit, &err))
		return http_reply_error(req, &err);
	if ((v = http_query(req, "group")) && wf_review_one_of(wf_review_groups, v) < 0)
		return api_fail(req, KE_INVALID_VALUE, "group",
				"must be neutral, negative, agreed, changed or kept");
	f.group = v;
	if ((v = http_query(req, "platform")) && wf_review_one_of(wf_review_platforms, v) < 0)
		return api_fail(req, KE_INVALID_VALUE, "platform",
				"must be taobao, tmall, jd, pinduoduo, meituan, dianping, douyin or"
				" other");
	f.platform = v;
	if (playbook && wf_review_one_of(wf_review_playbooks, playbook) < 0)
		return api_fail(req, KE_INVALID_VALUE, "playbook", "must be new, month or half_year");
	if (due && strcmp(due, "1") && strcmp(due, "true") && strcmp(due, "0"))
		return api_fail(req, KE_INVALID_VALUE, "due",
				"must be 1: only the reviews with a contact due (the first, or a call"
				" booked)");
	f.due = due && strcmp(due, "0") != 0;
	if ((v = http_query(req, "cursor")) &&
	    api_cursor_decode(v, 'r', &f.cursor_x, &f.cursor_id, &err))
		return http_reply_error(req, &err);
	if (!authz_can(p, P_ALL_TEAMS))
		f.teams_of = p->user_id;
	struct store_conn *c = http_reader(req, &err);
	struct review *items;
	int n, more;
	int64_t counts[5];
	if (!c || store_reviews_list(c, &f, a, &items, &n, &more, &err) ||
	    store_reviews_group_counts(c, f.teams_of, COUNT_CAP, counts, &err))
		return http_reply_error(req, &err);
	int64_t now = clock_now_ms();
	json_t *arr = json_array();
	for (int i = 0; i < n; i++) {
		/* the playbook follows the age at now: a filter of the page read */
		if (playbook && strcmp(wf_review_playbooks[wf_review_playbook(&items[i], now)],
				       playbook) != 0)
			continue;
		json_array_append_new(arr, api_review_json(p, &items[i], now, a));
	}
	const char *next = more && n ? api_cursor_encode(a, 'r', f.due ? items[n - 1].due_at : 0,
							 items[n - 1].id)
				     : NULL;
	json_t *cj = json_object();
	for (int g = 0; g < 5; g++)
		json_object_set_new(cj, wf_review_groups[g],
				    json_integer(counts[g] > COUNT_CAP ? COUNT_CAP : counts[g]));
	return http_reply_json(req, 200,
			       json_pack("{s:o,s:s?,s:o}", "items", arr, "next_cursor", next,
					 "counts", cj));
}

int reviews_get(struct http_request *req)
{
	struct kesu_err err = {0};
	struct arena *a = http_arena(req);
	const struct principal *p = http_principal(req);
	int64_t id;
	struct review r;
	struct review_contact *k;
	struct review_event *e;
	int nk, ne;
	if (api_id(http_param(req, 0), &id, &err))
		return http_reply_error(req, &err);
	struct store_conn *c = http_reader(req, &err);
	if (!c || load(c, id, p, a, &r, &err) ||
	    store_review_contacts(c, id, a, &k, &nk, &err) ||
	    store_review_events(c, id, a, &e, &ne, &err))
		return http_reply_error(req, &err);
	json_t *j = api_review_json(p, &r, clock_now_ms(), a);
	json_t *ks = json_array(), *es = json_array();
	for (int i = 0; i < nk; i++)
		json_array_append_new(ks, contact_json(&k[i]));
	for (int i = 0; i < ne; i++) {
		json_t *d = json_loads(e[i].data ? e[i].data : "{}", 0, NULL);
		json_array_append_new(es, json_pack("{s:I,s:s,s:s,s:o,s:o}", "id", (json_int_t)e[i].id,
						    "kind", e[i].kind, "actor", e[i].actor, "at",
						    api_time_json(e[i].at), "data",
						    d ? d : json_object()));
	}
	json_object_set_new(j, "contacts", ks);
	json_object_set_new(j, "events", es);
	return http_reply_json(req, 200, j);
}

/* --- acts on one review ---------------------------------------------------------- */

struct review_act {
	struct api_act act;
	struct review r;
	struct wf_review_change change;
	struct review_contact contact;
	const char *cause, *group, *reason, *text, *complaint_ref;
	int posted;
	int64_t expect_version; /* If-Match: 0 none */
	int (*verb)(struct store_conn *c, struct review_act *p, struct kesu_err *err);
};

static int review_run(struct store_conn *c, struct api_act *j, struct kesu_err *err)
{
	struct review_act *p = (struct review_act *)j;
	int rc = load(c, j->id, &j->who, j->a, &p->r, err);
	if (!rc && p->expect_version && p->r.version != p->expect_version)
		rc = kesu_fail(err, KE_STALE, "If-Match",
			       "the review changed meanwhile (now version %lld): reload it and apply"
			       " your change again",
			       (long long)p->r.version);
	if (!rc)
		rc = p->verb(c, p, err);
	if (!rc && !j->out) {
		j->out = api_review_json(&j->who, &p->r, j->now, j->a);
		json_t *w = p->text ? wf_review_tone(p->text) : NULL;
		if (w)
			json_object_set_new(j->out, "warnings", w);
	}
	return rc;
}

static struct review_act *review_act(struct http_request *req, struct kesu_err *err)
{
	struct review_act *p = (struct review_act *)api_act_new(req, sizeof *p, review_run);
	p->act.ref = NULL; /* the path names a review, not a complaint */
	p->act.status = 200;
	/* If-Match is optional: a page that sends it is told of a change it
	 * did not see */
	const char *im = http_header(req, "If-Match");
	if (im && api_etag_version(im, &p->expect_version)) {
		kesu_fail(err, KE_STALE, "If-Match", "is not an ETag of this review");
		return NULL;
	}
	return api_id(http_param(req, 0), &p->act.id, err) ? NULL : p;
}

static int edit_verb(struct store_conn *c, struct review_act *p, struct kesu_err *err)
{
	if (p->complaint_ref) {
		struct complaint cp;
		int rc = api_complaint_visible(c, p->complaint_ref, &p->act.who, p->act.a, &cp, err);
		if (rc)
			return rc == -KE_NOT_FOUND
				       ? kesu_fail(err, KE_INVALID_VALUE, "complaint",
						   "names no complaint you can see")
				       : rc;
		p->change.complaint_id = cp.id;
		p->r.tracking_no = arena_strdup(p->act.a, cp.tracking_no);
	}
	if (p->change.set_complaint && !p->change.complaint_id)
		p->r.tracking_no = NULL;
	if (p->change.set_team && p->change.team_id && !authz_team(&p->act.who, p->change.team_id))
		return kesu_fail(err, KE_INVALID_VALUE, "team_id", "must be one of your teams");
	return wf_review_edit(c, &p->r, &p->change, &p->act.as, p->act.now, err);
}

/* An optional id member: *set when present, 0 for null. */
static int id_member(json_t *body, const char *name, int *set, int64_t *out, struct kesu_err *err)
{
	json_t *v = json_object_get(body, name);
	*set = v != NULL;
	return v ? api_int_member(body, name, out, err) : 0;
}

int reviews_patch(struct http_request *req)
{
	static const char *const keys[] = {"serious", "serious_reason", "age",	    "age_reason",
					   "cause",   "complaint",	"assignee_id", "team_id",
					   NULL};
	struct kesu_err err = {0};
	json_t *body = api_body(req, keys, &err), *v;
	struct review_act *p = body ? review_act(req, &err) : NULL;
	if (!p)
		return http_reply_error(req, &err);
	struct wf_review_change *e = &p->change;
	p->verb = edit_verb;
	if ((v = json_object_get(body, "serious"))) {
		if (!json_is_boolean(v))
			return api_fail(req, KE_WRONG_TYPE, "serious", "must be true or false");
		e->set_serious = 1;
		e->serious = json_is_true(v);
	}
	if ((v = json_object_get(body, "age"))) {
		if (!json_is_null(v) && wf_review_one_of(wf_review_playbooks, json_string_value(v)) < 0)
			return api_fail(req, KE_INVALID_VALUE, "age",
					"must be new, month, half_year, or null for the review's own age");
		e->set_age = 1;
		e->age = json_string_value(v);
	}
	if (api_string(body, "serious_reason", 0, 500, &e->serious_reason, &err) ||
	    api_string(body, "age_reason", 0, 500, &e->age_reason, &err) ||
	    api_string(body, "cause", 0, 32, &e->cause, &err) ||
	    api_string(body, "complaint", 0, 40, &p->complaint_ref, &err) ||
	    id_member(body, "assignee_id", &e->set_assignee, &e->assignee_id, &err) ||
	    id_member(body, "team_id", &e->set_team, &e->team_id, &err))
		return http_reply_error(req, &err);
	e->set_complaint = json_object_get(body, "complaint") != NULL;
	return api_act_defer(req, &p->act);
}

static int contact_verb(struct store_conn *c, struct review_act *p, struct kesu_err *err)
{
	if (!p->contact.at)
		p->contact.at = p->act.now;
	return wf_review_contact(c, &p->r, &p->contact, p->cause, &p->act.as, p->act.now, err);
}

int reviews_contact(struct http_request *req)
{
	static const char *const keys[] = {"method", "reached", "outcome", "note",
					   "at",     "appointment_at", "cause", NULL};
	static const struct field_def note = {NULL, "note", "note", FK_MULTILINE, 2000, NULL, ""};
	struct kesu_err err = {0};
	json_t *body = api_body(req, keys, &err), *v;
	struct review_act *p = body ? review_act(req, &err) : NULL;
	if (!p)
		return http_reply_error(req, &err);
	struct review_contact *k = &p->contact;
	const char *at, *appt;
	p->verb = contact_verb;
	p->act.status = 201;
	if (api_string(body, "method", 1, 16, &k->method, &err) ||
	    api_string(body, "outcome", 0, 16, &k->outcome, &err) ||
	    api_string(body, "at", 0, 40, &at, &err) ||
	    api_string(body, "appointment_at", 0, 40, &appt, &err) ||
	    api_string(body, "cause", 0, 32, &p->cause, &err) ||
	    field_check(&note, json_object_get(body, "note"), p->act.now, p->act.a, &k->note, &err))
		return http_reply_error(req, &err);
	if (wf_review_one_of(wf_review_methods, k->method) < 0)
		return api_fail(req, KE_INVALID_VALUE, "method",
				"must be phone, sms, platform, wechat or email");
	if (!(v = json_object_get(body, "reached")))
		return api_fail(req, KE_MISSING_FIELD, "reached",
				"is required: whether the buyer was reached");
	if (!json_is_boolean(v))
		return api_fail(req, KE_WRONG_TYPE, "reached", "must be true or false");
	k->reached = json_is_true(v);
	if (k->outcome && strcmp(k->outcome, "agreed") && strcmp(k->outcome, "declined"))
		return api_fail(req, KE_INVALID_VALUE, "outcome",
				"must be agreed (to change the review) or declined");
	if (at && clock_parse_rfc3339(at, &k->at))
		return api_fail(req, KE_INVALID_VALUE, "at",
				"must be an RFC 3339 date-time, such as 2026-12-03T11:15:00+08:00");
	if (appt && clock_parse_rfc3339(appt, &k->appointment_at))
		return api_fail(req, KE_INVALID_VALUE, "appointment_at",
				"must be an exact RFC 3339 date-time, such as"
				" 2026-12-04T11:30:00+08:00");
	return api_act_defer(req, &p->act);
}

static int group_verb(struct store_conn *c, struct review_act *p, struct kesu_err *err)
{
	return wf_review_move(c, &p->r, p->group, p->reason, &p->act.as, p->act.now, err);
}

int reviews_group(struct http_request *req)
{
	static const char *const keys[] = {"group", "reason", NULL};
	struct kesu_err err = {0};
	json_t *body = api_body(req, keys, &err);
	struct review_act *p = body ? review_act(req, &err) : NULL;
	if (!p || api_string(body, "group", 1, 16, &p->group, &err) ||
	    api_string(body, "reason", 0, 500, &p->reason, &err))
		return http_reply_error(req, &err);
	p->verb = group_verb;
	return api_act_defer(req, &p->act);
}

static int reply_verb(struct store_conn *c, struct review_act *p, struct kesu_err *err)
{
	return wf_review_reply(c, &p->r, p->text, p->posted, &p->act.as, p->act.now, err);
}

int reviews_reply(struct http_request *req)
{
	static const char *const keys[] = {"text", "posted", NULL};
	static const struct field_def text = {NULL, "text", "text", FK_MULTILINE, 2000, NULL, ""};
	struct kesu_err err = {0};
	json_t *body = api_body(req, keys, &err), *v;
	struct review_act *p = body ? review_act(req, &err) : NULL;
	if (!p || field_check(&text, json_object_get(body, "text"), p->act.now, p->act.a, &p->text,
			      &err))
		return http_reply_error(req, &err);
	if (!p->text)
		return api_fail(req, KE_MISSING_FIELD, "text", "is required: the public reply");
	if ((v = json_object_get(body, "posted")) && !json_is_boolean(v))
		return api_fail(req, KE_WRONG_TYPE, "posted", "must be true or false");
	p->posted = v && json_is_true(v);
	p->verb = reply_verb;
	return api_act_defer(req, &p->act);
}

int reviews_reply_draft(struct http_request *req)
{
	struct kesu_err err = {0};
	struct arena *a = http_arena(req);
	int64_t id;
	struct review r;
	const char *lang = http_query(req, "lang");
	if (lang && strcmp(lang, "zh-CN") && strcmp(lang, "zh-TW") && strcmp(lang, "en"))
		return api_fail(req, KE_INVALID_VALUE, "lang", "must be zh-CN, zh-TW or en");
	if (api_id(http_param(req, 0), &id, &err))
		return http_reply_error(req, &err);
	struct store_conn *c = http_reader(req, &err);
	char *text;
	if (!c || load(c, id, http_principal(req), a, &r, &err) ||
	    !(text = wf_review_reply_draft(c, &r, lang, a, &err)))
		return http_reply_error(req, &err);
	return http_reply_json(req, 200, json_pack("{s:s,s:o}", "text", text, "warnings",
						   wf_review_tone(text)));
}

/* --- the shop's order counts ----------------------------------------------------- */

struct orders_act {
	struct api_act act;
	json_t *items;
};

static int orders_run(struct store_conn *c, struct api_act *j, struct kesu_err *err)
{
	struct orders_act *p = (struct orders_act *)j;
	size_t i;
	json_t *o;
	json_array_foreach(p->items, i, o) {
		int rc = store_order_count_put(
			c, json_string_value(json_object_get(o, "day")),
			json_string_value(json_object_get(o, "platform")),
			json_integer_value(json_object_get(o, "orders")), j->now, err);
		if (rc)
			return rc;
	}
	j->status = 200;
	j->out = json_pack("{s:i}", "stored", (int)json_array_size(p->items));
	return 0;
}

int order_counts_post(struct http_request *req)
{
	static const char *const keys[] = {"items", NULL};
	struct kesu_err err = {0};
	json_t *body = api_body(req, keys, &err), *items;
	if (!body)
		return http_reply_error(req, &err);
	items = json_object_get(body, "items");
	if (!json_is_array(items) || !json_array_size(items) || json_array_size(items) > 5000)
		return api_fail(req, KE_INVALID_VALUE, "items",
				"must be a list of 1 to 5000 {day, platform, orders}");
	size_t i;
	json_t *o;
	json_array_foreach(items, i, o) {
		const char *day = json_string_value(json_object_get(o, "day"));
		const char *pl = json_string_value(json_object_get(o, "platform"));
		json_t *n = json_object_get(o, "orders");
		char field[48];
		if (!json_is_object(o) || json_object_size(o) != 3 || !day || !pl || !n) {
			snprintf(field, sizeof field, "items[%zu]", i);
			return api_fail(req, KE_INVALID_VALUE, field,
					"must be {\"day\": \"2026-12-01\", \"platform\": \"taobao\","
					" \"orders\": 1200}");
		}
		if (clock_check_date(day)) {
			snprintf(field, sizeof field, "items[%zu].day", i);
			return api_fail(req, KE_INVALID_VALUE, field, "must be a date (YYYY-MM-DD)");
		}
		if (wf_review_one_of(wf_review_platforms, pl) < 0) {
			snprintf(field, sizeof field, "items[%zu].platform", i);
			return api_fail(req, KE_INVALID_VALUE, field,
					"must be taobao, tmall, jd, pinduoduo, meituan, dianping,"
					" douyin or other");
		}
		if (!json_is_integer(n) || json_integer_value(n) < 0 ||
		    json_integer_value(n) > 100000000) {
			snprintf(field, sizeof field, "items[%zu].orders", i);
			return api_fail(req, KE_INVALID_VALUE, field,
					"must be a whole number of orders, 0 to 100,000,000 a day");
		}
	}
	struct orders_act *p = (struct orders_act *)api_act_new(req, sizeof *p, orders_run);
	p->act.ref = NULL;
	p->items = items;
	return api_act_defer(req, &p->act);
}
