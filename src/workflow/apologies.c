/*
 * apologies.c - an apology given to the customer: the psychological
 * compensation of domain.md 6 (admitting the harm, apologising), recorded
 * beside the material kind with who gave it and when.
 */
#include "workflow_int.h"

int wf_apology(struct store_conn *c, const struct complaint *cp, struct apology *p,
	       const struct wf_actor *who, int64_t now, struct kesu_err *err)
{
	p->complaint_id = cp->id;
	p->recorded_by = who->name;
	p->recorded_at = now;
	if (!p->given_by)
		p->given_by = who->name;
	if (!p->given_at)
		p->given_at = now;
	int rc = store_apology_insert(c, p, err);
	if (rc)
		return rc;
	json_t *d = json_pack("{s:I,s:s,s:o,s:s?}", "apology_id", (json_int_t)p->id, "by",
			      p->given_by, "at", notice_time(p->given_at), "note", p->note);
	rc = notice_event(c, cp->id, "apology", who->name, now, d, NULL, NULL, err);
	json_decref(d);
	return rc;
}
