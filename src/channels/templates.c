/*
 * templates.c - what each notice says, by kind, language and channel: the
 * built-in wording, an administrator's edits from the store, and filling
 * in the {placeholders}.
 */
#include "channels.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/enums.h"

const char *const ch_template_kinds[] = {
	"acknowledged", "progress", "department_asked", "plan_proposed", "awaiting_customer",
	"resolved", "follow_up", "reopened", "message", "merged", "task", "report",
	"incident_message", "handling_notice", "action", "action_failed", "action_told", "thanks",
	/* a review's, one per platform (render() in sender.c picks by the
	 * notice's platform): the same order as review_platforms below */
	"review_change_taobao", "review_change_tmall", "review_change_jd",
	"review_change_pinduoduo", "review_change_meituan", "review_change_dianping",
	"review_change_douyin", "review_change_other",
	"review_reminder_taobao", "review_reminder_tmall", "review_reminder_jd",
	"review_reminder_pinduoduo", "review_reminder_meituan", "review_reminder_dianping",
	"review_reminder_douyin", "review_reminder_other", NULL};
const char *const ch_languages[] = {"zh-CN", "zh-TW", "en", NULL};

/* The built-in wording. Customers must never wait in silence (domain 2):
 * every text says where the complaint stands and where to look. */
struct builtin {
	const char *kind, *language, *channel;
	struct ch_template t;
};

#define SMS(k, l, b) {k, l, "sms", {NULL, b, 0, NULL, 0}}
#define MAIL(k, l, s, b) {k, l, "email", {s, b, 0, NULL, 0}}

static const struct builtin builtins[] = {
	/* --- zh-CN ---------------------------------------------------------- */
	SMS("acknowledged", "zh-CN",
	    "您的投诉已收到，编号 {tracking_no}，问题已经在处理中。查看进度：{status_url}"),
	MAIL("acknowledged", "zh-CN", "我们已收到您的投诉（编号 {tracking_no}）",
	     "{customer_name}，您好：\n\n"
	     "我们已收到您的投诉，编号 {tracking_no}。问题已经在处理中，每一步进展我们都会告诉您。\n\n"
	     "查看处理进度、补充信息：\n{status_url}\n\n"
	     "如需联系我们，请直接回复本邮件（请保留标题中的投诉编号）。\n\n"
	     "{company} 客户服务中心"),
	/* {progress} is the agent's own line, written to follow 我们正在 */
	SMS("progress", "zh-CN",
	    "您的投诉 {tracking_no} 已由专人处理：我们正在{progress}；我们将在 {next_contact} 前再联系您。进度：{status_url}"),
	MAIL("progress", "zh-CN", "您的投诉 {tracking_no} 正在处理",
	     "{customer_name}，您好：\n\n"
	     "您的投诉 {tracking_no} 已由专人处理，当前状态：{status}。\n\n"
	     "我们正在{progress}；我们将在 {next_contact} 前再联系您。\n\n"
	     "查看进度：\n{status_url}\n\n{company} 客户服务中心"),
	SMS("department_asked", "zh-CN",
	    "您的投诉 {tracking_no}：我们已请相关部门协助。我们正在{progress}；我们将在 {next_contact} 前再联系您。进度：{status_url}"),
	MAIL("department_asked", "zh-CN", "您的投诉 {tracking_no}：相关部门正在协助处理",
	     "{customer_name}，您好：\n\n"
	     "为了解决您的投诉 {tracking_no}，我们已请相关部门协助。\n\n"
	     "我们正在{progress}；我们将在 {next_contact} 前再联系您。\n\n"
	     "查看进度：\n{status_url}\n\n{company} 客户服务中心"),
	SMS("plan_proposed", "zh-CN",
	    "关于您的投诉 {tracking_no}，我们提出的方案：{reason} 请在这里答复：{status_url} 我们正在{progress}；我们将在 {next_contact} 前再联系您。"),
	MAIL("plan_proposed", "zh-CN", "关于投诉 {tracking_no}，我们为您提出了解决方案",
	     "{customer_name}，您好：\n\n"
	     "关于您的投诉 {tracking_no}，我们为您提出的解决方案：\n{reason}\n\n"
	     "请在这里答复（接受、不接受或提出您的要求）：\n{status_url}\n\n"
	     "我们正在{progress}；我们将在 {next_contact} 前再联系您。\n\n"
	     "{company} 客户服务中心"),
	SMS("awaiting_customer", "zh-CN",
	    "关于您的投诉 {tracking_no}，我们需要您补充：{reason}。请回复或访问 {status_url}"),
	MAIL("awaiting_customer", "zh-CN", "关于投诉 {tracking_no}，需要您补充信息",
	     "{customer_name}，您好：\n\n"
	     "为了尽快处理您的投诉 {tracking_no}，我们需要您补充：\n{reason}\n\n"
	     "请直接回复本邮件，或在这里补充：\n{status_url}\n\n"
	     "收到您的答复后我们会立即继续处理。\n\n{company} 客户服务中心"),
	SMS("resolved", "zh-CN",
	    "您的投诉 {tracking_no} 已处理：{reason}。如仍有不满意，请告诉我们：{status_url}"),
	MAIL("resolved", "zh-CN", "您的投诉 {tracking_no} 已处理",
	     "{customer_name}，您好：\n\n"
	     "感谢您的耐心。您的投诉 {tracking_no} 已处理：\n{reason}\n\n"
	     "如果处理结果未能让您满意，或还有其他需要，请告诉我们：\n{status_url}\n\n"
	     "{company} 客户服务中心"),
	SMS("follow_up", "zh-CN",
	    "您好，关于投诉 {tracking_no} 的处理结果，您满意吗？请用一分钟告诉我们：{survey_url}"),
	MAIL("follow_up", "zh-CN", "您对投诉 {tracking_no} 的处理满意吗？",
	     "{customer_name}，您好：\n\n"
	     "您的投诉 {tracking_no} 已处理完毕。我们想知道您是否满意，方案是否已经落实，"
	     "以及您对我们的建议：\n{survey_url}\n\n"
	     "您的意见会帮助我们做得更好。\n\n{company} 客户服务中心"),
	SMS("reopened", "zh-CN",
	    "您的投诉 {tracking_no} 已重新处理：{reason}。我们会尽快给您新的方案。{status_url}"),
	MAIL("reopened", "zh-CN", "您的投诉 {tracking_no} 已重新处理",
	     "{customer_name}，您好：\n\n"
	     "您的投诉 {tracking_no} 已重新开始处理：\n{reason}\n\n"
	     "我们会尽快给您一个满意的新方案。查看进度：\n{status_url}\n\n"
	     "{company} 客户服务中心"),
	SMS("merged", "zh-CN",
	    "您的投诉 {tracking_no} 与投诉 {original} 是同一件事，已合并到 {original} 一并处理，今后的进展都以 {original} 告诉您。{status_url}"),
	MAIL("merged", "zh-CN", "您的投诉 {tracking_no} 已合并到 {original} 一并处理",
	     "{customer_name}，您好：\n\n"
	     "您的投诉 {tracking_no} 与投诉 {original} 是同一件事。为了不让您重复说明、等待两次，"
	     "我们已把它合并到 {original} 一并处理，今后的进展都以编号 {original} 告诉您。\n\n"
	     "您补充的信息我们都会看到：\n{status_url}\n\n{company} 客户服务中心"),
	SMS("message", "zh-CN", "关于您的投诉 {tracking_no}：{reason} 详情：{status_url}"),
	MAIL("message", "zh-CN", "关于您的投诉 {tracking_no}",
	     "{customer_name}，您好：\n\n{reason}\n\n查看进度、回复我们：\n{status_url}\n\n"
	     "{company} 客户服务中心"),
	SMS("incident_message", "zh-CN",
	    "关于您的投诉 {tracking_no}：{message}{expected} 详情：{status_url}"),
	MAIL("incident_message", "zh-CN", "关于您的投诉 {tracking_no}：最新情况",
	     "{customer_name}，您好：\n\n{message}\n{expected}\n\n查看处理进度、回复我们：\n{status_url}\n\n{company} 客户服务中心"),
	MAIL("action", "zh-CN", "【改进措施】{title}",
	     "{department}：\n\n"
	     "客户投诉反映出的问题（原因：{reason}）需要贵部门改进：\n{task}\n\n"
	     "请在 {due} 前完成。打开下面的链接确认接受、报告完成并附上证据：\n{link}\n\n"
	     "完成后我们会比较前后几周同类投诉的数量，确认改进是否见效。\n\n"
	     "{company} 客户服务中心"),
	MAIL("action_failed", "zh-CN", "【改进措施未见效】{title}",
	     "{department}：\n\n"
	     "改进措施“{task}”完成后，同类投诉（原因：{reason}）没有明显减少：{message}\n\n"
	     "措施已重新打开，请在 {due} 前进一步改进，并通过下面的链接报告：\n{link}\n\n"
	     "{company} 客户服务中心"),
	SMS("action_told", "zh-CN",
	    "关于您的投诉 {tracking_no}：根据您的意见，我们已做出改进：{message} 感谢您！"),
	MAIL("action_told", "zh-CN", "关于您的投诉 {tracking_no}：我们做了改进",
	     "{customer_name}，您好：\n\n感谢您此前的投诉。根据您反映的问题，我们已做出以下改进：\n"
	     "{message}\n\n我们会持续关注，避免同样的问题再次发生。\n\n{company} 客户服务中心"),
	MAIL("handling_notice", "zh-CN", "【投诉工作部署通知】{title}",
	     "{department}：\n\n{notice}\n\n{company} 客户服务中心"),
	/* the monthly thank-you letter (domain.md 6): thanks for speaking up,
	 * glad it ended well, no going back over the problem; how to receive
	 * no more such letters comes last */
	SMS("thanks", "zh-CN",
	    "{customer_name}您好，感谢您告诉我们投诉 {tracking_no} 中遇到的问题，您的意见让我们做得更好。很高兴问题已经圆满解决，期待继续为您服务！{thanks_note}不想再收到感谢信：{opt_out_url}"),
	MAIL("thanks", "zh-CN", "感谢您的宝贵意见",
	     "{customer_name}，您好：\n\n"
	     "感谢您告诉我们您遇到的问题（投诉编号 {tracking_no}）。正是您的意见让我们发现了不足，"
	     "改进了我们的产品和服务。很高兴这件事已经圆满解决，期待继续为您服务。\n\n"
	     "{thanks_note}如有任何需要，欢迎随时联系我们。\n\n{company} 客户服务中心\n\n"
	     "如不希望再收到此类感谢信，请打开：{opt_out_url}"),
	MAIL("report", "zh-CN", "投诉工作报告 {period}",
	     "您好：\n\n附件是 {period} 的投诉工作报告：投诉量与原因、处理时限、升级、补偿、"
	     "满意度、客户流失风险、典型案例与改进措施。\n\n{company} 客户服务中心"),
	/* to an address given on the portal, until its owner confirms it: the
	 * business's words only (sender.c); not one of ch_template_kinds, so
	 * no edit can bring the customer's text back in */
	MAIL("verify", "zh-CN", "请确认您的邮箱（投诉编号 {tracking_no}）",
	     "您好：\n\n"
	     "有人在 {company} 的投诉页面登记了投诉 {tracking_no}，留下了这个邮箱。\n\n"
	     "如果是您本人，请打开下面的链接确认邮箱，之后的处理进展会发到这里：\n{verify_url}\n\n"
	     "也可以在投诉页面输入确认码：{verify_code}\n\n"
	     "如果不是您，请忽略本邮件。\n\n{company} 客户服务中心"),
	MAIL("task", "zh-CN", "【投诉协办】{tracking_no}：{task}",
	     "{department}：\n\n"
	     "投诉 {tracking_no} 需要贵部门协助处理：\n{task}\n\n"
	     "请在 {due} 前答复客户服务中心。\n\n{company} 客户服务中心"),

	/* --- zh-TW ---------------------------------------------------------- */
	SMS("acknowledged", "zh-TW",
	    "您的客訴已收到，編號 {tracking_no}，問題已在處理中。查看進度：{status_url}"),
	MAIL("acknowledged", "zh-TW", "我們已收到您的客訴（編號 {tracking_no}）",
	     "{customer_name}，您好：\n\n"
	     "我們已收到您的客訴，編號 {tracking_no}。問題已在處理中，每一步進展我們都會告訴您。\n\n"
	     "查看處理進度、補充資料：\n{status_url}\n\n"
	     "如需聯絡我們，請直接回覆本郵件（請保留標題中的客訴編號）。\n\n"
	     "{company} 客戶服務中心"),
	SMS("progress", "zh-TW",
	    "您的客訴 {tracking_no} 已由專人處理：我們正在{progress}；我們將在 {next_contact} 前再與您聯繫。進度：{status_url}"),
	MAIL("progress", "zh-TW", "您的客訴 {tracking_no} 處理中",
	     "{customer_name}，您好：\n\n"
	     "您的客訴 {tracking_no} 已由專人處理，目前狀態：{status}。\n\n"
	     "我們正在{progress}；我們將在 {next_contact} 前再與您聯繫。\n\n"
	     "查看進度：\n{status_url}\n\n{company} 客戶服務中心"),
	SMS("department_asked", "zh-TW",
	    "您的客訴 {tracking_no}：我們已請相關部門協助。我們正在{progress}；我們將在 {next_contact} 前再與您聯繫。進度：{status_url}"),
	MAIL("department_asked", "zh-TW", "您的客訴 {tracking_no}：相關部門正在協助處理",
	     "{customer_name}，您好：\n\n"
	     "為了解決您的客訴 {tracking_no}，我們已請相關部門協助。\n\n"
	     "我們正在{progress}；我們將在 {next_contact} 前再與您聯繫。\n\n"
	     "查看進度：\n{status_url}\n\n{company} 客戶服務中心"),
	SMS("plan_proposed", "zh-TW",
	    "關於您的客訴 {tracking_no}，我們提出的方案：{reason} 請在此答覆：{status_url} 我們正在{progress}；我們將在 {next_contact} 前再與您聯繫。"),
	MAIL("plan_proposed", "zh-TW", "關於客訴 {tracking_no}，我們為您提出了解決方案",
	     "{customer_name}，您好：\n\n"
	     "關於您的客訴 {tracking_no}，我們為您提出的解決方案：\n{reason}\n\n"
	     "請在此答覆（接受、不接受或提出您的要求）：\n{status_url}\n\n"
	     "我們正在{progress}；我們將在 {next_contact} 前再與您聯繫。\n\n"
	     "{company} 客戶服務中心"),
	SMS("awaiting_customer", "zh-TW",
	    "關於您的客訴 {tracking_no}，我們需要您補充：{reason}。請回覆或前往 {status_url}"),
	MAIL("awaiting_customer", "zh-TW", "關於客訴 {tracking_no}，需要您補充資料",
	     "{customer_name}，您好：\n\n"
	     "為了盡快處理您的客訴 {tracking_no}，我們需要您補充：\n{reason}\n\n"
	     "請直接回覆本郵件，或在此補充：\n{status_url}\n\n"
	     "收到您的回覆後我們會立即繼續處理。\n\n{company} 客戶服務中心"),
	SMS("resolved", "zh-TW",
	    "您的客訴 {tracking_no} 已處理：{reason}。如仍不滿意，請告訴我們：{status_url}"),
	MAIL("resolved", "zh-TW", "您的客訴 {tracking_no} 已處理",
	     "{customer_name}，您好：\n\n"
	     "感謝您的耐心。您的客訴 {tracking_no} 已處理：\n{reason}\n\n"
	     "如果處理結果未能讓您滿意，或還有其他需要，請告訴我們：\n{status_url}\n\n"
	     "{company} 客戶服務中心"),
	SMS("follow_up", "zh-TW",
	    "您好，關於客訴 {tracking_no} 的處理結果，您滿意嗎？請花一分鐘告訴我們：{survey_url}"),
	MAIL("follow_up", "zh-TW", "您對客訴 {tracking_no} 的處理滿意嗎？",
	     "{customer_name}，您好：\n\n"
	     "您的客訴 {tracking_no} 已處理完畢。我們想知道您是否滿意、方案是否已經落實，"
	     "以及您對我們的建議：\n{survey_url}\n\n"
	     "您的意見會幫助我們做得更好。\n\n{company} 客戶服務中心"),
	SMS("reopened", "zh-TW",
	    "您的客訴 {tracking_no} 已重新處理：{reason}。我們會盡快提出新的方案。{status_url}"),
	MAIL("reopened", "zh-TW", "您的客訴 {tracking_no} 已重新處理",
	     "{customer_name}，您好：\n\n"
	     "您的客訴 {tracking_no} 已重新開始處理：\n{reason}\n\n"
	     "我們會盡快提出讓您滿意的新方案。查看進度：\n{status_url}\n\n"
	     "{company} 客戶服務中心"),
	SMS("merged", "zh-TW",
	    "您的客訴 {tracking_no} 與客訴 {original} 是同一件事，已合併到 {original} 一併處理，之後的進度都以 {original} 告訴您。{status_url}"),
	MAIL("merged", "zh-TW", "您的客訴 {tracking_no} 已合併到 {original} 一併處理",
	     "{customer_name}，您好：\n\n"
	     "您的客訴 {tracking_no} 與客訴 {original} 是同一件事。為了不讓您重複說明、等待兩次，"
	     "我們已將它合併到 {original} 一併處理，之後的進度都以編號 {original} 告訴您。\n\n"
	     "您補充的資訊我們都會看到：\n{status_url}\n\n{company} 客戶服務中心"),
	SMS("message", "zh-TW", "關於您的客訴 {tracking_no}：{reason} 詳情：{status_url}"),
	MAIL("message", "zh-TW", "關於您的客訴 {tracking_no}",
	     "{customer_name}，您好：\n\n{reason}\n\n查看進度、回覆我們：\n{status_url}\n\n"
	     "{company} 客戶服務中心"),
	SMS("incident_message", "zh-TW",
	    "關於您的客訴 {tracking_no}：{message}{expected} 詳情：{status_url}"),
	MAIL("incident_message", "zh-TW", "關於您的客訴 {tracking_no}：最新情況",
	     "{customer_name}，您好：\n\n{message}\n{expected}\n\n查看處理進度、回覆我們：\n{status_url}\n\n{company} 客戶服務中心"),
	MAIL("action", "zh-TW", "【改善措施】{title}",
	     "{department}：\n\n"
	     "顧客客訴反映出的問題（原因：{reason}）需要貴部門改善：\n{task}\n\n"
	     "請在 {due} 前完成。打開下面的連結確認接受、回報完成並附上證據：\n{link}\n\n"
	     "完成後我們會比較前後幾週同類客訴的數量，確認改善是否見效。\n\n"
	     "{company} 客戶服務中心"),
	MAIL("action_failed", "zh-TW", "【改善措施未見效】{title}",
	     "{department}：\n\n"
	     "改善措施「{task}」完成後，同類客訴（原因：{reason}）沒有明顯減少：{message}\n\n"
	     "措施已重新開啟，請在 {due} 前進一步改善，並透過下面的連結回報：\n{link}\n\n"
	     "{company} 客戶服務中心"),
	SMS("action_told", "zh-TW",
	    "關於您的客訴 {tracking_no}：根據您的意見，我們已做出改善：{message} 感謝您！"),
	MAIL("action_told", "zh-TW", "關於您的客訴 {tracking_no}：我們做了改善",
	     "{customer_name}，您好：\n\n感謝您先前的客訴。根據您反映的問題，我們已做出以下改善：\n"
	     "{message}\n\n我們會持續關注，避免同樣的問題再次發生。\n\n{company} 客戶服務中心"),
	MAIL("handling_notice", "zh-TW", "【客訴工作部署通知】{title}",
	     "{department}：\n\n{notice}\n\n{company} 客戶服務中心"),
	SMS("thanks", "zh-TW",
	    "{customer_name}您好，感謝您告訴我們客訴 {tracking_no} 中遇到的問題，您的意見讓我們做得更好。很高興問題已經圓滿解決，期待繼續為您服務！{thanks_note}不想再收到感謝信：{opt_out_url}"),
	MAIL("thanks", "zh-TW", "感謝您的寶貴意見",
	     "{customer_name}，您好：\n\n"
	     "感謝您告訴我們您遇到的問題（客訴編號 {tracking_no}）。正是您的意見讓我們發現了不足，"
	     "改進了我們的產品與服務。很高興這件事已經圓滿解決，期待繼續為您服務。\n\n"
	     "{thanks_note}如有任何需要，歡迎隨時與我們聯繫。\n\n{company} 客戶服務中心\n\n"
	     "如不希望再收到此類感謝信，請開啟：{opt_out_url}"),
	MAIL("report", "zh-TW", "客訴工作報告 {period}",
	     "您好：\n\n附件是 {period} 的客訴工作報告：客訴量與原因、處理時限、升級、補償、"
	     "滿意度、客戶流失風險、典型案例與改善措施。\n\n{company} 客戶服務中心"),
	MAIL("verify", "zh-TW", "請確認您的電子郵件（客訴編號 {tracking_no}）",
	     "您好：\n\n"
	     "有人在 {company} 的客訴頁面登記了客訴 {tracking_no}，留下了這個電子郵件地址。\n\n"
	     "如果是您本人，請開啟下面的連結確認，之後的處理進展會寄到這裡：\n{verify_url}\n\n"
	     "也可以在客訴頁面輸入確認碼：{verify_code}\n\n"
	     "如果不是您，請忽略本郵件。\n\n{company} 客戶服務中心"),
	MAIL("task", "zh-TW", "【客訴協辦】{tracking_no}：{task}",
	     "{department}：\n\n"
	     "客訴 {tracking_no} 需要貴部門協助處理：\n{task}\n\n"
	     "請於 {due} 前回覆客戶服務中心。\n\n{company} 客戶服務中心"),

	/* --- en ------------------------------------------------------------- */
	SMS("acknowledged", "en",
	    "We have received your complaint {tracking_no} and are working on it. Status: {status_url}"),
	MAIL("acknowledged", "en", "We have received your complaint ({tracking_no})",
	     "Dear {customer_name},\n\n"
	     "We have received your complaint, reference {tracking_no}. We are already working on "
	     "it and will tell you about every step.\n\n"
	     "See its status or add information here:\n{status_url}\n\n"
	     "To reach us, simply reply to this e-mail (please keep the reference in the "
	     "subject).\n\n{company} Customer Service"),
	SMS("progress", "en",
	    "Your complaint {tracking_no}: we are {progress}; we will contact you again by {next_contact}. Status: {status_url}"),
	MAIL("progress", "en", "Your complaint {tracking_no} is being handled",
	     "Dear {customer_name},\n\n"
	     "A member of our team is handling your complaint {tracking_no} (now: {status}).\n\n"
	     "We are {progress}; we will contact you again by {next_contact}.\n\n"
	     "Status:\n{status_url}\n\n{company} Customer Service"),
	SMS("department_asked", "en",
	    "Your complaint {tracking_no}: we have asked another department to help. We are {progress}; we will contact you again by {next_contact}. Status: {status_url}"),
	MAIL("department_asked", "en", "Your complaint {tracking_no}: another department is helping",
	     "Dear {customer_name},\n\n"
	     "To resolve your complaint {tracking_no}, we have asked another department to help.\n\n"
	     "We are {progress}; we will contact you again by {next_contact}.\n\n"
	     "Status:\n{status_url}\n\n{company} Customer Service"),
	SMS("plan_proposed", "en",
	    "Your complaint {tracking_no}: we propose {reason} Please answer here: {status_url} We are {progress}; we will contact you again by {next_contact}."),
	MAIL("plan_proposed", "en", "Your complaint {tracking_no}: our proposal",
	     "Dear {customer_name},\n\n"
	     "For your complaint {tracking_no}, we propose:\n{reason}\n\n"
	     "Please answer here (accept, decline or tell us what you ask instead):\n"
	     "{status_url}\n\n"
	     "We are {progress}; we will contact you again by {next_contact}.\n\n"
	     "{company} Customer Service"),
	SMS("awaiting_customer", "en",
	    "About your complaint {tracking_no}, we need from you: {reason}. Reply or visit {status_url}"),
	MAIL("awaiting_customer", "en", "Your complaint {tracking_no}: we need a few details",
	     "Dear {customer_name},\n\n"
	     "To resolve your complaint {tracking_no} quickly, we need from you:\n{reason}\n\n"
	     "Please reply to this e-mail, or add it here:\n{status_url}\n\n"
	     "We will carry on as soon as we hear from you.\n\n{company} Customer Service"),
	SMS("resolved", "en",
	    "Your complaint {tracking_no} has been resolved: {reason}. Not satisfied? Tell us: {status_url}"),
	MAIL("resolved", "en", "Your complaint {tracking_no} has been resolved",
	     "Dear {customer_name},\n\n"
	     "Thank you for your patience. Your complaint {tracking_no} has been resolved:\n"
	     "{reason}\n\n"
	     "If the outcome does not satisfy you, or you need anything else, please tell us:\n"
	     "{status_url}\n\n{company} Customer Service"),
	SMS("follow_up", "en",
	    "Are you satisfied with how we handled complaint {tracking_no}? One minute: {survey_url}"),
	MAIL("follow_up", "en", "Are you satisfied with how we handled {tracking_no}?",
	     "Dear {customer_name},\n\n"
	     "Your complaint {tracking_no} has been resolved. We would like to know whether you "
	     "are satisfied, whether what we promised was done, and any advice you have for us:\n"
	     "{survey_url}\n\n"
	     "Your answer helps us do better.\n\n{company} Customer Service"),
	SMS("reopened", "en",
	    "Your complaint {tracking_no} has been reopened: {reason}. A new proposal follows soon. {status_url}"),
	MAIL("reopened", "en", "Your complaint {tracking_no} has been reopened",
	     "Dear {customer_name},\n\n"
	     "We have reopened your complaint {tracking_no}:\n{reason}\n\n"
	     "We will come back to you with a new proposal soon. Status:\n{status_url}\n\n"
	     "{company} Customer Service"),
	SMS("merged", "en",
	    "Your complaint {tracking_no} is the same matter as complaint {original}: it is now handled together under {original}, and you will hear of its progress under that number. {status_url}"),
	MAIL("merged", "en", "Your complaint {tracking_no} is handled together with {original}",
	     "Dear {customer_name},\n\n"
	     "Your complaint {tracking_no} is the same matter as complaint {original}. So that you need not "
	     "explain it twice or wait twice, we now handle it together under {original}, and you will hear "
	     "of its progress under that number.\n\n"
	     "Anything you add here still reaches us:\n{status_url}\n\n{company} Customer Service"),
	SMS("message", "en", "About your complaint {tracking_no}: {reason} See: {status_url}"),
	MAIL("message", "en", "About your complaint {tracking_no}",
	     "Dear {customer_name},\n\n{reason}\n\nSee its status or answer us here:\n{status_url}\n\n"
	     "{company} Customer Service"),
	SMS("incident_message", "en",
	    "About your complaint {tracking_no}: {message}{expected} See: {status_url}"),
	MAIL("incident_message", "en", "About your complaint {tracking_no}: the latest",
	     "Dear {customer_name},\n\n{message}\n{expected}\n\nSee its status or answer us here:\n{status_url}\n\n{company} Customer Service"),
	MAIL("action", "en", "[Improvement action] {title}",
	     "{department},\n\n"
	     "Customers' complaints (cause: {reason}) call for a change in your department:\n{task}\n\n"
	     "Please make it by {due}. Open this link to accept it and to report it done with its"
	     " evidence:\n{link}\n\n"
	     "Once done, we compare the complaints of the same kind in the weeks before and after"
	     " to see whether it worked.\n\n{company} Customer Service"),
	MAIL("action_failed", "en", "[Improvement action did not work] {title}",
	     "{department},\n\n"
	     "After the change \"{task}\", complaints of the same kind (cause: {reason}) did not"
	     " fall enough: {message}\n\n"
	     "The action is open again: please change more by {due} and report it here:\n{link}\n\n"
	     "{company} Customer Service"),
	SMS("action_told", "en",
	    "About your complaint {tracking_no}: following it, we changed this: {message} Thank you!"),
	MAIL("action_told", "en", "About your complaint {tracking_no}: what we changed",
	     "Dear {customer_name},\n\nThank you for your complaint. Following what you told us, we"
	     " made this change:\n{message}\n\nWe keep watching so that it does not happen again."
	     "\n\n{company} Customer Service"),
	MAIL("handling_notice", "en", "[Handling notice] {title}",
	     "{department},\n\n{notice}\n\n{company} Customer Service"),
	SMS("thanks", "en",
	    "Dear {customer_name}, thank you for telling us about complaint {tracking_no}: it helped us improve. Glad it was resolved! {thanks_note}No more thank-you letters: {opt_out_url}"),
	MAIL("thanks", "en", "Thank you for your feedback",
	     "Dear {customer_name},\n\n"
	     "Thank you for telling us about the problem you met (complaint {tracking_no}). Your "
	     "feedback showed us where we fell short and helped us improve our products and "
	     "service. We are glad it was resolved, and we look forward to serving you again.\n\n"
	     "{thanks_note}If there is anything we can do, please get in touch.\n\n"
	     "{company} Customer Service\n\n"
	     "To receive no more thank-you letters, open: {opt_out_url}"),
	MAIL("report", "en", "Complaint work report {period}",
	     "Hello,\n\nAttached is the complaint work report for {period}: volume and causes, "
	     "clocks, escalations, compensation, satisfaction, customers at risk, typical cases "
	     "and improvement actions.\n\n{company} Customer Service"),
	MAIL("verify", "en", "Please confirm your e-mail address (complaint {tracking_no})",
	     "Hello,\n\n"
	     "Someone registered complaint {tracking_no} on the complaint page of {company} and "
	     "gave this e-mail address.\n\n"
	     "If that was you, open this link to confirm the address; news of the complaint will "
	     "then come here:\n{verify_url}\n\n"
	     "Or enter this code on the complaint page: {verify_code}\n\n"
	     "If it was not you, please ignore this e-mail.\n\n{company} Customer Service"),
	MAIL("task", "en", "[Complaint task] {tracking_no}: {task}",
	     "{department},\n\n"
	     "Complaint {tracking_no} needs your department's help:\n{task}\n\n"
	     "Please answer customer service by {due}.\n\n{company} Customer Service"),

	/* --- reviews -------------------------------------------------------- */
	/* To a buyer who agreed on the phone to change a review (domain 8):
	 * review_change at once, review_reminder while it is not changed.
	 * The steps are the platform's own menu path; thanks, never pressure,
	 * and the reminder never goes back over what went wrong. The link to
	 * the review comes last, so that a review without one reads whole. */
#define REVIEW_ZH_CN(p, steps)                                                                   \
	SMS("review_change_" p, "zh-CN",                                                         \
	    "{buyer}您好，感谢您愿意修改在{platform}的评价！方法：" steps                        \
	    "。再次感谢您的理解和支持！{link}"),                                                  \
	SMS("review_reminder_" p, "zh-CN",                                                       \
	    "{buyer}您好，温馨提醒：您方便的时候，可以这样修改在{platform}的评价：" steps          \
	    "。如果已经改好了，请忽略这条消息。谢谢您！{link}")
#define REVIEW_ZH_TW(p, steps)                                                                   \
	SMS("review_change_" p, "zh-TW",                                                         \
	    "{buyer}您好，感謝您願意修改在{platform}的評價！方法：" steps                        \
	    "。再次感謝您的體諒與支持！{link}"),                                                  \
	SMS("review_reminder_" p, "zh-TW",                                                       \
	    "{buyer}您好，溫馨提醒：您方便的時候，可以這樣修改在{platform}的評價：" steps          \
	    "。如果已經改好了，請忽略這則訊息。謝謝您！{link}")
#define REVIEW_EN(p, steps)                                                                      \
	SMS("review_change_" p, "en",                                                            \
	    "Hi {buyer}, thank you for agreeing to update your {platform} review! Here is how: "  \
	    steps ". Thank you again! {link}"),                                                  \
	SMS("review_reminder_" p, "en",                                                          \
	    "Hi {buyer}, a gentle reminder: to update your {platform} review when convenient, "  \
	    steps ". Already done? Please ignore this. Thank you! {link}")

	REVIEW_ZH_CN("taobao", "打开淘宝App →「我的淘宝」→「评价管理」→ 找到订单 {order_ref} →「修改评价」或「追加评价」"),
	REVIEW_ZH_CN("tmall", "打开天猫App（或淘宝App）→「我的」→「评价管理」→ 找到订单 {order_ref} →「修改评价」或「追加评价」"),
	REVIEW_ZH_CN("jd", "打开京东App →「我的」→「评价晒单」→「已评价」→ 找到订单 {order_ref} →「修改评价」"),
	REVIEW_ZH_CN("pinduoduo", "打开拼多多App →「个人中心」→「我的评价」→ 找到订单 {order_ref} →「修改评价」"),
	REVIEW_ZH_CN("meituan", "打开美团App →「我的」→「评价」→ 找到订单 {order_ref} 的评价 →「编辑」"),
	REVIEW_ZH_CN("dianping", "打开大众点评App →「我的」→「评价」→ 找到订单 {order_ref} 的评价 →「编辑」"),
	REVIEW_ZH_CN("douyin", "打开抖音 →「我」→「订单」→ 找到订单 {order_ref} →「评价」→「修改评价」"),
	SMS("review_change_other", "zh-CN",
	    "{buyer}您好，感谢您愿意修改评价！方法：在您下单的平台打开订单 {order_ref}，找到您的评价，"
	    "点「修改评价」或「追加评价」。再次感谢您的理解和支持！{link}"),
	SMS("review_reminder_other", "zh-CN",
	    "{buyer}您好，温馨提醒：您方便的时候，可以在下单的平台打开订单 {order_ref}，找到您的评价，"
	    "点「修改评价」或「追加评价」。如果已经改好了，请忽略这条消息。谢谢您！{link}"),

	REVIEW_ZH_TW("taobao", "打開淘寶App →「我的淘寶」→「評價管理」→ 找到訂單 {order_ref} →「修改評價」或「追加評價」"),
	REVIEW_ZH_TW("tmall", "打開天貓App（或淘寶App）→「我的」→「評價管理」→ 找到訂單 {order_ref} →「修改評價」或「追加評價」"),
	REVIEW_ZH_TW("jd", "打開京東App →「我的」→「評價曬單」→「已評價」→ 找到訂單 {order_ref} →「修改評價」"),
	REVIEW_ZH_TW("pinduoduo", "打開拼多多App →「個人中心」→「我的評價」→ 找到訂單 {order_ref} →「修改評價」"),
	REVIEW_ZH_TW("meituan", "打開美團App →「我的」→「評價」→ 找到訂單 {order_ref} 的評價 →「編輯」"),
	REVIEW_ZH_TW("dianping", "打開大眾點評App →「我的」→「評價」→ 找到訂單 {order_ref} 的評價 →「編輯」"),
	REVIEW_ZH_TW("douyin", "打開抖音 →「我」→「訂單」→ 找到訂單 {order_ref} →「評價」→「修改評價」"),
	SMS("review_change_other", "zh-TW",
	    "{buyer}您好，感謝您願意修改評價！方法：在您下單的平台打開訂單 {order_ref}，找到您的評價，"
	    "點「修改評價」或「追加評價」。再次感謝您的體諒與支持！{link}"),
	SMS("review_reminder_other", "zh-TW",
	    "{buyer}您好，溫馨提醒：您方便的時候，可以在下單的平台打開訂單 {order_ref}，找到您的評價，"
	    "點「修改評價」或「追加評價」。如果已經改好了，請忽略這則訊息。謝謝您！{link}"),

	/* the apps speak Chinese: their buttons as they read, in English beside */
	REVIEW_EN("taobao", "open the Taobao app → 我的淘宝 (My Taobao) → 评价管理 (Reviews) → order {order_ref} → 修改评价 (Edit) or 追加评价 (Add)"),
	REVIEW_EN("tmall", "open the Tmall or Taobao app → 我的 (Me) → 评价管理 (Reviews) → order {order_ref} → 修改评价 (Edit) or 追加评价 (Add)"),
	REVIEW_EN("jd", "open the JD app → 我的 (Me) → 评价晒单 (Reviews) → 已评价 (Reviewed) → order {order_ref} → 修改评价 (Edit)"),
	REVIEW_EN("pinduoduo", "open the Pinduoduo app → 个人中心 (Me) → 我的评价 (My reviews) → order {order_ref} → 修改评价 (Edit)"),
	REVIEW_EN("meituan", "open the Meituan app → 我的 (Me) → 评价 (Reviews) → the review of order {order_ref} → 编辑 (Edit)"),
	REVIEW_EN("dianping", "open the Dianping app → 我的 (Me) → 评价 (Reviews) → the review of order {order_ref} → 编辑 (Edit)"),
	REVIEW_EN("douyin", "open Douyin → 我 (Me) → 订单 (Orders) → order {order_ref} → 评价 (Review) → 修改评价 (Edit)"),
	SMS("review_change_other", "en",
	    "Hi {buyer}, thank you for agreeing to update your review! Here is how: where you ordered, "
	    "open order {order_ref}, find your review and choose 修改评价 (Edit). Thank you again! {link}"),
	SMS("review_reminder_other", "en",
	    "Hi {buyer}, a gentle reminder: to update your review when convenient, open order "
	    "{order_ref} where you ordered, find your review and choose 修改评价 (Edit). Already done? "
	    "Please ignore this. Thank you! {link}"),
#undef REVIEW_ZH_CN
#undef REVIEW_ZH_TW
#undef REVIEW_EN
};

#define NBUILTINS (sizeof builtins / sizeof builtins[0])

const struct ch_template *ch_template_builtin(const char *kind, const char *language,
					      const char *channel)
{
	for (size_t i = 0; i < NBUILTINS; i++)
		if (strcmp(builtins[i].kind, kind) == 0 &&
		    strcmp(builtins[i].language, language) == 0 &&
		    strcmp(builtins[i].channel, channel) == 0)
			return &builtins[i].t;
	return NULL;
}

int ch_template_get(struct store_conn *c, const char *kind, const char *language,
		    const char *channel, struct arena *a, struct ch_template *out,
		    struct kesu_err *err)
{
	const struct ch_template *b = ch_template_builtin(kind, language, channel);
	if (!b)
		return kesu_fail(err, KE_NOT_FOUND, "", "no %s template for %s notices", channel,
				 kind);
	struct template_row row;
	int rc = store_template_get(c, kind, language, channel, a, &row, err);
	if (rc == -KE_NOT_FOUND) {
		*out = *b;
		return 0;
	}
	if (rc)
		return rc;
	*out = (struct ch_template){row.subject, row.body, 1, row.updated_by, row.updated_at};
	return 0;
}

/* --- reviews -------------------------------------------------------------------- */

/* The platforms a review may be on, with their names as a message says
 * them ({platform}); unknown ones are "other". */
static const struct {
	const char *name, *label[3]; /* zh-CN, zh-TW, en */
} review_platforms[] = {
	{"taobao", {"淘宝", "淘寶", "Taobao"}},
	{"tmall", {"天猫", "天貓", "Tmall"}},
	{"jd", {"京东", "京東", "JD.com"}},
	{"pinduoduo", {"拼多多", "拼多多", "Pinduoduo"}},
	{"meituan", {"美团", "美團", "Meituan"}},
	{"dianping", {"大众点评", "大眾點評", "Dianping"}},
	{"douyin", {"抖音", "抖音", "Douyin"}},
	{"other", {"其他平台", "其他平台", "another platform"}},
};
#define NPLATFORMS (sizeof review_platforms / sizeof review_platforms[0])
#define OTHER_PLATFORM (NPLATFORMS - 1)

static const char *const review_notices[] = {"review_change", "review_reminder", NULL};

static size_t platform_index(const char *platform)
{
	for (size_t i = 0; platform && i < OTHER_PLATFORM; i++)
		if (strcmp(review_platforms[i].name, platform) == 0)
			return i;
	return OTHER_PLATFORM;
}

int ch_review_notice(const char *kind)
{
	for (int i = 0; kind && review_notices[i]; i++)
		if (strcmp(review_notices[i], kind) == 0)
			return 1;
	return 0;
}

const char *ch_review_template_kind(const char *kind, const char *platform, struct arena *a)
{
	return arena_printf(a, "%s_%s", kind, review_platforms[platform_index(platform)].name);
}

/* One line of a list item: its members by keys, joined by sep. */
static void notice_item(FILE *b, json_t *item, const char *const *keys, const char *sep)
{
	int first = 1;
	fputs("· ", b);
	for (int k = 0; keys[k]; k++) {
		const char *v = json_string_value(json_object_get(item, keys[k]));
		if (!v || !*v)
			continue;
		if (!first)
			fputs(sep, b);
		fputs(v, b);
		first = 0;
	}
	fputs("\n", b);
}

const char *ch_notice_text(json_t *d, const char *language, struct arena *a)
{
	static const char *const head[5][3] = {
		{"一、重点事项", "一、重點事項", "1. Key matters"},
		{"二、统一应答口径", "二、統一應答口徑", "2. Agreed answers"},
		{"三、补偿标准", "三、補償標準", "3. Remedy standard"},
		{"四、分工", "四、分工", "4. Who does what"},
		{"五、联络表", "五、聯絡表", "5. Contact list"},
	};
	int l = lang_of(language);
	char *text = NULL;
	size_t size = 0;
	FILE *b = open_memstream(&text, &size);
	if (!b)
		return "";
	const char *km = json_string_value(json_object_get(d, "key_matters"));
	const char *rm = json_string_value(json_object_get(d, "remedy"));
	static const char *const ans[] = {"title", "body", NULL};
	static const char *const duty[] = {"who", "what", NULL};
	static const char *const con[] = {"department", "person", "phone", "email", "duty", NULL};
	json_t *lists[3] = {json_object_get(d, "answers"), json_object_get(d, "duties"),
			    json_object_get(d, "contacts")};
	const char *const *keys[3] = {ans, duty, con};
	const char *seps[3] = {"：", "：", "  "};
	for (int h = 0; h < 5; h++) {
		fprintf(b, "%s\n", head[h][l]);
		if (h == 0 || h == 2) {
			const char *t = h == 0 ? km : rm;
			fprintf(b, "%s\n", t && *t ? t : "—");
		} else {
			int k = h == 1 ? 0 : h - 2;
			size_t i;
			json_t *item;
			if (!json_array_size(lists[k]))
				fputs("—\n", b);
			json_array_foreach(lists[k], i, item) notice_item(b, item, keys[k], seps[k]);
		}
		fputs("\n", b);
	}
	fclose(b);
	const char *out = arena_strdup(a, text ? text : "");
	free(text);
	return out;
}

const char *ch_review_platform_name(const char *platform, const char *language)
{
	return review_platforms[platform_index(platform)].label[lang_of(language)];
}

int ch_notice_kind(const char *kind)
{
	if (!kind)
		return 0;
	if (ch_review_notice(kind))
		return 1;
	/* a review's templates are per platform; its notices are not */
	for (int i = 0; review_notices[i]; i++) {
		size_t n = strlen(review_notices[i]);
		if (strncmp(kind, review_notices[i], n) == 0 && kind[n] == '_')
			return 0;
	}
	for (int i = 0; ch_template_kinds[i]; i++)
		if (strcmp(ch_template_kinds[i], kind) == 0)
			return 1;
	return 0;
}

/* --- placeholders ------------------------------------------------------------- */

static const struct {
	const char *name;
	size_t off;
} vars[] = {
	{"tracking_no", offsetof(struct ch_vars, tracking_no)},
	{"customer_name", offsetof(struct ch_vars, customer_name)},
	{"status", offsetof(struct ch_vars, status)},
	{"reason", offsetof(struct ch_vars, reason)},
	{"status_url", offsetof(struct ch_vars, status_url)},
	{"survey_url", offsetof(struct ch_vars, survey_url)},
	{"company", offsetof(struct ch_vars, company)},
	{"department", offsetof(struct ch_vars, department)},
	{"task", offsetof(struct ch_vars, task)},
	{"due", offsetof(struct ch_vars, due)},
	{"period", offsetof(struct ch_vars, period)},
	{"verify_url", offsetof(struct ch_vars, verify_url)},
	{"verify_code", offsetof(struct ch_vars, verify_code)},
	{"progress", offsetof(struct ch_vars, progress)},
	{"next_contact", offsetof(struct ch_vars, next_contact)},
	{"original", offsetof(struct ch_vars, original)},
	{"buyer", offsetof(struct ch_vars, buyer)},
	{"order_ref", offsetof(struct ch_vars, order_ref)},
	{"platform", offsetof(struct ch_vars, platform)},
	{"link", offsetof(struct ch_vars, link)},
	{"product", offsetof(struct ch_vars, product)},
	{"message", offsetof(struct ch_vars, message)},
	{"expected", offsetof(struct ch_vars, expected)},
	{"title", offsetof(struct ch_vars, title)},
	{"notice", offsetof(struct ch_vars, notice)},
	{"thanks_note", offsetof(struct ch_vars, thanks_note)},
	{"opt_out_url", offsetof(struct ch_vars, opt_out_url)},
};
#define NVARS (sizeof vars / sizeof vars[0])

static int var_index(const char *name, size_t len)
{
	for (size_t i = 0; i < NVARS; i++)
		if (strlen(vars[i].name) == len && memcmp(vars[i].name, name, len) == 0)
			return (int)i;
	return -1;
}

int ch_fill_check(const char *text, const char *field, int (*known)(const char *name, size_t len),
		  const char *names, struct kesu_err *err)
{
	for (const char *p = text; *p; p++) {
		if (*p == '}') {
			if (p[1] != '}')
				return kesu_fail(err, KE_INVALID_VALUE, field,
						 "has a lone '}': write }} for a literal brace");
			p++;
			continue;
		}
		if (*p != '{')
			continue;
		if (p[1] == '{') {
			p++;
			continue;
		}
		const char *end = strchr(p, '}');
		if (!end)
			return kesu_fail(err, KE_INVALID_VALUE, field,
					 "has a '{' without '}': write {{ for a literal brace");
		size_t len = (size_t)(end - p - 1);
		if (!known(p + 1, len))
			return kesu_fail(err, KE_INVALID_VALUE, field,
					 "uses {%.*s}, which is not a placeholder; known: %s",
					 len > 40 ? 40 : (int)len, p + 1, names);
		p = end;
	}
	return 0;
}

const char *ch_fill(const char *text, const char *(*lookup)(void *ctx, const char *name, size_t len),
		    void *ctx, const char *(*esc)(const char *value, struct arena *a),
		    struct arena *a)
{
	/* two passes: measure, then write */
	size_t cap = 1;
	for (int pass = 0; pass < 2; pass++) {
		char *out = pass ? arena_alloc(a, cap) : NULL;
		size_t used = 0;
		for (const char *p = text; *p; p++) {
			const char *piece = p;
			size_t len = 1;
			if ((*p == '{' && p[1] == '{') || (*p == '}' && p[1] == '}')) {
				p++;
			} else if (*p == '{') {
				const char *end = strchr(p, '}');
				if (end) {
					const char *val = lookup(ctx, p + 1, (size_t)(end - p - 1));
					if (val && esc)
						val = esc(val, a);
					piece = val ? val : "";
					len = strlen(piece);
					p = end;
				}
			}
			if (pass)
				memcpy(out + used, piece, len);
			used += len;
		}
		if (pass) {
			out[used] = '\0';
			return out;
		}
		cap = used + 1;
	}
	return NULL;
}

static int known_var(const char *name, size_t len)
{
	return var_index(name, len) >= 0;
}

int ch_template_check(const char *text, const char *field, struct kesu_err *err)
{
	char names[512] = "";
	for (size_t i = 0; i < NVARS; i++) {
		strcat(names, i ? ", " : "");
		strcat(names, vars[i].name);
	}
	return ch_fill_check(text, field, known_var, names, err);
}

static const char *var_value(void *ctx, const char *name, size_t len)
{
	int i = var_index(name, len);
	return i < 0 ? NULL : *(const char *const *)((const char *)ctx + vars[i].off);
}

const char *ch_render(const char *text, const struct ch_vars *v,
		      const char *(*esc)(const char *value, struct arena *a), struct arena *a)
{
	return ch_fill(text, var_value, (void *)v, esc, a);
}

/* --- the states, as customers read them ---------------------------------------- */

static const struct {
	const char *status, *zh_cn, *zh_tw, *en;
} labels[] = {
	{"registered", "已登记", "已登記", "registered"},
	{"acknowledged", "已受理", "已受理", "acknowledged"},
	{"in_progress", "处理中", "處理中", "in progress"},
	{"awaiting_customer", "等待您的答复", "等待您的回覆", "waiting for you"},
	{"awaiting_approval", "处理中", "處理中", "in progress"},
	{"awaiting_department", "处理中", "處理中", "in progress"},
	{"resolved", "已处理", "已處理", "resolved"},
	{"follow_up", "回访中", "回訪中", "follow-up"},
	{"closed", "已结案", "已結案", "closed"},
	{"reopened", "重新处理", "重新處理", "reopened"},
};

const char *ch_status_label(const char *status, const char *language)
{
	for (size_t i = 0; status && i < sizeof labels / sizeof labels[0]; i++)
		if (strcmp(labels[i].status, status) == 0)
			return !language || strcmp(language, "zh-CN") == 0 ? labels[i].zh_cn
			       : strcmp(language, "zh-TW") == 0		    ? labels[i].zh_tw
										    : labels[i].en;
	return status ? status : "";
}
