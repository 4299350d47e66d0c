/*
 * demo_checklists.c - the demo's prevention checklists (自我筛查): the
 * supervisor's daily check of stock and dates, with today's run due, and
 * the weekly check of links, detail pages, prices and the history of
 * complaints, whose last run is finished: the detail page's absolute
 * wording failed and became an improvement action for the department
 * that keeps the shop's pages.
 */
#include <stdio.h>
#include <string.h>

#include "../store/store.h"
#include "../util/arena.h"
#include "../workflow/workflow.h"
#include "cli.h"

#define HOUR (3600 * 1000LL)
#define DAY (24 * HOUR)

static const struct wf_actor supervisor = {.name = "supervisor"};

static const char daily_name[] =
	"{\"zh-CN\":\"每日库存与日期抽查\",\"zh-TW\":\"每日庫存與日期抽查\","
	"\"en\":\"Daily stock and date check\"}";
static const char daily_items[] =
	"[{\"text\":{\"zh-CN\":\"抽查库存，排查变质、破损商品\",\"zh-TW\":\"抽查庫存，排查變質、破損商品\","
	"\"en\":\"Sample the stock for spoilt or damaged goods\"}},"
	"{\"text\":{\"zh-CN\":\"检查生产日期和保质期，临期商品做好标识\",\"zh-TW\":\"檢查生產日期和保存期限，"
	"即期商品做好標示\",\"en\":\"Check the production and expiry dates; mark the goods near"
	" expiry\"}}]";
static const char weekly_name[] =
	"{\"zh-CN\":\"每周链接与详情页检查\",\"zh-TW\":\"每週連結與詳情頁檢查\","
	"\"en\":\"Weekly links and detail pages\"}";
static const char weekly_items[] =
	"[{\"text\":{\"zh-CN\":\"检查商品链接和后台设置（价格、库存、运费模板、活动设置）是否正确\","
	"\"zh-TW\":\"檢查商品連結和後台設定（價格、庫存、運費範本、活動設定）是否正確\","
	"\"en\":\"Check the product links and the back-office settings (prices, stock, shipping"
	" templates, promotions)\"}},"
	"{\"text\":{\"zh-CN\":\"检查主图和详情页，杜绝虚假宣传，符合《广告法》\","
	"\"zh-TW\":\"檢查主圖和詳情頁，杜絕虛假宣傳，符合《廣告法》\","
	"\"en\":\"Check the main images and detail pages: no false advertising, in line with the"
	" Advertising Law\"}},"
	"{\"text\":{\"zh-CN\":\"价格、尺码由专人核对（写明核对人）\",\"zh-TW\":\"價格、尺碼由專人核對（寫明核對人）\","
	"\"en\":\"Prices and sizes checked by a named person (name them)\"}},"
	"{\"kind\":\"history\",\"text\":{\"zh-CN\":\"筛查历史投诉，避免同类问题再次发生\","
	"\"zh-TW\":\"篩查歷史客訴，避免同類問題再次發生\",\"en\":\"Screen the history of complaints so"
	" that nothing recurs\"}}]";

struct checklists_job {
	struct store_job job;
	int64_t now;
};

/* The department named, or 0. */
static int64_t department_named(struct store_conn *c, const char *name, struct arena *a,
				struct kesu_err *err)
{
	struct department *ds;
	int n;
	if (store_department_list(c, a, &ds, &n, err))
		return -1;
	for (int k = 0; k < n; k++)
		if (!strcmp(ds[k].name, name))
			return ds[k].id;
	return 0;
}

static int checklists_run(struct store_conn *c, struct store_job *job)
{
	struct checklists_job *j = (struct checklists_job *)job;
	struct kesu_err *err = &job->err;
	struct arena *a = arena_new();
	const struct wf_settings *s = wf_settings(c, err);
	int64_t now = j->now, made = now - 30 * DAY;
	int rc = s ? 0 : -(int)err->code;
	struct checklist daily = {.name = daily_name, .items = daily_items,
				  .owner_role = "supervisor", .frequency = "daily", .active = 1};
	struct checklist weekly = {.name = weekly_name, .items = weekly_items,
				   .owner_role = "supervisor", .frequency = "weekly", .active = 1};
	if (!rc)
		rc = wf_checklist_create(c, &daily, &supervisor, made, a, err);
	if (!rc)
		rc = wf_checklist_create(c, &weekly, &supervisor, made, a, err);
	/* the weekly check's last run: its week's first working day, before today */
	int32_t today = cal_day_of(now), day = today - 1;
	while (!rc && day > today - 14 && !wf_checklist_falls_due(&s->cal, "weekly", day))
		day--;
	struct checklist_run r = {0};
	int64_t start = cal_day_start(day) + 9 * HOUR + 40 * 60 * 1000LL;
	if (!rc)
		rc = wf_checklist_start(c, &weekly, day, NULL, wf_checklist_day_end(&s->cal, day),
					&wf_system, start, &r, err);
	struct checklist_answer answers[] = {
		{.n = 1, .result = "pass", .note = "链接、运费模板和满减活动设置已逐一核对"},
		{.n = 2, .result = "fail",
		 .note = "电饭煲详情页仍写着“全网最低价”“最好用”，属绝对化用语，违反《广告法》"},
		{.n = 3, .result = "pass", .note = "价格、尺码表已由许婷核对"},
		{.n = 4, .result = "pass", .note = "近90天原因以质量问题、物流配送居多，相关措施在跟进"},
	};
	if (!rc && r.id)
		rc = wf_checklist_answer(c, &r, answers, 4, &supervisor, start + HOUR, err);
	int64_t dept = rc ? 0 : department_named(c, "网络运维部", a, err);
	if (dept < 0)
		rc = -(int)err->code;
	if (!rc && r.id && dept) {
		struct improvement_action x = {
			.cause = "advertising",
			.department_id = dept,
			.what = "下架详情页中的绝对化用语，上新前由运营与法务双人审核文案",
			.due_at = start + 14 * DAY,
		};
		rc = wf_checklist_item_action(c, &r, 2, &x, &supervisor, start + HOUR + 5 * 60 * 1000LL,
					      a, err);
	}
	if (!rc && r.id)
		rc = wf_checklist_finish(c, &r, &supervisor, start + 2 * HOUR, a, err);
	/* today's daily check, due by the end of today's work (the next
	 * working day's after hours) */
	day = today;
	while (!rc && (!cal_is_workday(&s->cal, day) ||
		       wf_checklist_day_end(&s->cal, day) <= now) && day < today + 14)
		day++;
	if (!rc)
		rc = wf_checklist_start(c, &daily, day, NULL, wf_checklist_day_end(&s->cal, day),
					&wf_system, now, &r, err);
	arena_free(a);
	return rc;
}

int demo_checklists(struct store *s, int64_t now, struct kesu_err *err)
{
	struct checklists_job j = {.job.run = checklists_run, .now = now};
	int rc = store_run(s, &j.job);
	if (rc)
		*err = j.job.err;
	else
		printf("kesu: loaded the demo's prevention checklists (自我筛查): a weekly one"
		       " finished with a failed item made an improvement action, and today's daily"
		       " one due\n");
	return rc;
}
