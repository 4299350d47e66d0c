/*
 * init.c - `kesu init`: create a data directory, or upgrade its schema.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>

#include "../auth/password.h"
#include "../channels/channels.h"
#include "../staff/account.h"
#include "../analysis/analysis.h"
#include "../store/store.h"
#include "../workflow/workflow.h"
#include "../util/clock.h"
#include "cli.h"

/* Writes the token to path with mode 0600, replacing any file there. */
static int write_token_file(const char *path, const char *token, struct kesu_err *err)
{
	unlink(path);
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd < 0)
		return kesu_fail(err, KE_IO, "", "cannot write %s: %s", path, strerror(errno));
	size_t n = strlen(token);
	int ok = write(fd, token, n) == (ssize_t)n && write(fd, "\n", 1) == 1 &&
		 fsync(fd) == 0;
	int e = errno;
	close(fd);
	if (!ok)
		return kesu_fail(err, KE_IO, "", "cannot write %s: %s", path, strerror(e));
	return 0;
}

#define INIT_TOKEN_DAYS 365

struct token_job {
	struct store_job job;
	const unsigned char *hash; /* NULL: adopt tokens without an owner */
	int64_t user_id, id;
	int adopted;
};

static int token_run(struct store_conn *c, struct store_job *job)
{
	struct token_job *j = (struct token_job *)job;
	if (!j->hash)
		return store_token_adopt(c, j->user_id, &j->adopted, &job->err);
	int64_t now = clock_now_ms();
	int rc = store_token_insert(c, j->user_id, "admin (kesu init)", "admin", j->hash, now,
				    now + INIT_TOKEN_DAYS * 86400LL * 1000, &j->id, &job->err);
	if (rc)
		return rc;
	char target[32];
	snprintf(target, sizeof target, "token:%lld", (long long)j->id);
	return account_security_event(c, "cli", NULL, now, "token_created", target, NULL,
				      &job->err);
}

struct backfill_job {
	struct store_job job;
	int64_t now;
	int started;
};

static int backfill_run(struct store_conn *c, struct store_job *job)
{
	struct backfill_job *j = (struct backfill_job *)job;
	return wf_backfill(c, j->now, 5000, &j->started, &job->err);
}

/* Complaints from before the workflow get their clocks, started now (not
 * at registration: a clock that breached while nobody could see it would
 * escalate every old complaint at once). */
static int backfill_clocks(struct store *s, struct kesu_err *err)
{
	int64_t total = 0;
	struct backfill_job j = {.job.run = backfill_run, .now = clock_now_ms()};
	do {
		j.started = 0;
		if (store_run(s, &j.job)) {
			*err = j.job.err;
			return -err->code;
		}
		total += j.started;
	} while (j.started);
	if (total)
		printf("kesu: started the clocks of %lld open complaints\n", (long long)total);
	return 0;
}

/* The first administrator: password from a file, or made and printed. */
static int make_admin(struct store *s, const char *name, const char *pwfile,
		      char *pw, int64_t *id, struct kesu_err *err)
{
	int generated = !pwfile;
	if (generated)
		cli_random_password(pw);
	int rc = cli_user_add(s, name, "admin", "管理员", NULL, pw, NULL, 0, "cli", id, err);
	if (!rc && generated)
		printf("kesu: administrator '%s', password (shown once, change it after signing in): %s\n",
		       name, pw);
	else if (!rc)
		printf("kesu: administrator '%s' created with the password from %s\n", name, pwfile);
	sodium_memzero(pw, strlen(pw));
	return rc;
}

/* The business's name, for {company} in notices and scripts. */
#define COMPANY_DEMO "示例商城"
#define COMPANY_NEUTRAL "本公司"

struct company_job {
	struct store_job job;
	const char *name; /* NULL: only read what is set */
	int chosen;	  /* a person gave the name (flag, terminal), not the default */
	int set;	  /* out: a name is set */
};

/* Sets the channel settings' company, checked as the API checks them,
 * with a security event as for any setting changed. */
static int company_run(struct store_conn *c, struct store_job *job)
{
	struct company_job *j = (struct company_job *)job;
	struct arena *a = arena_new();
	const char *text = NULL;
	json_t *doc = NULL, *value = NULL;
	struct ch_config cfg = {0};
	int rc = store_setting_get(c, "channels", a, &text, &job->err);
	if (!rc && text && !(doc = json_loads(text, 0, NULL)))
		rc = kesu_fail(&job->err, KE_INTERNAL, "", "the channel settings in the store are not JSON");
	if (!rc && !doc)
		doc = json_object();
	j->set = !rc && json_string_length(json_object_get(doc, "company")) > 0;
	if (!rc && j->name) {
		json_object_set_new(doc, "company", json_string(j->name));
		rc = ch_config_from_json(doc, &cfg, &job->err);
	}
	if (!rc && j->name) {
		value = ch_config_to_json(&cfg);
		char *out = json_dumps(value, JSON_COMPACT);
		rc = store_setting_put(c, "channels", out, &job->err);
		free(out);
		/* a name somebody gave is a setting changed; the default a new
		 * directory starts with is not */
		if (!rc && j->chosen)
			rc = account_security_event(c, "cli", NULL, clock_now_ms(), "setting_changed",
						    "setting:channels", value, &job->err);
		j->set = !rc;
	}
	ch_config_free(&cfg);
	json_decref(value);
	json_decref(doc);
	arena_free(a);
	return rc;
}

/* Asks for the business's name on a terminal; def when nothing is typed. */
static const char *ask_company(const char *def, char *buf, size_t size)
{
	printf("The business's name, as notices and scripts say it [%s]: ", def);
	fflush(stdout);
	if (!fgets(buf, (int)size, stdin))
		return def;
	buf[strcspn(buf, "\r\n")] = '\0';
	char *p = buf;
	while (*p == ' ' || *p == '\t')
		p++;
	return *p ? p : def;
}

/* --company sets the name; else a store without one gets it from the
 * terminal, or the default (the demo's shop, or a neutral one). */
static int set_company(struct store *s, const char *name, int demo, struct kesu_err *err)
{
	struct company_job j = {.job.run = company_run, .name = NULL};
	char buf[512];
	if (!name) {
		if (store_run(s, &j.job)) {
			*err = j.job.err;
			return -err->code;
		}
		if (j.set)
			return 0;
		const char *def = demo ? COMPANY_DEMO : COMPANY_NEUTRAL;
		j.chosen = isatty(STDIN_FILENO) && isatty(STDOUT_FILENO);
		name = j.chosen ? ask_company(def, buf, sizeof buf) : def;
	} else {
		j.chosen = 1;
	}
	j.name = name;
	if (store_run(s, &j.job)) {
		*err = j.job.err;
		return -err->code;
	}
	printf("kesu: the business's name is '%s' (channel settings: company)\n", name);
	return 0;
}

int cmd_init(int argc, char **argv)
{
	static const struct option opts[] = {
		{"data", required_argument, NULL, 'd'},
		{"admin-token-file", required_argument, NULL, 't'},
		{"demo", no_argument, NULL, 'D'},
		{"zone", required_argument, NULL, 'z'},
		{"admin-user", required_argument, NULL, 'u'},
		{"admin-password-file", required_argument, NULL, 'p'},
		{"company", required_argument, NULL, 'c'},
		{"store", required_argument, NULL, 's'},
		{"join", no_argument, NULL, 'j'},
		{NULL, 0, NULL, 0},
	};
	const char *dir = NULL, *token_file = NULL, *zone = CLOCK_DEFAULT_ZONE;
	const char *admin = "admin", *pwfile = NULL, *company = NULL, *store_url = NULL;
	int demo = 0, join = 0, o;
	opterr = 0;
	while ((o = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
		switch (o) {
		case 'd': dir = optarg; break;
		case 't': token_file = optarg; break;
		case 'D': demo = 1; break;
		case 'z': zone = optarg; break;
		case 'u': admin = optarg; break;
		case 'p': pwfile = optarg; break;
		case 'c': company = optarg; break;
		case 's': store_url = optarg; break;
		case 'j': join = 1; break;
		case ':': return cli_usage("init", "%s needs a value", argv[optind - 1]);
		default: return cli_usage("init", "unknown option %s", argv[optind - 1]);
		}
	}
	if (optind < argc)
		return cli_usage("init", "unexpected argument '%s'", argv[optind]);
	if (!dir)
		return cli_usage("init", "--data DIR is required");
	if (clock_set_zone(zone))
		return cli_usage("init", "unknown time zone '%s'", zone);
	if (join && !store_url)
		return cli_usage("init", "--join needs --store postgresql://...");
	if (join && demo)
		return cli_usage("init", "--demo makes a new installation: it cannot --join one");

	struct kesu_err err = {0};
	/* The password is checked before anything is created. */
	char pw[PASSWORD_MAX * 4 + 2] = "";
	if (account_username_ok(admin, &err) ||
	    (pwfile && (cli_read_password(pwfile, pw, sizeof pw, &err) ||
			account_password_ok(pw, admin, "password", &err))))
		return cli_fail(&err);
	if (company) {
		/* checked as the channel settings check it, before anything is made */
		struct ch_config cfg;
		json_t *doc = json_pack("{s:s}", "company", company);
		int bad = ch_config_from_json(doc, &cfg, &err);
		json_decref(doc);
		if (bad)
			return cli_fail(&err);
		ch_config_free(&cfg);
		if (!*company)
			return cli_usage("init", "--company needs a name");
	}
	struct store *s;
	/* trained models, if any, are read from DIR/models */
	analysis_init(dir);
	if (store_url ? store_create_node(dir, store_url, join, &s, &err)
		      : store_open(dir, STORE_CREATE, &s, &err))
		return cli_fail(&err);
	int64_t tokens = 0, users = 0, admin_id = 0;
	struct store_conn *r = store_reader_get(s, &err);
	if (!r || store_token_count(r, &tokens, &err) || store_user_count(r, &users, &err)) {
		store_close(s);
		return cli_fail(&err);
	}
	store_reader_put(r);
	int rc = 0;
	if (users == 0) {
		/* A new directory, or one from before staff accounts: its
		 * tokens become the new administrator's. */
		if (make_admin(s, admin, pwfile, pw, &admin_id, &err)) {
			store_close(s);
			return cli_fail(&err);
		}
		struct token_job adopt = {.job.run = token_run, .user_id = admin_id};
		if (tokens && store_run(s, &adopt.job)) {
			store_close(s);
			return cli_fail(&adopt.job.err);
		}
		sodium_memzero(pw, sizeof pw);
		if (adopt.adopted)
			printf("kesu: %d existing API token(s) now belong to '%s'\n", adopt.adopted,
			       admin);
	}
	if (tokens == 0 && admin_id) {
		char token[80], path[4096];
		unsigned char hash[TOKEN_HASH_LEN];
		ids_random_token("ksa_", token, sizeof token);
		ids_token_hash(token, hash);
		if (!token_file) {
			snprintf(path, sizeof path, "%s/admin.token", dir);
			token_file = path;
		}
		/* The file first: a token in the database that nobody holds
		 * would lock the administrator out. */
		struct token_job j = {.job.run = token_run, .hash = hash, .user_id = admin_id};
		if (write_token_file(token_file, token, &err) || store_run(s, &j.job)) {
			if (j.job.rc)
				err = j.job.err;
			rc = cli_fail(&err);
		} else {
			printf("kesu: created %s (schema %d); administrator token in %s\n", dir,
			       store_schema_version(s), token_file);
		}
		memset(token, 0, sizeof token);
	} else if (store_migrations_applied(s)) {
		printf("kesu: upgraded %s to schema %d; nothing else changed\n", dir,
		       store_schema_version(s));
	} else {
		printf("kesu: %s is up to date (schema %d); nothing changed\n", dir,
		       store_schema_version(s));
	}
	if (!rc && backfill_clocks(s, &err))
		rc = cli_fail(&err);
	if (!rc && set_company(s, company, demo, &err))
		rc = cli_fail(&err);
	if (!rc && demo) {
		int loaded = 0;
		if (demo_load(s, &loaded, &err)) {
			rc = cli_fail(&err);
		} else if (loaded) {
			printf("kesu: loaded %d demo complaints and a month of their handling\n",
			       loaded);
			/* the demo's agents labelled its complaints: the category and
			 * cause suggestions are trained from them (emotion and mindset
			 * keep the built-in models) */
			rc = cli_train_complaints(s, dir, 0);
		} else {
			printf("kesu: %s already holds complaints; no demo data added\n", dir);
		}
	}
	store_close(s);
	return rc;
}
