/*
 * mask.h - masking of customers' contact details for staff without the
 * pii.view permission: 138****1234, z***@example.com.
 */
#ifndef KESU_MASK_H
#define KESU_MASK_H

#include <jansson.h>

#include "../core/complaint.h"
#include "../core/customer.h"
#include "../util/arena.h"

/* Masked copies in a; NULL stays NULL. */
const char *mask_phone(const char *s, struct arena *a);
const char *mask_email(const char *s, struct arena *a);
const char *mask_other(const char *s, struct arena *a);

/* Masks the contact fields of a complaint or customer in place (the
 * strings are replaced by masked copies in a). */
void mask_complaint(struct complaint *c, struct arena *a);
void mask_customer(struct customer *c, struct arena *a);
/* Masks, in a timeline event's data, every string under a key naming a
 * contact field (phone, email, contact_other, complainant.phone, ...). */
void mask_event_data(json_t *data);

#endif
