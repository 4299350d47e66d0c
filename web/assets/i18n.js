// i18n.js - the workspace's words in zh-CN (the default), zh-TW and
// English, and how times, durations and money are written in each.
// Every string the workspace shows comes from here: a missing key shows
// as itself, which the browser tests look for.

export const LANGS = ['zh-CN', 'zh-TW', 'en'];
export const LANG_NAMES = { 'zh-CN': '简体中文', 'zh-TW': '繁體中文', en: 'English' };

// key: [zh-CN, zh-TW, en]
const S = {
  app_name: ['客诉处理工作台', '客訴處理工作台', 'Complaint workspace'],
  language: ['语言', '語言', 'Language'],
  sign_in: ['登录', '登入', 'Sign in'],
  sign_out: ['退出', '登出', 'Sign out'],
  username: ['用户名', '使用者名稱', 'User name'],
  password: ['密码', '密碼', 'Password'],
  totp: ['动态验证码', '動態驗證碼', 'One-time code'],
  totp_hint: ['请输入验证器应用中的 6 位数字', '請輸入驗證器應用程式中的 6 位數字', 'Enter the 6 digits from your authenticator app'],
  totp_setup_title: ['请先设置双重验证', '請先設定雙重驗證', 'Set up two-step verification first'],
  totp_setup_text: ['你的角色要求双重验证。在验证器应用中添加下面的密钥，然后输入它显示的验证码。', '你的角色要求雙重驗證。在驗證器應用程式中加入下面的金鑰，然後輸入它顯示的驗證碼。', 'Your role requires two-step verification. Add the key below to your authenticator app, then enter the code it shows.'],
  totp_secret: ['密钥', '金鑰', 'Key'],
  confirm: ['确认', '確認', 'Confirm'],
  login_failed: ['登录失败', '登入失敗', 'Sign-in failed'],
  nav_queues: ['队列', '佇列', 'Queues'],
  nav_register: ['登记投诉', '登記客訴', 'Register'],
  nav_kb: ['知识库', '知識庫', 'Knowledge base'],
  nav_dashboard: ['主管看板', '主管看板', 'Dashboard'],
  search: ['搜索', '搜尋', 'Search'],
  search_placeholder: ['搜索投诉内容、订单号、姓名…', '搜尋客訴內容、訂單號、姓名…', 'Search content, order no., name…'],
  loading: ['加载中…', '載入中…', 'Loading…'],
  load_more: ['加载更多', '載入更多', 'Load more'],
  nothing_here: ['这里没有投诉', '這裡沒有客訴', 'No complaints here'],
  saved: ['已保存', '已儲存', 'Saved'],
  save: ['保存', '儲存', 'Save'],
  cancel: ['取消', '取消', 'Cancel'],
  delete: ['删除', '刪除', 'Delete'],
  edit: ['编辑', '編輯', 'Edit'],
  send: ['发送', '傳送', 'Send'],
  submit: ['提交', '提交', 'Submit'],
  error: ['出错了', '發生錯誤', 'Something went wrong'],
  error_field: ['{field}：{message}', '{field}：{message}', '{field}: {message}'],
  forbidden: ['你没有权限做这件事', '你沒有權限做這件事', 'You may not do this'],
  not_found: ['找不到', '找不到', 'Not found'],
  conflict_changed: ['别人刚刚修改了它，已重新加载', '別人剛剛修改了它，已重新載入', 'Someone changed it meanwhile; reloaded'],
  session_over: ['登录已过期，请重新登录', '登入已過期，請重新登入', 'Your session ended; sign in again'],
  none: ['无', '無', 'none'],
  yes: ['是', '是', 'yes'],
  no: ['否', '否', 'no'],

  // queues
  q_mine: ['我的', '我的', 'Mine'],
  q_team: ['我的团队', '我的團隊', 'My team'],
  q_unassigned: ['未分配', '未分配', 'Unassigned'],
  q_due_soon: ['即将到期', '即將到期', 'Due soon'],
  q_breached: ['已超时', '已逾時', 'Breached'],
  q_escalated: ['已升级', '已升級', 'Escalated'],
  q_approval: ['待审批', '待審批', 'Awaiting approval'],
  q_follow_up: ['待回访', '待回訪', 'Follow-ups due'],
  q_all: ['全部', '全部', 'All'],
  queue_more: ['{n}+', '{n}+', '{n}+'],
  sort_newest: ['最新', '最新', 'Newest'],
  sort_oldest: ['最早', '最早', 'Oldest'],
  sort_due: ['最急', '最急', 'Most urgent'],
  sort_by: ['排序', '排序', 'Sort'],
  col_tracking: ['编号', '編號', 'Tracking no.'],
  col_status: ['状态', '狀態', 'Status'],
  col_severity: ['严重度', '嚴重度', 'Severity'],
  col_customer: ['投诉人', '投訴人', 'Complainant'],
  col_content: ['内容', '內容', 'Content'],
  col_created: ['登记时间', '登記時間', 'Registered'],
  col_due: ['下一期限', '下一期限', 'Next deadline'],
  col_mood: ['情绪', '情緒', 'Mood'],
  queue_keys: ['键盘：↑↓ 或 j/k 选择，回车打开，/ 搜索', '鍵盤：↑↓ 或 j/k 選擇，Enter 開啟，/ 搜尋', 'Keys: ↑↓ or j/k to move, Enter to open, / to search'],
  counts_at: ['计数更新于 {time}', '計數更新於 {time}', 'Counts as of {time}'],

  // registration
  reg_title: ['登记投诉（电话、门店）', '登記客訴（電話、門市）', 'Register a complaint (phone, store)'],
  reg_done: ['已登记：{tracking_no}', '已登記：{tracking_no}', 'Registered: {tracking_no}'],
  f_channel: ['渠道', '管道', 'Channel'],
  f_name: ['投诉人姓名', '投訴人姓名', 'Complainant name'],
  f_phone: ['电话', '電話', 'Phone'],
  f_email: ['电子邮箱', '電子郵件', 'E-mail'],
  f_contact_other: ['其他联系方式', '其他聯絡方式', 'Other contact'],
  f_object_kind: ['投诉对象', '投訴對象', 'About'],
  f_object_ref: ['订单号 / 编号', '訂單號 / 編號', 'Order or item no.'],
  f_object_name: ['商品 / 服务名称', '商品 / 服務名稱', 'Product or service'],
  f_content: ['投诉内容', '投訴內容', 'What happened'],
  f_occurred_at: ['发生时间', '發生時間', 'When it happened'],
  f_purchased_at: ['购买时间', '購買時間', 'Bought on'],
  f_usage: ['使用情况', '使用情況', 'How it was used'],
  f_demand: ['客户诉求', '客戶訴求', 'What the customer wants'],
  f_desired_resolution: ['期望的解决方式', '期望的解決方式', 'Desired resolution'],
  f_severity: ['严重度', '嚴重度', 'Severity'],
  f_emotion: ['情绪', '情緒', 'Emotion'],
  f_mindset: ['投诉心态', '投訴心態', 'Mindset'],
  f_category: ['类别', '類別', 'Category'],
  f_language: ['客户语言', '客戶語言', 'Customer language'],
  f_team: ['团队', '團隊', 'Team'],
  f_assignee: ['处理人', '處理人', 'Assignee'],
  group_complainant: ['投诉人', '投訴人', 'Complainant'],
  group_object: ['对象', '對象', 'Object'],
  group_matter: ['事情经过', '事情經過', 'The matter'],
  group_judgement: ['判断', '判斷', 'Judgement'],
  choose: ['请选择', '請選擇', 'Choose'],

  // complaint page
  c_registration: ['登记信息', '登記資訊', 'Registration'],
  c_customer: ['客户', '客戶', 'Customer'],
  c_key_customer: ['重点客户', '重點客戶', 'Key customer'],
  c_history: ['历史投诉', '歷史客訴', 'Earlier complaints'],
  c_no_history: ['这是该客户的第一次投诉', '這是該客戶的第一次客訴', 'First complaint of this customer'],
  c_clocks: ['时限', '時限', 'Clocks'],
  c_remaining: ['剩余 {d}', '剩餘 {d}', '{d} left'],
  c_overdue: ['已超时', '已逾時', 'overdue'],
  c_timeline: ['处理记录', '處理紀錄', 'Timeline'],
  c_reply: ['回复客户', '回覆客戶', 'Reply to the customer'],
  c_reply_hint: ['客户会在进度页看到，并收到短信或邮件', '客戶會在進度頁看到，並收到簡訊或郵件', 'The customer sees it on the status page and gets it by SMS or e-mail'],
  c_note: ['内部备注', '內部備註', 'Internal note'],
  c_note_hint: ['只有团队能看到', '只有團隊能看到', 'Only the team sees it'],
  c_actions: ['处理', '處理', 'Actions'],
  c_move_to: ['转到：{state}', '轉到：{state}', 'Move to: {state}'],
  c_reason: ['原因 / 说明', '原因 / 說明', 'Reason'],
  c_reason_required: ['需要填写原因', '需要填寫原因', 'A reason is required'],
  c_assign: ['分配', '分配', 'Assign'],
  c_escalate: ['升级', '升級', 'Escalate'],
  c_escalate_reason: ['升级原因', '升級原因', 'Why'],
  c_threat: ['可能扩散（媒体、12315、律师…）', '可能擴散（媒體、12315、律師…）', 'Threatens to spread (media, 12315, lawyer…)'],
  c_tasks: ['部门协作', '部門協作', 'Department tasks'],
  c_task_what: ['需要部门做什么', '需要部門做什麼', 'What the department should do'],
  c_task_days: ['工作日内完成', '工作日內完成', 'Working days'],
  c_task_add: ['派给部门', '派給部門', 'Hand to department'],
  c_task_answer: ['记录答复', '紀錄答覆', 'Record the answer'],
  c_department: ['部门', '部門', 'Department'],
  c_compensation: ['补偿', '補償', 'Compensation'],
  c_comp_type: ['类型', '類型', 'Type'],
  c_comp_amount: ['金额（元）', '金額（元）', 'Amount (CNY)'],
  c_comp_note: ['说明', '說明', 'Note'],
  c_comp_propose: ['提出补偿', '提出補償', 'Propose'],
  c_comp_limit: ['你的权限：{amount}', '你的權限：{amount}', 'Your limit: {amount}'],
  c_comp_needs_approval: ['超出你的权限，需要主管审批；批准前不要向客户承诺', '超出你的權限，需要主管審批；批准前不要向客戶承諾', 'Above your limit: it needs approval. Promise nothing before it is approved'],
  c_comp_within: ['在你的权限内，立即生效', '在你的權限內，立即生效', 'Within your limit: granted at once'],
  c_comp_granted_total: ['已给予：{amount}', '已給予：{amount}', 'Granted: {amount}'],
  c_approve: ['批准', '批准', 'Approve'],
  c_reject: ['驳回', '駁回', 'Reject'],
  c_reject_reason: ['驳回原因', '駁回原因', 'Why not'],
  c_callbacks: ['回访', '回訪', 'Follow-up'],
  c_callback_method: ['方式', '方式', 'How'],
  c_callback_reached: ['联系上了客户', '聯絡上了客戶', 'Reached the customer'],
  c_callback_satisfaction: ['满意度（1–5）', '滿意度（1–5）', 'Satisfaction (1–5)'],
  c_callback_carried_out: ['方案已落实', '方案已落實', 'The plan was carried out'],
  c_callback_advice: ['客户意见', '客戶意見', 'The customer\'s words'],
  c_callback_add: ['记录回访', '紀錄回訪', 'Record the follow-up'],
  c_reveal: ['显示完整联系方式', '顯示完整聯絡方式', 'Show full contact details'],
  c_guide: ['处理步骤', '處理步驟', 'Guided handling'],
  c_guide_scripts: ['统一应答口径', '統一應答口徑', 'Response scripts'],
  c_guide_none: ['这一步还没有应答口径', '這一步還沒有應答口徑', 'No scripts for this step yet'],
  c_copy: ['复制', '複製', 'Copy'],
  c_copied: ['已复制', '已複製', 'Copied'],
  c_to_kb: ['整理成知识库文章', '整理成知識庫文章', 'Turn into a knowledge-base article'],
  c_level: ['级别', '級別', 'Level'],
  c_reopened_times: ['重开 {n} 次', '重開 {n} 次', 'reopened {n}×'],
  c_attachments: ['附件', '附件', 'Attachments'],
  c_no_files: ['还没有附件', '還沒有附件', 'No files yet'],
  c_add_files: ['添加附件（照片、单据）', '新增附件（照片、單據）', 'Add files (photos, receipts)'],
  c_upload: ['上传', '上傳', 'Upload'],
  c_choose_files: ['请先选择文件', '請先選擇檔案', 'Choose the files first'],
  c_threat_badge: ['扩散风险', '擴散風險', 'May spread'],

  // knowledge base
  kb_scripts: ['应答口径', '應答口徑', 'Response scripts'],
  kb_articles: ['知识库文章', '知識庫文章', 'Articles'],
  kb_new_script: ['新增口径', '新增口徑', 'New script'],
  kb_new_article: ['新增文章', '新增文章', 'New article'],
  kb_title: ['标题', '標題', 'Title'],
  kb_body: ['内容', '內容', 'Text'],
  kb_step: ['步骤', '步驟', 'Step'],
  kb_any_category: ['所有类别', '所有類別', 'Any category'],
  kb_placeholders: ['可用占位符：{list}', '可用佔位符：{list}', 'Placeholders: {list}'],
  kb_source: ['来自投诉 #{id}', '來自客訴 #{id}', 'From complaint #{id}'],
  kb_responsibility: ['责任方', '責任方', 'Whose fault'],
  kb_any_responsibility: ['不限', '不限', 'Either'],
  kb_status: ['状态', '狀態', 'Status'],
  kb_draft: ['草稿', '草稿', 'Draft'],
  kb_published: ['已发布', '已發佈', 'Published'],
  kb_publish: ['发布', '發佈', 'Publish'],
  kb_drafts: ['只看草稿', '只看草稿', 'Drafts only'],
  resp_ours: ['我方责任', '我方責任', 'Our fault'],
  resp_customer: ['客户原因', '客戶原因', "The customer's side"],
  resp_third_party: ['第三方', '第三方', 'A third party'],
  c_guide_missing: ['请手动填写：{list}', '請手動填寫：{list}', 'Fill in by hand: {list}'],
  kb_search: ['搜索文章', '搜尋文章', 'Search articles'],
  kb_empty: ['还没有内容', '還沒有內容', 'Nothing yet'],
  step_1: ['倾听认知', '傾聽認知', 'Listen and understand'],
  step_2: ['同步引导', '同步引導', 'Guide with questions'],
  step_3: ['澄清陈述', '澄清陳述', 'Restate, clarify, propose'],
  step_4: ['解决感谢', '解決感謝', 'Resolve and thank'],

  // dashboard
  d_open: ['未结投诉', '未結客訴', 'Open complaints'],
  d_by_state: ['按状态', '按狀態', 'By state'],
  d_by_level: ['按级别', '按級別', 'By level'],
  d_breaches_today: ['今日超时', '今日逾時', 'Breaches today'],
  d_late: ['正在超时', '正在逾時', 'Past due now'],
  d_escalated: ['升级中', '升級中', 'Escalated'],
  d_approvals: ['待审批补偿', '待審批補償', 'Approvals waiting'],
  d_satisfaction: ['本周满意度', '本週滿意度', 'Satisfaction this week'],
  d_rated: ['{n} 次回访', '{n} 次回訪', '{n} follow-ups'],
  d_charts: ['近 30 天', '近 30 天', 'Last 30 days'],
  'chart.by_day': ['每日投诉量', '每日客訴量', 'Complaints per day'],
  'chart.causes': ['投诉原因', '客訴原因', 'Causes'],
  'chart.escalations_by_level': ['各级升级', '各級升級', 'Escalations by level'],
  'chart.satisfaction': ['满意度', '滿意度', 'Satisfaction'],
  d_no_rating: ['本周还没有评价', '本週還沒有評價', 'No ratings this week'],

  // enumerations
  'status.registered': ['已登记', '已登記', 'Registered'],
  'status.acknowledged': ['已受理', '已受理', 'Acknowledged'],
  'status.in_progress': ['处理中', '處理中', 'In progress'],
  'status.awaiting_customer': ['等待客户', '等待客戶', 'Waiting for the customer'],
  'status.awaiting_approval': ['等待审批', '等待審批', 'Awaiting approval'],
  'status.awaiting_department': ['等待部门', '等待部門', 'Waiting for a department'],
  'status.resolved': ['已解决', '已解決', 'Resolved'],
  'status.follow_up': ['回访中', '回訪中', 'Follow-up'],
  'status.closed': ['已结案', '已結案', 'Closed'],
  'status.reopened': ['已重开', '已重開', 'Reopened'],
  'severity.low': ['低', '低', 'Low'],
  'severity.normal': ['一般', '一般', 'Normal'],
  'severity.high': ['高', '高', 'High'],
  'severity.critical': ['紧急', '緊急', 'Critical'],
  'emotion.calm': ['平静', '平靜', 'Calm'],
  'emotion.upset': ['不满', '不滿', 'Upset'],
  'emotion.angry': ['愤怒', '憤怒', 'Angry'],
  'emotion.furious': ['暴怒', '暴怒', 'Furious'],
  'mindset.vent': ['求发泄', '求發洩', 'To vent'],
  'mindset.respect': ['求尊重', '求尊重', 'To be respected'],
  'mindset.compensation': ['求补偿', '求補償', 'To be compensated'],
  'channel.web': ['网站', '網站', 'Web'],
  'channel.app': ['App', 'App', 'App'],
  'channel.email': ['邮件', '郵件', 'E-mail'],
  'channel.phone': ['电话', '電話', 'Phone'],
  'channel.store': ['门店', '門市', 'Store'],
  'channel.platform': ['平台', '平台', 'Platform'],
  'channel.social': ['社交媒体', '社群媒體', 'Social media'],
  'channel.regulator': ['监管转办（12315）', '監管轉辦（12315）', 'Regulator (12315)'],
  'object.product': ['商品', '商品', 'Product'],
  'object.order': ['订单', '訂單', 'Order'],
  'object.service': ['服务', '服務', 'Service'],
  'object.staff': ['员工', '員工', 'Staff'],
  'object.store': ['门店', '門市', 'Store'],
  'object.other': ['其他', '其他', 'Other'],
  'resolution.refund': ['退款', '退款', 'Refund'],
  'resolution.exchange': ['换货', '換貨', 'Exchange'],
  'resolution.repair': ['维修', '維修', 'Repair'],
  'resolution.compensation': ['赔偿', '賠償', 'Compensation'],
  'resolution.apology': ['道歉', '道歉', 'Apology'],
  'resolution.explanation': ['解释说明', '解釋說明', 'Explanation'],
  'resolution.other': ['其他', '其他', 'Other'],
  'lang.zh-CN': ['简体中文', '簡體中文', 'Simplified Chinese'],
  'lang.zh-TW': ['繁体中文', '繁體中文', 'Traditional Chinese'],
  'lang.en': ['英语', '英語', 'English'],
  'level.agent': ['一线客服', '一線客服', 'Front line'],
  'level.supervisor': ['主管', '主管', 'Supervisor'],
  'level.management': ['高层', '高層', 'Management'],
  'level.platform': ['平台介入', '平台介入', 'Platform'],
  'level.pr': ['公关', '公關', 'PR'],
  'clock.acknowledge': ['受理', '受理', 'Acknowledge'],
  'clock.first_response': ['首次响应', '首次回應', 'First response'],
  'clock.resolution': ['解决', '解決', 'Resolution'],
  'clock.negotiation': ['12315 协商', '12315 協商', '12315 negotiation'],
  'clock.follow_up': ['回访', '回訪', 'Follow-up'],
  'clock.callback': ['电话回访', '電話回訪', 'Phone callback'],
  'clockstate.running': ['计时中', '計時中', 'running'],
  'clockstate.paused': ['已暂停', '已暫停', 'paused'],
  'clockstate.met': ['已达成', '已達成', 'met'],
  'clockstate.breached': ['已超时', '已逾時', 'breached'],
  'comp.refund': ['退款', '退款', 'Refund'],
  'comp.discount': ['折扣', '折扣', 'Discount'],
  'comp.coupon': ['优惠券', '優惠券', 'Coupon'],
  'comp.gift': ['赠品', '贈品', 'Gift'],
  'comp.free_service': ['免费服务', '免費服務', 'Free service'],
  'comp.exchange': ['换货', '換貨', 'Exchange'],
  'comp.repair': ['维修', '維修', 'Repair'],
  'comp.cash': ['经济赔偿', '經濟賠償', 'Cash'],
  'compstate.pending': ['待审批', '待審批', 'pending'],
  'compstate.granted': ['已给予', '已給予', 'granted'],
  'compstate.rejected': ['已驳回', '已駁回', 'rejected'],
  'method.phone': ['电话', '電話', 'Phone'],
  'method.sms': ['短信', '簡訊', 'SMS'],
  'method.email': ['邮件', '郵件', 'E-mail'],
  'method.letter': ['信函', '信函', 'Letter'],
  'method.visit': ['上门', '到府', 'Visit'],
  'method.chat': ['在线聊天', '線上聊天', 'Chat'],
  'method.portal': ['进度页评价', '進度頁評價', 'Status page'],
  'taskstate.open': ['进行中', '進行中', 'open'],
  'taskstate.answered': ['已答复', '已答覆', 'answered'],
  'role.agent': ['一线客服', '一線客服', 'Agent'],
  'role.supervisor': ['主管', '主管', 'Supervisor'],
  'role.manager': ['经理', '經理', 'Manager'],
  'role.admin': ['管理员', '管理員', 'Administrator'],
  'role.auditor': ['审计', '稽核', 'Auditor'],

  // timeline
  'ev.created': ['登记了投诉', '登記了客訴', 'registered the complaint'],
  'ev.updated': ['修改了登记信息', '修改了登記資訊', 'edited the registration'],
  'ev.note': ['内部备注', '內部備註', 'internal note'],
  'ev.reply': ['回复了客户', '回覆了客戶', 'replied to the customer'],
  'ev.customer_message': ['客户补充', '客戶補充', 'the customer added'],
  'ev.status_changed': ['状态：{from} → {to}', '狀態：{from} → {to}', 'status: {from} → {to}'],
  'ev.assigned': ['分配', '分配', 'assigned'],
  'ev.escalated': ['升级：{from} → {to}', '升級：{from} → {to}', 'escalated: {from} → {to}'],
  'ev.attachment_added': ['添加了附件', '新增了附件', 'added files'],
  'ev.clock_warning': ['时限预警：{clock}', '時限預警：{clock}', 'clock warning: {clock}'],
  'ev.clock_breached': ['时限超时：{clock}', '時限逾時：{clock}', 'clock breached: {clock}'],
  'ev.compensation_proposed': ['提出补偿 {amount}（待审批）', '提出補償 {amount}（待審批）', 'proposed {amount} (needs approval)'],
  'ev.compensation_granted': ['给予补偿 {amount}', '給予補償 {amount}', 'granted {amount}'],
  'ev.compensation_approved': ['批准补偿 {amount}', '批准補償 {amount}', 'approved {amount}'],
  'ev.compensation_rejected': ['驳回补偿 {amount}', '駁回補償 {amount}', 'rejected {amount}'],
  'ev.task_created': ['派给 {department}', '派給 {department}', 'handed to {department}'],
  'ev.task_answered': ['部门答复', '部門答覆', 'the department answered'],
  'ev.task_overdue': ['部门任务逾期', '部門任務逾期', 'a department task is overdue'],
  'ev.callback': ['回访（{method}）', '回訪（{method}）', 'follow-up ({method})'],
  'ev.guide_step': ['处理步骤', '處理步驟', 'handling step'],
  'ev.key_customer': ['重点客户标记', '重點客戶標記', 'key customer mark'],
  satisfaction_n: ['满意度 {n}/5', '滿意度 {n}/5', 'satisfaction {n}/5'],
};

const STORE = 'kesu.lang';
let current = pick();

function pick() {
  const q = new URLSearchParams(location.search).get('lang');
  if (LANGS.includes(q)) return q;
  try {
    const saved = localStorage.getItem(STORE);
    if (LANGS.includes(saved)) return saved;
  } catch { /* storage may be off */ }
  return 'zh-CN';
}

export function lang() { return current; }

export function setLang(l) {
  if (!LANGS.includes(l)) return;
  current = l;
  try { localStorage.setItem(STORE, l); } catch { /* storage may be off */ }
  document.documentElement.lang = l;
  document.dispatchEvent(new CustomEvent('kesu:lang'));
}

export function has(key) { return key in S; }

// Every key with its three strings (for the check that none is missing).
export function words() { return S; }

// t('ev.status_changed', {from, to}): the string in the current language
// with {name} filled in (values as given, never markup).
export function t(key, vars) {
  const row = S[key];
  let s = row ? row[LANGS.indexOf(current)] : key;
  if (vars) s = s.replace(/\{(\w+)\}/g, (m, k) => (k in vars ? String(vars[k]) : m));
  return s;
}

// An enumeration value in words: en('status', 'in_progress').
export function en(group, value) {
  if (value == null) return '';
  const key = `${group}.${value}`;
  return key in S ? t(key) : String(value);
}

const locale = () => (current === 'en' ? 'en-GB' : current);

export function fmtTime(iso, withDate = true) {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return String(iso);
  const o = withDate
    ? { year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' }
    : { hour: '2-digit', minute: '2-digit' };
  return new Intl.DateTimeFormat(locale(), o).format(d);
}

// Working time left, as the clocks count it: days of 7.5 h are not
// calendar days, so hours and minutes it is.
export function fmtDuration(ms) {
  const m = Math.max(0, Math.round(ms / 60000));
  const h = Math.floor(m / 60), r = m % 60;
  if (current === 'en') return h ? `${h} h ${r} min` : `${r} min`;
  const unit = current === 'zh-TW' ? ['小時', '分鐘'] : ['小时', '分钟'];
  return h ? `${h} ${unit[0]} ${r} ${unit[1]}` : `${r} ${unit[1]}`;
}

export function fmtMoney(fen) {
  return new Intl.NumberFormat(locale(), { style: 'currency', currency: 'CNY' }).format((fen || 0) / 100);
}

document.documentElement.lang = current;
