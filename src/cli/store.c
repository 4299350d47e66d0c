/*
 * store.c - `kesu store copy`: an installation moved between stores, from
 * a SQLite data directory to a PostgreSQL database and back.
 *
 * The source is read from one snapshot while nothing serves it (its serve
 * lock is taken); the target is new: a node's directory for the database
 * (--data), or a new data directory. The source's key goes with the data,
 * since it seals what the data holds.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../store/store.h"
#include "../util/clock.h"
#include "cli.h"

/* Copies DIR/secret.key into the new directory dest (made, 0700). */
static int copy_key(const char *src_dir, const char *dest, struct kesu_err *err)
{
	char from[4096], to[4096];
	unsigned char key[256];
	snprintf(from, sizeof from, "%s/secret.key", src_dir);
	snprintf(to, sizeof to, "%s/secret.key", dest);
	if (mkdir(dest, 0700) != 0 && errno != EEXIST)
		return kesu_fail(err, KE_IO, "to", "cannot create %s: %s", dest, strerror(errno));
	int in = open(from, O_RDONLY | O_CLOEXEC);
	ssize_t n = in >= 0 ? read(in, key, sizeof key) : -1;
	if (in >= 0)
		close(in);
	if (n <= 0)
		return kesu_fail(err, KE_IO, "from", "cannot read %s", from);
	int out = open(to, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (out < 0)
		return kesu_fail(err, KE_IO, "to", "%s: %s (the target must be new)", to,
				 strerror(errno));
	int bad = write(out, key, (size_t)n) != n || fsync(out) != 0;
	close(out);
	return bad ? kesu_fail(err, KE_IO, "to", "cannot write %s", to) : 0;
}

/* DIR/admin.token, if there is one, goes along: the administrator's
 * token is in the copied data. */
static void copy_token(const char *src_dir, const char *dest)
{
	char from[4096], to[4096], buf[256];
	snprintf(from, sizeof from, "%s/admin.token", src_dir);
	snprintf(to, sizeof to, "%s/admin.token", dest);
	int in = open(from, O_RDONLY | O_CLOEXEC);
	if (in < 0)
		return;
	ssize_t n = read(in, buf, sizeof buf);
	close(in);
	int out = n > 0 ? open(to, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600) : -1;
	if (out >= 0) {
		if (write(out, buf, (size_t)n) != n)
			unlink(to);
		close(out);
	}
}

static int copy(const char *from, const char *to, const char *node_dir)
{
	struct kesu_err err = {0};
	int pg = strncmp(to, "postgresql://", 13) == 0 || strncmp(to, "postgres://", 11) == 0;
	const char *dest = pg ? node_dir : to;
	if (pg && !node_dir)
		return cli_usage("store", "copy --to postgresql://... needs --data NEWDIR, the new node's directory");
	if (!pg && node_dir)
		return cli_usage("store", "--data is for a copy to PostgreSQL; --to DIR is the new directory");
	struct stat sb;
	if (stat(dest, &sb) == 0) {
		char probe[4096];
		snprintf(probe, sizeof probe, "%s/secret.key", dest);
		if (access(probe, F_OK) == 0)
			return cli_usage("store", "%s already holds an installation: copy into a new directory", dest);
	}
	struct store *src = NULL, *dst = NULL;
	if (store_open(from, STORE_EXISTING, &src, &err))
		return cli_fail(&err);
	if (store_lock_serve(src, &err)) {
		store_close(src);
		return cli_fail(&err);
	}
	int rc = copy_key(from, dest, &err);
	if (!rc)
		copy_token(from, dest);
	if (!rc)
		rc = pg ? store_create_node(dest, to, 0, &dst, &err)
			: store_open(dest, STORE_CREATE, &dst, &err);
	int64_t rows = 0;
	int tables = 0;
	int64_t t0 = clock_now_ms();
	if (!rc)
		rc = store_copy(src, dst, &rows, &tables, &err);
	int64_t complaints = 0, events = 0;
	if (!rc)
		rc = store_check(dst, &complaints, &events, &err);
	store_close(src);
	store_close(dst);
	if (rc)
		return cli_fail(&err);
	printf("kesu: copied %s to %s: %d tables, %lld rows (%lld complaints, %lld events) in %.1f s;"
	       " counts match and the search index is consistent\n",
	       from, pg ? dest : to, tables, (long long)rows, (long long)complaints, (long long)events,
	       (double)(clock_now_ms() - t0) / 1000.0);
	if (pg)
		printf("kesu: %s is a node of that database; `kesu audit verify --data %s` checks its chains\n",
		       dest, dest);
	return 0;
}

int cmd_store(int argc, char **argv)
{
	static const struct option opts[] = {
		{"from", required_argument, NULL, 'f'},
		{"to", required_argument, NULL, 't'},
		{"data", required_argument, NULL, 'd'},
		{NULL, 0, NULL, 0},
	};
	if (argc < 2 || strcmp(argv[1], "copy") != 0)
		return cli_usage("store", "the only subcommand is copy");
	const char *from = NULL, *to = NULL, *node = NULL;
	int o;
	opterr = 0;
	optind = 2;
	while ((o = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
		switch (o) {
		case 'f': from = optarg; break;
		case 't': to = optarg; break;
		case 'd': node = optarg; break;
		case ':': return cli_usage("store", "%s needs a value", argv[optind - 1]);
		default: return cli_usage("store", "unknown option %s", argv[optind - 1]);
		}
	}
	if (optind < argc)
		return cli_usage("store", "unexpected argument '%s'", argv[optind]);
	if (!from || !to)
		return cli_usage("store", "copy needs --from DIR and --to (postgresql://... or DIR)");
	return copy(from, to, node);
}
