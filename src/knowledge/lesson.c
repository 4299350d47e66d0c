/*
 * lesson.c - the text of a lesson (培训) drawn from an incident's handling
 * notice: what the front line must know of it (the key matters, the agreed
 * answers and the remedy standard), without its duties and contact list,
 * which are the notice's business.
 */
#include "knowledge.h"

#include <stdio.h>
#include <stdlib.h>

#include "../core/enums.h"

const char *kn_notice_lesson(const struct handling_notice *n, const char *language,
			     struct arena *a)
{
	static const char *const head[3][3] = {
		{"重点事项", "重點事項", "Key matters"},
		{"统一应答口径", "統一應答口徑", "Agreed answers"},
		{"补偿标准", "補償標準", "Remedy standard"},
	};
	int l = lang_of(language);
	char *text = NULL;
	size_t size = 0;
	FILE *b = open_memstream(&text, &size);
	if (!b)
		return "";
	fprintf(b, "%s\n%s\n\n", head[0][l], n->key_matters ? n->key_matters : "—");
	fprintf(b, "%s\n", head[1][l]);
	json_t *ans = json_loads(n->answers ? n->answers : "[]", 0, NULL);
	size_t k;
	json_t *v;
	if (!json_array_size(ans))
		fputs("—\n", b);
	json_array_foreach(ans, k, v) {
		const char *t = json_string_value(json_object_get(v, "title"));
		const char *s = json_string_value(json_object_get(v, "body"));
		fprintf(b, "- %s%s%s\n", t ? t : "", t && s ? (l == LANG_EN ? ": " : "：") : "",
			s ? s : "");
	}
	json_decref(ans);
	fprintf(b, "\n%s\n%s", head[2][l], n->remedy ? n->remedy : "—");
	fclose(b);
	const char *out = arena_strdup(a, text ? text : "");
	free(text);
	return out;
}
