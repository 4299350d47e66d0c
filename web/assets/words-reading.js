// words-reading.js - the words of what kesu read in a complaint (its
// `analysis`, reading.js) on the complaint's page, and of the reading's
// events on its timeline: {key: [zh-CN, zh-TW, en]}. Emotions and
// mindsets are the server's enumerations (GET /api/v1/fields), with their
// own words; the kinds of threat are kesu's reader's, named here.

export default {
  an_title: ['自动解读', '自動解讀', 'What kesu read'],
  an_read: ['{source}，{time}', '{source}，{time}', '{source}, {time}'],
  'an_source.intake': ['读自登记时的投诉内容', '讀自登記時的客訴內容', 'Read in the complaint as registered'],
  'an_source.message': ['读自客户最近一次留言', '讀自客戶最近一次留言', 'Read in the customer\'s latest message'],
  'an_source.now': ['刚刚读取：这件投诉登记时没有解读，结果未保存', '剛剛讀取：這件客訴登記時沒有解讀，結果未儲存', 'Read just now: the complaint was not read when registered, and this reading is not kept'],
  an_none: ['（无）', '（無）', '(none)'],
  an_agent_set: ['客服定为：{value}', '客服定為：{value}', 'agent set: {value}'],
  an_polarity: ['语气', '語氣', 'Tone'],
  an_polarity_aria: ['语气 {n}（-1 最负面，+1 最正面）', '語氣 {n}（-1 最負面，+1 最正面）', 'Tone {n} (-1 most negative, +1 most positive)'],
  'an_tone.very_negative': ['很负面', '很負面', 'very negative'],
  'an_tone.negative': ['负面', '負面', 'negative'],
  'an_tone.neutral': ['中性', '中性', 'neutral'],
  'an_tone.positive': ['正面', '正面', 'positive'],
  'an_tone.very_positive': ['很正面', '很正面', 'very positive'],
  an_threats: ['扩散风险', '擴散風險', 'Threats'],
  an_no_threat: ['没有读到', '沒有讀到', 'None read'],
  'an_threat.media': ['媒体', '媒體', 'Media'],
  'an_threat.regulator': ['监管部门（12315）', '監管部門（12315）', 'Regulator (12315)'],
  'an_threat.lawyer': ['律师', '律師', 'Lawyer'],
  'an_threat.lawsuit': ['诉讼', '訴訟', 'Lawsuit'],
  'an_threat.social': ['社交网络', '社群網路', 'Social media'],
  'an_threat.collective': ['集体投诉', '集體客訴', 'Group of customers'],
  an_repeats: ['相似的投诉', '相似的客訴', 'Reads like'],
  an_similarity: ['相似度 {n}', '相似度 {n}', '{n} alike'],
  'an_offer.second': ['可能是二次投诉', '可能是二次客訴', 'may be a second complaint'],
  'an_offer.duplicate': ['可能是重复投诉', '可能是重複客訴', 'may be a duplicate'],
  an_linked: ['已标记', '已標記', 'marked'],
  an_accept: ['采纳', '採納', 'Accept'],
  an_accept_hint: ['把{fields}设为自动解读的结果', '把{fields}設為自動解讀的結果', 'Sets {fields} to what kesu read'],
  an_accepted_toast: ['已采纳自动解读', '已採納自動解讀', 'Reading accepted'],
  an_accepted_by: ['{who} 于 {time} 采纳', '{who} 於 {time} 採納', 'Accepted by {who} on {time}'],
  an_list_sep: ['、', '、', ', '],
  an_colon: ['：', '：', ': '],
  an_reason_sep: ['；', '；', '; '],

  // the analysis policy (on the routing page)
  an_policy_label: ['自动解读新投诉和客户留言', '自動解讀新客訴和客戶留言', 'Read new complaints and customers\' messages'],
  an_policy_hint: ['读取情绪、语气、投诉心态和扩散风险（媒体、12315、律师…），并建议类别和原因；读到扩散风险的投诉自动升级，分派规则也按读到的心态分派。关闭后不再解读新的内容，已有的解读保留。', '讀取情緒、語氣、投訴心態和擴散風險（媒體、12315、律師…），並建議類別和原因；讀到擴散風險的客訴自動升級，分派規則也按讀到的心態分派。關閉後不再解讀新的內容，既有的解讀保留。', 'kesu reads the emotion, tone, mindset and threats (media, 12315, a lawyer…) and suggests a category and cause; a complaint with a threat goes up by itself, and the routing rules see the mindset read. Switched off, nothing new is read; the readings made are kept.'],
  an_policy_on: ['已开启自动解读', '已開啟自動解讀', 'Reading is on'],
  an_policy_off: ['已关闭自动解读：新投诉和留言不再解读', '已關閉自動解讀：新客訴和留言不再解讀', 'Reading is off: new complaints and messages are not read'],

  // the timeline
  'ev.mood_changed': ['客户情绪：{from} → {to}', '客戶情緒：{from} → {to}', 'the customer\'s mood: {from} → {to}'],
  'ev.mood_polarity': ['语气：{from} → {to}', '語氣：{from} → {to}', 'tone: {from} → {to}'],
  'ev.analysis_accepted': ['采纳了自动解读：{fields}', '採納了自動解讀：{fields}', 'accepted what kesu read: {fields}'],
  'ev.escalated_threat': ['自动解读读到扩散风险', '自動解讀讀到擴散風險', 'kesu read a threat to take it further'],
};
