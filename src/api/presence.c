/*
 * presence.c - /api/v1/complaints/{ref}/presence: a complaint's page says
 * its user has it open (and whether they are typing on it), and asks who
 * else has. Whoever may read the complaint may; the board itself is the
 * HTTP layer's (src/http/presence.c), in the store, shared by every node.
 */
#include "api.h"

#include "../http/auth.h"

/* The complaint the path names, if the caller may read it (404 as GET
 * /complaints/{ref} answers otherwise). */
static int on_complaint(struct http_request *req, struct complaint *cp, struct kesu_err *err)
{
	struct store_conn *c = http_reader(req, err);
	return c ? api_complaint_visible(c, http_param(req, 0), http_principal(req),
					 http_arena(req), cp, err)
		 : -KE_UNAVAILABLE;
}

static int reply_others(struct http_request *req, int64_t complaint_id)
{
	struct kesu_err err = {0};
	json_t *others = http_presence_json(req, complaint_id, &err);
	if (!others)
		return http_reply_error(req, &err);
	return http_reply_json(req, 200, json_pack("{s:o}", "items", others));
}

int presence_get(struct http_request *req)
{
	struct kesu_err err = {0};
	struct complaint cp;
	if (on_complaint(req, &cp, &err))
		return http_reply_error(req, &err);
	return reply_others(req, cp.id);
}

int presence_post(struct http_request *req)
{
	static const char *const keys[] = {"editing", NULL};
	struct kesu_err err = {0};
	struct complaint cp;
	if (on_complaint(req, &cp, &err))
		return http_reply_error(req, &err);
	json_t *body = api_body(req, keys, &err);
	if (!body)
		return http_reply_error(req, &err);
	json_t *editing = json_object_get(body, "editing");
	if (!editing)
		return api_fail(req, KE_MISSING_FIELD, "editing",
				"is required: true while typing on the complaint, false while viewing it");
	if (!json_is_boolean(editing))
		return api_fail(req, KE_WRONG_TYPE, "editing", "must be true or false");
	/* others see the caller by the name the workspace shows */
	const struct principal *p = http_principal(req);
	struct user u;
	struct store_conn *c = http_reader(req, &err);
	int rc = c ? store_user_get(c, p->user_id, NULL, http_arena(req), &u, &err) : -KE_UNAVAILABLE;
	if (rc && rc != -KE_NOT_FOUND)
		return http_reply_error(req, &err);
	const char *name = !rc && u.display_name && *u.display_name ? u.display_name : p->username;
	struct presence_of on = {cp.id, cp.team_id, cp.tracking_no};
	return http_presence_set(req, &on, name, json_is_true(editing));
}

int presence_delete(struct http_request *req)
{
	struct kesu_err err = {0};
	struct complaint cp;
	if (on_complaint(req, &cp, &err))
		return http_reply_error(req, &err);
	struct presence_of on = {cp.id, cp.team_id, cp.tracking_no};
	return http_presence_leave(req, &on);
}
