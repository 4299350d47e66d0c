/*
 * identity.c - the complainant's identity confirmed before compensation
 * is granted (domain.md 1): how (order number, phone verification, in
 * person), by whom and when; and the portal's e-mail address confirmed
 * by the one who reads it.
 */
#include <string.h>

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

int wf_contact_unverified(struct store_conn *c, const struct complaint *cp, int *unverified,
			  struct kesu_err *err)
{
	*unverified = 0;
	/* staff typed or read the address (phone, counter, mail gateway);
	 * only the anonymous portal takes anyone's word for it */
	if (!cp->v[CF_EMAIL] || !cp->created_by || strcmp(cp->created_by, "portal") != 0)
		return 0;
	int found = 0;
	int rc = store_event_exists(c, cp->id, "contact_verified", &found, err);
	*unverified = !rc && !found;
	return rc;
}

int wf_contact_verified(struct store_conn *c, const struct complaint *cp, int64_t now,
			struct kesu_err *err)
{
	int unverified;
	int rc = wf_contact_unverified(c, cp, &unverified, err);
	if (rc || !unverified)
		return rc;
	json_t *d = json_pack("{s:s}", "contact", "email");
	rc = notice_event(c, cp->id, "contact_verified", wf_customer.name, now, d, NULL, NULL, err);
	json_decref(d);
	return rc;
}
