/*
 * api.h - the /api/v1 resources: the route table and the helpers their
 * handlers share (path references, paging, cursors).
 */
#ifndef KESU_API_H
#define KESU_API_H

#include "../http/http.h"
#include "../workflow/workflow.h"

extern const struct route api_routes[];
extern const int api_nroutes;

/* Handlers, one file per resource, under the file that defines them. */
/* complaints.c - a complaint registered, read, edited; its contact details revealed */
int complaints_create(struct http_request *req);
int complaints_get(struct http_request *req);
int complaints_patch(struct http_request *req);
int complaints_reveal(struct http_request *req);

/* queues.c - finding complaints: lists, search, queues */
int complaints_list(struct http_request *req);
int complaints_queues(struct http_request *req);

/* timeline.c - a complaint's timeline */
int complaints_events(struct http_request *req);

/* conversation.c - notes, replies to the customer, the channel moved */
int complaints_note(struct http_request *req);
int complaints_reply(struct http_request *req);
int complaints_channel_move(struct http_request *req);

/* assign.c - who handles a complaint */
int complaints_assign(struct http_request *req);
int complaints_handover(struct http_request *req);
int complaints_take(struct http_request *req);
int complaints_bulk(struct http_request *req);
int views_list(struct http_request *req);
int views_create(struct http_request *req);
int views_patch(struct http_request *req);
int views_delete(struct http_request *req);

/* escalations.c - escalation by a person */
int complaints_escalate(struct http_request *req);

/* second.c - a second complaint linked to the earlier one by an agent */
int complaints_second_of(struct http_request *req);
/* merge.c - merging a duplicate into the complaint it repeats */
int complaints_merge(struct http_request *req);

/* transitions.c - the lifecycle: a complaint's state, the workflow's rules */
int complaints_transition(struct http_request *req);
int workflow_get(struct http_request *req);

/* fields.c - every enumeration with its labels, for the pages */
int fields_get(struct http_request *req);

/* identity.c - identity confirmed, apologies given */
int complaints_identity(struct http_request *req);
int complaints_apology(struct http_request *req);

/* plans.c - resolution plans */
int plans_create(struct http_request *req);
int plans_list(struct http_request *req);
int plans_answer(struct http_request *req);

/* demand.c - the customer's demand restated, confirmed or corrected */
int demand_restate(struct http_request *req);
int demand_list(struct http_request *req);
int demand_answer(struct http_request *req);

/* appointments.c - callbacks and meetings at an exact time */
int appointments_create(struct http_request *req);
int appointments_list(struct http_request *req);
int appointments_outcome(struct http_request *req);

/* tasks.c - department tasks */
int tasks_create(struct http_request *req);
int tasks_list(struct http_request *req);
int tasks_answer(struct http_request *req);

/* followups.c - the follow-up of a resolved complaint */
int callbacks_create(struct http_request *req);
int callbacks_list(struct http_request *req);
int customers_visits(struct http_request *req);
int visits_list(struct http_request *req);
int visits_outcome(struct http_request *req);

/* reviews.c - neutral and negative reviews (中差评) and the shop's order counts */
int reviews_create(struct http_request *req);
int reviews_connector(struct http_request *req);
int reviews_list(struct http_request *req);
int reviews_get(struct http_request *req);
int reviews_patch(struct http_request *req);
int reviews_contact(struct http_request *req);
int reviews_group(struct http_request *req);
int reviews_reply(struct http_request *req);
int reviews_reply_draft(struct http_request *req);
int order_counts_post(struct http_request *req);
int orders_post(struct http_request *req);
int orders_summary(struct http_request *req);

/* actions.c - improvement actions, verified against recurrence */
json_t *api_action_json(const struct improvement_action *x, int64_t now);
int actions_create(struct http_request *req);
int actions_list(struct http_request *req);
int actions_get(struct http_request *req);
int actions_patch(struct http_request *req);
int actions_accept(struct http_request *req);
int actions_done(struct http_request *req);
int actions_drop(struct http_request *req);
int actions_tell(struct http_request *req);
int actions_link(struct http_request *req);
int department_action_get(struct http_request *req);
int department_action_accept(struct http_request *req);
int department_action_done(struct http_request *req);

/* checklists.c - prevention checklists and their runs */
json_t *api_checklist_json(const struct checklist *k);
int checklists_list(struct http_request *req);
int checklists_create(struct http_request *req);
int checklists_get(struct http_request *req);
int checklists_patch(struct http_request *req);
int checklists_start(struct http_request *req);
int checklist_runs_list(struct http_request *req);
int checklist_runs_get(struct http_request *req);
int checklist_runs_answer(struct http_request *req);
int checklist_runs_finish(struct http_request *req);
int checklist_runs_action(struct http_request *req);
/* thanks.c - winning the customer back: the month's thank-you letters */
int thanks_proposal(struct http_request *req);
int thanks_send(struct http_request *req);
int thanks_opt_out(struct http_request *req);

/* incidents.c - many complaints, one cause: incidents, proposals, messages, remedies */
int incidents_create(struct http_request *req);
int incidents_list(struct http_request *req);
int incidents_proposals(struct http_request *req);
int incidents_get(struct http_request *req);
int incidents_patch(struct http_request *req);
int incidents_confirm(struct http_request *req);
int incidents_dismiss(struct http_request *req);
int incidents_complaints(struct http_request *req);
int incidents_link(struct http_request *req);
int incidents_unlink(struct http_request *req);
int incidents_move(struct http_request *req);
int incidents_message(struct http_request *req);
int incidents_messages(struct http_request *req);
int incidents_remedy(struct http_request *req);
int incidents_remedy_decide(struct http_request *req);
/* The incident complaint_id belongs to, as its page's banner shows it
 * ({id, title, state, cause, notice}), JSON null for none; NULL with err
 * when the store fails. */
json_t *api_incident_banner(struct store_conn *c, int64_t complaint_id, struct arena *a,
			    struct kesu_err *err);
/* The draft a closed case gives (kn_draft): what happened, how it was
 * resolved and what was granted, without the customer's personal data, in
 * language; strings in a (articles.c). */
int api_case_draft(struct store_conn *c, const struct complaint *cp, const char *language,
		   struct arena *a, const char **title, const char **body, struct kesu_err *err);
/* lessons.c - lessons from complaints and incidents, and who confirmed them */
int lessons_create(struct http_request *req);
int lessons_list(struct http_request *req);
int lessons_get(struct http_request *req);
int lessons_patch(struct http_request *req);
int lessons_publish(struct http_request *req);
int lessons_confirm(struct http_request *req);
int users_lessons(struct http_request *req);
/* handling_notices.c - the handling notice of an incident or a standing issue */
int notices_create(struct http_request *req);
int notices_list(struct http_request *req);
int notices_get(struct http_request *req);
int notices_patch(struct http_request *req);
int notices_publish(struct http_request *req);
int notices_read(struct http_request *req);
int incidents_notice_put(struct http_request *req);
/* A handling notice; read_version the caller's confirmation (0: none),
 * or -1 to leave it out. */
json_t *api_notice_json(const struct handling_notice *n, int64_t read_version);
json_t *api_incident_json(const struct incident *i);

/* compensations.c - compensation within authority */
int compensations_propose(struct http_request *req);
int compensations_decide(struct http_request *req);
int compensations_list(struct http_request *req);
int compensations_totals(struct http_request *req);

/* guide.c - guided handling */
int guide_get(struct http_request *req);
int guide_step(struct http_request *req);
int complaint_scripts(struct http_request *req);
/* What a script may say about cp ({placeholders}), to who (guide.c). */
struct kn_vars;
int api_script_vars(struct store_conn *c, const struct complaint *cp,
		    const struct principal *who, struct arena *a, struct kn_vars *v,
		    struct kesu_err *err);
/* Macros: a script's actions on a complaint, previewed or applied (macros.c). */
int macros_preview(struct http_request *req);
int macros_apply(struct http_request *req);

/* attachments.c - files on complaints */
int attachments_upload(struct http_request *req);
int attachments_list(struct http_request *req);
int attachments_download(struct http_request *req);
int attachments_preview(struct http_request *req);

/* outbox.c - a complaint's notices and their deliveries */
int complaints_outbox(struct http_request *req);

/* inbox.c - the caller's notices from the workflow, and their read marks */
int inbox_list(struct http_request *req);
/* stream.c */
int stream_get(struct http_request *req);
/* presence.c - who else has a complaint open, and who is typing on it */
int presence_get(struct http_request *req);
int presence_post(struct http_request *req);
int presence_delete(struct http_request *req);
int inbox_read(struct http_request *req);
int inbox_read_all(struct http_request *req);

/* customers.c - the customer file */
int customers_list(struct http_request *req);
int customers_create(struct http_request *req);
int customers_get(struct http_request *req);
int customers_reveal(struct http_request *req);
int customers_patch(struct http_request *req);

/* departments.c - the department contact list */
int departments_list(struct http_request *req);
int departments_create(struct http_request *req);
int departments_patch(struct http_request *req);

/* settings.c - the settings (settings.h) and the calendar's days */
int calendar_days_post(struct http_request *req);
int settings_get(struct http_request *req);
int settings_put(struct http_request *req);
/* Every copy kesu keeps of a setting (and of the channels, webhooks,
 * templates and secrets) is read again: another node changed one. */
void api_settings_reload(void);

/* session.c - signing in and out */
int session_login(struct http_request *req);
int session_get(struct http_request *req);
int session_logout(struct http_request *req);

/* users.c - staff accounts */
int users_list(struct http_request *req);
int users_create(struct http_request *req);
int users_get(struct http_request *req);
int users_patch(struct http_request *req);
int users_password(struct http_request *req);
int users_unlock(struct http_request *req);
int users_duty(struct http_request *req);
int users_skills(struct http_request *req);

/* totp.c - an account's second factor */
int users_totp_begin(struct http_request *req);
int users_totp_confirm(struct http_request *req);
int users_totp_remove(struct http_request *req);

/* teams.c - teams and their members */
int teams_list(struct http_request *req);
int teams_members(struct http_request *req);
int teams_agents(struct http_request *req);
int teams_create(struct http_request *req);
int teams_patch(struct http_request *req);
int teams_assignment(struct http_request *req);
/* A team as the API shows it, with its assignment rule. */
json_t *api_team_json(const struct team *t);

/* roles.c - roles and their limits */
int roles_list(struct http_request *req);
int roles_patch(struct http_request *req);

/* tokens.c - API tokens */
int tokens_list(struct http_request *req);
int tokens_create(struct http_request *req);
int tokens_revoke(struct http_request *req);

/* audit.c - the security log */
int audit_security(struct http_request *req);
int audit_verify(struct http_request *req);

/* secrets.c - the channels' secrets */
int secrets_list(struct http_request *req);
int secrets_put(struct http_request *req);
int secrets_delete(struct http_request *req);

/* webhooks.c - webhooks */
int webhooks_list(struct http_request *req);
int webhooks_create(struct http_request *req);
int webhooks_get(struct http_request *req);
int webhooks_patch(struct http_request *req);
int webhooks_delete(struct http_request *req);

/* templates.c - notice templates */
int templates_list(struct http_request *req);
int templates_get(struct http_request *req);
int templates_put(struct http_request *req);
int templates_delete(struct http_request *req);

/* deliveries.c - deliveries, and sending one again */
int deliveries_list(struct http_request *req);
int deliveries_retry(struct http_request *req);

/* mails.c - mails the gateway took */
int mails_list(struct http_request *req);
int mails_get(struct http_request *req);
int mails_raw(struct http_request *req);
int mails_dismiss(struct http_request *req);

/* portal.c - the customer's portal */
int portal_get(struct http_request *req);
int portal_message(struct http_request *req);
int portal_attach(struct http_request *req);
int portal_attachment(struct http_request *req);
int portal_register(struct http_request *req);
int portal_rate(struct http_request *req);
int portal_plan_answer(struct http_request *req);
int portal_demand_answer(struct http_request *req);
int portal_confirm_email(struct http_request *req);

/* reports.c - reports, statistics, the dashboard */
int reports_complaints(struct http_request *req);
int stats_all(struct http_request *req);
int stats_section(struct http_request *req);
int stats_chart(struct http_request *req);
int dashboard_get(struct http_request *req);
int reports_list(struct http_request *req);
int reports_download(struct http_request *req);
int reports_odr(struct http_request *req);

/* scripts.c - response scripts */
int scripts_list(struct http_request *req);
int scripts_create(struct http_request *req);
int scripts_patch(struct http_request *req);
int scripts_delete(struct http_request *req);

/* articles.c - knowledge-base articles */
int articles_list(struct http_request *req);
int articles_create(struct http_request *req);
int articles_get(struct http_request *req);
int articles_patch(struct http_request *req);
int articles_delete(struct http_request *req);

/* web.c - the workspace's and the portal's pages, the API reference */
int web_workspace(struct http_request *req);
int web_portal(struct http_request *req);
int web_department(struct http_request *req);
int web_asset(struct http_request *req);
int web_api_docs(struct http_request *req);
int web_api_file(struct http_request *req);

/* health.c - health check */
int health_get(struct http_request *req);
/* metrics.c - the server's metrics, for monitoring */
int metrics_get(struct http_request *req);

/* --- one act on one complaint (act.c) ------------------------------------ */

struct api_act;
/* The workflow verb of an act, run in the writer once the complaint the
 * path names is loaded into j->cp (when j->ref is set). It leaves the
 * complaint as written in j->after, or a reply body in j->out. */
typedef int (*api_verb)(struct store_conn *c, struct api_act *j, struct kesu_err *err);
struct api_act {
	struct store_job job;
	const char *ref;	    /* the complaint the path names; NULL: the verb finds it */
	int64_t id;		    /* a record the path names (plan, appointment...) */
	struct principal who;
	struct wf_actor as;	    /* who, as the workflow sees them */
	int64_t now;
	struct arena *a;
	api_verb verb;
	struct complaint cp, after; /* as loaded, and as the act left it */
	json_t *out;		    /* the reply body; NULL: the complaint as it is now */
	int status;		    /* of the reply: 201 unless the handler says */
};
/* A new act of size bytes (a handler's struct beginning with struct
 * api_act), zeroed, in the request's arena, for the caller, now. */
struct api_act *api_act_new(struct http_request *req, size_t size, api_verb verb);
/* The caller as the workflow sees them, for as long as the request. */
const struct wf_actor *api_actor(struct http_request *req);
/* Hands the act to the writer; the reply follows once it is durable. */
int api_act_defer(struct http_request *req, struct api_act *j);
/* A complaint's `analysis`: its newest reading with who accepted it, or
 * one read now for a complaint registered before readings were kept;
 * NULL with err on a store error (analyze.c). */
json_t *api_complaint_analysis(struct store_conn *c, const struct complaint *cp,
			       struct arena *a, struct kesu_err *err);
int analyze_post(struct http_request *req);
int analysis_accept(struct http_request *req);
/* Replies an error of code naming field. */
int api_fail(struct http_request *req, int code, const char *field, const char *message);
/* GET .../complaints/{ref}/RECORDS: fn appends to items, as their
 * serializer shows them, the records of the complaint the path names (if
 * the caller may see it); replies {"items": [...]}. */
typedef int (*api_records)(struct store_conn *c, const struct complaint *cp, struct arena *a,
			   json_t *items, struct kesu_err *err);
int api_reply_records(struct http_request *req, api_records fn);
/* The JSON body of a write route, with only the keys named; NULL with err
 * set otherwise. */
json_t *api_body(struct http_request *req, const char *const *keys, struct kesu_err *err);
/* An optional positive integer member (0 when absent or null). */
int api_int_member(json_t *body, const char *name, int64_t *out, struct kesu_err *err);

/* --- what replies show (views.c): one serializer per resource ----------- */

/* An instant as RFC 3339 ("2026-12-03T07:00:00.000Z"), or null for 0. */
json_t *api_time_json(int64_t ms);

/* The complaint as p may see it (contact details masked without
 * pii.view); portal_token only in the registration's reply. */
json_t *api_complaint_json(const struct principal *p, const struct complaint *c,
			   const char *portal_token, struct arena *a);
/* Replies status with the complaint as the caller may see it, and its ETag. */
int api_reply_complaint(struct http_request *req, int status, const struct complaint *c,
			const char *portal_token);
json_t *api_customer_json(const struct principal *p, const struct customer *cu,
			  struct arena *a);
/* A timeline event; contact details in its data masked without pii.view. */
json_t *api_event_json(const struct principal *p, const struct event *e);
json_t *api_plan_json(const struct plan *p);
json_t *api_demand_json(const struct demand_restatement *d);
json_t *api_appointment_json(const struct appointment *p);
json_t *api_identity_json(const struct identity_check *k);
json_t *api_apology_json(const struct apology *p);
json_t *api_compensation_json(const struct compensation *k);
json_t *api_callback_json(const struct callback_rec *k);
json_t *api_visit_json(const struct visit *v, int64_t now);
json_t *api_task_json(const struct task *t, int64_t now);
/* A review as p may see it (the buyer's phone masked without pii.view),
 * with its playbook and clock as of now (reviews.c). */
json_t *api_review_json(const struct principal *p, const struct review *r, int64_t now,
			struct arena *a);
/* A row of a bulk action's summary (bulk.c): the complaint ref named, as
 * the act left it; or the reason it was refused, as an error body says it. */
json_t *api_bulk_done_json(const char *ref, const struct complaint *c);
json_t *api_bulk_refused_json(const char *ref, const struct kesu_err *err);
/* A saved view (saved_views.c), its filters as the object they are. */
json_t *api_saved_view_json(const struct saved_view *v);
/* Checks a saved view's filters object o and applies it to f (caller: who
 * "assignee": "me" means). KE_UNKNOWN_FIELD or KE_INVALID_VALUE naming
 * filters.<name>. */
int api_view_filters(json_t *o, int64_t caller, struct arena *a, struct complaint_filter *f,
		     struct kesu_err *err);
/* The saved view ref (an id) if p sees it (their own, or their team's):
 * KE_NOT_FOUND otherwise. */
int api_view_load(struct store_conn *c, const char *ref, const struct principal *p,
		  struct arena *a, struct saved_view *out, struct kesu_err *err);

/* Reads a plan answer body: answer, conditions, counter_offer (plans.c). */
int api_plan_answer_body(json_t *body, struct arena *a, const char **answer,
			 const char **conditions, const char **counter_offer, struct kesu_err *err);

/* Reads a demand answer body's answer and correction (demand.c); the
 * caller refuses other keys. */
int api_demand_answer_body(json_t *body, struct arena *a, const char **answer,
			   const char **correction, struct kesu_err *err);

/* Takes the files of an upload route's body (field `file`) onto a
 * complaint, from source (staff, portal) by who; replies 201 with them. */
int api_attach_upload(struct http_request *req, int64_t complaint_id, const char *source,
		      const struct wf_actor *who);
json_t *api_attachment_json(const struct attachment *t);

/* Appends a security event on behalf of the request's caller (actor,
 * address), inside a job. data is JSON text or NULL ("{}"). */
int api_security_event(struct store_conn *c, const char *actor, const char *address,
		       int64_t at, const char *kind, const char *target, json_t *data,
		       struct kesu_err *err);
/* Replies 429 with Retry-After. */
int api_reply_rate_limited(struct http_request *req, int retry_after_s, const char *what);
/* Reads one string member of a JSON object body: required or optional,
 * at most max characters, no control characters. */
int api_string(json_t *body, const char *name, int required, int max, const char **out,
	       struct kesu_err *err);
/* The member "progress" of a body ({line, next_contact_at}): *out NULL
 * when absent; the line checked (progress.line), the time parsed
 * (progress.next_contact_at); the workflow checks the rest. */
int api_progress(json_t *body, struct arena *a, struct wf_progress **out, struct kesu_err *err);
/* Refuses body keys not in names (NULL-terminated). */
int api_known_keys(json_t *body, const char *const *names, struct kesu_err *err);

/* Reads a complaint reference from the path: a numeric id or a tracking
 * number. Returns 0 (one of *id / tracking set) or KE_NOT_FOUND. */
int api_complaint_ref(const char *ref, int64_t *id, char tracking[TRACKING_NO_MAX],
		      struct kesu_err *err);
/* Loads the complaint a path names (id or tracking number) if who may see
 * it: complaints of other teams answer KE_NOT_FOUND, as if absent. On a
 * reader or inside a job. */
int api_complaint_visible(struct store_conn *c, const char *ref, const struct principal *who,
			  struct arena *a, struct complaint *out, struct kesu_err *err);
/* KE_NOT_FOUND for a customer the caller may not see (one with no
 * complaint of the caller's teams, for those bound to teams). */
int api_customer_visible(struct http_request *req, struct store_conn *c, int64_t id,
			 struct kesu_err *err);
/* Parses a positive integer id; KE_NOT_FOUND for anything else (the path
 * names nothing). */
int api_id(const char *s, int64_t *id, struct kesu_err *err);
/* The version an ETag of kesu's names ("v3", W/"v3" or v3): 0, or -1
 * if s is not one. */
int api_etag_version(const char *s, int64_t *version);
/* Query parameter name, one of values (*out points into the table), or absent (*out NULL); anything else is a 400 naming it. */
int api_enum_param(struct http_request *req, const char *name, const struct enum_value *values,
		   const char **out, struct kesu_err *err);
/* Query parameter name of at most max characters, or absent (*out NULL). */
int api_text_param(struct http_request *req, const char *name, size_t max, const char **out,
		   struct kesu_err *err);
/* The limit query parameter: default def, 1..max. */
int api_limit(struct http_request *req, int def, int max, int *out,
	      struct kesu_err *err);
/* Opaque paging cursors: a list of numbers, base64url-encoded with a tag. */
const char *api_cursor_encode(struct arena *a, char tag, int64_t x, int64_t y);
int api_cursor_decode(const char *s, char tag, int64_t *x, int64_t *y,
		      struct kesu_err *err);

#endif
