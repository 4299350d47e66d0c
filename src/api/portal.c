/*
 * portal.c - /api/v1/portal: what a customer sees of their own complaint,
 * reached with its tracking number and the portal token given at
 * registration (X-Portal-Token). A wrong token and a missing complaint get
 * the same answer. Failures count against the client's address alone
 * (behind a trusted proxy, the address the proxy saw), never against the
 * tracking number: a stranger's wrong tokens do not lock the customer out,
 * and a token of 192 random bits needs no ceiling against many addresses.
 */
#include "api.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../auth/mask.h"
#include "../http/ratelimit.h"
#include "../intake/attachment.h"
#include "../intake/intake.h"
#include "../workflow/workflow.h"
#include "../util/clock.h"

#define PORTAL_EVENTS 200
#define PORTAL_EVENT_BYTES (4u << 20) /* and no more data than this of them */

/* Timeline events a customer sees; the rest (notes, edits, escalations)
 * is internal. */
static const char *const customer_kinds[] = {"created", "customer_message", "status_changed",
					     "reply", "plan_proposed", "plan_answered",
					     "demand_restated", "demand_answered", "task_created", NULL};

static const struct field_def message_field = {
	NULL, "body", "body", FK_MULTILINE, 5000, NULL, "the customer's message"};

/* A plan as the customer sees it: staff names stay inside. */
static json_t *portal_plan_json(const struct plan *p)
{
	json_t *o = api_plan_json(p);
	json_object_del(o, "proposed_by");
	json_object_del(o, "answered_by");
	json_object_set_new(o, "answered_by_customer",
			    json_boolean(p->answered_by && !strcmp(p->answered_by, "customer")));
	return o;
}

/* A restatement as the customer sees it: staff names stay inside. */
static json_t *portal_demand_json(const struct demand_restatement *d)
{
	json_t *o = api_demand_json(d);
	json_object_del(o, "stated_by");
	json_object_del(o, "answered_by");
	json_object_del(o, "complaint_id");
	return o;
}

static int customer_kind(const char *k)
{
	for (int i = 0; customer_kinds[i]; i++)
		if (strcmp(customer_kinds[i], k) == 0)
			return 1;
	return 0;
}

/* Finds the complaint for the path and token; on any failure, one answer.
 * A wrong tracking number or token is KE_NOT_FOUND with *wrong set: it
 * counts against the address. */
static int portal_auth(struct http_request *req, struct store_conn *c, struct complaint *out,
		       int *wrong, struct kesu_err *err)
{
	int64_t now = clock_now_ms();
	const char *address = http_address(req);
	*wrong = 0;
	int wait = rl_blocked(c, RL_PORTAL, address, now);
	if (wait) {
		api_reply_rate_limited(req, wait, "too many wrong tracking numbers or tokens");
		return -KE_RATE_LIMITED;
	}
	const char *token = http_header(req, "X-Portal-Token");
	char tracking[TRACKING_NO_MAX];
	unsigned char hash[TOKEN_HASH_LEN];
	ids_token_hash(token && strlen(token) < 100 ? token : "", hash);
	int rc = -KE_NOT_FOUND;
	if (token && ids_parse_tracking_no(http_param(req, 0), tracking))
		rc = store_complaint_get(c, 0, tracking, http_arena(req), out, err);
	if (rc && rc != -KE_NOT_FOUND)
		return rc;
	if (rc == 0 && ids_hash_equal(hash, out->portal_hash, TOKEN_HASH_LEN))
		return 0;
	*wrong = 1;
	return kesu_fail(err, KE_NOT_FOUND, "",
			 "no complaint with this tracking number and portal token");
}

/* The reader and the complaint of a portal request. Returns NULL when it
 * has answered already (refused, rate limited): the handler returns
 * *done then. */
static struct store_conn *portal_open(struct http_request *req, struct complaint *cp, int *done)
{
	struct kesu_err err = {0};
	struct store_conn *c = http_reader(req, &err);
	int wrong = 0;
	int rc = c ? portal_auth(req, c, cp, &wrong, &err) : -(int)err.code;
	if (rc == -KE_RATE_LIMITED) {
		*done = HTTP_DONE;
		return NULL;
	}
	if (wrong) {
		*done = rl_fail_reply(req, RL_PORTAL, http_address(req), clock_now_ms(), &err);
		return NULL;
	}
	if (rc) {
		*done = http_reply_error(req, &err);
		return NULL;
	}
	return c;
}

int portal_get(struct http_request *req)
{
	struct kesu_err err = {0};
	struct arena *a = http_arena(req);
	struct complaint cp;
	int done;
	struct store_conn *c = portal_open(req, &cp, &done);
	if (!c)
		return done;
	struct event *items;
	int n;
	if (store_event_page(c, cp.id, 0, PORTAL_EVENTS, PORTAL_EVENT_BYTES, a, &items, &n, &err))
		return http_reply_error(req, &err);
	/* A forwarded link must not hand out the contact details in full. */
	mask_complaint(&cp, a);
	char t1[40], t2[40];
	json_t *timeline = json_array();
	int told_state = ST_REGISTERED;
	for (int i = 0; i < n; i++) {
		if (!customer_kind(items[i].kind))
			continue;
		char at[40];
		json_t *e = json_pack("{s:s,s:s}", "at", clock_format(items[i].at, at, sizeof at),
				      "kind", items[i].kind);
		json_t *d = json_loads(items[i].data, 0, NULL);
		/* what is being done, as the customer was told; of a department's
		 * task nothing else (which one, and what it was asked, stay inside) */
		json_t *told = json_object_get(d, "progress");
		if (!strcmp(items[i].kind, "task_created") && !json_is_object(told)) {
			json_decref(d);
			json_decref(e);
			continue;
		}
		if (json_is_object(told))
			json_object_set(e, "progress", told);
		if (!strcmp(items[i].kind, "customer_message") || !strcmp(items[i].kind, "reply")) {
			json_object_set(e, "body", json_object_get(d, "body"));
		} else if (strcmp(items[i].kind, "plan_proposed") == 0) {
			json_object_set(e, "body", json_object_get(d, "summary"));
		} else if (strcmp(items[i].kind, "plan_answered") == 0) {
			json_object_set(e, "answer", json_object_get(d, "answer"));
		} else if (strcmp(items[i].kind, "demand_restated") == 0) {
			json_object_set(e, "body", json_object_get(d, "restatement"));
			json_object_set(e, "target", json_object_get(d, "target"));
		} else if (strcmp(items[i].kind, "demand_answered") == 0) {
			json_object_set(e, "answer", json_object_get(d, "answer"));
			json_object_set(e, "body", json_object_get(d, "correction"));
		} else if (strcmp(items[i].kind, "status_changed") == 0) {
			/* an approval or a department's part is the team's own step:
			 * the customer sees the complaint in progress, and once */
			int st = state_find(json_string_value(json_object_get(d, "to")));
			if (st < 0 || (int)state_for_customer(st) == told_state) {
				json_decref(d);
				json_decref(e);
				continue;
			}
			told_state = (int)state_for_customer(st);
			json_object_set_new(e, "status", json_string(state_name(told_state)));
			if (state_is(st, ST_TELLS_REASON))
				json_object_set(e, "note", json_object_get(d, "reason"));
		}
		json_decref(d);
		json_array_append_new(timeline, e);
	}
	/* the files the customer gave (by mail or here), not the team's own */
	struct attachment *files;
	int nf;
	if (store_attachments_of(c, cp.id, a, &files, &nf, &err)) {
		json_decref(timeline);
		return http_reply_error(req, &err);
	}
	json_t *attached = json_array();
	for (int i = 0; i < nf; i++)
		if (strcmp(files[i].source, "staff") != 0)
			json_array_append_new(attached,
					      json_pack("{s:I,s:s,s:I,s:s}", "id", (json_int_t)files[i].id,
							"filename", files[i].filename, "size",
							(json_int_t)files[i].size, "created_at",
							clock_format(files[i].created_at, t1, sizeof t1)));
	json_t *o = json_pack(
		"{s:s,s:s,s:s,s:{s:s?,s:s?,s:s?},s:{s:s?,s:s?,s:s?},s:s,s:s?,s:s?,s:s,s:s,s:o}",
		"tracking_no", cp.tracking_no, "status", state_name(state_for_customer(cp.state)), "channel", cp.v[CF_CHANNEL],
		"complainant", "name", cp.v[CF_NAME], "phone", cp.v[CF_PHONE], "email",
		cp.v[CF_EMAIL], "object", "kind", cp.v[CF_OBJECT_KIND], "ref",
		cp.v[CF_OBJECT_REF], "name", cp.v[CF_OBJECT_NAME], "content", cp.v[CF_CONTENT],
		"demand", cp.v[CF_DEMAND], "desired_resolution", cp.v[CF_DESIRED_RESOLUTION],
		"created_at", clock_format(cp.created_at, t1, sizeof t1), "updated_at",
		clock_format(cp.updated_at, t2, sizeof t2), "timeline", timeline);
	json_object_set_new(o, "attachments", attached);
	/* the plans proposed, for the customer to answer (domain.md 6) */
	struct plan *plans;
	int np;
	if (store_plans_of(c, cp.id, a, &plans, &np, &err)) {
		json_decref(o);
		return http_reply_error(req, &err);
	}
	json_t *parr = json_array();
	for (int p = 0; p < np; p++)
		json_array_append_new(parr, portal_plan_json(&plans[p]));
	json_object_set_new(o, "plans", parr);
	/* the newest restatement of the demand, for the customer to confirm
	 * or correct while it waits */
	struct demand_restatement dr;
	int found;
	if (wf_demand_latest(c, &cp, a, &dr, &found, &err)) {
		json_decref(o);
		return http_reply_error(req, &err);
	}
	json_object_set_new(o, "demand_restatement", found ? portal_demand_json(&dr) : json_null());
	/* when the customer may expect the next steps: the clocks still running */
	json_t *clocks = wf_clocks_json(c, cp.id, clock_now_ms(), &err);
	json_t *expected = json_object();
	size_t i;
	json_t *k;
	json_array_foreach(clocks, i, k) {
		const char *kind = json_string_value(json_object_get(k, "kind"));
		const char *state = json_string_value(json_object_get(k, "state"));
		if (kind && state && !strcmp(state, "running"))
			json_object_set(expected, kind, json_object_get(k, "due_at"));
	}
	json_decref(clocks);
	json_object_set_new(o, "expected", expected);
	/* the latest word on what is being done and when they next hear */
	struct event last;
	found = 0;
	/* once resolved, what was being done is history: the timeline keeps it */
	if (!state_is(cp.state, ST_IS_RESOLVED) &&
	    store_event_progress_last(c, cp.id, a, &last, &found, &err)) {
		json_decref(o);
		return http_reply_error(req, &err);
	}
	json_t *told = NULL;
	if (found) {
		json_t *d = json_loads(last.data, 0, NULL);
		json_t *p = json_object_get(d, "progress");
		char at[40];
		told = json_pack("{s:O?,s:O?,s:s}", "line", json_object_get(p, "line"),
				 "next_contact_at", json_object_get(p, "next_contact_at"), "at",
				 clock_format(last.at, at, sizeof at));
		json_decref(d);
	}
	json_object_set_new(o, "progress", told ? told : json_null());
	/* after the resolution the customer rates it (and may reopen it) */
	json_object_set_new(o, "can_rate", json_boolean(state_is(cp.state, ST_RATEABLE)));
	int unverified;
	if (wf_contact_unverified(c, &cp, &unverified, &err)) {
		json_decref(o);
		return http_reply_error(req, &err);
	}
	json_object_set_new(o, "email_confirmed", json_boolean(cp.v[CF_EMAIL] && !unverified));
	/* merged into the complaint it repeats: the page says so, and names
	 * that one only to the same customer (another's is none of theirs) */
	json_t *merged = json_null();
	if (wf_merged(&cp)) {
		struct complaint orig;
		int rc = store_complaint_get(c, 0, cp.v[CF_DUPLICATE_OF], a, &orig, &err);
		if (rc && rc != -KE_NOT_FOUND) {
			json_decref(o);
			return http_reply_error(req, &err);
		}
		int same = !rc && cp.customer_id && cp.customer_id == orig.customer_id;
		merged = json_pack("{s:s?}", "into", same ? orig.tracking_no : NULL);
	}
	json_object_set_new(o, "merged", merged);
	return http_reply_json(req, 200, o);
}

struct message_job {
	struct store_job job;
	int64_t complaint_id, now;
	const char *text;
	struct event e;
	struct complaint after;
	struct arena *a;
};

static int message_run(struct store_conn *c, struct store_job *job)
{
	struct message_job *j = (struct message_job *)job;
	struct complaint cp;
	struct wf_message m = {.body = j->text, .via = "portal"};
	int rc = store_complaint_get(c, j->complaint_id, NULL, j->a, &cp, &job->err);
	/* the same act as a reply by mail: the same effect */
	return rc ? rc
		  : wf_customer_wrote(c, &cp, &m, j->now, j->a, &j->after, &j->e, &job->err);
}

static int message_finish(struct http_request *req, struct store_job *job)
{
	struct message_job *j = (struct message_job *)job;
	if (job->rc)
		return http_reply_error(req, &job->err);
	char at[40];
	return http_reply_json(req, 201, json_pack("{s:s,s:s,s:s,s:s}", "at",
						   clock_format(j->e.at, at, sizeof at), "kind",
						   j->e.kind, "body", j->text, "status",
						   state_name(state_for_customer(j->after.state))));
}

int portal_message(struct http_request *req)
{
	struct kesu_err err = {0};
	struct arena *a = http_arena(req);
	struct complaint cp;
	int done;
	struct store_conn *c = portal_open(req, &cp, &done);
	if (!c)
		return done;
	json_t *body = http_body_json(req, &err);
	const char *text;
	if (!body)
		return http_reply_error(req, &err);
	if (!json_is_object(body)) {
		kesu_fail(&err, KE_WRONG_TYPE, "", "the body must be a JSON object");
		return http_reply_error(req, &err);
	}
	if (field_known_keys(body, NULL, &message_field, 1, &err) ||
	    field_check(&message_field, json_object_get(body, "body"), clock_now_ms(), a, &text,
			&err))
		return http_reply_error(req, &err);
	if (!text) {
		kesu_fail(&err, KE_MISSING_FIELD, "body", "is required: your message");
		return http_reply_error(req, &err);
	}
	struct message_job *j = arena_zalloc(a, sizeof *j);
	j->job.run = message_run;
	j->complaint_id = cp.id;
	j->now = clock_now_ms();
	j->text = text;
	j->a = a;
	return http_defer(req, &j->job, message_finish);
}

int portal_attach(struct http_request *req)
{
	struct complaint cp;
	int done;
	struct store_conn *c = portal_open(req, &cp, &done);
	if (!c)
		return done;
	return api_attach_upload(req, cp.id, "portal", &wf_customer);
}

int portal_attachment(struct http_request *req)
{
	struct kesu_err err = {0};
	struct arena *a = http_arena(req);
	struct complaint cp;
	struct attachment t;
	int64_t id;
	int done;
	struct store_conn *c = portal_open(req, &cp, &done);
	if (!c)
		return done;
	if (api_id(http_param(req, 1), &id, &err))
		return http_reply_error(req, &err);
	int rc = store_attachment_get(c, id, 1, a, &t, &err);
	if (rc && rc != -KE_NOT_FOUND)
		return http_reply_error(req, &err);
	if (rc || t.complaint_id != cp.id || strcmp(t.source, "staff") == 0) {
		kesu_fail(&err, KE_NOT_FOUND, "", "no attachment %lld", (long long)id);
		return http_reply_error(req, &err);
	}
	return http_reply_download(req, intake_download_type(t.content_type), t.data,
				   (size_t)t.size, t.filename);
}

/* --- POST .../email-confirmation: the code the e-mail carried ---------------- */

struct confirm_job {
	struct store_job job;
	int64_t complaint_id, now;
	struct arena *a;
};

static int confirm_run(struct store_conn *c, struct store_job *job)
{
	struct confirm_job *j = (struct confirm_job *)job;
	struct complaint cp;
	int rc = store_complaint_get(c, j->complaint_id, NULL, j->a, &cp, &job->err);
	return rc ? rc : wf_contact_verified(c, &cp, j->now, &job->err);
}

static int confirm_finish(struct http_request *req, struct store_job *job)
{
	if (job->rc)
		return http_reply_error(req, &job->err);
	return http_reply_json(req, 200, json_pack("{s:b}", "email_confirmed", 1));
}

int portal_confirm_email(struct http_request *req)
{
	static const char *const keys[] = {"code", NULL};
	struct kesu_err err = {0};
	struct arena *a = http_arena(req);
	struct complaint cp;
	int done;
	struct store_conn *c = portal_open(req, &cp, &done);
	if (!c)
		return done;
	json_t *body = http_body_json(req, &err);
	const char *code;
	if (!body || api_known_keys(body, keys, &err) ||
	    api_string(body, "code", 1, 20, &code, &err))
		return http_reply_error(req, &err);
	if (!cp.v[CF_EMAIL]) {
		kesu_fail(&err, KE_CONFLICT, "code", "this complaint has no e-mail address to confirm");
		return http_reply_error(req, &err);
	}
	char want[12];
	ids_verify_code(store_secret_key(http_store(req)), cp.portal_nonce, want);
	int ok = ids_str_equal(code, want);
	memset(want, 0, sizeof want);
	if (!ok) {
		/* guesses count as wrong tokens do */
		kesu_fail(&err, KE_INVALID_VALUE, "code",
			  "is not the code we sent to the complaint's e-mail address");
		return rl_fail_reply(req, RL_PORTAL, http_address(req), clock_now_ms(), &err);
	}
	struct confirm_job *j = arena_zalloc(a, sizeof *j);
	j->job.run = confirm_run;
	j->complaint_id = cp.id;
	j->now = clock_now_ms();
	j->a = a;
	return http_defer(req, &j->job, confirm_finish);
}

/* --- POST /api/v1/portal/complaints: a customer registers a complaint ------ */

/* The mailbox an address reaches, for counting: one case, and without a
 * "+tag", which most providers deliver to the same inbox. */
static const char *mailbox_key(const char *email, struct arena *a)
{
	char *k = arena_strdup(a, email);
	char *at = strrchr(k, '@');
	char *plus = strchr(k, '+');
	if (at && plus && plus < at)
		memmove(plus, at, strlen(at) + 1);
	for (char *p = k; *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
	return k;
}

/* What a customer tells; the judgements (severity, category, emotion...)
 * are the team's. */
static const char *const customer_keys[] = {"complainant", "object", "content", "occurred_at",
					    "purchased_at", "usage", "demand",
					    "desired_resolution", "language", NULL};

static int register_finish(struct http_request *req, struct store_job *job)
{
	struct intake *j = (struct intake *)job;
	intake_done(j);
	if (job->rc)
		return http_reply_error(req, &job->err);
	char token[40];
	ids_portal_token(j->secret, j->c.portal_nonce, token);
	struct kesu_err err = {0};
	struct store_conn *c = http_reader(req, &err);
	json_t *clocks = c ? wf_clocks_json(c, j->c.id, clock_now_ms(), &err) : NULL;
	json_t *expected = json_object();
	size_t i;
	json_t *k;
	json_array_foreach(clocks, i, k) {
		const char *kind = json_string_value(json_object_get(k, "kind"));
		json_t *due = json_object_get(k, "due_at");
		if (kind && json_is_string(due))
			json_object_set(expected, kind, due);
	}
	json_decref(clocks);
	char created[40];
	return http_reply_json(
		req, 201,
		json_pack("{s:s,s:s,s:s,s:s,s:s,s:o}", "tracking_no", j->c.tracking_no, "portal_token",
			  token, "status_url",
			  arena_printf(http_arena(req), "/status/%s#t=%s", j->c.tracking_no, token),
			  "status", state_name(state_for_customer(j->c.state)), "created_at",
			  clock_format(j->c.created_at, created, sizeof created), "expected",
			  expected));
}

int portal_register(struct http_request *req)
{
	struct kesu_err err = {0};
	struct arena *a = http_arena(req);
	int64_t now = clock_now_ms();
	struct store_conn *c = http_reader(req, &err);
	if (!c)
		return http_reply_error(req, &err);
	int wait = rl_blocked(c, RL_REGISTER, http_address(req), now);
	if (wait)
		return api_reply_rate_limited(req, wait, "too many complaints from your address");
	json_t *body = http_body_json(req, &err);
	if (!body || api_known_keys(body, customer_keys, &err))
		return http_reply_error(req, &err);
	json_t *copy = json_deep_copy(body);
	json_object_set_new(copy, "channel", json_string("web"));
	struct intake *j;
	int rc = intake_prepare(a, copy, now, "portal", store_secret_key(http_store(req)), &j, &err);
	json_decref(copy);
	if (rc)
		return http_reply_error(req, &err);
	if (!j->c.v[CF_PHONE] && !j->c.v[CF_EMAIL]) {
		intake_done(j);
		kesu_fail(&err, KE_MISSING_FIELD, "complainant.phone",
			  "is required, or complainant.email: how we reach you");
		return http_reply_error(req, &err);
	}
	/* Each registration mails its address: whatever the client's address,
	 * an address gets only so many a day. */
	const char *mailbox = j->c.v[CF_EMAIL] ? mailbox_key(j->c.v[CF_EMAIL], a) : NULL;
	if (mailbox && (wait = rl_blocked(c, RL_REGISTER_EMAIL, mailbox, now))) {
		intake_done(j);
		char ra[16];
		snprintf(ra, sizeof ra, "%d", wait);
		http_add_header(req, "Retry-After", ra);
		kesu_fail(&err, KE_RATE_LIMITED, "complainant.email",
			  "has had %lld complaints registered today, the most we mail; give a phone "
			  "number, or try again in %d seconds",
			  (long long)rl_rules[RL_REGISTER_EMAIL].limit, wait);
		return http_reply_error(req, &err);
	}
	/* counts every registration, durably before it is answered (the
	 * writer runs jobs in their order) */
	rl_count(http_store(req), RL_REGISTER, http_address(req), 1, now);
	if (mailbox)
		rl_count(http_store(req), RL_REGISTER_EMAIL, mailbox, 1, now);
	return http_defer(req, &j->job, register_finish);
}

/* --- POST /api/v1/portal/complaints/{tracking_no}/rating -------------------- */

struct rate_job {
	struct store_job job;
	int64_t complaint_id;
	struct callback_rec k;
	struct complaint after;
	struct arena *a;
};

static int rate_run(struct store_conn *c, struct store_job *job)
{
	struct rate_job *j = (struct rate_job *)job;
	struct complaint cp;
	int rc = store_complaint_get(c, j->complaint_id, NULL, j->a, &cp, &job->err);
	/* the customer's own answer to the follow-up: closes a satisfied
	 * complaint, reopens it with their reason otherwise */
	return rc ? rc
		  : wf_follow_up(c, &cp, &j->k, &wf_customer, j->k.at, j->a, &j->after, &job->err);
}

static int rate_finish(struct http_request *req, struct store_job *job)
{
	struct rate_job *j = (struct rate_job *)job;
	if (job->rc)
		return http_reply_error(req, &job->err);
	return http_reply_json(req, 201, json_pack("{s:s,s:i,s:i}", "status", state_name(state_for_customer(j->after.state)),
						   "satisfaction", j->k.satisfaction,
						   "reopen_count", j->after.reopen_count));
}

int portal_rate(struct http_request *req)
{
	static const char *const keys[] = {"satisfaction", "carried_out", "comment", NULL};
	static const struct field_def comment_field = {NULL, "comment", "comment", FK_MULTILINE,
						       2000, NULL, "the customer's words"};
	struct kesu_err err = {0};
	struct arena *a = http_arena(req);
	struct complaint cp;
	int done;
	struct store_conn *c = portal_open(req, &cp, &done);
	if (!c)
		return done;
	json_t *body = http_body_json(req, &err);
	if (!body || api_known_keys(body, keys, &err))
		return http_reply_error(req, &err);
	struct rate_job *j = arena_zalloc(a, sizeof *j);
	json_t *v = json_object_get(body, "satisfaction");
	if (!json_is_integer(v) || json_integer_value(v) < 1 || json_integer_value(v) > 5) {
		kesu_fail(&err, v ? KE_INVALID_VALUE : KE_MISSING_FIELD, "satisfaction",
			  "is required: 1 (very unhappy) to 5 (very happy)");
		return http_reply_error(req, &err);
	}
	j->k.satisfaction = (int)json_integer_value(v);
	json_t *co = json_object_get(body, "carried_out");
	if (co && !json_is_boolean(co) && !json_is_null(co)) {
		kesu_fail(&err, KE_WRONG_TYPE, "carried_out", "must be true or false");
		return http_reply_error(req, &err);
	}
	j->k.carried_out = co && json_is_boolean(co) ? (json_is_true(co) ? 1 : 2) : 0;
	if (field_check(&comment_field, json_object_get(body, "comment"), clock_now_ms(), a,
			&j->k.advice, &err))
		return http_reply_error(req, &err);
	if (j->k.satisfaction < 4 && !j->k.advice) {
		kesu_fail(&err, KE_MISSING_FIELD, "comment",
			  "is required when you are not satisfied: what should we do better?");
		return http_reply_error(req, &err);
	}
	j->job.run = rate_run;
	j->complaint_id = cp.id;
	j->a = a;
	j->k.at = clock_now_ms();
	j->k.method = "portal";
	j->k.reached = 1;
	return http_defer(req, &j->job, rate_finish);
}

/* --- POST /api/v1/portal/complaints/{tracking_no}/plans/{id}/answer ---------- */

struct plan_answer_job {
	struct store_job job;
	int64_t complaint_id, plan_id, now;
	const char *answer, *conditions, *counter_offer;
	struct plan p;
	struct arena *a;
};

static int plan_answer_run(struct store_conn *c, struct store_job *job)
{
	struct plan_answer_job *j = (struct plan_answer_job *)job;
	struct complaint cp;
	int rc = store_plan_get(c, j->plan_id, j->a, &j->p, &job->err);
	if (!rc && j->p.complaint_id != j->complaint_id)
		rc = kesu_fail(&job->err, KE_NOT_FOUND, "", "no plan %lld", (long long)j->plan_id);
	if (!rc)
		rc = store_complaint_get(c, j->complaint_id, NULL, j->a, &cp, &job->err);
	return rc ? rc
		  : wf_plan_answer(c, &cp, &j->p, j->answer, j->conditions, j->counter_offer,
				   &wf_customer, j->now, &job->err);
}

static int plan_answer_finish(struct http_request *req, struct store_job *job)
{
	struct plan_answer_job *j = (struct plan_answer_job *)job;
	if (job->rc)
		return http_reply_error(req, &job->err);
	return http_reply_json(req, 200, portal_plan_json(&j->p));
}

int portal_plan_answer(struct http_request *req)
{
	struct kesu_err err = {0};
	struct arena *a = http_arena(req);
	struct complaint cp;
	int done;
	struct store_conn *c = portal_open(req, &cp, &done);
	if (!c)
		return done;
	struct plan_answer_job *j = arena_zalloc(a, sizeof *j);
	json_t *body = http_body_json(req, &err);
	if (!body || api_id(http_param(req, 1), &j->plan_id, &err) ||
	    api_plan_answer_body(body, a, &j->answer, &j->conditions, &j->counter_offer, &err))
		return http_reply_error(req, &err);
	j->complaint_id = cp.id;
	j->now = clock_now_ms();
	j->a = a;
	j->job.run = plan_answer_run;
	return http_defer(req, &j->job, plan_answer_finish);
}

/* --- POST .../demand-restatements/{id}/answer: the customer confirms ------- */

struct demand_answer_job {
	struct store_job job;
	int64_t complaint_id, restatement_id, now;
	const char *answer, *correction;
	struct demand_restatement d;
	struct arena *a;
};

static int demand_answer_run(struct store_conn *c, struct store_job *job)
{
	struct demand_answer_job *j = (struct demand_answer_job *)job;
	struct complaint cp;
	int rc = store_demand_get(c, j->restatement_id, j->a, &j->d, &job->err);
	if (!rc && j->d.complaint_id != j->complaint_id)
		rc = kesu_fail(&job->err, KE_NOT_FOUND, "", "no restatement %lld",
			       (long long)j->restatement_id);
	if (!rc)
		rc = store_complaint_get(c, j->complaint_id, NULL, j->a, &cp, &job->err);
	return rc ? rc
		  : wf_demand_answer(c, &cp, &j->d, j->answer, j->correction, "portal",
				     &wf_customer, j->now, &job->err);
}

static int demand_answer_finish(struct http_request *req, struct store_job *job)
{
	struct demand_answer_job *j = (struct demand_answer_job *)job;
	if (job->rc)
		return http_reply_error(req, &job->err);
	return http_reply_json(req, 200, portal_demand_json(&j->d));
}

int portal_demand_answer(struct http_request *req)
{
	static const char *const keys[] = {"answer", "correction", NULL};
	struct kesu_err err = {0};
	struct arena *a = http_arena(req);
	struct complaint cp;
	int done;
	struct store_conn *c = portal_open(req, &cp, &done);
	if (!c)
		return done;
	struct demand_answer_job *j = arena_zalloc(a, sizeof *j);
	json_t *body = http_body_json(req, &err);
	if (!body || api_known_keys(body, keys, &err) ||
	    api_id(http_param(req, 1), &j->restatement_id, &err) ||
	    api_demand_answer_body(body, a, &j->answer, &j->correction, &err))
		return http_reply_error(req, &err);
	j->complaint_id = cp.id;
	j->now = clock_now_ms();
	j->a = a;
	j->job.run = demand_answer_run;
	return http_defer(req, &j->job, demand_answer_finish);
}
