/*
 * users.c - /api/v1/users: staff accounts, listed, created, read and
 * changed (role, teams, limits, disabled), their passwords and unlocking.
 * The rules and the security event of each change are the staff
 * account's (src/staff/account.h), written in the change's transaction.
 */
#include "staff_int.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "../auth/password.h"
#include "../auth/roles.h"
#include "../http/auth.h"
#include "../http/ratelimit.h"
#include "../staff/account.h"
#include "../util/clock.h"

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
	const char **cats = NULL;
	int ncats = 0;
	json_t *skills = json_array();
	if (!store_user_skills(c, u->id, a, &cats, &ncats, &err))
		for (int i = 0; i < ncats; i++)
			json_array_append_new(skills, json_string(cats[i]));
	return json_pack(
		"{s:I,s:s,s:s?,s:s?,s:s,s:o,s:b,s:b,s:s?,s:o,s:o,s:s,s:s,s:b,s:o}", "id",
		(json_int_t)u->id, "username", u->username, "display_name", u->display_name,
		"email", u->email, "role", u->role, "teams", teams, "totp_enabled",
		u->totp_enabled, "disabled", u->disabled_at != 0, "locked_until",
		u->locked_until > clock_now_ms() ? clock_format(u->locked_until, t1, sizeof t1)
						 : NULL,
		"limits", staff_limits_effective(role_find(u->role), role_limits, u->limits),
		"limits_override", own ? own : json_null(), "created_at", clock_format(u->created_at, t2, sizeof t2),
		"updated_at", clock_format(u->updated_at, t3, sizeof t3), "on_duty", u->on_duty,
		"skills", skills);
}

int staff_user_ref(struct http_request *req, int64_t *id, struct kesu_err *err)
{
	const char *ref = http_param(req, 0);
	if (ref && strcmp(ref, "me") == 0) {
		*id = http_principal(req)->user_id;
		return 0;
	}
	return api_id(ref, id, err) ? kesu_fail(err, KE_NOT_FOUND, "", "no such user") : 0;
}

int staff_self_or_admin(struct http_request *req, int64_t id, struct kesu_err *err)
{
	const struct principal *p = http_principal(req);
	if (id == p->user_id || authz_can(p, P_USER_ADMIN))
		return 0;
	return kesu_fail(err, KE_NOT_FOUND, "", "no such user");
}

int staff_user_finish(struct http_request *req, struct store_job *job)
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

struct user_job *staff_user_job(struct http_request *req, int64_t id,
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
	if (staff_user_ref(req, &id, &err) || staff_self_or_admin(req, id, &err) ||
	    !(c = http_reader(req, &err)) ||
	    store_user_get(c, id, NULL, http_arena(req), &u, &err))
		return http_reply_error(req, &err);
	return http_reply_json(req, 200, user_json(c, &u, http_arena(req)));
}

static int create_run(struct store_conn *c, struct store_job *job)
{
	struct user_job *j = (struct user_job *)job;
	const struct account_by by = {j->actor, j->address, j->now};
	j->u.password_hash = j->str; /* hashed on a worker */
	int rc = account_create(c, &j->u, NULL, 0, &by, j->a, &job->err);
	if (rc)
		return rc;
	j->id = j->u.id;
	return 0;
}

int users_create(struct http_request *req)
{
	static const char *const keys[] = {"username", "display_name", "email", "role",
					   "teams", "password", "limits", NULL};
	struct kesu_err err = {0};
	struct arena *a = http_arena(req);
	json_t *body = http_body_json(req, &err);
	struct user_job *j = staff_user_job(req, 0, create_run);
	const char *pw, *role;
	if (!body || api_known_keys(body, keys, &err) ||
	    api_string(body, "username", 1, 32, &j->u.username, &err) ||
	    account_username_ok(j->u.username, &err) ||
	    api_string(body, "display_name", 0, 64, &j->u.display_name, &err) ||
	    api_string(body, "email", 0, 254, &j->u.email, &err) ||
	    api_string(body, "role", 1, 16, &role, &err) ||
	    api_string(body, "password", 1, PASSWORD_MAX, &pw, &err))
		return http_reply_error(req, &err);
	if (role_find(role) < 0) {
		char names[128];
		kesu_fail(&err, KE_INVALID_VALUE, "role", "must be one of: %s",
			  role_names(names, sizeof names));
		return http_reply_error(req, &err);
	}
	json_t *v;
	if (((v = json_object_get(body, "teams")) && read_teams(v, &j->u, &err)) ||
	    ((v = json_object_get(body, "limits")) && !json_is_null(v) &&
	     !(j->u.limits = staff_limits_parse(v, a, &err))) ||
	    account_password_ok(pw, j->u.username, "password", &err))
		return http_reply_error(req, &err);
	j->u.role = role;
	j->u.password_changed_at = j->u.created_at = j->u.updated_at = j->now;
	j->reply_user = 1;
	j->status = 201;
	return staff_password_work(req, j, NULL, NULL, NULL, pw, staff_user_finish);
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
	const struct account_by by = {j->actor, j->address, j->now};
	if (!(rc = account_keeps_an_admin(c, &u, j->a, err)))
		rc = account_update(c, &before, &u, teams_changed, changes, &by, err);
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
	if (!body || staff_user_ref(req, &id, &err) || api_known_keys(body, keys, &err) ||
	    api_string(body, "display_name", 0, 64, &s, &err) ||
	    api_string(body, "email", 0, 254, &s, &err) ||
	    api_string(body, "role", 0, 16, &s, &err))
		return http_reply_error(req, &err);
	struct user_job *j = staff_user_job(req, id, patch_run);
	json_t *v;
	if ((v = json_object_get(body, "role")) && role_find(json_string_value(v)) < 0) {
		/* null included: an account always has a role */
		char names[128];
		kesu_fail(&err, KE_INVALID_VALUE, "role", "must be one of: %s",
			  role_names(names, sizeof names));
		return http_reply_error(req, &err);
	}
	if ((v = json_object_get(body, "teams")) && read_teams(v, &scratch, &err))
		return http_reply_error(req, &err);
	if ((v = json_object_get(body, "limits")) && !json_is_null(v) &&
	    !(j->str = staff_limits_parse(v, a, &err)))
		return http_reply_error(req, &err);
	if ((v = json_object_get(body, "disabled")) && !json_is_boolean(v)) {
		kesu_fail(&err, KE_WRONG_TYPE, "disabled", "must be true or false");
		return http_reply_error(req, &err);
	}
	if (json_is_true(json_object_get(body, "disabled")) &&
	    id == http_principal(req)->user_id) {
		kesu_refuse(&err, KE_CONFLICT, KR_OWN_ACCOUNT, "disabled",
			    "you cannot disable your own account");
		return http_reply_error(req, &err);
	}
	j->body = body;
	j->reply_user = 1;
	return http_defer(req, &j->job, staff_user_finish);
}

static int password_run(struct store_conn *c, struct store_job *job)
{
	struct user_job *j = (struct user_job *)job;
	const struct account_by by = {j->actor, j->address, j->now};
	return account_set_password(c, j->id, j->str, j->flag, &by, &j->revoked, &job->err);
}

static int password_finish(struct http_request *req, struct store_job *job)
{
	struct user_job *j = (struct user_job *)job;
	if (!job->rc && j->flag && j->session_id)
		http_set_session_cookie(req, NULL, 0); /* every session ended, ours too */
	/* a reset says what it ended, so that the administrator knows which
	 * integrations need a new token */
	if (!job->rc && !j->flag)
		return http_reply_json(req, 200, json_pack("{s:i}", "tokens_revoked", j->revoked));
	return staff_user_finish(req, job);
}

struct password_work {
	struct work_job w;
	struct user_job *j;
	const char *cur, *cur_hash, *new_pw;
	int check, verified, hash_rc;
	struct kesu_err err;
	char hash[PASSWORD_HASH_MAX];
	int (*finish)(struct http_request *req, struct store_job *job);
};

/* argon2id takes a core for tens of milliseconds: on the server's
 * workers, like a sign-in's, not on a thread that serves connections. */
static void password_work_run(struct work_job *w)
{
	struct password_work *pw = (struct password_work *)w;
	if (pw->check)
		pw->verified = password_verify(pw->cur, pw->cur_hash);
	if (pw->new_pw && (!pw->check || pw->verified))
		pw->hash_rc = account_password_hash(pw->new_pw, pw->hash, &pw->err);
}

static int password_work_done(struct http_request *req, struct work_job *w)
{
	struct password_work *pw = (struct password_work *)w;
	struct kesu_err err = {0};
	if (pw->check && !pw->verified) {
		kesu_fail(&err, KE_FORBIDDEN, "current_password", "is wrong");
		return rl_fail_reply(req, RL_LOGIN, http_address(req), clock_now_ms(), &err);
	}
	if (pw->hash_rc)
		return http_reply_error(req, &pw->err);
	if (pw->new_pw) {
		pw->j->str = arena_strdup(http_arena(req), pw->hash);
		sodium_memzero(pw->hash, sizeof pw->hash);
	}
	return http_defer(req, &pw->j->job, pw->finish);
}

/* A stolen session must not be enough to take the account, nor to guess
 * its password at leisure: changing one's password or removing one's
 * second factor asks for the current password, and wrong ones count as
 * failed sign-ins of the address. */
int staff_password_work(struct http_request *req, struct user_job *j, const struct user *u,
			const char *cur, const char *why, const char *new_pw,
			int (*finish)(struct http_request *req, struct store_job *job))
{
	struct kesu_err err = {0};
	if (u) {
		struct store_conn *c = http_reader(req, &err);
		if (!c)
			return http_reply_error(req, &err);
		int wait = rl_blocked(c, RL_LOGIN, http_address(req), clock_now_ms());
		if (wait)
			return api_reply_rate_limited(req, wait,
						      "too many failed sign-ins from your address");
		if (!cur) {
			kesu_fail(&err, KE_MISSING_FIELD, "current_password", "is required %s",
				  why);
			return http_reply_error(req, &err);
		}
	}
	struct password_work *pw = arena_zalloc(http_arena(req), sizeof *pw);
	pw->w.run = password_work_run;
	pw->j = j;
	pw->check = u != NULL;
	pw->cur = cur;
	pw->cur_hash = u ? u->password_hash : NULL;
	pw->new_pw = new_pw;
	pw->finish = finish;
	return http_offload(req, &pw->w, password_work_done);
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
	if (!body || staff_user_ref(req, &id, &err) || staff_self_or_admin(req, id, &err) ||
	    api_known_keys(body, keys, &err) ||
	    api_string(body, "current_password", 0, PASSWORD_MAX, &cur, &err) ||
	    api_string(body, "new_password", 1, PASSWORD_MAX, &pw, &err))
		return http_reply_error(req, &err);
	struct store_conn *c = http_reader(req, &err);
	struct user u;
	if (!c || store_user_get(c, id, NULL, a, &u, &err) ||
	    account_password_ok(pw, u.username, "new_password", &err))
		return http_reply_error(req, &err);
	int self = id == p->user_id;
	struct user_job *j = staff_user_job(req, id, password_run);
	j->flag = self;
	return staff_password_work(req, j, self ? &u : NULL, cur, "to change your own password", pw,
				   password_finish);
}

static int unlock_run(struct store_conn *c, struct store_job *job)
{
	struct user_job *j = (struct user_job *)job;
	struct user u;
	const struct account_by by = {j->actor, j->address, j->now};
	int rc = store_user_get(c, j->id, NULL, j->a, &u, &job->err);
	if (!rc)
		rc = account_unlock(c, j->id, &by, &job->err);
	/* the failed sign-ins of the name, from every address, are forgiven */
	if (!rc)
		rc = rl_forget(c, RL_LOGIN_NAME, u.username, &job->err);
	return rc;
}

int users_unlock(struct http_request *req)
{
	struct kesu_err err = {0};
	int64_t id;
	if (staff_user_ref(req, &id, &err))
		return http_reply_error(req, &err);
	struct user_job *j = staff_user_job(req, id, unlock_run);
	j->reply_user = 1;
	return http_defer(req, &j->job, staff_user_finish);
}
