/*
 * handling.c - the handling details (domain.md 1-7): the plan agreed with
 * the customer before resolving, the cause list, the routing table, the
 * three changes (person, place, time), identity checks and apologies.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../auth/roles.h"
#include "../core/complaint.h"
#include "../core/customer.h"
#include "../util/clock.h"
#include "workflow_int.h"

#define MINUTE (60 * 1000LL)
#define REMIND_BEFORE (15 * MINUTE) /* the owner's reminder */
#define MISSED_AFTER (30 * MINUTE)  /* still scheduled this long after: missed */

int wf_event(struct store_conn *c, int64_t complaint_id, const char *kind, const char *actor,
	     int64_t now, json_t *d, struct kesu_err *err)
{
	char *data = json_dumps(d, JSON_COMPACT | JSON_SORT_KEYS);
	struct event e = {.complaint_id = complaint_id, .at = now, .actor = actor, .kind = kind,
			  .data = data};
	int rc = store_event_append(c, &e, err);
	free(data);
	return rc;
}

int wf_staff_notice(struct store_conn *c, const struct complaint *cp, const char *kind,
		    const char *recipient, json_t *d, int64_t now, struct kesu_err *err)
{
	json_object_set_new(d, "tracking_no", json_string(cp->tracking_no));
	char *data = json_dumps(d, JSON_COMPACT | JSON_SORT_KEYS);
	struct outbox_item o = {.complaint_id = cp->id, .audience = "staff", .kind = kind,
				.channel = "workspace", .recipient = recipient, .language = "zh-CN",
				.data = data, .created_at = now};
	int rc = store_outbox_put(c, &o, err);
	free(data);
	return rc;
}

static json_t *time_json(int64_t ms)
{
	char buf[40];
	return ms ? json_string(clock_format(ms, buf, sizeof buf)) : json_null();
}

/* --- the cause list ------------------------------------------------------------ */

/* domain.md 1's default causes; policy is the business's own (systemic). */
static const struct {
	const char *key, *label[3];
	int systemic;
} default_causes[] = {
	{"quality", {"质量问题", "品質問題", "Product quality"}, 0},
	{"logistics", {"物流配送", "物流配送", "Delivery and logistics"}, 0},
	{"price", {"价格/收费", "價格/收費", "Price and billing"}, 0},
	{"advertising", {"虚假宣传", "虛假宣傳", "False or exaggerated advertising"}, 0},
	{"attitude", {"服务态度", "服務態度", "Staff attitude"}, 0},
	{"efficiency", {"服务效率/服务僵化", "服務效率/服務僵化", "Slow or rigid service"}, 0},
	{"wording", {"沟通措辞不当", "溝通措辭不當", "Wrong or unclear wording"}, 0},
	{"misuse", {"使用不当/不了解", "使用不當/不了解", "Product or process not understood"}, 0},
	{"expectation", {"期望落差", "期望落差", "Below expectation"}, 0},
	{"policy", {"制度/流程问题", "制度/流程問題", "Policy or process of the business"}, 1},
	{"other", {"其他", "其他", "Other"}, 0},
};
static const char *const label_langs[3] = {"zh-CN", "zh-TW", "en"};

void wf_causes_default(struct wf_causes *cs)
{
	memset(cs, 0, sizeof *cs);
	for (size_t i = 0; i < sizeof default_causes / sizeof *default_causes; i++) {
		struct wf_cause *k = &cs->item[cs->n++];
		snprintf(k->key, sizeof k->key, "%s", default_causes[i].key);
		for (int l = 0; l < 3; l++)
			snprintf(k->label[l], sizeof k->label[l], "%s", default_causes[i].label[l]);
		k->systemic = default_causes[i].systemic;
		k->active = 1;
	}
}

/* Characters (code points) of valid UTF-8 text, as jansson gives it. */
static size_t utf8_chars(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		n += ((unsigned char)*s & 0xC0) != 0x80;
	return n;
}

static int key_ok(const char *s)
{
	size_t n = strlen(s);
	if (n < 1 || n > 32)
		return 0;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '_'))
			return 0;
	return 1;
}

int wf_causes_from_json(json_t *j, struct wf_causes *out, struct kesu_err *err)
{
	json_t *items = json_object_get(j, "causes");
	if (!json_is_object(j) || !json_is_array(items))
		return kesu_fail(err, KE_WRONG_TYPE, "causes", "must be an array of causes");
	if (json_array_size(items) < 1 || json_array_size(items) > WF_CAUSES_MAX)
		return kesu_fail(err, KE_INVALID_VALUE, "causes", "must hold 1 to %d causes",
				 WF_CAUSES_MAX);
	memset(out, 0, sizeof *out);
	size_t i;
	json_t *v;
	json_array_foreach(items, i, v) {
		char path[48];
		snprintf(path, sizeof path, "causes[%zu]", i);
		json_t *key = json_object_get(v, "key"), *label = json_object_get(v, "label");
		json_t *sys = json_object_get(v, "systemic"), *act = json_object_get(v, "active");
		if (!json_is_object(v))
			return kesu_fail(err, KE_WRONG_TYPE, path, "must be an object");
		if (!json_is_string(key) || !key_ok(json_string_value(key)))
			return kesu_fail(err, KE_INVALID_VALUE, path,
					 "needs a key of 1-32 characters a-z, 0-9 and _");
		if (!json_is_object(label))
			return kesu_fail(err, KE_MISSING_FIELD, path,
					 "needs a label: {\"zh-CN\", \"zh-TW\", \"en\"}");
		if ((sys && !json_is_boolean(sys)) || (act && !json_is_boolean(act)))
			return kesu_fail(err, KE_WRONG_TYPE, path, "systemic and active are true or false");
		struct wf_cause *k = &out->item[out->n];
		snprintf(k->key, sizeof k->key, "%s", json_string_value(key));
		if (wf_cause_find(out, k->key))
			return kesu_fail(err, KE_INVALID_VALUE, path, "repeats the key %s", k->key);
		for (int l = 0; l < 3; l++) {
			json_t *t = json_object_get(label, label_langs[l]);
			const char *s = json_is_string(t) ? json_string_value(t) : NULL;
			if (!s || !*s || utf8_chars(s) > 40 || strlen(s) >= sizeof k->label[l] ||
			    strpbrk(s, "\r\n\t"))
				return kesu_fail(err, KE_INVALID_VALUE, path,
						 "needs a label in %s of at most 40 characters, one line",
						 label_langs[l]);
			snprintf(k->label[l], sizeof k->label[l], "%s", s);
		}
		k->systemic = json_is_true(sys);
		k->active = !act || json_is_true(act);
		out->n++;
	}
	return 0;
}

json_t *wf_causes_to_json(const struct wf_causes *cs)
{
	json_t *arr = json_array();
	for (int i = 0; i < cs->n; i++) {
		const struct wf_cause *k = &cs->item[i];
		json_array_append_new(arr, json_pack("{s:s,s:{s:s,s:s,s:s},s:b,s:b}", "key", k->key,
						     "label", "zh-CN", k->label[0], "zh-TW",
						     k->label[1], "en", k->label[2], "systemic",
						     k->systemic, "active", k->active));
	}
	return json_pack("{s:o}", "causes", arr);
}

const struct wf_cause *wf_cause_find(const struct wf_causes *cs, const char *key)
{
	for (int i = 0; key && i < cs->n; i++)
		if (strcmp(cs->item[i].key, key) == 0)
			return &cs->item[i];
	return NULL;
}

int wf_causes_read(struct store_conn *c, struct wf_causes *out, struct kesu_err *err)
{
	struct arena *a = arena_new();
	const char *text = NULL;
	int rc = store_setting_get(c, "causes", a, &text, err);
	json_t *j = !rc && text ? json_loads(text, 0, NULL) : NULL;
	if (!rc && j)
		rc = wf_causes_from_json(j, out, err);
	else if (!rc)
		wf_causes_default(out);
	json_decref(j);
	arena_free(a);
	return rc;
}

int wf_judgements_check(struct store_conn *c, const struct complaint *before,
			struct complaint *after, int systemic_given, uint32_t *changed,
			struct kesu_err *err)
{
	const char *cause = after->v[CF_CAUSE];
	int rc = 0;
	if (cause && (!before || !before->v[CF_CAUSE] || strcmp(before->v[CF_CAUSE], cause))) {
		struct wf_causes *cs = malloc(sizeof *cs);
		rc = wf_causes_read(c, cs, err);
		const struct wf_cause *k = rc ? NULL : wf_cause_find(cs, cause);
		if (!rc && (!k || !k->active))
			rc = kesu_fail(err, KE_INVALID_VALUE, "cause",
				       "%s is not in the cause list%s (GET /api/v1/causes)", cause,
				       k ? " any more" : "");
		/* a cause brings its own judgement of whether it is systemic */
		if (!rc && !systemic_given && after->systemic != k->systemic) {
			after->systemic = k->systemic;
			if (changed)
				*changed |= 1u << CF__COUNT;
		}
		free(cs);
	}
	const char *orig = after->v[CF_DUPLICATE_OF];
	if (!rc && orig && (!before || !before->v[CF_DUPLICATE_OF] ||
			    strcmp(before->v[CF_DUPLICATE_OF], orig))) {
		char tracking[TRACKING_NO_MAX];
		struct complaint o;
		struct arena *a = arena_new();
		if (!ids_parse_tracking_no(orig, tracking) || (before && !strcmp(tracking, before->tracking_no)))
			rc = kesu_fail(err, KE_INVALID_VALUE, "duplicate_of",
				       "must be the tracking number of another complaint");
		else if ((rc = store_complaint_get(c, 0, tracking, a, &o, err)) == -KE_NOT_FOUND) {
			kesu_err_clear(err);
			rc = kesu_fail(err, KE_INVALID_VALUE, "duplicate_of", "names no complaint");
		}
		arena_free(a);
	}
	return rc;
}

/* --- the routing table ------------------------------------------------------------ */

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

static const char *const route_levels[] = {"agent", "management", NULL};
static const struct field_def customer_type_field = {NULL, "customer_type", "customer_type",
						      FK_ENUM, 32, customer_types, NULL};
/* the ladder index of each starting level */
static const int route_level_index[] = {0, 2};

static json_t *routing_cache;

void wf_routing_changed(void)
{
	json_decref(routing_cache);
	routing_cache = NULL;
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
				const char *const *values = fd->values;
				if (!s || !*s || strlen(s) > 200) {
					rc = kesu_fail(err, KE_WRONG_TYPE, vpath, "lists text values");
				} else if (values && !field_value_known(values, s)) {
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
		if (!rc && ((level && !json_is_string(level)) || !field_value_known(route_levels, lv)))
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
	if (!routing_cache) {
		int rc = wf_routing_read(c, &routing_cache, err);
		if (rc)
			return rc;
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
		cp->level = route_level_index[strcmp(lv, "management") == 0];
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

/* --- plans ------------------------------------------------------------------------- */

static json_t *ids_json(const char *text)
{
	json_t *j = text ? json_loads(text, 0, NULL) : NULL;
	return j ? j : json_array();
}

int wf_plan_propose(struct store_conn *c, const struct complaint *cp, struct plan *p,
		    const char *actor, int64_t now, struct arena *a, struct kesu_err *err)
{
	static const char *const done[] = {"resolved", "follow_up", "closed", NULL};
	if (field_value_known(done, cp->status))
		return kesu_fail(err, KE_CONFLICT, "",
				 "a plan is proposed before resolving (the complaint is %s%s)",
				 cp->status, strcmp(cp->status, "closed") ? "" : ": reopen it first");
	json_t *ids = ids_json(p->compensation_ids);
	size_t i;
	json_t *v;
	int rc = 0;
	json_array_foreach(ids, i, v) {
		struct compensation k;
		rc = store_compensation_get(c, json_integer_value(v), a, &k, err);
		if (rc == -KE_NOT_FOUND || (!rc && (k.complaint_id != cp->id ||
						   strcmp(k.state, "rejected") == 0))) {
			kesu_err_clear(err);
			rc = kesu_fail(err, KE_INVALID_VALUE, "compensation_ids",
				       "%lld is not a granted or pending compensation of this complaint",
				       (long long)json_integer_value(v));
		}
		if (rc)
			break;
	}
	json_decref(ids);
	if (rc)
		return rc;
	struct plan *prev;
	int n;
	if ((rc = store_plans_of(c, cp->id, a, &prev, &n, err)))
		return rc;
	p->revises = 0;
	if (n && (strcmp(prev[0].state, "declined") == 0 ||
		  strcmp(prev[0].state, "counter_offer") == 0 ||
		  strcmp(prev[0].state, "proposed") == 0))
		p->revises = prev[0].id;
	if (n && strcmp(prev[0].state, "proposed") == 0 &&
	    (rc = store_plans_supersede(c, cp->id, err)))
		return rc;
	p->complaint_id = cp->id;
	p->round = cp->reopen_count;
	p->state = "proposed";
	p->proposed_by = actor;
	p->proposed_at = now;
	if ((rc = store_plan_insert(c, p, err)))
		return rc;
	json_t *d = json_pack("{s:I,s:s,s:o,s:o}", "plan_id", (json_int_t)p->id, "summary",
			      p->summary, "compensation_ids", ids_json(p->compensation_ids),
			      "revises", p->revises ? json_integer(p->revises) : json_null());
	rc = wf_event(c, cp->id, "plan_proposed", actor, now, d, err);
	json_decref(d);
	if (rc)
		return rc;
	/* the customer hears of it, and may answer on the status page */
	static const char *const intro[3] = {"我们为您提出了解决方案，请在查询页面答复：",
					     "我們為您提出了解決方案，請在查詢頁面答覆：",
					     "We propose a solution; please answer on the status page: "};
	const char *lang = cp->v[CF_LANGUAGE] ? cp->v[CF_LANGUAGE] : "zh-CN";
	int l = strcmp(lang, "zh-TW") == 0 ? 1 : strcmp(lang, "en") == 0 ? 2 : 0;
	size_t len = strlen(intro[l]) + strlen(p->summary) + 1;
	char *text = arena_alloc(a, len);
	snprintf(text, len, "%s%s", intro[l], p->summary);
	return wf_customer_message(c, cp, text, now, err);
}

int wf_plan_answer(struct store_conn *c, const struct complaint *cp, struct plan *p,
		   const char *answer, const char *conditions, const char *counter_offer,
		   const char *actor, int64_t now, struct kesu_err *err)
{
	if (strcmp(p->state, "proposed") != 0)
		return kesu_fail(err, KE_CONFLICT, "",
				 "the plan is %s already; propose a revised plan instead", p->state);
	if (strcmp(cp->status, "closed") == 0)
		return kesu_fail(err, KE_CONFLICT, "", "the complaint is closed");
	if (strcmp(answer, "counter_offer") == 0 && !counter_offer)
		return kesu_fail(err, KE_MISSING_FIELD, "counter_offer",
				 "is required for a counter offer: what the customer asks instead");
	p->state = answer;
	p->conditions = conditions;
	p->counter_offer = counter_offer;
	p->answered_by = actor;
	p->answered_at = now;
	int rc = store_plan_answer(c, p, err);
	if (rc)
		return rc;
	json_t *d = json_pack("{s:I,s:s,s:s?,s:s?}", "plan_id", (json_int_t)p->id, "answer",
			      p->state, "conditions", p->conditions, "counter_offer",
			      p->counter_offer);
	rc = wf_event(c, cp->id, "plan_answered", actor, now, d, err);
	json_decref(d);
	return rc;
}

int wf_resolve_check(struct store_conn *c, const struct complaint *cp, int without_plan,
		     struct arena *a, int64_t *plan_id, struct kesu_err *err)
{
	*plan_id = 0;
	if (!cp->v[CF_CAUSE])
		return kesu_fail(err, KE_MISSING_FIELD, "cause",
				 "is required before resolving: set the complaint's main cause");
	if (!cp->v[CF_RESPONSIBILITY])
		return kesu_fail(err, KE_MISSING_FIELD, "responsibility",
				 "is required before resolving: ours, customer, third_party or unclear");
	struct plan *p;
	int n;
	int rc = store_plans_of(c, cp->id, a, &p, &n, err);
	if (rc)
		return rc;
	/* the newest plan of this round is what the customer last answered */
	if (n && p[0].round == cp->reopen_count && strcmp(p[0].state, "accepted") == 0) {
		*plan_id = p[0].id;
		return 0;
	}
	if (without_plan)
		return 0;
	if (!n || p[0].round != cp->reopen_count)
		return kesu_fail(err, KE_CONFLICT, "plan",
				 "resolve after the customer accepted a plan: propose one first%s",
				 n ? " (the complaint was reopened since the last one)" : "");
	return kesu_fail(err, KE_CONFLICT, "plan",
			 "the newest plan (%lld) is %s: resolve after the customer accepted a plan, or a manager resolves without one, with a reason",
			 (long long)p[0].id, p[0].state);
}

/* --- the three changes: person, place, time --------------------------------------- */

int wf_handover(struct store_conn *c, const struct complaint *cp, int64_t to_user,
		int64_t to_team, const char *note, const char *actor, int64_t now,
		struct arena *a, struct complaint *after, struct kesu_err *err)
{
	if (strcmp(cp->status, "closed") == 0)
		return kesu_fail(err, KE_CONFLICT, "", "the complaint is closed");
	int64_t team = to_team ? to_team : cp->team_id;
	struct team t;
	int rc = to_team ? store_team_get(c, to_team, NULL, a, &t, err) : 0;
	if (rc == -KE_NOT_FOUND) {
		kesu_err_clear(err);
		return kesu_fail(err, KE_INVALID_VALUE, "to_team_id", "names no team");
	}
	if (rc)
		return rc;
	struct user u;
	if (to_user) {
		rc = store_user_get(c, to_user, NULL, a, &u, err);
		if (rc == -KE_NOT_FOUND) {
			kesu_err_clear(err);
			return kesu_fail(err, KE_INVALID_VALUE, "to_user_id", "names no user");
		}
		if (rc)
			return rc;
		int r = role_find(u.role);
		if (u.disabled_at || r < 0 || !(roles[r].perms & P_COMPLAINT_EDIT))
			return kesu_fail(err, KE_INVALID_VALUE, "to_user_id",
					 "%s cannot handle complaints (disabled, or a role that only registers or reads)",
					 u.username);
		int member = 0;
		for (int i = 0; i < u.nteams; i++)
			member |= u.teams[i] == team;
		if (!member && !(roles[r].perms & P_ALL_TEAMS))
			return kesu_fail(err, KE_INVALID_VALUE, "to_user_id",
					 "%s is not in team %lld: hand over to the team, or to one of its members",
					 u.username, (long long)team);
	}
	*after = *cp;
	after->team_id = team;
	after->assignee_id = to_user;
	after->version = cp->version + 1;
	after->updated_at = now;
	if ((rc = store_complaint_update(c, cp, after, 0, err)))
		return rc;
	json_t *d = json_pack("{s:o,s:o,s:I,s:o,s:s}", "from_user",
			      cp->assignee_id ? json_integer(cp->assignee_id) : json_null(),
			      "to_user", to_user ? json_integer(to_user) : json_null(), "team_id",
			      (json_int_t)team, "from_team", json_integer(cp->team_id), "note", note);
	rc = wf_event(c, cp->id, "handed_over", actor, now, d, err);
	char to[64];
	if (to_user)
		snprintf(to, sizeof to, "user:%lld", (long long)to_user);
	else
		snprintf(to, sizeof to, "role:agent;team:%lld", (long long)team);
	if (!rc)
		rc = wf_staff_notice(c, cp, "handed_over", to, d, now, err);
	json_decref(d);
	return rc;
}

int wf_channel_move(struct store_conn *c, const struct complaint *cp, const char *channel,
		    const char *note, const char *actor, int64_t now, struct complaint *after,
		    struct kesu_err *err)
{
	if (strcmp(cp->status, "closed") == 0)
		return kesu_fail(err, KE_CONFLICT, "", "the complaint is closed");
	*after = *cp;
	after->v[CF_CONVERSATION_CHANNEL] = channel;
	after->version = cp->version + 1;
	after->updated_at = now;
	int rc = store_complaint_update(c, cp, after, 0, err);
	if (rc)
		return rc;
	json_t *d = json_pack("{s:s?,s:s,s:s?}", "from", cp->v[CF_CONVERSATION_CHANNEL], "to",
			      channel, "note", note);
	rc = wf_event(c, cp->id, "channel_moved", actor, now, d, err);
	json_decref(d);
	return rc;
}

int wf_appointment_create(struct store_conn *c, const struct complaint *cp,
			  struct appointment *p, int64_t now, struct kesu_err *err)
{
	if (strcmp(cp->status, "closed") == 0)
		return kesu_fail(err, KE_CONFLICT, "", "the complaint is closed");
	if (p->at <= now)
		return kesu_fail(err, KE_INVALID_VALUE, "at", "is in the past: give a time still to come");
	struct user u;
	struct arena *a = arena_new();
	int rc = store_user_get(c, p->owner_id, NULL, a, &u, err);
	if (rc == -KE_NOT_FOUND) {
		kesu_err_clear(err);
		rc = kesu_fail(err, KE_INVALID_VALUE, "owner_id", "names no user");
	}
	arena_free(a);
	if (rc)
		return rc;
	p->complaint_id = cp->id;
	p->state = "scheduled";
	p->created_at = now;
	p->remind_at = p->at - REMIND_BEFORE > now ? p->at - REMIND_BEFORE : 0;
	p->next_at = p->remind_at ? p->remind_at : p->at + MISSED_AFTER;
	if ((rc = store_appointment_insert(c, p, err)))
		return rc;
	json_t *d = json_pack("{s:I,s:o,s:s,s:s,s:s?,s:I}", "appointment_id", (json_int_t)p->id,
			      "at", time_json(p->at), "with", p->with_whom, "channel", p->channel,
			      "note", p->note, "owner_id", (json_int_t)p->owner_id);
	rc = wf_event(c, cp->id, "appointment_scheduled", p->created_by, now, d, err);
	json_decref(d);
	return rc;
}

int wf_appointment_outcome(struct store_conn *c, struct appointment *p, const char *state,
			   const char *outcome, const char *actor, int64_t now,
			   struct kesu_err *err)
{
	if (strcmp(p->state, "scheduled") != 0 && strcmp(p->state, "missed") != 0)
		return kesu_fail(err, KE_CONFLICT, "", "the appointment is %s already", p->state);
	if (strcmp(state, "missed") == 0 && p->at > now)
		return kesu_fail(err, KE_CONFLICT, "state",
				 "the appointment is still to come: it can be cancelled, not missed");
	p->state = state;
	p->outcome = outcome;
	p->decided_by = actor;
	p->decided_at = now;
	p->next_at = 0;
	int rc = store_appointment_update(c, p, err);
	if (rc)
		return rc;
	json_t *d = json_pack("{s:I,s:s,s:s?}", "appointment_id", (json_int_t)p->id, "state",
			      state, "outcome", outcome);
	rc = wf_event(c, p->complaint_id, "appointment_outcome", actor, now, d, err);
	json_decref(d);
	return rc;
}

int wf_appointments_tick(struct store_conn *c, int64_t now, int limit, struct arena *a,
			 int *done, struct kesu_err *err)
{
	struct appointment *items;
	int n;
	int rc = store_appointments_due(c, now, limit, a, &items, &n, err);
	for (int i = 0; !rc && i < n; i++) {
		struct appointment *p = &items[i];
		struct complaint cp = {.id = p->complaint_id};
		snprintf(cp.tracking_no, sizeof cp.tracking_no, "%s", p->tracking_no);
		int missed = now >= p->at + MISSED_AFTER;
		json_t *d = json_pack("{s:I,s:o,s:s,s:s}", "appointment_id", (json_int_t)p->id,
				      "at", time_json(p->at), "with", p->with_whom, "channel",
				      p->channel);
		char to[40];
		snprintf(to, sizeof to, "user:%lld", (long long)p->owner_id);
		if (missed) {
			p->state = "missed";
			p->next_at = 0;
			rc = store_appointment_update(c, p, err);
			if (!rc)
				rc = wf_event(c, p->complaint_id, "appointment_missed", "system", now, d,
					      err);
		} else {
			p->reminded_at = now;
			p->next_at = p->at + MISSED_AFTER;
			rc = store_appointment_update(c, p, err);
		}
		if (!rc)
			rc = wf_staff_notice(c, &cp, missed ? "appointment_missed" : "appointment_due",
					     to, d, now, err);
		json_decref(d);
		if (!rc)
			(*done)++;
	}
	return rc;
}

/* --- identity and apologies -------------------------------------------------------- */

int wf_identity_confirm(struct store_conn *c, const struct complaint *cp,
			struct identity_check *k, int64_t now, struct kesu_err *err)
{
	k->complaint_id = cp->id;
	k->checked_at = now;
	int rc = store_identity_put(c, k, err);
	if (rc)
		return rc;
	json_t *d = json_pack("{s:s,s:s?}", "method", k->method, "note", k->note);
	rc = wf_event(c, cp->id, "identity_confirmed", k->checked_by, now, d, err);
	json_decref(d);
	return rc;
}

int wf_apology(struct store_conn *c, const struct complaint *cp, struct apology *p,
	       struct kesu_err *err)
{
	p->complaint_id = cp->id;
	int rc = store_apology_insert(c, p, err);
	if (rc)
		return rc;
	json_t *d = json_pack("{s:I,s:s,s:o,s:s?}", "apology_id", (json_int_t)p->id, "by",
			      p->given_by, "at", time_json(p->given_at), "note", p->note);
	rc = wf_event(c, cp->id, "apology", p->recorded_by, p->recorded_at, d, err);
	json_decref(d);
	return rc;
}
