/*
 * mailgate.c - one incoming mail into the store, in one transaction: the
 * raw message is kept whatever happens; a person's new mail registers a
 * complaint (channel email, complainant from From) whose acknowledgment
 * the workflow writes; a reply joins the complaint it answers and can
 * reopen it; machines' mail (auto-replies, bounces, bulk) is kept and
 * ignored; what cannot be read goes to the review queue.
 *
 * Mail never carries staff authority: whoever From names, a mail is the
 * customer's message and does nothing an agent's action would.
 */
#include "mailgate.h"

#include <ctype.h>
#include <glib.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/customer.h"
#include "../intake/attachment.h"
#include "../intake/intake.h"
#include "../text/text.h"
#include "../util/ids.h"
#include "../util/log.h"
#include "../workflow/workflow.h"
#include "channels.h"

#define MAIL_ACTOR "mailgate"
/* Mail never carries staff authority: it registers as the gateway, and
 * what it adds is the customer's. */
static const struct wf_actor mail_actor = {.name = MAIL_ACTOR};
#define CONTENT_MAX_CHARS 20000 /* the complaint's content field */

static const char *const authors[] = {"person", "auto_reply", "bounce", "bulk"};

struct take_job {
	struct store_job job;
	const char *raw;
	size_t len;
	int64_t now;
	struct arena *a;
	const struct parsed_mail *pm; /* NULL: not a message */
	const char *parse_error;
	struct mg_result *out;
	const unsigned char *key; /* the data directory's */
	const char *trusted;	  /* the authserv-id believed, or NULL */
	struct complaint named;	  /* the complaint an unproven reply names (id 0: none) */
};

/* The first tracking number (KS and 10 to 16 digits) in a subject. */
static int subject_tracking(const char *subject, char out[TRACKING_NO_MAX])
{
	for (const char *p = subject ? strstr(subject, "KS") : NULL; p; p = strstr(p + 2, "KS")) {
		int digits = 0;
		while (digits < 17 && isdigit((unsigned char)p[2 + digits]))
			digits++;
		char cand[TRACKING_NO_MAX];
		if (digits >= 10 && digits <= 16) {
			snprintf(cand, sizeof cand, "%.*s", 2 + digits, p);
			if (ids_parse_tracking_no(cand, out))
				return 1;
		}
	}
	return 0;
}

/* Authentication-Results (RFC 8601) text with its comments dropped and
 * no space around "=", so that "dmarc = pass (p=none)" reads dmarc=pass. */
static char *ar_plain(const char *v, struct arena *a)
{
	char *o = arena_strdup(a, v), *q = o;
	int depth = 0, quoted = 0;
	for (const char *p = v; *p; p++) {
		if (!quoted && *p == '(')
			depth++;
		else if (!quoted && depth && *p == ')')
			depth--;
		else if (!depth) {
			quoted ^= *p == '"';
			if (*p == ' ' && (p[1] == '=' || (q > o && q[-1] == '=')))
				continue;
			if (*p == '=')
				while (q > o && q[-1] == ' ')
					q--;
			*q++ = *p;
		}
	}
	*q = '\0';
	return o;
}

/* 1 if the resinfo list (after the authserv-id) says dmarc=pass for
 * header.from=domain. */
static int dmarc_pass(char *list, const char *domain)
{
	char *save_ptr = NULL;
	for (char *res = strtok_r(list, ";", &save_ptr); res; res = strtok_r(NULL, ";", &save_ptr)) {
		int pass = 0, from = 0;
		for (char *w = res; *w;) {
			w += strspn(w, " \t");
			size_t n = strcspn(w, " \t");
			if (!n)
				break;
			char save = w[n];
			w[n] = '\0';
			if (!g_ascii_strncasecmp(w, "dmarc", 5) && (w[5] == '=' || w[5] == '/'))
				pass = !g_ascii_strcasecmp(strchr(w, '=') ? strchr(w, '=') + 1 : "", "pass");
			if (!g_ascii_strncasecmp(w, "header.from=", 12)) {
				const char *d = w + 12;
				size_t k = strlen(d);
				if (k >= 2 && d[0] == '"' && d[k - 1] == '"')
					d++, k -= 2;
				from = k == strlen(domain) && !g_ascii_strncasecmp(d, domain, k);
			}
			w[n] = save;
			w += n;
		}
		if (pass && from)
			return 1;
	}
	return 0;
}

/* 1 if the mail server we trust vouched for the sender: its topmost
 * Authentication-Results header (one a sender wrote can only be below it)
 * says DMARC passed for the domain of From. */
static int authenticated(const struct parsed_mail *pm, const char *trusted, struct arena *a)
{
	const char *at = pm->from_addr ? strrchr(pm->from_addr, '@') : NULL;
	if (!trusted || !*trusted || !at)
		return 0;
	for (int i = 0; i < pm->nauth_results; i++) {
		char *v = ar_plain(pm->auth_results[i], a), *semi = strchr(v, ';');
		char *id = v + strspn(v, " \t");
		size_t n = strcspn(id, " \t;");
		if (n != strlen(trusted) || g_ascii_strncasecmp(id, trusted, n))
			continue;
		return semi && dmarc_pass(semi + 1, at + 1);
	}
	return 0;
}

/* The complaint a mail answers: one whose signed Message-ID it names (the
 * customer had our mail), or whose tracking number is in the subject when
 * it comes from the complainant's own address and the trusted mail server
 * authenticated that address. A tracking number alone proves nothing
 * (anyone can write one, and From is easily forged): such a mail is a
 * complaint of its own, and *named (id 0 if none) the one it names. */
static int find_answered(struct store_conn *c, const unsigned char *key, const char *trusted,
			 const struct parsed_mail *pm, struct arena *a, struct complaint *out,
			 struct complaint *named, struct kesu_err *err)
{
	int64_t id = ch_msgid_complaint(key, pm->in_reply_to);
	for (int i = pm->nreferences - 1; !id && i >= 0; i--)
		id = ch_msgid_complaint(key, pm->references[i]);
	if (id)
		return store_complaint_get(c, id, NULL, a, out, err);
	char tracking[TRACKING_NO_MAX];
	if (!subject_tracking(pm->subject, tracking))
		return -KE_NOT_FOUND;
	int rc = store_complaint_get(c, 0, tracking, a, out, err);
	if (rc)
		return rc;
	const char *mine = customer_email_key(out->v[CF_EMAIL], a);
	const char *from = customer_email_key(pm->from_addr, a);
	if (mine && from && strcmp(mine, from) == 0 && authenticated(pm, trusted, a))
		return 0;
	*named = *out;
	return -KE_NOT_FOUND;
}

/* The complaint's content: the subject, then the text, within the field's
 * limit. */
static const char *content_of(const struct parsed_mail *pm, struct arena *a)
{
	const char *subject = pm->subject && *pm->subject ? pm->subject : NULL;
	const char *text = pm->text && *pm->text ? pm->text : NULL;
	const char *all = subject && text ? arena_printf(a, "%s\n\n%s", subject, text)
			  : text	  ? text
			  : subject	  ? subject
					  : NULL;
	if (!all)
		return NULL;
	/* cut at a character, well inside the limit */
	return text_cut(all, CONTENT_MAX_CHARS - 100, "…", a);
}

static int add_files(struct store_conn *c, const struct parsed_mail *pm, int64_t complaint_id,
		     int64_t mail_id, int64_t now, struct arena *a, json_t *listed,
		     struct kesu_err *err)
{
	for (int i = 0; i < pm->natt; i++) {
		const struct mail_attachment *m = &pm->att[i];
		const char *name = intake_filename(m->filename, a);
		if (m->skipped || !m->data) {
			json_array_append_new(listed, json_pack("{s:s,s:I,s:s}", "filename", name,
								"size", (json_int_t)m->size, "kept",
								"no: over the size or count limit"));
			continue;
		}
		struct attachment t = {.complaint_id = complaint_id, .mail_id = mail_id,
				       .filename = name,
				       .content_type = intake_sniff(m->data, m->size, a),
				       .declared_type = m->content_type, .size = (int64_t)m->size,
				       .data = m->data, .source = "email", .created_by = "customer",
				       .created_at = now};
		int rc = intake_attach(c, &t, err);
		if (rc == -KE_CONFLICT) {
			/* the complaint is full: the mail keeps the file */
			json_array_append_new(listed, json_pack("{s:s,s:I,s:s}", "filename", name,
								"size", (json_int_t)m->size, "kept",
								"no: the complaint has too many files"));
			continue;
		}
		if (rc)
			return rc;
		json_array_append_new(listed, json_pack("{s:I,s:s,s:I}", "id", (json_int_t)t.id,
							"filename", name, "size",
							(json_int_t)t.size));
	}
	return 0;
}

/* A reply: the customer wrote, as on the portal, with the files that
 * came with it. */
static int take_reply(struct store_conn *c, struct take_job *j, struct complaint *cp,
		      struct mail_row *m)
{
	struct kesu_err *err = &j->job.err;
	const struct parsed_mail *pm = j->pm;
	json_t *files = json_array();
	int rc = add_files(c, pm, cp->id, m->id, j->now, j->a, files, err);
	struct wf_message msg = {.body = pm->text ? pm->text : "", .via = "email",
				 .subject = pm->subject, .from = pm->from_addr, .mail_id = m->id,
				 .attachments = files, .attachments_more = pm->att_more};
	struct complaint after;
	struct event e;
	if (!rc)
		rc = wf_customer_wrote(c, cp, &msg, j->now, j->a, &after, &e, err);
	json_decref(files);
	if (!rc)
		j->out->reopened = state_is(cp->state, ST_IS_CLOSED) && after.state == ST_REOPENED;
	return rc;
}

/* A new complaint from the mail. -KE_INVALID_VALUE etc. when the mail does
 * not make a valid registration (the caller sends it to review). */
static int take_new(struct store_conn *c, struct take_job *j, struct mail_row *m)
{
	struct kesu_err *err = &j->job.err;
	const struct parsed_mail *pm = j->pm;
	const char *content = content_of(pm, j->a);
	if (!content)
		return kesu_fail(err, KE_MISSING_FIELD, "content", "the mail has neither subject nor text");
	const char *name = pm->from_name && *pm->from_name ? pm->from_name : NULL;
	if (name && text_utf8_length(name) > 100)
		name = NULL; /* a display name that long is no name */
	json_t *body = json_pack("{s:s,s:{s:s?,s:s},s:s,s:s}", "channel", "email", "complainant",
				 "name", name, "email", pm->from_addr, "content", content,
				 "language", text_guess_language(content));
	struct intake *in;
	int rc = intake_prepare(j->a, body, j->now, MAIL_ACTOR, j->key, &in, err);
	if (!rc)
		in->who = &mail_actor;
	if (rc == -KE_INVALID_VALUE && name) {
		/* a name the form refuses (control characters...): without it */
		json_object_set_new(json_object_get(body, "complainant"), "name", json_null());
		kesu_err_clear(err);
		rc = intake_prepare(j->a, body, j->now, MAIL_ACTOR, j->key, &in,
				    err);
		if (!rc)
			in->who = &mail_actor;
	}
	json_decref(body);
	if (rc)
		return rc;
	rc = intake_store(c, in, err);
	if (!rc) {
		j->out->complaint_id = in->c.id;
		snprintf(j->out->tracking_no, sizeof j->out->tracking_no, "%s", in->c.tracking_no);
		json_t *files = json_array();
		if (j->named.id)
			rc = wf_link_suggested(c, &in->c, &j->named, "unproven_reply", j->now, err);
		if (!rc)
			rc = add_files(c, pm, in->c.id, m->id, j->now, j->a, files, err);
		if (!rc && (json_array_size(files) || pm->att_more))
			rc = wf_attached(c, &in->c, files, pm->att_more, m->id, &wf_customer, j->now,
					 err);
		json_decref(files);
	}
	intake_done(in);
	return rc;
}

/* Says in the mail's note when it was not read to its end: the rest is
 * only in the raw message. */
static void cut_note(const struct parsed_mail *pm, struct mg_result *out)
{
	size_t n = strlen(out->why);
	if (pm->parts_cut)
		snprintf(out->why + n, sizeof out->why - n,
			 "%sread to its first %d MIME parts, %d levels deep; the rest is in the raw"
			 " message", n ? "; " : "", MAIL_MAX_PARTS, MAIL_MAX_DEPTH);
}

static int take_run(struct store_conn *c, struct store_job *job)
{
	struct take_job *j = (struct take_job *)job;
	struct kesu_err *err = &job->err;
	struct mg_result *out = j->out;
	const struct parsed_mail *pm = j->pm;
	struct mail_row m = {.received_at = j->now, .size = (int64_t)j->len, .raw = j->raw};
	crypto_hash_sha256(m.sha256, (const unsigned char *)j->raw, j->len);
	struct mail_row seen;
	int rc = store_mail_by_hash(c, m.sha256, j->a, &seen, err);
	if (rc == 0) {
		/* the same bytes again (the mail server retried after a stop):
		 * what happened the first time stands */
		out->outcome = MG_DUPLICATE;
		out->mail_id = seen.id;
		out->complaint_id = seen.complaint_id;
		return 0;
	}
	if (rc != -KE_NOT_FOUND)
		return rc;
	if (pm) {
		m.message_id = pm->message_id;
		m.from_addr = pm->from_addr;
		m.subject = pm->subject;
		m.author = authors[pm->author];
	} else {
		m.author = "unknown";
	}
	/* the mail first, under review: whatever follows fails, it is kept */
	m.disposition = "review";
	m.note = j->parse_error;
	if ((rc = store_mail_insert(c, &m, err)))
		return rc;
	out->mail_id = m.id;
	out->outcome = MG_REVIEW;
	if (!pm) {
		snprintf(out->why, sizeof out->why, "%.250s", j->parse_error);
		return 0;
	}
	if (pm->author != MAIL_PERSON) {
		out->outcome = MG_IGNORED;
		snprintf(out->why, sizeof out->why, "%s: %.200s", authors[pm->author],
			 pm->author_why ? pm->author_why : "");
		return store_mail_set(c, m.id, "ignored", 0, out->why, err);
	}
	if (!pm->from_addr) {
		snprintf(out->why, sizeof out->why, "no usable sender address in From");
		return store_mail_set(c, m.id, "review", 0, out->why, err);
	}
	struct complaint cp;
	rc = find_answered(c, j->key, j->trusted, pm, j->a, &cp, &j->named, err);
	if (rc == 0) {
		if ((rc = take_reply(c, j, &cp, &m)))
			return rc;
		out->outcome = MG_REPLY;
		out->complaint_id = cp.id;
		snprintf(out->tracking_no, sizeof out->tracking_no, "%s", cp.tracking_no);
		cut_note(pm, out);
		return store_mail_set(c, m.id, "reply", cp.id, out->why[0] ? out->why : NULL, err);
	}
	if (rc != -KE_NOT_FOUND)
		return rc;
	kesu_err_clear(err);
	/* a savepoint of its own: a registration the form refuses leaves the
	 * mail in review, with the reason */
	if ((rc = store_savepoint(c, "mail_new", err)))
		return rc;
	rc = take_new(c, j, &m);
	if (rc == -KE_UNAVAILABLE || rc == -KE_INTERNAL || rc == -KE_IO)
		return rc;
	if (rc) {
		snprintf(out->why, sizeof out->why, "not a valid complaint: %.40s %.200s", err->field,
			 err->message);
		kesu_err_clear(err);
		if ((rc = store_savepoint_undo(c, "mail_new", err)))
			return rc;
		return store_mail_set(c, m.id, "review", 0, out->why, err);
	}
	if ((rc = store_savepoint_release(c, "mail_new", err)))
		return rc;
	out->outcome = MG_CREATED;
	if (j->named.id)
		snprintf(out->why, sizeof out->why,
			 "names %s in its subject, but neither our Message-ID nor an authenticated sender"
			 " shows it answers it", j->named.tracking_no);
	cut_note(pm, out);
	return store_mail_set(c, m.id, "created", out->complaint_id, out->why[0] ? out->why : NULL,
			      err);
}

int mailgate_take(struct store *s, const char *raw, size_t len, int64_t now,
		  struct mg_result *out, struct kesu_err *err)
{
	memset(out, 0, sizeof *out);
	struct arena *a = arena_new();
	struct take_job j = {.job.run = take_run, .raw = raw, .len = len, .now = now, .a = a,
			     .out = out, .key = store_secret_key(s)};
	/* the limits are settings: read in a job of their own, before parsing,
	 * which must not happen in the writer's transaction */
	struct ch_config cfg = {0};
	struct store_conn *rd = store_reader_get(s, err);
	int rc = rd ? ch_config_read(rd, &cfg, err) : -(int)err->code;
	if (rd)
		store_reader_put(rd);
	if (rc) {
		arena_free(a);
		return rc;
	}
	if ((int64_t)len > cfg.max_message_bytes) {
		out->outcome = MG_TOO_LARGE;
		snprintf(out->why, sizeof out->why, "the message has %zu bytes; at most %lld are taken",
			 len, (long long)cfg.max_message_bytes);
		ch_config_free(&cfg);
		arena_free(a);
		return 0;
	}
	if (cfg.trusted_authserv_id)
		j.trusted = arena_strdup(a, cfg.trusted_authserv_id);
	struct mail_limits lim = {.max_text = 200000,
				  .max_attachment = (size_t)cfg.max_attachment_bytes,
				  .max_attachments = cfg.max_attachments};
	ch_config_free(&cfg);
	struct parsed_mail pm;
	struct kesu_err perr = {0};
	if (mail_parse(raw, len, &lim, a, &pm, &perr) == 0)
		j.pm = &pm;
	else
		j.parse_error = arena_printf(a, "cannot be read as a mail: %s", perr.message);
	rc = store_run(s, &j.job);
	if (rc)
		*err = j.job.err;
	arena_free(a);
	return rc;
}
