/*
 * routes.c - every HTTP route of kesu, in one table, with who may call it.
 * docs/openapi.yaml describes the same set; tests/integration/test_openapi.py
 * fails when the two disagree (it reads this table through `kesu routes`),
 * and tests/integration/test_authz_matrix.py calls every route as every
 * kind of caller.
 */
#include "api.h"

#include "../auth/roles.h"
#include "settings.h"

static const char *const list_q[] = {"status", "channel", "category", "severity",
				     "customer", "team", "since", "until", "q", "queue",
				     "sort", "limit", "cursor", "view", NULL};
static const char *const page_q[] = {"limit", "cursor", NULL};
static const char *const inbox_q[] = {"unread", "limit", "cursor", NULL};
static const char *const customer_q[] = {"phone", "email", "limit", "cursor", NULL};
static const char *const token_q[] = {"user", NULL};
static const char *const security_q[] = {"kind", "limit", "cursor", NULL};
static const char *const period_q[] = {"since", "until", NULL};
static const char *const delivery_q[] = {"state", "limit", "cursor", NULL};
static const char *const mail_q[] = {"disposition", "limit", "cursor", NULL};
static const char *const stats_q[] = {"from", "to", "team", "channel", "category", "severity",
				      NULL};
static const char *const chart_q[] = {"from",	"to",	    "team", "channel",
				      "category", "severity", "lang", NULL};
static const char *const page_lang_q[] = {"lang", NULL};
static const char *const period_odr_q[] = {"from", "to", NULL};
static const char *const report_q[] = {"from",	   "to",     "team", "channel", "category",
				       "severity", "format", "lang", NULL};
static const char *const script_q[] = {"category", "step", "language", "playbook", NULL};
static const char *const review_q[] = {"group", "platform", "playbook", "due", "limit",
				       "cursor", NULL};
static const char *const lang_q[] = {"lang", NULL};
static const char *const incident_q[] = {"state", "limit", "cursor", NULL};
static const char *const action_q[] = {"state",    "cause",   "department", "complaint",
				       "incident", "overdue", "limit",	    "cursor", NULL};
static const char *const checklist_run_q[] = {"state", "checklist", "limit", "cursor", NULL};
static const char *const reason_q[] = {"reason", NULL};
static const char *const month_q[] = {"month", NULL};
static const char *const notice_q[] = {"unread", "all", NULL};
static const char *const lesson_q[] = {"pending", "team", "source", "state", "complaint",
				       "incident", NULL};
static const char *const visit_q[] = {"state", "due", "limit", "cursor", NULL};
static const char *const article_q[] = {"q",	  "category", "language", "status",
					"limit", "cursor",   NULL};

#define PUBLIC R_PUBLIC, 0
#define PORTAL R_PORTAL, 0
#define STAFF(p) 0, p
#define SETUP R_SETUP, P_SELF
#define SETUP_CHANGE R_SETUP, P_ACCOUNT
#define UPLOAD(p) R_UPLOAD, p
#define SETTING_ROUTES(key, path, rperm, wperm, get, put) \
	{"GET", path, settings_get, STAFF(rperm), 0, NULL, get},  \
	{"PUT", path, settings_put, STAFF(wperm), 1, NULL, put},

const struct route api_routes[] = {
	/* the pages browsers load; all they show comes from the API */
	{"GET", "/", web_workspace, PUBLIC, 0, page_lang_q, "the agents' workspace"},
	{"GET", "/portal", web_portal, PUBLIC, 0, page_lang_q,
	 "the customers' portal: register a complaint"},
	{"GET", "/status/{tracking_no}", web_portal, PUBLIC, 0, page_lang_q,
	 "the customers' portal: a complaint's status page (token after #)"},
	{"GET", "/department/actions/{id}", web_department, PUBLIC, 0, page_lang_q,
	 "a department's page for its improvement action: accept it, report it done (token"
	 " after #)"},
	{"GET", "/thanks/opt-out/{id}", web_portal, PUBLIC, 0, page_lang_q,
	 "the customers' portal: no more thank-you letters (token after #)"},
	{"GET", "/assets/{file}", web_asset, PUBLIC, 0, NULL, "the pages' scripts and styles"},
	{"GET", "/api/docs", web_api_docs, PUBLIC, 0, NULL,
	 "the API reference: docs/openapi.yaml drawn by Swagger UI"},
	{"GET", "/api/docs/{file}", web_api_file, PUBLIC, 0, NULL,
	 "the API reference's files: openapi.yaml, Swagger UI's script and styles"},
	{"GET", "/healthz", health_get, PUBLIC, 0, NULL,
	 "whether the server can read its database"},
	{"GET", "/metrics", metrics_get, STAFF(P_METRICS_READ), 0, NULL,
	 "the server's metrics in Prometheus' text format, for monitoring"},

	/* signing in and out */
	{"POST", "/api/v1/session", session_login, PUBLIC, 1, NULL,
	 "sign in with user name, password and one-time code; sets the session cookie"},
	{"GET", "/api/v1/session", session_get, SETUP, 0, NULL,
	 "who is signed in, with permissions and the CSRF token"},
	{"DELETE", "/api/v1/session", session_logout, SETUP, 0, NULL,
	 "sign out: the session ends at once"},

	/* complaints */
	{"POST", "/api/v1/complaints", complaints_create, STAFF(P_COMPLAINT_CREATE), 1, NULL,
	 "register a complaint"},
	{"POST", "/api/v1/analyze", analyze_post, STAFF(P_COMPLAINT_READ), 1, NULL,
	 "read a text as kesu reads complaints: emotion, polarity, mindset, threats with their"
	 " evidence, category and cause suggestions"},
	{"GET", "/api/v1/complaints", complaints_list, STAFF(P_COMPLAINT_READ), 0, list_q,
	 "list and search complaints, newest first"},
	{"GET", "/api/v1/queues", complaints_queues, STAFF(P_COMPLAINT_READ), 0, NULL,
	 "how many complaints wait in each of the caller's queues"},
	{"GET", "/api/v1/views", views_list, STAFF(P_COMPLAINT_READ), 0, NULL,
	 "the caller's saved views and their teams', each with how many complaints it holds"},
	{"POST", "/api/v1/views", views_create, STAFF(P_COMPLAINT_READ), 1, NULL,
	 "save a queue's filters under a name, for oneself or (supervisors) a team"},
	{"PATCH", "/api/v1/views/{id}", views_patch, STAFF(P_COMPLAINT_READ), 1, NULL,
	 "rename a saved view or change its filters"},
	{"DELETE", "/api/v1/views/{id}", views_delete, STAFF(P_COMPLAINT_READ), 0, NULL,
	 "delete a saved view"},
	{"POST", "/api/v1/complaints/bulk", complaints_bulk, STAFF(P_COMPLAINT_EDIT), 1, NULL,
	 "one act (assign, take, acknowledge, transition) on up to 100 complaints, with one summary"},
	{"GET", "/api/v1/complaints/{ref}", complaints_get, STAFF(P_COMPLAINT_READ), 0, NULL,
	 "a complaint by id or tracking number"},
	{"PATCH", "/api/v1/complaints/{ref}", complaints_patch, STAFF(P_COMPLAINT_EDIT), 1, NULL,
	 "edit registration fields (If-Match required)"},
	{"POST", "/api/v1/complaints/{ref}/replies", complaints_reply, STAFF(P_COMPLAINT_EDIT), 1,
	 NULL, "reply to the customer: on the status page, and by SMS or e-mail"},
	{"POST", "/api/v1/complaints/{ref}/notes", complaints_note, STAFF(P_COMPLAINT_EDIT), 1,
	 NULL, "add an internal note to the timeline"},
	{"GET", "/api/v1/complaints/{ref}/events", complaints_events, STAFF(P_COMPLAINT_READ), 0,
	 page_q, "the complaint's timeline, oldest first"},
	{"POST", "/api/v1/complaints/{ref}/assignment", complaints_assign,
	 STAFF(P_COMPLAINT_ASSIGN), 1, NULL, "move a complaint to a team and an agent"},
	{"POST", "/api/v1/complaints/{ref}/take", complaints_take, STAFF(P_COMPLAINT_EDIT), 0,
	 NULL, "take an unassigned complaint of one's team (接手): the caller becomes its agent"},
	{"POST", "/api/v1/complaints/{ref}/reveal", complaints_reveal, STAFF(P_PII_REVEAL), 0,
	 NULL, "the complainant's contact details unmasked (recorded in the security log)"},

	{"POST", "/api/v1/complaints/{ref}/transitions", complaints_transition,
	 STAFF(P_COMPLAINT_EDIT), 1, NULL,
	 "move a complaint to another state (the allowed ones: GET /api/v1/workflow)"},
	{"POST", "/api/v1/complaints/{ref}/escalations", complaints_escalate,
	 STAFF(P_COMPLAINT_EDIT), 1, NULL,
	 "raise a complaint up the escalation ladder, or flag it as a spreading threat"},
	{"POST", "/api/v1/complaints/{ref}/second-of", complaints_second_of,
	 STAFF(P_COMPLAINT_EDIT), 1, NULL,
	 "name the earlier complaint a complaint is a second complaint of (二次投诉), or undo the"
	 " link with a reason"},
	/* judging a duplicate is an edit (PATCH validity): so is merging one */
	{"POST", "/api/v1/complaints/{ref}/analysis/accept", analysis_accept,
	 STAFF(P_COMPLAINT_EDIT), 0, NULL,
	 "take over what kesu read in the complaint's words (its emotion and mindset by default,"
	 " or the fields named): an edit, recorded with who accepted"},
	{"POST", "/api/v1/complaints/{ref}/merge", complaints_merge, STAFF(P_COMPLAINT_EDIT), 1,
	 NULL, "merge a duplicate into the complaint it repeats: judged and closed as a duplicate,"
	       " timelines joined, its customer told once"},
	{"GET", "/api/v1/complaints/{ref}/outbox", complaints_outbox, STAFF(P_COMPLAINT_READ), 0,
	 NULL, "the notices the complaint has written for the customer and for staff, with"
	       " their deliveries"},

	/* improvement actions (改进措施): supervisors and managers make and move
	 * them (complaint.assign); everyone who reads complaints reads them;
	 * the department answers through its link, which needs no account */
	{"POST", "/api/v1/actions", actions_create, STAFF(P_COMPLAINT_ASSIGN), 1, NULL,
	 "make an improvement action: the cause it addresses and its scope, the department,"
	 " what will change and when, and the complaints or incident that led to it"},
	{"GET", "/api/v1/actions", actions_list, STAFF(P_COMPLAINT_READ), 0, action_q,
	 "the improvement actions, newest first, with how many are overdue and awaiting"
	 " verification"},
	{"GET", "/api/v1/actions/{id}", actions_get, STAFF(P_COMPLAINT_READ), 0, NULL,
	 "an improvement action with its history, complaints, weekly recurrence and verdict"},
	{"PATCH", "/api/v1/actions/{id}", actions_patch, STAFF(P_COMPLAINT_ASSIGN), 1, NULL,
	 "change an open improvement action: cause, scope, department, owner, what, due"},
	{"POST", "/api/v1/actions/{id}/accept", actions_accept, STAFF(P_COMPLAINT_ASSIGN), 1, NULL,
	 "record that the department accepted the action"},
	{"POST", "/api/v1/actions/{id}/done", actions_done, STAFF(P_COMPLAINT_ASSIGN), 1, NULL,
	 "record that the department made the change, with its evidence: the verdict falls due"
	 " once the policy's window has passed"},
	{"POST", "/api/v1/actions/{id}/drop", actions_drop, STAFF(P_COMPLAINT_ASSIGN), 1, NULL,
	 "drop an action, with a reason"},
	{"POST", "/api/v1/actions/{id}/tell", actions_tell, STAFF(P_COMPLAINT_ASSIGN), 1, NULL,
	 "tell the customers of the action's complaints what changed (once; the action must"
	 " allow it)"},
	{"POST", "/api/v1/actions/{id}/complaints", actions_link, STAFF(P_COMPLAINT_ASSIGN), 1,
	 NULL, "link more complaints to an action"},
	/* winning the customer back: the month's thank-you letters; the
	 * customer's link to receive no more needs no account */
	{"GET", "/api/v1/thanks", thanks_proposal, STAFF(P_COMPLAINT_ASSIGN), 0, month_q,
	 "the month's thank-you proposal: per customer, the complaint closed satisfied in the"
	 " month, with opt-outs and those thanked already"},
	{"POST", "/api/v1/thanks", thanks_send, STAFF(P_COMPLAINT_ASSIGN), 1, NULL,
	 "send the month's thank-you letter to customers chosen from the proposal (once a month"
	 " each, never to one who opted out)"},
	{"POST", "/api/v1/thanks/opt-out/{id}", thanks_opt_out, PUBLIC, 0, NULL,
	 "the customer asks for no more thank-you letters (X-Link-Token, from the letter)"},
	{"GET", "/api/v1/department/actions/{id}", department_action_get, PUBLIC, 0, NULL,
	 "the department's view of its action (X-Action-Token, from the link it was mailed)"},
	{"POST", "/api/v1/department/actions/{id}/accept", department_action_accept, PUBLIC, 1,
	 NULL, "the department accepts its action (X-Action-Token)"},
	{"POST", "/api/v1/department/actions/{id}/done", department_action_done, PUBLIC, 1, NULL,
	 "the department reports its action done, with its evidence (X-Action-Token)"},

	/* prevention checklists (自我筛查): supervisors and managers keep them
	 * (complaint.assign); the owner role starts, answers and finishes runs
	 * (complaint.edit, and the role checked by the handler); everyone who
	 * reads complaints reads them */
	{"GET", "/api/v1/checklists", checklists_list, STAFF(P_COMPLAINT_READ), 0, NULL,
	 "the prevention checklists, each with its items"},
	{"POST", "/api/v1/checklists", checklists_create, STAFF(P_COMPLAINT_ASSIGN), 1, NULL,
	 "make a prevention checklist: name, items, owner role, frequency, team"},
	{"GET", "/api/v1/checklists/{id}", checklists_get, STAFF(P_COMPLAINT_READ), 0, NULL,
	 "a prevention checklist with its items"},
	{"PATCH", "/api/v1/checklists/{id}", checklists_patch, STAFF(P_COMPLAINT_ASSIGN), 1, NULL,
	 "change a prevention checklist (its runs keep the items they began with)"},
	{"POST", "/api/v1/checklists/{id}/runs", checklists_start, STAFF(P_COMPLAINT_EDIT), 1, NULL,
	 "start a run of a checklist on demand (before a campaign): the owner role or those who"
	 " keep the checklists"},
	{"GET", "/api/v1/checklist-runs", checklist_runs_list, STAFF(P_COMPLAINT_READ), 0,
	 checklist_run_q, "the runs of the checklists: due, overdue or done"},
	{"GET", "/api/v1/checklist-runs/{id}", checklist_runs_get, STAFF(P_COMPLAINT_READ), 0, NULL,
	 "a run with each item's answer; the history item carries the causes Pareto and the open"
	 " improvement actions"},
	{"POST", "/api/v1/checklist-runs/{id}/answers", checklist_runs_answer,
	 STAFF(P_COMPLAINT_EDIT), 1, NULL,
	 "answer items of a run: pass, fail (with a note) or not applicable"},
	{"POST", "/api/v1/checklist-runs/{id}/finish", checklist_runs_finish, STAFF(P_COMPLAINT_EDIT),
	 0, NULL, "finish a run whose every item is answered"},
	{"POST", "/api/v1/checklist-runs/{id}/items/{n}/action", checklist_runs_action,
	 STAFF(P_COMPLAINT_ASSIGN), 1, NULL,
	 "make a failed item an improvement action (origin checklist)"},

	/* many complaints, one cause (domain.md 9): supervisors and managers run
	 * incidents (complaint.assign); everyone who reads complaints reads them */
	{"POST", "/api/v1/incidents", incidents_create, STAFF(P_COMPLAINT_ASSIGN), 1, NULL,
	 "open an incident (title, cause, what is affected), with its first complaints"},
	{"GET", "/api/v1/incidents", incidents_list, STAFF(P_COMPLAINT_READ), 0, incident_q,
	 "the incidents, newest first (the proposals and the dismissed ones only by state)"},
	{"GET", "/api/v1/incidents/proposals", incidents_proposals, STAFF(P_COMPLAINT_READ), 0,
	 NULL, "the incidents kesu proposes, each with its complaints, for a supervisor to"
	       " confirm or dismiss"},
	{"GET", "/api/v1/incidents/{id}", incidents_get, STAFF(P_COMPLAINT_READ), 0, NULL,
	 "an incident with its figures, handling notice, messages, remedies and history"},
	{"PATCH", "/api/v1/incidents/{id}", incidents_patch, STAFF(P_COMPLAINT_ASSIGN), 1, NULL,
	 "change an incident: title, cause, plan, what is affected, owner, state"},
	{"POST", "/api/v1/incidents/{id}/confirm", incidents_confirm, STAFF(P_COMPLAINT_ASSIGN), 0,
	 NULL, "confirm a proposed incident: its complaints show it, new ones join"},
	{"POST", "/api/v1/incidents/{id}/dismiss", incidents_dismiss, STAFF(P_COMPLAINT_ASSIGN), 1,
	 NULL, "dismiss a proposed incident, with a reason: its complaints propose nothing again"},
	{"GET", "/api/v1/incidents/{id}/complaints", incidents_complaints, STAFF(P_COMPLAINT_READ),
	 0, page_q, "the complaints of an incident, in the order they were registered"},
	{"POST", "/api/v1/incidents/{id}/complaints", incidents_link, STAFF(P_COMPLAINT_ASSIGN), 1,
	 NULL, "link complaints to an incident, by their ids or tracking numbers or by a search"},
	{"DELETE", "/api/v1/incidents/{id}/complaints/{ref}", incidents_unlink,
	 STAFF(P_COMPLAINT_ASSIGN), 0, reason_q, "take a complaint out of an incident"},
	{"POST", "/api/v1/incidents/{id}/move", incidents_move, STAFF(P_COMPLAINT_ASSIGN), 1, NULL,
	 "move every complaint of an incident: acknowledge, start, propose the incident's plan,"
	 " resolve with its cause"},
	{"POST", "/api/v1/incidents/{id}/messages", incidents_message, STAFF(P_COMPLAINT_ASSIGN), 1,
	 NULL, "tell every customer of an incident (one notice per complaint, once per"
	       " Idempotency-Key)"},
	{"GET", "/api/v1/incidents/{id}/messages", incidents_messages, STAFF(P_COMPLAINT_READ), 0,
	 NULL, "the messages sent to an incident's customers, with those to call"},
	{"POST", "/api/v1/incidents/{id}/remedies", incidents_remedy, STAFF(P_COMPLAINT_ASSIGN), 1,
	 NULL, "set the remedy standard: granted to every complaint at once within the caller's"
	       " limit, else waiting for one decision"},
	{"POST", "/api/v1/incidents/{id}/remedies/{rid}/decision", incidents_remedy_decide,
	 STAFF(P_COMPENSATION_APPROVE), 1, NULL,
	 "approve (granting it to every complaint) or reject a remedy standard"},
	{"PUT", "/api/v1/incidents/{id}/notice", incidents_notice_put, STAFF(P_COMPLAINT_ASSIGN), 1,
	 NULL, "write the incident's handling notice (publish: true sends it)"},
	{"POST", "/api/v1/handling-notices", notices_create, STAFF(P_COMPLAINT_ASSIGN), 1, NULL,
	 "write a handling notice for a standing issue (or an incident)"},
	{"GET", "/api/v1/handling-notices", notices_list, STAFF(P_COMPLAINT_READ), 0, notice_q,
	 "the handling notices for the caller's teams, with whether the caller confirmed each"},
	{"GET", "/api/v1/handling-notices/{id}", notices_get, STAFF(P_COMPLAINT_READ), 0, NULL,
	 "a handling notice; for supervisors, who of its teams confirmed reading it"},
	{"PATCH", "/api/v1/handling-notices/{id}", notices_patch, STAFF(P_COMPLAINT_ASSIGN), 1, NULL,
	 "change a handling notice (a published one is sent again as a new version)"},
	{"POST", "/api/v1/handling-notices/{id}/publish", notices_publish,
	 STAFF(P_COMPLAINT_ASSIGN), 0, NULL,
	 "publish a handling notice: its answers become scripts, its teams and departments are"
	 " told"},
	{"POST", "/api/v1/handling-notices/{id}/read", notices_read, STAFF(P_COMPLAINT_EDIT), 0,
	 NULL, "confirm having read the published version of a handling notice"},

	/* lessons (培训): supervisors and managers write and publish them to teams;
	 * every agent of those teams reads and confirms each once */
	{"POST", "/api/v1/lessons", lessons_create, STAFF(P_KNOWLEDGE_EDIT), 1, NULL,
	 "write a lesson: by hand, from a closed complaint or from an incident's handling notice"},
	{"GET", "/api/v1/lessons", lessons_list, STAFF(P_COMPLAINT_READ), 0, lesson_q,
	 "the lessons, newest first: all for their writers, the published ones of the caller's"
	 " teams for others, each with whether the caller confirmed it"},
	{"GET", "/api/v1/lessons/{id}", lessons_get, STAFF(P_COMPLAINT_READ), 0, NULL,
	 "a lesson; for its writers, who confirmed it and when, and who has not yet"},
	{"PATCH", "/api/v1/lessons/{id}", lessons_patch, STAFF(P_KNOWLEDGE_EDIT), 1, NULL,
	 "change a draft lesson: its title, text and teams"},
	{"POST", "/api/v1/lessons/{id}/publish", lessons_publish, STAFF(P_KNOWLEDGE_EDIT), 0, NULL,
	 "publish a draft lesson to its teams, whose staff are told in their inbox"},
	{"POST", "/api/v1/lessons/{id}/confirm", lessons_confirm, STAFF(P_COMPLAINT_EDIT), 0, NULL,
	 "confirm having read a published lesson of one's teams (once: again keeps the first time)"},
	{"GET", "/api/v1/users/{id}/lessons", users_lessons, STAFF(P_COMPLAINT_READ), 0, NULL,
	 "a person's training record: the lessons they confirmed with when, and those still to"
	 " confirm (one's own, or anyone's for those who write lessons)"},

	/* neutral and negative reviews on the shop's platforms (中差评) */
	{"POST", "/api/v1/reviews", reviews_create, STAFF(P_COMPLAINT_CREATE), 1, NULL,
	 "take in a review, or a batch of up to 1000 ({\"items\": [...]}); the same review twice is one"},
	{"GET", "/api/v1/reviews", reviews_list, STAFF(P_COMPLAINT_READ), 0, review_q,
	 "the reviews of a buyer group, newest first, or those whose first contact is due"},
	{"POST", "/api/v1/reviews/connector", reviews_connector, STAFF(P_COMPLAINT_CREATE), 1, NULL,
	 "a platform connector's event: a review posted, changed or withdrawn"},
	{"GET", "/api/v1/reviews/{id}", reviews_get, STAFF(P_COMPLAINT_READ), 0, NULL,
	 "a review with its playbook, contacts and history"},
	{"PATCH", "/api/v1/reviews/{id}", reviews_patch, STAFF(P_COMPLAINT_EDIT), 1, NULL,
	 "change a review's seriousness or age (with a reason), cause, complaint, agent or team"},
	{"POST", "/api/v1/reviews/{id}/contacts", reviews_contact, STAFF(P_COMPLAINT_EDIT), 1, NULL,
	 "record a contact with the buyer: when, how, reached, what was agreed"},
	{"POST", "/api/v1/reviews/{id}/group", reviews_group, STAFF(P_COMPLAINT_EDIT), 1, NULL,
	 "move a review: changed or withdrawn, kept, or back to its rating's group"},
	{"GET", "/api/v1/reviews/{id}/reply-draft", reviews_reply_draft, STAFF(P_COMPLAINT_READ), 0,
	 lang_q, "a draft of the public reply to a kept review, with the tone check"},
	{"POST", "/api/v1/reviews/{id}/reply", reviews_reply, STAFF(P_COMPLAINT_EDIT), 1, NULL,
	 "save the public reply to a kept review, or mark it posted"},
	{"POST", "/api/v1/order-counts", order_counts_post, STAFF(P_COMPLAINT_CREATE), 1, NULL,
	 "the shop's orders per day and platform, for the share of neutral and negative reviews"},
	{"POST", "/api/v1/orders", orders_post, STAFF(P_ORDERS_IMPORT), 1, NULL,
	 "the business's orders, a batch of up to 5000, for the repurchase figures"},
	{"GET", "/api/v1/orders/summary", orders_summary, STAFF(P_COMPLAINT_READ), 0, NULL,
	 "how many orders are imported, and the first and last order's time"},

	/* compensation within authority */
	{"POST", "/api/v1/complaints/{ref}/compensations", compensations_propose,
	 STAFF(P_COMPLAINT_EDIT), 1, NULL,
	 "propose compensation: granted within one's limit, else it waits for approval"},
	{"GET", "/api/v1/complaints/{ref}/compensations", compensations_list,
	 STAFF(P_COMPLAINT_READ), 0, NULL, "the complaint's compensation ledger"},
	{"POST", "/api/v1/compensations/{id}/decision", compensations_decide,
	 STAFF(P_COMPENSATION_APPROVE), 1, NULL,
	 "approve or reject a proposal above its proposer's limit"},
	{"GET", "/api/v1/compensations/totals", compensations_totals, STAFF(P_ALL_TEAMS), 0,
	 period_q, "compensation granted in a period, by type"},

	/* the handling details: plans, the three changes, identity, apologies */
	{"POST", "/api/v1/complaints/{ref}/plans", plans_create, STAFF(P_COMPLAINT_EDIT), 1, NULL,
	 "propose a resolution plan to the customer (replaces one still unanswered)"},
	{"GET", "/api/v1/complaints/{ref}/plans", plans_list, STAFF(P_COMPLAINT_READ), 0, NULL,
	 "the complaint's plans and the customer's answers, newest first"},
	{"POST", "/api/v1/plans/{id}/answer", plans_answer, STAFF(P_COMPLAINT_EDIT), 1, NULL,
	 "record the customer's answer: accepted, declined or a counter offer"},
	{"POST", "/api/v1/complaints/{ref}/demand-restatements", demand_restate,
	 STAFF(P_COMPLAINT_EDIT), 1, NULL,
	 "restate the customer's demand and the target outcome; the customer is asked to confirm"},
	{"GET", "/api/v1/complaints/{ref}/demand-restatements", demand_list,
	 STAFF(P_COMPLAINT_READ), 0, NULL,
	 "the restatements of the customer's demand and their answers, newest first"},
	{"POST", "/api/v1/demand-restatements/{id}/answer", demand_answer, STAFF(P_COMPLAINT_EDIT),
	 1, NULL, "record the customer's answer to a restatement heard on a call: confirmed or corrected"},
	{"POST", "/api/v1/complaints/{ref}/handover", complaints_handover,
	 STAFF(P_COMPLAINT_HANDOVER), 1, NULL,
	 "hand the complaint over to a colleague, a supervisor or a team, with a note"},
	{"POST", "/api/v1/complaints/{ref}/channel-move", complaints_channel_move,
	 STAFF(P_COMPLAINT_EDIT), 1, NULL, "move the conversation to another channel"},
	{"POST", "/api/v1/complaints/{ref}/appointments", appointments_create,
	 STAFF(P_COMPLAINT_EDIT), 1, NULL,
	 "schedule a callback or appointment at an exact date and time"},
	{"GET", "/api/v1/complaints/{ref}/appointments", appointments_list,
	 STAFF(P_COMPLAINT_READ), 0, NULL, "the complaint's appointments"},
	{"POST", "/api/v1/appointments/{id}/outcome", appointments_outcome,
	 STAFF(P_COMPLAINT_EDIT), 1, NULL, "record what came of an appointment"},
	{"POST", "/api/v1/complaints/{ref}/identity", complaints_identity,
	 STAFF(P_COMPLAINT_EDIT), 1, NULL,
	 "record that the complainant's identity was confirmed, and how"},
	{"POST", "/api/v1/complaints/{ref}/apologies", complaints_apology,
	 STAFF(P_COMPLAINT_EDIT), 1, NULL, "record an apology given (psychological compensation)"},
	{"GET", "/api/v1/departments", departments_list, STAFF(P_SELF), 0, NULL,
	 "the department contact list (联络表)"},
	{"POST", "/api/v1/departments", departments_create, STAFF(P_USER_ADMIN), 1, NULL,
	 "add a department"},
	{"PATCH", "/api/v1/departments/{id}", departments_patch, STAFF(P_USER_ADMIN), 1, NULL,
	 "change a department's contact or calendar"},
	{"POST", "/api/v1/complaints/{ref}/tasks", tasks_create, STAFF(P_COMPLAINT_EDIT), 1, NULL,
	 "hand a department a task, due in working days"},
	{"GET", "/api/v1/complaints/{ref}/tasks", tasks_list, STAFF(P_COMPLAINT_READ), 0, NULL,
	 "the complaint's department tasks, with what is overdue"},
	{"POST", "/api/v1/tasks/{id}/answer", tasks_answer, STAFF(P_COMPLAINT_EDIT), 1, NULL,
	 "record a department's answer"},
	{"POST", "/api/v1/complaints/{ref}/callbacks", callbacks_create, STAFF(P_COMPLAINT_EDIT), 1,
	 NULL, "record a follow-up callback; satisfied closes, not satisfied reopens"},
	{"GET", "/api/v1/complaints/{ref}/callbacks", callbacks_list, STAFF(P_COMPLAINT_READ), 0,
	 NULL, "the complaint's follow-up callbacks"},
	{"GET", "/api/v1/visits", visits_list, STAFF(P_COMPLAINT_READ), 0, visit_q,
	 "the key customers' visits of one's teams by due date, with how many are due"},
	{"POST", "/api/v1/visits/{id}/outcome", visits_outcome, STAFF(P_COMPLAINT_EDIT), 1, NULL,
	 "record what came of a key customer's visit or call"},

	/* the settings an administrator edits, one registry (settings.h) */
	API_SETTINGS(SETTING_ROUTES)

	/* the workflow's rules */
	{"GET", "/api/v1/workflow", workflow_get, STAFF(P_SELF), 0, NULL,
	 "states, allowed transitions, escalation levels and clocks"},
	{"GET", "/api/v1/fields", fields_get, PUBLIC, 0, NULL,
	 "every enumeration with its labels in zh-CN, zh-TW and en, the states' properties, the roles"},
	{"POST", "/api/v1/calendar/days", calendar_days_post, STAFF(P_USER_ADMIN), 1, NULL,
	 "import a list of holidays and make-up working days into the calendar"},
	{"GET", "/api/v1/customers", customers_list, STAFF(P_CUSTOMER_READ), 0, customer_q,
	 "list customers, newest first"},
	{"POST", "/api/v1/customers", customers_create, STAFF(P_CUSTOMER_WRITE), 1, NULL,
	 "add a customer"},
	{"GET", "/api/v1/customers/{id}", customers_get, STAFF(P_CUSTOMER_READ), 0, NULL,
	 "a customer with their complaints"},
	{"PATCH", "/api/v1/customers/{id}", customers_patch, STAFF(P_CUSTOMER_WRITE), 1, NULL,
	 "set a customer's type, and a difficult customer's concession cap"},
	{"GET", "/api/v1/customers/{id}/visits", customers_visits, STAFF(P_CUSTOMER_READ), 0,
	 NULL, "a key customer's visits by a supervisor, by due date"},
	{"POST", "/api/v1/customers/{id}/reveal", customers_reveal, STAFF(P_PII_REVEAL), 0, NULL,
	 "a customer's contact details unmasked (recorded in the security log)"},

	/* the customers' portal */
	{"POST", "/api/v1/portal/complaints", portal_register, PUBLIC, 1, NULL,
	 "a customer registers a complaint (no account; limited per address)"},
	{"GET", "/api/v1/portal/complaints/{tracking_no}", portal_get, PORTAL, 0, NULL,
	 "the customer's view of their complaint (X-Portal-Token)"},
	{"POST", "/api/v1/portal/complaints/{tracking_no}/messages", portal_message, PORTAL, 1,
	 NULL, "the customer adds information to their complaint (X-Portal-Token)"},
	{"POST", "/api/v1/portal/complaints/{tracking_no}/email-confirmation",
	 portal_confirm_email, PORTAL, 1, NULL,
	 "the customer confirms the e-mail address with the code mailed to it"},

	/* staff, teams, roles */
	{"GET", "/api/v1/users", users_list, STAFF(P_USER_ADMIN), 0, NULL, "list staff accounts"},
	{"POST", "/api/v1/users", users_create, STAFF(P_USER_ADMIN), 1, NULL,
	 "add a staff account"},
	{"GET", "/api/v1/users/{id}", users_get, SETUP, 0, NULL,
	 "a staff account (one's own, or any for admins; id may be me)"},
	{"PATCH", "/api/v1/users/{id}", users_patch, STAFF(P_USER_ADMIN), 1, NULL,
	 "change role, teams, authority limits, or disable an account"},
	{"POST", "/api/v1/users/{id}/password", users_password, SETUP_CHANGE, 1, NULL,
	 "change one's password, or reset another's (admins); ends their sessions"},
	{"POST", "/api/v1/users/{id}/unlock", users_unlock, STAFF(P_USER_ADMIN), 0, NULL,
	 "unlock an account locked by failed sign-ins"},
	{"POST", "/api/v1/users/{id}/totp", users_totp_begin, SETUP_CHANGE, 0, NULL,
	 "start setting up a second factor: a new secret for the authenticator app"},
	{"POST", "/api/v1/users/{id}/totp/confirm", users_totp_confirm, SETUP_CHANGE, 1, NULL,
	 "finish setting up the second factor with a code from the app"},
	{"DELETE", "/api/v1/users/{id}/totp", users_totp_remove, SETUP_CHANGE, 0, NULL,
	 "remove the second factor (one's own if the role allows, or any for admins)"},
	{"PUT", "/api/v1/users/{id}/duty", users_duty, STAFF(P_COMPLAINT_EDIT), 1, NULL,
	 "switch one's duty on or off (or a team member's, for supervisors): rules choose only agents on duty"},
	{"PUT", "/api/v1/users/{id}/skills", users_skills, STAFF(P_COMPLAINT_ASSIGN), 1, NULL,
	 "the complaint categories a member of one's teams handles (skills)"},
	{"GET", "/api/v1/teams", teams_list, STAFF(P_SELF), 0, NULL, "list teams"},
	{"GET", "/api/v1/teams/{id}/members", teams_members, STAFF(P_COMPLAINT_READ), 0, NULL,
	 "a team's active members (one's own teams; any with teams.all)"},
	{"GET", "/api/v1/teams/{id}/agents", teams_agents, STAFF(P_COMPLAINT_ASSIGN), 0, period_odr_q,
	 "the supervisors' view of a team: each agent's open and assigned complaints, response"
	 " and resolution times, breaches and satisfaction of a period, and who is on duty"},
	{"POST", "/api/v1/teams", teams_create, STAFF(P_USER_ADMIN), 1, NULL, "add a team"},
	{"PATCH", "/api/v1/teams/{id}", teams_patch, STAFF(P_USER_ADMIN), 1, NULL,
	 "rename a team"},
	{"PUT", "/api/v1/teams/{id}/assignment", teams_assignment, STAFF(P_COMPLAINT_ASSIGN), 1,
	 NULL, "a team's assignment rule for new complaints: manual, round_robin or fewest_open"},
	{"GET", "/api/v1/roles", roles_list, STAFF(P_SELF), 0, NULL,
	 "roles with their permissions, authority limits and second-factor rule"},
	{"PATCH", "/api/v1/roles/{role}", roles_patch, STAFF(P_USER_ADMIN), 1, NULL,
	 "require a second factor for a role, or change its authority limits"},

	/* the live stream */
	{"GET", "/api/v1/stream", stream_get, STAFF(P_SELF), 0, NULL,
	 "Server-Sent Events: which complaints the caller may read changed"},
	/* presence: who else has a complaint open (in memory, not stored) */
	{"POST", "/api/v1/complaints/{ref}/presence", presence_post, STAFF(P_COMPLAINT_READ), 1,
	 NULL, "the caller's page has the complaint open, editing or viewing (a heartbeat)"},
	{"GET", "/api/v1/complaints/{ref}/presence", presence_get, STAFF(P_COMPLAINT_READ), 0,
	 NULL, "who else has the complaint open now, and who is editing it"},
	{"DELETE", "/api/v1/complaints/{ref}/presence", presence_delete,
	 STAFF(P_COMPLAINT_READ), 0, NULL, "the caller's page has left the complaint"},
	/* the caller's inbox */
	{"GET", "/api/v1/inbox", inbox_list, STAFF(P_SELF), 0, inbox_q,
	 "the caller's notices (assigned, approvals, customers' answers, clocks), newest first,"
	 " with the unread count"},
	{"POST", "/api/v1/inbox/read", inbox_read_all, STAFF(P_ACCOUNT), 0, NULL,
	 "mark every notice of the caller's inbox read"},
	{"POST", "/api/v1/inbox/{id}/read", inbox_read, STAFF(P_ACCOUNT), 0, NULL,
	 "mark one notice of the caller's inbox read"},

	/* API tokens */
	{"GET", "/api/v1/tokens", tokens_list, STAFF(P_SELF), 0, token_q,
	 "one's API tokens (admins: anyone's)"},
	{"POST", "/api/v1/tokens", tokens_create, STAFF(P_ACCOUNT), 1, NULL,
	 "make an API token; shown once"},
	{"DELETE", "/api/v1/tokens/{id}", tokens_revoke, STAFF(P_ACCOUNT), 0, NULL,
	 "revoke an API token at once"},

	/* channels: how kesu reaches people, and what it says */
	{"GET", "/api/v1/channels/secrets", secrets_list, STAFF(P_USER_ADMIN), 0, NULL,
	 "the names of the channels' secrets (never their values)"},
	{"PUT", "/api/v1/channels/secrets/{name}", secrets_put, STAFF(P_USER_ADMIN), 1, NULL,
	 "set a secret (the relay's password, a gateway's key), stored sealed"},
	{"DELETE", "/api/v1/channels/secrets/{name}", secrets_delete, STAFF(P_USER_ADMIN), 0, NULL,
	 "remove a secret"},
	{"GET", "/api/v1/webhooks", webhooks_list, STAFF(P_USER_ADMIN), 0, NULL,
	 "the webhooks notices are posted to"},
	{"POST", "/api/v1/webhooks", webhooks_create, STAFF(P_USER_ADMIN), 1, NULL,
	 "add a webhook; its signing secret is shown once"},
	{"GET", "/api/v1/webhooks/{id}", webhooks_get, STAFF(P_USER_ADMIN), 0, NULL, "a webhook"},
	{"PATCH", "/api/v1/webhooks/{id}", webhooks_patch, STAFF(P_USER_ADMIN), 1, NULL,
	 "change, disable or give a new secret to a webhook"},
	{"DELETE", "/api/v1/webhooks/{id}", webhooks_delete, STAFF(P_USER_ADMIN), 0, NULL,
	 "remove a webhook"},
	{"GET", "/api/v1/templates", templates_list, STAFF(P_SELF), 0, NULL,
	 "what every notice says, by kind, language and channel"},
	{"GET", "/api/v1/templates/{kind}/{language}/{channel}", templates_get, STAFF(P_SELF), 0,
	 NULL, "one template, with the built-in wording beside it"},
	{"PUT", "/api/v1/templates/{kind}/{language}/{channel}", templates_put,
	 STAFF(P_USER_ADMIN), 1, NULL, "change what a notice says"},
	{"DELETE", "/api/v1/templates/{kind}/{language}/{channel}", templates_delete,
	 STAFF(P_USER_ADMIN), 0, NULL, "go back to the built-in wording"},
	{"GET", "/api/v1/deliveries", deliveries_list, STAFF(P_ALL_TEAMS), 0, delivery_q,
	 "every delivery, newest first; state=dead is the dead-letter queue"},
	{"POST", "/api/v1/deliveries/{id}/retry", deliveries_retry, STAFF(P_USER_ADMIN), 0, NULL,
	 "send a dead delivery again"},

	/* incoming mail and attachments */
	{"GET", "/api/v1/mails", mails_list, STAFF(P_ALL_TEAMS), 0, mail_q,
	 "mail the gateway took, newest first; disposition=review is the review queue"},
	{"GET", "/api/v1/mails/{id}", mails_get, STAFF(P_ALL_TEAMS), 0, NULL,
	 "one mail: what became of it, and what it says"},
	{"GET", "/api/v1/mails/{id}/raw", mails_raw, STAFF(P_ALL_TEAMS), 0, NULL,
	 "the mail as it arrived, as a download"},
	{"POST", "/api/v1/mails/{id}/dismiss", mails_dismiss, STAFF(P_COMPLAINT_OVERRIDE), 1, NULL,
	 "take a mail off the review queue, with a reason"},
	{"POST", "/api/v1/complaints/{ref}/attachments", attachments_upload,
	 UPLOAD(P_COMPLAINT_EDIT), 0, NULL, "attach files (multipart/form-data, field file)"},
	{"GET", "/api/v1/complaints/{ref}/attachments", attachments_list, STAFF(P_COMPLAINT_READ),
	 0, NULL, "the files a complaint carries"},
	{"GET", "/api/v1/attachments/{id}", attachments_download, STAFF(P_COMPLAINT_READ), 0, NULL,
	 "one file, as a download"},
	{"GET", "/api/v1/attachments/{id}/preview", attachments_preview, STAFF(P_COMPLAINT_READ), 0,
	 NULL, "a PDF's first page as a PNG"},
	{"POST", "/api/v1/portal/complaints/{tracking_no}/attachments", portal_attach,
	 R_PORTAL | R_UPLOAD, 0, 0, NULL, "the customer attaches files to their complaint"},
	{"POST", "/api/v1/portal/complaints/{tracking_no}/plans/{id}/answer", portal_plan_answer,
	 PORTAL, 1, NULL, "the customer answers a proposed plan: accept, decline or counter"},
	{"POST", "/api/v1/portal/complaints/{tracking_no}/demand-restatements/{id}/answer",
	 portal_demand_answer, PORTAL, 1, NULL,
	 "the customer confirms or corrects the restatement of their demand"},
	{"POST", "/api/v1/portal/complaints/{tracking_no}/rating", portal_rate, PORTAL, 1, NULL,
	 "the customer rates the outcome: satisfied closes it, not satisfied reopens it"},
	{"GET", "/api/v1/portal/complaints/{tracking_no}/attachments/{id}", portal_attachment,
	 PORTAL, 0, NULL, "one of the files the customer gave, as a download"},

	/* the complaint work report, and its figures */
	{"GET", "/api/v1/reports/complaints", reports_complaints, STAFF(P_COMPLAINT_READ), 0,
	 report_q, "the complaint work report of a period, as PDF, HTML, XLSX, CSV or JSON"},
	{"GET", "/api/v1/reports/odr", reports_odr, STAFF(P_ALL_TEAMS), 0, period_odr_q,
	 "the regulator (12315 ODR) complaints of a period, as CSV for the platform"},
	{"GET", "/api/v1/reports", reports_list, STAFF(P_ALL_TEAMS), 0, NULL,
	 "the reports made on the schedule, newest first"},
	{"GET", "/api/v1/reports/{id}", reports_download, STAFF(P_ALL_TEAMS), 0, NULL,
	 "one of them, as it was mailed"},
	{"GET", "/api/v1/stats", stats_all, STAFF(P_COMPLAINT_READ), 0, stats_q,
	 "every figure of the report of a period, as JSON"},
	{"GET", "/api/v1/stats/{section}", stats_section, STAFF(P_COMPLAINT_READ), 0, stats_q,
	 "one section of the figures (summary, volume, causes, clocks, ...)"},
	{"GET", "/api/v1/dashboard", dashboard_get, STAFF(P_COMPLAINT_READ), 0, NULL,
	 "the supervisors' view of now: open by state and level, breaches today, approvals"
	 " waiting, this week's satisfaction (one's teams, or every team)"},
	{"GET", "/api/v1/charts/{name}", stats_chart, STAFF(P_COMPLAINT_READ), 0, chart_q,
	 "one of the report's charts as SVG, for the dashboard"},

	/* the knowledge base: response scripts, guided handling, articles */
	{"GET", "/api/v1/scripts", scripts_list, STAFF(P_COMPLAINT_READ), 0, script_q,
	 "the unified response scripts, by category, handling step, language and review playbook"},
	{"POST", "/api/v1/scripts", scripts_create, STAFF(P_KNOWLEDGE_EDIT), 1, NULL,
	 "add a response script"},
	{"PATCH", "/api/v1/scripts/{id}", scripts_patch, STAFF(P_KNOWLEDGE_EDIT), 1, NULL,
	 "change a response script"},
	{"DELETE", "/api/v1/scripts/{id}", scripts_delete, STAFF(P_KNOWLEDGE_EDIT), 0, NULL,
	 "remove a response script"},
	{"GET", "/api/v1/complaints/{ref}/guide", guide_get, STAFF(P_COMPLAINT_READ), 0, NULL,
	 "guided handling: the four steps, which are done, and their scripts filled in"},
	{"GET", "/api/v1/complaints/{ref}/scripts", complaint_scripts, STAFF(P_COMPLAINT_READ), 0,
	 NULL, "the response scripts for a complaint, its details filled in (contacts masked"
	       " without pii.view)"},
	{"POST", "/api/v1/complaints/{ref}/macros/{id}/preview", macros_preview,
	 STAFF(P_COMPLAINT_EDIT), 0, NULL,
	 "what applying a script's actions would do, step by step; changes nothing"},
	{"POST", "/api/v1/complaints/{ref}/macros/{id}/apply", macros_apply, STAFF(P_COMPLAINT_EDIT),
	 0, NULL, "apply a script's actions (reply, cause, responsibility, state, assign) at once"},
	{"POST", "/api/v1/complaints/{ref}/guide/{step}", guide_step, STAFF(P_COMPLAINT_EDIT), 1,
	 NULL, "check a step of guided handling off, or on again (an internal event)"},
	{"GET", "/api/v1/kb/articles", articles_list, STAFF(P_COMPLAINT_READ), 0, article_q,
	 "search and list the knowledge base's articles"},
	{"POST", "/api/v1/kb/articles", articles_create, STAFF(P_KNOWLEDGE_EDIT), 1, NULL,
	 "write an article, or start a draft from a closed case"},
	{"GET", "/api/v1/kb/articles/{id}", articles_get, STAFF(P_COMPLAINT_READ), 0, NULL,
	 "one article"},
	{"PATCH", "/api/v1/kb/articles/{id}", articles_patch, STAFF(P_KNOWLEDGE_EDIT), 1, NULL,
	 "change or publish an article"},
	{"DELETE", "/api/v1/kb/articles/{id}", articles_delete, STAFF(P_KNOWLEDGE_EDIT), 0, NULL,
	 "remove an article"},

	/* the audit trail */
	{"GET", "/api/v1/audit/security", audit_security, STAFF(P_AUDIT_READ), 0, security_q,
	 "the security log, newest first"},
	{"GET", "/api/v1/audit/verify", audit_verify, STAFF(P_AUDIT_READ), 0, NULL,
	 "walk both hash chains and report the first altered or missing record"},
};

const int api_nroutes = sizeof api_routes / sizeof *api_routes;
