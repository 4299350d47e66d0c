/*
 * roles.h - who may do what: the permission table (role x permission), the
 * scopes of API tokens, and the default authority limits of each role.
 * Every check in the server reads these tables; `kesu help roles` and
 * GET /api/v1/roles print them.
 */
#ifndef KESU_ROLES_H
#define KESU_ROLES_H

#include <stdint.h>
#include <stdio.h>

#include "../core/enums.h"

enum perm {
	P_COMPLAINT_READ = 1u << 0,   /* read complaints of one's teams */
	P_COMPLAINT_CREATE = 1u << 1, /* register complaints */
	P_COMPLAINT_EDIT = 1u << 2,   /* edit and add notes */
	P_COMPLAINT_ASSIGN = 1u << 3, /* move to a team, assign an agent */
	P_CUSTOMER_READ = 1u << 4,
	P_CUSTOMER_WRITE = 1u << 5,
	P_PII_VIEW = 1u << 6,	      /* see phone and email unmasked */
	P_PII_REVEAL = 1u << 7,	      /* unmask one record, audited */
	P_ALL_TEAMS = 1u << 8,	      /* complaints of every team */
	P_USER_ADMIN = 1u << 9,	      /* users, teams, roles, all tokens */
	P_AUDIT_READ = 1u << 10,      /* security events, audit verify */
	P_SELF = 1u << 11,	      /* see one's own session, account and tokens */
	P_COMPLAINT_OVERRIDE = 1u << 12, /* a manager's decisions: close without follow-up */
	P_COMPENSATION_APPROVE = 1u << 13, /* decide proposals above others' limits */
	P_ACCOUNT = 1u << 14, /* change one's password, second factor, tokens */
	P_KNOWLEDGE_EDIT = 1u << 15, /* response scripts and knowledge-base articles */
	P_COMPLAINT_HANDOVER = 1u << 16, /* hand a complaint over to a colleague or team */
	P_FOLLOW_UP_DUTY = 1u << 17, /* the follow-up and key-customer visits are one's duty */
	P_ORDERS_IMPORT = 1u << 18, /* import the business's orders (repurchase figures) */
	P_METRICS_READ = 1u << 19, /* the server's metrics (GET /metrics), for monitoring */
	P__ALL = (1u << 20) - 1,
};

enum role {
	ROLE_AGENT, ROLE_SUPERVISOR, ROLE_MANAGER, ROLE_ADMIN, ROLE_AUDITOR, ROLE_STAFF,
	ROLE__COUNT
};

struct role_def {
	const char *name;     /* "agent" */
	const char *label[LANG__COUNT]; /* 一线客服, 一線客服, Agent */
	uint32_t perms;
	int64_t limit_fen;    /* default authority limit for every type, in fen */
	const char *summary;
};

extern const struct role_def roles[ROLE__COUNT];

struct perm_def {
	uint32_t bit;
	const char *name; /* "complaint.read" */
	const char *summary;
};
extern const struct perm_def perms[];
extern const int nperms;

/* Role by name; -1 if unknown. */
int role_find(const char *name);
/* The scopes of API tokens: what each keeps of its owner's permissions. */
struct scope_def {
	const char *name; /* read, write, admin, metrics */
	uint32_t perms;
	const char *summary;
};
extern const struct scope_def scopes[];
extern const int nscopes;
/* Permissions a token scope allows at most; 0 if the scope is unknown. */
uint32_t scope_perms(const char *scope);
/* `kesu help scopes` (markdown: the table of docs/api.md), and `kesu
 * help roles`. */
void scopes_print(FILE *f, int markdown);
void roles_print(FILE *f);
/* The authority limit (fen) of a user of role for compensation kind type
 * (enum comp_kind, en_compensation_kind):
 * the user's own limits (JSON, may be NULL), else the role's settings
 * (JSON, may be NULL), else the role's default. */
int64_t role_limit(int role, int type, const char *role_limits, const char *user_limits);
/* 1 if someone allowed these permissions, a member of teams, may see a
 * complaint of team_id: a member of the team, or allowed every team. */
int role_sees_team(uint32_t allowed, const int64_t *teams, int nteams, int64_t team_id);
/* "agent, supervisor, ...": every role's name, in buf. */
const char *role_names(char *buf, size_t size);
/* The permission's name, or "public" for 0. */
const char *perm_name(uint32_t bit);

#endif
