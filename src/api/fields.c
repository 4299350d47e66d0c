/*
 * fields.c - GET /api/v1/fields: every enumeration the server validates
 * with, each value with its label in zh-CN, zh-TW and en and its
 * properties (a state's columns: closed, pauses_clocks...), and the roles.
 * The pages read their lists and words from here instead of keeping
 * copies. Read from the tables themselves (src/core/enums.c, state.c,
 * src/auth/roles.c), so it changes only with the binary: built once, with
 * an ETag.
 */
#include "api.h"

#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "../auth/roles.h"
#include "../core/state.h"

/* The properties of a value as JSON booleans: the columns of the states
 * table, and the flags of the other enumerations (enums.h). */
struct column {
	unsigned flag;
	const char *name;
};

static const struct column state_columns[] = {
	{ST_IS_CLOSED, "closed"},	      {ST_PAUSES_CLOCKS, "pauses_clocks"},
	{ST_WAITS_CUSTOMER, "waits_customer"}, {ST_IS_RESOLVED, "resolved"},
	{ST_RATEABLE, "rateable"},	      {ST_TELLS_REASON, "tells_reason"},
	{ST_FOLLOWS_UP, "follows_up"},
};

static const struct column value_columns[] = {
	{EV_MATERIAL, "material"},
	{EV_SYSTEM, "system"},
	{EV_REGULATOR, "regulator"},
	{EV_TO_MANAGEMENT, "to_management"},
};

static json_t *labels(const char *const label[LANG__COUNT])
{
	json_t *o = json_object();
	for (int l = 0; l < LANG__COUNT; l++)
		json_object_set_new(o, en_language[l].name, json_string(label[l]));
	return o;
}

/* One enumeration: its summary and its values. Every state carries every
 * column; a value of another enumeration carries the flags that some
 * value of its enumeration has (a channel says whether it is the
 * regulator, a compensation kind whether it is material). */
static json_t *enumeration(const struct enum_def *d)
{
	const struct column *cols = value_columns;
	size_t ncols = sizeof value_columns / sizeof *value_columns;
	unsigned used = 0;
	if (d->values == en_status) {
		cols = state_columns;
		ncols = sizeof state_columns / sizeof *state_columns;
		for (size_t c = 0; c < ncols; c++)
			used |= cols[c].flag;
	} else {
		for (int i = 0; d->values[i].name; i++)
			used |= d->values[i].flags;
	}
	json_t *values = json_array();
	for (int i = 0; d->values[i].name; i++) {
		const struct enum_value *v = &d->values[i];
		json_t *o = json_pack("{s:s,s:o}", "name", v->name, "label", labels(v->label));
		for (size_t c = 0; c < ncols; c++)
			if (used & cols[c].flag)
				json_object_set_new(o, cols[c].name,
						    json_boolean((v->flags & cols[c].flag) != 0));
		json_array_append_new(values, o);
	}
	return json_pack("{s:s,s:o}", "summary", d->summary, "values", values);
}

static char *body;	/* the reply, made once */
static size_t body_len;
static char etag[2 + 2 * 16 + 1];
static pthread_once_t once = PTHREAD_ONCE_INIT;

static void build(void)
{
	json_t *enums = json_object(), *rs = json_array();
	for (int i = 0; i < enum_ndefs; i++)
		json_object_set_new(enums, enum_defs[i].name, enumeration(&enum_defs[i]));
	for (int i = 0; i < ROLE__COUNT; i++)
		json_array_append_new(rs, json_pack("{s:s,s:o,s:s}", "name", roles[i].name, "label",
						    labels(roles[i].label), "summary",
						    roles[i].summary));
	json_t *o = json_pack("{s:o,s:o}", "enums", enums, "roles", rs);
	body = json_dumps(o, JSON_COMPACT);
	json_decref(o);
	body_len = body ? strlen(body) : 0;
	unsigned char hash[16];
	crypto_generichash(hash, sizeof hash, (const unsigned char *)body, body_len, NULL, 0);
	etag[0] = '"';
	for (size_t i = 0; i < sizeof hash; i++)
		snprintf(etag + 1 + 2 * i, 3, "%02x", hash[i]);
	etag[sizeof etag - 2] = '"';
	etag[sizeof etag - 1] = '\0';
}

int fields_get(struct http_request *req)
{
	pthread_once(&once, build);
	if (!body) {
		struct kesu_err err = {0};
		kesu_fail(&err, KE_INTERNAL, "", "the enumerations could not be written");
		return http_reply_error(req, &err);
	}
	http_add_header(req, "ETag", etag);
	const char *inm = http_header(req, "If-None-Match");
	if (inm && strstr(inm, etag))
		return http_reply_status(req, 304);
	return http_reply_bytes(req, 200, "application/json; charset=utf-8", body, body_len);
}
