/*
 * roles.c - /api/v1/roles: each role's permissions (src/auth/roles.h),
 * whether it must use a second factor, and its authority limits, the
 * layers an account's limits are made of.
 */
#include "staff_int.h"

#include <stdio.h>
#include <stdlib.h>

#include "../auth/roles.h"
#include "../util/clock.h"

#define LIMIT_MAX_FEN 100000000000LL /* one billion yuan: a typo, not a limit */

const char *staff_limits_parse(json_t *v, struct arena *a, struct kesu_err *err)
{
	if (!json_is_object(v)) {
		kesu_fail(err, KE_WRONG_TYPE, "limits",
			  "must be an object of compensation type -> amount in fen");
		return NULL;
	}
	const char *k;
	json_t *x;
	json_object_foreach(v, k, x) {
		if (enum_index(en_compensation_kind, k) < 0) {
			kesu_fail(err, KE_INVALID_VALUE, "limits",
				  "'%s' is not a compensation type", k);
			return NULL;
		}
		if (!json_is_integer(x) || json_integer_value(x) < 0 ||
		    json_integer_value(x) > LIMIT_MAX_FEN) {
			/* named by its kind: a page shows it beside that box */
			char field[48];
			snprintf(field, sizeof field, "limits.%s", k);
			kesu_fail(err, KE_INVALID_VALUE, field,
				  "must be a whole number of fen from 0 to %lld", LIMIT_MAX_FEN);
			return NULL;
		}
	}
	char *s = json_dumps(v, JSON_COMPACT | JSON_SORT_KEYS);
	const char *out = arena_strdup(a, s);
	free(s);
	return out;
}

json_t *staff_limits_effective(int role, const char *role_limits, const char *user_limits)
{
	json_t *o = json_object();
	for (int i = 0; i < COMP__COUNT; i++)
		json_object_set_new(o, en_compensation_kind[i].name,
				    json_integer(role >= 0 ? roles[role].limit_fen : 0));
	const char *layers[] = {role_limits, user_limits};
	for (int l = 0; l < 2; l++) {
		json_t *j = layers[l] ? json_loads(layers[l], 0, NULL) : NULL;
		if (j)
			json_object_update_existing(o, j);
		json_decref(j);
	}
	return o;
}

static json_t *role_json(struct store_conn *c, int r, struct arena *a)
{
	int require = 0;
	const char *limits = NULL;
	struct kesu_err err;
	store_role_get(c, roles[r].name, a, &require, &limits, &err);
	json_t *perm = json_array();
	for (int i = 0; i < nperms; i++)
		if (roles[r].perms & perms[i].bit)
			json_array_append_new(perm, json_string(perms[i].name));
	return json_pack("{s:s,s:s,s:s,s:o,s:b,s:o}", "name", roles[r].name, "label",
			 roles[r].label[LANG_ZH_CN], "summary", roles[r].summary, "permissions", perm,
			 "require_totp", require, "limits", staff_limits_effective(r, limits, NULL));
}

int roles_list(struct http_request *req)
{
	struct kesu_err err = {0};
	struct store_conn *c = http_reader(req, &err);
	if (!c)
		return http_reply_error(req, &err);
	json_t *arr = json_array();
	for (int r = 0; r < ROLE__COUNT; r++)
		json_array_append_new(arr, role_json(c, r, http_arena(req)));
	return http_reply_json(req, 200, json_pack("{s:o}", "items", arr));
}

struct role_job {
	struct store_job job;
	int role, require_totp, set_totp, set_limits;
	const char *limits, *actor, *address;
	int64_t now;
	struct arena *a;
};

static int role_run(struct store_conn *c, struct store_job *job)
{
	struct role_job *j = (struct role_job *)job;
	int require;
	const char *limits;
	int rc = store_role_get(c, roles[j->role].name, j->a, &require, &limits, &job->err);
	if (rc)
		return rc;
	json_t *d = json_object();
	if (j->set_totp) {
		json_object_set_new(d, "require_totp", json_boolean(j->require_totp));
		require = j->require_totp;
	}
	if (j->set_limits) {
		json_object_set_new(d, "limits", json_pack("{s:s?,s:s?}", "before", limits,
							   "after", j->limits));
		limits = j->limits;
	}
	rc = store_role_put(c, roles[j->role].name, require, limits, &job->err);
	char target[32];
	snprintf(target, sizeof target, "role:%s", roles[j->role].name);
	if (!rc)
		rc = api_security_event(c, j->actor, j->address, j->now, "role_updated", target, d,
					&job->err);
	json_decref(d);
	return rc;
}

static int role_finish(struct http_request *req, struct store_job *job)
{
	struct role_job *j = (struct role_job *)job;
	struct kesu_err err = {0};
	if (job->rc)
		return http_reply_error(req, &job->err);
	struct store_conn *c = http_reader(req, &err);
	if (!c)
		return http_reply_error(req, &err);
	return http_reply_json(req, 200, role_json(c, j->role, http_arena(req)));
}

int roles_patch(struct http_request *req)
{
	static const char *const keys[] = {"require_totp", "limits", NULL};
	struct kesu_err err = {0};
	struct arena *a = http_arena(req);
	int role = role_find(http_param(req, 0));
	if (role < 0) {
		kesu_fail(&err, KE_NOT_FOUND, "", "no such role");
		return http_reply_error(req, &err);
	}
	json_t *body = http_body_json(req, &err);
	if (!body || api_known_keys(body, keys, &err))
		return http_reply_error(req, &err);
	struct role_job *j = arena_zalloc(a, sizeof *j);
	json_t *v;
	if ((v = json_object_get(body, "require_totp"))) {
		if (!json_is_boolean(v)) {
			kesu_fail(&err, KE_WRONG_TYPE, "require_totp", "must be true or false");
			return http_reply_error(req, &err);
		}
		j->set_totp = 1;
		j->require_totp = json_is_true(v);
	}
	if ((v = json_object_get(body, "limits"))) {
		j->set_limits = 1;
		if (!json_is_null(v) && !(j->limits = staff_limits_parse(v, a, &err)))
			return http_reply_error(req, &err);
	}
	j->job.run = role_run;
	j->role = role;
	j->now = clock_now_ms();
	j->actor = arena_strdup(a, http_principal(req)->actor);
	j->address = arena_strdup(a, http_address(req));
	j->a = a;
	return http_defer(req, &j->job, role_finish);
}
