/*
 * main.c - the kesu binary: one table of subcommands, dispatch, and help
 * printed from the same table.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "api/api.h"
#include "auth/roles.h"
#include "cli/cli.h"
#include "core/complaint.h"
#include "core/customer.h"
#include "util/ids.h"
#include "workflow/workflow.h"
#include "version.h"

static int cmd_version(int argc, char **argv);
static int cmd_help(int argc, char **argv);

static const struct command {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *usage;
	const char *summary;
	const char *help;
} commands[] = {
	{"init", cmd_init,
	 "kesu init --data DIR [--store postgresql://USER@HOST:PORT/DB [--join]] [--admin-token-file FILE] [--admin-user NAME] [--admin-password-file FILE] [--company NAME] [--demo] [--zone ZONE]",
	 "create a data directory, or upgrade its schema",
	 "Creates DIR (mode 0700) with the database, applies the schema, and\n"
	 "writes a bearer token for an administrator to FILE (mode 0600; default\n"
	 "DIR/admin.token). Re-running on an existing DIR applies any newer schema\n"
	 "migrations and changes nothing else: no new token is written.\n"
	 "  --admin-user NAME  the first administrator's user name (default admin)\n"
	 "  --admin-password-file FILE  their password, from the first line of\n"
	 "                FILE (\"-\": standard input); without it one is made and\n"
	 "                printed once\n"
	 "  --company NAME  the business's name, as notices and response scripts\n"
	 "                say it ({company}; the channel settings' company). Without\n"
	 "                it, a DIR that has none asks for it on a terminal, and\n"
	 "                otherwise takes 示例商城 with --demo, 本公司 without\n"
	 "  --demo        into an empty DIR, also a team to sign in as (supervisor,\n"
	 "                agent, agent2, agent3, manager, cashier; passwords printed\n"
	 "                once), its departments, and a month of its work: 42\n"
	 "                complaints in every state and 28 closed ones of the month\n"
	 "                before, handled through the workflow at times relative to\n"
	 "                now (demo/complaints.json)\n"
	 "  --zone ZONE   business time zone for demo dates (default Asia/Shanghai)\n"
	 "  --store postgresql://USER@HOST:PORT/DB  keep the data in that PostgreSQL\n"
	 "                database instead of DIR: DIR becomes a node's directory\n"
	 "                (DIR/store.conf names the database; DIR/secret.key is the\n"
	 "                key every node shares). Every other command then takes\n"
	 "                only --data DIR\n"
	 "  --join        make DIR another node of a PostgreSQL store that a first\n"
	 "                `kesu init --store` made: its key is copied from there\n"},
	{"serve", cmd_serve,
	 "kesu serve --data DIR [--listen HOST:PORT] [--public-url URL] [--trusted-proxy LIST] [--limit NAME=N] [--threads N] [--connections N] [--per-address N] [--zone ZONE] [--quiet]",
	 "serve the HTTP API",
	 "Serves the JSON API under /api/v1 on HOST:PORT (default 127.0.0.1:8080;\n"
	 "port 0 picks a free port, printed at start). SIGTERM or SIGINT stop it\n"
	 "gracefully: in-flight requests finish and the database is closed\n"
	 "cleanly. Every acknowledged write is on disk before its reply is sent.\n"
	 "  --public-url URL  the address browsers use (https://kesu.example.com),\n"
	 "                when kesu is behind a proxy: requests from that origin are\n"
	 "                accepted, and with https the session cookie is Secure\n"
	 "                and HSTS is sent\n"
	 "  --trusted-proxy LIST  addresses and networks of reverse proxies\n"
	 "                (127.0.0.1,10.0.0.0/8): from them, the client is the\n"
	 "                rightmost X-Forwarded-For address that is not a proxy;\n"
	 "                from anyone else the header is ignored. Repeatable\n"
	 "  --limit NAME=N  one of the limits that protect sign-in and the\n"
	 "                portal (docs/operations.md lists them and their\n"
	 "                defaults). Repeatable\n"
	 "  --threads N   HTTP worker threads (default: number of CPUs)\n"
	 "  --connections N  connections served at once (default 4096; fewer\n"
	 "                if the open-file limit is lower)\n"
	 "  --per-address N  connections one client address may hold (default\n"
	 "                64); each open workspace tab keeps one for live\n"
	 "                updates, so raise it for offices behind one NAT address\n"
	 "  --zone ZONE   business time zone for tracking numbers and date\n"
	 "                filters (default Asia/Shanghai)\n"
	 "  --quiet       no access log lines\n"
	 "  --tick-ms N   how often the clock scheduler looks for due clocks\n"
	 "                (default 1000)\n"
	 "  --clock-file FILE  take the time from FILE (RFC 3339 or Unix ms),\n"
	 "                read again when it changes: for tests that move time\n"},
	{"import", cmd_import, "kesu import --data DIR [--batch N] [--reviews|--orders] FILE|-",
	 "register complaints from JSON lines, take in a platform's reviews or the orders",
	 "See `kesu help import`: complaints from JSON lines, with --reviews\n"
	 "the shop's neutral and negative reviews from a platform's export (CSV\n"
	 "with English or Chinese headers, or JSON lines), with --orders the\n"
	 "business's orders (CSV or JSON lines) for the repurchase figures.\n"},
	{"check", cmd_check, "kesu check --data DIR", "verify the database and search index",
	 "Runs SQLite's integrity check on the database and checks that the\n"
	 "search index matches the complaints. Prints the counts; exits 0 if all\n"
	 "is sound, 74 otherwise. Safe while kesu serve runs.\n"},
	{"routes", cmd_routes, "kesu routes", "print the HTTP routes",
	 "Prints every HTTP route as METHOD PATH ACCESS SUMMARY, from the same\n"
	 "table the server dispatches with.\n"},
	{"user", cmd_user,
	 "kesu user add|list|disable|enable|unlock|reset-password --data DIR ...",
	 "manage staff accounts",
	 "  kesu user add --data DIR --username NAME --role ROLE [--team TEAM]...\n"
	 "                [--display-name TEXT] [--email ADDR] [--password-file FILE]\n"
	 "      Adds an account. The password is read from FILE (first line), or\n"
	 "      from standard input when FILE is -; without --password-file a\n"
	 "      random one is made and printed once. TEAM is a team name, made\n"
	 "      if it does not exist. Roles: see `kesu help roles`.\n"
	 "  kesu user list --data DIR\n"
	 "  kesu user disable|enable|unlock --data DIR --username NAME\n"
	 "      disable ends the account's sessions and tokens at once; unlock\n"
	 "      clears a lock left by failed sign-ins.\n"
	 "  kesu user reset-password --data DIR --username NAME [--password-file FILE]\n"
	 "      Sets a new password (random and printed once without FILE) and\n"
	 "      ends every session of the account.\n"
	 "Every change is written to the security log as actor \"cli\".\n"},
	{"audit", cmd_audit, "kesu audit verify --data DIR", "verify the audit trail",
	 "Walks the complaints' timeline and the security log from their first\n"
	 "record, checking each record's hash and its link to the one before.\n"
	 "Prints the number of records and the hash of the last one (keep it\n"
	 "elsewhere to detect a later truncation); reports the first altered or\n"
	 "missing record and exits 65 if a chain is broken. Safe while kesu\n"
	 "serve runs.\n"},
	{"tick", cmd_tick, "kesu tick --data DIR [--at TIME] [--limit N]",
	 "run one pass of the clock scheduler",
	 "Warns and breaches the clocks due at TIME (default now; a date or an\n"
	 "RFC 3339 date-time), at most N of them (default 500), escalating the\n"
	 "complaints of breached clocks, and prints how many and how long it\n"
	 "took. kesu serve does this every second by itself; this is for looking\n"
	 "at what it does, and for measuring it. While a kesu serve holds the\n"
	 "scheduler lease (it ticks), it does nothing and exits 75, naming it.\n"},
	{"mailgate", cmd_mailgate, "kesu mailgate --data DIR [--maildir MAILDIR] [--zone ZONE]",
	 "take complaints in by e-mail",
	 "Reads one RFC 5322 message on standard input, as Postfix's pipe\n"
	 "transport or an alias delivers it, and stores it: a person's new mail\n"
	 "registers a complaint (channel email, the complainant from From) and\n"
	 "gets the acknowledgment; a reply (the complaint's tracking number in\n"
	 "the subject from the complainant's address, or In-Reply-To/References\n"
	 "naming a Message-ID kesu sent) joins that complaint and reopens it if\n"
	 "closed; auto-replies, bounces and bulk mail are kept and do nothing\n"
	 "else; a mail that cannot be read waits in the review queue\n"
	 "(GET /api/v1/mails?disposition=review). Every raw mail is kept.\n"
	 "Exit status for the mail server: 0 stored, 75 (EX_TEMPFAIL) the store\n"
	 "could not take it now (the server keeps the mail and retries), 65 the\n"
	 "message is over the size limit (the server returns it to its sender).\n"
	 "The same message delivered twice is stored once. Safe while kesu\n"
	 "serve runs.\n"
	 "  --maildir MAILDIR  take every message in MAILDIR/new and MAILDIR/cur\n"
	 "                instead; taken ones in new/ move to cur/ as seen\n"
	 "  --zone ZONE   business time zone for tracking numbers, as kesu serve's\n"
	 "                (default Asia/Shanghai)\n"},
	{"report", cmd_report,
	 "kesu report --data DIR --from DATE --to DATE [--team T] --format pdf|html|xlsx|csv|json [--lang L] [--odr] -o FILE",
	 "the complaint work report of a period",
	 "Writes the complaint work report (投诉工作报告) from DATE to DATE (both\n"
	 "days included; RFC 3339 times for other bounds) to FILE (- for standard\n"
	 "output): the summary against the period before, volume by day, week,\n"
	 "channel, object and department, causes as a Pareto chart, clock times\n"
	 "and breaches, escalations, compensation, satisfaction and the closed\n"
	 "loop, customers at risk (TARP), typical cases and the improvement\n"
	 "actions handed to departments. PDF and HTML have charts; XLSX has a\n"
	 "sheet per section; CSV is UTF-8 with a byte-order mark; JSON is the\n"
	 "figures as /api/v1/stats gives them. Safe while kesu serve runs.\n"
	 "  --team T      one team (its name or id)\n"
	 "  --channel C, --category C, --severity S   only those complaints\n"
	 "  --lang L      zh-CN (default), zh-TW or en\n"
	 "  --zone ZONE   business time zone for days (default Asia/Shanghai)\n"
	 "  --odr         instead: the complaints from the regulator channel (12315)\n"
	 "                received in the period, as CSV with the four items its ODR\n"
	 "                scheme records (处理时间, 协商经过, 协商方式, 处理结果)\n"},
	{"train", cmd_train, "kesu train --data DIR [--cost C] [--reviews FILE [--where COLUMN=VALUE]]...",
	 "train the models that read complaints",
	 "Trains the models that read a complaint's words (POST /api/v1/analyze,\n"
	 "and every complaint's `analysis`) and writes them into DIR/models as\n"
	 "versioned files; a running kesu serve takes them up within seconds.\n"
	 "Without --reviews: from the complaints of DIR whose category, cause,\n"
	 "emotion or mindset an agent set (emotion and mindset together with the\n"
	 "built-in sentences); a model needs two labels with 5 examples each.\n"
	 "Each model is first measured on every fifth example, trained without\n"
	 "them, and the figure printed and kept beside it. Safe while kesu serve\n"
	 "runs.\n"
	 "  --reviews FILE  instead: the polarity model, from labelled reviews\n"
	 "                (CSV with label 1/0 and review columns, or TSV\n"
	 "                pos|neg<TAB>text) and the built-in sentences\n"
	 "  --where COLUMN=VALUE, --where COLUMN!=VALUE  only the rows of the\n"
	 "                --reviews FILE before it with (or without) that value\n"
	 "  --cost C      liblinear's C: lower regularises more (default 1)\n"
	 "To go back to the built-in models, remove DIR/models.\n"},
	{"analyze", cmd_analyze,
	 "kesu analyze [--data DIR] [--time] [TEXT... | --file FILE | --score KIND FILE [--where COLUMN=VALUE] [--traditional] [--misses]]",
	 "read a text as kesu reads complaints, or score a labelled file",
	 "Prints what kesu reads in TEXT (or FILE, or standard input): emotion,\n"
	 "polarity, mindset, threats with their evidence, category and cause\n"
	 "suggestions, and the models that read it (DIR's trained ones, else the\n"
	 "built-in ones).\n"
	 "  --score KIND FILE  reads every line of a labelled FILE and prints\n"
	 "                accuracy, precision, recall and the confusion matrix;\n"
	 "                KIND is polarity (CSV label,review or TSV), emotion or\n"
	 "                mindset (TSV label<TAB>text, or\n"
	 "                emotion<TAB>mindset<TAB>text), or threats (TSV\n"
	 "                kind[,kind]<TAB>text, kind none for no threat)\n"
	 "  --traditional  converts each text to traditional characters first\n"
	 "  --misses      lists the lines read wrong\n"
	 "  --time        prints how long the reading took (ms); with --score, the\n"
	 "                mean, median, 99th percentile and longest of the texts\n"},
	{"store", cmd_store,
	 "kesu store copy --from DIR --to postgresql://USER@HOST:PORT/DB --data NEWDIR | --to NEWDIR",
	 "copy an installation between SQLite and PostgreSQL",
	 "Copies everything DIR's store holds (complaints, their timelines,\n"
	 "attachments, staff, settings...) into a new store: the PostgreSQL\n"
	 "database at the address, whose new node directory NEWDIR becomes, or a\n"
	 "new SQLite data directory NEWDIR. DIR may be a SQLite data directory or\n"
	 "a node of a PostgreSQL store, so an installation moves either way. The\n"
	 "source is read from one snapshot and must not be served meanwhile (its\n"
	 "serve lock is taken); its key goes with the data. The target is written\n"
	 "in one transaction, its search index built again, every table's rows\n"
	 "counted against the source's, and then checked as `kesu check` does;\n"
	 "`kesu audit verify --data NEWDIR` checks the hash chains afterwards.\n"},
	{"backup", cmd_backup, "kesu backup --data DIR -o FILE",
	 "write a data directory to one file, while kesu serve runs",
	 "Writes FILE (mode 0600), a tar file holding what a restore needs:\n"
	 "the database (attachments included) as of one moment, copied while the\n"
	 "server goes on writing, secret.key (without it the channels' secrets,\n"
	 "second factors and portal links of the copy do not open) and\n"
	 "admin.token if DIR has one, with kesu-backup.json: the number of\n"
	 "complaints, events and attachments the copy holds and each file's\n"
	 "SHA-256. The copy is checked (SQLite's quick_check, and its counts\n"
	 "against the database's at that moment) and synced before FILE appears:\n"
	 "FILE is either a whole, checked backup or not there. Needs free space\n"
	 "next to FILE for twice the database. Keep FILE as secret as DIR.\n"},
	{"restore", cmd_restore, "kesu restore --data DIR [--force] FILE",
	 "make a data directory from a backup",
	 "Unpacks FILE, made by kesu backup, into DIR, which must not exist or be\n"
	 "empty, after checking every file against the SHA-256 the backup\n"
	 "states and the database (SQLite's quick_check, and its counts): a\n"
	 "damaged or cut-short FILE is refused and DIR is left as it was. Then\n"
	 "`kesu serve --data DIR` serves what the backup held.\n"
	 "  --force       replace what DIR holds; it is moved aside to\n"
	 "                DIR.replaced-TIME, not deleted. Refused while a kesu\n"
	 "                serve uses DIR.\n"},
	{"version", cmd_version, "kesu version", "print the version", ""},
	{"help", cmd_help, "kesu help [COMMAND|TOPIC [--markdown]]", "explain a command or a rule",
	 "Without an argument lists the commands and the topics. A topic prints\n"
	 "the table kesu runs on: fields, roles, scopes, workflow, sla, and\n"
	 "`routing [--data DIR]`; with --markdown, the table as the docs hold it.\n"},
};

#define NCOMMANDS (int)(sizeof commands / sizeof *commands)

static const struct command *find(const char *name)
{
	for (int i = 0; i < NCOMMANDS; i++)
		if (strcmp(commands[i].name, name) == 0)
			return &commands[i];
	return NULL;
}

int cli_fail(const struct kesu_err *err)
{
	fprintf(stderr, "kesu: %s%s%s\n", err->field[0] && err->code != KE_IO ? err->field : "",
		err->field[0] && err->code != KE_IO ? ": " : "", err->message);
	return kesu_code_exit(err->code);
}

int cli_usage(const char *cmd, const char *fmt, ...)
{
	va_list ap;
	fprintf(stderr, "kesu %s: ", cmd);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	const struct command *c = find(cmd);
	fprintf(stderr, " (usage: %s)\n", c ? c->usage : "kesu help");
	return 64;
}

static int cmd_version(int argc, char **argv)
{
	(void)argv;
	if (argc > 1)
		return cli_usage("version", "takes no arguments");
	printf("kesu %s\n", KESU_VERSION);
	return 0;
}

static void list_commands(FILE *out)
{
	fprintf(out, "kesu %s - customer complaint handling\n\nCommands:\n", KESU_VERSION);
	for (int i = 0; i < NCOMMANDS; i++)
		fprintf(out, "  %-9s %s\n", commands[i].name, commands[i].summary);
	fprintf(out, "\n`kesu help COMMAND` explains a command.\n");
}

static int cmd_help(int argc, char **argv)
{
	if (argc < 2) {
		list_commands(stdout);
		cli_help_topics(stdout);
		return 0;
	}
	int rc = cli_help_topic(argc, argv);
	if (rc >= 0)
		return rc;
	if (argc > 2)
		return cli_usage("help", "takes one topic");
	const struct command *c = find(argv[1]);
	if (!c) {
		fprintf(stderr, "kesu: no command or topic '%s' (see `kesu help`)\n", argv[1]);
		return 64;
	}
	printf("usage: %s\n\n%s.\n%s%s", c->usage, c->summary, c->help[0] ? "\n" : "",
	       c->help);
	return 0;
}

int cmd_routes(int argc, char **argv)
{
	(void)argv;
	if (argc > 1)
		return cli_usage("routes", "takes no arguments");
	for (int i = 0; i < api_nroutes; i++) {
		const struct route *r = &api_routes[i];
		const char *who = r->flags & R_PUBLIC	? "public"
				  : r->flags & R_PORTAL ? "portal"
							: perm_name(r->perm);
		printf("%-6s %-48s %-16s %s\n", r->method, r->pattern, who, r->summary);
	}
	return 0;
}

int main(int argc, char **argv)
{
	if (ids_init()) {
		fputs("kesu: cannot initialise the random number generator\n", stderr);
		return 70;
	}
	if (argc < 2) {
		list_commands(stderr);
		return 64;
	}
	const char *name = argv[1];
	if (strcmp(name, "--help") == 0 || strcmp(name, "-h") == 0)
		name = "help";
	if (strcmp(name, "--version") == 0)
		name = "version";
	const struct command *c = find(name);
	if (!c) {
		fprintf(stderr, "kesu: unknown command '%s' (see `kesu help`)\n", argv[1]);
		return 64;
	}
	return c->fn(argc - 1, argv + 1);
}
