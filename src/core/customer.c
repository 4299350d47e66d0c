/*
 * customer.c - customer record and matching keys (see customer.h).
 */
#include "customer.h"

#include <ctype.h>
#include <string.h>

#include "../util/clock.h"

const struct field_def customer_fields[KF__COUNT] = {
	[KF_NAME] = {NULL, "name", "name", FK_TEXT, 100, NULL, "name"},
	[KF_PHONE] = {NULL, "phone", "phone", FK_PHONE, 32, NULL, "phone number"},
	[KF_EMAIL] = {NULL, "email", "email", FK_EMAIL, 254, NULL, "email address"},
	[KF_CONTACT_OTHER] = {NULL, "contact_other", "contact_other", FK_TEXT, 200,
			      NULL, "other contact"},
};

const char *customer_phone_key(const char *phone, struct arena *a)
{
	if (!phone)
		return NULL;
	size_t n = strlen(phone), k = 0;
	char *d = arena_alloc(a, n + 1);
	for (size_t i = 0; i < n; i++)
		if (isdigit((unsigned char)phone[i]))
			d[k++] = phone[i];
	d[k] = '\0';
	if (k == 15 && strncmp(d, "0086", 4) == 0 && d[4] == '1')
		return d + 4;
	if (k == 13 && strncmp(d, "86", 2) == 0 && d[2] == '1')
		return d + 2;
	return d;
}

const char *customer_email_key(const char *email, struct arena *a)
{
	if (!email)
		return NULL;
	char *e = arena_strdup(a, email);
	for (char *p = e; *p; p++)
		*p = (char)tolower((unsigned char)*p);
	return e;
}

int customer_from_json(json_t *body, int64_t now_ms, struct arena *a,
		       struct customer *c, struct kesu_err *err)
{
	memset(c, 0, sizeof *c);
	if (!json_is_object(body))
		return kesu_fail(err, KE_WRONG_TYPE, "", "the body must be a JSON object");
	/* every field is read: the reply names all that are wrong */
	int rc = 0;
	kesu_collect(err);
	kesu_keep(&rc, field_known_keys(body, NULL, customer_fields, KF__COUNT, err));
	for (int i = 0; i < KF__COUNT; i++)
		kesu_keep(&rc, field_check(&customer_fields[i],
					   json_object_get(body, customer_fields[i].name), now_ms,
					   a, &c->v[i], err));
	if (!c->v[KF_PHONE] && !c->v[KF_EMAIL] && !c->v[KF_CONTACT_OTHER] &&
	    !(err && (kesu_err_has(err, "phone", 0) || kesu_err_has(err, "email", 0))))
		kesu_keep(&rc, kesu_refuse(err, KE_MISSING_FIELD, KR_CONTACT_REQUIRED, "phone",
					   "a customer needs a phone, an email or contact_other"));
	kesu_collect_end(err);
	if (rc)
		return rc;
	c->phone_key = customer_phone_key(c->v[KF_PHONE], a);
	c->email_key = customer_email_key(c->v[KF_EMAIL], a);
	return 0;
}


json_t *customer_to_json(const struct customer *c)
{
	char created[40], updated[40];
	json_t *o = json_object();
	json_object_set_new(o, "id", json_integer(c->id));
	for (int i = 0; i < KF__COUNT; i++)
		json_object_set_new(o, customer_fields[i].name,
				    c->v[i] ? json_string(c->v[i]) : json_null());
	json_object_set_new(o, "complaint_count", json_integer(c->complaint_count));
	json_object_set_new(o, "key_customer", json_boolean(c->key_customer));
	json_object_set_new(o, "customer_type",
			    json_string(c->customer_type ? c->customer_type : "normal"));
	json_object_set_new(o, "concession_cap_fen", c->concession_cap_fen >= 0
							     ? json_integer(c->concession_cap_fen)
							     : json_null());
	json_object_set_new(o, "thanks_opt_out", json_boolean(c->thanks_opt_out));
	json_object_set_new(o, "created_at",
			    json_string(clock_format(c->created_at, created, sizeof created)));
	json_object_set_new(o, "updated_at",
			    json_string(clock_format(c->updated_at, updated, sizeof updated)));
	return o;
}
