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

int wf_routing_check(struct store_conn *c, json_t *doc, json_t **normalized,
		     struct kesu_err *err)
{
	json_t *rules = json_object_get(doc, "rules");
	if (!json_is_object(doc) || !json_is_array(rules))
		return kesu_fail(err, KE_WRONG_TYPE, "rules", "must be an array of rules");
	if (json_array_size(rules) > ROUTE_RULES_MAX)
		return kesu_fail(err, KE_INVALID_VALUE, "rules", "holds at most %d rules",
				 ROUTE_RULES_MAX);
	const char *dk;
	json_t *dv;
	json_object_foreach(doc, dk, dv)
		if (strcmp(dk, "rules") != 0)
			return kesu_fail(err, KE_UNKNOWN_FIELD, dk, "is not part of the routing table");
	struct wf_causes *causes = malloc(sizeof *causes);
	int rc = wf_causes_read(c, causes, err);
	json_t *outr = json_array();
	struct arena *a = arena_new();
	size_t i;
	json_t *r;
	json_array_foreach(rules, i, r) {
		if (rc)
			break;
		char path[64];
		snprintf(path, sizeof path, "rules[%zu]", i);
		json_t *when = json_object_get(r, "when"), *team = json_object_get(r, "team_id");
		json_t *level = json_object_get(r, "level");
		const char *k;
		json_t *v;
		if (!json_is_object(r)) {
			rc = kesu_fail(err, KE_WRONG_TYPE, path, "must be an object");
			break;
		}
		json_object_foreach(r, k, v) if (strcmp(k, "when") && strcmp(k, "team_id") &&
						 strcmp(k, "level") && strcmp(k, "note")) {
			rc = kesu_fail(err, KE_UNKNOWN_FIELD, path, "has an unknown key %s", k);
			break;
		}
		if (rc)
			break;
		if (when && !json_is_object(when)) {
			snprintf(path + strlen(path), sizeof path - strlen(path), ".when");
			rc = kesu_fail(err, KE_WRONG_TYPE, path, "must be an object");
			break;
		}
		json_t *nwhen = json_object();
		json_object_foreach(when, k, v) {
			int f = -1;
			for (int x = 0; x < NROUTE_KEYS; x++)
				if (strcmp(route_keys[x].name, k) == 0)
					f = x;
			char vpath[96];
			snprintf(vpath, sizeof vpath, "%s.when.%s", path, k);
			if (f < 0) {
				rc = kesu_fail(err, KE_UNKNOWN_FIELD, vpath,
					       "cannot be tested: category, cause, mindset, severity, channel or customer_type");
				break;
			}
			if (json_is_string(v))
				v = json_pack("[O]", v);
			else
				json_incref(v);
			if (!json_is_array(v) || json_array_size(v) < 1 ||
			    json_array_size(v) > ROUTE_VALUES_MAX) {
				json_decref(v);
				rc = kesu_fail(err, KE_WRONG_TYPE, vpath, "must be a list of 1 to %d values",
					       ROUTE_VALUES_MAX);
				break;
			}
			size_t vi;
			json_t *x;
			json_array_foreach(v, vi, x) {
				const char *s = json_is_string(x) ? json_string_value(x) : NULL;
				int fld = route_keys[f].field;
				const struct field_def *fd =
					fld < 0 ? &customer_type_field : &complaint_fields[fld];
				const struct enum_value *values = fd->values;
				if (!s || !*s || strlen(s) > 200) {
					rc = kesu_fail(err, KE_WRONG_TYPE, vpath, "lists text values");
				} else if (values && enum_index(values, s) < 0) {
					rc = kesu_fail(err, KE_INVALID_VALUE, vpath, "%s is not one of: %s", s,
						       field_values_list(fd, a));
				} else if (fld == CF_CAUSE && !wf_cause_find(causes, s)) {
					rc = kesu_fail(err, KE_INVALID_VALUE, vpath,
						       "%s is not in the cause list", s);
				}
				if (rc)
					break;
			}
			if (!rc)
				json_object_set(nwhen, k, v);
			json_decref(v);
			if (rc)
				break;
		}
		if (rc) {
			json_decref(nwhen);
			break;
		}
		struct team t;
		char tpath[80];
		snprintf(tpath, sizeof tpath, "%s.team_id", path);
		if (!json_is_integer(team)) {
			rc = kesu_fail(err, team ? KE_WRONG_TYPE : KE_MISSING_FIELD, tpath,
				       "is required: the team that takes these complaints");
		} else if ((rc = store_team_get(c, json_integer_value(team), NULL, a, &t, err)) ==
			   -KE_NOT_FOUND) {
			kesu_err_clear(err);
			rc = kesu_fail(err, KE_INVALID_VALUE, tpath, "names no team");
		}
		const char *lv = json_is_string(level) ? json_string_value(level) : "agent";
		snprintf(tpath, sizeof tpath, "%s.level", path);
		if (!rc && ((level && !json_is_string(level)) || route_level(lv) < 0))
			rc = kesu_fail(err, KE_INVALID_VALUE, tpath,
				       "must be agent (the front-line flow) or management");
		json_t *note = json_object_get(r, "note");
		snprintf(tpath, sizeof tpath, "%s.note", path);
		if (!rc && note && (!json_is_string(note) || strlen(json_string_value(note)) > 600))
			rc = kesu_fail(err, KE_INVALID_VALUE, tpath, "is a short text");
		if (rc) {
			json_decref(nwhen);
			break;
		}
		json_t *o = json_pack("{s:o,s:O,s:s}", "when", nwhen, "team_id", team, "level", lv);
		if (note)
			json_object_set(o, "note", note);
		json_array_append_new(outr, o);
	}
	arena_free(a);
	free(causes);
	if (rc) {
		json_decref(outr);
		return rc;
	}
	*normalized = json_pack("{s:o}", "rules", outr);
	return 0;
}

static int rule_matches(json_t *when, const struct complaint *cp, const char *customer_type)
{
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

