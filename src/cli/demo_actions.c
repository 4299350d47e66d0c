/*
 * demo_actions.c - the demo's improvement actions: what the month's
 * complaints taught the team, handed to its departments. Two were done a
 * month ago and have their verdicts from the demo's own complaints (the
 * prices one worked, the deliveries one did not and is open again), one
 * is done and waits for its verdict, one is overdue, one was proposed
 * from the causes Pareto, one from the kettle incident.
 */
#include <string.h>

#include "../store/store.h"
#include "../workflow/workflow.h"
#include "demo_int.h"

#define DAY_MS (24 * 3600 * 1000LL)

/* An action of the story: made `made` days ago (at 10:00), accepted a
 * day later, reported done on the day `done` days ago (0: not done),
 * dropped never; `refs` the objects of the complaints that led to it. */
static const struct demo_action {
	const char *cause, *category, *what, *evidence, *origin;
	int dept, made, due, done;
	const char *refs[4];
	int tell, incident;
} stories[] = {
	{"price", "价格/收费", "会员日活动价、安装费在下单页逐项列明，结算前再显示一次应付总额",
	 "下单页与结算页已改版上线，附改版前后截图；客服话术同步更新", "pareto", 0, 36, 10, 32,
	 {"会员", "SKU-KT-1.5P", "打车", NULL}, 1, 0},
	{"logistics", "物流配送", "大件商品改为预约送货，送货前一天电话确认时间",
	 "已与两家承运商签订预约送货补充协议", "complaint", 1, 36, 10, 32,
	 {"SKU-TV-55", "MT20261026066", NULL}, 0, 0},
	{"policy", "制度/流程问题", "会员自动续费前七天短信提醒，并在App首页可一键关闭",
	 "续费提醒短信与一键关闭已上线", "complaint", 0, 20, 14, 5,
	 {"12315-2026-1120-0457", "TW-88120345", NULL}, 0, 0},
	{"attitude", "服务态度", "门店一线人员投诉应对培训：先致歉、先倾听、不争辩", NULL, "complaint", 0, 18,
	 12, 0, {"门店 GZ-TH-03", "工号0127", NULL}, 0, 0},
	{"advertising", "虚假宣传", "商品详情页宣传用语逐条对照广告法审核，删除“最”“第一”等用语", NULL,
	 "pareto", 2, 2, 21, 0, {"SKU-XFS-200", "JD202610200301", NULL}, 0, 0},
	{"quality", "质量问题", "电热水壶该批次全检，温控器更换供应商前每批抽检", NULL, "incident", 2, 5,
	 25, 0, {NULL}, 1, 1},
};

static int64_t at_ten(int64_t now, int days_ago)
{
	int32_t d = cal_day_of(now) - days_ago;
	return cal_day_start(d) + 10 * 3600 * 1000LL;
}

/* The demo's kettle incident (the one confirmed about the kettles),
 * whatever its number; 0 if the demo holds none. */
static int64_t kettle_incident(struct store_conn *c, struct arena *a, struct kesu_err *err)
{
	struct incident *items;
	int n = 0, more = 0;
	if (store_incidents_list(c, NULL, 0, 20, a, &items, &n, &more, err))
		return 0;
	for (int i = 0; i < n; i++)
		if (strstr(items[i].title, "电热水壶"))
			return items[i].id;
	return 0;
}

static int one(struct store_conn *c, const struct demo_action *st, const struct demo_cast *cast,
	       int64_t now, struct arena *a, struct kesu_err *err)
{
	const struct wf_actor *sup = cast->supervisor;
	int64_t made = at_ten(now, st->made);
	struct improvement_action x = {
		.cause = st->cause,
		.category = st->category,
		.what = st->what,
		.department_id = cast->dept[st->dept],
		.due_at = made + (int64_t)st->due * DAY_MS,
		.origin = st->origin,
		.team_id = cast->team_id,
		.owner_id = sup->user_id,
		.tell_customers = st->tell,
	};
	if (st->incident && !(x.incident_id = kettle_incident(c, a, err)))
		return err->code ? -(int)err->code : 0;
	int64_t ids[8];
	int n = 0;
	for (int k = 0; k < 4 && st->refs[k]; k++)
		for (int i = 0; i < cast->nrefs && n < 8; i++)
			if (!strcmp(cast->refs[i].ref, st->refs[k]))
				ids[n++] = cast->refs[i].id;
	int rc = wf_action_create(c, &x, ids, n, sup, made, a, err);
	if (!rc && st->made > 2)
		rc = wf_action_accept(c, &x, NULL, sup, made + DAY_MS, err);
	if (!rc && st->done) {
		int64_t done_on = cal_day_start(cal_day_of(now) - st->done);
		rc = wf_action_done(c, &x, st->evidence, done_on, sup, done_on + 11 * 3600 * 1000LL,
				    err);
		/* judged when its window passed, as the scheduler would have */
		if (!rc && x.verify_at <= now)
			rc = wf_action_judge(c, &x, x.verify_at + 3600 * 1000LL, a, err);
	}
	return rc;
}

int demo_actions(struct store_conn *c, const struct demo_cast *cast, int64_t now, int *made,
		 struct kesu_err *err)
{
	*made = 0;
	for (size_t i = 0; i < sizeof stories / sizeof *stories; i++) {
		struct arena *a = arena_new();
		int rc = one(c, &stories[i], cast, now, a, err);
		arena_free(a);
		if (rc)
			return rc;
		(*made)++;
	}
	return 0;
}
