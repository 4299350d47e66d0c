/*
 * staff_int.h - what the staff resources share (users.c, totp.c,
 * roles.c): the job that changes one account and replies with it, the
 * account a path names and who may act on it, asking for the current
 * password again, and the authority limits of roles and accounts.
 */
#ifndef KESU_API_STAFF_INT_H
#define KESU_API_STAFF_INT_H

#include "api.h"

#include "../auth/totp.h"

/* A job that runs fn with the request's caller; replies with the user. */
struct user_job {
	struct store_job job;
	int64_t id, now;
	const char *actor, *address;
	struct user u;		/* the account as changed */
	json_t *body;
	const char *str;	/* a password hash, a limits text */
	int flag;
	int revoked;		/* tokens a password reset revoked */
	unsigned char sealed[TOTP_SEALED_LEN];
	int reply_user;		/* reply 200/201 with the user, else 204 */
	const struct principal *who; /* the caller, for rules on whose account */
	const char **skills;	/* categories to set */
	int nskills;
	int status;
	int64_t session_id;	/* the caller's session */
	struct arena *a;
};

/* A zeroed job on account id that runs run, for the request's caller
 * (actor, address, session) now, in the request's arena. */
struct user_job *staff_user_job(struct http_request *req, int64_t id,
				int (*run)(struct store_conn *, struct store_job *));
/* The finish of a user job: the error, 204, or the account as it is now
 * (with Location when j->status is 201) when j->reply_user is set. */
int staff_user_finish(struct http_request *req, struct store_job *job);
/* The account a path names: an id, or "me" (the caller). 0, or
 * KE_NOT_FOUND with err. */
int staff_user_ref(struct http_request *req, int64_t *id, struct kesu_err *err);
/* 0 if the caller may act on account id (their own, or any for an
 * administrator); else KE_NOT_FOUND, so that account ids cannot be
 * probed. */
int staff_self_or_admin(struct http_request *req, int64_t id, struct kesu_err *err);
/* The password work of a change, on the server's workers: with u (the
 * caller's own account), checks their current password cur first (429
 * while their address is refused, 400 without it naming `why`, 403 when
 * wrong, counted as a failed sign-in); with new_pw, hashes it into j->str.
 * Then runs j, replying with finish. Returns what the handler returns. */
int staff_password_work(struct http_request *req, struct user_job *j, const struct user *u,
			const char *cur, const char *why, const char *new_pw,
			int (*finish)(struct http_request *req, struct store_job *job));

/* Parses {"refund": 20000, ...} (fen per compensation type) into the
 * normalised JSON text, in a; NULL with err on "limits" otherwise. */
const char *staff_limits_parse(json_t *v, struct arena *a, struct kesu_err *err);
/* The limits in force, a new object: the defaults of role (-1: none), then
 * the role's settings, then the account's own (JSON texts, may be NULL). */
json_t *staff_limits_effective(int role, const char *role_limits, const char *user_limits);

#endif
