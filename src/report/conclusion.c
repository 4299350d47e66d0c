/*
 * conclusion.c - the few sentences that open the report, written from its
 * figures in the reader's language: the volume and its change, the top
 * causes, the breaches and the time to resolve, satisfaction, and what
 * waits for a manager's decision. A manager forwarding the report reads
 * these first; every number in them is one of the tables' own.
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "../workflow/workflow.h"
#include "report.h"

/* zh-CN, zh-TW, en */
#define L(l, cn, tw, en) ((l) == 0 ? (cn) : (l) == 1 ? (tw) : (en))

struct text {
	char buf[1024];
	size_t n;
};

static void add(struct text *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void add(struct text *t, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	if (t->n < sizeof t->buf) {
		int w = vsnprintf(t->buf + t->n, sizeof t->buf - t->n, fmt, ap);
		t->n += w > 0 ? (size_t)w : 0;
		if (t->n >= sizeof t->buf)
			t->n = sizeof t->buf - 1;
	}
	va_end(ap);
}

/* English says one complaint, two complaints. */
static const char *en1(int l, int64_t n, const char *one, const char *many, const char *zh)
{
	return l < 2 ? zh : n == 1 ? one : many;
}

/* Between the items of a list: "、" in Chinese, ", " in English. */
static const char *sep(int l, int i)
{
	return i == 0 ? "" : L(l, "、", "、", ", ");
}

static int64_t all_breaches(const struct report_stats *s, int64_t *open)
{
	int64_t n = 0;
	*open = 0;
	for (int k = 0; k < RK__COUNT; k++) {
		n += s->clocks[k].breached;
		*open += s->clocks[k].open_breached;
	}
	return n;
}

static void volume(struct text *t, int l, const struct report *r)
{
	int64_t now = r->cur.received, before = r->prev.received;
	if (!now && !before) {
		add(t, "%s", L(l, "本期与上期都没有受理投诉。", "本期與上期都沒有受理客訴。",
			      "No complaints were received in this period or the previous one."));
		return;
	}
	add(t, en1(l, now, "%lld complaint was received", "%lld complaints were received",
		   L(l, "本期受理投诉 %lld 件", "本期受理客訴 %lld 件", "")),
	    (long long)now);
	if (!before)
		add(t, "%s", L(l, "，上期没有投诉。", "，上期沒有客訴。",
			      ", against none in the previous period."));
	else if (now == before)
		add(t, L(l, "，与上期持平（%lld 件）。", "，與上期持平（%lld 件）。",
			 ", as many as in the previous period (%lld)."),
		    (long long)before);
	else {
		double change = fabs((double)(now - before) / (double)before * 100);
		add(t,
		    now > before ? L(l, "，比上期（%lld 件）增加 %.0f%%。", "，比上期（%lld 件）增加 %.0f%%。",
				     ", up %2$.0f%% from %1$lld in the previous period.")
				 : L(l, "，比上期（%lld 件）减少 %.0f%%。", "，比上期（%lld 件）減少 %.0f%%。",
				     ", down %2$.0f%% from %1$lld in the previous period."),
		    (long long)before, change);
	}
	const struct report_stats *s = &r->cur;
	if (s->still_open)
		add(t, en1(l, s->still_open, " %lld is not closed yet.", " %lld of them are not closed yet.",
			   L(l, "其中 %lld 件尚未结案。", "其中 %lld 件尚未結案。", "")),
		    (long long)s->still_open);
}

static void causes(struct text *t, int l, const struct report *r)
{
	const struct report_stats *s = &r->cur;
	const struct tally_list *c = &s->by_cause;
	if (!c->n) {
		if (s->received)
			add(t, "%s", L(l, "尚无投诉判定了原因。", "尚無客訴判定了原因。",
				      "No complaint has its cause judged yet."));
		return;
	}
	add(t, "%s", L(l, "主要原因：", "主要原因：", "The main causes: "));
	for (int i = 0; i < c->n && i < 3; i++) {
		const struct wf_cause *k = wf_cause_find(r->causes, c->rows[i].key);
		add(t, L(l, "%s%s %lld 件（%.0f%%）", "%s%s %lld 件（%.0f%%）", "%s%s %lld (%.0f%%)"), sep(l, i),
		    k ? k->label[l] : c->rows[i].key, (long long)c->rows[i].n,
		    (double)c->rows[i].n / (double)c->total * 100);
	}
	add(t, "%s", L(l, "。", "。", "."));
	if (s->cause_not_judged)
		add(t, L(l, "另有 %lld 件尚未判定原因。", "另有 %lld 件尚未判定原因。",
			 " %lld more have no cause judged yet."),
		    (long long)s->cause_not_judged);
}

static void clocks(struct text *t, int l, const struct report *r)
{
	static const char *const names[RK__COUNT][3] = {
		{"受理确认", "受理確認", "acknowledgment"},
		{"首次响应", "首次回應", "first response"},
		{"解决", "解決", "resolution"},
		{"回访", "回訪", "follow-up"}};
	const struct report_stats *s = &r->cur;
	int64_t open, n = all_breaches(s, &open);
	if (!n)
		add(t, "%s", L(l, "没有时限超时。", "沒有時限逾時。", "No clock was breached."));
	else {
		add(t, L(l, "时限超时 %lld 次（", "時限逾時 %lld 次（", "%lld clocks were breached ("),
		    (long long)n);
		int i = 0;
		for (int k = 0; k < RK__COUNT; k++)
			if (s->clocks[k].breached)
				add(t, L(l, "%s%s %lld", "%s%s %lld", "%s%s %lld"), sep(l, i++),
				    names[k][l], (long long)s->clocks[k].breached);
		add(t, "%s", L(l, "）", "）", ")"));
		if (open)
			add(t, L(l, "，其中 %lld 次至今未完成。", "，其中 %lld 次至今未完成。",
				 ", %lld of them not done yet."),
			    (long long)open);
		else
			add(t, "%s", L(l, "。", "。", "."));
	}
	if (s->resolution_n)
		add(t, L(l, "本期办结 %lld 件，从登记到解决的用时中位数 %.1f 个工作小时。",
			 "本期辦結 %lld 件，從登記到解決的用時中位數 %.1f 個工作小時。",
			 " %lld complaints were resolved, in a median of %.1f working hours from registration."),
		    (long long)s->resolution_n, (double)s->resolution_median_ms / 3600000.0);
	else
		add(t, "%s", L(l, "本期没有办结的投诉。", "本期沒有辦結的客訴。",
			      " No complaint was resolved in the period."));
}

static void satisfaction(struct text *t, int l, const struct report *r)
{
	const struct report_stats *s = &r->cur;
	int64_t rated = 0;
	for (int i = 1; i <= 5; i++)
		rated += s->satisfaction[i];
	if (!rated) {
		add(t, L(l, "回访 %lld 次，没有满意度评分。", "回訪 %lld 次，沒有滿意度評分。",
			 "%lld follow-up callbacks, none with a satisfaction score."),
		    (long long)s->callbacks);
		return;
	}
	add(t, L(l, "回访 %lld 次，%lld 位客户评分，满意度平均 %.1f 分（满分 5 分）",
		 "回訪 %lld 次，%lld 位客戶評分，滿意度平均 %.1f 分（滿分 5 分）",
		 "%lld follow-up callbacks; %lld customers rated the handling %.1f out of 5 on average"),
	    (long long)s->callbacks, (long long)rated, s->satisfaction_avg);
	if (s->closed)
		add(t, L(l, "；结案 %lld 件，其中 %.0f%% 经回访后结案。", "；結案 %lld 件，其中 %.0f%% 經回訪後結案。",
			 "; of %lld complaints closed, %.0f%% were closed after the follow-up."),
		    (long long)s->closed, (double)s->closed_after_follow_up / (double)s->closed * 100);
	else
		add(t, "%s", L(l, "。", "。", "."));
}

static void decisions(struct text *t, int l, const struct report *r)
{
	const struct report_stats *s = &r->cur;
	int i = 0;
	if (!s->awaiting_approval && !s->open_at_management && !s->actions_overdue &&
	    !s->impr_overdue && !s->impr_failed && !s->clocks[RK_RESOLUTION].open_breached) {
		add(t, "%s", L(l, "没有等待管理层决定的事项。", "沒有等待管理層決定的事項。",
			      "Nothing waits for a manager's decision."));
		return;
	}
	add(t, "%s", L(l, "需要决定：", "需要決定：", "Needs a decision: "));
	if (s->awaiting_approval)
		add(t, en1(l, s->awaiting_approval, "%s%lld compensation proposal awaiting approval",
			   "%s%lld compensation proposals awaiting approval",
			   L(l, "%s%lld 笔补偿待审批", "%s%lld 筆補償待審批", "")),
		    sep(l, i++), (long long)s->awaiting_approval);
	if (s->open_at_management)
		add(t, en1(l, s->open_at_management, "%s%lld complaint escalated to management and not closed",
			   "%s%lld complaints escalated to management and not closed",
			   L(l, "%s%lld 件投诉已升级到高层仍未结案", "%s%lld 件客訴已升級到高層仍未結案", "")),
		    sep(l, i++), (long long)s->open_at_management);
	if (s->clocks[RK_RESOLUTION].open_breached)
		add(t, en1(l, s->clocks[RK_RESOLUTION].open_breached,
			   "%s%lld complaint past its resolution target and not resolved",
			   "%s%lld complaints past their resolution target and not resolved",
			   L(l, "%s%lld 件投诉超过解决时限仍未解决", "%s%lld 件客訴超過解決時限仍未解決", "")),
		    sep(l, i++), (long long)s->clocks[RK_RESOLUTION].open_breached);
	if (s->actions_overdue)
		add(t, en1(l, s->actions_overdue, "%s%d task handed to a department overdue",
			   "%s%d tasks handed to departments overdue",
			   L(l, "%s%d 项交办部门的事项逾期", "%s%d 項交辦部門的事項逾期", "")),
		    sep(l, i++), s->actions_overdue);
	if (s->impr_overdue)
		add(t, en1(l, s->impr_overdue, "%s%lld improvement action overdue",
			   "%s%lld improvement actions overdue",
			   L(l, "%s%lld 项改进措施逾期", "%s%lld 項改善措施逾期", "")),
		    sep(l, i++), (long long)s->impr_overdue);
	if (s->impr_failed)
		add(t, en1(l, s->impr_failed, "%s%lld improvement action that did not work, open again",
			   "%s%lld improvement actions that did not work, open again",
			   L(l, "%s%lld 项改进措施未见效、已重新打开", "%s%lld 項改善措施未見效、已重新開啟", "")),
		    sep(l, i++), (long long)s->impr_failed);
	add(t, "%s", L(l, "。", "。", "."));
}

int report_conclusion(const struct report *r, const char *lang, struct arena *a,
		      const char *out[REPORT_SENTENCES])
{
	int l = !lang || !strcmp(lang, "zh-CN") ? 0 : !strcmp(lang, "zh-TW") ? 1 : 2;
	void (*parts[REPORT_SENTENCES])(struct text *, int, const struct report *) = {
		volume, causes, clocks, satisfaction, decisions};
	int n = 0;
	for (int i = 0; i < REPORT_SENTENCES; i++) {
		struct text t = {.n = 0};
		t.buf[0] = '\0';
		parts[i](&t, l, r);
		if (t.n)
			out[n++] = arena_strdup(a, t.buf);
	}
	return n;
}
