/*
 * users.c - /api/v1/users, /teams and /roles: staff accounts, their teams,
 * passwords and second factor, and the per-role settings. Every change of
 * who may do what is written to the security log in the same transaction.
 */
#include "api.h"

#include <ctype.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../auth/password.h"
#include "../auth/roles.h"
#include "../auth/totp.h"
#include "../http/auth.h"
#include "../http/ratelimit.h"
#include "../util/clock.h"

#define LIMIT_MAX_FEN 100000000000LL /* one billion yuan: a typo, not a limit */

/* --- shared ---------------------------------------------------------------- */

int api_username_ok(const char *s, struct kesu_err *err)
{
	size_t n = strlen(s);
	if (n < 2 || n > 32)
		return kesu_fail(err, KE_INVALID_VALUE, "username", "must have 2 to 32 characters");
	for (size_t i = 0; i < n; i++)
		if (!(islower((unsigned char)s[i]) || isdigit((unsigned char)s[i]) ||
		      strchr("._-", s[i])))
			return kesu_fail(err, KE_INVALID_VALUE, "username",
					 "may hold only a-z, 0-9, '.', '_' and '-'");
	return 0;
}

/* Parses {"refund": 20000, ...} into fen per type; returns the normalised
 * JSON text in a, or NULL with err. */
static const char *parse_limits(json_t *v, struct arena *a, struct kesu_err *err)
{
	if (!json_is_object(v)) {
		kesu_fail(err, KE_WRONG_TYPE, "limits",
			  "must be an object of compensation type -> amount in fen");
		return NULL;
	}
	const char *k;
	json_t *x;
	json_object_foreach(v, k, x) {
		if (enum_index(en_compensation_kind, k) < 0) {
			kesu_fail(err, KE_INVALID_VALUE, "limits",
				  "'%s' is not a compensation type", k);
			return NULL;
		}
		if (!json_is_integer(x) || json_integer_value(x) < 0 ||
		    json_integer_value(x) > LIMIT_MAX_FEN) {
			kesu_fail(err, KE_INVALID_VALUE, "limits",
				  "%s must be a whole number of fen from 0 to %lld", k,
				  LIMIT_MAX_FEN);
			return NULL;
		}
	}
	char *s = json_dumps(v, JSON_COMPACT | JSON_SORT_KEYS);
	const char *out = arena_strdup(a, s);
	free(s);
	return out;
}

/* Effective limits: the role's defaults, then the role's settings, then
 * the user's own. */
static json_t *effective_limits(int role, const char *role_limits, const char *user_limits)
{
	json_t *o = json_object();
	for (int i = 0; i < COMP__COUNT; i++)
		json_object_set_new(o, en_compensation_kind[i].name,
				    json_integer(role >= 0 ? roles[role].limit_fen : 0));
	const char *layers[] = {role_limits, user_limits};
	for (int l = 0; l < 2; l++) {
		json_t *j = layers[l] ? json_loads(layers[l], 0, NULL) : NULL;
		if (j)
			json_object_update_existing(o, j);
		json_decref(j);
	}
	return o;
}

static json_t *user_json(struct store_conn *c, const struct user *u, struct arena *a)
{
	char t1[40], t2[40], t3[40];
	int require = 0;
	const char *role_limits = NULL;
	struct kesu_err err;
	store_role_get(c, u->role, a, &require, &role_limits, &err);
	json_t *teams = json_array();
	for (int i = 0; i < u->nteams; i++)
		json_array_append_new(teams, json_integer(u->teams[i]));
	json_t *own = u->limits ? json_loads(u->limits, 0, NULL) : NULL;
	return json_pack(
		"{s:I,s:s,s:s?,s:s?,s:s,s:o,s:b,s:b,s:s?,s:o,s:o,s:s,s:s}", "id",
		(json_int_t)u->id, "username", u->username, "display_name", u->display_name,
		"email", u->email, "role", u->role, "teams", teams, "totp_enabled",
		u->totp_enabled, "disabled", u->disabled_at != 0, "locked_until",
		u->locked_until > clock_now_ms() ? clock_format(u->locked_until, t1, sizeof t1)
						 : NULL,
		"limits", effective_limits(role_find(u->role), role_limits, u->limits),
		"limits_override", own ? own : json_null(), "created_at", clock_format(u->created_at, t2, sizeof t2),
		"updated_at", clock_format(u->updated_at, t3, sizeof t3));
}

/* The user a path names: an id, or "me". */
static int user_ref(struct http_request *req, int64_t *id, struct kesu_err *err)
{
	const char *ref = http_param(req, 0);
	if (ref && strcmp(ref, "me") == 0) {
		*id = http_principal(req)->user_id;
		return 0;
	}
	return api_id(ref, id, err) ? kesu_fail(err, KE_NOT_FOUND, "", "no such user") : 0;
}

/* Staff may act on their own account; admins on any. Others get 404, not
 * 403, so that account ids cannot be probed. */
static int self_or_admin(struct http_request *req, int64_t id, struct kesu_err *err)
{
	const struct principal *p = http_principal(req);
	if (id == p->user_id || authz_can(p, P_USER_ADMIN))
		return 0;
	return kesu_fail(err, KE_NOT_FOUND, "", "no such user");
}

static void target_of(int64_t id, char out[32])
{
	snprintf(out, 32, "user:%lld", (long long)id);
}

/* A job that runs fn with the request's caller; replies with the user. */
struct user_job {
	struct store_job job;
	int64_t id, now;
	const char *actor, *address;
	struct user u;		/* the account as changed */
	json_t *body;
	const char *str;	/* a password hash, a limits text */
	int flag;
	unsigned char sealed[TOTP_SEALED_LEN];
	int reply_user;		/* reply 200/201 with the user, else 204 */
	int status;
	int64_t session_id;	/* the caller's session */
	struct arena *a;
};

static int user_finish(struct http_request *req, struct store_job *job)
{
	struct user_job *j = (struct user_job *)job;
	struct kesu_err err = {0};
	if (job->rc)
		return http_reply_error(req, &job->err);
	if (!j->reply_user)
		return http_reply_status(req, 204);
	struct store_conn *c = http_reader(req, &err);
	struct user u;
	if (!c || store_user_get(c, j->id, NULL, http_arena(req), &u, &err))
		return http_reply_error(req, &err);
	if (j->status == 201) {
		char loc[64];
		snprintf(loc, sizeof loc, "/api/v1/users/%lld", (long long)u.id);
		http_add_header(req, "Location", loc);
	}
	return http_reply_json(req, j->status ? j->status : 200, user_json(c, &u, http_arena(req)));
}

static struct user_job *user_job_new(struct http_request *req, int64_t id,
				     int (*run)(struct store_conn *, struct store_job *))
{
	struct arena *a = http_arena(req);
	const struct principal *p = http_principal(req);
	struct user_job *j = arena_zalloc(a, sizeof *j);
	j->job.run = run;
	j->id = id;
	j->now = clock_now_ms();
	j->actor = arena_strdup(a, p->actor);
	j->address = arena_strdup(a, http_address(req));
	j->session_id = p->session_id;
	j->a = a;
	return j;
}

static int read_teams(json_t *v, struct user *u, struct kesu_err *err)
{
	if (!json_is_array(v))
		return kesu_fail(err, KE_WRONG_TYPE, "teams", "must be an array of team ids");
	if (json_array_size(v) > USER_TEAMS_MAX)
		return kesu_fail(err, KE_INVALID_VALUE, "teams", "at most %d teams",
				 USER_TEAMS_MAX);
	size_t i;
	json_t *x;
	u->nteams = 0;
	json_array_foreach(v, i, x) {
		if (!json_is_integer(x) || json_integer_value(x) <= 0)
			return kesu_fail(err, KE_WRONG_TYPE, "teams", "must be an array of team ids");
		u->teams[u->nteams++] = json_integer_value(x);
	}
	return 0;
}

/* --- users ----------------------------------------------------------------- */

int users_list(struct http_request *req)
{
	struct kesu_err err = {0};
	struct arena *a = http_arena(req);
	struct store_conn *c = http_reader(req, &err);
	struct user *items;
	int n;
	if (!c || store_user_list(c, a, &items, &n, &err))
		return http_reply_error(req, &err);
	json_t *arr = json_array();
	for (int i = 0; i < n; i++)
		json_array_append_new(arr, user_json(c, &items[i], a));
	return http_reply_json(req, 200, json_pack("{s:o}", "items", arr));
}

int users_get(struct http_request *req)
{
	struct kesu_err err = {0};
	int64_t id;
	struct user u;
	struct store_conn *c;
	if (user_ref(req, &id, &err) || self_or_admin(req, id, &err) ||
	    !(c = http_reader(req, &err)) ||
	    store_user_get(c, id, NULL, http_arena(req), &u, &err))
		return http_reply_error(req, &err);
	return http_reply_json(req, 200, user_json(c, &u, http_arena(req)));
}

static int create_run(struct store_conn *c, struct store_job *job)
{
	struct user_job *j = (struct user_job *)job;
	int rc = store_user_insert(c, &j->u, &job->err);
	if (!rc)
		rc = store_user_set_teams(c, &j->u, &job->err);
	if (rc)
		return rc;
	j->id = j->u.id;
	char target[32];
	target_of(j->u.id, target);
	json_t *teams = json_array();
	for (int i = 0; i < j->u.nteams; i++)
		json_array_append_new(teams, json_integer(j->u.teams[i]));
	json_t *d = json_pack("{s:s,s:s,s:o}", "username", j->u.username, "role", j->u.role,
			      "teams", teams);
	rc = api_security_event(c, j->actor, j->address, j->now, "user_created", target, d,
				&job->err);
	json_decref(d);
	return rc;
}

int users_create(struct http_request *req)
{
	static const char *const keys[] = {"username", "display_name", "email", "role",
					   "teams", "password", "limits", NULL};
	struct kesu_err err = {0};
	struct arena *a = http_arena(req);
	json_t *body = http_body_json(req, &err);
	struct user_job *j = user_job_new(req, 0, create_run);
	const char *pw, *role;
	if (!body || api_known_keys(body, keys, &err) ||
	    api_string(body, "username", 1, 32, &j->u.username, &err) ||
	    api_username_ok(j->u.username, &err) ||
	    api_string(body, "display_name", 0, 64, &j->u.display_name, &err) ||
	    api_string(body, "email", 0, 254, &j->u.email, &err) ||
	    api_string(body, "role", 1, 16, &role, &err) ||
	    api_string(body, "password", 1, PASSWORD_MAX, &pw, &err))
		return http_reply_error(req, &err);
	if (role_find(role) < 0) {
		kesu_fail(&err, KE_INVALID_VALUE, "role",
			  "must be one of: agent, supervisor, manager, admin, auditor");
		return http_reply_error(req, &err);
	}
	json_t *v;
	if (((v = json_object_get(body, "teams")) && read_teams(v, &j->u, &err)) ||
	    ((v = json_object_get(body, "limits")) && !json_is_null(v) &&
	     !(j->u.limits = parse_limits(v, a, &err))) ||
	    password_policy(pw, j->u.username, "password", &err))
		return http_reply_error(req, &err);
	char hash[PASSWORD_HASH_MAX];
	if (password_hash(pw, hash)) {
		kesu_fail(&err, KE_UNAVAILABLE, "", "not enough memory to hash the password");
		return http_reply_error(req, &err);
	}
	j->u.password_hash = arena_strdup(a, hash);
	j->u.role = role;
	j->u.password_changed_at = j->u.created_at = j->u.updated_at = j->now;
	j->reply_user = 1;
	j->status = 201;
	return http_defer(req, &j->job, user_finish);
}

/* 0 if, after this change, an active admin other than id remains or the
 * change keeps id an active admin. */
static int keeps_an_admin(struct store_conn *c, const struct user *after, struct arena *a,
			  struct kesu_err *err)
{
	if (strcmp(after->role, "admin") == 0 && !after->disabled_at)
		return 0;
	struct user *all;
	int n;
	if (store_user_list(c, a, &all, &n, err))
		return -err->code;
	for (int i = 0; i < n; i++)
		if (all[i].id != after->id && strcmp(all[i].role, "admin") == 0 &&
		    !all[i].disabled_at)
			return 0;
	return kesu_fail(err, KE_CONFLICT, "role",
			 "this is the last active administrator: make another one first");
}

static int patch_run(struct store_conn *c, struct store_job *job)
{
	struct user_job *j = (struct user_job *)job;
	struct kesu_err *err = &job->err;
	struct user before;
	int rc = store_user_get(c, j->id, NULL, j->a, &before, err);
	if (rc)
		return rc;
	struct user u = before;
	json_t *b = j->body, *v;
	const char *s;
	char target[32];
	target_of(j->id, target);
	json_t *changes = json_object();
	if (json_object_get(b, "display_name")) {
		api_string(b, "display_name", 0, 64, &s, err);
		u.display_name = s;
	}
	if (json_object_get(b, "email")) {
		api_string(b, "email", 0, 254, &s, err);
		u.email = s;
	}
	if ((v = json_object_get(b, "role")) && strcmp(json_string_value(v), u.role) != 0) {
		json_object_set_new(changes, "role", json_pack("{s:s,s:s}", "before", before.role,
							       "after", json_string_value(v)));
		u.role = json_string_value(v);
	}
	if ((v = json_object_get(b, "limits"))) {
		u.limits = j->str;
		json_object_set_new(changes, "limits",
				    json_pack("{s:s?,s:s?}", "before", before.limits, "after",
					      u.limits));
	}
	if ((v = json_object_get(b, "disabled"))) {
		int dis = json_is_true(v);
		if (dis && !before.disabled_at)
			u.disabled_at = j->now;
		if (!dis)
			u.disabled_at = 0;
		if (!!before.disabled_at != dis)
			json_object_set_new(changes, "disabled", json_boolean(dis));
	}
	int teams_changed = 0;
	if ((v = json_object_get(b, "teams"))) {
		read_teams(v, &u, err);
		teams_changed = 1;
		json_t *bt = json_array(), *at = json_array();
		for (int i = 0; i < before.nteams; i++)
			json_array_append_new(bt, json_integer(before.teams[i]));
		for (int i = 0; i < u.nteams; i++)
			json_array_append_new(at, json_integer(u.teams[i]));
		json_object_set_new(changes, "teams", json_pack("{s:o,s:o}", "before", bt, "after", at));
	}
	if ((rc = keeps_an_admin(c, &u, j->a, err)))
		goto out;
	u.updated_at = j->now;
	if ((rc = store_user_update(c, &u, err)) ||
	    (teams_changed && (rc = store_user_set_teams(c, &u, err))))
		goto out;
	if (u.disabled_at && !before.disabled_at &&
	    (rc = store_session_revoke(c, 0, u.id, j->now, err)))
		goto out;
	if (json_object_size(changes)) {
		json_t *d = json_pack("{s:O}", "changes", changes);
		rc = api_security_event(c, j->actor, j->address, j->now, "user_updated", target, d,
					err);
		json_decref(d);
	}
out:
	json_decref(changes);
	return rc;
}

int users_patch(struct http_request *req)
{
	static const char *const keys[] = {"display_name", "email", "role", "teams",
					   "limits", "disabled", NULL};
	struct kesu_err err = {0};
	struct arena *a = http_arena(req);
	int64_t id;
	json_t *body = http_body_json(req, &err);
	const char *s;
	struct user scratch = {0};
	if (!body || user_ref(req, &id, &err) || api_known_keys(body, keys, &err) ||
	    api_string(body, "display_name", 0, 64, &s, &err) ||
	    api_string(body, "email", 0, 254, &s, &err) ||
	    api_string(body, "role", 0, 16, &s, &err))
		return http_reply_error(req, &err);
	struct user_job *j = user_job_new(req, id, patch_run);
	json_t *v;
	if ((v = json_object_get(body, "role")) && role_find(json_string_value(v)) < 0) {
		/* null included: an account always has a role */
		kesu_fail(&err, KE_INVALID_VALUE, "role",
			  "must be one of: agent, supervisor, manager, admin, auditor");
		return http_reply_error(req, &err);
	}
	if ((v = json_object_get(body, "teams")) && read_teams(v, &scratch, &err))
		return http_reply_error(req, &err);
	if ((v = json_object_get(body, "limits")) && !json_is_null(v) &&
	    !(j->str = parse_limits(v, a, &err)))
		return http_reply_error(req, &err);
	if ((v = json_object_get(body, "disabled")) && !json_is_boolean(v)) {
		kesu_fail(&err, KE_WRONG_TYPE, "disabled", "must be true or false");
		return http_reply_error(req, &err);
	}
	if (json_is_true(json_object_get(body, "disabled")) &&
	    id == http_principal(req)->user_id) {
		kesu_fail(&err, KE_CONFLICT, "disabled", "you cannot disable your own account");
		return http_reply_error(req, &err);
	}
	j->body = body;
	j->reply_user = 1;
	return http_defer(req, &j->job, user_finish);
}

static int password_run(struct store_conn *c, struct store_job *job)
{
	struct user_job *j = (struct user_job *)job;
	int rc = store_user_set_password(c, j->id, j->str, j->now, &job->err);
	if (rc)
		return rc;
	char target[32];
	target_of(j->id, target);
	return api_security_event(c, j->actor, j->address, j->now,
				  j->flag ? "password_changed" : "password_reset", target, NULL,
				  &job->err);
}

static int password_finish(struct http_request *req, struct store_job *job)
{
	struct user_job *j = (struct user_job *)job;
	if (!job->rc && j->flag && j->session_id)
		http_set_session_cookie(req, NULL, 0); /* every session ended, ours too */
	return user_finish(req, job);
}

/* A stolen session must not be enough to take the account, nor to guess
 * its password at leisure: changing one's password or removing one's
 * second factor asks for the current password, and wrong ones count as
 * failed sign-ins of the address. Returns -1 when cur is right, else the
 * result of the error reply already sent. */
static int reauthenticate(struct http_request *req, const struct user *u, const char *cur,
			  const char *why)
{
	struct kesu_err err = {0};
	int64_t now = clock_now_ms();
	int wait = rl_blocked(RL_LOGIN, http_address(req), now);
	if (wait)
		return api_reply_rate_limited(req, wait,
					      "too many failed sign-ins from your address");
	if (!cur) {
		kesu_fail(&err, KE_MISSING_FIELD, "current_password", "is required %s", why);
		return http_reply_error(req, &err);
	}
	if (!password_verify(cur, u->password_hash)) {
		rl_fail(RL_LOGIN, http_address(req), now);
		kesu_fail(&err, KE_FORBIDDEN, "current_password", "is wrong");
		return http_reply_error(req, &err);
	}
	return -1;
}

int users_password(struct http_request *req)
{
	static const char *const keys[] = {"current_password", "new_password", NULL};
	struct kesu_err err = {0};
	struct arena *a = http_arena(req);
	const struct principal *p = http_principal(req);
	int64_t id;
	json_t *body = http_body_json(req, &err);
	const char *cur, *pw;
	if (!body || user_ref(req, &id, &err) || self_or_admin(req, id, &err) ||
	    api_known_keys(body, keys, &err) ||
	    api_string(body, "current_password", 0, PASSWORD_MAX, &cur, &err) ||
	    api_string(body, "new_password", 1, PASSWORD_MAX, &pw, &err))
		return http_reply_error(req, &err);
	struct store_conn *c = http_reader(req, &err);
	struct user u;
	if (!c || store_user_get(c, id, NULL, a, &u, &err) ||
	    password_policy(pw, u.username, "new_password", &err))
		return http_reply_error(req, &err);
	int rc;
	int self = id == p->user_id;
	if (self && (rc = reauthenticate(req, &u, cur, "to change your own password")) >= 0)
		return rc;
	char hash[PASSWORD_HASH_MAX];
	if (password_hash(pw, hash)) {
		kesu_fail(&err, KE_UNAVAILABLE, "", "not enough memory to hash the password");
		return http_reply_error(req, &err);
	}
	struct user_job *j = user_job_new(req, id, password_run);
	j->str = arena_strdup(a, hash);
	j->flag = self;
	return http_defer(req, &j->job, password_finish);
}

static int unlock_run(struct store_conn *c, struct store_job *job)
{
	struct user_job *j = (struct user_job *)job;
	struct user u;
	int rc = store_user_get(c, j->id, NULL, j->a, &u, &job->err);
	if (!rc)
		rc = store_user_unlock(c, j->id, j->now, &job->err);
	if (rc)
		return rc;
	char target[32];
	target_of(j->id, target);
	return api_security_event(c, j->actor, j->address, j->now, "account_unlocked", target,
				  NULL, &job->err);
}

int users_unlock(struct http_request *req)
{
	struct kesu_err err = {0};
	int64_t id;
	if (user_ref(req, &id, &err))
		return http_reply_error(req, &err);
	struct user_job *j = user_job_new(req, id, unlock_run);
	j->reply_user = 1;
	return http_defer(req, &j->job, user_finish);
}

/* --- the second factor ------------------------------------------------------ */

static int totp_run(struct store_conn *c, struct store_job *job)
{
	struct user_job *j = (struct user_job *)job;
	struct kesu_err *err = &job->err;
	struct user u;
	int rc = store_user_get(c, j->id, NULL, j->a, &u, err);
	if (rc)
		return rc;
	char target[32];
	target_of(j->id, target);
	switch (j->flag) {
	case 0: /* begin */
		if (u.totp_enabled)
			return kesu_fail(err, KE_CONFLICT, "totp",
					 "a second factor is set up already: remove it first");
		return store_user_set_totp(c, j->id, j->sealed, sizeof j->sealed, 0, j->now, err);
	case 1: /* confirm */
		if ((rc = store_user_set_totp(c, j->id, u.totp_sealed, TOTP_SEALED_LEN, 1, j->now,
					      err)))
			return rc;
		if (j->session_id && (rc = store_session_set_stage(c, j->session_id, "full", err)))
			return rc;
		if ((rc = store_user_login_result(c, j->id, 1, j->u.totp_last_step, j->now,
						  &u.locked_until, err)))
			return rc;
		return api_security_event(c, j->actor, j->address, j->now, "totp_enabled",
					  target, NULL, err);
	default: /* remove */
		if ((rc = store_user_set_totp(c, j->id, NULL, 0, 0, j->now, err)))
			return rc;
		return api_security_event(c, j->actor, j->address, j->now, "totp_removed",
					  target, NULL, err);
	}
}

struct totp_begin {
	char b32[TOTP_B32_MAX];
	char uri[512];
};

static int totp_begin_finish(struct http_request *req, struct store_job *job)
{
	struct user_job *j = (struct user_job *)job;
	struct totp_begin *tb = (struct totp_begin *)j->str;
	if (job->rc)
		return http_reply_error(req, &job->err);
	json_t *o = json_pack("{s:s,s:s}", "secret", tb->b32, "otpauth_uri", tb->uri);
	sodium_memzero(tb, sizeof *tb);
	return http_reply_json(req, 201, o);
}

int users_totp_begin(struct http_request *req)
{
	struct kesu_err err = {0};
	const struct principal *p = http_principal(req);
	int64_t id;
	if (user_ref(req, &id, &err))
		return http_reply_error(req, &err);
	if (id != p->user_id) {
		kesu_fail(&err, KE_NOT_FOUND, "", "a second factor is set up by its owner: use me");
		return http_reply_error(req, &err);
	}
	struct user_job *j = user_job_new(req, id, totp_run);
	struct totp_begin *tb = arena_zalloc(http_arena(req), sizeof *tb);
	unsigned char secret[TOTP_SECRET_LEN];
	totp_new_secret(secret, tb->b32);
	totp_seal(store_secret_key(http_store(req)), secret, j->sealed);
	sodium_memzero(secret, sizeof secret);
	totp_uri("kesu", p->username, tb->b32, tb->uri, sizeof tb->uri);
	j->str = (const char *)tb;
	j->flag = 0;
	return http_defer(req, &j->job, totp_begin_finish);
}

int users_totp_confirm(struct http_request *req)
{
	static const char *const keys[] = {"code", NULL};
	struct kesu_err err = {0};
	const struct principal *p = http_principal(req);
	int64_t id;
	json_t *body = http_body_json(req, &err);
	const char *code;
	if (!body || user_ref(req, &id, &err) || api_known_keys(body, keys, &err) ||
	    api_string(body, "code", 1, 10, &code, &err))
		return http_reply_error(req, &err);
	if (id != p->user_id) {
		kesu_fail(&err, KE_NOT_FOUND, "", "a second factor is set up by its owner: use me");
		return http_reply_error(req, &err);
	}
	struct store_conn *c = http_reader(req, &err);
	struct user u;
	if (!c || store_user_get(c, id, NULL, http_arena(req), &u, &err))
		return http_reply_error(req, &err);
	if (u.totp_enabled || !u.has_totp_sealed) {
		kesu_fail(&err, KE_CONFLICT, "totp",
			  u.totp_enabled ? "the second factor is set up already"
					 : "start with POST /api/v1/users/me/totp");
		return http_reply_error(req, &err);
	}
	unsigned char secret[TOTP_SECRET_LEN];
	struct user_job *j = user_job_new(req, id, totp_run);
	int bad = totp_open(store_secret_key(http_store(req)), u.totp_sealed, secret) ||
		  totp_check(secret, j->now / 1000, code, 0, &j->u.totp_last_step);
	sodium_memzero(secret, sizeof secret);
	if (bad) {
		kesu_fail(&err, KE_INVALID_VALUE, "code",
			  "is not the current code of the authenticator app (check its clock)");
		return http_reply_error(req, &err);
	}
	j->flag = 1;
	j->reply_user = 1;
	return http_defer(req, &j->job, user_finish);
}

int users_totp_remove(struct http_request *req)
{
	struct kesu_err err = {0};
	struct arena *a = http_arena(req);
	const struct principal *p = http_principal(req);
	int64_t id;
	static const char *const keys[] = {"current_password", NULL};
	const char *cur = NULL;
	json_t *body = NULL;
	if (user_ref(req, &id, &err) || self_or_admin(req, id, &err))
		return http_reply_error(req, &err);
	if (http_body_len(req) && (!(body = http_body_json(req, &err)) ||
				   api_known_keys(body, keys, &err) ||
				   api_string(body, "current_password", 0, PASSWORD_MAX, &cur, &err)))
		return http_reply_error(req, &err);
	if (id == p->user_id) {
		struct store_conn *c = http_reader(req, &err);
		int require = 0, rc;
		const char *limits;
		struct user u;
		if (!c || store_role_get(c, roles[p->role].name, a, &require, &limits, &err) ||
		    store_user_get(c, id, NULL, a, &u, &err))
			return http_reply_error(req, &err);
		if (require && !authz_can(p, P_USER_ADMIN)) {
			kesu_fail(&err, KE_FORBIDDEN, "totp",
				  "your role requires a second factor; an administrator can reset it");
			return http_reply_error(req, &err);
		}
		if ((rc = reauthenticate(req, &u, cur, "to remove your own second factor")) >= 0)
			return rc;
	}
	struct user_job *j = user_job_new(req, id, totp_run);
	j->flag = 2;
	j->reply_user = 1;
	return http_defer(req, &j->job, user_finish);
}

/* --- teams ------------------------------------------------------------------ */

static json_t *team_json(const struct team *t)
{
	char at[40];
	return json_pack("{s:I,s:s,s:i,s:s}", "id", (json_int_t)t->id, "name", t->name,
			 "members", t->members, "created_at",
			 clock_format(t->created_at, at, sizeof at));
}

int teams_list(struct http_request *req)
{
	struct kesu_err err = {0};
	struct store_conn *c = http_reader(req, &err);
	struct team *items;
	int n;
	if (!c || store_team_list(c, http_arena(req), &items, &n, &err))
		return http_reply_error(req, &err);
	json_t *arr = json_array();
	for (int i = 0; i < n; i++)
		json_array_append_new(arr, team_json(&items[i]));
	return http_reply_json(req, 200, json_pack("{s:o}", "items", arr));
}

struct team_job {
	struct store_job job;
	struct team t;
	const char *actor, *address;
	int rename;
	struct arena *a;
};

static int team_run(struct store_conn *c, struct store_job *job)
{
	struct team_job *j = (struct team_job *)job;
	int rc = j->rename ? store_team_rename(c, j->t.id, j->t.name, &job->err)
			   : store_team_insert(c, &j->t, &job->err);
	if (rc)
		return rc;
	char target[32];
	snprintf(target, sizeof target, "team:%lld", (long long)j->t.id);
	json_t *d = json_pack("{s:s}", "name", j->t.name);
	rc = api_security_event(c, j->actor, j->address, j->t.created_at,
				j->rename ? "team_renamed" : "team_created", target, d, &job->err);
	json_decref(d);
	return rc ? rc : store_team_get(c, j->t.id, NULL, j->a, &j->t, &job->err);
}

static int team_finish(struct http_request *req, struct store_job *job)
{
	struct team_job *j = (struct team_job *)job;
	if (job->rc)
		return http_reply_error(req, &job->err);
	return http_reply_json(req, j->rename ? 200 : 201, team_json(&j->t));
}

static int team_job_start(struct http_request *req, int64_t id)
{
	static const char *const keys[] = {"name", NULL};
	struct kesu_err err = {0};
	struct arena *a = http_arena(req);
	json_t *body = http_body_json(req, &err);
	struct team_job *j = arena_zalloc(a, sizeof *j);
	if (!body || api_known_keys(body, keys, &err) ||
	    api_string(body, "name", 1, 64, &j->t.name, &err))
		return http_reply_error(req, &err);
	j->job.run = team_run;
	j->t.id = id;
	j->rename = id != 0;
	j->t.created_at = clock_now_ms();
	j->actor = arena_strdup(a, http_principal(req)->actor);
	j->address = arena_strdup(a, http_address(req));
	j->a = a;
	return http_defer(req, &j->job, team_finish);
}

int teams_create(struct http_request *req)
{
	return team_job_start(req, 0);
}

int teams_patch(struct http_request *req)
{
	struct kesu_err err = {0};
	int64_t id;
	if (api_id(http_param(req, 0), &id, &err))
		return http_reply_error(req, &err);
	return team_job_start(req, id);
}

/* --- roles ------------------------------------------------------------------ */

static json_t *role_json(struct store_conn *c, int r, struct arena *a)
{
	int require = 0;
	const char *limits = NULL;
	struct kesu_err err;
	store_role_get(c, roles[r].name, a, &require, &limits, &err);
	json_t *perm = json_array();
	for (int i = 0; i < nperms; i++)
		if (roles[r].perms & perms[i].bit)
			json_array_append_new(perm, json_string(perms[i].name));
	return json_pack("{s:s,s:s,s:s,s:o,s:b,s:o}", "name", roles[r].name, "label",
			 roles[r].label[LANG_ZH_CN], "summary", roles[r].summary, "permissions", perm,
			 "require_totp", require, "limits", effective_limits(r, limits, NULL));
}

int roles_list(struct http_request *req)
{
	struct kesu_err err = {0};
	struct store_conn *c = http_reader(req, &err);
	if (!c)
		return http_reply_error(req, &err);
	json_t *arr = json_array();
	for (int r = 0; r < ROLE__COUNT; r++)
		json_array_append_new(arr, role_json(c, r, http_arena(req)));
	return http_reply_json(req, 200, json_pack("{s:o}", "items", arr));
}

struct role_job {
	struct store_job job;
	int role, require_totp, set_totp, set_limits;
	const char *limits, *actor, *address;
	int64_t now;
	struct arena *a;
};

static int role_run(struct store_conn *c, struct store_job *job)
{
	struct role_job *j = (struct role_job *)job;
	int require;
	const char *limits;
	int rc = store_role_get(c, roles[j->role].name, j->a, &require, &limits, &job->err);
	if (rc)
		return rc;
	json_t *d = json_object();
	if (j->set_totp) {
		json_object_set_new(d, "require_totp", json_boolean(j->require_totp));
		require = j->require_totp;
	}
	if (j->set_limits) {
		json_object_set_new(d, "limits", json_pack("{s:s?,s:s?}", "before", limits,
							   "after", j->limits));
		limits = j->limits;
	}
	rc = store_role_put(c, roles[j->role].name, require, limits, &job->err);
	char target[32];
	snprintf(target, sizeof target, "role:%s", roles[j->role].name);
	if (!rc)
		rc = api_security_event(c, j->actor, j->address, j->now, "role_updated", target, d,
					&job->err);
	json_decref(d);
	return rc;
}

static int role_finish(struct http_request *req, struct store_job *job)
{
	struct role_job *j = (struct role_job *)job;
	struct kesu_err err = {0};
	if (job->rc)
		return http_reply_error(req, &job->err);
	struct store_conn *c = http_reader(req, &err);
	if (!c)
		return http_reply_error(req, &err);
	return http_reply_json(req, 200, role_json(c, j->role, http_arena(req)));
}

int roles_patch(struct http_request *req)
{
	static const char *const keys[] = {"require_totp", "limits", NULL};
	struct kesu_err err = {0};
	struct arena *a = http_arena(req);
	int role = role_find(http_param(req, 0));
	if (role < 0) {
		kesu_fail(&err, KE_NOT_FOUND, "", "no such role");
		return http_reply_error(req, &err);
	}
	json_t *body = http_body_json(req, &err);
	if (!body || api_known_keys(body, keys, &err))
		return http_reply_error(req, &err);
	struct role_job *j = arena_zalloc(a, sizeof *j);
	json_t *v;
	if ((v = json_object_get(body, "require_totp"))) {
		if (!json_is_boolean(v)) {
			kesu_fail(&err, KE_WRONG_TYPE, "require_totp", "must be true or false");
			return http_reply_error(req, &err);
		}
		j->set_totp = 1;
		j->require_totp = json_is_true(v);
	}
	if ((v = json_object_get(body, "limits"))) {
		j->set_limits = 1;
		if (!json_is_null(v) && !(j->limits = parse_limits(v, a, &err)))
			return http_reply_error(req, &err);
	}
	j->job.run = role_run;
	j->role = role;
	j->now = clock_now_ms();
	j->actor = arena_strdup(a, http_principal(req)->actor);
	j->address = arena_strdup(a, http_address(req));
	j->a = a;
	return http_defer(req, &j->job, role_finish);
}

/* GET /api/v1/teams/{id}/members: who a complaint of the team can go to,
 * and the names behind assignee ids. Any staff member sees their own
 * teams' members; those who see every team, any team's. */
int teams_members(struct http_request *req)
{
	struct kesu_err err = {0};
	struct arena *a = http_arena(req);
	int64_t team;
	if (api_id(http_param(req, 0), &team, &err) ||
	    !authz_team(http_principal(req), team)) {
		kesu_fail(&err, KE_NOT_FOUND, "", "no such team");
		return http_reply_error(req, &err);
	}
	struct store_conn *c = http_reader(req, &err);
	struct user *u;
	int n;
	if (!c || store_user_list(c, a, &u, &n, &err))
		return http_reply_error(req, &err);
	json_t *items = json_array();
	for (int i = 0; i < n; i++) {
		int member = 0;
		for (int t = 0; t < u[i].nteams; t++)
			member |= u[i].teams[t] == team;
		if (member && !u[i].disabled_at)
			json_array_append_new(items, json_pack("{s:I,s:s,s:s?,s:s}", "id",
							       (json_int_t)u[i].id, "username",
							       u[i].username, "display_name",
							       u[i].display_name, "role", u[i].role));
	}
	return http_reply_json(req, 200, json_pack("{s:o}", "items", items));
}
