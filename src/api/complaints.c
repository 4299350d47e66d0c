/*
 * complaints.c - /api/v1/complaints/{ref}: registering a complaint,
 * reading it with what handling needs at hand, editing it with ETags,
 * and revealing its contact details (recorded). Lists and queues are
 * queues.c; the timeline is timeline.c.
 */
#include "api.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../http/auth.h"
#include "../analysis/analysis.h"
#include "../intake/intake.h"
#include "../util/clock.h"

#define IDEMPOTENCY_KEY_MAX 200
/* The later second complaints a complaint's page lists. */
#define SECOND_LATER_MAX 20

/* --- POST /api/v1/complaints ---------------------------------------------- */

static int create_finish(struct http_request *req, struct store_job *job)
{
	struct intake *j = (struct intake *)job;
	json_t *repeats = json_incref(j->repeats);
	intake_done(j);
	if (job->rc) {
		json_decref(repeats);
		return http_reply_error(req, &job->err);
	}
	char token[40], location[64];
	ids_portal_token(j->secret, j->c.portal_nonce, token);
	snprintf(location, sizeof location, "/api/v1/complaints/%lld", (long long)j->c.id);
	http_add_header(req, "Location", location);
	if (j->replayed)
		http_add_header(req, "Idempotent-Replayed", "true");
	char etag[32];
	complaint_etag(&j->c, etag);
	http_add_header(req, "ETag", etag);
	json_t *o = api_complaint_json(http_principal(req), &j->c, token, http_arena(req));
	/* what kesu read in its words, as it was kept (as GET shows it; a
	 * replay reads the same words the same way) */
	if (j->reading) {
		json_t *an = analysis_json(j->reading);
		char at[40];
		if (repeats)
			json_object_set(an, "repeats", repeats);
		json_object_set_new(an, "source", json_string("intake"));
		json_object_set_new(an, "read_at",
				    json_string(clock_format(j->c.created_at, at, sizeof at)));
		json_object_set_new(an, "accepted_by", json_null());
		json_object_set_new(an, "accepted_at", json_null());
		json_object_set_new(o, "analysis", an);
	}
	json_decref(repeats);
	return http_reply_json(req, 201, o);
}

static int check_idem_key(const char *k, struct kesu_err *err)
{
	size_t n = strlen(k);
	int ok = n > 0 && n <= IDEMPOTENCY_KEY_MAX;
	for (size_t i = 0; ok && i < n; i++)
		ok = k[i] >= 0x21 && k[i] <= 0x7e;
	return ok ? 0
		  : kesu_fail(err, KE_INVALID_VALUE, "Idempotency-Key",
			      "must be 1 to %d visible ASCII characters", IDEMPOTENCY_KEY_MAX);
}

int complaints_create(struct http_request *req)
{
	struct kesu_err err = {0};
	struct arena *a = http_arena(req);
	json_t *body = http_body_json(req, &err);
	if (!body)
		return http_reply_error(req, &err);
	const char *key = http_header(req, "Idempotency-Key");
	if (key && check_idem_key(key, &err))
		return http_reply_error(req, &err);
	struct intake *j;
	const struct principal *p = http_principal(req);
	if (intake_prepare(a, body, clock_now_ms(), arena_strdup(a, p->actor),
			   store_secret_key(http_store(req)), &j, &err))
		return http_reply_error(req, &err);
	if (key) {
		j->idem_key = arena_strdup(a, key);
		http_body_hash(req, j->req_hash);
	}
	/* who registers it decides what a duplicate may name */
	j->who = api_actor(req);
	/* the customer's earlier complaints it repeats, looked for here rather
	 * than by the writer */
	struct store_conn *reader = http_reader(req, &err);
	if (reader)
		intake_repeats(reader, j);
	else
		kesu_err_clear(&err);
	/* An agent's complaint goes to the agent's (first) team. */
	if (p->nteams)
		j->c.team_id = p->teams[0];
	return http_defer(req, &j->job, create_finish);
}

/* --- GET /api/v1/complaints/{ref} ----------------------------------------- */

int complaints_get(struct http_request *req)
{
	struct kesu_err err = {0};
	struct arena *a = http_arena(req);
	struct store_conn *c = http_reader(req, &err);
	struct complaint cp;
	if (!c || api_complaint_visible(c, http_param(req, 0), http_principal(req), a, &cp, &err))
		return http_reply_error(req, &err);
	char etag[32];
	complaint_etag(&cp, etag);
	http_add_header(req, "ETag", etag);
	const char *inm = http_header(req, "If-None-Match");
	if (inm && strstr(inm, etag))
		return http_reply_status(req, 304);
	json_t *o = api_complaint_json(http_principal(req), &cp, NULL, a);
	json_t *clocks = wf_clocks_json(c, cp.id, clock_now_ms(), &err);
	if (!clocks) {
		json_decref(o);
		return http_reply_error(req, &err);
	}
	json_object_set_new(o, "clocks", clocks);
	/* what handling needs at hand: the identity check, the customer's type */
	struct identity_check id;
	int rc = store_identity_get(c, cp.id, a, &id, &err);
	struct customer cu;
	if (!rc)
		json_object_set_new(o, "identity", api_identity_json(&id));
	else if (rc == -KE_NOT_FOUND)
		json_object_set_new(o, "identity", json_null());
	if ((rc && rc != -KE_NOT_FOUND) ||
	    (cp.customer_id && store_customer_get(c, cp.customer_id, a, &cu, &err))) {
		json_decref(o);
		return http_reply_error(req, &err);
	}
	json_object_set_new(o, "customer_type",
			    cp.customer_id ? json_string(cu.customer_type) : json_null());
	/* the customer's later complaints about the same matter */
	struct complaint *later;
	int n;
	if (store_second_later(c, cp.id, SECOND_LATER_MAX, a, &later, &n, &err)) {
		json_decref(o);
		return http_reply_error(req, &err);
	}
	json_t *arr = json_array();
	for (int i = 0; i < n; i++)
		json_array_append_new(arr, complaint_summary_json(&later[i]));
	json_object_set_new(o, "second_complaints", arr);
	/* the incident it belongs to: the banner, and the notice to follow */
	json_t *inc = api_incident_banner(c, cp.id, a, &err);
	if (!inc) {
		json_decref(o);
		return http_reply_error(req, &err);
	}
	json_object_set_new(o, "incident", inc);
	/* what kesu read in its words (the agent's values are the fields) */
	json_t *an = api_complaint_analysis(c, &cp, a, &err);
	if (!an) {
		json_decref(o);
		return http_reply_error(req, &err);
	}
	json_object_set_new(o, "analysis", an);
	return http_reply_json(req, 200, o);
}

/* --- PATCH /api/v1/complaints/{ref} --------------------------------------- */

struct patch_act {
	struct api_act act;
	int64_t expect_version;
	json_t *body;
};

static int patch(struct store_conn *c, struct api_act *j, struct kesu_err *err)
{
	struct patch_act *p = (struct patch_act *)j;
	if (j->cp.version != p->expect_version)
		return kesu_fail(err, KE_STALE, "If-Match",
				 "the complaint changed meanwhile (now version %lld): reload it and apply your change again",
				 (long long)j->cp.version);
	uint32_t changed;
	int rc = complaint_patch(&j->cp, p->body, j->now, j->a, &j->after, &changed, err);
	return rc ? rc
		  : wf_edit(c, &j->cp, &j->after, changed,
			    json_object_get(p->body, "systemic") != NULL, &j->as, j->now, err);
}

int complaints_patch(struct http_request *req)
{
	struct kesu_err err = {0};
	const char *im = http_header(req, "If-Match");
	int64_t version;
	if (!im)
		return api_fail(req, KE_NEED_IF_MATCH, "If-Match",
				"is required: send the ETag of the version you edited");
	if (api_etag_version(im, &version))
		return api_fail(req, KE_STALE, "If-Match", "is not an ETag of this complaint");
	json_t *body = http_body_json(req, &err);
	if (!body)
		return http_reply_error(req, &err);
	struct patch_act *p = (struct patch_act *)api_act_new(req, sizeof *p, patch);
	p->expect_version = version;
	p->body = body;
	p->act.status = 200;
	return api_act_defer(req, &p->act);
}

/* --- POST /api/v1/complaints/{ref}/reveal --------------------------------- */

struct reveal_act {
	struct api_act act;
	const char *address;
};

static int reveal(struct store_conn *c, struct api_act *j, struct kesu_err *err)
{
	struct reveal_act *r = (struct reveal_act *)j;
	const struct complaint *cp = &j->cp;
	char target[40];
	snprintf(target, sizeof target, "complaint:%lld", (long long)cp->id);
	json_t *d = json_pack("{s:s}", "tracking_no", cp->tracking_no);
	int rc = api_security_event(c, j->who.actor, r->address, j->now, "pii_revealed", target, d,
				    err);
	json_decref(d);
	if (!rc)
		j->out = json_pack("{s:I,s:s,s:{s:s?,s:s?,s:s?,s:s?}}", "id", (json_int_t)cp->id,
				   "tracking_no", cp->tracking_no, "complainant", "name",
				   cp->v[CF_NAME], "phone", cp->v[CF_PHONE], "email", cp->v[CF_EMAIL],
				   "contact_other", cp->v[CF_CONTACT_OTHER]);
	return rc;
}

int complaints_reveal(struct http_request *req)
{
	struct reveal_act *r = (struct reveal_act *)api_act_new(req, sizeof *r, reveal);
	r->address = arena_strdup(http_arena(req), http_address(req));
	r->act.status = 200;
	return api_act_defer(req, &r->act);
}
