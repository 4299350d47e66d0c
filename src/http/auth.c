/*
 * auth.c - authentication and authorisation of staff requests. Secrets
 * (tokens, cookies) are looked up by their SHA-256 and wiped from stack
 * buffers after use; they are never logged.
 */
#include "auth.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../util/clock.h"
#include "../util/ids.h"
#include "../util/log.h"

#define SECRET_MAX 256
#define TOUCH_EVERY_MS (60 * 1000)

int authz_can(const struct principal *p, uint32_t perm)
{
	return (p->perms & perm) == perm;
}

int authz_team(const struct principal *p, int64_t team_id)
{
	return role_sees_team(p->perms, p->teams, p->nteams, team_id);
}

void auth_principal_for(struct principal *p, int64_t user_id, const char *username,
			const char *role, const char *scope)
{
	memset(p, 0, sizeof *p);
	p->user_id = user_id;
	snprintf(p->username, sizeof p->username, "%s", username);
	p->role = role_find(role);
	p->perms = p->role >= 0 ? roles[p->role].perms : 0;
	if (scope) {
		snprintf(p->scope, sizeof p->scope, "%s", scope);
		p->perms &= scope_perms(scope);
	}
	snprintf(p->actor, sizeof p->actor, "%s", username);
}

/* The host[:port] of an origin URL ("https://a.example:8443" -> "a.example:8443"). */
static const char *origin_host(const char *origin, size_t *len)
{
	const char *p = strstr(origin, "://");
	if (!p)
		return NULL;
	p += 3;
	*len = strcspn(p, "/");
	return p;
}

int auth_origin(struct http_request *req, struct kesu_err *err)
{
	const char *site = http_header(req, "Sec-Fetch-Site");
	if (site && strcasecmp(site, "cross-site") == 0)
		return kesu_refuse(err, KE_FORBIDDEN, KR_ORIGIN, "Origin",
				   "requests from other sites are refused");
	const char *origin = http_header(req, "Origin");
	if (!origin)
		return 0;
	size_t ol = 0, hl = 0;
	const char *oh = origin_host(origin, &ol);
	const char *host = http_header(req, "Host");
	if (oh && host && ol == strlen(host) && strncasecmp(oh, host, ol) == 0)
		return 0;
	const char *pub = http_options_of(req)->public_url;
	const char *ph = pub ? origin_host(pub, &hl) : NULL;
	if (oh && ph && ol == hl && strncasecmp(oh, ph, ol) == 0)
		return 0;
	return kesu_refuse(err, KE_FORBIDDEN, KR_ORIGIN, "Origin",
			   "requests from other origins are refused");
}

static int is_safe_method(const char *m)
{
	return strcmp(m, "GET") == 0 || strcmp(m, "HEAD") == 0 || strcmp(m, "OPTIONS") == 0;
}

/* Copies a credential, trimmed, into buf; -1 if empty or too long. */
static int take_secret(const char *s, char buf[SECRET_MAX + 1])
{
	while (*s == ' ')
		s++;
	size_t n = strlen(s);
	while (n && s[n - 1] == ' ')
		n--;
	if (n == 0 || n > SECRET_MAX)
		return -1;
	memcpy(buf, s, n);
	buf[n] = '\0';
	return 0;
}

struct touch_job {
	struct store_job job;
	int64_t session_id, now;
};

static int touch_run(struct store_conn *c, struct store_job *job)
{
	struct touch_job *j = (struct touch_job *)job;
	return store_session_touch(c, j->session_id, j->now, &job->err);
}

static void touch_done(struct store_job *job)
{
	free(job);
}

static int load_teams(struct http_request *req, struct store_conn *c, struct principal *p,
		      struct kesu_err *err)
{
	int64_t teams[USER_TEAMS_MAX];
	int n = 0;
	int rc = store_user_teams(c, p->user_id, teams, &n, err);
	if (rc)
		return rc;
	(void)req;
	p->nteams = n < PRINCIPAL_TEAMS ? n : PRINCIPAL_TEAMS;
	memcpy(p->teams, teams, sizeof teams[0] * (size_t)p->nteams);
	return 0;
}

static int by_token(struct http_request *req, const char *h, struct principal *p,
		    struct kesu_err *err)
{
	if (strncasecmp(h, "Bearer ", 7) != 0)
		return kesu_fail(err, KE_UNAUTHORIZED, "Authorization",
				 "only bearer tokens are accepted");
	char buf[SECRET_MAX + 1];
	if (take_secret(h + 7, buf))
		return kesu_fail(err, KE_UNAUTHORIZED, "Authorization",
				 "the bearer token is not valid");
	unsigned char hash[TOKEN_HASH_LEN];
	ids_token_hash(buf, hash);
	memset(buf, 0, sizeof buf);
	struct store_conn *c = http_reader(req, err);
	if (!c)
		return -err->code;
	struct credential cr;
	int rc = store_token_lookup(c, hash, clock_now_ms(), &cr, err);
	if (rc == -KE_UNAUTHORIZED)
		return kesu_fail(err, KE_UNAUTHORIZED, "Authorization",
				 "the bearer token is not valid, expired or revoked");
	if (rc)
		return rc;
	auth_principal_for(p, cr.user_id, cr.username, cr.role, cr.scope);
	p->token_id = cr.token_id;
	p->expires_at = cr.expires_at;
	snprintf(p->actor, sizeof p->actor, "%s/token:%lld", cr.username,
		 (long long)cr.token_id);
	return load_teams(req, c, p, err);
}

static int by_session(struct http_request *req, const char *cookie, struct principal *p,
		      struct kesu_err *err)
{
	char buf[SECRET_MAX + 1];
	if (take_secret(cookie, buf))
		return kesu_refuse(err, KE_UNAUTHORIZED, KR_SESSION_ENDED, "",
				   "the session has ended; sign in again");
	unsigned char hash[TOKEN_HASH_LEN];
	ids_token_hash(buf, hash);
	if (!is_safe_method(http_method(req))) {
		/* The CSRF token is derived from the cookie: a page on another
		 * site can make the browser send the cookie but cannot read
		 * the token. */
		char want[48];
		ids_csrf_token(store_secret_key(http_store(req)), buf, want);
		const char *got = http_header(req, "X-CSRF-Token");
		int ok = got && ids_str_equal(got, want);
		memset(want, 0, sizeof want);
		if (!ok) {
			memset(buf, 0, sizeof buf);
			return kesu_refuse(err, KE_FORBIDDEN, KR_CSRF, "X-CSRF-Token",
					   "is missing or wrong: send the csrf_token of your session");
		}
	}
	memset(buf, 0, sizeof buf);
	struct store_conn *c = http_reader(req, err);
	if (!c)
		return -err->code;
	struct credential cr;
	int64_t now = clock_now_ms();
	int rc = store_session_lookup(c, hash, now, SESSION_IDLE_MS, &cr, err);
	if (rc)
		return rc;
	auth_principal_for(p, cr.user_id, cr.username, cr.role, NULL);
	p->session_id = cr.session_id;
	p->expires_at = cr.expires_at;
	p->setup_only = strcmp(cr.stage, "full") != 0;
	if (now - cr.last_seen_at > TOUCH_EVERY_MS) {
		/* Idle time is kept to the minute; the write need not wait. */
		struct touch_job *j = calloc(1, sizeof *j);
		j->job.run = touch_run;
		j->job.done = touch_done;
		j->session_id = cr.session_id;
		j->now = now;
		store_submit(http_store(req), &j->job);
	}
	return load_teams(req, c, p, err);
}

int auth_staff(struct http_request *req, const struct route *r, struct principal *p,
	       struct kesu_err *err)
{
	const char *h = http_header(req, "Authorization");
	const char *cookie = http_cookie(req, SESSION_COOKIE);
	int rc;
	if (h)
		rc = by_token(req, h, p, err);
	else if (cookie)
		rc = by_session(req, cookie, p, err);
	else
		return kesu_fail(err, KE_UNAUTHORIZED, "Authorization",
				 "sign in, or send a bearer token (Authorization: Bearer <token>)");
	if (rc)
		return rc;
	if (p->setup_only && !(r->flags & R_SETUP))
		return kesu_fail(err, KE_FORBIDDEN, "totp",
				 "your role requires a second factor: set it up first");
	if (!authz_can(p, r->perm))
		return kesu_fail(err, KE_FORBIDDEN, "",
				 "%s%s may not do this (needs %s)", p->username,
				 p->token_id ? "'s token" : "", perm_name(r->perm));
	return 0;
}
