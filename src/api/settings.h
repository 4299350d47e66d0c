/*
 * settings.h - the settings an administrator edits, one table: each is a
 * JSON document stored under its key, read by everyone the route allows,
 * replaced whole by PUT, checked and normalised by its parser, and
 * followed by what must happen once it changed. One GET handler and one
 * PUT handler serve every row; routes.c makes their routes from the same
 * list.
 */
#ifndef KESU_API_SETTINGS_H
#define KESU_API_SETTINGS_H

#include <jansson.h>
#include <stdint.h>

#include "../auth/roles.h"
#include "../store/store.h"

/* X(key, path, read permission, write permission, what GET says, what PUT
 * says): the list both the route table and the registry are made from. */
#define API_SETTINGS(X)                                                                     \
	X(calendar, "/api/v1/calendar", P_SELF, P_USER_ADMIN,                               \
	  "the business calendar: working periods, holidays, make-up working days",        \
	  "replace the business calendar")                                                  \
	X(sla, "/api/v1/sla", P_SELF, P_USER_ADMIN,                                         \
	  "the SLA policy: clock targets by severity, follow-up, callback, 12315 negotiation", \
	  "replace the SLA policy")                                                         \
	X(causes, "/api/v1/causes", P_SELF, P_USER_ADMIN,                                   \
	  "the cause list, with the systemic causes marked",                                \
	  "replace the cause list (causes in use stay, retired with active false)")         \
	X(categories, "/api/v1/categories", P_SELF, P_USER_ADMIN,                           \
	  "the category list: the categories a complaint is registered under, with labels", \
	  "replace the category list")                                                      \
	X(routing, "/api/v1/routing", P_SELF, P_USER_ADMIN,                                 \
	  "the routing table: which team and flow a new complaint enters",                  \
	  "replace the routing table")                                                      \
	X(channels, "/api/v1/channels", P_USER_ADMIN, P_USER_ADMIN,                         \
	  "the channel settings: SMTP relay, SMS gateway, delivery policy, mail gateway",   \
	  "replace the channel settings")                                                   \
	X(reports, "/api/v1/reports/schedule", P_ALL_TEAMS, P_USER_ADMIN,                   \
	  "which reports are made on a schedule (weekly, monthly), and who gets them",      \
	  "change the report schedule")                                                     \
	X(review_policy, "/api/v1/review-policy", P_SELF, P_USER_ADMIN,                     \
	  "the review policy: reminders to buyers who agreed, the supervisor's account and" \
	  " the news the public reply names",                                               \
	  "replace the review policy")                                                      \
	X(incident_policy, "/api/v1/incident-policy", P_SELF, P_USER_ADMIN,                 \
	  "the incident policy: when kesu proposes an incident (complaints about one object"\
	  " or reading alike within a window)",                                             \
	  "replace the incident policy")                                                    \
	X(analysis_policy, "/api/v1/analysis-policy", P_SELF, P_USER_ADMIN,                 \
	  "the analysis policy: whether kesu reads new complaints and messages (emotion,"   \
	  " mindset, threats)",                                                             \
	  "switch reading complaints on or off")                                            \
	X(action_policy, "/api/v1/action-policy", P_SELF, P_USER_ADMIN,                     \
	  "the action policy: the weeks before and after an improvement action's done date" \
	  " that its verdict compares, and by how much the rate must fall",                 \
	  "replace the action policy")

struct api_setting {
	const char *key;  /* stored under it; the security log names setting:KEY */
	const char *path; /* its route */
	uint32_t read_perm, write_perm;
	/* The setting in force as JSON: the defaults until one is stored. On
	 * any connection; the caller owns *out. */
	int (*read)(struct store_conn *c, json_t **out, struct kesu_err *err);
	/* A new value checked (against the data too: teams, causes in use)
	 * into the form it is stored and shown in; on the writer. The caller
	 * owns *out. */
	int (*parse)(struct store_conn *c, json_t *body, json_t **out, struct kesu_err *err);
	/* Once a change is committed: what kesu keeps of it is read again. */
	void (*changed)(void);
};
extern const struct api_setting api_settings[];
extern const int api_nsettings;

/* The setting stored under key, or NULL. */
const struct api_setting *api_setting_find(const char *key);

#endif
