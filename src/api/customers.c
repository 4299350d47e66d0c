/*
 * customers.c - /api/v1/customers: the customer file. Complainants are
 * matched to customers by phone or email at registration; this resource
 * lists them, shows each one's complaints, and keeps their type (domain.md
 * 3) and a difficult customer's concession cap.
 */
#include "api.h"

#include <stdio.h>
#include <string.h>

#include "../http/auth.h"
#include "../util/clock.h"

/* The customer as the caller may see it. */
static json_t *visible_json(struct http_request *req, const struct customer *cu)
{
	return api_customer_json(http_principal(req), cu, http_arena(req));
}

#define CUSTOMER_COMPLAINTS_SHOWN 100

/* Staff who see only their teams' complaints see only the customers of
 * those complaints (and fresh records with no complaint yet); anyone else
 * gets the same 404 as for a customer that does not exist. */
int api_customer_visible(struct http_request *req, struct store_conn *c, int64_t id,
			 struct kesu_err *err)
{
	const struct principal *p = http_principal(req);
	if (authz_can(p, P_ALL_TEAMS))
		return 0;
	int seen = 0;
	int rc = store_customer_seen_by(c, id, p->teams, p->nteams, &seen, err);
	if (rc)
		return rc;
	return seen ? 0 : kesu_fail(err, KE_NOT_FOUND, "", "no customer %lld", (long long)id);
}

int customers_list(struct http_request *req)
{
	struct kesu_err err = {0};
	struct arena *a = http_arena(req);
	struct customer_filter f = {0};
	const char *v;
	const struct principal *p = http_principal(req);
	if (api_limit(req, 50, 200, &f.limit, &err))
		return http_reply_error(req, &err);
	if ((v = http_query(req, "phone")))
		f.phone_key = customer_phone_key(v, a);
	if ((v = http_query(req, "email")))
		f.email_key = customer_email_key(v, a);
	/* browsing the whole customer file is for those who see every team;
	 * others look a customer up by the phone or e-mail they were given */
	if (!authz_can(p, P_ALL_TEAMS) && !f.phone_key && !f.email_key) {
		kesu_fail(&err, KE_FORBIDDEN, "phone",
			  "look a customer up by phone or email; listing every customer needs the teams.all permission");
		return http_reply_error(req, &err);
	}
	if ((v = http_query(req, "cursor"))) {
		int64_t unused;
		if (api_cursor_decode(v, 'k', &unused, &f.cursor_id, &err))
			return http_reply_error(req, &err);
	}
	struct store_conn *c = http_reader(req, &err);
	struct customer *items;
	int n, more;
	if (!c || store_customer_list(c, &f, a, &items, &n, &more, &err))
		return http_reply_error(req, &err);
	json_t *arr = json_array();
	for (int i = 0; i < n; i++) {
		int rc = api_customer_visible(req, c, items[i].id, &err);
		if (rc == -KE_NOT_FOUND)
			continue;
		if (rc) {
			json_decref(arr);
			return http_reply_error(req, &err);
		}
		json_array_append_new(arr, visible_json(req, &items[i]));
	}
	const char *next = more && n ? api_cursor_encode(a, 'k', 0, items[n - 1].id) : NULL;
	return http_reply_json(req, 200, json_pack("{s:o,s:s?}", "items", arr,
						   "next_cursor", next));
}

struct customer_job {
	struct store_job job;
	struct customer cu;
	struct arena *a;
};

static int create_run(struct store_conn *c, struct store_job *job)
{
	struct customer_job *j = (struct customer_job *)job;
	struct customer other;
	int rc = store_customer_find(c, j->cu.phone_key, NULL, j->a, &other, &job->err);
	if (rc == 0)
		return kesu_refuse(&job->err, KE_CONFLICT, KR_TAKEN, "phone",
				 "belongs to customer %lld already", (long long)other.id);
	if (rc != -KE_NOT_FOUND)
		return rc;
	rc = store_customer_find(c, NULL, j->cu.email_key, j->a, &other, &job->err);
	if (rc == 0)
		return kesu_fail(&job->err, KE_CONFLICT, "email",
				 "belongs to customer %lld already", (long long)other.id);
	if (rc != -KE_NOT_FOUND)
		return rc;
	return store_customer_insert(c, &j->cu, &job->err);
}

static int create_finish(struct http_request *req, struct store_job *job)
{
	struct customer_job *j = (struct customer_job *)job;
	if (job->rc)
		return http_reply_error(req, &job->err);
	char location[64];
	snprintf(location, sizeof location, "/api/v1/customers/%lld", (long long)j->cu.id);
	http_add_header(req, "Location", location);
	return http_reply_json(req, 201, visible_json(req, &j->cu));
}

int customers_create(struct http_request *req)
{
	struct kesu_err err = {0};
	struct arena *a = http_arena(req);
	json_t *body = http_body_json(req, &err);
	if (!body)
		return http_reply_error(req, &err);
	struct customer_job *j = arena_zalloc(a, sizeof *j);
	int64_t now = clock_now_ms();
	if (customer_from_json(body, now, a, &j->cu, &err))
		return http_reply_error(req, &err);
	j->cu.created_at = j->cu.updated_at = now;
	j->a = a;
	j->job.run = create_run;
	return http_defer(req, &j->job, create_finish);
}

int customers_get(struct http_request *req)
{
	struct kesu_err err = {0};
	struct arena *a = http_arena(req);
	int64_t id;
	struct customer cu;
	struct complaint *items;
	int n;
	if (api_id(http_param(req, 0), &id, &err))
		return http_reply_error(req, &err);
	struct store_conn *c = http_reader(req, &err);
	if (!c || store_customer_get(c, id, a, &cu, &err) || api_customer_visible(req, c, id, &err) ||
	    store_customer_complaints(c, id, CUSTOMER_COMPLAINTS_SHOWN, a, &items, &n, &err))
		return http_reply_error(req, &err);
	json_t *o = visible_json(req, &cu);
	json_t *arr = json_array();
	for (int i = 0; i < n; i++)
		if (authz_team(http_principal(req), items[i].team_id))
			json_array_append_new(arr, complaint_summary_json(&items[i]));
	json_object_set_new(o, "complaints", arr);
	return http_reply_json(req, 200, o);
}

struct reveal_job {
	struct store_job job;
	int64_t id, now;
	const char *actor, *address;
	struct customer cu;
	struct arena *a;
};

static int reveal_run(struct store_conn *c, struct store_job *job)
{
	struct reveal_job *j = (struct reveal_job *)job;
	int rc = store_customer_get(c, j->id, j->a, &j->cu, &job->err);
	if (rc)
		return rc;
	char target[40];
	snprintf(target, sizeof target, "customer:%lld", (long long)j->id);
	return api_security_event(c, j->actor, j->address, j->now, "pii_revealed", target, NULL,
				  &job->err);
}

static int reveal_finish(struct http_request *req, struct store_job *job)
{
	struct reveal_job *j = (struct reveal_job *)job;
	if (job->rc)
		return http_reply_error(req, &job->err);
	return http_reply_json(req, 200, customer_to_json(&j->cu));
}

int customers_reveal(struct http_request *req)
{
	struct kesu_err err = {0};
	struct arena *a = http_arena(req);
	struct reveal_job *j = arena_zalloc(a, sizeof *j);
	struct store_conn *c;
	if (api_id(http_param(req, 0), &j->id, &err) || !(c = http_reader(req, &err)) ||
	    store_customer_get(c, j->id, a, &j->cu, &err) || api_customer_visible(req, c, j->id, &err))
		return http_reply_error(req, &err);
	j->job.run = reveal_run;
	j->now = clock_now_ms();
	j->actor = arena_strdup(a, http_principal(req)->actor);
	j->address = arena_strdup(a, http_address(req));
	j->a = a;
	return http_defer(req, &j->job, reveal_finish);
}

/* --- PATCH /api/v1/customers/{id}: the customer's type ------------------------- */

struct type_job {
	struct store_job job;
	int64_t id, cap, now;
	const char *type;
	int set_type, set_cap, set_opt_out, opt_out;
	struct principal who;
	struct customer cu;
	struct arena *a;
};

static int type_run(struct store_conn *c, struct store_job *job)
{
	struct type_job *j = (struct type_job *)job;
	int rc = store_customer_get(c, j->id, j->a, &j->cu, &job->err);
	if (rc)
		return rc;
	char target[40];
	snprintf(target, sizeof target, "customer:%lld", (long long)j->id);
	if (j->set_opt_out) {
		/* the customer's wish, told to an agent (domain.md 6) */
		if ((rc = store_customer_thanks_opt_out(c, j->id, j->opt_out, j->who.actor, j->now,
							&job->err)))
			return rc;
		json_t *d = json_pack("{s:b}", "thanks_opt_out", j->opt_out);
		rc = api_security_event(c, j->who.actor, NULL, j->now, "customer_thanks_opt_out",
					target, d, &job->err);
		json_decref(d);
		if (rc)
			return rc;
		j->cu.thanks_opt_out = j->opt_out;
		if (!j->set_type && !j->set_cap)
			return 0;
	}
	const char *type = j->set_type ? j->type : j->cu.customer_type;
	int64_t cap = j->set_cap ? j->cap : j->cu.concession_cap_fen;
	if (cap >= 0 && strcmp(type, "difficult") != 0) /* the cap is for them alone */
		return kesu_fail(&job->err, KE_INVALID_VALUE, "concession_cap_fen",
				 "is for a difficult customer (customer_type difficult)");
	if ((rc = store_customer_set_type(c, j->id, type, cap, j->now, &job->err)))
		return rc;
	json_t *d = json_pack("{s:s,s:o}", "customer_type", type, "concession_cap_fen",
			      cap >= 0 ? json_integer(cap) : json_null());
	rc = api_security_event(c, j->who.actor, NULL, j->now, "customer_type_set", target, d,
				&job->err);
	json_decref(d);
	j->cu.customer_type = type;
	j->cu.concession_cap_fen = cap;
	return rc;
}

static int type_finish(struct http_request *req, struct store_job *job)
{
	struct type_job *j = (struct type_job *)job;
	if (job->rc)
		return http_reply_error(req, &job->err);
	json_t *o = json_pack("{s:I,s:s,s:o,s:b}", "id", (json_int_t)j->cu.id, "customer_type",
			      j->cu.customer_type, "concession_cap_fen",
			      j->cu.concession_cap_fen >= 0 ? json_integer(j->cu.concession_cap_fen)
							    : json_null(),
			      "thanks_opt_out", j->cu.thanks_opt_out);
	return http_reply_json(req, 200, o);
}

int customers_patch(struct http_request *req)
{
	static const char *const keys[] = {"customer_type", "concession_cap_fen", "thanks_opt_out",
					   NULL};
	struct kesu_err err = {0};
	struct arena *a = http_arena(req);
	json_t *body = api_body(req, keys, &err);
	struct type_job *j = arena_zalloc(a, sizeof *j);
	if (!body || api_id(http_param(req, 0), &j->id, &err) ||
	    api_string(body, "customer_type", 0, 32, &j->type, &err))
		return http_reply_error(req, &err);
	j->set_type = j->type != NULL;
	if (j->type && enum_index(en_customer_type, j->type) < 0)
		return api_fail(req, KE_INVALID_VALUE, "customer_type",
				"must be normal, wants_to_be_heard, needs_explanation, difficult or expert");
	json_t *cap = json_object_get(body, "concession_cap_fen");
	if (cap) {
		if (!json_is_null(cap) && (!json_is_integer(cap) || json_integer_value(cap) < 0))
			return api_fail(req, KE_WRONG_TYPE, "concession_cap_fen",
					"must be an amount in fen (0 or more), or null for none");
		/* a cap decides what others may grant: an approver sets it */
		if (!authz_can(http_principal(req), P_COMPENSATION_APPROVE))
			return api_fail(req, KE_FORBIDDEN, "concession_cap_fen",
					  "setting a concession cap needs compensation.approve");
		j->set_cap = 1;
		j->cap = json_is_null(cap) ? -1 : json_integer_value(cap);
	}
	json_t *opt = json_object_get(body, "thanks_opt_out");
	if (opt) {
		if (!json_is_boolean(opt))
			return api_fail(req, KE_WRONG_TYPE, "thanks_opt_out",
					"must be true (no thank-you letters) or false");
		j->set_opt_out = 1;
		j->opt_out = json_is_true(opt);
	}
	if (!j->set_type && !j->set_cap && !j->set_opt_out)
		return api_fail(req, KE_MISSING_FIELD, "customer_type",
				  "send customer_type, concession_cap_fen and/or thanks_opt_out");
	struct store_conn *c = http_reader(req, &err);
	struct customer cu;
	const struct principal *p = http_principal(req);
	int seen = 1;
	if (!c || store_customer_get(c, j->id, a, &cu, &err) ||
	    (!authz_can(p, P_ALL_TEAMS) &&
	     store_customer_seen_by(c, j->id, p->teams, p->nteams, &seen, &err)))
		return http_reply_error(req, &err);
	if (!seen)
		return api_fail(req, KE_NOT_FOUND, "", "no such customer");
	j->who = *p;
	j->now = clock_now_ms();
	j->a = a;
	j->job.run = type_run;
	return http_defer(req, &j->job, type_finish);
}
