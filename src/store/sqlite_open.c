/*
 * sqlite_open.c - a data directory: its files (the database, the secret
 * key, the serve lock), opening it with the schema migrations applied in
 * order, closing it, and checking it.
 */
#include "sqlite_int.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../text/text.h"
#include "../util/clock.h"
#include "../util/embedded.h"
#include "../util/log.h"

#define DB_FILE "kesu.db"
#define KEY_FILE "secret.key"
#define LOCK_FILE "serve.lock"
#define MIGRATIONS "src/store/schema/sqlite/"

/* --- Migrations ---------------------------------------------------------- */

static int applied_version(struct store_conn *c, struct kesu_err *err)
{
	if (exec_plain(c,
		       "CREATE TABLE IF NOT EXISTS schema_migrations ("
		       " version INTEGER PRIMARY KEY, name TEXT NOT NULL,"
		       " applied_at INTEGER NOT NULL)",
		       err))
		return -1;
	sqlite3_stmt *st;
	int v = 0;
	if (sqlite3_prepare_v2(c->db, "SELECT coalesce(max(version), 0) FROM schema_migrations",
			       -1, &st, NULL) != SQLITE_OK)
		return sql_fail(c, sqlite3_errcode(c->db), "migrations", err), -1;
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return v;
}

/* 1 if migration v was applied, 0 if not, -1 on error. */
static int was_applied(struct store_conn *c, int v, struct kesu_err *err)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(c->db, "SELECT 1 FROM schema_migrations WHERE version = ?", -1, &st,
			       NULL) != SQLITE_OK)
		return sql_fail(c, sqlite3_errcode(c->db), "migrations", err), -1;
	sqlite3_bind_int(st, 1, v);
	int rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc == SQLITE_ROW || rc == SQLITE_DONE)
		return rc == SQLITE_ROW;
	return sql_fail(c, rc, "migrations", err), -1;
}

/* Migrations are the embedded files NNNN_name.sql, applied in order. */
static int migration_number(const struct embedded_file *f)
{
	size_t n = strlen(MIGRATIONS);
	if (strncmp(f->name, MIGRATIONS, n) != 0)
		return 0;
	return atoi(f->name + n);
}

static int latest_migration(void)
{
	int max = 0;
	for (const struct embedded_file *f = embedded_files; f->name; f++)
		if (migration_number(f) > max)
			max = migration_number(f);
	return max;
}

/* 0 if no row references a missing one (PRAGMA foreign_key_check). */
static int foreign_keys_hold(struct store_conn *c, struct kesu_err *err)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(c->db, "PRAGMA foreign_key_check", -1, &st, NULL) != SQLITE_OK)
		return sql_fail(c, sqlite3_errcode(c->db), "foreign key check", err);
	int rc = sqlite3_step(st);
	char table[64] = "";
	if (rc == SQLITE_ROW)
		snprintf(table, sizeof table, "%s", (const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	if (rc == SQLITE_ROW)
		return kesu_fail(err, KE_INTERNAL, "", "a row of %s references a missing row", table);
	return rc == SQLITE_DONE ? 0 : sql_fail(c, rc, "foreign key check", err);
}

static int migrate(struct store *s, int allowed, struct kesu_err *err)
{
	struct store_conn *c = s->writer;
	int have = applied_version(c, err);
	if (have < 0)
		return -err->code;
	int want = latest_migration();
	if (have > want)
		return kesu_fail(err, KE_IO, "",
				 "%s has schema version %d but this kesu knows only %d: use a newer kesu",
				 s->dir, have, want);
	/* Every migration not applied yet is, in order, whatever the highest
	 * one applied: each is recorded by its own row, so a data directory
	 * that lacks one in the middle gets it, and a number without a file
	 * is no migration. */
	for (int v = 1; v <= want; v++) {
		const struct embedded_file *f = NULL;
		for (const struct embedded_file *e = embedded_files; e->name; e++)
			if (migration_number(e) == v)
				f = e;
		if (!f)
			continue;
		int done = was_applied(c, v, err);
		if (done < 0)
			return -err->code;
		if (done)
			continue;
		if (!allowed)
			return kesu_fail(err, KE_IO, "",
					 "%s lacks schema migration %d (it has %d), this kesu needs %d: run `kesu init --data %s` to upgrade",
					 s->dir, v, have, want, s->dir);
		/* A migration may rebuild a table (SQLite's way to change a
		 * constraint): foreign keys are off while it runs and checked
		 * before it commits. The pragma is a no-op inside a transaction. */
		if (exec_plain(c, "PRAGMA foreign_keys=OFF", err) ||
		    exec_plain(c, "BEGIN IMMEDIATE", err))
			return -err->code;
		char *sql = sqlite3_mprintf(
			"%s;\nINSERT INTO schema_migrations(version, name, applied_at)"
			" VALUES (%d, %Q, %lld);",
			(const char *)f->data, v, f->name + strlen(MIGRATIONS),
			(long long)clock_now_ms());
		int rc = exec_plain(c, sql, err);
		sqlite3_free(sql);
		if (!rc)
			rc = foreign_keys_hold(c, err);
		if (rc || exec_plain(c, "COMMIT", err)) {
			char why[sizeof err->message];
			snprintf(why, sizeof why, "%s", err->message); /* kesu_fail writes over it */
			exec_plain(c, "ROLLBACK", NULL);
			exec_plain(c, "PRAGMA foreign_keys=ON", NULL);
			return kesu_fail(err, err->code ? err->code : KE_INTERNAL, "",
					 "migration %s failed: %s", f->name, why);
		}
		if (exec_plain(c, "PRAGMA foreign_keys=ON", err))
			return -err->code;
		log_info("store: applied migration %s", f->name);
		s->migrations_applied++;
	}
	s->schema_version = want;
	return 0;
}

/* The search indexes depend on the folding table; if that changed (a new
 * OpenCC or Unicode version), they are rebuilt from the complaints and the
 * knowledge base's articles. */
static int check_search_index(struct store *s, struct kesu_err *err)
{
	char want[32], have[32] = "";
	snprintf(want, sizeof want, "%016" PRIx64, text_fingerprint());
	meta_get(s->writer, "search_fingerprint", have, sizeof have);
	if (strcmp(want, have) == 0)
		return 0;
	if (have[0])
		log_warn("store: search folding changed, rebuilding the search index");
	if (exec_plain(s->writer, "BEGIN IMMEDIATE", err))
		return -err->code;
	if ((have[0] &&
	     (exec_plain(s->writer,
			 "INSERT INTO complaints_fts(complaints_fts) VALUES('rebuild')", err) ||
	      exec_plain(s->writer,
			 "INSERT INTO kb_articles_fts(kb_articles_fts) VALUES('rebuild')", err))) ||
	    meta_set(s->writer, "search_fingerprint", want, err) ||
	    exec_plain(s->writer, "COMMIT", err)) {
		exec_plain(s->writer, "ROLLBACK", NULL);
		return -err->code;
	}
	return 0;
}

/* --- Opening and closing ------------------------------------------------- */

static int read_or_make_key(struct store *s, int create, struct kesu_err *err)
{
	char path[4096];
	snprintf(path, sizeof path, "%s/%s", s->dir, KEY_FILE);
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0 && errno == ENOENT && create) {
		unsigned char key[SECRET_KEY_LEN];
		ids_random_bytes(key, sizeof key);
		fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
		if (fd < 0 || write(fd, key, sizeof key) != (ssize_t)sizeof key ||
		    fsync(fd) != 0) {
			int e = errno;
			if (fd >= 0)
				close(fd);
			return kesu_fail(err, KE_IO, "", "cannot write %s: %s", path,
					 strerror(e));
		}
		close(fd);
		fd = open(path, O_RDONLY | O_CLOEXEC);
	}
	if (fd < 0)
		return kesu_fail(err, KE_IO, "", "cannot read %s: %s", path,
				 strerror(errno));
	ssize_t n = read(fd, s->secret, sizeof s->secret);
	close(fd);
	if (n != (ssize_t)sizeof s->secret)
		return kesu_fail(err, KE_IO, "", "%s is damaged (expected %d bytes)", path,
				 SECRET_KEY_LEN);
	return 0;
}

static int check_dir(const char *dir, int create, struct kesu_err *err)
{
	struct stat st;
	if (stat(dir, &st) != 0) {
		if (errno != ENOENT)
			return kesu_fail(err, KE_IO, "", "cannot use %s: %s", dir,
					 strerror(errno));
		if (!create)
			return kesu_fail(err, KE_NOT_FOUND, "",
					 "data directory %s does not exist: create it with `kesu init --data %s`",
					 dir, dir);
		if (mkdir(dir, 0700) != 0)
			return kesu_fail(err, KE_IO, "", "cannot create %s: %s", dir,
					 strerror(errno));
		return 0;
	}
	if (!S_ISDIR(st.st_mode))
		return kesu_fail(err, KE_IO, "", "%s is not a directory", dir);
	if (access(dir, W_OK | X_OK) != 0)
		return kesu_fail(err, KE_IO, "", "%s is not writable: %s", dir,
				 strerror(errno));
	if (create) {
		/* Never scatter a database into a directory that holds other
		 * things (a home directory, /etc): it must be new, empty, or
		 * already kesu's. */
		char path[4096];
		char conf[4096];
		snprintf(path, sizeof path, "%s/" DB_FILE, dir);
		snprintf(conf, sizeof conf, "%s/store.conf", dir);
		if (access(path, F_OK) != 0 && access(conf, F_OK) != 0) {
			DIR *d = opendir(dir);
			struct dirent *e;
			int other = 0;
			/* kesu's own files may be left by an init that failed */
			static const char *const own[] = {".", "..", KEY_FILE, "admin.token", "store.conf",
							   LOCK_FILE, DB_FILE "-wal",
							   DB_FILE "-shm", DB_FILE "-journal"};
			while (d && (e = readdir(d))) {
				int mine = 0;
				for (size_t i = 0; i < sizeof own / sizeof *own; i++)
					mine |= strcmp(e->d_name, own[i]) == 0;
				other |= !mine;
			}
			if (d)
				closedir(d);
			if (other)
				return kesu_fail(err, KE_IO, "",
						 "%s is not empty and holds no kesu database: use a new or empty directory",
						 dir);
		}
	}
	return 0;
}

static int open_dir(const char *dir, enum store_mode mode, int join, struct store **out,
		    struct kesu_err *err)
{
	*out = NULL;
	const char *why;
	if (text_init(&why))
		return kesu_fail(err, KE_INTERNAL, "", "%s", why);
	int create = mode == STORE_CREATE;
	int rc = check_dir(dir, create, err);
	if (rc)
		return rc;
	struct store *s = calloc(1, sizeof *s);
	s->dir = strdup(dir);
	s->lock_fd = -1;
	size_t n = strlen(dir) + sizeof DB_FILE + 2;
	s->db_path = malloc(n);
	snprintf(s->db_path, n, "%s/%s", dir, DB_FILE);
	pthread_mutex_init(&s->pool_mu, NULL);
	/* A node of a PostgreSQL store keeps its address in store.conf. */
	int pg = pg_conf_read(dir, &s->pg_url, err);
	if (pg < 0)
		goto fail;
	if (pg) {
		if (pg_store_open(s, create, join, err))
			goto fail;
		*out = s;
		return 0;
	}
	if (!create && access(s->db_path, F_OK) != 0) {
		kesu_fail(err, KE_NOT_FOUND, "",
			  "%s holds no kesu database: run `kesu init --data %s` first", dir,
			  dir);
		goto fail;
	}
	if (read_or_make_key(s, create, err))
		goto fail;
	s->writer = conn_open(s, CONN_WRITER, create, err);
	if (!s->writer)
		goto fail;
	if (migrate(s, create, err) || check_search_index(s, err) ||
	    chain_backfill(s->writer, err))
		goto fail;
	*out = s;
	return 0;
fail:
	rc = -(int)err->code;
	store_close(s);
	return rc ? rc : -KE_INTERNAL;
}

int store_open(const char *dir, enum store_mode mode, struct store **out,
	       struct kesu_err *err)
{
	return open_dir(dir, mode, 0, out, err);
}

int store_create_node(const char *dir, const char *url, int join, struct store **out,
		      struct kesu_err *err)
{
	*out = NULL;
	char path[4096], *had = NULL;
	snprintf(path, sizeof path, "%s/" DB_FILE, dir);
	if (access(path, F_OK) == 0)
		return kesu_fail(err, KE_CONFLICT, "store",
				 "%s holds a SQLite store: move it with `kesu store copy --from %s --to %s`",
				 dir, dir, "postgresql://...");
	int rc = check_dir(dir, 1, err);
	if (rc)
		return rc;
	int pg = pg_conf_read(dir, &had, err);
	if (pg < 0)
		return pg;
	int same = had && strcmp(had, url) == 0;
	free(had);
	if (pg && !same)
		return kesu_fail(err, KE_CONFLICT, "store",
				 "%s is already a node of another store (see its store.conf)", dir);
	if (!pg && pg_conf_write(dir, url, err))
		return -err->code;
	return open_dir(dir, STORE_CREATE, join, out, err);
}

void store_close(struct store *s)
{
	if (!s)
		return;
	writer_stop(s);
	struct store_conn *c = s->all_readers;
	while (c) {
		struct store_conn *n = c->next_all;
		conn_close(c);
		c = n;
	}
	conn_close(s->writer);
	if (s->lock_fd >= 0)
		close(s->lock_fd);
	pthread_mutex_destroy(&s->pool_mu);
	free(s->db_path);
	free(s->pg_url);
	free(s->dir);
	free(s);
}

int store_schema_version(struct store *s)
{
	return s->schema_version;
}

int store_migrations_applied(struct store *s)
{
	return s->migrations_applied;
}

void store_set_writer_cache(struct store *s, int kib)
{
	char sql[64];
	snprintf(sql, sizeof sql, "PRAGMA cache_size=-%d", kib);
	exec_plain(s->writer, sql, NULL);
}

const unsigned char *store_secret_key(struct store *s)
{
	return s->secret;
}

const unsigned char *store_conn_secret(struct store_conn *c)
{
	return c->store->secret;
}

int store_lock_serve(struct store *s, struct kesu_err *err)
{
	char path[4096];
	snprintf(path, sizeof path, "%s/%s", s->dir, LOCK_FILE);
	int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	if (fd < 0)
		return kesu_fail(err, KE_IO, "", "cannot open %s: %s", path,
				 strerror(errno));
	if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
		close(fd);
		return kesu_fail(err, KE_ADDR_IN_USE, "",
				 "another kesu serve is already using %s", s->dir);
	}
	s->lock_fd = fd;
	return 0;
}

int store_check(struct store *s, int64_t *complaints, int64_t *events,
		struct kesu_err *err)
{
	if (s->pg_url)
		return pg_store_check(s, complaints, events, err);
	struct store_conn *c = s->writer;
	sqlite3_stmt *st;
	char first[200] = "";
	int rc = sqlite3_prepare_v2(c->db, "PRAGMA integrity_check", -1, &st, NULL);
	if (rc != SQLITE_OK)
		return sql_fail(c, rc, "integrity check", err);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *line = (const char *)sqlite3_column_text(st, 0);
		if (strcmp(line, "ok") != 0 && !first[0])
			snprintf(first, sizeof first, "%s", line);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return sql_fail(c, rc, "integrity check", err);
	if (first[0])
		return kesu_fail(err, KE_IO, "", "database damaged: %s", first);
	/* the server indexes new complaints a moment after they are stored
	 * (sqlite_writer.c): what waits is indexed first, so that what is
	 * compared is what a search will find */
	struct kesu_err ignored;
	if (conn_exec_slot(c, S_BEGIN, "BEGIN IMMEDIATE", err) || fts_flush(c, err) ||
	    conn_exec_slot(c, S_COMMIT, "COMMIT", err)) {
		if (conn_in_transaction(c))
			conn_exec_slot(c, S_ROLLBACK, "ROLLBACK", &ignored);
		return -err->code;
	}
	/* rank 1 also compares each index with the rows it was built from */
	char *msg = NULL;
	rc = sqlite3_exec(c->db,
			  "INSERT INTO complaints_fts(complaints_fts, rank) VALUES('integrity-check', 1);"
			  "INSERT INTO kb_articles_fts(kb_articles_fts, rank) VALUES('integrity-check', 1)",
			  NULL, NULL, &msg);
	if (rc != SQLITE_OK) {
		kesu_fail(err, KE_IO, "", "search index inconsistent: %s",
			  msg ? msg : sqlite3_errstr(rc));
		sqlite3_free(msg);
		return -KE_IO;
	}
	if (sqlite3_prepare_v2(c->db,
			       "SELECT (SELECT count(*) FROM complaints), (SELECT count(*) FROM events)",
			       -1, &st, NULL) != SQLITE_OK)
		return sql_fail(c, sqlite3_errcode(c->db), "count", err);
	if (sqlite3_step(st) == SQLITE_ROW) {
		*complaints = sqlite3_column_int64(st, 0);
		*events = sqlite3_column_int64(st, 1);
	}
	sqlite3_finalize(st);
	return 0;
}

int store_is_shared(struct store *s)
{
	return s->pg_url != NULL;
}
