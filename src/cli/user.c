/*
 * user.c - `kesu user`: staff accounts from the command line, for the
 * first administrator and for when nobody can sign in. Works on the
 * database directly, through the staff account's rules and changes
 * (src/staff/account.h) as the API does, so it is safe while kesu serve
 * runs.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sodium.h>

#include "../auth/password.h"
#include "../auth/roles.h"
#include "../http/ratelimit.h"
#include "../staff/account.h"
#include "../store/store.h"
#include "../util/clock.h"
#include "cli.h"

#define CLI_ACTOR "cli"
#define MAX_TEAMS_ARG 16

int cli_read_password(const char *path, char *buf, size_t size, struct kesu_err *err)
{
	FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "r");
	if (!f)
		return kesu_fail(err, KE_IO, "", "cannot read %s: %s", path, strerror(errno));
	int ok = fgets(buf, (int)size, f) != NULL;
	if (f != stdin)
		fclose(f);
	if (!ok)
		return kesu_fail(err, KE_USAGE, "password", "%s is empty", path);
	buf[strcspn(buf, "\r\n")] = '\0';
	return 0;
}

void cli_random_password(char out[32])
{
	/* no 0/O, 1/l/I: it may be read out over the phone */
	static const char set[] = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
	do {
		for (int i = 0; i < 20; i++)
			out[i] = set[randombytes_uniform(sizeof set - 1)];
		out[20] = '\0';
	} while (account_password_ok(out, NULL, "password", NULL));
}

struct add_job {
	struct store_job job;
	struct user u;
	const char *const *teams;
	int nteams;
	const char *actor;
	struct arena *a;
};

static int add_run(struct store_conn *c, struct store_job *job)
{
	struct add_job *j = (struct add_job *)job;
	const struct account_by by = {j->actor, NULL, j->u.created_at};
	return account_create(c, &j->u, j->teams, j->nteams, &by, j->a, &job->err);
}

int cli_user_add(struct store *s, const char *username, const char *role,
		 const char *display_name, const char *email, const char *password,
		 const char *const *teams, int nteams, const char *actor, int64_t *id,
		 struct kesu_err *err)
{
	char hash[PASSWORD_HASH_MAX];
	if (account_password_hash(password, hash, err))
		return -(int)err->code;
	struct arena *a = arena_new();
	struct add_job j = {.job.run = add_run, .teams = teams, .nteams = nteams,
			    .actor = actor, .a = a};
	int64_t now = clock_now_ms();
	j.u.username = username;
	j.u.role = role;
	j.u.display_name = display_name;
	j.u.email = email;
	j.u.password_hash = hash;
	j.u.password_changed_at = j.u.created_at = j.u.updated_at = now;
	int rc = store_run(s, &j.job);
	if (rc)
		*err = j.job.err;
	else
		*id = j.u.id;
	arena_free(a);
	return rc;
}

/* disable, enable, unlock, reset-password: one user, one change. */
struct change_job {
	struct store_job job;
	const char *username, *what, *hash;
	int revoked; /* tokens a password reset revoked */
	struct user u;
	struct arena *a;
};

static int change_run(struct store_conn *c, struct store_job *job)
{
	struct change_job *j = (struct change_job *)job;
	struct kesu_err *err = &job->err;
	const struct account_by by = {CLI_ACTOR, NULL, clock_now_ms()};
	int rc = store_user_get(c, 0, j->username, j->a, &j->u, err);
	if (rc)
		return rc == -KE_NOT_FOUND ? kesu_fail(err, KE_NOT_FOUND, "username",
						       "no user '%s'", j->username)
					   : rc;
	if (strcmp(j->what, "disable") == 0) {
		/* as through the API: an active administrator is always left */
		struct user after = j->u;
		after.disabled_at = by.now;
		if ((rc = account_keeps_an_admin(c, &after, j->a, err)))
			return rc;
	}
	if (strcmp(j->what, "disable") == 0 || strcmp(j->what, "enable") == 0)
		return account_set_disabled(c, &j->u, j->what[0] == 'd', &by, err);
	/* the failed sign-ins of the name, from every address, are forgiven:
	 * they are in the store, where every server counts them */
	if (strcmp(j->what, "unlock") == 0)
		return account_unlock(c, j->u.id, &by, err) ||
		       rl_forget(c, RL_LOGIN_NAME, j->u.username, err) ? -err->code : 0;
	return account_set_password(c, j->u.id, j->hash, 0, &by, &j->revoked, err);
}

static int list_users(struct store *s, struct kesu_err *err)
{
	struct arena *a = arena_new();
	struct store_conn *c = store_reader_get(s, err);
	struct user *items;
	struct team *teams;
	int n, nt;
	int rc = !c ? -(int)err->code : store_user_list(c, a, &items, &n, err);
	if (!rc)
		rc = store_team_list(c, a, &teams, &nt, err);
	if (!rc) {
		printf("%-5s %-20s %-11s %-8s %s\n", "ID", "USERNAME", "ROLE", "STATE", "TEAMS");
		int64_t now = clock_now_ms();
		for (int i = 0; i < n; i++) {
			const struct user *u = &items[i];
			printf("%-5lld %-20s %-11s %-8s", (long long)u->id, u->username, u->role,
			       u->disabled_at ? "disabled" : u->locked_until > now ? "locked" : "active");
			for (int k = 0; k < u->nteams; k++)
				for (int t = 0; t < nt; t++)
					if (teams[t].id == u->teams[k])
						printf("%s%s", k ? ", " : " ", teams[t].name);
			printf("%s\n", u->totp_enabled ? "  [2FA]" : "");
		}
	}
	store_reader_put(c);
	arena_free(a);
	return rc;
}

int cmd_user(int argc, char **argv)
{
	static const struct option opts[] = {
		{"data", required_argument, NULL, 'd'},
		{"username", required_argument, NULL, 'u'},
		{"role", required_argument, NULL, 'r'},
		{"team", required_argument, NULL, 't'},
		{"display-name", required_argument, NULL, 'n'},
		{"email", required_argument, NULL, 'e'},
		{"password-file", required_argument, NULL, 'p'},
		{NULL, 0, NULL, 0},
	};
	if (argc < 2)
		return cli_usage("user", "say what to do: add, list, disable, enable, unlock or reset-password");
	const char *what = argv[1];
	static const char *const verbs[] = {"add", "list", "disable", "enable", "unlock",
					    "reset-password", NULL};
	int known = 0;
	for (int i = 0; verbs[i]; i++)
		known |= strcmp(verbs[i], what) == 0;
	if (!known)
		return cli_usage("user", "unknown action '%s'", what);
	const char *dir = NULL, *username = NULL, *role = NULL, *display = NULL, *email = NULL,
		   *pwfile = NULL;
	const char *teams[MAX_TEAMS_ARG];
	int nteams = 0, o;
	opterr = 0;
	optind = 2;
	while ((o = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
		switch (o) {
		case 'd': dir = optarg; break;
		case 'u': username = optarg; break;
		case 'r': role = optarg; break;
		case 'n': display = optarg; break;
		case 'e': email = optarg; break;
		case 'p': pwfile = optarg; break;
		case 't':
			if (nteams == MAX_TEAMS_ARG)
				return cli_usage("user", "at most %d teams", MAX_TEAMS_ARG);
			teams[nteams++] = optarg;
			break;
		case ':': return cli_usage("user", "%s needs a value", argv[optind - 1]);
		default: return cli_usage("user", "unknown option %s", argv[optind - 1]);
		}
	}
	if (optind < argc)
		return cli_usage("user", "unexpected argument '%s'", argv[optind]);
	if (!dir)
		return cli_usage("user", "--data DIR is required");
	int is_add = strcmp(what, "add") == 0, is_list = strcmp(what, "list") == 0;
	if (!is_list && !username)
		return cli_usage("user", "--username NAME is required");
	char names[128];
	if (is_add && (!role || role_find(role) < 0))
		return cli_usage("user", "--role must be one of: %s", role_names(names, sizeof names));
	struct kesu_err err = {0};
	if (is_add && account_username_ok(username, &err))
		return cli_fail(&err);
	char pw[PASSWORD_MAX * 4 + 2] = "";
	int generated = 0;
	if (is_add || strcmp(what, "reset-password") == 0) {
		if (pwfile) {
			if (cli_read_password(pwfile, pw, sizeof pw, &err) ||
			    account_password_ok(pw, username, "password", &err))
				return cli_fail(&err);
		} else {
			cli_random_password(pw);
			generated = 1;
		}
	}
	struct store *s;
	if (store_open(dir, STORE_EXISTING, &s, &err))
		return cli_fail(&err);
	int rc = 0;
	if (is_list) {
		rc = list_users(s, &err);
	} else if (is_add) {
		int64_t id;
		rc = cli_user_add(s, username, role, display, email, pw, teams, nteams, CLI_ACTOR,
				  &id, &err);
		if (!rc)
			printf("kesu: added %s '%s' (id %lld)\n", role, username, (long long)id);
	} else {
		char hash[PASSWORD_HASH_MAX];
		struct arena *a = arena_new();
		struct change_job j = {.job.run = change_run, .username = username, .what = what,
				       .a = a};
		if (pw[0]) {
			rc = account_password_hash(pw, hash, &err);
			j.hash = hash;
		}
		if (!rc && (rc = store_run(s, &j.job)))
			err = j.job.err;
		if (!rc)
			printf("kesu: %s: done for '%s'\n", what, username);
		if (!rc && pw[0])
			printf("kesu: %d API tokens of '%s' revoked\n", j.revoked, username);
		arena_free(a);
	}
	if (!rc && generated)
		printf("kesu: password for '%s' (shown once): %s\n", username, pw);
	sodium_memzero(pw, sizeof pw);
	store_close(s);
	return rc ? cli_fail(&err) : 0;
}
