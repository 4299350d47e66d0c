/*
 * lang.c - which of kesu's languages a customer wrote in, so that the
 * replies to a complaint that came by mail are in that language: English
 * when there is hardly any Chinese, else simplified or traditional by the
 * common characters that differ between the two scripts.
 */
#include "text.h"

#include <string.h>

/* Frequent characters written differently in the two scripts: the n-th
 * code point of each string is one pair. */
static const char simplified[] = "们这个为说与问题务发货买卖订单态处里后还没网电话东销让对应"
				 "给经过时间实现开关见长门车马鸟鱼书读记认识点钱价质运递";
static const char traditional[] = "們這個為說與問題務發貨買賣訂單態處裡後還沒網電話東銷讓對應"
				  "給經過時間實現開關見長門車馬鳥魚書讀記認識點錢價質運遞";

static uint32_t next_cp(const unsigned char **p)
{
	const unsigned char *s = *p;
	uint32_t cp;
	int n;
	if (s[0] < 0x80)
		cp = s[0], n = 1;
	else if ((s[0] & 0xe0) == 0xc0)
		cp = s[0] & 0x1f, n = 2;
	else if ((s[0] & 0xf0) == 0xe0)
		cp = s[0] & 0x0f, n = 3;
	else
		cp = s[0] & 0x07, n = 4;
	for (int i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80) {
			*p = s + i;
			return 0xfffd;
		}
		cp = (cp << 6) | (s[i] & 0x3f);
	}
	*p = s + n;
	return cp;
}

static int in_set(const char *set, uint32_t cp)
{
	const unsigned char *p = (const unsigned char *)set;
	while (*p)
		if (next_cp(&p) == cp)
			return 1;
	return 0;
}

const char *text_guess_language(const char *s)
{
	int han = 0, latin = 0, simp = 0, trad = 0;
	const unsigned char *p = (const unsigned char *)(s ? s : "");
	while (*p) {
		uint32_t cp = next_cp(&p);
		if (text_is_cjk(cp)) {
			han++;
			if (in_set(simplified, cp))
				simp++;
			else if (in_set(traditional, cp))
				trad++;
		} else if ((cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z')) {
			latin++;
		}
	}
	/* a word of Chinese in an English mail is still an English mail; a
	 * Chinese sentence is at least a handful of characters */
	if (han < 5 && latin > 3 * han)
		return "en";
	return trad > simp ? "zh-TW" : "zh-CN";
}
