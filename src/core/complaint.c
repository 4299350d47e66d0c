/*
 * complaint.c - the complaint record and its JSON form (see complaint.h).
 */
#include "complaint.h"

#include <stdio.h>
#include <string.h>

#include "../util/clock.h"

const struct field_def complaint_fields[CF__COUNT] = {
	[CF_CHANNEL] = {NULL, "channel", "channel", FK_ENUM, 16, en_channel,
			"where the complaint arrived (required)"},
	[CF_NAME] = {"complainant", "name", "complainant.name", FK_TEXT, 100, NULL,
		     "complainant's name"},
	[CF_PHONE] = {"complainant", "phone", "complainant.phone", FK_PHONE, 32, NULL,
		      "phone number"},
	[CF_EMAIL] = {"complainant", "email", "complainant.email", FK_EMAIL, 254, NULL,
		      "email address"},
	[CF_CONTACT_OTHER] = {"complainant", "contact_other", "complainant.contact_other",
			      FK_TEXT, 200, NULL, "other contact (WeChat, address...)"},
	[CF_OBJECT_KIND] = {"object", "kind", "object.kind", FK_ENUM, 16, en_object_kind,
			    "what is complained about"},
	[CF_OBJECT_REF] = {"object", "ref", "object.ref", FK_TEXT, 100, NULL,
			   "order or SKU number"},
	[CF_OBJECT_NAME] = {"object", "name", "object.name", FK_TEXT, 200, NULL,
			    "product, service, staff member or store"},
	[CF_CONTENT] = {NULL, "content", "content", FK_MULTILINE, 20000, NULL,
			"what happened, in the customer's words (required)"},
	[CF_OCCURRED_AT] = {NULL, "occurred_at", "occurred_at", FK_DATETIME, 40, NULL,
			    "when the problem happened"},
	[CF_PURCHASED_AT] = {NULL, "purchased_at", "purchased_at", FK_DATE_OR_DATETIME,
			     40, NULL, "when the product was bought"},
	[CF_USAGE] = {NULL, "usage", "usage", FK_MULTILINE, 5000, NULL,
		      "how the customer used it"},
	[CF_DEMAND] = {NULL, "demand", "demand", FK_MULTILINE, 5000, NULL,
		       "what the customer demands"},
	[CF_DESIRED_RESOLUTION] = {NULL, "desired_resolution", "desired_resolution",
				   FK_ENUM, 16, en_resolution,
				   "how the customer wants it resolved"},
	[CF_SEVERITY] = {NULL, "severity", "severity", FK_ENUM, 16, en_severity,
			 "default normal"},
	[CF_EMOTION] = {NULL, "emotion", "emotion", FK_ENUM, 16, en_emotion,
			"emotion at intake"},
	[CF_MINDSET] = {NULL, "mindset", "mindset", FK_ENUM, 16, en_mindset,
			"to vent, to be respected, to be compensated"},
	[CF_CATEGORY] = {NULL, "category", "category", FK_TEXT, 64, NULL,
			 "kind of problem"},
	[CF_LANGUAGE] = {NULL, "language", "language", FK_ENUM, 8, en_language,
			 "language for replies, default zh-CN"},
	[CF_CAUSE] = {NULL, "cause", "cause", FK_TEXT, 64, NULL,
		      "main cause, a key of the cause list (required to resolve)"},
	[CF_RESPONSIBILITY] = {NULL, "responsibility", "responsibility", FK_ENUM, 16,
			       en_responsibility, "whose fault: decides the script (required to resolve)"},
	[CF_VALIDITY] = {NULL, "validity", "validity", FK_ENUM, 16, en_validity,
			 "invalid and duplicate ones stay out of the performance figures"},
	[CF_DUPLICATE_OF] = {NULL, "duplicate_of", "duplicate_of", FK_TEXT, 40, NULL,
			     "tracking number of the original, for a duplicate"},
	[CF_CONVERSATION_CHANNEL] = {NULL, "conversation_channel", "conversation_channel",
				     FK_ENUM, 16, en_conversation_channel,
				     "where the conversation goes on now"},
	[CF_ODR_COURSE] = {NULL, "odr_course", "odr_course", FK_MULTILINE, 5000, NULL,
			   "regulator complaints: the course of negotiation (协商经过)"},
	[CF_ODR_MEANS] = {NULL, "odr_means", "odr_means", FK_ENUM, 16, en_odr_means,
			  "regulator complaints: how it was negotiated"},
	[CF_ODR_OUTCOME] = {NULL, "odr_outcome", "odr_outcome", FK_MULTILINE, 2000, NULL,
			    "regulator complaints: the outcome (处理结果)"},
};

/* Flags of the complaint beside the text fields (JSON booleans). */
static const char *const flags[] = {"systemic", "idea"};

static int *flag_slot(struct complaint *c, int i)
{
	return i == 0 ? &c->systemic : &c->idea;
}

static int flag_value(const struct complaint *c, int i)
{
	return i == 0 ? c->systemic : c->idea;
}

/* Reads the flags present in body into c; *changed gets bit i for flag i
 * when it differs. */
static int read_flags(json_t *body, struct complaint *c, uint32_t *changed,
		      struct kesu_err *err)
{
	int rc = 0;
	for (int i = 0; i < 2; i++) {
		json_t *v = json_object_get(body, flags[i]);
		if (!v)
			continue;
		if (!json_is_boolean(v)) {
			kesu_keep(&rc, kesu_fail(err, KE_WRONG_TYPE, flags[i], "must be true or false"));
			continue;
		}
		int *slot = flag_slot(c, i);
		if (*slot != json_is_true(v) && changed)
			*changed |= 1u << i;
		*slot = json_is_true(v);
	}
	return rc;
}

static const char *const groups[] = {"complainant", "object"};

/* Refuses a body that is no object (and then stops: rc), and names its
 * unknown keys and groups of the wrong type (collecting: the fields are
 * read on). */
static int check_shape(json_t *body, int *rc, struct kesu_err *err)
{
	if (!json_is_object(body))
		return *rc = kesu_fail(err, KE_WRONG_TYPE, "", "the body must be a JSON object");
	json_t *rest = json_copy(body); /* shallow: the keys other than the flags */
	for (size_t i = 0; i < sizeof flags / sizeof *flags; i++)
		json_object_del(rest, flags[i]);
	kesu_keep(rc, field_known_keys(rest, NULL, complaint_fields, CF__COUNT, err));
	json_decref(rest);
	for (size_t g = 0; g < sizeof groups / sizeof *groups; g++) {
		json_t *o = json_object_get(body, groups[g]);
		if (!o || json_is_null(o))
			continue;
		if (!json_is_object(o))
			kesu_keep(rc, kesu_fail(err, KE_WRONG_TYPE, groups[g], "must be an object"));
		else
			kesu_keep(rc, field_known_keys(o, groups[g], complaint_fields, CF__COUNT,
						       err));
	}
	return 0;
}

/* The JSON value of field i in body: NULL when absent, json null when null. */
static json_t *lookup(json_t *body, int i, int *present)
{
	const struct field_def *f = &complaint_fields[i];
	json_t *o = body;
	*present = 0;
	if (f->group) {
		o = json_object_get(body, f->group);
		if (!o)
			return NULL;
		if (json_is_null(o)) {
			/* "complainant": null clears the whole group */
			*present = 1;
			return o;
		}
	}
	json_t *v = json_object_get(o, f->name);
	*present = v != NULL;
	return v;
}

/* The rules between fields. Fields refused already are not blamed again
 * (a phone that is no phone number is not "no way to reach them" too). */
static int check_complete(const struct complaint *c, struct kesu_err *err)
{
	int rc = 0;
	if (!c->v[CF_CHANNEL])
		kesu_keep(&rc, kesu_fail(err, KE_MISSING_FIELD, "channel",
					 "is required: one of web, app, email, phone, store, platform, social, regulator"));
	if (!c->v[CF_CONTENT])
		kesu_keep(&rc, kesu_fail(err, KE_MISSING_FIELD, "content",
					 "is required: what happened, in the customer's words"));
	if (!c->v[CF_PHONE] && !c->v[CF_EMAIL] && !c->v[CF_CONTACT_OTHER] &&
	    !(err && kesu_err_has(err, "complainant", 1)))
		kesu_keep(&rc, kesu_refuse(err, KE_MISSING_FIELD, KR_CONTACT_REQUIRED, "complainant",
					   "needs a way to reach the complainant: phone, email or contact_other"));
	int duplicate = c->v[CF_VALIDITY] && strcmp(c->v[CF_VALIDITY], "duplicate") == 0;
	if (duplicate && !c->v[CF_DUPLICATE_OF])
		kesu_keep(&rc, kesu_fail(err, KE_MISSING_FIELD, "duplicate_of",
					 "is required for a duplicate: the tracking number of the original"));
	if (!duplicate && c->v[CF_DUPLICATE_OF])
		kesu_keep(&rc, kesu_refuse(err, KE_INVALID_VALUE, KR_ONLY_FOR_DUPLICATE, "duplicate_of",
					   "is only for a complaint whose validity is duplicate"));
	if (c->v[CF_CHANNEL] && !(enum_flags(en_channel, c->v[CF_CHANNEL]) & EV_REGULATOR))
		for (int i = CF_ODR_COURSE; i <= CF_ODR_OUTCOME; i++)
			if (c->v[i])
				kesu_keep(&rc, kesu_refuse(err, KE_INVALID_VALUE, KR_ONLY_FOR_REGULATOR,
							   complaint_fields[i].path,
							   "is kept only for complaints from the regulator channel"));
	return rc;
}

int complaint_from_json(json_t *body, int64_t now_ms, struct arena *a,
			struct complaint *c, struct kesu_err *err)
{
	memset(c, 0, sizeof *c);
	int rc = 0;
	kesu_collect(err);
	if (check_shape(body, &rc, err))
		goto done;
	for (int i = 0; i < CF__COUNT; i++) {
		int present;
		json_t *v = lookup(body, i, &present);
		kesu_keep(&rc, field_check(&complaint_fields[i], v, now_ms, a, &c->v[i], err));
	}
	kesu_keep(&rc, read_flags(body, c, NULL, err));
	if (!c->v[CF_SEVERITY])
		c->v[CF_SEVERITY] = "normal";
	if (!c->v[CF_LANGUAGE])
		c->v[CF_LANGUAGE] = "zh-CN";
	c->state = ST_REGISTERED;
	kesu_keep(&rc, check_complete(c, err));
done:
	kesu_collect_end(err);
	return rc;
}

static int same(const char *x, const char *y)
{
	return x == y || (x && y && strcmp(x, y) == 0);
}

int complaint_patch(const struct complaint *cur, json_t *body, int64_t now_ms,
		    struct arena *a, struct complaint *out, uint32_t *changed,
		    struct kesu_err *err)
{
	*out = *cur;
	*changed = 0;
	int rc = 0;
	kesu_collect(err);
	if (check_shape(body, &rc, err))
		goto done;
	for (int i = 0; i < CF__COUNT; i++) {
		int present;
		json_t *v = lookup(body, i, &present);
		if (!present)
			continue;
		const char *nv;
		if (kesu_keep(&rc, field_check(&complaint_fields[i], v, now_ms, a, &nv, err)))
			continue;
		if (!nv && (i == CF_SEVERITY || i == CF_LANGUAGE || i == CF_CHANNEL ||
			    i == CF_CONTENT)) {
			kesu_keep(&rc, kesu_refuse(err, KE_INVALID_VALUE, KR_CANNOT_REMOVE,
						   complaint_fields[i].path, "cannot be removed"));
			continue;
		}
		if (!same(nv, out->v[i])) {
			out->v[i] = nv;
			*changed |= 1u << i;
		}
	}
	uint32_t flags_changed = 0;
	kesu_keep(&rc, read_flags(body, out, &flags_changed, err));
	*changed |= flags_changed << CF__COUNT;
	kesu_keep(&rc, check_complete(out, err));
done:
	kesu_collect_end(err);
	return rc;
}

json_t *complaint_changes_json(const struct complaint *before,
			       const struct complaint *after, uint32_t changed)
{
	json_t *changes = json_object();
	for (int i = 0; i < CF__COUNT; i++) {
		if (!(changed & (1u << i)))
			continue;
		json_object_set_new(changes, complaint_fields[i].path,
				    json_pack("{s:s?,s:s?}", "before", before->v[i],
					      "after", after->v[i]));
	}
	for (int i = 0; i < 2; i++)
		if (changed & (1u << (CF__COUNT + i)))
			json_object_set_new(
				changes, flags[i],
				json_pack("{s:b,s:b}", "before", flag_value(before, i),
					  "after", flag_value(after, i)));
	return json_pack("{s:o}", "changes", changes);
}

int complaint_search_changed(uint32_t changed)
{
	const uint32_t searched = 1u << CF_NAME | 1u << CF_OBJECT_REF |
				  1u << CF_OBJECT_NAME | 1u << CF_CONTENT |
				  1u << CF_DEMAND;
	return (changed & searched) != 0;
}

void complaint_etag(const struct complaint *c, char out[32])
{
	snprintf(out, 32, "\"v%lld\"", (long long)c->version);
}

static json_t *str_or_null(const char *s)
{
	return s ? json_string(s) : json_null();
}

json_t *complaint_to_json(const struct complaint *c, const char *portal_token)
{
	char created[40], updated[40];
	json_t *o = json_object();
	json_t *complainant = json_object(), *object = json_object();
	json_object_set_new(o, "id", json_integer(c->id));
	json_object_set_new(o, "tracking_no", json_string(c->tracking_no));
	json_object_set_new(o, "status", json_string(state_name(c->state)));
	/* Keys come out in the order of the field table, each group where its
	 * first field is. */
	for (int i = 0; i < CF__COUNT; i++) {
		const struct field_def *f = &complaint_fields[i];
		json_t *target = o;
		if (f->group) {
			target = strcmp(f->group, "object") == 0 ? object : complainant;
			if (!json_object_get(o, f->group))
				json_object_set(o, f->group, target);
		}
		json_object_set_new(target, f->name, str_or_null(c->v[i]));
	}
	json_decref(complainant);
	json_decref(object);
	json_object_set_new(o, "customer_id",
			    c->customer_id ? json_integer(c->customer_id) : json_null());
	json_object_set_new(o, "team_id", c->team_id ? json_integer(c->team_id) : json_null());
	json_object_set_new(o, "assignee_id",
			    c->assignee_id ? json_integer(c->assignee_id) : json_null());
	json_object_set_new(o, "level",
			    json_string(en_level[c->level >= 0 && c->level < LEVEL__COUNT ? c->level : 0].name));
	json_object_set_new(o, "reopen_count", json_integer(c->reopen_count));
	json_object_set_new(o, "threat", json_boolean(c->threat));
	json_object_set_new(o, "systemic", json_boolean(c->systemic));
	json_object_set_new(o, "idea", json_boolean(c->idea));
	json_object_set_new(o, "second_of",
			    c->second_of ? json_pack("{s:I,s:s}", "id", (json_int_t)c->second_of,
						     "tracking_no", c->second_of_no)
					 : json_null());
	json_object_set_new(o, "created_at",
			    json_string(clock_format(c->created_at, created, sizeof created)));
	json_object_set_new(o, "updated_at",
			    json_string(clock_format(c->updated_at, updated, sizeof updated)));
	json_object_set_new(o, "version", json_integer(c->version));
	if (portal_token)
		json_object_set_new(o, "portal_token", json_string(portal_token));
	return o;
}

json_t *complaint_summary_json(const struct complaint *c)
{
	char created[40];
	return json_pack("{s:I,s:s,s:s,s:s,s:s?,s:s?,s:s?,s:s,s:o}", "id", (json_int_t)c->id,
			 "tracking_no", c->tracking_no, "status", state_name(c->state), "channel",
			 c->v[CF_CHANNEL], "severity", c->v[CF_SEVERITY], "category",
			 c->v[CF_CATEGORY], "object_name", c->v[CF_OBJECT_NAME],
			 "created_at", clock_format(c->created_at, created, sizeof created),
			 "second_of",
			 c->second_of ? json_pack("{s:I,s:s}", "id", (json_int_t)c->second_of,
						  "tracking_no", c->second_of_no)
				      : json_null());
}
