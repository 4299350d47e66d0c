/*
 * causes.c - the cause list (domain.md 1): each complaint gets one main
 * cause from it; the list is an administrator's, seeded with the
 * handbooks' causes, and a cause marked systemic lies in the business's
 * own policy or process.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/jread.h"
#include "../text/text.h"
#include "workflow_int.h"

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

void wf_causes_default(struct wf_causes *cs)
{
	memset(cs, 0, sizeof *cs);
	for (size_t i = 0; i < sizeof default_causes / sizeof *default_causes; i++) {
		struct wf_cause *k = &cs->item[cs->n++];
		snprintf(k->key, sizeof k->key, "%s", default_causes[i].key);
		for (int l = 0; l < LANG__COUNT; l++)
			snprintf(k->label[l], sizeof k->label[l], "%s", default_causes[i].label[l]);
		k->systemic = default_causes[i].systemic;
		k->active = 1;
	}
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
	static const char *const top[] = {"causes", NULL};
	static const char *const keys[] = {"key", "label", "systemic", "active", NULL};
	memset(out, 0, sizeof *out);
	if (!json_is_object(j) || !json_is_array(json_object_get(j, "causes")))
		return kesu_fail(err, KE_WRONG_TYPE, "causes", "must be an array of causes");
	struct jread_state st = {.err = err};
	struct jread r = jread_doc(j, &st), items = jread_at(&r, "causes");
	size_t n;
	jread_object(&r, top, 1);
	jread_array(&items, WF_CAUSES_MAX, 1, &n);
	if (!st.rc && n < 1)
		jread_fail(&items, NULL, KE_INVALID_VALUE, "must hold 1 to %d causes", WF_CAUSES_MAX);
	for (size_t i = 0; i < n && !st.rc; i++) {
		struct jread c = jread_item(&items, i), label = jread_at(&c, "label");
		struct wf_cause *k = &out->item[out->n];
		jread_object(&c, keys, 1);
		json_t *key = json_object_get(c.v, "key");
		if (!json_is_string(key) || !key_ok(json_string_value(key)))
			jread_fail(&c, NULL, KE_INVALID_VALUE,
				   "needs a key of 1-32 characters a-z, 0-9 and _");
		else if (!json_is_object(label.v))
			jread_fail(&c, NULL, KE_MISSING_FIELD,
				   "needs a label: {\"zh-CN\", \"zh-TW\", \"en\"}");
		else if (wf_cause_find(out, json_string_value(key)))
			jread_fail(&c, NULL, KE_INVALID_VALUE, "repeats the key %s",
				   json_string_value(key));
		if (st.rc)
			break;
		snprintf(k->key, sizeof k->key, "%s", json_string_value(key));
		for (int l = 0; l < LANG__COUNT && !st.rc; l++) {
			json_t *t = json_object_get(label.v, en_language[l].name);
			const char *s = json_string_value(t);
			if (!s || !*s || text_utf8_length(s) > 40 || strlen(s) >= sizeof k->label[l] ||
			    strpbrk(s, "\r\n\t"))
				jread_fail(&c, NULL, KE_INVALID_VALUE,
					   "needs a label in %s of at most 40 characters, one line",
					   en_language[l].name);
			else
				snprintf(k->label[l], sizeof k->label[l], "%s", s);
		}
		k->systemic = jread_bool(&c, "systemic", 0);
		k->active = jread_bool(&c, "active", 1);
		out->n++;
	}
	return st.rc;
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

int wf_cause_active(struct store_conn *c, const char *key, struct wf_cause *out,
		    struct kesu_err *err)
{
	struct wf_causes *cs = malloc(sizeof *cs);
	if (!cs)
		return kesu_fail(err, KE_INTERNAL, "", "out of memory");
	int rc = wf_causes_read(c, cs, err);
	const struct wf_cause *k = rc ? NULL : wf_cause_find(cs, key);
	if (!rc && (!k || !k->active))
		rc = kesu_fail(err, KE_INVALID_VALUE, "cause",
			       "%s is not in the cause list%s (GET /api/v1/causes)", key,
			       k ? " any more" : "");
	if (!rc && out)
		*out = *k;
	free(cs);
	return rc;
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

