/*
 * register.c - registering a complaint in the store (see intake.h).
 */
#include "intake.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../util/clock.h"
#include "../workflow/workflow.h"

int intake_store(struct store_conn *c, struct intake *j, struct kesu_err *err)
{
	int rc;
	if (j->idem_key) {
		unsigned char hash[32];
		int64_t id;
		rc = store_idem_get(c, j->c.created_by, j->idem_key, hash, &id, err);
		if (rc == 0) {
			if (!ids_hash_equal(hash, j->req_hash, 32))
				return kesu_fail(err, KE_IDEMPOTENCY_REUSED, "Idempotency-Key",
						 "was used before for a different request");
			j->replayed = 1;
			return store_complaint_get(c, id, NULL, j->a, &j->c, err);
		}
		if (rc != -KE_NOT_FOUND)
			return rc;
	}
	if (!j->c.team_id && (rc = store_default_team(c, &j->c.team_id, err)))
		return rc;
	if ((j->c.v[CF_CAUSE] || j->c.v[CF_DUPLICATE_OF]) &&
	    (rc = wf_judgements_check(c, NULL, &j->c, j->c.systemic, NULL, err)))
		return rc;
	struct customer cur;
	const char *customer_type = NULL; /* a new customer is normal */
	rc = store_customer_find(c, j->from.phone_key, j->from.email_key, j->a, &cur, err);
	if (rc == 0) {
		j->c.customer_id = cur.id;
		customer_type = cur.customer_type;
		if ((rc = store_customer_fill(c, &cur, &j->from, j->c.created_at, err)))
			return rc;
	} else if (rc == -KE_NOT_FOUND) {
		if ((rc = store_customer_insert(c, &j->from, err)))
			return rc;
		j->c.customer_id = j->from.id;
	} else {
		return rc;
	}
	/* domain.md 4: the routing table sends it to a team and a flow; with
	 * no rule matching it stays with the registering agent's team */
	int rule = -1;
	if ((rc = wf_route(c, &j->c, customer_type, &rule, err)))
		return rc;
	char day[7];
	int64_t seq;
	clock_local_yymmdd(j->c.created_at, day);
	if ((rc = store_tracking_next(c, day, &seq, err)))
		return rc;
	ids_tracking_no(day, seq, j->c.tracking_no);
	if ((rc = store_complaint_insert(c, &j->c, err)))
		return rc;
	struct event e = {.complaint_id = j->c.id, .at = j->c.created_at,
			  .actor = j->c.created_by, .kind = "created",
			  .data = j->created_data};
	if ((rc = store_event_append(c, &e, err)) || (rc = wf_on_created(c, &j->c, j->clocks_from ? j->clocks_from : j->c.created_at, err)))
		return rc;
	if (rule >= 0) {
		json_t *d = json_pack("{s:i,s:I,s:s}", "rule", rule + 1, "team_id",
				      (json_int_t)j->c.team_id, "level", wf_levels[j->c.level].name);
		char *data = json_dumps(d, JSON_COMPACT | JSON_SORT_KEYS);
		json_decref(d);
		struct event re = {.complaint_id = j->c.id, .at = j->c.created_at, .actor = "system",
				   .kind = "routed", .data = data};
		rc = store_event_append(c, &re, err);
		free(data);
		if (rc)
			return rc;
	}
	if (j->idem_key)
		rc = store_idem_put(c, j->c.created_by, j->idem_key, j->req_hash, j->c.id,
				    j->c.created_at, err);
	return rc;
}

int intake_run(struct store_conn *c, struct store_job *job)
{
	return intake_store(c, (struct intake *)job, &job->err);
}

void intake_done(struct intake *j)
{
	free(j->created_data);
	j->created_data = NULL;
}

int intake_prepare(struct arena *a, json_t *body, int64_t now, const char *actor,
		   const unsigned char *secret, struct intake **out, struct kesu_err *err)
{
	struct intake *j = arena_zalloc(a, sizeof *j);
	int rc = complaint_from_json(body, now, a, &j->c, err);
	if (rc)
		return rc;
	j->a = a;
	j->secret = secret;
	j->c.created_at = j->c.updated_at = now;
	j->c.version = 1;
	j->c.created_by = actor;
	ids_random_bytes(j->c.portal_nonce, PORTAL_NONCE_LEN);
	char token[40];
	ids_portal_token(secret, j->c.portal_nonce, token);
	ids_token_hash(token, j->c.portal_hash);
	j->from.v[KF_NAME] = j->c.v[CF_NAME];
	j->from.v[KF_PHONE] = j->c.v[CF_PHONE];
	j->from.v[KF_EMAIL] = j->c.v[CF_EMAIL];
	j->from.v[KF_CONTACT_OTHER] = j->c.v[CF_CONTACT_OTHER];
	j->from.phone_key = customer_phone_key(j->c.v[CF_PHONE], a);
	j->from.email_key = customer_email_key(j->c.v[CF_EMAIL], a);
	j->from.created_at = j->from.updated_at = now;
	/* The timeline's first event holds the registration as it came in
	 * (fields given, without the empty ones); later "updated" events hold
	 * every change, so any past version can be rebuilt. */
	json_t *fields = json_object();
	for (int i = 0; i < CF__COUNT; i++) {
		if (!j->c.v[i])
			continue;
		const struct field_def *f = &complaint_fields[i];
		json_t *target = fields;
		if (f->group) {
			target = json_object_get(fields, f->group);
			if (!target) {
				target = json_object();
				json_object_set_new(fields, f->group, target);
			}
		}
		json_object_set_new(target, f->name, json_string(j->c.v[i]));
	}
	json_t *first = json_pack("{s:o}", "fields", fields);
	j->created_data = json_dumps(first, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(first);
	j->job.run = intake_run;
	*out = j;
	return 0;
}

int intake_register_sync(struct store *s, json_t *body, int64_t now, const char *actor,
			 int64_t *id, struct kesu_err *err)
{
	struct arena *a = arena_new();
	struct intake *j;
	int rc = intake_prepare(a, body, now, actor, store_secret_key(s), &j, err);
	if (!rc) {
		rc = store_run(s, &j->job);
		intake_done(j);
		if (rc)
			*err = j->job.err;
		else
			*id = j->c.id;
	}
	arena_free(a);
	return rc;
}

struct bulk_job {
	struct store_job job;
	struct intake **items;
	int n;
};

static int bulk_run(struct store_conn *c, struct store_job *job)
{
	struct bulk_job *b = (struct bulk_job *)job;
	for (int i = 0; i < b->n; i++) {
		int rc = intake_store(c, b->items[i], &job->err);
		if (rc)
			return rc;
	}
	return 0;
}

int intake_import(struct store *s, json_t **bodies, const int64_t *times, int n,
		  const char *actor, int *bad_index, struct kesu_err *err)
{
	struct arena *a = arena_new();
	struct bulk_job b = {.job.run = bulk_run, .n = n};
	b.items = arena_alloc(a, sizeof *b.items * (size_t)(n ? n : 1));
	int rc = 0;
	*bad_index = -1;
	int64_t now = clock_now_ms();
	for (int i = 0; i < n && !rc; i++) {
		rc = intake_prepare(a, bodies[i], times[i], actor, store_secret_key(s),
					&b.items[i], err);
		if (!rc && times[i] < now)
			b.items[i]->clocks_from = now;
		if (rc) {
			*bad_index = i;
			b.n = i;
		}
	}
	if (!rc) {
		rc = store_run(s, &b.job);
		if (rc)
			*err = b.job.err;
	}
	for (int i = 0; i < b.n; i++)
		intake_done(b.items[i]);
	arena_free(a);
	return rc;
}

