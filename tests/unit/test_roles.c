/*
 * test_roles.c - the permission table and token scopes (src/auth/roles.c).
 */
#include "unit.h"

#include "auth/roles.h"

static void roles_follow_the_specification(void **state)
{
	(void)state;
	/* auditors read everything and change nothing */
	uint32_t aud = roles[ROLE_AUDITOR].perms;
	assert_true(aud & P_COMPLAINT_READ && aud & P_ALL_TEAMS && aud & P_AUDIT_READ);
	assert_false(aud & (P_COMPLAINT_CREATE | P_COMPLAINT_EDIT | P_COMPLAINT_ASSIGN |
			    P_CUSTOMER_WRITE | P_USER_ADMIN));
	/* agents and supervisors are bound to their teams and see masked data */
	for (int r = ROLE_AGENT; r <= ROLE_SUPERVISOR; r++)
		assert_false(roles[r].perms & (P_ALL_TEAMS | P_PII_VIEW | P_USER_ADMIN));
	assert_false(roles[ROLE_AGENT].perms & P_COMPLAINT_ASSIGN);
	assert_true(roles[ROLE_SUPERVISOR].perms & P_COMPLAINT_ASSIGN);
	assert_true(roles[ROLE_MANAGER].perms & P_ALL_TEAMS && roles[ROLE_MANAGER].perms & P_PII_VIEW);
	assert_int_equal(roles[ROLE_ADMIN].perms, P__ALL);
	/* closing without follow-up is a manager's decision */
	assert_true(roles[ROLE_MANAGER].perms & P_COMPLAINT_OVERRIDE);
	for (int r = ROLE_AGENT; r <= ROLE_SUPERVISOR; r++)
		assert_false(roles[r].perms & P_COMPLAINT_OVERRIDE);
	assert_false(roles[ROLE_AUDITOR].perms & P_COMPLAINT_OVERRIDE);
	/* supervisors and above keep the knowledge base; agents read it */
	assert_false(roles[ROLE_AGENT].perms & P_KNOWLEDGE_EDIT);
	assert_false(roles[ROLE_AUDITOR].perms & P_KNOWLEDGE_EDIT);
	for (int r = ROLE_SUPERVISOR; r <= ROLE_ADMIN; r++)
		assert_true(roles[r].perms & P_KNOWLEDGE_EDIT);
	assert_string_equal(perm_name(P_KNOWLEDGE_EDIT), "knowledge.edit");
	assert_false(scope_perms("read") & P_KNOWLEDGE_EDIT);
	assert_false(roles[ROLE_AGENT].perms & P_COMPENSATION_APPROVE);
	assert_true(roles[ROLE_SUPERVISOR].perms & P_COMPENSATION_APPROVE);
	assert_int_equal(role_limit(ROLE_AGENT, COMP_CASH, NULL, NULL), 20000);
	assert_int_equal(role_limit(ROLE_AGENT, COMP_CASH, "{\"cash\":500}", NULL), 500);
	assert_int_equal(role_limit(ROLE_AGENT, COMP_CASH, "{\"cash\":500}", "{\"cash\":9}"), 9);
	assert_int_equal(role_limit(ROLE_AGENT, COMP_GIFT, "{\"cash\":500}", "{\"cash\":9}"), 20000);
	/* the default authority limits of domain.md, in fen */
	assert_int_equal(roles[ROLE_AGENT].limit_fen, 20000);
	assert_int_equal(roles[ROLE_SUPERVISOR].limit_fen, 200000);
	assert_int_equal(roles[ROLE_MANAGER].limit_fen, 2000000);
	assert_int_equal(role_find("manager"), ROLE_MANAGER);
	assert_int_equal(role_find("root"), -1);
	assert_int_equal(enum_index(en_compensation_kind, "cash"), COMP_CASH);
	assert_true(en_compensation_kind[COMP_CASH].flags & EV_MATERIAL);
	assert_false(en_compensation_kind[COMP_GIFT].flags & EV_MATERIAL);
}

static void scopes_only_narrow(void **state)
{
	(void)state;
	uint32_t agent_read = roles[ROLE_AGENT].perms & scope_perms("read");
	assert_true(agent_read & P_COMPLAINT_READ);
	assert_false(agent_read & (P_COMPLAINT_CREATE | P_COMPLAINT_EDIT | P_PII_REVEAL));
	uint32_t agent_admin = roles[ROLE_AGENT].perms & scope_perms("admin");
	assert_int_equal(agent_admin, roles[ROLE_AGENT].perms);
	assert_false(scope_perms("write") & P_USER_ADMIN);
	assert_int_equal(scope_perms("root"), 0);
	/* a monitoring system's token: the metrics and nothing else; only
	 * administrators hold what it keeps */
	assert_int_equal(scope_perms("metrics"), P_METRICS_READ);
	assert_true(roles[ROLE_ADMIN].perms & P_METRICS_READ);
	for (int r = 0; r < ROLE__COUNT; r++)
		if (r != ROLE_ADMIN)
			assert_false(roles[r].perms & P_METRICS_READ);
	assert_false(scope_perms("read") & P_METRICS_READ);
	assert_string_equal(perm_name(P_METRICS_READ), "metrics.read");
	assert_string_equal(perm_name(P_AUDIT_READ), "audit.read");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(roles_follow_the_specification),
		cmocka_unit_test(scopes_only_narrow),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
