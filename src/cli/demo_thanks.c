/*
 * demo_thanks.c - the demo's win-back (domain.md 6): last month's
 * thank-you letters, sent by the supervisor to part of the complainants
 * whose complaints closed satisfied (the rest still to choose from on the
 * win-back page, one of them who asked for no letters), and a goodwill
 * coupon the agent gave one of them.
 */
#include <stdio.h>
#include <string.h>

#include "../auth/roles.h"
#include "../core/enums.h"
#include "../store/store.h"
#include "../workflow/calendar.h"
#include "../workflow/workflow.h"
#include "cli.h"

struct thanks_job {
	struct store_job job;
	int64_t now;
	int sent, coupon;
	char month[32];
};

/* A demo member as the workflow sees them; teams into teams. */
static int member(struct store_conn *c, const char *username, struct arena *a,
		  int64_t teams[USER_TEAMS_MAX], struct wf_actor *out, struct kesu_err *err)
{
	struct user u;
	int rc = store_user_get(c, 0, username, a, &u, err);
	if (rc)
		return rc;
	int role = role_find(u.role);
	memcpy(teams, u.teams, sizeof u.teams);
	*out = (struct wf_actor){.user_id = u.id, .name = u.username,
				 .perms = role >= 0 ? roles[role].perms : 0, .teams = teams,
				 .nteams = u.nteams};
	return 0;
}

/* The coupon of the first thanked complaint, after its identity check. */
static int coupon(struct store_conn *c, int64_t complaint_id, const struct wf_actor *who,
		  int64_t now, struct arena *a, struct kesu_err *err)
{
	struct complaint cp;
	struct identity_check k;
	int rc = store_complaint_get(c, complaint_id, NULL, a, &cp, err);
	if (rc)
		return rc;
	rc = store_identity_get(c, cp.id, a, &k, err);
	if (rc == -KE_NOT_FOUND) {
		kesu_err_clear(err);
		k = (struct identity_check){.method = "order_number", .note = "订单号与下单手机号核对一致"};
		rc = wf_identity_confirm(c, &cp, &k, who, now, err);
	}
	if (rc)
		return rc;
	struct compensation g = {.type = "coupon", .amount_fen = 3000, .purpose = "goodwill",
				 .note = "随感谢信附赠：满 100 减 30 元优惠券"};
	int replayed;
	return wf_grant(c, &cp, who, &g, now, a, &replayed, err);
}

static int thanks_run(struct store_conn *c, struct store_job *job)
{
	struct thanks_job *j = (struct thanks_job *)job;
	struct arena *a = arena_new();
	int64_t sup_teams[USER_TEAMS_MAX], agent_teams[USER_TEAMS_MAX];
	struct wf_actor sup, agent;
	int rc = member(c, "supervisor", a, sup_teams, &sup, &job->err);
	if (!rc)
		rc = member(c, "agent", a, agent_teams, &agent, &job->err);
	int y, m, d;
	cal_civil(cal_day_of(j->now), &y, &m, &d);
	struct thanks_candidate *items = NULL;
	int n = 0, more, open = 0;
	/* last month's letters; this month's when last month closed none */
	for (int back = 1; !rc && back >= 0 && !open; back--) {
		int mm = m - back, yy = y;
		if (mm < 1)
			mm += 12, yy--;
		snprintf(j->month, sizeof j->month, "%04d-%02d", yy, mm);
		rc = wf_thanks_proposal(c, j->month, &sup, a, &items, &n, &more, &job->err);
		for (int i = 0; !rc && i < n; i++)
			open += !items[i].opt_out && !items[i].thanked_at;
	}
	/* every other one: the rest wait on the win-back page */
	int64_t ids[64];
	int k = 0;
	for (int i = 0, seen = 0; !rc && i < n && k < 64; i++)
		if (!items[i].opt_out && !items[i].thanked_at && seen++ % 2 == 0)
			ids[k++] = items[i].customer_id;
	/* one who told the agent on the phone that letters are not for them */
	for (int i = n - 1, seen = open; !rc && i >= 0; i--)
		if (!items[i].opt_out && !items[i].thanked_at && --seen % 2 == 1) {
			rc = store_customer_thanks_opt_out(c, items[i].customer_id, 1, agent.name,
							   j->now, &job->err);
			break;
		}
	json_t *sent = json_array(), *skipped = json_array();
	if (!rc && k)
		rc = wf_thanks_send(c, j->month, ids, k, 0,
				    "您的意见让我们改进了售后的服务流程，欢迎随时再来看看。", &sup,
				    j->now, a, sent, skipped, &job->err);
	j->sent = (int)json_array_size(sent);
	if (!rc && j->sent) {
		int64_t first = json_integer_value(json_object_get(json_array_get(sent, 0),
								   "complaint_id"));
		rc = coupon(c, first, &agent, j->now, a, &job->err);
		j->coupon = !rc;
	}
	json_decref(sent);
	json_decref(skipped);
	arena_free(a);
	return rc;
}

int demo_thanks(struct store *s, int64_t now, struct kesu_err *err)
{
	struct thanks_job j = {.job.run = thanks_run, .now = now};
	int rc = store_run(s, &j.job);
	if (rc) {
		*err = j.job.err;
		return rc;
	}
	printf("kesu: sent %d thank-you letter%s for %s to customers whose complaints closed"
	       " satisfied, and a goodwill coupon to %d of them\n",
	       j.sent, j.sent == 1 ? "" : "s", j.month, j.coupon);
	return 0;
}
