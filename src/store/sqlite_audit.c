/*
 * sqlite_audit.c - the security log (security_events), and the two hash
 * chains that seal it and the complaints' timeline (events, appended in
 * sqlite_events.c). Each record stores the SHA-256 of the record before it
 * and its own hash over a fixed layout, so an altered, removed or inserted
 * record shows when the chain is walked again (store_audit_verify, `kesu
 * audit verify`).
 *
 * The layout, for anyone who wants to check a chain without kesu: SHA-256
 * over "kesu:<table>:v1" NUL, the previous hash (32 zero bytes for the
 * first record), then each column in table order: integers as 8 bytes
 * big-endian, text as a 4-byte big-endian length and the bytes, NULL as
 * length 0xFFFFFFFF.
 */
#include "sqlite_int.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "../util/log.h"

#define HASH_LEN CHAIN_HASH_LEN

enum col_type { C_INT, C_TEXT };

struct chain_def {
	const char *table;
	int ncols; /* after id, before prev_hash */
	enum col_type types[8];
	const char *select; /* id, columns..., prev_hash, hash ORDER BY id */
	enum stmt_slot tail_slot;
	const char *tail; /* the last record's id and hash */
};

static const struct chain_def chains[] = {
	[CHAIN_EVENTS] = {"events", 5, {C_INT, C_INT, C_TEXT, C_TEXT, C_TEXT},
			  "SELECT id, complaint_id, at, actor, kind, data, prev_hash, hash"
			  " FROM events ORDER BY id",
			  S_EVENT_LAST, "SELECT id, hash FROM events ORDER BY id DESC LIMIT 1"},
	[CHAIN_SECURITY] = {"security_events", 6, {C_INT, C_TEXT, C_TEXT, C_TEXT, C_TEXT, C_TEXT},
			    "SELECT id, at, actor, kind, address, target, data, prev_hash, hash"
			    " FROM security_events ORDER BY id",
			    S_SEC_LAST,
			    "SELECT id, hash FROM security_events ORDER BY id DESC LIMIT 1"},
};

static void put_u64(crypto_hash_sha256_state *h, uint64_t v)
{
	unsigned char b[8];
	for (int k = 7; k >= 0; k--, v >>= 8)
		b[k] = (unsigned char)(v & 0xff);
	crypto_hash_sha256_update(h, b, 8);
}

static void record_hash(const struct chain_def *d, const unsigned char prev[HASH_LEN],
			int64_t id, const struct chain_value *v, unsigned char out[HASH_LEN])
{
	crypto_hash_sha256_state h;
	crypto_hash_sha256_init(&h);
	char tag[64];
	int n = snprintf(tag, sizeof tag, "kesu:%s:v1", d->table);
	crypto_hash_sha256_update(&h, (const unsigned char *)tag, (unsigned long long)n + 1);
	crypto_hash_sha256_update(&h, prev, HASH_LEN);
	put_u64(&h, (uint64_t)id);
	for (int i = 0; i < d->ncols; i++) {
		if (d->types[i] == C_INT) {
			put_u64(&h, (uint64_t)v[i].i);
			continue;
		}
		unsigned char len[4];
		uint32_t l = v[i].s ? (uint32_t)v[i].len : 0xffffffffu;
		len[0] = (unsigned char)(l >> 24), len[1] = (unsigned char)(l >> 16);
		len[2] = (unsigned char)(l >> 8), len[3] = (unsigned char)l;
		crypto_hash_sha256_update(&h, len, 4);
		if (v[i].s)
			crypto_hash_sha256_update(&h, (const unsigned char *)v[i].s, v[i].len);
	}
	crypto_hash_sha256_final(&h, out);
}

void chain_text(struct chain_value *v, const char *s)
{
	v->s = s;
	v->len = s ? strlen(s) : 0;
}

int chain_next(struct store_conn *c, enum chain which, const struct chain_value *v, int64_t *id,
	       unsigned char prev[HASH_LEN], unsigned char hash[HASH_LEN], struct kesu_err *err)
{
	const struct chain_def *d = &chains[which];
	/* (Nodes of a PostgreSQL store write in turns, pg.c: the tail read
	 * here is still the tail when the record is inserted, and stays this
	 * transaction's to extend.) */
	unsigned epoch = conn_write_epoch(c);
	if (epoch && c->tails[which].epoch == epoch) {
		*id = c->tails[which].id + 1;
		memcpy(prev, c->tails[which].hash, HASH_LEN);
		record_hash(d, prev, *id, v, hash);
		goto remember;
	}
	struct sql_stmt *st = conn_stmt(c, d->tail_slot, d->tail, err);
	if (!st)
		return -err->code;
	int rc = sql_step(st);
	*id = 1;
	memset(prev, 0, HASH_LEN);
	if (rc == SQLITE_ROW) {
		*id = sql_column_int64(st, 0) + 1;
		if (sql_column_bytes(st, 1) == HASH_LEN)
			memcpy(prev, sql_column_blob(st, 1), HASH_LEN);
		rc = SQLITE_DONE;
	}
	stmt_done(st);
	if (rc != SQLITE_DONE)
		return sql_fail(c, rc, "chain tail", err);
	record_hash(d, prev, *id, v, hash);
remember:
	/* the caller inserts this record next; if it cannot, the failure or
	 * the rollback changes the epoch */
	c->tails[which].epoch = epoch;
	c->tails[which].id = *id;
	memcpy(c->tails[which].hash, hash, HASH_LEN);
	return 0;
}

int store_security_append(struct store_conn *c, struct security_event *e,
			  struct kesu_err *err)
{
	unsigned char prev[HASH_LEN], hash[HASH_LEN];
	struct chain_value v[6] = {{.i = e->at}};
	chain_text(&v[1], e->actor);
	chain_text(&v[2], e->kind);
	chain_text(&v[3], e->address);
	chain_text(&v[4], e->target);
	chain_text(&v[5], e->data);
	if (chain_next(c, CHAIN_SECURITY, v, &e->id, prev, hash, err))
		return -err->code;
	struct sql_stmt *st = conn_stmt(
		c, S_SEC_INSERT,
		"INSERT INTO security_events(id, at, actor, kind, address, target, data,"
		" prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
		err);
	if (!st)
		return -err->code;
	sql_bind_int64(st, 1, e->id);
	sql_bind_int64(st, 2, e->at);
	bind_text(st, 3, e->actor);
	bind_text(st, 4, e->kind);
	bind_text(st, 5, e->address);
	bind_text(st, 6, e->target);
	bind_text(st, 7, e->data);
	sql_bind_blob(st, 8, prev, HASH_LEN, SQLITE_STATIC);
	sql_bind_blob(st, 9, hash, HASH_LEN, SQLITE_STATIC);
	return step_done(c, st, "security event insert", err);
}

int store_security_list(struct store_conn *c, const char *kind, int64_t before_id,
			int limit, struct arena *a, struct security_event **items, int *n,
			struct kesu_err *err)
{
	struct sql_stmt *st =
		kind ? conn_stmt(c, S_SEC_LIST_KIND,
				 "SELECT id, at, actor, kind, address, target, data FROM security_events"
				 " WHERE kind = ? AND id < ? ORDER BY id DESC LIMIT ?",
				 err)
		     : conn_stmt(c, S_SEC_LIST,
				 "SELECT id, at, actor, kind, address, target, data FROM security_events"
				 " WHERE ? IS NULL AND id < ? ORDER BY id DESC LIMIT ?",
				 err);
	if (!st)
		return -err->code;
	bind_text(st, 1, kind);
	sql_bind_int64(st, 2, before_id ? before_id : INT64_MAX);
	sql_bind_int(st, 3, limit);
	*items = arena_alloc(a, sizeof **items * (size_t)limit);
	*n = 0;
	int rc;
	while ((rc = sql_step(st)) == SQLITE_ROW) {
		struct security_event *e = &(*items)[(*n)++];
		e->id = sql_column_int64(st, 0);
		e->at = sql_column_int64(st, 1);
		e->actor = col_text(st, 2, a);
		e->kind = col_text(st, 3, a);
		e->address = col_text(st, 4, a);
		e->target = col_text(st, 5, a);
		e->data = col_text(st, 6, a);
	}
	stmt_done(st);
	return rc == SQLITE_DONE ? 0 : sql_fail(c, rc, "security list", err);
}

/* Reads the columns of one chain row (after id) into v. */
static void row_values(const struct chain_def *d, struct sql_stmt *st, struct chain_value *v)
{
	for (int i = 0; i < d->ncols; i++) {
		if (d->types[i] == C_INT) {
			v[i].i = sql_column_int64(st, i + 1);
		} else {
			v[i].s = (const char *)sql_column_text(st, i + 1);
			v[i].len = v[i].s ? (size_t)sql_column_bytes(st, i + 1) : 0;
		}
	}
}

static int verify_chain(struct store_conn *c, const struct chain_def *d,
			struct audit_report *r, struct kesu_err *err)
{
	memset(r, 0, sizeof *r);
	r->chain = d->table;
	struct sql_stmt *st;
	int rc = sql_prepare_v2(c, d->select, -1, &st, NULL);
	if (rc != SQLITE_OK)
		return sql_fail(c, rc, "audit verify", err);
	unsigned char prev[HASH_LEN] = {0}, want[HASH_LEN];
	int64_t last_id = 0;
	while ((rc = sql_step(st)) == SQLITE_ROW) {
		int64_t id = sql_column_int64(st, 0);
		struct chain_value v[8];
		row_values(d, st, v);
		const void *sp = sql_column_blob(st, d->ncols + 1);
		const void *sh = sql_column_blob(st, d->ncols + 2);
		int ok_sizes = sql_column_bytes(st, d->ncols + 1) == HASH_LEN &&
			       sql_column_bytes(st, d->ncols + 2) == HASH_LEN;
		r->records++;
		if (id != last_id + 1) {
			r->bad_id = last_id + 1;
			snprintf(r->problem, sizeof r->problem,
				 "record %lld is missing (the chain jumps from %lld to %lld)",
				 (long long)(last_id + 1), (long long)last_id, (long long)id);
			break;
		}
		if (!ok_sizes) {
			r->bad_id = id;
			snprintf(r->problem, sizeof r->problem, "record %lld has no hash",
				 (long long)id);
			break;
		}
		if (memcmp(sp, prev, HASH_LEN) != 0) {
			r->bad_id = id;
			snprintf(r->problem, sizeof r->problem,
				 "record %lld does not follow record %lld (one was replaced or removed)",
				 (long long)id, (long long)last_id);
			break;
		}
		record_hash(d, prev, id, v, want);
		if (memcmp(sh, want, HASH_LEN) != 0) {
			r->bad_id = id;
			snprintf(r->problem, sizeof r->problem,
				 "record %lld was altered (its content does not match its hash)",
				 (long long)id);
			break;
		}
		memcpy(prev, sh, HASH_LEN);
		last_id = id;
	}
	sql_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return sql_fail(c, rc, "audit verify", err);
	memcpy(r->head, prev, HASH_LEN);
	return 0;
}

int store_audit_verify(struct store *s, struct audit_report out[2], struct kesu_err *err)
{
	struct store_conn *c = store_reader_get(s, err);
	if (!c)
		return -err->code;
	/* one read transaction: both chains as of the same moment */
	int rc = exec_plain(c, "BEGIN", err);
	if (!rc)
		rc = verify_chain(c, &chains[CHAIN_EVENTS], &out[0], err);
	if (!rc)
		rc = verify_chain(c, &chains[CHAIN_SECURITY], &out[1], err);
	exec_plain(c, "COMMIT", NULL);
	store_reader_put(c);
	return rc;
}

int chain_backfill(struct store_conn *c, struct kesu_err *err)
{
	struct sql_stmt *st;
	int rc = sql_prepare_v2(c, "SELECT 1 FROM events WHERE hash IS NULL LIMIT 1", -1,
				    &st, NULL);
	if (rc != SQLITE_OK)
		return sql_fail(c, rc, "chain backfill", err);
	int todo = sql_step(st) == SQLITE_ROW;
	sql_finalize(st);
	if (!todo)
		return 0;
	if (exec_plain(c, "BEGIN IMMEDIATE", err))
		return -err->code;
	struct sql_stmt *up = NULL;
	rc = sql_prepare_v2(c, chains[CHAIN_EVENTS].select, -1, &st, NULL);
	if (rc == SQLITE_OK)
		rc = sql_prepare_v2(c,
					"UPDATE events SET prev_hash = ?, hash = ? WHERE id = ?", -1,
					&up, NULL);
	unsigned char prev[HASH_LEN] = {0}, hash[HASH_LEN];
	int64_t sealed = 0;
	while (rc == SQLITE_OK && (rc = sql_step(st)) == SQLITE_ROW) {
		int64_t id = sql_column_int64(st, 0);
		if (sql_column_bytes(st, chains[CHAIN_EVENTS].ncols + 2) == HASH_LEN) {
			memcpy(prev, sql_column_blob(st, chains[CHAIN_EVENTS].ncols + 2), HASH_LEN);
			rc = SQLITE_OK;
			continue;
		}
		struct chain_value v[8];
		row_values(&chains[CHAIN_EVENTS], st, v);
		record_hash(&chains[CHAIN_EVENTS], prev, id, v, hash);
		sql_bind_blob(up, 1, prev, HASH_LEN, SQLITE_TRANSIENT);
		sql_bind_blob(up, 2, hash, HASH_LEN, SQLITE_TRANSIENT);
		sql_bind_int64(up, 3, id);
		rc = sql_step(up);
		sql_reset(up);
		memcpy(prev, hash, HASH_LEN);
		sealed++;
		rc = rc == SQLITE_DONE ? SQLITE_OK : rc;
	}
	sql_finalize(st);
	sql_finalize(up);
	if (rc != SQLITE_DONE) {
		exec_plain(c, "ROLLBACK", NULL);
		return sql_fail(c, rc, "chain backfill", err);
	}
	if (exec_plain(c, "COMMIT", err))
		return -err->code;
	log_info("store: sealed %lld timeline records into the hash chain", (long long)sealed);
	return 0;
}
