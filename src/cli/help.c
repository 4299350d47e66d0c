/*
 * help.c - `kesu help TOPIC`: the rules kesu runs on, printed from the
 * same tables the server reads (fields, roles, token scopes, the
 * workflow's states and transitions, the SLA policy, the routing table).
 * With --markdown a topic prints the table the docs hold, so that a test
 * can hold the docs to the code.
 */
#include <stdio.h>
#include <string.h>

#include "../auth/roles.h"
#include "../core/complaint.h"
#include "../core/customer.h"
#include "../store/store.h"
#include "../util/metrics.h"
#include "../workflow/workflow.h"
#include "cli.h"

static int fields(FILE *f, int markdown)
{
	(void)markdown;
	field_print_table("Complaint fields (POST/PATCH /api/v1/complaints):", complaint_fields,
			  CF__COUNT);
	fprintf(f, "\n");
	field_print_table("Customer fields (POST /api/v1/customers):", customer_fields, KF__COUNT);
	fprintf(f, "\nComplaint statuses:");
	for (int i = 0; i < ST__COUNT; i++)
		fprintf(f, " %s", en_status[i].name);
	fprintf(f, "\n\nEvery enumeration (labels in zh-CN, zh-TW and en: GET /api/v1/fields):\n");
	for (int e = 0; e < enum_ndefs; e++) {
		fprintf(f, "  %-21s", enum_defs[e].name);
		for (int i = 0; enum_defs[e].values[i].name; i++)
			fprintf(f, "%s%s", i ? ", " : " ", enum_defs[e].values[i].name);
		fprintf(f, "\n");
	}
	return 0;
}

static int roles_topic(FILE *f, int markdown)
{
	(void)markdown;
	roles_print(f);
	return 0;
}

static int scopes_topic(FILE *f, int markdown)
{
	if (!markdown)
		fprintf(f, "API token scopes (POST /api/v1/tokens): a scope only narrows what its\n"
			   "owner's role allows.\n\n");
	scopes_print(f, markdown);
	return 0;
}

static int workflow_topic(FILE *f, int markdown)
{
	if (!markdown)
		fprintf(f, "The states of a complaint (GET /api/v1/workflow):\n");
	wf_print_states(f, markdown);
	fprintf(f, markdown ? "\n" : "\nThe transitions, who may take them, what must hold, the clocks:\n");
	wf_print_transitions(f, markdown);
	return 0;
}

static int sla_topic(FILE *f, int markdown)
{
	struct wf_sla sla;
	wf_sla_default(&sla);
	if (!markdown)
		fprintf(f, "The default SLA policy (GET/PUT /api/v1/sla edits it), in working\n"
			   "time on the business calendar:\n\n");
	wf_sla_print(f, &sla, markdown);
	return 0;
}

static int errors_topic(FILE *f, int markdown)
{
	if (!markdown)
		fprintf(f, "The API's errors: {\"error\": {code, field, reason, params, message},\n"
			   "\"errors\": [every field's, the first included]}.\n\n");
	kesu_err_print(f, markdown);
	return 0;
}

static int import_topic(FILE *f, int markdown)
{
	if (markdown) {
		import_reviews_help(f, 1);
		return 0;
	}
	fprintf(f,
		"usage: kesu import --data DIR [--batch N] [--zone ZONE] FILE|-\n"
		"       kesu import --data DIR [--batch N] [--zone ZONE] --reviews FILE|-\n"
		"       kesu import --data DIR [--batch N] [--zone ZONE] --orders FILE|-\n\n"
		"Complaints: one per line, either a registration body as POSTed to\n"
		"/api/v1/complaints, or {\"created_at\": RFC 3339, \"complaint\": body}\n"
		"to keep the time a complaint was made in an earlier system. Every line\n"
		"is validated as the API does. Lines are stored in transactions of N\n"
		"(default 1000); a line that fails stops the import with its line number,\n"
		"and nothing of its batch is stored. Lines before that batch stay.\n\n"
		"Reviews (--reviews): the shop's neutral and negative reviews (中差评),\n"
		"a platform's export as CSV (RFC 4180, UTF-8 with or without a byte-order\n"
		"mark, a header row naming the columns) or JSON lines (a review per line\n"
		"as POST /api/v1/reviews takes it), told apart by the first character\n"
		"that is not blank: { begins JSON lines. Each review is checked as the\n"
		"API checks it and taken in by \"import\"; a refused one is reported on\n"
		"standard error with its line, its column and why, and the others go\n"
		"on, N to a transaction, each on its own. The same review twice is one\n"
		"review (the platform's review id, else platform, order, buyer and\n"
		"posting time), so an export can be imported again. The last line says\n"
		"how many reviews were created, already there and refused; the exit\n"
		"status is 65 when any was refused.\n\n"
		"Run it while kesu serve is stopped, or expect requests to wait for each\n"
		"batch.\n"
		"  --zone ZONE   business time zone of tracking numbers and of a review\n"
		"                file's local times (default Asia/Shanghai)\n\n"
		"The columns of a review file, by their name or a platform export's\n"
		"header (other columns are named on standard error and not read):\n\n");
	import_reviews_help(f, 0);
	fprintf(f,
		"\nOrders (--orders): the business's orders, for the repurchase figures\n"
		"(GET /api/v1/stats/winback, the report's win-back section): CSV with a\n"
		"header row, or JSON lines (an order per line as POST /api/v1/orders\n"
		"takes one), told apart by the file's extension (.csv; .jsonl, .ndjson,\n"
		".json), else by the first character that is not blank. An order needs a\n"
		"phone (orders are matched to complainants by it) or the business's\n"
		"customer_ref, a time, and an amount (amount in yuan or amount_fen). The\n"
		"same order twice is one order: its order number, else the customer, the\n"
		"time and the amount. A bad line is reported with its line, its column and\n"
		"why, and the other lines are kept; the last line says how many orders\n"
		"were new, already there and refused; the exit status is 65 when any\n"
		"was refused. The columns:\n\n");
	import_orders_help(f);
	return 0;
}

static int metrics_topic(FILE *f, int markdown)
{
	if (!markdown)
		fprintf(f, "The metrics of GET /metrics (Prometheus' text format; needs\n"
			   "metrics.read: an administrator, or a token of the metrics scope):\n\n");
	metrics_print(f, markdown);
	return 0;
}

static const struct topic {
	const char *name;
	int (*print)(FILE *f, int markdown);
	const char *summary;
} topics[] = {
	{"fields", fields, "the complaint and customer fields, their limits and values"},
	{"roles", roles_topic, "the staff roles, their permissions and authority limits"},
	{"scopes", scopes_topic, "what each API token scope keeps of its owner's permissions"},
	{"workflow", workflow_topic, "the states and transitions of a complaint"},
	{"errors", errors_topic, "the API's error codes and reasons, and the params they carry"},
	{"sla", sla_topic, "the default clock targets and durations"},
	{"import", import_topic, "the files kesu import reads, a review and an order file's columns"},
	{"metrics", metrics_topic, "what GET /metrics tells a monitoring system"},
	{"routing", NULL, "the routing table (with --data DIR: the one DIR holds)"},
};

void cli_help_topics(FILE *f)
{
	fprintf(f, "\nTopics (`kesu help TOPIC`):\n");
	for (size_t i = 0; i < sizeof topics / sizeof *topics; i++)
		fprintf(f, "  %-9s %s\n", topics[i].name, topics[i].summary);
}

/* `kesu help routing [--data DIR]`: how the table works, and the table a
 * data directory holds. */
static int routing(int argc, char **argv)
{
	if (argc != 2 && !(argc == 4 && strcmp(argv[2], "--data") == 0))
		return cli_usage("help", "routing takes only --data DIR");
	printf("The routing table (GET/PUT /api/v1/routing, the workspace's admin page):\n"
	       "a new complaint enters the first rule that matches it. A rule tests any of\n"
	       "category, cause, mindset, severity, channel and customer_type against a list\n"
	       "of values (a missing test matches anything), and \"threat\": true or false\n"
	       "(flagged by a person, or read in the words: kesu help analyze; the reading's\n"
	       "mindset counts where no agent set one), and names the team that takes\n"
	       "the complaint and where it starts: agent (the front-line flow) or\n"
	       "management. With no rule matching, the complaint stays with the registering\n"
	       "agent's team (or the default team) at the front line. Escalations with the\n"
	       "causes customer_demands_management and major_interest go to management at\n"
	       "once.\n\n"
	       "  {\"rules\": [{\"when\": {\"severity\": [\"critical\"], \"channel\": [\"regulator\"]},\n"
	       "              \"team_id\": 2, \"level\": \"management\"}]}\n");
	if (argc == 2) {
		printf("\n`kesu help routing --data DIR` prints the table DIR holds.\n");
		return 0;
	}
	struct kesu_err err = {0};
	struct store *s;
	if (store_open(argv[3], STORE_EXISTING, &s, &err))
		return cli_fail(&err);
	struct store_conn *c = store_reader_get(s, &err);
	json_t *doc = NULL;
	int rc = c ? wf_routing_read(c, &doc, &err) : -1;
	if (!rc) {
		printf("\nThe table in %s:\n", argv[3]);
		wf_routing_print(stdout, doc);
	}
	json_decref(doc);
	if (c)
		store_reader_put(c);
	store_close(s);
	return rc ? cli_fail(&err) : 0;
}

int cli_help_topic(int argc, char **argv)
{
	for (size_t i = 0; i < sizeof topics / sizeof *topics; i++) {
		if (strcmp(topics[i].name, argv[1]) != 0)
			continue;
		if (!topics[i].print)
			return routing(argc, argv);
		int markdown = argc == 3 && strcmp(argv[2], "--markdown") == 0;
		if (argc > 2 && !markdown)
			return cli_usage("help", "%s takes only --markdown", argv[1]);
		return topics[i].print(stdout, markdown);
	}
	return -1;
}
