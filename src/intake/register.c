/*
 * register.c - registering a complaint in the store (see intake.h).
 */
#include "intake.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../analysis/analysis.h"
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
			rc = store_complaint_get(c, id, NULL, j->a, &j->c, err);
			/* the repeats as they were found the first time */
			struct reading_row rr;
			json_decref(j->repeats);
			j->repeats = NULL;
			if (!rc && store_reading_latest(c, id, j->a, &rr, err) == 0) {
				json_t *o = json_loads(rr.reading, 0, NULL);
				j->repeats = json_incref(json_object_get(o, "repeats"));
				json_decref(o);
			} else if (!rc) {
				kesu_err_clear(err); /* none kept: reading was off */
			}
			return rc;
		}
		if (rc != -KE_NOT_FOUND)
			return rc;
	}
	if (!j->c.team_id && (rc = store_default_team(c, &j->c.team_id, err)))
		return rc;
	struct wf_registration r = {.cp = &j->c, .fields = j->fields, .clocks_from = j->clocks_from,
				    .systemic_given = j->c.systemic, .reading = j->reading,
				    .repeats = j->repeats, .repeats_known = j->repeats_known};
	struct customer cur;
	rc = store_customer_find(c, j->from.phone_key, j->from.email_key, j->a, &cur, err);
	if (rc == 0) {
		j->c.customer_id = cur.id;
		r.customer_type = cur.customer_type;
		r.key_customer = cur.key_customer;
		r.earlier = cur.complaint_count > 0;
		if ((rc = store_customer_fill(c, &cur, &j->from, j->c.created_at, err)))
			return rc;
	} else if (rc == -KE_NOT_FOUND) {
		if ((rc = store_customer_insert(c, &j->from, err)))
			return rc;
		j->c.customer_id = j->from.id;
	} else {
		return rc;
	}
	rc = wf_register(c, &r, j->who ? j->who : &wf_system, err);
	if (!j->repeats_known)
		j->repeats = r.repeats;
	if (rc)
		return rc;
	if (j->idem_key)
		rc = store_idem_put(c, j->c.created_by, j->idem_key, j->req_hash, j->c.id,
				    j->c.created_at, err);
	return rc;
}

int intake_run(struct store_conn *c, struct store_job *job)
{
	return intake_store(c, (struct intake *)job, &job->err);
}

void intake_repeats(struct store_conn *reader, struct intake *j)
{
	struct kesu_err err = {0};
	struct customer cur;
	if (!j->reading || !j->c.v[CF_CONTENT])
		return;
	int rc = store_customer_find(reader, j->from.phone_key, j->from.email_key, j->a, &cur,
				     &err);
	if (rc == -KE_NOT_FOUND || (!rc && cur.complaint_count == 0)) {
		j->repeats_known = 1; /* a new customer repeats nothing */
		return;
	}
	if (!rc && !wf_repeats_find(reader, cur.id, 0, j->c.v[CF_CONTENT], &j->repeats, &err))
		j->repeats_known = 1;
}

void intake_done(struct intake *j)
{
	json_decref(j->fields);
	j->fields = NULL;
	json_decref(j->repeats);
	j->repeats = NULL;
}

static int prepare(struct arena *a, json_t *body, int64_t now, const char *actor,
		   const unsigned char *secret, int read, struct intake **out, struct kesu_err *err)
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
	j->fields = fields;
	/* domain.md 3: the customer's mood and aim, and a threat, read from
	 * the words and what they want done */
	const char *text = j->c.v[CF_CONTENT], *want = j->c.v[CF_DEMAND];
	if (text && want)
		text = arena_printf(a, "%s\n%s", text, want);
	struct an_reading *r = arena_zalloc(a, sizeof *r);
	if (read && text && wf_reading_enabled() && analysis_read(text, strlen(text), r) == 0)
		j->reading = r;
	j->job.run = intake_run;
	*out = j;
	return 0;
}

int intake_prepare(struct arena *a, json_t *body, int64_t now, const char *actor,
		   const unsigned char *secret, struct intake **out, struct kesu_err *err)
{
	return prepare(a, body, now, actor, secret, 1, out, err);
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
		/* another system's history is not read now: its page reads it
		 * when shown, and it takes no threat path */
		rc = prepare(a, bodies[i], times[i], actor, store_secret_key(s), times[i] >= now,
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

