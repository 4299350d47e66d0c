/*
 * store_staff.h - the store's records of staff: accounts and roles, teams,
 * API tokens, browser sessions, and the security log with its hash chains.
 * Included by store.h; see there for connections and jobs.
 */
#ifndef KESU_STORE_STAFF_H
#define KESU_STORE_STAFF_H

#include "store.h"

/* --- Staff accounts and roles (sqlite_users.c) --------------------------- */

#define USER_TEAMS_MAX 16

struct user {
	int64_t id;
	const char *username, *display_name, *email, *role;
	const char *password_hash; /* filled only by store_user_get */
	const char *limits;	   /* JSON object or NULL */
	int totp_enabled;
	int has_totp_sealed;
	unsigned char totp_sealed[64];
	int64_t totp_last_step;
	int64_t disabled_at; /* 0: active */
	int64_t failed_logins, locked_until;
	int64_t password_changed_at, created_at, updated_at;
	int64_t teams[USER_TEAMS_MAX];
	int nteams;
	int on_duty; /* chosen by the teams' assignment rules */
};

/* Inserts u (everything but id and teams) and sets u->id. KE_CONFLICT if
 * the user name is taken. */
int store_user_insert(struct store_conn *c, struct user *u, struct kesu_err *err);
/* Reader or writer. By id, or by username when id is 0. KE_NOT_FOUND. */
int store_user_get(struct store_conn *c, int64_t id, const char *username,
		   struct arena *a, struct user *out, struct kesu_err *err);
/* Every user, by id (staff lists are small). */
int store_user_list(struct store_conn *c, struct arena *a, struct user **items, int *n,
		    struct kesu_err *err);
int store_user_count(struct store_conn *c, int64_t *n, struct kesu_err *err);
/* Reader or writer. The ids of the user's teams (up to USER_TEAMS_MAX). */
int store_user_teams(struct store_conn *c, int64_t user_id, int64_t *teams, int *n,
		     struct kesu_err *err);
/* Writes display_name, email, role, limits, disabled_at, updated_at. */
int store_user_update(struct store_conn *c, const struct user *u, struct kesu_err *err);
/* Replaces the user's teams with u->teams. KE_NOT_FOUND names a team that
 * does not exist. */
int store_user_set_teams(struct store_conn *c, const struct user *u, struct kesu_err *err);
/* Sets a new password hash, clears the lock and revokes every session. */
int store_user_set_password(struct store_conn *c, int64_t id, const char *hash,
			    int64_t now_ms, struct kesu_err *err);
/* Records a sign-in: clears the stored lock of older versions (failures
 * are counted in memory now, ratelimit.c) and, if totp_step is not 0,
 * remembers the second-factor step used. */
int store_user_signed_in(struct store_conn *c, int64_t id, int64_t totp_step,
			 struct kesu_err *err);
int store_user_unlock(struct store_conn *c, int64_t id, int64_t now_ms,
		      struct kesu_err *err);
/* Stores a sealed second-factor secret (sealed NULL removes it); enabled
 * says whether login asks for it. */
int store_user_set_totp(struct store_conn *c, int64_t id, const unsigned char *sealed,
			size_t len, int enabled, int64_t now_ms, struct kesu_err *err);

/* Per-role settings (admin-edited). */
int store_role_get(struct store_conn *c, const char *role, struct arena *a,
		   int *require_totp, const char **limits, struct kesu_err *err);
int store_role_put(struct store_conn *c, const char *role, int require_totp,
		   const char *limits, struct kesu_err *err);

/* The e-mail addresses of enabled accounts of a role, through fn. */
int store_role_emails(struct store_conn *c, const char *role,
		      void (*fn)(void *ctx, const char *email), void *ctx, struct kesu_err *err);

/* --- Teams (sqlite_teams.c) ---------------------------------------------- */

struct team {
	int64_t id;
	const char *name;
	int64_t created_at;
	int members;
	const char *assign_rule; /* manual, round_robin, fewest_open */
	int assign_by_skill;	 /* only agents whose skills list the category */
	int64_t assign_last;	 /* the last agent round_robin chose; 0: none */
};
int store_team_insert(struct store_conn *c, struct team *t, struct kesu_err *err);
int store_team_get(struct store_conn *c, int64_t id, const char *name, struct arena *a,
		   struct team *out, struct kesu_err *err);
int store_team_list(struct store_conn *c, struct arena *a, struct team **items, int *n,
		    struct kesu_err *err);
int store_team_rename(struct store_conn *c, int64_t id, const char *name,
		      struct kesu_err *err);
/* Sets a team's assignment rule. KE_NOT_FOUND. */
int store_team_set_rule(struct store_conn *c, int64_t id, const char *rule, int by_skill,
			struct kesu_err *err);
/* Remembers the agent round_robin chose last in team id. */
int store_team_set_last(struct store_conn *c, int64_t id, int64_t user_id,
			struct kesu_err *err);
/* Turns a user's duty switch on or off. KE_NOT_FOUND. */
int store_user_set_duty(struct store_conn *c, int64_t id, int on_duty, struct kesu_err *err);
/* Reader or writer. The categories a user handles, sorted. */
int store_user_skills(struct store_conn *c, int64_t id, struct arena *a, const char ***cats,
		      int *n, struct kesu_err *err);
/* Replaces a user's skills with the n categories cats. */
int store_user_set_skills(struct store_conn *c, int64_t id, const char *const *cats, int n,
			  struct kesu_err *err);
/* Who an assignment rule may choose in a team: its active members on
 * duty, by user id, with whether their skills list category and how many
 * open complaints each holds. */
struct assign_candidate {
	int64_t user_id;
	const char *role;
	int skilled;
	int64_t open;
};
int store_assign_candidates(struct store_conn *c, int64_t team_id, const char *category,
			    struct arena *a, struct assign_candidate **items, int *n,
			    struct kesu_err *err);
/* The team a complaint goes to when nothing else decides (kesu init makes
 * it). 0 if none. */
int store_default_team(struct store_conn *c, int64_t *id, struct kesu_err *err);

/* --- API tokens (sqlite_tokens.c), browser sessions (sqlite_sessions.c) -- */

/* Who a credential belongs to, as found by a lookup. */
struct credential {
	int64_t token_id, session_id, user_id;
	char username[64];
	char role[16];
	char scope[8];	/* tokens: read, write, admin */
	char stage[16]; /* sessions: full, totp_setup */
	int64_t last_seen_at, created_at, expires_at;
};

int store_token_insert(struct store_conn *c, int64_t user_id, const char *name,
		       const char *scope, const unsigned char hash[TOKEN_HASH_LEN],
		       int64_t now_ms, int64_t expires_ms, int64_t *id, struct kesu_err *err);
/* Reader or writer. KE_UNAUTHORIZED unless a live token of an active user
 * has that hash. */
int store_token_lookup(struct store_conn *c, const unsigned char hash[TOKEN_HASH_LEN],
		       int64_t now_ms, struct credential *out, struct kesu_err *err);
int store_token_count(struct store_conn *c, int64_t *n, struct kesu_err *err);
struct token_info {
	int64_t id, user_id, created_at, expires_at, revoked_at;
	const char *name, *scope, *username;
};
/* Tokens of one user (user_id) or of all (0), newest first. */
int store_token_list(struct store_conn *c, int64_t user_id, struct arena *a,
		     struct token_info **items, int *n, struct kesu_err *err);
int store_token_get(struct store_conn *c, int64_t id, struct arena *a,
		    struct token_info *out, struct kesu_err *err);
int store_token_revoke(struct store_conn *c, int64_t id, int64_t now_ms,
		       struct kesu_err *err);
/* Gives tokens without an owner (made before staff accounts) to user_id. */
/* Revokes every live token of user_id at now_ms; *n: how many. */
int store_token_revoke_user(struct store_conn *c, int64_t user_id, int64_t now_ms, int *n,
			    struct kesu_err *err);
int store_token_adopt(struct store_conn *c, int64_t user_id, int *n, struct kesu_err *err);

int store_session_insert(struct store_conn *c, int64_t user_id,
			 const unsigned char hash[TOKEN_HASH_LEN], const char *stage,
			 int64_t now_ms, int64_t expires_ms, const char *address,
			 int64_t *id, struct kesu_err *err);
/* Reader or writer. KE_UNAUTHORIZED unless the session is live: not
 * revoked, not past expires_at, seen within idle_ms, user active. */
int store_session_lookup(struct store_conn *c, const unsigned char hash[TOKEN_HASH_LEN],
			 int64_t now_ms, int64_t idle_ms, struct credential *out,
			 struct kesu_err *err);
int store_session_touch(struct store_conn *c, int64_t id, int64_t now_ms,
			struct kesu_err *err);
int store_session_set_stage(struct store_conn *c, int64_t id, const char *stage,
			    struct kesu_err *err);
/* Reader or writer. *known = 1 if user_id signed in from address at or
 * after since, else 0. */
int store_session_known_address(struct store_conn *c, int64_t user_id, const char *address,
				int64_t since, int *known, struct kesu_err *err);
/* Revokes one session (id) or every session of a user (id 0). */
int store_session_revoke(struct store_conn *c, int64_t id, int64_t user_id,
			 int64_t now_ms, struct kesu_err *err);

/* --- The security log and the hash chains (sqlite_audit.c) --------------- */

struct security_event {
	int64_t id, at;
	const char *actor;   /* user name, or "anonymous" */
	const char *kind;    /* login_failed, pii_revealed, user_updated, ... */
	const char *address; /* client address, or NULL */
	const char *target;  /* "user:3", "complaint:12", or NULL */
	const char *data;    /* JSON text */
};
int store_security_append(struct store_conn *c, struct security_event *e,
			  struct kesu_err *err);
/* Reader. Newest first, ids below before_id (0: from the newest); kind
 * NULL for all. */
int store_security_list(struct store_conn *c, const char *kind, int64_t before_id,
			int limit, struct arena *a, struct security_event **items, int *n,
			struct kesu_err *err);

struct audit_report {
	const char *chain;  /* "events" or "security_events" */
	int64_t records;    /* records checked */
	int64_t bad_id;     /* first altered or missing record; 0 if sound */
	char problem[160];  /* what is wrong with it */
	unsigned char head[32]; /* hash of the last record */
};
/* Walks both chains from the start. Returns 0 when it could read them
 * (sound or not: see bad_id), or a negative code. */
int store_audit_verify(struct store *s, struct audit_report out[2], struct kesu_err *err);

#endif
