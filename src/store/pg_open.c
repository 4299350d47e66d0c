/*
 * pg_open.c - a node's data directory for a PostgreSQL store: the address
 * it keeps (store.conf), the key all nodes share, the migrations, and the
 * check of the database.
 *
 * The key seals secrets and derives the portal's tokens, so every node
 * must hold the same one: the first node's `kesu init` makes it and keeps
 * it in the database as well as in its directory; `kesu init --join`
 * copies it from the database into a new node's directory. A node whose
 * key differs from the database's refuses to start.
 */
#include "sqlite_int.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../text/text.h"
#include "../util/clock.h"
#include "../util/embedded.h"
#include "../util/log.h"

#define CONF_FILE "store.conf"
#define KEY_FILE "secret.key"
#define MIGRATIONS "src/store/schema/postgresql/"
/* pg_advisory_lock key: one node migrates at a time ("kesu") */
#define MIGRATE_LOCK "1801812853"

int pg_conf_read(const char *dir, char **url, struct kesu_err *err)
{
	char path[4096], line[2048];
	snprintf(path, sizeof path, "%s/%s", dir, CONF_FILE);
	FILE *f = fopen(path, "r");
	*url = NULL;
	if (!f)
		return errno == ENOENT ? 0 : kesu_fail(err, KE_IO, "", "cannot read %s: %s", path,
						       strerror(errno));
	while (fgets(line, sizeof line, f)) {
		line[strcspn(line, "\r\n")] = '\0';
		if (strncmp(line, "store = ", 8) == 0 && !*url)
			*url = strdup(line + 8);
	}
	fclose(f);
	if (!*url)
		return kesu_fail(err, KE_IO, "", "%s names no store (a line `store = postgresql://...`)",
				 path);
	return 1;
}

int pg_conf_write(const char *dir, const char *url, struct kesu_err *err)
{
	if (strncmp(url, "postgresql://", 13) != 0 && strncmp(url, "postgres://", 11) != 0)
		return kesu_fail(err, KE_USAGE, "store",
				 "must be a PostgreSQL address: postgresql://USER@HOST:PORT/DB");
	if (strchr(url, '\n') || strchr(url, '\r'))
		return kesu_fail(err, KE_USAGE, "store", "must be one line");
	if (mkdir(dir, 0700) != 0 && errno != EEXIST)
		return kesu_fail(err, KE_IO, "", "cannot create %s: %s", dir, strerror(errno));
	char path[4096], tmp[4100];
	snprintf(path, sizeof path, "%s/%s", dir, CONF_FILE);
	snprintf(tmp, sizeof tmp, "%s.new", path);
	/* the address may hold a password: readable by kesu's user alone */
	int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;
	if (!f || fprintf(f, "# kesu node: the store this directory's commands use\nstore = %s\n",
			  url) < 0 ||
	    fflush(f) != 0 || fsync(fileno(f)) != 0) {
		int e = errno;
		if (f)
			fclose(f);
		else if (fd >= 0)
			close(fd);
		return kesu_fail(err, KE_IO, "", "cannot write %s: %s", path, strerror(e));
	}
	fclose(f);
	if (rename(tmp, path) != 0)
		return kesu_fail(err, KE_IO, "", "cannot write %s: %s", path, strerror(errno));
	return 0;
}

/* --- Migrations ---------------------------------------------------------- */

static int migration_number(const struct embedded_file *f)
{
	size_t n = strlen(MIGRATIONS);
	if (strncmp(f->name, MIGRATIONS, n) != 0)
		return 0;
	return atoi(f->name + n);
}

static int was_applied(struct store_conn *c, int v, struct kesu_err *err)
{
	struct sql_stmt *st;
	if (sql_prepare_v2(c, "SELECT 1 FROM schema_migrations WHERE version = ?", -1, &st, NULL))
		return sql_fail(c, conn_errcode(c), "migrations", err), -1;
	sql_bind_int(st, 1, v);
	int rc = sql_step(st);
	sql_finalize(st);
	if (rc == SQLITE_ROW || rc == SQLITE_DONE)
		return rc == SQLITE_ROW;
	return sql_fail(c, rc, "migrations", err), -1;
}

static int highest_applied(struct store_conn *c, int *have, struct kesu_err *err)
{
	struct sql_stmt *st;
	if (sql_prepare_v2(c, "SELECT coalesce(max(version), 0) FROM schema_migrations", -1, &st,
			   NULL))
		return sql_fail(c, conn_errcode(c), "migrations", err);
	int rc = sql_step(st);
	*have = rc == SQLITE_ROW ? sql_column_int(st, 0) : 0;
	sql_finalize(st);
	return rc == SQLITE_ROW ? 0 : sql_fail(c, rc, "migrations", err);
}

static int migrate(struct store *s, int allowed, struct kesu_err *err)
{
	struct store_conn *c = s->writer;
	/* Nodes starting together wait for the one that migrates. */
	if (exec_plain(c, "SELECT pg_advisory_lock(" MIGRATE_LOCK ")", err) ||
	    exec_plain(c,
		       "CREATE TABLE IF NOT EXISTS schema_migrations ("
		       " version BIGINT PRIMARY KEY, name TEXT NOT NULL,"
		       " applied_at BIGINT NOT NULL)",
		       err))
		return -err->code;
	int have = 0, want = 0, rc = 0;
	for (const struct embedded_file *f = embedded_files; f->name; f++)
		if (migration_number(f) > want)
			want = migration_number(f);
	if (highest_applied(c, &have, err))
		goto out;
	if (have > want) {
		rc = kesu_fail(err, KE_IO, "",
			       "the PostgreSQL store has schema version %d but this kesu knows only %d: use a newer kesu",
			       have, want);
		goto out;
	}
	for (int v = 1; v <= want && !rc; v++) {
		const struct embedded_file *f = NULL;
		for (const struct embedded_file *e = embedded_files; e->name; e++)
			if (migration_number(e) == v)
				f = e;
		if (!f)
			continue;
		int done = was_applied(c, v, err);
		if (done < 0) {
			rc = -err->code;
			break;
		}
		if (done)
			continue;
		if (!allowed) {
			rc = kesu_fail(err, KE_IO, "",
				       "the PostgreSQL store lacks schema migration %d (it has %d), this kesu needs %d: run `kesu init --data %s` to upgrade",
				       v, have, want, s->dir);
			break;
		}
		char *sql = malloc(f->size + 1);
		memcpy(sql, f->data, f->size);
		sql[f->size] = '\0';
		rc = exec_plain(c, "BEGIN", err);
		if (!rc)
			rc = exec_plain(c, sql, err);
		free(sql);
		struct sql_stmt *st = NULL;
		if (!rc && sql_prepare_v2(c,
					  "INSERT INTO schema_migrations(version, name, applied_at)"
					  " VALUES (?, ?, ?)",
					  -1, &st, NULL) == SQLITE_OK) {
			sql_bind_int(st, 1, v);
			sql_bind_text(st, 2, f->name + strlen(MIGRATIONS), -1, SQLITE_STATIC);
			sql_bind_int64(st, 3, clock_now_ms());
			int step = sql_step(st);
			if (step != SQLITE_DONE)
				rc = sql_fail(c, step, "migrations", err);
		} else if (!rc) {
			rc = sql_fail(c, conn_errcode(c), "migrations", err);
		}
		sql_finalize(st);
		if (!rc)
			rc = exec_plain(c, "COMMIT", err);
		if (rc) {
			char why[sizeof err->message];
			snprintf(why, sizeof why, "%s", err->message);
			exec_plain(c, "ROLLBACK", NULL);
			rc = kesu_fail(err, err->code ? err->code : KE_INTERNAL, "",
				       "migration %s failed: %s", f->name, why);
			break;
		}
		log_info("store: applied migration %s", f->name);
		s->migrations_applied++;
	}
	if (!rc)
		s->schema_version = want;
out:
	exec_plain(c, "SELECT pg_advisory_unlock(" MIGRATE_LOCK ")", NULL);
	return rc ? rc : (err->code ? -(int)err->code : 0);
}

/* --- The shared key ------------------------------------------------------ */

static void hex(const unsigned char *b, size_t n, char *out)
{
	for (size_t i = 0; i < n; i++)
		sprintf(out + 2 * i, "%02x", b[i]);
}

static int unhex(const char *s, unsigned char *out, size_t n)
{
	if (strlen(s) != 2 * n)
		return -1;
	for (size_t i = 0; i < n; i++) {
		unsigned v;
		if (sscanf(s + 2 * i, "%2x", &v) != 1)
			return -1;
		out[i] = (unsigned char)v;
	}
	return 0;
}

static int write_key_file(const char *path, const unsigned char *key, struct kesu_err *err)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0 || write(fd, key, SECRET_KEY_LEN) != SECRET_KEY_LEN || fsync(fd) != 0) {
		int e = errno;
		if (fd >= 0)
			close(fd);
		return kesu_fail(err, KE_IO, "", "cannot write %s: %s", path, strerror(e));
	}
	close(fd);
	return 0;
}

/* The node's key: its directory's, checked against the database's; made
 * by the first node, copied by a joining one. */
static int node_key(struct store *s, int create, int join, struct kesu_err *err)
{
	char path[4096], in_db[2 * SECRET_KEY_LEN + 8] = "";
	snprintf(path, sizeof path, "%s/%s", s->dir, KEY_FILE);
	int db_has = meta_get(s->writer, "node_key", in_db, sizeof in_db) == 0;
	unsigned char db_key[SECRET_KEY_LEN];
	if (db_has && unhex(in_db, db_key, sizeof db_key))
		return kesu_fail(err, KE_IO, "", "the PostgreSQL store's node key is damaged");
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd >= 0) {
		ssize_t n = read(fd, s->secret, sizeof s->secret);
		close(fd);
		if (n != (ssize_t)sizeof s->secret)
			return kesu_fail(err, KE_IO, "", "%s is damaged (expected %d bytes)", path,
					 SECRET_KEY_LEN);
		if (db_has && memcmp(db_key, s->secret, sizeof db_key) != 0)
			return kesu_fail(err, KE_IO, "",
					 "%s is not this store's key: this directory belongs to another installation (make a node with `kesu init --data DIR --store ... --join`)",
					 path);
		if (!db_has) {
			if (!create)
				return kesu_fail(err, KE_IO, "", "the PostgreSQL store holds no node key: run `kesu init --data %s`", s->dir);
			char h[2 * SECRET_KEY_LEN + 1];
			hex(s->secret, sizeof s->secret, h);
			if (meta_set(s->writer, "node_key", h, err))
				return -err->code;
		}
		return 0;
	}
	if (errno != ENOENT || !create)
		return kesu_fail(err, KE_IO, "", "cannot read %s: %s", path, strerror(errno));
	if (db_has && !join)
		return kesu_fail(err, KE_CONFLICT, "",
				 "this PostgreSQL database already belongs to a kesu installation: add --join to make %s another node of it",
				 s->dir);
	if (!db_has && join)
		return kesu_fail(err, KE_NOT_FOUND, "",
				 "this PostgreSQL database holds no kesu installation to join: leave out --join to make the first node");
	if (db_has) {
		memcpy(s->secret, db_key, sizeof db_key);
	} else {
		char h[2 * SECRET_KEY_LEN + 1];
		ids_random_bytes(s->secret, sizeof s->secret);
		hex(s->secret, sizeof s->secret, h);
		if (meta_set(s->writer, "node_key", h, err))
			return -err->code;
	}
	return write_key_file(path, s->secret, err);
}

/* --- Opening ------------------------------------------------------------- */

/* Rebuilds the search indexes if the folding of text changed since they
 * were written (or they never were). */
static int check_search_index(struct store *s, struct kesu_err *err)
{
	char want[32], have[32] = "";
	snprintf(want, sizeof want, "%016" PRIx64, text_fingerprint());
	meta_get(s->writer, "search_fingerprint", have, sizeof have);
	if (strcmp(want, have) == 0)
		return 0;
	if (have[0])
		log_warn("store: search folding changed, rebuilding the search index");
	if (exec_plain(s->writer, "BEGIN", err))
		return -err->code;
	if ((have[0] && pg_search_rebuild(s->writer, 0, err)) ||
	    meta_set(s->writer, "search_fingerprint", want, err) ||
	    exec_plain(s->writer, "COMMIT", err)) {
		exec_plain(s->writer, "ROLLBACK", NULL);
		return -err->code;
	}
	return 0;
}

int pg_store_open(struct store *s, int create, int join, struct kesu_err *err)
{
	s->writer = conn_open(s, CONN_WRITER, create, err);
	if (!s->writer)
		return -err->code;
	if (migrate(s, create, err) || node_key(s, create, join, err) ||
	    check_search_index(s, err) || chain_backfill(s->writer, err))
		return -err->code;
	return 0;
}

int pg_store_check(struct store *s, int64_t *complaints, int64_t *events, struct kesu_err *err)
{
	struct store_conn *c = s->writer;
	struct kesu_err ignored;
	if (exec_plain(c, "BEGIN", err) || fts_flush(c, err) || exec_plain(c, "COMMIT", err)) {
		exec_plain(c, "ROLLBACK", &ignored);
		return -err->code;
	}
	struct sql_stmt *st;
	if (sql_prepare_v2(c,
			   "SELECT (SELECT count(*) FROM complaints), (SELECT count(*) FROM events),"
			   " (SELECT count(*) FROM complaints_search),"
			   " (SELECT count(*) FROM complaints c WHERE NOT EXISTS"
			   "  (SELECT 1 FROM complaints_search f WHERE f.id = c.id)),"
			   " (SELECT count(*) FROM kb_articles), (SELECT count(*) FROM kb_articles_search)",
			   -1, &st, NULL))
		return sql_fail(c, conn_errcode(c), "check", err);
	int rc = sql_step(st);
	int64_t n[6] = {0};
	for (int i = 0; rc == SQLITE_ROW && i < 6; i++)
		n[i] = sql_column_int64(st, i);
	sql_finalize(st);
	if (rc != SQLITE_ROW)
		return sql_fail(c, rc, "check", err);
	*complaints = n[0];
	*events = n[1];
	if (n[2] != n[0] || n[3])
		return kesu_fail(err, KE_IO, "",
				 "search index inconsistent: %lld complaints, %lld indexed, %lld missing",
				 (long long)n[0], (long long)n[2], (long long)n[3]);
	if (n[4] != n[5])
		return kesu_fail(err, KE_IO, "",
				 "search index inconsistent: %lld articles, %lld indexed", (long long)n[4],
				 (long long)n[5]);
	return 0;
}
