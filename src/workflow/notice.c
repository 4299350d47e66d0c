/*
 * notice.c - the builders of a complaint's history: timeline events,
 * notices to the customer, notices to the team. Every verb of the
 * workflow writes through these, and only the workflow calls them; the
 * data of each is built with jansson.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../util/clock.h"
#include "workflow_int.h"

static char *dump(json_t *d)
{
	return d ? json_dumps(d, JSON_COMPACT | JSON_SORT_KEYS) : strdup("{}");
}

int notice_event(struct store_conn *c, int64_t complaint_id, const char *kind,
		 const char *actor, int64_t at, json_t *d, struct arena *a, struct event *e,
		 struct kesu_err *err)
{
	char *data = dump(d);
	if (!data)
		return kesu_fail(err, KE_INTERNAL, "", "out of memory");
	struct event ev = {.complaint_id = complaint_id, .at = at, .actor = actor, .kind = kind,
			   .data = data};
	int rc = store_event_append(c, &ev, err);
	if (!rc && e) {
		*e = ev;
		e->data = arena_strdup(a, data);
		e->actor = arena_strdup(a, actor);
	}
	free(data);
	return rc;
}

static int put(struct store_conn *c, struct outbox_item *o, json_t *d, struct kesu_err *err)
{
	char *data = dump(d);
	if (!data)
		return kesu_fail(err, KE_INTERNAL, "", "out of memory");
	o->data = data;
	int rc = store_outbox_put(c, o, err);
	free(data);
	return rc;
}

int notice_customer(struct store_conn *c, const struct complaint *cp, const char *kind,
		    const char *reason, int64_t now, struct kesu_err *err)
{
	int unverified;
	int rc = wf_contact_unverified(c, cp, &unverified, err);
	if (rc)
		return rc;
	json_t *d = json_pack("{s:s,s:s,s:s?}", "tracking_no", cp->tracking_no, "status",
			      state_name(cp->state), "reason", reason);
	/* The one rule for an address nobody confirmed: whoever typed it may
	 * not be its owner, so the mail carries the business's words only
	 * (the sender renders it so), never the name or text they typed. */
	if (unverified)
		json_object_set_new(d, "unverified_email", json_true());
	struct outbox_item o = {.complaint_id = cp->id, .audience = "customer", .kind = kind,
				.channel = "customer",
				.language = cp->v[CF_LANGUAGE] ? cp->v[CF_LANGUAGE] : "zh-CN",
				.created_at = now};
	rc = put(c, &o, d, err);
	json_decref(d);
	return rc;
}

/* The recipient as the workspace and the sender read it: "user:5",
 * "role:supervisor;team:3", "team:3;assignee". */
static void recipient(const struct notice_to *to, char *buf, size_t size)
{
	size_t n = 0;
	buf[0] = '\0';
	if (to->user_id || to->department_id) {
		snprintf(buf, size, "%s:%lld", to->user_id ? "user" : "department",
			 (long long)(to->user_id ? to->user_id : to->department_id));
		return;
	}
	if (to->role >= 0 && to->role < ROLE__COUNT)
		n += (size_t)snprintf(buf + n, size - n, "role:%s", roles[to->role].name);
	if (to->team_id && n < size)
		n += (size_t)snprintf(buf + n, size - n, "%steam:%lld", n ? ";" : "",
				      (long long)to->team_id);
	if (to->assignee && n < size)
		snprintf(buf + n, size - n, "%sassignee", n ? ";" : "");
}

static int staff(struct store_conn *c, const struct complaint *cp, const char *kind,
		 const char *channel, const char *to, json_t *d, int64_t now, struct kesu_err *err)
{
	json_t *o_d = d ? json_copy(d) : json_object();
	json_object_set_new(o_d, "tracking_no", json_string(cp->tracking_no));
	struct outbox_item o = {.complaint_id = cp->id, .audience = "staff", .kind = kind,
				.channel = channel, .recipient = to, .language = "zh-CN",
				.created_at = now};
	int rc = put(c, &o, o_d, err);
	json_decref(o_d);
	return rc;
}

int notice_staff(struct store_conn *c, const struct complaint *cp, const char *kind,
		 const struct notice_to *to, json_t *d, int64_t now, struct kesu_err *err)
{
	char buf[96];
	recipient(to, buf, sizeof buf);
	return staff(c, cp, kind, "workspace", buf, d, now, err);
}

int notice_staff_mail(struct store_conn *c, const struct complaint *cp, const char *kind,
		      const char *address, json_t *d, int64_t now, struct kesu_err *err)
{
	return staff(c, cp, kind, "email", address, d, now, err);
}

json_t *notice_time(int64_t ms)
{
	char buf[40];
	return ms ? json_string(clock_format(ms, buf, sizeof buf)) : json_null();
}
