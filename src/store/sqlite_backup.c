/*
 * sqlite_backup.c - copying a data directory's database while a server
 * writes to it, and checking such a copy. kesu backup and kesu restore
 * (src/cli/backup.c) wrap these into one file with the keys.
 *
 * The copy is SQLite's online backup, all of it inside one read
 * transaction of its own connection: in WAL mode a reader neither waits
 * for the writer nor makes it wait, so the copy finishes however fast the
 * server writes, and it is the database as of that transaction's start.
 */
#include "sqlite_int.h"

#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* The source waits this long for a lock only while a server recovers the
 * WAL after a crash; a reader is never kept waiting otherwise. */
#define BACKUP_BUSY_MS 10000
/* Pages a step copies, and how much written data may wait for writeback. */
#define STEP_PAGES 4096
#define WRITEBACK_BYTES (64 << 20)

/* Starts the writeback of what was written to fd since *done, and waits
 * for the stretch before: left to pile up, gigabytes of dirty pages would
 * make every fsync of the running server wait behind them. */
static void writeback(int fd, off_t *done)
{
	struct stat st;
	if (fstat(fd, &st) != 0 || st.st_size - *done < WRITEBACK_BYTES)
		return;
	sync_file_range(fd, *done, st.st_size - *done, SYNC_FILE_RANGE_WRITE);
	if (*done >= WRITEBACK_BYTES)
		sync_file_range(fd, *done - WRITEBACK_BYTES, WRITEBACK_BYTES,
				SYNC_FILE_RANGE_WAIT_BEFORE | SYNC_FILE_RANGE_WRITE |
					SYNC_FILE_RANGE_WAIT_AFTER);
	*done = st.st_size;
}

static int db_fail(sqlite3 *db, const char *what, const char *path, struct kesu_err *err)
{
	return kesu_fail(err, KE_IO, "", "%s %s: %s", what, path,
			 db ? sqlite3_errmsg(db) : "out of memory");
}

static int exec(sqlite3 *db, const char *sql, const char *path, struct kesu_err *err)
{
	if (sqlite3_exec(db, sql, NULL, NULL, NULL) != SQLITE_OK)
		return db_fail(db, "cannot read", path, err);
	return 0;
}

static int count(sqlite3 *db, const char *path, struct store_counts *out, struct kesu_err *err)
{
	sqlite3_stmt *st;
	memset(out, 0, sizeof *out);
	if (sqlite3_prepare_v2(db,
			       "SELECT (SELECT count(*) FROM complaints), (SELECT count(*) FROM events),"
			       " (SELECT count(*) FROM attachments),"
			       " (SELECT coalesce(max(version), 0) FROM schema_migrations)",
			       -1, &st, NULL) != SQLITE_OK)
		return kesu_fail(err, KE_IO, "", "%s is not a kesu database: %s", path,
				 sqlite3_errmsg(db));
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		out->complaints = sqlite3_column_int64(st, 0);
		out->events = sqlite3_column_int64(st, 1);
		out->attachments = sqlite3_column_int64(st, 2);
		out->schema_version = sqlite3_column_int(st, 3);
	}
	sqlite3_finalize(st);
	return rc == SQLITE_ROW ? 0 : db_fail(db, "cannot count the rows of", path, err);
}

int store_backup_copy(const char *dir, const char *dest, struct store_counts *held,
		      struct kesu_err *err)
{
	char src_path[4096];
	snprintf(src_path, sizeof src_path, "%s/kesu.db", dir);
	sqlite3 *src = NULL, *dst = NULL;
	int rc = -KE_IO;
	/* read-write only so that it can join the WAL's shared memory; it
	 * never writes (query_only) and never creates a database */
	if (sqlite3_open_v2(src_path, &src, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL) !=
	    SQLITE_OK) {
		kesu_fail(err, KE_NOT_FOUND, "", "%s holds no kesu database: %s", dir,
			  src ? sqlite3_errmsg(src) : "out of memory");
		goto done;
	}
	sqlite3_busy_timeout(src, BACKUP_BUSY_MS);
	if (sqlite3_open_v2(dest, &dst, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL) !=
	    SQLITE_OK) {
		db_fail(dst, "cannot write", dest, err);
		goto done;
	}
	/* the copy is thrown away if anything fails before the caller has
	 * checked and archived it: syncing it would only cost time */
	if (exec(src, "PRAGMA query_only=1", src_path, err) ||
	    exec(dst, "PRAGMA synchronous=OFF", dest, err) ||
	    exec(src, "BEGIN", src_path, err))
		goto done;
	/* the counts and the copy come from the one read transaction the
	 * count starts, which the backup step below keeps using */
	if (count(src, src_path, held, err))
		goto rollback;
	sqlite3_backup *b = sqlite3_backup_init(dst, "main", src, "main");
	if (!b) {
		db_fail(dst, "cannot copy to", dest, err);
		goto rollback;
	}
	/* In steps, each followed by the writeback of what it wrote. The read
	 * transaction stays open across them, so the source is the same
	 * snapshot throughout and a server's commits never restart the copy
	 * (they would if each step began a transaction of its own). */
	int step, out = open(dest, O_RDONLY | O_CLOEXEC);
	off_t done = 0;
	while ((step = sqlite3_backup_step(b, STEP_PAGES)) == SQLITE_OK)
		if (out >= 0)
			writeback(out, &done);
	if (out >= 0)
		close(out);
	sqlite3_backup_finish(b);
	if (step != SQLITE_DONE) {
		kesu_fail(err, KE_IO, "", "cannot copy %s: %s", src_path, sqlite3_errstr(step));
		goto rollback;
	}
	/* the pages carry the source's WAL mode; the copy is to be one file */
	if (exec(dst, "PRAGMA journal_mode=DELETE", dest, err))
		goto rollback;
	rc = 0;
rollback:
	sqlite3_exec(src, "ROLLBACK", NULL, NULL, NULL);
done:
	sqlite3_close(src);
	if (dst && sqlite3_close(dst) != SQLITE_OK && !rc)
		rc = db_fail(dst, "cannot close", dest, err);
	return rc;
}

int store_backup_verify(const char *path, struct store_counts *found, struct kesu_err *err)
{
	sqlite3 *db = NULL;
	int rc = -KE_IO;
	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, NULL) !=
	    SQLITE_OK) {
		db_fail(db, "cannot open", path, err);
		goto done;
	}
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db, "PRAGMA quick_check", -1, &st, NULL) != SQLITE_OK) {
		kesu_fail(err, KE_IO, "", "%s is damaged: %s", path, sqlite3_errmsg(db));
		goto done;
	}
	char first[200] = "";
	int step;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		const char *line = (const char *)sqlite3_column_text(st, 0);
		if (line && strcmp(line, "ok") != 0 && !first[0])
			snprintf(first, sizeof first, "%s", line);
	}
	sqlite3_finalize(st);
	if (step != SQLITE_DONE)
		kesu_fail(err, KE_IO, "", "%s is damaged: %s", path, sqlite3_errmsg(db));
	else if (first[0])
		kesu_fail(err, KE_IO, "", "%s is damaged: %s", path, first);
	else
		rc = count(db, path, found, err);
done:
	sqlite3_close(db);
	return rc;
}
