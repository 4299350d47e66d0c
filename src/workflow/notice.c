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

/* The member of d, an array or a string by want, that is largest in
 * bytes (elements for an array); NULL when none is left to shorten. */
static const char *largest(json_t *d, int want, size_t *size)
{
	const char *key, *best = NULL;
	json_t *v;
	*size = 0;
	json_object_foreach(d, key, v) {
		size_t n = want == JSON_ARRAY ? json_array_size(v) : json_string_length(v);
		if ((int)json_typeof(v) == want && n > *size && n > 1)
			*size = n, best = key;
	}
	return best;
}

/* d as event data of at most WF_EVENT_MAX bytes, so that no act (a mail
 * listing thousands of files, a reply of megabytes) stores an event that
 * every read of the timeline must carry. Over it, the longest lists are
 * halved, what is dropped counted in "<name>_more", then the longest
 * texts halved (at a character) and flagged "<name>_truncated"; an act
 * is never refused for its size. The caller frees the result. */
char *notice_data(json_t *d)
{
	char *s = dump(d);
	if (!s || strlen(s) <= WF_EVENT_MAX || !json_is_object(d))
		return s;
	json_t *c = json_deep_copy(d);
	for (int want = JSON_ARRAY; s && strlen(s) > WF_EVENT_MAX; free(s), s = dump(c)) {
		size_t n;
		const char *key = largest(c, want, &n);
		if (!key && want == JSON_ARRAY) {
			want = JSON_STRING;
			continue;
		}
		if (!key) {
			/* neither lists nor texts make it: only its size is kept */
			json_t *small = json_pack("{s:b,s:I}", "omitted", 1, "bytes", (json_int_t)strlen(s));
			json_decref(c);
			c = small;
			continue;
		}
		json_t *v = json_object_get(c, key);
		char *flag = NULL;
		if (want == JSON_ARRAY) {
			size_t keep = n / 2;
			for (size_t i = n; i > keep; i--)
				json_array_remove(v, i - 1);
			if (asprintf(&flag, "%s_more", key) < 0)
				break;
			json_int_t before = json_integer_value(json_object_get(c, flag));
			json_object_set_new(c, flag, json_integer(before + (json_int_t)(n - keep)));
		} else {
			const char *t = json_string_value(v);
			size_t keep = n / 2;
			while (keep && ((unsigned char)t[keep] & 0xC0) == 0x80)
				keep--; /* not inside a character */
			if (asprintf(&flag, "%s_truncated", key) < 0)
				break;
			json_object_set_new(c, key, json_stringn(t, keep));
			json_object_set_new(c, flag, json_true());
		}
		free(flag);
	}
	json_decref(c);
	return s;
}

int notice_event(struct store_conn *c, int64_t complaint_id, const char *kind,
		 const char *actor, int64_t at, json_t *d, struct arena *a, struct event *e,
		 struct kesu_err *err)
{
	char *data = notice_data(d);
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
	int rc = store_outbox_add(c, o, err);
	free(data);
	return rc;
}

json_t *notice_progress(const struct wf_progress *p)
{
	return json_pack("{s:s?,s:o}", "line", p->line, "next_contact_at",
			 notice_time(p->next_contact_at));
}

int notice_customer(struct store_conn *c, const struct complaint *cp, const char *kind,
		    const char *reason, int64_t now, struct kesu_err *err)
{
	return notice_customer_told(c, cp, kind, reason, NULL, now, err);
}

int notice_customer_told(struct store_conn *c, const struct complaint *cp, const char *kind,
			 const char *reason, const struct wf_progress *p, int64_t now,
			 struct kesu_err *err)
{
	return notice_customer_with(c, cp, kind, reason, p, NULL, now, err);
}

int notice_customer_with(struct store_conn *c, const struct complaint *cp, const char *kind,
			 const char *reason, const struct wf_progress *p, json_t *extra,
			 int64_t now, struct kesu_err *err)
{
	int unverified;
	int rc = wf_contact_unverified(c, cp, &unverified, err);
	if (rc)
		return rc;
	json_t *d = json_pack("{s:s,s:s,s:s?}", "tracking_no", cp->tracking_no, "status",
			      state_name(cp->state), "reason", reason);
	if (p && p->line)
		json_object_set_new(d, "progress", json_string(p->line));
	if (p && p->next_contact_at)
		json_object_set_new(d, "next_contact_at", notice_time(p->next_contact_at));
	if (extra)
		json_object_update(d, extra);
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
	if (cp)
		json_object_set_new(o_d, "tracking_no", json_string(cp->tracking_no));
	struct outbox_item o = {.complaint_id = cp ? cp->id : 0, .audience = "staff", .kind = kind,
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

int notice_staff_about(struct store_conn *c, const char *kind, const struct notice_to *to,
		       const char *address, json_t *d, int64_t now, struct kesu_err *err)
{
	char buf[96];
	if (address)
		return staff(c, NULL, kind, "email", address, d, now, err);
	recipient(to, buf, sizeof buf);
	return staff(c, NULL, kind, "workspace", buf, d, now, err);
}

json_t *notice_time(int64_t ms)
{
	char buf[40];
	return ms ? json_string(clock_format(ms, buf, sizeof buf)) : json_null();
}
