/*
 * session.c - /api/v1/session: signing in and out of the browser
 * workspace. A session is a random 256-bit token in an HttpOnly,
 * SameSite=Strict cookie; the store keeps only its hash.
 *
 * Failed sign-ins count per client address, per name from that address,
 * and per name from everywhere (ratelimit.c). None of them lets one
 * client lock another out: a name refused from one address still signs
 * in from another, and past the per-name ceiling (many addresses guessing
 * one account) the addresses the account signed in from before still get
 * in. A name that is no account is counted and answered the same way, so
 * the answers do not tell which accounts exist.
 */
#include "api.h"

#include <stddef.h>
#include <stdio.h>
#include <sodium.h>
#include <string.h>

#include "../auth/password.h"
#include "../auth/roles.h"
#include "../auth/totp.h"
#include "../http/auth.h"
#include "../http/ratelimit.h"
#include "../util/clock.h"
#include "../workflow/calendar.h"

static const char *const login_keys[] = {"username", "password", "totp", NULL};

/* Addresses an account signed in from within this time still get in while
 * its name is past the ceiling. */
#define KNOWN_ADDRESS_MS (90LL * 24 * 3600 * 1000)
#define LOCKED "too many failed sign-ins: this account is locked"

struct login_job {
	struct store_job job;
	struct work_job verify; /* the password against its hash, on a worker */
	const char *password, *code;
	struct user u;
	int found;
	int64_t user_id; /* 0: no such user */
	const char *username, *address, *stage;
	int ok, locked; /* locked: this failure closed the name to the address, for
			 * locked seconds */
	int64_t totp_step, now, session_id;
	const char *why; /* for the security log on failure */
	unsigned char hash[TOKEN_HASH_LEN];
	char token[64];
	struct arena *a;
};

static int login_run(struct store_conn *c, struct store_job *job)
{
	struct login_job *j = (struct login_job *)job;
	struct kesu_err *err = &job->err;
	int rc;
	if (j->user_id && j->ok && (rc = store_user_signed_in(c, j->user_id, j->totp_step, err)))
		return rc;
	if (!j->ok) {
		/* counted in the store, where every node sees it, before the
		 * reply; then whether the name is closed to the address now */
		char pair[400];
		rl_key2(pair, sizeof pair, j->username, j->address);
		if ((rc = rl_add(c, RL_LOGIN, j->address, 1, j->now, err)) ||
		    (rc = rl_add(c, RL_LOGIN_PAIR, pair, 1, j->now, err)) ||
		    (rc = rl_add(c, RL_LOGIN_NAME, j->username, 1, j->now, err)))
			return rc;
		j->locked = rl_blocked(c, RL_LOGIN_PAIR, pair, j->now);
		json_t *d = json_pack("{s:s}", "reason", j->why);
		rc = api_security_event(c, j->username, j->address, j->now, "login_failed",
					NULL, d, err);
		json_decref(d);
		if (!rc && j->locked && j->user_id) {
			char target[32];
			snprintf(target, sizeof target, "user:%lld", (long long)j->user_id);
			d = json_pack("{s:s}", "from", j->address);
			rc = api_security_event(c, j->username, j->address, j->now,
						"account_locked", target, d, err);
			json_decref(d);
		}
		return rc;
	}
	if ((rc = store_session_insert(c, j->user_id, j->hash, j->stage, j->now,
				       j->now + SESSION_MAX_MS, j->address, &j->session_id,
				       err)))
		return rc;
	char target[32];
	snprintf(target, sizeof target, "session:%lld", (long long)j->session_id);
	json_t *d = json_pack("{s:s}", "stage", j->stage);
	rc = api_security_event(c, j->username, j->address, j->now, "login", target, d, err);
	json_decref(d);
	return rc;
}

/* The body of GET /session and of a successful sign-in. */
static json_t *session_json(const struct principal *p, const char *csrf, int64_t expires)
{
	char exp[40], today[11];
	int y, m, d;
	json_t *perm = json_array(), *teams = json_array();
	for (int i = 0; i < nperms; i++)
		if (authz_can(p, perms[i].bit))
			json_array_append_new(perm, json_string(perms[i].name));
	for (int i = 0; i < p->nteams; i++)
		json_array_append_new(teams, json_integer(p->teams[i]));
	/* The business day, in the server's zone: a browser elsewhere (or
	 * past midnight in Beijing while still evening in UTC) would
	 * otherwise ask for a period that ends before today's complaints. */
	cal_civil(cal_day_of(clock_now_ms()), &y, &m, &d);
	snprintf(today, sizeof today, "%04d-%02d-%02d", y, m, d);
	return json_pack("{s:{s:I,s:s,s:s,s:o},s:o,s:s,s:s?,s:s?,s:s?,s:s}", "user", "id",
			 (json_int_t)p->user_id, "username", p->username, "role",
			 p->role >= 0 ? roles[p->role].name : "", "teams", teams, "permissions",
			 perm, "stage", p->setup_only ? "totp_setup" : "full", "csrf_token", csrf,
			 "expires_at", expires ? clock_format(expires, exp, sizeof exp) : NULL,
			 "scope", p->scope[0] ? p->scope : NULL, "today", today);
}

static int login_finish(struct http_request *req, struct store_job *job)
{
	struct login_job *j = (struct login_job *)job;
	if (job->rc) {
		memset(j->token, 0, sizeof j->token);
		return http_reply_error(req, &job->err);
	}
	struct kesu_err err = {0};
	if (!j->ok) {
		if (j->locked)
			return api_reply_rate_limited(req, j->locked, LOCKED);
		kesu_refuse(&err, KE_UNAUTHORIZED, KR_BAD_CREDENTIALS, "password",
			    "wrong user name or password");
		return http_reply_error(req, &err);
	}
	char csrf[48];
	ids_csrf_token(store_secret_key(http_store(req)), j->token, csrf);
	http_set_session_cookie(req, j->token, SESSION_MAX_MS / 1000);
	memset(j->token, 0, sizeof j->token);
	struct principal p;
	struct user u;
	struct store_conn *c = http_reader(req, &err);
	if (!c || store_user_get(c, j->user_id, NULL, http_arena(req), &u, &err))
		return http_reply_error(req, &err);
	auth_principal_for(&p, u.id, u.username, u.role, NULL);
	p.nteams = u.nteams < PRINCIPAL_TEAMS ? u.nteams : PRINCIPAL_TEAMS;
	memcpy(p.teams, u.teams, sizeof p.teams[0] * (size_t)p.nteams);
	p.setup_only = strcmp(j->stage, "full") != 0;
	return http_reply_json(req, 201, session_json(&p, csrf, j->now + SESSION_MAX_MS));
}

static void login_verify(struct work_job *w);
static int login_verified(struct http_request *req, struct work_job *w);

int session_login(struct http_request *req)
{
	struct kesu_err err = {0};
	struct arena *a = http_arena(req);
	int64_t now = clock_now_ms();
	const char *address = http_address(req);
	struct store_conn *c = http_reader(req, &err);
	if (!c)
		return http_reply_error(req, &err);
	int wait = rl_blocked(c, RL_LOGIN, address, now);
	if (wait)
		return api_reply_rate_limited(req, wait, "too many failed sign-ins from your address");
	json_t *body = http_body_json(req, &err);
	const char *username, *password, *code;
	if (!body || api_known_keys(body, login_keys, &err) ||
	    api_string(body, "username", 1, 64, &username, &err) ||
	    api_string(body, "password", 1, PASSWORD_MAX, &password, &err) ||
	    api_string(body, "totp", 0, 10, &code, &err))
		return http_reply_error(req, &err);
	struct user u;
	int rc = store_user_get(c, 0, username, a, &u, &err);
	if (rc && rc != -KE_NOT_FOUND)
		return http_reply_error(req, &err);
	int found = rc == 0;
	char pair[400];
	rl_key2(pair, sizeof pair, username, address);
	if ((wait = rl_blocked(c, RL_LOGIN_PAIR, pair, now)))
		return api_reply_rate_limited(req, wait, LOCKED);
	if ((wait = rl_blocked(c, RL_LOGIN_NAME, username, now))) {
		int known = 0;
		if (found && store_session_known_address(c, u.id, address, now - KNOWN_ADDRESS_MS,
							 &known, &err))
			return http_reply_error(req, &err);
		if (!known)
			return api_reply_rate_limited(req, wait, LOCKED);
	}
	struct login_job *j = arena_zalloc(a, sizeof *j);
	j->job.run = login_run;
	j->a = a;
	j->now = now;
	j->address = arena_strdup(a, address);
	j->username = arena_strdup(a, username);
	j->password = password;
	j->code = code;
	j->found = found;
	if (found)
		j->u = u;
	/* argon2id takes a core for tens of milliseconds: on a worker, so
	 * that the connections this thread serves are not kept waiting. */
	j->verify.run = login_verify;
	return http_offload(req, &j->verify, login_verified);
}

static void login_verify(struct work_job *w)
{
	struct login_job *j = (struct login_job *)((char *)w - offsetof(struct login_job, verify));
	/* The password is checked even for unknown or disabled users, so the
	 * answer takes as long either way. */
	j->ok = password_verify(j->password, j->found ? j->u.password_hash : NULL);
}

/* The rest of a sign-in, once the password was checked. */
static int login_verified(struct http_request *req, struct work_job *w)
{
	struct login_job *j = (struct login_job *)((char *)w - offsetof(struct login_job, verify));
	struct kesu_err err = {0};
	struct arena *a = http_arena(req);
	const struct user *u = &j->u;
	int ok = j->ok;
	j->why = "password";
	if (j->found && u->disabled_at) {
		ok = 0;
		j->why = "disabled";
	}
	if (!j->found)
		j->why = "unknown_user";
	j->user_id = j->found ? u->id : 0;
	if (ok && u->totp_enabled) {
		unsigned char secret[TOTP_SECRET_LEN];
		if (!j->code) {
			kesu_fail(&err, KE_TOTP_REQUIRED, "totp",
				  "enter the 6-digit code from your authenticator app");
			return http_reply_error(req, &err);
		}
		if (!u->has_totp_sealed ||
		    totp_open(store_secret_key(http_store(req)), u->totp_sealed, secret) ||
		    totp_check(secret, j->now / 1000, j->code, u->totp_last_step, &j->totp_step)) {
			ok = 0;
			j->why = "totp";
		}
		sodium_memzero(secret, sizeof secret);
	}
	/* a failure is counted by the writer (login_run) */
	j->ok = ok;
	if (ok) {
		int require = 0;
		const char *limits;
		struct store_conn *c = http_reader(req, &err);
		if (!c || store_role_get(c, u->role, a, &require, &limits, &err))
			return http_reply_error(req, &err);
		j->stage = require && !u->totp_enabled ? "totp_setup" : "full";
		ids_random_token("kss_", j->token, sizeof j->token);
		ids_token_hash(j->token, j->hash);
	}
	return http_defer(req, &j->job, login_finish);
}

int session_get(struct http_request *req)
{
	const struct principal *p = http_principal(req);
	char csrf[48] = "";
	const char *cookie = http_cookie(req, SESSION_COOKIE);
	if (p->session_id && cookie)
		ids_csrf_token(store_secret_key(http_store(req)), cookie, csrf);
	return http_reply_json(req, 200, session_json(p, csrf[0] ? csrf : NULL, p->expires_at));
}

struct logout_job {
	struct store_job job;
	int64_t session_id, now;
	const char *actor, *address;
};

static int logout_run(struct store_conn *c, struct store_job *job)
{
	struct logout_job *j = (struct logout_job *)job;
	int rc = store_session_revoke(c, j->session_id, 0, j->now, &job->err);
	if (rc)
		return rc;
	char target[32];
	snprintf(target, sizeof target, "session:%lld", (long long)j->session_id);
	return api_security_event(c, j->actor, j->address, j->now, "logout", target, NULL,
				  &job->err);
}

static int logout_finish(struct http_request *req, struct store_job *job)
{
	if (job->rc)
		return http_reply_error(req, &job->err);
	http_set_session_cookie(req, NULL, 0);
	return http_reply_status(req, 204);
}

int session_logout(struct http_request *req)
{
	const struct principal *p = http_principal(req);
	if (!p->session_id) {
		struct kesu_err err = {0};
		kesu_fail(&err, KE_CONFLICT, "",
			  "signed in with an API token, not a session: revoke the token instead");
		return http_reply_error(req, &err);
	}
	struct arena *a = http_arena(req);
	struct logout_job *j = arena_zalloc(a, sizeof *j);
	j->job.run = logout_run;
	j->session_id = p->session_id;
	j->now = clock_now_ms();
	j->actor = arena_strdup(a, p->username);
	j->address = arena_strdup(a, http_address(req));
	return http_defer(req, &j->job, logout_finish);
}
