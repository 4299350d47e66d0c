/*
 * account.h - the staff account: the rules every account keeps (its user
 * name, its password, an administrator left), and each change to one
 * (creating it with its teams, updating it, disabling and enabling it, a
 * new password, unlocking it), each written with its security event in
 * the caller's transaction. The API and `kesu user` change accounts only
 * through these, so the same act leaves the same record either way.
 */
#ifndef KESU_STAFF_ACCOUNT_H
#define KESU_STAFF_ACCOUNT_H

#include <jansson.h>
#include <stdint.h>

#include "../auth/password.h"
#include "../store/store.h"
#include "../util/arena.h"
#include "../util/err.h"

/* Who changes an account, from where, and when: what the security event
 * of the change says. */
struct account_by {
	const char *actor;   /* the caller's actor name; "cli" for kesu's commands */
	const char *address; /* the caller's address; NULL or "" when there is none */
	int64_t now;	     /* Unix ms: the time of the change and of its event */
};

/* The names kesu acts under itself (NULL-terminated), which no account
 * may take, whatever their case. */
extern const char *const account_reserved_names[];
/* 0 if s is a valid user name (2-32 of a-z 0-9 . _ -, none of
 * account_reserved_names), else KE_INVALID_VALUE on "username". */
int account_username_ok(const char *s, struct kesu_err *err);
/* 0 if pw may become the password of username, on creation or a reset:
 * no control characters, and the policy of src/auth/password.h (length,
 * common passwords, patterns, the user name). Else KE_INVALID_VALUE on
 * field. err may be NULL. */
int account_password_ok(const char *pw, const char *username, const char *field,
			struct kesu_err *err);
/* Hashes pw into out. Returns 0, or KE_UNAVAILABLE with err when memory
 * could not be had. */
int account_password_hash(const char *pw, char out[PASSWORD_HASH_MAX], struct kesu_err *err);
/* 0 if, after a change that leaves an account as after, an active
 * administrator remains (after itself or another); else KE_CONFLICT on
 * "role". On a reader or inside a job; a is for the account list. */
int account_keeps_an_admin(struct store_conn *c, const struct user *after, struct arena *a,
			   struct kesu_err *err);

/* The security log's name of account id, "user:ID". */
void account_target(int64_t id, char out[32]);
/* Appends a security event of kind on target by actor from address (NULL
 * or "": none) at at, inside a job. data (may be NULL: "{}") is copied,
 * not taken. Returns 0 or the store's negative code with err. */
int account_security_event(struct store_conn *c, const char *actor, const char *address,
			   int64_t at, const char *kind, const char *target, json_t *data,
			   struct kesu_err *err);

/* The changes: each inside a job, writing the account and its security
 * event by `by` in the job's transaction. Each returns 0 or the store's
 * negative code with err, and checks no rule above: the caller has. */

/* Inserts u (its password hash and times set by the caller) with its
 * teams: the ids in u->teams, then the teams named in team_names (made
 * when missing). Sets u->id and u->teams; writes user_created. KE_CONFLICT
 * if the user name is taken, KE_NOT_FOUND if a team id names none,
 * KE_INVALID_VALUE on "teams" when they are more than USER_TEAMS_MAX.
 * What is read on the way is allocated in a. */
int account_create(struct store_conn *c, struct user *u, const char *const *team_names,
		   int nnames, const struct account_by *by, struct arena *a,
		   struct kesu_err *err);
/* Writes after (before: the account as loaded) and, if teams_changed, its
 * teams; ends the account's sessions when after newly disables it; writes
 * user_updated with {"changes": changes} when changes (an object, not
 * taken) has any. Sets after->updated_at. */
int account_update(struct store_conn *c, const struct user *before, struct user *after,
		   int teams_changed, json_t *changes, const struct account_by *by,
		   struct kesu_err *err);
/* Disables (ending its sessions) or enables account u as loaded; writes
 * user_updated with the state it is left in. */
int account_set_disabled(struct store_conn *c, const struct user *u, int disabled,
			 const struct account_by *by, struct kesu_err *err);
/* Sets the password hash of account id, ending its sessions:
 * password_changed when its owner changed it (own), else password_reset,
 * which also revokes the account's API tokens and sets *tokens_revoked
 * (may be NULL) to how many. */
int account_set_password(struct store_conn *c, int64_t id, const char *hash, int own,
			 const struct account_by *by, int *tokens_revoked, struct kesu_err *err);
/* Clears the failed sign-ins and the lock of account id; writes
 * account_unlocked. */
int account_unlock(struct store_conn *c, int64_t id, const struct account_by *by,
		   struct kesu_err *err);

#endif
