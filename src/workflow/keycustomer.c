/*
 * keycustomer.c - the key-customer file (重点客户档案, domain.md 6): a
 * complaint severe enough, or a second one within the policy's window,
 * puts the complainant in it, and their team's supervisors hear of it.
 */
#include "workflow_int.h"

#define DAY (24 * 3600 * 1000LL)

int wf_key_customer(struct store_conn *c, const struct wf_settings *s,
		    const struct complaint *cp, int already, struct kesu_err *err)
{
	if (!cp->customer_id || already)
		return 0;
	int key = wf_severity(cp->v[CF_SEVERITY]) >= s->sla.key_min_severity;
	int64_t n = 0;
	int rc = 0;
	/* this complaint and one before it: the count stops at two, whatever
	 * the customer's history */
	if (!key && s->sla.key_repeat_days &&
	    !(rc = store_customer_complaints_since(
		      c, cp->customer_id, cp->created_at - (int64_t)s->sla.key_repeat_days * DAY, 2,
		      &n, err)))
		key = n >= 2;
	if (rc || !key)
		return rc;
	rc = store_customer_set_key(c, cp->customer_id, err);
	if (rc <= 0)
		return rc; /* already a key customer, or an error */
	json_t *d = json_pack("{s:I}", "customer_id", (json_int_t)cp->customer_id);
	struct notice_to to = {.role = ROLE_SUPERVISOR, .team_id = cp->team_id};
	rc = notice_staff(c, cp, "key_customer", &to, d, cp->created_at, err);
	json_decref(d);
	return rc;
}
