/*
 * document.c - the report's figures laid out as the complaint work report
 * (投诉工作报告): its sections, tables and charts, every word in the
 * reader's language (zh-CN, zh-TW, en).
 */
#include "document.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../util/clock.h"
#include "../workflow/calendar.h"
#include "../workflow/workflow.h"

/* --- words ---------------------------------------------------------------------- */

static const struct word {
	const char *key, *zh_cn, *zh_tw, *en;
} words[] = {
	{"title", "投诉工作报告", "客訴工作報告", "Complaint work report"},
	{"period", "报告期", "報告期", "Period"},
	{"team", "团队", "團隊", "Team"},
	{"all_teams", "全部团队", "全部團隊", "All teams"},
	{"generated", "生成时间", "產生時間", "Generated"},
	{"figure", "指标", "指標", "Figure"},
	{"this", "本期", "本期", "This period"},
	{"previous", "上期", "上期", "Previous period"},
	{"change", "变化", "變化", "Change"},
	{"count", "件数", "件數", "Complaints"},
	{"share", "占比", "佔比", "Share"},
	{"cumulative", "累计占比", "累計佔比", "Cumulative"},
	{"s_summary", "一、概要", "一、概要", "1. Summary"},
	{"n_summary",
	 "受理、未结、重开、时限与原因按本期受理的投诉统计；办结、结案、升级、补偿、回访与协办按本期发生的处理统计。时长为工作时间。无效与重复投诉不计入绩效指标（时限、办结、结案、升级、满意度、重开率、二次投诉率、流失风险）。二次投诉指同一客户就同一事项（同一订单或商品编号，或由客服指明）再次投诉。",
	 "受理、未結、重開、時限與原因按本期受理的客訴統計；辦結、結案、升級、補償、回訪與協辦按本期發生的處理統計。時長為工作時間。無效與重複客訴不計入績效指標（時限、辦結、結案、升級、滿意度、重開率、二次客訴率、流失風險）。二次客訴指同一客戶就同一事項（同一訂單或商品編號，或由客服指明）再次客訴。",
	 "Received, still open, reopened, clocks and causes count the complaints registered in the period; resolved, closed, escalations, compensation, callbacks and tasks count what happened in the period. Durations are working time. Invalid and duplicate complaints are left out of the performance figures (clocks, resolved, closed, escalations, satisfaction, reopen rate, second-complaint rate, customers at risk). A second complaint is the same customer complaining again about the same matter (the same order or SKU, or named by the agent)."},
	{"received", "受理投诉", "受理客訴", "Complaints received"},
	{"resolved", "办结", "辦結", "Resolved"},
	{"closed", "结案", "結案", "Closed"},
	{"still_open", "未结案", "未結案", "Not yet closed"},
	{"resolution_median", "解决用时中位数（工作小时，从登记起）", "解決用時中位數（工作小時，從登記起）", "Median time to resolve (working h, from registration)"},
	{"company_default", "客户服务中心", "客戶服務中心", "Customer service"},
	{"conclusion", "本期要点", "本期要點", "This period at a glance"},
	{"breaches", "超时", "逾時", "Clock breaches"},
	{"escalations", "升级", "升級", "Escalations"},
	{"compensation", "补偿金额（元）", "補償金額（元）", "Compensation granted (yuan)"},
	{"satisfaction_avg", "满意度平均分", "滿意度平均分", "Average satisfaction"},
	{"business_avg", "对企业满意度平均分", "對企業滿意度平均分", "Average satisfaction with the business"},
	{"left_out", "未计入绩效（无效、重复）", "未計入績效（無效、重複）", "Left out of performance (invalid, duplicate)"},
	{"reopen_rate", "重开率", "重開率", "Reopen rate"},
	{"second_rate", "二次投诉率", "二次客訴率", "Second-complaint rate"},
	{"s_volume", "二、投诉量", "二、客訴量", "2. Volume"},
	{"by_day", "每日受理", "每日受理", "By day"},
	{"by_week", "每周受理", "每週受理", "By week"},
	{"by_channel", "按渠道", "按渠道", "By channel"},
	{"by_object_kind", "按投诉对象", "按客訴對象", "By what was complained about"},
	{"by_severity", "按严重程度", "按嚴重程度", "By severity"},
	{"by_department", "按协办部门（本期交办）", "按協辦部門（本期交辦）", "By department (tasks handed this period)"},
	{"day", "日期", "日期", "Day"},
	{"week", "周", "週", "Week"},
	{"channel", "渠道", "渠道", "Channel"},
	{"object_kind", "对象", "對象", "Object"},
	{"severity", "严重程度", "嚴重程度", "Severity"},
	{"department", "部门", "部門", "Department"},
	{"s_categories", "三、投诉类别（帕累托）", "三、客訴類別（柏拉圖）", "3. Categories (Pareto)"},
	{"n_categories", "按投诉类别统计，从多到少排列；累计占比到 80% 的少数类别是改进的重点。",
	 "按客訴類別統計，從多到少排列；累計佔比到 80% 的少數類別是改善的重點。",
	 "By category, most first; the few categories that make up 80% are where improvement pays."},
	{"category", "类别", "類別", "Category"},
	{"s_causes", "四、投诉原因（帕累托）", "四、客訴原因（柏拉圖）", "4. Causes (Pareto)"},
	{"n_causes",
	 "每件投诉一个主要原因，从多到少排列，占比按已判定原因的投诉计；累计占比到 80%% 的少数原因是改进的重点。尚未判定原因的投诉 %lld 件。系统性原因（企业自身的制度或流程）%lld 件，另列于下。",
	 "每件客訴一個主要原因，從多到少排列，佔比按已判定原因的客訴計；累計佔比到 80%% 的少數原因是改善的重點。尚未判定原因的客訴 %lld 件。系統性原因（企業自身的制度或流程）%lld 件，另列於下。",
	 "One main cause per complaint, most first; shares are of the complaints with a cause, and the few causes that make up 80%% are where improvement pays. %lld complaints have no cause judged yet. %lld are systemic (the business's own policy or process), listed apart below."},
	{"cause", "原因", "原因", "Cause"},
	{"vital", "重点", "重點", "Vital few"},
	{"systemic", "系统性", "系統性", "Systemic"},
	{"systemic_causes", "系统性原因（制度、流程）", "系統性原因（制度、流程）", "Systemic causes (policy, process)"},
	{"s_validity", "五、投诉有效性", "五、客訴有效性", "5. Validity"},
	{"n_validity",
	 "无效与重复投诉保留记录，但不计入绩效指标；恶意投诉照常计入。尚未判定的按有效计。计入绩效的投诉 %lld 件。",
	 "無效與重複客訴保留記錄，但不計入績效指標；惡意客訴照常計入。尚未判定的按有效計。計入績效的客訴 %lld 件。",
	 "Invalid and duplicate complaints are kept but left out of the performance figures; malicious ones are counted as usual. Not yet judged counts as valid. %lld complaints count in the performance figures."},
	{"validity", "有效性", "有效性", "Validity"},
	{"s_responsibility", "六、责任界定", "六、責任界定", "6. Responsibility"},
	{"responsibility", "责任方", "責任方", "Responsibility"},
	{"s_clocks", "七、处理时限", "七、處理時限", "7. Clocks"},
	{"clock", "时限", "時限", "Clock"},
	{"done", "已完成", "已完成", "Done"},
	{"met", "按时", "準時", "Met"},
	{"breached", "超时", "逾時", "Breached"},
	{"breached_open", "超时未完成", "逾時未完成", "Breached, not done"},
	{"running", "计时中", "計時中", "Running"},
	{"breach_rate", "超时率", "逾時率", "Breach rate"},
	{"median_h", "中位用时（小时）", "中位用時（小時）", "Median (h)"},
	{"p90_h", "90% 用时（小时）", "90% 用時（小時）", "90th percentile (h)"},
	{"breaches_by_severity", "超时，按严重程度", "逾時，按嚴重程度", "Breaches by severity"},
	{"acknowledge", "受理确认", "受理確認", "Acknowledge"},
	{"first_response", "首次响应", "首次回應", "First response"},
	{"resolution", "解决", "解決", "Resolution"},
	{"follow_up", "回访", "回訪", "Follow-up"},
	{"s_escalations", "八、升级", "八、升級", "8. Escalations"},
	{"n_escalations", "本期升级 %lld 次；本期受理的投诉中有 %lld 件被标记为有扩散风险（媒体、社交网络、12315、律师）。",
	 "本期升級 %lld 次；本期受理的客訴中有 %lld 件被標記為有擴散風險（媒體、社群、12315、律師）。",
	 "%lld escalations in the period; %lld complaints registered in the period were flagged as threatening to spread (media, social networks, 12315, a lawyer)."},
	{"by_level", "按升级到的层级", "按升級到的層級", "By level reached"},
	{"by_cause", "按原因", "按原因", "By cause"},
	{"level", "层级", "層級", "Level"},
	{"s_compensation", "九、补偿", "九、補償", "9. Compensation"},
	{"by_type", "按类型（本期批准）", "按類型（本期核准）", "By type (granted this period)"},
	{"type", "类型", "類型", "Type"},
	{"amount", "金额（元）", "金額（元）", "Amount (yuan)"},
	{"comp_totals", "合计", "合計", "Totals"},
	{"granted_total", "补偿总额（元）", "補償總額（元）", "Granted in all (yuan)"},
	{"compensated", "获补偿的投诉", "獲補償的客訴", "Complaints compensated"},
	{"per_complaint", "每件平均（元）", "每件平均（元）", "Per complaint (yuan)"},
	{"above_limit", "超权限审批", "超權限審批", "Decided above the proposer's limit"},
	{"approved", "批准", "核准", "Approved"},
	{"rejected", "驳回", "駁回", "Rejected"},
	{"waiting", "待审批", "待審批", "Waiting"},
	{"s_satisfaction", "十、满意度与闭环", "十、滿意度與閉環", "10. Satisfaction and the closed loop"},
	{"score", "评分", "評分", "Score"},
	{"handling", "对处理的满意度", "對處理的滿意度", "Satisfaction with the handling"},
	{"business", "对企业的满意度", "對企業的滿意度", "Satisfaction with the business"},
	{"loop", "闭环", "閉環", "The loop"},
	{"callbacks", "回访次数", "回訪次數", "Callbacks"},
	{"reached", "联系上", "聯繫上", "Reached"},
	{"carried_out", "方案已落实", "方案已落實", "Solution carried out"},
	{"not_carried_out", "方案未落实", "方案未落實", "Solution not carried out"},
	{"closed_loop_rate", "闭环率（回访后结案）", "閉環率（回訪後結案）", "Closed-loop rate (closed after follow-up)"},
	{"repeat", "重复投诉客户", "重複客訴客戶", "Repeat complainants"},
	{"key_customers", "重点客户", "重點客戶", "Key customers"},
	{"complainants", "投诉客户", "客訴客戶", "Complainants"},
	{"s_risk", "十一、客户流失风险", "十一、客戶流失風險", "11. Customers at risk"},
	{"n_risk",
	 "按 TARP 研究估算：投诉在时限内解决的客户 82% 会再次购买，解决但超时的 54%，未解决的 19%。",
	 "按 TARP 研究估算：客訴在時限內解決的客戶 82% 會再次購買，解決但逾時的 54%，未解決的 19%。",
	 "Estimated with the TARP studies: 82% of complainants buy again when resolved within the target, 54% when resolved late, 19% when not resolved."},
	{"group", "客户组", "客戶組", "Group"},
	{"customers", "客户数", "客戶數", "Customers"},
	{"buy_again", "再购率", "再購率", "Buy again"},
	{"expected", "预计留住", "預計留住", "Expected to stay"},
	{"fast", "时限内解决", "時限內解決", "Resolved within target"},
	{"late", "超时解决", "逾時解決", "Resolved late"},
	{"unresolved", "尚未解决", "尚未解決", "Not resolved"},
	{"at_risk", "可能流失", "可能流失", "At risk"},
	{"total", "合计", "合計", "Total"},
	{"s_cases", "十二、典型案例与改进措施", "十二、典型案例與改善措施", "12. Typical cases and improvement actions"},
	{"most_severe", "最严重的投诉", "最嚴重的客訴", "The most severe"},
	{"most_repeated", "重复最多的对象", "重複最多的對象", "Complained of most often"},
	{"tracking_no", "编号", "編號", "Tracking no."},
	{"status", "状态", "狀態", "Status"},
	{"reopens", "重开", "重開", "Reopened"},
	{"content", "内容", "內容", "What happened"},
	{"object", "对象", "對象", "Object"},
	{"example", "最近一件", "最近一件", "Latest"},
	{"actions", "交办部门的协办任务", "交辦部門的協辦任務", "Tasks handed to departments"},
	{"improvements", "改进措施", "改善措施", "Improvement actions"},
	{"n_improvements",
	 "本期涉及改进措施 %lld 项（本期新建 %lld 项）：期末进行中 %lld 项，其中逾期 %lld 项；已完成待核查 %lld 项；本期核查见效 %lld 项、未见效 %lld 项（未见效的已重新打开）。核查比较完成前后各几周同一原因、同一范围的投诉数（有订单数时按每千单）。",
	 "本期涉及改善措施 %lld 項（本期新建 %lld 項）：期末進行中 %lld 項，其中逾期 %lld 項；已完成待查核 %lld 項；本期查核見效 %lld 項、未見效 %lld 項（未見效的已重新開啟）。查核比較完成前後各幾週同一原因、同一範圍的客訴數（有訂單數時按每千單）。",
	 "%lld improvement actions concern the period (%lld made in it): %lld open at its end, %lld of them overdue; %lld done and awaiting their verdict; %lld verified and %lld failed in the period (a failed one is open again). The verdict compares the complaints with the same cause and scope in the weeks before and after the done date (per 1,000 orders where order counts are imported)."},
	{"cause", "原因", "原因", "Cause"},
	{"verdict", "核查结论", "查核結論", "Verdict"},
	{"verdict_line", "%s：%.2f → %.2f（下降 %.0f%%）", "%s：%.2f → %.2f（下降 %.0f%%）",
	 "%s: %.2f -> %.2f (fell %.0f%%)"},
	{"verified", "见效", "見效", "worked"},
	{"failed", "未见效", "未見效", "did not work"},
	{"what", "事项", "事項", "What"},
	{"due", "期限", "期限", "Due"},
	{"overdue", "逾期", "逾期", "Overdue"},
	{"s_ideas", "十三、创意与建议", "十三、創意與建議", "13. Ideas"},
	{"n_ideas", "本期受理的投诉中有 %lld 件带有新产品或新服务的创意，列出最早的至多 %d 件。",
	 "本期受理的客訴中有 %lld 件帶有新產品或新服務的創意，列出最早的至多 %d 件。",
	 "%lld complaints registered in the period carry an idea for a new product or service; the first %d at most are listed."},
	{"registered_at", "登记时间", "登記時間", "Registered"},
	{"yes", "是", "是", "yes"},
	{"s_reviews", "十四、中差评", "十四、中差評", "14. Neutral and negative reviews"},
	{"n_reviews",
	 "按本期发布的中差评统计：联系（曾联系买家）→ 联系上 → 同意修改 → 同意后实际修改或撤销。首次联系时长从评价发布起算（自然时间）。中差评率 = 中差评数 ÷ 同期导入的订单数。",
	 "按本期發布的中差評統計：聯繫（曾聯繫買家）→ 聯繫上 → 同意修改 → 同意後實際修改或撤銷。首次聯繫時長從評價發布起算（自然時間）。中差評率 = 中差評數 ÷ 同期匯入的訂單數。",
	 "Reviews posted in the period: contacted (the buyer was called or messaged) -> reached -> agreed to change -> changed or withdrawn after agreeing. Time to first contact counts from posting (calendar time). The share of neutral and negative reviews is reviews / the orders imported for the period."},
	{"rv_funnel", "转化漏斗", "轉化漏斗", "Funnel"},
	{"rv_step", "环节", "環節", "Step"},
	{"rv_reviews", "中差评", "中差評", "Reviews"},
	{"rv_contacted", "已联系", "已聯繫", "Contacted"},
	{"rv_reached", "已联系上", "已聯繫上", "Reached"},
	{"rv_agreed", "同意修改", "同意修改", "Agreed to change"},
	{"rv_changed", "已修改/撤销", "已修改/撤銷", "Changed or withdrawn"},
	{"rv_of_previous", "占上一环节", "佔上一環節", "Of the step before"},
	{"rv_by_platform", "各平台", "各平台", "By platform"},
	{"rv_by_agent", "各客服", "各客服", "By agent"},
	{"rv_platform", "平台", "平台", "Platform"},
	{"rv_agent", "客服", "客服", "Agent"},
	{"rv_agreed_rate", "同意率", "同意率", "Agreed"},
	{"rv_changed_rate", "修改率", "修改率", "Changed"},
	{"rv_causes", "中差评原因", "中差評原因", "Causes of reviews"},
	{"rv_other", "其他指标", "其他指標", "Other figures"},
	{"rv_first_median", "首次联系用时中位数（小时）", "首次聯繫用時中位數（小時）", "Time to first contact, median (hours)"},
	{"rv_breached", "超时未联系", "逾時未聯繫", "Contact clock breached"},
	{"rv_orders", "订单数", "訂單數", "Orders"},
	{"rv_rate", "中差评率", "中差評率", "Share of neutral and negative reviews"},
	{"s_incidents", "十五、集体事件", "十五、集體事件", "15. Incidents"},
	{"n_incidents",
	 "本期确认的集体事件（一个原因、多位客户投诉），按确认时间排列。用时为自然时间，从事件中最早一件投诉登记起算；补偿为按事件补偿标准发放的金额；合计行的用时为中位数。满意度按本期回访的处理满意度评分计算，同“十、满意度与闭环”（不计无效与重复投诉），4–5 分为满意：事件客户为所列事件的投诉的回访，其他为本期其余的回访。选定团队（或渠道、类别、严重程度）时，只列出含其投诉的事件，客户、补偿与满意度只计这些投诉，用时与状态是事件本身的。",
	 "本期確認的集體事件（一個原因、多位客戶客訴），按確認時間排列。用時為自然時間，從事件中最早一件客訴登記起算；補償為按事件補償標準發放的金額；合計列的用時為中位數。滿意度按本期回訪的處理滿意度評分計算，同「十、滿意度與閉環」（不計無效與重複客訴），4–5 分為滿意：事件客戶為所列事件的客訴的回訪，其他為本期其餘的回訪。選定團隊（或渠道、類別、嚴重程度）時，只列出含其客訴的事件，客戶、補償與滿意度只計這些客訴，用時與狀態是事件本身的。",
	 "The incidents (one cause, many complainants) confirmed in the period, in the order they were confirmed. Times are calendar time from the incident's first complaint; the remedy is what was granted under the incident's remedy standards; the total row gives the median times. Satisfaction is the handling rating of the period's callbacks, as in section 10 (invalid and duplicate complaints left out), 4 or 5 counting as satisfied: the incidents' customers are the callbacks on the listed incidents' complaints, the rest are the period's other callbacks. With a team (or channel, category, severity) chosen, only the incidents holding its complaints are listed, and customers, remedy and satisfaction count those complaints only; times and state are the incident's own."},
	{"n_incidents_more", "本期确认的事件多于 %d 件，只列出最早确认的 %d 件。",
	 "本期確認的事件多於 %d 件，只列出最早確認的 %d 件。",
	 "More than %d incidents were confirmed in the period; the first %d are listed."},
	{"n_incidents_none", "本期没有确认的集体事件。", "本期沒有確認的集體事件。",
	 "No incident was confirmed in this period."},
	{"inc_title", "事件", "事件", "Incident"},
	{"inc_state", "状态", "狀態", "State"},
	{"inc_customers", "受影响客户", "受影響客戶", "Customers affected"},
	{"inc_to_confirm", "首件投诉至确认（小时）", "首件客訴至確認（小時）", "First complaint to confirmed (h)"},
	{"inc_to_message", "首件投诉至首次通知客户（小时）", "首件客訴至首次通知客戶（小時）", "First complaint to first message (h)"},
	{"inc_remedy", "补偿（元）", "補償（元）", "Remedy (yuan)"},
	{"inc_total", "合计（用时为中位数）", "合計（用時為中位數）", "Total (median times)"},
	{"inc_satisfaction", "事件客户与其他客户的满意度", "事件客戶與其他客戶的滿意度", "Satisfaction: the incidents' customers and the rest"},
	{"inc_rated", "评分次数", "評分次數", "Ratings"},
	{"inc_satisfied", "满意（4–5 分）占比", "滿意（4–5 分）佔比", "Satisfied (4-5)"},
	{"inc_ours", "事件客户", "事件客戶", "The incidents' customers"},
	{"inc_rest", "其他", "其他", "The rest"},
	{"s_winback", "十六、投诉后复购", "十六、客訴後回購", "16. Win-back: buying again after a complaint"},
	{"n_winback",
	 "按办结月份（业务时区）统计本期办结的投诉：每件按其最后一次办结计，须仍为已办结或已结案，不计无效与重复投诉；以投诉客户的电话与导入的订单匹配，看办结后 30、90、180 天内是否再次下单。满意度取该投诉最后一次有评分的回访：4–5 分为满意，1–3 分为不满意，无评分为未知。对照组为当月下过单、从未投诉过的客户，每人按当月第一笔订单计，看其后 30、90、180 天内是否再次下单。只计截至最新一笔导入订单（%s）已满的时间窗，未满的不计入比率。",
	 "按辦結月份（業務時區）統計本期辦結的客訴：每件按其最後一次辦結計，須仍為已辦結或已結案，不計無效與重複客訴；以客訴客戶的電話與匯入的訂單比對，看辦結後 30、90、180 天內是否再次下單。滿意度取該客訴最後一次有評分的回訪：4–5 分為滿意，1–3 分為不滿意，無評分為未知。對照組為當月下過單、從未客訴過的客戶，每人按當月第一筆訂單計，看其後 30、90、180 天內是否再次下單。只計截至最新一筆匯入訂單（%s）已滿的時間窗，未滿的不計入比率。",
	 "The complaints resolved in the period, by month of resolution (the business's zone): each at its latest resolution, still resolved or closed, invalid and duplicate ones left out; their customers' phones are matched to the orders imported, to see whether they ordered again within 30, 90 and 180 days of the resolution. Satisfaction is the complaint's latest rated callback: 4-5 satisfied, 1-3 not satisfied, none unknown. The baseline is the customers who ordered in the month and never complained, each at their first order of the month, and whether they ordered again within 30, 90 and 180 days. Only windows that have ended by the newest order imported (%s) count in the rates."},
	{"n_winback_none",
	 "未导入订单，无法得知投诉客户办结后是否再次购买（可用 kesu import --orders 或 POST /api/v1/orders 导入）。",
	 "未匯入訂單，無法得知客訴客戶辦結後是否再次購買（可用 kesu import --orders 或 POST /api/v1/orders 匯入）。",
	 "No orders are imported, so whether complainants buy again after the resolution is not known (import them with kesu import --orders or POST /api/v1/orders)."},
	{"wb_groups", "复购率：投诉客户与对照组", "回購率：客訴客戶與對照組", "Buying again: complainants and the baseline"},
	{"wb_months", "按办结月份", "按辦結月份", "By month of resolution"},
	{"wb_month", "月份", "月份", "Month"},
	{"wb_n", "人数", "人數", "Customers"},
	{"wb_complainants", "投诉客户", "客訴客戶", "Complainants"},
	{"wb_d30", "30 天内复购", "30 天內回購", "Bought within 30 days"},
	{"wb_d90", "90 天内复购", "90 天內回購", "Bought within 90 days"},
	{"wb_d180", "180 天内复购", "180 天內回購", "Bought within 180 days"},
	{"wb_base_d90", "对照组 90 天内复购", "對照組 90 天內回購", "Baseline: within 90 days"},
	{"wb_resolved", "全部办结投诉客户", "全部辦結客訴客戶", "All complainants resolved"},
	{"wb_satisfied", "满意（4–5 分）", "滿意（4–5 分）", "Satisfied (4-5)"},
	{"wb_not_satisfied", "不满意（1–3 分）", "不滿意（1–3 分）", "Not satisfied (1-3)"},
	{"wb_unknown", "满意度未知", "滿意度未知", "Satisfaction unknown"},
	{"wb_baseline", "从未投诉的客户（对照组）", "從未客訴的客戶（對照組）", "Never complained (baseline)"},
	{"v:taobao", "淘宝", "淘寶", "Taobao"}, {"v:tmall", "天猫", "天貓", "Tmall"},
	{"v:jd", "京东", "京東", "JD"}, {"v:pinduoduo", "拼多多", "拼多多", "Pinduoduo"},
	{"v:meituan", "美团", "美團", "Meituan"}, {"v:dianping", "大众点评", "大眾點評", "Dianping"},
	{"v:douyin", "抖音", "抖音", "Douyin"},
	{"no", "否", "否", "no"},
	{"none", "本期没有记录。", "本期沒有記錄。", "Nothing in this period."},
	/* the values kesu stores, as people say them */
	{"v:web", "网站", "網站", "web"}, {"v:app", "APP", "APP", "app"},
	{"v:email", "邮件", "郵件", "e-mail"}, {"v:phone", "电话", "電話", "phone"},
	{"v:store", "门店", "門市", "store"}, {"v:platform", "平台", "平台", "platform"},
	{"v:social", "社交媒体", "社群媒體", "social media"}, {"v:regulator", "12315", "12315", "regulator (12315)"},
	{"v:critical", "紧急", "緊急", "critical"}, {"v:high", "高", "高", "high"},
	{"v:normal", "一般", "一般", "normal"}, {"v:low", "低", "低", "low"},
	{"v:product", "产品", "產品", "product"}, {"v:order", "订单", "訂單", "order"},
	{"v:service", "服务", "服務", "service"}, {"v:staff", "员工", "員工", "staff"},
	{"v:other", "其他", "其他", "other"},
	{"v:agent", "一线客服", "一線客服", "front line"}, {"v:supervisor", "主管", "主管", "supervisor"},
	{"v:management", "高层", "高層", "management"}, {"v:pr", "公关", "公關", "PR"},
	{"v:request", "申请升级", "申請升級", "asked for"}, {"v:breach", "超时", "逾時", "clock breach"},
	{"v:reopen", "再次重开", "再次重開", "reopened again"}, {"v:threat", "扩散风险", "擴散風險", "threat to spread"},
	{"v:refund", "退款", "退款", "refund"}, {"v:discount", "折扣", "折扣", "discount"},
	{"v:coupon", "优惠券", "優惠券", "coupon"}, {"v:gift", "赠品", "贈品", "gift"},
	{"v:free_service", "免费服务", "免費服務", "free service"}, {"v:exchange", "换货", "換貨", "exchange"},
	{"v:repair", "维修", "維修", "repair"}, {"v:cash", "经济赔偿", "經濟賠償", "cash"},
	{"v:registered", "已登记", "已登記", "registered"}, {"v:acknowledged", "已受理", "已受理", "acknowledged"},
	{"v:in_progress", "处理中", "處理中", "in progress"}, {"v:awaiting_customer", "等待客户", "等待客戶", "awaiting customer"},
	{"v:awaiting_approval", "等待审批", "等待審批", "awaiting approval"},
	{"v:awaiting_department", "等待部门", "等待部門", "awaiting department"},
	{"v:follow_up", "回访中", "回訪中", "follow-up"}, {"v:reopened", "已重开", "已重開", "reopened"},
	{"v:resolved", "已解决", "已解決", "resolved"}, {"v:closed", "已结案", "已結案", "closed"},
	{"v:open", "处理中", "處理中", "open"}, {"v:answered", "已答复", "已答覆", "answered"},
	{"v:valid", "有效", "有效", "valid"}, {"v:invalid", "无效", "無效", "invalid"},
	{"v:duplicate", "重复", "重複", "duplicate"}, {"v:malicious", "恶意", "惡意", "malicious"},
	{"v:not_judged", "尚未判定", "尚未判定", "not yet judged"},
	{"v:ours", "我方", "我方", "ours"}, {"v:customer", "客户", "客戶", "the customer's"},
	{"v:third_party", "第三方（物流、平台、供应商）", "第三方（物流、平台、供應商）", "a third party's (courier, platform, supplier)"},
	{"v:unclear", "尚不明确", "尚不明確", "not yet clear"},
	{"v:", "（未填）", "（未填）", "(not given)"},
};

static int lang_ix(const char *lang)
{
	return !lang || !strcmp(lang, "zh-CN") ? 0 : !strcmp(lang, "zh-TW") ? 1 : 2;
}

struct builder {
	struct arena *a;
	int lang;
	const struct wf_causes *causes;
	struct ddoc *d;
	struct dsection *sec;
};

static const char *W(const struct builder *b, const char *key)
{
	for (size_t i = 0; i < sizeof words / sizeof *words; i++)
		if (!strcmp(words[i].key, key))
			return b->lang == 0 ? words[i].zh_cn : b->lang == 1 ? words[i].zh_tw : words[i].en;
	return key;
}

/* A stored value in people's words; free text (a category) as it is. */
static const char *V(const struct builder *b, const char *value)
{
	char key[64];
	snprintf(key, sizeof key, "v:%s", value ? value : "");
	const char *w = W(b, key);
	return w == key ? value : w;
}

/* An escalation level's name on the ladder (its key, or its number as
 * complaints keep it), in the reader's language. */
static const char *level_name(const struct builder *b, const char *key)
{
	int i = enum_index(en_level, key);
	if (i < 0 && key && *key >= '0' && *key <= '9')
		i = atoi(key);
	return i >= 0 && i < LEVEL__COUNT ? en_level[i].label[b->lang] : V(b, key);
}

static const char *level_of(const struct builder *b, int level)
{
	return level >= 0 && level < LEVEL__COUNT ? en_level[level].label[b->lang] : "";
}

/* --- building ---------------------------------------------------------------------- */

static struct dsection *section(struct builder *b, const char *key, const char *title,
				const char *note)
{
	struct ddoc *d = b->d;
	struct dsection *s = &d->sections[d->nsections++];
	*s = (struct dsection){key, title, note, arena_zalloc(b->a, sizeof *s->tables * 8), 0};
	b->sec = s;
	return s;
}

static struct dtable *table(struct builder *b, const char *key, const char *title, int rows,
			    int cols, ...)
{
	struct dtable *t = &b->sec->tables[b->sec->ntables++];
	*t = (struct dtable){.key = key, .title = title, .ncols = cols};
	t->head = arena_alloc(b->a, sizeof *t->head * (size_t)cols);
	t->cells = arena_zalloc(b->a, sizeof *t->cells * (size_t)(rows ? rows : 1) * (size_t)cols);
	va_list ap;
	va_start(ap, cols);
	for (int i = 0; i < cols; i++)
		t->head[i] = W(b, va_arg(ap, const char *));
	va_end(ap);
	t->value_col = 1;
	return t;
}

static struct dcell *row(struct dtable *t)
{
	return &t->cells[(size_t)t->nrows++ * (size_t)t->ncols];
}

static struct dcell text(const char *s)
{
	return (struct dcell){CELL_TEXT, s, 0};
}

static struct dcell num(enum cell_kind k, double v)
{
	return (struct dcell){k, NULL, v};
}

static double pct(int64_t a, int64_t b)
{
	return b ? (double)a / (double)b : NAN;
}

static double hours(int64_t ms)
{
	return ms < 0 ? NAN : (double)ms / 3600000.0;
}

/* Money is kept in fen and shown in yuan. */
static double yuan(int64_t fen)
{
	return (double)fen / 100.0;
}

static void compare(struct builder *b, struct dtable *t, const char *key, enum cell_kind k,
		    double now, double before)
{
	struct dcell *r = row(t);
	r[0] = text(W(b, key));
	r[1] = num(k, now);
	r[2] = num(k, before);
	r[3] = num(CELL_PCT, before != 0 && !isnan(before) && !isnan(now) ? (now - before) / before
									     : NAN);
}

static void list_table(struct builder *b, const char *key, const char *title, const char *head,
		       const struct tally_list *l, enum chart_kind chart, int translate)
{
	struct dtable *t = table(b, key, W(b, title), l->n, 3, head, "count", "share");
	t->chart = l->n ? chart : CHART_NONE;
	for (int i = 0; i < l->n; i++) {
		struct dcell *r = row(t);
		r[0] = text(translate ? V(b, l->rows[i].key) : (*l->rows[i].key ? l->rows[i].key
										 : V(b, "")));
		r[1] = num(CELL_INT, (double)l->rows[i].n);
		r[2] = num(CELL_PCT, pct(l->rows[i].n, l->total));
	}
}

static int64_t breaches(const struct report_stats *s)
{
	int64_t n = 0;
	for (int k = 0; k < RK__COUNT; k++)
		n += s->clocks[k].breached;
	return n;
}

static void build_summary(struct builder *b, const struct report *r)
{
	const struct report_stats *c = &r->cur, *p = &r->prev;
	section(b, "summary", W(b, "s_summary"), W(b, "n_summary"));
	struct dtable *t = table(b, "summary", NULL, 13, 4, "figure", "this", "previous", "change");
	compare(b, t, "received", CELL_INT, (double)c->received, (double)p->received);
	compare(b, t, "resolved", CELL_INT, (double)c->resolved, (double)p->resolved);
	compare(b, t, "closed", CELL_INT, (double)c->closed, (double)p->closed);
	compare(b, t, "still_open", CELL_INT, (double)c->still_open, (double)p->still_open);
	compare(b, t, "resolution_median", CELL_REAL, hours(c->resolution_median_ms),
		hours(p->resolution_median_ms));
	compare(b, t, "breaches", CELL_INT, (double)breaches(c), (double)breaches(p));
	compare(b, t, "escalations", CELL_INT, (double)c->escalations, (double)p->escalations);
	compare(b, t, "compensation", CELL_YUAN, yuan(c->compensation_fen),
		yuan(p->compensation_fen));
	int64_t rc = 0, rp = 0;
	for (int i = 1; i <= 5; i++)
		rc += c->satisfaction[i], rp += p->satisfaction[i];
	compare(b, t, "satisfaction_avg", CELL_REAL, rc ? c->satisfaction_avg : NAN,
		rp ? p->satisfaction_avg : NAN);
	rc = rp = 0;
	for (int i = 1; i <= 5; i++)
		rc += c->business[i], rp += p->business[i];
	compare(b, t, "business_avg", CELL_REAL, rc ? c->business_avg : NAN,
		rp ? p->business_avg : NAN);
	compare(b, t, "reopen_rate", CELL_PCT, pct(c->reopened, c->counted),
		pct(p->reopened, p->counted));
	compare(b, t, "second_rate", CELL_PCT, pct(c->second, c->counted),
		pct(p->second, p->counted));
	compare(b, t, "left_out", CELL_INT, (double)(c->received - c->counted),
		(double)(p->received - p->counted));
}

static void build_volume(struct builder *b, const struct report_stats *s)
{
	section(b, "volume", W(b, "s_volume"), NULL);
	struct dtable *t = table(b, "by_day", W(b, "by_day"), s->ndays, 2, "day", "count");
	t->chart = s->received ? CHART_LINE : CHART_NONE;
	for (int i = 0; i < s->ndays; i++) {
		char buf[40];
		struct dcell *r = row(t);
		r[0] = text(arena_strndup(
			b->a, clock_format_local(cal_day_start(s->first_day + i), buf, sizeof buf), 10));
		r[1] = num(CELL_INT, (double)s->by_day[i]);
	}
	list_table(b, "by_week", "by_week", "week", &s->by_week, CHART_NONE, 0);
	list_table(b, "by_channel", "by_channel", "channel", &s->by_channel, CHART_BAR, 1);
	list_table(b, "by_object_kind", "by_object_kind", "object_kind", &s->by_object_kind, CHART_BAR, 1);
	list_table(b, "by_severity", "by_severity", "severity", &s->by_severity, CHART_NONE, 1);
	list_table(b, "by_department", "by_department", "department", &s->tasks_by_department, CHART_BAR, 0);
}

/* A Pareto table of l over total: most first, the running share, the
 * vital few up to 80%; name(key) is how a key reads. ncols 6 adds the
 * systemic column, which the caller fills. */
static struct dtable *pareto_table(struct builder *b, const char *key, const char *head,
				   const struct tally_list *l, int64_t total, int ncols,
				   const char *(*name)(struct builder *b, const char *key))
{
	struct dtable *t = table(b, key, NULL, l->n, ncols, head, "count", "share", "cumulative",
				 "vital", "systemic");
	t->chart = l->n ? CHART_PARETO : CHART_NONE;
	int64_t run = 0;
	for (int i = 0; i < l->n; i++) {
		int64_t before = run;
		run += l->rows[i].n;
		struct dcell *r = row(t);
		r[0] = text(name(b, l->rows[i].key));
		r[1] = num(CELL_INT, (double)l->rows[i].n);
		r[2] = num(CELL_PCT, pct(l->rows[i].n, total));
		r[3] = num(CELL_PCT, pct(run, total));
		r[4] = text(before * 10 < total * 8 ? W(b, "yes") : "");
	}
	return t;
}

static const char *category_name(struct builder *b, const char *key)
{
	return *key ? key : V(b, "");
}

static void build_categories(struct builder *b, const struct report_stats *s)
{
	section(b, "categories", W(b, "s_categories"), W(b, "n_categories"));
	pareto_table(b, "categories", "category", &s->by_category, s->received, 5, category_name);
}

/* The cause's label in the reader's language; the key for a cause no
 * longer on the list. */
static const char *cause_name(struct builder *b, const char *key)
{
	if (!*key)
		return V(b, "not_judged");
	const struct wf_cause *k = wf_cause_find(b->causes, key);
	return k ? k->label[b->lang] : key;
}

static void build_causes(struct builder *b, const struct report_stats *s)
{
	section(b, "causes", W(b, "s_causes"),
		arena_printf(b->a, W(b, "n_causes"), (long long)s->cause_not_judged,
			     (long long)s->by_cause_systemic.total));
	const struct tally_list *l = &s->by_cause;
	struct dtable *t = pareto_table(b, "causes", "cause", l, l->total, 6, cause_name);
	for (int i = 0; i < l->n; i++) {
		int64_t n = 0;
		for (int k = 0; k < s->by_cause_systemic.n; k++)
			if (!strcmp(s->by_cause_systemic.rows[k].key, l->rows[i].key))
				n = s->by_cause_systemic.rows[k].n;
		t->cells[(size_t)i * 6 + 5] = num(CELL_INT, (double)n);
	}
	const struct tally_list *y = &s->by_cause_systemic;
	t = table(b, "systemic_causes", W(b, "systemic_causes"), y->n + 1, 3, "cause", "count",
		  "share");
	for (int i = 0; i < y->n; i++) {
		struct dcell *r = row(t);
		r[0] = text(cause_name(b, y->rows[i].key));
		r[1] = num(CELL_INT, (double)y->rows[i].n);
		r[2] = num(CELL_PCT, pct(y->rows[i].n, s->received));
	}
	if (y->n) {
		struct dcell *r = row(t);
		r[0] = text(W(b, "total")), r[1] = num(CELL_INT, (double)y->total);
		r[2] = num(CELL_PCT, pct(y->total, s->received));
	}
}

static void build_validity(struct builder *b, const struct report_stats *s)
{
	section(b, "validity", W(b, "s_validity"),
		arena_printf(b->a, W(b, "n_validity"), (long long)s->counted));
	struct dtable *t = table(b, "validity", NULL, RV__COUNT + 1, 3, "validity", "count", "share");
	for (int i = 0; i < RV__COUNT; i++) {
		struct dcell *r = row(t);
		r[0] = text(V(b, report_validities[i]));
		r[1] = num(CELL_INT, (double)s->validity[i]);
		r[2] = num(CELL_PCT, pct(s->validity[i], s->received));
	}
	struct dcell *r = row(t);
	r[0] = text(W(b, "left_out")), r[1] = num(CELL_INT, (double)(s->received - s->counted));
	r[2] = num(CELL_PCT, pct(s->received - s->counted, s->received));
}

static void build_responsibility(struct builder *b, const struct report_stats *s)
{
	section(b, "responsibility", W(b, "s_responsibility"), NULL);
	struct dtable *t = table(b, "responsibility", NULL, RR__COUNT, 3, "responsibility", "count",
				 "share");
	t->chart = s->received ? CHART_BAR : CHART_NONE;
	for (int i = 0; i < RR__COUNT; i++) {
		struct dcell *r = row(t);
		r[0] = text(V(b, report_responsibilities[i]));
		r[1] = num(CELL_INT, (double)s->responsibility[i]);
		r[2] = num(CELL_PCT, pct(s->responsibility[i], s->received));
	}
}

static void build_clocks(struct builder *b, const struct report_stats *s)
{
	static const char *const names[RK__COUNT] = {"acknowledge", "first_response", "resolution",
						     "follow_up"};
	section(b, "clocks", W(b, "s_clocks"), NULL);
	struct dtable *t = table(b, "clocks", NULL, RK__COUNT, 9, "clock", "done", "met", "breached",
				 "breached_open", "running", "breach_rate", "median_h", "p90_h");
	for (int k = 0; k < RK__COUNT; k++) {
		const struct clock_stats *c = &s->clocks[k];
		struct dcell *r = row(t);
		r[0] = text(W(b, names[k]));
		r[1] = num(CELL_INT, (double)c->done);
		r[2] = num(CELL_INT, (double)c->met);
		r[3] = num(CELL_INT, (double)c->breached);
		r[4] = num(CELL_INT, (double)c->open_breached);
		r[5] = num(CELL_INT, (double)c->running);
		/* of the clocks decided: met, or breached */
		r[6] = num(CELL_PCT, pct(c->breached, c->met + c->breached));
		r[7] = num(CELL_REAL, hours(c->median_ms));
		r[8] = num(CELL_REAL, hours(c->p90_ms));
	}
	t = table(b, "breaches_by_severity", W(b, "breaches_by_severity"), 4, 5, "severity", "acknowledge", "first_response",
		  "resolution", "follow_up");
	for (int i = 0; i < 4; i++) {
		struct dcell *r = row(t);
		r[0] = text(V(b, en_severity[SEV__COUNT - 1 - i].name));
		for (int k = 0; k < RK__COUNT; k++)
			r[1 + k] = num(CELL_INT, (double)s->clocks[k].breached_by_severity[i]);
	}
}

static void build_escalations(struct builder *b, const struct report_stats *s)
{
	char *note = arena_printf(b->a, W(b, "n_escalations"), (long long)s->escalations,
				  (long long)s->threat);
	section(b, "escalations", W(b, "s_escalations"), note);
	list_table(b, "escalations_by_level", "by_level", "level", &s->escalations_by_level, CHART_BAR, 1);
	struct dtable *t = &b->sec->tables[b->sec->ntables - 1];
	for (int i = 0; i < t->nrows; i++)
		t->cells[(size_t)i * 3] = text(level_name(b, s->escalations_by_level.rows[i].key));
	list_table(b, "escalations_by_cause", "by_cause", "cause", &s->escalations_by_cause, CHART_NONE, 1);
	t = &b->sec->tables[b->sec->ntables - 1];
	for (int i = 0; i < t->nrows; i++) {
		int k = enum_index(en_escalation_cause, s->escalations_by_cause.rows[i].key);
		if (k >= 0)
			t->cells[(size_t)i * 3] = text(en_escalation_cause[k].label[b->lang]);
	}
}

static void build_compensation(struct builder *b, const struct report_stats *s)
{
	section(b, "compensation", W(b, "s_compensation"), NULL);
	const struct tally_list *l = &s->compensation_by_type;
	struct dtable *t = table(b, "compensation_by_type", W(b, "by_type"), l->n, 3, "type", "count", "amount");
	t->chart = l->n ? CHART_BAR : CHART_NONE;
	t->value_col = 2;
	for (int i = 0; i < l->n; i++) {
		struct dcell *r = row(t);
		int k = enum_index(en_compensation_kind, l->rows[i].key);
		r[0] = text(k >= 0 ? en_compensation_kind[k].label[b->lang] : V(b, l->rows[i].key));
		r[1] = num(CELL_INT, (double)l->rows[i].n);
		r[2] = num(CELL_YUAN, yuan(l->rows[i].sum));
	}
	t = table(b, "compensation_totals", W(b, "comp_totals"), 7, 2, "figure", "this");
	struct dcell *r = row(t);
	r[0] = text(W(b, "granted_total")), r[1] = num(CELL_YUAN, yuan(s->compensation_fen));
	r = row(t);
	r[0] = text(W(b, "compensated")), r[1] = num(CELL_INT, (double)s->compensated_complaints);
	r = row(t);
	r[0] = text(W(b, "per_complaint"));
	r[1] = num(CELL_YUAN, s->compensated_complaints
				      ? yuan(s->compensation_fen) / (double)s->compensated_complaints
				      : NAN);
	r = row(t);
	r[0] = text(W(b, "above_limit")), r[1] = num(CELL_INT, (double)s->approvals);
	r = row(t);
	r[0] = text(W(b, "approved")), r[1] = num(CELL_INT, (double)s->approved);
	r = row(t);
	r[0] = text(W(b, "rejected")), r[1] = num(CELL_INT, (double)s->rejected);
	r = row(t);
	r[0] = text(W(b, "waiting")), r[1] = num(CELL_INT, (double)s->awaiting_approval);
}

static void build_satisfaction(struct builder *b, const struct report_stats *s)
{
	section(b, "satisfaction", W(b, "s_satisfaction"), NULL);
	struct dtable *t = table(b, "satisfaction", W(b, "handling"), 5, 3, "score", "count", "share");
	t->chart = CHART_BAR;
	int64_t n = 0, nb = 0;
	for (int i = 1; i <= 5; i++)
		n += s->satisfaction[i], nb += s->business[i];
	for (int i = 1; i <= 5; i++) {
		struct dcell *r = row(t);
		r[0] = text(arena_printf(b->a, "%d", i));
		r[1] = num(CELL_INT, (double)s->satisfaction[i]);
		r[2] = num(CELL_PCT, pct(s->satisfaction[i], n));
	}
	t = table(b, "business_satisfaction", W(b, "business"), 5, 3, "score", "count", "share");
	for (int i = 1; i <= 5; i++) {
		struct dcell *r = row(t);
		r[0] = text(arena_printf(b->a, "%d", i));
		r[1] = num(CELL_INT, (double)s->business[i]);
		r[2] = num(CELL_PCT, pct(s->business[i], nb));
	}
	t = table(b, "loop", W(b, "loop"), 10, 2, "figure", "this");
	struct {
		const char *key;
		enum cell_kind k;
		double v;
	} rows[] = {
		{"callbacks", CELL_INT, (double)s->callbacks},
		{"reached", CELL_INT, (double)s->reached},
		{"carried_out", CELL_INT, (double)s->carried_out},
		{"not_carried_out", CELL_INT, (double)s->not_carried_out},
		{"reopen_rate", CELL_PCT, pct(s->reopened, s->counted)},
		{"second_rate", CELL_PCT, pct(s->second, s->counted)},
		{"closed_loop_rate", CELL_PCT, pct(s->closed_after_follow_up, s->closed)},
		{"complainants", CELL_INT, (double)s->customers},
		{"repeat", CELL_INT, (double)s->repeat_customers},
		{"key_customers", CELL_INT, (double)s->key_customers},
	};
	for (size_t i = 0; i < sizeof rows / sizeof *rows; i++) {
		struct dcell *r = row(t);
		r[0] = text(W(b, rows[i].key));
		r[1] = num(rows[i].k, rows[i].v);
	}
}

static void build_risk(struct builder *b, const struct report_stats *s)
{
	section(b, "risk", W(b, "s_risk"), W(b, "n_risk"));
	struct dtable *t = table(b, "risk", NULL, 5, 4, "group", "customers", "buy_again", "expected");
	struct {
		const char *key;
		int64_t n;
		double rate;
	} g[] = {{"fast", s->resolved_fast, 0.82},
		 {"late", s->resolved_late, 0.54},
		 {"unresolved", s->unresolved, 0.19}};
	for (int i = 0; i < 3; i++) {
		struct dcell *r = row(t);
		r[0] = text(W(b, g[i].key));
		r[1] = num(CELL_INT, (double)g[i].n);
		r[2] = num(CELL_PCT, g[i].rate);
		r[3] = num(CELL_REAL, (double)g[i].n * g[i].rate);
	}
	struct dcell *r = row(t);
	r[0] = text(W(b, "total")), r[1] = num(CELL_INT, (double)s->counted);
	r[2] = num(CELL_PCT, pct((int64_t)llround(s->returning * 1000), s->counted * 1000));
	r[3] = num(CELL_REAL, s->returning);
	r = row(t);
	r[0] = text(W(b, "at_risk")), r[1] = num(CELL_REAL, s->at_risk);
	r[2] = num(CELL_REAL, NAN), r[3] = num(CELL_REAL, NAN);
}

/* The improvement actions: where they stand, what is overdue, the
 * verdicts with their figures. */
static void build_improvements(struct builder *b, const struct report_stats *s)
{
	struct dtable *t = table(b, "improvements", W(b, "improvements"), s->nimprovements, 6,
				 "what", "cause", "department", "status", "due", "verdict");
	for (int i = 0; i < s->nimprovements; i++) {
		const struct improvement_action *x = &s->improvements[i];
		char buf[40];
		struct dcell *r = row(t);
		int k = enum_index(en_action_state, x->state);
		int open = !strcmp(x->state, "proposed") || !strcmp(x->state, "accepted") ||
			   !strcmp(x->state, "failed");
		r[0] = text(x->what), r[1] = text(cause_name(b, x->cause)), r[2] = text(x->department);
		r[3] = text(k >= 0 ? en_action_state[k].label[b->lang] : x->state);
		const char *due = arena_strdup(b->a, clock_format_local(x->due_at, buf, sizeof buf));
		r[4] = text(open && x->due_at < s->f.to
				    ? arena_printf(b->a, "%.10s（%s）", due, W(b, "overdue"))
				    : arena_printf(b->a, "%.10s", due));
		const char *v = "";
		json_t *j = x->verification ? json_loads(x->verification, 0, NULL) : NULL;
		if (j) {
			const char *verdict = json_string_value(json_object_get(j, "verdict"));
			v = arena_printf(
				b->a, W(b, "verdict_line"), W(b, verdict ? verdict : "failed"),
				json_number_value(json_object_get(json_object_get(j, "before"), "rate")),
				json_number_value(json_object_get(json_object_get(j, "after"), "rate")),
				100 * json_number_value(json_object_get(j, "fell")));
			json_decref(j);
		}
		r[5] = text(v);
	}
}

static void build_cases(struct builder *b, const struct report_stats *s)
{
	section(b, "cases", W(b, "s_cases"),
		arena_printf(b->a, W(b, "n_improvements"), (long long)s->impr_total,
			     (long long)s->impr_made, (long long)s->impr_open,
			     (long long)s->impr_overdue, (long long)s->impr_awaiting,
			     (long long)s->impr_verified, (long long)s->impr_failed));
	struct dtable *t = table(b, "most_severe", W(b, "most_severe"), s->nsevere, 6, "tracking_no", "severity",
				 "status", "level", "reopens", "content");
	for (int i = 0; i < s->nsevere; i++) {
		const struct typical_case *c = &s->severe[i];
		struct dcell *r = row(t);
		r[0] = text(c->tracking_no), r[1] = text(V(b, c->severity));
		r[2] = text(V(b, c->status)), r[3] = text(level_of(b, c->level));
		r[4] = num(CELL_INT, c->reopen_count), r[5] = text(c->content);
	}
	t = table(b, "most_repeated", W(b, "most_repeated"), s->nrepeated, 4, "object", "count", "example", "content");
	for (int i = 0; i < s->nrepeated; i++) {
		const struct typical_case *c = &s->repeated[i];
		struct dcell *r = row(t);
		r[0] = text(c->object), r[1] = num(CELL_INT, (double)c->repeat);
		r[2] = text(c->tracking_no), r[3] = text(c->content);
	}
	build_improvements(b, s);
	t = table(b, "actions", W(b, "actions"), s->nactions, 6, "tracking_no", "department", "what", "status",
		  "due", "overdue");
	for (int i = 0; i < s->nactions; i++) {
		const struct action_row *x = &s->actions[i];
		char buf[40];
		struct dcell *r = row(t);
		r[0] = text(x->tracking_no), r[1] = text(x->department), r[2] = text(x->what);
		r[3] = text(V(b, x->state));
		r[4] = text(arena_strdup(b->a, clock_format_local(x->due_at, buf, sizeof buf)));
		r[5] = text(x->overdue ? W(b, "yes") : W(b, "no"));
	}
}

static void build_ideas(struct builder *b, const struct report_stats *s)
{
	section(b, "ideas", W(b, "s_ideas"),
		arena_printf(b->a, W(b, "n_ideas"), (long long)s->ideas_total, REPORT_IDEAS));
	struct dtable *t = table(b, "ideas", NULL, s->nideas, 5, "tracking_no", "registered_at",
				 "category", "object", "content");
	for (int i = 0; i < s->nideas; i++) {
		const struct idea_row *k = &s->ideas[i];
		char buf[40];
		struct dcell *r = row(t);
		r[0] = text(k->tracking_no);
		r[1] = text(arena_strdup(b->a, clock_format_local(k->created_at, buf, sizeof buf)));
		r[2] = text(k->category), r[3] = text(k->object), r[4] = text(k->content);
	}
}

static int64_t jint(json_t *o, const char *k)
{
	return json_integer_value(json_object_get(o, k));
}

/* The funnel rows of a list ({platform|agent, reviews, contacted, ...}). */
static void funnel_rows(struct builder *b, const char *key, const char *title, const char *head,
			const char *member, json_t *list, int translate)
{
	struct dtable *t = table(b, key, W(b, title), (int)json_array_size(list), 6, head,
				 "rv_reviews", "rv_contacted", "rv_agreed", "rv_changed",
				 "rv_changed_rate");
	size_t i;
	json_t *o;
	json_array_foreach(list, i, o) {
		const char *name = json_string_value(json_object_get(o, member));
		struct dcell *r = row(t);
		r[0] = text(translate ? V(b, name) : name);
		r[1] = num(CELL_INT, (double)jint(o, "reviews"));
		r[2] = num(CELL_INT, (double)jint(o, "contacted"));
		r[3] = num(CELL_INT, (double)jint(o, "agreed"));
		r[4] = num(CELL_INT, (double)jint(o, "changed"));
		r[5] = num(CELL_PCT, pct(jint(o, "changed"), jint(o, "agreed")));
	}
}

static void build_reviews(struct builder *b, const struct report *r)
{
	json_t *v = r->reviews; /* NULL reads as no reviews */
	section(b, "reviews", W(b, "s_reviews"), W(b, "n_reviews"));
	json_t *f = json_object_get(v, "funnel");
	struct dtable *t = table(b, "review_funnel", W(b, "rv_funnel"), 5, 3, "rv_step", "count",
				 "rv_of_previous");
	t->chart = jint(f, "reviews") ? CHART_BAR : CHART_NONE;
	const char *steps[5] = {"rv_reviews", "rv_contacted", "rv_reached", "rv_agreed", "rv_changed"};
	const char *keys[5] = {"reviews", "contacted", "reached", "agreed", "changed"};
	for (int i = 0; i < 5; i++) {
		struct dcell *c = row(t);
		c[0] = text(W(b, steps[i]));
		c[1] = num(CELL_INT, (double)jint(f, keys[i]));
		c[2] = num(CELL_PCT, i ? pct(jint(f, keys[i]), jint(f, keys[i - 1])) : NAN);
	}
	funnel_rows(b, "review_platforms", "rv_by_platform", "rv_platform", "platform",
		    json_object_get(v, "funnel_by_platform"), 1);
	funnel_rows(b, "review_agents", "rv_by_agent", "rv_agent", "agent",
		    json_object_get(v, "funnel_by_agent"), 0);
	json_t *causes = json_object_get(v, "causes");
	t = table(b, "review_causes", W(b, "rv_causes"), (int)json_array_size(causes), 4, "cause",
		  "count", "share", "cumulative");
	t->chart = json_array_size(causes) ? CHART_PARETO : CHART_NONE;
	size_t i;
	json_t *o;
	json_array_foreach(causes, i, o) {
		struct dcell *c = row(t);
		c[0] = text(cause_name(b, json_string_value(json_object_get(o, "cause"))));
		c[1] = num(CELL_INT, (double)jint(o, "count"));
		c[2] = num(CELL_PCT, json_real_value(json_object_get(o, "share")));
		c[3] = num(CELL_PCT, json_real_value(json_object_get(o, "cumulative")));
	}
	json_t *first = json_object_get(v, "first_contact_minutes"), *rate = json_object_get(v, "rate");
	t = table(b, "review_other", W(b, "rv_other"), 4, 2, "figure", "this");
	json_t *med = json_object_get(first, "median");
	struct dcell *c = row(t);
	c[0] = text(W(b, "rv_first_median"));
	c[1] = num(CELL_REAL, json_is_integer(med) ? (double)json_integer_value(med) / 60.0 : NAN);
	c = row(t);
	c[0] = text(W(b, "rv_breached")), c[1] = num(CELL_INT, (double)jint(v, "contact_breached"));
	c = row(t);
	c[0] = text(W(b, "rv_orders"));
	c[1] = num(CELL_INT, json_is_object(rate) ? (double)jint(rate, "orders") : NAN);
	c = row(t);
	c[0] = text(W(b, "rv_rate"));
	c[1] = num(CELL_PCT, json_is_object(rate) ? json_real_value(json_object_get(rate, "rate"))
						  : NAN);
}

static double jreal(json_t *v)
{
	return json_is_number(v) ? json_number_value(v) : NAN;
}

static double jhours(json_t *v)
{
	return json_is_integer(v) ? hours(json_integer_value(v)) : NAN;
}

/* A rating row: how many, the average, the share satisfied. */
static void rating_row(struct builder *b, struct dtable *t, const char *key, json_t *o)
{
	struct dcell *c = row(t);
	c[0] = text(W(b, key));
	c[1] = num(CELL_INT, (double)jint(o, "rated"));
	c[2] = num(CELL_REAL, jreal(json_object_get(o, "average")));
	c[3] = num(CELL_PCT, jreal(json_object_get(o, "satisfied_share")));
}

static void build_incidents(struct builder *b, const struct report *r)
{
	json_t *v = r->incidents, *list = json_object_get(v, "incidents"); /* NULL: none */
	size_t n = json_array_size(list);
	if (!n) {
		section(b, "incidents", W(b, "s_incidents"), W(b, "n_incidents_none"));
		return;
	}
	const char *note = W(b, "n_incidents");
	if (json_is_true(json_object_get(v, "more"))) {
		int max = (int)jint(v, "listed_max");
		note = arena_printf(b->a, "%s %s", note,
				    arena_printf(b->a, W(b, "n_incidents_more"), max, max));
	}
	section(b, "incidents", W(b, "s_incidents"), note);
	struct dtable *t = table(b, "incidents", NULL, (int)n + 1, 8, "inc_title", "cause",
				 "inc_state", "inc_customers", "inc_to_confirm", "inc_to_message",
				 "inc_remedy", "satisfaction_avg");
	size_t i;
	json_t *o;
	json_array_foreach(list, i, o) {
		const char *cause = json_string_value(json_object_get(o, "cause"));
		int k = enum_index(en_incident_state, json_string_value(json_object_get(o, "state")));
		struct dcell *c = row(t);
		c[0] = text(json_string_value(json_object_get(o, "title")));
		c[1] = text(cause && *cause ? cause_name(b, cause) : V(b, ""));
		c[2] = text(k >= 0 ? en_incident_state[k].label[b->lang]
				   : V(b, json_string_value(json_object_get(o, "state"))));
		c[3] = num(CELL_INT, (double)jint(o, "customers"));
		c[4] = num(CELL_REAL, jhours(json_object_get(o, "to_confirm_ms")));
		c[5] = num(CELL_REAL, jhours(json_object_get(o, "to_first_message_ms")));
		c[6] = num(CELL_YUAN, yuan(jint(o, "remedy_fen")));
		c[7] = num(CELL_REAL,
			   jreal(json_object_get(json_object_get(o, "satisfaction"), "average")));
	}
	json_t *tot = json_object_get(v, "totals"), *sat = json_object_get(v, "satisfaction");
	struct dcell *c = row(t);
	c[0] = text(W(b, "inc_total")), c[1] = text(NULL), c[2] = text(NULL);
	c[3] = num(CELL_INT, (double)jint(tot, "customers"));
	c[4] = num(CELL_REAL, jhours(json_object_get(tot, "to_confirm_median_ms")));
	c[5] = num(CELL_REAL, jhours(json_object_get(tot, "to_first_message_median_ms")));
	c[6] = num(CELL_YUAN, yuan(jint(tot, "remedy_fen")));
	c[7] = num(CELL_REAL,
		   jreal(json_object_get(json_object_get(sat, "incidents"), "average")));
	t = table(b, "incident_satisfaction", W(b, "inc_satisfaction"), 2, 4, "group", "inc_rated",
		  "satisfaction_avg", "inc_satisfied");
	json_t *ours = json_object_get(sat, "incidents"), *rest = json_object_get(sat, "rest");
	/* the two averages side by side, when both have one */
	t->chart = jint(ours, "rated") && jint(rest, "rated") ? CHART_BAR : CHART_NONE;
	t->value_col = 2;
	rating_row(b, t, "inc_ours", ours);
	rating_row(b, t, "inc_rest", rest);
}

/* A window's rate: NaN when none of the group's windows is over. */
static struct dcell rate_cell(json_t *group, const char *window)
{
	return num(CELL_PCT, jreal(json_object_get(json_object_get(group, window), "rate")));
}

static void build_winback(struct builder *b, const struct report *r)
{
	json_t *v = r->winback;
	if (!json_is_true(json_object_get(v, "orders_imported"))) {
		section(b, "winback", W(b, "s_winback"), W(b, "n_winback_none"));
		return;
	}
	char horizon[40];
	int64_t h = 0;
	clock_parse_rfc3339(json_string_value(json_object_get(v, "horizon")), &h);
	clock_format_local(h, horizon, sizeof horizon);
	section(b, "winback", W(b, "s_winback"), arena_printf(b->a, W(b, "n_winback"), horizon));
	static const char *const groups[5] = {"resolved", "satisfied", "not_satisfied",
					      "satisfaction_unknown", "baseline"};
	static const char *const names[5] = {"wb_resolved", "wb_satisfied", "wb_not_satisfied",
					     "wb_unknown", "wb_baseline"};
	json_t *total = json_object_get(v, "total");
	struct dtable *t = table(b, "winback", W(b, "wb_groups"), 5, 5, "group", "wb_n", "wb_d30",
				 "wb_d90", "wb_d180");
	t->chart = CHART_NONE;
	for (int i = 0; i < 5; i++) {
		json_t *g = json_object_get(total, groups[i]);
		struct dcell *c = row(t);
		c[0] = text(W(b, names[i]));
		c[1] = num(CELL_INT, (double)jint(g, "n"));
		c[2] = rate_cell(g, "d30");
		c[3] = rate_cell(g, "d90");
		c[4] = rate_cell(g, "d180");
	}
	json_t *months = json_object_get(v, "months");
	size_t i, n = 0;
	json_t *m;
	json_array_foreach(months, i, m)
		n += jint(json_object_get(m, "resolved"), "n") || jint(json_object_get(m, "baseline"), "n");
	if (!n)
		return;
	t = table(b, "winback_months", W(b, "wb_months"), (int)n, 6, "wb_month", "wb_complainants",
		  "wb_d30", "wb_d90", "wb_d180", "wb_base_d90");
	t->chart = CHART_NONE;
	json_array_foreach(months, i, m) {
		json_t *g = json_object_get(m, "resolved"), *base = json_object_get(m, "baseline");
		if (!jint(g, "n") && !jint(base, "n"))
			continue;
		struct dcell *c = row(t);
		c[0] = text(json_string_value(json_object_get(m, "month")));
		c[1] = num(CELL_INT, (double)jint(g, "n"));
		c[2] = rate_cell(g, "d30");
		c[3] = rate_cell(g, "d90");
		c[4] = rate_cell(g, "d180");
		c[5] = rate_cell(base, "d90");
	}
}

struct ddoc *doc_build(const struct report *r, const char *lang, struct arena *a)
{
	struct ddoc *d = arena_zalloc(a, sizeof *d);
	struct builder b = {a, lang_ix(lang), r->causes, d, NULL};
	d->lang = b.lang == 0 ? "zh-CN" : b.lang == 1 ? "zh-TW" : "en";
	d->font = b.lang == 1 ? "Noto Sans CJK TC" : "Noto Sans CJK SC";
	d->title = W(&b, "title");
	/* the business's name heads the report; a neutral one if none is set */
	d->company = r->company && *r->company ? r->company : W(&b, "company_default");
	d->conclusion_title = W(&b, "conclusion");
	d->conclusion = arena_alloc(a, sizeof *d->conclusion * REPORT_SENTENCES);
	d->nconclusion = report_conclusion(r, d->lang, a, d->conclusion);
	d->none = W(&b, "none");
	char f[40], t[40], g[40];
	clock_format_local(r->cur.f.from, f, sizeof f);
	clock_format_local(r->cur.f.to - 1, t, sizeof t);
	d->subtitle = arena_printf(a, "%s %.10s – %.10s · %s %s", W(&b, "period"), f, t, W(&b, "team"),
				   r->team_name ? r->team_name : W(&b, "all_teams"));
	d->generated = arena_printf(a, "%s %s", W(&b, "generated"),
				    clock_format_local(r->generated_at, g, sizeof g));
	d->sections = arena_zalloc(a, sizeof *d->sections * 16);
	build_summary(&b, r);
	build_volume(&b, &r->cur);
	build_categories(&b, &r->cur);
	build_causes(&b, &r->cur);
	build_validity(&b, &r->cur);
	build_responsibility(&b, &r->cur);
	build_clocks(&b, &r->cur);
	build_escalations(&b, &r->cur);
	build_compensation(&b, &r->cur);
	build_satisfaction(&b, &r->cur);
	build_risk(&b, &r->cur);
	build_cases(&b, &r->cur);
	build_ideas(&b, &r->cur);
	build_reviews(&b, r);
	build_incidents(&b, r);
	build_winback(&b, r);
	return d;
}

const struct dtable *doc_table(const struct ddoc *d, const char *key)
{
	for (int i = 0; i < d->nsections; i++)
		for (int k = 0; k < d->sections[i].ntables; k++)
			if (d->sections[i].tables[k].key && !strcmp(d->sections[i].tables[k].key, key))
				return &d->sections[i].tables[k];
	return NULL;
}

/* 1234567 -> "1,234,567" */
static const char *grouped(long long n, struct arena *a)
{
	char digits[32];
	snprintf(digits, sizeof digits, "%lld", n < 0 ? -n : n);
	size_t len = strlen(digits);
	char *out = arena_alloc(a, len + len / 3 + 3);
	char *o = out;
	if (n < 0)
		*o++ = '-';
	for (size_t i = 0; i < len; i++) {
		if (i && (len - i) % 3 == 0)
			*o++ = ',';
		*o++ = digits[i];
	}
	*o = '\0';
	return out;
}

const char *doc_cell_text(const struct dcell *c, struct arena *a)
{
	if (c->kind == CELL_TEXT)
		return c->text ? c->text : "";
	if (isnan(c->v))
		return "–";
	switch (c->kind) {
	case CELL_INT: return grouped(llround(c->v), a);
	case CELL_REAL: return arena_printf(a, "%.1f", c->v);
	case CELL_PCT: return arena_printf(a, "%.1f%%", c->v * 100);
	case CELL_HOURS: return arena_printf(a, "%.1f h", c->v);
	case CELL_YUAN: {
		long long fen = llround(c->v * 100);
		return arena_printf(a, "¥%s.%02lld", grouped(fen / 100, a), (fen < 0 ? -fen : fen) % 100);
	}
	default: return "";
	}
}
