/*
 * totp.c - /api/v1/users/{id}/totp: an account's second factor, begun
 * and confirmed by its owner with a code of their authenticator app, and
 * removed by its owner (with the current password) or an administrator.
 */
#include "staff_int.h"

#include <sodium.h>

#include "../auth/roles.h"
#include "../http/auth.h"
#include "../staff/account.h"

static int totp_run(struct store_conn *c, struct store_job *job)
{
	struct user_job *j = (struct user_job *)job;
	struct kesu_err *err = &job->err;
	struct user u;
	int rc = store_user_get(c, j->id, NULL, j->a, &u, err);
	if (rc)
		return rc;
	char target[32];
	account_target(j->id, target);
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
		if ((rc = store_user_signed_in(c, j->id, j->u.totp_last_step, err)))
			return rc;
		return account_security_event(c, j->actor, j->address, j->now, "totp_enabled",
					      target, NULL, err);
	default: /* remove */
		if ((rc = store_user_set_totp(c, j->id, NULL, 0, 0, j->now, err)))
			return rc;
		return account_security_event(c, j->actor, j->address, j->now, "totp_removed",
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
	if (staff_user_ref(req, &id, &err))
		return http_reply_error(req, &err);
	if (id != p->user_id) {
		kesu_fail(&err, KE_NOT_FOUND, "", "a second factor is set up by its owner: use me");
		return http_reply_error(req, &err);
	}
	struct user_job *j = staff_user_job(req, id, totp_run);
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
	if (!body || staff_user_ref(req, &id, &err) || api_known_keys(body, keys, &err) ||
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
	struct user_job *j = staff_user_job(req, id, totp_run);
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
	return http_defer(req, &j->job, staff_user_finish);
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
	if (staff_user_ref(req, &id, &err) || staff_self_or_admin(req, id, &err))
		return http_reply_error(req, &err);
	if (http_body_len(req) && (!(body = http_body_json(req, &err)) ||
				   api_known_keys(body, keys, &err) ||
				   api_string(body, "current_password", 0, PASSWORD_MAX, &cur, &err)))
		return http_reply_error(req, &err);
	if (id == p->user_id) {
		struct store_conn *c = http_reader(req, &err);
		int require = 0;
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
		struct user_job *j = staff_user_job(req, id, totp_run);
		j->flag = 2;
		j->reply_user = 1;
		return staff_password_work(req, j, &u, cur, "to remove your own second factor", NULL,
					   staff_user_finish);
	}
	struct user_job *j = staff_user_job(req, id, totp_run);
	j->flag = 2;
	j->reply_user = 1;
	return http_defer(req, &j->job, staff_user_finish);
}
