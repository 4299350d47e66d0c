/*
 * identity.c - the complainant's identity confirmed before compensation
 * is granted (domain.md 1): how (order number, phone verification, in
 * person), by whom and when.
 */
#include "workflow_int.h"

int wf_identity_confirm(struct store_conn *c, const struct complaint *cp,
			struct identity_check *k, const struct wf_actor *who, int64_t now,
			struct kesu_err *err)
{
	if (enum_input(en_identity_method, k->method) < 0)
		return kesu_fail(err, KE_INVALID_VALUE, "method",
				 "must be one of: order_number, phone_verification, in_person");
	k->complaint_id = cp->id;
	k->checked_at = now;
	k->checked_by = who->name;
	int rc = store_identity_put(c, k, err);
	if (rc)
		return rc;
	json_t *d = json_pack("{s:s,s:s?}", "method", k->method, "note", k->note);
	rc = notice_event(c, cp->id, "identity_confirmed", who->name, now, d, NULL, NULL, err);
	json_decref(d);
	return rc;
}
