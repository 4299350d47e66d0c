/*
 * auth.h - who is asking, and whether they may: API tokens and session
 * cookies checked against the store, CSRF and Origin checks for browsers,
 * and the one authorisation function handlers call for object-level
 * decisions.
 */
#ifndef KESU_AUTH_H
#define KESU_AUTH_H

#include "../auth/roles.h"
#include "http.h"

#define SESSION_COOKIE "kesu_session"
#define SESSION_IDLE_MS (30 * 60 * 1000)	   /* signed out after 30 min idle */
#define SESSION_MAX_MS (12 * 3600 * 1000)	   /* and after 12 hours at most */

/* Refuses requests a browser sent from another origin: an Origin header
 * naming another host, or Sec-Fetch-Site: cross-site. Returns 0 or
 * KE_FORBIDDEN. */
int auth_origin(struct http_request *req, struct kesu_err *err);

/* Authenticates a staff route's caller (bearer token, else session cookie
 * with a CSRF token on state-changing methods) and checks the route's
 * permission. Returns 0 and fills p, or KE_UNAUTHORIZED (no or bad
 * credentials), KE_FORBIDDEN (not allowed) or KE_UNAVAILABLE. */
int auth_staff(struct http_request *req, const struct route *r, struct principal *p,
	       struct kesu_err *err);

/* 1 if the caller has permission perm. */
int authz_can(const struct principal *p, uint32_t perm);
/* 1 if the caller may see a complaint of team_id: a member of the team,
 * or allowed every team. */
int authz_team(const struct principal *p, int64_t team_id);
/* Loads principal p for user u as a session or token would (kesu's own
 * commands use it to act as a user). */
void auth_principal_for(struct principal *p, int64_t user_id, const char *username,
			const char *role, const char *scope);

#endif
