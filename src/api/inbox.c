/*
 * inbox.c - GET /api/v1/inbox and its read marks: the workspace notices
 * the workflow wrote for the caller (by user, role and team, or as the
 * complaint's assignee), newest first, each with a line in the three
 * languages of the workspace.
 */
#include "api.h"

#include <stdio.h>
#include <string.h>

#include "../auth/roles.h"
#include "../http/auth.h"
#include "../util/clock.h"

#define INBOX_LIMIT_MAX 100

/* The line of each kind of notice, "%s" the tracking number. */
static const struct {
	const char *kind;
	const char *line[3]; /* zh-CN, zh-TW, en */
} lines[] = {
	{"assigned", {"投诉 %s 已分派给你", "投訴 %s 已分派給你", "Complaint %s was assigned to you"}},
	{"handed_over",
	 {"投诉 %s 已转交给你或你的团队", "投訴 %s 已轉交給你或你的團隊",
	  "Complaint %s was handed over to you or your team"}},
	{"approval_needed",
	 {"投诉 %s 的补偿等待你审批", "投訴 %s 的補償等待你審批",
	  "A compensation on complaint %s waits for your approval"}},
	{"approval_decided",
	 {"投诉 %s 的补偿审批已有结果", "投訴 %s 的補償審批已有結果",
	  "The compensation you proposed on complaint %s was decided"}},
	{"plan_answered",
	 {"投诉 %s 的客户已答复方案", "投訴 %s 的客戶已答覆方案",
	  "The customer of complaint %s answered the plan"}},
	{"customer_wrote",
	 {"投诉 %s 的客户发来新消息", "投訴 %s 的客戶發來新訊息",
	  "The customer of complaint %s wrote"}},
	{"demand_corrected",
	 {"投诉 %s 的客户更正了诉求", "投訴 %s 的客戶更正了訴求",
	  "The customer of complaint %s corrected their demand"}},
	{"appointment_due",
	 {"投诉 %s 的约定时间到了", "投訴 %s 的約定時間到了",
	  "An appointment on complaint %s is due"}},
	{"appointment_missed",
	 {"投诉 %s 的约定已错过", "投訴 %s 的約定已錯過",
	  "An appointment on complaint %s was missed"}},
	{"clock_warning",
	 {"投诉 %s 的时限即将到期", "投訴 %s 的時限即將到期",
	  "A deadline of complaint %s is about to pass"}},
	{"clock_breached",
	 {"投诉 %s 已超过时限", "投訴 %s 已超過時限", "A deadline of complaint %s has passed"}},
	{"task_answered",
	 {"投诉 %s 的部门协办已回复", "投訴 %s 的部門協辦已回覆",
	  "A department answered its task on complaint %s"}},
	{"task_overdue",
	 {"投诉 %s 的部门协办已逾期", "投訴 %s 的部門協辦已逾期",
	  "A department's task on complaint %s is overdue"}},
	{"escalated",
	 {"投诉 %s 已升级到你这一级", "投訴 %s 已升級到你這一級",
	  "Complaint %s was escalated to your level"}},
	{"second_complaint",
	 {"投诉 %s 的客户再次投诉", "投訴 %s 的客戶再次投訴",
	  "The customer of complaint %s complained again"}},
	{"key_customer",
	 {"重点客户登记了投诉 %s", "重點客戶登記了投訴 %s",
	  "A key customer registered complaint %s"}},
	{"visits_planned",
	 {"投诉 %s 已排定回访", "投訴 %s 已排定回訪", "Visits were planned for complaint %s"}},
	{"visit_missed",
	 {"投诉 %s 的回访已逾期", "投訴 %s 的回訪已逾期",
	  "A visit for complaint %s is overdue"}},
	{"remedy_needs_manager",
	 {"投诉 %s 超过客户的让步上限，事件补偿需经理决定", "投訴 %s 超過顧客的讓步上限，事件補償需經理決定",
	  "Complaint %s passes its customer's concession cap: the incident's remedy needs a manager"}},
	/* about an incident or a handling notice: %s is its title */
	{"incident_proposed",
	 {"发现疑似集体投诉：%s，请确认或驳回", "發現疑似集體客訴：%s，請確認或駁回",
	  "Possible incident: %s; confirm or dismiss it"}},
	{"checklist_overdue",
	 {"自我筛查「%s」已逾期，请尽快完成", "自我篩查「%s」已逾期，請盡快完成",
	  "The checklist \"%s\" is overdue: finish it"}},
	{"handling_notice",
	 {"新的处理通知：%s，请阅读并确认", "新的處理通知：%s，請閱讀並確認",
	  "New handling notice: %s; read and confirm it"}},
	{"lesson_published",
	 {"新的培训课：%s，请学习并确认", "新的培訓課：%s，請學習並確認",
	  "New lesson: %s; read and confirm it"}},
	{"remedy_approval_needed",
	 {"事件「%s」的补偿标准等待你审批", "事件「%s」的補償標準等待你審批",
	  "The remedy standard of incident \"%s\" waits for your approval"}},
	{"remedy_decided",
	 {"事件「%s」的补偿标准已审批", "事件「%s」的補償標準已審批",
	  "The remedy standard of incident \"%s\" was decided"}},
	{"remedy_total_reached",
	 {"投诉 %s 加入事件时补偿已达批准总额，未获补偿，请重新决定", "投訴 %s 加入事件時補償已達核准總額，未獲補償，請重新決定",
	  "Complaint %s joined when the remedy had reached its approved total: it got none, decide again"}},
	/* about an improvement action: %s is what it changes */
	{"action_overdue",
	 {"改进措施「%s」已逾期", "改善措施「%s」已逾期",
	  "Improvement action \"%s\" is overdue"}},
	{"action_failed",
	 {"改进措施「%s」未见效，已重新打开", "改善措施「%s」未見效，已重新開啟",
	  "Improvement action \"%s\" did not work: it is open again"}},
	{"action_verified",
	 {"改进措施「%s」已见效", "改善措施「%s」已見效",
	  "Improvement action \"%s\" worked"}},
};
static const char *const langs[3] = {"zh-CN", "zh-TW", "en"};

static json_t *line_of(const char *kind, const char *tracking_no)
{
	json_t *o = json_object();
	for (size_t k = 0; k < sizeof lines / sizeof *lines; k++) {
		if (strcmp(lines[k].kind, kind) != 0)
			continue;
		for (int l = 0; l < 3; l++) {
			char buf[256];
			snprintf(buf, sizeof buf, lines[k].line[l], tracking_no);
			json_object_set_new(o, langs[l], json_string(buf));
		}
		return o;
	}
	/* a kind this table does not know yet still says which complaint */
	static const char *const other[3] = {"投诉 %s 有新通知", "投訴 %s 有新通知",
					     "A notice about complaint %s"};
	for (int l = 0; l < 3; l++) {
		char buf[256];
		snprintf(buf, sizeof buf, other[l], tracking_no);
		json_object_set_new(o, langs[l], json_string(buf));
	}
	return o;
}

static void who_of(const struct principal *p, struct inbox_who *w)
{
	w->user_id = p->user_id;
	w->role = p->role >= 0 && p->role < ROLE__COUNT ? roles[p->role].name : "";
	/* the role's reach, not the token's scope: a narrower token reads the
	 * same inbox */
	w->all_teams = p->role >= 0 && p->role < ROLE__COUNT &&
		       (roles[p->role].perms & P_ALL_TEAMS);
}

int inbox_list(struct http_request *req)
{
	struct kesu_err err = {0};
	struct arena *a = http_arena(req);
	struct inbox_who w;
	who_of(http_principal(req), &w);
	int limit, unread_only = 0;
	int64_t before = 0, unused;
	const char *v;
	if (api_limit(req, 50, INBOX_LIMIT_MAX, &limit, &err))
		return http_reply_error(req, &err);
	if ((v = http_query(req, "unread"))) {
		if (strcmp(v, "0") != 0 && strcmp(v, "1") != 0) {
			kesu_fail(&err, KE_INVALID_VALUE, "unread", "must be 0 or 1");
			return http_reply_error(req, &err);
		}
		unread_only = v[0] == '1';
	}
	if ((v = http_query(req, "cursor")) && api_cursor_decode(v, 'i', &unused, &before, &err))
		return http_reply_error(req, &err);
	struct store_conn *c = http_reader(req, &err);
	struct inbox_item *items;
	int n;
	int64_t unread;
	/* one more than asked tells whether a next page exists */
	if (!c || store_inbox_list(c, &w, before, unread_only, limit + 1, a, &items, &n, &err) ||
	    store_inbox_unread(c, &w, &unread, &err))
		return http_reply_error(req, &err);
	int more = n > limit;
	if (more)
		n = limit;
	json_t *arr = json_array();
	for (int i = 0; i < n; i++) {
		char at[40];
		json_t *d = json_loads(items[i].data, 0, NULL);
		/* a notice about no complaint (an incident, a handling notice)
		 * names its title */
		const char *about = items[i].tracking_no;
		if (!about)
			about = json_string_value(json_object_get(d, "title"));
		json_array_append_new(
			arr, json_pack("{s:I,s:s,s:s?,s:s,s:b,s:o,s:o}", "id", (json_int_t)items[i].id,
				       "kind", items[i].kind, "tracking_no", items[i].tracking_no,
				       "created_at", clock_format(items[i].created_at, at, sizeof at),
				       "read", items[i].read, "line",
				       line_of(items[i].kind, about ? about : ""), "data",
				       d ? d : json_object()));
	}
	const char *next = more ? api_cursor_encode(a, 'i', 0, items[n - 1].id) : NULL;
	return http_reply_json(req, 200,
			       json_pack("{s:o,s:I,s:s?}", "items", arr, "unread_count",
					 (json_int_t)unread, "next_cursor", next));
}

struct inbox_job {
	struct store_job job;
	struct inbox_who w;
	int64_t id, upto, unread;
};

static int inbox_run(struct store_conn *c, struct store_job *job)
{
	struct inbox_job *j = (struct inbox_job *)job;
	int rc = j->id ? store_inbox_read(c, &j->w, j->id, &job->err)
		       : store_inbox_read_all(c, &j->w, &j->upto, &job->err);
	return rc ? rc : store_inbox_unread(c, &j->w, &j->unread, &job->err);
}

static int inbox_finish(struct http_request *req, struct store_job *job)
{
	struct inbox_job *j = (struct inbox_job *)job;
	if (job->rc)
		return http_reply_error(req, &job->err);
	json_t *o = json_pack("{s:I}", "unread_count", (json_int_t)j->unread);
	if (j->id)
		json_object_set_new(o, "id", json_integer(j->id));
	else
		json_object_set_new(o, "read_upto", json_integer(j->upto));
	return http_reply_json(req, 200, o);
}

static struct inbox_job *inbox_job_new(struct http_request *req)
{
	struct inbox_job *j = arena_zalloc(http_arena(req), sizeof *j);
	j->job.run = inbox_run;
	who_of(http_principal(req), &j->w);
	return j;
}

int inbox_read(struct http_request *req)
{
	struct kesu_err err = {0};
	struct inbox_job *j = inbox_job_new(req);
	if (api_id(http_param(req, 0), &j->id, &err))
		return http_reply_error(req, &err);
	return http_defer(req, &j->job, inbox_finish);
}

int inbox_read_all(struct http_request *req)
{
	return http_defer(req, &inbox_job_new(req)->job, inbox_finish);
}
