/*
 * threat.c - a complaint that threatens to spread (domain.md 4: media,
 * 12315 and the regulators, a lawyer, a lawsuit, social networks, a group
 * of customers; "one unhappy customer reaches 250 others"). Read clause
 * by clause on the folded text: a trigger word, then its context decides.
 * A strong trigger (12315, 律师函, 起诉, 曝光) is a threat unless the
 * clause negates it or makes it a place, a job or where the customer saw
 * the shop; a weak one (律师, 微博, 记者) needs the customer's intent
 * around it (找 去 发 告 别逼我 再不...就, "I will").
 */
#include <ctype.h>
#include <linear.h>
#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../text/text.h"
#include "analysis.h"
#include "analysis_int.h"

const char *const an_threat_names[AN_THREAT__COUNT] = {
	[AN_MEDIA] = "media",	[AN_REGULATOR] = "regulator", [AN_LAWYER] = "lawyer",
	[AN_LAWSUIT] = "lawsuit", [AN_SOCIAL] = "social",	      [AN_COLLECTIVE] = "collective",
};

enum { WEAK, STRONG };
static const struct trigger {
	const char *word; /* folded: simplified, lower case, half width */
	int kind, strength;
} triggers[] = {
	/* media */
	{"媒体", AN_MEDIA, WEAK},
	{"记者", AN_MEDIA, WEAK},
	{"电视台", AN_MEDIA, WEAK},
	{"报社", AN_MEDIA, WEAK},
	{"报纸", AN_MEDIA, WEAK},
	{"新闻", AN_MEDIA, WEAK},
	{"央视", AN_MEDIA, WEAK},
	{"上电视", AN_MEDIA, STRONG},
	{"曝光", AN_MEDIA, STRONG},
	{"爆料", AN_MEDIA, STRONG},
	{"315晚会", AN_MEDIA, STRONG},
	{"3.15晚会", AN_MEDIA, STRONG},
	{"焦点访谈", AN_MEDIA, WEAK},
	{"自媒体", AN_MEDIA, WEAK},
	{"频道", AN_MEDIA, WEAK},
	{"节目", AN_MEDIA, WEAK},
	{"电视", AN_MEDIA, WEAK},
	{"journalist", AN_MEDIA, WEAK},
	{"reporter", AN_MEDIA, WEAK},
	{"the press", AN_MEDIA, WEAK},
	{"the media", AN_MEDIA, WEAK},
	{"newspaper", AN_MEDIA, WEAK},
	{"tv station", AN_MEDIA, WEAK},
	{"news", AN_MEDIA, WEAK},
	/* regulators */
	{"12315", AN_REGULATOR, STRONG},
	{"315", AN_REGULATOR, STRONG},
	{"12345", AN_REGULATOR, STRONG},
	{"12326", AN_REGULATOR, STRONG},
	{"12358", AN_REGULATOR, STRONG},
	{"12378", AN_REGULATOR, STRONG},
	{"12300", AN_REGULATOR, STRONG},
	{"消协", AN_REGULATOR, STRONG},
	{"消费者协会", AN_REGULATOR, STRONG},
	{"消基会", AN_REGULATOR, STRONG},
	{"消保官", AN_REGULATOR, STRONG},
	{"消保处", AN_REGULATOR, STRONG},
	{"消费者保护", AN_REGULATOR, WEAK},
	{"市场监管", AN_REGULATOR, WEAK},
	{"市场监督", AN_REGULATOR, WEAK},
	{"监督管理局", AN_REGULATOR, WEAK},
	{"消费者服务专线", AN_REGULATOR, STRONG},
	{"1950", AN_REGULATOR, WEAK},
	{"消保官", AN_REGULATOR, STRONG},
	{"市监局", AN_REGULATOR, WEAK},
	{"工商局", AN_REGULATOR, WEAK},
	{"工商部门", AN_REGULATOR, WEAK},
	{"工商", AN_REGULATOR, WEAK},
	{"监管部门", AN_REGULATOR, WEAK},
	{"监管局", AN_REGULATOR, WEAK},
	{"主管部门", AN_REGULATOR, WEAK},
	{"有关部门", AN_REGULATOR, WEAK},
	{"相关部门", AN_REGULATOR, WEAK},
	{"银保监", AN_REGULATOR, WEAK},
	{"银监会", AN_REGULATOR, WEAK},
	{"保监会", AN_REGULATOR, WEAK},
	{"金融监管", AN_REGULATOR, WEAK},
	{"金管会", AN_REGULATOR, WEAK},
	{"人民银行", AN_REGULATOR, WEAK},
	{"民航局", AN_REGULATOR, WEAK},
	{"工信部", AN_REGULATOR, WEAK},
	{"通信管理局", AN_REGULATOR, WEAK},
	{"通管局", AN_REGULATOR, WEAK},
	{"质监局", AN_REGULATOR, WEAK},
	{"食药监", AN_REGULATOR, WEAK},
	{"卫健委", AN_REGULATOR, WEAK},
	{"物价局", AN_REGULATOR, WEAK},
	{"公平会", AN_REGULATOR, WEAK},
	{"举报", AN_REGULATOR, STRONG},
	{"consumer protection", AN_REGULATOR, WEAK},
	{"bbb", AN_REGULATOR, WEAK},
	{"better business bureau", AN_REGULATOR, WEAK},
	{"ftc", AN_REGULATOR, WEAK},
	{"cfpb", AN_REGULATOR, WEAK},
	{"attorney general", AN_REGULATOR, WEAK},
	{"ombudsman", AN_REGULATOR, WEAK},
	{"regulator", AN_REGULATOR, WEAK},
	{"trading standards", AN_REGULATOR, WEAK},
	/* lawyers */
	{"律师函", AN_LAWYER, STRONG},
	{"律师", AN_LAWYER, WEAK},
	{"lawyer", AN_LAWYER, WEAK},
	{"attorney", AN_LAWYER, WEAK},
	{"solicitor", AN_LAWYER, WEAK},
	{"legal counsel", AN_LAWYER, WEAK},
	/* lawsuits */
	{"起诉", AN_LAWSUIT, STRONG},
	{"打官司", AN_LAWSUIT, STRONG},
	{"诉讼", AN_LAWSUIT, STRONG},
	{"提告", AN_LAWSUIT, STRONG},
	{"告上法庭", AN_LAWSUIT, STRONG},
	{"法庭见", AN_LAWSUIT, STRONG},
	{"法院见", AN_LAWSUIT, STRONG},
	{"法律途径", AN_LAWSUIT, STRONG},
	{"法律手段", AN_LAWSUIT, STRONG},
	{"法律程序", AN_LAWSUIT, STRONG},
	{"法律责任", AN_LAWSUIT, WEAK},
	{"仲裁", AN_LAWSUIT, WEAK},
	{"法院", AN_LAWSUIT, WEAK},
	{"法庭", AN_LAWSUIT, WEAK},
	{"告你们", AN_LAWSUIT, STRONG},
	{"告你", AN_LAWSUIT, STRONG},
	{"告到底", AN_LAWSUIT, STRONG},
	{"sue", AN_LAWSUIT, STRONG},
	{"suing", AN_LAWSUIT, STRONG},
	{"lawsuit", AN_LAWSUIT, STRONG},
	{"legal action", AN_LAWSUIT, STRONG},
	{"small claims", AN_LAWSUIT, STRONG},
	{"court", AN_LAWSUIT, WEAK},
	{"arbitration", AN_LAWSUIT, WEAK},
	/* social networks */
	{"微博", AN_SOCIAL, WEAK},
	{"抖音", AN_SOCIAL, WEAK},
	{"小红书", AN_SOCIAL, WEAK},
	{"朋友圈", AN_SOCIAL, WEAK},
	{"知乎", AN_SOCIAL, WEAK},
	{"大众点评", AN_SOCIAL, WEAK},
	{"贴吧", AN_SOCIAL, WEAK},
	{"快手", AN_SOCIAL, WEAK},
	{"b站", AN_SOCIAL, WEAK},
	{"公众号", AN_SOCIAL, WEAK},
	{"黑猫投诉", AN_SOCIAL, STRONG},
	{"发帖", AN_SOCIAL, WEAK},
	{"网上", AN_SOCIAL, WEAK},
	{"网络上", AN_SOCIAL, WEAK},
	{"脸书", AN_SOCIAL, WEAK},
	{"爆料公社", AN_SOCIAL, STRONG},
	{"ptt", AN_SOCIAL, WEAK},
	{"dcard", AN_SOCIAL, WEAK},
	{"facebook", AN_SOCIAL, WEAK},
	{"twitter", AN_SOCIAL, WEAK},
	{"instagram", AN_SOCIAL, WEAK},
	{"tiktok", AN_SOCIAL, WEAK},
	{"youtube", AN_SOCIAL, WEAK},
	{"reddit", AN_SOCIAL, WEAK},
	{"social media", AN_SOCIAL, WEAK},
	{"yelp", AN_SOCIAL, WEAK},
	{"google", AN_SOCIAL, WEAK},
	{"开直播", AN_SOCIAL, WEAK},
	{"评论区", AN_SOCIAL, WEAK},
	{"online", AN_SOCIAL, WEAK},
	{"threads", AN_SOCIAL, WEAK},
	{"ig", AN_SOCIAL, WEAK},
	/* a group of customers */
	{"集体投诉", AN_COLLECTIVE, STRONG},
	{"集体维权", AN_COLLECTIVE, STRONG},
	{"集体起诉", AN_COLLECTIVE, STRONG},
	{"联名", AN_COLLECTIVE, STRONG},
	{"一起维权", AN_COLLECTIVE, STRONG},
	{"联合维权", AN_COLLECTIVE, STRONG},
	{"维权群", AN_COLLECTIVE, STRONG},
	{"拉群", AN_COLLECTIVE, STRONG},
	{"建群", AN_COLLECTIVE, WEAK},
	{"业主群", AN_COLLECTIVE, WEAK},
	{"联合其他", AN_COLLECTIVE, STRONG},
	{"一起投诉", AN_COLLECTIVE, STRONG},
	{"其他受害", AN_COLLECTIVE, WEAK},
	{"其他买家", AN_COLLECTIVE, WEAK},
	{"其他顾客", AN_COLLECTIVE, WEAK},
	{"其他客户", AN_COLLECTIVE, WEAK},
	{"其他消费者", AN_COLLECTIVE, WEAK},
	{"其他业主", AN_COLLECTIVE, WEAK},
	{"其他乘客", AN_COLLECTIVE, WEAK},
	{"其他家长", AN_COLLECTIVE, WEAK},
	{"所有买家", AN_COLLECTIVE, WEAK},
	{"受害者", AN_COLLECTIVE, WEAK},
	{"大家一起", AN_COLLECTIVE, WEAK},
	{"一起去", AN_COLLECTIVE, WEAK},
	{"一起来", AN_COLLECTIVE, WEAK},
	{"一起起诉", AN_COLLECTIVE, STRONG},
	{"联合申诉", AN_COLLECTIVE, STRONG},
	{"一起联合", AN_COLLECTIVE, STRONG},
	{"都要来", AN_COLLECTIVE, WEAK},
	{"不止我一个", AN_COLLECTIVE, WEAK},
	{"整栋楼", AN_COLLECTIVE, WEAK},
	{"几百个", AN_COLLECTIVE, WEAK},
	{"好几个买家", AN_COLLECTIVE, WEAK},
	{"好几户", AN_COLLECTIVE, WEAK},
	{"群里", AN_COLLECTIVE, WEAK},
	{"一个群", AN_COLLECTIVE, WEAK},
	{"受害的", AN_COLLECTIVE, WEAK},
	{"class action", AN_COLLECTIVE, STRONG},
	{"other customers", AN_COLLECTIVE, WEAK},
	{"other buyers", AN_COLLECTIVE, WEAK},
	{"other passengers", AN_COLLECTIVE, WEAK},
};
#define NTRIGGERS (int)(sizeof triggers / sizeof *triggers)
#define NTRIGGERS_MAX 512
_Static_assert(sizeof triggers / sizeof *triggers < NTRIGGERS_MAX, "too many triggers");

/* The customer's intent, before the trigger in its clause. */
static const char *const intent_before[] = {
	"找", "去", "请", "告", "投诉", "举报", "反映", "反应", "发", "晒", "上", "打", "拨", "联系",
	"委托", "让", "要", "会", "将", "准备", "打算", "考虑", "已经", "已", "就", "否则",
	"不然", "别逼", "逼我", "等着", "走着瞧", "到时候", "公开", "通知", "叫", "寄", "收到",
	"放到", "贴到", "写到", "传到", "发到", "交给", "提交", "咨询", "求助", "问问", "一定",
	"马上", "立刻", "直接", "必须", "非要", "看看", "让大家", "召集", "号召", "组织", "联合", "揪",
	"和", "跟", "带", "走", "申请", "提起", "递交", "等", "will", "going to", "gonna", "i'll",
	"contact", "report", "post", "file", "call", "take this to", "tell", "share", "write to",
	"complain to", "reach out", "talk to", "hire", "get", "see you", "escalate", "put", NULL};
/* ...or after it. */
static const char *const intent_after[] = {
	"投诉", "举报", "曝光", "见", "维权", "告", "反映", "申诉", "发帖", "爆料", "起诉", "评评理",
	"说理", "讨说法", "求助", "打电话", "电话", "介入", "处理", "出面", "找你们", "收拾",
	"联系", "会", "将", "发了", "已经发", "已发", "是多少", "的电话", "about this", "will",
	"is going to", NULL};
/* The trigger is a place, a job, a way of shopping: no threat. */
static const char *const not_after[] = {
	"事务所", "上班", "工作", "实习", "旁边", "附近", "对面", "门口", "楼下", "楼上", "隔壁",
	"那家", "看到", "刷到", "看了", "看见", "买的", "下单", "直播", "活动", "广告", "推荐",
	"种草", "关注", "会员", "粉丝", "优惠", "链接", "店", "专业", "朋友", "同学", "认识",
	"说你们", "评价很", "评分", "上的评价", "好评", "客户端", "账号", "里的", "宿舍", "团购",
	"券", "那部", "电视剧", "公布", "发布的", "排名", "不用", "的事情", "处理好", "app",
	"ad", "fan", "follower", "friend", "account", NULL};
static const char *const not_before[] = {
	"不会", "不想", "没打算", "不打算", "没想", "不至于", "不用", "不必", "不愿", "不准备",
	"并不", "不是要", "没必要", "不需要", "没有要", "没去", "没有去", "不去", "别让我", "也不",
	"从没", "从未", "不懂", "网上买", "听说", "没有找", "没找过", "won't", "will not", "not going to", "don't want",
	"do not want", "no need", "not planning", "not gonna", "never", "my friend", "work at",
	"work for", "works at", "saw", "watched", "bought", "like a", NULL};
/* ...right before it: an identity or a way of seeing (是律师, 刷抖音). */
static const char *const not_just_before[] = {"是", "当", "做", "像", "看", "刷", "听", "玩", "被",
					      "a ", "as ", NULL};
/* Someone else acts: told about, not threatened. */
static const char *const others[] = {"他", "她", "别人", "朋友", "同事", "邻居", "隔壁", "有人",
				     "老王", "网友", " he ", " she ", " they ", NULL};
static const char *const self[] = {"我", "咱", "本人", "i ", "i'", "we ", "my ", " me", NULL};

int an_label_has(const char *labels, const char *kind)
{
	size_t n = strlen(kind);
	for (const char *p = labels; (p = strstr(p, kind)); p += n)
		if ((p == labels || p[-1] == ',') && (p[n] == 0 || p[n] == ','))
			return 1;
	return 0;
}

static int is_clause_mark(const char *s, int *len)
{
	static const char *const marks[] = {"，", "。", "！", "？", "；", "\n", ",", ".", "!", "?",
					    ";",  "：", NULL};
	/* most characters are none of them: the first byte tells */
	unsigned char c = (unsigned char)*s;
	if (c < 0x80 ? !c || !strchr(",.!?;\n", c) : c != 0xE3 && c != 0xEF)
		return 0;
	for (int i = 0; marks[i]; i++) {
		size_t n = strlen(marks[i]);
		if (strncmp(s, marks[i], n) == 0) {
			/* 3.15, 1.5: a dot between digits ends nothing */
			if (n == 1 && *s == '.' && isdigit((unsigned char)s[1]))
				return 0;
			*len = (int)n;
			return 1;
		}
	}
	return 0;
}

/* Occurrence of w in s[a..b), or -1. */
static int find(const char *s, int a, int b, const char *w)
{
	int n = (int)strlen(w);
	for (int i = a; i + n <= b; i++)
		if (memcmp(s + i, w, (size_t)n) == 0)
			return i;
	return -1;
}

static int any_in(const char *s, int a, int b, const char *const *list)
{
	for (int i = 0; list[i]; i++)
		if (find(s, a, b, list[i]) >= 0)
			return 1;
	return 0;
}

/* any of list ends right at or a little before p (within 'near' bytes) */
static int any_before(const char *s, int a, int p, const char *const *list, int near)
{
	int from = p - near < a ? a : p - near;
	return any_in(s, from, p, list);
}

static int ascii_word(const char *w)
{
	return (unsigned char)w[0] < 0x80 && isalpha((unsigned char)w[0]);
}

static int ascii_digit(const char *w)
{
	return isdigit((unsigned char)w[0]);
}

/* w at s[i..i+n) is a whole English word or a whole number. */
static int bounded(const char *s, int a, int b, int i, int n, const char *w)
{
	if (ascii_word(w))
		return (i == a || !isalnum((unsigned char)s[i - 1])) &&
		       (i + n == b || !isalpha((unsigned char)s[i + n]));
	if (ascii_digit(w))
		return (i == a || !isdigit((unsigned char)s[i - 1])) &&
		       (i + n == b || !isdigit((unsigned char)s[i + n]));
	return 1;
}

/* A trigger inside 《》 is a name (a magazine, a programme). */
static int inside_title(const char *s, int a, int i)
{
	int open = -1, close = -1;
	for (int j = a; j < i; j++) {
		if (!strncmp(s + j, "《", 3))
			open = j;
		else if (!strncmp(s + j, "》", 3))
			close = j;
	}
	return open > close;
}

/* The last of the words in list that occurs in s[a..b), its position. */
static int last_of(const char *s, int a, int b, const char *const *list)
{
	int at = -1;
	for (int k = 0; list[k]; k++) {
		int n = (int)strlen(list[k]);
		for (int j = b - n; j >= a; j--)
			if (!memcmp(s + j, list[k], (size_t)n)) {
				if (j > at)
					at = j;
				break;
			}
	}
	return at;
}

/* Someone else does it (隔壁邻居跟我说他要去起诉): the last person named
 * before the trigger in its sentence is not the customer. */
static int others_speak(const char *s, int ca, int i)
{
	int o = last_of(s, ca, i, others), me = last_of(s, ca, i, self);
	return o >= 0 && o > me;
}

static void evidence(const struct an_doc *d, int a, int b, int ts, int te, char *out)
{
	/* the clause, or a window of it around the trigger when it is long */
	const int wide = 90;
	if (b - a > wide) {
		int s = ts - wide / 2 < a ? a : ts - wide / 2;
		int e = te + wide / 3 > b ? b : te + wide / 3;
		while (s > a && ((unsigned char)d->fold[s] & 0xC0) == 0x80)
			s--;
		while (e < b && ((unsigned char)d->fold[e] & 0xC0) == 0x80)
			e++;
		a = s, b = e;
	}
	while (a < b && (d->fold[a] == ' ' || d->fold[a] == '\t'))
		a++;
	an_doc_source(d, a, b, out, AN_EVIDENCE_MAX);
}

/* --- the decision: the rules' judgements weighed by a linear model -------- */

/* A trigger found in a clause, with what the rules make of its context. */
enum {
	TF_RULE,	/* the rules alone would call it a threat */
	TF_STRONG,
	TF_INTENT_BEFORE,
	TF_INTENT_AFTER,
	TF_NEGATED,
	TF_IDENTITY, /* 是律师, 刷抖音 */
	TF_NOT_AFTER, /* 事务所, 看到, 买的 */
	TF_TITLE,
	TF_OTHERS,
	TF_QUESTION,
	TF_ASCII,
	TF_SELF,
	TF_DONE,	/* 已经, 了 */
	TF_CONDITION, /* 如果, 再不, 不然, 否则 */
	TF__COUNT
};
#define TF_KIND0 (TF__COUNT + 1) /* then one per kind */
#define TF_DENSE (TF_KIND0 + AN_THREAT__COUNT)
#define TF_DIMS (1 << 14)

struct cand {
	int kind, a, b, i, e;
	unsigned flags;
};

static int tf(unsigned f, int k)
{
	return (f >> k) & 1;
}

static void candidate(const struct an_doc *d, int a, int b, int ca, const struct trigger *g, int i,
		      struct cand *c)
{
	const char *s = d->fold;
	int e = i + (int)strlen(g->word);
	int ascii = ascii_word(g->word);
	unsigned f = 0;
	int after_end = e + 12 > b ? b : e + 12;
	f |= (unsigned)(g->strength == STRONG) << TF_STRONG;
	f |= (unsigned)any_before(s, a, i, intent_before, ascii ? 36 : 18) << TF_INTENT_BEFORE;
	f |= (unsigned)any_in(s, e, after_end, intent_after) << TF_INTENT_AFTER;
	f |= (unsigned)any_before(s, a, i, not_before, ascii ? 36 : 21) << TF_NEGATED;
	f |= (unsigned)any_before(s, a, i, not_just_before, 3) << TF_IDENTITY;
	f |= (unsigned)any_before(s, e, e + 15 > b ? b : e + 15, not_after, 15) << TF_NOT_AFTER;
	f |= (unsigned)inside_title(s, a, i) << TF_TITLE;
	f |= (unsigned)others_speak(s, ca, i) << TF_OTHERS;
	f |= (unsigned)(find(s, a, b + 3 > d->nfold ? d->nfold : b + 3, "？") >= 0 ||
			find(s, a, b + 1 > d->nfold ? d->nfold : b + 1, "?") >= 0)
	     << TF_QUESTION;
	f |= (unsigned)ascii << TF_ASCII;
	f |= (unsigned)any_in(s, ca, b, self) << TF_SELF;
	f |= (unsigned)any_in(s, a, b, (const char *const[]){"已经", "了", "already", "have ", NULL})
	     << TF_DONE;
	f |= (unsigned)any_in(s, ca, b,
			      (const char *const[]){"如果", "再不", "不然", "否则", "要是", "的话",
						    "if ", "unless", NULL})
	     << TF_CONDITION;
	/* the rules alone: a place, a job, a title, a negation, someone else,
	 * or a weak word without intent is no threat */
	int rule = !(tf(f, TF_NOT_AFTER) && !tf(f, TF_INTENT_AFTER)) && !tf(f, TF_NEGATED) &&
		   !(tf(f, TF_TITLE) && !tf(f, TF_INTENT_BEFORE)) && !(tf(f, TF_IDENTITY) && !tf(f, TF_INTENT_AFTER)) &&
		   !tf(f, TF_OTHERS) &&
		   (g->strength == STRONG || tf(f, TF_INTENT_BEFORE) || tf(f, TF_INTENT_AFTER));
	f |= (unsigned)rule << TF_RULE;
	*c = (struct cand){.kind = g->kind, .a = a, .b = b, .i = i, .e = e, .flags = f};
}

static uint64_t fnv(uint64_t h, const char *p, int n)
{
	for (int k = 0; k < n; k++)
		h = (h ^ (unsigned char)p[k]) * 0x100000001b3ULL;
	return h;
}

static int node_cmp(const void *x, const void *y)
{
	const struct feature_node *p = x, *q = y;
	return (p->index > q->index) - (p->index < q->index);
}

/* The model's view of a candidate: the rules' flags and its kind, the
 * words of its clause, and the words just before and after the trigger. */
static struct feature_node *cand_features(const struct an_doc *d, const struct cand *c)
{
	int cap = TF_DENSE + 64 + 2, n = 0;
	struct feature_node *x = malloc(sizeof *x * (size_t)cap);
	for (int k = 0; k < TF__COUNT; k++)
		if (tf(c->flags, k))
			x[n++] = (struct feature_node){k + 1, 1};
	x[n++] = (struct feature_node){TF_KIND0 + c->kind, 1};
	int first = n, left = -1, right = -1;
	for (int t = 0; t < d->ntok; t++) {
		const struct an_tok *k = &d->tok[t];
		if (k->s < c->a || k->e > c->b || !k->word)
			continue;
		char tag = 't';
		if (k->e <= c->i)
			left = t;
		else if (k->s >= c->e && right < 0)
			right = t;
		uint64_t h = fnv(0xcbf29ce484222325ULL, &tag, 1);
		h = fnv(h, d->fold + k->s, k->e - k->s);
		if (n + 4 >= cap)
			x = realloc(x, sizeof *x * (size_t)(cap *= 2));
		x[n++] = (struct feature_node){TF_DENSE + 1 + (int)(h % TF_DIMS), 1};
	}
	/* the word before and after the trigger, with the trigger's kind */
	for (int side = 0; side < 2; side++) {
		int t = side ? right : left;
		if (t < 0)
			continue;
		char tag[2] = {side ? 'R' : 'L', (char)('0' + c->kind)};
		uint64_t h = fnv(0xcbf29ce484222325ULL, tag, 2);
		h = fnv(h, d->fold + d->tok[t].s, d->tok[t].e - d->tok[t].s);
		x[n++] = (struct feature_node){TF_DENSE + 1 + (int)(h % TF_DIMS), 1};
	}
	qsort(x + first, (size_t)(n - first), sizeof *x, node_cmp);
	int m = first;
	for (int k = first; k < n; k++)
		if (m == first || x[m - 1].index != x[k].index)
			x[m++] = x[k];
	double norm = m > first ? 1 / sqrt((double)(m - first)) : 0;
	for (int k = first; k < m; k++)
		x[k].value = norm;
	x[m++] = (struct feature_node){TF_DENSE + TF_DIMS + 1, 1}; /* bias */
	x[m] = (struct feature_node){-1, 0};
	return x;
}

/* The candidates of one clause fold[a..b): the first place of each
 * trigger in it. */
/* The triggers by their first two bytes, so that a clause is scanned once
 * rather than once per trigger. */
static uint16_t trig_head[1 << 16]; /* 1 + the first trigger of a bucket; 0: none */
static uint16_t trig_next[NTRIGGERS_MAX];
static uint8_t trig_len[NTRIGGERS_MAX];
static pthread_once_t trig_once = PTHREAD_ONCE_INIT;

static unsigned two_bytes(const char *p)
{
	return (unsigned)(unsigned char)p[0] << 8 | (unsigned char)p[1];
}

static void trig_index(void)
{
	/* backwards, so that each bucket lists its triggers in table order */
	for (int t = NTRIGGERS - 1; t >= 0; t--) {
		trig_len[t] = (uint8_t)strlen(triggers[t].word);
		unsigned h = two_bytes(triggers[t].word);
		trig_next[t] = trig_head[h];
		trig_head[h] = (uint16_t)(t + 1);
	}
}

static int clause_cands(const struct an_doc *d, int a, int b, int ca, struct cand **out, int *cap,
			int n)
{
	pthread_once(&trig_once, trig_index);
	const char *s = d->fold;
	int first[NTRIGGERS_MAX];
	memset(first, -1, sizeof first);
	for (int i = a; i + 1 < b; i++)
		for (int t = trig_head[two_bytes(s + i)] - 1; t >= 0; t = trig_next[t] - 1)
			if (first[t] < 0 && i + trig_len[t] <= b &&
			    !memcmp(s + i, triggers[t].word, trig_len[t]) &&
			    bounded(s, a, b, i, trig_len[t], triggers[t].word))
				first[t] = i;
	/* the first place of each trigger, in the table's order */
	for (int t = 0; t < NTRIGGERS; t++) {
		if (first[t] < 0)
			continue;
		if (n == *cap)
			*out = realloc(*out, sizeof **out * (size_t)(*cap = *cap ? *cap * 2 : 16));
		candidate(d, a, b, ca, &triggers[t], first[t], &(*out)[n++]);
	}
	return n;
}

/* Every candidate of a document, clause by clause. */
static int doc_cands(const struct an_doc *d, struct cand **out)
{
	int n = 0, cap = 0, a = 0, sa = 0;
	*out = NULL;
	for (int i = 0; i <= d->nfold;) {
		int ml = 0;
		if (i == d->nfold || is_clause_mark(d->fold + i, &ml)) {
			if (i > a)
				n = clause_cands(d, a, i, sa, out, &cap, n);
			if (i == d->nfold)
				break;
			/* where the sentence starts (who speaks is read from there) */
			if (d->fold[i] != ',' && strncmp(d->fold + i, "，", 3))
				sa = i + ml;
			i += ml;
			a = i;
			continue;
		}
		i++;
	}
	return n;
}

/* The model, trained once from the labelled sentences built into the
 * binary (data/analysis/threats.tsv): a candidate is a threat when its
 * sentence is labelled with the candidate's kind. */
static struct model *tmodel;
static pthread_once_t tmodel_once = PTHREAD_ONCE_INIT;

static void quiet(const char *m)
{
	(void)m;
}

static void tmodel_train(void)
{
	int n;
	char *buf;
	struct an_example *ex = an_builtin_examples("threats", &n, &buf);
	struct problem p = {.n = TF_DENSE + TF_DIMS + 1, .bias = 1}; /* the bias counts */
	int cap = 0;
	for (int k = 0; k < n; k++) {
		struct an_doc d;
		if (an_doc_make(ex[k].text, strlen(ex[k].text), &d))
			continue;
		struct cand *c;
		int nc = doc_cands(&d, &c);
		for (int j = 0; j < nc; j++) {
			if (p.l == cap) {
				cap = cap ? cap * 2 : 1024;
				p.x = realloc(p.x, sizeof *p.x * (size_t)cap);
				p.y = realloc(p.y, sizeof *p.y * (size_t)cap);
			}
			p.x[p.l] = cand_features(&d, &c[j]);
			p.y[p.l++] = an_label_has(ex[k].label, an_threat_names[c[j].kind]);
		}
		free(c);
		an_doc_free(&d);
	}
	int pos = 0;
	for (int k = 0; k < p.l; k++)
		pos += p.y[k] > 0;
	if (pos && pos < p.l) {
		struct parameter par = {.solver_type = L2R_LR, .eps = 0.01, .C = 16};
		set_print_string_function(quiet);
		tmodel = train(&p, &par);
	}
	for (int k = 0; k < p.l; k++)
		free(p.x[k]);
	free(p.x);
	free(p.y);
	free(ex);
	free(buf);
}

int an_threats_doc(const struct an_doc *d, struct an_threat_hit *out, int max)
{
	pthread_once(&tmodel_once, tmodel_train);
	struct cand *c;
	int nc = doc_cands(d, &c), n = 0;
	unsigned seen = 0;
	for (int j = 0; j < nc; j++) {
		if (seen & (1u << c[j].kind))
			continue;
		int yes;
		if (tmodel) {
			struct feature_node *x = cand_features(d, &c[j]);
			double prob[2];
			predict_probability(tmodel, x, prob);
			free(x);
			yes = prob[tmodel->label[0] == 1 ? 0 : 1] >= 0.5;
			/* a negation or someone else's doing is never outweighed */
			if (tf(c[j].flags, TF_NEGATED) || tf(c[j].flags, TF_OTHERS))
				yes = 0;
		} else {
			/* no model (a binary built without its sentences): the rules */
			yes = tf(c[j].flags, TF_RULE);
		}
		if (!yes)
			continue;
		if (out && n < max) {
			evidence(d, c[j].a, c[j].b, c[j].i, c[j].e, out[n].evidence);
			out[n].kind = c[j].kind;
		}
		n++;
		seen |= 1u << c[j].kind;
	}
	free(c);
	return n < max || !out ? n : max;
}

int analysis_threats(const char *s, size_t n, struct an_threat_hit *out, int max)
{
	struct an_doc d;
	if (an_doc_make(s, n, &d))
		return 0;
	int k = an_threats_doc(&d, out, max);
	an_doc_free(&d);
	return k;
}
