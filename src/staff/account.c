/*
 * account.c - the staff account: its rules and its changes, each change
 * written with its security event in one transaction. See account.h.
 */
#include "account.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* --- rules ------------------------------------------------------------------ */

/* The names kesu writes as the actor of what it does by itself (the
 * timeline and the security log show them bare, as they show a user's
 * name): an account of that name would pass for kesu. */
const char *const account_reserved_names[] = {
	"system",   /* the workflow's own acts: clocks, escalations (wf_system) */
	"customer", /* the complainant through the portal (wf_customer) */
	"portal",   /* complaints registered through the portal */
	"mailgate", /* mail taken in by kesu mailgate */
	"import",   /* kesu import */
	"demo",     /* kesu init --demo */
	"cli",      /* kesu's commands changing accounts */
	"anonymous", /* the security log's caller without an account */
	"kesu",
	NULL,
};

int account_username_ok(const char *s, struct kesu_err *err)
{
	size_t n = strlen(s);
	if (n < 2 || n > 32)
		return kesu_refuse(err, KE_INVALID_VALUE, KR_USERNAME_FORM, "username",
				   "must have 2 to 32 characters");
	for (int i = 0; account_reserved_names[i]; i++)
		if (strcasecmp(s, account_reserved_names[i]) == 0)
			return kesu_refuse(err, KE_INVALID_VALUE, KR_RESERVED_NAME, "username",
					   "'%s' is the name kesu acts under itself: choose another",
					 account_reserved_names[i]);
	for (size_t i = 0; i < n; i++)
		if (!(islower((unsigned char)s[i]) || isdigit((unsigned char)s[i]) ||
		      strchr("._-", s[i])))
			return kesu_refuse(err, KE_INVALID_VALUE, KR_USERNAME_FORM, "username",
					   "may hold only a-z, 0-9, '.', '_' and '-'");
	return 0;
}

int account_password_ok(const char *pw, const char *username, const char *field,
			struct kesu_err *err)
{
	/* as the API takes text: a password read from a file may not hold
	 * what no one can type at the sign-in form either */
	for (const char *p = pw; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			return kesu_fail(err, KE_INVALID_VALUE, field,
					 "must not contain control characters");
	return password_policy(pw, username, field, err);
}

int account_password_hash(const char *pw, char out[PASSWORD_HASH_MAX], struct kesu_err *err)
{
	if (password_hash(pw, out))
		return kesu_fail(err, KE_UNAVAILABLE, "", "not enough memory to hash the password");
	return 0;
}

int account_keeps_an_admin(struct store_conn *c, const struct user *after, struct arena *a,
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
	return kesu_refuse(err, KE_CONFLICT, KR_LAST_ADMIN, "role",
			   "this is the last active administrator: make another one first");
}

/* --- the security event ----------------------------------------------------- */

void account_target(int64_t id, char out[32])
{
	snprintf(out, 32, "user:%lld", (long long)id);
}

int account_security_event(struct store_conn *c, const char *actor, const char *address,
			   int64_t at, const char *kind, const char *target, json_t *data,
			   struct kesu_err *err)
{
	char *text = data ? json_dumps(data, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
	struct security_event e = {.at = at, .actor = actor, .kind = kind,
				   .address = address && *address ? address : NULL,
				   .target = target, .data = text ? text : "{}"};
	int rc = store_security_append(c, &e, err);
	free(text);
	return rc;
}

/* The event of a change to account id, by `by`. */
static int account_event(struct store_conn *c, int64_t id, const char *kind, json_t *data,
			 const struct account_by *by, struct kesu_err *err)
{
	char target[32];
	account_target(id, target);
	return account_security_event(c, by->actor, by->address, by->now, kind, target, data,
				      err);
}

/* --- changes ---------------------------------------------------------------- */

int account_create(struct store_conn *c, struct user *u, const char *const *team_names,
		   int nnames, const struct account_by *by, struct arena *a, struct kesu_err *err)
{
	int rc;
	if (u->nteams + nnames > USER_TEAMS_MAX)
		return kesu_fail(err, KE_INVALID_VALUE, "teams", "at most %d teams",
				 USER_TEAMS_MAX);
	for (int i = 0; i < nnames; i++) {
		struct team t = {.name = team_names[i], .created_at = by->now};
		rc = store_team_get(c, 0, team_names[i], a, &t, err);
		if (rc == -KE_NOT_FOUND)
			rc = store_team_insert(c, &t, err);
		if (rc)
			return rc;
		u->teams[u->nteams++] = t.id;
	}
	if ((rc = store_user_insert(c, u, err)) || (rc = store_user_set_teams(c, u, err)))
		return rc;
	json_t *teams = json_array();
	for (int i = 0; i < u->nteams; i++)
		json_array_append_new(teams, json_integer(u->teams[i]));
	json_t *d = json_pack("{s:s,s:s,s:o}", "username", u->username, "role", u->role,
			      "teams", teams);
	rc = account_event(c, u->id, "user_created", d, by, err);
	json_decref(d);
	return rc;
}

int account_update(struct store_conn *c, const struct user *before, struct user *after,
		   int teams_changed, json_t *changes, const struct account_by *by,
		   struct kesu_err *err)
{
	int rc;
	after->updated_at = by->now;
	if ((rc = store_user_update(c, after, err)) ||
	    (teams_changed && (rc = store_user_set_teams(c, after, err))))
		return rc;
	if (after->disabled_at && !before->disabled_at &&
	    (rc = store_session_revoke(c, 0, after->id, by->now, err)))
		return rc;
	if (json_object_size(changes)) {
		json_t *d = json_pack("{s:O}", "changes", changes);
		rc = account_event(c, after->id, "user_updated", d, by, err);
		json_decref(d);
	}
	return rc;
}

int account_set_disabled(struct store_conn *c, const struct user *u, int disabled,
			 const struct account_by *by, struct kesu_err *err)
{
	struct user after = *u;
	after.disabled_at = disabled ? (u->disabled_at ? u->disabled_at : by->now) : 0;
	json_t *changes = json_pack("{s:b}", "disabled", disabled);
	int rc = account_update(c, u, &after, 0, changes, by, err);
	json_decref(changes);
	return rc;
}

int account_set_password(struct store_conn *c, int64_t id, const char *hash, int own,
			 const struct account_by *by, int *tokens_revoked, struct kesu_err *err)
{
	int n = 0;
	int rc = store_user_set_password(c, id, hash, by->now, err);
	/* A reset is how an administrator takes an account back: the tokens
	 * made by whoever held it would otherwise keep it. */
	if (!rc && !own)
		rc = store_token_revoke_user(c, id, by->now, &n, err);
	if (rc)
		return rc;
	if (tokens_revoked)
		*tokens_revoked = n;
	json_t *d = own ? NULL : json_pack("{s:i}", "tokens_revoked", n);
	rc = account_event(c, id, own ? "password_changed" : "password_reset", d, by, err);
	json_decref(d);
	return rc;
}

int account_unlock(struct store_conn *c, int64_t id, const struct account_by *by,
		   struct kesu_err *err)
{
	int rc = store_user_unlock(c, id, by->now, err);
	if (rc)
		return rc;
	return account_event(c, id, "account_unlocked", NULL, by, err);
}
