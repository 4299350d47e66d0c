/*
 * script.c - the four steps of guided handling and the {placeholders} of
 * the response scripts: which there are, checking a script's text when it
 * is saved, and filling it from a complaint when it is read.
 */
#include "knowledge.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../channels/channels.h"


const struct kn_step kn_steps[KN_STEPS] = {
	{1, "listen",
	 {"倾听认知", "傾聽認知", "Listen and understand"},
	 {"先处理心情：让客户把话说完，不打断、不辩解；表示理解，记下要点。",
	  "先處理心情：讓客戶把話說完，不打斷、不辯解；表示理解，記下重點。",
	  "Mood first: let the customer finish without interrupting or defending; show that "
	  "you understand and note the key points."}},
	{2, "guide",
	 {"同步引导", "同步引導", "Guide with questions"},
	 {"用提问引导：弄清经过、时间、使用方式，以及客户的诉求和希望的解决方式。",
	  "用提問引導：釐清經過、時間、使用方式，以及客戶的訴求和希望的解決方式。",
	  "Guide with questions: find out what happened, when, how it was used, what the "
	  "customer wants and how they would like it resolved."}},
	{3, "clarify",
	 {"澄清陈述", "澄清陳述", "Restate, clarify and propose"},
	 {"复述并确认问题；界定责任：我方责任立即致歉，客户原因说明事实；提出方案，不作过度承诺。",
	  "複述並確認問題；釐清責任：我方責任立即致歉，客戶原因說明事實；提出方案，不做過度承諾。",
	  "Restate and confirm the problem; settle responsibility: apologise at once if it is "
	  "ours, explain the facts if it is the customer's; propose a solution and promise "
	  "nothing that is not approved."}},
	{4, "resolve",
	 {"解决感谢", "解決感謝", "Resolve and thank"},
	 {"落实方案并确认客户满意，感谢客户，询问是否还有其他需要。",
	  "落實方案並確認客戶滿意，感謝客戶，詢問是否還有其他需要。",
	  "Carry out the solution and confirm the customer is satisfied; thank them and ask "
	  "whether they need anything else."}},
};

int kn_lang_index(const char *language)
{
	return (int)lang_of(language);
}

int kn_step_find(const char *s)
{
	if (!s)
		return 0;
	for (int i = 0; i < KN_STEPS; i++)
		if (strcmp(kn_steps[i].key, s) == 0 || (s[0] == '1' + i && s[1] == '\0'))
			return kn_steps[i].n;
	return 0;
}

/* --- placeholders ---------------------------------------------------------------- */

static const struct {
	const char *name;
	size_t off;
} vars[] = {
	{"customer_name", offsetof(struct kn_vars, customer_name)},
	{"customer_phone", offsetof(struct kn_vars, customer_phone)},
	{"tracking_no", offsetof(struct kn_vars, tracking_no)},
	{"due", offsetof(struct kn_vars, due)},
	{"object_name", offsetof(struct kn_vars, object_name)},
	{"category", offsetof(struct kn_vars, category)},
	{"agent_name", offsetof(struct kn_vars, agent_name)},
	{"company", offsetof(struct kn_vars, company)},
};
#define NVARS (sizeof vars / sizeof vars[0])

const char kn_placeholder_names[] =
	"customer_name, customer_phone, tracking_no, due, object_name, category, agent_name,"
	" company";

static int var_index(const char *name, size_t len)
{
	for (size_t i = 0; i < NVARS; i++)
		if (strlen(vars[i].name) == len && memcmp(vars[i].name, name, len) == 0)
			return (int)i;
	return -1;
}

static int known_var(const char *name, size_t len)
{
	return var_index(name, len) >= 0;
}

int kn_script_check(const char *text, const char *field, struct kesu_err *err)
{
	return ch_fill_check(text, field, known_var, kn_placeholder_names, err);
}

struct fill_ctx {
	const struct kn_vars *v;
	json_t *missing;
	struct arena *a;
};

static const char *lookup(void *ctx, const char *name, size_t len)
{
	struct fill_ctx *f = ctx;
	int i = var_index(name, len);
	if (i < 0)
		return NULL; /* not a placeholder (checked on save): nothing */
	const char *val = *(const char *const *)((const char *)f->v + vars[i].off);
	if (val && *val)
		return val;
	if (f->missing) {
		int seen = 0;
		size_t k;
		json_t *x;
		json_array_foreach(f->missing, k, x)
			seen |= strcmp(json_string_value(x), vars[i].name) == 0;
		if (!seen)
			json_array_append_new(f->missing, json_string(vars[i].name));
	}
	return arena_printf(f->a, "{%s}", vars[i].name);
}

const char *kn_script_fill(const char *text, const struct kn_vars *v, json_t *missing,
			   struct arena *a)
{
	struct fill_ctx f = {v, missing, a};
	return ch_fill(text, lookup, &f, NULL, a);
}

/* --- due times, as people say them ------------------------------------------------ */

const char *kn_due_text(int64_t at, const char *language, struct arena *a)
{
	static const char *const zh_days[] = {"日", "一", "二", "三", "四", "五", "六"};
	static const char *const en_days[] = {"Sunday",	  "Monday", "Tuesday", "Wednesday",
					      "Thursday", "Friday", "Saturday"};
	static const char *const en_months[] = {"January", "February", "March",	    "April",
						"May",	   "June",     "July",	    "August",
						"September", "October", "November", "December"};
	time_t t = (time_t)(at / 1000);
	struct tm tm;
	if (!localtime_r(&t, &tm))
		return NULL;
	if (kn_lang_index(language) == 2)
		return arena_printf(a, "%s %d %s %d, %02d:%02d", en_days[tm.tm_wday], tm.tm_mday,
				    en_months[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min);
	return arena_printf(a, "%d年%d月%d日（星期%s）%02d:%02d", tm.tm_year + 1900, tm.tm_mon + 1,
			    tm.tm_mday, zh_days[tm.tm_wday], tm.tm_hour, tm.tm_min);
}
