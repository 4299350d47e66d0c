/*
 * routing.c - the routing table (domain.md 4): which team takes a new
 * complaint and whether it starts in the front-line flow or the
 * management flow, by its category, cause, mindset, severity, channel and
 * the customer's type. An administrator edits it; the first rule that
 * matches wins.
 */
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/jread.h"
#include "workflow_int.h"

/* What a rule may test, with the values each takes (NULL: free text). */
static const struct {
	const char *name;
	int field; /* the complaint field, or -1 for the customer's type */
} route_keys[] = {
	{"category", CF_CATEGORY}, {"cause", CF_CAUSE},	    {"mindset", CF_MINDSET},
	{"severity", CF_SEVERITY}, {"channel", CF_CHANNEL}, {"customer_type", -1},
};
#define NROUTE_KEYS (int)(sizeof route_keys / sizeof *route_keys)
#define ROUTE_RULES_MAX 100
#define ROUTE_VALUES_MAX 32

/* Where a rule starts a complaint: the front-line flow or the management
 * flow, at that level of the ladder. */
static const struct {
	const char *name;
	int level;
} route_levels[] = {{"agent", LEVEL_AGENT}, {"management", LEVEL_MANAGEMENT}};
static const struct field_def customer_type_field = {NULL, "customer_type", "customer_type",
						      FK_ENUM, 32, en_customer_type, NULL};

static int route_level(const char *name)
{
	for (size_t i = 0; name && i < sizeof route_levels / sizeof *route_levels; i++)
		if (strcmp(route_levels[i].name, name) == 0)
			return (int)i;
	return -1;
}

/* The writer's copy of the table, and the generation it was read at (as
 * for the settings: any thread may say it changed). */
static json_t *routing_cache;
static unsigned routing_at;
static atomic_uint routing_generation = 1;

void wf_routing_changed(void)
{
	atomic_fetch_add(&routing_generation, 1);
}

int wf_routing_read(struct store_conn *c, json_t **out, struct kesu_err *err)
{
	struct arena *a = arena_new();
	const char *text = NULL;
	int rc = store_setting_get(c, "routing", a, &text, err);
	*out = NULL;
	if (!rc)
		*out = text ? json_loads(text, 0, NULL) : json_pack("{s:[]}", "rules");
	arena_free(a);
	if (!rc && !*out)
		return kesu_fail(err, KE_INTERNAL, "", "the stored routing table is not JSON");
	return rc;
}

/* The values a condition lists, checked against what the key takes;
 * appended to when as a list. */
static void read_values(const struct jread *w, const char *key, int field,
			const struct wf_causes *causes, json_t *when)
{
	struct jread v = jread_at(w, key);
	const struct field_def *fd = field < 0 ? &customer_type_field : &complaint_fields[field];
	json_t *list = json_is_string(v.v) ? json_pack("[O]", v.v) : json_incref(v.v);
	if (!json_is_array(list) || json_array_size(list) < 1 ||
	    json_array_size(list) > ROUTE_VALUES_MAX) {
		jread_fail(&v, NULL, KE_WRONG_TYPE, "must be a list of 1 to %d values",
			   ROUTE_VALUES_MAX);
		json_decref(list);
		return;
	}
	size_t i;
	json_t *x;
	json_array_foreach(list, i, x) {
		const char *s = json_string_value(x);
		if (!s || !*s || strlen(s) > 200)
			jread_fail(&v, NULL, KE_WRONG_TYPE, "lists text values");
		else if (fd->values && enum_index(fd->values, s) < 0)
			jread_fail(&v, NULL, KE_INVALID_VALUE, "%s is not one of the %s values", s,
				   key);
		else if (field == CF_CAUSE && !wf_cause_find(causes, s))
			jread_fail(&v, NULL, KE_INVALID_VALUE, "%s is not in the cause list", s);
	}
	json_object_set_new(when, key, list);
}

int wf_routing_check(struct store_conn *c, json_t *doc, json_t **normalized,
		     struct kesu_err *err)
{
	static const char *const top[] = {"rules", NULL};
	static const char *const rule_keys[] = {"when", "team_id", "level", "note", NULL};
	const char *when_keys[NROUTE_KEYS + 2];
	for (int k = 0; k < NROUTE_KEYS; k++)
		when_keys[k] = route_keys[k].name;
	when_keys[NROUTE_KEYS] = "threat";
	when_keys[NROUTE_KEYS + 1] = NULL;
	if (!json_is_object(doc) || !json_is_array(json_object_get(doc, "rules")))
		return kesu_fail(err, KE_WRONG_TYPE, "rules", "must be an array of rules");
	struct wf_causes *causes = malloc(sizeof *causes);
	struct arena *a = arena_new();
	struct jread_state st = {.err = err};
	struct jread r = jread_doc(doc, &st), rules = jread_at(&r, "rules");
	size_t n;
	jread_object(&r, top, 1);
	jread_array(&rules, ROUTE_RULES_MAX, 1, &n);
	if (!st.rc)
		st.rc = wf_causes_read(c, causes, err);
	json_t *out = json_array();
	for (size_t i = 0; i < n && !st.rc; i++) {
		struct jread rule = jread_item(&rules, i), when = jread_at(&rule, "when");
		jread_object(&rule, rule_keys, 1);
		jread_object(&when, when_keys, 0);
		json_t *nwhen = json_object();
		const char *key;
		json_t *v;
		/* in the order given: `kesu help routing` prints them so */
		json_object_foreach(st.rc ? NULL : when.v, key, v) {
			for (int k = 0; k < NROUTE_KEYS; k++)
				if (strcmp(route_keys[k].name, key) == 0)
					read_values(&when, key, route_keys[k].field, causes, nwhen);
			/* a threat to spread, flagged by a person or read in the
			 * words (src/analysis) */
			if (strcmp(key, "threat") == 0 && !json_is_boolean(v))
				jread_fail(&when, key, KE_WRONG_TYPE, "must be true or false");
			else if (strcmp(key, "threat") == 0)
				json_object_set(nwhen, key, v);
		}
		long long team = jread_int(&rule, "team_id", 1, INT64_MAX, 0);
		struct team t;
		if (!st.rc && !team)
			jread_fail(&rule, "team_id", KE_MISSING_FIELD,
				   "is required: the team that takes these complaints");
		else if (!st.rc && store_team_get(c, team, NULL, a, &t, err) == -KE_NOT_FOUND) {
			kesu_err_clear(err);
			jread_fail(&rule, "team_id", KE_INVALID_VALUE, "names no team");
		} else if (!st.rc && err->code) {
			st.rc = -err->code;
		}
		const char *lv = jread_str(&rule, "level", 16, 0);
		if (lv && route_level(lv) < 0)
			jread_fail(&rule, "level", KE_INVALID_VALUE,
				   "must be agent (the front-line flow) or management");
		const char *note = jread_str(&rule, "note", 200, 0);
		json_t *o = json_pack("{s:o,s:I,s:s}", "when", nwhen, "team_id", (json_int_t)team,
				      "level", lv ? lv : route_levels[0].name);
		if (note)
			json_object_set_new(o, "note", json_string(note));
		json_array_append_new(out, o);
	}
	arena_free(a);
	free(causes);
	if (st.rc) {
		json_decref(out);
		return st.rc;
	}
	*normalized = json_pack("{s:o}", "rules", out);
	return 0;
}

static int rule_matches(json_t *when, const struct complaint *cp, const char *customer_type)
{
	json_t *threat = json_object_get(when, "threat");
	if (threat && json_is_true(threat) != !!cp->threat)
		return 0;
	for (int x = 0; x < NROUTE_KEYS; x++) {
		json_t *vals = json_object_get(when, route_keys[x].name);
		if (!vals)
			continue;
		const char *have = route_keys[x].field < 0 ? customer_type : cp->v[route_keys[x].field];
		int hit = 0;
		size_t i;
		json_t *v;
		json_array_foreach(vals, i, v) hit |= have && strcmp(json_string_value(v), have) == 0;
		if (!hit)
			return 0;
	}
	return 1;
}

int wf_route(struct store_conn *c, struct complaint *cp, const char *customer_type, int *rule,
	     struct kesu_err *err)
{
	*rule = -1;
	unsigned now = atomic_load(&routing_generation);
	if (routing_at != now) {
		json_t *doc;
		int rc = wf_routing_read(c, &doc, err);
		if (rc)
			return rc;
		json_decref(routing_cache);
		routing_cache = doc;
		routing_at = now;
	}
	size_t i;
	json_t *r;
	json_array_foreach(json_object_get(routing_cache, "rules"), i, r) {
		if (!rule_matches(json_object_get(r, "when"), cp,
				  customer_type ? customer_type : "normal"))
			continue;
		*rule = (int)i;
		cp->team_id = json_integer_value(json_object_get(r, "team_id"));
		const char *lv = json_string_value(json_object_get(r, "level"));
		int l = route_level(lv);
		cp->level = route_levels[l < 0 ? 0 : l].level;
		return 0;
	}
	return 0;
}

void wf_routing_print(FILE *f, json_t *doc)
{
	json_t *rules = json_object_get(doc, "rules");
	if (!json_array_size(rules)) {
		fprintf(f, "  (no rules: every complaint starts at the front line of the default team)\n");
		return;
	}
	size_t i;
	json_t *r;
	json_array_foreach(rules, i, r) {
		fprintf(f, "  %2zu. when", i + 1);
		const char *k;
		json_t *v;
		int any = 0;
		json_object_foreach(json_object_get(r, "when"), k, v) {
			fprintf(f, "%s %s in (", any ? " and" : "", k);
			size_t vi;
			json_t *x;
			json_array_foreach(v, vi, x) fprintf(f, "%s%s", vi ? ", " : "", json_string_value(x));
			fprintf(f, ")");
			any = 1;
		}
		fprintf(f, "%s -> team %lld, %s\n", any ? "" : " anything",
			(long long)json_integer_value(json_object_get(r, "team_id")),
			json_string_value(json_object_get(r, "level")));
	}
}

