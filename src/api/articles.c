/*
 * articles.c - /api/v1/kb/articles: the knowledge base's articles, which
 * grow from closed cases (domain.md 3 and 7: cases worth learning from
 * become material for the agents). Every agent reads the published ones
 * and searches them as complaints are searched; editors (knowledge.edit)
 * also see drafts, write, and start a draft from a closed case without
 * the customer's personal data. Changes go to the security log.
 */
#include "api.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../http/auth.h"
#include "../knowledge/knowledge.h"
#include "../text/text.h"
#include "../util/clock.h"


enum { AF_TITLE, AF_BODY, AF_CATEGORY, AF_LANGUAGE, AF_STATUS, AF_FROM, AF__COUNT };

static const struct field_def fields[AF__COUNT] = {
	[AF_TITLE] = {NULL, "title", "title", FK_TEXT, 200, NULL, "what the article is about"},
	[AF_BODY] = {NULL, "body", "body", FK_MULTILINE, 20000, NULL, "the article"},
	[AF_CATEGORY] = {NULL, "category", "category", FK_TEXT, 64, NULL,
			 "the complaint category it is about; null: none"},
	[AF_LANGUAGE] = {NULL, "language", "language", FK_ENUM, 8, en_language, "default zh-CN"},
	[AF_STATUS] = {NULL, "status", "status", FK_ENUM, 16, en_article_status,
		       "draft (editors only) or published"},
	[AF_FROM] = {NULL, "from_complaint", "from_complaint", FK_TEXT, 32, NULL,
		     "the closed complaint it grows from: id or tracking number"},
};

/* The article in full, or as a list shows it (an excerpt for the body). */
static json_t *article_json(const struct kb_article *k, int full)
{
	json_t *o = json_pack("{s:I,s:s,s:s?,s:s,s:s,s:o,s:I,s:o,s:s,s:o,s:s}", "id",
			      (json_int_t)k->id, "title", k->title, "category", k->category,
			      "language", k->language, "status", k->status, "from_complaint",
			      k->from_complaint ? json_integer(k->from_complaint) : json_null(),
			      "version", (json_int_t)k->version, "created_at",
			      api_time_json(k->created_at), "created_by", k->created_by, "updated_at",
			      api_time_json(k->updated_at), "updated_by", k->updated_by);
	json_object_set_new(o, full ? "body" : "excerpt",
			    json_string(full ? k->body : k->excerpt ? k->excerpt : ""));
	return o;
}

static int editor(struct http_request *req)
{
	return authz_can(http_principal(req), P_KNOWLEDGE_EDIT);
}

/* Reads the members of body present into k (*present: a bit per field;
 * *from: from_complaint as a reference). null clears the category. */
static int article_fields(json_t *body, struct kb_article *k, unsigned *present,
			  const char **from, struct arena *a, struct kesu_err *err)
{
	*present = 0;
	*from = NULL;
	if (!json_is_object(body))
		return kesu_fail(err, KE_WRONG_TYPE, "", "the body must be a JSON object");
	int rc = field_known_keys(body, NULL, fields, AF__COUNT, err);
	if (rc)
		return rc;
	for (int i = 0; i < AF__COUNT; i++) {
		json_t *v = json_object_get(body, fields[i].name);
		if (!v)
			continue;
		*present |= 1u << i;
		if (i == AF_FROM) {
			if (json_is_integer(v) && json_integer_value(v) > 0)
				*from = arena_printf(a, "%lld", (long long)json_integer_value(v));
			else if (json_is_string(v) && json_string_length(v) > 0 &&
				 json_string_length(v) <= 32)
				*from = json_string_value(v);
			else
				return kesu_fail(err, json_is_integer(v) || json_is_string(v)
							      ? KE_INVALID_VALUE
							      : KE_WRONG_TYPE,
						 "from_complaint",
						 "must be a complaint's id or tracking number");
			continue;
		}
		const char *text;
		if ((rc = field_check(&fields[i], v, 0, a, &text, err)))
			return rc;
		if (!text && i != AF_CATEGORY)
			return kesu_fail(err, KE_MISSING_FIELD, fields[i].name, "must not be empty");
		switch (i) {
		case AF_TITLE: k->title = text; break;
		case AF_BODY: k->body = text; break;
		case AF_CATEGORY: k->category = text; break;
		case AF_LANGUAGE: k->language = text; break;
		case AF_STATUS: k->status = text; break;
		}
	}
	return 0;
}

/* --- reading ------------------------------------------------------------------------ */

int articles_list(struct http_request *req)
{
	struct kesu_err err = {0};
	struct arena *a = http_arena(req);
	struct kb_filter f = {0};
	const char *v;
	if (api_limit(req, 20, 100, &f.limit, &err))
		return http_reply_error(req, &err);
	if (api_text_param(req, "category", 64, &f.category, &err))
		return http_reply_error(req, &err);
	if (api_enum_param(req, "language", en_language, &f.language, &err) ||
	    api_enum_param(req, "status", en_article_status, &f.status, &err))
		return http_reply_error(req, &err);
	if ((v = http_query(req, "q")) && *v) {
		if (text_utf8_length(v) > 200) {
			kesu_fail(&err, KE_TOO_LONG, "q", "is longer than 200 characters");
			return http_reply_error(req, &err);
		}
		if (!(f.fts = store_search_expr(v, a, &err)))
			return http_reply_error(req, &err);
	}
	if ((v = http_query(req, "cursor"))) {
		if (api_cursor_decode(v, f.fts ? 'q' : 'k', &f.cursor_rank, &f.cursor_id, &err))
			return http_reply_error(req, &err);
		f.has_cursor = 1;
	}
	/* drafts are the editors' */
	int none = 0;
	if (!editor(req)) {
		none = f.status && strcmp(f.status, "draft") == 0;
		f.status = "published";
	}
	struct store_conn *c = http_reader(req, &err);
	struct kb_article *items = NULL;
	int n = 0, more = 0;
	if (!c || (!none && store_article_list(c, &f, a, &items, &n, &more, &err)))
		return http_reply_error(req, &err);
	json_t *arr = json_array();
	for (int i = 0; i < n; i++)
		json_array_append_new(arr, article_json(&items[i], 0));
	const char *next = more && n ? api_cursor_encode(a, f.fts ? 'q' : 'k', items[n - 1].rank,
							 items[n - 1].id)
				     : NULL;
	return http_reply_json(req, 200,
			       json_pack("{s:o,s:s?}", "items", arr, "next_cursor", next));
}

static void add_etag(struct http_request *req, int64_t version)
{
	char etag[32];
	snprintf(etag, sizeof etag, "\"v%lld\"", (long long)version);
	http_add_header(req, "ETag", etag);
}

int articles_get(struct http_request *req)
{
	struct kesu_err err = {0};
	int64_t id;
	struct store_conn *c;
	struct kb_article k;
	if (api_id(http_param(req, 0), &id, &err) || !(c = http_reader(req, &err)) ||
	    store_article_get(c, id, http_arena(req), &k, &err))
		return http_reply_error(req, &err);
	if (strcmp(k.status, "published") != 0 && !editor(req)) {
		kesu_fail(&err, KE_NOT_FOUND, "", "no such article");
		return http_reply_error(req, &err);
	}
	add_etag(req, k.version);
	return http_reply_json(req, 200, article_json(&k, 1));
}

/* --- writing ------------------------------------------------------------------------ */

enum article_op { OP_CREATE, OP_PATCH, OP_DELETE };

struct article_job {
	struct store_job job;
	enum article_op op;
	struct kb_article k; /* create: the new one; patch: the fields sent */
	unsigned present;
	const char *from;    /* create: the case it grows from */
	int64_t if_match;    /* 0: any version */
	struct principal who;
	const char *address;
	int64_t now;
	struct arena *a;
};

/* The reason the case was last resolved with, from its timeline. */
static int resolution_reason(struct store_conn *c, int64_t complaint_id, struct arena *out,
			     const char **reason, struct kesu_err *err)
{
	struct arena *a = arena_new();
	int64_t after = 0;
	int rc = 0, n;
	*reason = NULL;
	do {
		struct event *items;
		if ((rc = store_event_list(c, complaint_id, after, 500, a, &items, &n, err)))
			break;
		for (int i = 0; i < n; i++) {
			after = items[i].id;
			if (strcmp(items[i].kind, "status_changed") != 0)
				continue;
			json_t *d = json_loads(items[i].data, 0, NULL);
			const char *to = json_string_value(json_object_get(d, "to"));
			const char *why = json_string_value(json_object_get(d, "reason"));
			if (state_find(to) == ST_RESOLVED)
				*reason = why ? arena_strdup(out, why) : NULL;
			json_decref(d);
		}
		arena_reset(a);
	} while (n == 500);
	arena_free(a);
	return rc;
}

int api_case_draft(struct store_conn *c, const struct complaint *cp, const char *language,
		   struct arena *a, const char **title, const char **body, struct kesu_err *err)
{
	struct kn_case kc = {.c = cp};
	struct compensation *comp;
	int ncomp, rc;
	if ((rc = resolution_reason(c, cp->id, a, &kc.resolution, err)) ||
	    (rc = store_compensation_list(c, cp->id, a, &comp, &ncomp, err)))
		return rc;
	struct compensation *granted = arena_alloc(a, sizeof *granted * (size_t)(ncomp + 1));
	for (int i = 0; i < ncomp; i++)
		if (strcmp(comp[i].state, "granted") == 0)
			granted[kc.ngranted++] = comp[i];
	kc.granted = granted;
	kn_draft(&kc, language, a, title, body);
	return 0;
}

/* Checks the case an article grows from and fills what it gives: the
 * language and category the article does not name, and a draft. */
static int from_case(struct store_conn *c, struct article_job *j, struct kesu_err *err)
{
	struct complaint cp;
	int rc = api_complaint_visible(c, j->from, &j->who, j->a, &cp, err);
	if (rc == -KE_NOT_FOUND)
		return kesu_fail(err, KE_CONFLICT, "from_complaint",
				 "names no complaint you can see");
	if (rc)
		return rc;
	if (!state_is(cp.state, ST_IS_CLOSED))
		return kesu_fail(err, KE_CONFLICT, "from_complaint",
				 "must be a closed case: %s is %s", cp.tracking_no, state_name(cp.state));
	struct kb_article *k = &j->k;
	k->from_complaint = cp.id;
	if (!(j->present & (1u << AF_LANGUAGE)))
		k->language = en_language[lang_of(cp.v[CF_LANGUAGE])].name;
	if (!(j->present & (1u << AF_CATEGORY)))
		k->category = cp.v[CF_CATEGORY];
	if (k->title && k->body)
		return 0;
	const char *title, *body;
	if ((rc = api_case_draft(c, &cp, k->language, j->a, &title, &body, err)))
		return rc;
	if (!k->title)
		k->title = title;
	if (!k->body) {
		k->body = body;
		/* a draft is read over before colleagues rely on it */
		if (!(j->present & (1u << AF_STATUS)))
			k->status = "draft";
	}
	return 0;
}

static int article_run(struct store_conn *c, struct store_job *job)
{
	struct article_job *j = (struct article_job *)job;
	struct kesu_err *err = &job->err;
	struct kb_article cur;
	const char *kind;
	json_t *log;
	int rc;
	if (j->op == OP_CREATE) {
		if (j->from && (rc = from_case(c, j, err)))
			return rc;
		if ((rc = store_article_insert(c, &j->k, err)))
			return rc;
		kind = "article_created";
		log = json_pack("{s:s,s:s,s:o}", "title", j->k.title, "status", j->k.status,
				"from_complaint",
				j->k.from_complaint ? json_integer(j->k.from_complaint) : json_null());
	} else {
		if ((rc = store_article_get(c, j->k.id, j->a, &cur, err)))
			return rc;
		if (j->if_match && j->if_match != cur.version)
			return kesu_fail(err, KE_STALE, "If-Match",
					 "the article changed meanwhile (now version %lld): reload it",
					 (long long)cur.version);
		if (j->op == OP_PATCH && !j->present) {
			j->k = cur;
			return 0;
		}
		if (j->op == OP_DELETE) {
			if ((rc = store_article_delete(c, cur.id, err)))
				return rc;
			kind = "article_deleted";
			log = json_pack("{s:s}", "title", cur.title);
		} else {
			json_t *changed = json_array();
			struct kb_article next = cur;
			for (int i = 0; i < AF__COUNT; i++)
				if (j->present & (1u << i))
					json_array_append_new(changed, json_string(fields[i].name));
			if (j->present & (1u << AF_TITLE))
				next.title = j->k.title;
			if (j->present & (1u << AF_BODY))
				next.body = j->k.body;
			if (j->present & (1u << AF_CATEGORY))
				next.category = j->k.category;
			if (j->present & (1u << AF_LANGUAGE))
				next.language = j->k.language;
			if (j->present & (1u << AF_STATUS))
				next.status = j->k.status;
			next.version = cur.version + 1;
			next.updated_at = j->now;
			next.updated_by = j->who.actor;
			if ((rc = store_article_update(c, &next, err))) {
				json_decref(changed);
				return rc;
			}
			kind = "article_changed";
			log = json_pack("{s:o,s:s,s:s}", "fields", changed, "title", next.title,
					"status", next.status);
			cur = next;
		}
		j->k = cur;
	}
	char target[40];
	snprintf(target, sizeof target, "article:%lld", (long long)j->k.id);
	rc = api_security_event(c, j->who.actor, j->address, j->now, kind, target, log, err);
	json_decref(log);
	return rc;
}

static int article_finish(struct http_request *req, struct store_job *job)
{
	struct article_job *j = (struct article_job *)job;
	if (job->rc)
		return http_reply_error(req, &job->err);
	if (j->op == OP_DELETE)
		return http_reply_status(req, 204);
	add_etag(req, j->k.version);
	if (j->op == OP_CREATE) {
		char location[64];
		snprintf(location, sizeof location, "/api/v1/kb/articles/%lld", (long long)j->k.id);
		http_add_header(req, "Location", location);
	}
	return http_reply_json(req, j->op == OP_CREATE ? 201 : 200, article_json(&j->k, 1));
}

static struct article_job *article_job(struct http_request *req, enum article_op op)
{
	struct arena *a = http_arena(req);
	struct article_job *j = arena_zalloc(a, sizeof *j);
	j->job.run = article_run;
	j->op = op;
	j->who = *http_principal(req);
	j->address = arena_strdup(a, http_address(req));
	j->now = clock_now_ms();
	j->a = a;
	return j;
}

int articles_create(struct http_request *req)
{
	struct kesu_err err = {0};
	json_t *body = http_body_json(req, &err);
	struct article_job *j = article_job(req, OP_CREATE);
	struct kb_article *k = &j->k;
	if (!body || article_fields(body, k, &j->present, &j->from, http_arena(req), &err))
		return http_reply_error(req, &err);
	/* from a case, what is not given is written from it */
	if (!j->from && (!k->title || !k->body)) {
		kesu_fail(&err, KE_MISSING_FIELD, k->title ? "body" : "title",
			  "is required (or from_complaint, to start from a closed case)");
		return http_reply_error(req, &err);
	}
	if (!k->language)
		k->language = en_language[0].name;
	if (!k->status)
		k->status = "published";
	k->version = 1;
	k->created_at = k->updated_at = j->now;
	k->created_by = k->updated_by = j->who.actor;
	return http_defer(req, &j->job, article_finish);
}

static int article_target(struct http_request *req, struct article_job *j,
			  struct kesu_err *err)
{
	const char *im = http_header(req, "If-Match");
	if (api_id(http_param(req, 0), &j->k.id, err))
		return kesu_fail(err, KE_NOT_FOUND, "", "no such article");
	if (im && api_etag_version(im, &j->if_match))
		return kesu_fail(err, KE_STALE, "If-Match", "is not an ETag of this article");
	return 0;
}

int articles_patch(struct http_request *req)
{
	struct kesu_err err = {0};
	json_t *body = http_body_json(req, &err);
	struct article_job *j = article_job(req, OP_PATCH);
	if (!body || article_target(req, j, &err))
		return http_reply_error(req, &err);
	int64_t id = j->k.id;
	if (article_fields(body, &j->k, &j->present, &j->from, http_arena(req), &err))
		return http_reply_error(req, &err);
	if (j->from) {
		kesu_fail(&err, KE_INVALID_VALUE, "from_complaint",
			  "is where the article began and cannot be changed");
		return http_reply_error(req, &err);
	}
	j->k.id = id;
	return http_defer(req, &j->job, article_finish);
}

int articles_delete(struct http_request *req)
{
	struct kesu_err err = {0};
	struct article_job *j = article_job(req, OP_DELETE);
	if (article_target(req, j, &err))
		return http_reply_error(req, &err);
	return http_defer(req, &j->job, article_finish);
}
