/*
 * roles.c - the permission table. A role's permissions are one row here;
 * an API token can only narrow its owner's permissions (scope), never
 * widen them.
 */
#include "roles.h"

#include <jansson.h>
#include <stdio.h>
#include <string.h>

#define READS (P_COMPLAINT_READ | P_CUSTOMER_READ | P_SELF)
/* every account may change its own password, second factor and tokens;
 * a read-scope token may not */
#define OWN (READS | P_ACCOUNT)
#define AGENT (OWN | P_COMPLAINT_CREATE | P_COMPLAINT_EDIT | P_CUSTOMER_WRITE | P_PII_REVEAL | \
	       P_COMPLAINT_HANDOVER)

const struct role_def roles[ROLE__COUNT] = {
	[ROLE_AGENT] = {"agent", {"一线客服", "一線客服", "Agent"}, AGENT, 200 * 100,
			"complaints of their teams; contact details masked, revealed on request"},
	[ROLE_SUPERVISOR] = {"supervisor", {"主管", "主管", "Supervisor"},
			     AGENT | P_COMPLAINT_ASSIGN | P_COMPENSATION_APPROVE | P_KNOWLEDGE_EDIT |
				     P_FOLLOW_UP_DUTY,
			     2000 * 100,
			     "as agent, assigns complaints within their teams, keeps the knowledge base,"
			     " owns the follow-up and the key-customer visits of their teams"},
	[ROLE_MANAGER] = {"manager", {"经理", "經理", "Manager"},
			  AGENT | P_COMPLAINT_ASSIGN | P_ALL_TEAMS | P_PII_VIEW | P_COMPLAINT_OVERRIDE |
				  P_COMPENSATION_APPROVE | P_KNOWLEDGE_EDIT | P_FOLLOW_UP_DUTY,
			  20000 * 100, "complaints of every team, contact details unmasked"},
	[ROLE_ADMIN] = {"admin", {"管理员", "管理員", "Administrator"}, P__ALL, 20000 * 100,
			"everything, including users, teams, roles and the audit trail"},
	[ROLE_AUDITOR] = {"auditor", {"审计", "稽核", "Auditor"}, OWN | P_ALL_TEAMS | P_AUDIT_READ | P_PII_REVEAL, 0,
			  "reads every complaint and the audit trail; changes nothing"},
	/* domain.md 4: every employee may register a complaint and hand it
	 * over; they read nothing */
	[ROLE_STAFF] = {"staff", {"员工", "員工", "Staff"}, P_SELF | P_ACCOUNT | P_COMPLAINT_CREATE | P_COMPLAINT_HANDOVER,
			0, "registers complaints and hands over those they registered; reads none"},
};

const struct perm_def perms[] = {
	{P_COMPLAINT_READ, "complaint.read", "read complaints of one's teams"},
	{P_COMPLAINT_CREATE, "complaint.create", "register complaints"},
	{P_COMPLAINT_EDIT, "complaint.edit", "edit complaints of one's teams, add notes"},
	{P_COMPLAINT_ASSIGN, "complaint.assign", "move complaints between teams and agents"},
	{P_CUSTOMER_READ, "customer.read", "read customer records"},
	{P_CUSTOMER_WRITE, "customer.write", "add customer records"},
	{P_PII_VIEW, "pii.view", "see phone numbers and e-mail addresses unmasked"},
	{P_PII_REVEAL, "pii.reveal", "unmask one record's contact details (audited)"},
	{P_ALL_TEAMS, "teams.all", "complaints of every team, not only one's own"},
	{P_USER_ADMIN, "users.admin", "manage users, teams, roles and every API token"},
	{P_AUDIT_READ, "audit.read", "read the security log and verify the audit chains"},
	{P_SELF, "self", "see one's own session, account and API tokens"},
	{P_ACCOUNT, "account", "change one's own password, second factor and API tokens"},
	{P_COMPLAINT_OVERRIDE, "complaint.override",
	 "a manager's decisions: close without follow-up, close unhandled"},
	{P_COMPENSATION_APPROVE, "compensation.approve",
	 "approve or reject compensation above the proposer's limit, within one's own"},
	{P_KNOWLEDGE_EDIT, "knowledge.edit",
	 "write the response scripts and the knowledge base's articles"},
	{P_COMPLAINT_HANDOVER, "complaint.handover",
	 "hand a complaint over to a colleague or a team (staff: those they registered)"},
	{P_FOLLOW_UP_DUTY, "follow_up.duty",
	 "the follow-up (回访) and the key-customer visits are one's duty: the 待回访 queue, the"
	 " visits' list and their notices (others may record a call, on the duty holders' behalf)"},
	{P_ORDERS_IMPORT, "orders.import",
	 "import the business's orders, for the repurchase figures (administrators; a token"
	 " of the business's systems)"},
	{P_METRICS_READ, "metrics.read",
	 "read the server's metrics (GET /metrics): requests, the store, the outbox, the clocks;"
	 " no complaint (administrators; a metrics token for the monitoring system)"},
};
const int nperms = sizeof perms / sizeof *perms;

int role_find(const char *name)
{
	for (int i = 0; name && i < ROLE__COUNT; i++)
		if (strcmp(roles[i].name, name) == 0)
			return i;
	return -1;
}

/* A token's scope narrows its owner's role to these permissions. */
const struct scope_def scopes[] = {
	{"read", READS | P_AUDIT_READ | P_ALL_TEAMS | P_PII_VIEW | P_FOLLOW_UP_DUTY,
	 "reads; changes nothing, not even its owner's password, second factor or tokens"},
	{"write", P__ALL & ~P_USER_ADMIN, "everything but administering users, teams and roles"},
	{"admin", P__ALL, "everything; only holders of users.admin may make one"},
	/* for a monitoring system's scraper: the counts, never a complaint */
	{"metrics", P_METRICS_READ,
	 "the server's metrics only (GET /metrics), for a monitoring system; only holders of"
	 " metrics.read may make one"},
};
const int nscopes = sizeof scopes / sizeof *scopes;

uint32_t scope_perms(const char *scope)
{
	for (int i = 0; scope && i < nscopes; i++)
		if (strcmp(scopes[i].name, scope) == 0)
			return scopes[i].perms;
	return 0;
}

void scopes_print(FILE *f, int markdown)
{
	if (markdown)
		fprintf(f, "| scope | keeps (of the owner's permissions) | |\n|---|---|---|\n");
	for (int s = 0; s < nscopes; s++) {
		fprintf(f, markdown ? "| `%s` | " : "  %-6s ", scopes[s].name);
		int first = 1;
		for (int i = 0; i < nperms; i++)
			if (scopes[s].perms & perms[i].bit) {
				fprintf(f, markdown ? "%s`%s`" : "%s%s", first ? "" : ", ", perms[i].name);
				first = 0;
			}
		fprintf(f, markdown ? " | %s |\n" : "\n         %s\n", scopes[s].summary);
	}
}

void roles_print(FILE *f)
{
	fprintf(f, "Roles (a token's scope can only narrow them: `kesu help scopes`):\n");
	for (int r = 0; r < ROLE__COUNT; r++) {
		fprintf(f, "\n  %-10s %s: %s\n    limit %lld.%02lld CNY of compensation in total per complaint\n",
			roles[r].name, roles[r].label[LANG_ZH_CN], roles[r].summary,
			(long long)roles[r].limit_fen / 100, (long long)roles[r].limit_fen % 100);
		fprintf(f, "    permissions:");
		for (int i = 0; i < nperms; i++)
			if (roles[r].perms & perms[i].bit)
				fprintf(f, " %s", perms[i].name);
		fprintf(f, "\n");
	}
	fprintf(f, "\nPermissions:\n");
	for (int i = 0; i < nperms; i++)
		fprintf(f, "  %-21s %s\n", perms[i].name, perms[i].summary);
	fprintf(f, "\nCompensation kinds (* material: the identity is confirmed first):\n ");
	for (int i = 0; i < COMP__COUNT; i++)
		fprintf(f, " %s%s", en_compensation_kind[i].name,
			en_compensation_kind[i].flags & EV_MATERIAL ? "*" : "");
	fprintf(f, "\nLimits are defaults: PATCH /api/v1/roles/{role} and /api/v1/users/{id}\n"
		   "change them per role and per user.\n");
}

int role_sees_team(uint32_t allowed, const int64_t *teams, int nteams, int64_t team_id)
{
	if (allowed & P_ALL_TEAMS)
		return 1;
	for (int i = 0; i < nteams; i++)
		if (teams[i] == team_id)
			return 1;
	return 0;
}

const char *role_names(char *buf, size_t size)
{
	size_t n = 0;
	buf[0] = '\0';
	for (int r = 0; r < ROLE__COUNT && n < size; r++)
		n += (size_t)snprintf(buf + n, size - n, "%s%s", r ? ", " : "", roles[r].name);
	return buf;
}

const char *perm_name(uint32_t bit)
{
	for (int i = 0; i < nperms; i++)
		if (perms[i].bit == bit)
			return perms[i].name;
	return "public";
}

int64_t role_limit(int role, int type, const char *role_limits, const char *user_limits)
{
	int64_t limit = role >= 0 && role < ROLE__COUNT ? roles[role].limit_fen : 0;
	const char *layers[] = {role_limits, user_limits};
	for (int l = 0; l < 2; l++) {
		json_t *j = layers[l] ? json_loads(layers[l], 0, NULL) : NULL;
		json_t *v = j ? json_object_get(j, en_compensation_kind[type].name) : NULL;
		if (json_is_integer(v))
			limit = json_integer_value(v);
		json_decref(j);
	}
	return limit;
}
