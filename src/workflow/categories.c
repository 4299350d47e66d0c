/*
 * categories.c - the category list: the categories a complaint is
 * registered under, an administrator's list, each with its label in the
 * three languages. A complaint carries the category's name (the text
 * scripts, SLA rules, skills and reports match); the workspace offers the
 * active ones when registering.
 */
#include <string.h>

#include "../core/jread.h"
#include "../text/text.h"
#include "workflow_int.h"

/* The categories of the handbooks' usual complaints, named as the
 * complaints of the demo are. */
static const struct {
	const char *name, *label[LANG__COUNT];
} default_categories[] = {
	{"质量问题", {"质量问题", "品質問題", "Product quality"}},
	{"物流配送", {"物流配送", "物流配送", "Delivery and logistics"}},
	{"价格/收费", {"价格/收费", "價格/收費", "Price and billing"}},
	{"虚假宣传", {"虚假宣传", "虛假宣傳", "False advertising"}},
	{"服务态度", {"服务态度", "服務態度", "Staff attitude"}},
	{"服务效率", {"服务效率", "服務效率", "Slow service"}},
	{"沟通措辞不当", {"沟通措辞不当", "溝通措辭不當", "Wrong or unclear wording"}},
	{"使用不当", {"使用不当", "使用不當", "Product not understood"}},
	{"期望落差", {"期望落差", "期望落差", "Below expectation"}},
	{"制度/流程问题", {"制度/流程问题", "制度/流程問題", "Policy or process"}},
	{"食品安全", {"食品安全", "食品安全", "Food safety"}},
	{"其他", {"其他", "其他", "Other"}},
};

static json_t *defaults(void)
{
	json_t *arr = json_array();
	for (size_t i = 0; i < sizeof default_categories / sizeof *default_categories; i++)
		json_array_append_new(
			arr, json_pack("{s:s,s:{s:s,s:s,s:s},s:b}", "name", default_categories[i].name,
				       "label", "zh-CN", default_categories[i].label[0], "zh-TW",
				       default_categories[i].label[1], "en",
				       default_categories[i].label[2], "active", 1));
	return json_pack("{s:o}", "categories", arr);
}

int wf_categories_check(json_t *j, json_t **out, struct kesu_err *err)
{
	static const char *const top[] = {"categories", NULL};
	static const char *const keys[] = {"name", "label", "active", NULL};
	static const char *const langs[] = {"zh-CN", "zh-TW", "en", NULL};
	*out = NULL;
	struct jread_state st = {.err = err};
	struct jread r = jread_doc(j, &st), items = jread_at(&r, "categories");
	size_t n = 0;
	jread_object(&r, top, 1);
	jread_array(&items, WF_CATEGORIES_MAX, 1, &n);
	if (!st.rc && n < 1)
		jread_fail(&items, NULL, KE_INVALID_VALUE, "must hold 1 to %d categories",
			   WF_CATEGORIES_MAX);
	json_t *arr = json_array();
	for (size_t i = 0; i < n && !st.rc; i++) {
		struct jread c = jread_item(&items, i), label = jread_at(&c, "label");
		jread_object(&c, keys, 1);
		/* the name is what complaints carry: the category field's bound */
		const char *name = jread_str(&c, "name", 64, 1);
		jread_object(&label, langs, 1);
		const char *l[LANG__COUNT];
		for (int k = 0; k < LANG__COUNT; k++)
			l[k] = jread_str(&label, langs[k], 40, 1);
		int active = jread_bool(&c, "active", 1);
		if (st.rc)
			break;
		for (size_t k = 0; k < json_array_size(arr); k++)
			if (text_fold_equal(name, json_string_value(json_object_get(
							  json_array_get(arr, k), "name"))))
				jread_fail(&c, "name", KE_INVALID_VALUE, "repeats the category %s",
					   name);
		if (st.rc)
			break;
		json_array_append_new(arr, json_pack("{s:s,s:{s:s,s:s,s:s},s:b}", "name", name,
						     "label", "zh-CN", l[0], "zh-TW", l[1], "en",
						     l[2], "active", active));
	}
	if (st.rc) {
		json_decref(arr);
		return st.rc;
	}
	*out = json_pack("{s:o}", "categories", arr);
	return 0;
}

int wf_categories_read(struct store_conn *c, json_t **out, struct kesu_err *err)
{
	struct arena *a = arena_new();
	const char *text = NULL;
	*out = NULL;
	int rc = store_setting_get(c, "categories", a, &text, err);
	json_t *j = !rc && text ? json_loads(text, 0, NULL) : NULL;
	if (!rc)
		*out = j ? j : defaults();
	arena_free(a);
	return rc;
}
