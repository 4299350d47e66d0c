/*
 * mailgate.c - `kesu mailgate`: mail into complaints. One message on
 * standard input, as Postfix's pipe transport or an alias delivers it, or
 * a whole maildir. The exit status is what a mail server understands:
 * 0 stored (whatever the mail held), 75 (EX_TEMPFAIL) when the store could
 * not take it, so that the server keeps the mail and tries again, 65
 * (EX_DATAERR) only for a message over the size limit, which the server
 * then returns to its sender. A message that will never parse is stored
 * for review, never refused with 75.
 */
#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../channels/mailgate.h"
#include "../analysis/analysis.h"
#include "../store/store.h"
#include "../util/clock.h"
#include "cli.h"

#define EX_DATAERR 65
#define EX_TEMPFAIL 75
#define READ_MAX (200 << 20) /* beyond any configurable limit */

static const char *const outcomes[] = {"created", "reply", "ignored", "review", "duplicate",
				       "too_large"};

static char *read_all(FILE *f, size_t *len, int *too_big)
{
	size_t cap = 64 * 1024, n = 0;
	char *buf = malloc(cap);
	size_t got;
	*too_big = 0;
	while (buf && (got = fread(buf + n, 1, cap - n, f)) > 0) {
		n += got;
		if (n == cap) {
			if (cap >= READ_MAX) {
				*too_big = 1;
				break;
			}
			cap *= 2;
			char *grown = realloc(buf, cap);
			if (!grown) {
				free(buf);
				return NULL;
			}
			buf = grown;
		}
	}
	if (buf && ferror(f)) {
		free(buf);
		return NULL;
	}
	*len = n;
	return buf;
}

static void report(const char *what, const struct mg_result *r)
{
	printf("%s%s%s (mail %lld%s%s)%s%s\n", what ? what : "", what ? ": " : "",
	       outcomes[r->outcome], (long long)r->mail_id, r->tracking_no[0] ? ", " : "",
	       r->tracking_no, r->why[0] ? " " : "", r->why);
}

/* One message: 0, EX_DATAERR or EX_TEMPFAIL. */
static int take(struct store *s, const char *raw, size_t len, const char *what)
{
	struct kesu_err err = {0};
	struct mg_result r;
	if (mailgate_take(s, raw, len, clock_now_ms(), &r, &err)) {
		fprintf(stderr, "kesu mailgate: %s%s%s; try again later\n", what ? what : "",
			what ? ": " : "", err.message);
		return EX_TEMPFAIL;
	}
	report(what, &r);
	if (r.outcome == MG_TOO_LARGE) {
		fprintf(stderr, "kesu mailgate: %s\n", r.why);
		return EX_DATAERR;
	}
	return 0;
}

static int take_maildir(struct store *s, const char *dir)
{
	/* cur first: what moves there from new must not be read twice */
	static const char *const subs[] = {"cur", "new"};
	int taken = 0, refused = 0;
	for (int k = 0; k < 2; k++) {
		char path[4096];
		snprintf(path, sizeof path, "%s/%s", dir, subs[k]);
		DIR *d = opendir(path);
		if (!d) {
			if (errno == ENOENT)
				continue;
			fprintf(stderr, "kesu mailgate: cannot read %s: %s\n", path, strerror(errno));
			return EX_TEMPFAIL;
		}
		struct dirent *e;
		while ((e = readdir(d))) {
			if (e->d_name[0] == '.')
				continue;
			char file[8192];
			snprintf(file, sizeof file, "%s/%s", path, e->d_name);
			FILE *f = fopen(file, "rb");
			if (!f)
				continue;
			size_t len;
			int too_big;
			char *raw = read_all(f, &len, &too_big);
			fclose(f);
			if (!raw) {
				closedir(d);
				fprintf(stderr, "kesu mailgate: cannot read %s\n", file);
				return EX_TEMPFAIL;
			}
			int rc = too_big ? EX_DATAERR : take(s, raw, len, e->d_name);
			free(raw);
			if (rc == EX_TEMPFAIL) {
				closedir(d);
				return rc;
			}
			if (rc == EX_DATAERR) {
				refused++;
				continue;
			}
			taken++;
			/* maildir's way of saying "seen": new/NAME -> cur/NAME:2,S */
			if (k == 1) {
				char to[8192];
				snprintf(to, sizeof to, "%s/cur/%s%s", dir, e->d_name,
					 strchr(e->d_name, ':') ? "" : ":2,S");
				if (rename(file, to) != 0)
					fprintf(stderr, "kesu mailgate: cannot move %s to cur/: %s\n",
						file, strerror(errno));
			}
		}
		closedir(d);
	}
	printf("kesu mailgate: %d messages taken, %d refused as too large\n", taken, refused);
	return 0;
}

int cmd_mailgate(int argc, char **argv)
{
	static const struct option opts[] = {
		{"data", required_argument, NULL, 'd'},
		{"maildir", required_argument, NULL, 'm'},
		{"zone", required_argument, NULL, 'z'},
		{NULL, 0, NULL, 0},
	};
	const char *dir = NULL, *maildir = NULL, *zone = CLOCK_DEFAULT_ZONE;
	int o;
	opterr = 0;
	while ((o = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
		switch (o) {
		case 'd': dir = optarg; break;
		case 'm': maildir = optarg; break;
		case 'z': zone = optarg; break;
		case ':': return cli_usage("mailgate", "%s needs a value", argv[optind - 1]);
		default: return cli_usage("mailgate", "unknown option %s", argv[optind - 1]);
		}
	}
	if (optind < argc)
		return cli_usage("mailgate", "unexpected argument '%s'", argv[optind]);
	if (!dir)
		return cli_usage("mailgate", "--data DIR is required");
	if (clock_set_zone(zone))
		return cli_usage("mailgate", "unknown time zone '%s'", zone);
	/* read the message before anything can fail: a mail server that sees
	 * 75 keeps it, but only if we did not leave it half-read */
	size_t len = 0;
	char *raw = NULL;
	int too_big = 0;
	if (!maildir && !(raw = read_all(stdin, &len, &too_big))) {
		fprintf(stderr, "kesu mailgate: cannot read the message from standard input\n");
		return EX_TEMPFAIL;
	}
	if (too_big) {
		free(raw);
		fprintf(stderr, "kesu mailgate: the message is larger than %d MB\n", READ_MAX >> 20);
		return EX_DATAERR;
	}
	mail_init();
	struct kesu_err err = {0};
	struct store *s;
	/* trained models, if any, are read from DIR/models */
	analysis_init(dir);
	if (store_open(dir, STORE_EXISTING, &s, &err)) {
		free(raw);
		fprintf(stderr, "kesu mailgate: %s; try again later\n", err.message);
		return EX_TEMPFAIL;
	}
	int rc = maildir ? take_maildir(s, maildir) : take(s, raw, len, NULL);
	free(raw);
	store_close(s);
	return rc;
}
