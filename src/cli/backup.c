/*
 * backup.c - `kesu backup` and `kesu restore`: a data directory as one tar
 * file, taken while the server writes, and put back into a new directory.
 *
 * The tar holds what a restored server needs: kesu.db (a copy from one
 * read snapshot, attachments included, as they live in the database),
 * secret.key (which seals the channels' secrets, the second factors and
 * the portal's and Message-IDs' MACs) and admin.token when there is one;
 * last, kesu-backup.json: the counts the snapshot held and each file's
 * size and SHA-256, which restore checks before it puts anything in place.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <archive.h>
#include <archive_entry.h>
#include <dirent.h>
#include <jansson.h>
#include <sodium.h>

#include "../store/store.h"
#include "../util/clock.h"
#include "cli.h"

#define MANIFEST "kesu-backup.json"
#define FORMAT "kesu-backup"
#define FORMAT_VERSION 1
#define MANIFEST_MAX (64 * 1024)
#define CHUNK (1 << 20)
#define WRITEBACK (64 << 20)
#define PATH_IN_MAX 3900 /* so that DIR/kesu.db, FILE.tmp-XXXXXX fit in 4096 */

/* The files of a data directory a backup holds, in the order written.
 * The database is copied, not read from the directory (see
 * store_backup_copy); serve.lock and the WAL files are not kept. */
static const struct member {
	const char *name;
	int required;
	int64_t max; /* bytes a restore takes; 0: any */
} members[] = {
	{"kesu.db", 1, 0},
	{"secret.key", 1, 4096},
	{"admin.token", 0, 4096},
};
#define NMEMBERS (int)(sizeof members / sizeof *members)

/* dir/name into out; a path too long for out is cut, and then opens
 * nothing (the callers check their arguments' length first). */
static void join(char *out, size_t size, const char *dir, const char *name)
{
	if ((size_t)snprintf(out, size, "%s/%s", dir, name) >= size)
		out[0] = 0;
}

static double seconds_since(const struct timespec *t0)
{
	struct timespec t1;
	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (double)(t1.tv_sec - t0->tv_sec) + (double)(t1.tv_nsec - t0->tv_nsec) / 1e9;
}

static void hex(const unsigned char *h, char out[2 * crypto_hash_sha256_BYTES + 1])
{
	sodium_bin2hex(out, 2 * crypto_hash_sha256_BYTES + 1, h, crypto_hash_sha256_BYTES);
}

/* fsyncs the directory that holds path, so that a rename in it lasts. */
static int sync_parent(const char *path, struct kesu_err *err)
{
	char copy[4096];
	snprintf(copy, sizeof copy, "%s", path);
	const char *dir = dirname(copy);
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0 || fsync(fd) != 0) {
		int e = errno;
		if (fd >= 0)
			close(fd);
		return kesu_fail(err, KE_IO, "", "cannot sync %s: %s", dir, strerror(e));
	}
	close(fd);
	return 0;
}

/* --- kesu backup ------------------------------------------------------------ */

static int tar_fail(struct archive *a, const char *path, struct kesu_err *err)
{
	return kesu_fail(err, KE_IO, "", "cannot write %s: %s", path,
			 archive_error_string(a) ? archive_error_string(a) : "error");
}

static int tar_header(struct archive *a, const char *name, int64_t size, const char *out,
		      struct kesu_err *err)
{
	struct archive_entry *e = archive_entry_new();
	archive_entry_set_pathname(e, name);
	archive_entry_set_filetype(e, AE_IFREG);
	archive_entry_set_perm(e, 0600);
	archive_entry_set_size(e, size);
	archive_entry_set_mtime(e, time(NULL), 0);
	int rc = archive_write_header(a, e);
	archive_entry_free(e);
	return rc == ARCHIVE_OK ? 0 : tar_fail(a, out, err);
}

/* Starts writing out what is written to fd since *done, once that is
 * WRITEBACK bytes, and waits for the previous stretch: left to the final
 * fsync, gigabytes of dirty pages would make every fsync of the running
 * server wait behind them. */
static void writeback(int fd, off_t *done)
{
	off_t at = lseek(fd, 0, SEEK_CUR);
	if (at < 0 || at - *done < WRITEBACK)
		return;
	sync_file_range(fd, *done, at - *done, SYNC_FILE_RANGE_WRITE);
	if (*done >= WRITEBACK)
		sync_file_range(fd, *done - WRITEBACK, WRITEBACK,
				SYNC_FILE_RANGE_WAIT_BEFORE | SYNC_FILE_RANGE_WRITE |
					SYNC_FILE_RANGE_WAIT_AFTER);
	*done = at;
}

/* Adds the file at path as name; its size and SHA-256 go into files.
 * out_fd is the tar's file, out its name. */
static int tar_add_file(struct archive *a, int out_fd, const char *name, const char *path,
			json_t *files, const char *out, struct kesu_err *err)
{
	off_t done = lseek(out_fd, 0, SEEK_CUR);
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	struct stat st;
	if (fd < 0 || fstat(fd, &st) != 0) {
		int e = errno;
		if (fd >= 0)
			close(fd);
		return kesu_fail(err, KE_IO, "", "cannot read %s: %s", path, strerror(e));
	}
	int rc = tar_header(a, name, st.st_size, out, err);
	crypto_hash_sha256_state h;
	crypto_hash_sha256_init(&h);
	char *buf = malloc(CHUNK);
	int64_t left = st.st_size;
	while (!rc && left > 0) {
		ssize_t n = read(fd, buf, left < CHUNK ? (size_t)left : CHUNK);
		if (n <= 0) {
			rc = kesu_fail(err, KE_IO, "", "cannot read %s: %s", path,
				       n < 0 ? strerror(errno) : "it got shorter");
			break;
		}
		crypto_hash_sha256_update(&h, (unsigned char *)buf, (unsigned long long)n);
		if (archive_write_data(a, buf, (size_t)n) != n)
			rc = tar_fail(a, out, err);
		left -= n;
		writeback(out_fd, &done);
	}
	free(buf);
	close(fd);
	if (rc)
		return rc;
	unsigned char sum[crypto_hash_sha256_BYTES];
	char sumhex[2 * crypto_hash_sha256_BYTES + 1];
	crypto_hash_sha256_final(&h, sum);
	hex(sum, sumhex);
	json_object_set_new(files, name, json_pack("{s:I,s:s}", "size", (json_int_t)st.st_size,
						   "sha256", sumhex));
	return 0;
}

static json_t *counts_json(const struct store_counts *n)
{
	return json_pack("{s:i,s:I,s:I,s:I}", "schema_version", n->schema_version, "complaints",
			 (json_int_t)n->complaints, "events", (json_int_t)n->events,
			 "attachments", (json_int_t)n->attachments);
}

/* 0 if the copy holds what the snapshot held, else KE_IO saying what differs. */
static int counts_match(const struct store_counts *want, const struct store_counts *have,
			const char *what, struct kesu_err *err)
{
	if (want->complaints == have->complaints && want->events == have->events &&
	    want->attachments == have->attachments && want->schema_version == have->schema_version)
		return 0;
	return kesu_fail(err, KE_IO, "",
			 "%s holds %lld complaints, %lld events and %lld attachments (schema %d)"
			 " where %lld, %lld and %lld (schema %d) were expected",
			 what, (long long)have->complaints, (long long)have->events,
			 (long long)have->attachments, have->schema_version,
			 (long long)want->complaints, (long long)want->events,
			 (long long)want->attachments, want->schema_version);
}

/* Writes the tar of dir's files, with db (the checked copy) as kesu.db,
 * to the open file fd (path out, for messages). */
static int write_tar(int fd, const char *dir, const char *db, const struct store_counts *held,
		     const char *out, struct kesu_err *err)
{
	struct archive *a = archive_write_new();
	json_t *files = json_object();
	int rc = 0;
	if (archive_write_set_format_pax_restricted(a) != ARCHIVE_OK ||
	    archive_write_open_fd(a, fd) != ARCHIVE_OK)
		rc = tar_fail(a, out, err);
	for (int i = 0; !rc && i < NMEMBERS; i++) {
		char path[4096];
		if (i == 0)
			snprintf(path, sizeof path, "%s", db);
		else
			join(path, sizeof path, dir, members[i].name);
		if (!members[i].required && access(path, F_OK) != 0)
			continue;
		rc = tar_add_file(a, fd, members[i].name, path, files, out, err);
	}
	if (!rc) {
		char at[40];
		json_t *m = counts_json(held);
		json_object_set_new(m, "format", json_string(FORMAT));
		json_object_set_new(m, "version", json_integer(FORMAT_VERSION));
		json_object_set_new(m, "created_at",
				    json_string(clock_format(clock_now_ms(), at, sizeof at)));
		json_object_set(m, "files", files);
		char *text = json_dumps(m, JSON_INDENT(2) | JSON_SORT_KEYS);
		json_decref(m);
		size_t n = strlen(text);
		rc = tar_header(a, MANIFEST, (int64_t)n, out, err);
		if (!rc && archive_write_data(a, text, n) != (ssize_t)n)
			rc = tar_fail(a, out, err);
		free(text);
	}
	if (!rc && archive_write_close(a) != ARCHIVE_OK)
		rc = tar_fail(a, out, err);
	archive_write_free(a);
	json_decref(files);
	return rc;
}

static int is_pg_node(const char *dir)
{
	char path[4096];
	join(path, sizeof path, dir, "store.conf");
	return access(path, F_OK) == 0;
}

static void remove_snapshot(const char *snap)
{
	static const char *const names[] = {"kesu.db", "kesu.db-wal", "kesu.db-shm", "secret.key",
					    "admin.token", "serve.lock"};
	char path[4096];
	for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
		join(path, sizeof path, snap, names[i]);
		unlink(path);
	}
	rmdir(snap);
}

static int copy_file(const char *from, const char *to, int required, struct kesu_err *err)
{
	char buf[4096];
	int in = open(from, O_RDONLY | O_CLOEXEC);
	if (in < 0)
		return required ? kesu_fail(err, KE_IO, "", "cannot read %s: %s", from, strerror(errno))
				: 0;
	ssize_t n = read(in, buf, sizeof buf);
	close(in);
	int out = open(to, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	int bad = n < 0 || out < 0 || write(out, buf, (size_t)n) != n;
	if (out >= 0)
		close(out);
	return bad ? kesu_fail(err, KE_IO, "", "cannot write %s", to) : 0;
}

/* The PostgreSQL store of node dir copied into a new SQLite data
 * directory snap, with the node's key and administrator token. */
static int snapshot_pg(const char *dir, const char *snap, struct kesu_err *err)
{
	char from[4096], to[4096];
	join(from, sizeof from, dir, "secret.key");
	join(to, sizeof to, snap, "secret.key");
	if (copy_file(from, to, 1, err))
		return -err->code;
	join(from, sizeof from, dir, "admin.token");
	join(to, sizeof to, snap, "admin.token");
	if (copy_file(from, to, 0, err))
		return -err->code;
	struct store *src = NULL, *dst = NULL;
	int rc = store_open(dir, STORE_EXISTING, &src, err);
	if (!rc)
		rc = store_open(snap, STORE_CREATE, &dst, err);
	int64_t rows;
	int tables;
	if (!rc)
		rc = store_copy(src, dst, &rows, &tables, err);
	store_close(src);
	store_close(dst);
	return rc;
}

int cmd_backup(int argc, char **argv)
{
	static const struct option opts[] = {
		{"data", required_argument, NULL, 'd'},
		{"output", required_argument, NULL, 'o'},
		{NULL, 0, NULL, 0},
	};
	const char *dir = NULL, *out = NULL;
	int o;
	opterr = 0;
	while ((o = getopt_long(argc, argv, ":o:", opts, NULL)) != -1) {
		switch (o) {
		case 'd': dir = optarg; break;
		case 'o': out = optarg; break;
		case ':': return cli_usage("backup", "%s needs a value", argv[optind - 1]);
		default: return cli_usage("backup", "unknown option %s", argv[optind - 1]);
		}
	}
	if (optind < argc)
		return cli_usage("backup", "unexpected argument '%s'", argv[optind]);
	if (!dir || !out)
		return cli_usage("backup", "--data DIR and -o FILE are required");
	if (strlen(dir) > PATH_IN_MAX || strlen(out) > PATH_IN_MAX)
		return cli_usage("backup", "paths are limited to %d bytes", PATH_IN_MAX);
	/* every file made here, SQLite's journal of the copy included, is
	 * for the owner alone from its creation */
	umask(077);
	struct kesu_err err = {0};
	struct timespec t0;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	/* A node of a PostgreSQL store: its database is first copied, from
	 * one snapshot while the nodes go on writing, into a SQLite data
	 * directory beside FILE, which is then backed up as any is: one
	 * backup format for both stores, restored by `kesu restore` (and moved
	 * back to PostgreSQL by `kesu store copy`). */
	char snap[4096] = "";
	if (is_pg_node(dir)) {
		snprintf(snap, sizeof snap, "%s.pg-XXXXXX", out);
		if (!mkdtemp(snap)) {
			kesu_fail(&err, KE_IO, "", "cannot write next to %s: %s", out, strerror(errno));
			return cli_fail(&err);
		}
		if (snapshot_pg(dir, snap, &err)) {
			remove_snapshot(snap);
			return cli_fail(&err);
		}
		dir = snap;
	}
	char db[4096], tmp[4096];
	snprintf(db, sizeof db, "%s.db-XXXXXX", out);
	snprintf(tmp, sizeof tmp, "%s.tmp-XXXXXX", out);
	int dbfd = mkstemp(db);
	if (dbfd < 0) {
		kesu_fail(&err, KE_IO, "", "cannot write next to %s: %s", out, strerror(errno));
		return cli_fail(&err);
	}
	close(dbfd);
	int fd = -1;
	struct store_counts held, found;
	int rc = store_backup_copy(dir, db, &held, &err);
	if (!rc && !(rc = store_backup_verify(db, &found, &err)))
		rc = counts_match(&held, &found, "the copy", &err);
	if (!rc && (fd = mkstemp(tmp)) < 0)
		rc = kesu_fail(&err, KE_IO, "", "cannot write next to %s: %s", out,
			       strerror(errno));
	if (!rc)
		rc = write_tar(fd, dir, db, &held, out, &err);
	if (!rc && fsync(fd) != 0)
		rc = kesu_fail(&err, KE_IO, "", "cannot write %s: %s", out, strerror(errno));
	if (fd >= 0 && close(fd) != 0 && !rc)
		rc = kesu_fail(&err, KE_IO, "", "cannot write %s: %s", out, strerror(errno));
	if (!rc && rename(tmp, out) != 0)
		rc = kesu_fail(&err, KE_IO, "", "cannot write %s: %s", out, strerror(errno));
	if (!rc)
		rc = sync_parent(out, &err);
	unlink(db);
	if (snap[0])
		remove_snapshot(snap);
	if (rc) {
		if (fd >= 0)
			unlink(tmp);
		return cli_fail(&err);
	}
	struct stat st;
	stat(out, &st);
	printf("kesu: backed up %lld complaints, %lld events and %lld attachments to %s"
	       " (%.1f MB) in %.1f s\n",
	       (long long)held.complaints, (long long)held.events, (long long)held.attachments,
	       out, (double)st.st_size / 1e6, seconds_since(&t0));
	return 0;
}

/* --- kesu restore ----------------------------------------------------------- */

struct got {
	int seen;
	int64_t size;
	char sha256[2 * crypto_hash_sha256_BYTES + 1];
};

static int damaged(const char *file, struct archive *a, struct kesu_err *err)
{
	return kesu_fail(err, KE_INVALID_VALUE, "",
			 "%s is not a kesu backup, or is damaged or cut short: %s", file,
			 archive_error_string(a) ? archive_error_string(a) : "unreadable");
}

/* Copies the entry's data to stage/name (at most max bytes; 0: any). */
static int extract(struct archive *a, const char *file, const char *stage, const char *name,
		   int64_t max, struct got *g, struct kesu_err *err)
{
	char path[4096];
	join(path, sizeof path, stage, name);
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0)
		return kesu_fail(err, KE_IO, "", "cannot write %s: %s", path, strerror(errno));
	crypto_hash_sha256_state h;
	crypto_hash_sha256_init(&h);
	char *buf = malloc(CHUNK);
	int rc = 0;
	ssize_t n;
	while ((n = archive_read_data(a, buf, CHUNK)) > 0) {
		g->size += n;
		if (max && g->size > max) {
			rc = kesu_fail(err, KE_INVALID_VALUE, "",
				       "%s is not a kesu backup: its %s is too large", file, name);
			break;
		}
		crypto_hash_sha256_update(&h, (unsigned char *)buf, (unsigned long long)n);
		if (write(fd, buf, (size_t)n) != n) {
			rc = kesu_fail(err, KE_IO, "", "cannot write %s: %s", path,
				       strerror(errno));
			break;
		}
	}
	if (!rc && n < 0)
		rc = damaged(file, a, err);
	if (!rc && fsync(fd) != 0)
		rc = kesu_fail(err, KE_IO, "", "cannot write %s: %s", path, strerror(errno));
	close(fd);
	free(buf);
	unsigned char sum[crypto_hash_sha256_BYTES];
	crypto_hash_sha256_final(&h, sum);
	hex(sum, g->sha256);
	return rc;
}

/* Reads the manifest entry into a new JSON object. */
static json_t *read_manifest(struct archive *a, const char *file, struct kesu_err *err)
{
	char *buf = malloc(MANIFEST_MAX + 1);
	size_t len = 0;
	ssize_t n;
	while ((n = archive_read_data(a, buf + len, MANIFEST_MAX + 1 - len)) > 0 &&
	       len + (size_t)n <= MANIFEST_MAX)
		len += (size_t)n;
	json_t *m = NULL;
	if (n < 0)
		damaged(file, a, err);
	else if (n > 0)
		kesu_fail(err, KE_INVALID_VALUE, "", "%s is not a kesu backup: its %s is too large",
			  file, MANIFEST);
	else if (!(m = json_loadb(buf, len, JSON_REJECT_DUPLICATES, NULL)) || !json_is_object(m) ||
		 !json_is_string(json_object_get(m, "format")) ||
		 strcmp(json_string_value(json_object_get(m, "format")), FORMAT) != 0) {
		json_decref(m);
		m = NULL;
		kesu_fail(err, KE_INVALID_VALUE, "", "%s is not a kesu backup: %s is not kesu's",
			  file, MANIFEST);
	} else if (json_integer_value(json_object_get(m, "version")) != FORMAT_VERSION) {
		kesu_fail(err, KE_INVALID_VALUE, "",
			  "%s is a kesu backup of format %lld, this kesu reads %d: use a newer kesu",
			  file, (long long)json_integer_value(json_object_get(m, "version")),
			  FORMAT_VERSION);
		json_decref(m);
		m = NULL;
	}
	free(buf);
	return m;
}

/* Unpacks file into the new directory stage and checks every file against
 * the manifest and the database against the counts it states. */
static int unpack(const char *file, const char *stage, struct store_counts *counts,
		  struct kesu_err *err)
{
	struct archive *a = archive_read_new();
	archive_read_support_format_tar(a);
	archive_read_support_filter_gzip(a);
	archive_read_support_filter_xz(a);
	archive_read_support_filter_zstd(a);
	struct got got[NMEMBERS] = {{0}};
	json_t *m = NULL;
	struct archive_entry *e;
	int rc = 0, r = ARCHIVE_OK;
	if (archive_read_open_filename(a, file, CHUNK) != ARCHIVE_OK) {
		int why = archive_errno(a);
		rc = why == ENOENT || why == EACCES || why == EISDIR
			     ? kesu_fail(err, KE_IO, "", "cannot read %s: %s", file, strerror(why))
			     : damaged(file, a, err);
		goto done;
	}
	while (!rc && (r = archive_read_next_header(a, &e)) == ARCHIVE_OK) {
		const char *name = archive_entry_pathname(e);
		int k = -1;
		for (int i = 0; i < NMEMBERS; i++)
			if (name && strcmp(name, members[i].name) == 0)
				k = i;
		if ((k < 0 && (!name || strcmp(name, MANIFEST) != 0)) ||
		    archive_entry_filetype(e) != AE_IFREG)
			rc = kesu_fail(err, KE_INVALID_VALUE, "",
				       "%s is not a kesu backup: it holds '%s'", file,
				       name ? name : "?");
		else if ((k < 0 && m) || (k >= 0 && got[k].seen))
			rc = kesu_fail(err, KE_INVALID_VALUE, "",
				       "%s is not a kesu backup: it holds %s twice", file, name);
		else if (k < 0)
			rc = (m = read_manifest(a, file, err)) ? 0 : -err->code;
		else {
			got[k].seen = 1;
			rc = extract(a, file, stage, name, members[k].max, &got[k], err);
		}
	}
	if (!rc && r != ARCHIVE_EOF)
		rc = damaged(file, a, err);
	if (!rc && !m)
		rc = kesu_fail(err, KE_INVALID_VALUE, "",
			       "%s is not a kesu backup, or is cut short: it has no %s", file,
			       MANIFEST);
	json_t *files = m ? json_object_get(m, "files") : NULL;
	for (int i = 0; !rc && i < NMEMBERS; i++) {
		json_t *f = json_object_get(files, members[i].name);
		if (!f && !got[i].seen && !members[i].required)
			continue;
		if (!f || !got[i].seen)
			rc = kesu_fail(err, KE_INVALID_VALUE, "", "%s is damaged or cut short: %s is missing",
				       file, members[i].name);
		else if (json_integer_value(json_object_get(f, "size")) != got[i].size ||
			 !json_is_string(json_object_get(f, "sha256")) ||
			 strcmp(json_string_value(json_object_get(f, "sha256")), got[i].sha256) != 0)
			rc = kesu_fail(err, KE_INVALID_VALUE, "",
				       "%s is damaged: %s is not the file that was backed up (size or SHA-256 differ)",
				       file, members[i].name);
	}
	if (!rc) {
		struct store_counts want = {
			.complaints = json_integer_value(json_object_get(m, "complaints")),
			.events = json_integer_value(json_object_get(m, "events")),
			.attachments = json_integer_value(json_object_get(m, "attachments")),
			.schema_version = (int)json_integer_value(json_object_get(m, "schema_version")),
		};
		char path[4096];
		join(path, sizeof path, stage, "kesu.db");
		rc = store_backup_verify(path, counts, err);
		if (!rc)
			rc = counts_match(&want, counts, "the backup's database", err);
	}
done:
	json_decref(m);
	archive_read_free(a);
	return rc;
}

/* Removes the staging directory and what restore put in it. */
static void remove_stage(const char *stage)
{
	char path[4096];
	for (int i = 0; i < NMEMBERS; i++) {
		join(path, sizeof path, stage, members[i].name);
		unlink(path);
	}
	rmdir(stage);
}

/* 1 if dir has nothing but . and .., 0 if it has, -1 if it cannot be read. */
static int dir_empty(const char *dir)
{
	DIR *d = opendir(dir);
	if (!d)
		return -1;
	struct dirent *e;
	int empty = 1;
	while ((e = readdir(d)))
		if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
			empty = 0;
	closedir(d);
	return empty;
}

int cmd_restore(int argc, char **argv)
{
	static const struct option opts[] = {
		{"data", required_argument, NULL, 'd'},
		{"force", no_argument, NULL, 'f'},
		{NULL, 0, NULL, 0},
	};
	const char *dir = NULL;
	int force = 0, o;
	opterr = 0;
	while ((o = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
		switch (o) {
		case 'd': dir = optarg; break;
		case 'f': force = 1; break;
		case ':': return cli_usage("restore", "%s needs a value", argv[optind - 1]);
		default: return cli_usage("restore", "unknown option %s", argv[optind - 1]);
		}
	}
	if (!dir)
		return cli_usage("restore", "--data DIR is required");
	if (optind != argc - 1)
		return cli_usage("restore", "name one backup FILE");
	const char *file = argv[optind];
	if (strlen(dir) > PATH_IN_MAX)
		return cli_usage("restore", "paths are limited to %d bytes", PATH_IN_MAX);
	/* DIR/ would put the directory that is unpacked into inside DIR */
	char dirbuf[PATH_IN_MAX + 1];
	snprintf(dirbuf, sizeof dirbuf, "%s", dir);
	for (size_t k = strlen(dirbuf); k > 1 && dirbuf[k - 1] == '/'; k--)
		dirbuf[k - 1] = 0;
	dir = dirbuf;
	umask(077);
	struct kesu_err err = {0};
	struct timespec t0;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	/* what is in DIR stays unless --force says to replace it, and even
	 * then not under a running server */
	struct stat st;
	int exists = stat(dir, &st) == 0, lock_fd = -1;
	if (!exists && errno != ENOENT) {
		kesu_fail(&err, KE_IO, "", "cannot use %s: %s", dir, strerror(errno));
		return cli_fail(&err);
	}
	int empty = exists ? S_ISDIR(st.st_mode) ? dir_empty(dir) : 0 : 1;
	if (exists && !S_ISDIR(st.st_mode)) {
		kesu_fail(&err, KE_IO, "", "%s is not a directory", dir);
		return cli_fail(&err);
	}
	if (empty < 0) {
		kesu_fail(&err, KE_IO, "", "cannot read %s: %s", dir, strerror(errno));
		return cli_fail(&err);
	}
	if (!empty && !force) {
		kesu_fail(&err, KE_CONFLICT, "",
			  "%s is not empty: restore into a new directory, or add --force to replace"
			  " what it holds (it is kept aside)",
			  dir);
		return cli_fail(&err);
	}
	if (!empty) {
		char lock[4096];
		join(lock, sizeof lock, dir, "serve.lock");
		lock_fd = open(lock, O_RDWR | O_CLOEXEC | O_NOFOLLOW);
		if (lock_fd >= 0 && flock(lock_fd, LOCK_EX | LOCK_NB) != 0) {
			close(lock_fd);
			kesu_fail(&err, KE_CONFLICT, "", "a kesu serve is using %s: stop it first", dir);
			return cli_fail(&err);
		}
	}
	char stage[4096];
	snprintf(stage, sizeof stage, "%s.restore-XXXXXX", dir);
	if (!mkdtemp(stage)) {
		kesu_fail(&err, KE_IO, "", "cannot create a directory next to %s: %s", dir,
			  strerror(errno));
		if (lock_fd >= 0)
			close(lock_fd);
		return cli_fail(&err);
	}
	struct store_counts n;
	char aside[4200] = "";
	int rc = unpack(file, stage, &n, &err);
	if (!rc) {
		int sfd = open(stage, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (sfd < 0 || fsync(sfd) != 0)
			rc = kesu_fail(&err, KE_IO, "", "cannot sync %s: %s", stage, strerror(errno));
		if (sfd >= 0)
			close(sfd);
	}
	if (!rc && !empty) {
		char at[40];
		time_t now = time(NULL);
		strftime(at, sizeof at, "%Y%m%dT%H%M%SZ", gmtime(&now));
		snprintf(aside, sizeof aside, "%s.replaced-%s", dir, at);
		if (rename(dir, aside) != 0)
			rc = kesu_fail(&err, KE_IO, "", "cannot move %s aside: %s", dir,
				       strerror(errno));
	}
	/* an empty directory is replaced by the rename itself */
	if (!rc && rename(stage, dir) != 0) {
		rc = kesu_fail(&err, KE_IO, "", "cannot put the backup in %s: %s", dir,
			       strerror(errno));
		if (aside[0])
			rename(aside, dir);
	}
	if (!rc)
		rc = sync_parent(dir, &err);
	if (lock_fd >= 0)
		close(lock_fd);
	if (rc) {
		remove_stage(stage);
		return cli_fail(&err);
	}
	printf("kesu: restored %lld complaints, %lld events and %lld attachments (schema %d)"
	       " into %s in %.1f s\n",
	       (long long)n.complaints, (long long)n.events, (long long)n.attachments,
	       n.schema_version, dir, seconds_since(&t0));
	if (aside[0])
		printf("kesu: what %s held is now in %s\n", dir, aside);
	return 0;
}
