/*
 * guide.c - /api/v1/complaints/{ref}/guide: guided handling of one
 * complaint. The agent's four steps in order (domain.md 3: mood first,
 * then the matter), which are done, and the response scripts that apply,
 * in the complaint's language with its details filled in. Checking a step
 * off is an internal timeline event.
 */
#include "api.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../channels/channels.h"
#include "../auth/mask.h"
#include "../core/customer.h"
#include "../http/auth.h"
#include "../knowledge/knowledge.h"
#include "../text/text.h"
#include "../util/clock.h"

static const struct field_def note_field = {
	NULL, "note", "note", FK_MULTILINE, 2000, NULL, "what the step brought out"};

/* A step as the complaint stands: name and goal in its language, and
 * whether (when, by whom) it is done. */
static json_t *step_json(int step, int lang, const struct guide_done *d)
{
	const struct kn_step *k = &kn_steps[step - 1];
	return json_pack("{s:i,s:s,s:s,s:s,s:b,s:o,s:s?}", "step", k->n, "key", k->key, "name",
			 k->name[lang], "goal", k->goal[lang], "done", d->done_at != 0, "done_at",
			 api_time_json(d->done_at), "done_by", d->done_by);
}

/* When the complaint's resolution clock runs out (0: it is not running). */
static int resolution_due(struct store_conn *c, int64_t complaint_id, struct arena *a,
			  int64_t *due, struct kesu_err *err)
{
	struct clock_row *k;
	int n;
	*due = 0;
	int rc = store_clocks_of(c, complaint_id, a, &k, &n, err);
	for (int i = 0; !rc && i < n; i++)
		if (strcmp(k[i].kind, "resolution") == 0 && strcmp(k[i].state, "running") == 0)
			*due = k[i].due_at;
	return rc;
}

/* What the scripts may say about cp, to who: who is asking. */
static int script_vars(struct store_conn *c, const struct complaint *cp,
		       const struct principal *who, int64_t due, struct arena *a,
		       struct kn_vars *v, struct kesu_err *err)
{
	memset(v, 0, sizeof *v);
	v->customer_name = cp->v[CF_NAME];
	/* the same mask as the complaint's own reply: a script is no way round it */
	v->customer_phone = authz_can(who, P_PII_VIEW) ? cp->v[CF_PHONE]
						       : mask_phone(cp->v[CF_PHONE], a);
	v->tracking_no = cp->tracking_no;
	v->object_name = cp->v[CF_OBJECT_NAME];
	v->category = cp->v[CF_CATEGORY];
	if (due)
		v->due = kn_due_text(due, cp->v[CF_LANGUAGE], a);
	struct user u;
	int rc = store_user_get(c, who->user_id, NULL, a, &u, err);
	if (rc && rc != -KE_NOT_FOUND)
		return rc;
	v->agent_name = !rc && u.display_name && *u.display_name ? u.display_name
								   : arena_strdup(a, who->username);
	kesu_err_clear(err);
	struct ch_config cfg;
	if ((rc = ch_config_read(c, &cfg, err)))
		return rc;
	v->company = cfg.company ? arena_strdup(a, cfg.company) : NULL;
	ch_config_free(&cfg);
	return 0;
}

static json_t *script_json(const struct script *s, const struct kn_vars *v, struct arena *a)
{
	json_t *missing = json_array();
	const char *body = kn_script_fill(s->body, v, missing, a);
	json_t *actions = s->actions ? json_loads(s->actions, 0, NULL) : NULL;
	return json_pack("{s:I,s:i,s:s,s:s,s:s?,s:s?,s:s?,s:o,s:o}", "id", (json_int_t)s->id,
			 "step", s->step, "title", s->title, "body", body, "category", s->category, "responsibility",
			 s->responsibility, "customer_type", s->customer_type, "missing", missing,
			 "actions", actions ? actions : json_null());
}

int api_script_vars(struct store_conn *c, const struct complaint *cp,
		    const struct principal *who, struct arena *a, struct kn_vars *v,
		    struct kesu_err *err)
{
	int64_t due;
	return resolution_due(c, cp->id, a, &due, err) ||
			       script_vars(c, cp, who, due, a, v, err)
		       ? -(int)err->code
		       : 0;
}

/* The scripts offered for cp in its language (a complaint's, none of a
 * review playbook), by step, the wording for its category before the
 * general one (categories match as search does: 質量問題 is 质量问题).
 * domain.md 1 and 3: the wording follows whose
 * fault it is (apologise when ours, explain the facts when the
 * customer's) and the type of customer; while either is open, every
 * script is offered. *cu is the complaint's customer (type "normal"
 * without one). */
static int offered_scripts(struct store_conn *c, const struct complaint *cp, struct arena *a,
			   struct script **out, int *nout, struct customer *cu,
			   struct kesu_err *err)
{
	int lang = kn_lang_index(cp->v[CF_LANGUAGE]);
	/* a review playbook's scripts are for a review's buyer, never here */
	struct script_filter f = {.language = en_language[lang].name, .playbook = "",
				  .notice_id = -1};
	struct script *items;
	int n;
	*cu = (struct customer){.customer_type = "normal"};
	/* the agreed answers of its incident's published notice, none other */
	int64_t incident;
	struct handling_notice hn;
	if (store_incident_of(c, cp->id, &incident, err))
		return -(int)err->code;
	if (incident) {
		int rc = store_notice_of(c, incident, a, &hn, err);
		if (rc && rc != -KE_NOT_FOUND)
			return rc;
		kesu_err_clear(err);
		if (!rc && !strcmp(hn.state, "published"))
			f.notice_id = hn.id;
	}
	if (store_script_list(c, &f, a, &items, &n, err) ||
	    (cp->customer_id && store_customer_get(c, cp->customer_id, a, cu, err)))
		return -(int)err->code;
	const char *resp = cp->v[CF_RESPONSIBILITY];
	if (resp && strcmp(resp, "unclear") == 0)
		resp = NULL;
	struct script *kept = arena_zalloc(a, sizeof *kept * (size_t)(n ? n : 1));
	int k = 0;
	/* the incident's agreed answers first in their step, then the
	 * wording for the category, then the general one */
	for (int s = 1; s <= KN_STEPS; s++)
		for (int pass = -1; pass < 2; pass++)
			for (int i = 0; i < n; i++) {
				const struct script *x = &items[i];
				if ((pass < 0) != (x->notice_id != 0))
					continue;
				if (pass < 0) {
					if (x->step == s)
						kept[k++] = *x;
					continue;
				}
				if (x->step != s ||
				    (resp && x->responsibility && strcmp(x->responsibility, resp)) ||
				    (x->customer_type && strcmp(x->customer_type, cu->customer_type)))
					continue;
				if (pass == 0 ? x->category && cp->v[CF_CATEGORY] &&
							text_fold_equal(x->category, cp->v[CF_CATEGORY])
					      : !x->category)
					kept[k++] = *x;
			}
	*out = kept;
	*nout = k;
	return 0;
}

/* --- GET /api/v1/complaints/{ref}/guide ------------------------------------------ */

int guide_get(struct http_request *req)
{
	struct kesu_err err = {0};
	struct arena *a = http_arena(req);
	const struct principal *who = http_principal(req);
	struct store_conn *c = http_reader(req, &err);
	struct complaint cp;
	struct guide_done done[GUIDE_STEPS];
	struct script *items;
	int n;
	int64_t due;
	struct kn_vars v;
	struct customer cu;
	if (!c || api_complaint_visible(c, http_param(req, 0), who, a, &cp, &err) ||
	    store_guide_of(c, cp.id, a, done, &err) || resolution_due(c, cp.id, a, &due, &err) ||
	    script_vars(c, &cp, who, due, a, &v, &err) ||
	    offered_scripts(c, &cp, a, &items, &n, &cu, &err))
		return http_reply_error(req, &err);
	int lang = kn_lang_index(cp.v[CF_LANGUAGE]);
	json_t *steps = json_array();
	int next = 0;
	for (int s = 1; s <= KN_STEPS; s++) {
		json_t *o = step_json(s, lang, &done[s - 1]);
		json_t *arr = json_array();
		for (int i = 0; i < n; i++)
			if (items[i].step == s)
				json_array_append_new(arr, script_json(&items[i], &v, a));
		json_object_set_new(o, "scripts", arr);
		json_array_append_new(steps, o);
		if (!next && !done[s - 1].done_at)
			next = s;
	}
	json_t *out = json_pack("{s:I,s:s,s:s,s:s?,s:s?,s:s,s:s?,s:s?,s:o,s:o,s:o}",
				"complaint_id", (json_int_t)cp.id, "tracking_no", cp.tracking_no,
				"language", en_language[lang].name, "category", cp.v[CF_CATEGORY],
				"responsibility", cp.v[CF_RESPONSIBILITY], "customer_type",
				cu.customer_type, "emotion",
				cp.v[CF_EMOTION], "mindset", cp.v[CF_MINDSET], "due_at",
				api_time_json(due), "next_step", next ? json_integer(next) : json_null(),
				"steps", steps);
	return http_reply_json(req, 200, out);
}

/* --- GET /api/v1/complaints/{ref}/scripts ---------------------------------------- */

/* The knowledge base's scripts for one complaint, filled by the same
 * filler as the guide, outside the steps: for copying into a call or a
 * chat. */
int complaint_scripts(struct http_request *req)
{
	struct kesu_err err = {0};
	struct arena *a = http_arena(req);
	const struct principal *who = http_principal(req);
	struct store_conn *c = http_reader(req, &err);
	struct complaint cp;
	struct script *items;
	int n;
	struct kn_vars v;
	struct customer cu;
	if (!c || api_complaint_visible(c, http_param(req, 0), who, a, &cp, &err) ||
	    api_script_vars(c, &cp, who, a, &v, &err) ||
	    offered_scripts(c, &cp, a, &items, &n, &cu, &err))
		return http_reply_error(req, &err);
	json_t *arr = json_array();
	for (int i = 0; i < n; i++)
		json_array_append_new(arr, script_json(&items[i], &v, a));
	int lang = kn_lang_index(cp.v[CF_LANGUAGE]);
	return http_reply_json(req, 200,
			       json_pack("{s:s,s:s,s:s?,s:o}", "tracking_no", cp.tracking_no,
					 "language", en_language[lang].name, "category",
					 cp.v[CF_CATEGORY], "items", arr));
}

/* --- POST /api/v1/complaints/{ref}/guide/{step} ------------------------------------ */

struct step_act {
	struct api_act act;
	int step, done, lang;
	const char *note;
	struct guide_done state;
	struct event e; /* id 0: nothing written */
};

static int check_step(struct store_conn *c, struct api_act *j, struct kesu_err *err)
{
	struct step_act *s = (struct step_act *)j;
	s->lang = kn_lang_index(j->cp.v[CF_LANGUAGE]);
	return wf_guide_step(c, &j->cp, s->step, kn_steps[s->step - 1].key, s->done, s->note,
			     &j->as, j->now, j->a, &s->state, &s->e, err);
}

static int step_finish(struct http_request *req, struct store_job *job)
{
	struct step_act *s = (struct step_act *)job;
	if (job->rc)
		return http_reply_error(req, &job->err);
	json_t *o = step_json(s->step, s->lang, &s->state);
	json_object_set_new(o, "event", s->e.id ? api_event_json(&s->act.who, &s->e) : json_null());
	return http_reply_json(req, 200, o);
}

int guide_step(struct http_request *req)
{
	static const char *const keys[] = {"done", "note", NULL};
	struct kesu_err err = {0};
	int step = kn_step_find(http_param(req, 1));
	if (!step)
		return api_fail(req, KE_NOT_FOUND, "",
				"no such step: 1 to 4, or listen, guide, clarify, resolve");
	json_t *body = api_body(req, keys, &err);
	if (!body)
		return http_reply_error(req, &err);
	json_t *d = json_object_get(body, "done");
	if (!json_is_boolean(d))
		return api_fail(req, d ? KE_WRONG_TYPE : KE_MISSING_FIELD, "done",
				"must be true (the step is done) or false (not yet)");
	struct step_act *s = (struct step_act *)api_act_new(req, sizeof *s, check_step);
	if (field_check(&note_field, json_object_get(body, "note"), 0, s->act.a, &s->note, &err))
		return http_reply_error(req, &err);
	s->step = step;
	s->done = json_is_true(d);
	return http_defer(req, &s->act.job, step_finish);
}
