/*
 * customer.h - the customer record (the key-customer file of domain.md
 * section 6) and the keys under which complainants are matched to it.
 */
#ifndef KESU_CUSTOMER_H
#define KESU_CUSTOMER_H

#include <jansson.h>
#include <stdint.h>

#include "../util/arena.h"
#include "../util/err.h"
#include "fields.h"

enum customer_field { KF_NAME, KF_PHONE, KF_EMAIL, KF_CONTACT_OTHER, KF__COUNT };
extern const struct field_def customer_fields[KF__COUNT];

struct customer {
	int64_t id;
	const char *v[KF__COUNT];
	const char *phone_key, *email_key;
	int64_t created_at, updated_at;
	int64_t complaint_count;
	int key_customer; /* in the key-customer file (重点客户档案) */
	const char *customer_type; /* normal, wants_to_be_heard... (domain.md 3) */
	int64_t concession_cap_fen; /* a difficult customer's cap; -1: none */
	/* wants no thank-you letters (domain.md 6): since when, and by whom
	 * ("customer" through the letter's link, or an agent's name) */
	int thanks_opt_out;
	int64_t thanks_opt_out_at;
	const char *thanks_opt_out_by;
};


/* The matching key of a phone number: its digits, without a +86 / 0086
 * prefix on mainland mobile numbers. NULL for NULL. Allocated in a. */
const char *customer_phone_key(const char *phone, struct arena *a);
/* The matching key of an email: lower-cased. */
const char *customer_email_key(const char *email, struct arena *a);

/* Parses a customer body (POST /customers). Returns 0 or a negative code. */
int customer_from_json(json_t *body, int64_t now_ms, struct arena *a,
		       struct customer *c, struct kesu_err *err);

json_t *customer_to_json(const struct customer *c);

#endif
