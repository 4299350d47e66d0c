/*
 * mails.c - /api/v1/mails: every mail the gateway took, what became of it
 * (a complaint, a reply, ignored as a machine's, or waiting for review),
 * its raw bytes as a download, and taking a mail off the review queue.
 */
#include "api.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../auth/mask.h"
#include "../channels/mailparse.h"
#include "../http/auth.h"
#include "../util/clock.h"

static json_t *mail_json(const struct mail_row *m, int pii, struct arena *a)
{
	char at[40];
	json_t *o = json_pack("{s:I,s:s,s:s?,s:s?,s:s?,s:s,s:s,s:s?,s:I}", "id", (json_int_t)m->id,
			      "received_at", clock_format(m->received_at, at, sizeof at),
			      "message_id", m->message_id, "from",
			      pii ? m->from_addr : mask_email(m->from_addr, a), "subject",
			      m->subject, "author", m->author, "disposition", m->disposition,
			      "note", m->note, "size", (json_int_t)m->size);
	json_object_set_new(o, "complaint_id",
			    m->complaint_id ? json_integer(m->complaint_id) : json_null());
	return o;
}

int mails_list(struct http_request *req)
{
	struct kesu_err err = {0};
	struct arena *a = http_arena(req);
	int limit;
	int64_t before = 0;
	const char *v;
	if (api_limit(req, 50, 200, &limit, &err))
		return http_reply_error(req, &err);
	if ((v = http_query(req, "cursor"))) {
		int64_t unused;
		if (api_cursor_decode(v, 'm', &unused, &before, &err))
			return http_reply_error(req, &err);
	}
	struct store_conn *c = http_reader(req, &err);
	struct mail_row *items;
	int n, more;
	if (!c || store_mail_list(c, http_query(req, "disposition"), before, limit, a, &items, &n,
				  &more, &err))
		return http_reply_error(req, &err);
	int pii = authz_can(http_principal(req), P_PII_VIEW);
	json_t *arr = json_array();
	for (int i = 0; i < n; i++)
		json_array_append_new(arr, mail_json(&items[i], pii, a));
	const char *next = more && n ? api_cursor_encode(a, 'm', 0, items[n - 1].id) : NULL;
	return http_reply_json(req, 200,
			       json_pack("{s:o,s:s?}", "items", arr, "next_cursor", next));
}

int mails_get(struct http_request *req)
{
	struct kesu_err err = {0};
	struct arena *a = http_arena(req);
	int64_t id;
	struct store_conn *c;
	struct mail_row m;
	if (api_id(http_param(req, 0), &id, &err) || !(c = http_reader(req, &err)) ||
	    store_mail_get(c, id, 1, a, &m, &err))
		return http_reply_error(req, &err);
	int pii = authz_can(http_principal(req), P_PII_VIEW);
	json_t *o = mail_json(&m, pii, a);
	/* what it says, read again now: for a mail in review, this is what a
	 * person decides on */
	struct mail_limits lim = {.max_text = 100000, .max_attachment = 0, .max_attachments = 0};
	struct parsed_mail pm;
	struct kesu_err perr = {0};
	if (mail_parse(m.raw, (size_t)m.size, &lim, a, &pm, &perr) == 0) {
		json_t *files = json_array();
		for (int i = 0; i < pm.natt; i++)
			json_array_append_new(files, json_pack("{s:s?,s:s?,s:I}", "filename",
							       pm.att[i].filename, "content_type",
							       pm.att[i].content_type, "size",
							       (json_int_t)pm.att[i].size));
		json_object_set_new(o, "parsed",
				    json_pack("{s:s?,s:s?,s:s?,s:b,s:o}", "from_name",
					      pii ? pm.from_name : NULL, "text", pm.text, "author_why",
					      pm.author_why, "text_from_html", pm.text_from_html,
					      "attachments", files));
	} else {
		json_object_set_new(o, "parsed", json_null());
	}
	return http_reply_json(req, 200, o);
}

int mails_raw(struct http_request *req)
{
	struct kesu_err err = {0};
	struct arena *a = http_arena(req);
	int64_t id;
	struct store_conn *c;
	struct mail_row m;
	/* the raw mail holds the sender's address and words in full */
	if (!authz_can(http_principal(req), P_PII_VIEW)) {
		kesu_fail(&err, KE_FORBIDDEN, "", "the raw mail needs the pii.view permission");
		return http_reply_error(req, &err);
	}
	if (api_id(http_param(req, 0), &id, &err) || !(c = http_reader(req, &err)) ||
	    store_mail_get(c, id, 1, a, &m, &err))
		return http_reply_error(req, &err);
	char name[40];
	snprintf(name, sizeof name, "mail-%lld.eml", (long long)id);
	return http_reply_download(req, "message/rfc822", m.raw, (size_t)m.size, name);
}

struct dismiss_job {
	struct store_job job;
	int64_t id;
	const char *reason, *actor, *address;
	int64_t now;
};

static int dismiss_run(struct store_conn *c, struct store_job *job)
{
	struct dismiss_job *j = (struct dismiss_job *)job;
	struct arena *a = arena_new();
	struct mail_row m;
	int rc = store_mail_get(c, j->id, 0, a, &m, &job->err);
	if (!rc && strcmp(m.disposition, "review") != 0)
		rc = kesu_fail(&job->err, KE_CONFLICT, "", "mail %lld is %s, not in review",
			       (long long)j->id, m.disposition);
	if (!rc)
		rc = store_mail_set(c, j->id, "dismissed", 0,
				    arena_printf(a, "dismissed by %s: %s", j->actor, j->reason),
				    &job->err);
	if (!rc) {
		char target[32];
		snprintf(target, sizeof target, "mail:%lld", (long long)j->id);
		json_t *d = json_pack("{s:s}", "reason", j->reason);
		rc = api_security_event(c, j->actor, j->address, j->now, "mail_dismissed", target, d,
					&job->err);
		json_decref(d);
	}
	arena_free(a);
	return rc;
}

static int dismiss_finish(struct http_request *req, struct store_job *job)
{
	struct dismiss_job *j = (struct dismiss_job *)job;
	if (job->rc)
		return http_reply_error(req, &job->err);
	return http_reply_json(req, 200, json_pack("{s:I,s:s}", "id", (json_int_t)j->id,
						   "disposition", "dismissed"));
}

int mails_dismiss(struct http_request *req)
{
	static const char *const keys[] = {"reason", NULL};
	struct kesu_err err = {0};
	struct arena *a = http_arena(req);
	struct dismiss_job *j = arena_zalloc(a, sizeof *j);
	json_t *body = http_body_json(req, &err);
	if (api_id(http_param(req, 0), &j->id, &err) || !body ||
	    api_known_keys(body, keys, &err) ||
	    api_string(body, "reason", 1, 500, &j->reason, &err))
		return http_reply_error(req, &err);
	j->job.run = dismiss_run;
	j->actor = arena_strdup(a, http_principal(req)->actor);
	j->address = arena_strdup(a, http_address(req));
	j->now = clock_now_ms();
	return http_defer(req, &j->job, dismiss_finish);
}
