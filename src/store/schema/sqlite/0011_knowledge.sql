-- 0011: the knowledge base (知识库): unified response scripts (统一应答口径)
-- per category, handling step and language; the four steps of guided
-- handling checked off on each complaint; articles that grow from closed
-- cases, searched with the same tokenizer as complaints.

-- Standard wording. step: 1 listen and understand (倾听认知), 2 guide with
-- questions (同步引导), 3 restate, clarify and propose (澄清陈述), 4 resolve
-- and thank (解决感谢). category: the complaint category it is written for
-- (NULL: any). responsibility: whose fault it assumes (NULL: either), for
-- step 3's apologise-or-explain. body holds {placeholders} filled at read
-- time from the complaint.
CREATE TABLE scripts (
	id INTEGER PRIMARY KEY,
	category TEXT,
	step INTEGER NOT NULL CHECK (step BETWEEN 1 AND 4),
	responsibility TEXT CHECK (responsibility IN ('ours', 'customer', 'third_party')),
	language TEXT NOT NULL CHECK (language IN ('zh-CN', 'zh-TW', 'en')),
	title TEXT NOT NULL,
	body TEXT NOT NULL,
	position INTEGER NOT NULL DEFAULT 0,
	version INTEGER NOT NULL DEFAULT 1,
	created_at INTEGER NOT NULL,
	created_by TEXT NOT NULL,
	updated_at INTEGER NOT NULL,
	updated_by TEXT NOT NULL
);
CREATE INDEX scripts_language ON scripts(language, step, position);

-- The steps of guided handling done on a complaint (a row: done). Every
-- change is also a guide_step event in the timeline.
CREATE TABLE guide_steps (
	complaint_id INTEGER NOT NULL REFERENCES complaints(id),
	step INTEGER NOT NULL CHECK (step BETWEEN 1 AND 4),
	done_at INTEGER NOT NULL,
	done_by TEXT NOT NULL,
	PRIMARY KEY (complaint_id, step)
) WITHOUT ROWID;

-- Articles: what a case taught, written for colleagues. Drafts are for
-- the editors; agents read the published ones.
CREATE TABLE kb_articles (
	id INTEGER PRIMARY KEY,
	title TEXT NOT NULL,
	body TEXT NOT NULL,
	category TEXT,
	language TEXT NOT NULL CHECK (language IN ('zh-CN', 'zh-TW', 'en')),
	status TEXT NOT NULL CHECK (status IN ('draft', 'published')),
	from_complaint INTEGER REFERENCES complaints(id),
	version INTEGER NOT NULL DEFAULT 1,
	created_at INTEGER NOT NULL,
	created_by TEXT NOT NULL,
	updated_at INTEGER NOT NULL,
	updated_by TEXT NOT NULL
);
CREATE INDEX kb_articles_from ON kb_articles(from_complaint) WHERE from_complaint IS NOT NULL;

-- Articles are few and written one at a time, so triggers keep their
-- index (unlike complaints, which are indexed in batches by the writer).
CREATE VIRTUAL TABLE kb_articles_fts USING fts5(
	title, body, category,
	content = 'kb_articles', content_rowid = 'id', tokenize = 'kesu'
);
CREATE TRIGGER kb_articles_ai AFTER INSERT ON kb_articles BEGIN
	INSERT INTO kb_articles_fts(rowid, title, body, category)
	VALUES (new.id, new.title, new.body, new.category);
END;
CREATE TRIGGER kb_articles_ad AFTER DELETE ON kb_articles BEGIN
	INSERT INTO kb_articles_fts(kb_articles_fts, rowid, title, body, category)
	VALUES ('delete', old.id, old.title, old.body, old.category);
END;
CREATE TRIGGER kb_articles_au AFTER UPDATE OF title, body, category ON kb_articles BEGIN
	INSERT INTO kb_articles_fts(kb_articles_fts, rowid, title, body, category)
	VALUES ('delete', old.id, old.title, old.body, old.category);
	INSERT INTO kb_articles_fts(rowid, title, body, category)
	VALUES (new.id, new.title, new.body, new.category);
END;

-- The default scripts: a generic set for every step in each language, and
-- wording for the commonest causes. Editors change or replace them.
INSERT INTO scripts(category, step, responsibility, language, title, body, position,
		    created_at, created_by, updated_at, updated_by)
SELECT column1, column2, column3, column4, column5, column6, column7,
       CAST(strftime('%s', 'now') AS INTEGER) * 1000, 'kesu',
       CAST(strftime('%s', 'now') AS INTEGER) * 1000, 'kesu'
FROM (VALUES
	-- zh-CN, any category
	(NULL, 1, NULL, 'zh-CN', '开场：表明身份',
	 '{customer_name}您好，我是{company}客户服务中心的{agent_name}，您的投诉（编号 {tracking_no}）由我负责跟进。您请慢慢说，我在认真听。', 10),
	(NULL, 1, NULL, 'zh-CN', '共情：先处理心情',
	 '遇到这种情况，换作是我也会很着急。您的心情我完全理解，谢谢您愿意告诉我们，这对我们改进非常重要。', 20),
	(NULL, 1, NULL, 'zh-CN', '倾听：不打断，适时回应',
	 '嗯，我明白……您说的这些我都记下了，您请继续。', 30),
	(NULL, 2, NULL, 'zh-CN', '了解经过',
	 '为了尽快帮您解决，我想跟您确认几个细节：问题是什么时候发生的？当时的情况是怎样的？方便的话，请提供照片、截图或订单信息。', 10),
	(NULL, 2, NULL, 'zh-CN', '了解诉求',
	 '您希望我们怎样处理，您会比较满意？您的想法我们会认真考虑。', 20),
	(NULL, 3, NULL, 'zh-CN', '复述确认',
	 '我把您的情况复述一下，您看是否准确：……。您的诉求是……，对吗？', 10),
	(NULL, 3, 'ours', 'zh-CN', '我方责任：立即致歉',
	 '经过核实，这次的问题确实是我们的责任，给您添麻烦了，非常抱歉！我们的处理方案是：……。您看这样可以吗？', 20),
	(NULL, 3, 'customer', 'zh-CN', '客户原因：说明事实',
	 '谢谢您的耐心。经过核实，情况是这样的：……。虽然原因不在我们这边，我们仍然愿意尽力帮您：……。您看这样可以吗？', 30),
	(NULL, 3, 'third_party', 'zh-CN', '第三方原因：主动协调',
	 '经过核实，问题出在……环节。给您带来不便，我们很抱歉。我们会负责和对方沟通，不需要您再来回奔波，预计在 {due} 前给您明确答复。', 40),
	(NULL, 4, NULL, 'zh-CN', '确认解决并致谢',
	 '{customer_name}，您的问题已经按我们约定的方案处理好了。感谢您的理解和耐心，也谢谢您的反馈，帮助我们做得更好。', 10),
	(NULL, 4, NULL, 'zh-CN', '询问其他需要',
	 '请问还有其他需要我帮您处理的吗？之后如有任何问题，您可以随时凭编号 {tracking_no} 联系我们，我是{agent_name}。', 20),
	-- zh-CN, by category
	('质量问题', 2, NULL, 'zh-CN', '了解质量问题',
	 '请问{object_name}是从什么时候开始出现问题的？是第一次使用就这样，还是用了一段时间以后？方便拍一张照片或一段视频给我们吗？这样能更快判断原因。', 10),
	('质量问题', 3, 'ours', 'zh-CN', '质量问题：致歉并给出选择',
	 '非常抱歉，{object_name}出现这样的质量问题是我们的责任。我们可以为您办理退货退款、换新或免费维修，往返运费由我们承担，您更倾向哪一种？', 20),
	('质量问题', 3, 'customer', 'zh-CN', '使用方式：耐心说明',
	 '谢谢您提供的信息。经过检测，{object_name}的问题是由于……造成的，不属于质量问题。正确的使用方法是：……。为了不影响您继续使用，我们可以为您提供：……', 30),
	('物流配送', 2, NULL, 'zh-CN', '核实物流',
	 '我马上帮您查询物流状态。请问包裹现在显示的状态是什么？收货地址和联系电话需要更正吗？', 10),
	('物流配送', 3, 'third_party', 'zh-CN', '配送延误：致歉并加急',
	 '非常抱歉让您久等了。经查询，包裹在配送环节出现了延误，我们已经联系快递公司加急处理，最晚在 {due} 前给您明确答复。', 20),
	('物流配送', 3, 'ours', 'zh-CN', '发错或漏发：立即补发',
	 '非常抱歉，是我们发货时出了差错。我们马上为您补发正确的商品，发错的商品由我们安排上门取回，不需要您再操心。', 30),
	('服务态度', 1, NULL, 'zh-CN', '郑重道歉',
	 '{customer_name}，首先代表{company}向您郑重道歉，我们同事的态度让您受委屈了，这本不应该发生。请您把当时的情况告诉我，我会如实记录。', 10),
	('服务态度', 3, 'ours', 'zh-CN', '处理与承诺',
	 '您反映的情况我们已经核实，确实是我们的服务没有做好。我们会对相关同事进行严肃的批评教育和培训，处理结果也会告诉您。再次向您道歉。', 10),
	('价格/收费', 2, NULL, 'zh-CN', '核对费用',
	 '我来帮您核对这笔费用。请问是哪一笔订单、哪一项收费让您有疑问？您看到的金额是多少？', 10),
	('价格/收费', 3, 'ours', 'zh-CN', '多收费用：致歉并退还',
	 '经过核对，这笔费用确实多收了，非常抱歉！多收的部分会原路退回，到账后我们会通知您。', 20),
	('价格/收费', 3, 'customer', 'zh-CN', '收费依据：解释清楚',
	 '经过核对，这笔费用是……（收费项目和依据）。很抱歉之前没有向您解释清楚，让您产生了误会。您还有哪里不清楚的，我再为您详细说明。', 30),

	-- zh-TW, any category
	(NULL, 1, NULL, 'zh-TW', '開場：表明身分',
	 '{customer_name}您好，我是{company}客戶服務中心的{agent_name}，您的客訴（編號 {tracking_no}）由我負責跟進。您請慢慢說，我在認真聽。', 10),
	(NULL, 1, NULL, 'zh-TW', '同理：先處理心情',
	 '遇到這種情況，換作是我也會很著急。您的心情我完全理解，謝謝您願意告訴我們，這對我們改進非常重要。', 20),
	(NULL, 1, NULL, 'zh-TW', '傾聽：不打斷，適時回應',
	 '嗯，我明白……您說的這些我都記下來了，您請繼續。', 30),
	(NULL, 2, NULL, 'zh-TW', '了解經過',
	 '為了盡快幫您解決，我想跟您確認幾個細節：問題是什麼時候發生的？當時的情況是怎樣的？方便的話，請提供照片、截圖或訂單資料。', 10),
	(NULL, 2, NULL, 'zh-TW', '了解訴求',
	 '您希望我們怎麼處理，您會比較滿意？您的想法我們會認真考慮。', 20),
	(NULL, 3, NULL, 'zh-TW', '複述確認',
	 '我把您的情況複述一次，您看是否正確：……。您的訴求是……，對嗎？', 10),
	(NULL, 3, 'ours', 'zh-TW', '我方責任：立即致歉',
	 '經過查證，這次的問題確實是我們的責任，造成您的困擾，非常抱歉！我們的處理方案是：……。您看這樣可以嗎？', 20),
	(NULL, 3, 'customer', 'zh-TW', '客戶原因：說明事實',
	 '謝謝您的耐心。經過查證，情況是這樣的：……。雖然原因不在我們這邊，我們仍然願意盡力協助您：……。您看這樣可以嗎？', 30),
	(NULL, 3, 'third_party', 'zh-TW', '第三方原因：主動協調',
	 '經過查證，問題出在……環節。造成您的不便，我們很抱歉。我們會負責和對方溝通，不需要您再來回奔波，預計在 {due} 前給您明確答覆。', 40),
	(NULL, 4, NULL, 'zh-TW', '確認解決並致謝',
	 '{customer_name}，您的問題已經按照我們約定的方案處理好了。感謝您的體諒與耐心，也謝謝您的回饋，幫助我們做得更好。', 10),
	(NULL, 4, NULL, 'zh-TW', '詢問其他需要',
	 '請問還有其他需要我幫您處理的嗎？之後如有任何問題，您可以隨時憑編號 {tracking_no} 聯絡我們，我是{agent_name}。', 20),
	-- zh-TW, by category (the categories are the business's one list)
	('质量问题', 2, NULL, 'zh-TW', '了解品質問題',
	 '請問{object_name}是從什麼時候開始出現問題的？是第一次使用就這樣，還是用了一段時間之後？方便拍一張照片或一段影片給我們嗎？這樣能更快判斷原因。', 10),
	('质量问题', 3, 'ours', 'zh-TW', '品質問題：致歉並提供選擇',
	 '非常抱歉，{object_name}出現這樣的品質問題是我們的責任。我們可以為您辦理退貨退款、換新或免費維修，來回運費由我們負擔，您比較傾向哪一種？', 20),
	('质量问题', 3, 'customer', 'zh-TW', '使用方式：耐心說明',
	 '謝謝您提供的資料。經過檢測，{object_name}的問題是由於……造成的，不屬於品質問題。正確的使用方式是：……。為了不影響您繼續使用，我們可以為您提供：……', 30),
	('物流配送', 2, NULL, 'zh-TW', '查證物流',
	 '我馬上幫您查詢物流狀態。請問包裹目前顯示的狀態是什麼？收件地址和聯絡電話需要更正嗎？', 10),
	('物流配送', 3, 'third_party', 'zh-TW', '配送延誤：致歉並加急',
	 '非常抱歉讓您久等了。經查詢，包裹在配送過程中出現延誤，我們已經聯絡物流公司加急處理，最晚在 {due} 前給您明確答覆。', 20),
	('物流配送', 3, 'ours', 'zh-TW', '寄錯或漏寄：立即補寄',
	 '非常抱歉，是我們出貨時出了差錯。我們馬上為您補寄正確的商品，寄錯的商品由我們安排到府取回，不需要您再費心。', 30),
	('服务态度', 1, NULL, 'zh-TW', '鄭重道歉',
	 '{customer_name}，首先代表{company}向您鄭重道歉，我們同仁的態度讓您受委屈了，這本來不應該發生。請您把當時的情況告訴我，我會如實記錄。', 10),
	('服务态度', 3, 'ours', 'zh-TW', '處理與承諾',
	 '您反映的情況我們已經查證，確實是我們的服務沒有做好。我們會對相關同仁進行嚴肅的檢討與教育訓練，處理結果也會告訴您。再次向您致歉。', 10),
	('价格/收费', 2, NULL, 'zh-TW', '核對費用',
	 '我來幫您核對這筆費用。請問是哪一筆訂單、哪一項收費讓您有疑問？您看到的金額是多少？', 10),
	('价格/收费', 3, 'ours', 'zh-TW', '多收費用：致歉並退還',
	 '經過核對，這筆費用確實多收了，非常抱歉！多收的部分會原路退還，入帳後我們會通知您。', 20),
	('价格/收费', 3, 'customer', 'zh-TW', '收費依據：解釋清楚',
	 '經過核對，這筆費用是……（收費項目與依據）。很抱歉之前沒有向您解釋清楚，讓您產生誤會。還有哪裡不清楚的，我再為您詳細說明。', 30),

	-- en, any category
	(NULL, 1, NULL, 'en', 'Opening: who you are',
	 'Hello {customer_name}, this is {agent_name} from {company} Customer Service. I am looking after your complaint {tracking_no}. Please take your time; I am listening.', 10),
	(NULL, 1, NULL, 'en', 'Empathy: mood first',
	 'I would be upset too if this happened to me, and I completely understand how you feel. Thank you for telling us; it really helps us improve.', 20),
	(NULL, 1, NULL, 'en', 'Listening: let them finish',
	 'I see… I have noted all of that. Please go on.', 30),
	(NULL, 2, NULL, 'en', 'What happened',
	 'So that I can sort this out quickly, may I check a few details? When did it happen, and what exactly happened? If you can, please send us a photo, a screenshot or the order details.', 10),
	(NULL, 2, NULL, 'en', 'What they would like',
	 'What would you like us to do so that you are satisfied? We will take your wishes seriously.', 20),
	(NULL, 3, NULL, 'en', 'Restate and confirm',
	 'Let me repeat what you told me, to make sure I have it right: … And what you would like is …, is that correct?', 10),
	(NULL, 3, 'ours', 'en', 'Our fault: apologise at once',
	 'We have checked, and this was indeed our fault. I am very sorry for the trouble it caused you. Here is what we propose: … Would that be acceptable to you?', 20),
	(NULL, 3, 'customer', 'en', 'Customer''s side: explain the facts',
	 'Thank you for your patience. We have checked, and this is what happened: … Although the cause was not on our side, we would still like to help: … Would that work for you?', 30),
	(NULL, 3, 'third_party', 'en', 'Third party: we coordinate',
	 'We have checked, and the problem arose at … I am sorry for the inconvenience. We will deal with them ourselves so that you do not have to, and we will give you a clear answer by {due}.', 40),
	(NULL, 4, NULL, 'en', 'Confirm and thank',
	 '{customer_name}, your issue has now been resolved as we agreed. Thank you for your patience and understanding, and for your feedback, which helps us do better.', 10),
	(NULL, 4, NULL, 'en', 'Anything else?',
	 'Is there anything else I can help you with? If anything comes up later, you can reach us any time quoting {tracking_no}. My name is {agent_name}.', 20),
	-- en, by category
	('质量问题', 2, NULL, 'en', 'Quality: the details',
	 'When did the {object_name} start having this problem? Was it like this from the first use, or after a while? Could you send us a photo or a short video? That helps us find the cause faster.', 10),
	('质量问题', 3, 'ours', 'en', 'Quality: apologise and offer a choice',
	 'I am very sorry: this quality problem with the {object_name} is our responsibility. We can refund you, replace it or repair it free of charge, and we cover the shipping both ways. Which would you prefer?', 20),
	('质量问题', 3, 'customer', 'en', 'Usage: explain patiently',
	 'Thank you for the information. Our inspection found that the problem with the {object_name} was caused by …, so it is not a quality defect. The right way to use it is: … So that you can keep using it, we can offer you: …', 30),
	('物流配送', 2, NULL, 'en', 'Delivery: check the tracking',
	 'Let me check the delivery status right away. What does the tracking show at the moment? Do the delivery address or the phone number need correcting?', 10),
	('物流配送', 3, 'third_party', 'en', 'Delay: apologise and expedite',
	 'I am very sorry to have kept you waiting. The parcel was delayed in transit; we have asked the courier to expedite it and will give you a clear answer by {due} at the latest.', 20),
	('物流配送', 3, 'ours', 'en', 'Wrong or missing item: resend at once',
	 'I am very sorry, we made a mistake when we shipped your order. We are sending the right item straight away and will arrange to collect the wrong one, so you do not need to do anything.', 30),
	('服务态度', 1, NULL, 'en', 'A sincere apology',
	 '{customer_name}, first of all, on behalf of {company}, please accept our sincere apology. Our colleague''s attitude was unacceptable and should never have happened. Please tell me what happened; I will record it exactly.', 10),
	('服务态度', 3, 'ours', 'en', 'What we will do',
	 'We have looked into what you reported, and our service clearly fell short. The colleague concerned will be spoken to and retrained, and we will tell you the outcome. Once again, I apologise.', 10),
	('价格/收费', 2, NULL, 'en', 'Charges: check the bill',
	 'Let me go through this charge with you. Which order and which charge are you unsure about, and what amount do you see?', 10),
	('价格/收费', 3, 'ours', 'en', 'Overcharged: apologise and refund',
	 'We have checked, and you were indeed overcharged. I am very sorry! The difference will be refunded to your original payment method, and we will let you know once it arrives.', 20),
	('价格/收费', 3, 'customer', 'en', 'Charges: explain the basis',
	 'We have checked, and this charge is for … (the item and its basis). I am sorry we did not explain it clearly before and caused this misunderstanding. If anything is still unclear, I am happy to go through it again.', 30)
);
