/*
 * attachments.c - files on complaints: upload (multipart/form-data, field
 * `file`, several at once), list, and download as an attachment that no
 * browser opens inline.
 */
#include "api.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../http/auth.h"
#include "../http/ratelimit.h"
#include "../intake/attachment.h"
#include "../intake/preview.h"
#include "../util/clock.h"

#define FILES_PER_UPLOAD 10

json_t *api_attachment_json(const struct attachment *t)
{
	char at[40];
	return json_pack("{s:I,s:I,s:s,s:s,s:s?,s:I,s:s,s:s,s:s}", "id", (json_int_t)t->id,
			 "complaint_id", (json_int_t)t->complaint_id, "filename", t->filename,
			 "content_type", t->content_type, "declared_type", t->declared_type, "size",
			 (json_int_t)t->size, "source", t->source, "created_by", t->created_by,
			 "created_at", clock_format(t->created_at, at, sizeof at));
}

struct upload_job {
	struct store_job job;
	struct attachment files[FILES_PER_UPLOAD];
	int n;
	int64_t complaint_id, now, bytes;
	const char *address; /* portal uploads: counted against it when stored */
	const struct wf_actor *who;
	struct arena *a;
};

static int upload_run(struct store_conn *c, struct store_job *job)
{
	struct upload_job *j = (struct upload_job *)job;
	struct complaint cp;
	int rc = store_complaint_get(c, j->complaint_id, NULL, j->a, &cp, &job->err);
	json_t *ids = json_array();
	for (int i = 0; i < j->n && !rc; i++) {
		rc = intake_attach(c, &j->files[i], &job->err);
		if (!rc)
			json_array_append_new(ids, json_pack("{s:I,s:s}", "id",
							     (json_int_t)j->files[i].id, "filename",
							     j->files[i].filename));
	}
	/* the timeline says a file came, and from whom */
	if (!rc)
		rc = wf_attached(c, &cp, ids, 0, 0, j->who, j->now, &job->err);
	/* the portal's bytes count against the address's day */
	if (!rc && j->address)
		rc = rl_add(c, RL_UPLOAD_BYTES, j->address, j->bytes, j->now, &job->err);
	json_decref(ids);
	return rc;
}

static int upload_finish(struct http_request *req, struct store_job *job)
{
	struct upload_job *j = (struct upload_job *)job;
	if (job->rc)
		return http_reply_error(req, &job->err);
	json_t *arr = json_array();
	for (int i = 0; i < j->n; i++)
		json_array_append_new(arr, api_attachment_json(&j->files[i]));
	return http_reply_json(req, 201, json_pack("{s:o}", "items", arr));
}

int api_attach_upload(struct http_request *req, int64_t complaint_id, const char *source,
		      const struct wf_actor *who)
{
	struct kesu_err err = {0};
	struct arena *a = http_arena(req);
	struct http_part parts[HTTP_PARTS_MAX];
	int n;
	if (http_body_parts(req, parts, HTTP_PARTS_MAX, &n, &err))
		return http_reply_error(req, &err);
	struct upload_job *j = arena_zalloc(a, sizeof *j);
	int64_t now = clock_now_ms();
	for (int i = 0; i < n; i++) {
		if (strcmp(parts[i].name, "file") != 0) {
			kesu_fail(&err, KE_UNKNOWN_FIELD, parts[i].name,
				  "is not a known field: send the files as `file`");
			return http_reply_error(req, &err);
		}
		if (j->n == FILES_PER_UPLOAD) {
			kesu_fail(&err, KE_INVALID_VALUE, "file", "at most %d files at once",
				  FILES_PER_UPLOAD);
			return http_reply_error(req, &err);
		}
		if (parts[i].len > HTTP_UPLOAD_MAX) {
			kesu_fail(&err, KE_BODY_TOO_LARGE, "file", "a file may have at most %d MB",
				  HTTP_UPLOAD_MAX >> 20);
			return http_reply_error(req, &err);
		}
		if (parts[i].len == 0) {
			kesu_fail(&err, KE_INVALID_VALUE, "file", "%s is empty",
				  intake_filename(parts[i].filename, a));
			return http_reply_error(req, &err);
		}
		struct attachment *t = &j->files[j->n++];
		t->complaint_id = complaint_id;
		t->filename = intake_filename(parts[i].filename, a);
		t->content_type = intake_sniff(parts[i].data, parts[i].len, a);
		t->declared_type = parts[i].content_type
					   ? arena_strndup(a, parts[i].content_type, 100)
					   : NULL;
		for (char *p = (char *)t->declared_type; p && *p; p++)
			if ((unsigned char)*p < 0x20 || (unsigned char)*p > 0x7e)
				*p = '_';
		t->size = (int64_t)parts[i].len;
		t->data = (const unsigned char *)parts[i].data;
		t->source = source;
		t->created_by = who->name;
		t->created_at = now;
	}
	if (!j->n) {
		kesu_fail(&err, KE_MISSING_FIELD, "file", "is required: at least one file");
		return http_reply_error(req, &err);
	}
	for (int i = 0; i < j->n; i++)
		j->bytes += j->files[i].size;
	/* Without an account, the disk is shared with anyone: a day's bytes
	 * per client address, whatever the complaint. */
	if (strcmp(source, "portal") == 0) {
		j->address = arena_strdup(a, http_address(req));
		struct store_conn *c = http_reader(req, &err);
		if (!c)
			return http_reply_error(req, &err);
		int wait = rl_room(c, RL_UPLOAD_BYTES, j->address, j->bytes, now);
		if (wait) {
			char ra[16];
			snprintf(ra, sizeof ra, "%d", wait);
			http_add_header(req, "Retry-After", ra);
			kesu_fail(&err, KE_RATE_LIMITED, "file",
				  "your address may send %lld MB a day from the portal; try again "
				  "in %d seconds",
				  (long long)(rl_rules[RL_UPLOAD_BYTES].limit >> 20), wait);
			return http_reply_error(req, &err);
		}
	}
	j->job.run = upload_run;
	j->complaint_id = complaint_id;
	j->now = now;
	j->who = who;
	j->a = a;
	return http_defer(req, &j->job, upload_finish);
}

int attachments_upload(struct http_request *req)
{
	struct kesu_err err = {0};
	struct store_conn *c = http_reader(req, &err);
	struct complaint cp;
	if (!c || api_complaint_visible(c, http_param(req, 0), http_principal(req), http_arena(req),
					&cp, &err))
		return http_reply_error(req, &err);
	return api_attach_upload(req, cp.id, "staff", api_actor(req));
}

static int attachments_of(struct store_conn *c, const struct complaint *cp, struct arena *a,
			json_t *items, struct kesu_err *err)
{
	struct attachment *k;
	struct complaint *merged;
	int n, nm;
	int rc = store_attachments_of(c, cp->id, a, &k, &n, err);
	for (int i = 0; !rc && i < n; i++)
		json_array_append_new(items, api_attachment_json(&k[i]));
	/* the files of the duplicates merged into it stay within reach */
	if (!rc)
		rc = store_merged_into(c, cp->tracking_no, 50, a, &merged, &nm, err);
	for (int m = 0; !rc && m < nm; m++) {
		if ((rc = store_attachments_of(c, merged[m].id, a, &k, &n, err)))
			break;
		for (int i = 0; i < n; i++) {
			json_t *o = api_attachment_json(&k[i]);
			json_object_set_new(o, "from", json_string(merged[m].tracking_no));
			json_array_append_new(items, o);
		}
	}
	return rc;
}

int attachments_list(struct http_request *req)
{
	return api_reply_records(req, attachments_of);
}

/* The attachment id names, if the caller may see its complaint (or the one
 * a duplicate holding it was merged into); else it does not exist for them. */
static int visible_attachment(struct http_request *req, struct attachment *t,
			      struct kesu_err *err)
{
	struct arena *a = http_arena(req);
	int64_t id;
	struct store_conn *c;
	struct complaint cp;
	char ref[24];
	if (api_id(http_param(req, 0), &id, err) || !(c = http_reader(req, err)) ||
	    store_attachment_get(c, id, 1, a, t, err))
		return -err->code;
	snprintf(ref, sizeof ref, "%lld", (long long)t->complaint_id);
	int rc = api_complaint_visible(c, ref, http_principal(req), a, &cp, err);
	if (rc == -KE_NOT_FOUND) {
		kesu_err_clear(err);
		rc = store_complaint_get(c, t->complaint_id, NULL, a, &cp, err);
		rc = rc ? rc
		     : wf_merged(&cp)
			 ? api_complaint_visible(c, cp.v[CF_DUPLICATE_OF], http_principal(req), a,
						 &cp, err)
			 : -KE_NOT_FOUND;
	}
	if (rc) {
		kesu_err_clear(err);
		return kesu_fail(err, KE_NOT_FOUND, "", "no attachment %lld", (long long)id);
	}
	return 0;
}

int attachments_download(struct http_request *req)
{
	struct kesu_err err = {0};
	struct attachment t;
	if (visible_attachment(req, &t, &err))
		return http_reply_error(req, &err);
	return http_reply_download(req, intake_download_type(t.content_type), t.data,
				   (size_t)t.size, t.filename);
}

struct preview_work {
	struct work_job w;
	struct attachment t;
	struct arena *a;
	unsigned char *png;
	size_t len;
	struct kesu_err err;
};

/* a child process and up to seconds of waiting: on the slow work's own
 * threads, so that sign-ins never queue behind a PDF */
static void preview_run(struct work_job *w)
{
	struct preview_work *p = (struct preview_work *)w;
	preview_pdf_png(p->t.data, (size_t)p->t.size, p->a, &p->png, &p->len, &p->err);
}

static int preview_done(struct http_request *req, struct work_job *w)
{
	struct preview_work *p = (struct preview_work *)w;
	if (!p->png)
		return http_reply_error(req, &p->err);
	return http_reply_download(req, "image/png", p->png, p->len, "preview.png");
}

int attachments_preview(struct http_request *req)
{
	struct kesu_err err = {0};
	struct preview_work *p = arena_zalloc(http_arena(req), sizeof *p);
	if (visible_attachment(req, &p->t, &err))
		return http_reply_error(req, &err);
	if (strcmp(p->t.content_type, "application/pdf") != 0) {
		kesu_fail(&err, KE_NOT_FOUND, "", "no preview of this file: only PDFs have one");
		return http_reply_error(req, &err);
	}
	p->w.run = preview_run;
	p->a = http_arena(req);
	return http_offload_slow(req, &p->w, preview_done);
}
