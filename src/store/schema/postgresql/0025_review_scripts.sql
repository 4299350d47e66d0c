-- 0025: the playbooks of neutral and negative reviews (domain.md 8) in the
-- knowledge base. A script written for one has its playbook: new (a new
-- review, a simple problem: call at once), serious (a serious problem or a
-- deep misunderstanding: call calmly, 24 hours after it was posted), month
-- (older than a month: apologise, offer, to the point) or half_year (older
-- than six months: only an invitation, never the old case). NULL: a
-- complaint's script; only those are offered for a complaint.
ALTER TABLE scripts ADD COLUMN playbook TEXT
	CHECK (playbook IN ('new', 'serious', 'month', 'half_year'));

-- The default wording of each playbook, by step where the call has steps,
-- in each language. Editors change or replace them.
INSERT INTO scripts(category, step, responsibility, playbook, language, title, body, position,
		    created_at, created_by, updated_at, updated_by)
SELECT NULL, column1, NULL, column2, column3, column4, column5, column6,
       (extract(epoch FROM now()) * 1000)::bigint, 'kesu',
       (extract(epoch FROM now()) * 1000)::bigint, 'kesu'
FROM (VALUES
	-- zh-CN
	(1, 'new', 'zh-CN', '新评价：马上联系，先道歉',
	 '您好，请问是……（买家昵称）吗？我是{company}的客服{agent_name}。看到您给我们的评价了，这次让您不满意，真的非常抱歉！想耽误您两分钟，听听具体是哪里没做好？', 10),
	(2, 'new', 'zh-CN', '新评价：问清哪里出了问题',
	 '您说的我都记下了。方便再跟我说说：是商品本身、物流，还是我们的服务让您不满意？有照片的话可以发给我，我马上帮您处理。', 10),
	(3, 'new', 'zh-CN', '新评价：给出补救办法',
	 '这件事是我们没做好。我们马上为您……（换货／补发／退款／补偿），来回运费由我们承担。您看这样处理可以吗？', 10),
	(4, 'new', 'zh-CN', '新评价：礼貌地问能否修改评价',
	 '谢谢您给我们改正的机会！等问题处理好了，如果您觉得我们还算用心，能不能考虑帮我们修改一下评价？完全看您的意愿，不方便也没关系。修改的步骤我稍后发到您手机上。', 10),
	(1, 'serious', 'zh-CN', '严重问题：发布满24小时再打，语气平和',
	 '（评价发布满 24 小时后再联系，让买家先平静下来；语速放慢，不争辩。）您好，请问是……吗？我是{company}的客服{agent_name}。您这次遇到的情况我们非常重视，专门把经过核实了一遍，想跟您说清楚，您现在方便吗？', 10),
	(2, 'serious', 'zh-CN', '严重问题：先让买家说完',
	 '您先说，我不打断您。……嗯，当时的感受我能理解，换作是我也会着急。', 10),
	(3, 'serious', 'zh-CN', '严重问题：平和地讲清事实',
	 '我们核实了整个过程，情况是这样的：……（时间、经过、依据）。之前没有及时跟您解释清楚，让您产生了误会，这是我们做得不够的地方。', 10),
	(4, 'serious', 'zh-CN', '严重问题：解决并感谢',
	 '这件事我们为您做的是：……。您看这样可以吗？谢谢您愿意听我们解释。事情处理好以后，如果您觉得满意，方便的话可以考虑更新一下评价，您来决定就好。', 10),
	(1, 'month', 'zh-CN', '一个月以上：电话致歉，直说来意',
	 '您好，我是{company}的客服{agent_name}。您之前的评价我们一直放在心上，也试着联系过您几次，今天终于联系上了。那次让您不满意，真的很抱歉！为了表达歉意，您下次购物我们给您包邮，再寄一份小礼物给您，您看可以吗？', 10),
	(4, 'month', 'zh-CN', '一个月以上：问能否更新评价',
	 '谢谢您接我的电话！如果您愿意，方便的时候可以帮我们更新一下那条评价，修改的步骤我稍后发给您。不方便也完全没关系，再次谢谢您。', 10),
	(1, 'half_year', 'zh-CN', '半年以上：只邀请，不提旧事',
	 '（只谈接下来的新品、活动和心意，不提过去的任何事。）您好，我是{company}的{agent_name}。我们店这个月上了新品，周年庆活动也快开始了，想邀请您来看看。我们给老顾客准备了一份小礼物，方便告诉我寄到哪里吗？', 10),
	(4, 'half_year', 'zh-CN', '半年以上：感谢，期待再来',
	 '谢谢您一直以来的支持！新品上架和活动开始的时候我再告诉您，期待再次为您服务。', 10),

	-- zh-TW
	(1, 'new', 'zh-TW', '新評價：馬上聯絡，先道歉',
	 '您好，請問是……（買家暱稱）嗎？我是{company}的客服{agent_name}。看到您給我們的評價了，這次讓您不滿意，真的非常抱歉！想耽誤您兩分鐘，聽聽具體是哪裡沒做好？', 10),
	(2, 'new', 'zh-TW', '新評價：問清楚哪裡出了問題',
	 '您說的我都記下了。方便再跟我說說：是商品本身、物流，還是我們的服務讓您不滿意？有照片的話可以傳給我，我馬上幫您處理。', 10),
	(3, 'new', 'zh-TW', '新評價：提出補救辦法',
	 '這件事是我們沒做好。我們馬上為您……（換貨／補寄／退款／補償），來回運費由我們負擔。您看這樣處理可以嗎？', 10),
	(4, 'new', 'zh-TW', '新評價：禮貌地問能否修改評價',
	 '謝謝您給我們改正的機會！等問題處理好了，如果您覺得我們還算用心，能不能考慮幫我們修改一下評價？完全看您的意願，不方便也沒關係。修改的步驟我稍後傳到您手機上。', 10),
	(1, 'serious', 'zh-TW', '嚴重問題：發佈滿24小時再打，語氣平和',
	 '（評價發佈滿 24 小時後再聯絡，讓買家先平靜下來；語速放慢，不爭辯。）您好，請問是……嗎？我是{company}的客服{agent_name}。您這次遇到的情況我們非常重視，特地把經過查證了一遍，想跟您說清楚，您現在方便嗎？', 10),
	(2, 'serious', 'zh-TW', '嚴重問題：先讓買家說完',
	 '您先說，我不打斷您。……嗯，當時的感受我能理解，換作是我也會著急。', 10),
	(3, 'serious', 'zh-TW', '嚴重問題：平和地說明事實',
	 '我們查證了整個過程，情況是這樣的：……（時間、經過、依據）。之前沒有及時跟您解釋清楚，讓您產生了誤會，這是我們做得不夠的地方。', 10),
	(4, 'serious', 'zh-TW', '嚴重問題：解決並感謝',
	 '這件事我們為您做的是：……。您看這樣可以嗎？謝謝您願意聽我們解釋。事情處理好以後，如果您覺得滿意，方便的話可以考慮更新一下評價，由您決定就好。', 10),
	(1, 'month', 'zh-TW', '一個月以上：電話致歉，直說來意',
	 '您好，我是{company}的客服{agent_name}。您之前的評價我們一直放在心上，也試著聯絡過您幾次，今天終於聯絡上了。那次讓您不滿意，真的很抱歉！為了表達歉意，您下次購物我們幫您免運，再寄一份小禮物給您，您看可以嗎？', 10),
	(4, 'month', 'zh-TW', '一個月以上：問能否更新評價',
	 '謝謝您接我的電話！如果您願意，方便的時候可以幫我們更新一下那則評價，修改的步驟我稍後傳給您。不方便也完全沒關係，再次謝謝您。', 10),
	(1, 'half_year', 'zh-TW', '半年以上：只邀請，不提舊事',
	 '（只談接下來的新品、活動和心意，不提過去的任何事。）您好，我是{company}的{agent_name}。我們店這個月上了新品，週年慶活動也快開始了，想邀請您來看看。我們為老顧客準備了一份小禮物，方便告訴我寄到哪裡嗎？', 10),
	(4, 'half_year', 'zh-TW', '半年以上：感謝，期待再來',
	 '謝謝您一直以來的支持！新品上架和活動開始的時候我再通知您，期待再次為您服務。', 10),

	-- en
	(1, 'new', 'en', 'New review: call at once, apologise first',
	 'Hello, am I speaking with … (the buyer''s nickname)? This is {agent_name} from {company}. I saw your review, and I am really sorry we let you down this time. Could you spare two minutes to tell me what went wrong?', 10),
	(2, 'new', 'en', 'New review: find out what went wrong',
	 'I have noted all of that. Could you tell me a little more: was it the item itself, the delivery or our service? If you have a photo, please send it to me and I will sort it out straight away.', 10),
	(3, 'new', 'en', 'New review: offer a remedy',
	 'We got this wrong. We will … (replace it / send the missing part / refund you / make it up to you) right away, and we cover the shipping both ways. Would that be all right with you?', 10),
	(4, 'new', 'en', 'New review: ask politely about the review',
	 'Thank you for giving us the chance to put it right! Once it is sorted, if you feel we did our best, would you consider updating your review? It is entirely up to you, and no problem at all if not. I will text you the steps.', 10),
	(1, 'serious', 'en', 'Serious problem: call calmly, 24 hours after it was posted',
	 '(Call once 24 hours have passed since the review was posted, so the buyer has had time to calm down; speak slowly and do not argue.) Hello, am I speaking with …? This is {agent_name} from {company}. We take what happened to you very seriously and have gone through it step by step. May I explain what we found?', 10),
	(2, 'serious', 'en', 'Serious problem: let the buyer finish',
	 'Please go ahead, I will not interrupt. … I understand how you felt; I would have been upset too.', 10),
	(3, 'serious', 'en', 'Serious problem: the facts, calmly',
	 'We have checked the whole process, and this is what happened: … (when, what, and on what basis). We did not explain this to you in time, which caused the misunderstanding; that is where we fell short.', 10),
	(4, 'serious', 'en', 'Serious problem: resolve and thank',
	 'For this, what we will do is: … Would that be acceptable? Thank you for hearing us out. Once it is settled, if you are satisfied, you might consider updating your review; that is entirely your decision.', 10),
	(1, 'month', 'en', 'Over a month: apologise by phone, straight to the point',
	 'Hello, this is {agent_name} from {company}. We have not forgotten your review and tried to reach you a few times; I am glad to have you on the line at last. I am truly sorry we disappointed you. As an apology, your next order ships free, and we would like to send you a small gift. Would that be all right?', 10),
	(4, 'month', 'en', 'Over a month: ask about the review',
	 'Thank you for taking my call! If you are willing, you could update that review when it suits you; I will text you the steps. And no problem at all if not. Thank you again.', 10),
	(1, 'half_year', 'en', 'Over six months: only an invitation, never the old case',
	 '(Talk only about what is coming and the gift; never bring up the past in any way.) Hello, this is {agent_name} from {company}. We have new arrivals this month and our anniversary sale starts soon, and we would love you to come and have a look. We have a small gift for our regular customers: where may we send it?', 10),
	(4, 'half_year', 'en', 'Over six months: thank and welcome back',
	 'Thank you for your support! I will let you know when the new arrivals are in and the sale begins. We look forward to serving you again.', 10)
) AS v;
