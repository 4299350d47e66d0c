/*
 * enums.c - the enumerations and their labels (see enums.h).
 */
#include "enums.h"

#include <stdio.h>
#include <string.h>

#include "state.h"

const struct enum_value en_language[] = {
	{"zh-CN", {"简体中文", "簡體中文", "Simplified Chinese"}, 0},
	{"zh-TW", {"繁体中文", "繁體中文", "Traditional Chinese"}, 0},
	{"en", {"英语", "英語", "English"}, 0},
	{NULL}
};
const struct enum_value en_channel[] = {
	{"web", {"网站", "網站", "Web"}, 0},
	{"app", {"App", "App", "App"}, 0},
	{"email", {"邮件", "郵件", "E-mail"}, 0},
	{"phone", {"电话", "電話", "Phone"}, 0},
	{"store", {"门店", "門市", "Store"}, 0},
	{"platform", {"平台", "平台", "Platform"}, 0},
	{"social", {"社交媒体", "社群媒體", "Social media"}, 0},
	{"regulator", {"监管转办（12315）", "監管轉辦（12315）", "Regulator (12315)"}, EV_REGULATOR},
	{NULL}
};
const struct enum_value en_object_kind[] = {
	{"product", {"商品", "商品", "Product"}, 0},
	{"order", {"订单", "訂單", "Order"}, 0},
	{"service", {"服务", "服務", "Service"}, 0},
	{"staff", {"员工", "員工", "Staff"}, 0},
	{"store", {"门店", "門市", "Store"}, 0},
	{"other", {"其他", "其他", "Other"}, 0},
	{NULL}
};
const struct enum_value en_resolution[] = {
	{"refund", {"退款", "退款", "Refund"}, 0},
	{"exchange", {"换货", "換貨", "Exchange"}, 0},
	{"repair", {"维修", "維修", "Repair"}, 0},
	{"compensation", {"赔偿", "賠償", "Compensation"}, 0},
	{"apology", {"道歉", "道歉", "Apology"}, 0},
	{"explanation", {"解释说明", "解釋說明", "Explanation"}, 0},
	{"other", {"其他", "其他", "Other"}, 0},
	{NULL}
};
const struct enum_value en_severity[] = {
	{"low", {"低", "低", "Low"}, 0},
	{"normal", {"一般", "一般", "Normal"}, 0},
	{"high", {"高", "高", "High"}, 0},
	{"critical", {"紧急", "緊急", "Critical"}, 0},
	{NULL}
};
const struct enum_value en_emotion[] = {
	{"calm", {"平静", "平靜", "Calm"}, 0},
	{"upset", {"不满", "不滿", "Upset"}, 0},
	{"angry", {"愤怒", "憤怒", "Angry"}, 0},
	{"furious", {"暴怒", "暴怒", "Furious"}, 0},
	{NULL}
};
const struct enum_value en_mindset[] = {
	{"vent", {"求发泄", "求發洩", "To vent"}, 0},
	{"respect", {"求尊重", "求尊重", "To be respected"}, 0},
	{"compensation", {"求补偿", "求補償", "To be compensated"}, 0},
	{NULL}
};
const struct enum_value en_responsibility[] = {
	{"ours", {"我方责任", "我方責任", "Our fault"}, 0},
	{"customer", {"客户原因", "客戶原因", "The customer's side"}, 0},
	{"third_party", {"第三方", "第三方", "A third party"}, 0},
	{"unclear", {"尚不明确", "尚不明確", "Not clear yet"}, 0},
	{NULL}
};
const struct enum_value en_validity[] = {
	{"valid", {"成立", "成立", "Valid"}, 0},
	{"invalid", {"不成立", "不成立", "Invalid"}, 0},
	{"duplicate", {"重复投诉", "重複客訴", "Duplicate"}, 0},
	{"malicious", {"恶意投诉", "惡意客訴", "Malicious"}, 0},
	{NULL}
};
const struct enum_value en_conversation_channel[] = {
	{"phone", {"电话", "電話", "Phone"}, 0},
	{"sms", {"短信", "簡訊", "SMS"}, 0},
	{"email", {"邮件", "郵件", "E-mail"}, 0},
	{"chat", {"在线聊天", "線上聊天", "Chat"}, 0},
	{"video", {"视频", "視訊", "Video"}, 0},
	{"in_person", {"当面", "當面", "In person"}, 0},
	{"visit", {"上门拜访", "到府拜訪", "Visit"}, 0},
	{NULL}
};
const struct enum_value en_odr_means[] = {
	{"phone", {"电话", "電話", "Phone"}, 0},
	{"online", {"线上", "線上", "Online"}, 0},
	{"in_person", {"当面", "當面", "In person"}, 0},
	{NULL}
};
const struct enum_value en_customer_type[] = {
	{"normal", {"普通", "普通", "Ordinary"}, 0},
	{"wants_to_be_heard", {"想被倾听", "想被傾聽", "Wants to be heard"}, 0},
	{"needs_explanation", {"需要解释", "需要解釋", "Needs explanation"}, 0},
	{"difficult", {"难缠", "難纏", "Difficult"}, 0},
	{"expert", {"行家", "行家", "Expert"}, 0},
	{NULL}
};
const struct enum_value en_level[] = {
	{"agent", {"一线客服", "一線客服", "Front line"}, 0},
	{"supervisor", {"主管", "主管", "Supervisor"}, 0},
	{"management", {"高层", "高層", "Management"}, 0},
	{"platform", {"平台介入", "平台介入", "Platform"}, 0},
	{"pr", {"公关", "公關", "PR"}, 0},
	{NULL}
};
const struct enum_value en_escalation_cause[] = {
	{"request", {"应要求升级", "應要求升級", "On request"}, 0},
	{"breach", {"时限超时", "時限逾時", "A clock was breached"}, EV_SYSTEM},
	{"reopen", {"再次重开", "再次重開", "Reopened again"}, EV_SYSTEM},
	{"threat", {"有扩散风险", "有擴散風險", "Threatens to spread"}, EV_SYSTEM},
	{"customer_demands_management", {"客户坚持要求高层处理", "客戶堅持要求高層處理", "The customer insists on management"}, EV_TO_MANAGEMENT},
	{"major_interest", {"涉及重大利益", "涉及重大利益", "Major interests at stake"}, EV_TO_MANAGEMENT},
	{NULL}
};
const struct enum_value en_compensation_kind[] = {
	{"refund", {"退款", "退款", "Refund"}, EV_MATERIAL},
	{"discount", {"折扣", "折扣", "Discount"}, 0},
	{"coupon", {"优惠券", "優惠券", "Coupon"}, EV_MATERIAL},
	{"gift", {"赠品", "贈品", "Gift"}, 0},
	{"free_service", {"免费服务", "免費服務", "Free service"}, 0},
	{"exchange", {"换货", "換貨", "Exchange"}, EV_MATERIAL},
	{"repair", {"维修", "維修", "Repair"}, EV_MATERIAL},
	{"cash", {"经济赔偿", "經濟賠償", "Cash"}, EV_MATERIAL},
	{"free_shipping", {"包邮", "免運", "Free shipping"}, 0},
	{"meal_voucher", {"餐券", "餐券", "Meal voucher"}, EV_MATERIAL},
	{"hotel_voucher", {"住宿券", "住宿券", "Hotel voucher"}, EV_MATERIAL},
	{"rebooking", {"免费改签", "免費改簽", "Rebooking"}, 0},
	{"absorbed_cost", {"费用由我方承担", "費用由我方承擔", "Cost absorbed"}, 0},
	{NULL}
};
const struct enum_value en_compensation_state[] = {
	{"pending", {"待审批", "待審批", "pending"}, 0},
	{"granted", {"已给予", "已給予", "granted"}, 0},
	{"rejected", {"已驳回", "已駁回", "rejected"}, 0},
	{NULL}
};
const struct enum_value en_plan_state[] = {
	{"proposed", {"待客户答复", "待客戶答覆", "Waiting for the answer"}, 0},
	{"accepted", {"客户接受", "客戶接受", "Accepted"}, 0},
	{"declined", {"客户拒绝", "客戶拒絕", "Declined"}, 0},
	{"counter_offer", {"客户还价", "客戶還價", "Counter offer"}, 0},
	{"superseded", {"已被新方案取代", "已被新方案取代", "Superseded"}, 0},
	{NULL}
};
const struct enum_value en_plan_answer[] = {
	{"accepted", {"客户接受", "客戶接受", "Accepted"}, 0},
	{"declined", {"客户拒绝", "客戶拒絕", "Declined"}, 0},
	{"counter_offer", {"客户还价", "客戶還價", "Counter offer"}, 0},
	{NULL}
};
const struct enum_value en_demand_state[] = {
	{"pending", {"待客户确认", "待客戶確認", "Waiting for the customer"}, EV_SYSTEM},
	{"confirmed", {"客户已确认", "客戶已確認", "Confirmed"}, 0},
	{"corrected", {"客户已更正", "客戶已更正", "Corrected"}, 0},
	{"superseded", {"已被新复述取代", "已被新複述取代", "Superseded"}, EV_SYSTEM},
	{NULL}
};
const struct enum_value en_demand_answer[] = {
	{"confirmed", {"确认", "確認", "Confirm"}, 0},
	{"corrected", {"更正", "更正", "Correct it"}, 0},
	{NULL}
};
const struct enum_value en_appointment_state[] = {
	{"scheduled", {"已约定", "已約定", "scheduled"}, EV_SYSTEM},
	{"done", {"已完成", "已完成", "done"}, 0},
	{"missed", {"错过了", "錯過了", "missed"}, 0},
	{"cancelled", {"已取消", "已取消", "cancelled"}, 0},
	{NULL}
};
const struct enum_value en_identity_method[] = {
	{"order_number", {"订单号核对", "訂單號核對", "Order number"}, 0},
	{"phone_verification", {"电话验证", "電話驗證", "Phone verification"}, 0},
	{"in_person", {"当面核实", "當面核實", "In person"}, 0},
	{NULL}
};
const struct enum_value en_callback_method[] = {
	{"phone", {"电话", "電話", "Phone"}, 0},
	{"sms", {"短信", "簡訊", "SMS"}, 0},
	{"email", {"邮件", "郵件", "E-mail"}, 0},
	{"letter", {"信函", "信函", "Letter"}, 0},
	{"visit", {"上门", "到府", "Visit"}, 0},
	{"chat", {"在线聊天", "線上聊天", "Chat"}, 0},
	{"portal", {"进度页评价", "進度頁評價", "Status page"}, EV_SYSTEM},
	{NULL}
};
const struct enum_value en_visit_method[] = {
	{"call", {"电话拜访", "電話拜訪", "Call"}, 0},
	{"visit", {"上门拜访", "登門拜訪", "Visit"}, 0},
	{NULL}
};
const struct enum_value en_visit_state[] = {
	{"planned", {"待拜访", "待拜訪", "planned"}, EV_SYSTEM},
	{"done", {"已拜访", "已拜訪", "done"}, 0},
	{"missed", {"逾期未访", "逾期未訪", "missed"}, EV_SYSTEM},
	{NULL}
};
const struct enum_value en_task_state[] = {
	{"open", {"进行中", "進行中", "open"}, 0},
	{"answered", {"已答复", "已答覆", "answered"}, 0},
	{NULL}
};
const struct enum_value en_clock[] = {
	{"acknowledge", {"受理", "受理", "Acknowledge"}, 0},
	{"first_response", {"首次响应", "首次回應", "First response"}, 0},
	{"resolution", {"解决", "解決", "Resolution"}, 0},
	{"negotiation", {"12315 协商", "12315 協商", "12315 negotiation"}, 0},
	{"follow_up", {"回访", "回訪", "Follow-up"}, 0},
	{"callback", {"电话回访", "電話回訪", "Phone callback"}, 0},
	{NULL}
};
const struct enum_value en_clock_state[] = {
	{"running", {"计时中", "計時中", "running"}, 0},
	{"paused", {"已暂停", "已暫停", "paused"}, 0},
	{"met", {"已达成", "已達成", "met"}, 0},
	{"breached", {"已超时", "已逾時", "breached"}, 0},
	{NULL}
};
const struct enum_value en_queue[] = {
	{"all", {"全部", "全部", "All"}, 0},
	{"mine", {"我的", "我的", "Mine"}, 0},
	{"team", {"我的团队", "我的團隊", "My team"}, 0},
	{"unassigned", {"未分配", "未分配", "Unassigned"}, 0},
	{"due_soon", {"即将到期", "即將到期", "Due soon"}, 0},
	{"breached", {"已超时", "已逾時", "Breached"}, 0},
	{"escalated", {"已升级", "已升級", "Escalated"}, 0},
	{"approval", {"待审批", "待審批", "Awaiting approval"}, 0},
	{"follow_up", {"待回访", "待回訪", "Follow-ups due"}, 0},
	{"appointments", {"错过的预约", "錯過的預約", "Missed appointments"}, 0},
	{"second", {"二次投诉", "二次客訴", "Second complaints"}, 0},
	{NULL}
};
const struct enum_value en_sort[] = {
	{"newest", {"最新", "最新", "Newest"}, 0},
	{"oldest", {"最早", "最早", "Oldest"}, 0},
	{"due", {"最急", "最急", "Most urgent"}, 0},
	{NULL}
};

const struct enum_value en_article_status[] = {
	{"draft", {"草稿", "草稿", "Draft"}, 0},
	{"published", {"已发布", "已發佈", "Published"}, 0},
	{NULL}
};

/* The playbooks of neutral and negative reviews (domain.md 8) a response
 * script may be written for. */
const struct enum_value en_script_playbook[] = {
	{"new", {"新评价：马上联系", "新評價：馬上聯絡", "New review: call at once"}, 0},
	{"serious", {"严重问题：24小时后联系", "嚴重問題：24小時後聯絡", "Serious: call after 24 hours"}, 0},
	{"month", {"一个月以上：致歉并表心意", "一個月以上：致歉並表心意", "Over a month: apologise, offer"}, 0},
	{"half_year", {"半年以上：只邀请，不提旧事", "半年以上：只邀請，不提舊事", "Over six months: invite only"}, 0},
	{NULL}
};

const struct enum_value en_incident_state[] = {
	{"proposed", {"待确认", "待確認", "Proposed"}, EV_SYSTEM},
	{"dismissed", {"已驳回", "已駁回", "Dismissed"}, EV_SYSTEM},
	{"open", {"处理中", "處理中", "Open"}, 0},
	{"told", {"已通知客户", "已通知顧客", "Customers told"}, 0},
	{"remedied", {"已补偿", "已補償", "Remedied"}, 0},
	{"closed", {"已结束", "已結束", "Closed"}, 0},
	{NULL}
};
const struct enum_value en_action_state[] = {
	{"proposed", {"待部门接受", "待部門接受", "Proposed"}, 0},
	{"accepted", {"已接受", "已接受", "Accepted"}, 0},
	{"done", {"已完成待验证", "已完成待驗證", "Done, awaiting verification"}, 0},
	{"verified", {"验证有效", "驗證有效", "Verified"}, EV_SYSTEM},
	{"failed", {"验证无效（重开）", "驗證無效（重開）", "Failed (reopened)"}, EV_SYSTEM},
	{"dropped", {"已撤销", "已撤銷", "Dropped"}, 0},
	{NULL}
};
const struct enum_value en_action_origin[] = {
	{"hand", {"手工创建", "手動建立", "By hand"}, 0},
	{"complaint", {"来自投诉", "來自客訴", "From a complaint"}, 0},
	{"pareto", {"来自原因分析", "來自原因分析", "From the causes Pareto"}, 0},
	{"incident", {"来自集体事件", "來自集體事件", "From an incident"}, 0},
	{"checklist", {"来自自我筛查", "來自自我篩查", "From a prevention checklist"}, 0},
	{NULL}
};
const struct enum_value en_checklist_frequency[] = {
	{"daily", {"每个工作日", "每個工作日", "Each working day"}, 0},
	{"weekly", {"每周第一个工作日", "每週第一個工作日", "Each week's first working day"}, 0},
	{"on_demand", {"按需（活动前）", "按需（活動前）", "On demand (before a campaign)"}, 0},
	{NULL}
};
const struct enum_value en_checklist_result[] = {
	{"pass", {"通过", "通過", "Pass"}, 0},
	{"fail", {"不通过", "不通過", "Fail"}, 0},
	{"not_applicable", {"不适用", "不適用", "Not applicable"}, 0},
	{NULL}
};
const struct enum_value en_checklist_run_state[] = {
	{"due", {"待筛查", "待篩查", "Due"}, 0},
	{"overdue", {"已逾期", "已逾期", "Overdue"}, EV_SYSTEM},
	{"done", {"已完成", "已完成", "Done"}, 0},
	{NULL}
};
const struct enum_value en_affected_kind[] = {
	{"product", {"商品", "商品", "Product"}, 0},
	{"batch", {"批次", "批次", "Batch"}, 0},
	{"order_range", {"订单范围", "訂單範圍", "Order range"}, 0},
	{"flight", {"航班", "航班", "Flight"}, 0},
	{"store", {"门店", "門市", "Store"}, 0},
	{"service", {"服务", "服務", "Service"}, 0},
	{"other", {"其他", "其他", "Other"}, 0},
	{NULL}
};
const struct enum_value en_message_stage[] = {
	{"cause", {"原因与预计时间", "原因與預計時間", "Cause and expected time"}, 0},
	{"progress", {"处理进展", "處理進展", "Progress"}, 0},
	{"outcome", {"处理结果", "處理結果", "Outcome"}, 0},
	{NULL}
};
const struct enum_value en_remedy_state[] = {
	{"pending", {"待审批", "待審批", "Waiting for approval"}, 0},
	{"approved", {"已批准", "已核准", "Approved"}, 0},
	{"rejected", {"已驳回", "已駁回", "Rejected"}, 0},
	{NULL}
};

const struct enum_def enum_defs[] = {
	{"status", en_status, "the lifecycle of a complaint (GET /api/v1/workflow: the transitions)"},
	{"language", en_language, "languages of replies and pages"},
	{"channel", en_channel, "where a complaint arrived"},
	{"object_kind", en_object_kind, "what is complained about"},
	{"resolution", en_resolution, "how the customer wants it resolved"},
	{"severity", en_severity, "severity, lowest first"},
	{"emotion", en_emotion, "the customer's emotion at intake"},
	{"mindset", en_mindset, "what the customer is after"},
	{"responsibility", en_responsibility, "whose fault it is"},
	{"validity", en_validity, "whether the complaint stands"},
	{"conversation_channel", en_conversation_channel, "where the conversation goes on (the three changes: the place)"},
	{"odr_means", en_odr_means, "how a regulator complaint was negotiated"},
	{"customer_type", en_customer_type, "kinds of customer, handled differently"},
	{"level", en_level, "the escalation ladder, lowest first"},
	{"escalation_cause", en_escalation_cause, "why a complaint went up"},
	{"compensation_kind", en_compensation_kind, "kinds of compensation an authority limit applies to"},
	{"compensation_state", en_compensation_state, "where a compensation proposal stands"},
	{"plan_state", en_plan_state, "where a resolution plan stands"},
	{"plan_answer", en_plan_answer, "the customer's answer to a plan"},
	{"demand_state", en_demand_state, "where a restatement of the customer's demand stands"},
	{"demand_answer", en_demand_answer, "the customer's answer to a restatement of their demand"},
	{"appointment_state", en_appointment_state, "where an appointment stands"},
	{"identity_method", en_identity_method, "how the complainant's identity was confirmed"},
	{"callback_method", en_callback_method, "how a follow-up reached the customer"},
	{"task_state", en_task_state, "where a department task stands"},
	{"visit_method", en_visit_method, "how a supervisor calls on a key customer"},
	{"visit_state", en_visit_state, "where a key customer's visit stands"},
	{"clock", en_clock, "the clocks of a complaint"},
	{"clock_state", en_clock_state, "where a clock stands"},
	{"queue", en_queue, "the agents' queues"},
	{"sort", en_sort, "orders of a complaint list"},
	{"article_status", en_article_status, "whether a knowledge-base article is published"},
	{"script_playbook", en_script_playbook, "the review playbooks a response script may be written for"},
	{"incident_state", en_incident_state, "where an incident (many complaints, one cause) stands"},
	{"affected_kind", en_affected_kind, "what an incident affects"},
	{"action_state", en_action_state, "where an improvement action stands"},
	{"action_origin", en_action_origin, "where an improvement action came from"},
	{"checklist_frequency", en_checklist_frequency, "when a prevention checklist is run"},
	{"checklist_result", en_checklist_result, "the answer to an item of a prevention checklist"},
	{"checklist_run_state", en_checklist_run_state, "where a run of a prevention checklist stands"},
	{"message_stage", en_message_stage, "what a message to an incident's customers tells"},
	{"remedy_state", en_remedy_state, "where an incident's remedy standard stands"},
};
const int enum_ndefs = sizeof enum_defs / sizeof *enum_defs;

int enum_index(const struct enum_value *values, const char *name)
{
	for (int i = 0; name && values[i].name; i++)
		if (strcmp(values[i].name, name) == 0)
			return i;
	return -1;
}

int enum_input(const struct enum_value *values, const char *name)
{
	int i = enum_index(values, name);
	return i >= 0 && !(values[i].flags & EV_SYSTEM) ? i : -1;
}

int enum_count(const struct enum_value *values)
{
	int n = 0;
	while (values[n].name)
		n++;
	return n;
}

unsigned enum_flags(const struct enum_value *values, const char *name)
{
	int i = enum_index(values, name);
	return i < 0 ? 0 : values[i].flags;
}

const char *enum_list(const struct enum_value *values, struct arena *a)
{
	size_t n = 1;
	for (int i = 0; values[i].name; i++)
		n += strlen(values[i].name) + 2;
	char *s = arena_alloc(a, n), *p = s;
	*p = '\0';
	for (int i = 0; values[i].name; i++)
		if (!(values[i].flags & EV_SYSTEM))
			p += sprintf(p, "%s%s", p == s ? "" : ", ", values[i].name);
	return s;
}

const struct enum_def *enum_def_find(const char *name)
{
	for (int i = 0; name && i < enum_ndefs; i++)
		if (strcmp(enum_defs[i].name, name) == 0)
			return &enum_defs[i];
	return NULL;
}

enum lang lang_of(const char *code)
{
	int i = enum_index(en_language, code);
	return i < 0 ? LANG_ZH_CN : (enum lang)i;
}
