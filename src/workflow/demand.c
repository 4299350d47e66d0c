/*
 * demand.c - the customer's demand confirmed before a plan (domain.md 3,
 * step 3: restate and clarify; 设定目标): the agent restates what the
 * customer wants and the target outcome, the customer is asked to confirm
 * or correct it, on the status page, by replying, or on a call the agent
 * records. A correction asks for a new restatement; a new restatement
 * supersedes one still waiting. A plan goes ahead on the newest
 * restatement confirmed, or with a reason (plans.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../text/text.h"
#include "workflow_int.h"

/* The most characters of a customer's words kept as a correction. */
#define CORRECTION_CHARS 2000

int wf_demand_restate(struct store_conn *c, const struct complaint *cp,
		      struct demand_restatement *d, const struct wf_actor *who, int64_t now,
		      struct arena *a, struct kesu_err *err)
{
	if (state_is(cp->state, ST_IS_RESOLVED))
		return kesu_fail(err, KE_CONFLICT, "",
				 "the demand is restated before a plan and a resolution (the "
				 "complaint is %s%s)",
				 state_name(cp->state),
				 state_is(cp->state, ST_IS_CLOSED) ? ": reopen it first" : "");
	struct demand_restatement *prev;
	int n;
	int rc = store_demands_of(c, cp->id, 1, a, &prev, &n, err);
	if (rc)
		return rc;
	int64_t supersedes = n && strcmp(prev[0].state, "pending") == 0 ? prev[0].id : 0;
	if (supersedes && (rc = store_demand_supersede(c, cp->id, err)))
		return rc;
	d->complaint_id = cp->id;
	d->state = "pending";
	d->stated_by = who->name;
	d->stated_at = now;
	if ((rc = store_demand_insert(c, d, err)))
		return rc;
	json_t *e = json_pack("{s:I,s:s,s:s,s:o}", "restatement_id", (json_int_t)d->id,
			      "restatement", d->restatement, "target", d->target, "supersedes",
			      supersedes ? json_integer(supersedes) : json_null());
	rc = notice_event(c, cp->id, "demand_restated", who->name, now, e, NULL, NULL, err);
	json_decref(e);
	if (rc)
		return rc;
	/* the customer reads it, and confirms or corrects it on the status
	 * page or by replying */
	static const char *const words[LANG__COUNT][3] = {
		{"我们理解您的诉求是：", "；希望达到的结果：",
		 "。如理解无误，请在查询页面点击“确认”，或直接回复“确认”；如有出入，请在查询页面更正或回复告诉我们。"},
		{"我們理解您的訴求是：", "；希望達到的結果：",
		 "。如理解無誤，請在查詢頁面點選「確認」，或直接回覆「確認」；如有出入，請在查詢頁面更正或回覆告訴我們。"},
		{"We understand that you want: ", "; the outcome we aim for: ",
		 ". If this is right, press \"Confirm\" on the status page or reply \"yes\"; if not, "
		 "correct it there or reply with what we got wrong."}};
	const char *const *w = words[lang_of(cp->v[CF_LANGUAGE])];
	const char *text = arena_printf(a, "%s%s%s%s%s", w[0], d->restatement, w[1], d->target, w[2]);
	return notice_customer(c, cp, "message", text, now, err);
}

int wf_demand_answer(struct store_conn *c, const struct complaint *cp,
		     struct demand_restatement *d, const char *answer, const char *correction,
		     const char *via, const struct wf_actor *who, int64_t now,
		     struct kesu_err *err)
{
	if (strcmp(d->state, "superseded") == 0)
		return kesu_fail(err, KE_CONFLICT, "",
				 "this restatement was superseded by a newer one: answer the newest");
	if (strcmp(d->state, "pending") != 0)
		return kesu_fail(err, KE_CONFLICT, "",
				 "the restatement is %s already; a new restatement asks again",
				 d->state);
	if (wf_not_closed(cp, err))
		return -err->code;
	if (enum_input(en_demand_answer, answer) < 0)
		return kesu_fail(err, KE_INVALID_VALUE, "answer", "must be confirmed or corrected");
	if (strcmp(answer, "corrected") == 0 && !correction)
		return kesu_fail(err, KE_MISSING_FIELD, "correction",
				 "is required for a correction: what the customer wants instead");
	if (strcmp(answer, "confirmed") == 0 && correction)
		return kesu_fail(err, KE_INVALID_VALUE, "correction",
				 "goes with the answer corrected");
	d->state = answer;
	d->correction = correction;
	d->answered_via = via;
	d->answered_by = who->name;
	d->answered_at = now;
	int rc = store_demand_answer(c, d, err);
	if (rc)
		return rc;
	json_t *e = json_pack("{s:I,s:s,s:s,s:s?}", "restatement_id", (json_int_t)d->id, "answer",
			      d->state, "via", via, "correction", d->correction);
	rc = notice_event(c, cp->id, "demand_answered", who->name, now, e, NULL, NULL, err);
	json_decref(e);
	if (rc || who->user_id || strcmp(answer, "corrected") != 0)
		return rc;
	/* the customer corrected it: whoever handles the complaint restates */
	json_t *n = json_pack("{s:I,s:s,s:s}", "restatement_id", (json_int_t)d->id, "via", via,
			      "correction", d->correction);
	struct notice_to to = cp->assignee_id
				      ? (struct notice_to){.role = -1, .user_id = cp->assignee_id}
				      : (struct notice_to){.role = ROLE_AGENT, .team_id = cp->team_id};
	rc = notice_staff(c, cp, "demand_corrected", &to, n, now, err);
	json_decref(n);
	return rc;
}

/* 1 if a line of a customer's reply says plainly that the restatement is
 * right: one of these words, alone but for spaces and punctuation. */
static int says_yes(const char *line, size_t len)
{
	static const char *const yes[] = {
		"确认", "確認", "确定", "確定", "对", "對", "对的", "對的", "是", "是的", "没错",
		"沒錯", "没问题", "沒問題", "同意", "确认无误", "確認無誤", "正确", "正確",
		"yes", "y", "ok", "okay", "confirm", "confirmed", "correct", "right", NULL};
	static const char *const marks[] = {"。", "！", "，", "～", "、", NULL};
	char buf[64];
	size_t n = 0;
	for (size_t i = 0; i < len;) {
		unsigned char ch = (unsigned char)line[i];
		if (ch < 0x80) {
			if (!strchr(" \t\r.,!~", ch)) {
				if (n + 1 >= sizeof buf)
					return 0;
				buf[n++] = (char)(ch >= 'A' && ch <= 'Z' ? ch - 'A' + 'a' : ch);
			}
			i++;
			continue;
		}
		int mark = 0;
		for (int k = 0; marks[k] && !mark; k++)
			if (len - i >= strlen(marks[k]) && !memcmp(line + i, marks[k], strlen(marks[k])))
				mark = (int)strlen(marks[k]);
		if (mark) {
			i += (size_t)mark;
			continue;
		}
		if (n + 1 >= sizeof buf)
			return 0;
		buf[n++] = line[i++];
	}
	buf[n] = '\0';
	for (int k = 0; yes[k]; k++)
		if (strcmp(buf, yes[k]) == 0)
			return 1;
	return 0;
}

int wf_demand_reply(struct store_conn *c, const struct complaint *cp, const char *body,
		    const char *via, int64_t now, struct arena *a, struct kesu_err *err)
{
	struct demand_restatement *d;
	int n;
	int rc = store_demands_of(c, cp->id, 1, a, &d, &n, err);
	if (rc || !n || strcmp(d[0].state, "pending") != 0 || state_is(cp->state, ST_IS_CLOSED))
		return rc;
	/* the first line that says anything decides; the whole message is on
	 * the timeline and the team hears of it in any case */
	const char *s = body ? body : "";
	while (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')
		s++;
	size_t len = strcspn(s, "\n");
	if (!*s)
		return 0;
	if (says_yes(s, len))
		return wf_demand_answer(c, cp, &d[0], "confirmed", NULL, via, &wf_customer, now, err);
	const char *correction = text_cut(s, CORRECTION_CHARS, "…", a);
	return wf_demand_answer(c, cp, &d[0], "corrected", correction, via, &wf_customer, now, err);
}

int wf_demand_latest(struct store_conn *c, const struct complaint *cp, struct arena *a,
			struct demand_restatement *out, int *found, struct kesu_err *err)
{
	struct demand_restatement *d;
	int n;
	int rc = store_demands_of(c, cp->id, 1, a, &d, &n, err);
	if (rc)
		return rc;
	*found = n;
	if (n)
		*out = d[0];
	return 0;
}
