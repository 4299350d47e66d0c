/*
 * draft.c - the first draft of a knowledge-base article, written from a
 * closed case: what happened, what the customer wanted, how it was
 * resolved and what was granted, in the article's language. Colleagues
 * learn from the case, not about the customer: names, phone numbers,
 * e-mail addresses, order and tracking numbers are taken out.
 */
#include "knowledge.h"

#include <stdio.h>
#include <string.h>

#include "../text/text.h"

static const struct {
	const char *key, *w[KN_LANGS];
} words[] = {
	{"overview", {"概况", "概況", "Overview"}},
	{"happened", {"经过", "經過", "What happened"}},
	{"wanted", {"客户诉求", "客戶訴求", "What the customer wanted"}},
	{"resolved", {"处理结果", "處理結果", "How it was resolved"}},
	{"granted", {"补偿", "補償", "Compensation granted"}},
	{"lesson", {"经验", "經驗", "Lessons"}},
	{"category", {"类别", "類別", "Category"}},
	{"object", {"对象", "對象", "About"}},
	{"emotion", {"客户情绪", "客戶情緒", "Customer's emotion"}},
	{"mindset", {"投诉心态", "客訴心態", "Mindset"}},
	{"desired", {"希望的解决方式", "希望的解決方式", "Wanted resolution"}},
	{"none", {"无", "無", "None"}},
	{"not_given", {"（未填写）", "（未填寫）", "(not recorded)"}},
	{"no_resolution",
	 {"（时间线中没有处理说明）", "（時間軸中沒有處理說明）", "(no resolution note in the timeline)"}},
	{"lesson_hint",
	 {"（请补充：这次处理中值得借鉴的做法，以及如何避免同类投诉再次发生。）",
	  "（請補充：這次處理中值得借鏡的做法，以及如何避免同類客訴再次發生。）",
	  "(To be written: what worked in this case, and how to keep it from happening again.)"}},
	{"case", {"投诉案例", "客訴案例", "Complaint case"}},
	{"staff_member", {"员工", "員工", "a staff member"}},
	/* personal data, as it reads once taken out */
	{"pii_name", {"客户", "客戶", "the customer"}},
	{"pii_number", {"[号码已隐去]", "[號碼已隱去]", "[number removed]"}},
	{"pii_email", {"[邮箱已隐去]", "[電子郵件已隱去]", "[e-mail removed]"}},
	/* the values kesu stores, as people say them */
	{"v:product", {"产品", "產品", "product"}},
	{"v:order", {"订单", "訂單", "order"}},
	{"v:service", {"服务", "服務", "service"}},
	{"v:staff", {"员工", "員工", "staff"}},
	{"v:store", {"门店", "門市", "store"}},
	{"v:other", {"其他", "其他", "other"}},
	{"v:refund", {"退款", "退款", "refund"}},
	{"v:exchange", {"换货", "換貨", "exchange"}},
	{"v:repair", {"维修", "維修", "repair"}},
	{"v:compensation", {"赔偿", "賠償", "compensation"}},
	{"v:apology", {"道歉", "道歉", "apology"}},
	{"v:explanation", {"解释说明", "解釋說明", "explanation"}},
	{"v:calm", {"平静", "平靜", "calm"}},
	{"v:upset", {"不满", "不滿", "upset"}},
	{"v:angry", {"生气", "生氣", "angry"}},
	{"v:furious", {"愤怒", "憤怒", "furious"}},
	{"v:vent", {"求发泄", "求發洩", "to vent"}},
	{"v:respect", {"求尊重", "求尊重", "to be respected"}},
	{"v:discount", {"折扣", "折扣", "discount"}},
	{"v:coupon", {"优惠券", "優惠券", "coupon"}},
	{"v:gift", {"赠品", "贈品", "gift"}},
	{"v:free_service", {"免费服务", "免費服務", "free service"}},
	{"v:cash", {"经济赔偿", "經濟賠償", "cash compensation"}},
};

/* The word for key in lang; NULL if there is none. */
static const char *word(int lang, const char *key)
{
	for (size_t i = 0; i < sizeof words / sizeof *words; i++)
		if (strcmp(words[i].key, key) == 0)
			return words[i].w[lang];
	return NULL;
}

static const char *W(int lang, const char *key)
{
	const char *w = word(lang, key);
	return w ? w : key;
}

/* A stored value in people's words. The mindset "compensation" reads
 * otherwise than the resolution of that name. */
static const char *V(int lang, const char *value, int mindset)
{
	static const char *const to_be_compensated[KN_LANGS] = {"求补偿", "求補償",
								"to be compensated"};
	if (!value)
		return NULL;
	if (mindset && strcmp(value, "compensation") == 0)
		return to_be_compensated[lang];
	char key[64];
	snprintf(key, sizeof key, "v:%s", value);
	const char *w = word(lang, key);
	return w ? w : value;
}

struct text {
	char *p;
	size_t len, cap;
	struct arena *a;
};

static void add(struct text *t, const char *s)
{
	size_t n = strlen(s);
	if (t->len + n + 1 > t->cap) {
		size_t cap = (t->cap ? t->cap * 2 : 1024) + n;
		char *p = arena_alloc(t->a, cap);
		if (t->len)
			memcpy(p, t->p, t->len);
		t->p = p;
		t->cap = cap;
	}
	memcpy(t->p + t->len, s, n + 1);
	t->len += n;
}

static void heading(struct text *t, int lang, const char *key)
{
	if (t->len)
		add(t, "\n");
	add(t, lang == 2 ? "## " : "【");
	add(t, W(lang, key));
	add(t, lang == 2 ? "\n" : "】\n");
}

static void line(struct text *t, int lang, const char *key, const char *value)
{
	add(t, W(lang, key));
	add(t, lang == 2 ? ": " : "：");
	add(t, value);
	add(t, "\n");
}

void kn_draft(const struct kn_case *k, const char *language, struct arena *a,
	      const char **title, const char **body)
{
	const struct complaint *c = k->c;
	int L = kn_lang_index(language);
	const struct text_secret known[] = {
		{c->v[CF_NAME], TEXT_PII_NAME},	      {c->v[CF_PHONE], TEXT_PII_NUMBER},
		{c->v[CF_EMAIL], TEXT_PII_EMAIL},     {c->v[CF_CONTACT_OTHER], TEXT_PII_NUMBER},
		{c->v[CF_OBJECT_REF], TEXT_PII_NUMBER}, {c->tracking_no, TEXT_PII_NUMBER},
	};
	const int nknown = sizeof known / sizeof *known;
	const char *const labels[TEXT_PII__COUNT] = {W(L, "pii_name"), W(L, "pii_number"),
						     W(L, "pii_email")};
#define CLEAN(s) ((s) ? text_redact((s), known, nknown, labels, a) : NULL)

	/* a staff member complained about is a person too */
	int staff = c->v[CF_OBJECT_KIND] && strcmp(c->v[CF_OBJECT_KIND], "staff") == 0;
	const char *object = staff ? W(L, "staff_member") : CLEAN(c->v[CF_OBJECT_NAME]);
	const char *category = c->v[CF_CATEGORY];

	const char *sep = L == 2 ? ": " : "：";
	if (object && category)
		*title = arena_printf(a, "%s%s%s", category, sep, object);
	else if (category || object)
		*title = arena_printf(a, "%s%s%s", W(L, "case"), sep, category ? category : object);
	else
		*title = W(L, "case");

	struct text t = {NULL, 0, 0, a};
	heading(&t, L, "overview");
	line(&t, L, "category", category ? category : W(L, "not_given"));
	if (c->v[CF_OBJECT_KIND] || object) {
		const char *kind = V(L, c->v[CF_OBJECT_KIND], 0);
		line(&t, L, "object",
		     kind && object && !staff ? arena_printf(a, "%s · %s", kind, object)
					      : object ? object : kind);
	}
	if (c->v[CF_EMOTION])
		line(&t, L, "emotion", V(L, c->v[CF_EMOTION], 0));
	if (c->v[CF_MINDSET])
		line(&t, L, "mindset", V(L, c->v[CF_MINDSET], 1));

	heading(&t, L, "happened");
	const char *content = CLEAN(c->v[CF_CONTENT]);
	add(&t, content ? content : W(L, "not_given"));
	add(&t, "\n");

	heading(&t, L, "wanted");
	if (c->v[CF_DEMAND]) {
		add(&t, CLEAN(c->v[CF_DEMAND]));
		add(&t, "\n");
	}
	if (c->v[CF_DESIRED_RESOLUTION])
		line(&t, L, "desired", V(L, c->v[CF_DESIRED_RESOLUTION], 0));
	if (!c->v[CF_DEMAND] && !c->v[CF_DESIRED_RESOLUTION])
		add(&t, arena_printf(a, "%s\n", W(L, "not_given")));

	heading(&t, L, "resolved");
	add(&t, k->resolution ? CLEAN(k->resolution) : W(L, "no_resolution"));
	add(&t, "\n");

	heading(&t, L, "granted");
	for (int i = 0; i < k->ngranted; i++) {
		const struct compensation *g = &k->granted[i];
		long long fen = (long long)g->amount_fen;
		add(&t, L == 2 ? arena_printf(a, "- %s: CNY %lld.%02lld\n", V(L, g->type, 0),
					      fen / 100, fen % 100)
			       : arena_printf(a, "- %s %lld.%02lld 元\n", V(L, g->type, 0),
					      fen / 100, fen % 100));
	}
	if (!k->ngranted)
		add(&t, arena_printf(a, "%s\n", W(L, "none")));

	heading(&t, L, "lesson");
	add(&t, W(L, "lesson_hint"));
	add(&t, "\n");
	*body = t.p;
#undef CLEAN
}
