/*
 * tokens.c - /api/v1/tokens: API tokens for integrations. A token acts for
 * the user who made it, narrowed to its scope (read, write, admin,
 * metrics); it is shown once, stored as its SHA-256, expires, and can be
 * revoked.
 */
#include "api.h"

#include <stdio.h>
#include <string.h>

#include "../auth/roles.h"
#include "../http/auth.h"
#include "../util/clock.h"

#define TOKEN_DAYS_DEFAULT 90
#define TOKEN_DAYS_MAX 730
#define DAY_MS (86400LL * 1000)

static json_t *token_json(const struct token_info *t)
{
	char c[40], e[40], r[40];
	return json_pack("{s:I,s:s,s:s,s:I,s:s?,s:s,s:s?,s:s?}", "id", (json_int_t)t->id,
			 "name", t->name, "scope", t->scope, "user_id", (json_int_t)t->user_id,
			 "username", t->username, "created_at",
			 clock_format(t->created_at, c, sizeof c), "expires_at",
			 t->expires_at ? clock_format(t->expires_at, e, sizeof e) : NULL,
			 "revoked_at", t->revoked_at ? clock_format(t->revoked_at, r, sizeof r) : NULL);
}

int tokens_list(struct http_request *req)
{
	struct kesu_err err = {0};
	const struct principal *p = http_principal(req);
	int64_t user = p->user_id;
	const char *v = http_query(req, "user");
	if (v) {
		if (api_id(v, &user, &err)) {
			kesu_fail(&err, KE_INVALID_VALUE, "user", "must be a user id");
			return http_reply_error(req, &err);
		}
		if (user != p->user_id && !authz_can(p, P_USER_ADMIN)) {
			kesu_fail(&err, KE_FORBIDDEN, "user", "only administrators see others' tokens");
			return http_reply_error(req, &err);
		}
	} else if (authz_can(p, P_USER_ADMIN)) {
		user = 0; /* all */
	}
	struct store_conn *c = http_reader(req, &err);
	struct token_info *items;
	int n;
	if (!c || store_token_list(c, user, http_arena(req), &items, &n, &err))
		return http_reply_error(req, &err);
	json_t *arr = json_array();
	for (int i = 0; i < n; i++)
		json_array_append_new(arr, token_json(&items[i]));
	return http_reply_json(req, 200, json_pack("{s:o}", "items", arr));
}

struct token_job {
	struct store_job job;
	int64_t user_id, now, expires, id;
	const char *name, *scope, *actor, *address;
	unsigned char hash[TOKEN_HASH_LEN];
	char token[80];
	int revoke;
	struct token_info info;
	struct arena *a;
};

static int token_run(struct store_conn *c, struct store_job *job)
{
	struct token_job *j = (struct token_job *)job;
	struct kesu_err *err = &job->err;
	int rc;
	if (j->revoke) {
		if ((rc = store_token_revoke(c, j->id, j->now, err)))
			return rc;
	} else if ((rc = store_token_insert(c, j->user_id, j->name, j->scope, j->hash, j->now,
					    j->expires, &j->id, err))) {
		return rc;
	}
	char target[32];
	snprintf(target, sizeof target, "token:%lld", (long long)j->id);
	json_t *d = j->revoke ? NULL : json_pack("{s:s,s:s}", "name", j->name, "scope", j->scope);
	rc = api_security_event(c, j->actor, j->address, j->now,
				j->revoke ? "token_revoked" : "token_created", target, d, err);
	json_decref(d);
	return rc ? rc : store_token_get(c, j->id, j->a, &j->info, err);
}

static int token_finish(struct http_request *req, struct store_job *job)
{
	struct token_job *j = (struct token_job *)job;
	if (job->rc) {
		memset(j->token, 0, sizeof j->token);
		return http_reply_error(req, &job->err);
	}
	json_t *o = token_json(&j->info);
	if (!j->revoke)
		json_object_set_new(o, "token", json_string(j->token));
	memset(j->token, 0, sizeof j->token);
	return http_reply_json(req, j->revoke ? 200 : 201, o);
}

static struct token_job *token_job_new(struct http_request *req)
{
	struct arena *a = http_arena(req);
	struct token_job *j = arena_zalloc(a, sizeof *j);
	j->job.run = token_run;
	j->now = clock_now_ms();
	j->actor = arena_strdup(a, http_principal(req)->actor);
	j->address = arena_strdup(a, http_address(req));
	j->a = a;
	return j;
}

int tokens_create(struct http_request *req)
{
	static const char *const keys[] = {"name", "scope", "expires_in_days", NULL};
	struct kesu_err err = {0};
	const struct principal *p = http_principal(req);
	json_t *body = http_body_json(req, &err);
	struct token_job *j = token_job_new(req);
	if (!body || api_known_keys(body, keys, &err) ||
	    api_string(body, "name", 1, 64, &j->name, &err) ||
	    api_string(body, "scope", 1, 8, &j->scope, &err))
		return http_reply_error(req, &err);
	uint32_t sp = scope_perms(j->scope);
	if (!sp) {
		kesu_fail(&err, KE_INVALID_VALUE, "scope",
			  "must be one of: read, write, admin, metrics");
		return http_reply_error(req, &err);
	}
	/* Nor is a scope that keeps none of what its owner may do (metrics
	 * for an agent): the token could do nothing at all. */
	if (!(sp & p->perms)) {
		kesu_fail(&err, KE_FORBIDDEN, "scope", "you hold none of the %s scope's permissions",
			  j->scope);
		return http_reply_error(req, &err);
	}
	/* A token is for what its owner may do; an admin scope for an agent
	 * would be a promise it cannot keep, so it is refused outright. */
	if ((sp & P_USER_ADMIN) && !authz_can(p, P_USER_ADMIN)) {
		kesu_fail(&err, KE_FORBIDDEN, "scope", "only administrators make admin tokens");
		return http_reply_error(req, &err);
	}
	if (p->token_id && (sp & ~scope_perms(p->scope) & P__ALL)) {
		kesu_fail(&err, KE_FORBIDDEN, "scope",
			  "a %s token cannot make a token of a wider scope", p->scope);
		return http_reply_error(req, &err);
	}
	json_t *d = json_object_get(body, "expires_in_days");
	int64_t days = TOKEN_DAYS_DEFAULT;
	if (d) {
		if (!json_is_integer(d) || json_integer_value(d) < 1 ||
		    json_integer_value(d) > TOKEN_DAYS_MAX) {
			kesu_fail(&err, KE_INVALID_VALUE, "expires_in_days",
				  "must be a whole number of days from 1 to %d", TOKEN_DAYS_MAX);
			return http_reply_error(req, &err);
		}
		days = json_integer_value(d);
	}
	j->expires = j->now + days * DAY_MS;
	/* A token made by a token would otherwise outlive it, and revoking or
	 * letting the first expire would not end what it handed out. */
	if (p->token_id && p->expires_at && j->expires > p->expires_at) {
		if (d) {
			char at[40];
			kesu_fail(&err, KE_INVALID_VALUE, "expires_in_days",
				  "must not outlast the token making it, which expires at %s",
				  clock_format(p->expires_at, at, sizeof at));
			return http_reply_error(req, &err);
		}
		j->expires = p->expires_at;
	}
	j->user_id = p->user_id;
	ids_random_token("kst_", j->token, sizeof j->token);
	ids_token_hash(j->token, j->hash);
	return http_defer(req, &j->job, token_finish);
}

int tokens_revoke(struct http_request *req)
{
	struct kesu_err err = {0};
	const struct principal *p = http_principal(req);
	struct token_job *j = token_job_new(req);
	struct store_conn *c;
	struct token_info t;
	if (api_id(http_param(req, 0), &j->id, &err) || !(c = http_reader(req, &err)) ||
	    store_token_get(c, j->id, http_arena(req), &t, &err))
		return http_reply_error(req, &err);
	if (t.user_id != p->user_id && !authz_can(p, P_USER_ADMIN)) {
		kesu_fail(&err, KE_NOT_FOUND, "", "no such token");
		return http_reply_error(req, &err);
	}
	j->revoke = 1;
	return http_defer(req, &j->job, token_finish);
}
